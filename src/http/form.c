/* form.c — urlencoded parsing; see form.h. Bounded: at most FORM_MAX_FIELDS
 * fields, and the input itself is bounded by the route's body limit. */
#include "http/form.h"
#include "lib/strbuf.h"
#include "lib/utf8.h"

/* Decode s[0..len) into a new pool string; NULL on a malformed escape. */
static char *decode(struct pool *p, const char *s, size_t len, size_t *out_len)
{
	char *r = pool_alloc(p, len + 1);
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '+') {
			r[o++] = ' ';
		} else if (s[i] == '%') {
			if (len - i < 3)
				return NULL;
			int hi = hex_digit(s[i + 1]), lo = hex_digit(s[i + 2]);
			if (hi < 0 || lo < 0)
				return NULL;
			r[o++] = (char)(hi * 16 + lo);
			i += 2;
		} else {
			r[o++] = s[i];
		}
	}
	r[o] = '\0';
	if (!utf8_valid(r, o))
		return NULL;
	*out_len = o;
	return r;
}

void form_add(struct pool *p, struct form *f, const char *key, const char *value, size_t value_len)
{
	/* grow by doubling inside the pool; old arrays stay until the pool dies */
	if ((f->n & (f->n - 1)) == 0) {
		size_t cap = f->n ? f->n * 2 : 4;
		struct form_field *nf = pool_alloc(p, st_mult(cap, sizeof(*nf)));
		if (f->n)
			memcpy(nf, f->fields, f->n * sizeof(*nf));
		f->fields = nf;
	}
	f->fields[f->n++] = (struct form_field){ key, value, value_len };
}

int form_parse(struct pool *p, const char *data, size_t len, struct form *out)
{
	out->fields = NULL;
	out->n = 0;
	size_t i = 0;
	while (i < len) {
		size_t end = i;
		while (end < len && data[end] != '&')
			end++;
		if (end > i) {
			size_t eq = i;
			while (eq < end && data[eq] != '=')
				eq++;
			size_t klen, vlen = 0;
			char *key = decode(p, data + i, eq - i, &klen);
			char *val = eq < end ? decode(p, data + eq + 1, end - eq - 1, &vlen) : pool_strdup(p, "");
			if (!key || !val)
				return PLEIN_INVALID;
			if (out->n >= FORM_MAX_FIELDS)
				return PLEIN_TOOBIG;
			form_add(p, out, key, val, vlen);
		}
		i = end + 1;
	}
	return PLEIN_OK;
}

const char *form_get(const struct form *f, const char *key)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->fields[i].key, key) == 0)
			return f->fields[i].value;
	return NULL;
}
