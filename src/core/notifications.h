/* notifications.h — in-app notifications: mentions, replies, reactions,
 * praise and new followers; per-kind settings; unread counts. */
#ifndef PLEIN_NOTIFICATIONS_H
#define PLEIN_NOTIFICATIONS_H
#include "db/db.h"
#include "lib/pool.h"

#define NOTIFICATION_KINDS 7
#define NOTIFICATIONS_PAGE 20
#define NOTIFICATIONS_PAGE_MAX 50
#define NOTIFICATIONS_MARK_MAX 100       /* ids in one "mark read" request */
#define NOTIFICATION_SNIPPET_MAX 120     /* characters of a post or comment shown */

/* The kinds, in the order settings show them. */
extern const char *const notification_kinds[NOTIFICATION_KINDS];

/* kind: "mention" | "reply" | "reaction" | "praise" | "follow" (and
 * "groups", the one setting for the three group kinds below; "questions",
 * the one setting for "question_asked" — a colleague asks you by name — and
 * "question_answered" — your question has an answer, whose post_id is the
 * answer — and "answer_accepted" — your answer, post_id, was accepted). */
bool notifications_kind_valid(const char *kind);
/* In the caller's transaction: a notification for `person_id` unless it is
 * the actor themself or they turned the kind off; with a 'notification'
 * event for the live unread count. post_id/comment_id 0 when absent. */
int notifications_add(struct db *db, int64_t person_id, const char *kind, int64_t actor_id,
                      int64_t post_id, int64_t comment_id) WARN_UNUSED;
/* About a group, in the caller's transaction: kind "group_invite" (to the
 * invitee), "group_request" (to the group's managers), "group_joined" (to
 * someone added or approved). All three follow the one setting "groups".
 * Shown only while the recipient may see the group (checked when read). */
int notifications_add_group(struct db *db, int64_t person_id, const char *kind, int64_t actor_id,
                            int64_t group_id) WARN_UNUSED;

/* One notification as its recipient sees it *now*. The post (or comment)
 * it is about is checked with visibility_can_see_post at read time: when it
 * was deleted since, or the recipient may no longer see it, `gone` is set
 * and post_id, comment_id, text and badge are cleared — the notification
 * still says who did what, never what the post said. A deleted comment
 * clears comment_id and text but keeps a visible post. Strings live in the
 * pool. */
struct notification {
	int64_t id;
	const char *kind;
	int64_t actor_id;
	const char *actor_name, *actor_photo;  /* photo: key, "" for none */
	bool actor_hidden;       /* the actor is an anonymous asker: actor_id 0, name and photo "" */
	int64_t post_id, comment_id;           /* 0: none (or no longer visible) */
	const char *text;        /* plain-text snippet of the post or comment, "" for none */
	const char *badge;       /* praise: the badge key; NULL otherwise */
	const char *reaction;    /* reaction: the actor's latest kind on the post ("tada"), NULL if withdrawn */
	bool to_comment;         /* reply: answers the recipient's comment (not only their post) */
	int64_t group_id;        /* group_*: the group (0 when no longer visible, then gone) */
	const char *group_name;  /* group_*: its name, NULL when gone */
	bool gone;               /* the post is deleted or no longer visible to the recipient */
	bool read;
	int64_t created_at;
};

struct person;
/* The viewer's notifications, newest first: ids below `before` (0: from the
 * newest), only unread ones when unread_only; at most limit (1 …
 * NOTIFICATIONS_PAGE_MAX). *next is the cursor of the next page, 0 at the
 * end. */
int notifications_list(struct db *db, struct pool *p, const struct person *viewer, int64_t before,
                       bool unread_only, int limit, struct notification **out, size_t *n, int64_t *next) WARN_UNUSED;
/* One of the viewer's own notifications (PLEIN_NOTFOUND for another's). */
int notifications_get(struct db *db, struct pool *p, const struct person *viewer, int64_t id,
                      struct notification **out) WARN_UNUSED;
/* Unread notifications of a person: one count over the partial index. */
int notifications_unread_count(struct db *db, int64_t person_id, int64_t *n) WARN_UNUSED;
/* Mark read, in one transaction, those of ids that belong to person_id
 * (others' ids are ignored); *changed how many were unread (may be NULL).
 * Adds a 'notification' event so other open pages update their count. */
int notifications_mark_read(struct db *db, int64_t person_id, const int64_t *ids, size_t n,
                            int *changed) WARN_UNUSED;
int notifications_mark_all_read(struct db *db, int64_t person_id, int *changed) WARN_UNUSED;
/* enabled[i] for notification_kinds[i]; on unless turned off. */
int notifications_settings_get(struct db *db, int64_t person_id, bool enabled[NOTIFICATION_KINDS]) WARN_UNUSED;
/* Store all kinds at once (one transaction). */
int notifications_settings_set(struct db *db, int64_t person_id, const bool enabled[NOTIFICATION_KINDS]) WARN_UNUSED;

/* The first NOTIFICATION_SNIPPET_MAX characters of Markdown as plain text
 * (no markup, whitespace collapsed, "…" when cut), in the pool. */
const char *notifications_snippet(struct pool *p, const char *markdown, size_t len);
#endif
