// Every route in src/web/routes.c, walked as an anonymous visitor: routes
// that need a session must turn them away (pages: to /signin; API: 401), and
// a route without R_AUTH must be on the short list of reviewed public routes.
// Reading the table keeps new routes covered without editing this file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { useServer, REPO_ROOT, PASSWORD } from './lib/server.mjs';
import { Client } from './lib/http.mjs';

const server = useServer({ users: [{ email: 'mo@example.com', name: 'Mo Member' }] });

// reviewed: these may be used without signing in
const PUBLIC = new Set([
	'GET /signin', 'POST /signin', 'GET /setup', 'POST /setup', 'GET /static/{name}', 'GET /healthz', 'POST /api/v1/session',
	// the invitee has no account yet: the token in the path is the credential
	'GET /invite/{token}', 'POST /invite/{token}',
	// public posts are for anyone, signed out too: each handler asks visibility_can_see_post,
	// and an organisation post answers 404 (tests/e2e/posts.test.mjs, post-pages.test.mjs)
	'GET /posts/{id}', 'GET /posts/{id}/history', 'GET /posts/{id}/comments/fragment', 'GET /posts/{id}/reactions',
	'GET /posts/{id}/reactions/fragment', 'GET /api/v1/posts/{id}', 'GET /api/v1/posts/{id}/revisions',
	'GET /api/v1/posts/{id}/comments', 'GET /api/v1/posts/{id}/reactions',
	// files of public posts: attachments_may_see (visibility_can_see_post through the post
	// or the comment's post); others 303 to sign in or 404 (tests/e2e/attachments.test.mjs)
	'GET /files/{id}/{name}',
	// articles (issue 6): a public article's page like a public post's (visibility_can_see_post;
	// others 303 to sign in or 404), and the public blog and its feeds: only visibility 'public'
	// articles of active authors (articles_public_list; canaries in tests/e2e/articles.test.mjs)
	'GET /articles/{id}', 'GET /blog', 'GET /blog/feed.rss', 'GET /blog/feed.atom', 'GET /blog/{person}',
	'GET /blog/{person}/feed.rss', 'GET /blog/{person}/feed.atom',
]);

async function routes() {
	const src = await readFile(join(REPO_ROOT, 'src/web/routes.c'), 'utf8');
	const out = [];
	const re = /\{\s*"([A-Z]+)",\s*"([^"]+)",\s*([a-z_0-9]+),\s*([^,}]+),/g;
	let m;
	while ((m = re.exec(src))) out.push({ method: m[1], path: m[2], handler: m[3], flags: m[4].trim() });
	return out;
}

const concrete = (path) => path.replace(/\{id\}/g, '1').replace(/\{name\}/g, 'app.css').replace(/\{[a-z_]+\}/g, 'x');

test('the route table is readable', async () => {
	const r = await routes();
	assert.ok(r.length >= 20, `only ${r.length} routes parsed from src/web/routes.c`);
	assert.ok(r.some((x) => x.method === 'GET' && x.path === '/people'));
});

test('every route without R_AUTH is a reviewed public route', async () => {
	const open = (await routes()).filter((r) => !/\bR_AUTH\b/.test(r.flags)).map((r) => `${r.method} ${r.path}`);
	const unreviewed = open.filter((k) => !PUBLIC.has(k));
	assert.deepEqual(unreviewed, [], 'routes open to anonymous visitors that nobody reviewed (add them to PUBLIC here if meant)');
});

test('every R_AUTH route turns an anonymous visitor away', async () => {
	await server.ready;
	const problems = [];
	for (const r of (await routes()).filter((x) => /\bR_AUTH\b/.test(x.flags))) {
		const path = concrete(r.path);
		const c = new Client(server.url);
		await c.get('/signin'); // a pre-session CSRF cookie, as a browser would have
		const opts = {};
		if (r.path.startsWith('/api/')) {
			if (['POST', 'PATCH', 'PUT'].includes(r.method)) opts.json = { name: 'Anon' };
		} else if (r.method === 'POST') {
			opts.form = { _csrf: await c.csrfFrom('/signin', '/signin'), name: 'Anon' };
		}
		const res = await c.request(r.method, path, opts);
		const where = `${r.method} ${path}`;
		if (r.path.startsWith('/api/')) {
			if (res.status !== 401) problems.push(`${where}: ${res.status} (want 401)`);
			else if (res.json?.error?.code !== 'unauthenticated') problems.push(`${where}: code ${res.json?.error?.code}`);
		} else if (r.method === 'GET') {
			const loc = res.location ? new URL(res.location, server.url).pathname : null;
			if (res.status !== 303 || loc !== '/signin') problems.push(`${where}: ${res.status} → ${res.location} (want 303 /signin)`);
		} else if (![303, 401, 403].includes(res.status) || (res.status === 303 && new URL(res.location, server.url).pathname !== '/signin')) {
			problems.push(`${where}: ${res.status} ${res.location || ''}`);
		}
	}
	assert.deepEqual(problems, []);
	// nothing above changed anyone
	const s = await new Client(server.url).apiSignIn('mo@example.com', PASSWORD);
	assert.equal(s.person.name, 'Mo Member');
});
