// Group files end to end: uploading through the API (raw body, ?name=) and
// the Files tab (multipart form without JavaScript) under the upload rules
// (415 for markup, 413 over 10 MB, 400 empty); the list newest first with
// its cursor; deleting (uploader, owners, moderators; others 403, with a
// confirmation page on the web); and the privacy boundary of
// /files/{id}/{name}: every file carries a canary and is fetched by
// members, guests, alumni, outsiders, admins and the signed out of open,
// closed and secret groups, after a group turns secret, after a file or a
// group is deleted — the canary only ever reaches those who may read it.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { useServer, PASSWORD } from './lib/server.mjs';
import { Client, assertApiError, RFC3339_UTC, parseForms, textOf } from './lib/http.mjs';
import { SVG } from './lib/images.mjs';
import { rawRequest, buildRequest, rawJson } from './lib/raw.mjs';

const USERS = {
	ada: { email: 'ada@example.com', name: 'Ada Admin', role: 'admin' },
	own: { email: 'own@example.com', name: 'Olga Owner' },
	mod: { email: 'mod@example.com', name: 'Mo Moderator' },
	mem: { email: 'mem@example.com', name: 'Meg Member' },
	out: { email: 'out@example.com', name: 'Otto Outsider' },
	gus: { email: 'gus@example.com', name: 'Gus Guest', role: 'guest' },
	gil: { email: 'gil@example.com', name: 'Gil Guest', role: 'guest' },  // a guest of no group here
	alf: { email: 'alf@example.com', name: 'Alf Alumnus', role: 'alumni' },
};
const server = useServer({ users: Object.values(USERS) });
const MB = 1024 * 1024;

let c;
const tok = {};
const ids = {};
const web = {};
const g = {};

const as = (who) => ({
	get: (path) => c.get(path, { bearer: tok[who] }),
	post: (path, json) => c.post(path, json === undefined ? { bearer: tok[who] } : { bearer: tok[who], json }),
	patch: (path, json) => c.patch(path, { bearer: tok[who], json }),
	del: (path) => c.delete(path, { bearer: tok[who] }),
});

function sql(text) {
	return execFileSync('sqlite3', ['-cmd', '.timeout 5000', join(server.dataDir, 'plein.db'), text],
		{ encoding: 'utf8' }).trim();
}

function pdf(canary) {
	return Buffer.from(`%PDF-1.7\n% ${canary}\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`);
}

function upload(who, gid, buf, name) {
	const q = name ? `?name=${encodeURIComponent(name)}` : '';
	return c.post(`/api/v1/groups/${gid}/files${q}`, {
		bearer: tok[who], body: buf, headers: { 'Content-Type': 'application/octet-stream' },
	});
}

async function uploaded(who, gid, buf, name) {
	const r = await upload(who, gid, buf, name);
	assert.equal(r.status, 201, String(r));
	return r.json;
}

async function addMember(gid, who, role) {
	const body = { person_id: ids[who] };
	if (role) body.role = role;
	const r = await as('own').post(`/api/v1/groups/${gid}/members`, body);
	if (r.status !== 201 && r.status !== 200) {
		// guests cannot be added directly by every version of the groups API: put the row in underneath
		sql(`INSERT OR IGNORE INTO group_members(group_id, person_id, role, joined_at) VALUES (${gid}, ${ids[who]}, '${role || 'member'}', 1)`);
	}
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
	web.anon = new Client(server.url);
	for (const kind of ['open', 'closed', 'secret']) {
		const r = await as('own').post('/api/v1/groups', { name: `Files ${kind}`, kind });
		assert.equal(r.status, 201, String(r));
		g[kind] = r.json.id;
		await addMember(g[kind], 'mem');
		await addMember(g[kind], 'gus');
		await addMember(g[kind], 'mod', 'moderator');
	}
});

