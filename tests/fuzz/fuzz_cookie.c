/* fuzz_cookie.c — libFuzzer harness for the Cookie header: the input
 * (NUL-terminated copy) is searched for several names, including the
 * session cookie and names that are prefixes or extensions of it. A found
 * value lies inside the header, has no ';' and no surrounding quote pair,
 * and the bytes before it end with "name=" after optional spaces. */
#include "lib/common.h"
#include "http/cookie.h"

#define INPUT_MAX 8192

int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len);
int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len)
{
	static const char *const names[] = {
		"plein_session", "xplein_session", "plein_sessio", "__Host-plein_session", "a", "", "=", " a",
	};
	if (len > INPUT_MAX)
		return 0;
	char *h = xmalloc(len + 1);
	memcpy(h, buf, len);
	h[len] = '\0';
	size_t hlen = strlen(h);
	for (size_t i = 0; i < ARRAY_LEN(names); i++) {
		struct slice v;
		int rc = cookie_find(h, names[i], &v);
		if (rc == PLEIN_NOTFOUND)
			continue;
		if (rc != PLEIN_OK)
			abort();
		if (v.ptr < h || v.ptr + v.len > h + hlen)
			abort();
		if (memchr(v.ptr, ';', v.len))
			abort();
		/* the name sits right before the '=' (spaces and one quote aside) */
		const char *e = v.ptr;
		if (e > h && e[-1] == '"')
			e--;
		while (e > h && e[-1] == ' ')
			e--;
		if (e == h || e[-1] != '=')
			abort();
		e--;
		while (e > h && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		size_t nl = strlen(names[i]);
		if ((size_t)(e - h) < nl || memcmp(e - nl, names[i], nl) != 0)
			abort();
		/* and starts a pair: at the beginning, or after ';', ' ' or '\t' */
		const char *k = e - nl;
		if (k > h && k[-1] != ';' && k[-1] != ' ' && k[-1] != '\t')
			abort();
	}
	free(h);
	return 0;
}
