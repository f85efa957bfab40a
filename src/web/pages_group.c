/* pages_group.c — one group: its page (header, pinned posts, the group's
 * stream with "Older posts" and live "N new posts", a composer for members
 * posting into the group), /about, /settings (rename, kind with a
 * confirmation step, category, about), deleting it, pinning posts. Who may
 * do what: visibility.c, asked through web/group_view.c. */
#include "web/pages_groups.h"
#include "web/page.h"
#include "web/app.h"
#include "web/handlers.h"
#include "web/group_view.h"
#include "web/post_view.h"
#include "core/groups.h"
#include "core/i18n.h"
#include "core/visibility.h"
#include <ctype.h>
#include <time.h>

#define GROUP_STREAM_PAGE 20

static bool range_from_query(struct request *req, struct stream_range *r)
{
	memset(r, 0, sizeof(*r));
	r->limit = GROUP_STREAM_PAGE;
	if (stream_cursor_parse(req_query(req, "cursor"), &r->before) ||
	    stream_cursor_parse(req_query(req, "after"), &r->after)) {
		page_error(req, 400, N_("This link is not valid."));
		return false;
	}
	return true;
}

/* Pin / Unpin buttons for managers on each item of a stream or pin list. */
static void add_pin_buttons(struct request *req, const struct group *g, json_t *items, const int64_t *pins, size_t n_pins)
{
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it) {
		int64_t id = json_integer_value(json_object_get(it, "id"));
		bool pinned = false;
		for (size_t k = 0; k < n_pins; k++)
			pinned |= pins[k] == id;
		json_object_set_new(it, "pin", json_pack("{s:s, s:b}", "action",
			group_pages_url(req, g, pool_printf(req->pool, "/posts/%lld/%s", (long long)id, pinned ? "unpin" : "pin")),
			"pinned", pinned));
	}
}

/* The pinned posts the viewer may see, in pin order. */
static json_t *pinned_json(struct request *req, const struct group *g, const int64_t *ids, size_t n)
{
	struct post *posts = NULL;
	size_t got = 0;
	if (!n || posts_load(req->db, req->pool, ids, n, &posts, &got))
		return json_array();
	struct stream_page page = { .items = pool_alloc(req->pool, sizeof(struct post) * (got + 1)), .n = 0 };
	for (size_t i = 0; i < got; i++)
		if (posts[i].group_id == g->id && !posts[i].deleted_at && visibility_can_see_post(req->viewer, &posts[i]))
			page.items[page.n++] = posts[i];
	return post_view_items(req, &page);
}

/* The page of a group whose content the viewer may not read (a closed group
 * they are not in): the header, what the group is, and how to get in. */
static void locked_page(struct request *req, const struct group *g)
{
	json_t *ctx = group_view_header(req, g, "stream");
	json_object_set_new(ctx, "locked", json_true());
	json_object_set_new(ctx, "nav_groups", json_true());
	page_render(req, 403, "group", ctx, g->name);
}

void page_group(struct request *req)
{
	struct group *g = group_view_load(req, false);
	struct stream_range r;
	if (!g || !range_from_query(req, &r))
		return;
	if (!visibility_can_read_group(req->viewer, g)) {
		locked_page(req, g);
		return;
	}
	struct stream_page page;
	int64_t *pins = NULL;
	size_t n_pins = 0;
	bool began = db_read_begin(req->db);
	if (stream_group(req->db, req->pool, req->viewer, g->id, r, &page) ||
	    groups_pins(req->db, req->pool, g->id, &pins, &n_pins)) {
		db_read_end(req->db, began);
		group_pages_unavailable(req);
		return;
	}
	json_t *ctx = group_view_header(req, g, "stream");
	bool manage = visibility_can_manage_group(req->viewer, g);
	json_t *stream = home_stream_json(req, &page, pool_printf(req->pool, "group:%lld", (long long)g->id),
		group_pages_url(req, g, ""), T(req, visibility_can_post_in_group(req->viewer, g)
			? N_("No posts in this group yet. Start the conversation above.")
			: N_("No posts in this group yet.")));
	json_object_set_new(stream, "fragment", json_string(group_pages_url(req, g, "/fragment")));
	json_t *pinned = r.before ? json_array() : pinned_json(req, g, pins, n_pins);  /* pins on the first page only */
	db_read_end(req->db, began);
	if (manage) {
		add_pin_buttons(req, g, json_object_get(stream, "items"), pins, n_pins);
		add_pin_buttons(req, g, pinned, pins, n_pins);
	}
	json_object_set_new(ctx, "has_pinned", json_boolean(json_array_size(pinned) > 0));
	json_object_set_new(ctx, "pinned", pinned);
	json_object_set_new(ctx, "stream", stream);
	json_object_set_new(ctx, "composer", json_pack("{s:I, s:s}", "group_id", (json_int_t)g->id, "group_name", g->name));
	json_object_set_new(ctx, "nav_groups", json_true());
	page_render(req, 200, "group", ctx, g->name);
}

