/* test_directory.c — the directory: each filter alone and combined against
 * a brute-force answer over a known organisation, facet counts, both sort
 * orders, keyset pages without duplicates or gaps, deactivated people left
 * out, bad cursors and words refused, departments and the org chart. */
#include "unit.h"
#include "core/directory.h"
#include "core/profile.h"
#include <sodium.h>
#include <strings.h>

#define N 41
static const char *depts[] = { "Finance", "IT", "Legal" };
static const char *locs[] = { "Utrecht", "Remote", "Zwolle", "Den Haag" };
static struct db *db;
static char dir[64], path[128];
static int64_t ids[N];

/* person i's profile, by rule */
static bool has_excel(int i) { return i % 2 == 0; }
static bool has_python(int i) { return i % 3 == 0; }
static bool likes_chess(int i) { return i % 5 == 0; }
static int english(int i) { return i % 2 ? LEVEL_FLUENT : i % 4 == 0 ? LEVEL_BASIC : 0; }
static bool deactivated(int i) { return i == 6; }

static int setup(void **state)
{
	UNUSED(state);
	if (sodium_init() < 0 || !(db = unit_db_create("directory", dir, path)))
		return -1;
	directory_cache_clear();
	if (db_begin(db))
		return -1;
	for (int i = 0; i < N; i++) {
		char email[64], name[64];
		snprintf(email, sizeof(email), "p%d@example.com", i);
		/* mixed case so that name order must ignore it */
		snprintf(name, sizeof(name), "%s %02d", i % 3 == 0 ? "anna" : i % 3 == 1 ? "Bram" : "Cees", (i * 7) % N);
		struct person p = { .email = email, .name = name, .department = depts[i % 3], .location = locs[i % 4],
		                    .created_at = 1000 + (i / 2) * 10, .role = i == 7 ? "alumni" : "member" };
		if (people_create_full(db, &p, NULL, &ids[i]))
			return -1;
		const char *sk[2];
		struct tag_list skills = { .items = sk, .n = 0 };
		if (has_excel(i))
			sk[skills.n++] = "Excel";
		if (has_python(i))
			sk[skills.n++] = "Python";
		const char *in[1] = { "Chess" };
		struct tag_list interests = { .items = in, .n = likes_chess(i) ? 1 : 0 };
		struct person_language pl[3] = { { "nl", LEVEL_NATIVE } };
		struct language_list langs = { .items = pl, .n = 1 };
		if (english(i))
			pl[langs.n++] = (struct person_language){ "en", english(i) };
		if (profile_skills_set(db, ids[i], &skills) || profile_interests_set(db, ids[i], &interests) ||
		    profile_languages_set(db, ids[i], &langs))
			return -1;
		if (i > 0 && people_set_manager(db, ids[i], ids[(i - 1) / 3]))  /* a tree of three */
			return -1;
	}
	for (int i = 0; i < N; i++)
		if (deactivated(i) && people_set_status(db, ids[i], "deactivated"))
			return -1;
	return db_commit(db);
}

static int teardown(void **state)
{
	UNUSED(state);
	directory_cache_clear();
	db_close(db);
	unit_db_remove(dir, path);
	return 0;
}

static int index_of(int64_t id)
{
	for (int i = 0; i < N; i++)
		if (ids[i] == id)
			return i;
	return -1;
}

/* Every page of f (limit as set), checking order, no repeats; returns how
 * many people, and marks them in seen. */
