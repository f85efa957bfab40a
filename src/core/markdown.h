/* markdown.h — Markdown (CommonMark + GitHub's autolinks, strikethrough and
 * tables) rendered to HTML that is safe to put in a page: raw HTML and
 * unsafe link schemes dropped, links rel="nofollow noopener", images turned
 * into links (no third-party loads), headings demoted below the page's own. */
#ifndef PLEIN_MARKDOWN_H
#define PLEIN_MARKDOWN_H
#include "lib/pool.h"

/* Inputs past this many bytes are refused by callers before rendering:
 * cmark-gfm has had super-linear inputs, and bounding the size bounds them. */
#define MARKDOWN_INPUT_MAX 65536

/* HTML into the pool; "" for empty input; NULL when len exceeds the bound. */
const char *markdown_to_html(struct pool *p, const char *text, size_t len);
#endif
