// questions.test.mjs — questions and answers over the API (docs/api.md
// "Questions"): every route and its errors, the queues and their cursors,
// similar titles, helpful marks and accepting, group questions private to
// the group, and the anonymity canary: an anonymous asker who mentions,
// asks, answers, comments and reacts in their thread is named in no
// response anyone else gets — API, pages, notifications, live events — and
// their own profile and person stream do not show the question to others.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { useServer, PASSWORD } from './lib/server.mjs';
import { Client, assertApiError } from './lib/http.mjs';
import { openStream } from './lib/sse.mjs';
import { sleep } from './lib/http.mjs';

const tag = randomBytes(4).toString('hex');
const U = {
	// the asker's name is the identity canary: it must never be near their anonymous question
	asker: { email: 'asker@q.example', name: `Quirina Zwijgzaam${tag}`, role: 'member' },
	helper: { email: 'helper@q.example', name: 'Hugo Helper', role: 'member' },
	other: { email: 'other@q.example', name: 'Olga Other', role: 'member' },
	mod: { email: 'mod@q.example', name: 'Mo Moderator', role: 'member' },
	outsider: { email: 'out@q.example', name: 'Otto Outsider', role: 'member' },
	guest: { email: 'guest@q.example', name: 'Gert Guest', role: 'guest' },
	admin: { email: 'admin@q.example', name: 'Ada Admin', role: 'admin' },
};
const server = useServer({ users: Object.values(U) });

const tok = {}, id = {}, web = {};
let anon, group;
const streams = {};

const api = (who, method, path, json) => anon.request(method, path, { bearer: tok[who], json });
const ask = (who, json) => api(who, 'POST', '/api/v1/questions', json);
const mention = (who) => `@[${U[who].name}](/people/${id[who]})`;

before(async () => {
	await server.ready;
	anon = new Client(server.url);
	for (const [k, u] of Object.entries(U)) {
		const s = await new Client(server.url).apiSignIn(u.email, PASSWORD);
		tok[k] = s.token;
		id[k] = s.person.id;
		web[k] = new Client(server.url);
		await web[k].signIn(u.email, PASSWORD);
	}
	for (const k of ['helper', 'other', 'mod', 'admin']) streams[k] = await openStream(server.url, '/api/v1/events', { bearer: tok[k] });
	const g = await api('mod', 'POST', '/api/v1/groups', { name: 'Payroll circle', kind: 'closed' });
	assert.equal(g.status, 201, `${g}`);
	group = g.json.id;
	for (const k of ['helper', 'guest', 'asker']) {
		const r = await api('mod', 'POST', `/api/v1/groups/${group}/members`, { person_id: id[k] });
		assert.ok(r.status < 300, `${r}`);
	}
});

after(() => {
	for (const s of Object.values(streams)) s.close();
});

