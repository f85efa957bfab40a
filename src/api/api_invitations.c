/* api_invitations.c — /api/v1/invitations (administrators): invite several
 * addresses at once, list the pending invitations (with how their e-mail
 * went), revoke one. Without mail, the link of a new invitation is in the
 * answer to its creation and nowhere else; with mail, only in the e-mail. */
#include "api/api.h"
#include "web/app.h"
#include "web/page.h"
#include "web/handlers.h"
#include "core/audit.h"
#include "core/i18n.h"
#include "core/invitations.h"
#include "core/outbox.h"
#include "core/people.h"
#include "jobs/mailer.h"
#include <sodium.h>

/* delivery: link_only (never mailed: the link was handed to the
 * administrator), email_queued (delivery_error set while retrying),
 * email_sent, email_failed (with delivery_error). */
static void add_delivery(struct request *req, json_t *o, int64_t id)
{
	static const char *const states[] = { "email_queued", "email_sent", "email_failed" };
	struct outbox_row *row = NULL;
	int rc = outbox_find(req->db, req->pool, OUTBOX_KIND_INVITATION, id, &row);
	json_object_set_new(o, "delivery", json_string(rc == PLEIN_OK ? states[row->state] : "link_only"));
	json_object_set_new(o, "delivery_error", rc == PLEIN_OK ? page_text(row->last_error) : json_null());
	json_object_set_new(o, "delivery_attempts", json_integer(rc == PLEIN_OK ? row->attempts : 0));
}

static json_t *api_invitation(struct request *req, const struct invitation *inv)
{
	static const char *const states[] = { "pending", "expired", "revoked", "used" };
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:b}", "id", (json_int_t)inv->id, "email", inv->email,
	                      "role", inv->role, "state", states[inv->state], "has_account", inv->has_account);
	json_object_set_new(o, "invited_by", inv->invited_by
		? json_pack("{s:I, s:s}", "id", (json_int_t)inv->invited_by, "name", inv->invited_by_name) : json_null());
	json_object_set_new(o, "created_at", api_time(inv->created_at));
	json_object_set_new(o, "expires_at", api_time(inv->expires_at));
	add_delivery(req, o, inv->id);
	return o;
}

