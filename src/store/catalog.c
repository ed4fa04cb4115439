/*
** catalog.c: the service catalog in SQL: reading it whole or by item, adding items and changing them.
** Categories and items are listed in the order they were added (the seed's order, then the city's own).
*/
#include "catalog.h"

#include "store_int.h"

#include <stdio.h>
#include <string.h>

static bool exists(store_conn *c, const char *sql, const char *code) {
    sqlite3_stmt *st = store_stmt(c, sql);
    if (!st) return false;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
    bool found = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_reset(st);
    return found;
}

bool store_service_category_exists(store_conn *c, const char *code) {
    return exists(c, "SELECT 1 FROM service_categories WHERE code = ?1", code);
}

bool store_difficulty_area_exists(store_conn *c, const char *code) {
    return exists(c, "SELECT 1 FROM difficulty_areas WHERE code = ?1", code);
}

/* The difficulty areas of item code, main one first, as [{code,zh,en}]; NULL when the database failed. */
/* The rows of st, (code, zh, en), as [{code,zh,en}]; NULL when the database failed. */
static json_t *code_names(store_conn *c, sqlite3_stmt *st) {
    if (!st) return NULL;
    json_t *arr = json_array();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        json_array_append_new(arr, json_pack("{s:s, s:s, s:s}", "code", store_col_text(st, 0), "zh",
                                             store_col_text(st, 1), "en", store_col_text(st, 2)));
    if (rc != SQLITE_DONE) {
        store_err(c, rc);
        json_decref(arr);
        return NULL;
    }
    return arr;
}

/* The difficulty areas an item serves, the main one first. */
static json_t *item_areas(store_conn *c, const char *code) {
    sqlite3_stmt *st = store_stmt(c, "SELECT a.code, a.name_zh, a.name_en FROM service_item_areas s "
                                     "JOIN difficulty_areas a ON a.code = s.area_code "
                                     "WHERE s.item_code = ?1 ORDER BY s.position");
    if (st) sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
    return code_names(c, st);
}

#define ITEM_SELECT "SELECT code, category_code, name_zh, name_en, respond_days, complete_days FROM service_items "

/* The item at the statement's row (ITEM_SELECT's columns) with its areas; NULL when the database failed. */
static json_t *item_json(store_conn *c, sqlite3_stmt *st) {
    json_t *it = json_pack("{s:s, s:s, s:s, s:s, s:i, s:i}", "code", store_col_text(st, 0), "category",
                           store_col_text(st, 1), "zh", store_col_text(st, 2), "en", store_col_text(st, 3),
                           "respond_days", sqlite3_column_int(st, 4), "complete_days", sqlite3_column_int(st, 5));
    json_t *areas = item_areas(c, json_string_value(json_object_get(it, "code")));
    if (!areas) {
        json_decref(it);
        return NULL;
    }
    json_object_set_new(it, "areas", areas);
    return it;
}

/* Every item, in the order added; NULL when the database failed. */
static json_t *all_items(store_conn *c) {
    sqlite3_stmt *st = store_stmt(c, ITEM_SELECT "ORDER BY rowid");
    if (!st) return NULL;
    json_t *arr = json_array();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *it = item_json(c, st);
        if (!it) {
            json_decref(arr);
            return NULL;
        }
        json_array_append_new(arr, it);
    }
    if (rc != SQLITE_DONE) {
        store_err(c, rc);
        json_decref(arr);
        return NULL;
    }
    return arr;
}

#define CATEGORIES_SQL "SELECT code, name_zh, name_en FROM service_categories ORDER BY rowid"

ws_err store_service_categories_json(store_conn *c, json_t **out) {
    *out = code_names(c, store_stmt(c, CATEGORIES_SQL));
    return *out ? WS_OK : WS_ERR_DB;
}

