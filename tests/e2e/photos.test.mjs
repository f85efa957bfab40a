// Profile photos end to end: upload through the API (raw bytes) and through
// the multipart form on the edit page; what is served (512 and 96 px JPEGs,
// no metadata, immutable caching, sandbox CSP, nosniff, signed-in only);
// who may change whose photo; removal with a confirmation page; and every
// bad upload — empty, 1 byte, truncated JPEG and PNG, GIF, SVG, text, a
// decompression bomb, too large — answered 4xx with a clear message while
// nothing changes (neither the person nor the files on disk).
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { useServer, PASSWORD } from './lib/server.mjs';
import { Client, assertApiError, findTags, parseForms, decodeEntities } from './lib/http.mjs';
import { rawRequest, buildRequest, rawJson } from './lib/raw.mjs';
import { png, pngBomb, WEBP_1X1, jpegWithExif, jpegMarkers, jpegSize, GIF_1X1, SVG, TEXT } from './lib/images.mjs';

const ANN = { email: 'ann@example.com', name: 'Ann Admin', role: 'admin' };
const MO = { email: 'mo@example.com', name: 'Mo Member' };
const ZOE = { email: 'zoe@example.com', name: 'Zoë Quaxley' };
const GUS = { email: 'gus@example.com', name: 'Gus Guest', role: 'guest' };
const DEE = { email: 'dee@example.com', name: 'Dee Parting' };
const server = useServer({ users: [ANN, MO, ZOE, GUS, DEE] });

const MB = 1024 * 1024;
let ann, mo, zoe; // web sessions (cookies)
let annTok, moTok, zoeTok; // bearer tokens
let ids;
let jpeg; // a JPEG made by plein, used as an input

before(async () => {
	await server.ready;
	ann = new Client(server.url);
	mo = new Client(server.url);
	zoe = new Client(server.url);
	await ann.signIn(ANN.email, PASSWORD);
	await mo.signIn(MO.email, PASSWORD);
	await zoe.signIn(ZOE.email, PASSWORD);
	annTok = (await new Client(server.url).apiSignIn(ANN.email, PASSWORD)).token;
	moTok = (await new Client(server.url).apiSignIn(MO.email, PASSWORD)).token;
	zoeTok = (await new Client(server.url).apiSignIn(ZOE.email, PASSWORD)).token;
	const list = await ann.get('/api/v1/people?limit=100', { bearer: annTok });
	ids = Object.fromEntries(list.json.items.map((p) => [p.email, p.id]));
	// a JPEG to feed back in: plein's own output for a PNG
	const r = await put(annTok, ids[ANN.email], png(640, 480));
	assert.equal(r.status, 200, `${r}`);
	jpeg = (await ann.get(r.json.photo['512'])).buf;
	assert.equal(jpeg[0], 0xff);
	const del = await ann.delete(`/api/v1/people/${ids[ANN.email]}/photo`, { bearer: annTok });
	assert.equal(del.status, 200);
});

function put(token, id, buf, type = 'image/png') {
	return new Client(server.url).put(`/api/v1/people/${id}/photo`, { bearer: token, body: buf, headers: { 'Content-Type': type } });
}

async function photoOf(email) {
	const r = await new Client(server.url).get(`/api/v1/people/${ids[email]}`, { bearer: annTok });
	assert.equal(r.status, 200);
	return r.json.photo;
}

/** Every file under <data>/photos, sorted. */
async function photoFiles() {
	const root = join(server.dataDir, 'photos');
	const out = [];
	for (const d of await readdir(root)) for (const f of await readdir(join(root, d))) out.push(`${d}/${f}`);
	return out.sort();
}

async function assertServedPhoto(client, url, size) {
	assert.match(url, new RegExp(`^/photos/[0-9a-f]{64}-${size}\\.jpg$`));
	const r = await client.get(url);
	assert.equal(r.status, 200, `${r}`);
	assert.equal(r.contentType, 'image/jpeg');
	assert.equal(r.headers.get('cache-control'), 'private, max-age=31536000, immutable');
	assert.equal(r.headers.get('content-security-policy'), 'sandbox');
	assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
	assert.deepEqual(jpegSize(r.buf), { width: size, height: size });
	// only JFIF, tables, frame and scan: no EXIF/XMP (APP1), ICC (APP2), other APPn, comments
	const meta = jpegMarkers(r.buf).filter((m) => (m >= 0xe1 && m <= 0xef) || m === 0xfe);
	assert.deepEqual(meta, [], `metadata markers in ${url}`);
	return r.buf;
}

