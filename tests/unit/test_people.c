/* test_people.c — the people store over a fresh temporary database per
 * test: creating, unique e-mail (case-insensitive), profile validation,
 * e-mail checks, directory pages and cursors (no gaps, no duplicates, sorted
 * by name ignoring case), word-prefix search ignoring accents, hostile
 * cursors, and the FTS5 query builder that must neutralise FTS syntax. */
#include "unit.h"
#include "core/people.h"
#include "lib/strbuf.h"
#include <sodium.h>
#include <strings.h>
#include <unistd.h>

struct fixture {
	char dir[64];
	char path[128];
	struct db *db;
	struct pool *pool;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (!f || unit_store_open("people", f->dir, f->path, &f->db, &f->pool))
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

static int64_t add(struct fixture *f, const char *email, const char *name)
{
	int64_t id = 0;
	int rc = people_create(f->db, email, name, "member", NULL, &id);
	if (rc)
		print_error("people_create(%s, %s) = %d\n", email, name, rc);
	assert_int_equal(rc, PLEIN_OK);
	assert_true(id > 0);
	return id;
}

static int64_t add_full(struct fixture *f, const char *email, const char *name, const char *title,
                        const char *department)
{
	struct person p = { 0 };
	int64_t id = 0;
	p.email = email;
	p.name = name;
	p.title = title;
	p.department = department;
	p.created_at = 1700000000;
	assert_int_equal(people_create_full(f->db, &p, NULL, &id), PLEIN_OK);
	return id;
}

/* ---- create, get, conflicts ---------------------------------------------- */

static void test_create_get(void **state)
{
	struct fixture *f = *state;
	struct person *p;
	const char *hash = "unset";
	int64_t id = add(f, "Anna.deVries@Example.com", "Anna de Vries");
	assert_int_equal(people_get(f->db, f->pool, id, &p), PLEIN_OK);
	assert_int_equal(p->id, id);
	assert_string_equal(p->name, "Anna de Vries");
	assert_string_equal(p->email, "Anna.deVries@Example.com");
	assert_string_equal(p->role, "member");
	assert_string_equal(p->status, "active");
	assert_string_equal(p->title, "");
	assert_null(p->language);
	assert_int_equal(p->manager_id, 0);
	assert_true(p->created_at > 0);

	/* by e-mail, in any case; no password set → NULL hash */
	assert_int_equal(people_get_by_email(f->db, f->pool, "anna.devries@example.COM", &p, &hash), PLEIN_OK);
	assert_int_equal(p->id, id);
	assert_null(hash);

	assert_int_equal(people_get(f->db, f->pool, id + 1000, &p), PLEIN_NOTFOUND);
	assert_null(p);
	assert_int_equal(people_get_by_email(f->db, f->pool, "nobody@example.com", &p, &hash), PLEIN_NOTFOUND);
	assert_null(p);
	assert_null(hash);

	int64_t n = 0;
	assert_int_equal(people_count(f->db, &n), PLEIN_OK);
	assert_int_equal(n, 1);
}

static void test_duplicate_email(void **state)
{
	struct fixture *f = *state;
	int64_t id = 0;
	add(f, "bob@example.com", "Bob");
	assert_int_equal(people_create(f->db, "bob@example.com", "Bob 2", "member", NULL, &id), PLEIN_CONFLICT);
	assert_int_equal(people_create(f->db, "BOB@Example.Com", "Bob 3", "member", NULL, &id), PLEIN_CONFLICT);
	struct person full = { .email = "Bob@EXAMPLE.com", .name = "Bob 4", .created_at = 1 };
	assert_int_equal(people_create_full(f->db, &full, NULL, &id), PLEIN_CONFLICT);
	int64_t n = 0;
	assert_int_equal(people_count(f->db, &n), PLEIN_OK);
	assert_int_equal(n, 1);
	/* the database is still usable after the refused insert */
	add(f, "bob2@example.com", "Bob Two");
}

static void test_password_and_role(void **state)
{
	struct fixture *f = *state;
	struct person *p;
	const char *hash;
	int64_t id = add(f, "c@example.com", "Cee");
	assert_int_equal(people_set_password(f->db, id, "$argon2id$fake"), PLEIN_OK);
	assert_int_equal(people_get_by_email(f->db, f->pool, "c@example.com", &p, &hash), PLEIN_OK);
	assert_string_equal(hash, "$argon2id$fake");
	assert_int_equal(people_set_role(f->db, id, "admin"), PLEIN_OK);
	assert_int_equal(people_set_role(f->db, id, "root"), PLEIN_INVALID);
	assert_int_equal(people_set_role(f->db, id, NULL), PLEIN_INVALID);
	assert_int_equal(people_set_role(f->db, id + 99, "member"), PLEIN_NOTFOUND);
	assert_int_equal(people_get(f->db, f->pool, id, &p), PLEIN_OK);
	assert_string_equal(p->role, "admin");
	assert_int_equal(people_set_language(f->db, id, "nl"), PLEIN_OK);
	assert_int_equal(people_get(f->db, f->pool, id, &p), PLEIN_OK);
	assert_string_equal(p->language, "nl");
	assert_int_equal(people_set_language(f->db, id, NULL), PLEIN_OK);
	assert_int_equal(people_get(f->db, f->pool, id, &p), PLEIN_OK);
	assert_null(p->language);
	assert_true(people_role_valid("member"));
	assert_false(people_role_valid("Admin"));
	assert_false(people_role_valid(""));
}

static void test_update(void **state)
{
	struct fixture *f = *state;
	struct person *p;
	int64_t id = add(f, "d@example.com", "Dee");
	struct person_fields pf = { .title = "Engineer", .bio = "Line one\nLine two" };
	assert_int_equal(people_update(f->db, id, &pf), PLEIN_OK);
	assert_int_equal(people_get(f->db, f->pool, id, &p), PLEIN_OK);
	assert_string_equal(p->name, "Dee"); /* NULL left unchanged */
	assert_string_equal(p->title, "Engineer");
	assert_string_equal(p->bio, "Line one\nLine two");
	struct person_fields none = { 0 };
	assert_int_equal(people_update(f->db, id + 5, &none), PLEIN_NOTFOUND);
	/* the search index follows the update */
	pf = (struct person_fields){ .name = "Dorothea" };
	assert_int_equal(people_update(f->db, id, &pf), PLEIN_OK);
	struct people_page page;
	assert_int_equal(people_list(f->db, f->pool, "doro", NULL, 10, &page), PLEIN_OK);
	assert_int_equal(page.n, 1);
	assert_int_equal(people_list(f->db, f->pool, "dee", NULL, 10, &page), PLEIN_OK);
	assert_int_equal(page.n, 0);
}

/* ---- validation ------------------------------------------------------------ */

static void test_validate(void **state)
{
	struct fixture *f = *state;
	const char *field, *msg;
	char name[300];
	struct person_fields pf;

	pf = (struct person_fields){ .name = "  Anna \t", .title = " Boss ", .bio = "\n\nHello\nthere\n" };
	assert_int_equal(people_validate(f->pool, &pf, &field, &msg), PLEIN_OK);
	assert_null(field);
	assert_string_equal(pf.name, "Anna"); /* trimmed */
	assert_string_equal(pf.title, "Boss");
	assert_string_equal(pf.bio, "Hello\nthere"); /* inner newlines kept in the bio */
	assert_null(pf.department);                  /* NULL stays NULL: unchanged */

	/* empty name, or only spaces */
	pf = (struct person_fields){ .name = "" };
	assert_int_equal(people_validate(f->pool, &pf, &field, &msg), PLEIN_INVALID);
	assert_string_equal(field, "name");
	assert_non_null(msg);
	pf = (struct person_fields){ .name = " \t\r\n " };
	assert_int_equal(people_validate(f->pool, &pf, &field, &msg), PLEIN_INVALID);
	assert_string_equal(field, "name");

	/* 100 characters are fine, 101 are not; counted in characters */
	memset(name, 'n', 100);
	name[100] = '\0';
	pf = (struct person_fields){ .name = name };
	assert_int_equal(people_validate(f->pool, &pf, &field, &msg), PLEIN_OK);
	memset(name, 'n', 101);
	name[101] = '\0';
	pf = (struct person_fields){ .name = name };
	assert_int_equal(people_validate(f->pool, &pf, &field, &msg), PLEIN_INVALID);
	assert_string_equal(field, "name");
	assert_non_null(strstr(msg, "100"));
	for (int i = 0; i < 100; i++)
		memcpy(name + 2 * i, "\xc3\xab", 2); /* 100 × ë = 200 bytes */
	name[200] = '\0';
	pf = (struct person_fields){ .name = name };
	assert_int_equal(people_validate(f->pool, &pf, &field, &msg), PLEIN_OK);

	/* control characters: never in a name, newline allowed only in the bio */
	static const char *const bad_names[] = {
		"Anna\nEvil", "Anna\tX", "A\x1b[31m", "A\x7f", "A\xc2\x85", "Bad\xff", "A\xc0\xaf",
	};
	for (size_t i = 0; i < ARRAY_LEN(bad_names); i++) {
		pf = (struct person_fields){ .name = bad_names[i] };
		assert_int_equal(people_validate(f->pool, &pf, &field, &msg), PLEIN_INVALID);
		assert_string_equal(field, "name");
	}
	pf = (struct person_fields){ .name = "Ok", .department = "R&D\nsecret" };
	assert_int_equal(people_validate(f->pool, &pf, &field, &msg), PLEIN_INVALID);
	assert_string_equal(field, "department");
	pf = (struct person_fields){ .name = "Ok", .location = "Utrecht\r" };
	assert_int_equal(people_validate(f->pool, &pf, &field, &msg), PLEIN_OK); /* trailing \r trimmed */
	pf = (struct person_fields){ .name = "Ok", .location = "Utr\recht" };
	assert_int_equal(people_validate(f->pool, &pf, &field, &msg), PLEIN_INVALID);
	assert_string_equal(field, "location");
	pf = (struct person_fields){ .name = "Ok", .bio = "tabs\tand\r\nnewlines" };
	assert_int_equal(people_validate(f->pool, &pf, &field, &msg), PLEIN_OK);
	pf = (struct person_fields){ .name = "Ok", .bio = "bell\a" };
	assert_int_equal(people_validate(f->pool, &pf, &field, &msg), PLEIN_INVALID);
	assert_string_equal(field, "bio");

	/* optional fields may be empty; the bio has its own, longer limit */
	pf = (struct person_fields){ .title = "", .bio = "" };
	assert_int_equal(people_validate(f->pool, &pf, &field, &msg), PLEIN_OK);
	char *bio = pool_alloc(f->pool, 4002);
	memset(bio, 'b', 4000);
	bio[4000] = '\0';
	pf = (struct person_fields){ .bio = bio };
	assert_int_equal(people_validate(f->pool, &pf, &field, &msg), PLEIN_OK);
	bio[4000] = 'b';
	bio[4001] = '\0';
	pf = (struct person_fields){ .bio = bio };
	assert_int_equal(people_validate(f->pool, &pf, &field, &msg), PLEIN_INVALID);
	assert_string_equal(field, "bio");
}

static void test_email_error(void **state)
{
	(void)state;
	static const char *const good[] = {
		"a@b.c", "anna.devries@example.com", "first+tag@sub.example.org", "Zo\xc3\xab@example.nl",
		"o'brien@example.ie",
	};
	static const char *const bad[] = {
		"", "plain", "@example.com", "anna@", "anna@example", "anna@.example.com", "anna@example.com.",
		"anna@@example.com", "a@b@example.com", "anna smith@example.com", "anna@exa mple.com",
		"<anna@example.com>", "anna@example.com\n", "anna@example.com\r\nBcc: x@y.z", "\"a\"@example.com",
		"anna@example.com;x", "anna,b@example.com", "anna\\@example.com", "anna@[127.0.0.1]",
		"anna\x01@example.com", "anna@exa\xffmple.com", "anna(comment)@example.com", "a:b@example.com",
	};
	for (size_t i = 0; i < ARRAY_LEN(good); i++) {
		if (people_email_error(good[i]))
			print_error("rejected '%s'\n", good[i]);
		assert_null(people_email_error(good[i]));
	}
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		if (!people_email_error(bad[i]))
			print_error("accepted '%s'\n", bad[i]);
		assert_non_null(people_email_error(bad[i]));
	}
	/* length: 254 is the most */
	char e[300];
	memset(e, 'a', sizeof(e));
	memcpy(e + 254 - 12, "@example.com", 13);
	assert_int_equal(strlen(e), 254);
	assert_null(people_email_error(e));
	memset(e, 'a', sizeof(e));
	memcpy(e + 255 - 12, "@example.com", 13);
	assert_non_null(people_email_error(e));
	/* the empty message differs from the malformed one */
	assert_string_not_equal(people_email_error(""), people_email_error("x"));
}

