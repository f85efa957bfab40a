/* pages_signups.c — sign-ups on the web: the Sign up and Withdraw buttons
 * of a post (forms, no JavaScript needed), the author's CSV download, and
 * reading the composer's sign-up fields. The rules are core/signups.c's and
 * visibility.c's; a post the viewer may not see is a 404 here as anywhere. */
#include "web/page.h"
#include "web/app.h"
#include "web/handlers.h"
#include "web/signup_view.h"
#include "core/i18n.h"
#include "core/posts.h"
#include "core/signups.h"
#include "core/visibility.h"
#include <time.h>

#define CSV_MAX ((size_t)16 << 20)  /* 100,000 people with long names fit */

int signup_view_form(struct request *req, struct post_input *in, const char **msg)
{
	*msg = NULL;
	const char *on = form_get(&req->form, "signup");
	if (!on || !*on || strcmp(on, "0") == 0)
		return PLEIN_OK;
	const char *cap = form_get(&req->form, "signup_cap"), *deadline = form_get(&req->form, "signup_deadline");
	in->signup = true;
	if (signups_parse_cap(cap, cap ? strlen(cap) : 0, &in->signup_cap) != PLEIN_OK) {
		*msg = N_("The number of places must be a whole number from 1 to 100,000, or empty for no limit.");
		return PLEIN_INVALID;
	}
	in->signup_deadline = 0;
	if (deadline && *deadline && signups_parse_deadline(deadline, strlen(deadline), &in->signup_deadline) != PLEIN_OK) {
		*msg = N_("Enter the closing date like 2025-03-31.");
		return PLEIN_INVALID;
	}
	if ((*msg = signups_input_error(in->signup_cap, in->signup_deadline, (int64_t)time(NULL))))
		return PLEIN_INVALID;
	return PLEIN_OK;
}

/* The post of {id} if the viewer may see it; else the 404 page was sent. */
static struct post *load_post(struct request *req)
{
	int64_t id = req_param_id(req, "id");
	struct post *post = NULL;
	int rc = id ? posts_get(req->db, req->pool, id, &post) : PLEIN_NOTFOUND;
	if (rc == PLEIN_NOTFOUND || (rc == PLEIN_OK && !visibility_can_see_post(req->viewer, post))) {
		page_error(req, 404, N_("There is no such post, or it is not shared with you."));
		return NULL;
	}
	if (rc) {
		page_error(req, 503, N_("plein cannot reach its database right now. Please try again in a minute."));
		return NULL;
	}
	return post;
}

static void change(struct request *req, bool join)
{
	struct post *post = load_post(req);
	if (!post)
		return;
	const char *msg = NULL;
	int64_t now = (int64_t)time(NULL);
	int rc = join ? signups_join(req->db, req->viewer, post, now, &msg)
	              : signups_withdraw(req->db, req->viewer, post, now, &msg);
	switch (rc) {
	case PLEIN_OK:
		page_redirect(req, pool_printf(req->pool, "/posts/%lld", (long long)post->id),
		              join ? "signed_up" : "signup_withdrawn");
		return;
	case PLEIN_DENIED: page_error(req, 403, msg); return;
	case PLEIN_NOTFOUND: page_error(req, 404, msg); return;
	case PLEIN_CONFLICT: page_error(req, 409, msg); return;   /* every place taken */
	case PLEIN_INVALID: page_error(req, 422, msg); return;    /* closed */
	default:
		page_error(req, 503, N_("plein cannot reach its database right now. Please try again in a minute."));
	}
}

void page_signup_join(struct request *req)
{
	change(req, true);
}

void page_signup_withdraw(struct request *req)
{
	change(req, false);
}

void page_signup_csv(struct request *req)
{
	struct post *post = load_post(req);
	if (!post)
		return;
	struct signup s;
	int rc = signups_get(req->db, post->id, 0, (int64_t)time(NULL), &s);
	if (rc == PLEIN_NOTFOUND) {
		page_error(req, 404, N_("This post does not ask people to sign up."));
		return;
	}
	if (!signups_may_list(req->viewer, post)) {
		page_error(req, 403, N_("Only the author of the post can download the list."));
		return;
	}
	struct signup_entry *e;
	size_t n;
	if (rc || signups_list(req->db, req->pool, post->id, &e, &n)) {
		page_error(req, 503, N_("plein cannot reach its database right now. Please try again in a minute."));
		return;
	}
	const char *header[3] = { T(req, N_("Name")), T(req, N_("E-mail")), T(req, N_("Signed up (UTC)")) };
	struct strbuf csv;
	strbuf_init(&csv, CSV_MAX);
	if (signups_csv(e, n, header, &csv) != PLEIN_OK) {
		strbuf_release(&csv);
		page_error(req, 413, N_("The list is too long to download."));
		return;
	}
	strbuf_reset(&req->out);
	(void)strbuf_add(&req->out, csv.buf, csv.len);
	strbuf_release(&csv);
	req->status = 200;
	resp_header(req, "Content-Type", "text/csv; charset=utf-8");
	resp_header(req, "Content-Disposition",
	            pool_printf(req->pool, "attachment; filename=\"signups-post-%lld.csv\"", (long long)post->id));
	resp_header(req, "Cache-Control", "no-store");  /* names and e-mail addresses: never kept by a cache */
}
