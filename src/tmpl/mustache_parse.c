/* mustache_parse.c — turns Mustache source into the node tree of
 * mustache_int.h, once, when a template is added (and for translations that
 * contain tags, at render time). Applies the spec's whitespace rules here, so
 * the renderer never looks at line structure except for partial indentation. */
#include "lib/common.h"
#include "tmpl/mustache.h"
#include "tmpl/mustache_int.h"
#include <stdarg.h>

/* An open section, waiting for its closing tag. frames[0] is the top level. */
struct frame {
	struct tmpl_node *node;
	struct tmpl_node **tail;
	size_t open_pos, open_end;  /* where the opening tag starts and ends */
	struct tmpl_delims delims;  /* in force at the opening tag */
	struct tmpl_node *scratch;  /* "_": the in-place parse only checks syntax */
};

struct parser {
	struct pool *pool;
	const char *src;
	size_t len;
	size_t text_start; /* first byte not yet turned into a node */
	bool start_bol;    /* does offset 0 start a line (false for a translation) */
	struct tmpl_delims d;
	int depth;
	int n_translate_open; /* "_" sections open around the current position */
	struct tmpl_node *pending; /* "_" nodes whose text still needs parsing */
	char *err;
	size_t errlen;
	struct frame frames[TMPL_MAX_NESTING + 1];
};

uint32_t tmpl_hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

static unsigned line_of(const struct parser *ps, size_t pos)
{
	unsigned line = 1;
	for (size_t i = 0; i < pos && i < ps->len; i++)
		line += ps->src[i] == '\n';
	return line;
}

