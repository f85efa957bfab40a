// /setup under a race: several first visitors submit at the same moment;
// exactly one becomes the admin, the others are refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer } from './lib/server.mjs';
import { Client } from './lib/http.mjs';

const server = useServer(); // nobody yet
const PW = 'racing to be the first admin';

test('five simultaneous POST /setup: exactly one admin', async () => {
	await server.ready;
	const clients = Array.from({ length: 5 }, () => new Client(server.url));
	const tokens = await Promise.all(clients.map((c) => c.csrfFrom('/setup', '/setup')));
	const results = await Promise.all(clients.map((c, i) => c.post('/setup', {
		form: { name: `Racer ${i}`, email: `racer${i}@example.com`, password: PW, password_confirm: PW, _csrf: tokens[i] },
	})));
	const statuses = results.map((r) => r.status);
	const winners = results.map((r, i) => (r.status === 303 ? i : -1)).filter((i) => i >= 0);
	assert.equal(winners.length, 1, `exactly one setup succeeds: ${statuses}`);
	for (const r of results) if (r.status !== 303) assert.ok(r.status >= 400 && r.status < 500 && r.status !== 422, `the others are refused: ${statuses}`);

	const admin = clients[winners[0]];
	const people = await admin.get('/api/v1/people');
	assert.equal(people.status, 200);
	assert.equal(people.json.items.length, 1, `one person exists: ${people.json.items.map((p) => p.email)}`);
	assert.equal(people.json.items[0].role, 'admin');
	for (const [i, c] of clients.entries()) {
		if (i !== winners[0]) assert.equal((await c.get('/api/v1/me')).status, 401, `racer ${i} is not signed in`);
	}
});
