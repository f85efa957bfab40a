// Conversations over the API: posts (create, read, edit with history,
// delete), comments one level deep, reactions, following people and topics,
// the home and discover streams with cursors, who may see and do what, and
// concurrency (two people commenting at once, reactions toggled rapidly
// from several clients end consistent). Script and HTML in posts, comments,
// names and topics come back inert.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, PASSWORD } from './lib/server.mjs';
import { Client, assertApiError } from './lib/http.mjs';

const ANN = { email: 'ann@example.com', name: 'Ann Admin', role: 'admin' };
const BEA = { email: 'bea@example.com', name: 'Bea <b>Bakker</b>' };
const CAS = { email: 'cas@example.com', name: 'Cas de Vries' };
const MOD = { email: 'mod@example.com', name: 'Mo Moderator', role: 'moderator' };
const GUS = { email: 'gus@example.com', name: 'Gus Guest', role: 'guest' };
const COM = { email: 'com@example.com', name: 'Coby Comms', role: 'communicator' };
const server = useServer({ users: [ANN, BEA, CAS, MOD, GUS, COM] });

let c;
const tok = {};
const ids = {};
const post = (who, json) => c.post('/api/v1/posts', { bearer: tok[who], json });
const get = (who, path) => c.get(path, { bearer: tok[who] });

before(async () => {
	await server.ready;
	c = new Client(server.url);
	for (const [k, u] of Object.entries({ ann: ANN, bea: BEA, cas: CAS, mod: MOD, gus: GUS, com: COM })) {
		tok[k] = (await new Client(server.url).apiSignIn(u.email, PASSWORD)).token;
		ids[k] = (await c.get('/api/v1/me', { bearer: tok[k] })).json.id;
	}
});

