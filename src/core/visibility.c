/* visibility.c — see visibility.h. Deny by default: every function starts
 * from "no" and lists the cases that say yes. */
#include "core/visibility.h"
#include "core/posts.h"

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
	       (has_role(viewer, "admin") || has_role(viewer, "moderator") || has_role(viewer, "member") ||
	        has_role(viewer, "communicator"));
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

/* Posts. Until groups exist a post is for the organisation (everyone who
 * may browse) or public (anyone, signed out too). Deleted: no one. */
bool visibility_can_see_post(const struct person *viewer, const struct post *post)
{
	if (!post || post->deleted_at)
		return false;
	if (strcmp(post->visibility, "public") == 0)
		return true;
	if (strcmp(post->visibility, "organisation") == 0)
		return visibility_can_browse(viewer);
	return false;
}

const char *visibility_post_sql(const struct person *viewer)
{
	if (visibility_can_browse(viewer))
		return "p.deleted_at IS NULL AND p.visibility IN ('organisation', 'public')";
	return "p.deleted_at IS NULL AND p.visibility = 'public'";
}

bool visibility_can_post(const struct person *viewer)
{
	return visibility_can_browse(viewer);
}

bool visibility_can_announce(const struct person *viewer)
{
	return is_active(viewer) && (has_role(viewer, "admin") || has_role(viewer, "communicator"));
}

bool visibility_can_edit_post(const struct person *viewer, const struct post *post)
{
	return visibility_can_see_post(viewer, post) && is_active(viewer) && viewer->id == post->author.id;
}

bool visibility_can_delete_post(const struct person *viewer, const struct post *post)
{
	return post && visibility_can_delete_comment(viewer, post, post->author.id);
}

bool visibility_can_delete_comment(const struct person *viewer, const struct post *post, int64_t author_id)
{
	if (!visibility_can_see_post(viewer, post) || !is_active(viewer))
		return false;
	return viewer->id == author_id || has_role(viewer, "admin") || has_role(viewer, "moderator");
}

bool visibility_can_interact(const struct person *viewer, const struct post *post)
{
	return visibility_can_post(viewer) && visibility_can_see_post(viewer, post);
}
