/* textnorm.c — see textnorm.h. libunistring does the Unicode work (word
 * characters, case folding with canonical decomposition, so that a
 * diacritic becomes a separate mark that is then dropped); libstemmer does
 * the Snowball stemming. */
#include "core/textnorm.h"
#include <libstemmer.h>
#include <pthread.h>
#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

#define ORIG_MAX 256  /* bytes of one word as written; longer ones cannot fold to a term */

struct stemmers {
	struct sb_stemmer *nl, *en;
};

static pthread_key_t key;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static _Thread_local struct stemmers *mine;

static void stemmers_free(void *arg)
{
	struct stemmers *s = arg;
	if (!s)
		return;
	sb_stemmer_delete(s->nl);  /* NULL is fine */
	sb_stemmer_delete(s->en);
	free(s);
	mine = NULL;
}

static void make_key(void)
{
	if (pthread_key_create(&key, stemmers_free))
		BUG("pthread_key_create");
}

static struct stemmers *stemmers_get(void)
{
	if (mine)
		return mine;
	pthread_once(&once, make_key);
	mine = xcalloc(1, sizeof(*mine));
	mine->nl = sb_stemmer_new("dutch", "UTF_8");   /* NULL: no stem, folded words still match */
	mine->en = sb_stemmer_new("english", "UTF_8");
	pthread_setspecific(key, mine);
	return mine;
}

void textnorm_thread_release(void)
{
	if (!mine)
		return;
	pthread_setspecific(key, NULL);
	stemmers_free(mine);
}

static bool is_word_char(ucs4_t c)
{
	return uc_is_general_category_withtable(c, UC_CATEGORY_MASK_L | UC_CATEGORY_MASK_N | UC_CATEGORY_MASK_M);
}

size_t textnorm_fold(const char *word, size_t len, textnorm_term out)
{
	uint8_t stack[1024];
	size_t n = sizeof(stack);
	out[0] = '\0';
	if (len == 0 || len > ORIG_MAX)
		return 0;
	uint8_t *f = u8_casefold((const uint8_t *)word, len, NULL, UNINORM_NFD, stack, &n);
	if (!f)
		return 0;
	size_t o = 0;
	bool fits = true;
	for (size_t i = 0; i < n;) {
		ucs4_t c;
		int k = u8_mbtouc(&c, f + i, n - i);
		if (k <= 0)
			break;
		/* marks are the diacritics NFD split off; anything else that is not
		 * a letter or digit cannot be in a word, but keep the check cheap */
		if (!uc_is_general_category_withtable(c, UC_CATEGORY_MASK_M)) {
			if (o + (size_t)k > TEXTNORM_WORD_MAX) {
				fits = false;
				break;
			}
			memcpy(out + o, f + i, (size_t)k);
			o += (size_t)k;
		}
		i += (size_t)k;
	}
	if (f != stack)
		free(f);
	if (!fits)
		o = 0;
	out[o] = '\0';
	return o;
}

int textnorm_each_word(const char *s, size_t len, textnorm_word_fn fn, void *arg)
{
	const uint8_t *u = (const uint8_t *)s;
	size_t i = 0;
	while (i < len) {
		ucs4_t c;
		int k = u8_mbtouc(&c, u + i, len - i);
		if (k <= 0)
			break;
		if (!is_word_char(c)) {
			i += (size_t)k;
			continue;
		}
		size_t start = i;
		while (i < len) {
			k = u8_mbtouc(&c, u + i, len - i);
			if (k <= 0 || !is_word_char(c))
				break;
			i += (size_t)k;
		}
		textnorm_term folded;
		if (textnorm_fold(s + start, i - start, folded)) {
			int rc = fn(arg, s + start, i - start, folded);
			if (rc)
				return rc;
		}
	}
	return 0;
}

static int add_term(textnorm_term out[TEXTNORM_TERMS_MAX], int n, const char *t, size_t len)
{
	if (!t || len == 0 || len > TEXTNORM_WORD_MAX)
		return n;
	for (int i = 0; i < n; i++)
		if (strlen(out[i]) == len && memcmp(out[i], t, len) == 0)
			return n;
	memcpy(out[n], t, len);
	out[n][len] = '\0';
	return n + 1;
}

int textnorm_terms(const char *folded, textnorm_term out[TEXTNORM_TERMS_MAX])
{
	struct stemmers *s = stemmers_get();
	size_t len = strlen(folded);
	int n = add_term(out, 0, folded, len);
	struct sb_stemmer *both[2] = { s->nl, s->en };
	for (size_t i = 0; i < 2; i++) {
		if (!both[i])
			continue;
		const sb_symbol *st = sb_stemmer_stem(both[i], (const sb_symbol *)folded, (int)len);
		if (st)
			n = add_term(out, n, (const char *)st, (size_t)sb_stemmer_length(both[i]));
	}
	return n;
}

/* Function words of running text in English and Dutch, kept short: a skill
 * or a title is never filtered, only bios (and queries with other words). */
static const char *const stop_words[] = {
	"a", "about", "aan", "als", "also", "am", "an", "and", "any", "anything", "are", "as", "at", "be",
	"because", "bij", "but", "by", "can", "dan", "dat", "de", "den", "der", "die", "dit", "do", "door",
	"een", "en", "er", "for", "from", "had", "has", "have", "heb", "hebben", "het", "hier", "hij", "how",
	"i", "ik", "in", "is", "je", "jij", "jou", "jullie", "kan", "me", "met", "mij", "mijn", "my", "naar",
	"niet", "of", "om", "on", "ons", "onze", "ook", "op", "or", "our", "over", "so", "te", "than", "that",
	"the", "their", "there", "they", "this", "to", "tot", "u", "uit", "van", "veel", "voor", "was", "wat",
	"we", "wel", "were", "what", "when", "who", "wie", "wij", "will", "with", "you", "your", "ze", "zich",
	"zijn", "zo",
};

bool textnorm_is_stop(const char *folded)
{
	if (!folded[0] || !folded[1])
		return true;
	for (size_t i = 0; i < ARRAY_LEN(stop_words); i++)
		if (strcmp(folded, stop_words[i]) == 0)
			return true;
	return false;
}
