/* fuzz_saved_search.c — libFuzzer harness for what a saved search takes
 * from outside: a name, the text, the kinds and a topic (the input split at
 * NUL bytes), checked by saved_search_error, then the /search URL made
 * from an accepted one. Whatever the bytes: no crash; an accepted search
 * has a valid UTF-8 name of 1 … 80 characters and known kinds, and its URL
 * is a /search path with no byte outside printable ASCII (everything from
 * the input percent-encoded), so it cannot break out of an attribute. */
#include "lib/common.h"
#include "lib/pool.h"
#include "lib/utf8.h"
#include "core/saved_searches.h"

#define INPUT_MAX 2048

int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len);
int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len)
{
	if (len > INPUT_MAX)
		return 0;
	char *copy = xmalloc(len + 1);
	memcpy(copy, buf, len);
	copy[len] = '\0';
	const char *part[4] = { "", "", "", "" };
	size_t n = 0;
	for (char *s = copy; n < 4 && s <= copy + len; s += strlen(s) + 1)
		part[n++] = s;
	struct saved_search s = { .name = part[0], .q = part[1], .kinds = part[2], .topic = part[3],
	                          .group_id = len % 7, .author_id = len % 5, .since = (int64_t)len * 86400,
	                          .until = len % 3 ? 0 : (int64_t)(len + 1) * 86400 };
	if (!saved_search_error(&s)) {
		size_t nl = strlen(s.name);
		if (!nl || !utf8_valid(s.name, nl) || utf8_length(s.name, nl) > SAVED_SEARCH_NAME_MAX)
			__builtin_trap();
		unsigned kinds;
		if (search_kinds_parse(s.kinds, &kinds) != PLEIN_OK)
			__builtin_trap();
		struct pool *p = pool_new();
		const char *url = saved_search_url(p, &s);
		if (strncmp(url, "/search?q=", 10) != 0)
			__builtin_trap();
		for (const unsigned char *c = (const unsigned char *)url; *c; c++)
			if (*c <= 0x20 || *c >= 0x7f || *c == '"' || *c == '<' || *c == '>' || *c == '\'')
				__builtin_trap();
		pool_free(p);
	}
	free(copy);
	return 0;
}
