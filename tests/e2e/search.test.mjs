// Search end to end: GET /api/v1/search and /search/suggest and the /search
// page against a real plein. Dutch and English words meet through their
// stems, diacritics and typos are forgiven, snippets are marked and
// escaped, and a canary in a secret group, organisation posts for a guest,
// and deleted posts never come back — not as a hit, not as a cursor.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, PASSWORD } from './lib/server.mjs';
import { Client, assertApiError, RFC3339_UTC } from './lib/http.mjs';

const USERS = {
	ada: { email: 'ada@example.com', name: 'Ada Admin', role: 'admin' },
	mem: { email: 'mem@example.com', name: 'Meg Member' },
	out: { email: 'out@example.com', name: 'Otto Outsider' },
	gus: { email: 'gus@example.com', name: 'Gus Guest', role: 'guest' },
};
const server = useServer({ users: Object.values(USERS) });
const CANARY = 'zwaluwcanary';

let c;
const tok = {};
const ids = {};
const web = {};
const posts = {};
const as = (who) => ({
	get: (path) => c.get(path, { bearer: tok[who] }),
	post: (path, json) => c.post(path, { bearer: tok[who], json }),
	del: (path) => c.delete(path, { bearer: tok[who] }),
});
const search = async (who, query) => {
	const r = await as(who).get(`/api/v1/search?${new URLSearchParams(query)}`);
	assert.equal(r.status, 200, String(r));
	return r.json;
};

async function post(who, body) {
	const r = await as(who).post('/api/v1/posts', body);
	assert.equal(r.status, 201, String(r));
	return r.json.id;
}

before(async () => {
	await server.ready;
	c = new Client(server.url);
	for (const [k, u] of Object.entries(USERS)) {
		tok[k] = (await new Client(server.url).apiSignIn(u.email, PASSWORD)).token;
		ids[k] = (await c.get('/api/v1/me', { bearer: tok[k] })).json.id;
		web[k] = new Client(server.url);
		await web[k].signIn(u.email, PASSWORD);
	}
	posts.fiets = await post('mem', { text: 'Mijn fiets staat bij de ingang van het kantoor.' });
	posts.translation = await post('mem', { text: 'The translation of the annual report is finished.' });
	posts.subsidie = await post('mem', { text: 'Nieuwe subsidie aangevraagd voor het innovatieproject.' });
	posts.prive = await post('mem', { text: 'Een privé kwestie met <b>vette</b> letters & tekens.' });
	posts.public = await post('mem', { text: 'Open dag in de bibliotheek, iedereen welkom.', visibility: 'public' });
	const g = await as('mem').post('/api/v1/groups', { name: 'Project Nachtegaal', kind: 'secret' });
	assert.equal(g.status, 201, String(g));
	posts.secret = await post('mem', { text: `Codenaam ${CANARY} en de fiets.`, group_id: g.json.id });
});

