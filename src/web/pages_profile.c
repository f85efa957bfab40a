/* pages_profile.c — a person's profile page, the edit form (personal fields,
 * skills, languages, interests, bio) and the administrators' form for
 * department, manager, role and status. Who may do what: core/visibility. */
#include "web/page.h"
#include "web/app.h"
#include "web/handlers.h"
#include "web/profile_view.h"
#include "web/social.h"
#include "web/post_view.h"
#include "web/question_view.h"
#include "core/audit.h"
#include "core/i18n.h"
#include "core/markdown.h"
#include "core/people.h"
#include "core/profile.h"
#include "core/visibility.h"
#include "lib/utf8.h"

#define DB_DOWN N_("plein cannot reach its database right now. Please try again in a minute.")

/* Load the person named by the route if the viewer may see them, else 404
 * (the same answer whether they do not exist or are hidden). */
static struct person *load_person(struct request *req)
{
	int64_t id = req_param_id(req, "id");
	struct person *p = NULL;
	int rc = id ? people_get(req->db, req->pool, id, &p) : PLEIN_NOTFOUND;
	if (rc == PLEIN_NOTFOUND || (rc == 0 && !visibility_can_see_person(req->viewer, p))) {
		page_error(req, 404, N_("This person does not exist, or has left."));
		return NULL;
	}
	if (rc) {
		page_error(req, 503, DB_DOWN);
		return NULL;
	}
	return p;
}

void page_person(struct request *req)
{
	struct person *p = load_person(req);
	struct people_page reports = { 0 };
	if (!p)
		return;
	bool browse = visibility_can_browse(req->viewer);
	json_t *person = page_person_json(req, p);
	if ((browse && people_reports(req->db, req->pool, p->id, &reports)) ||
	    profile_view_lists(req, p, person)) {
		json_decref(person);
		page_error(req, 503, DB_DOWN);
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < reports.n; i++)
		json_array_append_new(a, page_person_json(req, reports.items[i]));
	json_object_set_new(person, "reports", a);
	json_object_set_new(person, "has_reports", json_boolean(reports.n));
	const char *html = markdown_to_html(req->pool, p->bio, strlen(p->bio));
	json_object_set_new(person, "bio_html", page_text(html));
	if (!browse) {
		json_object_del(person, "manager");  /* guests and alumni: no links into the directory */
	} else {
		json_object_set_new(person, "org_url", json_string(pool_printf(req->pool, "/people/%lld/org", (long long)p->id)));
		if (*p->department) {
			struct strbuf url = STRBUF_INIT;
			(void)strbuf_addstr(&url, "/departments?name=");
			(void)strbuf_add_urlencoded(&url, p->department, strlen(p->department));
			json_object_set_new(person, "department_url", json_stringn(url.buf, url.len));
			strbuf_release(&url);
		}
	}
	json_t *ctx = json_object();
	json_object_set_new(ctx, "person", person);
	json_object_set_new(ctx, "is_self", json_boolean(p->id == req->viewer->id));
	json_object_set_new(ctx, "can_browse", json_boolean(browse));
	json_object_set_new(ctx, "endorsements", page_endorsements_json(req, p));
	json_object_set_new(ctx, "praise", social_praise_json(req, p));  /* web/social_view.c */
	json_object_set_new(ctx, "reputation", reputation_profile_json(req, p));  /* web/pages_reputation.c */
	json_object_set_new(ctx, "follow", social_follow_json(req, p));
	json_object_set_new(ctx, "activity", home_person_posts_json(req, p, PROFILE_POSTS_SHOWN));  /* web/pages_home.c */
	json_object_set_new(ctx, "can_edit", json_boolean(visibility_can_edit_profile(req->viewer, p)));
	json_object_set_new(ctx, "edit_url", json_string(pool_printf(req->pool, "/people/%lld/edit", (long long)p->id)));
	json_object_set_new(ctx, p->id == req->viewer->id ? "nav_profile" : "nav_people", json_true());
	page_render(req, 200, "person", ctx, p->name);
}

/* ---- the edit form ------------------------------------------------------ */

struct edit_input {
	struct person_fields f;
	const char *skills, *interests;      /* as typed */
	struct language_list languages;      /* rows as chosen, maybe invalid */
	const char *lang_codes[PROFILE_LANGUAGES_MAX], *lang_levels[PROFILE_LANGUAGES_MAX];
};

