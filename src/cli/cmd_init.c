/*
** cmd_init.c: `waystation init`: a new database with the default divisions and stations, and its key file.
*/
#include "cli.h"

#include <stdio.h>
#include <sys/stat.h>

static const char HELP[] =
    "Usage: waystation init [--db PATH]\n\n"
    "Creates the database (default " CLI_DEFAULT_DB ") with the divisions of Weihai (3710) and one referral\n"
    "station per town, and the key file PATH.key (mode 0600) that encrypts ID numbers. Keep the key file\n"
    "safe and back it up with the database: without it no ID number can be read.\n"
    "On an existing database it only applies pending schema migrations.\n";

int cli_init(int argc, char **argv) {
    cli_opt opts[] = {{"--db", true, NULL}};
    char *pos[1];
    int npos;
    int rc = cli_start(argc, argv, HELP, opts, 1, pos, &npos, 0);
    if (rc != CLI_CONTINUE) return rc;
    const char *path = cli_db_path(opts, 1);
    struct stat st;
    bool existed = stat(path, &st) == 0;
    int code = CLI_OK;
    store_db *db = cli_open_db(path, true, &code);
    if (!db) return code;
    printf("%s %s (schema version %d)\n", existed ? "Database is up to date:" : "Created", path,
           store_schema_version(db));
    store_close(db);
    return CLI_OK;
}
