/* markdown.c — see markdown.h. cmark-gfm does the parsing and its safe mode
 * the escaping; this file only adjusts the tree (images, headings) and the
 * attributes of links. */
#include "core/markdown.h"
#include "lib/strbuf.h"
#include "core/textnorm.h"
#include <ctype.h>
#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include <pthread.h>
#include <unictype.h>
#include <unistr.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void register_extensions(void)
{
	cmark_gfm_core_extensions_ensure_registered();
}

static void attach(cmark_parser *parser, const char *name)
{
	cmark_syntax_extension *ext = cmark_find_syntax_extension(name);
	if (ext)
		cmark_parser_attach_syntax_extension(parser, ext);
}

static bool inside_link(cmark_node *node)
{
	for (node = cmark_node_parent(node); node; node = cmark_node_parent(node))
		if (cmark_node_get_type(node) == CMARK_NODE_LINK)
			return true;
	return false;
}

/* An image becomes a link to it with its alt text: a bio must not make every
 * viewer's browser fetch from a third party (tracking), and CSP blocks it anyway.
 * Inside a link ([![logo](img)](site)) it becomes just its text: a link in a
 * link is not HTML, and browsers would tear the outer one apart. */
static void image_to_link(cmark_node *img)
{
	bool nested = inside_link(img);
	cmark_node *link = cmark_node_new(nested ? CMARK_NODE_EMPH : CMARK_NODE_LINK), *child;
	const char *url = cmark_node_get_url(img);
	if (!nested)
		cmark_node_set_url(link, url ? url : "");
	while ((child = cmark_node_first_child(img)))
		cmark_node_append_child(link, child);
	if (!cmark_node_first_child(link)) {
		cmark_node *text = cmark_node_new(CMARK_NODE_TEXT);
		cmark_node_set_literal(text, url ? url : "");
		cmark_node_append_child(link, text);
	}
	cmark_node_insert_before(img, link);
	cmark_node_free(img);
}

/* Raw HTML is shown as the text it is (escaped by the renderer), not dropped:
 * someone who writes "<two>" in a bio should see it. */
static void html_to_text(cmark_node *html)
{
	bool block = cmark_node_get_type(html) == CMARK_NODE_HTML_BLOCK;
	cmark_node *text = cmark_node_new(CMARK_NODE_TEXT), *keep = text;
	const char *literal = cmark_node_get_literal(html);
	cmark_node_set_literal(text, literal ? literal : "");
	if (block) {
		keep = cmark_node_new(CMARK_NODE_PARAGRAPH);
		cmark_node_append_child(keep, text);
	}
	cmark_node_insert_before(html, keep);
	cmark_node_free(html);
}

/* The page has h1 (the name) and h2 (sections): a bio's headings go below. */
static void demote_headings(cmark_node *doc)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(node) == CMARK_NODE_HEADING) {
			int level = cmark_node_get_heading_level(node) + 2;
			cmark_node_set_heading_level(node, level > 6 ? 6 : level);
		}
	}
	cmark_iter_free(it);
}

/* One walk collects the nodes to replace (the tree must not change under the
 * iterator), then they are replaced; repeated while more were found. */
static void replace_nodes(cmark_node *doc)
{
	cmark_node *found[64];
	size_t n;
	bool more;
	do {
		more = false;
		n = 0;
		cmark_iter *it = cmark_iter_new(doc);
		cmark_event_type ev;
		while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
			cmark_node *node = cmark_iter_get_node(it);
			cmark_node_type type = cmark_node_get_type(node);
			if (ev == CMARK_EVENT_ENTER && (type == CMARK_NODE_IMAGE || type == CMARK_NODE_HTML_INLINE ||
			                                type == CMARK_NODE_HTML_BLOCK)) {
				if (n < sizeof(found) / sizeof(found[0]))
					found[n++] = node;
				else
					more = true;
			}
		}
		cmark_iter_free(it);
		for (size_t i = 0; i < n; i++) {
			if (cmark_node_get_type(found[i]) == CMARK_NODE_IMAGE)
				image_to_link(found[i]);
			else
				html_to_text(found[i]);
		}
	} while (more);
}

