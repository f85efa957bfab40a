/* sse.c — see sse.h. Each stream is a byte queue shared by the connection's
 * worker (libmicrohttpd's content reader drains it and suspends the
 * connection when it is empty) and the threads that queue events (they
 * resume it). A registry bounds and lists the streams for the heartbeat
 * thread and for the stop. */
#include "http/sse.h"
#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#define READ_BLOCK (16 * 1024)

struct http_stream {
	struct http_stream *prev, *next;  /* registry, under R.mu */
	pthread_mutex_t mu;
	atomic_int refs;
	struct MHD_Connection *conn;      /* valid until `ended` */
	char *buf;                        /* queued bytes: buf[off .. len) */
	size_t len, off, cap;
	size_t sent;
	int64_t last_write_ms;            /* when something was last queued */
	bool suspended;                   /* by our reader; whoever clears it resumes */
	bool closing;                     /* end after the queue drains */
	bool overflow;                    /* too slow: cut off */
	bool ended;                       /* the connection is gone */
};

static struct {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct http_stream *head;
	unsigned count, max;
	bool stopping;
	bool thread_on;
	pthread_t thread;
} R = { .mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER };

static int64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void http_stream_release(struct http_stream *s)
{
	if (!s || atomic_fetch_sub(&s->refs, 1) != 1)
		return;
	pthread_mutex_destroy(&s->mu);
	free(s->buf);
	free(s);
}

/* The connection is done with the stream (its response was destroyed). */
static void stream_gone(void *cls)
{
	struct http_stream *s = cls;
	pthread_mutex_lock(&R.mu);
	if (s->prev)
		s->prev->next = s->next;
	else if (R.head == s)
		R.head = s->next;
	if (s->next)
		s->next->prev = s->prev;
	s->prev = s->next = NULL;
	R.count--;
	pthread_mutex_unlock(&R.mu);
	pthread_mutex_lock(&s->mu);
	s->ended = true;
	s->suspended = false;
	s->conn = NULL;
	pthread_mutex_unlock(&s->mu);
	http_stream_release(s);
}

/* libmicrohttpd asks for body bytes; with none queued the connection is
 * suspended (not polled, no timeout) until a writer resumes it. */
static ssize_t stream_read(void *cls, uint64_t pos, char *out, size_t max)
{
	struct http_stream *s = cls;
	ssize_t n;
	(void)pos;
	pthread_mutex_lock(&s->mu);
	if (s->overflow) {
		n = MHD_CONTENT_READER_END_WITH_ERROR;
	} else if (s->len > s->off) {
		size_t k = s->len - s->off < max ? s->len - s->off : max;
		memcpy(out, s->buf + s->off, k);
		s->off += k;
		s->sent += k;
		if (s->off == s->len)
			s->off = s->len = 0;
		n = (ssize_t)k;
	} else if (s->closing) {
		n = MHD_CONTENT_READER_END_OF_STREAM;
	} else {
		s->suspended = true;
		MHD_suspend_connection(s->conn);
		n = 0;
	}
	pthread_mutex_unlock(&s->mu);
	return n;
}

/* Called with s->mu held, after a change the reader must see: true when
 * the caller must resume the connection (after unlocking). The connection
 * stays suspended until then, so s->conn stays valid. */
static bool take_resume(struct http_stream *s)
{
	bool r = s->suspended;
	s->suspended = false;
	return r;
}

static void resume(struct http_stream *s, bool r)
{
	if (r)
		MHD_resume_connection(s->conn);
}

/* Append under s->mu; false when ended or overflowing (then cut off). */
static bool queue_locked(struct http_stream *s, const char *data, size_t n)
{
	if (s->ended || s->overflow || s->closing)
		return false;
	if (s->len - s->off + n > SSE_QUEUE_MAX) {
		s->overflow = true;
		return false;
	}
	if (s->off && s->len + n > s->cap) {
		memmove(s->buf, s->buf + s->off, s->len - s->off);
		s->len -= s->off;
		s->off = 0;
	}
	if (s->len + n > s->cap) {
		size_t cap = s->cap ? s->cap : 1024;
		while (cap < s->len + n)
			cap *= 2;
		s->buf = xrealloc(s->buf, cap);
		s->cap = cap;
	}
	memcpy(s->buf + s->len, data, n);
	s->len += n;
	s->last_write_ms = mono_ms();
	return true;
}

static bool stream_write(struct http_stream *s, const char *data, size_t n)
{
	pthread_mutex_lock(&s->mu);
	bool ok = queue_locked(s, data, n);
	bool r = (ok || s->overflow) && take_resume(s);
	pthread_mutex_unlock(&s->mu);
	resume(s, r);
	return ok;
}

bool http_stream_event(struct http_stream *s, int64_t id, const char *kind, const char *data)
{
	struct strbuf sb = STRBUF_INIT;
	if (id >= 0)
		(void)strbuf_addf(&sb, "id: %lld\n", (long long)id);
	if (kind && !strpbrk(kind, "\r\n"))
		(void)strbuf_addf(&sb, "event: %s\n", kind);
	/* every line of data gets its own field; CR, LF and CRLF all end lines.
	 * Without data the message only moves the client's last event id. */
	const char *p = data;
	for (; p;) {
		size_t k = strcspn(p, "\r\n");
		(void)strbuf_addstr(&sb, "data: ");
		(void)strbuf_add(&sb, p, k);
		(void)strbuf_addch(&sb, '\n');
		p += k;
		if (!*p)
			break;
		p += (p[0] == '\r' && p[1] == '\n') ? 2 : 1;
	}
	(void)strbuf_addch(&sb, '\n');
	bool ok = !sb.toobig && stream_write(s, sb.buf, sb.len);
	strbuf_release(&sb);
	return ok;
}

