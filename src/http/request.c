/* request.c — accessors and response builders over struct request. */
#include "http/request.h"
#include <unistd.h>
#include "http/cookie.h"
#include <microhttpd.h>
#include <time.h>

bool request_behind_tls;

int64_t now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

const char *req_header(struct request *req, const char *name)
{
	if (!req->conn)
		return NULL;
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

const char *req_query(struct request *req, const char *key)
{
	return form_get(&req->query, key);
}

const char *req_param(struct request *req, const char *name)
{
	size_t n = strlen(name);
	for (int i = 0; i < req->params.n; i++)
		if (req->params.p[i].name_len == n && memcmp(req->params.p[i].name, name, n) == 0)
			return pool_strndup(req->pool, req->params.p[i].value, req->params.p[i].value_len);
	return NULL;
}

int64_t req_param_id(struct request *req, const char *name)
{
	const char *v = req_param(req, name);
	int64_t id = 0;
	if (!v || !*v || strlen(v) > 18)
		return 0;
	for (; *v; v++) {
		if (*v < '0' || *v > '9')
			return 0;
		id = id * 10 + (*v - '0');
	}
	return id;
}

const char *req_cookie(struct request *req, const char *name)
{
	struct slice v;
	if (request_behind_tls)
		name = pool_printf(req->pool, "__Host-%s", name);
	if (cookie_find(req_header(req, "Cookie"), name, &v))
		return NULL;
	return pool_strndup(req->pool, v.ptr, v.len);
}

const struct upload *req_upload(struct request *req, const char *name)
{
	for (size_t i = 0; i < req->n_uploads; i++)
		if (strcmp(req->uploads[i].name, name) == 0)
			return &req->uploads[i];
	return NULL;
}

void resp_status(struct request *req, int status)
{
	req->status = status;
}

void resp_header(struct request *req, const char *name, const char *value)
{
	if (req->n_resp_headers == req->cap_resp_headers) {
		size_t cap = req->cap_resp_headers ? req->cap_resp_headers * 2 : 16;
		struct header *h = pool_alloc(req->pool, st_mult(cap, sizeof(*h)));
		if (req->n_resp_headers)
			memcpy(h, req->resp_headers, req->n_resp_headers * sizeof(*h));
		req->resp_headers = h;
		req->cap_resp_headers = cap;
	}
	req->resp_headers[req->n_resp_headers++] =
		(struct header){ pool_strdup(req->pool, name), pool_strdup(req->pool, value) };
}

void resp_redirect(struct request *req, int status, const char *location)
{
	req->status = status;
	resp_header(req, "Location", location);
}

void resp_set_cookie(struct request *req, const char *name, const char *value, int64_t max_age)
{
	struct strbuf sb = STRBUF_INIT;
	(void)strbuf_addf(&sb, "%s%s=%s; Path=/; HttpOnly; SameSite=Lax%s", request_behind_tls ? "__Host-" : "", name,
	                  value, request_behind_tls ? "; Secure" : "");
	if (max_age >= 0)
		(void)strbuf_addf(&sb, "; Max-Age=%lld", (long long)max_age);
	resp_header(req, "Set-Cookie", sb.buf);
	strbuf_release(&sb);
}

void resp_file(struct request *req, int status, int fd, uint64_t len)
{
	if (req->has_body_fd)
		close(req->body_fd);
	req->status = status;
	strbuf_reset(&req->out);
	req->body_fd = fd;
	req->body_fd_len = len;
	req->has_body_fd = true;
}

void resp_text(struct request *req, int status, const char *content_type, const char *body)
{
	req->status = status;
	resp_header(req, "Content-Type", content_type);
	strbuf_reset(&req->out);
	(void)strbuf_addstr(&req->out, body);
}
