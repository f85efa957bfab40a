/* groups.h — groups and communities: open, closed and secret groups, their
 * members (owner, moderator, member), requests to join and invitations,
 * categories, the directory and pinned posts. This module stores and loads;
 * who may see or do what is core/visibility.c's answer, asked by the caller
 * (handlers) before calling the writers here. */
#ifndef PLEIN_GROUPS_H
#define PLEIN_GROUPS_H
#include "core/people.h"

#define GROUP_NAME_MAX 80         /* characters */
#define GROUP_CATEGORY_MAX 40
#define GROUP_ABOUT_MAX 5000
#define GROUP_PAGE_MAX 50         /* directory and member pages */
#define GROUP_PINS_MAX 10

/* Strings live in the pool the group was read into. */
struct group {
	int64_t id;
	const char *name;
	const char *kind;        /* "open" | "closed" | "secret" */
	const char *category;    /* "" for none */
	const char *about, *about_html;
	const char *special;     /* "alumni" or NULL */
	int64_t member_count;
	int64_t created_by, created_at, updated_at, deleted_at;  /* deleted_at 0: not deleted */
};

/* What a creator or owner sends; NULL leaves a field unchanged (update). */
struct group_input {
	const char *name;
	const char *kind;
	const char *category;
	const char *about;
};

struct group_member {
	struct person_brief { int64_t id; const char *name, *title, *photo, *role, *status; } person;
	const char *role;        /* "owner" | "moderator" | "member" */
	int64_t joined_at;
};

struct group_request {
	int64_t group_id;
	const char *group_name;
	struct person_brief person;  /* who would join */
	const char *kind;        /* "request" | "invite" */
	int64_t actor_id;
	const char *actor_name;
	const char *message;
	int64_t created_at;
};

bool groups_kind_valid(const char *kind);
/* The folded name (case, diacritics, spacing) that must be unique; NULL if unusable. */
const char *groups_name_key(struct pool *p, const char *name);
/* NULL when the fields are acceptable, else an English sentence. */
const char *groups_input_error(const struct group_input *in, bool creating);
bool groups_member_role_valid(const char *role);

/* Create: validated (English *msg on PLEIN_INVALID, PLEIN_CONFLICT when the
 * name is taken), the creator becomes its owner, one transaction. */
int groups_create(struct db *db, struct pool *p, const struct person *creator, const struct group_input *in,
                  int64_t *id_out, const char **msg) WARN_UNUSED;
/* Name, kind, category, about. Changing the kind takes effect at once for
 * everything in the group (visibility reads the kind at every check). */
int groups_update(struct db *db, struct pool *p, const struct person *actor, int64_t id,
                  const struct group_input *in, const char **msg) WARN_UNUSED;
/* Soft delete: the group and everything in it disappear for everyone. */
int groups_delete(struct db *db, const struct person *actor, int64_t id) WARN_UNUSED;
/* One group, deleted ones too (deleted_at set); PLEIN_NOTFOUND. */
int groups_get(struct db *db, struct pool *p, int64_t id, struct group **out) WARN_UNUSED;
/* The alumni group's id (created by migration 0008). */
int64_t groups_alumni_id(struct db *db);

/* The directory: groups the viewer may see (visibility_group_sql), matching
 * q (full-text over name, category, about; "" for all) and category ("" for
 * all), by name with a keyset cursor (the name_key and id of the last row,
 * opaque string; NULL for the first page). *next is NULL on the last page. */
struct group_query {
	const char *q, *category;
	const char *cursor;
	size_t limit;            /* 1 … GROUP_PAGE_MAX */
	bool mine;               /* only groups the viewer belongs to */
};
int groups_list(struct db *db, struct pool *p, const struct person *viewer, const struct group_query *q,
                struct group **out, size_t *n_out, const char **next) WARN_UNUSED;
/* Categories in use among groups the viewer may see, with counts. */
struct group_category { const char *name; int64_t count; };
int groups_categories(struct db *db, struct pool *p, const struct person *viewer, struct group_category **out,
                      size_t *n_out) WARN_UNUSED;

/* Members, owners first, then moderators, then by name; keyset by offset
 * is fine here (member pages are short): page from `offset`. */
int groups_members(struct db *db, struct pool *p, int64_t group_id, size_t offset, size_t limit,
                   struct group_member **out, size_t *n_out) WARN_UNUSED;
/* The person's role in the group, or NULL (the alumni group: "member" for
 * people with the alumni role). */
const char *groups_role_of(struct db *db, struct pool *p, int64_t group_id, int64_t person_id);

/* Membership writes, each one transaction that keeps member_count, clears
 * a pending request/invitation, notifies (group_invite, group_request,
 * group_joined kinds) and writes an audit row. The caller has checked the
 * actor may do it (visibility_can_*_group). PLEIN_CONFLICT: already a member;
 * PLEIN_INVALID + *msg: the last owner cannot leave or be demoted. */
int groups_member_add(struct db *db, const struct person *actor, int64_t group_id, int64_t person_id,
                      const char *role, const char **msg) WARN_UNUSED;
int groups_member_remove(struct db *db, const struct person *actor, int64_t group_id, int64_t person_id,
                         const char **msg) WARN_UNUSED;
int groups_member_set_role(struct db *db, const struct person *actor, int64_t group_id, int64_t person_id,
                           const char *role, const char **msg) WARN_UNUSED;
/* Ask to join a closed group / invite someone: a pending row (replaces an
 * older one of the same person), notifications to the group's owners and
 * moderators / to the invitee. */
int groups_request(struct db *db, const struct person *who, int64_t group_id, const char *message,
                   const char **msg) WARN_UNUSED;
int groups_invite(struct db *db, const struct person *actor, int64_t group_id, int64_t person_id,
                  const char **msg) WARN_UNUSED;
/* Answer a pending row: approve/decline a request (by a manager), accept/
 * decline an invitation (by the invitee). PLEIN_NOTFOUND when none waits. */
int groups_request_answer(struct db *db, const struct person *actor, int64_t group_id, int64_t person_id,
                          bool yes) WARN_UNUSED;
/* Pending rows of a group (for its managers) or of a person (their
 * invitations and requests). */
int groups_requests_of_group(struct db *db, struct pool *p, int64_t group_id, struct group_request **out,
                             size_t *n_out) WARN_UNUSED;
int groups_requests_of_person(struct db *db, struct pool *p, int64_t person_id, struct group_request **out,
                              size_t *n_out) WARN_UNUSED;
/* The person's pending row for the group ("request", "invite") or NULL. */
const char *groups_pending_of(struct db *db, struct pool *p, int64_t group_id, int64_t person_id);

/* Pinned posts (newest pin first, at most GROUP_PINS_MAX). */
int groups_pin(struct db *db, const struct person *actor, int64_t group_id, int64_t post_id, bool pin) WARN_UNUSED;
int groups_pins(struct db *db, struct pool *p, int64_t group_id, int64_t **ids, size_t *n) WARN_UNUSED;
#endif
