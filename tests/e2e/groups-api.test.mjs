// The Groups API end to end: creating groups of each kind, the directory
// (search, category, paging) as members, guests, alumni and admins see it,
// secret groups answering 404 to everyone outside (administrators too),
// joining, leaving, requests, invitations, roles and the last-owner rule,
// pins, a group's stream with its cursor, and the group notifications,
// which disappear once their recipient may no longer see the group.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { useServer, PASSWORD } from './lib/server.mjs';
import { Client, assertApiError, RFC3339_UTC, parseForms, textOf } from './lib/http.mjs';

const USERS = {
	ada: { email: 'ada@example.com', name: 'Ada Admin', role: 'admin' },
	own: { email: 'own@example.com', name: 'Olga Owner' },
	mod: { email: 'mod@example.com', name: 'Mo Moderator' },
	mem: { email: 'mem@example.com', name: 'Meg Member' },
	out: { email: 'out@example.com', name: 'Otto Outsider' },
	gus: { email: 'gus@example.com', name: 'Gus Guest', role: 'guest' },
	alf: { email: 'alf@example.com', name: 'Alf Alumnus', role: 'alumni' },
};
const server = useServer({ users: Object.values(USERS) });

let c;
const tok = {};
const ids = {};
const as = (who) => ({
	get: (path) => c.get(path, { bearer: tok[who] }),
	post: (path, json) => c.post(path, json === undefined ? { bearer: tok[who] } : { bearer: tok[who], json }),
	patch: (path, json) => c.patch(path, { bearer: tok[who], json }),
	put: (path) => c.put(path, { bearer: tok[who] }),
	del: (path) => c.delete(path, { bearer: tok[who] }),
});

function sql(text) {
	return execFileSync('sqlite3', ['-cmd', '.timeout 5000', join(server.dataDir, 'plein.db'), text],
		{ encoding: 'utf8' }).trim();
}

async function create(who, body) {
	const r = await as(who).post('/api/v1/groups', body);
	assert.equal(r.status, 201, String(r));
	return r.json;
}

// A post in a group: through the API once posts take group_id, else an
// organisation post moved into the group underneath (the posts-in-groups
// work adds the API side).
async function groupPost(who, gid, text) {
	let r = await as(who).post('/api/v1/posts', { text, group_id: gid });
	if (r.status === 201) return r.json.id;
	r = await as(who).post('/api/v1/posts', { text });
	assert.equal(r.status, 201, String(r));
	sql(`UPDATE posts SET group_id = ${gid}, visibility = 'group' WHERE id = ${r.json.id}`);
	return r.json.id;
}

const names = (r) => r.json.items.map((g) => g.name);

before(async () => {
	await server.ready;
	c = new Client(server.url);
	for (const [k, u] of Object.entries(USERS)) {
		tok[k] = (await new Client(server.url).apiSignIn(u.email, PASSWORD)).token;
		ids[k] = (await c.get('/api/v1/me', { bearer: tok[k] })).json.id;
	}
});

const g = {};

