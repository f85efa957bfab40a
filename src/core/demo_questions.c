/* demo_questions.c — questions and answers in the demo organisation (see
 * demo.h), after the posts and the groups: about 2 % of the updates become
 * questions (a title and a question text with one #topic; a tenth of those
 * in the organisation asked anonymously), and later updates in the same
 * place (the organisation or the same group) by other people become their
 * answers — mostly soon after the question, some late, some never. Then
 * the `questions` rows (counts, last answer, time to first answer, an
 * accepted answer for about half of the answered ones), "helpful" marks
 * and colleagues asked by name. Converting posts keeps post ids in time
 * order and their comments and reactions; everything in one transaction,
 * the posts read in id chunks, every write a prepared statement. */
#include "core/demo.h"
#include "core/demo_rng.h"
#include "core/markdown.h"
#include "lib/strbuf.h"
#include <time.h>

#define HOUR 3600
#define DAY 86400
#define QUESTION_PERMILLE 20        /* of the updates */
#define ANONYMOUS_PERCENT 10        /* of the organisation's questions */
#define ANSWERS_MAX 4
#define WINDOW (21 * DAY)           /* a question collects answers this long */
#define CHUNK 100000                /* posts read at a time */
#define TOPICS_MAX 300

static const char *title_forms[] = {
	"Who knows more about %s?", "How do we handle %s in our team?", "Where do I find the latest on %s?",
	"Is there a checklist for %s?", "What is the deadline for %s this year?", "Who is the contact person for %s?",
	"Can someone explain how %s works here?", "Any tips for getting started with %s?",
	"Has anyone done %s before at this company?", "Which form do I need for %s?",
	"What changed in %s since last year?", "Is there a training on %s?",
};
static const char *question_sentences[] = {
	"I am new to this and could not find it on the intranet.",
	"We are preparing next quarter and want to get this right the first time.",
	"My manager asked me to look into it, but I do not know where to start.",
	"I found two different answers in old documents, which one is current?",
	"A customer asked me today and I would like to give a good answer.",
	"We tried it last year and ran into problems, so I am asking before we start.",
	"Is there someone I can call, or a page that explains it?",
	"Sorry if this was asked before, the search did not help me.",
};
static const char *answer_sentences[] = {
	"The page on the intranet has the current version, look under *Procedures*.",
	"Ask the team in Finance: they updated it last month.",
	"We did this last year. I can share our checklist, send me a message.",
	"There is a form for it. The deadline is the **15th** of each month.",
	"Check the wiki of our group, it is explained step by step.",
	"I had the same question. In short: start early and involve your manager.",
	"The contact person changed in January; the service desk knows who it is now.",
	"Yes, there is a training every quarter. The next one is in a few weeks.",
	"It depends on the amount. Under the limit you can just go ahead, above it you need approval.",
	"We use a shared template for this. Happy to walk you through it over coffee.",
};

struct question {
	int64_t id, author, group, created;
	int want, got;
	bool anonymous, readable;   /* readable: everyone may see it (organisation or an open group) */
	int64_t answers[ANSWERS_MAX], answer_t[ANSWERS_MAX], answer_by[ANSWERS_MAX];
};

/* The questions still collecting answers in one place (group index 0: the organisation), oldest first. */
struct open_list {
	uint32_t *q;
	size_t n, cap;
};

struct gen {
	struct db *db;
	struct pool *pl, *scratch;       /* the whole run; a few thousand conversions */
	size_t scratch_uses;
	int64_t now;
	struct question *qs;
	size_t n_qs, cap_qs;
	struct open_list *open;          /* by group id (0: the organisation) */
	int64_t max_group;
	char *group_readable;            /* by group id: open (1) or not (0) */
	int64_t *people;                 /* members who may mark and be asked */
	size_t n_people;
	int64_t *pins;                   /* pinned posts stay as they are (sorted) */
	size_t n_pins;
	int64_t topic_ids[TOPICS_MAX];
	const char *topic_names[TOPICS_MAX];
	double topic_cum[TOPICS_MAX];
	size_t n_topics;
	struct db_stmt *st_q, *st_a, *st_del_topics, *st_topic, *st_del_mentions, *st_row, *st_helpful, *st_ask;
	struct strbuf text;
	struct demo_questions_result *out;
};

static int step_done(struct db_stmt *st)
{
	int rc = db_step(st);
	db_done(st);
	return rc == DB_DONE ? PLEIN_OK : rc < 0 ? rc : PLEIN_ERROR;
}

