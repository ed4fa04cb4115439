/*
** feeds.c: monitoring records in SQL (feeds.h): insert, link the leads of a household's members, list.
*/
#include "feeds.h"

#include "alerts.h"
#include "divisions.h"
#include "store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

ws_err store_feed_find(store_conn *c, const char *source, const char *record_id, bool *exists,
                       store_feed_stored *out) {
    sqlite3_stmt *st = store_stmt(c, "SELECT kind, occurred_on, amount_fen, id_hash, "
                                     "json_extract(detail, '$.disconnected'), "
                                     "coalesce((SELECT h.town_code FROM households h WHERE h.id = f.household_id), "
                                     "  f.town_code, ''), imported_in "
                                     "FROM feed_records f WHERE source = ?1 AND record_id = ?2");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_text(st, 1, source, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, record_id, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        store_feed_stored r = {.amount_fen = -1, .disconnected = -1};
        snprintf(r.kind, sizeof r.kind, "%s", (const char *)sqlite3_column_text(st, 0));
        const char *day = (const char *)sqlite3_column_text(st, 1);
        if (!day || !core_date_parse(day, &r.occurred_on)) r.occurred_on = (core_date){0, 0, 0};
        if (sqlite3_column_type(st, 2) != SQLITE_NULL) r.amount_fen = sqlite3_column_int64(st, 2);
        const void *hash = sqlite3_column_blob(st, 3);
        if (hash && sqlite3_column_bytes(st, 3) == (int)sizeof r.id_hash) {
            memcpy(r.id_hash, hash, sizeof r.id_hash);
            r.has_id_hash = true;
        }
        if (sqlite3_column_type(st, 4) != SQLITE_NULL) r.disconnected = sqlite3_column_int(st, 4) != 0;
        snprintf(r.town, sizeof r.town, "%s", (const char *)sqlite3_column_text(st, 5));
        r.has_importer = sqlite3_column_type(st, 6) != SQLITE_NULL;
        snprintf(r.imported_in, sizeof r.imported_in, "%s", store_col_text(st, 6));
        *out = r;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return store_err(c, rc);
    *exists = rc == SQLITE_ROW;
    return WS_OK;
}

ws_err store_feed_insert(store_conn *w, const store_feed_record *r, int64_t *id) {
    sqlite3_stmt *st = store_stmt(w, "INSERT INTO feed_records (source, record_id, kind, id_hash, id_sealed, "
                                     "id_masked, person_name, occurred_on, amount_fen, town_code, address, detail, "
                                     "household_id, member_id, imported_at, imported_in) "
                                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)");
    if (!st) return WS_ERR_DB;
    /* Text and blobs are bound without copies: they outlive the step, and the statement is reset (its
    ** bindings cleared) before its next use. */
    sqlite3_bind_text(st, 1, r->source, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, r->record_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, r->kind, -1, SQLITE_STATIC);
    sqlite3_bind_blob(st, 4, r->id->hash, sizeof r->id->hash, SQLITE_STATIC);
    sqlite3_bind_blob(st, 5, r->id->sealed, sizeof r->id->sealed, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, r->id->masked, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, r->person_name, -1, SQLITE_STATIC);
    char day[11];
    core_date_format(r->occurred_on, day);
    sqlite3_bind_text(st, 8, day, -1, SQLITE_STATIC);
    if (r->amount_fen >= 0) sqlite3_bind_int64(st, 9, r->amount_fen);
    else sqlite3_bind_null(st, 9);
    store_bind_text(st, 10, r->town_code);
    sqlite3_bind_text(st, 11, r->address, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 12, r->detail, -1, SQLITE_STATIC);
    if (r->household_id > 0) {
        sqlite3_bind_int64(st, 13, r->household_id);
        sqlite3_bind_int64(st, 14, r->member_id);
    } else {
        sqlite3_bind_null(st, 13);
        sqlite3_bind_null(st, 14);
    }
    char now[21];
    store_now_iso(now);
    sqlite3_bind_text(st, 15, now, -1, SQLITE_STATIC);
    store_bind_text(st, 16, r->imported_in);
    ws_err e = store_step_done(w, st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st); /* day and now are about to go out of scope */
    if (!e) *id = sqlite3_last_insert_rowid(store_sqlite(w));
    return e;
}

ws_err store_feed_insert_many(store_conn *w, const store_feed_record *r, size_t n, int64_t *ids) {
    ws_err e = WS_OK;
    for (size_t k = 0; k < n && !e; k++) e = store_feed_insert(w, &r[k], &ids[k]);
    return e;
}

static int by_id(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

ws_err store_feeds_unlink_corrected(store_conn *w, int64_t household_id) {
    /* A lead again, shown to the household's town when the record named none (its station sent it); a town
    ** that came so from an earlier household gives way to this one. */
    sqlite3_stmt *st = store_stmt(w, "UPDATE feed_records SET household_id = NULL, member_id = NULL, "
                                     "town_code = CASE WHEN town_code IS NULL OR town_from_household THEN "
                                     "  (SELECT town_code FROM households WHERE id = ?1) ELSE town_code END, "
                                     "town_from_household = (town_code IS NULL OR town_from_household) "
                                     "WHERE household_id = ?1 AND id_hash IS NOT "
                                     "(SELECT m.id_hash FROM members m WHERE m.id = feed_records.member_id) "
                                     "RETURNING id");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, household_id);
    int64_t *ids = NULL;
    size_t n = 0;
    ws_err e = store_collect_ids(w, st, &ids, &n);
    if (!e && n) e = store_alerts_withdraw_records(w, ids, n, false);
    free(ids);
    return e;
}

ws_err store_feeds_link_household(store_conn *w, int64_t household_id, core_date today) {
    /* The partial index on id_hash finds each member's records; members without a number match nothing. A
    ** record stays with a household its person has left (removed, or the household closed) until the
    ** person is an active member again, here. */
    sqlite3_stmt *st = store_stmt(w, "UPDATE feed_records SET household_id = m.household_id, member_id = m.id "
                                     "FROM members m WHERE m.household_id = ?1 AND m.active = 1 "
                                     "AND m.id_hash IS NOT NULL AND feed_records.id_hash = m.id_hash "
                                     "AND (feed_records.household_id IS NULL OR NOT EXISTS (SELECT 1 FROM members o "
                                     "  WHERE o.id = feed_records.member_id AND o.active = 1)) "
                                     "RETURNING feed_records.id");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, household_id);
    int64_t *ids = NULL;
    size_t n = 0;
    ws_err e = store_collect_ids(w, st, &ids, &n);
    if (!e && n) {
        /* RETURNING gives rows in no promised order; the records are evaluated oldest first. Those that
        ** followed their person here leave the open alerts of the household they came from. */
        qsort(ids, n, sizeof *ids, by_id);
        e = store_alerts_withdraw_records(w, ids, n, true);
        if (!e) e = store_alerts_evaluate_records(w, ids, n, today, NULL);
    }
    free(ids);
    return e;
}

