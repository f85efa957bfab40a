// review-board.test.mjs — the board drops what its viewer may no longer
// see at once, as the streams do: a post moved into a group they are not in
// (post_moved, visible false) and the posts of a group they were removed
// from (group_changed) leave every column without a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, PASSWORD } from '../e2e/lib/server.mjs';
import { Client } from '../e2e/lib/http.mjs';
import { launch, newPage, signIn, shoot } from '../e2e/lib/browser.mjs';

const OWNER = { email: 'owner@rboard.example', name: 'Olga Owner' };
const VIEWER = { email: 'viewer@rboard.example', name: 'Vik Viewer' };
const server = useServer({ users: [OWNER, VIEWER] });
const api = () => new Client(server.url);
let browser, page, tok = {}, id = {}, shared, secret;

async function call(who, method, path, json) {
	const r = await api().request(method, path, { bearer: tok[who], json });
	assert.ok(r.status < 300, `${method} ${path}: ${r}`);
	return r.status === 204 ? null : r.json;
}

before(async () => {
	await server.ready;
	for (const [k, u] of Object.entries({ owner: OWNER, viewer: VIEWER })) {
		const s = await api().apiSignIn(u.email, PASSWORD);
		tok[k] = s.token;
		id[k] = s.person.id;
	}
	shared = (await call('owner', 'POST', '/api/v1/groups', { name: 'Shared room', kind: 'closed' })).id;
	secret = (await call('owner', 'POST', '/api/v1/groups', { name: 'Back room', kind: 'secret' })).id;
	await call('owner', 'POST', `/api/v1/groups/${shared}/members`, { person_id: id.viewer });
	await call('owner', 'POST', '/api/v1/posts', { text: 'Shared room notes for the viewer', group_id: shared });
	await call('viewer', 'POST', '/api/v1/board/columns', { kind: 'person', ref: id.owner });
	browser = await launch();
	({ page } = await newPage(browser));
	await signIn(page, server.url, VIEWER.email, PASSWORD);
});
after(async () => {
	await browser?.close();
});

test('a post moved out of sight and a group left leave the board\'s columns at once', async () => {
	const moving = (await call('owner', 'POST', '/api/v1/posts', { text: 'Soon in the back room' })).id;
	const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/events');
	await page.goto(`${server.url}/board`);
	await answered;   // the live stream is open
	const col = page.locator('section.board-col').first();
	await col.locator('.board-item', { hasText: 'Soon in the back room' }).waitFor();
	await col.locator('.board-item', { hasText: 'Shared room notes' }).waitFor();
	await call('owner', 'PATCH', `/api/v1/posts/${moving}`, { group_id: secret });
	await col.locator('.board-item', { hasText: 'Soon in the back room' }).waitFor({ state: 'detached', timeout: 10000 });
	await call('owner', 'DELETE', `/api/v1/groups/${shared}/members/${id.viewer}`);
	await col.locator('.board-item', { hasText: 'Shared room notes' }).waitFor({ state: 'detached', timeout: 10000 });
	await shoot(page, 'review-board-dropped');
});
