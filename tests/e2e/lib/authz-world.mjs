// authz-world.mjs — the people, groups and private objects of the
// authorization matrix (tests/e2e/authz-matrix.test.mjs), built through the
// product's own API as real users would, each private object carrying a
// unique canary string, and the table of who may see which canary, written
// from the rules in notes/groups-contract.md and core/visibility.h (never by
// asking the product).
//
// Roles (the viewers):
//   anonymous    no session
//   guest        role guest; a member of the CLOSED group only
//   alumni       role alumni; the alumni group (implicitly) and nothing else
//   member       role member, in no group: the "non-member" of every group
//   gmember      role member; plain member of the open, closed, secret and deleted groups
//   gmod         role member; moderator of those groups
//   gowner       role member; created (owns) those groups; writes the organisation's canary posts
//   admin        role admin; in no group (so secret groups stay hidden from them)
//   deactivated  role member; was a member of every group, mentioned in every post, then deactivated by
//                the admin (PATCH /api/v1/people/{id} status) — uses the session it had
// Objects ("visibilities"): public and organisation posts, posts in the open, closed, secret and
// alumni groups, a deleted post, a post in a group that was deleted. Each has a comment (mentioning
// people), a reaction, an attached text file, mentions (notifications), a #topic, and a scratch
// copy (post + comment) that state-changing routes may edit or delete without spoiling later cells.
//
// Until the group API lands (branches gcore, gposts) the world falls back to SQL for what has no
// route yet: creating groups and members, and moving a post written as an organisation post into
// its group (as /posts/{id}/move would). `world.fallbacks` lists what was done that way.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from './http.mjs';
import { PASSWORD } from './server.mjs';

export const ROLES = ['anonymous', 'guest', 'alumni', 'member', 'gmember', 'gmod', 'gowner', 'admin', 'deactivated'];
const BROWSE = ['member', 'gmember', 'gmod', 'gowner', 'admin'];
const GROUP_MEMBERS = ['gmember', 'gmod', 'gowner'];

// Who may see each visibility's content (posts, comments, files, topics).
export const CONTENT_VIEWERS = {
	public: ROLES,                                   // anyone, signed out too
	organisation: BROWSE,                            // those who browse; not guests, alumni, deactivated
	open: BROWSE,                                    // open group: the organisation (guest is not a member)
	closed: [...GROUP_MEMBERS, 'guest'],             // members only: not the admin, not the non-member
	secret: GROUP_MEMBERS,                           // members only
	alumni: ['alumni'],                              // the alumni group's content: alumni (no member rows)
	deleted: [],                                     // a deleted post: no one
	deletedgroup: [],                                // a post in a deleted group: no one
};
// Who may see that the group exists (its name and about): visibility_can_see_group.
export const GROUP_VIEWERS = {
	open: [...BROWSE],
	closed: [...BROWSE, 'guest'],
	secret: GROUP_MEMBERS,
	alumni: [...BROWSE, 'alumni'],                   // closed; its name is not a canary
	deletedgroup: [],
};
// The live hub judges an event when it happens: the deleted ones were visible before.
export const EVENT_VIEWERS = { ...CONTENT_VIEWERS, deleted: BROWSE, deletedgroup: BROWSE };
export const VISIBILITIES = Object.keys(CONTENT_VIEWERS);
export const GROUP_KINDS = { open: 'open', closed: 'closed', secret: 'secret', deletedgroup: 'open' };

const PEOPLE = {
	admin: { name: 'Ada Admin', role: 'admin' },
	gowner: { name: 'Otto Owner' },
	gmod: { name: 'Mona Moderator' },
	gmember: { name: 'Gijs Groupmember' },
	member: { name: 'Nina Nonmember' },
	guest: { name: 'Gert Guest', role: 'guest' },
	alumni: { name: 'Alma Alumna', role: 'alumni' },
	deactivated: { name: 'Dirk Deactivated' },
	target: { name: 'Tom Target' },          // person routes that change things act on him
	bystander: { name: 'Bas Bystander' },    // his session is the one session routes try to end
};

