// Profiles in the browser: fill the whole edit form (date input, datalist,
// language rows, Markdown bio), see the profile rendered; the keyboard-only
// path through the form; an administrator deactivating someone through the
// manage form; the guest home. Screenshots at 390 and 1280 px of each state.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, PASSWORD } from '../e2e/lib/server.mjs';
import { Client } from '../e2e/lib/http.mjs';
import { launch, newPage, shoot, assertNoProblems, signIn, me } from '../e2e/lib/browser.mjs';

const ANN = { email: 'ann@example.com', name: 'Ann Admin', role: 'admin' };
const MO = { email: 'mo@example.com', name: 'Mo Member' };
const KAI = { email: 'kai@example.com', name: 'Kai Keyboard' };
const EMMA = { email: 'emma@example.com', name: 'Emma Empty' };
const DEE = { email: 'dee@example.com', name: 'Dee Parting' };
const GUS = { email: 'gus@example.com', name: 'Gus Guest', role: 'guest' };
const server = useServer({ users: [ANN, MO, KAI, EMMA, DEE, GUS] });

let browser;
const ids = {};

before(async () => {
	await server.ready;
	for (const u of [ANN, MO, KAI, EMMA, DEE, GUS]) {
		const s = await new Client(server.url).apiSignIn(u.email, PASSWORD);
		ids[u.email] = s.person.id;
		if (u === ANN) {
			// tags in use, for the suggestions
			const r = await new Client(server.url).patch('/api/v1/me', { bearer: s.token, json: { skills: ['Subsidies', 'Spreadsheets', 'Statistics'], interests: ['Sailing'] } });
			assert.equal(r.status, 200, String(r));
		}
	}
	browser = await launch();
});
after(async () => {
	await browser?.close();
});

test('fill the whole edit form and see the profile rendered', async () => {
	const { context, page } = await newPage(browser);
	await signIn(page, server.url, MO.email, PASSWORD);
	await page.goto(`${server.url}/people/${ids[MO.email]}`);
	await shoot(page, 'profile-own-empty');
	await page.getByRole('link', { name: 'Edit profile' }).first().click();
	await page.waitForURL((u) => u.pathname.endsWith('/edit'));
	await page.getByLabel('Pronouns (optional)').fill('they/them');
	await page.getByLabel('Job title').fill('Policy advisor');
	await page.getByLabel('Phone').fill('+31 20 555 0101');
	await page.getByLabel('Start date').fill('2024-02-29');
	await page.getByLabel('Location').fill('Utrecht, 3rd floor');
	// the skills datalist offers the tags already in use
	const options = await page.$$eval('#skill-suggestions option', (os) => os.map((o) => o.value));
	assert.ok(options.includes('Subsidies') && options.includes('Statistics'), `suggestions: ${options}`);
	assert.equal(await page.getAttribute('#edit-skills', 'list'), 'skill-suggestions');
	await page.getByLabel('Skills').fill('Subsidies, Grant writing, French translation');
	await page.selectOption('#language-0', 'nl');
	await page.selectOption('#level-0', 'native');
	await page.selectOption('#language-1', 'en');
	await page.selectOption('#level-1', 'fluent');
	await page.getByLabel('Interests').fill('Sailing, Choir singing');
	await page.getByLabel('Bio').fill('I help teams find **funding**.\n\n## Ask me about\n\n- subsidies\n- *grant* reports\n\n'
		+ 'See [the handbook](https://example.org/handbook).\n\n<script>alert(1)</script>');
	await shoot(page, 'profile-edit-filled');
	await Promise.all([
		page.waitForURL((u) => u.pathname === `/people/${ids[MO.email]}`),
		page.getByRole('button', { name: 'Save', exact: true }).click(),
	]);
	// chips, languages with levels, facts, bio formatting
	const skills = await page.$$eval('ul.skill-list .skill-name', (cs) => cs.map((c) => c.textContent.trim()));
	assert.deepEqual(skills, ['Subsidies', 'Grant writing', 'French translation']);
	const interests = await page.$$eval('ul.chips[aria-label="Interests"] .chip', (cs) => cs.map((c) => c.textContent.trim()));
	assert.deepEqual(interests, ['Sailing', 'Choir singing']);
	const langs = await page.$$eval('.lang-list li', (ls) => ls.map((l) => l.textContent.replace(/\s+/g, ' ').trim()));
	assert.deepEqual(langs, ['Dutch native', 'English fluent']);
	const heading = await page.textContent('h1#person-name');
	assert.match(heading, /Mo Member\s*\(they\/them\)/);
	const facts = await page.textContent('.profile-side');
	for (const s of ['+31 20 555 0101', '29 February 2024']) assert.ok(facts.includes(s), `contact card shows ${s}`);
	assert.ok((await page.textContent('.profile-facts')).includes('Utrecht, 3rd floor'));
	assert.equal(await page.textContent('.bio strong'), 'funding');
	assert.equal(await page.textContent('.bio h4'), 'Ask me about');
	assert.deepEqual(await page.$$eval('.bio li', (ls) => ls.map((l) => l.textContent)), ['subsidies', 'grant reports']);
	const link = page.locator('.bio a');
	assert.equal(await link.getAttribute('href'), 'https://example.org/handbook');
	assert.equal(await link.getAttribute('rel'), 'nofollow noopener');
	assert.ok((await page.textContent('.bio')).includes('<script>alert(1)</script>'), 'raw HTML shown as text');
	assert.equal(await page.locator('.bio script').count(), 0);
	await shoot(page, 'profile-filled');
	assertNoProblems(page, 'profile');

	// the same profile seen by a colleague
	const other = await newPage(browser);
	await signIn(other.page, server.url, KAI.email, PASSWORD);
	await other.page.goto(`${server.url}/people/${ids[MO.email]}`);
	assert.equal(await other.page.locator('.profile-edit').count(), 0, 'no edit button on someone else');
	assert.equal(await other.page.locator('a.skill-name[href="/people?skill=Subsidies"]').count(), 1, 'skills link to the directory');
	await other.context.close();
	await context.close();
});

