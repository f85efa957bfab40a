// Sign-in throttling per client address (plein.ini: ip_attempts = 5): after
// five failures from 127.0.0.1, every sign-in from it is 429, whichever
// account, whatever X-Forwarded-For says; signed-in requests still work.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, PASSWORD } from './lib/server.mjs';
import { Client, assertApiError } from './lib/http.mjs';

const ANN = { email: 'ann@example.com', name: 'Ann Admin', role: 'admin' };
const MO = { email: 'mo@example.com', name: 'Mo Member' };
const LIV = { email: 'liv@example.com', name: 'Liv Lid' };
const server = useServer({
	users: [ANN, MO, LIV],
	config: { auth: { ip_attempts: 5, ip_window: 300, account_attempts: 1000, account_window: 900 } },
});

const signIn = (email, password, headers) => new Client(server.url).post('/api/v1/session', { json: { email, password }, headers });

let token;

test('a success before any failure', async () => {
	const r = await signIn(ANN.email, PASSWORD);
	assert.equal(r.status, 200, String(r));
	token = r.json.token;
});

test('five failures over several accounts (known and unknown) are 401', async () => {
	const tries = [[MO.email, 'x1'], [LIV.email, 'x2'], ['nobody1@example.com', 'x3'], [ANN.email, 'x4'], ['nobody2@example.com', 'x5']];
	for (const [email, pw] of tries) {
		assertApiError(await signIn(email, `${pw} wrong password`), 401, 'invalid_credentials');
	}
});

test('the 6th sign-in from this address is 429, for any account, even with the right password', async () => {
	for (const email of [MO.email, LIV.email, 'nobody3@example.com']) {
		const r = await signIn(email, email === 'nobody3@example.com' ? 'whatever pw' : PASSWORD);
		assertApiError(r, 429, 'too_many_attempts');
		const ra = r.headers.get('retry-after');
		assert.match(ra || '', /^\d+$/, `Retry-After: ${ra}`);
		assert.ok(Number(ra) >= 1 && Number(ra) <= 300, `Retry-After ${ra} within ip_window`);
		assert.ok(!('token' in r.json));
	}
});

test('X-Forwarded-For and X-Real-IP are not trusted', async () => {
	for (const headers of [{ 'X-Forwarded-For': '198.51.100.7' }, { 'X-Real-IP': '198.51.100.8' }, { Forwarded: 'for=198.51.100.9' },
		{ 'X-Forwarded-For': '198.51.100.10, 127.0.0.1' }]) {
		const r = await signIn(MO.email, PASSWORD, headers);
		assertApiError(r, 429, 'too_many_attempts');
	}
});

test('the web form is throttled too', async () => {
	const c = new Client(server.url);
	const r = await c.submit('/signin', { email: LIV.email, password: PASSWORD });
	assert.equal(r.status, 429, `web sign-in: ${r.status}`);
	assert.ok(!c.cookie('plein_session'));
});

test('existing sessions keep working', async () => {
	const me = await new Client(server.url).get('/api/v1/me', { bearer: token });
	assert.equal(me.status, 200, String(me));
	const people = await new Client(server.url).get('/api/v1/people', { bearer: token });
	assert.equal(people.status, 200);
});

test('/setup is not a way around the throttle', async () => {
	const c = new Client(server.url);
	const g = await c.get('/setup');
	assert.equal(g.status, 303);
});
