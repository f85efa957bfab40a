// CSV import end to end: `plein import` at the console (dry run, every kind
// of bad row with its line, exit codes), POST /api/v1/imports (raw CSV) and
// the upload form on /admin/people (multipart). All or nothing; importing
// again updates people matched by e-mail; members get 403.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile, rm, mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { useServer, PASSWORD, runPlein, assertCleanExit, assertNoSanitizerReport } from './lib/server.mjs';
import { Client, parseForms, textOf, assertApiError } from './lib/http.mjs';

const ANN = { email: 'ann@example.com', name: 'Ann Admin', role: 'admin' };
const MO = { email: 'mo@example.com', name: 'Mo Member' };
const server = useServer({ users: [ANN, MO] });

let tmp;
after(async () => { if (tmp) await rm(tmp, { recursive: true, force: true }); });
async function csvFile(name, text) {
	tmp ??= await mkdtemp(join(tmpdir(), 'plein-import-'));
	const p = join(tmp, name);
	await writeFile(p, text);
	return p;
}

const HEADER = 'name,email,title,department,location,manager_email,skills,languages\n';
const GOOD = HEADER +
	'Dora Director,dora@example.com,Director,Board,Utrecht,,Leadership;Budgets,nl:native;en:fluent\n' +
	'Erik Engineer,erik@example.com,Engineer,IT,Remote,dora@example.com,C;SQL;Linux,en:fluent\n' +
	'"Fien ""Fi"" Finance",fien@example.com,Controller,Finance,Utrecht,gert@example.com,Excel,"French (native)"\n' +
	'Gert Lead,gert@example.com,Head of Finance,Finance,Utrecht,dora@example.com,,\n';

