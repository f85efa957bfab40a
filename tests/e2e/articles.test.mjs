// articles.test.mjs — articles (docs/api.md "Articles"): the API (publish,
// drafts, scheduling, edit, delete, cursor paging, every error), the pages
// (editor with a cover upload, drafts, publish now, the reading page,
// inline replies and the author's "without a reply from you" filter), and
// the public blog and its RSS and Atom feeds: parsed with xmllint, absolute
// links from [mail] base_url, and canaries — drafts, scheduled, organisation
// and group articles, and articles of a deactivated author never appear in
// /blog, /blog/{person} or any feed.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { useServer, PASSWORD } from './lib/server.mjs';
import { Client, assertApiError, parseForms } from './lib/http.mjs';
import { png } from './lib/images.mjs';

const tag = randomBytes(4).toString('hex');
const U = {
	author: { email: 'author@art.example', name: 'Ada Author', role: 'member' },
	reader: { email: 'reader@art.example', name: 'Rik Reader', role: 'member' },
	member: { email: 'member@art.example', name: 'Mia Member', role: 'member' },
	guest: { email: 'guest@art.example', name: 'Gus Guest', role: 'guest' },
	leaver: { email: 'leaver@art.example', name: 'Lea Leaver', role: 'member' },
	admin: { email: 'admin@art.example', name: 'Ad Admin', role: 'admin' },
};
const BASE = 'https://blog.example.org';
const server = useServer({ users: Object.values(U), config: { mail: { base_url: BASE } } });

const tok = {}, id = {}, web = {};
let anon, group;
const api = (who, method, path, json) => anon.request(method, path, { bearer: tok[who], json });
const canary = (what) => `canary-${what}-${tag}`;

// every public surface, as a stranger sees it
async function publicSurfaces() {
	const paths = ['/blog', '/blog/feed.rss', '/blog/feed.atom'];
	for (const who of ['author', 'leaver', 'member']) {
		paths.push(`/blog/${id[who]}`, `/blog/${id[who]}/feed.rss`, `/blog/${id[who]}/feed.atom`);
	}
	let all = '';
	for (const p of paths) all += (await anon.get(p)).text;
	return all;
}

// the editor's forms are multipart (they carry a cover image)
function multipart(client, url, fields) {
	const fd = new FormData();
	for (const [k, v] of Object.entries(fields)) fd.append(k, v);
	return client.post(url, { body: fd });
}

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
	const g = await api('member', 'POST', '/api/v1/groups', { name: 'Closed circle', kind: 'closed' });
	assert.equal(g.status, 201, `${g}`);
	group = g.json.id;
	const r = await api('member', 'POST', `/api/v1/groups/${group}/members`, { person_id: id.author });
	assert.ok(r.status < 300, `${r}`);
});

