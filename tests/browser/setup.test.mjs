// In the browser: a brand-new plein leads to /setup; creating the first admin
// there signs you in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer } from '../e2e/lib/server.mjs';
import { launch, newPage, shoot, assertNoProblems, me } from '../e2e/lib/browser.mjs';

const server = useServer(); // nobody yet
let browser;
let page;

before(async () => {
	browser = await launch();
	({ page } = await newPage(browser));
});
after(async () => {
	await browser?.close();
});

test('/ leads to /setup on a fresh install', async () => {
	await server.ready;
	await page.goto(`${server.url}/`);
	assert.equal(new URL(page.url()).pathname, '/setup');
	assert.equal(await page.locator('h1').count() >= 1, true);
	await shoot(page, 'setup');
	assertNoProblems(page, '/setup');
});

test('a mismatched confirmation is shown as an error', async () => {
	await page.fill('input[name="name"]', 'Ann Admin');
	await page.fill('input[name="email"]', 'ann@example.com');
	await page.fill('input[name="password"]', 'a strong first password');
	await page.fill('input[name="password_confirm"]', 'a different password!');
	await Promise.all([page.waitForLoadState('load'), page.locator('form:has(input[name="password_confirm"]) [type="submit"]').click()]);
	assert.equal(new URL(page.url()).pathname, '/setup', 'still on /setup');
	await shoot(page, 'setup-error');
});

test('filling it in creates the admin and signs in', async () => {
	await page.fill('input[name="name"]', 'Ann Admin');
	await page.fill('input[name="email"]', 'ann@example.com');
	await page.fill('input[name="password"]', 'a strong first password');
	await page.fill('input[name="password_confirm"]', 'a strong first password');
	await Promise.all([
		page.waitForURL((u) => u.pathname === '/', { timeout: 15000 }),
		page.locator('form:has(input[name="password_confirm"]) [type="submit"]').click(),
	]);
	const who = await me(page);
	assert.equal(who.email, 'ann@example.com');
	assert.equal(who.role, 'admin');
	await shoot(page, 'home-first-admin');
	assertNoProblems(page, 'home');
});
