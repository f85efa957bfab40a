/* posts.c — see posts.h. Every write is one transaction: the post, what
 * its text refers to (topics, mentions), praise, attachments, the
 * notifications and the live event, so nothing is half-written and the
 * live stream never announces what was rolled back. */
#include "core/posts.h"
#include "core/expertise.h"
#include "core/search.h"
#include "core/i18n.h"
#include "core/attachments.h"
#include "core/events.h"
#include "core/markdown.h"
#include "core/notifications.h"
#include "core/praise.h"
#include "core/reputation.h"
#include "core/topics.h"
#include "core/visibility.h"
#include "core/groups.h"
#include "core/signups.h"
#include "core/audit.h"
#include "core/questions.h"
#include "lib/utf8.h"
#include <time.h>

static const char *const visibilities[] = { "organisation", "public", "group" };
static const char *const kinds[] = { "update", "praise", "announcement" };
static const char *const badges[] = { "helpful", "team_player", "expert", "above_and_beyond", "mentor", "creative" };

static bool in_list(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; s && i < n; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

bool posts_visibility_valid(const char *v) { return in_list(v, visibilities, ARRAY_LEN(visibilities)); }
bool posts_kind_valid(const char *k) { return in_list(k, kinds, ARRAY_LEN(kinds)); }
bool posts_badge_valid(const char *b) { return in_list(b, badges, ARRAY_LEN(badges)); }
bool posts_author_hidden(const struct post_author *a) { return !a || a->id == POST_AUTHOR_ANONYMOUS; }
const char *const *posts_badges(size_t *n) { *n = ARRAY_LEN(badges); return badges; }

const char *posts_text_error(const char *text, size_t max_chars)
{
	if (!text)
		return N_("Write something first.");
	size_t len = strlen(text);
	if (!utf8_valid(text, len))
		return N_("The text is not valid UTF-8.");
	if (utf8_has_control(text, len, true))
		return N_("The text contains control characters.");
	bool blank = true;
	for (size_t i = 0; i < len && blank; i++)
		blank = strchr(" \t\r\n", text[i]) != NULL;
	if (blank)
		return N_("Write something first.");
	if (utf8_length(text, len) > max_chars || len > MARKDOWN_INPUT_MAX)
		return max_chars == POST_TEXT_MAX ? N_("A post can have at most 10,000 characters.")
		                                  : N_("This text is too long.");
	return NULL;
}

static size_t title_trim(const char **title)
{
	const char *t = *title;
	size_t len = strlen(t);
	while (len && strchr(" \t", t[len - 1]))
		len--;
	while (len && strchr(" \t", *t))
		t++, len--;
	*title = t;
	return len;
}

const char *posts_title_error(const char *title, size_t *chars)
{
	size_t len = strlen(title);
	if (!utf8_valid(title, len))
		return N_("The title is not valid UTF-8.");
	if (utf8_has_control(title, len, false))
		return N_("The title must be one line without control characters.");
	len = title_trim(&title);
	*chars = utf8_length(title, len);
	return NULL;
}

const char *posts_title_trim(struct pool *p, const char *title)
{
	size_t len = title_trim(&title);
	return pool_strndup(p, title, len);
}

#define POST_COLUMNS \
	"p.id, p.author_id, a.name, a.title, a.photo, a.role, a.status, p.kind, p.visibility, " \
	"p.body, p.body_html, p.badge, p.reactions, coalesce(p.group_id, 0), p.created_at, " \
	"coalesce(p.edited_at, 0), coalesce(p.deleted_at, 0), coalesce(p.expires_at, 0), p.comment_count, " \
	"CASE WHEN g.deleted_at IS NULL THEN g.kind END, g.name, p.title, coalesce(p.parent_id, 0), p.anonymous"
/* The group's kind is read with the post, so a group turned closed or
 * secret (or deleted) hides its posts at the next read. */
#define POST_FROM " FROM posts p JOIN people a ON a.id = p.author_id LEFT JOIN groups g ON g.id = p.group_id"

/* An anonymous post's author is masked here, where every post is read:
 * pages, the API, live events, notifications and streams only ever get
 * "no one" (id 0, empty strings). The real author stays in owner_id for
 * the rules (core/visibility.c) and is never put in a response. */
static void read_post(struct pool *pl, struct db_stmt *st, struct post *x)
{
	x->id = db_col_int(st, 0);
	x->owner_id = db_col_int(st, 1);
	x->anonymous = db_col_int(st, 23) != 0;
	if (x->anonymous) {
		x->author = (struct post_author){ .id = POST_AUTHOR_ANONYMOUS, .name = "", .title = "", .photo = "",
		                                  .role = "", .status = "active" };
	} else {
		x->author.id = x->owner_id;
		x->author.name = pool_strdup(pl, db_col_text(st, 2));
		x->author.title = pool_strdup(pl, db_col_text(st, 3));
		x->author.photo = pool_strdup(pl, db_col_text(st, 4));
		x->author.role = pool_strdup(pl, db_col_text(st, 5));
		x->author.status = pool_strdup(pl, db_col_text(st, 6));
	}
	x->kind = pool_strdup(pl, db_col_text(st, 7));
	x->visibility = pool_strdup(pl, db_col_text(st, 8));
	x->body = pool_strdup(pl, db_col_text(st, 9));
	x->body_html = pool_strdup(pl, db_col_text(st, 10));
	x->badge = db_col_null(st, 11) ? NULL : pool_strdup(pl, db_col_text(st, 11));
	x->reactions = pool_strdup(pl, db_col_text(st, 12));
	x->group_id = db_col_int(st, 13);
	x->created_at = db_col_int(st, 14);
	x->edited_at = db_col_int(st, 15);
	x->deleted_at = db_col_int(st, 16);
	x->expires_at = db_col_int(st, 17);
	x->comment_count = db_col_int(st, 18);
	x->group_kind = db_col_null(st, 19) ? NULL : pool_strdup(pl, db_col_text(st, 19));
	x->group_name = db_col_null(st, 20) ? NULL : pool_strdup(pl, db_col_text(st, 20));
	x->title = db_col_null(st, 21) ? NULL : pool_strdup(pl, db_col_text(st, 21));
	x->parent_id = db_col_int(st, 22);
}

int posts_get(struct db *db, struct pool *p, int64_t id, struct post **out)
{
	struct db_stmt *st = db_prepare(db, "SELECT " POST_COLUMNS POST_FROM " WHERE p.id = ?");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*out = pool_zalloc(p, sizeof(**out));
		read_post(p, st, *out);
		rc = PLEIN_OK;
	} else if (rc == DB_DONE) {
		rc = PLEIN_NOTFOUND;
	}
	db_done(st);
	return rc;
}