/* <li> items newer than ?after= for the "N new posts" bar. */
void page_group_fragment(struct request *req)
{
	struct group *g = group_view_load(req, true);
	struct stream_range r;
	if (!g || !range_from_query(req, &r))
		return;
	struct stream_page page;
	bool began = db_read_begin(req->db);
	if (stream_group(req->db, req->pool, req->viewer, g->id, r, &page)) {
		db_read_end(req->db, began);
		group_pages_unavailable(req);
		return;
	}
	json_t *items = post_view_items(req, &page);
	db_read_end(req->db, began);
	page_render_fragment(req, "stream_fragment", json_pack("{s:o}", "items", items));
}

/* ---------- about ---------- */

void page_group_about(struct request *req)
{
	struct group *g = group_view_load(req, false);
	if (!g)
		return;
	json_t *ctx = group_view_header(req, g, "about");
	/* owners are members: shown only to those who may read the group */
	json_t *owners = json_array();
	if (visibility_can_read_group(req->viewer, g)) {
		struct group_member *m = NULL;
		size_t n = 0;
		if (groups_members(req->db, req->pool, g->id, 0, GROUP_PAGE_MAX, &m, &n) == PLEIN_OK)
			for (size_t i = 0; i < n && strcmp(m[i].role, "owner") == 0; i++)
				json_array_append_new(owners, json_pack("{s:s, s:s}", "name", m[i].person.name, "url",
					pool_printf(req->pool, "/people/%lld", (long long)m[i].person.id)));
	}
	char date[16] = "";
	time_t t = (time_t)g->created_at;
	struct tm tm;
	if (gmtime_r(&t, &tm))
		strftime(date, sizeof(date), "%Y-%m-%d", &tm);
	json_object_set_new(ctx, "created", json_string(date));
	json_object_set_new(ctx, "created_ago", json_string(page_ago(req, g->created_at)));
	json_object_set_new(ctx, "owners", owners);
	json_object_set_new(ctx, "has_owners", json_boolean(json_array_size(owners) > 0));
	json_object_set_new(ctx, "has_about", json_boolean(g->about && *g->about));
	if (g->category && *g->category) {
		struct strbuf u = STRBUF_INIT;
		(void)strbuf_addstr(&u, "/groups?category=");
		(void)strbuf_add_urlencoded(&u, g->category, strlen(g->category));
		json_object_set_new(ctx, "category_url", json_string(u.buf));
		strbuf_release(&u);
	}
	json_object_set_new(ctx, "nav_groups", json_true());
	page_render(req, 200, "group_about", ctx, g->name);
}

/* ---------- settings ---------- */

static struct group *load_owned(struct request *req)
{
	struct group *g = group_view_load(req, false);
	if (g && !visibility_can_own_group(req->viewer, g)) {
		page_error(req, 403, N_("Only the owners of this group can change its settings."));
		return NULL;
	}
	return g;
}

