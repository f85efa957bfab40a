// GET /api/v1/people and /api/v1/people/{id}: ordering, cursor pagination
// without gaps or repeats, limits, search (word starts, case, accents), and 404.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, PASSWORD } from './lib/server.mjs';
import { Client, assertApiError, assertPerson, allPeople, fold } from './lib/http.mjs';

const ANN = { email: 'ann@example.com', name: 'Ann Admin', role: 'admin' };
const ZOE = { email: 'zq.one@example.com', name: 'Zoë Quaxleworth' };
const CHLOE = { email: 'chloe.vanderbrug@example.com', name: 'Chloé van der Brug' };
const IJSBRAND = { email: 'ijsbrand@example.com', name: 'IJsbrand Ørsted' };
const server = useServer({ demo: { people: 60, seed: 1 }, users: [ANN, ZOE, CHLOE, IJSBRAND] });

let c;
let tok;
let everyone;
const get = (path) => c.get(path, { bearer: tok });
const search = async (q) => (await allPeople(c, { q, bearer: tok, limit: 100 })).items;

before(async () => {
	await server.ready;
	c = new Client(server.url);
	tok = (await c.apiSignIn(ANN.email, PASSWORD)).token;
	everyone = (await allPeople(c, { bearer: tok, limit: 100 })).items;
	// give Zoë a findable title (her own) and department (an admin's call)
	const z = await new Client(server.url).apiSignIn(ZOE.email, PASSWORD);
	let r = await new Client(server.url).patch('/api/v1/me', { bearer: z.token, json: { title: 'Xylophonist' } });
	assert.equal(r.status, 200, String(r));
	r = await c.patch(`/api/v1/people/${r.json.id}`, { bearer: tok, json: { department: 'Kwartiermakerij' } });
	assert.equal(r.status, 200, String(r));
});

/** Non-decreasing by a key: folded (case/accents ignored) or raw code points. */
function assertAscending(items, what) {
	const byFold = items.every((p, i) => i === 0 || fold(items[i - 1].name).localeCompare(fold(p.name), 'en') <= 0 ||
		fold(items[i - 1].name) <= fold(p.name));
	const byRaw = items.every((p, i) => i === 0 || items[i - 1].name.toLowerCase() <= p.name.toLowerCase());
	const byBytes = items.every((p, i) => i === 0 || items[i - 1].name <= p.name);
	assert.ok(byFold || byRaw || byBytes, `${what} not ordered by name: ${items.map((p) => p.name).join(' | ')}`);
}

