/* photo.c — profile photos with libvips: the checks that need no decoder
 * first (size, magic bytes), then the header alone (pixel count), then a
 * full decode that fails on truncation, and two metadata-free JPEG squares
 * written content-addressed and atomically (core/filestore.c). See photo.h. */
#include "core/photo.h"
#include "core/filestore.h"
#include "core/i18n.h"
#include "core/image.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vips/vips.h>

static char photos_dir[PATH_MAX - 128]; /* "" when storing is off (fuzzers); room for the file names */
static bool started;
int64_t photo_max_pixels = PHOTO_MAX_PIXELS;

int photo_init(const char *data_dir, char *err, size_t errlen)
{
	if (!started) {
		if (VIPS_INIT("plein")) {
			snprintf(err, errlen, "cannot start libvips: %s", vips_error_buffer());
			vips_error_clear();
			return PLEIN_ERROR;
		}
		started = true;
		/* one request, one thread; nothing kept between requests */
		vips_concurrency_set(1);
		vips_cache_set_max(0);
		vips_cache_set_max_mem(0);
		vips_cache_set_max_files(0);
		/* only the decoders photos and attachments need: none of libvips' other
		 * loaders (SVG, PDF, ImageMagick, …) ever sees an upload */
		vips_operation_block_set("VipsForeignLoad", TRUE);
		vips_operation_block_set("VipsForeignLoadJpegBuffer", FALSE);
		vips_operation_block_set("VipsForeignLoadPngBuffer", FALSE);
		vips_operation_block_set("VipsForeignLoadWebpBuffer", FALSE);
		/* attachments also take GIFs (photos never ask for this loader) */
		vips_operation_block_set("VipsForeignLoadNsgifBuffer", FALSE);
	}
	photos_dir[0] = '\0';
	if (!data_dir)
		return PLEIN_OK;
	int n = snprintf(photos_dir, sizeof(photos_dir), "%s/photos", data_dir);
	if (n < 0 || (size_t)n >= sizeof(photos_dir)) {
		snprintf(err, errlen, "the data directory's path is too long");
		photos_dir[0] = '\0';
		return PLEIN_ERROR;
	}
	return filestore_root(photos_dir, err, errlen);
}

void photo_shutdown(void)
{
	if (started)
		vips_shutdown();
	started = false;
}

const char *photo_problem_message(enum photo_problem why)
{
	switch (why) {
	case PHOTO_FINE: return "";
	case PHOTO_EMPTY: return N_("The file is empty. Choose a JPEG, PNG or WebP photo.");
	case PHOTO_TOO_LARGE: return N_("The photo is larger than 10 MB. Choose a smaller file.");
	case PHOTO_WRONG_TYPE: return N_("This is not a JPEG, PNG or WebP image. Choose a photo in one of those formats.");
	case PHOTO_TOO_MANY_PIXELS: return N_("The photo has too many pixels (more than 40 megapixels). Choose a smaller image.");
	case PHOTO_DAMAGED: return N_("The photo could not be read: the file is damaged or incomplete.");
	case PHOTO_STORAGE: return N_("The photo could not be saved. Please try again later.");
	}
	return "";
}

/* sRGB, no alpha (flattened on white), 8 bits: what JPEG holds. */
static int normalise(VipsImage **img)
{
	VipsImage *t = NULL;
	if (vips_image_get_interpretation(*img) != VIPS_INTERPRETATION_sRGB &&
	    image_step(img, vips_colourspace(*img, &t, VIPS_INTERPRETATION_sRGB, NULL), &t))
		return -1;
	if (vips_image_hasalpha(*img)) {
		VipsArrayDouble *white = vips_array_double_newv(3, 255.0, 255.0, 255.0);
		int rc = vips_flatten(*img, &t, "background", white, NULL);
		vips_area_unref(VIPS_AREA(white));
		if (image_step(img, rc, &t))
			return -1;
	}
	if (vips_image_get_format(*img) != VIPS_FORMAT_UCHAR && image_step(img, vips_cast_uchar(*img, &t, NULL), &t))
		return -1;
	return 0;
}

static int encode(VipsImage *img, unsigned char **buf, size_t *len)
{
	void *b = NULL;
	/* strip: no EXIF (GPS, camera serials), XMP, IPTC, ICC or comments */
	if (vips_jpegsave_buffer(img, &b, len, "Q", 85, "strip", TRUE, "optimize_coding", TRUE, NULL))
		return -1;
	*buf = b;
	return 0;
}

