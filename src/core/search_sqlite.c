/* search_sqlite.c — search.h over SQLite FTS5: one ranked statement over
 * search_fts that already holds the visibility conditions of posts,
 * comments, groups and topics (core/visibility.c's SQL), then per hit the
 * checks visibility.c answers only in C (people, group pages and files),
 * counting visible hits only; snippets for the page's hits; and the typo
 * fallback when nothing visible was found. Ranking: bm25 (titles count
 * three times) times a recency factor (docs/design-search.md). */
#include "core/search_internal.h"
#include "core/groups.h"
#include "core/markdown.h"
#include "core/visibility.h"
#include "lib/strbuf.h"
#include "lib/utf8.h"
#include <limits.h>
#include <time.h>

/* Matches are ranked in windows of each kind's newest (each kind has its
 * range of ids, and ids follow time within it: migration 0014): WINDOW for
 * one kind, a share of it for each of many, more windows only while a page
 * lacks visible hits, SCAN_MAX matches of a kind at most: a search costs
 * the same for a rare word and for one in every post, and a kind filter
 * reads only that kind. */
#define WINDOW 1000
#define FACET_WINDOW 100        /* a kind not asked for, read for its count */
#define SUGGEST_WINDOW 300
#define SCAN_MAX 4000
#define TITLE_CHARS 80          /* a post's or comment's title: its first characters */
#define NEAR_CANDIDATES 50

static const struct {
	unsigned bit;
	const char *name;
} kind_names[] = {
	{ SEARCH_PERSON, "person" }, { SEARCH_POST, "post" }, { SEARCH_COMMENT, "comment" },
	{ SEARCH_GROUP, "group" }, { SEARCH_TOPIC, "topic" }, { SEARCH_GROUP_PAGE, "group_page" },
	{ SEARCH_GROUP_FILE, "group_file" }, { SEARCH_QUESTION, "question" }, { SEARCH_ANSWER, "answer" },
	{ SEARCH_ARTICLE, "article" },
};

const char *search_kind_name(unsigned kind)
{
	for (size_t i = 0; i < ARRAY_LEN(kind_names); i++)
		if (kind_names[i].bit == kind)
			return kind_names[i].name;
	return NULL;
}

static unsigned kind_bit(const char *name, size_t len)
{
	for (size_t i = 0; i < ARRAY_LEN(kind_names); i++)
		if (strlen(kind_names[i].name) == len && memcmp(kind_names[i].name, name, len) == 0)
			return kind_names[i].bit;
	return 0;
}

int search_kinds_parse(const char *s, unsigned *out)
{
	*out = 0;
	if (!s)
		return PLEIN_OK;
	if (strlen(s) > 128)
		return PLEIN_INVALID;
	while (*s) {
		const char *e = strchr(s, ',');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		unsigned bit = kind_bit(s, len);
		if (!bit)
			return PLEIN_INVALID;
		*out |= bit;
		s += len;
		if (*s == ',' && !*++s)
			return PLEIN_INVALID;  /* a trailing comma */
	}
	return PLEIN_OK;
}

/* ---------- marks ---------- */

const char *search_marks_html(struct pool *p, const char *marked)
{
	struct strbuf sb = STRBUF_INIT;
	bool open = false;
	const char *run = marked;
	for (const char *c = marked;; c++) {
		if (*c && *c != SEARCH_MARK_BEGIN && *c != SEARCH_MARK_END)
			continue;
		strbuf_add_html(&sb, run, (size_t)(c - run));
		run = c + 1;
		if (!*c)
			break;
		if (*c == SEARCH_MARK_BEGIN && !open)
			strbuf_addstr(&sb, "<mark>");
		else if (*c == SEARCH_MARK_END && open)
			strbuf_addstr(&sb, "</mark>");
		else
			continue;
		open = !open;
	}
	if (open)
		strbuf_addstr(&sb, "</mark>");
	const char *res = pool_strndup(p, sb.buf, sb.len);
	strbuf_release(&sb);
	return res;
}

const char *search_marks_strip(struct pool *p, const char *marked)
{
	size_t len = strlen(marked), o = 0;
	char *out = pool_alloc(p, len + 1);
	for (size_t i = 0; i < len; i++)
		if (marked[i] != SEARCH_MARK_BEGIN && marked[i] != SEARCH_MARK_END)
			out[o++] = marked[i];
	out[o] = '\0';
	return out;
}

/* ---------- cursors: "N" or "cN" (the widened search), N ≤ SEARCH_OFFSET_MAX ---------- */