int posts_load(struct db *db, struct pool *p, const int64_t *ids, size_t n, struct post **out, size_t *n_out)
{
	*out = pool_zalloc(p, sizeof(**out) * (n ? n : 1));
	*n_out = 0;
	struct db_stmt *st = db_prepare(db, "SELECT " POST_COLUMNS POST_FROM " WHERE p.id = ?");
	if (!st)
		return PLEIN_ERROR;
	for (size_t i = 0; i < n; i++) {
		db_bind_int(st, 1, ids[i]);
		int rc = db_step(st);
		if (rc == DB_ROW)
			read_post(p, st, &(*out)[(*n_out)++]);
		db_done(st);
		if (rc < 0)
			return rc;
	}
	return PLEIN_OK;
}

/* Mentioned people who exist, are active and may see the post: the others
 * are simply not notified (a mention never tells anyone about a post they
 * could not read). */
static int notify_mentions(struct db *db, struct pool *pl, const struct post *post, int64_t comment_id,
                           const struct markdown_refs *refs, int64_t actor_id)
{
	for (size_t i = 0; i < refs->n_mentions; i++) {
		int64_t who = refs->mentions[i];
		int rc = db_exec(db, "INSERT OR IGNORE INTO mentions(post_id, comment_id, person_id) "
		                     "SELECT ?, ?, id FROM people WHERE id = ?", "iii", post->id, comment_id, who);
		if (rc != PLEIN_OK)
			return rc;
		if (db_changes(db) == 0)
			continue;  /* already mentioned here (an edit), or no such person */
		struct person *target;
		if (visibility_person_get(db, pl, who, &target) != PLEIN_OK || !visibility_can_see_post(target, post))
			continue;
		if ((rc = notifications_add(db, who, "mention", actor_id, post->id, comment_id)) != PLEIN_OK)
			return rc;
	}
	return PLEIN_OK;
}

