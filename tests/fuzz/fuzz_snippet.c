/* fuzz_snippet.c — libFuzzer harness for notification snippets:
 * notifications_snippet over any valid UTF-8 text (post and comment bodies
 * are validated before they are stored). Whatever the input, the snippet is
 * valid UTF-8, at most 120 characters (plus "…" when cut), one line with
 * single spaces and no space at either end, and holds no control
 * characters. */
#include "lib/common.h"
#include "lib/pool.h"
#include "lib/utf8.h"
#include "core/notifications.h"

#define INPUT_MAX 16384

int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len);
int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len)
{
	if (len > INPUT_MAX || !utf8_valid((const char *)buf, len))
		return 0;
	struct pool *p = pool_new();
	const char *s = notifications_snippet(p, (const char *)buf, len);
	size_t n = strlen(s);
	if (!utf8_valid(s, n) || utf8_has_control(s, n, false))
		abort();
	size_t chars = utf8_length(s, n);
	static const char ellipsis[] = "\xe2\x80\xa6";
	bool cut = n >= 3 && strcmp(s + n - 3, ellipsis) == 0;
	if (chars > NOTIFICATION_SNIPPET_MAX + (cut ? 1 : 0))
		abort();
	if (n && (s[0] == ' ' || s[n - 1] == ' ' || strstr(s, "  ") || strchr(s, '\n') || strchr(s, '\t')))
		abort();
	pool_free(p);
	return 0;
}
