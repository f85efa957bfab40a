// live.test.mjs — live updates over server-sent events (GET /api/v1/events,
// GET /events): who receives which event, replay with Last-Event-ID across
// a restart, the bound on open streams, and a clean stop with streams open.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { useServer, PleinServer, PASSWORD, assertCleanExit } from './lib/server.mjs';
import { Client } from './lib/http.mjs';
import { openStream } from './lib/sse.mjs';

const ALICE = { email: 'alice@live.example', name: 'Alice Live', role: 'member' };
const BOB = { email: 'bob@live.example', name: 'Bob Live', role: 'communicator' };
const GUS = { email: 'gus@live.example', name: 'Gus Guest', role: 'guest' };
const DAN = { email: 'dan@live.example', name: 'Dan Live', role: 'member' };

const server = useServer({ users: [ALICE, BOB, GUS, DAN] });
const tokens = {};
const ids = {};
const streams = [];

function sql(srv, text) {
	// the .timeout dot-command waits for plein's writes without printing (a PRAGMA would)
	return execFileSync('sqlite3', ['-cmd', '.timeout 5000', join(srv.dataDir, 'plein.db'), text],
		{ encoding: 'utf8' }).trim();
}

// A post through the API (its event is written in the same transaction);
// returns the post's id.
async function addPost(who, { text = 'hello', visibility, kind } = {}) {
	const r = await new Client(server.url).post('/api/v1/posts', { json: { text, visibility, kind }, bearer: tokens[who] });
	assert.equal(r.status, 201, `POST /api/v1/posts as ${who}: ${r}`);
	return r.json.id;
}

async function open(who, opts = {}) {
	const s = await openStream(server.url, '/api/v1/events', { bearer: tokens[who], ...opts });
	streams.push(s);
	return s;
}

before(async () => {
	await server.ready;
	for (const [k, u] of Object.entries({ alice: ALICE, bob: BOB, gus: GUS, dan: DAN })) {
		const r = await new Client(server.url).apiSignIn(u.email, PASSWORD);
		tokens[k] = r.token;
		ids[k] = r.person.id;
	}
});

after(() => {
	for (const s of streams) s.close();
});

test('anonymous requests get no stream', async () => {
	const api = await openStream(server.url, '/api/v1/events');
	assert.equal(api.status, 401);
	assert.match(api.headers['content-type'], /json/);
	const page = await openStream(server.url, '/events');
	assert.notEqual(page.status, 200);
	api.close();
	page.close();
});

test('a stream announces its retry delay and receives a new post', async () => {
	const s = await open('alice');
	assert.equal(s.status, 200);
	assert.match(s.headers['content-type'], /^text\/event-stream/);
	assert.equal(s.headers['cache-control'], 'no-store');
	await s.until((x) => x.retry !== null && x.lastEventId !== null, 'retry and the newest id');
	assert.equal(s.retry, 2000);
	const postId = await addPost('bob');
	const e = await s.waitFor('post', (d) => d.post_id === postId);
	assert.equal(e.author_id, ids.bob);
	assert.deepEqual(e.topics, []);
	assert.equal(e.in_home, false, 'Alice follows nobody: not for her home stream');
	const own = await addPost('alice');
	assert.equal((await s.waitFor('post', (d) => d.post_id === own)).in_home, true, 'her own post is');
	const ann = await addPost('bob', { kind: 'announcement' });
	assert.equal((await s.waitFor('post', (d) => d.post_id === ann)).in_home, true, 'announcements are');
	assert.equal(s.json('post').filter((d) => d.post_id === postId).length, 1, 'delivered once');
});

test('the page stream works with the session cookie', async () => {
	const c = new Client(server.url);
	await c.signIn(BOB.email, PASSWORD);
	const s = await openStream(server.url, '/events', { cookie: c.cookieHeader() });
	streams.push(s);
	assert.equal(s.status, 200);
	const postId = await addPost('alice');
	assert.equal((await s.waitFor('post', (d) => d.post_id === postId)).author_id, ids.alice);
});

test('a page says where its stream starts: what happens between the page and its stream is replayed', async () => {
	const c = new Client(server.url);
	await c.signIn(BOB.email, PASSWORD);
	const page = await c.get('/discover');
	const since = page.text.match(/data-live-since="(\d+)"/)?.[1];
	assert.ok(since !== undefined, 'the page carries data-live-since');
	const between = await addPost('alice');  // written after the page, before its stream opened
	const s = await openStream(server.url, `/events?last_event_id=${since}`, { cookie: c.cookieHeader() });
	streams.push(s);
	assert.equal(s.status, 200);
	assert.equal((await s.waitFor('post', (d) => d.post_id === between)).author_id, ids.alice);
});

