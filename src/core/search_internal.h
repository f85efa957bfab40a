/* search_internal.h — what the search files share with each other and with
 * their tests and fuzz harness, not with callers: the FTS5 MATCH
 * expression of parsed terms and the typo fallback's word distance. */
#ifndef PLEIN_SEARCH_INTERNAL_H
#define PLEIN_SEARCH_INTERNAL_H
#include "core/search.h"

#define SEARCH_NEAR_MAX 3        /* close spellings OR'ed with a word that found nothing */
#define SEARCH_VOCAB_MIN 4       /* characters of a word kept in the typo vocabulary */
#define SEARCH_VOCAB_MAX 30

/* Entry ids (migration 0014): each kind has its own range, and within it
 * ids follow time. Content is class * SEARCH_ID_CLASS + created_at *
 * SEARCH_ID_SECOND + a sequence within that second (class: post 0,
 * comment 1, question 2, answer 3, article 4, group page 5, group file 6);
 * people, groups and topics are SEARCH_ID_ENTITIES + k * 2^56 + their id
 * (k: 1, 2, 3). */
#define SEARCH_ID_SECOND (INT64_C(1) << 20)
#define SEARCH_ID_CLASS (INT64_C(1) << 58)
#define SEARCH_ID_ENTITIES (INT64_C(1) << 61)
#define SEARCH_ID_ENTITY (INT64_C(1) << 56)

/* Close spellings for term i (NULL, or n words; plain words only). */
struct search_near {
	textnorm_term words[SEARCH_NEAR_MAX];
	int n;
};

/* The MATCH expression of terms, built from their folded words only (each
 * in double quotes), so nothing typed reaches FTS5 as syntax. near: NULL,
 * or an array of terms->n widenings. NULL when there is no positive term. */
const char *search_match_expr(struct pool *p, const struct search_terms *terms, const struct search_near *near);

/* Optimal string alignment distance between two words in code points (a
 * swap of neighbours counts one), at most SEARCH_VOCAB_MAX + 2 each; a
 * larger one counts as far away (INT_MAX). */
int search_word_distance(const char *a, const char *b);
/* Character trigrams of "^word$" (word at most SEARCH_VOCAB_MAX code
 * points): writes up to max NUL-terminated trigrams of at most 12 bytes,
 * returns how many; len_out gets the word's length in code points. */
#define SEARCH_TRIGRAM_BYTES 13
int search_trigrams_of(const char *word, char (*out)[SEARCH_TRIGRAM_BYTES], int max, int *len_out);
#endif
