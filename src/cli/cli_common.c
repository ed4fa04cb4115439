/*
** cli_common.c: option parsing and database opening for the subcommands.
*/
#include "cli.h"

#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

bool cli_wants_help(int argc, char **argv) {
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) return true;
    return false;
}

bool cli_parse_number(const char *option, const char *text, long long min, long long max, long long *out) {
    char *end;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    if (!*text || *end || errno || v < min || v > max) {
        fprintf(stderr, "waystation: %s takes a whole number from %lld to %lld, got '%s'\n", option, min, max, text);
        return false;
    }
    *out = v;
    return true;
}

bool cli_opts_parse(int argc, char **argv, cli_opt *opts, int nopts, char **positional, int *npositional,
                    int max_positional) {
    *npositional = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strncmp(a, "--", 2) != 0 || strcmp(a, "--") == 0) {
            if (*npositional == max_positional) {
                fprintf(stderr, "%s: unexpected argument '%s' (see --help)\n", argv[0], a);
                return false;
            }
            positional[(*npositional)++] = argv[i];
            continue;
        }
        int k = 0;
        while (k < nopts && strcmp(opts[k].name, a) != 0) k++;
        if (k == nopts) {
            fprintf(stderr, "%s: unknown option '%s' (see --help)\n", argv[0], a);
            return false;
        }
        if (opts[k].takes_value) {
            if (i + 1 >= argc) {
                fprintf(stderr, "%s: option %s needs a value\n", argv[0], a);
                return false;
            }
            opts[k].value = argv[++i];
        } else {
            opts[k].value = "";
        }
    }
    return true;
}

const char *cli_opt_value(const cli_opt *opts, int nopts, const char *name) {
    for (int k = 0; k < nopts; k++)
        if (strcmp(opts[k].name, name) == 0) return opts[k].value;
    return NULL;
}

int cli_start(int argc, char **argv, const char *help, cli_opt *opts, int nopts, char **positional,
              int *npositional, int max_positional) {
    if (cli_wants_help(argc, argv)) {
        fputs(help, stdout);
        return CLI_OK;
    }
    if (!cli_opts_parse(argc, argv, opts, nopts, positional, npositional, max_positional)) return CLI_USAGE;
    return CLI_CONTINUE;
}

const char *cli_db_path(const cli_opt *opts, int nopts) {
    const char *p = cli_opt_value(opts, nopts, "--db");
    return p ? p : CLI_DEFAULT_DB;
}

static void make_parent_dir(const char *path) {
    char *copy = strdup(path);
    if (!copy) return;
    const char *dir = dirname(copy);
    if (strcmp(dir, ".") != 0 && mkdir(dir, 0750) != 0 && errno != EEXIST)
        fprintf(stderr, "waystation: cannot create folder %s: %s\n", dir, strerror(errno));
    free(copy);
}

store_db *cli_open_db(const char *path, bool create, int *exit_code) {
    if (create) make_parent_dir(path);
    char why[512];
    store_db *db = NULL;
    ws_err e = store_open(path, create, &db, why, sizeof why);
    if (e) {
        fprintf(stderr, "waystation: %s\n", why);
        *exit_code = e == WS_ERR_NOTFOUND ? CLI_NO_DB : CLI_FAILED;
        return NULL;
    }
    return db;
}
