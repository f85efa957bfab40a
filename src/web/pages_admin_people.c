/* pages_admin_people.c — /admin/people, for administrators: invite people
 * (sent by e-mail when [mail] is set, else the links are shown once), list
 * pending invitations with how their e-mail went, revoke them (with a
 * confirmation page, no script needed), and import people from a CSV
 * upload (core/import.h). */
#include "web/page.h"
#include "web/app.h"
#include "web/handlers.h"
#include "core/audit.h"
#include "core/i18n.h"
#include "core/import.h"
#include "core/invitations.h"
#include "core/outbox.h"
#include "core/people.h"
#include "jobs/mailer.h"
#include <sodium.h>
#include <time.h>

#define INVITE_TEXT_MAX 60000
#define PENDING_PAGE 50

static const struct { const char *value, *label; } roles[] = {
	{ "member", N_("Member") }, { "moderator", N_("Moderator") }, { "communicator", N_("Communicator") },
	{ "admin", N_("Administrator") },
	{ "guest", N_("Guest") }, { "alumni", N_("Alumni") },
};

static const char *role_label(struct request *req, const char *role)
{
	for (size_t i = 0; i < ARRAY_LEN(roles); i++)
		if (strcmp(role, roles[i].value) == 0)
			return T(req, roles[i].label);
	return role;
}

/* "2026-11-30" (UTC): the day an invitation ends, in a form every language reads */
static const char *day_of(struct request *req, int64_t when)
{
	char buf[16];
	time_t t = (time_t)when;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%d", &tm);
	return pool_strdup(req->pool, buf);
}

/* How the invitation's e-mail went, for the pending list: nothing when it
 * was never mailed (its link was shown), else queued, retrying, sent or
 * failed with the reason (ours translated; a mail server's as it said it). */
static void add_delivery(struct request *req, json_t *o, int64_t invitation_id)
{
	struct outbox_row *row;
	if (outbox_find(req->db, req->pool, OUTBOX_KIND_INVITATION, invitation_id, &row))
		return;
	const char *reason = *row->last_error ? T(req, row->last_error) : NULL;
	if (row->state == OUTBOX_SENT)
		json_object_set_new(o, "mail_sent", json_true());
	else if (row->state == OUTBOX_FAILED)
		json_object_set_new(o, "mail_failed", json_string(reason ? reason : T(req, N_("The e-mail could not be sent."))));
	else if (reason)
		json_object_set_new(o, "mail_retrying", json_string(reason));
	else
		json_object_set_new(o, "mail_queued", json_true());
}

/* The hub: ctx carries what the last action left to show (new links,
 * invitation problems, an import report); the rest is filled here. */
static void hub_page(struct request *req, int status, json_t *ctx)
{
	const char *before_s = req_query(req, "before");
	int64_t before = before_s ? strtoll(before_s, NULL, 10) : 0;
	struct invitation *list;
	size_t n;
	bool more;
	if (invitations_list_pending(req->db, req->pool, before > 0 ? before : 0, PENDING_PAGE, &list, &n, &more)) {
		json_decref(ctx);
		page_error(req, 503, N_("plein cannot reach its database right now. Please try again in a minute."));
		return;
	}
	json_t *pending = json_array(), *role_opts = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_pack("{s:I, s:s, s:s, s:b, s:s, s:s, s:s}", "id", (json_int_t)list[i].id,
			"email", list[i].email, "role_label", role_label(req, list[i].role),
			"expired", list[i].state == INVITATION_EXPIRED, "created", page_ago(req, list[i].created_at),
			"expires", day_of(req, list[i].expires_at),
			"revoke_url", pool_printf(req->pool, "/admin/people/invitations/%lld/revoke", (long long)list[i].id));
		json_object_set_new(o, "invited_by", page_text(list[i].invited_by_name));
		json_object_set_new(o, "role", json_string(list[i].role));
		add_delivery(req, o, list[i].id);
		json_array_append_new(pending, o);
	}
	const char *chosen = json_string_value(json_object_get(ctx, "role"));
	for (size_t i = 0; i < ARRAY_LEN(roles); i++)
		json_array_append_new(role_opts, json_pack("{s:s, s:s, s:b}", "value", roles[i].value,
			"label", T(req, roles[i].label), "selected", chosen && strcmp(chosen, roles[i].value) == 0));
	json_object_set_new(ctx, "has_pending", json_boolean(n > 0));
	json_object_set_new(ctx, "pending", pending);
	json_object_set_new(ctx, "roles", role_opts);
	if (more)
		json_object_set_new(ctx, "older_url", json_string(pool_printf(req->pool, "/admin/people?before=%lld#pending-title",
		                                                              (long long)list[n - 1].id)));
	if (!json_object_get(ctx, "dry_run_checked"))
		json_object_set_new(ctx, "dry_run_checked", json_true());
	json_object_set_new(ctx, "nav_admin", json_true());
	json_object_set_new(ctx, "mail_on", json_boolean(mailer_enabled()));
	page_render(req, status, "admin_people", ctx, N_("Invite and import people"));
}

