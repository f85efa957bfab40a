// "Who knows X" from content, end to end: posts on a #topic, accepted
// answers and their reasons in GET /api/v1/experts and on the /experts page,
// in English and Dutch; and what never counts nor shows: a post in a secret
// group, an anonymous question (its asker must not appear), a deleted post,
// a post moved into a secret group.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { PASSWORD } from './lib/server.mjs';
import { Client, decodeEntities } from './lib/http.mjs';
import { useExpertsServer, PEOPLE } from './lib/experts-fixture.mjs';

const org = useExpertsServer();
const tokens = {};
let c;

const experts = (who, q, headers) =>
	c.get(`/api/v1/experts?q=${encodeURIComponent(q)}`, { bearer: tokens[who], headers });
const names = (r) => r.json.items.map((p) => p.name);
const post = async (who, text, extra = {}) => {
	const r = await c.post('/api/v1/posts', { bearer: tokens[who], json: { text, ...extra } });
	assert.equal(r.status, 201, String(r));
	return r.json.id;
};
const group = async (who, name, kind) => {
	const r = await c.post('/api/v1/groups', { bearer: tokens[who], json: { name, kind } });
	assert.equal(r.status, 201, String(r));
	return r.json.id;
};

before(async () => {
	await org.ready;
	c = new Client(org.url);
	for (const k of ['ann', 'bea', 'cas', 'dora', 'eli'])
		tokens[k] = (await new Client(org.url).apiSignIn(PEOPLE[k].email, PASSWORD)).token;
	for (let i = 0; i < 3; i++) await post('bea', `Panels on the roof, part ${i} #zonnepanelen`);
	// Ann asks on #zonnepanelen, Eli answers, Ann accepts
	const q = await c.post('/api/v1/questions', {
		bearer: tokens.ann, json: { title: 'Who installs solar panels?', body: 'Asking #zonnepanelen' } });
	assert.equal(q.status, 201, String(q));
	const a = await c.post(`/api/v1/questions/${q.json.id}/answers`, { bearer: tokens.eli, json: { body: 'Facilities do.' } });
	assert.equal(a.status, 201, String(a));
	const acc = await c.post(`/api/v1/answers/${a.json.id}/accept`, { bearer: tokens.ann });
	assert.equal(acc.status, 200, String(acc));
});

describe('evidence from content', () => {
	test('posts and accepted answers rank people, with the reasons', async () => {
		const r = await experts('cas', 'zonnepanelen');
		assert.equal(r.status, 200, String(r));
		// Bea: 150 log2 4 = 300; Eli: (100 + 250) log2 2 = 350
		assert.deepEqual(names(r), ['Eli Visser', 'Bea Bakker']);
		assert.deepEqual(r.json.items[0].reasons, ['Answered 1 question on #zonnepanelen, accepted']);
		assert.deepEqual(r.json.items[1].reasons, ['3 posts on #zonnepanelen']);
		const nl = await experts('cas', 'zonnepaneel', { 'Accept-Language': 'nl' });
		assert.deepEqual(nl.json.items.map((p) => p.reasons[0]),
			['Beantwoordde 1 vraag over #zonnepanelen, geaccepteerd', '3 berichten over #zonnepanelen']);
	});

	test('beside skills and endorsements, the strongest first', async () => {
		await post('cas', 'Closing the #subsidies round');
		const r = await experts('ann', 'subsidies');
		const cas = r.json.items.find((p) => p.name === 'Cas de Vries');
		assert.deepEqual(cas.reasons, ['Skill: Subsidies', '1 post on #subsidies']);
	});

	test('the page shows the reasons, in English and Dutch', async () => {
		const web = new Client(org.url);
		await web.signIn(PEOPLE.cas.email, PASSWORD);
		let r = await web.get('/experts?q=zonnepanelen');
		assert.equal(r.status, 200);
		const text = decodeEntities(r.text);
		assert.match(text, /3 posts on #zonnepanelen/);
		assert.match(text, /Answered 1 question on #zonnepanelen, accepted/);
		r = await web.get('/experts?q=zonnepanelen', { headers: { 'Accept-Language': 'nl' } });
		assert.match(decodeEntities(r.text), /3 berichten over #zonnepanelen/);
	});
});

describe('never evidence', () => {
	test('a post in a secret group', async () => {
		const g = await group('dora', 'Dora secret plans', 'secret');
		await post('dora', 'Plotting #geheimplan', { group_id: g });
		assert.deepEqual(names(await experts('ann', 'geheimplan')), []);
	});

	test('an anonymous question: its asker appears nowhere', async () => {
		const q = await c.post('/api/v1/questions', {
			bearer: tokens.dora, json: { title: 'A quiet question on payslips', body: 'About #loonstrook', anonymous: true } });
		assert.equal(q.status, 201, String(q));
		const r = await experts('ann', 'loonstrook');
		assert.deepEqual(names(r), []);
		assert.ok(!JSON.stringify(r.json).includes('Dora'));
		const web = new Client(org.url);
		await web.signIn(PEOPLE.ann.email, PASSWORD);
		const page = await web.get('/experts?q=loonstrook');
		assert.equal(page.status, 200);
		assert.ok(!page.text.includes('Dora'), 'the anonymous asker on the who-knows page');
		// the answerer does count (it is the asker who is hidden)
		const a = await c.post(`/api/v1/questions/${q.json.id}/answers`, { bearer: tokens.bea, json: { body: 'See HR.' } });
		assert.equal(a.status, 201, String(a));
		const after = await experts('ann', 'loonstrook');
		assert.deepEqual(names(after), ['Bea Bakker']);
		assert.deepEqual(after.json.items[0].reasons, ['Answered 1 question on #loonstrook']);
	});

	test('a deleted post stops counting', async () => {
		const id = await post('eli', 'Soon gone #wegplan');
		assert.deepEqual(names(await experts('ann', 'wegplan')), ['Eli Visser']);
		assert.equal((await c.delete(`/api/v1/posts/${id}`, { bearer: tokens.eli })).status, 204);
		assert.deepEqual(names(await experts('ann', 'wegplan')), []);
	});

	test('a post moved into a secret group stops counting', async () => {
		const id = await post('eli', 'Moving soon #verhuisplan');
		assert.deepEqual(names(await experts('ann', 'verhuisplan')), ['Eli Visser']);
		const g = await group('eli', 'Eli secret move', 'secret');
		const r = await c.patch(`/api/v1/posts/${id}`, { bearer: tokens.eli, json: { group_id: g } });
		assert.equal(r.status, 200, String(r));
		assert.deepEqual(names(await experts('ann', 'verhuisplan')), []);
	});
});
