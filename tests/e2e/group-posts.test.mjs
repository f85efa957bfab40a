// group-posts.test.mjs — posts in groups and who sees them: posting into
// open, closed and secret groups (page and API), then every read path —
// the post page and its history, comments, reactions, an attachment's file,
// home / discover / person streams (HTML, fragments and JSON),
// notifications and live events — for a member, an owner, a non-member,
// a guest member, a guest outside, an alumnus, an administrator who is not
// a member, and anonymous. Each private post and comment carries a unique
// canary; every response body (and event) a viewer gets is searched for the
// canaries they must not see. Then moving a post (open → secret → out) and
// turning a group from open to secret take effect at once, everywhere.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { useServer, PASSWORD } from './lib/server.mjs';
import { Client, parseForms, assertApiError } from './lib/http.mjs';
import { openStream } from './lib/sse.mjs';
import { png } from './lib/images.mjs';

const U = {
	olga: { email: 'olga@groups.example', name: 'Olga Owner', role: 'member' },
	mia: { email: 'mia@groups.example', name: 'Mia Member', role: 'member' },
	nick: { email: 'nick@groups.example', name: 'Nick Nonmember', role: 'member' },
	gina: { email: 'gina@groups.example', name: 'Gina Guest', role: 'guest' },
	gus: { email: 'gus@groups.example', name: 'Gus Outsider', role: 'guest' },
	alma: { email: 'alma@groups.example', name: 'Alma Alumna', role: 'alumni' },
	ann: { email: 'ann@groups.example', name: 'Ann Admin', role: 'admin' },
};
const server = useServer({ users: Object.values(U) });

const web = {};     // signed-in page clients
const tok = {};     // API tokens
const id = {};      // person ids
const grp = {};     // group ids: open, closed, secret
const posts = {};   // post ids
const streams = [];
let anon;
let groupsApi = true;  // false until the groups API has landed: groups are then made with SQL

const canary = (what) => `canary-${what}-${randomBytes(6).toString('hex')}`;
const C = {};       // canaries by name
const seenBy = {};  // canary name → the viewers who may see it

function sql(text) {
	return execFileSync('sqlite3', ['-cmd', '.timeout 5000', join(server.dataDir, 'plein.db'), text],
		{ encoding: 'utf8' }).trim();
}

// Groups through the documented API (groups-core), or with SQL where it
// has not landed yet (404/405 for the route itself).
async function createGroup(owner, name, kind) {
	if (groupsApi) {
		const r = await anon.post('/api/v1/groups', { bearer: tok[owner], json: { name, kind } });
		if (r.status === 201) return r.json.id;
		assert.ok(r.status === 404 || r.status === 405, `POST /api/v1/groups: ${r}`);
		groupsApi = false;
	}
	const now = Math.floor(Date.now() / 1000);
	return Number(sql(`INSERT INTO groups(name, name_key, kind, member_count, created_by, created_at, updated_at)
		VALUES ('${name}', '${name.toLowerCase()}', '${kind}', 1, ${id[owner]}, ${now}, ${now});
		INSERT INTO group_members(group_id, person_id, role, joined_at) VALUES (last_insert_rowid(), ${id[owner]}, 'owner', ${now});
		SELECT max(id) FROM groups;`));
}

async function addMember(owner, gid, who) {
	if (groupsApi) {
		const r = await anon.post(`/api/v1/groups/${gid}/members`, { bearer: tok[owner], json: { person_id: id[who] } });
		assert.ok(r.status < 300, `add ${who} to group ${gid}: ${r}`);
		return;
	}
	sql(`INSERT INTO group_members(group_id, person_id, role, joined_at) VALUES (${gid}, ${id[who]}, 'member', 0);
		UPDATE groups SET member_count = member_count + 1 WHERE id = ${gid};`);
}

async function setKind(owner, gid, kind) {
	if (groupsApi) {
		const r = await anon.patch(`/api/v1/groups/${gid}`, { bearer: tok[owner], json: { kind } });
		assert.equal(r.status, 200, `PATCH group ${gid} kind ${kind}: ${r}`);
		return;
	}
	sql(`UPDATE groups SET kind = '${kind}' WHERE id = ${gid};`);
}