static int walk(struct pool *p, struct directory_filter f, bool seen[N])
{
	int total = 0;
	const struct person *prev = NULL;
	memset(seen, 0, N * sizeof(bool));
	for (int pages = 0; pages < 100; pages++) {
		struct people_page page;
		assert_int_equal(directory_search(db, p, &f, &page), PLEIN_OK);
		for (size_t k = 0; k < page.n; k++) {
			const struct person *x = page.items[k];
			int i = index_of(x->id);
			assert_true(i >= 0);
			assert_false(seen[i]);
			seen[i] = true;
			total++;
			if (prev && f.sort == DIRECTORY_SORT_NAME) {
				int c = strcasecmp(prev->name, x->name);
				assert_true(c < 0 || (c == 0 && prev->id < x->id));
			}
			if (prev && f.sort == DIRECTORY_SORT_NEWEST)
				assert_true(prev->created_at > x->created_at ||
				            (prev->created_at == x->created_at && prev->id > x->id));
			prev = x;
		}
		if (!page.next)
			return total;
		assert_int_equal((int)page.n, f.limit);
		f.cursor = page.next;
	}
	fail_msg("too many pages");
	return -1;
}

/* The filter's answer equals the rule's, for both sorts and two page sizes. */
static void expect(struct directory_filter f, bool (*rule)(int))
{
	struct pool *p = pool_new();
	bool seen[N];
	int want = 0;
	for (int i = 0; i < N; i++)
		want += !deactivated(i) && rule(i);
	for (int sort = 0; sort < 2; sort++) {
		for (int lim = 0; lim < 2; lim++) {
			f.sort = sort ? DIRECTORY_SORT_NEWEST : DIRECTORY_SORT_NAME;
			f.limit = lim ? 100 : 4;
			assert_int_equal(walk(p, f, seen), want);
			for (int i = 0; i < N; i++)
				assert_int_equal(seen[i], !deactivated(i) && rule(i));
		}
	}
	int64_t n;
	assert_int_equal(directory_count(db, p, &f, &n), PLEIN_OK);
	assert_int_equal(n, want);
	pool_free(p);
}

static bool all(int i) { UNUSED(i); return true; }
static bool in_finance(int i) { return i % 3 == 0; }
static bool in_remote(int i) { return i % 4 == 1; }
static bool excel(int i) { return has_excel(i); }
static bool english_fluent(int i) { return english(i) >= LEVEL_FLUENT; }
static bool english_any(int i) { return english(i) > 0; }
static bool chess(int i) { return likes_chess(i); }
static bool finance_excel_english(int i) { return in_finance(i) && has_excel(i) && english(i) > 0; }
static bool python_remote_chess(int i) { return has_python(i) && in_remote(i) && likes_chess(i); }
static bool none(int i) { UNUSED(i); return false; }
static bool anna_it(int i) { return i % 3 == 0 && i % 3 == 1; }
static bool anna(int i) { return i % 3 == 0; }

static void test_filters_alone(void **state)
{
	UNUSED(state);
	expect((struct directory_filter){ 0 }, all);
	expect((struct directory_filter){ .department = "Finance" }, in_finance);
	expect((struct directory_filter){ .location = "Remote" }, in_remote);
	expect((struct directory_filter){ .skill = "excel" }, excel);  /* case ignored */
	expect((struct directory_filter){ .language = "en", .min_level = LEVEL_FLUENT }, english_fluent);
	expect((struct directory_filter){ .language = "en" }, english_any);
	expect((struct directory_filter){ .interest = "Chess" }, chess);
	expect((struct directory_filter){ .q = "anna" }, anna);
}

static void test_filters_combined(void **state)
{
	UNUSED(state);
	expect((struct directory_filter){ .department = "Finance", .skill = "Excel", .language = "en" },
	       finance_excel_english);
	expect((struct directory_filter){ .skill = "Python", .location = "Remote", .interest = "chess" },
	       python_remote_chess);
	expect((struct directory_filter){ .q = "anna", .department = "IT" }, anna_it);
	/* unknown values: no one, and no error */
	expect((struct directory_filter){ .skill = "Underwater basket weaving" }, none);
	expect((struct directory_filter){ .interest = "Nothing at all" }, none);
	expect((struct directory_filter){ .department = "Nowhere" }, none);
	expect((struct directory_filter){ .language = "xx" }, none);
}

static int64_t count_of(const struct facet *f, const char *value)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->items[i].value, value) == 0)
			return f->items[i].count;
	return 0;
}

