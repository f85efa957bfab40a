/* test_attachments.c — attachments: the type comes from the bytes (images,
 * PDF, UTF-8 text, Office and OpenDocument by their ZIP entries, plain ZIP);
 * HTML, SVG, XML, programs, markup hidden in text or PDF, broken archives and
 * unknown binaries are refused; display names lose paths, controls and bidi
 * tricks and get an extension matching the type; images are re-encoded
 * without metadata (EXIF/XMP gone, turned upright, ≤ 2048 px, PNG only when
 * transparent); claims take only the owner's unclaimed uploads within the
 * per-post limits; who may fetch what; the sweep. */
#include "unit.h"
#include "core/attachments.h"
#include "core/attachments_image.h"
#include "core/people.h"
#include "core/photo.h"
#include "lib/strbuf.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <vips/vips.h>

static char data_dir[64], db_dir[64], db_path[128];
static struct db *db;
static struct pool *pool;
static int64_t alice, bob;

static int64_t add_person(const char *email, const char *role)
{
	assert_int_equal(db_exec(db, "INSERT INTO people(email, name, role, created_at, updated_at) VALUES (?, ?, ?, 1, 1)",
	                         "sss", email, email, role), 0);
	return db_last_insert_id(db);
}

static int setup(void **state)
{
	char err[256];
	snprintf(data_dir, sizeof(data_dir), "/tmp/plein-att-XXXXXX");
	if (!mkdtemp(data_dir) || photo_init(NULL, err, sizeof(err)) || attachments_init(data_dir, err, sizeof(err)))
		return -1;
	if (unit_store_open("attdb", db_dir, db_path, &db, &pool))
		return -1;
	alice = add_person("alice@example.org", "member");
	bob = add_person("bob@example.org", "member");
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];
	unit_store_close(db_dir, db_path, db, pool);
	photo_shutdown();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", data_dir);
	return system(cmd) == 0 ? 0 : -1;
}

static enum attachment_kind detect_str(const char *s, enum attachment_problem *why)
{
	return attachment_detect(s, strlen(s), why);
}

/* A ZIP of stored (uncompressed) entries, written here byte by byte. */
static void zip_add16(struct strbuf *sb, unsigned v)
{
	(void)strbuf_addch(sb, (char)(v & 0xff));
	(void)strbuf_addch(sb, (char)(v >> 8));
}
static void zip_add32(struct strbuf *sb, uint32_t v)
{
	zip_add16(sb, v & 0xffff);
	zip_add16(sb, v >> 16);
}
static void make_zip(struct strbuf *sb, const char *const *names, const char *const *contents, size_t n)
{
	size_t offsets[16];
	for (size_t i = 0; i < n; i++) {
		offsets[i] = sb->len;
		size_t len = strlen(contents[i]), nl = strlen(names[i]);
		(void)strbuf_add(sb, "PK\x03\x04", 4);
		zip_add16(sb, 10); zip_add16(sb, 0); zip_add16(sb, 0); /* version, flags, stored */
		zip_add16(sb, 0); zip_add16(sb, 0); zip_add32(sb, 0);  /* time, date, crc (unchecked) */
		zip_add32(sb, (uint32_t)len); zip_add32(sb, (uint32_t)len);
		zip_add16(sb, (unsigned)nl); zip_add16(sb, 0);
		(void)strbuf_add(sb, names[i], nl);
		(void)strbuf_add(sb, contents[i], len);
	}
	size_t cd = sb->len;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(contents[i]), nl = strlen(names[i]);
		(void)strbuf_add(sb, "PK\x01\x02", 4);
		zip_add16(sb, 20); zip_add16(sb, 10); zip_add16(sb, 0); zip_add16(sb, 0);
		zip_add16(sb, 0); zip_add16(sb, 0); zip_add32(sb, 0);
		zip_add32(sb, (uint32_t)len); zip_add32(sb, (uint32_t)len);
		zip_add16(sb, (unsigned)nl); zip_add16(sb, 0); zip_add16(sb, 0); zip_add16(sb, 0); zip_add16(sb, 0);
		zip_add32(sb, 0); zip_add32(sb, (uint32_t)offsets[i]);
		(void)strbuf_add(sb, names[i], nl);
	}
	size_t cd_len = sb->len - cd;
	(void)strbuf_add(sb, "PK\x05\x06", 4);
	zip_add16(sb, 0); zip_add16(sb, 0); zip_add16(sb, (unsigned)n); zip_add16(sb, (unsigned)n);
	zip_add32(sb, (uint32_t)cd_len); zip_add32(sb, (uint32_t)cd); zip_add16(sb, 0);
}

