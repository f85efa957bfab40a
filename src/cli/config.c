/* config.c — see config.h. One table maps every key to its field, so the
 * file, the environment and the documentation cannot drift apart. */
#include "cli/config.h"
#include <errno.h>
#include <ini.h>
#include "lib/utf8.h"

enum kind { K_UINT, K_SIZE, K_SECONDS, K_BOOL, K_LISTEN, K_STRING /* max = the field's size */,
            K_HOUR /* an int: -1 (never) or min..max */ };

static const struct key {
	const char *section, *name, *env;
	enum kind kind;
	size_t offset;
	unsigned long long min, max;
} keys[] = {
#define F(f) offsetof(struct config, f)
	{ "server", "listen", "PLEIN_LISTEN", K_LISTEN, 0, 0, 0 },
	{ "server", "threads", "PLEIN_THREADS", K_UINT, F(threads), 0, 256 },
	{ "server", "max_connections", "PLEIN_MAX_CONNECTIONS", K_UINT, F(max_connections), 1, 100000 },
	{ "server", "per_ip_connections", "PLEIN_PER_IP_CONNECTIONS", K_UINT, F(per_ip_connections), 1, 100000 },
	{ "server", "timeout", "PLEIN_TIMEOUT", K_UINT, F(timeout_seconds), 1, 3600 },
	{ "server", "max_body", "PLEIN_MAX_BODY", K_SIZE, F(max_body), 1024, 64 << 20 },
	{ "server", "max_upload", "PLEIN_MAX_UPLOAD", K_SIZE, F(max_upload), 1024, 1 << 30 },
	{ "server", "access_log", "PLEIN_ACCESS_LOG", K_BOOL, F(access_log), 0, 1 },
	{ "server", "behind_tls", "PLEIN_BEHIND_TLS", K_BOOL, F(behind_tls), 0, 1 },
	{ "server", "max_streams", "PLEIN_MAX_STREAMS", K_UINT, F(max_streams), 1, 1000000 },
	{ "auth", "session_idle", "PLEIN_SESSION_IDLE", K_SECONDS, F(session_idle_seconds), 60, 365 * 86400 },
	{ "auth", "session_max", "PLEIN_SESSION_MAX", K_SECONDS, F(session_max_seconds), 60, 365 * 86400 },
	{ "auth", "ip_attempts", "PLEIN_IP_ATTEMPTS", K_UINT, F(ip_attempts), 1, 1000000 },
	{ "auth", "ip_window", "PLEIN_IP_WINDOW", K_UINT, F(ip_window), 1, 86400 },
	{ "auth", "account_attempts", "PLEIN_ACCOUNT_ATTEMPTS", K_UINT, F(account_attempts), 1, 1000000 },
	{ "auth", "account_window", "PLEIN_ACCOUNT_WINDOW", K_UINT, F(account_window), 1, 86400 },
	{ "auth", "invitation_lifetime", "PLEIN_INVITATION_LIFETIME", K_SECONDS, F(invitation_lifetime_seconds), 1, 365 * 86400 },
	{ "mail", "smtp_url", "PLEIN_MAIL_SMTP_URL", K_STRING, F(mail_smtp_url), 0, sizeof(((struct config *)0)->mail_smtp_url) },
	{ "mail", "from", "PLEIN_MAIL_FROM", K_STRING, F(mail_from), 0, sizeof(((struct config *)0)->mail_from) },
	{ "mail", "username", "PLEIN_MAIL_USERNAME", K_STRING, F(mail_username), 0, sizeof(((struct config *)0)->mail_username) },
	{ "mail", "password", "PLEIN_MAIL_PASSWORD", K_STRING, F(mail_password), 0, sizeof(((struct config *)0)->mail_password) },
	{ "mail", "base_url", "PLEIN_MAIL_BASE_URL", K_STRING, F(mail_base_url), 0, sizeof(((struct config *)0)->mail_base_url) },
	{ "insight", "hour", "PLEIN_INSIGHT_HOUR", K_HOUR, F(insight_hour), 0, 23 },
#undef F
};

void config_defaults(struct config *c)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->listen_host, sizeof(c->listen_host), "127.0.0.1");
	c->listen_port = 8080;
	snprintf(c->data_dir, sizeof(c->data_dir), "data");
	c->threads = 0;
	c->max_connections = 1024;
	c->per_ip_connections = 64;
	c->timeout_seconds = 30;
	c->max_streams = 10000;   /* live event streams; capped at 3/4 of max_connections */
	c->max_body = 64 * 1024;
	c->max_upload = 64 << 20; /* a 100,000-row CSV import; photo routes set their own lower limit */
	c->access_log = true;
	c->session_idle_seconds = 7 * 86400;
	c->session_max_seconds = 30 * 86400;
	c->ip_attempts = 25;      /* Mastodon's figure: 25 per 5 minutes per address */
	c->ip_window = 300;
	c->account_attempts = 10;
	c->account_window = 900;
	c->invitation_lifetime_seconds = 7 * 86400;
	c->insight_hour = 3;      /* the nightly figures, when hardly anyone works */
}

int config_set_listen(struct config *c, const char *v)
{
	const char *colon = strrchr(v, ':');
	const char *host = v;
	size_t hlen;
	if (!colon)
		return PLEIN_INVALID;
	hlen = (size_t)(colon - v);
	if (hlen >= 2 && v[0] == '[' && v[hlen - 1] == ']') {
		host++;
		hlen -= 2;
	}
	if (hlen >= sizeof(c->listen_host))
		return PLEIN_INVALID;
	char *end;
	errno = 0;
	long port = strtol(colon + 1, &end, 10);
	if (errno || end == colon + 1 || *end || port < 0 || port > 65535)
		return PLEIN_INVALID;
	if (hlen == 0) {
		snprintf(c->listen_host, sizeof(c->listen_host), "0.0.0.0");
	} else {
		memcpy(c->listen_host, host, hlen);
		c->listen_host[hlen] = '\0';
	}
	c->listen_port = (int)port;
	return PLEIN_OK;
}

