// Notifications end to end: real mentions, replies, reactions, praise and
// follows through the API notify the right person with the right text;
// self-actions and turned-off kinds do not; the list pages with a cursor;
// unread counts; marking read (never someone else's); settings; a deleted
// post leaves its notification without content. Then the pages: the top
// bar's badge, the list, opening one, "Mark all as read", the settings form.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, PASSWORD } from './lib/server.mjs';
import { Client, assertApiError, parseForms, RFC3339_UTC } from './lib/http.mjs';

const ANN = { email: 'ann@example.com', name: 'Ann Peeters', role: 'admin' };
const BOB = { email: 'bob@example.com', name: 'Bob <i>Jansen</i>' };
const CAS = { email: 'cas@example.com', name: 'Cas de Vries' };
const DEE = { email: 'dee@example.com', name: 'Dee Dekker' };
const server = useServer({ users: [ANN, BOB, CAS, DEE] });

let c;
const tok = {};
const ids = {};
const get = (who, path) => c.get(path, { bearer: tok[who] });
const post = (who, path, json) => c.post(path, { bearer: tok[who], json });
const notes = async (who, q = '') => {
	const r = await get(who, `/api/v1/notifications${q}`);
	assert.equal(r.status, 200, String(r));
	return r.json;
};
const newPost = async (who, text, extra = {}) => {
	const r = await post(who, '/api/v1/posts', { text, ...extra });
	assert.equal(r.status, 201, String(r));
	return r.json.id;
};
const readAll = async (who) => assert.equal((await post(who, '/api/v1/notifications/read', { all: true })).status, 200);

before(async () => {
	await server.ready;
	c = new Client(server.url);
	for (const [k, u] of Object.entries({ ann: ANN, bob: BOB, cas: CAS, dee: DEE })) {
		tok[k] = (await new Client(server.url).apiSignIn(u.email, PASSWORD)).token;
		ids[k] = (await c.get('/api/v1/me', { bearer: tok[k] })).json.id;
	}
});

