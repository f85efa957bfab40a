// In the browser, with a demo organisation: sign in through the form, search
// the directory as you type (no reload), open a profile, edit your own.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer } from '../e2e/lib/server.mjs';
import { launch, newPage, shoot, assertNoProblems, me } from '../e2e/lib/browser.mjs';

const ZOE = { email: 'zoe.quaxley@example.com', name: 'Zoë Quaxley' };
const server = useServer({ demo: { people: 60, seed: 1 }, users: [ZOE] });
let browser;
let page;

before(async () => {
	browser = await launch();
	({ page } = await newPage(browser));
});
after(async () => {
	await browser?.close();
});

// person links inside the results, as [{id, text}]
const resultLinks = () => page.$$eval('#people-results a[href]', (as) => as
	.map((a) => ({ m: new URL(a.href).pathname.match(/^\/people\/(\d+)$/), text: a.textContent.trim() }))
	.filter((x) => x.m)
	.map((x) => ({ id: Number(x.m[1]), text: x.text })));

test('sign in through the form', async () => {
	await server.ready;
	const { email, password } = server.demo.member;
	await page.goto(`${server.url}/signin`);
	await shoot(page, 'signin');
	assertNoProblems(page, '/signin');
	await page.fill('input[name="email"]', email);
	await page.fill('input[name="password"]', password);
	await Promise.all([
		page.waitForURL((u) => u.pathname === '/', { timeout: 15000 }),
		page.locator('form:has(input[name="password"]) [type="submit"]').click(),
	]);
	const who = await me(page);
	assert.equal(who.email, email);
	await shoot(page, 'home');
	assertNoProblems(page, 'home');
});

test('a wrong password shows an error and keeps you on /signin', async () => {
	const ctx = await newPage(browser);
	const p = ctx.page;
	await p.goto(`${server.url}/signin`);
	await p.fill('input[name="email"]', server.demo.member.email);
	await p.fill('input[name="password"]', 'certainly not the password');
	await Promise.all([p.waitForLoadState('load'), p.press('input[name="password"]', 'Enter')]);
	await p.waitForLoadState('load');
	assert.equal(new URL(p.url()).pathname, '/signin');
	assert.ok(await p.locator('[role="alert"]').count() >= 1, 'an error announced with role="alert"');
	await shoot(p, 'signin-error');
	await ctx.context.close();
});

test('the directory narrows as you type, without a reload', async () => {
	await page.goto(`${server.url}/people`);
	await shoot(page, 'people');
	const before = await resultLinks();
	assert.ok(before.length >= 10, `people listed: ${before.length}`);
	await page.evaluate(() => { window.__plein_no_reload = true; });
	await page.locator('#people-q').click();
	await page.locator('#people-q').pressSequentially('zoe', { delay: 60 });
	await page.waitForFunction((n) => {
		const links = [...document.querySelectorAll('#people-results a[href]')]
			.filter((a) => /^\/people\/\d+$/.test(new URL(a.href).pathname));
		return links.length > 0 && links.length < n && document.querySelector('#people-results').textContent.includes('Zoë');
	}, before.length, { timeout: 8000 });
	assert.equal(await page.evaluate(() => window.__plein_no_reload), true, 'the page was reloaded');
	const after = await resultLinks();
	assert.ok(after.some((l) => l.text.includes('Zoë Quaxley')), 'Zoë is found by "zoe"');
	await shoot(page, 'people-search');
	assertNoProblems(page, '/people search');
});

test('clearing the search brings everyone back', async () => {
	await page.locator('#people-q').fill('');
	await page.locator('#people-q').press('Backspace');
	await page.waitForFunction(() => document.querySelectorAll('#people-results a[href^="/people/"]').length >= 10, null, { timeout: 8000 });
});

test('open a profile from the results', async () => {
	await page.locator('#people-q').fill('zoe');
	await page.locator('#people-q').press('Enter');
	await page.waitForFunction(() => document.querySelector('#people-results').textContent.includes('Zoë'));
	await Promise.all([
		page.waitForURL(/\/people\/\d+$/),
		page.locator('#people-results a', { hasText: 'Zoë Quaxley' }).first().click(),
	]);
	assert.match(await page.locator('h1').first().innerText(), /Zoë Quaxley/);
	await shoot(page, 'profile');
	assertNoProblems(page, 'profile');
});

test('edit your own profile and see it saved', async () => {
	const who = await me(page);
	await page.goto(`${server.url}/people/${who.id}/edit`);
	await shoot(page, 'profile-edit');
	await page.fill('input[name="name"]', 'Robin Tester');
	await page.fill('input[name="title"]', 'Chief Browser Tester');
	await page.fill('textarea[name="bio"]', 'First line of my bio.\nSecond line, with <angle brackets> & ampersands.');
	await Promise.all([
		page.waitForURL((u) => u.pathname === `/people/${who.id}`),
		page.locator('form:has(textarea[name="bio"]) [type="submit"]').click(),
	]);
	assert.match(await page.locator('h1').first().innerText(), /Robin Tester/);
	const body = await page.locator('main').innerText();
	assert.ok(body.includes('Chief Browser Tester'), 'the title is shown');
	assert.ok(body.includes('Second line, with <angle brackets> & ampersands.'), 'the bio is shown as text');
	const saved = await me(page);
	assert.equal(saved.name, 'Robin Tester');
	assert.match(saved.bio, /^First line of my bio\.\r?\nSecond line/);
	await shoot(page, 'profile-saved');
	assertNoProblems(page, 'profile after edit');
});

test('someone else\'s profile has no edit link for a member', async () => {
	await page.goto(`${server.url}/people`);
	const links = await resultLinks();
	const who = await me(page);
	const other = links.find((l) => l.id !== who.id);
	await page.goto(`${server.url}/people/${other.id}`);
	assert.equal(await page.locator(`a[href="/people/${other.id}/edit"]`).count(), 0, 'an edit link on someone else\'s profile');
	const r = await page.goto(`${server.url}/people/${other.id}/edit`);
	assert.equal(r.status(), 403);
	await shoot(page, 'forbidden');
});

test('a missing profile shows the 404 page', async () => {
	const r = await page.goto(`${server.url}/people/999999`);
	assert.equal(r.status(), 404);
	await shoot(page, 'not-found');
});
