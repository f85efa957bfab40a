// Group files and sign-ups in the browser: the composer's "Add a sign-up"
// (places and a closing date), the sign-up box on the post ("0 of 20 places
// taken · closes …"), signing up and withdrawing with the keyboard, the
// author's CSV link; a group's Files tab: uploading with the plain form,
// the list with type, size, uploader and date, deleting after the
// confirmation. No script errors, no sideways scrolling on a phone;
// screenshots at 390 and 1280 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { useServer, PASSWORD } from '../e2e/lib/server.mjs';
import { Client } from '../e2e/lib/http.mjs';
import { launch, newPage, shoot, assertNoProblems, signIn } from '../e2e/lib/browser.mjs';

const ANN = { email: 'ann@example.com', name: 'Ann Author' };
const BEA = { email: 'bea@example.com', name: 'Bea Bakker' };
const server = useServer({ users: [ANN, BEA] });
let browser, ann, bea, annTok, beaId, groupId;

const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');

before(async () => {
	await server.ready;
	const c = new Client(server.url);
	annTok = (await c.apiSignIn(ANN.email, PASSWORD)).token;
	beaId = (await new Client(server.url).apiSignIn(BEA.email, PASSWORD)).person.id;
	const g = await c.post('/api/v1/groups', { bearer: annTok, json: { name: 'Modem test team', kind: 'closed', category: 'Projects' } });
	assert.equal(g.status, 201, String(g));
	groupId = g.json.id;
	const m = await c.post(`/api/v1/groups/${groupId}/members`, { bearer: annTok, json: { person_id: beaId } });
	if (m.status !== 201 && m.status !== 200)
		execFileSync('sqlite3', [join(server.dataDir, 'plein.db'), `INSERT INTO group_members(group_id, person_id, role, joined_at) VALUES (${groupId}, ${beaId}, 'member', 1)`]);
	// files already there, so the list shows several types
	for (const [name, body] of [['Test plan.pdf', PDF], ['Results.csv', Buffer.from('modem,result\nA,ok\nB,slow\n')],
		['Notes.txt', Buffer.from('Bring the spare cables.\n')]]) {
		const r = await c.post(`/api/v1/groups/${groupId}/files?name=${encodeURIComponent(name)}`,
			{ bearer: annTok, body, headers: { 'Content-Type': 'application/octet-stream' } });
		assert.equal(r.status, 201, String(r));
	}
	browser = await launch();
	({ page: ann } = await newPage(browser));
	({ page: bea } = await newPage(browser));
	await signIn(ann, server.url, ANN.email, PASSWORD);
	await signIn(bea, server.url, BEA.email, PASSWORD);
});
after(async () => {
	await browser?.close();
});

test('the author writes a post with a sign-up from the composer', async () => {
	await ann.goto(`${server.url}/`);
	await ann.fill('#composer-text', 'We need volunteers to test the new modem at home for a week.');
	await ann.click('.composer-signup summary');
	await ann.check('#composer-signup');
	await ann.fill('#composer-signup-cap', '20');
	await ann.fill('#composer-signup-deadline', '2031-12-01');
	await shoot(ann, 'signups-composer');
	await Promise.all([ann.waitForURL((u) => u.pathname === '/'), ann.click('#composer button[type="submit"]')]);
	const box = ann.locator('.post-item .signup-box, .post .signup-box').first();
	assert.match(await box.textContent(), /0 of 20 places taken · closes 1 Dec 2031/);
	assert.equal(await box.locator('a[href$="/signup.csv"]').count(), 1, 'the author downloads the list');
	assertNoProblems(ann, 'home with a sign-up');
});

test('a colleague signs up and withdraws with the keyboard', async () => {
	await bea.goto(`${server.url}/discover`);
	const post = bea.locator('article.post', { hasText: 'volunteers to test the new modem' }).first();
	await post.locator('.signup-box button', { hasText: 'Sign up' }).focus();
	await Promise.all([bea.waitForURL(/\/posts\/\d+$/), bea.keyboard.press('Enter')]);
	const box = bea.locator('.signup-box').first();
	assert.match(await box.textContent(), /1 of 20 places taken/);
	assert.match(await box.textContent(), /You are signed up/);
	assert.equal(await box.locator('a[href$="/signup.csv"]').count(), 0, 'only the author gets the list');
	await shoot(bea, 'signups-post');
	await Promise.all([bea.waitForURL(/\/posts\/\d+$/), box.locator('button', { hasText: 'Withdraw' }).click()]);
	assert.match(await bea.locator('.signup-box').first().textContent(), /0 of 20 places taken/);
	await bea.locator('.signup-box button', { hasText: 'Sign up' }).click();
	await bea.waitForSelector('.signup-mine');
	assertNoProblems(bea, 'post with a sign-up');
});

test('the Files tab: the list, an upload with the plain form, delete after confirming', async () => {
	await bea.goto(`${server.url}/groups/${groupId}/files`);
	const rows = bea.locator('.file-row');
	assert.equal(await rows.count(), 3);
	assert.match(await rows.first().textContent(), /Notes\.txt/);
	assert.match(await rows.first().textContent(), /Ann Author/);
	await bea.setInputFiles('#files-input', { name: 'Modem manual.pdf', mimeType: 'application/pdf', buffer: PDF });
	await Promise.all([bea.waitForURL((u) => u.pathname === `/groups/${groupId}/files`), bea.click('.files-upload button[type="submit"]')]);
	assert.equal(await rows.count(), 4);
	assert.match(await rows.first().textContent(), /Modem manual\.pdf/);
	assert.match(await bea.locator('body').textContent(), /The file has been added to the group/);
	// Bea may delete her own file, not Ann's
	assert.equal(await rows.first().locator('.file-delete').count(), 1);
	assert.equal(await rows.nth(1).locator('.file-delete').count(), 0);
	await shoot(bea, 'group-files');
	await Promise.all([bea.waitForURL(/\/delete$/), rows.first().locator('.file-delete').click()]);
	assert.match(await bea.locator('h1').textContent(), /Delete this file\?/);
	await Promise.all([bea.waitForURL((u) => u.pathname === `/groups/${groupId}/files`), bea.click('button.btn-danger')]);
	assert.equal(await rows.count(), 3);
	// a refused upload explains itself next to the field
	await bea.setInputFiles('#files-input', { name: 'page.html', mimeType: 'text/html', buffer: Buffer.from('<!DOCTYPE html><p>hi</p>') });
	await bea.click('.files-upload button[type="submit"]');
	await bea.waitForSelector('#files-error');
	assert.match(await bea.locator('#files-error').textContent(), /page\.html/);
	await shoot(bea, 'group-files-error');
	assertNoProblems(bea, 'files tab');
});
