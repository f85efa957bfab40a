// server.mjs — start and stop a real `plein` for end-to-end and browser tests.
// Every test file gets its own data directory and its own server process on a
// free loopback port; stopping it checks that the sanitizer build exited cleanly.
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile, rm, access } from 'node:fs/promises';
import { constants as fsc } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { before, after } from 'node:test';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const PLEIN_BIN = resolve(REPO_ROOT, process.env.PLEIN_BIN || 'build/asan/plein');

// Default password for accounts the tests create (>= 12 characters).
export const PASSWORD = 'correct horse battery staple';

// Sanitizer options unless the caller chose their own: report leaks at exit,
// stop at the first UBSan report, and keep the reports on stderr.
const SAN_ENV = {
	ASAN_OPTIONS: 'detect_leaks=1:abort_on_error=0:halt_on_error=1:detect_stack_use_after_return=0',
	UBSAN_OPTIONS: 'print_stacktrace=1:halt_on_error=1',
	LSAN_OPTIONS: 'report_objects=0',
};

const SANITIZER_RE = /ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:|SUMMARY: (Address|Undefined|Leak)Sanitizer/;

function childEnv(extra = {}) {
	const env = { ...process.env };
	for (const [k, v] of Object.entries(SAN_ENV)) if (env[k] === undefined) env[k] = v;
	// A developer's own settings (PLEIN_* overrides plein.ini) must not leak
	// into the server under test.
	for (const k of Object.keys(env)) if (k.startsWith('PLEIN_')) delete env[k];
	return { ...env, ...extra };
}

export async function binaryExists() {
	try {
		await access(PLEIN_BIN, fsc.X_OK);
		return true;
	} catch {
		return false;
	}
}

async function requireBinary() {
	if (!(await binaryExists())) {
		throw new Error(`plein binary not found at ${PLEIN_BIN}: build it with ` +
			'`make build/asan/plein` or point PLEIN_BIN at one');
	}
}

/** A fresh, empty data directory. */
export async function makeDataDir(prefix = 'plein-e2e-') {
	return mkdtemp(join(tmpdir(), prefix));
}

/** INI text from {section: {key: value}}. */
export function iniText(config) {
	let out = '';
	for (const [section, kv] of Object.entries(config)) {
		out += `[${section}]\n`;
		for (const [k, v] of Object.entries(kv)) out += `${k} = ${v}\n`;
		out += '\n';
	}
	return out;
}

/** Deep-merge two {section: {key: value}} configs. */
export function mergeConfig(a, b) {
	const out = {};
	for (const src of [a, b]) {
		for (const [section, kv] of Object.entries(src || {})) {
			out[section] = { ...(out[section] || {}), ...kv };
		}
	}
	return out;
}

// Default for tests: every request comes from 127.0.0.1, so the per-address
// sign-in throttle would otherwise trip across unrelated tests.
// no nightly insight computation by surprise while tests run at 3 am
export const DEFAULT_CONFIG = { auth: { ip_attempts: 1000 }, insight: { hour: -1 } };

export async function writeConfig(dataDir, config) {
	await writeFile(join(dataDir, 'plein.ini'), iniText(config));
}

/**
 * Run `plein ARGS...` to completion. Returns {code, signal, stdout, stderr}.
 * `input` is written to stdin (then stdin is closed).
 */
export async function runPlein(args, { input = '', timeout = 60_000, env = {} } = {}) {
	await requireBinary();
	return new Promise((resolvePromise, reject) => {
		const child = spawn(PLEIN_BIN, args, { cwd: tmpdir(), env: childEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (d) => { stdout += d; });
		child.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`plein ${args.join(' ')} did not finish within ${timeout} ms\nstderr:\n${stderr}`));
		}, timeout);
		child.on('error', (e) => { clearTimeout(timer); reject(e); });
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			resolvePromise({ code, signal, stdout, stderr });
		});
		child.stdin.on('error', () => {}); // the command may exit without reading stdin
		child.stdin.end(input);
	});
}

