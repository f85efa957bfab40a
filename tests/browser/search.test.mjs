// Search in the browser: the top bar's box on every signed-in page is a
// combobox — suggestions as you type, arrow keys and Enter open one,
// Escape closes the list, Enter alone searches — and the /search page
// with facets and filters; screenshots at 390 and 1280 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, PASSWORD } from '../e2e/lib/server.mjs';
import { Client } from '../e2e/lib/http.mjs';
import { launch, newPage, shoot, assertNoProblems, signIn, PHONE, DESKTOP } from '../e2e/lib/browser.mjs';

const USERS = {
	ada: { email: 'ada@example.com', name: 'Ada Admin', role: 'admin' },
	fien: { email: 'fien@example.com', name: 'Fien Fietsema' },
};
const server = useServer({ users: Object.values(USERS) });
let browser;
let page;
const ids = {};

before(async () => {
	await server.ready;
	const c = new Client(server.url);
	const { token } = await c.apiSignIn(USERS.fien.email, PASSWORD);
	const g = await c.post('/api/v1/groups', { bearer: token, json: { name: 'Fietsclub Utrecht', kind: 'open' } });
	assert.equal(g.status, 201, String(g));
	ids.group = g.json.id;
	for (const text of ['Wie fietst er mee met de Fietsclub?', 'De fietsroute van de Fietsclub is verlegd.'])
		assert.equal((await c.post('/api/v1/posts', { bearer: token, json: { text } })).status, 201);
	browser = await launch();
	({ page } = await newPage(browser));
	await signIn(page, server.url, USERS.ada.email, PASSWORD);
});
after(async () => {
	await browser?.close();
});

const box = () => page.locator('#topsearch-q');

test('the top bar box suggests as you type; arrows and Enter open one', async () => {
	await page.goto(`${server.url}/`);
	assert.equal(await box().getAttribute('role'), 'combobox');
	assert.equal(await box().getAttribute('aria-expanded'), 'false');
	await box().pressSequentially('fiets', { delay: 40 });
	await page.waitForFunction(() => document.querySelectorAll('#topsearch-list [role="option"]').length >= 3);
	assert.equal(await box().getAttribute('aria-expanded'), 'true');
	const options = await page.$$eval('#topsearch-list [role="option"]', (els) => els.map((e) => e.textContent));
	assert.ok(options.some((t) => t.startsWith('Fietsclub Utrecht') && t.endsWith('Group')), options.join(' / '));
	assert.ok(options.some((t) => t.startsWith('Fien Fietsema')), options.join(' / '));
	assert.match(options[options.length - 1], /All results for “fiets”/);
	await shoot(page, 'search-topbar-open');
	await box().focus();
	if (await box().getAttribute('aria-expanded') !== 'true') {
		await page.keyboard.press('ArrowDown');
		await page.waitForFunction(() => document.querySelector('#topsearch-q').getAttribute('aria-expanded') === 'true');
	}
	await page.keyboard.press('ArrowDown');
	const active = await box().getAttribute('aria-activedescendant');
	assert.ok(active, 'an option is active');
	assert.equal(await page.locator(`#${active}`).getAttribute('aria-selected'), 'true');
	const first = await page.locator(`#${active}`).getAttribute('data-url');
	await Promise.all([page.waitForURL((u) => u.pathname + u.hash === first), page.keyboard.press('Enter')]);
	assertNoProblems(page, 'top bar suggestions');
});

test('Escape closes the list; Enter alone searches on /search', async () => {
	await page.goto(`${server.url}/groups`);
	await box().pressSequentially('fietsroute', { delay: 30 });
	await page.waitForFunction(() => document.querySelector('#topsearch-q').getAttribute('aria-expanded') === 'true');
	await page.keyboard.press('Escape');
	assert.equal(await box().getAttribute('aria-expanded'), 'false');
	assert.equal(await page.locator('#topsearch-list').isHidden(), true);
	await Promise.all([page.waitForURL((u) => u.pathname === '/search'), page.keyboard.press('Enter')]);
	assert.equal(new URL(page.url()).searchParams.get('q'), 'fietsroute');
	assert.equal(await page.locator('.search-hit').count(), 1);
	assertNoProblems(page, 'top bar search');
});

test('the /search page: facets with counts, filters', async () => {
	await page.goto(`${server.url}/search?q=fietsclub`);
	const facets = await page.$$eval('.search-facets a', (els) => els.map((e) => e.textContent.replace(/\s+/g, ' ').trim()));
	assert.deepEqual(facets, ['Everything 3', 'Posts 2', 'Groups 1']);
	await page.locator('.search-facets a', { hasText: 'Posts' }).click();
	await page.waitForURL((u) => u.searchParams.get('kind') === 'post');
	assert.equal(await page.locator('.search-hit').count(), 2);
	assert.equal(await page.locator('.search-facets a[aria-current="page"]').textContent().then((t) => t.trim().startsWith('Posts')), true);
	await page.locator('.search-filters > summary').click();
	await page.selectOption('#search-author', { label: 'Me' });
	await Promise.all([page.waitForURL((u) => u.searchParams.has('author')), page.locator('.search-filters-form button[type="submit"]').click()]);
	assert.match(await page.locator('#search-results').textContent(), /Nothing found/);
	await page.goto(`${server.url}/search?q=fietsclub&since=2020-01-01`);
	await shoot(page, 'search-page-facets');
	assertNoProblems(page, '/search facets');
});

test('the box fits on a phone and on a desktop with every nav item', async () => {
	for (const vp of [PHONE, { width: 800, height: 900 }, DESKTOP]) {
		await page.setViewportSize(vp);
		await page.goto(`${server.url}/`);
		const b = await page.locator('form.topsearch').boundingBox();
		assert.ok(b && b.width >= 120, `${vp.width}: the box is ${b && b.width}px wide`);
		const over = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
		assert.ok(over <= 1, `${vp.width}: scrolls sideways by ${over}px`);
	}
	await page.setViewportSize(PHONE);
	await box().pressSequentially('fiets', { delay: 30 });
	await page.waitForFunction(() => document.querySelectorAll('#topsearch-list [role="option"]').length >= 3);
	await page.screenshot({ path: 'tests/out/screenshots/search-topbar-phone-open-390.png' });
	await page.setViewportSize(DESKTOP);
});
