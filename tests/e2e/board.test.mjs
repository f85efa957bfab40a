// Saved searches and the board end to end: every route of /searches,
// /board and /api/v1/searches|board, their refusals (validation, caps,
// CSRF, another person's ids are 404, guests get no topic or person
// columns), columns that stop showing a group turned secret or a person
// deactivated, and a column that learns of a new post live.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, PASSWORD } from './lib/server.mjs';
import { Client, assertApiError, RFC3339_UTC, parseForms } from './lib/http.mjs';
import { openStream } from './lib/sse.mjs';

const USERS = {
	ada: { email: 'ada@example.com', name: 'Ada Admin', role: 'admin' },
	mem: { email: 'mem@example.com', name: 'Meg Member' },
	out: { email: 'out@example.com', name: 'Otto Outsider' },
	gus: { email: 'gus@example.com', name: 'Gus Guest', role: 'guest' },
	leo: { email: 'leo@example.com', name: 'Leo Leaver' },
};
const server = useServer({ users: Object.values(USERS) });

let c;
const tok = {};
const ids = {};
const web = {};
const as = (who) => ({
	get: (path) => c.get(path, { bearer: tok[who] }),
	post: (path, json) => c.post(path, { bearer: tok[who], json }),
	patch: (path, json) => c.patch(path, { bearer: tok[who], json }),
	del: (path) => c.delete(path, { bearer: tok[who] }),
});
async function post(who, body) {
	const r = await as(who).post('/api/v1/posts', body);
	assert.equal(r.status, 201, String(r));
	return r.json.id;
}
async function group(who, name, kind) {
	const r = await as(who).post('/api/v1/groups', { name, kind });
	assert.equal(r.status, 201, String(r));
	return r.json.id;
}
const g = {};

before(async () => {
	await server.ready;
	c = new Client(server.url);
	for (const [k, u] of Object.entries(USERS)) {
		tok[k] = (await new Client(server.url).apiSignIn(u.email, PASSWORD)).token;
		ids[k] = (await c.get('/api/v1/me', { bearer: tok[k] })).json.id;
		web[k] = new Client(server.url);
		await web[k].signIn(u.email, PASSWORD);
	}
	g.open = await group('mem', 'Fietsclub', 'open');
	g.closed = await group('mem', 'Raad van bestuur', 'closed');
	g.secret = await group('mem', 'Project Ekster', 'secret');
	await post('mem', { text: 'De stalling voor je fiets is vernieuwd #mobiliteit' });
	await post('mem', { text: 'Met de fiets naar kantoor, route in het open', group_id: g.open });
	await post('mem', { text: 'Geheime fiets zwaluwcanary', group_id: g.secret });
	await post('leo', { text: 'Afscheid van Leo, tot ziens' });
});