describe('uploading', () => {
	test('a member uploads a PDF: 201 with the group, the uploader, a url and can_delete', async () => {
		const r = await upload('mem', g.closed, pdf('first'), 'C:\\fakepath\\Agenda.html');
		assert.equal(r.status, 201, String(r));
		const f = r.json;
		assert.equal(f.name, 'Agenda.pdf');
		assert.equal(f.mime, 'application/pdf');
		assert.equal(f.group_id, g.closed);
		assert.deepEqual(f.owner, { id: ids.mem, name: USERS.mem.name });
		assert.match(f.created_at, RFC3339_UTC);
		assert.equal(f.can_delete, true);
		assert.equal(f.url, `/files/${f.id}/Agenda.pdf`);
		const got = await web.mem.get(f.url);
		assert.equal(got.status, 200);
		assert.equal(got.contentType, 'application/pdf');
		assert.match(got.headers.get('content-disposition'), /^attachment/);
		assert.equal(got.headers.get('content-security-policy'), 'sandbox');
	});

	test('the upload rules hold: markup 415, empty 400, over 10 MB 413, each with a message', async () => {
		assertApiError(await upload('mem', g.open, Buffer.from(SVG), 'x.svg'), 415, 'unsupported_media_type', { field: 'file' });
		assertApiError(await upload('mem', g.open, Buffer.from('<!DOCTYPE html><script>alert(1)</script>'), 'x.txt'),
			415, 'unsupported_media_type');
		assertApiError(await upload('mem', g.open, Buffer.alloc(0), 'empty.txt'), 400, 'invalid');
		// over 10 MB: refused by its declared length before the body is read (only its start is sent)
		const port = Number(new URL(server.url).port);
		const big = await rawRequest(port, buildRequest('POST', `/api/v1/groups/${g.open}/files?name=big.txt`, {
			headers: { Authorization: `Bearer ${tok.mem}`, 'Content-Length': String(10 * MB + 1) },
			body: Buffer.alloc(65536, 0x41) }), { closeWait: 200 });
		assert.equal(big.status, 413);
		assert.ok(rawJson(big)?.error?.message?.length > 10, 'a message for people');
		// just under the limit in size but refused for its type: the rules are the attachments' own
		const html = await upload('mem', g.open, Buffer.from('<html><body>hi</body></html>'), 'page.html');
		assert.equal(html.status, 415);
	});

	test('only members add files: outsiders 403 (open, closed), 404 for a secret group; guests of the group may', async () => {
		assertApiError(await upload('out', g.open, pdf('x'), 'a.pdf'), 403, 'forbidden');
		assertApiError(await upload('out', g.closed, pdf('x'), 'a.pdf'), 403, 'forbidden');
		assertApiError(await upload('out', g.secret, pdf('x'), 'a.pdf'), 404, 'not_found');
		assertApiError(await upload('ada', g.closed, pdf('x'), 'a.pdf'), 403, 'forbidden');
		assertApiError(await upload('ada', g.secret, pdf('x'), 'a.pdf'), 404, 'not_found');
		assertApiError(await upload('alf', g.open, pdf('x'), 'a.pdf'), 404, 'not_found');
		assertApiError(await upload('gil', g.open, pdf('x'), 'a.pdf'), 404, 'not_found');
		assertApiError(await upload('mem', 999999, pdf('x'), 'a.pdf'), 404, 'not_found');
		assertApiError(await c.post(`/api/v1/groups/${g.open}/files`, { body: pdf('x') }), 401, 'unauthenticated');
		const guest = await uploaded('gus', g.secret, pdf('guest upload'), 'guest.pdf');
		assert.equal(guest.owner.id, ids.gus);
		// none of the refused uploads is left waiting as someone's pending file
		assert.equal(sql(`SELECT count(*) FROM attachments WHERE owner_id IN (${ids.out}, ${ids.ada}) `
			+ 'AND post_id IS NULL AND comment_id IS NULL AND group_id IS NULL'), '0');
	});
});

