/* signups.c — see signups.h. All SQL on `signups` and `signup_entries` is
 * here. The cap is enforced by the INSERT itself (it only inserts while the
 * count is below the cap) inside a write transaction, so two people taking
 * the last place at once cannot both get it. */
#include "core/signups.h"
#include "core/i18n.h"
#include "core/posts.h"
#include "core/visibility.h"
#include "lib/pool.h"
#include <time.h>

/* ---- parsing what people and clients send ---- */

/* n decimal digits at s into *out. */
static bool digits(const char *s, size_t n, int *out)
{
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

static int days_in_month(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : days[m - 1];
}

int signups_parse_deadline(const char *s, size_t len, int64_t *out)
{
	int y, mo, d, h = 23, mi = 59, sec = 59;
	*out = 0;
	if (!s || len < 10 || len > SIGNUP_DEADLINE_MAX_LEN)
		return PLEIN_INVALID;
	if (!digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) || s[7] != '-' || !digits(s + 8, 2, &d))
		return PLEIN_INVALID;
	if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
		return PLEIN_INVALID;
	size_t i = 10;
	bool utc = false;
	int offset = 0;  /* seconds east of UTC */
	if (i < len) {
		if (s[i] != 'T' && s[i] != 't' && s[i] != ' ')
			return PLEIN_INVALID;
		i++;
		if (len - i < 5 || !digits(s + i, 2, &h) || s[i + 2] != ':' || !digits(s + i + 3, 2, &mi))
			return PLEIN_INVALID;
		i += 5;
		sec = 0;
		if (i < len && s[i] == ':') {
			if (len - i < 3 || !digits(s + i + 1, 2, &sec))
				return PLEIN_INVALID;
			i += 3;
			if (i < len && s[i] == '.') {  /* fractions of a second: ignored */
				size_t k = i + 1;
				while (k < len && k - i <= 9 && s[k] >= '0' && s[k] <= '9')
					k++;
				if (k == i + 1)
					return PLEIN_INVALID;
				i = k;
			}
		}
		if (h > 23 || mi > 59 || sec > 59)
			return PLEIN_INVALID;
		if (i < len) {
			if ((s[i] == 'Z' || s[i] == 'z') && i + 1 == len) {
				utc = true;
				i++;
			} else if ((s[i] == '+' || s[i] == '-') && len - i == 6 && s[i + 3] == ':') {
				int oh, om;
				if (!digits(s + i + 1, 2, &oh) || !digits(s + i + 4, 2, &om) || oh > 23 || om > 59)
					return PLEIN_INVALID;
				offset = (oh * 3600 + om * 60) * (s[i] == '-' ? -1 : 1);
				utc = true;
				i += 6;
			}
		}
		if (i != len)
			return PLEIN_INVALID;
	}
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h, .tm_min = mi,
	                 .tm_sec = sec, .tm_isdst = -1 };
	time_t t = utc ? timegm(&tm) : mktime(&tm);
	if (t == (time_t)-1)
		return PLEIN_INVALID;
	*out = (int64_t)t - offset;
	return *out > 0 ? PLEIN_OK : PLEIN_INVALID;
}

int signups_parse_cap(const char *s, size_t len, int64_t *out)
{
	*out = 0;
	if (!s)
		return PLEIN_OK;
	while (len && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len == 0)
		return PLEIN_OK;
	int64_t v = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9' || v > SIGNUP_CAP_MAX)
			return PLEIN_INVALID;
		v = v * 10 + (s[i] - '0');
	}
	if (v < 1 || v > SIGNUP_CAP_MAX)
		return PLEIN_INVALID;
	*out = v;
	return PLEIN_OK;
}

const char *signups_input_error(int64_t cap, int64_t deadline, int64_t now)
{
	if (cap < 0 || cap > SIGNUP_CAP_MAX)
		return N_("The number of places must be a whole number from 1 to 100,000, or empty for no limit.");
	if (deadline < 0 || (deadline && deadline <= now))
		return N_("The closing date must be in the future.");
	return NULL;
}

/* ---- storing and reading ---- */