static int add_praise(struct db *db, struct pool *pl, const struct post *post, const struct post_input *in,
                      int64_t now, const char **msg)
{
	for (size_t i = 0; i < in->n_praised; i++) {
		struct person *target;
		if (visibility_person_get(db, pl, in->praised[i], &target) != PLEIN_OK || strcmp(target->status, "active") != 0 ||
		    !visibility_can_see_post(target, post)) {
			*msg = N_("Praise goes to active colleagues who can see the post.");
			return PLEIN_INVALID;
		}
		if (target->id == post->owner_id) {
			*msg = N_("You cannot praise yourself.");
			return PLEIN_INVALID;
		}
		int rc = db_exec(db, "INSERT OR IGNORE INTO praise(post_id, person_id, created_at) VALUES (?, ?, ?)",
		                 "iii", post->id, target->id, now);
		if (rc == PLEIN_OK && db_changes(db) == 0)
			continue;  /* named twice: thanked (and notified) once */
		if (rc == PLEIN_OK)
			rc = notifications_add(db, target->id, "praise", post->owner_id, post->id, 0);
		if (rc != PLEIN_OK)
			return rc;
	}
	return PLEIN_OK;
}

static int check_input(const struct post_input *in, const char **msg)
{
	bool long_form = in->kind && strcmp(in->kind, "article") == 0;
	if ((*msg = posts_text_error(in->text, long_form ? ARTICLE_TEXT_MAX : POST_TEXT_MAX)))
		return PLEIN_INVALID;
	const char *vis = in->visibility ? in->visibility : in->group_id ? "group" : "organisation";
	const char *kind = in->kind ? in->kind : "update";
	if (!posts_visibility_valid(vis) || (strcmp(vis, "group") == 0) != (in->group_id != 0)) {
		*msg = in->group_id ? N_("A post in a group is visible to the group (visibility group).")
		     : strcmp(vis, "group") == 0 ? N_("Choose the group to post in.")
		                                 : "Visibility must be organisation, public or group.";
		return PLEIN_INVALID;
	}
	if (in->group_id && strcmp(kind, "announcement") == 0) {
		*msg = N_("Announcements are for the whole organisation, not a group.");
		return PLEIN_INVALID;
	}
	/* questions and answers come from core/questions.c, which set what
	 * only they have: a title, a parent; a client's kind is one of three */
	bool question = strcmp(kind, "question") == 0 && in->title && !in->parent_id;
	bool answer = strcmp(kind, "answer") == 0 && in->parent_id > 0 && !in->title;
	/* articles come from core/articles.c: a title, never anonymous */
	bool article = long_form && in->title && !in->parent_id && !in->anonymous;
	if (!posts_kind_valid(kind) && !question && !answer && !article) {
		*msg = N_("Kind must be update, praise or announcement.");
		return PLEIN_INVALID;
	}
	if ((in->title || in->parent_id || in->anonymous) && !question && !answer && !article) {
		*msg = "Only questions and answers have a title, a question or a hidden author.";
		return PLEIN_INVALID;
	}
	bool praise = strcmp(kind, "praise") == 0;
	if (praise && (!posts_badge_valid(in->badge) || in->n_praised == 0 || in->n_praised > POST_PRAISED_MAX)) {
		*msg = in->n_praised > POST_PRAISED_MAX ? N_("Praise at most 10 colleagues at once.")
		       : in->n_praised == 0          ? "Choose the colleagues to praise."
		                                     : "Choose one of the badges.";
		return PLEIN_INVALID;
	}
	if (!praise && (in->badge || in->n_praised)) {
		*msg = N_("Only praise has a badge and colleagues to thank.");
		return PLEIN_INVALID;
	}
	if (in->expires_at && strcmp(kind, "announcement") != 0) {
		*msg = N_("Only announcements expire.");
		return PLEIN_INVALID;
	}
	if (in->expires_at && in->expires_at <= (int64_t)time(NULL)) {
		*msg = N_("The expiry date must be in the future.");
		return PLEIN_INVALID;
	}
	if (in->n_attachments > POST_ATTACHMENTS_MAX) {
		*msg = N_("At most 10 attachments per post.");
		return PLEIN_INVALID;
	}
	return PLEIN_OK;
}

