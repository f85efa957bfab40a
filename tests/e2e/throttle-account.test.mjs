// Sign-in throttling per account (plein.ini: account_attempts = 3): the 4th
// wrong attempt is refused with 429 — and so is the right password then —
// while other accounts are unaffected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, PASSWORD } from './lib/server.mjs';
import { Client, assertApiError } from './lib/http.mjs';

const ANN = { email: 'ann@example.com', name: 'Ann Admin', role: 'admin' };
const MO = { email: 'mo@example.com', name: 'Mo Member' };
const LIV = { email: 'liv@example.com', name: 'Liv Lid' };
const server = useServer({
	users: [ANN, MO, LIV],
	config: { auth: { account_attempts: 3, account_window: 900, ip_attempts: 1000, ip_window: 300 } },
});

const signIn = (email, password, headers) => new Client(server.url).post('/api/v1/session', { json: { email, password }, headers });

function assertThrottled(r, what) {
	assertApiError(r, 429, 'too_many_attempts');
	const ra = r.headers.get('retry-after');
	assert.ok(ra, `${what}: Retry-After header`);
	assert.match(ra, /^\d+$/, `${what}: Retry-After in seconds: ${ra}`);
	const secs = Number(ra);
	assert.ok(secs >= 1 && secs <= 900, `${what}: Retry-After ${secs} within the 900 s window`);
	assert.equal(r.setCookie('plein_session'), undefined, `${what}: no session cookie`);
	assert.ok(!('token' in r.json), `${what}: no token`);
}

test('three wrong passwords are answered 401', async () => {
	for (let i = 1; i <= 3; i++) {
		assertApiError(await signIn(MO.email, `wrong password ${i}`), 401, 'invalid_credentials');
	}
});

test('the 4th attempt is 429 too_many_attempts with Retry-After, even with the right password', async () => {
	assertThrottled(await signIn(MO.email, 'wrong password 4'), 'wrong password');
	assertThrottled(await signIn(MO.email, PASSWORD), 'right password');
});

test('the account is throttled whatever the spelling of the e-mail', async () => {
	assertThrottled(await signIn('MO@Example.com', PASSWORD), 'upper-case e-mail');
});

test('the web form is throttled too (429)', async () => {
	const c = new Client(server.url);
	const r = await c.submit('/signin', { email: MO.email, password: PASSWORD });
	assert.equal(r.status, 429, `web sign-in while throttled: ${r.status}`);
	assert.ok(!c.cookie('plein_session'));
	assert.ok(r.headers.get('retry-after'), 'Retry-After on the page too');
});

test('other accounts are unaffected', async () => {
	const r = await signIn(LIV.email, PASSWORD);
	assert.equal(r.status, 200, String(r));
	const w = await signIn(ANN.email, 'one wrong password');
	assertApiError(w, 401, 'invalid_credentials');
	assert.equal((await signIn(ANN.email, PASSWORD)).status, 200);
});

test('a session that existed before the lock keeps working', async () => {
	// LIV signed in above; lock LIV now and check the existing token is untouched
	const s = (await signIn(LIV.email, PASSWORD)).json;
	for (let i = 0; i < 4; i++) await signIn(LIV.email, `nope ${i}`);
	assertThrottled(await signIn(LIV.email, PASSWORD), 'LIV locked');
	const me = await new Client(server.url).get('/api/v1/me', { bearer: s.token });
	assert.equal(me.status, 200, 'throttling sign-ins does not end sessions');
});

test('an unknown e-mail is throttled like a known one (no enumeration)', async () => {
	const ghost = 'ghost@example.com';
	const statuses = [];
	for (let i = 0; i < 4; i++) statuses.push((await signIn(ghost, `guess ${i}`)).status);
	assert.deepEqual(statuses, [401, 401, 401, 429], 'the same 401, 401, 401, 429 as a real account');
});

test('X-Forwarded-For does not reset the account throttle', async () => {
	assertThrottled(await signIn(MO.email, PASSWORD, { 'X-Forwarded-For': '203.0.113.9' }), 'with X-Forwarded-For');
});
