// lib.mjs: a tiny sequential test runner and the browser helpers the web UI
// tests share.  No test framework: suites run one after another, their steps
// in order; once a step fails, the rest of its suite is skipped (they build on
// it).  The last line printed is "N passed, N failed, N skipped".
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const URL_BASE = process.argv[2] || process.env.RISE_TEST_URL;
export const RISECTL = process.env.RISE_TEST_RISECTL || 'bin/risectl';
export const SHOTS = process.env.RISE_SCREENSHOTS || '';
const FAILURES = process.env.RISE_BROWSER_FAILURES || '';
const CHROMIUM = process.env.RISE_CHROMIUM || '/usr/bin/chromium';

export const STEP_MS = 30_000;	// one step, unless it says otherwise
export const ACTION_MS = 10_000;	// one click, fill or wait for text
export const NAV_MS = 15_000;	// one page load
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 360, height: 740 };

// A name no earlier run used, for accounts and assessments.
export const RUN = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
export const PASSWORD = 'Browser-Test-9!';

const counts = { passed: 0, failed: 0, skipped: 0 };
const suites = [];
// What the browser did that no page should make it do; checked at the end.
export const incidents = { offsite: [], dialogs: [], csp: [], pageErrors: [] };
export const overflow = [];	// pages wider than the phone viewport

function log(line) {
	process.stdout.write(`${line}\n`);
}

// Thrown by a step that cannot run here; counted as skipped, not failed.
export class Skip extends Error {}

export function fail(msg) {
	throw new Error(msg);
}

export function ok(cond, msg) {
	if (!cond)
		throw new Error(msg);
}

export function equal(got, want, what) {
	if (got !== want)
		throw new Error(`${what}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
}

// Rejects after ms, so that no step can hang the run.
function bounded(promise, ms, what) {
	let timer;
	return Promise.race([
		promise,
		new Promise((_, reject) => {
			timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms);
		}),
	]).finally(() => clearTimeout(timer));
}

// suite('name', async (step) => { await step('does x', async () => ...) }).
export function suite(name, body) {
	suites.push({ name, body });
}

let failureNo = 0;
async function saveFailure(pages, label) {
	if (!FAILURES)
		return;
	mkdirSync(FAILURES, { recursive: true });
	for (const [i, page] of pages.entries()) {
		if (page.isClosed())
			continue;
		const base = join(FAILURES, `${++failureNo}-${label.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 60)}-${i}`);
		try {
			await bounded(page.screenshot({ path: `${base}.png`, fullPage: true }), 5000, 'screenshot');
			writeFileSync(`${base}.html`, `<!-- ${page.url()} -->\n${await bounded(page.content(), 5000, 'content')}`);
			log(`#   saved ${base}.png and .html`);
		} catch { /* the page may be gone */ }
	}
}