static void test_facets(void **state)
{
	UNUSED(state);
	struct pool *p = pool_new();
	struct directory_facets fc;
	/* nothing filtered: everyone active */
	assert_int_equal(directory_facets(db, p, &(struct directory_filter){ .limit = 1 }, &fc), PLEIN_OK);
	int64_t fin = 0, excel_n = 0, en = 0, chess_n = 0, remote = 0;
	for (int i = 0; i < N; i++) {
		if (deactivated(i))
			continue;
		fin += in_finance(i);
		excel_n += has_excel(i);
		en += english(i) > 0;
		chess_n += likes_chess(i);
		remote += in_remote(i);
	}
	assert_int_equal(fc.total, N - 1);
	assert_int_equal(count_of(&fc.department, "Finance"), fin);
	assert_int_equal(count_of(&fc.location, "Remote"), remote);
	assert_int_equal(count_of(&fc.skill, "Excel"), excel_n);
	assert_int_equal(count_of(&fc.language, "en"), en);
	assert_int_equal(count_of(&fc.language, "nl"), N - 1);
	assert_int_equal(count_of(&fc.interest, "Chess"), chess_n);
	/* ordered by count */
	for (size_t i = 1; i < fc.department.n; i++)
		assert_true(fc.department.items[i - 1].count >= fc.department.items[i].count);

	/* department=Finance, skill=Excel: each facet leaves its own filter out */
	struct directory_filter f = { .department = "Finance", .skill = "Excel", .limit = 1 };
	assert_int_equal(directory_facets(db, p, &f, &fc), PLEIN_OK);
	int64_t both = 0, dept_it_excel = 0, fin_python = 0, fin_excel_en = 0;
	for (int i = 0; i < N; i++) {
		if (deactivated(i))
			continue;
		both += in_finance(i) && has_excel(i);
		dept_it_excel += i % 3 == 1 && has_excel(i);
		fin_python += in_finance(i) && has_python(i);
		fin_excel_en += in_finance(i) && has_excel(i) && english(i) > 0;
	}
	assert_int_equal(fc.total, both);
	assert_int_equal(count_of(&fc.department, "IT"), dept_it_excel);  /* other departments stay selectable */
	assert_int_equal(count_of(&fc.skill, "Python"), fin_python);
	assert_int_equal(count_of(&fc.language, "en"), fin_excel_en);
	pool_free(p);
}

static void test_language_level_facet(void **state)
{
	UNUSED(state);
	struct pool *p = pool_new();
	struct directory_facets fc;
	struct directory_filter f = { .min_level = LEVEL_FLUENT, .location = "Utrecht", .limit = 1 };
	assert_int_equal(directory_facets(db, p, &f, &fc), PLEIN_OK);
	int64_t want = 0;
	for (int i = 0; i < N; i++)
		want += !deactivated(i) && i % 4 == 0 && english(i) >= LEVEL_FLUENT;
	assert_int_equal(count_of(&fc.language, "en"), want);
	pool_free(p);
}

