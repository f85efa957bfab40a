/* test_mail.c — composing e-mail: addresses fit for headers, the header
 * block (CRLF only, the fields in place, a fixed Date), RFC 2047 subjects
 * and names that decode back without splitting characters, quoted-printable
 * bodies (escapes, line length, trailing space, leading dot) that decode
 * back, header injection attempts refused, size limit, and the invitation
 * text in English and Dutch. */
#include "unit.h"
#include "core/i18n.h"
#include "core/mail.h"
#include "lib/utf8.h"
#include <sodium.h>

static const struct mail_message base = {
	.from = "plein@example.org", .from_name = "plein", .to = "nina@example.com",
	.subject = "Your invitation to plein", .body = "Hello,\n\nline two\n", .date = 0, .message_id = "fixed",
};

static char *compose(const struct mail_message *m, int *rc)
{
	struct strbuf sb = STRBUF_INIT;
	*rc = mail_compose(m, &sb);
	return strbuf_detach(&sb, NULL);
}

/* Every line ends with CRLF; no bare CR or LF anywhere. */
static void assert_crlf_only(const char *s)
{
	for (const char *c = s; *c; c++) {
		if (*c == '\r')
			assert_int_equal(c[1], '\n');
		if (*c == '\n')
			assert_true(c > s && c[-1] == '\r');
	}
}

/* The value of header `name` (first line only), or NULL. */
static char *header(const char *msg, const char *name)
{
	size_t n = strlen(name);
	const char *end = strstr(msg, "\r\n\r\n");
	for (const char *l = msg; l && l < end; l = strstr(l, "\r\n") ? strstr(l, "\r\n") + 2 : NULL) {
		if (strncmp(l, name, n) == 0 && l[n] == ':' && l[n + 1] == ' ')
			return strndup(l + n + 2, (size_t)(strstr(l, "\r\n") - l - n - 2));
	}
	return NULL;
}

/* RFC 2047 B words (possibly folded) back to text. */
static char *decode_words(const char *v)
{
	struct strbuf out = STRBUF_INIT;
	const char *p = v;
	while ((p = strstr(p, "=?UTF-8?B?")) != NULL) {
		p += 10;
		const char *e = strstr(p, "?=");
		assert_non_null(e);
		unsigned char bin[256];
		size_t len = 0;
		assert_int_equal(sodium_base642bin(bin, sizeof(bin), p, (size_t)(e - p), NULL, &len, NULL,
		                                   sodium_base64_VARIANT_ORIGINAL), 0);
		/* each word alone is whole characters */
		assert_true(utf8_valid((const char *)bin, len));
		assert_int_equal(strbuf_add(&out, bin, len), 0);
		p = e + 2;
	}
	return strbuf_detach(&out, NULL);
}

/* Quoted-printable back to text with \n line ends. */
static char *decode_qp(const char *s)
{
	struct strbuf out = STRBUF_INIT;
	while (*s) {
		if (s[0] == '=' && s[1] == '\r' && s[2] == '\n') {
			s += 3;
		} else if (s[0] == '=') {
			assert_true(hex_digit(s[1]) >= 0 && hex_digit(s[2]) >= 0);
			assert_int_equal(strbuf_addch(&out, hex_digit(s[1]) * 16 + hex_digit(s[2])), 0);
			s += 3;
		} else if (s[0] == '\r' && s[1] == '\n') {
			assert_int_equal(strbuf_addch(&out, '\n'), 0);
			s += 2;
		} else {
			assert_true(*s >= 32 && *s < 127);
			assert_int_equal(strbuf_addch(&out, *s++), 0);
		}
	}
	return strbuf_detach(&out, NULL);
}

static void assert_lines_at_most(const char *s, size_t max)
{
	for (const char *l = s; *l;) {
		const char *e = strstr(l, "\r\n");
		assert_non_null(e);
		assert_true((size_t)(e - l) <= max);
		l = e + 2;
	}
}

static void test_address(void **state)
{
	assert_true(mail_address_ok("nina@example.com"));
	assert_true(mail_address_ok("a.b+tag@sub.example.org"));
	const char *bad[] = { NULL, "", "a@", "@b", "ab", "a@b@c", "a b@c.d", "a@b.c\r\nBcc: x@y", "a@b.c\n",
	                      "<a@b.c>", "a@b.c>", "\"a\"@b.c", "a,b@c.d", "a@b;c", "é@b.c", "a@b.c\x7f" };
	for (size_t i = 0; i < ARRAY_LEN(bad); i++)
		assert_false(mail_address_ok(bad[i]));
	char longer[300];
	memset(longer, 'a', sizeof(longer));
	memcpy(longer + 250, "@b.cd", 6);
	assert_false(mail_address_ok(longer));
}

