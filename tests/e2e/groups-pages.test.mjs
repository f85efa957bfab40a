// The group pages over HTTP: the directory (search, category, "My groups",
// invitations; guests only see their own groups), creating a group (CSRF,
// errors at the fields, duplicate names), a group's page (404 for a secret
// group to non-members, 403 with "Ask to join" for closed content), members
// (invite by name or e-mail, requests approved and declined, roles, removal
// with a confirmation page), about, settings with the kind-change
// confirmation, leaving (the last owner is refused), pins, deleting.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, PASSWORD } from './lib/server.mjs';
import { Client, parseForms, textOf } from './lib/http.mjs';
import { sqlite } from './lib/experts-fixture.mjs';

const ANN = { email: 'ann@example.com', name: 'Ann Admin', role: 'admin' };
const OWEN = { email: 'owen@example.com', name: 'Owen Owner' };
const MIA = { email: 'mia@example.com', name: 'Mia <b>Member</b>' };
const NIK = { email: 'nik@example.com', name: 'Nik Outsider' };
const GUS = { email: 'gus@example.com', name: 'Gus Guest', role: 'guest' };
const ALI = { email: 'ali@example.com', name: 'Ali Alumnus', role: 'alumni' };
const server = useServer({ users: [ANN, OWEN, MIA, NIK, GUS, ALI] });

const web = {};
const id = {};
const g = {};   // group ids: open, closed, secret

/** POST a form with the session's CSRF token. */
const post = (who, path, fields = {}) => web[who].postForm(path, fields);
const groupId = (r) => {
	assert.equal(r.status, 303, `${r}`);
	const m = r.location.match(/^\/groups\/(\d+)$/);
	assert.ok(m, `redirect to the new group, got ${r.location}`);
	return Number(m[1]);
};
async function addGroupPost(groupKey, author, text) {
	const out = await sqlite(server.dataDir,
		`INSERT INTO posts(author_id, visibility, group_id, body, body_html, created_at) VALUES (${id[author]}, 'group', ${g[groupKey]}, '${text}', '<p>${text}</p>', strftime('%s','now')); SELECT last_insert_rowid();`);
	return Number(out.trim());
}

before(async () => {
	await server.ready;
	for (const [k, u] of Object.entries({ ann: ANN, owen: OWEN, mia: MIA, nik: NIK, gus: GUS, ali: ALI })) {
		web[k] = new Client(server.url);
		await web[k].signIn(u.email, PASSWORD);
		id[k] = (await web[k].get('/api/v1/me')).json.id;
	}
});

describe('creating groups', () => {
	test('the form needs the CSRF token', async () => {
		const r = await web.owen.post('/groups/new', { form: { name: 'No token', kind: 'open' } });
		assert.equal(r.status, 403);
	});

	test('errors are shown at the fields and keep the input', async () => {
		const empty = await post('owen', '/groups/new', { name: '   ', kind: 'open', about: 'kept text' });
		assert.equal(empty.status, 422);
		assert.match(empty.text, /id="group-name"[^>]*aria-invalid="true"/);
		assert.match(empty.text, /id="group-name-error"/);
		assert.ok(empty.text.includes('kept text'));
		const long = await post('owen', '/groups/new', { name: 'x'.repeat(81), kind: 'open' });
		assert.equal(long.status, 422);
		assert.match(textOf(long.text), /at most 80 characters/);
		const kind = await post('owen', '/groups/new', { name: 'Bad kind', kind: 'public' });
		assert.equal(kind.status, 422);
		assert.match(kind.text, /id="group-kind-error"/);
		const cat = await post('owen', '/groups/new', { name: 'Bad cat', kind: 'open', category: 'c'.repeat(41) });
		assert.equal(cat.status, 422);
		assert.match(cat.text, /id="group-category-error"/);
	});

	test('three groups, one of each kind; a taken name is refused', async () => {
		const form = await web.owen.get('/groups/new');
		assert.equal(form.status, 200);
		const kinds = parseForms(form.text).find((f) => f.action === '/groups/new');
		assert.ok(kinds, 'the creation form');
		for (const k of ['open', 'closed', 'secret']) assert.match(form.text, new RegExp(`name="kind" value="${k}"`));
		g.open = groupId(await post('owen', '/groups/new', { name: 'Modem testers', kind: 'open', category: 'Projects', about: 'We **test** modems.' }));
		g.closed = groupId(await post('owen', '/groups/new', { name: 'Works council', kind: 'closed', category: 'Councils', about: 'Closed about' }));
		g.secret = groupId(await post('owen', '/groups/new', { name: 'Merger team', kind: 'secret', about: 'Secret plans' }));
		const dup = await post('mia', '/groups/new', { name: 'modem  TESTERS', kind: 'open' });
		assert.equal(dup.status, 422);
		assert.match(dup.text, /id="group-name-error"/);
		const page = await web.owen.get(`/groups/${g.open}`);
		assert.equal(page.status, 200);
		assert.match(textOf(page.text), /Your group is ready/);
		assert.match(page.text, /<strong>test<\/strong> modems/);
	});

	test('guests and alumni cannot create groups', async () => {
		for (const who of ['gus', 'ali']) {
			assert.equal((await web[who].get('/groups/new')).status, 403);
			assert.equal((await post(who, '/groups/new', { name: `By ${who}`, kind: 'open' })).status, 403);
		}
	});
});

