/*
** providers.c: the resource directory in SQL: providers, the items they offer, the divisions they serve,
** their schedules; the brief facts referrals check and the candidates of a suggestion.
*/
#include "providers.h"

#include "../core/mem.h"
#include "catalog.h"
#include "divisions.h"
#include "store_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- writing ----------------------------------------------------------------------------------------- */

static bool division_exists(store_conn *c, const char *code) {
    char level[16];
    return store_division_level(c, code, level) == WS_OK;
}

/* The field of a list's entry i: named by the caller, or list[i]. */
static const char *entry_field(const char *const *at, const char *list, size_t i, char buf[32]) {
    if (at && at[i]) return at[i];
    snprintf(buf, 32, "%s[%zu]", list, i);
    return buf;
}

bool store_provider_check(store_conn *c, const core_provider *p, core_fielderrs *errs) {
    return store_provider_check_named(c, p, NULL, NULL, errs);
}

bool store_provider_check_named(store_conn *c, const core_provider *p, const char *const *items_at,
                                const char *const *areas_at, core_fielderrs *errs) {
    size_t before = errs->count;
    if (!division_exists(c, p->division_code))
        core_fielderrs_add(errs, "division_code", "division_not_found", "行政区划不存在", "No such division");
    char field[32];
    for (size_t i = 0; i < p->nareas; i++)
        if (!division_exists(c, p->areas[i]))
            core_fielderrs_add(errs, entry_field(areas_at, "areas", i, field), "division_not_found", "行政区划不存在",
                               "No such division");
    store_service_item it;
    for (size_t i = 0; i < p->nitems; i++)
        if (store_service_item_get(c, p->items[i].code, &it) != WS_OK)
            core_fielderrs_add(errs, entry_field(items_at, "items", i, field), "unknown_service",
                               "服务清单中没有该服务项目", "The catalog has no such service item");
    return errs->count == before;
}

/* Binds p's own fields at 1..12 (the order of INSERT's and UPDATE's columns below). */
static void bind_fields(sqlite3_stmt *st, const core_provider *p) {
    sqlite3_bind_text(st, 1, p->name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, core_provider_kind_code(p->kind), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, p->division_code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, p->description ? p->description : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, p->contact_name ? p->contact_name : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 6, p->phone, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 7, p->email ? p->email : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 8, p->website ? p->website : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 9, p->address ? p->address : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 10, p->capacity_per_week);
    sqlite3_bind_text(st, 11, core_provider_status_code(p->status), -1, SQLITE_STATIC);
    char now[21];
    store_now_iso(now);
    sqlite3_bind_text(st, 12, now, -1, SQLITE_TRANSIENT);
}