void api_invitations_create(struct request *req)
{
	json_t *body = api_body_object(req), *emails, *v;
	const char *role = NULL, *key;
	size_t i;
	if (!body || api_string_member(req, body, "role", false, &role, NULL))
		return;
	json_object_foreach(body, key, v) {
		if (strcmp(key, "emails") != 0 && strcmp(key, "role") != 0) {
			api_error(req, 422, "invalid", T(req, N_("This field is not known here.")), key);
			return;
		}
	}
	if (!role)
		role = "member";
	if (!people_role_valid(role)) {
		api_error(req, 422, "invalid", T(req, N_("The role must be admin, moderator, member, guest or alumni.")), "role");
		return;
	}
	emails = json_object_get(body, "emails");
	size_t n = json_is_array(emails) ? json_array_size(emails) : 0;
	if (n == 0 || n > INVITATIONS_BATCH_MAX) {
		api_error(req, 422, "invalid", T(req, N_("emails must be a list of 1 to 200 e-mail addresses.")), "emails");
		return;
	}
	struct invitation_new *list = pool_zalloc(req->pool, st_mult(n, sizeof(*list)));
	json_array_foreach(emails, i, v) {
		if (!json_is_string(v) || strlen(json_string_value(v)) != json_string_length(v)) {
			api_error(req, 422, "invalid", T(req, N_("emails must be a list of 1 to 200 e-mail addresses.")), "emails");
			return;
		}
		list[i].email = json_string_value(v);
	}
	bool by_mail = mailer_enabled();
	int rc = invitations_create_many(req->db, list, n, role, req->viewer->id, req->client_addr, by_mail);
	if (rc == PLEIN_INVALID) {
		json_t *errors = json_array();
		for (i = 0; i < n; i++)
			if (list[i].error)
				json_array_append_new(errors, json_pack("{s:s, s:s}", "email", list[i].email,
				                                        "message", T(req, list[i].error)));
		json_t *e = json_pack("{s:s, s:s, s:s}", "code", "invalid", "message",
		                      T(req, N_("Some addresses cannot be invited; no invitation was created.")), "field", "emails");
		api_json(req, 422, json_pack("{s:o, s:o}", "error", e, "errors", errors));
		return;
	}
	if (rc) {
		api_error(req, 503, "unavailable", T(req, N_("The invitations could not be created. Please try again.")), NULL);
		return;
	}
	/* the links go to the invitees only, all of them before anything can fail here */
	for (i = 0; by_mail && i < n; i++) {
		mailer_submit(req->db, list[i].outbox_id,
		              page_public_url(req, pool_printf(req->pool, "/invite/%s", list[i].token)), req->lang);
		sodium_memzero(list[i].token, sizeof(list[i].token));
	}
	json_t *items = json_array();
	for (i = 0; i < n; i++) {
		struct invitation *inv;
		if (invitations_get(req->db, req->pool, list[i].id, &inv)) {
			api_error(req, 503, "unavailable", T(req, N_("The invitations could not be created. Please try again.")), NULL);
			json_decref(items);
			return;
		}
		json_t *o = api_invitation(req, inv);
		json_array_append_new(items, o);
		if (by_mail)
			continue;
		const char *path = pool_printf(req->pool, "/invite/%s", list[i].token);
		json_object_set_new(o, "path", json_string(path));
		json_object_set_new(o, "url", json_string(page_public_url(req, path)));
	}
	api_json(req, 201, json_pack("{s:o}", "items", items));
}

void api_invitations_list(struct request *req)
{
	const char *cursor = req_query(req, "cursor"), *limit_s = req_query(req, "limit");
	int64_t before = 0;
	int limit = 50;
	if (cursor) {
		char *end;
		before = strtoll(cursor, &end, 10);
		if (!*cursor || *end || before <= 0 || strlen(cursor) > 19) {
			api_error(req, 400, "bad_request", T(req, N_("The cursor is not valid.")), "cursor");
			return;
		}
	}
	if (limit_s) {
		char *end;
		long l = strtol(limit_s, &end, 10);
		if (!*limit_s || *end || l < 1 || l > INVITATIONS_PAGE_MAX) {
			api_error(req, 400, "bad_request", T(req, N_("limit must be a number from 1 to 100.")), "limit");
			return;
		}
		limit = (int)l;
	}
	struct invitation *list;
	size_t n;
	bool more;
	if (invitations_list_pending(req->db, req->pool, before, limit, &list, &n, &more)) {
		api_error(req, 503, "unavailable", T(req, N_("The invitations cannot be read right now.")), NULL);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, api_invitation(req, &list[i]));
	api_json(req, 200, json_pack("{s:o, s:o}", "items", items, "next_cursor",
		more ? json_string(pool_printf(req->pool, "%lld", (long long)list[n - 1].id)) : json_null()));
}

void api_invitations_delete(struct request *req)
{
	int64_t id = req_param_id(req, "id");
	struct invitation *inv;
	int rc = id ? invitations_get(req->db, req->pool, id, &inv) : PLEIN_NOTFOUND;
	if (rc == PLEIN_OK)
		rc = invitations_revoke(req->db, id);
	if (rc == PLEIN_NOTFOUND) {
		api_error(req, 404, "not_found", T(req, N_("There is no pending invitation with this id.")), NULL);
		return;
	}
	if (rc) {
		api_error(req, 503, "unavailable", T(req, N_("The invitation could not be revoked. Please try again.")), NULL);
		return;
	}
	audit_log(req->db, req->viewer->id, "invitation_revoked", inv->email, req->client_addr);
	api_no_content(req);
}
