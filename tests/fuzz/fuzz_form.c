/* fuzz_form.c — libFuzzer harness for application/x-www-form-urlencoded
 * parsing (POST bodies and query strings): form_parse over the raw input in
 * a fresh pool, then a few lookups. On success every key and value must be
 * valid UTF-8 without NUL, value_len must match, and the field count must
 * stay within FORM_MAX_FIELDS. Failures are only PLEIN_INVALID/TOOBIG. */
#include "lib/common.h"
#include "lib/pool.h"
#include "lib/utf8.h"
#include "http/form.h"

#define INPUT_MAX 65536

int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len);
int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len)
{
	static const char *const keys[] = { "", "a", "q", "email", "password", "csrf", "name", "cursor" };
	struct pool *p;
	struct form f;
	if (len > INPUT_MAX)
		return 0;
	p = pool_new();
	int rc = form_parse(p, (const char *)buf, len, &f);
	if (rc == PLEIN_OK) {
		if (f.n > FORM_MAX_FIELDS)
			abort();
		for (size_t i = 0; i < f.n; i++) {
			const struct form_field *x = &f.fields[i];
			if (!x->key || !x->value)
				abort();
			size_t kl = strlen(x->key);
			if (strlen(x->value) != x->value_len || !utf8_valid(x->key, kl) ||
			    !utf8_valid(x->value, x->value_len))
				abort();
			/* decoding never makes text longer than the input */
			if (kl > len || x->value_len > len)
				abort();
		}
		for (size_t i = 0; i < ARRAY_LEN(keys); i++) {
			const char *v = form_get(&f, keys[i]);
			if (v && !utf8_valid(v, strlen(v)))
				abort();
		}
		/* the first field's key finds the first field's value */
		if (f.n && form_get(&f, f.fields[0].key) != f.fields[0].value)
			abort();
	} else if (rc != PLEIN_INVALID && rc != PLEIN_TOOBIG) {
		abort();
	}
	pool_free(p);
	return 0;
}