/* ---- the directory: pages and cursors ------------------------------------- */

static int cmp_name_id(const struct person *a, const struct person *b)
{
	int c = strcasecmp(a->name, b->name);
	return c ? c : (a->id > b->id) - (a->id < b->id);
}

static const char *const names[] = {
	"anna", "Anna", "ANNA", "Bob", "bob", "Carla", "Émile", "Zoë", "zoe", "Daan", "daan",
	"Eva", "Fleur", "Gijs", "Hanna", "Iris", "Jan", "Jan", "Jan", "Kees", "Lotte", "Mila",
	"Noor", "Olaf", "Pim", "Quinten", "Ruben", "Saar", "Thijs", "Umar", "Vera", "Wim",
	"Xander", "Yara", "Zed", "'quote", "  spaced", "123",
};

static void add_directory(struct fixture *f)
{
	char email[64];
	for (size_t i = 0; i < ARRAY_LEN(names); i++) {
		snprintf(email, sizeof(email), "p%zu@example.com", i);
		add(f, email, names[i]);
	}
}

/* Walk every page with `limit`; check order, no duplicates, no gaps. */
static void walk(struct fixture *f, const char *q, int limit, size_t want_total)
{
	struct people_page page;
	const char *cursor = NULL;
	struct person *prev = NULL;
	size_t total = 0, pages = 0, cap = want_total + 10;
	int64_t *seen = pool_alloc(f->pool, cap * sizeof(*seen));
	do {
		int rc = people_list(f->db, f->pool, q, cursor, limit, &page);
		assert_int_equal(rc, PLEIN_OK);
		assert_true(page.n <= (size_t)limit);
		/* a page with a next cursor is full */
		if (page.next)
			assert_int_equal(page.n, limit);
		for (size_t i = 0; i < page.n; i++) {
			struct person *p = page.items[i];
			if (prev)
				assert_true(cmp_name_id(prev, p) < 0);
			for (size_t k = 0; k < total; k++)
				assert_true(seen[k] != p->id);
			assert_true(total < cap);
			seen[total++] = p->id;
			prev = p;
		}
		cursor = page.next;
		pages++;
		assert_true(pages < 5000);
	} while (cursor);
	assert_int_equal(total, want_total);
}