describe('upload through the API', () => {
	test('a PNG becomes two JPEG squares, served to signed-in people only', async () => {
		const id = ids[MO.email];
		const r = await put(moTok, id, png(900, 500));
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.id, id);
		const { 96: small, 512: big } = r.json.photo;
		await assertServedPhoto(zoe, big, 512);
		await assertServedPhoto(zoe, small, 96);
		assert.deepEqual((await mo.get('/api/v1/me')).json.photo, r.json.photo);
		// anonymous: to the sign-in page, no image
		const anon = await new Client(server.url).get(big);
		assert.equal(anon.status, 303);
		assert.equal(new URL(anon.location, server.url).pathname, '/signin');
		assert.notEqual(anon.contentType, 'image/jpeg');
	});

	test('EXIF in a JPEG is gone from what is served; the name is the content hash', async () => {
		const withExif = jpegWithExif(jpeg, 'secret-gps-52.37N-4.89E');
		assert.ok(jpegMarkers(withExif).includes(0xe1));
		const r = await put(zoeTok, ids[ZOE.email], withExif, 'image/jpeg');
		assert.equal(r.status, 200, `${r}`);
		const big = await assertServedPhoto(zoe, r.json.photo['512'], 512);
		assert.ok(!big.includes('secret-gps'), 'the EXIF text is gone');
		// same bytes in, same names out
		const again = await put(zoeTok, ids[ZOE.email], withExif, 'image/jpeg');
		assert.deepEqual(again.json.photo, r.json.photo);
	});

	test('a WebP is accepted, and the declared type does not decide the format', async () => {
		const r = await put(zoeTok, ids[ZOE.email], WEBP_1X1, 'image/webp');
		assert.equal(r.status, 200, `${r}`);
		await assertServedPhoto(zoe, r.json.photo['96'], 96);
		// a PNG declared as JPEG is still read as the PNG it is
		const r2 = await put(zoeTok, ids[ZOE.email], png(100, 100), 'image/jpeg');
		assert.equal(r2.status, 200, `${r2}`);
	});

	test('a body that is not declared as an image is 415', async () => {
		const before_ = await photoOf(ZOE.email);
		for (const type of ['application/octet-stream', 'image/gif', 'image/svg+xml', 'text/plain']) {
			assertApiError(await put(zoeTok, ids[ZOE.email], png(10, 10), type), 415, 'unsupported_media_type');
		}
		assert.deepEqual(await photoOf(ZOE.email), before_);
	});

	test('cookie sessions need the CSRF header', async () => {
		const id = ids[MO.email];
		const me = (await mo.get('/api/v1/me')).json;
		assertApiError(await mo.put(`/api/v1/people/${id}/photo`, { body: png(20, 20), headers: { 'Content-Type': 'image/png' } }), 403, 'csrf');
		const ok = await mo.put(`/api/v1/people/${id}/photo`, { body: png(20, 20), headers: { 'Content-Type': 'image/png' }, csrf: me.csrf_token });
		assert.equal(ok.status, 200, `${ok}`);
	});
});

