/* group_pages.c — every query on group_pages and group_page_revisions
 * (migration 0008). See group_pages.h; authorization is the caller's,
 * through core/visibility.c. Each write is one transaction that also
 * writes the version row and an audit row. */
#include "core/group_pages.h"
#include "core/search.h"
#include "core/i18n.h"
#include "core/markdown.h"
#include "core/audit.h"
#include "lib/utf8.h"
#include <time.h>

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

bool group_pages_date_valid(const char *s, size_t len)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (!s || len != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (size_t i = 0; i < len; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int m = (s[5] - '0') * 10 + (s[6] - '0');
	int d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1900 || m < 1 || m > 12 || d < 1)
		return false;
	return d <= days[m - 1] + (m == 2 && is_leap(y));
}

const char *group_pages_input_error(const struct group_page_input *in, bool creating, const char **field)
{
	*field = NULL;
	if (creating && (!in->title || !in->body)) {
		*field = !in->title ? "title" : "body";
		return !in->title ? N_("Give the page a title.") : "Write the text of the page.";
	}
	if (in->title) {
		size_t len = strlen(in->title);
		*field = "title";
		if (!utf8_valid(in->title, len) || utf8_has_control(in->title, len, false))
			return N_("The title has characters that cannot be used.");
		size_t blank = 0;
		while (blank < len && (in->title[blank] == ' ' || in->title[blank] == '\t'))
			blank++;
		if (blank == len)
			return N_("Give the page a title.");
		if (utf8_length(in->title, len) > GROUP_PAGE_TITLE_MAX)
			return N_("A title can have at most 120 characters.");
	}
	if (in->body) {
		size_t len = strlen(in->body);
		*field = "body";
		if (!utf8_valid(in->body, len) || utf8_has_control(in->body, len, true))
			return N_("The text has characters that cannot be used.");
		if (len > MARKDOWN_INPUT_MAX || utf8_length(in->body, len) > GROUP_PAGE_BODY_MAX)
			return N_("A page can have at most 50,000 characters.");
	}
	if (in->meeting_date && *in->meeting_date) {
		*field = "meeting_date";
		if (!group_pages_date_valid(in->meeting_date, strlen(in->meeting_date)))
			return N_("Give the meeting date as YYYY-MM-DD, a real date.");
	}
	*field = NULL;
	return NULL;
}

/* Newlines as \n (a browser's textarea sends \r\n; the API may send \n),
 * so comparing versions written either way shows only real changes. */
const char *group_pages_newlines(struct pool *p, const char *s)
{
	if (!s || !strchr(s, '\r'))
		return s;
	size_t len = strlen(s);
	char *out = pool_alloc(p, len + 1), *o = out;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\r') {
			*o++ = '\n';
			if (s[i + 1] == '\n')
				i++;
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	return out;
}

