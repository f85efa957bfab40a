// Group pages and meeting minutes end to end: the API (create, index,
// edit with base_revision and the 409 when someone saved meanwhile,
// versions, compare, restore, delete and who may) and the pages (index,
// new/edit forms incl. the conflict view that keeps the editor's text,
// history, compare markers, restore and delete confirmations). Throughout,
// a canary planted in closed and secret groups' pages must never reach
// non-members, guests, alumni or (for secret groups) administrators.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, PASSWORD } from './lib/server.mjs';
import { Client, assertApiError, RFC3339_UTC, parseForms, textOf } from './lib/http.mjs';

const USERS = {
	ada: { email: 'ada@example.com', name: 'Ada Admin', role: 'admin' },
	own: { email: 'own@example.com', name: 'Olga Owner' },
	mem: { email: 'mem@example.com', name: 'Meg Member' },
	out: { email: 'out@example.com', name: 'Otto Outsider' },
	gus: { email: 'gus@example.com', name: 'Gus Guest', role: 'guest' },
	alf: { email: 'alf@example.com', name: 'Alf Alumnus', role: 'alumni' },
};
const server = useServer({ users: Object.values(USERS) });

const CANARY_CLOSED = 'canary-closed-7f3a';
const CANARY_SECRET = 'canary-secret-91bd';

let c;
const tok = {};
const ids = {};
const web = {};
const g = {};
const p = {};
const as = (who) => ({
	get: (path) => c.get(path, { bearer: tok[who] }),
	post: (path, json) => c.post(path, json === undefined ? { bearer: tok[who] } : { bearer: tok[who], json }),
	patch: (path, json) => c.patch(path, { bearer: tok[who], json }),
	del: (path) => c.delete(path, { bearer: tok[who] }),
});

async function group(name, kind) {
	const r = await as('own').post('/api/v1/groups', { name, kind });
	assert.equal(r.status, 201, String(r));
	const add = await as('own').post(`/api/v1/groups/${r.json.id}/members`, { person_id: ids.mem });
	assert.equal(add.status, 201, String(add));
	return r.json.id;
}

async function page(who, gid, body) {
	const r = await as(who).post(`/api/v1/groups/${gid}/pages`, body);
	assert.equal(r.status, 201, String(r));
	return r.json;
}

before(async () => {
	await server.ready;
	c = new Client(server.url);
	for (const [k, u] of Object.entries(USERS)) {
		tok[k] = (await new Client(server.url).apiSignIn(u.email, PASSWORD)).token;
		ids[k] = (await c.get('/api/v1/me', { bearer: tok[k] })).json.id;
		web[k] = new Client(server.url);
		await web[k].signIn(u.email, PASSWORD);
	}
	g.open = await group('Cyclists', 'open');
	g.closed = await group('Modem testers', 'closed');
	g.secret = await group('Project Zeta', 'secret');
});