/** Assert that a finished plein process exited 0 without sanitizer reports. */
export function assertCleanExit(result, what = 'plein') {
	const tail = result.stderr.length > 6000 ? '…' + result.stderr.slice(-6000) : result.stderr;
	assert.ok(!SANITIZER_RE.test(result.stderr), `${what}: sanitizer report on stderr:\n${tail}`);
	assert.equal(result.signal, null, `${what}: killed by ${result.signal}\nstderr:\n${tail}`);
	assert.equal(result.code, 0, `${what}: exit code ${result.code}\nstderr:\n${tail}`);
}

/** Assert that no sanitizer report was printed (for commands expected to fail). */
export function assertNoSanitizerReport(result, what = 'plein') {
	assert.ok(!SANITIZER_RE.test(result.stderr), `${what}: sanitizer report on stderr:\n${result.stderr.slice(-6000)}`);
	assert.notEqual(result.signal, 'SIGSEGV', `${what}: crashed`);
	assert.notEqual(result.signal, 'SIGABRT', `${what}: aborted`);
}

/** `plein user add`; throws unless it exits 0. */
export async function addUser(dataDir, { email, name, role = 'member', password = PASSWORD }) {
	const r = await runPlein(['user', 'add', '--email', email, '--name', name, '--role', role, '--data', dataDir],
		{ input: password + '\n' });
	assertCleanExit(r, `plein user add --email ${email}`);
	return r;
}

/** `plein demo`; returns {admin: {email, password}, member: {email, password}, output}. */
export async function runDemo(dataDir, { people = 60, seed = 1 } = {}) {
	const r = await runPlein(['demo', '--data', dataDir, '--people', String(people), '--seed', String(seed)],
		{ timeout: 120_000 });
	assertCleanExit(r, 'plein demo');
	const out = r.stdout + '\n' + r.stderr;
	const cred = (role) => {
		const m = out.match(new RegExp(`${role}:\\s*(\\S+@\\S+)\\s*/\\s*(\\S+)`));
		assert.ok(m, `plein demo did not print a "${role}: <email> / <password>" line; output:\n${out}`);
		return { email: m[1], password: m[2] };
	};
	return { admin: cred('admin'), member: cred('member'), output: out };
}

/**
 * A running `plein serve`. Create with `new PleinServer(opts)` and `await start()`,
 * or use `useServer(opts)` inside a test file.
 *
 * opts:
 *   config  {section: {key: value}} merged over DEFAULT_CONFIG (null: write no plein.ini)
 *   demo    {people, seed} to run `plein demo` first
 *   users   [{email, name, role, password}] to add with `plein user add`
 *   dataDir use this directory instead of a fresh one (not removed afterwards)
 *   listen  address to listen on (default 127.0.0.1:0)
 */
export class PleinServer {
	constructor(opts = {}) {
		this.opts = opts;
		this.stderr = '';
		this.proc = null;
		this.exit = null;
		this.url = null;
		this.port = null;
		this.dataDir = null;
		this.demo = null;
	}

	async start() {
		await requireBinary();
		const o = this.opts;
		this.ownDataDir = !o.dataDir;
		this.dataDir = o.dataDir || await makeDataDir();
		if (o.config !== null) await writeConfig(this.dataDir, mergeConfig(DEFAULT_CONFIG, o.config));
		if (o.demo) this.demo = await runDemo(this.dataDir, o.demo);
		for (const u of o.users || []) await addUser(this.dataDir, u);
		await this.serve();
		return this;
	}