describe('asking', () => {
	test('POST /api/v1/questions → 201 with id, title, topics, Location; the asker is named', async () => {
		const r = await ask('helper', { title: '  How do I book a meeting room?  ', body: 'Is there a #facilities form?' });
		assert.equal(r.status, 201, `${r}`);
		assert.ok(Number.isInteger(r.json.id));
		assert.equal(r.headers.get('location'), `/api/v1/questions/${r.json.id}`);
		assert.equal(r.json.kind, 'question');
		assert.equal(r.json.title, 'How do I book a meeting room?');
		assert.equal(r.json.anonymous, false);
		assert.equal(r.json.author.id, id.helper);
		assert.deepEqual(r.json.topics, ['facilities']);
		assert.equal(r.json.answer_count, 0);
		assert.equal(r.json.accepted_answer_id, null);
		assert.equal(r.json.seconds_to_first_answer, null);
		assert.equal(r.json.mine, true);
		assert.equal(r.json.url, `/questions/${r.json.id}`);
	});

	test('errors: signed out, bad title, body, anonymous, group_id, ask; guests outside their groups', async () => {
		assert.equal((await anon.post('/api/v1/questions', { json: { title: 'Hello there', body: 'x' } })).status, 401);
		assertApiError(await ask('helper', { title: 'Why?', body: 'x' }), 422, 'invalid', { field: 'title' });
		assertApiError(await ask('helper', { title: 'x'.repeat(201), body: 'x' }), 422, 'invalid', { field: 'title' });
		assertApiError(await ask('helper', { title: 'two\nlines here', body: 'x' }), 422, 'invalid', { field: 'title' });
		assertApiError(await ask('helper', { body: 'x' }), 422, 'invalid', { field: 'title' });
		assertApiError(await ask('helper', { title: 'A fine title', body: '   ' }), 422, 'invalid', { field: 'body' });
		assertApiError(await ask('helper', { title: 'A fine title' }), 422, 'invalid', { field: 'body' });
		assertApiError(await ask('helper', { title: 'A fine title', body: 'x', anonymous: 'yes' }), 422, 'invalid', { field: 'anonymous' });
		assertApiError(await ask('helper', { title: 'A fine title', body: 'x', group_id: 'abc' }), 422, 'invalid', { field: 'group_id' });
		assertApiError(await ask('helper', { title: 'A fine title', body: 'x', group_id: 999999 }), 422, 'invalid', { field: 'group_id' });
		assertApiError(await ask('outsider', { title: 'A fine title', body: 'x', group_id: group }), 403, 'forbidden', { field: 'group_id' });
		assertApiError(await ask('helper', { title: 'A fine title', body: 'x', ask: [id.helper] }), 422, 'invalid', { field: 'ask' });
		assertApiError(await ask('helper', { title: 'A fine title', body: 'x', ask: [id.guest] }), 422, 'invalid', { field: 'ask' });
		assertApiError(await ask('helper', { title: 'A fine title', body: 'x', ask: ['x'] }), 422, 'invalid', { field: 'ask' });
		assertApiError(await ask('helper', { title: 'A fine title', body: 'x', ask: Array(11).fill(id.other) }), 422, 'invalid', { field: 'ask' });
		assertApiError(await ask('guest', { title: 'A fine title', body: 'x' }), 403, 'forbidden');
		const bad = await anon.post('/api/v1/questions', { bearer: tok.helper, body: '{', headers: { 'Content-Type': 'application/json' } });
		assert.equal(bad.status, 400);
		// a plain post cannot be a question
		assert.equal((await api('helper', 'POST', '/api/v1/posts', { text: 'x', kind: 'question' })).status, 422);
	});

	test('colleagues asked by name are notified ("question_asked")', async () => {
		const r = await ask('helper', { title: 'Who knows the VPN settings?', body: 'Anyone?', ask: [id.other] });
		assert.equal(r.status, 201, `${r}`);
		const n = await api('other', 'GET', '/api/v1/notifications');
		const note = n.json.items.find((x) => x.kind === 'question_asked' && x.post_id === r.json.id);
		assert.ok(note, `${n}`);
		assert.equal(note.actor.id, id.helper);
		const page = await web.other.get('/notifications');
		assert.match(page.text, /<strong>Hugo Helper<\/strong> asked you a question/);
	});
});

