/* questions.c — see questions.h. Questions and answers are written through
 * posts_create_in, inside this module's own transactions, so a question
 * and its `questions` row, or an answer and its question's counts, are
 * never half-written. Every statement here is in this file (tables
 * questions, answer_helpful, question_asks). */
#include "core/questions.h"
#include "core/audit.h"
#include "core/events.h"
#include "core/expertise.h"
#include "core/i18n.h"
#include "core/notifications.h"
#include "core/reputation.h"
#include "core/search.h"
#include "core/textnorm.h"
#include "core/visibility.h"
#include "lib/strbuf.h"
#include "lib/utf8.h"
#include <stdlib.h>
#include <time.h>

const char *questions_title_error(const char *title)
{
	if (!title)
		return N_("Give the question a title.");
	size_t chars;
	const char *error = posts_title_error(title, &chars);
	if (error)
		return error;
	if (chars < QUESTION_TITLE_MIN)
		return N_("The title needs at least 5 characters.");
	if (chars > QUESTION_TITLE_MAX)
		return N_("The title can have at most 200 characters.");
	return NULL;
}

/* The colleagues asked by name: active, not the asker, able to see the
 * question (read back inside the transaction, as it is stored). */
static int ask_colleagues(struct db *db, struct pool *pl, const struct person *author, int64_t question_id,
                          const int64_t *ask, size_t n, int64_t now, const char **msg)
{
	struct post *q;
	int rc = posts_get(db, pl, question_id, &q);
	if (rc != PLEIN_OK)
		return rc;
	for (size_t i = 0; i < n; i++) {
		struct person *who;
		if (ask[i] == author->id) {
			*msg = N_("You cannot ask yourself.");
			return PLEIN_INVALID;
		}
		if (visibility_person_get(db, pl, ask[i], &who) != PLEIN_OK || strcmp(who->status, "active") != 0 ||
		    !visibility_can_see_person(author, who) || !visibility_can_see_post(who, q)) {
			*msg = N_("Ask colleagues who can see the question.");
			return PLEIN_INVALID;
		}
		rc = db_exec(db, "INSERT OR IGNORE INTO question_asks(question_id, person_id, created_at) VALUES (?, ?, ?)",
		             "iii", question_id, who->id, now);
		if (rc == PLEIN_OK && db_changes(db))
			rc = notifications_add(db, who->id, "question_asked", author->id, question_id, 0);
		if (rc != PLEIN_OK)
			return rc;
	}
	return PLEIN_OK;
}

int questions_ask(struct db *db, struct pool *pl, const struct person *author, const struct question_input *in,
                  int64_t *id_out, const char **msg, const char **field)
{
	*field = "title";
	if ((*msg = questions_title_error(in->title)))
		return PLEIN_INVALID;
	*field = "ask";
	if (in->n_ask > QUESTION_ASK_MAX) {
		*msg = N_("Ask at most 10 colleagues by name.");
		return PLEIN_INVALID;
	}
	struct post_input pin = {
		.text = in->text, .kind = "question", .title = posts_title_trim(pl, in->title), .group_id = in->group_id,
		.anonymous = in->anonymous, .attachments = in->attachments, .n_attachments = in->n_attachments,
	};
	int64_t now = (int64_t)time(NULL), id = 0;
	int rc = db_begin(db);
	if (rc != PLEIN_OK)
		return rc;
	*field = "body";
	if ((rc = posts_create_in(db, pl, author, &pin, &id, msg)) != PLEIN_OK)
		goto fail;
	if ((rc = db_exec(db, "INSERT INTO questions(post_id) VALUES (?)", "i", id)) != PLEIN_OK)
		goto fail;
	*field = "ask";
	if (in->n_ask && (rc = ask_colleagues(db, pl, author, id, in->ask, in->n_ask, now, msg)) != PLEIN_OK)
		goto fail;
	if (in->anonymous) {
		/* who asked is kept for moderation: here and in posts.author_id, never shown */
		char subject[64];
		snprintf(subject, sizeof(subject), "question %lld", (long long)id);
		audit_log(db, author->id, "question_anonymous", subject, NULL);
	}
	if ((rc = db_commit(db)) != PLEIN_OK)
		goto fail;
	events_poke();
	*id_out = id;
	return PLEIN_OK;
fail:
	db_rollback(db);
	return rc;
}

