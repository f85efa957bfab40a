/* search_index.c — keeping the search index current (see search.h): one
 * row of search_docs per searchable thing, read from its own table by the
 * same SELECT for one row (search_index_*) and for all (search_rebuild),
 * and the FTS5 indexes beside it (external content: the text is stored
 * once, in search_docs, and the indexes are told the old text when a row
 * changes): search_fts of names, titles and text, search_titles of the
 * names and titles alone (suggestions).
 * Also the typo vocabulary: new words and their trigrams. */
#include "core/search_internal.h"
#include <time.h>

/* Every kind's document as (kind, ref_id, post_id, group_id, author_id,
 * created_at, title, body); " AND x.id = ?" picks one. An anonymous post's or
 * comment's author is not stored: an author filter must never find it. Fields of a person
 * and skills are joined by " · " and ", " (shown in snippets). */
#define DOC_PERSON \
	"SELECT 'person', pe.id, NULL, NULL, NULL, 0, pe.name, " \
	"trim(pe.title || ' · ' || pe.department || coalesce(' · ' || (SELECT group_concat(s.name, ', ') " \
	"FROM person_skills ps JOIN skills s ON s.id = ps.skill_id WHERE ps.person_id = pe.id), ''), ' ·') " \
	"FROM people pe WHERE pe.status = 'active'"
/* posts.kind as the search kind: questions, answers and articles are posts */
#define POST_KIND \
	"CASE p.kind WHEN 'question' THEN 'question' WHEN 'answer' THEN 'answer' WHEN 'article' THEN 'article' " \
	"ELSE 'post' END"
/* the names of files attached to a post or comment, on a line after its text */
#define FILE_NAMES(where) \
	"coalesce(char(10) || (SELECT group_concat(a.name, ', ') FROM attachments a WHERE " where "), '')"
#define DOC_POST \
	"SELECT " POST_KIND ", p.id, p.id, NULL, CASE WHEN p.anonymous THEN NULL ELSE p.author_id END, p.created_at, " \
	"coalesce(p.title, ''), p.body || " FILE_NAMES("a.post_id = p.id AND a.comment_id IS NULL") " " \
	"FROM posts p WHERE p.deleted_at IS NULL"
#define DOC_COMMENT \
	"SELECT 'comment', c.id, c.post_id, NULL, CASE WHEN c.anonymous THEN NULL ELSE c.author_id END, c.created_at, '', " \
	"c.body || " FILE_NAMES("a.comment_id = c.id") " " \
	"FROM comments c JOIN posts p ON p.id = c.post_id WHERE c.deleted_at IS NULL AND p.deleted_at IS NULL"
#define DOC_GROUP \
	"SELECT 'group', g.id, NULL, g.id, NULL, 0, g.name, trim(g.category || ' · ' || g.about, ' ·') " \
	"FROM groups g WHERE g.deleted_at IS NULL"
#define DOC_TOPIC \
	"SELECT 'topic', t.id, NULL, NULL, NULL, 0, t.name, '' FROM topics t WHERE 1"
#define DOC_GROUP_PAGE \
	"SELECT 'group_page', gp.id, NULL, gp.group_id, gp.created_by, gp.updated_at, gp.title, gp.body " \
	"FROM group_pages gp JOIN groups g ON g.id = gp.group_id WHERE gp.deleted_at IS NULL AND g.deleted_at IS NULL"
#define DOC_GROUP_FILE \
	"SELECT 'group_file', a.id, NULL, a.group_id, a.owner_id, a.created_at, a.name, '' " \
	"FROM attachments a JOIN groups g ON g.id = a.group_id WHERE a.group_id IS NOT NULL AND g.deleted_at IS NULL"

#define DOC_COLUMNS "kind, ref_id, post_id, group_id, author_id, created_at, title, body"

/* ---------- ids: a range per kind, newest last within it ----------
 * FTS5 walks a word's documents in id order, and search ranks only the
 * newest window of each kind's (search_sqlite.c), so ids follow time
 * within a kind's range (search_internal.h, migration 0014). */
#define ENTITY_ID_SQL(kind, ref) \
	"(" #ref " + (1 << 61) + (CASE " #kind " WHEN 'person' THEN 1 WHEN 'group' THEN 2 ELSE 3 END << 56))"

