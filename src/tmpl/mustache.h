/* mustache.h — a small logic-less template renderer in Mustache syntax
 * (https://github.com/mustache/spec: interpolation, sections, inverted
 * sections, comments, partials, set delimiters; no lambdas, no inheritance).
 *
 * Templates are parsed once, when added to a set, into a node tree; rendering
 * walks the tree against a jansson value. A set is built at start-up and is
 * immutable afterwards: any number of threads may then render from it at once
 * (rendering only reads the set and the data, and never changes a refcount).
 * Adding or replacing a template while another thread renders is not allowed.
 *
 * Falsy, as the spec says: missing, null, false and the empty list. Variables
 * are HTML-escaped ({{x}}) unless raw ({{{x}}} or {{& x}}); numbers print as
 * integers or as the shortest decimal that reads back the same (1.21).
 *
 * Bounds: a template is at most TMPL_MAX_SIZE bytes, sections nest at most
 * TMPL_MAX_NESTING deep, partials (and translations that contain tags) at most
 * TMPL_MAX_DEPTH deep, and one render visits at most TMPL_MAX_STEPS nodes, so a
 * hostile template cannot spin forever over nested lists that print nothing. */
#ifndef PLEIN_TMPL_MUSTACHE_H
#define PLEIN_TMPL_MUSTACHE_H
#include "lib/common.h"
#include "lib/strbuf.h"
#include <jansson.h>

#define TMPL_MAX_SIZE ((size_t)1 << 20)
#define TMPL_MAX_NESTING 64
#define TMPL_MAX_DEPTH 32
#define TMPL_MAX_STEPS ((size_t)20 * 1000 * 1000)

/* A set of named, pre-parsed templates; partials are looked up by name in the
 * same set, at render time (so a partial may be added after its user). */
struct tmpl_set;

struct tmpl_set *tmpl_set_new(void);
void tmpl_set_free(struct tmpl_set *set); /* NULL is fine */

/* Parse `src` (len bytes, need not be NUL-terminated; copied) and add it as
 * `name`, replacing any template of that name. 0 on success; otherwise a
 * negative status (PLEIN_INVALID for a syntax error, PLEIN_TOOBIG for a
 * template over TMPL_MAX_SIZE) with a message such as
 * "line 3: unclosed section 'people'" in err (err may be NULL). On failure the
 * set is unchanged. */
int tmpl_set_add(struct tmpl_set *set, const char *name, const char *src, size_t len,
		 char *err, size_t errlen) WARN_UNUSED;
bool tmpl_set_has(const struct tmpl_set *set, const char *name);

/* Translation hook for i18n: a section named "_" — {{#_}}Sign in{{/_}} — is
 * not looked up in the data; its raw source text (exactly as written between
 * the tags) is passed to translate(), and the returned string is itself
 * rendered as a Mustache template (with the delimiters in force at the "_"
 * tag) against the current context stack, so "Welkom, {{name}}" works. Like
 * all template text it is trusted and not escaped. If translate is NULL, or
 * returns NULL, the raw text is used. The returned pointer must stay valid for
 * the whole render. If a translation does not parse, the untranslated text is
 * rendered instead: a translator's typo should not take a page down.
 *
 * Cost: a translation equal to the msgid, or one without any tag, costs a
 * strcmp; one that contains tags is parsed once per render (into a scratch
 * pool freed at the end of the render), however often the section repeats.
 * translate() is called from every rendering thread at once. */
typedef const char *(*tmpl_translate_fn)(void *arg, const char *msgid);
struct tmpl_opts {
	tmpl_translate_fn translate;
	void *translate_arg;
};

/* Render template `name` with `data` as the root context, appending to out.
 * opts may be NULL. Returns 0, or a negative status with a message in err:
 * PLEIN_NOTFOUND for an unknown template, PLEIN_TOOBIG when the output would
 * pass out->max, partials recurse deeper than TMPL_MAX_DEPTH or the render
 * takes more than TMPL_MAX_STEPS steps. On failure out is truncated back to the
 * length it had on entry. An unknown partial renders as nothing (the spec). */
int tmpl_render(const struct tmpl_set *set, const char *name, json_t *data,
		const struct tmpl_opts *opts, struct strbuf *out, char *err, size_t errlen) WARN_UNUSED;

#endif
