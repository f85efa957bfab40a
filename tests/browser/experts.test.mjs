// "Who knows X" in the browser: from the home page's box to /experts, the
// results follow typing without a reload, reasons under each person, the
// keyboard path (/ focuses the box, Tab reaches the results), endorsing
// from a profile with the button, in English and Dutch; screenshots at 390
// and 1280 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PASSWORD } from '../e2e/lib/server.mjs';
import { Client } from '../e2e/lib/http.mjs';
import { useExpertsServer, PEOPLE } from '../e2e/lib/experts-fixture.mjs';
import { launch, newPage, shoot, assertNoProblems, signIn } from '../e2e/lib/browser.mjs';

const org = useExpertsServer();
let browser;
let page;

before(async () => {
	await org.ready;
	// three colleagues vouch for Bea's subsidies
	for (const by of ['ann', 'dora', 'eli']) {
		const c = new Client(org.url);
		const { token } = await c.apiSignIn(PEOPLE[by].email, PASSWORD);
		const r = await c.post(`/api/v1/people/${org.ids.bea}/endorsements`, { bearer: token, json: { skill: 'Subsidies' } });
		assert.equal(r.status, 201, String(r));
	}
	browser = await launch();
	({ page } = await newPage(browser));
	await signIn(page, org.url, PEOPLE.cas.email, PASSWORD);
});
after(async () => {
	await browser?.close();
});

const resultNames = () => page.$$eval('#experts-results .person-card-name', (els) => els.map((e) => e.textContent.trim()));

test('the home page box leads to the results', async () => {
	await page.goto(`${org.url}/`);
	await shoot(page, 'experts-home');
	await page.fill('#home-experts-q', 'french');
	await Promise.all([page.waitForURL((u) => u.pathname === '/experts'), page.press('#home-experts-q', 'Enter')]);
	assert.deepEqual(await resultNames(), ['Dora Dubois', 'Hugo Hendriks', 'Eli Visser', 'Cas de Vries']);
	assert.equal(await page.locator('.mainnav a[href="/experts"]').getAttribute('aria-current'), 'page');
	assertNoProblems(page, '/experts?q=french');
});

test('empty page: suggestions; then results appear as you type, without a reload', async () => {
	await page.goto(`${org.url}/experts`);
	await shoot(page, 'experts-empty');
	assert.ok(await page.locator('.chips a', { hasText: 'Subsidies' }).count() >= 1, 'popular skill suggested');
	await page.evaluate(() => { window.__plein_no_reload = true; });
	// keyboard: "/" focuses the one search box
	await page.locator('body').click({ position: { x: 5, y: 300 } });
	await page.keyboard.press('/');
	assert.equal(await page.evaluate(() => document.activeElement.id), 'experts-q');
	await page.keyboard.type('subsid', { delay: 60 });
	// "subs" may already show the same two people: wait for the last query's answer
	await page.waitForURL((u) => u.search === '?q=subsid');
	await page.waitForFunction(() => document.querySelectorAll('#experts-results .expert-card').length === 2);
	assert.deepEqual(await resultNames(), ['Bea Bakker', 'Cas de Vries']);
	assert.equal(await page.evaluate(() => window.__plein_no_reload), true, 'no page load');
	assert.equal(new URL(page.url()).search, '?q=subsid', 'the address follows the query');
	const reasons = await page.$$eval('#experts-results li:first-child .expert-reason', (e) => e.map((x) => x.textContent));
	assert.deepEqual(reasons, ['Endorsed for “Subsidies” by 3 colleagues']);
	await shoot(page, 'experts-results');
	// Tab from the box reaches the search button, then the first result
	await page.locator('#experts-q').focus();
	await page.keyboard.press('Tab');
	await page.keyboard.press('Tab');
	assert.match(await page.evaluate(() => document.activeElement.textContent), /Bea Bakker/);
	await Promise.all([page.waitForURL((u) => u.pathname === `/people/${org.ids.bea}`), page.keyboard.press('Enter')]);
	assertNoProblems(page, '/experts as you type');
});

test('nobody: an empty state', async () => {
	await page.goto(`${org.url}/experts`);
	await page.locator('#experts-q').pressSequentially('kwantumfysica', { delay: 20 });
	await page.waitForFunction(() => document.querySelector('#experts-results').textContent.includes('No one matches'));
	await shoot(page, 'experts-nobody');
});

test('endorse with the button, then withdraw; keyboard only', async () => {
	await page.goto(`${org.url}/people/${org.ids.bea}`);
	const endorseBtn = page.getByRole('button', { name: 'Endorse Bea for Subsidies' });
	assert.equal(await endorseBtn.count(), 1);
	assert.match(await page.locator('#skills').textContent(), /3 endorsements/);
	await shoot(page, 'endorsements-profile');
	await endorseBtn.focus();
	await page.keyboard.press('Enter');
	// the form posts and comes back to the same profile (#skills)
	await page.waitForFunction(() => /4 endorsements/.test(document.querySelector('#skills')?.textContent || ''));
	assert.equal(new URL(page.url()).hash, '#skills');
	assert.match(await page.locator('[data-flash]').textContent(), /Thank you/);
	const withdrawBtn = page.getByRole('button', { name: 'Withdraw your endorsement of Bea for Subsidies' });
	assert.equal(await withdrawBtn.count(), 1);
	await shoot(page, 'endorsements-endorsed');
	await withdrawBtn.click();
	await page.waitForFunction(() => /3 endorsements/.test(document.querySelector('#skills')?.textContent || ''));
	assert.match(await page.locator('[data-flash]').textContent(), /withdrawn/);
	assertNoProblems(page, 'profile endorsements');
});

test('in Dutch', async () => {
	const ctx = await newPage(browser, { locale: 'nl-NL' });
	await signIn(ctx.page, org.url, PEOPLE.hugo.email, PASSWORD);
	await ctx.page.goto(`${org.url}/experts?q=vertalen`);
	const txt = await ctx.page.locator('#experts-results').textContent();
	assert.match(txt, /Eli Visser/);
	assert.match(txt, /Aanbevolen voor|Vaardigheid: Vertalen/);
	await shoot(ctx.page, 'experts-nl');
	await ctx.page.goto(`${org.url}/people/${org.ids.bea}`);
	assert.equal(await ctx.page.getByRole('button', { name: 'Beveel Bea aan voor Subsidies' }).count(), 1);
	assertNoProblems(ctx.page, 'Dutch pages');
	await ctx.context.close();
});