describe('every bad upload is refused and changes nothing', () => {
	const half = (b) => b.subarray(0, Math.floor(b.length / 2));
	const cases = () => [
		['empty', Buffer.alloc(0), 422, /empty/i],
		['1 byte', Buffer.from([0xff]), 422, /not a JPEG, PNG or WebP/],
		['truncated JPEG', half(jpeg), 422, /damaged or incomplete/],
		['truncated PNG', half(png(300, 300)), 422, /damaged or incomplete/],
		['GIF', GIF_1X1, 422, /not a JPEG, PNG or WebP/],
		['SVG', SVG, 422, /not a JPEG, PNG or WebP/],
		['text named .jpg', TEXT, 422, /not a JPEG, PNG or WebP/],
		['PNG claiming 30000×30000', pngBomb(30000, 30000), 422, /too many pixels/],
	];

	test('through the API: 4xx with a message, photo and files unchanged', async () => {
		const id = ids[MO.email];
		const r0 = await put(moTok, id, png(64, 64, (x, y) => [200, x * 4, y * 4]));
		assert.equal(r0.status, 200);
		const photo = r0.json.photo;
		const files = await photoFiles();
		for (const [what, buf, status, msg] of cases()) {
			const r = await put(moTok, id, buf, what.includes('JPEG') ? 'image/jpeg' : 'image/png');
			const err = assertApiError(r, status, 'invalid', { field: 'photo' });
			assert.match(err.message, msg, what);
			assert.deepEqual(await photoOf(MO.email), photo, `${what}: photo unchanged`);
		}
		// over 10 MB: refused by its declared length, before the body is read
		const big = Buffer.alloc(10 * MB + 1, 0);
		big.set([0xff, 0xd8, 0xff, 0xe0]);
		const r = await raw('PUT', `/api/v1/people/${id}/photo`,
			{ Authorization: `Bearer ${moTok}`, 'Content-Type': 'image/jpeg' }, big);
		assert.equal(r.status, 413);
		assert.equal(rawJson(r)?.error?.code, 'too_large');
		assert.deepEqual(await photoOf(MO.email), photo);
		assert.deepEqual(await photoFiles(), files, 'no file written or removed');
	});

	test('through the page form: the photo page says what is wrong, in English and Dutch', async () => {
		const id = ids[MO.email];
		const photo = await photoOf(MO.email);
		const files = await photoFiles();
		for (const [what, buf, , msg] of cases()) {
			const r = await uploadForm(mo, id, buf, 'photo.jpg');
			assert.equal(r.status, 422, `${what}: ${r}`);
			const err = errorText(r.text);
			assert.match(err, msg, `${what}: ${err}`);
			assert.deepEqual(await photoOf(MO.email), photo, `${what}: photo unchanged`);
		}
		// no file chosen at all
		const none = await uploadForm(mo, id, Buffer.alloc(0), '');
		assert.equal(none.status, 422);
		assert.match(errorText(none.text), /Choose a photo/);
		// over 10 MB but inside the form's limit: the photo's own message
		const big = Buffer.alloc(10 * MB + 100, 0);
		big.set([0xff, 0xd8, 0xff, 0xe0]);
		const tooBig = await uploadForm(mo, id, big, 'big.jpg');
		assert.equal(tooBig.status, 413);
		assert.match(errorText(tooBig.text), /larger than 10 MB/);
		// in Dutch for a reader who asks for it
		const nl = await uploadForm(mo, id, GIF_1X1, 'x.gif', { 'Accept-Language': 'nl' });
		assert.equal(nl.status, 422);
		assert.match(errorText(nl.text), /geen JPEG-, PNG- of WebP-afbeelding/);
		assert.deepEqual(await photoOf(MO.email), photo);
		assert.deepEqual(await photoFiles(), files, 'no file written or removed');
	});

	test('multipart bodies: over the limit 413, no CSRF 403, malformed 400, not multipart 415', async () => {
		const id = ids[MO.email];
		const photo = await photoOf(MO.email);
		const csrf = await mo.csrfFrom(`/people/${id}/edit`, `/people/${id}/photo`);
		const huge = Buffer.concat([
			Buffer.from(`--XX\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n` +
				'--XX\r\nContent-Disposition: form-data; name="photo"; filename="huge.jpg"\r\n\r\n'),
			Buffer.alloc(11 * MB), Buffer.from('\r\n--XX--\r\n')]);
		const r = await raw('POST', `/people/${id}/photo`,
			{ Cookie: mo.cookieHeader(), 'Content-Type': 'multipart/form-data; boundary=XX' }, huge);
		assert.equal(r.status, 413);
		const noCsrf = new FormData();
		noCsrf.set('photo', new Blob([png(40, 40)]), 'a.png');
		assert.equal((await mo.post(`/people/${id}/photo`, { body: noCsrf })).status, 403);
		const wrong = new FormData();
		wrong.set('_csrf', csrf + 'x');
		wrong.set('photo', new Blob([png(40, 40)]), 'a.png');
		assert.equal((await mo.post(`/people/${id}/photo`, { body: wrong })).status, 403);
		const truncated = `--XX\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n--XX\r\nContent-Disposition: form-data; name="photo"; filename="a.png"\r\n\r\nabc`;
		const bad = await mo.post(`/people/${id}/photo`, { body: truncated, headers: { 'Content-Type': 'multipart/form-data; boundary=XX' } });
		assert.equal(bad.status, 400, `${bad}`);
		assert.match(textOfMain(bad.text), /incomplete or malformed/);
		const urlenc = await mo.post(`/people/${id}/photo`, { form: { _csrf: csrf, photo: 'x' } });
		assert.equal(urlenc.status, 415);
		assert.deepEqual(await photoOf(MO.email), photo);
	});
});