static void edit_page(struct request *req, int status, const struct person *p, const struct edit_input *in,
                      json_t *errors)
{
	json_t *ctx = json_object(), *form = json_object();
	json_object_set_new(ctx, "person", page_person_json(req, p));
	json_object_set_new(form, "name", page_text(in->f.name));
	json_object_set_new(form, "pronouns", page_text(in->f.pronouns));
	json_object_set_new(form, "title", page_text(in->f.title));
	json_object_set_new(form, "phone", page_text(in->f.phone));
	json_object_set_new(form, "location", page_text(in->f.location));
	json_object_set_new(form, "start_date", page_text(in->f.start_date));
	json_object_set_new(form, "bio", page_text(in->f.bio));
	json_object_set_new(form, "skills", page_text(in->skills));
	json_object_set_new(form, "interests", page_text(in->interests));
	json_object_set_new(form, "language_rows", profile_view_language_rows(req, in->lang_codes, in->lang_levels));
	json_object_set_new(ctx, "form", form);
	json_object_set_new(ctx, "department", page_text(p->department));
	if (errors && json_object_size(errors))
		json_object_set_new(errors, "any", json_true());
	json_object_set_new(ctx, "errors", errors ? errors : json_object());
	json_object_set_new(ctx, "action_url", json_string(pool_printf(req->pool, "/people/%lld/edit", (long long)p->id)));
	json_object_set_new(ctx, "suggestions", profile_view_suggestions(req));
	if (visibility_can_manage_person(req->viewer, p))
		json_object_set_new(ctx, "manage", profile_view_manage(req, p, NULL, NULL));
	json_object_set_new(ctx, p->id == req->viewer->id ? "nav_profile" : "nav_people", json_true());
	page_render(req, status, "profile_edit", ctx, N_("Edit profile"));
}

static const char *join_tags(struct request *req, const struct tag_list *l)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < l->n; i++) {
		if (i)
			(void)strbuf_addstr(&sb, ", ");
		(void)strbuf_addstr(&sb, l->items[i]);
	}
	const char *s = pool_strndup(req->pool, sb.buf, sb.len);
	strbuf_release(&sb);
	return s;
}

void page_person_edit_form(struct request *req)
{
	struct person *p = load_person(req);
	if (!p)
		return;
	if (!visibility_can_edit_profile(req->viewer, p)) {
		page_error(req, 403, N_("You can only edit your own profile."));
		return;
	}
	struct edit_input in = { .f = { .name = p->name, .title = p->title, .location = p->location, .bio = p->bio,
	                                .pronouns = p->pronouns, .phone = p->phone, .start_date = p->start_date } };
	struct tag_list skills, interests;
	if (profile_skills_get(req->db, req->pool, p->id, &skills) ||
	    profile_interests_get(req->db, req->pool, p->id, &interests) ||
	    profile_languages_get(req->db, req->pool, p->id, &in.languages)) {
		page_error(req, 503, DB_DOWN);
		return;
	}
	in.skills = join_tags(req, &skills);
	in.interests = join_tags(req, &interests);
	for (size_t i = 0; i < in.languages.n; i++) {
		in.lang_codes[i] = in.languages.items[i].code;
		in.lang_levels[i] = languages_level_key(in.languages.items[i].level);
	}
	edit_page(req, 200, p, &in, NULL);
}

/* Language rows language_0/level_0 … : blank rows are skipped; a row with
 * only one of the two is an error. */
static void read_language_rows(struct request *req, struct edit_input *in, json_t *errors)
{
	in->languages.items = pool_zalloc(req->pool, PROFILE_LANGUAGES_MAX * sizeof(*in->languages.items));
	in->languages.n = 0;
	for (int i = 0; i < PROFILE_LANGUAGES_MAX; i++) {
		const char *code = form_get(&req->form, pool_printf(req->pool, "language_%d", i));
		const char *level = form_get(&req->form, pool_printf(req->pool, "level_%d", i));
		in->lang_codes[i] = code && *code ? code : NULL;
		in->lang_levels[i] = level && *level ? level : NULL;
		if (!in->lang_codes[i] && !in->lang_levels[i])
			continue;
		if (!in->lang_codes[i] || !languages_find(code)) {
			json_object_set_new(errors, "languages", json_string(T(req, N_("Choose a language for each level you gave."))));
			continue;
		}
		int lv = in->lang_levels[i] ? languages_level_parse(level) : 0;
		if (!lv) {
			json_object_set_new(errors, "languages", json_string(T(req, N_("Choose a level for each language: native, fluent, working or basic."))));
			continue;
		}
		in->languages.items[in->languages.n].code = languages_find(code)->code;
		in->languages.items[in->languages.n++].level = lv;
	}
	const char *msg;
	if (!json_object_get(errors, "languages") && profile_languages_check(&in->languages, &msg))
		json_object_set_new(errors, "languages", json_string(T(req, msg)));
}

