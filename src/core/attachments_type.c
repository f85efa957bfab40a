/* attachments_type.c — what an uploaded file is, from its bytes alone, and
 * the name it is shown and saved under. No decoding and no database: this is
 * the part tests/fuzz/fuzz_attachment_type.c hammers. See attachments.h. */
#include "core/attachments.h"
#include "core/i18n.h"
#include "core/image.h"
#include "lib/pool.h"
#include "lib/strbuf.h"
#include "lib/utf8.h"

#define SNIFF_WINDOW 1024 /* browsers sniff HTML in the first 512 bytes; look at twice that */

static uint16_t le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static bool has_prefix(const unsigned char *d, size_t len, const char *magic, size_t n)
{
	return len >= n && memcmp(d, magic, n) == 0;
}

/* A case-insensitive search for an ASCII needle in the first bytes. */
static bool mentions(const unsigned char *d, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	if (len > SNIFF_WINDOW)
		len = SNIFF_WINDOW;
	for (size_t i = 0; i + n <= len; i++) {
		size_t k = 0;
		while (k < n && (d[i + k] | 0x20) == (unsigned char)needle[k])
			k++;
		if (k == n)
			return true;
	}
	return false;
}

/* HTML, SVG and XML documents, and text or PDF carrying their markers early
 * (where a browser that sniffs would take them for a page). */
static bool looks_like_markup(const unsigned char *d, size_t len)
{
	static const char *const tags[] = { "<html", "<script", "<svg", "<!doctype", "<body", "<iframe",
	                                     "<?xml", "<head", "<object", "<embed", "<meta", "<img", "<a href" };
	size_t i = 0;
	if (len >= 3 && d[0] == 0xef && d[1] == 0xbb && d[2] == 0xbf)
		i = 3;
	while (i < len && (d[i] == ' ' || d[i] == '\t' || d[i] == '\r' || d[i] == '\n' || d[i] == '\f'))
		i++;
	/* a document that starts with a tag, a comment or a declaration */
	if (i + 1 < len && d[i] == '<' &&
	    (((d[i + 1] | 0x20) >= 'a' && (d[i + 1] | 0x20) <= 'z') || d[i + 1] == '!' || d[i + 1] == '?'))
		return true;
	for (size_t k = 0; k < ARRAY_LEN(tags); k++)
		if (mentions(d, len, tags[k]))
			return true;
	return false;
}

static bool is_program(const unsigned char *d, size_t len)
{
	static const unsigned char macho[][4] = { { 0xfe, 0xed, 0xfa, 0xce }, { 0xfe, 0xed, 0xfa, 0xcf },
	                                          { 0xce, 0xfa, 0xed, 0xfe }, { 0xcf, 0xfa, 0xed, 0xfe },
	                                          { 0xca, 0xfe, 0xba, 0xbe } };
	if (has_prefix(d, len, "MZ", 2) || has_prefix(d, len, "\x7f" "ELF", 4) || has_prefix(d, len, "\0asm", 4))
		return true;
	for (size_t i = 0; i < ARRAY_LEN(macho); i++)
		if (len >= 4 && memcmp(d, macho[i], 4) == 0)
			return true;
	return false;
}

/* ODF: the first entry is "mimetype", stored uncompressed, naming the type. */
static enum attachment_kind odf_kind(const unsigned char *d, size_t len)
{
	static const struct {
		const char *mime;
		enum attachment_kind kind;
	} odf[] = { { "application/vnd.oasis.opendocument.text", ATT_ODT },
	            { "application/vnd.oasis.opendocument.spreadsheet", ATT_ODS },
	            { "application/vnd.oasis.opendocument.presentation", ATT_ODP } };
	if (len < 30)
		return ATT_NONE;
	size_t name_len = le16(d + 26), extra = le16(d + 28), size = le32(d + 18);
	if (le16(d + 8) != 0 || name_len != 8 || 30 + name_len > len || memcmp(d + 30, "mimetype", 8) != 0)
		return ATT_NONE;
	size_t off = 30 + name_len + extra;
	if (off > len || size > len - off)
		return ATT_NONE;
	for (size_t i = 0; i < ARRAY_LEN(odf); i++)
		if (size == strlen(odf[i].mime) && memcmp(d + off, odf[i].mime, size) == 0)
			return odf[i].kind;
	return ATT_NONE;
}