static void test_bad_input(void **state)
{
	UNUSED(state);
	struct pool *p = pool_new();
	struct people_page page;
	const char *field, *msg;
	struct directory_filter f = { .limit = 10 };
	assert_int_equal(directory_filter_check(&f, "oldest", NULL, &field, &msg), PLEIN_INVALID);
	assert_string_equal(field, "sort");
	assert_int_equal(directory_filter_check(&f, "newest", "superb", &field, &msg), PLEIN_INVALID);
	assert_string_equal(field, "level");
	assert_int_equal(directory_filter_check(&f, "newest", "fluent", &field, &msg), PLEIN_OK);
	assert_int_equal(f.sort, DIRECTORY_SORT_NEWEST);
	assert_int_equal(f.min_level, LEVEL_FLUENT);
	assert_int_equal(directory_filter_check(&f, NULL, "2", &field, &msg), PLEIN_OK);
	assert_int_equal(f.min_level, LEVEL_WORKING);
	f.department = "bad\x01";
	assert_int_equal(directory_filter_check(&f, NULL, NULL, &field, &msg), PLEIN_INVALID);
	assert_string_equal(field, "department");
	f.department = NULL;
	f.limit = 0;
	assert_int_equal(directory_filter_check(&f, NULL, NULL, &field, &msg), PLEIN_INVALID);

	/* cursors: garbage, and one sort's cursor given to the other */
	struct directory_filter g = { .limit = 3, .cursor = "!!!" };
	assert_int_equal(directory_search(db, p, &g, &page), PLEIN_INVALID);
	g.cursor = NULL;
	assert_int_equal(directory_search(db, p, &g, &page), PLEIN_OK);
	g.cursor = page.next;
	g.sort = DIRECTORY_SORT_NEWEST;
	assert_int_equal(directory_search(db, p, &g, &page), PLEIN_INVALID);
	g.cursor = NULL;
	assert_int_equal(directory_search(db, p, &g, &page), PLEIN_OK);
	g.cursor = page.next;
	g.sort = DIRECTORY_SORT_NAME;
	assert_int_equal(directory_search(db, p, &g, &page), PLEIN_INVALID);
	pool_free(p);
}

static void test_deactivated_and_alumni(void **state)
{
	UNUSED(state);
	struct pool *p = pool_new();
	struct people_page page;
	struct directory_filter f = { .q = "p6@example.com", .limit = 10 };
	assert_int_equal(directory_search(db, p, &f, &page), PLEIN_OK);
	assert_int_equal(page.n, 0);
	f.q = "p7@example.com";  /* alumni stay in the directory */
	assert_int_equal(directory_search(db, p, &f, &page), PLEIN_OK);
	assert_int_equal(page.n, 1);
	assert_string_equal(page.items[0]->role, "alumni");
	pool_free(p);
}

static void test_departments(void **state)
{
	UNUSED(state);
	struct pool *p = pool_new();
	struct facet d;
	assert_int_equal(directory_departments(db, p, &d), PLEIN_OK);
	assert_int_equal(d.n, 3);
	assert_string_equal(d.items[0].value, "Finance");  /* by name */
	assert_string_equal(d.items[2].value, "Legal");
	/* heads: the root (no manager) and people whose manager is elsewhere;
	 * in a tree of three by index, i's manager is (i-1)/3 */
	struct people_page heads;
	assert_int_equal(directory_department_heads(db, p, "IT", &heads), PLEIN_OK);
	int want = 0;
	for (int i = 1; i < N; i++)
		want += !deactivated(i) && i % 3 == 1 && ((i - 1) / 3) % 3 != 1;
	assert_int_equal((int)heads.n, want);
	for (size_t k = 0; k < heads.n; k++)
		assert_string_equal(heads.items[k]->department, "IT");
	/* every department: someone whose manager is deactivated heads it too
	 * (21 reports to 6, both in Finance, 6 deactivated) */
	for (int dept = 0; dept < 3; dept++) {
		assert_int_equal(directory_department_heads(db, p, depts[dept], &heads), PLEIN_OK);
		bool head[N] = { false };
		for (size_t k = 0; k < heads.n; k++)
			head[index_of(heads.items[k]->id)] = true;
		for (int i = 0; i < N; i++) {
			int m = (i - 1) / 3;
			bool want_head = i % 3 == dept && !deactivated(i) && (i == 0 || m % 3 != dept || deactivated(m));
			assert_int_equal(head[i], want_head);
		}
	}
	assert_int_equal(directory_department_heads(db, p, "Finance", &heads), PLEIN_OK);
	bool found = false;
	for (size_t k = 0; k < heads.n; k++)
		found |= heads.items[k]->id == ids[21];
	assert_true(found);
	pool_free(p);
}

