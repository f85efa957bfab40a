// Upload routes accept bodies far above the usual limit (CSV imports, photos),
// so who may send one is decided from the headers alone, before any of the
// body is read: an anonymous client, or a member on an admin route, is
// answered while the body is still unsent and the connection is closed.
// Each request below announces megabytes and sends a few bytes only: an
// answer can only come if the server did not wait for the rest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, PASSWORD } from './lib/server.mjs';
import { Client } from './lib/http.mjs';
import { rawRequest, buildRequest, rawJson, rawHeader } from './lib/raw.mjs';

const ANN = { email: 'ann@example.com', name: 'Ann Admin', role: 'admin' };
const MO = { email: 'mo@example.com', name: 'Mo Member' };
const server = useServer({ users: [ANN, MO] });

const BIG = 50_000_000;          // under the import routes' own limits (50 and 51 MB)
const PHOTO = 10 * 1024 * 1024;  // the photo routes' limit: more would be a plain 413

/** Headers announcing `length` bytes, then only the first few of them. */
function partial(method, path, length, headers) {
	return buildRequest(method, path, {
		headers: [...headers, ['Content-Length', String(length)]],
		body: 'name,email\nA,',
	});
}

async function send(method, path, length, headers) {
	return rawRequest(server.port, partial(method, path, length, headers), { timeout: 8000, closeWait: 1500 });
}

function assertRefusedEarly(r, status, what) {
	assert.equal(r.status, status, `${what}: got ${r.status} (no answer means the server waited for the body)`);
	assert.ok(r.closed, `${what}: the connection stays open for a body that will never be read`);
}

async function member() {
	const c = new Client(server.url);
	const s = await c.apiSignIn(MO.email, PASSWORD);
	return { cookie: c.cookieHeader(), token: s.token, id: s.person.id };
}

test('anonymous uploads are refused before their body is read', async () => {
	await server.ready;
	let r = await send('POST', '/api/v1/imports', BIG, [['Content-Type', 'text/csv']]);
	assertRefusedEarly(r, 401, 'POST /api/v1/imports');
	assert.equal(rawJson(r)?.error?.code, 'unauthenticated');

	// chunked: no length announced, so it may be any size
	r = await rawRequest(server.port, buildRequest('POST', '/api/v1/imports', {
		headers: [['Content-Type', 'text/csv'], ['Transfer-Encoding', 'chunked']],
		body: '10\r\nname,email\nA,b@c\r\n',
	}), { timeout: 8000, closeWait: 1500 });
	assertRefusedEarly(r, 401, 'chunked POST /api/v1/imports');

	r = await send('PUT', '/api/v1/people/1/photo', PHOTO, [['Content-Type', 'image/jpeg']]);
	assertRefusedEarly(r, 401, 'PUT /api/v1/people/1/photo');
	assert.equal(rawJson(r)?.error?.code, 'unauthenticated');

	// pages send an anonymous visitor to sign in, as for every other page
	r = await send('POST', '/admin/people/import', BIG, [['Content-Type', 'multipart/form-data; boundary=x']]);
	assertRefusedEarly(r, 303, 'POST /admin/people/import');
	assert.match(rawHeader(r, 'location'), /^\/signin\?next=/);

	r = await send('POST', '/people/1/photo', PHOTO, [['Content-Type', 'multipart/form-data; boundary=x']]);
	assertRefusedEarly(r, 303, 'POST /people/1/photo');
});

test('a member is refused on admin upload routes before the body is read', async () => {
	await server.ready;
	const mo = await member();
	let r = await send('POST', '/api/v1/imports', BIG, [['Content-Type', 'text/csv'], ['Authorization', `Bearer ${mo.token}`]]);
	assertRefusedEarly(r, 403, 'member POST /api/v1/imports (bearer)');
	assert.equal(rawJson(r)?.error?.code, 'forbidden');

	r = await send('POST', '/api/v1/imports', BIG, [['Content-Type', 'text/csv'], ['Cookie', mo.cookie]]);
	assertRefusedEarly(r, 403, 'member POST /api/v1/imports (cookie)');

	r = await send('POST', '/admin/people/import', BIG, [['Content-Type', 'multipart/form-data; boundary=x'], ['Cookie', mo.cookie]]);
	assertRefusedEarly(r, 403, 'member POST /admin/people/import');
	assert.match(r.text, /administrators/i);
});

test('an API upload with the session cookie but no CSRF header is refused before the body', async () => {
	await server.ready;
	const mo = await member();
	const r = await send('PUT', `/api/v1/people/${mo.id}/photo`, PHOTO, [['Content-Type', 'image/jpeg'], ['Cookie', mo.cookie]]);
	assertRefusedEarly(r, 403, 'PUT own photo without X-CSRF-Token');
	assert.equal(rawJson(r)?.error?.code, 'csrf');
});

test('the server still serves after the refused uploads', async () => {
	await server.ready;
	const c = new Client(server.url);
	const s = await c.apiSignIn(ANN.email, PASSWORD);
	assert.equal(s.person.name, 'Ann Admin');
	const r = await c.post('/api/v1/imports?dry_run=true', {
		body: 'name,email\nNew Person,new@example.com\n',
		headers: { 'Content-Type': 'text/csv' },
		bearer: s.token,
	});
	assert.equal(r.status, 200, String(r));
});
