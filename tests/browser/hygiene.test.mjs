// hygiene.test.mjs: what no page may make the browser do, over the whole run.
import { incidents, suite } from './lib.mjs';

function none(list, what) {
	if (list.length)
		throw new Error(`${what}:\n${[...new Set(list)].slice(0, 10).join('\n')}`);
}

suite('over the whole run', async (step) => {
	await step('every request went to the stack on 127.0.0.1', () => none(incidents.offsite, 'requests elsewhere'));
	await step('no page opened a dialog', () => none(incidents.dialogs, 'dialogs'));
	await step('no page broke the Content Security Policy', () => none(incidents.csp, 'CSP violations'));
	await step('no script threw', () => none(incidents.pageErrors, 'uncaught errors'));
});
