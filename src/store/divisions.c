/*
** divisions.c: reading the division tree and the stations.
*/
#include "divisions.h"

#include "store_int.h"

#include <stdio.h>
#include <string.h>

bool store_in_scope(const char *scope, const char *code) {
    size_t n = strlen(scope);
    return strncmp(scope, code, n) == 0;
}

bool store_scope_narrow(const char *scope, const char *division, const char **prefix) {
    if (!division || !*division) *prefix = scope;
    else if (store_in_scope(scope, division)) *prefix = division;
    else if (store_in_scope(division, scope)) *prefix = scope;
    else return false;
    return true;
}

#define DIVISION_SELECT                                                                                       \
    "SELECT d.code, d.name, d.level, d.kind, d.parent_code, s.name FROM divisions d "                         \
    "LEFT JOIN stations s ON s.town_code = d.code "

static json_t *read_division(sqlite3_stmt *st) {
    return json_pack("{s:s, s:s, s:s, s:s, s:o, s:o}", "code", store_col_text(st, 0), "name", store_col_text(st, 1),
                     "level", store_col_text(st, 2), "kind", store_col_text(st, 3), "parent_code",
                     store_col_json_text(st, 4), "station", store_col_json_text(st, 5));
}

ws_err store_division_get(store_conn *c, const char *scope, const char *code, json_t **out) {
    if (!store_in_scope(scope, code)) return WS_ERR_NOTFOUND;
    sqlite3_stmt *st = store_stmt(c, DIVISION_SELECT "WHERE d.code = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) return WS_ERR_NOTFOUND;
    if (rc != SQLITE_ROW) return store_err(c, rc);
    json_t *d = read_division(st);
    /* The path from the city down: every ancestor is a prefix of the code. */
    st = store_stmt(c, "SELECT code, name, level FROM divisions WHERE ?1 LIKE code || '%' ORDER BY length(code)");
    if (!st) {
        json_decref(d);
        return WS_ERR_DB;
    }
    sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
    json_t *path = json_array();
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        json_array_append_new(path, json_pack("{s:s, s:s, s:s}", "code", store_col_text(st, 0), "name",
                                              store_col_text(st, 1), "level", store_col_text(st, 2)));
    json_object_set_new(d, "path", path);
    *out = d;
    return WS_OK;
}

ws_err store_division_children(store_conn *c, const char *scope, const char *parent, json_t **items) {
    if (!store_in_scope(scope, parent) && !store_in_scope(parent, scope)) return WS_ERR_NOTFOUND;
    sqlite3_stmt *st = store_stmt(c, DIVISION_SELECT "WHERE d.parent_code = ?1 AND d.code >= ?2 AND d.code < ?3 "
                                                     "ORDER BY d.code");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_text(st, 1, parent, -1, SQLITE_TRANSIENT);
    store_bind_prefix_range(st, 2, scope);
    json_t *arr = json_array();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) json_array_append_new(arr, read_division(st));
    if (rc != SQLITE_DONE) {
        json_decref(arr);
        return store_err(c, rc);
    }
    *items = arr;
    return WS_OK;
}

ws_err store_division_level(store_conn *c, const char *code, char level[16]) {
    sqlite3_stmt *st = store_stmt(c, "SELECT level FROM divisions WHERE code = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) return WS_ERR_NOTFOUND;
    if (rc != SQLITE_ROW) return store_err(c, rc);
    snprintf(level, 16, "%s", store_col_text(st, 0));
    return WS_OK;
}

/* The towns under scope in code order, each as its code (a string) or, when named, {code, name}. */
static ws_err towns_under(store_conn *c, const char *scope, bool named, json_t **out) {
    sqlite3_stmt *st = store_stmt(c, "SELECT code, name FROM divisions WHERE level = 'town' AND code >= ?1 AND code < ?2 "
                                     "ORDER BY code");
    if (!st) return WS_ERR_DB;
    store_bind_prefix_range(st, 1, scope);
    json_t *arr = json_array();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        json_array_append_new(arr, named ? json_pack("{s:s, s:s}", "code", store_col_text(st, 0), "name",
                                                     store_col_text(st, 1))
                                         : json_string(store_col_text(st, 0)));
    if (rc != SQLITE_DONE) {
        json_decref(arr);
        return store_err(c, rc);
    }
    *out = arr;
    return WS_OK;
}

ws_err store_division_towns(store_conn *c, const char *scope, json_t **codes) {
    return towns_under(c, scope, false, codes);
}

ws_err store_division_towns_named(store_conn *c, const char *scope, json_t **towns) {
    return towns_under(c, scope, true, towns);
}

ws_err store_division_towns_with(store_conn *c, const char *scope, const json_t *fields, json_t *list, json_t *index) {
    json_t *towns;
    ws_err e = towns_under(c, scope, true, &towns);
    if (e) return e;
    size_t i;
    json_t *town;
    json_array_foreach(towns, i, town) {
        json_t *copy = json_deep_copy(fields);
        json_object_update(town, copy);
        json_decref(copy);
        json_object_set(index, json_string_value(json_object_get(town, "code")), town);
        json_array_append(list, town);
    }
    json_decref(towns);
    return WS_OK;
}