describe('listing', () => {
	test('newest first with the uploader, paged by cursor', async () => {
		const gid = (await as('own').post('/api/v1/groups', { name: 'Paging files', kind: 'open' })).json.id;
		const made = [];
		for (let i = 0; i < 5; i++) made.push((await uploaded('own', gid, pdf(`page ${i}`), `file${i}.pdf`)).id);
		let r = await as('out').get(`/api/v1/groups/${gid}/files?limit=2`);
		assert.equal(r.status, 200, String(r));
		assert.deepEqual(r.json.items.map((f) => f.id), [made[4], made[3]]);
		assert.equal(r.json.items[0].owner.name, USERS.own.name);
		assert.equal(r.json.items[0].can_delete, false);  // a reader, not the uploader or a manager
		assert.equal(typeof r.json.next_cursor, 'string');
		r = await as('out').get(`/api/v1/groups/${gid}/files?limit=2&cursor=${r.json.next_cursor}`);
		assert.deepEqual(r.json.items.map((f) => f.id), [made[2], made[1]]);
		r = await as('out').get(`/api/v1/groups/${gid}/files?limit=2&cursor=${r.json.next_cursor}`);
		assert.deepEqual(r.json.items.map((f) => f.id), [made[0]]);
		assert.equal(r.json.next_cursor, null);
		assertApiError(await as('out').get(`/api/v1/groups/${gid}/files?cursor=abc`), 400, 'invalid', { field: 'cursor' });
		assertApiError(await as('out').get(`/api/v1/groups/${gid}/files?limit=500`), 400, 'invalid', { field: 'limit' });
	});

	test('who may list: readers of the group only', async () => {
		assert.equal((await as('mem').get(`/api/v1/groups/${g.closed}/files`)).status, 200);
		assert.equal((await as('gus').get(`/api/v1/groups/${g.secret}/files`)).status, 200);
		assert.equal((await as('out').get(`/api/v1/groups/${g.open}/files`)).status, 200);
		assertApiError(await as('out').get(`/api/v1/groups/${g.closed}/files`), 403, 'forbidden');
		assertApiError(await as('ada').get(`/api/v1/groups/${g.closed}/files`), 403, 'forbidden');
		assertApiError(await as('out').get(`/api/v1/groups/${g.secret}/files`), 404, 'not_found');
		assertApiError(await as('ada').get(`/api/v1/groups/${g.secret}/files`), 404, 'not_found');
		assertApiError(await as('alf').get(`/api/v1/groups/${g.open}/files`), 404, 'not_found');
		assertApiError(await as('gil').get(`/api/v1/groups/${g.open}/files`), 404, 'not_found');
		assertApiError(await c.get(`/api/v1/groups/${g.open}/files`), 401, 'unauthenticated');
	});
});

describe('who may download (/files/{id}/{name})', () => {
	const canaries = {};
	const files = {};
	before(async () => {
		for (const kind of ['open', 'closed', 'secret']) {
			canaries[kind] = `CANARY-gfile-${kind}-${Math.random().toString(36).slice(2)}`;
			files[kind] = await uploaded('mem', g[kind], pdf(canaries[kind]), `${kind}.pdf`);
		}
	});

	async function fetchAs(who, f) {
		const r = await web[who].get(f.url);
		return r;
	}

	async function expectSees(who, kind, yes) {
		const r = await fetchAs(who, files[kind]);
		if (yes) {
			assert.equal(r.status, 200, `${who} should fetch the ${kind} group's file: ${r}`);
			assert.ok(r.text.includes(canaries[kind]));
		} else {
			assert.ok(r.status === 404 || (who === 'anon' && r.status === 303), `${who} must not fetch the ${kind} group's file: ${r}`);
			assert.ok(!r.text.includes(canaries[kind]), `${who} got the ${kind} canary`);
		}
	}

	test('open: members, guests of the group and colleagues; not alumni, other guests or the signed out', async () => {
		for (const who of ['mem', 'own', 'mod', 'gus', 'out', 'ada']) await expectSees(who, 'open', true);
		for (const who of ['alf', 'gil', 'anon']) await expectSees(who, 'open', false);
		const anon = await fetchAs('anon', files.open);
		assert.equal(anon.status, 303);
		assert.match(anon.location, /^\/signin\?next=/);
	});

	test('closed and secret: members only (guests of the group too); not colleagues or admins', async () => {
		for (const kind of ['closed', 'secret']) {
			for (const who of ['mem', 'own', 'mod', 'gus']) await expectSees(who, kind, true);
			for (const who of ['out', 'ada', 'alf', 'gil', 'anon']) await expectSees(who, kind, false);
		}
	});

	test('the group turns secret: colleagues lose its files at once', async () => {
		const gid = (await as('own').post('/api/v1/groups', { name: 'Turning secret', kind: 'open' })).json.id;
		const canary = `CANARY-turning-${Math.random().toString(36).slice(2)}`;
		const f = await uploaded('own', gid, pdf(canary), 'plan.pdf');
		assert.equal((await web.out.get(f.url)).status, 200);
		const r = await as('own').patch(`/api/v1/groups/${gid}`, { kind: 'secret' });
		assert.equal(r.status, 200, String(r));
		const after = await web.out.get(f.url);
		assert.equal(after.status, 404);
		assert.ok(!after.text.includes(canary));
		assert.equal((await web.ada.get(f.url)).status, 404);
		assert.equal((await web.own.get(f.url)).status, 200);
	});

	test('a member who leaves a closed group loses its files', async () => {
		const gid = (await as('own').post('/api/v1/groups', { name: 'Leaving', kind: 'closed' })).json.id;
		await addMember(gid, 'out');
		const f = await uploaded('own', gid, pdf('leaving'), 'x.pdf');
		assert.equal((await web.out.get(f.url)).status, 200);
		const left = await as('out').del(`/api/v1/groups/${gid}/members/${ids.out}`);
		assert.ok(left.status === 204 || left.status === 200, String(left));
		assert.equal((await web.out.get(f.url)).status, 404);
	});

	test('the group deleted: no one, its owner neither', async () => {
		const gid = (await as('own').post('/api/v1/groups', { name: 'To be deleted', kind: 'open' })).json.id;
		const f = await uploaded('own', gid, pdf('deleted group'), 'x.pdf');
		const r = await as('own').del(`/api/v1/groups/${gid}`);
		assert.ok(r.status === 204 || r.status === 200, String(r));
		for (const who of ['own', 'out', 'ada']) assert.equal((await web[who].get(f.url)).status, 404);
	});
});