int signups_attach(struct db *db, int64_t post_id, int64_t cap, int64_t deadline, int64_t now, const char **msg)
{
	if ((*msg = signups_input_error(cap, deadline, now)))
		return PLEIN_INVALID;
	return db_exec(db, "INSERT INTO signups(post_id, cap, deadline, created_at) VALUES (?, NULLIF(?, 0), NULLIF(?, 0), ?)",
	               "iiii", post_id, cap, deadline, now);
}

int signups_get(struct db *db, int64_t post_id, int64_t viewer_id, int64_t now, struct signup *out)
{
	memset(out, 0, sizeof(*out));
	struct db_stmt *st = db_prepare(db,
		"SELECT coalesce(s.cap, 0), coalesce(s.deadline, 0), "
		"(SELECT count(*) FROM signup_entries e WHERE e.post_id = s.post_id), "
		"EXISTS (SELECT 1 FROM signup_entries e WHERE e.post_id = s.post_id AND e.person_id = ?2) "
		"FROM signups s WHERE s.post_id = ?1");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, post_id);
	db_bind_int(st, 2, viewer_id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		out->post_id = post_id;
		out->cap = db_col_int(st, 0);
		out->deadline = db_col_int(st, 1);
		out->count = db_col_int(st, 2);
		out->mine = db_col_int(st, 3) != 0;
		out->closed = out->deadline && now > out->deadline;
		out->full = out->cap && out->count >= out->cap;
	}
	db_done(st);
	return rc == DB_ROW ? PLEIN_OK : rc == DB_DONE ? PLEIN_NOTFOUND : PLEIN_ERROR;
}

/* Begin the write and read the post's sign-up; refusals as signups_join. */
static int begin_change(struct db *db, const struct person *viewer, const struct post *post, int64_t now,
                        int64_t *cap, const char **msg)
{
	*msg = NULL;
	if (!visibility_can_interact(viewer, post)) {
		*msg = N_("You cannot sign up for this post.");
		return PLEIN_DENIED;
	}
	int rc = db_begin(db);
	if (rc != PLEIN_OK)
		return rc;
	int64_t deadline = 0;
	struct db_stmt *st = db_prepare(db, "SELECT coalesce(cap, 0), coalesce(deadline, 0) FROM signups WHERE post_id = ?");
	if (!st) {
		db_rollback(db);
		return PLEIN_ERROR;
	}
	db_bind_int(st, 1, post->id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		*cap = db_col_int(st, 0);
		deadline = db_col_int(st, 1);
	}
	db_done(st);
	if (rc != DB_ROW) {
		db_rollback(db);
		if (rc == DB_DONE)
			*msg = N_("This post does not ask people to sign up.");
		return rc == DB_DONE ? PLEIN_NOTFOUND : PLEIN_ERROR;
	}
	if (deadline && now > deadline) {
		db_rollback(db);
		*msg = N_("Sign-ups for this post have closed.");
		return PLEIN_INVALID;
	}
	return PLEIN_OK;
}

int signups_join(struct db *db, const struct person *viewer, const struct post *post, int64_t now, const char **msg)
{
	int64_t cap = 0;
	int rc = begin_change(db, viewer, post, now, &cap, msg);
	if (rc != PLEIN_OK)
		return rc;
	/* one statement decides: not yet signed up, and a place left */
	rc = db_exec(db,
		"INSERT INTO signup_entries(post_id, person_id, created_at) SELECT ?1, ?2, ?3 "
		"WHERE NOT EXISTS (SELECT 1 FROM signup_entries WHERE post_id = ?1 AND person_id = ?2) "
		"AND (?4 = 0 OR (SELECT count(*) FROM signup_entries WHERE post_id = ?1) < ?4)",
		"iiii", post->id, viewer->id, now, cap);
	if (rc != PLEIN_OK)
		goto fail;
	if (db_changes(db) == 0) {
		int64_t mine = 0;
		rc = db_query_int(db, &mine, "SELECT count(*) FROM signup_entries WHERE post_id = ? AND person_id = ?",
		                  "ii", post->id, viewer->id);
		if (rc != PLEIN_OK)
			goto fail;
		if (!mine) {
			*msg = N_("Every place is taken already.");
			rc = PLEIN_CONFLICT;
			goto fail;
		}
	}
	if ((rc = db_commit(db)) != PLEIN_OK)
		goto fail;
	return PLEIN_OK;
fail:
	db_rollback(db);
	return rc;
}

