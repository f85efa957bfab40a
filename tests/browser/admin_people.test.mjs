// In the browser: an administrator invites two people on /admin/people, the
// links are shown once; one invitee opens the link in a fresh browser, sets
// a password and lands signed in on the home page; the admin revokes the
// other (confirmation page, no script needed); a CSV upload with problems
// shows the table of lines and reasons, a good one the counts. Screenshots
// at 390 and 1280 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { useServer, PASSWORD } from '../e2e/lib/server.mjs';
import { launch, newPage, shoot, assertNoProblems, signIn, me, SCREENSHOTS } from '../e2e/lib/browser.mjs';

const ANN = { email: 'ann@example.com', name: 'Ann Admin', role: 'admin' };
const MO = { email: 'mo@example.com', name: 'Mo Member' };
const server = useServer({ users: [ANN, MO] });
let browser, tmp;

before(async () => {
	browser = await launch();
	tmp = await mkdtemp(join(tmpdir(), 'plein-browser-import-'));
});
after(async () => {
	await browser?.close();
	if (tmp) await rm(tmp, { recursive: true, force: true });
});

let links = [];

test('invite two people and see their links once', async () => {
	await server.ready;
	const { context, page } = await newPage(browser);
	await signIn(page, server.url, ANN.email, PASSWORD);
	await page.goto(`${server.url}/`);
	await page.locator('a.account-admin[href="/admin/people"]').click();
	await page.waitForURL(/\/admin\/people$/);
	await shoot(page, 'admin-people');
	assertNoProblems(page, '/admin/people');

	// a bad address first: every problem is listed, nothing is created
	await page.fill('#invite-emails', 'pia@example.com, not-an-address\nann@example.com');
	await Promise.all([page.waitForLoadState('load'), page.click('form[action="/admin/people/invite"] button[type="submit"]')]);
	const problems = await page.locator('#invite-errors').innerText();
	assert.match(problems, /not-an-address/);
	assert.match(problems, /ann@example\.com/);
	assert.equal(await page.locator('.invite-link').count(), 0);
	await shoot(page, 'admin-people-invite-errors');

	await page.fill('#invite-emails', 'pia@example.com\nrex@example.com');
	await page.selectOption('#invite-role', 'member');
	await Promise.all([page.waitForLoadState('load'), page.click('form[action="/admin/people/invite"] button[type="submit"]')]);
	const inputs = page.locator('.invite-link input');
	assert.equal(await inputs.count(), 2);
	links = await inputs.evaluateAll((els) => els.map((e) => e.value));
	for (const l of links) assert.match(l, /\/invite\/[A-Za-z0-9_-]{43}$/);
	assert.match(await page.locator('.invite-links').innerText(), /does not send e-mail/);
	await shoot(page, 'admin-people-links');
	assertNoProblems(page, 'after inviting');

	// a fresh visit (not a reload, which would send the form again and make new links)
	await page.goto(`${server.url}/admin/people`);
	assert.equal(await page.locator('.invite-link').count(), 0, 'links are not shown again');
	assert.match(await page.locator('.invitations').innerText(), /rex@example\.com/);
	await context.close();
});

test('the invitee sets a password and lands signed in', async () => {
	const { context, page } = await newPage(browser);
	await page.goto(links[0]);
	await shoot(page, 'invite-accept');
	assertNoProblems(page, 'invite page');
	await page.fill('#invite-name', 'Pia Nieuw');
	await page.fill('#invite-password', 'too short');
	await page.fill('#invite-password-confirm', 'too short');
	// the browser's own minlength check stops the short password; the server's check is tested end to end
	await page.fill('#invite-password', PASSWORD);
	await page.fill('#invite-password-confirm', PASSWORD);
	await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.press('#invite-password-confirm', 'Enter')]);
	assert.match(await page.locator('[data-flash]').innerText(), /account is ready/);
	const who = await me(page);
	assert.equal(who.email, 'pia@example.com');
	assert.equal(who.name, 'Pia Nieuw');
	await shoot(page, 'invite-joined');
	// the link is used up
	await page.goto(links[0]);
	assert.match(await page.locator('h1').innerText(), /used already/);
	await shoot(page, 'invite-used');
	await context.close();
});

test('revoke the other invitation; its link says it was withdrawn', async () => {
	const { context, page } = await newPage(browser);
	await signIn(page, server.url, ANN.email, PASSWORD);
	await page.goto(`${server.url}/admin/people`);
	const row = page.locator('.invitation', { hasText: 'rex@example.com' });
	await row.locator('a', { hasText: 'Revoke' }).click();
	await page.waitForURL(/\/revoke$/);
	await shoot(page, 'admin-invitation-revoke');
	await Promise.all([page.waitForURL(/\/admin\/people/), page.click('button.btn-danger')]);
	assert.match(await page.locator('[data-flash]').innerText(), /revoked/);
	assert.equal(await page.locator('.invitation', { hasText: 'rex@example.com' }).count(), 0);
	await context.close();

	const anon = await newPage(browser);
	await anon.page.goto(links[1]);
	assert.match(await anon.page.locator('h1').innerText(), /withdrawn/);
	await shoot(anon.page, 'invite-revoked');
	await anon.context.close();
});