describe('the directory', () => {
	test('members see open and closed groups, never a secret one they are not in', async () => {
		const r = await web.mia.get('/groups');
		assert.equal(r.status, 200);
		const t = textOf(r.text);
		assert.match(t, /Modem testers/);
		assert.match(t, /Works council/);
		assert.ok(!t.includes('Merger team'), 'secret group hidden');
		assert.ok(!r.text.includes('Secret plans'));
		const forms = parseForms(r.text);
		assert.ok(forms.some((f) => f.action === `/groups/${g.open}/join`), 'Join on the open group');
		assert.ok(forms.some((f) => f.action === `/groups/${g.closed}/request`), 'Ask to join on the closed one');
		assert.match(r.text, /href="\/groups\/new"/);
		assert.match(r.text, /<nav class="mainnav"[\s\S]*href="\/groups" aria-current="page"/);
		const owen = await web.owen.get('/groups');
		assert.match(textOf(owen.text), /Merger team/, 'the owner sees their secret group');
	});

	test('search, category and "My groups" filter', async () => {
		const q = await web.mia.get('/groups?q=modem');
		assert.match(textOf(q.text), /Modem testers/);
		assert.ok(!textOf(q.text).includes('Works council'));
		const none = await web.mia.get('/groups?q=zzzznothing');
		assert.equal(none.status, 200);
		assert.match(textOf(none.text), /No groups match your search/);
		const cat = await web.mia.get('/groups?category=Councils');
		assert.match(textOf(cat.text), /Works council/);
		assert.ok(!textOf(cat.text).includes('Modem testers'));
		assert.match(cat.text, /<option value="Councils" selected>/);
		const mine = await web.mia.get('/groups?mine=1');
		assert.match(textOf(mine.text), /You are not in any group yet/);
		assert.equal((await web.mia.get('/groups?q=' + 'x'.repeat(300))).status, 400);
		assert.equal((await web.mia.get('/groups?cursor=garbage')).status, 400);
	});

	test('"More groups" pages by name without repeats', async () => {
		for (let i = 0; i < 26; i++) {
			const r = await post('ann', '/groups/new', { name: `Club ${String(i).padStart(2, '0')}`, kind: 'open', category: 'Clubs' });
			assert.equal(r.status, 303);
		}
		const seen = new Set();
		let url = '/groups?category=Clubs';
		let pages = 0;
		while (url) {
			const r = await web.mia.get(url);
			assert.equal(r.status, 200);
			for (const m of r.text.matchAll(/class="group-card-name"><a href="\/groups\/(\d+)"/g)) {
				assert.ok(!seen.has(m[1]), 'no group twice');
				seen.add(m[1]);
			}
			const next = r.text.match(/<a class="btn btn-secondary" href="([^"]+)">More groups<\/a>/);
			url = next ? next[1].replace(/&amp;/g, '&') : null;
			pages++;
		}
		assert.equal(seen.size, 26);
		assert.equal(pages, 2);
	});
});

