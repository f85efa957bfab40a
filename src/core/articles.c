/* articles.c — articles (see articles.h): drafts in `article_drafts`,
 * publishing through posts_create_in with the `articles` row in one
 * transaction, the scheduler's tick, edits, and the blog lists (every SQL
 * statement on both tables lives here). */
#include "core/articles.h"
#include "core/expertise.h"
#include "core/attachments.h"
#include "core/events.h"
#include "core/groups.h"
#include "core/search.h"
#include "core/i18n.h"
#include "core/visibility.h"
#include "lib/strbuf.h"
#include "lib/utf8.h"
#include <stdlib.h>
#include <time.h>

#define PUBLISH_AT_MAX_AHEAD ((int64_t)2 * 366 * 24 * 3600)

const char *articles_title_error(const char *title)
{
	if (!title)
		return N_("Give the article a title.");
	size_t chars;
	const char *error = posts_title_error(title, &chars);
	if (error)
		return error;
	if (chars == 0)
		return N_("Give the article a title.");
	if (chars > ARTICLE_TITLE_MAX)
		return N_("The title can have at most 200 characters.");
	return NULL;
}

const char *articles_excerpt(struct pool *p, const char *html, size_t max)
{
	/* text between tags, entities decoded, white space collapsed */
	struct strbuf sb;
	strbuf_init(&sb, 4 * max + 16);
	size_t chars = 0;
	bool space = false, cut = false;
	for (const char *s = html; *s && !cut; s++) {
		if (*s == '<') {
			const char *end = strchr(s, '>');
			if (!end)
				break;
			s = end;
			space = sb.len > 0;
			continue;
		}
		char c = *s;
		if (c == '&') {
			static const struct { const char *name; char c; } ents[] = {
				{ "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' }, { "&quot;", '"' }, { "&#39;", '\'' },
			};
			size_t k = 0;
			for (; k < sizeof ents / sizeof *ents; k++)
				if (!strncmp(s, ents[k].name, strlen(ents[k].name)))
					break;
			if (k < sizeof ents / sizeof *ents) {
				c = ents[k].c;
				s += strlen(ents[k].name) - 1;
			}
		}
		if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
			space = sb.len > 0;
			continue;
		}
		if ((c & 0xc0) != 0x80) {  /* a new character */
			if (chars + (space ? 1 : 0) >= max) {
				cut = true;
				break;
			}
			if (space) {
				strbuf_addch(&sb, ' ');
				chars++;
			}
			space = false;
			chars++;
		}
		strbuf_addch(&sb, c);
	}
	if (cut)
		strbuf_addstr(&sb, "…");
	const char *out = pool_strdup(p, sb.buf ? sb.buf : "");
	strbuf_release(&sb);
	return out;
}

/* Where the article goes: the visibility and group (normalised), and may
 * the author write there. */
static int check_place(struct db *db, struct pool *p, const struct person *author, const struct article_input *in,
                       const char **vis, const char **msg, const char **field)
{
	*field = "visibility";
	*vis = in->visibility && *in->visibility ? in->visibility : in->group_id ? "group" : "organisation";
	if (strcmp(*vis, "organisation") && strcmp(*vis, "public") && strcmp(*vis, "group")) {
		*msg = "Visibility must be organisation, public or group.";
		return PLEIN_INVALID;
	}
	if ((strcmp(*vis, "group") == 0) != (in->group_id != 0)) {
		*msg = in->group_id ? N_("An article in a group is visible to the group (visibility group).")
		                    : N_("Choose the group to publish in.");
		return PLEIN_INVALID;
	}
	if (in->group_id) {
		struct group *g;
		int rc = groups_get(db, p, in->group_id, &g);
		if (rc == PLEIN_NOTFOUND || (rc == PLEIN_OK && (g->deleted_at || !visibility_can_see_group(author, g)))) {
			*msg = N_("There is no such group.");
			return PLEIN_INVALID;
		}
		if (rc)
			return rc;
		if (!visibility_can_post_in_group(author, g)) {
			*msg = N_("You cannot write in this group.");
			return PLEIN_DENIED;
		}
	} else if (!visibility_can_post(author)) {
		*msg = N_("You cannot write articles for the organisation.");
		return PLEIN_DENIED;
	}
	return PLEIN_OK;
}