/* Writes p's items over the provider's: kept or reactivated when p has them, inactive when not. */
static ws_err write_items(store_conn *w, int64_t id, const core_provider *p) {
    sqlite3_stmt *st = store_stmt(w, "UPDATE provider_services SET status = 'inactive' WHERE provider_id = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    ws_err e = store_step_done(w, st);
    for (size_t i = 0; i < p->nitems && !e; i++) {
        const core_provider_item *it = &p->items[i];
        st = store_stmt(w, "INSERT INTO provider_services (provider_id, item_code, description, status, hsds_id) "
                           "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (provider_id, item_code) DO UPDATE SET "
                           "description = excluded.description, status = excluded.status, "
                           "hsds_id = coalesce(excluded.hsds_id, hsds_id)");
        if (!st) return WS_ERR_DB;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_text(st, 2, it->code, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 3, it->description ? it->description : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 4, it->active ? "active" : "inactive", -1, SQLITE_STATIC);
        store_bind_text(st, 5, it->hsds_id);
        e = store_step_done(w, st);
    }
    return e;
}

static ws_err write_areas(store_conn *w, int64_t id, const core_provider *p) {
    sqlite3_stmt *st = store_stmt(w, "DELETE FROM provider_areas WHERE provider_id = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    ws_err e = store_step_done(w, st);
    for (size_t i = 0; i < p->nareas && !e; i++) {
        st = store_stmt(w, "INSERT INTO provider_areas (provider_id, division_code) VALUES (?1, ?2)");
        if (!st) return WS_ERR_DB;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_text(st, 2, p->areas[i], -1, SQLITE_TRANSIENT);
        e = store_step_done(w, st);
    }
    return e;
}

static ws_err write_schedules(store_conn *w, int64_t id, const core_provider *p) {
    sqlite3_stmt *st = store_stmt(w, "DELETE FROM provider_schedules WHERE provider_id = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    ws_err e = store_step_done(w, st);
    for (size_t i = 0; i < p->nschedules && !e; i++) {
        const core_provider_schedule *s = &p->schedules[i];
        st = store_stmt(w, "INSERT INTO provider_schedules (provider_id, weekday, opens_at, closes_at, note) "
                           "VALUES (?1, ?2, ?3, ?4, ?5)");
        if (!st) return WS_ERR_DB;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int(st, 2, s->weekday);
        sqlite3_bind_text(st, 3, s->opens_at, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 4, s->closes_at, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 5, s->note ? s->note : "", -1, SQLITE_TRANSIENT);
        e = store_step_done(w, st);
    }
    return e;
}

static ws_err write_lists(store_conn *w, int64_t id, const core_provider *p) {
    ws_err e = write_items(w, id, p);
    if (!e) e = write_areas(w, id, p);
    if (!e) e = write_schedules(w, id, p);
    return e;
}

ws_err store_provider_insert(store_conn *w, const core_provider *p, int64_t *id) {
    sqlite3_stmt *st = store_stmt(w, "INSERT INTO providers (name, kind, division_code, description, contact_name, "
                                     "phone, email, website, address, capacity_per_week, status, created_at, "
                                     "updated_at, synthetic, hsds_id) "
                                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, ?13, ?14)");
    if (!st) return WS_ERR_DB;
    bind_fields(st, p);
    sqlite3_bind_int(st, 13, p->synthetic);
    store_bind_text(st, 14, p->hsds_id);
    ws_err e = store_step_done(w, st);
    if (e) return e;
    int64_t new_id = sqlite3_last_insert_rowid(store_sqlite(w));
    e = write_lists(w, new_id, p);
    if (!e) *id = new_id;
    return e;
}

ws_err store_provider_update(store_conn *w, int64_t id, const core_provider *p) {
    sqlite3_stmt *st = store_stmt(w, "UPDATE providers SET name = ?1, kind = ?2, division_code = ?3, description = ?4, "
                                     "contact_name = ?5, phone = ?6, email = ?7, website = ?8, address = ?9, "
                                     "capacity_per_week = ?10, status = ?11, updated_at = ?12, "
                                     "hsds_id = coalesce(?14, hsds_id) WHERE id = ?13");
    if (!st) return WS_ERR_DB;
    bind_fields(st, p);
    sqlite3_bind_int64(st, 13, id);
    store_bind_text(st, 14, p->hsds_id);
    ws_err e = store_step_done(w, st);
    if (e) return e;
    if (sqlite3_changes(store_sqlite(w)) != 1) return WS_ERR_NOTFOUND;
    return write_lists(w, id, p);
}

ws_err store_provider_load_add(store_conn *w, int64_t id, int delta) {
    sqlite3_stmt *st = store_stmt(w, "UPDATE providers SET open_load = max(0, open_load + ?2) WHERE id = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, delta);
    ws_err e = store_step_done(w, st);
    if (!e && sqlite3_changes(store_sqlite(w)) != 1) e = WS_ERR_NOTFOUND;
    return e;
}

ws_err store_provider_rate(store_conn *w, int64_t id, int satisfaction) {
    if (satisfaction < 1 || satisfaction > 5) return WS_ERR_INVALID;
    sqlite3_stmt *st = store_stmt(w, "UPDATE providers SET rating_sum = rating_sum + ?2, "
                                     "rating_count = rating_count + 1 WHERE id = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, satisfaction);
    ws_err e = store_step_done(w, st);
    if (!e && sqlite3_changes(store_sqlite(w)) != 1) e = WS_ERR_NOTFOUND;
    return e;
}

/* ---- reading ----------------------------------------------------------------------------------------- */

static char *col_dup(sqlite3_stmt *st, int col) { return xstrdup(store_col_text(st, col)); }

static ws_err load_lists(store_conn *c, int64_t id, core_provider *p) {
    sqlite3_stmt *st = store_stmt(c, "SELECT item_code, description, hsds_id FROM provider_services "
                                     "WHERE provider_id = ?1 AND status = 'active' ORDER BY id");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        p->items = xrealloc(p->items, (p->nitems + 1) * sizeof *p->items);
        core_provider_item *it = &p->items[p->nitems++];
        memset(it, 0, sizeof *it);
        snprintf(it->code, sizeof it->code, "%s", store_col_text(st, 0));
        it->description = col_dup(st, 1);
        it->hsds_id = sqlite3_column_type(st, 2) == SQLITE_NULL ? NULL : col_dup(st, 2);
        it->active = true;
    }
    if (rc != SQLITE_DONE) return store_err(c, rc);
    st = store_stmt(c, "SELECT division_code FROM provider_areas WHERE provider_id = ?1 ORDER BY division_code");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        p->areas = xrealloc(p->areas, (p->nareas + 1) * sizeof *p->areas);
        snprintf(p->areas[p->nareas++], sizeof p->areas[0], "%s", store_col_text(st, 0));
    }
    if (rc != SQLITE_DONE) return store_err(c, rc);
    st = store_stmt(c, "SELECT weekday, opens_at, closes_at, note FROM provider_schedules WHERE provider_id = ?1 "
                       "ORDER BY weekday, opens_at, id");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        p->schedules = xrealloc(p->schedules, (p->nschedules + 1) * sizeof *p->schedules);
        core_provider_schedule *s = &p->schedules[p->nschedules++];
        memset(s, 0, sizeof *s);
        s->weekday = sqlite3_column_int(st, 0);
        snprintf(s->opens_at, sizeof s->opens_at, "%s", store_col_text(st, 1));
        snprintf(s->closes_at, sizeof s->closes_at, "%s", store_col_text(st, 2));
        s->note = col_dup(st, 3);
    }
    return rc == SQLITE_DONE ? WS_OK : store_err(c, rc);
}

ws_err store_provider_load(store_conn *c, int64_t id, core_provider *out) {
    sqlite3_stmt *st = store_stmt(c, "SELECT name, kind, division_code, description, contact_name, phone, email, "
                                     "website, address, capacity_per_week, status, synthetic, hsds_id "
                                     "FROM providers WHERE id = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) return WS_ERR_NOTFOUND;
    if (rc != SQLITE_ROW) return store_err(c, rc);
    core_provider p = {0};
    p.name = col_dup(st, 0);
    p.kind = core_provider_kind_parse(store_col_text(st, 1));
    snprintf(p.division_code, sizeof p.division_code, "%s", store_col_text(st, 2));
    p.description = col_dup(st, 3);
    p.contact_name = col_dup(st, 4);
    snprintf(p.phone, sizeof p.phone, "%s", store_col_text(st, 5));
    p.email = col_dup(st, 6);
    p.website = col_dup(st, 7);
    p.address = col_dup(st, 8);
    p.capacity_per_week = sqlite3_column_int(st, 9);
    p.status = core_provider_status_parse(store_col_text(st, 10));
    p.synthetic = sqlite3_column_int(st, 11) != 0;
    p.hsds_id = sqlite3_column_type(st, 12) == SQLITE_NULL ? NULL : col_dup(st, 12);
    sqlite3_reset(st);
    ws_err e = load_lists(c, id, &p);
    if (e) {
        core_provider_clear(&p);
        return e;
    }
    *out = p;
    return WS_OK;
}

/* rating as {"average": 4.5 or null, "count": N} */
static json_t *rating_json(int64_t sum, int64_t count) {
    json_t *avg = count ? json_real(round((double)sum * 100.0 / (double)count) / 100.0) : json_null();
    return json_pack("{s:o, s:I}", "average", avg, "count", (json_int_t)count);
}

#define PROVIDER_SELECT                                                                                      \
    "SELECT p.id, p.name, p.kind, p.division_code, d.name, d.level, p.description, p.contact_name, p.phone, "  \
    "p.email, p.website, p.address, p.capacity_per_week, p.open_load, p.status, p.rating_sum, p.rating_count, " \
    "p.synthetic, p.created_at, p.updated_at FROM providers p JOIN divisions d ON d.code = p.division_code "

/* The provider at a PROVIDER_SELECT row, without its lists. */
static json_t *provider_row_json(sqlite3_stmt *st) {
    core_provider_kind kind = core_provider_kind_parse(store_col_text(st, 2));
    core_provider_status status = core_provider_status_parse(store_col_text(st, 14));
    int64_t capacity = sqlite3_column_int64(st, 12), load = sqlite3_column_int64(st, 13);
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id",
                          (json_int_t)sqlite3_column_int64(st, 0), "name", store_col_text(st, 1), "kind",
                          core_provider_kind_code(kind), "kind_zh", core_provider_kind_zh(kind), "division_code",
                          store_col_text(st, 3), "division_name", store_col_text(st, 4), "level",
                          store_col_text(st, 5), "description", store_col_text(st, 6), "contact_name",
                          store_col_text(st, 7), "phone", store_col_text(st, 8), "email", store_col_text(st, 9),
                          "website", store_col_text(st, 10), "address", store_col_text(st, 11));
    json_object_set_new(o, "capacity_per_week", json_integer(capacity));
    json_object_set_new(o, "open_load", json_integer(load));
    json_object_set_new(o, "capacity_left", json_integer(capacity > load ? capacity - load : 0));
    json_object_set_new(o, "status", json_string(core_provider_status_code(status)));
    json_object_set_new(o, "status_zh", json_string(core_provider_status_zh(status)));
    json_object_set_new(o, "rating", rating_json(sqlite3_column_int64(st, 15), sqlite3_column_int64(st, 16)));
    json_object_set_new(o, "synthetic", json_boolean(sqlite3_column_int(st, 17)));
    json_object_set_new(o, "created_at", json_string(store_col_text(st, 18)));
    json_object_set_new(o, "updated_at", json_string(store_col_text(st, 19)));
    return o;
}

/* Adds items, areas and schedules to provider o (id). */
static ws_err add_lists_json(store_conn *c, int64_t id, json_t *o) {
    sqlite3_stmt *st = store_stmt(c, "SELECT s.item_code, i.name_zh, i.name_en, i.category_code, s.description "
                                     "FROM provider_services s JOIN service_items i ON i.code = s.item_code "
                                     "WHERE s.provider_id = ?1 AND s.status = 'active' ORDER BY s.id");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    json_t *items = json_array();
    json_object_set_new(o, "items", items);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s, s:s}", "code", store_col_text(st, 0), "zh",
                                               store_col_text(st, 1), "en", store_col_text(st, 2), "category",
                                               store_col_text(st, 3), "description", store_col_text(st, 4)));
    if (rc != SQLITE_DONE) return store_err(c, rc);
    st = store_stmt(c, "SELECT a.division_code, d.name, d.level FROM provider_areas a "
                       "JOIN divisions d ON d.code = a.division_code WHERE a.provider_id = ?1 ORDER BY a.division_code");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    json_t *areas = json_array();
    json_object_set_new(o, "areas", areas);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        json_array_append_new(areas, json_pack("{s:s, s:s, s:s}", "code", store_col_text(st, 0), "name",
                                               store_col_text(st, 1), "level", store_col_text(st, 2)));
    if (rc != SQLITE_DONE) return store_err(c, rc);
    st = store_stmt(c, "SELECT weekday, opens_at, closes_at, note FROM provider_schedules WHERE provider_id = ?1 "
                       "ORDER BY weekday, opens_at, id");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    json_t *schedules = json_array();
    json_object_set_new(o, "schedules", schedules);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        json_array_append_new(schedules, json_pack("{s:i, s:s, s:s, s:s}", "weekday", sqlite3_column_int(st, 0),
                                                   "opens_at", store_col_text(st, 1), "closes_at",
                                                   store_col_text(st, 2), "note", store_col_text(st, 3)));
    return rc == SQLITE_DONE ? WS_OK : store_err(c, rc);
}

