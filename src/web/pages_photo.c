/* pages_photo.c — profile photos on the web: serving the stored squares,
 * uploading one from the edit-profile page (a multipart form), and removing
 * it after a confirmation page (works without JavaScript). */
#include "web/page.h"
#include "web/app.h"
#include "web/handlers.h"
#include "api/api.h"
#include "core/audit.h"
#include "core/i18n.h"
#include "core/people.h"
#include "core/person_photo.h"
#include "core/visibility.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#define PHOTO_FILE_MAX (4u << 20) /* our own 512 px JPEGs are far smaller */

static int visible_to(void *viewer, const struct person *x)
{
	return visibility_can_see_person(viewer, x) ? 1 : 0;
}

/* A photo is served only to someone who may see one of the people using it
 * (a guest sees no colleague's face; nobody but admins a deactivated one's). */
void page_photo_serve(struct request *req)
{
	const char *name = req_param(req, "name");
	char key[PHOTO_KEY_LEN + 1];
	int rc = photo_name_key(name, key) ? people_scan_photo(req->db, req->pool, key, visible_to, req->viewer)
	                                   : PLEIN_NOTFOUND;
	if (rc < 0 && rc != PLEIN_NOTFOUND) {
		page_error(req, 503, N_("plein cannot reach its database right now. Please try again in a minute."));
		return;
	}
	char *path = rc == 1 ? photo_file_path(name) : NULL;
	struct stat st;
	int fd = path ? open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC) : -1;
	free(path);
	if (fd < 0 || fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_size > (off_t)PHOTO_FILE_MAX) {
		if (fd >= 0)
			close(fd);
		page_error(req, 404, N_("There is no such photo."));
		return;
	}
	strbuf_reset(&req->out);
	char buf[16384];
	ssize_t n;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		(void)strbuf_add(&req->out, buf, (size_t)n);
	close(fd);
	if (n < 0 || req->out.toobig) {
		page_error(req, 500, N_("The photo could not be read."));
		return;
	}
	req->status = 200;
	resp_header(req, "Content-Type", "image/jpeg");
	/* the name is the content's hash: it never changes; private: photos are for
	 * signed-in colleagues, so no shared cache may hand them to others */
	resp_header(req, "Cache-Control", "private, max-age=31536000, immutable");
	/* replaces the page policy: an image opened on its own can run nothing */
	resp_header(req, "Content-Security-Policy", "sandbox");
}

/* The person of the route if the viewer may change their photo (themself or
 * an admin); otherwise NULL after answering 404 (not visible: whether
 * someone exists is not given away) or 403, as the profile pages do. */
static struct person *load_editable(struct request *req)
{
	int64_t id = req_param_id(req, "id");
	struct person *p = NULL;
	int rc = id ? people_get(req->db, req->pool, id, &p) : PLEIN_NOTFOUND;
	if (rc == PLEIN_NOTFOUND || (rc == 0 && !visibility_can_see_person(req->viewer, p))) {
		page_error(req, 404, N_("This person does not exist, or has left."));
		return NULL;
	}
	if (rc) {
		page_error(req, 503, N_("plein cannot reach its database right now. Please try again in a minute."));
		return NULL;
	}
	if (!visibility_can_edit_profile(req->viewer, p)) {
		page_error(req, 403, N_("You can only change your own photo."));
		return NULL;
	}
	return p;
}

static void photo_page(struct request *req, int status, const struct person *p, const char *error, bool confirm)
{
	json_t *ctx = json_object();
	json_object_set_new(ctx, "person", page_person_json(req, p));
	json_t *errors = json_object();
	if (error)
		json_object_set_new(errors, "photo", json_string(T(req, error)));
	json_object_set_new(ctx, "errors", errors);
	json_object_set_new(ctx, "confirm_remove", json_boolean(confirm));
	json_object_set_new(ctx, "is_self", json_boolean(p->id == req->viewer->id));
	json_object_set_new(ctx, "nav_people", json_true());
	page_render(req, status, "profile_photo", ctx, confirm ? N_("Remove photo") : N_("Profile photo"));
}

void page_person_photo_form(struct request *req)
{
	struct person *p = load_editable(req);
	if (p)
		photo_page(req, 200, p, NULL, false);
}

void page_person_photo_upload(struct request *req)
{
	struct person *p = load_editable(req);
	if (!p)
		return;
	const struct upload *u = req_upload(req, "photo");
	if (!u || (u->len == 0 && !u->filename[0])) {
		photo_page(req, 422, p, N_("Choose a photo to upload first."), false);
		return;
	}
	enum photo_problem why;
	int rc = person_photo_set(req->db, p->id, u->data, u->len, &why);
	if (rc == PLEIN_NOTFOUND) {
		page_error(req, 404, N_("This person does not exist, or has left."));
		return;
	}
	if (rc) {
		int status = why == PHOTO_STORAGE ? 503 : why == PHOTO_TOO_LARGE ? 413 : 422;
		photo_page(req, status, p, photo_problem_message(why), false);
		return;
	}
	if (p->id != req->viewer->id)
		audit_log(req->db, req->viewer->id, "photo_set_by_admin", p->email, req->client_addr);
	page_redirect(req, pool_printf(req->pool, "/people/%lld/edit", (long long)p->id), "photo");
}

void page_person_photo_remove_form(struct request *req)
{
	struct person *p = load_editable(req);
	if (!p)
		return;
	if (!*p->photo) {
		page_redirect(req, pool_printf(req->pool, "/people/%lld/edit", (long long)p->id), NULL);
		return;
	}
	photo_page(req, 200, p, NULL, true);
}

void page_person_photo_remove(struct request *req)
{
	struct person *p = load_editable(req);
	if (!p)
		return;
	if (person_photo_remove(req->db, p->id)) {
		page_error(req, 503, N_("plein cannot reach its database right now. Please try again in a minute."));
		return;
	}
	if (p->id != req->viewer->id)
		audit_log(req->db, req->viewer->id, "photo_removed_by_admin", p->email, req->client_addr);
	page_redirect(req, pool_printf(req->pool, "/people/%lld/edit", (long long)p->id), "photo_removed");
}
