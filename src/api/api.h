/* api.h — helpers shared by the JSON API handlers: the error shape, JSON
 * responses, reading a bounded JSON body, and the public object shapes
 * (docs/api.md is the contract). */
#ifndef PLEIN_API_H
#define PLEIN_API_H
#include "http/request.h"
#include <jansson.h>

struct person;
struct session;

/* {"error": {"code", "message", "field"?}} with status. message is shown to people. */
void api_error(struct request *req, int status, const char *code, const char *message, const char *field);
/* Send value (consumed) as the JSON body. */
void api_json(struct request *req, int status, json_t *value);
void api_no_content(struct request *req);
/* The request body as a JSON object; NULL after answering 400 (the caller just returns).
 * The object is released with the request. */
json_t *api_body_object(struct request *req);
/* A string member: absent → *out NULL and 0; null → *out NULL and 1 when allow_null;
 * wrong type → answers 422 and returns PLEIN_INVALID. */
int api_string_member(struct request *req, json_t *obj, const char *key, bool allow_null, const char **out, bool *present) WARN_UNUSED;

/* A page size from ?limit=: def when absent, 0 when not a number from 1 to
 * max (the caller answers 400). */
int api_parse_limit(const char *s, int def, int max);
/* The person named by the route's {id} if the viewer may see them; else
 * answers 404 (the same for hidden and absent people) or 503 and returns NULL. */
struct person *api_load_person(struct request *req);
json_t *api_person(const struct person *p);
/* {"96": url, "512": url} for a photo key, or null for "" (also used by pages). */
json_t *api_photo_urls(const char *key);
json_t *api_session(const struct session *s, bool current);
/* RFC 3339 UTC time string. */
json_t *api_time(int64_t when);
/* attachments (api/api_attachments.c): the JSON shape {id, name, mime, size,
 * width, height, url}; storing an upload for the viewer and answering 201
 * with it, or the refusal's status and message (also for the page upload). */
struct attachment;
json_t *api_attachment(struct pool *p, const struct attachment *a);
void api_attachment_upload(struct request *req, const char *name, const void *data, size_t len);
/* The attachments of one post (of_post) or comment as a JSON array. */
json_t *api_attachments_list(struct request *req, bool of_post, int64_t id);
#endif
