/* insight_adoption_read.c — the reading half of the adoption figures: one
 * pass over each table (people, groups, topics, posts with their topics,
 * comments, reactions, visits, questions), in one read transaction, into the
 * C arrays of insight_adoption_internal.h — per person a bitset of the days
 * active and of the days contributed — never a query per day or per person. */
#include "lib/common.h"
#include "core/insight_adoption_internal.h"
#include "core/i18n.h"
#include "core/visibility.h"

int adoption_report(struct adoption *a, const char *phase, int percent)
{
	return insight_progress_report(a->pr, phase, percent) ? PLEIN_ERROR : PLEIN_OK;
}

/* A pass owns [from, to] of the adoption's 0..100; done of total within it. */
static int report_pass(struct adoption *a, const char *phase, int from, int to, int64_t done, int64_t total)
{
	if (total <= 0 || done < 0)
		done = 0, total = 1;
	if (done > total)
		done = total;
	return adoption_report(a, phase, from + (int)((to - from) * done / total));
}

bool adoption_any(const uint64_t *row, int64_t from, int64_t to)
{
	if (from > to)
		return false;
	int64_t wf = from >> 6, wt = to >> 6;
	uint64_t first = ~0ull << (from & 63), last = (to & 63) == 63 ? ~0ull : (1ull << ((to & 63) + 1)) - 1;
	if (wf == wt)
		return (row[wf] & first & last) != 0;
	if (row[wf] & first)
		return true;
	for (int64_t w = wf + 1; w < wt; w++)
		if (row[w])
			return true;
	return (row[wt] & last) != 0;
}

/* ---------- lookups ---------- */

static int64_t find_id(const int64_t *ids, size_t n, int64_t id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && ids[lo] == id ? (int64_t)lo : -1;
}

static int64_t person_of(const struct adoption *a, int64_t id)
{
	if (a->map)
		return id > 0 && id < a->map_n ? (int64_t)a->map[id] - 1 : -1;
	return find_id(a->ids, a->n, id);
}

static int32_t name_index(const char **names, size_t n, const char *s)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(names[mid], s) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && strcmp(names[lo], s) == 0 ? (int32_t)lo : -1;
}

/* The distinct non-empty values of a column of people, sorted (bytewise). */
static int load_names(struct adoption *a, const char *sql, const char ***out, size_t *n_out)
{
	struct db_stmt *st = db_prepare(a->db, sql);
	if (!st)
		return PLEIN_ERROR;
	size_t n = 0, cap = 16;
	const char **names = pool_alloc(a->pool, cap * sizeof(*names));
	int step;
	while ((step = db_step(st)) == DB_ROW) {
		if (n == cap) {
			const char **bigger = pool_alloc(a->pool, 2 * cap * sizeof(*names));
			memcpy(bigger, names, n * sizeof(*names));
			names = bigger;
			cap *= 2;
		}
		names[n++] = pool_strdup(a->pool, db_col_text(st, 0));
	}
	db_done(st);
	*out = names;
	*n_out = n;
	return step == DB_DONE ? PLEIN_OK : PLEIN_ERROR;
}

/* ---------- the passes ---------- */