async function apiPost(who, json) {
	return anon.post('/api/v1/posts', { bearer: tok[who], json });
}

const mention = (who) => `@[${U[who].name}](/people/${id[who]})`;
const VIEWERS = ['olga', 'mia', 'nick', 'gina', 'gus', 'alma', 'ann', 'anon'];
const client = (v) => (v === 'anon' ? anon : web[v]);
const bearer = (v) => (v === 'anon' ? undefined : tok[v]);

// Every body a viewer was given, searched for canaries they must not see.
function assertNoLeak(viewer, body, what) {
	for (const [name, text] of Object.entries(C)) {
		if (seenBy[name].includes(viewer)) continue;
		assert.ok(!body.includes(text), `${viewer} was shown canary ${name} in ${what}`);
	}
}
async function getAs(viewer, path, { api = false } = {}) {
	const r = api ? await anon.get(path, { bearer: bearer(viewer) }) : await client(viewer).get(path);
	assertNoLeak(viewer, r.text, path);
	return r;
}

before(async () => {
	await server.ready;
	anon = new Client(server.url);
	for (const [k, u] of Object.entries(U)) {
		web[k] = new Client(server.url);
		await web[k].signIn(u.email, PASSWORD);
		const s = await new Client(server.url).apiSignIn(u.email, PASSWORD);
		tok[k] = s.token;
		id[k] = s.person.id;
	}
	grp.open = await createGroup('olga', 'Open Garden', 'open');
	grp.closed = await createGroup('olga', 'Closed Circle', 'closed');
	grp.secret = await createGroup('olga', 'Secret Society', 'secret');
	for (const g of Object.values(grp)) for (const who of ['mia', 'gina']) await addMember('olga', g, who);

	const members = ['olga', 'mia', 'gina'];
	for (const [k, who] of [['open', [...members, 'nick', 'ann']], ['closed', members], ['secret', members]]) {
		C[k] = canary(k);
		seenBy[k] = who;
	}
	C.secretComment = canary('secret-comment');
	seenBy.secretComment = members;
	C.secretFile = canary('secret-file');
	seenBy.secretFile = members;

	// open: by API; closed: by the page's composer; secret: API with a mention of a non-member and a file
	let r = await apiPost('mia', { text: `In the open ${C.open} ${mention('nick')}`, group_id: grp.open });
	assert.equal(r.status, 201, `${r}`);
	posts.open = r.json.id;
	const home = await web.mia.get('/');
	const form = parseForms(home.text).find((f) => f.action === '/posts');
	assert.ok(form, 'Mia has a composer');
	r = await web.mia.post('/posts', { form: { _csrf: form.values._csrf, text: `Closed doors ${C.closed}`,
		group_id: String(grp.closed), visibility: 'public', return: '/' } });
	assert.equal(r.status, 303, `${r}`);
	assert.equal(r.headers.get('location'), '/');
	posts.closed = Number(sql(`SELECT max(id) FROM posts WHERE group_id = ${grp.closed};`));
	const file = await anon.post(`/api/v1/attachments?name=${C.secretFile}.png`, {
		bearer: tok.mia, body: png(8, 8), headers: { 'Content-Type': 'application/octet-stream' } });
	assert.equal(file.status, 201, `${file}`);
	r = await apiPost('mia', { text: `Psst ${C.secret} ${mention('nick')} ${mention('gina')}`, group_id: grp.secret,
		attachments: [file.json.id] });
	assert.equal(r.status, 201, `${r}`);
	posts.secret = r.json.id;
	posts.secretFileUrl = r.json.attachments[0].url;
	r = await anon.post(`/api/v1/posts/${posts.secret}/comments`, { bearer: tok.gina, json: { text: `Hush ${C.secretComment}` } });
	assert.equal(r.status, 201, `the guest comments in her group: ${r}`);
	r = await anon.put(`/api/v1/posts/${posts.secret}/reactions/heart`, { bearer: tok.olga });
	assert.ok(r.status < 300, `${r}`);
});