/* The question's counts from its undeleted answers; first_answer_at is
 * set once, by the first answer ever (history, not state). */
static int recount(struct db *db, int64_t question_id, int64_t now)
{
	int rc = db_exec(db,
		"UPDATE questions SET "
		"answer_count = (SELECT count(*) FROM posts WHERE parent_id = ?1 AND kind = 'answer' AND deleted_at IS NULL), "
		"last_answer_id = (SELECT max(id) FROM posts WHERE parent_id = ?1 AND kind = 'answer' AND deleted_at IS NULL), "
		"first_answer_at = coalesce(first_answer_at, CASE WHEN ?2 > 0 THEN ?2 END) WHERE post_id = ?1",
		"ii", question_id, now);
	/* an accepted answer deleted since is accepted no longer */
	if (rc == PLEIN_OK)
		rc = db_exec(db,
			"UPDATE questions SET accepted_id = NULL, accepted_at = NULL WHERE post_id = ?1 AND accepted_id IS NOT NULL "
			"AND NOT EXISTS (SELECT 1 FROM posts a WHERE a.id = questions.accepted_id AND a.deleted_at IS NULL)",
			"i", question_id);
	return rc;
}

/* "Who knows X" reads reputation (answers, acceptances, helpful marks) as
 * evidence: every write that changes an answerer's reputation rebuilds
 * their expertise rows in the same transaction, so the evidence is never
 * stale. answer_id 0 does nothing. */
static int reindex_answerer(struct db *db, int64_t answer_id)
{
	if (!answer_id)
		return PLEIN_OK;
	int64_t author = 0;
	int rc = db_query_int(db, &author, "SELECT author_id FROM posts WHERE id = ? AND kind = 'answer'", "i", answer_id);
	if (rc == PLEIN_NOTFOUND)
		return PLEIN_OK;
	return rc == PLEIN_OK ? expertise_reindex(db, author) : rc;
}

int questions_answer(struct db *db, struct pool *pl, const struct person *author, const struct post *question,
                     const char *text, const int64_t *attachments, size_t n_attachments, int64_t *id_out,
                     const char **msg)
{
	*msg = NULL;
	if (!question || strcmp(question->kind, "question") != 0)
		return PLEIN_NOTFOUND;
	int rc = db_begin(db);
	if (rc != PLEIN_OK)
		return rc;
	/* read again inside the transaction: deleted or moved since the caller read it */
	struct post *q;
	if ((rc = posts_get(db, pl, question->id, &q)) != PLEIN_OK || q->deleted_at || strcmp(q->kind, "question")) {
		rc = rc == PLEIN_OK || rc == PLEIN_NOTFOUND ? PLEIN_NOTFOUND : rc;
		goto fail;
	}
	struct post_input in = {
		.text = text, .kind = "answer", .parent_id = q->id, .group_id = q->group_id,
		.visibility = q->visibility, .attachments = attachments, .n_attachments = n_attachments,
		/* the anonymous asker answering their own question stays anonymous */
		.anonymous = q->anonymous && q->owner_id == author->id,
	};
	int64_t id = 0, now = (int64_t)time(NULL);
	if ((rc = posts_create_in(db, pl, author, &in, &id, msg)) != PLEIN_OK)
		goto fail;
	if ((rc = recount(db, q->id, now)) != PLEIN_OK)
		goto fail;
	if ((rc = expertise_reindex(db, author->id)) != PLEIN_OK)
		goto fail;
	/* the asker hears of it (notifications_add skips the asker answering themself) */
	if ((rc = notifications_add(db, q->owner_id, "question_answered", author->id, id, 0)) != PLEIN_OK)
		goto fail;
	if ((rc = db_commit(db)) != PLEIN_OK)
		goto fail;
	reputation_touch();  /* the leaderboards count it now, not after their cache's TTL */
	events_poke();
	*id_out = id;
	return PLEIN_OK;
fail:
	db_rollback(db);
	return rc;
}

