/* photo.h — profile photos: check an upload (size, type from the content,
 * pixel count before any pixel is decoded), decode it completely with
 * libvips, turn it upright, crop squares of 512 and 96 px, encode them as
 * JPEG without any metadata, and store them content-addressed under
 * <data>/photos/. Nothing the client says (file name, content type) is used. */
#ifndef PLEIN_PHOTO_H
#define PLEIN_PHOTO_H
#include "lib/common.h"

#define PHOTO_MAX_BYTES ((size_t)10 * 1024 * 1024)   /* "up to 10 MB" */
#define PHOTO_MAX_PIXELS ((int64_t)40 * 1000 * 1000)  /* decompression bombs: 40 megapixels */
#define PHOTO_BIG 512
#define PHOTO_SMALL 96
#define PHOTO_KEY_LEN 64                              /* hex BLAKE2b-256 of the 512 px file */

/* The pixel limit in force: PHOTO_MAX_PIXELS, lowered by the fuzzer (which
 * must not spend its time decoding 40 MP pictures). Set before serving. */
extern int64_t photo_max_pixels;

/* Why an upload was refused; photo_problem_message() says it in English (N_). */
enum photo_problem {
	PHOTO_FINE = 0,
	PHOTO_EMPTY,          /* no bytes at all */
	PHOTO_TOO_LARGE,      /* more than PHOTO_MAX_BYTES */
	PHOTO_WRONG_TYPE,     /* not JPEG, PNG or WebP by its first bytes */
	PHOTO_TOO_MANY_PIXELS,/* width × height above PHOTO_MAX_PIXELS */
	PHOTO_DAMAGED,        /* the decoder failed: truncated or corrupt */
	PHOTO_STORAGE,        /* could not be written to disk (not the client's fault) */
};

/* The two encoded squares of one photo, and its content key. */
struct photo {
	unsigned char *big, *small;  /* JPEG bytes, owned (photo_release) */
	size_t big_len, small_len;
	char key[PHOTO_KEY_LEN + 1];
};

/* Start libvips once per process (serve, tests, fuzzers), with one worker
 * thread, no operation cache and only the JPEG, PNG and WebP loaders.
 * data_dir: photos are stored in data_dir/photos; NULL for processing only. */
int photo_init(const char *data_dir, char *err, size_t errlen) WARN_UNUSED;
void photo_shutdown(void);

/* Check, decode and re-encode an upload. PLEIN_OK, or PLEIN_INVALID /
 * PLEIN_TOOBIG with *why set. `out` is zeroed on failure. */
int photo_process(const void *data, size_t len, struct photo *out, enum photo_problem *why) WARN_UNUSED;
void photo_release(struct photo *p);
const char *photo_problem_message(enum photo_problem why);

/* Write both files (atomically: temp file, fsync, rename, fsync the
 * directory). Storing the same photo twice is fine. PLEIN_OK or PLEIN_ERROR. */
int photo_store(const struct photo *p) WARN_UNUSED;
/* Remove both files of a key (missing files are fine). */
void photo_remove(const char *key);

/* Served names are "<key>-512.jpg" and "<key>-96.jpg", nothing else. */
bool photo_name_valid(const char *name);
bool photo_key_valid(const char *key);
/* The key of a valid served name, into key (PHOTO_KEY_LEN + 1 bytes); false
 * for any other name. */
bool photo_name_key(const char *name, char *key);
/* The file behind a valid name (malloc'd; the caller frees), or NULL. */
char *photo_file_path(const char *name);
/* The URL of a key's square of `size` px, into buf. */
void photo_url(const char *key, int size, char *buf, size_t buflen);
#endif
