// Hostile and broken requests: request smuggling (duplicate Content-Length,
// Content-Length with chunked), body and header limits, malformed JSON,
// invalid UTF-8, wrong types and content types, slow clients. The server must
// answer each with a clean 4xx, stay up, and exit cleanly under ASan.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, PASSWORD } from './lib/server.mjs';
import { Client, assertApiError } from './lib/http.mjs';
import { rawRequest, rawJson, buildRequest, chunked, openIdle } from './lib/raw.mjs';

const MO = { email: 'mo@example.com', name: 'Mo Member' };
const server = useServer({ users: [MO] });

let token;
before(async () => {
	await server.ready;
	token = (await new Client(server.url).apiSignIn(MO.email, PASSWORD)).token;
});

const LIMIT = 64 * 1024;
const send = (data, opts) => rawRequest(server.port, data, opts);
const auth = () => ['Authorization', `Bearer ${token}`];

function assertRawError(r, status, code, what) {
	assert.equal(r.status, status, `${what}: got ${r.status} ${r.error ? `(${r.error.code}) ` : ''}${r.raw.toString('latin1').slice(0, 300)}`);
	if (code) {
		const j = rawJson(r);
		assert.ok(j && j.error, `${what}: JSON error body: ${r.text.slice(0, 200)}`);
		assert.equal(j.error.code, code, `${what}: code`);
		assert.equal(typeof j.error.message, 'string');
	}
}

async function assertAlive() {
	const r = await new Client(server.url).get('/healthz');
	assert.equal(r.status, 200, 'the server still answers /healthz');
}

describe('request smuggling', () => {
	const login = JSON.stringify({ email: MO.email, password: PASSWORD });

	test('two different Content-Length headers → 400, connection closed', async () => {
		const r = await send(buildRequest('POST', '/api/v1/session', {
			headers: [['Content-Type', 'application/json'], ['Content-Length', String(login.length)], ['Content-Length', '5']],
			body: login,
		}));
		assert.equal(r.status, 400, `got ${r.status}: ${r.raw.toString('latin1').slice(0, 300)}`);
		assert.ok(r.closed, 'the connection must be closed after a smuggling attempt');
		assert.equal(r.responses.length, 1, 'exactly one response');
		await assertAlive();
	});

	test('two equal Content-Length headers → 400, connection closed', async () => {
		const r = await send(buildRequest('POST', '/api/v1/session', {
			headers: [['Content-Type', 'application/json'], ['Content-Length', String(login.length)], ['Content-Length', String(login.length)]],
			body: login,
		}));
		assert.equal(r.status, 400, `got ${r.status}`);
		assert.ok(r.closed, 'connection closed');
	});

	test('Content-Length: 5, 5 (a list in one header) → 400', async () => {
		const r = await send(buildRequest('POST', '/api/v1/session', {
			headers: [['Content-Type', 'application/json'], ['Content-Length', `${login.length}, ${login.length}`]],
			body: login,
		}));
		assert.equal(r.status, 400, `got ${r.status}`);
		assert.ok(r.closed, 'connection closed');
	});

	for (const order of ['CL first', 'TE first']) {
		test(`Content-Length and Transfer-Encoding: chunked (${order}) → 400, connection closed, nothing smuggled`, async () => {
			const smuggled = 'GET /smuggled-request HTTP/1.1\r\nHost: x\r\n\r\n';
			const body = '0\r\n\r\n' + smuggled;
			const cl = ['Content-Length', String(body.length)];
			const te = ['Transfer-Encoding', 'chunked'];
			const r = await send(buildRequest('POST', '/api/v1/session', {
				headers: [['Content-Type', 'application/json'], ...(order === 'CL first' ? [cl, te] : [te, cl])],
				body,
			}));
			assert.equal(r.status, 400, `got ${r.status}: ${r.raw.toString('latin1').slice(0, 300)}`);
			assert.ok(r.closed, 'connection closed');
			assert.equal(r.responses.length, 1, `a second (smuggled) response came back:\n${r.raw.toString('latin1')}`);
			await new Promise((res) => setTimeout(res, 100));
			assert.ok(!/path=\/smuggled-request/.test(server.stderr), 'the smuggled request was served');
		});
	}

	test('a CL.TE pair on a GET is refused too', async () => {
		const r = await send(buildRequest('GET', '/healthz', {
			headers: [['Content-Length', '3'], ['Transfer-Encoding', 'chunked']],
			body: '0\r\n\r\n',
		}));
		assert.equal(r.status, 400, `got ${r.status}`);
		assert.ok(r.closed);
	});

	test('an obfuscated Transfer-Encoding is not taken for chunked', async () => {
		for (const te of ['chunked, identity', ' chunked', 'xchunked', 'chunked\t']) {
			const r = await send(buildRequest('POST', '/api/v1/session', {
				headers: [['Content-Type', 'application/json'], ['Content-Length', String(login.length)], ['Transfer-Encoding', te], ['Connection', 'close']],
				body: login,
			}));
			assert.ok(r.status >= 400 && r.status < 500 || r.status === 501, `Transfer-Encoding "${te}" with Content-Length: ${r.status}`);
		}
		await assertAlive();
	});

	test('a negative or huge Content-Length → 4xx', async () => {
		for (const cl of ['-1', '18446744073709551617', '1e3', '0x10', '+5']) {
			const r = await send(buildRequest('POST', '/api/v1/session', {
				headers: [['Content-Type', 'application/json'], ['Content-Length', cl], ['Connection', 'close']],
				body: '{}',
			}), { timeout: 5000 });
			assert.ok(r.status >= 400 && r.status < 500, `Content-Length: ${cl} → ${r.status}`);
		}
		await assertAlive();
	});
});

