// Posts in groups in the browser: the composer's "Post in" select (the
// organisation and the viewer's groups; choosing a group hides "Who can see
// it" and the public reminder), a post in a closed group shown "in <group>"
// with a lock, the move page saying who will see the post, and a guest's
// home with her groups and their posts. Screenshots at 390 and 1280 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { useServer, PASSWORD } from '../e2e/lib/server.mjs';
import { Client } from '../e2e/lib/http.mjs';
import { launch, newPage, shoot, assertNoProblems, signIn } from '../e2e/lib/browser.mjs';

const MIA = { email: 'mia@example.com', name: 'Mia Member' };
const GINA = { email: 'gina@example.com', name: 'Gina Guest', role: 'guest' };
const server = useServer({ users: [MIA, GINA] });
let browser;
const grp = {};

function sql(text) {
	return execFileSync('sqlite3', ['-cmd', '.timeout 5000', join(server.dataDir, 'plein.db'), text],
		{ encoding: 'utf8' }).trim();
}

// Through the groups API where it exists, else with SQL (see tests/e2e/group-posts.test.mjs).
async function group(c, token, ownerId, name, kind, members) {
	const r = await c.post('/api/v1/groups', { bearer: token, json: { name, kind } });
	if (r.status === 201) {
		for (const m of members) assert.ok((await c.post(`/api/v1/groups/${r.json.id}/members`, { bearer: token, json: { person_id: m } })).status < 300);
		return r.json.id;
	}
	const now = Math.floor(Date.now() / 1000);
	const id = Number(sql(`INSERT INTO groups(name, name_key, kind, member_count, created_by, created_at, updated_at)
		VALUES ('${name}', '${name.toLowerCase()}', '${kind}', ${1 + members.length}, ${ownerId}, ${now}, ${now});
		SELECT last_insert_rowid();`));
	for (const [m, role] of [[ownerId, 'owner'], ...members.map((x) => [x, 'member'])])
		sql(`INSERT INTO group_members(group_id, person_id, role, joined_at) VALUES (${id}, ${m}, '${role}', ${now});`);
	return id;
}

before(async () => {
	await server.ready;
	const c = new Client(server.url);
	const mia = await c.apiSignIn(MIA.email, PASSWORD);
	const gina = await new Client(server.url).apiSignIn(GINA.email, PASSWORD);
	grp.open = await group(c, mia.token, mia.person.id, 'Modem testers', 'open', []);
	grp.closed = await group(c, mia.token, mia.person.id, 'Project Lighthouse', 'closed', [gina.person.id]);
	const r = await c.post('/api/v1/posts', { bearer: mia.token, json: { text: 'Kick-off on **Monday** in room 4.', group_id: grp.closed } });
	assert.equal(r.status, 201, String(r));
	browser = await launch();
});
after(async () => {
	await browser?.close();
});

test('the composer posts into a group chosen in "Post in"', async () => {
	const { page } = await newPage(browser);
	await signIn(page, server.url, MIA.email, PASSWORD);
	await page.goto(`${server.url}/`);
	const options = await page.locator('#composer-group option').allTextContents();
	assert.deepEqual(options, ['Organisation', 'Modem testers', 'Project Lighthouse']);
	await page.selectOption('#composer-visibility', 'public');
	assert.equal(await page.locator('#composer-public-note').isVisible(), true);
	await page.selectOption('#composer-group', String(grp.closed));
	assert.equal(await page.locator('#composer-visibility').isVisible(), false, 'a group decides who sees it');
	assert.equal(await page.locator('#composer-public-note').isVisible(), false, 'no public reminder in a group');
	await page.locator('#composer-text').fill('Minutes of the kick-off are in the group files.');
	await shoot(page, 'group-posts-composer');
	await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.click('#composer button[type="submit"]')]);
	const first = page.locator('.stream .post-item').first();
	assert.match(await first.locator('.post-body').textContent(), /Minutes of the kick-off/);
	assert.equal(await first.locator(`.post-group a[href="/groups/${grp.closed}"]`).textContent(), 'Project Lighthouse');
	assert.equal(await first.locator('.post-group-kind svg').count(), 1, 'a lock: members only');
	await shoot(page, 'group-posts-home');
	await first.locator('a', { hasText: 'Move' }).click();
	await page.waitForURL(/\/posts\/\d+\/move$/);
	assert.match(await page.locator('.move-targets').textContent(), /Organisation everyone in the organisation can see it/);
	await shoot(page, 'group-posts-move');
	await page.check(`.move-targets input[value="${grp.open}"]`);
	await Promise.all([page.waitForURL(/\/posts\/\d+$/), page.click('.post-move button[type="submit"]')]);
	assert.equal(await page.locator(`article .post-group a[href="/groups/${grp.open}"]`).count(), 1);
	assert.equal(await page.locator('article .post-group-kind').count(), 0, 'no lock in an open group');
	assertNoProblems(page, 'group posts');
	await page.close();
});

test('a guest\'s home: her groups, their posts and a composer for them only', async () => {
	const { page } = await newPage(browser);
	await signIn(page, server.url, GINA.email, PASSWORD);
	await page.goto(`${server.url}/`);
	assert.equal(await page.locator(`.home-groups a[href="/groups/${grp.closed}"]`).count(), 1);
	assert.match(await page.locator('.stream').textContent(), /Kick-off on Monday/);
	assert.deepEqual(await page.locator('#composer-group option').allTextContents(), ['Project Lighthouse']);
	assert.equal(await page.locator('#composer-visibility').count(), 0);
	await shoot(page, 'group-posts-guest-home');
	assertNoProblems(page, 'guest home');
	await page.close();
});
