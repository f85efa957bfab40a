/* visibility.c — see visibility.h. Deny by default: every function starts
 * from "no" and lists the cases that say yes. */
#include "core/visibility.h"

static bool has_role(const struct person *v, const char *role)
{
	return v && v->role && strcmp(v->role, role) == 0;
}

static bool is_active(const struct person *p)
{
	return p && p->status && strcmp(p->status, "active") == 0;
}

bool visibility_is_admin(const struct person *viewer)
{
	return is_active(viewer) && has_role(viewer, "admin");
}

bool visibility_can_browse(const struct person *viewer)
{
	return is_active(viewer) &&
	       (has_role(viewer, "admin") || has_role(viewer, "moderator") || has_role(viewer, "member"));
}

bool visibility_can_see_person(const struct person *viewer, const struct person *p)
{
	if (!viewer || !p)
		return false;
	if (viewer->id == p->id)
		return true;
	if (visibility_is_admin(viewer))
		return true;
	return visibility_can_browse(viewer) && is_active(p);
}

bool visibility_can_edit_profile(const struct person *viewer, const struct person *p)
{
	return viewer && p && is_active(viewer) && (viewer->id == p->id || visibility_is_admin(viewer));
}

bool visibility_can_manage_person(const struct person *viewer, const struct person *p)
{
	return p && visibility_is_admin(viewer);
}

bool visibility_can_endorse(const struct person *viewer, const struct person *p)
{
	return p && visibility_can_browse(viewer) && viewer->id != p->id && is_active(p);
}
