// In the browser, with mail on: an administrator invites two people on
// /admin/people, the page says the invitations are on their way by e-mail
// (no links shown), and after a reload each pending invitation says
// "E-mail sent"; against a mail server that is down, the list says plein
// will try again, with the reason. Screenshots at 390 and 1280 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { useServer, PASSWORD } from '../e2e/lib/server.mjs';
import { launch, newPage, shoot, assertNoProblems, signIn } from '../e2e/lib/browser.mjs';
import { SmtpSink } from '../e2e/lib/smtp.mjs';

const ANN = { email: 'ann@example.com', name: 'Ann Admin', role: 'admin' };
const sink = await new SmtpSink().start();
const downPort = await new Promise((resolve) => {
	const s = net.createServer().listen(0, '127.0.0.1', () => {
		const { port } = s.address();
		s.close(() => resolve(port));
	});
});
const mail = (url) => ({ mail: { smtp_url: url, from: 'plein@example.org' } });
const server = useServer({ users: [ANN], config: mail(sink.url) });
const down = useServer({ users: [ANN], config: mail(`smtp://127.0.0.1:${downPort}`) });
let browser;

before(async () => { browser = await launch(); });
after(async () => {
	await browser?.close();
	await sink.stop();
});

async function inviteOnPage(page, srv, emails) {
	await signIn(page, srv.url, ANN.email, PASSWORD);
	await page.goto(`${srv.url}/admin/people`);
	await page.fill('#invite-emails', emails);
	await Promise.all([page.waitForLoadState('load'), page.click('form[action="/admin/people/invite"] button[type="submit"]')]);
}

/* GET the page again (a reload would post the invitation form again) */
async function reloadUntil(page, srv, selector, what) {
	for (let i = 0; i < 200; i++) {
		if (await page.locator(selector).count()) return;
		await new Promise((r) => setTimeout(r, 50));
		await page.goto(`${srv.url}/admin/people`);
	}
	assert.fail(`never saw ${what}`);
}

test('invitations go by e-mail and each shows its delivery', async () => {
	await server.ready;
	const { context, page } = await newPage(browser);
	await inviteOnPage(page, server, 'pia@example.com\nrex@example.com');
	assert.match(await page.locator('.mail-sent').innerText(), /on their way by e-mail to 2 people/);
	assert.equal(await page.locator('.invite-link').count(), 0, 'no links shown');
	await reloadUntil(page, server, '.invitation:has-text("rex@example.com") .mail-status-ok', 'rex sent');
	await reloadUntil(page, server, '.invitation:has-text("pia@example.com") .mail-status-ok', 'pia sent');
	assert.equal(sink.messages.length, 2);
	await shoot(page, 'admin-people-mail-sent');
	assertNoProblems(page, '/admin/people with mail');
	await context.close();
});

test('a mail server that is down: plein will try again, and says why', async () => {
	await down.ready;
	const { context, page } = await newPage(browser);
	await inviteOnPage(page, down, 'dora@example.com');
	await reloadUntil(page, down, '.mail-status-warn', 'a retry');
	assert.match(await page.locator('.mail-status-warn').innerText(), /plein will try again/);
	await shoot(page, 'admin-people-mail-retrying');
	assertNoProblems(page, '/admin/people with mail down');
	await context.close();
});
