// Invitations by e-mail: with [mail] smtp_url set, each invitee gets one
// message (right To, a link under [mail] base_url that works once); the
// administrator never sees the link; an invitation revoked before the sender
// gets to it is not sent; an SMTP server that is down leaves "retrying" on
// the page and the server stops cleanly; after a restart the unsent ones say
// so and can be resent; with mail off the links are shown as before. The
// token stays out of the access log, the database and the audit log.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { useServer, PASSWORD, assertCleanExit } from './lib/server.mjs';
import { Client, parseForms, textOf, sleep } from './lib/http.mjs';
import { SmtpSink, decodeWords } from './lib/smtp.mjs';

const ANN = { email: 'ann@example.com', name: 'Ann Ådmin', role: 'admin' };
const BASE = 'https://plein.example.org';
const NEW_PASSWORD = 'a long new password for plein';

const sink = await new SmtpSink().start();
// a relay that offers STARTTLS (and then cannot do it): plein must ask
const tlsSink = await new SmtpSink({ offerStartTls: true }).start();
// a port nothing listens on: the mail server is "down"
const downPort = await new Promise((resolve) => {
	const s = net.createServer().listen(0, '127.0.0.1', () => {
		const { port } = s.address();
		s.close(() => resolve(port));
	});
});
after(() => sink.stop());
after(() => tlsSink.stop());

const mailConfig = (url) => ({ mail: { smtp_url: url, from: 'plein@example.org', base_url: BASE + '/' } });
const server = useServer({ users: [ANN], config: mailConfig(sink.url) });
const down = useServer({ users: [ANN], config: mailConfig(`smtp://127.0.0.1:${downPort}`) });
const off = useServer({ users: [ANN] });
const tls = useServer({ users: [ANN], config: mailConfig(tlsSink.url) });

async function admin(srv, headers = {}) {
	const c = new Client(srv.url, { headers });
	const s = await c.apiSignIn(ANN.email, PASSWORD);
	return { c, bearer: s.token };
}

async function invite(srv, emails, headers) {
	const { c, bearer } = await admin(srv, headers);
	const r = await c.post('/api/v1/invitations', { json: { emails }, bearer });
	assert.equal(r.status, 201, String(r));
	return r.json.items;
}

/** Poll the pending list until `pred(item)` holds for the invitation id. */
async function waitForInvitation(srv, id, pred, what) {
	const { c, bearer } = await admin(srv);
	let last;
	for (let i = 0; i < 400; i++) {
		const r = await c.get('/api/v1/invitations?limit=100', { bearer });
		assert.equal(r.status, 200, String(r));
		last = r.json.items.find((x) => x.id === id);
		if (last && pred(last)) return last;
		await sleep(50);
	}
	assert.fail(`invitation ${id}: ${what}; last seen ${JSON.stringify(last)}`);
}

const linkOf = (m) => m.body.match(/https:\/\/plein\.example\.org(\/invite\/[A-Za-z0-9_-]{43})\b/);
const messagesTo = (addr) => sink.messages.filter((m) => m.to.includes(addr));

async function secretsStored(srv) {
	let bytes = Buffer.alloc(0);
	for (const f of ['plein.db', 'plein.db-wal']) {
		try {
			bytes = Buffer.concat([bytes, await readFile(join(srv.dataDir, f))]);
		} catch { /* no WAL file */ }
	}
	return bytes;
}

