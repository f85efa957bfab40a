/* mustache.c — template sets and rendering (the parser is in
 * mustache_parse.c). Rendering walks the pre-parsed node tree against a
 * context stack of jansson values; it only reads the set, so concurrent
 * renders of one set need no lock. */
#include "lib/common.h"
#include "tmpl/mustache.h"
#include "tmpl/mustache_int.h"
#include <stdarg.h>

/* ---- template sets ------------------------------------------------------ */

struct tmpl {
	char *name; /* NULL: empty slot */
	size_t name_len;
	uint32_t hash;
	struct pool *pool; /* the source copy and every node */
	struct tmpl_node *root;
};

/* Open addressing, linear probing, at most half full. */
struct tmpl_set {
	struct tmpl *slots;
	size_t cap, n;
};

static const struct tmpl_delims default_delims = { { "{{", 2 }, { "}}", 2 } };

struct tmpl_set *tmpl_set_new(void)
{
	struct tmpl_set *set = xcalloc(1, sizeof(*set));
	set->cap = 64;
	set->slots = xcalloc(set->cap, sizeof(*set->slots));
	return set;
}

void tmpl_set_free(struct tmpl_set *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->cap; i++) {
		free(set->slots[i].name);
		pool_free(set->slots[i].pool);
	}
	free(set->slots);
	free(set);
}

/* The slot holding name, or the empty slot where it would go. */
static struct tmpl *slot_for(const struct tmpl_set *set, const char *name, size_t len, uint32_t hash)
{
	size_t mask = set->cap - 1;
	for (size_t i = hash & mask;; i = (i + 1) & mask) {
		struct tmpl *t = &set->slots[i];
		if (!t->name || (t->hash == hash && t->name_len == len && memcmp(t->name, name, len) == 0))
			return t;
	}
}

static const struct tmpl *find(const struct tmpl_set *set, const char *name, size_t len, uint32_t hash)
{
	const struct tmpl *t = slot_for(set, name, len, hash);
	return t->name ? t : NULL;
}

static void grow(struct tmpl_set *set)
{
	struct tmpl_set bigger = { xcalloc(st_mult(set->cap, 2), sizeof(*set->slots)), set->cap * 2, set->n };
	for (size_t i = 0; i < set->cap; i++)
		if (set->slots[i].name)
			*slot_for(&bigger, set->slots[i].name, set->slots[i].name_len, set->slots[i].hash) = set->slots[i];
	free(set->slots);
	*set = bigger;
}

__attribute__((format(printf, 3, 4)))
static void seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

int tmpl_set_add(struct tmpl_set *set, const char *name, const char *src, size_t len, char *err, size_t errlen)
{
	struct pool *pool = NULL;
	struct tmpl_node *root = NULL;
	int rc = PLEIN_INVALID;

	if (err && errlen)
		err[0] = '\0';
	if (!name || !*name) {
		seterr(err, errlen, "template without a name");
		goto out;
	}
	if (len > TMPL_MAX_SIZE) {
		seterr(err, errlen, "template larger than %zu bytes", TMPL_MAX_SIZE);
		rc = PLEIN_TOOBIG;
		goto out;
	}
	pool = pool_new();
	/* nodes point into this copy, which lives as long as they do */
	char *copy = pool_strndup(pool, src ? src : "", src ? len : 0);
	rc = tmpl_parse(pool, copy, src ? len : 0, default_delims, true, &root, err, errlen);
	if (rc)
		goto out;

	size_t name_len = strlen(name);
	uint32_t hash = tmpl_hash(name, name_len);
	struct tmpl *t = slot_for(set, name, name_len, hash);
	if (t->name) {
		pool_free(t->pool);
	} else {
		if (set->n + 1 > set->cap / 2) {
			grow(set);
			t = slot_for(set, name, name_len, hash);
		}
		t->name = xstrndup(name, name_len);
		t->name_len = name_len;
		t->hash = hash;
		set->n++;
	}
	t->pool = pool;
	t->root = root;
	pool = NULL;
out:
	pool_free(pool);
	return rc;
}

