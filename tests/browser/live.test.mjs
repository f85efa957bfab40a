// Live updates in the browser (server-sent events): posts written elsewhere
// show the "N new posts" bar without moving the stream, and arrive on a
// click with the focus on the newest; on a post's page new comments and
// replies appear in their threads and reactions refresh; the bar speaks
// Dutch on a Dutch page; after a server restart the page reconnects by
// itself and loses nothing; screenshots at 390 and 1280 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { useServer, PleinServer, PASSWORD, assertCleanExit } from '../e2e/lib/server.mjs';
import { Client } from '../e2e/lib/http.mjs';
import { launch, newPage, shoot, assertNoProblems, signIn } from '../e2e/lib/browser.mjs';

const ANN = { email: 'ann@live.example', name: 'Ann Admin', role: 'admin' };
const BEA = { email: 'bea@live.example', name: 'Bea Bakker' };
const server = useServer({ users: [ANN, BEA] });
const api = () => new Client(server.url);
let browser;
let page;
let annToken;

async function annPosts(text, extra = {}) {
	const r = await api().post('/api/v1/posts', { bearer: annToken, json: { text, ...extra } });
	assert.equal(r.status, 201, String(r));
	return r.json.id;
}

/** Go to `path` and wait until its event stream answered (200, headers in). */
async function gotoLive(p, path) {
	const answered = p.waitForResponse((r) => new URL(r.url()).pathname === '/events');
	await p.goto(`${server.url}${path}`);
	const r = await answered;
	assert.equal(r.status(), 200, `GET /events from ${path}`);
}

before(async () => {
	await server.ready;
	annToken = (await api().apiSignIn(ANN.email, PASSWORD)).token;
	await annPosts('Good morning, everyone');
	browser = await launch();
	({ page } = await newPage(browser));
	await signIn(page, server.url, BEA.email, PASSWORD);
});
after(async () => {
	await browser?.close();
});

test('new posts wait behind the bar until it is clicked', async () => {
	await gotoLive(page, '/discover');
	const items = page.locator('ol.stream > li.post-item');
	const before = await items.count();
	const firstBefore = await items.first().getAttribute('id');
	const bar = page.locator('button.new-posts');
	assert.equal(await bar.isHidden(), true);
	const ids = [await annPosts('Coffee in the kitchen #coffee'), await annPosts('The printer works again')];
	await page.waitForFunction(() => /2 new posts/.test(document.querySelector('button.new-posts')?.textContent || ''));
	assert.equal(await bar.isVisible(), true);
	assert.equal(await items.count(), before, 'nothing was inserted before the click');
	assert.equal(await items.first().getAttribute('id'), firstBefore, 'the stream did not move');
	assert.match(await page.locator('[data-new-posts-status]').textContent(), /2 new posts/, 'announced politely');
	await shoot(page, 'live-new-posts-bar');
	await bar.click();
	await page.waitForFunction((n) => document.querySelectorAll('ol.stream > li.post-item').length === n, before + 2);
	assert.equal(await bar.isHidden(), true);
	assert.equal(await items.first().getAttribute('id'), `post-${ids[1]}`, 'the newest first');
	assert.equal(await items.nth(1).getAttribute('id'), `post-${ids[0]}`);
	assert.equal(await page.locator('ol.stream').getAttribute('data-newest'), String(ids[1]));
	assert.equal(await page.evaluate(() => document.activeElement?.id), `post-${ids[1]}`, 'focus on the newest post');
	// the next one counts from one again
	await annPosts('One more thing');
	await page.waitForFunction(() => /^\s*1 new post\s*$/.test(document.querySelector('button.new-posts')?.textContent || ''));
	assertNoProblems(page, 'discover with live updates');
});

test('more new posts than one page: the bar brings all of them, in order, none lost', async () => {
	await gotoLive(page, '/discover');
	const items = page.locator('ol.stream > li.post-item');
	const before = await items.count();
	const ids = [];
	for (let i = 0; i < 25; i++) ids.push(await annPosts(`Batch post ${i}`));
	await page.waitForFunction(() => /25 new posts/.test(document.querySelector('button.new-posts')?.textContent || ''));
	await page.locator('button.new-posts').click();
	await page.waitForFunction((n) => document.querySelectorAll('ol.stream > li.post-item').length === n, before + 25);
	const got = await items.evaluateAll((els) => els.slice(0, 25).map((e) => Number(e.dataset.postId)));
	assert.deepEqual(got, [...ids].reverse(), 'all 25, newest first, no gap');
});

