// browser.mjs — Debian's chromium driven by playwright-core (never a
// downloaded browser), screenshots at phone and desktop widths, and a check
// for script errors and CSP violations.
import { chromium } from 'playwright-core';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { REPO_ROOT } from './server.mjs';

export const CHROMIUM = process.env.PLEIN_CHROMIUM || '/usr/bin/chromium';
export const SCREENSHOTS = join(REPO_ROOT, 'tests/out/screenshots');
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };

export async function launch() {
	return chromium.launch({
		executablePath: CHROMIUM,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
			'--disable-sync', '--no-first-run'],
	});
}

/**
 * A new context + page. Collects page errors, failed requests and console
 * errors (CSP violations show up there) in page.problems.
 */
export async function newPage(browser, { locale = 'en-US', baseURL } = {}) {
	const context = await browser.newContext({ locale, viewport: DESKTOP, baseURL });
	context.setDefaultTimeout(8000);
	context.setDefaultNavigationTimeout(15000);
	const page = await context.newPage();
	page.problems = [];
	page.on('pageerror', (e) => page.problems.push(`page error: ${e.message}`));
	page.on('console', (m) => {
		if (m.type() !== 'error') return;
		const t = m.text();
		if (/favicon/i.test(t)) return;
		// a 4xx answer we asked for (e.g. a 422 form) is logged as a failed resource; that is expected
		if (/Failed to load resource: the server responded with a status of (4\d\d)/.test(t)) return;
		page.problems.push(`console error: ${t}`);
	});
	return { context, page };
}

/** No script errors and no CSP violations so far on this page. */
export function assertNoProblems(page, what = 'page') {
	assert.deepEqual(page.problems, [], `${what}: ${page.problems.join('\n')}`);
}

/** Save tests/out/screenshots/<name>-390.png and <name>-1280.png; leaves the desktop viewport. */
export async function shoot(page, name) {
	await mkdir(SCREENSHOTS, { recursive: true });
	for (const vp of [PHONE, DESKTOP]) {
		await page.setViewportSize(vp);
		await page.screenshot({ path: join(SCREENSHOTS, `${name}-${vp.width}.png`), fullPage: true });
	}
	await checkNoHorizontalScroll(page, name);
}

/** At phone width nothing should scroll sideways. */
export async function checkNoHorizontalScroll(page, name) {
	await page.setViewportSize(PHONE);
	const over = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
	await page.setViewportSize(DESKTOP);
	assert.ok(over <= 1, `${name}: the page scrolls sideways by ${over}px at 390px wide`);
}

/** Sign in through the form on /signin. */
export async function signIn(page, base, email, password) {
	await page.goto(`${base}/signin`);
	await page.fill('input[name="email"]', email);
	await page.fill('input[name="password"]', password);
	await Promise.all([
		page.waitForURL((u) => !u.pathname.startsWith('/signin'), { timeout: 15000 }),
		page.press('input[name="password"]', 'Enter'),
	]);
}

/** The signed-in person, asked from the page (cookie auth, GET needs no CSRF). */
export async function me(page) {
	return page.evaluate(async () => (await fetch('/api/v1/me')).json());
}

/** The <html lang> of the current page. */
export function lang(page) {
	return page.evaluate(() => document.documentElement.lang);
}