describe('GET /api/v1/search', () => {
	test('Dutch and English meet through stems; items have the contract shape', async () => {
		const r = await search('out', { q: 'fietsen' });
		assert.equal(r.items.length, 1, JSON.stringify(r));
		const hit = r.items[0];
		assert.equal(hit.kind, 'post');
		assert.equal(hit.id, posts.fiets);
		assert.equal(hit.title, 'Mijn fiets staat bij de ingang van het kantoor.');
		assert.equal(hit.url, `/posts/${posts.fiets}`);
		assert.match(hit.snippet, /fiets/);
		assert.match(hit.snippet_html, /<mark>fiets<\/mark>/);
		assert.match(hit.created_at, RFC3339_UTC);
		assert.equal(r.next_cursor, null);
		assert.equal(r.corrected, null);
		assert.equal((await search('out', { q: 'translate' })).items[0].id, posts.translation);
		assert.equal((await search('out', { q: 'prive' })).items[0].id, posts.prive);
	});

	test('a typo finds the word, and says which word it searched', async () => {
		const r = await search('out', { q: 'subsidei' });
		assert.equal(r.items[0].id, posts.subsidie);
		assert.equal(r.corrected, 'subsidie');
	});

	test('snippets are plain text, and their HTML is escaped before it is marked', async () => {
		const hit = (await search('out', { q: 'vette' })).items[0];
		assert.equal(hit.id, posts.prive);
		assert.match(hit.snippet, /<b>vette<\/b>/, 'plain text as written');
		assert.ok(!hit.snippet_html.includes('<b>'), hit.snippet_html);
		assert.match(hit.snippet_html, /&lt;b&gt;<mark>vette<\/mark>&lt;\/b&gt;/);
		assert.match(hit.snippet_html, /&amp; tekens/);
	});

	test('people have a name, not a title; kind filters', async () => {
		const r = await search('out', { q: 'meg', kind: 'person' });
		assert.equal(r.items.length, 1);
		assert.equal(r.items[0].name, 'Meg Member');
		assert.equal(r.items[0].title, undefined);
		assert.equal(r.items[0].url, `/people/${ids.mem}`);
		assert.equal((await search('out', { q: 'fiets', kind: 'person,group' })).items.length, 0);
	});

	test('a secret group\'s post: only its member finds it, and no one else counts it', async () => {
		const mine = await search('mem', { q: CANARY });
		assert.deepEqual(mine.items.map((i) => i.id), [posts.secret]);
		assert.equal(mine.items[0].group_id !== undefined, true);
		for (const who of ['out', 'gus', 'ada']) {
			const r = await search(who, { q: CANARY });
			assert.deepEqual(r.items, [], who);
			assert.equal(r.next_cursor, null, who);
			assert.equal(r.corrected, null, who);
			assert.ok(!JSON.stringify(r).includes(CANARY), who);
		}
		// "fiets" is in the secret post and an organisation post: one hit, no next page
		const one = await search('out', { q: 'fiets', limit: '1' });
		assert.deepEqual(one.items.map((i) => i.id), [posts.fiets]);
		assert.equal(one.next_cursor, null);
		const two = await search('mem', { q: 'fiets', limit: '1' });
		assert.equal(two.items.length, 1);
		assert.ok(two.next_cursor);
		const rest = await search('mem', { q: 'fiets', limit: '1', cursor: two.next_cursor });
		assert.equal(rest.items.length, 1);
		assert.notEqual(rest.items[0].id, two.items[0].id);
	});

	test('a guest finds public posts, not the organisation\'s', async () => {
		assert.deepEqual((await search('gus', { q: 'fiets' })).items, []);
		assert.deepEqual((await search('gus', { q: 'bibliotheek' })).items.map((i) => i.id), [posts.public]);
	});

	test('a deleted post is gone from search at once', async () => {
		const id = await post('mem', { text: 'Tijdelijk bericht over kruimeldief.' });
		assert.equal((await search('out', { q: 'kruimeldief' })).items.length, 1);
		const d = await as('mem').del(`/api/v1/posts/${id}`);
		assert.ok(d.status === 204 || d.status === 200, String(d));
		assert.deepEqual((await search('out', { q: 'kruimeldief' })).items, []);
	});

	test('what cannot be searched is 400 with the field; signed out is 401', async () => {
		assertApiError(await as('out').get('/api/v1/search'), 400, 'bad_request', { field: 'q' });
		assertApiError(await as('out').get('/api/v1/search?q=%20'), 400, 'bad_request', { field: 'q' });
		assertApiError(await as('out').get(`/api/v1/search?q=${'a'.repeat(201)}`), 400, 'bad_request', { field: 'q' });
		assertApiError(await as('out').get('/api/v1/search?q=x&kind=posts'), 400, 'bad_request', { field: 'kind' });
		assertApiError(await as('out').get('/api/v1/search?q=x&cursor=zz'), 400, 'bad_request', { field: 'cursor' });
		assertApiError(await as('out').get('/api/v1/search?q=x&limit=51'), 400, 'bad_request', { field: 'limit' });
		assertApiError(await as('out').get('/api/v1/search?q=x&since=2024-13-01'), 400, 'bad_request',
			{ field: 'since' });
		assertApiError(await as('out').get('/api/v1/search?q=x&group=-1'), 400, 'bad_request', { field: 'group' });
		assertApiError(await c.get('/api/v1/search?q=fiets'), 401, 'unauthenticated');
		// FTS5 syntax is only text
		const r = await search('out', { q: 'fiets* OR NEAR("a" b) col:umn -' });
		assert.ok(Array.isArray(r.items));
	});

	test('as you type: names and titles, the last word a prefix; no facets', async () => {
		const r = await as('out').get('/api/v1/search/suggest?q=Meg%20Mem');
		assert.equal(r.status, 200, String(r));
		assert.deepEqual(r.json.items.map((i) => [i.kind, i.id]), [['person', ids.mem]]);
		assert.equal(r.json.items[0].snippet, '');
		assert.equal(r.json.facets, undefined);
		// a post's text is for /search, not for suggestions
		assert.deepEqual((await as('out').get('/api/v1/search/suggest?q=transl')).json.items, []);
		const empty = await as('out').get('/api/v1/search/suggest?q=');
		assert.deepEqual(empty.json.items, []);
	});

	test('facets: visible hits per kind, whatever kind was asked for', async () => {
		const r = await search('mem', { q: 'fiets' });
		assert.equal(r.facets.kinds.post, 2);
		assert.equal(r.facets.kinds.person, 0);
		assert.equal(r.facets.capped, false);
		assert.deepEqual(Object.keys(r.facets.kinds).sort(), ['answer', 'article', 'comment', 'group', 'group_file',
			'group_page', 'person', 'post', 'question', 'topic']);
		const out = await search('out', { q: 'fiets', kind: 'group' });
		assert.deepEqual(out.items, []);
		assert.equal(out.facets.kinds.post, 1, 'the secret group\'s post is not counted');
		const none = await search('out', { q: CANARY });
		assert.ok(Object.values(none.facets.kinds).every((n) => n === 0), JSON.stringify(none.facets));
	});

	test('questions and answers are kinds; an anonymous asker is never found by author', async () => {
		const q = await as('mem').post('/api/v1/questions', {
			title: 'Waar vind ik de parkeervergunning?', body: 'Voor de garage onder het kantoor.', anonymous: true,
		});
		assert.equal(q.status, 201, String(q));
		const a = await as('out').post(`/api/v1/questions/${q.json.id}/answers`, { body: 'De parkeervergunning staat bij Facilitair.' });
		assert.equal(a.status, 201, String(a));
		const r = await search('ada', { q: 'parkeervergunning' });
		const kinds = Object.fromEntries(r.items.map((i) => [i.kind, i]));
		assert.equal(kinds.question.id, q.json.id);
		assert.equal(kinds.question.title, 'Waar vind ik de parkeervergunning?');
		assert.equal(kinds.question.url, `/questions/${q.json.id}`);
		assert.equal(kinds.answer.id, a.json.id);
		assert.equal(kinds.answer.question_id, q.json.id);
		assert.equal(kinds.answer.url, `/questions/${q.json.id}#answer-${a.json.id}`);
		assert.ok(!JSON.stringify(r).includes('Meg'), 'the asker is nowhere');
		const byMeg = await search('ada', { q: 'parkeervergunning', author: String(ids.mem) });
		assert.deepEqual(byMeg.items, []);
		assert.ok(Object.values(byMeg.facets.kinds).every((n) => n === 0));
		const byOtto = await search('ada', { q: 'parkeervergunning', author: String(ids.out) });
		assert.deepEqual(byOtto.items.map((i) => i.kind), ['answer']);
		const onlyQ = await search('ada', { q: 'parkeervergunning', kind: 'question' });
		assert.deepEqual(onlyQ.items.map((i) => i.id), [q.json.id]);
	});
});