describe('body limits', () => {
	const bigJson = (n) => {
		const pad = n - '{"bio":""}'.length;
		return `{"bio":"${'x'.repeat(pad)}"}`;
	};

	test('JSON body of exactly 64 KiB is read (422 for the long bio, not 413)', async () => {
		const body = bigJson(LIMIT);
		assert.equal(body.length, LIMIT);
		const r = await send(buildRequest('PATCH', '/api/v1/me', {
			headers: [auth(), ['Content-Type', 'application/json'], ['Connection', 'close']], body, contentLength: true,
		}));
		assertRawError(r, 422, 'invalid', 'a 65536-byte body');
	});

	test('JSON body of 64 KiB + 1 → 413 too_large', async () => {
		const r = await send(buildRequest('PATCH', '/api/v1/me', {
			headers: [auth(), ['Content-Type', 'application/json'], ['Connection', 'close']], body: bigJson(LIMIT + 1), contentLength: true,
		}));
		assertRawError(r, 413, 'too_large', 'a 65537-byte body');
	});

	test('a 1 MB JSON body → 413 too_large (also unauthenticated)', async () => {
		for (const headers of [[auth()], []]) {
			const r = await send(buildRequest('POST', '/api/v1/session', {
				headers: [...headers, ['Content-Type', 'application/json'], ['Connection', 'close']], body: bigJson(1_000_000), contentLength: true,
			}));
			assertRawError(r, 413, 'too_large', '1 MB body');
		}
		await assertAlive();
	});

	test('a Content-Length far over the limit is refused before the body arrives', async () => {
		const r = await send(buildRequest('POST', '/api/v1/session', {
			headers: [['Content-Type', 'application/json'], ['Content-Length', String(10 * 1024 * 1024 * 1024)], ['Connection', 'close']],
			body: '{"email":',
		}), { timeout: 5000 });
		assertRawError(r, 413, 'too_large', 'Content-Length: 10 GiB');
	});

	test('chunked JSON body over 64 KiB without Content-Length → 413 too_large', async () => {
		const r = await send(buildRequest('PATCH', '/api/v1/me', {
			headers: [auth(), ['Content-Type', 'application/json'], ['Transfer-Encoding', 'chunked'], ['Connection', 'close']],
			body: chunked(bigJson(200_000)),
		}));
		assertRawError(r, 413, 'too_large', 'chunked 200 KB');
		await assertAlive();
	});

	test('a small chunked JSON body is read normally', async () => {
		const r = await send(buildRequest('PATCH', '/api/v1/me', {
			headers: [auth(), ['Content-Type', 'application/json'], ['Transfer-Encoding', 'chunked'], ['Connection', 'close']],
			body: chunked(JSON.stringify({ title: 'Chunked title' }), 5),
		}));
		assert.equal(r.status, 200, r.raw.toString('latin1').slice(0, 300));
		assert.equal(rawJson(r).title, 'Chunked title');
	});

	test('a form body over the limit → 413', async () => {
		const c = new Client(server.url);
		const csrf = await c.csrfFrom('/signin', '/signin');
		const body = new URLSearchParams({ email: MO.email, password: 'x'.repeat(100_000), _csrf: csrf }).toString();
		const r = await send(buildRequest('POST', '/signin', {
			headers: [['Content-Type', 'application/x-www-form-urlencoded'], ['Cookie', c.cookieHeader()], ['Connection', 'close']],
			body, contentLength: true,
		}));
		assert.equal(r.status, 413, `got ${r.status}`);
		await assertAlive();
	});
});