static int cursor_parse(const char *c, int *offset, bool *widened)
{
	*offset = 0;
	*widened = false;
	if (!c || !*c)
		return PLEIN_OK;
	if (*c == 'c') {
		*widened = true;
		c++;
	}
	if (!*c || strlen(c) > 4)
		return PLEIN_INVALID;
	int v = 0;
	for (; *c; c++) {
		if (*c < '0' || *c > '9')
			return PLEIN_INVALID;
		v = v * 10 + (*c - '0');
	}
	if (v > SEARCH_OFFSET_MAX)
		return PLEIN_INVALID;
	*offset = v;
	return PLEIN_OK;
}

/* ---------- the ranked statement ---------- */

/* %1$s the post condition, %2$s the group condition. Parameters: ?1 MATCH,
 * ?2 now, ?4 group, ?5 author, ?6 topic id, ?7 since, ?8 until, ?9 may
 * browse (topics), ?10 … ?11 the window of ids, ?12 … ?13 the content ids'
 * span (plein_rank's estimates), ?26 the window's size, ?14 … ?25 the query's terms (a
 * person's expertise for them multiplies their score, up to six times, so
 * someone who knows X ranks above someone whose title mentions it); ?90
 * the viewer (visibility_bind). Kinds
 * are filtered in C, after the facets are counted. A topic exists for a
 * viewer as in core/topics.c: a post they may see uses it, or they follow
 * it. A post's group is read from posts (moved posts need no index
 * change); g is the group of a group's, page's or file's entry. */
#define TERM_PARAMS "?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25"
#define TERM_SLOTS 12           /* the query's words and stems for expertise: ?14 … ?25 */
#define RANKED_SQL \
	"SELECT d.id, d.kind, d.ref_id, coalesce(d.post_id, 0), coalesce(p.group_id, d.group_id, 0), d.created_at, " \
	"g.kind, coalesce(g.deleted_at, 0), pe.role, pe.status, " \
	"m.br * CASE WHEN d.created_at > 0 " \
	"THEN 1.0 + 1.0 / (1.0 + max(?2 - d.created_at, 0) / 7776000.0) ELSE 1.5 END " \
	"* CASE WHEN d.kind = 'person' THEN 1.0 + min((SELECT coalesce(sum(w), 0) FROM (SELECT max(x.weight) AS w " \
	"  FROM expertise x WHERE x.person_id = d.ref_id AND x.term IN (" TERM_PARAMS ") " \
	"  GROUP BY x.kind, x.label)), 5000) / 1000.0 ELSE 1.0 END, " \
	"coalesce(p.parent_id, 0) " \
	"FROM (SELECT rowid AS rid, plein_rank(%3$s, 3.0, 1.0, ?12, ?13) AS br FROM %3$s WHERE %3$s MATCH ?1 " \
	"  AND rowid >= ?10 AND rowid < ?11 ORDER BY rowid DESC LIMIT ?26) m " \
	"CROSS JOIN search_docs d ON d.id = m.rid " \
	"LEFT JOIN posts p ON p.id = d.post_id " \
	"LEFT JOIN groups g ON g.id = d.group_id " \
	"LEFT JOIN people pe ON d.kind = 'person' AND pe.id = d.ref_id " \
	"WHERE (d.post_id IS NULL OR (p.id IS NOT NULL AND %1$s)) " \
	"AND (d.kind <> 'comment' OR EXISTS (SELECT 1 FROM comments c WHERE c.id = d.ref_id AND c.deleted_at IS NULL)) " \
	"AND (d.kind <> 'group' OR (g.id IS NOT NULL AND %2$s)) " \
	"AND (d.kind <> 'topic' OR (?9 AND (EXISTS (SELECT 1 FROM post_topics pt JOIN posts p ON p.id = pt.post_id " \
	"  WHERE pt.topic_id = d.ref_id AND %1$s) OR " \
	"  EXISTS (SELECT 1 FROM topic_follows f WHERE f.topic_id = d.ref_id AND f.person_id = ?90)))) " \
	"AND (d.kind <> 'group_page' OR EXISTS (SELECT 1 FROM group_pages gp WHERE gp.id = d.ref_id " \
	"  AND gp.deleted_at IS NULL)) " \
	"AND (d.kind <> 'group_file' OR EXISTS (SELECT 1 FROM attachments a WHERE a.id = d.ref_id " \
	"  AND a.group_id = d.group_id)) " \
	"AND (?4 = 0 OR (d.kind <> 'group' AND coalesce(p.group_id, d.group_id) = ?4)) " \
	"AND (?5 = 0 OR d.author_id = ?5) " \
	"AND (?6 = 0 OR EXISTS (SELECT 1 FROM post_topics pt WHERE pt.post_id = d.post_id AND pt.topic_id = ?6)) " \
	"AND (?7 = 0 OR d.created_at >= ?7) AND (?8 = 0 OR (d.created_at > 0 AND d.created_at < ?8))"

/* The next window: the newest ?4 matches with ids in [?2, ?3): how many,
 * and the lowest id. %1$s the FTS5 table. */
