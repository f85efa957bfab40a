// [server] behind_tls: plein reached over HTTPS through a proxy. Cookies are
// Secure with the __Host- prefix (set and read alike), and responses carry
// HSTS; without the setting neither appears.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, PASSWORD } from './lib/server.mjs';

const ANN = { email: 'ann@example.com', name: 'Ann Admin', role: 'admin' };
const server = useServer({ users: [ANN], config: { server: { behind_tls: 'true' } } });

const signIn = () => fetch(`${server.url}/api/v1/session`, {
	method: 'POST',
	headers: { 'Content-Type': 'application/json' },
	body: JSON.stringify({ email: ANN.email, password: PASSWORD }),
});

before(async () => { await server.ready; });

describe('behind_tls = true', () => {
	test('the session cookie is Secure and __Host- prefixed, with HSTS', async () => {
		const r = await signIn();
		assert.equal(r.status, 200);
		const cookies = r.headers.getSetCookie();
		const session = cookies.find((c) => c.startsWith('__Host-plein_session='));
		assert.ok(session, `no __Host- session cookie in ${cookies}`);
		assert.match(session, /; Secure/);
		assert.match(session, /Path=\//);
		assert.ok(!cookies.some((c) => c.startsWith('plein_session=')), 'no unprefixed cookie');
		assert.match(r.headers.get('strict-transport-security') || '', /max-age=\d+/);
	});

	test('the prefixed cookie signs in; the unprefixed one does not', async () => {
		const { token } = await (await signIn()).json();
		const ok = await fetch(`${server.url}/api/v1/me`, { headers: { Cookie: `__Host-plein_session=${token}` } });
		assert.equal(ok.status, 200);
		const plain = await fetch(`${server.url}/api/v1/me`, { headers: { Cookie: `plein_session=${token}` } });
		assert.equal(plain.status, 401);
	});
});