/* Visibility: a record of a household within the prefix ?1..?2, or a lead whose town is; a lead without a
** town when ?3 is 1 (the city). Then the filters: kind ?4, household ?5 (0: any), leads only ?6. */
#define FEED_FROM                                                                                             \
    " FROM feed_records f LEFT JOIN households h ON h.id = f.household_id "                                   \
    "LEFT JOIN divisions d ON d.code = coalesce(h.town_code, f.town_code) "                                   \
    "WHERE (CASE WHEN f.household_id IS NOT NULL THEN h.town_code >= ?1 AND h.town_code < ?2 "                \
    "       WHEN f.town_code IS NULL THEN ?3 = 1 ELSE f.town_code >= ?1 AND f.town_code < ?2 END) "           \
    "AND (?4 IS NULL OR f.kind = ?4) AND (?5 = 0 OR f.household_id = ?5) "                                    \
    "AND (?6 = 0 OR f.household_id IS NULL) "

static void bind_query(sqlite3_stmt *st, const char *prefix, const store_feed_query *q) {
    store_bind_prefix_range(st, 1, prefix);
    sqlite3_bind_int(st, 3, strlen(prefix) <= 4);
    store_bind_text(st, 4, q->kind);
    sqlite3_bind_int64(st, 5, q->household_id);
    sqlite3_bind_int(st, 6, q->unmatched);
}

static json_t *read_record(sqlite3_stmt *st) {
    json_t *detail = json_loads(store_col_text(st, 12), 0, NULL);
    json_t *note = json_object_get(detail, "note"), *cut = json_object_get(detail, "disconnected");
    json_t *item = json_pack(
        "{sI ss ss ss ss ss ss so ss so so so ss so so so ss}", "id", (json_int_t)sqlite3_column_int64(st, 0),
        "source", store_col_text(st, 1), "record_id", store_col_text(st, 2), "kind", store_col_text(st, 3),
        "id_masked", store_col_text(st, 4), "person_name", store_col_text(st, 5), "occurred_on",
        store_col_text(st, 6), "amount_fen",
        sqlite3_column_type(st, 7) == SQLITE_NULL ? json_null() : json_integer(sqlite3_column_int64(st, 7)),
        "address", store_col_text(st, 8), "town_code", store_col_json_text(st, 9), "town_name",
        store_col_json_text(st, 10), "disconnected", cut ? json_copy(cut) : json_null(), "note",
        json_is_string(note) ? json_string_value(note) : "", "household_id",
        sqlite3_column_type(st, 11) == SQLITE_NULL ? json_null() : json_integer(sqlite3_column_int64(st, 11)),
        "household_no", store_col_json_text(st, 13), "member_id",
        sqlite3_column_type(st, 14) == SQLITE_NULL ? json_null() : json_integer(sqlite3_column_int64(st, 14)),
        "imported_at", store_col_text(st, 15));
    json_decref(detail);
    return item;
}

ws_err store_feeds_list(store_conn *c, const store_feed_query *q, json_t **items, int64_t *total) {
    const char *prefix;
    if (!store_scope_narrow(q->scope, q->division, &prefix)) {
        *items = json_array();
        *total = 0;
        return WS_OK;
    }
    sqlite3_stmt *st = store_stmt(c, "SELECT count(*)" FEED_FROM);
    if (!st) return WS_ERR_DB;
    bind_query(st, prefix, q);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) return store_err(c, rc);
    int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    /* The town shown is the household's, or for a lead the town of the record's address. */
    st = store_stmt(c, "SELECT f.id, f.source, f.record_id, f.kind, f.id_masked, f.person_name, f.occurred_on, "
                       "f.amount_fen, f.address, coalesce(h.town_code, f.town_code), d.name, f.household_id, "
                       "f.detail, h.household_no, f.member_id, f.imported_at" FEED_FROM
                       "ORDER BY f.occurred_on DESC, f.id DESC LIMIT ?7 OFFSET ?8");
    if (!st) return WS_ERR_DB;
    bind_query(st, prefix, q);
    sqlite3_bind_int64(st, 7, q->limit);
    sqlite3_bind_int64(st, 8, q->offset);
    json_t *arr = json_array();
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) json_array_append_new(arr, read_record(st));
    if (rc != SQLITE_DONE) {
        json_decref(arr);
        return store_err(c, rc);
    }
    *items = arr;
    *total = n;
    return WS_OK;
}
