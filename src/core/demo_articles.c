/* demo_articles.c — the demo's articles (`plein demo`, after the posts and
 * groups): about one post in 500 (0.2 %) of the plain updates becomes an
 * article — kind 'article', a title, a longer Markdown text that keeps the
 * update's own words (so its #topics and @mentions stay true) — with its
 * `articles` row; one in five of those outside groups is public. Turning
 * existing posts into articles keeps post ids in time order (streams and
 * the blogs walk ids), and is one indexed pass plus one update per article:
 * seconds at 5,000,000 posts. One transaction. */
#include "core/demo.h"
#include "core/demo_rng.h"
#include "core/markdown.h"
#include "lib/strbuf.h"
#include <stdlib.h>

#define ARTICLE_EVERY 500

static const char *title_starts[] = {
	"What we learned from", "Five things about", "A look back at", "Why we changed", "How we approach",
	"Notes on", "Getting started with", "Behind the scenes of", "The year in", "A practical guide to",
	"Lessons from", "Rethinking",
};
static const char *title_subjects[] = {
	"our onboarding", "the new office", "customer support", "the budget cycle", "remote work", "our release process",
	"the spring campaign", "hiring", "data privacy", "the supplier review", "team rituals", "accessibility",
	"the migration", "sustainability", "our planning", "mentoring",
};
static const char *headings[] = { "Where we started", "What changed", "What we would do again", "What is next",
	"The numbers", "A few tips" };
static const char *paragraphs[] = {
	"We tried a few approaches before settling on this one, and each taught us something about how the teams work together.",
	"The biggest surprise was how much a short weekly check-in helped: fewer long meetings, more decisions.",
	"Not everything went to plan. Two weeks in we had to change the schedule, and the feedback from colleagues made the difference.",
	"If you want to try this in your own team, start small: one process, one month, and write down what you see.",
	"Thanks to everyone who helped, tested the first version and told us honestly what did not work.",
	"We measured before and after. The results are in the shared folder; the short version is that it was worth it.",
	"Questions are welcome in the comments: we will answer every one of them.",
};

#define PICK(a) a[demo_pick(sizeof(a) / sizeof(*(a)))]

int demo_articles(struct db *db, uint64_t seed, int64_t *made)
{
	*made = 0;
	demo_seed(seed ^ 0x61727469636c65ull);  /* "article" */
	struct db_stmt *pick = db_prepare(db, "SELECT id FROM posts WHERE kind = 'update' AND deleted_at IS NULL "
	                                      "AND anonymous = 0 AND id % ? = 7 ORDER BY id");
	if (!pick)
		return PLEIN_ERROR;
	db_bind_int(pick, 1, ARTICLE_EVERY);
	int64_t *ids = NULL;
	size_t n = 0;
	int rc = db_step_ids(pick, &ids, &n);
	if (rc)
		return rc;
	if ((rc = db_begin(db))) {
		free(ids);
		return rc;
	}
	struct db_stmt *read = db_prepare(db, "SELECT body, group_id IS NULL, created_at FROM posts WHERE id = ?");
	struct db_stmt *upd = db_prepare(db, "UPDATE posts SET kind = 'article', title = ?, body = ?, body_html = ?, "
	                                     "visibility = ? WHERE id = ?");
	struct db_stmt *ins = db_prepare(db, "INSERT INTO articles(post_id, published_at) VALUES (?, ?)");
	struct strbuf text = STRBUF_INIT, title = STRBUF_INIT;
	if (!read || !upd || !ins)
		rc = PLEIN_ERROR;
	for (size_t i = 0; i < n && rc == PLEIN_OK; i++) {
		db_bind_int(read, 1, ids[i]);
		if (db_step(read) != DB_ROW) {
			db_done(read);
			continue;
		}
		strbuf_reset(&text);
		strbuf_reset(&title);
		bool outside = db_col_int(read, 1) != 0;
		int64_t created = db_col_int(read, 2);
		(void)strbuf_addf(&title, "%s %s", PICK(title_starts), PICK(title_subjects));
		(void)strbuf_addstr(&text, db_col_text(read, 0));  /* the update's words: its topics and mentions stay true */
		db_done(read);
		for (int s = 0, sections = 2 + (int)demo_pick(3); s < sections; s++) {
			(void)strbuf_addf(&text, "\n\n## %s\n\n%s", PICK(headings), PICK(paragraphs));
			for (int k = 0, more = (int)demo_pick(3); k < more; k++)
				(void)strbuf_addf(&text, " %s", PICK(paragraphs));
		}
		struct pool *p = pool_new();
		const char *html = markdown_to_html(p, text.buf, text.len);
		const char *vis = outside ? (demo_pick(5) == 0 ? "public" : "organisation") : "group";
		db_bind_str(upd, 1, title.buf);
		db_bind_str(upd, 2, text.buf);
		db_bind_str(upd, 3, html ? html : "");
		db_bind_str(upd, 4, vis);
		db_bind_int(upd, 5, ids[i]);
		db_bind_int(ins, 1, ids[i]);
		db_bind_int(ins, 2, created);
		if (!html || db_step(upd) != DB_DONE || db_step(ins) != DB_DONE)
			rc = PLEIN_ERROR;
		db_done(upd);
		db_done(ins);
		pool_free(p);
		if (rc == PLEIN_OK)
			(*made)++;
	}
	strbuf_release(&text);
	strbuf_release(&title);
	free(ids);
	if (rc == PLEIN_OK)
		rc = db_commit(db);
	if (rc)
		db_rollback(db);
	return rc;
}