after(() => {
	for (const s of streams) s.close();
});

describe('posting into groups', () => {
	test('the post carries its group, visibility group; the page says "in <group>" with a lock when closed', async () => {
		const r = await anon.get(`/api/v1/posts/${posts.closed}`, { bearer: tok.mia });
		assert.equal(r.status, 200);
		assert.equal(r.json.visibility, 'group', 'a public choice does not apply in a group');
		assert.deepEqual(r.json.group, { id: grp.closed, name: 'Closed Circle', kind: 'closed' });
		const page = await web.mia.get(`/posts/${posts.closed}`);
		assert.match(page.text, new RegExp(`in <a href="/groups/${grp.closed}">Closed Circle</a><span class="post-group-kind"`));
		const open = await web.mia.get(`/posts/${posts.open}`);
		assert.ok(!/post-group-kind/.test(open.text.split('post-group')[1] || ''), 'no lock on an open group');
		const org = await apiPost('mia', { text: 'Just the organisation' });
		assert.equal(org.json.group, null);
	});

	test('only members post in a group; guests and alumni only in their groups', async () => {
		assert.equal((await apiPost('nick', { text: 'let me in', group_id: grp.closed })).status, 403);
		assert.equal((await apiPost('nick', { text: 'let me in', group_id: grp.open })).status, 403, 'open groups too: join first');
		assertApiError(await apiPost('nick', { text: 'what secret?', group_id: grp.secret }), 422, 'invalid', { field: 'group_id' });
		assert.equal((await apiPost('ann', { text: 'admin', group_id: grp.secret })).status, 422);
		assert.equal((await apiPost('gus', { text: 'outsider', group_id: grp.closed })).status, 422);
		const g = await apiPost('gina', { text: 'A guest in her group', group_id: grp.closed });
		assert.equal(g.status, 201, `${g}`);
		assert.equal((await apiPost('gina', { text: 'A guest outside' })).status, 403);
		// a guest attaches files to posts in her group; a guest without groups uploads nothing
		const up = (who) => anon.post('/api/v1/attachments?name=plan.png', {
			bearer: tok[who], body: png(8, 8), headers: { 'Content-Type': 'application/octet-stream' } });
		const gf = await up('gina');
		assert.equal(gf.status, 201, `${gf}`);
		const withFile = await apiPost('gina', { text: 'A guest with a file', group_id: grp.closed, attachments: [gf.json.id] });
		assert.equal(withFile.status, 201, `${withFile}`);
		assert.equal(withFile.json.attachments.length, 1);
		assert.equal((await up('gus')).status, 403, 'a guest in no group');
		assert.equal((await apiPost('mia', { text: 'x', group_id: 'abc' })).status, 422);
		assert.equal((await apiPost('mia', { text: 'x', group_id: grp.open, visibility: 'public' })).status, 422);
		assert.equal((await apiPost('mia', { text: 'x', group_id: grp.open, kind: 'announcement' })).status, 403);
		// the page form: a non-member's group_id is refused, a foreign return path ignored
		const csrf = parseForms((await web.nick.get('/')).text).find((f) => f.action === '/posts').values._csrf;
		assert.equal((await web.nick.post('/posts', { form: { _csrf: csrf, text: 'x', group_id: String(grp.closed) } })).status, 403);
		assert.equal((await web.nick.post('/posts', { form: { _csrf: csrf, text: 'x', group_id: String(grp.secret) } })).status, 404);
		const r = await web.nick.post('/posts', { form: { _csrf: csrf, text: 'x', return: '//evil.example/' } });
		assert.equal(r.status, 303);
		assert.equal(r.headers.get('location'), '/');
		const m = parseForms((await web.mia.get('/')).text).find((f) => f.action === '/posts').values._csrf;
		const back = await web.mia.post('/posts', { form: { _csrf: m, text: 'from the group page', group_id: String(grp.open),
			return: `/groups/${grp.open}` } });
		assert.equal(back.headers.get('location'), `/groups/${grp.open}`);
	});

	test('alumni post in the alumni group only, and see it on their home', async () => {
		const alumni = Number(sql("SELECT id FROM groups WHERE special = 'alumni';"));
		assert.equal((await apiPost('alma', { text: 'Hello from outside' })).status, 403);
		C.alumni = canary('alumni');
		seenBy.alumni = ['alma'];
		const r = await apiPost('alma', { text: `Reunion ${C.alumni}`, group_id: alumni });
		assert.equal(r.status, 201, `${r}`);
		assert.equal(r.json.group.name.length > 0, true);
		assert.ok((await getAs('alma', '/')).text.includes(C.alumni));
		for (const v of ['nick', 'ann', 'gina', 'gus', 'anon']) await getAs(v, `/api/v1/posts/${r.json.id}`, { api: true });
		assert.equal((await apiPost('alma', { text: 'x', group_id: grp.open })).status, 422, 'no other group');
	});

	test('the composer offers the organisation and the viewer\'s groups; a guest only her groups', async () => {
		const mia = await web.mia.get('/');
		const sel = mia.text.match(/<select class="input" id="composer-group" name="group_id">([\s\S]*?)<\/select>/);
		assert.ok(sel, 'a "Post in" select');
		const options = [...sel[1].matchAll(/<option value="(\d*)"[^>]*>([^<]*)</g)].map((m) => [m[1], m[2]]);
		assert.deepEqual(options, [['', 'Organisation'], [String(grp.closed), 'Closed Circle'],
			[String(grp.open), 'Open Garden'], [String(grp.secret), 'Secret Society']]);
		const nick = await web.nick.get('/');
		assert.ok(!/composer-group/.test(nick.text), 'no groups, no select');
		const gina = await web.gina.get('/');
		assert.equal(gina.status, 200);
		const gsel = gina.text.match(/id="composer-group" name="group_id">([\s\S]*?)<\/select>/);
		assert.ok(gsel, 'the guest can post in her groups');
		assert.ok(!/value=""/.test(gsel[1]), 'but not to the organisation');
		assert.ok(!/composer-visibility/.test(gina.text));
		assert.ok(gina.text.includes(`href="/groups/${grp.secret}"`), 'her groups are linked from her home');
		const gus = await web.gus.get('/');
		assert.ok(!parseForms(gus.text).some((f) => f.action === '/posts'), 'a guest without groups has no composer');
	});
});

