/* pages_attachments.c — attachments on the web: the composer's upload
 * (POST /attachments, a multipart field `file`, answered with the same JSON
 * as the API so the page's script keeps the ids), files sent with a form
 * without JavaScript (attachments_form.h), and serving a stored file
 * (GET /files/{id}/{name}) to whoever may see its post — signed out too for
 * public posts. A served file can never act as a page of plein: its type is
 * the one detected, nosniff, a sandbox CSP, and anything but an image is a
 * download. */
#include "web/attachments_form.h"
#include "web/app.h"
#include "web/handlers.h"
#include "web/page.h"
#include "api/api.h"
#include "core/i18n.h"
#include "core/visibility.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>


void page_attachment_upload(struct request *req)
{
	const struct upload *u = req_upload(req, "file");
	if (!u || (u->len == 0 && !u->filename[0])) {
		api_error(req, 400, "invalid", T(req, N_("Choose a file to attach first.")), "file");
		return;
	}
	api_attachment_upload(req, u->filename, u->data, u->len);
}

static int problem_status(enum attachment_problem why)
{
	switch (why) {
	case ATT_TOO_LARGE: case ATT_TOO_MANY_PIXELS: return 413;
	case ATT_WRONG_TYPE: case ATT_MARKUP: case ATT_PROGRAM: return 415;
	case ATT_TOO_MANY_PENDING: return 429;
	case ATT_STORAGE: return 503;
	case ATT_EMPTY: return 400;
	default: return 422;
	}
}

int attachments_from_form(struct request *req, const char *field, const char *ids_field, int64_t *ids, size_t max,
                          size_t *n, int *status, const char **msg)
{
	static const char *too_many = N_("At most 10 files can be attached to one post or comment.");
	*status = 0;
	*msg = NULL;
	if (!visibility_can_upload(req->viewer)) {
		*status = 403;
		*msg = N_("You cannot post or attach files here.");
		return PLEIN_DENIED;
	}
	const char *list = ids_field ? form_get(&req->form, ids_field) : NULL;
	for (const char *s = list; s && *s;) {
		char *end;
		long long id = strtoll(s, &end, 10);
		if (end == s || id <= 0) {
			*status = 400;
			*msg = N_("The list of attached files is not valid.");
			return PLEIN_INVALID;
		}
		if (*n >= max) {
			*status = 400;
			*msg = too_many;
			return PLEIN_INVALID;
		}
		ids[(*n)++] = id;
		s = *end == ',' ? end + 1 : end;
		if (*end && *end != ',') {
			*status = 400;
			*msg = N_("The list of attached files is not valid.");
			return PLEIN_INVALID;
		}
	}
	size_t stored_from = *n;
	for (size_t i = 0; field && i < req->n_uploads; i++) {
		const struct upload *u = &req->uploads[i];
		if (strcmp(u->name, field) != 0 || (u->len == 0 && !u->filename[0]))
			continue; /* a file input left empty */
		if (*n >= max) {
			*status = 400;
			*msg = too_many;
			return PLEIN_INVALID;
		}
		struct attachment *a;
		enum attachment_problem why;
		if (attachments_store(req->db, req->pool, req->viewer->id, u->filename, u->data, u->len, &a, &why)) {
			*status = problem_status(why);
			*msg = attachment_problem_message(why);
			/* the files of this form stored so far would only be orphans */
			(void)attachments_discard(req->db, req->viewer->id, ids + stored_from, *n - stored_from);
			return PLEIN_INVALID;
		}
		ids[(*n)++] = a->id;
	}
	return PLEIN_OK;
}

/* A Content-Disposition with the name twice: plain ASCII for old clients,
 * and exact as RFC 8187 UTF-8. The display name has no quotes or controls. */
static const char *disposition(struct pool *p, const char *how, const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	(void)strbuf_addf(&sb, "%s; filename=\"", how);
	for (const unsigned char *s = (const unsigned char *)name; *s; s++)
		(void)strbuf_addch(&sb, *s >= 0x20 && *s < 0x7f && *s != '"' && *s != '\\' ? (char)*s : '_');
	(void)strbuf_addstr(&sb, "\"; filename*=UTF-8''");
	(void)strbuf_add_urlencoded(&sb, name, strlen(name));
	const char *v = pool_strdup(p, sb.buf);
	strbuf_release(&sb);
	return v;
}

void page_file_serve(struct request *req)
{
	int64_t id = req_param_id(req, "id");
	struct attachment *a = NULL;
	int rc = id ? attachments_get(req->db, req->pool, id, &a) : PLEIN_NOTFOUND;
	if (rc && rc != PLEIN_NOTFOUND) {
		page_error(req, 503, N_("plein cannot reach its database right now. Please try again in a minute."));
		return;
	}
	if (rc == PLEIN_OK && !attachments_may_see(req->db, req->pool, req->viewer, a)) {
		/* signed out: perhaps a colleague's file behind the sign-in */
		if (!req->viewer && (a->post_id || a->comment_id || a->group_id)) {
			struct strbuf sb = STRBUF_INIT;
			(void)strbuf_addstr(&sb, "/signin?next=");
			(void)strbuf_add_urlencoded(&sb, req->path, strlen(req->path));
			resp_redirect(req, 303, sb.buf);
			strbuf_release(&sb);
			return;
		}
		rc = PLEIN_NOTFOUND;
	}
	char *path = rc == PLEIN_OK ? attachments_file_path(a->key) : NULL;
	struct stat st;
	int fd = path ? open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC) : -1;
	free(path);
	if (fd < 0 || fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		if (fd >= 0)
			close(fd);
		page_error(req, 404, N_("There is no such file, or it is not shared with you."));
		return;
	}
	/* sent from the descriptor: a file costs no memory however many fetch it */
	resp_file(req, 200, fd, (uint64_t)st.st_size);
	bool image = attachment_is_image(a);
	resp_header(req, "Content-Type",
	            strncmp(a->mime, "text/", 5) == 0 ? pool_printf(req->pool, "%s; charset=utf-8", a->mime) : a->mime);
	/* only images are shown in the page; everything else is saved */
	resp_header(req, "Content-Disposition", disposition(req->pool, image ? "inline" : "attachment", a->name));
	/* a file's bytes never change under its id; private: only the viewer's
	 * own browser may keep it (shared caches could hand it to others) */
	resp_header(req, "Cache-Control", "private, max-age=86400");
	/* replaces the page policy: a file opened on its own can run nothing */
	resp_header(req, "Content-Security-Policy", "sandbox");
	resp_header(req, "Cross-Origin-Resource-Policy", "same-origin");
}
