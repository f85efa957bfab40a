/* pages_auth.c — sign-in, sign-out, and the first-run page that creates the
 * first administrator while nobody exists yet. */
#include "web/page.h"
#include "web/app.h"
#include "web/handlers.h"
#include "core/audit.h"
#include "core/auth.h"
#include "core/i18n.h"
#include "core/password.h"
#include "core/people.h"

/* Only local paths: "/x" but not "//host" or "/\host" (open redirects). */
static const char *safe_next(const char *next)
{
	if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' || strpbrk(next, "\r\n"))
		return "/";
	return next;
}

static bool nobody_yet(struct request *req)
{
	int64_t n = 1;
	return people_count(req->db, &n) == 0 && n == 0;
}

static void signin_page(struct request *req, int status, const char *email, const char *error)
{
	json_t *ctx = json_object();
	json_object_set_new(ctx, "email", page_text(email));
	json_object_set_new(ctx, "next", json_string(safe_next(req_query(req, "next") ? req_query(req, "next")
	                                                                              : form_get(&req->form, "next"))));
	if (error)
		json_object_set_new(ctx, "error", json_string(T(req, error)));
	page_render(req, status, "signin", ctx, N_("Sign in"));
}

void page_signin_form(struct request *req)
{
	if (nobody_yet(req)) {
		resp_redirect(req, 303, "/setup");
		return;
	}
	if (req->viewer) {
		resp_redirect(req, 303, safe_next(req_query(req, "next")));
		return;
	}
	signin_page(req, 200, NULL, NULL);
}

void page_signin(struct request *req)
{
	const char *email = form_get(&req->form, "email"), *password = form_get(&req->form, "password");
	if (!email || !password || !*email || !*password || strlen(email) > 254 || strlen(password) > 1024) {
		signin_page(req, 422, email, N_("Please enter your e-mail address and password."));
		return;
	}
	struct sign_in s;
	int rc = auth_sign_in(req->db, req->pool, email, password, req->client_addr, req_header(req, "User-Agent"), &s);
	if (rc == PLEIN_TOOBIG) {
		resp_header(req, "Retry-After", pool_printf(req->pool, "%u", s.retry_after));
		signin_page(req, 429, email, N_("Too many sign-in attempts. Please wait a few minutes and try again."));
		return;
	}
	if (rc == PLEIN_DENIED) {
		signin_page(req, 401, email, N_("The e-mail address or password is incorrect."));
		return;
	}
	if (rc) {
		signin_page(req, 503, email, N_("Signing in is not possible right now. Please try again."));
		return;
	}
	resp_set_cookie(req, SESSION_COOKIE, s.token, -1);
	resp_redirect(req, 303, safe_next(form_get(&req->form, "next")));
}

void page_signout(struct request *req)
{
	if (sessions_end(req->db, req->session->id) == 0)
		audit_log(req->db, req->viewer->id, "sign_out", req->viewer->email, req->client_addr);
	resp_set_cookie(req, SESSION_COOKIE, "", 0);
	page_redirect(req, "/signin", "signedout");
}

static void setup_page(struct request *req, int status, json_t *errors, const char *error)
{
	json_t *ctx = json_object();
	json_object_set_new(ctx, "name", page_text(form_get(&req->form, "name")));
	json_object_set_new(ctx, "email", page_text(form_get(&req->form, "email")));
	json_object_set_new(ctx, "errors", errors ? errors : json_object());
	if (error)
		json_object_set_new(ctx, "error", json_string(T(req, error)));
	page_render(req, status, "setup", ctx, N_("Welcome to plein"));
}

void page_setup_form(struct request *req)
{
	if (!nobody_yet(req)) {
		resp_redirect(req, 303, "/signin");
		return;
	}
	setup_page(req, 200, NULL, NULL);
}

void page_setup(struct request *req)
{
	const char *email = form_get(&req->form, "email"), *pw = form_get(&req->form, "password"), *field, *msg;
	struct person_fields f = { .name = form_get(&req->form, "name") };
	if (!nobody_yet(req)) {
		page_error(req, 403, N_("plein has been set up already. Please sign in."));
		return;
	}
	json_t *errors = json_object();
	if (!f.name)
		f.name = "";
	if (people_validate(req->pool, &f, &field, &msg))
		json_object_set_new(errors, "name", json_string(T(req, msg)));
	if (!email || people_email_error(email))
		json_object_set_new(errors, "email", json_string(T(req, people_email_error(email ? email : ""))));
	page_check_new_password(req, errors, "password", "password_confirm");
	if (json_object_size(errors)) {
		setup_page(req, 422, errors, N_("Please correct the fields marked below."));
		return;
	}
	json_decref(errors);
	char hash[PASSWORD_HASH_MAX];
	int64_t id;
	if (password_hash(pw, hash))
		goto fail;
	/* the count is checked again inside the transaction: two first-run forms
	 * submitted at once must not create two administrators */
	if (db_begin(req->db))
		goto fail;
	int64_t n = 1;
	if (people_count(req->db, &n) || n != 0) {
		db_rollback(req->db);
		page_error(req, 403, N_("plein has been set up already. Please sign in."));
		return;
	}
	if (people_create(req->db, email, f.name, "admin", hash, &id) || db_commit(req->db)) {
		db_rollback(req->db);
		goto fail;
	}
	audit_log(req->db, id, "setup_admin_created", email, req->client_addr);
	struct sign_in s;
	if (auth_sign_in(req->db, req->pool, email, pw, req->client_addr, req_header(req, "User-Agent"), &s))
		goto fail;
	resp_set_cookie(req, SESSION_COOKIE, s.token, -1);
	page_redirect(req, "/", "welcome");
	return;
fail:
	setup_page(req, 503, NULL, N_("The account could not be created. Please try again."));
}

void page_healthz(struct request *req)
{
	if (db_ping(req->db))
		resp_text(req, 503, "text/plain; charset=utf-8", "unavailable\n");
	else
		resp_text(req, 200, "text/plain; charset=utf-8", "ok");
}
