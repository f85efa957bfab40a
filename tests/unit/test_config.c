/* test_config.c — settings: defaults, the listen address forms, every kind
 * of key with its bounds, unknown keys, the INI file (valid, unknown key,
 * bad value, syntax error, missing) and PLEIN_* environment variables. */
#include "unit.h"
#include "cli/config.h"
#include <unistd.h>

static void test_defaults(void **state)
{
	struct config c;
	(void)state;
	memset(&c, 0x7f, sizeof(c));
	config_defaults(&c);
	assert_string_equal(c.listen_host, "127.0.0.1"); /* not exposed by default */
	assert_int_equal(c.listen_port, 8080);
	assert_string_equal(c.data_dir, "data");
	assert_string_equal(c.config_file, "");
	assert_int_equal(c.threads, 0);
	assert_int_equal(c.max_connections, 1024);
	assert_int_equal(c.per_ip_connections, 64);
	assert_int_equal(c.timeout_seconds, 30);
	assert_int_equal(c.max_body, 64 * 1024);
	assert_int_equal(c.max_upload, 64 << 20);
	assert_true(c.access_log);
	assert_int_equal(c.session_idle_seconds, 7 * 86400);
	assert_int_equal(c.session_max_seconds, 30 * 86400);
	assert_int_equal(c.ip_attempts, 25);
	assert_int_equal(c.ip_window, 300);
	assert_int_equal(c.account_attempts, 10);
	assert_int_equal(c.account_window, 900);
}

static void test_listen_good(void **state)
{
	struct config c;
	(void)state;
	config_defaults(&c);
	assert_int_equal(config_set_listen(&c, "127.0.0.1:8080"), PLEIN_OK);
	assert_string_equal(c.listen_host, "127.0.0.1");
	assert_int_equal(c.listen_port, 8080);
	assert_int_equal(config_set_listen(&c, "[::1]:0"), PLEIN_OK);
	assert_string_equal(c.listen_host, "::1");
	assert_int_equal(c.listen_port, 0);
	assert_int_equal(config_set_listen(&c, ":9000"), PLEIN_OK);
	assert_string_equal(c.listen_host, "0.0.0.0");
	assert_int_equal(c.listen_port, 9000);
	assert_int_equal(config_set_listen(&c, "localhost:65535"), PLEIN_OK);
	assert_string_equal(c.listen_host, "localhost");
	assert_int_equal(c.listen_port, 65535);
	assert_int_equal(config_set_listen(&c, "[2001:db8::1]:443"), PLEIN_OK);
	assert_string_equal(c.listen_host, "2001:db8::1");
	assert_int_equal(c.listen_port, 443);
}

