/* fuzz_group_query.c — libFuzzer harness for the group directory: the input
 * is split at the first NUL-free '\n' into a search text and a cursor, and
 * groups_list runs with both (and the search as a category) against a small
 * database made once at start-up, as a member who sees secret groups of
 * their own. Whatever the bytes, the answer is PLEIN_OK or PLEIN_INVALID
 * (a forged cursor, a text too long) — never an FTS5 syntax error or an
 * SQL error — and a page's next cursor leads to rows after it. */
#include "lib/common.h"
#include "lib/pool.h"
#include "lib/utf8.h"
#include "core/groups.h"
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
	static const char *const names[][3] = {
		{ "Cyclists", "open", "Sport" },
		{ "Board \"games\"", "closed", "Fun" },
		{ "NEAR AND OR", "secret", "Projects" },
		{ "name: about", "open", "" },
		{ "Zo\xc3\xab's *stars*", "open", "Fun" },
		{ "\xe5\xb1\xb1\xe7\x94\xb0", "closed", "\xf0\x9f\x98\x80" },
	};
	UNUSED(argc);
	UNUSED(argv);
	db = fuzz_db_open("groups", release);
	keep = pool_new();
	int64_t id;
	if (people_create(db, "ann@example.com", "Ann", "member", NULL, &id) ||
	    visibility_person_get(db, keep, id, &viewer))
		abort();
	for (size_t i = 0; i < ARRAY_LEN(names); i++) {
		struct group_input in = { .name = names[i][0], .kind = names[i][1], .category = names[i][2],
		                          .about = "about (this) group -not- \"quoted\"" };
		const char *msg;
		int64_t gid;
		if (groups_create(db, keep, viewer, &in, &gid, &msg))
			abort();
	}
	for (int i = 0; i < 60; i++) {
		char name[32];
		snprintf(name, sizeof(name), "Team %02d", i);
		struct group_input in = { .name = name, .kind = i % 3 ? "open" : "secret", .category = "Teams" };
		const char *msg;
		int64_t gid;
		if (groups_create(db, keep, viewer, &in, &gid, &msg))
			abort();
	}
	if (visibility_scope_load(db, keep, viewer))
		abort();
	return 0;
}

static void run(struct pool *p, const char *q, const char *category, const char *cursor)
{
	struct group_query gq = { .q = q, .category = category, .cursor = cursor, .limit = 7 };
	struct group *items;
	size_t n;
	const char *next = NULL;
	int rc = groups_list(db, p, viewer, &gq, &items, &n, &next);
	if (rc == PLEIN_INVALID)
		return;
	if (rc != PLEIN_OK || n > 7 || (next && n != 7))
		abort();
	if (!next)
		return;
	gq.cursor = next;
	struct group *more;
	size_t m;
	if (groups_list(db, p, viewer, &gq, &more, &m, &next) != PLEIN_OK)
		abort();
	for (size_t i = 0; i < m; i++)
		if (more[i].id == items[n - 1].id)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len);
int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len)
{
	if (len > INPUT_MAX)
		return 0;
	char *in = xmalloc(len + 1);
	memcpy(in, buf, len);
	in[len] = '\0';
	/* the server hands only valid UTF-8 query values to the store */
	if (strlen(in) != len || !utf8_valid(in, len)) {
		free(in);
		return 0;
	}
	char *cursor = strchr(in, '\n');
	if (cursor)
		*cursor++ = '\0';
	struct pool *p = pool_new();
	run(p, in, "", NULL);
	run(p, "", in, NULL);
	run(p, "", "", cursor ? cursor : in);
	run(p, in, "Teams", cursor);
	pool_free(p);
	free(in);
	return 0;
}
