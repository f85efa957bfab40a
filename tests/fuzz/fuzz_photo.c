/* fuzz_photo.c — libFuzzer harness for photo_process: any bytes through the
 * type check, the header's pixel count and libvips' JPEG, PNG and WebP
 * decoders. On success both outputs must be JPEGs and the key 64 hex digits;
 * on failure a reason must be given and nothing handed out. Inputs are capped
 * at 256 KiB and pictures at 1 megapixel so that each run stays quick. */
#include "lib/common.h"
#include "core/photo.h"

#define INPUT_MAX (256 * 1024)

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char err[256];
	if (photo_init(NULL, err, sizeof(err))) {
		fprintf(stderr, "fuzz_photo: %s\n", err);
		abort();
	}
	photo_max_pixels = 1000 * 1000;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len);
int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len)
{
	struct photo p;
	enum photo_problem why = PHOTO_FINE;
	if (len > INPUT_MAX)
		return 0;
	int rc = photo_process(buf, len, &p, &why);
	if (rc == PLEIN_OK) {
		if (why != PHOTO_FINE || !photo_key_valid(p.key) || p.big_len < 3 || p.small_len < 3 ||
		    p.big[0] != 0xff || p.big[1] != 0xd8 || p.small[0] != 0xff || p.small[1] != 0xd8)
			abort();
		photo_release(&p);
	} else if ((rc != PLEIN_INVALID && rc != PLEIN_TOOBIG) || why == PHOTO_FINE || p.big || p.small ||
	           !*photo_problem_message(why)) {
		abort();
	}
	return 0;
}