describe('creating and reading groups', () => {
	test('POST /api/v1/groups creates each kind; the creator owns it', async () => {
		const r = await as('own').post('/api/v1/groups', { name: 'Cyclists', kind: 'open', category: 'Sport',
			about: 'We **ride** to work.' });
		assert.equal(r.status, 201, String(r));
		assert.match(r.headers.get('location'), /^\/api\/v1\/groups\/\d+$/);
		const o = r.json;
		assert.equal(typeof o.id, 'number');
		assert.deepEqual({ name: o.name, kind: o.kind, category: o.category, member_count: o.member_count,
			your_role: o.your_role, alumni: o.alumni, can_manage: o.can_manage, can_own: o.can_own, pending: o.pending },
		{ name: 'Cyclists', kind: 'open', category: 'Sport', member_count: 1, your_role: 'owner', alumni: false,
			can_manage: true, can_own: true, pending: null });
		assert.equal(o.about, 'We **ride** to work.');
		assert.match(o.about_html, /<strong>ride<\/strong>/);
		assert.equal(o.url, `/groups/${o.id}`);
		assert.match(o.created_at, RFC3339_UTC);
		g.open = o.id;
		g.closed = (await create('own', { name: 'Board games', kind: 'closed', category: 'Fun', about: 'Fridays' })).id;
		g.secret = (await create('own', { name: 'Project Zeta', kind: 'secret', category: 'Projects',
			about: 'zeta-canary merger talks' })).id;
		g.drums = (await create('mem', { name: 'Drummers', kind: 'open', category: 'Fun' })).id;
	});

	test('bad input: 422 with the field, 409 for a taken name, 403 for guests and alumni', async () => {
		assertApiError(await as('own').post('/api/v1/groups', { kind: 'open' }), 422, 'invalid', { field: 'name' });
		assertApiError(await as('own').post('/api/v1/groups', { name: 'X', kind: 'public' }), 422, 'invalid', { field: 'kind' });
		assertApiError(await as('own').post('/api/v1/groups', { name: 'X' }), 422, 'invalid', { field: 'kind' });
		assertApiError(await as('own').post('/api/v1/groups', { name: 'x'.repeat(81), kind: 'open' }), 422, 'invalid', { field: 'name' });
		assertApiError(await as('own').post('/api/v1/groups', { name: 'X', kind: 'open', category: 'c'.repeat(41) }), 422, 'invalid', { field: 'category' });
		assertApiError(await as('own').post('/api/v1/groups', { name: 7, kind: 'open' }), 422, 'invalid', { field: 'name' });
		assertApiError(await as('own').post('/api/v1/groups', { name: 'X', kind: 'open', colour: 'red' }), 422, 'invalid', { field: 'colour' });
		assertApiError(await as('own').post('/api/v1/groups', '[1]'), 400, 'bad_request');
		assertApiError(await as('mem').post('/api/v1/groups', { name: '  cyclísts ', kind: 'closed' }), 409, 'conflict');
		assertApiError(await as('gus').post('/api/v1/groups', { name: 'Guests', kind: 'open' }), 403, 'forbidden');
		assertApiError(await as('alf').post('/api/v1/groups', { name: 'Alumni 2', kind: 'open' }), 403, 'forbidden');
		const anon = await c.post('/api/v1/groups', { json: { name: 'Anon', kind: 'open' } });
		assert.equal(anon.status, 401, String(anon));
	});

	test('GET /api/v1/groups/{id}: secret groups are 404 to outsiders, administrators included', async () => {
		assert.equal((await as('own').get(`/api/v1/groups/${g.secret}`)).status, 200);
		for (const who of ['ada', 'mem', 'out', 'gus', 'alf']) {
			const r = await as(who).get(`/api/v1/groups/${g.secret}`);
			assertApiError(r, 404, 'not_found');
			assert.doesNotMatch(r.text, /zeta/i);
		}
		assertApiError(await as('own').get('/api/v1/groups/999999'), 404, 'not_found');
		assertApiError(await as('own').get('/api/v1/groups/abc'), 404, 'not_found');
		const closed = await as('out').get(`/api/v1/groups/${g.closed}`);
		assert.equal(closed.status, 200);
		assert.deepEqual({ role: closed.json.your_role, join: closed.json.can_join, req: closed.json.can_request,
			manage: closed.json.can_manage }, { role: null, join: false, req: true, manage: false });
		const open = (await as('out').get(`/api/v1/groups/${g.open}`)).json;
		assert.equal(open.can_join, true);
		/* admins manage open and closed groups they are not in */
		assert.equal((await as('ada').get(`/api/v1/groups/${g.closed}`)).json.can_manage, true);
		/* guests and alumni see no other group */
		assertApiError(await as('gus').get(`/api/v1/groups/${g.open}`), 404, 'not_found');
		assertApiError(await as('alf').get(`/api/v1/groups/${g.open}`), 404, 'not_found');
	});
});