describe('notifications API', () => {
	test('a mention notifies the one mentioned, with a plain-text snippet', async () => {
		const text = `Thanks @[Bob Jansen](/people/${ids.bob}) for the **review**! <script>x()</script>`;
		const pid = await newPost('ann', text);
		const n = await notes('bob');
		assert.equal(n.unread, 1);
		assert.equal(n.items.length, 1);
		const it = n.items[0];
		assert.equal(it.kind, 'mention');
		assert.deepEqual({ id: it.actor.id, name: it.actor.name }, { id: ids.ann, name: ANN.name });
		assert.equal(it.post_id, pid);
		assert.equal(it.comment_id, null);
		assert.equal(it.read, false);
		assert.equal(it.available, true);
		assert.match(it.created_at, RFC3339_UTC);
		assert.equal(it.text, 'Thanks @Bob Jansen for the review! x()');
		assert.doesNotMatch(it.text, /[<>*]/);
		// the author mentioning themself is not notified; others hear nothing
		await newPost('ann', `Note to self @[Ann](/people/${ids.ann})`);
		assert.equal((await notes('ann')).unread, 0);
		assert.equal((await notes('cas')).items.length, 0);
		await readAll('bob');
	});

	test('comments and replies notify the post author and the answered comment\'s author', async () => {
		const pid = await newPost('ann', 'Lunch on Friday?');
		const c1 = await post('bob', `/api/v1/posts/${pid}/comments`, { text: 'Count me in' });
		assert.equal(c1.status, 201, String(c1));
		const c2 = await post('cas', `/api/v1/posts/${pid}/comments`, { text: 'Me **too**', parent_id: c1.json.id });
		assert.equal(c2.status, 201, String(c2));
		const ann = await notes('ann');
		assert.deepEqual(ann.items.slice(0, 2).map((x) => [x.kind, x.actor.id, x.comment_id, x.text, x.to_comment]), [
			['reply', ids.cas, c2.json.id, 'Me too', false],
			['reply', ids.bob, c1.json.id, 'Count me in', false],
		]);
		const bob = await notes('bob', '?unread=1');
		assert.equal(bob.items.length, 1);
		assert.equal(bob.items[0].kind, 'reply');
		assert.equal(bob.items[0].to_comment, true, 'Cas answered Bob\'s comment');
		assert.equal(bob.items[0].post_id, pid);
		// a mention in a comment
		const c3 = await post('bob', `/api/v1/posts/${pid}/comments`, { text: `@[Dee Dekker](/people/${ids.dee}) join us` });
		const dee = await notes('dee');
		assert.equal(dee.items[0].kind, 'mention');
		assert.equal(dee.items[0].comment_id, c3.json.id);
		assert.equal(dee.items[0].text, '@Dee Dekker join us');
		for (const w of ['ann', 'bob', 'dee']) await readAll(w);
	});

	test('reactions, praise and follows', async () => {
		const pid = await newPost('cas', 'Shipped the new intranet!');
		assert.equal((await c.put(`/api/v1/posts/${pid}/reactions/tada`, { bearer: tok.dee })).status, 200);
		assert.equal((await c.put(`/api/v1/posts/${pid}/reactions/tada`, { bearer: tok.cas })).status, 200);
		let cas = await notes('cas');
		assert.equal(cas.unread, 1, 'own reaction does not notify');
		assert.equal(cas.items[0].kind, 'reaction');
		assert.equal(cas.items[0].reaction, 'tada');
		assert.equal(cas.items[0].actor.id, ids.dee);
		assert.equal(cas.items[0].text, 'Shipped the new intranet!');

		const praise = await newPost('ann', 'Always there when it matters', {
			kind: 'praise', badge: 'team_player', praised: [ids.cas, ids.dee] });
		cas = await notes('cas');
		assert.equal(cas.items[0].kind, 'praise');
		assert.equal(cas.items[0].badge, 'team_player');
		assert.equal(cas.items[0].post_id, praise);
		assert.equal((await notes('dee')).items[0].kind, 'praise');

		assert.ok([200, 201, 204].includes((await c.post(`/api/v1/people/${ids.cas}/follow`, { bearer: tok.bob })).status));
		cas = await notes('cas');
		assert.equal(cas.items[0].kind, 'follow');
		assert.equal(cas.items[0].actor.id, ids.bob);
		assert.equal(cas.items[0].actor.name, BOB.name, 'the name as data; pages escape it');
		assert.equal(cas.items[0].post_id, null);
		assert.equal(cas.unread, 3);
		for (const w of ['cas', 'dee']) await readAll(w);
	});

	test('settings: default on, turned off kinds are not collected, bad input refused', async () => {
		let s = await get('dee', '/api/v1/notifications/settings');
		assert.equal(s.status, 200);
		assert.deepEqual(s.json, { mention: true, reply: true, reaction: true, praise: true, follow: true, groups: true, questions: true });
		s = await c.put('/api/v1/notifications/settings', { bearer: tok.dee, json: { follow: false, reaction: false } });
		assert.equal(s.status, 200, String(s));
		assert.deepEqual(s.json, { mention: true, reply: true, reaction: false, praise: true, follow: false, groups: true, questions: true });
		await c.post(`/api/v1/people/${ids.dee}/follow`, { bearer: tok.ann });
		const pid = await newPost('dee', 'Quiet please');
		await c.put(`/api/v1/posts/${pid}/reactions/like`, { bearer: tok.ann });
		assert.equal((await notes('dee')).unread, 0, 'follow and reaction are off');
		await post('ann', `/api/v1/posts/${pid}/comments`, { text: 'Sure' });
		assert.equal((await notes('dee')).unread, 1, 'replies still on');
		await readAll('dee');
		// unknown kind, wrong type, not an object
		assertApiError(await c.put('/api/v1/notifications/settings', { bearer: tok.dee, json: { email: true } }), 422, 'invalid', { field: 'email' });
		assertApiError(await c.put('/api/v1/notifications/settings', { bearer: tok.dee, json: { mention: 'yes' } }), 422, 'invalid', { field: 'mention' });
		assert.equal((await c.put('/api/v1/notifications/settings', { bearer: tok.dee, json: [true] })).status, 400);
		assert.deepEqual((await get('dee', '/api/v1/notifications/settings')).json.follow, false, 'unchanged by refused requests');
		// another person's settings are their own
		assert.equal((await get('ann', '/api/v1/notifications/settings')).json.follow, true);
	});

	test('cursor pages newest first; unread filter; mark read only one\'s own', async () => {
		const made = [];
		for (let i = 0; i < 7; i++) made.push(await newPost('ann', `Round ${i} @[Bob](/people/${ids.bob})`));
		const seen = [];
		let cursor = '';
		for (let guard = 0; guard < 10; guard++) {
			const n = await notes('bob', `?limit=3${cursor ? `&cursor=${cursor}` : ''}&unread=1`);
			assert.ok(n.items.length <= 3);
			seen.push(...n.items.map((x) => x.id));
			if (!n.next_cursor) break;
			assert.equal(typeof n.next_cursor, 'string');
			cursor = n.next_cursor;
		}
		assert.equal(seen.length, 7);
		assert.deepEqual([...seen].sort((a, b) => b - a), seen, 'newest first');
		assert.equal(new Set(seen).size, 7, 'no repeats');

		// Cas cannot mark Bob's notifications
		let r = await post('cas', '/api/v1/notifications/read', { ids: seen.slice(0, 3) });
		assert.equal(r.status, 200);
		assert.equal(r.json.marked, 0);
		assert.equal((await notes('bob')).unread, 7);
		r = await post('bob', '/api/v1/notifications/read', { ids: seen.slice(0, 2) });
		assert.deepEqual(r.json, { marked: 2, unread: 5 });
		const all = await notes('bob');
		assert.equal(all.items.find((x) => x.id === seen[0]).read, true);
		assert.equal((await notes('bob', '?unread=1')).items.length, 5);
		r = await post('bob', '/api/v1/notifications/read', { all: true });
		assert.deepEqual(r.json, { marked: 5, unread: 0 });

		// bad requests
		for (const body of [{}, { all: false }, { ids: 'x' }, { ids: [0] }, { ids: [-1] }, { ids: ['1'] }, { ids: [1.5] },
			{ all: true, ids: [1] }, { ids: Array.from({ length: 101 }, (_, i) => i + 1) }])
			assert.equal((await post('bob', '/api/v1/notifications/read', body)).status, 422, JSON.stringify(body).slice(0, 40));
		for (const q of ['?cursor=abc', '?cursor=-1', '?limit=0', '?limit=51', '?unread=maybe'])
			assertApiError(await get('bob', `/api/v1/notifications${q}`), 400, 'bad_request');
		assert.equal((await c.get('/api/v1/notifications')).status, 401);
	});

	test('a deleted post leaves the notification without its content', async () => {
		const pid = await newPost('ann', `Secret plans for @[Cas](/people/${ids.cas})`);
		let n = await notes('cas');
		assert.equal(n.items[0].text, 'Secret plans for @Cas');
		assert.equal((await c.delete(`/api/v1/posts/${pid}`, { bearer: tok.ann })).status, 204);
		n = await notes('cas');
		const it = n.items[0];
		assert.equal(it.kind, 'mention');
		assert.equal(it.available, false);
		assert.equal(it.post_id, null);
		assert.equal(it.text, '');
		assert.doesNotMatch(JSON.stringify(n), /Secret plans/);
		await readAll('cas');
	});
});

