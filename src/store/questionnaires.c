/*
** questionnaires.c: questionnaire versions, their dimensions and indicators in SQL; the reference tables
** of difficulty areas and services, and their seed (migration 2).
*/
#include "questionnaires.h"

#include "seed.h"
#include "store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static ws_err step_done(store_conn *w, sqlite3_stmt *st) {
    int rc = sqlite3_step(st);
    return rc == SQLITE_DONE ? WS_OK : store_err(w, rc);
}

/* ---- loading -------------------------------------------------------------------------------------- */

void store_questionnaire_free(store_questionnaire *q) {
    if (!q) return;
    core_arena_free(q->strings);
    free(q);
}

static ws_err load_dimensions(store_conn *c, store_questionnaire *sq) {
    sqlite3_stmt *st = store_stmt(c, "SELECT code, name_zh, name_en FROM questionnaire_dimensions "
                                     "WHERE questionnaire_id = ?1 ORDER BY position");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, sq->id);
    int rc;
    core_questionnaire *q = &sq->q;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (q->ndims == CORE_Q_MAX_DIMS) return WS_ERR_INTERNAL;
        core_q_dimension *d = &q->dims[q->ndims++];
        snprintf(d->code, sizeof d->code, "%s", store_col_text(st, 0));
        d->zh = core_arena_strdup(sq->strings, store_col_text(st, 1));
        d->en = core_arena_strdup(sq->strings, store_col_text(st, 2));
    }
    return rc == SQLITE_DONE ? WS_OK : store_err(c, rc);
}

static ws_err load_indicators(store_conn *c, store_questionnaire *sq) {
    sqlite3_stmt *st = store_stmt(c, "SELECT code, dimension_position, name_zh, name_en, deprived_when, severe_when, "
                                     "has_severe, weight, area_code, red_rule, derive FROM questionnaire_indicators "
                                     "WHERE questionnaire_id = ?1 ORDER BY position");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, sq->id);
    int rc;
    core_questionnaire *q = &sq->q;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (q->nind == CORE_Q_MAX_INDICATORS) return WS_ERR_INTERNAL;
        core_q_indicator *ind = &q->ind[q->nind++];
        snprintf(ind->code, sizeof ind->code, "%s", store_col_text(st, 0));
        ind->dimension = sqlite3_column_int(st, 1);
        ind->zh = core_arena_strdup(sq->strings, store_col_text(st, 2));
        ind->en = core_arena_strdup(sq->strings, store_col_text(st, 3));
        ind->deprived_when = core_arena_strdup(sq->strings, store_col_text(st, 4));
        ind->severe_when = core_arena_strdup(sq->strings, store_col_text(st, 5));
        ind->has_severe = sqlite3_column_int(st, 6) != 0;
        ind->weight = sqlite3_column_int(st, 7);
        snprintf(ind->area, sizeof ind->area, "%s", store_col_text(st, 8));
        if (!core_red_rule_parse(store_col_text(st, 9), &ind->red)) ind->red = CORE_RED_NEVER;
        ind->derive = core_derive_parse(store_col_text(st, 10));
    }
    return rc == SQLITE_DONE ? WS_OK : store_err(c, rc);
}

