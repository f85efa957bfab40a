// "Who knows X" end to end: GET /api/v1/experts (shape, order, reasons in
// English and Dutch, paging, bad input, who may ask), endorsements through
// the API and the profile page's form (idempotent, withdraw, not yourself,
// only listed skills), and deactivated people never found.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { PASSWORD } from './lib/server.mjs';
import { Client, assertApiError, parseForms } from './lib/http.mjs';
import { useExpertsServer, PEOPLE, sqlite } from './lib/experts-fixture.mjs';

const org = useExpertsServer();
const tokens = {};
let c;

const experts = (who, qs, headers) => c.get(`/api/v1/experts?${qs}`, { bearer: tokens[who], headers });
const names = (r) => r.json.items.map((p) => p.name);
const endorse = (who, person, skill) =>
	c.post(`/api/v1/people/${org.ids[person]}/endorsements`, { bearer: tokens[who], json: { skill } });
const withdraw = (who, person, skill) =>
	c.delete(`/api/v1/people/${org.ids[person]}/endorsements?skill=${encodeURIComponent(skill)}`, { bearer: tokens[who] });

before(async () => {
	await org.ready;
	c = new Client(org.url);
	for (const k of ['ann', 'bea', 'cas', 'dora', 'eli', 'hugo', 'gus', 'alma'])
		tokens[k] = (await new Client(org.url).apiSignIn(PEOPLE[k].email, PASSWORD)).token;
	// Bea: three colleagues vouch for her subsidies; Dora: one for translation
	for (const by of ['ann', 'dora', 'eli']) assert.equal((await endorse(by, 'bea', 'Subsidies')).status, 201);
	assert.equal((await endorse('bea', 'dora', 'Translation')).status, 201);
});

describe('ranking', () => {
	test('items in rank order, each with id, name and reasons', async () => {
		const r = await experts('ann', 'q=subsidies');
		assert.equal(r.status, 200, String(r));
		assert.deepEqual(names(r), ['Bea Bakker', 'Cas de Vries']);
		for (const p of r.json.items) {
			assert.equal(typeof p.id, 'number');
			assert.equal(typeof p.name, 'string');
			assert.ok(Array.isArray(p.reasons) && p.reasons.length >= 1 && p.reasons.length <= 3, String(r));
			for (const s of p.reasons) assert.equal(typeof s, 'string');
		}
		assert.equal(r.json.items[0].id, org.ids.bea);
		assert.deepEqual(r.json.items[0].reasons, ['Endorsed for “Subsidies” by 3 colleagues']);
		assert.deepEqual(r.json.items[1].reasons, ['Skill: Subsidies']);
		assert.equal(r.json.next_cursor, null);
	});

	test('languages by level, names in English and Dutch, ties by name', async () => {
		const want = ['Dora Dubois', 'Hugo Hendriks', 'Eli Visser', 'Cas de Vries'];
		assert.deepEqual(names(await experts('ann', 'q=French')), want);
		assert.deepEqual(names(await experts('ann', 'q=frans')), want);
		const r = await experts('ann', 'q=French');
		assert.equal(r.json.items[0].reasons[0], 'French — native');
		assert.equal(r.json.items[3].reasons[0], 'French — basic');
	});

	test('Dutch and English inflections', async () => {
		assert.deepEqual(names(await experts('ann', 'q=vertaling')), ['Eli Visser']);
		assert.deepEqual(names(await experts('ann', 'q=vertalen')), ['Eli Visser']);
		assert.deepEqual(names(await experts('ann', 'q=translate')), ['Dora Dubois']);
		assert.deepEqual(names(await experts('ann', 'q=subsidie')), ['Bea Bakker', 'Cas de Vries']);
		assert.deepEqual(names(await experts('ann', `q=${encodeURIComponent('ËNGELS')}`)), ['Bea Bakker', 'Dora Dubois']);
	});

	test('more matched words first', async () => {
		const r = await experts('ann', `q=${encodeURIComponent('French translation')}`);
		assert.deepEqual(names(r).slice(0, 2), ['Dora Dubois', 'Hugo Hendriks']);
		assert.deepEqual(r.json.items[0].reasons,
			['French — native', 'Endorsed for “Translation” by 1 colleague', 'Job title: Translator']);
	});

	test('reasons in the language of the request', async () => {
		const r = await experts('ann', 'q=subsidies', { 'Accept-Language': 'nl' });
		assert.deepEqual(r.json.items[0].reasons, ['Aanbevolen voor “Subsidies” door 3 collega\'s']);
		assert.deepEqual(r.json.items[1].reasons, ['Vaardigheid: Subsidies']);
		const f = await experts('ann', 'q=frans', { 'Accept-Language': 'nl' });
		assert.equal(f.json.items[0].reasons[0], 'Frans — moedertaal');
	});

	test('a query matching nobody is an empty list', async () => {
		const r = await experts('ann', 'q=quantumfysica');
		assert.equal(r.status, 200);
		assert.deepEqual(r.json.items, []);
		assert.equal(r.json.next_cursor, null);
	});

	test('pages with an opaque cursor, no repeats', async () => {
		const first = await experts('ann', 'q=french&limit=2');
		assert.equal(first.json.items.length, 2);
		assert.equal(typeof first.json.next_cursor, 'string');
		const second = await experts('ann', `q=french&limit=2&cursor=${encodeURIComponent(first.json.next_cursor)}`);
		assert.deepEqual([...names(first), ...names(second)], ['Dora Dubois', 'Hugo Hendriks', 'Eli Visser', 'Cas de Vries']);
		assert.equal(second.json.next_cursor, null);
	});
});

