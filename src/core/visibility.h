/* visibility.h — who may see and do what with people (and, in later issues,
 * with content). The one place for authorization: handlers ask here, never
 * compare roles themselves. viewer NULL means anonymous: nothing is visible. */
#ifndef PLEIN_VISIBILITY_H
#define PLEIN_VISIBILITY_H
#include "core/people.h"

bool visibility_is_admin(const struct person *viewer);
/* The directory, "who knows X", org charts and department pages: members,
 * moderators and admins. Guests (outsiders) and alumni see only what is
 * shared with them: until groups exist, their own profile. */
bool visibility_can_browse(const struct person *viewer);
/* One profile: yourself always; others if you can browse and they are
 * active (deactivated people only for admins). */
bool visibility_can_see_person(const struct person *viewer, const struct person *p);
/* Personal fields: yourself or an admin. */
bool visibility_can_edit_profile(const struct person *viewer, const struct person *p);
/* Department, manager, role and status: admins only. */
bool visibility_can_manage_person(const struct person *viewer, const struct person *p);
/* Endorse p's skills: a colleague who can browse, not yourself, p active. */
bool visibility_can_endorse(const struct person *viewer, const struct person *p);

struct post;
/* One post: public ones to anyone (viewer NULL too), organisation ones to
 * those who may browse; deleted ones to no one. */
bool visibility_can_see_post(const struct person *viewer, const struct post *post);
/* The same rule as an SQL condition over a posts table aliased `p`, for
 * streams and lists: every list of posts is filtered by this. */
const char *visibility_post_sql(const struct person *viewer);
/* Write posts, comments, reactions, follows: members, moderators,
 * communicators and admins (not guests or alumni until groups). */
bool visibility_can_post(const struct person *viewer);
/* Announcements: admins and communicators. */
bool visibility_can_announce(const struct person *viewer);
/* Edit: the author. Delete: the author, a moderator or an admin. */
bool visibility_can_edit_post(const struct person *viewer, const struct post *post);
bool visibility_can_delete_post(const struct person *viewer, const struct post *post);
/* A comment on post by author_id: the same rule, with the comment's author. */
bool visibility_can_delete_comment(const struct person *viewer, const struct post *post, int64_t author_id);
/* Comment on, react to: someone who may post and may see it. */
bool visibility_can_interact(const struct person *viewer, const struct post *post);
#endif