/* The cover must be the author's own image upload, not used elsewhere. */
static int check_cover(struct db *db, struct pool *p, const struct person *author, int64_t cover_id,
                       const char **msg, const char **field)
{
	if (!cover_id)
		return PLEIN_OK;
	*field = "cover";
	struct attachment *a;
	int rc = cover_id > 0 ? attachments_get(db, p, cover_id, &a) : PLEIN_NOTFOUND;
	if (rc == PLEIN_NOTFOUND || (rc == PLEIN_OK && (a->owner_id != author->id || a->post_id || a->comment_id ||
	                                                a->group_id))) {
		*msg = N_("The cover image was not found: upload it again.");
		return PLEIN_INVALID;
	}
	if (rc)
		return rc;
	if (!attachment_is_image(a)) {
		*msg = N_("The cover must be an image (JPEG, PNG, WebP or GIF).");
		return PLEIN_INVALID;
	}
	return PLEIN_OK;
}

static int check_input(struct db *db, struct pool *p, const struct person *author, const struct article_input *in,
                       bool draft, int64_t now, const char **vis, const char **msg, const char **field)
{
	*msg = NULL;
	const char *title = in->title ? in->title : "", *body = in->body ? in->body : "";
	*field = "title";
	if ((!draft || *title) && (*msg = articles_title_error(title)))
		return PLEIN_INVALID;
	*field = "body";
	if (!draft || *body) {
		if ((*msg = posts_text_error(body, ARTICLE_TEXT_MAX)))
			return PLEIN_INVALID;
	}
	if (draft && !*posts_title_trim(p, title) && !*body) {
		*field = "title";
		*msg = N_("Write a title or some text first.");
		return PLEIN_INVALID;
	}
	*field = "publish_at";
	if (in->publish_at && !draft) {
		*msg = "Only a draft can be scheduled.";
		return PLEIN_INVALID;
	}
	if (in->publish_at && (in->publish_at <= now || in->publish_at > now + PUBLISH_AT_MAX_AHEAD)) {
		*msg = N_("Choose a publication time in the future (at most two years ahead).");
		return PLEIN_INVALID;
	}
	int rc = check_place(db, p, author, in, vis, msg, field);
	if (rc == PLEIN_OK)
		rc = check_cover(db, p, author, in->cover_id, msg, field);
	return rc;
}

int articles_draft_save(struct db *db, struct pool *p, const struct person *author, int64_t draft_id,
                        const struct article_input *in, int64_t now, int64_t *id_out, const char **msg,
                        const char **field)
{
	const char *vis;
	int rc = check_input(db, p, author, in, true, now, &vis, msg, field);
	if (rc != PLEIN_OK)
		return rc;
	const char *title = posts_title_trim(p, in->title ? in->title : ""), *body = in->body ? in->body : "";
	if ((rc = db_begin(db)) != PLEIN_OK)
		return rc;
	if (draft_id) {
		rc = db_exec(db, "UPDATE article_drafts SET title = ?, body = ?, cover_attachment_id = NULLIF(?, 0), "
		                 "visibility = ?, group_id = NULLIF(?, 0), publish_at = NULLIF(?, 0), publish_error = NULL, "
		                 "updated_at = ? WHERE id = ? AND author_id = ?",
		             "ssisiiiii", title, body, in->cover_id, vis, in->group_id, in->publish_at, now, draft_id,
		             author->id);
		if (rc == PLEIN_OK && db_changes(db) == 0)
			rc = PLEIN_NOTFOUND;
		*id_out = draft_id;
	} else {
		int64_t count = 0;
		rc = db_query_int(db, &count, "SELECT count(*) FROM article_drafts WHERE author_id = ?", "i", author->id);
		if (rc == PLEIN_OK && count >= ARTICLE_DRAFTS_MAX) {
			*msg = N_("You have 100 drafts already: publish or delete some first.");
			rc = PLEIN_TOOBIG;
		}
		if (rc == PLEIN_OK)
			rc = db_exec(db, "INSERT INTO article_drafts(author_id, title, body, cover_attachment_id, visibility, "
			                 "group_id, publish_at, created_at, updated_at) "
			                 "VALUES (?, ?, ?, NULLIF(?, 0), ?, NULLIF(?, 0), NULLIF(?, 0), ?, ?)",
			             "issisiiii", author->id, title, body, in->cover_id, vis, in->group_id, in->publish_at, now,
			             now);
		*id_out = db_last_insert_id(db);
	}
	if (rc == PLEIN_OK)
		rc = db_commit(db);
	if (rc != PLEIN_OK)
		db_rollback(db);
	return rc;
}

