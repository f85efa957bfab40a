/* search.h — one search over everything people write and are: people,
 * posts, comments, groups, topics, group pages and group file names,
 * questions, answers and articles. The interface is the contract;
 * core/search_sqlite.c implements it over SQLite FTS5, and a PostgreSQL
 * implementation can serve the same calls (docs/design-search.md).
 *
 * Three parts:
 *   - the query language (search_query_parse): words, "phrases", -excluded
 *     words, the last word as a prefix while typing; words are matched
 *     ignoring case and diacritics, and through their Dutch and English
 *     stems (core/textnorm.h), so "fietsen" finds "fiets";
 *   - running a search (search_run, search_suggest): hits in rank order
 *     (relevance blended with recency), each one the viewer may see —
 *     core/visibility.c decides, and a hit the viewer may not see is never
 *     returned nor counted; when nothing visible is found, words are
 *     widened to the index's close spellings ("subsidei" → "subsidie");
 *   - keeping the index current (search_index_*): writers call these inside
 *     their own transaction after changing what is indexed, so the index
 *     commits or rolls back with the write. Each call re-reads its object
 *     and writes or removes its entry; calling one twice is harmless. */
#ifndef PLEIN_SEARCH_H
#define PLEIN_SEARCH_H
#include "core/people.h"
#include "core/textnorm.h"
#include "db/db.h"
#include "lib/pool.h"

#define SEARCH_QUERY_MAX 200     /* characters of q */
#define SEARCH_TERMS_MAX 8       /* words and phrases of a query that count */
#define SEARCH_PHRASE_WORDS 8    /* words of one phrase */
#define SEARCH_PAGE_MAX 50
#define SEARCH_OFFSET_MAX 1000   /* hits a cursor may skip: deeper pages are refused */
#define SEARCH_SUGGEST_MAX 10

/* What a hit is. Bits, so a query can ask for several. */
enum search_kind {
	SEARCH_PERSON = 1u << 0,
	SEARCH_POST = 1u << 1,
	SEARCH_COMMENT = 1u << 2,
	SEARCH_GROUP = 1u << 3,
	SEARCH_TOPIC = 1u << 4,
	SEARCH_GROUP_PAGE = 1u << 5,
	SEARCH_GROUP_FILE = 1u << 6,
	SEARCH_QUESTION = 1u << 7,
	SEARCH_ANSWER = 1u << 8,     /* id: the answer; parent_id: its question */
	SEARCH_ARTICLE = 1u << 9,
};
#define SEARCH_KINDS_ALL 0x3ffu
#define SEARCH_KIND_COUNT 10     /* bits of SEARCH_KINDS_ALL: facets[i] counts kind 1u << i */

/* "person", "post", "comment", "group", "topic", "group_page", "group_file",
 * "question", "answer", "article" (the API's `kind`); NULL for anything else. */
const char *search_kind_name(unsigned kind);
/* A comma-separated list of kind names into bits. "" → 0 (all kinds).
 * PLEIN_INVALID for an unknown name. */
int search_kinds_parse(const char *s, unsigned *kinds) WARN_UNUSED;

/* ---------- the query language ---------- */

/* One term: a word (n_words 1) or a phrase; words are folded (case and
 * diacritics gone), so they hold letters, digits and marks only. */
struct search_term {
	textnorm_term words[SEARCH_PHRASE_WORDS];
	int n_words;
	bool phrase;    /* written in quotes: the words in this order */
	bool exclude;   /* written with a leading '-': hits must not have it */
	bool prefix;    /* the last word typed: also words that start with it */
};

struct search_terms {
	struct search_term t[SEARCH_TERMS_MAX];
	size_t n;
};

/* Split q into terms. typing: the last word, when the text does not end in a
 * space or a quote, also matches as a prefix. Stop words ("de", "the") are
 * dropped from plain words when other words remain (kept in phrases);
 * duplicates dropped; at most SEARCH_TERMS_MAX terms. Exclusions only count
 * beside at least one other term. PLEIN_INVALID when q is not valid UTF-8
 * or longer than SEARCH_QUERY_MAX characters; out->n may be 0. */
int search_query_parse(const char *q, bool typing, struct search_terms *out) WARN_UNUSED;

/* ---------- running a search ---------- */

struct search_query {
	const char *q;          /* what was typed */
	unsigned kinds;         /* SEARCH_* bits; 0: every kind */
	int64_t group_id;       /* 0, or only what is in this group (posts, their comments, pages, files) */
	int64_t author_id;      /* 0, or only what this person wrote (posts, comments, pages, files) */
	const char *topic;      /* NULL, or only posts (and their comments) with this topic */
	int64_t since, until;   /* unix seconds, 0: open; on when it was written */
	const char *cursor;     /* NULL/"" for the first page; else the `next` of the page before */
	int limit;              /* 1 … SEARCH_PAGE_MAX */
	bool typing;            /* the last word is still being typed (see search_query_parse) */
};