describe('mail on', () => {
	test('each invitee gets one message with a link that works once', async () => {
		const items = await invite(server, ['nina@example.com', 'otto@example.com']);
		assert.equal(items.length, 2);
		for (const it of items) {
			assert.ok(!('url' in it) && !('path' in it), `the link is not handed to the administrator: ${JSON.stringify(it)}`);
			assert.ok(['email_queued', 'email_sent'].includes(it.delivery), it.delivery);
		}
		await waitForInvitation(server, items[0].id, (x) => x.delivery === 'email_sent', 'sent');
		await waitForInvitation(server, items[1].id, (x) => x.delivery === 'email_sent', 'sent');
		for (const addr of ['nina@example.com', 'otto@example.com']) {
			const ms = messagesTo(addr);
			assert.equal(ms.length, 1, `one message to ${addr}`);
			const m = ms[0];
			assert.deepEqual(m.to, [addr]);
			assert.equal(m.from, 'plein@example.org');
			assert.equal(m.headers.to, `<${addr}>`);
			assert.match(m.headers.from, /<plein@example\.org>$/);
			assert.equal(decodeWords(m.headers.subject), 'Your invitation to plein');
			assert.match(m.headers['content-type'], /^text\/plain; charset=utf-8$/i);
			assert.equal(m.headers['mime-version'], '1.0');
			assert.match(m.headers['message-id'], /^<[0-9a-f]{32}@example\.org>$/);
			assert.ok(!Number.isNaN(Date.parse(m.headers.date)), m.headers.date);
			assert.match(m.body, /Ann Ådmin invited you to join plein/, 'the inviter, in UTF-8');
			assert.match(m.body, /until \d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d UTC/, 'the expiry is stated');
			for (const line of m.rawBody.split('\r\n')) assert.ok(line.length <= 76, `line too long: ${line}`);
			assert.ok(linkOf(m), `a link under [mail] base_url in:\n${m.body}`);
		}
		// the link works once
		const path = linkOf(messagesTo('nina@example.com')[0])[1];
		const c = new Client(server.url);
		const page = await c.get(path);
		assert.equal(page.status, 200, String(page));
		const form = parseForms(page.text).find((f) => f.action === path);
		const r = await c.post(path, { form: { _csrf: form.values._csrf, name: 'Nina', password: NEW_PASSWORD, password_confirm: NEW_PASSWORD } });
		assert.equal(r.status, 303, String(r));
		assert.equal((await new Client(server.url).get(path)).status, 410, 'single use');
	});

	test('the page says the invitations went by e-mail, shows each delivery, and no link', async () => {
		const c = new Client(server.url);
		await c.signIn(ANN.email, PASSWORD);
		const r = await c.submit('/admin/people', { emails: 'pia@example.com', role: 'member' }, { action: '/admin/people/invite' });
		assert.equal(r.status, 200, String(r));
		const text = textOf(r.text);
		assert.match(text, /on its way by e-mail to 1 person/);
		assert.ok(!/\/invite\/[A-Za-z0-9_-]{43}/.test(r.text), 'no link on the page');
		assert.ok(!/pass on these links/.test(text));
		for (let i = 0; i < 300 && !messagesTo('pia@example.com').length; i++) await sleep(50);
		assert.equal(messagesTo('pia@example.com').length, 1, 'pia got her message');
		let hub;
		for (let i = 0; i < 300; i++) {
			hub = textOf((await c.get('/admin/people')).text);
			if (/pia@example\.com[^@]*E-mail sent/.test(hub)) break;
			await sleep(50);
		}
		assert.match(hub, /pia@example\.com[^@]*E-mail sent/);
	});

	test('Dutch administrators send the invitation in Dutch', async () => {
		await invite(server, ['jan@example.com'], { 'Accept-Language': 'nl' });
		for (let i = 0; i < 300 && !messagesTo('jan@example.com').length; i++) await sleep(50);
		const [m] = messagesTo('jan@example.com');
		assert.ok(m, 'jan got his message');
		assert.match(m.body, /uitgenodigd/);
		assert.match(m.body, /\d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december) \d{4}/);
	});

	test('an invitation revoked before the sender gets to it is not sent', async () => {
		sink.hold();   // the sender's next connection waits for its greeting
		try {
			const [a] = await invite(server, ['held@example.com']);
			for (let i = 0; i < 200 && sink.waiting === 0; i++) await sleep(25);
			assert.equal(sink.waiting, 1, 'the sender is busy with the first message');
			const [b] = await invite(server, ['revoked@example.com']);
			const { c, bearer } = await admin(server);
			assert.equal((await c.delete(`/api/v1/invitations/${b.id}`, { bearer })).status, 204);
			sink.release();
			await waitForInvitation(server, a.id, (x) => x.delivery === 'email_sent', 'sent after the release');
		} finally {
			sink.release();
		}
		// one more after it: the sender works in order, so the revoked one was judged by then
		const [z] = await invite(server, ['after@example.com']);
		await waitForInvitation(server, z.id, (x) => x.delivery === 'email_sent', 'sent');
		assert.equal(messagesTo('held@example.com').length, 1);
		assert.equal(messagesTo('revoked@example.com').length, 0, 'the revoked invitation was not sent');
	});

	test('the tokens are not in the access log, the database, the outbox or the audit log', async () => {
		const tokens = sink.messages.map((m) => linkOf(m)?.[1].slice('/invite/'.length)).filter(Boolean);
		assert.ok(tokens.length >= 4, `tokens seen: ${tokens.length}`);
		await server.waitForStderr(/path=\/invite\/\{token\}/);
		const stored = await secretsStored(server);
		for (const t of tokens) {
			assert.ok(!server.stderr.includes(t), 'a token reached the server log');
			assert.ok(!stored.includes(Buffer.from(t)), 'a token is stored in the database');
		}
	});
});