export async function runAll() {
	if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(URL_BASE || '')) {
		log('usage: node run.mjs http://127.0.0.1:PORT');
		log('0 passed, 1 failed');
		return 1;
	}
	// The stack must serve the sign-in page before anything else is worth trying.
	try {
		const res = await fetch(`${URL_BASE}/login`, { signal: AbortSignal.timeout(10_000) });
		if (res.status !== 200)
			throw new Error(`status ${res.status}`);
	} catch (e) {
		log(`not ok - the web UI answers at ${URL_BASE}/login: ${e.message}`);
		log('0 passed, 1 failed');
		return 1;
	}
	const browser = await launch();
	try {
		for (const s of suites) {
			const env = new Env(browser, s.name);
			let broken = false;
			const step = async (title, fn, ms = STEP_MS) => {
				const label = `${s.name} › ${title}`;
				if (broken) {
					counts.skipped++;
					log(`ok - ${label} # SKIP an earlier step of this suite failed`);
					return;
				}
				const t0 = Date.now();
				try {
					await bounded(Promise.resolve().then(fn), ms, label);
					counts.passed++;
					log(`ok - ${label} (${Date.now() - t0} ms)`);
				} catch (e) {
					if (e instanceof Skip) {
						counts.skipped++;
						log(`ok - ${label} # SKIP ${e.message}`);
						return;
					}
					broken = true;
					counts.failed++;
					log(`not ok - ${label} (${Date.now() - t0} ms)`);
					for (const line of String(e && e.stack || e).replace(/\x1b\[[0-9;]*m/g, '').split('\n').slice(0, 14))
						log(`#   ${line}`);
					await saveFailure(env.pages(), label);
				}
			};
			log(`# ${s.name}`);
			try {
				await s.body(step, env);
			} catch (e) {
				counts.failed++;
				log(`not ok - ${s.name} (outside a step): ${e && e.stack || e}`);
			}
			await env.close();
		}
	} finally {
		await bounded(browser.close(), 15_000, 'closing the browser').catch((e) => log(`# ${e.message}`));
	}
	if (overflow.length) {
		log(`# too wide at ${PHONE.width} px (see the screenshots):`);
		for (const o of overflow)
			log(`#   ${o}`);
	}
	log(`${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
	return counts.failed ? 1 : 0;
}

async function launch() {
	return chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		timeout: 30_000,
		// Playwright adds --headless and a new empty --user-data-dir (in TMPDIR).
		args: [
			'--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
			'--disable-background-networking', '--disable-component-update',
			'--disable-sync', '--disable-dev-shm-usage',
			// Nothing but the stack on 127.0.0.1 is ever looked up.
			'--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
		],
	});
}

let clientNo = 0;
const ipBase = `127.${1 + Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

// The contexts of one suite: each is a separate browser profile in memory
// (its own cookies), like a different person on a different machine.
export class Env {
	constructor(browser, name) {
		this.browser = browser;
		this.name = name;
		this.contexts = [];
	}

	pages() {
		return this.contexts.flatMap((c) => c.pages());
	}

	// A fresh context and its page.  Each context sends its own
	// X-Forwarded-For (a loopback address), which the test stack believes
	// from 127.0.0.1, so that every person has their own rate limits.
	async person() {
		const context = await this.browser.newContext({
			baseURL: URL_BASE,
			viewport: DESKTOP,
			acceptDownloads: true,
			extraHTTPHeaders: { 'X-Forwarded-For': `${ipBase}.${++clientNo}` },
		});
		context.setDefaultTimeout(ACTION_MS);
		context.setDefaultNavigationTimeout(NAV_MS);
		context.on('request', (req) => {
			const u = new URL(req.url());
			if (!['http:', 'https:', 'ws:', 'wss:'].includes(u.protocol))
				return;	// data:, blob:
			if (u.hostname !== '127.0.0.1')
				incidents.offsite.push(req.url());
		});
		context.on('page', (p) => watch(p));
		const page = await context.newPage();
		this.contexts.push(context);
		return page;
	}

	async close() {
		for (const c of this.contexts)
			await bounded(c.close(), 10_000, 'closing a context').catch(() => {});
		this.contexts = [];
	}
}

function watch(page) {
	page.on('dialog', (d) => {
		incidents.dialogs.push(`${d.type()}: ${d.message()} (${page.url()})`);
		d.dismiss().catch(() => {});
	});
	page.on('console', (m) => {
		if (m.type() === 'error' && /Content.Security.Policy/i.test(m.text()))
			incidents.csp.push(`${page.url()}: ${m.text()}`);
	});
	page.on('pageerror', (e) => incidents.pageErrors.push(`${page.url()}: ${e.message}`));
}

// Runs action (a click, a goto) and waits for the document it leads to,
// following redirects.  Returns { status, url, redirected } of that final
// document, with redirected the status of the first response in the chain
// (303 after a form) or null.
export async function load(page, action) {
	const final = page.waitForResponse((r) => {
		const req = r.request();
		return req.isNavigationRequest() && req.frame() === page.mainFrame() &&
			!(r.status() >= 300 && r.status() < 400);
	}, { timeout: NAV_MS });
	final.catch(() => {});	// awaited below, unless action throws
	await action();
	const resp = await final;
	await page.waitForLoadState('load');
	let first = resp.request();
	while (first.redirectedFrom())
		first = first.redirectedFrom();
	const firstResp = first === resp.request() ? null : await first.response();
	return { status: resp.status(), url: page.url(), redirected: firstResp ? firstResp.status() : null };
}

export function visit(page, path) {
	return load(page, () => page.goto(path, { waitUntil: 'commit' }));
}

// Clicks the button (a Locator) of a form and waits for the next page.
export function submit(page, button) {
	return load(page, () => button.click());
}

export function path(page) {
	return new URL(page.url()).pathname;
}

export async function see(page, text, ms = ACTION_MS) {
	const loc = typeof text === 'string' || text instanceof RegExp ? page.getByText(text).first() : text;
	try {
		await loc.waitFor({ state: 'visible', timeout: ms });
	} catch {
		fail(`${page.url()}: ${text} is not shown; the page says: ${(await mainText(page)).slice(0, 400)}`);
	}
	return loc;
}

export async function heading(page) {
	return (await page.locator('h1').first().innerText({ timeout: ACTION_MS })).trim();
}

export async function mainText(page) {
	try {
		return (await page.locator('main').innerText({ timeout: 2000 })).replace(/\s+/g, ' ').trim();
	} catch {
		return '';
	}
}

export function risectl(...args) {
	return new Promise((resolve, reject) => {
		execFile(RISECTL, args, { timeout: 20_000 }, (err, stdout, stderr) => {
			if (err)
				reject(new Error(`risectl ${args.slice(0, 2).join(' ')}: ${err.message} ${stderr}`));
			else
				resolve(stdout);
		});
	});
}

// Runs one SQL statement as the schema owner, as the API tests do, for
// what no page can do (an assessment past its expiry).  Needs the stack's
// RISE_DB_* settings (scripts/test-api.sh exports them); Skip otherwise.
export function sql(statement) {
	const env = process.env;
	if (!env.RISE_DB_HOST)
		throw new Skip('RISE_DB_HOST is not set');
	return new Promise((resolve, reject) => {
		execFile('psql', ['-h', env.RISE_DB_HOST, '-p', env.RISE_DB_PORT || '5432',
			'-U', env.RISE_DB_ADMIN_USER || 'rise_admin', '-d', env.RISE_DB_NAME || 'rise',
			'-qAtX', '-v', 'ON_ERROR_STOP=1', '-c', statement], { timeout: 20_000 }, (err, stdout, stderr) => {
			if (err)
				reject(new Error(`psql: ${err.message} ${stderr}`));
			else
				resolve(stdout.trim());
		});
	});
}

export async function signIn(page, email, password = PASSWORD) {
	await visit(page, '/login');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password', { exact: true }).fill(password);
	const r = await submit(page, page.getByRole('button', { name: 'Sign in' }));
	equal(r.redirected, 303, `signing in as ${email}: the POST's status`);
	return r;
}

// Checks what the docs promise of every page, with no account of who made
// it: one h1, every visible input labelled.
export async function pageBasics(page) {
	const h1 = await page.locator('h1').count();
	equal(h1, 1, `${path(page)}: number of h1`);
	const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea')]
		.filter((el) => el.type !== 'hidden' && el.type !== 'submit' && el.type !== 'button')
		.filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') &&
			!el.getAttribute('aria-labelledby') && !el.closest('label'))
		.map((el) => el.name || el.id || el.outerHTML.slice(0, 60)));
	ok(unlabelled.length === 0, `${path(page)}: inputs without a label: ${unlabelled.join(', ')}`);
}

// Every <img> on the page loaded (a chart is a PNG from the server).
export async function imagesLoaded(page) {
	await page.waitForLoadState('load');
	const broken = await page.evaluate(() => [...document.images]
		.filter((i) => !i.complete || i.naturalWidth === 0).map((i) => i.getAttribute('src')));
	ok(broken.length === 0, `${path(page)}: images that did not load: ${broken.join(', ')}`);
}

// With RISE_SCREENSHOTS set, saves the page at desktop and at phone width
// as <name>-desktop.png and <name>-phone.png, and notes a page wider than
// the phone.  A no-op otherwise.
const shotNames = new Set();
export async function shot(page, name) {
	if (!SHOTS)
		return;
	let n = name, i = 1;
	while (shotNames.has(n))
		n = `${name}-${++i}`;
	shotNames.add(n);
	const size = page.viewportSize();
	await page.waitForLoadState('load');
	// From the top, so that a sticky bar is drawn where a visitor first sees
	// it, and with no hover effect where the last click was.
	await page.mouse.move(0, 0);
	await page.evaluate(() => window.scrollTo(0, 0));
	await page.screenshot({ path: join(SHOTS, `${n}-desktop.png`), fullPage: true, timeout: 15_000 });
	await page.setViewportSize(PHONE);
	try {
		await page.evaluate(() => window.scrollTo(0, 0));
		const wide = await page.evaluate(() => document.documentElement.scrollWidth);
		if (wide > PHONE.width) {
			const culprits = await page.evaluate((w) => [...document.querySelectorAll('body *')]
				.filter((el) => el.getBoundingClientRect().right > w + 1)
				.filter((el) => !(el.parentElement && el.parentElement.getBoundingClientRect().right > w + 1))
				.slice(0, 5)
				.map((el) => el.tagName.toLowerCase() + (el.className ? `.${String(el.className).split(/\s+/).join('.')}` : '')),
			PHONE.width);
			overflow.push(`${n}: ${wide} px wide at ${PHONE.width} (${culprits.join(', ')})`);
		}
		// Content cut off inside a box that scrolls sideways (a wide table).
		const clipped = await page.evaluate(() => [...document.querySelectorAll('body *')]
			// Not the 1-pixel boxes of visually hidden text.
			.filter((el) => el.clientWidth > 40 && el.scrollWidth > el.clientWidth + 1 &&
				['auto', 'scroll', 'hidden'].includes(getComputedStyle(el).overflowX) &&
				!['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName))
			.map((el) => `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(/\s+/).join('.')}` : ''}` +
				` (${el.scrollWidth} px in ${el.clientWidth})`));
		for (const c of clipped)
			overflow.push(`${n}: ${c} scrolls sideways at ${PHONE.width} px`);
		await page.screenshot({ path: join(SHOTS, `${n}-phone.png`), fullPage: true, timeout: 15_000 });
	} finally {
		await page.setViewportSize(size || DESKTOP);
	}
}

export function writeShotIndex() {
	if (!SHOTS)
		return;
	writeFileSync(join(SHOTS, 'index.txt'),
		[...shotNames].map((n) => `${n}-desktop.png ${n}-phone.png`).join('\n') + '\n' +
		(overflow.length ? `\nToo wide at ${PHONE.width} px:\n${overflow.join('\n')}\n` : ''));
}
