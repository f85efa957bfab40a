/* people.c — see people.h. All SQL over the people table lives here. */
#include "core/people.h"
#include "core/search.h"
#include "core/cursor.h"
#include "core/events.h"
#include "core/profile.h"
#include "core/i18n.h"
#include "core/expertise.h"
#include "core/endorsements.h"
#include "lib/strbuf.h"
#include "lib/utf8.h"
#include <sodium.h>
#include <pthread.h>
#include <time.h>

#define PERSON_COLUMNS \
	"p.id, p.email, p.name, p.title, p.department, p.location, p.bio, p.role, p.status," \
	" p.language, coalesce(m.id, 0), coalesce(m.name, ''), p.created_at, p.updated_at," \
	" p.pronouns, p.phone, p.start_date, p.photo"
#define PERSON_NCOLUMNS 18  /* columns in PERSON_COLUMNS: extra ones come after */
/* a deactivated manager manages no one: not shown, not counted */
#define PERSON_FROM " FROM people p LEFT JOIN people m ON m.id = p.manager_id AND m.status = 'active'"
#define SORT_PLAN_MAX 2000  /* matches up to which a search sorts instead of walking the index */

bool people_role_valid(const char *role)
{
	static const char *const roles[] = { "admin", "moderator", "communicator", "member", "guest", "alumni" };
	for (size_t i = 0; role && i < sizeof(roles) / sizeof(roles[0]); i++)
		if (strcmp(role, roles[i]) == 0)
			return true;
	return false;
}

bool people_status_valid(const char *status)
{
	return status && (strcmp(status, "active") == 0 || strcmp(status, "deactivated") == 0);
}

static struct person *read_person(struct db_stmt *st, struct pool *p)
{
	struct person *x = pool_zalloc(p, sizeof(*x));
	x->id = db_col_int(st, 0);
	x->email = pool_strdup(p, db_col_text(st, 1));
	x->name = pool_strdup(p, db_col_text(st, 2));
	x->title = pool_strdup(p, db_col_text(st, 3));
	x->department = pool_strdup(p, db_col_text(st, 4));
	x->location = pool_strdup(p, db_col_text(st, 5));
	x->bio = pool_strdup(p, db_col_text(st, 6));
	x->role = pool_strdup(p, db_col_text(st, 7));
	x->status = pool_strdup(p, db_col_text(st, 8));
	x->language = db_col_null(st, 9) ? NULL : pool_strdup(p, db_col_text(st, 9));
	x->manager_id = db_col_int(st, 10);
	x->manager_name = pool_strdup(p, db_col_text(st, 11));
	x->created_at = db_col_int(st, 12);
	x->updated_at = db_col_int(st, 13);
	x->pronouns = pool_strdup(p, db_col_text(st, 14));
	x->phone = pool_strdup(p, db_col_text(st, 15));
	x->start_date = pool_strdup(p, db_col_text(st, 16));
	x->photo = pool_strdup(p, db_col_text(st, 17));
	return x;
}

/* Trim ASCII whitespace at both ends, into the pool. */
static const char *trim(struct pool *p, const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	return pool_strndup(p, s, n);
}

static int check_text(struct pool *p, const char **value, size_t max, bool required, bool multiline,
                      const char *name, const char **field, const char **msg, const char *too_long,
                      const char *empty)
{
	if (!*value)
		return PLEIN_OK;
	const char *v = trim(p, *value);
	size_t len = strlen(v);
	*field = name;
	if (!utf8_valid(v, len) || utf8_has_control(v, len, multiline)) {
		*msg = N_("This field contains characters that are not allowed.");
		return PLEIN_INVALID;
	}
	if (required && len == 0) {
		*msg = empty;
		return PLEIN_INVALID;
	}
	if (utf8_length(v, len) > max) {
		*msg = too_long;
		return PLEIN_INVALID;
	}
	*field = NULL;
	*value = v;
	return PLEIN_OK;
}

/* A real calendar date "YYYY-MM-DD" between 1900 and 2199. */
static bool date_valid(const char *s)
{
	static const int days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return false;
	if (s[10])
		return false;
	int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return y >= 1900 && y < 2200 && m >= 1 && m <= 12 && d >= 1 && d <= days[m - 1] &&
	       !(m == 2 && d == 29 && !leap);
}

