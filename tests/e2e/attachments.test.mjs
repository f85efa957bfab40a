// Attachments end to end: uploads through the API (raw body, name from
// ?name= or Content-Disposition) and the composer's multipart upload; the
// type from the content (images re-encoded without EXIF, PDF and text kept,
// HTML/SVG/programs refused 415, empty 400, > 10 MB 413, all with a message
// for people); attaching to posts and comments (only your own unclaimed
// uploads, at most 10); and serving: the owner alone sees an unclaimed file,
// colleagues see an organisation post's, anyone a public post's, no one a
// deleted post's; always nosniff, a sandbox CSP, private caching, and
// anything but an image as a download.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, PASSWORD } from './lib/server.mjs';
import { Client, assertApiError } from './lib/http.mjs';
import { png, jpegWithExif, jpegMarkers, SVG } from './lib/images.mjs';
import { rawRequest, buildRequest, rawJson } from './lib/raw.mjs';

const MO = { email: 'mo@example.com', name: 'Mo Member' };
const ZOE = { email: 'zoe@example.com', name: 'Zoë Quaxley' };
const GUS = { email: 'gus@example.com', name: 'Gus Guest', role: 'guest' };
const server = useServer({ users: [MO, ZOE, GUS] });

const MB = 1024 * 1024;
const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
let mo, zoe, anon, moTok, zoeTok, gusTok;

before(async () => {
	await server.ready;
	mo = new Client(server.url);
	zoe = new Client(server.url);
	anon = new Client(server.url);
	await mo.signIn(MO.email, PASSWORD);
	await zoe.signIn(ZOE.email, PASSWORD);
	moTok = (await new Client(server.url).apiSignIn(MO.email, PASSWORD)).token;
	zoeTok = (await new Client(server.url).apiSignIn(ZOE.email, PASSWORD)).token;
	gusTok = (await new Client(server.url).apiSignIn(GUS.email, PASSWORD)).token;
});

function upload(token, buf, name = 'file.bin', headers = {}) {
	const q = name === null ? '' : `?name=${encodeURIComponent(name)}`;
	return new Client(server.url).post(`/api/v1/attachments${q}`, {
		bearer: token, body: buf, headers: { 'Content-Type': 'application/octet-stream', ...headers },
	});
}

async function uploaded(token, buf, name) {
	const r = await upload(token, buf, name);
	assert.equal(r.status, 201, `${r}`);
	return r.json;
}

function post(token, json) {
	return new Client(server.url).post('/api/v1/posts', { bearer: token, json });
}

function assertFileHeaders(r) {
	assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
	assert.equal(r.headers.get('content-security-policy'), 'sandbox');
	assert.match(r.headers.get('cache-control'), /^private/);
}