static int64_t clamp_now(const struct gen *g, int64_t t)
{
	return t > g->now ? g->now : t;
}

static int load_ids(struct db *db, const char *sql, int64_t **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql);
	return st ? db_step_ids(st, out, n) : PLEIN_ERROR;
}

static int load(struct gen *g)
{
	if (load_ids(g->db, "SELECT id FROM people WHERE status = 'active' AND role IN ('member', 'admin', 'communicator') "
	             "ORDER BY id", &g->people, &g->n_people) ||
	    load_ids(g->db, "SELECT post_id FROM group_pins ORDER BY post_id", &g->pins, &g->n_pins))
		return PLEIN_ERROR;
	if (db_query_int(g->db, &g->max_group, "SELECT coalesce(max(id), 0) FROM groups", ""))
		return PLEIN_ERROR;
	g->open = xcalloc((size_t)g->max_group + 1, sizeof(*g->open));
	g->group_readable = xcalloc((size_t)g->max_group + 1, 1);
	g->group_readable[0] = 1;
	struct db_stmt *st = db_prepare(g->db, "SELECT id FROM groups WHERE kind = 'open' AND deleted_at IS NULL");
	if (!st)
		return PLEIN_ERROR;
	int rc;
	while ((rc = db_step(st)) == DB_ROW)
		g->group_readable[db_col_int(st, 0)] = 1;
	db_done(st);
	if (rc != DB_DONE)
		return PLEIN_ERROR;
	st = db_prepare(g->db, "SELECT id, name FROM topics ORDER BY id LIMIT ?");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, TOPICS_MAX);
	while ((rc = db_step(st)) == DB_ROW && g->n_topics < TOPICS_MAX) {
		g->topic_ids[g->n_topics] = db_col_int(st, 0);
		g->topic_names[g->n_topics++] = pool_strdup(g->pl, db_col_text(st, 1));
	}
	db_done(st);
	if (rc < 0 || !g->n_topics || !g->n_people)
		return rc < 0 ? rc : PLEIN_NOTFOUND;
	demo_zipf_table(g->topic_cum, g->n_topics);
	return PLEIN_OK;
}