int people_validate(struct pool *p, struct person_fields *f, const char **field, const char **msg)
{
	*field = NULL;
	*msg = NULL;
	if (check_text(p, &f->name, PERSON_NAME_MAX, true, false, "name", field, msg,
	               N_("The name can be at most 100 characters."), N_("Please enter a name.")) ||
	    check_text(p, &f->title, PERSON_FIELD_MAX, false, false, "title", field, msg,
	               N_("The job title can be at most 100 characters."), NULL) ||
	    check_text(p, &f->department, PERSON_FIELD_MAX, false, false, "department", field, msg,
	               N_("The department can be at most 100 characters."), NULL) ||
	    check_text(p, &f->location, PERSON_FIELD_MAX, false, false, "location", field, msg,
	               N_("The location can be at most 100 characters."), NULL) ||
	    check_text(p, &f->bio, PERSON_BIO_MAX, false, true, "bio", field, msg,
	               N_("The bio can be at most 4000 characters."), NULL) ||
	    check_text(p, &f->pronouns, PERSON_PRONOUNS_MAX, false, false, "pronouns", field, msg,
	               N_("Pronouns can be at most 40 characters."), NULL) ||
	    check_text(p, &f->phone, PERSON_PHONE_MAX, false, false, "phone", field, msg,
	               N_("The phone number can be at most 40 characters."), NULL) ||
	    check_text(p, &f->start_date, 10, false, false, "start_date", field, msg,
	               N_("Please give the start date as YYYY-MM-DD."), NULL))
		return PLEIN_INVALID;
	if (f->phone && f->phone[strspn(f->phone, "0123456789 +-()./")] != '\0') {
		*field = "phone";
		*msg = N_("A phone number can hold digits, spaces and + - ( ) . / only.");
		return PLEIN_INVALID;
	}
	if (f->start_date && *f->start_date && !date_valid(f->start_date)) {
		*field = "start_date";
		*msg = N_("Please give the start date as YYYY-MM-DD, like 2021-09-01.");
		return PLEIN_INVALID;
	}
	return PLEIN_OK;
}

const char *people_email_error(const char *email)
{
	size_t len = strlen(email);
	const char *at = strchr(email, '@');
	if (len == 0)
		return N_("Please enter an e-mail address.");
	if (len > PERSON_EMAIL_MAX || !utf8_valid(email, len) || utf8_has_control(email, len, false) ||
	    strpbrk(email, " \t<>()[],;:\"\\") || !at || at == email || strchr(at + 1, '@') ||
	    !strchr(at + 1, '.') || at[1] == '.' || email[len - 1] == '.')
		return N_("Please enter a valid e-mail address, like name@example.com.");
	return NULL;
}

int people_count(struct db *db, int64_t *n)
{
	return db_query_int(db, n, "SELECT count(*) FROM people", NULL);
}

int people_stats(struct db *db, int64_t *people, int64_t *departments)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	static int64_t cached_at, cached_people, cached_departments;
	struct timespec now;
	int rc = PLEIN_OK;
	clock_gettime(CLOCK_MONOTONIC, &now);
	pthread_mutex_lock(&lock);
	if (!cached_at || now.tv_sec - cached_at >= PEOPLE_STATS_MAX_AGE) {
		rc = db_query_int(db, &cached_people, "SELECT count(*) FROM people WHERE status = 'active'", NULL);
		if (!rc)
			rc = db_query_int(db, &cached_departments,
				"SELECT count(DISTINCT department) FROM people WHERE status = 'active' AND department != ''", NULL);
		cached_at = rc ? 0 : now.tv_sec;
	}
	*people = cached_people;
	*departments = cached_departments;
	pthread_mutex_unlock(&lock);
	return rc;
}

int people_get(struct db *db, struct pool *p, int64_t id, struct person **out)
{
	*out = NULL;
	struct db_stmt *st = db_prepare(db, "SELECT " PERSON_COLUMNS PERSON_FROM " WHERE p.id = ?");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*out = read_person(st, p);
	db_done(st);
	return rc == DB_ROW ? PLEIN_OK : rc == DB_DONE ? PLEIN_NOTFOUND : rc;
}

