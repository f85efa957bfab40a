/* server.c — libmicrohttpd glue: framing checks the library version lacks
 * (duplicate Content-Length, Content-Length with Transfer-Encoding), body
 * limits per route, the request pool lifecycle, security headers and the
 * access log. */
#include "http/server.h"
#include "http/multipart.h"
#include "http/sse.h"
#include "lib/utf8.h"
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <sodium.h>
#include <stdatomic.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define CONNECTION_MEMORY (32 * 1024)  /* libmicrohttpd's per-connection pool (headers, cookies) */
#define HEADERS_MAX (16 * 1024)        /* all header names and values of a request; larger gets 431 */
#define URL_MAX (8 * 1024)             /* longer paths and queries get 414 */

struct http_server {
	struct MHD_Daemon *d;
	int fd;
	int port;
	struct http_config cfg;
	const struct http_app *app;
	atomic_int in_flight;
};

static const char security_csp[] =
	"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
	"connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'; "
	"frame-ancestors 'none'";

struct framing {
	size_t header_bytes;
	int content_length;
	int transfer_encoding;
	unsigned long long length;
	bool length_bad;
};

static enum MHD_Result count_framing(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct framing *f = cls;
	f->header_bytes += strlen(key) + (value ? strlen(value) : 0) + 4;
	if (strcasecmp(key, "Content-Length") == 0) {
		f->content_length++;
		char *end;
		errno = 0;
		f->length = strtoull(value, &end, 10);
		if (errno || end == value || *end || value[0] == '-')
			f->length_bad = true;
	} else if (strcasecmp(key, "Transfer-Encoding") == 0) {
		f->transfer_encoding++;
	}
	return MHD_YES;
}

struct query_ctx {
	struct request *req;
	size_t bytes;
	bool bad;
};

static enum MHD_Result collect_query(void *cls, enum MHD_ValueKind kind, const char *key, size_t key_len,
                                     const char *value, size_t value_len)
{
	struct query_ctx *q = cls;
	if (!value) {
		value = "";
		value_len = 0;
	}
	q->bytes += key_len + value_len + 2;
	if (!utf8_valid(key, key_len) || !utf8_valid(value, value_len) || q->req->query.n >= FORM_MAX_FIELDS) {
		q->bad = true;
		return MHD_NO;
	}
	form_add(q->req->pool, &q->req->query, pool_strndup(q->req->pool, key, key_len),
	         pool_strndup(q->req->pool, value, value_len), value_len);
	return MHD_YES;
}

static const char *format_addr(struct pool *p, struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char buf[INET6_ADDRSTRLEN] = "-";
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, buf, sizeof(buf));
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, buf, sizeof(buf));
	}
	return pool_strdup(p, buf);
}

static struct request *request_new(struct http_server *srv, struct MHD_Connection *c,
                                   const char *method, const char *url)
{
	struct pool *p = pool_new();
	struct request *req = pool_zalloc(p, sizeof(*req));
	unsigned char id[8];
	char hex[17];
	req->pool = p;
	req->conn = c;
	req->started_us = now_us();
	req->method = pool_strdup(p, method);
	req->path = pool_strdup(p, url);
	randombytes_buf(id, sizeof(id));
	sodium_bin2hex(hex, sizeof(hex), id, sizeof(id));
	req->request_id = pool_strdup(p, hex);
	req->client_addr = format_addr(p, c);
	req->status = 200;
	strbuf_init(&req->body, srv->cfg.max_body);
	strbuf_init(&req->out, 0);
	pool_cleanup_add(p, (pool_cleanup_fn)strbuf_release, &req->body);
	pool_cleanup_add(p, (pool_cleanup_fn)strbuf_release, &req->out);
	return req;
}

/* own_csp: the handler set a stricter policy of its own (e.g. sandbox for uploads) */
static void add_security_headers(struct MHD_Response *r, bool own_csp)
{
	if (request_behind_tls)
		MHD_add_response_header(r, "Strict-Transport-Security", "max-age=31536000");
	if (!own_csp)
		MHD_add_response_header(r, "Content-Security-Policy", security_csp);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "same-origin");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
	MHD_add_response_header(r, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
}

