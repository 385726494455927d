// pages.test.mjs: the admin's remaining pages, after the other suites have
// filled the database: analytics with its charts, the users list filtered,
// a refused new account.
import {
	PASSWORD, RUN, equal, heading, imagesLoaded, ok, pageBasics, path, risectl, see, shot, signIn,
	submit, suite, visit,
} from './lib.mjs';

suite('admin pages', async (step, env) => {
	const admin = `admin2-${RUN}@example.com`;
	let page;

	await step('another admin signs in', async () => {
		await risectl('user', 'add', '--email', admin, '--password', PASSWORD, '--role', 'admin',
			'--first', 'Alex', '--last', 'Admin');
		page = await env.person();
		await signIn(page, admin);
	});

	await step('analytics shows figures and charts for the last days', async () => {
		const r = await visit(page, '/admin/analytics');
		equal(r.status, 200, 'GET /admin/analytics');
		equal(await heading(page), 'Analytics', 'heading');
		await see(page, page.locator('.stat').first());
		await imagesLoaded(page);
		await pageBasics(page);
		await shot(page, 'admin-analytics');
	});

	await step('a period that ends before it starts is explained', async () => {
		await page.getByLabel('From').fill('2026-03-10');
		await page.getByLabel('To').fill('2026-03-01');
		const r = await submit(page, page.getByRole('button', { name: 'Show' }));
		equal(r.status, 400, 'GET /admin/analytics with a reversed period');
		await see(page, page.locator('.error-text').first());
		await shot(page, 'admin-analytics-error');
	});

	await step('the users list filters by status', async () => {
		const gone = `gone-${RUN}@example.com`;
		await risectl('user', 'add', '--email', gone, '--password', PASSWORD, '--role', 'consultant',
			'--first', 'Gone', '--last', 'Away');
		await risectl('user', 'status', '--email', gone, '--status', 'suspended');
		await visit(page, '/admin/users');
		await page.getByLabel('Status').selectOption('suspended');
		const r = await submit(page, page.getByRole('button', { name: 'Apply filters' }));
		equal(r.status, 200, 'GET /admin/users?status=suspended');
		ok(/status=suspended/.test(page.url()), page.url());
		const rows = page.locator('tbody tr');
		const n = await rows.count();
		ok(await rows.filter({ hasText: gone }).count() === 1, `${gone} is listed`);
		for (let i = 0; i < n; i++)
			ok(/Suspended/.test(await rows.nth(i).innerText()), `row ${i} is not suspended`);
		await shot(page, 'admin-users-suspended');
	});

	await step('a new account with a weak password and no name is refused', async () => {
		await visit(page, '/admin/users/new');
		await page.getByLabel('Email').fill(`weak-${RUN}@example.com`);
		await page.getByLabel('Temporary password').fill('weak');
		const r = await submit(page, page.getByRole('button', { name: 'Create account' }));
		equal(r.status, 400, 'POST /admin/users/new');
		await see(page, page.getByRole('alert'));
		equal(await page.getByLabel('Email').inputValue(), `weak-${RUN}@example.com`, 'the email is kept');
		await pageBasics(page);
		await shot(page, 'admin-user-new-errors');
	});

	await step('the admin signs out', async () => {
		await submit(page, page.getByRole('button', { name: 'Sign out' }));
		equal(path(page), '/login', 'path');
	});
});