describe('bad input and who may ask', () => {
	test('anonymous: 401', async () => {
		assertApiError(await c.get('/api/v1/experts?q=french'), 401, 'unauthenticated');
	});
	test('q missing, blank or too long: 400 with a message', async () => {
		assertApiError(await experts('ann', ''), 400, 'bad_request', { field: 'q' });
		assertApiError(await experts('ann', 'q='), 400, 'bad_request', { field: 'q' });
		assertApiError(await experts('ann', 'q=%20%20'), 400, 'bad_request', { field: 'q' });
		assertApiError(await experts('ann', `q=${'a'.repeat(201)}`), 400, 'bad_request', { field: 'q' });
		assert.equal((await experts('ann', `q=${'a'.repeat(200)}`)).status, 200);
	});
	test('bad limit or cursor: 400', async () => {
		assertApiError(await experts('ann', 'q=french&limit=0'), 400, 'bad_request', { field: 'limit' });
		assertApiError(await experts('ann', 'q=french&limit=abc'), 400, 'bad_request', { field: 'limit' });
		assertApiError(await experts('ann', 'q=french&cursor=-1'), 400, 'bad_request', { field: 'cursor' });
		assertApiError(await experts('ann', 'q=french&cursor=x9'), 400, 'bad_request', { field: 'cursor' });
	});
	test('guests and alumni: 403', async () => {
		assertApiError(await experts('gus', 'q=french'), 403, 'forbidden');
		assertApiError(await experts('alma', 'q=french'), 403, 'forbidden');
		const web = new Client(org.url);
		await web.signIn(PEOPLE.gus.email, PASSWORD);
		assert.equal((await web.get('/experts?q=french')).status, 403);
	});
});

describe('endorsements', () => {
	test('endorse: 201, then 200 when already endorsed; withdraw: 200', async () => {
		let r = await endorse('bea', 'cas', 'Grant writing');
		assert.equal(r.status, 201, String(r));
		assert.deepEqual(r.json, { skill: 'Grant writing', count: 1, endorsed: true });
		r = await endorse('bea', 'cas', 'grant WRITING');
		assert.equal(r.status, 200, String(r));
		assert.deepEqual(r.json, { skill: 'Grant writing', count: 1, endorsed: true });
		r = await withdraw('bea', 'cas', 'Grant writing');
		assert.equal(r.status, 200, String(r));
		assert.deepEqual(r.json, { skill: 'Grant writing', count: 0, endorsed: false });
		r = await withdraw('bea', 'cas', 'Grant writing');
		assert.equal(r.status, 200, 'withdrawing twice is fine');
	});

	test('endorsements move people up, and back', async () => {
		for (const by of ['ann', 'bea', 'dora', 'eli']) assert.equal((await endorse(by, 'cas', 'Subsidies')).status, 201);
		let r = await experts('ann', 'q=subsidies');
		assert.deepEqual(names(r), ['Cas de Vries', 'Bea Bakker']);
		assert.equal(r.json.items[0].reasons[0], 'Endorsed for “Subsidies” by 4 colleagues');
		for (const by of ['ann', 'bea', 'dora', 'eli']) assert.equal((await withdraw(by, 'cas', 'Subsidies')).status, 200);
		r = await experts('ann', 'q=subsidies');
		assert.deepEqual(names(r), ['Bea Bakker', 'Cas de Vries']);
	});

	test('not yourself, only listed skills, only colleagues', async () => {
		assertApiError(await endorse('bea', 'bea', 'Subsidies'), 403, 'forbidden');
		assertApiError(await endorse('cas', 'bea', 'Juggling'), 422, 'invalid', { field: 'skill' });
		assertApiError(await endorse('cas', 'bea', ''), 422, 'invalid', { field: 'skill' });
		assertApiError(await c.post(`/api/v1/people/${org.ids.bea}/endorsements`, { bearer: tokens.cas, json: {} }),
			422, 'invalid', { field: 'skill' });
		assertApiError(await c.post(`/api/v1/people/${org.ids.bea}/endorsements`, { bearer: tokens.cas, json: { skill: 3 } }),
			422, 'invalid');
		assertApiError(await endorse('gus', 'bea', 'Subsidies'), 403, 'forbidden');
		assertApiError(await endorse('cas', 'finn', 'Subsidies'), 404, 'not_found');
		assertApiError(await c.post('/api/v1/people/999999/endorsements', { bearer: tokens.cas, json: { skill: 'x' } }),
			404, 'not_found');
		assertApiError(await c.post(`/api/v1/people/${org.ids.bea}/endorsements`, { json: { skill: 'Subsidies' } }),
			401, 'unauthenticated');
		const r = await experts('ann', 'q=subsidies');
		assert.equal(r.json.items[0].reasons[0], 'Endorsed for “Subsidies” by 3 colleagues', 'nothing changed');
	});

	test('the profile page: counts and an Endorse button that works without JavaScript', async () => {
		const web = new Client(org.url);
		await web.signIn(PEOPLE.cas.email, PASSWORD);
		let page = await web.get(`/people/${org.ids.bea}`);
		assert.equal(page.status, 200);
		assert.match(page.text, /3 endorsements/);
		const form = parseForms(page.text).find((f) => f.action === `/people/${org.ids.bea}/endorsements`);
		assert.ok(form, 'an endorse form');
		assert.equal(form.values.skill, 'Subsidies');
		assert.equal(form.values.action, 'endorse');
		assert.match(page.text, /aria-label="Endorse Bea for Subsidies"/);
		// without the CSRF token: refused
		assert.equal((await web.post(form.action, { form: { skill: 'Subsidies', action: 'endorse' } })).status, 403);
		let r = await web.post(form.action, { form: { ...form.values } });
		assert.equal(r.status, 303, String(r));
		assert.equal(r.headers.get('location'), `/people/${org.ids.bea}#skills`);
		page = await web.get(`/people/${org.ids.bea}`);
		assert.match(page.text, /4 endorsements/);
		assert.match(page.text, /Thank you: your endorsement is saved\./);
		const again = parseForms(page.text).find((f) => f.action === `/people/${org.ids.bea}/endorsements`);
		assert.equal(again.values.action, 'withdraw');
		r = await web.post(again.action, { form: { ...again.values } });
		assert.equal(r.status, 303);
		page = await web.get(`/people/${org.ids.bea}`);
		assert.match(page.text, /3 endorsements/);
		// an unknown skill through the form: 422 page
		r = await web.post(form.action, { form: { ...form.values, skill: 'Juggling' } });
		assert.equal(r.status, 422);
		// on your own profile: counts, no buttons
		await web.get('/');
		const own = new Client(org.url);
		await own.signIn(PEOPLE.bea.email, PASSWORD);
		page = await own.get(`/people/${org.ids.bea}`);
		assert.match(page.text, /3 endorsements/);
		assert.ok(!parseForms(page.text).some((f) => f.action.endsWith('/endorsements')), 'no endorse form on your own profile');
		r = await own.postForm(`/people/${org.ids.bea}/endorsements`, { skill: 'Subsidies', action: 'endorse' });
		assert.equal(r.status, 403);
	});
});

