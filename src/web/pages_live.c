/* pages_live.c — GET /events and GET /api/v1/events: the viewer's live
 * event stream (server-sent events). The handler only opens the stream and
 * hands it to the hub (jobs/live.c), which decides what it may carry. */
#include "web/page.h"
#include "web/app.h"
#include "web/handlers.h"
#include "api/api.h"
#include "core/i18n.h"
#include "core/sessions.h"
#include "http/sse.h"
#include "jobs/live.h"

/* Last-Event-ID (set by EventSource on reconnect) or ?last_event_id= (for
 * clients that cannot set headers): digits only, else -1 (start from now). */
static int64_t last_event_id(struct request *req)
{
	const char *v = req_header(req, "Last-Event-ID");
	if (!v || !*v)
		v = req_query(req, "last_event_id");
	if (!v || !*v || strlen(v) > 18 || strspn(v, "0123456789") != strlen(v))
		return -1;
	return strtoll(v, NULL, 10);
}

static void unavailable(struct request *req)
{
	const char *msg = N_("Too many live connections are open; try again later.");
	resp_header(req, "Retry-After", "10");
	if (req->route->flags & R_API)
		api_error(req, 503, "unavailable", msg, NULL);
	else
		page_error(req, 503, msg);
}

void live_events(struct request *req)
{
	if (!live_running() || !req->session) {
		unavailable(req);
		return;
	}
	struct http_stream *s = http_stream_open(req);
	if (!s) {
		unavailable(req);
		return;
	}
	live_subscribe(s, req->viewer, req->session->id, last_event_id(req));
}
