/* mail.h — composing e-mail messages (RFC 5322 + MIME): plain UTF-8 text,
 * quoted-printable, non-ASCII subjects and names encoded per RFC 2047, CRLF
 * line ends. Header injection is impossible by construction: addresses
 * must be plain addr-specs and no header value may hold CR, LF or another
 * control character. Also the texts of the messages plein sends. Sending is
 * jobs/mailer.c's business. */
#ifndef PLEIN_MAIL_H
#define PLEIN_MAIL_H
#include "lib/common.h"
#include "lib/strbuf.h"

#define MAIL_ADDRESS_MAX 254
#define MAIL_MESSAGE_MAX (256 * 1024)

struct mail_message {
	const char *from;        /* addr-spec: a@b.example */
	const char *from_name;   /* display name or NULL */
	const char *to;          /* addr-spec */
	const char *subject;     /* UTF-8, one line */
	const char *body;        /* UTF-8, lines end with \n; tabs allowed */
	int64_t date;            /* seconds since 1970 */
	const char *message_id;  /* the part before @ (letters, digits, . - _); NULL for a random one */
};

/* Is s a plain address fit for a header and an SMTP envelope: 3..254
 * printable ASCII characters, one @ with text on both sides, none of
 * space ( ) < > [ ] , ; : \ " and no control characters? */
bool mail_address_ok(const char *s);
/* The whole message, headers and body, into out (cleared first).
 * PLEIN_INVALID when an address is not mail_address_ok, or the subject or
 * name holds control characters or is not UTF-8, or the body is not UTF-8
 * or holds control characters other than \n and \t; PLEIN_TOOBIG past
 * MAIL_MESSAGE_MAX. Nothing half-written counts: check the result. */
int mail_compose(const struct mail_message *m, struct strbuf *out) WARN_UNUSED;
/* One header value as RFC 2047 encoded words (UTF-8, base64), folded so no
 * line passes 76 characters; plain ASCII text short enough is kept as is.
 * `used` is how many characters the header's name took on the first line. */
int mail_encode_header(struct strbuf *out, const char *value, size_t used) WARN_UNUSED;
/* Quoted-printable (RFC 2045) of UTF-8 text with \n line ends: CRLF line
 * ends, lines at most 76 characters, = and non-ASCII escaped, trailing
 * white space and a leading dot escaped. */
int mail_encode_qp(struct strbuf *out, const char *text) WARN_UNUSED;

/* The invitation e-mail in language lang ("en", "nl"; NULL or unknown:
 * English): who invited (name, or NULL/"" when unknown), the link, when it
 * expires. Needs i18n_init() first. */
void mail_invitation_text(const char *lang, const char *inviter, const char *link, int64_t expires_at,
                          struct strbuf *subject, struct strbuf *body);
#endif