static void test_listen_bad(void **state)
{
	struct config c;
	(void)state;
	static const char *const bad[] = {
		"x", "", "8080", "1.2.3.4:99999", "1.2.3.4:65536", "host:", "host:-1", "host:80x",
		"host:0x50", "host:8080 ", ":", "[::1]", "[::1]:", "host:99999999999999999999999",
		/* 64 characters of host: one past the buffer */
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa:80",
	};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		config_defaults(&c);
		int rc = config_set_listen(&c, bad[i]);
		if (rc != PLEIN_INVALID)
			print_error("'%s' gave %d\n", bad[i], rc);
		assert_int_equal(rc, PLEIN_INVALID);
		/* a refused value changes nothing */
		assert_string_equal(c.listen_host, "127.0.0.1");
		assert_int_equal(c.listen_port, 8080);
	}
	/* 63 characters fit */
	config_defaults(&c);
	assert_int_equal(config_set_listen(&c, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa:80"), PLEIN_OK);
	assert_int_equal(strlen(c.listen_host), 63);
}

static void test_set_kinds(void **state)
{
	struct config c;
	char err[256];
	(void)state;
	config_defaults(&c);
	/* with and without a section */
	assert_int_equal(config_set(&c, "server", "threads", "8", err, sizeof(err)), PLEIN_OK);
	assert_int_equal(c.threads, 8);
	assert_int_equal(config_set(&c, NULL, "threads", "0", err, sizeof(err)), PLEIN_OK);
	assert_int_equal(c.threads, 0);
	assert_int_equal(config_set(&c, "", "threads", "256", err, sizeof(err)), PLEIN_OK);
	assert_int_equal(c.threads, 256);
	/* size */
	assert_int_equal(config_set(&c, "server", "max_body", "1024", err, sizeof(err)), PLEIN_OK);
	assert_int_equal(c.max_body, 1024);
	assert_int_equal(config_set(&c, "server", "max_body", "67108864", err, sizeof(err)), PLEIN_OK);
	assert_int_equal(c.max_body, 64 << 20);
	/* seconds */
	assert_int_equal(config_set(&c, "auth", "session_idle", "60", err, sizeof(err)), PLEIN_OK);
	assert_int_equal(c.session_idle_seconds, 60);
	assert_int_equal(config_set(&c, "auth", "session_max", "31536000", err, sizeof(err)), PLEIN_OK);
	assert_int_equal(c.session_max_seconds, 31536000);
	/* booleans, every spelling */
	static const char *const yes[] = { "true", "yes", "on", "1" };
	static const char *const no[] = { "false", "no", "off", "0" };
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(config_set(&c, "server", "access_log", no[i], err, sizeof(err)), PLEIN_OK);
		assert_false(c.access_log);
		assert_int_equal(config_set(&c, "server", "access_log", yes[i], err, sizeof(err)), PLEIN_OK);
		assert_true(c.access_log);
	}
	/* listen through config_set */
	assert_int_equal(config_set(&c, "server", "listen", "[::]:81", err, sizeof(err)), PLEIN_OK);
	assert_string_equal(c.listen_host, "::");
	assert_int_equal(c.listen_port, 81);
	/* the remaining numeric keys */
	assert_int_equal(config_set(&c, "server", "max_connections", "100000", err, sizeof(err)), PLEIN_OK);
	assert_int_equal(c.max_connections, 100000);
	assert_int_equal(config_set(&c, "server", "per_ip_connections", "1", err, sizeof(err)), PLEIN_OK);
	assert_int_equal(c.per_ip_connections, 1);
	assert_int_equal(config_set(&c, "server", "timeout", "3600", err, sizeof(err)), PLEIN_OK);
	assert_int_equal(c.timeout_seconds, 3600);
	assert_int_equal(config_set(&c, "auth", "ip_attempts", "1000000", err, sizeof(err)), PLEIN_OK);
	assert_int_equal(c.ip_attempts, 1000000);
	assert_int_equal(config_set(&c, "auth", "ip_window", "86400", err, sizeof(err)), PLEIN_OK);
	assert_int_equal(c.ip_window, 86400);
	assert_int_equal(config_set(&c, "auth", "account_attempts", "3", err, sizeof(err)), PLEIN_OK);
	assert_int_equal(c.account_attempts, 3);
	assert_int_equal(config_set(&c, "auth", "account_window", "1", err, sizeof(err)), PLEIN_OK);
	assert_int_equal(c.account_window, 1);
}

struct bad_case {
	const char *section, *key, *value, *in_message;
};

