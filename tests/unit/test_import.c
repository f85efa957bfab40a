/* test_import.c — the CSV import over a fresh temporary database per test:
 * every kind of bad row reported with its line, all-or-nothing, dry runs
 * that write nothing, re-imports that update by e-mail (and count the
 * unchanged), managers named further down the file, loops across the file
 * and the database, and columns left out staying untouched. */
#include "unit.h"
#include "core/import.h"
#include "core/expertise.h"
#include "core/people.h"
#include "core/profile.h"
#include "lib/strbuf.h"
#include <sodium.h>

struct fixture {
	char dir[64], path[128];
	struct db *db;
	struct pool *pool;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (!f || unit_store_open("import", f->dir, f->path, &f->db, &f->pool))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	unit_store_close(f->dir, f->path, f->db, f->pool);
	free(f);
	return 0;
}

static int run(struct fixture *f, const char *csv, bool dry, struct import_report *r)
{
	return import_people_csv(f->db, f->pool, csv, strlen(csv), dry, 0, "test", r);
}

static int64_t count_people(struct fixture *f)
{
	int64_t n = -1;
	assert_int_equal(people_count(f->db, &n), 0);
	return n;
}

/* true when the report has a problem on line `line` containing `needle` */
static bool has_error(const struct import_report *r, int64_t line, const char *needle)
{
	for (size_t i = 0; i < r->n_errors; i++)
		if (r->errors[i].line == line && strstr(r->errors[i].message, needle))
			return true;
	return false;
}

#define H "name,email,title,department,location,manager_email,skills,languages\n"

static void test_bad_rows(void **state)
{
	struct fixture *f = *state;
	struct import_report r;
	const char *csv = H
		"Extra,extra@example.com,a,b,c,,,,surplus\n"            /* 2 */
		",noname@example.com,a,b,c,,,\n"                         /* 3 */
		"Bad,not-an-address,a,b,c,,,\n"                          /* 4 */
		"Nomail,,a,b,c,,,\n"                                     /* 5 */
		"Twin,twin@example.com,a,b,c,,,\n"                       /* 6 */
		"Twin2,TWIN@example.com,a,b,c,,,\n"                      /* 7 */
		"Latin,latin@example.com,Caf\xe9,b,c,,,\n"               /* 8 */
		"Ctl,ctl@example.com,a\x01,b,c,,,\n"                     /* 9 */
		"Orphan,orphan@example.com,a,b,c,ghost@example.com,,\n"  /* 10 */
		"Self,self@example.com,a,b,c,SELF@example.com,,\n"       /* 11 */
		"A,a@example.com,a,b,c,b@example.com,,\n"                /* 12 */
		"B,b@example.com,a,b,c,c@example.com,,\n"                /* 13 */
		"C,c@example.com,a,b,c,a@example.com,,\n"                /* 14 */
		"Lang,lang@example.com,a,b,c,,,klingon:native\n"         /* 15 */
		"Level,level@example.com,a,b,c,,,en:godlike\n"           /* 16 */
		"Skills,skills@example.com,a,b,c,,"
		"1;2;3;4;5;6;7;8;9;10;11;12;13;14;15;16;17;18;19;20;21;22;23;24;25;26;27;28;29;30;31,\n"  /* 17 */
		"Q\"uote,q@example.com,a,b,c,,,\n"                       /* 18 */
		"\"Multi\nline\",ml@example.com,a,b,c,badmanager,,\n"    /* 19-20 */
		"Fine,fine@example.com,a,b,c,,,\n"                       /* 21 */
		"\"Open,open@example.com,a,b,c,,,\n";                    /* 22 */
	assert_int_equal(run(f, csv, false, &r), PLEIN_INVALID);
	assert_true(has_error(&r, 2, "9 fields, but the header has 8"));
	assert_true(has_error(&r, 3, "name is missing"));
	assert_true(has_error(&r, 4, "\"not-an-address\" is not valid"));
	assert_true(has_error(&r, 5, "e-mail address is missing"));
	assert_true(has_error(&r, 7, "is also on line 6"));
	assert_true(has_error(&r, 8, "not valid UTF-8"));
	assert_true(has_error(&r, 9, "control characters"));
	assert_true(has_error(&r, 10, "\"ghost@example.com\" is neither in this file nor in plein"));
	assert_true(has_error(&r, 11, "own manager"));
	assert_true(has_error(&r, 12, "loop: a@example.com → b@example.com → c@example.com → a@example.com"));
	assert_true(has_error(&r, 15, "Unknown language \"klingon\""));
	assert_true(has_error(&r, 16, "Unknown level \"godlike\""));
	assert_true(has_error(&r, 17, "more than 30 skills"));
	assert_true(has_error(&r, 18, "out of place"));
	/* a row spanning two lines is reported on the line where it starts */
	assert_true(has_error(&r, 19, "control characters"));
	assert_true(has_error(&r, 19, "manager's e-mail address \"badmanager\" is not valid"));
	assert_true(has_error(&r, 22, "never closed"));
	assert_false(has_error(&r, 21, ""));
	assert_false(has_error(&r, 6, ""));  /* the first of the twins is fine */
	assert_int_equal((int64_t)r.n_errors, r.total_errors);
	/* sorted by line */
	for (size_t i = 1; i < r.n_errors; i++)
		assert_true(r.errors[i - 1].line <= r.errors[i].line);
	assert_int_equal(count_people(f), 0);
	assert_int_equal(r.created + r.updated + r.unchanged, 0);
}

