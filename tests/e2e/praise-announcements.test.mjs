// Praise (the /praise/new form and the API; what profiles show), the
// Follow / Following button on profiles, and announcements (shown until
// dismissed or expired, seen counts for the author and administrators only,
// only administrators and communicators post them). The spotlight's fairness
// over days is a unit test (tests/unit/test_praise.c) with a fixed clock.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, PASSWORD } from './lib/server.mjs';
import { Client, assertApiError, parseForms, textOf, sleep } from './lib/http.mjs';

const ANN = { email: 'ann@example.com', name: 'Ann Admin', role: 'admin' };
const BEA = { email: 'bea@example.com', name: 'Bea Bakker' };
const CAS = { email: 'cas@example.com', name: 'Cas de Vries' };
const DIK = { email: 'dik@example.com', name: 'Dik <script>Dijk</script>' };
const COM = { email: 'com@example.com', name: 'Coby Comms', role: 'communicator' };
const GUS = { email: 'gus@example.com', name: 'Gus Guest', role: 'guest' };
const server = useServer({ users: [ANN, BEA, CAS, DIK, COM, GUS] });

const tok = {};
const ids = {};
const web = {};
let c;
const api = (who) => ({
	get: (path) => c.get(path, { bearer: tok[who] }),
	post: (path, json) => c.post(path, { bearer: tok[who], json }),
});

before(async () => {
	await server.ready;
	c = new Client(server.url);
	for (const [k, u] of Object.entries({ ann: ANN, bea: BEA, cas: CAS, dik: DIK, com: COM, gus: GUS })) {
		tok[k] = (await new Client(server.url).apiSignIn(u.email, PASSWORD)).token;
		ids[k] = (await c.get('/api/v1/me', { bearer: tok[k] })).json.id;
		web[k] = new Client(server.url);
		await web[k].signIn(u.email, PASSWORD);
	}
});

