/*
** hsds.c: the kept HSDS rows and extra columns, HSDS ids for providers and their services, and the one
** snapshot an export reads.
*/
#include "hsds.h"

#include "../core/uuid.h"
#include "store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- HSDS ids ---------------------------------------------------------------------------------------- */

/* Gives each row of table without an hsds_id a random one. Ids are read first, then updated one by one. */
static ws_err assign_ids(store_conn *w, const char *select_sql, const char *update_sql, int64_t *assigned) {
    sqlite3_stmt *st = store_stmt(w, select_sql);
    if (!st) return WS_ERR_DB;
    int64_t *ids = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            int64_t *grown = realloc(ids, cap * sizeof *ids);
            if (!grown) abort();
            ids = grown;
        }
        ids[n++] = sqlite3_column_int64(st, 0);
    }
    ws_err e = store_err(w, rc);
    for (size_t i = 0; i < n && !e; i++) {
        char uuid[CORE_UUID_LEN + 1];
        core_uuid_random(uuid);
        st = store_stmt(w, update_sql);
        if (!st) {
            e = WS_ERR_DB;
            break;
        }
        sqlite3_bind_text(st, 1, uuid, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, ids[i]);
        e = store_err(w, sqlite3_step(st));
    }
    free(ids);
    if (!e) *assigned += (int64_t)n;
    return e;
}

ws_err store_hsds_assign_ids(store_conn *w, int64_t *assigned) {
    int64_t n = 0;
    ws_err e = assign_ids(w, "SELECT id FROM providers WHERE hsds_id IS NULL ORDER BY id",
                          "UPDATE providers SET hsds_id = ?1 WHERE id = ?2", &n);
    if (!e)
        e = assign_ids(w, "SELECT id FROM provider_services WHERE hsds_id IS NULL ORDER BY id",
                       "UPDATE provider_services SET hsds_id = ?1 WHERE id = ?2", &n);
    if (!e) *assigned = n;
    return e;
}

bool store_hsds_ids_missing(store_conn *c) {
    sqlite3_stmt *st = store_stmt(c, "SELECT EXISTS (SELECT 1 FROM providers WHERE hsds_id IS NULL) OR "
                                     "EXISTS (SELECT 1 FROM provider_services WHERE hsds_id IS NULL)");
    bool missing = !st || sqlite3_step(st) != SQLITE_ROW || sqlite3_column_int(st, 0) != 0;
    if (st) sqlite3_reset(st);
    return missing;
}

/* ---- the export's snapshot ---------------------------------------------------------------------------- */

static json_t *parse_object(const char *text) {
    json_t *o = json_loads(text, 0, NULL);
    if (json_is_object(o)) return o;
    json_decref(o);
    return json_object();
}

/* Providers in id order, and an object from each id's text to its provider, for the lists that follow. */
static ws_err read_providers(store_conn *c, json_t *doc, json_t *by_id) {
    sqlite3_stmt *st = store_stmt(c, "SELECT id, hsds_id, name, kind, division_code, description, contact_name, phone, "
                                     "email, website, address, status, capacity_per_week FROM providers ORDER BY id");
    if (!st) return WS_ERR_DB;
    json_t *list = json_object_get(doc, "providers");
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *p = json_pack("{s:I, s:o, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:[], s:[], s:[]}",
                              "id",
                              (json_int_t)sqlite3_column_int64(st, 0), "hsds_id", store_col_json_text(st, 1), "name",
                              store_col_text(st, 2), "kind", store_col_text(st, 3), "division_code",
                              store_col_text(st, 4), "description", store_col_text(st, 5), "contact_name",
                              store_col_text(st, 6), "phone", store_col_text(st, 7), "email", store_col_text(st, 8),
                              "website", store_col_text(st, 9), "address", store_col_text(st, 10), "status",
                              store_col_text(st, 11), "capacity_per_week", (json_int_t)sqlite3_column_int64(st, 12),
                              "services", "areas", "schedules");
        json_object_set(by_id, store_col_text(st, 0), p);
        json_array_append_new(list, p);
    }
    return store_err(c, rc);
}