/* The title without surrounding spaces. */
static const char *trim(struct pool *p, const char *s)
{
	if (!s)
		return NULL;
	size_t len = strlen(s), start = 0;
	while (start < len && (s[start] == ' ' || s[start] == '\t'))
		start++;
	while (len > start && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	return pool_strndup(p, s + start, len - start);
}

static void normalize(struct pool *p, const struct group_page_input *in, struct group_page_input *out)
{
	out->title = in->title;
	out->body = group_pages_newlines(p, in->body);
	out->meeting_date = in->meeting_date;
}

static const char *subject(struct pool *p, int64_t page_id)
{
	return pool_printf(p, "group_page:%lld", (long long)page_id);
}

int group_pages_create(struct db *db, struct pool *p, const struct person *author, int64_t group_id,
                       const struct group_page_input *in_raw, int64_t *id_out, const char **msg, const char **field)
{
	struct group_page_input in;
	normalize(p, in_raw, &in);
	if ((*msg = group_pages_input_error(&in, true, field)))
		return PLEIN_INVALID;
	const char *title = trim(p, in.title);
	const char *date = in.meeting_date && *in.meeting_date ? in.meeting_date : NULL;
	const char *html = markdown_to_html(p, in.body, strlen(in.body));
	if (!html) {
		*msg = N_("A page can have at most 50,000 characters.");
		*field = "body";
		return PLEIN_INVALID;
	}
	int64_t now = (int64_t)time(NULL);
	int rc = db_begin(db);
	if (rc != PLEIN_OK)
		return rc;
	rc = db_exec(db,
		"INSERT INTO group_pages(group_id, title, meeting_date, body, body_html, revision, created_by, created_at, "
		"updated_by, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?)",
		"issssiiii", group_id, title, date, in.body, html, author->id, now, author->id, now);
	int64_t id = db_last_insert_id(db);
	if (rc == PLEIN_OK)
		rc = db_exec(db,
			"INSERT INTO group_page_revisions(page_id, number, title, meeting_date, body, editor_id, created_at) "
			"VALUES (?, 1, ?, ?, ?, ?, ?)", "isssii", id, title, date, in.body, author->id, now);
	if (rc == PLEIN_OK)
		rc = search_index_group_page(db, id);
	if (rc == PLEIN_OK) {
		audit_log(db, author->id, "group_page.create", subject(p, id), NULL);
		rc = db_commit(db);
	}
	if (rc != PLEIN_OK) {
		db_rollback(db);
		return rc;
	}
	*id_out = id;
	return PLEIN_OK;
}

#define PAGE_COLUMNS \
	"g.id, g.group_id, g.title, g.meeting_date, g.revision, g.created_by, g.created_at, g.updated_by, " \
	"g.updated_at, coalesce(c.name, ''), coalesce(u.name, '')"
#define PAGE_JOINS \
	" FROM group_pages g LEFT JOIN people c ON c.id = g.created_by LEFT JOIN people u ON u.id = g.updated_by "

static void read_page(struct pool *p, struct db_stmt *st, struct group_page *g)
{
	g->id = db_col_int(st, 0);
	g->group_id = db_col_int(st, 1);
	g->title = pool_strdup(p, db_col_text(st, 2));
	g->meeting_date = db_col_null(st, 3) ? NULL : pool_strdup(p, db_col_text(st, 3));
	g->revision = db_col_int(st, 4);
	g->created_by = db_col_int(st, 5);
	g->created_at = db_col_int(st, 6);
	g->updated_by = db_col_int(st, 7);
	g->updated_at = db_col_int(st, 8);
	g->created_by_name = pool_strdup(p, db_col_text(st, 9));
	g->updated_by_name = pool_strdup(p, db_col_text(st, 10));
}

int group_pages_get(struct db *db, struct pool *p, int64_t group_id, int64_t page_id, struct group_page **out)
{
	struct db_stmt *st = db_prepare(db, "SELECT " PAGE_COLUMNS ", g.body, g.body_html" PAGE_JOINS
	                                    "WHERE g.id = ? AND g.group_id = ? AND g.deleted_at IS NULL");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, page_id);
	db_bind_int(st, 2, group_id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*out = pool_zalloc(p, sizeof(**out));
		read_page(p, st, *out);
		(*out)->body = pool_strdup(p, db_col_text(st, 11));
		(*out)->body_html = pool_strdup(p, db_col_text(st, 12));
		rc = PLEIN_OK;
	} else if (rc == DB_DONE) {
		rc = PLEIN_NOTFOUND;
	}
	db_done(st);
	return rc;
}

int group_pages_list(struct db *db, struct pool *p, int64_t group_id, bool minutes, size_t offset, size_t limit,
                     struct group_page **out, size_t *n_out, bool *more)
{
	*out = NULL;
	*n_out = 0;
	*more = false;
	if (limit < 1 || limit > GROUP_PAGE_LIST_MAX || offset > INT32_MAX)
		return PLEIN_INVALID;
	struct db_stmt *st = db_prepare(db, minutes
		? "SELECT " PAGE_COLUMNS PAGE_JOINS "WHERE g.group_id = ? AND g.deleted_at IS NULL "
		  "AND g.meeting_date IS NOT NULL ORDER BY g.meeting_date DESC, g.id DESC LIMIT ? OFFSET ?"
		: "SELECT " PAGE_COLUMNS PAGE_JOINS "WHERE g.group_id = ? AND g.deleted_at IS NULL "
		  "AND g.meeting_date IS NULL ORDER BY g.title COLLATE NOCASE, g.id LIMIT ? OFFSET ?");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, group_id);
	db_bind_int(st, 2, (int64_t)limit + 1);
	db_bind_int(st, 3, (int64_t)offset);
	*out = pool_zalloc(p, sizeof(**out) * limit);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (*n_out == limit) {
			*more = true;
			break;
		}
		read_page(p, st, &(*out)[(*n_out)++]);
	}
	db_done(st);
	return rc < 0 ? rc : PLEIN_OK;
}

static bool same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Inside the caller's transaction: version page->revision + 1 with these
 * fields becomes the current one (no new version when nothing changed). */
