/* fuzz_attachment_type.c — libFuzzer harness for the attachment type
 * detector (magic bytes, the ZIP central directory walk, ODF's mimetype
 * entry, UTF-8 text and markup checks), the display-name sanitiser and the
 * Content-Disposition parser. Invariants: a refusal always has a reason and
 * an accepted kind never does; a display name is valid UTF-8, never empty,
 * has no path separator, quote or control character, and is at most
 * ATTACHMENT_NAME_MAX code points. */
#include "lib/common.h"
#include "core/attachments.h"
#include "lib/pool.h"
#include "lib/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len);
int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len)
{
	enum attachment_problem why = ATT_FINE;
	enum attachment_kind k = attachment_detect(buf, len, &why);
	if ((k == ATT_NONE) != (why != ATT_FINE))
		abort();
	struct pool *p = pool_new();
	char *s = pool_strndup(p, (const char *)buf, len > 2048 ? 2048 : len);
	static const char *const mimes[] = { "image/jpeg", "image/png", "application/pdf", "text/plain", "text/csv",
	                                     "application/zip", "application/x-unknown" };
	const char *raw = attachment_disposition_name(p, s);
	for (size_t i = 0; i < ARRAY_LEN(mimes); i++) {
		const char *names[2] = { s, raw };
		for (size_t j = 0; j < 2; j++) {
			const char *n = attachment_display_name(p, names[j], mimes[i]);
			size_t nl = strlen(n);
			if (!nl || !utf8_valid(n, nl) || utf8_has_control(n, nl, false) || strpbrk(n, "/\\\"") ||
			    utf8_length(n, nl) > ATTACHMENT_NAME_MAX)
				abort();
		}
	}
	if (k != ATT_NONE && !*attachment_kind_mime(k, s))
		abort();
	pool_free(p);
	return 0;
}
