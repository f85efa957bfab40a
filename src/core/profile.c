/* profile.c — see profile.h. All SQL over skills, interests and
 * person_languages lives here; the two tag kinds share one implementation
 * parameterised by their table names. */
#include "core/profile.h"
#include "core/search.h"
#include "core/endorsements.h"
#include "core/expertise.h"
#include "lib/strbuf.h"
#include "lib/utf8.h"
#include "core/i18n.h"
#include <pthread.h>
#include <stdatomic.h>
#include <strings.h>
#include <time.h>

/* The most used tags (the empty prefix, asked by every edit form) count
 * every link: cached per process, dropped when this process writes tags and
 * after SUGGEST_CACHE_AGE seconds for writes by other processes. */
#define SUGGEST_CACHE_AGE 30
struct suggest_cache {
	pthread_mutex_t lock;
	uint64_t generation;   /* of `changes` when filled; 0: empty */
	int64_t filled_at;
	char *names[PROFILE_SUGGEST_MAX];
	size_t n;
};
static _Atomic uint64_t changes = 1;

struct tag_kind {
	const char *get, *upsert, *find, *clear, *link, *suggest;
	struct suggest_cache *cache;
};
static struct suggest_cache skills_cache = { .lock = PTHREAD_MUTEX_INITIALIZER };
static struct suggest_cache interests_cache = { .lock = PTHREAD_MUTEX_INITIALIZER };

/* The SQL of one tag kind: its table (skills), the link table
 * (person_skills) and the link's column (skill_id). Suggestions count over
 * active people only: all links minus the deactivated people's (a join on
 * people first would scan everyone; see tags_suggest). */
#define TAG_KIND(table, links, col, cache_ptr) { \
	.get = "SELECT t.name FROM " links " l JOIN " table " t ON t.id = l." col \
	       " WHERE l.person_id = ? ORDER BY l.position", \
	.upsert = "INSERT INTO " table "(name) VALUES (?) ON CONFLICT(name) DO NOTHING", \
	.find = "SELECT id FROM " table " WHERE name = ?", \
	.clear = "DELETE FROM " links " WHERE person_id = ?", \
	.link = "INSERT INTO " links "(person_id, " col ", position) VALUES (?, ?, ?)", \
	.suggest = "WITH gone(tag_id, n) AS MATERIALIZED (SELECT x." col ", count(*) FROM people p" \
	           "  CROSS JOIN " links " x ON x.person_id = p.id WHERE p.status != 'active' GROUP BY x." col ")" \
	           " SELECT c.name FROM (SELECT t.id, t.name, count(*) AS n FROM " table " t" \
	           "  JOIN " links " l ON l." col " = t.id WHERE t.name >= ? AND t.name < ? GROUP BY t.id) c" \
	           " LEFT JOIN gone g ON g.tag_id = c.id WHERE c.n > coalesce(g.n, 0)" \
	           " ORDER BY c.n - coalesce(g.n, 0) DESC, c.name LIMIT ?", \
	.cache = cache_ptr, \
}

static const struct tag_kind skills = TAG_KIND("skills", "person_skills", "skill_id", &skills_cache);
static const struct tag_kind interests = TAG_KIND("interests", "person_interests", "interest_id", &interests_cache);

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool is_separator(char c)
{
	return c == ',' || c == ';' || c == '\n';
}

/* Split text at separators into trimmed, non-empty pieces, into the pool.
 * Pieces longer than PROFILE_TAG_MAX bytes * 4 are still returned: the
 * caller's length check gives the message. */
static size_t split(struct pool *p, const char *text, const char **out, size_t cap, bool *overflow)
{
	size_t n = 0;
	*overflow = false;
	while (*text) {
		const char *end = text;
		while (*end && !is_separator(*end))
			end++;
		const char *a = text, *b = end;
		while (a < b && is_space(*a))
			a++;
		while (b > a && is_space(b[-1]))
			b--;
		if (b > a) {
			if (n == cap) {
				*overflow = true;
				return n;
			}
			out[n++] = pool_strndup(p, a, (size_t)(b - a));
		}
		text = *end ? end + 1 : end;
	}
	return n;
}