describe('the API', () => {
	test('members create pages and minutes; the shapes of the contract', async () => {
		const r = await as('own').post(`/api/v1/groups/${g.closed}/pages`,
			{ title: '  Test plan ', text: `# Plan\r\n\r\nStep one\r\nStep two ${CANARY_CLOSED}\r\n` });
		assert.equal(r.status, 201, String(r));
		const o = r.json;
		assert.deepEqual({ group_id: o.group_id, title: o.title, kind: o.kind, meeting_date: o.meeting_date,
			revision: o.revision, created_by: o.created_by, updated_by: o.updated_by },
		{ group_id: g.closed, title: 'Test plan', kind: 'page', meeting_date: null, revision: 1,
			created_by: { id: ids.own, name: 'Olga Owner' }, updated_by: { id: ids.own, name: 'Olga Owner' } });
		assert.equal(o.text, `# Plan\n\nStep one\nStep two ${CANARY_CLOSED}\n`, 'newlines stored as \\n');
		assert.match(o.html, /<h\d>Plan<\/h\d>/);
		assert.match(o.created_at, RFC3339_UTC);
		assert.equal(o.url, `/groups/${g.closed}/pages/${o.id}`);
		p.plan = o.id;
		const m = await page('mem', g.closed, { title: 'Kick-off', text: 'We met.', meeting_date: '2024-01-15' });
		assert.equal(m.kind, 'minutes');
		assert.equal(m.meeting_date, '2024-01-15');
		p.kickoff = m.id;
		p.review = (await page('mem', g.closed, { title: 'Review', text: 'r', meeting_date: '2024-03-01' })).id;
		p.alpha = (await page('mem', g.closed, { title: 'alpha notes', text: 'a' })).id;
		p.secret = (await page('own', g.secret, { title: 'Zeta plan', text: `merger ${CANARY_SECRET}` })).id;
		p.open = (await page('own', g.open, { title: 'Routes', text: 'Along the canal' })).id;
	});

	test('bad input is 422 with the field; non-members cannot write', async () => {
		const url = `/api/v1/groups/${g.closed}/pages`;
		assertApiError(await as('own').post(url, { text: 'x' }), 422, 'invalid', { field: 'title' });
		assertApiError(await as('own').post(url, { title: ' ', text: 'x' }), 422, 'invalid', { field: 'title' });
		assertApiError(await as('own').post(url, { title: 't'.repeat(121), text: 'x' }), 422, 'invalid', { field: 'title' });
		assertApiError(await as('own').post(url, { title: 'T', text: 'x'.repeat(50001) }), 422, 'invalid', { field: 'text' });
		assertApiError(await as('own').post(url, { title: 'T', text: 'x', meeting_date: '2023-02-29' }), 422, 'invalid',
			{ field: 'meeting_date' });
		assertApiError(await as('own').post(url, { title: 'T', text: 'x', meeting_date: '15-01-2024' }), 422, 'invalid',
			{ field: 'meeting_date' });
		assertApiError(await as('own').post(url, { title: 'T', text: 'x', colour: 'red' }), 422, 'invalid', { field: 'colour' });
		assertApiError(await as('own').post(url, { title: 7, text: 'x' }), 422, 'invalid', { field: 'title' });
		/* an open group: outsiders read along but do not write */
		assertApiError(await as('out').post(`/api/v1/groups/${g.open}/pages`, { title: 'T', text: 'x' }), 403, 'forbidden');
		assert.equal((await as('out').get(`/api/v1/groups/${g.open}/pages/${p.open}`)).status, 200);
		assertApiError(await as('out').patch(`/api/v1/groups/${g.open}/pages/${p.open}`, { base_revision: 1, text: 'y' }),
			403, 'forbidden');
		const anon = await c.get(`/api/v1/groups/${g.open}/pages`);
		assert.equal(anon.status, 401, String(anon));
	});

	test('the index: pages by title, minutes newest first, paging', async () => {
		const r = await as('mem').get(`/api/v1/groups/${g.closed}/pages`);
		assert.equal(r.status, 200, String(r));
		assert.deepEqual(r.json.items.map((x) => x.title), ['alpha notes', 'Test plan']);
		assert.equal(r.json.items[0].text, undefined, 'the index carries no texts');
		assert.equal(r.json.next_offset, null);
		const m = await as('mem').get(`/api/v1/groups/${g.closed}/pages?kind=minutes&limit=1`);
		assert.deepEqual(m.json.items.map((x) => x.meeting_date), ['2024-03-01']);
		assert.equal(m.json.next_offset, 1);
		const m2 = await as('mem').get(`/api/v1/groups/${g.closed}/pages?kind=minutes&limit=1&offset=1`);
		assert.deepEqual(m2.json.items.map((x) => x.meeting_date), ['2024-01-15']);
		assertApiError(await as('mem').get(`/api/v1/groups/${g.closed}/pages?kind=wiki`), 400, 'bad_request', { field: 'kind' });
		assertApiError(await as('mem').get(`/api/v1/groups/${g.closed}/pages?limit=0`), 400, 'bad_request', { field: 'limit' });
		assertApiError(await as('mem').get(`/api/v1/groups/${g.closed}/pages/999999`), 404, 'not_found');
		/* a page id of another group is not found through this group */
		assertApiError(await as('own').get(`/api/v1/groups/${g.open}/pages/${p.plan}`), 404, 'not_found');
	});

	test('PATCH needs base_revision; two editors from the same version: the second gets 409', async () => {
		const url = `/api/v1/groups/${g.closed}/pages/${p.plan}`;
		assertApiError(await as('mem').patch(url, { text: 'no base' }), 422, 'invalid', { field: 'base_revision' });
		assertApiError(await as('mem').patch(url, { base_revision: '1', text: 'x' }), 422, 'invalid', { field: 'base_revision' });
		const first = await as('mem').patch(url, { base_revision: 1, text: `# Plan\n\nStep one\nStep 2 by Meg ${CANARY_CLOSED}\n` });
		assert.equal(first.status, 200, String(first));
		assert.equal(first.json.revision, 2);
		assert.deepEqual(first.json.updated_by, { id: ids.mem, name: 'Meg Member' });
		const second = await as('own').patch(url, { base_revision: 1, title: 'Olga was here', text: 'overwrite?' });
		const e = assertApiError(second, 409, 'conflict', { field: 'base_revision' });
		assert.equal(e.current_revision, 2);
		const now = (await as('own').get(url)).json;
		assert.equal(now.title, 'Test plan');
		assert.match(now.text, /Step 2 by Meg/);
		/* from the current version it goes through */
		const third = await as('own').patch(url, { base_revision: 2, title: 'Test plan v3' });
		assert.equal(third.status, 200, String(third));
		assert.equal(third.json.revision, 3);
		assert.match(third.json.text, /Step 2 by Meg/, 'fields left out stay as they were');
		/* the same again: no new version */
		assert.equal((await as('own').patch(url, { base_revision: 3, title: 'Test plan v3' })).json.revision, 3);
	});

	test('versions, one version, compare and restore', async () => {
		const url = `/api/v1/groups/${g.closed}/pages/${p.plan}`;
		const r = await as('out').get(`${url}/revisions`);
		assertApiError(r, 403, 'forbidden');
		const list = (await as('mem').get(`${url}/revisions`)).json;
		assert.deepEqual(list.items.map((x) => [x.number, x.editor.name, x.title]),
			[[3, 'Olga Owner', 'Test plan v3'], [2, 'Meg Member', 'Test plan'], [1, 'Olga Owner', 'Test plan']]);
		assert.equal(typeof list.items[0].size, 'number');
		assert.equal(list.items[0].text, undefined);
		const one = (await as('mem').get(`${url}/revisions/1`)).json;
		assert.equal(one.text, `# Plan\n\nStep one\nStep two ${CANARY_CLOSED}\n`);
		assert.match(one.html, /Step one/);
		assertApiError(await as('mem').get(`${url}/revisions/9`), 404, 'not_found');
		const d = (await as('mem').get(`${url}/compare?from=1&to=2`)).json;
		assert.equal(d.added, 1);
		assert.equal(d.removed, 1);
		assert.deepEqual(d.lines.filter((l) => l.op !== 'same' && l.op !== 'hunk').map((l) => [l.op, l.text]),
			[['del', `Step two ${CANARY_CLOSED}`], ['add', `Step 2 by Meg ${CANARY_CLOSED}`]]);
		assert.equal(d.lines.find((l) => l.op === 'del').old_line, 4);
		assert.equal(d.lines.find((l) => l.op === 'add').new_line, 4);
		assert.equal(d.from.number, 1);
		assert.equal(d.from.text, undefined);
		assertApiError(await as('mem').get(`${url}/compare?from=1`), 400, 'bad_request', { field: 'to' });
		assertApiError(await as('mem').get(`${url}/compare?from=1&to=8`), 404, 'not_found');
		/* restore version 1: a new version 4; nothing lost */
		const rs = await as('mem').post(`${url}/revisions/1/restore`);
		assert.equal(rs.status, 200, String(rs));
		assert.equal(rs.json.revision, 4);
		assert.equal(rs.json.title, 'Test plan');
		assert.match(rs.json.text, /Step two/);
		assert.equal((await as('mem').get(`${url}/revisions`)).json.items.length, 4);
		assertApiError(await as('out').post(`${url}/revisions/1/restore`), 403, 'forbidden');
	});

	test('delete: the writer or the group managers; then gone', async () => {
		const own = `/api/v1/groups/${g.closed}/pages/${p.plan}`;
		assertApiError(await as('mem').del(own), 403, 'forbidden');
		const megs = `/api/v1/groups/${g.closed}/pages/${p.review}`;
		assert.equal((await as('own').del(megs)).status, 204, 'an owner deletes a member\'s page');
		assertApiError(await as('mem').get(megs), 404, 'not_found');
		assertApiError(await as('mem').get(`${megs}/revisions/1`), 404, 'not_found');
		assertApiError(await as('own').del(megs), 404, 'not_found');
		const alpha = `/api/v1/groups/${g.closed}/pages/${p.alpha}`;
		assert.equal((await as('mem').del(alpha)).status, 204, 'the writer deletes their own page');
	});
});

