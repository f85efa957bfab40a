// Group pages in the browser: a member writes minutes (the date field
// starts at today), edits them, another member's stale edit meets the
// conflict view (their text kept), history with two versions picked by
// keyboard-usable radio buttons, the comparison with colour and +/− markers,
// restoring a version after the confirmation; no sideways scrolling on a
// phone; screenshots at 390 and 1280 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, PASSWORD } from '../e2e/lib/server.mjs';
import { Client } from '../e2e/lib/http.mjs';
import { launch, newPage, shoot, assertNoProblems, signIn } from '../e2e/lib/browser.mjs';

const OLGA = { email: 'olga@example.com', name: 'Olga Owner' };
const MEG = { email: 'meg@example.com', name: 'Meg Member' };
const server = useServer({ users: [OLGA, MEG] });
let browser;
let page;
let other;
let gid;

before(async () => {
	await server.ready;
	const c = new Client(server.url);
	const olga = (await c.apiSignIn(OLGA.email, PASSWORD)).token;
	const meg = await new Client(server.url).apiSignIn(MEG.email, PASSWORD);
	const g = await c.post('/api/v1/groups', { bearer: olga, json: { name: 'Modem testers', kind: 'closed' } });
	assert.equal(g.status, 201, String(g));
	gid = g.json.id;
	const m = await c.post(`/api/v1/groups/${gid}/members`, { bearer: olga, json: { person_id: meg.person.id } });
	assert.equal(m.status, 201, String(m));
	const p = await c.post(`/api/v1/groups/${gid}/pages`, { bearer: olga,
		json: { title: 'Test plan', text: '# Test plan\n\n1. Unpack the modem\n2. Connect it\n3. Report the speed\n' } });
	assert.equal(p.status, 201, String(p));
	browser = await launch();
	({ page } = await newPage(browser));
	await signIn(page, server.url, MEG.email, PASSWORD);
	({ page: other } = await newPage(browser));
	await signIn(other, server.url, OLGA.email, PASSWORD);
});
after(async () => {
	await browser?.close();
});

test('write minutes: the date starts at today; the index lists pages and minutes', async () => {
	await page.goto(`${server.url}/groups/${gid}/pages`);
	await shoot(page, 'group-pages-index-before');
	await Promise.all([page.waitForURL(/\/pages\/new\?minutes=1$/), page.click('a[href$="/pages/new?minutes=1"]')]);
	const today = await page.evaluate(() => {
		const d = new Date();
		return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
	});
	assert.equal(await page.inputValue('#gp-date-input'), today);
	await page.fill('#gp-title-input', 'Weekly test meeting');
	await page.fill('#gp-date-input', '2024-05-02');
	await page.fill('#gp-body-input', '## Present\n\nMeg, Olga\n\n## Decisions\n\n- Ship the firmware on Friday\n- Meg writes the report\n');
	await shoot(page, 'group-pages-new-minutes');
	await Promise.all([page.waitForURL(/\/pages\/\d+$/), page.click('.gp-form button[type="submit"]')]);
	assert.match(await page.locator('.gp-title').textContent(), /Weekly test meeting/);
	assert.match(await page.locator('.gp-date').textContent(), /2024-05-02/);
	await shoot(page, 'group-pages-view');
	await page.goto(`${server.url}/groups/${gid}/pages`);
	assert.equal(await page.locator('.gp-section').count(), 2);
	assert.match(await page.locator('#gp-minutes-title + .gp-list').textContent(), /2024-05-02/);
	await shoot(page, 'group-pages-index');
	assertNoProblems(page, 'index');
});

test('two editors: the second sees the other version and keeps their text', async () => {
	await page.goto(`${server.url}/groups/${gid}/pages`);
	await page.click('text=Test plan');
	const url = page.url();
	await other.goto(`${url}/edit`);
	await page.goto(`${url}/edit`);
	await page.fill('#gp-body-input', '# Test plan\n\n1. Unpack the modem\n2. Connect it to the fibre box\n3. Report the speed\n');
	await Promise.all([page.waitForURL(url), page.click('.gp-form button[type="submit"]')]);
	await other.fill('#gp-body-input', '# Test plan\n\n1. Unpack the modem\n2. Connect it\n3. Report the speed and the latency\n');
	await other.click('.gp-form button[type="submit"]');
	await other.waitForSelector('.gp-conflict');
	assert.match(await other.locator('.gp-conflict').textContent(), /Someone else saved/);
	assert.match(await other.inputValue('#gp-body-input'), /latency/, 'the editor\'s text is kept');
	/* only the lines that differ (the browser sends \r\n, the saved text has \n) */
	assert.equal(await other.locator('.gp-conflict .gp-diff-add').count(), 2);
	assert.equal(await other.locator('.gp-conflict .gp-diff-del').count(), 2);
	await shoot(other, 'group-pages-conflict');
	await Promise.all([other.waitForURL(url), other.click('.gp-form button[type="submit"]')]);
	assert.match(await other.locator('.gp-byline').textContent(), /Version 3, edited by Olga Owner/);
	assertNoProblems(other, 'conflict');
});

test('history: pick two versions with the keyboard, compare, restore', async () => {
	await page.goto(`${server.url}/groups/${gid}/pages`);
	await page.click('text=Test plan');
	await page.click('a:has-text("History")');
	await page.waitForSelector('.gp-history');
	assert.equal(await page.locator('.gp-table tbody tr').count(), 3);
	await page.focus('#from-2');
	await page.keyboard.press('ArrowDown');   /* radio groups move with the arrow keys */
	assert.equal(await page.isChecked('#from-1'), true);
	await shoot(page, 'group-pages-history');
	await Promise.all([page.waitForURL((u) => u.pathname.endsWith("/compare") && u.searchParams.get("from") === "1" && u.searchParams.get("to") === "3"), page.click('.gp-history button[type="submit"]')]);
	const del = page.locator('.gp-diff-del').first();
	assert.equal(await del.locator('.gp-diff-mark').textContent(), '−');
	assert.equal(await del.locator('.visually-hidden').textContent(), 'Removed: ');
	const bg = await del.evaluate((el) => getComputedStyle(el).backgroundColor);
	assert.notEqual(bg, 'rgba(0, 0, 0, 0)', 'removed lines have a colour too');
	assert.match(await page.locator('.gp-diff-add').first().textContent(), /latency/);
	await shoot(page, 'group-pages-compare');
	await page.click('.gp-compare h3 a >> nth=0');
	await page.click('a:has-text("Restore this version")');
	await shoot(page, 'group-pages-restore-confirm');
	await page.click('button:has-text("Restore")');
	await page.waitForSelector('.gp-byline');
	assert.match(await page.locator('.gp-byline').textContent(), /Version 4/);
	assert.doesNotMatch(await page.locator('.gp-body').textContent(), /latency/);
	assertNoProblems(page, 'history');
});
