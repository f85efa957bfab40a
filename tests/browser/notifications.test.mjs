// Notifications in the browser: the bell's unread badge on every signed-in
// page (hidden at 0, labelled for screen readers, following live changes),
// the list with unread ones marked, opening one with the keyboard marks it
// read and leads to the comment, "Mark all as read", the settings
// checkboxes; Dutch; no sideways scroll on a phone; screenshots at 390 and
// 1280 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, PASSWORD } from '../e2e/lib/server.mjs';
import { Client } from '../e2e/lib/http.mjs';
import { launch, newPage, shoot, assertNoProblems, signIn, checkNoHorizontalScroll } from '../e2e/lib/browser.mjs';

const ANN = { email: 'ann@example.com', name: 'Ann Peeters', role: 'admin' };
const BEA = { email: 'bea@example.com', name: 'Bea Bakker' };
const CAS = { email: 'cas@example.com', name: 'Cas de Vries' };
const server = useServer({ users: [ANN, BEA, CAS] });
let browser;
let page;
const tok = {};
const ids = {};
let c;
let postId;
let commentId;

before(async () => {
	await server.ready;
	c = new Client(server.url);
	for (const [k, u] of Object.entries({ ann: ANN, bea: BEA, cas: CAS })) {
		tok[k] = (await new Client(server.url).apiSignIn(u.email, PASSWORD)).token;
		ids[k] = (await c.get('/api/v1/me', { bearer: tok[k] })).json.id;
	}
	browser = await launch();
	({ page } = await newPage(browser));
	await signIn(page, server.url, BEA.email, PASSWORD);
});
after(async () => {
	await browser?.close();
});

test('the badge is hidden at 0 and counts what colleagues do', async () => {
	await page.goto(`${server.url}/settings`);
	const badge = page.locator('.notif-link .unread-count');
	assert.equal(await badge.isHidden(), true);
	assert.equal(await page.locator('.notif-link').getAttribute('aria-label'), 'Notifications');

	// real activity through the API: a mention, a comment, a reaction, praise, a follow
	let r = await c.post('/api/v1/posts', { bearer: tok.bea, json: { text: 'Our team day is on **Friday**. Ideas welcome!' } });
	postId = r.json.id;
	r = await c.post(`/api/v1/posts/${postId}/comments`, { bearer: tok.cas, json: { text: 'A walk along the river, and then lunch together at the harbour?' } });
	commentId = r.json.id;
	await c.put(`/api/v1/posts/${postId}/reactions/tada`, { bearer: tok.ann });
	await c.post('/api/v1/posts', { bearer: tok.ann, json: { text: `Great planning by @[Bea Bakker](/people/${ids.bea}) for the team day`, } });
	await c.post('/api/v1/posts', { bearer: tok.ann, json: { text: 'Thank you for organising everything', kind: 'praise', badge: 'team_player', praised: [ids.bea] } });
	await c.post(`/api/v1/people/${ids.bea}/follow`, { bearer: tok.cas });

	await page.goto(`${server.url}/`);
	assert.equal(await badge.isVisible(), true);
	assert.equal(await badge.textContent(), '5');
	assert.equal(await page.locator('.notif-link').getAttribute('aria-label'), '5 unread notifications');

	// a live update sets data-unread: the text, the label and hiding follow
	await page.evaluate(() => document.querySelector('.unread-count').setAttribute('data-unread', '1'));
	await page.waitForFunction(() => document.querySelector('.notif-link').getAttribute('aria-label') === '1 unread notification');
	assert.equal(await badge.textContent(), '1');
	await page.evaluate(() => window.pleinSetUnread(0));
	await page.waitForFunction(() => document.querySelector('.unread-count').hidden);
	await page.evaluate(() => window.pleinSetUnread(5));
	assertNoProblems(page, 'home');
});

