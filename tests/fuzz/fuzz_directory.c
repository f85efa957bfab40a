/* fuzz_directory.c — libFuzzer harness for the directory's filter words and
 * cursors. The input is split at newlines into q, department, location,
 * skill, language, level, interest, sort and cursor; whatever they hold,
 * directory_filter_check either refuses them (PLEIN_INVALID) or
 * directory_search, directory_count and directory_facets answer without a
 * storage error, pages stay within the limit, and a returned cursor leads
 * to a next page. Runs against a small temporary database made once. */
#include "lib/common.h"
#include "lib/pool.h"
#include "lib/utf8.h"
#include "core/directory.h"
#include "core/profile.h"
#include <sodium.h>
#include <unistd.h>
#include "fuzz_db.h"

#define INPUT_MAX 4096

static struct db *db;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char *const depts[] = { "Finance", "IT", "R&D / Lab", "Zo\xc3\xab's" };
	static const char *const skills[] = { "Excel", "Python", "Vertalen", "C#" };
	UNUSED(argc);
	UNUSED(argv);
	db = fuzz_db_open("directory", directory_cache_clear);
	if (db_begin(db))
		abort();
	for (int i = 0; i < 300; i++) {
		char email[64], name[64];
		int64_t id;
		snprintf(email, sizeof(email), "p%d@example.com", i);
		snprintf(name, sizeof(name), "%s %d", i % 2 ? "Anna" : "bram", (i * 37) % 300);
		struct person p = { .email = email, .name = name, .department = depts[i % 4],
		                    .location = i % 3 ? "Utrecht" : "Remote", .created_at = 1000 + i / 3 };
		if (people_create_full(db, &p, NULL, &id))
			abort();
		const char *sk[2] = { skills[i % 4], skills[(i / 4) % 4] };
		struct tag_list tl = { .items = sk, .n = sk[0] == sk[1] ? 1 : 2 };
		struct person_language pl[2] = { { "nl", LEVEL_NATIVE }, { "en", 1 + i % 4 } };
		struct language_list ll = { .items = pl, .n = i % 4 == 3 ? 1 : 2 };
		const char *in[1] = { "Chess" };
		struct tag_list it = { .items = in, .n = i % 5 == 0 };
		if (profile_skills_set(db, id, &tl) || profile_languages_set(db, id, &ll) ||
		    profile_interests_set(db, id, &it))
			abort();
	}
	if (db_commit(db))
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len);
int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len)
{
	if (len > INPUT_MAX)
		return 0;
	char *in = xmalloc(len + 1);
	memcpy(in, buf, len);
	in[len] = '\0';
	/* the server hands only valid UTF-8 query arguments to the handlers */
	if (!utf8_valid(in, strlen(in))) {
		free(in);
		return 0;
	}
	const char *part[9] = { 0 };
	char *s = in;
	for (int i = 0; i < 9 && s; i++) {
		part[i] = s;
		char *nl = strchr(s, '\n');
		if (nl)
			*nl++ = '\0';
		s = nl;
	}
	struct directory_filter f = { .q = part[0], .department = part[1], .location = part[2], .skill = part[3],
	                              .language = part[4], .interest = part[6], .cursor = part[8], .limit = 7 };
	const char *field, *msg;
	struct pool *p = pool_new();
	if (directory_filter_check(&f, part[7], part[5], &field, &msg) == PLEIN_OK) {
		struct people_page page;
		int rc = directory_search(db, p, &f, &page);
		if (rc != PLEIN_OK && rc != PLEIN_INVALID)
			abort();
		if (rc == PLEIN_OK) {
			if (page.n > 7 || (page.next && page.n != 7))
				abort();
			if (page.next) {
				struct directory_filter g = f;
				g.cursor = page.next;
				if (directory_search(db, p, &g, &page) != PLEIN_OK)
					abort();
			}
			int64_t n;
			struct directory_facets fc;
			if (directory_count(db, p, &f, &n) != PLEIN_OK || directory_facets(db, p, &f, &fc) != PLEIN_OK)
				abort();
			if (fc.total != n)
				abort();
		}
	} else if (!field || !msg) {
		abort();
	}
	pool_free(p);
	free(in);
	return 0;
}