static int read_people(struct adoption *a)
{
	int64_t count = 0, max_id = 0;
	if (db_query_int(a->db, &count, "SELECT count(*) FROM people", NULL) ||
	    db_query_int(a->db, &max_id, "SELECT coalesce(max(id), 0) FROM people", NULL))
		return PLEIN_ERROR;
	if (load_names(a, "SELECT DISTINCT department FROM people WHERE department <> '' ORDER BY 1", &a->dept_names,
	               &a->n_dept) ||
	    load_names(a, "SELECT DISTINCT location FROM people WHERE location <> '' ORDER BY 1", &a->loc_names,
	               &a->n_loc))
		return PLEIN_ERROR;
	size_t cap = (size_t)count + 1;
	a->ids = xcalloc(cap, sizeof(*a->ids));
	a->activated = xcalloc(cap, sizeof(*a->activated));
	a->base = xcalloc(cap, 1);
	a->dept = xcalloc(cap, sizeof(*a->dept));
	a->loc = xcalloc(cap, sizeof(*a->loc));
	struct db_stmt *st = db_prepare(a->db,
		"SELECT id, activated_at, status = 'active' AND role NOT IN ('guest', 'alumni'), department, location"
		" FROM people ORDER BY id");
	if (!st)
		return PLEIN_ERROR;
	int step;
	while ((step = db_step(st)) == DB_ROW && a->n < cap) {
		size_t i = a->n++;
		a->ids[i] = db_col_int(st, 0);
		a->activated[i] = db_col_null(st, 1) ? INT64_MAX : db_col_int(st, 1);
		a->base[i] = db_col_int(st, 2) != 0;
		a->dept[i] = name_index(a->dept_names, a->n_dept, db_col_text(st, 3));
		a->loc[i] = name_index(a->loc_names, a->n_loc, db_col_text(st, 4));
	}
	db_done(st);
	if (step != DB_DONE && step != DB_ROW)
		return PLEIN_ERROR;
	/* ids are dense in practice: index them directly, else search */
	if (max_id < (int64_t)(4 * a->n + 65536)) {
		a->map_n = max_id + 1;
		a->map = xcalloc((size_t)a->map_n, sizeof(*a->map));
		for (size_t i = 0; i < a->n; i++)
			a->map[a->ids[i]] = (int32_t)i + 1;
	}
	a->act = xcalloc(st_mult(a->n + 1, a->words), sizeof(uint64_t));
	a->con = xcalloc(st_mult(a->n + 1, a->words), sizeof(uint64_t));
	a->pcon = xcalloc(st_mult(a->np, a->n + 1), sizeof(int32_t));
	a->pposts = xcalloc(st_mult(a->np, a->n + 1), sizeof(int32_t));
	return PLEIN_OK;
}

static int read_groups(struct adoption *a)
{
	int64_t count = 0;
	if (db_query_int(a->db, &count, "SELECT count(*) FROM groups", NULL))
		return PLEIN_ERROR;
	size_t cap = (size_t)count + 1;
	a->gids = xcalloc(cap, sizeof(*a->gids));
	a->gok = xcalloc(cap, 1);
	struct db_stmt *st = db_prepare(a->db,
		"SELECT id, deleted_at IS NULL AND kind <> 'secret' FROM groups ORDER BY id");
	if (!st)
		return PLEIN_ERROR;
	int step;
	while ((step = db_step(st)) == DB_ROW && a->ng < cap) {
		a->gids[a->ng] = db_col_int(st, 0);
		a->gok[a->ng++] = db_col_int(st, 1) != 0;
	}
	db_done(st);
	a->gact = xcalloc(st_mult(a->ng + 1, a->words), sizeof(uint64_t));
	return step == DB_DONE || step == DB_ROW ? PLEIN_OK : PLEIN_ERROR;
}

static int read_topics(struct adoption *a)
{
	int64_t count = 0;
	if (db_query_int(a->db, &count, "SELECT count(*) FROM topics", NULL))
		return PLEIN_ERROR;
	size_t cap = (size_t)count + 1;
	a->tids = xcalloc(cap, sizeof(*a->tids));
	a->tnames = xcalloc(cap, sizeof(*a->tnames));
	struct db_stmt *st = db_prepare(a->db, "SELECT id, name FROM topics ORDER BY id");
	if (!st)
		return PLEIN_ERROR;
	int step;
	while ((step = db_step(st)) == DB_ROW && a->nt < cap) {
		a->tids[a->nt] = db_col_int(st, 0);
		a->tnames[a->nt++] = pool_strdup(a->pool, db_col_text(st, 1));
	}
	db_done(st);
	a->tcount = xcalloc(st_mult(a->nt + 1, 2 * a->np), sizeof(int32_t));
	a->tauth = xcalloc(st_mult(st_mult(a->nt + 1, a->np), ADOPTION_TOPIC_MIN_AUTHORS), sizeof(int64_t));
	a->tnauth = xcalloc(st_mult(a->nt + 1, a->np), 1);
	return step == DB_DONE || step == DB_ROW ? PLEIN_OK : PLEIN_ERROR;
}

/* Someone did something on day d (lo ≤ d ≤ hi): active; contributed when
 * they posted, commented or answered; post: it was a post (not a question
 * or answer), for the departments' post counts. Only base people count. */
