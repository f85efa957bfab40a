/* sse.h — long-lived text/event-stream responses (server-sent events).
 * A handler turns its request into a stream; any thread then queues
 * events on it. The connection is suspended while nothing is queued (no
 * thread waits, no spinning) and resumed when bytes arrive. Bounded: a
 * number of open streams, and bytes queued per stream (a client that reads
 * too slowly is dropped; it reconnects and replays). A comment line every
 * SSE_HEARTBEAT_SECONDS keeps proxies from timing out and finds dead
 * clients. http/ knows nothing of what the events mean. */
#ifndef PLEIN_SSE_H
#define PLEIN_SSE_H
#include "http/request.h"

#define SSE_HEARTBEAT_SECONDS 15
#define SSE_RETRY_MS 2000              /* sent as `retry:`: the browser's reconnect delay */
#define SSE_QUEUE_MAX (256 * 1024)     /* bytes waiting for one slow client; past it, dropped */

struct http_stream;

/* Called by http/server.c: at start (max open streams) and at stop (end
 * every stream so that draining does not wait for them; refuse new ones). */
void sse_init(unsigned max_streams);
void sse_close_all(void);
void sse_shutdown(void);
unsigned sse_open_count(void);

/* In a handler: answer this request with an event stream (200,
 * text/event-stream, `retry:` first). NULL when too many streams are open
 * or the server is stopping: answer 503. The returned reference is the
 * caller's (release it with http_stream_release); the connection holds its
 * own until it ends. */
struct http_stream *http_stream_open(struct request *req);
/* From any thread. One event: `id:` (when id >= 0), `event:` (when kind is
 * not NULL), `data:` (one line per line of data; with data NULL the message
 * only sets the client's last event id, no event fires). False when the
 * stream has ended (or ends now because its queue overflowed). */
bool http_stream_event(struct http_stream *s, int64_t id, const char *kind, const char *data);
/* A comment line (": text"), ignored by clients. */
bool http_stream_comment(struct http_stream *s, const char *text);
/* End the response after what is queued (from any thread). */
void http_stream_close(struct http_stream *s);
/* The client went away, the stream overflowed or was closed. */
bool http_stream_ended(struct http_stream *s);
void http_stream_release(struct http_stream *s);

/* For server.c: the response body of a request that opened a stream. */
struct MHD_Response *sse_response(struct request *req);
/* For server.c: bytes written so far (access log). */
size_t sse_sent_bytes(const struct http_stream *s);
#endif
