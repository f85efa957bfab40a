/* fuzz_json_body.c — libFuzzer harness for the JSON API's request bodies,
 * done the way api_body_object and api_string_member do it (without the
 * HTTP layer): bounded size, UTF-8 check, json_loadb with
 * JSON_REJECT_DUPLICATES; for an object, the string members the API reads.
 * Checks jansson's promises that the API relies on — strings are valid
 * UTF-8 without NUL, keys too — and that a loaded value dumps (as api_json
 * does: compact, ASCII, escaped slashes) to ASCII that loads back equal. */
#include "lib/common.h"
#include "lib/utf8.h"
#include <jansson.h>

#define MAX_BODY (64 * 1024) /* the largest max_body of a JSON route */

static const char *const members[] = {
	"email", "password", "name", "title", "department", "location", "bio", "language", "role", "id",
};

/* api_string_member, minus the HTTP answers: 0 ok, -1 rejected. */
static int string_member(json_t *obj, const char *key, bool allow_null, const char **out)
{
	json_t *v = json_object_get(obj, key);
	*out = NULL;
	if (!v)
		return 0;
	if (json_is_null(v) && allow_null)
		return 0;
	if (!json_is_string(v))
		return -1;
	*out = json_string_value(v);
	if (strlen(*out) != json_string_length(v))
		return -1;
	return 0;
}

static void check_value(json_t *v, int depth)
{
	const char *key;
	json_t *m;
	size_t i;
	if (depth > 2100)
		abort(); /* jansson bounds nesting at 2048 */
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		json_object_foreach(v, key, m) {
			if (!utf8_valid(key, strlen(key)))
				abort();
			check_value(m, depth + 1);
		}
		break;
	case JSON_ARRAY:
		json_array_foreach(v, i, m)
			check_value(m, depth + 1);
		break;
	case JSON_STRING:
		/* without JSON_ALLOW_NUL a string never holds a NUL */
		if (strlen(json_string_value(v)) != json_string_length(v) ||
		    !utf8_valid(json_string_value(v), json_string_length(v)))
			abort();
		break;
	default:
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len);
int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len)
{
	json_error_t jerr;
	if (len > MAX_BODY)
		return 0;
	if (!utf8_valid((const char *)buf, len))
		return 0; /* answered 400 before parsing */
	json_t *v = json_loadb((const char *)buf, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!v)
		return 0;
	check_value(v, 0);
	if (json_is_object(v)) {
		for (size_t i = 0; i < ARRAY_LEN(members); i++) {
			const char *s;
			if (string_member(v, members[i], i >= 2, &s) == 0 && s) {
				size_t n = strlen(s);
				if (!utf8_valid(s, n))
					abort();
				(void)utf8_has_control(s, n, true);
				(void)utf8_length(s, n);
			}
		}
	}
	char *out = json_dumps(v, JSON_COMPACT | JSON_ENSURE_ASCII | JSON_ESCAPE_SLASH | JSON_ENCODE_ANY);
	if (!out)
		abort();
	for (const char *c = out; *c; c++)
		if ((unsigned char)*c >= 0x80 || (*c == '/' && (c == out || c[-1] != '\\')))
			abort();
	json_t *back = json_loads(out, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &jerr);
	if (!back || !json_equal(v, back))
		abort();
	json_decref(back);
	free(out);
	json_decref(v);
	return 0;
}