/* Bytes of the topic character (a letter, digit or mark in any script, '_'
 * or '-') at s[i], or 0 when there is none: punctuation, symbols and spaces
 * outside ASCII end a topic too ("#plein’s", "#done…", "#a\u00a0b"). */
static size_t topic_char_len(const char *s, size_t len, size_t i)
{
	unsigned char c = (unsigned char)s[i];
	if (c < 0x80)
		return isalnum(c) || c == '_' || c == '-' ? 1 : 0;
	ucs4_t uc;
	int n = u8_mbtouc(&uc, (const uint8_t *)s + i, len - i);
	if (n <= 0 || uc == 0xfffd ||
	    !uc_is_general_category_withtable(uc, UC_CATEGORY_MASK_L | UC_CATEGORY_MASK_N | UC_CATEGORY_MASK_M))
		return 0;
	return (size_t)n;
}

bool markdown_topic_valid(const char *name, size_t len)
{
	if (len == 0 || len > MARKDOWN_TOPIC_MAX || name[0] == '-' || name[len - 1] == '-')
		return false;
	for (size_t i = 0, n; i < len; i += n)
		if (!(n = topic_char_len(name, len, i)))
			return false;
	textnorm_term folded;
	return textnorm_fold(name, len, folded) > 0;
}

bool markdown_topic_key(const char *name, size_t len, char *out, size_t outlen)
{
	if (!markdown_topic_valid(name, len) || outlen <= TEXTNORM_WORD_MAX)
		return false;
	textnorm_term folded;
	size_t n = textnorm_fold(name, len, folded);
	if (!n)
		return false;
	memcpy(out, folded, n + 1);
	return true;
}

/* Where the #topic starting at s[i] ('#') ends, or 0 when it is none: the
 * '#' must not follow a word character ("C#", "a#b", "é#b", "&#39;"), and
 * the name is a valid topic. Trailing '-' is not part of it. */
static size_t topic_at(const char *s, size_t len, size_t i)
{
	if (i > 0) {
		size_t k = i - 1;  /* the start of the character before the '#' */
		while (k > 0 && i - k < 4 && ((unsigned char)s[k] & 0xc0) == 0x80)
			k--;
		if (topic_char_len(s, i, k) || s[i - 1] == '&' || s[i - 1] == '/')
			return 0;
	}
	size_t j = i + 1, n;
	while (j < len && (n = topic_char_len(s, len, j)))
		j += n;
	while (j > i + 1 && s[j - 1] == '-')
		j--;
	return markdown_topic_valid(s + i + 1, j - i - 1) ? j : 0;
}

static void refs_add_topic(struct pool *p, struct markdown_refs *refs, const char *name, size_t len, const char *key)
{
	if (!refs || refs->n_topics >= MARKDOWN_TOPICS_MAX)
		return;
	for (size_t k = 0; k < refs->n_topics; k++) {
		char other[TEXTNORM_WORD_MAX + 1];
		if (markdown_topic_key(refs->topics[k], strlen(refs->topics[k]), other, sizeof(other)) &&
		    strcmp(other, key) == 0)
			return;
	}
	refs->topics[refs->n_topics++] = pool_strndup(p, name, len);
}

/* Split one text node at its #topics into text and links. */
static void link_topics(struct pool *p, cmark_node *node, struct markdown_refs *refs)
{
	const char *lit = cmark_node_get_literal(node);
	if (!lit || !strchr(lit, '#'))
		return;
	size_t len = strlen(lit), start = 0, end;
	char *copy = pool_strndup(p, lit, len);  /* the literal changes below */
	bool changed = false;
	for (size_t i = 0; i < len; i++) {
		if (copy[i] != '#' || !(end = topic_at(copy, len, i)))
			continue;
		char key[TEXTNORM_WORD_MAX + 1];
		if (!markdown_topic_key(copy + i + 1, end - i - 1, key, sizeof(key)))
			continue;
		refs_add_topic(p, refs, copy + i + 1, end - i - 1, key);
		if (i > start) {
			cmark_node *before = cmark_node_new(CMARK_NODE_TEXT);
			cmark_node_set_literal(before, pool_strndup(p, copy + start, i - start));
			cmark_node_insert_before(node, before);
		}
		struct strbuf url = STRBUF_INIT;
		(void)strbuf_addstr(&url, "/topics/");
		(void)strbuf_add_urlencoded(&url, key, strlen(key));
		cmark_node *link = cmark_node_new(CMARK_NODE_LINK), *text = cmark_node_new(CMARK_NODE_TEXT);
		cmark_node_set_url(link, url.buf);
		cmark_node_set_title(link, "");
		strbuf_release(&url);
		cmark_node_set_literal(text, pool_strndup(p, copy + i, end - i));
		cmark_node_append_child(link, text);
		cmark_node_insert_before(node, link);
		start = end;
		i = end - 1;
		changed = true;
	}
	if (changed)
		cmark_node_set_literal(node, copy + start);
}

