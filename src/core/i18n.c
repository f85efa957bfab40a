/* i18n.c — reads GNU .mo catalogues (the format msgfmt writes: a header,
 * then tables of lengths and offsets) into sorted arrays for binary search.
 * glibc's gettext would need system locales and a global language; a server
 * answering each request in its reader's language needs neither. */
#include "core/i18n.h"
#include "lib/embedded.h"

struct message {
	const char *id, *str;
};

struct catalog {
	char lang[8];
	struct message *msgs;
	size_t n;
};

static struct catalog catalogs[4];
static size_t n_catalogs;

static uint32_t rd32(const unsigned char *p, bool swap)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return swap ? __builtin_bswap32(v) : v;
}

static int cmp_msg(const void *a, const void *b)
{
	return strcmp(((const struct message *)a)->id, ((const struct message *)b)->id);
}

/* Parse an embedded .mo; malformed files are skipped with a message. */
static bool load(struct catalog *c, const struct embedded_file *f)
{
	const unsigned char *d = f->data;
	size_t len = f->len;
	if (len < 28)
		return false;
	uint32_t magic = rd32(d, false);
	bool swap = magic == 0xde120495u;
	if (magic != 0x950412deu && !swap)
		return false;
	uint32_t n = rd32(d + 8, swap), orig = rd32(d + 12, swap), trans = rd32(d + 16, swap);
	if (n > 100000 || orig > len || trans > len || (size_t)n * 8 > len - orig || (size_t)n * 8 > len - trans)
		return false;
	c->msgs = xcalloc(n ? n : 1, sizeof(*c->msgs));
	c->n = 0;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t ol = rd32(d + orig + i * 8, swap), oo = rd32(d + orig + i * 8 + 4, swap);
		uint32_t tl = rd32(d + trans + i * 8, swap), to = rd32(d + trans + i * 8 + 4, swap);
		if (oo > len || ol >= len - oo || to > len || tl >= len - to)
			return false;
		if (ol == 0 || tl == 0)
			continue; /* the header entry, or untranslated */
		c->msgs[c->n].id = (const char *)d + oo;
		c->msgs[c->n].str = (const char *)d + to;
		c->n++;
	}
	qsort(c->msgs, c->n, sizeof(*c->msgs), cmp_msg);
	return true;
}

void i18n_init(void)
{
	if (n_catalogs)
		return;
	for (const struct embedded_file *f = embedded_catalogs; f->name && n_catalogs < ARRAY_LEN(catalogs); f++) {
		struct catalog *c = &catalogs[n_catalogs];
		const char *dot = strchr(f->name, '.');
		size_t n = dot ? (size_t)(dot - f->name) : strlen(f->name);
		if (n >= sizeof(c->lang))
			continue;
		memcpy(c->lang, f->name, n);
		c->lang[n] = '\0';
		if (load(c, f)) {
			n_catalogs++;
		} else {
			fprintf(stderr, "plein: ignoring malformed catalogue %s\n", f->name);
			free(c->msgs);
			c->msgs = NULL;
		}
	}
}

void i18n_free(void)
{
	for (size_t i = 0; i < n_catalogs; i++)
		free(catalogs[i].msgs);
	n_catalogs = 0;
}

const struct catalog *i18n_catalog(const char *lang)
{
	for (size_t i = 0; lang && i < n_catalogs; i++)
		if (strcmp(catalogs[i].lang, lang) == 0)
			return &catalogs[i];
	return NULL;
}

bool i18n_supported(const char *lang)
{
	return lang && (strcmp(lang, "en") == 0 || strcmp(lang, "nl") == 0);
}

const char *i18n_gettext(const struct catalog *c, const char *msgid)
{
	if (!c)
		return msgid;
	struct message key = { msgid, NULL };
	const struct message *m = bsearch(&key, c->msgs, c->n, sizeof(*c->msgs), cmp_msg);
	return m ? m->str : msgid;
}

const char *i18n_negotiate(const char *h)
{
	/* the supported language with the highest q; ties go to the first listed */
	double best_q = -1;
	const char *best = "en";
	while (h && *h) {
		while (*h == ' ' || *h == ',')
			h++;
		const char *tag = h;
		while (*h && *h != ',' && *h != ';' && *h != ' ')
			h++;
		size_t tlen = (size_t)(h - tag);
		double q = 1.0;
		while (*h && *h != ',') {
			if (h[0] == ';' && h[1] == 'q' && h[2] == '=')
				q = strtod(h + 3, NULL);
			h++;
		}
		const char *lang = NULL;
		if (tlen >= 2 && (tlen == 2 || tag[2] == '-' || tag[2] == '_')) {
			if (strncasecmp(tag, "nl", 2) == 0)
				lang = "nl";
			else if (strncasecmp(tag, "en", 2) == 0)
				lang = "en";
		}
		if (lang && q > best_q && q > 0) {
			best_q = q;
			best = lang;
		}
	}
	return best;
}