describe('deleting', () => {
	test('the uploader, owners and moderators may; other members and readers get 403', async () => {
		const f1 = await uploaded('mem', g.open, pdf('del 1'), 'one.pdf');
		const f2 = await uploaded('mem', g.open, pdf('del 2'), 'two.pdf');
		const f3 = await uploaded('gus', g.open, pdf('del 3'), 'three.pdf');
		const path = (f) => `/api/v1/groups/${g.open}/files/${f.id}`;
		assertApiError(await as('gus').del(path(f1)), 403, 'forbidden');
		assertApiError(await as('out').del(path(f1)), 403, 'forbidden');
		assertApiError(await as('alf').del(path(f1)), 404, 'not_found');
		assertApiError(await as('mem').del(`/api/v1/groups/${g.closed}/files/${f1.id}`), 404, 'not_found');  // not that group's
		assert.equal((await as('mem').del(path(f1))).status, 204);
		assert.equal((await as('mod').del(path(f2))).status, 204);
		assert.equal((await as('ada').del(path(f3))).status, 204);  // an admin over an open group
		assertApiError(await as('mem').del(path(f1)), 404, 'not_found');
		for (const f of [f1, f2, f3]) assert.equal((await web.mem.get(f.url)).status, 404);
		const listed = (await as('mem').get(`/api/v1/groups/${g.open}/files`)).json.items.map((x) => x.id);
		for (const f of [f1, f2, f3]) assert.ok(!listed.includes(f.id));
	});

	test('an admin who is not a member cannot delete in a closed group', async () => {
		const f = await uploaded('mem', g.closed, pdf('admin closed'), 'x.pdf');
		assertApiError(await as('ada').del(`/api/v1/groups/${g.closed}/files/${f.id}`), 403, 'forbidden');
		assert.equal((await as('own').del(`/api/v1/groups/${g.closed}/files/${f.id}`)).status, 204);
	});
});