#define DRAFT_COLS "id, author_id, title, body, coalesce(cover_attachment_id, 0), visibility, coalesce(group_id, 0), " \
	"coalesce(publish_at, 0), publish_error, created_at, updated_at"

static void read_draft(struct db_stmt *st, struct pool *p, struct article_draft *d)
{
	d->id = db_col_int(st, 0);
	d->author_id = db_col_int(st, 1);
	d->title = pool_strdup(p, db_col_text(st, 2));
	d->body = pool_strdup(p, db_col_text(st, 3));
	d->cover_id = db_col_int(st, 4);
	d->visibility = pool_strdup(p, db_col_text(st, 5));
	d->group_id = db_col_int(st, 6);
	d->publish_at = db_col_int(st, 7);
	d->publish_error = db_col_null(st, 8) ? NULL : pool_strdup(p, db_col_text(st, 8));
	d->created_at = db_col_int(st, 9);
	d->updated_at = db_col_int(st, 10);
}

int articles_draft_get(struct db *db, struct pool *p, int64_t author_id, int64_t id, struct article_draft **out)
{
	struct db_stmt *st = db_prepare(db, "SELECT " DRAFT_COLS " FROM article_drafts WHERE id = ? AND author_id = ?");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, author_id);
	int step = db_step(st);
	if (step == DB_ROW) {
		*out = pool_zalloc(p, sizeof **out);
		read_draft(st, p, *out);
	}
	db_done(st);
	return step == DB_ROW ? PLEIN_OK : step == DB_DONE ? PLEIN_NOTFOUND : PLEIN_ERROR;
}

int articles_drafts(struct db *db, struct pool *p, int64_t author_id, struct article_draft **out, size_t *n)
{
	*n = 0;
	*out = pool_zalloc(p, ARTICLE_DRAFTS_MAX * sizeof **out);
	struct db_stmt *st = db_prepare(db, "SELECT " DRAFT_COLS " FROM article_drafts WHERE author_id = ? "
	                                    "ORDER BY publish_at IS NULL, publish_at, updated_at DESC, id DESC LIMIT ?");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, author_id);
	db_bind_int(st, 2, ARTICLE_DRAFTS_MAX);
	int step;
	while ((step = db_step(st)) == DB_ROW)
		read_draft(st, p, &(*out)[(*n)++]);
	db_done(st);
	return step == DB_DONE ? PLEIN_OK : PLEIN_ERROR;
}

int articles_draft_delete(struct db *db, int64_t author_id, int64_t id)
{
	/* the cover is unclaimed again: the sweep takes it after a day */
	int rc = db_exec(db, "DELETE FROM article_drafts WHERE id = ? AND author_id = ?", "ii", id, author_id);
	if (rc == PLEIN_OK && db_changes(db) == 0)
		rc = PLEIN_NOTFOUND;
	return rc;
}

/* Inside the caller's transaction: the post, its cover, the articles row. */
static int publish_in(struct db *db, struct pool *p, const struct person *author, const struct article_input *in,
                      int64_t *post_id, const char **msg, const char **field)
{
	int64_t now = (int64_t)time(NULL);
	const char *vis;
	int rc = check_input(db, p, author, in, false, now, &vis, msg, field);
	if (rc != PLEIN_OK)
		return rc;
	struct post_input pin = {
		.text = in->body, .kind = "article", .title = posts_title_trim(p, in->title), .visibility = vis,
		.group_id = in->group_id, .attachments = in->cover_id ? &in->cover_id : NULL,
		.n_attachments = in->cover_id ? 1 : 0,
	};
	*field = "body";
	if ((rc = posts_create_in(db, p, author, &pin, post_id, msg)) != PLEIN_OK)
		return rc;
	return db_exec(db, "INSERT INTO articles(post_id, cover_attachment_id, published_at) VALUES (?, NULLIF(?, 0), ?)",
	               "iii", *post_id, in->cover_id, now);
}

