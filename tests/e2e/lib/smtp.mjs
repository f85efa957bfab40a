// smtp.mjs — a tiny SMTP sink for the tests, on node's `net` module: it
// speaks just enough of RFC 5321 for libcurl (EHLO/HELO, MAIL FROM, RCPT TO,
// DATA with dot-unstuffing, RSET, NOOP, QUIT) and keeps every message. It
// can hold new connections before the greeting (to keep plein's sender busy)
// and decodes what it received (headers, quoted-printable body).
import net from 'node:net';

export class SmtpSink {
	/** offerStartTls: advertise STARTTLS, then refuse it (454), counting the attempts in startTlsAsked. */
	constructor({ offerStartTls = false } = {}) {
		this.offerStartTls = offerStartTls;
		this.startTlsAsked = 0;
		this.messages = [];      // {from, to: [addr], data (string, CRLF), headers, body}
		this.server = null;
		this.port = null;
		this.held = null;        // sockets waiting for their greeting while held
		this.sockets = new Set();
		this.waiters = [];
	}

	/** Listen on 127.0.0.1 (port 0: a free one; or a given port). */
	start(port = 0) {
		this.server = net.createServer((sock) => this.onConnection(sock));
		return new Promise((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(port, '127.0.0.1', () => {
				this.port = this.server.address().port;
				resolve(this);
			});
		});
	}

	get url() {
		return `smtp://127.0.0.1:${this.port}`;
	}

	/** Stop listening and drop every connection. */
	async stop() {
		for (const s of this.sockets) s.destroy();
		if (this.held) this.held = [];
		if (this.server) await new Promise((r) => this.server.close(() => r()));
		this.server = null;
	}

	/** New connections wait for their greeting until release() is called. */
	hold() {
		this.held = this.held || [];
	}

	/** Count of connections waiting for their greeting. */
	get waiting() {
		return this.held ? this.held.length : 0;
	}

	release() {
		const held = this.held || [];
		this.held = null;
		for (const s of held) if (!s.destroyed) s.write('220 sink.test ESMTP ready\r\n');
	}

	onConnection(sock) {
		this.sockets.add(sock);
		sock.on('close', () => this.sockets.delete(sock));
		sock.on('error', () => {});
		sock.setEncoding('latin1'); // bytes as they are: the test decodes UTF-8 itself
		let buf = '';
		let inData = false;
		let cur = { from: null, to: [] };
		const reply = (line) => { if (!sock.destroyed) sock.write(line + '\r\n'); };
		sock.on('data', (chunk) => {
			buf += chunk;
			for (;;) {
				if (inData) {
					const end = buf.indexOf('\r\n.\r\n');
					const atStart = buf.startsWith('.\r\n');
					if (end < 0 && !atStart) return;
					const raw = atStart ? '' : buf.slice(0, end + 2);
					buf = atStart ? buf.slice(3) : buf.slice(end + 5);
					const data = raw.split('\r\n').map((l) => (l.startsWith('.') ? l.slice(1) : l)).join('\r\n');
					this.addMessage({ from: cur.from, to: cur.to, data: Buffer.from(data, 'latin1').toString('utf8') });
					cur = { from: null, to: [] };
					inData = false;
					reply('250 2.0.0 queued');
					continue;
				}
				const nl = buf.indexOf('\r\n');
				if (nl < 0) return;
				const line = buf.slice(0, nl);
				buf = buf.slice(nl + 2);
				const verb = line.slice(0, 4).toUpperCase();
				if (verb === 'EHLO') reply(`250-sink.test\r\n250-8BITMIME\r\n${this.offerStartTls ? '250-STARTTLS\r\n' : ''}250 SIZE 10485760`);
				else if (verb === 'STAR' && this.offerStartTls) { this.startTlsAsked++; reply('454 4.7.0 TLS not available right now'); }
				else if (verb === 'HELO') reply('250 sink.test');
				else if (verb === 'MAIL') { cur = { from: addr(line), to: [] }; reply('250 2.1.0 ok'); }
				else if (verb === 'RCPT') { cur.to.push(addr(line)); reply('250 2.1.5 ok'); }
				else if (verb === 'DATA') { inData = true; reply('354 end with <CRLF>.<CRLF>'); }
				else if (verb === 'RSET') { cur = { from: null, to: [] }; reply('250 ok'); }
				else if (verb === 'NOOP') reply('250 ok');
				else if (verb === 'QUIT') { reply('221 bye'); sock.end(); return; }
				else reply('502 5.5.2 not implemented');
			}
		});
		if (this.held) this.held.push(sock);
		else reply('220 sink.test ESMTP ready');
	}

	addMessage(m) {
		Object.assign(m, parseMessage(m.data));
		this.messages.push(m);
		this.waiters = this.waiters.filter((w) => !w());
	}

	/** Resolve when at least n messages arrived (null after timeout ms). */
	waitFor(n, timeout = 15_000) {
		return new Promise((resolve) => {
			const timer = setTimeout(() => resolve(null), timeout);
			const check = () => {
				if (this.messages.length < n) return false;
				clearTimeout(timer);
				resolve(this.messages);
				return true;
			};
			if (!check()) this.waiters.push(check);
		});
	}
}

function addr(line) {
	const m = line.match(/<([^>]*)>/);
	return m ? m[1] : line.slice(line.indexOf(':') + 1).trim();
}

/** RFC 2047 encoded words (B and Q) → text. */
export function decodeWords(s) {
	return s.replace(/\r\n[ \t]/g, ' ').replace(/\?=\s+=\?/g, '?==?')
		.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, cs, enc, text) => {
			if (enc.toUpperCase() === 'B') return Buffer.from(text, 'base64').toString('utf8');
			return Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi,
				(__, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
		});
}

/** Quoted-printable (CRLF line ends) → UTF-8 text with \n line ends. */
export function decodeQP(s) {
	const bytes = s.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
	return Buffer.from(bytes, 'latin1').toString('utf8').replace(/\r\n/g, '\n');
}

/** {headers: {lower-case name: raw value (unfolded)}, rawHeaders, body (decoded)} */
export function parseMessage(data) {
	const split = data.indexOf('\r\n\r\n');
	const head = split < 0 ? data : data.slice(0, split);
	const rawBody = split < 0 ? '' : data.slice(split + 4);
	const headers = {};
	for (const line of head.replace(/\r\n[ \t]/g, ' ').split('\r\n')) {
		const i = line.indexOf(':');
		if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
	}
	const qp = /quoted-printable/i.test(headers['content-transfer-encoding'] || '');
	return { headers, rawHeaders: head, rawBody, body: qp ? decodeQP(rawBody) : rawBody.replace(/\r\n/g, '\n') };
}