static void test_org(void **state)
{
	UNUSED(state);
	struct pool *p = pool_new();
	struct directory_org org;
	/* 40 → 13 → 4 → 1 → 0 */
	assert_int_equal(directory_org(db, p, ids[40], &org), PLEIN_OK);
	assert_int_equal(org.chain.n, 4);
	assert_int_equal(org.chain.items[0]->id, ids[0]);
	assert_int_equal(org.chain.items[3]->id, ids[13]);
	assert_false(org.chain_truncated);
	/* 1 has 4, 5 and 6 (deactivated: not shown) */
	assert_int_equal(directory_org(db, p, ids[1], &org), PLEIN_OK);
	assert_int_equal(org.reports.n, 2);
	assert_int_equal(org.reports_total, 2);
	for (size_t k = 0; k < org.reports.n; k++) {
		int i = index_of(org.reports.items[k]->id);
		int64_t want = 0;
		for (int j = 3 * i + 1; j <= 3 * i + 3 && j < N; j++)
			want += !deactivated(j);
		assert_int_equal(org.report_counts[k], want);
	}
	/* a cycle that people_set_manager would refuse, written behind its back */
	assert_int_equal(db_exec(db, "UPDATE people SET manager_id = ? WHERE id = ?", "ii", ids[40], ids[0]), PLEIN_OK);
	assert_int_equal(directory_org(db, p, ids[40], &org), PLEIN_OK);
	assert_int_equal(org.chain.n, 4);  /* stops before coming back round */
	assert_int_equal(db_exec(db, "UPDATE people SET manager_id = NULL WHERE id = ?", "i", ids[0]), PLEIN_OK);
	pool_free(p);
}

/* A tag or language only deactivated people have is no facet value (its
 * count would be 0: a filter that finds nobody). Runs last: it changes p6. */
static void test_facets_leave_out_the_deactivated_only(void **state)
{
	UNUSED(state);
	struct pool *p = pool_new();
	const char *sk[] = { "Secretskill" }, *in[] = { "Secret garden" };
	struct tag_list skills = { .items = sk, .n = 1 }, interests = { .items = in, .n = 1 };
	struct person_language pl[] = { { "nl", LEVEL_NATIVE }, { "fi", LEVEL_FLUENT } };
	struct language_list langs = { .items = pl, .n = 2 };
	assert_true(deactivated(6));
	assert_int_equal(profile_skills_set(db, ids[6], &skills), PLEIN_OK);
	assert_int_equal(profile_interests_set(db, ids[6], &interests), PLEIN_OK);
	assert_int_equal(profile_languages_set(db, ids[6], &langs), PLEIN_OK);
	directory_cache_clear();
	struct directory_facets fc;
	for (int min_level = 0; min_level <= LEVEL_FLUENT; min_level += LEVEL_FLUENT) {
		struct directory_filter f = { .limit = 1, .min_level = min_level };
		assert_int_equal(directory_facets(db, p, &f, &fc), PLEIN_OK);
		for (size_t i = 0; i < fc.skill.n; i++) {
			assert_string_not_equal(fc.skill.items[i].value, "Secretskill");
			assert_true(fc.skill.items[i].count > 0);
		}
		for (size_t i = 0; i < fc.interest.n; i++)
			assert_true(fc.interest.items[i].count > 0);
		for (size_t i = 0; i < fc.language.n; i++) {
			assert_string_not_equal(fc.language.items[i].value, "fi");
			assert_true(fc.language.items[i].count > 0);
		}
		assert_int_equal(fc.interest.n, 1);  /* Chess only */
		assert_int_equal(count_of(&fc.language, "nl"), N - 1);
	}
	pool_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_filters_alone),
		cmocka_unit_test(test_filters_combined),
		cmocka_unit_test(test_facets),
		cmocka_unit_test(test_language_level_facet),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_deactivated_and_alumni),
		cmocka_unit_test(test_departments),
		cmocka_unit_test(test_org),
		cmocka_unit_test(test_facets_leave_out_the_deactivated_only),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