static void test_set_bad(void **state)
{
	static const struct bad_case cases[] = {
		{ "server", "threads", "257", "from 0 to 256" },
		{ "server", "threads", "-1", "not a number" },
		{ "server", "threads", "+1", "not a number" },
		{ "server", "threads", "", "not a number" },
		{ "server", "threads", "8 ", "not a number" },
		{ "server", "threads", "0x10", "not a number" },
		{ "server", "threads", "1e3", "not a number" },
		{ "server", "threads", "18446744073709551616", "not a number" }, /* 2^64 */
		{ "server", "threads", "4294967304", "not a number" },           /* 2^32 + 8: no wrap to 8 */
		{ "server", "max_connections", "0", "from 1" },
		{ "server", "max_connections", "100001", "to 100000" },
		{ "server", "timeout", "0", "from 1" },
		{ "server", "max_body", "1023", "from 1024" },
		{ "server", "max_body", "67108865", "not a number" },
		{ "server", "access_log", "maybe", "true or false" },
		{ "server", "access_log", "TRUE", "true or false" },
		{ "server", "access_log", "", "true or false" },
		{ "server", "listen", "nope", "HOST:PORT" },
		{ "auth", "session_idle", "59", "from 60" },
		{ "auth", "session_max", "31536001", "not a number" },
		{ "auth", "ip_window", "86401", "not a number" },
		{ "auth", "account_attempts", "0", "from 1" },
		/* unknown keys, and known keys in the wrong section */
		{ "server", "colour", "blue", "unknown setting 'server.colour'" },
		{ NULL, "colour", "blue", "unknown setting 'colour'" },
		{ "auth", "threads", "4", "unknown setting 'auth.threads'" },
		{ "nosuch", "threads", "4", "unknown setting" },
		{ "server", "Threads", "4", "unknown setting" },
	};
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		const struct bad_case *b = &cases[i];
		struct config c, before;
		char err[256] = "";
		config_defaults(&c);
		before = c;
		int rc = config_set(&c, b->section, b->key, b->value, err, sizeof(err));
		if (rc != PLEIN_INVALID || !strstr(err, b->in_message))
			print_error("%s.%s=%s: rc %d, '%s'\n", b->section ? b->section : "", b->key, b->value, rc, err);
		assert_int_equal(rc, PLEIN_INVALID);
		assert_non_null(strstr(err, b->in_message));
		assert_memory_equal(&c, &before, sizeof(c)); /* nothing changed */
	}
}

/* ---- files ---------------------------------------------------------------- */

static char tmpdir[64];

static int file_setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/plein-config-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int file_teardown(void **state)
{
	char p[128];
	(void)state;
	snprintf(p, sizeof(p), "%s/plein.ini", tmpdir);
	unlink(p);
	rmdir(tmpdir);
	return 0;
}

static const char *write_ini(const char *text)
{
	static char p[128];
	snprintf(p, sizeof(p), "%s/plein.ini", tmpdir);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
	return p;
}

static void test_file_valid(void **state)
{
	struct config c;
	char err[512] = "";
	(void)state;
	config_defaults(&c);
	const char *p = write_ini("; a comment\n"
	                          "# another\n"
	                          "[server]\n"
	                          "listen = 0.0.0.0:9999\n"
	                          "threads = 4\n"
	                          "access_log = off\n"
	                          "\n"
	                          "[auth]\n"
	                          "session_idle = 3600\n"
	                          "account_attempts=5\n");
	assert_int_equal(config_load_file(&c, p, true, err, sizeof(err)), PLEIN_OK);
	assert_string_equal(c.listen_host, "0.0.0.0");
	assert_int_equal(c.listen_port, 9999);
	assert_int_equal(c.threads, 4);
	assert_false(c.access_log);
	assert_int_equal(c.session_idle_seconds, 3600);
	assert_int_equal(c.account_attempts, 5);
	/* untouched keys keep their defaults */
	assert_int_equal(c.ip_attempts, 25);
	/* an empty file is fine */
	config_defaults(&c);
	p = write_ini("");
	assert_int_equal(config_load_file(&c, p, true, err, sizeof(err)), PLEIN_OK);
	assert_int_equal(c.listen_port, 8080);
}

