/* fuzz_question_input.c — libFuzzer harness for what a question reads from
 * outside: the title rule (questions_title_error) and "similar questions"
 * for a title being typed (questions_similar, which builds its statement
 * from the title's words) against a small database made at start-up.
 * Whatever the bytes: no crash, an accepted title is valid UTF-8 without
 * control characters and 5 … 200 characters once trimmed, and similar
 * questions answer PLEIN_OK with at most the limit, every one a question. */
#include "lib/common.h"
#include "lib/pool.h"
#include "lib/utf8.h"
#include "core/questions.h"
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
	static const char *const titles[] = {
		"Where is the payroll calendar?", "100% _remote_ work: allowed?", "Privé parkeren bij kantoor",
		"LIKE '%' OR 1=1 -- really", "\xe5\xb1\xb1\xe7\x94\xb0 question", "Fietsen naar het werk",
	};
	UNUSED(argc);
	UNUSED(argv);
	db = fuzz_db_open("questions", release);
	keep = pool_new();
	int64_t id;
	if (people_create(db, "ann@example.com", "Ann", "member", NULL, &id) || visibility_person_get(db, keep, id, &viewer))
		abort();
	for (size_t i = 0; i < ARRAY_LEN(titles); i++) {
		struct question_input in = { .title = titles[i], .text = "text", .anonymous = i % 2 };
		const char *msg, *field;
		if (questions_ask(db, keep, viewer, &in, &id, &msg, &field))
			abort();
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len);
int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len)
{
	if (len > INPUT_MAX)
		return 0;
	char *s = xmalloc(len + 1);
	memcpy(s, buf, len);
	s[len] = '\0';
	size_t n = strlen(s);
	if (!questions_title_error(s)) {
		if (!utf8_valid(s, n) || utf8_has_control(s, n, false))
			abort();
		const char *a = s, *b = s + n;
		while (a < b && (*a == ' ' || *a == '\t'))
			a++;
		while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
			b--;
		size_t chars = utf8_length(a, (size_t)(b - a));
		if (chars < QUESTION_TITLE_MIN || chars > QUESTION_TITLE_MAX)
			abort();
	}
	struct pool *p = pool_new();
	struct post *out;
	size_t k;
	if (questions_similar(db, p, viewer, s, 5, &out, &k) != PLEIN_OK || k > 5)
		abort();
	for (size_t i = 0; i < k; i++)
		if (strcmp(out[i].kind, "question") != 0 || out[i].author.id != (out[i].anonymous ? 0 : out[i].owner_id))
			abort();
	pool_free(p);
	free(s);
	return 0;
}
