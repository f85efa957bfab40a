// The board in the browser: saving a search from /search, adding columns
// with the form, four columns side by side on a desktop and one at a time
// with the switcher on a phone (screenshots), moving a column with the
// keyboard, "More", a column that gets a new post live (a group column at
// once, a saved search within its 5 s), and removing a column.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, PASSWORD } from '../e2e/lib/server.mjs';
import { Client } from '../e2e/lib/http.mjs';
import { launch, newPage, shoot, assertNoProblems, signIn, PHONE, DESKTOP } from '../e2e/lib/browser.mjs';

const ANN = { email: 'ann@board.example', name: 'Ann Admin', role: 'admin' };
const BEA = { email: 'bea@board.example', name: 'Bea Bakker' };
const server = useServer({ users: [ANN, BEA] });
const api = () => new Client(server.url);
let browser, page, tok = {}, groupId, beaId;

async function posts(who, text, extra = {}) {
	const r = await api().post('/api/v1/posts', { bearer: tok[who], json: { text, ...extra } });
	assert.equal(r.status, 201, String(r));
	return r.json.id;
}

before(async () => {
	await server.ready;
	tok.ann = (await api().apiSignIn(ANN.email, PASSWORD)).token;
	const bea = await api().apiSignIn(BEA.email, PASSWORD);
	tok.bea = bea.token;
	beaId = bea.person.id;
	const g = await api().post('/api/v1/groups', { bearer: tok.bea, json: { name: 'Tuinclub', kind: 'open' } });
	assert.equal(g.status, 201, String(g));
	groupId = g.json.id;
	for (let i = 0; i < 12; i++) await posts('ann', `Tomaten en ${['sla', 'bonen', 'prei', 'kool'][i % 4]} in de moestuin, week ${i + 1}`, { group_id: undefined });
	for (let i = 0; i < 4; i++) await posts('bea', `De tuinclub plant bloemen, ronde ${i + 1}`, { group_id: groupId });
	await posts('ann', 'Nieuwe fiets voor de koerier #mobiliteit');
	await posts('ann', 'De fiets staat in de stalling #mobiliteit');
	await posts('bea', 'Mijn fiets heeft een lekke band');
	browser = await launch();
	({ page } = await newPage(browser));
	await signIn(page, server.url, BEA.email, PASSWORD);
});
after(async () => {
	await browser?.close();
});

/** Submit the "Add column" form and wait for the board it redirects to. */
async function add() {
	await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/board/columns'),
		page.click('.board-add button[type="submit"]')]);
	await page.waitForLoadState('load');
	await page.locator('.board-add').waitFor();
}

test('save a search from the search page', async () => {
	await page.goto(`${server.url}/search?q=fiets`);
	await shoot(page, 'board-search-save');
	await page.fill('#search-save-name', 'Alles over fietsen');
	await Promise.all([page.waitForURL((u) => u.pathname === '/searches'), page.click('.search-save button[type="submit"]')]);
	assert.ok(await page.locator('.saved-search-name', { hasText: 'Alles over fietsen' }).isVisible());
	await shoot(page, 'board-searches');
	assertNoProblems(page, '/searches');
});

test('add columns with the form; the board renders them side by side', async () => {
	await page.goto(`${server.url}/board`);
	assert.ok(await page.locator('text=Your board is empty').isVisible());
	// a saved search (the first choice), then a topic typed, a group chosen, a colleague by name
	await add();
	await page.fill('#add-topic-ref', '#mobiliteit');
	await page.check('#add-topic');
	await add();
	await page.selectOption('#add-group-ref', String(groupId));
	await page.check('#add-group');
	await add();
	await page.fill('#add-person-ref', ANN.email);
	await page.check('#add-person');
	await add();
	const titles = await page.locator('.board-col-title').allTextContents();
	assert.deepEqual(titles.map((t) => t.trim()), ['Alles over fietsen', '#mobiliteit', 'Tuinclub', 'Ann Admin']);
	assert.ok(await page.locator('#col-1 .board-item', { hasText: 'lekke band' }).count() === 1);
	assert.equal(await page.locator('section.board-col').nth(3).locator('.board-item').count(), 10, 'a first page of 10');
	await page.setViewportSize(DESKTOP);
	await shoot(page, 'board-desktop');
	assertNoProblems(page, '/board');
});

