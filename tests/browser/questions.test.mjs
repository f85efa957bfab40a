// Questions in the browser: asking with similar questions and colleagues
// suggested while the title is typed (static/questions.js), anonymously; the
// question page with answers (the accepted one first, Helpful in place,
// comments); the queues; the leaderboard and the profile's reputation lines.
// Screenshots at 390 and 1280 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, PASSWORD } from '../e2e/lib/server.mjs';
import { Client } from '../e2e/lib/http.mjs';
import { launch, newPage, shoot, assertNoProblems, signIn } from '../e2e/lib/browser.mjs';

const ANN = { email: 'ann@example.com', name: 'Ann Asker' };
const BAS = { email: 'bas@example.com', name: 'Bas Beantwoorder' };
const CEM = { email: 'cem@example.com', name: 'Cem Collega-Vandenberghe', role: 'admin' };
const server = useServer({ users: [ANN, BAS, CEM] });

let browser;
const tok = {}, ids = {};
const api = (who, method, path, json) => new Client(server.url).request(method, path, { bearer: tok[who.email], json });

before(async () => {
	await server.ready;
	for (const u of [ANN, BAS, CEM]) {
		const s = await new Client(server.url).apiSignIn(u.email, PASSWORD);
		tok[u.email] = s.token;
		ids[u.email] = s.person.id;
	}
	// Bas knows about subsidies: "who knows X" suggests him
	assert.equal((await api(BAS, 'PATCH', '/api/v1/me', { skills: ['Subsidies'], title: 'Grants officer' })).status, 200);
	const q = await api(CEM, 'POST', '/api/v1/questions', { title: 'Which subsidies can a team apply for?', body: 'Looking at #subsidies for 2027.' });
	assert.equal(q.status, 201);
	const a = await api(BAS, 'POST', `/api/v1/questions/${q.json.id}/answers`, { body: 'The **innovation** fund, until March.' });
	assert.equal((await api(CEM, 'POST', `/api/v1/answers/${a.json.id}/accept`)).status, 200);
	await api(CEM, 'POST', '/api/v1/questions', { title: 'Where do I find the parking rules?', body: 'New here. #facilities' });
	browser = await launch();
});
after(async () => {
	await browser?.close();
});

test('ask anonymously: similar questions and colleagues appear while typing the title', async () => {
	const { context, page } = await newPage(browser);
	await signIn(page, server.url, ANN.email, PASSWORD);
	await page.goto(`${server.url}/questions/new`);
	await page.focus('#question-title');
	await page.keyboard.type('Subsidies for a small team?');
	await page.waitForSelector('#question-similar:not([hidden]) li a');
	assert.match(await page.locator('#question-similar').innerText(), /Which subsidies can a team apply for\?/);
	await page.waitForSelector(`input[name="ask"][value="${ids[BAS.email]}"]`);
	assert.equal(await page.isHidden('[data-suggest-button]'), true, 'suggestions follow typing');
	await page.check(`input[name="ask"][value="${ids[BAS.email]}"]`);
	await page.fill('#question-text', 'We are three people. Which #subsidies fit?');
	await page.check('input[name="anonymous"]');
	await shoot(page, 'question-new');
	await Promise.all([page.waitForURL(/\/questions\/\d+$/), page.click('.question-form button.btn-primary[type="submit"]')]);
	assert.match(await page.locator('.question-head').innerText(), /You asked this anonymously/);
	assertNoProblems(page, 'question new');
	await context.close();
});

test('the question page: answers, accepted first, helpful, comments, the answer form', async () => {
	const q = (await api(ANN, 'GET', '/api/v1/questions?topic=subsidies')).json.items.find((x) => x.title.startsWith('Which'));
	const { context, page } = await newPage(browser);
	await signIn(page, server.url, ANN.email, PASSWORD);
	await page.goto(`${server.url}/questions/${q.id}`);
	assert.match(await page.locator('.answer-accepted').innerText(), /Accepted answer/);
	// "Helpful" answers in place (static/questions.js), the keyboard stays on the button
	await page.focus('.answer-actions button[aria-pressed="false"]');
	await page.keyboard.press('Enter');
	await page.waitForSelector('.answer-actions button[aria-pressed="true"]');
	assert.match(await page.locator('.answer-actions button[aria-pressed="true"]').innerText(), /Helpful\s*1/);
	assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-pressed')), 'true');
	assert.match(page.url(), /\/questions\/\d+$/, 'no page load');
	await page.fill('#answer-text', 'Also the **regional** fund, for small teams.');
	await Promise.all([page.waitForURL(/#answer-\d+$/), page.click('#answer-form button[type="submit"]')]);
	assert.equal(await page.locator('.answer-list > li').count(), 2);
	await shoot(page, 'question-page');
	assertNoProblems(page, 'question page');
	await context.close();
});

test('the queues, the leaderboard and the reputation lines of a profile', async () => {
	const { context, page } = await newPage(browser);
	await signIn(page, server.url, CEM.email, PASSWORD);
	await page.goto(`${server.url}/questions`);
	assert.ok(await page.locator('.question-card').count() >= 3);
	await shoot(page, 'questions-list');
	await page.click('.questions-tabs a:has-text("Unanswered")');
	await page.waitForURL(/queue=unanswered/);
	assert.match(await page.locator('.question-list').innerText(), /parking rules/);
	await page.goto(`${server.url}/questions/leaders`);
	assert.match(await page.locator('.leaders').innerText(), /Bas Beantwoorder/);
	await shoot(page, 'questions-leaders');
	await page.goto(`${server.url}/people/${ids[BAS.email]}`);
	assert.match(await page.locator('#reputation').innerText(), /Answered 1 question on\s+#subsidies/);
	await shoot(page, 'profile-reputation');
	await page.goto(`${server.url}/questions`, { waitUntil: 'load' });
	const nl = await newPage(browser, { locale: 'nl-NL' });
	await signIn(nl.page, server.url, CEM.email, PASSWORD);
	await nl.page.goto(`${server.url}/questions`);
	assert.match(await nl.page.locator('h1').innerText(), /Vragen/);
	await shoot(nl.page, 'questions-list-nl');
	// the top bar with the Questions tab fits on desktop widths, for admins (one more tab) too
	for (const width of [1280, 1024, 760]) {
		await page.setViewportSize({ width, height: 800 });
		const { right, scroll } = await page.evaluate(() => ({
			right: Math.max(...[...document.querySelectorAll('.topbar-inner > *, .signout, .account-me')].map((e) => e.getBoundingClientRect().right)),
			scroll: document.documentElement.scrollWidth }));
		assert.ok(right <= width && scroll <= width, `the top bar overflows at ${width}px: ${right}, ${scroll}`);
		if (width === 1024) await page.screenshot({ path: 'tests/out/screenshots/questions-topbar-1024.png' });
	}
	assertNoProblems(page, 'questions');
	await nl.context.close();
	await context.close();
});
