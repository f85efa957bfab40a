// review-articles.test.mjs — regression tests from the review of articles,
// the public blog and the board: what reaches whom (a file name of a post
// one cannot see through the editor's cover), feeds that stay well-formed
// XML whatever the text holds, and the feed's cache validators.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { useServer, PASSWORD } from './lib/server.mjs';
import { Client, parseForms } from './lib/http.mjs';
import { png } from './lib/images.mjs';

const U = {
	writer: { email: 'writer@rev.example', name: 'Wil Writer', role: 'member' },
	insider: { email: 'insider@rev.example', name: 'Ina Insider', role: 'member' },
	outsider: { email: 'outsider@rev.example', name: 'Otto Outsider', role: 'member' },
};
const server = useServer({ users: Object.values(U), config: { mail: { base_url: 'https://rev.example.org' } } });
const tok = {}, id = {}, web = {};
let anon;
const api = (who, method, path, json) => anon.request(method, path, { bearer: tok[who], json });

function xmllint(xml) {
	return execFileSync('xmllint', ['--noout', '-'], { input: xml, stdio: ['pipe', 'pipe', 'pipe'] });
}

before(async () => {
	await server.ready;
	anon = new Client(server.url);
	for (const [k, u] of Object.entries(U)) {
		const s = await new Client(server.url).apiSignIn(u.email, PASSWORD);
		tok[k] = s.token;
		id[k] = s.person.id;
		web[k] = new Client(server.url);
		await web[k].signIn(u.email, PASSWORD);
	}
});

test('the editor never shows another person\'s file (its name) given as cover_id', async () => {
	const g = await api('insider', 'POST', '/api/v1/groups', { name: 'Secret board room', kind: 'secret' });
	assert.equal(g.status, 201, `${g}`);
	const up = await anon.request('POST', '/api/v1/attachments?name=reorg-plan-secret.png',
		{ bearer: tok.insider, body: png(8, 8), headers: { 'Content-Type': 'image/png' } });
	assert.equal(up.status, 201, `${up}`);
	const p = await api("insider", "POST", "/api/v1/posts", { text: "the plan", group_id: g.json.id, attachments: [up.json.id] });
	assert.ok(p.status === 201, `${p}`);
	assert.equal((await web.outsider.get(`/files/${up.json.id}/x`)).status, 404);
	for (const action of ['publish', 'schedule']) {
		const csrf = await web.outsider.csrfFrom('/articles/new', '/articles/new');
		const fd = new FormData();
		fd.append('_csrf', csrf);
		fd.append('title', '');   // refused: the editor is shown again
		fd.append('body', 'x');
		fd.append('cover_id', String(up.json.id));
		fd.append('action', action);
		fd.append('publish_at', action === 'schedule' ? 'garbage' : '');
		const r = await web.outsider.post('/articles/new', { body: fd });
		assert.equal(r.status, 422, `${r}`);
		assert.ok(!r.text.includes('reorg-plan-secret'), 'the file\'s name leaks through the editor');
		assert.ok(!r.text.includes(`/files/${up.json.id}/`), 'the file\'s URL leaks through the editor');
	}
});

test('feeds stay well-formed XML when the text holds control characters as entities', async () => {
	const r = await api('writer', 'POST', '/api/v1/articles', {
		title: 'Controls', body: 'bell &#7; escape &#x1B; form &#12; nul &#0; end', visibility: 'public',
	});
	assert.equal(r.status, 201, `${r}`);
	for (const path of ['/blog/feed.rss', '/blog/feed.atom', `/blog/${id.writer}/feed.rss`, `/blog/${id.writer}/feed.atom`]) {
		const f = await anon.get(path);
		assert.equal(f.status, 200, `${path}: ${f}`);
		assert.ok(f.text.includes('Controls'));
		assert.doesNotThrow(() => xmllint(f.text), `${path} is not well-formed XML`);
	}
});

test('a feed\'s ETag changes when an older entry leaves it; If-None-Match lists and weak validators match', async () => {
	const ids = [];
	for (let i = 0; i < 22; i++) {
		const r = await api('writer', 'POST', '/api/v1/articles', { title: `Entry ${i}`, body: `Text ${i}`, visibility: 'public' });
		assert.equal(r.status, 201, `${r}`);
		ids.push(r.json.id);
	}
	for (const kind of ['rss', 'atom']) {
		const path = `/blog/${id.writer}/feed.${kind}`;
		const first = await anon.get(path);
		assert.equal(first.status, 200);
		const etag = first.headers.get('etag');
		assert.equal((await anon.get(path, { headers: { 'If-None-Match': `"other", W/${etag}` } })).status, 304);
		assert.equal((await anon.get(path, { headers: { 'If-None-Match': '"other"' } })).status, 200);
		// the second newest goes: still 20 entries, the same newest, the same last change
		const gone = ids.splice(ids.length - 2, 1)[0];
		assert.equal((await api('writer', 'DELETE', `/api/v1/articles/${gone}`)).status, 204);
		const again = await anon.get(path, { headers: { 'If-None-Match': etag } });
		assert.equal(again.status, 200, 'a feed without the deleted article is not "not modified"');
		assert.ok(!again.text.includes(`/articles/${gone}<`) && !again.text.includes(`/articles/${gone}"`));
		assert.notEqual(again.headers.get('etag'), etag);
	}
});