ws_err store_provider_json(store_conn *c, int64_t id, json_t **out) {
    sqlite3_stmt *st = store_stmt(c, PROVIDER_SELECT "WHERE p.id = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) return WS_ERR_NOTFOUND;
    if (rc != SQLITE_ROW) return store_err(c, rc);
    json_t *o = provider_row_json(st);
    sqlite3_reset(st);
    ws_err e = add_lists_json(c, id, o);
    if (e) {
        json_decref(o);
        return e;
    }
    *out = o;
    return WS_OK;
}

/*
** The list's filters. A provider serves a division when one of its areas lies at or above it (the area is
** a prefix of the code: substr) or below it (the code is a prefix of the area: the range ?2..?3).
*/
#define PROVIDER_FILTER                                                                                       \
    "WHERE (?1 IS NULL OR EXISTS (SELECT 1 FROM provider_areas a WHERE a.provider_id = p.id AND "              \
    "(substr(?1, 1, length(a.division_code)) = a.division_code OR "                                           \
    "(a.division_code >= ?2 AND a.division_code < ?3)))) "                                                    \
    "AND (?4 IS NULL OR EXISTS (SELECT 1 FROM provider_services s WHERE s.provider_id = p.id "                 \
    "AND s.item_code = ?4 AND s.status = 'active')) "                                                          \
    "AND (?5 IS NULL OR p.kind = ?5) AND (?6 IS NULL OR p.status = ?6) AND (?7 IS NULL OR instr(p.name, ?7) > 0) " \
    "AND (?8 = 0 OR p.id = ?8) "

static void bind_filter(sqlite3_stmt *st, const store_provider_query *q) {
    store_bind_text(st, 1, q->division);
    if (q->division) store_bind_prefix_range(st, 2, q->division);
    store_bind_text(st, 4, q->item);
    store_bind_text(st, 5, q->kind);
    store_bind_text(st, 6, q->status);
    store_bind_text(st, 7, q->q);
    sqlite3_bind_int64(st, 8, q->only_id);
}

ws_err store_providers_list(store_conn *c, const store_provider_query *q, json_t **items, int64_t *total) {
    sqlite3_stmt *st = store_stmt(c, "SELECT count(*) FROM providers p " PROVIDER_FILTER);
    if (!st) return WS_ERR_DB;
    bind_filter(st, q);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) return store_err(c, rc);
    int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    st = store_stmt(c, PROVIDER_SELECT PROVIDER_FILTER "ORDER BY p.name, p.id LIMIT ?9 OFFSET ?10");
    if (!st) return WS_ERR_DB;
    bind_filter(st, q);
    sqlite3_bind_int64(st, 9, q->limit);
    sqlite3_bind_int64(st, 10, q->offset);
    json_t *arr = json_array();
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) json_array_append_new(arr, provider_row_json(st));
    sqlite3_reset(st);
    ws_err e = rc == SQLITE_DONE ? WS_OK : store_err(c, rc);
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o) {
        if (e) break;
        e = add_lists_json(c, json_integer_value(json_object_get(o, "id")), o);
    }
    if (e) {
        json_decref(arr);
        return e;
    }
    *items = arr;
    *total = n;
    return WS_OK;
}

