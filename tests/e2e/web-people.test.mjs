// The people pages: directory with search, paging and the results fragment,
// profiles, and editing a profile (yourself or as admin; nobody else).
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, PASSWORD } from './lib/server.mjs';
import { Client, parseForms, personLinks, textOf, findTags, allPeople } from './lib/http.mjs';

const ANN = { email: 'ann@example.com', name: 'Ann Admin', role: 'admin' };
const MO = { email: 'mo@example.com', name: 'Mo Member' };
const ZOE = { email: 'zoe.quaxley@example.com', name: 'Zoë Quaxley' };
const server = useServer({ demo: { people: 60, seed: 1 }, users: [ANN, MO, ZOE] });

let ann;
let mo;
let everyone; // all people from the API
let ids; // email → id
before(async () => {
	await server.ready;
	ann = new Client(server.url);
	await ann.signIn(ANN.email, PASSWORD);
	mo = new Client(server.url);
	await mo.signIn(MO.email, PASSWORD);
	everyone = (await allPeople(ann, { limit: 100 })).items;
	ids = Object.fromEntries(everyone.map((p) => [p.email, p.id]));
});

/** Every person id reachable from /people by following its "next" links. */
async function directoryIds(client, query = '') {
	const seen = [];
	let path = `/people${query}`;
	for (let i = 0; i < 50 && path; i++) {
		const r = await client.get(path);
		assert.equal(r.status, 200, `${path}: ${r}`);
		// ids from the results fragment only: the page around it may link to yourself
		const frag = await client.get(path + (path.includes('?') ? '&' : '?') + 'partial=1');
		assert.equal(frag.status, 200, `${path}&partial=1: ${frag.status}`);
		for (const id of personLinks(frag.text)) seen.push(id);
		const links = findTags(r.text, 'a').filter((a) => /[?&]cursor=/.test(a.href || ''));
		const next = links.find((a) => /\bnext\b/.test(a.rel || '')) || (links.length === 1 ? links[0] : null);
		path = next ? new URL(next.href, server.url).pathname + new URL(next.href, server.url).search : null;
	}
	return seen;
}

describe('directory', () => {
	test('GET /people lists people with links to their profiles', async () => {
		const r = await ann.get('/people');
		assert.equal(r.status, 200, String(r));
		assert.match(r.text, /<html/i);
		assert.ok(r.text.includes('id="people-q"'), 'the search box #people-q');
		assert.ok(r.text.includes('id="people-results"'), 'the results #people-results');
		const linked = personLinks(r.text);
		assert.ok(linked.length >= 10, `only ${linked.length} people linked on the first page`);
		for (const id of linked) assert.ok(everyone.some((p) => p.id === id), `link to unknown person ${id}`);
	});

	test('following the pages reaches everyone', async () => {
		// (duplicates are checked on the API; a result card may also link to a manager)
		const seen = await directoryIds(ann);
		const unique = new Set(seen);
		const missing = everyone.filter((p) => !unique.has(p.id)).map((p) => p.name);
		assert.deepEqual(missing, [], `the directory never shows ${missing.length} of ${everyone.length} people`);
	});

	test('?q= narrows the list, ignoring case and accents', async () => {
		for (const q of ['zoe', 'ZOË', 'quax']) {
			const r = await ann.get(`/people?q=${encodeURIComponent(q)}`);
			assert.equal(r.status, 200);
			const linked = personLinks(r.text);
			assert.ok(linked.includes(ids[ZOE.email]), `q=${q} finds Zoë`);
			assert.ok(linked.length < 10, `q=${q} narrows the list (${linked.length})`);
			const box = findTags(r.text, 'input').find((i) => i.id === 'people-q');
			assert.equal(box.value, q, 'the search box keeps the query');
		}
	});

	test('&partial=1 returns only the results fragment', async () => {
		const r = await ann.get('/people?q=zoe&partial=1');
		assert.equal(r.status, 200, String(r));
		assert.match(r.contentType, /^text\/html;\s*charset=utf-8/i);
		assert.ok(!/<html|<head|<body|<!doctype/i.test(r.text), 'no document around the fragment');
		assert.ok(personLinks(r.text).includes(ids[ZOE.email]));
		assert.ok(r.text.includes('Zoë Quaxley'), 'names are UTF-8');
	});

	test('no results: a clear empty state, 200', async () => {
		const r = await ann.get('/people?q=qqqqxxxxnobody&partial=1');
		assert.equal(r.status, 200);
		assert.ok(textOf(r.text).length > 0, 'says that nothing was found');
		assert.equal(personLinks(r.text).length, 0);
	});

	test('search input is escaped and harmless', async () => {
		for (const q of ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "' OR 1=1 --", '"', '*', 'NEAR(a b)', 'a AND OR NOT', '%', '_', '\\', '(', '^zoe']) {
			const r = await ann.get(`/people?q=${encodeURIComponent(q)}`);
			assert.equal(r.status, 200, `q=${q}: ${r.status}`);
			assert.ok(!r.text.includes('<script>alert(1)'), `q=${q} reflected raw`);
			assert.ok(!r.text.includes('<img src=x'), `q=${q} reflected raw`);
		}
	});

	test('q over 200 characters → 400; 200 is fine', async () => {
		assert.equal((await ann.get(`/people?q=${'a'.repeat(200)}`)).status, 200);
		assert.equal((await ann.get(`/people?q=${'a'.repeat(201)}`)).status, 400);
		assert.equal((await ann.get(`/people?q=${'ë'.repeat(200)}`)).status, 200, '200 characters, 400 bytes');
	});

	test('a bad cursor → 400', async () => {
		const r = await ann.get('/people?cursor=%00garbage');
		assert.equal(r.status, 400);
	});
});

