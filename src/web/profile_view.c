/* profile_view.c — see profile_view.h. Builds jansson contexts; no SQL of
 * its own (it calls core/profile and core/people). */
#include "web/profile_view.h"
#include "web/page.h"
#include "web/app.h"
#include "core/i18n.h"
#include "core/profile.h"
#include "core/visibility.h"
#include "lib/utf8.h"

static const char *const role_keys[] = { "member", "moderator", "communicator", "admin", "guest", "alumni" };
static const char *const role_labels[] = { N_("Member"), N_("Moderator"), N_("Communicator (announcements)"), N_("Administrator"),
                                           N_("Guest (outside the organisation)"), N_("Alumni (former employee)") };

static json_t *tag_array(struct request *req, const struct tag_list *l, const char *filter)
{
	if (!l->n)
		return json_null();
	json_t *a = json_array();
	for (size_t i = 0; i < l->n; i++) {
		struct strbuf url = STRBUF_INIT;
		(void)strbuf_addf(&url, "/people?%s=", filter);
		(void)strbuf_add_urlencoded(&url, l->items[i], strlen(l->items[i]));
		json_array_append_new(a, json_pack("{s:s, s:s%}", "name", l->items[i], "url", url.buf, url.len));
		strbuf_release(&url);
	}
	return a;
}

int profile_view_lists(struct request *req, const struct person *p, json_t *o)
{
	struct tag_list interests;
	struct language_list langs;
	if (profile_interests_get(req->db, req->pool, p->id, &interests) ||
	    profile_languages_get(req->db, req->pool, p->id, &langs))
		return PLEIN_ERROR;
	json_object_set_new(o, "interests", tag_array(req, &interests, "interest"));
	json_t *a = langs.n ? json_array() : json_null();
	for (size_t i = 0; i < langs.n; i++) {
		const struct language *l = languages_find(langs.items[i].code);
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s}", "code", l->code,
			"name", languages_name(l, req->lang), "level", languages_level_name(langs.items[i].level, req->lang),
			"url", pool_printf(req->pool, "/people?language=%s", l->code)));
	}
	json_object_set_new(o, "languages", a);
	json_object_set_new(o, "has_interests", json_boolean(interests.n));
	json_object_set_new(o, "has_languages", json_boolean(langs.n));
	return PLEIN_OK;
}

json_t *profile_view_language_rows(struct request *req, const char *const *codes, const char *const *levels)
{
	size_t n_all, filled = 0;
	const struct language *all = languages_all(&n_all);
	for (size_t i = 0; i < PROFILE_LANGUAGES_MAX; i++)
		if (codes[i] || levels[i])
			filled = i + 1;
	size_t rows = filled + 2 > PROFILE_LANGUAGES_MAX ? PROFILE_LANGUAGES_MAX : filled + 2;
	json_t *a = json_array();
	for (size_t i = 0; i < rows; i++) {
		const char *code = i < filled ? codes[i] : NULL, *level = i < filled ? levels[i] : NULL;
		json_t *opts = json_array(), *lvls = json_array();
		for (size_t k = 0; k < n_all; k++)
			json_array_append_new(opts, json_pack("{s:s, s:s, s:b}", "code", all[k].code,
				"name", languages_name(&all[k], req->lang), "selected", code && !strcmp(code, all[k].code)));
		for (int lv = LEVEL_NATIVE; lv >= LEVEL_BASIC; lv--)
			json_array_append_new(lvls, json_pack("{s:s, s:s, s:b}", "key", languages_level_key(lv),
				"label", languages_level_name(lv, req->lang),
				"selected", level && languages_level_parse(level) == lv));
		json_array_append_new(a, json_pack("{s:i, s:i, s:o, s:o}", "index", (int)i, "number", (int)i + 1,
		                                   "options", opts, "levels", lvls));
	}
	return a;
}

static json_t *names(const struct tag_list *l)
{
	json_t *a = json_array();
	for (size_t i = 0; i < l->n; i++)
		json_array_append_new(a, json_string(l->items[i]));
	return a;
}