/** Headers declaring the whole body, then only its first 64 KiB: the server answers 413 from the
 * declared length (sending all of it would race the server closing the connection). */
function raw(method, path, headers, body) {
	const port = Number(new URL(server.url).port);
	const req = buildRequest(method, path, { headers: { ...headers, 'Content-Length': String(body.length) }, body: body.subarray(0, 65536) });
	return rawRequest(port, req, { closeWait: 200 });
}

function errorText(html) {
	const m = html.match(/<p class="field-error" id="photo-error"[^>]*>([\s\S]*?)<\/p>/);
	assert.ok(m, `no photo error on the page:\n${html.slice(0, 3000)}`);
	return decodeEntities(m[1].replace(/<[^>]+>/g, '')).trim();
}

function textOfMain(html) {
	const m = html.match(/<main[\s\S]*<\/main>/);
	return decodeEntities((m ? m[0] : html).replace(/<[^>]+>/g, ' '));
}

async function uploadForm(client, id, buf, filename, headers = {}) {
	const csrf = await client.csrfFrom(`/people/${id}/edit`, `/people/${id}/photo`);
	const fd = new FormData();
	fd.set('_csrf', csrf);
	fd.set('photo', new Blob([buf], { type: 'image/jpeg' }), filename);
	return client.post(`/people/${id}/photo`, { body: fd, headers });
}