test('a CSV upload with problems shows each line and reason; a good one the counts', async () => {
	const bad = join(tmp, 'bad.csv');
	await writeFile(bad, 'name,email,title,manager_email,languages\n' +
		'Dora,dora@example.com,Director,,nl:native\n' +
		',noname@example.com,a,,\n' +
		'Erik,erik@,Dev,dora@example.com,\n' +
		'Fien,fien@example.com,Controller,ghost@example.com,xx:native\n' +
		'Dora Twin,DORA@example.com,,,\n');
	const good = join(tmp, 'good.csv');
	await writeFile(good, 'name,email,title,department,manager_email,skills\n' +
		'Dora,dora@example.com,Director,Board,,Budgets\n' +
		'Erik,erik@example.com,Developer,IT,dora@example.com,C;SQL\n');
	const { context, page } = await newPage(browser);
	await signIn(page, server.url, ANN.email, PASSWORD);
	await page.goto(`${server.url}/admin/people#import`);
	await page.setInputFiles('#import-file', bad);
	await page.uncheck('input[name="dry_run"]');
	const submit = page.locator('form[action="/admin/people/import"] button[type="submit"]');
	await Promise.all([page.waitForLoadState('load'), submit.click()]);
	const rows = await page.locator('table.problems tbody tr').allInnerTexts();
	assert.ok(rows.length >= 5, rows.join('\n'));
	assert.ok(rows.some((r) => /^3\s/.test(r) && /name is missing/.test(r)), rows.join('\n'));
	assert.ok(rows.some((r) => /^4\s/.test(r) && /not valid/.test(r)), rows.join('\n'));
	assert.ok(rows.some((r) => /^5\s/.test(r) && /ghost@example\.com/.test(r)), rows.join('\n'));
	assert.ok(rows.some((r) => /^5\s/.test(r) && /xx/.test(r)), rows.join('\n'));
	assert.ok(rows.some((r) => /^6\s/.test(r) && /also on line 2/.test(r)), rows.join('\n'));
	assert.match(await page.locator('.import-result .alert').innerText(), /Nothing was imported/);
	await shoot(page, 'admin-import-errors');
	assertNoProblems(page, 'import with errors');

	await page.setInputFiles('#import-file', good);
	await page.check('input[name="dry_run"]');
	await Promise.all([page.waitForLoadState('load'), submit.click()]);
	assert.match(await page.locator('.import-result').innerText(), /Dry run: all 2 rows are fine/);
	await page.setInputFiles('#import-file', good);
	await page.uncheck('input[name="dry_run"]');
	await Promise.all([page.waitForLoadState('load'), submit.click()]);
	const result = await page.locator('.import-result').innerText();
	assert.match(result, /Imported 2 rows/);
	assert.match(result, /New\s*2/);
	await shoot(page, 'admin-import-done');
	assertNoProblems(page, 'import done');
	await context.close();
});

test('the busy note shows on submit (script)', async () => {
	const { context, page } = await newPage(browser);
	await signIn(page, server.url, ANN.email, PASSWORD);
	await page.goto(`${server.url}/admin/people`);
	const form = page.locator('form[action="/admin/people/import"]');
	// keep the form from leaving (a listener after plein's own), then look at its "working" state
	await page.evaluate(() => window.addEventListener('submit', (e) => e.preventDefault()));
	await page.setInputFiles('#import-file', { name: 'x.csv', mimeType: 'text/csv', buffer: Buffer.from('name,email\nA,a@example.com\n') });
	await form.locator('button[type="submit"]').click();
	await page.locator('[data-busy-note]').waitFor({ state: 'visible' });
	await page.waitForFunction(() => document.querySelector('form[action="/admin/people/import"] button[type="submit"]').disabled);
	await page.setViewportSize({ width: 390, height: 844 });
	await form.screenshot({ path: join(SCREENSHOTS, 'admin-import-busy-390.png') });
	await context.close();
});

test('members see no admin link and get 403', async () => {
	const { context, page } = await newPage(browser);
	await signIn(page, server.url, MO.email, PASSWORD);
	assert.equal(await page.locator('a.account-admin[href="/admin/people"]').count(), 0);
	const r = await page.goto(`${server.url}/admin/people`);
	assert.equal(r.status(), 403);
	await context.close();
});
