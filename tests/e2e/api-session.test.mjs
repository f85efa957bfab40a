// /api/v1/session and /api/v1/sessions: sign-in, bearer and cookie
// authentication, CSRF on cookie requests, listing and ending sessions.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, PASSWORD } from './lib/server.mjs';
import { Client, parseSetCookie, assertApiError, assertPerson, assertSession } from './lib/http.mjs';

const ANN = { email: 'ann@example.com', name: 'Ann Admin', role: 'admin' };
const MO = { email: 'mo@example.com', name: 'Mo Member' };
const LIV = { email: 'liv@example.com', name: 'Liv Lid' };
const server = useServer({ users: [ANN, MO, LIV] });

describe('POST /api/v1/session', () => {
	test('200: token, csrf_token, person and a session cookie', async () => {
		const c = new Client(server.url);
		const r = await c.post('/api/v1/session', { json: { email: MO.email, password: PASSWORD } });
		assert.equal(r.status, 200, String(r));
		assert.match(r.contentType, /^application\/json/);
		const b = r.json;
		assert.equal(typeof b.token, 'string');
		assert.ok(b.token.length >= 22, 'a token of at least 128 bits');
		assert.equal(typeof b.csrf_token, 'string');
		assert.ok(b.csrf_token.length >= 16);
		assert.notEqual(b.csrf_token, b.token);
		assertPerson(b.person);
		assert.equal(b.person.email, MO.email);
		assert.equal(b.person.name, MO.name);
		assert.equal(b.person.role, 'member');
		const ck = r.setCookie('plein_session');
		assert.ok(ck, 'Set-Cookie: plein_session');
		const { attrs, value } = parseSetCookie(ck);
		assert.ok(attrs.httponly, ck);
		assert.equal(String(attrs.samesite).toLowerCase(), 'lax', ck);
		assert.equal(attrs.path, '/', ck);
		assert.ok(value.length >= 22);
		assert.ok(!('secure' in attrs) || true); // plain HTTP in tests: Secure is only required under TLS
	});

	test('every sign-in gets new tokens', async () => {
		const a = await new Client(server.url).apiSignIn(MO.email, PASSWORD);
		const b = await new Client(server.url).apiSignIn(MO.email, PASSWORD);
		assert.notEqual(a.token, b.token);
		assert.notEqual(a.csrf_token, b.csrf_token);
	});

	test('wrong password and unknown e-mail: identical 401 invalid_credentials', async () => {
		const c = new Client(server.url);
		const wrong = await c.post('/api/v1/session', { json: { email: MO.email, password: 'definitely wrong!' } });
		const unknown = await c.post('/api/v1/session', { json: { email: 'nobody@example.com', password: 'definitely wrong!' } });
		assertApiError(wrong, 401, 'invalid_credentials');
		assertApiError(unknown, 401, 'invalid_credentials');
		assert.deepEqual(wrong.json, unknown.json, 'the same body for both');
		assert.equal(wrong.setCookie('plein_session'), undefined, 'no session cookie on failure');
		assert.ok(!wrong.text.includes('definitely wrong!'));
	});

	test('an empty password never signs in', async () => {
		const r = await new Client(server.url).post('/api/v1/session', { json: { email: MO.email, password: '' } });
		assert.ok([400, 401, 422].includes(r.status), String(r));
		assert.ok(r.json.error);
	});

	test('missing or mistyped fields → a clean 4xx error', async () => {
		for (const body of [{}, { email: MO.email }, { password: PASSWORD }, { email: 42, password: PASSWORD },
			{ email: MO.email, password: null }, { email: [MO.email], password: PASSWORD }, [], 'x', 1, null]) {
			const r = await new Client(server.url).post('/api/v1/session', { json: JSON.stringify(body) });
			assert.ok([400, 401, 422].includes(r.status), `${JSON.stringify(body)}: ${r.status}`);
			assert.ok(r.json.error && typeof r.json.error.code === 'string', `${JSON.stringify(body)}: ${r.text}`);
		}
	});

	test('a 129-character password is answered, not crashed on; 10 KB too', async () => {
		for (const pw of ['p'.repeat(129), 'p'.repeat(10_000)]) {
			const r = await new Client(server.url).post('/api/v1/session', { json: { email: MO.email, password: pw } });
			assert.ok([400, 401, 413, 422].includes(r.status), String(r.status));
			assert.ok(r.json.error);
		}
	});
});