int profile_tags_parse(struct pool *p, const char *text, size_t max, struct tag_list *out, const char **msg)
{
	out->items = pool_alloc(p, (max + 1) * sizeof(*out->items));
	out->n = 0;
	*msg = NULL;
	if (!text)
		return PLEIN_OK;
	bool overflow;
	size_t n = split(p, text, out->items, max + 1, &overflow);
	if (overflow || n > max) {
		*msg = max == PROFILE_SKILLS_MAX ? N_("At most 30 entries, please.")
		     : max == PROFILE_INTERESTS_MAX ? N_("At most 20 entries, please.")
		     : pool_printf(p, "At most %zu entries, please.", max);
		return PLEIN_INVALID;
	}
	for (size_t i = 0; i < n; i++) {
		const char *t = out->items[i];
		size_t len = strlen(t);
		if (!utf8_valid(t, len) || utf8_has_control(t, len, false)) {
			*msg = N_("This list contains characters that are not allowed.");
			return PLEIN_INVALID;
		}
		if (utf8_length(t, len) > PROFILE_TAG_MAX) {
			*msg = N_("Each entry can be at most 50 characters.");
			return PLEIN_INVALID;
		}
		bool dup = false;
		for (size_t j = 0; j < out->n && !dup; j++)
			dup = strcasecmp(out->items[j], t) == 0;
		if (!dup)
			out->items[out->n++] = t;
	}
	return PLEIN_OK;
}

int profile_languages_check(const struct language_list *l, const char **msg)
{
	if (l->n > PROFILE_LANGUAGES_MAX) {
		*msg = N_("At most 10 languages, please.");
		return PLEIN_INVALID;
	}
	for (size_t i = 0; i < l->n; i++) {
		if (!languages_find(l->items[i].code)) {
			*msg = N_("Unknown language code.");
			return PLEIN_INVALID;
		}
		if (!languages_level_key(l->items[i].level)) {
			*msg = N_("The level must be native, fluent, working or basic.");
			return PLEIN_INVALID;
		}
		for (size_t j = 0; j < i; j++)
			if (strcmp(l->items[j].code, l->items[i].code) == 0) {
				*msg = N_("A language is listed twice.");
				return PLEIN_INVALID;
			}
	}
	return PLEIN_OK;
}

/* Where the level starts: ':' or '(' first; else the last '-', since a
 * language's own name may hold one ("Wit-Russisch - basis"). A known
 * language alone has no level, whatever it contains. */
static const char *language_separator(const char *item)
{
	const char *sep = strpbrk(item, ":(");
	if (sep || languages_lookup(item))
		return sep;
	return strrchr(item, '-');
}

/* "fr:native", "French (native)", "Frans - moedertaal" → code and level. */
static int parse_one_language(struct pool *p, const char *item, struct person_language *out, const char **msg)
{
	size_t len = strlen(item);
	if (!utf8_valid(item, len) || utf8_has_control(item, len, false) || len > 60) {
		*msg = N_("This language entry is not valid.");
		return PLEIN_INVALID;
	}
	const char *sep = language_separator(item);
	if (!sep) {
		*msg = pool_printf(p, "Give a level for \"%s\": native, fluent, working or basic.", item);
		return PLEIN_INVALID;
	}
	const char *a = item, *b = sep;
	while (b > a && is_space(b[-1]))
		b--;
	char *name = pool_strndup(p, a, (size_t)(b - a));
	const char *c = sep + 1;
	while (is_space(*c))
		c++;
	size_t clen = strlen(c);
	while (clen && (is_space(c[clen - 1]) || c[clen - 1] == ')'))
		clen--;
	char *level = pool_strndup(p, c, clen);
	const struct language *lang = languages_lookup(name);
	if (!lang) {
		*msg = pool_printf(p, "Unknown language \"%s\".", name);
		return PLEIN_INVALID;
	}
	out->code = lang->code;
	out->level = languages_level_parse(level);
	if (!out->level) {
		*msg = pool_printf(p, "Unknown level \"%s\" for %s: use native, fluent, working or basic.",
		                   level, lang->en);
		return PLEIN_INVALID;
	}
	return PLEIN_OK;
}

