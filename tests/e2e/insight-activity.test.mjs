// Visits and activation end to end (insight, issue 7): a signed-in request
// (API with a bearer token, or a page with the session cookie) records one
// activity_days row for the person and the UTC day, however many requests
// follow; anonymous requests record nothing; people given a password by
// `plein user add` or `plein user passwd` are activated (activated_at),
// and the date of the first activation stays.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { useServer, runPlein, assertCleanExit, PASSWORD } from './lib/server.mjs';
import { Client } from './lib/http.mjs';

const ANN = { email: 'ann@example.com', name: 'Ann Visitor' };
const BO = { email: 'bo@example.com', name: 'Bo Browser' };
const server = useServer({ users: [ANN, BO] });

function sql(text) {
	return execFileSync('sqlite3', ['-cmd', '.timeout 5000', join(server.dataDir, 'plein.db'), text],
		{ encoding: 'utf8' }).trim();
}
const today = () => Math.floor(Date.now() / 86400000);
const visits = (email) => Number(sql(
	`SELECT count(*) FROM activity_days a JOIN people p ON p.id = a.person_id WHERE p.email = '${email}'`));

describe('visits', () => {
	before(() => {
		assert.equal(Number(sql('SELECT count(*) FROM activity_days')), 0, 'no visits before any request');
	});

	test('anonymous requests record nothing', async () => {
		const c = new Client(server.url);
		assert.equal((await c.get('/signin')).status, 200);
		assert.equal((await c.get('/api/v1/me')).status, 401);
		assert.equal(Number(sql('SELECT count(*) FROM activity_days')), 0);
	});

	test('API requests with a token: one row for the day, however many requests', async () => {
		const c = new Client(server.url);
		const s = await c.apiSignIn(ANN.email, PASSWORD);
		for (let i = 0; i < 3; i++)
			assert.equal((await c.get('/api/v1/me', { bearer: s.token })).status, 200);
		assert.equal(visits(ANN.email), 1);
		const day = Number(sql(`SELECT a.day FROM activity_days a JOIN people p ON p.id = a.person_id
			WHERE p.email = '${ANN.email}'`));
		assert.ok(Math.abs(day - today()) <= 1, `day ${day} is today (${today()})`);
	});

	test('pages with the session cookie count too', async () => {
		const c = new Client(server.url);
		await c.signIn(BO.email, PASSWORD);
		assert.equal(visits(BO.email), 0, 'the sign-in itself has no viewer yet');
		assert.equal((await c.get('/settings')).status, 200);
		assert.equal((await c.get('/settings')).status, 200);
		assert.equal(visits(BO.email), 1);
		assert.equal(visits(ANN.email), 1);
	});
});

describe('activation', () => {
	test('plein user add activates; plein user passwd keeps the first date', async () => {
		const at = Number(sql(`SELECT activated_at FROM people WHERE email = '${ANN.email}'`));
		assert.ok(at > 1_700_000_000, `activated_at ${at}`);
		sql(`UPDATE people SET activated_at = 12345 WHERE email = '${BO.email}'`);
		const r = await runPlein(['user', 'passwd', '--email', BO.email, '--data', server.dataDir],
			{ input: `${PASSWORD}-new\n${PASSWORD}-new\n` });
		assertCleanExit(r, 'plein user passwd');
		assert.equal(Number(sql(`SELECT activated_at FROM people WHERE email = '${BO.email}'`)), 12345);
	});
});
