/* saved_searches.c — see saved_searches.h. The table's SQL lives here
 * (board.c removes columns through saved_searches_delete's transaction). */
#include "core/saved_searches.h"
#include "core/i18n.h"
#include "core/markdown.h"
#include "lib/strbuf.h"
#include "lib/utf8.h"
#include <time.h>

const char *saved_search_error(const struct saved_search *s)
{
	const char *name = s->name ? s->name : "";
	size_t len = strlen(name);
	if (!len || len > SAVED_SEARCH_NAME_MAX * 4 || !utf8_valid(name, len) ||
	    utf8_length(name, len) > SAVED_SEARCH_NAME_MAX)
		return N_("Give the search a name of 1 to 80 characters.");
	if (utf8_has_control(name, len, false))
		return N_("The name cannot hold control characters.");
	struct search_terms t;
	if (!s->q || search_query_parse(s->q, false, &t) != PLEIN_OK)
		return N_("The search text can be at most 200 characters.");
	size_t positive = 0;
	for (size_t i = 0; i < t.n; i++)
		positive += !t.t[i].exclude;
	if (!positive)
		return N_("Say what you are looking for.");
	unsigned kinds;
	if (search_kinds_parse(s->kinds ? s->kinds : "", &kinds) != PLEIN_OK)
		return N_("kind must be one or more of person, post, comment, group, topic, group_page, group_file.");
	if (s->group_id < 0 || s->author_id < 0 || s->since < 0 || s->until < 0 ||
	    (s->since && s->until && s->since > s->until))
		return N_("The filters of this search are not valid.");
	if (s->topic && *s->topic) {
		char key[TEXTNORM_WORD_MAX + 1];
		if (strlen(s->topic) > 256 || !markdown_topic_key(s->topic, strlen(s->topic), key, sizeof(key)))
			return N_("There is no such topic.");
	}
	return NULL;
}

int saved_searches_create(struct db *db, int64_t owner, const struct saved_search *s, int64_t *id)
{
	if (saved_search_error(s))
		return PLEIN_INVALID;
	int rc = db_begin(db);
	if (rc != PLEIN_OK)
		return rc;
	int64_t n = 0;
	rc = db_query_int(db, &n, "SELECT count(*) FROM saved_searches WHERE person_id = ?", "i", owner);
	if (rc == PLEIN_OK && n >= SAVED_SEARCHES_MAX)
		rc = PLEIN_TOOBIG;
	if (rc == PLEIN_OK)
		rc = db_exec(db,
			"INSERT INTO saved_searches(person_id, name, q, kinds, group_id, author_id, topic, since, until, "
			"created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "isssiisiii",
			owner, s->name, s->q, s->kinds ? s->kinds : "", s->group_id, s->author_id,
			s->topic ? s->topic : "", s->since, s->until, (int64_t)time(NULL));
	if (rc == PLEIN_OK)
		*id = db_last_insert_id(db);
	if (rc == PLEIN_OK)
		rc = db_commit(db);
	if (rc != PLEIN_OK)
		db_rollback(db);
	return rc;
}

#define COLS "id, person_id, name, q, kinds, group_id, author_id, topic, since, until, created_at"

static void row(struct db_stmt *st, struct pool *p, struct saved_search *s)
{
	s->id = db_col_int(st, 0);
	s->person_id = db_col_int(st, 1);
	s->name = pool_strdup(p, db_col_text(st, 2));
	s->q = pool_strdup(p, db_col_text(st, 3));
	s->kinds = pool_strdup(p, db_col_text(st, 4));
	s->group_id = db_col_int(st, 5);
	s->author_id = db_col_int(st, 6);
	s->topic = pool_strdup(p, db_col_text(st, 7));
	s->since = db_col_int(st, 8);
	s->until = db_col_int(st, 9);
	s->created_at = db_col_int(st, 10);
}

int saved_searches_list(struct db *db, struct pool *p, int64_t owner, struct saved_search **out, size_t *n)
{
	*out = pool_zalloc(p, SAVED_SEARCHES_MAX * sizeof(**out));
	*n = 0;
	struct db_stmt *st = db_prepare(db, "SELECT " COLS " FROM saved_searches WHERE person_id = ? "
	                                    "ORDER BY id DESC LIMIT 50");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, owner);
	int rc;
	while ((rc = db_step(st)) == DB_ROW && *n < SAVED_SEARCHES_MAX)
		row(st, p, &(*out)[(*n)++]);
	db_done(st);
	return rc < 0 ? rc : PLEIN_OK;
}

int saved_searches_get(struct db *db, struct pool *p, int64_t owner, int64_t id, struct saved_search **out)
{
	struct db_stmt *st = db_prepare(db, "SELECT " COLS " FROM saved_searches WHERE id = ? AND person_id = ?");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, owner);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*out = pool_zalloc(p, sizeof(**out));
		row(st, p, *out);
	}
	db_done(st);
	return rc == DB_ROW ? PLEIN_OK : rc == DB_DONE ? PLEIN_NOTFOUND : rc;
}