static bool name_is(const unsigned char *name, size_t n, const char *want)
{
	return n == strlen(want) && memcmp(name, want, n) == 0;
}

/* A ZIP archive: its central directory must be whole. Office Open XML by
 * its parts, OpenDocument by its mimetype entry, anything else (and Office
 * files with macros) a plain ZIP. ATT_NONE when it is damaged. */
static enum attachment_kind zip_kind(const unsigned char *d, size_t len)
{
	if (len < 22)
		return ATT_NONE;
	/* the end record is in the last 22 + 65535 (comment) bytes */
	size_t eocd = len - 22, stop = len - 22 > 65535 ? len - 22 - 65535 : 0;
	for (;; eocd--) {
		if (memcmp(d + eocd, "PK\x05\x06", 4) == 0)
			break;
		if (eocd == stop)
			return ATT_NONE;
	}
	size_t entries = le16(d + eocd + 10), cd_size = le32(d + eocd + 12), cd_off = le32(d + eocd + 16);
	if (entries == 0 || cd_off > eocd || cd_size > eocd - cd_off)
		return ATT_NONE;
	bool types = false, word = false, excel = false, slides = false, macros = false;
	size_t p = cd_off, end = cd_off + cd_size;
	for (size_t k = 0; k < entries; k++) {
		if (p > end || end - p < 46 || memcmp(d + p, "PK\x01\x02", 4) != 0)
			return ATT_NONE;
		size_t n = le16(d + p + 28), extra = le16(d + p + 30), comment = le16(d + p + 32);
		if (n > end - p - 46 || extra + comment > end - p - 46 - n)
			return ATT_NONE;
		const unsigned char *name = d + p + 46;
		types |= name_is(name, n, "[Content_Types].xml");
		word |= name_is(name, n, "word/document.xml");
		excel |= name_is(name, n, "xl/workbook.xml");
		slides |= name_is(name, n, "ppt/presentation.xml");
		macros |= n >= 14 && memcmp(name + n - 14, "vbaProject.bin", 14) == 0;
		p += 46 + n + extra + comment;
	}
	if (types && !macros && word + excel + slides == 1)
		return word ? ATT_DOCX : excel ? ATT_XLSX : ATT_PPTX;
	enum attachment_kind odf = odf_kind(d, len);
	return odf ? odf : ATT_ZIP;
}

enum attachment_kind attachment_detect(const void *data, size_t len, enum attachment_problem *why)
{
	const unsigned char *d = data;
	*why = ATT_FINE;
	if (len == 0) {
		*why = ATT_EMPTY;
		return ATT_NONE;
	}
	if (len > ATTACHMENT_MAX_BYTES) {
		*why = ATT_TOO_LARGE;
		return ATT_NONE;
	}
	switch (image_sniff(d, len)) {
	case IMAGE_JPEG: return ATT_JPEG;
	case IMAGE_PNG: return ATT_PNG;
	case IMAGE_WEBP: return ATT_WEBP;
	case IMAGE_GIF: return ATT_GIF;
	case IMAGE_NONE: break;
	}
	if (is_program(d, len)) {
		*why = ATT_PROGRAM;
		return ATT_NONE;
	}
	if (has_prefix(d, len, "%PDF-", 5)) {
		if (looks_like_markup(d + 5, len - 5)) {
			*why = ATT_MARKUP;
			return ATT_NONE;
		}
		return ATT_PDF;
	}
	if (has_prefix(d, len, "PK\x03\x04", 4)) {
		enum attachment_kind k = zip_kind(d, len);
		if (!k)
			*why = ATT_DAMAGED;
		return k;
	}
	/* text: valid UTF-8 without controls other than tab and line ends */
	if (utf8_valid(data, len) && !utf8_has_control(data, len, true)) {
		if (looks_like_markup(d, len)) {
			*why = ATT_MARKUP;
			return ATT_NONE;
		}
		return ATT_TEXT;
	}
	*why = ATT_WRONG_TYPE;
	return ATT_NONE;
}