static void test_whole_file_problems(void **state)
{
	struct fixture *f = *state;
	struct import_report r;
	assert_int_equal(run(f, "", true, &r), PLEIN_INVALID);
	assert_true(has_error(&r, 1, "empty"));
	assert_int_equal(run(f, "\n\n", true, &r), PLEIN_INVALID);
	assert_true(has_error(&r, 1, "empty"));
	assert_int_equal(run(f, H, true, &r), PLEIN_INVALID);
	assert_true(has_error(&r, 1, "header but no rows"));
	assert_int_equal(run(f, "name,email,name\n", true, &r), PLEIN_INVALID);
	assert_true(has_error(&r, 1, "appears twice"));
	assert_int_equal(run(f, "name,mail\nA,a@example.com\n", true, &r), PLEIN_INVALID);
	assert_true(has_error(&r, 1, "unknown column \"mail\""));
	assert_true(has_error(&r, 1, "no \"email\" column"));
	assert_int_equal(run(f, "\"name,email\nA,a@example.com\n", true, &r), PLEIN_INVALID);
	assert_true(has_error(&r, 1, "never closed"));
	/* too large: refused before parsing */
	assert_int_equal(import_people_csv(f->db, f->pool, "x", IMPORT_MAX_BYTES + 1, true, 0, NULL, &r), PLEIN_INVALID);
	assert_true(has_error(&r, 0, "larger than 50 MB"));
}

static void test_too_many_rows(void **state)
{
	struct fixture *f = *state;
	struct import_report r;
	size_t n = (size_t)IMPORT_MAX_ROWS + 2, cap = n * 24 + 64, len = 0;
	char *csv = malloc(cap);
	assert_non_null(csv);
	len += (size_t)snprintf(csv, cap, "name,email\n");
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(csv + len, cap - len, "P,p%zu@example.com\n", i);
	assert_int_equal(import_people_csv(f->db, f->pool, csv, len, true, 0, NULL, &r), PLEIN_INVALID);
	assert_true(has_error(&r, IMPORT_MAX_ROWS + 2, "more than 200000 rows"));
	free(csv);
}