describe('headers', () => {
	for (const size of [17 * 1024, 100 * 1024]) {
		test(`a ${size >> 10} KiB header → 4xx, no crash`, async () => {
			const r = await send(buildRequest('GET', '/healthz', { headers: [['X-Big', 'a'.repeat(size)], ['Connection', 'close']] }));
			assert.ok(r.status >= 400 && r.status < 500, `got ${r.status} ${r.error ? r.error.code : ''}`);
			await assertAlive();
		});
	}

	test('a 20 KiB cookie → 4xx, no crash', async () => {
		const r = await send(buildRequest('GET', '/', { headers: [['Cookie', `plein_session=${'A'.repeat(20 * 1024)}`], ['Connection', 'close']] }));
		assert.ok(r.status >= 400 && r.status < 500, `got ${r.status}`);
	});

	test('many small headers → an answer, no crash', async () => {
		const headers = Array.from({ length: 2000 }, (_, i) => [`X-H${i}`, 'v']);
		const r = await send(buildRequest('GET', '/healthz', { headers: [...headers, ['Connection', 'close']] }));
		assert.ok(r.status === 200 || (r.status >= 400 && r.status < 500), `got ${r.status}`);
		await assertAlive();
	});

	test('a 20 KiB URL → 4xx', async () => {
		const r = await send(`GET /people?q=${'a'.repeat(20 * 1024)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
		assert.ok(r.status >= 400 && r.status < 500, `got ${r.status}`);
	});

	test('many cookies and odd cookie syntax are survived', async () => {
		const cookies = Array.from({ length: 300 }, (_, i) => `c${i}=v${i}`).join('; ');
		for (const ck of [cookies, 'plein_session', 'plein_session=;;;=;', '=; ; plein_session==x', `plein_session="${'"'.repeat(10)}"`]) {
			const r = await send(buildRequest('GET', '/api/v1/me', { headers: [['Cookie', ck], ['Connection', 'close']] }));
			assert.ok([400, 401, 431].includes(r.status), `Cookie ${ck.slice(0, 30)}: ${r.status}`);
		}
		await assertAlive();
	});

	for (const line of ['GARBAGE\r\n\r\n', 'GET\r\n\r\n', 'GET / HTTP/9.9\r\nHost: x\r\n\r\n', 'GET  /  HTTP/1.1\r\n\r\n',
		'G\u0000T / HTTP/1.1\r\nHost: x\r\n\r\n', 'GET /\u0000 HTTP/1.1\r\nHost: x\r\n\r\n',
		'GET /static/app.css\u0000.png HTTP/1.1\r\nHost: x\r\n\r\n', 'GET / HTTP/1.1\r\nNoColon\r\n\r\n']) {
		// libmicrohttpd 0.9.75 hands plein the request target as a C string, so
		// a raw NUL byte in it truncates the path before plein can see it; kept
		// visible as a todo (the %00 form is checked in web-basics).
		const rawNulInPath = /^GET \/[^ ]*\u0000/.test(line);
		const opts = rawNulInPath ? { todo: 'raw NUL in the request target is cut off by libmicrohttpd 0.9.75' } : {};
		test(`garbage request ${JSON.stringify(line.split('\r\n')[0])} → 4xx (or closed), no crash`, opts, async () => {
			const r = await send(line, { timeout: 4000, closeWait: 500 });
			assert.ok(r.status === null || (r.status >= 400 && r.status < 500) || r.status === 505, `${JSON.stringify(line)}: ${r.status}`);
			await assertAlive();
		});
	}

	test('HTTP/1.0 still works', async () => {
		const r = await send('GET /healthz HTTP/1.0\r\n\r\n');
		assert.equal(r.status, 200);
		assert.ok(r.closed);
	});
});

