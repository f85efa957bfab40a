/* i18n.h — message catalogues (gettext .mo files compiled from the po/ files and
 * embedded) and language negotiation. English is the source language: a
 * msgid without translation is shown as is. */
#ifndef PLEIN_I18N_H
#define PLEIN_I18N_H
#include "lib/common.h"

/* Mark a string for extraction by xgettext without translating it here. */
#define N_(s) (s)

struct catalog;

void i18n_init(void);                        /* once at start */
const struct catalog *i18n_catalog(const char *lang);  /* NULL for English */
const char *i18n_gettext(const struct catalog *c, const char *msgid);
/* "nl" or "en" from an Accept-Language header (q-values honoured). */
const char *i18n_negotiate(const char *accept_language);
bool i18n_supported(const char *lang);
void i18n_free(void);
#endif
