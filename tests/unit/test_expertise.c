/* test_expertise.c — "who knows X" on a fixed corpus of ten people with
 * skills, endorsements, languages, interests, titles, departments and bios:
 * the expected orderings for queries in English and Dutch (inflections,
 * diacritics, several words, nothing found), the reasons in both languages,
 * paging, deactivated people never found, endorsements (idempotent, not
 * yourself, only listed skills, withdrawn, pruned with the skill) and the
 * index kept in step with every profile write. */
#include "unit.h"
#include "core/endorsements.h"
#include "core/expertise.h"
#include "core/i18n.h"
#include "core/people.h"
#include "core/profile.h"
#include <sodium.h>

enum { ANNA, BRAM, CLAIRE, DAAN, EVA, FEMKE, GIJS, HUGO, IRIS, JEROEN, N_PEOPLE };

struct fixture {
	char dir[64];
	char path[128];
	struct db *db;
	struct pool *pool;
	int64_t id[N_PEOPLE];
};

static const struct {
	const char *name, *title, *department, *bio, *skills, *languages, *interests;
} corpus[N_PEOPLE] = {
	[ANNA] = { "Anna Bakker", "Policy advisor", "Finance", "", "Subsidies", "nl:native, en:fluent", "" },
	[BRAM] = { "Bram de Vries", "Accountant", "Finance", "", "Subsidies, Grant writing", "fr:basic", "" },
	[CLAIRE] = { "Claire Dubois", "Translator", "Communications", "", "Translation",
	             "fr:native, en:fluent, nl:working", "" },
	[DAAN] = { "Daan Visser", "Vertaler", "Communications", "", "Vertalen", "fr:fluent", "" },
	[EVA] = { "Eva Smit", "Planner", "Operations", "Ik help graag met subsidieaanvragen en vertalingen.", "",
	          "de:native", "Subsidie" },
	[FEMKE] = { "Femke Jansen", "Translation coordinator", "Operations", "", "", "fr:working", "" },
	[GIJS] = { "Gijs Mulder", "Advisor", "Finance", "", "Subsidies", "fr:native", "" },
	[HUGO] = { "Hugo Bos", "Researcher", "Research", "I read French novels.", "French literature", "", "" },
	[IRIS] = { "Iris Kok", "Financial controller", "Finance", "Ask me about budgets and forecasts.", "Budgeting",
	           "", "" },
	[JEROEN] = { "Jeroen de Wit", "Editor", "Communications", "", "", "fr:native", "" },
};

static void endorse(struct fixture *f, int who, int by, const char *skill)
{
	int64_t count;
	bool created;
	const char *canonical, *msg;
	assert_int_equal(endorsements_add(f->db, f->pool, f->id[who], f->id[by], skill, &count, &created, &canonical,
	                                  &msg), PLEIN_OK);
	assert_true(created);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (!f || unit_store_open("expertise", f->dir, f->path, &f->db, &f->pool))
		return -1;
	i18n_init();
	for (int i = 0; i < N_PEOPLE; i++) {
		char email[64];
		snprintf(email, sizeof(email), "p%d@example.com", i);
		struct person p = { .email = email, .name = corpus[i].name, .title = corpus[i].title,
		                    .department = corpus[i].department, .bio = corpus[i].bio, .role = "member",
		                    .created_at = 1700000000 };
		struct tag_list skills, interests;
		struct language_list langs;
		const char *msg;
		if (people_create_full(f->db, &p, NULL, &f->id[i]) ||
		    profile_tags_parse(f->pool, corpus[i].skills, PROFILE_SKILLS_MAX, &skills, &msg) ||
		    profile_tags_parse(f->pool, corpus[i].interests, PROFILE_INTERESTS_MAX, &interests, &msg) ||
		    profile_languages_parse(f->pool, corpus[i].languages, &langs, &msg) ||
		    profile_skills_set(f->db, f->id[i], &skills) || profile_interests_set(f->db, f->id[i], &interests) ||
		    profile_languages_set(f->db, f->id[i], &langs))
			return -1;
	}
	*state = f;
	endorse(f, ANNA, BRAM, "Subsidies");
	endorse(f, ANNA, CLAIRE, "subsidies");  /* case ignored */
	endorse(f, ANNA, DAAN, "Subsidies");
	endorse(f, ANNA, EVA, "Subsidies");
	endorse(f, CLAIRE, ANNA, "Translation");
	endorse(f, CLAIRE, DAAN, "Translation");
	endorse(f, DAAN, CLAIRE, "Vertalen");
	endorse(f, GIJS, ANNA, "Subsidies");
	endorse(f, GIJS, BRAM, "Subsidies");
	/* Gijs has left */
	return people_set_status(f->db, f->id[GIJS], "deactivated") ? -1 : 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	unit_store_close(f->dir, f->path, f->db, f->pool);
	i18n_free();
	textnorm_thread_release();
	free(f);
	return 0;
}

