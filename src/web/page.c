/* page.c — see page.h. The template set is parsed once at start and shared
 * read-only by all worker threads. */
#include "web/page.h"
#include "web/app.h"
#include "web/pages_notifications.h"
#include "core/visibility.h"
#include "core/events.h"
#include "api/api.h"
#include "core/i18n.h"
#include "core/password.h"
#include "core/people.h"
#include "http/static.h"
#include "jobs/mailer.h"
#include "lib/embedded.h"
#include "tmpl/mustache.h"
#include <ctype.h>
#include <time.h>

#define FLASH_COOKIE "plein_flash"
#define PAGE_MAX (8u << 20)

static struct tmpl_set *templates;

static const struct { const char *code, *msg; } flashes[] = {
	{ "profile", N_("Your profile has been saved.") },
	{ "managed", N_("The changes have been saved.") },
	{ "language", N_("Your language has been saved.") },
	{ "password", N_("Your password has been changed. Your other sessions were signed out.") },
	{ "session", N_("The session has been ended.") },
	{ "sessions", N_("All your other sessions have been ended.") },
	{ "signedout", N_("You have been signed out.") },
	{ "welcome", N_("Welcome to plein! Your administrator account is ready.") },
	{ "photo", N_("The photo has been saved.") },
	{ "photo_removed", N_("The photo has been removed.") },
	{ "joined", N_("Welcome to plein! Your account is ready.") },
	{ "invitation_revoked", N_("The invitation has been revoked: its link no longer works.") },
	{ "endorsed", N_("Thank you: your endorsement is saved.") },
	{ "unendorsed", N_("Your endorsement has been withdrawn.") },
	{ "posted", N_("Your post is published.") },
	{ "post_saved", N_("Your changes to the post are saved.") },
	{ "post_deleted", N_("The post has been deleted.") },
	{ "commented", N_("Your comment is published.") },
	{ "comment_deleted", N_("The comment has been deleted.") },
	{ "notifications_read", N_("All notifications are marked as read.") },
	{ "notification_settings", N_("Your notification settings have been saved.") },
	{ "notification_gone", N_("That post is no longer available.") },
	/* group files and sign-ups (web/pages_group_files.c, pages_signups.c) */
	{ "file_added", N_("The file has been added to the group.") },
	{ "file_deleted", N_("The file has been deleted.") },
	{ "signed_up", N_("You have signed up.") },
	{ "signup_withdrawn", N_("You have withdrawn your sign-up.") },
	{ "notification_group_gone", N_("That group is no longer available.") },
	{ "post_moved", N_("The post has been moved.") },
	/* groups (web/pages_groups.c, pages_group.c, pages_group_members.c) */
	{ "group_created", N_("Your group is ready. Invite colleagues from its Members tab.") },
	{ "group_saved", N_("The group's settings have been saved.") },
	{ "group_deleted", N_("The group has been deleted.") },
	{ "group_pinned", N_("The post is pinned to the top of the group.") },
	{ "group_unpinned", N_("The post is no longer pinned.") },
	{ "group_joined", N_("Welcome to the group!") },
	{ "group_left", N_("You have left the group.") },
	{ "group_requested", N_("Your request has been sent to the group's owners and moderators.") },
	{ "group_invitation_declined", N_("The invitation has been declined.") },
	{ "group_invited", N_("The invitation has been sent.") },
	{ "group_request_approved", N_("The request has been approved: they are a member now.") },
	{ "group_request_declined", N_("Done: the request or invitation is no longer waiting.") },
	{ "group_member_removed", N_("The member has been removed from the group.") },
	{ "group_role_saved", N_("The role has been changed.") },
	{ "group_page_created", N_("The page is saved.") },
	{ "group_page_saved", N_("Your changes to the page are saved.") },
	{ "group_page_restored", N_("The earlier version is the current one again.") },
	{ "group_page_deleted", N_("The page has been deleted.") },
	/* questions (web/pages_questions.c, pages_question.c) */
	{ "question_asked", N_("Your question is published.") },
	{ "answered", N_("Your answer is published.") },
	{ "answer_accepted", N_("The answer is marked as accepted.") },
	{ "answer_unaccepted", N_("The answer is no longer marked as accepted.") },
	/* saved searches and the board (web/pages_searches.c, pages_board.c) */
	{ "search_saved", N_("The search is saved. Add it to your board to follow it live.") },
	{ "search_renamed", N_("The saved search has been renamed.") },
	{ "search_deleted", N_("The saved search has been deleted.") },
	{ "column_added", N_("The column is on your board.") },
	{ "column_removed", N_("The column has been removed from your board.") },
	/* articles (web/pages_articles.c) */
	{ "article_published", N_("Your article is published.") },
	{ "article_saved", N_("Your draft is saved. Only you can see it.") },
	{ "article_scheduled", N_("Your article is scheduled: it will be published at the time you chose.") },
	{ "article_updated", N_("Your changes to the article are saved.") },
	{ "draft_deleted", N_("The draft has been deleted.") },
	/* insight (web/pages_insight.c) */
	{ "insight_queued", N_("The figures are being computed. This page shows the progress.") },
	{ "insight_busy", N_("A computation is already under way: it is shown below.") },
};