/* The extension of a name (after its last dot, not a leading one), or "". */
static const char *extension(const char *name)
{
	const char *dot = strrchr(name, '.');
	return dot && dot != name ? dot + 1 : "";
}

const char *attachment_kind_mime(enum attachment_kind kind, const char *name)
{
	switch (kind) {
	case ATT_NONE: return "";
	case ATT_JPEG: return "image/jpeg";
	case ATT_PNG: return "image/png";
	case ATT_WEBP: return "image/webp";
	case ATT_GIF: return "image/gif";
	case ATT_PDF: return "application/pdf";
	case ATT_TEXT: {
		const char *ext = extension(name ? name : "");
		if (strcasecmp(ext, "csv") == 0)
			return "text/csv";
		if (strcasecmp(ext, "md") == 0 || strcasecmp(ext, "markdown") == 0)
			return "text/markdown";
		return "text/plain";
	}
	case ATT_DOCX: return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
	case ATT_XLSX: return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	case ATT_PPTX: return "application/vnd.openxmlformats-officedocument.presentationml.presentation";
	case ATT_ODT: return "application/vnd.oasis.opendocument.text";
	case ATT_ODS: return "application/vnd.oasis.opendocument.spreadsheet";
	case ATT_ODP: return "application/vnd.oasis.opendocument.presentation";
	case ATT_ZIP: return "application/zip";
	}
	return "";
}

/* The extensions a type's file may keep (the first is added when it has none of them). */
static const struct {
	const char *mime;
	const char *exts[4];
} type_exts[] = {
	{ "image/jpeg", { "jpg", "jpeg" } },
	{ "image/png", { "png" } },
	{ "image/webp", { "webp" } },
	{ "image/gif", { "gif" } },
	{ "application/pdf", { "pdf" } },
	{ "text/csv", { "csv" } },
	{ "text/markdown", { "md", "markdown" } },
	{ "text/plain", { "txt", "text", "log" } },
	{ "application/vnd.openxmlformats-officedocument.wordprocessingml.document", { "docx" } },
	{ "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", { "xlsx" } },
	{ "application/vnd.openxmlformats-officedocument.presentationml.presentation", { "pptx" } },
	{ "application/vnd.oasis.opendocument.text", { "odt" } },
	{ "application/vnd.oasis.opendocument.spreadsheet", { "ods" } },
	{ "application/vnd.oasis.opendocument.presentation", { "odp" } },
	{ "application/zip", { "zip" } },
};

/* Extensions that name some other type: replaced rather than kept in front
 * of the right one ("photo.gif" re-encoded as PNG is "photo.png", not
 * "photo.gif.png"; "page.html" that is text is "page.txt"). */
static bool known_extension(const char *ext)
{
	static const char *const others[] = { "html", "htm", "xhtml", "svg", "svgz", "xml", "js", "mjs", "exe",
	                                      "bat", "cmd", "com", "scr", "msi", "dll", "ps1", "vbs", "sh",
	                                      "jar", "apk", "tif", "tiff", "bmp", "heic", "avif", "doc", "xls",
	                                      "ppt", "docm", "xlsm", "pptm", "rtf", "json" };
	for (size_t i = 0; i < ARRAY_LEN(type_exts); i++)
		for (size_t k = 0; k < ARRAY_LEN(type_exts[i].exts) && type_exts[i].exts[k]; k++)
			if (strcasecmp(ext, type_exts[i].exts[k]) == 0)
				return true;
	for (size_t i = 0; i < ARRAY_LEN(others); i++)
		if (strcasecmp(ext, others[i]) == 0)
			return true;
	return false;
}