#define WINDOW_SQL \
	"SELECT count(*), coalesce(min(rowid), 0) FROM (SELECT rowid FROM %1$s WHERE %1$s MATCH ?1 " \
	"AND rowid >= ?2 AND rowid < ?3 ORDER BY rowid DESC LIMIT ?4)"

struct found {
	int64_t doc;
	double score;
	struct search_hit hit;
};

struct run {
	struct db *db;
	struct pool *p;
	const struct person *viewer;
	const struct search_query *q;
	int64_t topic_id;
	int offset, limit;
	int window;
	bool titles_only;
	textnorm_term terms[TERM_SLOTS];  /* the query's words and their stems, for expertise */
	int n_terms;
	bool any_word;           /* titles with any of the words (search_similar), not all */
	/* the matches read so far, visible, every kind */
	struct found *cand;
	size_t n_cand, cap_cand;
	bool capped;
};

/* The checks visibility.c answers in C only, with what the row read. */
static bool may_see(const struct person *viewer, unsigned kind, struct db_stmt *st)
{
	if (kind == SEARCH_PERSON) {
		struct person pe = {
			.id = db_col_int(st, 2), .role = db_col_text(st, 8), .status = db_col_text(st, 9),
		};
		return !db_col_null(st, 9) && visibility_can_see_person(viewer, &pe);
	}
	if (kind == SEARCH_GROUP_PAGE || kind == SEARCH_GROUP_FILE) {
		if (db_col_null(st, 6))
			return false;
		struct group g = {
			.id = db_col_int(st, 4), .kind = db_col_text(st, 6), .deleted_at = db_col_int(st, 7),
		};
		return visibility_can_read_group(viewer, &g);
	}
	return true;  /* the statement's conditions decided */
}

static unsigned wanted_kinds(const struct run *r)
{
	unsigned k = r->q->kinds & SEARCH_KINDS_ALL;
	return k ? k : SEARCH_KINDS_ALL;
}

/* Rank the newest `size` matches with ids in [lo, top) (one window: the
 * rows the window statement counted) and keep the visible ones; *wanted
 * counts those of the asked kinds. The LIMIT is in the ranked statement
 * too, not only the range: SQLite 3.40's FTS5 walks some very long
 * doclists backwards from an older row than the bound ("the" at 5M posts),
 * and the range alone then held a quarter of a million rows. */
static int rank_window(struct run *r, struct db_stmt *st, const char *match, int64_t lo, int64_t top, int size,
                       const int64_t span[2], size_t *wanted)
{
	const struct search_query *q = r->q;
	db_bind_str(st, 1, match);
	db_bind_int(st, 2, (int64_t)time(NULL));
	db_bind_int(st, 4, q->group_id);
	db_bind_int(st, 5, q->author_id);
	db_bind_int(st, 6, r->topic_id);
	db_bind_int(st, 7, q->since);
	db_bind_int(st, 8, q->until);
	db_bind_int(st, 9, visibility_can_browse(r->viewer));
	db_bind_int(st, 10, lo);
	db_bind_int(st, 11, top);
	db_bind_int(st, 12, span[0]);
	db_bind_int(st, 13, span[1]);
	for (int i = 0; i < TERM_SLOTS; i++)
		db_bind_str(st, 14 + i, i < r->n_terms ? r->terms[i] : NULL);
	db_bind_int(st, 26, size);
	visibility_bind(st, r->viewer);
	unsigned want = wanted_kinds(r);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *k = db_col_text(st, 1);
		unsigned kind = kind_bit(k, strlen(k));
		if (!kind || !may_see(r->viewer, kind, st))
			continue;
		if (r->n_cand == r->cap_cand) {
			r->cap_cand = r->cap_cand ? 2 * r->cap_cand : 256;
			r->cand = xrealloc(r->cand, st_mult(r->cap_cand, sizeof(*r->cand)));
		}
		struct found *f = &r->cand[r->n_cand++];
		memset(f, 0, sizeof(*f));
		f->doc = db_col_int(st, 0);
		f->score = db_col_double(st, 10);
		f->hit.kind = kind;
		f->hit.id = db_col_int(st, 2);
		f->hit.group_id = db_col_int(st, 4);
		f->hit.created_at = db_col_int(st, 5);
		if (kind == SEARCH_COMMENT)
			f->hit.parent_id = db_col_int(st, 3);
		else if (kind == SEARCH_ANSWER)
			f->hit.parent_id = db_col_int(st, 11);
		else if (kind == SEARCH_GROUP_PAGE || kind == SEARCH_GROUP_FILE)
			f->hit.parent_id = f->hit.group_id;
		if (kind & want)
			(*wanted)++;
	}
	db_done(st);
	return rc < 0 ? PLEIN_ERROR : PLEIN_OK;
}