static bool is_entity(const char *kind)
{
	return !strcmp(kind, "person") || !strcmp(kind, "group") || !strcmp(kind, "topic");
}

/* A content kind's class (search_internal.h), as SQL and in C. */
#define CLASS_SQL(kind) \
	"(CASE " kind " WHEN 'comment' THEN 1 WHEN 'question' THEN 2 WHEN 'answer' THEN 3 WHEN 'article' THEN 4 " \
	"WHEN 'group_page' THEN 5 WHEN 'group_file' THEN 6 ELSE 0 END)"

static int64_t class_of(const char *kind)
{
	static const char *const classes[] = { "post", "comment", "question", "answer", "article", "group_page",
		                               "group_file" };
	for (size_t i = 0; i < ARRAY_LEN(classes); i++)
		if (!strcmp(kind, classes[i]))
			return (int64_t)i;
	return 0;
}

/* The first id of a content entry's second. */
static int64_t content_id_base(const char *kind, int64_t created_at)
{
	return class_of(kind) * SEARCH_ID_CLASS + (created_at > 0 ? created_at : 0) * SEARCH_ID_SECOND;
}

/* A free id for a new entry of kind (ref, created_at). */
static int doc_new_id(struct db *db, const char *kind, int64_t ref, int64_t created_at, int64_t *id)
{
	if (is_entity(kind))
		return db_query_int(db, id, "SELECT " ENTITY_ID_SQL(?1, ?2), "si", kind, ref);
	int64_t lo = content_id_base(kind, created_at);
	int rc = db_query_int(db, id, "SELECT coalesce(max(id) + 1, ?1) FROM search_docs WHERE id >= ?1 AND id < ?2", "ii",
	                      lo, lo + SEARCH_ID_SECOND);
	if (rc == PLEIN_OK && *id >= lo + SEARCH_ID_SECOND)
		rc = PLEIN_CONFLICT;  /* a million entries in one second */
	return rc;
}

/* ---------- the vocabulary of the typo fallback ---------- */

static bool all_digits(const char *w)
{
	for (; *w; w++)
		if (*w < '0' || *w > '9')
			return false;
	return true;
}

static int vocab_add(struct db *db, const char *word)
{
	char tri[SEARCH_VOCAB_MAX + 2][SEARCH_TRIGRAM_BYTES];
	int len;
	int n = search_trigrams_of(word, tri, (int)ARRAY_LEN(tri), &len);
	if (n == 0 || len < SEARCH_VOCAB_MIN || len > SEARCH_VOCAB_MAX || all_digits(word))
		return PLEIN_OK;
	int rc = db_exec(db, "INSERT OR IGNORE INTO search_words(word) VALUES (?)", "s", word);
	if (rc != PLEIN_OK || db_changes(db) == 0)
		return rc;
	for (int i = 0; i < n && rc == PLEIN_OK; i++)
		rc = db_exec(db, "INSERT OR IGNORE INTO search_trigrams(tri, len, word) VALUES (?, ?, ?)", "sis", tri[i],
		             (int64_t)len, word);
	return rc;
}

struct vocab_walk {
	struct db *db;
	int rc;
};

static int vocab_word(void *arg, const char *orig, size_t orig_len, const char *folded)
{
	(void)orig;
	(void)orig_len;
	struct vocab_walk *w = arg;
	w->rc = vocab_add(w->db, folded);
	return w->rc != PLEIN_OK;
}

static int vocab_text(struct db *db, const char *s)
{
	struct vocab_walk w = { db, PLEIN_OK };
	(void)textnorm_each_word(s, strlen(s), vocab_word, &w);
	return w.rc;
}

/* ---------- one document ---------- */