int people_get_by_email(struct db *db, struct pool *p, const char *email, struct person **out,
                        const char **password_hash)
{
	*out = NULL;
	if (password_hash)
		*password_hash = NULL;
	struct db_stmt *st = db_prepare(db, "SELECT " PERSON_COLUMNS ", p.password_hash" PERSON_FROM
	                                    " WHERE p.email = ? COLLATE NOCASE");
	if (!st)
		return PLEIN_ERROR;
	db_bind_str(st, 1, email);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*out = read_person(st, p);
		if (password_hash && !db_col_null(st, PERSON_NCOLUMNS))
			*password_hash = pool_strdup(p, db_col_text(st, PERSON_NCOLUMNS));
	}
	db_done(st);
	return rc == DB_ROW ? PLEIN_OK : rc == DB_DONE ? PLEIN_NOTFOUND : rc;
}

int people_create(struct db *db, const char *email, const char *name, const char *role,
                  const char *password_hash, int64_t *id_out)
{
	int64_t now = time(NULL);
	int rc = db_exec(db,
		"INSERT INTO people(email, name, role, password_hash, created_at, updated_at, activated_at)"
		" VALUES (?, ?, ?, ?, ?, ?, CASE WHEN ?4 IS NOT NULL THEN ?5 END)",
		"ssssii", email, name, role, password_hash, now, now);
	int64_t id = db_last_insert_id(db);
	if (rc == 0 && id_out)
		*id_out = id;
	return rc == 0 ? search_index_person(db, id) : rc;
}

int people_create_full(struct db *db, const struct person *p, const char *password_hash, int64_t *id_out)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO people(email, name, title, department, location, bio, manager_id, role, password_hash,"
		" created_at, updated_at, pronouns, phone, start_date, activated_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CASE WHEN ?9 IS NOT NULL THEN ?10 END)");
	if (!st)
		return PLEIN_ERROR;
	db_bind_str(st, 1, p->email);
	db_bind_str(st, 2, p->name);
	db_bind_str(st, 3, p->title ? p->title : "");
	db_bind_str(st, 4, p->department ? p->department : "");
	db_bind_str(st, 5, p->location ? p->location : "");
	db_bind_str(st, 6, p->bio ? p->bio : "");
	if (p->manager_id)
		db_bind_int(st, 7, p->manager_id);
	else
		db_bind_null(st, 7);
	db_bind_str(st, 8, p->role ? p->role : "member");
	db_bind_str(st, 9, password_hash);
	db_bind_int(st, 10, p->created_at);
	db_bind_int(st, 11, p->created_at);
	db_bind_str(st, 12, p->pronouns ? p->pronouns : "");
	db_bind_str(st, 13, p->phone ? p->phone : "");
	db_bind_str(st, 14, p->start_date ? p->start_date : "");
	int rc = db_step(st);
	db_done(st);
	if (rc < 0)
		return rc;
	int64_t id = db_last_insert_id(db);
	if (id_out)
		*id_out = id;
	return search_index_person(db, id);
}

int people_update(struct db *db, int64_t id, const struct person_fields *f)
{
	/* coalesce keeps a column whose new value is NULL (not given) */
	int rc = db_exec(db,
		"UPDATE people SET name = coalesce(?, name), title = coalesce(?, title),"
		" department = coalesce(?, department), location = coalesce(?, location),"
		" bio = coalesce(?, bio), pronouns = coalesce(?, pronouns), phone = coalesce(?, phone),"
		" start_date = coalesce(?, start_date), updated_at = ? WHERE id = ?",
		"ssssssssii", f->name, f->title, f->department, f->location, f->bio, f->pronouns, f->phone,
		f->start_date, (int64_t)time(NULL), id);
	if (rc)
		return rc;
	/* name, title, department and bio are signals of "who knows X" */
	if (!db_changes(db))
		return PLEIN_NOTFOUND;
	rc = search_index_person(db, id);
	return rc == PLEIN_OK ? expertise_reindex(db, id) : rc;
}

static int set_column(struct db *db, const char *sql, int64_t id, const char *value)
{
	int rc = db_exec(db, sql, "sii", value, (int64_t)time(NULL), id);
	if (rc)
		return rc;
	return db_changes(db) ? PLEIN_OK : PLEIN_NOTFOUND;
}

int people_set_password(struct db *db, int64_t id, const char *hash)
{
	/* the first password activates the account (insight's "activated"); later ones keep that date */
	return set_column(db,
		"UPDATE people SET password_hash = ?1, updated_at = ?2,"
		" activated_at = coalesce(activated_at, CASE WHEN ?1 IS NOT NULL THEN ?2 END) WHERE id = ?3",
		id, hash);
}

