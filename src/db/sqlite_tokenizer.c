/* sqlite_tokenizer.c — see sqlite_tokenizer.h. The words come from
 * core/textnorm.c (pure text functions, no database: the one core module
 * the db layer uses), so the index and every other matcher of words
 * (expertise, topics) split and fold text the same way. For each word the
 * folded form takes the position, with the original's byte offsets (so
 * snippets highlight what was written), and its stems are colocated.
 * Prefix query terms ("fiet"*) emit the folded form only: a prefix is of
 * what was typed, not of a stem. */
#include "db/sqlite_tokenizer.h"
#include "db/sqlite_rank.h"
#include "core/textnorm.h"

struct walk {
	const char *text;
	void *ctx;
	int (*token)(void *ctx, int flags, const char *tok, int n, int start, int end);
	bool stems;
	int rc;
};

static int emit(void *arg, const char *orig, size_t orig_len, const char *folded)
{
	struct walk *w = arg;
	int start = (int)(orig - w->text), end = start + (int)orig_len;
	w->rc = w->token(w->ctx, 0, folded, (int)strlen(folded), start, end);
	if (w->rc != SQLITE_OK)
		return 1;
	if (!w->stems)
		return 0;
	textnorm_term terms[TEXTNORM_TERMS_MAX];
	int n = textnorm_terms(folded, terms);
	for (int i = 1; i < n; i++) {  /* terms[0] is the folded word itself */
		w->rc = w->token(w->ctx, FTS5_TOKEN_COLOCATED, terms[i], (int)strlen(terms[i]), start, end);
		if (w->rc != SQLITE_OK)
			return 1;
	}
	return 0;
}

static int tok_tokenize(Fts5Tokenizer *self, void *ctx, int flags, const char *text, int n_text,
                        int (*token)(void *, int, const char *, int, int, int))
{
	(void)self;
	if (!text || n_text <= 0)
		return SQLITE_OK;
	struct walk w = {
		.text = text, .ctx = ctx, .token = token, .rc = SQLITE_OK,
		.stems = (flags & FTS5_TOKENIZE_PREFIX) == 0,
	};
	(void)textnorm_each_word(text, (size_t)n_text, emit, &w);
	return w.rc;
}

/* The tokenizer has no state: any non-NULL pointer will do. */
static int tok_create(void *ctx, const char **args, int n_args, Fts5Tokenizer **out)
{
	(void)ctx;
	(void)args;
	if (n_args != 0)
		return SQLITE_ERROR;
	static int unused;
	*out = (Fts5Tokenizer *)&unused;
	return SQLITE_OK;
}

static void tok_delete(Fts5Tokenizer *self)
{
	(void)self;
}

static fts5_api *fts5_api_of(sqlite3 *h)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(h, "SELECT fts5(?1)", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
		(void)sqlite3_step(st);
	}
	sqlite3_finalize(st);
	return api;
}

int sqlite_tokenizer_register(sqlite3 *h)
{
	static fts5_tokenizer tok = { tok_create, tok_delete, tok_tokenize };
	fts5_api *api = fts5_api_of(h);
	if (!api || api->iVersion < 2)
		return SQLITE_ERROR;
	int rc = api->xCreateTokenizer(api, "plein", NULL, &tok, NULL);
	return rc == SQLITE_OK ? sqlite_rank_register(api) : rc;
}
