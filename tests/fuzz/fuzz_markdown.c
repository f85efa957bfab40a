/* fuzz_markdown.c — libFuzzer harness for bios: markdown_to_html over any
 * bytes up to a size cap (the bound callers enforce keeps cmark-gfm's
 * super-linear corners small). Whatever the input, the output must hold no
 * raw tag outside what the renderer makes (every '<' starts a known tag),
 * every link carries rel="nofollow noopener", no image is loaded, and no
 * unsafe scheme sits in an href. An oversized input must give NULL. */
#include "lib/common.h"
#include "lib/pool.h"
#include "core/markdown.h"
#include <strings.h>

#define INPUT_MAX 16384  /* enough for every construct; keeps runs fast */

static const char *const allowed[] = { "p", "em", "strong", "a", "ul", "ol", "li", "code", "pre", "blockquote",
                                       "h3", "h4", "h5", "h6", "hr", "br", "del", "table", "thead", "tbody",
                                       "tr", "th", "td", "input" };

static void check_tag(const char *s, const char *end)
{
	const char *name = s + 1 + (s[1] == '/');
	size_t n = strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789");
	bool ok = false;
	for (size_t i = 0; i < ARRAY_LEN(allowed) && !ok; i++)
		ok = strlen(allowed[i]) == n && strncmp(name, allowed[i], n) == 0;
	if (!ok)
		abort();
	/* attributes (values are quoted; cmark escapes quotes and '>' inside):
	 * no event handlers, no src, no style */
	for (const char *a = name + n; a < end;) {
		if (*a == ' ' || *a == '/') {
			a++;
			continue;
		}
		size_t an = strspn(a, "abcdefghijklmnopqrstuvwxyz-");
		if (!an || strncmp(a, "on", 2) == 0 || (an == 3 && strncmp(a, "src", 3) == 0) ||
		    (an == 5 && strncmp(a, "style", 5) == 0))
			abort();
		a += an;
		if (*a == '=') {
			if (a[1] != '"')
				abort();
			const char *close = strchr(a + 2, '"');
			if (!close || close > end)
				abort();
			a = close + 1;
		}
	}
	if (n == 1 && name[0] == 'a' && s[1] != '/') {
		static const char prefix[] = "<a rel=\"nofollow noopener\" href=\"";
		if (strncmp(s, prefix, sizeof(prefix) - 1) != 0)
			abort();
		const char *url = s + sizeof(prefix) - 1;
		static const char *const bad[] = { "javascript:", "vbscript:", "file:", "data:text" };
		for (size_t i = 0; i < ARRAY_LEN(bad); i++)
			if (strncasecmp(url, bad[i], strlen(bad[i])) == 0)
				abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len);
int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len)
{
	struct pool *p = pool_new();
	if (len > INPUT_MAX) {
		/* past the bound, only the refusal is checked (cheaply, once in a while) */
		if (len > MARKDOWN_INPUT_MAX && markdown_to_html(p, (const char *)buf, len) != NULL)
			abort();
		pool_free(p);
		return 0;
	}
	const char *html = markdown_to_html(p, (const char *)buf, len);
	if (!html)
		abort();
	for (const char *s = html; (s = strchr(s, '<')); s++) {
		const char *end = strchr(s, '>');
		if (!end)
			abort();
		check_tag(s, end);
	}
	pool_free(p);
	return 0;
}