/* Walk the matches in [seg_lo, seg_hi) newest first, a window at a time,
 * until enough visible hits of the asked kinds are found or max_windows
 * windows (SCAN_MAX matches) were read. */
static int rank_segment(struct run *r, struct db_stmt *rank, struct db_stmt *win, const char *match, int64_t seg_lo,
                        int64_t seg_hi, int max_windows, const int64_t span[2], size_t need, int size)
{
	int64_t top = seg_hi;
	size_t wanted = 0, before = r->n_cand;
	for (int w = 0; w < max_windows; w++) {
		db_bind_str(win, 1, match);
		db_bind_int(win, 2, seg_lo);
		db_bind_int(win, 3, top);
		db_bind_int(win, 4, size);
		int step = db_step(win);
		int64_t n = step == DB_ROW ? db_col_int(win, 0) : 0, from = step == DB_ROW ? db_col_int(win, 1) : 0;
		db_done(win);
		if (step < 0)
			return PLEIN_ERROR;
		if (n == 0)
			return PLEIN_OK;
		bool last = n < size;
		int rc = rank_window(r, rank, match, last ? seg_lo : from, top, size, span, &wanted);
		if (rc != PLEIN_OK || last)
			return rc;
		if (wanted >= need || w + 1 == max_windows) {
			/* older matches were not looked at; said only where the
			 * windows held something visible, so that matches the
			 * viewer may not see never show as a "+" (a full window
			 * of a secret group's posts would) */
			if (r->n_cand > before)
				r->capped = true;
			return PLEIN_OK;
		}
		top = from;
	}
	return PLEIN_OK;
}

/* The kinds' id ranges (search_internal.h) and their share of a window
 * when several kinds are searched at once (percent). */
#define CLASS_RANGE(c) (c) * SEARCH_ID_CLASS, ((c) + 1) * SEARCH_ID_CLASS
#define ENTITY_RANGE(k) SEARCH_ID_ENTITIES + (k) * SEARCH_ID_ENTITY, SEARCH_ID_ENTITIES + ((k) + 1) * SEARCH_ID_ENTITY
struct segment {
	unsigned kind;
	int64_t lo, hi;
	int share;
};
static const struct segment segments[] = {
	{ SEARCH_POST, CLASS_RANGE(0), 60 },        { SEARCH_COMMENT, CLASS_RANGE(1), 30 },
	{ SEARCH_QUESTION, CLASS_RANGE(2), 20 },    { SEARCH_ANSWER, CLASS_RANGE(3), 20 },
	{ SEARCH_ARTICLE, CLASS_RANGE(4), 20 },     { SEARCH_GROUP_PAGE, CLASS_RANGE(5), 15 },
	{ SEARCH_GROUP_FILE, CLASS_RANGE(6), 15 },  { SEARCH_PERSON, ENTITY_RANGE(1), 30 },
	{ SEARCH_GROUP, ENTITY_RANGE(2), 20 },      { SEARCH_TOPIC, SEARCH_ID_ENTITIES + 3 * SEARCH_ID_ENTITY, INT64_MAX, 10 },
};

static int cmp_found(const void *a, const void *b)
{
	const struct found *x = a, *y = b;
	if (x->score != y->score)
		return x->score < y->score ? -1 : 1;
	return x->doc < y->doc ? 1 : x->doc > y->doc ? -1 : 0;
}

/* Read the ranked, visible hits offset … offset+limit; *more when one
 * follows; facets counted on the way. */
