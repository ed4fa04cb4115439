/*
** cmd_backup.c: `waystation backup`: a consistent copy of the database and its key file, safe while the
** server runs.
*/
#include "cli.h"

#include <stdio.h>

static const char HELP[] =
    "Usage: waystation backup [--db PATH] DEST\n\n"
    "Writes a consistent copy of the database to DEST and its key file to DEST.key, while the server may\n"
    "keep running (SQLite's VACUUM INTO reads one snapshot). DEST must not exist.\n"
    "To restore: stop the server, then copy DEST to the database path and DEST.key to PATH.key\n"
    "(mode 0600), and start the server again.\n";

int cli_backup(int argc, char **argv) {
    cli_opt opts[] = {{"--db", true, NULL}};
    char *pos[1];
    int npos;
    int rc = cli_start(argc, argv, HELP, opts, 1, pos, &npos, 1);
    if (rc != CLI_CONTINUE) return rc;
    if (npos != 1) {
        fputs(HELP, stderr);
        return CLI_USAGE;
    }
    const char *path = cli_db_path(opts, 1);
    int code = CLI_OK;
    store_db *db = cli_open_db(path, false, &code);
    if (!db) return code;
    char why[512];
    ws_err e = store_backup(db, pos[0], why, sizeof why);
    store_close(db);
    if (e) {
        fprintf(stderr, "waystation backup: %s\n", why);
        return CLI_FAILED;
    }
    printf("Backed up to %s (and its key to %s.key)\n", pos[0], pos[0]);
    return CLI_OK;
}