describe('answering, helpful marks, accepting', () => {
	let q, a1, a2;
	before(async () => {
		q = (await ask('other', { title: 'Where do I find the holiday calendar?', body: '#holidays' })).json.id;
	});

	test('answers: 201, counts, time to first answer, the asker notified; errors', async () => {
		let r = await api('helper', 'POST', `/api/v1/questions/${q}/answers`, { body: 'On the HR page.' });
		assert.equal(r.status, 201, `${r}`);
		a1 = r.json.id;
		assert.equal(r.json.kind, 'answer');
		assert.equal(r.json.question_id, q);
		assert.equal(r.json.helpful_count, 0);
		r = await api('mod', 'POST', `/api/v1/questions/${q}/answers`, { body: 'Ask HR.' });
		a2 = r.json.id;
		const g = await api('outsider', 'GET', `/api/v1/questions/${q}`);
		assert.equal(g.json.answer_count, 2);
		assert.ok(g.json.seconds_to_first_answer >= 0);
		assert.match(g.json.first_answer_at, /^\d{4}-/);
		assert.equal(g.json.mine, false);
		assert.equal(g.json.can_answer, true);
		assert.equal(g.json.can_accept, false);
		const n = await api('other', 'GET', '/api/v1/notifications');
		assert.ok(n.json.items.some((x) => x.kind === 'question_answered' && x.post_id === a1 && x.actor.id === id.helper));
		assertApiError(await api('helper', 'POST', `/api/v1/questions/${q}/answers`, { body: '' }), 422, 'invalid', { field: 'body' });
		assertApiError(await api('helper', 'POST', `/api/v1/questions/${q}/answers`, {}), 422, 'invalid', { field: 'body' });
		assertApiError(await api('helper', 'POST', '/api/v1/questions/999999/answers', { body: 'x' }), 404, 'not_found');
		assertApiError(await api('helper', 'POST', `/api/v1/questions/${a1}/answers`, { body: 'x' }), 404, 'not_found');  // an answer is no question
		assertApiError(await api('guest', 'POST', `/api/v1/questions/${q}/answers`, { body: 'x' }), 404, 'not_found');  // cannot see it
		assert.equal((await anon.post(`/api/v1/questions/${q}/answers`, { json: { body: 'x' } })).status, 401);
		// answers are no stream items, and comments on answers work as on posts
		const d = await api('outsider', 'GET', '/api/v1/stream/discover');
		assert.ok(!d.json.items.some((x) => x.kind === 'answer'));
		assert.ok(d.json.items.some((x) => x.id === q));
		assert.equal((await api('other', 'POST', `/api/v1/posts/${a1}/comments`, { text: 'Thanks!' })).status, 201);
	});

	test('helpful: PUT/DELETE 204, one per person, never your own; answers ordered', async () => {
		assert.equal((await api('other', 'PUT', `/api/v1/answers/${a2}/helpful`)).status, 204);
		assert.equal((await api('other', 'PUT', `/api/v1/answers/${a2}/helpful`)).status, 204);  // idempotent
		assert.equal((await api('outsider', 'PUT', `/api/v1/answers/${a2}/helpful`)).status, 204);
		assertApiError(await api('mod', 'PUT', `/api/v1/answers/${a2}/helpful`), 403, 'forbidden');
		assertApiError(await api('mod', 'PUT', `/api/v1/answers/${q}/helpful`), 404, 'not_found');
		assertApiError(await api('guest', 'PUT', `/api/v1/answers/${a2}/helpful`), 404, 'not_found');
		let g = await api('outsider', 'GET', `/api/v1/questions/${q}`);
		assert.deepEqual(g.json.answers.map((x) => [x.id, x.helpful_count, x.helpful_by_me]), [[a2, 2, true], [a1, 0, false]]);
		assert.equal((await api('outsider', 'DELETE', `/api/v1/answers/${a2}/helpful`)).status, 204);
		g = await api('outsider', 'GET', `/api/v1/questions/${q}`);
		assert.equal(g.json.answers[0].helpful_count, 1);
	});

	test('accept: the asker or an admin; the accepted answer first; change and withdraw', async () => {
		assertApiError(await api('helper', 'POST', `/api/v1/answers/${a1}/accept`), 403, 'forbidden');
		let r = await api('other', 'POST', `/api/v1/answers/${a1}/accept`);
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.accepted_answer_id, a1);
		let g = await api('helper', 'GET', `/api/v1/questions/${q}`);
		assert.deepEqual(g.json.answers.map((x) => [x.id, x.accepted]), [[a1, true], [a2, false]]);
		r = await api('admin', 'POST', `/api/v1/answers/${a2}/accept`);
		assert.equal(r.json.accepted_answer_id, a2);
		r = await api('other', 'DELETE', `/api/v1/answers/${a1}/accept`);  // not the accepted one: nothing changes
		assert.equal(r.json.accepted_answer_id, a2);
		r = await api('other', 'DELETE', `/api/v1/answers/${a2}/accept`);
		assert.equal(r.json.accepted_answer_id, null);
		assertApiError(await api('other', 'POST', `/api/v1/answers/${q}/accept`), 404, 'not_found');
		assertApiError(await api('other', 'POST', '/api/v1/answers/999999/accept'), 404, 'not_found');
		assert.equal((await anon.post(`/api/v1/answers/${a1}/accept`)).status, 401);
		g = await api('other', 'GET', '/api/v1/questions/999999');
		assertApiError(g, 404, 'not_found');
		assertApiError(await api('other', 'GET', `/api/v1/questions/${a1}`), 404, 'not_found');
		assert.equal((await anon.get(`/api/v1/questions/${q}`)).status, 401);
	});

	test('queues: unanswered, answered, newest; topic; cursor; errors', async () => {
		const fresh = (await ask('helper', { title: 'Unanswered one here', body: '#holidays too' })).json.id;
		let r = await api('outsider', 'GET', '/api/v1/questions?queue=unanswered');
		assert.equal(r.status, 200);
		assert.ok(r.json.items.some((x) => x.id === fresh));
		assert.ok(!r.json.items.some((x) => x.id === q));
		r = await api('outsider', 'GET', '/api/v1/questions?queue=answered');
		assert.equal(r.json.items[0].id, q);
		assert.ok(!r.json.items.some((x) => x.id === fresh));
		r = await api('outsider', 'GET', '/api/v1/questions?topic=holidays');
		assert.deepEqual(r.json.items.map((x) => x.id), [fresh, q]);
		r = await api('outsider', 'GET', '/api/v1/questions?topic=holidays&limit=1');
		assert.deepEqual(r.json.items.map((x) => x.id), [fresh]);
		assert.ok(r.json.next_cursor);
		r = await api('outsider', 'GET', `/api/v1/questions?topic=holidays&limit=1&cursor=${r.json.next_cursor}`);
		assert.deepEqual(r.json.items.map((x) => x.id), [q]);
		r = await api('outsider', 'GET', '/api/v1/questions?topic=nosuchtopic');
		assert.deepEqual(r.json.items, []);
		assertApiError(await api('outsider', 'GET', '/api/v1/questions?queue=hot'), 400, 'bad_request', { field: 'queue' });
		assertApiError(await api('outsider', 'GET', `/api/v1/questions?topic=${'x'.repeat(300)}`), 400, 'bad_request', { field: 'topic' });
		assertApiError(await api('outsider', 'GET', '/api/v1/questions?cursor=zz'), 400, 'bad_request', { field: 'cursor' });
		assertApiError(await api('outsider', 'GET', '/api/v1/questions?limit=0'), 400, 'bad_request', { field: 'limit' });
		assertApiError(await api('outsider', 'GET', '/api/v1/questions?group_id=x'), 400, 'bad_request', { field: 'group_id' });
		assertApiError(await api('outsider', 'GET', '/api/v1/questions?group_id=999999'), 404, 'not_found');
		assert.equal((await anon.get('/api/v1/questions')).status, 401);
	});

	test('similar questions for a title being typed', async () => {
		let r = await api('outsider', 'GET', `/api/v1/questions/similar?title=${encodeURIComponent('holiday calendar 2026')}`);
		assert.equal(r.status, 200);
		assert.equal(r.json.items[0].id, q);
		assert.equal(r.json.items[0].url, `/questions/${q}`);
		r = await api('outsider', 'GET', '/api/v1/questions/similar?title=the');
		assert.deepEqual(r.json.items, []);
		r = await api('outsider', 'GET', '/api/v1/questions/similar');
		assert.deepEqual(r.json.items, []);
		assertApiError(await api('outsider', 'GET', '/api/v1/questions/similar?title=x&limit=99'), 400, 'bad_request');
	});
});