/* "Who knows X" counts the posts everyone may read, per topic
 * (core/expertise_evidence.c): a write that changes which of a person's
 * posts count, or on what, rebuilds that person's rows in the same
 * transaction. The post's author (never for an anonymous post: it does not
 * count, and nothing may change because of it), and with_answers: the
 * authors of a question's answers, which went where it went. */
static int reindex_authors(struct db *db, int64_t id, bool with_answers)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT author_id FROM posts WHERE id = ?1 AND anonymous = 0 UNION "
		"SELECT author_id FROM posts WHERE ?2 AND parent_id = ?1 AND kind = 'answer' AND anonymous = 0");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, with_answers);
	int64_t *ids;
	size_t n;
	int rc = db_step_ids(st, &ids, &n);
	for (size_t i = 0; rc == PLEIN_OK && i < n; i++)
		rc = expertise_reindex(db, ids[i]);
	free(ids);
	return rc;
}

/* Whether a post of this kind and these topics is evidence of expertise
 * (answers are reindexed by core/questions.c, questions are not evidence). */
static bool is_evidence(const char *kind, size_t n_topics)
{
	if (strcmp(kind, "article") == 0)
		return true;
	return n_topics > 0 && (strcmp(kind, "update") == 0 || strcmp(kind, "praise") == 0 ||
	                        strcmp(kind, "announcement") == 0);
}

int posts_create_in(struct db *db, struct pool *pl, const struct person *author, const struct post_input *in,
                    int64_t *id_out, const char **msg)
{
	int rc = check_input(in, msg);
	if (rc != PLEIN_OK)
		return rc;
	struct markdown_refs refs;
	const char *html = markdown_to_html_refs(pl, in->text, strlen(in->text), &refs);
	if (!html) {
		*msg = N_("This text is too long.");
		return PLEIN_INVALID;
	}
	int64_t now = (int64_t)time(NULL);
	struct post post = {
		.author = { .id = in->anonymous ? POST_AUTHOR_ANONYMOUS : author->id, .name = in->anonymous ? "" : author->name },
		.owner_id = author->id, .anonymous = in->anonymous, .title = in->title, .parent_id = in->parent_id,
		.kind = in->kind ? in->kind : "update",
		.visibility = in->visibility ? in->visibility : in->group_id ? "group" : "organisation",
		.body = in->text, .body_html = html, .badge = in->badge, .reactions = "",
		.created_at = now, .expires_at = in->expires_at, .group_id = in->group_id,
	};
	if (in->group_id) {
		/* read inside the transaction: mentions and praise are checked against the kind it has now */
		struct group *g;
		if ((rc = groups_get(db, pl, in->group_id, &g)) != PLEIN_OK || g->deleted_at) {
			*msg = N_("There is no such group.");
			return PLEIN_INVALID;
		}
		post.group_kind = g->kind;
		post.group_name = g->name;
	}
	rc = db_exec(db,
		"INSERT INTO posts(author_id, kind, visibility, group_id, body, body_html, badge, expires_at, created_at, "
		"title, parent_id, anonymous) VALUES (?, ?, ?, NULLIF(?, 0), ?, ?, ?, NULLIF(?, 0), ?, ?, NULLIF(?, 0), ?)",
		"ississsiisii", author->id, post.kind, post.visibility, in->group_id, post.body, html, in->badge,
		in->expires_at, now, in->title, in->parent_id, (int64_t)in->anonymous);
	if (rc != PLEIN_OK)
		return rc;
	post.id = db_last_insert_id(db);
	if ((rc = topics_set_for_post(db, post.id, refs.topics, refs.n_topics)) != PLEIN_OK)
		return rc;
	/* the actor of an anonymous post's mentions is masked when read (core/notifications.c) */
	if ((rc = notify_mentions(db, pl, &post, 0, &refs, author->id)) != PLEIN_OK)
		return rc;
	if (in->n_praised && (rc = add_praise(db, pl, &post, in, now, msg)) != PLEIN_OK)
		return rc;
	if ((rc = attachments_claim(db, author->id, in->attachments, in->n_attachments, post.id, 0, msg)) != PLEIN_OK)
		return rc;
	if (in->signup && (rc = signups_attach(db, post.id, in->signup_cap, in->signup_deadline, now, msg)) != PLEIN_OK)
		return rc;
	/* an answer is not a stream item: its question changed (open pages of
	 * the question and of streams showing it look again) */
	bool answer = strcmp(post.kind, "answer") == 0;
	if ((rc = search_index_post(db, post.id)) != PLEIN_OK)
		return rc;
	if (!in->anonymous && is_evidence(post.kind, refs.n_topics) && (rc = expertise_reindex(db, author->id)) != PLEIN_OK)
		return rc;
	if ((rc = events_add(db, answer ? "post_edited" : "post", answer ? in->parent_id : post.id, 0, 0)) != PLEIN_OK)
		return rc;
	*id_out = post.id;
	return PLEIN_OK;
}