static int parse_uint(const char *v, unsigned long long *out)
{
	char *end;
	errno = 0;
	if (*v == '-' || *v == '+' || !*v)
		return PLEIN_INVALID;
	unsigned long long n = strtoull(v, &end, 10);
	if (errno || end == v || *end)
		return PLEIN_INVALID;
	*out = n;
	return PLEIN_OK;
}

int config_set(struct config *c, const char *section, const char *key, const char *value,
               char *err, size_t errlen)
{
	for (size_t i = 0; i < ARRAY_LEN(keys); i++) {
		const struct key *k = &keys[i];
		if (strcmp(k->name, key) != 0 || (section && *section && strcmp(k->section, section) != 0))
			continue;
		char *field = (char *)c + k->offset;
		unsigned long long n = 0;
		switch (k->kind) {
		case K_LISTEN:
			if (config_set_listen(c, value)) {
				snprintf(err, errlen, "%s.%s: '%s' is not HOST:PORT", k->section, k->name, value);
				return PLEIN_INVALID;
			}
			return PLEIN_OK;
		case K_BOOL:
			if (!strcmp(value, "true") || !strcmp(value, "yes") || !strcmp(value, "on") || !strcmp(value, "1"))
				*(bool *)field = true;
			else if (!strcmp(value, "false") || !strcmp(value, "no") || !strcmp(value, "off") || !strcmp(value, "0"))
				*(bool *)field = false;
			else {
				snprintf(err, errlen, "%s.%s: '%s' is not true or false", k->section, k->name, value);
				return PLEIN_INVALID;
			}
			return PLEIN_OK;
		case K_STRING:
			/* the value is not repeated: it may be a password */
			if (strlen(value) >= k->max || !utf8_valid(value, strlen(value)) ||
			    utf8_has_control(value, strlen(value), false)) {
				snprintf(err, errlen, "%s.%s: the value is too long (at most %llu bytes) or holds control characters",
				         k->section, k->name, k->max - 1);
				return PLEIN_INVALID;
			}
			snprintf(field, k->max, "%s", value);
			return PLEIN_OK;
		case K_HOUR:
			if (!strcmp(value, "-1")) {
				*(int *)field = -1;
				return PLEIN_OK;
			}
			if (parse_uint(value, &n) || n < k->min || n > k->max) {
				snprintf(err, errlen, "%s.%s: '%s' is not -1 (never) or a number from %llu to %llu", k->section,
				         k->name, value, k->min, k->max);
				return PLEIN_INVALID;
			}
			*(int *)field = (int)n;
			return PLEIN_OK;
		default:
			if (parse_uint(value, &n) || n < k->min || n > k->max) {
				snprintf(err, errlen, "%s.%s: '%s' is not a number from %llu to %llu", k->section,
				         k->name, value, k->min, k->max);
				return PLEIN_INVALID;
			}
			if (k->kind == K_UINT)
				*(unsigned *)field = (unsigned)n;
			else if (k->kind == K_SIZE)
				*(size_t *)field = (size_t)n;
			else
				*(int64_t *)field = (int64_t)n;
			return PLEIN_OK;
		}
	}
	snprintf(err, errlen, "unknown setting '%s%s%s'", section && *section ? section : "",
	         section && *section ? "." : "", key);
	return PLEIN_INVALID;
}

struct ini_ctx {
	struct config *c;
	char *err;
	size_t errlen;
	int failed_line;
};

static int on_ini(void *user, const char *section, const char *name, const char *value)
{
	struct ini_ctx *x = user;
	char msg[256];
	if (config_set(x->c, section, name, value, msg, sizeof(msg))) {
		if (!x->failed_line) {
			x->failed_line = 1;
			snprintf(x->err, x->errlen, "%s", msg);
		}
		return 0;
	}
	return 1;
}

int config_load_file(struct config *c, const char *path, bool must_exist, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		if (!must_exist && errno == ENOENT)
			return PLEIN_OK;
		snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
		return PLEIN_ERROR;
	}
	char msg[300] = "";
	struct ini_ctx x = { c, msg, sizeof(msg), 0 };
	int rc = ini_parse_file(f, on_ini, &x);
	fclose(f);
	if (rc != 0) {
		if (x.failed_line)
			snprintf(err, errlen, "%s: %s", path, msg);
		else
			snprintf(err, errlen, "%s line %d: not a valid setting", path, rc);
		return PLEIN_INVALID;
	}
	return PLEIN_OK;
}

int config_load_env(struct config *c, char *err, size_t errlen)
{
	for (size_t i = 0; i < ARRAY_LEN(keys); i++) {
		const char *v = getenv(keys[i].env);
		char msg[256];
		if (!v)
			continue;
		if (config_set(c, keys[i].section, keys[i].name, v, msg, sizeof(msg))) {
			snprintf(err, errlen, "%s: %s", keys[i].env, msg);
			return PLEIN_INVALID;
		}
	}
	const char *data = getenv("PLEIN_DATA");
	if (data)
		snprintf(c->data_dir, sizeof(c->data_dir), "%s", data);
	return PLEIN_OK;
}