describe('the API', () => {
	test('POST /api/v1/articles publishes (201, id) and refuses bad input', async () => {
		const r = await api('author', 'POST', '/api/v1/articles', { title: 'Hello world', body: 'Some *text*', visibility: 'organisation' });
		assert.equal(r.status, 201, `${r}`);
		assert.ok(Number.isInteger(r.json.id));
		assert.equal(r.json.kind, 'article');
		assert.equal(r.json.title, 'Hello world');
		assert.equal(r.json.url, `/articles/${r.json.id}`);
		assert.equal(r.json.cover, null);
		assert.match(r.headers.get('location'), new RegExp(`/api/v1/articles/${r.json.id}$`));
		assertApiError(await api('author', 'POST', '/api/v1/articles', { title: '', body: 'x' }), 422, 'invalid', { field: 'title' });
		assertApiError(await api('author', 'POST', '/api/v1/articles', { title: 'x'.repeat(201), body: 'x' }), 422, 'invalid', { field: 'title' });
		assertApiError(await api('author', 'POST', '/api/v1/articles', { title: 'T', body: '' }), 422, 'invalid', { field: 'body' });
		assertApiError(await api('author', 'POST', '/api/v1/articles', { title: 'T', body: 'x', visibility: 'secret' }), 422, 'invalid', { field: 'visibility' });
		assertApiError(await api('author', 'POST', '/api/v1/articles', { title: 'T', body: 'x', group_id: 'one' }), 422, 'invalid', { field: 'group_id' });
		assertApiError(await api('author', 'POST', '/api/v1/articles', { title: 'T', body: 'x', draft: 'yes' }), 422, 'invalid', { field: 'draft' });
		assertApiError(await api('author', 'POST', '/api/v1/articles', { title: 'T', body: 'x', draft: true, publish_at: 'tomorrow' }), 422, 'invalid', { field: 'publish_at' });
		assertApiError(await api('author', 'POST', '/api/v1/articles', { title: 'T', body: 'x', draft: true, publish_at: '2001-01-01T00:00:00Z' }), 422, 'invalid', { field: 'publish_at' });
		assertApiError(await api('author', 'POST', '/api/v1/articles', { title: 'T', body: 'x', cover_attachment_id: 999999 }), 422, 'invalid', { field: 'cover' });
		assertApiError(await api('reader', 'POST', '/api/v1/articles', { title: 'T', body: 'x', group_id: group }), 403, 'forbidden', { field: 'visibility' });
		assertApiError(await api('author', 'POST', '/api/v1/articles', { title: 'T', body: 'x', group_id: 999999 }), 422, 'invalid', { field: 'visibility' });
		assertApiError(await api('guest', 'POST', '/api/v1/articles', { title: 'T', body: 'x' }), 403, 'forbidden');
		assertApiError(await anon.post('/api/v1/articles', { json: { title: 'T', body: 'x' } }), 401, 'unauthenticated');
		// long-form: more than a post's 10,000 characters
		const long = await api('author', 'POST', '/api/v1/articles', { title: 'Long', body: 'w '.repeat(12000) });
		assert.equal(long.status, 201, `${long}`);
	});

	test('drafts: 201 with draft_id, only their author reads them, publish makes the article', async () => {
		const d = await api('author', 'POST', '/api/v1/articles', { title: canary('apidraft'), body: 'draft', draft: true });
		assert.equal(d.status, 201, `${d}`);
		assert.ok(Number.isInteger(d.json.draft_id));
		assert.equal(d.json.id, undefined);
		const list = await api('author', 'GET', '/api/v1/articles/drafts');
		assert.ok(list.json.items.some((x) => x.draft_id === d.json.draft_id));
		assert.equal((await api('reader', 'GET', '/api/v1/articles/drafts')).json.items.length, 0);
		for (const [m, p, b] of [['GET', '', undefined], ['PATCH', '', { title: 'x' }], ['DELETE', '', undefined], ['POST', '/publish', undefined]]) {
			assertApiError(await api('reader', m, `/api/v1/articles/drafts/${d.json.draft_id}${p}`, b), 404, 'not_found');
		}
		assertApiError(await api('author', 'GET', '/api/v1/articles/drafts/0'), 404, 'not_found');
		const patched = await api('author', 'PATCH', `/api/v1/articles/drafts/${d.json.draft_id}`, { body: 'better', visibility: 'public' });
		assert.equal(patched.status, 200, `${patched}`);
		assert.equal(patched.json.body, 'better');
		assert.equal(patched.json.title, canary('apidraft'));
		assertApiError(await api('author', 'PATCH', `/api/v1/articles/drafts/${d.json.draft_id}`, { visibility: 'nope' }), 422, 'invalid', { field: 'visibility' });
		// not in any list of posts or articles, for anyone
		for (const who of ['author', 'reader']) {
			const s = await api(who, 'GET', '/api/v1/articles');
			assert.ok(!s.text.includes(canary('apidraft')), `${who}'s article list shows a draft`);
			const h = await web[who].get('/');
			assert.ok(!h.text.includes(canary('apidraft')));
		}
		const pub = await api('author', 'POST', `/api/v1/articles/drafts/${d.json.draft_id}/publish`);
		assert.equal(pub.status, 201, `${pub}`);
		assert.equal(pub.json.title, canary('apidraft'));
		assert.equal(pub.json.visibility, 'public');
		assertApiError(await api('author', 'GET', `/api/v1/articles/drafts/${d.json.draft_id}`), 404, 'not_found');
		const del = await api('author', 'POST', '/api/v1/articles', { title: 'gone', body: 'x', draft: true });
		assert.equal((await api('author', 'DELETE', `/api/v1/articles/drafts/${del.json.draft_id}`)).status, 204);
		assertApiError(await api('author', 'DELETE', `/api/v1/articles/drafts/${del.json.draft_id}`), 404, 'not_found');
	});

	test('scheduled: a draft with publish_at, published by the server within seconds of the time', async () => {
		const at = new Date(Date.now() + 2000).toISOString().replace(/\.\d+Z$/, 'Z');
		const d = await api('author', 'POST', '/api/v1/articles', { title: canary('scheduled'), body: 'later', visibility: 'public', publish_at: at });
		assert.equal(d.status, 201, `${d}`);
		assert.ok(d.json.draft_id);
		assert.equal(d.json.publish_at, at);
		assert.ok(!(await publicSurfaces()).includes(canary('scheduled')), 'a scheduled article is public before its time');
		// the sweeper's tick publishes it (every 15 s); wait for the outcome, not a duration
		let found = null;
		for (let i = 0; i < 80 && !found; i++) {
			await new Promise((r) => setTimeout(r, 500));
			const l = await api('reader', 'GET', '/api/v1/articles?limit=50');
			found = l.json.items.find((x) => x.title === canary('scheduled'));
		}
		assert.ok(found, 'the scheduled article was published');
		assertApiError(await api('author', 'GET', `/api/v1/articles/drafts/${d.json.draft_id}`), 404, 'not_found');
	});

	test('GET, PATCH, DELETE one article; visibility decides; cursor paging', async () => {
		const g = await api('author', 'POST', '/api/v1/articles', { title: canary('group'), body: 'circle', group_id: group });
		assert.equal(g.status, 201, `${g}`);
		assert.equal(g.json.visibility, 'group');
		assertApiError(await api('reader', 'GET', `/api/v1/articles/${g.json.id}`), 404, 'not_found');
		assert.equal((await api('member', 'GET', `/api/v1/articles/${g.json.id}`)).status, 200);
		assert.ok(!(await api('reader', 'GET', '/api/v1/articles?limit=50')).text.includes(canary('group')));
		assertApiError(await api('author', 'GET', '/api/v1/articles/999999'), 404, 'not_found');
		// a plain post is not an article
		const p = await api('author', 'POST', '/api/v1/posts', { text: 'plain post' });
		assertApiError(await api('author', 'GET', `/api/v1/articles/${p.json.id}`), 404, 'not_found');
		const a = await api('author', 'POST', '/api/v1/articles', { title: 'Edit me', body: 'one' });
		assertApiError(await api('reader', 'PATCH', `/api/v1/articles/${a.json.id}`, { title: 'mine' }), 403, 'forbidden');
		assertApiError(await api('author', 'PATCH', `/api/v1/articles/${a.json.id}`, { title: '' }), 422, 'invalid', { field: 'title' });
		const e = await api('author', 'PATCH', `/api/v1/articles/${a.json.id}`, { title: 'Edited', body: 'two' });
		assert.equal(e.status, 200, `${e}`);
		assert.equal(e.json.title, 'Edited');
		assert.equal(e.json.body, 'two');
		assert.ok(e.json.edited_at);
		assertApiError(await api('reader', 'DELETE', `/api/v1/articles/${a.json.id}`), 403, 'forbidden');
		assert.equal((await api('author', 'DELETE', `/api/v1/articles/${a.json.id}`)).status, 204);
		assertApiError(await api('author', 'GET', `/api/v1/articles/${a.json.id}`), 404, 'not_found');
		// paging: newest first, no repeats
		const seen = new Set();
		let cursor = null, pages = 0;
		do {
			const l = await api('reader', 'GET', `/api/v1/articles?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
			assert.equal(l.status, 200, `${l}`);
			for (const x of l.json.items) {
				assert.ok(!seen.has(x.id));
				seen.add(x.id);
			}
			cursor = l.json.next_cursor;
			pages++;
		} while (cursor && pages < 20);
		assert.ok(pages > 1);
		assertApiError(await api('reader', 'GET', '/api/v1/articles?cursor=x'), 400, 'bad_request');
		assertApiError(await api('reader', 'GET', '/api/v1/articles?limit=0'), 400, 'bad_request');
	});
});

describe('pages', () => {
	test('the editor: save a draft with a cover, schedule, publish now; drafts page; delete with confirmation', async () => {
		const w = web.author;
		const csrf = await w.csrfFrom('/articles/new', '/articles/new');
		const fd = new FormData();
		fd.append('_csrf', csrf);
		fd.append('title', canary('webdraft'));
		fd.append('body', '# Heading\n\nFirst words of the *draft*.');
		fd.append('visibility', 'public');
		fd.append('action', 'save');
		fd.append('cover', new Blob([png(64, 32)]), 'cover.png');
		const r = await w.post('/articles/new', { body: fd });
		assert.equal(r.status, 303, `${r}`);
		assert.equal(r.headers.get('location'), '/articles/drafts');
		const drafts = await w.get('/articles/drafts');
		assert.ok(drafts.text.includes(canary('webdraft')));
		const editUrl = drafts.text.match(/\/articles\/drafts\/(\d+)\/edit/)[0];
		const draftId = editUrl.split('/')[3];
		const edit = await w.get(editUrl);
		assert.equal(edit.status, 200);
		assert.match(edit.text, /name="cover_id" value="\d+"/, 'the cover is kept with the draft');
		const coverUrl = edit.text.match(/src="(\/files\/\d+\/[^"]+)"/)[1];
		assert.equal((await w.get(coverUrl)).status, 200);
		assert.equal((await web.reader.get(coverUrl)).status, 404, 'a draft\'s cover is the author\'s only');
		// others cannot open it
		assert.equal((await web.reader.get(editUrl)).status, 404);
		assert.equal((await web.reader.get(`/articles/drafts/${draftId}/delete`)).status, 404);
		assert.ok(!(await web.reader.get('/articles/drafts')).text.includes(canary('webdraft')));
		// scheduling needs a time
		const f2 = parseForms(edit.text).find((f) => f.action === editUrl);
		const bad = await multipart(w, editUrl, { ...f2.values, action: 'schedule', publish_at: '' });
		assert.equal(bad.status, 422);
		const sched = await multipart(w, editUrl, { ...f2.values, action: 'schedule', publish_at: `${new Date().getUTCFullYear() + 1}-01-01T09:00`, tz_offset: '-60' });
		assert.equal(sched.status, 303, `${sched}`);
		assert.match((await w.get('/articles/drafts')).text, /Scheduled/);
		assert.ok(!(await publicSurfaces()).includes(canary('webdraft')));
		// publish now
		const pub = await w.postForm(`/articles/drafts/${draftId}/publish`, {}, { csrfPage: '/articles/drafts' });
		assert.equal(pub.status, 303, `${pub}`);
		const url = pub.headers.get('location');
		assert.match(url, /^\/articles\/\d+$/);
		const page = await anon.get(url);
		assert.equal(page.status, 200, 'a public article is readable signed out');
		assert.match(page.text, new RegExp(canary('webdraft')), page.text.slice(page.text.indexOf('<main'), page.text.indexOf('<main') + 1500));
		assert.match(page.text, /class="article-cover"/);
		assert.match(page.text, /<h\d[^>]*>Heading<\/h\d>/);
		assert.equal((await anon.get(coverUrl)).status, 200, 'the public article\'s cover is public');
		// a stream shows it as a card
		const home = await web.reader.get('/discover');
		assert.match(home.text, new RegExp(`class="article-card-link" href="${url}"`));
		// delete a draft after confirming
		const d2 = await api('author', 'POST', '/api/v1/articles', { title: 'to delete', body: 'x', draft: true });
		const confirm = await w.get(`/articles/drafts/${d2.json.draft_id}/delete`);
		assert.equal(confirm.status, 200);
		const gone = await w.postForm(`/articles/drafts/${d2.json.draft_id}/delete`, {}, { csrfPage: '/articles/drafts' });
		assert.equal(gone.status, 303);
		assert.equal((await w.get(`/articles/drafts/${d2.json.draft_id}/edit`)).status, 404);
		// an empty editor form is refused with a message
		const empty = await multipart(w, '/articles/new', { _csrf: csrf, title: '', body: '', action: 'publish' });
		assert.equal(empty.status, 422);
	});

	test('the article page: inline replies, the author\'s unanswered filter, edit', async () => {
		const a = await api('author', 'POST', '/api/v1/articles', { title: 'Discuss me', body: 'text' });
		const url = `/articles/${a.json.id}`;
		for (const [who, text] of [['reader', 'first question'], ['member', 'second question']]) {
			const r = await web[who].submit(url, { text }, { action: `${url}/comments` });
			assert.equal(r.status, 303, `${r}`);
		}
		const page = await web.author.get(url);
		assert.match(page.text, /Without a reply from you <span class="count">2<\/span>/);
		const firstId = page.text.match(/id="comment-(\d+)"/)[1];
		// the inline reply form of the first comment (details, no JavaScript needed)
		const reply = parseForms(page.text).find((f) => f.values.parent_id === firstId);
		assert.ok(reply, 'an inline reply form');
		const r = await web.author.post(reply.action, { form: { ...reply.values, text: 'my answer' } });
		assert.equal(r.status, 303);
		const filtered = await web.author.get(`${url}?unanswered=1`);
		assert.match(filtered.text, /Without a reply from you <span class="count">1<\/span>/);
		assert.ok(filtered.text.includes('second question'));
		assert.ok(!filtered.text.includes('first question'));
		// not the author: no filter
		assert.ok(!(await web.reader.get(url)).text.includes('Without a reply from you'));
		// an empty comment is refused on the page
		assert.equal((await web.reader.submit(url, { text: '' }, { action: `${url}/comments` })).status, 422);
		// edit
		assert.equal((await web.reader.get(`${url}/edit`)).status, 403);
		const csrf = await web.author.csrfFrom(`${url}/edit`, `${url}/edit`);
		const fd = new FormData();
		fd.append('_csrf', csrf);
		fd.append('title', 'Discussed');
		fd.append('body', 'new text');
		fd.append('action', 'save');
		const e = await web.author.post(`${url}/edit`, { body: fd });
		assert.equal(e.status, 303, `${e}`);
		assert.match((await web.reader.get(url)).text, /Discussed/);
		// the stream's Edit button of an article opens the article editor
		assert.ok((await web.author.get('/discover')).text.includes(`href="${url}/edit"`));
		// the organisation blog lists it; a signed-out reader of an organisation article is sent to sign in
		assert.match((await web.reader.get('/articles')).text, /Discussed/);
		assert.equal((await anon.get(url)).status, 303);
		assert.equal((await web.reader.get('/articles/999999')).status, 404);
		assert.equal((await web.reader.get('/articles?before=x')).status, 400);
	});
});

describe('the public blog and feeds', () => {
	let pub;
	before(async () => {
		pub = await api('author', 'POST', '/api/v1/articles', { title: `Public <&> ${canary('public')}`, body: 'Hello **world** & <b>friends</b>', visibility: 'public' });
		assert.equal(pub.status, 201);
		await api('author', 'POST', '/api/v1/articles', { title: canary('org'), body: 'org only' });
		await api('author', 'POST', '/api/v1/articles', { title: canary('grp'), body: 'group only', group_id: group });
		await api('author', 'POST', '/api/v1/articles', { title: canary('draft'), body: 'draft', visibility: 'public', draft: true });
		await api('author', 'POST', '/api/v1/articles', { title: canary('later'), body: 'later', visibility: 'public', publish_at: `${new Date().getUTCFullYear() + 1}-06-01T00:00:00Z` });
		// an anonymous question of the author's: its title must not reach any public surface
		const q = await api('author', 'POST', '/api/v1/questions', { title: `${canary('anonq')} title`, body: 'who asks?', anonymous: true });
		assert.equal(q.status, 201, `${q}`);
		const l = await api('leaver', 'POST', '/api/v1/articles', { title: canary('leaver'), body: 'bye', visibility: 'public' });
		assert.equal(l.status, 201);
		assert.ok((await publicSurfaces()).includes(canary('leaver')));
		const off = await api('admin', 'PATCH', `/api/v1/people/${id.leaver}`, { status: 'deactivated' });
		assert.ok(off.status < 300, `${off}`);
	});

	test('only public articles of active authors, anywhere public', async () => {
		const all = await publicSurfaces();
		assert.ok(all.includes(canary('public')));
		for (const c of ['org', 'grp', 'draft', 'later', 'leaver', 'group', 'anonq']) {
			assert.ok(!all.includes(canary(c)), `${c} leaked into the public blog or feeds`);
		}
		assert.equal((await anon.get(`/blog/${id.leaver}`)).status, 404);
		assert.equal((await anon.get(`/blog/${id.reader}`)).status, 404, 'no public articles: no blog');
		assert.equal((await anon.get('/blog/999999/feed.rss')).status, 404);
		assert.equal((await anon.get('/blog/abc')).status, 404);
		const b = await anon.get(`/blog/${id.author}`);
		assert.equal(b.status, 200);
		assert.match(b.text, /Ada Author/);
		assert.equal((await anon.get('/blog?before=zz')).status, 400);
		// in Dutch too
		const nl = await anon.get('/blog', { headers: { 'Accept-Language': 'nl' } });
		assert.match(nl.text, /Openbare artikelen van onze organisatie/);
		const nlOrg = await web.reader.get('/articles', { headers: { 'Accept-Language': 'nl' } });
		assert.ok(/Artikelen/.test(nlOrg.text));
	});

	test('RSS 2.0 and Atom parse, with absolute links, escaped text and validators', async () => {
		for (const [path, type] of [['/blog/feed.rss', 'application/rss+xml'], [`/blog/${id.author}/feed.rss`, 'application/rss+xml'],
			['/blog/feed.atom', 'application/atom+xml'], [`/blog/${id.author}/feed.atom`, 'application/atom+xml']]) {
			const r = await anon.get(path);
			assert.equal(r.status, 200, `${r}`);
			assert.equal(r.headers.get('content-type'), `${type}; charset=utf-8`);
			xmllint(r.text);
			assert.ok(r.text.includes(`${BASE}/articles/${pub.json.id}`), `${path}: absolute article link`);
			assert.ok(r.text.includes(`Public &lt;&amp;&gt; ${canary('public')}`), `${path}: escaped title`);
			assert.ok(!r.text.includes('<b>friends</b>'), 'HTML in the body is escaped, never raw');
			if (type.includes('rss')) {
				for (const el of ['<rss version="2.0"', '<channel>', '<title>', '<link>', '<description>', '<item>', '<guid isPermaLink="true">', '<pubDate>']) {
					assert.ok(r.text.includes(el), `${path}: ${el}`);
				}
				assert.ok(r.text.includes(`<atom:link href="${BASE}${path}" rel="self"`));
			} else {
				assert.ok(r.text.includes(`xml:base="${BASE}/"`), 'relative links in the HTML resolve on this site');
				for (const el of ['<feed xmlns="http://www.w3.org/2005/Atom"', '<id>', '<updated>', '<entry>', '<author>', '<published>', '<content type="html">']) {
					assert.ok(r.text.includes(el), `${path}: ${el}`);
				}
			}
			const etag = r.headers.get('etag');
			assert.ok(etag);
			assert.ok(r.headers.get('last-modified'));
			const again = await anon.get(path, { headers: { 'If-None-Match': etag } });
			assert.equal(again.status, 304);
		}
	});
});
