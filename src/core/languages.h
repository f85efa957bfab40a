/* languages.h — the spoken languages a profile can list (ISO 639-1 codes with
 * English and Dutch names) and the four levels. Static data, no database. */
#ifndef PLEIN_LANGUAGES_H
#define PLEIN_LANGUAGES_H
#include "lib/common.h"

enum language_level {
	LEVEL_BASIC = 1,
	LEVEL_WORKING = 2,
	LEVEL_FLUENT = 3,
	LEVEL_NATIVE = 4,
};

struct language {
	const char *code;  /* "fr" */
	const char *en;    /* "French" */
	const char *nl;    /* "Frans" */
};

/* All known languages, ordered by English name; *n receives the count. */
const struct language *languages_all(size_t *n);
/* By code ("fr"), exact; NULL when unknown. */
const struct language *languages_find(const char *code);
/* By code or by English or Dutch name, ignoring ASCII case ("French",
 * "frans", "FR"); NULL when unknown. */
const struct language *languages_lookup(const char *name);
/* The name in the UI language ("nl" → Dutch, anything else → English). */
const char *languages_name(const struct language *l, const char *lang);

/* "native" | "fluent" | "working" | "basic" → level; 0 when unknown. Dutch
 * words (moedertaal, vloeiend, werkkennis, basis) are accepted too. */
int languages_level_parse(const char *word);
/* The level's English key ("native"), NULL when out of range. */
const char *languages_level_key(int level);
/* The level's label in the UI language ("moedertaal"). */
const char *languages_level_name(int level, const char *lang);
#endif
