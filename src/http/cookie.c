/* cookie.c — RFC 6265 cookie header parsing, tolerant of extra spaces and
 * malformed pairs (they are skipped, never trusted). */
#include "http/cookie.h"

int cookie_find(const char *h, const char *name, struct slice *out)
{
	size_t nlen = strlen(name);
	if (!h)
		return PLEIN_NOTFOUND;
	while (*h) {
		while (*h == ' ' || *h == '\t' || *h == ';')
			h++;
		const char *k = h;
		while (*h && *h != '=' && *h != ';')
			h++;
		size_t klen = (size_t)(h - k);
		while (klen && (k[klen - 1] == ' ' || k[klen - 1] == '\t'))
			klen--;
		if (*h != '=') {
			continue; /* a pair without '=': skip */
		}
		h++;
		while (*h == ' ')
			h++;
		const char *v = h;
		while (*h && *h != ';')
			h++;
		size_t vlen = (size_t)(h - v);
		while (vlen && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
			vlen--;
		if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"') {
			v++;
			vlen -= 2;
		}
		if (klen == nlen && memcmp(k, name, nlen) == 0) {
			out->ptr = v;
			out->len = vlen;
			return PLEIN_OK;
		}
	}
	return PLEIN_NOTFOUND;
}
