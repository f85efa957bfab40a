// Groups in the browser: a colleague creates a group with the keyboard
// (name, the kind radio cards with arrow keys, about), another finds it in
// the directory with the keyboard only and joins, posts in it from the
// group's composer; the members page, a closed group's locked page and the
// kind-change confirmation. Screenshots at 390 and 1280 px in English and
// Dutch.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, PASSWORD } from '../e2e/lib/server.mjs';
import { launch, newPage, shoot, assertNoProblems, signIn } from '../e2e/lib/browser.mjs';

const OWEN = { email: 'owen@example.com', name: 'Owen Owner' };
const MIA = { email: 'mia@example.com', name: 'Mia Jansen' };
const NIK = { email: 'nik@example.com', name: 'Nik Bos' };
const ANN = { email: 'ann@example.com', name: 'Ann Admin', role: 'admin' };
const server = useServer({ users: [OWEN, MIA, NIK, ANN] });

let browser;
let groupUrl;

before(async () => {
	await server.ready;
	browser = await launch();
});
after(async () => {
	await browser?.close();
});

test('create a group with the keyboard', async () => {
	const { context, page } = await newPage(browser);
	await signIn(page, server.url, OWEN.email, PASSWORD);
	await page.goto(`${server.url}/groups`);
	await shoot(page, 'groups-empty');
	await page.click('a[href="/groups/new"]');
	await page.focus('#group-name');
	await page.keyboard.type('Modem testers');
	await page.keyboard.press('Tab');                 // the checked kind card: Open
	await page.keyboard.press('ArrowRight');          // → Closed
	await page.keyboard.press('ArrowLeft');           // → Open again
	assert.equal(await page.$eval('input[name="kind"]:checked', (e) => e.value), 'open');
	await page.fill('#group-category', 'Projects');
	await page.fill('#group-about', 'We test the **new modem** before it ships.\n\nVolunteers welcome.');
	await shoot(page, 'group-new');
	await Promise.all([page.waitForURL(/\/groups\/\d+$/), page.click('.group-form button[type="submit"]')]);
	groupUrl = new URL(page.url()).pathname;
	assert.match(await page.locator('.flash').innerText(), /Your group is ready/);
	assert.match(await page.locator('.group-header h1').innerText(), /Modem testers/);
	// a closed one too, for the directory and the locked page
	await page.goto(`${server.url}/groups/new`);
	await page.fill('#group-name', 'Works council');
	await page.check('input[name="kind"][value="closed"]', { force: true });
	await page.fill('#group-category', 'Councils');
	await page.fill('#group-about', 'Representatives of the staff.');
	await Promise.all([page.waitForURL(/\/groups\/\d+$/), page.click('.group-form button[type="submit"]')]);
	assertNoProblems(page, 'group creation');
	await context.close();
});

test('find the group in the directory with the keyboard, join it and post in it', async () => {
	const { context, page } = await newPage(browser);
	await signIn(page, server.url, MIA.email, PASSWORD);
	await page.goto(`${server.url}/groups`);
	await shoot(page, 'groups-directory');
	await page.focus('#groups-q');
	await page.keyboard.type('modem');
	await Promise.all([page.waitForURL(/q=modem/), page.keyboard.press('Enter')]);
	const cards = page.locator('.group-card');
	assert.equal(await cards.count(), 1);
	// Tab from the search to the card's link, then to its Join button
	await page.focus('#groups-q');
	let label = '';
	for (let i = 0; i < 8 && !/Join Modem testers/.test(label); i++) {
		await page.keyboard.press('Tab');
		label = await page.evaluate(() => document.activeElement.getAttribute('aria-label') || document.activeElement.textContent);
	}
	assert.match(label, /Join Modem testers/);
	await Promise.all([page.waitForURL((u) => u.pathname === groupUrl), page.keyboard.press('Enter')]);
	assert.match(await page.locator('.flash').innerText(), /Welcome to the group/);
	assert.match(await page.locator('.group-actions').innerText(), /Member/);
	await page.fill('#composer-text', 'I can test on Tuesday with the **fibre** line. #modem');
	await Promise.all([page.waitForURL((u) => u.pathname === groupUrl), page.click('#composer button[type="submit"]')]);
	assert.match(await page.locator('ol.stream').innerText(), /I can test on Tuesday/);
	await shoot(page, 'group-stream');
	await page.goto(`${server.url}${groupUrl}/members`);
	assert.match(await page.locator('.group-page').innerText(), /Owen Owner/);
	assert.match(await page.locator('.group-page').innerText(), /Mia Jansen/);
	await page.goto(`${server.url}${groupUrl}/about`);
	await shoot(page, 'group-about');
	assertNoProblems(page, 'join and post');
	await context.close();
});

