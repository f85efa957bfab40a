/* pages_notifications.c — /notifications (the list, "Mark all as read",
 * opening one marks it read), the notification settings on /settings, and
 * the top bar's unread badge. */
#include "web/pages_notifications.h"
#include "web/page.h"
#include "web/app.h"
#include "web/handlers.h"
#include "web/post_view.h"
#include "web/social.h"
#include "api/api.h"
#include "core/i18n.h"
#include "core/notifications.h"
#include "core/people.h"
#include "core/reactions.h"
#include "core/stream.h"

/* The settings rows, in notification_kinds order. */
static const struct { const char *label, *hint; } kind_text[NOTIFICATION_KINDS] = {
	{ N_("Mentions of you"), N_("Someone mentions you in a post or a comment.") },
	{ N_("Replies to you"), N_("Someone comments on your post or answers your comment.") },
	{ N_("Reactions to your posts"), N_("Someone reacts to your post.") },
	{ N_("Praise for you"), N_("Someone praises you.") },
	{ N_("New followers"), N_("Someone starts following you.") },
	/* one setting for the three group kinds: invitations, requests to join
	 * a group you manage, and being let in */
	{ N_("Group invitations and requests"), N_("Someone invites you to a group, asks to join a group you manage, or lets you in.") },
	{ N_("Questions"), N_("Someone asks you a question by name, answers your question or accepts your answer.") },
};

static const char *reaction_emoji(const char *kind)
{
	for (size_t i = 0; kind && i < REACTION_KINDS; i++)
		if (strcmp(kind, reaction_kinds[i].key) == 0)
			return reaction_kinds[i].emoji;
	return NULL;
}

/* Put n where a translated message says %d. */
static const char *with_count(struct request *req, const char *msgid, int64_t n)
{
	const char *msg = T(req, msgid), *at = strstr(msg, "%d");
	return at ? pool_printf(req->pool, "%.*s%lld%s", (int)(at - msg), msg, (long long)n, at + 2) : msg;
}

static const char *badge_label(struct request *req, int64_t n)
{
	if (n <= 0)
		return T(req, N_("Notifications"));
	return n == 1 ? T(req, N_("1 unread notification")) : with_count(req, N_("%d unread notifications"), n);
}

json_t *notification_badge_json(struct request *req)
{
	int64_t n = 0;
	if (!req->viewer || !req->db || notifications_unread_count(req->db, req->viewer->id, &n))
		n = 0;  /* the page still renders; the count comes back next time */
	return json_pack("{s:I, s:b, s:s, s:s, s:s, s:s}", "count", (json_int_t)n, "has", n > 0,
		"label", badge_label(req, n), "label_none", T(req, N_("Notifications")),
		"label_one", T(req, N_("1 unread notification")), "label_many", T(req, N_("%d unread notifications")));
}

/* Where a notification leads: the comment, the post, or the actor. */
static const char *target_url(struct request *req, const struct notification *x)
{
	if (x->post_id && x->comment_id)
		return pool_printf(req->pool, "/posts/%lld#comment-%lld", (long long)x->post_id, (long long)x->comment_id);
	if (x->post_id)
		return pool_printf(req->pool, "/posts/%lld", (long long)x->post_id);
	if (strcmp(x->kind, "follow") == 0)
		return pool_printf(req->pool, "/people/%lld", (long long)x->actor_id);
	if (x->group_id)
		return pool_printf(req->pool, "/groups/%lld", (long long)x->group_id);
	return NULL;  /* about a post that is gone: nowhere to go */
}

static json_t *item_json(struct request *req, const struct notification *x)
{
	struct person actor = { .id = x->actor_id, .name = x->actor_name, .photo = x->actor_photo };
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(x->id));
	if (x->actor_hidden)  /* an anonymous asker: nothing that leads to anyone */
		json_object_set_new(o, "actor", json_pack("{s:s, s:s, s:I, s:n}", "name", T(req, N_("Anonymous")),
			"initials", "?", "avatar_hue", (json_int_t)0, "photo"));
	else
		json_object_set_new(o, "actor", json_pack("{s:s, s:o, s:I, s:o}", "name", x->actor_name, "initials",
			page_initials(x->actor_name), "avatar_hue", (json_int_t)(x->actor_id % 12), "photo",
			api_photo_urls(actor.photo)));
	/* one flag per sentence: the template holds the translatable text */
	const char *what = x->kind;
	if (strcmp(x->kind, "mention") == 0 && x->comment_id)
		what = "mention_comment";
	else if (strcmp(x->kind, "reply") == 0 && x->to_comment)
		what = "reply_comment";
	else if (strcmp(x->kind, "reaction") == 0 && reaction_emoji(x->reaction))
		json_object_set_new(o, "emoji", json_string(reaction_emoji(x->reaction)));
	else if (strcmp(x->kind, "praise") == 0 && x->badge)
		json_object_set_new(o, "badge", json_string(social_badge_label(req, x->badge)));
	json_object_set_new(o, pool_printf(req->pool, "is_%s", what), json_true());
	json_object_set_new(o, "text", page_text(x->text));
	bool about_group = strncmp(x->kind, "group_", 6) == 0;
	if (about_group && x->group_name)
		json_object_set_new(o, "group", json_pack("{s:s, s:s}", "name", x->group_name, "url",
			pool_printf(req->pool, "/groups/%lld", (long long)x->group_id)));
	json_object_set_new(o, "gone", json_boolean(x->gone && !about_group));
	json_object_set_new(o, "group_gone", json_boolean(x->gone && about_group));
	json_object_set_new(o, "unread", json_boolean(!x->read));
	json_object_set_new(o, "ago", json_string(page_ago(req, x->created_at)));
	json_object_set_new(o, "datetime", api_time(x->created_at));
	json_object_set_new(o, "open_url", json_string(pool_printf(req->pool, "/notifications/%lld/open", (long long)x->id)));
	return o;
}

