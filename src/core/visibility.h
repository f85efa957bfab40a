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
#endif
