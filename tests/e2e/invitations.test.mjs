// Invitations: an administrator invites addresses (API and /admin/people),
// each link works once, an expired or revoked link says so, the invitee sets
// a password (and a name when new), lands signed in on the home page, and
// signs in the usual way afterwards. Members get 403; tokens stay out of
// the access log and the database.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { useServer, PASSWORD } from './lib/server.mjs';
import { Client, parseForms, textOf, assertApiError, sleep } from './lib/http.mjs';

const ANN = { email: 'ann@example.com', name: 'Ann Admin', role: 'admin' };
const MO = { email: 'mo@example.com', name: 'Mo Member' };
const server = useServer({ users: [ANN, MO] });
// a second instance whose invitations last one second, to see them expire
const shortLived = useServer({ users: [ANN], config: { auth: { invitation_lifetime: 1 } } });

const NEW_PASSWORD = 'a long new password for plein';

async function admin(srv = server) {
	const c = new Client(srv.url);
	const s = await c.apiSignIn(ANN.email, PASSWORD);
	return { c, bearer: s.token };
}

async function invite(emails, { role, srv = server } = {}) {
	const { c, bearer } = await admin(srv);
	const r = await c.post('/api/v1/invitations', { json: { emails, ...(role ? { role } : {}) }, bearer });
	assert.equal(r.status, 201, String(r));
	return r.json.items;
}

/** Accept an invitation through the web form; returns the response and the client. */
async function accept(srv, path, { name = 'New Person', password = NEW_PASSWORD, confirm = password } = {}) {
	const c = new Client(srv.url);
	const page = await c.get(path);
	assert.equal(page.status, 200, String(page));
	const form = parseForms(page.text).find((f) => f.action === path);
	assert.ok(form, `a form posting to ${path}`);
	const fields = { _csrf: form.values._csrf, password, password_confirm: confirm };
	if (form.fields.includes('name')) fields.name = name;
	return { r: await c.post(path, { form: fields }), c, form };
}

describe('POST /api/v1/invitations', () => {
	test('creates invitations and hands out each link once', async () => {
		const items = await invite(['Nina@Example.com', 'otto@example.com'], { role: 'moderator' });
		assert.equal(items.length, 2);
		for (const it of items) {
			assert.ok(Number.isInteger(it.id));
			assert.equal(it.role, 'moderator');
			assert.equal(it.state, 'pending');
			assert.match(it.path, /^\/invite\/[A-Za-z0-9_-]{43}$/);
			assert.equal(it.url, `${server.url}${it.path}`);
			assert.ok(Date.parse(it.expires_at) - Date.parse(it.created_at) >= 7 * 86400 * 1000 - 2000, 'valid for 7 days');
			assert.deepEqual(it.invited_by?.name, ANN.name);
		}
		// the list shows them without links
		const { c, bearer } = await admin();
		const list = await c.get('/api/v1/invitations', { bearer });
		assert.equal(list.status, 200, String(list));
		const mine = list.json.items.filter((i) => items.some((x) => x.id === i.id));
		assert.equal(mine.length, 2);
		for (const i of mine) assert.ok(!('url' in i) && !('path' in i) && !('token' in i), JSON.stringify(i));
		assert.ok(!list.text.includes(items[0].path.slice(8)), 'no token in the list');
	});

	test('every bad address is reported and nothing is created', async () => {
		const { c, bearer } = await admin();
		const before = (await c.get('/api/v1/invitations?limit=100', { bearer })).json.items.length;
		const r = await c.post('/api/v1/invitations', {
			json: { emails: ['fine@example.com', 'not-an-address', 'twice@example.com', 'TWICE@example.com', MO.email] },
			bearer,
		});
		assertApiError(r, 422, 'invalid', { field: 'emails' });
		const bad = Object.fromEntries(r.json.errors.map((e) => [e.email, e.message]));
		assert.deepEqual(Object.keys(bad).sort(), ['TWICE@example.com', MO.email, 'not-an-address'].sort());
		assert.match(bad['not-an-address'], /not a valid e-mail/);
		assert.match(bad['TWICE@example.com'], /twice/);
		assert.match(bad[MO.email], /can sign in already/);
		const after = (await c.get('/api/v1/invitations?limit=100', { bearer })).json.items.length;
		assert.equal(after, before, 'nothing created');
	});

	test('bad bodies: empty list, unknown role, wrong types', async () => {
		const { c, bearer } = await admin();
		assertApiError(await c.post('/api/v1/invitations', { json: { emails: [] }, bearer }), 422, 'invalid', { field: 'emails' });
		assertApiError(await c.post('/api/v1/invitations', { json: { emails: 'a@example.com' }, bearer }), 422, 'invalid', { field: 'emails' });
		assertApiError(await c.post('/api/v1/invitations', { json: { emails: [1] }, bearer }), 422, 'invalid', { field: 'emails' });
		assertApiError(await c.post('/api/v1/invitations', { json: { emails: ['a@example.com'], role: 'emperor' }, bearer }), 422, 'invalid', { field: 'role' });
		assertApiError(await c.post('/api/v1/invitations', { json: { emails: ['a@example.com'], extra: 1 }, bearer }), 422, 'invalid', { field: 'extra' });
		const many = Array.from({ length: 201 }, (_, i) => `p${i}@example.com`);
		assertApiError(await c.post('/api/v1/invitations', { json: { emails: many }, bearer }), 422, 'invalid', { field: 'emails' });
	});

	test('members get 403 and anonymous visitors 401', async () => {
		const c = new Client(server.url);
		const s = await c.apiSignIn(MO.email, PASSWORD);
		assertApiError(await c.post('/api/v1/invitations', { json: { emails: ['x@example.com'] }, bearer: s.token }), 403, 'forbidden');
		assertApiError(await c.get('/api/v1/invitations', { bearer: s.token }), 403, 'forbidden');
		assertApiError(await c.delete('/api/v1/invitations/1', { bearer: s.token }), 403, 'forbidden');
		const anon = new Client(server.url);
		assertApiError(await anon.get('/api/v1/invitations'), 401, 'unauthenticated');
		const page = await c.get('/admin/people');
		assert.equal(page.status, 403, 'a member cannot open /admin/people');
	});
});