ws_err store_provider_ids(store_conn *c, int64_t **ids, size_t *n) {
    sqlite3_stmt *st = store_stmt(c, "SELECT id FROM providers ORDER BY id");
    return st ? store_collect_ids(c, st, ids, n) : WS_ERR_DB;
}

int64_t store_providers_synthetic_count(store_conn *c) {
    sqlite3_stmt *st = store_stmt(c, "SELECT count(*) FROM providers WHERE synthetic = 1");
    int64_t n = st && sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    if (st) sqlite3_reset(st);
    return n;
}

ws_err store_provider_brief_get(store_conn *c, int64_t id, store_provider_brief *out) {
    sqlite3_stmt *st = store_stmt(c, "SELECT p.name, p.kind, p.division_code, d.level, p.status, p.capacity_per_week, "
                                     "p.open_load, p.rating_sum, p.rating_count, p.synthetic FROM providers p "
                                     "JOIN divisions d ON d.code = p.division_code WHERE p.id = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) return WS_ERR_NOTFOUND;
    if (rc != SQLITE_ROW) return store_err(c, rc);
    store_provider_brief b = {.id = id};
    snprintf(b.name, sizeof b.name, "%s", store_col_text(st, 0));
    snprintf(b.kind, sizeof b.kind, "%s", store_col_text(st, 1));
    snprintf(b.division_code, sizeof b.division_code, "%s", store_col_text(st, 2));
    snprintf(b.level, sizeof b.level, "%s", store_col_text(st, 3));
    b.status = core_provider_status_parse(store_col_text(st, 4));
    b.capacity_per_week = sqlite3_column_int64(st, 5);
    b.open_load = sqlite3_column_int64(st, 6);
    b.rating_sum = sqlite3_column_int64(st, 7);
    b.rating_count = sqlite3_column_int64(st, 8);
    b.synthetic = sqlite3_column_int(st, 9) != 0;
    sqlite3_reset(st);
    *out = b;
    return WS_OK;
}

ws_err store_provider_offers(store_conn *c, int64_t id, const char *item_code) {
    sqlite3_stmt *st = store_stmt(c, "SELECT 1 FROM provider_services WHERE provider_id = ?1 AND item_code = ?2 "
                                     "AND status = 'active'");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, item_code, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW) return WS_OK;
    return rc == SQLITE_DONE ? WS_ERR_NOTFOUND : store_err(c, rc);
}

