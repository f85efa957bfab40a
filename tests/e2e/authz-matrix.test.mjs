// The authorization matrix (issue 5, point 7): every route of `plein routes`
// × every role × every visibility. Private objects carry unique canaries
// (tests/e2e/lib/authz-world.mjs builds them and says who may see which);
// every response body and Location header, every live event and every
// notification is searched for canaries the viewer must not see. Policies
// are checked too: browse routes refuse guests and alumni, admin routes
// everyone but admins, signed-in routes anonymous visitors, and an object
// route refuses a viewer who may not see its object. For objects a viewer
// may see, the main read routes must show the canary (so the search finds
// something when there is something). A route whose path parameter has no
// fixture fails the test: name its object in PER_OBJECT or COMMON below.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer } from './lib/server.mjs';
import { readRoutes, paramKind, fillPath, POLICIES } from './lib/routes.mjs';
import { World, worldUsers, ROLES, VISIBILITIES, CONTENT_VIEWERS, GROUP_VIEWERS, EVENT_VIEWERS } from './lib/authz-world.mjs';
import { openStream } from './lib/sse.mjs';
import { sleep } from './lib/http.mjs';

const server = useServer({ users: worldUsers() });
const BROWSE = CONTENT_VIEWERS.organisation;
const CONCURRENCY = 4;

// Path parameters by what they name (lib/routes.mjs paramKind). PER_OBJECT ones
// differ per visibility: (object, write) → value; write cells get the scratch
// copies. null: this visibility has no such object (the cell is skipped).
const PER_OBJECT = {
	posts: (o, w) => (w ? o.scratch : o.post),
	announcements: (o) => o.post,
	comments: (o, w) => (w ? o.scratchComment : o.comment),
	files: (o) => o.file?.id,
	'files.name': (o) => o.file?.name,
	groups: (o) => o.group,
	pins: (o) => o.post,                                            // /groups/{id}/pins/{post_id}
	pages: (o, w) => (w ? o.scratchPage : o.page),                  // /groups/{id}/pages/{page}: a group page with a canary
	notifications: (o) => o.notification,
	topics: (o) => o.topic,
	questions: (o, w) => (w ? o.scratchQuestion : o.question),     // /api/v1/questions/{id}: none for public
	answers: (o, w) => (w ? o.scratchAnswer : o.answer),           // /api/v1/answers/{id}/accept|helpful
	articles: (o, w) => (w ? o.scratchArticle : o.article),        // /articles/{id}, /api/v1/articles/{id}
};
// The same for every visibility: (world, write) → value.
const COMMON = {
	people: (w, write) => (write ? w.ids.target : w.ids.gowner),   // the author of the canary posts; changes hit Tom Target
	members: (w) => w.ids.target,                                   // /groups/{id}/members/{person_id}: Tom is in every group
	requests: (w) => w.ids.target,                                  // /groups/{id}/requests/{person_id}/approve|decline
	photos: () => 'none.jpg',
	static: () => 'app.css',
	invite: () => 'A'.repeat(43),
	reactions: () => 'like',
	sessions: (w) => w.bystanderSession,                            // nobody may end another's session
	invitations: (w) => w.invitation,
	stream: () => 'discover',
	revisions: () => 1,                                             // /groups/{id}/pages/{page}/revisions/{n}: the first
	searches: (w) => w.bystanderSearch,                             // /searches/{id}…: each person's own, nobody else's
	columns: (w) => w.bystanderColumn,                              // /board/columns/{id}…: the same
	drafts: (w) => w.draft,                                         // /articles/drafts/{id}: the bystander's; only he may
	blog: (w) => w.ids.gowner,                                      // /blog/{person}: the writer of the public article
	snapshots: () => 1,                                             // /api/v1/insight/snapshots/{id}: none computed (aggregates, no canary)
	csv: () => 'departments',                                       // /insight/csv/{chart}: a department-level chart
};
// Who may see the object a parameter names (a role outside must be refused).
const SEERS = {
	posts: (vis) => CONTENT_VIEWERS[vis], comments: (vis) => CONTENT_VIEWERS[vis], files: (vis) => CONTENT_VIEWERS[vis],
	announcements: (vis) => CONTENT_VIEWERS[vis], pins: (vis) => CONTENT_VIEWERS[vis], pages: (vis) => CONTENT_VIEWERS[vis], groups: (vis) => GROUP_VIEWERS[vis],
	notifications: (vis) => ['gmember'], sessions: () => [],
	questions: (vis) => CONTENT_VIEWERS[vis], answers: (vis) => CONTENT_VIEWERS[vis],
	articles: (vis) => CONTENT_VIEWERS[vis],
};
// GET routes that must show a canary to those who may see the object.
const SHOWS = {
	'GET /posts/{id}': 'post', 'GET /api/v1/posts/{id}': 'post', 'GET /api/v1/posts/{id}/comments': 'comment',
	'GET /posts/{id}/comments/fragment': 'comment', 'GET /files/{id}/{name}': 'file',
	'GET /api/v1/groups/{id}': 'group', 'GET /api/v1/groups/{id}/stream': 'post', 'GET /groups/{id}': 'post',
	'GET /groups/{id}/pages/{page}': 'page', 'GET /api/v1/groups/{id}/pages/{page}': 'page',
	'GET /api/v1/questions/{id}': 'answer',
	'GET /questions/{id}': 'answer',
	'GET /articles/{id}': 'article',  // (the API is for the signed in: public articles are read signed out on the page)
};
const SSE = (r) => r.method === 'GET' && /\/events$/.test(r.path);
const SIGNS_OUT = new Set(['POST /signout', 'DELETE /api/v1/session']);
const DESTRUCTIVE = (r) => r.method === 'DELETE' || /\/(delete|remove|leave|revoke|end|end-others|move)(\/|$)/.test(r.path);