static void test_import_and_reimport(void **state)
{
	struct fixture *f = *state;
	struct import_report r;
	const char *csv = H
		"Erik,erik@example.com,Engineer,IT,Remote,gert@example.com,C; SQL,en:fluent\n"
		"Dora,dora@example.com,Director,Board,Utrecht,,Budgets,nl:native;en:fluent\n"
		"Gert,gert@example.com,Lead,IT,Utrecht,dora@example.com,,\n";
	assert_int_equal(run(f, csv, true, &r), PLEIN_OK);
	assert_int_equal(r.created, 3);
	assert_int_equal(count_people(f), 0);  /* a dry run writes nothing */
	assert_int_equal(run(f, csv, false, &r), PLEIN_OK);
	assert_int_equal(r.rows, 3);
	assert_int_equal(r.created, 3);
	assert_int_equal(count_people(f), 3);

	struct person *erik, *gert;
	const char *hash = "x";
	assert_int_equal(people_get_by_email(f->db, f->pool, "erik@example.com", &erik, &hash), 0);
	assert_null(hash);  /* joins through an invitation */
	assert_int_equal(people_get_by_email(f->db, f->pool, "gert@example.com", &gert, NULL), 0);
	assert_int_equal(erik->manager_id, gert->id);  /* named further down */
	assert_string_equal(gert->manager_name, "Dora");
	struct tag_list skills;
	assert_int_equal(profile_skills_get(f->db, f->pool, erik->id, &skills), 0);
	assert_int_equal(skills.n, 2);
	assert_string_equal(skills.items[1], "SQL");
	struct language_list langs;
	assert_int_equal(profile_languages_get(f->db, f->pool, erik->id, &langs), 0);
	assert_int_equal(langs.n, 1);
	assert_string_equal(langs.items[0].code, "en");

	/* again: nothing changes */
	assert_int_equal(run(f, csv, false, &r), PLEIN_OK);
	assert_int_equal(r.created, 0);
	assert_int_equal(r.updated, 0);
	assert_int_equal(r.unchanged, 3);

	/* matched by e-mail ignoring case; Erik now reports to Dora; Gert's skills change */
	const char *changed = H
		"Erik,ERIK@example.com,Senior engineer,IT,Remote,dora@example.com,C; SQL,en:fluent\n"
		"Dora,dora@example.com,Director,Board,Utrecht,,Budgets,nl:native;en:fluent\n"
		"Gert,gert@example.com,Lead,IT,Utrecht,dora@example.com,Planning,\n"
		"Nora,nora@example.com,New,IT,Utrecht,erik@example.com,,\n";
	assert_int_equal(run(f, changed, false, &r), PLEIN_OK);
	assert_int_equal(r.created, 1);
	assert_int_equal(r.updated, 2);
	assert_int_equal(r.unchanged, 1);
	assert_int_equal(people_get_by_email(f->db, f->pool, "erik@example.com", &erik, NULL), 0);
	assert_string_equal(erik->title, "Senior engineer");
	assert_string_equal(erik->email, "erik@example.com");
	assert_string_equal(erik->manager_name, "Dora");
	assert_int_equal(count_people(f), 4);

	/* columns left out of the header stay as they are */
	assert_int_equal(run(f, "email,name\nerik@example.com,Erik E.\n", false, &r), PLEIN_OK);
	assert_int_equal(r.updated, 1);
	assert_int_equal(people_get_by_email(f->db, f->pool, "erik@example.com", &erik, NULL), 0);
	assert_string_equal(erik->name, "Erik E.");
	assert_string_equal(erik->title, "Senior engineer");
	assert_string_equal(erik->manager_name, "Dora");
	assert_int_equal(profile_skills_get(f->db, f->pool, erik->id, &skills), 0);
	assert_int_equal(skills.n, 2);
	/* an empty manager_email removes the manager */
	assert_int_equal(run(f, "name,email,manager_email\nErik E.,erik@example.com,\n", false, &r), PLEIN_OK);
	assert_int_equal(people_get_by_email(f->db, f->pool, "erik@example.com", &erik, NULL), 0);
	assert_int_equal(erik->manager_id, 0);
}

static void test_all_or_nothing(void **state)
{
	struct fixture *f = *state;
	struct import_report r;
	assert_int_equal(run(f, H "Dora,dora@example.com,Director,Board,Utrecht,,,\n", false, &r), PLEIN_OK);
	/* one bad row among good ones: nothing is written, Dora keeps her title */
	const char *csv = H
		"Dora,dora@example.com,Chair,Board,Utrecht,,,\n"
		"New,new@example.com,a,b,c,,,\n"
		"Bad,bad,a,b,c,,,\n";
	assert_int_equal(run(f, csv, false, &r), PLEIN_INVALID);
	assert_int_equal(r.total_errors, 1);
	assert_true(has_error(&r, 4, "not valid"));
	struct person *dora;
	assert_int_equal(people_get_by_email(f->db, f->pool, "dora@example.com", &dora, NULL), 0);
	assert_string_equal(dora->title, "Director");
	assert_int_equal(count_people(f), 1);
}