describe('accepting an invitation', () => {
	test('a new person chooses a name and password, lands signed in, and signs in later', async () => {
		const [it] = await invite(['pia@example.com']);
		const { r, c, form } = await accept(server, it.path, { name: 'Pia Nieuw' });
		assert.ok(form.fields.includes('name'), 'a new person is asked for a name');
		assert.equal(r.status, 303, String(r));
		assert.equal(r.location, '/');
		const me = await c.get('/api/v1/me');
		assert.equal(me.status, 200, 'signed in by the form');
		assert.equal(me.json.email, 'pia@example.com');
		assert.equal(me.json.name, 'Pia Nieuw');
		assert.equal(me.json.role, 'member');
		const home = await c.get('/');
		assert.equal(home.status, 200);
		assert.match(textOf(home.text), /Your account is ready/);
		// the usual sign-in works with the new password
		const again = new Client(server.url);
		await again.signIn('pia@example.com', NEW_PASSWORD);
		// single use
		const second = await new Client(server.url).get(it.path);
		assert.equal(second.status, 410);
		assert.match(textOf(second.text), /used already/);
		const replay = await new Client(server.url).post(it.path, { form: { password: PASSWORD, password_confirm: PASSWORD, name: 'X' } });
		assert.ok([403, 410].includes(replay.status), `a second POST is refused: ${replay.status}`);
	});

	test('the role of the invitation is given', async () => {
		const [it] = await invite(['mod@example.com'], { role: 'moderator' });
		const { r, c } = await accept(server, it.path, { name: 'Mod Erator' });
		assert.equal(r.status, 303);
		assert.equal((await c.get('/api/v1/me')).json.role, 'moderator');
	});

	test('someone imported without a password is not asked for a name and keeps the profile', async () => {
		const { c, bearer } = await admin();
		const csrf = (await c.get('/api/v1/me', { bearer })).json.csrf_token;
		const imp = await c.post('/api/v1/imports?dry_run=false', {
			body: 'name,email,title\nIma Ported,ima@example.com,Archivist\n', headers: { 'Content-Type': 'text/csv' }, bearer, csrf,
		});
		assert.equal(imp.status, 200, String(imp));
		const [it] = await invite(['IMA@example.com']);
		assert.equal(it.has_account, true);
		const { r, c: ima, form } = await accept(server, it.path);
		assert.ok(!form.fields.includes('name'), 'no name asked of an imported person');
		assert.equal(r.status, 303, String(r));
		const me = (await ima.get('/api/v1/me')).json;
		assert.equal(me.name, 'Ima Ported');
		assert.equal(me.title, 'Archivist');
	});

	test('password policy and a wrong confirmation are refused with 422', async () => {
		const [it] = await invite(['weak@example.com']);
		let { r } = await accept(server, it.path, { password: 'short' });
		assert.equal(r.status, 422);
		assert.match(textOf(r.text), /12/);
		({ r } = await accept(server, it.path, { confirm: 'something else entirely' }));
		assert.equal(r.status, 422);
		assert.match(textOf(r.text), /not the same/);
		({ r } = await accept(server, it.path, { name: '' }));
		assert.equal(r.status, 422);
		// still usable after the failures
		({ r } = await accept(server, it.path));
		assert.equal(r.status, 303);
	});

	test('an unknown or malformed link gets a clear 404 page', async () => {
		for (const path of ['/invite/' + 'A'.repeat(43), '/invite/short', '/invite/%00']) {
			const r = await new Client(server.url).get(path);
			assert.equal(r.status, 404, `${path}: ${r.status}`);
			assert.match(textOf(r.text), /does not work/);
		}
		const post = await new Client(server.url).post('/invite/' + 'B'.repeat(43), { form: { password: PASSWORD } });
		assert.ok([403, 404].includes(post.status), `POST to an unknown link: ${post.status}`);
	});

	test('a revoked link says it was withdrawn; a newer invitation replaces the older one', async () => {
		const [first] = await invite(['rev@example.com']);
		const [second] = await invite(['rev@example.com']);
		let r = await new Client(server.url).get(first.path);
		assert.equal(r.status, 410);
		assert.match(textOf(r.text), /withdrawn/);
		const { c, bearer } = await admin();
		const csrf = (await c.get('/api/v1/me', { bearer })).json.csrf_token;
		const del = await c.delete(`/api/v1/invitations/${second.id}`, { bearer, csrf });
		assert.equal(del.status, 204, String(del));
		r = await new Client(server.url).get(second.path);
		assert.equal(r.status, 410);
		assert.match(textOf(r.text), /withdrawn/);
		assertApiError(await c.delete(`/api/v1/invitations/${second.id}`, { bearer }), 404, 'not_found');
		const list = (await c.get('/api/v1/invitations?limit=100', { bearer })).json.items;
		assert.ok(!list.some((i) => i.email === 'rev@example.com'), 'revoked ones are not pending');
	});

	test('an expired link says so', async () => {
		const [it] = await invite(['late@example.com'], { srv: shortLived });
		await sleep(2100);
		const r = await new Client(shortLived.url).get(it.path);
		assert.equal(r.status, 410);
		assert.match(textOf(r.text), /expired/);
		const { c, bearer } = await admin(shortLived);
		const listed = (await c.get('/api/v1/invitations', { bearer })).json.items.find((i) => i.id === it.id);
		assert.equal(listed.state, 'expired');
	});

	test('the token is not in the access log nor in the database', async () => {
		const [it] = await invite(['secret@example.com']);
		const token = it.path.slice('/invite/'.length);
		await new Client(server.url).get(it.path);
		await server.waitForStderr(/path=\/invite\/\{token\}/);
		assert.ok(!server.stderr.includes(token), 'the token reached the access log');
		const db = await readFile(join(server.dataDir, 'plein.db'));
		assert.ok(!db.includes(Buffer.from(token)), 'the token is stored in the database');
	});
});

