/* filestore.c — content-addressed atomic files (see filestore.h); factored
 * out of photo.c so that photos and attachments write files one way. */
#include "core/filestore.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

void filestore_key(const void *data, size_t len, char *key)
{
	unsigned char hash[32];
	crypto_generichash(hash, sizeof(hash), data, len, NULL, 0);
	sodium_bin2hex(key, FILESTORE_KEY_LEN + 1, hash, sizeof(hash));
}

bool filestore_key_valid(const char *key)
{
	if (!key || strlen(key) != FILESTORE_KEY_LEN)
		return false;
	for (const char *k = key; *k; k++)
		if (!((*k >= '0' && *k <= '9') || (*k >= 'a' && *k <= 'f')))
			return false;
	return true;
}

int filestore_root(const char *root, char *err, size_t errlen)
{
	if (mkdir(root, 0750) && errno != EEXIST) {
		snprintf(err, errlen, "cannot create %s: %s", root, strerror(errno));
		return PLEIN_ERROR;
	}
	return PLEIN_OK;
}

/* <root>/<first two hex digits> — a few hundred files per folder at most */
void filestore_fan_dir(const char *root, const char *key, char *buf, size_t buflen)
{
	snprintf(buf, buflen, "%s/%.2s", root, key);
}

int filestore_fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

/* Temp file, fsync, rename, fsync the folder. */
static int write_atomic(const char *dir, const char *name, const unsigned char *data, size_t len)
{
	char path[PATH_MAX], tmp[PATH_MAX];
	int n = snprintf(path, sizeof(path), "%s/%s", dir, name);
	int m = snprintf(tmp, sizeof(tmp), "%s/.tmp-XXXXXX", dir);
	if (n < 0 || (size_t)n >= sizeof(path) || m < 0 || (size_t)m >= sizeof(tmp))
		return PLEIN_ERROR;
	/* content-addressed: the same bytes are there already; a fresh time
	 * tells sweeps it is in use again */
	if (utimensat(AT_FDCWD, path, NULL, 0) == 0)
		return PLEIN_OK;
	int fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return PLEIN_ERROR;
	size_t off = 0;
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	bool ok = off == len && fchmod(fd, 0640) == 0 && fsync(fd) == 0;
	ok = close(fd) == 0 && ok;
	if (!ok || rename(tmp, path)) {
		unlink(tmp);
		return PLEIN_ERROR;
	}
	return filestore_fsync_dir(dir) ? PLEIN_ERROR : PLEIN_OK;
}

int filestore_put(const char *root, const char *key, const char *name, const void *data, size_t len)
{
	char dir[PATH_MAX];
	if (!root || !root[0] || !filestore_key_valid(key))
		return PLEIN_ERROR;
	filestore_fan_dir(root, key, dir, sizeof(dir));
	/* errno only means something when mkdir failed */
	bool created = mkdir(dir, 0750) == 0;
	if (!created && errno != EEXIST)
		return PLEIN_ERROR;
	if (created && filestore_fsync_dir(root)) /* the new folder's entry must survive a crash too */
		return PLEIN_ERROR;
	return write_atomic(dir, name, data, len);
}

void filestore_unlink(const char *root, const char *key, const char *name)
{
	char dir[PATH_MAX], path[PATH_MAX];
	if (!root || !root[0] || !filestore_key_valid(key))
		return;
	filestore_fan_dir(root, key, dir, sizeof(dir));
	int n = snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (n > 0 && (size_t)n < sizeof(path) && unlink(path) == 0)
		(void)filestore_fsync_dir(dir);
}