static int write_version(struct db *db, struct pool *p, const struct person *editor, const struct group_page *page,
                         const char *title, const char *date, const char *body, const char *html, int64_t *rev_out)
{
	*rev_out = page->revision;
	if (strcmp(title, page->title) == 0 && same(date, page->meeting_date) && strcmp(body, page->body) == 0)
		return PLEIN_OK;
	int64_t now = (int64_t)time(NULL), next = page->revision + 1;
	int rc = db_exec(db,
		"INSERT INTO group_page_revisions(page_id, number, title, meeting_date, body, editor_id, created_at) "
		"VALUES (?, ?, ?, ?, ?, ?, ?)", "iisssii", page->id, next, title, date, body, editor->id, now);
	if (rc == PLEIN_OK)
		rc = db_exec(db,
			"UPDATE group_pages SET title = ?, meeting_date = ?, body = ?, body_html = ?, revision = ?, "
			"updated_by = ?, updated_at = ? WHERE id = ?", "ssssiiii", title, date, body, html, next, editor->id, now,
			page->id);
	if (rc == PLEIN_OK)
		*rev_out = next;
	(void)p;
	return rc;
}

int group_pages_edit(struct db *db, struct pool *p, const struct person *editor, int64_t group_id, int64_t page_id,
                     int64_t base_revision, const struct group_page_input *in_raw, int64_t *revision_out,
                     const char **msg, const char **field)
{
	struct group_page_input in;
	normalize(p, in_raw, &in);
	if ((*msg = group_pages_input_error(&in, false, field)))
		return PLEIN_INVALID;
	const char *html = in.body ? markdown_to_html(p, in.body, strlen(in.body)) : NULL;
	if (in.body && !html) {
		*msg = N_("A page can have at most 50,000 characters.");
		*field = "body";
		return PLEIN_INVALID;
	}
	int rc = db_begin(db);
	if (rc != PLEIN_OK)
		return rc;
	struct group_page *page;
	if ((rc = group_pages_get(db, p, group_id, page_id, &page)) != PLEIN_OK)
		goto fail;
	if (page->revision != base_revision) {
		*msg = N_("Someone else saved a newer version of this page while you were editing it. Your text has not "
		          "been saved: compare it with theirs and save again.");
		*field = "base_revision";
		*revision_out = page->revision;
		rc = PLEIN_CONFLICT;
		goto fail;
	}
	const char *title = in.title ? trim(p, in.title) : page->title;
	const char *date = !in.meeting_date ? page->meeting_date : *in.meeting_date ? in.meeting_date : NULL;
	const char *body = in.body ? in.body : page->body;
	rc = write_version(db, p, editor, page, title, date, body, in.body ? html : page->body_html, revision_out);
	if (rc == PLEIN_OK && *revision_out != page->revision)
		audit_log(db, editor->id, "group_page.edit", subject(p, page_id), NULL);
	if (rc == PLEIN_OK)
		rc = search_index_group_page(db, page_id);
	if (rc == PLEIN_OK)
		rc = db_commit(db);
	if (rc != PLEIN_OK)
		goto fail;
	return PLEIN_OK;
fail:
	db_rollback(db);
	return rc;
}

static void read_revision(struct pool *p, struct db_stmt *st, struct group_page_revision *r)
{
	r->page_id = db_col_int(st, 0);
	r->number = db_col_int(st, 1);
	r->title = pool_strdup(p, db_col_text(st, 2));
	r->meeting_date = db_col_null(st, 3) ? NULL : pool_strdup(p, db_col_text(st, 3));
	r->size = (size_t)db_col_int(st, 4);
	r->editor_id = db_col_int(st, 5);
	r->editor_name = pool_strdup(p, db_col_text(st, 6));
	r->created_at = db_col_int(st, 7);
}

#define REVISION_COLUMNS \
	"r.page_id, r.number, r.title, r.meeting_date, length(CAST(r.body AS BLOB)), r.editor_id, " \
	"coalesce(e.name, ''), r.created_at"

int group_pages_revisions(struct db *db, struct pool *p, int64_t page_id, size_t offset, size_t limit,
                          struct group_page_revision **out, size_t *n_out, bool *more)
{
	*out = NULL;
	*n_out = 0;
	*more = false;
	if (limit < 1 || limit > GROUP_PAGE_LIST_MAX || offset > INT32_MAX)
		return PLEIN_INVALID;
	struct db_stmt *st = db_prepare(db, "SELECT " REVISION_COLUMNS " FROM group_page_revisions r "
		"LEFT JOIN people e ON e.id = r.editor_id WHERE r.page_id = ? ORDER BY r.number DESC LIMIT ? OFFSET ?");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, page_id);
	db_bind_int(st, 2, (int64_t)limit + 1);
	db_bind_int(st, 3, (int64_t)offset);
	*out = pool_zalloc(p, sizeof(**out) * limit);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (*n_out == limit) {
			*more = true;
			break;
		}
		read_revision(p, st, &(*out)[(*n_out)++]);
	}
	db_done(st);
	return rc < 0 ? rc : PLEIN_OK;
}