describe('private stays private', () => {
	const apiPaths = (gid, pid) => [
		`/api/v1/groups/${gid}/pages`, `/api/v1/groups/${gid}/pages?kind=minutes`, `/api/v1/groups/${gid}/pages/${pid}`,
		`/api/v1/groups/${gid}/pages/${pid}/revisions`, `/api/v1/groups/${gid}/pages/${pid}/revisions/1`,
		`/api/v1/groups/${gid}/pages/${pid}/compare?from=1&to=1`,
	];
	const webPaths = (gid, pid) => [
		`/groups/${gid}/pages`, `/groups/${gid}/pages/${pid}`, `/groups/${gid}/pages/${pid}/history`,
		`/groups/${gid}/pages/${pid}/revisions/1`, `/groups/${gid}/pages/${pid}/compare?from=1&to=1`,
		`/groups/${gid}/pages/${pid}/edit`, `/groups/${gid}/pages/new`, `/groups/${gid}/pages/${pid}/delete`,
		`/groups/${gid}/pages/${pid}/revisions/1/restore`,
	];

	test('closed group: outsiders get 403 and never the text; guests and alumni 404', async () => {
		for (const path of apiPaths(g.closed, p.plan)) {
			const r = await as('out').get(path);
			assertApiError(r, 403, 'forbidden');
			assert.ok(!r.text.includes(CANARY_CLOSED), path);
			for (const who of ['gus', 'alf']) {
				const x = await as(who).get(path);
				assertApiError(x, 404, 'not_found');
				assert.ok(!x.text.includes(CANARY_CLOSED) && !x.text.includes('Test plan'), `${who} ${path}`);
			}
		}
		for (const path of webPaths(g.closed, p.plan)) {
			const r = await web.out.get(path);
			assert.equal(r.status, 403, `${path}: ${r}`);
			assert.ok(!r.text.includes(CANARY_CLOSED) && !r.text.includes('Test plan'), path);
			for (const who of ['gus', 'alf']) {
				const x = await web[who].get(path);
				assert.equal(x.status, 404, `${who} ${path}: ${x}`);
				assert.ok(!x.text.includes(CANARY_CLOSED) && !x.text.includes('Modem testers'), `${who} ${path}`);
			}
		}
		/* writing is refused the same way */
		assertApiError(await as('out').post(`/api/v1/groups/${g.closed}/pages`, { title: 'x', text: 'y' }), 403, 'forbidden');
		assertApiError(await as('out').del(`/api/v1/groups/${g.closed}/pages/${p.plan}`), 403, 'forbidden');
	});

	test('secret group: 404 to everyone outside, administrators included', async () => {
		for (const who of ['out', 'ada', 'gus', 'alf']) {
			for (const path of apiPaths(g.secret, p.secret)) {
				const r = await as(who).get(path);
				assertApiError(r, 404, 'not_found');
				assert.ok(!r.text.includes(CANARY_SECRET) && !r.text.includes('Zeta'), `${who} ${path}`);
			}
			for (const path of webPaths(g.secret, p.secret)) {
				const r = await web[who].get(path);
				assert.equal(r.status, 404, `${who} ${path}: ${r}`);
				assert.ok(!r.text.includes(CANARY_SECRET) && !r.text.includes('Zeta'), `${who} ${path}`);
			}
			assertApiError(await as(who).patch(`/api/v1/groups/${g.secret}/pages/${p.secret}`, { base_revision: 1, text: 'x' }),
				404, 'not_found');
		}
		/* members read it */
		const r = await as('mem').get(`/api/v1/groups/${g.secret}/pages/${p.secret}`);
		assert.equal(r.status, 200);
		assert.ok(r.text.includes(CANARY_SECRET));
	});

	test('signed out: the API says 401, the pages send to sign-in', async () => {
		for (const path of apiPaths(g.closed, p.plan)) {
			const r = await c.get(path);
			assert.equal(r.status, 401, path);
			assert.ok(!r.text.includes(CANARY_CLOSED));
		}
		for (const path of webPaths(g.closed, p.plan)) {
			const r = await new Client(server.url).get(path);
			assert.ok([302, 303].includes(r.status), `${path}: ${r}`);
			assert.ok(!r.text.includes(CANARY_CLOSED));
		}
	});
});

