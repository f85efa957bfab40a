// /settings: changing the password (which ends every other session), ending
// one session or all others, and that nobody can end someone else's session.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, PASSWORD } from './lib/server.mjs';
import { Client, parseForms, textOf, assertApiError } from './lib/http.mjs';

const ANN = { email: 'ann@example.com', name: 'Ann Admin', role: 'admin' };
const MO = { email: 'mo@example.com', name: 'Mo Member' };
const LIV = { email: 'liv@example.com', name: 'Liv Lid' };
const server = useServer({ users: [ANN, MO, LIV] });

const apiSignIn = (email, password) => new Client(server.url).apiSignIn(email, password);
const alive = async (tok) => (await new Client(server.url).get('/api/v1/me', { bearer: tok })).status === 200;
const sessionsOf = async (tok) => (await new Client(server.url).get('/api/v1/sessions', { bearer: tok })).json.items;

describe('GET /settings', () => {
	test('shows language, password and sessions forms', async () => {
		const c = new Client(server.url);
		await c.signIn(LIV.email, PASSWORD);
		await apiSignIn(LIV.email, PASSWORD); // another session, so that there are others to end
		const r = await c.get('/settings');
		assert.equal(r.status, 200, String(r));
		const forms = parseForms(r.text);
		const lang = forms.find((f) => f.action === '/settings/language');
		assert.ok(lang, 'a form posting to /settings/language');
		assert.ok(lang.fields.includes('language'));
		const pw = forms.find((f) => f.action === '/settings/password');
		assert.ok(pw, 'a form posting to /settings/password');
		for (const k of ['current_password', 'new_password', 'new_password_confirm', '_csrf']) assert.ok(pw.fields.includes(k), `field ${k}`);
		assert.ok(forms.some((f) => f.action === '/settings/sessions/end-others'), 'an "end other sessions" form');
	});

	test('lists your sessions with a form to end each other one', async () => {
		const c = new Client(server.url);
		await c.signIn(LIV.email, PASSWORD);
		const other = await apiSignIn(LIV.email, PASSWORD);
		const ids = (await sessionsOf(other.token)).map((s) => s.id);
		const r = await c.get('/settings');
		const ends = parseForms(r.text).map((f) => f.action.match(/^\/settings\/sessions\/(\d+)\/end$/)).filter(Boolean).map((m) => Number(m[1]));
		assert.ok(ends.length >= 1, 'forms to end sessions');
		for (const id of ends) assert.ok(ids.includes(id), `an end form for session ${id} that is not Liv's`);
	});
});

describe('ending sessions', () => {
	test('POST /settings/sessions/{id}/end ends that session', async () => {
		const c = new Client(server.url);
		await c.signIn(MO.email, PASSWORD);
		const other = await apiSignIn(MO.email, PASSWORD);
		const otherId = (await sessionsOf(other.token)).find((s) => s.current).id;
		const r = await c.postForm(`/settings/sessions/${otherId}/end`, {});
		assert.equal(r.status, 303, String(r));
		assert.equal(await alive(other.token), false, 'the ended session no longer works');
		assert.equal((await c.get('/settings')).status, 200, 'this session goes on');
	});

	test('ending needs the _csrf', async () => {
		const c = new Client(server.url);
		await c.signIn(MO.email, PASSWORD);
		const other = await apiSignIn(MO.email, PASSWORD);
		const otherId = (await sessionsOf(other.token)).find((s) => s.current).id;
		const r = await c.post(`/settings/sessions/${otherId}/end`, { form: {} });
		assert.equal(r.status, 403);
		assert.equal(await alive(other.token), true);
		const r2 = await c.post('/settings/sessions/end-others', { form: { _csrf: 'forged' } });
		assert.equal(r2.status, 403);
		assert.equal(await alive(other.token), true);
	});

	test("someone else's session cannot be ended (404), it keeps working", async () => {
		const victim = await apiSignIn(LIV.email, PASSWORD);
		const victimId = (await sessionsOf(victim.token)).find((s) => s.current).id;
		const c = new Client(server.url);
		await c.signIn(MO.email, PASSWORD);
		const r = await c.postForm(`/settings/sessions/${victimId}/end`, {});
		assert.ok(r.status === 404 || r.status === 403, `ending Liv's session as Mo: ${r.status}`);
		assert.equal(await alive(victim.token), true, "Liv's session survived");
		const bogus = await c.postForm('/settings/sessions/999999/end', {});
		assert.equal(bogus.status, 404);
	});

	test('an admin cannot end a member\'s session from their own settings either', async () => {
		const victim = await apiSignIn(LIV.email, PASSWORD);
		const victimId = (await sessionsOf(victim.token)).find((s) => s.current).id;
		const c = new Client(server.url);
		await c.signIn(ANN.email, PASSWORD);
		const r = await c.postForm(`/settings/sessions/${victimId}/end`, {});
		assert.ok(r.status === 404 || r.status === 403, String(r.status));
		assert.equal(await alive(victim.token), true);
	});

	test('POST /settings/sessions/end-others ends all your other sessions only', async () => {
		const c = new Client(server.url);
		await c.signIn(MO.email, PASSWORD);
		const a = await apiSignIn(MO.email, PASSWORD);
		const b = await apiSignIn(MO.email, PASSWORD);
		const liv = await apiSignIn(LIV.email, PASSWORD);
		const r = await c.postForm('/settings/sessions/end-others', {});
		assert.equal(r.status, 303, String(r));
		assert.equal(await alive(a.token), false);
		assert.equal(await alive(b.token), false);
		assert.equal(await alive(liv.token), true, "someone else's sessions are untouched");
		const me = await c.get('/api/v1/me');
		assert.equal(me.status, 200, 'the current session goes on');
		const list = await c.get('/api/v1/sessions');
		assert.equal(list.json.items.length, 1, 'only the current session is left');
		assert.ok(list.json.items[0].current);
	});
});