__attribute__((format(printf, 3, 4)))
static int fail(struct parser *ps, size_t pos, const char *fmt, ...)
{
	if (ps->err && ps->errlen) {
		va_list ap;
		int n = snprintf(ps->err, ps->errlen, "line %u: ", line_of(ps, pos));
		if (n >= 0 && (size_t)n < ps->errlen) {
			va_start(ap, fmt);
			vsnprintf(ps->err + n, ps->errlen - (size_t)n, fmt, ap);
			va_end(ap);
		}
	}
	return PLEIN_INVALID;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static struct slice trim(const char *p, size_t n)
{
	while (n && is_space(p[0])) {
		p++;
		n--;
	}
	while (n && is_space(p[n - 1]))
		n--;
	return (struct slice){ p, n };
}

/* Does pos start a source line? */
static bool at_bol(const struct parser *ps, size_t pos)
{
	return pos == 0 ? ps->start_bol : ps->src[pos - 1] == '\n';
}

static size_t find(const struct parser *ps, size_t from, const char *needle, size_t n)
{
	const char *hit = memmem(ps->src + from, ps->len - from, needle, n);
	return hit ? (size_t)(hit - ps->src) : SIZE_MAX;
}

static struct tmpl_node *append(struct parser *ps, int type, bool bol)
{
	struct frame *f = &ps->frames[ps->depth];
	struct tmpl_node *n = pool_zalloc(ps->pool, sizeof(*n));
	n->type = (unsigned char)type;
	n->bol = bol;
	*f->tail = n;
	f->tail = &n->next;
	return n;
}

static void add_text(struct parser *ps, size_t start, size_t end)
{
	if (end > start) {
		struct tmpl_node *n = append(ps, NODE_TEXT, at_bol(ps, start));
		n->u.text = (struct slice){ ps->src + start, end - start };
	}
}

/* Names as written ("a.b.c", ".") become parts looked up one after another. */
static int parse_name(struct parser *ps, size_t tag, const char *p, size_t n, struct tmpl_name *out)
{
	struct slice s = trim(p, n);
	unsigned n_parts = 1;

	out->raw = s;
	out->cost = 1 + s.len / 32;
	if (s.len == 0)
		return fail(ps, tag, "empty tag");
	for (size_t i = 0; i < s.len; i++) {
		unsigned char c = (unsigned char)s.ptr[i];
		if (c <= ' ' || c == 0x7f)
			return fail(ps, tag, "bad name '%.*s'", (int)(s.len > 40 ? 40 : s.len), s.ptr);
		n_parts += c == '.';
	}
	if (s.len == 1 && s.ptr[0] == '.') {
		out->n_parts = 0;
		out->parts = NULL;
		return PLEIN_OK;
	}
	out->parts = pool_alloc(ps->pool, st_mult(n_parts, sizeof(*out->parts)));
	out->n_parts = n_parts;
	size_t start = 0;
	for (unsigned k = 0; k < n_parts; k++) {
		size_t end = start;
		while (end < s.len && s.ptr[end] != '.')
			end++;
		if (end == start)
			return fail(ps, tag, "bad name '%.*s'", (int)(s.len > 40 ? 40 : s.len), s.ptr);
		out->parts[k] = pool_strndup(ps->pool, s.ptr + start, end - start);
		start = end + 1;
	}
	return PLEIN_OK;
}

/* {{=<% %>=}}: two words without whitespace or '='. */
static int set_delims(struct parser *ps, size_t tag, const char *p, size_t n)
{
	struct slice s = trim(p, n);
	size_t i = 0, a_end, b_start;

	while (i < s.len && !is_space(s.ptr[i]))
		i++;
	a_end = i;
	while (i < s.len && is_space(s.ptr[i]))
		i++;
	b_start = i;
	while (i < s.len && !is_space(s.ptr[i]))
		i++;
	if (a_end == 0 || b_start == a_end || i != s.len || b_start == s.len ||
	    a_end > TMPL_MAX_DELIM || s.len - b_start > TMPL_MAX_DELIM ||
	    memchr(s.ptr, '=', a_end) || memchr(s.ptr + b_start, '=', s.len - b_start))
		return fail(ps, tag, "bad set-delimiters tag");
	ps->d.open = (struct slice){ s.ptr, a_end };
	ps->d.close = (struct slice){ s.ptr + b_start, s.len - b_start };
	return PLEIN_OK;
}

static int open_section(struct parser *ps, size_t tag, size_t tag_end, char kind,
			const char *p, size_t n, bool bol)
{
	struct tmpl_name name;
	int rc = parse_name(ps, tag, p, n, &name);
	if (rc)
		return rc;
	if (ps->depth >= TMPL_MAX_NESTING)
		return fail(ps, tag, "sections nested deeper than %d", TMPL_MAX_NESTING);
	bool translate = kind == '#' && name.n_parts == 1 && strcmp(name.parts[0], "_") == 0;
	struct tmpl_node *node = append(ps, translate ? NODE_TRANSLATE : kind == '#' ? NODE_SECTION : NODE_INVERTED, bol);
	if (!translate)
		node->u.sec.name = name;
	struct frame *f = &ps->frames[++ps->depth];
	f->node = node;
	f->scratch = NULL;
	f->tail = translate ? &f->scratch : &node->u.sec.body;
	f->open_pos = tag;
	f->open_end = tag_end;
	f->delims = ps->d;
	ps->n_translate_open += translate;
	return PLEIN_OK;
}

static int close_section(struct parser *ps, size_t tag, const char *p, size_t n, bool bol)
{
	struct tmpl_name name;
	int rc = parse_name(ps, tag, p, n, &name);
	if (rc)
		return rc;
	if (ps->depth == 0)
		return fail(ps, tag, "unexpected closing tag '%.*s'", (int)(name.raw.len > 40 ? 40 : name.raw.len),
			    name.raw.ptr);
	struct frame *f = &ps->frames[ps->depth];
	struct tmpl_node *node = f->node;
	struct slice open = node->type == NODE_TRANSLATE ? SLICE_LIT("_") : node->u.sec.name.raw;
	if (name.raw.len != open.len || memcmp(name.raw.ptr, open.ptr, open.len) != 0)
		return fail(ps, tag, "closing tag '%.*s' does not match '%.*s' opened on line %u",
			    (int)(name.raw.len > 40 ? 40 : name.raw.len), name.raw.ptr,
			    (int)(open.len > 40 ? 40 : open.len), open.ptr, line_of(ps, f->open_pos));
	node->close_bol = bol;
	if (node->type == NODE_TRANSLATE) {
		ps->n_translate_open--;
		node->u.tr.msgid_len = tag - f->open_end;
		node->u.tr.msgid = pool_strndup(ps->pool, ps->src + f->open_end, node->u.tr.msgid_len);
		node->u.tr.delims = f->delims;
		/* The text is parsed again on its own, as a translation would be;
		 * nested "_" sections are dealt with by that parse. */
		if (ps->n_translate_open == 0) {
			node->u.tr.pending = ps->pending;
			ps->pending = node;
		}
	}
	ps->depth--;
	return PLEIN_OK;
}

static int parse_partial(struct parser *ps, size_t tag, const char *p, size_t n, bool standalone,
			 size_t line_start, bool bol)
{
	struct slice s = trim(p, n);
	if (s.len == 0)
		return fail(ps, tag, "empty partial name");
	for (size_t i = 0; i < s.len; i++)
		if ((unsigned char)s.ptr[i] <= ' ')
			return fail(ps, tag, "bad partial name '%.*s'", (int)(s.len > 40 ? 40 : s.len), s.ptr);
	struct tmpl_node *node = append(ps, NODE_PARTIAL, bol);
	node->u.partial.name = s;
	node->u.partial.hash = tmpl_hash(s.ptr, s.len);
	node->u.partial.standalone = standalone;
	if (standalone)
		node->u.partial.indent = (struct slice){ ps->src + line_start, tag - line_start };
	return PLEIN_OK;
}

/* One tag at src[tag]; on success *next is where scanning resumes. */
static int parse_tag(struct parser *ps, size_t tag, size_t *next)
{
	const char *src = ps->src;
	size_t p = tag + ps->d.open.len;
	char kind = 0;
	char closebuf[TMPL_MAX_DELIM + 1];
	struct slice close = ps->d.close;

	if (p < ps->len && strchr("#^/>!=&{", src[p]) && src[p] != '\0')
		kind = src[p++];
	if (kind == '{' || kind == '=') {
		/* {{{x}}} and {{=a b=}} end with their sigil's partner before the delimiter */
		closebuf[0] = kind == '{' ? '}' : '=';
		memcpy(closebuf + 1, close.ptr, close.len);
		close = (struct slice){ closebuf, close.len + 1 };
	}
	size_t q = find(ps, p, close.ptr, close.len);
	if (q == SIZE_MAX)
		return fail(ps, tag, "unclosed tag");
	size_t tag_end = q + close.len;
	const char *content = src + p;
	size_t content_len = q - p;

	/* Standalone: alone on its line but for blanks; the whole line goes. */
	bool standalone = false;
	size_t line_start = tag, eol = tag_end;
	if (kind && kind != '&' && kind != '{') {
		while (line_start > ps->text_start && is_blank(src[line_start - 1]))
			line_start--;
		if (line_start == 0 || src[line_start - 1] == '\n') {
			size_t e = tag_end;
			while (e < ps->len && is_blank(src[e]))
				e++;
			if (e == ps->len) {
				standalone = true;
				eol = e;
			} else if (src[e] == '\n') {
				standalone = true;
				eol = e + 1;
			} else if (src[e] == '\r' && e + 1 < ps->len && src[e + 1] == '\n') {
				standalone = true;
				eol = e + 2;
			}
		}
	}
	add_text(ps, ps->text_start, standalone ? line_start : tag);
	ps->text_start = *next = standalone ? eol : tag_end;

	/* A tag that is not standalone but starts a line still starts it: in an
	 * indented partial, the indentation goes there. */
	bool bol = !standalone && at_bol(ps, tag);
	struct tmpl_node *n;
	int rc = PLEIN_OK;
	switch (kind) {
	case 0:
	case '&':
	case '{':
		n = append(ps, kind ? NODE_RAW : NODE_VAR, bol);
		rc = parse_name(ps, tag, content, content_len, &n->u.sec.name);
		break;
	case '#':
	case '^':
		rc = open_section(ps, tag, tag_end, kind, content, content_len, bol);
		break;
	case '/':
		rc = close_section(ps, tag, content, content_len, bol);
		break;
	case '>':
		rc = parse_partial(ps, tag, content, content_len, standalone, line_start, bol);
		break;
	case '=':
		rc = set_delims(ps, tag, content, content_len);
		/* fall through */
	case '!':
		if (!rc && bol)
			append(ps, NODE_TEXT, true)->u.text = (struct slice){ src + tag, 0 };
		break;
	default:
		BUG("unknown tag kind");
	}
	return rc;
}

static int parse_one(struct parser *ps, const char *src, size_t len, struct tmpl_delims d,
		     bool start_bol, struct tmpl_node **out)
{
	size_t pos = 0;
	int rc;

	*out = NULL;
	ps->src = src;
	ps->len = len;
	ps->text_start = 0;
	ps->start_bol = start_bol;
	ps->d = d;
	ps->depth = 0;
	ps->n_translate_open = 0;
	ps->frames[0] = (struct frame){ .tail = out };
	for (;;) {
		size_t tag = find(ps, pos, ps->d.open.ptr, ps->d.open.len);
		if (tag == SIZE_MAX)
			break;
		rc = parse_tag(ps, tag, &pos);
		if (rc)
			return rc;
	}
	add_text(ps, ps->text_start, len);
	if (ps->depth > 0) {
		struct frame *f = &ps->frames[ps->depth];
		struct slice name = f->node->type == NODE_TRANSLATE ? SLICE_LIT("_") : f->node->u.sec.name.raw;
		return fail(ps, f->open_pos, "unclosed section '%.*s'", (int)(name.len > 40 ? 40 : name.len),
			    name.ptr);
	}
	return PLEIN_OK;
}

int tmpl_parse(struct pool *pool, const char *src, size_t len, struct tmpl_delims d, bool start_bol,
	       struct tmpl_node **out, char *err, size_t errlen)
{
	/* frames[] is a few KiB: keep it off the stack of server threads */
	struct parser *ps = xcalloc(1, sizeof(*ps));
	int rc;

	ps->pool = pool;
	ps->err = err;
	ps->errlen = errlen;
	rc = parse_one(ps, src, len, d, start_bol, out);
	/* Each "_" section's text is parsed on its own, as its translation will
	 * be; a to-do list instead of recursion keeps the C stack flat. */
	while (!rc && ps->pending) {
		struct tmpl_node *tr = ps->pending;
		ps->pending = tr->u.tr.pending;
		tr->u.tr.pending = NULL;
		rc = parse_one(ps, tr->u.tr.msgid, tr->u.tr.msgid_len, tr->u.tr.delims, false, &tr->u.tr.body);
	}
	if (rc)
		*out = NULL;
	free(ps);
	return rc;
}
