/* insight_graph.c — collects the interaction graph of the insight figures
 * (docs/design-insight.md, "weights"): one pass over each table into C
 * arrays, never a join per row, then one array of (pair, weight) sorted and
 * merged. What never counts: secret or deleted groups, deleted posts and
 * comments, the hidden author of anonymous questions and answers, people
 * who are not active members (guests, alumni, deactivated, never
 * activated). */
#include <math.h>
#include "lib/common.h"
#include "core/i18n.h"
#include "core/insight_graph.h"

const char *const insight_kind_names[INSIGHT_KINDS] = {
	"follow", "comment", "reply", "reaction", "mention", "praise", "answer", "accepted", "helpful",
};
const double insight_kind_weights[INSIGHT_KINDS] = {1, 2, 2, 1, 2, 3, 3, 3, 1};

/* A post (or comment) id's author as seen by the graph. */
#define GONE (-2)      /* deleted, in a secret or deleted group: nothing counts */
#define HIDDEN (-1)    /* anonymous, or not a vertex: no edge to or from its author */
#define MAX_ID (1 << 28)   /* the arrays indexed by id: at most 1 GB each */
/* The vertices: active members who have activated their account. Someone
 * invited or imported who never signed in is not on plein yet: adoption
 * counts them ("not activated"); here they would only swell the isolated
 * people and the newcomers to welcome. */
#define VERTEX_SQL "status = 'active' AND role NOT IN ('guest', 'alumni') AND activated_at IS NOT NULL"

double insight_decay(int64_t when, int64_t now, int half_life_days)
{
	double age = (double)(now - when) / INSIGHT_DAY_SECONDS;
	if (age < 0)
		age = 0;
	if (half_life_days <= 0)
		return 1.0;
	return exp2(-age / half_life_days);
}

struct collector {
	struct insight_graph *g;
	const struct insight_options *o;
	struct insight_edge *raw;
	size_t n_raw, cap;
	int32_t *vix;                 /* person id → vertex, -1 */
	int64_t max_person;
	int64_t recent;               /* activity counts from here */
	/* the hidden askers of anonymous questions, and the answers to them
	 * (both by post id, ascending): the asker's helpful mark on such an
	 * answer would be an edge from them, so it is none */
	struct hidden_asker { int64_t post; int32_t asker; } *anon_q, *anon_a;
	size_t n_anon_q, n_anon_a, cap_anon_q, cap_anon_a;
};

static void hidden_add(struct hidden_asker **list, size_t *n, size_t *cap, int64_t post, int32_t asker)
{
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 64;
		*list = xrealloc(*list, st_mult(*cap, sizeof **list));
	}
	(*list)[(*n)++] = (struct hidden_asker){ post, asker };
}

/* The hidden asker of post (in list), or -1. */
static int32_t hidden_find(const struct hidden_asker *list, size_t n, int64_t post)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (list[mid].post < post)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && list[lo].post == post ? list[lo].asker : -1;
}

static int32_t vertex_of(const struct collector *c, int64_t person_id)
{
	if (person_id <= 0 || person_id > c->max_person)
		return -1;
	return c->vix[person_id];
}

static void add_edge(struct collector *c, int32_t a, int32_t b, enum insight_kind k, int64_t when)
{
	if (a < 0 || b < 0 || a == b)
		return;
	if (c->n_raw == c->cap) {
		c->cap = c->cap ? c->cap + c->cap / 2 : 1 << 16;
		c->raw = xrealloc(c->raw, st_mult(c->cap, sizeof *c->raw));
	}
	c->raw[c->n_raw++] = (struct insight_edge){(uint32_t)a, (uint32_t)b,
	                                           (float)(insight_kind_weights[k] * insight_decay(when, c->o->now, c->o->half_life_days))};
	c->g->by_kind[k]++;
	c->g->interactions++;
}

/* An array indexed by the ids of a table, filled with fill. */
static int32_t *id_array(struct db *db, const char *sql_max, int64_t *max, int32_t fill)
{
	*max = 0;
	if (db_query_int(db, max, sql_max, "") != PLEIN_OK || *max < 0)
		*max = 0;
	if (*max > MAX_ID) {
		/* ids are dense in practice; a stray huge one must not take gigabytes */
		fprintf(stderr, "plein: insight: ids above %d are left out (%s)\n", MAX_ID, sql_max);
		*max = MAX_ID;
	}
	int32_t *a = xmalloc(st_mult((size_t)*max + 1, sizeof *a));
	for (int64_t i = 0; i <= *max; i++)
		a[i] = fill;
	return a;
}

