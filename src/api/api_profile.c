/* api_profile.c — one profile as JSON (GET /api/v1/people/{id}) and profile
 * changes (PATCH /api/v1/me, PATCH /api/v1/people/{id}): personal fields and
 * lists for the person or an admin; department, manager, role and status
 * for admins only (core/visibility decides). */
#include "api/api.h"
#include "web/app.h"
#include "web/handlers.h"
#include "core/audit.h"
#include "core/i18n.h"
#include "core/markdown.h"
#include "core/people.h"
#include "core/profile.h"
#include "core/visibility.h"

#define UNAVAILABLE N_("The directory cannot be read right now.")

static json_t *strings(const struct tag_list *l)
{
	json_t *a = json_array();
	for (size_t i = 0; i < l->n; i++)
		json_array_append_new(a, json_string(l->items[i]));
	return a;
}

/* The full profile: api_person plus lists and the rendered bio. */
static json_t *profile_json(struct request *req, const struct person *p)
{
	struct tag_list skills, interests;
	struct language_list langs;
	if (profile_skills_get(req->db, req->pool, p->id, &skills) ||
	    profile_interests_get(req->db, req->pool, p->id, &interests) ||
	    profile_languages_get(req->db, req->pool, p->id, &langs))
		return NULL;
	json_t *o = api_person(p), *a = json_array();
	for (size_t i = 0; i < langs.n; i++) {
		const struct language *l = languages_find(langs.items[i].code);
		json_array_append_new(a, json_pack("{s:s, s:s, s:s}", "code", l->code, "name",
			languages_name(l, req->lang), "level", languages_level_key(langs.items[i].level)));
	}
	json_object_set_new(o, "skills", strings(&skills));
	json_object_set_new(o, "interests", strings(&interests));
	json_object_set_new(o, "languages", a);
	json_object_set_new(o, "bio_html", json_string(markdown_to_html(req->pool, p->bio, strlen(p->bio))));
	return o;
}

static void send_profile(struct request *req, int64_t id, bool with_settings)
{
	struct person *p;
	json_t *o;
	if (people_get(req->db, req->pool, id, &p) || !(o = profile_json(req, p))) {
		api_error(req, 503, "unavailable", T(req, UNAVAILABLE), NULL);
		return;
	}
	if (!visibility_can_browse(req->viewer))
		json_object_set_new(o, "manager", json_null());  /* as on their page: no links into the directory */
	if (with_settings) {
		json_object_set_new(o, "language", p->language ? json_string(p->language) : json_null());
		json_object_set_new(o, "csrf_token", json_string(req->csrf));
	}
	api_json(req, 200, o);
}

void api_me_get(struct request *req)
{
	send_profile(req, req->viewer->id, true);
}

void api_people_get(struct request *req)
{
	struct person *p = api_load_person(req);
	if (!p)
		return;
	send_profile(req, p->id, false);
}

/* ---- changes ------------------------------------------------------------ */

struct patch {
	struct person_fields f;
	const char *language;
	bool has_language, has_skills, has_interests, has_languages, manage;
	struct tag_list skills, interests;
	struct language_list languages;
	struct person_change change;
};

/* An array of strings → "a, b" text for profile_tags_parse; NULL after a 422. */
static int tags_member(struct request *req, json_t *body, const char *key, size_t max, struct tag_list *out,
                       bool *present)
{
	json_t *v = json_object_get(body, key), *item;
	size_t i;
	const char *msg;
	*present = v != NULL;
	out->n = 0;
	if (!v)
		return PLEIN_OK;
	if (!json_is_array(v)) {
		api_error(req, 422, "invalid", T(req, N_("This field must be a list of texts.")), key);
		return PLEIN_INVALID;
	}
	if (json_array_size(v) > max) {
		api_error(req, 422, "invalid", T(req, N_("This list is too long.")), key);
		return PLEIN_INVALID;
	}
	struct strbuf sb = STRBUF_INIT;
	json_array_foreach(v, i, item) {
		const char *s = json_string_value(item);
		if (!s || strlen(s) != json_string_length(item) || strpbrk(s, ",;\n")) {
			strbuf_release(&sb);
			api_error(req, 422, "invalid", T(req, N_("Each entry must be text without commas or semicolons.")), key);
			return PLEIN_INVALID;
		}
		(void)strbuf_addstr(&sb, s);
		(void)strbuf_addch(&sb, ';');
	}
	int rc = profile_tags_parse(req->pool, sb.buf, max, out, &msg);
	strbuf_release(&sb);
	if (rc)
		api_error(req, 422, "invalid", T(req, msg), key);
	return rc;
}

