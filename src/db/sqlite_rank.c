/* sqlite_rank.c — plein_rank(search_fts, w_title, w_body, lo, hi), the
 * FTS5 ranking function of search: Okapi BM25 as FTS5's own bm25(), except
 * for how a word's document frequency is found. bm25() counts every
 * document holding each word once per query, which costs seconds for a
 * word in millions of posts; this one counts at most RANK_DF_COUNT of them
 * (oldest first: ids follow time) and extrapolates over the id span lo…hi
 * when there are more, so a query costs the same whatever the word. */
#include "db/sqlite_rank.h"
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define RANK_DF_COUNT 4000
#define RANK_K1 1.2
#define RANK_B 0.75

struct rank_data {
	int n_phrases;
	double avgdl;
	double *idf;
	double *freq;
};

struct df_count {
	int64_t n, last;
	const Fts5ExtensionApi *api;
};

static int df_step(const Fts5ExtensionApi *api, Fts5Context *fts, void *arg)
{
	struct df_count *c = arg;
	c->n++;
	c->last = api->xRowid(fts);
	return c->n >= RANK_DF_COUNT ? SQLITE_DONE : SQLITE_OK;
}

/* The phrase's document frequency: counted when rare, else estimated from
 * how much of the id span its first RANK_DF_COUNT documents took. */
static double phrase_df(const Fts5ExtensionApi *api, Fts5Context *fts, int i, int64_t lo, int64_t hi,
                        int64_t rows, int *rc)
{
	struct df_count c = { 0, 0, api };
	*rc = api->xQueryPhrase(fts, i, &c, df_step);
	if (c.n < RANK_DF_COUNT || hi <= lo)
		return (double)c.n;
	double covered = (double)(c.last - lo) + 1.0;
	double df = (double)c.n * ((double)(hi - lo) + 1.0) / (covered > 1.0 ? covered : 1.0);
	return df > (double)rows ? (double)rows : df;
}

static struct rank_data *rank_data_of(const Fts5ExtensionApi *api, Fts5Context *fts, int64_t lo, int64_t hi, int *rc)
{
	struct rank_data *d = api->xGetAuxdata(fts, 0);
	if (d)
		return d;
	int n = api->xPhraseCount(fts);
	d = calloc(1, sizeof(*d) + 2 * sizeof(double) * (size_t)(n > 0 ? n : 1));
	if (!d) {
		*rc = SQLITE_NOMEM;
		return NULL;
	}
	d->n_phrases = n;
	d->idf = (double *)(d + 1);
	d->freq = d->idf + (n > 0 ? n : 1);
	sqlite3_int64 rows = 0, tokens = 0;
	*rc = api->xRowCount(fts, &rows);
	if (*rc == SQLITE_OK)
		*rc = api->xColumnTotalSize(fts, -1, &tokens);
	d->avgdl = rows > 0 ? (double)tokens / (double)rows : 1.0;
	for (int i = 0; i < n && *rc == SQLITE_OK; i++) {
		double df = phrase_df(api, fts, i, lo, hi, rows, rc);
		double idf = log(((double)rows - df + 0.5) / (df + 0.5));
		d->idf[i] = idf > 1e-6 ? idf : 1e-6;
	}
	if (*rc == SQLITE_OK)
		*rc = api->xSetAuxdata(fts, d, free);
	if (*rc != SQLITE_OK) {
		free(d);
		return NULL;
	}
	return d;
}

static void rank_function(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx, int n_args,
                          sqlite3_value **args)
{
	if (n_args != 4) {
		sqlite3_result_error(ctx, "plein_rank: (table, w_title, w_body, lo, hi)", -1);
		return;
	}
	double w[2] = { sqlite3_value_double(args[0]), sqlite3_value_double(args[1]) };
	int rc = SQLITE_OK;
	struct rank_data *d = rank_data_of(api, fts, sqlite3_value_int64(args[2]), sqlite3_value_int64(args[3]), &rc);
	int inst = 0;
	if (rc == SQLITE_OK)
		rc = api->xInstCount(fts, &inst);
	if (rc == SQLITE_OK)
		memset(d->freq, 0, sizeof(double) * (size_t)d->n_phrases);
	for (int i = 0; i < inst && rc == SQLITE_OK; i++) {
		int phrase, col, off;
		rc = api->xInst(fts, i, &phrase, &col, &off);
		if (rc == SQLITE_OK && phrase >= 0 && phrase < d->n_phrases && col >= 0 && col < 2)
			d->freq[phrase] += w[col];
	}
	int len = 0;
	if (rc == SQLITE_OK)
		rc = api->xColumnSize(fts, -1, &len);
	if (rc != SQLITE_OK) {
		sqlite3_result_error_code(ctx, rc);
		return;
	}
	double k = RANK_K1 * (1 - RANK_B + RANK_B * (double)len / d->avgdl), score = 0;
	for (int i = 0; i < d->n_phrases; i++)
		score += d->idf[i] * d->freq[i] * (RANK_K1 + 1) / (d->freq[i] + k);
	sqlite3_result_double(ctx, -score);
}

int sqlite_rank_register(fts5_api *api)
{
	return api->xCreateFunction(api, "plein_rank", NULL, rank_function, NULL);
}