describe('changing the password', () => {
	const NEW = 'a much newer password 42';
	const form = (cur, np, conf = np) => ({ current_password: cur, new_password: np, new_password_confirm: conf });

	test('a wrong current password is refused', async () => {
		const c = new Client(server.url);
		await c.signIn(LIV.email, PASSWORD);
		const r = await c.submit('/settings', form('not my password!', NEW), { action: '/settings/password' });
		assert.ok([400, 401, 403, 422].includes(r.status), `wrong current password: ${r.status}`);
		assert.ok(!r.text.includes(NEW), 'the new password is not echoed');
		await apiSignIn(LIV.email, PASSWORD); // unchanged
	});

	test('a mismatched confirmation or a short password → 422', async () => {
		const c = new Client(server.url);
		await c.signIn(LIV.email, PASSWORD);
		for (const f of [form(PASSWORD, NEW, NEW + '!'), form(PASSWORD, 'elevenchars'), form(PASSWORD, '')]) {
			const r = await c.submit('/settings', f, { action: '/settings/password' });
			assert.equal(r.status, 422, `${JSON.stringify(f).slice(0, 80)}: ${r.status}`);
			assert.ok(parseForms(r.text).some((x) => x.action === '/settings/password'), 'the form is shown again');
			assert.ok(textOf(r.text).length > 0);
		}
		await apiSignIn(LIV.email, PASSWORD); // unchanged
	});

	test('needs the _csrf', async () => {
		const c = new Client(server.url);
		await c.signIn(LIV.email, PASSWORD);
		const r = await c.post('/settings/password', { form: form(PASSWORD, NEW) });
		assert.equal(r.status, 403);
		await apiSignIn(LIV.email, PASSWORD); // unchanged
	});

	test('success: the new password works, the old does not, every other session ends', async () => {
		const c = new Client(server.url);
		await c.signIn(LIV.email, PASSWORD);
		const other = await apiSignIn(LIV.email, PASSWORD);
		const web2 = new Client(server.url);
		await web2.signIn(LIV.email, PASSWORD);
		const mo = await apiSignIn(MO.email, PASSWORD);

		const r = await c.submit('/settings', form(PASSWORD, NEW), { action: '/settings/password' });
		assert.ok(r.status === 303 || r.status === 200, `password change: ${r}`);
		assert.ok(!r.text.includes(NEW), 'the new password is not echoed');

		assert.equal(await alive(other.token), false, 'the API session ended');
		assert.equal((await web2.get('/api/v1/me')).status, 401, 'the other browser session ended');
		assert.equal((await c.get('/api/v1/me')).status, 200, 'the current session goes on');
		assert.equal(await alive(mo.token), true, "other people's sessions are untouched");

		const old = await new Client(server.url).post('/api/v1/session', { json: { email: LIV.email, password: PASSWORD } });
		assertApiError(old, 401, 'invalid_credentials');
		await apiSignIn(LIV.email, NEW);
	});

	test('a 128-character password is allowed', async () => {
		const c = new Client(server.url);
		await c.signIn(LIV.email, NEW);
		const long = 'Ab3$'.repeat(32);
		assert.equal(long.length, 128);
		const r = await c.submit('/settings', form(NEW, long), { action: '/settings/password' });
		assert.ok(r.status === 303 || r.status === 200, `128 characters: ${r.status}`);
		await apiSignIn(LIV.email, long);
		const back = await c.submit('/settings', form(long, 'ünïcødé pässwörd ✓'), { action: '/settings/password' });
		assert.ok(back.status === 303 || back.status === 200, `a non-ASCII password: ${back.status}`);
		await apiSignIn(LIV.email, 'ünïcødé pässwörd ✓');
	});
});

describe('privacy of sessions', () => {
	test("another person's session details never show up in your answers", async () => {
		const canary = `canary-ua-${Math.random().toString(36).slice(2)}`;
		const ann = await new Client(server.url).apiSignIn(ANN.email, PASSWORD, { headers: { 'User-Agent': canary } });
		const annId = ann.person.id;
		const c = new Client(server.url);
		await c.signIn(MO.email, PASSWORD);
		const moApi = await apiSignIn(MO.email, PASSWORD);
		const answers = [
			await c.get('/settings'), await c.get('/'), await c.get('/people'), await c.get(`/people/${annId}`),
			await c.get('/api/v1/sessions'), await c.get('/api/v1/me'), await c.get(`/api/v1/people/${annId}`),
			await c.get('/api/v1/people?limit=100'), await c.get('/api/v1/sessions', { bearer: moApi.token }),
		];
		for (const r of answers) {
			assert.ok(!r.text.includes(canary), `${r.url} shows Ann's session (user agent)`);
			assert.ok(!r.text.includes(ann.token), `${r.url} shows Ann's token`);
			assert.ok(!r.text.includes(ann.csrf_token), `${r.url} shows Ann's CSRF token`);
		}
		const own = await new Client(server.url).get('/api/v1/sessions', { bearer: ann.token });
		assert.ok(own.text.includes(canary), 'Ann sees her own session');
	});
});
