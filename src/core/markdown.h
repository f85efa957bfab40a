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

#define MARKDOWN_TOPICS_MAX 10
#define MARKDOWN_MENTIONS_MAX 20
#define MARKDOWN_TOPIC_MAX 50   /* bytes of a topic name */
/* What a post's text refers to: #topics (names as written, without '#',
 * distinct by folded key, first ones kept) and mentions (links to
 * /people/ID, as the composer writes "@[Name](/people/ID)"). */
struct markdown_refs {
	const char *topics[MARKDOWN_TOPICS_MAX];
	size_t n_topics;
	int64_t mentions[MARKDOWN_MENTIONS_MAX];
	size_t n_mentions;
};
/* As markdown_to_html, and #topic words in running text (not in code or
 * links) become links to /topics/KEY; refs (may be NULL) collects both. */
const char *markdown_to_html_refs(struct pool *p, const char *text, size_t len, struct markdown_refs *refs);
/* The folded key of a topic name (case and diacritics dropped) into out
 * (at least MARKDOWN_TOPIC_MAX * 2 + 1 bytes); false when not a valid name. */
bool markdown_topic_key(const char *name, size_t len, char *out, size_t outlen);
/* True when name is a valid topic (letters, digits, '_' and '-', 1–50 bytes). */
bool markdown_topic_valid(const char *name, size_t len);
#endif