static void test_file_errors(void **state)
{
	struct config c;
	char err[512];
	(void)state;

	config_defaults(&c);
	err[0] = '\0';
	const char *p = write_ini("[server]\nthreads = 4\ncolour = blue\n");
	assert_int_equal(config_load_file(&c, p, true, err, sizeof(err)), PLEIN_INVALID);
	assert_non_null(strstr(err, "colour"));
	assert_non_null(strstr(err, p)); /* the message names the file */

	config_defaults(&c);
	err[0] = '\0';
	p = write_ini("[server]\ntimeout = 0\n");
	assert_int_equal(config_load_file(&c, p, true, err, sizeof(err)), PLEIN_INVALID);
	assert_non_null(strstr(err, "timeout"));
	assert_int_equal(c.timeout_seconds, 30);

	/* a key in the wrong section is unknown there */
	config_defaults(&c);
	err[0] = '\0';
	p = write_ini("[auth]\nlisten = 1.2.3.4:5\n");
	assert_int_equal(config_load_file(&c, p, true, err, sizeof(err)), PLEIN_INVALID);
	assert_non_null(strstr(err, "auth.listen"));

	/* a line that is not key = value */
	config_defaults(&c);
	err[0] = '\0';
	p = write_ini("[server]\nthreads = 2\nthis is not a setting\n");
	assert_int_equal(config_load_file(&c, p, true, err, sizeof(err)), PLEIN_INVALID);
	assert_non_null(strstr(err, "line 3"));

	/* the first error is reported even when more follow */
	config_defaults(&c);
	err[0] = '\0';
	p = write_ini("[server]\nfirst_bad = 1\nsecond_bad = 2\n");
	assert_int_equal(config_load_file(&c, p, true, err, sizeof(err)), PLEIN_INVALID);
	assert_non_null(strstr(err, "first_bad"));
	assert_null(strstr(err, "second_bad"));
}

static void test_file_missing(void **state)
{
	struct config c;
	char err[512] = "";
	char p[128];
	(void)state;
	snprintf(p, sizeof(p), "%s/does-not-exist.ini", tmpdir);
	config_defaults(&c);
	assert_int_equal(config_load_file(&c, p, false, err, sizeof(err)), PLEIN_OK);
	assert_int_equal(c.listen_port, 8080);
	assert_int_not_equal(config_load_file(&c, p, true, err, sizeof(err)), PLEIN_OK);
	assert_non_null(strstr(err, "does-not-exist.ini"));
}

/* ---- environment ---------------------------------------------------------- */

static void clear_env(void)
{
	static const char *const names[] = {
		"PLEIN_LISTEN", "PLEIN_THREADS", "PLEIN_MAX_CONNECTIONS", "PLEIN_PER_IP_CONNECTIONS",
		"PLEIN_TIMEOUT", "PLEIN_MAX_BODY", "PLEIN_ACCESS_LOG", "PLEIN_SESSION_IDLE",
		"PLEIN_SESSION_MAX", "PLEIN_IP_ATTEMPTS", "PLEIN_IP_WINDOW", "PLEIN_ACCOUNT_ATTEMPTS",
		"PLEIN_ACCOUNT_WINDOW", "PLEIN_DATA",
	};
	for (size_t i = 0; i < ARRAY_LEN(names); i++)
		unsetenv(names[i]);
}