describe('the page', () => {
	test('/experts: one box, person cards with reasons; partial fragment for as-you-type', async () => {
		const web = new Client(org.url);
		await web.signIn(PEOPLE.ann.email, PASSWORD);
		let r = await web.get('/experts');
		assert.equal(r.status, 200);
		// the page's own box (the layout's top bar has the site-wide one)
		assert.equal((r.text.match(/class="searchbar-input"[^>]*type="search"/g) || []).length, 1, 'one search box');
		assert.match(r.text, /href="\/experts\?q=Subsidies"/, 'popular skills suggested');
		r = await web.get('/experts?q=subsidies');
		assert.match(r.text, /Bea Bakker[\s\S]*Endorsed for “Subsidies” by 3 colleagues[\s\S]*Cas de Vries/);
		assert.match(r.text, /aria-current="page"[^>]*>[\s\S]{0,400}Who knows\?/);
		r = await web.get('/experts?q=subsidies&partial=1');
		assert.ok(!/<html/i.test(r.text), 'a fragment, not a page');
		assert.match(r.text, /Bea Bakker/);
		r = await web.get('/experts?q=kwantum');
		assert.match(r.text, /No one matches “kwantum” yet/);
		const home = await web.get('/');
		assert.ok(parseForms(home.text).some((f) => f.action === '/experts'), 'a box on the home page');
		const nl = await web.get('/experts?q=subsidies', { headers: { 'Accept-Language': 'nl' } });
		assert.match(nl.text, /Aanbevolen voor “Subsidies” door 3 collega&#39;s|Aanbevolen voor “Subsidies” door 3 collega's/);
		assert.equal((await web.get(`/experts?q=${'a'.repeat(201)}`)).status, 400);
	});
});

describe('deactivated people', () => {
	test('never appear, whether deactivated before or after indexing', async () => {
		for (const q of ['subsidies', 'subsidy', 'french', 'advisor']) {
			const r = await experts('ann', `q=${q}&limit=100`);
			assert.ok(!names(r).includes('Finn Mulder'), `${q}: ${names(r)}`);
		}
		assert.ok(names(await experts('ann', 'q=french')).includes('Hugo Hendriks'));
		await sqlite(org.dataDir, `UPDATE people SET status = 'deactivated' WHERE id = ${org.ids.hugo};`);
		assert.ok(!names(await experts('ann', 'q=french')).includes('Hugo Hendriks'));
		await sqlite(org.dataDir, `UPDATE people SET status = 'active' WHERE id = ${org.ids.hugo};`);
	});
});
