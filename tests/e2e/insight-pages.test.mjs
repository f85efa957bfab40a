// The insight pages, role by role (issue 7, docs/design-insight.md "Who sees
// what"): administrators see everything, named people too, and every view
// of someone else's figures writes an audit row; communicators and managers
// see department aggregates and never a person or a department of fewer
// than 5; other members only their own figures; guests, alumni and the
// signed out nothing. Every chart's CSV (RFC 4180, formula cells
// neutralised) follows the same rules. "Compute now" queues one computation.
// The figures come from a snapshot written from tests/e2e/lib/insight-fixture.mjs.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { useServer, PASSWORD } from './lib/server.mjs';
import { Client, parseForms, sleep } from './lib/http.mjs';
import { insightFixture, writeSnapshot, TINY } from './lib/insight-fixture.mjs';

const USERS = {
	admin: { email: 'ada@example.com', name: 'Ada Admin', role: 'admin' },
	communicator: { email: 'cleo@example.com', name: 'Cleo Communicator', role: 'communicator' },
	manager: { email: 'max@example.com', name: 'Max Manager' },
	report: { email: 'rita@example.com', name: 'Rita Report' },
	member: { email: 'mia@example.com', name: 'Mia Member' },
	quiet: { email: 'quinn@example.com', name: 'Quinn Quiet' },
	guest: { email: 'gert@example.com', name: 'Gert Guest', role: 'guest' },
	alumni: { email: 'alma@example.com', name: 'Alma Alumna', role: 'alumni' },
};
const server = useServer({ users: Object.values(USERS) });
const NAMED = ['manager', 'report', 'member', 'quiet', 'communicator'];  // the people ranked in the snapshot
const CHARTS = ['figures', 'activity', 'accounts', 'activations', 'split', 'weekly', 'monthly', 'departments', 'locations', 'topics',
	'matrix', 'department-map', 'quiet-pairs', 'communities', 'kinds', 'history-activity', 'history-network', 'history-structure', 'history-ties'];
const PEOPLE_CHARTS = ['influencers', 'bridges', 'ambassadors', 'isolated', 'newcomers', 'people-picture'];

const web = {};
const ids = {};
let snapshot;

function sql(text) {
	return execFileSync('sqlite3', ['-cmd', '.timeout 5000', join(server.dataDir, 'plein.db'), text], { encoding: 'utf8' }).trim();
}
const audits = () => Number(sql("SELECT count(*) FROM audit_log WHERE action = 'insight.people_viewed'"));

before(async () => {
	await server.ready;
	for (const [k, u] of Object.entries(USERS)) {
		ids[k] = Number(sql(`SELECT id FROM people WHERE email = '${u.email}'`));
		web[k] = new Client(server.url);
		await web[k].signIn(u.email, PASSWORD);
	}
	web.anon = new Client(server.url);
	sql(`UPDATE people SET manager_id = ${ids.manager} WHERE id = ${ids.report}`);  // Max manages Rita
});

test('before the first computation: an empty state, no CSV', async () => {
	for (const path of ['/insight', '/insight/network', '/insight/history', '/insight/people', '/insight/me']) {
		const r = await web.admin.get(path);
		assert.equal(r.status, 200, `${path}: ${r.status}`);
		assert.ok(r.text.includes('No figures yet'), `${path}: the empty state`);
	}
	assert.equal((await web.communicator.get('/insight/csv/departments')).status, 404);
	assert.ok((await web.member.get('/insight/me')).text.includes('No figures yet'));
	// from here on: the fixture's snapshot (and two older ones for the trends)
	const named = Object.fromEntries(NAMED.map((k) => [k, ids[k]]));
	snapshot = writeSnapshot(server.dataDir, insightFixture(named));
});

// The names that must never appear for the department level (the viewer's
// own name is in the top bar).
function assertNoPeople(html, viewer, where) {
	for (const k of NAMED) {
		if (k === viewer) continue;
		assert.ok(!html.includes(USERS[k].name), `${where}: ${USERS[k].name} is named for ${viewer}`);
	}
}
function assertNoTiny(text, where) {
	assert.ok(!text.includes(TINY), `${where}: a department of 3 is shown on its own`);
}

