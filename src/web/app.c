/* app.c — the hooks around every handler: open the thread's database,
 * identify the viewer (session cookie or bearer token), pick the language,
 * derive the CSRF token and check it on every state change, enforce the
 * route's role, and turn errors into a page or a JSON body. */
#include "web/app.h"
#include "web/page.h"
#include "api/api.h"
#include "core/activity.h"
#include "core/i18n.h"
#include "core/people.h"
#include "core/secret.h"
#include "core/sessions.h"
#include "core/visibility.h"
#include "db/thread.h"
#include "http/static.h"
#include "web/handlers.h"
#include <time.h>

#define CSRF_COOKIE "plein_csrf"

const char *T(struct request *req, const char *msgid)
{
	return i18n_gettext(req->catalog, msgid);
}

bool app_viewer_is_admin(struct request *req)
{
	return visibility_is_admin(req->viewer);
}

static bool is_api(struct request *req)
{
	return (req->route && (req->route->flags & R_API)) || strncmp(req->path, "/api/", 5) == 0;
}

static bool state_changing(const char *m)
{
	return strcmp(m, "GET") != 0 && strcmp(m, "HEAD") != 0 && strcmp(m, "OPTIONS") != 0;
}

static bool content_type_is(struct request *req, const char *want)
{
	const char *ct = req_header(req, "Content-Type");
	size_t n = strlen(want);
	return ct && strncasecmp(ct, want, n) == 0 && (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

/* Who is asking: a bearer token (API only) or the session cookie. */
static void identify(struct request *req)
{
	const char *token = NULL;
	const char *auth = req_header(req, "Authorization");
	if (auth && (req->route->flags & R_API) && strncasecmp(auth, "Bearer ", 7) == 0) {
		token = auth + 7;
		req->bearer = true;
	} else {
		token = req_cookie(req, SESSION_COOKIE);
	}
	struct session *s;
	struct person *p;
	if (!token || sessions_lookup(req->db, req->pool, token, &s))
		return;
	if (people_get(req->db, req->pool, s->person_id, &p) || strcmp(p->status, "active") != 0)
		return;
	if (visibility_scope_load(req->db, req->pool, p) != PLEIN_OK)
		return;  /* without their groups we cannot answer for them: treated as signed out */
	req->session = s;
	req->viewer = p;
	/* a visit counts towards "active" (insight); written once a day per
	 * person, remembered in memory: not a write per request. A failed
	 * write is tried again by the next request, so it is not an error. */
	int visit = activity_touch(req->db, p->id, time(NULL));
	UNUSED(visit);
}

static void choose_language(struct request *req)
{
	if (req->viewer && i18n_supported(req->viewer->language))
		req->lang = req->viewer->language;
	else
		req->lang = i18n_negotiate(req_header(req, "Accept-Language"));
	req->catalog = i18n_catalog(req->lang);
}

/* The CSRF token is an HMAC of the session (or, before signing in, of a
 * random cookie): nothing to store, and useless to anyone without it. */
const char *app_csrf_token(struct pool *p, const unsigned char *session_hash)
{
	char tok[64];
	secret_token("csrf", session_hash, SESSION_HASH_LEN, tok, sizeof(tok));
	return pool_strdup(p, tok);
}

static void derive_csrf(struct request *req)
{
	char tok[64];
	if (req->session) {
		req->csrf = app_csrf_token(req->pool, req->session->token_hash);
		return;
	} else {
		const char *anon = req_cookie(req, CSRF_COOKIE);
		if (!anon || strlen(anon) != 43) {
			char fresh[64];
			random_token(32, fresh, sizeof(fresh));
			anon = pool_strdup(req->pool, fresh);
			resp_set_cookie(req, CSRF_COOKIE, anon, -1);
		}
		secret_token("csrf-anon", anon, strlen(anon), tok, sizeof(tok));
	}
	req->csrf = pool_strdup(req->pool, tok);
}

static bool csrf_valid(struct request *req, const char *given)
{
	if (!given)
		return false;
	if (req->session)
		return secret_token_check("csrf", req->session->token_hash, SESSION_HASH_LEN, given);
	const char *anon = req_cookie(req, CSRF_COOKIE);
	return anon && strlen(anon) == 43 && secret_token_check("csrf-anon", anon, strlen(anon), given);
}

static void on_error(struct request *req, int status, const char *msg);

static bool deny(struct request *req, int status, const char *msg)
{
	on_error(req, status, msg);
	return false;
}

/* Open the thread's database and find out who is asking. Done once per
 * request, by whichever hook runs first (admit for uploads, else before). */
static bool prepare(struct request *req)
{
	if (req->identified)
		return true;
	req->lang = "en";
	if (!(req->db = db_thread_get()))
		return deny(req, 503, N_("plein cannot reach its database right now. Please try again in a minute."));
	req->identified = true;
	if (req->route->handler == static_serve || req->route->handler == page_healthz)
		return true;
	identify(req);
	choose_language(req);
	derive_csrf(req);
	return true;
}

/* R_AUTH: an anonymous asker is sent to sign in (API: 401). */
static bool require_viewer(struct request *req)
{
	unsigned flags = req->route->flags;
	if (!(flags & R_AUTH) || req->viewer)
		return true;
	if (flags & R_API)
		return deny(req, 401, N_("Please sign in first."));
	int64_t n = 1;
	if (people_count(req->db, &n) == 0 && n == 0) {
		resp_redirect(req, 303, "/setup");
		return false;
	}
	struct strbuf sb = STRBUF_INIT;
	(void)strbuf_addstr(&sb, "/signin?next=");
	(void)strbuf_add_urlencoded(&sb, req->path, strlen(req->path));
	resp_redirect(req, 303, sb.buf);
	strbuf_release(&sb);
	return false;
}

static bool require_role(struct request *req)
{
	if ((req->route->flags & R_ADMIN) && !app_viewer_is_admin(req))
		return deny(req, 403, N_("Only administrators can do this."));
	if (req->route->policy == POL_BROWSE && req->viewer && !visibility_can_browse(req->viewer))
		return deny(req, 403, N_("Guests and alumni cannot browse the organisation: the directory, streams, topics and experts are for colleagues. You see your groups and their members."));
	return true;
}

static const char *const policy_names[] = { NULL, "public", "signed-in", "browse", "admin", "object" };

const char *app_policy_name(unsigned policy)
{
	return policy < ARRAY_LEN(policy_names) ? policy_names[policy] : NULL;
}

int app_routes_check(FILE *f)
{
	int bad = 0;
	for (const struct route *r = app_routes; r->method; r++) {
		const char *why = NULL;
		unsigned auth = r->flags & R_AUTH, admin = r->flags & R_ADMIN;
		if (!app_policy_name(r->policy))
			why = "no policy (add POL_* as the last field)";
		else if ((r->policy == POL_ADMIN) != (admin != 0))
			why = "POL_ADMIN goes with R_ADMIN, and only with it";
		else if (!auth && r->policy != POL_PUBLIC && r->policy != POL_OBJECT)
			why = "a route open to anonymous visitors is POL_PUBLIC or POL_OBJECT";
		else if (auth && r->policy == POL_PUBLIC)
			why = "POL_PUBLIC route needs no R_AUTH";
		if (why) {
			fprintf(f, "route %s %s: %s\n", r->method, r->pattern, why);
			bad++;
		}
	}
	return bad;
}

/* Uploads (up to max_upload) are admitted before their body is read: an
 * anonymous client or a member posting to an admin route is answered at
 * once instead of making the server buffer megabytes first. */
static bool admit(struct request *req)
{
	if (!prepare(req) || !require_viewer(req) || !require_role(req))
		return false;
	/* the API's CSRF token is a header, so it can be checked now too (a
	 * form's is in the body: checked in before) */
	if ((req->route->flags & R_API) && state_changing(req->method) && !(req->route->flags & R_NOCSRF) &&
	    !req->bearer && !csrf_valid(req, req_header(req, "X-CSRF-Token"))) {
		api_error(req, 403, "csrf", T(req, N_("Missing or invalid X-CSRF-Token header.")), NULL);
		return false;
	}
	return true;
}

static bool before(struct request *req)
{
	unsigned flags = req->route->flags;
	if (!prepare(req))
		return false;
	if (req->route->handler == static_serve || req->route->handler == page_healthz)
		return true;

	/* who first, then whether the form is genuine: an anonymous client is
	 * told to sign in, not that its form expired */
	if (!require_viewer(req))
		return false;
	/* R_FORM | R_MULTIPART: either kind of form (files are optional there) */
	bool urlencoded = content_type_is(req, "application/x-www-form-urlencoded");
	if ((flags & R_FORM) && (urlencoded || !(flags & R_MULTIPART))) {
		if (!urlencoded)
			return deny(req, 415, N_("This form must be sent as a web form."));
		int rc = form_parse(req->pool, req->body.buf, req->body.len, &req->form);
		if (rc)
			return deny(req, 400, N_("The form contains text that is not valid."));
	} else if (flags & R_MULTIPART) {
		/* parsed by http/multipart.c while the body arrived; judged here, after who is asking */
		if (req->multipart_rc == PLEIN_DENIED)
			return deny(req, 415, N_("This form must be sent as multipart/form-data."));
		if (req->multipart_rc == PLEIN_TOOBIG)
			return deny(req, 400, N_("The form has too many fields or files."));
		if (req->multipart_rc)
			return deny(req, 400, N_("The form could not be read: it is incomplete or malformed. Please try again."));
	}
	if ((flags & R_JSONBODY) && !content_type_is(req, "application/json"))
		return deny(req, 415, N_("Send the request body as JSON (Content-Type: application/json)."));

	if (state_changing(req->method) && !(flags & R_NOCSRF) && !req->bearer) {
		if ((flags & R_API) && !csrf_valid(req, req_header(req, "X-CSRF-Token"))) {
			api_error(req, 403, "csrf", T(req, N_("Missing or invalid X-CSRF-Token header.")), NULL);
			return false;
		}
		if (!(flags & R_API) && !csrf_valid(req, form_get(&req->form, "_csrf")))
			return deny(req, 403, N_("This form has expired or did not come from plein. Please go back, reload the page and try again."));
	}

	return require_role(req);
}

static const char *error_code(int status)
{
	switch (status) {
	case 400: return "bad_request";
	case 401: return "unauthenticated";
	case 403: return "forbidden";
	case 404: return "not_found";
	case 405: return "method_not_allowed";
	case 413: return "too_large";
	case 414: return "too_large";
	case 431: return "too_large";
	case 415: return "unsupported_media_type";
	case 422: return "invalid";
	case 429: return "too_many_attempts";
	case 503: return "unavailable";
	default: return "error";
	}
}

static void on_error(struct request *req, int status, const char *msg)
{
	if (!req->lang) {
		/* refused before the hooks ran (404, 405, 413…): still the reader's language */
		req->lang = i18n_negotiate(req_header(req, "Accept-Language"));
		req->catalog = i18n_catalog(req->lang);
	}
	if (is_api(req)) {
		api_error(req, status, error_code(status), T(req, msg), NULL);
	} else {
		page_error(req, status, msg);
	}
}

static void after(struct request *req)
{
	UNUSED(req);
}

const struct http_app plein_app = {
	.routes = app_routes,
	.before = before,
	.admit = admit,
	.error = on_error,
	.after = after,
};

int app_init(char *err, size_t errlen)
{
	i18n_init();
	static_init();
	return page_init(err, errlen);
}

void app_shutdown(void)
{
	page_shutdown();
	i18n_free();
}