int articles_publish(struct db *db, struct pool *p, const struct person *author, const struct article_input *in,
                     int64_t *post_id_out, const char **msg, const char **field)
{
	int rc = db_begin(db);
	if (rc != PLEIN_OK)
		return rc;
	if ((rc = publish_in(db, p, author, in, post_id_out, msg, field)) != PLEIN_OK || (rc = db_commit(db)) != PLEIN_OK) {
		db_rollback(db);
		return rc;
	}
	events_poke();
	return PLEIN_OK;
}

int articles_draft_publish(struct db *db, struct pool *p, const struct person *author, int64_t draft_id,
                           int64_t *post_id_out, const char **msg, const char **field)
{
	*msg = NULL;
	int rc = db_begin(db);
	if (rc != PLEIN_OK)
		return rc;
	struct article_draft *d;
	if ((rc = articles_draft_get(db, p, author->id, draft_id, &d)) != PLEIN_OK)
		goto fail;
	struct article_input in = {
		.title = d->title, .body = d->body, .visibility = d->visibility, .group_id = d->group_id,
		.cover_id = d->cover_id,
	};
	if ((rc = publish_in(db, p, author, &in, post_id_out, msg, field)) != PLEIN_OK)
		goto fail;
	if ((rc = db_exec(db, "DELETE FROM article_drafts WHERE id = ?", "i", draft_id)) != PLEIN_OK ||
	    (rc = db_commit(db)) != PLEIN_OK)
		goto fail;
	events_poke();
	return PLEIN_OK;
fail:
	db_rollback(db);
	return rc;
}

int articles_tick(struct db *db, int64_t now, int64_t *published)
{
	*published = 0;
	struct db_stmt *st = db_prepare(db, "SELECT id FROM article_drafts WHERE publish_at IS NOT NULL AND publish_at <= ? "
	                                    "ORDER BY publish_at, id LIMIT ?");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, ARTICLES_TICK_BATCH);
	int64_t *ids = NULL;
	size_t n = 0;
	int rc = db_step_ids(st, &ids, &n);
	for (size_t i = 0; rc == PLEIN_OK && i < n; i++) {
		struct pool *p = pool_new();
		int64_t author_id = 0, post_id;
		const char *msg = NULL, *field = NULL;
		rc = db_query_int(db, &author_id, "SELECT author_id FROM article_drafts WHERE id = ?", "i", ids[i]);
		struct person *author = NULL;
		if (rc == PLEIN_OK)
			rc = visibility_person_get(db, p, author_id, &author);
		if (rc == PLEIN_OK && strcmp(author->status, "active") != 0) {
			msg = N_("The author's account is deactivated.");
			rc = PLEIN_DENIED;
		}
		if (rc == PLEIN_OK)
			rc = articles_draft_publish(db, p, author, ids[i], &post_id, &msg, &field);
		if (rc == PLEIN_OK)
			(*published)++;
		else if (rc == PLEIN_NOTFOUND)  /* deleted or published meanwhile */
			rc = PLEIN_OK;
		else if (rc == PLEIN_INVALID || rc == PLEIN_DENIED || rc == PLEIN_TOOBIG)
			/* stays a draft: the author sees why and schedules again */
			rc = db_exec(db, "UPDATE article_drafts SET publish_at = NULL, publish_error = ? WHERE id = ?", "si",
			             msg ? msg : N_("The article could not be published."), ids[i]);
		pool_free(p);
	}
	free(ids);
	return rc;
}

