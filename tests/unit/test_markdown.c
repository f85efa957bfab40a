/* test_markdown.c — bios rendered by markdown_to_html: ordinary Markdown
 * works (emphasis, lists, links, tables, strikethrough, autolinks), and
 * nothing hostile survives: raw HTML is shown as text, unsafe link schemes
 * lose their target, images become links, links get rel, headings sit
 * below the page's own. Pathological inputs must finish (no timing asserts). */
#include "unit.h"
#include "core/markdown.h"
#include "lib/strbuf.h"

static struct pool *pool;

static int setup(void **state)
{
	pool = pool_new();
	return pool ? 0 : -1;
}

static int teardown(void **state)
{
	pool_free(pool);
	return 0;
}

static const char *md(const char *text)
{
	const char *html = markdown_to_html(pool, text, strlen(text));
	assert_non_null(html);
	return html;
}

static void has(const char *html, const char *needle)
{
	if (!strstr(html, needle))
		print_error("expected %s\n    in %s\n", needle, html);
	assert_non_null(strstr(html, needle));
}

static void lacks(const char *html, const char *needle)
{
	if (strstr(html, needle))
		print_error("did not expect %s\n    in %s\n", needle, html);
	assert_null(strstr(html, needle));
}

/* No tag in the output outside a small allow-list, and no on* attribute. */
static void only_safe_tags(const char *html)
{
	static const char *const ok[] = { "p", "em", "strong", "a", "ul", "ol", "li", "code", "pre", "blockquote",
	                                  "h3", "h4", "h5", "h6", "hr", "br", "del", "table", "thead", "tbody",
	                                  "tr", "th", "td" };
	for (const char *s = html; (s = strchr(s, '<')); s++) {
		const char *name = s + 1 + (s[1] == '/');
		size_t n = strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789");
		bool found = false;
		for (size_t i = 0; i < ARRAY_LEN(ok) && !found; i++)
			found = strlen(ok[i]) == n && strncmp(name, ok[i], n) == 0;
		if (!found)
			print_error("unexpected tag at: %.40s\n    in %s\n", s, html);
		assert_true(found);
		const char *end = strchr(s, '>');
		assert_non_null(end);
		for (const char *a = s; a < end; a++)
			if (a[0] == ' ' && a[1] == 'o' && a[2] == 'n')
				fail_msg("an on* attribute in %.*s", (int)(end - s + 1), s);
	}
}

static void test_basics(void **state)
{
	const char *h = md("Hello *world* and **bold**\n\n- one\n- two\n\n1. first\n2. second\n\n"
	                   "A [link](https://example.com/a?b=c&d=e \"title\").\n\n> quoted\n\n`code` and\n\n"
	                   "    block\n");
	has(h, "<em>world</em>");
	has(h, "<strong>bold</strong>");
	has(h, "<ul>\n<li>one</li>\n<li>two</li>\n</ul>");
	has(h, "<ol>\n<li>first</li>");
	has(h, "<a rel=\"nofollow noopener\" href=\"https://example.com/a?b=c&amp;d=e\" title=\"title\">link</a>");
	has(h, "<blockquote>");
	has(h, "<code>code</code>");
	has(h, "<pre><code>block\n</code></pre>");
	only_safe_tags(h);
}

static void test_gfm_extensions(void **state)
{
	const char *h = md("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ new\n\nsee www.example.org and "
	                   "https://example.net/x and someone@example.com\n");
	has(h, "<table>");
	has(h, "<th>a</th>");
	has(h, "<td>2</td>");
	has(h, "<del>old</del>");
	has(h, "<a rel=\"nofollow noopener\" href=\"http://www.example.org\">www.example.org</a>");
	has(h, "<a rel=\"nofollow noopener\" href=\"https://example.net/x\">https://example.net/x</a>");
	has(h, "href=\"mailto:someone@example.com\"");
	only_safe_tags(h);
}

