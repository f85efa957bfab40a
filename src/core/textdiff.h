/* textdiff.h — a line-based comparison of two texts (group page revisions),
 * computed by libgit2's git_diff_buffers (Myers' algorithm from git's
 * xdiff) on two buffers, with no repository. The result is a list of lines
 * marked kept, removed or added, in hunks with a few lines of context. */
#ifndef PLEIN_TEXTDIFF_H
#define PLEIN_TEXTDIFF_H
#include "lib/pool.h"

/* Each input is refused past this many bytes (pages are smaller). */
#define TEXTDIFF_INPUT_MAX (256 * 1024)
/* Show every line (for a comparison that must rebuild both texts). */
#define TEXTDIFF_ALL_CONTEXT 0x7fffffffu

enum textdiff_op {
	TEXTDIFF_SAME = ' ',
	TEXTDIFF_DEL = '-',
	TEXTDIFF_ADD = '+',
	TEXTDIFF_HUNK = '@',   /* the start of a hunk: old_no/new_no are its first lines */
};

/* One line in the pool, without its newline. Line numbers from 1; 0 when
 * the line is not on that side. */
struct textdiff_line {
	enum textdiff_op op;
	int64_t old_no, new_no;
	const char *text;
	size_t len;
};

struct textdiff {
	struct textdiff_line *lines;
	size_t n;
	size_t added, removed;   /* counts of + and - lines */
};

/* Compare a (old) and b (new) line by line, with `context` unchanged lines
 * around each change (TEXTDIFF_ALL_CONTEXT: all). A missing newline at the
 * end counts as present (no "\ No newline" noise). PLEIN_TOOBIG past
 * TEXTDIFF_INPUT_MAX; PLEIN_ERROR when the library fails. Identical texts
 * give n == 0. */
int textdiff_lines(struct pool *p, const char *a, size_t a_len, const char *b, size_t b_len, unsigned context,
                   struct textdiff *out) WARN_UNUSED;
#endif
