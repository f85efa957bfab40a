/* pages_invite.c — /invite/{token}, for the invitee (no sign-in): a clear
 * page when the link is unknown, expired, revoked or used; otherwise choose
 * a password (and a name, for someone new), then signed in on the home page. */
#include "web/page.h"
#include "web/app.h"
#include "web/handlers.h"
#include "core/auth.h"
#include "core/i18n.h"
#include "core/invitations.h"
#include "core/password.h"
#include "core/people.h"
#include "core/sessions.h"

static void invalid_page(struct request *req, int status, enum invitation_state state, bool unknown)
{
	const char *heading, *msg;
	if (unknown) {
		heading = N_("This invitation link does not work");
		msg = N_("The link is not known to plein. Check that you copied all of it, or ask your administrator for a new invitation.");
	} else if (state == INVITATION_EXPIRED) {
		heading = N_("This invitation has expired");
		msg = N_("Invitation links work for a limited time. Ask your administrator to invite you again.");
	} else if (state == INVITATION_REVOKED) {
		heading = N_("This invitation was withdrawn");
		msg = N_("An administrator revoked this invitation or sent a newer one. Use the newest link you received, or ask for a new invitation.");
	} else {
		heading = N_("This invitation has been used already");
		msg = N_("Each invitation link works once. If you chose your password already, sign in with your e-mail address and password.");
	}
	resp_header(req, "Cache-Control", "no-store");
	json_t *ctx = json_pack("{s:b, s:s, s:s}", "invalid", 1, "heading", T(req, heading), "message", T(req, msg));
	page_render(req, status, "invite", ctx, heading);
}

static void form_page(struct request *req, int status, const struct invitation *inv, json_t *errors, const char *error)
{
	json_t *ctx = json_object();
	json_object_set_new(ctx, "email", json_string(inv->email));
	json_object_set_new(ctx, "ask_name", json_boolean(!inv->has_account));
	json_object_set_new(ctx, "name", page_text(form_get(&req->form, "name")));
	json_object_set_new(ctx, "action", json_string(pool_printf(req->pool, "/invite/%s", req_param(req, "token"))));
	json_object_set_new(ctx, "errors", errors ? errors : json_object());
	if (error)
		json_object_set_new(ctx, "error", json_string(T(req, error)));
	resp_header(req, "Cache-Control", "no-store");
	page_render(req, status, "invite", ctx, N_("Join plein"));
}

/* The invitation for this request's token, or NULL after answering. */
static struct invitation *find(struct request *req)
{
	struct invitation *inv;
	int rc = invitations_lookup(req->db, req->pool, req_param(req, "token"), &inv);
	if (rc == PLEIN_NOTFOUND) {
		invalid_page(req, 404, INVITATION_PENDING, true);
		return NULL;
	}
	if (rc) {
		page_error(req, 503, N_("plein cannot reach its database right now. Please try again in a minute."));
		return NULL;
	}
	if (inv->state != INVITATION_PENDING) {
		invalid_page(req, 410, inv->state, false);
		return NULL;
	}
	return inv;
}

void page_invite_form(struct request *req)
{
	struct invitation *inv = find(req);
	if (inv)
		form_page(req, 200, inv, NULL, NULL);
}

void page_invite_accept(struct request *req)
{
	struct invitation *inv = find(req);
	if (!inv)
		return;
	json_t *errors = json_object();
	struct person_fields f = { .name = form_get(&req->form, "name") };
	const char *field, *msg;
	if (!inv->has_account) {
		if (!f.name)
			f.name = "";
		if (people_validate(req->pool, &f, &field, &msg))
			json_object_set_new(errors, "name", json_string(T(req, msg)));
	}
	page_check_new_password(req, errors, "password", "password_confirm");
	if (json_object_size(errors)) {
		form_page(req, 422, inv, errors, N_("Please correct the fields marked below."));
		return;
	}
	json_decref(errors);
	char hash[PASSWORD_HASH_MAX], token[SESSION_TOKEN_LEN + 1];
	int64_t person_id, session_id;
	enum invitation_state state;
	if (password_hash(form_get(&req->form, "password"), hash))
		goto fail;
	int rc = invitations_accept(req->db, req->pool, req_param(req, "token"), inv->has_account ? NULL : f.name, hash,
	                            req->client_addr, &person_id, &state);
	if (rc == PLEIN_DENIED) {
		invalid_page(req, 410, state, false);
		return;
	}
	if (rc == PLEIN_NOTFOUND) {
		invalid_page(req, 404, INVITATION_PENDING, true);
		return;
	}
	if (rc == PLEIN_CONFLICT) {
		page_error(req, 409, N_("There is an account for this e-mail address already. Please sign in, or ask your administrator."));
		return;
	}
	if (rc == PLEIN_INVALID) {  /* someone was deleted since the form was shown: ask for the name */
		inv->has_account = false;
		json_t *e = json_pack("{s:s}", "name", T(req, N_("Please enter a name.")));
		form_page(req, 422, inv, e, N_("Please correct the fields marked below."));
		return;
	}
	if (rc || sessions_create(req->db, person_id, req_header(req, "User-Agent"), req->client_addr, token, &session_id))
		goto fail;
	resp_set_cookie(req, SESSION_COOKIE, token, -1);
	page_redirect(req, "/", "joined");
	return;
fail:
	page_error(req, 503, N_("Your account could not be set up. Please try again."));
}
