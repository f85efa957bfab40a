/* textdiff.c — see textdiff.h: line comparison through libgit2's
 * git_diff_buffers, so the algorithm is git's well-tested xdiff rather than
 * code of our own. This file only adapts its callbacks into a list. */
#include "core/textdiff.h"
#include <git2.h>
#include <pthread.h>

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static bool init_ok;

/* libgit2 keeps global state that its init sets up once per process; it is
 * never shut down (the state stays reachable, so it is no leak). */
static void init_library(void)
{
	init_ok = git_libgit2_init() > 0;
}

struct collect {
	struct pool *p;
	struct textdiff_line *lines;   /* malloc'ed while collecting */
	size_t n, alloc;
	size_t added, removed;
};

static struct textdiff_line *push(struct collect *c)
{
	if (c->n == c->alloc) {
		c->alloc = c->alloc ? st_mult(c->alloc, 2) : 64;
		c->lines = xrealloc(c->lines, st_mult(c->alloc, sizeof(*c->lines)));
	}
	struct textdiff_line *l = &c->lines[c->n++];
	memset(l, 0, sizeof(*l));
	return l;
}

static int on_hunk(const git_diff_delta *delta, const git_diff_hunk *hunk, void *payload)
{
	(void)delta;
	struct textdiff_line *l = push(payload);
	l->op = TEXTDIFF_HUNK;
	l->old_no = hunk->old_start;
	l->new_no = hunk->new_start;
	l->text = "";
	return 0;
}

static int on_line(const git_diff_delta *delta, const git_diff_hunk *hunk, const git_diff_line *line, void *payload)
{
	(void)delta;
	(void)hunk;
	struct collect *c = payload;
	enum textdiff_op op;
	switch (line->origin) {
	case GIT_DIFF_LINE_CONTEXT: op = TEXTDIFF_SAME; break;
	case GIT_DIFF_LINE_ADDITION: op = TEXTDIFF_ADD; c->added++; break;
	case GIT_DIFF_LINE_DELETION: op = TEXTDIFF_DEL; c->removed++; break;
	default: return 0;  /* "\ No newline at end of file": both texts end in one here */
	}
	struct textdiff_line *l = push(c);
	size_t len = line->content_len;
	if (len && line->content[len - 1] == '\n')
		len--;
	l->op = op;
	l->old_no = line->old_lineno > 0 ? line->old_lineno : 0;
	l->new_no = line->new_lineno > 0 ? line->new_lineno : 0;
	l->text = pool_strndup(c->p, line->content, len);
	l->len = len;
	return 0;
}

/* The text with a final newline, in the pool. */
static const char *with_newline(struct pool *p, const char *s, size_t len, size_t *out_len)
{
	bool add = len > 0 && s[len - 1] != '\n';
	char *buf = pool_alloc(p, len + 2);
	if (len)
		memcpy(buf, s, len);
	if (add)
		buf[len++] = '\n';
	buf[len] = '\0';
	*out_len = len;
	return buf;
}

int textdiff_lines(struct pool *p, const char *a, size_t a_len, const char *b, size_t b_len, unsigned context,
                   struct textdiff *out)
{
	memset(out, 0, sizeof(*out));
	if (a_len > TEXTDIFF_INPUT_MAX || b_len > TEXTDIFF_INPUT_MAX)
		return PLEIN_TOOBIG;
	pthread_once(&init_once, init_library);
	if (!init_ok)
		return PLEIN_ERROR;
	size_t la, lb;
	const char *ba = with_newline(p, a, a_len, &la), *bb = with_newline(p, b, b_len, &lb);
	git_diff_options opts;
	if (git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION) != 0)
		return PLEIN_ERROR;
	opts.flags |= GIT_DIFF_FORCE_TEXT;   /* never "binary files differ" */
	opts.context_lines = context;
	opts.interhunk_lines = 0;
	struct collect c = { .p = p };
	int rc = git_diff_buffers(ba, la, NULL, bb, lb, NULL, &opts, NULL, NULL, on_hunk, on_line, &c);
	if (rc != 0) {
		free(c.lines);
		return PLEIN_ERROR;
	}
	if (c.n) {
		out->lines = pool_alloc(p, st_mult(c.n, sizeof(*out->lines)));
		memcpy(out->lines, c.lines, c.n * sizeof(*out->lines));
	}
	out->n = c.n;
	out->added = c.added;
	out->removed = c.removed;
	free(c.lines);
	return PLEIN_OK;
}