test('"Publish now" sent several times at once publishes once; the others are told the draft is gone, not a 5xx', async () => {
	const d = await api('writer', 'POST', '/api/v1/articles', { title: 'Twice clicked', body: 'once only', draft: true });
	assert.equal(d.status, 201, `${d}`);
	const url = `/articles/drafts/${d.json.draft_id}/publish`;
	const csrf = await web.writer.csrfFrom('/articles/drafts', url);
	const all = await Promise.all(Array.from({ length: 6 }, () => web.writer.post(url, { form: { _csrf: csrf } })));
	const codes = all.map((r) => r.status);
	assert.equal(codes.filter((c) => c === 303).length, 1, `${codes}`);
	assert.ok(codes.every((c) => c === 303 || c === 404), `${codes}`);
	const mine = await api('writer', 'GET', '/api/v1/articles?limit=50');
	assert.equal(mine.json.items.filter((a) => a.title === 'Twice clicked').length, 1);
});

async function upload(who, name) {
	const up = await anon.request('POST', `/api/v1/attachments?name=${name}`,
		{ bearer: tok[who], body: png(16, 16), headers: { 'Content-Type': 'image/png' } });
	assert.equal(up.status, 201, `${up}`);
	return up.json.id;
}

test('an article\'s cover can be replaced and removed (the old one is let go)', async () => {
	const first = await upload('writer', 'first.png');
	const r = await api('writer', 'POST', '/api/v1/articles', { title: 'Covered', body: 'text', cover_attachment_id: first });
	assert.equal(r.status, 201, `${r}`);
	assert.equal(r.json.cover.id, first);
	const second = await upload('writer', 'second.png');
	const p = await api('writer', 'PATCH', `/api/v1/articles/${r.json.id}`, { cover_attachment_id: second });
	assert.equal(p.status, 200, `${p}`);
	assert.equal(p.json.cover.id, second);
	const gone = await api('writer', 'PATCH', `/api/v1/articles/${r.json.id}`, { cover_attachment_id: null });
	assert.equal(gone.status, 200, `${gone}`);
	assert.equal(gone.json.cover, null);
});

test('the editor\'s multipart forms and the board\'s forms refuse a missing CSRF token', async () => {
	const fd = new FormData();
	fd.append('title', 'No token');
	fd.append('body', 'x');
	fd.append('action', 'publish');
	const r = await web.writer.post('/articles/new', { body: fd });
	assert.equal(r.status, 403, `${r}`);
	for (const [path, form] of [['/board/columns', { kind: 'group', group: '1' }], ['/searches?q=x', { name: 'x' }]]) {
		const b = await web.writer.post(path, { form });
		assert.equal(b.status, 403, `${path}: ${b}`);
	}
	const mine = await api('writer', 'GET', '/api/v1/articles?limit=50');
	assert.ok(!mine.json.items.some((a) => a.title === 'No token'));
});

test('a search longer than a name is saved under its first 80 characters (page and API)', async () => {
	const q = `${'quarterly budget review '.repeat(5)}final`.trim();   // 125 characters
	assert.ok(q.length > 80);
	const page = `/search?q=${encodeURIComponent(q)}`;
	const forms = parseForms((await web.writer.get(page)).text);
	const save = forms.find((f) => f.action.startsWith('/searches'));
	assert.ok(save, 'the search page offers to save');
	assert.equal(save.values.name, q, 'the form offers q as the name');
	const r = await web.writer.post(save.action.replace(/&amp;/g, '&'), { form: save.values });
	assert.equal(r.status, 303, `${r}`);
	const api1 = await api('writer', 'POST', '/api/v1/searches', { q });
	assert.equal(api1.status, 201, `${api1}`);
	assert.equal(api1.json.name, q.slice(0, 80));
	assert.equal(api1.json.q, q);
	const list = await api('writer', 'GET', '/api/v1/searches');
	assert.equal(list.json.items.filter((s) => s.q === q && s.name === q.slice(0, 80)).length, 2);
});

test('a draft meant for a group the writer left is not silently offered to the whole organisation', async () => {
	const g = await api('insider', 'POST', '/api/v1/groups', { name: 'Inner circle', kind: 'closed' });
	assert.equal(g.status, 201, `${g}`);
	assert.ok((await api('insider', 'POST', `/api/v1/groups/${g.json.id}/members`, { person_id: id.writer })).status < 300);
	const d = await api('writer', 'POST', '/api/v1/articles', {
		title: 'For the circle only', body: 'circle text', visibility: 'group', group_id: g.json.id, draft: true,
	});
	assert.equal(d.status, 201, `${d}`);
	assert.equal((await api('insider', 'DELETE', `/api/v1/groups/${g.json.id}/members/${id.writer}`)).status, 204);
	const url = `/articles/drafts/${d.json.draft_id}/edit`;
	const page = await web.writer.get(url);
	assert.equal(page.status, 200);
	const form = parseForms(page.text).find((f) => f.action === url);
	assert.equal(form.values.visibility, `group:${g.json.id}`, 'the draft\'s place is still chosen');
	const fd = new FormData();
	for (const [k, v] of Object.entries(form.values)) fd.append(k, v);
	fd.set('action', 'publish');
	const r = await web.writer.post(url, { body: fd });
	assert.equal(r.status, 403, `${r}`);
	const all = await api('reader' in tok ? 'reader' : 'outsider', 'GET', '/api/v1/articles?limit=50');
	assert.ok(!all.json.items.some((a) => a.title === 'For the circle only'));
});
