/*
** cmd_audit.c: `waystation audit verify|list`: checking the hash chain of the audit log, and reading it.
*/
#include "cli.h"

#include "../store/audit.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char HELP[] =
    "Usage: waystation audit verify [--db PATH]\n"
    "       waystation audit list [--db PATH] [--limit N]\n\n"
    "verify  recomputes the keyed hash chain of the audit log; exit 0 when intact, 3 when any entry was\n"
    "        edited, deleted or inserted (the first broken entry is named). It prints the newest entry's\n"
    "        hash: keep it elsewhere to notice, later, entries cut off the end.\n"
    "list    prints the newest entries (default 20) as JSON lines.\n";

int cli_audit(int argc, char **argv) {
    cli_opt opts[] = {{"--db", true, NULL}, {"--limit", true, NULL}};
    char *pos[1];
    int npos;
    int rc = cli_start(argc, argv, HELP, opts, 2, pos, &npos, 1);
    if (rc != CLI_CONTINUE) return rc;
    bool verify = npos == 1 && strcmp(pos[0], "verify") == 0, list = npos == 1 && strcmp(pos[0], "list") == 0;
    long long limit = 20;
    const char *limit_text = cli_opt_value(opts, 2, "--limit");
    if ((!verify && !list) || (limit_text && !cli_parse_number("--limit", limit_text, 1, 1000000, &limit))) {
        fputs(HELP, stderr);
        return CLI_USAGE;
    }
    const char *path = cli_db_path(opts, 2);
    int code = CLI_OK;
    store_db *db = cli_open_db(path, false, &code);
    if (!db) return code;
    store_conn *c = store_read_acquire(db);
    if (verify) {
        int64_t checked = 0, bad = 0;
        char why[256], head[65];
        ws_err e = store_audit_verify(c, &checked, &bad, head, why, sizeof why);
        if (e == WS_OK) printf("audit log intact: %" PRId64 " entries verified; head %s\n", checked, head);
        else if (e == WS_ERR_INVALID) fprintf(stderr, "audit log BROKEN: %s\n", why);
        else fprintf(stderr, "audit verify failed: database error\n");
        code = e == WS_OK ? CLI_OK : e == WS_ERR_INVALID ? CLI_INVALID : CLI_FAILED;
    } else {
        json_t *items;
        int64_t total;
        if (store_audit_list(c, limit, 0, &items, &total) == WS_OK) {
            size_t i;
            json_t *it;
            json_array_foreach(items, i, it) {
                char *line = json_dumps(it, JSON_COMPACT);
                puts(line);
                free(line);
            }
            json_decref(items);
        } else {
            code = CLI_FAILED;
        }
    }
    store_read_release(c);
    store_close(db);
    return code;
}
