// The nightly computation: a server whose [insight] hour is the current
// local hour queues one by itself and the insight thread finishes it, once
// that day only; and a computation an earlier process left running is
// failed with a reason when plein starts.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { useServer, PASSWORD, assertCleanExit } from './lib/server.mjs';
import { Client, sleep } from './lib/http.mjs';

// start well inside an hour, so that it is still the same hour when the thread looks
const now = new Date();
if (now.getMinutes() === 59) await sleep((61 - now.getSeconds()) * 1000);
const HOUR = new Date().getHours();
const ADA = { email: 'ada@example.com', name: 'Ada Admin', role: 'admin' };
const server = useServer({ users: [ADA], config: { insight: { hour: HOUR } } });
const sql = (q) => execFileSync('sqlite3', ['-cmd', '.timeout 5000', join(server.dataDir, 'plein.db'), q], { encoding: 'utf8' }).trim();
let tok;

before(async () => {
	await server.ready;
	tok = (await new Client(server.url).apiSignIn(ADA.email, PASSWORD)).token;
});

test('at [insight] hour the server computes the figures by itself, once that day', async () => {
	let snap = null;
	for (let i = 0; i < 600 && !snap; i++) {
		const r = await new Client(server.url).get('/api/v1/insight', { bearer: tok });
		if (r.status === 200) snap = r.json.snapshot;
		else {
			assert.equal(r.status, 404, String(r));
			await sleep(100);
		}
	}
	assert.ok(snap, 'a snapshot was computed');
	assert.equal(snap.trigger, 'nightly');
	assert.equal(snap.status, 'done');
	// the thread looks again every few seconds: still one nightly computation that day
	await sleep(6000);
	assert.equal(sql("SELECT count(*) FROM insight_snapshots WHERE trigger = 'nightly';"), '1');
	assert.match(server.stderr, /insight: computing the figures \(nightly, snapshot \d+\)/);
});

test('a computation left running when plein stopped is failed with a reason at the next start', async () => {
	assertCleanExit(await server.stop(), 'plein serve stopped in the middle of the file');
	sql("INSERT INTO insight_snapshots(day, trigger, status, created_at, started_at) VALUES (1, 'manual', 'running', 5, 6);");
	await server.serve();
	let row = '';
	for (let i = 0; i < 600; i++) {
		row = sql("SELECT status || ' ' || (error <> '') FROM insight_snapshots WHERE created_at = 5;");
		if (row !== 'running 0') break;
		await sleep(100);
	}
	assert.equal(row, 'failed 1');
	// done that day already: the restarted server does not compute again
	await sleep(6000);
	assert.equal(sql("SELECT count(*) FROM insight_snapshots WHERE trigger = 'nightly';"), '1');
});