/* Remove the entry of (kind, ref): the index is told the text it holds. */
static int doc_remove(struct db *db, const char *kind, int64_t ref)
{
	struct db_stmt *st = db_prepare(db, "SELECT id, title, body FROM search_docs WHERE kind = ? AND ref_id = ?");
	if (!st)
		return PLEIN_ERROR;
	db_bind_str(st, 1, kind);
	db_bind_int(st, 2, ref);
	int rc = db_step(st);
	if (rc != DB_ROW) {
		db_done(st);
		return rc == DB_DONE ? PLEIN_OK : PLEIN_ERROR;
	}
	int64_t id = db_col_int(st, 0);
	char *title = xstrdup(db_col_text(st, 1)), *body = xstrdup(db_col_text(st, 2));
	db_done(st);
	rc = db_exec(db, "INSERT INTO search_fts(search_fts, rowid, title, body) VALUES ('delete', ?, ?, ?)", "iss", id,
	             title, body);
	if (rc == PLEIN_OK && *title)
		rc = db_exec(db, "INSERT INTO search_titles(search_titles, rowid, title) VALUES ('delete', ?, ?)", "is", id,
		             title);
	if (rc == PLEIN_OK)
		rc = db_exec(db, "DELETE FROM search_docs WHERE id = ?", "i", id);
	free(title);
	free(body);
	return rc;
}

/* Remove every entry a column points at (the comments of a deleted post,
 * the pages and files of a deleted group). */
static int docs_remove_where(struct db *db, const char *sql, int64_t id)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, id);
	struct ref { char kind[16]; int64_t id; } *refs = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			refs = xrealloc(refs, st_mult(cap, sizeof(*refs)));
		}
		snprintf(refs[n].kind, sizeof(refs[n].kind), "%s", db_col_text(st, 0));
		refs[n++].id = db_col_int(st, 1);
	}
	db_done(st);
	rc = rc == DB_DONE ? PLEIN_OK : PLEIN_ERROR;
	for (size_t i = 0; i < n && rc == PLEIN_OK; i++)
		rc = doc_remove(db, refs[i].kind, refs[i].id);
	free(refs);
	return rc;
}

/* Make the entry of (kind, ref) what `one` (a DOC_* SELECT for one id)
 * reads now: written, rewritten or removed. */
static int doc_sync(struct db *db, const char *kind, int64_t ref, const char *one)
{
	struct db_stmt *st = db_prepare(db, one);
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, ref);
	int step = db_step(st);
	if (step != DB_ROW) {
		db_done(st);
		return step == DB_DONE ? doc_remove(db, kind, ref) : PLEIN_ERROR;
	}
	char found_kind[16];
	snprintf(found_kind, sizeof(found_kind), "%s", db_col_text(st, 0));
	kind = found_kind;
	int64_t post_id = db_col_int(st, 2), group_id = db_col_int(st, 3), author_id = db_col_int(st, 4);
	int64_t created_at = db_col_int(st, 5);
	char *title = xstrdup(db_col_text(st, 6)), *body = xstrdup(db_col_text(st, 7));
	db_done(st);

	int rc = PLEIN_OK;
	int64_t id = 0;
	bool same = false;
	st = db_prepare(db, "SELECT id, title = ? AND body = ? FROM search_docs WHERE kind = ? AND ref_id = ?");
	if (!st) {
		rc = PLEIN_ERROR;
		goto out;
	}
	db_bind_str(st, 1, title);
	db_bind_str(st, 2, body);
	db_bind_str(st, 3, kind);
	db_bind_int(st, 4, ref);
	if ((step = db_step(st)) == DB_ROW) {
		id = db_col_int(st, 0);
		same = db_col_int(st, 1) != 0;
	}
	db_done(st);
	if (step < 0) {
		rc = PLEIN_ERROR;
		goto out;
	}
	int64_t lo = content_id_base(kind, created_at);
	if (id && !is_entity(kind) && (id < lo || id >= lo + SEARCH_ID_SECOND))
		same = false;  /* its time changed: its id follows */
	if (id && same) {  /* only where it is or who wrote it: the index keeps its words */
		rc = db_exec(db, "UPDATE search_docs SET post_id = NULLIF(?, 0), group_id = NULLIF(?, 0), "
		                 "author_id = NULLIF(?, 0), created_at = ? WHERE id = ?",
		             "iiiii", post_id, group_id, author_id, created_at, id);
		goto out;
	}
	if (id && (rc = doc_remove(db, kind, ref)) != PLEIN_OK)
		goto out;
	if ((rc = doc_new_id(db, kind, ref, created_at, &id)) != PLEIN_OK)
		goto out;
	rc = db_exec(db, "INSERT INTO search_docs(id, " DOC_COLUMNS ") VALUES (?, ?, ?, NULLIF(?, 0), NULLIF(?, 0), "
	                 "NULLIF(?, 0), ?, ?, ?)",
	             "isiiiiiss", id, kind, ref, post_id, group_id, author_id, created_at, title, body);
	if (rc == PLEIN_OK)
		rc = db_exec(db, "INSERT INTO search_fts(rowid, title, body) VALUES (?, ?, ?)", "iss", id, title, body);
	if (rc == PLEIN_OK && *title)
		rc = db_exec(db, "INSERT INTO search_titles(rowid, title) VALUES (?, ?)", "is", id, title);
	if (rc == PLEIN_OK)
		rc = vocab_text(db, title);
	if (rc == PLEIN_OK)
		rc = vocab_text(db, body);