int profile_languages_parse(struct pool *p, const char *text, struct language_list *out, const char **msg)
{
	const char *items[PROFILE_LANGUAGES_MAX + 1];
	out->items = pool_alloc(p, (PROFILE_LANGUAGES_MAX + 1) * sizeof(*out->items));
	out->n = 0;
	*msg = NULL;
	if (!text)
		return PLEIN_OK;
	bool overflow;
	size_t n = split(p, text, items, PROFILE_LANGUAGES_MAX + 1, &overflow);
	if (overflow || n > PROFILE_LANGUAGES_MAX) {
		*msg = N_("At most 10 languages, please.");
		return PLEIN_INVALID;
	}
	for (size_t i = 0; i < n; i++)
		if (parse_one_language(p, items[i], &out->items[out->n++], msg))
			return PLEIN_INVALID;
	return profile_languages_check(out, msg);
}

static int tags_get(const struct tag_kind *k, struct db *db, struct pool *p, int64_t person_id,
                    struct tag_list *out)
{
	struct db_stmt *st = db_prepare(db, k->get);
	size_t cap = 8;
	out->items = pool_alloc(p, cap * sizeof(*out->items));
	out->n = 0;
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, person_id);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (out->n == cap) {
			const char **bigger = pool_alloc(p, 2 * cap * sizeof(*bigger));
			memcpy(bigger, out->items, cap * sizeof(*bigger));
			out->items = bigger;
			cap *= 2;
		}
		out->items[out->n++] = pool_strdup(p, db_col_text(st, 0));
	}
	db_done(st);
	return rc == DB_DONE ? PLEIN_OK : PLEIN_ERROR;
}

void profile_suggestions_changed(void)
{
	changes++;
}

static int tags_set(const struct tag_kind *k, struct db *db, int64_t person_id, const struct tag_list *l)
{
	profile_suggestions_changed();
	int rc = db_exec(db, k->clear, "i", person_id);
	for (size_t i = 0; rc == PLEIN_OK && i < l->n; i++) {
		int64_t id;
		rc = db_exec(db, k->upsert, "s", l->items[i]);
		if (rc == PLEIN_OK)
			rc = db_query_int(db, &id, k->find, "s", l->items[i]);
		if (rc == PLEIN_OK)
			rc = db_exec(db, k->link, "iii", person_id, id, (int64_t)i);
	}
	return rc;
}

/* Suggestions: names in [prefix, prefix + U+10FFFF) under NOCASE collation,
 * by how many active people have them; a tag only deactivated people have is
 * not suggested. Counted as all links (the covering tag index) less those of
 * people who are not active (few), as the directory's facets do: joining
 * every link with its person took seconds on 100,000 people, this ~35 ms. */
static int64_t now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/* The cached most-used tags into out; false when the cache cannot answer. */
static bool cache_get(struct suggest_cache *c, struct pool *p, int limit, struct tag_list *out)
{
	bool hit = false;
	pthread_mutex_lock(&c->lock);
	if (c->generation == changes && now_seconds() - c->filled_at < SUGGEST_CACHE_AGE &&
	    (c->n == PROFILE_SUGGEST_MAX || c->n >= (size_t)limit)) {
		for (size_t i = 0; i < c->n && out->n < (size_t)limit; i++)
			out->items[out->n++] = pool_strdup(p, c->names[i]);
		hit = true;
	}
	pthread_mutex_unlock(&c->lock);
	return hit;
}

static void cache_put(struct suggest_cache *c, uint64_t generation, const struct tag_list *l)
{
	pthread_mutex_lock(&c->lock);
	for (size_t i = 0; i < c->n; i++)
		free(c->names[i]);
	c->n = 0;
	for (size_t i = 0; i < l->n && i < PROFILE_SUGGEST_MAX; i++)
		c->names[c->n++] = xstrdup(l->items[i]);
	c->generation = generation;
	c->filled_at = now_seconds();
	pthread_mutex_unlock(&c->lock);
}

