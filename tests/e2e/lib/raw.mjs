// raw.mjs — raw HTTP/1.1 over a TCP socket, for requests fetch refuses to
// send (duplicate Content-Length, Content-Length with chunked, huge headers,
// invalid bytes) and to see whether the server closes the connection.
import net from 'node:net';

/**
 * Parse as many complete HTTP responses as `buf` holds.
 * Returns [{status, reason, headers: {lowercased: [values]}, body: Buffer}], and the bytes left over.
 */
export function parseResponses(buf, { headRequest = false } = {}) {
	const out = [];
	let rest = buf;
	for (;;) {
		const end = rest.indexOf('\r\n\r\n');
		if (end < 0) break;
		const head = rest.subarray(0, end).toString('latin1');
		const lines = head.split('\r\n');
		const m = lines[0].match(/^HTTP\/1\.[01] (\d{3})(?: (.*))?$/);
		if (!m) break;
		const headers = {};
		for (const l of lines.slice(1)) {
			const i = l.indexOf(':');
			if (i < 0) continue;
			const k = l.slice(0, i).trim().toLowerCase();
			(headers[k] ||= []).push(l.slice(i + 1).trim());
		}
		const status = Number(m[1]);
		let bodyStart = end + 4;
		let body;
		let consumed;
		const noBody = headRequest || status === 204 || status === 304 || (status >= 100 && status < 200);
		if (noBody) {
			body = Buffer.alloc(0);
			consumed = bodyStart;
		} else if ((headers['transfer-encoding'] || []).some((v) => /chunked/i.test(v))) {
			const chunks = [];
			let p = bodyStart;
			let done = false;
			for (;;) {
				const le = rest.indexOf('\r\n', p);
				if (le < 0) break;
				const size = parseInt(rest.subarray(p, le).toString('latin1'), 16);
				if (Number.isNaN(size)) break;
				if (size === 0) {
					const te = rest.indexOf('\r\n\r\n', le);
					if (te < 0) break;
					p = te + 4;
					done = true;
					break;
				}
				if (rest.length < le + 2 + size + 2) break;
				chunks.push(rest.subarray(le + 2, le + 2 + size));
				p = le + 2 + size + 2;
			}
			if (!done) break;
			body = Buffer.concat(chunks);
			consumed = p;
		} else if (headers['content-length']) {
			const n = Number(headers['content-length'][0]);
			if (rest.length < bodyStart + n) break;
			body = rest.subarray(bodyStart, bodyStart + n);
			consumed = bodyStart + n;
		} else {
			// body runs to the end of the connection: only complete once closed
			out.push({ status, reason: m[2] || '', headers, body: rest.subarray(bodyStart), open: true });
			rest = Buffer.alloc(0);
			break;
		}
		out.push({ status, reason: m[2] || '', headers, body });
		rest = rest.subarray(consumed);
	}
	return { responses: out, rest };
}

/**
 * Send `data` (a string, a Buffer, or an array of them written one after
 * another with `gapMs` between) to the server and collect what comes back.
 *
 * Resolves {status, headers, body, text, responses, closed, raw, error}:
 *   status/headers/body — the first response (status null if none arrived)
 *   responses — every complete response received
 *   closed — the server closed the connection within `closeWait` ms after
 *            the first response (or before answering at all)
 */
export function rawRequest(port, data, { host = '127.0.0.1', timeout = 10_000, closeWait = 2500, gapMs = 0 } = {}) {
	return new Promise((resolve) => {
		const sock = net.connect({ host, port });
		const parts = Array.isArray(data) ? data : [data];
		let raw = Buffer.alloc(0);
		let closed = false;
		let error = null;
		let settled = false;
		let closeTimer = null;

		const finish = () => {
			if (settled) return;
			settled = true;
			clearTimeout(overall);
			clearTimeout(closeTimer);
			sock.destroy();
			const { responses } = parseResponses(raw);
			const first = responses[0];
			resolve({
				status: first ? first.status : null,
				headers: first ? first.headers : {},
				body: first ? first.body : Buffer.alloc(0),
				text: first ? first.body.toString('utf8') : '',
				responses,
				closed,
				raw,
				error,
			});
		};
		const overall = setTimeout(finish, timeout);

		sock.on('data', (d) => {
			raw = Buffer.concat([raw, d]);
			const { responses } = parseResponses(raw);
			if (responses.length > 0 && !closeTimer) closeTimer = setTimeout(finish, closeWait);
		});
		sock.on('end', () => { closed = true; finish(); });
		sock.on('close', () => { closed = true; finish(); });
		sock.on('error', (e) => {
			// EPIPE/ECONNRESET while we are still sending: the server answered
			// early and closed; keep whatever response already arrived.
			error = e;
			closed = true;
			finish();
		});
		sock.on('connect', async () => {
			for (let i = 0; i < parts.length; i++) {
				if (settled || sock.destroyed) return;
				if (i > 0 && gapMs) await new Promise((r) => setTimeout(r, gapMs));
				if (settled || sock.destroyed) return;
				sock.write(parts[i], () => {});
			}
		});
	});
}

/** A header value of a raw response (first one), or undefined. */
export function rawHeader(res, name) {
	const v = res.headers[name.toLowerCase()];
	return v ? v[0] : undefined;
}

/**
 * Open a connection and keep it open, sending `data` (e.g. half a header) and
 * nothing more. Returns {socket, close()}.
 */
export function openIdle(port, data = '', { host = '127.0.0.1' } = {}) {
	return new Promise((resolve, reject) => {
		const socket = net.connect({ host, port }, () => {
			if (data) socket.write(data);
			resolve({ socket, close: () => socket.destroy() });
		});
		socket.on('error', (e) => {
			if (!socket.connecting) return; // closed by the server later: fine
			reject(e);
		});
		socket.on('data', () => {});
	});
}

/**
 * Bytes of one HTTP/1.1 request. `headers` is a list of [name, value] pairs
 * (repeats allowed) or an object; Host is added unless given. `body` is a
 * string or Buffer sent as is (no Content-Length is added for you unless
 * `contentLength` is true).
 */
export function buildRequest(method, path, { headers = [], body = null, contentLength = false, host = 'localhost' } = {}) {
	const list = Array.isArray(headers) ? [...headers] : Object.entries(headers);
	if (!list.some(([k]) => k.toLowerCase() === 'host')) list.unshift(['Host', host]);
	const b = body === null ? null : Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
	if (contentLength && b) list.push(['Content-Length', String(b.length)]);
	const head = `${method} ${path} HTTP/1.1\r\n` + list.map(([k, v]) => `${k}: ${v}\r\n`).join('') + '\r\n';
	return b ? Buffer.concat([Buffer.from(head, 'latin1'), b]) : Buffer.from(head, 'latin1');
}

/** A body in chunked transfer coding, split into `size`-byte chunks. */
export function chunked(body, size = 8192) {
	const b = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
	const parts = [];
	for (let i = 0; i < b.length; i += size) {
		const c = b.subarray(i, i + size);
		parts.push(Buffer.from(c.length.toString(16) + '\r\n', 'latin1'), c, Buffer.from('\r\n', 'latin1'));
	}
	parts.push(Buffer.from('0\r\n\r\n', 'latin1'));
	return Buffer.concat(parts);
}

/** The parsed JSON body of a raw response (or null). */
export function rawJson(res) {
	try {
		return JSON.parse(res.body.toString('utf8'));
	} catch {
		return null;
	}
}