out:
	free(title);
	free(body);
	return rc;
}

int search_index_person(struct db *db, int64_t id)
{
	return doc_sync(db, "person", id, DOC_PERSON " AND pe.id = ?");
}

int search_index_post(struct db *db, int64_t id)
{
	/* a post's kind decides its entry's: the others of its id go (a post
	 * never changes kind, but an index from before the kinds may hold one) */
	static const char *const kinds[] = { "post", "question", "answer", "article" };
	const char *kind = "post";
	int64_t k = 0;
	int rc = db_query_int(db, &k, "SELECT CASE kind WHEN 'question' THEN 1 WHEN 'answer' THEN 2 "
	                              "WHEN 'article' THEN 3 ELSE 0 END FROM posts WHERE id = ?", "i", id);
	if (rc == PLEIN_NOTFOUND)
		rc = PLEIN_OK;
	else if (rc == PLEIN_OK && k >= 0 && k < (int64_t)ARRAY_LEN(kinds))
		kind = kinds[k];
	for (size_t i = 0; i < ARRAY_LEN(kinds) && rc == PLEIN_OK; i++)
		if (strcmp(kinds[i], kind) != 0)
			rc = doc_remove(db, kinds[i], id);
	if (rc == PLEIN_OK)
		rc = doc_sync(db, kind, id, DOC_POST " AND p.id = ?");
	int64_t live = 0;
	if (rc == PLEIN_OK)
		rc = db_query_int(db, &live, "SELECT count(*) FROM posts WHERE id = ? AND deleted_at IS NULL", "i", id);
	/* a deleted post takes its comments' text with it */
	if (rc == PLEIN_OK && !live)
		rc = docs_remove_where(db, "SELECT kind, ref_id FROM search_docs WHERE post_id = ?1 AND kind = 'comment'", id);
	return rc;
}

int search_index_comment(struct db *db, int64_t id)
{
	return doc_sync(db, "comment", id, DOC_COMMENT " AND c.id = ?");
}

int search_index_group(struct db *db, int64_t id)
{
	int rc = doc_sync(db, "group", id, DOC_GROUP " AND g.id = ?");
	int64_t live = 0;
	if (rc == PLEIN_OK)
		rc = db_query_int(db, &live, "SELECT count(*) FROM groups WHERE id = ? AND deleted_at IS NULL", "i", id);
	/* a deleted group's pages and files go with it (its posts stay, hidden
	 * by visibility: they keep their rows for the audit log) */
	if (rc == PLEIN_OK && !live)
		rc = docs_remove_where(db, "SELECT kind, ref_id FROM search_docs WHERE group_id = ?1 "
		                           "AND kind IN ('group_page', 'group_file')", id);
	return rc;
}

int search_index_topic(struct db *db, int64_t id)
{
	return doc_sync(db, "topic", id, DOC_TOPIC " AND t.id = ?");
}

int search_index_group_page(struct db *db, int64_t id)
{
	return doc_sync(db, "group_page", id, DOC_GROUP_PAGE " AND gp.id = ?");
}

int search_index_group_file(struct db *db, int64_t id)
{
	return doc_sync(db, "group_file", id, DOC_GROUP_FILE " AND a.id = ?");
}

