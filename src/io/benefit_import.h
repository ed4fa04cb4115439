/*
** benefit_import.h: importing the benefits departments deliver (CSV), all or nothing.
**
** Each row names a household, by the ID number of the member who receives the benefit or by household
** number and town, a policy of the catalog, the period and the monthly amount in yuan. Every row is
** checked; if any is bad nothing is written and the report lists every problem with its line, column and
** reason in Chinese and English (the household import's shape, import_sheet.h). A row naming a household
** outside the importer's division says only that it is not in the jurisdiction. A row for a household,
** policy and start date already recorded replaces that record's end and amount.
*/
#ifndef WS_IO_BENEFIT_IMPORT_H
#define WS_IO_BENEFIT_IMPORT_H
#include "household_import.h"

/*
** Imports data[0..len) with opt (scope, actor, dry_run, today; progress unused). Sets *report (new JSON:
** ok, dry_run, encoding, rows, benefits, replaced, errors[], errors_total) except on WS_ERR_DB. Returns
** WS_OK when the file was imported (or, in a dry run, would be), WS_ERR_INVALID when it has problems,
** WS_ERR_LIMIT when it is too large (nothing written either way).
*/
ws_err io_import_benefits(store_db *db, const io_import_options *opt, const char *data, size_t len, json_t **report);

/* The template: UTF-8 with BOM, Chinese headers and one example row. Static. */
const char *io_import_benefits_template(size_t *len);

#endif