test('a closed group shows "Ask to join"; the owner approves from the members page', async () => {
	const nik = await newPage(browser);
	await signIn(nik.page, server.url, NIK.email, PASSWORD);
	await nik.page.goto(`${server.url}/groups?category=Councils`);
	await nik.page.click('.group-card-name a');
	assert.match(await nik.page.locator('.group-locked').innerText(), /Only members see what is in this group/);
	await shoot(nik.page, 'group-locked');
	await nik.page.fill('#ask-message', 'I was elected last week.');
	await Promise.all([nik.page.waitForLoadState('load'), nik.page.click('.group-ask button[type="submit"]')]);
	assert.match(await nik.page.locator('.flash').innerText(), /Your request has been sent/);

	const owen = await newPage(browser);
	await signIn(owen.page, server.url, OWEN.email, PASSWORD);
	await owen.page.goto(`${server.url}/groups?mine=1`);
	await owen.page.click('text=Works council');
	await owen.page.click('.group-tabs >> text=Members');
	assert.match(await owen.page.locator('.group-requests').first().innerText(), /I was elected last week/);
	await shoot(owen.page, 'group-members-manage');
	await Promise.all([owen.page.waitForLoadState('load'), owen.page.click('button[aria-label="Approve Nik Bos"]')]);
	assert.match(await owen.page.locator('.group-members').last().innerText(), /Nik Bos/);
	// the kind change asks first
	await owen.page.click('.group-tabs >> text=Settings');
	await owen.page.check('input[name="kind"][value="secret"]', { force: true });
	await Promise.all([owen.page.waitForLoadState('load'), owen.page.click('.group-form button[type="submit"]')]);
	assert.match(await owen.page.locator('.group-confirm').innerText(), /hides it and its content from non-members at once/);
	await shoot(owen.page, 'group-kind-confirm');
	assertNoProblems(owen.page, 'owner');
	assertNoProblems(nik.page, 'asker');
	await owen.context.close();
	await nik.context.close();
});

test('in Dutch', async () => {
	const { context, page } = await newPage(browser, { locale: 'nl-NL' });
	await signIn(page, server.url, MIA.email, PASSWORD);
	await page.goto(`${server.url}/groups`);
	assert.match(await page.locator('h1').innerText(), /Groepen/);
	await shoot(page, 'groups-directory-nl');
	await page.goto(`${server.url}${groupUrl}`);
	assert.match(await page.locator('.group-tabs').innerText(), /Leden/);
	await shoot(page, 'group-stream-nl');
	await page.goto(`${server.url}/groups/new`);
	await shoot(page, 'group-new-nl');
	assertNoProblems(page, 'Dutch');
	await context.close();
});

test('the phone tab bar fits six tabs (an admin) in Dutch', async () => {
	const { context, page } = await newPage(browser, { locale: 'nl-NL' });
	await signIn(page, server.url, ANN.email, PASSWORD);
	await page.setViewportSize({ width: 390, height: 844 });
	await page.goto(`${server.url}/groups`);
	const spill = await page.$$eval('.mainnav a > span', (els) => els.filter((e) => e.scrollWidth > e.parentElement.clientWidth + 1).map((e) => e.textContent));
	assert.deepEqual(spill, []);
	await shoot(page, 'groups-admin-nl');
	await context.close();
});
