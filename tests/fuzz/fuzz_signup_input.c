/* fuzz_signup_input.c — libFuzzer harness for what a sign-up reads from
 * outside and writes out: the deadline parser (dates, local times, RFC 3339
 * with zones), the cap parser, and one CSV cell. Whatever the bytes: no
 * crash; an accepted deadline is a positive time that parses the same
 * again; an accepted cap is 0 (none) or 1 … SIGNUP_CAP_MAX; a CSV cell reads
 * back (RFC 4180) as the text, with a ' in front exactly when a spreadsheet
 * would have run it as a formula, and a quoted cell never lets a quote,
 * comma or line break escape it. */
#include "lib/common.h"
#include "lib/strbuf.h"
#include "core/signups.h"

#define INPUT_MAX 4096

/* Read one RFC 4180 cell back; NULL when it is malformed. */
static char *csv_read(const char *s, size_t len)
{
	char *out = xmalloc(len + 1);
	size_t o = 0;
	if (len && s[0] == '"') {
		if (len < 2 || s[len - 1] != '"')
			goto bad;
		for (size_t i = 1; i < len - 1; i++) {
			if (s[i] == '"') {
				if (i + 1 >= len - 1 || s[i + 1] != '"')
					goto bad;  /* a lone quote would end the cell early */
				i++;
			}
			out[o++] = s[i];
		}
	} else {
		for (size_t i = 0; i < len; i++) {
			if (s[i] == '"' || s[i] == ',' || s[i] == '\r' || s[i] == '\n')
				goto bad;  /* must have been quoted */
			out[o++] = s[i];
		}
	}
	out[o] = '\0';
	return out;
bad:
	free(out);
	return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len);
int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len)
{
	if (len > INPUT_MAX)
		return 0;
	const char *s = (const char *)buf;
	int64_t t, t2;
	if (signups_parse_deadline(s, len, &t) == PLEIN_OK) {
		if (t <= 0 || signups_parse_deadline(s, len, &t2) != PLEIN_OK || t != t2)
			abort();
	}
	int64_t cap;
	if (signups_parse_cap(s, len, &cap) == PLEIN_OK && (cap < 0 || cap > SIGNUP_CAP_MAX))
		abort();

	/* a cell is a C string: the bytes up to the first NUL */
	char *cell = xmalloc(len + 1);
	memcpy(cell, s, len);
	cell[len] = '\0';
	struct strbuf sb = STRBUF_INIT;
	signups_csv_cell(&sb, cell);
	char *back = csv_read(sb.buf, sb.len);
	if (!back)
		abort();
	bool formula = cell[0] && strchr("=+-@\t\r", cell[0]);
	if (formula ? (back[0] != '\'' || strcmp(back + 1, cell) != 0) : strcmp(back, cell) != 0)
		abort();
	free(back);
	strbuf_release(&sb);
	free(cell);
	return 0;
}