describe('mail server down', () => {
	test('the failure shows as retrying, the server stops cleanly, and after a restart the invitation can be resent', async () => {
		const [it] = await invite(down, ['dora@example.com']);
		assert.equal(it.delivery, 'email_queued');
		const seen = await waitForInvitation(down, it.id, (x) => x.delivery_error, 'a failed attempt');
		assert.equal(seen.delivery, 'email_queued', 'still to be retried');
		assert.ok(seen.delivery_attempts >= 1);
		const c = new Client(down.url);
		await c.signIn(ANN.email, PASSWORD);
		assert.match(textOf((await c.get('/admin/people')).text), /dora@example\.com[^@]*E-mail not sent yet, plein will try again/);

		assertCleanExit(await down.stop(), 'plein serve with a mail retry pending');
		await down.serve();
		const failed = await waitForInvitation(down, it.id, (x) => x.delivery === 'email_failed', 'failed after the restart');
		assert.equal(failed.delivery_error, 'plein restarted before sending; invite again');

		const again = new Client(down.url);
		await again.signIn(ANN.email, PASSWORD);
		const hub = await again.get('/admin/people');
		assert.match(textOf(hub.text), /E-mail not sent: plein restarted before sending; invite again/);
		const resend = parseForms(hub.text).find((f) => f.action === '/admin/people/invite' && f.values.emails === 'dora@example.com');
		assert.ok(resend, 'a Resend form for the address');
		const r = await again.post('/admin/people/invite', { form: resend.values });
		assert.equal(r.status, 200, String(r));
		const { c: api, bearer } = await admin(down);
		const list = (await api.get('/api/v1/invitations?limit=100', { bearer })).json.items.filter((x) => x.email === 'dora@example.com');
		assert.equal(list.length, 1, 'the new invitation replaced the old one');
		assert.notEqual(list[0].id, it.id);
		assert.equal(list[0].delivery, 'email_queued');
	});
});

describe('mail off', () => {
	test('links are shown once as before, with a hint about [mail]', async () => {
		const items = await invite(off, ['lina@example.com']);
		assert.equal(items[0].delivery, 'link_only');
		assert.match(items[0].url, /\/invite\/[A-Za-z0-9_-]{43}$/);
		const c = new Client(off.url);
		await c.signIn(ANN.email, PASSWORD);
		const r = await c.submit('/admin/people', { emails: 'lotte@example.com' }, { action: '/admin/people/invite' });
		assert.equal(r.status, 200, String(r));
		assert.match(textOf(r.text), /pass on these links/);
		assert.match(textOf(r.text), /smtp_url/);
		assert.match(r.text, /\/invite\/[A-Za-z0-9_-]{43}/);
	});
});

describe('mail without a login', () => {
	test('STARTTLS is asked for when the relay offers it; a relay that then refuses still gets the mail', async () => {
		await tls.ready;
		const [it] = await invite(tls, ['tess@example.com']);
		assert.ok(await tlsSink.waitFor(1), 'no message arrived at the relay');
		assert.ok(tlsSink.startTlsAsked >= 1, 'plein sent the invitation without asking for STARTTLS');
		assert.ok(tlsSink.messages[0].to.includes('tess@example.com'));
		assert.ok(linkOf(tlsSink.messages[0]), 'the message carries the link');
		await waitForInvitation(tls, it.id, (x) => x.delivery === 'email_sent', 'marked sent');
		// the plain sink offers no STARTTLS: its mail went through unencrypted, as before
		assert.equal(sink.startTlsAsked, 0);
	});
});