	/** Spawn `plein serve` and wait for its "listening on" line. */
	serve() {
		const listen = this.opts.listen || '127.0.0.1:0';
		const args = ['serve', '--listen', listen, '--data', this.dataDir];
		this.stderr = '';
		this.exit = null;
		return new Promise((resolvePromise, reject) => {
			const child = spawn(PLEIN_BIN, args, { cwd: tmpdir(), env: childEnv(this.opts.env), stdio: ['ignore', 'pipe', 'pipe'] });
			this.proc = child;
			let ready = false;
			this.exited = new Promise((res) => {
				child.on('close', (code, signal) => {
					this.exit = { code, signal, stderr: this.stderr };
					res(this.exit);
					if (!ready) reject(new Error(`plein serve exited (code ${code}, signal ${signal}) before listening:\n${this.stderr}`));
				});
			});
			const timer = setTimeout(() => {
				if (!ready) {
					child.kill('SIGKILL');
					reject(new Error(`plein serve did not print "listening on" within 20 s:\n${this.stderr}`));
				}
			}, 20_000);
			child.stdout.setEncoding('utf8').on('data', (d) => { this.stdout = (this.stdout || '') + d; });
			child.stderr.setEncoding('utf8').on('data', (d) => {
				this.stderr += d;
				if (process.env.PLEIN_TEST_VERBOSE) process.stderr.write(d);
				if (!ready) {
					const m = this.stderr.match(/plein: listening on (http:\/\/[^\s]+?):(\d+)\/?\s/);
					if (m) {
						ready = true;
						clearTimeout(timer);
						this.port = Number(m[2]);
						this.url = `http://127.0.0.1:${this.port}`;
						resolvePromise(this);
					}
				}
			});
			child.on('error', (e) => { clearTimeout(timer); reject(e); });
		});
	}

	get running() {
		return this.proc !== null && this.exit === null;
	}

	/** SIGTERM, wait for exit; returns {code, signal, stderr}. */
	async stop({ timeout = 15_000 } = {}) {
		if (!this.proc) return { code: 0, signal: null, stderr: '' };
		if (this.exit) return this.exit;
		this.proc.kill('SIGTERM');
		let timer;
		const timedOut = new Promise((res) => {
			timer = setTimeout(() => res(null), timeout);
		});
		const r = await Promise.race([this.exited, timedOut]);
		clearTimeout(timer);
		if (r === null) {
			this.proc.kill('SIGKILL');
			await this.exited;
			return { code: null, signal: 'SIGKILL', stderr: this.stderr + `\n[test] plein did not exit within ${timeout} ms of SIGTERM` };
		}
		return r;
	}

	/** Wait until stderr matches `re` (e.g. an access-log line); returns the match. */
	async waitForStderr(re, timeout = 3000) {
		const end = Date.now() + timeout;
		for (;;) {
			const m = this.stderr.match(re);
			if (m) return m;
			if (Date.now() > end) return null;
			await new Promise((r) => setTimeout(r, 25));
		}
	}

	async cleanup() {
		if (this.ownDataDir && this.dataDir) await rm(this.dataDir, { recursive: true, force: true });
	}
}

/**
 * Start one server for the current test file: before() starts it, after()
 * stops it with SIGTERM and asserts a clean exit (code 0, no sanitizer report).
 */
export function useServer(opts = {}) {
	const server = new PleinServer(opts);
	// node 20 runs a file's top-level before() hooks concurrently: other
	// top-level hooks must `await server.ready` before using the server.
	let ready;
	server.ready = new Promise((res, rej) => { ready = { res, rej }; });
	server.ready.catch(() => {});
	before(async () => {
		try {
			await server.start();
			ready.res(server);
		} catch (e) {
			ready.rej(e);
			throw e;
		}
	});
	after(async () => {
		const r = await server.stop();
		let ok = false;
		try {
			assertCleanExit(r, 'plein serve (SIGTERM at the end of the file)');
			ok = true;
		} finally {
			// keep the data directory of a failed run for a post-mortem
			if (ok) await server.cleanup();
			else process.stderr.write(`[test] data directory kept: ${server.dataDir}\n`);
		}
	});
	return server;
}
