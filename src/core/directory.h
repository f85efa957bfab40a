/* directory.h — the people directory: search and filters (department,
 * location, skill, language with a minimum level, interest), two sort
 * orders with keyset cursors, facet counts per filter value, departments and
 * the org chart. Read-only; every query here crosses several tables, which
 * is why they live together rather than in people.c or profile.c. Only
 * active people appear (deactivated never do). */
#ifndef PLEIN_DIRECTORY_H
#define PLEIN_DIRECTORY_H
#include "core/people.h"

#define DIRECTORY_TOP_TAGS 20     /* skill and interest facets show the most common */
#define DIRECTORY_FACETS_MAX_AGE 30  /* seconds a facet count may be stale */
#define DIRECTORY_ORG_DEPTH 32     /* managers shown above a person at most */

enum directory_sort { DIRECTORY_SORT_NAME, DIRECTORY_SORT_NEWEST };

/* NULL or "" means "no filter" for every string. Values are matched
 * exactly (department, location, language code) or ignoring case (skill,
 * interest); an unknown value simply matches no one. */
struct directory_filter {
	const char *q;           /* free text: word prefixes of name, e-mail, title, department */
	const char *department, *location, *skill, *language, *interest;
	int min_level;           /* 0: any; else enum language_level (needs language, or counts any) */
	enum directory_sort sort;
	const char *cursor;      /* from a previous page's next; must match the sort */
	int limit;               /* 1 … PEOPLE_PAGE_MAX */
};

/* Parse the words of a URL into a filter: sort "name" | "newest" (NULL →
 * name), level "basic" | "working" | "fluent" | "native" or 1–4 (NULL →
 * any). PLEIN_INVALID with *field naming the culprit and *msg an English
 * sentence. Length checks on every string too. */
int directory_filter_check(struct directory_filter *f, const char *sort, const char *level,
                           const char **field, const char **msg) WARN_UNUSED;
/* True when any filter (not q, sort or cursor) is set. */
bool directory_filter_any(const struct directory_filter *f);

/* A page of people (struct people_page from people.h; next is the cursor of
 * the following page, NULL on the last). PLEIN_INVALID for a malformed
 * cursor or filter. */
int directory_search(struct db *db, struct pool *p, const struct directory_filter *f,
                     struct people_page *out) WARN_UNUSED;
/* How many people match the filter (q and filters; cursor ignored). */
int directory_count(struct db *db, struct pool *p, const struct directory_filter *f, int64_t *n) WARN_UNUSED;

struct facet_value {
	const char *value;  /* department name, location, skill, language code, interest */
	int64_t count;
};
struct facet {
	struct facet_value *items;
	size_t n;
};
/* Counts per value over the people matching the filter, where each
 * dimension's own filter is left out of its own facet (so that the other
 * values stay selectable: with department=Finance the department facet
 * still lists every department, counted with the other filters). Ordered
 * by count, then value; skills and interests keep the top 20 (the page
 * adds a selected value that fell outside). The language facet counts
 * people at min_level or above. Cached per process and filter for
 * DIRECTORY_FACETS_MAX_AGE s, so counts can lag that far behind the list. */
struct directory_facets {
	struct facet department, location, skill, language, interest;
	int64_t total;  /* people matching the whole filter (as directory_count) */
};
int directory_facets(struct db *db, struct pool *p, const struct directory_filter *f,
                     struct directory_facets *out) WARN_UNUSED;

/* All departments with their number of active people, by name. */
int directory_departments(struct db *db, struct pool *p, struct facet *out) WARN_UNUSED;
/* The heads of a department (at most 20, by name): its active people whose
 * manager is outside the department or deactivated, or who have none. Its people page with
 * directory_search and a department filter. */
#define DIRECTORY_HEADS_MAX 20
int directory_department_heads(struct db *db, struct pool *p, const char *department,
                               struct people_page *out) WARN_UNUSED;

/* The org chart around a person: managers from the top down to the direct
 * manager (at most DIRECTORY_ORG_DEPTH; deactivated managers are left out
 * and the chain goes on above them), and active direct reports by name with how many reports each
 * has (report_counts[i] for reports.items[i]). */
struct directory_org {
	struct people_page chain;     /* top first */
	bool chain_truncated;         /* more managers above the first shown */
	struct people_page reports;
	int64_t *report_counts;
	int64_t reports_total;        /* can exceed reports.n (capped at 200 shown) */
};
int directory_org(struct db *db, struct pool *p, int64_t person_id, struct directory_org *out) WARN_UNUSED;

/* Drop the cached facet counts (tests, and after demo generation). */
void directory_cache_clear(void);
#endif
