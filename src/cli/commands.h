/* commands.h — the subcommands of the plein binary, each in its own file
 * (cli/cmd_*.c), and what they share: flags common to all, opening the data
 * directory. Each returns the process exit code. */
#ifndef PLEIN_COMMANDS_H
#define PLEIN_COMMANDS_H
#include "cli/config.h"
#include "db/db.h"

int cmd_serve(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_reindex(int argc, char **argv);
int cmd_routes(int argc, char **argv);
int cmd_insight(int argc, char **argv);

/* Load configuration for `data_flag` / `config_flag` (NULL when not given):
 * defaults, file, environment. Prints the problem and returns non-zero. */
int cli_config(struct config *c, const char *cmd, const char *data_flag, const char *config_flag);
/* Create the data directory if needed, check it is writable, open the
 * database (migrating it) and load the instance secret. NULL after printing why. */
struct db *cli_open_data(const char *cmd, const struct config *c);
/* Read one line (a password) from standard input, without the newline. */
int cli_read_line(char *buf, size_t size);
#endif