ws_err store_catalog_json(store_conn *c, json_t **out) {
    json_t *items = all_items(c);
    json_t *cats = code_names(c, store_stmt(c, CATEGORIES_SQL));
    json_t *areas = code_names(c, store_stmt(c, "SELECT code, name_zh, name_en FROM difficulty_areas ORDER BY code"));
    if (!items || !cats || !areas) {
        json_decref(items);
        json_decref(cats);
        json_decref(areas);
        return WS_ERR_DB;
    }
    size_t i, j;
    json_t *cat, *it;
    json_array_foreach(cats, i, cat) {
        json_t *list = json_array();
        const char *code = json_string_value(json_object_get(cat, "code"));
        json_array_foreach(items, j, it)
            if (strcmp(json_string_value(json_object_get(it, "category")), code) == 0)
                json_array_append(list, it);
        json_object_set_new(cat, "items", list);
    }
    json_decref(items);
    *out = json_pack("{s:o, s:o}", "categories", cats, "areas", areas);
    return WS_OK;
}

ws_err store_service_item_json(store_conn *c, const char *code, json_t **out) {
    sqlite3_stmt *st = store_stmt(c, ITEM_SELECT "WHERE code = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) return WS_ERR_NOTFOUND;
    if (rc != SQLITE_ROW) return store_err(c, rc);
    json_t *it = item_json(c, st);
    sqlite3_reset(st);
    if (!it) return WS_ERR_DB;
    *out = it;
    return WS_OK;
}

ws_err store_service_item_get(store_conn *c, const char *code, store_service_item *out) {
    sqlite3_stmt *st = store_stmt(c, ITEM_SELECT "WHERE code = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) return WS_ERR_NOTFOUND;
    if (rc != SQLITE_ROW) return store_err(c, rc);
    store_service_item it = {0};
    snprintf(it.code, sizeof it.code, "%s", store_col_text(st, 0));
    snprintf(it.category, sizeof it.category, "%s", store_col_text(st, 1));
    snprintf(it.zh, sizeof it.zh, "%s", store_col_text(st, 2));
    snprintf(it.en, sizeof it.en, "%s", store_col_text(st, 3));
    it.respond_days = sqlite3_column_int(st, 4);
    it.complete_days = sqlite3_column_int(st, 5);
    sqlite3_reset(st);
    st = store_stmt(c, "SELECT area_code FROM service_item_areas WHERE item_code = ?1 ORDER BY position");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && it.nareas < STORE_ITEM_AREAS_MAX)
        snprintf(it.areas[it.nareas++], sizeof it.areas[0], "%s", store_col_text(st, 0));
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) return store_err(c, rc);
    *out = it;
    return WS_OK;
}

static ws_err write_areas(store_conn *w, const store_service_item *it) {
    sqlite3_stmt *st = store_stmt(w, "DELETE FROM service_item_areas WHERE item_code = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_text(st, 1, it->code, -1, SQLITE_TRANSIENT);
    ws_err e = store_step_done(w, st);
    for (int i = 0; i < it->nareas && !e; i++) {
        st = store_stmt(w, "INSERT INTO service_item_areas (item_code, area_code, position) VALUES (?1, ?2, ?3)");
        if (!st) return WS_ERR_DB;
        sqlite3_bind_text(st, 1, it->code, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, it->areas[i], -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 3, i);
        e = store_step_done(w, st);
    }
    return e;
}

ws_err store_service_item_insert(store_conn *w, const store_service_item *it) {
    sqlite3_stmt *st = store_stmt(w, "INSERT INTO service_items (code, category_code, name_zh, name_en, respond_days, "
                                     "complete_days) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_text(st, 1, it->code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, it->category, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, it->zh, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, it->en, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 5, it->respond_days);
    sqlite3_bind_int(st, 6, it->complete_days);
    ws_err e = store_step_done(w, st);
    return e ? e : write_areas(w, it);
}

ws_err store_service_item_update(store_conn *w, const store_service_item *it) {
    sqlite3_stmt *st = store_stmt(w, "UPDATE service_items SET category_code = ?2, name_zh = ?3, name_en = ?4, "
                                     "respond_days = ?5, complete_days = ?6 WHERE code = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_text(st, 1, it->code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, it->category, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, it->zh, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, it->en, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 5, it->respond_days);
    sqlite3_bind_int(st, 6, it->complete_days);
    ws_err e = store_step_done(w, st);
    if (e) return e;
    if (sqlite3_changes(store_sqlite(w)) != 1) return WS_ERR_NOTFOUND;
    return write_areas(w, it);
}