int posts_create(struct db *db, struct pool *pl, const struct person *author, const struct post_input *in,
                 int64_t *id_out, const char **msg)
{
	int rc = db_begin(db);
	if (rc != PLEIN_OK)
		return rc;
	if ((rc = posts_create_in(db, pl, author, in, id_out, msg)) != PLEIN_OK ||
	    (rc = db_commit(db)) != PLEIN_OK) {
		db_rollback(db);
		return rc;
	}
	events_poke();
	if (in->n_praised)
		praise_spotlight_forget();  /* the new praise may be the spotlight's first candidate */
	return PLEIN_OK;
}

int posts_edit_in(struct db *db, struct pool *pl, const struct person *editor, int64_t id, const char *text,
                  bool *changed, const char **msg)
{
	*changed = false;
	if ((*msg = posts_text_error(text, ARTICLE_TEXT_MAX)))
		return PLEIN_INVALID;
	struct post *post;
	int rc = posts_get(db, pl, id, &post);
	if (rc != PLEIN_OK)
		return rc;
	if (post->deleted_at)
		return PLEIN_NOTFOUND;
	/* only articles are long-form */
	if (strcmp(post->kind, "article") != 0 && (*msg = posts_text_error(text, POST_TEXT_MAX)))
		return PLEIN_INVALID;
	if (strcmp(post->body, text) == 0)  /* nothing changed: no revision, no "edited" */
		return PLEIN_OK;
	struct markdown_refs refs;
	const char *html = markdown_to_html_refs(pl, text, strlen(text), &refs);
	if (!html) {
		*msg = N_("This text is too long.");
		return PLEIN_INVALID;
	}
	int64_t now = (int64_t)time(NULL);
	rc = db_exec(db, "INSERT INTO post_revisions(post_id, body, created_at, editor_id) VALUES (?, ?, ?, ?)",
	             "isii", id, post->body, post->edited_at ? post->edited_at : post->created_at, editor->id);
	if (rc == PLEIN_OK)
		rc = db_exec(db, "UPDATE posts SET body = ?, body_html = ?, edited_at = ? WHERE id = ?",
		             "ssii", text, html, now, id);
	if (rc == PLEIN_OK)
		rc = topics_set_for_post(db, id, refs.topics, refs.n_topics);
	if (rc == PLEIN_OK)
		rc = notify_mentions(db, pl, post, 0, &refs, editor->id);
	if (rc == PLEIN_OK)
		rc = search_index_post(db, id);
	if (rc == PLEIN_OK && is_evidence(post->kind, 1))  /* topics may have come or gone */
		rc = reindex_authors(db, id, false);
	/* a question's topics are its answers': its answerers' evidence follows */
	if (rc == PLEIN_OK && strcmp(post->kind, "question") == 0)
		rc = reindex_authors(db, id, true);
	if (rc == PLEIN_OK)
		rc = events_add(db, "post_edited", id, 0, 0);
	if (rc == PLEIN_OK)
		*changed = true;
	return rc;
}