describe('uploading', () => {
	test('a PDF through the API: 201 with id, name, type from the content, size and url', async () => {
		const a = await uploaded(moTok, PDF, 'C:\\fakepath\\Budget 2025.html');
		assert.equal(typeof a.id, 'number');
		assert.equal(a.name, 'Budget 2025.pdf'); // no path; the extension follows the content
		assert.equal(a.mime, 'application/pdf');
		assert.equal(a.size, PDF.length);
		assert.equal(a.width, 0);
		assert.equal(a.url, `/files/${a.id}/Budget%202025.pdf`);
	});

	test('the name may come from Content-Disposition (RFC 8187 UTF-8)', async () => {
		const r = await upload(moTok, Buffer.from('a,b\n1,2\n'), null,
			{ 'Content-Disposition': "attachment; filename=\"x.csv\"; filename*=UTF-8''caf%C3%A9.csv" });
		assert.equal(r.status, 201, `${r}`);
		assert.equal(r.json.name, 'café.csv');
		assert.equal(r.json.mime, 'text/csv');
	});

	test('images are re-encoded: EXIF gone, JPEG unless transparent, longest side at most 2048', async () => {
		const opaque = await uploaded(moTok, png(3000, 1200), 'wide.png');
		assert.equal(opaque.mime, 'image/jpeg');
		assert.equal(opaque.name, 'wide.jpg');
		assert.deepEqual([opaque.width, opaque.height], [2048, 819]);
		const jpeg = (await mo.get(opaque.url)).buf;
		const withExif = jpegWithExif(jpeg, 'secret-gps-52.37N');
		assert.ok(withExif.includes('secret-gps-52.37N'));
		const clean = await uploaded(moTok, withExif, 'camera.jpg');
		const served = await mo.get(clean.url);
		assert.equal(served.status, 200);
		assert.equal(served.contentType, 'image/jpeg');
		assert.ok(!served.buf.includes('secret-gps-52.37N'));
		assert.deepEqual(jpegMarkers(served.buf).filter((m) => (m >= 0xe1 && m <= 0xef) || m === 0xfe), []);
		const clear = await uploaded(moTok, png(40, 40, () => [0, 0, 0, 0], { alpha: true }), 'clear.png');
		assert.equal(clear.mime, 'image/png');
	});

	test('refused with a message: HTML, SVG, programs (415), empty (400), over 10 MB (413), guests (403)', async () => {
		for (const [buf, name] of [
			[Buffer.from('<!doctype html><script>alert(1)</script>'), 'page.html'],
			[SVG, 'logo.svg'],
			[Buffer.from('Hello <script>alert(document.cookie)</script>'), 'notes.txt'],
		]) {
			const r = await upload(moTok, buf, name);
			assertApiError(r, 415, 'unsupported_media_type', { field: 'file' });
			assert.match(r.json.error.message, /cannot be attached/);
		}
		const exe = await upload(moTok, Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]), 'setup.exe');
		assertApiError(exe, 415, 'unsupported_media_type');
		assert.match(exe.json.error.message, /Programs cannot be attached/);
		const bin = await upload(moTok, Buffer.from([0, 1, 2, 3, 0xfe, 0xff]), 'x.bin');
		assertApiError(bin, 415, 'unsupported_media_type');
		assert.match(bin.json.error.message, /PDF/);
		const empty = await upload(moTok, Buffer.alloc(0), 'empty.txt');
		assertApiError(empty, 400, 'invalid');
		assert.match(empty.json.error.message, /empty/);
		// over 10 MB: refused by its declared length, before the body is read (only its start is
		// sent: sending all of it would race the server closing the connection)
		const big = Buffer.alloc(10 * MB + 1, 0x41);
		const port = Number(new URL(server.url).port);
		const tooBig = await rawRequest(port, buildRequest('POST', '/api/v1/attachments?name=big.txt', {
			headers: { Authorization: `Bearer ${moTok}`, 'Content-Length': String(big.length) }, body: big.subarray(0, 65536) }),
			{ closeWait: 200 });
		assert.equal(tooBig.status, 413);
		assert.ok(rawJson(tooBig)?.error?.message?.length > 10, 'a message for people');
		const guest = await upload(gusTok, PDF, 'g.pdf');
		assertApiError(guest, 403, 'forbidden');
		assertApiError(await new Client(server.url).post('/api/v1/attachments', { body: PDF }), 401, 'unauthenticated');
	});

	test('the composer uploads a multipart field `file` with the form token and gets the same JSON', async () => {
		const csrf = await mo.csrfFrom('/settings');
		const fd = new FormData();
		fd.append('_csrf', csrf);
		fd.append('file', new Blob([PDF]), 'minutes.pdf');
		const r = await mo.post('/attachments', { body: fd });
		assert.equal(r.status, 201, `${r}`);
		assert.equal(r.json.mime, 'application/pdf');
		assert.equal(r.json.name, 'minutes.pdf');
		const bad = new FormData();
		bad.append('_csrf', csrf);
		bad.append('file', new Blob([SVG]), 'x.svg');
		const refused = await mo.post('/attachments', { body: bad });
		assert.equal(refused.status, 415);
		assert.match(refused.json.error.message, /SVG/);
		const noToken = new FormData();
		noToken.append('file', new Blob([PDF]), 'minutes.pdf');
		assert.equal((await mo.post('/attachments', { body: noToken })).status, 403);
	});
});