const PAGES = ['/insight', '/insight/network', '/insight/history'];

test('department pages: admins, communicators and managers; members are sent to their own figures; others get 404', async () => {
	for (const path of PAGES) {
		for (const who of ['admin', 'communicator', 'manager']) {
			const r = await web[who].get(path);
			assert.equal(r.status, 200, `${who} ${path}: ${r}`);
			assert.ok(r.text.includes('About these figures'), `${path}: the privacy note`);
			assertNoTiny(r.text, `${who} ${path}`);
			if (who !== 'admin') assertNoPeople(r.text, who, `${who} ${path}`);
		}
		for (const who of ['guest', 'alumni']) assert.equal((await web[who].get(path)).status, 404, `${who} ${path}`);
		const anon = await web.anon.get(path);
		assert.equal(anon.status, 303, `anon ${path}`);
		assert.match(anon.location, /^\/signin/);
	}
	const m = await web.member.get('/insight');
	assert.equal(m.status, 303);
	assert.equal(m.location, '/insight/me');
	for (const path of ['/insight/network', '/insight/history']) assert.equal((await web.member.get(path)).status, 404, `member ${path}`);
});

test('the nav shows Insight to those who may see departments, not to members', async () => {
	for (const who of ['admin', 'communicator', 'manager']) assert.ok((await web[who].get('/insight/me')).text.includes('href="/insight"'), who);
	for (const who of ['member', 'report']) assert.ok(!(await web[who].get('/insight/me')).text.includes('href="/insight"'), who);
});

test('adoption: figures with the period before, charts with their tables, department names escaped', async () => {
	const r = await web.communicator.get('/insight?period=30');
	assert.equal(r.status, 200);
	const html = r.text;
	assert.ok(html.includes('&lt;b&gt;Sales&lt;/b&gt;') && !html.includes('<b>Sales</b>'), 'a department name is text, not markup');
	assert.ok(html.includes('Smaller departments together'), 'the merged row');
	assert.match(html, /<svg class="chart chart-line"[^>]*role="img"/);
	for (const chart of ['activity', 'split', 'weekly', 'departments', 'locations', 'topics', 'figures']) {
		assert.ok(html.includes(`id="chart-${chart}"`), `chart ${chart}`);
		assert.ok(html.includes(`href="/insight/csv/${chart}?period=30"`), `csv link of ${chart}`);
	}
	assert.ok(html.includes('<table class="insight-table">'), 'tables for every chart');
	assert.match(html, /aria-current="page">30 days/);
	// 60 active now, 48 the period before: +25 %
	assert.match(html, /insight-card-change is-up[^<]*<span aria-hidden="true">↑<\/span>[^]*?25 %/);
	for (const p of ['7', '90', '365']) assert.equal((await web.manager.get(`/insight?period=${p}`)).status, 200);
});

test('a custom period is checked', async () => {
	const bad = await web.communicator.get('/insight?from=2026-02-30&to=2026-03-01');
	assert.equal(bad.status, 200);
	assert.ok(bad.text.includes('Give both dates'), 'an impossible date is refused with a message');
	const back = await web.communicator.get('/insight?from=2026-03-01&to=2026-02-01');
	assert.ok(back.text.includes('must end after it starts'));
	const long = await web.communicator.get('/insight?from=2020-01-01&to=2023-01-01');
	assert.ok(long.text.includes('at most two years'));
	assert.equal((await web.communicator.get('/insight/csv/departments?from=2020-01-01&to=2023-01-01')).status, 400);
});

test('network: the department map and communities, never a department of fewer than 5', async () => {
	const r = await web.manager.get('/insight/network');
	assert.equal(r.status, 200);
	for (const chart of ['department-map', 'matrix', 'quiet-pairs', 'communities', 'kinds']) assert.ok(r.text.includes(`id="chart-${chart}"`), chart);
	assert.match(r.text, /class="chart chart-heatmap"/);
	assert.match(r.text, /class="chart chart-network"/);
	assert.ok(r.text.includes('0.52'), 'NMI against departments');
	assertNoTiny(r.text, 'network');
	assert.ok(!/Community 4\b/.test(r.text), 'a community of 3 is not listed');
});