let routes, world;
const streams = {};
const problems = [];

before(async () => {
	await server.ready;
	routes = await readRoutes();
	world = new World(server, routes);
	await world.signInAll();
	for (const role of ROLES) {
		const s = world.s[role];
		const path = '/api/v1/events';
		streams[role] = await openStream(server.url, path, s.token ? { bearer: s.token } : {});
	}
	await world.build();
});

after(() => {
	for (const s of Object.values(streams)) s.close();
});

function problem(kind, cell, detail) {
	problems.push(`${kind}: ${cell.route.key} as ${cell.role}${cell.vis ? ` on ${cell.vis}` : ''} (${cell.path}): ${detail}`);
}

/** The cells of one route: one per role, or per role × visibility when a parameter names a private object. */
function cellsOf(route) {
	const kinds = route.params.map((p) => paramKind(route.path, p));
	const unknown = kinds.filter((k) => !(k in PER_OBJECT) && !(k in COMMON));
	if (unknown.length) throw new Error(`no fixture for ${unknown.map((k) => `“${k}”`).join(', ')} in ${route.key}: name its object in PER_OBJECT or COMMON in tests/e2e/authz-matrix.test.mjs`);
	const write = route.method !== 'GET';
	const common = {};
	for (const k of kinds) if (k in COMMON) common[k] = COMMON[k](world, write);
	const perObject = kinds.filter((k) => k in PER_OBJECT);
	const out = [];
	for (const vis of perObject.length ? VISIBILITIES : [null]) {
		const values = { ...common };
		let seers = null;
		if (vis) {
			const o = world.objects[vis];
			for (const k of perObject) values[k] = PER_OBJECT[k](o, write);
			if (perObject.some((k) => values[k] === null || values[k] === undefined)) continue;  // no such object here
			for (const k of perObject) if (SEERS[k]) seers = seers ? seers.filter((r) => SEERS[k](vis).includes(r)) : SEERS[k](vis);
		}
		if (kinds.includes('sessions') || kinds.includes('searches') || kinds.includes('columns') || kinds.includes('drafts')) seers = [];
		const path = fillPath(route.path, values);
		for (const role of ROLES) out.push({ route, role, vis, path, seers });
	}
	return out;
}

function refused(res) {
	if ([401, 403, 404].includes(res.status)) return true;
	return res.status === 303 && /^\/signin(\?|$)/.test(new URL(res.location, server.url).pathname + '?');
}

function signinRefusal(res, api) {
	return api ? res.status === 401 : res.status === 303 && new URL(res.location, server.url).pathname === '/signin';
}

async function issue(cell) {
	const { route, role } = cell;
	const s = world.s[role];
	const api = route.path.startsWith('/api/');
	const opts = { headers: {} };
	if (api && s.token) opts.bearer = s.token;
	if (route.method !== 'GET') {
		if (api) {
			if (route.flags.has('upload')) {
				opts.body = Buffer.from('matrix probe\n');
				opts.headers['Content-Type'] = 'text/plain';
			} else if (route.flags.has('json')) {
				opts.json = { text: 'matrix probe' };
			}
			if (!opts.bearer) opts.csrf = s.csrf;
		} else if (route.flags.has('multipart')) {
			const fd = new FormData();
			fd.set('_csrf', s.csrf);
			fd.set('text', 'matrix probe');
			opts.body = fd;
		} else {
			opts.form = { _csrf: s.csrf, text: 'matrix probe' };
		}
	}
	return s.client.request(route.method, cell.path, opts);
}

