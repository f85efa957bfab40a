/* visibility.h — who may see and do what with people, groups and content.
 * The one place for authorization: handlers ask here, never compare roles
 * themselves, and lists filter with the SQL conditions built here. viewer
 * NULL means anonymous: only public posts are visible. */
#ifndef PLEIN_VISIBILITY_H
#define PLEIN_VISIBILITY_H
#include "core/people.h"
#include "db/db.h"

bool visibility_is_admin(const struct person *viewer);
/* The directory, "who knows X", org charts and department pages: members,
 * moderators and admins. Guests (outsiders) and alumni see only what is
 * shared with them: until groups exist, their own profile. */
bool visibility_can_browse(const struct person *viewer);
/* One profile: yourself always; others if you can browse and they are
 * active (deactivated people only for admins); guests and alumni see the
 * active members of their groups. */
bool visibility_can_see_person(const struct person *viewer, const struct person *p);
/* Personal fields: yourself or an admin. */
bool visibility_can_edit_profile(const struct person *viewer, const struct person *p);
/* Department, manager, role and status: admins only. */
bool visibility_can_manage_person(const struct person *viewer, const struct person *p);
/* Endorse p's skills: a colleague who can browse, not yourself, p active. */
bool visibility_can_endorse(const struct person *viewer, const struct person *p);

/* Groups a viewer belongs to, sorted by group id. role: 'o' owner, 'm'
 * moderator, 'p' plain member. Alumni have the alumni group only (their
 * rows elsewhere are kept but no longer count); guests their rows; people
 * who are not active none. Lives in the pool it was loaded into. */
struct group_membership { int64_t group_id; char role; };
struct viewer_scope {
	struct db *db;                   /* for the few questions a list cannot answer */
	const struct group_membership *m;
	size_t n;
	const int64_t *invited;          /* groups with a pending invitation, sorted: they may see its name */
	size_t n_invited;
};
/* Load (or reload) the scope of viewer into viewer->scope. */
int visibility_scope_load(struct db *db, struct pool *p, struct person *viewer) WARN_UNUSED;
/* people_get and visibility_scope_load: a person about to be asked about
 * (the recipient of a notification, a praised colleague). */
int visibility_person_get(struct db *db, struct pool *p, int64_t id, struct person **out) WARN_UNUSED;
/* The group a viewer belongs to without a row (alumni: the alumni
 * group), else 0: a candidate source for the home stream. */
int64_t visibility_implicit_group(const struct person *viewer);
/* The viewer's role in a group from the scope: "owner" | "moderator" |
 * "member" | NULL. */
const char *visibility_group_role(const struct person *viewer, int64_t group_id);

struct group;
/* The group directory, creating groups: people who may browse. Guests and
 * alumni only ever see their own groups (visibility_group_sql). */
bool visibility_can_list_groups(const struct person *viewer);
bool visibility_can_create_group(const struct person *viewer);
/* That the group exists (name, about, member count): open and closed to
 * those who may browse, secret to members; guests and alumni their groups
 * only; anyone with a pending invitation; deleted to no one. */
bool visibility_can_see_group(const struct person *viewer, const struct group *g);
/* Its content (stream, members, pages, files): members; open groups also
 * everyone who may browse. */
bool visibility_can_read_group(const struct person *viewer, const struct group *g);
/* Join an open group yourself / ask to join a closed one: browse roles, not
 * yet a member. Secret groups are joined only by invitation. */
bool visibility_can_join_group(const struct person *viewer, const struct group *g);
bool visibility_can_request_group(const struct person *viewer, const struct group *g);
/* Post, comment, write pages, upload files in the group: its members. */
bool visibility_can_post_in_group(const struct person *viewer, const struct group *g);
/* Invite, answer requests, remove members, pin, moderate content: owners
 * and moderators of the group; administrators too, except in secret groups
 * (which they cannot see unless they are members). */
bool visibility_can_manage_group(const struct person *viewer, const struct group *g);
/* Rename, change the kind, set roles, delete the group: owners (and
 * administrators, as above). */
bool visibility_can_own_group(const struct person *viewer, const struct group *g);
/* Groups as an SQL condition over a groups table aliased `g` (bind the
 * viewer with visibility_bind). */
