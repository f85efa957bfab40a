// Signing in and out on the web: the form, cookies, CSRF, `next`, the shared
// error for unknown e-mail and wrong password, and sign-out ending the session.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, PASSWORD } from './lib/server.mjs';
import { Client, parseForms, parseSetCookie, textOf, assertApiError } from './lib/http.mjs';

const ANN = { email: 'ann@example.com', name: 'Ann Admin', role: 'admin' };
const MO = { email: 'mo@example.com', name: 'Mo Member' };
const server = useServer({ users: [ANN, MO] });

test('GET / when signed out → 303 to /signin', async () => {
	const r = await new Client(server.url).get('/');
	assert.equal(r.status, 303, String(r));
	assert.match(r.location, /^(https?:\/\/[^/]+)?\/signin(\?next=%2F)?$/, r.location);
});

test('pages that need a session send you to /signin', async () => {
	for (const path of ['/people', '/settings', '/people/1', '/people/1/edit']) {
		const r = await new Client(server.url).get(path);
		assert.equal(r.status, 303, `${path}: ${r}`);
		const loc = new URL(r.location, server.url);
		assert.equal(loc.pathname, '/signin', `${path} → ${r.location}`);
		const next = loc.searchParams.get('next');
		if (next !== null) assert.equal(next, path, `${path} → next=${next}`);
	}
});

test('GET /signin: the form and the plein_csrf cookie', async () => {
	const c = new Client(server.url);
	const r = await c.get('/signin');
	assert.equal(r.status, 200, String(r));
	assert.match(r.contentType, /^text\/html;\s*charset=utf-8/i);
	const form = parseForms(r.text).find((f) => f.action === '/signin' || f.action === '');
	assert.ok(form, 'a form posting to /signin');
	assert.equal(form.method, 'post');
	for (const f of ['email', 'password', 'next', '_csrf']) assert.ok(form.fields.includes(f), `field ${f}: ${form.fields}`);
	assert.ok(form.values._csrf.length >= 16, 'the _csrf token looks random');
	const ck = r.setCookie('plein_csrf');
	assert.ok(ck, 'Set-Cookie plein_csrf');
	const { attrs } = parseSetCookie(ck);
	assert.ok(attrs.httponly, `plein_csrf HttpOnly: ${ck}`);
	assert.equal(String(attrs.samesite).toLowerCase(), 'lax', `plein_csrf SameSite=Lax: ${ck}`);
	assert.ok(!/password/i.test(form.values.password || ''), 'no password value pre-filled');
});

test('GET /signin?next= carries `next` into the form, escaped', async () => {
	const c = new Client(server.url);
	const r = await c.get('/signin?next=%2Fpeople');
	const form = parseForms(r.text).find((f) => f.fields.includes('next'));
	assert.equal(form.values.next, '/people');
	const evil = '/"><script>alert(1)</script>';
	const x = await c.get('/signin?next=' + encodeURIComponent(evil));
	assert.ok(x.status === 200 || x.status === 400, String(x.status));
	assert.ok(!x.text.includes('<script>alert(1)'), 'next is HTML-escaped');
});

test('POST /signin without, or with a wrong, _csrf → 403', async () => {
	const c = new Client(server.url);
	await c.get('/signin');
	const none = await c.post('/signin', { form: { email: ANN.email, password: PASSWORD } });
	assert.equal(none.status, 403, String(none));
	const wrong = await c.post('/signin', { form: { email: ANN.email, password: PASSWORD, _csrf: 'AAAAAAAAAAAAAAAAAAAAAAAA' } });
	assert.equal(wrong.status, 403, String(wrong));
	assert.ok(!c.cookie('plein_session'), 'no session without CSRF');
	// a token lifted from someone else's page, sent without that cookie
	const token = await new Client(server.url).csrfFrom('/signin', '/signin');
	const lifted = await new Client(server.url).post('/signin', { form: { email: ANN.email, password: PASSWORD, _csrf: token } });
	assert.equal(lifted.status, 403, `token without its cookie: ${lifted}`);
});

