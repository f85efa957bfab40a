/* fuzz_search_query.c — libFuzzer harness for the search query language
 * and the searches that use it. The first byte picks "typing" (its low
 * bit); the rest is split at the first '\n' into a query and a cursor.
 * Whatever the bytes: search_query_parse answers PLEIN_OK or PLEIN_INVALID
 * with at most SEARCH_TERMS_MAX terms of letters, digits and marks; the
 * MATCH expression built from them is valid FTS5 (it runs against the
 * real index of a small corpus without error); search_run and
 * search_suggest answer PLEIN_OK or PLEIN_INVALID with pages no larger
 * than asked; marks made HTML hold no markup but <mark>. */
#include "lib/common.h"
#include "lib/pool.h"
#include "lib/utf8.h"
#include "core/posts.h"
#include "core/search_internal.h"
#include "core/visibility.h"
#include "fuzz_db.h"

#define INPUT_MAX 2048

static struct db *db;
static struct pool *keep;
static struct person *viewer;

static void release(void)
{
	pool_free(keep);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char *const texts[] = {
		"Mijn fiets staat bij de ingang.", "De samenwerking met de gemeente verloopt goed.",
		"Een privé kwestie: NEAR AND OR NOT \"quoted\" (brackets) col:umn ^start *star*",
		"The translation of the annual report is finished.", "Nieuwe subsidie aangevraagd #Subsidies",
		"\xe5\xb1\xb1\xe7\x94\xb0 \xf0\x9f\x98\x80 Zo\xc3\xab \xc3\x9f", "e-mail adres@example.com 2024-01-31",
	};
	UNUSED(argc);
	UNUSED(argv);
	db = fuzz_db_open("search", release);
	keep = pool_new();
	int64_t id;
	if (people_create(db, "ann@example.com", "Ann Vertaler", "member", NULL, &id) ||
	    visibility_person_get(db, keep, id, &viewer))
		abort();
	for (size_t i = 0; i < ARRAY_LEN(texts); i++) {
		struct post_input in = { .text = texts[i] };
		const char *msg;
		int64_t pid;
		if (posts_create(db, keep, viewer, &in, &pid, &msg))
			abort();
	}
	return 0;
}

static void check_terms(const struct search_terms *t)
{
	if (t->n > SEARCH_TERMS_MAX)
		abort();
	for (size_t k = 0; k < t->n; k++) {
		if (t->t[k].n_words < 1 || t->t[k].n_words > SEARCH_PHRASE_WORDS)
			abort();
		for (int i = 0; i < t->t[k].n_words; i++) {
			const unsigned char *w = (const unsigned char *)t->t[k].words[i];
			if (!*w || strlen((const char *)w) > TEXTNORM_WORD_MAX)
				abort();
			for (; *w; w++)  /* ASCII in a word: letters and digits only */
				if (*w < 0x80 && !((*w >= '0' && *w <= '9') || (*w >= 'a' && *w <= 'z')))
					abort();
		}
	}
}

static void check_html(struct pool *p, const char *marked)
{
	const char *h = search_marks_html(p, marked);
	for (const char *c = h; *c; c++) {
		if (*c == '<') {
			if (strncmp(c, "<mark>", 6) == 0)
				c += 5;
			else if (strncmp(c, "</mark>", 7) == 0)
				c += 6;
			else
				abort();
		} else if (*c == '>' || *c == '"' || *c == '\'' || *c == SEARCH_MARK_BEGIN || *c == SEARCH_MARK_END) {
			abort();
		}
	}
}

static void run(struct pool *p, const char *q, const char *cursor, bool typing)
{
	struct search_terms t;
	int rc = search_query_parse(q, typing, &t);
	if (rc != PLEIN_OK && rc != PLEIN_INVALID)
		abort();
	if (rc == PLEIN_OK) {
		check_terms(&t);
		const char *match = search_match_expr(p, &t, NULL);
		int64_t n;
		if (match && db_query_int(db, &n, "SELECT count(*) FROM search_fts WHERE search_fts MATCH ?", "s", match))
			abort();
	}
	struct search_query sq = { .q = q, .cursor = cursor, .limit = 3, .typing = typing };
	struct search_page pg;
	rc = search_run(db, p, viewer, &sq, &pg);
	if (rc == PLEIN_OK) {
		if (pg.n > 3 || (pg.next && pg.n != 3))
			abort();
		for (size_t i = 0; i < pg.n; i++) {
			check_html(p, pg.items[i].snippet);
			check_html(p, pg.items[i].title);
		}
	} else if (rc != PLEIN_INVALID) {
		abort();
	}
	rc = search_suggest(db, p, viewer, q, 0, 5, &pg);
	if ((rc != PLEIN_OK && rc != PLEIN_INVALID) || (rc == PLEIN_OK && pg.n > 5))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len);
int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len)
{
	if (len < 1 || len > INPUT_MAX)
		return 0;
	bool typing = buf[0] & 1;
	char *in = xmalloc(len);
	memcpy(in, buf + 1, len - 1);
	in[len - 1] = '\0';
	if (strlen(in) != len - 1) {  /* the server hands no NUL to the store */
		free(in);
		return 0;
	}
	char *cursor = strchr(in, '\n');
	if (cursor)
		*cursor++ = '\0';
	struct pool *p = pool_new();
	/* any bytes: invalid UTF-8 must be refused, not searched */
	run(p, in, cursor, typing);
	check_html(p, in);
	if (utf8_valid(in, strlen(in))) {
		/* the typo helpers on the query's own words */
		const char *space = strchr(in, ' ');
		if (space) {
			char *a = pool_strndup(p, in, (size_t)(space - in));
			int d = search_word_distance(a, space + 1);
			if (d != search_word_distance(space + 1, a))
				abort();
		}
	}
	pool_free(p);
	free(in);
	return 0;
}
