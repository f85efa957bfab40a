// The conversation pages over HTTP: the composer (CSRF, errors keep the
// text, 422), public posts readable signed out and organisation ones not
// (sign-in redirect; guests 404), fragments for live updates list only what
// the viewer may see, edit and delete forms only for those allowed, the
// delete confirmation, reactions and comments through forms, topic pages
// and following a topic, and names and text escaped everywhere.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, PASSWORD } from './lib/server.mjs';
import { Client, parseForms, textOf } from './lib/http.mjs';
import { png, SVG } from './lib/images.mjs';
import { sqlite } from './lib/experts-fixture.mjs';

const ANN = { email: 'ann@example.com', name: 'Ann Admin', role: 'admin' };
const BEA = { email: 'bea@example.com', name: 'Bea <script>alert(1)</script>' };
const CAS = { email: 'cas@example.com', name: 'Cas de Vries' };
const GUS = { email: 'gus@example.com', name: 'Gus Guest', role: 'guest' };
const server = useServer({ users: [ANN, BEA, CAS, GUS] });

const web = {};
const tok = {};
let anon;
let pub;
let org;

before(async () => {
	await server.ready;
	anon = new Client(server.url);
	for (const [k, u] of Object.entries({ ann: ANN, bea: BEA, cas: CAS, gus: GUS })) {
		web[k] = new Client(server.url);
		await web[k].signIn(u.email, PASSWORD);
		tok[k] = (await new Client(server.url).apiSignIn(u.email, PASSWORD)).token;
	}
	const mk = async (json) => (await anon.post('/api/v1/posts', { bearer: tok.bea, json })).json.id;
	pub = await mk({ text: 'Public **open day** #opendag', visibility: 'public' });
	org = await mk({ text: 'Internal <b>plans</b> #plans' });
});

