// Connection limits from plein.ini ([server] timeout, per_ip_connections):
// an idle connection is closed after the timeout, and one address cannot
// hold more than its share of connections (SECURITY.md: libmicrohttpd 0.9.75
// needs both set). Raw sockets only, so fetch's pool does not count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { useServer } from './lib/server.mjs';
import { rawRequest } from './lib/raw.mjs';
import { sleep } from './lib/http.mjs';

const server = useServer({ config: { server: { timeout: 2, per_ip_connections: 4 } } });

/** Connect and resolve when the server closes the socket (or after `max` ms). */
function connectAndWatch(port, { send = '', max = 8000 } = {}) {
	return new Promise((resolve, reject) => {
		const t0 = Date.now();
		let data = '';
		let done = false;
		const sock = net.connect({ host: '127.0.0.1', port });
		const finish = (closedByServer) => {
			if (done) return;
			done = true;
			clearTimeout(timer);
			resolve({ closedByServer, ms: Date.now() - t0, data, sock });
		};
		const timer = setTimeout(() => finish(false), max);
		sock.on('connect', () => { if (send) sock.write(send); });
		sock.on('data', (d) => { data += d.toString('latin1'); });
		sock.on('end', () => finish(true));
		sock.on('close', () => finish(true));
		sock.on('error', (e) => (e.code === 'ECONNRESET' ? finish(true) : reject(e)));
	});
}

test('an idle connection is closed after [server] timeout', async () => {
	await server.ready;
	const r = await connectAndWatch(server.port, { max: 10_000 });
	assert.ok(r.closedByServer, 'an idle connection stays open for 10 s with timeout = 2');
	assert.ok(r.ms >= 1000, `closed too early (${r.ms} ms)`);
	r.sock.destroy();
});

test('a half-sent request is closed after [server] timeout', async () => {
	const r = await connectAndWatch(server.port, { send: 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: a', max: 10_000 });
	assert.ok(r.closedByServer, 'a slow-header connection stays open for 10 s with timeout = 2');
	r.sock.destroy();
});

test('per_ip_connections = 4: a 5th connection from the same address is refused; freed slots are reused', async () => {
	const held = [];
	for (let i = 0; i < 4; i++) {
		const s = net.connect({ host: '127.0.0.1', port: server.port });
		await new Promise((res, rej) => { s.on('connect', res); s.on('error', rej); });
		s.on('error', () => {});
		held.push(s);
	}
	await sleep(100);
	const fifth = await connectAndWatch(server.port, { send: 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n', max: 1500 });
	fifth.sock.destroy();
	const answered = /^HTTP\/1\.1 200/.test(fifth.data);
	for (const s of held) s.destroy();
	assert.ok(!answered, `the 5th connection was served: ${fifth.data.slice(0, 60)}`);
	await sleep(200);
	const r = await rawRequest(server.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
	assert.equal(r.status, 200, 'served again once the connections are gone');
});