int page_init(char *err, size_t errlen)
{
	templates = tmpl_set_new();
	for (const struct embedded_file *f = embedded_templates; f->name; f++) {
		char name[128], msg[256];
		const char *dot = strstr(f->name, ".mustache");
		size_t n = dot ? (size_t)(dot - f->name) : strlen(f->name);
		if (n >= sizeof(name))
			continue;
		memcpy(name, f->name, n);
		name[n] = '\0';
		if (tmpl_set_add(templates, name, (const char *)f->data, f->len, msg, sizeof(msg))) {
			snprintf(err, errlen, "template %s: %s", f->name, msg);
			return PLEIN_ERROR;
		}
	}
	return PLEIN_OK;
}

void page_shutdown(void)
{
	tmpl_set_free(templates);
	templates = NULL;
}

static const char *translate(void *arg, const char *msgid)
{
	return i18n_gettext(arg, msgid);
}

static int render(struct request *req, const char *name, json_t *ctx, struct strbuf *out)
{
	char err[256];
	struct tmpl_opts opts = { translate, (void *)req->catalog };
	int rc = tmpl_render(templates, name, ctx, &opts, out, err, sizeof(err));
	if (rc)
		fprintf(stderr, "plein: rendering %s failed: %s (request_id=%s)\n", name, err, req->request_id);
	return rc;
}

/* Initials for the avatar: first letters of the first and last word. */
json_t *page_initials(const char *name)
{
	char buf[16];
	size_t o = 0;
	const char *first = name, *last = NULL;
	while (*first == ' ')
		first++;
	for (const char *c = first; *c; c++)
		if (*c == ' ' && c[1] && c[1] != ' ')
			last = c + 1;
	const char *words[2] = { first, last };
	for (int w = 0; w < 2; w++) {
		const unsigned char *c = (const unsigned char *)words[w];
		if (!c || !*c)
			continue;
		size_t n = *c < 0x80 ? 1 : (*c & 0xe0) == 0xc0 ? 2 : (*c & 0xf0) == 0xe0 ? 3 : 4;
		if (strnlen((const char *)c, n) < n || o + n >= sizeof(buf))
			break;
		memcpy(buf + o, c, n);
		if (n == 1)
			buf[o] = (char)toupper(c[0]); /* ASCII only: other letters stay as written */
		o += n;
	}
	buf[o] = '\0';
	return json_string(o ? buf : "?");
}

json_t *page_people_array(struct request *req, const struct people_page *page)
{
	json_t *a = json_array();
	for (size_t i = 0; i < page->n; i++)
		json_array_append_new(a, page_person_json(req, page->items[i]));
	return a;
}

json_t *page_text(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

/* "2021-09-01" → "1 September 2021" (or "1 september 2021" in Dutch);
 * anything else is shown as it is. */
static json_t *date_label(struct request *req, const char *ymd)
{
	static const char *const months[2][12] = {
		{ "January", "February", "March", "April", "May", "June", "July", "August", "September",
		  "October", "November", "December" },
		{ "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
		  "oktober", "november", "december" },
	};
	if (!ymd || strlen(ymd) != 10)
		return page_text(ymd);
	int m = atoi(ymd + 5), d = atoi(ymd + 8);
	if (m < 1 || m > 12 || d < 1)
		return page_text(ymd);
	int dutch = req->lang && strcmp(req->lang, "nl") == 0;
	return json_string(pool_printf(req->pool, "%d %s %.4s", d, months[dutch][m - 1], ymd));
}

json_t *page_person_json(struct request *req, const struct person *p)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(p->id));
	json_object_set_new(o, "name", json_string(p->name));
	json_object_set_new(o, "initials", page_initials(p->name));
	json_object_set_new(o, "avatar_hue", json_integer(p->id % 12));
	json_object_set_new(o, "photo", api_photo_urls(p->photo)); /* {"96", "512"} or null */
	json_object_set_new(o, "email", json_string(p->email));
	/* empty fields are null: in Mustache "" is truthy, and a missing key
	 * would fall through to an outer context */
	json_object_set_new(o, "title", page_text(p->title));
	json_object_set_new(o, "department", page_text(p->department));
	json_object_set_new(o, "location", page_text(p->location));
	json_object_set_new(o, "bio", page_text(p->bio));
	json_object_set_new(o, "url", json_string(pool_printf(req->pool, "/people/%lld", (long long)p->id)));
	json_object_set_new(o, "pronouns", page_text(p->pronouns));
	json_object_set_new(o, "phone", page_text(p->phone));
	json_object_set_new(o, "start_date", page_text(p->start_date));
	json_object_set_new(o, "start_date_label", date_label(req, p->start_date));
	json_object_set_new(o, "role", json_string(p->role));
	json_object_set_new(o, "is_alumni", json_boolean(strcmp(p->role, "alumni") == 0));
	/* a badge for every role but the ordinary one */
	static const struct { const char *role, *label; } badges[] = {
		{ "admin", N_("Administrator") }, { "moderator", N_("Moderator") },
		{ "communicator", N_("Communicator") },
		{ "guest", N_("Guest") }, { "alumni", N_("Alumni") },
	};
	for (size_t i = 0; i < ARRAY_LEN(badges); i++)
		if (strcmp(p->role, badges[i].role) == 0)
			json_object_set_new(o, "role_badge", json_string(T(req, badges[i].label)));
	if (strcmp(p->status, "active") != 0)
		json_object_set_new(o, "deactivated", json_true());
	if (p->manager_id) {
		json_t *m = json_object();
		json_object_set_new(m, "name", json_string(p->manager_name));
		json_object_set_new(m, "url", json_string(pool_printf(req->pool, "/people/%lld", (long long)p->manager_id)));
		json_object_set_new(o, "manager", m);
	}
	return o;
}