describe('who sees what', () => {
	const may = (v, which) => seenBy[which].includes(v);

	test('the post page, history, comments, reactions and the API twins', async () => {
		for (const v of VIEWERS) {
			for (const which of ['open', 'closed', 'secret']) {
				const pid = posts[which];
				const ok = may(v, which);
				const page = await getAs(v, `/posts/${pid}`);
				if (ok) assert.equal(page.status, 200, `${v} /posts/${which}`);
				else assert.ok(page.status === 404 || (v === 'anon' && page.status === 303), `${v} /posts/${which}: ${page.status}`);
				for (const p of [`/posts/${pid}/history`, `/posts/${pid}/comments/fragment`, `/posts/${pid}/reactions`,
					`/posts/${pid}/reactions/fragment`]) {
					const r = await getAs(v, p);
					assert.equal(r.status === 200, ok, `${v} ${p}: ${r.status}`);
				}
				for (const p of [`/api/v1/posts/${pid}`, `/api/v1/posts/${pid}/comments`, `/api/v1/posts/${pid}/reactions`,
					`/api/v1/posts/${pid}/revisions`]) {
					const r = await getAs(v, p, { api: true });
					assert.equal(r.status === 200, ok, `${v} ${p}: ${r.status}`);
				}
			}
			const f = await getAs(v, posts.secretFileUrl);
			assert.equal(f.status === 200, may(v, 'secret'), `${v} the secret post's file: ${f.status}`);
		}
		const c = await anon.get(`/api/v1/posts/${posts.secret}/comments`, { bearer: tok.mia });
		assert.ok(c.text.includes(C.secretComment));
	});

	test('comments and reactions: members, and everyone who may browse in open groups', async () => {
		const comment = (v, which) => anon.post(`/api/v1/posts/${posts[which]}/comments`, { bearer: tok[v], json: { text: 'hi' } });
		assert.equal((await comment('nick', 'open')).status, 201);
		assert.equal((await comment('nick', 'closed')).status, 404);
		assert.equal((await comment('gus', 'open')).status, 404);
		assert.equal((await comment('gina', 'open')).status, 201, 'a guest member');
		assert.equal((await anon.put(`/api/v1/posts/${posts.closed}/reactions/like`, { bearer: tok.ann })).status, 404);
		assert.ok((await anon.put(`/api/v1/posts/${posts.closed}/reactions/like`, { bearer: tok.gina })).status < 300);
	});

	test('streams: home has the viewer\'s groups, discover what they may browse, a person\'s what they may see', async () => {
		for (const v of VIEWERS) {
			const home = await getAs(v, '/');
			const apiHome = await getAs(v, '/api/v1/stream/home', { api: true });
			const frag = await getAs(v, '/stream/home/fragment?after=1');
			const disc = await getAs(v, '/discover');
			const apiDisc = await getAs(v, '/api/v1/stream/discover', { api: true });
			const dfrag = await getAs(v, '/stream/discover/fragment?after=1');
			const person = await getAs(v, `/people/${id.mia}/posts`);
			const apiPerson = await getAs(v, `/api/v1/people/${id.mia}/posts`, { api: true });
			if (v === 'anon') continue;
			const browse = !['gina', 'gus', 'alma'].includes(v);
			assert.equal(disc.status, browse ? 200 : 403, `${v} /discover`);
			assert.equal(apiDisc.status, browse ? 200 : 403, `${v} discover API`);
			assert.equal(dfrag.status, browse ? 200 : 403, `${v} discover fragment`);
			assert.equal(home.status, 200);
			assert.equal(frag.status, 200, `${v} home fragment`);
			for (const which of ['open', 'closed', 'secret']) {
				const member = ['olga', 'mia', 'gina'].includes(v);
				assert.equal(home.text.includes(C[which]), member, `${v} home has ${which}`);
				assert.equal(apiHome.text.includes(C[which]), member, `${v} home API has ${which}`);
				if (browse) assert.equal(disc.text.includes(C[which]), may(v, which), `${v} discover has ${which}`);
				if (person.status === 200) assert.equal(person.text.includes(C[which]), may(v, which), `${v} Mia's posts: ${which}`);
				if (apiPerson.status === 200) assert.equal(apiPerson.text.includes(C[which]), may(v, which));
			}
			assert.equal(person.status, ['gus', 'alma'].includes(v) ? 404 : 200, `${v} may see Mia (a guest: a co-member)`);
		}
	});

	test('notifications: a mention reaches only those who may see the post', async () => {
		const nick = await getAs('nick', '/api/v1/notifications', { api: true });
		const about = nick.json.items.map((n) => n.post_id);
		assert.ok(!about.includes(posts.secret), 'no mention from a secret group he is not in');
		assert.ok(about.includes(posts.open), 'the open group\'s mention reached him');
		const gina = await getAs('gina', '/api/v1/notifications', { api: true });
		const n = gina.json.items.find((x) => x.post_id === posts.secret && x.kind === 'mention');
		assert.ok(n, 'the guest member is told');
		assert.ok(n.text.includes(C.secret), 'with the text: she may read it');
		await getAs('gina', '/notifications');
		await getAs('nick', '/notifications');
	});
});

