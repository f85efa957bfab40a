// Regressions from the hostile review of groups (issue 5): each test is one
// privacy leak or authorization bug that was found and fixed, through the
// API and the web pages as an outsider would try it.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, PASSWORD } from './lib/server.mjs';
import { Client, assertApiError } from './lib/http.mjs';

const USERS = {
	own: { email: 'own@example.com', name: 'Olga Owner' },
	mod: { email: 'mod@example.com', name: 'Mo Moderator' },
	mod2: { email: 'mod2@example.com', name: 'Mia Moderator' },
	mem: { email: 'mem@example.com', name: 'Meg Member' },
	out: { email: 'out@example.com', name: 'Otto Outsider' },
};
const server = useServer({ users: Object.values(USERS) });

let c;
const tok = {};
const ids = {};
const web = {};
const as = (who) => ({
	get: (path) => c.get(path, { bearer: tok[who] }),
	post: (path, json) => c.post(path, json === undefined ? { bearer: tok[who] } : { bearer: tok[who], json }),
	patch: (path, json) => c.patch(path, { bearer: tok[who], json }),
	del: (path) => c.delete(path, { bearer: tok[who] }),
});

before(async () => {
	await server.ready;
	c = new Client(server.url);
	for (const [k, u] of Object.entries(USERS)) {
		tok[k] = (await new Client(server.url).apiSignIn(u.email, PASSWORD)).token;
		ids[k] = (await c.get('/api/v1/me', { bearer: tok[k] })).json.id;
		web[k] = new Client(server.url);
		await web[k].signIn(u.email, PASSWORD);
	}
});

describe('a secret group\'s name is not revealed by "exists already"', () => {
	let secret;
	before(async () => {
		const r = await as('own').post('/api/v1/groups', { name: 'Project Nightjar', kind: 'secret' });
		assert.equal(r.status, 201, String(r));
		secret = r.json.id;
	});

	test('creating a group with that name through the API works', async () => {
		const r = await as('out').post('/api/v1/groups', { name: 'project  NIGHTJAR', kind: 'open' });
		assert.equal(r.status, 201, String(r));
		assert.equal(r.json.kind, 'open');
		/* the outsider still cannot see the secret one */
		assertApiError(await as('out').get(`/api/v1/groups/${secret}`), 404, 'not_found');
		const names = (await as('out').get('/api/v1/groups?q=nightjar')).json.items.map((g) => g.id);
		assert.deepEqual(names, [r.json.id]);
		/* but open and closed names stay unique */
		assertApiError(await as('mem').post('/api/v1/groups', { name: 'Project Nightjar', kind: 'closed' }), 409, 'conflict');
	});

	test('renaming a group to that name works, and so does the web form', async () => {
		const mine = (await as('mem').post('/api/v1/groups', { name: 'Birds', kind: 'closed' })).json.id;
		const other = await as('own').post('/api/v1/groups', { name: 'Hush hush', kind: 'secret' });
		assert.equal(other.status, 201, String(other));
		const r = await as('mem').patch(`/api/v1/groups/${mine}`, { name: 'hush HUSH' });
		assert.equal(r.status, 200, String(r));
		const w = await web.out.submit('/groups/new', { name: 'Hush  hush', kind: 'secret', category: '', about: '' },
			{ action: '/groups/new' });
		assert.equal(w.status, 303, String(w));
		assert.match(w.location, /^\/groups\/\d+/);
	});

	test('the owner turning the secret group closed is told when an open one has the name', async () => {
		assertApiError(await as('own').patch(`/api/v1/groups/${secret}`, { kind: 'closed' }), 409, 'conflict');
		const r = await as('own').patch(`/api/v1/groups/${secret}`, { kind: 'closed', name: 'Nightjar (closed)' });
		assert.equal(r.status, 200, String(r));
	});
});

describe('moderators', () => {
	test('cannot remove another moderator through the API (only owners can, as on the web)', async () => {
		const g = (await as('own').post('/api/v1/groups', { name: 'Choir', kind: 'open' })).json.id;
		for (const who of ['mod', 'mod2'])
			assert.equal((await as('own').post(`/api/v1/groups/${g}/members`, { person_id: ids[who], role: 'moderator' })).status, 201);
		assert.equal((await as('mem').post(`/api/v1/groups/${g}/members`, { person_id: ids.mem })).status, 201);
		assertApiError(await as('mod').del(`/api/v1/groups/${g}/members/${ids.mod2}`), 403, 'forbidden');
		assertApiError(await as('mod').del(`/api/v1/groups/${g}/members/${ids.own}`), 403, 'forbidden');
		assert.equal((await as('mod').del(`/api/v1/groups/${g}/members/${ids.mem}`)).status, 204);
		assert.equal((await as('own').del(`/api/v1/groups/${g}/members/${ids.mod2}`)).status, 204);
		const members = (await as('own').get(`/api/v1/groups/${g}/members`)).json.items.map((m) => m.person.id).sort();
		assert.deepEqual(members, [ids.own, ids.mod].sort());
	});
});

describe('hostile input to group pages and the API', () => {
	test('bad ids, offsets, cursors and text answer 4xx, never 5xx', async () => {
		const g = (await as('own').post('/api/v1/groups', { name: 'Inputs', kind: 'open' })).json.id;
		const pages = ['/groups?category=%FF', '/groups?q=%FF%FE', '/groups?cursor=%FF', '/groups?cursor=bm90OmE',
			'/groups?q=' + 'x'.repeat(300), '/groups/abc', '/groups/-1', '/groups/99999999999999999999',
			`/groups/${g}/members?offset=-5`, `/groups/${g}/members?offset=abc`, `/groups/${g}/files?before=abc`,
			`/groups/${g}/files?before=-3`, `/groups/${g}?cursor=zzz`, `/groups/${g}/fragment?after=-1`,
			`/groups/${g}/pages/abc`, `/groups/${g}/pages/1/revisions/99999999999999999999`];
		for (const path of pages) {
			const r = await web.out.get(path);
			assert.ok(r.status < 500, `${path}: ${r}`);
		}
		const api = ['/api/v1/groups?limit=0', '/api/v1/groups?limit=-1', '/api/v1/groups?limit=99999',
			'/api/v1/groups?cursor=%00', '/api/v1/groups?category=%FF', '/api/v1/groups?mine=2',
			`/api/v1/groups/${g}/members?offset=-1`, `/api/v1/groups/${g}/members?offset=1e9`,
			`/api/v1/groups/${g}/stream?cursor=abc`, `/api/v1/groups/${g}/stream?limit=51`];
		for (const path of api) {
			const r = await as('out').get(path);
			assert.ok(r.status >= 400 && r.status < 500, `${path}: ${r}`);
		}
		for (const body of [{ person_id: -1 }, { person_id: '1' }, { person_id: 1e300 }, { person_id: 2 ** 62 }])
			assert.ok((await as('own').post(`/api/v1/groups/${g}/members`, body)).status < 500);
	});
});
