// What every response promises: security headers, request ids and the access
// log, content types, static files with caching, /healthz, 404 and 405, the
// interface language, and pages free of inline script.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, PASSWORD } from './lib/server.mjs';
import { Client, parseForms, findTags, htmlLang, textOf, assertApiError, sleep } from './lib/http.mjs';
import { rawRequest, rawHeader } from './lib/raw.mjs';

const ANN = { email: 'ann@example.com', name: 'Ann Admin', role: 'admin' };
const MO = { email: 'mo@example.com', name: 'Mo Member' };
const server = useServer({ users: [ANN, MO] });

let ann; // signed-in web client
let token; // bearer token of Mo
let moId;
before(async () => {
	await server.ready;
	ann = new Client(server.url);
	await ann.signIn(ANN.email, PASSWORD);
	const s = await new Client(server.url).apiSignIn(MO.email, PASSWORD);
	token = s.token;
	moId = s.person.id;
});

function cspDirectives(csp) {
	const d = {};
	for (const part of csp.split(';')) {
		const [name, ...vals] = part.trim().split(/\s+/);
		if (name) d[name.toLowerCase()] = vals;
	}
	return d;
}

function assertSecurityHeaders(r, what) {
	const csp = r.headers.get('content-security-policy');
	assert.ok(csp, `${what}: no Content-Security-Policy`);
	const d = cspDirectives(csp);
	assert.deepEqual(d['frame-ancestors'], ["'none'"], `${what}: frame-ancestors 'none' in ${csp}`);
	const scripts = d['script-src'] || d['default-src'];
	assert.ok(scripts, `${what}: CSP has neither script-src nor default-src: ${csp}`);
	assert.ok(!scripts.includes("'unsafe-inline'"), `${what}: 'unsafe-inline' scripts: ${csp}`);
	assert.ok(!scripts.includes("'unsafe-eval'"), `${what}: 'unsafe-eval' scripts: ${csp}`);
	assert.ok(!scripts.includes('*'), `${what}: scripts from anywhere: ${csp}`);
	assert.equal(r.headers.get('x-content-type-options'), 'nosniff', `${what}: X-Content-Type-Options`);
	const rp = r.headers.get('referrer-policy');
	assert.ok(rp, `${what}: no Referrer-Policy`);
	assert.ok(!/unsafe-url|no-referrer-when-downgrade/.test(rp), `${what}: weak Referrer-Policy ${rp}`);
	const rid = r.headers.get('x-request-id');
	assert.ok(rid && rid.length >= 8, `${what}: X-Request-Id ${rid}`);
	assert.ok(/^[\x21-\x7e]+$/.test(rid), `${what}: X-Request-Id has odd bytes: ${rid}`);
}

describe('security headers on every response', () => {
	const cases = [
		['GET /signin (200 HTML)', (c) => c.get('/signin')],
		['GET / signed out (303)', (c) => c.get('/')],
		['GET / signed in (200)', () => ann.get('/')],
		['GET /healthz', (c) => c.get('/healthz')],
		['GET /static/app.css', (c) => c.get('/static/app.css')],
		['GET /nope (404)', (c) => c.get('/nope')],
		['GET /api/v1/me (401)', (c) => c.get('/api/v1/me')],
		['GET /api/v1/me (200)', (c) => c.get('/api/v1/me', { bearer: token })],
		['POST /signin without _csrf (403)', (c) => c.post('/signin', { form: { email: 'a', password: 'b' } })],
		['GET /signout (405)', (c) => c.get('/signout')],
		['POST /api/v1/session bad JSON (400)', (c) => c.post('/api/v1/session', { json: '{' })],
	];
	for (const [name, fn] of cases) {
		test(name, async () => {
			const r = await fn(new Client(server.url));
			assertSecurityHeaders(r, name);
		});
	}

	test('X-Request-Id differs between requests', async () => {
		const c = new Client(server.url);
		const ids = new Set();
		for (let i = 0; i < 5; i++) ids.add((await c.get('/healthz')).headers.get('x-request-id'));
		assert.equal(ids.size, 5);
	});

	test('a client-sent X-Request-Id with a newline is not reflected raw', async () => {
		const r = await rawRequest(server.port,
			'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-Id: abc\rX-Evil: 1\r\nConnection: close\r\n\r\n');
		assert.ok(r.status === 200 || r.status === 400, `status ${r.status}`);
		assert.equal(rawHeader(r, 'x-evil'), undefined);
	});
});