describe('joining, asking and reading', () => {
	test('a secret group is 404 to non-members, everywhere', async () => {
		for (const path of ['', '/members', '/about', '/settings', '/fragment', '/leave']) {
			assert.equal((await web.nik.get(`/groups/${g.secret}${path}`)).status, 404, path);
		}
		assert.equal((await post('nik', `/groups/${g.secret}/join`)).status, 404);
		assert.equal((await post('nik', `/groups/${g.secret}/request`)).status, 404);
		assert.equal((await web.ann.get(`/groups/${g.secret}`)).status, 404, 'admins too, unless members');
		assert.equal((await web.nik.get('/groups/999999')).status, 404);
		assert.equal((await web.nik.get('/groups/abc')).status, 404);
	});

	test('a closed group shows its header and "Ask to join", not its content (403)', async () => {
		const post1 = await addGroupPost('closed', 'owen', 'closedcanary1');
		assert.ok(post1 > 0);
		const r = await web.nik.get(`/groups/${g.closed}`);
		assert.equal(r.status, 403);
		assert.match(textOf(r.text), /Works council/);
		assert.ok(!r.text.includes('closedcanary1'));
		assert.ok(parseForms(r.text).some((f) => f.action === `/groups/${g.closed}/request`));
		assert.equal((await web.nik.get(`/groups/${g.closed}/members`)).status, 403);
		assert.equal((await web.nik.get(`/groups/${g.closed}/fragment`)).status, 403);
		const about = await web.nik.get(`/groups/${g.closed}/about`);
		assert.equal(about.status, 200);
		assert.ok(!textOf(about.text).includes('Owen Owner'), 'owners are member content');
		assert.equal((await post('nik', `/groups/${g.closed}/join`)).status, 403);
	});

	test('ask to join with a message; the owner approves; then the content is there', async () => {
		const r = await post('nik', `/groups/${g.closed}/request`, { message: 'I represent <Finance>' });
		assert.equal(r.status, 303);
		const after = await web.nik.get(`/groups/${g.closed}`);
		assert.match(textOf(after.text), /Your request to join is waiting/);
		const members = await web.owen.get(`/groups/${g.closed}/members`);
		assert.match(members.text, /I represent &lt;Finance&gt;/);
		const approve = parseForms(members.text).find((f) => f.action === `/groups/${g.closed}/requests/${id.nik}/approve`);
		assert.ok(approve, 'Approve button');
		assert.equal((await post('mia', approve.action)).status, 403, 'not by a non-manager');
		assert.equal((await post('owen', approve.action)).status, 303);
		const now = await web.nik.get(`/groups/${g.closed}`);
		assert.equal(now.status, 200);
		assert.ok(now.text.includes('closedcanary1'));
		assert.equal((await post('owen', approve.action)).status, 404, 'nothing waits any more');
	});

	test('a declined request leaves them outside', async () => {
		assert.equal((await post('mia', `/groups/${g.closed}/request`)).status, 303);
		assert.equal((await post('owen', `/groups/${g.closed}/requests/${id.mia}/decline`)).status, 303);
		assert.equal((await web.mia.get(`/groups/${g.closed}`)).status, 403);
	});

	test('join an open group; its stream, composer and "Leave"', async () => {
		const r = await post('mia', `/groups/${g.open}/join`);
		assert.equal(r.status, 303);
		assert.equal(r.location, `/groups/${g.open}`);
		await addGroupPost('open', 'mia', 'openpost1');
		const page = await web.mia.get(`/groups/${g.open}`);
		assert.equal(page.status, 200);
		assert.ok(page.text.includes('openpost1'));
		const composer = parseForms(page.text).find((f) => f.action === '/posts');
		assert.ok(composer, 'a composer for members');
		assert.equal(composer.values.group_id, String(g.open));
		const sent = await web.mia.post('/posts', { form: { ...composer.values, text: 'From the group composer' } });
		assert.equal(sent.status, 303);
		assert.equal(sent.location, `/groups/${g.open}`, 'back to the group');
		assert.ok((await web.mia.get(`/groups/${g.open}`)).text.includes('From the group composer'));
		assert.match(page.text, new RegExp(`data-stream="group:${g.open}" data-fragment="/groups/${g.open}/fragment"`));
		assert.match(page.text, new RegExp(`href="/groups/${g.open}/leave"`));
		// a colleague who is not a member reads an open group but has no composer
		const nik = await web.nik.get(`/groups/${g.open}`);
		assert.equal(nik.status, 200);
		assert.ok(nik.text.includes('openpost1'));
		assert.ok(!parseForms(nik.text).some((f) => f.action === '/posts'));
		const frag = await web.nik.get(`/groups/${g.open}/fragment?after=1`);
		assert.equal(frag.status, 200);
		assert.ok(frag.text.includes('openpost1'));
		assert.equal((await web.nik.get(`/groups/${g.open}?cursor=x`)).status, 400);
	});

	test('leaving asks first; the last owner is told why not', async () => {
		const form = await web.mia.get(`/groups/${g.open}/leave`);
		assert.equal(form.status, 200);
		assert.ok(parseForms(form.text).some((f) => f.action === `/groups/${g.open}/leave`));
		assert.equal((await post('mia', `/groups/${g.open}/leave`)).status, 303);
		assert.equal((await web.mia.get(`/groups/${g.open}/leave`)).status, 409, 'not a member any more');
		const last = await web.owen.get(`/groups/${g.open}/leave`);
		assert.equal(last.status, 409);
		assert.match(textOf(last.text), /last owner/);
		const forced = await post('owen', `/groups/${g.open}/leave`);
		assert.equal(forced.status, 409);
		assert.match(textOf(forced.text), /last owner/);
	});
});

