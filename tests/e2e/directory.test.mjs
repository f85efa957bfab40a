// The directory over HTTP: /api/v1/people filters, facets, sort and cursor
// pages, 400s for bad words, 401 and 403 (guests, alumni), org chart and
// department endpoints, suggestions, and the /people, /people/{id}/org and
// /departments pages. A demo organisation of 120 people gives the data.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { useServer, PASSWORD } from './lib/server.mjs';
import { Client, assertApiError, assertPerson, textOf } from './lib/http.mjs';

const ANN = { email: 'ann@example.com', name: 'Ann Admin', role: 'admin' };
const GUEST = { email: 'gus@example.com', name: 'Gus Guest', role: 'guest' };
const ALUM = { email: 'alma@example.com', name: 'Alma Alumna', role: 'alumni' };
const GONE = { email: 'gone@example.com', name: 'Goner Quaxley' };
const server = useServer({ demo: { people: 120, seed: 1 }, users: [ANN, GUEST, ALUM, GONE] });

let c;
let tok;
const get = (path, bearer = tok) => c.get(path, { bearer });

/** Every page of a query, checking no repeats. */
async function all(query, limit = 7) {
	const items = [];
	const seen = new Set();
	let cursor = null;
	for (let i = 0; i < 200; i++) {
		const u = new URLSearchParams(query);
		u.set('limit', String(limit));
		if (cursor) u.set('cursor', cursor);
		const r = await get(`/api/v1/people?${u}`);
		assert.equal(r.status, 200, String(r));
		for (const p of r.json.items) {
			assert.ok(!seen.has(p.id), `${p.name} twice`);
			seen.add(p.id);
			items.push(p);
		}
		cursor = r.json.next_cursor;
		if (!cursor) return items;
		assert.equal(r.json.items.length, limit);
	}
	throw new Error('too many pages');
}

before(async () => {
	await server.ready;
	// deactivate one person behind plein's back, before any count is cached
	execFileSync('sqlite3', [join(server.dataDir, 'plein.db'),
		`PRAGMA busy_timeout = 5000; UPDATE people SET status = 'deactivated' WHERE email = '${GONE.email}';` +
		// tags and a language only the deactivated person has: no facet value, no suggestion
		` INSERT INTO skills(name) VALUES ('Secretskill'); INSERT INTO interests(name) VALUES ('Secretgarden');` +
		` INSERT INTO person_skills SELECT p.id, s.id, 0 FROM people p, skills s WHERE p.email = '${GONE.email}' AND s.name = 'Secretskill';` +
		` INSERT INTO person_interests SELECT p.id, i.id, 0 FROM people p, interests i WHERE p.email = '${GONE.email}' AND i.name = 'Secretgarden';` +
		` INSERT INTO person_languages SELECT id, 'is', 3 FROM people WHERE email = '${GONE.email}';`]);
	c = new Client(server.url);
	tok = (await c.apiSignIn(ANN.email, PASSWORD)).token;
});

