/* mail.c — see mail.h. Composition only: the message is built in memory
 * and handed whole to libcurl, which adds the SMTP dot-stuffing. */
#include "core/mail.h"
#include "core/i18n.h"
#include "lib/utf8.h"
#include <sodium.h>
#include <time.h>

#define QP_LINE 76
#define WORD_BYTES 39   /* raw bytes per encoded word: 52 base64 + 12 = 64 characters */

bool mail_address_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n < 3 || n > MAIL_ADDRESS_MAX)
		return false;
	const char *at = strchr(s, '@');
	if (!at || at == s || !at[1] || strchr(at + 1, '@'))
		return false;
	for (const char *c = s; *c; c++)
		if (*c <= 0x20 || *c >= 0x7f || strchr("()<>[],;:\\\"", *c))
			return false;
	return true;
}

static bool header_text_ok(const char *s)
{
	size_t n = strlen(s);
	return utf8_valid(s, n) && !utf8_has_control(s, n, false);
}

/* Always as encoded words: =?UTF-8?B?…?=, folded with CRLF SP, never
 * splitting a character across two words (RFC 2047 section 5). */
static int encode_words(struct strbuf *out, const char *value)
{
	const unsigned char *s = (const unsigned char *)value;
	size_t len = strlen(value), i = 0;
	char b64[sodium_base64_ENCODED_LEN(WORD_BYTES, sodium_base64_VARIANT_ORIGINAL)];
	if (len == 0)
		return PLEIN_OK;
	while (i < len) {
		size_t take = len - i < WORD_BYTES ? len - i : WORD_BYTES;
		while (take > 1 && i + take < len && (s[i + take] & 0xc0) == 0x80)
			take--;
		sodium_bin2base64(b64, sizeof(b64), s + i, take, sodium_base64_VARIANT_ORIGINAL);
		if (i > 0)
			strbuf_addstr(out, "\r\n ");
		strbuf_addf(out, "=?UTF-8?B?%s?=", b64);
		i += take;
	}
	return out->toobig ? PLEIN_TOOBIG : PLEIN_OK;
}

int mail_encode_header(struct strbuf *out, const char *value, size_t used)
{
	bool plain = used + strlen(value) <= 76 && !strstr(value, "=?");
	for (const char *c = value; plain && *c; c++)
		plain = *c >= 0x20 && *c < 0x7f;
	if (plain)
		return strbuf_addstr(out, value);
	return encode_words(out, value);
}

/* A display name as a phrase: a quoted string when it is plain ASCII, else encoded words. */
static int encode_name(struct strbuf *out, const char *name)
{
	bool plain = strlen(name) <= 60;
	for (const char *c = name; plain && *c; c++)
		plain = *c >= 0x20 && *c < 0x7f;
	if (!plain)
		return encode_words(out, name);
	strbuf_addch(out, '"');
	for (const char *c = name; *c; c++) {
		if (*c == '"' || *c == '\\')
			strbuf_addch(out, '\\');
		strbuf_addch(out, *c);
	}
	return strbuf_addch(out, '"');
}

int mail_encode_qp(struct strbuf *out, const char *text)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *s = (const unsigned char *)text;
	while (*s) {
		const unsigned char *end = (const unsigned char *)strchrnul((const char *)s, '\n');
		size_t col = 0;
		for (const unsigned char *c = s; c < end; c++) {
			bool last = c + 1 == end;
			char tok[4];
			size_t n;
			/* a soft break needs room for its '=' on the line it ends */
			for (int pass = 0; pass < 2; pass++) {
				bool literal = (*c >= 33 && *c <= 126 && *c != '=' && !(*c == '.' && col == 0)) ||
				               ((*c == ' ' || *c == '\t') && !last);
				if (literal) {
					tok[0] = (char)*c;
					n = 1;
				} else {
					tok[0] = '=';
					tok[1] = hex[*c >> 4];
					tok[2] = hex[*c & 15];
					n = 3;
				}
				if (col + n + (last ? 0 : 1) <= QP_LINE)
					break;
				strbuf_addstr(out, "=\r\n");
				col = 0;
			}
			strbuf_add(out, tok, n);
			col += n;
		}
		strbuf_addstr(out, "\r\n");
		s = *end ? end + 1 : end;
	}
	return out->toobig ? PLEIN_TOOBIG : PLEIN_OK;
}

static void add_date(struct strbuf *out, int64_t when)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
	                                      "Oct", "Nov", "Dec" };
	time_t t = (time_t)when;
	struct tm tm;
	gmtime_r(&t, &tm);
	strbuf_addf(out, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
	            tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static bool message_id_ok(const char *s)
{
	if (!*s || strlen(s) > 64)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || strchr(".-_", *s)))
			return false;
	return true;
}