int questions_state(struct db *db, int64_t post_id, struct question_state *out)
{
	memset(out, 0, sizeof(*out));
	struct db_stmt *st = db_prepare(db,
		"SELECT coalesce(accepted_id, 0), coalesce(accepted_at, 0), answer_count, coalesce(last_answer_id, 0), "
		"coalesce(first_answer_at, 0) FROM questions WHERE post_id = ?");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, post_id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		out->accepted_id = db_col_int(st, 0);
		out->accepted_at = db_col_int(st, 1);
		out->answer_count = db_col_int(st, 2);
		out->last_answer_id = db_col_int(st, 3);
		out->first_answer_at = db_col_int(st, 4);
		rc = PLEIN_OK;
	} else if (rc == DB_DONE) {
		rc = PLEIN_NOTFOUND;
	}
	db_done(st);
	return rc;
}

int questions_answer_ids(struct db *db, int64_t question_id, int64_t **ids, size_t *n)
{
	*ids = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db,
		"SELECT id FROM posts WHERE parent_id = ? AND kind = 'answer' AND deleted_at IS NULL ORDER BY id");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, question_id);
	return db_step_ids(st, ids, n);
}

/* Everyone who answered a question (deleted with it just now). */
static int reindex_answerers_of(struct db *db, int64_t question_id)
{
	struct db_stmt *st = db_prepare(db, "SELECT DISTINCT author_id FROM posts WHERE parent_id = ? AND kind = 'answer'");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, question_id);
	int64_t *ids;
	size_t n;
	int rc = db_step_ids(st, &ids, &n);
	for (size_t i = 0; rc == PLEIN_OK && i < n; i++)
		rc = expertise_reindex(db, ids[i]);
	free(ids);
	return rc;
}

int questions_after_delete(struct db *db, int64_t post_id)
{
	int64_t parent = 0;
	int rc = db_query_int(db, &parent, "SELECT coalesce(parent_id, 0) FROM posts WHERE id = ? AND kind = 'answer'",
	                      "i", post_id);
	if (rc == PLEIN_NOTFOUND)
		return reindex_answerers_of(db, post_id);  /* a question: its answers were deleted with it */
	if (rc == PLEIN_OK && !parent)
		return PLEIN_OK;
	if (rc != PLEIN_OK)
		return rc;
	rc = recount(db, parent, 0);
	if (rc == PLEIN_OK)
		rc = reindex_answerer(db, post_id);
	if (rc == PLEIN_OK)
		rc = events_add(db, "post_edited", parent, 0, 0);
	return rc;
}

/* Accepted first, then more helpful, then older. */
static int cmp_answers(const void *a, const void *b)
{
	const struct answer *x = a, *y = b;
	if (x->accepted != y->accepted)
		return x->accepted ? -1 : 1;
	if (x->helpful != y->helpful)
		return x->helpful > y->helpful ? -1 : 1;
	return x->post.id < y->post.id ? -1 : x->post.id > y->post.id;
}

