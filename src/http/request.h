/* request.h — one HTTP exchange as the handlers see it: the parsed request,
 * the response being built, and the per-request pool that owns everything.
 * http/ fills the request part; the application fills the viewer, database
 * and language (opaque to http/) in its before-hook. */
#ifndef PLEIN_REQUEST_H
#define PLEIN_REQUEST_H
#include "lib/common.h"
#include "lib/pool.h"
#include "lib/strbuf.h"
#include "http/form.h"
#include "http/router.h"

struct MHD_Connection;
struct db;
struct person;
struct session;
struct catalog;

struct header {
	const char *name, *value;
};

/* One file field of a multipart/form-data body (routes with R_MULTIPART).
 * Everything in it came from the client: the file name is for display at
 * most (never a path on disk), the content type is a claim, not a fact. */
struct upload {
	const char *name;            /* the form field's name */
	const char *filename;        /* as sent; "" when the browser sent none */
	const char *content_type;    /* as sent; "" when absent */
	const unsigned char *data;   /* owned by the request's pool */
	size_t len;
};

struct request {
	struct pool *pool;
	struct MHD_Connection *conn;
	const char *method;
	const char *path;            /* percent-decoded path, no query */
	const char *request_id;      /* 16 hex characters, also sent as X-Request-Id */
	const char *client_addr;     /* textual IP address */
	const struct route *route;
	struct route_params params;
	struct form query;           /* query arguments */
	struct form form;            /* parsed urlencoded body (routes with R_FORM) */
	struct strbuf body;          /* raw body, bounded by the route's max_body */
	size_t discarded;            /* body bytes dropped past the limit */
	int multipart_rc;            /* R_MULTIPART: outcome of multipart_parse(), see http/multipart.h */
	struct upload *uploads;      /* R_MULTIPART: the file fields, in order */
	size_t n_uploads;
	int64_t started_us;

	/* filled by the application */
	struct db *db;
	struct person *viewer;       /* NULL when anonymous */
	struct session *session;     /* NULL when anonymous */
	const struct catalog *catalog;
	const char *lang;            /* "en" or "nl" */
	const char *csrf;            /* token for forms on this page */
	bool bearer;                 /* authenticated by Authorization: Bearer */
	bool identified;             /* the above are filled (once, by whichever hook ran first) */

	/* response */
	int status;
	struct header *resp_headers;
	size_t n_resp_headers, cap_resp_headers;
	struct strbuf out;           /* response body */
	const unsigned char *static_body;  /* or: a body that outlives the request */
	struct http_stream *stream;  /* or: an event stream (http/sse.h) */
	int body_fd;                 /* or, with has_body_fd: a file sent from its descriptor (resp_file) */
	bool has_body_fd;            /* owned until handed to the library; closed with the request otherwise */
	uint64_t body_fd_len;
	size_t static_len;
	size_t sent_bytes;           /* body length handed to the library, for the log */
	bool close_connection;
	bool no_log;
};

/* Set once at start when plein is reached over HTTPS: cookies then get the
 * Secure attribute and the __Host- name prefix (set and read alike). */
extern bool request_behind_tls;

/* Request accessors; header names are case-insensitive. */
const char *req_header(struct request *req, const char *name);
const char *req_query(struct request *req, const char *key);
const char *req_param(struct request *req, const char *name);  /* route capture, in the pool */
/* A route capture as a positive integer id; 0 when absent or malformed. */
int64_t req_param_id(struct request *req, const char *name);
const char *req_cookie(struct request *req, const char *name); /* in the pool, or NULL */
/* The first file field called `name` of a multipart body, or NULL. */
const struct upload *req_upload(struct request *req, const char *name);

/* Response building. */
void resp_status(struct request *req, int status);
void resp_header(struct request *req, const char *name, const char *value); /* copied into the pool */
void resp_redirect(struct request *req, int status, const char *location);
void resp_set_cookie(struct request *req, const char *name, const char *value,
                     int64_t max_age_seconds /* <0: session cookie, 0: delete */);
void resp_text(struct request *req, int status, const char *content_type, const char *body);
/* The body is the open file fd of len bytes (the request takes it over):
 * sent by the library from the descriptor, never read into memory. */
void resp_file(struct request *req, int status, int fd, uint64_t len);

int64_t now_us(void);
#endif