describe('authentication', () => {
	let mo;
	before(async () => { mo = await new Client(server.url).apiSignIn(MO.email, PASSWORD); });

	for (const [method, path] of [['GET', '/api/v1/me'], ['GET', '/api/v1/people'], ['GET', '/api/v1/people/1'], ['GET', '/api/v1/sessions'],
		['PATCH', '/api/v1/me'], ['DELETE', '/api/v1/session'], ['DELETE', '/api/v1/sessions/1']]) {
		// no cookie, so no CSRF check applies: the answer is 401, not 403
		test(`no credentials: ${method} ${path} → 401 unauthenticated`, async () => {
			const r = await new Client(server.url).request(method, path, method === 'PATCH' ? { json: { name: 'x' } } : {});
			assertApiError(r, 401, 'unauthenticated');
		});
	}

	test('bad bearer tokens → 401 unauthenticated', async () => {
		const c = new Client(server.url);
		for (const h of [`Bearer ${mo.token}x`, `Bearer ${mo.token.slice(0, -1)}`, 'Bearer ', 'Bearer', `Basic ${mo.token}`,
			`Bearer ${mo.csrf_token}`, `Bearer ${'A'.repeat(5000)}`, 'Bearer \u00e9\u00e9']) {
			const r = await c.get('/api/v1/me', { headers: { Authorization: h } });
			assertApiError(r, 401, 'unauthenticated');
		}
	});

	test('bearer: GET and PATCH /api/v1/me without any CSRF token', async () => {
		const c = new Client(server.url);
		const me = await c.get('/api/v1/me', { bearer: mo.token });
		assert.equal(me.status, 200, String(me));
		assertPerson(me.json);
		assert.equal(me.json.email, MO.email);
		assert.equal(typeof me.json.csrf_token, 'string');
		assert.ok('language' in me.json);
		const p = await c.patch('/api/v1/me', { bearer: mo.token, json: { title: 'Bearer title' } });
		assert.equal(p.status, 200, String(p));
		assert.equal(p.json.title, 'Bearer title');
	});

	test('"bearer" in any case is accepted (RFC 6750 scheme is case-insensitive)', async () => {
		const r = await new Client(server.url).get('/api/v1/me', { headers: { Authorization: `bearer ${mo.token}` } });
		assert.equal(r.status, 200, String(r));
	});
});