describe('members and invitations', () => {
	test('invite by name and by e-mail; errors at the field', async () => {
		const none = await post('owen', `/groups/${g.secret}/invite`, { person: 'Nobody Atall' });
		assert.equal(none.status, 422);
		assert.match(none.text, /id="invite-error"/);
		assert.ok(none.text.includes('value="Nobody Atall"'));
		const self = await post('owen', `/groups/${g.secret}/invite`, { person: 'owen@example.com' });
		assert.equal(self.status, 422);
		assert.match(textOf(self.text), /member already/);
		assert.equal((await post('owen', `/groups/${g.secret}/invite`, { person: 'Nik Outsider' })).status, 303);
		assert.equal((await post('owen', `/groups/${g.secret}/invite`, { person: 'gus@example.com' })).status, 303);
		assert.equal((await post('mia', `/groups/${g.secret}/invite`, { person: 'ali@example.com' })).status, 404);
		const members = await web.owen.get(`/groups/${g.secret}/members`);
		assert.match(textOf(members.text), /Invited/);
		assert.match(textOf(members.text), /Nik Outsider/);
	});

	test('the invitee sees the invitation in the directory and accepts it', async () => {
		const dir = await web.nik.get('/groups');
		assert.match(textOf(dir.text), /You are invited to join Merger team/);
		const page = await web.nik.get(`/groups/${g.secret}`);
		assert.equal(page.status, 403, 'invitees see that the group exists, not its content');
		assert.match(textOf(page.text), /You are invited to this group/);
		assert.ok(parseForms(page.text).some((f) => f.action === `/groups/${g.secret}/invitation/accept`));
		assert.equal((await web.nik.get(`/groups/${g.secret}/members`)).status, 403);
		assert.equal((await post('mia', `/groups/${g.secret}/invitation/accept`)).status, 404);
		assert.equal((await post('nik', `/groups/${g.secret}/invitation/accept`)).status, 303);
		assert.equal((await web.nik.get(`/groups/${g.secret}/members`)).status, 200);
	});

	test('guests see only their own groups and their members', async () => {
		const before = await web.gus.get('/groups');
		assert.equal(before.status, 200);
		assert.match(textOf(before.text), /Your groups/);
		assert.ok(!parseForms(before.text).some((f) => f.method === 'get' && f.action === '/groups'), 'no search for guests');
		assert.ok(!before.text.includes('href="/groups/new"'));
		assert.ok(!textOf(before.text).includes('Modem testers'));
		assert.equal((await web.gus.get(`/groups/${g.open}`)).status, 404);
		assert.equal((await web.gus.get(`/groups/${g.closed}`)).status, 404);
		assert.equal((await post('gus', `/groups/${g.open}/join`)).status, 404);
		const q = await web.gus.get('/groups?q=modem');
		assert.ok(!textOf(q.text).includes('Modem testers'));
		assert.equal((await post('gus', `/groups/${g.secret}/invitation/accept`)).status, 303);
		const mine = await web.gus.get('/groups');
		assert.match(textOf(mine.text), /Merger team/);
		assert.ok(!textOf(mine.text).includes('Works council'));
		const members = await web.gus.get(`/groups/${g.secret}/members`);
		assert.equal(members.status, 200);
		assert.match(textOf(members.text), /Owen Owner/);
		assert.ok(!parseForms(members.text).some((f) => f.action.endsWith('/invite')), 'no invite form for guests');
	});

	test('alumni see only the alumni group', async () => {
		const r = await web.ali.get('/groups');
		assert.equal(r.status, 200);
		const t = textOf(r.text);
		assert.ok(!t.includes('Modem testers') && !t.includes('Works council') && !t.includes('Merger team'));
		assert.equal((await web.ali.get(`/groups/${g.open}`)).status, 404);
	});

	test('roles: owners change them; removing a member is confirmed first', async () => {
		const members = await web.owen.get(`/groups/${g.secret}/members`);
		const role = parseForms(members.text).find((f) => f.action === `/groups/${g.secret}/members/${id.nik}/role`);
		assert.ok(role, 'role form for owners');
		assert.equal((await post('nik', role.action, { role: 'owner' })).status, 403);
		assert.equal((await post('owen', role.action, { role: 'king' })).status, 422);
		assert.equal((await post('owen', role.action, { role: 'moderator' })).status, 303);
		const after = await web.owen.get(`/groups/${g.secret}/members`);
		assert.match(textOf(after.text), /Moderators\s*NO\s*Nik Outsider/);
		// the moderator manages members but not owners
		assert.equal((await web.nik.get(`/groups/${g.secret}/members/${id.owen}/remove`)).status, 403);
		const confirm = await web.nik.get(`/groups/${g.secret}/members/${id.gus}/remove`);
		assert.equal(confirm.status, 200);
		assert.match(textOf(confirm.text), /Gus Guest will no longer be a member/);
		assert.ok(parseForms(confirm.text).some((f) => f.action === `/groups/${g.secret}/members/${id.gus}/remove`));
		assert.equal((await web.nik.post(`/groups/${g.secret}/members/${id.gus}/remove`, { form: {} })).status, 403, 'CSRF');
		assert.equal((await post('nik', `/groups/${g.secret}/members/${id.gus}/remove`)).status, 303);
		assert.equal((await web.gus.get(`/groups/${g.secret}`)).status, 404, 'the guest is out at once');
		assert.equal((await post('owen', `/groups/${g.secret}/members/${id.gus}/remove`)).status, 404);
		// the only owner cannot step down
		const down = await post('owen', `/groups/${g.secret}/members/${id.owen}/role`, { role: 'member' });
		assert.equal(down.status, 409);
	});

	test('member names are escaped', async () => {
		assert.equal((await post('mia', `/groups/${g.open}/join`)).status, 303);
		const r = await web.owen.get(`/groups/${g.open}/members`);
		assert.ok(r.text.includes('Mia &lt;b&gt;Member&lt;/b&gt;'));
		assert.ok(!r.text.includes('<b>Member</b>'));
	});
});