int signups_withdraw(struct db *db, const struct person *viewer, const struct post *post, int64_t now,
                     const char **msg)
{
	int64_t cap = 0;
	int rc = begin_change(db, viewer, post, now, &cap, msg);
	if (rc != PLEIN_OK)
		return rc;
	rc = db_exec(db, "DELETE FROM signup_entries WHERE post_id = ? AND person_id = ?", "ii", post->id, viewer->id);
	if (rc == PLEIN_OK)
		rc = db_commit(db);
	if (rc != PLEIN_OK)
		db_rollback(db);
	return rc;
}

bool signups_may_list(const struct person *viewer, const struct post *post)
{
	return viewer && post && visibility_can_see_post(viewer, post) && viewer->id == post->owner_id;
}

int signups_list(struct db *db, struct pool *p, int64_t post_id, struct signup_entry **out, size_t *n_out)
{
	*out = NULL;
	*n_out = 0;
	struct db_stmt *st = db_prepare(db,
		"SELECT e.person_id, pe.name, pe.email, e.created_at FROM signup_entries e "
		"JOIN people pe ON pe.id = e.person_id WHERE e.post_id = ? ORDER BY e.created_at, e.person_id");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, post_id);
	size_t cap = 16, n = 0;
	struct signup_entry *v = pool_alloc(p, sizeof(*v) * cap);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (n == cap) {
			struct signup_entry *bigger = pool_alloc(p, sizeof(*v) * cap * 2);
			memcpy(bigger, v, sizeof(*v) * n);
			v = bigger;
			cap *= 2;
		}
		v[n].person_id = db_col_int(st, 0);
		v[n].name = pool_strdup(p, db_col_text(st, 1));
		v[n].email = pool_strdup(p, db_col_text(st, 2));
		v[n].created_at = db_col_int(st, 3);
		n++;
	}
	db_done(st);
	if (rc != DB_DONE)
		return PLEIN_ERROR;
	*out = v;
	*n_out = n;
	return PLEIN_OK;
}

/* ---- CSV ---- */

void signups_csv_cell(struct strbuf *out, const char *s)
{
	if (!s)
		s = "";
	/* a spreadsheet runs a cell starting with these as a formula */
	bool formula = strchr("=+-@\t\r", s[0]) != NULL && s[0] != '\0';
	bool quote = formula || strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		(void)strbuf_addch(out, '"');
	if (formula)
		(void)strbuf_addch(out, '\'');
	for (const char *c = s; *c; c++) {
		if (*c == '"')
			(void)strbuf_addch(out, '"');
		(void)strbuf_addch(out, *c);
	}
	if (quote)
		(void)strbuf_addch(out, '"');
}

int signups_csv(const struct signup_entry *e, size_t n, const char *const header[3], struct strbuf *out)
{
	(void)strbuf_addstr(out, "\xEF\xBB\xBF");
	for (int i = 0; i < 3; i++) {
		if (i)
			(void)strbuf_addch(out, ',');
		signups_csv_cell(out, header[i]);
	}
	(void)strbuf_addstr(out, "\r\n");
	for (size_t i = 0; i < n; i++) {
		signups_csv_cell(out, e[i].name);
		(void)strbuf_addch(out, ',');
		signups_csv_cell(out, e[i].email);
		time_t t = (time_t)e[i].created_at;
		struct tm tm;
		gmtime_r(&t, &tm);
		(void)strbuf_addf(out, ",%04d-%02d-%02dT%02d:%02d:%02dZ\r\n", tm.tm_year + 1900, tm.tm_mon + 1,
		                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	}
	return out->toobig ? PLEIN_TOOBIG : PLEIN_OK;
}
