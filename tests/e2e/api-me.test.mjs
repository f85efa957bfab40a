// GET and PATCH /api/v1/me: the fields, their limits, validation errors that
// name the field, and fields a person must not be able to change.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, PASSWORD } from './lib/server.mjs';
import { Client, assertApiError, assertPerson } from './lib/http.mjs';

const ANN = { email: 'ann@example.com', name: 'Ann Admin', role: 'admin' };
const MO = { email: 'mo@example.com', name: 'Mo Member' };
const server = useServer({ users: [ANN, MO] });

let c;
let tok;
const patch = (json) => c.patch('/api/v1/me', { bearer: tok, json });
const me = async () => (await c.get('/api/v1/me', { bearer: tok })).json;

before(async () => {
	await server.ready;
	c = new Client(server.url);
	tok = (await new Client(server.url).apiSignIn(MO.email, PASSWORD)).token;
});

describe('GET /api/v1/me', () => {
	test('the signed-in Person plus language and csrf_token', async () => {
		const r = await c.get('/api/v1/me', { bearer: tok });
		assert.equal(r.status, 200, String(r));
		assertPerson(r.json, 'me');
		assert.equal(r.json.email, MO.email);
		assert.equal(r.json.name, MO.name);
		assert.equal(r.json.role, 'member');
		assert.equal(r.json.language, null, 'no language chosen yet');
		assert.equal(typeof r.json.csrf_token, 'string');
	});
});