describe('content types', () => {
	test('HTML pages say charset=utf-8', async () => {
		for (const [c, path] of [[new Client(server.url), '/signin'], [ann, '/'], [ann, '/people'], [ann, '/settings'], [new Client(server.url), '/nope']]) {
			const r = await c.get(path);
			assert.match(r.contentType, /^text\/html;\s*charset=utf-8$/i, `${path}: ${r.contentType}`);
			assert.match(r.text, /^<!doctype html>/i, `${path} starts with a doctype`);
		}
	});

	test('API answers are application/json', async () => {
		const c = new Client(server.url);
		for (const r of [await c.get('/api/v1/me', { bearer: token }), await c.get('/api/v1/me')]) {
			assert.match(r.contentType, /^application\/json/, String(r));
			JSON.parse(r.text);
		}
	});
});

describe('static files', () => {
	let etag;
	test('GET /static/app.css: 200, text/css, ETag, a year of caching', async () => {
		const r = await new Client(server.url).get('/static/app.css');
		assert.equal(r.status, 200, String(r));
		assert.match(r.contentType, /^text\/css/);
		assert.ok(r.text.length > 0);
		etag = r.headers.get('etag');
		assert.ok(etag, 'ETag');
		assert.match(etag, /^(W\/)?"[^"]+"$/, `ETag syntax: ${etag}`);
		assert.match(r.headers.get('cache-control') || '', /max-age=31536000/);
	});

	test('If-None-Match with that ETag → 304 without a body', async () => {
		const r = await new Client(server.url).get('/static/app.css', { headers: { 'If-None-Match': etag } });
		assert.equal(r.status, 304, String(r));
		assert.equal(r.buf.length, 0);
		assert.equal(r.headers.get('etag'), etag);
		const other = await new Client(server.url).get('/static/app.css', { headers: { 'If-None-Match': '"something-else"' } });
		assert.equal(other.status, 200);
	});

	test('pages link their stylesheet from /static/', async () => {
		const r = await new Client(server.url).get('/signin');
		const links = findTags(r.text, 'link').filter((l) => /stylesheet/i.test(l.rel || ''));
		assert.ok(links.length > 0, 'a stylesheet link');
		for (const l of links) {
			assert.match(l.href, /^\/static\//, `stylesheet ${l.href}`);
			const s = await new Client(server.url).get(l.href);
			assert.equal(s.status, 200, `${l.href}: ${s.status}`);
		}
		for (const s of findTags(r.text, 'script')) {
			if (!s.src) continue;
			const js = await new Client(server.url).get(s.src);
			assert.equal(js.status, 200, `${s.src}: ${js.status}`);
			assert.match(js.contentType, /javascript/);
		}
	});

	for (const path of ['/static/../plein.ini', '/static/%2e%2e/plein.ini', '/static/%2e%2e/x', '/static/..%2fplein.ini',
		'/static/%2e%2e%2fplein.ini', '/static/nope.css', '/static/', '/static/app.css/', '/static/app.css%00',
		'/static/.%2e/.%2e/etc/passwd', '/static//etc/passwd']) {
		test(`GET ${path} → 404`, async () => {
			const r = await rawRequest(server.port, `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
			assert.ok(r.status === 404 || (r.status === 400 && /%00/.test(path)), `${path}: ${r.status}`);
			assert.ok(!r.text.includes('[auth]') && !r.text.includes('root:x:0'), 'no file from outside static/');
		});
	}
});

describe('caching and HEAD', () => {
	test('signed-in pages and API answers are not stored by caches', async () => {
		const c = new Client(server.url);
		for (const r of [await ann.get('/'), await ann.get('/people'), await ann.get('/settings'), await ann.get(`/people/${moId}`),
			await c.get('/api/v1/me', { bearer: token }), await c.get('/api/v1/people', { bearer: token }), await c.get('/signin')]) {
			assert.match(r.headers.get('cache-control') || '', /no-store|private/, `${r.url}: Cache-Control ${r.headers.get('cache-control')}`);
		}
	});

	test('HEAD is answered like GET, without a body (RFC 9110 §9.3.2)', async () => {
		const c = new Client(server.url);
		for (const path of ['/healthz', '/signin', '/static/app.css']) {
			const g = await c.get(path);
			const h = await c.request('HEAD', path);
			assert.equal(h.status, g.status, `HEAD ${path}`);
			assert.equal(h.buf.length, 0, `HEAD ${path} has a body`);
			assert.equal(h.headers.get('content-type'), g.headers.get('content-type'), `HEAD ${path} content type`);
		}
	});
});

describe('health, 404 and 405', () => {
	test('GET /healthz → 200 "ok"', async () => {
		const r = await new Client(server.url).get('/healthz');
		assert.equal(r.status, 200);
		assert.equal(r.text.trim(), 'ok');
	});

	test('an unknown page → 404 HTML page', async () => {
		for (const c of [new Client(server.url), ann]) {
			const r = await c.get('/no/such/page');
			assert.equal(r.status, 404, String(r));
			assert.match(r.contentType, /^text\/html/);
			assert.match(r.text, /<html/i);
		}
	});

	test('an unknown API path → 404 JSON not_found', async () => {
		const c = new Client(server.url);
		assertApiError(await c.get('/api/v1/nope', { bearer: token }), 404, 'not_found');
		assertApiError(await c.get('/api/v1/people/1/nope', { bearer: token }), 404, 'not_found');
		const anon = await c.get('/api/v1/nope');
		assert.ok(anon.status === 404 || anon.status === 401, String(anon));
		assert.match(anon.contentType, /^application\/json/);
	});

	test('wrong method on a known page → 405', async () => {
		const c = new Client(server.url);
		for (const path of ['/signout', '/settings/password', '/settings/language', '/settings/sessions/end-others']) {
			const r = await ann.get(path);
			assert.equal(r.status, 405, `GET ${path}: ${r.status}`);
		}
		const r = await c.get('/signout');
		assert.equal(r.status, 405);
	});

	test('wrong method on a known API path → 405 JSON method_not_allowed', async () => {
		const c = new Client(server.url);
		assertApiError(await c.get('/api/v1/session'), 405, 'method_not_allowed');
		assertApiError(await c.post('/api/v1/people', { bearer: token, json: {} }), 405, 'method_not_allowed');
		assertApiError(await c.put('/api/v1/me', { bearer: token, json: {} }), 405, 'method_not_allowed');
		assertApiError(await c.delete(`/api/v1/people/${moId}`, { bearer: token }), 405, 'method_not_allowed');
		assertApiError(await c.post('/api/v1/sessions', { bearer: token, json: {} }), 405, 'method_not_allowed');
	});

	test('405 responses carry an Allow header (RFC 9110 §15.5.6)', async () => {
		const c = new Client(server.url);
		const r = await c.get('/api/v1/session');
		assert.equal(r.status, 405);
		const allow = r.headers.get('allow') || '';
		assert.match(allow, /POST/, `Allow: ${allow}`);
		assert.match(allow, /DELETE/, `Allow: ${allow}`);
		const w = await c.get('/signout');
		assert.match(w.headers.get('allow') || '', /POST/);
	});
});

describe('language', () => {
	const signinLang = async (al) => {
		const r = await new Client(server.url).get('/signin', { headers: al ? { 'Accept-Language': al } : {} });
		assert.equal(r.status, 200);
		return r;
	};

	test('no Accept-Language → English', async () => {
		const r = await signinLang(null);
		assert.equal(htmlLang(r.text), 'en');
		assert.match(textOf(r.text), /Sign in/i);
	});

	test('Accept-Language: nl → Dutch ("Inloggen")', async () => {
		for (const al of ['nl', 'nl-NL,nl;q=0.9,en;q=0.8', 'nl-BE', 'en;q=0.3, nl;q=0.9']) {
			const r = await signinLang(al);
			assert.equal(htmlLang(r.text), 'nl', `Accept-Language: ${al}`);
			assert.match(textOf(r.text), /Inloggen/, `Accept-Language: ${al}`);
		}
	});

	test('Accept-Language preferring English, or an unknown language → English', async () => {
		for (const al of ['en-GB,en;q=0.9,nl;q=0.8', 'fr-FR', 'de, fr;q=0.5', '*', 'xx-;;;q=abc,,,']) {
			const r = await signinLang(al);
			assert.equal(htmlLang(r.text), 'en', `Accept-Language: ${al}`);
		}
	});

	test('Dutch error pages too', async () => {
		const r = await new Client(server.url).get('/nope', { headers: { 'Accept-Language': 'nl' } });
		assert.equal(r.status, 404);
		assert.equal(htmlLang(r.text), 'nl');
	});

	test("the person's setting beats Accept-Language", async () => {
		const c = new Client(server.url, { headers: { 'Accept-Language': 'en' } });
		await c.signIn(MO.email, PASSWORD);
		const set = await c.submit('/settings', { language: 'nl' }, { action: '/settings/language' });
		assert.equal(set.status, 303, String(set));
		const page = await c.get('/settings');
		assert.equal(htmlLang(page.text), 'nl', 'language nl from settings');
		const me = await c.get('/api/v1/me');
		assert.equal(me.json.language, 'nl');

		const bad = await c.submit('/settings', { language: 'fr' }, { action: '/settings/language' });
		assert.ok(bad.status === 422 || bad.status === 400, `language=fr: ${bad.status}`);

		const reset = await c.submit('/settings', { language: '' }, { action: '/settings/language' });
		assert.equal(reset.status, 303, String(reset));
		assert.equal(htmlLang((await c.get('/settings')).text), 'en', 'back to the browser\'s choice');
		assert.equal((await c.get('/api/v1/me')).json.language, null);

		const en = await c.submit('/settings', { language: 'en' }, { action: '/settings/language' });
		assert.equal(en.status, 303);
		const nlBrowser = await c.get('/settings', { headers: { 'Accept-Language': 'nl' } });
		assert.equal(htmlLang(nlBrowser.text), 'en', 'chosen English beats a Dutch browser');
	});
});

describe('pages', () => {
	const pages = () => [
		[new Client(server.url), '/signin'],
		[ann, '/'],
		[ann, '/people'],
		[ann, `/people/${moId}`],
		[ann, `/people/${moId}/edit`],
		[ann, '/settings'],
		[new Client(server.url), '/nope'],
	];

	test('every POST form carries a _csrf value', async () => {
		for (const [c, path] of pages()) {
			const r = await c.get(path);
			for (const f of parseForms(r.text).filter((x) => x.method === 'post')) {
				assert.ok(f.values._csrf, `${path}: form ${f.action} has no _csrf`);
			}
		}
	});

	test('no inline scripts or inline event handlers (CSP would block them)', async () => {
		for (const [c, path] of pages()) {
			const r = await c.get(path);
			for (const s of findTags(r.text, 'script')) {
				assert.ok(s.src, `${path}: inline <script>`);
			}
			const handler = r.text.match(/<[a-z][^>]*\s(on[a-z]+)\s*=/i);
			assert.equal(handler, null, `${path}: inline event handler ${handler && handler[1]}`);
			assert.ok(!/href\s*=\s*["']?\s*javascript:/i.test(r.text), `${path}: javascript: link`);
		}
	});

	test('every page has a title, a lang, a viewport and an <h1>', async () => {
		for (const [c, path] of pages()) {
			const r = await c.get(path);
			assert.match(r.text, /<title>[^<]+<\/title>/, `${path}: <title>`);
			assert.ok(htmlLang(r.text), `${path}: <html lang>`);
			assert.ok(findTags(r.text, 'meta').some((m) => m.name === 'viewport'), `${path}: viewport meta`);
			assert.ok((r.text.match(/<h1\b/gi) || []).length >= 1, `${path}: an <h1>`);
		}
	});

	test('form inputs have labels', async () => {
		for (const [c, path] of pages()) {
			const r = await c.get(path);
			const labelFor = findTags(r.text, 'label').map((l) => l.for).filter(Boolean);
			const labelBlocks = r.text.match(/<label\b[\s\S]*?<\/label>/gi) || [];
			const re = /<(input|select|textarea)\b[^>]*>/gi;
			let m;
			while ((m = re.exec(r.text))) {
				const [tagText, tag] = m;
				const i = findTags(tagText, tag)[0];
				if (['hidden', 'submit', 'button', 'image', 'reset'].includes((i.type || '').toLowerCase())) continue;
				const ok = (i.id && labelFor.includes(i.id)) || i['aria-label'] || i['aria-labelledby'] ||
					labelBlocks.some((b) => b.includes(tagText));
				assert.ok(ok, `${path}: <${tag} name="${i.name}"> has no label`);
			}
		}
	});
});

describe('access log', () => {
	test('one logfmt line per request, with the X-Request-Id', async () => {
		// (/healthz and /static may be left out of the log)
		const r = await new Client(server.url).get('/signin?probe=1');
		const rid = r.headers.get('x-request-id');
		const esc = rid.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
		const m = await server.waitForStderr(new RegExp(`^.*request_id=${esc}.*$`, 'm'));
		assert.ok(m, `no access-log line with request_id=${rid}`);
		const line = m[0];
		assert.match(line, /(^|\s)time=\S+/);
		assert.match(line, /\smethod=GET(\s|$)/);
		assert.match(line, /\spath=\/signin/);
		assert.match(line, /\sstatus=200(\s|$)/);
		assert.match(line, /\sbytes=\d+/);
		assert.match(line, /\sduration_ms=[\d.]+/);
	});

	test('newlines in a path cannot forge a log line', async () => {
		const r = await new Client(server.url).get('/x%0Atime=forged%20method=GET%20status=200%0D%0Ay');
		assert.equal(r.status, 404);
		await sleep(200);
		assert.ok(!/^time=forged/m.test(server.stderr), 'a forged access-log line');
		assert.ok(!/^\s*method=GET status=200\s*$/m.test(server.stderr));
	});

	test('secrets never reach the log', async () => {
		const c = new Client(server.url);
		const s = await c.apiSignIn(MO.email, PASSWORD);
		await c.get('/api/v1/me', { bearer: s.token });
		await new Client(server.url).submit('/signin', { email: MO.email, password: 'wrong password but secret-ish' });
		await sleep(300);
		const log = server.stderr;
		assert.ok(!log.includes(PASSWORD), 'a password in the log');
		assert.ok(!log.includes('wrong password but secret-ish'), 'a failed password in the log');
		assert.ok(!log.includes(s.csrf_token), 'a CSRF token in the log');
		const cookie = c.cookie('plein_session');
		if (cookie) assert.ok(!log.includes(cookie), 'a session cookie in the log');
		assert.ok(!log.includes(s.token), 'a bearer token in the log');
	});
});