test('history: trend lines over the snapshots', async () => {
	const r = await web.communicator.get('/insight/history');
	assert.equal(r.status, 200);
	for (const chart of ['history-activity', 'history-ties', 'history-network', 'history-structure']) assert.ok(r.text.includes(`id="chart-${chart}"`), chart);
	assert.ok(r.text.includes('Snapshots: 3'), 'three snapshots drawn');
});

test('people: administrators only, each view audited, names linked to profiles', async () => {
	for (const who of ['communicator', 'manager', 'member', 'guest', 'alumni']) {
		const r = await web[who].get('/insight/people');
		assert.equal(r.status, 403, `${who}: ${r.status}`);
		assert.ok(!r.text.includes(USERS.quiet.name));
	}
	assert.equal((await web.anon.get('/insight/people')).status, 303);
	const before = audits();
	const r = await web.admin.get('/insight/people');
	assert.equal(r.status, 200, String(r));
	assert.equal(audits(), before + 1, 'one audit row for the view');
	const row = sql(`SELECT actor_id || '|' || subject FROM audit_log WHERE action = 'insight.people_viewed' ORDER BY id DESC LIMIT 1`);
	assert.equal(row, `${ids.admin}|snapshot ${snapshot}: lists and picture`);
	assert.ok(r.text.includes(`href="/people/${ids.manager}"`), 'the top influencer links to their profile');
	for (const list of ['influencers', 'bridges', 'ambassadors', 'isolated', 'newcomers']) assert.ok(r.text.includes(`id="list-${list}"`), list);
	// the isolated person (last in the fixture) and the unconnected newcomer
	const iso = r.text.slice(r.text.indexOf('id="list-isolated"'), r.text.indexOf('id="list-newcomers"'));
	assert.ok(iso.includes(USERS.communicator.name), 'the isolated person is listed to be welcomed');
	const fresh = r.text.slice(r.text.indexOf('id="list-newcomers"'), r.text.indexOf('class="card insight-chart insight-picture"'));
	assert.ok(fresh.includes(`href="/people/${ids.quiet}"`), 'the unconnected newcomer links to their profile, to be welcomed');
	assert.match(r.text, /class="chart chart-network"/);
	assert.ok(r.text.includes('data-zoom-controls'), 'the zoom buttons (shown by insight.js)');
	const one = await web.admin.get('/insight/people?list=bridges');
	assert.equal(one.status, 200);
	assert.equal(audits(), before + 2);
	assert.equal((await web.admin.get('/insight/people?list=nosuch')).status, 404);
	assert.equal((await web.admin.get('/insight/people?list=bridges&after=x')).status, 400);
	const com = await web.admin.get('/insight/people?colour=community');
	assert.ok(com.text.includes('Community 1'), 'coloured by community');
});

test('my figures: everyone active sees their own, nobody else\'s', async () => {
	const r = await web.member.get('/insight/me');
	assert.equal(r.status, 200);
	assert.ok(r.text.includes('Colleagues you are tied to'));
	assertNoPeople(r.text, 'member', 'member /insight/me');
	const q = await web.quiet.get('/insight/me');
	assert.ok(q.text.includes('insight-page'));
	const admin = await web.admin.get('/insight/me');
	assert.ok(admin.text.includes('You are not in these figures yet'), 'the admin was not ranked in the fixture');
	for (const who of ['guest', 'alumni']) assert.equal((await web[who].get('/insight/me')).status, 404, who);
	assert.ok((await web.member.get('/settings')).text.includes('href="/insight/me"'), 'My figures from the settings');
	assert.ok(!(await web.guest.get('/settings')).text.includes('href="/insight/me"'), 'not for guests');
	const before = audits();
	await web.member.get('/insight/me');
	assert.equal(audits(), before, 'one\'s own figures are not audited');
});