static int collect_people(struct db *db, struct collector *c)
{
	struct insight_graph *g = c->g;
	struct db_stmt *st = db_prepare(db, "SELECT DISTINCT department FROM people WHERE " VERTEX_SQL
	                                    " AND department <> '' ORDER BY department");
	if (!st)
		return PLEIN_ERROR;
	size_t cap = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (g->n_depts == cap) {
			cap = cap ? cap * 2 : 64;
			g->dept_names = xrealloc(g->dept_names, st_mult(cap, sizeof(char *)));
		}
		g->dept_names[g->n_depts++] = xstrdup(db_col_text(st, 0));
	}
	db_done(st);
	if (rc < 0)
		return PLEIN_ERROR;

	c->vix = id_array(db, "SELECT coalesce(max(id), 0) FROM people", &c->max_person, -1);
	st = db_prepare(db, "SELECT id, department, created_at FROM people WHERE " VERTEX_SQL " ORDER BY id");
	if (!st)
		return PLEIN_ERROR;
	cap = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (g->n == cap) {
			cap = cap ? cap * 2 : 1024;
			g->person_id = xrealloc(g->person_id, st_mult(cap, sizeof(int64_t)));
			g->created_at = xrealloc(g->created_at, st_mult(cap, sizeof(int64_t)));
			g->dept = xrealloc(g->dept, st_mult(cap, sizeof(int32_t)));
		}
		int64_t id = db_col_int(st, 0);
		const char *d = db_col_text(st, 1);
		int32_t di = -1;
		size_t lo = 0, hi = g->n_depts;
		while (*d && lo < hi) {
			size_t mid = (lo + hi) / 2;
			int cmp = strcmp(g->dept_names[mid], d);
			if (cmp == 0) {
				di = (int32_t)mid;
				break;
			}
			if (cmp < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		g->person_id[g->n] = id;
		g->created_at[g->n] = db_col_int(st, 2);
		g->dept[g->n] = di;
		if (id > 0 && id <= c->max_person)
			c->vix[id] = (int32_t)g->n;
		g->n++;
	}
	db_done(st);
	if (rc < 0)
		return PLEIN_ERROR;
	g->activity = xcalloc(g->n ? g->n : 1, sizeof(int32_t));
	g->helpful = xcalloc(g->n ? g->n : 1, sizeof(int32_t));
	return PLEIN_OK;
}

static void count_activity(struct collector *c, int32_t v, int64_t when)
{
	if (v >= 0 && when >= c->recent && when < c->o->now)
		c->g->activity[v]++;
}

/* Posts: each one's author as the graph sees it (GONE, HIDDEN or a vertex)
 * and day; answers (answerer → asker) on the way, since a question's id is
 * always below its answers'. */
static int collect_posts(struct db *db, struct collector *c, int32_t **pauth_out, int64_t *max_post)
{
	int64_t max_group = 0;
	int32_t *gone_group = id_array(db, "SELECT coalesce(max(id), 0) FROM groups", &max_group, 0);
	struct db_stmt *st = db_prepare(db, "SELECT id FROM groups WHERE kind = 'secret' OR deleted_at IS NOT NULL");
	int rc = PLEIN_ERROR;
	if (!st)
		goto out;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t id = db_col_int(st, 0);
		if (id > 0 && id <= max_group)
			gone_group[id] = 1;
	}
	db_done(st);
	if (rc < 0)
		goto out;

	int32_t *pauth = id_array(db, "SELECT coalesce(max(id), 0) FROM posts", max_post, GONE);
	*pauth_out = pauth;
	st = db_prepare(db, "SELECT id, author_id, group_id, created_at, deleted_at IS NOT NULL, anonymous, kind = 'answer', "
	                    "parent_id, kind = 'question' FROM posts ORDER BY id");
	rc = PLEIN_ERROR;
	if (!st)
		goto out;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t id = db_col_int(st, 0), gid = db_col_int(st, 2), when = db_col_int(st, 3);
		if (id <= 0 || id > *max_post || db_col_int(st, 4))
			continue;
		if (!db_col_null(st, 2) && (gid <= 0 || gid > max_group || gone_group[gid]))
			continue;
		int32_t a = db_col_int(st, 5) ? HIDDEN : vertex_of(c, db_col_int(st, 1));
		pauth[id] = a;
		count_activity(c, a, when);
		int32_t real = vertex_of(c, db_col_int(st, 1));
		if (db_col_int(st, 5) && db_col_int(st, 8) && real >= 0)
			hidden_add(&c->anon_q, &c->n_anon_q, &c->cap_anon_q, id, real);
		int64_t q = db_col_int(st, 7);
		if (db_col_int(st, 6) && q > 0 && q < id) {
			add_edge(c, a, pauth[q], INSIGHT_ANSWER, when);
			int32_t asker = hidden_find(c->anon_q, c->n_anon_q, q);
			if (asker >= 0)
				hidden_add(&c->anon_a, &c->n_anon_a, &c->cap_anon_a, id, asker);
		}
	}
	db_done(st);
	rc = rc < 0 ? PLEIN_ERROR : PLEIN_OK;
