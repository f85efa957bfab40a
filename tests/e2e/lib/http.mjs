// http.mjs — a small HTTP client for the tests: a cookie jar around fetch
// (redirects are never followed), HTML form parsing, and JSON API helpers.
import assert from 'node:assert/strict';

/** One response, body already read. */
export class Res {
	constructor(status, headers, body, url) {
		this.status = status;
		this.headers = headers;
		this.buf = body;
		this.url = url;
		this.text = body.toString('utf8');
		this._json = undefined;
	}

	get location() {
		return this.headers.get('location');
	}

	get contentType() {
		return this.headers.get('content-type') || '';
	}

	/** Parsed JSON body (throws with the body in the message if it is not JSON). */
	get json() {
		if (this._json === undefined) {
			try {
				this._json = JSON.parse(this.text);
			} catch {
				throw new Error(`response ${this.status} from ${this.url} is not JSON: ${this.text.slice(0, 500)}`);
			}
		}
		return this._json;
	}

	setCookies() {
		return this.headers.getSetCookie ? this.headers.getSetCookie() : [];
	}

	/** The Set-Cookie line for `name`, or undefined. */
	setCookie(name) {
		return this.setCookies().find((c) => c.split('=')[0].trim() === name);
	}

	toString() {
		return `${this.status} ${this.url}\n${[...this.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n\n${this.text.slice(0, 1500)}`;
	}
}

/** Parse one Set-Cookie header: {name, value, attrs: {lowercased: value|true}}. */
export function parseSetCookie(line) {
	const parts = line.split(';').map((s) => s.trim());
	const [nv, ...rest] = parts;
	const eq = nv.indexOf('=');
	const name = nv.slice(0, eq).trim();
	const value = nv.slice(eq + 1).trim();
	const attrs = {};
	for (const a of rest) {
		if (!a) continue;
		const i = a.indexOf('=');
		if (i < 0) attrs[a.toLowerCase()] = true;
		else attrs[a.slice(0, i).trim().toLowerCase()] = a.slice(i + 1).trim();
	}
	return { name, value, attrs };
}

/**
 * A client with its own cookie jar. Redirects are returned, not followed.
 *   const c = new Client(server.url);
 *   const r = await c.get('/signin');
 */
export class Client {
	constructor(base, { headers = {} } = {}) {
		this.base = base.replace(/\/$/, '');
		this.cookies = new Map();
		this.headers = headers;
	}

	cookie(name) {
		return this.cookies.get(name);
	}

	setCookieValue(name, value) {
		if (value === undefined || value === null) this.cookies.delete(name);
		else this.cookies.set(name, value);
	}

	/** A new client with a copy of this one's cookies. */
	clone() {
		const c = new Client(this.base, { headers: { ...this.headers } });
		c.cookies = new Map(this.cookies);
		return c;
	}

	cookieHeader() {
		return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
	}

	/**
	 * request(method, path, {headers, body, json, form, bearer, csrf})
	 *   json: an object sent as application/json
	 *   form: an object or [[k, v]...] sent as application/x-www-form-urlencoded
	 *   body: a string or Buffer sent as is (set the content type yourself)
	 *   bearer: a token for Authorization; csrf: a value for X-CSRF-Token
	 */
	async request(method, path, opts = {}) {
		const headers = { ...this.headers, ...(opts.headers || {}) };
		let body = opts.body;
		if (opts.json !== undefined) {
			body = typeof opts.json === 'string' ? opts.json : JSON.stringify(opts.json);
			if (!hasHeader(headers, 'content-type')) headers['Content-Type'] = 'application/json';
		} else if (opts.form !== undefined) {
			body = new URLSearchParams(opts.form).toString();
			if (!hasHeader(headers, 'content-type')) headers['Content-Type'] = 'application/x-www-form-urlencoded';
		}
		if (opts.bearer) headers.Authorization = `Bearer ${opts.bearer}`;
		if (opts.csrf) headers['X-CSRF-Token'] = opts.csrf;
		const ck = this.cookieHeader();
		if (ck && !hasHeader(headers, 'cookie')) headers.Cookie = ck;
		const url = this.base + path;
		const res = await fetch(url, { method, headers, body, redirect: 'manual' });
		const buf = Buffer.from(await res.arrayBuffer());
		for (const line of res.headers.getSetCookie()) {
			const c = parseSetCookie(line);
			const maxAge = c.attrs['max-age'];
			const expires = c.attrs.expires ? Date.parse(c.attrs.expires) : NaN;
			if ((maxAge !== undefined && Number(maxAge) <= 0) || (!Number.isNaN(expires) && expires < Date.now()) || c.value === '') {
				this.cookies.delete(c.name);
			} else {
				this.cookies.set(c.name, c.value);
			}
		}
		return new Res(res.status, res.headers, buf, `${method} ${path}`);
	}

