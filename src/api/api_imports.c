/* api_imports.c — POST /api/v1/imports (administrators): the CSV of
 * core/import.h as the raw request body, checked (dry_run=true) or imported;
 * the answer is the report, 422 when rows have problems. */
#include "api/api.h"
#include "web/app.h"
#include "web/handlers.h"
#include "core/i18n.h"
#include "core/import.h"
#include "core/people.h"

static json_t *api_import_report(const struct import_report *r)
{
	json_t *errors = json_array();
	for (size_t i = 0; i < r->n_errors; i++)
		json_array_append_new(errors, json_pack("{s:I, s:s}", "line", (json_int_t)r->errors[i].line,
		                                        "message", r->errors[i].message));
	return json_pack("{s:b, s:I, s:I, s:I, s:I, s:I, s:o}", "dry_run", r->dry_run, "rows", (json_int_t)r->rows,
	                 "created", (json_int_t)r->created, "updated", (json_int_t)r->updated,
	                 "unchanged", (json_int_t)r->unchanged, "total_errors", (json_int_t)r->total_errors,
	                 "errors", errors);
}

void api_imports_create(struct request *req)
{
	const char *ct = req_header(req, "Content-Type"), *dry = req_query(req, "dry_run");
	if (!ct || strncasecmp(ct, "text/csv", 8) != 0 || (ct[8] && ct[8] != ';' && ct[8] != ' ')) {
		api_error(req, 415, "unsupported_media_type",
		          T(req, N_("Send the CSV file as the request body (Content-Type: text/csv).")), NULL);
		return;
	}
	if (dry && strcmp(dry, "true") != 0 && strcmp(dry, "false") != 0) {
		api_error(req, 400, "bad_request", T(req, N_("dry_run must be true or false.")), "dry_run");
		return;
	}
	bool dry_run = dry && strcmp(dry, "true") == 0;
	struct import_report r;
	int rc = import_people_csv(req->db, req->pool, req->body.buf, req->body.len, dry_run, req->viewer->id,
	                           req->client_addr, &r);
	if (rc == PLEIN_ERROR) {
		api_error(req, 503, "unavailable", T(req, N_("The import failed in the database; nothing was imported.")), NULL);
		return;
	}
	json_t *o = api_import_report(&r);
	if (rc == PLEIN_INVALID) {
		json_object_set_new(o, "error", json_pack("{s:s, s:s}", "code", "invalid", "message",
			T(req, N_("Some rows have problems; nothing was imported."))));
		api_json(req, 422, o);
		return;
	}
	api_json(req, 200, o);
}
