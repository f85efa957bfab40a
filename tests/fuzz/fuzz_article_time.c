/* fuzz_article_time.c — libFuzzer harness for the publication time of a
 * scheduled article (articles_parse_time: datetime-local with the
 * browser's offset, or RFC 3339 UTC) and the excerpt of article HTML.
 * Whatever the bytes: no crash; an accepted time lies between 2000 and
 * 2201 and the excerpt is valid UTF-8 of at most the asked length. */
#include "lib/common.h"
#include "lib/pool.h"
#include "lib/utf8.h"
#include "core/articles.h"

#define INPUT_MAX 4096

int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len);
int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len)
{
	if (len < 1 || len > INPUT_MAX)
		return 0;
	char *s = xmalloc(len);
	memcpy(s, buf + 1, len - 1);
	s[len - 1] = '\0';
	int64_t offset = (int64_t)(int8_t)buf[0] * 8, t;
	if (articles_parse_time(s, offset, &t) == PLEIN_OK && (t < 946684800 - 86400 || t > 7289654400 + 86400))
		abort();
	if (utf8_valid(s, strlen(s))) {
		struct pool *p = pool_new();
		const char *e = articles_excerpt(p, s, 50);
		if (!utf8_valid(e, strlen(e)) || utf8_length(e, strlen(e)) > 51)
			abort();
		pool_free(p);
	}
	free(s);
	return 0;
}