test('wrong password and unknown e-mail: 401 with the same sentence', async () => {
	const c = new Client(server.url);
	const wrong = await c.submit('/signin', { email: ANN.email, password: 'not the right password' });
	const unknown = await c.submit('/signin', { email: 'nobody@example.com', password: 'not the right password' });
	assert.equal(wrong.status, 401, String(wrong));
	assert.equal(unknown.status, 401, String(unknown));
	assert.ok(!c.cookie('plein_session'));
	const err = (html) => {
		const m = html.match(/<[^>]+(?:role="alert"|class="[^"]*\berror\b[^"]*")[^>]*>([\s\S]*?)<\/[a-z]+>/i);
		return m ? textOf(m[1]) : null;
	};
	const e1 = err(wrong.text);
	const e2 = err(unknown.text);
	if (e1 !== null || e2 !== null) assert.equal(e1, e2, 'the same error sentence for both');
	// whatever the markup, the visible text differs only in the e-mail echoed back
	const norm = (r, email) => textOf(r.text).replaceAll(email, 'EMAIL');
	assert.equal(norm(wrong, ANN.email), norm(unknown, 'nobody@example.com'), 'pages differ beyond the e-mail');
	assert.ok(parseForms(wrong.text).some((f) => f.fields.includes('password')), 'the form is shown again');
	assert.ok(!wrong.text.includes('not the right password'), 'the password is not echoed');
});

test('an empty password is refused, never a sign-in', async () => {
	const c = new Client(server.url);
	const r = await c.submit('/signin', { email: ANN.email, password: '' });
	assert.ok(r.status === 401 || r.status === 422 || r.status === 400, String(r.status));
	assert.ok(!c.cookie('plein_session'));
});

test('sign-in: 303 to /, a HttpOnly SameSite=Lax session cookie, a fresh token', async () => {
	const c = new Client(server.url);
	const csrfBefore = (await c.get('/signin')) && c.cookie('plein_csrf');
	const r = await c.signIn(ANN.email, PASSWORD);
	assert.equal(new URL(r.location, server.url).pathname, '/');
	const ck = r.setCookie('plein_session');
	assert.ok(ck, `Set-Cookie plein_session: ${r}`);
	const { value, attrs } = parseSetCookie(ck);
	assert.ok(attrs.httponly, `HttpOnly: ${ck}`);
	assert.equal(String(attrs.samesite).toLowerCase(), 'lax', `SameSite=Lax: ${ck}`);
	assert.equal(attrs.path, '/', `Path=/: ${ck}`);
	assert.ok(value.length >= 22, `session token of at least 128 bits: ${value}`);
	assert.notEqual(value, csrfBefore, 'the session token is not the pre-session token');
	const home = await c.get('/');
	assert.equal(home.status, 200, String(home));
	assert.ok(home.text.includes(ANN.name), 'home shows who is signed in');
	// a second sign-in gets a different token
	const c2 = new Client(server.url);
	await c2.signIn(ANN.email, PASSWORD);
	assert.notEqual(c2.cookie('plein_session'), value);
});

test('e-mail is matched without regard to case', async () => {
	const c = new Client(server.url);
	await c.signIn('ANN@Example.com', PASSWORD);
});

test('next: local paths are followed, anything else goes to /', async () => {
	const cases = [
		['/people', '/people'],
		['/people?q=ann', '/people?q=ann'],
		['//evil.example/', '/'],
		['https://evil.example/', '/'],
		['http:/evil.example', '/'],
		['javascript:alert(1)', '/'],
		['', '/'],
	];
	for (const [next, want] of cases) {
		const c = new Client(server.url);
		const r = await c.signIn(ANN.email, PASSWORD, { next });
		const loc = new URL(r.location, server.url);
		assert.equal(loc.origin, new URL(server.url).origin, `next=${next} left the site: ${r.location}`);
		assert.equal(loc.pathname + loc.search, want, `next=${next}`);
	}
});