test('errors on the edit form are shown next to the fields', async () => {
	const { context, page } = await newPage(browser);
	await signIn(page, server.url, EMMA.email, PASSWORD);
	await page.goto(`${server.url}/people/${ids[EMMA.email]}`);
	await shoot(page, 'profile-empty');
	await page.goto(`${server.url}/people/${ids[EMMA.email]}/edit`);
	await page.getByLabel('Phone').fill('call me maybe');
	await page.getByLabel('Skills').fill(Array.from({ length: 31 }, (_, i) => `skill ${i}`).join(', '));
	await page.selectOption('#language-0', 'de');  // and no level
	await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Save', exact: true }).click()]);
	await page.waitForSelector('[role="alert"]');
	assert.equal(await page.getAttribute('#edit-phone', 'aria-invalid'), 'true');
	assert.ok((await page.getAttribute('#edit-phone', 'aria-describedby')).includes('edit-phone-error'));
	assert.ok(await page.isVisible('#edit-phone-error'));
	// people_validate reports one personal field at a time; the lists are checked too
	assert.ok(await page.isVisible('#edit-skills-error'));
	assert.ok(await page.isVisible('#edit-languages-error'));
	assert.equal(await page.inputValue('#edit-phone'), 'call me maybe', 'what was typed is kept');
	assert.equal(await page.inputValue('#language-0'), 'de');
	await shoot(page, 'profile-edit-errors');
	assertNoProblems(page, 'edit errors');
	assert.equal((await me(page)).phone, null, 'nothing saved');
	await context.close();
});

test('keyboard only: Tab through the edit form in order, fill it, save with Enter', async () => {
	const { context, page } = await newPage(browser);
	await signIn(page, server.url, KAI.email, PASSWORD);
	await page.goto(`${server.url}/people/${ids[KAI.email]}/edit`);
	await page.focus('#edit-name');
	const order = ['edit-name'];
	for (let i = 0; i < 40; i++) {
		await page.keyboard.press('Tab');
		const id = await page.evaluate(() => document.activeElement.id || document.activeElement.getAttribute('name') || document.activeElement.textContent.trim());
		if (order[order.length - 1] !== id) order.push(id);  // the date input has a stop per part
		if (id === 'Save') break;
	}
	const expected = ['edit-name', 'edit-pronouns', 'edit-title', 'edit-phone', 'edit-start', 'edit-location', 'edit-skills',
		'language-0', 'level-0', 'language-1', 'level-1', 'edit-interests', 'edit-bio', 'Save'];
	assert.deepEqual(order, expected, 'the focus order follows the visual order');
	// every stop shows a visible focus indicator
	await page.focus('#edit-title');
	const ring = await page.evaluate(() => {
		const s = getComputedStyle(document.activeElement);
		return s.outlineStyle !== 'none' || s.boxShadow !== 'none';
	});
	assert.ok(ring, 'a visible focus style');

	// Tab (only Tab) until the element with this id has the focus
	const tabTo = async (id) => {
		for (let i = 0; i < 8; i++) {
			await page.keyboard.press('Tab');
			if (await page.evaluate((x) => document.activeElement.id === x, id)) return;
		}
		assert.fail(`Tab never reached #${id}`);
	};
	await page.focus('#edit-name');
	await tabTo('edit-pronouns');
	await page.keyboard.type('she/her');
	await tabTo('edit-title');
	await page.keyboard.type('Keyboard tester');
	await tabTo('edit-phone');
	await page.keyboard.type('010 555 0199');
	await tabTo('edit-start');
	await page.keyboard.type('09012021');          // the date input, month/day/year in en-US
	await tabTo('edit-location');
	await page.keyboard.type('Rotterdam');
	await tabTo('edit-skills');
	await page.keyboard.type('Accessibility, Testing');
	await page.keyboard.press('Escape');            // close the datalist popup if it opened
	await tabTo('language-0');
	await page.keyboard.type('French');             // type-to-select in the language list
	await tabTo('level-0');
	await page.keyboard.type('Fluent');
	await tabTo('edit-interests');
	await tabTo('edit-bio');
	await page.keyboard.type('Typed *by keyboard*.');
	await page.keyboard.press('Tab');
	assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), 'Save');
	await Promise.all([page.waitForURL((u) => u.pathname === `/people/${ids[KAI.email]}`), page.keyboard.press('Enter')]);
	const p = await me(page);
	assert.equal(p.pronouns, 'she/her');
	assert.equal(p.title, 'Keyboard tester');
	assert.equal(p.phone, '010 555 0199');
	assert.equal(p.start_date, '2021-09-01');
	assert.equal(p.location, 'Rotterdam');
	assert.deepEqual(p.skills, ['Accessibility', 'Testing']);
	assert.deepEqual(p.languages.map((l) => [l.code, l.level]), [['fr', 'fluent']]);
	assert.equal(p.bio, 'Typed *by keyboard*.');
	assertNoProblems(page, 'keyboard edit');
	await context.close();
});

