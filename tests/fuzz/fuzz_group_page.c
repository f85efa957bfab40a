/* fuzz_group_page.c — libFuzzer harness for what a group page goes through:
 * the meeting date check, the title/text/date validation, and the line
 * comparison of two versions (core/textdiff.c over libgit2). Input: 10
 * bytes of date, then an old text and a new text split at the first NUL.
 * Whatever the bytes: no crash; a date is accepted exactly when the C
 * library's calendar (timegm) agrees it is a real day of 1900–9999; an
 * accepted input is valid UTF-8 within the bounds; the comparison with all
 * context rebuilds both texts (kept + removed lines = old, kept + added =
 * new), its line numbers count up on each side, and the counts of added
 * and removed lines do not depend on the context shown. */
#include "lib/common.h"
#include "lib/pool.h"
#include "lib/strbuf.h"
#include "lib/utf8.h"
#include "core/group_pages.h"
#include <time.h>

#define INPUT_MAX (2 * 65536 + 16)

static bool oracle_date(const char *s, size_t len)
{
	if (len != 10 || s[4] != '-' || s[7] != '-')
		return false;
	int v[3] = { 0, 0, 0 }, which = 0;
	for (size_t i = 0; i < len; i++) {
		if (i == 4 || i == 7) {
			which++;
			continue;
		}
		if (s[i] < '0' || s[i] > '9')
			return false;
		v[which] = v[which] * 10 + (s[i] - '0');
	}
	struct tm tm = { .tm_year = v[0] - 1900, .tm_mon = v[1] - 1, .tm_mday = v[2], .tm_hour = 12 };
	time_t t = timegm(&tm);
	struct tm back;
	if (!gmtime_r(&t, &back))
		return false;
	return v[0] >= 1900 && back.tm_year == v[0] - 1900 && back.tm_mon == v[1] - 1 && back.tm_mday == v[2];
}

/* Texts end in a newline for the comparison (textdiff.h). */
static void expect_side(const struct textdiff *d, enum textdiff_op other, const char *text, size_t len)
{
	struct strbuf sb = STRBUF_INIT;
	int64_t last = 0;
	for (size_t i = 0; i < d->n; i++) {
		const struct textdiff_line *l = &d->lines[i];
		if (l->op == TEXTDIFF_SAME || l->op == other) {
			int64_t no = other == TEXTDIFF_DEL ? l->old_no : l->new_no;
			if (no != last + 1)
				abort();
			last = no;
			strbuf_add(&sb, l->text, l->len);
			strbuf_addch(&sb, '\n');
		}
	}
	size_t want = len + (len && text[len - 1] != '\n');
	if (d->n && (sb.len != want || memcmp(sb.buf, text, len) != 0))
		abort();
	strbuf_release(&sb);
}

int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len);
int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len)
{
	if (len < 10 || len > INPUT_MAX)
		return 0;
	struct pool *p = pool_new();
	const char *date = pool_strndup(p, (const char *)buf, 10);
	if (group_pages_date_valid((const char *)buf, 10) != oracle_date((const char *)buf, 10))
		abort();
	const char *rest = (const char *)buf + 10;
	size_t rlen = len - 10;
	const char *nul = memchr(rest, '\0', rlen);
	size_t alen = nul ? (size_t)(nul - rest) : rlen;
	const char *a = pool_strndup(p, rest, alen);
	const char *b = nul ? pool_strndup(p, nul + 1, rlen - alen - 1) : "";
	size_t blen = strlen(b);

	struct group_page_input in = { .title = a, .body = b, .meeting_date = date };
	const char *field = NULL, *msg = group_pages_input_error(&in, true, &field);
	if (msg && !field)
		abort();
	if (!msg) {
		if (!utf8_valid(a, alen) || utf8_length(a, alen) > GROUP_PAGE_TITLE_MAX || !utf8_valid(b, blen) ||
		    blen > 65536 || utf8_length(b, blen) > GROUP_PAGE_BODY_MAX ||
		    (*date && !group_pages_date_valid(date, strlen(date))))
			abort();
	}

	struct textdiff all, some;
	if (textdiff_lines(p, a, alen, b, blen, TEXTDIFF_ALL_CONTEXT, &all) != PLEIN_OK ||
	    textdiff_lines(p, a, alen, b, blen, 3, &some) != PLEIN_OK)
		abort();
	expect_side(&all, TEXTDIFF_DEL, a, alen);
	expect_side(&all, TEXTDIFF_ADD, b, blen);
	if (all.added != some.added || all.removed != some.removed || some.n > all.n)
		abort();
	for (size_t i = 0; i < some.n; i++)
		if (some.lines[i].text[some.lines[i].len] != '\0' || memchr(some.lines[i].text, '\n', some.lines[i].len))
			abort();
	pool_free(p);
	return 0;
}