describe('profiles', () => {
	test('GET /people/{id} shows the person', async () => {
		const zoe = everyone.find((p) => p.email === ZOE.email);
		const r = await mo.get(`/people/${zoe.id}`);
		assert.equal(r.status, 200, String(r));
		assert.ok(textOf(r.text).includes('Zoë Quaxley'));
	});

	test('someone with a manager links to the manager', async () => {
		const p = everyone.find((x) => x.manager);
		if (!p) return; // the demo data decides; nothing to check without managers
		const r = await mo.get(`/people/${p.id}`);
		assert.ok(personLinks(r.text).includes(p.manager.id), 'a link to the manager');
	});

	test('unknown ids → 404 page', async () => {
		for (const path of ['/people/999999', '/people/0', '/people/-1', '/people/abc', '/people/1e3', '/people/99999999999999999999999']) {
			const r = await mo.get(path);
			assert.equal(r.status, 404, `${path}: ${r.status}`);
			assert.match(r.text, /<html/i, `${path}: a 404 page`);
		}
	});
});

describe('editing a profile', () => {
	let moId;
	before(() => { moId = ids[MO.email]; });

	test('the edit form has the fields and the current values', async () => {
		const r = await mo.get(`/people/${moId}/edit`);
		assert.equal(r.status, 200, String(r));
		const f = parseForms(r.text).find((x) => x.method === 'post' && x.fields.includes('bio'));
		assert.ok(f, 'a POST form with the profile fields');
		for (const k of ['name', 'pronouns', 'title', 'phone', 'location', 'start_date', 'skills', 'interests', 'language_0', 'level_0', 'bio', '_csrf']) assert.ok(f.fields.includes(k), `field ${k}`);
		assert.ok(!f.fields.includes('department'), 'the department is set by administrators');
		assert.equal(f.values.name, MO.name);
	});

	test('you can edit your own profile', async () => {
		const fields = { name: 'Mo Member-Smit', title: 'Data steward', location: 'Utrecht', bio: 'Line one\nLine <two> & "three"' };
		const r = await mo.submit(`/people/${moId}/edit`, fields);
		assert.equal(r.status, 303, String(r));
		assert.equal(new URL(r.location, server.url).pathname, `/people/${moId}`);
		const page = await mo.get(`/people/${moId}`);
		const text = textOf(page.text);
		for (const v of ['Mo Member-Smit', 'Data steward', 'Utrecht', 'Line <two> & "three"']) {
			assert.ok(text.includes(v) || text.includes(v.replace('\n', ' ')), `profile shows ${v}`);
		}
		assert.ok(!page.text.includes('<two>'), 'the bio is escaped');
		const api = await mo.get('/api/v1/me');
		assert.equal(api.json.name, 'Mo Member-Smit');
		assert.equal(api.json.bio, 'Line one\nLine <two> & "three"');
	});

	test('names are escaped wherever they appear', async () => {
		const evil = '<script>alert("x")</script>';
		const r = await mo.submit(`/people/${moId}/edit`, { name: `Mo ${evil}`, title: '"><b>t</b>', department: '', location: '', bio: '' });
		assert.equal(r.status, 303, String(r));
		for (const path of [`/people/${moId}`, '/people', '/people?q=mo', '/people?q=mo&partial=1', `/people/${moId}/edit`]) {
			const page = await ann.get(path);
			assert.ok(!page.text.includes(evil), `${path}: name not escaped`);
			assert.ok(!page.text.includes('"><b>t</b>'), `${path}: title not escaped`);
		}
		const back = await mo.submit(`/people/${moId}/edit`, { name: MO.name, title: '', department: '', location: '', bio: '' });
		assert.equal(back.status, 303);
	});

	test('invalid input → 422 with the form shown again', async () => {
		const cases = [
			{ name: '' },
			{ name: '   ' },
			{ name: 'x'.repeat(101) },
			{ name: 'Bell\u0007' },
			{ name: 'Line\nbreak' },
			{ title: 't'.repeat(101) },
			{ pronouns: 'p'.repeat(41) },
			{ location: 'l'.repeat(101) },
			{ bio: 'b'.repeat(4001) },
			{ bio: 'null \u0000 byte' },
		];
		for (const c of cases) {
			const fields = { name: MO.name, title: '', department: '', location: '', bio: '', ...c };
			const r = await mo.submit(`/people/${moId}/edit`, fields);
			if (Object.values(c).some((v) => v.includes('\u0000')) && r.status === 400) continue; // a NUL byte may be refused as bad input
			assert.equal(r.status, 422, `${JSON.stringify(c).slice(0, 60)}: ${r.status}`);
			const f = parseForms(r.text).find((x) => x.fields.includes('name'));
			assert.ok(f, 'the form is shown again');
			assert.ok(f.values._csrf, 'with a _csrf');
		}
		const ok = await mo.submit(`/people/${moId}/edit`, { name: 'ë'.repeat(100), title: '', department: '', location: '', bio: 'b'.repeat(4000) });
		assert.equal(ok.status, 303, '100 characters (200 bytes) and a 4000-character bio are allowed');
		assert.equal((await mo.get('/api/v1/me')).json.name, 'ë'.repeat(100));
		await mo.submit(`/people/${moId}/edit`, { name: MO.name, title: '', department: '', location: '', bio: '' });
	});

	test('a member cannot edit someone else (403), not even by posting directly', async () => {
		const zoeId = ids[ZOE.email];
		const g = await mo.get(`/people/${zoeId}/edit`);
		assert.equal(g.status, 403, `GET someone else's edit page: ${g.status}`);
		const token = await mo.csrfFrom(`/people/${moId}/edit`);
		const p = await mo.post(`/people/${zoeId}/edit`, { form: { name: 'Hacked', title: '', department: '', location: '', bio: '', _csrf: token } });
		assert.equal(p.status, 403, `POST someone else's edit: ${p.status}`);
		const adminId = ids[ANN.email];
		const p2 = await mo.post(`/people/${adminId}/edit`, { form: { name: 'Hacked', _csrf: token } });
		assert.equal(p2.status, 403);
		const zoe = await ann.get(`/api/v1/people/${zoeId}`);
		assert.equal(zoe.json.name, ZOE.name, 'nothing changed');
	});

	test('editing needs the _csrf', async () => {
		const p = await mo.post(`/people/${moId}/edit`, { form: { name: 'No Token', title: '', department: '', location: '', bio: '' } });
		assert.equal(p.status, 403);
		assert.equal((await mo.get('/api/v1/me')).json.name, MO.name);
	});

	test('an admin can edit someone else', async () => {
		const zoeId = ids[ZOE.email];
		const r = await ann.submit(`/people/${zoeId}/edit`, { name: 'Zoë Quaxley', title: 'Translator', department: 'Communications', location: 'Amsterdam', bio: 'Speaks French.' });
		assert.equal(r.status, 303, String(r));
		assert.equal(new URL(r.location, server.url).pathname, `/people/${zoeId}`);
		const z = await mo.get(`/api/v1/people/${zoeId}`);
		assert.equal(z.json.title, 'Translator');
		assert.equal(z.json.bio, 'Speaks French.');
	});

	test('editing an unknown person → 404', async () => {
		const r = await ann.get('/people/999999/edit');
		assert.equal(r.status, 404);
	});

	test('the search finds people by title and department after an edit', async () => {
		const zoeId = ids[ZOE.email];
		const r = await mo.get('/people?q=translat&partial=1');
		assert.ok(personLinks(r.text).includes(zoeId), 'found by title');
	});
});