describe('saved searches API', () => {
	let id;
	test('save, list, rename, run, delete', async () => {
		let r = await as('out').post('/api/v1/searches', { name: 'Fietsen', q: 'fiets', kind: 'post', since: '2020-01-01', until: '2099-12-31' });
		assert.equal(r.status, 201, String(r));
		id = r.json.id;
		assert.equal(r.json.name, 'Fietsen');
		assert.equal(r.json.q, 'fiets');
		assert.equal(r.json.kind, 'post');
		assert.equal(r.json.since, '2020-01-01');
		assert.equal(r.json.until, '2099-12-31');
		assert.match(r.json.created_at, RFC3339_UTC);
		assert.match(r.json.url, /^\/search\?q=fiets&kind=post&since=2020-01-01&until=2099-12-31$/);
		r = await as('out').get('/api/v1/searches');
		assert.equal(r.status, 200);
		assert.deepEqual(r.json.items.map((s) => s.id), [id]);
		assert.equal(r.json.max, 50);
		r = await as('out').patch(`/api/v1/searches/${id}`, { name: 'Alles over fietsen' });
		assert.equal(r.status, 200, String(r));
		assert.equal(r.json.name, 'Alles over fietsen');
		r = await as('out').get(`/api/v1/searches/${id}/results`);
		assert.equal(r.status, 200, String(r));
		assert.ok(r.json.items.length >= 2, String(r));
		assert.ok(r.json.items.every((it) => it.kind === 'post'));
		assert.ok(!r.text.includes('zwaluwcanary'), 'a secret group post in results');
		// the member of the secret group finds it through the same kind of search
		const mine = await as('mem').post('/api/v1/searches', { q: 'zwaluwcanary' });
		assert.equal(mine.status, 201);
		assert.equal(mine.json.name, 'zwaluwcanary', 'the name defaults to the text');
		r = await as('mem').get(`/api/v1/searches/${mine.json.id}/results`);
		assert.ok(r.text.includes('zwaluwcanary'));
		r = await as('mem').del(`/api/v1/searches/${mine.json.id}`);
		assert.equal(r.status, 204);
	});
	test('refusals', async () => {
		assertApiError(await as('out').post('/api/v1/searches', { name: '', q: 'fiets' }), 422, 'invalid', { field: 'name' });
		assertApiError(await as('out').post('/api/v1/searches', { name: 'x'.repeat(81), q: 'fiets' }), 422, 'invalid', { field: 'name' });
		assertApiError(await as('out').post('/api/v1/searches', { name: 'x', q: '' }), 422, 'invalid');
		assertApiError(await as('out').post('/api/v1/searches', { name: 'x', q: 'a'.repeat(201) }), 422, 'invalid');
		assertApiError(await as('out').post('/api/v1/searches', { name: 'x', q: 'fiets', kind: 'bogus' }), 422, 'invalid');
		assertApiError(await as('out').post('/api/v1/searches', { name: 'x', q: 'fiets', since: '2020-13-01' }), 422, 'invalid', { field: 'since' });
		assertApiError(await as('out').post('/api/v1/searches', { name: 'x', q: 'fiets', group: -1 }), 422, 'invalid', { field: 'group' });
		assertApiError(await as('out').post('/api/v1/searches', { name: 'x\u0001', q: 'fiets' }), 422, 'invalid');
		assertApiError(await as('out').post('/api/v1/searches', { name: 7, q: 'fiets' }), 422, 'invalid');
		assertApiError(await as('out').patch(`/api/v1/searches/${id}`, { name: '' }), 422, 'invalid', { field: 'name' });
		assertApiError(await as('out').get(`/api/v1/searches/${id}/results?cursor=zz`), 400, 'bad_request');
		assertApiError(await as('out').get(`/api/v1/searches/${id}/results?limit=0`), 400, 'bad_request');
		// another person's saved search does not exist for them
		for (const r of [await as('mem').get(`/api/v1/searches/${id}/results`), await as('mem').patch(`/api/v1/searches/${id}`, { name: 'mine' }),
			await as('mem').del(`/api/v1/searches/${id}`), await as('mem').get('/api/v1/searches/999999/results')])
			assertApiError(r, 404, 'not_found');
		assert.equal((await as('mem').get('/api/v1/searches')).json.items.length, 0);
	});
	test('at most 50 per person', async () => {
		for (let i = 0; i < 49; i++) assert.equal((await as('leo').post('/api/v1/searches', { name: `s${i}`, q: `woord${i}` })).status, 201);
		assert.equal((await as('leo').post('/api/v1/searches', { q: 'laatste' })).status, 201);
		assertApiError(await as('leo').post('/api/v1/searches', { q: 'teveel' }), 422, 'limit');
		assert.equal((await as('leo').get('/api/v1/searches')).json.items.length, 50);
	});
});

