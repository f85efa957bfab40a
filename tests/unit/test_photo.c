/* test_photo.c — profile photos: images made here with libvips (JPEG with
 * EXIF orientation, XMP and an ICC profile; PNG with alpha; WebP) come out as
 * 512 and 96 px squares, upright, without metadata, named by their content
 * and stored atomically; every bad upload (empty, 1 byte, truncated JPEG and
 * PNG, GIF, SVG, text, a 30000×30000 PNG header, > 10 MB) is refused with
 * its own reason. */
#include "unit.h"
#include "core/photo.h"
#include <sodium.h>
#include <sys/stat.h>
#include <vips/vips.h>

static char data_dir[64];

static int setup(void **state)
{
	char err[256];
	snprintf(data_dir, sizeof(data_dir), "/tmp/plein-photo-XXXXXX");
	if (!mkdtemp(data_dir) || photo_init(data_dir, err, sizeof(err))) {
		fprintf(stderr, "photo_init: %s\n", err);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];
	photo_shutdown();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", data_dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* w×h, sRGB: the top half white, the bottom half black, so that rotation
 * shows in the result. */
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

/* A JPEG with EXIF (orientation 6: shown turned 90° clockwise), XMP and an ICC profile. */
static void *jpeg_with_metadata(int w, int h, size_t *len)
{
	VipsImage *img = halves(w, h), *c;
	assert_int_equal(vips_copy(img, &c, NULL), 0);
	vips_image_set_int(c, VIPS_META_ORIENTATION, 6);
	static const char xmp[] = "<x:xmpmeta xmlns:x='adobe:ns:meta/'>secret-location</x:xmpmeta>";
	vips_image_set_blob_copy(c, VIPS_META_XMP_NAME, xmp, sizeof(xmp) - 1);
	VipsBlob *icc;
	assert_int_equal(vips_profile_load("srgb", &icc, NULL), 0);
	size_t icc_len;
	const void *icc_data = vips_blob_get(icc, &icc_len);
	vips_image_set_blob_copy(c, VIPS_META_ICC_NAME, icc_data, icc_len);
	vips_area_unref(VIPS_AREA(icc));
	void *buf;
	assert_int_equal(vips_jpegsave_buffer(c, &buf, len, "Q", 90, NULL), 0);
	g_object_unref(c);
	g_object_unref(img);
	return buf;
}

/* The markers of a JPEG's header segments, up to the image data. */
static size_t jpeg_markers(const unsigned char *d, size_t len, unsigned char *markers, size_t max)
{
	size_t n = 0, i = 2;
	assert_true(len > 4 && d[0] == 0xff && d[1] == 0xd8);
	while (i + 4 <= len && n < max) {
		assert_int_equal(d[i], 0xff);
		unsigned char m = d[i + 1];
		markers[n++] = m;
		if (m == 0xda) /* start of scan: entropy-coded data follows */
			break;
		i += 2 + ((size_t)d[i + 2] << 8 | d[i + 3]);
	}
	return n;
}

static bool has_marker(const unsigned char *d, size_t len, unsigned char want)
{
	unsigned char m[64];
	size_t n = jpeg_markers(d, len, m, sizeof(m));
	for (size_t i = 0; i < n; i++)
		if (m[i] == want)
			return true;
	return false;
}

static bool contains(const unsigned char *d, size_t len, const char *s)
{
	return memmem(d, len, s, strlen(s)) != NULL;
}

/* Only JFIF (APP0), tables, frame and scan: no APP1 (EXIF, XMP), APP2 (ICC),
 * APP13 (IPTC), any other APPn, or COM. */
static void assert_no_metadata(const unsigned char *d, size_t len)
{
	unsigned char m[64];
	size_t n = jpeg_markers(d, len, m, sizeof(m));
	for (size_t i = 0; i < n; i++) {
		bool app = m[i] >= 0xe1 && m[i] <= 0xef;
		if (app || m[i] == 0xfe)
			fail_msg("metadata marker 0xff%02x left in the output", m[i]);
	}
	assert_false(contains(d, len, "Exif"));
	assert_false(contains(d, len, "secret-location"));
	assert_false(contains(d, len, "ICC_PROFILE"));
	assert_false(contains(d, len, "http://ns.adobe.com"));
}

static VipsImage *decode(const unsigned char *d, size_t len)
{
	VipsImage *img;
	assert_int_equal(vips_jpegload_buffer((void *)d, len, &img, NULL), 0);
	return img;
}

static double pixel(VipsImage *img, int x, int y)
{
	double *v;
	int n;
	assert_int_equal(vips_getpoint(img, &v, &n, x, y, NULL), 0);
	double r = v[0];
	g_free(v);
	return r;
}

static void test_jpeg_upright_square_stripped(void **state)
{
	size_t len;
	unsigned char *in = jpeg_with_metadata(800, 400, &len);
	/* the input really carries what must go */
	assert_true(has_marker(in, len, 0xe1));
	assert_true(has_marker(in, len, 0xe2));
	assert_true(contains(in, len, "secret-location"));

	struct photo p;
	enum photo_problem why;
	assert_int_equal(photo_process(in, len, &p, &why), PLEIN_OK);
	assert_int_equal(why, PHOTO_FINE);
	assert_no_metadata(p.big, p.big_len);
	assert_no_metadata(p.small, p.small_len);

	VipsImage *big = decode(p.big, p.big_len), *small = decode(p.small, p.small_len);
	assert_int_equal(vips_image_get_width(big), 512);
	assert_int_equal(vips_image_get_height(big), 512);
	assert_int_equal(vips_image_get_width(small), 96);
	assert_int_equal(vips_image_get_height(small), 96);
	assert_int_equal(vips_image_get_bands(big), 3);
	assert_false(vips_image_get_typeof(big, VIPS_META_EXIF_NAME));
	assert_false(vips_image_get_typeof(big, VIPS_META_XMP_NAME));
	assert_false(vips_image_get_typeof(big, VIPS_META_ICC_NAME));
	/* orientation 6 turns the white top to the right-hand side */
	assert_true(pixel(big, 480, 256) > 200);
	assert_true(pixel(big, 30, 256) < 50);
	assert_true(pixel(small, 90, 48) > 200);
	assert_true(pixel(small, 5, 48) < 50);
	g_object_unref(big);
	g_object_unref(small);

	/* the key is the BLAKE2b-256 of the 512 px file, and stable */
	unsigned char h[32];
	char hex[65];
	crypto_generichash(h, sizeof(h), p.big, p.big_len, NULL, 0);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	assert_string_equal(p.key, hex);
	struct photo again;
	assert_int_equal(photo_process(in, len, &again, &why), PLEIN_OK);
	assert_string_equal(again.key, p.key);
	photo_release(&again);
	photo_release(&p);
	g_free(in);
}

static void test_png_alpha_and_webp(void **state)
{
	VipsImage *rgb = halves(300, 700), *alpha, *rgba;
	assert_int_equal(vips_black(&alpha, 300, 700, NULL), 0); /* fully transparent */
	VipsImage *b[2] = { rgb, alpha };
	VipsImage *a8;
	assert_int_equal(vips_cast_uchar(alpha, &a8, NULL), 0);
	b[1] = a8;
	assert_int_equal(vips_bandjoin(b, &rgba, 2, NULL), 0);
	void *png, *webp;
	size_t png_len, webp_len;
	assert_int_equal(vips_pngsave_buffer(rgba, &png, &png_len, NULL), 0);
	assert_int_equal(vips_webpsave_buffer(rgb, &webp, &webp_len, NULL), 0);

	struct photo p;
	enum photo_problem why;
	assert_int_equal(photo_process(png, png_len, &p, &why), PLEIN_OK);
	VipsImage *img = decode(p.big, p.big_len);
	assert_int_equal(vips_image_get_width(img), 512);
	assert_int_equal(vips_image_get_bands(img), 3);
	assert_true(pixel(img, 256, 256) > 240); /* transparent → white, not black */
	g_object_unref(img);
	assert_no_metadata(p.big, p.big_len);
	photo_release(&p);

	assert_int_equal(photo_process(webp, webp_len, &p, &why), PLEIN_OK);
	img = decode(p.small, p.small_len);
	assert_int_equal(vips_image_get_width(img), 96);
	assert_int_equal(vips_image_get_height(img), 96);
	/* no rotation: centre crop of a tall image keeps white above, black below */
	assert_true(pixel(img, 48, 5) > 200);
	assert_true(pixel(img, 48, 90) < 50);
	g_object_unref(img);
	photo_release(&p);

	g_free(png);
	g_free(webp);
	g_object_unref(rgb);
	g_object_unref(alpha);
	g_object_unref(a8);
	g_object_unref(rgba);
}

/* A 1×60000 strip: cropped at the source's size, not scaled up to 512×30 million first. */
static void test_extreme_aspect_ratio(void **state)
{
	VipsImage *img = halves(1, 60000);
	void *png;
	size_t len;
	assert_int_equal(vips_pngsave_buffer(img, &png, &len, NULL), 0);
	struct photo p;
	enum photo_problem why;
	assert_int_equal(photo_process(png, len, &p, &why), PLEIN_OK);
	VipsImage *out = decode(p.big, p.big_len);
	assert_int_equal(vips_image_get_width(out), 512);
	assert_int_equal(vips_image_get_height(out), 512);
	g_object_unref(out);
	photo_release(&p);
	g_free(png);
	g_object_unref(img);
}

static void expect_refused(const void *data, size_t len, enum photo_problem want)
{
	struct photo p;
	enum photo_problem why = PHOTO_FINE;
	assert_int_not_equal(photo_process(data, len, &p, &why), PLEIN_OK);
	assert_int_equal(why, want);
	assert_null(p.big);
	assert_null(p.small);
	assert_string_not_equal(photo_problem_message(why), "");
}

static uint32_t crc32_of(const unsigned char *d, size_t len)
{
	uint32_t c = 0xffffffffu;
	for (size_t i = 0; i < len; i++) {
		c ^= d[i];
		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
	}
	return ~c;
}

static size_t png_chunk(unsigned char *out, const char *type, const unsigned char *data, uint32_t len)
{
	out[0] = (unsigned char)(len >> 24);
	out[1] = (unsigned char)(len >> 16);
	out[2] = (unsigned char)(len >> 8);
	out[3] = (unsigned char)len;
	memcpy(out + 4, type, 4);
	if (len)
		memcpy(out + 8, data, len);
	uint32_t crc = crc32_of(out + 4, len + 4);
	out[8 + len] = (unsigned char)(crc >> 24);
	out[9 + len] = (unsigned char)(crc >> 16);
	out[10 + len] = (unsigned char)(crc >> 8);
	out[11 + len] = (unsigned char)crc;
	return 12 + len;
}

/* A valid little PNG whose header claims 30000 × 30000 pixels (900 MP). */
static size_t png_bomb(unsigned char *out)
{
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	const unsigned char ihdr[13] = { 0, 0, 0x75, 0x30, 0, 0, 0x75, 0x30, 8, 2, 0, 0, 0 };
	/* zlib stream, one stored block holding one zero byte (the first filter byte) */
	const unsigned char idat[] = { 0x78, 0x01, 0x01, 0x01, 0x00, 0xfe, 0xff, 0x00, 0x00, 0x01, 0x00, 0x01 };
	size_t n = 0;
	memcpy(out, sig, sizeof(sig));
	n += sizeof(sig);
	n += png_chunk(out + n, "IHDR", ihdr, sizeof(ihdr));
	n += png_chunk(out + n, "IDAT", idat, sizeof(idat));
	n += png_chunk(out + n, "IEND", NULL, 0);
	return n;
}

static void test_bad_uploads(void **state)
{
	expect_refused("", 0, PHOTO_EMPTY);
	expect_refused("\xff", 1, PHOTO_WRONG_TYPE);
	expect_refused("\xff\xd8", 2, PHOTO_WRONG_TYPE);

	static const char gif[] = "GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00"
	                          "\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;";
	expect_refused(gif, sizeof(gif) - 1, PHOTO_WRONG_TYPE);
	static const char svg[] = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">"
	                          "<script>alert(1)</script></svg>";
	expect_refused(svg, sizeof(svg) - 1, PHOTO_WRONG_TYPE);
	static const char text[] = "This is a text file someone renamed to photo.jpg\n";
	expect_refused(text, sizeof(text) - 1, PHOTO_WRONG_TYPE);
	static const char riff[] = "RIFF\x10\x00\x00\x00WAVEfmt "; /* RIFF but not WebP */
	expect_refused(riff, sizeof(riff) - 1, PHOTO_WRONG_TYPE);

	/* truncated JPEG and PNG: half of a good file */
	size_t jlen;
	unsigned char *jpeg = jpeg_with_metadata(400, 400, &jlen);
	expect_refused(jpeg, jlen / 2, PHOTO_DAMAGED);
	expect_refused(jpeg, 200, PHOTO_DAMAGED); /* the header is cut too */
	/* a good header with garbage where the image data should be */
	unsigned char *garbled = malloc(jlen);
	memcpy(garbled, jpeg, jlen);
	for (size_t i = jlen / 3; i < jlen - 2; i++)
		garbled[i] = (unsigned char)(i * 13);
	expect_refused(garbled, jlen, PHOTO_DAMAGED);
	free(garbled);
	g_free(jpeg);

	VipsImage *img = halves(300, 300);
	void *png;
	size_t plen;
	assert_int_equal(vips_pngsave_buffer(img, &png, &plen, "compression", 0, NULL), 0);
	expect_refused(png, plen / 2, PHOTO_DAMAGED);
	g_free(png);
	g_object_unref(img);

	/* decompression bomb: refused from the header, before any decoding */
	unsigned char bomb[128];
	size_t blen = png_bomb(bomb);
	assert_true(blen < 100);
	expect_refused(bomb, blen, PHOTO_TOO_MANY_PIXELS);

	/* over 10 MB, whatever it starts with */
	size_t big_len = PHOTO_MAX_BYTES + 1;
	unsigned char *big = calloc(1, big_len);
	memcpy(big, "\xff\xd8\xff\xe0", 4);
	expect_refused(big, big_len, PHOTO_TOO_LARGE);
	free(big);
}

static void test_store(void **state)
{
	size_t len;
	unsigned char *in = jpeg_with_metadata(200, 300, &len);
	struct photo p;
	enum photo_problem why;
	assert_int_equal(photo_process(in, len, &p, &why), PLEIN_OK);
	assert_int_equal(photo_store(&p), PLEIN_OK);
	assert_int_equal(photo_store(&p), PLEIN_OK); /* again: same content, same files */

	char name[96];
	snprintf(name, sizeof(name), "%s-512.jpg", p.key);
	assert_true(photo_name_valid(name));
	char *path = photo_file_path(name);
	assert_non_null(path);
	char want[256];
	snprintf(want, sizeof(want), "%s/photos/%.2s/%s", data_dir, p.key, name);
	assert_string_equal(path, want);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal((size_t)st.st_size, p.big_len);
	assert_int_equal(st.st_mode & 0777, 0640);
	free(path);
	snprintf(name, sizeof(name), "%s-96.jpg", p.key);
	path = photo_file_path(name);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal((size_t)st.st_size, p.small_len);

	/* no temp files left behind */
	char cmd[256];
	snprintf(cmd, sizeof(cmd), "test -z \"$(find '%s/photos' -name '.tmp-*')\"", data_dir);
	assert_int_equal(system(cmd), 0);

	char url[128];
	photo_url(p.key, 96, url, sizeof(url));
	assert_int_equal(strncmp(url, "/photos/", 8), 0);
	assert_string_equal(url + 8, name);

	photo_remove(p.key);
	assert_int_not_equal(stat(path, &st), 0);
	free(path);
	photo_release(&p);
	g_free(in);
}

static void test_names(void **state)
{
	const char *key = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	char name[128];
	snprintf(name, sizeof(name), "%s-96.jpg", key);
	assert_true(photo_name_valid(name));
	snprintf(name, sizeof(name), "%s-512.jpg", key);
	assert_true(photo_name_valid(name));
	char got[PHOTO_KEY_LEN + 1];
	assert_true(photo_name_key(name, got));
	assert_string_equal(got, key);
	static const char *const bad[] = {
		"", "x.jpg", "../../plein.db",
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef-128.jpg",
		"0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef-96.jpg",
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde-96.jpg",
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0-96.jpg",
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef-96.jpg/",
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef-96.png",
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef-96.jpg.svg",
		"../23456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef-96.jpg",
	};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		assert_false(photo_name_valid(bad[i]));
		assert_null(photo_file_path(bad[i]));
		assert_false(photo_name_key(bad[i], got));
	}
	assert_false(photo_name_valid(NULL));
	assert_true(photo_key_valid(key));
	assert_false(photo_key_valid("abc"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jpeg_upright_square_stripped),
		cmocka_unit_test(test_png_alpha_and_webp),
		cmocka_unit_test(test_extreme_aspect_ratio),
		cmocka_unit_test(test_bad_uploads),
		cmocka_unit_test(test_store),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests_name("photo", tests, setup, teardown);
}
