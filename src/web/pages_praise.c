/* pages_praise.c — /praise/new: thank one or more colleagues with a badge.
 * Colleagues come as ids (chosen suggestions, ?to=ID) or as e-mail
 * addresses and names typed into one field, resolved here, so the form
 * works without JavaScript. The post itself is core/posts.c's. */
#include "web/page.h"
#include "web/app.h"
#include "web/handlers.h"
#include "web/social.h"
#include "core/i18n.h"
#include "core/people.h"
#include "core/posts.h"
#include "core/visibility.h"
#include <ctype.h>

#define COLLEAGUES_TEXT_MAX 2000

struct praise_form {
	struct person *chosen[POST_PRAISED_MAX];
	size_t n;
	const char *colleagues, *badge, *text;
};

/* A colleague one may praise: visible, active, not yourself. */
static bool praisable(struct request *req, const struct person *p)
{
	return visibility_can_see_person(req->viewer, p) && strcmp(p->status, "active") == 0 && p->id != req->viewer->id;
}

static void add_chosen(struct praise_form *f, struct person *p)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->chosen[i]->id == p->id)
			return;
	if (f->n < POST_PRAISED_MAX)
		f->chosen[f->n++] = p;
}

static void form_page(struct request *req, int status, const struct praise_form *f, json_t *errors)
{
	json_t *ctx = json_object(), *chosen = json_array(), *badges = json_array();
	for (size_t i = 0; i < f->n; i++)
		json_array_append_new(chosen, page_person_json(req, f->chosen[i]));
	size_t nb;
	const char *const *keys = posts_badges(&nb);
	for (size_t i = 0; i < nb; i++)
		json_array_append_new(badges, json_pack("{s:s, s:s, s:s, s:b}", "key", keys[i],
			"label", social_badge_label(req, keys[i]), "icon", social_badge_icon(keys[i]),
			"checked", f->badge && strcmp(f->badge, keys[i]) == 0));
	json_object_set_new(ctx, "chosen", chosen);
	json_object_set_new(ctx, "has_chosen", json_boolean(f->n > 0));
	json_object_set_new(ctx, "badges", badges);
	json_object_set_new(ctx, "colleagues", page_text(f->colleagues));
	json_object_set_new(ctx, "text", page_text(f->text));
	if (errors && json_object_size(errors))
		json_object_set_new(errors, "any", json_true());
	json_object_set_new(ctx, "errors", errors ? errors : json_object());
	json_object_set_new(ctx, "nav_home", json_true());
	page_render(req, status, "praise_new", ctx, N_("Praise a colleague"));
}

void page_praise_form(struct request *req)
{
	if (!visibility_can_post(req->viewer)) {
		page_error(req, 403, N_("Only colleagues can give praise."));
		return;
	}
	struct praise_form f = { 0 };
	const char *to = req_query(req, "to");
	int64_t id = to ? strtoll(to, NULL, 10) : 0;
	struct person *p;
	if (id > 0 && people_get(req->db, req->pool, id, &p) == PLEIN_OK && praisable(req, p))
		add_chosen(&f, p);
	form_page(req, 200, &f, NULL);
}

static char *trim(char *s)
{
	while (*s && isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

void page_praise_create(struct request *req)
{
	if (!visibility_can_post(req->viewer)) {
		page_error(req, 403, N_("Only colleagues can give praise."));
		return;
	}
	struct praise_form f = { .badge = form_get(&req->form, "badge"), .text = form_get(&req->form, "text"),
	                         .colleagues = form_get(&req->form, "colleagues") };
	json_t *errors = json_object();
	for (size_t i = 0; i < req->form.n; i++) {
		if (strcmp(req->form.fields[i].key, "to") != 0)
			continue;
		int64_t id = strtoll(req->form.fields[i].value, NULL, 10);
		struct person *p;
		if (id > 0 && people_get(req->db, req->pool, id, &p) == PLEIN_OK && praisable(req, p))
			add_chosen(&f, p);
	}
	struct strbuf left = STRBUF_INIT;  /* the entries that did not resolve stay in the field */
	if (f.colleagues && strlen(f.colleagues) > COLLEAGUES_TEXT_MAX) {
		json_object_set_new(errors, "colleagues", json_string(T(req, N_("That list of colleagues is too long."))));
	} else if (f.colleagues) {
		char *copy = pool_strdup(req->pool, f.colleagues), *save = NULL;
		for (char *tok = strtok_r(copy, ",;\n", &save); tok; tok = strtok_r(NULL, ",;\n", &save)) {
			const char *entry = trim(tok), *msg = NULL;
			if (!*entry)
				continue;
			struct person *p = page_resolve_person(req, entry, praisable, &msg);
			if (p) {
				add_chosen(&f, p);
				continue;
			}
			if (!json_object_get(errors, "colleagues"))
				json_object_set_new(errors, "colleagues", json_string(social_subst(req->pool, T(req, msg), entry)));
			(void)strbuf_addf(&left, "%s%s", left.len ? ", " : "", entry);
		}
	}
	f.colleagues = left.len ? pool_strndup(req->pool, left.buf, left.len) : NULL;
	strbuf_release(&left);
	if (!json_object_get(errors, "colleagues") && f.n == 0)
		json_object_set_new(errors, "colleagues", json_string(T(req, N_("Choose the colleagues to praise."))));
	if (!posts_badge_valid(f.badge))
		json_object_set_new(errors, "badge", json_string(T(req, N_("Choose one of the badges."))));
	const char *msg = posts_text_error(f.text ? f.text : "", POST_TEXT_MAX);
	if (msg)
		json_object_set_new(errors, "text", json_string(T(req, f.text && *f.text ? msg
			: N_("Write a few words: what did they do?"))));
	if (json_object_size(errors)) {
		form_page(req, 422, &f, errors);
		return;
	}
	int64_t ids[POST_PRAISED_MAX], id;
	for (size_t i = 0; i < f.n; i++)
		ids[i] = f.chosen[i]->id;
	struct post_input in = { .text = f.text, .kind = "praise", .badge = f.badge, .praised = ids, .n_praised = f.n };
	int rc = posts_create(req->db, req->pool, req->viewer, &in, &id, &msg);
	if (rc == PLEIN_INVALID) {
		json_object_set_new(errors, "text", json_string(T(req, msg)));
		form_page(req, 422, &f, errors);
		return;
	}
	json_decref(errors);
	if (rc) {
		page_error(req, 503, N_("The praise could not be saved. Please try again."));
		return;
	}
	page_redirect(req, pool_printf(req->pool, "/posts/%lld", (long long)id), NULL);
}
