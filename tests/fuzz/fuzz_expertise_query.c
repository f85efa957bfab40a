/* fuzz_expertise_query.c — libFuzzer harness for "who knows X". The input
 * (a NUL-terminated copy) goes through word splitting, folding and stemming
 * (textnorm_each_word, textnorm_terms), query parsing
 * (expertise_query_parse) and a search with reasons in both languages
 * against a small temporary database made once at start-up, then the next
 * page. Invariants: every folded word and term is valid UTF-8 within the
 * size limit, results are in rank order, at most 3 reasons each, pages do
 * not overlap, and no storage error ever happens. */
#include "lib/common.h"
#include "lib/pool.h"
#include "lib/utf8.h"
#include "core/endorsements.h"
#include "core/expertise.h"
#include "core/i18n.h"
#include "core/people.h"
#include "core/profile.h"
#include <sodium.h>
#include <unistd.h>
#include "fuzz_db.h"

#define INPUT_MAX 2048

static struct db *db;

/* the harness's own state, before the database goes */
static void release(void)
{
	i18n_free();
	textnorm_thread_release();
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const struct {
		const char *name, *title, *bio, *skills, *langs;
	} people[] = {
		{ "Anna Bakker", "Policy advisor", "Subsidies and grants.", "Subsidies, Grant writing", "nl:native, en:fluent" },
		{ "Claire Dubois", "Translator", "Vertalingen, traductions", "Translation, Vertalen", "fr:native" },
		{ "Zoë Ørsted", "Café owner", "Ëngels, Straße, 山田", "Café, C, IT", "de:basic" },
		{ "Name \"Quote\"", "* (paren) {brace}", "a b c d e f g h i j", "x, y, z", "es:working" },
	};
	static const char *const syll[] = { "tra", "ver", "sub", "fre", "eng", "bud", "cafe", "it" };
	UNUSED(argc);
	UNUSED(argv);
	i18n_init();
	db = fuzz_db_open("expertise", release);
	struct pool *p = pool_new();
	int64_t ids[ARRAY_LEN(people) + 40];
	size_t n = 0;
	for (size_t i = 0; i < ARRAY_LEN(people) + 40; i++) {
		char email[64], name[64], skills[64];
		snprintf(email, sizeof(email), "p%zu@example.com", i);
		struct person x = { .email = email, .role = "member", .created_at = 1700000000 };
		const char *sk, *langs;
		if (i < ARRAY_LEN(people)) {
			x.name = people[i].name;
			x.title = people[i].title;
			x.bio = people[i].bio;
			sk = people[i].skills;
			langs = people[i].langs;
		} else {
			/* many people sharing prefixes, so lists get cut and pages follow */
			snprintf(name, sizeof(name), "Gen %s%zu", syll[i % 8], i);
			snprintf(skills, sizeof(skills), "%s%s, %s", syll[i % 8], syll[(i / 8) % 8], syll[(i / 3) % 8]);
			x.name = name;
			x.title = syll[(i / 5) % 8];
			x.bio = skills;
			sk = skills;
			langs = i % 2 ? "fr:fluent" : "en:native";
		}
		struct tag_list tl;
		struct language_list ll;
		const char *msg;
		if (people_create_full(db, &x, NULL, &ids[n]) ||
		    profile_tags_parse(p, sk, PROFILE_SKILLS_MAX, &tl, &msg) || profile_skills_set(db, ids[n], &tl) ||
		    profile_languages_parse(p, langs, &ll, &msg) || profile_languages_set(db, ids[n], &ll))
			abort();
		n++;
	}
	int64_t count;
	bool created;
	const char *canonical, *msg;
	if (endorsements_add(db, p, ids[0], ids[1], "Subsidies", &count, &created, &canonical, &msg))
		abort();
	pool_free(p);
	return 0;
}

static int check_word(void *arg, const char *orig, size_t orig_len, const char *folded)
{
	textnorm_term terms[TEXTNORM_TERMS_MAX];
	size_t len = strlen(folded);
	if (len == 0 || len > TEXTNORM_WORD_MAX || !utf8_valid(folded, len) || orig_len == 0)
		abort();
	int n = textnorm_terms(folded, terms);
	if (n < 1 || n > TEXTNORM_TERMS_MAX)
		abort();
	for (int i = 0; i < n; i++)
		if (!utf8_valid(terms[i], strlen(terms[i])))
			abort();
	(*(size_t *)arg)++;
	return 0;
}

static void check_page(const struct expertise_result *r, int limit)
{
	if (r->n > (size_t)limit)
		abort();
	for (size_t i = 0; i < r->n; i++) {
		const struct expert *e = &r->items[i];
		if (e->n_reasons < 1 || e->n_reasons > EXPERTISE_REASONS_MAX || e->words < 1 || e->score <= 0)
			abort();
		for (size_t k = 0; k < e->n_reasons; k++)
			if (!e->reasons[k] || !*e->reasons[k] || !utf8_valid(e->reasons[k], strlen(e->reasons[k])))
				abort();
		if (i > 0 && (r->items[i - 1].words < e->words ||
		              (r->items[i - 1].words == e->words && r->items[i - 1].score < e->score)))
			abort();  /* out of rank order */
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len);
int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len)
{
	if (len > INPUT_MAX)
		return 0;
	char *q = xmalloc(len + 1);
	memcpy(q, buf, len);
	q[len] = '\0';
	size_t qlen = strlen(q), words = 0;
	struct pool *p = pool_new();
	/* the word walk takes any bytes: invalid UTF-8 separates words */
	(void)textnorm_each_word(q, qlen, check_word, &words);
	struct expertise_query query;
	int rc = expertise_query_parse(q, &query);
	bool valid = utf8_valid(q, qlen) && utf8_length(q, qlen) <= EXPERTISE_QUERY_MAX;
	if ((rc == PLEIN_OK) != valid)
		abort();
	if (rc == PLEIN_OK && (query.n > EXPERTISE_WORDS_MAX || query.n > words))
		abort();
	for (int lang = 0; lang < 2; lang++) {
		struct expertise_result a, b;
		rc = expertise_search(db, p, q, lang ? "nl" : "en", 5, 0, &a);
		if (!valid) {
			if (rc != PLEIN_INVALID)
				abort();
			break;
		}
		if (rc != PLEIN_OK)
			abort();
		check_page(&a, 5);
		if (query.n == 0 && a.n)
			abort();
		if (!a.more)
			continue;
		if (expertise_search(db, p, q, lang ? "nl" : "en", 5, 5, &b) != PLEIN_OK)
			abort();
		check_page(&b, 5);
		for (size_t i = 0; i < a.n; i++)
			for (size_t j = 0; j < b.n; j++)
				if (a.items[i].id == b.items[j].id)
					abort();  /* pages overlap */
	}
	pool_free(p);
	free(q);
	return 0;
}