static void test_list_pages(void **state)
{
	struct fixture *f = *state;
	add_directory(f);
	for (int limit = 1; limit <= 7; limit++)
		walk(f, NULL, limit, ARRAY_LEN(names));
	walk(f, NULL, 38, ARRAY_LEN(names)); /* exactly the number of people */
	walk(f, NULL, 37, ARRAY_LEN(names));
	walk(f, NULL, 100, ARRAY_LEN(names));
	/* the last page has no cursor */
	struct people_page page;
	assert_int_equal(people_list(f->db, f->pool, NULL, NULL, 100, &page), PLEIN_OK);
	assert_int_equal(page.n, ARRAY_LEN(names));
	assert_null(page.next);
	/* an empty cursor is the first page */
	struct people_page again;
	assert_int_equal(people_list(f->db, f->pool, NULL, "", 3, &again), PLEIN_OK);
	assert_int_equal(again.items[0]->id, page.items[0]->id);
}

static void test_list_limits(void **state)
{
	struct fixture *f = *state;
	struct people_page page;
	add(f, "a@example.com", "A");
	assert_int_equal(people_list(f->db, f->pool, NULL, NULL, 0, &page), PLEIN_INVALID);
	assert_int_equal(people_list(f->db, f->pool, NULL, NULL, -1, &page), PLEIN_INVALID);
	assert_int_equal(people_list(f->db, f->pool, NULL, NULL, PEOPLE_PAGE_MAX + 1, &page), PLEIN_INVALID);
	assert_int_equal(people_list(f->db, f->pool, NULL, NULL, PEOPLE_PAGE_MAX, &page), PLEIN_OK);
	assert_int_equal(page.n, 1);
	/* an over-long query is refused, not truncated */
	char q[PEOPLE_QUERY_MAX * 4 + 2];
	memset(q, 'a', sizeof(q) - 1);
	q[sizeof(q) - 1] = '\0';
	assert_int_equal(people_list(f->db, f->pool, q, NULL, 10, &page), PLEIN_INVALID);
	/* an empty directory */
	assert_int_equal(db_exec(f->db, "DELETE FROM people", NULL), 0);
	assert_int_equal(people_list(f->db, f->pool, NULL, NULL, 10, &page), PLEIN_OK);
	assert_int_equal(page.n, 0);
	assert_null(page.next);
}