ws_err store_questionnaire_load(store_conn *c, int64_t id, store_questionnaire **out) {
    sqlite3_stmt *st = store_stmt(c, "SELECT coalesce(version, 0), status, denominator, severe_p, severe_q, poor_p, "
                                     "poor_q, vulnerable_p, vulnerable_q, k_p, k_q, max_unanswered_p, max_unanswered_q, "
                                     "reassess_months FROM questionnaires WHERE id = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) return WS_ERR_NOTFOUND;
    if (rc != SQLITE_ROW) return store_err(c, rc);
    store_questionnaire *sq = xcalloc(1, sizeof *sq);
    sq->id = id;
    sq->strings = core_arena_new();
    core_questionnaire *q = &sq->q;
    q->version = sqlite3_column_int(st, 0);
    sq->published = strcmp(store_col_text(st, 1), "published") == 0;
    q->denominator = sqlite3_column_int(st, 2);
    core_q_cutoff *cuts[] = {&q->severe, &q->poor, &q->vulnerable, &q->k, &q->max_unanswered};
    for (int i = 0; i < 5; i++) {
        cuts[i]->p = sqlite3_column_int64(st, 3 + 2 * i);
        cuts[i]->q = sqlite3_column_int64(st, 4 + 2 * i);
    }
    q->reassess_months = sqlite3_column_int(st, 13);
    sqlite3_reset(st);
    ws_err e = load_dimensions(c, sq);
    if (!e) e = load_indicators(c, sq);
    if (e) {
        store_questionnaire_free(sq);
        return e;
    }
    *out = sq;
    return WS_OK;
}

ws_err store_questionnaire_current(store_conn *c, store_questionnaire **out) {
    sqlite3_stmt *st = store_stmt(c, "SELECT id FROM questionnaires WHERE status = 'published' "
                                     "ORDER BY version DESC LIMIT 1");
    if (!st) return WS_ERR_DB;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) return WS_ERR_NOTFOUND;
    if (rc != SQLITE_ROW) return store_err(c, rc);
    int64_t id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return store_questionnaire_load(c, id, out);
}

ws_err store_qcache_get(store_conn *c, store_qcache *cache, int64_t id, const store_questionnaire **out) {
    for (int i = 0; i < cache->n; i++)
        if (cache->items[i]->id == id) {
            *out = cache->items[i];
            return WS_OK;
        }
    store_questionnaire *sq;
    ws_err e = store_questionnaire_load(c, id, &sq);
    if (e) return e;
    int n = (int)(sizeof cache->items / sizeof cache->items[0]);
    if (cache->n == n) { /* full: the oldest goes (callers hold a version only until their next get) */
        store_questionnaire_free(cache->items[0]);
        memmove(cache->items, cache->items + 1, (size_t)(n - 1) * sizeof cache->items[0]);
        cache->n--;
    }
    cache->items[cache->n++] = sq;
    *out = sq;
    return WS_OK;
}

void store_qcache_free(store_qcache *cache) {
    for (int i = 0; i < cache->n; i++) store_questionnaire_free(cache->items[i]);
    cache->n = 0;
}

/* ---- JSON ------------------------------------------------------------------------------------------ */

ws_err store_questionnaires_list(store_conn *c, int64_t limit, int64_t offset, json_t **items, int64_t *total) {
    sqlite3_stmt *st = store_stmt(c, "SELECT count(*) FROM questionnaires");
    if (!st || sqlite3_step(st) != SQLITE_ROW) return WS_ERR_DB;
    int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    st = store_stmt(c, "SELECT q.id, q.version, q.status, q.published_at, "
                       "coalesce(u.display_name, q.published_by_name), "
                       "(SELECT count(*) FROM questionnaire_indicators i WHERE i.questionnaire_id = q.id), "
                       "q.denominator, q.version = (SELECT max(version) FROM questionnaires) "
                       "FROM questionnaires q LEFT JOIN users u ON u.id = q.published_by "
                       "ORDER BY q.id LIMIT ?1 OFFSET ?2");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, limit);
    sqlite3_bind_int64(st, 2, offset);
    json_t *arr = json_array();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *version = sqlite3_column_type(st, 1) == SQLITE_NULL ? json_null()
                                                                      : json_integer(sqlite3_column_int64(st, 1));
        json_array_append_new(
            arr, json_pack("{s:I, s:o, s:s, s:o, s:o, s:I, s:I, s:b}", "id", (json_int_t)sqlite3_column_int64(st, 0),
                           "version", version, "status", store_col_text(st, 2), "published_at",
                           store_col_json_text(st, 3), "published_by", store_col_json_text(st, 4),
                           "indicator_count", (json_int_t)sqlite3_column_int64(st, 5), "denominator",
                           (json_int_t)sqlite3_column_int64(st, 6), "current", sqlite3_column_int(st, 7)));
    }
    if (rc != SQLITE_DONE) {
        json_decref(arr);
        return store_err(c, rc);
    }
    *items = arr;
    *total = n;
    return WS_OK;
}

static json_t *cutoff_json(core_q_cutoff c) {
    char text[48];
    snprintf(text, sizeof text, "%lld/%lld", (long long)c.p, (long long)c.q);
    return json_string(text);
}

