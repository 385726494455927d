// flow.test.mjs: the whole story of issue 5, as the people in it see it.
import { answerSection, answerToReview, expectKept, sectionOf } from './client.mjs';
import { clientLink, downloadReport, fillNew } from './consultant.mjs';
import {
	PASSWORD, RUN, URL_BASE, equal, heading, imagesLoaded, ok, pageBasics, path, risectl, see,
	shot, signIn, submit, suite, visit,
} from './lib.mjs';

suite('admin, consultant and client', async (step, env) => {
	const admin = `admin-${RUN}@example.com`;
	const consultant = { first: 'Casey', last: `Browser ${RUN}`, email: `casey-${RUN}@example.com` };
	const consultantName = `${consultant.first} ${consultant.last}`;
	const client = { name: 'Jordan Client', email: `jordan-${RUN}@example.com`, business: `Harbour Bakery ${RUN}` };
	let adminPage, cPage, clientPage, link;
	const answers = {};

	await step('an admin account is made with risectl', () =>
		risectl('user', 'add', '--email', admin, '--password', PASSWORD, '--role', 'admin',
			'--first', 'Ada', '--last', 'Admin'));

	await step('a visitor who is not signed in is sent to the sign-in page', async () => {
		adminPage = await env.person();
		const r = await visit(adminPage, '/');
		equal(r.redirected, 303, 'GET / status');
		equal(path(adminPage), '/login', 'path');
		equal(r.status, 200, 'GET /login status');
		equal(await heading(adminPage), 'Sign in', 'heading');
		await pageBasics(adminPage);
		await shot(adminPage, 'login');
	});

	await step('the admin signs in and sees the admin menu', async () => {
		await signIn(adminPage, admin);
		equal(path(adminPage), '/', 'path after sign-in');
		equal(await heading(adminPage), 'Welcome back, Ada', 'heading');
		await see(adminPage, adminPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }));
		await pageBasics(adminPage);
		await shot(adminPage, 'dashboard-admin');
	});

	await step('the admin creates a consultant account', async () => {
		let r = await visit(adminPage, '/admin/users');
		equal(r.status, 200, 'GET /admin/users');
		await pageBasics(adminPage);
		await shot(adminPage, 'admin-users');
		r = await submit(adminPage, adminPage.getByRole('link', { name: 'New user' }));
		equal(path(adminPage), '/admin/users/new', 'path');
		equal(await heading(adminPage), 'New user', 'heading');
		await pageBasics(adminPage);
		await shot(adminPage, 'admin-user-new');
		await adminPage.getByLabel('First name').fill(consultant.first);
		await adminPage.getByLabel('Last name').fill(consultant.last);
		await adminPage.getByLabel('Email').fill(consultant.email);
		await adminPage.getByRole('radio', { name: /^Consultant/ }).check();
		await adminPage.getByLabel('Temporary password').fill(PASSWORD);
		r = await submit(adminPage, adminPage.getByRole('button', { name: 'Create account' }));
		equal(r.redirected, 303, 'POST /admin/users/new status');
		equal(path(adminPage), '/admin/users', 'path after creating');
		await see(adminPage, 'Account created.');
		const row = adminPage.getByRole('row').filter({ hasText: consultant.email });
		await see(adminPage, row);
		ok(/Consultant/.test(await row.innerText()) && /Active/.test(await row.innerText()),
			`the new row says: ${await row.innerText()}`);
		await pageBasics(adminPage);
		await shot(adminPage, 'admin-users-created');
	});

	await step('the consultant signs in', async () => {
		cPage = await env.person();
		await signIn(cPage, consultant.email);
		equal(path(cPage), '/', 'path after sign-in');
		const nav = cPage.getByRole('navigation', { name: 'Main' });
		await see(cPage, nav.getByRole('link', { name: 'Assessments' }));
		equal(await nav.getByRole('link', { name: 'Users' }).count(), 0, 'a consultant sees no Users link');
		await see(cPage, 'No assessments yet');
		await pageBasics(cPage);
		await shot(cPage, 'dashboard-empty');
	});

	let asmPath;
	await step('the consultant creates an assessment and sees its client link', async () => {
		let r = await submit(cPage, cPage.getByRole('main').getByRole('link', { name: 'New assessment' }));
		equal(path(cPage), '/assessments/new', 'path');
		equal(await heading(cPage), 'New assessment', 'heading');
		await pageBasics(cPage);
		await shot(cPage, 'assessment-new');
		await fillNew(cPage, { ...client, industry: 'Food and drink' });
		r = await submit(cPage, cPage.getByRole('button', { name: 'Create assessment' }));
		equal(r.redirected, 303, 'POST /assessments/new');
		asmPath = path(cPage);
		ok(/^\/assessments\/[^/]+$/.test(asmPath), `the new assessment's page: ${asmPath}`);
		await see(cPage, 'Assessment created.');
		// The page is titled by the client or the business, and names both.
		const h1 = await heading(cPage);
		ok([client.name, client.business].includes(h1), `heading ${JSON.stringify(h1)}`);
		await see(cPage, cPage.locator('.page-head').getByText(h1 === client.name ? client.business : client.name, { exact: true }));
		await see(cPage, cPage.locator('.page-head .badge', { hasText: 'Pending' }));
		link = await clientLink(cPage);
		ok(link.startsWith(`${URL_BASE}/assess/`), `the link ${link} is on this server`);
		await pageBasics(cPage);
		await shot(cPage, 'assessment-pending');
	});

	await step('the assessment is listed', async () => {
		const r = await submit(cPage, cPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Assessments' }));
		equal(r.status, 200, 'GET /assessments');
		const row = cPage.getByRole('row').filter({ hasText: client.business });
		await see(cPage, row);
		ok(/Pending/.test(await row.innerText()), `the row says ${await row.innerText()}`);
		await pageBasics(cPage);
		await shot(cPage, 'assessments');
	});

	await step('the client opens the link in a fresh browser', async () => {
		clientPage = await env.person();
		const r = await visit(clientPage, link);
		equal(r.status, 200, 'GET the link');
		equal(await heading(clientPage), `Welcome, ${client.name}`, 'heading');
		await see(clientPage, client.business);
		await pageBasics(clientPage);
		await shot(clientPage, 'assess-welcome');
	});

	let total = 0;
	await step('the client answers half of the questions', async () => {
		total = Number(await clientPage.locator('.q-facts dt:text-is("Questions") + dd').innerText());
		ok(total > 10, `the welcome page counts ${total} questions`);
		let r = await submit(clientPage, clientPage.getByRole('link', { name: 'Start the questionnaire' }));
		equal(r.status, 200, 'GET section 1');
		equal((await sectionOf(clientPage))[0], 1, 'the first section');
		await pageBasics(clientPage);
		await shot(clientPage, 'assess-section');
		let answered = 0;
		for (;;) {
			answered += await answerSection(clientPage, answers);
			if (answered >= total / 2)
				break;
			r = await submit(clientPage, clientPage.getByRole('button', { name: /Next section/ }));
			equal(r.redirected, 303, 'POST a section');
		}
		// This section's answers are saved by the page's script, not the form.
		await see(clientPage, clientPage.getByRole('status').filter({ hasText: /^Saved\b/ }), 5000);
		await pageBasics(clientPage);
		await shot(clientPage, 'assess-section-saved');
	});

	await step('after a reload the answers are still there', async () => {
		const [here] = await sectionOf(clientPage);
		const r = await clientPage.reload();
		equal(r.status(), 200, 'reload');
		equal((await sectionOf(clientPage))[0], here, 'the same section');
		ok(await expectKept(clientPage, answers) > 0, 'this section had answers');
		// The link again, as a client coming back tomorrow.
		await visit(clientPage, link);
		equal(await heading(clientPage), `Welcome back, ${client.name}`, 'heading');
		const pct = Number(await clientPage.locator('.q-resume progress').getAttribute('value'));
		ok(pct >= 40 && pct < 100, `progress ${pct}% after half`);
		await pageBasics(clientPage);
		await shot(clientPage, 'assess-welcome-back');
		await submit(clientPage, clientPage.getByRole('link', { name: 'Go to the first section' }));
		ok(await expectKept(clientPage, answers) > 0, 'section 1 had answers');
	});

	await step('the client answers the rest and submits', async () => {
		await visit(clientPage, link);
		await submit(clientPage, clientPage.getByRole('link', { name: 'Continue where you left off' }));
		const [from] = await sectionOf(clientPage);
		ok(from > 1, `resumes at section ${from}`);
		await answerToReview(clientPage, answers);
		equal(Object.keys(answers).length, total, 'questions answered');
		await see(clientPage, 'Every required question is answered.');
		await pageBasics(clientPage);
		await shot(clientPage, 'assess-review');
		const r = await submit(clientPage, clientPage.getByRole('button', { name: 'Submit my answers' }));
		equal(r.redirected, 303, 'POST submit');
		ok(path(clientPage).endsWith('/done'), `path ${path(clientPage)}`);
		equal(await heading(clientPage), `Thank you, ${client.name}`, 'heading');
		await pageBasics(clientPage);
		await shot(clientPage, 'assess-done');
		// The link now only thanks.
		await visit(clientPage, link);
		await see(clientPage, clientPage.getByRole('heading', { level: 1, name: 'Your answers are already in' }));
	});

	await step('the consultant sees the results', async () => {
		const r = await visit(cPage, asmPath);
		equal(r.status, 200, `GET ${asmPath}`);
		await see(cPage, cPage.locator('.page-head .badge', { hasText: 'Completed' }));
		await see(cPage, cPage.getByRole('heading', { name: 'Results', exact: true }));
		for (const term of ['Primary style', 'Primary phase']) {
			const dd = cPage.locator(`dt:text-is("${term}") + dd`);
			ok((await dd.innerText()).trim().length > 0, `${term} is empty`);
		}
		equal(await cPage.locator('img.chart').count(), 2, 'charts');
		await imagesLoaded(cPage);
		await see(cPage, cPage.locator('progress[value="100"]').first());
		await pageBasics(cPage);
		await shot(cPage, 'assessment-completed');
	});

	await step('the consultant keeps a note on the assessment', async () => {
		await cPage.locator('#notes').fill('Call on Tuesday about cash flow.');
		const r = await submit(cPage, cPage.getByRole('button', { name: 'Save notes' }));
		equal(r.redirected, 303, 'POST notes');
		await see(cPage, 'Changes saved.');
		equal((await cPage.locator('#notes').inputValue()).trim(), 'Call on Tuesday about cash flow.', 'the note');
	});

	for (const kind of ['consultant', 'client']) {
		await step(`the consultant generates and downloads the ${kind} report`, async () => {
			const pdf = await downloadReport(cPage, kind);
			ok(pdf.subarray(0, 5).toString('latin1') === '%PDF-', `the ${kind} report starts with ${JSON.stringify(pdf.subarray(0, 8).toString('latin1'))}`);
			ok(pdf.length > 10 * 1024, `the ${kind} report has only ${pdf.length} bytes`);
			await pageBasics(cPage);
			if (kind === 'client')
				await shot(cPage, 'assessment-reports');
		}, 90_000);
	}

	await step('the consultant sees the dashboard and the profile', async () => {
		await visit(cPage, '/');
		equal(await heading(cPage), `Welcome back, ${consultant.first}`, 'heading');
		await see(cPage, cPage.getByRole('link', { name: client.name }).or(cPage.getByRole('link', { name: client.business })).first());
		await pageBasics(cPage);
		await shot(cPage, 'dashboard-consultant');
		await visit(cPage, '/profile');
		equal(await heading(cPage), 'Your profile', 'heading');
		await see(cPage, consultant.email);
		await pageBasics(cPage);
		await shot(cPage, 'profile');
	});

	await step('the admin suspends the consultant', async () => {
		await visit(adminPage, '/admin/users');
		const row = adminPage.getByRole('row').filter({ hasText: consultant.email });
		const r = await submit(adminPage, row.getByRole('button', { name: `Suspend ${consultantName}` }));
		equal(r.redirected, 303, 'POST /admin/users/:id status');
		await see(adminPage, 'Account suspended.');
		ok(/Suspended/.test(await adminPage.getByRole('row').filter({ hasText: consultant.email }).innerText()),
			'the row says Suspended');
	});

	await step("the consultant's next page load goes to sign-in", async () => {
		const r = await visit(cPage, '/assessments');
		equal(r.redirected, 303, 'GET /assessments status');
		equal(path(cPage), '/login', 'path');
		equal(await heading(cPage), 'Sign in', 'heading');
	});

	await step('the suspended consultant cannot sign in again', async () => {
		await cPage.getByLabel('Email').fill(consultant.email);
		await cPage.getByLabel('Password', { exact: true }).fill(PASSWORD);
		const r = await submit(cPage, cPage.getByRole('button', { name: 'Sign in' }));
		ok(r.status >= 400, `POST /login status ${r.status}`);
		equal(path(cPage), '/login', 'path');
		await see(cPage, cPage.getByRole('alert'));
		await pageBasics(cPage);
		await shot(cPage, 'login-refused');
	});
});