static void test_raw_html_shown_as_text(void **state)
{
	static const char *const attacks[] = {
		"<script>alert(1)</script>",
		"hello <script>alert(1)</script> there",
		"<img src=x onerror=alert(1)>",
		"text <img src=x onerror=alert(1)> text",
		"<iframe src=\"https://evil.example\"></iframe>",
		"<a href=\"javascript:alert(1)\">x</a>",
		"<div onmouseover=\"alert(1)\">hover</div>",
		"<svg><script>alert(1)</script></svg>",
		"<style>body{display:none}</style>",
		"<!-- comment --><b>bold</b>",
		"- item <script>x</script>\n- <img src=x onerror=y>",
		"<details open ontoggle=alert(1)>",
		"| a |\n|---|\n| <script>alert(1)</script> |",
	};
	for (size_t i = 0; i < ARRAY_LEN(attacks); i++) {
		const char *h = md(attacks[i]);
		lacks(h, "<script");
		lacks(h, "<img");
		lacks(h, "<iframe");
		lacks(h, "<svg");
		lacks(h, "<style");
		lacks(h, "<div");
		lacks(h, "<details");
		lacks(h, "<b>");
		lacks(h, "raw HTML omitted");
		only_safe_tags(h);
	}
	/* shown as the text it is */
	has(md("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
	has(md("a <two> b"), "a &lt;two&gt; b");
	has(md("<img src=x onerror=alert(1)>"), "&lt;img src=x onerror=alert(1)&gt;");
}

static void test_unsafe_links(void **state)
{
	static const char *const attacks[] = {
		"[x](javascript:alert(1))",
		"[x](JavaScript:alert(1))",
		"[x](  javascript:alert(1) )",
		"[x](java&#115;cript:alert(1))",
		"[x](&#106;avascript:alert(1))",
		"[x](vbscript:msgbox(1))",
		"[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
		"[x](file:///etc/passwd)",
		"<javascript:alert(1)>",
		"[x][r]\n\n[r]: javascript:alert(1)",
		"![x](javascript:alert(1))",
		"![x](data:text/html,<script>alert(1)</script>)",
	};
	for (size_t i = 0; i < ARRAY_LEN(attacks); i++) {
		const char *h = md(attacks[i]);
		for (const char *s = h; *s; s++) {
			char low[16] = "";
			for (int k = 0; k < 11 && s[k]; k++)
				low[k] = (char)(s[k] >= 'A' && s[k] <= 'Z' ? s[k] + 32 : s[k]);
			if (strncmp(low, "javascript:", 11) == 0 || strncmp(low, "vbscript:", 9) == 0 ||
			    strncmp(low, "data:text", 9) == 0 || strncmp(low, "file:", 5) == 0) {
				/* allowed only as visible text, never inside an href */
				const char *tag = s;
				while (tag > h && *tag != '<' && *tag != '>')
					tag--;
				if (*tag == '<')
					fail_msg("unsafe scheme inside a tag: %s", h);
			}
		}
		only_safe_tags(h);
	}
	/* safe schemes keep their target */
	has(md("[m](mailto:a@example.com)"), "href=\"mailto:a@example.com\"");
	has(md("[r](/people/3)"), "href=\"/people/3\"");
}

static void test_images_become_links(void **state)
{
	const char *h = md("![a cat](https://cdn.example.com/cat.png)");
	lacks(h, "<img");
	has(h, "<a rel=\"nofollow noopener\" href=\"https://cdn.example.com/cat.png\">a cat</a>");
	/* no alt text: the address is the text */
	h = md("![](https://cdn.example.com/dog.png)");
	has(h, ">https://cdn.example.com/dog.png</a>");
	/* an image inside a link: its text (emphasised), never a link in a link */
	h = md("[![logo](https://img.example/l.png)](https://site.example)");
	has(h, "<a rel=\"nofollow noopener\" href=\"https://site.example\"><em>logo</em></a>");
	lacks(h, "img.example");
	h = md("[![](https://img.example/l.png) site](https://site.example)");
	has(h, "<em>https://img.example/l.png</em> site</a>");
	assert_null(strstr(strstr(h, "<a ") + 1, "<a "));
	/* many images (more than one pass of the replacement walk) */
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < 300; i++)
		assert_int_equal(strbuf_addf(&sb, "![i%d](/x%d.png) <b>%d</b> ", i, i, i), 0);
	h = markdown_to_html(pool, sb.buf, sb.len);
	assert_non_null(h);
	lacks(h, "<img");
	lacks(h, "<b>");
	has(h, ">i299</a>");
	strbuf_release(&sb);
}

static void test_rel_on_every_link(void **state)
{
	const char *h = md("[a](https://a.example) <https://b.example> www.c.example [d][d]\n\n[d]: https://d.example");
	int links = 0;
	for (const char *s = h; (s = strstr(s, "<a ")); s++) {
		links++;
		assert_int_equal(strncmp(s, "<a rel=\"nofollow noopener\" href=\"", 33), 0);
	}
	assert_int_equal(links, 4);
	/* text that looks like a link tag stays text */
	h = md("`<a href=\"x\">` and \\<a href=\"y\">");
	lacks(h, "<a ");
}

static void test_headings_demoted(void **state)
{
	const char *h = md("# One\n\n## Two\n\n### Three\n\n#### Four\n\n##### Five\n\n###### Six\n\nSetext\n======\n");
	lacks(h, "<h1");
	lacks(h, "<h2");
	has(h, "<h3>One</h3>");
	has(h, "<h4>Two</h4>");
	has(h, "<h5>Three</h5>");
	has(h, "<h6>Four</h6>");
	has(h, "<h6>Five</h6>");
	has(h, "<h6>Six</h6>");
	has(h, "<h3>Setext</h3>");
}

static void test_sizes(void **state)
{
	assert_string_equal(markdown_to_html(pool, "", 0), "");
	const char *h = markdown_to_html(pool, "abc", 0);
	assert_non_null(h);
	assert_string_equal(h, "");
	/* whitespace only: no paragraph */
	assert_string_equal(md("   \n\n  "), "");

	char *big = malloc(MARKDOWN_INPUT_MAX + 2);
	assert_non_null(big);
	memset(big, 'a', MARKDOWN_INPUT_MAX + 1);
	big[MARKDOWN_INPUT_MAX + 1] = '\0';
	assert_null(markdown_to_html(pool, big, MARKDOWN_INPUT_MAX + 1));
	h = markdown_to_html(pool, big, MARKDOWN_INPUT_MAX);
	assert_non_null(h);
	assert_int_equal(strlen(h), MARKDOWN_INPUT_MAX + strlen("<p></p>\n"));
	free(big);

	/* NUL and invalid UTF-8 inside the given length */
	h = markdown_to_html(pool, "a\0b \xff\xfe c", 9);
	assert_non_null(h);
	has(h, "<p>a");
	lacks(h, "\xff");
}

/* Repeat unit n times; rendered within the bound. */
static void pathological(const char *unit, size_t n, const char *suffix)
{
	struct strbuf sb;
	strbuf_init(&sb, MARKDOWN_INPUT_MAX);
	for (size_t i = 0; i < n; i++)
		if (strbuf_addstr(&sb, unit))
			break;
	if (suffix)
		(void)strbuf_addstr(&sb, suffix);
	assert_true(sb.len <= MARKDOWN_INPUT_MAX);
	const char *h = markdown_to_html(pool, sb.buf, sb.len);
	assert_non_null(h);
	only_safe_tags(h);
	strbuf_release(&sb);
}

static void test_pathological_inputs(void **state)
{
	pathological("![[]()", 4000, NULL);
	pathological("[", 4000, NULL);
	pathological("[", 4000, "]");
	pathological("[a](", 4000, NULL);
	pathological("*a_", 4000, NULL);
	pathological("**", 10000, "a");
	pathological("> ", 4000, "deep quote");
	pathological("- ", 4000, "deep list");
	pathological("`", 8000, NULL);
	pathological("<", 8000, "script>");
	pathological("|a", 4000, "\n|-|\n");
	pathological("| a |\n", 1, NULL);
	pathological("a|", 2000, "\n" "-|");
	pathological("~~", 8000, "x");
	pathological("www.", 4000, NULL);
	pathological("<a href=\"", 2000, NULL);
	pathological("![", 4000, "](x)");
	pathological("[x](y) ", 4000, NULL);
	pathological("\\", 16000, NULL);
	pathological("&#", 8000, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basics),
		cmocka_unit_test(test_gfm_extensions),
		cmocka_unit_test(test_raw_html_shown_as_text),
		cmocka_unit_test(test_unsafe_links),
		cmocka_unit_test(test_images_become_links),
		cmocka_unit_test(test_rel_on_every_link),
		cmocka_unit_test(test_headings_demoted),
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_pathological_inputs),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
