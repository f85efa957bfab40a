// "Who knows X" evidence in the browser: people found through their posts
// and accepted answers on a #topic, the reasons under each person beside a
// skill, in English and Dutch; screenshots at 390 and 1280 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PASSWORD } from '../e2e/lib/server.mjs';
import { Client } from '../e2e/lib/http.mjs';
import { useExpertsServer, PEOPLE } from '../e2e/lib/experts-fixture.mjs';
import { launch, newPage, shoot, assertNoProblems, signIn } from '../e2e/lib/browser.mjs';

const org = useExpertsServer();
let browser;

before(async () => {
	await org.ready;
	const tokens = {};
	for (const k of ['ann', 'bea', 'cas', 'eli'])
		tokens[k] = (await new Client(org.url).apiSignIn(PEOPLE[k].email, PASSWORD)).token;
	const c = new Client(org.url);
	for (let i = 0; i < 5; i++) {
		const r = await c.post('/api/v1/posts', { bearer: tokens.bea, json: { text: `Round ${i} of the #subsidies call` } });
		assert.equal(r.status, 201, String(r));
	}
	const q = await c.post('/api/v1/questions', {
		bearer: tokens.ann, json: { title: 'Which subsidies can we still apply for?', body: 'Asking #subsidies' } });
	assert.equal(q.status, 201, String(q));
	const a = await c.post(`/api/v1/questions/${q.json.id}/answers`, { bearer: tokens.eli, json: { body: 'The energy one.' } });
	assert.equal(a.status, 201, String(a));
	assert.equal((await c.post(`/api/v1/answers/${a.json.id}/accept`, { bearer: tokens.ann })).status, 200);
	browser = await launch();
});
after(async () => {
	await browser?.close();
});

const cards = (page) => page.$$eval('#experts-results .expert-card', (els) => els.map((e) => ({
	name: e.querySelector('.person-card-name').textContent.trim(),
	reasons: [...e.querySelectorAll('.expert-reason')].map((r) => r.textContent.trim()),
})));

test('reasons from posts and answers beside skills', async () => {
	const { page, context } = await newPage(browser);
	await signIn(page, org.url, PEOPLE.cas.email, PASSWORD);
	await page.goto(`${org.url}/experts?q=subsidie`);
	const got = await cards(page);
	// Bea: skill 500 + 5 posts 150 log2 6 = 387 → 887; Cas: the skill, 500; Eli: (100 + 250) log2 2 = 350
	assert.deepEqual(got.map((x) => x.name), ['Bea Bakker', 'Cas de Vries', 'Eli Visser']);
	assert.deepEqual(got[0].reasons, ['Skill: Subsidies', '5 posts on #subsidies']);
	assert.deepEqual(got[2].reasons, ['Answered 1 question on #subsidies, accepted']);
	await shoot(page, 'experts-evidence');
	assertNoProblems(page, '/experts?q=subsidie');
	await context.close();
});

test('in Dutch', async () => {
	const { page, context } = await newPage(browser, { locale: 'nl-NL' });
	await signIn(page, org.url, PEOPLE.hugo.email, PASSWORD);
	await page.goto(`${org.url}/experts?q=subsidies`);
	const got = await cards(page);
	assert.deepEqual(got[0].reasons, ['Vaardigheid: Subsidies', '5 berichten over #subsidies']);
	assert.ok(got.some((x) => x.reasons.includes('Beantwoordde 1 vraag over #subsidies, geaccepteerd')));
	await shoot(page, 'experts-evidence-nl');
	assertNoProblems(page, 'Dutch /experts');
	await context.close();
});