out:
	free(gone_group);
	return rc;
}

static int collect_comments(struct db *db, struct collector *c, const int32_t *pauth, int64_t max_post,
                            int32_t **cauth_out, int64_t *max_comment)
{
	int32_t *cauth = id_array(db, "SELECT coalesce(max(id), 0) FROM comments", max_comment, GONE);
	*cauth_out = cauth;
	struct db_stmt *st = db_prepare(db, "SELECT id, post_id, parent_id, author_id, created_at, deleted_at IS NOT NULL, "
	                                    "anonymous FROM comments");
	if (!st)
		return PLEIN_ERROR;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t id = db_col_int(st, 0), post = db_col_int(st, 1), parent = db_col_int(st, 2), when = db_col_int(st, 4);
		if (id <= 0 || id > *max_comment || post <= 0 || post > max_post || pauth[post] == GONE || db_col_int(st, 5))
			continue;
		int32_t a = db_col_int(st, 6) ? HIDDEN : vertex_of(c, db_col_int(st, 3));
		cauth[id] = a;
		count_activity(c, a, when);
		if (parent > 0 && parent < id)
			add_edge(c, a, cauth[parent], INSIGHT_REPLY, when);
		else
			add_edge(c, a, pauth[post], INSIGHT_COMMENT, when);
	}
	db_done(st);
	return rc < 0 ? PLEIN_ERROR : PLEIN_OK;
}

/* The tables of (post, person, time) that point at a post's author. */
static int collect_by_post(struct db *db, struct collector *c, const int32_t *pauth, int64_t max_post, const char *sql,
                           enum insight_kind k)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return PLEIN_ERROR;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t post = db_col_int(st, 0), when = db_col_int(st, 2);
		if (post <= 0 || post > max_post || pauth[post] == GONE)
			continue;
		int32_t p = vertex_of(c, db_col_int(st, 1));
		if (k == INSIGHT_REACTION) {
			count_activity(c, p, when);
			add_edge(c, p, pauth[post], k, when);
		} else if (k == INSIGHT_PRAISE) {
			add_edge(c, pauth[post], p, k, when);       /* praiser → the thanked */
		} else {                                       /* helpful: marker → answerer */
			if (pauth[post] >= 0 && p != pauth[post] && p >= 0)
				c->g->helpful[pauth[post]]++;
			/* never from the hidden asker of the question answered */
			if (p < 0 || hidden_find(c->anon_a, c->n_anon_a, post) != p)
				add_edge(c, p, pauth[post], k, when);
		}
	}
	db_done(st);
	return rc < 0 ? PLEIN_ERROR : PLEIN_OK;
}

static int collect_mentions(struct db *db, struct collector *c, const int32_t *pauth, int64_t max_post,
                            const int32_t *cauth, int64_t max_comment)
{
	/* A mention's time is its post's: the table keeps none of its own. */
	struct db_stmt *st = db_prepare(db, "SELECT m.post_id, m.comment_id, m.person_id, p.created_at FROM mentions m "
	                                    "JOIN posts p ON p.id = m.post_id");
	if (!st)
		return PLEIN_ERROR;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t post = db_col_int(st, 0), cid = db_col_int(st, 1);
		if (post <= 0 || post > max_post || pauth[post] == GONE)
			continue;
		int32_t from;
		if (cid == 0)
			from = pauth[post];
		else if (cid > 0 && cid <= max_comment && cauth[cid] != GONE)
			from = cauth[cid];
		else
			continue;
		add_edge(c, from, vertex_of(c, db_col_int(st, 2)), INSIGHT_MENTION, db_col_int(st, 3));
	}
	db_done(st);
	return rc < 0 ? PLEIN_ERROR : PLEIN_OK;
}