int photo_process(const void *data, size_t len, struct photo *out, enum photo_problem *why)
{
	VipsImage *img = NULL, *t = NULL;
	int rc = PLEIN_INVALID;
	memset(out, 0, sizeof(*out));
	*why = PHOTO_DAMAGED;
	if (len == 0) {
		*why = PHOTO_EMPTY;
		return PLEIN_INVALID;
	}
	if (len > PHOTO_MAX_BYTES) {
		*why = PHOTO_TOO_LARGE;
		return PLEIN_TOOBIG;
	}
	/* the client's file name and type are never asked; GIFs are not photos */
	enum image_type type = image_sniff(data, len);
	if (type == IMAGE_NONE || type == IMAGE_GIF) {
		*why = PHOTO_WRONG_TYPE;
		return PLEIN_INVALID;
	}
	rc = image_open(data, len, type, photo_max_pixels, &img);
	if (rc) {
		*why = rc == PLEIN_TOOBIG ? PHOTO_TOO_MANY_PIXELS : PHOTO_DAMAGED;
		goto out;
	}
	rc = PLEIN_INVALID;
	/* the centre square first, at the source's resolution: scaling a 1×60000
	 * strip until its short side is 512 px would need gigabytes. Turning the
	 * square upright (EXIF orientation) keeps it the centre square. */
	int w = vips_image_get_width(img), h = vips_image_get_height(img), side = w < h ? w : h;
	if (image_step(&img, vips_extract_area(img, &t, (w - side) / 2, (h - side) / 2, side, side, NULL), &t) ||
	    image_step(&img, vips_thumbnail_image(img, &t, PHOTO_BIG, "height", PHOTO_BIG, "crop", VIPS_INTERESTING_CENTRE,
	                                    "size", VIPS_SIZE_BOTH, NULL), &t) ||
	    normalise(&img))
		goto out;
	/* decode everything now: a truncated or corrupt file fails here */
	t = vips_image_copy_memory(img);
	if (image_step(&img, !t, &t) || encode(img, &out->big, &out->big_len))
		goto out;
	if (image_step(&img, vips_resize(img, &t, (double)PHOTO_SMALL / PHOTO_BIG, NULL), &t) ||
	    encode(img, &out->small, &out->small_len))
		goto out;
	if (vips_image_get_width(img) != PHOTO_SMALL || vips_image_get_height(img) != PHOTO_SMALL)
		goto out;
	filestore_key(out->big, out->big_len, out->key);
	*why = PHOTO_FINE;
	rc = PLEIN_OK;
out:
	if (img)
		g_object_unref(img);
	vips_error_clear(); /* libvips' words are not the reader's; *why says it */
	if (rc)
		photo_release(out);
	return rc;
}

void photo_release(struct photo *p)
{
	g_free(p->big);
	g_free(p->small);
	memset(p, 0, sizeof(*p));
}

bool photo_key_valid(const char *key)
{
	return filestore_key_valid(key);
}

bool photo_name_valid(const char *name)
{
	char key[PHOTO_KEY_LEN + 1];
	if (!name || strlen(name) <= PHOTO_KEY_LEN)
		return false;
	memcpy(key, name, PHOTO_KEY_LEN);
	key[PHOTO_KEY_LEN] = '\0';
	const char *rest = name + PHOTO_KEY_LEN;
	return photo_key_valid(key) && (strcmp(rest, "-512.jpg") == 0 || strcmp(rest, "-96.jpg") == 0);
}

bool photo_name_key(const char *name, char *key)
{
	if (!photo_name_valid(name))
		return false;
	memcpy(key, name, PHOTO_KEY_LEN);
	key[PHOTO_KEY_LEN] = '\0';
	return true;
}

void photo_url(const char *key, int size, char *buf, size_t buflen)
{
	snprintf(buf, buflen, "/photos/%s-%d.jpg", key, size);
}

static void fan_dir(const char *key, char *buf, size_t buflen)
{
	filestore_fan_dir(photos_dir, key, buf, buflen);
}

char *photo_file_path(const char *name)
{
	char dir[PATH_MAX];
	if (!photos_dir[0] || !photo_name_valid(name))
		return NULL;
	fan_dir(name, dir, sizeof(dir));
	size_t n = strlen(dir) + 1 + strlen(name) + 1;
	char *path = xmalloc(n);
	snprintf(path, n, "%s/%s", dir, name);
	return path;
}

int photo_store(const struct photo *p)
{
	char name[PHOTO_KEY_LEN + 16];
	if (!photos_dir[0] || !photo_key_valid(p->key))
		return PLEIN_ERROR;
	snprintf(name, sizeof(name), "%s-%d.jpg", p->key, PHOTO_SMALL);
	if (filestore_put(photos_dir, p->key, name, p->small, p->small_len))
		return PLEIN_ERROR;
	/* the big one last: its presence means both are there */
	snprintf(name, sizeof(name), "%s-%d.jpg", p->key, PHOTO_BIG);
	return filestore_put(photos_dir, p->key, name, p->big, p->big_len);
}

void photo_remove(const char *key)
{
	char name[PHOTO_KEY_LEN + 16];
	snprintf(name, sizeof(name), "%s-%d.jpg", key, PHOTO_BIG);
	filestore_unlink(photos_dir, key, name);
	snprintf(name, sizeof(name), "%s-%d.jpg", key, PHOTO_SMALL);
	filestore_unlink(photos_dir, key, name);
}