static void test_detect_files(void **state)
{
	enum attachment_problem why;
	assert_int_equal(detect_str("%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", &why), ATT_PDF);
	assert_int_equal(detect_str("Hello, world.\r\nZoë — ünïcode ✓\n", &why), ATT_TEXT);
	assert_int_equal(detect_str("name,team\nAda,R&D\n", &why), ATT_TEXT);
	assert_string_equal(attachment_kind_mime(ATT_TEXT, "people.CSV"), "text/csv");
	assert_string_equal(attachment_kind_mime(ATT_TEXT, "notes.md"), "text/markdown");
	assert_string_equal(attachment_kind_mime(ATT_TEXT, "notes.html"), "text/plain");
	/* Markdown with an inline tag further on is still text */
	assert_int_equal(detect_str("# Title\n\nUse <kbd>Ctrl</kbd> here.\n", &why), ATT_TEXT);

	const char *docx[] = { "[Content_Types].xml", "_rels/.rels", "word/document.xml" };
	const char *docx_c[] = { "<Types/>", "<Relationships/>", "<w:document/>" };
	struct strbuf sb = STRBUF_INIT;
	make_zip(&sb, docx, docx_c, 3);
	assert_int_equal(attachment_detect(sb.buf, sb.len, &why), ATT_DOCX);
	strbuf_reset(&sb);
	const char *xlsx[] = { "[Content_Types].xml", "xl/workbook.xml" };
	make_zip(&sb, xlsx, docx_c, 2);
	assert_int_equal(attachment_detect(sb.buf, sb.len, &why), ATT_XLSX);
	strbuf_reset(&sb);
	const char *docm[] = { "[Content_Types].xml", "word/document.xml", "word/vbaProject.bin" };
	make_zip(&sb, docm, docx_c, 3);
	assert_int_equal(attachment_detect(sb.buf, sb.len, &why), ATT_ZIP); /* macros: only a download */
	strbuf_reset(&sb);
	const char *odt[] = { "mimetype", "content.xml" };
	const char *odt_c[] = { "application/vnd.oasis.opendocument.text", "<office:document-content/>" };
	make_zip(&sb, odt, odt_c, 2);
	assert_int_equal(attachment_detect(sb.buf, sb.len, &why), ATT_ODT);
	strbuf_reset(&sb);
	const char *plain[] = { "readme.txt" };
	make_zip(&sb, plain, plain, 1);
	assert_int_equal(attachment_detect(sb.buf, sb.len, &why), ATT_ZIP);
	/* the central directory cut off: damaged */
	assert_int_equal(attachment_detect(sb.buf, sb.len - 10, &why), ATT_NONE);
	assert_int_equal(why, ATT_DAMAGED);
	strbuf_release(&sb);
}

static void test_detect_refused(void **state)
{
	enum attachment_problem why;
	static const char *const markup[] = {
		"<!DOCTYPE html><html><script>alert(1)</script></html>",
		"  \n<html><body>hi</body></html>",
		"\xef\xbb\xbf<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
		"<?xml version='1.0'?><svg/>",
		"<!-- a comment --> text",
		"Just text, but then <SCRIPT>alert(1)</SCRIPT>",
		"%PDF-1.4\n<html><script>alert(document.cookie)</script>",
	};
	for (size_t i = 0; i < ARRAY_LEN(markup); i++) {
		assert_int_equal(detect_str(markup[i], &why), ATT_NONE);
		assert_int_equal(why, ATT_MARKUP);
	}
	static const char mz[] = "MZ\x90\0\3\0\0\0\4\0\0\0\xff\xff\0\0This program cannot be run in DOS mode";
	assert_int_equal(attachment_detect(mz, sizeof(mz) - 1, &why), ATT_NONE);
	assert_int_equal(why, ATT_PROGRAM);
	assert_int_equal(detect_str("\x7f" "ELF\2\1\1", &why), ATT_NONE);
	assert_int_equal(why, ATT_PROGRAM);
	static const char bin[] = { 0x00, 0x01, 0x02, 0x03, (char)0xfe, 0x00 };
	assert_int_equal(attachment_detect(bin, sizeof(bin), &why), ATT_NONE);
	assert_int_equal(why, ATT_WRONG_TYPE);
	assert_int_equal(detect_str("latin-1 caf\xe9", &why), ATT_NONE); /* not UTF-8 */
	assert_int_equal(why, ATT_WRONG_TYPE);
	assert_int_equal(detect_str("text with \x1b[31m escapes", &why), ATT_NONE);
	assert_int_equal(attachment_detect("", 0, &why), ATT_NONE);
	assert_int_equal(why, ATT_EMPTY);
	assert_int_equal(detect_str("PK\x03\x04 not really a zip", &why), ATT_NONE);
	assert_int_equal(why, ATT_DAMAGED);
	/* one byte over 10 MB: refused before anything is looked at */
	char *big = calloc(1, ATTACHMENT_MAX_BYTES + 1);
	memcpy(big, "%PDF-1.7", 8);
	assert_int_equal(attachment_detect(big, ATTACHMENT_MAX_BYTES + 1, &why), ATT_NONE);
	assert_int_equal(why, ATT_TOO_LARGE);
	assert_int_equal(attachment_detect(big, ATTACHMENT_MAX_BYTES, &why), ATT_PDF);
	free(big);
}