describe('the pages', () => {
	let pageUrl;

	test('index: empty state and the two buttons for members; none for readers who are not members', async () => {
		const gid = await group('Empty group', 'open');
		const r = await web.mem.get(`/groups/${gid}/pages`);
		assert.equal(r.status, 200, String(r));
		assert.match(textOf(r.text), /No pages yet/);
		assert.match(r.text, new RegExp(`href="/groups/${gid}/pages/new"`));
		assert.match(r.text, new RegExp(`href="/groups/${gid}/pages/new\\?minutes=1"`));
		const o = await web.out.get(`/groups/${gid}/pages`);
		assert.equal(o.status, 200);
		assert.doesNotMatch(o.text, /pages\/new/);
		assert.equal((await web.out.get(`/groups/${gid}/pages/new`)).status, 403);
	});

	test('new minutes: the date is today; saving leads to the page', async () => {
		const form = parseForms((await web.mem.get(`/groups/${g.closed}/pages/new?minutes=1`)).text)
			.find((f) => f.action === `/groups/${g.closed}/pages/new`);
		assert.ok(form, 'the form posts to /new');
		assert.match(form.values.meeting_date, /^\d{4}-\d{2}-\d{2}$/);
		assert.equal(form.values.minutes, '1');
		const bad = await web.mem.submit(`/groups/${g.closed}/pages/new?minutes=1`,
			{ title: 'Weekly', body: 'Agenda', minutes: '1', meeting_date: '2024-02-30' });
		assert.equal(bad.status, 422);
		assert.match(textOf(bad.text), /YYYY-MM-DD/);
		assert.match(bad.text, /aria-invalid="true"/);
		const r = await web.mem.submit(`/groups/${g.closed}/pages/new?minutes=1`,
			{ title: 'Weekly', body: '- Anna: modem\n- Bram: report', minutes: '1', meeting_date: '2024-05-02' });
		assert.equal(r.status, 303, String(r));
		pageUrl = r.location;
		assert.match(pageUrl, new RegExp(`^/groups/${g.closed}/pages/\\d+$`));
		const v = await web.mem.get(pageUrl);
		assert.equal(v.status, 200);
		const t = textOf(v.text);
		assert.match(t, /Weekly/);
		assert.match(t, /2024-05-02/);
		assert.match(t, /Written by Meg Member/);
		assert.match(v.text, new RegExp(`href="${pageUrl}/edit"`));
		assert.match(v.text, new RegExp(`href="${pageUrl}/history"`));
		const idx = await web.out.get(`/groups/${g.open}/pages`);
		assert.match(textOf(idx.text), /Routes/);
	});

	test('edit conflict: the second editor sees the other version and keeps their text', async () => {
		const editUrl = `${pageUrl}/edit`;
		const a = parseForms((await web.mem.get(editUrl)).text).find((f) => f.action === editUrl);
		const b = parseForms((await web.own.get(editUrl)).text).find((f) => f.action === editUrl);
		assert.equal(a.values.base_revision, '1');
		const r1 = await web.mem.post(editUrl, { form: { ...a.values, body: '- Anna: modem OK\n- Bram: report' } });
		assert.equal(r1.status, 303, String(r1));
		const r2 = await web.own.post(editUrl, { form: { ...b.values, body: 'Olga\'s own summary' } });
		assert.equal(r2.status, 409, String(r2));
		const t = textOf(r2.text);
		assert.match(t, /Someone else saved/);
		assert.match(t, /Anna: modem OK/, 'the other person\'s version is shown');
		const kept = parseForms(r2.text).find((f) => f.action === editUrl);
		assert.equal(kept.values.body, 'Olga\'s own summary', 'the editor\'s text is kept');
		assert.equal(kept.values.base_revision, '2', 'the form now builds on the saved version');
		assert.match(r2.text, /class="gp-diff-add"/);
		/* saving again from there works */
		const r3 = await web.own.post(editUrl, { form: { ...kept.values, _csrf: b.values._csrf } });
		assert.equal(r3.status, 303, String(r3));
		const v = textOf((await web.own.get(pageUrl)).text);
		assert.match(v, /Olga's own summary/);
		assert.match(v, /Version 3, edited by Olga Owner/);
		/* no base revision: refused, nothing written */
		assert.equal((await web.own.post(editUrl, { form: { title: 'x', body: 'y', _csrf: b.values._csrf } })).status, 400);
	});

	test('history, compare with markers, one version, restore and delete after confirmations', async () => {
		const h = await web.mem.get(`${pageUrl}/history`);
		assert.equal(h.status, 200);
		const form = parseForms(h.text).find((f) => f.action === `${pageUrl}/compare`);
		assert.deepEqual([form.values.from, form.values.to], ['2', '3'], 'the last change is preselected');
		const cmp = await web.mem.get(`${pageUrl}/compare?from=3&to=1`);
		assert.equal(cmp.status, 200, String(cmp));
		assert.match(cmp.text, /class="gp-diff-del"><span class="gp-diff-mark" aria-hidden="true">−<\/span><span class="visually-hidden">Removed: <\/span>/);
		assert.match(cmp.text, /class="gp-diff-add"><span class="gp-diff-mark" aria-hidden="true">\+<\/span><span class="visually-hidden">Added: <\/span>/);
		assert.match(textOf(cmp.text), /Version 1 \(Meg Member\) → Version 3 \(Olga Owner\)/);
		assert.equal((await web.mem.get(`${pageUrl}/compare?from=1`)).status, 400);
		const v1 = await web.mem.get(`${pageUrl}/revisions/1`);
		assert.match(textOf(v1.text), /earlier version/);
		assert.match(textOf(v1.text), /Anna: modem/);
		assert.match(v1.text, new RegExp(`href="${pageUrl}/revisions/1/restore"`));
		const restore = await web.mem.submit(`${pageUrl}/revisions/1/restore`, {});
		assert.equal(restore.status, 303, String(restore));
		const now = textOf((await web.mem.get(pageUrl)).text);
		assert.match(now, /Version 4/);
		assert.match(now, /Anna: modem/);
		assert.doesNotMatch(now, /Olga's own summary/);
		/* delete: Meg wrote it */
		const del = await web.mem.submit(`${pageUrl}/delete`, {});
		assert.equal(del.status, 303, String(del));
		assert.equal(del.location, `/groups/${g.closed}/pages`);
		assert.equal((await web.mem.get(pageUrl)).status, 404);
		assert.equal((await web.out.get(`/groups/${g.open}/pages/${p.open}/delete`)).status, 403);
	});

	test('in Dutch', async () => {
		const nl = new Client(server.url, { headers: { 'Accept-Language': 'nl' } });
		await nl.signIn(USERS.mem.email, PASSWORD);
		const r = await nl.get(`/groups/${g.closed}/pages`);
		assert.equal(r.status, 200);
		assert.match(textOf(r.text), /Pagina's en notulen/);
		assert.match(textOf(r.text), /Nieuwe notulen/);
		const bad = await nl.submit(`/groups/${g.closed}/pages/new`, { title: ' ', body: 'x' });
		assert.equal(bad.status, 422);
		assert.match(textOf(bad.text), /Geef de pagina een titel/);
	});
});