/* A role or status change reaches open live streams at once (the hub
 * checks the person again), not at the next 30-second recheck: a person
 * deactivated or made a guest stops receiving what they may no longer see. */
static int person_changed(struct db *db, int64_t id)
{
	int rc = events_add(db, "person", 0, 0, id);
	if (rc == PLEIN_OK)
		events_poke();
	return rc;
}

int people_set_role(struct db *db, int64_t id, const char *role)
{
	if (!people_role_valid(role))
		return PLEIN_INVALID;
	int rc = set_column(db, "UPDATE people SET role = ?, updated_at = ? WHERE id = ?", id, role);
	return rc == PLEIN_OK ? person_changed(db, id) : rc;
}

int people_set_status(struct db *db, int64_t id, const char *status)
{
	profile_suggestions_changed();  /* suggestions count active people only */
	if (!people_status_valid(status))
		return PLEIN_INVALID;
	int rc = set_column(db, "UPDATE people SET status = ?, updated_at = ? WHERE id = ?", id, status);
	if (rc == PLEIN_OK && strcmp(status, "deactivated") == 0)
		rc = db_exec(db, "DELETE FROM sessions WHERE person_id = ?", "i", id);
	if (rc == PLEIN_OK)
		rc = person_changed(db, id);
	/* only active people can be found as experts, and only active
	 * endorsers count towards the people they endorsed */
	if (rc == PLEIN_OK)
		rc = expertise_reindex(db, id);
	if (rc == PLEIN_OK)
		rc = search_index_person(db, id);  /* found only while active; the department may have changed too */
	return rc == PLEIN_OK ? endorsements_reindex_endorsed(db, id) : rc;
}

int people_set_manager(struct db *db, int64_t id, int64_t manager_id)
{
	int64_t n;
	if (manager_id == id)
		return PLEIN_INVALID;
	if (manager_id) {
		/* a deactivated person manages no one: the org chart would lead nowhere */
		int rc = db_query_int(db, &n, "SELECT count(*) FROM people WHERE id = ? AND status = 'active'", "i",
		                      manager_id);
		if (rc)
			return rc;
		if (!n)
			return PLEIN_NOTFOUND;
		/* a cycle: the new manager reports, directly or not, to this person.
		 * The whole chain is walked (a depth bound let a cycle through
		 * above it); UNION drops repeats, so even a loop already in the
		 * data ends the walk. */
		rc = db_query_int(db, &n,
			"WITH RECURSIVE up(id) AS (SELECT ?1 UNION"
			" SELECT p.manager_id FROM people p JOIN up ON p.id = up.id"
			" WHERE p.manager_id IS NOT NULL)"
			" SELECT count(*) FROM up WHERE id = ?2", "ii", manager_id, id);
		if (rc)
			return rc;
		if (n)
			return PLEIN_INVALID;
	}
	int rc = db_exec(db, "UPDATE people SET manager_id = nullif(?, 0), updated_at = ? WHERE id = ?", "iii",
	                 manager_id, (int64_t)time(NULL), id);
	if (rc)
		return rc;
	return db_changes(db) ? PLEIN_OK : PLEIN_NOTFOUND;
}

int people_manage(struct db *db, int64_t id, const struct person_change *c)
{
	int64_t admins;
	if (!people_role_valid(c->role) || !people_status_valid(c->status))
		return PLEIN_INVALID;
	if (strcmp(c->role, "admin") != 0 || strcmp(c->status, "active") != 0) {
		int rc = db_query_int(db, &admins, "SELECT count(*) FROM people WHERE role = 'admin'"
		                      " AND status = 'active' AND id <> ?", "i", id);
		if (rc)
			return rc;
		if (admins == 0)
			return PLEIN_CONFLICT;
	}
	/* an unchanged manager is not checked again: someone whose manager was
	 * deactivated can still be given another role or be deactivated */
	int64_t current = 0;
	int rc = db_query_int(db, &current, "SELECT coalesce(manager_id, 0) FROM people WHERE id = ?", "i", id);
	if (rc == PLEIN_OK && current != c->manager_id)
		rc = people_set_manager(db, id, c->manager_id);
	if (rc == PLEIN_OK)
		rc = db_exec(db, "UPDATE people SET department = ?, role = ?, updated_at = ? WHERE id = ?", "ssii",
		             c->department ? c->department : "", c->role, (int64_t)time(NULL), id);
	if (rc == PLEIN_OK)
		rc = people_set_status(db, id, c->status);
	return rc;
}