describe('the /search page', () => {
	test('one box, marked snippets, escaped text, and no hidden hits', async () => {
		const r = await web.out.get('/search?q=vette');
		assert.equal(r.status, 200, String(r));
		assert.match(r.text, /<input[^>]+name="q"[^>]+value="vette"/);
		assert.match(r.text, /&lt;b&gt;<mark>vette<\/mark>&lt;\/b&gt;/);
		assert.ok(!r.text.includes('<b>vette</b>'));
		assert.match(r.text, new RegExp(`href="/posts/${posts.prive}"`));
		const hidden = await web.out.get(`/search?q=${CANARY}`);
		assert.equal(hidden.status, 200);
		assert.ok(!hidden.text.includes(`/posts/${posts.secret}"`));
		assert.match(hidden.text, /Nothing found/);
		const guest = await web.gus.get('/search?q=bibliotheek');
		assert.equal(guest.status, 200);
		assert.match(guest.text, new RegExp(`href="/posts/${posts.public}"`));
		// facets: links with counts of visible hits; filters keep what was asked
		const f = await web.mem.get('/search?q=fiets&since=2020-01-01');
		assert.match(f.text, /class="search-facets"/);
		assert.match(f.text, /href="\/search\?q=fiets&amp;kind=post&amp;since=2020-01-01"[^>]*>Posts <span class="search-facet-count">2<\/span>/);
		assert.match(f.text, /<details class="search-filters" open>/);
		const fo = await web.out.get('/search?q=fiets');
		assert.match(fo.text, />Posts <span class="search-facet-count">1<\/span>/);
		// the top bar's box: a plain GET form, a combobox
		assert.match(fo.text, /<form class="topsearch" method="get" action="\/search" role="search"/);
		assert.match(fo.text, /role="combobox"[^>]*aria-expanded="false"/);
		const anon = await c.get('/search?q=fiets');
		assert.equal(anon.status, 303, String(anon));
	});
});