describe('board API', () => {
	const col = {};
	let search;
	test('add columns of every kind, read them, their items', async () => {
		search = (await as('out').post('/api/v1/searches', { name: 'Fiets', q: 'fiets' })).json.id;
		let r = await as('out').post('/api/v1/board/columns', { kind: 'search', ref: search });
		assert.equal(r.status, 201, String(r));
		col.search = r.json.id;
		assert.equal(r.json.kind, 'search');
		assert.equal(r.json.position, 0);
		assert.equal(r.json.title, 'Fiets');
		assert.equal(r.json.state, 'shown');
		r = await as('out').post('/api/v1/board/columns', { kind: 'topic', topic: 'Mobiliteit' });
		assert.equal(r.status, 201, String(r));
		col.topic = r.json.id;
		assert.equal(r.json.title, '#mobiliteit');
		r = await as('out').post('/api/v1/board/columns', { kind: 'group', ref: g.open });
		assert.equal(r.status, 201, String(r));
		col.group = r.json.id;
		assert.equal(r.json.title, 'Fietsclub');
		r = await as('out').post('/api/v1/board/columns', { kind: 'person', ref: ids.leo });
		assert.equal(r.status, 201, String(r));
		col.person = r.json.id;
		r = await as('out').get('/api/v1/board');
		assert.equal(r.status, 200);
		assert.deepEqual(r.json.columns.map((x) => [x.id, x.position]), [[col.search, 0], [col.topic, 1], [col.group, 2], [col.person, 3]]);
		assert.equal(r.json.max_columns, 12);
		r = await as('out').get(`/api/v1/board/columns/${col.group}/items`);
		assert.equal(r.status, 200, String(r));
		assert.equal(r.json.state, 'shown');
		assert.ok(r.json.items.some((it) => it.title.includes('route in het open')), String(r));
		assert.equal(r.json.items[0].author.name, 'Meg Member');
		assert.match(r.json.items[0].created_at, RFC3339_UTC);
		r = await as('out').get(`/api/v1/board/columns/${col.topic}/items`);
		assert.ok(r.json.items.some((it) => it.title.includes('stalling')), String(r));
		r = await as('out').get(`/api/v1/board/columns/${col.search}/items`);
		assert.ok(r.json.items.length >= 2 && !r.text.includes('zwaluwcanary'), String(r));
		r = await as('out').get(`/api/v1/board/columns/${col.person}/items?limit=1`);
		assert.equal(r.json.items.length, 1);
		assert.ok(r.json.items[0].title.includes('Afscheid'));
	});
	test('reorder: positions rewritten', async () => {
		let r = await as('out').patch(`/api/v1/board/columns/${col.person}`, { position: 0 });
		assert.equal(r.status, 200, String(r));
		assert.deepEqual(r.json.columns.map((x) => x.id), [col.person, col.search, col.topic, col.group]);
		assert.deepEqual(r.json.columns.map((x) => x.position), [0, 1, 2, 3]);
		r = await as('out').patch(`/api/v1/board/columns/${col.person}`, { position: 11 });
		assert.deepEqual(r.json.columns.map((x) => x.id), [col.search, col.topic, col.group, col.person]);
		assertApiError(await as('out').patch(`/api/v1/board/columns/${col.person}`, { position: 12 }), 422, 'invalid', { field: 'position' });
		assertApiError(await as('out').patch(`/api/v1/board/columns/${col.person}`, { position: 'left' }), 422, 'invalid');
	});
	test('refusals', async () => {
		const add = (who, body) => as(who).post('/api/v1/board/columns', body);
		assertApiError(await add('out', { kind: 'search', ref: search }), 409, 'conflict');
		assertApiError(await add('out', { kind: 'feed', ref: 1 }), 422, 'invalid', { field: 'kind' });
		assertApiError(await add('out', { kind: 'group' }), 422, 'invalid', { field: 'ref' });
		assertApiError(await add('out', { kind: 'group', ref: 'x' }), 422, 'invalid', { field: 'ref' });
		assertApiError(await add('out', { kind: 'group', ref: 999999 }), 404, 'not_found');
		assertApiError(await add('out', { kind: 'group', ref: g.secret }), 404, 'not_found');   // its existence is hidden
		assertApiError(await add('out', { kind: 'group', ref: g.closed }), 403, 'forbidden');   // its name is not, its posts are
		assertApiError(await add('out', { kind: 'topic', topic: 'bestaatniet' }), 404, 'not_found');
		assertApiError(await add('out', { kind: 'person', ref: 999999 }), 404, 'not_found');
		// someone else's saved search is no search of yours
		const theirs = (await as('mem').post('/api/v1/searches', { q: 'fiets' })).json.id;
		assertApiError(await add('out', { kind: 'search', ref: theirs }), 404, 'not_found');
		// guests: no topic or person columns (those pages are for colleagues)
		assertApiError(await add('gus', { kind: 'topic', topic: 'mobiliteit' }), 403, 'forbidden');
		assertApiError(await add('gus', { kind: 'person', ref: ids.mem }), 403, 'forbidden');
		assertApiError(await add('gus', { kind: 'group', ref: g.open }), 404, 'not_found');
		// another person's column is 404 everywhere
		for (const r of [await as('mem').get(`/api/v1/board/columns/${col.group}/items`), await as('mem').patch(`/api/v1/board/columns/${col.group}`, { position: 0 }),
			await as('mem').del(`/api/v1/board/columns/${col.group}`)])
			assertApiError(r, 404, 'not_found');
		assertApiError(await as('out').get(`/api/v1/board/columns/${col.group}/items?cursor=abc`), 400, 'bad_request');
		assert.equal((await as('mem').get('/api/v1/board')).json.columns.length, 0);
	});
	test('at most 12 columns', async () => {
		for (let i = 0; i < 12; i++) {
			const s = (await as('ada').post('/api/v1/searches', { q: `kolom${i}` })).json.id;
			const r = await as('ada').post('/api/v1/board/columns', { kind: 'search', ref: s });
			assert.equal(r.status, i < 12 ? 201 : 422, String(r));
		}
		const s = (await as('ada').post('/api/v1/searches', { q: 'dertien' })).json.id;
		assertApiError(await as('ada').post('/api/v1/board/columns', { kind: 'search', ref: s }), 422, 'limit');
		// deleting a saved search takes its column along and closes the gap
		const board = (await as('ada').get('/api/v1/board')).json.columns;
		assert.equal((await as('ada').del(`/api/v1/searches/${board[0].ref}`)).status, 204);
		const after = (await as('ada').get('/api/v1/board')).json.columns;
		assert.equal(after.length, 11);
		assert.deepEqual(after.map((x) => x.position), [...Array(11).keys()]);
	});
	test('a group turned secret and a deactivated person show an explanation, not content', async () => {
		let r = await as('mem').patch(`/api/v1/groups/${g.open}`, { kind: 'secret' });
		assert.equal(r.status, 200, String(r));
		r = await as('out').get(`/api/v1/board/columns/${col.group}/items`);
		assert.equal(r.status, 200);
		assert.equal(r.json.state, 'hidden');
		assert.deepEqual(r.json.items, []);
		assert.ok(r.json.reason.length > 0);
		assert.ok(!r.text.includes('route in het open') && !r.text.includes('Fietsclub'), 'nothing of the secret group');
		const page = await web.out.get('/board');
		assert.equal(page.status, 200);
		assert.ok(!page.text.includes('route in het open') && !page.text.includes('Fietsclub'), 'the board shows nothing of it');
		assert.ok(page.text.includes('no longer visible to you'));
		r = await as('ada').patch(`/api/v1/people/${ids.leo}`, { status: 'deactivated' });
		assert.equal(r.status, 200, String(r));
		r = await as('out').get(`/api/v1/board/columns/${col.person}/items`);
		assert.equal(r.json.state, 'hidden');
		assert.deepEqual(r.json.items, []);
		assert.match(r.json.reason, /deactivated/);
		await as('mem').patch(`/api/v1/groups/${g.open}`, { kind: 'open' });
	});
	test('remove', async () => {
		assert.equal((await as('out').del(`/api/v1/board/columns/${col.person}`)).status, 204);
		assertApiError(await as('out').del(`/api/v1/board/columns/${col.person}`), 404, 'not_found');
	});
	test('a column learns of a new post live: the event names its group, and the fragment has the post', async () => {
		const stream = await openStream(server.url, '/api/v1/events', { bearer: tok.out });
		try {
			const before = await web.out.get(`/board/columns/${col.group}/fragment`);
			assert.equal(before.status, 200);
			const id = await post('mem', { text: 'Nieuwe fietsenmaker gevonden', group_id: g.open });
			const ev = await stream.waitFor('post', (d) => d.post_id === id);
			assert.equal(ev.group_id, g.open);
			const after = await web.out.get(`/board/columns/${col.group}/fragment`);
			assert.ok(!before.text.includes('fietsenmaker') && after.text.includes('fietsenmaker'), after.text);
			assert.ok(after.text.includes(`data-key="post:${id}"`));
		} finally {
			stream.close();
		}
	});
});

