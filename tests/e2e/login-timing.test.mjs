// Account enumeration: an unknown e-mail and a known e-mail with a wrong
// password get the same status and body, and take comparable time (the
// server hashes a dummy password for unknown accounts). Timing is checked
// only loosely — a factor of four — and the medians are logged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer } from './lib/server.mjs';
import { Client, assertApiError, median } from './lib/http.mjs';

const MO = { email: 'mo@example.com', name: 'Mo Member' };
const server = useServer({
	users: [MO],
	config: { auth: { ip_attempts: 1000, account_attempts: 1000 } },
});

const ROUNDS = 8;

async function timeSignIn(body) {
	const t0 = process.hrtime.bigint();
	const r = await new Client(server.url).post('/api/v1/session', { json: body });
	const ms = Number(process.hrtime.bigint() - t0) / 1e6;
	return { r, ms };
}

test('same status and body for an unknown e-mail and a wrong password (API)', async () => {
	const a = await timeSignIn({ email: MO.email, password: 'wrong password here' });
	const b = await timeSignIn({ email: 'unknown@example.com', password: 'wrong password here' });
	assertApiError(a.r, 401, 'invalid_credentials');
	assertApiError(b.r, 401, 'invalid_credentials');
	assert.equal(a.r.text, b.r.text, 'byte-identical bodies');
	const hdr = (r) => Object.fromEntries([...r.headers].filter(([k]) => !['date', 'x-request-id', 'content-length', 'set-cookie'].includes(k)));
	assert.deepEqual(hdr(a.r), hdr(b.r), 'the same headers');
});

test('comparable time for an unknown e-mail and a wrong password', async (t) => {
	const known = [];
	const unknown = [];
	// warm-up, then interleave so that drift hits both alike
	await timeSignIn({ email: MO.email, password: 'warm up password' });
	await timeSignIn({ email: 'warm@example.com', password: 'warm up password' });
	for (let i = 0; i < ROUNDS; i++) {
		known.push((await timeSignIn({ email: MO.email, password: `wrong password ${i}` })).ms);
		unknown.push((await timeSignIn({ email: `nobody${i}@example.com`, password: `wrong password ${i}` })).ms);
	}
	const mk = median(known);
	const mu = median(unknown);
	const line = `sign-in medians over ${ROUNDS}: known e-mail, wrong password ${mk.toFixed(1)} ms; unknown e-mail ${mu.toFixed(1)} ms`;
	t.diagnostic(line);
	// Only a gross difference fails: unknown accounts answered without hashing
	// take ~1 ms against tens of ms for argon2id.
	if (mk >= 20) assert.ok(mu >= mk / 4, `unknown accounts answer much faster (${line}): hash a dummy password`);
	if (mu >= 20) assert.ok(mk >= mu / 4, `known accounts answer much faster (${line})`);
});

test('same status and page for both on the web form', async () => {
	const c = new Client(server.url);
	const a = await c.submit('/signin', { email: MO.email, password: 'wrong password here' });
	const b = await c.submit('/signin', { email: 'unknown@example.com', password: 'wrong password here' });
	assert.equal(a.status, 401);
	assert.equal(b.status, 401);
	const strip = (html) => html
		.replace(/name="_csrf"[^>]*/g, '')
		.replace(/value="[^"]*@example\.com"/g, '')
		.replace(/mo@example\.com|unknown@example\.com/g, '');
	assert.equal(strip(a.text), strip(b.text), 'the pages differ beyond the e-mail and the CSRF token');
});