static int languages_member(struct request *req, json_t *body, struct patch *pt)
{
	json_t *v = json_object_get(body, "languages"), *item;
	size_t i;
	const char *msg;
	pt->has_languages = v != NULL;
	if (!v)
		return PLEIN_OK;
	if (!json_is_array(v) || json_array_size(v) > PROFILE_LANGUAGES_MAX) {
		api_error(req, 422, "invalid", T(req, N_("languages must be a list of at most 10 {\"code\", \"level\"} objects.")), "languages");
		return PLEIN_INVALID;
	}
	pt->languages.items = pool_zalloc(req->pool, (json_array_size(v) + 1) * sizeof(*pt->languages.items));
	json_array_foreach(v, i, item) {
		const char *code = json_string_value(json_object_get(item, "code"));
		const char *level = json_string_value(json_object_get(item, "level"));
		const struct language *l = code ? languages_find(code) : NULL;
		int lv = level ? languages_level_parse(level) : 0;
		if (!json_is_object(item) || json_object_size(item) != 2 || !l || !lv) {
			api_error(req, 422, "invalid", T(req, N_("Each language needs a known \"code\" (like \"fr\") and a \"level\": native, fluent, working or basic.")), "languages");
			return PLEIN_INVALID;
		}
		pt->languages.items[pt->languages.n].code = l->code;
		pt->languages.items[pt->languages.n++].level = lv;
	}
	if (profile_languages_check(&pt->languages, &msg)) {
		api_error(req, 422, "invalid", T(req, msg), "languages");
		return PLEIN_INVALID;
	}
	return PLEIN_OK;
}

/* The admin part: department, manager_id, role, status. Unset ones keep the
 * person's current value. */
static int manage_members(struct request *req, json_t *body, const struct person *p, struct patch *pt)
{
	json_t *m = json_object_get(body, "manager_id");
	bool has_dep, has_role, has_status;
	const char *field, *msg;
	struct person_fields f = { .name = p->name };
	if (api_string_member(req, body, "department", false, &f.department, &has_dep) ||
	    api_string_member(req, body, "role", false, &pt->change.role, &has_role) ||
	    api_string_member(req, body, "status", false, &pt->change.status, &has_status))
		return PLEIN_INVALID;
	pt->manage = has_dep || has_role || has_status || m;
	if (!pt->manage)
		return PLEIN_OK;
	if (!visibility_can_manage_person(req->viewer, p)) {
		const char *key = has_dep ? "department" : has_role ? "role" : has_status ? "status" : "manager_id";
		api_error(req, 403, "forbidden", T(req, N_("Only administrators can change this.")), key);
		return PLEIN_DENIED;
	}
	if (people_validate(req->pool, &f, &field, &msg)) {
		api_error(req, 422, "invalid", T(req, msg), field);
		return PLEIN_INVALID;
	}
	pt->change.department = has_dep ? f.department : p->department;
	if (!has_role)
		pt->change.role = p->role;
	if (!has_status)
		pt->change.status = p->status;
	if (!people_role_valid(pt->change.role)) {
		api_error(req, 422, "invalid", T(req, N_("role must be admin, moderator, member, guest or alumni.")), "role");
		return PLEIN_INVALID;
	}
	if (!people_status_valid(pt->change.status)) {
		api_error(req, 422, "invalid", T(req, N_("status must be active or deactivated.")), "status");
		return PLEIN_INVALID;
	}
	pt->change.manager_id = p->manager_id;
	if (m && !json_is_null(m) && (!json_is_integer(m) || json_integer_value(m) <= 0)) {
		api_error(req, 422, "invalid", T(req, N_("manager_id must be a person's id or null.")), "manager_id");
		return PLEIN_INVALID;
	}
	if (m)
		pt->change.manager_id = json_is_null(m) ? 0 : json_integer_value(m);
	return PLEIN_OK;
}