static void test_headers(void **state)
{
	int rc;
	char *msg = compose(&base, &rc);
	assert_int_equal(rc, PLEIN_OK);
	assert_crlf_only(msg);
	char *v;
	assert_string_equal(v = header(msg, "From"), "\"plein\" <plein@example.org>");
	free(v);
	assert_string_equal(v = header(msg, "To"), "<nina@example.com>");
	free(v);
	assert_string_equal(v = header(msg, "Subject"), "Your invitation to plein");
	free(v);
	assert_string_equal(v = header(msg, "Date"), "Thu, 01 Jan 1970 00:00:00 +0000");
	free(v);
	assert_string_equal(v = header(msg, "Message-ID"), "<fixed@example.org>");
	free(v);
	assert_string_equal(v = header(msg, "MIME-Version"), "1.0");
	free(v);
	assert_string_equal(v = header(msg, "Content-Type"), "text/plain; charset=utf-8");
	free(v);
	assert_string_equal(v = header(msg, "Content-Transfer-Encoding"), "quoted-printable");
	free(v);
	assert_string_equal(strstr(msg, "\r\n\r\n") + 4, "Hello,\r\n\r\nline two\r\n");
	free(msg);

	/* a random Message-ID when none is given: 32 hex digits */
	struct mail_message m = base;
	m.message_id = NULL;
	m.date = 1767225600; /* 2026-01-01 */
	msg = compose(&m, &rc);
	assert_int_equal(rc, PLEIN_OK);
	v = header(msg, "Message-ID");
	assert_int_equal(strlen(v), 1 + 32 + 1 + strlen("example.org") + 1);
	assert_int_equal(strspn(v + 1, "0123456789abcdef"), 32);
	free(v);
	assert_string_equal(v = header(msg, "Date"), "Thu, 01 Jan 2026 00:00:00 +0000");
	free(v);
	free(msg);
}

static void test_encoded_subject_and_name(void **state)
{
	int rc;
	struct mail_message m = base;
	m.subject = "Je uitnodiging voor plein — één keer geldig, tot 30 november; ça va? 日本語のテキストも少し";
	m.from_name = "Ann Ådmin";
	char *msg = compose(&m, &rc);
	assert_int_equal(rc, PLEIN_OK);
	assert_crlf_only(msg);
	const char *end = strstr(msg, "\r\n\r\n");
	/* headers are ASCII, and no header line passes 76 characters */
	for (const char *c = msg; c < end; c++)
		assert_true((unsigned char)*c < 0x80);
	char *head = strndup(msg, (size_t)(end - msg) + 2);
	assert_lines_at_most(head, 76);
	free(head);
	/* the folded subject decodes back */
	const char *s = strstr(msg, "Subject: ") + 9;
	const char *e = strstr(s, "\r\nDate:");
	char *folded = strndup(s, (size_t)(e - s));
	char *text = decode_words(folded);
	assert_string_equal(text, m.subject);
	free(text);
	free(folded);
	char *from = header(msg, "From");
	text = decode_words(from);
	assert_string_equal(text, "Ann Ådmin");
	assert_non_null(strstr(from, "<plein@example.org>"));
	free(text);
	free(from);
	free(msg);

	/* quotes and backslashes in a plain name are escaped */
	m = base;
	m.from_name = "the \"team\" \\ plein";
	msg = compose(&m, &rc);
	assert_int_equal(rc, PLEIN_OK);
	char *v = header(msg, "From");
	assert_string_equal(v, "\"the \\\"team\\\" \\\\ plein\" <plein@example.org>");
	free(v);
	free(msg);

	/* text that looks like an encoded word is encoded, not passed through */
	m = base;
	m.subject = "=?UTF-8?B?aGk=?=";
	msg = compose(&m, &rc);
	v = header(msg, "Subject");
	text = decode_words(v);
	assert_string_equal(text, "=?UTF-8?B?aGk=?=");
	free(text);
	free(v);
	free(msg);
}

static void test_injection(void **state)
{
	struct mail_message m;
	struct strbuf sb = STRBUF_INIT;
	const char *bad_headers[] = { "Hi\r\nBcc: evil@example.net", "Hi\nBcc: evil@example.net", "Hi\rX", "tab\there",
	                              "nul-free but \x01 control", "bad utf-8 \xc3\x28", "C1 \xc2\x85 next line" };
	for (size_t i = 0; i < ARRAY_LEN(bad_headers); i++) {
		m = base;
		m.subject = bad_headers[i];
		assert_int_equal(mail_compose(&m, &sb), PLEIN_INVALID);
		assert_int_equal(sb.len, 0);
		m = base;
		m.from_name = bad_headers[i];
		assert_int_equal(mail_compose(&m, &sb), PLEIN_INVALID);
	}
	m = base;
	m.to = "nina@example.com\r\nBcc: evil@example.net";
	assert_int_equal(mail_compose(&m, &sb), PLEIN_INVALID);
	m = base;
	m.to = "nina@example.com>\r\nBcc: <evil@example.net";
	assert_int_equal(mail_compose(&m, &sb), PLEIN_INVALID);
	m = base;
	m.from = "plein@example.org\nX: y";
	assert_int_equal(mail_compose(&m, &sb), PLEIN_INVALID);
	m = base;
	m.message_id = "x>\r\nBcc: <y";
	assert_int_equal(mail_compose(&m, &sb), PLEIN_INVALID);
	/* a body cannot end the headers early or smuggle CR */
	m = base;
	m.body = "line\r\n.\r\nMAIL FROM:<x@y>\r\n";
	assert_int_equal(mail_compose(&m, &sb), PLEIN_INVALID);
	m = base;
	m.body = "bell \x07";
	assert_int_equal(mail_compose(&m, &sb), PLEIN_INVALID);
	m = base;
	m.body = "bad \xff utf-8";
	assert_int_equal(mail_compose(&m, &sb), PLEIN_INVALID);
	m = base;
	m.subject = NULL;
	assert_int_equal(mail_compose(&m, &sb), PLEIN_INVALID);
	strbuf_release(&sb);
}

