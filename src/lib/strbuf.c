/* strbuf.c — bounded, owning string builder; see strbuf.h for the contract. */
#include "strbuf.h"

char strbuf_empty[1];

bool slice_eq(struct slice a, const char *lit)
{
	size_t n = strlen(lit);
	return a.len == n && (n == 0 || memcmp(a.ptr, lit, n) == 0);
}

void strbuf_init(struct strbuf *sb, size_t max)
{
	sb->buf = strbuf_empty;
	sb->len = 0;
	sb->alloc = 0;
	sb->max = max ? max : STRBUF_DEFAULT_MAX;
	sb->toobig = false;
}

void strbuf_release(struct strbuf *sb)
{
	if (sb->alloc)
		free(sb->buf);
	sb->buf = strbuf_empty;
	sb->len = 0;
	sb->alloc = 0;
	sb->toobig = false;
}

void strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->alloc)
		sb->buf[0] = '\0';
	sb->toobig = false;
}

void strbuf_truncate(struct strbuf *sb, size_t len)
{
	if (len < sb->len) {
		sb->len = len;
		sb->buf[len] = '\0';
	}
}

char *strbuf_detach(struct strbuf *sb, size_t *len_out)
{
	char *res;
	if (len_out)
		*len_out = sb->len;
	res = sb->alloc ? sb->buf : xstrdup("");
	sb->buf = strbuf_empty;
	sb->len = 0;
	sb->alloc = 0;
	return res;
}

/* Make room for `extra` more bytes plus the NUL; refuse past sb->max. */
static int grow(struct strbuf *sb, size_t extra)
{
	size_t want;
	if (extra > sb->max || sb->len > sb->max - extra) {
		sb->toobig = true;
		return PLEIN_TOOBIG;
	}
	want = sb->len + extra + 1;
	if (want <= sb->alloc)
		return PLEIN_OK;
	size_t n = sb->alloc ? sb->alloc : 64;
	while (n < want)
		n = st_mult(n, 2);
	if (sb->alloc) {
		sb->buf = xrealloc(sb->buf, n);
	} else {
		sb->buf = xmalloc(n);
		sb->buf[0] = '\0';
	}
	sb->alloc = n;
	return PLEIN_OK;
}

int strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
	if (len == 0)
		return PLEIN_OK;
	if (grow(sb, len))
		return PLEIN_TOOBIG;
	memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
	return PLEIN_OK;
}

int strbuf_addstr(struct strbuf *sb, const char *s)
{
	return strbuf_add(sb, s, strlen(s));
}

int strbuf_addch(struct strbuf *sb, int c)
{
	char ch = (char)c;
	return strbuf_add(sb, &ch, 1);
}

int strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	char small[256];
	int n;

	va_copy(cp, ap);
	n = vsnprintf(small, sizeof(small), fmt, cp);
	va_end(cp);
	if (n < 0)
		return PLEIN_ERROR;
	if ((size_t)n < sizeof(small))
		return strbuf_add(sb, small, (size_t)n);
	if (grow(sb, (size_t)n))
		return PLEIN_TOOBIG;
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
	return PLEIN_OK;
}

int strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int rc;
	va_start(ap, fmt);
	rc = strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
	return rc;
}

int strbuf_add_html(struct strbuf *sb, const char *s, size_t len)
{
	size_t start = 0, old_len = sb->len;
	for (size_t i = 0; i < len; i++) {
		const char *rep;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		if (strbuf_add(sb, s + start, i - start) || strbuf_addstr(sb, rep))
			goto toobig;
		start = i + 1;
	}
	if (strbuf_add(sb, s + start, len - start))
		goto toobig;
	return PLEIN_OK;
toobig:
	strbuf_truncate(sb, old_len); /* all or nothing, as strbuf.h promises */
	return PLEIN_TOOBIG;
}

int strbuf_add_urlencoded(struct strbuf *sb, const char *s, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t old_len = sb->len;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		int rc;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.' || c == '~') {
			rc = strbuf_addch(sb, c);
		} else {
			char esc[3] = { '%', hex[c >> 4], hex[c & 15] };
			rc = strbuf_add(sb, esc, 3);
		}
		if (rc) {
			strbuf_truncate(sb, old_len);
			return rc;
		}
	}
	return PLEIN_OK;
}

int hex_digit(char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}