describe('the directory', () => {
	test('lists what each viewer may see, by name', async () => {
		assert.deepEqual(names(await as('own').get('/api/v1/groups')), ['Alumni', 'Board games', 'Cyclists', 'Drummers', 'Project Zeta']);
		assert.deepEqual(names(await as('out').get('/api/v1/groups')), ['Alumni', 'Board games', 'Cyclists', 'Drummers']);
		assert.deepEqual(names(await as('ada').get('/api/v1/groups')), ['Alumni', 'Board games', 'Cyclists', 'Drummers']);
		assert.deepEqual(names(await as('gus').get('/api/v1/groups')), []);
		assert.deepEqual(names(await as('alf').get('/api/v1/groups')), ['Alumni']);
		assert.equal((await as('alf').get('/api/v1/groups')).json.items[0].alumni, true);
	});

	test('search, category, mine and categories', async () => {
		assert.deepEqual(names(await as('out').get('/api/v1/groups?q=ride')), ['Cyclists']);
		assert.deepEqual(names(await as('out').get('/api/v1/groups?q=BOARD%20gam')), ['Board games']);
		assert.deepEqual(names(await as('out').get('/api/v1/groups?q=zeta')), []);
		assert.deepEqual(names(await as('own').get('/api/v1/groups?q=zeta')), ['Project Zeta']);
		assert.deepEqual(names(await as('out').get('/api/v1/groups?q=%22*%20OR%20NEAR(')), []);
		assert.deepEqual(names(await as('out').get('/api/v1/groups?category=Fun')), ['Board games', 'Drummers']);
		assert.deepEqual(names(await as('mem').get('/api/v1/groups?mine=1')), ['Drummers']);
		assert.deepEqual(names(await as('alf').get('/api/v1/groups?mine=true')), ['Alumni']);
		const cats = (await as('out').get('/api/v1/groups/categories')).json.items;
		assert.deepEqual(cats, [{ name: 'Community', count: 1 }, { name: 'Fun', count: 2 }, { name: 'Sport', count: 1 }]);
		const mine = (await as('own').get('/api/v1/groups/categories')).json.items.map((x) => x.name);
		assert.ok(mine.includes('Projects'));
		assert.deepEqual((await as('gus').get('/api/v1/groups/categories')).json.items, []);
		assertApiError(await as('out').get(`/api/v1/groups?q=${'a'.repeat(201)}`), 400, 'bad_request', { field: 'q' });
		assertApiError(await as('out').get('/api/v1/groups?mine=maybe'), 400, 'bad_request', { field: 'mine' });
		assertApiError(await as('out').get('/api/v1/groups?limit=0'), 400, 'bad_request', { field: 'limit' });
		assertApiError(await as('out').get('/api/v1/groups?limit=51'), 400, 'bad_request', { field: 'limit' });
		assertApiError(await as('out').get('/api/v1/groups?cursor=%21%21'), 400, 'bad_request', { field: 'cursor' });
	});

	test('pages with an opaque cursor: every group once', async () => {
		for (let i = 0; i < 5; i++) await create('mem', { name: `Team ${i}`, kind: 'open', category: 'Teams' });
		const seen = [];
		let cursor = null;
		let pages = 0;
		do {
			const r = await as('out').get(`/api/v1/groups?category=Teams&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
			assert.equal(r.status, 200, String(r));
			assert.ok(r.json.items.length <= 2);
			seen.push(...names(r));
			cursor = r.json.next;
			pages++;
		} while (cursor && pages < 10);
		assert.deepEqual(seen, ['Team 0', 'Team 1', 'Team 2', 'Team 3', 'Team 4']);
		assert.equal(pages, 3);
	});
});

describe('membership', () => {
	test('join an open group yourself; closed and secret ones refuse with a reason', async () => {
		const r = await as('mem').post(`/api/v1/groups/${g.open}/members`, { person_id: ids.mem });
		assert.equal(r.status, 201, String(r));
		assert.deepEqual({ id: r.json.person.id, role: r.json.role }, { id: ids.mem, role: 'member' });
		assertApiError(await as('mem').post(`/api/v1/groups/${g.open}/members`, { person_id: ids.mem }), 409, 'conflict');
		const closed = assertApiError(await as('out').post(`/api/v1/groups/${g.closed}/members`, { person_id: ids.out }), 403, 'forbidden');
		assert.match(closed.message, /requests/);
		assertApiError(await as('out').post(`/api/v1/groups/${g.secret}/members`, { person_id: ids.out }), 404, 'not_found');
		assertApiError(await as('gus').post(`/api/v1/groups/${g.open}/members`, { person_id: ids.gus }), 404, 'not_found');
		assertApiError(await as('out').post(`/api/v1/groups/${g.open}/members`, { person_id: 'x' }), 422, 'invalid', { field: 'person_id' });
		assertApiError(await as('out').post(`/api/v1/groups/${g.open}/members`, {}), 422, 'invalid', { field: 'person_id' });
		/* adding someone else needs a manager */
		assertApiError(await as('mem').post(`/api/v1/groups/${g.open}/members`, { person_id: ids.out }), 403, 'forbidden');
		const group = (await as('mem').get(`/api/v1/groups/${g.open}`)).json;
		assert.equal(group.member_count, 2);
		assert.equal(group.your_role, 'member');
	});

	test('managers add people, owners give roles; unknown people are 404', async () => {
		let r = await as('own').post(`/api/v1/groups/${g.secret}/members`, { person_id: ids.mod, role: 'moderator' });
		assert.equal(r.status, 201, String(r));
		assert.equal(r.json.role, 'moderator');
		/* a moderator adds members, not roles */
		assertApiError(await as('mod').post(`/api/v1/groups/${g.secret}/members`, { person_id: ids.mem, role: 'owner' }), 403, 'forbidden');
		r = await as('mod').post(`/api/v1/groups/${g.secret}/members`, { person_id: ids.gus });
		assert.equal(r.status, 201, String(r));
		assert.equal(r.json.person.guest, true);
		assertApiError(await as('own').post(`/api/v1/groups/${g.secret}/members`, { person_id: 999999 }), 404, 'not_found');
		assertApiError(await as('own').post(`/api/v1/groups/${g.secret}/members`, { person_id: ids.alf }), 422, 'invalid');
		assertApiError(await as('own').post(`/api/v1/groups/${g.secret}/members`, { person_id: ids.mem, role: 'boss' }), 422, 'invalid', { field: 'role' });
		/* the guest now sees that group, and only it */
		assert.deepEqual(names(await as('gus').get('/api/v1/groups')), ['Project Zeta']);
		assert.equal((await as('gus').get(`/api/v1/groups/${g.secret}`)).status, 200);
		/* a guest manager cannot name people they may not see */
		r = await as('own').patch(`/api/v1/groups/${g.secret}/members/${ids.gus}`, { role: 'moderator' });
		assert.equal(r.status, 200, String(r));
		assertApiError(await as('gus').post(`/api/v1/groups/${g.secret}/members`, { person_id: ids.out }), 404, 'not_found');
		assert.equal((await as('own').patch(`/api/v1/groups/${g.secret}/members/${ids.gus}`, { role: 'member' })).status, 200);
	});

	test('members list: owners, moderators, then by name; paged; for readers only', async () => {
		const r = await as('gus').get(`/api/v1/groups/${g.secret}/members`);
		assert.equal(r.status, 200, String(r));
		assert.deepEqual(r.json.items.map((m) => [m.person.name, m.role]),
			[['Olga Owner', 'owner'], ['Mo Moderator', 'moderator'], ['Gus Guest', 'member']]);
		assert.equal(r.json.member_count, 3);
		assert.equal(r.json.next_offset, null);
		const p1 = await as('own').get(`/api/v1/groups/${g.secret}/members?limit=2`);
		assert.equal(p1.json.items.length, 2);
		assert.equal(p1.json.next_offset, 2);
		const p2 = await as('own').get(`/api/v1/groups/${g.secret}/members?limit=2&offset=2`);
		assert.deepEqual(p2.json.items.map((m) => m.person.name), ['Gus Guest']);
		assertApiError(await as('out').get(`/api/v1/groups/${g.secret}/members`), 404, 'not_found');
		assertApiError(await as('out').get(`/api/v1/groups/${g.closed}/members`), 403, 'forbidden');
		assert.equal((await as('out').get(`/api/v1/groups/${g.open}/members`)).status, 200);  /* open: readable */
		assertApiError(await as('own').get(`/api/v1/groups/${g.open}/members?offset=-1`), 400, 'bad_request', { field: 'offset' });
	});

	test('roles need an owner; the last owner can neither leave nor be demoted', async () => {
		assertApiError(await as('mod').patch(`/api/v1/groups/${g.secret}/members/${ids.gus}`, { role: 'moderator' }), 403, 'forbidden');
		let e = assertApiError(await as('own').del(`/api/v1/groups/${g.secret}/members/${ids.own}`), 422, 'invalid');
		assert.match(e.message, /last owner/);
		e = assertApiError(await as('own').patch(`/api/v1/groups/${g.secret}/members/${ids.own}`, { role: 'member' }), 422, 'invalid');
		assert.match(e.message, /owner/);
		assertApiError(await as('own').patch(`/api/v1/groups/${g.secret}/members/${ids.own}`, { role: 'king' }), 422, 'invalid', { field: 'role' });
		assertApiError(await as('own').patch(`/api/v1/groups/${g.secret}/members/${ids.out}`, { role: 'member' }), 404, 'not_found');
		/* moderators cannot remove owners */
		assertApiError(await as('mod').del(`/api/v1/groups/${g.secret}/members/${ids.own}`), 403, 'forbidden');
		/* a second owner lets the first one step down */
		assert.equal((await as('own').patch(`/api/v1/groups/${g.secret}/members/${ids.mod}`, { role: 'owner' })).status, 200);
		assert.equal((await as('own').patch(`/api/v1/groups/${g.secret}/members/${ids.own}`, { role: 'moderator' })).status, 200);
		assert.equal((await as('mod').patch(`/api/v1/groups/${g.secret}/members/${ids.own}`, { role: 'owner' })).status, 200);
		assert.equal((await as('own').patch(`/api/v1/groups/${g.secret}/members/${ids.mod}`, { role: 'moderator' })).status, 200);
	});

	test('leave and remove', async () => {
		assert.equal((await as('mem').del(`/api/v1/groups/${g.open}/members/${ids.mem}`)).status, 204);
		assertApiError(await as('mem').del(`/api/v1/groups/${g.open}/members/${ids.mem}`), 404, 'not_found');
		assert.equal((await as('mem').get(`/api/v1/groups/${g.open}`)).json.member_count, 1);
		assert.equal((await as('own').post(`/api/v1/groups/${g.open}/members`, { person_id: ids.mem })).status, 201);
		assertApiError(await as('out').del(`/api/v1/groups/${g.open}/members/${ids.mem}`), 403, 'forbidden');
		assert.equal((await as('own').del(`/api/v1/groups/${g.open}/members/${ids.mem}`)).status, 204);
		assertApiError(await as('own').del(`/api/v1/groups/${g.open}/members/999999`), 404, 'not_found');
		/* alumni stay in the alumni group */
		const alumni = (await as('alf').get('/api/v1/groups')).json.items[0].id;
		assertApiError(await as('alf').del(`/api/v1/groups/${alumni}/members/${ids.alf}`), 422, 'invalid');
	});
});

describe('requests and invitations', () => {
	test('ask to join a closed group; managers are notified, approve; the requester is notified', async () => {
		assertApiError(await as('out').post(`/api/v1/groups/${g.open}/requests`, {}), 403, 'forbidden');
		assertApiError(await as('out').post(`/api/v1/groups/${g.secret}/requests`, {}), 404, 'not_found');
		assertApiError(await as('out').post(`/api/v1/groups/${g.closed}/requests`, { message: 'x'.repeat(501) }), 422, 'invalid', { field: 'message' });
		let r = await as('out').post(`/api/v1/groups/${g.closed}/requests`, { message: 'I love board games' });
		assert.equal(r.status, 201, String(r));
		assert.equal(r.json.pending, 'request');
		assert.equal(r.json.can_request, false);
		const n = (await as('own').get('/api/v1/notifications')).json.items.find((x) => x.kind === 'group_request');
		assert.ok(n, 'the owner is told');
		assert.deepEqual({ gid: n.group_id, gname: n.group_name, actor: n.actor.id, available: n.available },
			{ gid: g.closed, gname: 'Board games', actor: ids.out, available: true });
		assertApiError(await as('out').get(`/api/v1/groups/${g.closed}/requests`), 403, 'forbidden');
		r = await as('own').get(`/api/v1/groups/${g.closed}/requests`);
		assert.equal(r.status, 200);
		assert.deepEqual(r.json.items.map((x) => [x.person.id, x.kind, x.message]), [[ids.out, 'request', 'I love board games']]);
		const mine = (await as('out').get('/api/v1/me/group-requests')).json.items;
		assert.deepEqual(mine.map((x) => [x.group.id, x.kind]), [[g.closed, 'request']]);
		/* the requester cannot approve themselves */
		assertApiError(await as('out').post(`/api/v1/groups/${g.closed}/requests/${ids.out}/approve`), 403, 'forbidden');
		assertApiError(await as('own').post(`/api/v1/groups/${g.closed}/requests/${ids.mem}/approve`), 404, 'not_found');
		r = await as('own').post(`/api/v1/groups/${g.closed}/requests/${ids.out}/approve`);
		assert.equal(r.status, 200, String(r));
		assert.equal(r.json.role, 'member');
		const joined = (await as('out').get('/api/v1/notifications')).json.items.find((x) => x.kind === 'group_joined');
		assert.equal(joined.group_id, g.closed);
		assert.equal((await as('out').get(`/api/v1/groups/${g.closed}`)).json.your_role, 'member');
		assert.equal((await as('out').get(`/api/v1/groups/${g.closed}/members`)).status, 200);
	});

	test('decline a request, withdraw your own', async () => {
		assert.equal((await as('mem').post(`/api/v1/groups/${g.closed}/requests`)).status, 201);
		assert.equal((await as('own').post(`/api/v1/groups/${g.closed}/requests/${ids.mem}/decline`)).status, 204);
		assert.equal((await as('mem').get(`/api/v1/groups/${g.closed}`)).json.pending, null);
		assert.equal((await as('mem').post(`/api/v1/groups/${g.closed}/requests`, {})).status, 201);
		assert.equal((await as('mem').post(`/api/v1/groups/${g.closed}/requests/${ids.mem}/decline`)).status, 204);
		assertApiError(await as('own').post(`/api/v1/groups/${g.closed}/requests/${ids.mem}/decline`), 404, 'not_found');
		assertApiError(await as('out').post(`/api/v1/groups/${g.closed}/requests`), 409, 'conflict');
	});

	test('invitations to a secret group: seen while invited, accept or decline', async () => {
		assertApiError(await as('gus').post(`/api/v1/groups/${g.secret}/invitations`, { person_id: ids.out }), 403, 'forbidden');
		assertApiError(await as('own').post(`/api/v1/groups/${g.secret}/invitations`, { person_id: 999999 }), 404, 'not_found', { field: 'person_id' });
		assertApiError(await as('own').post(`/api/v1/groups/${g.secret}/invitations`, { person_id: ids.gus }), 409, 'conflict');
		let r = await as('own').post(`/api/v1/groups/${g.secret}/invitations`, { person_id: ids.out });
		assert.equal(r.status, 201, String(r));
		assert.equal(r.json.status, 'invited');
		assertApiError(await as('own').post(`/api/v1/groups/${g.secret}/invitations`, { person_id: ids.out }), 409, 'conflict');
		/* the invitee sees the group and the notification */
		r = await as('out').get(`/api/v1/groups/${g.secret}`);
		assert.equal(r.status, 200);
		assert.equal(r.json.pending, 'invite');
		assertApiError(await as('out').get(`/api/v1/groups/${g.secret}/stream`), 403, 'forbidden');
		let n = (await as('out').get('/api/v1/notifications')).json.items.find((x) => x.kind === 'group_invite');
		assert.deepEqual({ gid: n.group_id, name: n.group_name, available: n.available }, { gid: g.secret, name: 'Project Zeta', available: true });
		assert.deepEqual((await as('out').get('/api/v1/me/group-requests?kind=invite')).json.items.map((x) => x.group.name), ['Project Zeta']);
		/* someone else cannot answer it */
		assertApiError(await as('mem').post(`/api/v1/groups/${g.secret}/invitations/accept`), 404, 'not_found');
		/* decline: the group and the notification's group are gone for them */
		assert.equal((await as('out').post(`/api/v1/groups/${g.secret}/invitations/decline`)).status, 204);
		assertApiError(await as('out').get(`/api/v1/groups/${g.secret}`), 404, 'not_found');
		n = (await as('out').get('/api/v1/notifications')).json.items.find((x) => x.kind === 'group_invite');
		assert.deepEqual({ gid: n.group_id, name: n.group_name, available: n.available }, { gid: null, name: null, available: false });
		assert.doesNotMatch((await as('out').get('/api/v1/notifications')).text, /Zeta/);
		assertApiError(await as('out').post(`/api/v1/groups/${g.secret}/invitations/accept`), 404, 'not_found');
		/* invited again and withdrawn by the owner: gone for the invitee too */
		assert.equal((await as('own').post(`/api/v1/groups/${g.secret}/invitations`, { person_id: ids.out })).status, 201);
		assertApiError(await as('out').del(`/api/v1/groups/${g.secret}/invitations/${ids.out}`), 403, 'forbidden');
		assertApiError(await as('mem').del(`/api/v1/groups/${g.secret}/invitations/${ids.out}`), 404, 'not_found');
		assert.equal((await as('own').del(`/api/v1/groups/${g.secret}/invitations/${ids.out}`)).status, 204);
		assertApiError(await as('own').del(`/api/v1/groups/${g.secret}/invitations/${ids.out}`), 404, 'not_found');
		assertApiError(await as('out').get(`/api/v1/groups/${g.secret}`), 404, 'not_found');
		assertApiError(await as('out').post(`/api/v1/groups/${g.secret}/invitations/accept`), 404, 'not_found');
		/* invited again, accepts */
		assert.equal((await as('own').post(`/api/v1/groups/${g.secret}/invitations`, { person_id: ids.out })).status, 201);
		r = await as('out').post(`/api/v1/groups/${g.secret}/invitations/accept`);
		assert.equal(r.status, 200, String(r));
		assert.equal(r.json.role, 'member');
		assert.equal((await as('out').get(`/api/v1/groups/${g.secret}`)).json.member_count, 4);
		/* inviting someone who asked lets them in */
		assert.equal((await as('mem').post(`/api/v1/groups/${g.closed}/requests`)).status, 201);
		r = await as('own').post(`/api/v1/groups/${g.closed}/invitations`, { person_id: ids.mem });
		assert.equal(r.json.status, 'member');
	});
});

describe('the group stream and pins', () => {
	const posts = [];
	test('GET /api/v1/groups/{id}/stream pages like the other streams', async () => {
		for (let i = 0; i < 5; i++) posts.push(await groupPost('own', g.secret, `zeta-canary post ${i}`));
		let r = await as('gus').get(`/api/v1/groups/${g.secret}/stream?limit=2`);
		assert.equal(r.status, 200, String(r));
		assert.deepEqual(r.json.items.map((p) => p.id), [posts[4], posts[3]]);
		assert.equal(typeof r.json.next_cursor, 'string');
		const seen = r.json.items.map((p) => p.id);
		while (r.json.next_cursor) {
			r = await as('gus').get(`/api/v1/groups/${g.secret}/stream?limit=2&cursor=${r.json.next_cursor}`);
			seen.push(...r.json.items.map((p) => p.id));
		}
		assert.deepEqual(seen, [...posts].reverse());
		for (const who of ['ada', 'mem', 'alf']) {
			r = await as(who).get(`/api/v1/groups/${g.secret}/stream`);
			assertApiError(r, 404, 'not_found');
			assert.doesNotMatch(r.text, /zeta-canary/);
		}
		assertApiError(await as('gus').get(`/api/v1/groups/${g.secret}/stream?cursor=x`), 400, 'bad_request');
		/* the open group's stream is readable by colleagues */
		const op = await groupPost('own', g.open, 'open group news');
		r = await as('out').get(`/api/v1/groups/${g.open}/stream`);
		assert.deepEqual(r.json.items.map((p) => p.id), [op]);
	});

	test('pins: managers only, posts of that group only, at most ten', async () => {
		assertApiError(await as('gus').put(`/api/v1/groups/${g.secret}/pins/${posts[0]}`), 403, 'forbidden');
		let r = await as('mod').put(`/api/v1/groups/${g.secret}/pins/${posts[0]}`);
		assert.equal(r.status, 200, String(r));
		assert.deepEqual(r.json.items.map((p) => p.id), [posts[0]]);
		const elsewhere = await groupPost('own', g.open, 'not here');
		assertApiError(await as('own').put(`/api/v1/groups/${g.secret}/pins/${elsewhere}`), 404, 'not_found');
		assertApiError(await as('own').put(`/api/v1/groups/${g.secret}/pins/999999`), 404, 'not_found');
		const more = [];
		for (let i = 0; i < 10; i++) more.push(await groupPost('own', g.secret, `pin ${i}`));
		for (let i = 0; i < 9; i++) assert.equal((await as('own').put(`/api/v1/groups/${g.secret}/pins/${more[i]}`)).status, 200);
		assertApiError(await as('own').put(`/api/v1/groups/${g.secret}/pins/${more[9]}`), 422, 'invalid');
		r = await as('own').del(`/api/v1/groups/${g.secret}/pins/${posts[0]}`);
		assert.equal(r.status, 200);
		assert.equal(r.json.items.length, 9);
		assert.ok(!r.json.items.some((p) => p.id === posts[0]));
		r = await as('gus').get(`/api/v1/groups/${g.secret}/pins`);
		assert.equal(r.json.items.length, 9);
		assertApiError(await as('mem').get(`/api/v1/groups/${g.secret}/pins`), 404, 'not_found');
	});
});

describe('changing and deleting groups', () => {
	test('PATCH: owners only; closed → secret hides the group from the directory at once', async () => {
		assertApiError(await as('out').patch(`/api/v1/groups/${g.closed}`, { name: 'Mine now' }), 403, 'forbidden');
		assertApiError(await as('own').patch(`/api/v1/groups/${g.closed}`, { kind: 'private' }), 422, 'invalid', { field: 'kind' });
		assertApiError(await as('own').patch(`/api/v1/groups/${g.closed}`, { name: 'CYCLISTS' }), 409, 'conflict');
		assert.ok(names(await as('ada').get('/api/v1/groups')).includes('Board games'));
		/* ada asks to join, then the group turns secret */
		assert.equal((await as('ada').post(`/api/v1/groups/${g.closed}/requests`)).status, 201);
		let r = await as('own').patch(`/api/v1/groups/${g.closed}`, { kind: 'secret', about: 'Now *hidden*' });
		assert.equal(r.status, 200, String(r));
		assert.equal(r.json.kind, 'secret');
		assert.equal(r.json.name, 'Board games');
		assert.match(r.json.about_html, /<em>hidden<\/em>/);
		assert.ok(!names(await as('ada').get('/api/v1/groups')).includes('Board games'));
		assertApiError(await as('ada').get(`/api/v1/groups/${g.closed}`), 404, 'not_found');
		assert.deepEqual((await as('ada').get('/api/v1/me/group-requests')).json.items, []);
		assert.ok(names(await as('out').get('/api/v1/groups')).includes('Board games'));  /* a member */
		/* the owners' request notification about a group they see stays */
		const n = (await as('own').get('/api/v1/notifications')).json.items.find((x) => x.kind === 'group_request' && x.actor.id === ids.ada);
		assert.equal(n.group_id, g.closed);
	});

	test('DELETE: owners only; the group and its notifications are gone for everyone', async () => {
		assertApiError(await as('out').del(`/api/v1/groups/${g.closed}`), 403, 'forbidden');
		assert.equal((await as('own').del(`/api/v1/groups/${g.closed}`)).status, 204);
		assertApiError(await as('own').get(`/api/v1/groups/${g.closed}`), 404, 'not_found');
		assertApiError(await as('own').del(`/api/v1/groups/${g.closed}`), 404, 'not_found');
		assert.ok(!names(await as('out').get('/api/v1/groups')).includes('Board games'));
		const n = (await as('out').get('/api/v1/notifications')).json.items.find((x) => x.kind === 'group_joined');
		assert.deepEqual({ gid: n.group_id, available: n.available }, { gid: null, available: false });
		/* the name is free again */
		await create('own', { name: 'Board games', kind: 'open' });
		/* the alumni group stays */
		const alumni = (await as('alf').get('/api/v1/groups')).json.items[0].id;
		assertApiError(await as('ada').del(`/api/v1/groups/${alumni}`), 403, 'forbidden');
	});
});

describe('group notifications on /notifications', () => {
	test('they name the group and open it; a group no longer visible is named nowhere', async () => {
		const web = new Client(server.url);
		await web.signIn(USERS.out.email, PASSWORD);
		const page = await web.get('/notifications');
		assert.equal(page.status, 200);
		const text = textOf(page.text);
		/* out was let into Board games (deleted since) and invited to Project Zeta (a member now) */
		assert.match(text, /Olga Owner invited you to the group Project Zeta/);
		assert.match(text, /This group is no longer available/);
		assert.doesNotMatch(text, /Board games/);
		const ids_ = [...page.text.matchAll(/id="notification-(\d+)"/g)].map((m) => Number(m[1]));
		const api = (await as('out').get('/api/v1/notifications')).json.items;
		const invite = api.find((x) => x.kind === 'group_invite' && x.available);
		const gone = api.find((x) => x.kind === 'group_joined' && !x.available);
		assert.ok(ids_.includes(invite.id) && ids_.includes(gone.id));
		const forms = parseForms(page.text);
		const open = (id) => forms.find((f) => f.action === `/notifications/${id}/open`);
		let r = await web.post(open(invite.id).action, { form: { _csrf: open(invite.id).values._csrf } });
		assert.equal(r.status, 303);
		assert.equal(r.headers.get('location'), `/groups/${g.secret}`);
		r = await web.post(open(gone.id).action, { form: { _csrf: open(gone.id).values._csrf } });
		assert.equal(r.status, 303);
		assert.equal(r.headers.get('location'), '/notifications');
		const after = await web.get('/notifications');
		assert.match(textOf(after.text), /That group is no longer available/);
		/* the settings row */
		const settings = await web.get('/settings');
		assert.match(settings.text, /<input type="checkbox" name="groups" value="1" checked/);
		assert.match(textOf(settings.text), /Group invitations and requests/);
	});
});
