/* config.h — plein's settings: built-in defaults, then the INI file
 * (<data>/plein.ini or --config FILE), then PLEIN_* environment variables,
 * then command-line flags; later wins. */
#ifndef PLEIN_CONFIG_H
#define PLEIN_CONFIG_H
#include "lib/common.h"

struct config {
	char listen_host[64];
	int listen_port;
	char data_dir[1024];
	char config_file[1024];
	unsigned threads;
	unsigned max_connections;
	unsigned per_ip_connections;
	unsigned timeout_seconds;
	unsigned max_streams;
	size_t max_body;
	size_t max_upload;
	bool access_log;
	bool behind_tls;
	int64_t session_idle_seconds;
	int64_t session_max_seconds;
	unsigned ip_attempts, ip_window;
	unsigned account_attempts, account_window;
	int64_t invitation_lifetime_seconds;
	/* [mail]: smtp_url empty = no mail (links are shown to the administrator) */
	char mail_smtp_url[512];
	char mail_from[256];
	char mail_username[256];
	char mail_password[256];   /* never printed, not even in errors */
	char mail_base_url[512];
	/* [insight]: the local hour of the nightly computation, -1 for none */
	int insight_hour;
};

void config_defaults(struct config *c);
/* "HOST:PORT", "[::1]:PORT" or ":PORT". 0 or PLEIN_INVALID. */
int config_set_listen(struct config *c, const char *value) WARN_UNUSED;
/* Read the INI file (a missing default file is fine; a missing --config file is not). */
int config_load_file(struct config *c, const char *path, bool must_exist, char *err, size_t errlen) WARN_UNUSED;
int config_load_env(struct config *c, char *err, size_t errlen) WARN_UNUSED;
/* Set one key ("section.key" or plain key) from text; used by all sources. */
int config_set(struct config *c, const char *section, const char *key, const char *value,
               char *err, size_t errlen) WARN_UNUSED;
#endif