const seen = {};   // role → concatenated bodies of object-less GETs (for the "lists show it" check)

function judge(cell, res) {
	const { route, role } = cell;
	const api = route.path.startsWith('/api/');
	const anonymousLike = role === 'anonymous' || role === 'deactivated';
	// (a) policies
	if (route.flags.has('auth') && anonymousLike && !signinRefusal(res, api))
		problem('policy', cell, `${res.status} ${res.location || ''} (want ${api ? '401' : '303 /signin'})`);
	if (route.policy === 'browse' && (role === 'guest' || role === 'alumni') && res.status !== 403)
		problem('policy', cell, `${res.status} (browse route: want 403)`);
	if (route.policy === 'admin' && role !== 'admin' && !refused(res))
		problem('policy', cell, `${res.status} (admin route)`);
	if (route.policy === 'signed-in' && anonymousLike && !refused(res))
		problem('policy', cell, `${res.status} (signed-in route)`);
	if (cell.seers && !cell.seers.includes(role) && !refused(res))
		problem('policy', cell, `${res.status} ${res.location || ''}: may not see the object, want 401/403/404`);
	// (b) canaries
	const hay = (res.text + '\n' + (res.location || '')).toLowerCase();
	for (const c of world.forbidden(role)) {
		if (cell.path.toLowerCase().includes(c.text.toLowerCase())) continue;  // echoed from the request
		if (hay.includes(c.text.toLowerCase())) problem('LEAK', cell, `${res.status} shows ${c.text} (${c.vis} ${c.part})`);
	}
	// (c) what may be seen is seen
	const part = SHOWS[route.key];
	if (part && cell.vis && route.method === 'GET') {
		const viewers = part === 'group' ? GROUP_VIEWERS[cell.vis] : CONTENT_VIEWERS[cell.vis];
		const c = world.canaries.find((x) => x.vis === cell.vis && x.part === part);
		if (viewers?.includes(role) && c && (res.status !== 200 || !hay.includes(c.text.toLowerCase())))
			problem('missing', cell, `${res.status}: the viewer may see ${c.text} but it is not there`);
	}
	if (!cell.vis && route.method === 'GET' && res.status === 200) seen[role] = (seen[role] || '') + res.text.toLowerCase();
}

