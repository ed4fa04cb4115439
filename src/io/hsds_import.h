/*
** hsds_import.h: importing an Open Referral HSDS 3.0 tabular data package (its CSV files), all or nothing.
**
** Every table of the package is read and checked against the standard (io/hsds_tables.h): ids are UUIDs and
** unique, required cells filled, numbers, dates, times, UUIDs, e-mail addresses, URIs and coded values well
** formed. If any cell is wrong nothing is written and the report lists every problem with its file, line,
** column and reason in Chinese and English. Foreign keys are not checked: a package may point at rows
** published elsewhere, and such rows are kept like any other.
**
** Then each organization becomes a provider (or updates the provider that has its id): its name,
** description, e-mail and website, and what the package says in the export's own terms (io/hsds_export.h):
** its kind and division (attributes with terms of the kinds and divisions taxonomies), its address, phone
** and contact (the rows an export makes for them). A service becomes one of its provider's catalog items
** when an attribute links it to a term of the catalog taxonomy; its service areas linked to division terms
** become the provider's service areas, and its simple weekly schedule rows the provider's schedule. What
** the package does not say takes defaults: kind social_org, the city's division, capacity 0, and status
** active when the provider has service areas, paused until an administrator sets them otherwise.
** Every row of every file is kept as it came (store/hsds.h), also columns and tables the standard lacks, so
** that an export gives all of it back.
*/
#ifndef WS_IO_HSDS_IMPORT_H
#define WS_IO_HSDS_IMPORT_H
#include "../store/audit.h"
#include "../store/db.h"
#include "hsds_tables.h"

#include <jansson.h>
#include <stdbool.h>

enum { IO_HSDS_MAX_BYTES = 64 * 1024 * 1024, IO_HSDS_MAX_ERRORS = 10000 };

typedef struct io_hsds_import_options {
    store_actor actor; /* recorded in the audit log */
    bool dry_run;      /* check and map everything, write nothing */
} io_hsds_import_options;

/*
** Reads every *.csv file of dir into files (other files, such as datapackage.json, are not read: the
** standard's tables are known by their file names). WS_ERR_LIMIT past IO_HSDS_MAX_BYTES in all, WS_ERR_IO
** (why filled) when dir or a file cannot be read. On failure files holds what was read (free it).
*/
ws_err io_hsds_read_dir(const char *dir, io_hsds_files *files, char *why, size_t whysz);

/*
** Imports the CSV files of files (others are ignored). Sets *report (new JSON: ok, dry_run, files: [{file,
** table, rows}], rows, providers_created, providers_updated, services_mapped, rows_kept_aside, errors:
** [{file, row, column, code, zh, en}], errors_total) except on WS_ERR_DB, and on WS_ERR_CONFLICT when the
** directory changed under the import in a way that collides with it (nothing written; retry). Returns WS_OK
** when imported (or, in a dry run, importable), WS_ERR_INVALID when the package has problems, WS_ERR_LIMIT
** when too large.
*/
ws_err io_hsds_import(store_db *db, const io_hsds_import_options *opt, const io_hsds_files *files,
                      json_t **report);

#endif