static int ranked(struct run *r, const char *match, struct found *out, size_t *n, bool *more, int *facets)
{
	*n = 0;
	*more = false;
	r->n_cand = 0;
	r->capped = false;
	const char *fts = r->titles_only ? "search_titles" : "search_fts";
	struct db_stmt *rank = db_prepare(r->db, pool_printf(r->p, RANKED_SQL, visibility_post_sql(r->viewer),
	                                                     visibility_group_sql(r->viewer), fts));
	struct db_stmt *win = rank ? db_prepare(r->db, pool_printf(r->p, WINDOW_SQL, fts)) : NULL;
	if (!win) {
		db_done(rank);
		return PLEIN_ERROR;
	}
	/* plein_rank extrapolates document frequencies over the posts' ids */
	int64_t span[2] = { 0, 0 };
	int rc = db_query_int(r->db, &span[0], "SELECT coalesce(min(id), 0) FROM search_docs", "");
	if (rc == PLEIN_OK)
		rc = db_query_int(r->db, &span[1], "SELECT coalesce(max(id), 0) FROM search_docs WHERE id < ?", "i",
		                  SEARCH_ID_CLASS);
	size_t need = (size_t)r->offset + (size_t)r->limit + 1;
	unsigned want = wanted_kinds(r);
	bool all = facets != NULL;  /* suggestions only read the kinds they show */
	int n_want = 0;
	for (size_t i = 0; i < ARRAY_LEN(segments); i++)
		n_want += (want & segments[i].kind) != 0;
	/* each kind is its own range of ids: its newest matches are its window.
	 * One kind asked for: a full window, more while hits are missing; many:
	 * each its share; not asked for: a small window, for the facets. */
	for (size_t i = 0; i < ARRAY_LEN(segments) && rc == PLEIN_OK; i++) {
		const struct segment *sg = &segments[i];
		bool wanted = (want & sg->kind) != 0;
		if (!wanted && !all)
			continue;
		int size = !wanted ? FACET_WINDOW : n_want <= 2 ? r->window : r->window * sg->share / 100;
		if (size < FACET_WINDOW)
			size = FACET_WINDOW;
		int windows = wanted ? SCAN_MAX / size : 1;
		rc = rank_segment(r, rank, win, match, sg->lo, sg->hi, windows > 0 ? windows : 1, span, need, size);
	}
	db_done(rank);
	db_done(win);
	if (rc != PLEIN_OK)
		return rc;
	if (r->n_cand)
		qsort(r->cand, r->n_cand, sizeof(*r->cand), cmp_found);
	int visible = 0;
	for (size_t i = 0; i < r->n_cand; i++) {
		struct found *f = &r->cand[i];
		for (int b = 0; b < SEARCH_KIND_COUNT; b++)
			if (f->hit.kind == 1u << b && facets)  /* visible: may_see and the statement decided */
				facets[b]++;
		if (!(f->hit.kind & want))
			continue;
		if (visible++ < r->offset)
			continue;
		if (*n == (size_t)r->limit) {
			*more = true;
			continue;
		}
		out[*n] = *f;
		out[(*n)++].hit.rank = (double)(visible - 1);
	}
	return PLEIN_OK;
}

/* A post's or comment's title: its first line without Markdown's leading
 * marks, at most TITLE_CHARS characters (cut at a word when it can). */
static const char *first_words(struct pool *p, const char *body)
{
	const char *s = body;
	while (*s == '\n' || *s == '\r' || *s == ' ' || *s == '#' || *s == '>' || *s == '-' || *s == '*')
		s++;
	size_t len = strcspn(s, "\n\r");
	size_t bytes = 0;
	int chars = 0;
	while (bytes < len && chars < TITLE_CHARS) {
		unsigned char c = (unsigned char)s[bytes];
		size_t k = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : 4;
		if (bytes + k > len)
			break;
		bytes += k;
		chars++;
	}
	if (bytes < len) {
		size_t cut = bytes;
		while (cut > bytes / 2 && s[cut] != ' ')
			cut--;
		if (s[cut] == ' ')
			bytes = cut;
		return pool_printf(p, "%.*s…", (int)bytes, s);
	}
	return pool_strndup(p, s, bytes);
}

static const char *url_of(struct pool *p, const struct search_hit *h)
{
	struct strbuf sb = STRBUF_INIT;
	switch (h->kind) {
	case SEARCH_PERSON: strbuf_addf(&sb, "/people/%lld", (long long)h->id); break;
	case SEARCH_POST: strbuf_addf(&sb, "/posts/%lld", (long long)h->id); break;
	case SEARCH_QUESTION: strbuf_addf(&sb, "/questions/%lld", (long long)h->id); break;
	case SEARCH_ANSWER:
		strbuf_addf(&sb, "/questions/%lld#answer-%lld", (long long)h->parent_id, (long long)h->id);
		break;
	case SEARCH_ARTICLE: strbuf_addf(&sb, "/articles/%lld", (long long)h->id); break;
	case SEARCH_COMMENT:
		strbuf_addf(&sb, "/posts/%lld#comment-%lld", (long long)h->parent_id, (long long)h->id);
		break;
	case SEARCH_GROUP: strbuf_addf(&sb, "/groups/%lld", (long long)h->id); break;
	case SEARCH_TOPIC:
		strbuf_addstr(&sb, "/topics/");
		strbuf_add_urlencoded(&sb, h->title, strlen(h->title));
		break;
	case SEARCH_GROUP_PAGE:
		strbuf_addf(&sb, "/groups/%lld/pages/%lld", (long long)h->parent_id, (long long)h->id);
		break;
	case SEARCH_GROUP_FILE:
		strbuf_addf(&sb, "/files/%lld/", (long long)h->id);
		strbuf_add_urlencoded(&sb, h->title, strlen(h->title));
		break;
	default: break;
	}
	const char *res = pool_strndup(p, sb.buf, sb.len);
	strbuf_release(&sb);
	return res;
}