int group_pages_revision(struct db *db, struct pool *p, int64_t page_id, int64_t number,
                         struct group_page_revision **out)
{
	struct db_stmt *st = db_prepare(db, "SELECT " REVISION_COLUMNS ", r.body FROM group_page_revisions r "
		"LEFT JOIN people e ON e.id = r.editor_id WHERE r.page_id = ? AND r.number = ?");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, page_id);
	db_bind_int(st, 2, number);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*out = pool_zalloc(p, sizeof(**out));
		read_revision(p, st, *out);
		(*out)->body = pool_strdup(p, db_col_text(st, 8));
		rc = PLEIN_OK;
	} else if (rc == DB_DONE) {
		rc = PLEIN_NOTFOUND;
	}
	db_done(st);
	if (rc == PLEIN_OK) {
		const char *html = markdown_to_html(p, (*out)->body, strlen((*out)->body));
		(*out)->body_html = html ? html : "";
	}
	return rc;
}

int group_pages_restore(struct db *db, struct pool *p, const struct person *editor, int64_t group_id,
                        int64_t page_id, int64_t number, int64_t *revision_out)
{
	int rc = db_begin(db);
	if (rc != PLEIN_OK)
		return rc;
	struct group_page *page;
	struct group_page_revision *r;
	if ((rc = group_pages_get(db, p, group_id, page_id, &page)) != PLEIN_OK ||
	    (rc = group_pages_revision(db, p, page_id, number, &r)) != PLEIN_OK)
		goto fail;
	rc = write_version(db, p, editor, page, r->title, r->meeting_date, r->body, r->body_html, revision_out);
	if (rc == PLEIN_OK && *revision_out != page->revision)
		audit_log(db, editor->id, "group_page.restore",
		          pool_printf(p, "group_page:%lld revision:%lld", (long long)page_id, (long long)number), NULL);
	if (rc == PLEIN_OK)
		rc = search_index_group_page(db, page_id);
	if (rc == PLEIN_OK)
		rc = db_commit(db);
	if (rc != PLEIN_OK)
		goto fail;
	return PLEIN_OK;
fail:
	db_rollback(db);
	return rc;
}

int group_pages_delete(struct db *db, struct pool *p, const struct person *actor, int64_t group_id, int64_t page_id)
{
	int rc = db_begin(db);
	if (rc != PLEIN_OK)
		return rc;
	rc = db_exec(db, "UPDATE group_pages SET body = '', body_html = '', deleted_at = ? "
	                 "WHERE id = ? AND group_id = ? AND deleted_at IS NULL",
	             "iii", (int64_t)time(NULL), page_id, group_id);
	if (rc == PLEIN_OK && db_changes(db) == 0)
		rc = PLEIN_NOTFOUND;
	/* what was written goes with the page, as with a deleted post; the row
	 * (title, id) stays for links and the audit log */
	if (rc == PLEIN_OK)
		rc = db_exec(db, "DELETE FROM group_page_revisions WHERE page_id = ?", "i", page_id);
	if (rc == PLEIN_OK)
		rc = search_index_group_page(db, page_id);
	if (rc == PLEIN_OK) {
		audit_log(db, actor->id, "group_page.delete", subject(p, page_id), NULL);
		rc = db_commit(db);
	}
	if (rc != PLEIN_OK) {
		db_rollback(db);
		return rc;
	}
	return PLEIN_OK;
}

int group_pages_compare(struct db *db, struct pool *p, int64_t page_id, int64_t from, int64_t to, unsigned context,
                        struct group_page_revision **a, struct group_page_revision **b, struct textdiff *out)
{
	int rc = group_pages_revision(db, p, page_id, from, a);
	if (rc == PLEIN_OK)
		rc = group_pages_revision(db, p, page_id, to, b);
	if (rc != PLEIN_OK)
		return rc;
	return textdiff_lines(p, (*a)->body, strlen((*a)->body), (*b)->body, strlen((*b)->body), context, out);
}
