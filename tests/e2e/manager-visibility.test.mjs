// A deactivated manager manages no one: their name no longer shows on their
// reports' profiles (page and API), and their reports can still be managed
// (role, status) — offboarding a team must not be blocked by its departed
// manager. Guests and alumni see no manager, not even their own, in the API
// as on their page (no links into the directory).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, PASSWORD } from './lib/server.mjs';
import { Client } from './lib/http.mjs';

const ANN = { email: 'ann@example.com', name: 'Ann Admin', role: 'admin' };
const BOSS = { email: 'boss@example.com', name: 'Bodil Boss' };
const MO = { email: 'mo@example.com', name: 'Mo Member' };
const GUS = { email: 'gus@example.com', name: 'Gus Guest', role: 'guest' };
const server = useServer({ users: [ANN, BOSS, MO, GUS] });

let admin, member, ids = {};
const tokens = {};

before(async () => {
	await server.ready;
	for (const u of [ANN, BOSS, MO, GUS]) {
		const s = await new Client(server.url).apiSignIn(u.email, PASSWORD);
		ids[u.email] = s.person.id;
		tokens[u.email] = s.token;
	}
	admin = new Client(server.url);
	member = new Client(server.url);
	for (const who of [MO, GUS]) {
		const r = await admin.patch(`/api/v1/people/${ids[who.email]}`, { bearer: tokens[ANN.email], json: { manager_id: ids[BOSS.email] } });
		assert.equal(r.status, 200, String(r));
		assert.equal(r.json.manager.name, BOSS.name);
	}
});

test('guests see no manager in the API, not even their own', async () => {
	const me = await new Client(server.url).get('/api/v1/me', { bearer: tokens[GUS.email] });
	assert.equal(me.status, 200);
	assert.equal(me.json.manager, null);
	const self = await new Client(server.url).get(`/api/v1/people/${ids[GUS.email]}`, { bearer: tokens[GUS.email] });
	assert.equal(self.json.manager, null);
	const signin = await new Client(server.url).apiSignIn(GUS.email, PASSWORD);
	assert.equal(signin.person.manager, null);
	assert.ok(!JSON.stringify([me.json, self.json, signin]).includes(BOSS.name), 'the manager\'s name is nowhere');
});

test('a deactivated manager vanishes from their reports\' profiles', async () => {
	let r = await admin.patch(`/api/v1/people/${ids[BOSS.email]}`, { bearer: tokens[ANN.email], json: { status: 'deactivated' } });
	assert.equal(r.status, 200, String(r));
	r = await member.get(`/api/v1/people/${ids[MO.email]}`, { bearer: tokens[MO.email] });
	assert.equal(r.json.manager, null);
	const page = await member.get(`/api/v1/people/${ids[MO.email]}`, { bearer: tokens[ANN.email] });
	assert.equal(page.json.manager, null, 'admins too: a deactivated person manages no one');
});

test('the reports of a deactivated manager can still be managed', async () => {
	let r = await admin.patch(`/api/v1/people/${ids[MO.email]}`, { bearer: tokens[ANN.email], json: { role: 'moderator' } });
	assert.equal(r.status, 200, String(r));
	assert.equal(r.json.role, 'moderator');
	r = await admin.patch(`/api/v1/people/${ids[MO.email]}`, { bearer: tokens[ANN.email], json: { status: 'deactivated' } });
	assert.equal(r.status, 200, String(r));
	assert.equal(r.json.status, 'deactivated');
	r = await admin.patch(`/api/v1/people/${ids[MO.email]}`, { bearer: tokens[ANN.email], json: { status: 'active', manager_id: ids[BOSS.email] } });
	assert.equal(r.status, 422, 'a deactivated person cannot be made a manager');
	assert.equal(r.json.error.field, 'manager_id');
});