int posts_edit(struct db *db, struct pool *pl, const struct person *editor, int64_t id, const char *text,
               const char **msg)
{
	*msg = NULL;
	int rc = db_begin(db);
	if (rc != PLEIN_OK)
		return rc;
	bool changed;
	if ((rc = posts_edit_in(db, pl, editor, id, text, &changed, msg)) != PLEIN_OK || (rc = db_commit(db)) != PLEIN_OK) {
		db_rollback(db);
		return rc;
	}
	if (changed)
		events_poke();
	return PLEIN_OK;
}

int posts_move(struct db *db, const struct person *actor, int64_t id, int64_t group_id, const char **msg)
{
	*msg = NULL;
	int rc = db_begin(db);
	if (rc != PLEIN_OK)
		return rc;
	int64_t from = -1, alive = 0;
	struct db_stmt *st = db_prepare(db, "SELECT coalesce(group_id, 0), kind = 'announcement', kind = 'answer' FROM posts "
	                                    "WHERE id = ? AND deleted_at IS NULL");
	if (!st) {
		rc = PLEIN_ERROR;
		goto fail;
	}
	db_bind_int(st, 1, id);
	int step = db_step(st);
	bool announcement = false, answer = false;
	if (step == DB_ROW) {
		from = db_col_int(st, 0);
		announcement = db_col_int(st, 1) != 0;
		answer = db_col_int(st, 2) != 0;
	}
	db_done(st);
	if (step != DB_ROW) {
		rc = step == DB_DONE ? PLEIN_NOTFOUND : PLEIN_ERROR;
		goto fail;
	}
	if (announcement) {
		*msg = N_("Announcements are for the whole organisation, not a group.");
		rc = PLEIN_INVALID;
		goto fail;
	}
	if (answer) {
		*msg = N_("An answer stays with its question.");
		rc = PLEIN_INVALID;
		goto fail;
	}
	if (from == group_id) {
		*msg = group_id ? N_("The post is in this group already.") : N_("The post is not in a group.");
		rc = PLEIN_INVALID;
		goto fail;
	}
	if (group_id && ((rc = db_query_int(db, &alive, "SELECT count(*) FROM groups WHERE id = ? AND deleted_at IS NULL",
	                                    "i", group_id)) != PLEIN_OK || !alive)) {
		*msg = N_("There is no such group.");
		rc = rc ? rc : PLEIN_INVALID;
		goto fail;
	}
	rc = db_exec(db, "UPDATE posts SET group_id = NULLIF(?, 0), visibility = CASE WHEN ? THEN 'group' "
	                 "ELSE 'organisation' END WHERE id = ?", "iii", group_id, (int64_t)(group_id != 0), id);
	/* a question's answers go where it goes: they are seen by who sees it */
	if (rc == PLEIN_OK)
		rc = db_exec(db, "UPDATE posts SET group_id = NULLIF(?, 0), visibility = CASE WHEN ? THEN 'group' "
		                 "ELSE 'organisation' END WHERE parent_id = ? AND kind = 'answer'", "iii", group_id,
		             (int64_t)(group_id != 0), id);
	/* a pin belongs to the group it was made in */
	if (rc == PLEIN_OK)
		rc = db_exec(db, "DELETE FROM group_pins WHERE post_id = ?", "i", id);
	/* the index reads a post's group at search time; this only keeps the entry in step */
	if (rc == PLEIN_OK)
		rc = search_index_post(db, id);
	/* into a closed or secret group it stops counting, out of one it starts */
	if (rc == PLEIN_OK)
		rc = reindex_authors(db, id, true);
	if (rc == PLEIN_OK)
		rc = events_add(db, "post_moved", id, 0, from);
	if (rc == PLEIN_OK) {
		char subject[96];
		snprintf(subject, sizeof(subject), "post %lld: group %lld -> group %lld", (long long)id, (long long)from,
		         (long long)group_id);
		audit_log(db, actor ? actor->id : 0, "post_moved", subject, NULL);
		rc = db_commit(db);
	}
	if (rc != PLEIN_OK)
		goto fail;
	events_poke();
	praise_spotlight_forget();  /* a praise that moved changes who may see it */
	reputation_touch();  /* a question moved into a closed group stops counting */
	return PLEIN_OK;
fail:
	db_rollback(db);
	return rc;
}