static int collect_accepted(struct db *db, struct collector *c, const int32_t *pauth, int64_t max_post)
{
	struct db_stmt *st = db_prepare(db, "SELECT post_id, accepted_id, accepted_at FROM questions WHERE accepted_id IS NOT NULL");
	if (!st)
		return PLEIN_ERROR;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t q = db_col_int(st, 0), a = db_col_int(st, 1);
		if (q <= 0 || q > max_post || a <= 0 || a > max_post || pauth[q] == GONE || pauth[a] == GONE)
			continue;
		if (pauth[a] >= 0 && pauth[a] != pauth[q])
			c->g->helpful[pauth[a]]++;
		add_edge(c, pauth[q], pauth[a], INSIGHT_ACCEPTED, db_col_int(st, 2));
	}
	db_done(st);
	return rc < 0 ? PLEIN_ERROR : PLEIN_OK;
}

static int collect_follows(struct db *db, struct collector *c)
{
	struct db_stmt *st = db_prepare(db, "SELECT follower_id, followee_id, created_at FROM follows");
	if (!st)
		return PLEIN_ERROR;
	int rc;
	while ((rc = db_step(st)) == DB_ROW)
		add_edge(c, vertex_of(c, db_col_int(st, 0)), vertex_of(c, db_col_int(st, 1)), INSIGHT_FOLLOW, db_col_int(st, 2));
	db_done(st);
	return rc < 0 ? PLEIN_ERROR : PLEIN_OK;
}

/* LSD radix sort on the key a * n + b, 11 bits a pass: a few passes over
 * millions of edges instead of qsort's 24 rounds of comparisons. */
size_t insight_edges_sort_merge(struct insight_edge *e, size_t n, size_t n_vertices)
{
	if (n == 0)
		return 0;
	uint64_t maxkey = (uint64_t)n_vertices * n_vertices;
	int bits = 1;
	while (bits < 64 && (maxkey >> bits))
		bits++;
	enum { DIGIT = 11, BUCKETS = 1 << DIGIT };
	struct insight_edge *tmp = xmalloc(st_mult(n, sizeof *tmp)), *src = e, *dst = tmp;
	size_t *count = xmalloc(BUCKETS * sizeof *count);
	for (int shift = 0; shift < bits; shift += DIGIT) {
		memset(count, 0, BUCKETS * sizeof *count);
		for (size_t i = 0; i < n; i++)
			count[(((uint64_t)src[i].a * n_vertices + src[i].b) >> shift) & (BUCKETS - 1)]++;
		size_t sum = 0;
		for (size_t k = 0; k < BUCKETS; k++) {
			size_t t = count[k];
			count[k] = sum;
			sum += t;
		}
		for (size_t i = 0; i < n; i++)
			dst[count[(((uint64_t)src[i].a * n_vertices + src[i].b) >> shift) & (BUCKETS - 1)]++] = src[i];
		struct insight_edge *t = src;
		src = dst;
		dst = t;
	}
	if (src != e)
		memcpy(e, src, n * sizeof *e);
	free(tmp);
	free(count);
	size_t m = 0;
	double w = e[0].w;
	for (size_t i = 1; i <= n; i++) {
		if (i < n && e[i].a == e[m].a && e[i].b == e[m].b) {
			w += e[i].w;
			continue;
		}
		e[m].w = (float)w;
		m++;
		if (i < n) {
			e[m] = e[i];
			w = e[i].w;
		}
	}
	return m;
}

size_t insight_graph_ties(const struct insight_graph *g, struct insight_edge **out)
{
	*out = NULL;
	if (!g->n_edges)
		return 0;
	struct insight_edge *t = xmalloc(st_mult(g->n_edges, sizeof *t));
	for (size_t i = 0; i < g->n_edges; i++) {
		const struct insight_edge *e = &g->edges[i];
		t[i] = e->a < e->b ? *e : (struct insight_edge){e->b, e->a, e->w};
	}
	size_t n = insight_edges_sort_merge(t, g->n_edges, g->n), m = 0;
	for (size_t i = 0; i < n; i++)
		if (t[i].w >= INSIGHT_TIE_MIN - 1e-6)
			t[m++] = t[i];
	if (!m) {
		free(t);
		return 0;
	}
	*out = xrealloc(t, m * sizeof *t);
	return m;
}

