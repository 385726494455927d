// security.test.mjs: forms without their CSRF token, markup in a client's
// name, the admin pages for a consultant, wrong addresses and signing out.
import { clientLink, createAssessment, fillNew } from './consultant.mjs';
import {
	PASSWORD, RUN, equal, heading, incidents, mainText, ok, pageBasics, path, risectl, see,
	shot, signIn, sql, submit, suite, visit,
} from './lib.mjs';

const EVIL = '<script>alert(1)</script>';

suite('security', async (step, env) => {
	const email = `sam-${RUN}@example.com`;
	let page;

	await step('a consultant account is made with risectl', () =>
		risectl('user', 'add', '--email', email, '--password', PASSWORD, '--role', 'consultant',
			'--first', 'Sam', '--last', 'Secure'));

	await step('the consultant signs in', async () => {
		page = await env.person();
		await signIn(page, email);
		equal(path(page), '/', 'path');
	});

	await step('a form without its CSRF token is refused', async () => {
		const name = `No Token ${RUN}`;
		await visit(page, '/assessments/new');
		await fillNew(page, { name, email: `nt-${RUN}@example.com`, business: 'No Token Ltd' });
		await page.evaluate(() => document.querySelectorAll('input[name=csrf]').forEach((e) => e.remove()));
		const r = await submit(page, page.getByRole('button', { name: 'Create assessment' }));
		equal(r.status, 403, 'POST /assessments/new without csrf');
		equal(r.redirected, null, 'no redirect');
		ok((await mainText(page)).length > 0, 'an error page is shown');
		await pageBasics(page);
		await shot(page, 'error-403-csrf');
		await visit(page, '/assessments');
		equal(await page.getByText(name).count(), 0, 'no assessment was created');
	});

	await step('a form with a wrong CSRF token is refused', async () => {
		const name = `Bad Token ${RUN}`;
		await visit(page, '/assessments/new');
		await fillNew(page, { name, email: `bt-${RUN}@example.com`, business: 'Bad Token Ltd' });
		await page.evaluate(() => document.querySelectorAll('form input[name=csrf]').forEach((e) => {
			e.value = `${e.value.slice(0, -2)}xx`;
		}));
		const r = await submit(page, page.getByRole('button', { name: 'Create assessment' }));
		equal(r.status, 403, 'POST /assessments/new with a wrong csrf');
		await visit(page, '/assessments');
		equal(await page.getByText(name).count(), 0, 'no assessment was created');
	});

	await step('the sign-in form without its token is refused', async () => {
		const other = await env.person();
		await visit(other, '/login');
		await other.getByLabel('Email').fill(email);
		await other.getByLabel('Password', { exact: true }).fill(PASSWORD);
		await other.evaluate(() => document.querySelector('input[name=csrf]').remove());
		const r = await submit(other, other.getByRole('button', { name: 'Sign in' }));
		equal(r.status, 403, 'POST /login without csrf');
		const again = await visit(other, '/');
		equal(again.redirected, 303, 'still not signed in');
		equal(path(other), '/login', 'path');
	});

	let link, evilPath;
	await step(`a client named ${EVIL} shows as text`, async () => {
		const before = incidents.dialogs.length;
		evilPath = await createAssessment(page, { name: EVIL, email: `xss-${RUN}@example.com`, business: `${EVIL} & Sons` });
		await see(page, page.getByText(EVIL, { exact: true }).first());
		link = await clientLink(page);
		await visit(page, '/assessments');
		await see(page, page.getByText(EVIL, { exact: true }).first());
		await visit(page, '/');
		const client = await env.person();
		await visit(client, link);
		equal(await heading(client), `Welcome, ${EVIL}`, 'the welcome heading');
		// The name is text: no script element carries it, and nothing ran.
		const scripts = await client.evaluate(() => [...document.scripts].filter((s) => /alert/.test(s.text)).length);
		equal(scripts, 0, 'script elements with alert');
		await client.waitForTimeout(300);
		equal(incidents.dialogs.length, before, 'dialogs opened');
		await client.close();
	});

	await step('a consultant is refused the admin pages', async () => {
		for (const p of ['/admin/users', '/admin/users/new', '/admin/analytics']) {
			const r = await visit(page, p);
			equal(r.status, 403, `GET ${p}`);
		}
		await pageBasics(page);
		await shot(page, 'error-403');
	});

	await step('an unknown address is a 404 page', async () => {
		const r = await visit(page, `/no-such-page-${RUN}`);
		equal(r.status, 404, 'status');
		equal(await heading(page), 'Page not found', 'heading');
		// Unknown paths match no route, so the page does not know who is signed in.
		await see(page, page.getByRole('main').getByRole('link', { name: /Go to sign in|Back to the dashboard/ }));
		await pageBasics(page);
		await shot(page, 'error-404');
	});

	await step('a wrong client link is refused', async () => {
		const client = await env.person();
		const bad = link.replace(/.{6}$/, 'AAAAAA');
		const r = await visit(client, bad);
		equal(r.status, 404, 'status');
		await pageBasics(client);
		await shot(client, 'assess-invalid');
	});

	await step('the consultant deletes an assessment, and its link stops working', async () => {
		await visit(page, evilPath);
		let r = await submit(page, page.getByRole('main').getByRole('link', { name: 'Delete', exact: true }));
		equal(r.status, 200, 'GET the confirmation');
		equal(await heading(page), 'Delete this assessment?', 'heading');
		await see(page, page.getByText(`${EVIL} · xss-${RUN}@example.com`, { exact: true }));
		await pageBasics(page);
		await shot(page, 'assessment-delete');
		r = await submit(page, page.getByRole('button', { name: 'Delete assessment' }));
		equal(r.redirected, 303, 'POST delete');
		equal(path(page), '/assessments', 'path');
		await see(page, 'Assessment deleted.');
		equal(await page.getByText(`${EVIL} & Sons`).count(), 0, 'the deleted assessment is not listed');
		const client = await env.person();
		r = await visit(client, link);
		equal(r.status, 404, 'GET the deleted link');
	});

	await step('an expired link tells the client whom to contact', async () => {
		const p = await createAssessment(page, { name: 'Late Client', email: `late-${RUN}@example.com`, business: `Late Ltd ${RUN}` });
		const late = await clientLink(page);
		const id = p.split('/').pop();
		ok(/^asm_[a-z0-9]+$/.test(id), `assessment id ${id}`);
		equal(await sql(`UPDATE assessments SET expires_at = now() - interval '1 minute' WHERE id = '${id}' RETURNING id`), id, 'psql');
		const client = await env.person();
		const r = await visit(client, late);
		equal(r.status, 410, 'GET the expired link');
		await see(client, 'Sam Secure');
		await pageBasics(client);
		await shot(client, 'assess-expired');
		await visit(page, p);
		await see(page, page.locator('.page-head .badge', { hasText: 'Expired' }));
		await see(page, page.getByText(/This link expired on/));
		await shot(page, 'assessment-expired');
	});

	await step('signing out ends the session', async () => {
		await visit(page, '/');
		const r = await submit(page, page.getByRole('button', { name: 'Sign out' }));
		equal(r.redirected, 303, 'POST /logout');
		equal(path(page), '/login', 'path');
		const again = await visit(page, '/assessments');
		equal(again.redirected, 303, 'GET /assessments after signing out');
		equal(path(page), '/login', 'path');
	});
});