describe('the page form', () => {
	test('the edit page offers the upload form, labelled, with the accepted types', async () => {
		const id = ids[ZOE.email];
		const r = await zoe.get(`/people/${id}/edit`);
		const form = parseForms(r.text).find((f) => f.action === `/people/${id}/photo`);
		assert.ok(form, 'an upload form');
		const formTag = findTags(r.text, 'form').find((f) => f.action === `/people/${id}/photo`);
		assert.equal(formTag.enctype, 'multipart/form-data');
		assert.equal(formTag.method, 'post');
		const input = findTags(r.text, 'input').find((i) => i.type === 'file');
		assert.equal(input.name, 'photo');
		assert.equal(input.accept, 'image/jpeg,image/png,image/webp');
		assert.ok(findTags(r.text, 'label').some((l) => l.for === input.id), 'the file input has a label');
		assert.match(r.text, /JPEG, PNG or WebP, up to 10 MB\./);
	});

	test('upload, see it on the profile and in the directory, then remove it after confirming', async () => {
		const id = ids[ZOE.email];
		const r = await uploadForm(zoe, id, png(300, 400, (x, y) => [x % 256, 90, y % 256]), 'me.png');
		assert.equal(r.status, 303, `${r}`);
		assert.equal(new URL(r.location, server.url).pathname, `/people/${id}/edit`);
		const photo = await photoOf(ZOE.email);
		assert.ok(photo, 'the person has a photo');
		const edit = await zoe.get(`/people/${id}/edit`);
		assert.match(edit.text, /The photo has been saved\./);
		const profile = await mo.get(`/people/${id}`);
		const img = findTags(profile.text, 'img').find((i) => i.src === photo['512']);
		assert.ok(img, 'the profile shows the photo');
		assert.equal(decodeEntities(img.alt), ZOE.name);
		const dir = await mo.get('/people');
		assert.ok(findTags(dir.text, 'img').some((i) => i.src === photo['96']), 'the directory card shows the 96 px photo');
		const mine = await zoe.get('/');
		assert.ok(findTags(mine.text, 'img').some((i) => i.src === photo['96'] && i.alt), 'the header shows it to Zoë');
		await assertServedPhoto(mo, photo['96'], 96);

		// removing asks first (a page, no JavaScript), then takes it away
		const confirm = await zoe.get(`/people/${id}/photo/remove`);
		assert.equal(confirm.status, 200);
		assert.ok(parseForms(confirm.text).some((f) => f.action === `/people/${id}/photo/remove`));
		assert.ok(photo, 'still there after the confirmation page');
		assert.deepEqual(await photoOf(ZOE.email), photo);
		const rm = await zoe.submit(`/people/${id}/photo/remove`, {});
		assert.equal(rm.status, 303, `${rm}`);
		assert.equal(await photoOf(ZOE.email), null);
		const gone = await zoe.get(`/people/${id}`);
		assert.ok(!findTags(gone.text, 'img').some((i) => i.src === photo['512']));
		// no one else used it: the files are gone too
		assert.equal((await mo.get(photo['512'])).status, 404);
	});

	test('someone else\'s photo: 403 for members, allowed for admins', async () => {
		const id = ids[ZOE.email];
		assertApiError(await put(moTok, id, png(50, 50)), 403, 'forbidden');
		assertApiError(await new Client(server.url).delete(`/api/v1/people/${id}/photo`, { bearer: moTok }), 403, 'forbidden');
		assert.equal((await mo.get(`/people/${id}/photo`)).status, 403);
		assert.equal((await mo.get(`/people/${id}/photo/remove`)).status, 403);
		const csrf = await mo.csrfFrom(`/people/${ids[MO.email]}/edit`, `/people/${ids[MO.email]}/photo`);
		const fd = new FormData();
		fd.set('_csrf', csrf);
		fd.set('photo', new Blob([png(50, 50)]), 'a.png');
		assert.equal((await mo.post(`/people/${id}/photo`, { body: fd })).status, 403);
		assert.equal((await mo.postForm(`/people/${id}/photo/remove`, {})).status, 403);
		assert.equal(await photoOf(ZOE.email), null, 'unchanged');
		// an admin may
		const r = await put(annTok, id, png(50, 50));
		assert.equal(r.status, 200, `${r}`);
		const d = await new Client(server.url).delete(`/api/v1/people/${id}/photo`, { bearer: annTok });
		assert.equal(d.status, 200);
		assert.equal(d.json.photo, null);
		assertApiError(await put(annTok, 999999, png(50, 50)), 404, 'not_found');
	});

	test('a photo shared by two people stays until neither uses it', async () => {
		const same = png(120, 120, (x, y) => [x, y, 77]);
		const a = await put(annTok, ids[ANN.email], same);
		const m = await put(moTok, ids[MO.email], same);
		assert.deepEqual(a.json.photo, m.json.photo);
		await new Client(server.url).delete(`/api/v1/people/${ids[ANN.email]}/photo`, { bearer: annTok });
		await assertServedPhoto(zoe, m.json.photo['512'], 512);
		await new Client(server.url).delete(`/api/v1/people/${ids[MO.email]}/photo`, { bearer: moTok });
		assert.equal((await zoe.get(m.json.photo['512'])).status, 404);
	});
});