static enum MHD_Result send_response(struct http_server *srv, struct request *req)
{
	struct MHD_Response *r;
	bool has_type = false, has_cache = false, has_csp = false;
	if (req->stream) {
		r = sse_response(req);
	} else if (req->has_body_fd) {
		r = MHD_create_response_from_fd((uint64_t)req->body_fd_len, req->body_fd);
		if (r)
			req->has_body_fd = false;  /* the library closes it with the response */
		req->sent_bytes = (size_t)req->body_fd_len;
	} else if (req->static_body) {
		r = MHD_create_response_from_buffer(req->static_len, (void *)req->static_body,
		                                    MHD_RESPMEM_PERSISTENT);
		req->sent_bytes = req->static_len;
	} else {
		size_t len;
		char *body = strbuf_detach(&req->out, &len);
		req->sent_bytes = len;
		r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	}
	if (!r)
		return MHD_NO;
	for (size_t i = 0; i < req->n_resp_headers; i++) {
		const struct header *h = &req->resp_headers[i];
		if (strcasecmp(h->name, "Content-Type") == 0)
			has_type = true;
		if (strcasecmp(h->name, "Cache-Control") == 0)
			has_cache = true;
		if (strcasecmp(h->name, "Content-Security-Policy") == 0)
			has_csp = true;
		MHD_add_response_header(r, h->name, h->value);
	}
	if (!has_type)
		MHD_add_response_header(r, "Content-Type", "text/plain; charset=utf-8");
	if (!has_cache)
		MHD_add_response_header(r, "Cache-Control", "no-store");
	add_security_headers(r, has_csp);
	MHD_add_response_header(r, "X-Request-Id", req->request_id);
	if (req->close_connection)
		MHD_add_response_header(r, "Connection", "close");
	req->no_log = req->no_log || (req->route && (req->route->flags & R_NOLOG));
	enum MHD_Result ret = MHD_queue_response(req->conn, (unsigned)req->status, r);
	MHD_destroy_response(r);
	(void)srv;
	return ret;
}

static void fail(struct http_server *srv, struct request *req, int status, const char *msg)
{
	req->n_resp_headers = 0;
	strbuf_reset(&req->out);
	req->static_body = NULL;
	srv->app->error(req, status, msg);
}

/* The route's own limit, never above the server-wide one from the settings;
 * file uploads have a cap of their own (photos are larger than any form). */
static size_t route_max_body(struct http_server *srv, const struct route *r)
{
	size_t cap = srv->cfg.max_body;
	if (r && (r->flags & (R_MULTIPART | R_UPLOAD)) && srv->cfg.max_upload)
		cap = srv->cfg.max_upload;
	return r && r->max_body && r->max_body < cap ? r->max_body : cap;
}