int questions_answers(struct db *db, struct pool *p, const struct person *viewer, const struct post *question,
                      struct answer **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct question_state state;
	int rc = questions_state(db, question->id, &state);
	if (rc != PLEIN_OK)
		return rc;
	struct db_stmt *st = db_prepare(db,
		"SELECT id FROM posts WHERE parent_id = ? AND kind = 'answer' AND deleted_at IS NULL ORDER BY id LIMIT ?");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, question->id);
	db_bind_int(st, 2, QUESTION_ANSWERS_MAX);
	int64_t *ids;
	size_t k;
	if ((rc = db_step_ids(st, &ids, &k)) != PLEIN_OK)
		return rc;
	struct post *posts;
	size_t loaded = 0;
	rc = posts_load(db, p, ids, k, &posts, &loaded);
	free(ids);
	if (rc != PLEIN_OK)
		return rc;
	struct answer *a = pool_zalloc(p, sizeof(*a) * (loaded ? loaded : 1));
	struct db_stmt *count = db_prepare(db,
		"SELECT count(*), coalesce(sum(person_id = ?), 0) FROM answer_helpful WHERE answer_id = ?");
	if (!count)
		return PLEIN_ERROR;
	size_t m = 0;
	for (size_t i = 0; i < loaded; i++) {
		/* an answer is seen by who sees its question; asked all the same */
		if (!visibility_can_see_post(viewer, &posts[i]))
			continue;
		a[m].post = posts[i];
		a[m].accepted = posts[i].id == state.accepted_id;
		db_bind_int(count, 1, viewer ? viewer->id : 0);
		db_bind_int(count, 2, posts[i].id);
		if (db_step(count) == DB_ROW) {
			a[m].helpful = db_col_int(count, 0);
			a[m].helpful_mine = viewer && db_col_int(count, 1) > 0;
		}
		db_done(count);
		m++;
	}
	qsort(a, m, sizeof(*a), cmp_answers);
	*out = a;
	*n = m;
	return PLEIN_OK;
}

int questions_helpful(struct db *db, const struct person *who, const struct post *answer, bool on, bool *changed)
{
	*changed = false;
	if (!answer || strcmp(answer->kind, "answer") != 0)
		return PLEIN_INVALID;
	if (who->id == answer->owner_id)
		return PLEIN_DENIED;  /* no marks on your own answer */
	int rc = db_begin(db);
	if (rc != PLEIN_OK)
		return rc;
	int64_t live;
	rc = db_query_int(db, &live, "SELECT 1 FROM posts WHERE id = ? AND deleted_at IS NULL", "i", answer->id);
	if (rc == PLEIN_OK)
		rc = on ? db_exec(db, "INSERT OR IGNORE INTO answer_helpful(answer_id, person_id, created_at) VALUES (?, ?, ?)",
		                  "iii", answer->id, who->id, (int64_t)time(NULL))
		        : db_exec(db, "DELETE FROM answer_helpful WHERE answer_id = ? AND person_id = ?", "ii", answer->id,
		                  who->id);
	if (rc == PLEIN_OK)
		*changed = db_changes(db) > 0;
	if (rc == PLEIN_OK && *changed)
		rc = expertise_reindex(db, answer->owner_id);
	if (rc == PLEIN_OK && *changed)
		rc = events_add(db, "post_edited", answer->parent_id, 0, 0);
	if (rc == PLEIN_OK)
		rc = db_commit(db);
	if (rc != PLEIN_OK) {
		db_rollback(db);
		*changed = false;
		return rc;
	}
	if (*changed) {
		reputation_touch();
		events_poke();
	}
	return PLEIN_OK;
}

/* The answerer hears that their answer was accepted ("answer_accepted",
 * setting "questions"; post = the answer). An anonymous asker accepting is
 * masked when the notification is read (notifications.c), as for any
 * notification in their thread. */
static int notify_accepted(struct db *db, const struct person *actor, int64_t answer_id)
{
	int64_t author = 0;
	int rc = db_query_int(db, &author, "SELECT author_id FROM posts WHERE id = ?", "i", answer_id);
	return rc == PLEIN_OK ? notifications_add(db, author, "answer_accepted", actor->id, answer_id, 0) : rc;
}