/* Search and compare the names in order; want ends with -1. */
static struct expertise_result check_order(struct fixture *f, const char *q, const char *lang, const int *want)
{
	struct expertise_result r;
	assert_int_equal(expertise_search(f->db, f->pool, q, lang, 50, 0, &r), PLEIN_OK);
	size_t n = 0;
	while (want[n] >= 0)
		n++;
	for (size_t i = 0; i < r.n; i++)
		print_message("  %s #%zu %s (%d words, %lld)\n", q, i + 1, r.items[i].name, r.items[i].words,
		              (long long)r.items[i].score);
	assert_int_equal(r.n, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(r.items[i].name, corpus[want[i]].name);
	assert_int_equal(r.total, n);
	assert_false(r.more);
	return r;
}

static void test_english_queries(void **state)
{
	struct fixture *f = *state;
	/* natives tie on weight: by name; the French-literature skill and the
	 * bio add up below a fluent speaker */
	check_order(f, "French", "en", (int[]){ CLAIRE, JEROEN, DAAN, HUGO, FEMKE, BRAM, -1 });
	check_order(f, "translation", "en", (int[]){ CLAIRE, FEMKE, -1 });
	check_order(f, "translate", "en", (int[]){ CLAIRE, FEMKE, -1 });
	check_order(f, "subsidies", "en", (int[]){ ANNA, BRAM, EVA, -1 });
	check_order(f, "subsidy", "en", (int[]){ ANNA, BRAM, EVA, -1 });
	check_order(f, "english", "en", (int[]){ ANNA, CLAIRE, -1 });
	/* more words matched ranks first */
	check_order(f, "French translation", "en", (int[]){ CLAIRE, FEMKE, JEROEN, DAAN, HUGO, BRAM, -1 });
	check_order(f, "subsidies grant", "en", (int[]){ BRAM, ANNA, EVA, -1 });
	/* stop words between them do not count */
	check_order(f, "who knows about budgets", "en", (int[]){ IRIS, -1 });
	check_order(f, "quantum physics", "en", (int[]){ -1 });
}

static void test_dutch_queries(void **state)
{
	struct fixture *f = *state;
	check_order(f, "Frans", "nl", (int[]){ CLAIRE, JEROEN, DAAN, FEMKE, BRAM, -1 });
	check_order(f, "vertalen", "nl", (int[]){ DAAN, EVA, -1 });
	check_order(f, "vertaling", "nl", (int[]){ DAAN, EVA, -1 });
	check_order(f, "subsidie", "nl", (int[]){ ANNA, BRAM, EVA, -1 });
	check_order(f, "Ëngels", "nl", (int[]){ ANNA, CLAIRE, -1 });
	check_order(f, "ENGELS", "nl", (int[]){ ANNA, CLAIRE, -1 });
	check_order(f, "vertalen frans", "nl", (int[]){ DAAN, CLAIRE, JEROEN, FEMKE, BRAM, EVA, -1 });
	check_order(f, "Nederlands", "nl", (int[]){ ANNA, CLAIRE, -1 });
	check_order(f, "kwantumfysica", "nl", (int[]){ -1 });
}

static void test_as_you_type(void **state)
{
	struct fixture *f = *state;
	/* a prefix of three letters or more reaches the words it starts */
	check_order(f, "transl", "en", (int[]){ CLAIRE, FEMKE, -1 });
	check_order(f, "subsid", "en", (int[]){ ANNA, BRAM, EVA, -1 });
	check_order(f, "budg", "en", (int[]){ IRIS, -1 });
	check_order(f, "bu", "en", (int[]){ -1 });
}

static void test_reasons(void **state)
{
	struct fixture *f = *state;
	struct expertise_result r = check_order(f, "French translation", "en",
	                                        (int[]){ CLAIRE, FEMKE, JEROEN, DAAN, HUGO, BRAM, -1 });
	assert_int_equal(r.items[0].n_reasons, 3);
	assert_string_equal(r.items[0].reasons[0], "French — native");
	assert_string_equal(r.items[0].reasons[1], "Endorsed for “Translation” by 2 colleagues");
	assert_string_equal(r.items[0].reasons[2], "Job title: Translator");
	assert_int_equal(r.items[1].n_reasons, 2);
	assert_string_equal(r.items[1].reasons[0], "French — working");
	assert_string_equal(r.items[1].reasons[1], "Job title: Translation coordinator");

	r = check_order(f, "French translation", "nl", (int[]){ CLAIRE, FEMKE, JEROEN, DAAN, HUGO, BRAM, -1 });
	assert_string_equal(r.items[0].reasons[0], "Frans — moedertaal");
	assert_string_equal(r.items[0].reasons[1], "Aanbevolen voor “Translation” door 2 collega's");
	assert_string_equal(r.items[0].reasons[2], "Functie: Translator");
	assert_string_equal(r.items[1].reasons[0], "Frans — werkkennis");

	r = check_order(f, "subsidies", "en", (int[]){ ANNA, BRAM, EVA, -1 });
	assert_int_equal(r.items[0].n_reasons, 1);
	assert_string_equal(r.items[0].reasons[0], "Endorsed for “Subsidies” by 4 colleagues");
	assert_string_equal(r.items[1].reasons[0], "Skill: Subsidies");
	assert_string_equal(r.items[2].reasons[0], "Interested in Subsidie");

	r = check_order(f, "vertalen", "nl", (int[]){ DAAN, EVA, -1 });
	assert_string_equal(r.items[0].reasons[0], "Aanbevolen voor “Vertalen” door 1 collega");
	assert_string_equal(r.items[0].reasons[1], "Functie: Vertaler");
	assert_string_equal(r.items[1].reasons[0], "Noemt “vertalingen” in de bio");
	r = check_order(f, "vertalen", "en", (int[]){ DAAN, EVA, -1 });
	assert_string_equal(r.items[0].reasons[0], "Endorsed for “Vertalen” by 1 colleague");
	assert_string_equal(r.items[1].reasons[0], "Mentions “vertalingen” in their bio");

	r = check_order(f, "subsidie", "nl", (int[]){ ANNA, BRAM, EVA, -1 });
	assert_string_equal(r.items[2].reasons[0], "Geïnteresseerd in Subsidie");
	r = check_order(f, "finance", "en", (int[]){ ANNA, BRAM, IRIS, -1 });
	assert_string_equal(r.items[0].reasons[0], "Department: Finance");
}

static void test_paging(void **state)
{
	struct fixture *f = *state;
	struct expertise_result a, b, c;
	assert_int_equal(expertise_search(f->db, f->pool, "french", "en", 2, 0, &a), PLEIN_OK);
	assert_int_equal(expertise_search(f->db, f->pool, "french", "en", 2, 2, &b), PLEIN_OK);
	assert_int_equal(expertise_search(f->db, f->pool, "french", "en", 2, 4, &c), PLEIN_OK);
	assert_int_equal(a.n, 2);
	assert_true(a.more);
	assert_int_equal(a.total, 6);
	assert_string_equal(a.items[1].name, "Jeroen de Wit");
	assert_string_equal(b.items[0].name, "Daan Visser");
	assert_true(b.more);
	assert_int_equal(c.n, 2);
	assert_false(c.more);
	assert_string_equal(c.items[1].name, "Bram de Vries");
	assert_int_equal(expertise_search(f->db, f->pool, "french", "en", 2, 100, &c), PLEIN_OK);
	assert_int_equal(c.n, 0);
	/* bad input */
	char longq[260];
	memset(longq, 'a', sizeof(longq) - 1);
	longq[sizeof(longq) - 1] = '\0';
	assert_int_equal(expertise_search(f->db, f->pool, longq, "en", 10, 0, &c), PLEIN_INVALID);
	assert_int_equal(expertise_search(f->db, f->pool, "ab\xff", "en", 10, 0, &c), PLEIN_INVALID);
	assert_int_equal(expertise_search(f->db, f->pool, "french", "en", 0, 0, &c), PLEIN_INVALID);
	assert_int_equal(expertise_search(f->db, f->pool, "french", "en", 10, -1, &c), PLEIN_INVALID);
	assert_int_equal(expertise_search(f->db, f->pool, " ,;!? ", "en", 10, 0, &c), PLEIN_OK);
	assert_int_equal(c.n, 0);
}

static void test_deactivated_never_found(void **state)
{
	struct fixture *f = *state;
	check_order(f, "subsidies", "en", (int[]){ ANNA, BRAM, EVA, -1 });
	assert_int_equal(people_set_status(f->db, f->id[GIJS], "active"), PLEIN_OK);
	/* back: two endorsements put him between Anna and Bram */
	check_order(f, "subsidies", "en", (int[]){ ANNA, GIJS, BRAM, EVA, -1 });
	assert_int_equal(people_set_status(f->db, f->id[GIJS], "deactivated"), PLEIN_OK);
	check_order(f, "subsidies", "en", (int[]){ ANNA, BRAM, EVA, -1 });
	/* a full rebuild agrees */
	assert_int_equal(expertise_reindex_all(f->db), PLEIN_OK);
	check_order(f, "subsidies", "en", (int[]){ ANNA, BRAM, EVA, -1 });
	check_order(f, "French translation", "en", (int[]){ CLAIRE, FEMKE, JEROEN, DAAN, HUGO, BRAM, -1 });
	bool needed = true;
	assert_int_equal(expertise_needs_rebuild(f->db, &needed), PLEIN_OK);
	assert_false(needed);
	assert_int_equal(db_exec(f->db, "DELETE FROM expertise", NULL), PLEIN_OK);
	assert_int_equal(expertise_needs_rebuild(f->db, &needed), PLEIN_OK);
	assert_true(needed);
}

static void test_endorsements(void **state)
{
	struct fixture *f = *state;
	int64_t count;
	bool created;
	const char *canonical, *msg;
	/* again: no change */
	assert_int_equal(endorsements_add(f->db, f->pool, f->id[ANNA], f->id[BRAM], "SUBSIDIES", &count, &created,
	                                  &canonical, &msg), PLEIN_OK);
	assert_false(created);
	assert_int_equal(count, 4);
	assert_string_equal(canonical, "Subsidies");
	assert_int_equal(endorsements_add(f->db, f->pool, f->id[ANNA], f->id[ANNA], "Subsidies", &count, &created,
	                                  &canonical, &msg), PLEIN_DENIED);
	assert_int_equal(endorsements_add(f->db, f->pool, f->id[ANNA], f->id[BRAM], "Juggling", &count, &created,
	                                  &canonical, &msg), PLEIN_INVALID);
	assert_string_equal(msg, "This person does not list that skill.");
	assert_int_equal(endorsements_add(f->db, f->pool, f->id[ANNA], f->id[BRAM], "", &count, &created,
	                                  &canonical, &msg), PLEIN_INVALID);
	assert_int_equal(endorsements_add(f->db, f->pool, f->id[GIJS], f->id[BRAM], "Subsidies", &count, &created,
	                                  &canonical, &msg), PLEIN_NOTFOUND);
	assert_int_equal(endorsements_add(f->db, f->pool, 999999, f->id[BRAM], "Subsidies", &count, &created,
	                                  &canonical, &msg), PLEIN_NOTFOUND);

	/* five endorsements lift Bram above Anna */
	for (int by = CLAIRE; by <= HUGO; by++)
		if (by != GIJS)
			endorse(f, BRAM, by, "Subsidies");
	check_order(f, "subsidies", "en", (int[]){ BRAM, ANNA, EVA, -1 });
	struct endorsed_skills list;
	assert_int_equal(endorsements_list(f->db, f->pool, f->id[BRAM], f->id[CLAIRE], &list), PLEIN_OK);
	assert_int_equal(list.n, 2);
	assert_string_equal(list.items[0].name, "Subsidies");
	assert_int_equal(list.items[0].count, 5);
	assert_true(list.items[0].by_viewer);
	assert_int_equal(list.items[1].count, 0);
	assert_false(list.items[1].by_viewer);

	/* withdrawn twice: the second is a no-op */
	for (int i = 0; i < 2; i++) {
		assert_int_equal(endorsements_remove(f->db, f->pool, f->id[BRAM], f->id[CLAIRE], "subsidies", &count,
		                                     &canonical, &msg), PLEIN_OK);
		assert_int_equal(count, 4);
	}
	/* dropping the skill drops its endorsements */
	struct tag_list only = { (const char *[]){ "Grant writing" }, 1 };
	assert_int_equal(profile_skills_set(f->db, f->id[BRAM], &only), PLEIN_OK);
	struct tag_list again = { (const char *[]){ "Grant writing", "Subsidies" }, 2 };
	assert_int_equal(profile_skills_set(f->db, f->id[BRAM], &again), PLEIN_OK);
	assert_int_equal(endorsements_list(f->db, f->pool, f->id[BRAM], 0, &list), PLEIN_OK);
	assert_int_equal(list.items[1].count, 0);
	check_order(f, "subsidies", "en", (int[]){ ANNA, BRAM, EVA, -1 });
}

static void test_profile_writes_reindex(void **state)
{
	struct fixture *f = *state;
	struct person_fields fields = { .title = "Tolk", .bio = "Doet vertalingen van juridische teksten." };
	assert_int_equal(people_update(f->db, f->id[IRIS], &fields), PLEIN_OK);
	check_order(f, "tolk", "nl", (int[]){ IRIS, -1 });
	check_order(f, "vertalen", "nl", (int[]){ DAAN, EVA, IRIS, -1 });
	check_order(f, "budgets", "en", (int[]){ IRIS, -1 });  /* the skill stays */
	struct language_list langs = { (struct person_language[]){ { "es", LEVEL_NATIVE } }, 1 };
	assert_int_equal(profile_languages_set(f->db, f->id[IRIS], &langs), PLEIN_OK);
	check_order(f, "Spaans", "nl", (int[]){ IRIS, -1 });
	check_order(f, "spanish", "en", (int[]){ IRIS, -1 });
	struct tag_list interests = { (const char *[]){ "Quantum physics" }, 1 };
	assert_int_equal(profile_interests_set(f->db, f->id[IRIS], &interests), PLEIN_OK);
	check_order(f, "quantum", "en", (int[]){ IRIS, -1 });
	/* a new name moves ties */
	struct person_fields rename = { .name = "Aaron Zee" };
	assert_int_equal(people_update(f->db, f->id[JEROEN], &rename), PLEIN_OK);
	struct expertise_result r;
	assert_int_equal(expertise_search(f->db, f->pool, "french", "en", 1, 0, &r), PLEIN_OK);
	assert_string_equal(r.items[0].name, "Aaron Zee");
}

static void test_query_parse(void **state)
{
	(void)state;
	struct expertise_query q;
	assert_int_equal(expertise_query_parse("Translation in FRENCH, translation!", &q), PLEIN_OK);
	assert_int_equal(q.n, 2);
	assert_string_equal(q.words[0].folded, "translation");
	assert_string_equal(q.words[1].folded, "french");
	assert_false(q.words[0].prefix);
	assert_true(q.words[1].prefix);
	assert_int_equal(expertise_query_parse("IT", &q), PLEIN_OK);
	assert_int_equal(q.n, 1);
	assert_int_equal(expertise_query_parse("de", &q), PLEIN_OK);  /* only stop words: kept */
	assert_int_equal(q.n, 1);
	assert_false(q.words[0].prefix);
	assert_int_equal(expertise_query_parse("a b c d e f g h i j k", &q), PLEIN_OK);
	assert_int_equal(q.n, EXPERTISE_WORDS_MAX);
	assert_int_equal(expertise_query_parse(NULL, &q), PLEIN_OK);
	assert_int_equal(q.n, 0);
}

/* A deactivated colleague no longer vouches: the counts shown and the
 * ranking drop at once, and come back when they do. */
static void test_deactivated_endorsers_do_not_count(void **state)
{
	struct fixture *f = *state;
	struct endorsed_skills list;
	struct expertise_result r = check_order(f, "subsidies", "en", (int[]){ ANNA, BRAM, EVA, -1 });
	int64_t score = r.items[0].score;
	/* Daan endorsed Anna (Subsidies) and Claire (Translation) */
	assert_int_equal(people_set_status(f->db, f->id[DAAN], "deactivated"), PLEIN_OK);
	assert_int_equal(endorsements_list(f->db, f->pool, f->id[ANNA], 0, &list), PLEIN_OK);
	assert_int_equal(list.items[0].count, 3);
	r = check_order(f, "subsidies", "en", (int[]){ ANNA, BRAM, EVA, -1 });
	assert_string_equal(r.items[0].reasons[0], "Endorsed for “Subsidies” by 3 colleagues");
	assert_true(r.items[0].score < score);
	r = check_order(f, "translation", "en", (int[]){ CLAIRE, FEMKE, -1 });
	assert_string_equal(r.items[0].reasons[0], "Endorsed for “Translation” by 1 colleague");
	/* endorsing again reports the active count too */
	int64_t count;
	bool created;
	const char *canonical, *msg;
	assert_int_equal(endorsements_add(f->db, f->pool, f->id[ANNA], f->id[BRAM], "Subsidies", &count, &created,
	                                  &canonical, &msg), PLEIN_OK);
	assert_int_equal(count, 3);
	/* back again, and the same inside a caller's transaction */
	assert_int_equal(db_begin(f->db), PLEIN_OK);
	assert_int_equal(people_set_status(f->db, f->id[DAAN], "active"), PLEIN_OK);
	assert_int_equal(db_commit(f->db), PLEIN_OK);
	r = check_order(f, "subsidies", "en", (int[]){ ANNA, BRAM, EVA, -1 });
	assert_string_equal(r.items[0].reasons[0], "Endorsed for “Subsidies” by 4 colleagues");
	assert_int_equal(r.items[0].score, score);
	/* a full rebuild agrees with the incremental one */
	assert_int_equal(people_set_status(f->db, f->id[DAAN], "deactivated"), PLEIN_OK);
	r = check_order(f, "subsidies", "en", (int[]){ ANNA, BRAM, EVA, -1 });
	int64_t incremental = r.items[0].score;
	assert_int_equal(expertise_reindex_all(f->db), PLEIN_OK);
	r = check_order(f, "subsidies", "en", (int[]){ ANNA, BRAM, EVA, -1 });
	assert_int_equal(r.items[0].score, incremental);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_english_queries, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dutch_queries, setup, teardown),
		cmocka_unit_test_setup_teardown(test_as_you_type, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reasons, setup, teardown),
		cmocka_unit_test_setup_teardown(test_paging, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deactivated_never_found, setup, teardown),
		cmocka_unit_test_setup_teardown(test_endorsements, setup, teardown),
		cmocka_unit_test_setup_teardown(test_profile_writes_reindex, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deactivated_endorsers_do_not_count, setup, teardown),
		cmocka_unit_test(test_query_parse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