static void test_loops_with_the_database(void **state)
{
	struct fixture *f = *state;
	struct import_report r;
	/* in plein: Bob reports to Ann */
	assert_int_equal(run(f, "name,email,manager_email\nAnn,ann@example.com,\nBob,bob@example.com,ann@example.com\n",
	                     false, &r), PLEIN_OK);
	/* a file saying only "Ann reports to Bob" makes a loop with what is stored */
	assert_int_equal(run(f, "name,email,manager_email\nAnn,ann@example.com,bob@example.com\n", true, &r), PLEIN_INVALID);
	assert_true(has_error(&r, 2, "loop"));
	/* turning the chart around in one file is fine: Bob's old link is cut first */
	assert_int_equal(run(f, "name,email,manager_email\nAnn,ann@example.com,bob@example.com\nBob,bob@example.com,\n",
	                     false, &r), PLEIN_OK);
	assert_int_equal(r.updated, 2);
	struct person *ann;
	assert_int_equal(people_get_by_email(f->db, f->pool, "ann@example.com", &ann, NULL), 0);
	assert_string_equal(ann->manager_name, "Bob");
	/* a manager who exists only in plein */
	assert_int_equal(run(f, "name,email,manager_email\nCid,cid@example.com,ANN@example.com\n", false, &r), PLEIN_OK);
	struct person *cid;
	assert_int_equal(people_get_by_email(f->db, f->pool, "cid@example.com", &cid, NULL), 0);
	assert_int_equal(cid->manager_id, ann->id);
}

static void test_formats(void **state)
{
	struct fixture *f = *state;
	struct import_report r;
	/* byte order mark, CRLF, header in another order and case, quoted fields
	 * with commas and doubled quotes, "French (native)", blank lines */
	const char *csv = "\xef\xbb\xbf" "EMAIL,Name,Languages\r\n"
		"fay@example.com,\"Fay, \"\"the\"\" Finn\",French (native)\r\n"
		"\r\n"
		"gus@example.com,Gus,\r\n";
	assert_int_equal(run(f, csv, false, &r), PLEIN_OK);
	assert_int_equal(r.created, 2);
	struct person *fay;
	assert_int_equal(people_get_by_email(f->db, f->pool, "fay@example.com", &fay, NULL), 0);
	assert_string_equal(fay->name, "Fay, \"the\" Finn");
	/* line numbers count CRLF and lone CR lines */
	assert_int_equal(run(f, "name,email\r\nA,a@example.com\r\n\r\nB,bad\r\n", true, &r), PLEIN_INVALID);
	assert_true(has_error(&r, 4, "not valid"));
	assert_int_equal(run(f, "name,email\rA,a@example.com\rB,bad\r", true, &r), PLEIN_INVALID);
	assert_true(has_error(&r, 3, "not valid"));
}

static void test_many_errors_are_capped(void **state)
{
	struct fixture *f = *state;
	struct import_report r;
	struct strbuf sb = STRBUF_INIT;
	(void)strbuf_addstr(&sb, "name,email\n");
	for (int i = 0; i < IMPORT_ERRORS_MAX + 50; i++)
		(void)strbuf_addstr(&sb, "X,bad\n");
	assert_int_equal(import_people_csv(f->db, f->pool, sb.buf, sb.len, true, 0, NULL, &r), PLEIN_INVALID);
	assert_int_equal(r.n_errors, IMPORT_ERRORS_MAX);
	assert_int_equal(r.total_errors, IMPORT_ERRORS_MAX + 50);
	strbuf_release(&sb);
}

static void test_deactivated_manager(void **state)
{
	struct fixture *f = *state;
	struct import_report r;
	assert_int_equal(run(f, "name,email\nOld,old@example.com\n", false, &r), PLEIN_OK);
	struct person *old;
	assert_int_equal(people_get_by_email(f->db, f->pool, "old@example.com", &old, NULL), 0);
	assert_int_equal(people_set_status(f->db, old->id, "deactivated"), 0);
	/* the dry run says what the real import would find: not a 503 later */
	const char *csv = "name,email,manager_email\nNew,new@example.com,OLD@example.com\n";
	assert_int_equal(run(f, csv, true, &r), PLEIN_INVALID);
	assert_true(has_error(&r, 2, "the manager OLD@example.com is deactivated"));
	assert_int_equal(run(f, csv, false, &r), PLEIN_INVALID);
	assert_true(has_error(&r, 2, "is deactivated"));
	/* also when the deactivated manager is a row of the same file */
	csv = "name,email,manager_email\nOld,old@example.com,\nNew,new@example.com,old@example.com\n";
	assert_int_equal(run(f, csv, true, &r), PLEIN_INVALID);
	assert_true(has_error(&r, 3, "is deactivated"));
	assert_int_equal(r.total_errors, 1);
	assert_int_equal(count_people(f), 1);
	/* active again: fine */
	assert_int_equal(people_set_status(f->db, old->id, "active"), 0);
	assert_int_equal(run(f, csv, false, &r), PLEIN_OK);
	assert_int_equal(r.created, 1);
}