int questions_accept(struct db *db, const struct person *actor, const struct post *question, int64_t answer_id)
{
	if (!question || strcmp(question->kind, "question") != 0)
		return PLEIN_INVALID;
	int rc = db_begin(db);
	if (rc != PLEIN_OK)
		return rc;
	if (answer_id) {
		int64_t ok = 0;
		rc = db_query_int(db, &ok, "SELECT 1 FROM posts WHERE id = ? AND parent_id = ? AND kind = 'answer' "
		                  "AND deleted_at IS NULL", "ii", answer_id, question->id);
		if (rc == PLEIN_NOTFOUND)
			rc = PLEIN_INVALID;
	}
	int64_t before = 0;  /* the answer accepted until now: its author loses the acceptance */
	if (rc == PLEIN_OK)
		rc = db_query_int(db, &before, "SELECT coalesce(accepted_id, 0) FROM questions WHERE post_id = ?", "i",
		                  question->id);
	if (rc == PLEIN_NOTFOUND)
		rc = PLEIN_INVALID;
	if (rc == PLEIN_OK)
		rc = db_exec(db, "UPDATE questions SET accepted_id = NULLIF(?1, 0), accepted_at = CASE WHEN ?1 THEN ?2 END "
		                 "WHERE post_id = ?3", "iii", answer_id, (int64_t)time(NULL), question->id);
	if (rc == PLEIN_OK && before != answer_id)
		rc = reindex_answerer(db, before);
	if (rc == PLEIN_OK && before != answer_id)
		rc = reindex_answerer(db, answer_id);
	if (rc == PLEIN_OK && answer_id && before != answer_id)
		rc = notify_accepted(db, actor, answer_id);
	if (rc == PLEIN_OK) {
		/* who accepted: for the audit log only (the asker may be anonymous) */
		char subject[96];
		snprintf(subject, sizeof(subject), "question %lld: answer %lld", (long long)question->id, (long long)answer_id);
		audit_log(db, actor->id, answer_id ? "answer_accepted" : "answer_unaccepted", subject, NULL);
		rc = events_add(db, "post_edited", question->id, 0, 0);
	}
	if (rc == PLEIN_OK)
		rc = db_commit(db);
	if (rc != PLEIN_OK) {
		db_rollback(db);
		return rc;
	}
	reputation_touch();
	events_poke();
	return PLEIN_OK;
}

int questions_asked(struct db *db, struct pool *p, int64_t question_id, struct question_asked **out, size_t *n)
{
	*out = pool_zalloc(p, sizeof(**out) * QUESTION_ASK_MAX);
	*n = 0;
	struct db_stmt *st = db_prepare(db,
		"SELECT pe.id, pe.name FROM question_asks qa CROSS JOIN people pe ON pe.id = qa.person_id "
		"WHERE qa.question_id = ? AND pe.status = 'active' ORDER BY pe.name COLLATE NOCASE, pe.id LIMIT ?");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, question_id);
	db_bind_int(st, 2, QUESTION_ASK_MAX);
	int rc;
	while ((rc = db_step(st)) == DB_ROW && *n < QUESTION_ASK_MAX) {
		(*out)[*n].id = db_col_int(st, 0);
		(*out)[*n].name = pool_strdup(p, db_col_text(st, 1));
		(*n)++;
	}
	db_done(st);
	return rc < 0 ? rc : PLEIN_OK;
}

/* ---- queues -------------------------------------------------------------- */

static const char *const queue_sql[] = {
	[QUESTIONS_NEWEST] =
		"SELECT q.post_id FROM questions q CROSS JOIN posts p ON p.id = q.post_id "
		"WHERE q.post_id < ?1 AND (?2 = 0 OR p.group_id = ?2) "
		"AND (?3 = 0 OR EXISTS (SELECT 1 FROM post_topics pt WHERE pt.topic_id = ?3 AND pt.post_id = p.id)) AND %s "
		"ORDER BY q.post_id DESC LIMIT ?4",
	[QUESTIONS_UNANSWERED] =
		"SELECT q.post_id FROM questions q CROSS JOIN posts p ON p.id = q.post_id "
		"WHERE q.answer_count = 0 AND q.post_id < ?1 AND (?2 = 0 OR p.group_id = ?2) "
		"AND (?3 = 0 OR EXISTS (SELECT 1 FROM post_topics pt WHERE pt.topic_id = ?3 AND pt.post_id = p.id)) AND %s "
		"ORDER BY q.post_id DESC LIMIT ?4",
	[QUESTIONS_ANSWERED] =
		"SELECT q.post_id, q.last_answer_id FROM questions q CROSS JOIN posts p ON p.id = q.post_id "
		"WHERE q.last_answer_id IS NOT NULL AND q.last_answer_id < ?1 AND (?2 = 0 OR p.group_id = ?2) "
		"AND (?3 = 0 OR EXISTS (SELECT 1 FROM post_topics pt WHERE pt.topic_id = ?3 AND pt.post_id = p.id)) AND %s "
		"ORDER BY q.last_answer_id DESC LIMIT ?4",
};

