/*
** cmd_hsds.c: `waystation hsds export DIR` and `waystation hsds import DIR`: the resource directory as an
** Open Referral HSDS 3.0 package, out and in.
*/
#include "cli.h"

#include "../io/hsds_export.h"
#include "../io/hsds_import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char HELP[] =
    "Usage: waystation hsds export DIR [--db PATH]\n"
    "       waystation hsds import DIR [--dry-run] [--json] [--db PATH]\n\n"
    "The resource directory (providers, the catalog items they offer, their service areas and schedules) as\n"
    "Open Referral's Human Services Data Specification 3.0.\n\n"
    "export writes DIR/services.json (service objects as the standard's service_full.json),\n"
    "  DIR/organizations.json (organization objects with their services) and DIR/csv/, the tabular data\n"
    "  package: one CSV file per table and its datapackage.json. The catalog, the kinds of provider and the\n"
    "  divisions are taxonomies of the package. Providers and services without an HSDS id get one first.\n"
    "import reads the CSV files of DIR (organizations.csv, services.csv, ...; DIR/csv of an export): all or\n"
    "  nothing, every problem listed with its file, line and column. Organizations become providers (or\n"
    "  update the provider with the same id), services linked to a catalog term become their items; every\n"
    "  row is kept, so that an export gives back what the directory has no place for.\n"
    "  --dry-run  check everything, write nothing\n"
    "  --json     print the report as JSON (as the API returns it)\n"
    "The package may have at most 64 MiB.\n"
    "Exit codes: 0 done, 3 the package has problems or is too large, 1 other failures (such as a folder that\n"
    "cannot be read or written), 2 usage error, 4 no database.\n";

static int export_dir(store_db *db, const char *dir) {
    io_hsds_export x;
    store_actor actor = {0, "cli"};
    ws_err e = io_hsds_export_build(db, &actor, &x);
    if (e) {
        fprintf(stderr, "waystation hsds: the export failed (%s)\n", ws_err_name(e));
        return CLI_FAILED;
    }
    char why[512];
    e = io_hsds_export_write(&x, dir, why, sizeof why);
    if (e) {
        fprintf(stderr, "waystation hsds: %s\n", why);
    } else {
        printf("Wrote %zu services and %zu organizations to %s/services.json and %s/organizations.json, and %zu "
               "files to %s/csv\n",
               json_array_size(x.services), json_array_size(x.organizations), dir, dir, x.csv.count, dir);
    }
    io_hsds_export_free(&x);
    return e ? CLI_FAILED : CLI_OK;
}

static void print_report(json_t *r) {
    printf("%s: %lld rows in %zu files; %lld providers created, %lld updated, %lld services mapped to the "
           "catalog, %lld rows kept aside%s\n",
           json_is_true(json_object_get(r, "ok")) ? "OK" : "REFUSED",
           (long long)json_integer_value(json_object_get(r, "rows")), json_array_size(json_object_get(r, "files")),
           (long long)json_integer_value(json_object_get(r, "providers_created")),
           (long long)json_integer_value(json_object_get(r, "providers_updated")),
           (long long)json_integer_value(json_object_get(r, "services_mapped")),
           (long long)json_integer_value(json_object_get(r, "rows_kept_aside")),
           json_is_true(json_object_get(r, "dry_run")) ? " (dry run: nothing written)" : "");
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(r, "errors"), i, e) {
        const char *file = json_string_value(json_object_get(e, "file"));
        const char *column = json_string_value(json_object_get(e, "column"));
        long long row = (long long)json_integer_value(json_object_get(e, "row"));
        printf("  %s", *file ? file : "the package");
        if (row > 0) printf(", line %lld", row);
        if (*column) printf(", %s", column);
        printf(": %s / %s\n", json_string_value(json_object_get(e, "zh")), json_string_value(json_object_get(e, "en")));
    }
    long long total = (long long)json_integer_value(json_object_get(r, "errors_total"));
    if ((size_t)total > json_array_size(json_object_get(r, "errors"))) printf("  ... %lld problems in all\n", total);
}

static int import_dir(store_db *db, const char *dir, bool dry_run, bool json) {
    io_hsds_files files = {0};
    char why[512];
    ws_err e = io_hsds_read_dir(dir, &files, why, sizeof why);
    if (e) {
        fprintf(stderr, "waystation hsds: %s; nothing was imported\n", why);
        io_hsds_files_free(&files);
        return e == WS_ERR_LIMIT ? CLI_INVALID : CLI_FAILED;
    }
    io_hsds_import_options opt = {.actor = {0, "cli"}, .dry_run = dry_run};
    json_t *report = NULL;
    e = io_hsds_import(db, &opt, &files, &report);
    io_hsds_files_free(&files);
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
    fprintf(stderr, "waystation hsds: the import failed (%s); nothing was imported\n", ws_err_name(e));
    return CLI_FAILED;
}

int cli_hsds(int argc, char **argv) {
    cli_opt opts[] = {{"--db", true, NULL}, {"--dry-run", false, NULL}, {"--json", false, NULL}};
    char *pos[2];
    int npos;
    int rc = cli_start(argc, argv, HELP, opts, 3, pos, &npos, 2);
    if (rc != CLI_CONTINUE) return rc;
    bool exporting = npos == 2 && strcmp(pos[0], "export") == 0;
    bool importing = npos == 2 && strcmp(pos[0], "import") == 0;
    bool dry_run = cli_opt_value(opts, 3, "--dry-run") != NULL, json = cli_opt_value(opts, 3, "--json") != NULL;
    if (!(exporting || importing) || (exporting && (dry_run || json))) {
        fputs(HELP, stderr);
        return CLI_USAGE;
    }
    int code = CLI_OK;
    store_db *db = cli_open_db(cli_db_path(opts, 3), false, &code);
    if (!db) return code;
    code = exporting ? export_dir(db, pos[1]) : import_dir(db, pos[1], dry_run, json);
    store_close(db);
    return code;
}