int articles_load(struct db *db, struct pool *p, const int64_t *ids, size_t n, struct article **out, size_t *n_out)
{
	*n_out = 0;
	struct post *posts;
	size_t np;
	int rc = posts_load(db, p, ids, n, &posts, &np);
	if (rc != PLEIN_OK)
		return rc;
	*out = pool_zalloc(p, (np ? np : 1) * sizeof **out);
	struct db_stmt *st = db_prepare(db, "SELECT coalesce(cover_attachment_id, 0), published_at FROM articles "
	                                    "WHERE post_id = ?");
	if (!st)
		return PLEIN_ERROR;
	for (size_t i = 0; i < np; i++) {
		if (strcmp(posts[i].kind, "article") != 0)
			continue;
		db_bind_int(st, 1, posts[i].id);
		int step = db_step(st);
		struct article *a = &(*out)[*n_out];
		a->post = posts[i];
		a->published_at = posts[i].created_at;
		if (step == DB_ROW) {
			a->cover_id = db_col_int(st, 0);
			a->published_at = db_col_int(st, 1);
		} else if (step != DB_DONE) {
			db_done(st);
			return PLEIN_ERROR;
		}
		db_done(st);
		(*n_out)++;
	}
	return PLEIN_OK;
}

int articles_get(struct db *db, struct pool *p, int64_t id, struct article **out)
{
	size_t n;
	int rc = articles_load(db, p, &id, 1, out, &n);
	return rc != PLEIN_OK ? rc : n == 1 ? PLEIN_OK : PLEIN_NOTFOUND;
}

int articles_edit(struct db *db, struct pool *p, const struct person *editor, int64_t id, const char *title,
                  const char *body, int64_t cover_id, const char **msg, const char **field)
{
	*msg = NULL;
	*field = "title";
	if ((*msg = articles_title_error(title)))
		return PLEIN_INVALID;
	*field = "cover";
	int rc = cover_id > 0 ? check_cover(db, p, editor, cover_id, msg, field) : PLEIN_OK;
	if (rc != PLEIN_OK)
		return rc;
	if ((rc = db_begin(db)) != PLEIN_OK)
		return rc;
	struct article *a;
	bool changed = false;
	if ((rc = articles_get(db, p, id, &a)) != PLEIN_OK)
		goto fail;
	if (a->post.deleted_at) {
		rc = PLEIN_NOTFOUND;
		goto fail;
	}
	*field = "body";
	if ((rc = posts_edit_in(db, p, editor, id, body, &changed, msg)) != PLEIN_OK)
		goto fail;
	const char *t = posts_title_trim(p, title);
	if (strcmp(t, a->post.title ? a->post.title : "") != 0) {
		int64_t now = (int64_t)time(NULL);
		/* the title's words are searched and are "who knows X" evidence */
		if ((rc = db_exec(db, "UPDATE posts SET title = ?, edited_at = ? WHERE id = ?", "sii", t, now, id)) ||
		    (rc = search_index_post(db, id)) || (rc = expertise_reindex(db, a->post.owner_id)))
			goto fail;
		if (!changed && (rc = events_add(db, "post_edited", id, 0, 0)))
			goto fail;
		changed = true;
	}
	if (cover_id && cover_id != a->cover_id) {
		*field = "cover";
		if (cover_id > 0 && (rc = attachments_claim(db, editor->id, &cover_id, 1, id, 0, msg)))
			goto fail;
		/* the row first: it references the old cover (foreign key) */
		if ((rc = db_exec(db, "UPDATE articles SET cover_attachment_id = NULLIF(?, 0) WHERE post_id = ?", "ii",
		                  cover_id > 0 ? cover_id : 0, id)))
			goto fail;
		/* the old cover is forgotten (its file goes with the sweep) */
		if (a->cover_id && (rc = db_exec(db, "DELETE FROM attachments WHERE id = ? AND post_id = ?", "ii",
		                                  a->cover_id, id)))
			goto fail;
		changed = true;
	}
	if ((rc = db_commit(db)) != PLEIN_OK)
		goto fail;
	if (changed)
		events_poke();
	return PLEIN_OK;
fail:
	db_rollback(db);
	return rc;
}