describe('/admin/people', () => {
	test('invite by a list, see the links once, revoke with a confirmation step', async () => {
		const c = new Client(server.url);
		await c.signIn(ANN.email, PASSWORD);
		const hub = await c.get('/admin/people');
		assert.equal(hub.status, 200, String(hub));
		assert.match(hub.text, /href="\/admin\/people"/, 'a navigation link for admins');
		const r = await c.submit('/admin/people', { emails: 'web1@example.com, web2@example.com\nweb3@example.com', role: 'member' },
			{ action: '/admin/people/invite' });
		assert.equal(r.status, 200, String(r));
		assert.equal(r.headers.get('cache-control'), 'no-store');
		const links = [...r.text.matchAll(/value="(https?:\/\/[^"]+\/invite\/[A-Za-z0-9_-]{43})"/g)].map((m) => m[1]);
		assert.equal(links.length, 3, 'one link per address');
		assert.match(textOf(r.text), /does not send e-mail/);
		// not shown again
		const later = await c.get('/admin/people');
		for (const l of links) assert.ok(!later.text.includes(l.split('/invite/')[1]), 'links shown only once');
		assert.match(textOf(later.text), /web2@example\.com/);
		// revoke: GET shows a confirmation form, POST revokes
		const revoke = parseForms(later.text).length && [...later.text.matchAll(/href="(\/admin\/people\/invitations\/(\d+)\/revoke)"/g)];
		const target = revoke.find((m) => later.text.indexOf(m[0]) > later.text.indexOf('web2@example.com') - 400);
		assert.ok(target, 'a revoke link');
		const confirm = await c.get(target[1]);
		assert.equal(confirm.status, 200);
		const done = await c.submit(target[1], {});
		assert.equal(done.status, 303, String(done));
		const after = await c.get('/admin/people');
		assert.match(textOf(after.text), /has been revoked/);
		const again = await c.get(target[1]);
		assert.equal(again.status, 404, 'nothing left to revoke');
	});

	test('a bad address in the list: all reported, nothing created', async () => {
		const c = new Client(server.url);
		await c.signIn(ANN.email, PASSWORD);
		const r = await c.submit('/admin/people', { emails: 'good@example.com bad@@example.com ann@example.com', role: 'member' },
			{ action: '/admin/people/invite' });
		assert.equal(r.status, 422, String(r));
		const t = textOf(r.text);
		assert.match(t, /bad@@example\.com\s*: This is not a valid e-mail address/);
		assert.match(t, /ann@example\.com\s*: Someone with this address can sign in already/);
		assert.ok(!/good@example\.com\s*:/.test(t), 'the good address has no problem');
		assert.ok(!/\/invite\/[A-Za-z0-9_-]{43}/.test(r.text), 'no link made');
		const { c: api, bearer } = await admin();
		const list = (await api.get('/api/v1/invitations?limit=100', { bearer })).json.items;
		assert.ok(!list.some((i) => i.email === 'good@example.com'), 'nothing created');
	});

	test('the forms need their _csrf', async () => {
		const c = new Client(server.url);
		await c.signIn(ANN.email, PASSWORD);
		const r = await c.post('/admin/people/invite', { form: { emails: 'x@example.com' } });
		assert.equal(r.status, 403);
	});
});