static void test_qp(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	assert_int_equal(mail_encode_qp(&sb, "a=b\n"), 0);
	assert_string_equal(sb.buf, "a=3Db\r\n");
	strbuf_reset(&sb);
	assert_int_equal(mail_encode_qp(&sb, "trailing space \nand tab\t\n"), 0);
	assert_string_equal(sb.buf, "trailing space=20\r\nand tab=09\r\n");
	strbuf_reset(&sb);
	assert_int_equal(mail_encode_qp(&sb, ".\n.hidden\nmid.dot\n"), 0);
	assert_string_equal(sb.buf, "=2E\r\n=2Ehidden\r\nmid.dot\r\n");
	strbuf_reset(&sb);
	assert_int_equal(mail_encode_qp(&sb, "één"), 0);
	assert_string_equal(sb.buf, "=C3=A9=C3=A9n\r\n");
	strbuf_reset(&sb);

	/* long lines: soft breaks, every line at most 76, and it decodes back */
	char text[2200];
	size_t n = 0;
	for (int i = 0; n < 2000; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, i % 7 == 0 ? "ééé=%d. " : "word%d ", i);
	text[n++] = '\n';
	snprintf(text + n, sizeof(text) - n, "%s", "https://plein.example.org/invite/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_ABCDEFGHIJ\n");
	assert_int_equal(mail_encode_qp(&sb, text), 0);
	assert_lines_at_most(sb.buf, 76);
	char *back = decode_qp(sb.buf);
	assert_string_equal(back, text);
	free(back);
	strbuf_release(&sb);
}

static void test_size_limit(void **state)
{
	size_t n = MAIL_MESSAGE_MAX;
	char *big = malloc(n + 1);
	memset(big, '=', n);   /* three bytes each once encoded */
	big[n] = '\0';
	struct mail_message m = base;
	m.body = big;
	struct strbuf sb = STRBUF_INIT;
	assert_int_equal(mail_compose(&m, &sb), PLEIN_TOOBIG);
	assert_int_equal(sb.len, 0);
	strbuf_release(&sb);
	free(big);
}

static void test_invitation_text(void **state)
{
	struct strbuf subject = STRBUF_INIT, body = STRBUF_INIT;
	i18n_init();
	/* 2026-11-30 14:05 UTC */
	mail_invitation_text("en", "Ann Ådmin", "https://plein.example.org/invite/TOKEN", 1796047500, &subject, &body);
	assert_string_equal(subject.buf, "Your invitation to plein");
	assert_non_null(strstr(body.buf, "Ann Ådmin invited you to join plein"));
	assert_non_null(strstr(body.buf, "\nhttps://plein.example.org/invite/TOKEN\n"));
	assert_non_null(strstr(body.buf, "until 30 November 2026, 14:05 UTC"));
	mail_invitation_text("nl", "", "https://x.example/invite/T", 1796047500, &subject, &body);
	assert_string_equal(subject.buf, "Je uitnodiging voor plein");
	assert_non_null(strstr(body.buf, "Je bent uitgenodigd voor plein"));
	assert_non_null(strstr(body.buf, "tot 30 november 2026, 14:05 UTC"));
	/* an unknown language is English; a % in a name is only text */
	mail_invitation_text("xx", "100% Bob %s", "L", 1796047500, &subject, &body);
	assert_non_null(strstr(body.buf, "100% Bob %s invited you"));
	/* and it composes */
	struct mail_message m = base;
	m.subject = subject.buf;
	m.body = body.buf;
	struct strbuf msg = STRBUF_INIT;
	assert_int_equal(mail_compose(&m, &msg), PLEIN_OK);
	strbuf_release(&msg);
	strbuf_release(&subject);
	strbuf_release(&body);
	i18n_free();
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_address),
		cmocka_unit_test(test_headers),
		cmocka_unit_test(test_encoded_subject_and_name),
		cmocka_unit_test(test_injection),
		cmocka_unit_test(test_qp),
		cmocka_unit_test(test_size_limit),
		cmocka_unit_test(test_invitation_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
