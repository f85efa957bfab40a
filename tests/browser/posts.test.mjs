// Conversations in the browser: write a post with the composer (preview,
// an @mention chosen from the suggestions with the keyboard, a #topic), see
// it in the Following stream, react in place, comment and reply on the
// post's page, edit (history shows the earlier version), delete after the
// confirmation; the public-post reminder; Dutch labels; no horizontal
// scroll on a phone; screenshots at 390 and 1280 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, PASSWORD } from '../e2e/lib/server.mjs';
import { Client } from '../e2e/lib/http.mjs';
import { launch, newPage, shoot, assertNoProblems, signIn, checkNoHorizontalScroll, PHONE } from '../e2e/lib/browser.mjs';

const ANN = { email: 'ann@example.com', name: 'Ann Admin', role: 'admin' };
const BEA = { email: 'bea@example.com', name: 'Bea Bakker' };
const server = useServer({ users: [ANN, BEA] });
let browser;
let page;

before(async () => {
	await server.ready;
	const c = new Client(server.url);
	const { token } = await c.apiSignIn(ANN.email, PASSWORD);
	const r = await c.post('/api/v1/posts', { bearer: token, json: { text: 'Welcome to the **new** intranet! #welcome' } });
	assert.equal(r.status, 201, String(r));
	browser = await launch();
	({ page } = await newPage(browser));
	await signIn(page, server.url, BEA.email, PASSWORD);
});
after(async () => {
	await browser?.close();
});

test('compose with preview, a mention from the suggestions and a topic', async () => {
	await page.goto(`${server.url}/discover`);
	assert.ok(await page.locator('.stream .post-item').count() >= 1, 'discover shows the welcome post');
	await page.goto(`${server.url}/`);
	const area = page.locator('#composer-text');
	await area.click();
	await page.keyboard.type('Thanks @Ann');
	await page.waitForSelector('.suggest-list li[role="option"]');
	assert.match(await page.locator('.suggest-list li').first().textContent(), /Ann Admin/);
	await page.keyboard.press('Enter');
	await page.keyboard.type('for the #welcome party');
	assert.match(await area.inputValue(), /^Thanks @\[Ann Admin\]\(\/people\/\d+\) for the #welcome party$/);
	await page.click('button[data-preview]');
	await page.waitForSelector('#composer-preview:not([hidden]) a[href^="/people/"]');
	assert.equal(await page.locator('#composer-public-note').isHidden(), true);
	await page.selectOption('#composer-visibility', 'public');
	assert.equal(await page.locator('#composer-public-note').isVisible(), true, 'the be-externally-aware reminder');
	await page.selectOption('#composer-visibility', 'organisation');
	await shoot(page, 'posts-composer');
	await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.click('#composer button[type="submit"]')]);
	const first = page.locator('.stream .post-item').first();
	assert.match(await first.locator('.post-body').textContent(), /Thanks @Ann Admin for the #welcome party/);
	assert.equal(await first.locator('.post-body a[href="/topics/welcome"]').count(), 1);
	assertNoProblems(page, 'home');
});

test('react in place, then comment and reply on the post page', async () => {
	await page.goto(`${server.url}/discover`);
	const post = page.locator('.stream .post-item').last();
	const like = post.locator('form[action$="/reactions/tada"] button');
	await like.click();
	await page.waitForSelector('.stream .post-item:last-child form[action$="/reactions/tada"] button[aria-pressed="true"]');
	assert.match(await post.locator('form[action$="/reactions/tada"] button').textContent(), /1/);
	await post.locator('a[href$="#comments"]').click();
	await page.fill('#comment-text', 'Great to be here');
	await Promise.all([page.waitForURL(/#comment-\d+$/), page.click('.comment-form button[type="submit"]')]);
	assert.equal(await page.locator('.comments > .comment').count(), 1);
	await page.locator('.comment a[data-reply]').first().click();
	await page.fill('#comment-text', 'Me too');
	await Promise.all([page.waitForURL(/#comment-\d+$/), page.click('.comment-form button[type="submit"]')]);
	assert.equal(await page.locator('.replies .comment-reply').count(), 1, 'the reply sits under its comment');
	await shoot(page, 'posts-post-page');
	assertNoProblems(page, 'post page');
});

test('edit keeps history, delete asks first', async () => {
	await page.goto(`${server.url}/`);
	const mine = page.locator('.stream .post-item').first();
	await mine.locator('a[href$="/edit"]').click();
	await page.fill('#edit-text', 'Thanks everyone for the #welcome party');
	await page.click('form button[type="submit"].btn-primary');
	await page.waitForURL(/\/posts\/\d+$/);
	await page.locator('.post-when a[href$="/history"]').click();
	assert.match(await page.locator('.history').textContent(), /Thanks @Ann Admin for the #welcome party/);
	await shoot(page, 'posts-history');
	await page.goBack();
	await page.locator('.post-actions a[href$="/delete"]').click();
	assert.match(await page.locator('h1').textContent(), /Delete this post\?/);
	await shoot(page, 'posts-delete-confirm');
	await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.click('button.btn-danger')]);
	assert.match(await page.locator('.flash').textContent(), /deleted/);
});

test('a topic page: its posts and followers, follow with the button', async () => {
	await page.goto(`${server.url}/topics/welcome`);
	assert.match(await page.locator('h1').textContent(), /#welcome/);
	await page.click('button[aria-pressed="false"]');
	await page.waitForURL((u) => u.pathname === '/topics/welcome');
	assert.equal(await page.locator('.topic-head button').getAttribute('aria-pressed'), 'true');
	assert.match(await page.locator('.home-side').textContent(), /Bea Bakker/);
	await shoot(page, 'posts-topic');
	assertNoProblems(page, 'topic page');
});

test('phone layout and Dutch', async () => {
	const { page: nl } = await newPage(browser, { locale: 'nl-NL' });
	await nl.setViewportSize(PHONE);
	await signIn(nl, server.url, BEA.email, PASSWORD);
	await nl.goto(`${server.url}/discover`);
	assert.match(await nl.locator('.stream-tabs').textContent(), /Ontdekken/);
	await checkNoHorizontalScroll(nl, 'posts-discover-phone');
	await shoot(nl, 'posts-discover-phone');
	await nl.goto(`${server.url}/`);
	await checkNoHorizontalScroll(nl, 'posts-home-phone');
	await shoot(nl, 'posts-home-phone');
	await nl.close();
});