/** The users for useServer({users}). */
export function worldUsers() {
	return Object.entries(PEOPLE).map(([k, p]) => ({ email: `${k}@example.com`, name: p.name, role: p.role || 'member' }));
}

const rand = () => randomBytes(6).toString('hex');

export class World {
	constructor(server, routes) {
		this.server = server;
		this.routeKeys = new Set(routes.map((r) => r.key));
		this.s = {};            // role → {token, csrf, client, id}
		this.ids = {};          // person key → id
		this.canaries = [];     // {text, vis, part, viewers: [roles]}
		this.objects = {};      // vis → {post, comment, scratch, scratchComment, file: {id, name}, topic, group, notification}
		this.postVis = new Map(); // post id → vis (every post of the world)
		this.fallbacks = [];
		this.moved = new Set(); // posts written as organisation posts and moved into a group by SQL
		this.pendingMoves = [];
	}

	sql(text) {
		return execFileSync('sqlite3', ['-cmd', '.timeout 5000', join(this.server.dataDir, 'plein.db'), text],
			{ encoding: 'utf8' }).trim();
	}

	has(key) { return this.routeKeys.has(key); }

	canary(vis, part, viewers) {
		const text = part === 'topic' ? `canary_${vis}_${rand()}` : `CANARY-${vis}-${part}-${rand()}`;
		this.canaries.push({ text, vis, part, viewers });
		return text;
	}

	async signInAll() {
		for (const k of Object.keys(PEOPLE)) {
			const client = new Client(this.server.url);
			const r = await client.apiSignIn(`${k}@example.com`, PASSWORD);
			this.s[k] = { token: r.token, csrf: r.csrf_token, client, id: r.person.id };
			this.ids[k] = r.person.id;
		}
		const anon = new Client(this.server.url);
		this.s.anonymous = { client: anon, csrf: await anon.csrfFrom('/signin', '/signin') };
		const sessions = await this.api('bystander', 'GET', '/api/v1/sessions');
		this.bystanderSession = sessions.json.items.find((x) => x.current).id;
	}

	async api(who, method, path, json, { expect } = {}) {
		const r = await this.s[who].client.request(method, path, { bearer: this.s[who].token, json });
		if (expect) assert.equal(r.status, expect, `${who}: ${method} ${path}: ${r}`);
		return r;
	}

	mention(k) { return `@[${PEOPLE[k].name}](/people/${this.ids[k]})`; }

	// ---- groups ----

	async makeGroup(vis) {
		const kind = GROUP_KINDS[vis];
		const name = this.canary(vis, 'group', GROUP_VIEWERS[vis]);
		const about = this.canary(vis, 'about', GROUP_VIEWERS[vis]);
		let id;
		if (this.has('POST /api/v1/groups')) {
			const r = await this.api('gowner', 'POST', '/api/v1/groups', { name, kind, about }, { expect: 201 });
			id = r.json.id;
		} else {
			this.fallbacks.push(`group ${vis} created by SQL`);
			id = Number(this.sql(`INSERT INTO groups(name, name_key, kind, about, about_html, created_by, created_at, updated_at, member_count)
				VALUES ('${name}', lower('${name}'), '${kind}', '${about}', '<p>${about}</p>', ${this.ids.gowner},
				strftime('%s','now'), strftime('%s','now'), 1) RETURNING id;`));
			this.sql(`INSERT INTO group_members(group_id, person_id, role, joined_at) VALUES (${id}, ${this.ids.gowner}, 'owner', strftime('%s','now'));`);
		}
		const members = [['gmod', 'moderator'], ['gmember', 'member'], ['deactivated', 'member'], ['target', 'member']];
		if (vis === 'closed') members.push(['guest', 'member']);
		for (const [k, role] of members) await this.addMember(id, k, role);
		return id;
	}

