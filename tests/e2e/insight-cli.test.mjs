// `plein insight` at the console: computes a snapshot (trigger 'console')
// on a small demo organisation, prints progress on stderr and a readable
// summary, writes the graph for NetworkX with --export-graph; bad flags
// are exit 2 with a message.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { runPlein, runDemo, makeDataDir, assertCleanExit } from './lib/server.mjs';

let dir;
before(async () => {
	dir = await makeDataDir('plein-insight-cli-');
	await runDemo(dir, { people: 60, seed: 7 });
});
after(async () => {
	if (dir) await rm(dir, { recursive: true, force: true });
});

test('plein insight computes a snapshot and prints a summary', async () => {
	const graph = join(dir, 'graph.txt');
	const r = await runPlein(['insight', '--data', dir, '--samples', '50', '--export-graph', graph], { timeout: 240_000 });
	assertCleanExit(r, 'plein insight');
	assert.match(r.stdout, /^plein: insight snapshot (\d+)$/m);
	for (const want of [/DAU \/ WAU \/ MAU/, /90-9-1/, /readers/, /ties/, /communities .*modularity .*NMI/, /Computed in [\d.]+ s, peak memory \d+ MB/])
		assert.match(r.stdout, want);
	assert.match(r.stderr, /100 %|9\d %/, 'progress on stderr');
	assert.match(r.stderr, /wrote the interaction graph/);
	assert.ok((await readFile(graph, 'utf8')).length > 0);
	// the demo queued its first computation; the console takes that one over
	// rather than queueing a second
	const row = execFileSync('sqlite3', [join(dir, 'plein.db'), "SELECT count(*) || ' ' || group_concat(trigger || ' ' || status || ' ' || progress) FROM insight_snapshots;"], { encoding: 'utf8' }).trim();
	assert.equal(row, '1 manual done 100');
});

test('bad flags: exit 2 with a message', async () => {
	for (const args of [['--samples', '0'], ['--samples', 'many'], ['--bogus'], ['extra']]) {
		const r = await runPlein(['insight', '--data', dir, ...args]);
		assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
		assert.match(r.stderr, /plein insight: /);
	}
	const h = await runPlein(['insight', '--help']);
	assert.equal(h.code, 0);
	assert.match(h.stdout, /--export-graph FILE/);
});