int insight_graph_collect(struct db *db, const struct insight_options *o, const struct insight_progress *pr,
                          struct insight_graph *g)
{
	memset(g, 0, sizeof *g);
	struct collector c = {.g = g, .o = o, .recent = o->now - (int64_t)INSIGHT_ACTIVITY_DAYS * INSIGHT_DAY_SECONDS};
	int32_t *pauth = NULL, *cauth = NULL;
	int64_t max_post = 0, max_comment = 0;
	bool began = db_read_begin(db);
	int rc = PLEIN_ERROR;
	const char *phase = N_("Collecting the interactions");
	if (insight_progress_report(pr, phase, 0) || collect_people(db, &c) || insight_progress_report(pr, phase, 5) ||
	    collect_follows(db, &c) || insight_progress_report(pr, phase, 25) ||
	    collect_posts(db, &c, &pauth, &max_post) || insight_progress_report(pr, phase, 50) ||
	    collect_comments(db, &c, pauth, max_post, &cauth, &max_comment) || insight_progress_report(pr, phase, 65) ||
	    collect_by_post(db, &c, pauth, max_post, "SELECT post_id, person_id, created_at FROM reactions", INSIGHT_REACTION) ||
	    insight_progress_report(pr, phase, 80) ||
	    collect_mentions(db, &c, pauth, max_post, cauth, max_comment) ||
	    collect_by_post(db, &c, pauth, max_post, "SELECT post_id, person_id, created_at FROM praise", INSIGHT_PRAISE) ||
	    collect_by_post(db, &c, pauth, max_post, "SELECT answer_id, person_id, created_at FROM answer_helpful",
	                    INSIGHT_HELPFUL) ||
	    collect_accepted(db, &c, pauth, max_post) || insight_progress_report(pr, phase, 90))
		goto out;
	free(pauth);
	free(cauth);
	pauth = cauth = NULL;
	g->n_edges = insight_edges_sort_merge(c.raw, c.n_raw, g->n);
	g->edges = g->n_edges ? xrealloc(c.raw, g->n_edges * sizeof *g->edges) : (free(c.raw), NULL);
	c.raw = NULL;
	rc = insight_progress_report(pr, phase, 100) ? PLEIN_ERROR : PLEIN_OK;
out:
	db_read_end(db, began);
	free(pauth);
	free(cauth);
	free(c.raw);
	free(c.vix);
	free(c.anon_q);
	free(c.anon_a);
	if (rc != PLEIN_OK)
		insight_graph_free(g);
	return rc;
}

void insight_graph_free(struct insight_graph *g)
{
	for (size_t i = 0; i < g->n_depts; i++)
		free(g->dept_names[i]);
	free(g->dept_names);
	free(g->person_id);
	free(g->created_at);
	free(g->dept);
	free(g->activity);
	free(g->helpful);
	free(g->edges);
	memset(g, 0, sizeof *g);
}

int insight_graph_export(struct db *db, const struct insight_options *o, const char *path)
{
	struct insight_graph g;
	int rc = insight_graph_collect(db, o, NULL, &g);
	if (rc != PLEIN_OK)
		return rc;
	FILE *f = fopen(path, "w");
	if (!f) {
		insight_graph_free(&g);
		return PLEIN_ERROR;
	}
	fprintf(f, "# plein interaction graph: src dst weight (person ids, directed, decayed: half-life %d days)\n# weights:",
	        o->half_life_days);
	for (int k = 0; k < INSIGHT_KINDS; k++)
		fprintf(f, " %s=%g", insight_kind_names[k], insight_kind_weights[k]);
	fprintf(f, "\n# people %zu edges %zu interactions %lld\n# 'v ID': a vertex (people without ties too)\n", g.n,
	        g.n_edges, (long long)g.interactions);
	for (size_t i = 0; i < g.n; i++)
		fprintf(f, "v %lld\n", (long long)g.person_id[i]);
	for (size_t i = 0; i < g.n_edges; i++)
		fprintf(f, "%lld %lld %.6g\n", (long long)g.person_id[g.edges[i].a], (long long)g.person_id[g.edges[i].b],
		        (double)g.edges[i].w);
	rc = ferror(f) ? PLEIN_ERROR : PLEIN_OK;
	if (fclose(f) != 0)
		rc = PLEIN_ERROR;
	insight_graph_free(&g);
	return rc;
}