void page_person_edit(struct request *req)
{
	struct person *p = load_person(req);
	const char *field, *msg;
	if (!p)
		return;
	if (!visibility_can_edit_profile(req->viewer, p)) {
		page_error(req, 403, N_("You can only edit your own profile."));
		return;
	}
	struct edit_input in = { .f = {
		.name = form_get(&req->form, "name"), .title = form_get(&req->form, "title"),
		.location = form_get(&req->form, "location"), .bio = form_get(&req->form, "bio"),
		.pronouns = form_get(&req->form, "pronouns"), .phone = form_get(&req->form, "phone"),
		.start_date = form_get(&req->form, "start_date"),
	} };
	in.skills = form_get(&req->form, "skills");
	in.interests = form_get(&req->form, "interests");
	if (!in.f.name)
		in.f.name = "";
	struct edit_input shown = in;
	json_t *errors = json_object();
	struct tag_list skills, interests;
	if (people_validate(req->pool, &in.f, &field, &msg))
		json_object_set_new(errors, field, json_string(T(req, msg)));
	if (profile_tags_parse(req->pool, in.skills, PROFILE_SKILLS_MAX, &skills, &msg))
		json_object_set_new(errors, "skills", json_string(T(req, msg)));
	if (profile_tags_parse(req->pool, in.interests, PROFILE_INTERESTS_MAX, &interests, &msg))
		json_object_set_new(errors, "interests", json_string(T(req, msg)));
	read_language_rows(req, &in, errors);
	memcpy(shown.lang_codes, in.lang_codes, sizeof(in.lang_codes));
	memcpy(shown.lang_levels, in.lang_levels, sizeof(in.lang_levels));
	if (json_object_size(errors)) {
		edit_page(req, 422, p, &shown, errors);
		return;
	}
	json_decref(errors);
	if (db_begin(req->db))
		goto fail;
	if (people_update(req->db, p->id, &in.f) || profile_skills_set(req->db, p->id, &skills) ||
	    profile_interests_set(req->db, p->id, &interests) ||
	    profile_languages_set(req->db, p->id, &in.languages) || db_commit(req->db)) {
		db_rollback(req->db);
		goto fail;
	}
	if (p->id != req->viewer->id)
		audit_log(req->db, req->viewer->id, "profile_edited_by_admin", p->email, req->client_addr);
	page_redirect(req, pool_printf(req->pool, "/people/%lld", (long long)p->id), "profile");
	return;
fail:
	page_error(req, 503, N_("Your profile could not be saved. Please try again."));
}

/* ---- administrators: department, manager, role, status ------------------ */

void page_person_manage(struct request *req)
{
	struct person *p = load_person(req);
	if (!p)
		return;
	if (!visibility_can_manage_person(req->viewer, p)) {
		page_error(req, 403, N_("Only administrators can change this."));
		return;
	}
	struct person_change c = { 0 };
	json_t *errors = json_object();
	profile_view_read_manage(req, p, &c, errors);
	if (json_object_size(errors)) {
		json_t *ctx = json_object();
		json_object_set_new(ctx, "person", page_person_json(req, p));
		json_object_set_new(ctx, "manage", profile_view_manage(req, p, &c, errors));
		json_object_set_new(ctx, "nav_people", json_true());
		page_render(req, 422, "profile_manage", ctx, N_("Organisation and access"));
		json_decref(errors);  /* profile_view_manage took its own reference */
		return;
	}
	json_decref(errors);
	int rc = db_begin(req->db);
	if (rc == PLEIN_OK)
		rc = people_manage(req->db, p->id, &c);
	if (rc == PLEIN_OK)
		rc = db_commit(req->db);
	else
		db_rollback(req->db);
	if (rc == PLEIN_INVALID) {
		page_error(req, 422, N_("That manager would create a loop: they report to this person."));
		return;
	}
	if (rc == PLEIN_CONFLICT) {
		page_error(req, 409, N_("plein needs at least one active administrator. Make someone else an administrator first."));
		return;
	}
	if (rc) {
		page_error(req, 503, N_("Your changes could not be saved. Please try again."));
		return;
	}
	audit_log(req->db, req->viewer->id, "person_managed", pool_printf(req->pool, "%s role=%s status=%s",
	          p->email, c.role, c.status), req->client_addr);
	page_redirect(req, pool_printf(req->pool, "/people/%lld", (long long)p->id), "managed");
}