/* Titles and snippets of the page's hits. */
static int describe(struct run *r, const char *match, struct found *f, size_t n)
{
	/* titles only: no snippet to cut, and search_titles holds the words */
	struct db_stmt *st = db_prepare(r->db, r->titles_only ?
		"SELECT d.title, d.body, '', '' FROM search_docs d WHERE ?1 IS NOT NULL AND d.id = ?2" :
		"SELECT d.title, d.body, highlight(search_fts, 0, char(2), char(3)), "
		"snippet(search_fts, 1, char(2), char(3), '…', 20) "
		"FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid "
		"WHERE search_fts MATCH ?1 AND search_fts.rowid = ?2");
	if (!st)
		return PLEIN_ERROR;
	for (size_t i = 0; i < n; i++) {
		struct search_hit *h = &f[i].hit;
		db_bind_str(st, 1, match);
		db_bind_int(st, 2, f[i].doc);
		int rc = db_step(st);
		if (rc == DB_ROW) {
			bool titled = *db_col_text(st, 0) != '\0';
			h->title = titled ? pool_strdup(r->p, db_col_text(st, 0)) : first_words(r->p, db_col_text(st, 1));
			if (r->titles_only)
				h->snippet = "";
			else if (*db_col_text(st, 1))
				h->snippet = pool_strdup(r->p, db_col_text(st, 3));
			else
				h->snippet = pool_strdup(r->p, db_col_text(st, 2));
		} else {
			h->title = "";
			h->snippet = "";
		}
		db_done(st);
		if (rc < 0)
			return PLEIN_ERROR;
		h->url = url_of(r->p, h);
	}
	return PLEIN_OK;
}

/* ---------- the typo fallback ---------- */

struct near_cand {
	char word[4 * SEARCH_VOCAB_MAX + 1];
	int shared, dist;
};

static int cmp_near(const void *a, const void *b)
{
	const struct near_cand *x = a, *y = b;
	if (x->dist != y->dist)
		return x->dist - y->dist;
	if (x->shared != y->shared)
		return y->shared - x->shared;
	return strcmp(x->word, y->word);
}

/* Words of the vocabulary close to word: sharing trigrams, length within
 * two, and within the distance its length allows. */
static int near_words(struct db *db, const char *word, struct search_near *out)
{
	out->n = 0;
	char tri[SEARCH_VOCAB_MAX + 2][SEARCH_TRIGRAM_BYTES];
	int len;
	int n = search_trigrams_of(word, tri, (int)ARRAY_LEN(tri), &len);
	if (n == 0 || len < SEARCH_VOCAB_MIN || len > SEARCH_VOCAB_MAX)
		return PLEIN_OK;
	int max_dist = len <= 5 ? 1 : 2;
	struct strbuf sql = STRBUF_INIT;
	strbuf_addstr(&sql, "SELECT word, count(*) AS shared FROM search_trigrams WHERE tri IN (");
	for (int i = 0; i < (int)ARRAY_LEN(tri); i++)
		strbuf_addf(&sql, "%s?%d", i ? ", " : "", i + 1);
	strbuf_addf(&sql, ") AND len BETWEEN ?%d AND ?%d GROUP BY word ORDER BY shared DESC, word LIMIT %d",
	            (int)ARRAY_LEN(tri) + 1, (int)ARRAY_LEN(tri) + 2, NEAR_CANDIDATES);
	struct db_stmt *st = db_prepare(db, sql.buf);
	strbuf_release(&sql);
	if (!st)
		return PLEIN_ERROR;
	for (int i = 0; i < (int)ARRAY_LEN(tri); i++) {
		if (i < n)
			db_bind_str(st, i + 1, tri[i]);
		else
			db_bind_null(st, i + 1);
	}
	db_bind_int(st, (int)ARRAY_LEN(tri) + 1, len - max_dist);
	db_bind_int(st, (int)ARRAY_LEN(tri) + 2, len + max_dist);
	struct near_cand c[NEAR_CANDIDATES];
	int k = 0, rc;
	while ((rc = db_step(st)) == DB_ROW && k < NEAR_CANDIDATES) {
		const char *w = db_col_text(st, 0);
		int shared = (int)db_col_int(st, 1);
		/* most trigrams differ: not the same word misspelt */
		if (shared * 3 < n || strlen(w) >= sizeof(c[k].word))
			continue;
		int d = search_word_distance(word, w);
		if (d == 0 || d > max_dist)
			continue;
		snprintf(c[k].word, sizeof(c[k].word), "%s", w);
		c[k].shared = shared;
		c[k].dist = d;
		k++;
	}
	db_done(st);
	if (rc < 0)
		return PLEIN_ERROR;
	qsort(c, (size_t)k, sizeof(c[0]), cmp_near);
	for (int i = 0; i < k && out->n < SEARCH_NEAR_MAX; i++) {
		if (strlen(c[i].word) > TEXTNORM_WORD_MAX)
			continue;
		memcpy(out->words[out->n++], c[i].word, strlen(c[i].word) + 1);
	}
	return PLEIN_OK;
}

