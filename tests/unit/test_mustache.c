/* test_mustache.c — the Mustache renderer against the published spec
 * (every case of every required module in MUSTACHE_SPEC_DIR, one cmocka test
 * each, so a failure names its file and case), then plein's own additions:
 * the "_" translation section, escaping, limits and error messages. */
#include "unit.h"
#include "tmpl/mustache.h"
#include <dirent.h>
#include <pthread.h>

/* ---- the spec ------------------------------------------------------------ */

struct spec_case {
	const char *file;
	json_t *test; /* borrowed from the file's document */
};

/* Show a string with its newlines and tabs visible. */
static void print_quoted(const char *label, const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	for (; *s; s++) {
		switch (*s) {
		case '\n': (void)strbuf_addstr(&sb, "\\n"); break;
		case '\r': (void)strbuf_addstr(&sb, "\\r"); break;
		case '\t': (void)strbuf_addstr(&sb, "\\t"); break;
		default: (void)strbuf_addch(&sb, *s);
		}
	}
	print_error("  %s \"%s\"\n", label, sb.buf);
	strbuf_release(&sb);
}

static void run_spec_case(void **state)
{
	const struct spec_case *c = *state;
	const char *name = json_string_value(json_object_get(c->test, "name"));
	json_t *tmpl = json_object_get(c->test, "template");
	const char *expected = json_string_value(json_object_get(c->test, "expected"));
	struct tmpl_set *set = tmpl_set_new();
	struct strbuf out = STRBUF_INIT;
	char err[256];
	const char *key;
	json_t *partial;
	bool ok = true;

	assert_non_null(tmpl);
	assert_non_null(expected);
	if (tmpl_set_add(set, "test", json_string_value(tmpl), json_string_length(tmpl), err, sizeof(err))) {
		print_error("%s: %s: template does not parse: %s\n", c->file, name, err);
		ok = false;
		goto out;
	}
	json_object_foreach(json_object_get(c->test, "partials"), key, partial) {
		if (tmpl_set_add(set, key, json_string_value(partial), json_string_length(partial), err,
				 sizeof(err))) {
			print_error("%s: %s: partial '%s' does not parse: %s\n", c->file, name, key, err);
			ok = false;
			goto out;
		}
	}
	if (tmpl_render(set, "test", json_object_get(c->test, "data"), NULL, &out, err, sizeof(err))) {
		print_error("%s: %s: render failed: %s\n", c->file, name, err);
		ok = false;
		goto out;
	}
	if (strcmp(out.buf, expected) != 0) {
		print_error("%s: %s: wrong output\n", c->file, name);
		print_quoted("template:", json_string_value(tmpl));
		print_quoted("expected:", expected);
		print_quoted("got:     ", out.buf);
		ok = false;
	}
out:
	strbuf_release(&out);
	tmpl_set_free(set);
	if (!ok)
		fail();
}

