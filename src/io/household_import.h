/*
** household_import.h: importing the stations' household spreadsheets (CSV), all or nothing.
**
** Rows that share a household number (户编号) form one household; household fields (town, village,
** address, category, registration date) come from the household's rows and must not contradict each
** other. Every row is checked (ID numbers, dates, phones, one head, towns within the importer's
** division, ID numbers unique in the file and in the city); if any row is bad nothing is written and the
** report lists every problem with its line, column and reason in Chinese and English, in line order
** (problems of one line in the order they were found). Problems of the whole file have line 0. A dry run checks
** everything, including the database's uniqueness rules, and writes nothing.
*/
#ifndef WS_IO_HOUSEHOLD_IMPORT_H
#define WS_IO_HOUSEHOLD_IMPORT_H
#include "../core/date.h"
#include "../store/audit.h"
#include "../store/db.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct io_import_options {
    const char *scope;  /* the importer's division: every town must lie within it */
    store_actor actor;  /* recorded in the audit log and the category history */
    bool dry_run;
    core_date today;
    /* Called now and then while writing, with households written so far and the total; may be NULL. */
    void (*progress)(void *ctx, size_t done, size_t total);
    void *progress_ctx;
} io_import_options;

enum { IO_IMPORT_MAX_BYTES = 64 * 1024 * 1024, IO_IMPORT_MAX_ERRORS = 10000 };

/*
** Imports data[0..len). Sets *report (new JSON: ok, dry_run, encoding, rows, households, members,
** imported, errors[], errors_total) except on WS_ERR_DB. Returns WS_OK when the file was imported (or,
** in a dry run, would be), WS_ERR_INVALID when it has problems (nothing written).
*/
ws_err io_import_households(store_db *db, const io_import_options *opt, const char *data, size_t len,
                            json_t **report);

/* The template: UTF-8 with BOM (Excel opens it correctly), Chinese headers and one example row. Static. */
const char *io_import_households_template(size_t *len);

#endif