describe('PATCH /api/v1/me', () => {
	test('updates any subset of fields and returns the Person', async () => {
		const r = await patch({ name: 'Mo Bakker', title: 'Policy advisor', location: 'Utrecht', bio: 'Hello\nworld' });
		assert.equal(r.status, 200, String(r));
		assertPerson(r.json);
		assert.equal(r.json.name, 'Mo Bakker');
		assert.equal(r.json.title, 'Policy advisor');
		assert.equal(r.json.location, 'Utrecht');
		assert.equal(r.json.bio, 'Hello\nworld');
		const only = await patch({ title: 'Senior policy advisor' });
		assert.equal(only.status, 200);
		assert.equal(only.json.title, 'Senior policy advisor');
		assert.equal(only.json.name, 'Mo Bakker', 'untouched fields stay');
		assert.equal(only.json.bio, 'Hello\nworld');
		const empty = await patch({});
		assert.equal(empty.status, 200, 'an empty patch changes nothing');
		assert.equal(empty.json.title, 'Senior policy advisor');
		const fresh = await me();
		assert.equal(fresh.title, 'Senior policy advisor', 'saved');
	});

	test('the changes show to others', async () => {
		const other = await new Client(server.url).apiSignIn(ANN.email, PASSWORD);
		const r = await c.get(`/api/v1/people/${(await me()).id}`, { bearer: other.token });
		assert.equal(r.json.name, 'Mo Bakker');
	});

	test('optional fields can be cleared', async () => {
		const r = await patch({ title: '', location: '' });
		assert.equal(r.status, 200, String(r));
		assert.ok(r.json.title === '' || r.json.title === null);
		assert.ok(r.json.location === '' || r.json.location === null);
		const n = await patch({ title: null });
		assert.ok(n.status === 200 || n.status === 422, `title: null → ${n.status}`);
	});

	test('department, manager, role and status are for administrators: 403 naming the field', async () => {
		for (const [field, value] of [['department', 'Finance'], ['role', 'admin'], ['status', 'deactivated'], ['manager_id', 1]]) {
			const before = await me();
			assertApiError(await patch({ [field]: value, title: 'Changed?' }), 403, 'forbidden', { field });
			const after = await me();
			assert.equal(after.title, before.title, `nothing changed with ${field}`);
			assert.equal(after.role, 'member');
		}
	});

	test('language: "en", "nl" or null', async () => {
		for (const lang of ['nl', 'en', null]) {
			const r = await patch({ language: lang });
			assert.equal(r.status, 200, `language ${lang}: ${r}`);
			assert.equal((await me()).language, lang);
		}
		for (const lang of ['fr', 'NL', 'nl-NL', 1, true]) {
			assertApiError(await patch({ language: lang }), 422, 'invalid', { field: 'language' });
		}
	});

	test('length limits count characters, not bytes', async () => {
		assert.equal((await patch({ name: 'ë'.repeat(100) })).status, 200, '100 two-byte characters');
		assert.equal((await patch({ name: '😀'.repeat(100) })).status, 200, '100 four-byte characters');
		assert.equal((await me()).name, '😀'.repeat(100), 'stored intact');
		assert.equal((await patch({ title: 'é'.repeat(100), location: 'l'.repeat(100) })).status, 200);
		assert.equal((await patch({ bio: 'ß'.repeat(4000) })).status, 200, 'a 4000-character bio');
		assert.equal((await patch({ name: 'x' })).status, 200, 'a one-character name');
		assert.equal((await patch({ name: 'Mo Bakker', title: '', location: '', bio: '' })).status, 200);
	});

	const invalid = [
		['name', ''],
		['name', 'x'.repeat(101)],
		['name', 'ë'.repeat(101)],
		['name', 'Line\nbreak'],
		['name', 'Tab\there'],
		['name', 'Bell\u0007'],
		['name', 'Nul\u0000byte'],
		['name', 'Esc\u001b[31m'],
		['name', 'Del\u007f'],
		['name', 'C1\u0085'],
		['name', 42],
		['name', null],
		['name', ['Mo']],
		['name', { first: 'Mo' }],
		['name', true],
		['title', 't'.repeat(101)],
		['title', 'Line\nbreak'],
		['title', 7],
		['location', 'l'.repeat(101)],
		['location', {}],
		['bio', 'b'.repeat(4001)],
		['bio', 'bell \u0007'],
		['bio', 'nul \u0000'],
		['bio', 99],
	];
	for (const [field, value] of invalid) {
		const shown = JSON.stringify(value).slice(0, 40);
		// jansson refuses "\u0000" while parsing: 400 bad_request is as good there
		const nul = typeof value === 'string' && value.includes('\u0000');
		test(`${field}: ${shown} → 422 invalid naming "${field}"${nul ? ' (or 400)' : ''}`, async () => {
			const before = await me();
			const r = await patch({ [field]: value });
			if (nul && r.status === 400) assertApiError(r, 400, 'bad_request');
			else assertApiError(r, 422, 'invalid', { field });
			const after = await me();
			assert.equal(after[field], before[field], 'nothing saved');
		});
	}

	test('one bad field rejects the whole patch', async () => {
		const before = await me();
		assertApiError(await patch({ title: 'Would be saved', name: '' }), 422, 'invalid', { field: 'name' });
		assert.equal((await me()).title, before.title);
	});

	test('newlines are fine in bio (also CRLF)', async () => {
		const r = await patch({ bio: 'one\ntwo\r\nthree' });
		assert.equal(r.status, 200, String(r));
		assert.match(r.json.bio, /^one\ntwo\r?\nthree$/);
	});

	test('role, email, id, manager and created_at cannot be changed this way', async () => {
		const before = await me();
		const r = await patch({ role: 'admin', email: 'mallory@example.com', id: 1, created_at: '2000-01-01T00:00:00Z', manager: { id: 1 } });
		assert.ok(r.status === 200 || r.status === 422, `unknown or read-only fields: ${r.status}`);
		const after = await me();
		assert.equal(after.role, 'member', 'a member made themself admin');
		assert.equal(after.email, MO.email);
		assert.equal(after.id, before.id);
		assert.equal(after.created_at, before.created_at);
		assert.deepEqual(after.manager, before.manager);
		const s = await new Client(server.url).post('/api/v1/session', { json: { email: 'mallory@example.com', password: PASSWORD } });
		assertApiError(s, 401, 'invalid_credentials');
	});

	test('a JSON body that is not an object → 4xx', async () => {
		for (const body of ['[]', '"name"', '42', 'null', 'true']) {
			const r = await c.patch('/api/v1/me', { bearer: tok, json: body });
			assert.ok(r.status === 400 || r.status === 422, `${body}: ${r.status}`);
			assert.ok(r.json.error);
		}
	});

	test('duplicate keys do not smuggle a second value past validation', async () => {
		const r = await c.patch('/api/v1/me', { bearer: tok, json: '{"name": "Mo Bakker", "name": ""}' });
		if (r.status === 200) assert.ok(r.json.name.length > 0, 'an empty name got stored');
		else assert.ok(r.status === 400 || r.status === 422, String(r.status));
		assert.ok((await me()).name.length > 0);
	});
});