static void spec_dir_missing(void **state)
{
	const char *dir = *state;
	print_error("no spec files found in %s (set MUSTACHE_SPEC_DIR)\n", dir);
	fail();
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* One cmocka test per spec case. Optional modules ("~inheritance.json",
 * "~lambdas.json", ...) are skipped: the renderer does not implement them. */
#define MAX_CASES 4096
static int run_spec(void)
{
	const char *dir = getenv("MUSTACHE_SPEC_DIR");
	char *names[64];
	size_t n_names = 0, n_tests = 0;
	json_t *docs[64];
	/* tests point into cases: neither may move once filled */
	struct CMUnitTest *tests = xcalloc(MAX_CASES, sizeof(*tests));
	struct spec_case *cases = xcalloc(MAX_CASES, sizeof(*cases));
	DIR *d;
	struct dirent *de;
	int failed;

	if (!dir || !*dir)
		dir = "../shared/conformance/mustache";
	if ((d = opendir(dir))) {
		while ((de = readdir(d)) && n_names < ARRAY_LEN(names)) {
			size_t len = strlen(de->d_name);
			if (de->d_name[0] != '~' && de->d_name[0] != '.' && len > 5 &&
			    strcmp(de->d_name + len - 5, ".json") == 0)
				names[n_names++] = xstrdup(de->d_name);
		}
		closedir(d);
	}
	qsort(names, n_names, sizeof(names[0]), by_name);
	for (size_t f = 0; f < n_names; f++) {
		char path[4096];
		json_error_t jerr;
		size_t i;
		json_t *test;

		snprintf(path, sizeof(path), "%s/%s", dir, names[f]);
		docs[f] = json_load_file(path, 0, &jerr);
		if (!docs[f]) {
			fprintf(stderr, "%s: %s\n", path, jerr.text);
			return 1;
		}
		json_array_foreach(json_object_get(docs[f], "tests"), i, test) {
			if (n_tests == MAX_CASES) {
				fprintf(stderr, "more than %d spec cases\n", MAX_CASES);
				return 1;
			}
			cases[n_tests] = (struct spec_case){ names[f], test };
			char *tname = xmalloc(512);
			snprintf(tname, 512, "%s: %s", names[f], json_string_value(json_object_get(test, "name")));
			tests[n_tests] = (struct CMUnitTest){ .name = tname, .test_func = run_spec_case,
							      .initial_state = &cases[n_tests] };
			n_tests++;
		}
	}
	if (n_tests == 0) {
		struct CMUnitTest missing[] = { { .name = "spec files present", .test_func = spec_dir_missing,
						  .initial_state = (void *)dir } };
		failed = cmocka_run_group_tests_name("mustache spec", missing, NULL, NULL);
	} else {
		/* the array is built at run time, so call what the macro expands to */
		failed = _cmocka_run_group_tests("mustache spec", tests, n_tests, NULL, NULL);
	}
	for (size_t i = 0; i < n_tests; i++)
		free((char *)tests[i].name);
	free(tests);
	free(cases);
	for (size_t f = 0; f < n_names; f++) {
		json_decref(docs[f]);
		free(names[f]);
	}
	return failed;
}

/* ---- helpers --------------------------------------------------------------- */

/* Render src (added as "t") with data given as JSON text; returns the status
 * and leaves the output in *out (caller releases). */
static int render_str(struct tmpl_set *set, const char *src, const char *data_json,
		      const struct tmpl_opts *opts, struct strbuf *out, char *err, size_t errlen)
{
	json_error_t jerr;
	json_t *data = json_loads(data_json ? data_json : "{}", JSON_DECODE_ANY, &jerr);
	int rc;

	assert_non_null(data);
	rc = tmpl_set_add(set, "t", src, strlen(src), err, errlen);
	if (!rc)
		rc = tmpl_render(set, "t", data, opts, out, err, errlen);
	json_decref(data);
	return rc;
}

static int add(struct tmpl_set *set, const char *name, const char *src, char *err, size_t errlen)
{
	return tmpl_set_add(set, name, src, strlen(src), err, errlen);
}

/* Render and expect success with exactly `want`. */
static void expect(const char *src, const char *data_json, const struct tmpl_opts *opts, const char *want)
{
	struct tmpl_set *set = tmpl_set_new();
	struct strbuf out = STRBUF_INIT;
	char err[256] = "";
	int rc = render_str(set, src, data_json, opts, &out, err, sizeof(err));
	if (rc)
		print_error("render of \"%s\" failed: %s\n", src, err);
	assert_int_equal(rc, 0);
	assert_string_equal(out.buf, want);
	strbuf_release(&out);
	tmpl_set_free(set);
}

/* Expect tmpl_set_add to fail with rc and a message that contains `msg`. */
static void expect_syntax_error(const char *src, int want_rc, const char *msg)
{
	struct tmpl_set *set = tmpl_set_new();
	char err[256] = "";
	int rc = tmpl_set_add(set, "t", src, strlen(src), err, sizeof(err));
	if (rc != want_rc || !strstr(err, msg))
		print_error("\"%s\": rc %d, err \"%s\"; wanted rc %d and \"%s\"\n", src, rc, err, want_rc, msg);
	assert_int_equal(rc, want_rc);
	assert_non_null(strstr(err, msg));
	assert_false(tmpl_set_has(set, "t"));
	tmpl_set_free(set);
}

/* ---- translation ------------------------------------------------------------ */

static const char *translate_nl(void *arg, const char *msgid)
{
	static const char *const table[][2] = {
		{ "Sign in", "Inloggen" },
		{ "Welcome, {{name}}", "Welkom, {{name}}" },
		{ "Welcome, <%name%>", "Welkom, <%name%>" },
		{ "loop", "{{#_}}loop{{/_}}" },
		{ "broken", "Kapot {{#name}}" },
		{ "nested", "Binnen: {{#_}}Sign in{{/_}}" },
	};
	if (arg)
		json_array_append_new(arg, json_string(msgid)); /* record what was asked */
	for (size_t i = 0; i < ARRAY_LEN(table); i++)
		if (strcmp(msgid, table[i][0]) == 0)
			return table[i][1];
	return msgid;
}

static void test_translate(void **state)
{
	struct tmpl_opts nl = { translate_nl, NULL };

	expect("<a>{{#_}}Sign in{{/_}}</a>", NULL, &nl, "<a>Inloggen</a>");
	expect("{{#_}}Welcome, {{name}}{{/_}}!", "{\"name\":\"<Ann>\"}", &nl, "Welkom, &lt;Ann&gt;!");
	/* no translator, or no translation: the source text, rendered */
	expect("{{#_}}Welcome, {{name}}{{/_}}!", "{\"name\":\"Ann\"}", NULL, "Welcome, Ann!");
	expect("{{#_}}Sign out{{/_}}", NULL, &nl, "Sign out");
	/* "_" is never looked up in the data */
	expect("{{#_}}Sign in{{/_}}", "{\"_\":false}", &nl, "Inloggen");
	/* the translation renders against the current context, in every pass */
	expect("{{#people}}{{#_}}Welcome, {{name}}{{/_}};{{/people}}",
	       "{\"people\":[{\"name\":\"A\"},{\"name\":\"B\"}],\"name\":\"root\"}", &nl, "Welkom, A;Welkom, B;");
	/* translations are parsed with the delimiters in force at the tag */
	expect("{{=<% %>=}}<%#_%>Welcome, <%name%><%/_%>", "{\"name\":\"Ann\"}", &nl, "Welkom, Ann");
	/* a "_" inside a translation is translated too */
	expect("{{#_}}nested{{/_}}", NULL, &nl, "Binnen: Inloggen");
	/* a translation that does not parse falls back to the source text */
	expect("{{#_}}broken{{/_}}", NULL, &nl, "broken");

	/* the msgid is the raw text between the tags, whitespace and all */
	json_t *asked = json_array();
	struct tmpl_opts rec = { translate_nl, asked };
	expect("{{#_}}  Hello {{ name }}\n{{/_}}", "{\"name\":\"x\"}", &rec, "  Hello x\n");
	assert_int_equal(json_array_size(asked), 1);
	assert_string_equal(json_string_value(json_array_get(asked, 0)), "  Hello {{ name }}\n");
	json_decref(asked);

	/* a translation that keeps translating itself hits the depth bound */
	struct tmpl_set *set = tmpl_set_new();
	struct strbuf out = STRBUF_INIT;
	char err[256];
	assert_int_equal(render_str(set, "x{{#_}}loop{{/_}}", NULL, &nl, &out, err, sizeof(err)), PLEIN_TOOBIG);
	assert_non_null(strstr(err, "deeper than 32"));
	assert_string_equal(out.buf, "");
	strbuf_release(&out);
	tmpl_set_free(set);
	(void)state;
}

/* ---- escaping and values --------------------------------------------------- */

static void test_escaping(void **state)
{
	const char *data = "{\"x\":\"& < > \\\" '\"}";
	expect("{{x}}", data, NULL, "&amp; &lt; &gt; &quot; &#39;");
	expect("{{{x}}}", data, NULL, "& < > \" '");
	expect("{{& x}}", data, NULL, "& < > \" '");
	/* template text is trusted and copied as is */
	expect("<b title=\"'\">&amp;</b>", NULL, NULL, "<b title=\"'\">&amp;</b>");
	(void)state;
}

static void test_values(void **state)
{
	expect("{{a}} {{b}} {{c}} {{d}} {{e}} {{f}} {{g}}",
	       "{\"a\":1.21,\"b\":0.1,\"c\":-5,\"d\":1e300,\"e\":true,\"f\":false,\"g\":null}", NULL,
	       "1.21 0.1 -5 1e+300 true false ");
	expect("{{big}}", "{\"big\":9007199254740993}", NULL, "9007199254740993");
	/* objects and lists have no text form */
	expect("[{{o}}{{l}}]", "{\"o\":{\"a\":1},\"l\":[1]}", NULL, "[]");
	/* spec truthiness: 0 and "" are true */
	expect("{{#z}}0{{/z}}{{#s}}s{{/s}}{{^n}}n{{/n}}{{^e}}e{{/e}}", "{\"z\":0,\"s\":\"\",\"n\":null,\"e\":[]}",
	       NULL, "0sne");
	/* a root that is not an object */
	expect("{{.}}|{{x}}", "\"str\"", NULL, "str|");
	(void)state;
}

/* ---- limits -------------------------------------------------------------- */

static void test_output_limit(void **state)
{
	struct tmpl_set *set = tmpl_set_new();
	struct strbuf out;
	char err[256];

	strbuf_init(&out, 10);
	assert_int_equal(strbuf_addstr(&out, "ab"), 0);
	assert_int_equal(render_str(set, "{{#l}}{{.}}{{/l}}", "{\"l\":[\"1234\",\"5678\",\"9abc\"]}", NULL, &out,
				    err, sizeof(err)),
			 PLEIN_TOOBIG);
	assert_non_null(strstr(err, "output larger than 10 bytes"));
	assert_string_equal(out.buf, "ab"); /* left as it was */
	/* escaping counts too */
	assert_int_equal(render_str(set, "{{x}}", "{\"x\":\"<<<\"}", NULL, &out, err, sizeof(err)), PLEIN_TOOBIG);
	assert_string_equal(out.buf, "ab");
	/* exactly at the limit is fine */
	strbuf_release(&out);
	strbuf_init(&out, 10);
	assert_int_equal(render_str(set, "0123456789", NULL, NULL, &out, err, sizeof(err)), 0);
	strbuf_release(&out);
	tmpl_set_free(set);
	(void)state;
}

static void test_syntax_errors(void **state)
{
	expect_syntax_error("a\nb\n{{#people}}\nx\n", PLEIN_INVALID, "line 3: unclosed section 'people'");
	expect_syntax_error("{{#a}}\n{{#b}}\n", PLEIN_INVALID, "line 2: unclosed section 'b'");
	expect_syntax_error("x\n{{/people}}", PLEIN_INVALID, "line 2: unexpected closing tag 'people'");
	expect_syntax_error("{{#a}}\n\n{{/b}}", PLEIN_INVALID, "line 3: closing tag 'b' does not match 'a' opened on line 1");
	expect_syntax_error("one\ntwo {{name", PLEIN_INVALID, "line 2: unclosed tag");
	expect_syntax_error("{{{name}}", PLEIN_INVALID, "line 1: unclosed tag");
	expect_syntax_error("\n{{}}", PLEIN_INVALID, "line 2: empty tag");
	expect_syntax_error("{{a b}}", PLEIN_INVALID, "line 1: bad name 'a b'");
	expect_syntax_error("{{a..b}}", PLEIN_INVALID, "bad name");
	expect_syntax_error("{{>}}", PLEIN_INVALID, "empty partial name");
	expect_syntax_error("{{=a=}}", PLEIN_INVALID, "bad set-delimiters tag");
	expect_syntax_error("{{=a b c=}}", PLEIN_INVALID, "bad set-delimiters tag");
	expect_syntax_error("{{#_}}x", PLEIN_INVALID, "line 1: unclosed section '_'");

	/* nesting: 64 is fine, 65 is not */
	struct strbuf src = STRBUF_INIT;
	struct tmpl_set *set = tmpl_set_new();
	char err[256];
	for (int i = 0; i < 64; i++)
		assert_int_equal(strbuf_addstr(&src, "{{#a}}"), 0);
	for (int i = 0; i < 64; i++)
		assert_int_equal(strbuf_addstr(&src, "{{/a}}"), 0);
	assert_int_equal(tmpl_set_add(set, "deep", src.buf, src.len, err, sizeof(err)), 0);
	strbuf_reset(&src);
	for (int i = 0; i < 65; i++)
		assert_int_equal(strbuf_addstr(&src, "{{#a}}\n"), 0);
	assert_int_equal(tmpl_set_add(set, "deeper", src.buf, src.len, err, sizeof(err)), PLEIN_INVALID);
	assert_string_equal(err, "line 65: sections nested deeper than 64");

	/* size bound */
	char *big = xmalloc(TMPL_MAX_SIZE + 1);
	memset(big, 'x', TMPL_MAX_SIZE + 1);
	assert_int_equal(tmpl_set_add(set, "big", big, TMPL_MAX_SIZE + 1, err, sizeof(err)), PLEIN_TOOBIG);
	assert_int_equal(tmpl_set_add(set, "big", big, TMPL_MAX_SIZE, err, sizeof(err)), 0);
	free(big);

	/* a failed replacement keeps the old template */
	assert_int_equal(add(set, "p", "old", err, sizeof(err)), 0);
	assert_int_equal(add(set, "p", "{{#x}}", err, sizeof(err)), PLEIN_INVALID);
	struct strbuf out = STRBUF_INIT;
	assert_int_equal(tmpl_render(set, "p", NULL, NULL, &out, err, sizeof(err)), 0);
	assert_string_equal(out.buf, "old");
	strbuf_release(&out);
	strbuf_release(&src);
	tmpl_set_free(set);
	(void)state;
}

static void test_partials(void **state)
{
	struct tmpl_set *set = tmpl_set_new();
	struct strbuf out = STRBUF_INIT;
	char err[256];

	/* unknown partial: empty (the spec); unknown template: an error */
	assert_int_equal(render_str(set, "[{{>nope}}]", NULL, NULL, &out, err, sizeof(err)), 0);
	assert_string_equal(out.buf, "[]");
	assert_int_equal(tmpl_render(set, "nope", NULL, NULL, &out, err, sizeof(err)), PLEIN_NOTFOUND);
	assert_string_equal(err, "unknown template 'nope'");

	/* endless recursion stops at the bound, leaving out as it was */
	assert_int_equal(add(set, "r", "x{{>r}}", err, sizeof(err)), 0);
	strbuf_reset(&out);
	assert_int_equal(tmpl_render(set, "r", NULL, NULL, &out, err, sizeof(err)), PLEIN_TOOBIG);
	assert_string_equal(err, "partials nested deeper than 32 (at 'r')");
	assert_string_equal(out.buf, "");

	/* 32 levels are fine */
	assert_int_equal(add(set, "n", "{{#c}}<{{>n}}>{{/c}}", err, sizeof(err)), 0);
	struct strbuf data = STRBUF_INIT, want = STRBUF_INIT;
	for (int i = 0; i < 32; i++) {
		assert_int_equal(strbuf_addstr(&data, "{\"c\":"), 0);
		assert_int_equal(strbuf_addstr(&want, "<"), 0);
	}
	/* explicit false: a missing "c" would be found further down the stack */
	assert_int_equal(strbuf_addstr(&data, "{\"c\":false}"), 0);
	for (int i = 0; i < 32; i++) {
		assert_int_equal(strbuf_addstr(&data, "}"), 0);
		assert_int_equal(strbuf_addstr(&want, ">"), 0);
	}
	json_t *j = json_loads(data.buf, 0, NULL);
	assert_non_null(j);
	assert_int_equal(tmpl_render(set, "n", j, NULL, &out, err, sizeof(err)), 0);
	assert_string_equal(out.buf, want.buf);
	json_decref(j);
	strbuf_release(&data);
	strbuf_release(&want);

	/* nested standalone partials add up their indentation */
	assert_int_equal(add(set, "a", "x\n  {{>b}}\n", err, sizeof(err)), 0);
	assert_int_equal(add(set, "b", "y\n{{#l}}\n{{.}}\n{{/l}}\nz\n", err, sizeof(err)), 0);
	strbuf_reset(&out);
	assert_int_equal(render_str(set, "<\n  {{>a}}\n>", "{\"l\":[1,2]}", NULL, &out, err, sizeof(err)), 0);
	assert_string_equal(out.buf, "<\n  x\n    y\n    1\n    2\n    z\n>");
	strbuf_release(&out);
	tmpl_set_free(set);
	(void)state;
}

static void test_step_limit(void **state)
{
	/* ten items, eight deep: 10^8 passes that print nothing */
	struct tmpl_set *set = tmpl_set_new();
	struct strbuf out = STRBUF_INIT;
	char err[256];
	const char *src = "{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}{{x}}{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}";
	assert_int_equal(render_str(set, src, "{\"l\":[1,2,3,4,5,6,7,8,9,0]}", NULL, &out, err, sizeof(err)),
			 PLEIN_TOOBIG);
	assert_non_null(strstr(err, "steps"));
	strbuf_release(&out);
	tmpl_set_free(set);
	(void)state;
}

static void test_set(void **state)
{
	struct tmpl_set *set = tmpl_set_new();
	char name[32], err[256];

	tmpl_set_free(NULL);
	for (int i = 0; i < 300; i++) {
		snprintf(name, sizeof(name), "t%d", i);
		assert_int_equal(tmpl_set_add(set, name, name, strlen(name), err, sizeof(err)), 0);
	}
	for (int i = 0; i < 300; i++) {
		struct strbuf out = STRBUF_INIT;
		snprintf(name, sizeof(name), "t%d", i);
		assert_true(tmpl_set_has(set, name));
		assert_int_equal(tmpl_render(set, name, NULL, NULL, &out, err, sizeof(err)), 0);
		assert_string_equal(out.buf, name);
		strbuf_release(&out);
	}
	assert_false(tmpl_set_has(set, "t300"));
	assert_int_equal(add(set, "", "x", err, sizeof(err)), PLEIN_INVALID);
	/* source need not be NUL-terminated, and may hold NUL bytes */
	assert_int_equal(tmpl_set_add(set, "nul", "a\0b{{x}}zzz", 8, err, sizeof(err)), 0);
	struct strbuf out = STRBUF_INIT;
	json_t *data = json_pack("{s:s}", "x", "X");
	assert_int_equal(tmpl_render(set, "nul", data, NULL, &out, err, sizeof(err)), 0);
	assert_int_equal(out.len, 4);
	assert_memory_equal(out.buf, "a\0bX", 4);
	json_decref(data);
	strbuf_release(&out);
	tmpl_set_free(set);
	(void)state;
}

/* Renders of one set from several threads at once (run under TSan to check
 * more than the results). */
struct thread_arg {
	const struct tmpl_set *set;
	json_t *data;
	int failures;
};

static void *render_many(void *p)
{
	struct thread_arg *a = p;
	struct tmpl_opts nl = { translate_nl, NULL };
	for (int i = 0; i < 500; i++) {
		struct strbuf out = STRBUF_INIT;
		char err[256];
		if (tmpl_render(a->set, "page", a->data, &nl, &out, err, sizeof(err)) ||
		    strcmp(out.buf, "<h1>Welkom, Ann</h1>\n  <li>1</li>\n  <li>2</li>\n") != 0)
			a->failures++;
		strbuf_release(&out);
	}
	return NULL;
}

static void test_threads(void **state)
{
	struct tmpl_set *set = tmpl_set_new();
	const char *page = "<h1>{{#_}}Welcome, {{name}}{{/_}}</h1>\n{{#l}}\n  {{>item}}\n{{/l}}\n";
	char err[256];
	pthread_t th[4];
	struct thread_arg args[4];

	assert_int_equal(tmpl_set_add(set, "page", page, strlen(page), err, sizeof(err)), 0);
	assert_int_equal(add(set, "item", "<li>{{.}}</li>\n", err, sizeof(err)), 0);
	json_t *data = json_loads("{\"name\":\"Ann\",\"l\":[1,2]}", 0, NULL);
	for (int i = 0; i < 4; i++) {
		args[i] = (struct thread_arg){ set, data, 0 };
		assert_int_equal(pthread_create(&th[i], NULL, render_many, &args[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(th[i], NULL), 0);
		assert_int_equal(args[i].failures, 0);
	}
	json_decref(data);
	tmpl_set_free(set);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest own[] = {
		cmocka_unit_test(test_translate),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_output_limit),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_partials),
		cmocka_unit_test(test_step_limit),
		cmocka_unit_test(test_set),
		cmocka_unit_test(test_threads),
	};
	int failed = run_spec();
	failed += cmocka_run_group_tests_name("mustache", own, NULL, NULL);
	return failed ? 1 : 0;
}