const char *visibility_group_sql(const struct person *viewer);

struct post;
/* One post: deleted ones to no one; in a group: as its content
 * (visibility_can_read_group, the group's kind read with the post); else
 * public ones to anyone (viewer NULL too), organisation ones to those who
 * may browse, and your own to you (alumni keep their own posts). */
bool visibility_can_see_post(const struct person *viewer, const struct post *post);
/* The same rule as an SQL condition over a posts table aliased `p`, for
 * streams and lists: every list of posts is filtered by this. The text
 * depends only on the viewer's kind (so statements stay cached); it holds
 * the parameter ?90 (the viewer's id), which the caller binds with
 * visibility_bind. A statement holding it numbers its own parameters
 * ?1 … ?89: a bare "?" after ?90 would be ?91, and a named one before a
 * numbered one can take that number. */
#define VISIBILITY_PARAM 90
const char *visibility_post_sql(const struct person *viewer);
/* Posts every colleague may read, over a posts table aliased `p` (no
 * parameter): not deleted, and organisation or public, or in an open group.
 * For what is shown to anyone about a person's posts (the evidence of
 * "who knows X"), so a count never tells of a post a reader may not see. */
const char *visibility_post_everyone_sql(void);
/* Bind ?90 in a statement holding visibility_*_sql (a no-op if absent). */
void visibility_bind(struct db_stmt *st, const struct person *viewer);
/* Write posts, comments, reactions, follows outside groups: members,
 * moderators, communicators and admins (not guests or alumni). */
bool visibility_can_post(const struct person *viewer);
/* Upload a file to attach: those who may post somewhere (the organisation,
 * or a group they are in — guests and alumni in their groups). Where it is
 * attached is checked when it is claimed. */
bool visibility_can_upload(const struct person *viewer);
/* Announcements: admins and communicators. */
bool visibility_can_announce(const struct person *viewer);
/* Edit: the author. Delete: the author, a moderator or an admin, and in a
 * group its owners and moderators. */
bool visibility_can_edit_post(const struct person *viewer, const struct post *post);
bool visibility_can_delete_post(const struct person *viewer, const struct post *post);
/* A comment on post by author_id: the same rule, with the comment's author. */
bool visibility_can_delete_comment(const struct person *viewer, const struct post *post, int64_t author_id);
/* Comment on, react to, sign up: someone who may see it and may post where
 * it is (the organisation, or the group). */
bool visibility_can_interact(const struct person *viewer, const struct post *post);
/* Move a post into group `to` (NULL: out of its group, to the
 * organisation): its author or a site moderator/admin who may see it, and
 * who may post where it goes. */
bool visibility_can_move_post(const struct person *viewer, const struct post *post, const struct group *to);
/* Delete a group page: its creator (still a member) or the group's managers. */
bool visibility_can_delete_group_page(const struct person *viewer, const struct group *g, int64_t created_by);
/* Accept (or withdraw the acceptance of) an answer to a question: its
 * asker, a moderator or owner of the question's group, or an admin; each
 * must see the question. */
bool visibility_can_accept_answer(const struct person *viewer, const struct post *question);

/* Insight (issue 7): how much of the figures a viewer may see.
 * INSIGHT_PEOPLE: admins — individual-level figures of anyone (each read
 * audited) and everything below. INSIGHT_DEPARTMENTS: communicators and
 * managers (active people with at least one active direct report) —
 * department-level aggregates only, never a group under INSIGHT_MIN_GROUP.
 * INSIGHT_OWN: other members — only their own figures. INSIGHT_NONE:
 * guests, alumni, anyone not active or signed out. A manager is found with
 * viewer->scope->db, so the scope must be loaded (app.c does). */
enum insight_level { INSIGHT_NONE, INSIGHT_OWN, INSIGHT_DEPARTMENTS, INSIGHT_PEOPLE };
#define INSIGHT_MIN_GROUP 5
enum insight_level visibility_insight_level(const struct person *viewer);
/* Individual-level figures of person_id: admins, or that person. */
bool visibility_can_see_insight_person(const struct person *viewer, int64_t person_id);
#endif
