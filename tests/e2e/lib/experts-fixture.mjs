// experts-fixture.mjs — a small organisation for the "who knows X" tests
// (e2e and browser): people with roles, titles, skills and spoken languages,
// one of them already deactivated. Profiles are written straight into the
// database with the sqlite3 CLI before `plein serve` starts (the profile
// API is another issue), so the server's start-up rebuild of the expertise
// index is exercised too. Endorsements go through the API in the tests.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { rm } from 'node:fs/promises';
import { before, after } from 'node:test';
import { PleinServer, makeDataDir, writeConfig, mergeConfig, DEFAULT_CONFIG, addUser, assertCleanExit } from './server.mjs';

const run = promisify(execFile);

export const PEOPLE = {
	ann: { email: 'ann@example.com', name: 'Ann Admin', role: 'admin' },
	bea: { email: 'bea@example.com', name: 'Bea Bakker', title: 'Policy advisor', department: 'Finance',
		skills: ['Subsidies'], languages: [['nl', 4], ['en', 3]] },
	cas: { email: 'cas@example.com', name: 'Cas de Vries', title: 'Accountant', department: 'Finance',
		skills: ['Subsidies', 'Grant writing'], languages: [['fr', 1]] },
	dora: { email: 'dora@example.com', name: 'Dora Dubois', title: 'Translator', department: 'Communications',
		skills: ['Translation'], languages: [['fr', 4], ['en', 3]] },
	eli: { email: 'eli@example.com', name: 'Eli Visser', title: 'Vertaler', department: 'Communications',
		skills: ['Vertalen'], languages: [['fr', 3]] },
	finn: { email: 'finn@example.com', name: 'Finn Mulder', title: 'Subsidy advisor', skills: ['Subsidies'],
		languages: [['fr', 4]], deactivated: true },
	hugo: { email: 'hugo@example.com', name: 'Hugo Hendriks', title: 'Editor', languages: [['fr', 4]] },
	gus: { email: 'gus@example.com', name: 'Gus Guest', role: 'guest' },
	alma: { email: 'alma@example.com', name: 'Alma Alumna', role: 'alumni' },
};

const q = (s) => `'${String(s).replace(/'/g, "''")}'`;

function seedSql() {
	const sql = ['BEGIN;'];
	const skills = new Set(Object.values(PEOPLE).flatMap((p) => p.skills || []));
	for (const s of skills) sql.push(`INSERT INTO skills(name) VALUES (${q(s)});`);
	for (const p of Object.values(PEOPLE)) {
		const id = `(SELECT id FROM people WHERE email = ${q(p.email)})`;
		if (p.title) sql.push(`UPDATE people SET title = ${q(p.title)} WHERE id = ${id};`);
		if (p.department) sql.push(`UPDATE people SET department = ${q(p.department)} WHERE id = ${id};`);
		(p.skills || []).forEach((s, i) => sql.push(
			`INSERT INTO person_skills(person_id, skill_id, position) SELECT ${id}, id, ${i} FROM skills WHERE name = ${q(s)};`));
		for (const [code, level] of p.languages || [])
			sql.push(`INSERT INTO person_languages(person_id, language, level) VALUES (${id}, ${q(code)}, ${level});`);
		if (p.deactivated) sql.push(`UPDATE people SET status = 'deactivated' WHERE id = ${id};`);
	}
	sql.push('COMMIT;');
	return sql.join('\n');
}

/** Run SQL against the server's database (WAL: fine while it runs). */
export async function sqlite(dataDir, sql) {
	const { stdout } = await run('sqlite3', ['-cmd', '.timeout 5000', join(dataDir, 'plein.db'), sql]);
	return stdout;
}

/**
 * One server for the file with the organisation above; `await server.ready`.
 * server.ids maps the keys of PEOPLE to person ids.
 */
export function useExpertsServer(opts = {}) {
	const holder = { ids: {} };
	let ready;
	holder.ready = new Promise((res, rej) => { ready = { res, rej }; });
	holder.ready.catch(() => {});
	let server = null;
	let dataDir = null;
	before(async () => {
		try {
			dataDir = await makeDataDir('plein-experts-');
			await writeConfig(dataDir, mergeConfig(DEFAULT_CONFIG, opts.config));
			for (const p of Object.values(PEOPLE)) await addUser(dataDir, p);
			await sqlite(dataDir, seedSql());
			server = new PleinServer({ dataDir, config: opts.config });
			await server.start();
			for (const [k, p] of Object.entries(PEOPLE)) {
				holder.ids[k] = Number((await sqlite(dataDir, `SELECT id FROM people WHERE email = ${q(p.email)};`)).trim());
			}
			holder.server = server;
			holder.url = server.url;
			holder.dataDir = dataDir;
			ready.res(holder);
		} catch (e) {
			ready.rej(e);
			throw e;
		}
	});
	after(async () => {
		if (!server) return;
		const r = await server.stop();
		let ok = false;
		try {
			assertCleanExit(r, 'plein serve (SIGTERM at the end of the file)');
			ok = true;
		} finally {
			if (ok) await rm(dataDir, { recursive: true, force: true });
			else process.stderr.write(`[test] data directory kept: ${dataDir}\n`);
		}
	});
	return holder;
}