int articles_list(struct db *db, const struct person *viewer, int64_t before, size_t limit, int64_t **ids, size_t *n)
{
	char sql[2048];
	snprintf(sql, sizeof sql, "SELECT p.id FROM posts p WHERE p.kind = 'article' AND p.id < ?1 AND %s "
	                          "ORDER BY p.id DESC LIMIT ?2", visibility_post_sql(viewer));
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, before > 0 ? before : INT64_MAX);
	db_bind_int(st, 2, (int64_t)limit);
	visibility_bind(st, viewer);
	return db_step_ids(st, ids, n);
}

/* Public articles of active authors: posts.visibility 'public' outside
 * groups, and the signed-out reader's own visibility condition again, so
 * this list can never be wider than what anyone may read signed out. */
#define PUBLIC_ARTICLE "p.kind = 'article' AND p.visibility = 'public' AND p.deleted_at IS NULL " \
	"AND p.group_id IS NULL AND p.anonymous = 0 " \
	"AND EXISTS (SELECT 1 FROM people a WHERE a.id = p.author_id AND a.status = 'active') "

int articles_public_list(struct db *db, int64_t author_id, int64_t before, size_t limit, int64_t **ids, size_t *n)
{
	char sql[2048];
	snprintf(sql, sizeof sql, "SELECT p.id FROM posts p WHERE " PUBLIC_ARTICLE "AND p.id < ?1 %s AND %s "
	                          "ORDER BY p.id DESC LIMIT ?2", author_id ? "AND p.author_id = ?3" : "",
	         visibility_post_sql(NULL));
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, before > 0 ? before : INT64_MAX);
	db_bind_int(st, 2, (int64_t)limit);
	if (author_id)
		db_bind_int(st, 3, author_id);
	visibility_bind(st, NULL);
	return db_step_ids(st, ids, n);
}

int articles_unanswered(struct db *db, int64_t post_id, int64_t author_id, int64_t **ids, size_t *n)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT c.id FROM comments c WHERE c.post_id = ?1 AND c.parent_id IS NULL AND c.deleted_at IS NULL "
		"AND c.author_id <> ?2 AND NOT EXISTS (SELECT 1 FROM comments r WHERE r.post_id = ?1 AND r.parent_id = c.id "
		"AND r.author_id = ?2 AND r.deleted_at IS NULL) ORDER BY c.id LIMIT 1000");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, post_id);
	db_bind_int(st, 2, author_id);
	return db_step_ids(st, ids, n);
}

int articles_parse_time(const char *s, int64_t offset_minutes, int64_t *out)
{
	/* YYYY-MM-DDTHH:MM[:SS][Z] — what <input type="datetime-local"> sends
	 * (no zone: the browser's offset is given apart) and RFC 3339 in UTC */
	*out = 0;
	if (!s || strlen(s) > 25 || offset_minutes < -16 * 60 || offset_minutes > 16 * 60)
		return PLEIN_INVALID;
	int y, mo, d, h, mi, sec = 0, used = 0;
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d%n", &y, &mo, &d, &h, &mi, &used) != 5 || used != 16)
		return PLEIN_INVALID;
	const char *rest = s + used;
	if (rest[0] == ':') {
		if (!(rest[1] >= '0' && rest[1] <= '9' && rest[2] >= '0' && rest[2] <= '9'))
			return PLEIN_INVALID;
		sec = (rest[1] - '0') * 10 + (rest[2] - '0');
		rest += 3;
	}
	if (*rest == 'Z') {
		if (offset_minutes)
			return PLEIN_INVALID;
		rest++;
	}
	if (*rest || y < 2000 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59 ||
	    h < 0 || mi < 0)
		return PLEIN_INVALID;
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (d > mdays[mo - 1] || (mo == 2 && d == 29 && !leap))
		return PLEIN_INVALID;
	/* days from the civil date (Howard Hinnant's algorithm): no time zone state */
	int64_t yy = mo <= 2 ? y - 1 : y;
	int64_t era = yy / 400, yoe = yy - era * 400;
	int64_t doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	int64_t days = era * 146097 + doe - 719468;
	*out = days * 86400 + h * 3600 + mi * 60 + sec + offset_minutes * 60;
	return PLEIN_OK;
}