int people_set_language(struct db *db, int64_t id, const char *language)
{
	return set_column(db, "UPDATE people SET language = ?, updated_at = ? WHERE id = ?", id, language);
}

int people_set_photo(struct db *db, int64_t id, const char *key)
{
	return set_column(db, "UPDATE people SET photo = ?, updated_at = ? WHERE id = ?", id, key);
}

int people_photo_users(struct db *db, const char *key, int64_t *n)
{
	return db_query_int(db, n, "SELECT count(*) FROM people WHERE photo = ? AND photo <> ''", "s", key);
}

const char *people_fts_query(struct pool *p, const char *q)
{
	struct strbuf sb;
	strbuf_init(&sb, PEOPLE_QUERY_MAX * 8);
	const unsigned char *s = (const unsigned char *)q;
	int words = 0;
	while (*s && words < 8) {
		/* word characters: letters, digits, '@', '.', '_', and anything non-ASCII */
		while (*s && !(*s >= 0x80 || (*s >= '0' && *s <= '9') || ((*s | 0x20) >= 'a' && (*s | 0x20) <= 'z') ||
		               *s == '@' || *s == '_'))
			s++;
		const unsigned char *w = s;
		while (*s && (*s >= 0x80 || (*s >= '0' && *s <= '9') || ((*s | 0x20) >= 'a' && (*s | 0x20) <= 'z') ||
		              *s == '@' || *s == '.' || *s == '_'))
			s++;
		if (s == w)
			continue;
		/* quoted so FTS5 operators in the input are just text; no '"' can be inside */
		(void)strbuf_addf(&sb, "%s\"%.*s\"*", words ? " " : "", (int)(s - w), (const char *)w);
		words++;
	}
	const char *res = words && !sb.toobig ? pool_strndup(p, sb.buf, sb.len) : NULL;
	strbuf_release(&sb);
	return res;
}

static int fetch_page(struct db_stmt *st, struct pool *p, int limit, struct people_page *out)
{
	out->items = pool_alloc(p, st_mult((size_t)limit + 1, sizeof(*out->items)));
	out->n = 0;
	out->next = NULL;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (out->n == (size_t)limit) {
			out->next = cursor_make(p, out->items[out->n - 1]->id, out->items[out->n - 1]->name);
			break;
		}
		out->items[out->n++] = read_person(st, p);
	}
	db_done(st);
	return rc < 0 ? rc : PLEIN_OK;
}

int people_list(struct db *db, struct pool *p, const char *q, const char *cursor, int limit,
                struct people_page *out)
{
	int64_t after_id = 0;
	const char *after_name = "";
	const char *fts = NULL;
	memset(out, 0, sizeof(*out));
	if (limit < 1 || limit > PEOPLE_PAGE_MAX)
		return PLEIN_INVALID;
	if (cursor && *cursor && cursor_parse(p, cursor, 600, &after_id, &after_name))
		return PLEIN_INVALID;
	if (q && strlen(q) > PEOPLE_QUERY_MAX * 4)
		return PLEIN_INVALID;
	if (q)
		fts = people_fts_query(p, q);
	/* Two plans for a search. Few matches: fetch them and sort (cost grows
	 * with the matches). Many matches: walk the name index and keep those in
	 * the match set (cost grows with how far the page lies in the alphabet
	 * divided by the match density). The FTS count that picks one is cheap. */
	int64_t matches = 0;
	if (fts) {
		int rc = db_query_int(db, &matches, "SELECT count(*) FROM people_fts WHERE people_fts MATCH ?", "s", fts);
		if (rc)
			return rc == PLEIN_NOTFOUND ? PLEIN_ERROR : rc;
	}
	const char *sql;
	if (!fts)
		sql = "SELECT " PERSON_COLUMNS PERSON_FROM
		      " WHERE p.status = 'active' AND (p.name COLLATE NOCASE, p.id) > (?1, ?2)"
		      " ORDER BY p.name COLLATE NOCASE, p.id LIMIT ?4";
	else if (matches <= SORT_PLAN_MAX)
		sql = "SELECT " PERSON_COLUMNS " FROM (SELECT id FROM people"
		      "  WHERE id IN (SELECT rowid FROM people_fts WHERE people_fts MATCH ?3) AND status = 'active'"
		      "  AND (name COLLATE NOCASE, id) > (?1, ?2) ORDER BY name COLLATE NOCASE, id LIMIT ?4) page"
		      " JOIN people p ON p.id = page.id LEFT JOIN people m ON m.id = p.manager_id"
		      " ORDER BY p.name COLLATE NOCASE, p.id";
	else
		sql = "SELECT " PERSON_COLUMNS " FROM people p INDEXED BY people_name"
		      " LEFT JOIN people m ON m.id = p.manager_id"
		      " WHERE (p.name COLLATE NOCASE, p.id) > (?1, ?2)"
		      " AND p.id IN (SELECT rowid FROM people_fts WHERE people_fts MATCH ?3) AND p.status = 'active'"
		      " ORDER BY p.name COLLATE NOCASE, p.id LIMIT ?4";
	/* one row more than asked tells whether there is a next page */
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return PLEIN_ERROR;
	db_bind_str(st, 1, after_name);
	db_bind_int(st, 2, after_id);
	if (fts)
		db_bind_str(st, 3, fts);
	db_bind_int(st, 4, limit + 1);
	return fetch_page(st, p, limit, out);
}