/* Binds the town at idx, its county at idx+1 and its city at idx+2: the areas that cover the town. */
static void bind_covering(sqlite3_stmt *st, int idx, const char *town_code) {
    sqlite3_bind_text(st, idx, town_code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, idx + 1, town_code, strlen(town_code) >= 6 ? 6 : -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, idx + 2, town_code, strlen(town_code) >= 4 ? 4 : -1, SQLITE_TRANSIENT);
}

ws_err store_provider_serves(store_conn *c, int64_t id, const char *town_code) {
    sqlite3_stmt *st = store_stmt(c, "SELECT 1 FROM provider_areas WHERE provider_id = ?4 "
                                     "AND division_code IN (?1, ?2, ?3)");
    if (!st) return WS_ERR_DB;
    bind_covering(st, 1, town_code);
    sqlite3_bind_int64(st, 4, id);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW) return WS_OK;
    return rc == SQLITE_DONE ? WS_ERR_NOTFOUND : store_err(c, rc);
}

/* ---- suggestions ------------------------------------------------------------------------------------- */

/*
** One row per provider: its areas covering the town are found through provider_areas_division (three
** equality lookups), the item through the (provider_id, item_code) key of provider_services, the provider by
** its key. max() of the covering codes is the most specific: each is a prefix of the next.
*/
static const char CANDIDATES_SQL[] =
    "SELECT p.id, p.division_code, max(a.division_code), p.capacity_per_week, p.open_load, p.rating_sum, "
    "p.rating_count FROM provider_areas a JOIN providers p ON p.id = a.provider_id "
    "WHERE a.division_code IN (?1, ?2, ?3) AND p.status = 'active' "
    "AND EXISTS (SELECT 1 FROM provider_services s WHERE s.provider_id = a.provider_id AND s.item_code = ?4 "
    "AND s.status = 'active') GROUP BY p.id";