/* The words searched instead, for "Showing results for …". */
static const char *corrected_text(struct pool *p, const struct search_terms *t, const struct search_near *near)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t k = 0; k < t->n; k++) {
		if (sb.len)
			strbuf_addch(&sb, ' ');
		if (t->t[k].exclude)
			strbuf_addch(&sb, '-');
		if (t->t[k].phrase)
			strbuf_addch(&sb, '"');
		for (int i = 0; i < t->t[k].n_words; i++)
			strbuf_addf(&sb, "%s%s", i ? " " : "", near[k].n ? near[k].words[0] : t->t[k].words[i]);
		if (t->t[k].phrase)
			strbuf_addch(&sb, '"');
	}
	const char *res = pool_strndup(p, sb.buf, sb.len);
	strbuf_release(&sb);
	return res;
}

/* ---------- searching ---------- */

/* "w1" OR "w2 w3" …: the positive terms of terms but stop words and words
 * under three characters, any of them (a phrase's
 * words in one string are a phrase to FTS5); NULL when there is none. The
 * words are folded: letters, digits and marks only. */
static const char *any_word_expr(struct pool *p, const struct search_terms *t)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t k = 0; k < t->n; k++) {
		const struct search_term *w = &t->t[k];
		/* a title shares "the" or "of" with almost every other one */
		if (w->exclude || (w->n_words == 1 && (textnorm_is_stop(w->words[0]) || utf8_length(w->words[0],
		                                                                      strlen(w->words[0])) < 3)))
			continue;
		(void)strbuf_addstr(&sb, sb.len ? " OR \"" : "\"");
		for (int i = 0; i < t->t[k].n_words; i++)
			(void)strbuf_addf(&sb, "%s%s", i ? " " : "", t->t[k].words[i]);
		(void)strbuf_addch(&sb, '"');
	}
	const char *res = sb.len ? pool_strndup(p, sb.buf, sb.len) : NULL;
	strbuf_release(&sb);
	return res;
}

/* The positive plain words of terms with their stems, for expertise (as
 * many as there are slots). */
static void expertise_terms(struct run *r, const struct search_terms *t)
{
	r->n_terms = 0;
	for (size_t k = 0; k < t->n; k++) {
		if (t->t[k].exclude || t->t[k].phrase)
			continue;
		textnorm_term forms[TEXTNORM_TERMS_MAX];
		int n = textnorm_terms(t->t[k].words[0], forms);
		for (int i = 0; i < n && r->n_terms < TERM_SLOTS; i++)
			memcpy(r->terms[r->n_terms++], forms[i], sizeof(forms[i]));
	}
}

/* Does word alone find something the viewer may see (with the query's
 * filters)? The typo fallback widens a word only to such spellings: the
 * vocabulary holds the words of hidden content too, and the correction it
 * names must never be one of those. */
static int word_visible(struct run *r, const char *word, bool *yes)
{
	struct search_terms one = { .n = 1 };
	one.t[0].n_words = 1;
	memcpy(one.t[0].words[0], word, strlen(word) + 1);
	*yes = false;
	const char *m = search_match_expr(r->p, &one, NULL);
	if (!m)
		return PLEIN_OK;
	int offset = r->offset, limit = r->limit;
	r->offset = 0;
	r->limit = 1;
	struct found f;
	size_t n = 0;
	bool more;
	int rc = ranked(r, m, &f, &n, &more, NULL);
	r->offset = offset;
	r->limit = limit;
	*yes = n > 0;
	return rc;
}

/* Keep, of a term's close spellings, the closest one the viewer may read:
 * what the widened search uses and "corrected" names. */
static int near_visible(struct run *r, struct search_near *near)
{
	for (int i = 0; i < near->n; i++) {
		bool yes;
		int rc = word_visible(r, near->words[i], &yes);
		if (rc != PLEIN_OK)
			return rc;
		if (yes) {
			if (i)
				memcpy(near->words[0], near->words[i], sizeof(near->words[0]));
			near->n = 1;
			return PLEIN_OK;
		}
	}
	near->n = 0;
	return PLEIN_OK;
}