	get(path, opts) { return this.request('GET', path, opts); }
	post(path, opts) { return this.request('POST', path, opts); }
	patch(path, opts) { return this.request('PATCH', path, opts); }
	put(path, opts) { return this.request('PUT', path, opts); }
	delete(path, opts) { return this.request('DELETE', path, opts); }

	/** GET a page and return the value of its hidden _csrf input (of the form posting to `action` if given). */
	async csrfFrom(path, action) {
		const r = await this.get(path);
		assert.equal(r.status, 200, `GET ${path} for its _csrf: ${r}`);
		const forms = parseForms(r.text);
		const form = action ? forms.find((f) => f.action === action) : forms.find((f) => f.values._csrf);
		assert.ok(form, `no form${action ? ` posting to ${action}` : ''} in ${path}`);
		assert.ok(form.values._csrf, `form ${form.action} in ${path} has no _csrf value`);
		return form.values._csrf;
	}

	/** GET `page`, then POST its form (to `action`, default the page itself) with `fields` and its _csrf. */
	async submit(page, fields, { action = null, headers } = {}) {
		const target = action || page.split('?')[0];
		const csrf = await this.csrfFrom(page, target);
		return this.post(target, { form: { ...fields, _csrf: csrf }, headers });
	}

	/** POST `fields` to `path` with a _csrf taken from any form on `csrfPage` (default /settings). */
	async postForm(path, fields, { csrfPage = '/settings', headers } = {}) {
		const csrf = await this.csrfFrom(csrfPage);
		return this.post(path, { form: { ...fields, _csrf: csrf }, headers });
	}

	/** Sign in through the web form; asserts success (303) unless expectStatus is given. */
	async signIn(email, password, { next, expectStatus = 303 } = {}) {
		const fields = { email, password };
		if (next !== undefined) fields.next = next;
		const r = await this.submit('/signin', fields);
		assert.equal(r.status, expectStatus, `web sign-in as ${email}: ${r}`);
		return r;
	}

	/** Sign in through the API; returns {token, csrf_token, person}. The cookie lands in this jar. */
	async apiSignIn(email, password, { headers } = {}) {
		const r = await this.post('/api/v1/session', { json: { email, password }, headers });
		assert.equal(r.status, 200, `API sign-in as ${email}: ${r}`);
		return r.json;
	}
}

function hasHeader(headers, name) {
	return Object.keys(headers).some((k) => k.toLowerCase() === name);
}

export function decodeEntities(s) {
	return s.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos|#39);/gi, (m, e) => {
		const l = e.toLowerCase();
		if (l === 'amp') return '&';
		if (l === 'lt') return '<';
		if (l === 'gt') return '>';
		if (l === 'quot') return '"';
		if (l === 'apos') return "'";
		if (l.startsWith('#x')) return String.fromCodePoint(parseInt(l.slice(2), 16));
		if (l.startsWith('#')) return String.fromCodePoint(parseInt(l.slice(1), 10));
		return m;
	});
}