static void person_event(struct adoption *a, int64_t person_id, int64_t d, bool contributed, bool post)
{
	int64_t i = person_of(a, person_id);
	if (i < 0 || !a->base[i])
		return;
	int64_t k = d - a->lo;
	adoption_set(a->act + (size_t)i * a->words, k);
	if (contributed)
		adoption_set(a->con + (size_t)i * a->words, k);
	for (size_t p = 0; p < a->np; p++) {
		if (d < a->per[p].from || d > a->per[p].to)
			continue;
		if (contributed)
			a->pcon[(size_t)i * a->np + p]++;
		if (post)
			a->pposts[(size_t)i * a->np + p]++;
	}
}

/* Remember up to ADOPTION_TOPIC_MIN_AUTHORS distinct authors of topic t's
 * posts in period p. */
static void topic_author(struct adoption *a, size_t t, size_t p, int64_t author)
{
	uint8_t *n = &a->tnauth[t * a->np + p];
	int64_t *seen = a->tauth + (t * a->np + p) * ADOPTION_TOPIC_MIN_AUTHORS;
	if (*n >= ADOPTION_TOPIC_MIN_AUTHORS)
		return;
	for (uint8_t i = 0; i < *n; i++)
		if (seen[i] == author)
			return;
	seen[(*n)++] = author;
}

static void topic_post(struct adoption *a, int64_t topic_id, int64_t d, int64_t author)
{
	int64_t t = find_id(a->tids, a->nt, topic_id);
	if (t < 0)
		return;
	int32_t *c = a->tcount + (size_t)t * 2 * a->np;
	for (size_t p = 0; p < a->np; p++) {
		int64_t len = a->per[p].to - a->per[p].from + 1;
		if (d >= a->per[p].from && d <= a->per[p].to) {
			c[2 * p]++;
			topic_author(a, (size_t)t, p, author);
		} else if (d >= a->per[p].from - len && d < a->per[p].from)
			c[2 * p + 1]++;
	}
}

static void add_question(struct adoption *a, int64_t id, int64_t created, int64_t d)
{
	if (a->nq == a->cap_q) {
		a->cap_q = a->cap_q ? 2 * a->cap_q : 256;
		a->q_id = xrealloc(a->q_id, a->cap_q * sizeof(*a->q_id));
		a->q_created = xrealloc(a->q_created, a->cap_q * sizeof(*a->q_created));
		a->q_secs = xrealloc(a->q_secs, a->cap_q * sizeof(*a->q_secs));
		a->q_day = xrealloc(a->q_day, a->cap_q * sizeof(*a->q_day));
		a->q_answered = xrealloc(a->q_answered, a->cap_q);
	}
	a->q_id[a->nq] = id;
	a->q_created[a->nq] = created;
	a->q_secs[a->nq] = -1;
	a->q_day[a->nq] = (int32_t)(d - a->lo);
	a->q_answered[a->nq++] = 0;
}

static void add_hidden_post(struct adoption *a, int64_t post_id)
{
	if (a->nhp == a->cap_hp) {
		a->cap_hp = a->cap_hp ? 2 * a->cap_hp : 256;
		a->hp_post = xrealloc(a->hp_post, a->cap_hp * sizeof(*a->hp_post));
	}
	a->hp_post[a->nhp++] = post_id;
}

static bool hidden_post(const struct adoption *a, int64_t post_id)
{
	return a->nhp && find_id(a->hp_post, a->nhp, post_id) >= 0;
}

static void add_group_post(struct adoption *a, int64_t post_id, int64_t g)
{
	if (a->ngp == a->cap_gp) {
		a->cap_gp = a->cap_gp ? 2 * a->cap_gp : 1024;
		a->gp_post = xrealloc(a->gp_post, a->cap_gp * sizeof(*a->gp_post));
		a->gp_group = xrealloc(a->gp_group, a->cap_gp * sizeof(*a->gp_group));
	}
	a->gp_post[a->ngp] = post_id;
	a->gp_group[a->ngp++] = (int32_t)g;
}

/* Posts in id order, merged with their topics (post_topics by post id: a
 * second cursor walking alongside, no lookup per post). Topics count only
 * posts every colleague may read (visibility.c's condition), so no topic of
 * a closed or secret group is ever named. Older posts are read too (the
 * table has no index on time: a scan either way) for one thing: which of
 * them are in a group, so that today's comment on an old group post makes
 * that group active. */
