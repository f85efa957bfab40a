/* group_pages.h — a group's small wiki: Markdown pages with every version
 * kept (view one, compare two, restore one), and meeting minutes, which are
 * pages with a meeting date. Edits are checked against the version the
 * editor started from, so two people editing at once never silently
 * overwrite each other. Who may read or write is core/visibility.c's
 * answer, asked by the caller for the group; this module stores and loads. */
#ifndef PLEIN_GROUP_PAGES_H
#define PLEIN_GROUP_PAGES_H
#include "core/people.h"
#include "core/textdiff.h"

#define GROUP_PAGE_TITLE_MAX 120      /* characters */
#define GROUP_PAGE_BODY_MAX 50000     /* characters (and at most MARKDOWN_INPUT_MAX bytes) */
#define GROUP_PAGE_LIST_MAX 100       /* index and history pages */

/* Strings live in the pool the page was read into. */
struct group_page {
	int64_t id, group_id;
	const char *title;
	const char *meeting_date;   /* "YYYY-MM-DD" for minutes, NULL for a page */
	const char *body;          /* Markdown as written (newlines as \n) */
	const char *body_html;     /* safe HTML */
	int64_t revision;          /* the current version's number */
	int64_t created_by, created_at, updated_by, updated_at;
	const char *created_by_name, *updated_by_name;
};

/* One version. In lists (group_pages_revisions) body and body_html are
 * NULL and `size` tells the body's length in bytes. */
struct group_page_revision {
	int64_t page_id, number;
	const char *title, *meeting_date;
	const char *body, *body_html;
	size_t size;
	int64_t editor_id, created_at;
	const char *editor_name;
};

/* What a writer sends. Creating: title and body required, meeting_date
 * NULL or "" for a page. Editing: NULL leaves a field as it is; meeting_date
 * "" turns minutes into a plain page. */
struct group_page_input {
	const char *title;
	const char *body;
	const char *meeting_date;
};

/* True when s[0..len) is a real calendar date written YYYY-MM-DD (years
 * 1900–9999). */
bool group_pages_date_valid(const char *s, size_t len);
/* NULL when the fields are acceptable, else an English sentence naming
 * the field in *field ("title", "body", "meeting_date"). */
const char *group_pages_input_error(const struct group_page_input *in, bool creating, const char **field);

/* s with newlines as \n (a browser sends \r\n), in the pool; NULL for NULL.
 * The writers do this themselves; it is here for comparing a text that
 * was not saved (the conflict view). */
const char *group_pages_newlines(struct pool *p, const char *s);

/* Create version 1 in one transaction (page, revision, audit row). The
 * caller checked visibility_can_post_in_group. PLEIN_INVALID + *msg. */
int group_pages_create(struct db *db, struct pool *p, const struct person *author, int64_t group_id,
                       const struct group_page_input *in, int64_t *id_out, const char **msg,
                       const char **field) WARN_UNUSED;
/* A page of group_id that is not deleted; PLEIN_NOTFOUND otherwise. */
int group_pages_get(struct db *db, struct pool *p, int64_t group_id, int64_t page_id,
                    struct group_page **out) WARN_UNUSED;
/* The index: plain pages by title (minutes false), or minutes by meeting
 * date, newest first (minutes true); body and body_html are NULL. From
 * `offset`, at most `limit` (1 … GROUP_PAGE_LIST_MAX); *more when there
 * are further ones. */
int group_pages_list(struct db *db, struct pool *p, int64_t group_id, bool minutes, size_t offset, size_t limit,
                     struct group_page **out, size_t *n_out, bool *more) WARN_UNUSED;
/* Write version base_revision + 1 with the full text. PLEIN_CONFLICT (with
 * *msg) when the page's current version is not base_revision: someone
 * else saved meanwhile. Nothing changed: PLEIN_OK and no new version.
 * *revision_out: the current version afterwards. */
int group_pages_edit(struct db *db, struct pool *p, const struct person *editor, int64_t group_id, int64_t page_id,
                     int64_t base_revision, const struct group_page_input *in, int64_t *revision_out,
                     const char **msg, const char **field) WARN_UNUSED;
/* Versions, newest first, from offset (at most limit); *more as above. */
int group_pages_revisions(struct db *db, struct pool *p, int64_t page_id, size_t offset, size_t limit,
                          struct group_page_revision **out, size_t *n_out, bool *more) WARN_UNUSED;
/* One version with its text and HTML; PLEIN_NOTFOUND. */
int group_pages_revision(struct db *db, struct pool *p, int64_t page_id, int64_t number,
                         struct group_page_revision **out) WARN_UNUSED;
/* Make version `number`'s title, date and text the current ones again, as
 * a new version (nothing is lost). *revision_out: the new number (the
 * current one when it was already identical). PLEIN_NOTFOUND. */
int group_pages_restore(struct db *db, struct pool *p, const struct person *editor, int64_t group_id,
                        int64_t page_id, int64_t number, int64_t *revision_out) WARN_UNUSED;
/* Soft delete: the page disappears for everyone; its text and earlier
 * versions are emptied (as a deleted post's). The caller checked the actor
 * created it or may manage the group. PLEIN_NOTFOUND. */
int group_pages_delete(struct db *db, struct pool *p, const struct person *actor, int64_t group_id,
                       int64_t page_id) WARN_UNUSED;
/* Compare two versions' texts (title and date changes are the caller's to
 * show), with `context` lines around changes. */
int group_pages_compare(struct db *db, struct pool *p, int64_t page_id, int64_t from, int64_t to, unsigned context,
                        struct group_page_revision **a, struct group_page_revision **b,
                        struct textdiff *out) WARN_UNUSED;
#endif