function parseCsv(text) {
	const rows = [];
	let row = [], cell = '', i = 0, quoted = false;
	while (i < text.length) {
		const ch = text[i];
		if (quoted) {
			if (ch === '"' && text[i + 1] === '"') { cell += '"'; i += 2; continue; }
			if (ch === '"') { quoted = false; i++; continue; }
			cell += ch; i++; continue;
		}
		if (ch === '"') { quoted = true; i++; continue; }
		if (ch === ',') { row.push(cell); cell = ''; i++; continue; }
		if (ch === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i += 2; continue; }
		cell += ch; i++;
	}
	return rows;
}

test('CSV of every chart: department level for communicators and managers, people lists for admins (audited)', async () => {
	for (const name of CHARTS) {
		const r = await web.communicator.get(`/insight/csv/${name}`);
		assert.equal(r.status, 200, `${name}: ${r}`);
		assert.match(r.contentType, /^text\/csv; charset=utf-8/);
		assert.match(r.headers.get('content-disposition'), new RegExp(`^attachment; filename="insight-${name}-\\d{4}-\\d\\d-\\d\\d\\.csv"`));
		assert.ok(r.text.endsWith('\r\n'), 'CRLF line ends');
		assertNoTiny(r.text, `csv ${name}`);
		assertNoPeople(r.text, 'communicator', `csv ${name}`);
		const rows = parseCsv(r.text);
		assert.ok(rows.length >= 2, `${name}: a header and figures`);
		assert.ok(rows.every((x) => x.length === rows[0].length), `${name}: every row as wide as the header`);
	}
	const deps = parseCsv((await web.manager.get('/insight/csv/departments?period=7')).text);
	assert.deepEqual(deps[0], ['Department', 'People', 'Active', 'Contributors', 'Readers', 'Posts']);
	assert.deepEqual(deps.find((r) => r[0] === 'Finance'), ['Finance', '20', '10', '3', '7', '5']);
	assert.ok(deps.some((r) => r[0] === '<b>Sales</b>'), 'the name as typed (CSV is not HTML)');
	assert.ok(deps.some((r) => r[0] === '\'=HYPERLINK("x")'), 'a formula cell neutralised');
	assert.ok(deps.some((r) => r[0] === 'Smaller departments together'));
	for (const name of PEOPLE_CHARTS) {
		for (const who of ['communicator', 'manager', 'member', 'guest', 'alumni'])
			assert.equal((await web[who].get(`/insight/csv/${name}`)).status, 404, `${who} ${name}`);
		const before = audits();
		const r = await web.admin.get(`/insight/csv/${name}`);
		assert.equal(r.status, 200, `admin ${name}: ${r}`);
		assert.equal(audits(), before + 1, `${name}: audited`);
	}
	const infl = parseCsv((await web.admin.get('/insight/csv/influencers')).text);
	assert.equal(infl[1][1], USERS.manager.name, 'the first influencer by name');
	for (const who of ['member', 'guest', 'alumni']) assert.equal((await web[who].get('/insight/csv/departments')).status, 404, who);
	assert.equal((await web.anon.get('/insight/csv/departments')).status, 303);
	assert.equal((await web.admin.get('/insight/csv/nosuch')).status, 404);
});