describe('notification pages', () => {
	let web;
	before(async () => {
		web = new Client(server.url);
		await web.signIn(CAS.email, PASSWORD);
	});

	test('top bar badge, the list, opening marks read and leads to the comment', async () => {
		let page = await web.get('/settings');
		assert.match(page.text, /<span class="unread-count" data-unread="0" hidden aria-hidden="true">0<\/span>/);
		const pid = await newPost('cas', 'What do you think?');
		const cm = await post('bob', `/api/v1/posts/${pid}/comments`, { text: 'Looks <b>great</b>' });
		await c.post(`/api/v1/people/${ids.cas}/follow`, { bearer: tok.dee });
		page = await web.get('/');
		assert.match(page.text, /<a class="notif-link" href="\/notifications" aria-label="2 unread notifications"/);
		assert.match(page.text, /<span class="unread-count" data-unread="2" aria-hidden="true">2<\/span>/);

		page = await web.get('/notifications');
		assert.equal(page.status, 200);
		assert.match(page.text, /<strong>Bob &lt;i&gt;Jansen&lt;\/i&gt;<\/strong> replied to your post/);
		assert.match(page.text, /<strong>Dee Dekker<\/strong> started following you/);
		assert.match(page.text, /Looks great/);
		assert.doesNotMatch(page.text, /<b>great/);
		assert.equal((page.text.match(/class="notif notif-unread"/g) || []).length, 2);
		assert.match(page.text, /<span class="visually-hidden">Unread: <\/span>/);

		const forms = parseForms(page.text);
		const open = forms.filter((f) => /^\/notifications\/\d+\/open$/.test(f.action));
		assert.ok(open.length >= 2);
		const r = await web.post(open[1].action, { form: { _csrf: open[1].values._csrf } });  // the older: Bob's reply
		assert.equal(r.status, 303);
		assert.equal(r.headers.get('location'), `/posts/${pid}#comment-${cm.json.id}`);
		assert.equal((await notes('cas')).unread, 1);
		const first = await web.post(open[0].action, { form: { _csrf: open[0].values._csrf } });
		assert.equal(first.headers.get('location'), `/people/${ids.dee}`);

		// without the CSRF token nothing happens; someone else's id is a 404
		assert.equal((await web.post(open[0].action, { form: {} })).status, 403);
		const other = await new Client(server.url);
		await other.signIn(DEE.email, PASSWORD);
		const csrf = await other.csrfFrom('/settings');
		assert.equal((await other.post(open[0].action, { form: { _csrf: csrf } })).status, 404);
	});

	test('mark all as read, empty state, settings form', async () => {
		await newPost('bob', `Hi @[Cas](/people/${ids.cas})`);
		let page = await web.get('/notifications?unread=1');
		assert.match(page.text, /Mark all as read/);
		const r = await web.submit('/notifications', {}, { action: '/notifications/read-all' });
		assert.equal(r.status, 303);
		assert.equal((await notes('cas')).unread, 0);
		page = await web.get('/notifications?unread=1');
		assert.match(page.text, /No unread notifications/);
		assert.doesNotMatch(page.text, /Mark all as read/);
		assert.equal((await web.get('/notifications?cursor=zz')).status, 400);

		page = await web.get('/settings');
		const form = parseForms(page.text).find((f) => f.action === '/settings/notifications');
		assert.ok(form, 'settings has a notifications form');
		for (const k of ['mention', 'reply', 'reaction', 'praise', 'follow', 'groups', 'questions'])
			assert.match(page.text, new RegExp(`<input type="checkbox" name="${k}" value="1" checked`));
		// untick "follow" and "praise": only the ticked boxes are sent
		const s = await web.post('/settings/notifications', { form: { _csrf: form.values._csrf, mention: '1', reply: '1', reaction: '1' } });
		assert.equal(s.status, 303);
		assert.deepEqual((await get('cas', '/api/v1/notifications/settings')).json,
			{ mention: true, reply: true, reaction: true, praise: false, follow: false, groups: false, questions: false });
		page = await web.get('/settings');
		assert.match(page.text, /Your notification settings have been saved/);
		assert.match(page.text, /<input type="checkbox" name="follow" value="1" aria-describedby/);

		// Dutch
		const nl = await web.get('/notifications', { headers: { 'Accept-Language': 'nl' } });
		assert.match(nl.text, /<h1>Meldingen<\/h1>/);
	});
});
