/* utf8.c — strict UTF-8 checks (RFC 3629). */
#include "lib/utf8.h"

/* Length of the sequence starting at s[i], or 0 if it is malformed. */
static size_t seq_len(const unsigned char *s, size_t i, size_t len, uint32_t *cp)
{
	unsigned char c = s[i];
	size_t n;
	uint32_t v, min;
	if (c < 0x80) {
		*cp = c;
		return c ? 1 : 0;
	} else if ((c & 0xe0) == 0xc0) {
		n = 2; v = c & 0x1f; min = 0x80;
	} else if ((c & 0xf0) == 0xe0) {
		n = 3; v = c & 0x0f; min = 0x800;
	} else if ((c & 0xf8) == 0xf0) {
		n = 4; v = c & 0x07; min = 0x10000;
	} else {
		return 0;
	}
	if (len - i < n)
		return 0;
	for (size_t k = 1; k < n; k++) {
		if ((s[i + k] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (s[i + k] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return n;
}

bool utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t cp;
	for (size_t i = 0; i < len;) {
		size_t n = seq_len(s, i, len, &cp);
		if (!n)
			return false;
		i += n;
	}
	return true;
}

size_t utf8_length(const char *str, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)str[i] & 0xc0) != 0x80)
			n++;
	return n;
}

bool utf8_has_control(const char *str, size_t len, bool allow_newlines)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t cp;
	for (size_t i = 0; i < len;) {
		size_t n = seq_len(s, i, len, &cp);
		if (!n)
			return true;
		if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) {
			if (!(allow_newlines && (cp == '\n' || cp == '\r' || cp == '\t')))
				return true;
		}
		i += n;
	}
	return false;
}