bool http_stream_comment(struct http_stream *s, const char *text)
{
	struct strbuf sb = STRBUF_INIT;
	(void)strbuf_addf(&sb, ": %.*s\n\n", (int)strcspn(text, "\r\n"), text);
	bool ok = !sb.toobig && stream_write(s, sb.buf, sb.len);
	strbuf_release(&sb);
	return ok;
}

void http_stream_close(struct http_stream *s)
{
	pthread_mutex_lock(&s->mu);
	s->closing = true;
	bool r = take_resume(s);
	pthread_mutex_unlock(&s->mu);
	resume(s, r);
}

bool http_stream_ended(struct http_stream *s)
{
	pthread_mutex_lock(&s->mu);
	bool e = s->ended || s->overflow || s->closing;
	pthread_mutex_unlock(&s->mu);
	return e;
}

size_t sse_sent_bytes(const struct http_stream *s)
{
	return s->sent;
}

struct http_stream *http_stream_open(struct request *req)
{
	struct http_stream *s = xcalloc(1, sizeof(*s));
	pthread_mutex_init(&s->mu, NULL);
	atomic_init(&s->refs, 2); /* the caller's and the connection's */
	s->conn = req->conn;
	pthread_mutex_lock(&R.mu);
	if (R.stopping || R.count >= R.max) {
		pthread_mutex_unlock(&R.mu);
		pthread_mutex_destroy(&s->mu);
		free(s);
		return NULL;
	}
	s->next = R.head;
	if (R.head)
		R.head->prev = s;
	R.head = s;
	R.count++;
	pthread_mutex_unlock(&R.mu);
	char retry[32];
	snprintf(retry, sizeof(retry), "retry: %d\n\n", SSE_RETRY_MS);
	(void)stream_write(s, retry, strlen(retry));
	req->stream = s;
	req->status = 200;
	resp_header(req, "Content-Type", "text/event-stream; charset=utf-8");
	resp_header(req, "Cache-Control", "no-store");
	resp_header(req, "X-Accel-Buffering", "no"); /* nginx: pass events on at once */
	return s;
}

struct MHD_Response *sse_response(struct request *req)
{
	struct http_stream *s = req->stream;
	struct MHD_Response *r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, READ_BLOCK, stream_read, s,
	                                                            stream_gone);
	if (!r)
		stream_gone(s);
	return r;
}

unsigned sse_open_count(void)
{
	pthread_mutex_lock(&R.mu);
	unsigned n = R.count;
	pthread_mutex_unlock(&R.mu);
	return n;
}

/* The open streams, each with a reference the caller releases. */
static struct http_stream **snapshot(size_t *n_out)
{
	pthread_mutex_lock(&R.mu);
	struct http_stream **v = xcalloc(R.count + 1, sizeof(*v));
	size_t n = 0;
	for (struct http_stream *s = R.head; s; s = s->next) {
		atomic_fetch_add(&s->refs, 1);
		v[n++] = s;
	}
	pthread_mutex_unlock(&R.mu);
	*n_out = n;
	return v;
}

/* Every second: a comment on streams quiet for SSE_HEARTBEAT_SECONDS.
 * Writing is also how a dead client is found (a suspended connection does
 * not notice a peer that went away). */
static void *heartbeat_main(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&R.mu);
	while (!R.stopping) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += 1;
		pthread_cond_timedwait(&R.cv, &R.mu, &ts);
		if (R.stopping)
			break;
		pthread_mutex_unlock(&R.mu);
		size_t n;
		struct http_stream **v = snapshot(&n);
		int64_t now = mono_ms();
		for (size_t i = 0; i < n; i++) {
			pthread_mutex_lock(&v[i]->mu);
			bool quiet = now - v[i]->last_write_ms >= SSE_HEARTBEAT_SECONDS * 1000;
			pthread_mutex_unlock(&v[i]->mu);
			if (quiet)
				(void)http_stream_comment(v[i], "heartbeat");
			http_stream_release(v[i]);
		}
		free(v);
		pthread_mutex_lock(&R.mu);
	}
	pthread_mutex_unlock(&R.mu);
	return NULL;
}

void sse_init(unsigned max_streams)
{
	pthread_mutex_lock(&R.mu);
	R.max = max_streams;
	R.stopping = false;
	pthread_mutex_unlock(&R.mu);
	R.thread_on = pthread_create(&R.thread, NULL, heartbeat_main, NULL) == 0;
	if (!R.thread_on)
		fprintf(stderr, "plein: cannot start the event-stream heartbeat thread\n");
}

void sse_close_all(void)
{
	pthread_mutex_lock(&R.mu);
	R.stopping = true;
	pthread_cond_broadcast(&R.cv);
	pthread_mutex_unlock(&R.mu);
	size_t n;
	struct http_stream **v = snapshot(&n);
	for (size_t i = 0; i < n; i++) {
		http_stream_close(v[i]);
		http_stream_release(v[i]);
	}
	free(v);
}

void sse_shutdown(void)
{
	sse_close_all();
	if (R.thread_on)
		pthread_join(R.thread, NULL);
	R.thread_on = false;
}
