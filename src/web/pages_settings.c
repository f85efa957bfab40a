/* pages_settings.c — a person's own settings: language, password, and the
 * list of their signed-in sessions (to end any of them). */
#include "web/page.h"
#include "web/app.h"
#include "web/handlers.h"
#include "web/pages_notifications.h"
#include "core/audit.h"
#include "core/auth.h"
#include "core/i18n.h"
#include "core/password.h"
#include "core/sessions.h"

/* "Firefox on Linux" from a User-Agent; good enough to recognise a device. */
static const char *describe_device(struct request *req, const char *ua)
{
	static const struct { const char *needle, *name; } browsers[] = {
		{ "Edg/", "Edge" }, { "OPR/", "Opera" }, { "Firefox/", "Firefox" }, { "Chromium/", "Chromium" },
		{ "Chrome/", "Chrome" }, { "Safari/", "Safari" }, { "curl/", "curl" }, { "node", "Node.js" },
	};
	static const struct { const char *needle, *name; } systems[] = {
		{ "Android", "Android" }, { "iPhone", "iPhone" }, { "iPad", "iPad" }, { "Windows", "Windows" },
		{ "Mac OS X", "macOS" }, { "CrOS", "ChromeOS" }, { "Linux", "Linux" },
	};
	const char *b = NULL, *s = NULL;
	for (size_t i = 0; i < ARRAY_LEN(browsers) && !b; i++)
		if (strstr(ua, browsers[i].needle))
			b = browsers[i].name;
	for (size_t i = 0; i < ARRAY_LEN(systems) && !s; i++)
		if (strstr(ua, systems[i].needle))
			s = systems[i].name;
	if (b && s)
		return pool_printf(req->pool, "%s · %s", b, s);
	if (b || s)
		return b ? b : s;
	return T(req, N_("Unknown device"));
}

static void settings_page(struct request *req, int status, json_t *password_errors, const char *password_error)
{
	struct session *list;
	size_t n = 0;
	if (sessions_list(req->db, req->pool, req->viewer->id, &list, &n)) {
		page_error(req, 503, N_("plein cannot reach its database right now. Please try again in a minute."));
		json_decref(password_errors);
		return;
	}
	json_t *ctx = json_object(), *langs = json_array(), *sessions = json_array();
	const char *mine = req->viewer->language ? req->viewer->language : "";
	static const struct { const char *code, *label; } options[] = {
		{ "", N_("Browser default") }, { "en", "English" }, { "nl", "Nederlands" },
	};
	for (size_t i = 0; i < ARRAY_LEN(options); i++)
		json_array_append_new(langs, json_pack("{s:s, s:s, s:b}", "code", options[i].code, "label",
		                                       T(req, options[i].label), "selected", strcmp(mine, options[i].code) == 0));
	for (size_t i = 0; i < n; i++) {
		bool current = list[i].id == req->session->id;
		json_array_append_new(sessions, json_pack("{s:I, s:s, s:s, s:s, s:b, s:s}",
			"id", (json_int_t)list[i].id, "device", describe_device(req, list[i].user_agent),
			"created", page_ago(req, list[i].created_at), "last_seen", page_ago(req, list[i].last_seen_at),
			"current", current,
			"end_url", pool_printf(req->pool, "/settings/sessions/%lld/end", (long long)list[i].id)));
	}
	json_object_set_new(ctx, "languages", langs);
	json_object_set_new(ctx, "sessions", sessions);
	json_object_set_new(ctx, "others_count", n > 1 ? json_integer((json_int_t)n - 1) : json_false());
	json_object_set_new(ctx, "end_others_url", json_string("/settings/sessions/end-others"));
	json_object_set_new(ctx, "password_errors", password_errors ? password_errors : json_object());
	if (password_error)
		json_object_set_new(ctx, "password_error", json_string(T(req, password_error)));
	json_object_set_new(ctx, "nav_settings", json_true());
	json_object_set_new(ctx, "notification_settings", notification_settings_json(req));  /* NULL: section empty */
	page_render(req, status, "settings", ctx, N_("Settings"));
}

void page_settings(struct request *req)
{
	settings_page(req, 200, NULL, NULL);
}

void page_settings_language(struct request *req)
{
	const char *lang = form_get(&req->form, "language");
	if (!lang || (*lang && !i18n_supported(lang))) {
		page_error(req, 422, N_("Please choose one of the languages offered."));
		return;
	}
	if (people_set_language(req->db, req->viewer->id, *lang ? lang : NULL)) {
		page_error(req, 503, N_("Your language could not be saved. Please try again."));
		return;
	}
	page_redirect(req, "/settings", "language");
}

void page_settings_password(struct request *req)
{
	const char *cur = form_get(&req->form, "current_password"), *pw = form_get(&req->form, "new_password");
	json_t *errors = json_object();
	if (!cur || !*cur)
		json_object_set_new(errors, "current_password", json_string(T(req, N_("Please enter your current password."))));
	page_check_new_password(req, errors, "new_password", "new_password_confirm");
	if (json_object_size(errors)) {
		settings_page(req, 422, errors, N_("Your password was not changed."));
		return;
	}
	int rc = auth_check_password(req->db, req->pool, req->viewer, cur, req->client_addr);
	if (rc == PLEIN_TOOBIG) {
		settings_page(req, 429, errors, N_("Too many attempts. Please wait a few minutes and try again."));
		return;
	}
	if (rc) {
		json_object_set_new(errors, "current_password", json_string(T(req, N_("This is not your current password."))));
		settings_page(req, 422, errors, N_("Your password was not changed."));
		return;
	}
	json_decref(errors);
	char hash[PASSWORD_HASH_MAX];
	if (password_hash(pw, hash) || db_begin(req->db))
		goto fail;
	if (people_set_password(req->db, req->viewer->id, hash) ||
	    sessions_end_others(req->db, req->viewer->id, req->session->id) || db_commit(req->db)) {
		db_rollback(req->db);
		goto fail;
	}
	audit_log(req->db, req->viewer->id, "password_changed", req->viewer->email, req->client_addr);
	page_redirect(req, "/settings", "password");
	return;
fail:
	page_error(req, 503, N_("Your password could not be changed. Please try again."));
}

void page_settings_session_end(struct request *req)
{
	int64_t id = req_param_id(req, "id");
	int rc = id ? sessions_end_own(req->db, req->viewer->id, id) : PLEIN_NOTFOUND;
	if (rc == PLEIN_NOTFOUND) {
		page_error(req, 404, N_("There is no such session."));
		return;
	}
	if (rc) {
		page_error(req, 503, N_("The session could not be ended. Please try again."));
		return;
	}
	audit_log(req->db, req->viewer->id, "session_end", "", req->client_addr);
	if (id == req->session->id) {
		resp_set_cookie(req, SESSION_COOKIE, "", 0);
		page_redirect(req, "/signin", "signedout");
		return;
	}
	page_redirect(req, "/settings", "session");
}

void page_settings_sessions_end_others(struct request *req)
{
	if (sessions_end_others(req->db, req->viewer->id, req->session->id)) {
		page_error(req, 503, N_("The sessions could not be ended. Please try again."));
		return;
	}
	audit_log(req->db, req->viewer->id, "sessions_end_others", "", req->client_addr);
	page_redirect(req, "/settings", "sessions");
}
