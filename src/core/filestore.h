/* filestore.h — content-addressed files on disk, shared by profile photos
 * (<data>/photos) and attachments (<data>/files): one folder per first two
 * hex digits of the key, each file written atomically (temp file, fsync,
 * rename, fsync the folder), so after a crash it is there whole or not at all. */
#ifndef PLEIN_FILESTORE_H
#define PLEIN_FILESTORE_H
#include "lib/common.h"

#define FILESTORE_KEY_LEN 64   /* hex BLAKE2b-256 of the stored bytes */

/* The hex BLAKE2b-256 of data into key (FILESTORE_KEY_LEN + 1 bytes). */
void filestore_key(const void *data, size_t len, char *key);
bool filestore_key_valid(const char *key);
/* Create root (mode 0750) when absent. PLEIN_OK, or PLEIN_ERROR with err. */
int filestore_root(const char *root, char *err, size_t errlen) WARN_UNUSED;
/* root/<key's first two digits>, into buf. */
void filestore_fan_dir(const char *root, const char *key, char *buf, size_t buflen);
/* Write root/<fan>/name atomically. When the file is there already (the same
 * content) only its time is renewed, so that a sweep of old unreferenced
 * files leaves it alone. PLEIN_OK or PLEIN_ERROR. */
int filestore_put(const char *root, const char *key, const char *name, const void *data, size_t len) WARN_UNUSED;
/* Remove root/<fan>/name (a missing file is fine). */
void filestore_unlink(const char *root, const char *key, const char *name);
int filestore_fsync_dir(const char *dir);
#endif