describe('anonymous questions on the board', () => {
	test('the asker is named nowhere: not in a person column, not in a search column', async () => {
		const q = await as('mem').post('/api/v1/questions', { title: 'Wie repareert anoniem een fiets?', body: 'anoniemcanary graag', anonymous: true });
		assert.equal(q.status, 201, String(q));
		const s = (await as('out').post('/api/v1/searches', { q: 'anoniemcanary' })).json.id;
		const cs = (await as('out').post('/api/v1/board/columns', { kind: 'search', ref: s })).json.id;
		const cp = (await as('out').post('/api/v1/board/columns', { kind: 'person', ref: ids.mem })).json.id;
		let r = await as('out').get(`/api/v1/board/columns/${cs}/items`);
		assert.ok(r.json.items.length >= 1, String(r));
		assert.ok(r.json.items.every((it) => it.author === null), 'no author on a hit');
		assert.ok(!r.text.includes('Meg Member') && !r.text.includes(`/people/${ids.mem}`));
		r = await as('out').get(`/api/v1/board/columns/${cp}/items?limit=50`);
		assert.ok(!r.text.includes('anoniemcanary') && !r.text.includes('repareert anoniem'), 'not in the asker\'s column');
		const page = await web.out.get('/board');
		const col = page.text.slice(page.text.indexOf(`id="col-${cs}"`));
		const body = col.slice(0, col.indexOf('</section>'));
		assert.ok(body.includes('anoniemcanary') && !body.includes('Meg Member'), 'the page names no one either');
		await as('out').del(`/api/v1/board/columns/${cs}`);
		await as('out').del(`/api/v1/board/columns/${cp}`);
	});
});

