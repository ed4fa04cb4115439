/*
** hsds.h: what the directory keeps for Open Referral HSDS exchange (migration 4), and the reads an export
** makes in one snapshot.
**
** hsds_records keeps every row an HSDS import brought, column for column as text. A row the directory
** took in names its owner (the HSDS id of the organization, service or taxonomy it belongs to) and its role
** for that owner; the export (io/hsds_export.h) writes the directory's own row for that role under the kept
** row's id and with its other columns. Rows without a role are written back as they came. Functions taking
** w must run inside a write transaction (db.h) and do not audit: callers do.
*/
#ifndef WS_STORE_HSDS_H
#define WS_STORE_HSDS_H
#include "db.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/*
** Gives every provider and every provider service that has no HSDS id a random UUID, kept from then on so
** that each export names them alike. *assigned counts them.
*/
ws_err store_hsds_assign_ids(store_conn *w, int64_t *assigned);

/* True when some provider or provider service has no HSDS id yet (or the database cannot tell). */
bool store_hsds_ids_missing(store_conn *c);

/*
** Everything an export needs, read in one snapshot of c, as a new JSON document:
**   providers:  [{id, hsds_id, name, kind, division_code, description, contact_name, phone, email, website,
**                 address, status, capacity_per_week, services: [{hsds_id, item_code, description, status}],
**                 areas: [division codes], schedules: [{weekday, opens_at, closes_at, note}]}]  by id
**   divisions:  [{code, name, level, kind, parent_code (null for the city)}]                     by code
**   categories: [{code, zh, en}], items: [{code, category, zh, en}]                              by code
**   records:    [{table, id, fields: {column: text}, owner, role (both null without a role)}]
**   extensions: [{table, path, columns: [names]}]  columns and tables beyond the standard, in their order
** Providers or services without an HSDS id have hsds_id null (store_hsds_assign_ids first).
*/
ws_err store_hsds_directory(store_conn *c, json_t **out);

/*
** Keeps one imported row, replacing a kept row of the same table and id. fields is an object of texts
** (copied). owner and role are both NULL for a row the directory has no place for; a role another row held
** for the same owner passes to this one (the other is then kept without a role).
*/
ws_err store_hsds_record_put(store_conn *w, const char *table, const char *id, json_t *fields, const char *owner,
                             const char *role);

/* Appends the columns (an array of names) that table (kept as path) has beyond the standard, those not
** known yet, after those known. */
ws_err store_hsds_columns_add(store_conn *w, const char *table, const char *path, json_t *columns);

#endif