test('Compute now: administrators queue one computation; progress is shown; a second is refused kindly', async () => {
	const page = await web.admin.get('/insight');
	const form = parseForms(page.text).find((f) => f.action === '/insight/run');
	assert.ok(form, 'the Compute now form');
	const member = await web.member.post('/insight/run', { form: { _csrf: form.values._csrf } });
	assert.ok([403].includes(member.status), `member: ${member.status}`);
	const r = await web.admin.post('/insight/run', { form: { _csrf: form.values._csrf } });
	assert.equal(r.status, 303);
	assert.match(r.location, /^\/insight/);
	// the insight thread takes it at once (and on this tiny organisation may
	// already have finished it): whatever its state, it is the admin's
	assert.equal(sql("SELECT count(*) || '|' || max(requested_by) FROM insight_snapshots WHERE trigger = 'manual'"), `1|${ids.admin}`);
	assert.equal(Number(sql("SELECT count(*) FROM audit_log WHERE action = 'insight.run_requested'")), 1);
	for (let i = 0; i < 600 && sql("SELECT count(*) FROM insight_snapshots WHERE status IN ('queued', 'running')") !== '0'; i++)
		await sleep(100);
	// a long computation under way (held here by hand): its progress shows, a second is refused kindly
	const now = Math.floor(Date.now() / 1000);
	const held = sql(`INSERT INTO insight_snapshots(day, trigger, status, phase, progress, created_at, started_at) VALUES (${Math.floor(now / 86400) - 1}, 'nightly', 'running', 'Finding communities', 42, ${now}, ${now}) RETURNING id`);
	const after = await web.admin.get('/insight');
	assert.match(after.text, /<progress max="100" value="42"/);
	assert.ok(after.text.includes('Refresh'), 'without JavaScript: a Refresh link');
	const com = await web.communicator.get('/insight/network');
	assert.match(com.text, /<progress/, 'communicators see the progress too');
	assert.ok(!com.text.includes('action="/insight/run"'), 'but no Compute now');
	const again = await web.admin.post('/insight/run', { form: { _csrf: form.values._csrf } });
	assert.equal(again.status, 303);
	assert.equal(Number(sql("SELECT count(*) FROM insight_snapshots WHERE status IN ('queued', 'running')")), 1, 'still one');
	const flash = await web.admin.get(again.location);
	assert.ok(flash.text.includes('already under way'));
	sql(`UPDATE insight_snapshots SET status = 'failed', error = 'test' WHERE id = ${held}`);
});

test('Dutch: the pages speak Dutch', async () => {
	const nl = new Client(server.url, { headers: { 'Accept-Language': 'nl' } });
	await nl.signIn(USERS.communicator.email, PASSWORD);
	// the person's own language setting wins over Accept-Language: none set here
	const r = await nl.get('/insight');
	assert.ok(r.text.includes('Over deze cijfers'), 'About these figures in Dutch');
	assert.ok(r.text.includes('Kleinere afdelingen samen'));
	assert.ok(r.text.includes('komen de kleinste afdelingen erbij'), 'the privacy note says how a too small merged row is grown');
});

test('someone deactivated since the snapshot is in no list, CSV or picture (page and API)', async () => {
	sql(`UPDATE people SET status = 'deactivated' WHERE id = ${ids.report}`);
	try {
		const name = USERS.report.name;
		const page = await web.admin.get('/insight/people');
		assert.equal(page.status, 200);
		assert.ok(page.text.includes(USERS.manager.name), 'the others are still listed');
		assert.ok(!page.text.includes(name), 'the deactivated person is not listed');
		for (const list of ['influencers', 'bridges', 'ambassadors', 'isolated', 'newcomers', 'people-picture']) {
			const csv = await web.admin.get(`/insight/csv/${list}`);
			assert.equal(csv.status, 200);
			assert.ok(!csv.text.includes(name), `csv ${list}`);
		}
		for (const list of ['influencers', 'bridges', 'ambassadors']) {
			const r = await web.admin.get(`/api/v1/insight/people?list=${list}`);
			assert.equal(r.status, 200, String(r));
			assert.ok(r.json.items.length > 0);
			assert.ok(r.json.items.every((i) => i.person.id !== ids.report), `API ${list}`);
		}
		// the picture on the page and in its CSV: the person drops out, not drawn as "no longer here"
		assert.ok(!page.text.includes('no longer here'), 'page picture');
		const pic = parseCsv((await web.admin.get('/insight/csv/people-picture')).text);
		assert.ok(pic.length > 1);
		assert.ok(pic.slice(1).every((r) => r[1] !== '' && r[1] !== name), 'every row of the picture names someone still here');
		const g = await web.admin.get('/api/v1/insight/people-graph');
		assert.equal(g.status, 200);
		assert.ok(g.json.nodes.length > 0);
		assert.ok(g.json.nodes.every((n) => n.id !== ids.report && n.name !== name), 'API people picture');
		// Compute now is a form post: without the form's token it is refused
		const noToken = await web.admin.post('/insight/run', { form: {} });
		assert.equal(noToken.status, 403, 'CSRF');
	} finally {
		sql(`UPDATE people SET status = 'active' WHERE id = ${ids.report}`);
	}
});