static void test_names(void **state)
{
	struct pool *p = pool_new();
	assert_string_equal(attachment_display_name(p, "C:\\Users\\ada\\report.pdf", "application/pdf"), "report.pdf");
	assert_string_equal(attachment_display_name(p, "../../etc/passwd", "text/plain"), "passwd.txt");
	assert_string_equal(attachment_display_name(p, "invoice\xe2\x80\xaegpj.exe", "application/pdf"), "invoicegpj.pdf");
	assert_string_equal(attachment_display_name(p, "page.html", "text/plain"), "page.txt");
	assert_string_equal(attachment_display_name(p, "anim.gif", "image/png"), "anim.png");
	assert_string_equal(attachment_display_name(p, "Photo.JPEG", "image/jpeg"), "Photo.JPEG");
	assert_string_equal(attachment_display_name(p, "Q3.2024", "application/pdf"), "Q3.2024.pdf");
	assert_string_equal(attachment_display_name(p, "a\"b\tc\n.csv", "text/csv"), "abc.csv");
	assert_string_equal(attachment_display_name(p, "", "image/jpeg"), "image.jpg");
	assert_string_equal(attachment_display_name(p, NULL, "application/zip"), "file.zip");
	assert_string_equal(attachment_display_name(p, "...", "application/pdf"), "file.pdf");
	assert_string_equal(attachment_display_name(p, "bad \xff utf8.txt", "text/plain"), "file.txt");
	char longname[400];
	memset(longname, 'x', 300);
	memcpy(longname + 300, ".docx", 6);
	const char *n = attachment_display_name(p, longname,
	                                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
	assert_int_equal(strlen(n), ATTACHMENT_NAME_MAX);
	assert_string_equal(n + strlen(n) - 5, ".docx");
	assert_string_equal(attachment_disposition_name(p, "attachment; filename=\"a \\\"b\\\".pdf\""), "a \"b\".pdf");
	assert_string_equal(attachment_disposition_name(p, "attachment; filename=x.pdf; filename*=UTF-8''caf%C3%A9.pdf"),
	                    "café.pdf");
	assert_null(attachment_disposition_name(p, "attachment"));
	pool_free(p);
}

/* w×h sRGB, top half white, bottom half black */
static VipsImage *halves(int w, int h)
{
	VipsImage *xyz, *y, *mask, *rgb, *out;
	assert_int_equal(vips_xyz(&xyz, w, h, NULL), 0);
	assert_int_equal(vips_extract_band(xyz, &y, 1, NULL), 0);
	assert_int_equal(vips_less_const1(y, &mask, h / 2.0, NULL), 0);
	VipsImage *bands[3] = { mask, mask, mask };
	assert_int_equal(vips_bandjoin(bands, &rgb, 3, NULL), 0);
	assert_int_equal(vips_copy(rgb, &out, "interpretation", VIPS_INTERPRETATION_sRGB, NULL), 0);
	g_object_unref(xyz);
	g_object_unref(y);
	g_object_unref(mask);
	g_object_unref(rgb);
	return out;
}

static bool contains(const void *hay, size_t len, const char *needle)
{
	return memmem(hay, len, needle, strlen(needle)) != NULL;
}

static void test_images_reencoded(void **state)
{
	/* a JPEG with EXIF (orientation 6 and a camera make), XMP and a comment */
	VipsImage *img = halves(3000, 1000), *c;
	assert_int_equal(vips_copy(img, &c, NULL), 0);
	vips_image_set_int(c, VIPS_META_ORIENTATION, 6);
	vips_image_set_string(c, "exif-ifd0-Make", "SecretCam");
	static const char xmp[] = "<x:xmpmeta xmlns:x='adobe:ns:meta/'>secret-location</x:xmpmeta>";
	vips_image_set_blob_copy(c, VIPS_META_XMP_NAME, xmp, sizeof(xmp) - 1);
	void *buf;
	size_t len;
	assert_int_equal(vips_jpegsave_buffer(c, &buf, &len, "Q", 90, NULL), 0);
	assert_true(contains(buf, len, "secret-location"));
	assert_true(contains(buf, len, "Exif"));
	struct attachment *a;
	enum attachment_problem why;
	assert_int_equal(attachments_store(db, pool, alice, "IMG_0001.JPG", buf, len, &a, &why), PLEIN_OK);
	g_free(buf);
	g_object_unref(c);
	g_object_unref(img);
	assert_string_equal(a->mime, "image/jpeg");
	assert_string_equal(a->name, "IMG_0001.JPG");
	/* turned upright (orientation 6: 3000×1000 is shown 1000×3000), then ≤ 2048 */
	assert_int_equal(a->width, 683);
	assert_int_equal(a->height, 2048);
	char *path = attachments_file_path(a->key);
	assert_non_null(path);
	FILE *f = fopen(path, "rb");
	free(path);
	assert_non_null(f);
	static char out[4 << 20];
	size_t n = fread(out, 1, sizeof(out), f);
	fclose(f);
	assert_int_equal((int64_t)n, a->size);
	assert_false(contains(out, n, "secret-location"));
	assert_false(contains(out, n, "Exif"));
	assert_false(contains(out, n, "SecretCam"));
	assert_int_equal((unsigned char)out[0], 0xff);
	assert_int_equal((unsigned char)out[1], 0xd8);

	/* PNG with real transparency stays PNG; opaque alpha becomes JPEG */
	VipsImage *rgb = halves(64, 64), *alpha, *rgba;
	assert_int_equal(vips_bandjoin_const1(rgb, &rgba, 0, NULL), 0); /* alpha 0 everywhere */
	assert_int_equal(vips_pngsave_buffer(rgba, &buf, &len, NULL), 0);
	assert_int_equal(attachments_store(db, pool, alice, "logo.png", buf, len, &a, &why), PLEIN_OK);
	assert_string_equal(a->mime, "image/png");
	g_free(buf);
	g_object_unref(rgba);
	assert_int_equal(vips_bandjoin_const1(rgb, &alpha, 255, NULL), 0);
	assert_int_equal(vips_pngsave_buffer(alpha, &buf, &len, NULL), 0);
	assert_int_equal(attachments_store(db, pool, alice, "opaque.png", buf, len, &a, &why), PLEIN_OK);
	assert_string_equal(a->mime, "image/jpeg");
	assert_string_equal(a->name, "opaque.jpg");
	g_free(buf);
	g_object_unref(alpha);

	/* a GIF: its first frame */
	assert_int_equal(vips_gifsave_buffer(rgb, &buf, &len, NULL), 0);
	assert_int_equal(attachments_store(db, pool, alice, "anim.gif", buf, len, &a, &why), PLEIN_OK);
	assert_int_equal(a->width, 64);
	g_free(buf);

	/* truncated JPEG: refused as damaged, nothing stored */
	assert_int_equal(vips_jpegsave_buffer(rgb, &buf, &len, NULL), 0);
	assert_int_equal(attachments_store(db, pool, alice, "cut.jpg", buf, len / 2, &a, &why), PLEIN_INVALID);
	assert_int_equal(why, ATT_DAMAGED);
	/* a JPEG header followed by a web page: decoding fails */
	static const char poly[] = "\xff\xd8\xff\xe0<html><script>alert(1)</script></html>";
	assert_int_equal(attachments_store(db, pool, alice, "x.jpg", poly, sizeof(poly) - 1, &a, &why), PLEIN_INVALID);
	assert_int_equal(why, ATT_DAMAGED);
	g_free(buf);
	g_object_unref(rgb);
}

static int64_t store_text(int64_t owner, const char *text)
{
	struct attachment *a;
	enum attachment_problem why;
	assert_int_equal(attachments_store(db, pool, owner, "notes.txt", text, strlen(text), &a, &why), PLEIN_OK);
	return a->id;
}

static int64_t add_post(int64_t author, const char *visibility)
{
	assert_int_equal(db_exec(db, "INSERT INTO posts(author_id, visibility, body, body_html, created_at) VALUES (?, ?, 'x', 'x', 1)",
	                         "is", author, visibility), 0);
	return db_last_insert_id(db);
}

static void test_claim(void **state)
{
	const char *msg;
	int64_t a1 = store_text(alice, "one"), a2 = store_text(alice, "two"), b1 = store_text(bob, "bob's");
	int64_t post = add_post(alice, "organisation");
	/* someone else's upload, or the same one twice: refused, nothing claimed */
	int64_t mixed[] = { a1, b1 };
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(attachments_claim(db, alice, mixed, 2, post, 0, &msg), PLEIN_INVALID);
	assert_non_null(msg);
	int64_t twice[] = { a1, a1 };
	assert_int_equal(attachments_claim(db, alice, twice, 2, post, 0, &msg), PLEIN_INVALID);
	int64_t mine[] = { a1, a2 };
	assert_int_equal(attachments_claim(db, alice, mine, 2, post, 0, &msg), PLEIN_OK);
	assert_int_equal(db_commit(db), 0);
	/* already claimed: not again, not for a comment either */
	assert_int_equal(attachments_claim(db, alice, &a1, 1, add_post(alice, "public"), 0, &msg), PLEIN_INVALID);
	struct attachment *v;
	size_t n;
	assert_int_equal(attachments_for_posts(db, pool, &post, 1, &v, &n), PLEIN_OK);
	assert_int_equal(n, 2);
	assert_int_equal(v[0].id, a1);
	assert_int_equal(v[1].post_id, post);

	/* the per-post limits: 10 files, 25 MB */
	int64_t ids[11];
	char text[32];
	for (int i = 0; i < 11; i++) {
		snprintf(text, sizeof(text), "file %d", i);
		ids[i] = store_text(bob, text);
	}
	int64_t p2 = add_post(bob, "organisation");
	assert_int_equal(attachments_claim(db, bob, ids, 11, p2, 0, &msg), PLEIN_INVALID);
	assert_string_equal(msg, "At most 10 files can be attached to one post or comment.");
	assert_int_equal(db_exec(db, "UPDATE attachments SET size = 14000000 WHERE id IN (?, ?)", "ii", ids[0], ids[1]), 0);
	assert_int_equal(attachments_claim(db, bob, ids, 2, p2, 0, &msg), PLEIN_INVALID);
	assert_string_equal(msg, "The attached files are larger than 25 MB together. Attach fewer or smaller files.");
	assert_int_equal(attachments_claim(db, bob, ids + 1, 9, p2, 0, &msg), PLEIN_OK);
	/* later claims (an edit) count the ones there: a 10th fits, an 11th not */
	assert_int_equal(attachments_claim(db, bob, ids + 10, 1, p2, 0, &msg), PLEIN_OK);
	assert_int_equal(db_exec(db, "UPDATE attachments SET size = 1 WHERE id = ?", "i", ids[0]), 0);
	assert_int_equal(attachments_claim(db, bob, ids, 1, p2, 0, &msg), PLEIN_INVALID);
	/* pending uploads per person are bounded */
	int64_t pending = 0;
	assert_int_equal(db_query_int(db, &pending, "SELECT count(*) FROM attachments WHERE owner_id = ? AND post_id IS NULL", "i", bob), 0);
	assert_int_equal(pending, 2); /* b1, ids[0] */
}

static void test_may_see(void **state)
{
	struct person *pa, *pb;
	assert_int_equal(people_get(db, pool, alice, &pa), 0);
	assert_int_equal(people_get(db, pool, bob, &pb), 0);
	const char *msg;
	int64_t up = store_text(alice, "unclaimed"), org = store_text(alice, "org"), pub = store_text(alice, "pub");
	struct attachment *a;
	assert_int_equal(attachments_get(db, pool, up, &a), 0);
	assert_true(attachments_may_see(db, pool, pa, a));
	assert_false(attachments_may_see(db, pool, pb, a));
	assert_false(attachments_may_see(db, pool, NULL, a));
	int64_t po = add_post(alice, "organisation"), pp = add_post(alice, "public");
	assert_int_equal(attachments_claim(db, alice, &org, 1, po, 0, &msg), 0);
	assert_int_equal(attachments_claim(db, alice, &pub, 1, pp, 0, &msg), 0);
	assert_int_equal(attachments_get(db, pool, org, &a), 0);
	assert_true(attachments_may_see(db, pool, pb, a));
	assert_false(attachments_may_see(db, pool, NULL, a));
	assert_int_equal(attachments_get(db, pool, pub, &a), 0);
	assert_true(attachments_may_see(db, pool, NULL, a));
	/* deleted post: no one */
	assert_int_equal(db_exec(db, "UPDATE posts SET deleted_at = 5 WHERE id = ?", "i", pp), 0);
	assert_false(attachments_may_see(db, pool, pa, a));
	/* a comment's attachment follows its post and the comment */
	int64_t ca = store_text(bob, "on a comment");
	assert_int_equal(db_exec(db, "INSERT INTO comments(post_id, author_id, body, body_html, created_at) VALUES (?, ?, 'c', 'c', 1)",
	                         "ii", po, bob), 0);
	int64_t cid = db_last_insert_id(db);
	assert_int_equal(attachments_claim(db, bob, &ca, 1, 0, cid, &msg), 0);
	assert_int_equal(attachments_get(db, pool, ca, &a), 0);
	assert_int_equal(a->comment_id, cid);
	assert_true(attachments_may_see(db, pool, pa, a));
	assert_false(attachments_may_see(db, pool, NULL, a));
	struct attachment *v;
	size_t n;
	assert_int_equal(attachments_for_comments(db, pool, &cid, 1, &v, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(attachments_for_posts(db, pool, &po, 1, &v, &n), 0);
	assert_int_equal(n, 1); /* the post's own, not its comments' */
}

static void test_sweep(void **state)
{
	int64_t old = store_text(alice, "expired upload"), fresh = store_text(alice, "fresh upload");
	struct attachment *a_old, *a_fresh;
	assert_int_equal(attachments_get(db, pool, old, &a_old), 0);
	assert_int_equal(attachments_get(db, pool, fresh, &a_fresh), 0);
	int64_t now = (int64_t)time(NULL);
	assert_int_equal(db_exec(db, "UPDATE attachments SET created_at = ? WHERE id = ?", "ii",
	                         now - ATTACHMENT_UNCLAIMED_SECONDS - 1, old), 0);
	/* an article draft's cover is unclaimed as long as it is a draft: it stays (core/articles.c) */
	int64_t cover = store_text(alice, "a draft's cover");
	assert_int_equal(db_exec(db, "UPDATE attachments SET created_at = ? WHERE id = ?", "ii",
	                         now - ATTACHMENT_UNCLAIMED_SECONDS - 1, cover), 0);
	assert_int_equal(db_exec(db, "INSERT INTO article_drafts(author_id, title, cover_attachment_id, created_at, updated_at) "
	                             "VALUES (?, 'Draft', ?, ?, ?)", "iiii", alice, cover, now, now), 0);
	char *path = attachments_file_path(a_old->key);
	struct timespec ts[2] = { { now - 2 * ATTACHMENT_SWEEP_GRACE, 0 }, { now - 2 * ATTACHMENT_SWEEP_GRACE, 0 } };
	assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
	int64_t rows, files;
	assert_int_equal(attachments_sweep(db, now, &rows, &files), 0);
	assert_true(rows >= 2); /* the expired one, and the one of the post deleted in test_may_see */
	assert_true(files >= 1);
	struct attachment *x;
	assert_int_equal(attachments_get(db, pool, old, &x), PLEIN_NOTFOUND);
	assert_int_equal(attachments_get(db, pool, fresh, &x), 0);
	assert_int_equal(attachments_get(db, pool, cover, &x), 0);
	struct stat st;
	assert_int_not_equal(stat(path, &st), 0);
	free(path);
	path = attachments_file_path(a_fresh->key);
	assert_int_equal(stat(path, &st), 0); /* young: stays */
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_detect_files),
		cmocka_unit_test(test_detect_refused),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_images_reencoded),
		cmocka_unit_test(test_claim),
		cmocka_unit_test(test_may_see),
		cmocka_unit_test(test_sweep),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
