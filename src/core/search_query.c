/* search_query.c — the query language of search (see search.h): words,
 * "phrases", -exclusions, the last word a prefix while typing; and its
 * FTS5 MATCH expression, built only from folded words so that no typed
 * character is ever FTS5 syntax. Also the word distance and trigrams of
 * the typo fallback. No database here. */
#include "core/search_internal.h"
#include "lib/strbuf.h"
#include "lib/utf8.h"
#include <limits.h>

#define PREFIX_MIN 2  /* bytes of a word before it counts as a prefix (the index has 2- and 3-byte prefixes) */

struct collect {
	struct search_term *t;
};

static int add_word(void *arg, const char *orig, size_t orig_len, const char *folded)
{
	(void)orig;
	(void)orig_len;
	struct search_term *t = ((struct collect *)arg)->t;
	if (t->n_words == SEARCH_PHRASE_WORDS)
		return 1;
	memcpy(t->words[t->n_words++], folded, strlen(folded) + 1);
	return 0;
}

static bool same_term(const struct search_term *a, const struct search_term *b)
{
	if (a->n_words != b->n_words || a->exclude != b->exclude || a->prefix != b->prefix)
		return false;
	for (int i = 0; i < a->n_words; i++)
		if (strcmp(a->words[i], b->words[i]) != 0)
			return false;
	return true;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* A plain stop word, dropped beside other words. */
static bool droppable(const struct search_term *t)
{
	return t->n_words == 1 && !t->phrase && !t->prefix && textnorm_is_stop(t->words[0]);
}

int search_query_parse(const char *q, bool typing, struct search_terms *out)
{
	out->n = 0;
	if (!q)
		return PLEIN_OK;
	size_t len = strlen(q);
	if (len > SEARCH_QUERY_MAX * 4 || !utf8_valid(q, len) || utf8_length(q, len) > SEARCH_QUERY_MAX)
		return PLEIN_INVALID;
	size_t i = 0;
	bool last_open = false;  /* the last term ended at the end of q (not by a space or a quote) */
	while (i < len && out->n < SEARCH_TERMS_MAX) {
		while (i < len && is_space(q[i]))
			i++;
		if (i == len)
			break;
		struct search_term t = { 0 };
		if (q[i] == '-' && i + 1 < len && !is_space(q[i + 1])) {
			t.exclude = true;
			i++;
		}
		size_t start, end;
		if (q[i] == '"') {
			t.phrase = true;
			start = ++i;
			while (i < len && q[i] != '"')
				i++;
			end = i;
			if (i < len)
				i++;  /* the closing quote */
			last_open = false;
		} else {
			start = i;
			while (i < len && !is_space(q[i]) && q[i] != '"')
				i++;
			end = i;
			last_open = i == len;
		}
		(void)textnorm_each_word(q + start, end - start, add_word, &(struct collect){ &t });
		if (t.n_words == 0)
			continue;
		/* "e-mail" is one written thing of two words: a phrase */
		if (t.n_words > 1)
			t.phrase = true;
		bool dup = false;
		for (size_t k = 0; k < out->n && !dup; k++)
			dup = same_term(&out->t[k], &t);
		if (!dup)
			out->t[out->n++] = t;
		else if (i == len)
			last_open = false;
	}
	/* the word still being typed */
	if (typing && last_open && out->n) {
		struct search_term *t = &out->t[out->n - 1];
		if (!t->phrase && !t->exclude && strlen(t->words[0]) >= PREFIX_MIN)
			t->prefix = true;
	}
	size_t positive = 0, kept = 0;
	for (size_t k = 0; k < out->n; k++)
		positive += !out->t[k].exclude && !droppable(&out->t[k]);
	bool keep_stops = positive == 0;
	for (size_t k = 0; k < out->n; k++) {
		struct search_term *t = &out->t[k];
		if (droppable(t) && !t->exclude && !keep_stops)
			continue;
		out->t[kept++] = *t;
	}
	out->n = kept;
	/* exclusions alone cannot be searched (FTS5's NOT needs a left side) */
	bool any = false;
	for (size_t k = 0; k < out->n; k++)
		any |= !out->t[k].exclude;
	if (!any)
		out->n = 0;
	return PLEIN_OK;
}

/* One quoted string of words: '"' doubled as FTS5 wants, though folded
 * words never hold one (letters, digits and marks only). */
static void add_quoted(struct strbuf *sb, const textnorm_term *words, int n)
{
	strbuf_addch(sb, '"');
	for (int i = 0; i < n; i++) {
		if (i)
			strbuf_addch(sb, ' ');
		for (const char *c = words[i]; *c; c++) {
			if ((unsigned char)*c < 0x20)
				continue;
			if (*c == '"')
				strbuf_addch(sb, '"');
			strbuf_addch(sb, *c);
		}
	}
	strbuf_addch(sb, '"');
}

const char *search_match_expr(struct pool *p, const struct search_terms *terms, const struct search_near *near)
{
	struct strbuf sb;
	/* 8 terms × (8 words or 4 alternatives) × 64 bytes, with quotes and operators */
	strbuf_init(&sb, 16 * 1024);
	int positives = 0;
	strbuf_addch(&sb, '(');
	for (size_t k = 0; k < terms->n; k++) {
		const struct search_term *t = &terms->t[k];
		if (t->exclude)
			continue;
		if (positives++)
			strbuf_addstr(&sb, " AND ");
		int n_near = near && !t->phrase ? near[k].n : 0;
		bool group = t->prefix || n_near > 0;
		if (group)
			strbuf_addch(&sb, '(');
		add_quoted(&sb, t->words, t->n_words);
		if (t->prefix) {
			strbuf_addstr(&sb, " OR ");
			add_quoted(&sb, t->words, 1);
			strbuf_addch(&sb, '*');
		}
		for (int j = 0; j < n_near; j++) {
			strbuf_addstr(&sb, " OR ");
			add_quoted(&sb, &near[k].words[j], 1);
		}
		if (group)
			strbuf_addch(&sb, ')');
	}
	strbuf_addch(&sb, ')');
	for (size_t k = 0; k < terms->n; k++) {
		const struct search_term *t = &terms->t[k];
		if (!t->exclude)
			continue;
		strbuf_addstr(&sb, " NOT ");
		add_quoted(&sb, t->words, t->n_words);
	}
	const char *res = positives && !sb.toobig ? pool_strndup(p, sb.buf, sb.len) : NULL;
	strbuf_release(&sb);
	return res;
}

/* ---------- typo fallback helpers ---------- */

#define CP_MAX (SEARCH_VOCAB_MAX + 2)

/* Code points of s into cp (at most max); -1 when longer or invalid. */
static int code_points(const char *s, uint32_t *cp, int max, int *offsets)
{
	const unsigned char *u = (const unsigned char *)s;
	int n = 0;
	size_t i = 0;
	while (u[i]) {
		if (n == max)
			return -1;
		uint32_t c;
		int k;
		if (u[i] < 0x80) {
			c = u[i];
			k = 1;
		} else if ((u[i] & 0xe0) == 0xc0) {
			c = u[i] & 0x1f;
			k = 2;
		} else if ((u[i] & 0xf0) == 0xe0) {
			c = u[i] & 0x0f;
			k = 3;
		} else if ((u[i] & 0xf8) == 0xf0) {
			c = u[i] & 0x07;
			k = 4;
		} else {
			return -1;
		}
		for (int j = 1; j < k; j++) {
			if ((u[i + (size_t)j] & 0xc0) != 0x80)
				return -1;
			c = (c << 6) | (u[i + (size_t)j] & 0x3f);
		}
		if (offsets)
			offsets[n] = (int)i;
		cp[n++] = c;
		i += (size_t)k;
	}
	if (offsets)
		offsets[n] = (int)i;
	return n;
}

int search_word_distance(const char *a, const char *b)
{
	uint32_t x[CP_MAX], y[CP_MAX];
	int m = code_points(a, x, CP_MAX, NULL), n = code_points(b, y, CP_MAX, NULL);
	if (m < 0 || n < 0)
		return INT_MAX;
	/* three rows of the dynamic programme: i-2, i-1, i */
	int rows[3][CP_MAX + 1];
	for (int j = 0; j <= n; j++)
		rows[0][j] = j;
	for (int i = 1; i <= m; i++) {
		int *cur = rows[i % 3], *prev = rows[(i - 1) % 3], *prev2 = rows[(i - 2 + 3) % 3];
		cur[0] = i;
		for (int j = 1; j <= n; j++) {
			int cost = x[i - 1] != y[j - 1];
			int d = prev[j] + 1;
			if (cur[j - 1] + 1 < d)
				d = cur[j - 1] + 1;
			if (prev[j - 1] + cost < d)
				d = prev[j - 1] + cost;
			if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1] && prev2[j - 2] + 1 < d)
				d = prev2[j - 2] + 1;
			cur[j] = d;
		}
	}
	return rows[m % 3][n];
}

int search_trigrams_of(const char *word, char (*out)[SEARCH_TRIGRAM_BYTES], int max, int *len_out)
{
	char padded[4 * SEARCH_VOCAB_MAX + 3];
	uint32_t cp[CP_MAX];
	int off[CP_MAX + 1];
	size_t wl = strlen(word);
	*len_out = 0;
	if (wl > 4 * SEARCH_VOCAB_MAX)
		return 0;
	padded[0] = '^';
	memcpy(padded + 1, word, wl);
	padded[wl + 1] = '$';
	padded[wl + 2] = '\0';
	int n = code_points(padded, cp, CP_MAX, off);
	if (n < 3)
		return 0;
	*len_out = n - 2;
	int k = 0;
	for (int i = 0; i + 3 <= n && k < max; i++) {
		size_t bytes = (size_t)(off[i + 3] - off[i]);
		if (bytes >= SEARCH_TRIGRAM_BYTES)
			continue;
		memcpy(out[k], padded + off[i], bytes);
		out[k][bytes] = '\0';
		k++;
	}
	return k;
}