static int search(struct run *r, bool allow_widen, struct search_page *out)
{
	const struct search_query *q = r->q;
	memset(out, 0, sizeof(*out));
	int offset;
	bool widened;
	if (q->limit < 1 || q->limit > SEARCH_PAGE_MAX || cursor_parse(q->cursor, &offset, &widened) != PLEIN_OK ||
	    (widened && !allow_widen) || q->group_id < 0 || q->author_id < 0 || q->since < 0 || q->until < 0)
		return PLEIN_INVALID;
	struct search_terms terms;
	int rc = search_query_parse(q->q, q->typing, &terms);
	if (rc != PLEIN_OK)
		return rc;
	out->items = pool_zalloc(r->p, sizeof(*out->items) * (size_t)q->limit);
	const char *match = r->any_word ? any_word_expr(r->p, &terms) : search_match_expr(r->p, &terms, NULL);
	if (!match)
		return PLEIN_OK;
	if (q->topic && *q->topic) {
		char key[TEXTNORM_WORD_MAX + 1];
		if (!markdown_topic_key(q->topic, strlen(q->topic), key, sizeof(key)))
			return PLEIN_INVALID;
		rc = db_query_int(r->db, &r->topic_id, "SELECT id FROM topics WHERE key = ?", "s", key);
		if (rc == PLEIN_NOTFOUND)
			return PLEIN_OK;  /* no such topic: nothing has it */
		if (rc != PLEIN_OK)
			return rc;
	}
	r->offset = offset;
	r->limit = q->limit;
	expertise_terms(r, &terms);
	struct found *f = pool_zalloc(r->p, sizeof(*f) * (size_t)q->limit);
	size_t n = 0;
	bool more = false;
	bool began = db_read_begin(r->db);
	if (!widened)
		rc = ranked(r, match, f, &n, &more, r->titles_only ? NULL : out->facets);
	bool capped = r->capped;  /* the words' own search, unless the widened one is shown */
	/* nothing visible: widen each word to its close spellings (deciding on
	 * visible hits only, so whether a word exists in something hidden
	 * never shows) */
	if (rc == PLEIN_OK && n == 0 && allow_widen && (widened || offset == 0)) {
		struct search_near *near = pool_zalloc(r->p, sizeof(*near) * terms.n);
		bool any = false;
		for (size_t k = 0; k < terms.n && rc == PLEIN_OK; k++) {
			const struct search_term *t = &terms.t[k];
			if (t->exclude || t->phrase || t->n_words != 1)
				continue;
			rc = near_words(r->db, t->words[0], &near[k]);
			if (rc == PLEIN_OK)
				rc = near_visible(r, &near[k]);
			any |= near[k].n > 0;
		}
		const char *wide = any && rc == PLEIN_OK ? search_match_expr(r->p, &terms, near) : NULL;
		int facets[SEARCH_KIND_COUNT] = { 0 };
		if (wide && (rc = ranked(r, wide, f, &n, &more, r->titles_only ? NULL : facets)) == PLEIN_OK && n > 0) {
			memcpy(out->facets, facets, sizeof(facets));
			match = wide;
			widened = true;
			out->corrected = corrected_text(r->p, &terms, near);
		} else {
			widened = false;
			r->capped = capped;
		}
	}
	if (rc == PLEIN_OK)
		rc = describe(r, match, f, n);
	db_read_end(r->db, began);
	out->capped = r->capped;
	free(r->cand);
	r->cand = NULL;
	if (rc != PLEIN_OK)
		return rc;
	for (size_t i = 0; i < n; i++)
		out->items[i] = f[i].hit;
	out->n = n;
	if (more && offset + q->limit <= SEARCH_OFFSET_MAX)
		out->next = pool_printf(r->p, "%s%d", widened ? "c" : "", offset + q->limit);
	return PLEIN_OK;
}

int search_run(struct db *db, struct pool *p, const struct person *viewer, const struct search_query *q,
               struct search_page *out)
{
	struct run r = { .db = db, .p = p, .viewer = viewer, .q = q, .window = WINDOW };
	return search(&r, true, out);
}

int search_suggest(struct db *db, struct pool *p, const struct person *viewer, const char *text, unsigned kinds,
                   int limit, struct search_page *out)
{
	if (limit < 1 || limit > SEARCH_SUGGEST_MAX) {
		memset(out, 0, sizeof(*out));
		return PLEIN_INVALID;
	}
	struct search_query q = { .q = text, .kinds = kinds, .limit = limit, .typing = true };
	struct run r = { .db = db, .p = p, .viewer = viewer, .q = &q, .titles_only = true, .window = SUGGEST_WINDOW };
	return search(&r, false, out);
}

int search_similar(struct db *db, struct pool *p, const struct person *viewer, const char *text, unsigned kinds,
                   int limit, struct search_page *out)
{
	memset(out, 0, sizeof(*out));
	if (limit < 1 || limit > SEARCH_SUGGEST_MAX)
		return PLEIN_INVALID;
	struct search_query q = { .q = text, .kinds = kinds, .limit = limit };
	struct run r = { .db = db, .p = p, .viewer = viewer, .q = &q, .titles_only = true, .any_word = true,
		         .window = SUGGEST_WINDOW };
	int rc = search(&r, false, out);
	if (rc == PLEIN_INVALID)  /* text too long or not UTF-8: nothing is like it */
		rc = PLEIN_OK;
	return rc;
}
