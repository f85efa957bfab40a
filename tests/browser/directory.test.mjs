// The directory in the browser: choose filters (results and counts change
// without a reload, the URL follows), combine with as-you-type search, the
// back button, clear filters, keyboard only, the folded filter panel on a
// phone, the org chart and department pages. Screenshots at 390 and 1280 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer } from '../e2e/lib/server.mjs';
import { launch, newPage, shoot, assertNoProblems, signIn, PHONE, DESKTOP } from '../e2e/lib/browser.mjs';

const server = useServer({ demo: { people: 150, seed: 1 } });
let browser;
let page;

before(async () => {
	browser = await launch();
	({ page } = await newPage(browser));
	await server.ready;
	await signIn(page, server.url, server.demo.member.email, server.demo.member.password);
});
after(async () => {
	await browser?.close();
});

const count = () => page.locator('[data-count]').innerText();
const names = () => page.$$eval('#people-results .person-card-name', (xs) => xs.map((x) => x.textContent.trim()));
const params = () => new URL(page.url()).searchParams;
/** Wait until the result count text differs from `old`. */
const changed = (old) => page.waitForFunction((o) => document.querySelector('[data-count]').textContent !== o, old);

test('choosing a department filters without a reload and puts it in the URL', async () => {
	await page.goto(`${server.url}/people`);
	await page.evaluate(() => { window.__plein_no_reload = true; });
	const all = await count();
	const option = await page.locator('#f-department option').nth(1);
	const value = await option.getAttribute('value');
	const label = await option.innerText();
	const n = Number(label.match(/\((\d+)\)$/)[1]);
	await page.selectOption('#f-department', value);
	await changed(all);
	assert.equal(params().get('department'), value);
	assert.equal(await count(), `${n} people`);
	assert.equal(await page.evaluate(() => window.__plein_no_reload), true, 'no reload');
	// the panel was replaced but the department stays chosen, and a clear link shows
	assert.equal(await page.locator('#f-department').inputValue(), value);
	assert.ok(await page.locator('#people-filters a[data-clear]').isVisible());
	await shoot(page, 'directory-filtered');
	assertNoProblems(page, 'directory filtered');
});

test('as-you-type search keeps the filters, and the back button undoes a choice', async () => {
	const dept = params().get('department');
	const before1 = await count();
	await page.selectOption('#f-language', 'en');
	await changed(before1);
	assert.equal(params().get('language'), 'en');
	const withLang = await count();
	await page.locator('#people-q').pressSequentially('a', { delay: 40 });
	await page.waitForFunction(() => new URL(location.href).searchParams.get('q') === 'a');
	assert.equal(params().get('department'), dept, 'filters kept while typing');
	await page.locator('#people-q').fill('');
	await page.locator('#people-q').press('Backspace');
	await page.waitForFunction(() => !new URL(location.href).searchParams.get('q'));
	await page.waitForFunction((t) => document.querySelector('[data-count]').textContent === t, withLang);
	await page.goBack();
	await page.waitForFunction(() => !new URL(location.href).searchParams.get('language'));
	await page.waitForFunction((t) => document.querySelector('[data-count]').textContent === t, before1);
	assert.equal(await page.locator('#f-language').inputValue(), '');
	assert.equal(await page.evaluate(() => window.__plein_no_reload), true, 'no reload');
});

test('clear filters brings everyone back; an impossible mix shows the empty state', async () => {
	await page.goto(`${server.url}/people?skill=Excel&interest=Zeilen&location=Remote&language=ar&level=native`);
	const text = await page.locator('#people-results').innerText();
	if (/No one matches/.test(text)) await shoot(page, 'directory-empty');
	await page.goto(`${server.url}/people?skill=No%20such%20thing`);
	assert.match(await page.locator('#people-results').innerText(), /No one matches these filters/);
	await shoot(page, 'directory-empty');
	await page.locator('#people-results a[data-clear]').click();
	await page.waitForFunction(() => !new URL(location.href).searchParams.get('skill'));
	await page.waitForFunction(() => document.querySelectorAll('#people-results .person-card').length >= 20);
	assertNoProblems(page, 'clear filters');
});

test('keyboard only: tab to a filter, choose with the arrows, focus stays', async () => {
	await page.goto(`${server.url}/people`);
	const all = await count();
	await page.locator('#people-q').focus();
	let guard = 0;
	while (await page.evaluate(() => document.activeElement.id) !== 'f-location' && guard++ < 20)
		await page.keyboard.press('Tab');
	assert.equal(await page.evaluate(() => document.activeElement.id), 'f-location');
	await page.keyboard.press('ArrowDown');
	await changed(all);
	assert.ok(params().get('location'));
	assert.equal(await page.evaluate(() => document.activeElement.id), 'f-location', 'focus kept after the update');
});

test('sort by newest and "More" append pages', async () => {
	await page.goto(`${server.url}/people?sort=newest`);
	const first = await names();
	assert.equal(first.length, 24);
	await page.locator('a[data-more]').click();
	await page.waitForFunction(() => document.querySelectorAll('#people-results .person-card').length > 24);
	const more = await names();
	assert.deepEqual(more.slice(0, 24), first);
});

test('on a phone the filters fold behind a toggle', async () => {
	const ctx = await newPage(browser);
	const p = ctx.page;
	await p.setViewportSize(PHONE);
	await signIn(p, server.url, server.demo.member.email, server.demo.member.password);
	await p.goto(`${server.url}/people`);
	assert.equal(await p.locator('#f-department').isVisible(), false, 'folded at first');
	await p.screenshot({ path: 'tests/out/screenshots/directory-phone-folded-390.png', fullPage: true });
	await p.locator('summary.filters-toggle').click();
	assert.equal(await p.locator('#f-department').isVisible(), true);
	await p.screenshot({ path: 'tests/out/screenshots/directory-phone-open-390.png', fullPage: true });
	// with a filter in use it starts open
	await p.goto(`${server.url}/people?location=Remote`);
	assert.equal(await p.locator('#f-department').isVisible(), true);
	await p.setViewportSize(DESKTOP);
	assertNoProblems(p, 'phone');
	await ctx.context.close();
});

test('org chart: managers, the person, reports; departments list and page', async () => {
	const who = await page.evaluate(async () => (await fetch('/api/v1/me')).json());
	await page.goto(`${server.url}/people/${who.id}/org`);
	assert.ok(await page.locator('.org-chain a').count() >= 1);
	assert.match(await page.locator('.org-self').innerText(), new RegExp(who.name));
	await shoot(page, 'org-chart');
	await page.locator('.org-chain a').first().click();
	await page.waitForURL(/\/people\/\d+\/org$/);
	assert.ok(await page.locator('.org-reports a').count() >= 1, 'the top has reports');
	await page.goto(`${server.url}/departments`);
	await shoot(page, 'departments');
	await page.locator('.dept-link').first().click();
	await page.waitForURL(/\/departments\?name=/);
	assert.ok(await page.locator('#dept-heads').isVisible());
	await shoot(page, 'department');
	assertNoProblems(page, 'org and departments');
});