static bool mention_url(const char *url, int64_t *id)
{
	if (!url || strncmp(url, "/people/", 8) != 0 || !url[8] || strlen(url + 8) > 18)
		return false;
	int64_t v = 0;
	for (const char *c = url + 8; *c; c++) {
		if (!isdigit((unsigned char)*c))
			return false;
		v = v * 10 + (*c - '0');
	}
	*id = v;
	return v > 0;
}

/* Topics in text nodes outside links, and mentions from links. */
static void collect_refs(struct pool *p, cmark_node *doc, struct markdown_refs *refs)
{
	cmark_node *texts[256];
	size_t n = 0;
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		cmark_node_type type = cmark_node_get_type(node);
		int64_t id;
		if (type == CMARK_NODE_LINK && refs && mention_url(cmark_node_get_url(node), &id) &&
		    refs->n_mentions < MARKDOWN_MENTIONS_MAX) {
			bool seen = false;
			for (size_t k = 0; k < refs->n_mentions; k++)
				seen |= refs->mentions[k] == id;
			if (!seen)
				refs->mentions[refs->n_mentions++] = id;
		} else if (type == CMARK_NODE_TEXT && n < sizeof(texts) / sizeof(texts[0]) && !inside_link(node)) {
			const char *lit = cmark_node_get_literal(node);
			if (lit && strchr(lit, '#'))
				texts[n++] = node;
		}
	}
	cmark_iter_free(it);
	for (size_t i = 0; i < n; i++)
		link_topics(p, texts[i], refs);
}

static const char *render(struct pool *p, const char *text, size_t len, bool topics, struct markdown_refs *refs)
{
	if (refs)
		memset(refs, 0, sizeof(*refs));
	if (len > MARKDOWN_INPUT_MAX)
		return NULL;
	if (len == 0)
		return "";
	pthread_once(&once, register_extensions);
	int options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8;  /* safe: no CMARK_OPT_UNSAFE */
	cmark_parser *parser = cmark_parser_new(options);
	attach(parser, "autolink");
	attach(parser, "strikethrough");
	attach(parser, "table");
	cmark_parser_feed(parser, text, len);
	cmark_node *doc = cmark_parser_finish(parser);
	demote_headings(doc);
	replace_nodes(doc);
	if (topics)
		collect_refs(p, doc, refs);
	char *html = cmark_render_html(doc, options, cmark_parser_get_syntax_extensions(parser));
	cmark_node_free(doc);
	cmark_parser_free(parser);

	/* every <a href= in the output came from cmark (raw HTML is escaped) */
	struct strbuf out = STRBUF_INIT;
	const char *s = html, *at;
	while ((at = strstr(s, "<a href=\""))) {
		(void)strbuf_add(&out, s, (size_t)(at - s));
		(void)strbuf_addstr(&out, "<a rel=\"nofollow noopener\" href=\"");
		s = at + strlen("<a href=\"");
	}
	(void)strbuf_addstr(&out, s);
	free(html);
	const char *result = pool_strndup(p, out.buf ? out.buf : "", out.len);
	strbuf_release(&out);
	return result;
}

const char *markdown_to_html(struct pool *p, const char *text, size_t len)
{
	return render(p, text, len, false, NULL);
}

const char *markdown_to_html_refs(struct pool *p, const char *text, size_t len, struct markdown_refs *refs)
{
	return render(p, text, len, true, refs);
}