describe('composer', () => {
	test('posting needs the CSRF token', async () => {
		const r = await web.cas.post('/posts', { form: { text: 'no token' } });
		assert.equal(r.status, 403);
	});

	test('a post from the form lands in the stream; errors keep the text with a message', async () => {
		const ok = await web.cas.submit('/', { text: 'Hello from the form #formtest' }, { action: '/posts' });
		assert.equal(ok.status, 303);
		assert.equal(ok.headers.get('location'), '/');
		const home = await web.cas.get('/');
		assert.match(textOf(home.text), /Hello from the form #formtest/);
		const long = 'x'.repeat(10001);
		const bad = await web.cas.submit('/', { text: long }, { action: '/posts' });
		assert.equal(bad.status, 422);
		assert.match(bad.text, /at most 10,000 characters/);
		assert.ok(bad.text.includes(long), 'the text is kept');
		const blank = await web.cas.submit('/', { text: '   ' }, { action: '/posts' });
		assert.equal(blank.status, 422);
	});

	test('guests get the limited home page without a composer', async () => {
		const r = await web.gus.get('/');
		assert.equal(r.status, 200);
		assert.ok(!parseForms(r.text).some((f) => f.action === '/posts'));
		assert.equal((await web.gus.get('/discover')).status, 403);
	});
});

describe('who may see a post page', () => {
	test('public: signed out too; organisation: sign in first; guests: 404', async () => {
		const p = await anon.get(`/posts/${pub}`);
		assert.equal(p.status, 200);
		assert.match(textOf(p.text), /open day/);
		assert.ok(!parseForms(p.text).some((f) => /comments|reactions/.test(f.action)), 'no forms signed out');
		const o = await anon.get(`/posts/${org}`);
		assert.equal(o.status, 303);
		assert.match(o.headers.get('location'), /^\/signin\?next=\/posts\/\d+$/);
		assert.equal((await web.gus.get(`/posts/${org}`)).status, 404);
		assert.equal((await web.gus.get(`/posts/${pub}`)).status, 200);
		assert.equal((await web.cas.get('/posts/999999')).status, 404);
		assert.equal((await web.cas.get('/posts/abc')).status, 404);
		for (const path of [`/posts/${org}/history`, `/posts/${org}/reactions`, `/posts/${org}/comments/fragment`,
			`/posts/${org}/reactions/fragment`]) {
			const r = await web.gus.get(path);
			assert.equal(r.status, 404, path);
			assert.ok(!r.text.includes('plans'), `${path} leaks nothing`);
		}
	});

	test('fragments: only posts the viewer may see, newer than after', async () => {
		const f = await web.cas.get(`/stream/discover/fragment?after=${pub}`);
		assert.equal(f.status, 200);
		assert.ok(f.text.includes(`data-post-id="${org}"`));
		assert.ok(!f.text.includes(`data-post-id="${pub}"`), 'not the one at after');
		// the organisation's stream is refused to guests as /discover is; their home is theirs
		assert.equal((await web.gus.get('/stream/discover/fragment')).status, 403);
		const g = await web.gus.get('/stream/home/fragment');
		assert.equal(g.status, 200);
		assert.ok(!g.text.includes(`data-post-id="${org}"`));
		assert.equal((await web.cas.get('/stream/nope/fragment')).status, 404);
		assert.equal((await web.cas.get('/stream/home/fragment?after=x')).status, 400);
	});

	test('names and text are escaped on every page', async () => {
		for (const path of ['/', '/discover', `/posts/${org}`, '/topics/plans']) {
			const r = await web.cas.get(path);
			assert.equal(r.status, 200, path);
			assert.ok(!r.text.includes('<script>alert(1)'), `${path}: name escaped`);
			assert.ok(!r.text.includes('<b>plans</b>'), `${path}: raw HTML in text shown as text`);
		}
	});
});

describe('changing posts through forms', () => {
	test('edit and delete links only for those allowed; others get 403', async () => {
		const own = await web.bea.get(`/posts/${org}`);
		assert.ok(own.text.includes(`/posts/${org}/edit`));
		const other = await web.cas.get(`/posts/${org}`);
		assert.ok(!other.text.includes(`/posts/${org}/edit`));
		assert.ok(!other.text.includes(`/posts/${org}/delete`));
		assert.equal((await web.cas.get(`/posts/${org}/edit`)).status, 403);
		assert.equal((await web.cas.get(`/posts/${org}/delete`)).status, 403);
		const admin = await web.ann.get(`/posts/${org}`);
		assert.ok(!admin.text.includes(`/posts/${org}/edit`), 'admins delete, they do not edit');
		assert.ok(admin.text.includes(`/posts/${org}/delete`));
	});

	test('edit, history, then delete after a confirmation', async () => {
		const id = (await anon.post('/api/v1/posts', { bearer: tok.bea, json: { text: 'Version one' } })).json.id;
		const e = await web.bea.submit(`/posts/${id}/edit`, { text: 'Version two' });
		assert.equal(e.status, 303);
		const h = await web.cas.get(`/posts/${id}/history`);
		assert.match(textOf(h.text), /Version one/);
		const bad = await web.bea.submit(`/posts/${id}/edit`, { text: '' });
		assert.equal(bad.status, 422);
		const confirm = await web.bea.get(`/posts/${id}/delete`);
		assert.match(textOf(confirm.text), /Delete this post\?/);
		const d = await web.bea.submit(`/posts/${id}/delete`, {});
		assert.equal(d.status, 303);
		assert.equal((await web.cas.get(`/posts/${id}`)).status, 404);
	});

	test('comments, replies and reactions through forms', async () => {
		const c = await web.cas.submit(`/posts/${org}`, { text: 'A comment' }, { action: `/posts/${org}/comments` });
		assert.equal(c.status, 303);
		const cid = Number(c.headers.get('location').match(/#comment-(\d+)$/)[1]);
		const r = await web.ann.submit(`/posts/${org}?reply=${cid}`, { text: 'A reply', parent_id: String(cid) },
			{ action: `/posts/${org}/comments` });
		assert.equal(r.status, 303);
		const page = await web.bea.get(`/posts/${org}`);
		assert.match(page.text, new RegExp(`data-thread="${cid}">\\s*<li class="comment comment-reply"`));
		const like = await web.cas.submit(`/posts/${org}`, { on: '1' }, { action: `/posts/${org}/reactions/heart` });
		assert.equal(like.status, 303);
		const api = await anon.get(`/api/v1/posts/${org}`, { bearer: tok.cas });
		assert.deepEqual(api.json.my_reactions, ['heart']);
		const frag = await web.cas.post(`/posts/${org}/reactions/heart`, {
			form: { on: '0', _csrf: await web.cas.csrfFrom(`/posts/${org}`) }, headers: { 'X-Fragment': '1' } });
		assert.equal(frag.status, 200);
		assert.match(frag.text, /class="reactions"/);
		assert.equal((await anon.get(`/api/v1/posts/${org}`, { bearer: tok.cas })).json.my_reactions.length, 0);
		const cd = await web.cas.get(`/comments/${cid}/delete`);
		assert.equal(cd.status, 200);
		assert.equal((await web.bea.get(`/comments/${cid}/delete`)).status, 403);
	});
});

describe('files with the forms (no JavaScript)', () => {
	test('a post and a comment carry an image and a PDF; refused types keep the text', async () => {
		const csrf = await web.cas.csrfFrom('/', '/posts');
		const fd = new FormData();
		fd.set('_csrf', csrf);
		fd.set('text', 'Slides and a picture #files');
		fd.set('visibility', 'organisation');
		fd.append('files', new Blob([png(64, 48)]), 'team.png');
		fd.append('files', new Blob([Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')]), 'slides.pdf');
		const r = await web.cas.post('/posts', { body: fd });
		assert.equal(r.status, 303, String(r));
		const home = await web.cas.get('/');
		assert.match(home.text, /<img src="\/files\/\d+\/team\.(png|jpg)"/);
		assert.match(home.text, /href="\/files\/\d+\/slides\.pdf" download/);
		const id = Number(home.text.match(/data-post-id="(\d+)"[^]*?Slides and a picture/)[1]);
		const img = home.text.match(/src="(\/files\/\d+\/team\.\w+)"/)[1];
		assert.equal((await web.cas.get(img)).status, 200);
		assert.equal((await web.gus.get(img)).status, 404, 'a guest may not see the file of an organisation post');
		const signedOut = await anon.get(img);
		assert.ok([303, 404].includes(signedOut.status), `signed out: sign in first or 404, not the file (${signedOut.status})`);
		const unclaimed = async () => Number(await sqlite(server.dataDir,
			'SELECT count(*) FROM attachments WHERE post_id IS NULL AND comment_id IS NULL'));
		const before = await unclaimed();
		const bad = new FormData();
		bad.set('_csrf', csrf);
		bad.set('text', 'With an SVG');
		bad.append('files', new Blob([png(10, 10)]), 'fine.png');
		bad.append('files', new Blob([SVG]), 'x.svg');
		const refused = await web.cas.post('/posts', { body: bad });
		assert.ok(refused.status >= 400 && refused.status < 500, String(refused));
		assert.ok(refused.text.includes('With an SVG'), 'the text is kept');
		assert.equal(await unclaimed(), before, 'the PNG stored before the SVG was refused is not left behind');
		const blankText = new FormData();
		blankText.set('_csrf', csrf);
		blankText.set('text', '  ');
		blankText.append('files', new Blob([png(10, 10)]), 'fine.png');
		assert.equal((await web.cas.post('/posts', { body: blankText })).status, 422);
		assert.equal(await unclaimed(), before, 'nor the files of a post refused for its text');
		const cfd = new FormData();
		cfd.set('_csrf', await web.cas.csrfFrom(`/posts/${id}`, `/posts/${id}/comments`));
		cfd.set('text', 'And the photo');
		cfd.append('files', new Blob([png(20, 20)]), 'photo.png');
		assert.equal((await web.cas.post(`/posts/${id}/comments`, { body: cfd })).status, 303);
		const page = await web.bea.get(`/posts/${id}`);
		assert.match(page.text, /class="comment-body prose">[^]*?<img src="\/files\/\d+\/photo\.\w+"/);
	});
});

describe('profile activity', () => {
	test('a profile shows the latest posts the viewer may see; /people/{id}/posts pages them', async () => {
		const bea = (await anon.get('/api/v1/me', { bearer: tok.bea })).json.id;
		for (let i = 0; i < 4; i++) await anon.post('/api/v1/posts', { bearer: tok.bea, json: { text: `Profile post ${i}` } });
		const prof = await web.cas.get(`/people/${bea}`);
		assert.equal(prof.status, 200);
		assert.equal((prof.text.match(/class="post-item"/g) || []).length, 3);
		assert.ok(prof.text.includes(`href="/people/${bea}/posts"`));
		const all = await web.cas.get(`/people/${bea}/posts`);
		assert.equal(all.status, 200);
		assert.match(textOf(all.text), /Profile post 0/);
		const own = await web.gus.get(`/people/${(await anon.get('/api/v1/me', { bearer: tok.gus })).json.id}`);
		assert.equal(own.status, 200);
		assert.equal((await web.gus.get(`/people/${bea}/posts`)).status, 404);
	});
});

describe('topics', () => {
	test('a topic page lists its posts and followers; follow and unfollow', async () => {
		const t = await web.cas.get('/topics/OPENDAG');
		assert.equal(t.status, 200);
		assert.match(textOf(t.text), /#opendag/);
		const f = await web.cas.submit('/topics/opendag', {}, { action: '/topics/opendag/follow' });
		assert.equal(f.status, 303);
		const again = await web.cas.get('/topics/opendag');
		assert.match(textOf(again.text), /Cas de Vries/);
		assert.ok(parseForms(again.text).some((x) => x.action === '/topics/opendag/unfollow'));
		assert.equal((await web.cas.get('/topics/doesnotexist')).status, 404);
		assert.equal((await web.gus.get('/topics/opendag')).status, 403);
	});
});
