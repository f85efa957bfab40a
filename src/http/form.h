/* form.h — parser for application/x-www-form-urlencoded data (POST bodies
 * and query strings). Every key and value is percent-decoded into the pool
 * and must be valid UTF-8 without NUL bytes, or the whole input is rejected. */
#ifndef PLEIN_FORM_H
#define PLEIN_FORM_H
#include "lib/common.h"
#include "lib/pool.h"

#define FORM_MAX_FIELDS 200

struct form_field {
	const char *key;
	const char *value;  /* NUL-terminated */
	size_t value_len;
};

struct form {
	struct form_field *fields;
	size_t n;
};

/* 0, or PLEIN_INVALID (bad escape, bad UTF-8, NUL) / PLEIN_TOOBIG (too many fields). */
int form_parse(struct pool *p, const char *data, size_t len, struct form *out) WARN_UNUSED;
/* First value for key, or NULL. */
const char *form_get(const struct form *f, const char *key);
/* Add (used for query arguments handed over by the HTTP library). */
void form_add(struct pool *p, struct form *f, const char *key, const char *value, size_t value_len);
#endif