ws_err store_suggest_candidates(store_conn *c, const char *item_code, const char *town_code,
                                core_suggest_candidate **out, size_t *n) {
    sqlite3_stmt *st = store_stmt(c, CANDIDATES_SQL);
    if (!st) return WS_ERR_DB;
    bind_covering(st, 1, town_code);
    sqlite3_bind_text(st, 4, item_code, -1, SQLITE_TRANSIENT);
    core_suggest_candidate *list = NULL;
    size_t count = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (count == cap) {
            cap = cap ? cap * 2 : 32;
            list = xrealloc(list, cap * sizeof *list);
        }
        core_suggest_candidate *k = &list[count++];
        memset(k, 0, sizeof *k);
        k->provider_id = sqlite3_column_int64(st, 0);
        k->division_code = col_dup(st, 1);
        k->covered_by = col_dup(st, 2);
        k->capacity_per_week = sqlite3_column_int64(st, 3);
        k->open_load = sqlite3_column_int64(st, 4);
        k->rating_sum = sqlite3_column_int64(st, 5);
        k->rating_count = sqlite3_column_int64(st, 6);
    }
    if (rc != SQLITE_DONE) {
        store_candidates_free(list, count);
        return store_err(c, rc);
    }
    *out = list;
    *n = count;
    return WS_OK;
}

