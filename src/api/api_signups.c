/* api_signups.c — sign-ups in the API: PUT and DELETE
 * /api/v1/posts/{id}/signup (sign up, withdraw), GET
 * /api/v1/posts/{id}/signups (the author: everyone signed up with e-mail;
 * others: the counts only), the post JSON's `signup` object and the
 * `signup` member of a new post. See docs/api.md "Sign-ups". */
#include "api/api_signups.h"
#include "api/api_posts.h"
#include "web/handlers.h"
#include "core/i18n.h"
#include "core/signups.h"
#include "core/visibility.h"
#include <time.h>

static json_t *signup_object(const struct signup *s)
{
	json_t *o = json_object();
	json_object_set_new(o, "cap", s->cap ? json_integer(s->cap) : json_null());
	json_object_set_new(o, "deadline", s->deadline ? api_time(s->deadline) : json_null());
	json_object_set_new(o, "count", json_integer(s->count));
	json_object_set_new(o, "mine", json_boolean(s->mine));
	json_object_set_new(o, "closed", json_boolean(s->closed));
	return o;
}

json_t *api_signup_json(struct request *req, const struct post *post)
{
	struct signup s;
	if (signups_get(req->db, post->id, req->viewer ? req->viewer->id : 0, (int64_t)time(NULL), &s) != PLEIN_OK)
		return json_null();
	return signup_object(&s);
}

int api_signup_input(struct request *req, json_t *body, struct post_input *in)
{
	json_t *su = json_object_get(body, "signup");
	if (!su || json_is_null(su))
		return PLEIN_OK;
	if (!json_is_object(su)) {
		api_error(req, 422, "invalid", T(req, N_("signup must be an object with cap and deadline.")), "signup");
		return PLEIN_INVALID;
	}
	json_t *cap = json_object_get(su, "cap"), *deadline = json_object_get(su, "deadline");
	in->signup = true;
	in->signup_cap = in->signup_deadline = 0;
	if (cap && !json_is_null(cap)) {
		if (!json_is_integer(cap) || json_integer_value(cap) < 1 || json_integer_value(cap) > SIGNUP_CAP_MAX) {
			api_error(req, 422, "invalid",
			          T(req, N_("The number of places must be a whole number from 1 to 100,000, or empty for no limit.")),
			          "signup.cap");
			return PLEIN_INVALID;
		}
		in->signup_cap = json_integer_value(cap);
	}
	if (deadline && !json_is_null(deadline)) {
		bool ok = false;
		if (json_is_integer(deadline)) {
			in->signup_deadline = json_integer_value(deadline);
			ok = in->signup_deadline > 0;
		} else if (json_is_string(deadline)) {
			ok = signups_parse_deadline(json_string_value(deadline), json_string_length(deadline),
			                            &in->signup_deadline) == PLEIN_OK;
		}
		if (!ok) {
			api_error(req, 422, "invalid",
			          T(req, N_("deadline must be a Unix time in seconds or a date like 2025-03-31T17:00:00Z.")),
			          "signup.deadline");
			return PLEIN_INVALID;
		}
	}
	const char *msg = signups_input_error(in->signup_cap, in->signup_deadline, (int64_t)time(NULL));
	if (msg) {
		api_error(req, 422, "invalid", T(req, msg), in->signup_cap < 0 ? "signup.cap" : "signup.deadline");
		return PLEIN_INVALID;
	}
	return PLEIN_OK;
}

static void change(struct request *req, bool join)
{
	struct post *post = api_load_post(req);
	if (!post)
		return;
	const char *msg = NULL;
	int64_t now = (int64_t)time(NULL);
	int rc = join ? signups_join(req->db, req->viewer, post, now, &msg)
	              : signups_withdraw(req->db, req->viewer, post, now, &msg);
	struct signup s;
	switch (rc) {
	case PLEIN_OK:
		if (signups_get(req->db, post->id, req->viewer->id, now, &s) == PLEIN_OK) {
			api_json(req, 200, signup_object(&s));
			return;
		}
		break;
	case PLEIN_DENIED: api_error(req, 403, "forbidden", T(req, msg), NULL); return;
	case PLEIN_NOTFOUND: api_error(req, 404, "not_found", T(req, msg), NULL); return;
	case PLEIN_CONFLICT: api_error(req, 409, "full", T(req, msg), NULL); return;
	case PLEIN_INVALID: api_error(req, 422, "closed", T(req, msg), NULL); return;
	default: break;
	}
	api_error(req, 503, "unavailable", T(req, N_("Sign-ups cannot be read or saved right now.")), NULL);
}

void api_signup_put(struct request *req)
{
	change(req, true);
}

void api_signup_delete(struct request *req)
{
	change(req, false);
}

void api_signups_list(struct request *req)
{
	struct post *post = api_load_post(req);
	if (!post)
		return;
	struct signup s;
	int rc = signups_get(req->db, post->id, req->viewer->id, (int64_t)time(NULL), &s);
	if (rc == PLEIN_NOTFOUND) {
		api_error(req, 404, "not_found", T(req, N_("This post does not ask people to sign up.")), NULL);
		return;
	}
	struct signup_entry *e = NULL;
	size_t n = 0;
	bool author = signups_may_list(req->viewer, post);
	if (rc || (author && signups_list(req->db, req->pool, post->id, &e, &n))) {
		api_error(req, 503, "unavailable", T(req, N_("Sign-ups cannot be read or saved right now.")), NULL);
		return;
	}
	json_t *o = json_pack("{s:o}", "signup", signup_object(&s));
	if (author) {  /* names and addresses: the author's only */
		json_t *items = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(items, json_pack("{s:{s:I, s:s, s:s}, s:o}", "person", "id",
				(json_int_t)e[i].person_id, "name", e[i].name, "email", e[i].email, "created_at",
				api_time(e[i].created_at)));
		json_object_set_new(o, "items", items);
	}
	api_json(req, 200, o);
}
