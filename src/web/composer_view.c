/* composer_view.c — see composer_view.h. Which groups a viewer may post
 * in is visibility.c's answer (visibility_can_post_in_group) for each of
 * the groups in their scope; the names come from groups_get, bounded. */
#include "web/composer_view.h"
#include "core/groups.h"
#include "core/visibility.h"

const char *composer_return_path(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n < 1 || n > 200 || s[0] != '/' || s[1] == '/')
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
		      strchr("/_-.", s[i])))
			return NULL;
	return s;
}

static int by_name(const void *a, const void *b)
{
	const char *x = json_string_value(json_object_get(*(json_t *const *)a, "name"));
	const char *y = json_string_value(json_object_get(*(json_t *const *)b, "name"));
	return strcoll(x ? x : "", y ? y : "");
}

json_t *composer_view_json(struct request *req, const struct composer_state *st)
{
	const struct person *v = req->viewer;
	if (!v)
		return NULL;
	bool org = visibility_can_post(v);
	json_t *o = json_object();
	json_object_set_new(o, "text", json_string(st->text ? st->text : ""));
	json_object_set_new(o, "public", json_boolean(st->public && !st->group_id));
	if (st->error)
		json_object_set_new(o, "error", json_string(st->error));
	if (composer_return_path(st->return_to))
		json_object_set_new(o, "return", json_string(st->return_to));
	struct group *g;
	if (st->fixed) {
		if (groups_get(req->db, req->pool, st->group_id, &g) != PLEIN_OK || !visibility_can_post_in_group(v, g)) {
			json_decref(o);
			return NULL;
		}
		json_object_set_new(o, "fixed_group", json_pack("{s:I, s:s, s:b}", "id", (json_int_t)g->id, "name", g->name,
		                                                      "open", strcmp(g->kind, "open") == 0));
		return o;
	}
	json_t *list[COMPOSER_GROUPS_MAX];
	size_t n = 0;
	for (size_t i = 0; v->scope && i < v->scope->n && n < COMPOSER_GROUPS_MAX; i++) {
		if (groups_get(req->db, req->pool, v->scope->m[i].group_id, &g) != PLEIN_OK || !visibility_can_post_in_group(v, g))
			continue;
		list[n++] = json_pack("{s:I, s:s, s:b}", "id", (json_int_t)g->id, "name", g->name,
		                      "selected", g->id == st->group_id);
	}
	if (!org && !n) {
		json_decref(o);
		return NULL;
	}
	qsort(list, n, sizeof(*list), by_name);
	json_t *groups = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(groups, list[i]);
	json_object_set_new(o, "groups", groups);
	json_object_set_new(o, "has_groups", json_boolean(n > 0));
	json_object_set_new(o, "org_allowed", json_boolean(org));
	json_object_set_new(o, "in_group", json_boolean(st->group_id != 0));
	return o;
}
