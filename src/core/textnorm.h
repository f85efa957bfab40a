/* textnorm.h — words for matching people to what is asked: split UTF-8 text
 * into words (letters and digits), fold case and strip diacritics
 * ("Ëngels" → "engels"), and stem in Dutch and English so that inflections
 * meet ("vertalen"/"vertaling" → "vertal", "translate"/"translation" →
 * "translat"). Used by the expertise index and its queries alike, so both
 * sides always normalise the same way. The stemmers are per thread (Snowball
 * stemmers are not thread-safe) and freed when the thread ends. */
#ifndef PLEIN_TEXTNORM_H
#define PLEIN_TEXTNORM_H
#include "lib/common.h"

#define TEXTNORM_WORD_MAX 64  /* bytes of a folded word; longer words are skipped */
#define TEXTNORM_TERMS_MAX 3  /* the folded word, its Dutch and its English stem */

typedef char textnorm_term[TEXTNORM_WORD_MAX + 1];

/* Called for each word of text: orig points into the text (orig_len bytes),
 * folded is the case-folded word without diacritics (NUL-terminated, at most
 * TEXTNORM_WORD_MAX bytes). A non-zero return stops the walk and is returned. */
typedef int (*textnorm_word_fn)(void *arg, const char *orig, size_t orig_len, const char *folded);

/* Walk the words of s[0..len). Bytes that are not valid UTF-8 separate words.
 * Words that fold to more than TEXTNORM_WORD_MAX bytes are skipped. */
int textnorm_each_word(const char *s, size_t len, textnorm_word_fn fn, void *arg);
/* Fold one word (case, diacritics dropped) into out; returns its length, 0
 * when nothing is left or it is too long. */
size_t textnorm_fold(const char *word, size_t len, textnorm_term out);
/* The distinct match terms of a folded word: itself, then its Dutch and
 * English stems when they differ. Returns how many (1–3). */
int textnorm_terms(const char *folded, textnorm_term out[TEXTNORM_TERMS_MAX]);
/* Words too common to say anything about a person in running text
 * ("the", "de", "and", "en", …) and single characters. */
bool textnorm_is_stop(const char *folded);
/* Free this thread's stemmers now (they are also freed when it exits). */
void textnorm_thread_release(void);
#endif