	async addMember(group, k, role) {
		const pid = this.ids[k];
		if (this.has('POST /api/v1/groups/{id}/members')) {
			const r = await this.api('gowner', 'POST', `/api/v1/groups/${group}/members`, { person_id: pid, role });
			assert.ok(r.status === 201 || r.status === 200, `add ${k} to group ${group}: ${r}`);
			if (role !== 'member') {
				const m = await this.api('gowner', 'GET', `/api/v1/groups/${group}/members`);
				const row = (m.json.items || []).find((x) => (x.person?.id ?? x.id) === pid);
				if (row && row.role === role) return;
				if (this.has('PATCH /api/v1/groups/{id}/members/{person_id}')) {
					await this.api('gowner', 'PATCH', `/api/v1/groups/${group}/members/${pid}`, { role }, { expect: 200 });
					return;
				}
				this.fallbacks.push(`role ${role} of ${k} set by SQL`);
				this.sql(`UPDATE group_members SET role = '${role}' WHERE group_id = ${group} AND person_id = ${pid};`);
			}
			return;
		}
		this.fallbacks.push(`${k} added to group ${group} by SQL`);
		this.sql(`INSERT INTO group_members(group_id, person_id, role, joined_at) VALUES (${group}, ${pid}, '${role}', strftime('%s','now'));
			UPDATE groups SET member_count = member_count + 1 WHERE id = ${group};`);
	}

	// ---- posts ----

	/** Can posts be written into a group through the API yet? (a probe post in the open group) */
	async probeGroupPosts(gid) {
		const r = await this.api('gowner', 'POST', '/api/v1/posts', { text: 'matrix probe', group_id: gid });
		if (r.status === 201) {
			this.postVis.set(r.json.id, 'open');
			return true;
		}
		assert.ok(r.status === 422 && /group/.test(r.text), `POST /api/v1/posts with group_id: ${r}`);
		return false;
	}

	/** A post by writer; in group gid through the API, else written in the organisation and moved at moveAll(). */
	async post(vis, writer, body, gid) {
		if (gid && !this.groupPosts) {
			const w = await this.api(writer, 'POST', '/api/v1/posts', { ...body, visibility: 'organisation' }, { expect: 201 });
			this.pendingMoves.push([w.json.id, gid, vis]);
			return w.json.id;
		}
		const r = await this.api(writer, 'POST', '/api/v1/posts', gid ? { ...body, group_id: gid } : body, { expect: 201 });
		return r.json.id;
	}

	moveAll() {
		for (const [id, gid, vis] of this.pendingMoves) {
			this.sql(`UPDATE posts SET group_id = ${gid}, visibility = 'group' WHERE id = ${id};`);
			this.fallbacks.push(`post ${id} (${vis}) written in the organisation, moved into its group by SQL`);
			this.moved.add(id);
		}
		this.pendingMoves = [];
	}

	async upload(who, name, text) {
		const r = await this.s[who].client.request('POST', `/api/v1/attachments?name=${encodeURIComponent(name)}`,
			{ bearer: this.s[who].token, body: Buffer.from(text), headers: { 'Content-Type': 'text/plain' } });
		return r.status === 201 ? r.json : null;  // alumni cannot upload (yet?)
	}