describe('API filters', () => {
	test('facets=1: totals and counts per value, each a real count', async () => {
		const r = await get('/api/v1/people?facets=1&limit=1');
		assert.equal(r.status, 200, String(r));
		const { facets, total } = r.json;
		assert.equal(typeof total, 'number');
		for (const k of ['department', 'location', 'skill', 'language', 'interest']) {
			assert.ok(Array.isArray(facets[k]) && facets[k].length > 0, `facet ${k}`);
			for (const v of facets[k]) assert.ok(typeof v.value === 'string' && v.count > 0);
		}
		assert.ok(facets.skill.length <= 20 && facets.interest.length <= 20);
		assert.equal(facets.language.find((l) => l.value === 'nl').name, 'Dutch');
		// the count for a value is the number of people the filter gives
		const fin = facets.department[0];
		const people = await all({ department: fin.value }, 25);
		assert.equal(people.length, fin.count);
		for (const p of people) assert.equal(p.department, fin.value);
		const sk = facets.skill[0];
		assert.equal((await all({ skill: sk.value }, 25)).length, sk.count);
	});

	test('combined filters narrow, and the facets of a filtered set add up', async () => {
		const base = (await get('/api/v1/people?facets=1&limit=1')).json;
		const dept = base.facets.department[0].value;
		const r = await get(`/api/v1/people?department=${encodeURIComponent(dept)}&language=en&level=fluent&facets=1&limit=100`);
		assert.equal(r.status, 200, String(r));
		assert.equal(r.json.items.length, r.json.total);
		for (const p of r.json.items) assert.equal(p.department, dept);
		// locations of the filtered set sum to its total (everyone has one)
		const sum = r.json.facets.location.reduce((a, v) => a + v.count, 0);
		assert.equal(sum, r.json.total);
		// the department facet leaves its own filter out: other departments stay listed
		assert.ok(r.json.facets.department.length > 1);
		// fluent or better is a subset of any level
		const any = await get(`/api/v1/people?department=${encodeURIComponent(dept)}&language=en&facets=1&limit=1`);
		assert.ok(any.json.total >= r.json.total);
	});

	test('tags and languages only deactivated people have are no facet values and no suggestions', async () => {
		for (const q of ['facets=1&limit=1', 'facets=1&limit=1&level=fluent']) {
			const { facets } = (await get(`/api/v1/people?${q}`)).json;
			assert.ok(!facets.skill.some((v) => v.value === 'Secretskill'), JSON.stringify(facets.skill));
			assert.ok(!facets.interest.some((v) => v.value === 'Secretgarden'), JSON.stringify(facets.interest));
			assert.ok(!facets.language.some((v) => v.value === 'is'), JSON.stringify(facets.language));
			for (const k of ['skill', 'interest', 'language']) for (const v of facets[k]) assert.ok(v.count > 0, JSON.stringify(v));
		}
		assert.deepEqual((await get('/api/v1/skills?prefix=secret')).json.items, []);
		assert.deepEqual((await get('/api/v1/interests?prefix=secret')).json.items, []);
		assert.ok(!(await get('/api/v1/skills?prefix=')).json.items.includes('Secretskill'));
	});

	test('deactivated people never appear; alumni do', async () => {
		const everyone = await all({}, 100);
		const emails = everyone.map((p) => p.email);
		assert.ok(!emails.includes(GONE.email));
		assert.ok(emails.includes(ALUM.email));
		assert.equal(everyone.find((p) => p.email === ALUM.email).role, 'alumni');
		assert.equal((await all({ q: 'Quaxley' })).length, 0);
	});

	test('sort=newest: newest first, pages without gaps; name order by default', async () => {
		const newest = await all({ sort: 'newest' }, 9);
		const everyone = await all({}, 9);
		assert.equal(newest.length, everyone.length);
		for (let i = 1; i < newest.length; i++)
			assert.ok(newest[i - 1].created_at >= newest[i].created_at, 'newest first');
		for (let i = 1; i < everyone.length; i++)
			assert.ok(everyone[i - 1].name.toLowerCase() <= everyone[i].name.toLowerCase() ||
				everyone[i - 1].name.localeCompare(everyone[i].name) <= 0, 'by name');
		assert.deepEqual(new Set(newest.map((p) => p.id)), new Set(everyone.map((p) => p.id)));
	});

	test('unknown values give no one; bad words give 400 with a message', async () => {
		for (const q of ['skill=No%20such%20skill', 'interest=Nope', 'department=Nowhere', 'language=xx']) {
			const r = await get(`/api/v1/people?${q}`);
			assert.equal(r.status, 200, String(r));
			assert.equal(r.json.items.length, 0);
		}
		assertApiError(await get('/api/v1/people?sort=oldest'), 400, 'bad_request', { field: 'sort' });
		assertApiError(await get('/api/v1/people?language=en&level=superb'), 400, 'bad_request', { field: 'level' });
		assertApiError(await get('/api/v1/people?cursor=%21%21'), 400, 'bad_request', { field: 'cursor' });
		assertApiError(await get('/api/v1/people?facets=yes'), 400, 'bad_request', { field: 'facets' });
		const first = await get('/api/v1/people?limit=2');
		assertApiError(await get(`/api/v1/people?sort=newest&cursor=${first.json.next_cursor}`), 400, 'bad_request');
		assertApiError(await get(`/api/v1/people?department=${'x'.repeat(101)}`), 400, 'bad_request', { field: 'department' });
	});
});

describe('who may browse', () => {
	test('anonymous: 401 everywhere', async () => {
		for (const p of ['/api/v1/people', '/api/v1/departments', '/api/v1/people/1/org', '/api/v1/skills'])
			assertApiError(await new Client(server.url).get(p), 401, 'unauthenticated');
		const page = await new Client(server.url).get('/departments');
		assert.ok([302, 303, 401].includes(page.status), String(page));
	});

	for (const who of [GUEST, ALUM]) {
		test(`${who.role}: 403 with a message, API and pages`, async () => {
			const cl = new Client(server.url);
			const t = (await cl.apiSignIn(who.email, PASSWORD)).token;
			for (const p of ['/api/v1/people', '/api/v1/departments', '/api/v1/departments/people?name=IT', '/api/v1/people/1/org'])
				assertApiError(await cl.get(p, { bearer: t }), 403, 'forbidden');
			// suggestions are for one's own profile: allowed
			assert.equal((await cl.get('/api/v1/skills?prefix=Ex', { bearer: t })).status, 200);
			const web = new Client(server.url);
			await web.signIn(who.email, PASSWORD);
			for (const p of ['/people', '/departments', '/people/1/org']) {
				const r = await web.get(p);
				assert.equal(r.status, 403, `${p}: ${r}`);
				assert.match(textOf(r.text), /Guests and alumni cannot browse/);
			}
		});
	}
});