describe('the Files tab', () => {
	test('lists the files with the uploader and an upload form for members', async () => {
		const f = await uploaded('mem', g.closed, pdf('tab'), 'Roadmap.pdf');
		const r = await web.mem.get(`/groups/${g.closed}/files`);
		assert.equal(r.status, 200, String(r));
		const text = textOf(r.text);
		assert.ok(text.includes('Roadmap.pdf'));
		assert.ok(text.includes(USERS.mem.name));
		assert.ok(r.text.includes(`href="${f.url}"`));
		assert.match(r.text, /aria-current="page"[^>]*>Files</);
		const form = parseForms(r.text).find((x) => x.action === `/groups/${g.closed}/files`);
		assert.ok(form, 'an upload form');
		assert.match(r.text, /enctype="multipart\/form-data"/);
		assert.ok(r.text.includes(`/groups/${g.closed}/files/${f.id}/delete`));  // the uploader's delete link
	});

	test('readers who are not members see the list without the form; others 403 or 404', async () => {
		const r = await web.out.get(`/groups/${g.open}/files`);
		assert.equal(r.status, 200);
		assert.ok(!parseForms(r.text).some((x) => x.action === `/groups/${g.open}/files`));
		assert.equal((await web.out.get(`/groups/${g.closed}/files`)).status, 403);
		assert.equal((await web.out.get(`/groups/${g.secret}/files`)).status, 404);
		assert.equal((await web.alf.get(`/groups/${g.open}/files`)).status, 404);
		assert.equal((await web.ada.get(`/groups/${g.secret}/files`)).status, 404);
		const anon = await web.anon.get(`/groups/${g.open}/files`);
		assert.equal(anon.status, 303);
	});

	test('uploading with the form (no JavaScript): 303 back to the list; refusals name the file', async () => {
		const csrf = await web.mem.csrfFrom(`/groups/${g.open}/files`, `/groups/${g.open}/files`);
		const fd = new FormData();
		fd.set('_csrf', csrf);
		fd.append('files', new Blob([pdf('form one')]), 'Minutes 1.pdf');
		fd.append('files', new Blob([Buffer.from('a,b\n1,2\n')]), 'numbers.csv');
		let r = await web.mem.post(`/groups/${g.open}/files`, { body: fd });
		assert.equal(r.status, 303, String(r));
		assert.equal(r.location, `/groups/${g.open}/files`);
		r = await web.mem.get(`/groups/${g.open}/files`);
		assert.ok(textOf(r.text).includes('Minutes 1.pdf'));
		assert.ok(textOf(r.text).includes('numbers.csv'));
		assert.ok(textOf(r.text).includes('The file has been added to the group.'));

		const bad = new FormData();
		bad.set('_csrf', csrf);
		bad.append('files', new Blob([Buffer.from(SVG)]), 'logo.svg');
		r = await web.mem.post(`/groups/${g.open}/files`, { body: bad });
		assert.equal(r.status, 415);
		assert.ok(textOf(r.text).includes('logo.svg'));
		assert.match(r.text, /role="alert"/);

		const none = new FormData();
		none.set('_csrf', csrf);
		r = await web.mem.post(`/groups/${g.open}/files`, { body: none });
		assert.equal(r.status, 400);

		const six = new FormData();
		six.set('_csrf', csrf);
		for (let i = 0; i < 6; i++) six.append('files', new Blob([pdf(`six ${i}`)]), `six${i}.pdf`);
		r = await web.mem.post(`/groups/${g.open}/files`, { body: six });
		assert.equal(r.status, 400);

		const noToken = new FormData();
		noToken.append('files', new Blob([pdf('no token')]), 'x.pdf');
		assert.equal((await web.mem.post(`/groups/${g.open}/files`, { body: noToken })).status, 403);

		const outsider = new FormData();
		outsider.set('_csrf', await web.out.csrfFrom('/settings'));
		outsider.append('files', new Blob([pdf('outsider')]), 'x.pdf');
		assert.equal((await web.out.post(`/groups/${g.open}/files`, { body: outsider })).status, 403);
	});

	test('deleting asks first, then removes the file', async () => {
		const f = await uploaded('mem', g.open, pdf('web delete'), 'Delete me.pdf');
		const confirmUrl = `/groups/${g.open}/files/${f.id}/delete`;
		assert.equal((await web.gus.get(confirmUrl)).status, 403);
		assert.equal((await web.out.get(confirmUrl)).status, 403);
		assert.equal((await web.mem.get(`/groups/${g.closed}/files/${f.id}/delete`)).status, 404);
		const page = await web.mem.get(confirmUrl);
		assert.equal(page.status, 200);
		assert.ok(textOf(page.text).includes('Delete me.pdf'));
		assert.equal((await web.gus.postForm(confirmUrl, {})).status, 403);
		const r = await web.mem.submit(confirmUrl, {});
		assert.equal(r.status, 303);
		assert.equal(r.location, `/groups/${g.open}/files`);
		assert.equal((await web.mem.get(f.url)).status, 404);
		assert.equal((await web.mem.postForm(confirmUrl, {})).status, 404);  // gone meanwhile
	});
});
