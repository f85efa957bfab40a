/* fuzz_post_text.c — libFuzzer harness for what a post's text goes through
 * before it is stored: posts_text_error and markdown_to_html_refs (the
 * #topics and @mentions it collects, the HTML with topic links). Whatever
 * the bytes: no crash; at most 10 topics, each a valid name, distinct by
 * folded key; mentions positive and distinct (at most 20); the HTML holds
 * no <script and no javascript: (nor vbscript:/data:) href; a text
 * posts_text_error accepts always renders; and the same input gives the
 * same refs twice (no hidden state). */
#include "lib/common.h"
#include "lib/pool.h"
#include "core/markdown.h"
#include "core/posts.h"
#include "core/textnorm.h"
#include <strings.h>

#define INPUT_MAX 65536  /* 64 KiB: the renderer's own bound */

static void check_hrefs(const char *html)
{
	static const char marker[] = "href=\"";
	for (const char *s = html; (s = strstr(s, marker)); s++) {
		const char *url = s + sizeof(marker) - 1;
		/* the scheme, ignoring the blanks and controls browsers strip */
		char scheme[16];
		size_t n = 0;
		for (const char *c = url; *c && *c != '"' && n < sizeof(scheme) - 1; c++)
			if ((unsigned char)*c > ' ')
				scheme[n++] = *c;
		scheme[n] = '\0';
		static const char *const bad[] = { "javascript:", "vbscript:", "data:text", "file:" };
		for (size_t i = 0; i < ARRAY_LEN(bad); i++)
			if (strncasecmp(scheme, bad[i], strlen(bad[i])) == 0)
				abort();
	}
}

static void check_refs(const struct markdown_refs *r)
{
	if (r->n_topics > MARKDOWN_TOPICS_MAX || r->n_topics > POST_TOPICS_MAX || r->n_mentions > MARKDOWN_MENTIONS_MAX)
		abort();
	char keys[MARKDOWN_TOPICS_MAX][TEXTNORM_WORD_MAX + 1];
	for (size_t i = 0; i < r->n_topics; i++) {
		const char *t = r->topics[i];
		if (!t || !markdown_topic_valid(t, strlen(t)) || !markdown_topic_key(t, strlen(t), keys[i], sizeof(keys[i])))
			abort();
		for (size_t k = 0; k < i; k++)
			if (strcmp(keys[k], keys[i]) == 0)
				abort();
	}
	for (size_t i = 0; i < r->n_mentions; i++) {
		if (r->mentions[i] <= 0)
			abort();
		for (size_t k = 0; k < i; k++)
			if (r->mentions[k] == r->mentions[i])
				abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len);
int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len)
{
	if (len > INPUT_MAX)
		return 0;
	struct pool *p = pool_new();
	/* posts_text_error reads a C string: the bytes up to the first NUL */
	char *text = pool_strndup(p, (const char *)buf, len);
	size_t tlen = strlen(text);
	const char *err = posts_text_error(text, POST_TEXT_MAX);
	struct markdown_refs refs, again;
	const char *html = markdown_to_html_refs(p, (const char *)buf, len, &refs);
	if (!html)
		abort();  /* within the bound, every input renders */
	check_refs(&refs);
	if (strstr(html, "<script") || strstr(html, "<SCRIPT"))
		abort();
	check_hrefs(html);
	const char *html2 = markdown_to_html_refs(p, (const char *)buf, len, &again);
	if (!html2 || strcmp(html, html2) != 0 || memcmp(&refs.mentions, &again.mentions, sizeof(refs.mentions)) != 0 ||
	    refs.n_topics != again.n_topics || refs.n_mentions != again.n_mentions)
		abort();
	for (size_t i = 0; i < refs.n_topics; i++)
		if (strcmp(refs.topics[i], again.topics[i]) != 0)
			abort();
	if (!err) {
		/* an accepted text is non-blank valid UTF-8 without controls, of at
		 * most 10,000 characters, and renders to something */
		if (!tlen || tlen > MARKDOWN_INPUT_MAX)
			abort();
		struct markdown_refs r2;
		const char *h = markdown_to_html_refs(p, text, tlen, &r2);
		if (!h)
			abort();
		check_refs(&r2);
	}
	pool_free(p);
	return 0;
}