static int tags_suggest(const struct tag_kind *k, struct db *db, struct pool *p, const char *prefix,
                        int limit, struct tag_list *out)
{
	bool popular = (!prefix || !*prefix) && limit <= PROFILE_SUGGEST_MAX;
	uint64_t generation = changes;
	out->items = pool_alloc(p, (size_t)(limit > 0 ? limit : 1) * sizeof(*out->items));
	out->n = 0;
	if (limit <= 0)
		return PLEIN_OK;  /* SQLite reads LIMIT -1 as "no limit": never past the list */
	if (popular && cache_get(k->cache, p, limit, out))
		return PLEIN_OK;
	const char *hi = pool_printf(p, "%s\xf4\x8f\xbf\xbf", prefix ? prefix : "");
	struct db_stmt *st = db_prepare(db, k->suggest);
	if (!st)
		return PLEIN_ERROR;
	db_bind_str(st, 1, prefix ? prefix : "");
	db_bind_str(st, 2, hi);
	db_bind_int(st, 3, limit);
	int rc;
	while ((rc = db_step(st)) == DB_ROW && out->n < (size_t)limit)
		out->items[out->n++] = pool_strdup(p, db_col_text(st, 0));
	db_done(st);
	if (rc != DB_DONE && rc != DB_ROW)
		return PLEIN_ERROR;
	if (popular && (limit == PROFILE_SUGGEST_MAX || out->n < (size_t)limit))
		cache_put(k->cache, generation, out);  /* complete: the top PROFILE_SUGGEST_MAX, or all there are */
	return PLEIN_OK;
}

int profile_skills_get(struct db *db, struct pool *p, int64_t person_id, struct tag_list *out)
{
	return tags_get(&skills, db, p, person_id, out);
}

int profile_interests_get(struct db *db, struct pool *p, int64_t person_id, struct tag_list *out)
{
	return tags_get(&interests, db, p, person_id, out);
}

int profile_skills_set(struct db *db, int64_t person_id, const struct tag_list *l)
{
	int rc = tags_set(&skills, db, person_id, l);
	if (rc == PLEIN_OK)
		rc = endorsements_prune(db, person_id);
	if (rc == PLEIN_OK)
		rc = search_index_person(db, person_id);  /* skills are searched */
	return rc == PLEIN_OK ? expertise_reindex(db, person_id) : rc;
}

int profile_interests_set(struct db *db, int64_t person_id, const struct tag_list *l)
{
	int rc = tags_set(&interests, db, person_id, l);
	return rc == PLEIN_OK ? expertise_reindex(db, person_id) : rc;
}

int profile_skills_suggest(struct db *db, struct pool *p, const char *prefix, int limit, struct tag_list *out)
{
	return tags_suggest(&skills, db, p, prefix, limit, out);
}

int profile_interests_suggest(struct db *db, struct pool *p, const char *prefix, int limit,
                              struct tag_list *out)
{
	return tags_suggest(&interests, db, p, prefix, limit, out);
}

int profile_skill_id(struct db *db, const char *name, int64_t *id)
{
	return db_query_int(db, id, skills.find, "s", name);
}

int profile_languages_get(struct db *db, struct pool *p, int64_t person_id, struct language_list *out)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT language, level FROM person_languages WHERE person_id = ? ORDER BY level DESC, language");
	out->items = pool_alloc(p, PROFILE_LANGUAGES_MAX * sizeof(*out->items));
	out->n = 0;
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, person_id);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		const struct language *l = languages_find(db_col_text(st, 0));
		if (!l || out->n == PROFILE_LANGUAGES_MAX)
			continue;  /* a code dropped from the table, or rows past the limit */
		out->items[out->n].code = l->code;
		out->items[out->n++].level = (int)db_col_int(st, 1);
	}
	db_done(st);
	return rc == DB_DONE ? PLEIN_OK : PLEIN_ERROR;
}

int profile_languages_set(struct db *db, int64_t person_id, const struct language_list *l)
{
	int rc = db_exec(db, "DELETE FROM person_languages WHERE person_id = ?", "i", person_id);
	for (size_t i = 0; rc == PLEIN_OK && i < l->n; i++)
		rc = db_exec(db, "INSERT INTO person_languages(person_id, language, level) VALUES (?, ?, ?)",
		             "isi", person_id, l->items[i].code, (int64_t)l->items[i].level);
	return rc == PLEIN_OK ? expertise_reindex(db, person_id) : rc;
}
