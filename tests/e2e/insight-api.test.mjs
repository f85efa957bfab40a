// The insight API (docs/api.md "Insight", docs/design-insight.md "Who sees
// what") per role: admins see everything and every read of someone else's
// individual figures writes an audit row; communicators and managers (a
// member with an active report) see the aggregates only; other members
// only their own figures; guests, alumni and signed-out visitors nothing.
// A second computation while one is queued or running is refused (409 with
// its id), its progress is visible, and a computation asked for through the
// API is taken by the insight thread and finishes on a small organisation.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { useServer, PASSWORD } from './lib/server.mjs';
import { Client, assertApiError, sleep } from './lib/http.mjs';

const USERS = {
	admin: { email: 'ada@example.com', name: 'Ada Admin', role: 'admin' },
	communicator: { email: 'cor@example.com', name: 'Cor Communicator', role: 'communicator' },
	manager: { email: 'bea@example.com', name: 'Bea Boss' },
	report: { email: 'rik@example.com', name: 'Rik Report' },
	member: { email: 'mia@example.com', name: 'Mia Member' },
	guest: { email: 'gijs@example.com', name: 'Gijs Guest', role: 'guest' },
	alumni: { email: 'aat@example.com', name: 'Aat Alumnus', role: 'alumni' },
};
const ROLES = ['admin', 'communicator', 'manager', 'member', 'guest', 'alumni', 'anonymous'];
const DEPARTMENTS = ['admin', 'communicator', 'manager'];
const server = useServer({ users: Object.values(USERS), config: { insight: { hour: -1 } } });

const c = () => new Client(server.url);
const tok = {}, ids = {};
const get = (role, path) => c().get(path, role === 'anonymous' ? {} : { bearer: tok[role] });
const sql = (q) => execFileSync('sqlite3', ['-cmd', '.timeout 5000', join(server.dataDir, 'plein.db'), q],
	{ encoding: 'utf8' }).trim();
// the subject names the snapshot and what was read: 'snapshot 3: influencers (API)'
const audits = (what) => Number(sql(`SELECT count(*) FROM audit_log WHERE action = 'insight.people_viewed' AND subject LIKE 'snapshot %: ${what} (API)';`));

before(async () => {
	await server.ready;
	for (const [k, u] of Object.entries(USERS)) {
		const s = await c().apiSignIn(u.email, PASSWORD);
		tok[k] = s.token;
		ids[k] = s.person.id;
	}
	const r = await c().patch(`/api/v1/people/${ids.report}`, { bearer: tok.admin, json: { manager_id: ids.manager } });
	assert.equal(r.status, 200, String(r));
	// a little life for the graph: posts, comments and a reaction
	for (const [who, other] of [['member', 'report'], ['report', 'manager'], ['manager', 'member'], ['communicator', 'member']]) {
		const p = await c().post('/api/v1/posts', { bearer: tok[who], json: { text: `Hello from ${who} #insight` } });
		assert.equal(p.status, 201, String(p));
		const cm = await c().post(`/api/v1/posts/${p.json.id}/comments`, { bearer: tok[other], json: { text: `Thanks ${who}` } });
		assert.equal(cm.status, 201, String(cm));
	}
	// a snapshot covers full days up to yesterday: all this happened then
	sql('UPDATE posts SET created_at = created_at - 86400; UPDATE comments SET created_at = created_at - 86400; ' +
		'UPDATE people SET activated_at = activated_at - 2 * 86400, created_at = created_at - 2 * 86400;');
});