void page_admin_people(struct request *req)
{
	hub_page(req, 200, json_object());
}

/* Put n where a translated message says %s; a translator's stray % cannot
 * reach printf this way. */
static const char *with_count(struct request *req, const char *msg, int64_t n)
{
	const char *at = strstr(msg, "%s");
	if (!at)
		return msg;
	return pool_printf(req->pool, "%.*s%lld%s", (int)(at - msg), msg, (long long)n, at + 2);
}

void page_admin_invite(struct request *req)
{
	const char *text = form_get(&req->form, "emails"), *role = form_get(&req->form, "role");
	json_t *ctx = json_object();
	const char *problem = NULL;
	const char **emails = pool_alloc(req->pool, (INVITATIONS_BATCH_MAX + 1) * sizeof(*emails));
	bool overflow = false;
	size_t n = 0;
	if (!role || !people_role_valid(role))
		role = "member";
	json_object_set_new(ctx, "role", json_string(role));
	json_object_set_new(ctx, "invite_emails", page_text(text));
	if (!text || strlen(text) > INVITE_TEXT_MAX)
		problem = N_("Please enter at most 200 e-mail addresses.");
	else if ((n = invitations_split(req->pool, text, emails, INVITATIONS_BATCH_MAX, &overflow)) == 0)
		problem = N_("Please enter at least one e-mail address.");
	else if (overflow)
		problem = N_("Please enter at most 200 e-mail addresses.");
	if (problem) {
		json_object_set_new(ctx, "invite_error", json_string(T(req, problem)));
		hub_page(req, 422, ctx);
		return;
	}
	struct invitation_new *list = pool_zalloc(req->pool, st_mult(n, sizeof(*list)));
	for (size_t i = 0; i < n; i++)
		list[i].email = emails[i];
	bool by_mail = mailer_enabled();
	int rc = invitations_create_many(req->db, list, n, role, req->viewer->id, req->client_addr, by_mail);
	if (rc == PLEIN_INVALID) {
		json_t *problems = json_array();
		for (size_t i = 0; i < n; i++)
			if (list[i].error)
				json_array_append_new(problems, json_pack("{s:s, s:s}", "email", list[i].email,
				                                          "message", T(req, list[i].error)));
		json_object_set_new(ctx, "invite_error",
			json_string(T(req, N_("Some addresses cannot be invited. No invitation was created; correct the list and try again."))));
		json_object_set_new(ctx, "invite_problems", problems);
		hub_page(req, 422, ctx);
		return;
	}
	if (rc) {
		json_object_set_new(ctx, "invite_error", json_string(T(req, N_("The invitations could not be created. Please try again."))));
		hub_page(req, 503, ctx);
		return;
	}
	if (by_mail) {
		/* the links go to the invitees only: the sender holds them in memory */
		for (size_t i = 0; i < n; i++) {
			mailer_submit(req->db, list[i].outbox_id,
			              page_public_url(req, pool_printf(req->pool, "/invite/%s", list[i].token)), req->lang);
			sodium_memzero(list[i].token, sizeof(list[i].token));
		}
		json_object_set_new(ctx, "mailed", json_string(with_count(req, n == 1
			? T(req, N_("The invitation is on its way by e-mail to 1 person. The list of pending invitations shows how it went."))
			: T(req, N_("Invitations are on their way by e-mail to %s people. The list of pending invitations shows how each one went.")),
			(int64_t)n)));
		json_object_del(ctx, "invite_emails");
		hub_page(req, 200, ctx);
		return;
	}
	/* shown once, never stored: the page must not be cached anywhere */
	resp_header(req, "Cache-Control", "no-store");
	json_t *links = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(links, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)list[i].id, "email", list[i].email,
			"url", page_absolute_url(req, pool_printf(req->pool, "/invite/%s", list[i].token))));
	json_object_set_new(ctx, "has_new_links", json_true());
	json_object_set_new(ctx, "new_links", links);
	json_object_set_new(ctx, "links_expire", json_string(day_of(req, time(NULL) + invitation_lifetime)));
	json_object_del(ctx, "invite_emails");
	hub_page(req, 200, ctx);
}