bool tmpl_set_has(const struct tmpl_set *set, const char *name)
{
	size_t len = strlen(name);
	return set && find(set, name, len, tmpl_hash(name, len)) != NULL;
}

/* ---- rendering ----------------------------------------------------------- */

/* The indentation of the partial being rendered is indent.buf[off, end):
 * nested standalone partials append theirs, and cut it off again on return. */
struct ind {
	size_t off, end;
};

/* Translations with tags, parsed once per render and kept by their text
 * (a copy: the translator may reuse its buffer) and the "_" node (whose
 * delimiters they were parsed with). */
struct memo {
	struct memo *next;
	const struct tmpl_node *at;
	uint32_t hash;
	size_t len;
	const char *text;
	struct tmpl_node *root;
	bool bad; /* did not parse: render the msgid */
};
#define MEMO_BUCKETS 64

struct render {
	const struct tmpl_set *set;
	const struct tmpl_opts *opts;
	struct strbuf *out;
	json_t **stack; /* the context stack; stack[n_stack - 1] is the top */
	size_t n_stack, alloc_stack;
	struct strbuf indent;
	int depth; /* partials and translations being rendered */
	size_t steps;
	struct pool *scratch; /* translations parsed during this render */
	struct memo **memo;
	char *err;
	size_t errlen;
	bool have_err;
};

__attribute__((format(printf, 3, 4)))
static int rfail(struct render *r, int rc, const char *fmt, ...)
{
	/* the first failure is the cause; callers up the tree only pass it on */
	if (!r->have_err && r->err && r->errlen) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(r->err, r->errlen, fmt, ap);
		va_end(ap);
	}
	r->have_err = true;
	return rc;
}

static int toobig(struct render *r)
{
	return rfail(r, PLEIN_TOOBIG, "output larger than %zu bytes", r->out->max);
}

static int put(struct render *r, const char *s, size_t n)
{
	return strbuf_add(r->out, s, n) ? toobig(r) : PLEIN_OK;
}

static int put_indent(struct render *r, struct ind ind)
{
	return ind.end > ind.off ? put(r, r->indent.buf + ind.off, ind.end - ind.off) : PLEIN_OK;
}

/* Template text: inside an indented partial, every line that follows a
 * newline within the text gets the indentation (a trailing newline does not:
 * whatever comes next is a node of its own and knows it starts a line). */
static int put_text(struct render *r, const char *s, size_t n, bool bol, struct ind ind)
{
	size_t i = 0;
	int rc;

	if (ind.end == ind.off)
		return put(r, s, n);
	if (bol && (rc = put_indent(r, ind)))
		return rc;
	for (;;) {
		const char *nl = memchr(s + i, '\n', n - i);
		if (!nl || (size_t)(nl - s) + 1 == n)
			break;
		size_t j = (size_t)(nl - s) + 1;
		if ((rc = put(r, s + i, j - i)) || (rc = put_indent(r, ind)))
			return rc;
		i = j;
	}
	return put(r, s + i, n - i);
}

/* The spec's lookup: the first part is searched for down the context stack;
 * the rest must follow from there, or the name is missing (a broken chain
 * does not fall back to outer contexts). */
static json_t *lookup(struct render *r, const struct tmpl_name *name)
{
	json_t *v = NULL;

	if (name->n_parts == 0)
		return r->stack[r->n_stack - 1];
	for (size_t i = r->n_stack; i-- > 0;) {
		/* a deep stack makes a miss slow: it counts against the budget */
		r->steps += name->cost;
		if (json_is_object(r->stack[i]) && (v = json_object_get(r->stack[i], name->parts[0])))
			break;
	}
	for (unsigned k = 1; v && k < name->n_parts; k++)
		v = json_is_object(v) ? json_object_get(v, name->parts[k]) : NULL;
	return v;
}

static bool falsy(const json_t *v)
{
	return !v || json_is_null(v) || json_is_false(v) || (json_is_array(v) && json_array_size(v) == 0);
}