describe('group questions are private to the group', () => {
	let q, a;
	const secret = `payroll-canary-${tag}`;
	before(async () => {
		const r = await ask('helper', { title: `Payroll cut-off ${secret}`, body: `When? ${secret} #payroll`, group_id: group });
		assert.equal(r.status, 201, `${r}`);
		q = r.json.id;
		assert.equal(r.json.visibility, 'group');
		a = (await api('guest', 'POST', `/api/v1/questions/${q}/answers`, { body: `The 20th ${secret}` })).json.id;
	});

	test('members (the guest too) see it; others get 404 and never the canary', async () => {
		assert.equal((await api('guest', 'GET', `/api/v1/questions/${q}`)).status, 200);
		for (const who of ['outsider', 'other', 'admin']) {
			assertApiError(await api(who, 'GET', `/api/v1/questions/${q}`), 404, 'not_found');
			assertApiError(await api(who, 'POST', `/api/v1/answers/${a}/accept`), 404, 'not_found');
			assertApiError(await api(who, 'PUT', `/api/v1/answers/${a}/helpful`), 404, 'not_found');
			for (const path of ['/api/v1/questions', '/api/v1/questions?queue=answered', '/api/v1/questions?topic=payroll',
				`/api/v1/questions/similar?title=payroll`, '/api/v1/stream/discover', `/api/v1/posts/${a}`])
				assert.ok(!(await api(who, 'GET', path)).text.includes(secret), `${who}: ${path}`);
		}
		assertApiError(await api('outsider', 'GET', `/api/v1/questions?group_id=${group}`), 403, 'forbidden');
		const r = await api('guest', 'GET', `/api/v1/questions?group_id=${group}`);
		assert.deepEqual(r.json.items.map((x) => x.id), [q]);
	});

	test('the group moderator accepts; the asker too; a non-member cannot', async () => {
		const r = await api('mod', 'POST', `/api/v1/answers/${a}/accept`);
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.accepted_answer_id, a);
		assert.equal((await api('helper', 'DELETE', `/api/v1/answers/${a}/accept`)).status, 200);
	});
});