/* people created without skills or languages are found by title and department */
static void test_created_people_are_indexed(void **state)
{
	struct fixture *f = *state;
	struct import_report r;
	struct expertise_result e;
	assert_int_equal(run(f, "name,email,title,department\nTitle Only,titleonly@x.org,Kubernetes wrangler,Platform\n",
	                     false, &r), PLEIN_OK);
	assert_int_equal(expertise_search(f->db, f->pool, "kubernetes", "en", 10, 0, &e), PLEIN_OK);
	assert_int_equal(e.n, 1);
	assert_string_equal(e.items[0].name, "Title Only");
	assert_int_equal(expertise_search(f->db, f->pool, "platform", "en", 10, 0, &e), PLEIN_OK);
	assert_int_equal(e.n, 1);
	/* and an update of the title moves the match */
	assert_int_equal(run(f, "name,email,title\nTitle Only,titleonly@x.org,Helm tamer\n", false, &r), PLEIN_OK);
	assert_int_equal(expertise_search(f->db, f->pool, "kubernetes", "en", 10, 0, &e), PLEIN_OK);
	assert_int_equal(e.n, 0);
	assert_int_equal(expertise_search(f->db, f->pool, "helm", "en", 10, 0, &e), PLEIN_OK);
	assert_int_equal(e.n, 1);
	/* a dry run indexes nothing */
	assert_int_equal(run(f, "name,email,title\nDry,dry@x.org,Zookeeper\n", true, &r), PLEIN_OK);
	assert_int_equal(expertise_search(f->db, f->pool, "zookeeper", "en", 10, 0, &e), PLEIN_OK);
	assert_int_equal(e.n, 0);
}

/* A real import checks inside its write transaction and lets go of it
 * whatever happens; a dry run only reads, so it works while another
 * connection writes. */
static void test_transaction(void **state)
{
	struct fixture *f = *state;
	struct import_report r;
	char err[256];
	struct db *other = db_open(f->path, err, sizeof(err));
	assert_non_null(other);
	/* rows with errors found only against the database: rolled back, lock released */
	assert_int_equal(run(f, "name,email,manager_email\nA,a@example.com,ghost@example.com\n", false, &r),
	                 PLEIN_INVALID);
	assert_int_equal(db_begin(other), PLEIN_OK);
	assert_int_equal(db_exec(other, "INSERT INTO people(email, name, created_at, updated_at)"
	                                " VALUES ('w@example.com', 'Writer', 0, 0)", NULL), PLEIN_OK);
	/* a dry run reads while the other connection holds the write lock */
	assert_int_equal(run(f, "name,email\nB,b@example.com\nW,W@example.com\n", true, &r), PLEIN_OK);
	assert_int_equal(r.created, 2);  /* W is not committed yet */
	assert_int_equal(db_commit(other), PLEIN_OK);
	/* a real import sees the committed row and updates it */
	assert_int_equal(run(f, "name,email\nB,b@example.com\nW,W@example.com\n", false, &r), PLEIN_OK);
	assert_int_equal(r.created, 1);
	assert_int_equal(r.updated, 1);
	/* and left no transaction open behind it */
	assert_int_equal(db_begin(other), PLEIN_OK);
	db_rollback(other);
	assert_int_equal(db_begin(f->db), PLEIN_OK);
	db_rollback(f->db);
	db_close(other);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_bad_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_whole_file_problems, setup, teardown),
		cmocka_unit_test_setup_teardown(test_too_many_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_and_reimport, setup, teardown),
		cmocka_unit_test_setup_teardown(test_all_or_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_loops_with_the_database, setup, teardown),
		cmocka_unit_test_setup_teardown(test_formats, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_errors_are_capped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deactivated_manager, setup, teardown),
		cmocka_unit_test_setup_teardown(test_created_people_are_indexed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_transaction, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
