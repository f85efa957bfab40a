/* search_params.c — see search_params.h. Only the shape of each value is
 * checked here (numbers, dates, kind names, lengths); search_run judges
 * the query text and the cursor. */
#include "web/search_params.h"
#include "core/group_pages.h"
#include "core/i18n.h"
#include "core/markdown.h"
#include "core/textnorm.h"
#include "lib/utf8.h"
#include <time.h>

static bool id_param(const char *s, int64_t *out)
{
	*out = 0;
	if (!s || !*s)
		return true;
	if (strlen(s) > 18)
		return false;
	for (const char *c = s; *c; c++)
		if (*c < '0' || *c > '9')
			return false;
	*out = strtoll(s, NULL, 10);
	return *out > 0;
}

/* YYYY-MM-DD at 00:00 UTC; next: the day after (an inclusive end). */
static bool date_param(const char *s, bool next, int64_t *out)
{
	*out = 0;
	if (!s || !*s)
		return true;
	if (!group_pages_date_valid(s, strlen(s)))
		return false;
	struct tm tm = { .tm_year = atoi(s) - 1900, .tm_mon = atoi(s + 5) - 1, .tm_mday = atoi(s + 8) };
	time_t t = timegm(&tm);
	if (t == (time_t)-1 || t < 0)
		return false;
	*out = (int64_t)t + (next ? 86400 : 0);
	return true;
}

int search_params_read(struct request *req, int def, struct search_query *q, const char **field, const char **msg)
{
	memset(q, 0, sizeof(*q));
	q->q = req_query(req, "q");
	q->cursor = req_query(req, "cursor");
	q->topic = req_query(req, "topic");
	if (q->topic && !*q->topic)
		q->topic = NULL;
	const char *limit = req_query(req, "limit");
	q->limit = def;
	if (limit && *limit) {
		int64_t v;
		if (!id_param(limit, &v) || v > SEARCH_PAGE_MAX) {
			*field = "limit";
			*msg = N_("limit must be a number from 1 to 50.");
			return PLEIN_INVALID;
		}
		q->limit = (int)v;
	}
	if (q->q && (strlen(q->q) > SEARCH_QUERY_MAX * 4 || utf8_length(q->q, strlen(q->q)) > SEARCH_QUERY_MAX)) {
		*field = "q";
		*msg = N_("The search text can be at most 200 characters.");
		return PLEIN_INVALID;
	}
	if (search_kinds_parse(req_query(req, "kind"), &q->kinds) != PLEIN_OK) {
		*field = "kind";
		*msg = N_("kind must be one or more of person, post, comment, question, answer, article, group, topic, group_page, "
		         "group_file.");
		return PLEIN_INVALID;
	}
	if (!id_param(req_query(req, "group"), &q->group_id)) {
		*field = "group";
		*msg = N_("group must be a group's id.");
		return PLEIN_INVALID;
	}
	if (!id_param(req_query(req, "author"), &q->author_id)) {
		*field = "author";
		*msg = N_("author must be a person's id.");
		return PLEIN_INVALID;
	}
	if (!date_param(req_query(req, "since"), false, &q->since)) {
		*field = "since";
		*msg = N_("Dates are written YYYY-MM-DD.");
		return PLEIN_INVALID;
	}
	if (!date_param(req_query(req, "until"), true, &q->until)) {
		*field = "until";
		*msg = N_("Dates are written YYYY-MM-DD.");
		return PLEIN_INVALID;
	}
	char key[TEXTNORM_WORD_MAX + 1];
	if (q->topic && (strlen(q->topic) > 256 || !markdown_topic_key(q->topic, strlen(q->topic), key, sizeof(key)))) {
		*field = "topic";
		*msg = N_("There is no such topic.");
		return PLEIN_INVALID;
	}
	return PLEIN_OK;
}
