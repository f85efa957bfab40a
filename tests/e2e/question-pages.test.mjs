// question-pages.test.mjs — the question web pages: /questions (queues as
// tabs, topic and group filters, "More", empty states), /questions/new and
// its POST (errors as 422 with a human message, suggestions without
// JavaScript, anonymous asking, colleagues asked), /questions/{id} (answers
// with the accepted one first, helpful, accept, comments on answers, the
// answer form), the redirects from /posts/{id}, the leaderboards, the
// profile's reputation lines, the "answer accepted" notification, the
// reputation API; every route's errors (404, 403, CSRF); and the anonymity
// canary on every new page.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { useServer, PASSWORD } from './lib/server.mjs';
import { Client, assertApiError, parseForms } from './lib/http.mjs';

const tag = randomBytes(4).toString('hex');
const U = {
	asker: { email: 'asker@qp.example', name: `Zenobia Verborgen${tag}`, role: 'member' },
	helper: { email: 'helper@qp.example', name: 'Hugo Helper', role: 'member' },
	other: { email: 'other@qp.example', name: 'Olga Other', role: 'member' },
	mod: { email: 'mod@qp.example', name: 'Mo Moderator', role: 'member' },
	outsider: { email: 'out@qp.example', name: 'Otto Outsider', role: 'member' },
	guest: { email: 'guest@qp.example', name: 'Gert Guest', role: 'guest' },
	admin: { email: 'admin@qp.example', name: 'Ada Admin', role: 'admin' },
};
const server = useServer({ users: Object.values(U) });

const tok = {}, id = {}, web = {};
let anon, group;
const api = (who, method, path, json) => anon.request(method, path, { bearer: tok[who], json });
const ask = (who, json) => api(who, 'POST', '/api/v1/questions', json);

/** POST a form of `page` (the one posting to `action`) with fields, its _csrf included. */
async function submit(who, page, action, fields) {
	const r = await web[who].get(page);
	assert.equal(r.status, 200, `GET ${page}: ${r.status}`);
	const form = parseForms(r.text).find((f) => f.action === action);
	assert.ok(form, `no form to ${action} on ${page}`);
	return web[who].post(action, { form: { _csrf: form.values._csrf, ...fields } });
}

/** The 422 page's message (a human sentence) is in the page. */
function assertMessage(r, status, re) {
	assert.equal(r.status, status, `${r.status}: ${r.text.slice(0, 300)}`);
	assert.match(r.text, re);
}

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
	const g = await api('mod', 'POST', '/api/v1/groups', { name: 'Finance circle', kind: 'closed' });
	assert.equal(g.status, 201, `${g}`);
	group = g.json.id;
	for (const k of ['helper', 'guest'])
		assert.ok((await api('mod', 'POST', `/api/v1/groups/${group}/members`, { person_id: id[k] })).status < 300);
});

