/* cmd_user.c — `plein user add|passwd|role`: manage people at the console
 * (the first admin, a forgotten password). Passwords come from standard input
 * so they stay out of the shell history and the process list. */
#include "cli/commands.h"
#include "core/audit.h"
#include "core/password.h"
#include "core/people.h"
#include "core/sessions.h"
#include <getopt.h>

static const char user_usage[] =
	"usage: plein user add --email E --name N [--role admin|moderator|communicator|member|guest|alumni] [--data DIR]\n"
	"       plein user passwd --email E [--data DIR]\n"
	"       plein user role --email E --role admin|moderator|communicator|member|guest|alumni [--data DIR]\n"
	"\n"
	"The password is read from standard input (one line, 12 to 128 characters).\n"
	"passwd also ends all of the person's sessions.\n";

static int read_password(const char *cmd, char *pw, size_t size)
{
	int r = cli_read_line(pw, size);
	if (r == -1) {
		fprintf(stderr, "plein user %s: give the password on standard input\n", cmd);
		return -1;
	}
	const char *problem = r == -2 ? "The password must be at most 128 characters long." : password_policy_error(pw);
	if (problem) {
		fprintf(stderr, "plein user %s: %s\n", cmd, problem);
		return -1;
	}
	return 0;
}

int cmd_user(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "email", required_argument, 0, 'e' }, { "name", required_argument, 0, 'n' },
		{ "role", required_argument, 0, 'r' }, { "data", required_argument, 0, 'd' },
		{ "help", no_argument, 0, 'h' }, { 0, 0, 0, 0 },
	};
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(user_usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	const char *sub = argv[1];
	if (strcmp(sub, "add") && strcmp(sub, "passwd") && strcmp(sub, "role")) {
		fprintf(stderr, "plein user: unknown subcommand '%s' (see plein user --help)\n", sub);
		return 2;
	}
	const char *email = NULL, *name = NULL, *role = NULL, *data = NULL;
	int c;
	opterr = 0;
	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'e': email = optarg; break;
		case 'n': name = optarg; break;
		case 'r': role = optarg; break;
		case 'd': data = optarg; break;
		case 'h': fputs(user_usage, stdout); return 0;
		default:
			fprintf(stderr, "plein user %s: unknown or incomplete option '%s' (see plein user --help)\n", sub, argv[optind - 1]);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "plein user %s: unexpected argument '%s'\n", sub, argv[optind]);
		return 2;
	}
	if (!email || people_email_error(email)) {
		fprintf(stderr, "plein user %s: --email: %s\n", sub, email ? people_email_error(email) : "required");
		return 2;
	}
	if (!strcmp(sub, "add") && !role)
		role = "member";
	if ((role || !strcmp(sub, "role")) && !people_role_valid(role)) {
		fprintf(stderr, "plein user %s: --role must be admin, moderator, member, guest or alumni\n", sub);
		return 2;
	}
	struct person_fields f = { .name = name };
	const char *field, *msg;
	struct pool *p = pool_new();
	int rc = 1;
	struct db *db = NULL;
	if (!strcmp(sub, "add") && (!name || people_validate(p, &f, &field, &msg))) {
		fprintf(stderr, "plein user add: --name: %s\n", name ? msg : "required");
		rc = 2;
		goto out;
	}
	char pw[PASSWORD_MAX * 4 + 2], hash[PASSWORD_HASH_MAX];
	if (strcmp(sub, "role") && read_password(sub, pw, sizeof(pw)))
		goto out;
	struct config cfg;
	if (cli_config(&cfg, "user", data, NULL) || !(db = cli_open_data("user", &cfg)))
		goto out;
	if (strcmp(sub, "role") && password_hash(pw, hash)) {
		fprintf(stderr, "plein user %s: hashing the password failed\n", sub);
		goto out;
	}
	struct person *who = NULL;
	int64_t id;
	if (!strcmp(sub, "add")) {
		int r = people_create(db, email, f.name, role, hash, &id);
		if (r == PLEIN_CONFLICT) {
			fprintf(stderr, "plein user add: someone with the e-mail address %s exists already\n", email);
			goto out;
		}
		if (r) {
			fprintf(stderr, "plein user add: %s\n", db_errmsg(db));
			goto out;
		}
		audit_log(db, 0, "console_user_add", email, "console");
		printf("plein: added %s <%s> as %s (id %lld)\n", f.name, email, role, (long long)id);
		rc = 0;
		goto out;
	}
	if (people_get_by_email(db, p, email, &who, NULL)) {
		fprintf(stderr, "plein user %s: nobody has the e-mail address %s\n", sub, email);
		goto out;
	}
	if (!strcmp(sub, "passwd")) {
		if (people_set_password(db, who->id, hash) || sessions_end_others(db, who->id, 0)) {
			fprintf(stderr, "plein user passwd: %s\n", db_errmsg(db));
			goto out;
		}
		audit_log(db, 0, "console_password_set", email, "console");
		printf("plein: new password set for %s; their sessions have ended\n", email);
	} else {
		if (people_set_role(db, who->id, role)) {
			fprintf(stderr, "plein user role: %s\n", db_errmsg(db));
			goto out;
		}
		audit_log(db, 0, "console_role_set", email, "console");
		printf("plein: %s is now %s\n", email, role);
	}
	rc = 0;
out:
	explicit_bzero(pw, sizeof(pw));
	db_close(db);
	pool_free(p);
	return rc;
}
