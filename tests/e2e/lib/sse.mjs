// sse.mjs — a small server-sent events client for the tests (node's http):
// keeps every message it receives, parsed as the EventSource spec says
// (id, event, data; comments and retry kept apart), and waits for ones
// that match.
import http from 'node:http';

export class SseStream {
	constructor() {
		this.events = [];     // {id, event, data} of dispatched messages (with data)
		this.ids = [];        // every id: field seen, in order (also id-only messages)
		this.comments = 0;
		this.retry = null;
		this.status = null;
		this.headers = null;
		this.body = '';       // the body of a non-200 answer
		this.ended = false;
		this.lastEventId = null;
		this.buf = '';
		this.waiters = [];
	}

	/** The data of each event, parsed as JSON. */
	json(kind) {
		return this.events.filter((e) => !kind || e.event === kind).map((e) => ({ id: e.id, ...JSON.parse(e.data) }));
	}

	feed(chunk) {
		this.buf += chunk;
		let i;
		while ((i = this.buf.search(/\r\n\r\n|\n\n|\r\r/)) >= 0) {
			const block = this.buf.slice(0, i);
			this.buf = this.buf.slice(i + (this.buf.startsWith('\r\n\r\n', i) ? 4 : 2));
			this.message(block);
		}
	}

	message(block) {
		let id = null, event = 'message';
		const data = [];
		for (const line of block.split(/\r\n|\n|\r/)) {
			if (line.startsWith(':')) { this.comments++; continue; }
			const c = line.indexOf(':');
			const field = c < 0 ? line : line.slice(0, c);
			let value = c < 0 ? '' : line.slice(c + 1);
			if (value.startsWith(' ')) value = value.slice(1);
			if (field === 'id') id = value;
			else if (field === 'event') event = value;
			else if (field === 'data') data.push(value);
			else if (field === 'retry') this.retry = Number(value);
		}
		if (id !== null) {
			this.lastEventId = id;
			this.ids.push(id);
		}
		if (data.length) this.events.push({ id: this.lastEventId, event, data: data.join('\n') });
		this.wake();
	}

	wake() {
		for (const w of [...this.waiters]) w();
	}

	/** Wait until pred(this) is true; rejects after `timeout` ms with `what`. */
	until(pred, what = 'a condition', timeout = 5000) {
		return new Promise((resolve, reject) => {
			const check = () => {
				if (pred(this)) { done(); resolve(this); return true; }
				return false;
			};
			const timer = setTimeout(() => {
				done();
				reject(new Error(`SSE: waited ${timeout} ms for ${what}; got ${JSON.stringify(this.events)}`));
			}, timeout);
			const done = () => {
				clearTimeout(timer);
				this.waiters = this.waiters.filter((w) => w !== check);
			};
			if (!check()) this.waiters.push(check);
		});
	}

	/** Wait for an event of `kind` whose JSON data passes `pred`; returns it. */
	async waitFor(kind, pred = () => true, timeout = 5000) {
		const find = () => this.json(kind).find(pred);
		await this.until(() => find() !== undefined, `an event "${kind}"`, timeout);
		return find();
	}

	close() {
		if (this.req) this.req.destroy();
	}
}

/**
 * Open `path` on `base` as an event stream. opts: bearer, cookie,
 * lastEventId. Resolves once the response headers are in (any status).
 */
export function openStream(base, path, { bearer, cookie, lastEventId, headers = {} } = {}) {
	const s = new SseStream();
	const h = { Accept: 'text/event-stream', ...headers };
	if (bearer) h.Authorization = `Bearer ${bearer}`;
	if (cookie) h.Cookie = cookie;
	if (lastEventId !== undefined) h['Last-Event-ID'] = String(lastEventId);
	return new Promise((resolve, reject) => {
		const req = http.get(base + path, { headers: h, agent: false }, (res) => {
			s.status = res.statusCode;
			s.headers = res.headers;
			res.setEncoding('utf8');
			res.on('data', (d) => {
				if (s.status === 200) s.feed(d);
				else s.body += d;
			});
			res.on('end', () => { s.ended = true; s.wake(); });
			res.on('error', () => { s.ended = true; s.wake(); });
			res.on('close', () => { s.ended = true; s.wake(); });
			resolve(s);
		});
		s.req = req;
		req.on('error', (e) => {
			s.ended = true;
			s.wake();
			if (s.status === null) reject(e);
		});
	});
}