describe('listing', () => {
	test('demo data plus our users, every item a Person', async () => {
		assert.ok(everyone.length >= 64, `only ${everyone.length} people`);
		for (const p of everyone) assertPerson(p);
		const emails = everyone.map((p) => p.email.toLowerCase());
		assert.equal(new Set(emails).size, emails.length, 'e-mail addresses are unique');
		for (const u of [ANN, ZOE, CHLOE, IJSBRAND]) assert.ok(emails.includes(u.email), `${u.email} listed`);
	});

	test('default page: 20 items and a cursor', async () => {
		const r = await get('/api/v1/people');
		assert.equal(r.status, 200, String(r));
		assert.equal(r.json.items.length, 20);
		assert.equal(typeof r.json.next_cursor, 'string');
	});

	test('ascending by name', async () => {
		assertAscending(everyone, 'all people');
	});

	for (const limit of [1, 7, 20, 100]) {
		test(`limit=${limit}: pages join up with no gaps and no repeats`, async () => {
			const { items, pages } = await allPeople(c, { bearer: tok, limit });
			assert.equal(pages, Math.max(1, Math.ceil(everyone.length / limit)), 'number of pages');
			const ids = items.map((p) => p.id);
			assert.equal(new Set(ids).size, ids.length, 'a person on two pages');
			assert.deepEqual(ids, everyone.map((p) => p.id), 'the same order as one big page');
		});
	}

	test('the last page has next_cursor null; full pages before it', async () => {
		let cursor = null;
		const sizes = [];
		for (;;) {
			const r = await get(`/api/v1/people?limit=9${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
			sizes.push(r.json.items.length);
			if (r.json.next_cursor === null) break;
			cursor = r.json.next_cursor;
		}
		assert.ok(sizes.slice(0, -1).every((n) => n === 9), `page sizes ${sizes}`);
		assert.ok(sizes.at(-1) >= 1 || sizes.length === 1, `an empty last page: ${sizes}`);
	});

	test('cursors are stable', async () => {
		const first = await get('/api/v1/people?limit=10');
		const cursor = first.json.next_cursor;
		const second = await get(`/api/v1/people?limit=10&cursor=${encodeURIComponent(cursor)}`);
		const again = await get(`/api/v1/people?limit=10&cursor=${encodeURIComponent(cursor)}`);
		assert.deepEqual(again.json.items.map((p) => p.id), second.json.items.map((p) => p.id), 'cursors are stable');
		assert.ok(!second.json.items.some((p) => first.json.items.some((q) => q.id === p.id)));
	});

	test('bad limit or cursor → 400 bad_request', async () => {
		for (const qs of ['limit=0', 'limit=101', 'limit=-1', 'limit=abc', 'limit=1.5', 'limit=99999999999999999999',
			'cursor=garbage', 'cursor=%00', 'cursor=' + 'A'.repeat(3000), "cursor=' OR 1=1 --"]) {
			assertApiError(await get(`/api/v1/people?${qs}`), 400, 'bad_request');
		}
	});

	test('a tampered cursor → 400, never a 500', async () => {
		const r = await get('/api/v1/people?limit=5');
		const cur = r.json.next_cursor;
		const variants = [cur.slice(0, -1), cur + 'A', cur.split('').reverse().join(''), cur.replace(/^./, (ch) => (ch === 'A' ? 'B' : 'A'))];
		for (const v of variants) {
			const t = await get(`/api/v1/people?cursor=${encodeURIComponent(v)}`);
			assert.ok(t.status === 400 || t.status === 200, `tampered cursor ${v}: ${t.status}`);
			if (t.status === 400) assertApiError(t, 400, 'bad_request');
		}
	});
});

describe('search', () => {
	const has = (items, email) => items.some((p) => p.email === email);

	test('"zoe" finds "Zoë" (accents and case ignored)', async () => {
		for (const q of ['zoe', 'Zoe', 'ZOË', 'zoë', 'zoë'.normalize('NFD')]) {
			assert.ok(has(await search(q), ZOE.email), `q=${q}`);
		}
		assert.ok(has(await search('chloe'), CHLOE.email), 'chloe finds Chloé');
	});

	test('matches the beginnings of words, not the middle', async () => {
		assert.ok(has(await search('quax'), ZOE.email));
		assert.ok(has(await search('Quaxleworth'), ZOE.email));
		assert.ok(!has(await search('axlewor'), ZOE.email), 'a match in the middle of a word');
		assert.ok(has(await search('brug'), CHLOE.email), 'third word of the name');
		assert.ok(has(await search('ijsbr'), IJSBRAND.email));
	});

	test('searches e-mail, title and department too', async () => {
		assert.ok(has(await search('zq'), ZOE.email), 'e-mail');
		assert.ok(has(await search('xyloph'), ZOE.email), 'title');
		assert.ok(has(await search('kwartier'), ZOE.email), 'department');
	});

	test('several words narrow the result', async () => {
		const both = await search('zoe quax');
		assert.ok(has(both, ZOE.email));
		assert.ok(both.length <= (await search('zoe')).length);
	});

	test('results are ordered and paginate like the list', async () => {
		const dept = everyone.find((p) => p.department)?.department;
		if (!dept) return;
		const word = dept.split(/\s+/)[0];
		const all = await search(word);
		assert.ok(all.length >= 1, `q=${word}`);
		assertAscending(all, `q=${word}`);
		const { items } = await allPeople(c, { q: word, bearer: tok, limit: 2 });
		assert.deepEqual(items.map((p) => p.id), all.map((p) => p.id), 'paged search = one big page');
		for (const p of all) {
			const words = [p.name, p.email, p.title || '', p.department || ''].join(' ').split(/[\s@._-]+/).map(fold);
			assert.ok(words.some((w) => w.startsWith(fold(word))), `${p.name} does not match ${word}`);
		}
	});

	test('nothing found: empty items, next_cursor null', async () => {
		const r = await get('/api/v1/people?q=qqqxxxnobody');
		assert.equal(r.status, 200);
		assert.deepEqual(r.json, { items: [], next_cursor: null });
	});

	test('an empty or blank q lists everyone', async () => {
		for (const q of ['', '   ']) {
			const items = await search(q);
			assert.equal(items.length, everyone.length, `q=${JSON.stringify(q)}`);
		}
	});

	test('operators and punctuation are plain text, never an error', async () => {
		for (const q of ['"', '""', '*', 'zoe*', '"zoe', 'zoe OR ann', 'NOT zoe', 'zoe AND', 'NEAR(zoe ann)', '(', ')', '-zoe', '+zoe',
			'^zoe', 'zoe:', 'name:zoe', "'", "zoe' --", '%', '_', '\\', '{', 'a'.repeat(200), '\u200b', '🙂', 'ë', '@', '.', '..']) {
			const r = await get(`/api/v1/people?q=${encodeURIComponent(q)}`);
			assert.equal(r.status, 200, `q=${q}: ${r}`);
			assert.ok(Array.isArray(r.json.items));
		}
		// as LIKE wildcards these would match "Quaxleworth" in the middle of the word
		assert.ok(!has(await search('%uaxle'), ZOE.email), '% is no wildcard');
		assert.ok(!has(await search('_uaxle'), ZOE.email), '_ is no wildcard');
		assert.ok(!has(await search('*uaxle'), ZOE.email), '* is no wildcard');
	});

	test('q over 200 characters → 400 bad_request (characters, not bytes)', async () => {
		assert.equal((await get(`/api/v1/people?q=${'a'.repeat(200)}`)).status, 200);
		assert.equal((await get(`/api/v1/people?q=${encodeURIComponent('ë'.repeat(200))}`)).status, 200);
		assertApiError(await get(`/api/v1/people?q=${'a'.repeat(201)}`), 400, 'bad_request');
		assertApiError(await get(`/api/v1/people?q=${'a'.repeat(5000)}`), 400, 'bad_request');
	});

	test('q with invalid UTF-8 → 400 bad_request', async () => {
		assertApiError(await get('/api/v1/people?q=%FF%FE'), 400, 'bad_request');
		assertApiError(await get('/api/v1/people?q=zo%C3'), 400, 'bad_request');
	});
});

describe('GET /api/v1/people/{id}', () => {
	test('200 with the Person', async () => {
		const z = everyone.find((p) => p.email === ZOE.email);
		const r = await get(`/api/v1/people/${z.id}`);
		assert.equal(r.status, 200, String(r));
		assertPerson(r.json);
		assert.equal(r.json.name, ZOE.name);
		assert.equal(r.json.title, 'Xylophonist');
		const expected = { ...z, title: 'Xylophonist', department: 'Kwartiermakerij' };
		for (const k of Object.keys(expected)) assert.deepEqual(r.json[k], expected[k], `${k}: the same as in the list`);
		for (const k of ['skills', 'interests', 'languages']) assert.ok(Array.isArray(r.json[k]), `the full profile has ${k}`);
		assert.equal(typeof r.json.bio_html, 'string');
	});

	test('every listed person can be fetched', async () => {
		for (const p of everyone.slice(0, 15)) assert.equal((await get(`/api/v1/people/${p.id}`)).status, 200);
	});

	test('managers point at real people', async () => {
		for (const p of everyone.filter((x) => x.manager)) {
			const m = everyone.find((x) => x.id === p.manager.id);
			assert.ok(m, `${p.name}'s manager ${p.manager.id} is not listed`);
			assert.equal(m.name, p.manager.name);
		}
	});

	test('unknown → 404 not_found', async () => {
		const max = Math.max(...everyone.map((p) => p.id));
		for (const id of [max + 1, 999999, 0, -1, 'abc', '1abc', '1.0', ' 1', '99999999999999999999', '0x10', '%31']) {
			const r = await get(`/api/v1/people/${id}`);
			if (id === '%31') { assert.ok([200, 404, 400].includes(r.status)); continue; }
			assert.ok(r.status === 404 || r.status === 400, `/api/v1/people/${id}: ${r.status}`);
			assertApiError(r, r.status, r.status === 404 ? 'not_found' : 'bad_request');
		}
		assertApiError(await get(`/api/v1/people/${max + 1}`), 404, 'not_found');
	});
});