/* Percent-decoding of the path and query for libmicrohttpd, except that %00
 * stays as written: a decoded NUL would silently cut the string short
 * ("/static/app.css%00.png" must not serve app.css). */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
	char *w = s;
	for (const char *r = s; *r; r++) {
		int hi, lo;
		if (r[0] == '%' && r[1] && r[2] && (hi = hex_digit(r[1])) >= 0 && (lo = hex_digit(r[2])) >= 0 &&
		    (hi | lo) != 0) {
			*w++ = (char)(hi * 16 + lo);
			r += 2;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
	return (size_t)(w - s);
}

/* "GET, HEAD, POST": what the path accepts, for a 405's Allow header. */
static const char *allowed_methods(struct http_server *srv, struct request *req)
{
	struct strbuf sb = STRBUF_INIT;
	struct route_params unused;
	for (const struct route *r = srv->app->routes; r->pattern; r++) {
		if (!router_pattern_match(r->pattern, req->path, &unused) || strstr(sb.buf, r->method))
			continue;
		(void)strbuf_addf(&sb, "%s%s", sb.len ? ", " : "", r->method);
		if (!strcmp(r->method, "GET"))
			(void)strbuf_addstr(&sb, ", HEAD");
	}
	const char *res = pool_strdup(req->pool, sb.buf);
	strbuf_release(&sb);
	return res;
}

/* First call for a request: headers are in. Returns false when a response
 * was produced already (the body, if any, is then not read). */
static bool on_headers(struct http_server *srv, struct request *req)
{
	struct framing f = { 0 };
	MHD_get_connection_values(req->conn, MHD_HEADER_KIND, count_framing, &f);
	/* libmicrohttpd 0.9.75 accepts these; they enable request smuggling behind proxies */
	if (f.content_length > 1 || (f.content_length && f.transfer_encoding) || f.transfer_encoding > 1 ||
	    f.length_bad) {
		req->close_connection = true;
		fail(srv, req, 400, "The request's length is ambiguous.");
		return false;
	}
	if (f.header_bytes > HEADERS_MAX) {
		req->close_connection = true;
		fail(srv, req, 431, "The request headers are too large.");
		return false;
	}
	if (!utf8_valid(req->path, strlen(req->path))) {
		req->close_connection = true;
		fail(srv, req, 400, "The address is not valid UTF-8.");
		return false;
	}
	struct query_ctx q = { req, 0, false };
	MHD_get_connection_values_n(req->conn, MHD_GET_ARGUMENT_KIND, collect_query, &q);
	if (strlen(req->path) + q.bytes > URL_MAX) {
		req->close_connection = true;
		fail(srv, req, 414, "The address is too long.");
		return false;
	}
	if (q.bad) {
		fail(srv, req, 400, "The query string is not valid.");
		return false;
	}
	enum route_result rr = router_match(srv->app->routes, req->method, req->path, &req->route, &req->params);
	if (f.content_length && f.length > route_max_body(srv, req->route)) {
		req->close_connection = true;
		fail(srv, req, 413, "The request body is too large.");
		return false;
	}
	strbuf_init(&req->body, route_max_body(srv, req->route));
	if (rr == ROUTE_NO_PATH) {
		fail(srv, req, 404, "There is nothing at this address.");
		return false;
	}
	if (rr == ROUTE_NO_METHOD) {
		fail(srv, req, 405, "This address does not accept that method.");
		resp_header(req, "Allow", allowed_methods(srv, req));
		return false;
	}
	/* megabytes of upload are only read for someone allowed to send them; a
	 * body within the usual limit is read as on any route, so that the
	 * client gets its answer rather than a reset of the half-sent request */
	bool may_be_big = !f.content_length || f.length > srv->cfg.max_body;
	if ((req->route->flags & (R_MULTIPART | R_UPLOAD)) && may_be_big && srv->app->admit && !srv->app->admit(req)) {
		req->close_connection = true;
		return false;
	}
	return true;
}

static void dispatch(struct http_server *srv, struct request *req)
{
	if (req->body.toobig) {
		req->close_connection = true;
		fail(srv, req, 413, "The request body is too large.");
		return;
	}
	if (req->route->flags & R_MULTIPART)
		multipart_parse(req); /* the outcome is judged by the before-hook, after who is asking */
	if (srv->app->before && !srv->app->before(req))
		return;
	req->route->handler(req);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
	struct http_server *srv = cls;
	struct request *req = *con_cls;
	if (!req) {
		req = request_new(srv, c, method, url);
		*con_cls = req;
		atomic_fetch_add(&srv->in_flight, 1);
		if (!on_headers(srv, req)) {
			req->status = req->status ? req->status : 500;
			if (srv->app->after)
				srv->app->after(req);
			return send_response(srv, req);
		}
		return MHD_YES;
	}
	if (*upload_data_size) {
		/* past the limit: drop the rest, answer 413 when it is all in; a
		 * client that keeps sending far beyond is cut off */
		if (req->body.toobig || strbuf_add(&req->body, upload_data, *upload_data_size)) {
			req->discarded += *upload_data_size;
			if (req->discarded > 4 * req->body.max + 65536)
				return MHD_NO;
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	dispatch(srv, req);
	if (srv->app->after)
		srv->app->after(req);
	return send_response(srv, req);
}

static void log_value(struct strbuf *sb, const char *key, const char *v)
{
	bool quote = !*v || strpbrk(v, " \"=\\") || utf8_has_control(v, strlen(v), false);
	(void)strbuf_addf(sb, " %s=", key);
	if (!quote) {
		(void)strbuf_addstr(sb, v);
		return;
	}
	(void)strbuf_addch(sb, '"');
	for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
		if (*p == '"' || *p == '\\')
			(void)strbuf_addf(sb, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			(void)strbuf_addf(sb, "\\x%02x", *p); /* no forged log lines */
		else
			(void)strbuf_addch(sb, *p);
	}
	(void)strbuf_addch(sb, '"');
}

static void access_log(struct request *req, size_t bytes)
{
	struct strbuf sb = STRBUF_INIT;
	char when[40];
	int64_t now = now_us();
	time_t secs = (time_t)(now / 1000000);
	struct tm tm;
	gmtime_r(&secs, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);
	(void)strbuf_addf(&sb, "time=%s.%03dZ", when, (int)((now / 1000) % 1000));
	log_value(&sb, "method", req->method);
	log_value(&sb, "path", req->route && (req->route->flags & R_SECRET_PATH) ? req->route->pattern : req->path);
	(void)strbuf_addf(&sb, " status=%d bytes=%zu duration_ms=%.3f", req->status, bytes,
	                  (double)(now - req->started_us) / 1000.0);
	log_value(&sb, "request_id", req->request_id);
	log_value(&sb, "addr", req->client_addr);
	(void)strbuf_addch(&sb, '\n');
	fwrite(sb.buf, 1, sb.len, stderr);
	strbuf_release(&sb);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	struct http_server *srv = cls;
	struct request *req = *con_cls;
	if (!req)
		return;
	if (req->stream)
		req->sent_bytes = sse_sent_bytes(req->stream);
	if (srv->cfg.access_log && !req->no_log) {
		access_log(req, req->sent_bytes);
	}
	if (req->has_body_fd)  /* never handed over (the client went away first) */
		close(req->body_fd);
	pool_free(req->pool);
	*con_cls = NULL;
	atomic_fetch_sub(&srv->in_flight, 1);
}

static int open_listener(struct http_server *srv, const char *host, int port, char *err, size_t errlen)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	memset(&ss, 0, sizeof(ss));
	struct sockaddr_in *v4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&ss;
	if (inet_pton(AF_INET, host, &v4->sin_addr) == 1) {
		v4->sin_family = AF_INET;
		v4->sin_port = htons((uint16_t)port);
		sl = sizeof(*v4);
	} else if (inet_pton(AF_INET6, host, &v6->sin6_addr) == 1) {
		v6->sin6_family = AF_INET6;
		v6->sin6_port = htons((uint16_t)port);
		sl = sizeof(*v6);
	} else {
		snprintf(err, errlen, "cannot listen on '%s': not an IP address", host);
		return PLEIN_INVALID;
	}
	int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int one = 1;
	if (fd < 0) {
		snprintf(err, errlen, "cannot create a socket: %s", strerror(errno));
		return PLEIN_ERROR;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&ss, sl) < 0) {
		if (errno == EADDRINUSE)
			snprintf(err, errlen, "cannot listen on %s:%d: the port is already in use", host, port);
		else
			snprintf(err, errlen, "cannot listen on %s:%d: %s", host, port, strerror(errno));
		close(fd);
		return PLEIN_ERROR;
	}
	if (listen(fd, 1024) < 0) {
		snprintf(err, errlen, "cannot listen on %s:%d: %s", host, port, strerror(errno));
		close(fd);
		return PLEIN_ERROR;
	}
	sl = sizeof(ss);
	getsockname(fd, (struct sockaddr *)&ss, &sl);
	srv->port = ntohs(ss.ss_family == AF_INET ? v4->sin_port : v6->sin6_port);
	srv->fd = fd;
	return PLEIN_OK;
}

int http_server_start(struct http_server **out, const struct http_config *cfg,
                      const struct http_app *app, char *err, size_t errlen)
{
	struct http_server *srv = xcalloc(1, sizeof(*srv));
	srv->cfg = *cfg;
	srv->app = app;
	request_behind_tls = cfg->behind_tls;
	srv->fd = -1;
	/* Four workers per core: each worker keeps the connections it accepted,
	 * so with one per core the keep-alive connections of a burst can pile
	 * onto one worker and leave a core idle (measured: half the runs at
	 * half the throughput); writers also wait on fsync. */
	if (!srv->cfg.threads) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		srv->cfg.threads = n > 0 ? (unsigned)(n < 64 ? 4 * n : 256) : 4;
	}
	if (open_listener(srv, cfg->host, cfg->port, err, errlen))
		goto fail;
	/* streams never take all connections: ordinary requests keep a quarter */
	unsigned streams = srv->cfg.max_streams ? srv->cfg.max_streams : 10000;
	unsigned cap = srv->cfg.max_connections - srv->cfg.max_connections / 4;
	sse_init(streams < cap ? streams : cap);
	srv->d = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_ALLOW_SUSPEND_RESUME |
			MHD_USE_ERROR_LOG, 0, NULL, NULL,
		on_request, srv,
		MHD_OPTION_LISTEN_SOCKET, srv->fd,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
		MHD_OPTION_THREAD_POOL_SIZE, srv->cfg.threads,
		MHD_OPTION_CONNECTION_LIMIT, srv->cfg.max_connections,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, srv->cfg.per_ip_connections,
		MHD_OPTION_CONNECTION_TIMEOUT, srv->cfg.timeout_seconds,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONNECTION_MEMORY,
		MHD_OPTION_STRICT_FOR_CLIENT, 1,
		MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
		MHD_OPTION_END);
	if (!srv->d) {
		snprintf(err, errlen, "cannot start the HTTP server on %s:%d", cfg->host, cfg->port);
		sse_shutdown();
		goto fail;
	}
	*out = srv;
	return PLEIN_OK;
fail:
	if (srv->fd >= 0)
		close(srv->fd);
	free(srv);
	*out = NULL;
	return PLEIN_ERROR;
}

int http_server_port(const struct http_server *srv)
{
	return srv->port;
}

void http_server_stop(struct http_server *srv, int grace_seconds)
{
	if (!srv)
		return;
	int fd = MHD_quiesce_daemon(srv->d); /* stop accepting; keep serving */
	sse_close_all(); /* streams end after what is queued, new ones are refused */
	for (int i = 0; i < grace_seconds * 20 && atomic_load(&srv->in_flight) > 0; i++)
		usleep(50 * 1000);
	MHD_stop_daemon(srv->d);
	sse_shutdown();
	if (fd >= 0)
		close(fd); /* after a successful quiesce the listening socket is ours to close */
	free(srv);
}