/* Put n where a translated message says %d; a translator's stray % cannot
 * reach printf this way. */
static const char *with_number(struct request *req, const char *msg, int n)
{
	const char *at = strstr(msg, "%d");
	if (!at)
		return msg;
	return pool_printf(req->pool, "%.*s%d%s", (int)(at - msg), msg, n, at + 2);
}

const char *page_ago(struct request *req, int64_t when)
{
	int64_t d = (int64_t)time(NULL) - when;
	if (d < 60)
		return T(req, N_("just now"));
	if (d < 3600)
		return d < 120 ? T(req, N_("1 minute ago")) : with_number(req, T(req, N_("%d minutes ago")), (int)(d / 60));
	if (d < 86400)
		return d < 7200 ? T(req, N_("1 hour ago")) : with_number(req, T(req, N_("%d hours ago")), (int)(d / 3600));
	return d < 172800 ? T(req, N_("yesterday")) : with_number(req, T(req, N_("%d days ago")), (int)(d / 86400));
}

void page_check_new_password(struct request *req, json_t *errors, const char *field, const char *confirm_field)
{
	const char *pw = form_get(&req->form, field), *again = form_get(&req->form, confirm_field);
	const char *problem = password_policy_error(pw ? pw : "");
	if (problem)
		json_object_set_new(errors, field, json_string(T(req, problem)));
	else if (!again || strcmp(pw, again) != 0)
		json_object_set_new(errors, confirm_field, json_string(T(req, N_("The two passwords are not the same."))));
}

static void layout_fields(struct request *req, json_t *ctx, const char *title)
{
	json_object_set_new(ctx, "lang", json_string(req->lang ? req->lang : "en"));
	json_object_set_new(ctx, "title", json_string(T(req, title)));
	json_object_set_new(ctx, "css_url", json_string(static_url(req->pool, "app.css")));
	json_object_set_new(ctx, "js_url", json_string(static_url(req->pool, "app.js")));
	json_object_set_new(ctx, "posts_js_url", json_string(static_url(req->pool, "posts.js")));
	json_object_set_new(ctx, "favicon_url", json_string(static_url(req->pool, "favicon.svg")));
	if (req->csrf)
		json_object_set_new(ctx, "csrf", json_string(req->csrf));
	if (req->viewer) {
		json_t *v = page_person_json(req, req->viewer);
		json_object_set_new(v, "is_admin", json_boolean(app_viewer_is_admin(req)));
		json_object_set_new(v, "can_browse", json_boolean(visibility_can_browse(req->viewer)));
		/* the Insight entry: communicators, managers and admins; "My figures" in settings: members too (issue 7) */
		enum insight_level insight = visibility_insight_level(req->viewer);
		json_object_set_new(v, "can_insight", json_boolean(insight >= INSIGHT_DEPARTMENTS));
		json_object_set_new(v, "insight_own", json_boolean(insight >= INSIGHT_OWN));
		json_object_set_new(v, "notifications", notification_badge_json(req));  /* the bell */
		json_object_set_new(ctx, "viewer", v);
		/* the newest event as the page is made: live updates start there, so
		 * nothing written between this page and its event stream is missed */
		int64_t first = 0, last = 0;
		if (events_bounds(req->db, &first, &last) == PLEIN_OK)
			json_object_set_new(ctx, "live_since", json_integer(last));
	}
	const char *flash = req_cookie(req, FLASH_COOKIE);
	for (size_t i = 0; flash && i < ARRAY_LEN(flashes); i++) {
		if (strcmp(flash, flashes[i].code) == 0) {
			json_t *f = json_object();
			json_object_set_new(f, "message", json_string(T(req, flashes[i].msg)));
			json_object_set_new(f, "is_error", json_false());
			json_object_set_new(ctx, "flash", f);
		}
	}
	if (flash)
		resp_set_cookie(req, FLASH_COOKIE, "", 0);
}

