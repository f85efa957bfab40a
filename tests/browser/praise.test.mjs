// Praise in the browser: a colleague praised with the keyboard only (type
// the e-mail address, arrow keys through the badge cards, the message,
// Enter), seen on their profile with the Follow button; the announcement
// form. Screenshots at 390 and 1280 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, PASSWORD } from '../e2e/lib/server.mjs';
import { Client } from '../e2e/lib/http.mjs';
import { launch, newPage, shoot, assertNoProblems, signIn } from '../e2e/lib/browser.mjs';

const BEA = { email: 'bea@example.com', name: 'Bea Bakker' };
const CAS = { email: 'cas@example.com', name: 'Cas de Vries' };
const COM = { email: 'com@example.com', name: 'Coby Comms', role: 'communicator' };
const server = useServer({ users: [BEA, CAS, COM] });

let browser;
const ids = {};

before(async () => {
	await server.ready;
	for (const u of [BEA, CAS, COM])
		ids[u.email] = (await new Client(server.url).apiSignIn(u.email, PASSWORD)).person.id;
	browser = await launch();
});
after(async () => {
	await browser?.close();
});

test('praise a colleague with the keyboard and see it on their profile', async () => {
	const { context, page } = await newPage(browser);
	await signIn(page, server.url, BEA.email, PASSWORD);
	await page.goto(`${server.url}/praise/new`);
	await page.focus('#praise-colleagues');
	await page.keyboard.type(CAS.email);
	await page.keyboard.press('Tab');                  // into the badge cards: the first one
	await page.keyboard.press('ArrowRight');           // → Team player, checked
	await page.keyboard.press('ArrowRight');           // → Expert
	assert.equal(await page.$eval('input[name="badge"]:checked', (e) => e.value), 'expert');
	await page.keyboard.press('Tab');
	assert.equal(await page.evaluate(() => document.activeElement.id), 'praise-text');
	await page.keyboard.type('Your review of the subsidy rules saved us a week. Thank you!');
	await shoot(page, 'praise-form');
	await page.keyboard.press('Tab');
	await Promise.all([page.waitForURL(/\/posts\/\d+$/), page.keyboard.press('Enter')]);
	await page.goto(`${server.url}/people/${ids[CAS.email]}`);
	const section = page.locator('#praise');
	assert.match(await section.innerText(), /Praise received/);
	assert.match(await section.innerText(), /Expert\s*×1/);
	assert.match(await section.innerText(), /Bea Bakker/);
	assert.match(await section.innerText(), /saved us a week/);
	assert.equal(await page.getAttribute('#follow button', 'aria-pressed'), 'false');
	await page.click('#follow button');
	await page.waitForURL(/#follow$/);
	assert.equal(await page.getAttribute('#follow button', 'aria-pressed'), 'true');
	await shoot(page, 'praise-profile');
	assertNoProblems(page, 'praise');
	await context.close();
});

test('validation errors in the praise form; the announcement form', async () => {
	const { context, page } = await newPage(browser);
	await signIn(page, server.url, COM.email, PASSWORD);
	await page.goto(`${server.url}/praise/new?to=${ids[CAS.email]}`);
	await page.fill('#praise-colleagues', 'nobody@example.com');
	await page.check('input[value="mentor"]', { force: true });
	await page.fill('#praise-text', 'Thanks');
	await Promise.all([page.waitForLoadState('load'), page.click('.praise-form button[type="submit"]')]);
	assert.match(await page.locator('#praise-colleagues-error').innerText(), /nobody@example\.com/);
	assert.equal(await page.isChecked(`input[name="to"][value="${ids[CAS.email]}"]`), true, 'the chosen colleague stays');
	await shoot(page, 'praise-form-errors');
	await page.goto(`${server.url}/announcements/new`);
	await page.fill('#ann-text', 'The office is **closed** on Friday.');
	await shoot(page, 'announcement-form');
	assertNoProblems(page, 'announcement form');
	await context.close();
});

test('the home page: an announcement on top (dismissable), the colleague in the spotlight beside the stream', async () => {
	const comToken = (await new Client(server.url).apiSignIn(COM.email, PASSWORD)).token;
	const r = await new Client(server.url).post('/api/v1/posts', { bearer: comToken,
		json: { text: 'The office is **closed on Monday** for maintenance.', kind: 'announcement' } });
	assert.equal(r.status, 201, String(r));
	const { context, page } = await newPage(browser);
	await signIn(page, server.url, BEA.email, PASSWORD);
	await page.goto(`${server.url}/`);
	assert.match(await page.locator('.announcements').textContent(), /closed on Monday/);
	assert.match(await page.locator('.spotlight').textContent(), /Cas de Vries/, 'Cas was praised in the first test');
	await shoot(page, 'home-announcement-spotlight');
	assertNoProblems(page, 'home with an announcement and the spotlight');
	await context.close();
});
