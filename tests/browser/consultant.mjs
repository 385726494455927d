// consultant.mjs: what a consultant does on the assessment pages
// (templates/assessment_new.html, assessment.html).
import { readFileSync } from 'node:fs';

import { equal, ok, path, see, submit, visit } from './lib.mjs';

// Fills and sends the new-assessment form; leaves the page on the new
// assessment's page and returns its path.
export async function createAssessment(page, a) {
	const r0 = await visit(page, '/assessments/new');
	equal(r0.status, 200, 'GET /assessments/new');
	await fillNew(page, a);
	const r = await submit(page, page.getByRole('button', { name: 'Create assessment' }));
	equal(r.redirected, 303, 'POST /assessments/new');
	ok(/^\/assessments\/[^/]+$/.test(path(page)), `after creating: ${page.url()}`);
	await see(page, 'Assessment created.');
	return path(page);
}

export async function fillNew(page, a) {
	await page.getByLabel('Client name').fill(a.name);
	await page.getByLabel('Client email').fill(a.email);
	await page.getByLabel('Business name').fill(a.business);
	if (a.industry)
		await page.getByLabel('Industry').fill(a.industry);
}

// The client's link as the assessment page shows it.
export async function clientLink(page) {
	const field = page.locator('.copy-field input, input[readonly]').first();
	const link = await field.inputValue();
	ok(/^http:\/\/[^/]+\/assess\/[A-Za-z0-9_-]+$/.test(link), `the client link: ${link}`);
	return link;
}

// Generates the report of kind (consultant or client) on the assessment's
// page, reloads the page as a person would until the report is ready (the
// workers make it), downloads it with its link and returns the file.
export async function downloadReport(page, kind) {
	const here = path(page);
	const r = await submit(page, page.getByRole('button', { name: `Generate ${kind} report` }));
	equal(r.redirected, 303, `POST the ${kind} report`);
	await see(page, 'Report requested.');
	const title = kind === 'consultant' ? 'Consultant report' : 'Client report';
	// The reports are listed newest first, as table rows or list items,
	// each starting with its title.
	const row = () => page.locator('#reports').locator('tr, li')
		.filter({ hasText: new RegExp(`^\\s*${title}`) }).first();
	const deadline = Date.now() + 60_000;
	for (;;) {
		const text = (await row().innerText()).replace(/\s+/g, ' ');
		if (/\bReady\b/.test(text))
			break;
		ok(!/\bFailed\b/.test(text), `the ${kind} report failed: ${text}`);
		ok(Date.now() < deadline, `the ${kind} report is not ready after 60 s: ${text}`);
		await page.waitForTimeout(1000);
		await visit(page, here);
	}
	const [download] = await Promise.all([
		page.waitForEvent('download', { timeout: 15_000 }),
		row().getByRole('link', { name: /Download PDF/ }).click(),
	]);
	ok(/\.pdf$/i.test(download.suggestedFilename()), `file name ${download.suggestedFilename()}`);
	const file = await download.path();
	ok(file, `the download failed: ${await download.failure()}`);
	return readFileSync(file);
}