void page_render(struct request *req, int status, const char *tmpl, json_t *ctx, const char *title)
{
	struct strbuf body;
	strbuf_init(&body, PAGE_MAX);
	layout_fields(req, ctx, title);
	if (render(req, tmpl, ctx, &body))
		goto fail;
	json_object_set_new(ctx, "content", json_stringn(body.buf, body.len));
	strbuf_reset(&req->out);
	if (render(req, "layout", ctx, &req->out))
		goto fail;
	req->status = status;
	resp_header(req, "Content-Type", "text/html; charset=utf-8");
	strbuf_release(&body);
	json_decref(ctx);
	return;
fail:
	strbuf_release(&body);
	json_decref(ctx);
	resp_text(req, 500, "text/plain; charset=utf-8", "Internal error: the page could not be rendered.\n");
}

void page_render_fragment(struct request *req, const char *tmpl, json_t *ctx)
{
	strbuf_reset(&req->out);
	if (render(req, tmpl, ctx, &req->out)) {
		resp_text(req, 500, "text/plain; charset=utf-8", "Internal error.\n");
	} else {
		req->status = 200;
		resp_header(req, "Content-Type", "text/html; charset=utf-8");
	}
	json_decref(ctx);
}

void page_error(struct request *req, int status, const char *msg)
{
	const char *heading;
	switch (status) {
	case 404: heading = N_("Page not found"); break;
	case 403: heading = N_("Not allowed"); break;
	case 405: heading = N_("Not allowed"); break;
	case 413: heading = N_("Too large"); break;
	case 429: heading = N_("Too many attempts"); break;
	case 503: heading = N_("Temporarily unavailable"); break;
	default: heading = status >= 500 ? N_("Something went wrong") : N_("That did not work"); break;
	}
	if (!req->lang)
		req->lang = "en";
	json_t *ctx = json_object();
	json_object_set_new(ctx, "status", json_integer(status));
	json_object_set_new(ctx, "heading", json_string(T(req, heading)));
	json_object_set_new(ctx, "message", json_string(T(req, msg)));
	page_render(req, status, "error", ctx, heading);
}

void page_redirect(struct request *req, const char *location, const char *flash_code)
{
	if (flash_code)
		resp_set_cookie(req, FLASH_COOKIE, flash_code, 60);
	resp_redirect(req, 303, location);
}

const char *page_absolute_url(struct request *req, const char *path)
{
	const char *host = req_header(req, "Host");
	size_t n = host ? strlen(host) : 0;
	if (n == 0 || n > 255 || host[strspn(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]")])
		return path;
	return pool_printf(req->pool, "%s://%s%s", request_behind_tls ? "https" : "http", host, path);
}

const char *page_public_url(struct request *req, const char *path)
{
	const char *base = mailer_base_url();
	return base ? pool_printf(req->pool, "%s%s", base, path) : page_absolute_url(req, path);
}

struct person *page_resolve_person(struct request *req, const char *entry,
                                   bool (*ok)(struct request *req, const struct person *p), const char **msg)
{
	struct person *p = NULL;
	if (strchr(entry, '@')) {
		if (people_get_by_email(req->db, req->pool, entry, &p, NULL) != PLEIN_OK || !ok(req, p)) {
			*msg = N_("No colleague has the e-mail address %s.");
			return NULL;
		}
		return p;
	}
	struct people_page page;
	if (people_list(req->db, req->pool, entry, NULL, 20, &page) != PLEIN_OK) {
		*msg = N_("No colleague is called %s.");
		return NULL;
	}
	struct person *only = NULL;
	size_t matches = 0;
	for (size_t i = 0; i < page.n; i++) {
		if (!ok(req, page.items[i]))
			continue;
		if (strcasecmp(page.items[i]->name, entry) == 0)
			return page.items[i];
		only = page.items[i];
		matches++;
	}
	if (matches == 1)
		return only;
	*msg = matches ? N_("Several colleagues match %s: type the e-mail address.") : N_("No colleague is called %s.");
	return NULL;
}