/* One code point at s (valid UTF-8), its length into *n. */
static uint32_t decode(const unsigned char *s, size_t *n)
{
	if (s[0] < 0x80) {
		*n = 1;
		return s[0];
	}
	if (s[0] < 0xe0) {
		*n = 2;
		return (uint32_t)(s[0] & 0x1f) << 6 | (s[1] & 0x3f);
	}
	if (s[0] < 0xf0) {
		*n = 3;
		return (uint32_t)(s[0] & 0x0f) << 12 | (uint32_t)(s[1] & 0x3f) << 6 | (s[2] & 0x3f);
	}
	*n = 4;
	return (uint32_t)(s[0] & 0x07) << 18 | (uint32_t)(s[1] & 0x3f) << 12 | (uint32_t)(s[2] & 0x3f) << 6 |
	       (s[3] & 0x3f);
}

/* Controls, and the invisible characters that make "exe.pdf" look like
 * "fdp.exe" (bidi overrides) or hide themselves (zero-width, BOM). */
static bool unwanted(uint32_t c)
{
	return c < 0x20 || (c >= 0x7f && c < 0xa0) || (c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) ||
	       (c >= 0x2066 && c <= 0x2069) || c == 0xfeff || c == '"' || c == '/' || c == '\\';
}

const char *attachment_display_name(struct pool *p, const char *raw, const char *mime)
{
	const char *want = NULL, *keep[4] = { 0 };
	for (size_t i = 0; i < ARRAY_LEN(type_exts); i++)
		if (strcmp(type_exts[i].mime, mime) == 0) {
			want = type_exts[i].exts[0];
			memcpy(keep, type_exts[i].exts, sizeof(keep));
		}
	if (!raw || !utf8_valid(raw, strlen(raw)))
		raw = "";
	/* no path: what follows the last / or \ */
	for (const char *s = raw; *s; s++)
		if (*s == '/' || *s == '\\')
			raw = s + 1;
	/* the wanted characters, at most ATTACHMENT_NAME_MAX of them */
	struct strbuf sb = STRBUF_INIT;
	size_t count = 0;
	for (const unsigned char *s = (const unsigned char *)raw; *s && count < 4 * ATTACHMENT_NAME_MAX;) {
		size_t n;
		uint32_t c = decode(s, &n);
		if (!unwanted(c)) {
			(void)strbuf_add(&sb, (const char *)s, n);
			count++;
		}
		s += n;
	}
	/* no leading dots (hidden files, "..") or spaces; no trailing ones */
	size_t start = 0;
	while (start < sb.len && (sb.buf[start] == '.' || sb.buf[start] == ' '))
		start++;
	size_t end = sb.len;
	while (end > start && (sb.buf[end - 1] == '.' || sb.buf[end - 1] == ' '))
		end--;
	char *name = pool_strndup(p, sb.buf ? sb.buf + start : "", end - start);
	strbuf_release(&sb);

	const char *ext = extension(name);
	bool fits = false;
	for (size_t k = 0; k < ARRAY_LEN(keep) && keep[k]; k++)
		fits |= strcasecmp(ext, keep[k]) == 0;
	char *base = name;
	if (!fits && *ext && known_extension(ext))
		base[ext - 1 - name] = '\0';
	if (fits)
		want = NULL; /* the name's own extension stays, as written */
	/* bound the base so that base + "." + extension fits */
	size_t budget = ATTACHMENT_NAME_MAX - (want ? strlen(want) + 1 : 0);
	size_t cps = 0, cut = 0;
	if (fits) {
		size_t ext_cps = utf8_length(ext, strlen(ext)) + 1;
		budget = ext_cps < ATTACHMENT_NAME_MAX ? ATTACHMENT_NAME_MAX - ext_cps : 0;
		base[ext - 1 - name] = '\0';
	}
	while (base[cut] && cps < budget) {
		size_t n;
		(void)decode((const unsigned char *)base + cut, &n);
		cut += n;
		cps++;
	}
	base[cut] = '\0';
	while (cut > 0 && (base[cut - 1] == ' ' || base[cut - 1] == '.'))
		base[--cut] = '\0';
	const char *stem = *base ? base : strncmp(mime, "image/", 6) == 0 ? "image" : "file";
	if (fits)
		return pool_printf(p, "%s.%s", stem, ext);
	return want ? pool_printf(p, "%s.%s", stem, want) : pool_strdup(p, stem);
}