json_t *store_questionnaire_json(const store_questionnaire *sq, store_conn *c) {
    const core_questionnaire *q = &sq->q;
    json_t *dims = json_array(), *inds = json_array();
    for (int d = 0; d < q->ndims; d++) {
        json_int_t weight = 0;
        for (int j = 0; j < q->nind; j++)
            if (q->ind[j].dimension == d) weight += q->ind[j].weight;
        json_array_append_new(dims, json_pack("{s:s, s:s, s:s, s:I}", "code", q->dims[d].code, "zh", q->dims[d].zh,
                                              "en", q->dims[d].en, "weight", weight));
    }
    for (int j = 0; j < q->nind; j++) {
        const core_q_indicator *ind = &q->ind[j];
        const store_seed_area *area = store_area_find(ind->area);
        const char *dim = ind->dimension >= 0 && ind->dimension < q->ndims ? q->dims[ind->dimension].code : "";
        json_array_append_new(
            inds, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:i, s:s, s:s, s:s, s:o}", "code", ind->code,
                            "dimension", dim, "zh", ind->zh, "en", ind->en, "deprived_when", ind->deprived_when,
                            "severe_when", ind->severe_when, "has_severe", ind->has_severe, "weight", ind->weight,
                            "area", ind->area, "area_zh", area ? area->zh : "", "red_flag",
                            core_red_rule_code(ind->red), "derived_from",
                            ind->derive ? json_string(core_derive_code(ind->derive)) : json_null()));
    }
    json_t *out = json_pack(
        "{s:I, s:o, s:s, s:i, s:{s:o, s:o, s:o, s:o, s:o}, s:i, s:o, s:o}", "id", (json_int_t)sq->id, "version",
        sq->published ? json_integer(q->version) : json_null(), "status", sq->published ? "published" : "draft",
        "denominator", q->denominator, "cutoffs", "severe", cutoff_json(q->severe), "poor", cutoff_json(q->poor),
        "vulnerable", cutoff_json(q->vulnerable), "k", cutoff_json(q->k), "max_unanswered",
        cutoff_json(q->max_unanswered), "reassess_months", q->reassess_months, "dimensions", dims, "indicators", inds);
    /* Who published it and when: the list's fields, for a page that shows one version. */
    sqlite3_stmt *st = c ? store_stmt(c, "SELECT q.published_at, coalesce(u.display_name, q.published_by_name), "
                                         "q.created_at FROM questionnaires q LEFT JOIN users u ON u.id = q.published_by "
                                         "WHERE q.id = ?1")
                         : NULL;
    if (st) {
        sqlite3_bind_int64(st, 1, sq->id);
        if (sqlite3_step(st) == SQLITE_ROW) {
            json_object_set_new(out, "published_at", store_col_json_text(st, 0));
            json_object_set_new(out, "published_by", store_col_json_text(st, 1));
            json_object_set_new(out, "created_at", store_col_json_text(st, 2));
        }
        sqlite3_reset(st);
    }
    return out;
}

/* ---- writing --------------------------------------------------------------------------------------- */