// every kind of bad row, with the line it must be reported on and what the message says
const BAD_ROWS = [
	['Extra,field@example.com,a,b,c,,,,surplus', /9 fields, but the header has 8/],
	[',noname@example.com,a,b,c,,,', /name is missing/],
	['Bad Mail,not-an-address,a,b,c,,,', /"not-an-address" is not valid/],
	['No Mail,,a,b,c,,,', /e-mail address is missing/],
	['Repeat,dora2@example.com,a,b,c,,,', null],
	['Repeat Again,DORA2@example.com,a,b,c,,,', /"DORA2@example.com" is also on line 6/],
	[`${'N'.repeat(101)},long@example.com,a,b,c,,,`, /name is longer than 100/],
	[`Long Title,longtitle@example.com,${'T'.repeat(101)},b,c,,,`, /title is longer than 100/],
	['Latin1,latin1@example.com,Caf\xe9,b,c,,,', /not valid UTF-8/],
	['Ctl,ctl@example.com,a\x07b,b,c,,,', /control characters/],
	['Orphan,orphan@example.com,a,b,c,ghost@example.com,,', /manager "ghost@example.com" is neither in this file nor in plein/],
	['Selfie,selfie@example.com,a,b,c,selfie@example.com,,', /own manager/],
	['Loop A,loopa@example.com,a,b,c,loopb@example.com,,', /managers form a loop: loopa@example.com → loopb@example.com → loopa@example.com/],
	['Loop B,loopb@example.com,a,b,c,loopa@example.com,,', null],
	['Lang,lang@example.com,a,b,c,,,xx:native', /languages: Unknown language "xx"/],
	['Level,level@example.com,a,b,c,,,en:superb', /languages: Unknown level "superb"/],
	[`Skills,skills@example.com,a,b,c,,${Array.from({ length: 31 }, (_, i) => 's' + i).join(';')},`, /more than 30 skills/],
	['Bad "quote,quote@example.com,a,b,c,,,', /quote \(\"\) is out of place/],
	['"Never closed,open@example.com,a,b,c,,,', /never closed/],
];

function badFile() {
	let text = HEADER;
	for (const [row] of BAD_ROWS) text += row + '\n';
	return Buffer.from(text, 'latin1'); // every character is below 256: the é row stays one raw byte

}

describe('plein import (console)', () => {
	test('usage errors exit 2', async () => {
		let r = await runPlein(['import', '--data', server.dataDir]);
		assertNoSanitizerReport(r);
		assert.equal(r.code, 2);
		r = await runPlein(['import', '--bogus', 'x.csv']);
		assert.equal(r.code, 2);
		r = await runPlein(['import', '--data', server.dataDir, join(tmpdir(), 'no-such-file-plein.csv')]);
		assert.equal(r.code, 2);
		assert.match(r.stderr, /cannot read/);
		r = await runPlein(['import', '--help']);
		assertCleanExit(r);
		assert.match(r.stdout, /usage: plein import/);
	});

	test('every kind of bad row is reported with its line; exit 1; nothing written', async () => {
		const file = await csvFile('bad.csv', badFile());
		const r = await runPlein(['import', '--dry-run', '--data', server.dataDir, file]);
		assertNoSanitizerReport(r);
		assert.equal(r.code, 1, r.stdout + r.stderr);
		const out = r.stdout;
		BAD_ROWS.forEach(([, re], i) => {
			if (!re) return;
			const line = i + 2;
			const mine = out.split('\n').filter((l) => l.startsWith(`line ${line}: `)).join('\n');
			assert.match(mine, re, `line ${line} (${BAD_ROWS[i][0].slice(0, 30)}): got\n${mine}\nwhole output:\n${out}`);
		});
		assert.match(out, /nothing was imported/);
		// the same file, for real: still nothing written
		const real = await runPlein(['import', '--data', server.dataDir, file]);
		assert.equal(real.code, 1);
		const c = new Client(server.url);
		const s = await c.apiSignIn(ANN.email, PASSWORD);
		const found = await c.get('/api/v1/people?q=loopa', { bearer: s.token });
		assert.equal(found.json.items.length, 0, 'nothing imported');
	});

	test('empty file and header-only file', async () => {
		let r = await runPlein(['import', '--dry-run', '--data', server.dataDir, await csvFile('empty.csv', '')]);
		assert.equal(r.code, 1);
		assert.match(r.stdout, /line 1: the file is empty/);
		r = await runPlein(['import', '--dry-run', '--data', server.dataDir, await csvFile('header.csv', HEADER)]);
		assert.equal(r.code, 1);
		assert.match(r.stdout, /header but no rows/);
		r = await runPlein(['import', '--dry-run', '--data', server.dataDir, await csvFile('cols.csv', 'name,email,shoe_size\nA,a@example.com,42\n')]);
		assert.equal(r.code, 1);
		assert.match(r.stdout, /line 1: unknown column "shoe_size"/);
		r = await runPlein(['import', '--dry-run', '--data', server.dataDir, await csvFile('noemail.csv', 'name,title\nA,b\n')]);
		assert.equal(r.code, 1);
		assert.match(r.stdout, /no "email" column/);
	});

	test('dry run writes nothing; the import creates, a second one updates by e-mail', async () => {
		const file = await csvFile('good.csv', GOOD);
		let r = await runPlein(['import', '--dry-run', '--data', server.dataDir, file]);
		assertCleanExit(r);
		assert.match(r.stdout, /dry run.*4 rows: 4 to create, 0 to update, 0 unchanged/);
		r = await runPlein(['import', '--data', server.dataDir, file]);
		assertCleanExit(r);
		assert.match(r.stdout, /4 rows: 4 created, 0 updated, 0 unchanged/);
		const c = new Client(server.url);
		const s = await c.apiSignIn(ANN.email, PASSWORD);
		const people = (await c.get('/api/v1/people?limit=100', { bearer: s.token })).json.items;
		const by = Object.fromEntries(people.map((p) => [p.email, p]));
		assert.equal(by['fien@example.com'].name, 'Fien "Fi" Finance');
		assert.equal(by['fien@example.com'].manager.name, 'Gert Lead', 'a manager further down the file');
		assert.equal(by['erik@example.com'].manager.name, 'Dora Director');
		// again, with a change: matched by e-mail whatever the case
		const changed = GOOD.replace('Erik Engineer,erik@example.com,Engineer', 'Erik Engineer,ERIK@example.com,Senior engineer');
		r = await runPlein(['import', '--data', server.dataDir, await csvFile('changed.csv', changed)]);
		assertCleanExit(r);
		assert.match(r.stdout, /0 created, 1 updated, 3 unchanged/);
		const erik = (await c.get(`/api/v1/people/${by['erik@example.com'].id}`, { bearer: s.token })).json;
		assert.equal(erik.title, 'Senior engineer');
		assert.equal(erik.email, 'erik@example.com', 'the address keeps its spelling');
		// imported people cannot sign in until invited
		const no = await new Client(server.url).post('/api/v1/session', { json: { email: 'erik@example.com', password: PASSWORD } });
		assert.equal(no.status, 401);
	});
});

describe('POST /api/v1/imports', () => {
	async function admin() {
		const c = new Client(server.url);
		const s = await c.apiSignIn(ANN.email, PASSWORD);
		return { c, bearer: s.token };
	}
	const csv = { 'Content-Type': 'text/csv' };

	test('a dry run reports errors as JSON with 422', async () => {
		const { c, bearer } = await admin();
		const r = await c.post('/api/v1/imports?dry_run=true', { body: badFile(), headers: csv, bearer });
		assertApiError(r, 422, 'invalid');
		const j = r.json;
		assert.equal(j.dry_run, true);
		assert.equal(j.created, 0);
		assert.ok(j.errors.length >= 15, JSON.stringify(j.errors));
		for (const e of j.errors) {
			assert.ok(Number.isInteger(e.line) && e.line >= 1, JSON.stringify(e));
			assert.equal(typeof e.message, 'string');
		}
		assert.ok(j.errors.some((e) => e.line === 4 && /not valid/.test(e.message)));
		assert.equal(j.total_errors, j.errors.length);
	});

	test('imports for real and reports the counts', async () => {
		const { c, bearer } = await admin();
		const body = HEADER + 'Hanna Api,hanna@example.com,Analyst,Research,Remote,dora@example.com,Statistics,en:fluent\n';
		let r = await c.post('/api/v1/imports?dry_run=true', { body, headers: csv, bearer });
		assert.equal(r.status, 200, String(r));
		assert.deepEqual([r.json.created, r.json.updated, r.json.unchanged, r.json.errors.length], [1, 0, 0, 0]);
		r = await c.post('/api/v1/imports', { body, headers: csv, bearer });
		assert.equal(r.status, 200, String(r));
		assert.equal(r.json.dry_run, false);
		assert.equal(r.json.created, 1);
		r = await c.post('/api/v1/imports?dry_run=false', { body, headers: csv, bearer });
		assert.deepEqual([r.json.created, r.json.updated, r.json.unchanged], [0, 0, 1]);
	});

	test('a deactivated manager is a line error in the dry run and the import, not a 503', async () => {
		const { c, bearer } = await admin();
		let r = await c.post('/api/v1/imports', { body: 'name,email\nOla Old,ola@example.com\n', headers: csv, bearer });
		assert.equal(r.status, 200, String(r));
		const me = await c.get('/api/v1/people?q=ola', { bearer });
		const ola = me.json.items.find((p) => p.name === 'Ola Old');
		r = await c.request('PATCH', `/api/v1/people/${ola.id}`, { json: { status: 'deactivated' }, bearer });
		assert.equal(r.status, 200, String(r));
		const body = 'name,email,manager_email\nNed New,ned@example.com,ola@example.com\n';
		for (const q of ['?dry_run=true', '']) {
			r = await c.post(`/api/v1/imports${q}`, { body, headers: csv, bearer });
			assertApiError(r, 422, 'invalid');
			assert.deepEqual(r.json.errors, [{ line: 2, message: 'the manager ola@example.com is deactivated' }]);
		}
	});

	test('people created without skills are found in "who knows X" by title and department', async () => {
		const { c, bearer } = await admin();
		const body = HEADER + 'Title Only,titleonly@x.org,Kubernetes wrangler,Platform,,,,\n';
		let r = await c.post('/api/v1/imports', { body, headers: csv, bearer });
		assert.equal(r.status, 200, String(r));
		r = await c.get('/api/v1/experts?q=kubernetes', { bearer });
		assert.equal(r.status, 200, String(r));
		assert.deepEqual(r.json.items.map((p) => p.name), ['Title Only']);
	});

	test('wrong content type, wrong dry_run, members and anonymous', async () => {
		const { c, bearer } = await admin();
		assertApiError(await c.post('/api/v1/imports', { body: GOOD, headers: { 'Content-Type': 'text/plain' }, bearer }), 415, 'unsupported_media_type');
		assertApiError(await c.post('/api/v1/imports?dry_run=maybe', { body: GOOD, headers: csv, bearer }), 400, 'bad_request');
		const m = new Client(server.url);
		const s = await m.apiSignIn(MO.email, PASSWORD);
		assertApiError(await m.post('/api/v1/imports', { body: GOOD, headers: csv, bearer: s.token }), 403, 'forbidden');
		assertApiError(await new Client(server.url).post('/api/v1/imports', { body: GOOD, headers: csv }), 401, 'unauthenticated');
		// a cookie session needs the CSRF header
		const w = new Client(server.url);
		await w.signIn(ANN.email, PASSWORD);
		assertApiError(await w.post('/api/v1/imports', { body: GOOD, headers: csv }), 403, 'csrf');
	});
});

describe('upload on /admin/people', () => {
	async function upload(c, text, { dryRun }) {
		const page = await c.get('/admin/people');
		const form = parseForms(page.text).find((f) => f.action === '/admin/people/import');
		assert.ok(form, 'an import form');
		assert.match(form.html, /enctype="multipart\/form-data"/);
		const fd = new FormData();
		fd.set('_csrf', form.values._csrf);
		if (dryRun) fd.set('dry_run', '1');
		fd.set('file', new Blob([text], { type: 'text/csv' }), 'people.csv');
		return c.post('/admin/people/import', { body: fd });
	}

	test('errors are shown in a table of lines and reasons; nothing imported', async () => {
		const c = new Client(server.url);
		await c.signIn(ANN.email, PASSWORD);
		const r = await upload(c, badFile(), { dryRun: false });
		assert.equal(r.status, 422, String(r));
		const rows = [...r.text.matchAll(/<td class="problems-line">(\d+)<\/td><td>([^<]*)<\/td>/g)];
		assert.ok(rows.length >= 15, `rows in the problem table: ${rows.length}`);
		assert.ok(rows.some((m) => m[1] === '4' && /not valid/.test(m[2])));
		assert.match(textOf(r.text), /Nothing was imported/);
	});

	test('a dry run then a real import show the counts', async () => {
		const c = new Client(server.url);
		await c.signIn(ANN.email, PASSWORD);
		const body = HEADER + 'Ivo Upload,ivo@example.com,Planner,Operations,Zwolle,,Planning,nl:native\n';
		let r = await upload(c, body, { dryRun: true });
		assert.equal(r.status, 200, String(r));
		assert.match(textOf(r.text), /Dry run: all 1 rows are fine/);
		r = await upload(c, body, { dryRun: false });
		assert.equal(r.status, 200, String(r));
		assert.match(textOf(r.text), /Imported 1 rows/);
		assert.match(r.text, /<dt>New<\/dt><dd>1<\/dd>/);
	});

	test('no file, not multipart, members', async () => {
		const c = new Client(server.url);
		await c.signIn(ANN.email, PASSWORD);
		const r = await upload(c, '', { dryRun: true });
		assert.equal(r.status, 422);
		assert.match(textOf(r.text), /choose a CSV file/);
		const csrf = await c.csrfFrom('/admin/people', '/admin/people/import');
		const wrong = await c.post('/admin/people/import', { form: { _csrf: csrf } });
		assert.equal(wrong.status, 415);
		const m = new Client(server.url);
		await m.signIn(MO.email, PASSWORD);
		const fd = new FormData();
		fd.set('_csrf', await m.csrfFrom('/settings'));
		fd.set('file', new Blob([GOOD]), 'x.csv');
		assert.equal((await m.post('/admin/people/import', { body: fd })).status, 403);
	});
});