test('an administrator deactivates someone through the manage form', async () => {
	const dee = await newPage(browser);
	await signIn(dee.page, server.url, DEE.email, PASSWORD);
	const { context, page } = await newPage(browser);
	await signIn(page, server.url, ANN.email, PASSWORD);
	await page.goto(`${server.url}/people/${ids[DEE.email]}/edit`);
	const manage = page.locator('form.manage-card');
	assert.equal(await manage.count(), 1, 'the manage form');
	await manage.getByLabel('Department').fill('Operations');
	await manage.getByLabel('Manager\'s e-mail address').fill(MO.email);
	await manage.getByLabel('Status').selectOption('deactivated');
	await manage.scrollIntoViewIfNeeded();
	await shoot(page, 'profile-manage');
	// first without the confirmation box: refused, nothing changed
	await Promise.all([page.waitForLoadState('load'), manage.getByRole('button').click()]);
	await page.waitForSelector('#manage-status-error');
	assert.equal(await page.getAttribute('#manage-status', 'aria-invalid'), 'true');
	assert.equal(await page.inputValue('#manage-department'), 'Operations', 'what was typed is kept');
	await shoot(page, 'profile-manage-error');
	await dee.page.goto(`${server.url}/`);
	assert.equal(new URL(dee.page.url()).pathname, '/', 'still signed in');
	// then with it
	await page.locator('form.manage-card input[name="confirm_deactivate"]').check();
	await Promise.all([
		page.waitForURL((u) => u.pathname === `/people/${ids[DEE.email]}`),
		page.locator('form.manage-card').getByRole('button').click(),
	]);
	assert.ok((await page.textContent('.profile-facts')).includes('Deactivated'), 'marked deactivated for the admin');
	assert.ok((await page.textContent('.profile-facts')).includes('Operations'));
	await shoot(page, 'profile-deactivated');
	// Dee's next request lands on the sign-in page
	await dee.page.goto(`${server.url}/people/${ids[DEE.email]}`);
	assert.equal(new URL(dee.page.url()).pathname, '/signin');
	assertNoProblems(page, 'manage');
	await dee.context.close();
	await context.close();
});

test('a guest sees the limited home and their own profile', async () => {
	const { context, page } = await newPage(browser);
	await signIn(page, server.url, GUS.email, PASSWORD);
	assert.equal(new URL(page.url()).pathname, '/');
	assert.ok((await page.textContent('main')).includes('signed in as a guest'));
	assert.equal(await page.locator('nav a[href="/people"]').count(), 0, 'no People link');
	await shoot(page, 'home-guest');
	await page.getByRole('link', { name: /Your profile/ }).click();
	await page.waitForURL((u) => u.pathname === `/people/${ids[GUS.email]}`);
	assert.ok((await page.textContent('.profile-facts')).includes('Guest'));
	await shoot(page, 'profile-guest');
	assertNoProblems(page, 'guest');
	await context.close();
});

test('skill suggestions follow the word being typed and keep the tags before it', async () => {
	const { context, page } = await newPage(browser);
	await signIn(page, server.url, KAI.email, PASSWORD);
	await page.goto(`${server.url}/people/${ids[KAI.email]}/edit`);
	const skills = page.getByLabel('Skills', { exact: true });
	await skills.fill('');
	await skills.pressSequentially('Excel, Sta', { delay: 20 });
	const options = page.locator('#skill-suggestions option');
	await page.waitForFunction(() => Array.from(document.querySelectorAll('#skill-suggestions option'))
		.some((o) => o.value === 'Excel, Statistics'));
	const values = await options.evaluateAll((os) => os.map((o) => o.value));
	assert.ok(values.includes('Excel, Statistics'), JSON.stringify(values));
	assert.ok(!values.includes('Excel, Subsidies'), `only tags starting with "Sta": ${JSON.stringify(values)}`);
	await assertNoProblems(page);
	await context.close();
});