test('the list shows who did what; opening one with the keyboard marks it read', async () => {
	await page.click('.notif-link');
	await page.waitForURL((u) => u.pathname === '/notifications');
	const items = page.locator('.notif');
	assert.equal(await items.count(), 5);
	assert.equal(await page.locator('.notif-unread').count(), 5);
	const texts = await page.locator('.notif-what').allTextContents();
	const clean = texts.map((t) => t.replace(/\s+/g, ' ').trim());
	assert.deepEqual(clean, [
		'Unread: Cas de Vries started following you',
		'Unread: Ann Peeters praised you: Team player',
		'Unread: Ann Peeters mentioned you',
		'Unread: Ann Peeters reacted 🎉 to your post',
		'Unread: Cas de Vries replied to your post',
	]);
	assert.match(await items.nth(4).locator('.notif-text').textContent(), /^A walk along the river/);
	await shoot(page, 'notifications-list');
	await checkNoHorizontalScroll(page, 'notifications');

	// Tab to Cas's reply and press Enter
	await page.locator('.notif-open').nth(4).focus();
	await Promise.all([page.waitForURL((u) => u.pathname === `/posts/${postId}`), page.keyboard.press('Enter')]);
	assert.equal(new URL(page.url()).hash, `#comment-${commentId}`);
	assert.equal(await page.locator('.notif-link .unread-count').textContent(), '4');
	await page.goto(`${server.url}/notifications`);
	assert.equal(await page.locator('.notif-unread').count(), 4);
	assert.equal(await page.locator('.notif').nth(4).getAttribute('class'), 'notif');
	assertNoProblems(page, 'notifications');
});

test('mark all as read, then the unread filter is empty', async () => {
	await Promise.all([page.waitForURL((u) => u.pathname === '/notifications'), page.click('.notif-read-all button')]);
	assert.match(await page.locator('.flash-message').textContent(), /All notifications are marked as read/);
	assert.equal(await page.locator('.notif-unread').count(), 0);
	assert.equal(await page.locator('.notif-link .unread-count').isHidden(), true);
	await page.click('.notif-filter a[href="/notifications?unread=1"]');
	await page.waitForSelector('.notif-empty');
	assert.match(await page.locator('.notif-empty h2').textContent(), /No unread notifications/);
	await shoot(page, 'notifications-empty');
});

test('settings: turn off reactions; they are no longer collected', async () => {
	await page.click('.notif-settings-link');
	await page.waitForURL((u) => u.pathname === '/settings');
	const box = page.getByLabel('Reactions to your posts');
	assert.equal(await box.isChecked(), true);
	await box.uncheck();
	await Promise.all([page.waitForURL((u) => u.pathname === '/settings'), page.click('#notifications button[type="submit"]')]);
	assert.equal(await page.getByLabel('Reactions to your posts').isChecked(), false);
	assert.equal(await page.getByLabel('Mentions of you').isChecked(), true);
	await page.locator('#notifications').scrollIntoViewIfNeeded();
	await shoot(page, 'notifications-settings');
	await c.put(`/api/v1/posts/${postId}/reactions/heart`, { bearer: tok.cas });
	await page.goto(`${server.url}/notifications?unread=1`);
	assert.equal(await page.locator('.notif').count(), 0);
	assertNoProblems(page, 'settings');
});

test('Dutch', async () => {
	const r = await c.post('/api/v1/posts', { bearer: tok.cas, json: { text: 'Wie gaat er mee lunchen?' } });
	await c.post(`/api/v1/posts/${r.json.id}/comments`, { bearer: tok.bea, json: { text: 'Ik!' } });
	const { page: nl } = await newPage(browser, { locale: 'nl-NL' });
	await signIn(nl, server.url, CAS.email, PASSWORD);
	await nl.goto(`${server.url}/notifications`);
	assert.equal(await nl.locator('h1').textContent(), 'Meldingen');
	const what = (await nl.locator('.notif-what').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
	assert.deepEqual(what, ['Ongelezen: Bea Bakker heeft gereageerd op je bericht']);
	assert.equal(await nl.locator('.notif-link').getAttribute('aria-label'), '1 ongelezen melding');
	assert.equal(await nl.locator('.notif-read-all button span').textContent(), 'Alles als gelezen markeren');
	await shoot(nl, 'notifications-nl');
	assertNoProblems(nl, 'Dutch');
	await nl.context().close();
});