static ws_err write_content(store_conn *w, int64_t id, const core_questionnaire *q) {
    for (int d = 0; d < q->ndims; d++) {
        sqlite3_stmt *st = store_stmt(w, "INSERT INTO questionnaire_dimensions (questionnaire_id, position, code, "
                                         "name_zh, name_en) VALUES (?1, ?2, ?3, ?4, ?5)");
        if (!st) return WS_ERR_DB;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int(st, 2, d);
        sqlite3_bind_text(st, 3, q->dims[d].code, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 4, q->dims[d].zh ? q->dims[d].zh : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 5, q->dims[d].en ? q->dims[d].en : "", -1, SQLITE_TRANSIENT);
        ws_err e = step_done(w, st);
        if (e) return e;
    }
    for (int j = 0; j < q->nind; j++) {
        const core_q_indicator *ind = &q->ind[j];
        sqlite3_stmt *st = store_stmt(w, "INSERT INTO questionnaire_indicators (questionnaire_id, position, code, "
                                         "dimension_position, name_zh, name_en, deprived_when, severe_when, has_severe, "
                                         "weight, area_code, red_rule, derive) "
                                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
        if (!st) return WS_ERR_DB;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int(st, 2, j);
        sqlite3_bind_text(st, 3, ind->code, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 4, ind->dimension);
        sqlite3_bind_text(st, 5, ind->zh ? ind->zh : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 6, ind->en ? ind->en : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 7, ind->deprived_when ? ind->deprived_when : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 8, ind->severe_when ? ind->severe_when : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 9, ind->has_severe);
        sqlite3_bind_int(st, 10, ind->weight);
        sqlite3_bind_text(st, 11, ind->area, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 12, core_red_rule_code(ind->red), -1, SQLITE_STATIC);
        store_bind_text(st, 13, ind->derive ? core_derive_code(ind->derive) : NULL);
        ws_err e = step_done(w, st);
        if (e) return e;
    }
    return WS_OK;
}

/* Binds the version's figures at ?1..?12: denominator, five cut-offs, reassess_months. */
static void bind_figures(sqlite3_stmt *st, const core_questionnaire *q) {
    sqlite3_bind_int(st, 1, q->denominator);
    const core_q_cutoff *cuts[] = {&q->severe, &q->poor, &q->vulnerable, &q->k, &q->max_unanswered};
    for (int i = 0; i < 5; i++) {
        sqlite3_bind_int64(st, 2 + 2 * i, cuts[i]->p);
        sqlite3_bind_int64(st, 3 + 2 * i, cuts[i]->q);
    }
    sqlite3_bind_int(st, 12, q->reassess_months);
}

ws_err store_questionnaire_insert(store_conn *w, const core_questionnaire *q, int64_t user_id, int64_t *id) {
    sqlite3_stmt *st = store_stmt(w, "INSERT INTO questionnaires (status, denominator, severe_p, severe_q, poor_p, "
                                     "poor_q, vulnerable_p, vulnerable_q, k_p, k_q, max_unanswered_p, max_unanswered_q, "
                                     "reassess_months, created_at, created_by) "
                                     "VALUES ('draft', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
    if (!st) return WS_ERR_DB;
    char now[21];
    store_now_iso(now);
    bind_figures(st, q);
    sqlite3_bind_text(st, 13, now, -1, SQLITE_TRANSIENT);
    if (user_id > 0) sqlite3_bind_int64(st, 14, user_id);
    else sqlite3_bind_null(st, 14);
    ws_err e = step_done(w, st);
    if (e) return e;
    int64_t qid = sqlite3_last_insert_rowid(store_sqlite(w));
    e = write_content(w, qid, q);
    if (!e) *id = qid;
    return e;
}

/* The status of version id: WS_OK and *published, or WS_ERR_NOTFOUND. */
static ws_err status_of(store_conn *c, int64_t id, bool *published) {
    sqlite3_stmt *st = store_stmt(c, "SELECT status FROM questionnaires WHERE id = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) return WS_ERR_NOTFOUND;
    if (rc != SQLITE_ROW) return store_err(c, rc);
    *published = strcmp(store_col_text(st, 0), "published") == 0;
    sqlite3_reset(st);
    return WS_OK;
}

ws_err store_questionnaire_replace(store_conn *w, int64_t id, const core_questionnaire *q) {
    bool published;
    ws_err e = status_of(w, id, &published);
    if (e) return e;
    if (published) return WS_ERR_CONFLICT;
    static const char *const DELETES[] = {"DELETE FROM questionnaire_indicators WHERE questionnaire_id = ?1",
                                          "DELETE FROM questionnaire_dimensions WHERE questionnaire_id = ?1"};
    for (size_t i = 0; i < 2 && !e; i++) {
        sqlite3_stmt *st = store_stmt(w, DELETES[i]);
        if (!st) return WS_ERR_DB;
        sqlite3_bind_int64(st, 1, id);
        e = step_done(w, st);
    }
    sqlite3_stmt *st = e ? NULL : store_stmt(w, "UPDATE questionnaires SET denominator = ?1, severe_p = ?2, "
                                                "severe_q = ?3, poor_p = ?4, poor_q = ?5, vulnerable_p = ?6, "
                                                "vulnerable_q = ?7, k_p = ?8, k_q = ?9, max_unanswered_p = ?10, "
                                                "max_unanswered_q = ?11, reassess_months = ?12 WHERE id = ?13");
    if (!e && !st) return WS_ERR_DB;
    if (!e) {
        bind_figures(st, q);
        sqlite3_bind_int64(st, 13, id);
        e = step_done(w, st);
    }
    if (!e) e = write_content(w, id, q);
    return e;
}

ws_err store_questionnaire_publish(store_conn *w, int64_t id, int64_t user_id, const char *by, int *version) {
    bool published;
    ws_err e = status_of(w, id, &published);
    if (e) return e;
    if (published) return WS_ERR_CONFLICT;
    sqlite3_stmt *st = store_stmt(w, "SELECT coalesce(max(version), 0) + 1 FROM questionnaires");
    if (!st || sqlite3_step(st) != SQLITE_ROW) return WS_ERR_DB;
    int v = sqlite3_column_int(st, 0);
    sqlite3_reset(st);
    st = store_stmt(w, "UPDATE questionnaires SET status = 'published', version = ?2, published_at = ?3, "
                       "published_by = ?4, published_by_name = ?5 WHERE id = ?1");
    if (!st) return WS_ERR_DB;
    char now[21];
    store_now_iso(now);
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, v);
    sqlite3_bind_text(st, 3, now, -1, SQLITE_TRANSIENT);
    if (user_id > 0) sqlite3_bind_int64(st, 4, user_id);
    else sqlite3_bind_null(st, 4);
    sqlite3_bind_text(st, 5, by ? by : "system", -1, SQLITE_TRANSIENT);
    e = step_done(w, st);
    if (!e && version) *version = v;
    return e;
}

/* ---- seed (migration 2) ------------------------------------------------------------------------- */

static ws_err seed_row(store_conn *w, const char *sql, const char *a, const char *b, const char *c) {
    sqlite3_stmt *st = store_stmt(w, sql);
    if (!st) return WS_ERR_DB;
    sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, b, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, c, -1, SQLITE_STATIC);
    return step_done(w, st);
}

ws_err store_seed_assessment(store_conn *w) {
    ws_err e = WS_OK;
    for (size_t i = 0; i < store_seed_areas_count && !e; i++)
        e = seed_row(w, "INSERT INTO difficulty_areas (code, name_zh, name_en) VALUES (?1, ?2, ?3)",
                     store_seed_areas[i].code, store_seed_areas[i].zh, store_seed_areas[i].en);
    for (size_t i = 0; i < store_seed_service_categories_count && !e; i++)
        e = seed_row(w, "INSERT INTO service_categories (code, name_zh, name_en) VALUES (?1, ?2, ?3)",
                     store_seed_service_categories[i].code, store_seed_service_categories[i].zh,
                     store_seed_service_categories[i].en);
    for (size_t i = 0; i < store_seed_services_count && !e; i++) {
        const store_seed_service *s = &store_seed_services[i];
        sqlite3_stmt *st = store_stmt(w, "INSERT INTO service_items (code, category_code, name_zh, name_en, "
                                         "respond_days, complete_days) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        if (!st) return WS_ERR_DB;
        sqlite3_bind_text(st, 1, s->code, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, s->category, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, s->zh, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, s->en, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 5, s->respond_days);
        sqlite3_bind_int(st, 6, s->complete_days);
        e = step_done(w, st);
        for (int a = 0; a < s->nareas && !e; a++) {
            st = store_stmt(w, "INSERT INTO service_item_areas (item_code, area_code, position) VALUES (?1, ?2, ?3)");
            if (!st) return WS_ERR_DB;
            sqlite3_bind_text(st, 1, s->code, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 2, s->areas[a], -1, SQLITE_STATIC);
            sqlite3_bind_int(st, 3, a);
            e = step_done(w, st);
        }
    }
    int64_t id = 0;
    if (!e) e = store_questionnaire_insert(w, core_questionnaire_default(), 0, &id);
    if (!e) e = store_questionnaire_publish(w, id, 0, "system", NULL);
    return e;
}
