/* pages_announcements.c — /announcements/new (administrators and
 * communicators: text and an optional last day) and the Dismiss button of
 * the home page's announcements (POST /announcements/{id}/dismiss). */
#include "web/page.h"
#include "web/app.h"
#include "web/handlers.h"
#include "core/announcements.h"
#include "core/i18n.h"
#include "core/visibility.h"
#include <time.h>

static void form_page(struct request *req, int status, const char *text, const char *expires, json_t *errors)
{
	json_t *ctx = json_object();
	json_object_set_new(ctx, "text", page_text(text));
	json_object_set_new(ctx, "expires", page_text(expires));
	time_t t = time(NULL) + 86400;
	struct tm tm;
	localtime_r(&t, &tm);
	json_object_set_new(ctx, "min_date", json_string(pool_printf(req->pool, "%04d-%02d-%02d", tm.tm_year + 1900,
		tm.tm_mon + 1, tm.tm_mday)));
	if (errors && json_object_size(errors))
		json_object_set_new(errors, "any", json_true());
	json_object_set_new(ctx, "errors", errors ? errors : json_object());
	json_object_set_new(ctx, "nav_home", json_true());
	page_render(req, status, "announcement_new", ctx, N_("New announcement"));
}

void page_announcement_form(struct request *req)
{
	if (!visibility_can_announce(req->viewer)) {
		page_error(req, 403, N_("Only administrators and communicators post announcements."));
		return;
	}
	form_page(req, 200, NULL, NULL, NULL);
}

/* "YYYY-MM-DD" → the last second of that day, local time; 0 if not a date. */
static int64_t end_of_day(const char *s)
{
	int y, m, d;
	char extra;
	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &extra) != 3 || y < 1970 || y > 9999 ||
	    m < 1 || m > 12 || d < 1 || d > 31)
		return 0;
	struct tm tm = { .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = 23, .tm_min = 59,
	                 .tm_sec = 59, .tm_isdst = -1 };
	time_t t = mktime(&tm);
	if (t == (time_t)-1 || tm.tm_mday != d)  /* 31 February became 3 March */
		return 0;
	return (int64_t)t;
}

void page_announcement_create(struct request *req)
{
	if (!visibility_can_announce(req->viewer)) {
		page_error(req, 403, N_("Only administrators and communicators post announcements."));
		return;
	}
	const char *text = form_get(&req->form, "text"), *expires = form_get(&req->form, "expires");
	json_t *errors = json_object();
	struct post_input in = { .text = text ? text : "", .kind = "announcement" };
	const char *msg = posts_text_error(in.text, POST_TEXT_MAX);
	if (msg)
		json_object_set_new(errors, "text", json_string(T(req, *in.text ? msg : N_("Write the announcement."))));
	if (expires && *expires) {
		in.expires_at = end_of_day(expires);
		if (!in.expires_at)
			json_object_set_new(errors, "expires", json_string(T(req, N_("Enter a date like 2025-03-31."))));
		else if (in.expires_at <= (int64_t)time(NULL))
			json_object_set_new(errors, "expires", json_string(T(req, N_("The expiry date must be in the future."))));
	}
	if (json_object_size(errors)) {
		form_page(req, 422, text, expires, errors);
		return;
	}
	int64_t id;
	int rc = posts_create(req->db, req->pool, req->viewer, &in, &id, &msg);
	if (rc == PLEIN_INVALID) {
		json_object_set_new(errors, "text", json_string(T(req, msg)));
		form_page(req, 422, text, expires, errors);
		return;
	}
	json_decref(errors);
	if (rc) {
		page_error(req, 503, N_("The announcement could not be saved. Please try again."));
		return;
	}
	page_redirect(req, "/", NULL);
}

void page_announcement_dismiss(struct request *req)
{
	int64_t id = req_param_id(req, "id");
	struct post *post = NULL;
	int rc = id ? posts_get(req->db, req->pool, id, &post) : PLEIN_NOTFOUND;
	if (rc == PLEIN_NOTFOUND || (rc == PLEIN_OK && (strcmp(post->kind, "announcement") != 0 ||
	                                                 !visibility_can_see_post(req->viewer, post)))) {
		page_error(req, 404, N_("This announcement does not exist."));
		return;
	}
	if (rc || announcements_dismiss(req->db, id, req->viewer->id, (int64_t)time(NULL))) {
		page_error(req, 503, N_("plein cannot reach its database right now. Please try again in a minute."));
		return;
	}
	page_redirect(req, "/", NULL);
}
