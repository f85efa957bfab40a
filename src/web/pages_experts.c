/* pages_experts.c — the "Who knows…?" page (one search box, results as
 * you type, reasons under each person), the endorsement buttons on a
 * profile, and the form they post to. */
#include "web/page.h"
#include "web/app.h"
#include "web/handlers.h"
#include "core/endorsements.h"
#include "core/expertise.h"
#include "core/i18n.h"
#include "core/people.h"
#include "core/visibility.h"
#include "lib/utf8.h"

#define EXPERTS_PAGE 20
#define SUGGESTIONS 8

static const char *with_count(struct request *req, const char *one, const char *many, int64_t n)
{
	if (n == 1)
		return T(req, one);
	const char *fmt = T(req, many);
	const char *at = strstr(fmt, "%d");
	return at ? pool_printf(req->pool, "%.*s%lld%s", (int)(at - fmt), fmt, (long long)n, at + 2) : fmt;
}

static json_t *suggestions(struct request *req)
{
	const char **skills;
	size_t n;
	json_t *a = json_array();
	if (expertise_popular_skills(req->db, req->pool, SUGGESTIONS, &skills, &n))
		return a;  /* suggestions are a nicety: the page works without them */
	for (size_t i = 0; i < n; i++) {
		struct strbuf url = STRBUF_INIT;
		(void)strbuf_addstr(&url, "/experts?q=");
		(void)strbuf_add_urlencoded(&url, skills[i], strlen(skills[i]));
		json_array_append_new(a, json_pack("{s:s, s:s}", "name", skills[i], "url", url.buf));
		strbuf_release(&url);
	}
	return a;
}