describe('JSON bodies', () => {
	const patchRaw = (body, contentType = 'application/json') => send(buildRequest('PATCH', '/api/v1/me', {
		headers: [auth(), ...(contentType ? [['Content-Type', contentType]] : []), ['Connection', 'close']], body, contentLength: true,
	}));

	test('malformed JSON → 400 bad_request', async () => {
		for (const body of ['{', '{"name":}', "{'name':'x'}", '{"name":"x"} trailing', '{"name":"x",}', '', ' ', 'nul',
			'{"name":"unterminated}', '{"name":"x"}{"name":"y"}', '\u0000', '{"name":"\\x41"}', '{"name":"\\u12"}', 'NaN']) {
			const r = await patchRaw(body);
			assertRawError(r, 400, 'bad_request', `body ${JSON.stringify(body)}`);
		}
	});

	test('invalid UTF-8 inside a JSON string → 400 bad_request', async () => {
		const cases = {
			'lone 0xFF': Buffer.from([0xff]),
			'cut-off sequence': Buffer.from([0xc3]),
			'overlong slash': Buffer.from([0xc0, 0xaf]),
			'UTF-16 surrogate in UTF-8': Buffer.from([0xed, 0xa0, 0x80]),
			'beyond U+10FFFF': Buffer.from([0xf4, 0x90, 0x80, 0x80]),
			'lone continuation': Buffer.from([0x80]),
		};
		for (const [what, bytes] of Object.entries(cases)) {
			const body = Buffer.concat([Buffer.from('{"name":"Mo'), bytes, Buffer.from('"}')]);
			assertRawError(await patchRaw(body), 400, 'bad_request', what);
		}
		const login = Buffer.concat([Buffer.from('{"email":"'), Buffer.from([0xff, 0xfe]), Buffer.from('@example.com","password":"x"}')]);
		const r = await send(buildRequest('POST', '/api/v1/session', {
			headers: [['Content-Type', 'application/json'], ['Connection', 'close']], body: login, contentLength: true,
		}));
		assertRawError(r, 400, 'bad_request', 'invalid UTF-8 in the sign-in e-mail');
	});

	test('a lone surrogate escape (\\ud800) → 400 or 422, never stored', async () => {
		const r = await patchRaw('{"name":"Mo \\ud800"}');
		assert.ok(r.status === 400 || r.status === 422, `got ${r.status}`);
		const me = await new Client(server.url).get('/api/v1/me', { bearer: token });
		assert.ok(!me.json.name.includes('\ud800'));
	});

	test('"\\u0000" in a name → 4xx, not stored', async () => {
		const r = await patchRaw('{"name":"Mo\\u0000Member"}');
		assert.ok(r.status === 400 || r.status === 422, `got ${r.status}`);
		const me = await new Client(server.url).get('/api/v1/me', { bearer: token });
		assert.equal(me.json.name, MO.name);
	});

	test('wrong types → 422 invalid with the field', async () => {
		const r = await patchRaw('{"name": 42}');
		assertRawError(r, 422, 'invalid', 'name: 42');
		assert.equal(rawJson(r).error.field, 'name');
	});

	test('deep nesting → 400 or 422, no crash', async () => {
		for (const depth of [100, 5000, 30000]) {
			const r = await patchRaw('['.repeat(depth) + ']'.repeat(depth));
			assert.ok(r.status === 400 || r.status === 422 || r.status === 413, `depth ${depth}: ${r.status}`);
			const r2 = await patchRaw('{"name":' + '{"a":'.repeat(Math.min(depth, 10000)) + '1' + '}'.repeat(Math.min(depth, 10000)) + '}');
			assert.ok(r2.status === 400 || r2.status === 422 || r2.status === 413, `object depth ${depth}: ${r2.status}`);
		}
		await assertAlive();
	});

	test('huge numbers and many keys are survived', async () => {
		for (const body of ['{"name": 1e999999}', '{"name": -0}', `{"name": ${'9'.repeat(5000)}}`,
			'{' + Array.from({ length: 3000 }, (_, i) => `"k${i}":${i}`).join(',') + '}']) {
			const r = await patchRaw(body);
			assert.ok([200, 400, 422].includes(r.status), `${body.slice(0, 30)}: ${r.status}`);
		}
		await assertAlive();
	});

	test('a body that is not JSON → 415 unsupported_media_type', async () => {
		for (const ct of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx',
			'application/xml', 'text/json', null]) {
			const r = await patchRaw('{"title":"ct"}', ct);
			assertRawError(r, 415, 'unsupported_media_type', `Content-Type: ${ct}`);
		}
		const login = JSON.stringify({ email: MO.email, password: PASSWORD });
		const s = await send(buildRequest('POST', '/api/v1/session', {
			headers: [['Content-Type', 'text/plain'], ['Connection', 'close']], body: login, contentLength: true,
		}));
		assertRawError(s, 415, 'unsupported_media_type', 'text/plain sign-in (a cross-site form could send it)');
	});

	test('application/json with parameters or in capitals is JSON', async () => {
		for (const ct of ['application/json; charset=utf-8', 'application/json;charset=UTF-8', 'Application/JSON']) {
			const r = await patchRaw(JSON.stringify({ title: ct }), ct);
			assert.equal(r.status, 200, `Content-Type: ${ct}: ${r.status}`);
		}
	});
});