int people_count_matching(struct db *db, struct pool *p, const char *q, int64_t *n)
{
	const char *fts = q ? people_fts_query(p, q) : NULL;
	int64_t departments;
	if (!fts)
		return people_stats(db, n, &departments);
	return db_query_int(db, n,
		"SELECT count(*) FROM people WHERE status = 'active'"
		" AND id IN (SELECT rowid FROM people_fts WHERE people_fts MATCH ?)", "s", fts);
}

int people_newest(struct db *db, struct pool *p, int limit, struct people_page *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT " PERSON_COLUMNS PERSON_FROM
		" WHERE p.status = 'active' ORDER BY p.created_at DESC, p.id DESC LIMIT ?");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, limit);
	int rc = fetch_page(st, p, limit, out);
	out->next = NULL;
	return rc;
}

int people_topic_followers(struct db *db, struct pool *p, int64_t topic_id, int limit, struct people_page *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT " PERSON_COLUMNS PERSON_FROM
		" JOIN topic_follows tf ON tf.person_id = p.id WHERE tf.topic_id = ? AND p.status = 'active'"
		" ORDER BY tf.created_at DESC, p.id LIMIT ?");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, topic_id);
	db_bind_int(st, 2, limit);
	int rc = fetch_page(st, p, limit, out);
	out->next = NULL;
	return rc;
}

int people_reports(struct db *db, struct pool *p, int64_t manager_id, struct people_page *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT " PERSON_COLUMNS PERSON_FROM
		" WHERE p.manager_id = ? AND p.status = 'active' ORDER BY p.name COLLATE NOCASE, p.id LIMIT 201");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, manager_id);
	return fetch_page(st, p, 200, out);
}

/* fn for each row of st (finished here); see people_scan. */
static int scan_rows(struct db_stmt *st, struct pool *p, int (*fn)(void *arg, const struct person *x), void *arg)
{
	int rc, stop = 0;
	while (!stop && (rc = db_step(st)) == DB_ROW)
		stop = fn(arg, read_person(st, p));
	db_done(st);
	return stop ? stop : rc < 0 ? rc : PLEIN_OK;
}

int people_scan(struct db *db, struct pool *p, int (*fn)(void *arg, const struct person *x), void *arg)
{
	struct db_stmt *st = db_prepare(db, "SELECT " PERSON_COLUMNS PERSON_FROM " ORDER BY p.id");
	return st ? scan_rows(st, p, fn, arg) : PLEIN_ERROR;
}

int people_scan_photo(struct db *db, struct pool *p, const char *key,
                      int (*fn)(void *arg, const struct person *x), void *arg)
{
	struct db_stmt *st = db_prepare(db, "SELECT " PERSON_COLUMNS PERSON_FROM
		" WHERE p.photo = ? AND p.photo <> '' ORDER BY p.id");
	if (!st)
		return PLEIN_ERROR;
	db_bind_text(st, 1, key, strlen(key));
	return scan_rows(st, p, fn, arg);
}