int mail_compose(const struct mail_message *m, struct strbuf *out)
{
	strbuf_reset(out);
	if (!mail_address_ok(m->from) || !mail_address_ok(m->to) || !m->subject || !header_text_ok(m->subject) ||
	    (m->from_name && !header_text_ok(m->from_name)) || !m->body ||
	    !utf8_valid(m->body, strlen(m->body)) || utf8_has_control(m->body, strlen(m->body), true) ||
	    strchr(m->body, '\r') || (m->message_id && !message_id_ok(m->message_id)))
		return PLEIN_INVALID;
	char id[33];
	if (!m->message_id) {
		unsigned char raw[16];
		randombytes_buf(raw, sizeof(raw));
		sodium_bin2hex(id, sizeof(id), raw, sizeof(raw));
	}
	out->max = MAIL_MESSAGE_MAX;
	strbuf_addstr(out, "From: ");
	if (m->from_name && *m->from_name) {
		if (encode_name(out, m->from_name))
			goto toobig;
		strbuf_addch(out, ' ');
	}
	strbuf_addf(out, "<%s>\r\nTo: <%s>\r\nSubject: ", m->from, m->to);
	if (mail_encode_header(out, m->subject, strlen("Subject: ")))
		goto toobig;
	strbuf_addstr(out, "\r\nDate: ");
	add_date(out, m->date);
	strbuf_addf(out, "\r\nMessage-ID: <%s@%s>\r\n", m->message_id ? m->message_id : id, strchr(m->from, '@') + 1);
	strbuf_addstr(out, "MIME-Version: 1.0\r\n"
	                   "Content-Type: text/plain; charset=utf-8\r\n"
	                   "Content-Transfer-Encoding: quoted-printable\r\n"
	                   "Auto-Submitted: auto-generated\r\n"
	                   "\r\n");
	if (mail_encode_qp(out, m->body) || out->toobig)
		goto toobig;
	return PLEIN_OK;
toobig:
	strbuf_reset(out);
	return PLEIN_TOOBIG;
}

/* msg with its one %s replaced by arg: a translator's stray % cannot reach printf */
static void add_filled(struct strbuf *out, const char *msg, const char *arg)
{
	const char *at = strstr(msg, "%s");
	if (!at) {
		strbuf_addstr(out, msg);
		return;
	}
	strbuf_add(out, msg, (size_t)(at - msg));
	strbuf_addstr(out, arg);
	strbuf_addstr(out, at + 2);
}

void mail_invitation_text(const char *lang, const char *inviter, const char *link, int64_t expires_at,
                          struct strbuf *subject, struct strbuf *body)
{
	static const char *const months[2][12] = {
		{ "January", "February", "March", "April", "May", "June", "July", "August", "September",
		  "October", "November", "December" },
		{ "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
		  "oktober", "november", "december" },
	};
	const struct catalog *c = i18n_catalog(lang && i18n_supported(lang) ? lang : "en");
	bool dutch = lang && strcmp(lang, "nl") == 0;
	time_t t = (time_t)expires_at;
	struct tm tm;
	gmtime_r(&t, &tm);
	char when[64];
	snprintf(when, sizeof(when), "%d %s %d, %02d:%02d UTC", tm.tm_mday, months[dutch][tm.tm_mon],
	         tm.tm_year + 1900, tm.tm_hour, tm.tm_min);

	strbuf_reset(subject);
	strbuf_addstr(subject, i18n_gettext(c, N_("Your invitation to plein")));
	strbuf_reset(body);
	strbuf_addstr(body, i18n_gettext(c, N_("Hello,")));
	strbuf_addstr(body, "\n\n");
	if (inviter && *inviter)
		add_filled(body, i18n_gettext(c, N_("%s invited you to join plein, the intranet of your organisation.")), inviter);
	else
		strbuf_addstr(body, i18n_gettext(c, N_("You are invited to join plein, the intranet of your organisation.")));
	strbuf_addstr(body, "\n\n");
	strbuf_addstr(body, i18n_gettext(c, N_("Open this link to choose your password:")));
	strbuf_addf(body, "\n\n%s\n\n", link);
	add_filled(body, i18n_gettext(c, N_("The link works once, until %s. If it has expired, ask for a new invitation.")), when);
	strbuf_addstr(body, "\n\n");
	strbuf_addstr(body, i18n_gettext(c, N_("If you did not expect this invitation, you can ignore this message.")));
	strbuf_addch(body, '\n');
}