/* Appends each row of sql (provider id first) to the list key of its provider, as made by row(). */
static ws_err read_provider_lists(store_conn *c, json_t *by_id, const char *sql, const char *key,
                                  json_t *(*row)(sqlite3_stmt *st)) {
    sqlite3_stmt *st = store_stmt(c, sql);
    if (!st) return WS_ERR_DB;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *p = json_object_get(by_id, store_col_text(st, 0));
        json_t *item = row(st);
        if (p) json_array_append(json_object_get(p, key), item);
        json_decref(item);
    }
    return store_err(c, rc);
}

static json_t *service_row(sqlite3_stmt *st) {
    return json_pack("{s:o, s:s, s:s, s:s}", "hsds_id", store_col_json_text(st, 1), "item_code", store_col_text(st, 2),
                     "description", store_col_text(st, 3), "status", store_col_text(st, 4));
}

static json_t *area_row(sqlite3_stmt *st) { return json_string(store_col_text(st, 1)); }

static json_t *schedule_row(sqlite3_stmt *st) {
    return json_pack("{s:i, s:s, s:s, s:s}", "weekday", sqlite3_column_int(st, 1), "opens_at", store_col_text(st, 2),
                     "closes_at", store_col_text(st, 3), "note", store_col_text(st, 4));
}

/* Each row of sql as an object of its columns (texts, or null), appended to doc[key]. */
static ws_err read_rows(store_conn *c, json_t *doc, const char *key, const char *sql, const char *const *names) {
    sqlite3_stmt *st = store_stmt(c, sql);
    if (!st) return WS_ERR_DB;
    json_t *list = json_object_get(doc, key);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *o = json_object();
        for (int i = 0; names[i]; i++) json_object_set_new(o, names[i], store_col_json_text(st, i));
        json_array_append_new(list, o);
    }
    return store_err(c, rc);
}

static ws_err read_records(store_conn *c, json_t *doc) {
    sqlite3_stmt *st =
        store_stmt(c, "SELECT table_name, id, fields, owner, role FROM hsds_records ORDER BY table_name, id");
    if (!st) return WS_ERR_DB;
    json_t *list = json_object_get(doc, "records");
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        json_array_append_new(list, json_pack("{s:s, s:s, s:o, s:o, s:o}", "table", store_col_text(st, 0), "id",
                                              store_col_text(st, 1), "fields", parse_object(store_col_text(st, 2)),
                                              "owner", store_col_json_text(st, 3), "role", store_col_json_text(st, 4)));
    return store_err(c, rc);
}

static ws_err read_extensions(store_conn *c, json_t *doc) {
    sqlite3_stmt *st = store_stmt(c, "SELECT table_name, path, name FROM hsds_columns ORDER BY table_name, position");
    if (!st) return WS_ERR_DB;
    json_t *list = json_object_get(doc, "extensions"), *last = NULL;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *table = store_col_text(st, 0);
        if (!last || strcmp(json_string_value(json_object_get(last, "table")), table) != 0) {
            last = json_pack("{s:s, s:s, s:[]}", "table", table, "path", store_col_text(st, 1), "columns");
            json_array_append_new(list, last);
        }
        json_array_append_new(json_object_get(last, "columns"), json_string(store_col_text(st, 2)));
    }
    return store_err(c, rc);
}

static const char *const DIVISION_COLUMNS[] = {"code", "name", "level", "kind", "parent_code", NULL};
static const char *const CATEGORY_COLUMNS[] = {"code", "zh", "en", NULL};
static const char *const ITEM_COLUMNS[] = {"code", "category", "zh", "en", NULL};