	/** After signInAll (the live streams open in between, to see every event). */
	async build() {
		const groups = {};
		for (const vis of ['open', 'closed', 'secret', 'deletedgroup']) groups[vis] = await this.makeGroup(vis);
		groups.alumni = Number(this.sql("SELECT id FROM groups WHERE special = 'alumni';"));
		this.groupPosts = await this.probeGroupPosts(groups.open);
		this.pendingMoves = [];
		// articles first (older than the posts, so the streams' first pages still show every
		// post): a canary title and text and a scratch copy, public, organisation or in the group
		const articles = {};
		for (const vis of VISIBILITIES) {
			const writer = vis === 'alumni' && this.groupPosts ? 'alumni' : 'gowner';
			const c = (part) => this.canary(vis, part, CONTENT_VIEWERS[vis]);
			const o = { group: groups[vis] ?? null };
			// an article (canary title and text) and a scratch copy: public, organisation or in the group
			o.article = o.scratchArticle = null;
			if (this.has('POST /api/v1/articles')) {
				for (const part of ['article', 'scratcharticle']) {
					const ac = c(part);
					const body = { title: `${ac} title`, body: `${ac} text` };
					if (vis === 'public') body.visibility = 'public';
					if (o.group) body.group_id = o.group;
					const r = await this.api(writer, 'POST', '/api/v1/articles', body);
					const aid = r.status === 201 ? r.json.id : null;
					if (part === 'article') o.article = aid;
					else o.scratchArticle = aid;
					if (aid) this.postVis.set(aid, vis);
				}
			}
			articles[vis] = o;
		}
		for (const vis of VISIBILITIES) {
			const viewers = CONTENT_VIEWERS[vis];
			// alumni write in their group once posts take group_id; until then the owner writes it
			const writer = vis === 'alumni' && this.groupPosts ? 'alumni' : 'gowner';
			const c = (part) => this.canary(vis, part, viewers);
			const o = { group: groups[vis] ?? null, file: null };
			const postC = c('post'), commentC = c('comment'), fileC = c('file');
			o.topic = c('topic');
			const file = await this.upload(writer, `matrix-${vis}.txt`, `${fileC}\n`);
			if (file) o.file = { id: file.id, name: file.name };
			const mentions = ['member', 'guest', 'alumni', 'admin', 'gmember', 'deactivated'].map((k) => this.mention(k)).join(' ');
			const body = { text: `${postC} #${o.topic} ${mentions}` };
			if (file) body.attachments = [file.id];
			if (vis === 'public') body.visibility = 'public';
			if (vis === 'organisation') Object.assign(body, { kind: 'praise', badge: 'helpful', praised: [this.ids.member, this.ids.gmember] });
			o.post = await this.post(vis, writer, body, o.group);
			o.comment = await this.comment(writer, o.post, `${commentC} ${this.mention('member')} ${this.mention('gmember')}`);
			await this.api(writer, 'PUT', `/api/v1/posts/${o.post}/reactions/tada`, undefined, { expect: 200 });
			o.scratch = await this.post(vis, writer, { text: `${c('scratch')} #${o.topic}` }, o.group);
			o.scratchComment = await this.comment(writer, o.scratch, c('scratchcomment'));
			for (const id of [o.post, o.scratch]) this.postVis.set(id, vis);
			// a group page with a canary in its title and text (and a scratch one for the writes)
			o.page = o.scratchPage = null;
			if (o.group && this.has('POST /api/v1/groups/{id}/pages')) {
				for (const part of ['page', 'scratchpage']) {
					const pc = c(part);
					const r = await this.api(writer, 'POST', `/api/v1/groups/${o.group}/pages`,
						{ title: `${pc} title`, text: `${pc} text` }, { expect: 201 });
					o[part === 'page' ? 'page' : 'scratchPage'] = r.json.id;
				}
			}
			// a question (canary title and text) with an answer, and scratch copies; questions are
			// never public, so the public visibility has none (its cells are skipped)
			o.question = o.answer = o.scratchQuestion = o.scratchAnswer = null;
			if (vis !== 'public' && this.has('POST /api/v1/questions')) {
				for (const part of ['question', 'scratchquestion']) {
					const qc = c(part);
					const q = await this.api(writer, 'POST', '/api/v1/questions',
						{ title: `${qc} title`, body: `${qc} #${o.topic}`, group_id: o.group }, { expect: 201 });
					const a = await this.api(writer, 'POST', `/api/v1/questions/${q.json.id}/answers`,
						{ body: c(part === 'question' ? 'answer' : 'scratchanswer') }, { expect: 201 });
					if (part === 'question') [o.question, o.answer] = [q.json.id, a.json.id];
					else [o.scratchQuestion, o.scratchAnswer] = [q.json.id, a.json.id];
					for (const id of [q.json.id, a.json.id]) this.postVis.set(id, vis);
				}
			}
			o.article = articles[vis].article;
			o.scratchArticle = articles[vis].scratchArticle;
			this.objects[vis] = o;
		}
		// a draft of the bystander's (drafts are their author's only: no role may see it)
		this.draft = null;
		if (this.has('POST /api/v1/articles')) {
			const r = await this.api('bystander', 'POST', '/api/v1/articles',
				{ title: `${this.canary('deleted', 'draft', [])} title`, body: 'draft text', visibility: 'public', draft: true }, { expect: 201 });
			this.draft = r.json.draft_id;
		}
		this.moveAll();
		// events up to here about moved posts were about organisation posts
		this.movedAtEvent = Number(this.sql('SELECT coalesce(max(id), 0) FROM events;'));
		for (const id of [this.objects.deleted.post, this.objects.deleted.scratch,
			this.objects.deleted.question, this.objects.deleted.scratchQuestion,
			this.objects.deleted.article, this.objects.deleted.scratchArticle].filter(Boolean))
			await this.api('gowner', 'DELETE', `/api/v1/posts/${id}`, undefined, { expect: 204 });  // a question's answers go with it
		if (this.has('DELETE /api/v1/groups/{id}')) {
			await this.api('gowner', 'DELETE', `/api/v1/groups/${groups.deletedgroup}`, undefined, { expect: 204 });
		} else {
			this.fallbacks.push('group deletedgroup deleted by SQL');
			this.sql(`UPDATE groups SET deleted_at = strftime('%s','now') WHERE id = ${groups.deletedgroup};`);
		}
		// the notification each object's mention made for gmember (a route opens it)
		const n = await this.api('gmember', 'GET', '/api/v1/notifications?limit=50', undefined, { expect: 200 });
		const mentions = n.json.items.filter((x) => x.kind === 'mention' && !x.comment_id);
		for (const vis of VISIBILITIES) {
			const o = this.objects[vis];
			o.notification = (mentions.find((x) => x.post_id === o.post) || mentions.find((x) => x.post_id === null) || n.json.items[0]).id;
		}
		// an invitation for the admin routes
		const inv = await this.api('admin', 'POST', '/api/v1/invitations', { emails: ['invitee@example.com'] }, { expect: 201 });
		this.invitation = inv.json.items[0].id;
		// a saved search and a board column of the bystander: nobody else may use their ids
		const saved = await this.api('bystander', 'POST', '/api/v1/searches', { name: 'Bystander search', q: 'matrix' }, { expect: 201 });
		this.bystanderSearch = saved.json.id;
		const col = await this.api('bystander', 'POST', '/api/v1/board/columns', { kind: 'search', ref: saved.json.id }, { expect: 201 });
		this.bystanderColumn = col.json.id;
		// deactivate last: the deactivated viewer keeps the session it had; until here it was a group member
		this.deactivatedAtEvent = Number(this.sql('SELECT coalesce(max(id), 0) FROM events;'));
		await this.api('admin', 'PATCH', `/api/v1/people/${this.ids.deactivated}`, { status: 'deactivated' }, { expect: 200 });
	}

	async comment(who, post, text) {
		const r = await this.api(who, 'POST', `/api/v1/posts/${post}/comments`, { text });
		assert.equal(r.status, 201, `comment on ${post} as ${who}: ${r}`);
		return r.json.id;
	}

	/** Canaries role must not see. */
	forbidden(role) {
		return this.canaries.filter((c) => !c.viewers.includes(role));
	}
}
