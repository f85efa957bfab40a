/* mustache_int.h — the parsed form of a Mustache template, shared by the
 * parser (mustache_parse.c) and the renderer (mustache.c). Not for other
 * modules: they use mustache.h. */
#ifndef PLEIN_TMPL_MUSTACHE_INT_H
#define PLEIN_TMPL_MUSTACHE_INT_H
#include "lib/common.h"
#include "lib/pool.h"
#include "lib/strbuf.h"

/* Longest delimiter a {{=| |=}} tag may set. */
#define TMPL_MAX_DELIM 32

enum node_type {
	NODE_TEXT,      /* template text, copied out as is */
	NODE_VAR,       /* {{x}}: HTML-escaped */
	NODE_RAW,       /* {{{x}}} and {{& x}} */
	NODE_SECTION,   /* {{#x}}...{{/x}} */
	NODE_INVERTED,  /* {{^x}}...{{/x}} */
	NODE_PARTIAL,   /* {{>x}} */
	NODE_TRANSLATE, /* {{#_}}...{{/_}} */
};

/* A variable or section name, split at the dots once at parse time.
 * n_parts == 0 is the implicit iterator ".". Parts are NUL-terminated for
 * json_object_get(). */
struct tmpl_name {
	const char **parts;
	unsigned n_parts;
	size_t cost; /* render steps charged per context searched: long names hash slowly */
	struct slice raw; /* as written, for messages and to match closing tags */
};

struct tmpl_delims {
	struct slice open, close;
};

/* Nodes live in the pool of their template; all pointers into the source
 * point into a copy owned by that same pool (or, for a translation parsed at
 * render time, into the translated string, which outlives the render). */
struct tmpl_node {
	struct tmpl_node *next;
	unsigned char type;
	/* The node starts a source line, so inside an indented standalone partial
	 * the indentation is written before it (the spec indents every line of
	 * the partial's source; standalone lines are gone before that matters). */
	bool bol;
	/* Section: its closing tag starts a line and is not standalone, so the
	 * indentation belongs at the end of every pass over the body. */
	bool close_bol;
	union {
		struct slice text;
		struct {
			struct tmpl_name name;
			struct tmpl_node *body;
		} sec; /* VAR and RAW use only the name */
		struct {
			struct slice name;
			uint32_t hash;
			bool standalone;
			struct slice indent; /* whitespace before a standalone tag */
		} partial;
		struct {
			const char *msgid; /* raw text between the tags, NUL-terminated */
			size_t msgid_len;
			struct tmpl_node *body; /* msgid parsed on its own */
			struct tmpl_delims delims; /* in force at {{#_}} */
			struct tmpl_node *pending; /* the parser's to-do list */
		} tr;
	} u;
};

/* Parse src[0..len) with the delimiters d into nodes allocated from pool.
 * The nodes point into src, which must live as long as they do. start_bol
 * says whether src begins a line of output (false for a translation, which
 * sits after its {{#_}} tag). 0, or PLEIN_INVALID with "line N: ..." in err. */
int tmpl_parse(struct pool *pool, const char *src, size_t len, struct tmpl_delims d, bool start_bol,
	       struct tmpl_node **out, char *err, size_t errlen) WARN_UNUSED;

uint32_t tmpl_hash(const char *s, size_t len);

#endif