test('a notification reaches its recipient only, with the unread count', async () => {
	const a = await open('alice');
	const b = await open('bob');
	await a.until((x) => x.lastEventId !== null, 'the first id');
	await b.until((x) => x.lastEventId !== null, 'the first id');
	const postId = await addPost('alice');
	const r = await new Client(server.url).put(`/api/v1/posts/${postId}/reactions/like`, { bearer: tokens.bob });
	assert.ok(r.status < 300, `PUT reaction: ${r}`);
	const n = await a.waitFor('notification');
	assert.ok(n.unread >= 1);
	assert.equal(n.post_id, postId);
	await a.waitFor('reaction', (d) => d.post_id === postId);
	// a later post reaches Bob after the notification would have: he never gets it
	const marker = await addPost('alice');
	await b.waitFor('post', (d) => d.post_id === marker);
	assert.equal((await b.waitFor('reaction', (d) => d.post_id === postId)).author_id, ids.alice);
	assert.equal(b.json('notification').length, 0, 'Bob received Alice\'s notification');
});

test('comments arrive with their id; in_home follows people and topics', async () => {
	const c = new Client(server.url);
	await addPost('dan', { text: 'First #Café post' });   // the topic exists from here
	assert.equal((await c.post(`/api/v1/people/${ids.bob}/follow`, { bearer: tokens.alice })).status < 300, true);
	const tf = await c.post('/api/v1/topics/caf%C3%A9/follow', { bearer: tokens.alice });
	assert.ok(tf.status < 300, `follow the topic: ${tf}`);
	const a = await open('alice');   // follows are read when the stream opens
	await a.until((x) => x.lastEventId !== null, 'the first id');
	const byBob = await addPost('bob', { text: 'Lunch?' });
	const byTopic = await addPost('dan', { text: 'Lunch at the #café?' });
	const other = await addPost('dan', { text: 'Nothing to do with food' });
	await a.waitFor('post', (d) => d.post_id === other);
	const home = Object.fromEntries(a.json('post').map((d) => [d.post_id, d.in_home]));
	assert.deepEqual([home[byBob], home[byTopic], home[other]], [true, true, false],
		'followed person: home; followed topic: home; neither: not');
	assert.deepEqual(a.json('post').find((d) => d.post_id === byTopic).topics, ['Café'], 'the name as first written');
	const r = await c.post(`/api/v1/posts/${byBob}/comments`, { json: { text: 'Yes!' }, bearer: tokens.alice });
	assert.equal(r.status, 201, `POST comment: ${r}`);
	const e = await a.waitFor('comment', (d) => d.post_id === byBob);
	assert.equal(e.comment_id, r.json.id);
	assert.equal(e.author_id, ids.bob, 'author_id is the post\'s author');
});

test('a guest never receives events about posts only members may see', async () => {
	const g = await open('gus');
	await g.until((x) => x.lastEventId !== null, 'the first id');
	const c = new Client(server.url);
	const hidden = await addPost('bob', { visibility: 'organisation' });
	assert.equal((await c.post(`/api/v1/posts/${hidden}/comments`, { json: { text: 'inside' }, bearer: tokens.alice })).status, 201);
	assert.ok((await c.put(`/api/v1/posts/${hidden}/reactions/heart`, { bearer: tokens.alice })).status < 300);
	const shown = await addPost('bob', { visibility: 'public' });
	assert.equal((await c.post(`/api/v1/posts/${shown}/comments`, { json: { text: 'outside' }, bearer: tokens.alice })).status, 201);
	await g.waitFor('comment', (d) => d.post_id === shown);
	const about = g.json().map((d) => d.post_id);
	assert.ok(!about.includes(hidden), `the guest got events about post ${hidden}: ${JSON.stringify(g.events)}`);
	assert.ok(about.includes(shown));
	assert.ok(Number(g.lastEventId) > 0);
});