static bool blank(const char *s)
{
	for (; s && *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return false;
	return true;
}

void page_experts(struct request *req)
{
	const char *q = req_query(req, "q"), *cursor = req_query(req, "cursor");
	bool partial = req_query(req, "partial") != NULL;
	int offset = 0;
	if (!visibility_can_browse(req->viewer)) {
		page_error(req, 403, N_("Searching for expertise is open to colleagues only."));
		return;
	}
	if (q && utf8_length(q, strlen(q)) > EXPERTISE_QUERY_MAX) {
		page_error(req, 400, N_("The search text can be at most 200 characters."));
		return;
	}
	if (cursor && expertise_cursor_parse(cursor, &offset)) {
		page_error(req, 400, N_("This page of the results does not exist. Start again from the first page."));
		return;
	}
	struct expertise_result r = { 0 };
	bool asked = !blank(q);
	if (asked && expertise_search(req->db, req->pool, q, req->lang, EXPERTS_PAGE, offset, &r)) {
		page_error(req, 503, N_("plein cannot reach its database right now. Please try again in a minute."));
		return;
	}
	json_t *ctx = json_object(), *people = json_array();
	for (size_t i = 0; i < r.n; i++) {
		struct person *p;
		int rc = people_get(req->db, req->pool, r.items[i].id, &p);
		if (rc || !visibility_can_see_person(req->viewer, p) || strcmp(p->status, "active") != 0)
			continue;  /* left between the index and now, or unreadable: skip, the rest still helps */
		json_t *o = page_person_json(req, p), *reasons = json_array();
		for (size_t k = 0; k < r.items[i].n_reasons; k++)
			json_array_append_new(reasons, json_string(r.items[i].reasons[k]));
		json_object_set_new(o, "reasons", reasons);
		json_array_append_new(people, o);
	}
	bool empty = json_array_size(people) == 0;
	json_object_set_new(ctx, "q", page_text(q));
	json_object_set_new(ctx, "asked", json_boolean(asked));
	json_object_set_new(ctx, "people", people);
	json_object_set_new(ctx, "empty", json_boolean(empty));
	const char *count = "";
	if (asked && r.total == 0)
		count = T(req, N_("No one found"));
	else if (asked && r.capped)
		count = T(req, N_("Many colleagues match: the best first"));  /* the count is only what was read */
	else if (asked)
		count = with_count(req, N_("1 person"), N_("%d people"), (int64_t)r.total);
	json_object_set_new(ctx, "count_label", json_string(count));
	if (empty) {
		json_t *s = suggestions(req);
		json_object_set_new(ctx, "has_suggestions", json_boolean(json_array_size(s) > 0));
		json_object_set_new(ctx, "suggestions", s);
	}
	if (r.more) {
		struct strbuf url = STRBUF_INIT;
		(void)strbuf_addstr(&url, "/experts?q=");
		(void)strbuf_add_urlencoded(&url, q, strlen(q));
		(void)strbuf_addf(&url, "&cursor=%s", expertise_cursor_make(req->pool, offset + (int)r.n));
		json_object_set_new(ctx, "next_url", json_string(url.buf));
		strbuf_release(&url);
	}
	json_object_set_new(ctx, "nav_experts", json_true());
	if (partial)
		page_render_fragment(req, "experts_list", ctx);
	else
		page_render(req, 200, "experts", ctx, N_("Who knows…?"));
}

json_t *page_endorsements_json(struct request *req, const struct person *p)
{
	struct endorsed_skills list;
	if (endorsements_list(req->db, req->pool, p->id, req->viewer->id, &list))
		return json_null();  /* the profile shows without its skills rather than not at all */
	bool can = visibility_can_endorse(req->viewer, p);
	const char *first = p->name;
	const char *space = strchr(first, ' ');
	first = space ? pool_strndup(req->pool, first, (size_t)(space - first)) : first;
	json_t *skills = json_array();
	for (size_t i = 0; i < list.n; i++) {
		const struct endorsed_skill *s = &list.items[i];
		json_t *o = json_pack("{s:s, s:I, s:b, s:b, s:s}", "name", s->name, "count", (json_int_t)s->count,
		                      "by_viewer", s->by_viewer, "can_endorse", can, "first_name", first);
		if (visibility_can_browse(req->viewer)) {
			struct strbuf url = STRBUF_INIT;
			(void)strbuf_addstr(&url, "/people?skill=");
			(void)strbuf_add_urlencoded(&url, s->name, strlen(s->name));
			json_object_set_new(o, "url", json_stringn(url.buf, url.len));
			strbuf_release(&url);
		}
		if (s->count)
			json_object_set_new(o, "count_label",
			                    json_string(with_count(req, N_("1 endorsement"), N_("%d endorsements"), s->count)));
		json_array_append_new(skills, o);
	}
	json_t *o = json_object();
	json_object_set_new(o, "skills", skills);
	json_object_set_new(o, "has_skills", json_boolean(list.n > 0));
	json_object_set_new(o, "is_self", json_boolean(p->id == req->viewer->id));
	json_object_set_new(o, "action_url",
	                    json_string(pool_printf(req->pool, "/people/%lld/endorsements", (long long)p->id)));
	return o;
}

void page_person_endorse(struct request *req)
{
	int64_t id = req_param_id(req, "id");
	struct person *p = NULL;
	if (!visibility_can_browse(req->viewer)) {
		page_error(req, 403, N_("Only colleagues can endorse skills."));
		return;
	}
	int rc = id ? people_get(req->db, req->pool, id, &p) : PLEIN_NOTFOUND;
	if (rc == PLEIN_NOTFOUND || (rc == PLEIN_OK && !visibility_can_see_person(req->viewer, p))) {
		page_error(req, 404, N_("This person does not exist, or has left."));
		return;
	}
	if (rc) {
		page_error(req, 503, N_("plein cannot reach its database right now. Please try again in a minute."));
		return;
	}
	if (!visibility_can_endorse(req->viewer, p)) {
		page_error(req, 403, p->id == req->viewer->id ? N_("You cannot endorse your own skills.")
		                                              : N_("You cannot endorse this person."));
		return;
	}
	const char *skill = form_get(&req->form, "skill"), *action = form_get(&req->form, "action");
	const char *canonical, *msg = NULL;
	int64_t count;
	bool created;
	bool withdraw = action && strcmp(action, "withdraw") == 0;
	if (withdraw)
		rc = endorsements_remove(req->db, req->pool, p->id, req->viewer->id, skill, &count, &canonical, &msg);
	else
		rc = endorsements_add(req->db, req->pool, p->id, req->viewer->id, skill, &count, &created, &canonical, &msg);
	if (rc == PLEIN_INVALID || rc == PLEIN_DENIED) {
		page_error(req, rc == PLEIN_INVALID ? 422 : 403, msg);
		return;
	}
	if (rc) {
		page_error(req, 503, N_("The endorsement could not be saved. Please try again."));
		return;
	}
	page_redirect(req, pool_printf(req->pool, "/people/%lld#skills", (long long)p->id),
	              withdraw ? "unendorsed" : "endorsed");
}