json_t *profile_view_suggestions(struct request *req)
{
	struct tag_list skills = { 0 }, interests = { 0 };
	/* the tags in use say who knows what in the organisation: not for
	 * guests and alumni, who see only what is shared with them */
	if (!visibility_can_browse(req->viewer))
		return json_pack("{s:[], s:[]}", "skills", "interests");
	if (profile_skills_suggest(req->db, req->pool, "", PROFILE_SUGGEST_MAX, &skills) ||
	    profile_interests_suggest(req->db, req->pool, "", PROFILE_SUGGEST_MAX, &interests))
		skills.n = interests.n = 0;  /* suggestions are a help, not a need */
	return json_pack("{s:o, s:o}", "skills", names(&skills), "interests", names(&interests));
}

json_t *profile_view_manage(struct request *req, const struct person *p, const struct person_change *c,
                            json_t *errors)
{
	const char *department = c ? c->department : p->department;
	const char *role = c ? c->role : p->role, *status = c ? c->status : p->status;
	const char *manager_email = form_get(&req->form, "manager_email");
	struct person *m;
	if (!c && p->manager_id && people_get(req->db, req->pool, p->manager_id, &m) == PLEIN_OK)
		manager_email = m->email;
	json_t *roles = json_array();
	for (size_t i = 0; i < ARRAY_LEN(role_keys); i++)
		json_array_append_new(roles, json_pack("{s:s, s:s, s:b}", "key", role_keys[i],
			"label", T(req, role_labels[i]), "selected", role && !strcmp(role, role_keys[i])));
	return json_pack("{s:s, s:o, s:o, s:o, s:b, s:b, s:o}",
		"action_url", pool_printf(req->pool, "/people/%lld/manage", (long long)p->id),
		"department", page_text(department), "manager_email", page_text(manager_email), "roles", roles,
		"active", !status || strcmp(status, "deactivated") != 0,
		"deactivated", status && strcmp(status, "deactivated") == 0,
		"errors", errors ? json_incref(errors) : json_object());
}

void profile_view_read_manage(struct request *req, const struct person *p, struct person_change *c,
                              json_t *errors)
{
	struct person_fields f = { .name = p->name, .department = form_get(&req->form, "department") };
	const char *field, *msg, *email = form_get(&req->form, "manager_email");
	if (!f.department)
		f.department = "";
	if (people_validate(req->pool, &f, &field, &msg))
		json_object_set_new(errors, "department", json_string(T(req, msg)));
	c->department = f.department;
	c->role = form_get(&req->form, "role");
	c->status = form_get(&req->form, "status");
	if (!people_role_valid(c->role)) {
		json_object_set_new(errors, "role", json_string(T(req, N_("Choose one of the roles."))));
		c->role = p->role;
	}
	if (!people_status_valid(c->status)) {
		json_object_set_new(errors, "status", json_string(T(req, N_("Choose active or deactivated."))));
		c->status = p->status;
	}
	c->manager_id = 0;
	if (email && *email) {
		struct person *m;
		int rc = people_get_by_email(req->db, req->pool, email, &m, NULL);
		if (rc == PLEIN_OK && m->id == p->id)
			json_object_set_new(errors, "manager_email", json_string(T(req, N_("A person cannot be their own manager."))));
		else if (rc == PLEIN_OK && strcmp(m->status, "active") != 0)
			json_object_set_new(errors, "manager_email", json_string(T(req, N_("This person is deactivated and cannot be a manager."))));
		else if (rc == PLEIN_OK)
			c->manager_id = m->id;
		else
			json_object_set_new(errors, "manager_email", json_string(T(req, N_("No one has this e-mail address."))));
	}
	/* deactivating signs the person out everywhere: ask for a confirmation */
	if (!strcmp(c->status, "deactivated") && strcmp(p->status, "deactivated") != 0 &&
	    !form_get(&req->form, "confirm_deactivate"))
		json_object_set_new(errors, "status", json_string(T(req,
			N_("Tick the box to confirm: deactivating ends all of this person's sessions at once."))));
}