test('a deleted post is news to those who could see it, and nothing else about it is sent', async () => {
	const a = await open('alice');
	await a.until((x) => x.lastEventId !== null, 'the first id');
	const postId = await addPost('bob');
	await a.waitFor('post', (d) => d.post_id === postId);
	assert.ok((await new Client(server.url).delete(`/api/v1/posts/${postId}`, { bearer: tokens.bob })).status < 300);
	await a.waitFor('post_deleted', (d) => d.post_id === postId);
	// a writer that raced the deletion: its event names a deleted post
	sql(server, `INSERT INTO events(kind, post_id, created_at) VALUES ('reaction', ${postId}, strftime('%s'));`);
	const marker = await addPost('bob');
	await a.waitFor('post', (d) => d.post_id === marker);
	assert.equal(a.json('reaction').filter((d) => d.post_id === postId).length, 0);
});

test('an id from another database (past the newest) gets a reset', async () => {
	const s = await open('alice', { lastEventId: 999999 });
	await s.waitFor('reset');
	assert.ok(Number(s.lastEventId) < 999999, 'the reset moves the client to the newest id');
	const bad = await open('alice', { lastEventId: 'abc' });
	assert.equal(bad.status, 200, 'a malformed Last-Event-ID starts from now');
});

test('signing out ends the stream (the hub checks sessions every 30 s)', async () => {
	const c = new Client(server.url);
	const { token } = await c.apiSignIn(ALICE.email, PASSWORD);   // a session of its own
	const s = await openStream(server.url, '/api/v1/events', { bearer: token });
	streams.push(s);
	assert.equal(s.status, 200);
	await s.until((x) => x.lastEventId !== null, 'the first id');
	assert.equal((await c.delete('/api/v1/session', { bearer: token })).status < 300, true);
	await s.until((x) => x.ended, 'the stream to end after sign-out', 45_000);
	const again = await openStream(server.url, '/api/v1/events', { bearer: token });
	assert.equal(again.status, 401, 'and it cannot be reopened');
	again.close();
});

test('Last-Event-ID replays what was missed across a restart, exactly once', async () => {
	const s = await open('alice');
	const first = await addPost('bob');
	await s.waitFor('post', (d) => d.post_id === first);
	const seen = s.lastEventId;
	s.close();
	const missed = [await addPost('bob')];
	for (const x of streams) x.close();
	assertCleanExit(await server.stop(), 'plein serve (restart)');
	await server.serve();   // the same data directory
	for (const k of Object.keys(tokens)) {   // sessions survive the restart
		assert.equal((await new Client(server.url).get('/api/v1/me', { bearer: tokens[k] })).status, 200);
	}
	missed.push(await addPost('alice', { visibility: 'public' }));
	const r = await open('alice', { lastEventId: seen });
	const later = await addPost('bob');
	await r.waitFor('post', (d) => d.post_id === later);
	const got = r.json('post').map((d) => d.post_id);
	assert.deepEqual(got, [...missed, later], 'the missed posts in order, each once, then the new one');
	assert.ok(!got.includes(first));
	// the ?last_event_id= form, for clients that cannot set headers
	const q = await openStream(server.url, `/api/v1/events?last_event_id=${seen}`, { bearer: tokens.alice });
	streams.push(q);
	await q.until((x) => x.json('post').length >= 3, 'three replayed posts');
	assert.deepEqual(q.json('post').map((d) => d.post_id), [...missed, later]);
});

test('streams past [server] max_streams get 503; SIGTERM with streams open stops cleanly', async () => {
	const srv = new PleinServer({ users: [ALICE], config: { server: { max_streams: 2 } } });
	await srv.start();
	try {
		const tok = (await new Client(srv.url).apiSignIn(ALICE.email, PASSWORD)).token;
		const a = await openStream(srv.url, '/api/v1/events', { bearer: tok });
		const b = await openStream(srv.url, '/api/v1/events', { bearer: tok });
		assert.equal(a.status, 200);
		assert.equal(b.status, 200);
		const c = await openStream(srv.url, '/api/v1/events', { bearer: tok });
		assert.equal(c.status, 503);
		assert.equal(JSON.parse(c.body).error.code, 'unavailable');
		assert.ok(c.headers['retry-after']);
		c.close();
		await a.until((x) => x.lastEventId !== null, 'the first id');
		// below the 10 s drain grace: the stop does not wait for open streams
		const r = await srv.stop({ timeout: 8000 });
		assertCleanExit(r, 'plein serve with open streams');
		await a.until((x) => x.ended, 'the stream to end');
		await b.until((x) => x.ended, 'the stream to end');
	} finally {
		if (srv.running) await srv.stop();
		await srv.cleanup();
	}
});
