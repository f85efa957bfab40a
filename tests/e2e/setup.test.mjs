// First run: with no people at all, every page leads to /setup, which creates
// the first admin; afterwards /setup is closed for good.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer } from './lib/server.mjs';
import { Client, parseForms, assertApiError } from './lib/http.mjs';

const server = useServer(); // no users, no demo
const PW = 'the very first admin password';

test('with no people, / and /signin lead to /setup', async () => {
	const c = new Client(server.url);
	for (const path of ['/', '/signin']) {
		const r = await c.get(path);
		assert.equal(r.status, 303, `${path}: ${r}`);
		assert.equal(new URL(r.location, server.url).pathname, '/setup', `${path} → ${r.location}`);
	}
});

test('GET /setup shows the form', async () => {
	const c = new Client(server.url);
	const r = await c.get('/setup');
	assert.equal(r.status, 200, String(r));
	assert.match(r.contentType, /^text\/html;\s*charset=utf-8/i);
	const form = parseForms(r.text).find((f) => f.method === 'post' && f.fields.includes('password_confirm'));
	assert.ok(form, 'a POST form on /setup');
	for (const f of ['name', 'email', 'password', 'password_confirm', '_csrf']) {
		assert.ok(form.fields.includes(f), `/setup form lacks "${f}": ${form.fields}`);
	}
	assert.ok(form.values._csrf, '_csrf has a value');
	assert.ok(c.cookie('plein_csrf'), 'the anonymous form sets a plein_csrf cookie');
});

test('POST /setup without or with a wrong _csrf is 403', async () => {
	const c = new Client(server.url);
	await c.get('/setup');
	const fields = { name: 'Eve', email: 'eve@example.com', password: PW, password_confirm: PW };
	const none = await c.post('/setup', { form: fields });
	assert.equal(none.status, 403, String(none));
	const wrong = await c.post('/setup', { form: { ...fields, _csrf: 'x'.repeat(43) } });
	assert.equal(wrong.status, 403, String(wrong));
	// a valid token without the cookie it belongs to
	const other = new Client(server.url);
	const token = await other.csrfFrom('/setup', '/setup');
	const stranger = await new Client(server.url).post('/setup', { form: { ...fields, _csrf: token } });
	assert.equal(stranger.status, 403, `a _csrf without its cookie: ${stranger}`);
});

test('POST /setup rejects bad input and re-shows the form', async () => {
	const c = new Client(server.url);
	const cases = [
		{ name: 'Ann', email: 'ann@example.com', password: PW, password_confirm: PW + 'x' },
		{ name: 'Ann', email: 'ann@example.com', password: 'too short', password_confirm: 'too short' },
		{ name: '', email: 'ann@example.com', password: PW, password_confirm: PW },
		{ name: 'Ann', email: 'not an e-mail', password: PW, password_confirm: PW },
	];
	for (const fields of cases) {
		const r = await c.submit('/setup', fields);
		assert.ok(r.status === 422 || r.status === 400, `bad setup ${JSON.stringify(fields)} → ${r.status}`);
		assert.ok(parseForms(r.text).some((f) => f.fields.includes('password_confirm')), 'the form is shown again');
		assert.ok(!r.text.includes(PW), 'the password is not echoed back into the page');
	}
	// still no one: /setup is still open
	const again = await c.get('/setup');
	assert.equal(again.status, 200);
});

let adminClient;

test('POST /setup creates a signed-in admin', async () => {
	const c = new Client(server.url);
	const r = await c.submit('/setup', { name: 'Ann Admin', email: 'ann@example.com', password: PW, password_confirm: PW });
	assert.equal(r.status, 303, String(r));
	assert.equal(new URL(r.location, server.url).pathname, '/');
	assert.ok(c.cookie('plein_session'), 'signed in: plein_session cookie');
	const home = await c.get('/');
	assert.equal(home.status, 200, `home after setup: ${home}`);
	const me = await c.get('/api/v1/me');
	assert.equal(me.status, 200, String(me));
	assert.equal(me.json.role, 'admin');
	assert.equal(me.json.email, 'ann@example.com');
	assert.equal(me.json.name, 'Ann Admin');
	adminClient = c;
});

test('once someone exists, /setup is closed', async () => {
	const anon = new Client(server.url);
	const g = await anon.get('/setup');
	assert.equal(g.status, 303, String(g));
	assert.equal(new URL(g.location, server.url).pathname, '/signin');

	// with a perfectly valid anonymous _csrf taken from /signin
	const token = await anon.csrfFrom('/signin', '/signin');
	const p = await anon.post('/setup', { form: { name: 'Mallory', email: 'mallory@example.com', password: PW, password_confirm: PW, _csrf: token } });
	assert.equal(p.status, 403, `POST /setup after setup: ${p}`);
	assert.ok(!anon.cookie('plein_session'), 'no session from a closed /setup');

	// the signed-in admin cannot use it either
	const token2 = await adminClient.csrfFrom('/settings');
	const p2 = await adminClient.post('/setup', { form: { name: 'Mallory', email: 'mallory2@example.com', password: PW, password_confirm: PW, _csrf: token2 } });
	assert.equal(p2.status, 403, `POST /setup as admin after setup: ${p2}`);

	for (const email of ['mallory@example.com', 'mallory2@example.com']) {
		const s = await new Client(server.url).post('/api/v1/session', { json: { email, password: PW } });
		assertApiError(s, 401, 'invalid_credentials');
	}
});

test('/signin no longer leads to /setup', async () => {
	const anon = new Client(server.url);
	const r = await anon.get('/signin');
	assert.equal(r.status, 200, String(r));
	const home = await anon.get('/');
	assert.equal(home.status, 303);
	assert.equal(new URL(home.location, server.url).pathname, '/signin');
	const ok = await anon.apiSignIn('ann@example.com', PW);
	assert.equal(ok.person.role, 'admin');
});