async function runAll(cells) {
	let i = 0;
	const worker = async () => {
		while (i < cells.length) {
			const cell = cells[i++];
			judge(cell, await issue(cell));
		}
	};
	await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

test('every route declares a policy', () => {
	const bad = routes.filter((r) => !POLICIES.includes(r.policy)).map((r) => `${r.key}: ${r.policy}`);
	assert.deepEqual(bad, [], 'routes without a known policy');
});

let cells = [];

test('every route × role × visibility: reads and changes show no canary where it must not be', { timeout: 600_000 }, async () => {
	for (const r of routes.filter((x) => !SSE(x))) cells.push(...cellsOf(r));
	const reads = cells.filter((c) => c.route.method === 'GET');
	const writes = cells.filter((c) => c.route.method !== 'GET' && !DESTRUCTIVE(c.route) && !SIGNS_OUT.has(c.route.key));
	// the event-stream routes (before anyone signs out): who may open them
	for (const r of routes.filter(SSE)) {
		for (const role of ROLES) {
			const s = world.s[role];
			const st = await openStream(server.url, r.path, r.path.startsWith('/api/') ? (s.token ? { bearer: s.token } : {})
				: { cookie: s.client.cookieHeader() });
			const cell = { route: r, role, vis: null, path: r.path };
			const want = role === 'anonymous' || role === 'deactivated' || ['guest', 'alumni'].includes(role) && r.policy === 'browse' ? 'refused' : 200;
			if (want === 200 ? st.status !== 200 : st.status === 200) problem('policy', cell, `stream answered ${st.status}`);
			st.close();
		}
	}

	// reads first, then changes (deletions and signing out after the notifications' test)
	for (const phase of [reads, writes]) await runAll(phase);

	// lists: every post a viewer may see shows up somewhere among the object-less pages
	for (const role of ROLES.filter((x) => x !== 'anonymous' && x !== 'deactivated')) {
		for (const vis of VISIBILITIES) {
			const c = world.canaries.find((x) => x.vis === vis && x.part === 'post');
			if (c.viewers.includes(role) && !(seen[role] || '').includes(c.text.toLowerCase()))
				problems.push(`missing: no list shows ${role} the ${vis} post they may see (${c.text})`);
		}
	}

	assert.deepEqual(problems, [], `${problems.length} problems:\n${problems.join('\n')}`);
});

test('notifications: mentions in private objects tell only those who may see them', async () => {
	const bad = [];
	for (const role of ROLES.filter((r) => r !== 'anonymous')) {
		const s = world.s[role];
		let text = '';
		for (let cursor = '', pages = 0; cursor !== null && pages < 20; pages++) {
			const r = await s.client.get(`/api/v1/notifications?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { bearer: s.token });
			if (role === 'deactivated') {
				assert.equal(r.status, 401, `deactivated: ${r}`);
				break;
			}
			assert.equal(r.status, 200, `${role}: ${r}`);
			text += r.text;
			cursor = r.json.next_cursor;
		}
		const r = { text };
		const page = await s.client.get('/notifications');
		for (const c of world.forbidden(role)) {
			if (r.text.includes(c.text)) bad.push(`${role}: /api/v1/notifications shows ${c.text}`);
			if (page.text.includes(c.text)) bad.push(`${role}: /notifications shows ${c.text}`);
		}
		if (role === 'gmember') {
			for (const vis of ['public', 'organisation', 'open', 'closed', 'secret']) {
				const c = world.canaries.find((x) => x.vis === vis && x.part === 'post');
				assert.ok(r.text.includes(c.text), `gmember was mentioned in the ${vis} post and may see it: its text is in the notification`);
			}
		}
	}
	assert.deepEqual(bad, []);
});

test('deletions (of scratch copies, then groups) and signing out: still no canary where it must not be', { timeout: 600_000 }, async () => {
	const destroys = cells.filter((c) => DESTRUCTIVE(c.route) && !SIGNS_OUT.has(c.route.key));
	const signouts = cells.filter((c) => SIGNS_OUT.has(c.route.key));
	for (const phase of [destroys, signouts]) await runAll(phase);
	const objects = new Set(cells.map((c) => c.vis).filter(Boolean)).size;
	const leaks = problems.filter((p) => p.startsWith('LEAK')).length;
	process.stdout.write(`# authz matrix: ${routes.length} routes × ${ROLES.length} roles × ${objects} visibilities → ` +
		`${cells.length} requests checked against ${world.canaries.length} canaries; ${leaks} leaks, ${problems.length - leaks} other problems` +
		(world.fallbacks.length ? `; ${world.fallbacks.length} fixture steps by SQL until the group API lands` : '') + '\n');
	assert.deepEqual(problems, [], `${problems.length} problems:\n${problems.join('\n')}`);
});


test('live events: no viewer got an event about an object, or a canary, they may not see', async () => {
	await sleep(1500);  // let the hub deliver the last writes (it wakes on every commit)
	const bad = [];
	for (const role of ROLES) {
		const st = streams[role];
		if (role === 'anonymous') {
			assert.equal(st.status, 401, 'anonymous event stream');
			continue;
		}
		st.events.forEach((e) => {
			let data;
			try { data = JSON.parse(e.data); } catch { data = {}; }
			const id = Number(e.id);
			// the deactivated person was a member of every group (like gmember) until deactivated
			const as = role === 'deactivated' && id <= world.deactivatedAtEvent ? 'gmember' : role;
			const vis = world.postVis.get(data.post_id);
			// posts moved into their group by the SQL fallback were organisation posts when written
			const moved = id <= world.movedAtEvent && world.moved.has(data.post_id);
			if (vis && !moved && !EVENT_VIEWERS[vis].includes(as))
				bad.push(`${role}: event ${e.id} ${e.event} about the ${vis} post ${data.post_id}: ${e.data}`);
			if (moved) return;
			for (const c of world.canaries)
				if (!EVENT_VIEWERS[c.vis].includes(as) && e.data.toLowerCase().includes(c.text.toLowerCase()))
					bad.push(`${role}: event ${e.id} ${e.event} shows ${c.text}: ${e.data}`);
		});
	}
	assert.ok(streams.gowner.events.some((e) => e.event === 'post'), 'the owner\'s stream got the owner\'s posts (the streams work)');
	assert.deepEqual(bad, []);
});

test('nobody ended the bystander\'s session', async () => {
	const r = await world.s.bystander.client.get('/api/v1/me', { bearer: world.s.bystander.token });
	assert.equal(r.status, 200, String(r));
});