/* Empty one post and what was written with it: earlier versions, its
 * comments' text, topic links and mentions; ids stay for links and the
 * audit log (notifications stay too, shown without the post:
 * core/notifications.c). PLEIN_NOTFOUND when deleted already. */
static int soft_delete(struct db *db, int64_t id, int64_t now)
{
	int rc = db_exec(db, "UPDATE posts SET body = '', body_html = '', deleted_at = ? WHERE id = ? AND deleted_at IS NULL",
	                 "ii", now, id);
	if (rc == PLEIN_OK && db_changes(db) == 0)
		rc = PLEIN_NOTFOUND;
	if (rc == PLEIN_OK)
		rc = db_exec(db, "DELETE FROM post_revisions WHERE post_id = ?", "i", id);
	if (rc == PLEIN_OK)
		rc = db_exec(db, "UPDATE comments SET body = '', body_html = '', deleted_at = coalesce(deleted_at, ?) "
		                 "WHERE post_id = ?", "ii", now, id);
	if (rc == PLEIN_OK)
		rc = db_exec(db, "DELETE FROM post_topics WHERE post_id = ?", "i", id);
	if (rc == PLEIN_OK)
		rc = db_exec(db, "DELETE FROM mentions WHERE post_id = ?", "i", id);
	return rc;
}

int posts_delete(struct db *db, const struct person *actor, int64_t id)
{
	(void)actor;
	int64_t now = (int64_t)time(NULL);
	int rc = db_begin(db);
	if (rc != PLEIN_OK)
		return rc;
	rc = soft_delete(db, id, now);
	/* a question's answers go with it, as comments do */
	int64_t *answers = NULL;
	size_t n = 0;
	if (rc == PLEIN_OK)
		rc = questions_answer_ids(db, id, &answers, &n);
	for (size_t i = 0; rc == PLEIN_OK && i < n; i++) {
		rc = soft_delete(db, answers[i], now);
		if (rc == PLEIN_OK)
			rc = search_index_post(db, answers[i]);
	}
	free(answers);
	/* an answer's question is counted again (and loses it if accepted) */
	if (rc == PLEIN_OK)
		rc = questions_after_delete(db, id);
	if (rc == PLEIN_OK)
		rc = search_index_post(db, id);  /* gone from search, with its comments */
	if (rc == PLEIN_OK)
		rc = reindex_authors(db, id, false);  /* its answers' authors: core/questions.c */
	if (rc == PLEIN_OK)
		rc = events_add(db, "post_deleted", id, 0, 0);
	if (rc == PLEIN_OK)
		rc = db_commit(db);
	if (rc != PLEIN_OK) {
		db_rollback(db);
		return rc;
	}
	reputation_touch();  /* a deleted question or answer leaves the leaderboards */
	events_poke();
	return PLEIN_OK;
}

int posts_revisions(struct db *db, struct pool *p, int64_t post_id, struct post_revision **out, size_t *n_out)
{
	int64_t count = 0;
	int rc = db_query_int(db, &count, "SELECT count(*) FROM post_revisions WHERE post_id = ?", "i", post_id);
	if (rc != PLEIN_OK)
		return rc;
	*out = pool_zalloc(p, sizeof(**out) * (size_t)(count ? count : 1));
	*n_out = 0;
	struct db_stmt *st = db_prepare(db,
		"SELECT id, created_at, editor_id, body FROM post_revisions WHERE post_id = ? ORDER BY id");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, post_id);
	while ((int64_t)*n_out < count && (rc = db_step(st)) == DB_ROW) {
		struct post_revision *r = &(*out)[(*n_out)++];
		r->id = db_col_int(st, 0);
		r->created_at = db_col_int(st, 1);
		r->editor_id = db_col_int(st, 2);
		r->body = pool_strdup(p, db_col_text(st, 3));
		r->body_html = markdown_to_html_refs(p, r->body, strlen(r->body), NULL);
		if (!r->body_html)
			r->body_html = "";
	}
	db_done(st);
	return rc < 0 ? rc : PLEIN_OK;
}