describe('/questions: queues, filters, paging, empty states', () => {
	test('empty: the empty state and the ask button', async () => {
		const r = await web.other.get('/questions');
		assert.equal(r.status, 200);
		assert.match(r.text, /No questions yet/);
		assert.match(r.text, /href="\/questions\/new"/);
		const nl = await web.other.get('/questions', { headers: { 'Accept-Language': 'nl' } });
		assert.match(nl.text, /Stel een vraag/);
		const u = await web.other.get('/questions?queue=unanswered');
		assert.match(u.text, /Every question has an answer/);
	});

	test('tabs, topics, answer counts, time to first answer, group filter, More', async () => {
		const q1 = (await ask('helper', { title: 'How do I claim travel costs?', body: 'Form? #expenses' })).json.id;
		const q2 = (await ask('other', { title: 'Where is the coffee machine manual?', body: '#facilities' })).json.id;
		const qg = (await ask('helper', { title: 'Budget for the finance circle', body: '#expenses', group_id: group })).json.id;
		assert.equal((await api('other', 'POST', `/api/v1/questions/${q1}/answers`, { body: 'Use the form.' })).status, 201);
		let r = await web.outsider.get('/questions');
		assert.equal(r.status, 200);
		assert.ok(r.text.indexOf(`/questions/${q2}"`) < r.text.indexOf(`/questions/${q1}"`), 'newest first');
		assert.ok(!r.text.includes(`/questions/${qg}"`), 'a closed group\'s question is not listed for outsiders');
		assert.match(r.text, /How do I claim travel costs\?/);
		assert.match(r.text, /#expenses/);
		assert.match(r.text, /First answer (within a minute|after)/);
		assert.match(r.text, /Hugo Helper/);
		r = await web.outsider.get('/questions?queue=unanswered');
		assert.ok(r.text.includes(`/questions/${q2}"`));
		assert.ok(!r.text.includes(`/questions/${q1}"`));
		assert.match(r.text, /aria-current="page">Unanswered/);
		r = await web.outsider.get('/questions?queue=answered');
		assert.ok(r.text.includes(`/questions/${q1}"`));
		assert.ok(!r.text.includes(`/questions/${q2}"`));
		r = await web.outsider.get('/questions?topic=facilities');
		assert.ok(r.text.includes(`/questions/${q2}"`));
		assert.ok(!r.text.includes(`/questions/${q1}"`));
		r = await web.outsider.get('/questions?topic=nosuchtopic');
		assert.match(r.text, /No questions here yet/);
		r = await web.helper.get(`/questions?group=${group}`);
		assert.equal(r.status, 200);
		assert.ok(r.text.includes(`/questions/${qg}"`));
		assert.ok(!r.text.includes(`/questions/${q1}"`));
		assert.match(r.text, new RegExp(`href="/questions/new\\?group=${group}"`));
		// paging: 22 more questions, 20 a page
		for (let i = 0; i < 22; i++) assert.equal((await ask('mod', { title: `Paging question number ${i}`, body: '#paging' })).status, 201);
		r = await web.outsider.get('/questions?topic=paging');
		const more = r.text.match(/href="(\/questions\?queue=newest&amp;topic=paging&amp;cursor=\d+)"/);
		assert.ok(more, 'a More link');
		const next = await web.outsider.get(more[1].replace(/&amp;/g, '&'));
		assert.equal(next.status, 200);
		assert.match(next.text, /Paging question number 1\b/);
		assert.match(next.text, /Paging question number 0\b/);
		assert.ok(!next.text.includes('Paging question number 21'));
	});

	test('errors: bad links 400, unknown group 404, a group not readable 403, signed out to sign-in', async () => {
		assert.equal((await web.other.get('/questions?queue=hot')).status, 400);
		assert.equal((await web.other.get('/questions?cursor=zz')).status, 400);
		assert.equal((await web.other.get('/questions?group=x')).status, 400);
		assert.equal((await web.other.get('/questions?group=999999')).status, 404);
		assert.equal((await web.outsider.get(`/questions?group=${group}`)).status, 403);
		const r = await anon.get('/questions');
		assert.ok([302, 303].includes(r.status), `${r.status}`);
	});
});

describe('/questions/new and asking', () => {
	test('the form: title, details, group preselected, anonymous with its explanation, colleagues', async () => {
		const r = await web.helper.get(`/questions/new?group=${group}`);
		assert.equal(r.status, 200);
		assert.match(r.text, /name="title"/);
		assert.match(r.text, /name="text"/);
		assert.match(r.text, new RegExp(`<option value="${group}" selected>Finance circle</option>`));
		assert.match(r.text, /Ask anonymously/);
		assert.match(r.text, /Only moderation can still find out who asked: it is kept in the audit log/);
		assert.match(r.text, /Ask colleagues/);
		assert.match(r.text, /questions\.js/);
		const nl = await web.helper.get('/questions/new', { headers: { 'Accept-Language': 'nl' } });
		assert.match(nl.text, /Anoniem vragen/);
		assert.equal((await web.helper.get('/questions/new?group=abc')).status, 400);
		// a guest may ask in their groups only: the form offers their group and no organisation
		const g = await web.guest.get('/questions/new');
		assert.equal(g.status, 200);
		assert.ok(!g.text.includes('The whole organisation'));
	});

	test('POST: 422 with a human message for a bad title, empty details, a colleague who cannot see it', async () => {
		let r = await submit('helper', '/questions/new', '/questions', { title: 'Why?', text: 'x' });
		assertMessage(r, 422, /The title needs at least 5 characters/);
		assert.match(r.text, /value="Why\?"/, 'the form keeps what was typed');
		r = await submit('helper', '/questions/new', '/questions', { title: 'A good title here', text: '   ' });
		assert.equal(r.status, 422);
		assert.match(r.text, /class="field-error"/);
		r = await submit('helper', '/questions/new', '/questions', { title: 'A good title here', text: 'x', group_id: String(group), ask: String(id.outsider) });
		assertMessage(r, 422, /Ask colleagues who can see the question/);
		r = await submit('helper', '/questions/new', '/questions', { title: 'A good title here', text: 'x', ask: 'abc' });
		assertMessage(r, 422, /Ask colleagues who can see the question/);
		const nl = await web.helper.post('/questions', { form: { _csrf: (await web.helper.csrfFrom('/questions/new', '/questions')), title: 'Why?', text: 'x' }, headers: { 'Accept-Language': 'nl' } });
		assert.equal(nl.status, 422);
		assert.ok(!/The title needs at least 5 characters/.test(nl.text), 'in Dutch');
		assert.equal((await submit('outsider', '/questions/new', '/questions', { title: 'A good title here', text: 'x', group_id: String(group) })).status, 403);
		assert.equal((await submit('helper', '/questions/new', '/questions', { title: 'A good title here', text: 'x', group_id: '999999' })).status, 404);
		assert.equal((await submit('guest', '/questions/new', '/questions', { title: 'A good title here', text: 'x' })).status, 403);
	});

	test('CSRF: a POST without the token is refused and writes nothing', async () => {
		const before = (await api('helper', 'GET', '/api/v1/questions?limit=50')).json.items.length;
		const r = await web.helper.post('/questions', { form: { title: 'No token question', text: 'x' } });
		assert.equal(r.status, 403);
		const after = (await api('helper', 'GET', '/api/v1/questions?limit=50')).json.items.length;
		assert.equal(after, before);
	});

	test('without JavaScript: "Suggest colleagues" shows who knows the title\'s words and similar questions', async () => {
		// Olga lists a skill: "who knows X" finds her for a title about it
		assert.equal((await api('other', 'PATCH', '/api/v1/me', { skills: ['Kubernetes'] })).status, 200);
		const r = await submit('helper', '/questions/new', '/questions', { title: 'Kubernetes travel costs', text: '', suggest: '1' });
		assert.equal(r.status, 200, r.text.slice(0, 300));
		assert.match(r.text, new RegExp(`name="ask" value="${id.other}"`));
		assert.match(r.text, /Olga Other/);
		assert.match(r.text, /Similar questions/);
		assert.match(r.text, /How do I claim travel costs\?/);
	});

	test('POST: a question with colleagues asked → 303 to its page, the colleague notified', async () => {
		const r = await submit('helper', '/questions/new', '/questions', { title: 'Who owns the printer budget?', text: 'Asking #printers', ask: String(id.other) });
		assert.equal(r.status, 303, r.text.slice(0, 300));
		const loc = r.headers.get('location');
		assert.match(loc, /^\/questions\/\d+$/);
		const page = await web.other.get(loc);
		assert.equal(page.status, 200);
		assert.match(page.text, /Your question is published|Who owns the printer budget\?/);
		assert.match(page.text, /Asked colleagues:/);
		assert.match(page.text, /Olga Other/);
		const n = await api('other', 'GET', '/api/v1/notifications');
		assert.ok(n.json.items.some((x) => x.kind === 'question_asked' && `/questions/${x.post_id}` === loc));
	});
});

describe('/questions/{id}: answers, helpful, accept, comments', () => {
	let q, a1, a2;
	before(async () => {
		q = (await ask('other', { title: 'Which VPN client do we use?', body: 'For #remote work' })).json.id;
	});

	test('the answer form: 422 with a message, then 303 to the answer; accepted first; helpful; accept; notified', async () => {
		let r = await submit('helper', `/questions/${q}`, `/questions/${q}/answers`, { text: '  ' });
		assert.equal(r.status, 422);
		assert.match(r.text, /id="answer-error"/);
		r = await submit('helper', `/questions/${q}`, `/questions/${q}/answers`, { text: 'The blue one.' });
		assert.equal(r.status, 303);
		a1 = Number(r.headers.get('location').match(/#answer-(\d+)$/)[1]);
		r = await submit('mod', `/questions/${q}`, `/questions/${q}/answers`, { text: 'WireGuard.' });
		a2 = Number(r.headers.get('location').match(/#answer-(\d+)$/)[1]);
		// helpful: on by another colleague, never on your own (no button)
		let page = await web.outsider.get(`/questions/${q}`);
		assert.match(page.text, new RegExp(`action="/answers/${a2}/helpful"`));
		r = await submit('outsider', `/questions/${q}`, `/answers/${a2}/helpful`, { on: '1' });
		assert.equal(r.status, 303);
		// the page's script asks for the fresh buttons instead (X-Fragment): withdraw and mark again
		const csrf = await web.outsider.csrfFrom(`/questions/${q}`, `/answers/${a2}/helpful`);
		r = await web.outsider.post(`/answers/${a2}/helpful`, { form: { _csrf: csrf, on: '0' }, headers: { 'X-Fragment': '1' } });
		assert.equal(r.status, 200);
		assert.match(r.text, /^<div class="answer-actions" id="answer-actions-\d+">/);
		assert.match(r.text, /aria-pressed="false">Helpful <span class="count">0<\/span>/);
		r = await web.outsider.post(`/answers/${a2}/helpful`, { form: { _csrf: csrf, on: '1' }, headers: { 'X-Fragment': '1' } });
		assert.match(r.text, /aria-pressed="true">Helpful <span class="count">1<\/span>/);
		page = await web.mod.get(`/questions/${q}`);
		assert.ok(!page.text.includes(`action="/answers/${a2}/helpful"`), 'no Helpful button on your own answer');
		r = await web.mod.postForm(`/answers/${a2}/helpful`, { on: '1' }, { csrfPage: `/questions/${q}` });
		assertMessage(r, 403, /You cannot mark your own answer as helpful/);
		page = await web.outsider.get(`/questions/${q}`);
		assert.ok(page.text.indexOf(`id="answer-${a2}"`) < page.text.indexOf(`id="answer-${a1}"`), 'more helpful first');
		assert.match(page.text, /aria-pressed="true">Helpful <span class="count">1<\/span>/);
		// accept: only the asker (and moderators, admins); the accepted one first and marked
		assert.ok(!page.text.includes(`action="/answers/${a1}/accept"`));
		r = await web.outsider.postForm(`/answers/${a1}/accept`, { on: '1' }, { csrfPage: `/questions/${q}` });
		assertMessage(r, 403, /Only the asker/);
		r = await submit('other', `/questions/${q}`, `/answers/${a1}/accept`, { on: '1' });
		assert.equal(r.status, 303);
		assert.equal(r.headers.get('location'), `/questions/${q}#answer-${a1}`);
		page = await web.outsider.get(`/questions/${q}`);
		assert.ok(page.text.indexOf(`id="answer-${a1}"`) < page.text.indexOf(`id="answer-${a2}"`), 'accepted first');
		assert.match(page.text, /Accepted answer/);
		assert.match(page.text, /First answer/);
		const n = await api('helper', 'GET', '/api/v1/notifications');
		assert.ok(n.json.items.some((x) => x.kind === 'answer_accepted' && x.post_id === a1 && x.actor.id === id.other));
		const notes = await web.helper.get('/notifications');
		assert.match(notes.text, /<strong>Olga Other<\/strong> accepted your answer/);
		// withdraw
		r = await submit('other', `/questions/${q}`, `/answers/${a1}/accept`, { on: '0' });
		assert.equal(r.status, 303);
		assert.ok(!(await web.outsider.get(`/questions/${q}`)).text.includes('Accepted answer'));
	});

	test('comments on an answer: the form, 422 kept on the question page, 303 back to it', async () => {
		let r = await submit('outsider', `/questions/${q}`, `/posts/${a1}/comments`, { text: '' });
		assert.equal(r.status, 422);
		assert.match(r.text, /Which VPN client do we use\?/, 'the question page again');
		assert.match(r.text, new RegExp(`id="comment-error-${a1}"`));
		r = await submit('outsider', `/questions/${q}`, `/posts/${a1}/comments`, { text: 'Works for me too.' });
		assert.equal(r.status, 303);
		assert.match(r.headers.get('location'), new RegExp(`^/questions/${q}#comment-\\d+$`));
		const page = await web.helper.get(`/questions/${q}`);
		assert.match(page.text, /Works for me too\./);
		// replying in that thread: the reply link's page opens the form under the answer
		const cid = r.headers.get('location').match(/comment-(\d+)$/)[1];
		const reply = await web.helper.get(`/questions/${q}?reply=${cid}`);
		assert.match(reply.text, new RegExp(`action="/posts/${a1}/comments" id="reply-${cid}"`));
		assert.match(reply.text, new RegExp(`name="parent_id" value="${cid}"`));
		r = await web.helper.post(`/posts/${a1}/comments`, { form: { _csrf: await web.helper.csrfFrom(`/questions/${q}`), parent_id: cid, text: 'Same here.' } });
		assert.equal(r.status, 303);
	});

	test('/posts/{id} of a question and of an answer lead to the question page; streams link there', async () => {
		let r = await web.outsider.get(`/posts/${q}`);
		assert.equal(r.status, 303);
		assert.equal(r.headers.get('location'), `/questions/${q}`);
		r = await web.outsider.get(`/posts/${a1}`);
		assert.equal(r.status, 303);
		assert.equal(r.headers.get('location'), `/questions/${q}#answer-${a1}`);
		r = await web.outsider.get(`/posts/${a1}?reply=5`);
		assert.equal(r.headers.get('location'), `/questions/${q}?reply=5#answer-${a1}`);
		const d = await web.outsider.get('/discover');
		assert.match(d.text, new RegExp(`<a href="/questions/${q}">Which VPN client do we use\\?</a>`));
	});

	test('errors: unknown or hidden ids 404, answers on a non-question 404, CSRF 403, signed out', async () => {
		assert.equal((await web.other.get('/questions/999999')).status, 404);
		assert.equal((await web.other.get(`/questions/${a1}`)).status, 404);
		assert.equal((await web.other.get('/questions/abc')).status, 404);
		const qg = (await ask('helper', { title: 'Closed circle question', body: 'x', group_id: group })).json.id;
		const ag = (await api('helper', 'POST', `/api/v1/questions/${qg}/answers`, { body: 'y' })).json.id;
		assert.equal((await web.outsider.get(`/questions/${qg}`)).status, 404);
		const csrf = await web.outsider.csrfFrom('/questions');
		for (const path of [`/questions/${qg}/answers`, `/answers/${ag}/accept`, `/answers/${ag}/helpful`, '/answers/999999/accept',
			`/answers/${q}/helpful`, '/questions/999999/answers'])
			assert.equal((await web.outsider.post(path, { form: { _csrf: csrf, text: 'x' } })).status, 404, path);
		for (const path of [`/questions/${q}/answers`, `/answers/${a1}/accept`, `/answers/${a1}/helpful`])
			assert.equal((await web.outsider.post(path, { form: { text: 'x', on: '1' } })).status, 403, `CSRF ${path}`);
		assert.ok([302, 303].includes((await anon.get(`/questions/${q}`)).status));
	});
});

describe('reputation: profile lines, leaderboards, API', () => {
	test('the profile says "Answered N questions on #topic"; the leaderboards list the top only', async () => {
		const q = (await ask('other', { title: 'Expense deadline for December?', body: '#expenses' })).json.id;
		const a = (await api('helper', 'POST', `/api/v1/questions/${q}/answers`, { body: 'The 15th.' })).json.id;
		assert.equal((await api('other', 'POST', `/api/v1/answers/${a}/accept`)).status, 200);
		const p = await web.outsider.get(`/people/${id.helper}`);
		assert.match(p.text, /Answered \d+ questions? on <a class="chip" href="\/questions\?queue=answered&amp;topic=expenses">#expenses<\/a>/);
		const nl = await web.outsider.get(`/people/${id.helper}`, { headers: { 'Accept-Language': 'nl' } });
		assert.match(nl.text, /vra(ag|gen) beantwoord over/);
		let l = await web.outsider.get('/questions/leaders');
		assert.equal(l.status, 200);
		assert.match(l.text, /Hugo Helper/);
		const board = l.text.slice(l.text.indexOf('<ol class="leaders'), l.text.indexOf('</ol>', l.text.indexOf('<ol class="leaders')));
		assert.ok(board.includes(`/people/${id.helper}"`));
		for (const who of ['outsider', 'guest', 'admin'])
			assert.ok(!board.includes(`/people/${id[who]}"`), `never the bottom: ${who} has no score`);
		l = await web.outsider.get('/questions/leaders?topic=expenses');
		assert.equal(l.status, 200);
		assert.match(l.text, /Most helpful on/);
		assert.match(l.text, /Hugo Helper/);
		assert.equal((await web.outsider.get('/questions/leaders?topic=nosuchtopic')).status, 404);
		assert.equal((await web.guest.get('/questions/leaders')).status, 403);
		// the API
		const r = await api('outsider', 'GET', `/api/v1/people/${id.helper}/reputation`);
		assert.equal(r.status, 200, `${r}`);
		assert.ok(r.json.total.answered >= 1);
		assert.ok(r.json.total.accepted >= 1);
		assert.ok(r.json.topics.some((t) => t.topic === 'expenses' && t.accepted >= 1));
		const lb = await api('outsider', 'GET', '/api/v1/questions/leaders?topic=expenses');
		assert.equal(lb.status, 200);
		assert.equal(lb.json.items[0].person.id, id.helper);
		assert.equal(lb.json.items[0].rank, 1);
		assert.equal(lb.json.topic.name, 'expenses');
		assertApiError(await api('outsider', 'GET', '/api/v1/questions/leaders?topic=nosuchtopic'), 404, 'not_found');
		assertApiError(await api('outsider', 'GET', '/api/v1/questions/leaders?limit=0'), 400, 'bad_request');
		assertApiError(await api('outsider', 'GET', '/api/v1/people/999999/reputation'), 404, 'not_found');
		assert.equal((await api('guest', 'GET', `/api/v1/people/${id.helper}/reputation`)).status, 403);
		assert.equal((await anon.get('/api/v1/questions/leaders')).status, 401);
	});
});

describe('anonymity canary on the question pages', () => {
	let q, own, helped;
	const title = `A quiet question about salaries ${tag}`;
	before(async () => {
		const r = await submit('asker', '/questions/new', '/questions', { title, text: 'Honest #salaries question', anonymous: '1', ask: String(id.mod) });
		assert.equal(r.status, 303, r.text.slice(0, 300));
		q = Number(r.headers.get('location').split('/').pop());
		helped = Number((await submit('helper', `/questions/${q}`, `/questions/${q}/answers`, { text: 'Ask HR.' })).headers.get('location').match(/answer-(\d+)/)[1]);
		own = Number((await submit('asker', `/questions/${q}`, `/questions/${q}/answers`, { text: 'Found it, thanks.' })).headers.get('location').match(/answer-(\d+)/)[1]);
		assert.equal((await submit('asker', `/questions/${q}`, `/posts/${helped}/comments`, { text: 'Thank you!' })).status, 303);
		assert.equal((await submit('asker', `/questions/${q}`, `/answers/${helped}/helpful`, { on: '1' })).status, 303);
		assert.equal((await submit('asker', `/questions/${q}`, `/answers/${helped}/accept`, { on: '1' })).status, 303);
	});

	function assertNoAsker(who, text, what) {
		const bad = [U.asker.name, `/people/${id.asker}"`, `/people/${id.asker}/`, `"id":${id.asker},`];
		for (const b of bad) assert.ok(!text.includes(b), `${who} was shown the asker (${b}) in ${what}`);
	}

	test('no page about the question names the asker; they read "Anonymous colleague"', async () => {
		const pages = [`/questions/${q}`, '/questions', '/questions?queue=answered', '/questions?topic=salaries',
			'/questions/leaders?topic=salaries'];
		for (const who of ['helper', 'other', 'mod', 'admin', 'outsider']) {
			for (const p of pages) {
				const r = await web[who].get(p);
				assert.equal(r.status, 200, `${who} ${p}`);
				assertNoAsker(who, r.text, p);
			}
		}
		const page = await web.other.get(`/questions/${q}`);
		assert.match(page.text, /Anonymous colleague/);
		assert.ok(!page.text.includes('You asked this anonymously'));
		const list = await web.other.get('/questions?topic=salaries');
		assert.match(list.text, /<span class="question-asker">Anonymous colleague<\/span>/);
		assert.match(page.text, /Colleagues asked by name: 1/, 'whom an anonymous asker asked is only counted');
		assert.ok(!page.text.includes('Asked colleagues:'));
		const nl = await web.other.get(`/questions/${q}`, { headers: { 'Accept-Language': 'nl' } });
		assertNoAsker('other (nl)', nl.text, 'nl');
		assert.match(nl.text, /Anonieme collega/);
		// the asker is told, and no one else
		const mine = await web.asker.get(`/questions/${q}`);
		assert.match(mine.text, /You asked this anonymously/);
	});

	test('the asker\'s reputation and profile show nothing of the anonymous question', async () => {
		for (const who of ['helper', 'other', 'admin']) {
			const p = await web[who].get(`/people/${id.asker}`);
			assert.ok(!p.text.includes(title), `${who}: the profile`);
			const r = await api(who, 'GET', `/api/v1/people/${id.asker}/reputation`);
			// her own (anonymous) answer, accepted by herself, counts for nothing
			assert.deepEqual(r.json.total, { answered: 0, accepted: 0, helpful: 0, score: 0 }, `${r}`);
			assert.deepEqual(r.json.topics, []);
		}
		// the one she helped is recognised on the topic's leaderboard
		const l = await api('other', 'GET', '/api/v1/questions/leaders?topic=salaries');
		assert.deepEqual(l.json.items.map((x) => x.person.id), [id.helper]);
		assert.equal(l.json.items[0].total.accepted, 1);
		assert.equal(l.json.items[0].total.helpful, 1);
	});
});