describe('anonymous questions: the asker is shown to no one', () => {
	let q, own, helped;
	const title = `Is it silly to ask this ${tag}`;
	before(async () => {
		const r = await ask('asker', { title, body: `Honest question #onboarding ${mention('helper')}`, anonymous: true, ask: [id.mod] });
		assert.equal(r.status, 201, `${r}`);
		q = r.json.id;
		assert.equal(r.json.mine, true, 'the asker is told it is theirs');
		helped = (await api('helper', 'POST', `/api/v1/questions/${q}/answers`, { body: 'Not silly at all.' })).json.id;
		own = (await api('asker', 'POST', `/api/v1/questions/${q}/answers`, { body: 'Found it myself, too.' })).json.id;
		for (const [post, text] of [[helped, 'Thank you!'], [q, 'Adding context']])
			assert.equal((await api('asker', 'POST', `/api/v1/posts/${post}/comments`, { text })).status, 201);
		for (const post of [helped, q])
			assert.ok((await api('asker', 'PUT', `/api/v1/posts/${post}/reactions/like`)).status < 300);
		assert.equal((await api('asker', 'PUT', `/api/v1/answers/${helped}/helpful`)).status, 204);
		assert.equal((await api('asker', 'POST', `/api/v1/answers/${helped}/accept`)).status, 200);
		assert.equal((await api('asker', 'PATCH', `/api/v1/posts/${q}`, { text: `Honest question, edited #onboarding ${mention('helper')}` })).status, 200);
		await sleep(500);  // the live hub delivers
	});

	// Every trace of the asker: name, profile link, id as author or actor.
	function assertNoAsker(who, text, what) {
		const bad = [U.asker.name, `/people/${id.asker}"`, `/people/${id.asker}/`, `"author_id":${id.asker}`,
			`"id":${id.asker},"name"`, `"person":{"id":${id.asker}`, `data-person-id="${id.asker}"`];
		for (const b of bad) assert.ok(!text.includes(b), `${who} was shown the asker (${b}) in ${what}`);
	}

	test('API, pages and notifications of everyone else name no asker', async () => {
		const apiPaths = [`/api/v1/questions/${q}`, '/api/v1/questions', '/api/v1/questions?queue=answered',
			'/api/v1/questions?topic=onboarding', `/api/v1/questions/similar?title=${encodeURIComponent(title)}`,
			`/api/v1/posts/${q}`, `/api/v1/posts/${own}`, `/api/v1/posts/${helped}`, `/api/v1/posts/${q}/comments`,
			`/api/v1/posts/${helped}/comments`, `/api/v1/posts/${q}/reactions`, `/api/v1/posts/${helped}/reactions`,
			`/api/v1/posts/${q}/revisions`, '/api/v1/stream/discover', '/api/v1/stream/home',
			'/api/v1/topics/onboarding/posts', '/api/v1/notifications?limit=50'];
		// /posts/{id} of a question or answer redirects to /questions/{id} (tests/e2e/question-pages.test.mjs)
		const pages = [`/questions/${q}`, `/posts/${q}/comments/fragment`,
			`/posts/${helped}/comments/fragment`, `/posts/${q}/reactions`, `/posts/${helped}/reactions`, `/posts/${q}/history`,
			'/discover', '/', '/topics/onboarding', '/notifications'];
		for (const who of ['helper', 'other', 'mod', 'admin', 'outsider']) {
			// Hugo follows the asker: the question must not come to him for that reason
			if (who === 'helper') await api('helper', 'POST', `/api/v1/people/${id.asker}/follow`);
			for (const p of apiPaths) {
				const r = await api(who, 'GET', p);
				assert.equal(r.status, 200, `${who} ${p}: ${r}`);
				assertNoAsker(who, r.text, p);
			}
			for (const p of pages) {
				const r = await web[who].get(p);
				assert.equal(r.status, 200, `${who} ${p}: ${r.status}`);
				assertNoAsker(who, r.text, p);
			}
		}
		// what they are shown instead
		const g = await api('other', 'GET', `/api/v1/questions/${q}`);
		assert.deepEqual(g.json.author, { id: null, name: 'Anonymous', anonymous: true });
		assert.equal(g.json.anonymous, true);
		assert.equal(g.json.mine, false);
		assert.equal(g.json.accepted_answer_id, helped);
		const mine = g.json.answers.find((x) => x.id === own);
		assert.deepEqual(mine.author, { id: null, name: 'Anonymous', anonymous: true }, 'the asker answering stays anonymous');
		assert.equal(g.json.answers.find((x) => x.id === helped).author.id, id.helper);
		const page = await web.other.get(`/questions/${q}`);
		assert.match(page.text, /<span class="post-author" id="post-\d+-by">Anonymous<\/span>/);  // the asker's own answer
		const discover = await web.other.get('/discover');
		assert.ok(discover.text.includes(`<span class="post-kind">Question</span> <a href="/questions/${q}">${title}</a></h2>`),
			'streams show the title, linking to the question page');
		// the notifications the asker caused: the mention, the colleague asked, the reply, the reaction
		const n = (await api('helper', 'GET', '/api/v1/notifications?limit=50')).json.items;
		const fromThread = n.filter((x) => [q, helped, own].includes(x.post_id));
		assert.ok(fromThread.some((x) => x.kind === 'mention'), JSON.stringify(n));
		assert.ok(fromThread.some((x) => x.kind === 'reply'));
		for (const x of fromThread.filter((y) => y.kind !== 'question_answered'))
			assert.deepEqual(x.actor, { id: null, name: 'Anonymous', photo: null, anonymous: true });
		const asked = (await api('mod', 'GET', '/api/v1/notifications')).json.items.find((x) => x.kind === 'question_asked');
		assert.deepEqual(asked.actor, { id: null, name: 'Anonymous', photo: null, anonymous: true });
		// Dutch
		const nl = await web.other.get(`/questions/${q}`, { headers: { 'Accept-Language': 'nl' } });
		assertNoAsker('other (nl)', nl.text, `/questions/${q}`);
		assert.match(nl.text, />Anoniem<\/span>/);
		const nlNotes = await web.mod.get('/notifications', { headers: { 'Accept-Language': 'nl' } });
		assert.match(nlNotes.text, /<strong>Anoniem<\/strong> stelde je een vraag/);
	});

	test('the asker\'s profile and person stream do not show the question to others; to the asker they do', async () => {
		for (const who of ['helper', 'other', 'admin']) {
			for (const p of [`/api/v1/people/${id.asker}/posts`, `/api/v1/people/${id.asker}`])
				assert.ok(!(await api(who, 'GET', p)).text.includes(title), `${who}: ${p}`);
			for (const p of [`/people/${id.asker}`, `/people/${id.asker}/posts`])
				assert.ok(!(await web[who].get(p)).text.includes(title), `${who}: ${p}`);
		}
		const self = await api('asker', 'GET', `/api/v1/people/${id.asker}/posts`);
		assert.ok(self.json.items.some((x) => x.id === q));
	});

	test('live events carry no asker', async () => {
		for (const [who, s] of Object.entries(streams)) {
			assert.ok(s.events.length > 0, `${who} got events`);
			for (const e of s.events) assertNoAsker(who, e.data, `event ${e.id} ${e.event}`);
			for (const e of s.json('post').filter((x) => x.post_id === q)) {
				assert.equal(e.author_id, 0);
				if (who === 'helper') assert.equal(e.in_home, false, 'following the asker does not bring it home');
			}
		}
	});

	test('the asker keeps the rules of an author: edit, delete; the audit log keeps who asked', async () => {
		assert.equal((await api('other', 'PATCH', `/api/v1/posts/${q}`, { text: 'hijack' })).status, 403);
		const who = execFileSync('sqlite3', [join(server.dataDir, 'plein.db'),
			`SELECT actor_id FROM audit_log WHERE action = 'question_anonymous' AND subject = 'question ${q}';`], { encoding: 'utf8' }).trim();
		assert.equal(Number(who), id.asker, 'the audit log keeps who asked');
		assert.equal((await api('asker', 'DELETE', `/api/v1/posts/${q}`)).status, 204);
		assertApiError(await api('other', 'GET', `/api/v1/questions/${q}`), 404, 'not_found');
		assertApiError(await api('other', 'GET', `/api/v1/posts/${own}`), 404, 'not_found');  // answers go with it
	});
});