test('phones: one column at a time, the switcher brings another', async () => {
	await page.setViewportSize(PHONE);
	await page.goto(`${server.url}/board`);
	const sw = page.locator('[data-board-switch]');
	assert.ok(await sw.isVisible());
	const width = await page.locator('section.board-col').first().evaluate((el) => el.getBoundingClientRect().width);
	assert.ok(width > 300 && width <= 390, `a column fills the phone: ${width}`);
	const col3 = await page.locator('section.board-col').nth(2).getAttribute('id');
	await sw.selectOption(col3);
	await page.waitForFunction((id) => {
		const r = document.getElementById(id).getBoundingClientRect();
		return r.left >= -2 && r.left < 40;
	}, col3);
	await page.screenshot({ path: 'tests/out/screenshots/board-phone-switched-390.png' });
	const over = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
	const wide = await page.evaluate(() => [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > 400 && (!e.closest('.board-cols') || e.matches('.board-cols'))).slice(0, 8).map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`));
	assert.ok(over <= 1, `the page itself does not scroll sideways (${over}): ${wide.join(', ')}`);
	await page.setViewportSize(DESKTOP);
});

test('move a column with the keyboard; More loads the next page in place', async () => {
	await page.goto(`${server.url}/board`);
	const first = await page.locator('section.board-col').first().getAttribute('id');
	await page.locator(`#${first} button[aria-label^="Move column right"]`).focus();
	await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.keyboard.press('Enter')]);
	await page.waitForLoadState('load');
	await page.locator('section.board-col').first().waitFor();
	const order = await page.locator('section.board-col').evaluateAll((els) => els.map((e) => e.id));
	assert.equal(order[1], first, 'moved one to the right');
	const ann = page.locator('section.board-col').nth(3);
	await ann.locator('a[data-board-more]').click();
	await page.waitForFunction((id) => document.querySelectorAll(`#${id} li.board-item`).length > 10, await ann.getAttribute('id'));
	assert.equal(new URL(page.url()).pathname, '/board', 'More stayed on the board');
	assertNoProblems(page, 'move and more');
});

test('columns update live', async () => {
	const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/events');
	await page.goto(`${server.url}/board`);
	assert.equal((await answered).status(), 200);
	const group = page.locator('section.board-col[data-kind="group"]');
	const search = page.locator('section.board-col[data-kind="search"]');
	await posts('bea', 'Live: de pompoenen zijn oogstklaar', { group_id: groupId });
	await group.locator('li.board-item', { hasText: 'pompoenen' }).waitFor({ timeout: 10000 });
	assert.equal(await group.locator('li.board-item').first().textContent().then((t) => t.includes('pompoenen')), true, 'on top');
	assert.match(await group.locator('[data-board-new]').textContent(), /1 new/);
	await posts('ann', 'Live: een fiets met zijspan gezien');
	await search.locator('li.board-item', { hasText: 'zijspan' }).waitFor({ timeout: 15000 });
	await shoot(page, 'board-live');
	// looking at the column clears its "new" note
	await group.locator('.board-col-title').click();
	assert.equal(await group.locator('[data-board-new]').isHidden(), true);
	assertNoProblems(page, 'live board');
});

test('remove a column after confirming', async () => {
	await page.goto(`${server.url}/board`);
	const before = await page.locator('section.board-col').count();
	await page.locator('section.board-col[data-kind="topic"] a', { hasText: 'Remove' }).click();
	await page.waitForURL(/\/remove$/);
	await Promise.all([page.waitForURL((u) => u.pathname === '/board'), page.click('button:has-text("Remove column")')]);
	assert.equal(await page.locator('section.board-col').count(), before - 1);
	assert.ok(await page.locator('.flash, [role="status"]', { hasText: 'removed' }).count() >= 1);
});
