/* fuzz_people_query.c — libFuzzer harness for directory search. The input
 * (a NUL-terminated copy) is turned into an FTS5 query by people_fts_query
 * and run against a small temporary database made once at start-up: the
 * raw MATCH, people_list (first page and the next one) and
 * people_count_matching. Whatever the text, FTS5 must never see a syntax
 * error: the builder has to neutralise quotes, operators, column filters and
 * the like. An SQL error of any kind aborts.
 *
 * The database holds a few hand-picked people and enough generated ones
 * (over 2,000 sharing word prefixes) that people_list takes both of its
 * plans: sort the matches, or walk the name index. */
#include "lib/common.h"
#include "lib/pool.h"
#include "lib/utf8.h"
#include "core/people.h"
#include "fuzz_db.h"

#define INPUT_MAX 2048
#define GENERATED 2100

static struct db *db;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char *const people[][2] = {
		{ "zoe@example.com", "Zo\xc3\xab Jansen" },
		{ "anna@example.com", "Anna de Vries" },
		{ "near@example.com", "Near And Or" },
		{ "quote@example.com", "O'Brien \"Bob\"" },
		{ "col@example.com", "name: email" },
		{ "emoji@example.com", "\xf0\x9f\x98\x80 Smiley" },
		{ "cjk@example.com", "\xe5\xb1\xb1\xe7\x94\xb0 \xe5\xa4\xaa\xe9\x83\x8e" },
		{ "star@example.com", "*star* (paren) {brace} ^caret" },
	};
	static const char *const syll[] = { "an", "bo", "ca", "de", "el", "fi", "go", "ha" };
	UNUSED(argc);
	UNUSED(argv);
	db = fuzz_db_open("people", NULL);
	if (db_begin(db))
		abort();
	for (size_t i = 0; i < ARRAY_LEN(people); i++)
		if (people_create(db, people[i][0], people[i][1], "member", NULL, NULL))
			abort();
	for (int i = 0; i < GENERATED; i++) {
		char email[64], name[64];
		snprintf(email, sizeof(email), "gen%d@example.com", i);
		snprintf(name, sizeof(name), "%s%s %s%s", syll[i % 8], syll[(i / 8) % 8], syll[(i / 64) % 8],
		         syll[(i / 3) % 8]);
		if (people_create(db, email, name, "member", NULL, NULL))
			abort();
	}
	if (db_commit(db))
		abort();
	return 0;
}

/* The query is a space-separated list of "word"* with no quote inside. */
static void check_query(const char *fts)
{
	int words = 0;
	const char *s = fts;
	while (*s) {
		if (words && *s++ != ' ')
			abort();
		if (*s++ != '"')
			abort();
		const char *close = strchr(s, '"');
		if (!close || close == s || close[1] != '*')
			abort();
		s = close + 2;
		words++;
	}
	if (words < 1 || words > 8)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len);
int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len)
{
	if (len > INPUT_MAX)
		return 0;
	char *q = xmalloc(len + 1);
	memcpy(q, buf, len);
	q[len] = '\0';
	size_t qlen = strlen(q);
	struct pool *p = pool_new();
	const char *fts = people_fts_query(p, q);
	if (fts)
		check_query(fts);
	/* the server hands only valid UTF-8 (form_parse) to the store */
	if (!utf8_valid(q, qlen))
		goto out;
	if (fts) {
		int64_t n = -1;
		if (db_query_int(db, &n, "SELECT count(*) FROM people_fts WHERE people_fts MATCH ?", "s", fts) || n < 0)
			abort(); /* an FTS5 syntax error */
	}
	struct people_page page;
	int rc = people_list(db, p, q, NULL, 20, &page);
	if (qlen > PEOPLE_QUERY_MAX * 4) {
		if (rc != PLEIN_INVALID)
			abort();
		goto out;
	}
	if (rc != PLEIN_OK)
		abort();
	if (page.n > 20 || (page.next && page.n != 20))
		abort();
	if (page.next) {
		struct people_page more;
		if (people_list(db, p, q, page.next, 20, &more) != PLEIN_OK)
			abort();
		/* the next page starts after the last row of this one */
		for (size_t i = 0; i < more.n; i++)
			if (more.items[i]->id == page.items[page.n - 1]->id)
				abort();
	}
	int64_t count = -1;
	if (people_count_matching(db, p, q, &count) != PLEIN_OK || count < (int64_t)page.n)
		abort();
out:
	pool_free(p);
	free(q);
	return 0;
}