/** Expect each role's status for a GET. */
async function expectStatuses(path, want) {
	for (const role of ROLES) {
		const r = await get(role, path);
		assert.equal(r.status, want[role], `${path} as ${role}: ${r}`);
		if (r.status >= 400) assertApiError(r, r.status, { 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found', 400: 'bad_request' }[r.status] || r.json.error.code);
	}
}

const byLevel = (dept, own, none) => Object.fromEntries(ROLES.map((r) => [r,
	r === 'anonymous' ? 401 : DEPARTMENTS.includes(r) ? dept : ['guest', 'alumni'].includes(r) ? none : own]));

test('before the first computation: no figures yet, nothing running', async () => {
	await expectStatuses('/api/v1/insight', byLevel(404, 403, 403));
	await expectStatuses('/api/v1/insight/me', byLevel(404, 404, 403));
	const r = await get('communicator', '/api/v1/insight/runs/current');
	assert.equal(r.status, 200, String(r));
	assert.equal(r.json.run, null);
	const list = await get('manager', '/api/v1/insight/snapshots');
	assert.equal(list.status, 200, String(list));
	assert.deepEqual(list.json.items, []);
	assert.equal(list.json.next_before, null);
});

test('only admins ask for a computation; one at a time (409 with its id), its progress visible', async () => {
	for (const role of ['communicator', 'manager', 'member', 'guest', 'alumni']) {
		const r = await c().post('/api/v1/insight/runs', { bearer: tok[role] });
		assertApiError(r, 403, 'forbidden');
	}
	assert.equal((await c().post('/api/v1/insight/runs')).status, 401);
	// a computation under way (as another plein process would have it)
	const now = Math.floor(Date.now() / 1000);
	const busy = Number(sql(`INSERT INTO insight_snapshots(day, trigger, status, phase, progress, created_at, started_at) ` +
		`VALUES (${Math.floor(now / 86400) - 1}, 'nightly', 'running', 'Finding communities', 42, ${now}, ${now}) RETURNING id;`));
	const r = await c().post('/api/v1/insight/runs', { bearer: tok.admin });
	assert.equal(r.status, 409, String(r));
	assert.equal(r.json.error.code, 'conflict');
	assert.equal(r.json.id, busy);
	for (const role of ROLES) {
		const cur = await get(role, '/api/v1/insight/runs/current');
		if (!DEPARTMENTS.includes(role)) {
			assert.equal(cur.status, role === 'anonymous' ? 401 : 403, `${role}: ${cur}`);
			continue;
		}
		assert.equal(cur.status, 200, String(cur));
		assert.equal(cur.json.run.id, busy);
		assert.equal(cur.json.run.status, 'running');
		assert.equal(cur.json.run.progress, 42);
		assert.equal(cur.json.run.phase, 'Finding communities');
		assert.equal(cur.json.run.trigger, 'nightly');
	}
	sql(`UPDATE insight_snapshots SET status = 'failed', error = 'test' WHERE id = ${busy};`);
});

let snapshot;

test('a computation asked for through the API is taken by the insight thread and finishes', async () => {
	const r = await c().post('/api/v1/insight/runs', { bearer: tok.admin });
	assert.equal(r.status, 202, String(r));
	assert.equal(r.json.status, 'queued');
	const id = r.json.id;
	assert.ok(id > 0);
	assert.equal(Number(sql(`SELECT count(*) FROM audit_log WHERE action = 'insight.run_requested' AND subject = 'snapshot ${id}' AND actor_id = ${ids.admin};`)), 1);
	let done = null;
	for (let i = 0; i < 600 && !done; i++) {
		const cur = await get('admin', '/api/v1/insight/runs/current');
		assert.equal(cur.status, 200);
		if (cur.json.run) {
			assert.equal(cur.json.run.id, id);
			assert.ok(['queued', 'running'].includes(cur.json.run.status));
			assert.ok(cur.json.run.progress >= 0 && cur.json.run.progress <= 100);
		} else {
			const s = await get('admin', '/api/v1/insight');
			if (s.status === 200) done = s.json;
			else assert.fail(`no run and no snapshot: ${s} (${sql(`SELECT status, error FROM insight_snapshots WHERE id = ${id};`)})`);
		}
		if (!done) await sleep(100);
	}
	assert.ok(done, 'the computation finished');
	snapshot = done.snapshot;
	assert.equal(snapshot.id, id);
	assert.equal(snapshot.status, 'done');
	assert.equal(snapshot.trigger, 'manual');
	assert.equal(snapshot.progress, 100);
	assert.match(snapshot.date, /^\d{4}-\d{2}-\d{2}$/);
	for (const k of ['dau', 'wau', 'mau', 'stickiness', 'people', 'active_30', 'contributors_30', 'ties', 'communities',
		'modularity', 'nmi_departments', 'isolated', 'newcomers_unconnected', 'seconds', 'peak_rss_mb'])
		assert.ok(k in done.summary, `summary.${k}`);
	assert.ok(done.summary.peak_rss_mb > 0);
	// the five active colleagues with a password; not the guest nor the alumnus
	assert.equal(done.summary.people, 5);
	assert.equal(done.summary.contributors_30, 4, 'all but the admin, guest and alumnus wrote (yesterday)');
	assert.ok(done.summary.ties >= 4, `ties: ${done.summary.ties}`);
	assert.equal(done.adoption.periods['30'].current.people, 5);
	assert.equal(typeof done.adoption, 'object');
	assert.equal(typeof done.network, 'object');
	assert.ok(!('people_graph' in done), 'the people picture has its own (audited) route');
});

test('the aggregates: departments level and up; never a person named', async () => {
	await expectStatuses('/api/v1/insight', byLevel(200, 403, 403));
	await expectStatuses(`/api/v1/insight/snapshots/${snapshot.id}`, byLevel(200, 403, 403));
	await expectStatuses('/api/v1/insight/snapshots/999999', byLevel(404, 403, 403));
	await expectStatuses('/api/v1/insight/snapshots', byLevel(200, 403, 403));
	for (const role of ['communicator', 'manager']) {
		for (const path of ['/api/v1/insight', '/api/v1/insight/snapshots', `/api/v1/insight/snapshots/${snapshot.id}`]) {
			const r = await get(role, path);
			for (const u of Object.values(USERS)) assert.ok(!r.text.includes(u.name), `${path} as ${role} names ${u.name}`);
		}
	}
	const list = await get('communicator', '/api/v1/insight/snapshots?limit=1');
	assert.equal(list.json.items.length, 1);
	assert.equal(list.json.items[0].id, snapshot.id);
	assert.equal(typeof list.json.items[0].summary, 'object');
	assert.equal(list.json.next_before, null, 'the failed computation is no snapshot');
	assertApiError(await get('admin', '/api/v1/insight/snapshots?limit=0'), 400, 'bad_request', { field: 'limit' });
	assertApiError(await get('admin', '/api/v1/insight/snapshots?before=x'), 400, 'bad_request', { field: 'before' });
});

test('a custom period and the one before it; bad periods are 400 with a message', async () => {
	const today = new Date().toISOString().slice(0, 10);
	const yesterday = new Date(Date.now() - 86400e3).toISOString().slice(0, 10);
	const monthAgo = new Date(Date.now() - 30 * 86400e3).toISOString().slice(0, 10);
	await expectStatuses(`/api/v1/insight/period?from=${monthAgo}&to=${yesterday}`, byLevel(200, 403, 403));
	const r = await get('manager', `/api/v1/insight/period?from=${monthAgo}&to=${yesterday}`);
	assert.equal(r.json.current.days, 30);
	assert.equal(r.json.previous.days, 30);
	assert.equal(r.json.previous.to_day, r.json.current.from_day - 1);
	const bad = [
		['from=2026-02-30&to=2026-03-01', 'from'], ['from=2026-01-01', 'to'], ['to=2026-01-01', 'from'],
		['from=26-01-01&to=2026-01-02', 'from'], ['from=2026-03-01&to=2026-02-01', 'to'],
		['from=2020-01-01&to=2022-01-02', 'to'], ['from=2026-01-01&to=9999-12-31', 'to'],
		// today is not a full day: its figures, asked again and again, would follow people as they sign in
		[`from=${monthAgo}&to=${today}`, 'to'],
	];
	for (const [q, field] of bad)
		assertApiError(await get('admin', `/api/v1/insight/period?${q}`), 400, 'bad_request', { field });
	// 731 days is the most
	const r731 = await get('admin', '/api/v1/insight/period?from=2023-01-01&to=2024-12-31');
	assert.equal(r731.status, 200, String(r731));
	assert.equal(r731.json.current.days, 731);
});

test('individual lists and the people picture: admins only, each read audited', async () => {
	for (const list of ['influencers', 'bridges', 'ambassadors', 'isolated', 'newcomers']) {
		const path = `/api/v1/insight/people?list=${list}`;
		const before = audits(list);
		await expectStatuses(path, { ...byLevel(403, 403, 403), admin: 200 });
		const r = await get('admin', path);
		assert.equal(r.json.list, list);
		assert.equal(r.json.snapshot_id, snapshot.id);
		assert.ok(Array.isArray(r.json.items));
		for (const item of r.json.items) {
			assert.equal(typeof item.person.name, 'string');
			assert.equal(typeof item.pagerank_rank, 'number');
			assert.ok(![USERS.guest.name, USERS.alumni.name].includes(item.person.name), 'guests and alumni are no vertices');
		}
		assert.equal(audits(list), before + 2, 'both admin reads are in the audit log');
		if (list === 'influencers') {
			assert.equal(r.json.items.length, 5);
			assert.deepEqual(r.json.items.map((i) => i.pagerank_rank), [1, 2, 3, 4, 5]);
			const page = await get('admin', `/api/v1/insight/people?list=influencers&limit=2&after=2`);
			assert.deepEqual(page.json.items.map((i) => i.pagerank_rank), [3, 4]);
			assert.equal(page.json.next_after, 4);
			assert.equal(audits(list), before + 3, 'every page read is audited');
		}
	}
	assertApiError(await get('admin', '/api/v1/insight/people?list=everyone'), 400, 'bad_request', { field: 'list' });
	assertApiError(await get('admin', '/api/v1/insight/people?list=isolated&limit=500'), 400, 'bad_request', { field: 'limit' });

	const before = audits('people picture');
	await expectStatuses('/api/v1/insight/people-graph', { ...byLevel(403, 403, 403), admin: 200 });
	const g = await get('admin', '/api/v1/insight/people-graph');
	assert.ok(Array.isArray(g.json.nodes) && Array.isArray(g.json.edges));
	for (const e of g.json.edges) assert.ok(e[0] < g.json.nodes.length && e[1] < g.json.nodes.length);
	assert.equal(audits('people picture'), before + 2);
	assert.equal(Number(sql(`SELECT count(*) FROM audit_log WHERE action = 'insight.people_viewed' AND actor_id <> ${ids.admin};`)), 0);
});

test('one person\'s figures: admins (audited) and the person (not audited); nobody else', async () => {
	const subject = `person ${ids.member}`;
	const path = `/api/v1/insight/people/${ids.member}`;
	let before = audits(subject);
	const r = await get('admin', path);
	assert.equal(r.status, 200, String(r));
	assert.equal(r.json.person.id, ids.member);
	assert.equal(r.json.person.name, USERS.member.name);
	assert.equal(r.json.snapshot.id, snapshot.id);
	assert.ok('figures' in r.json);
	assert.equal(audits(subject), before + 1, 'an admin reading someone\'s figures is audited');

	before = audits(subject);
	const self = await get('member', path);
	assert.equal(self.status, 200, String(self));
	assert.equal(self.json.person.id, ids.member);
	const me = await get('member', '/api/v1/insight/me');
	assert.equal(me.status, 200, String(me));
	assert.equal(me.json.person.id, ids.member);
	assert.deepEqual(me.json.figures, self.json.figures);
	assert.equal(me.json.people, 5);
	assert.ok(me.json.figures.ties >= 1, 'Mia commented and was commented on');
	assert.equal(me.json.figures.isolated, false);
	assert.equal(audits(subject), before, 'reading one\'s own figures is not audited');

	for (const role of ['communicator', 'manager', 'report', 'guest', 'alumni'])
		assertApiError(await get(role, path), 403, 'forbidden');
	assert.equal((await get('anonymous', path)).status, 401);
	// the manager may not see a report's figures either: departments level is aggregates only
	assertApiError(await get('manager', `/api/v1/insight/people/${ids.report}`), 403, 'forbidden');
	// own figures: every active member, not guests or alumni (not even their own)
	await expectStatuses('/api/v1/insight/me', byLevel(200, 200, 403));
	assertApiError(await get('guest', `/api/v1/insight/people/${ids.guest}`), 403, 'forbidden');
	assertApiError(await get('admin', '/api/v1/insight/people/99999'), 404, 'not_found');
	assert.equal(audits('person 99999'), 0, 'nobody\'s figures were read');
});

test('the insight thread runs at the lowest priority: SCHED_IDLE and nice 19', async () => {
	const { readdir, readFile } = await import('node:fs/promises');
	const pid = server.proc.pid;
	let found = null;
	for (const tid of await readdir(`/proc/${pid}/task`)) {
		const comm = (await readFile(`/proc/${pid}/task/${tid}/comm`, 'utf8')).trim();
		if (comm === 'plein-insight') found = tid;
	}
	assert.ok(found, 'a thread named plein-insight');
	const stat = await readFile(`/proc/${pid}/task/${found}/stat`, 'utf8');
	// fields after the parenthesised name: state is field 3; nice 19, policy 41
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	assert.equal(Number(fields[19 - 3]), 19, 'nice');
	assert.equal(Number(fields[41 - 3]), 5, 'policy SCHED_IDLE');
});