static int put_value(struct render *r, const json_t *v, bool escape)
{
	char buf[64];
	int n;

	switch (json_typeof(v)) {
	case JSON_STRING:
		if (!escape)
			return put(r, json_string_value(v), json_string_length(v));
		return strbuf_add_html(r->out, json_string_value(v), json_string_length(v)) ? toobig(r) : PLEIN_OK;
	case JSON_INTEGER:
		n = snprintf(buf, sizeof(buf), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return put(r, buf, (size_t)n);
	case JSON_REAL: {
		/* the shortest form that reads back as the same double: 1.21, not
		 * 1.2099999999999999 */
		double d = json_real_value(v);
		n = 0;
		for (int prec = 1; prec <= 17; prec++) {
			n = snprintf(buf, sizeof(buf), "%.*g", prec, d);
			if (strtod(buf, NULL) == d)
				break;
		}
		return put(r, buf, (size_t)n);
	}
	case JSON_TRUE:
		return put(r, "true", 4);
	case JSON_FALSE:
		return put(r, "false", 5);
	default:
		/* null prints nothing; so do objects and arrays, which have no
		 * text form a page would want */
		return PLEIN_OK;
	}
}

static void push(struct render *r, json_t *v)
{
	if (r->n_stack == r->alloc_stack) {
		r->alloc_stack = r->alloc_stack ? st_mult(r->alloc_stack, 2) : 16;
		r->stack = xrealloc(r->stack, st_mult(r->alloc_stack, sizeof(*r->stack)));
	}
	r->stack[r->n_stack++] = v;
}

static int render_nodes(struct render *r, const struct tmpl_node *n, struct ind ind);

static int render_body(struct render *r, const struct tmpl_node *n, struct ind ind)
{
	int rc = render_nodes(r, n->u.sec.body, ind);
	if (!rc && n->close_bol)
		rc = put_indent(r, ind);
	return rc;
}

static int render_section(struct render *r, const struct tmpl_node *n, struct ind ind)
{
	json_t *v = lookup(r, &n->u.sec.name);
	int rc = PLEIN_OK;

	if (n->type == NODE_INVERTED)
		return falsy(v) ? render_body(r, n, ind) : PLEIN_OK;
	if (falsy(v))
		return PLEIN_OK;
	if (json_is_array(v)) {
		size_t i;
		json_t *item;
		json_array_foreach(v, i, item) {
			push(r, item);
			rc = render_body(r, n, ind);
			r->n_stack--;
			if (rc)
				break;
		}
		return rc;
	}
	push(r, v);
	rc = render_body(r, n, ind);
	r->n_stack--;
	return rc;
}

static int render_partial(struct render *r, const struct tmpl_node *n, struct ind ind)
{
	struct slice name = n->u.partial.name;
	const struct tmpl *t = find(r->set, name.ptr, name.len, n->u.partial.hash);
	struct ind inner;
	int rc;

	r->steps += name.len / 64;
	if (!t)
		return PLEIN_OK; /* the spec: an unknown partial is empty */
	if (r->depth >= TMPL_MAX_DEPTH)
		return rfail(r, PLEIN_TOOBIG, "partials nested deeper than %d (at '%.*s')", TMPL_MAX_DEPTH,
			     (int)(name.len > 40 ? 40 : name.len), name.ptr);
	if (n->u.partial.standalone) {
		/* every line of the partial gets the tag's indentation, on top
		 * of any it is already in */
		if (strbuf_add(&r->indent, n->u.partial.indent.ptr, n->u.partial.indent.len))
			return rfail(r, PLEIN_TOOBIG, "partials indented too deep");
		inner = (struct ind){ ind.off, r->indent.len };
	} else {
		inner = (struct ind){ r->indent.len, r->indent.len };
	}
	r->depth++;
	rc = render_nodes(r, t->root, inner);
	r->depth--;
	strbuf_truncate(&r->indent, ind.end);
	return rc;
}

/* {{#_}}msgid{{/_}}: render the translation of msgid as a template. */
static int render_translate(struct render *r, const struct tmpl_node *n, struct ind ind)
{
	const char *msgid = n->u.tr.msgid;
	const char *text = NULL;
	struct tmpl_delims d = n->u.tr.delims;
	int rc;

	if (r->opts && r->opts->translate)
		text = r->opts->translate(r->opts->translate_arg, msgid);
	r->steps += n->u.tr.msgid_len / 64; /* the lookup and the compare below */
	if (!text || text == msgid || strcmp(text, msgid) == 0)
		return render_nodes(r, n->u.tr.body, ind); /* parsed at add time */
	size_t len = strlen(text);
	r->steps += len / 64;
	if (!memmem(text, len, d.open.ptr, d.open.len))
		return put_text(r, text, len, false, ind); /* the common case: no tags */

	if (!r->scratch) {
		r->scratch = pool_new();
		r->memo = pool_zalloc(r->scratch, MEMO_BUCKETS * sizeof(*r->memo));
	}
	uint32_t h = tmpl_hash(text, len) ^ (uint32_t)((uintptr_t)n >> 4);
	struct memo **b = &r->memo[h % MEMO_BUCKETS], *m;
	for (m = *b; m; m = m->next)
		if (m->hash == h && m->at == n && m->len == len && memcmp(m->text, text, len) == 0)
			break;
	if (!m) {
		m = pool_zalloc(r->scratch, sizeof(*m));
		m->at = n;
		m->hash = h;
		m->len = len;
		m->text = pool_strndup(r->scratch, text, len);
		m->bad = len > TMPL_MAX_SIZE ||
			 tmpl_parse(r->scratch, m->text, len, d, false, &m->root, NULL, 0) != PLEIN_OK;
		m->next = *b;
		*b = m;
	}
	if (m->bad)
		return render_nodes(r, n->u.tr.body, ind);
	/* a translation may hold "_" sections whose translations hold more */
	if (r->depth >= TMPL_MAX_DEPTH)
		return rfail(r, PLEIN_TOOBIG, "translations nested deeper than %d", TMPL_MAX_DEPTH);
	r->depth++;
	rc = render_nodes(r, m->root, ind);
	r->depth--;
	return rc;
}

static int render_nodes(struct render *r, const struct tmpl_node *n, struct ind ind)
{
	int rc = PLEIN_OK;
	json_t *v;

	for (; n && !rc; n = n->next) {
		if (++r->steps > TMPL_MAX_STEPS)
			return rfail(r, PLEIN_TOOBIG, "render takes more than %zu steps", TMPL_MAX_STEPS);
		if (n->type == NODE_TEXT) {
			rc = put_text(r, n->u.text.ptr, n->u.text.len, n->bol, ind);
			continue;
		}
		/* text in front of the tag, in an indented partial's source */
		if (n->bol && (rc = put_indent(r, ind)))
			break;
		switch (n->type) {
		case NODE_VAR:
		case NODE_RAW:
			v = lookup(r, &n->u.sec.name);
			if (v)
				rc = put_value(r, v, n->type == NODE_VAR);
			break;
		case NODE_SECTION:
		case NODE_INVERTED:
			rc = render_section(r, n, ind);
			break;
		case NODE_PARTIAL:
			rc = render_partial(r, n, ind);
			break;
		case NODE_TRANSLATE:
			rc = render_translate(r, n, ind);
			if (!rc && n->close_bol)
				rc = put_indent(r, ind);
			break;
		default:
			BUG("unknown node type");
		}
	}
	return rc;
}

int tmpl_render(const struct tmpl_set *set, const char *name, json_t *data, const struct tmpl_opts *opts,
		struct strbuf *out, char *err, size_t errlen)
{
	struct render r = { .set = set, .opts = opts, .out = out, .err = err, .errlen = errlen };
	size_t start = out->len;
	const struct tmpl *t;
	int rc;

	if (err && errlen)
		err[0] = '\0';
	if (!set || !name || !(t = find(set, name, strlen(name), tmpl_hash(name, strlen(name))))) {
		seterr(err, errlen, "unknown template '%s'", name ? name : "(null)");
		return PLEIN_NOTFOUND;
	}
	strbuf_init(&r.indent, TMPL_MAX_SIZE);
	push(&r, data);
	rc = render_nodes(&r, t->root, (struct ind){ 0, 0 });
	free(r.stack);
	strbuf_release(&r.indent);
	pool_free(r.scratch);
	if (rc)
		strbuf_truncate(out, start);
	return rc;
}