describe('org chart, departments, suggestions', () => {
	test('org: managers up to the top, reports with their counts', async () => {
		const member = (await all({ q: 'member@example.com' }))[0];
		const r = await get(`/api/v1/people/${member.id}/org`);
		assert.equal(r.status, 200, String(r));
		assertPerson(r.json.person);
		assert.ok(r.json.managers.length >= 1);
		assert.equal(r.json.managers.at(-1).id, member.manager.id, 'direct manager last');
		assert.equal(r.json.managers[0].email, 'admin@example.com', 'the director at the top');
		const top = await get(`/api/v1/people/${r.json.managers[0].id}/org`);
		assert.equal(top.json.managers.length, 0);
		assert.equal(top.json.reports_count, top.json.reports.length);
		for (const rep of top.json.reports) {
			const sub = await get(`/api/v1/people/${rep.id}/org`);
			assert.equal(sub.json.reports_count, rep.reports_count);
		}
		assertApiError(await get('/api/v1/people/999999/org'), 404, 'not_found');
	});

	test('departments: counts, heads, people pages, 404', async () => {
		const r = await get('/api/v1/departments');
		assert.equal(r.status, 200, String(r));
		const names = r.json.items.map((d) => d.name);
		assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b)));
		const d = r.json.items.find((x) => x.name === 'People & Culture') || r.json.items[0];
		const seen = new Set();
		let cursor = null;
		let heads = null;
		do {
			const page = await get(`/api/v1/departments/people?name=${encodeURIComponent(d.name)}&limit=10${cursor ? `&cursor=${cursor}` : ''}`);
			assert.equal(page.status, 200, String(page));
			heads ??= page.json.heads;
			for (const p of page.json.items) {
				assert.equal(p.department, d.name);
				seen.add(p.id);
			}
			cursor = page.json.next_cursor;
		} while (cursor);
		assert.equal(seen.size, d.people);
		assert.ok(heads.length >= 1, 'a head of department');
		for (const h of heads) assert.ok(seen.has(h.id));
		assertApiError(await get('/api/v1/departments/people?name=Nowhere'), 404, 'not_found');
		assertApiError(await get('/api/v1/departments/people'), 400, 'bad_request');
	});

	test('skill and interest suggestions by prefix', async () => {
		const r = await get('/api/v1/skills?prefix=Ex');
		assert.equal(r.status, 200, String(r));
		assert.ok(r.json.items.includes('Excel'));
		for (const s of r.json.items) assert.match(s, /^ex/i);
		const i = await get('/api/v1/interests?prefix=');
		assert.ok(i.json.items.length > 0 && i.json.items.length <= 20);
	});
});

describe('pages', () => {
	let web;
	before(async () => {
		web = new Client(server.url);
		await web.signIn(ANN.email, PASSWORD);
	});

	test('/people: a filter panel with counts, filters in links, clear filters, empty state', async () => {
		const r = await web.get('/people');
		assert.equal(r.status, 200, String(r));
		for (const name of ['department', 'location', 'skill', 'language', 'level', 'interest', 'sort'])
			assert.match(r.text, new RegExp(`<select[^>]*name="${name}"`), name);
		const m = r.text.match(/<option value="([^"]+)">([^<]+) \((\d+)\)<\/option>/);
		assert.ok(m, 'an option with a count');
		const f = await web.get(`/people?department=${encodeURIComponent(m[1].replace(/&amp;/g, '&'))}`);
		assert.equal(f.status, 200);
		assert.match(f.text, /Clear filters/);
		assert.match(f.text, /selected>/);
		const none = await web.get('/people?skill=Nope');
		assert.match(textOf(none.text), /No one matches these filters/);
		assert.match(none.text, /Clear filters/);
		assert.equal((await web.get('/people?sort=bogus')).status, 400);
		// a partial for as-you-type carries filters and results
		const part = await web.get('/people?partial=1&location=Remote');
		assert.match(part.text, /data-part="filters"/);
		assert.match(part.text, /data-part="results"/);
		assert.doesNotMatch(part.text, /<html/);
	});

	test('/people: "More" keeps the filters in the link', async () => {
		const r = await web.get('/people?language=nl');
		const more = r.text.match(/href="([^"]+)" rel="next"/);
		assert.ok(more, 'a next link');
		const href = more[1].replace(/&amp;/g, '&');
		assert.match(href, /language=nl/);
		assert.match(href, /cursor=/);
		assert.equal((await web.get(href)).status, 200);
	});

	test('org chart and department pages', async () => {
		const member = (await all({ q: 'member@example.com' }))[0];
		const o = await web.get(`/people/${member.id}/org`);
		assert.equal(o.status, 200, String(o));
		assert.match(textOf(o.text), /Reports to/);
		assert.match(o.text, /href="\/people\/\d+\/org"/);
		assert.equal((await web.get('/people/999999/org')).status, 404);
		const d = await web.get('/departments');
		assert.equal(d.status, 200);
		const link = d.text.match(/href="(\/departments\?name=[^"]+)"/);
		assert.ok(link);
		const one = await web.get(link[1].replace(/&amp;/g, '&'));
		assert.equal(one.status, 200);
		assert.match(textOf(one.text), /Led by/);
		assert.equal((await web.get('/departments?name=Nowhere')).status, 404);
	});
});