static struct invitation *pending_or_404(struct request *req)
{
	int64_t id = req_param_id(req, "id");
	struct invitation *inv = NULL;
	int rc = id ? invitations_get(req->db, req->pool, id, &inv) : PLEIN_NOTFOUND;
	if (rc == PLEIN_OK && (inv->state == INVITATION_PENDING || inv->state == INVITATION_EXPIRED))
		return inv;
	if (rc == PLEIN_OK || rc == PLEIN_NOTFOUND)
		page_error(req, 404, N_("There is no pending invitation here: it may have been used or revoked already."));
	else
		page_error(req, 503, N_("plein cannot reach its database right now. Please try again in a minute."));
	return NULL;
}

void page_admin_invitation_revoke_form(struct request *req)
{
	struct invitation *inv = pending_or_404(req);
	if (!inv)
		return;
	json_t *ctx = json_pack("{s:s, s:s, s:b}", "email", inv->email, "revoke_url",
		pool_printf(req->pool, "/admin/people/invitations/%lld/revoke", (long long)inv->id), "nav_admin", 1);
	page_render(req, 200, "admin_invitation_revoke", ctx, N_("Revoke invitation"));
}

void page_admin_invitation_revoke(struct request *req)
{
	struct invitation *inv = pending_or_404(req);
	if (!inv)
		return;
	int rc = invitations_revoke(req->db, inv->id);
	if (rc == PLEIN_NOTFOUND) {
		page_error(req, 404, N_("There is no pending invitation here: it may have been used or revoked already."));
		return;
	}
	if (rc) {
		page_error(req, 503, N_("The invitation could not be revoked. Please try again."));
		return;
	}
	audit_log(req->db, req->viewer->id, "invitation_revoked", inv->email, req->client_addr);
	page_redirect(req, "/admin/people#pending-title", "invitation_revoked");
}

void page_admin_import(struct request *req)
{
	const struct upload *up = req_upload(req, "file");
	const char *dry = form_get(&req->form, "dry_run");
	bool dry_run = dry && *dry;
	json_t *ctx = json_object(), *res = json_object();
	json_object_set_new(ctx, "dry_run_checked", json_boolean(dry_run));
	if (!up || up->len == 0) {
		json_object_set_new(res, "has_errors", json_true());
		json_object_set_new(res, "summary", json_string(T(req, N_("Please choose a CSV file to upload: the file sent was empty or missing."))));
		json_object_set_new(res, "errors", json_array());
		json_object_set_new(ctx, "import_result", res);
		hub_page(req, 422, ctx);
		return;
	}
	struct import_report r;
	int rc = import_people_csv(req->db, req->pool, (const char *)up->data, up->len, dry_run, req->viewer->id,
	                           req->client_addr, &r);
	if (rc == PLEIN_ERROR) {
		json_decref(res);
		json_decref(ctx);
		page_error(req, 503, N_("The import failed in the database; nothing was imported. Please try again."));
		return;
	}
	json_object_set_new(res, "has_errors", json_boolean(rc == PLEIN_INVALID));
	if (rc == PLEIN_INVALID) {
		json_t *errors = json_array();
		for (size_t i = 0; i < r.n_errors; i++)
			json_array_append_new(errors, json_pack("{s:s, s:s}", "line", r.errors[i].line
				? pool_printf(req->pool, "%lld", (long long)r.errors[i].line) : "—", "message", r.errors[i].message));
		json_object_set_new(res, "errors", errors);
		json_object_set_new(res, "summary", json_string(with_count(req, r.total_errors == 1
			? T(req, N_("The file has 1 problem. Nothing was imported: correct the file and upload it again."))
			: T(req, N_("The file has %s problems. Nothing was imported: correct the file and upload it again.")),
			r.total_errors)));
		if (r.total_errors > (int64_t)r.n_errors)
			json_object_set_new(res, "more", json_string(with_count(req,
				T(req, N_("Only the first %s problems are listed.")), (int64_t)r.n_errors)));
	} else {
		json_object_set_new(res, "summary", json_string(with_count(req, dry_run
			? T(req, N_("Dry run: all %s rows are fine. Nothing was written yet; upload again without a dry run to import."))
			: T(req, N_("Imported %s rows.")), r.rows)));
		json_object_set_new(res, "created", json_integer((json_int_t)r.created));
		json_object_set_new(res, "updated", json_integer((json_int_t)r.updated));
		json_object_set_new(res, "unchanged", json_integer((json_int_t)r.unchanged));
	}
	json_object_set_new(ctx, "import_result", res);
	hub_page(req, rc == PLEIN_INVALID ? 422 : 200, ctx);
}
