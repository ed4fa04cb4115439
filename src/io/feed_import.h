/*
** feed_import.h: importing the monitoring records departments send (CSV or JSON), all or nothing.
**
** Each record names its source department, the department's own record id, a kind (a feed kind code of
** core/alert.h or its Chinese name), the person's ID number, the day it happened (a date, a local
** Asia/Shanghai date and time, or an instant with its offset, always kept as its Asia/Shanghai day), an
** amount in yuan where the kind has one, and the address and town. Every record is checked; if any is bad
** nothing is written and the report lists every problem (the household import's shape, import_sheet.h).
** Source codes are compared and stored with full-width letters and digits folded to ASCII and letters
** lower-cased (record ids folded only), so YBJ and ｙｂｊ are one department. A record whose source and
** record id are stored already is counted as already imported and left as it is, so importing a file twice
** changes nothing; if its kind, day, amount, ID number or disconnected flag differ from the stored ones,
** the report says so in a warning. New records are matched to registered members by ID
** number; the others are kept as leads (store/feeds.h). After a real import the alert rules run over the
** new matched records in the same transaction (store/alerts.h).
*/
#ifndef WS_IO_FEED_IMPORT_H
#define WS_IO_FEED_IMPORT_H
#include "household_import.h"

/* The formats of a file. */
typedef enum io_feed_format { IO_FEED_CSV, IO_FEED_JSON } io_feed_format;

/*
** Imports data[0..len) of format with opt (scope, actor, dry_run, today; progress unused). Sets *report
** (new JSON: ok, dry_run, format, encoding, rows, imported, already_imported, already_imported_changed,
** matched, leads, alerts (not in a dry run), errors[], errors_total, warnings[]) except on WS_ERR_DB. Returns WS_OK when the file was imported
** (or, in a dry run, would be), WS_ERR_INVALID when it has problems, WS_ERR_LIMIT when it is too large
** (nothing written either way).
*/
ws_err io_import_feeds(store_db *db, const io_import_options *opt, io_feed_format format, const char *data,
                       size_t len, json_t **report);

/*
** The local (Asia/Shanghai) day of a record's date or time: a date as core_date_parse reads it; a date and
** time ("2026-12-04 07:30", "2026-12-04T07:30:00", local time); or an instant with a zone
** ("2026-12-04T07:30:00+08:00", "2026-12-03T23:30:00Z", "+0800", "+08"). False (out untouched) otherwise.
*/
bool io_feed_parse_day(const char *text, core_date *out);

#endif
