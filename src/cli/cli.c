/* cli.c — what the subcommands share: configuration, the data directory. */
#include "cli/commands.h"
#include "core/password.h"
#include "core/secret.h"
#include "db/thread.h"
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

int cli_config(struct config *c, const char *cmd, const char *data_flag, const char *config_flag)
{
	char err[512];
	char file[1100];
	config_defaults(c);
	const char *env_data = getenv("PLEIN_DATA");
	if (data_flag || env_data)
		snprintf(c->data_dir, sizeof(c->data_dir), "%s", data_flag ? data_flag : env_data);
	if (config_flag)
		snprintf(file, sizeof(file), "%s", config_flag);
	else
		snprintf(file, sizeof(file), "%s/plein.ini", c->data_dir);
	if (config_load_file(c, file, config_flag != NULL, err, sizeof(err)) || config_load_env(c, err, sizeof(err))) {
		fprintf(stderr, "plein %s: %s\n", cmd, err);
		return 1;
	}
	if (data_flag)
		snprintf(c->data_dir, sizeof(c->data_dir), "%s", data_flag);
	return 0;
}

static int mkdir_p(const char *path)
{
	char buf[1024];
	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = buf + 1; *p; p++) {
		if (*p == '/') {
			*p = '\0';
			if (mkdir(buf, 0700) && errno != EEXIST)
				return -1;
			*p = '/';
		}
	}
	if (mkdir(buf, 0700) && errno != EEXIST)
		return -1;
	return 0;
}

struct db *cli_open_data(const char *cmd, const struct config *c)
{
	char path[1100], err[512];
	struct stat st;
	if (mkdir_p(c->data_dir) || stat(c->data_dir, &st) || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "plein %s: cannot create the data directory %s: %s\n", cmd, c->data_dir, strerror(errno));
		return NULL;
	}
	if (access(c->data_dir, W_OK | X_OK)) {
		fprintf(stderr, "plein %s: the data directory %s is not writable: %s\n", cmd, c->data_dir, strerror(errno));
		return NULL;
	}
	if (password_init()) {
		fprintf(stderr, "plein %s: cannot initialise libsodium\n", cmd);
		return NULL;
	}
	snprintf(path, sizeof(path), "%s/plein.db", c->data_dir);
	db_thread_init(path);
	struct db *db = db_open(path, err, sizeof(err));
	if (!db) {
		fprintf(stderr, "plein %s: %s\n", cmd, err);
		return NULL;
	}
	if (secret_load(db)) {
		fprintf(stderr, "plein %s: cannot read or create the instance secret: %s\n", cmd, db_errmsg(db));
		db_close(db);
		return NULL;
	}
	return db;
}

int cli_read_line(char *buf, size_t size)
{
	if (!fgets(buf, (int)size, stdin))
		return -1;
	size_t n = strlen(buf);
	if (n && buf[n - 1] != '\n' && !feof(stdin))
		return -2; /* longer than the buffer */
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	return 0;
}