static ws_err read_directory(store_conn *c, json_t *doc) {
    json_t *by_id = json_object();
    ws_err e = read_providers(c, doc, by_id);
    if (!e)
        e = read_provider_lists(c, by_id,
                                "SELECT provider_id, hsds_id, item_code, description, status FROM provider_services "
                                "ORDER BY provider_id, item_code",
                                "services", service_row);
    if (!e)
        e = read_provider_lists(c, by_id,
                                "SELECT provider_id, division_code FROM provider_areas "
                                "ORDER BY provider_id, division_code",
                                "areas", area_row);
    if (!e)
        e = read_provider_lists(c, by_id,
                                "SELECT provider_id, weekday, opens_at, closes_at, note FROM provider_schedules "
                                "ORDER BY provider_id, weekday, opens_at, closes_at, id",
                                "schedules", schedule_row);
    json_decref(by_id);
    if (!e)
        e = read_rows(c, doc, "divisions", "SELECT code, name, level, kind, parent_code FROM divisions ORDER BY code",
                      DIVISION_COLUMNS);
    if (!e)
        e = read_rows(c, doc, "categories", "SELECT code, name_zh, name_en FROM service_categories ORDER BY code",
                      CATEGORY_COLUMNS);
    if (!e)
        e = read_rows(c, doc, "items", "SELECT code, category_code, name_zh, name_en FROM service_items ORDER BY code",
                      ITEM_COLUMNS);
    if (!e) e = read_records(c, doc);
    if (!e) e = read_extensions(c, doc);
    return e;
}

ws_err store_hsds_directory(store_conn *c, json_t **out) {
    sqlite3 *s = store_sqlite(c);
    store_read_end(c); /* no statement may hold an older snapshot open */
    if (sqlite3_exec(s, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) return store_err(c, sqlite3_errcode(s));
    json_t *doc = json_pack("{s:[], s:[], s:[], s:[], s:[], s:[]}", "providers", "divisions", "categories", "items",
                            "records", "extensions");
    ws_err e = read_directory(c, doc);
    store_read_end(c);
    sqlite3_exec(s, "COMMIT", NULL, NULL, NULL);
    if (e) {
        json_decref(doc);
        return e;
    }
    *out = doc;
    return WS_OK;
}

/* ---- keeping imported rows ---------------------------------------------------------------------------- */

ws_err store_hsds_record_put(store_conn *w, const char *table, const char *id, json_t *fields, const char *owner,
                             const char *role) {
    sqlite3_stmt *st;
    if (role) {
        st = store_stmt(w, "UPDATE hsds_records SET owner = NULL, role = NULL "
                           "WHERE owner = ?1 AND role = ?2 AND NOT (table_name = ?3 AND id = ?4)");
        if (!st) return WS_ERR_DB;
        sqlite3_bind_text(st, 1, owner, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, role, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 3, table, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 4, id, -1, SQLITE_TRANSIENT);
        ws_err e = store_err(w, sqlite3_step(st));
        if (e) return e;
    }
    char *text = json_dumps(fields, JSON_COMPACT);
    char now[21];
    store_now_iso(now);
    st = store_stmt(w, "INSERT OR REPLACE INTO hsds_records (table_name, id, fields, owner, role, imported_at) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    ws_err e = WS_ERR_DB;
    if (st) {
        sqlite3_bind_text(st, 1, table, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 3, text, -1, SQLITE_TRANSIENT);
        store_bind_text(st, 4, role ? owner : NULL);
        store_bind_text(st, 5, role);
        sqlite3_bind_text(st, 6, now, -1, SQLITE_TRANSIENT);
        e = store_err(w, sqlite3_step(st));
    }
    free(text);
    return e;
}

ws_err store_hsds_columns_add(store_conn *w, const char *table, const char *path, json_t *columns) {
    size_t i;
    json_t *name;
    json_array_foreach(columns, i, name) {
        sqlite3_stmt *st = store_stmt(
            w, "INSERT OR IGNORE INTO hsds_columns (table_name, path, name, position) "
               "VALUES (?1, ?2, ?3, (SELECT coalesce(max(position), 0) + 1 FROM hsds_columns WHERE table_name = ?1))");
        if (!st) return WS_ERR_DB;
        sqlite3_bind_text(st, 1, table, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, path, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 3, json_string_value(name), -1, SQLITE_TRANSIENT);
        ws_err e = store_err(w, sqlite3_step(st));
        if (e) return e;
    }
    return WS_OK;
}