describe('forms', () => {
	test('invalid UTF-8 in a form field → 400', async () => {
		const c = new Client(server.url);
		const csrf = await c.csrfFrom('/signin', '/signin');
		for (const raw of ['%FF%FE', '%C3', '%ED%A0%80', '%C0%AF']) {
			const r = await c.post('/signin', {
				body: `email=mo${raw}%40example.com&password=x&_csrf=${encodeURIComponent(csrf)}`,
				headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			});
			assert.equal(r.status, 400, `email with ${raw}: ${r.status}`);
		}
		const bytes = Buffer.concat([Buffer.from('email=mo'), Buffer.from([0xff]), Buffer.from(`%40example.com&password=x&_csrf=${encodeURIComponent(csrf)}`)]);
		const r = await send(buildRequest('POST', '/signin', {
			headers: [['Content-Type', 'application/x-www-form-urlencoded'], ['Cookie', c.cookieHeader()], ['Connection', 'close']],
			body: bytes, contentLength: true,
		}));
		assert.equal(r.status, 400, `raw 0xFF in a form: ${r.status}`);
	});

	test('malformed form encodings are survived', async () => {
		const c = new Client(server.url);
		const csrf = await c.csrfFrom('/signin', '/signin');
		for (const body of ['%', '%%%%', 'email=%4', '&&&&', '=', '==&==', 'email', `_csrf=${encodeURIComponent(csrf)}&email=%zz`,
			`_csrf=${encodeURIComponent(csrf)}&` + 'a=b&'.repeat(5000)]) {
			const r = await c.post('/signin', { body, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
			assert.ok(r.status >= 400 && r.status < 500, `${body.slice(0, 30)}: ${r.status}`);
		}
		await assertAlive();
	});

	test('the same field twice: never a 500', async () => {
		const c = new Client(server.url);
		const csrf = await c.csrfFrom('/signin', '/signin');
		const r = await c.post('/signin', {
			body: `email=a%40example.com&email=${encodeURIComponent(MO.email)}&password=x&_csrf=${encodeURIComponent(csrf)}&_csrf=x`,
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		});
		assert.ok(r.status >= 400 && r.status < 500, String(r.status));
	});
});

describe('query strings', () => {
	test('q longer than 200 characters → 400', async () => {
		const c = new Client(server.url);
		assertApiError(await c.get(`/api/v1/people?q=${'z'.repeat(201)}`, { bearer: token }), 400, 'bad_request');
	});

	test('broken percent-encoding and repeated parameters → 400 or 200, never 500', async () => {
		const c = new Client(server.url);
		for (const qs of ['q=%', 'q=%zz', 'q=%00', 'q=a&q=b', 'limit=5&limit=500', 'cursor=&cursor=x', '&&&', '=', 'q']) {
			const r = await c.get(`/api/v1/people?${qs}`, { bearer: token });
			assert.ok(r.status === 200 || r.status === 400, `?${qs}: ${r.status}`);
			assert.ok(r.json);
		}
	});
});

describe('slow and idle clients', () => {
	test('idle half-sent requests do not block others', async () => {
		const idle = [];
		for (let i = 0; i < 20; i++) idle.push(await openIdle(server.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: '));
		try {
			const t0 = Date.now();
			await assertAlive();
			await new Client(server.url).get('/api/v1/me', { bearer: token });
			assert.ok(Date.now() - t0 < 5000, 'normal requests are served while slow ones wait');
		} finally {
			for (const s of idle) s.close();
		}
	});

	test('a body that never arrives does not block others', async () => {
		const idle = [];
		for (let i = 0; i < 10; i++) {
			idle.push(await openIdle(server.port, buildRequest('PATCH', '/api/v1/me', {
				headers: [auth(), ['Content-Type', 'application/json'], ['Content-Length', '1000']], body: '{"title":',
			})));
		}
		try {
			await assertAlive();
		} finally {
			for (const s of idle) s.close();
		}
		const me = await new Client(server.url).get('/api/v1/me', { bearer: token });
		assert.equal(me.status, 200);
	});

	test('a client that vanishes mid-request is survived', async () => {
		for (let i = 0; i < 10; i++) {
			const s = await openIdle(server.port, buildRequest('PATCH', '/api/v1/me', {
				headers: [auth(), ['Content-Type', 'application/json'], ['Content-Length', '100000']], body: '{"bio":"' + 'x'.repeat(30000),
			}));
			s.close();
		}
		await assertAlive();
	});
});

describe('afterwards', () => {
	test('nothing above changed the account or crashed the server', async () => {
		const me = await new Client(server.url).get('/api/v1/me', { bearer: token });
		assert.equal(me.status, 200);
		assert.equal(me.json.email, MO.email);
		assert.ok(!/ERROR: AddressSanitizer|runtime error:/.test(server.stderr), 'sanitizer report while serving');
	});
});