const char *attachment_problem_message(enum attachment_problem why)
{
	switch (why) {
	case ATT_FINE: return "";
	case ATT_EMPTY: return N_("The file is empty.");
	case ATT_TOO_LARGE: return N_("The file is larger than 10 MB. Attach a smaller file.");
	case ATT_WRONG_TYPE:
		return N_("This type of file cannot be attached. Attach images (JPEG, PNG, WebP, GIF), PDF, text, CSV or Markdown, Office or OpenDocument files, or a ZIP archive.");
	case ATT_MARKUP: return N_("Web pages, SVG and XML files cannot be attached: they could run code in a colleague's browser. Attach a PDF or a screenshot instead.");
	case ATT_PROGRAM: return N_("Programs cannot be attached.");
	case ATT_TOO_MANY_PIXELS: return N_("The image has too many pixels (more than 40 megapixels). Attach a smaller image.");
	case ATT_DAMAGED: return N_("The file could not be read: it is damaged or incomplete.");
	case ATT_TOO_MANY_PENDING:
		return N_("You have uploaded many files that are not in a post yet. Post them, or try again tomorrow.");
	case ATT_STORAGE: return N_("The file could not be saved. Please try again later.");
	}
	return "";
}

bool attachment_is_image(const struct attachment *a)
{
	return strncmp(a->mime, "image/", 6) == 0;
}

const char *attachment_url(struct pool *p, const struct attachment *a)
{
	struct strbuf sb = STRBUF_INIT;
	(void)strbuf_addf(&sb, "/files/%lld/", (long long)a->id);
	(void)strbuf_add_urlencoded(&sb, a->name, strlen(a->name));
	const char *url = pool_strdup(p, sb.buf);
	strbuf_release(&sb);
	return url;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The value of parameter `key` (lower case, with "=") in a header, or NULL;
 * *len its length up to the next ';' (or the closing quote: *quoted). */
static const char *param(const char *h, const char *key, size_t *len, bool *quoted)
{
	size_t n = strlen(key);
	for (const char *s = h; *s; s++) {
		if (strncasecmp(s, key, n) != 0 || (s != h && s[-1] != ';' && s[-1] != ' ' && s[-1] != '\t'))
			continue;
		const char *v = s + n;
		*quoted = *v == '"';
		if (*quoted) {
			const char *e = ++v;
			while (*e && *e != '"')
				e += e[0] == '\\' && e[1] ? 2 : 1;
			*len = (size_t)(e - v);
		} else {
			*len = strcspn(v, "; \t");
		}
		return v;
	}
	return NULL;
}

const char *attachment_disposition_name(struct pool *p, const char *header)
{
	size_t len;
	bool quoted;
	if (!header || strlen(header) > 4096)
		return NULL;
	/* RFC 6266/8187: filename*=UTF-8''percent-encoded wins over filename= */
	const char *v = param(header, "filename*=", &len, &quoted);
	if (v && !quoted && len > 7 && strncasecmp(v, "UTF-8''", 7) == 0) {
		char *out = pool_alloc(p, len + 1), *o = out;
		for (size_t i = 7; i < len; i++) {
			int hi, lo;
			if (v[i] == '%' && i + 2 < len && (hi = hexval((unsigned char)v[i + 1])) >= 0 &&
			    (lo = hexval((unsigned char)v[i + 2])) >= 0) {
				*o++ = (char)(hi << 4 | lo);
				i += 2;
			} else {
				*o++ = v[i];
			}
		}
		*o = '\0';
		if (strlen(out) == (size_t)(o - out) && utf8_valid(out, strlen(out)))
			return out;
	}
	v = param(header, "filename=", &len, &quoted);
	if (!v)
		return NULL;
	char *out = pool_alloc(p, len + 1), *o = out;
	for (size_t i = 0; i < len; i++) {
		if (quoted && v[i] == '\\' && i + 1 < len)
			i++;
		*o++ = v[i];
	}
	*o = '\0';
	return utf8_valid(out, (size_t)(o - out)) && strlen(out) == (size_t)(o - out) ? out : NULL;
}