describe('praise', () => {
	test('the form preselects ?to=ID, creates a praise post and redirects to it; the profile shows it', async () => {
		const form = await web.bea.get(`/praise/new?to=${ids.cas}`);
		assert.equal(form.status, 200, String(form));
		const f = parseForms(form.text).find((x) => x.action === '/praise/new');
		assert.ok(f, 'a form posting to /praise/new');
		assert.match(form.text, new RegExp(`name="to" value="${ids.cas}" checked`));
		for (const b of ['helpful', 'team_player', 'expert', 'above_and_beyond', 'mentor', 'creative'])
			assert.match(form.text, new RegExp(`type="radio" name="badge" value="${b}"`));
		const r = await web.bea.post('/praise/new', { form: { _csrf: f.values._csrf, to: String(ids.cas), badge: 'mentor', text: 'Thanks for **showing** me the ropes' } });
		assert.equal(r.status, 303, String(r));
		const m = /^\/posts\/(\d+)$/.exec(r.headers.get('location'));
		assert.ok(m, `redirect to the post: ${r.headers.get('location')}`);
		const post = await api('cas').get(`/api/v1/posts/${m[1]}`);
		assert.equal(post.json.kind, 'praise');
		assert.equal(post.json.badge, 'mentor');
		assert.deepEqual(post.json.praised.map((p) => p.id), [ids.cas]);
		const profile = await web.dik.get(`/people/${ids.cas}`);
		assert.equal(profile.status, 200);
		assert.match(profile.text, /Praise received/);
		assert.match(profile.text, /Mentor<\/span> <span class="praise-badge-count">×1/);
		assert.match(profile.text, new RegExp(`href="/posts/${m[1]}"`));
		assert.match(textOf(profile.text), /Thanks for showing me the ropes/);
		assert.match(profile.text, new RegExp(`href="/praise/new\\?to=${ids.cas}"`), 'a Praise button for colleagues');
		const own = await web.cas.get(`/people/${ids.cas}`);
		assert.doesNotMatch(own.text, /href="\/praise\/new\?to=/, 'no Praise button on your own profile');
	});

	test('colleagues typed as names or e-mail addresses are resolved; several at once', async () => {
		const r = await web.bea.submit('/praise/new', { colleagues: 'Cas de Vries, dik@example.com', badge: 'team_player', text: 'Great teamwork' });
		assert.equal(r.status, 303, String(r));
		const id = r.headers.get('location').split('/').pop();
		const post = await api('bea').get(`/api/v1/posts/${id}`);
		assert.deepEqual(post.json.praised.map((p) => p.id).sort(), [ids.cas, ids.dik].sort());
	});

	test('validation errors re-render the form with messages and keep what was typed', async () => {
		const r = await web.bea.submit('/praise/new', { colleagues: 'nobody@example.com', text: 'Thanks <b>a lot</b>' });
		assert.equal(r.status, 422, String(r));
		assert.match(r.text, /No colleague has the e-mail address nobody@example\.com/);
		assert.match(r.text, /Choose one of the badges/);
		assert.match(r.text, /Thanks &lt;b&gt;a lot&lt;\/b&gt;/);
		const self = await web.bea.submit('/praise/new', { colleagues: BEA.email, badge: 'helpful', text: 'me' });
		assert.equal(self.status, 422, 'you cannot praise yourself');
		const empty = await web.bea.submit('/praise/new', { badge: 'helpful', text: 'hi' });
		assert.equal(empty.status, 422);
		assert.match(empty.text, /Choose the colleagues to praise/);
		const nl = await web.bea.submit('/praise/new', { badge: 'nope', text: '' }, { headers: { 'accept-language': 'nl' } });
		assert.equal(nl.status, 422);
	});

	test('praise via the API shows on the profile, with counts per badge', async () => {
		for (let i = 0; i < 2; i++) {
			const r = await api('dik').post('/api/v1/posts', { text: `Expert help #${i}`, kind: 'praise', badge: 'expert', praised: [ids.bea] });
			assert.equal(r.status, 201, String(r));
		}
		const profile = await web.cas.get(`/people/${ids.bea}`);
		assert.match(profile.text, /Expert<\/span> <span class="praise-badge-count">×2/);
		assert.doesNotMatch(profile.text, /<script>Dijk/, 'the giver\'s name is escaped');
		assert.equal((profile.text.match(/class="praise-recent-item"/g) || []).length, 2);
	});

	test('guests cannot praise', async () => {
		assert.equal((await web.gus.get('/praise/new')).status, 403);
	});
});

describe('follow buttons on profiles', () => {
	test('Follow → Following (aria-pressed) → unfollow, with counts', async () => {
		let p = await web.bea.get(`/people/${ids.com}`);
		assert.match(p.text, /<strong>0<\/strong> followers/);
		assert.match(p.text, /aria-pressed="false"/);
		const r = await web.bea.submit(`/people/${ids.com}`, {}, { action: `/people/${ids.com}/follow` });
		assert.equal(r.status, 303, String(r));
		assert.equal(r.headers.get('location'), `/people/${ids.com}#follow`);
		p = await web.bea.get(`/people/${ids.com}`);
		assert.match(p.text, /<strong>1<\/strong> followers/);
		assert.match(p.text, /aria-pressed="true"/);
		const mine = await web.bea.get(`/people/${ids.bea}`);
		assert.match(mine.text, /<strong>1<\/strong> following/);
		assert.ok(!mine.text.includes(`action="/people/${ids.bea}/follow"`) && !mine.text.includes(`action="/people/${ids.bea}/unfollow"`),
			'no follow button on your own profile');
		const home = await api('bea').get('/api/v1/stream/home');
		assert.equal(home.status, 200);
		const u = await web.bea.submit(`/people/${ids.com}`, {}, { action: `/people/${ids.com}/unfollow` });
		assert.equal(u.status, 303);
		p = await web.bea.get(`/people/${ids.com}`);
		assert.match(p.text, /<strong>0<\/strong> followers/);
		assert.match(p.text, /aria-pressed="false"/);
	});

	test('no button for guests; following yourself is refused; CSRF required', async () => {
		const g = await web.gus.get(`/people/${ids.gus}`);
		assert.doesNotMatch(g.text, /aria-pressed/);
		assert.equal((await web.gus.postForm(`/people/${ids.bea}/follow`, {}, { csrfPage: `/people/${ids.gus}` })).status, 403);
		assert.equal((await web.bea.postForm(`/people/${ids.bea}/follow`, {}, { csrfPage: '/praise/new' })).status, 422);
		assert.equal((await web.bea.post(`/people/${ids.cas}/follow`, { form: {} })).status, 403);
	});
});

describe('announcements', () => {
	let annId;
	test('members cannot create; communicators post through /announcements/new', async () => {
		assert.equal((await web.bea.get('/announcements/new')).status, 403);
		assertApiError(await api('bea').post('/api/v1/posts', { text: 'Hi all', kind: 'announcement' }), 403, 'forbidden');
		assert.equal((await web.bea.postForm('/announcements/new', { text: 'x' }, { csrfPage: '/praise/new' })).status, 403);
		const bad = await web.com.submit('/announcements/new', { text: 'Past', expires: '2001-01-01' });
		assert.equal(bad.status, 422);
		assert.match(bad.text, /must be in the future/);
		const r = await web.com.submit('/announcements/new', { text: 'The office is **closed** on Friday', expires: '2999-12-31' });
		assert.equal(r.status, 303, String(r));
		assert.equal(r.headers.get('location'), '/');
		const list = await api('bea').get('/api/v1/announcements');
		assert.equal(list.status, 200, String(list));
		assert.equal(list.json.items.length, 1);
		annId = list.json.items[0].id;
		assert.match(list.json.items[0].html, /<strong>closed<\/strong>/);
		assert.equal(list.json.items[0].author.id, ids.com);
		assert.ok(list.json.items[0].expires_at.startsWith('2999-12-31') || list.json.items[0].expires_at.startsWith('3000-01-01'));
		assert.equal(list.json.items[0].seen_count, undefined, 'members see no seen count');
		assert.equal(list.json.can_announce, false);
	});

	test('seen counts: only the author and administrators see them; steady views count once', async () => {
		await api('cas').get('/api/v1/announcements');
		await api('cas').get('/api/v1/announcements');
		const author = await api('com').get('/api/v1/announcements');
		assert.equal(author.json.can_announce, true);
		assert.equal(author.json.items[0].seen_count, 3, 'bea, cas and now com');
		const admin = await api('ann').get('/api/v1/announcements');
		assert.equal(admin.json.items[0].seen_count, 4);
	});

	test('shown until dismissed (API and form)', async () => {
		const d = await c.post(`/api/v1/announcements/${annId}/dismiss`, { bearer: tok.bea });
		assert.equal(d.status, 204, String(d));
		assert.equal((await api('bea').get('/api/v1/announcements')).json.items.length, 0);
		assert.equal((await api('cas').get('/api/v1/announcements')).json.items.length, 1, 'others still see it');
		const f = await web.cas.postForm(`/announcements/${annId}/dismiss`, {}, { csrfPage: '/praise/new' });
		assert.equal(f.status, 303);
		assert.equal(f.headers.get('location'), '/');
		assert.equal((await api('cas').get('/api/v1/announcements')).json.items.length, 0);
		assert.equal((await api('com').get('/api/v1/announcements')).json.items[0].seen_count, 4, 'dismissing keeps the view');
		const notAnn = await api('bea').post('/api/v1/posts', { text: 'plain' });
		assertApiError(await c.post(`/api/v1/announcements/${notAnn.json.id}/dismiss`, { bearer: tok.bea }), 404, 'not_found');
	});

	test('expired announcements are gone', async () => {
		const r = await api('ann').post('/api/v1/posts', { text: 'Short notice', kind: 'announcement', expires_at: Math.floor(Date.now() / 1000) + 2 });
		assert.equal(r.status, 201, String(r));
		assert.ok((await api('dik').get('/api/v1/announcements')).json.items.some((a) => a.id === r.json.id));
		let gone = false;
		for (let i = 0; i < 40 && !gone; i++) {
			await sleep(250);
			gone = !(await api('dik').get('/api/v1/announcements')).json.items.some((a) => a.id === r.json.id);
		}
		assert.ok(gone, 'the expired announcement is no longer listed');
	});
});
