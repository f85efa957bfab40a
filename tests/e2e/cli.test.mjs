// The command line: --version, --help, bad flags, unusable data directories
// and ports, `user add|passwd|role`, `demo`, and plein.ini settings.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import {
	runPlein, makeDataDir, addUser, runDemo, writeConfig, PleinServer, assertCleanExit,
	assertNoSanitizerReport, REPO_ROOT, PASSWORD, DEFAULT_CONFIG, mergeConfig,
} from './lib/server.mjs';
import { Client, assertApiError } from './lib/http.mjs';

const dirs = [];
async function freshDir() {
	const d = await makeDataDir('plein-cli-');
	dirs.push(d);
	return d;
}
after(async () => {
	for (const d of dirs) await rm(d, { recursive: true, force: true });
});

function lines(s) {
	return s.split('\n').map((l) => l.trim()).filter(Boolean);
}

/** A failing command: non-zero exit, exactly one line on stderr, no sanitizer report. */
function assertOneLineFailure(r, what) {
	assertNoSanitizerReport(r, what);
	assert.notEqual(r.code, 0, `${what} should fail; stdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
	const l = lines(r.stderr);
	assert.equal(l.length, 1, `${what} should print one line on stderr, printed ${l.length}:\n${r.stderr}`);
	assert.ok(l[0].length >= 10, `${what}: the error line should say what is wrong: ${l[0]}`);
}

describe('plein --version and --help', () => {
	test('--version prints "plein <VERSION>"', async () => {
		const version = (await readFile(join(REPO_ROOT, 'VERSION'), 'utf8')).trim();
		const r = await runPlein(['--version']);
		assertCleanExit(r, 'plein --version');
		assert.equal(r.stdout.trim(), `plein ${version}`);
	});

	const commands = [[], ['serve'], ['user'], ['user', 'add'], ['user', 'passwd'], ['user', 'role'], ['demo']];
	for (const cmd of commands) {
		test(`plein ${[...cmd, '--help'].join(' ')} prints usage and exits 0`, async () => {
			const r = await runPlein([...cmd, '--help']);
			assertCleanExit(r, `plein ${cmd.join(' ')} --help`);
			const out = r.stdout + r.stderr;
			assert.match(out, /usage/i, `no usage text:\n${out}`);
			assert.match(out, /plein/);
		});
	}

	test('usage of `plein serve --help` names its flags', async () => {
		const r = await runPlein(['serve', '--help']);
		const out = r.stdout + r.stderr;
		assert.match(out, /--listen/);
		assert.match(out, /--data/);
	});
});

describe('bad command lines fail with one clear line', () => {
	const nowhere = join(tmpdir(), `plein-cli-never-${process.pid}`);
	after(() => rm(nowhere, { recursive: true, force: true }));
	const cases = [
		['--bogus'],
		['frobnicate'],
		['serve', '--bogus'],
		['serve', '--listen'],
		['serve', '--listen', 'not-an-address', '--data', nowhere],
		['user', 'add', '--bogus'],
		['user', 'frobnicate'],
		['user', 'role', '--email', 'x@example.com', '--role', 'emperor', '--data', nowhere],
		['demo', '--people', 'many'],
		['demo', '--bogus'],
		['demo', '--posts', 'lots'],
		['demo', '--posts', '-1'],
	];
	for (const args of cases) {
		test(`plein ${args.join(' ')}`, async () => {
			const r = await runPlein(args, { timeout: 15_000 });
			assertOneLineFailure(r, `plein ${args.join(' ')}`);
		});
	}
});

describe('serve refuses what it cannot use', () => {
	test('an unwritable data directory (/proc/plein): one line, non-zero', async () => {
		const r = await runPlein(['serve', '--listen', '127.0.0.1:0', '--data', '/proc/plein'], { timeout: 15_000 });
		assertOneLineFailure(r, 'plein serve --data /proc/plein');
	});

	test('user add into an unwritable data directory: one line, non-zero', async () => {
		const r = await runPlein(['user', 'add', '--email', 'a@example.com', '--name', 'A', '--data', '/proc/plein'],
			{ input: PASSWORD + '\n', timeout: 15_000 });
		assertOneLineFailure(r, 'plein user add --data /proc/plein');
	});

	test('a port already in use: one line, non-zero', async () => {
		const blocker = net.createServer();
		await new Promise((r) => blocker.listen(0, '127.0.0.1', r));
		const { port } = blocker.address();
		try {
			const dir = await freshDir();
			const r = await runPlein(['serve', '--listen', `127.0.0.1:${port}`, '--data', dir], { timeout: 15_000 });
			assertOneLineFailure(r, `plein serve --listen 127.0.0.1:${port} (in use)`);
		} finally {
			blocker.close();
		}
	});
});

describe('user add, passwd and role', () => {
	let dir;
	let server;

	test('user add checks its input', async () => {
		dir = await freshDir();
		await writeConfig(dir, DEFAULT_CONFIG);
		await addUser(dir, { email: 'ann@example.com', name: 'Ann Admin', role: 'admin' });
		await addUser(dir, { email: 'mo@example.com', name: 'Mo Member' });

		const short = await runPlein(['user', 'add', '--email', 'short@example.com', '--name', 'Short', '--data', dir],
			{ input: 'elevenchars\n' });
		assertNoSanitizerReport(short);
		assert.notEqual(short.code, 0, 'a password under 12 characters must be refused');

		const empty = await runPlein(['user', 'add', '--email', 'empty@example.com', '--name', 'Empty', '--data', dir],
			{ input: '' });
		assertNoSanitizerReport(empty);
		assert.notEqual(empty.code, 0, 'no password on stdin must be refused');

		const dup = await runPlein(['user', 'add', '--email', 'ann@example.com', '--name', 'Ann Again', '--data', dir],
			{ input: PASSWORD + '\n' });
		assertNoSanitizerReport(dup);
		assert.notEqual(dup.code, 0, 'a second account with the same e-mail must be refused');

		const dupCase = await runPlein(['user', 'add', '--email', 'ANN@Example.COM', '--name', 'Ann Upper', '--data', dir],
			{ input: PASSWORD + '\n' });
		assertNoSanitizerReport(dupCase);
		assert.notEqual(dupCase.code, 0, 'e-mail addresses differing only in case are the same account');

		const bad = await runPlein(['user', 'add', '--email', 'not-an-email', '--name', 'Bad', '--data', dir],
			{ input: PASSWORD + '\n' });
		assertNoSanitizerReport(bad);
		assert.notEqual(bad.code, 0, 'an address without @ must be refused');

		const noName = await runPlein(['user', 'add', '--email', 'noname@example.com', '--data', dir],
			{ input: PASSWORD + '\n' });
		assertNoSanitizerReport(noName);
		assert.notEqual(noName.code, 0, 'a missing --name must be refused');

		const unknown = await runPlein(['user', 'passwd', '--email', 'nobody@example.com', '--data', dir],
			{ input: 'another long password\n' });
		assertNoSanitizerReport(unknown);
		assert.notEqual(unknown.code, 0, 'passwd for an unknown account must fail');
	});

	test('the accounts can sign in with their roles; refused ones cannot', async () => {
		server = await new PleinServer({ dataDir: dir, config: null }).start();
		const c = new Client(server.url);
		const ann = await c.apiSignIn('ann@example.com', PASSWORD);
		assert.equal(ann.person.role, 'admin');
		assert.equal(ann.person.name, 'Ann Admin');
		const mo = await new Client(server.url).apiSignIn('mo@example.com', PASSWORD);
		assert.equal(mo.person.role, 'member', '--role defaults to member');

		for (const email of ['short@example.com', 'noname@example.com', 'empty@example.com']) {
			const r = await new Client(server.url).post('/api/v1/session', { json: { email, password: 'elevenchars' } });
			assertApiError(r, 401, 'invalid_credentials');
		}
		const r = await new Client(server.url).post('/api/v1/session', { json: { email: 'ann@example.com', password: PASSWORD.toUpperCase() } });
		assertApiError(r, 401, 'invalid_credentials');
	});

	test('user passwd and user role take effect while the server runs', async () => {
		const np = 'a brand new password 2';
		const p = await runPlein(['user', 'passwd', '--email', 'mo@example.com', '--data', dir], { input: np + '\n' });
		assertCleanExit(p, 'plein user passwd');
		const short = await runPlein(['user', 'passwd', '--email', 'mo@example.com', '--data', dir], { input: 'short\n' });
		assertNoSanitizerReport(short);
		assert.notEqual(short.code, 0, 'passwd must refuse a short password');

		const old = await new Client(server.url).post('/api/v1/session', { json: { email: 'mo@example.com', password: PASSWORD } });
		assertApiError(old, 401, 'invalid_credentials');
		const s = await new Client(server.url).apiSignIn('mo@example.com', np);
		assert.equal(s.person.role, 'member');

		const role = await runPlein(['user', 'role', '--email', 'mo@example.com', '--role', 'admin', '--data', dir]);
		assertCleanExit(role, 'plein user role');
		const me = await new Client(server.url).get('/api/v1/me', { bearer: s.token });
		assert.equal(me.status, 200, String(me));
		assert.equal(me.json.role, 'admin', 'the new role applies');

		const back = await runPlein(['user', 'role', '--email', 'mo@example.com', '--role', 'member', '--data', dir]);
		assertCleanExit(back, 'plein user role');
		const me2 = await new Client(server.url).get('/api/v1/me', { bearer: s.token });
		assert.equal(me2.json.role, 'member');
	});

	test('serve exits 0 on SIGTERM', async () => {
		const r = await server.stop();
		assertCleanExit(r, 'plein serve');
		assert.match(r.stderr, /plein: listening on http:\/\/127\.0\.0\.1:\d+/);
	});
});

describe('plein demo', () => {
	test('creates people and prints an admin and a member who can sign in', async () => {
		const dir = await freshDir();
		await writeConfig(dir, DEFAULT_CONFIG);
		const demo = await runDemo(dir, { people: 12, seed: 7 });
		const server = await new PleinServer({ dataDir: dir, config: null }).start();
		try {
			const a = await new Client(server.url).apiSignIn(demo.admin.email, demo.admin.password);
			assert.equal(a.person.role, 'admin');
			const m = await new Client(server.url).apiSignIn(demo.member.email, demo.member.password);
			assert.equal(m.person.role, 'member');
			const r = await new Client(server.url).get('/api/v1/people?limit=100', { bearer: a.token });
			assert.equal(r.status, 200, String(r));
			assert.ok(r.json.items.length >= 12, `demo --people 12 made ${r.json.items.length} people`);
			const depts = new Set(r.json.items.map((p) => p.department).filter(Boolean));
			const locs = new Set(r.json.items.map((p) => p.location).filter(Boolean));
			assert.ok(depts.size >= 1, 'demo people have departments');
			assert.ok(locs.size >= 1, 'demo people have locations');
		} finally {
			assertCleanExit(await server.stop(), 'plein serve');
		}
	});
});

describe('plein demo --posts', () => {
	test('fills the streams: the home page is full, newest first, and new posts come on top', async () => {
		const dir = await freshDir();
		await writeConfig(dir, DEFAULT_CONFIG);
		const r = await runPlein(['demo', '--data', dir, '--people', '30', '--posts', '400', '--seed', '3'],
			{ timeout: 120_000 });
		assertCleanExit(r, 'plein demo --posts 400');
		assert.match(r.stdout, /400 posts, \d+ comments, \d+ reactions/);
		const m = r.stdout.match(/member:\s*(\S+@\S+)\s*\/\s*(\S+)/);
		assert.ok(m, r.stdout);
		const server = await new PleinServer({ dataDir: dir, config: null }).start();
		try {
			const c = new Client(server.url);
			const s = await c.apiSignIn(m[1], m[2]);
			const home = await c.get('/api/v1/stream/home', { bearer: s.token });
			assert.equal(home.status, 200, String(home));
			assert.equal(home.json.items.length, 20, 'a full first page');
			assert.ok(home.json.next_cursor, 'and more behind it');
			const ids = home.json.items.map((p) => p.id);
			assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'newest (highest id) first');
			const times = home.json.items.map((p) => Date.parse(p.created_at));
			assert.deepEqual(times, [...times].sort((a, b) => b - a), 'ids ascend with time');
			const disc = await c.get('/api/v1/stream/discover', { bearer: s.token });
			assert.equal(disc.status, 200, String(disc));
			assert.ok(disc.json.items.some((p) => p.comment_count > 0 || Object.keys(p.reactions).length > 0),
				'some posts have comments or reactions');
			const made = await c.post('/api/v1/posts', { json: { text: 'After the demo' }, bearer: s.token });
			assert.equal(made.status, 201, String(made));
			assert.ok(made.json.id > Math.max(...disc.json.items.map((p) => p.id)), 'a new post gets the highest id');
		} finally {
			assertCleanExit(await server.stop(), 'plein serve');
		}
	});
});

describe('plein.ini', () => {
	test('[server] max_body lowers the body limit', async () => {
		const dir = await freshDir();
		await writeConfig(dir, mergeConfig(DEFAULT_CONFIG, { server: { max_body: 1024 } }));
		await addUser(dir, { email: 'ann@example.com', name: 'Ann' });
		const server = await new PleinServer({ dataDir: dir, config: null }).start();
		try {
			const c = new Client(server.url);
			const { token } = await c.apiSignIn('ann@example.com', PASSWORD);
			const small = await c.patch('/api/v1/me', { bearer: token, json: { bio: 'x'.repeat(800) } });
			assert.equal(small.status, 200, `900 bytes is under max_body = 1024: ${small}`);
			const big = await c.patch('/api/v1/me', { bearer: token, json: { bio: 'x'.repeat(2000) } });
			assertApiError(big, 413, 'too_large');
		} finally {
			assertCleanExit(await server.stop(), 'plein serve');
		}
	});

	test('a broken plein.ini is refused with one line', async () => {
		const dir = await freshDir();
		await writeConfig(dir, { auth: { ip_attempts: 'lots' } });
		const server = new PleinServer({ dataDir: dir, config: null });
		let started = false;
		try {
			await server.start();
			started = true;
		} catch {
			// expected: it exited before listening
		}
		const r = await server.stop();
		assert.ok(!started, 'plein serve started with "ip_attempts = lots" in plein.ini');
		assertOneLineFailure({ ...r, stdout: '' }, 'plein serve with ip_attempts = lots');
	});
});