int posts_topics(struct db *db, struct pool *p, int64_t post_id, const char ***names, size_t *n)
{
	*names = pool_zalloc(p, sizeof(**names) * POST_TOPICS_MAX);
	*n = 0;
	struct db_stmt *st = db_prepare(db,
		"SELECT t.name FROM post_topics pt JOIN topics t ON t.id = pt.topic_id WHERE pt.post_id = ? "
		"ORDER BY t.key LIMIT 10");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, post_id);
	int rc;
	while ((rc = db_step(st)) == DB_ROW && *n < POST_TOPICS_MAX)
		(*names)[(*n)++] = pool_strdup(p, db_col_text(st, 0));
	db_done(st);
	return rc < 0 ? rc : PLEIN_OK;
}

int posts_praised(struct db *db, struct pool *p, int64_t post_id, struct post_author **out, size_t *n)
{
	*out = pool_zalloc(p, sizeof(**out) * POST_PRAISED_MAX);
	*n = 0;
	struct db_stmt *st = db_prepare(db,
		"SELECT a.id, a.name, a.title, a.photo, a.role, a.status FROM praise pr JOIN people a ON a.id = pr.person_id "
		"WHERE pr.post_id = ? AND a.status = 'active' ORDER BY a.name LIMIT 10");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, post_id);
	int rc;
	while ((rc = db_step(st)) == DB_ROW && *n < POST_PRAISED_MAX) {
		struct post_author *a = &(*out)[(*n)++];
		a->id = db_col_int(st, 0);
		a->name = pool_strdup(p, db_col_text(st, 1));
		a->title = pool_strdup(p, db_col_text(st, 2));
		a->photo = pool_strdup(p, db_col_text(st, 3));
		a->role = pool_strdup(p, db_col_text(st, 4));
		a->status = pool_strdup(p, db_col_text(st, 5));
	}
	db_done(st);
	return rc < 0 ? rc : PLEIN_OK;
}

/* "?, ?, ?" for an IN list of n (≤ STREAM_PAGE_MAX + 1) values. */
const char *posts_placeholders(struct pool *p, size_t n)
{
	char *s = pool_alloc(p, n * 3 + 1), *o = s;
	for (size_t i = 0; i < n; i++) {
		if (i) {
			*o++ = ',';
			*o++ = ' ';
		}
		*o++ = '?';
	}
	*o = '\0';
	return s;
}

int posts_topics_many(struct db *db, struct pool *p, const int64_t *ids, size_t n, const char ***names,
                      size_t *counts)
{
	for (size_t i = 0; i < n; i++) {
		names[i] = pool_zalloc(p, sizeof(**names) * POST_TOPICS_MAX);
		counts[i] = 0;
	}
	if (!n)
		return PLEIN_OK;
	if (n > STREAM_PAGE_MAX + 1)
		return PLEIN_INVALID;
	/* one statement per page size (cached by its text), not one per post */
	struct db_stmt *st = db_prepare(db, pool_printf(p,
		"SELECT pt.post_id, t.name FROM post_topics pt JOIN topics t ON t.id = pt.topic_id "
		"WHERE pt.post_id IN (%s) ORDER BY pt.post_id, t.key", posts_placeholders(p, n)));
	if (!st)
		return PLEIN_ERROR;
	for (size_t i = 0; i < n; i++)
		db_bind_int(st, (int)i + 1, ids[i]);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t post = db_col_int(st, 0);
		for (size_t i = 0; i < n; i++)
			if (ids[i] == post && counts[i] < POST_TOPICS_MAX)
				names[i][counts[i]++] = pool_strdup(p, db_col_text(st, 1));
	}
	db_done(st);
	return rc < 0 ? rc : PLEIN_OK;
}
