/*
** store_int.h: internals shared by the files of src/store, the only place that speaks SQL.
*/
#ifndef WS_STORE_INT_H
#define WS_STORE_INT_H
#include "db.h"

#include <jansson.h>
#include <sqlite3.h>
#include <stdint.h>

/* A cached prepared statement for sql (a string literal, cached by address), reset and unbound. */
sqlite3_stmt *store_stmt(store_conn *c, const char *sql);
sqlite3 *store_sqlite(store_conn *c);

/* Maps a SQLite result code to ws_err (constraint failures become WS_ERR_CONFLICT); logs unexpected ones. */
ws_err store_err(store_conn *c, int rc);

/* Steps a statement that returns no rows: WS_OK when done, else store_err of the result. */
ws_err store_step_done(store_conn *c, sqlite3_stmt *st);

/* Steps a statement whose first column is an id, collecting every row's into *ids (new, free()) and *n. */
ws_err store_collect_ids(store_conn *c, sqlite3_stmt *st, int64_t **ids, size_t *n);

/* Column helpers: text as "" when NULL; a JSON string or null. */
const char *store_col_text(sqlite3_stmt *st, int col);
json_t *store_col_json_text(sqlite3_stmt *st, int col);

/* Binds text, or NULL when s is NULL. */
int store_bind_text(sqlite3_stmt *st, int idx, const char *s);

/* The current UTC time as "yyyy-mm-ddThh:mm:ssZ". */
void store_now_iso(char out[21]);

/* Binds the half-open range [prefix, prefix with its last character incremented) at idx and idx+1, so that
** "code >= ?idx AND code < ?idx+1" selects every code under a division (an index-friendly prefix match). */
void store_bind_prefix_range(sqlite3_stmt *st, int idx, const char *prefix);

/* Joins household h's head as hm: the active head, or for a closed household (whose members are all
** inactive) the head it had when it closed, so that its alerts and tasks still name someone. */
#define STORE_JOIN_HEAD                                                                                       \
    "LEFT JOIN members hm ON hm.id = (SELECT max(id) FROM members WHERE household_id = h.id AND "              \
    "relation = 'head' AND (active = 1 OR h.closed_at IS NOT NULL)) "

ws_err store_migrate(store_conn *w, char *why, size_t whysz);
ws_err store_seed(store_conn *w);
/* Migration 2's seed: difficulty areas, the service catalog, and questionnaire version 1 (published). */
ws_err store_seed_assessment(store_conn *w);
/* Migration 5's seed: the default departments, policies, exclusions and city parameters (seed_policies.c). */
ws_err store_seed_policies(store_conn *w);

#endif
