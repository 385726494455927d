// client.mjs: the client's side of the questionnaire (templates/assess_*),
// as a person answers it: one option per question, section after section.
import { equal, fail, ok, see, submit } from './lib.mjs';

// The questions of the section on the page, each answered by ticking one
// option (chosen by the question's number, so that answers vary).  Records
// what was ticked in answers (question id → option value) and returns how
// many questions the section had.
export async function answerSection(page, answers) {
	const sets = page.locator('fieldset[data-question]');
	const n = await sets.count();
	ok(n > 0, `${page.url()}: a section with no questions`);
	for (let i = 0; i < n; i++) {
		const set = sets.nth(i);
		const qid = await set.getAttribute('data-question');
		const labels = set.locator('label.q-option');
		const count = await labels.count();
		ok(count > 0, `${qid} has no options`);
		const label = labels.nth((Object.keys(answers).length * 3 + 1) % count);
		const pick = label.locator('input');
		// The label, not the input: the click a person makes.
		await label.click();
		ok(await pick.isChecked(), `${qid}: the option clicked is not checked`);
		answers[qid] = await pick.getAttribute('value');
	}
	return n;
}

// Checks that every recorded answer of a question on this page is ticked.
// Returns how many were checked.
export async function expectKept(page, answers) {
	const sets = page.locator('fieldset[data-question]');
	const n = await sets.count();
	let seen = 0;
	for (let i = 0; i < n; i++) {
		const set = sets.nth(i);
		const qid = await set.getAttribute('data-question');
		if (!(qid in answers))
			continue;
		const box = set.locator(`input[value="${answers[qid]}"]`);
		ok(await box.isChecked(), `${page.url()}: the answer to ${qid} (${answers[qid]}) was not kept`);
		seen++;
	}
	return seen;
}

// "Section N of M" on a section page.
export async function sectionOf(page) {
	const m = /Section (\d+) of (\d+)/.exec(await page.locator('.q-bar').innerText());
	if (!m)
		fail(`${page.url()}: no "Section N of M"`);
	return [Number(m[1]), Number(m[2])];
}

// Answers sections from the current one to the last, then opens the review.
export async function answerToReview(page, answers) {
	for (let guard = 0; guard < 100; guard++) {
		await answerSection(page, answers);
		const next = page.getByRole('button', { name: /Next section/ });
		if (await next.count()) {
			const r = await submit(page, next);
			equal(r.redirected, 303, 'POST a section (next)');
			continue;
		}
		const r = await submit(page, page.getByRole('button', { name: /Review and submit/ }));
		equal(r.redirected, 303, 'POST the last section (review)');
		await see(page, page.getByRole('heading', { level: 1, name: 'Review and submit' }));
		return;
	}
	fail('more than 100 sections');
}