static int read_posts(struct adoption *a)
{
	int64_t max_id = 0;
	if (db_query_int(a->db, &max_id, "SELECT coalesce(max(id), 0) FROM posts", NULL))
		return PLEIN_ERROR;
	char sql[1024];
	snprintf(sql, sizeof sql,
	         "SELECT p.id, p.author_id, p.created_at, p.kind, p.group_id,"
	         " CASE WHEN p.created_at >= ?1 THEN %s ELSE 0 END, p.anonymous FROM posts p"
	         " WHERE p.deleted_at IS NULL AND p.created_at < ?2 ORDER BY p.id",
	         visibility_post_everyone_sql());
	struct db_stmt *st = db_prepare(a->db, sql);
	struct db_stmt *tp = db_prepare(a->db, "SELECT post_id, topic_id FROM post_topics ORDER BY post_id");
	if (!st || !tp) {
		db_done(st);
		return PLEIN_ERROR;
	}
	db_bind_int(st, 1, a->topic_lo * INSIGHT_DAY_SECONDS);
	db_bind_int(st, 2, (a->hi + 1) * INSIGHT_DAY_SECONDS);
	int tstep = db_step(tp), step, rc = PLEIN_OK;
	int64_t rows = 0;
	while ((step = db_step(st)) == DB_ROW) {
		int64_t id = db_col_int(st, 0), author = db_col_int(st, 1), created = db_col_int(st, 2);
		int64_t d = insight_day(created);
		const char *kind = db_col_text(st, 3);
		bool question = strcmp(kind, "question") == 0, answer = strcmp(kind, "answer") == 0;
		if (db_col_int(st, 5)) {
			while (tstep == DB_ROW && db_col_int(tp, 0) < id)
				tstep = db_step(tp);
			for (; tstep == DB_ROW && db_col_int(tp, 0) == id; tstep = db_step(tp))
				topic_post(a, db_col_int(tp, 1), d, author);
		}
		int64_t g = db_col_null(st, 4) ? -1 : find_id(a->gids, a->ng, db_col_int(st, 4));
		if (g >= 0 && !a->gok[g]) {
			/* a secret (or deleted) group's posts count nowhere, as in the
			 * graph: the weekly volumes and the contributors would otherwise
			 * show a secret group's life to those who may not know of it */
			add_hidden_post(a, id);
			continue;
		}
		if (g >= 0)
			add_group_post(a, id, g);
		if (d >= a->lo) {
			int64_t k = d - a->lo;
			int32_t *v = question ? a->v_questions : answer ? a->v_answers : a->v_posts;
			v[k]++;
			/* an anonymous question or answer is no one's contribution: a
			 * department's contributors would otherwise tell where it came from */
			if (!db_col_int(st, 6))
				person_event(a, author, d, true, !question && !answer);
			if (g >= 0)
				adoption_set(a->gact + (size_t)g * a->words, k);
			if (question)
				add_question(a, id, created, d);
		}
		if (++rows % 262144 == 0 && report_pass(a, N_("Counting posts"), 2, 40, id, max_id)) {
			rc = PLEIN_ERROR;
			break;
		}
	}
	if (rc == PLEIN_OK && step != DB_DONE)
		rc = PLEIN_ERROR;
	if (rc == PLEIN_OK && tstep != DB_DONE && tstep != DB_ROW)
		rc = PLEIN_ERROR;
	db_done(st);
	db_done(tp);
	return rc;
}

static int read_questions(struct adoption *a)
{
	if (!a->nq)
		return PLEIN_OK;
	struct db_stmt *st = db_prepare(a->db,
		"SELECT post_id, answer_count > 0, first_answer_at FROM questions WHERE post_id >= ?1 ORDER BY post_id");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, a->q_id[0]);
	int step;
	while ((step = db_step(st)) == DB_ROW) {
		int64_t q = find_id(a->q_id, a->nq, db_col_int(st, 0));
		if (q < 0)
			continue;
		a->q_answered[q] = db_col_int(st, 1) != 0;
		if (a->q_answered[q] && !db_col_null(st, 2)) {
			int64_t secs = db_col_int(st, 2) - a->q_created[q];
			a->q_secs[q] = secs < 0 ? 0 : secs;
		}
	}
	db_done(st);
	return step == DB_DONE ? PLEIN_OK : PLEIN_ERROR;
}

static int64_t group_of_post(const struct adoption *a, int64_t post_id)
{
	int64_t k = find_id(a->gp_post, a->ngp, post_id);
	return k < 0 ? -1 : a->gp_group[k];
}