ws_err store_suggest_plan(store_conn *c, char *out, size_t outsz) {
    if (outsz == 0) return WS_ERR_INVALID;
    char sql[sizeof CANDIDATES_SQL + 32];
    snprintf(sql, sizeof sql, "EXPLAIN QUERY PLAN %s", CANDIDATES_SQL);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(store_sqlite(c), sql, -1, &st, NULL) != SQLITE_OK) return WS_ERR_DB;
    size_t n = 0;
    out[0] = '\0';
    while (sqlite3_step(st) == SQLITE_ROW) {
        int k = snprintf(out + n, outsz - n, "%s\n", (const char *)sqlite3_column_text(st, 3));
        if (k < 0 || (size_t)k >= outsz - n) break;
        n += (size_t)k;
    }
    sqlite3_finalize(st);
    return WS_OK;
}

void store_candidates_free(core_suggest_candidate *c, size_t n) {
    for (size_t i = 0; i < n; i++) {
        free((char *)c[i].division_code);
        free((char *)c[i].covered_by);
    }
    free(c);
}

/* A division as {code,name,level}; NULL when absent or the database failed. */
static json_t *division_json(store_conn *c, const char *code) {
    sqlite3_stmt *st = store_stmt(c, "SELECT name, level FROM divisions WHERE code = ?1");
    if (!st) return NULL;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
    json_t *d = sqlite3_step(st) == SQLITE_ROW
                    ? json_pack("{s:s, s:s, s:s}", "code", code, "name", store_col_text(st, 0), "level",
                                store_col_text(st, 1))
                    : NULL;
    sqlite3_reset(st);
    return d;
}

/* The provider's facts a suggestion shows; NULL when absent or the database failed. */
static json_t *suggested_provider_json(store_conn *c, int64_t id) {
    sqlite3_stmt *st = store_stmt(c, "SELECT p.name, p.kind, p.division_code, d.name, d.level, p.phone, p.contact_name "
                                     "FROM providers p JOIN divisions d ON d.code = p.division_code WHERE p.id = ?1");
    if (!st) return NULL;
    sqlite3_bind_int64(st, 1, id);
    json_t *o = NULL;
    if (sqlite3_step(st) == SQLITE_ROW) {
        core_provider_kind kind = core_provider_kind_parse(store_col_text(st, 1));
        o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)id, "name",
                      store_col_text(st, 0), "kind", core_provider_kind_code(kind), "kind_zh",
                      core_provider_kind_zh(kind), "division_code", store_col_text(st, 2), "division_name",
                      store_col_text(st, 3), "level", store_col_text(st, 4), "phone", store_col_text(st, 5),
                      "contact_name", store_col_text(st, 6));
    }
    sqlite3_reset(st);
    return o;
}

/* The rating reason: average, count and the score that ranks. */
static json_t *rating_reason(const core_suggest_candidate *k) {
    json_t *r = rating_json(k->rating_sum, k->rating_count);
    char exact[CORE_FRAC_TEXT];
    json_object_set_new(r, "score", json_pack("{s:s, s:f}", "exact", core_frac_format(k->score, exact), "decimal",
                                              core_frac_to_double(k->score)));
    return r;
}