describe('about, settings, pins and deleting', () => {
	test('about shows the kind, category and owners', async () => {
		const r = await web.mia.get(`/groups/${g.open}/about`);
		assert.equal(r.status, 200);
		const t = textOf(r.text);
		assert.match(t, /Open/);
		assert.match(t, /Projects/);
		assert.match(t, /Owen Owner/);
		assert.match(r.text, /href="\/groups\?category=Projects"/);
	});

	test('settings are for owners; a kind change is confirmed first', async () => {
		assert.equal((await web.mia.get(`/groups/${g.open}/settings`)).status, 403);
		assert.equal((await post('mia', `/groups/${g.open}/settings`, { name: 'Hijack', kind: 'open' })).status, 403);
		const form = await web.owen.get(`/groups/${g.open}/settings`);
		assert.equal(form.status, 200);
		assert.ok(form.text.includes('value="Modem testers"'));
		const bad = await post('owen', `/groups/${g.open}/settings`, { name: '', kind: 'open' });
		assert.equal(bad.status, 422);
		const ask = await post('owen', `/groups/${g.open}/settings`, { name: 'Modem testers', kind: 'secret', category: 'Projects', about: 'x' });
		assert.equal(ask.status, 200);
		assert.match(textOf(ask.text), /hides it and its content from non-members at once/);
		const confirm = parseForms(ask.text).find((f) => f.action === `/groups/${g.open}/settings`);
		assert.equal(confirm.values.confirm, '1');
		assert.equal(confirm.values.kind, 'secret');
		assert.equal((await web.nik.get(`/groups/${g.open}`)).status, 200, 'nothing changed before confirming');
		const { _csrf, ...fields } = confirm.values;
		const done = await post('owen', confirm.action, fields);
		assert.equal(done.status, 303);
		assert.equal((await web.nik.get(`/groups/${g.open}`)).status, 404, 'secret now: gone for non-members');
		assert.equal((await web.mia.get(`/groups/${g.open}`)).status, 200, 'members still in');
		// a plain rename needs no confirmation
		const rename = await post('owen', `/groups/${g.open}/settings`, { name: 'Modem crew', kind: 'secret', category: 'Projects', about: 'y' });
		assert.equal(rename.status, 303);
		assert.match(textOf((await web.mia.get(`/groups/${g.open}/about`)).text), /Modem crew/);
	});

	test('managers pin and unpin posts of the group', async () => {
		const pid = await addGroupPost('closed', 'nik', 'pinme1');
		const page = await web.owen.get(`/groups/${g.closed}`);
		const pin = parseForms(page.text).find((f) => f.action === `/groups/${g.closed}/posts/${pid}/pin`);
		assert.ok(pin, 'a Pin button for the owner');
		const nikPage = await web.nik.get(`/groups/${g.closed}`);
		assert.ok(!parseForms(nikPage.text).some((f) => f.action.endsWith('/pin')), 'no Pin for plain members');
		assert.equal((await post('nik', pin.action)).status, 403);
		assert.equal((await post('owen', pin.action)).status, 303);
		const pinned = await web.nik.get(`/groups/${g.closed}`);
		assert.match(pinned.text, new RegExp(`id="pinned-${pid}"`));
		const other = await addGroupPost('secret', 'owen', 'elsewhere');
		assert.equal((await post('owen', `/groups/${g.closed}/posts/${other}/pin`)).status, 404, 'a post of another group');
		assert.equal((await post('owen', `/groups/${g.closed}/posts/${pid}/unpin`)).status, 303);
		assert.ok(!(await web.nik.get(`/groups/${g.closed}`)).text.includes(`id="pinned-${pid}"`));
	});

	test('deleting a group is confirmed and only for owners', async () => {
		assert.equal((await web.nik.get(`/groups/${g.closed}/delete`)).status, 403);
		const confirm = await web.owen.get(`/groups/${g.closed}/delete`);
		assert.equal(confirm.status, 200);
		assert.ok(parseForms(confirm.text).some((f) => f.action === `/groups/${g.closed}/delete`));
		assert.equal((await web.owen.post(`/groups/${g.closed}/delete`, { form: {} })).status, 403, 'CSRF');
		const done = await post('owen', `/groups/${g.closed}/delete`);
		assert.equal(done.status, 303);
		assert.equal(done.location, '/groups');
		assert.equal((await web.owen.get(`/groups/${g.closed}`)).status, 404);
		assert.ok(!textOf((await web.owen.get('/groups')).text).includes('Works council'));
	});

	test('the alumni group cannot be deleted', async () => {
		const alumni = Number((await sqlite(server.dataDir, "SELECT id FROM groups WHERE special = 'alumni'")).trim());
		assert.equal((await web.ann.get(`/groups/${alumni}/delete`)).status, 403);
		assert.equal((await post('ann', `/groups/${alumni}/delete`)).status, 403);
	});
});

describe('in Dutch', () => {
	test('the directory and a group page are translated', async () => {
		const nl = new Client(server.url, { headers: { 'Accept-Language': 'nl' } });
		await nl.signIn(MIA.email, PASSWORD);
		const r = await nl.get('/groups');
		assert.equal(r.status, 200);
		assert.match(textOf(r.text), /Groepen/);
		assert.match(textOf(r.text), /Nieuwe groep/);
		const about = await nl.get(`/groups/${g.open}/about`);
		assert.match(textOf(about.text), /Geheim/);
	});
});