static bool pinned(const struct gen *g, int64_t id)
{
	size_t lo = 0, hi = g->n_pins;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (g->pins[mid] == id)
			return true;
		if (g->pins[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/* A pool for one conversion's strings, renewed now and then so 300,000
 * conversions do not pile up. */
static struct pool *scratch(struct gen *g)
{
	if (!g->scratch || ++g->scratch_uses == 4096) {
		pool_free(g->scratch);
		g->scratch = pool_new();
		g->scratch_uses = 0;
	}
	return g->scratch;
}

static int64_t someone(const struct gen *g)
{
	return g->people[demo_pick(g->n_people)];
}

/* How many answers a question will get: 15 % none, then 1–4. */
static int answers_wanted(void)
{
	size_t r = demo_pick(100);
	return r < 15 ? 0 : r < 45 ? 1 : r < 75 ? 2 : r < 90 ? 3 : 4;
}

static int make_question(struct gen *g, int64_t id, int64_t author, int64_t group, int64_t t)
{
	if (g->n_qs == g->cap_qs) {
		g->cap_qs = g->cap_qs ? 2 * g->cap_qs : 1024;
		g->qs = xrealloc(g->qs, st_mult(g->cap_qs, sizeof(*g->qs)));
	}
	struct question *q = &g->qs[g->n_qs];
	memset(q, 0, sizeof(*q));
	q->id = id;
	q->author = author;
	q->group = group;
	q->created = t;
	q->want = answers_wanted();
	q->readable = g->group_readable[group] != 0;
	q->anonymous = !group && demo_pick(100) < ANONYMOUS_PERCENT;
	size_t k = demo_zipf(g->topic_cum, g->n_topics);
	const char *topic = g->topic_names[k];
	struct pool *p = scratch(g);
	const char *form = title_forms[demo_pick(ARRAY_LEN(title_forms))], *at = strstr(form, "%s");
	const char *title = pool_printf(p, "%.*s%s%s", (int)(at - form), form, topic, at + 2);
	strbuf_reset(&g->text);
	(void)strbuf_addf(&g->text, "%s #%s", question_sentences[demo_pick(ARRAY_LEN(question_sentences))], topic);
	const char *html = markdown_to_html_refs(p, g->text.buf, g->text.len, NULL);
	db_bind_int(g->st_q, 1, id);
	db_bind_str(g->st_q, 2, title);
	db_bind_text(g->st_q, 3, g->text.buf, g->text.len);
	db_bind_str(g->st_q, 4, html);
	db_bind_int(g->st_q, 5, q->anonymous);
	int rc = step_done(g->st_q);
	/* its topic is the one its text names; mentions of the old text go */
	db_bind_int(g->st_del_topics, 1, id);
	if (rc == PLEIN_OK)
		rc = step_done(g->st_del_topics);
	else
		db_done(g->st_del_topics);
	db_bind_int(g->st_topic, 1, g->topic_ids[k]);
	db_bind_int(g->st_topic, 2, id);
	if (rc == PLEIN_OK)
		rc = step_done(g->st_topic);
	else
		db_done(g->st_topic);
	db_bind_int(g->st_del_mentions, 1, id);
	if (rc == PLEIN_OK && (rc = step_done(g->st_del_mentions)) == PLEIN_OK)
		g->out->mentions_dropped += db_changes(g->db);
	else
		db_done(g->st_del_mentions);
	if (rc)
		return rc;
	if (q->want) {
		struct open_list *o = &g->open[group];
		if (o->n == o->cap) {
			o->cap = o->cap ? 2 * o->cap : 16;
			o->q = xrealloc(o->q, st_mult(o->cap, sizeof(*o->q)));
		}
		o->q[o->n++] = (uint32_t)g->n_qs;
	}
	g->n_qs++;
	g->out->questions++;
	g->out->anonymous += q->anonymous;
	return PLEIN_OK;
}

/* An open question in this place for a post at time t by author, or NULL:
 * mostly one of the newest (answers come soon), sometimes an older one. */
static struct question *pick_open(struct gen *g, int64_t group, int64_t t, int64_t author)
{
	struct open_list *o = &g->open[group];
	/* the list is oldest first: drop the expired and the complete from its front */
	size_t drop = 0;
	while (drop < o->n && (g->qs[o->q[drop]].created + WINDOW < t || g->qs[o->q[drop]].got >= g->qs[o->q[drop]].want))
		drop++;
	if (drop) {
		memmove(o->q, o->q + drop, (o->n - drop) * sizeof(*o->q));
		o->n -= drop;
	}
	if (!o->n)
		return NULL;
	size_t back = demo_pick(4) == 0 ? demo_pick(o->n) : demo_pick(o->n < 6 ? o->n : 6);
	struct question *q = &g->qs[o->q[o->n - 1 - back]];
	if (q->got >= q->want || q->author == author || q->created + WINDOW < t)
		return NULL;
	for (int i = 0; i < q->got; i++)
		if (q->answer_by[i] == author)
			return NULL;  /* one answer per person */
	return q;
}

static int make_answer(struct gen *g, struct question *q, int64_t id, int64_t author, int64_t t)
{
	strbuf_reset(&g->text);
	(void)strbuf_addstr(&g->text, answer_sentences[demo_pick(ARRAY_LEN(answer_sentences))]);
	const char *html = markdown_to_html_refs(scratch(g), g->text.buf, g->text.len, NULL);
	db_bind_int(g->st_a, 1, id);
	db_bind_int(g->st_a, 2, q->id);
	db_bind_text(g->st_a, 3, g->text.buf, g->text.len);
	db_bind_str(g->st_a, 4, html);
	db_bind_str(g->st_a, 5, q->group ? "group" : "organisation");
	int rc = step_done(g->st_a);
	db_bind_int(g->st_del_topics, 1, id);
	if (rc == PLEIN_OK)
		rc = step_done(g->st_del_topics);
	else
		db_done(g->st_del_topics);
	db_bind_int(g->st_del_mentions, 1, id);
	if (rc == PLEIN_OK && (rc = step_done(g->st_del_mentions)) == PLEIN_OK)
		g->out->mentions_dropped += db_changes(g->db);
	else
		db_done(g->st_del_mentions);
	if (rc)
		return rc;
	q->answers[q->got] = id;
	q->answer_t[q->got] = t;
	q->answer_by[q->got] = author;
	q->got++;
	g->out->answers++;
	return PLEIN_OK;
}

/* Walk the updates in id (= time) order, a chunk at a time; decide and
 * write conversions for each chunk before reading the next. */
static int convert(struct gen *g, void (*progress)(const char *, int64_t, int64_t))
{
	struct db_stmt *st = db_prepare(g->db,
		"SELECT id, author_id, coalesce(group_id, 0), created_at FROM posts "
		"WHERE id > ? AND kind = 'update' AND deleted_at IS NULL ORDER BY id LIMIT ?");
	if (!st)
		return PLEIN_ERROR;
	int64_t total = 0, done = 0, after = 0;
	if (db_query_int(g->db, &total, "SELECT coalesce(max(id), 0) FROM posts", ""))
		return PLEIN_ERROR;
	int64_t (*rows)[4] = xcalloc(CHUNK, sizeof(*rows));
	int rc = PLEIN_OK;
	for (;;) {
		size_t n = 0;
		db_bind_int(st, 1, after);
		db_bind_int(st, 2, CHUNK);
		int step;
		while ((step = db_step(st)) == DB_ROW && n < CHUNK) {
			for (int c = 0; c < 4; c++)
				rows[n][c] = db_col_int(st, c);
			n++;
		}
		db_done(st);
		if (step < 0) {
			rc = step;
			break;
		}
		if (!n)
			break;
		after = rows[n - 1][0];
		for (size_t i = 0; rc == PLEIN_OK && i < n; i++) {
			int64_t id = rows[i][0], author = rows[i][1], group = rows[i][2], t = rows[i][3];
			if (group < 0 || group > g->max_group || pinned(g, id))
				continue;
			/* an update becomes an answer (~3.6 %: about 1.8 per question) or a question (2 %) */
			size_t r = demo_pick(1000);
			if (r < 36) {
				struct question *q = pick_open(g, group, t, author);
				if (q) {
					rc = make_answer(g, q, id, author, t);
					continue;
				}
			}
			if (r >= 36 && r < 36 + QUESTION_PERMILLE)
				rc = make_question(g, id, author, group, t);
		}
		done = after;
		if (progress)
			progress("posts read for questions", done, total);
		if (rc || n < CHUNK)
			break;
	}
	free(rows);
	return rc;
}

/* The `questions` rows, an accepted answer for about half of the answered
 * ones, "helpful" marks on answers everyone may read, colleagues asked. */
static int finish(struct gen *g, void (*progress)(const char *, int64_t, int64_t))
{
	int rc = PLEIN_OK;
	for (size_t i = 0; rc == PLEIN_OK && i < g->n_qs; i++) {
		struct question *q = &g->qs[i];
		int64_t accepted = 0, accepted_at = 0, last = 0, first = 0;
		for (int k = 0; k < q->got; k++) {
			last = q->answers[k] > last ? q->answers[k] : last;
			first = !first || q->answer_t[k] < first ? q->answer_t[k] : first;
		}
		if (q->got && demo_pick(100) < 55) {
			int k = (int)demo_pick((size_t)q->got);
			accepted = q->answers[k];
			accepted_at = clamp_now(g, q->answer_t[k] + (int64_t)demo_pick(48) * HOUR + 600);
			g->out->accepted++;
		}
		db_bind_int(g->st_row, 1, q->id);
		if (accepted) {
			db_bind_int(g->st_row, 2, accepted);
			db_bind_int(g->st_row, 3, accepted_at);
		} else {
			db_bind_null(g->st_row, 2);
			db_bind_null(g->st_row, 3);
		}
		db_bind_int(g->st_row, 4, q->got);
		if (q->got) {
			db_bind_int(g->st_row, 5, last);
			db_bind_int(g->st_row, 6, first);
		} else {
			db_bind_null(g->st_row, 5);
			db_bind_null(g->st_row, 6);
		}
		rc = step_done(g->st_row);
		/* marks and asks only where everyone may read it: the people drawn may see it */
		for (int k = 0; rc == PLEIN_OK && q->readable && k < q->got; k++) {
			int marks = (int)demo_pick(q->answers[k] == accepted ? 7 : 4);
			for (int m = 0; rc == PLEIN_OK && m < marks; m++) {
				int64_t who = someone(g);
				if (who == q->answer_by[k])
					continue;
				db_bind_int(g->st_helpful, 1, q->answers[k]);
				db_bind_int(g->st_helpful, 2, who);
				db_bind_int(g->st_helpful, 3, clamp_now(g, q->answer_t[k] + (int64_t)demo_pick(72) * HOUR + 60));
				rc = step_done(g->st_helpful);
				g->out->helpful += rc == PLEIN_OK && db_changes(g->db) > 0;
			}
		}
		int asks = q->readable && demo_pick(5) == 0 ? 1 + (int)demo_pick(2) : 0;
		for (int k = 0; rc == PLEIN_OK && k < asks; k++) {
			int64_t who = someone(g);
			if (who == q->author)
				continue;
			db_bind_int(g->st_ask, 1, q->id);
			db_bind_int(g->st_ask, 2, who);
			db_bind_int(g->st_ask, 3, q->created);
			rc = step_done(g->st_ask);
			g->out->asked += rc == PLEIN_OK && db_changes(g->db) > 0;
		}
		if (progress && i % 10000 == 0)
			progress("questions finished", (int64_t)i, (int64_t)g->n_qs);
	}
	/* the anonymous asker's comments in their own thread are anonymous too
	 * (as comments_create makes them), or a comment would name them */
	if (rc == PLEIN_OK)
		rc = db_exec(g->db,
			"UPDATE comments SET anonymous = 1 WHERE id IN (SELECT c.id FROM posts q CROSS JOIN comments c "
			"WHERE q.kind = 'question' AND q.kind <> 'update' AND q.anonymous = 1 AND c.post_id = q.id AND c.author_id = q.author_id)", NULL);
	if (rc == PLEIN_OK)
		rc = db_exec(g->db,
			"UPDATE comments SET anonymous = 1 WHERE id IN (SELECT c.id FROM posts q CROSS JOIN posts a "
			"CROSS JOIN comments c WHERE q.kind = 'question' AND q.kind <> 'update' AND q.anonymous = 1 AND a.parent_id = q.id "
			"AND c.post_id = a.id AND c.author_id = q.author_id)", NULL);
	return rc;
}

int demo_questions(struct db *db, uint64_t seed, struct demo_questions_result *out,
                   void (*progress)(const char *what, int64_t done, int64_t total))
{
	struct gen g = { .db = db, .pl = pool_new(), .text = STRBUF_INIT, .out = out };
	memset(out, 0, sizeof(*out));
	demo_seed(seed ^ 0x7175657374ull);  /* "quest": not the posts' sequence */
	g.now = (int64_t)time(NULL);
	int rc = db_begin(db);
	if (rc)
		goto out;
	rc = load(&g);
	if (rc == PLEIN_NOTFOUND) {  /* no people or no topics: nothing to ask about */
		rc = db_commit(db);
		goto out;
	}
	if (rc)
		goto fail;
	g.st_q = db_prepare(db, "UPDATE posts SET kind = 'question', title = ?2, body = ?3, body_html = ?4, anonymous = ?5, "
	                        "visibility = CASE WHEN group_id IS NULL THEN 'organisation' ELSE visibility END WHERE id = ?1");
	g.st_a = db_prepare(db, "UPDATE posts SET kind = 'answer', parent_id = ?2, body = ?3, body_html = ?4, visibility = ?5 "
	                        "WHERE id = ?1");
	g.st_del_topics = db_prepare(db, "DELETE FROM post_topics WHERE post_id = ?");
	g.st_topic = db_prepare(db, "INSERT OR IGNORE INTO post_topics(topic_id, post_id) VALUES (?, ?)");
	g.st_del_mentions = db_prepare(db, "DELETE FROM mentions WHERE post_id = ? AND comment_id = 0");
	g.st_row = db_prepare(db, "INSERT INTO questions(post_id, accepted_id, accepted_at, answer_count, last_answer_id, "
	                          "first_answer_at) VALUES (?, ?, ?, ?, ?, ?)");
	g.st_helpful = db_prepare(db, "INSERT OR IGNORE INTO answer_helpful(answer_id, person_id, created_at) VALUES (?, ?, ?)");
	g.st_ask = db_prepare(db, "INSERT OR IGNORE INTO question_asks(question_id, person_id, created_at) VALUES (?, ?, ?)");
	if (!g.st_q || !g.st_a || !g.st_del_topics || !g.st_topic || !g.st_del_mentions || !g.st_row || !g.st_helpful ||
	    !g.st_ask) {
		rc = PLEIN_ERROR;
		goto fail;
	}
	if ((rc = convert(&g, progress)) || (rc = finish(&g, progress)) || (rc = db_commit(db)))
		goto fail;
	goto out;
fail:
	db_rollback(db);
out:
	for (int64_t i = 0; g.open && i <= g.max_group; i++)
		free(g.open[i].q);
	free(g.open);
	free(g.group_readable);
	free(g.qs);
	free(g.people);
	free(g.pins);
	strbuf_release(&g.text);
	pool_free(g.scratch);
	pool_free(g.pl);
	return rc;
}