test('next: "/\\evil.example" (browsers read it as //evil.example) does not leave the site', async () => {
	const c = new Client(server.url);
	const r = await c.signIn(ANN.email, PASSWORD, { next: '/\\evil.example/' });
	assert.ok(!/^[/\\]{2}/.test(r.location) && !r.location.startsWith('/\\'), `Location: ${r.location}`);
});

test('next with CR/LF cannot inject a header', async () => {
	const c = new Client(server.url);
	const r = await c.submit('/signin', { email: ANN.email, password: PASSWORD, next: '/x\r\nX-Injected: yes' });
	assert.ok([303, 400].includes(r.status), String(r.status));
	assert.equal(r.headers.get('x-injected'), null);
	if (r.location) assert.ok(!/[\r\n]/.test(r.location));
});

test('sign-out: POST /signout needs _csrf; afterwards the old cookie is dead', async () => {
	const c = new Client(server.url);
	await c.signIn(MO.email, PASSWORD);
	const old = c.cookie('plein_session');
	const noCsrf = await c.post('/signout', { form: {} });
	assert.equal(noCsrf.status, 403, `POST /signout without _csrf: ${noCsrf}`);
	assert.equal((await c.get('/api/v1/me')).status, 200, 'still signed in after the refused sign-out');

	const token = await c.csrfFrom('/', '/signout');
	const r = await c.post('/signout', { form: { _csrf: token } });
	assert.equal(r.status, 303, String(r));
	assert.equal(new URL(r.location, server.url).pathname, '/signin');

	const replay = new Client(server.url);
	replay.setCookieValue('plein_session', old);
	assertApiError(await replay.get('/api/v1/me'), 401, 'unauthenticated');
	const page = await replay.get('/settings');
	assert.equal(page.status, 303, 'the old cookie no longer opens pages');
});

test('a made-up session cookie is nobody', async () => {
	const c = new Client(server.url);
	c.setCookieValue('plein_session', 'A'.repeat(43));
	assertApiError(await c.get('/api/v1/me'), 401, 'unauthenticated');
	const r = await c.get('/');
	assert.equal(r.status, 303);
	c.setCookieValue('plein_session', '%00%ff\u00e9');
	assertApiError(await c.get('/api/v1/me'), 401, 'unauthenticated');
});

test('a web sign-in also works for the API (cookie + X-CSRF-Token)', async () => {
	const c = new Client(server.url);
	await c.signIn(MO.email, PASSWORD);
	const me = await c.get('/api/v1/me');
	assert.equal(me.status, 200, String(me));
	assert.equal(me.json.email, MO.email);
	assert.equal(typeof me.json.csrf_token, 'string');
	const p = await c.patch('/api/v1/me', { json: { title: 'Tester' }, csrf: me.json.csrf_token });
	assert.equal(p.status, 200, String(p));
	assertApiError(await c.patch('/api/v1/me', { json: { title: 'Tester 2' } }), 403, 'csrf');
});

test('session fixation: a session cookie set before sign-in is replaced', async () => {
	const c = new Client(server.url);
	await c.get('/signin');
	const planted = 'attacker-chosen-session-value-0123456789';
	c.setCookieValue('plein_session', planted);
	await c.signIn(MO.email, PASSWORD);
	assert.notEqual(c.cookie('plein_session'), planted, 'the planted value became the session');
	const victim = new Client(server.url);
	victim.setCookieValue('plein_session', planted);
	assertApiError(await victim.get('/api/v1/me'), 401, 'unauthenticated');
});

test("a _csrf from one person's page does not work with another person's cookie", async () => {
	const a = new Client(server.url);
	await a.signIn(MO.email, PASSWORD);
	const b = new Client(server.url);
	await b.signIn(ANN.email, PASSWORD);
	const tokenA = await a.csrfFrom('/settings', '/signout');
	const r = await b.post('/signout', { form: { _csrf: tokenA } });
	assert.equal(r.status, 403, `signing B out with A's token: ${r.status}`);
	assert.equal((await b.get('/api/v1/me')).status, 200, 'B is still signed in');
});