static void test_env(void **state)
{
	struct config c;
	char err[512] = "";
	(void)state;
	clear_env();
	config_defaults(&c);
	assert_int_equal(config_load_env(&c, err, sizeof(err)), PLEIN_OK);
	assert_int_equal(c.listen_port, 8080); /* nothing set, nothing changed */

	setenv("PLEIN_LISTEN", "[::1]:7000", 1);
	setenv("PLEIN_THREADS", "3", 1);
	setenv("PLEIN_ACCESS_LOG", "no", 1);
	setenv("PLEIN_SESSION_MAX", "7200", 1);
	setenv("PLEIN_MAX_BODY", "2048", 1);
	setenv("PLEIN_DATA", "/var/lib/plein", 1);
	config_defaults(&c);
	assert_int_equal(config_load_env(&c, err, sizeof(err)), PLEIN_OK);
	assert_string_equal(c.listen_host, "::1");
	assert_int_equal(c.listen_port, 7000);
	assert_int_equal(c.threads, 3);
	assert_false(c.access_log);
	assert_int_equal(c.session_max_seconds, 7200);
	assert_int_equal(c.max_body, 2048);
	assert_string_equal(c.data_dir, "/var/lib/plein");

	/* a bad value names the variable */
	setenv("PLEIN_TIMEOUT", "forever", 1);
	config_defaults(&c);
	assert_int_equal(config_load_env(&c, err, sizeof(err)), PLEIN_INVALID);
	assert_non_null(strstr(err, "PLEIN_TIMEOUT"));
	clear_env();

	/* a long PLEIN_DATA is cut to the buffer, never overflowing it */
	char big[3000];
	memset(big, 'd', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	setenv("PLEIN_DATA", big, 1);
	config_defaults(&c);
	assert_int_equal(config_load_env(&c, err, sizeof(err)), PLEIN_OK);
	assert_int_equal(strlen(c.data_dir), sizeof(c.data_dir) - 1);
	clear_env();
}

/* [mail]: text settings; a refused value (it may be a password) is not repeated */
static void test_mail_strings(void **state)
{
	struct config c;
	char err[256];
	config_defaults(&c);
	assert_string_equal(c.mail_smtp_url, "");
	assert_int_equal(config_set(&c, "mail", "smtp_url", "smtps://mail.example.org:465", err, sizeof(err)), PLEIN_OK);
	assert_string_equal(c.mail_smtp_url, "smtps://mail.example.org:465");
	assert_int_equal(config_set(&c, "mail", "password", "s3cret pässword", err, sizeof(err)), PLEIN_OK);
	assert_string_equal(c.mail_password, "s3cret pässword");
	assert_int_equal(config_set(&c, "mail", "password", "s3cret\nX", err, sizeof(err)), PLEIN_INVALID);
	assert_null(strstr(err, "s3cret"));
	assert_string_equal(c.mail_password, "s3cret pässword");
	char longer[600];
	memset(longer, 'p', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	assert_int_equal(config_set(&c, "mail", "password", longer, err, sizeof(err)), PLEIN_INVALID);
	assert_null(strstr(err, "pppp"));
	assert_int_equal(config_set(&c, "mail", "base_url", "https://plein.example.org", err, sizeof(err)), PLEIN_OK);
	assert_int_equal(config_set(&c, "mail", "from", "plein@example.org", err, sizeof(err)), PLEIN_OK);
	assert_int_equal(config_set(&c, "mail", "username", "plein", err, sizeof(err)), PLEIN_OK);
	assert_string_equal(c.mail_username, "plein");
}

/* [insight] hour: a local hour, or -1 for no nightly computation */
static void test_insight_hour(void **state)
{
	struct config c;
	char err[256];
	(void)state;
	config_defaults(&c);
	assert_int_equal(c.insight_hour, 3);
	assert_int_equal(config_set(&c, "insight", "hour", "-1", err, sizeof(err)), PLEIN_OK);
	assert_int_equal(c.insight_hour, -1);
	assert_int_equal(config_set(&c, "insight", "hour", "0", err, sizeof(err)), PLEIN_OK);
	assert_int_equal(c.insight_hour, 0);
	assert_int_equal(config_set(&c, "insight", "hour", "23", err, sizeof(err)), PLEIN_OK);
	assert_int_equal(c.insight_hour, 23);
	static const char *const bad[] = { "24", "-2", "", "3am", "+3", "-0", "99999999999999999999" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(config_set(&c, "insight", "hour", bad[i], err, sizeof(err)), PLEIN_INVALID);
		assert_non_null(strstr(err, "insight.hour"));
		assert_int_equal(c.insight_hour, 23);
	}
	assert_int_equal(setenv("PLEIN_INSIGHT_HOUR", "-1", 1), 0);
	assert_int_equal(config_load_env(&c, err, sizeof(err)), PLEIN_OK);
	assert_int_equal(c.insight_hour, -1);
	unsetenv("PLEIN_INSIGHT_HOUR");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_listen_good),
		cmocka_unit_test(test_listen_bad),
		cmocka_unit_test(test_set_kinds),
		cmocka_unit_test(test_set_bad),
		cmocka_unit_test(test_file_valid),
		cmocka_unit_test(test_file_errors),
		cmocka_unit_test(test_file_missing),
		cmocka_unit_test(test_env),
		cmocka_unit_test(test_mail_strings),
		cmocka_unit_test(test_insight_hour),
	};
	return cmocka_run_group_tests_name("config", tests, file_setup, file_teardown);
}
