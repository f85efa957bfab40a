// Session expiry (SECURITY.md: idle and absolute expiry), with the shortest
// windows plein.ini allows ([auth] session_idle / session_max, 60 s each):
// a session left alone dies after session_idle while one in steady use lives
// on; every session dies after session_max, however busy. This file waits
// about 66 s; both servers run side by side in that time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, PASSWORD } from './lib/server.mjs';
import { Client, sleep, RFC3339_UTC } from './lib/http.mjs';

const MO = { email: 'mo@example.com', name: 'Mo Member' };
const idleServer = useServer({ users: [MO], config: { auth: { session_idle: 60, session_max: 3600 } } });
const maxServer = useServer({ users: [MO], config: { auth: { session_idle: 3600, session_max: 60 } } });

const status = async (server, token) => (await new Client(server.url).get('/api/v1/me', { bearer: token })).status;

test('idle sessions end after session_idle; busy ones live on; none outlives session_max', async (t) => {
	await Promise.all([idleServer.ready, maxServer.ready]);
	const busy = (await new Client(idleServer.url).apiSignIn(MO.email, PASSWORD)).token;
	const idle = (await new Client(idleServer.url).apiSignIn(MO.email, PASSWORD)).token;
	const web = new Client(idleServer.url);
	await web.signIn(MO.email, PASSWORD);
	const capped = (await new Client(maxServer.url).apiSignIn(MO.email, PASSWORD)).token;
	const t0 = Date.now();

	// expires_at of a session capped at 60 s is at most a minute away
	const list = await new Client(maxServer.url).get('/api/v1/sessions', { bearer: capped });
	const cur = list.json.items.find((s) => s.current);
	assert.match(cur.expires_at, RFC3339_UTC);
	const left = (Date.parse(cur.expires_at) - Date.now()) / 1000;
	assert.ok(left <= 62 && left > 0, `expires_at is ${left.toFixed(0)} s away with session_max = 60`);

	// use `busy` and `capped` every 10 s, leave the others alone
	while (Date.now() - t0 < 66_000) {
		await sleep(Math.min(10_000, 66_000 - (Date.now() - t0)));
		const s = Date.now() - t0;
		if (s < 58_000) {
			assert.equal(await status(idleServer, busy), 200, `the busy session ended after ${(s / 1000).toFixed(0)} s`);
			assert.equal(await status(maxServer, capped), 200, `the capped session ended early, after ${(s / 1000).toFixed(0)} s`);
		}
	}
	t.diagnostic(`checked after ${((Date.now() - t0) / 1000).toFixed(0)} s`);
	assert.equal(await status(idleServer, idle), 401, 'a session unused for 66 s outlived session_idle = 60');
	assert.equal((await web.get('/api/v1/me')).status, 401, 'an unused web session outlived session_idle = 60');
	assert.equal((await web.get('/settings')).status, 303, 'the expired web session still opens pages');
	assert.equal(await status(maxServer, capped), 401, 'a busy session outlived session_max = 60');
	assert.equal(await status(idleServer, busy), 200,
		'a session used every 10 s was ended by session_idle = 60 (is last_seen_at written often enough for short idle windows?)');
});
