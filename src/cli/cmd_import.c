/*
** cmd_import.c: `waystation import households FILE` and `waystation import feeds FILE`: the household and
** monitoring-record imports from the console, with a progress bar on a terminal (households) and the
** same report as the API.
*/
#include "cli.h"

#include "../core/date.h"
#include "../io/csv_reader.h"
#include "../io/feed_import.h"
#include "../io/household_import.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

static const char HELP[] =
    "Usage: waystation import households FILE [--dry-run] [--json] [--db PATH]\n"
    "       waystation import feeds FILE [--dry-run] [--json] [--db PATH]\n\n"
    "Imports households from a CSV spreadsheet (UTF-8 with or without BOM, or GB18030/GBK as Chinese\n"
    "Excel saves it). Rows with the same 户编号 form one household. All or nothing: if any row is bad,\n"
    "nothing is written and every problem is listed with its line and column.\n"
    "  --dry-run  check everything, write nothing\n"
    "  --json     print the report as JSON (as the API returns it)\n"
    "The file may have at most 64 MiB.\n"
    "Exit codes: 0 imported (or would be, with --dry-run), 3 the file has problems or is too large,\n"
    "1 other failures (such as a file that cannot be read).\n"
    "The template: GET /api/v1/imports/households/template, or the import page of the UI.\n\n"
    "feeds: imports departments' monitoring records (CSV as above, or JSON when FILE ends in .json in\n"
    "any case), all or nothing; records already imported (same 来源部门 and 记录编号) are skipped, so\n"
    "importing a file twice changes nothing (one that comes again with other content is kept as stored,\n"
    "with a warning).\n"
    "New records about registered people go through the alert rules; the others are kept as leads.\n"
    "Columns and formats: docs/api.md, \"Monitoring feeds\".\n";

static void progress_bar(void *ctx, size_t done, size_t total) {
    int width = 40, filled = total ? (int)(done * (size_t)width / total) : width;
    fprintf(stderr, "\r写入 writing [%.*s%*s] %zu/%zu", filled, "########################################",
            width - filled, "", done, total);
    if (done == total) fputc('\n', stderr);
}

static long long num(json_t *r, const char *key) { return (long long)json_integer_value(json_object_get(r, key)); }

static void print_report(json_t *r) {
    bool feeds = json_object_get(r, "already_imported") != NULL;
    /* A JSON feed file's "row" is the record's position in its array, not a line of the file. */
    const char *format = json_string_value(json_object_get(r, "format"));
    bool records = format && strcmp(format, "json") == 0;
    const char *at = records ? "record" : "line";
    printf("%s: %lld %s, ", json_is_true(json_object_get(r, "ok")) ? "OK" : "REFUSED", num(r, "rows"),
           records ? "records" : "rows");
    if (feeds)
        printf("%lld new (%lld matched, %lld leads), %lld already imported", num(r, "imported"), num(r, "matched"),
               num(r, "leads"), num(r, "already_imported"));
    else
        printf("%lld households, %lld members", num(r, "households"), num(r, "members"));
    printf(", encoding %s%s\n", json_string_value(json_object_get(r, "encoding")),
           json_is_true(json_object_get(r, "dry_run")) ? " (dry run: nothing written)" : "");
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(r, "errors"), i, e) {
        long long row = (long long)json_integer_value(json_object_get(e, "row"));
        const char *column = json_string_value(json_object_get(e, "column"));
        if (row > 0) printf("  %s %lld, %s: ", at, row, *column ? column : "-");
        else printf("  the file: "); /* a problem of the whole file */
        printf("%s / %s\n", json_string_value(json_object_get(e, "zh")), json_string_value(json_object_get(e, "en")));
    }
    /* Feeds: records imported before that came again with other content (kept as stored). */
    json_array_foreach(json_object_get(r, "warnings"), i, e) {
        const char *column = json_string_value(json_object_get(e, "column"));
        printf("  %s %lld, %s: warning: %s / %s\n", at, (long long)json_integer_value(json_object_get(e, "row")),
               *column ? column : "-", json_string_value(json_object_get(e, "zh")),
               json_string_value(json_object_get(e, "en")));
    }
    long long total = (long long)json_integer_value(json_object_get(r, "errors_total"));
    if ((size_t)total > json_array_size(json_object_get(r, "errors")))
        printf("  ... %lld problems in all\n", total);
    json_t *alerts = json_object_get(r, "alerts");
    if (feeds && alerts)
        printf("Imported %lld records; alerts: %lld raised, %lld merged.\n", num(r, "imported"),
               num(alerts, "raised"), num(alerts, "merged"));
    else if (json_is_true(json_object_get(r, "ok")) && !json_is_true(json_object_get(r, "dry_run")))
        printf("Imported %lld households.\n", num(r, "imported"));
}

int cli_import(int argc, char **argv) {
    cli_opt opts[] = {{"--db", true, NULL}, {"--dry-run", false, NULL}, {"--json", false, NULL}};
    char *pos[2];
    int npos;
    int rc = cli_start(argc, argv, HELP, opts, 3, pos, &npos, 2);
    if (rc != CLI_CONTINUE) return rc;
    bool feeds = npos == 2 && strcmp(pos[0], "feeds") == 0;
    if (npos != 2 || (!feeds && strcmp(pos[0], "households") != 0)) {
        fputs(HELP, stderr);
        return CLI_USAGE;
    }
    char *data;
    size_t len;
    ws_err read = io_read_file(pos[1], IO_IMPORT_MAX_BYTES, &data, &len);
    if (read == WS_ERR_LIMIT) {
        fprintf(stderr, "waystation import: %s is larger than the limit of %d MiB; nothing was imported\n", pos[1],
                IO_IMPORT_MAX_BYTES / (1024 * 1024));
        return CLI_INVALID;
    }
    if (read != WS_OK) {
        fprintf(stderr, "waystation import: cannot read %s: %s\n", pos[1], strerror(errno));
        return CLI_FAILED;
    }
    const char *path = cli_db_path(opts, 3);
    int code = CLI_OK;
    store_db *db = cli_open_db(path, false, &code);
    if (!db) {
        free(data);
        return code;
    }
    bool json = cli_opt_value(opts, 3, "--json") != NULL;
    io_import_options opt = {
        .scope = "",
        .actor = {0, "cli"},
        .dry_run = cli_opt_value(opts, 3, "--dry-run") != NULL,
        .today = core_date_shanghai(time(NULL)),
        .progress = isatty(STDERR_FILENO) && !json ? progress_bar : NULL,
    };
    json_t *report = NULL;
    size_t plen = strlen(pos[1]);
    /* any case: a file saved on Windows may well be called RECORDS.JSON */
    io_feed_format format = plen >= 5 && strcasecmp(pos[1] + plen - 5, ".json") == 0 ? IO_FEED_JSON : IO_FEED_CSV;
    ws_err e = feeds ? io_import_feeds(db, &opt, format, data, len, &report)
                     : io_import_households(db, &opt, data, len, &report);
    free(data);
    store_close(db);
    if (report) {
        if (json) {
            char *text = json_dumps(report, JSON_INDENT(2));
            puts(text);
            free(text);
        } else {
            print_report(report);
        }
        json_decref(report);
    }
    if (e == WS_OK) return CLI_OK;
    if (e == WS_ERR_INVALID || e == WS_ERR_LIMIT) return CLI_INVALID;
    fprintf(stderr, "waystation import: the database failed; nothing was imported\n");
    return CLI_FAILED;
}