describe('live events', () => {
	async function open(v) {
		const s = await openStream(server.url, '/api/v1/events', { bearer: tok[v] });
		streams.push(s);
		assert.equal(s.status, 200);
		await s.until((x) => x.lastEventId !== null, 'the first id');
		return s;
	}

	test('group posts reach exactly those who may see them; in_home for members', async () => {
		const s = Object.fromEntries(await Promise.all(['mia', 'nick', 'gina', 'gus', 'alma', 'ann'].map(async (v) => [v, await open(v)])));
		const sec = (await apiPost('olga', { text: `live ${canary('x')}`, group_id: grp.secret })).json.id;
		const opn = (await apiPost('olga', { text: 'live open', group_id: grp.open })).json.id;
		const marker = (await apiPost('olga', { text: 'live marker', visibility: 'public' })).json.id;
		for (const v of Object.keys(s)) await s[v].waitFor('post', (d) => d.post_id === marker);
		const got = (v) => s[v].json('post').map((d) => d.post_id);
		assert.ok(got('mia').includes(sec) && got('gina').includes(sec), 'members get the secret group\'s post');
		for (const v of ['nick', 'gus', 'alma', 'ann']) assert.ok(!got(v).includes(sec), `${v} got the secret group's post`);
		assert.ok(got('nick').includes(opn) && got('ann').includes(opn), 'the organisation gets the open group\'s');
		assert.ok(!got('gus').includes(opn) && !got('alma').includes(opn));
		assert.equal(s.mia.json('post').find((d) => d.post_id === opn).in_home, true, 'a member\'s home');
		assert.equal(s.nick.json('post').find((d) => d.post_id === opn).in_home, false);
	});
});