static int read_patch(struct request *req, json_t *body, const struct person *p, bool self, struct patch *pt)
{
	static const char *known[] = { "name", "pronouns", "title", "phone", "location", "start_date", "bio",
	                               "skills", "interests", "languages", "language",
	                               "department", "manager_id", "role", "status" };
	const char *key, *field, *msg;
	json_t *v;
	json_object_foreach(body, key, v) {
		bool ok = false;
		for (size_t i = 0; i < ARRAY_LEN(known); i++)
			ok = ok || strcmp(key, known[i]) == 0;
		if (!ok || (!self && strcmp(key, "language") == 0)) {
			api_error(req, 422, "invalid", T(req, N_("This field cannot be changed here.")), key);
			return PLEIN_INVALID;
		}
	}
	if (api_string_member(req, body, "name", false, &pt->f.name, NULL) ||
	    api_string_member(req, body, "pronouns", false, &pt->f.pronouns, NULL) ||
	    api_string_member(req, body, "title", false, &pt->f.title, NULL) ||
	    api_string_member(req, body, "phone", false, &pt->f.phone, NULL) ||
	    api_string_member(req, body, "location", false, &pt->f.location, NULL) ||
	    api_string_member(req, body, "start_date", false, &pt->f.start_date, NULL) ||
	    api_string_member(req, body, "bio", false, &pt->f.bio, NULL) ||
	    api_string_member(req, body, "language", true, &pt->language, &pt->has_language) ||
	    tags_member(req, body, "skills", PROFILE_SKILLS_MAX, &pt->skills, &pt->has_skills) ||
	    tags_member(req, body, "interests", PROFILE_INTERESTS_MAX, &pt->interests, &pt->has_interests) ||
	    languages_member(req, body, pt) || manage_members(req, body, p, pt))
		return PLEIN_INVALID;
	if (people_validate(req->pool, &pt->f, &field, &msg)) {
		api_error(req, 422, "invalid", T(req, msg), field);
		return PLEIN_INVALID;
	}
	if (pt->language && !i18n_supported(pt->language)) {
		api_error(req, 422, "invalid", T(req, N_("The language must be \"en\", \"nl\" or null.")), "language");
		return PLEIN_INVALID;
	}
	return PLEIN_OK;
}

static int apply_patch(struct request *req, const struct person *p, const struct patch *pt)
{
	int rc = people_update(req->db, p->id, &pt->f);
	if (rc == PLEIN_OK && pt->has_language)
		rc = people_set_language(req->db, p->id, pt->language);
	if (rc == PLEIN_OK && pt->has_skills)
		rc = profile_skills_set(req->db, p->id, &pt->skills);
	if (rc == PLEIN_OK && pt->has_interests)
		rc = profile_interests_set(req->db, p->id, &pt->interests);
	if (rc == PLEIN_OK && pt->has_languages)
		rc = profile_languages_set(req->db, p->id, &pt->languages);
	if (rc == PLEIN_OK && pt->manage)
		rc = people_manage(req->db, p->id, &pt->change);
	return rc;
}

static void patch_person(struct request *req, struct person *p)
{
	json_t *body = api_body_object(req);
	struct patch pt = { 0 };
	bool self = p->id == req->viewer->id;
	if (!body || read_patch(req, body, p, self, &pt))
		return;
	int rc = db_begin(req->db);
	if (rc == PLEIN_OK)
		rc = apply_patch(req, p, &pt);
	if (rc == PLEIN_OK)
		rc = db_commit(req->db);
	else
		db_rollback(req->db);
	if (rc == PLEIN_INVALID || rc == PLEIN_NOTFOUND) {
		api_error(req, 422, "invalid", T(req, rc == PLEIN_INVALID
			? N_("That manager would create a loop: they report to this person.")
			: N_("There is no person with this manager_id.")), "manager_id");
		return;
	}
	if (rc == PLEIN_CONFLICT) {
		api_error(req, 409, "conflict", T(req, N_("plein needs at least one active administrator. Make someone else an administrator first.")), "role");
		return;
	}
	if (rc) {
		api_error(req, 503, "unavailable", T(req, N_("Your profile could not be saved. Please try again.")), NULL);
		return;
	}
	if (!self)
		audit_log(req->db, req->viewer->id, pt.manage ? "person_managed" : "profile_edited_by_admin", p->email,
		          req->client_addr);
	send_profile(req, p->id, self);
}

void api_me_patch(struct request *req)
{
	patch_person(req, req->viewer);
}

void api_people_patch(struct request *req)
{
	struct person *p = api_load_person(req);
	if (!p)
		return;
	if (!visibility_can_edit_profile(req->viewer, p)) {
		api_error(req, 403, "forbidden", T(req, N_("You can only edit your own profile.")), NULL);
		return;
	}
	patch_person(req, p);
}