describe('cookie authentication and CSRF', () => {
	let c;
	let s;
	before(async () => {
		c = new Client(server.url);
		s = await c.apiSignIn(LIV.email, PASSWORD);
		assert.ok(c.cookie('plein_session'));
	});

	test('GET with the cookie needs no CSRF token', async () => {
		const r = await c.get('/api/v1/me');
		assert.equal(r.status, 200, String(r));
		assert.equal(r.json.email, LIV.email);
		assert.equal(r.json.csrf_token, s.csrf_token, 'GET /me returns the csrf_token of the session');
	});

	test('PATCH with the cookie and no X-CSRF-Token → 403 csrf', async () => {
		assertApiError(await c.patch('/api/v1/me', { json: { title: 'No CSRF' } }), 403, 'csrf');
		assert.notEqual((await c.get('/api/v1/me')).json.title, 'No CSRF');
	});

	test('PATCH with a wrong or someone else\'s X-CSRF-Token → 403 csrf', async () => {
		const other = await new Client(server.url).apiSignIn(MO.email, PASSWORD);
		for (const t of ['wrong', s.csrf_token + 'x', other.csrf_token, s.token, '']) {
			const r = await c.patch('/api/v1/me', { json: { title: 'Bad CSRF' }, headers: { 'X-CSRF-Token': t } });
			assertApiError(r, 403, 'csrf');
		}
	});

	test('PATCH with the cookie and the right X-CSRF-Token → 200', async () => {
		const r = await c.patch('/api/v1/me', { json: { title: 'With CSRF' }, csrf: s.csrf_token });
		assert.equal(r.status, 200, String(r));
		assert.equal(r.json.title, 'With CSRF');
	});

	test('DELETE with the cookie and no X-CSRF-Token → 403 csrf (sessions and session)', async () => {
		const list = await c.get('/api/v1/sessions');
		const mine = list.json.items.find((x) => x.current);
		assertApiError(await c.delete(`/api/v1/sessions/${mine.id}`), 403, 'csrf');
		assertApiError(await c.delete('/api/v1/session'), 403, 'csrf');
		assert.equal((await c.get('/api/v1/me')).status, 200, 'still signed in');
	});

	test('a CSRF check cannot be skipped with a form content type or a method override', async () => {
		const r1 = await c.request('PATCH', '/api/v1/me', { body: 'title=x', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
		assert.ok([403, 415].includes(r1.status), `form-encoded PATCH without CSRF: ${r1.status}`);
		const r2 = await c.post('/api/v1/me', { json: { title: 'Override' }, headers: { 'X-HTTP-Method-Override': 'PATCH' } });
		assert.ok([403, 405].includes(r2.status), `POST with a method override: ${r2.status}`);
		assert.notEqual((await c.get('/api/v1/me')).json.title, 'Override');
	});

	test('DELETE /api/v1/session with the cookie and X-CSRF-Token → 204; the cookie is dead', async () => {
		const cookie = c.cookie('plein_session');
		const r = await c.delete('/api/v1/session', { csrf: s.csrf_token });
		assert.equal(r.status, 204, String(r));
		assert.equal(r.text, '');
		const old = new Client(server.url);
		old.setCookieValue('plein_session', cookie);
		assertApiError(await old.get('/api/v1/me'), 401, 'unauthenticated');
		assertApiError(await old.get('/api/v1/me', { bearer: s.token }), 401, 'unauthenticated');
	});
});

describe('DELETE /api/v1/session with a bearer token', () => {
	test('204, then the token is rejected', async () => {
		const s = await new Client(server.url).apiSignIn(MO.email, PASSWORD);
		const c = new Client(server.url);
		const r = await c.delete('/api/v1/session', { bearer: s.token });
		assert.equal(r.status, 204, String(r));
		assertApiError(await c.get('/api/v1/me', { bearer: s.token }), 401, 'unauthenticated');
		assertApiError(await c.delete('/api/v1/session', { bearer: s.token }), 401, 'unauthenticated');
	});

	test('signing out one session leaves the others', async () => {
		const a = await new Client(server.url).apiSignIn(MO.email, PASSWORD);
		const b = await new Client(server.url).apiSignIn(MO.email, PASSWORD);
		assert.equal((await new Client(server.url).delete('/api/v1/session', { bearer: a.token })).status, 204);
		assert.equal((await new Client(server.url).get('/api/v1/me', { bearer: b.token })).status, 200);
	});
});

describe('/api/v1/sessions', () => {
	test('lists your sessions, the current one marked, nobody else\'s', async () => {
		const ua = 'plein-e2e/1.0 (sessions test)';
		const a = await new Client(server.url).apiSignIn(ANN.email, PASSWORD, { headers: { 'User-Agent': ua } });
		const b = await new Client(server.url).apiSignIn(ANN.email, PASSWORD);
		await new Client(server.url).apiSignIn(MO.email, PASSWORD);
		const r = await new Client(server.url).get('/api/v1/sessions', { bearer: a.token });
		assert.equal(r.status, 200, String(r));
		assert.ok(Array.isArray(r.json.items));
		assert.equal(r.json.next_cursor, null);
		for (const x of r.json.items) assertSession(x);
		assert.equal(r.json.items.filter((x) => x.current).length, 1, 'exactly one current session');
		const cur = r.json.items.find((x) => x.current);
		assert.equal(cur.user_agent, ua, 'the user agent of the sign-in');
		assert.ok(r.json.items.length >= 2);
		for (const x of r.json.items) {
			assert.ok(Date.parse(x.expires_at) > Date.now(), 'active sessions expire in the future');
			assert.ok(Date.parse(x.created_at) <= Date.now() + 5000);
		}
		const fromB = await new Client(server.url).get('/api/v1/sessions', { bearer: b.token });
		assert.deepEqual(new Set(fromB.json.items.map((x) => x.id)), new Set(r.json.items.map((x) => x.id)), 'the same sessions seen from both');
		assert.notEqual(fromB.json.items.find((x) => x.current).id, cur.id);
	});

	test('DELETE /api/v1/sessions/{id} ends one of yours: 204, its token is rejected', async () => {
		const a = await new Client(server.url).apiSignIn(ANN.email, PASSWORD);
		const b = await new Client(server.url).apiSignIn(ANN.email, PASSWORD);
		const c = new Client(server.url);
		const list = await c.get('/api/v1/sessions', { bearer: b.token });
		const bId = list.json.items.find((x) => x.current).id;
		const r = await c.delete(`/api/v1/sessions/${bId}`, { bearer: a.token });
		assert.equal(r.status, 204, String(r));
		assertApiError(await c.get('/api/v1/me', { bearer: b.token }), 401, 'unauthenticated');
		const after = await c.get('/api/v1/sessions', { bearer: a.token });
		assert.ok(!after.json.items.some((x) => x.id === bId), 'gone from the list');
		assertApiError(await c.delete(`/api/v1/sessions/${bId}`, { bearer: a.token }), 404, 'not_found');
	});

	test('someone else\'s session → 404, and it keeps working', async () => {
		const victim = await new Client(server.url).apiSignIn(LIV.email, PASSWORD);
		const attacker = await new Client(server.url).apiSignIn(MO.email, PASSWORD);
		const c = new Client(server.url);
		const vId = (await c.get('/api/v1/sessions', { bearer: victim.token })).json.items.find((x) => x.current).id;
		assertApiError(await c.delete(`/api/v1/sessions/${vId}`, { bearer: attacker.token }), 404, 'not_found');
		assert.equal((await c.get('/api/v1/me', { bearer: victim.token })).status, 200, 'the victim is still signed in');
		for (const bad of ['999999', '0', '-1', 'abc', '1.5', '99999999999999999999']) {
			const r = await c.delete(`/api/v1/sessions/${bad}`, { bearer: attacker.token });
			assert.ok(r.status === 404 || r.status === 400, `DELETE /api/v1/sessions/${bad}: ${r.status}`);
			assert.ok(r.json.error);
		}
	});

	test('ending your current session through /sessions/{id} signs you out', async () => {
		const a = await new Client(server.url).apiSignIn(MO.email, PASSWORD);
		const c = new Client(server.url);
		const id = (await c.get('/api/v1/sessions', { bearer: a.token })).json.items.find((x) => x.current).id;
		assert.equal((await c.delete(`/api/v1/sessions/${id}`, { bearer: a.token })).status, 204);
		assertApiError(await c.get('/api/v1/me', { bearer: a.token }), 401, 'unauthenticated');
	});
});