static int read_comments(struct adoption *a)
{
	int64_t max_id = 0;
	if (db_query_int(a->db, &max_id, "SELECT coalesce(max(id), 0) FROM comments", NULL))
		return PLEIN_ERROR;
	struct db_stmt *st = db_prepare(a->db,
		"SELECT id, author_id, created_at, post_id, anonymous FROM comments"
		" WHERE deleted_at IS NULL AND created_at >= ?1 AND created_at < ?2");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, a->lo * INSIGHT_DAY_SECONDS);
	db_bind_int(st, 2, (a->hi + 1) * INSIGHT_DAY_SECONDS);
	int step, rc = PLEIN_OK;
	int64_t rows = 0;
	while ((step = db_step(st)) == DB_ROW) {
		int64_t d = insight_day(db_col_int(st, 2)), k = d - a->lo;
		if (hidden_post(a, db_col_int(st, 3)))
			continue;
		a->v_comments[k]++;
		if (!db_col_int(st, 4))   /* anonymous: no one's, as above */
			person_event(a, db_col_int(st, 1), d, true, false);
		int64_t g = group_of_post(a, db_col_int(st, 3));
		if (g >= 0)
			adoption_set(a->gact + (size_t)g * a->words, k);
		if (++rows % 262144 == 0 &&
		    report_pass(a, N_("Counting comments"), 40, 65, db_col_int(st, 0), max_id)) {
			rc = PLEIN_ERROR;
			break;
		}
	}
	if (rc == PLEIN_OK && step != DB_DONE)
		rc = PLEIN_ERROR;
	db_done(st);
	return rc;
}

static int read_reactions(struct adoption *a)
{
	struct db_stmt *st = db_prepare(a->db,
		"SELECT person_id, created_at, post_id FROM reactions WHERE created_at >= ?1 AND created_at < ?2");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, a->lo * INSIGHT_DAY_SECONDS);
	db_bind_int(st, 2, (a->hi + 1) * INSIGHT_DAY_SECONDS);
	int step, rc = PLEIN_OK;
	int64_t rows = 0;
	while ((step = db_step(st)) == DB_ROW) {
		int64_t d = insight_day(db_col_int(st, 1));
		if (hidden_post(a, db_col_int(st, 2)))
			continue;
		a->v_reactions[d - a->lo]++;
		person_event(a, db_col_int(st, 0), d, false, false);
		if (++rows % 262144 == 0 && adoption_report(a, N_("Counting reactions"), 72)) {
			rc = PLEIN_ERROR;
			break;
		}
	}
	if (rc == PLEIN_OK && step != DB_DONE)
		rc = PLEIN_ERROR;
	db_done(st);
	return rc;
}

static int read_visits(struct adoption *a)
{
	struct db_stmt *st = db_prepare(a->db,
		"SELECT day, person_id FROM activity_days WHERE day >= ?1 AND day <= ?2");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, a->lo);
	db_bind_int(st, 2, a->hi);
	int step, rc = PLEIN_OK;
	int64_t rows = 0;
	while ((step = db_step(st)) == DB_ROW) {
		int64_t d = db_col_int(st, 0);
		person_event(a, db_col_int(st, 1), d, false, false);
		if (++rows % 262144 == 0 && report_pass(a, N_("Counting visits"), 80, 95, d - a->lo, (int64_t)a->ndays)) {
			rc = PLEIN_ERROR;
			break;
		}
	}
	if (rc == PLEIN_OK && step != DB_DONE)
		rc = PLEIN_ERROR;
	db_done(st);
	return rc;
}

/* ---------- the passes in order ---------- */

int adoption_read(struct adoption *a)
{
	/* one read transaction: every pass sees the same database */
	bool began = db_read_begin(a->db);
	int rc = PLEIN_ERROR;
	if (adoption_report(a, N_("Counting people"), 0) || read_people(a) || read_groups(a) || read_topics(a))
		goto out;
	if (adoption_report(a, N_("Counting posts"), 2) || read_posts(a) || read_questions(a))
		goto out;
	if (adoption_report(a, N_("Counting comments"), 40) || read_comments(a))
		goto out;
	if (adoption_report(a, N_("Counting reactions"), 65) || read_reactions(a))
		goto out;
	if (adoption_report(a, N_("Counting visits"), 80) || read_visits(a))
		goto out;
	rc = adoption_report(a, N_("Adding up"), 95);
out:
	db_read_end(a->db, began);
	return rc;
}