/** Attributes of one start tag: {name: value} (names lowercased, values decoded). */
export function parseAttrs(tag) {
	const attrs = {};
	const re = /([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;
	const inner = tag.replace(/^<\s*[a-z0-9-]+/i, '').replace(/\/?>$/, '');
	let m;
	while ((m = re.exec(inner))) {
		const v = m[2] ?? m[3] ?? m[4];
		attrs[m[1].toLowerCase()] = v === undefined ? '' : decodeEntities(v);
	}
	return attrs;
}

/** All start tags named `tag` in `html`, as attribute objects. */
export function findTags(html, tag) {
	const re = new RegExp(`<${tag}\\b[^>]*>`, 'gi');
	return (html.match(re) || []).map(parseAttrs);
}

/**
 * Forms in an HTML page: [{action, method, fields: [names], values: {name: value}, html}].
 * Good enough for server-rendered pages (no nested forms).
 */
export function parseForms(html) {
	const forms = [];
	const re = /<form\b[^>]*>([\s\S]*?)<\/form>/gi;
	let m;
	while ((m = re.exec(html))) {
		const open = m[0].match(/<form\b[^>]*>/i)[0];
		const a = parseAttrs(open);
		const body = m[1];
		const fields = [];
		const values = {};
		for (const inp of findTags(body, 'input')) {
			if (!inp.name) continue;
			fields.push(inp.name);
			if ((inp.type === 'checkbox' || inp.type === 'radio') && !('checked' in inp)) continue;
			values[inp.name] = inp.value ?? '';
		}
		const ta = /<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/gi;
		let t;
		while ((t = ta.exec(body))) {
			const at = parseAttrs(`<textarea ${t[1]}>`);
			if (!at.name) continue;
			fields.push(at.name);
			values[at.name] = decodeEntities(t[2]).replace(/^\n/, '');
		}
		const sel = /<select\b([^>]*)>([\s\S]*?)<\/select>/gi;
		let s;
		while ((s = sel.exec(body))) {
			const at = parseAttrs(`<select ${s[1]}>`);
			if (!at.name) continue;
			fields.push(at.name);
			const opts = findTags(s[2], 'option');
			const chosen = opts.find((o) => 'selected' in o) || opts[0];
			values[at.name] = chosen ? (chosen.value ?? '') : '';
		}
		forms.push({
			action: a.action ?? '',
			method: (a.method || 'get').toLowerCase(),
			fields,
			values,
			html: m[0],
		});
	}
	return forms;
}

/** The lang attribute of <html>. */
export function htmlLang(html) {
	const m = html.match(/<html\b[^>]*>/i);
	return m ? parseAttrs(m[0]).lang : undefined;
}

/** Plain text of an HTML fragment (tags dropped, entities decoded, spaces collapsed). */
export function textOf(html) {
	return decodeEntities(html.replace(/<script\b[\s\S]*?<\/script>/gi, ' ')
		.replace(/<style\b[\s\S]*?<\/style>/gi, ' ')
		.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim();
}

/** Ids of the people linked from a page (/people/{id}), in order, without repeats. */
export function personLinks(html) {
	const ids = [];
	for (const a of findTags(html, 'a')) {
		const m = (a.href || '').match(/^(?:https?:\/\/[^/]+)?\/people\/(\d+)\/?$/);
		if (m && !ids.includes(Number(m[1]))) ids.push(Number(m[1]));
	}
	return ids;
}

// ---- JSON API helpers --------------------------------------------------------

/** Assert the JSON error shape of the contract: {"error": {"code", "message", "field"?}}. */
export function assertApiError(res, status, code, { field } = {}) {
	assert.equal(res.status, status, `expected ${status} ${code}, got ${res}`);
	assert.match(res.contentType, /^application\/json/, `error content type: ${res}`);
	const body = res.json;
	assert.equal(typeof body, 'object', `error body: ${res.text}`);
	assert.ok(body.error && typeof body.error === 'object', `no "error" object: ${res.text}`);
	assert.equal(body.error.code, code, `error code: ${res.text}`);
	assert.equal(typeof body.error.message, 'string', `error message: ${res.text}`);
	assert.ok(body.error.message.length > 0, `empty error message: ${res.text}`);
	if (field !== undefined) assert.equal(body.error.field, field, `error field: ${res.text}`);
	return body.error;
}

export const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Assert the Person shape of the contract. */
export function assertPerson(p, what = 'person') {
	assert.equal(typeof p, 'object', `${what}: ${JSON.stringify(p)}`);
	assert.ok(Number.isInteger(p.id) && p.id > 0, `${what}.id: ${JSON.stringify(p)}`);
	assert.equal(typeof p.name, 'string', `${what}.name: ${JSON.stringify(p)}`);
	assert.ok(p.name.length > 0, `${what}.name empty`);
	assert.equal(typeof p.email, 'string', `${what}.email: ${JSON.stringify(p)}`);
	for (const k of ['title', 'department', 'location', 'bio']) {
		assert.ok(k in p, `${what} lacks "${k}": ${JSON.stringify(p)}`);
		assert.ok(p[k] === null || typeof p[k] === 'string', `${what}.${k}: ${JSON.stringify(p[k])}`);
	}
	assert.ok(['admin', 'moderator', 'member', 'guest', 'alumni'].includes(p.role), `${what}.role: ${JSON.stringify(p.role)}`);
	assert.ok(['active', 'deactivated'].includes(p.status), `${what}.status: ${JSON.stringify(p.status)}`);
	for (const k of ['pronouns', 'phone', 'start_date'])
		assert.ok(k in p && (p[k] === null || typeof p[k] === 'string'), `${what}.${k}: ${JSON.stringify(p[k])}`);
	assert.ok('manager' in p, `${what} lacks "manager"`);
	if (p.manager !== null) {
		assert.ok(Number.isInteger(p.manager.id), `${what}.manager.id: ${JSON.stringify(p.manager)}`);
		assert.equal(typeof p.manager.name, 'string', `${what}.manager.name: ${JSON.stringify(p.manager)}`);
	}
	assert.match(String(p.created_at), RFC3339_UTC, `${what}.created_at`);
	for (const k of Object.keys(p)) {
		assert.ok(!/pass|hash|secret|salt|^token$/i.test(k), `${what} exposes "${k}"`);
	}
}

/** Assert the Session shape of the contract. */
export function assertSession(s) {
	assert.ok(Number.isInteger(s.id), `session.id: ${JSON.stringify(s)}`);
	for (const k of ['created_at', 'last_seen_at', 'expires_at']) {
		assert.match(String(s[k]), RFC3339_UTC, `session.${k}: ${JSON.stringify(s)}`);
	}
	assert.ok(s.user_agent === null || typeof s.user_agent === 'string', `session.user_agent: ${JSON.stringify(s)}`);
	assert.equal(typeof s.current, 'boolean', `session.current: ${JSON.stringify(s)}`);
	for (const k of Object.keys(s)) {
		assert.ok(!/token|hash|secret/i.test(k), `session exposes "${k}": ${JSON.stringify(s)}`);
	}
}

/** Every page of GET /api/v1/people?..., following next_cursor. Returns {items, pages}. */
export async function allPeople(client, { q, limit, bearer } = {}) {
	const items = [];
	let cursor = null;
	let pages = 0;
	for (;;) {
		const p = new URLSearchParams();
		if (q !== undefined) p.set('q', q);
		if (limit !== undefined) p.set('limit', String(limit));
		if (cursor !== null) p.set('cursor', cursor);
		const qs = p.toString();
		const r = await client.get(`/api/v1/people${qs ? '?' + qs : ''}`, { bearer });
		assert.equal(r.status, 200, `people page ${pages + 1}: ${r}`);
		const body = r.json;
		assert.ok(Array.isArray(body.items), `items: ${r.text.slice(0, 300)}`);
		assert.ok('next_cursor' in body, `no next_cursor: ${r.text.slice(0, 300)}`);
		if (limit !== undefined) assert.ok(body.items.length <= limit, `page larger than limit ${limit}: ${body.items.length}`);
		items.push(...body.items);
		pages++;
		assert.ok(pages < 1000, 'pagination does not end');
		if (body.next_cursor === null) break;
		assert.equal(typeof body.next_cursor, 'string', `next_cursor: ${JSON.stringify(body.next_cursor)}`);
		assert.ok(body.next_cursor.length > 0, 'empty next_cursor');
		cursor = body.next_cursor;
	}
	return { items, pages };
}

/** Lowercase, accents removed: the folding the contract promises for search. */
export function fold(s) {
	return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Median of numbers. */
export function median(xs) {
	const s = [...xs].sort((a, b) => a - b);
	const n = s.length;
	return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}