test('a post page shows new comments, replies in their thread, and fresh reactions', async () => {
	const postId = await annPosts('Who joins the Friday walk?');
	await gotoLive(page, `/posts/${postId}`);
	const c1 = await api().post(`/api/v1/posts/${postId}/comments`, { bearer: annToken, json: { text: 'Meet at the entrance' } });
	assert.equal(c1.status, 201, String(c1));
	await page.waitForSelector(`ol.comments > li#comment-${c1.json.id}`);
	assert.match(await page.locator(`#comment-${c1.json.id}`).textContent(), /Meet at the entrance/);
	const c2 = await api().post(`/api/v1/posts/${postId}/comments`, { bearer: annToken, json: { text: 'At 12:30', parent_id: c1.json.id } });
	assert.equal(c2.status, 201, String(c2));
	await page.waitForSelector(`#comment-${c1.json.id} .replies > li#comment-${c2.json.id}`);
	assert.equal(await page.locator(`#comment-${c2.json.id}`).count(), 1, 'shown once');
	const r = await api().put(`/api/v1/posts/${postId}/reactions/tada`, { bearer: annToken });
	assert.ok(r.status < 300, String(r));
	await page.waitForFunction((id) => /\b1\b/.test(document.querySelector(`article.post .reactions[data-post-id="${id}"]`)?.textContent || ''), postId);
	await shoot(page, 'live-post-page');
	assertNoProblems(page, 'post page with live updates');
});

test('the bar speaks Dutch on a Dutch page', async () => {
	const { page: nl, context } = await newPage(browser, { locale: 'nl-NL' });
	try {
		await signIn(nl, server.url, BEA.email, PASSWORD);
		await gotoLive(nl, '/discover');
		assert.equal(await nl.evaluate(() => document.documentElement.lang), 'nl');
		await annPosts('Taart bij de receptie');
		await annPosts('En koffie');
		await nl.waitForFunction(() => /2 nieuwe berichten/.test(document.querySelector('button.new-posts')?.textContent || ''));
		await shoot(nl, 'live-new-posts-bar-nl');
		assertNoProblems(nl, 'Dutch discover');
	} finally {
		await context.close();
	}
});

function freePort() {
	return new Promise((resolve, reject) => {
		const s = createServer();
		s.on('error', reject);
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address();
			s.close(() => resolve(port));
		});
	});
}

test('after a server restart the page reconnects and misses nothing', async () => {
	// a server of its own on a fixed port: the page reconnects to the same address
	const srv = new PleinServer({ users: [ANN, BEA], listen: `127.0.0.1:${await freePort()}` });
	await srv.start();
	const { page: p, context } = await newPage(browser);
	try {
		const token = (await new Client(srv.url).apiSignIn(ANN.email, PASSWORD)).token;
		const write = async (text) => {
			const r = await new Client(srv.url).post('/api/v1/posts', { bearer: token, json: { text } });
			assert.equal(r.status, 201, String(r));
			return r.json.id;
		};
		await write('Before the restart');
		await signIn(p, srv.url, BEA.email, PASSWORD);
		const first = p.waitForResponse((r) => new URL(r.url()).pathname === '/events');
		await p.goto(`${srv.url}/discover`);
		await first;
		await write('Seen live');
		await p.waitForFunction(() => /1 new post/.test(document.querySelector('button.new-posts')?.textContent || ''));
		assertCleanExit(await srv.stop(), 'plein serve (restart)');
		await srv.serve();   // same data directory, same port
		const again = p.waitForResponse((r) => new URL(r.url()).pathname === '/events' && r.status() === 200, { timeout: 15000 });
		const id = await write('Written during the reconnect');
		await again;
		await p.waitForFunction(() => /2 new posts/.test(document.querySelector('button.new-posts')?.textContent || ''));
		await p.click('button.new-posts');
		await p.waitForSelector(`ol.stream > li#post-${id}`);
		assert.equal(await p.locator(`ol.stream > li#post-${id}`).count(), 1, 'inserted once');
		assertNoProblems(p, 'discover across a restart');
	} finally {
		await context.close();
		const r = await srv.stop();
		await srv.cleanup();
		assertCleanExit(r, 'plein serve (end of the restart test)');
	}
});