/* ---------- everything ---------- */

static int vocab_rebuild(struct db *db)
{
	int rc = db_exec(db, "DELETE FROM search_words", "");
	if (rc == PLEIN_OK)
		rc = db_exec(db, "DELETE FROM search_trigrams", "");
	if (rc != PLEIN_OK)
		return rc;
	/* the index's own terms: folded words and their stems */
	struct db_stmt *st = db_prepare(db, "SELECT term FROM search_vocab WHERE length(term) BETWEEN ? AND ?");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, SEARCH_VOCAB_MIN);
	db_bind_int(st, 2, 4 * SEARCH_VOCAB_MAX);
	size_t n = 0, cap = 0;
	char **words = NULL;
	int step;
	while ((step = db_step(st)) == DB_ROW) {
		if (n == cap) {
			cap = cap ? 2 * cap : 1024;
			words = xrealloc(words, st_mult(cap, sizeof(*words)));
		}
		words[n++] = xstrdup(db_col_text(st, 0));
	}
	db_done(st);
	rc = step == DB_DONE ? PLEIN_OK : PLEIN_ERROR;
	for (size_t i = 0; i < n; i++) {
		if (rc == PLEIN_OK)
			rc = vocab_add(db, words[i]);
		free(words[i]);
	}
	free(words);
	return rc;
}

int search_rebuild(struct db *db)
{
	int rc = db_begin(db);
	if (rc != PLEIN_OK)
		return rc;
	/* the content goes first, then FTS5 reads all of it in one pass; ids as
	 * doc_new_id gives them (a sequence per second, people, groups and
	 * topics above) */
	rc = db_exec(db, "DELETE FROM search_docs", "");
	if (rc == PLEIN_OK)
		rc = db_exec(db, "WITH e(" DOC_COLUMNS ") AS (" DOC_PERSON " UNION ALL " DOC_GROUP " UNION ALL " DOC_TOPIC ") "
		                 "INSERT INTO search_docs(id, " DOC_COLUMNS ") SELECT " ENTITY_ID_SQL(e.kind, e.ref_id) ", "
		                 "e.* FROM e", "");
	if (rc == PLEIN_OK)
		rc = db_exec(db, "WITH c(" DOC_COLUMNS ") AS (" DOC_POST " UNION ALL " DOC_COMMENT " UNION ALL " DOC_GROUP_PAGE
		                 " UNION ALL " DOC_GROUP_FILE ") "
		                 "INSERT INTO search_docs(id, " DOC_COLUMNS ") SELECT " CLASS_SQL("c.kind") " * ?2 + max(c.created_at, 0) * ?1 "
		                 "+ row_number() OVER (PARTITION BY " CLASS_SQL("c.kind") ", max(c.created_at, 0) "
		                 "ORDER BY c.ref_id) - 1, "
		                 "c.kind, c.ref_id, NULLIF(c.post_id, 0), NULLIF(c.group_id, 0), c.author_id, c.created_at, "
		                 "c.title, c.body FROM c",
		             "ii", (int64_t)SEARCH_ID_SECOND, (int64_t)SEARCH_ID_CLASS);
	if (rc == PLEIN_OK)
		rc = db_exec(db, "INSERT INTO search_fts(search_fts) VALUES ('rebuild')", "");
	if (rc == PLEIN_OK)
		rc = db_exec(db, "INSERT INTO search_titles(search_titles) VALUES ('rebuild')", "");
	if (rc == PLEIN_OK)
		rc = vocab_rebuild(db);
	if (rc == PLEIN_OK)
		rc = db_exec(db, "INSERT OR REPLACE INTO search_state(id, built_at) VALUES (1, ?)", "i", (int64_t)time(NULL));
	if (rc == PLEIN_OK)
		rc = db_commit(db);
	if (rc != PLEIN_OK)
		db_rollback(db);
	return rc;
}

int search_needs_rebuild(struct db *db, bool *needed)
{
	int64_t n = 0;
	int rc = db_query_int(db, &n, "SELECT NOT EXISTS (SELECT 1 FROM search_state)", "");
	*needed = rc == PLEIN_OK && n;
	return rc;
}