/* One line in each language saying why: nearness, the covering area, capacity, rating. */
static json_t *summary_json(const core_suggest_candidate *k, json_t *area) {
    const char *area_name = json_string_value(json_object_get(area, "name"));
    char zh[512], en[512], rzh[64], ren[64];
    if (k->rating_count) {
        snprintf(rzh, sizeof rzh, "评分 %.1f（%lld 次）", (double)k->rating_sum / (double)k->rating_count,
                 (long long)k->rating_count);
        snprintf(ren, sizeof ren, "rated %.1f (%lld)", (double)k->rating_sum / (double)k->rating_count,
                 (long long)k->rating_count);
    } else {
        snprintf(rzh, sizeof rzh, "暂无评分");
        snprintf(ren, sizeof ren, "not rated yet");
    }
    if (k->full) {
        snprintf(zh, sizeof zh, "%s机构；服务区域含%s；本周已满（%lld/%lld）；%s", core_nearness_zh(k->nearness),
                 area_name, (long long)k->open_load, (long long)k->capacity_per_week, rzh);
        snprintf(en, sizeof en, "%s; serves %s; full this week (%lld/%lld); %s", core_nearness_en(k->nearness),
                 area_name, (long long)k->open_load, (long long)k->capacity_per_week, ren);
    } else {
        snprintf(zh, sizeof zh, "%s机构；服务区域含%s；本周余量 %lld/%lld；%s", core_nearness_zh(k->nearness),
                 area_name, (long long)k->capacity_left, (long long)k->capacity_per_week, rzh);
        snprintf(en, sizeof en, "%s; serves %s; %lld of %lld places left this week; %s",
                 core_nearness_en(k->nearness), area_name, (long long)k->capacity_left,
                 (long long)k->capacity_per_week, ren);
    }
    return json_pack("{s:s, s:s}", "zh", zh, "en", en);
}

ws_err store_suggestions_json(store_conn *c, const core_suggest_candidate *cands, size_t n, size_t offset,
                              size_t limit, const char *item_code, json_t **items) {
    sqlite3_stmt *st = store_stmt(c, "SELECT name_zh, name_en FROM service_items WHERE code = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_text(st, 1, item_code, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_reset(st);
        return WS_ERR_NOTFOUND;
    }
    json_t *offers = json_pack("{s:s, s:s, s:s}", "code", item_code, "zh", store_col_text(st, 0), "en",
                               store_col_text(st, 1));
    sqlite3_reset(st);
    json_t *arr = json_array();
    ws_err e = WS_OK;
    for (size_t i = offset; i < n && i - offset < limit && !e; i++) {
        const core_suggest_candidate *k = &cands[i];
        json_t *provider = suggested_provider_json(c, k->provider_id), *area = division_json(c, k->covered_by);
        if (!provider || !area) {
            json_decref(provider);
            json_decref(area);
            e = WS_ERR_DB;
            break;
        }
        json_t *reasons = json_pack(
            "{s:O, s:o, s:{s:I, s:I, s:I}, s:o, s:{s:s, s:s, s:s}}", "offers_item", offers, "covers_area", area,
            "capacity", "per_week", (json_int_t)k->capacity_per_week, "open_load", (json_int_t)k->open_load, "left",
            (json_int_t)k->capacity_left, "rating", rating_reason(k), "nearness", "level",
            core_nearness_code(k->nearness), "zh", core_nearness_zh(k->nearness), "en", core_nearness_en(k->nearness));
        json_t *summary = summary_json(k, area);
        json_array_append_new(arr, json_pack("{s:I, s:b, s:o, s:o, s:o}", "rank", (json_int_t)(i + 1), "full",
                                             k->full, "provider", provider, "reasons", reasons, "summary", summary));
    }
    json_decref(offers);
    if (e) {
        json_decref(arr);
        return e;
    }
    *items = arr;
    return WS_OK;
}