describe('pages', () => {
	test('save a search from /search, list, rename, delete with confirmation', async () => {
		let r = await web.mem.get('/search?q=fiets&kind=post');
		assert.equal(r.status, 200);
		const form = parseForms(r.text).find((f) => f.action.startsWith('/searches?'));
		assert.ok(form, 'a "Save this search" form');
		assert.equal(form.action, '/searches?q=fiets&kind=post');
		assert.equal(form.values.name, 'fiets');
		// without the CSRF token: refused
		r = await web.mem.post(form.action, { form: { name: 'Fietsen' } });
		assert.equal(r.status, 403);
		r = await web.mem.post(form.action, { form: { name: 'Mijn fietsen', _csrf: form.values._csrf } });
		assert.equal(r.status, 303, String(r));
		assert.match(r.headers.get('location'), /^\/searches#search-\d+$/);
		const id = Number(r.headers.get('location').split('-').pop());
		r = await web.mem.get('/searches');
		assert.ok(r.text.includes('Mijn fietsen') && r.text.includes('/search?q=fiets&amp;kind=post'));
		r = await web.mem.submit('/searches', { name: 'Fietsen (alles)' }, { action: `/searches/${id}/rename` });
		assert.equal(r.status, 303);
		assert.ok((await web.mem.get('/searches')).text.includes('Fietsen (alles)'));
		r = await web.mem.submit('/searches', { name: '' }, { action: `/searches/${id}/rename` });
		assert.equal(r.status, 422);
		r = await web.mem.get(`/searches/${id}/delete`);
		assert.equal(r.status, 200);
		assert.ok(r.text.includes('Fietsen (alles)'));
		// another person's saved search: 404 on every route
		assert.equal((await web.out.get(`/searches/${id}/delete`)).status, 404);
		const csrfOut = await web.out.csrfFrom('/board', '/board/columns');
		assert.equal((await web.out.post(`/searches/${id}/delete`, { form: { _csrf: csrfOut } })).status, 404);
		assert.equal((await web.out.post(`/searches/${id}/rename`, { form: { _csrf: csrfOut, name: 'x' } })).status, 404);
		r = await web.mem.submit(`/searches/${id}/delete`, {});
		assert.equal(r.status, 303);
		assert.ok(!(await web.mem.get('/searches')).text.includes('Fietsen (alles)'));
		// a search without words cannot be saved
		r = await web.mem.post('/searches?q=', { form: { name: 'leeg', _csrf: form.values._csrf } });
		assert.equal(r.status, 422);
	});
	test('the board: add, render server-side, move, remove', async () => {
		let r = await web.mem.get('/board');
		assert.equal(r.status, 200);
		assert.ok(r.text.includes('Your board is empty'));
		r = await web.mem.submit('/board', { kind: 'topic', topic: '#mobiliteit' }, { action: '/board/columns' });
		assert.equal(r.status, 303, String(r));
		r = await web.mem.submit('/board', { kind: 'group', group: String(g.secret) }, { action: '/board/columns' });
		assert.equal(r.status, 303, String(r));
		r = await web.mem.submit('/board', { kind: 'person', person: 'out@example.com' }, { action: '/board/columns' });
		assert.equal(r.status, 303, String(r));
		r = await web.mem.submit('/board', { kind: 'person', person: 'nobody@example.com' }, { action: '/board/columns' });
		assert.equal(r.status, 422);
		r = await web.mem.submit('/board', { kind: 'topic', topic: '#mobiliteit' }, { action: '/board/columns' });
		assert.equal(r.status, 422);
		assert.ok(r.text.includes('on your board already'));
		r = await web.mem.get('/board');
		assert.ok(r.text.includes('stalling voor je fiets') && r.text.includes('zwaluwcanary'), 'first pages rendered without JavaScript');
		const cols = [...r.text.matchAll(/data-column-id="(\d+)"/g)].map((m) => Number(m[1]));
		assert.equal(cols.length, 3);
		r = await web.mem.submit('/board', { direction: 'left' }, { action: `/board/columns/${cols[2]}/move` });
		assert.equal(r.status, 303);
		r = await web.mem.get('/board');
		assert.deepEqual([...r.text.matchAll(/data-column-id="(\d+)"/g)].map((m) => Number(m[1])), [cols[0], cols[2], cols[1]]);
		r = await web.mem.submit('/board', { direction: 'up' }, { action: `/board/columns/${cols[2]}/move` });
		assert.equal(r.status, 400);
		assert.equal((await web.mem.get(`/board/columns/${cols[0]}`)).status, 200);
		assert.equal((await web.mem.get(`/board/columns/${cols[0]}?cursor=x`)).status, 400);
		// another person's column: 404
		assert.equal((await web.out.get(`/board/columns/${cols[0]}`)).status, 404);
		assert.equal((await web.out.get(`/board/columns/${cols[0]}/fragment`)).status, 404);
		assert.equal((await web.out.get(`/board/columns/${cols[0]}/remove`)).status, 404);
		const csrfOut = await web.out.csrfFrom('/board', '/board/columns');
		assert.equal((await web.out.post(`/board/columns/${cols[0]}/remove`, { form: { _csrf: csrfOut } })).status, 404);
		assert.equal((await web.out.post(`/board/columns/${cols[0]}/move`, { form: { _csrf: csrfOut, direction: 'left' } })).status, 404);
		// CSRF
		assert.equal((await web.mem.post(`/board/columns/${cols[0]}/remove`, { form: {} })).status, 403);
		r = await web.mem.get(`/board/columns/${cols[0]}/remove`);
		assert.equal(r.status, 200);
		assert.ok(r.text.includes('#mobiliteit'));
		r = await web.mem.submit(`/board/columns/${cols[0]}/remove`, {});
		assert.equal(r.status, 303);
		assert.equal((await web.mem.get(`/board/columns/${cols[0]}`)).status, 404);
	});
	test('guests: a board of their groups, no topic or person columns', async () => {
		let r = await web.gus.get('/board');
		assert.equal(r.status, 200);
		assert.ok(!r.text.includes('name="topic"') && !r.text.includes('name="person"'));
		r = await web.gus.submit('/board', { kind: 'topic', topic: 'mobiliteit' }, { action: '/board/columns' });
		assert.equal(r.status, 422);
		assert.ok(r.text.includes('Topics are for colleagues'));
	});
	test('Dutch', async () => {
		const nl = new Client(server.url, { headers: { 'Accept-Language': 'nl' } });
		await nl.signIn(USERS.gus.email, PASSWORD);
		const r = await nl.get('/board');
		assert.equal(r.status, 200);
		assert.ok(r.text.includes('Kolom toevoegen') && r.text.includes('Je bord is leeg'), 'the board in Dutch');
		const s = await nl.get('/searches');
		assert.ok(s.text.includes('Bewaarde zoekopdrachten'));
	});
});
