/* fuzz_mustache.c — libFuzzer harness for the Mustache parser and renderer:
 * the input is a template, added as "main" next to a few fixed partials, and
 * rendered against a small fixed object (fields, a list, a nested object)
 * with a translator, into an output capped at 1 MiB. Any crash, sanitizer
 * report or leak is a bug; syntax errors and hit bounds are fine. */
#include "lib/common.h"
#include "tmpl/mustache.h"

static json_t *data;

/* Some translations carry tags, one translates itself forever, one is
 * broken: each exercises a different path of the "_" section. */
static const char *translate(void *arg, const char *msgid)
{
	static const char *const table[][2] = {
		{ "a", "A" },
		{ "b", "Welkom, {{name}}" },
		{ "c", "{{#list}}[{{.}}]{{/list}}" },
		{ "d", "{{#_}}d{{/_}}" },
		{ "e", "{{#broken}}" },
		{ "f", "{{>main}}" },
	};
	UNUSED(arg);
	for (size_t i = 0; i < ARRAY_LEN(table); i++)
		if (strcmp(msgid, table[i][0]) == 0)
			return table[i][1];
	return msgid;
}

int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len);
int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len)
{
	struct tmpl_set *set;
	struct strbuf out;
	struct tmpl_opts opts = { translate, NULL };
	char err[256];
	static const char *const partials[][2] = {
		{ "p", "<{{name}}>\n  {{#list}}{{>p2}}{{/list}}\n" },
		{ "p2", "({{.}}{{>main}})\n" },
	};

	if (!data) {
		data = json_loads("{\"name\":\"Ann <&>\",\"n\":42,\"r\":1.5,\"t\":true,\"f\":false,\"z\":null,"
				  "\"list\":[1,\"two\",{\"name\":\"three\"},[4,5],[]],"
				  "\"person\":{\"name\":\"Bob\",\"tags\":[\"x\",\"y\"],\"boss\":{\"name\":\"Cy\"}}}",
				  0, NULL);
		if (!data)
			abort();
	}
	set = tmpl_set_new();
	for (size_t i = 0; i < ARRAY_LEN(partials); i++)
		if (tmpl_set_add(set, partials[i][0], partials[i][1], strlen(partials[i][1]), err, sizeof(err)))
			abort();
	strbuf_init(&out, (size_t)1 << 20);
	if (tmpl_set_add(set, "main", (const char *)buf, len, err, sizeof(err)) == 0) {
		if (!tmpl_set_has(set, "main"))
			abort();
		if (tmpl_render(set, "main", data, &opts, &out, err, sizeof(err)) != 0 && !err[0])
			abort(); /* every failure says why */
	} else if (!err[0]) {
		abort();
	}
	strbuf_release(&out);
	tmpl_set_free(set);
	return 0;
}
