/* profile.h — the list parts of a profile: skills and interests (free tags,
 * shared across people) and spoken languages with a level. The scalar fields
 * live in people.h. Lists are replaced whole: set = the new list, in order. */
#ifndef PLEIN_PROFILE_H
#define PLEIN_PROFILE_H
#include "db/db.h"
#include "lib/pool.h"
#include "core/languages.h"

#define PROFILE_TAG_MAX 50        /* characters in one skill or interest */
#define PROFILE_SKILLS_MAX 30
#define PROFILE_INTERESTS_MAX 20
#define PROFILE_LANGUAGES_MAX 10
#define PROFILE_SUGGEST_MAX 20

struct person_language {
	const char *code;  /* ISO 639-1, one of languages.c */
	int level;         /* enum language_level */
};

struct tag_list {
	const char **items;
	size_t n;
};

struct language_list {
	struct person_language *items;
	size_t n;
};

/* Parse "a, b; c" (separators: comma, semicolon, newline) into trimmed,
 * de-duplicated (ignoring case) tags, into the pool. At most max tags of at
 * most PROFILE_TAG_MAX characters, valid UTF-8 without control characters.
 * PLEIN_INVALID with *msg an English sentence. */
int profile_tags_parse(struct pool *p, const char *text, size_t max, struct tag_list *out,
                       const char **msg) WARN_UNUSED;
/* Parse "fr:native; en:fluent" (also "French (native)", "Frans:moedertaal";
 * separators comma, semicolon, newline). A language without a level is
 * refused. PLEIN_INVALID with *msg an English sentence naming the culprit
 * (allocated in the pool). */
int profile_languages_parse(struct pool *p, const char *text, struct language_list *out,
                            const char **msg) WARN_UNUSED;
/* Check an already-split list (API input): known codes, levels 1–4, no
 * duplicates, at most PROFILE_LANGUAGES_MAX. */
int profile_languages_check(const struct language_list *l, const char **msg) WARN_UNUSED;

int profile_skills_get(struct db *db, struct pool *p, int64_t person_id, struct tag_list *out) WARN_UNUSED;
int profile_interests_get(struct db *db, struct pool *p, int64_t person_id, struct tag_list *out) WARN_UNUSED;
/* Ordered by level (native first), then code. */
int profile_languages_get(struct db *db, struct pool *p, int64_t person_id, struct language_list *out) WARN_UNUSED;

/* Replace the whole list (validated input expected; call inside the caller's
 * transaction). New tags are created; a tag keeps the spelling of whoever
 * used it first. */
int profile_skills_set(struct db *db, int64_t person_id, const struct tag_list *l) WARN_UNUSED;
int profile_interests_set(struct db *db, int64_t person_id, const struct tag_list *l) WARN_UNUSED;
int profile_languages_set(struct db *db, int64_t person_id, const struct language_list *l) WARN_UNUSED;

/* Existing tags starting with prefix (ASCII case ignored), most used first;
 * the empty prefix gives the most used overall. */
int profile_skills_suggest(struct db *db, struct pool *p, const char *prefix, int limit,
                           struct tag_list *out) WARN_UNUSED;
int profile_interests_suggest(struct db *db, struct pool *p, const char *prefix, int limit,
                              struct tag_list *out) WARN_UNUSED;
/* Tags or who holds them changed in this process (a status change): the
 * cached most-used tags are recounted on the next ask. */
void profile_suggestions_changed(void);
/* The skill's id by name (ignoring ASCII case); PLEIN_NOTFOUND if no one has it. */
int profile_skill_id(struct db *db, const char *name, int64_t *id) WARN_UNUSED;
#endif