static void settings_form(struct request *req, const struct group *g, int status, const struct group_input *in,
                          json_t *errors)
{
	json_t *ctx = group_view_header(req, g, "settings"), *kinds = json_array();
	static const char *const kind_names[] = { "open", "closed", "secret" };
	const char *kind = in->kind && groups_kind_valid(in->kind) ? in->kind : g->kind;
	for (size_t i = 0; i < ARRAY_LEN(kind_names); i++)
		json_array_append_new(kinds, json_pack("{s:s, s:s, s:s, s:b}", "value", kind_names[i],
			"label", group_view_kind_label(req, kind_names[i]), "hint", group_view_kind_hint(req, kind_names[i]),
			"checked", strcmp(kind, kind_names[i]) == 0));
	json_object_set_new(ctx, "kinds", kinds);
	struct group_category *cats = NULL;
	size_t n_cats = 0;
	json_t *cat_list = json_array();
	if (groups_categories(req->db, req->pool, req->viewer, &cats, &n_cats) == PLEIN_OK)
		for (size_t i = 0; i < n_cats; i++)
			json_array_append_new(cat_list, json_pack("{s:s}", "name", cats[i].name));
	json_object_set_new(ctx, "categories", cat_list);
	json_object_set_new(ctx, "form", json_pack("{s:o, s:o, s:o}", "name", page_text(in->name),
		"category", page_text(in->category), "about", page_text(in->about)));
	if (errors && json_object_size(errors))
		json_object_set_new(errors, "any", json_true());
	json_object_set_new(ctx, "errors", errors ? errors : json_object());
	json_object_set_new(ctx, "nav_groups", json_true());
	page_render(req, status, "group_settings", ctx, N_("Group settings"));
}

void page_group_settings(struct request *req)
{
	struct group *g = load_owned(req);
	if (!g)
		return;
	struct group_input in = { .name = g->name, .kind = g->kind, .category = g->category, .about = g->about };
	settings_form(req, g, 200, &in, NULL);
}