int saved_searches_rename(struct db *db, int64_t owner, int64_t id, const char *name)
{
	struct saved_search probe = { .name = name, .q = "x" };
	if (saved_search_error(&probe))
		return PLEIN_INVALID;
	int rc = db_exec(db, "UPDATE saved_searches SET name = ? WHERE id = ? AND person_id = ?", "sii", name, id, owner);
	if (rc == PLEIN_OK && db_changes(db) == 0)
		rc = PLEIN_NOTFOUND;
	return rc;
}

int saved_searches_delete(struct db *db, int64_t owner, int64_t id)
{
	int rc = db_begin(db);
	if (rc != PLEIN_OK)
		return rc;
	rc = db_exec(db, "DELETE FROM saved_searches WHERE id = ? AND person_id = ?", "ii", id, owner);
	if (rc == PLEIN_OK && db_changes(db) == 0)
		rc = PLEIN_NOTFOUND;
	if (rc == PLEIN_OK)
		rc = db_exec(db, "DELETE FROM board_columns WHERE person_id = ? AND kind = 'search' AND ref = ?", "ii",
		             owner, id);
	/* the columns left of the owner's board close up: positions 0, 1, … again */
	if (rc == PLEIN_OK)
		rc = db_exec(db,
			"UPDATE board_columns SET position = (SELECT count(*) FROM board_columns b "
			"WHERE b.person_id = board_columns.person_id AND (b.position < board_columns.position OR "
			"(b.position = board_columns.position AND b.id < board_columns.id))) WHERE person_id = ?", "i", owner);
	if (rc == PLEIN_OK)
		rc = db_commit(db);
	if (rc != PLEIN_OK)
		db_rollback(db);
	return rc;
}

int saved_search_query(const struct saved_search *s, const char *cursor, int limit, struct search_query *q)
{
	memset(q, 0, sizeof(*q));
	if (search_kinds_parse(s->kinds, &q->kinds) != PLEIN_OK)
		return PLEIN_INVALID;
	q->q = s->q;
	q->group_id = s->group_id;
	q->author_id = s->author_id;
	q->topic = s->topic && *s->topic ? s->topic : NULL;
	q->since = s->since;
	q->until = s->until;
	q->cursor = cursor;
	q->limit = limit;
	return PLEIN_OK;
}

void saved_search_from_query(struct pool *p, const struct search_query *q, const char *name, struct saved_search *s)
{
	memset(s, 0, sizeof(*s));
	struct strbuf k = STRBUF_INIT;
	for (unsigned bit = 1; bit && bit <= q->kinds; bit <<= 1) {
		const char *kn = (q->kinds & bit) ? search_kind_name(bit) : NULL;
		if (kn) {
			if (k.len)
				(void)strbuf_addch(&k, ',');
			(void)strbuf_addstr(&k, kn);
		}
	}
	s->kinds = pool_strdup(p, k.buf);
	strbuf_release(&k);
	s->name = name;
	s->q = q->q ? q->q : "";
	s->group_id = q->group_id;
	s->author_id = q->author_id;
	s->topic = q->topic ? q->topic : "";
	s->since = q->since;
	s->until = q->until;
}

static void add_param(struct strbuf *b, const char *key, const char *value)
{
	(void)strbuf_addch(b, '&');
	(void)strbuf_addstr(b, key);
	(void)strbuf_addch(b, '=');
	(void)strbuf_add_urlencoded(b, value, strlen(value));
}

static void add_date(struct strbuf *b, const char *key, int64_t when)
{
	time_t t = (time_t)when;
	struct tm tm;
	char day[16];
	if (gmtime_r(&t, &tm) && strftime(day, sizeof(day), "%Y-%m-%d", &tm))
		add_param(b, key, day);
}

const char *saved_search_url(struct pool *p, const struct saved_search *s)
{
	struct strbuf b = STRBUF_INIT;
	(void)strbuf_addstr(&b, "/search?q=");
	(void)strbuf_add_urlencoded(&b, s->q, strlen(s->q));
	if (s->kinds && *s->kinds)
		add_param(&b, "kind", s->kinds);
	if (s->group_id)
		add_param(&b, "group", pool_printf(p, "%lld", (long long)s->group_id));
	if (s->author_id)
		add_param(&b, "author", pool_printf(p, "%lld", (long long)s->author_id));
	if (s->topic && *s->topic)
		add_param(&b, "topic", s->topic);
	if (s->since)
		add_date(&b, "since", s->since);
	if (s->until)
		add_date(&b, "until", s->until - 86400);   /* stored exclusive, written inclusive */
	const char *out = pool_strdup(p, b.buf);
	strbuf_release(&b);
	return out;
}
