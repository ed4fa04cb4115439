/*
** cli.h: what the subcommands of `waystation` share: exit codes, options, opening the database.
*/
#ifndef WS_CLI_H
#define WS_CLI_H
#include "../store/db.h"

#include <stdbool.h>
#include <stddef.h>

/* Exit codes that scripts can rely on. */
enum {
    CLI_OK = 0,
    CLI_FAILED = 1,    /* something went wrong: the database, a file, the port */
    CLI_USAGE = 2,     /* the command line was wrong */
    CLI_INVALID = 3,   /* the data was refused (an import with bad rows, an audit log that fails verification) */
    CLI_NO_DB = 4      /* no database at --db: run `waystation init` */
};

#define CLI_DEFAULT_DB "var/waystation.db"

/* One subcommand: argv[0] is its name. */
typedef int (*cli_command_fn)(int argc, char **argv);

int cli_serve(int argc, char **argv);
int cli_init(int argc, char **argv);
int cli_demo(int argc, char **argv);
int cli_import(int argc, char **argv);
int cli_user(int argc, char **argv);
int cli_audit(int argc, char **argv);
int cli_backup(int argc, char **argv);
int cli_mpi(int argc, char **argv);
int cli_hsds(int argc, char **argv);
int cli_jsonlogic(int argc, char **argv);

/*
** Options of the form --name VALUE or --flag. cli_opts_parse walks argv from index 1: known options are
** consumed, other words collected as positional arguments. Unknown options are usage errors.
*/
typedef struct cli_opt {
    const char *name;   /* "--db" */
    bool takes_value;
    const char *value;  /* set when seen: the value, or "" for a flag */
} cli_opt;

/* Returns false after printing a message (the caller exits with CLI_USAGE). */
bool cli_opts_parse(int argc, char **argv, cli_opt *opts, int nopts, char **positional, int *npositional,
                    int max_positional);
const char *cli_opt_value(const cli_opt *opts, int nopts, const char *name); /* NULL when absent */
bool cli_wants_help(int argc, char **argv);
/* Parses a whole number in [min, max]; false (after printing which option) when text is not one. */
bool cli_parse_number(const char *option, const char *text, long long min, long long max, long long *out);

/*
** The start every subcommand shares: prints help and returns CLI_OK for --help, parses the options and
** returns CLI_USAGE when they are wrong, and returns CLI_CONTINUE when the command should go on.
*/
enum { CLI_CONTINUE = -1 };
int cli_start(int argc, char **argv, const char *help, cli_opt *opts, int nopts, char **positional,
              int *npositional, int max_positional);
/* The --db option's value, or the default path. */
const char *cli_db_path(const cli_opt *opts, int nopts);

/* Opens the database (creating it when create), making its folder first; prints why on failure. */
store_db *cli_open_db(const char *path, bool create, int *exit_code);

/* The demo's synthetic providers (demo_providers.c), unless the database has some already; *added says how
** many were made. */
int cli_demo_providers(store_db *db, size_t *added);
/* The demo's referrals in every state (demo_referrals.c), unless the database has synthetic ones already;
** *added says how many were made. */
int cli_demo_referrals(store_db *db, size_t *added);
/* The demo's declared facts and benefits received (demo_policies.c) for the synthetic households, unless
** the demo recorded benefits already; *households says for how many. */
int cli_demo_policies(store_db *db, size_t *households);
/* The demo's monitoring records of every kind (demo_feeds.c), through the feed import (so a second run adds
** nothing); *raised says how many alerts they raised. */
int cli_demo_feeds(store_db *db, size_t *raised);

#endif