void page_notifications(struct request *req)
{
	int64_t before = 0, next = 0, unread = 0;
	const char *only = req_query(req, "unread");
	bool unread_only = only && strcmp(only, "1") == 0;
	if (stream_cursor_parse(req_query(req, "cursor"), &before)) {
		page_error(req, 400, N_("This page link is not valid."));
		return;
	}
	struct notification *items;
	size_t n;
	if (notifications_list(req->db, req->pool, req->viewer, before, unread_only, NOTIFICATIONS_PAGE, &items, &n,
	                       &next) ||
	    notifications_unread_count(req->db, req->viewer->id, &unread)) {
		page_error(req, 503, N_("plein cannot reach its database right now. Please try again in a minute."));
		return;
	}
	json_t *ctx = json_object(), *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, item_json(req, &items[i]));
	json_object_set_new(ctx, "items", list);
	json_object_set_new(ctx, "has_items", json_boolean(n > 0));
	json_object_set_new(ctx, "unread", unread ? json_integer(unread) : json_false());
	json_object_set_new(ctx, "unread_label", json_string(badge_label(req, unread)));
	json_object_set_new(ctx, "unread_only", json_boolean(unread_only));
	json_object_set_new(ctx, "first_page", json_boolean(before == 0));
	if (next)
		json_object_set_new(ctx, "next", json_string(pool_printf(req->pool, "/notifications?%scursor=%lld",
		                                                        unread_only ? "unread=1&" : "", (long long)next)));
	json_object_set_new(ctx, "nav_notifications", json_true());
	page_render(req, 200, "notifications", ctx, N_("Notifications"));
}

void page_notification_open(struct request *req)
{
	int64_t id = req_param_id(req, "id");
	struct notification *x = NULL;
	int rc = id ? notifications_get(req->db, req->pool, req->viewer, id, &x) : PLEIN_NOTFOUND;
	if (rc == PLEIN_NOTFOUND) {
		page_error(req, 404, N_("There is no such notification."));
		return;
	}
	if (rc == PLEIN_OK && !x->read)
		rc = notifications_mark_read(req->db, req->viewer->id, &id, 1, NULL);
	if (rc) {
		page_error(req, 503, N_("plein cannot reach its database right now. Please try again in a minute."));
		return;
	}
	const char *url = target_url(req, x);
	page_redirect(req, url ? url : "/notifications",
	              url ? NULL : strncmp(x->kind, "group_", 6) == 0 ? "notification_group_gone" : "notification_gone");
}

void page_notifications_read_all(struct request *req)
{
	if (notifications_mark_all_read(req->db, req->viewer->id, NULL)) {
		page_error(req, 503, N_("plein cannot reach its database right now. Please try again in a minute."));
		return;
	}
	page_redirect(req, "/notifications", "notifications_read");
}

json_t *notification_settings_json(struct request *req)
{
	bool on[NOTIFICATION_KINDS];
	if (notifications_settings_get(req->db, req->viewer->id, on))
		return NULL;
	json_t *a = json_array();
	for (size_t i = 0; i < NOTIFICATION_KINDS; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:b}", "kind", notification_kinds[i], "label",
			T(req, kind_text[i].label), "hint", T(req, kind_text[i].hint), "checked", on[i]));
	return a;
}

void page_settings_notifications(struct request *req)
{
	/* a checkbox sends its name when ticked and nothing when not */
	bool on[NOTIFICATION_KINDS];
	for (size_t i = 0; i < NOTIFICATION_KINDS; i++)
		on[i] = form_get(&req->form, notification_kinds[i]) != NULL;
	if (notifications_settings_set(req->db, req->viewer->id, on)) {
		page_error(req, 503, N_("Your notification settings could not be saved. Please try again."));
		return;
	}
	page_redirect(req, "/settings#notifications", "notification_settings");
}