describe('posts', () => {
	test('POST /api/v1/posts → 201 with id; GET returns text, html, author, topics, mentions', async () => {
		const r = await post('bea', { text: `Hello #Subsidies and #fietsen, thanks @[Cas de Vries](/people/${ids.cas})!` });
		assert.equal(r.status, 201, String(r));
		assert.equal(typeof r.json.id, 'number');
		assert.equal(r.headers.get('location'), `/api/v1/posts/${r.json.id}`);
		const g = await get('cas', `/api/v1/posts/${r.json.id}`);
		assert.equal(g.status, 200, String(g));
		assert.equal(g.json.author.id, ids.bea);
		assert.equal(g.json.visibility, 'organisation');
		assert.deepEqual(g.json.topics.sort(), ['Subsidies', 'fietsen']);
		assert.match(g.json.html, /<a rel="nofollow noopener" href="\/topics\/subsidies">#Subsidies<\/a>/);
		assert.match(g.json.html, /href="\/people\/\d+">Cas de Vries<\/a>/);
		assert.equal(g.json.edited_at, null);
		assert.equal(g.json.comment_count, 0);
		assert.deepEqual(g.json.reactions, {});
	});

	test('bad input: empty, blank, too long, bad visibility, not JSON, controls', async () => {
		assertApiError(await post('bea', { text: '' }), 422, 'invalid', { field: 'text' });
		assertApiError(await post('bea', { text: '  \n ' }), 422, 'invalid', { field: 'text' });
		assertApiError(await post('bea', { text: 'x'.repeat(10001) }), 422, 'invalid', { field: 'text' });
		assert.equal((await post('bea', { text: 'é'.repeat(10000) })).status, 201, '10,000 characters is fine');
		assertApiError(await post('bea', { text: 'hi', visibility: 'secret' }), 422, 'invalid');
		assertApiError(await post('bea', { text: 'a\u0007b' }), 422, 'invalid', { field: 'text' });
		assertApiError(await post('bea', { text: 5 }), 422, 'invalid');
		assertApiError(await post('bea', { text: 'hi', group_id: 3 }), 422, 'invalid', { field: 'group_id' });
		const r = await c.post('/api/v1/posts', { bearer: tok.bea, body: 'text=hi', headers: { 'content-type': 'application/json' } });
		assert.equal(r.status, 400);
	});

	test('script and HTML in posts, comments, names and topics render inert', async () => {
		const evil = '<script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3)) #<b>topic</b> #ok"><script>';
		const r = await post('bea', { text: evil });
		assert.equal(r.status, 201, String(r));
		assert.doesNotMatch(r.json.html, /<script|<img|<b>|href="javascript/i);
		assert.match(r.json.html, /&lt;script&gt;/);
		assert.equal(r.json.author.name, BEA.name, 'the name is data; pages escape it');
		const cm = await c.post(`/api/v1/posts/${r.json.id}/comments`, { bearer: tok.cas, json: { text: evil } });
		assert.equal(cm.status, 201, String(cm));
		assert.doesNotMatch(cm.json.html, /<script|<img|href="javascript/i);
		const page = await c.get(`/posts/${r.json.id}`, { bearer: tok.cas });
		if (page.status === 200) assert.doesNotMatch(page.text, /<script>alert|<b>Bakker<\/b>|onerror=alert/);
	});

	test('edit keeps history; only the author edits; unchanged text is not an edit', async () => {
		const r = await post('bea', { text: 'First version #alpha' });
		const id = r.json.id;
		assert.equal((await c.patch(`/api/v1/posts/${id}`, { bearer: tok.bea, json: { text: 'First version #alpha' } })).json.edited_at, null);
		const e = await c.patch(`/api/v1/posts/${id}`, { bearer: tok.bea, json: { text: 'Second version #beta' } });
		assert.equal(e.status, 200, String(e));
		assert.notEqual(e.json.edited_at, null);
		assert.deepEqual(e.json.topics, ['beta']);
		assertApiError(await c.patch(`/api/v1/posts/${id}`, { bearer: tok.cas, json: { text: 'hijack' } }), 403, 'forbidden');
		assertApiError(await c.patch(`/api/v1/posts/${id}`, { bearer: tok.ann, json: { text: 'admin edit' } }), 403, 'forbidden');
		assertApiError(await c.patch(`/api/v1/posts/${id}`, { bearer: tok.bea, json: { text: 'x', visibility: 'public' } }), 422, 'invalid');
		await c.patch(`/api/v1/posts/${id}`, { bearer: tok.bea, json: { text: 'Third' } });
		const h = await get('cas', `/api/v1/posts/${id}/revisions`);
		assert.equal(h.status, 200);
		assert.deepEqual(h.json.items.map((x) => x.text), ['First version #alpha', 'Second version #beta']);
	});

	test('delete: author, moderator, admin — not others; then 404 everywhere', async () => {
		for (const who of ['bea', 'mod', 'ann']) {
			const id = (await post('bea', { text: `to delete by ${who}` })).json.id;
			if (who === 'bea') assertApiError(await c.delete(`/api/v1/posts/${id}`, { bearer: tok.cas }), 403, 'forbidden');
			const d = await c.delete(`/api/v1/posts/${id}`, { bearer: tok[who] });
			assert.equal(d.status, 204, `${who}: ${d}`);
			assertApiError(await get('bea', `/api/v1/posts/${id}`), 404, 'not_found');
			assertApiError(await c.delete(`/api/v1/posts/${id}`, { bearer: tok[who] }), 404, 'not_found');
			const s = await get('bea', '/api/v1/stream/discover?limit=50');
			assert.ok(!s.json.items.some((p) => p.id === id), 'gone from streams');
		}
	});

	test('public posts are readable signed out; organisation posts are not', async () => {
		const pub = (await post('bea', { text: 'Open day on Friday', visibility: 'public' })).json.id;
		const org = (await post('bea', { text: 'Internal only' })).json.id;
		assert.equal((await c.get(`/api/v1/posts/${pub}`)).status, 200);
		assertApiError(await c.get(`/api/v1/posts/${org}`), 404, 'not_found');
		assert.equal((await c.get('/api/v1/stream/discover')).status, 401);
	});

	test('guests: no organisation posts, cannot post, only public ones', async () => {
		const org = (await post('bea', { text: 'Org news for members' })).json.id;
		assertApiError(await get('gus', `/api/v1/posts/${org}`), 404, 'not_found');
		assertApiError(await post('gus', { text: 'guest post' }), 403, 'forbidden');
		// the organisation's stream is for members (POL_BROWSE); a guest's home has only what is shared with them
		assertApiError(await get('gus', '/api/v1/stream/discover?limit=50'), 403, 'forbidden');
		const s = await get('gus', '/api/v1/stream/home?limit=50');
		assert.equal(s.status, 200);
		assert.ok(s.json.items.every((p) => p.visibility === 'public'), 'only public posts');
	});

	test('announcements: admins and communicators only', async () => {
		assertApiError(await post('bea', { text: 'Hear ye', kind: 'announcement' }), 403, 'forbidden');
		assert.equal((await post('com', { text: 'Office closed Monday', kind: 'announcement' })).status, 201);
	});

	test('praise: badge and colleagues; not yourself; a bad badge is refused', async () => {
		const r = await post('bea', { text: 'Thanks for the help!', kind: 'praise', badge: 'helpful', praised: [ids.cas] });
		assert.equal(r.status, 201, String(r));
		assert.equal(r.json.badge, 'helpful');
		assert.deepEqual(r.json.praised.map((p) => p.id), [ids.cas]);
		assertApiError(await post('bea', { text: 'me!', kind: 'praise', badge: 'helpful', praised: [ids.bea] }), 422, 'invalid');
		assertApiError(await post('bea', { text: 'x', kind: 'praise', badge: 'best', praised: [ids.cas] }), 422, 'invalid');
		assertApiError(await post('bea', { text: 'x', kind: 'praise', badge: 'helpful' }), 422, 'invalid');
	});
});

describe('comments', () => {
	test('threaded one level deep: a reply to a reply joins the thread', async () => {
		const p = (await post('bea', { text: 'Question for all' })).json.id;
		const add = (who, json) => c.post(`/api/v1/posts/${p}/comments`, { bearer: tok[who], json });
		const a = (await add('cas', { text: 'first' })).json;
		const b = (await add('bea', { text: 'reply', parent_id: a.id })).json;
		const d = (await add('ann', { text: 'reply to reply', parent_id: b.id })).json;
		assert.equal(b.parent_id, a.id);
		assert.equal(d.parent_id, a.id, 'joins the top-level thread');
		const e = (await add('cas', { text: 'second top-level' })).json;
		const l = await get('bea', `/api/v1/posts/${p}/comments`);
		assert.deepEqual(l.json.items.map((x) => x.id), [a.id, b.id, d.id, e.id]);
		assert.equal((await get('bea', `/api/v1/posts/${p}`)).json.comment_count, 4);
		assertApiError(await add('cas', { text: '' }), 422, 'invalid', { field: 'text' });
		const other = (await post('cas', { text: 'other post' })).json.id;
		assertApiError(await c.post(`/api/v1/posts/${other}/comments`, { bearer: tok.cas, json: { text: 'x', parent_id: a.id } }), 422, 'invalid');
		assertApiError(await add('gus', { text: 'guest' }), 404, 'not_found');
		// delete: others no; author yes; count follows
		assertApiError(await c.delete(`/api/v1/comments/${e.id}`, { bearer: tok.bea }), 403, 'forbidden');
		assert.equal((await c.delete(`/api/v1/comments/${e.id}`, { bearer: tok.cas })).status, 204);
		assert.equal((await get('bea', `/api/v1/posts/${p}`)).json.comment_count, 3);
	});

	test('two people commenting at once: every comment kept, count exact', async () => {
		const p = (await post('bea', { text: 'Busy thread' })).json.id;
		const jobs = [];
		for (let i = 0; i < 20; i++)
			for (const who of ['cas', 'ann'])
				jobs.push(c.post(`/api/v1/posts/${p}/comments`, { bearer: tok[who], json: { text: `${who} ${i}` } }));
		const rs = await Promise.all(jobs);
		assert.ok(rs.every((r) => r.status === 201), rs.map((r) => r.status).join());
		const l = await get('bea', `/api/v1/posts/${p}/comments`);
		assert.equal(l.json.items.length, 40);
		assert.equal((await get('bea', `/api/v1/posts/${p}`)).json.comment_count, 40);
	});
});

describe('reactions', () => {
	test('put and delete are idempotent; who reacted; no unknown kinds', async () => {
		const p = (await post('bea', { text: 'React to me' })).json.id;
		const put = (who, k) => c.put(`/api/v1/posts/${p}/reactions/${k}`, { bearer: tok[who] });
		assert.equal((await put('cas', 'like')).status, 200);
		const r = await put('cas', 'like');
		assert.deepEqual(r.json.reactions, { like: 1 });
		assert.deepEqual(r.json.my_reactions, ['like']);
		await put('ann', 'tada');
		await put('ann', 'like');
		const g = await get('bea', `/api/v1/posts/${p}`);
		assert.deepEqual(g.json.reactions, { like: 2, tada: 1 });
		assert.deepEqual(g.json.my_reactions, []);
		const who = await get('bea', `/api/v1/posts/${p}/reactions`);
		assert.equal(who.json.items.length, 3);
		assertApiError(await put('cas', 'dislike'), 404, 'not_found');
		assertApiError(await put('cas', 'downvote'), 404, 'not_found');
		const d = await c.delete(`/api/v1/posts/${p}/reactions/like`, { bearer: tok.cas });
		assert.deepEqual(d.json.reactions, { like: 1, tada: 1 });
		assertApiError(await put('gus', 'like'), 404, 'not_found');
	});

	test('toggled rapidly from several clients: the counts match the rows', async () => {
		const p = (await post('bea', { text: 'Toggle storm' })).json.id;
		const rs = [];
		for (let i = 0; i < 15; i++) {  // rounds of 8 concurrent toggles (the server caps connections per address)
			const jobs = [];
			for (const who of ['cas', 'ann', 'mod', 'com'])
				for (const k of ['like', 'heart'])
					jobs.push((i + who.length) % 2 === 0
						? c.put(`/api/v1/posts/${p}/reactions/${k}`, { bearer: tok[who] })
						: c.delete(`/api/v1/posts/${p}/reactions/${k}`, { bearer: tok[who] }));
			rs.push(...await Promise.all(jobs));
		}
		assert.ok(rs.every((r) => r.status === 200), rs.map((r) => r.status).join());
		const g = await get('bea', `/api/v1/posts/${p}`);
		const who = await get('bea', `/api/v1/posts/${p}/reactions`);
		const count = {};
		for (const x of who.json.items) count[x.kind] = (count[x.kind] || 0) + 1;
		assert.deepEqual(g.json.reactions, count);
	});
});

describe('following and streams', () => {
	test('home: own posts, followed people and topics, announcements — newest first, cursor pages', async () => {
		// a fresh pair: Mo follows nobody yet
		const before = await get('mod', '/api/v1/stream/home?limit=50');
		assert.equal(before.status, 200);
		const mine = (await post('mod', { text: 'My own update' })).json.id;
		const casPost = (await post('cas', { text: 'Cas writes' })).json.id;
		let home = await get('mod', '/api/v1/stream/home?limit=50');
		assert.ok(home.json.items.some((p) => p.id === mine));
		assert.ok(!home.json.items.some((p) => p.id === casPost), 'not followed yet');
		const f = await c.post(`/api/v1/people/${ids.cas}/follow`, { bearer: tok.mod });
		assert.equal(f.status, 200, String(f));
		assert.equal(f.json.following, true);
		home = await get('mod', '/api/v1/stream/home?limit=50');
		assert.ok(home.json.items.some((p) => p.id === casPost), 'followed now');
		assertApiError(await c.post(`/api/v1/people/${ids.mod}/follow`, { bearer: tok.mod }), 422, 'invalid');
		// topics
		const t = (await post('ann', { text: 'About #Koffie today' })).json.id;
		assert.ok(!(await get('mod', '/api/v1/stream/home?limit=50')).json.items.some((p) => p.id === t));
		const tf = await c.post('/api/v1/topics/koffie/follow', { bearer: tok.mod });
		assert.equal(tf.status, 200, String(tf));
		assert.equal(tf.json.following, true);
		assert.equal(tf.json.name, 'Koffie');
		assert.ok((await get('mod', '/api/v1/stream/home?limit=50')).json.items.some((p) => p.id === t));
		// announcements reach everyone's home
		const a = (await post('com', { text: 'All hands on Friday', kind: 'announcement' })).json.id;
		home = await get('mod', '/api/v1/stream/home?limit=50');
		assert.ok(home.json.items.some((p) => p.id === a));
		const got = home.json.items.map((p) => p.id);
		assert.deepEqual(got, [...got].sort((x, y) => y - x), 'newest first');
		for (const p of home.json.items) {
			assert.equal(typeof p.text, 'string');
			assert.equal(typeof p.author.id, 'number');
		}
		// unfollow
		await c.delete(`/api/v1/people/${ids.cas}/follow`, { bearer: tok.mod });
		assert.ok(!(await get('mod', '/api/v1/stream/home?limit=50')).json.items.some((p) => p.id === casPost));
	});

	test('discover pages with next_cursor until null, no duplicates, no gaps', async () => {
		for (let i = 0; i < 7; i++) await post('cas', { text: `filler ${i}` });
		const all = (await get('bea', '/api/v1/stream/discover?limit=50')).json.items.map((p) => p.id);
		const seen = [];
		let cursor = '';
		for (let guard = 0; guard < 100; guard++) {
			const r = await get('bea', `/api/v1/stream/discover?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
			assert.equal(r.status, 200);
			seen.push(...r.json.items.map((p) => p.id));
			if (!r.json.next_cursor) break;
			cursor = r.json.next_cursor;
		}
		assert.deepEqual(seen.slice(0, all.length), all);
		assert.equal(new Set(seen).size, seen.length);
		assertApiError(await get('bea', '/api/v1/stream/discover?cursor=abc'), 400, 'bad_request');
		assertApiError(await get('bea', '/api/v1/stream/home?limit=0'), 400, 'bad_request');
		assertApiError(await get('bea', '/api/v1/stream/home?limit=51'), 400, 'bad_request');
	});

	test('topic pages and suggestions; unknown topics are 404', async () => {
		await post('bea', { text: 'More on #Subsidies' });
		const t = await get('cas', '/api/v1/topics/SUBSIDIES');
		assert.equal(t.status, 200, String(t));
		assert.equal(t.json.name, 'Subsidies');
		assert.ok(t.json.posts >= 2);
		const ps = await get('cas', '/api/v1/topics/subsidies/posts');
		assert.ok(ps.json.items.length >= 2);
		assert.ok(ps.json.items.every((p) => p.topics.includes('Subsidies')));
		const s = await get('cas', '/api/v1/topics?q=sub');
		assert.equal(s.json.items[0].name, 'Subsidies');
		assertApiError(await get('cas', '/api/v1/topics/nosuchthing'), 404, 'not_found');
		assertApiError(await get('cas', '/api/v1/topics/%3Cscript%3E'), 404, 'not_found');
	});

	test('topics: only for colleagues; a topic from a deleted post is gone from suggestions', async () => {
		assertApiError(await get('gus', '/api/v1/topics?q='), 403, 'forbidden');
		assertApiError(await get('gus', '/api/v1/topics/subsidies'), 403, 'forbidden');
		assertApiError(await get('gus', '/api/v1/topics/subsidies/posts'), 403, 'forbidden');
		const id = (await post('bea', { text: 'Secret plan #zzacquisition' })).json.id;
		assert.equal((await get('cas', '/api/v1/topics?q=zzacq')).json.items.length, 1);
		await c.delete(`/api/v1/posts/${id}`, { bearer: tok.bea });
		assert.equal((await get('cas', '/api/v1/topics?q=zzacq')).json.items.length, 0, 'no trace in suggestions');
		assertApiError(await get('cas', '/api/v1/topics/zzacquisition'), 404, 'not_found');
		// following a topic nobody wrote about yet creates it; unfollowing the last follower removes it
		const f = await c.post('/api/v1/topics/brandnew/follow', { bearer: tok.cas });
		assert.equal(f.status, 200, String(f));
		assert.equal(f.json.followers, 1);
		const u = await c.delete('/api/v1/topics/brandnew/follow', { bearer: tok.cas });
		assert.equal(u.status, 200, String(u));
		assert.equal(u.json.following, false);
		assertApiError(await get('cas', '/api/v1/topics/brandnew'), 404, 'not_found');
	});

	test('toggling a reaction or a follow does not pile up notifications', async () => {
		const p = (await post('bea', { text: 'Toggle me' })).json.id;
		const before = (await get('bea', '/api/v1/notifications?unread=1&limit=50')).json.unread;
		for (let i = 0; i < 5; i++) {
			await c.put(`/api/v1/posts/${p}/reactions/heart`, { bearer: tok.cas });
			await c.delete(`/api/v1/posts/${p}/reactions/heart`, { bearer: tok.cas });
			await c.post(`/api/v1/people/${ids.bea}/follow`, { bearer: tok.cas });
			await c.delete(`/api/v1/people/${ids.bea}/follow`, { bearer: tok.cas });
		}
		const after = (await get('bea', '/api/v1/notifications?unread=1&limit=50')).json.unread;
		assert.ok(after - before <= 2, `one reaction and at most one follow notification, got ${after - before}`);
	});

	test('a person\'s posts', async () => {
		const r = await get('ann', `/api/v1/people/${ids.cas}/posts`);
		assert.equal(r.status, 200);
		assert.ok(r.json.items.length > 0 && r.json.items.every((p) => p.author.id === ids.cas));
	});
});