describe('moving a post and changing a group', () => {
	test('open → secret → organisation: who sees it changes at once, live streams are told', async () => {
		C.move = canary('move');
		seenBy.move = ['olga', 'mia', 'nick', 'gina', 'ann'];
		C.moveComment = canary('move-comment');
		seenBy.moveComment = seenBy.move;
		const pid = (await apiPost('mia', { text: `Moving ${C.move}`, group_id: grp.open })).json.id;
		assert.equal((await anon.post(`/api/v1/posts/${pid}/comments`, { bearer: tok.nick, json: { text: C.moveComment } })).status, 201);
		const nickLive = await openStream(server.url, '/api/v1/events', { bearer: tok.nick });
		const ginaLive = await openStream(server.url, '/api/v1/events', { bearer: tok.gina });
		streams.push(nickLive, ginaLive);
		await nickLive.until((x) => x.lastEventId !== null, 'the first id');
		await ginaLive.until((x) => x.lastEventId !== null, 'the first id');

		assert.equal((await anon.patch(`/api/v1/posts/${pid}`, { bearer: tok.nick, json: { group_id: grp.secret } })).status, 422,
			'a group he cannot see');
		assert.equal((await anon.patch(`/api/v1/posts/${pid}`, { bearer: tok.nick, json: { group_id: null } })).status, 403,
			'not his post');
		assert.equal((await anon.patch(`/api/v1/posts/${pid}`, { bearer: tok.mia, json: { group_id: grp.secret, text: 'x' } })).status, 422);
		const r = await anon.patch(`/api/v1/posts/${pid}`, { bearer: tok.mia, json: { group_id: grp.secret } });
		assert.equal(r.status, 200, `${r}`);
		assert.deepEqual([r.json.visibility, r.json.group.kind], ['group', 'secret']);
		seenBy.move = ['olga', 'mia', 'gina'];
		seenBy.moveComment = seenBy.move;
		assert.equal((await nickLive.waitFor('post_moved', (d) => d.post_id === pid)).visible, false);
		assert.equal((await ginaLive.waitFor('post_moved', (d) => d.post_id === pid)).visible, true);
		for (const v of VIEWERS) {
			const ok = seenBy.move.includes(v);
			assert.equal((await getAs(v, `/api/v1/posts/${pid}`, { api: true })).status === 200, ok, `${v} after the move`);
			assert.equal((await getAs(v, `/api/v1/posts/${pid}/comments`, { api: true })).status === 200, ok);
			if (v !== 'anon') await getAs(v, '/');
			if (['nick', 'ann', 'mia'].includes(v)) await getAs(v, '/discover');
		}
		assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'post_moved' AND subject LIKE 'post ${pid}:%';`), '1');

		// out again, through the page: the select offers the organisation and Mia's groups, saying who will see it
		const form = await web.mia.get(`/posts/${pid}/move`);
		assert.equal(form.status, 200);
		assert.match(form.text, /value="" checked><span><strong>Organisation<\/strong> <span class="hint">everyone in the organisation can see it</);
		assert.match(form.text, new RegExp(`value="${grp.closed}"><span><strong>Closed Circle</strong> <span class="hint">only its 3 members can see it<`));
		assert.ok(!form.text.includes(`value="${grp.secret}"`), 'not where it is');
		assert.equal((await web.nick.get(`/posts/${pid}/move`)).status, 404);
		const f = parseForms(form.text).find((x) => x.action === `/posts/${pid}/move`);
		const moved = await web.mia.post(`/posts/${pid}/move`, { form: { _csrf: f.values._csrf, group_id: '' } });
		assert.equal(moved.status, 303);
		seenBy.move = ['olga', 'mia', 'nick', 'gina', 'ann'];
		seenBy.moveComment = seenBy.move;
		const after = await anon.get(`/api/v1/posts/${pid}`, { bearer: tok.nick });
		assert.equal(after.status, 200);
		assert.deepEqual([after.json.visibility, after.json.group], ['organisation', null]);
		assert.equal((await nickLive.waitFor('post_moved', (d) => d.post_id === pid && d.visible)).in_home, false);
		assert.equal((await web.nick.get(`/posts/${pid}/move`)).status, 403, 'not his to move');
	});

	test('a group turned from open to secret hides its posts, comments and notification texts at once', async () => {
		C.turn = canary('turn');
		seenBy.turn = ['olga', 'mia', 'nick', 'gina', 'ann'];
		const pid = (await apiPost('mia', { text: `Soon secret ${C.turn} ${mention('nick')}`, group_id: grp.open })).json.id;
		const before = await anon.get('/api/v1/notifications', { bearer: tok.nick });
		assert.ok(before.json.items.find((n) => n.post_id === pid).text.includes(C.turn), 'the mention shows its text while open');
		const nickLive = await openStream(server.url, '/api/v1/events', { bearer: tok.nick });
		const ginaLive = await openStream(server.url, '/api/v1/events', { bearer: tok.gina });
		streams.push(nickLive, ginaLive);
		await nickLive.until((x) => x.lastEventId !== null, 'the first id');
		await ginaLive.until((x) => x.lastEventId !== null, 'the first id');
		await setKind('olga', grp.open, 'secret');
		// open pages drop the group's posts for those who can no longer read it; members hear nothing
		assert.equal((await nickLive.waitFor('group_changed', (d) => d.group_id === grp.open)).group_id, grp.open);
		await new Promise((r) => setTimeout(r, 300));
		assert.equal(ginaLive.json('group_changed').length, 0, 'a member keeps reading the group');
		seenBy.turn = ['olga', 'mia', 'gina'];
		seenBy.open = ['olga', 'mia', 'gina'];
		for (const v of VIEWERS) {
			const ok = seenBy.turn.includes(v);
			assert.equal((await getAs(v, `/api/v1/posts/${pid}`, { api: true })).status === 200, ok, `${v} after the change`);
			assert.equal((await getAs(v, `/posts/${pid}`)).status === 200, ok);
			if (v !== 'anon') {
				await getAs(v, '/');
				await getAs(v, '/api/v1/notifications', { api: true });
				await getAs(v, '/notifications');
			}
			if (['nick', 'ann'].includes(v)) await getAs(v, '/discover');
		}
		const items = (await anon.get('/api/v1/notifications', { bearer: tok.nick })).json.items;
		assert.equal(items.length, before.json.items.length, 'the notification stays');
		assert.ok(!items.some((x) => x.post_id === pid), 'without its post');
		await setKind('olga', grp.open, 'open');
		seenBy.open = ['olga', 'mia', 'nick', 'gina', 'ann'];
	});
});