describe('serving', () => {
	test('only well-formed names are looked up', async () => {
		const key = 'a'.repeat(64);
		for (const name of [`${key}-96.jpg`, `${key}-128.jpg`, `${'A'.repeat(64)}-96.jpg`, `${key}-96.png`,
			'..%2fplein.db', 'plein.db', `${key}-96.jpg.svg`, `${'a'.repeat(63)}-96.jpg`]) {
			const r = await mo.get(`/photos/${name}`);
			assert.equal(r.status, 404, `${name}: ${r}`);
			assert.notEqual(r.contentType, 'image/jpeg');
		}
		// fetch would tidy this one up to "/"; a raw request reaches plein as written
		const port = Number(new URL(server.url).port);
		const r = await rawRequest(port, buildRequest('GET', '/photos/%2e%2e', { headers: { Cookie: mo.cookieHeader(), Connection: 'close' } }));
		assert.equal(r.status, 404);
	});

	test('a HEAD works like GET without the body', async () => {
		const r = await put(moTok, ids[MO.email], png(30, 30));
		const h = await mo.request('HEAD', r.json.photo['96']);
		assert.equal(h.status, 200);
		assert.equal(h.contentType, 'image/jpeg');
	});
});

describe('who sees and changes whose photo', () => {
	let gus, gusTok, deeTok, deePhoto;
	before(async () => {
		gus = new Client(server.url);
		await gus.signIn(GUS.email, PASSWORD);
		gusTok = (await new Client(server.url).apiSignIn(GUS.email, PASSWORD)).token;
		deeTok = (await new Client(server.url).apiSignIn(DEE.email, PASSWORD)).token;
	});

	test('a photo is served only to someone who may see one of the people using it', async () => {
		const r = await put(deeTok, ids[DEE.email], png(40, 40, (x, y) => [x * 6, 9, y * 6]));
		assert.equal(r.status, 200, `${r}`);
		deePhoto = r.json.photo;
		await assertServedPhoto(mo, deePhoto['512'], 512);
		// a guest sees no colleague's profile, so not their face either
		for (const size of ['512', '96']) {
			const g = await gus.get(deePhoto[size]);
			assert.equal(g.status, 404, `guest fetching a member's photo: ${g}`);
			assert.notEqual(g.contentType, 'image/jpeg');
		}
		// but their own
		const own = await put(gusTok, ids[GUS.email], png(44, 44, (x, y) => [3, x * 5, y * 5]));
		assert.equal(own.status, 200, `${own}`);
		await assertServedPhoto(gus, own.json.photo['96'], 96);
	});

	test('a deactivated person\'s photo is for admins only', async () => {
		const d = await new Client(server.url).patch(`/api/v1/people/${ids[DEE.email]}`, { bearer: annTok, json: { status: 'deactivated' } });
		assert.equal(d.status, 200, `${d}`);
		assert.equal((await mo.get(deePhoto['512'])).status, 404);
		assert.equal((await gus.get(deePhoto['512'])).status, 404);
		await assertServedPhoto(ann, deePhoto['512'], 512);
	});

	test('photo routes answer 404 for anyone the viewer cannot see, 403 only for visible others', async () => {
		const missing = 999999;
		// a guest: an active colleague, a deactivated one and nobody all look alike
		for (const id of [ids[MO.email], ids[DEE.email], missing]) {
			assertApiError(await put(gusTok, id, png(20, 20)), 404, 'not_found');
			assertApiError(await new Client(server.url).delete(`/api/v1/people/${id}/photo`, { bearer: gusTok }), 404, 'not_found');
			assert.equal((await gus.get(`/people/${id}/photo`)).status, 404, `guest, page of ${id}`);
			assert.equal((await gus.get(`/people/${id}/photo/remove`)).status, 404, `guest, remove page of ${id}`);
		}
		// a member: a deactivated colleague is 404 too, an active one 403
		assertApiError(await put(moTok, ids[DEE.email], png(20, 20)), 404, 'not_found');
		assert.equal((await mo.get(`/people/${ids[DEE.email]}/photo`)).status, 404);
		assertApiError(await put(moTok, ids[ZOE.email], png(20, 20)), 403, 'forbidden');
		// an admin sees deactivated people and may change their photo, as their profile
		assert.equal((await ann.get(`/people/${ids[DEE.email]}/photo`)).status, 200);
		const del = await new Client(server.url).delete(`/api/v1/people/${ids[DEE.email]}/photo`, { bearer: annTok });
		assert.equal(del.status, 200, `${del}`);
		assert.equal(del.json.photo, null);
	});
});