static const char *b64(struct pool *p, const char *raw, size_t n)
{
	size_t outlen = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *out = pool_alloc(p, outlen);
	sodium_bin2base64(out, outlen, (const unsigned char *)raw, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return out;
}

static void test_bad_cursors(void **state)
{
	struct fixture *f = *state;
	struct people_page page;
	add_directory(f);
	static const char *const raw_bad[] = {
		"no colon", ":name", "12a:name", "-5:name", " 5:name", "99999999999999999999:x",
		"9223372036854775807:x", "1:\xff", "1:a\0b",
	};
	static const size_t raw_len[] = { 8, 5, 8, 7, 7, 22, 21, 3, 5 };
	for (size_t i = 0; i < ARRAY_LEN(raw_bad); i++) {
		const char *c = b64(f->pool, raw_bad[i], raw_len[i]);
		int rc = people_list(f->db, f->pool, NULL, c, 10, &page);
		if (rc != PLEIN_INVALID)
			print_error("cursor for '%s' gave %d\n", raw_bad[i], rc);
		assert_int_equal(rc, PLEIN_INVALID);
	}
	/* not base64url at all, padded, standard alphabet, too long */
	static const char *const bad[] = { "!!!", "MTph===", "MT+p", "MT/p", "MTp h", "M" };
	for (size_t i = 0; i < ARRAY_LEN(bad); i++)
		assert_int_equal(people_list(f->db, f->pool, NULL, bad[i], 10, &page), PLEIN_INVALID);
	char *huge = pool_alloc(f->pool, 2000);
	memset(huge, 'A', 1999);
	huge[1999] = '\0';
	assert_int_equal(people_list(f->db, f->pool, NULL, huge, 10, &page), PLEIN_INVALID);

	/* a well-formed but made-up cursor is just a position */
	const char *c = b64(f->pool, "0:M", 3);
	assert_int_equal(people_list(f->db, f->pool, NULL, c, 100, &page), PLEIN_OK);
	assert_true(page.n > 0);
	for (size_t i = 0; i < page.n; i++)
		assert_true(strcasecmp(page.items[i]->name, "M") > 0);
	/* SQL in the name part is data */
	c = b64(f->pool, "1:' OR 1=1 --", 13);
	assert_int_equal(people_list(f->db, f->pool, NULL, c, 100, &page), PLEIN_OK);
}

/* ---- search ------------------------------------------------------------------ */

static bool has(const struct people_page *page, int64_t id)
{
	for (size_t i = 0; i < page->n; i++)
		if (page->items[i]->id == id)
			return true;
	return false;
}

static void test_search(void **state)
{
	struct fixture *f = *state;
	struct people_page page;
	int64_t n;
	int64_t zoe = add(f, "zoe.jansen@example.com", "Zo\xc3\xab Jansen");
	int64_t anna = add_full(f, "anna@example.com", "Anna de Vries", "Policy advisor", "Finance");
	int64_t annabel = add(f, "bel@example.com", "Annabel Smit");
	int64_t emile = add(f, "emile@example.com", "\xc3\x89mile Zola");
	int64_t joost = add_full(f, "joost@example.com", "Joost Bakker", "Developer", "IT");

	/* accents and case are ignored both ways */
	assert_int_equal(people_list(f->db, f->pool, "zoe", NULL, 10, &page), PLEIN_OK);
	assert_int_equal(page.n, 1);
	assert_int_equal(page.items[0]->id, zoe);
	assert_int_equal(people_list(f->db, f->pool, "ZO\xc3\x8b", NULL, 10, &page), PLEIN_OK);
	assert_true(has(&page, zoe));
	assert_int_equal(people_list(f->db, f->pool, "emile", NULL, 10, &page), PLEIN_OK);
	assert_true(has(&page, emile));
	/* word prefixes */
	assert_int_equal(people_list(f->db, f->pool, "ann", NULL, 10, &page), PLEIN_OK);
	assert_int_equal(page.n, 2);
	assert_true(has(&page, anna) && has(&page, annabel));
	assert_int_equal(people_list(f->db, f->pool, "a", NULL, 10, &page), PLEIN_OK);
	assert_true(has(&page, anna) && has(&page, annabel));
	/* several words: all must match */
	assert_int_equal(people_list(f->db, f->pool, "ann vri", NULL, 10, &page), PLEIN_OK);
	assert_int_equal(page.n, 1);
	assert_int_equal(page.items[0]->id, anna);
	/* title, department and e-mail are searched too */
	assert_int_equal(people_list(f->db, f->pool, "policy", NULL, 10, &page), PLEIN_OK);
	assert_true(has(&page, anna));
	assert_int_equal(people_list(f->db, f->pool, "financ", NULL, 10, &page), PLEIN_OK);
	assert_true(has(&page, anna));
	assert_int_equal(people_list(f->db, f->pool, "joost@example", NULL, 10, &page), PLEIN_OK);
	assert_int_equal(page.n, 1);
	assert_int_equal(page.items[0]->id, joost);
	/* no match */
	assert_int_equal(people_list(f->db, f->pool, "xyzzy", NULL, 10, &page), PLEIN_OK);
	assert_int_equal(page.n, 0);
	assert_null(page.next);
	/* the count agrees */
	assert_int_equal(people_count_matching(f->db, f->pool, "ann", &n), PLEIN_OK);
	assert_int_equal(n, 2);
	assert_int_equal(people_count_matching(f->db, f->pool, NULL, &n), PLEIN_OK);
	assert_int_equal(n, 5);
	assert_int_equal(people_count_matching(f->db, f->pool, "!!!", &n), PLEIN_OK);
	assert_int_equal(n, 5);

	/* FTS syntax in the query is text, never an error */
	static const char *const hostile[] = {
		"\"", "\"\"", "ann\"", "ann*", "*", "NEAR(ann vri)", "ann AND vri", "ann OR xyz", "NOT ann",
		"ann NOT", "(ann", "ann)", "name:ann", "{name email}:ann", "^ann", "-ann", "ann + vri",
		"'; DROP TABLE people; --", "ann:", ":", "ann\\", "%", "_", "...", "a.b", "@", "\xc2\xab\xc2\xbb",
	};
	for (size_t i = 0; i < ARRAY_LEN(hostile); i++) {
		int rc = people_list(f->db, f->pool, hostile[i], NULL, 10, &page);
		if (rc != PLEIN_OK)
			print_error("query '%s' gave %d\n", hostile[i], rc);
		assert_int_equal(rc, PLEIN_OK);
		assert_int_equal(people_count_matching(f->db, f->pool, hostile[i], &n), PLEIN_OK);
	}
	/* "name:ann" searches the words, not the column filter: Joost has neither */
	assert_int_equal(people_list(f->db, f->pool, "name:ann", NULL, 10, &page), PLEIN_OK);
	assert_int_equal(page.n, 0);
	/* "ann OR xyz" is three words, all required, not a disjunction */
	assert_int_equal(people_list(f->db, f->pool, "ann OR xyz", NULL, 10, &page), PLEIN_OK);
	assert_int_equal(page.n, 0);
	int64_t n_people = 0;
	assert_int_equal(people_count(f->db, &n_people), PLEIN_OK);
	assert_int_equal(n_people, 5); /* and the table is still there */
}

static void test_search_pages(void **state)
{
	struct fixture *f = *state;
	char email[64], name[64];
	for (int i = 0; i < 23; i++) {
		snprintf(email, sizeof(email), "s%d@example.com", i);
		snprintf(name, sizeof(name), "%s Searchable %02d", i % 2 ? "anna" : "Anna", 22 - i);
		add(f, email, name);
	}
	add(f, "other@example.com", "Other Person");
	walk(f, "searchable", 5, 23);
	walk(f, "anna", 4, 23);
	walk(f, "anna", 23, 23);
	walk(f, "other", 1, 1);
}

/* Past 2,000 matches people_list walks the name index instead of sorting
 * the matches: the same pages must come out. */
static void test_search_many(void **state)
{
	struct fixture *f = *state;
	char email[64], name[64];
	assert_int_equal(db_begin(f->db), 0);
	for (int i = 0; i < 2100; i++) {
		snprintf(email, sizeof(email), "many%d@example.com", i);
		/* names out of id order, in mixed case, with repeats */
		snprintf(name, sizeof(name), "%s %04d", i % 3 ? "many" : "MANY", (i * 7919) % 1500);
		add(f, email, name);
	}
	for (int i = 0; i < 30; i++) {
		snprintf(email, sizeof(email), "few%d@example.com", i);
		snprintf(name, sizeof(name), "Few %d", i);
		add(f, email, name);
	}
	assert_int_equal(db_commit(f->db), 0);
	walk(f, "many", 100, 2100);   /* the index walk */
	walk(f, "ma", 37, 2100);
	walk(f, "few", 7, 30);        /* the sort */
	walk(f, NULL, 100, 2130);     /* no search */
	int64_t n = 0;
	assert_int_equal(people_count_matching(f->db, f->pool, "many", &n), PLEIN_OK);
	assert_int_equal(n, 2100);
	/* both plans agree on the first page of a query that sits at the border */
	struct people_page page;
	assert_int_equal(people_list(f->db, f->pool, "many 0001", NULL, 10, &page), PLEIN_OK);
	for (size_t i = 0; i < page.n; i++)
		assert_non_null(strstr(page.items[i]->name, "0001"));
}

/* ---- the FTS5 query builder ---------------------------------------------- */

static void test_fts_query(void **state)
{
	struct fixture *f = *state;
	struct pool *p = f->pool;
	static const struct { const char *in, *out; } cases[] = {
		{ "anna", "\"anna\"*" },
		{ "  Anna   de  Vries ", "\"Anna\"* \"de\"* \"Vries\"*" },
		{ "\"anna\"", "\"anna\"*" },
		{ "ann\"a", "\"ann\"* \"a\"*" },
		{ "ann*", "\"ann\"*" },
		{ "NEAR(a b)", "\"NEAR\"* \"a\"* \"b\"*" },
		{ "a AND b", "\"a\"* \"AND\"* \"b\"*" },
		{ "name:x", "\"name\"* \"x\"*" },
		{ "{name}:x", "\"name\"* \"x\"*" },
		{ "(a OR b)", "\"a\"* \"OR\"* \"b\"*" },
		{ "-a ^b +c", "\"a\"* \"b\"* \"c\"*" },
		{ "anna@example.com", "\"anna@example.com\"*" },
		{ ".hidden", "\"hidden\"*" },
		{ "Zo\xc3\xab", "\"Zo\xc3\xab\"*" },
		{ "a1_b2", "\"a1_b2\"*" },
		/* at most 8 words */
		{ "1 2 3 4 5 6 7 8 9 10", "\"1\"* \"2\"* \"3\"* \"4\"* \"5\"* \"6\"* \"7\"* \"8\"*" },
	};
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		const char *got = people_fts_query(p, cases[i].in);
		if (!got || strcmp(got, cases[i].out) != 0)
			print_error("'%s' gave '%s'\n", cases[i].in, got ? got : "(null)");
		assert_non_null(got);
		assert_string_equal(got, cases[i].out);
	}
	/* no words: NULL */
	static const char *const empty[] = { "", " ", "\"\"", "***", "()", ":", "...", "-+^", "\t\n" };
	for (size_t i = 0; i < ARRAY_LEN(empty); i++) {
		const char *got = people_fts_query(p, empty[i]);
		if (got)
			print_error("'%s' gave '%s'\n", empty[i], got);
		assert_null(got);
	}
	/* whatever the input, the output has balanced quotes and no inner quote */
	const char *got = people_fts_query(p, "a\"b\"c\"\"d\"");
	assert_non_null(got);
	size_t quotes = 0;
	for (const char *c = got; *c; c++)
		quotes += *c == '"';
	assert_int_equal(quotes % 2, 0);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_create_get),
		T(test_duplicate_email),
		T(test_password_and_role),
		T(test_update),
		T(test_validate),
		T(test_email_error),
		T(test_list_pages),
		T(test_list_limits),
		T(test_bad_cursors),
		T(test_search),
		T(test_search_pages),
		T(test_search_many),
		T(test_fts_query),
	};
#undef T
	return cmocka_run_group_tests_name("people", tests, NULL, NULL);
}