/* Highlights in snippets and titles are marked with these two bytes (never
 * in stored text: every text plein stores refuses control characters), so
 * a renderer escapes the text first and then turns them into tags. */
#define SEARCH_MARK_BEGIN '\x02'
#define SEARCH_MARK_END '\x03'

struct search_hit {
	unsigned kind;          /* one SEARCH_* bit */
	int64_t id;             /* of the person, post, comment, group, topic, page or file */
	int64_t parent_id;      /* comment: its post; group page or file: its group; else 0 */
	int64_t group_id;       /* where it is: a post's, comment's, page's or file's group; 0 */
	const char *title;      /* plain text: a name, a page's or file's title, a post's first words */
	const char *snippet;    /* plain text with SEARCH_MARK_* around the matched words; may be "" */
	const char *url;        /* a local path to open it */
	double rank;            /* lower is better (comparable within one search only) */
	int64_t created_at;     /* 0 for people, groups and topics */
};

struct search_page {
	struct search_hit *items;
	size_t n;
	const char *next;       /* cursor of the next page; NULL on the last */
	/* When nothing visible matched q and close spellings were tried
	 * instead, the words searched ("subsidie"); else NULL. Only set when
	 * that found something the viewer may see. */
	const char *corrected;
	/* Visible hits per kind (facets[i] for kind 1u << i) among the matches
	 * searched, whatever q->kinds asked for (the other filters apply); never
	 * counts a hit the viewer may not see. Bounded: counted within the window
	 * of matches a search ranks (docs/design-search.md "Speed"), so `capped`
	 * says there were more matches than were looked at. */
	int facets[SEARCH_KIND_COUNT];
	bool capped;
};

/* A page of hits for the viewer (NULL: anonymous), strings in p.
 * PLEIN_INVALID for a query search_query_parse refuses, a bad cursor, a
 * limit out of range or an unknown topic form; a query without terms gives
 * an empty page. */
int search_run(struct db *db, struct pool *p, const struct person *viewer, const struct search_query *q,
               struct search_page *out) WARN_UNUSED;
/* As you type: at most limit (≤ SEARCH_SUGGEST_MAX) hits for q with its
 * last word as a prefix, titles only (snippet ""), no close spellings. */
int search_suggest(struct db *db, struct pool *p, const struct person *viewer, const char *q, unsigned kinds,
                   int limit, struct search_page *out) WARN_UNUSED;

/* Titles like text (a question being typed): hits of the kinds whose title
 * holds ANY of text's words (through stems; stop words dropped when other
 * words remain), more and rarer shared words first, newest first among
 * equals; visible ones only, at most limit (≤ SEARCH_SUGGEST_MAX), snippets
 * "". Text that is not valid or holds no word gives an empty page. */
int search_similar(struct db *db, struct pool *p, const struct person *viewer, const char *text, unsigned kinds,
                   int limit, struct search_page *out) WARN_UNUSED;

/* A snippet or title with its marks made safe HTML: the text escaped, the
 * marked words in <mark>…</mark> (unbalanced marks are closed or dropped). */
const char *search_marks_html(struct pool *p, const char *marked);
/* The same text without its marks. */
const char *search_marks_strip(struct pool *p, const char *marked);

/* ---------- keeping the index current ---------- */
/* Each call reads its object now and makes its entry agree: written when
 * it exists and is live, removed when it is gone or deleted (a person who
 * is not active, a deleted post with its comments, a deleted group with
 * its pages and files). Call inside the writer's transaction. Who may see
 * an entry is never stored: it is decided at search time, so a group
 * turned secret or a post moved needs no call. */
int search_index_person(struct db *db, int64_t person_id) WARN_UNUSED;
int search_index_post(struct db *db, int64_t post_id) WARN_UNUSED;
int search_index_comment(struct db *db, int64_t comment_id) WARN_UNUSED;
int search_index_group(struct db *db, int64_t group_id) WARN_UNUSED;
int search_index_topic(struct db *db, int64_t topic_id) WARN_UNUSED;
int search_index_group_page(struct db *db, int64_t page_id) WARN_UNUSED;
int search_index_group_file(struct db *db, int64_t attachment_id) WARN_UNUSED;

/* Build the whole index again from the tables (demo data, bulk imports, an
 * upgrade, a change of the tokenizer's rules), in one transaction. */
int search_rebuild(struct db *db) WARN_UNUSED;
/* The index was never built from scratch (a database from before search,
 * or a new one): `plein serve` then builds it at start. */
int search_needs_rebuild(struct db *db, bool *needed) WARN_UNUSED;
#endif