static const char *trim(struct request *req, const char *s)
{
	while (*s && isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	char *out = pool_alloc(req->pool, n + 1);
	memcpy(out, s, n);
	out[n] = '\0';
	return out;
}

/* How strict a kind is: a change to a stricter one hides content at once. */
static int kind_rank(const char *kind)
{
	return strcmp(kind, "open") == 0 ? 0 : strcmp(kind, "closed") == 0 ? 1 : 2;
}

void page_group_settings_save(struct request *req)
{
	struct group *g = load_owned(req);
	if (!g)
		return;
	struct group_input in = { .name = trim(req, group_pages_form(req, "name")), .kind = group_pages_form(req, "kind"),
	                          .category = trim(req, group_pages_form(req, "category")),
	                          .about = group_pages_form(req, "about") };
	const char *msg = groups_input_error(&in, true);
	if (!msg && !*in.name)
		msg = N_("Give the group a name.");
	if (!msg && g->special && strcmp(in.kind, g->kind) != 0)
		msg = N_("The alumni group stays closed.");
	if (msg) {
		json_t *errors = json_object();
		const char *field = strstr(msg, "ategor") ? "category" : strstr(msg, "escription") ? "about"
		                  : strstr(msg, "open, closed") || strstr(msg, "alumni") ? "kind" : "name";
		json_object_set_new(errors, field, json_string(T(req, msg)));
		settings_form(req, g, 422, &in, errors);
		return;
	}
	/* A change of kind is confirmed first: it changes who sees everything
	 * in the group, at once. */
	const char *confirmed = form_get(&req->form, "confirm");
	if (strcmp(in.kind, g->kind) != 0 && !(confirmed && strcmp(confirmed, "1") == 0)) {
		const char *question = strcmp(in.kind, "secret") == 0
			? N_("Turning this group secret hides it and its content from non-members at once: it disappears from the directory, and only members can find it. People join only by invitation.")
			: kind_rank(in.kind) > kind_rank(g->kind)
			? N_("Turning this group closed hides its posts, members, pages and files from non-members at once. They can still find the group and ask to join.")
			: N_("Opening this group up shows its posts, members, pages and files to everyone in the organisation at once, including everything posted before.");
		json_t *hidden = json_pack("{s:s, s:s, s:s, s:s, s:s}", "name", in.name, "kind", in.kind, "category",
			in.category, "about", in.about, "confirm", "1");
		const char *title = strcmp(in.kind, "secret") == 0 ? N_("Make %s secret?")
		                  : strcmp(in.kind, "closed") == 0 ? N_("Make %s closed?") : N_("Make %s open?");
		group_pages_confirm(req, g, 200, title, question, g->name, group_pages_url(req, g, "/settings"),
			N_("Yes, change it"), kind_rank(in.kind) > kind_rank(g->kind), hidden);
		return;
	}
	int rc = groups_update(req->db, req->pool, req->viewer, g->id, &in, &msg);
	if (rc == PLEIN_INVALID || rc == PLEIN_CONFLICT) {
		json_t *errors = json_object();
		json_object_set_new(errors, "name", json_string(
			T(req, rc == PLEIN_CONFLICT ? N_("There is already a group with this name.") : msg ? msg : N_("This is not valid."))));
		settings_form(req, g, 422, &in, errors);
		return;
	}
	if (rc == PLEIN_NOTFOUND) {
		page_error(req, 404, N_("There is no such group, or it is not visible to you."));
		return;
	}
	if (rc) {
		group_pages_unavailable(req);
		return;
	}
	page_redirect(req, group_pages_url(req, g, "/about"), "group_saved");
}

/* ---------- delete ---------- */

void page_group_delete_form(struct request *req)
{
	struct group *g = load_owned(req);
	if (!g)
		return;
	if (g->special) {
		page_error(req, 403, N_("The alumni group cannot be deleted."));
		return;
	}
	group_pages_confirm(req, g, 200, N_("Delete %s?"),
		N_("The group and everything in it — posts, pages and files — disappear for everyone, members included. This cannot be undone here."),
		g->name, group_pages_url(req, g, "/delete"), N_("Delete the group"), true, NULL);
}

void page_group_delete(struct request *req)
{
	struct group *g = load_owned(req);
	if (!g)
		return;
	if (g->special) {
		page_error(req, 403, N_("The alumni group cannot be deleted."));
		return;
	}
	int rc = groups_delete(req->db, req->viewer, g->id);
	if (rc && rc != PLEIN_NOTFOUND) {
		group_pages_unavailable(req);
		return;
	}
	page_redirect(req, "/groups", "group_deleted");
}

/* ---------- pins ---------- */

static void pin(struct request *req, bool on)
{
	struct group *g = group_view_load(req, true);
	if (!g)
		return;
	if (!visibility_can_manage_group(req->viewer, g)) {
		page_error(req, 403, N_("Only the owners and moderators of this group can pin posts."));
		return;
	}
	int64_t post_id = req_param_id(req, "post_id");
	struct post *post = NULL;
	int rc = post_id ? posts_get(req->db, req->pool, post_id, &post) : PLEIN_NOTFOUND;
	if (rc == PLEIN_OK && (post->group_id != g->id || post->deleted_at || !visibility_can_see_post(req->viewer, post)))
		rc = PLEIN_NOTFOUND;
	if (rc == PLEIN_NOTFOUND) {
		page_error(req, 404, N_("There is no such post in this group."));
		return;
	}
	if (!rc)
		rc = groups_pin(req->db, req->viewer, g->id, post_id, on);
	if (rc == PLEIN_INVALID || rc == PLEIN_TOOBIG) {
		page_error(req, 422, N_("A group can have at most 10 pinned posts. Unpin one first."));
		return;
	}
	if (rc && rc != PLEIN_CONFLICT && rc != PLEIN_NOTFOUND) {
		group_pages_unavailable(req);
		return;
	}
	page_redirect(req, group_pages_url(req, g, ""), on ? "group_pinned" : "group_unpinned");
}

void page_group_pin(struct request *req) { pin(req, true); }
void page_group_unpin(struct request *req) { pin(req, false); }