describe('attaching and serving', () => {
	test('unclaimed uploads: only their owner may fetch them', async () => {
		const a = await uploaded(moTok, PDF, 'draft.pdf');
		const own = await mo.get(a.url);
		assert.equal(own.status, 200);
		assert.equal(own.contentType, 'application/pdf');
		assert.match(own.headers.get('content-disposition'), /^attachment; filename="draft.pdf"/);
		assertFileHeaders(own);
		assert.equal((await zoe.get(a.url)).status, 404);
		assert.notEqual((await anon.get(a.url)).status, 200);
	});

	test('an organisation post: colleagues see its files, the signed-out are sent to sign in', async () => {
		const pdf = await uploaded(moTok, PDF, 'plan.pdf');
		const img = await uploaded(moTok, png(64, 48), 'chart.png');
		const r = await post(moTok, { text: 'The plan, with a chart', attachments: [pdf.id, img.id] });
		assert.equal(r.status, 201, `${r}`);
		const got = await new Client(server.url).get(`/api/v1/posts/${r.json.id}`, { bearer: zoeTok });
		assert.deepEqual(got.json.attachments.map((x) => x.id), [pdf.id, img.id]);
		const file = await zoe.get(pdf.url);
		assert.equal(file.status, 200);
		assert.ok(file.buf.equals(PDF));
		// a large file comes whole, byte for byte (sent from its descriptor, not from memory)
		const bigPdf = Buffer.concat([PDF.subarray(0, 9), Buffer.alloc(6 * 1024 * 1024, 0x20), PDF.subarray(9)]);
		const big = await uploaded(moTok, bigPdf, 'big.pdf');
		const r2 = await post(moTok, { text: 'The long version', attachments: [big.id] });
		assert.equal(r2.status, 201, `${r2}`);
		const bigFile = await zoe.get(big.url);
		assert.equal(bigFile.status, 200);
		assert.equal(Number(bigFile.headers.get('content-length')), bigPdf.length);
		assert.ok(bigFile.buf.equals(bigPdf));
		assertFileHeaders(file);
		const pic = await zoe.get(img.url);
		assert.equal(pic.status, 200);
		assert.match(pic.headers.get('content-disposition'), /^inline/);
		assertFileHeaders(pic);
		const out = await anon.get(pdf.url);
		assert.equal(out.status, 303);
		assert.match(out.headers.get('location'), /^\/signin\?next=/);
		// used once: no second post may take it
		assertApiError(await post(moTok, { text: 'again', attachments: [pdf.id] }), 422, 'invalid');
	});

	test('a public post: its files are visible signed out; deleted posts serve nothing', async () => {
		const a = await uploaded(zoeTok, Buffer.from('Opening hours: 9–17\n'), 'hours.txt');
		const r = await post(zoeTok, { text: 'Opening hours', visibility: 'public', attachments: [a.id] });
		assert.equal(r.status, 201, `${r}`);
		const out = await anon.get(a.url);
		assert.equal(out.status, 200);
		assert.equal(out.contentType, 'text/plain; charset=utf-8');
		assertFileHeaders(out);
		const del = await new Client(server.url).delete(`/api/v1/posts/${r.json.id}`, { bearer: zoeTok });
		assert.ok(del.status === 204 || del.status === 200, `${del}`);
		assert.notEqual((await anon.get(a.url)).status, 200);
		assert.equal((await zoe.get(a.url)).status, 404);
	});

	test('only your own uploads, at most 10, and a human message otherwise', async () => {
		const zoes = await uploaded(zoeTok, Buffer.from('zoe only\n'), 'z.txt');
		const r = await post(moTok, { text: 'taking Zoë\'s file', attachments: [zoes.id] });
		assertApiError(r, 422, 'invalid');
		assert.match(r.json.error.message, /not found/);
		const many = [];
		for (let i = 0; i < 11; i++) many.push((await uploaded(moTok, Buffer.from(`file ${i}\n`), `f${i}.txt`)).id);
		const tooMany = await post(moTok, { text: 'eleven files', attachments: many });
		assert.ok(tooMany.status === 422 || tooMany.status === 400, `${tooMany}`);
		assert.ok(tooMany.json.error.message.length > 10, `${tooMany}`);
		// nothing was claimed by the refused posts
		assert.equal((await post(moTok, { text: 'ten files', attachments: many.slice(0, 10) })).status, 201);
	});

	test('comments take attachments too, visible with their post', async () => {
		const p = await post(moTok, { text: 'Comment with a file below' });
		const a = await uploaded(zoeTok, PDF, 'reply.pdf');
		const c = await new Client(server.url).post(`/api/v1/posts/${p.json.id}/comments`, {
			bearer: zoeTok, json: { text: 'Here it is', attachments: [a.id] },
		});
		assert.equal(c.status, 201, `${c}`);
		assert.equal((await mo.get(a.url)).status, 200);
		assert.notEqual((await anon.get(a.url)).status, 200);
	});

	test('unknown or malformed file ids are 404', async () => {
		assert.equal((await mo.get('/files/999999/x.pdf')).status, 404);
		assert.equal((await mo.get('/files/abc/x.pdf')).status, 404);
	});
});
