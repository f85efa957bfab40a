/* fuzz_profile_lists.c — libFuzzer harness for the two profile list
 * parsers: profile_tags_parse (skills, interests) and
 * profile_languages_parse. The first input byte picks the tag limit; the
 * rest (a NUL-terminated copy) is the text. Whatever the text: success means
 * every tag is valid UTF-8 without control characters, trimmed, non-empty,
 * at most PROFILE_TAG_MAX characters, without separators, unique ignoring
 * case, and within the limit; every language is a known code with a level
 * 1–4, unique, at most PROFILE_LANGUAGES_MAX. Failure always has a message. */
#include "lib/common.h"
#include "lib/pool.h"
#include "lib/utf8.h"
#include "core/profile.h"
#include <strings.h>

#define INPUT_MAX 8192

static void check_tags(const struct tag_list *l, size_t max)
{
	if (l->n > max)
		abort();
	for (size_t i = 0; i < l->n; i++) {
		const char *t = l->items[i];
		size_t len = strlen(t);
		if (!len || !utf8_valid(t, len) || utf8_has_control(t, len, false) || utf8_length(t, len) > PROFILE_TAG_MAX)
			abort();
		if (strpbrk(t, ",;\n") || t[0] == ' ' || t[len - 1] == ' ')
			abort();
		for (size_t j = 0; j < i; j++)
			if (strcasecmp(l->items[j], t) == 0)
				abort();
	}
}

static void check_languages(const struct language_list *l)
{
	if (l->n > PROFILE_LANGUAGES_MAX)
		abort();
	for (size_t i = 0; i < l->n; i++) {
		if (!languages_find(l->items[i].code) || !languages_level_key(l->items[i].level))
			abort();
		for (size_t j = 0; j < i; j++)
			if (strcmp(l->items[j].code, l->items[i].code) == 0)
				abort();
	}
	const char *msg = NULL;
	if (profile_languages_check(l, &msg) != PLEIN_OK)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len);
int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len)
{
	if (len < 1 || len > INPUT_MAX)
		return 0;
	size_t max = buf[0] % 2 ? PROFILE_SKILLS_MAX : PROFILE_INTERESTS_MAX;
	char *text = xmalloc(len);
	memcpy(text, buf + 1, len - 1);
	text[len - 1] = '\0';
	struct pool *p = pool_new();
	const char *msg = NULL;
	struct tag_list tags;
	int rc = profile_tags_parse(p, text, max, &tags, &msg);
	if (rc == PLEIN_OK)
		check_tags(&tags, max);
	else if (rc != PLEIN_INVALID || !msg || !*msg)
		abort();
	struct language_list langs;
	msg = NULL;
	rc = profile_languages_parse(p, text, &langs, &msg);
	if (rc == PLEIN_OK)
		check_languages(&langs);
	else if (rc != PLEIN_INVALID || !msg || !*msg)
		abort();
	pool_free(p);
	free(text);
	return 0;
}
