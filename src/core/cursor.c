/* cursor.c — see cursor.h. */
#include "core/cursor.h"
#include "lib/utf8.h"
#include <sodium.h>

const char *cursor_make(struct pool *p, int64_t id, const char *text)
{
	char *raw = pool_printf(p, "%lld:%s", (long long)id, text);
	size_t n = strlen(raw);
	size_t outlen = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *out = pool_alloc(p, outlen);
	sodium_bin2base64(out, outlen, (const unsigned char *)raw, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return out;
}

int cursor_parse(struct pool *p, const char *cursor, size_t max_len, int64_t *id, const char **text)
{
	size_t clen = strlen(cursor), n;
	if (clen == 0 || clen > max_len)
		return PLEIN_INVALID;
	unsigned char *raw = pool_alloc(p, clen + 1);
	if (sodium_base642bin(raw, clen, cursor, clen, NULL, &n, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING))
		return PLEIN_INVALID;
	raw[n] = '\0';
	char *colon = memchr(raw, ':', n);
	if (!colon || colon == (char *)raw || !utf8_valid((char *)raw, n))
		return PLEIN_INVALID;
	*id = 0;
	for (char *c = (char *)raw; c < colon; c++) {
		if (*c < '0' || *c > '9' || *id > INT64_MAX / 10 - 10)
			return PLEIN_INVALID;
		*id = *id * 10 + (*c - '0');
	}
	*text = colon + 1;
	return PLEIN_OK;
}
