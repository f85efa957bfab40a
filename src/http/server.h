/* server.h — the HTTP server: libmicrohttpd with a worker thread per core,
 * bounded requests, security headers, an access log, graceful stop. It
 * knows routes and requests, nothing of people or posts: the application
 * plugs in through struct http_app. */
#ifndef PLEIN_SERVER_H
#define PLEIN_SERVER_H
#include "http/request.h"

struct http_config {
	const char *host;          /* "127.0.0.1", "::1", "0.0.0.0" */
	int port;                  /* 0 = any free port */
	unsigned threads;          /* 0 = one per core */
	unsigned max_connections;
	unsigned per_ip_connections;
	unsigned timeout_seconds;  /* idle connection timeout */
	size_t max_body;           /* default body limit for routes that set none */
	size_t max_upload;         /* cap on the limit of routes with R_MULTIPART or R_UPLOAD (0: max_body) */
	bool access_log;
	bool behind_tls;           /* served over HTTPS (by a proxy): Secure + __Host- cookies, HSTS */
	unsigned max_streams;      /* open event streams (http/sse.h); 0: 10,000. At most 3/4 of max_connections */
};

struct http_app {
	const struct route *routes;
	/* Runs after routing, before the handler: identify the viewer, check CSRF
	 * and roles. Return false when it already produced the response. */
	bool (*before)(struct request *req);
	/* Optional. Runs for routes whose body may exceed max_body (R_MULTIPART,
	 * R_UPLOAD) when the request's may (chunked, or a Content-Length above
	 * max_body), as soon as the headers are in, before any of the body is
	 * read: may the asker send it at all? Return false when it produced the
	 * response; the connection is then closed and the body never read. */
	bool (*admit)(struct request *req);
	/* Produce an error response in the form the route wants (page or JSON). */
	void (*error)(struct request *req, int status, const char *message);
	/* Runs after every request, response queued or not (release per-thread state). */
	void (*after)(struct request *req);
};

struct http_server;

int http_server_start(struct http_server **out, const struct http_config *cfg,
                      const struct http_app *app, char *err, size_t errlen) WARN_UNUSED;
int http_server_port(const struct http_server *srv);
/* Stop accepting, end the event streams, let in-flight requests finish (up
 * to grace_seconds), stop. */
void http_server_stop(struct http_server *srv, int grace_seconds);
#endif