int questions_list(struct db *db, struct pool *p, const struct person *viewer, const struct question_filter *f,
                   struct question_page *out)
{
	memset(out, 0, sizeof(*out));
	int limit = f->limit < 1 || f->limit > QUESTIONS_PAGE_MAX ? 20 : f->limit;
	if ((unsigned)f->queue >= ARRAY_LEN(queue_sql))
		return PLEIN_INVALID;
	const char *tmpl = queue_sql[f->queue], *at = strstr(tmpl, "%s");
	const char *sql = pool_printf(p, "%.*s%s%s", (int)(at - tmpl), tmpl, visibility_post_sql(viewer), at + 2);
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, f->cursor > 0 ? f->cursor : INT64_MAX);
	db_bind_int(st, 2, f->group_id);
	db_bind_int(st, 3, f->topic_id);
	db_bind_int(st, 4, limit + 1);
	visibility_bind(st, viewer);
	int64_t *ids = pool_alloc(p, sizeof(*ids) * (size_t)(limit + 1)), *keys = pool_alloc(p, sizeof(*keys) * (size_t)(limit + 1));
	size_t n = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && n < (size_t)limit + 1) {
		ids[n] = db_col_int(st, 0);
		keys[n] = f->queue == QUESTIONS_ANSWERED ? db_col_int(st, 1) : ids[n];
		n++;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	if (n > (size_t)limit) {
		n = (size_t)limit;
		out->next = keys[n - 1];
	}
	struct post *posts;
	size_t loaded;
	if ((rc = posts_load(db, p, ids, n, &posts, &loaded)) != PLEIN_OK)
		return rc;
	out->items = pool_zalloc(p, sizeof(*out->items) * (loaded ? loaded : 1));
	for (size_t i = 0; i < loaded; i++) {
		out->items[i].post = posts[i];
		if ((rc = questions_state(db, posts[i].id, &out->items[i].state)) != PLEIN_OK)
			return rc;
	}
	out->n = loaded;
	return PLEIN_OK;
}

/* ---- similar questions (the search hook) --------------------------------- */

/* The search hook (docs/design-questions.md): one search of question
 * titles sharing any of the title's words, through core/search (stems,
 * diacritics, rarer shared words first; visibility decided there). */
int questions_similar(struct db *db, struct pool *p, const struct person *viewer, const char *title, int limit,
                      struct post **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (limit < 1 || limit > QUESTIONS_SIMILAR_MAX)
		limit = QUESTIONS_SIMILAR_MAX;
	size_t len = title ? strlen(title) : 0;
	if (!len || len > 4 * QUESTION_TITLE_MAX || !utf8_valid(title, len))
		return PLEIN_OK;
	struct search_page pg;
	int rc = search_similar(db, p, viewer, title, SEARCH_QUESTION, limit, &pg);
	if (rc != PLEIN_OK || !pg.n)
		return rc;
	int64_t *ids = pool_alloc(p, sizeof(*ids) * pg.n);
	for (size_t i = 0; i < pg.n; i++)
		ids[i] = pg.items[i].id;
	return posts_load(db, p, ids, pg.n, out, n);
}
