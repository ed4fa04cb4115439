/*
** policies.c: the policy catalog in SQL: departments, policies, exclusions and city parameters, read as the
** API shows them and written from checked core_policy values; and migration 5's seed.
*/
#include "policies.h"

#include "seed.h"
#include "store_int.h"

#include "../core/facts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- departments ------------------------------------------------------------------------------------- */

ws_err store_departments_json(store_conn *c, json_t **out) {
    sqlite3_stmt *st = store_stmt(c, "SELECT d.code, d.name_zh, d.kind, (SELECT count(*) FROM policies p "
                                     "WHERE p.department_code = d.code AND p.status = 'active') "
                                     "FROM departments d ORDER BY d.code");
    if (!st) return WS_ERR_DB;
    json_t *arr = json_array();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:i}", "code", store_col_text(st, 0), "name_zh",
                                             store_col_text(st, 1), "kind", store_col_text(st, 2), "policies",
                                             sqlite3_column_int(st, 3)));
    if (rc != SQLITE_DONE) {
        json_decref(arr);
        return store_err(c, rc);
    }
    *out = arr;
    return WS_OK;
}

bool store_department_exists(store_conn *c, const char *code) {
    sqlite3_stmt *st = store_stmt(c, "SELECT 1 FROM departments WHERE code = ?1");
    if (!st) return false;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
    bool found = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_reset(st);
    return found;
}

/* ---- reading policies -------------------------------------------------------------------------------- */

/* The codes of the policies code excludes, either side of a stored pair, by code; NULL when the database failed. */
static json_t *excludes_json(store_conn *c, const char *code) {
    sqlite3_stmt *st = store_stmt(c, "SELECT excluded_code FROM policy_exclusions WHERE policy_code = ?1 UNION "
                                     "SELECT policy_code FROM policy_exclusions WHERE excluded_code = ?1 ORDER BY 1");
    if (!st) return NULL;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
    json_t *arr = json_array();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) json_array_append_new(arr, json_string(store_col_text(st, 0)));
    if (rc != SQLITE_DONE) {
        store_err(c, rc);
        json_decref(arr);
        return NULL;
    }
    return arr;
}

/* A nullable integer column as JSON. */
static json_t *col_int_or_null(sqlite3_stmt *st, int col) {
    return sqlite3_column_type(st, col) == SQLITE_NULL ? json_null() : json_integer(sqlite3_column_int64(st, col));
}

#define POLICY_SELECT                                                                                         \
    "SELECT p.id, p.code, p.name_zh, p.name_en, p.department_code, d.name_zh, p.assistance_type, "         \
    "p.target_groups, p.benefit_kind, p.benefit_amount_fen, p.benefit_parameter, p.benefit_text, "          \
    "p.how_to_apply, p.documents, p.legal_basis, p.valid_from, p.valid_to, p.rule, p.status, p.created_at, " \
    "p.updated_at FROM policies p JOIN departments d ON d.code = p.department_code "

/* The policy at the statement's row (POLICY_SELECT's columns) with its exclusions; NULL when the database failed. */
static json_t *policy_row_json(store_conn *c, sqlite3_stmt *st) {
    size_t ntypes;
    const core_policy_term *types = core_assistance_types(&ntypes);
    const core_policy_term *type = core_policy_term_find(types, ntypes, store_col_text(st, 6));
    json_t *targets = json_loads(store_col_text(st, 7), 0, NULL);
    json_t *rule = json_loads(store_col_text(st, 17), JSON_DECODE_ANY, NULL);
    json_t *p = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:o, s:o, s:s, s:s, s:s, s:s, "
                          "s:o, s:o, s:o, s:s, s:s, s:s}",
                          "id", (json_int_t)sqlite3_column_int64(st, 0), "code", store_col_text(st, 1), "name_zh",
                          store_col_text(st, 2), "name_en", store_col_text(st, 3), "department_code",
                          store_col_text(st, 4), "department_name", store_col_text(st, 5), "assistance_type",
                          store_col_text(st, 6), "assistance_type_zh", type ? type->zh : "", "assistance_type_en",
                          type ? type->en : "", "target_groups", targets ? targets : json_array(), "benefit_kind",
                          store_col_text(st, 8), "benefit_amount_fen", col_int_or_null(st, 9), "benefit_parameter",
                          store_col_json_text(st, 10), "benefit_text", store_col_text(st, 11), "how_to_apply",
                          store_col_text(st, 12), "documents", store_col_text(st, 13), "legal_basis",
                          store_col_text(st, 14), "valid_from", store_col_json_text(st, 15), "valid_to",
                          store_col_json_text(st, 16), "rule", rule ? rule : json_null(), "status",
                          store_col_text(st, 18), "created_at", store_col_text(st, 19), "updated_at",
                          store_col_text(st, 20));
    json_t *excludes = excludes_json(c, store_col_text(st, 1));
    if (!excludes) {
        json_decref(p);
        return NULL;
    }
    json_object_set_new(p, "excludes", excludes);
    return p;
}

/* Every row of st (POLICY_SELECT's columns, bound) as policies; NULL when the database failed. */
static json_t *policy_rows(store_conn *c, sqlite3_stmt *st) {
    json_t *arr = json_array();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *p = policy_row_json(c, st);
        if (!p) {
            sqlite3_reset(st);
            json_decref(arr);
            return NULL;
        }
        json_array_append_new(arr, p);
    }
    if (rc != SQLITE_DONE) {
        store_err(c, rc);
        json_decref(arr);
        return NULL;
    }
    return arr;
}

#define POLICY_FILTER                                                                                          \
    "WHERE (?1 IS NULL OR p.department_code = ?1) AND (?2 IS NULL OR p.assistance_type = ?2) "                \
    "AND (?3 IS NULL OR EXISTS (SELECT 1 FROM json_each(p.target_groups) t WHERE t.value = ?3)) "              \
    "AND (?4 IS NULL OR instr(p.code, ?4) > 0 OR instr(p.name_zh, ?4) > 0 OR instr(lower(p.name_en), lower(?4)) > 0 " \
    "     OR instr(p.legal_basis, ?4) > 0) AND (?5 IS NULL OR p.status = ?5) "

static void bind_filter(sqlite3_stmt *st, const store_policy_query *q) {
    store_bind_text(st, 1, q->department);
    store_bind_text(st, 2, q->type);
    store_bind_text(st, 3, q->target);
    store_bind_text(st, 4, q->q && *q->q ? q->q : NULL);
    store_bind_text(st, 5, q->status);
}

ws_err store_policies_list(store_conn *c, const store_policy_query *q, json_t **items, int64_t *total) {
    sqlite3_stmt *st = store_stmt(c, "SELECT count(*) FROM policies p " POLICY_FILTER);
    if (!st) return WS_ERR_DB;
    bind_filter(st, q);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) return store_err(c, rc);
    int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    st = store_stmt(c, POLICY_SELECT POLICY_FILTER "ORDER BY p.code LIMIT ?6 OFFSET ?7");
    if (!st) return WS_ERR_DB;
    bind_filter(st, q);
    sqlite3_bind_int64(st, 6, q->limit);
    sqlite3_bind_int64(st, 7, q->offset);
    json_t *arr = policy_rows(c, st);
    if (!arr) return WS_ERR_DB;
    *items = arr;
    *total = n;
    return WS_OK;
}

ws_err store_policy_json(store_conn *c, int64_t id, json_t **out) {
    sqlite3_stmt *st = store_stmt(c, POLICY_SELECT "WHERE p.id = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    json_t *arr = policy_rows(c, st);
    if (!arr) return WS_ERR_DB;
    json_t *p = json_incref(json_array_get(arr, 0));
    json_decref(arr);
    if (!p) return WS_ERR_NOTFOUND;
    *out = p;
    return WS_OK;
}

ws_err store_policy_id(store_conn *c, const char *code, int64_t *id) {
    sqlite3_stmt *st = store_stmt(c, "SELECT id FROM policies WHERE code = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) return WS_ERR_NOTFOUND;
    if (rc != SQLITE_ROW) return store_err(c, rc);
    *id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return WS_OK;
}

ws_err store_policies_in_force(store_conn *c, const char *date, json_t **out) {
    sqlite3_stmt *st = store_stmt(c, POLICY_SELECT "WHERE p.status = 'active' AND (p.valid_from IS NULL OR "
                                  "p.valid_from <= ?1) AND (p.valid_to IS NULL OR p.valid_to >= ?1) ORDER BY p.code");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_text(st, 1, date, -1, SQLITE_TRANSIENT);
    json_t *arr = policy_rows(c, st);
    if (!arr) return WS_ERR_DB;
    *out = arr;
    return WS_OK;
}

/* ---- writing policies -------------------------------------------------------------------------------- */

/* p's target groups as a JSON array text (caller frees). */
static char *targets_text(const core_policy *p) {
    json_t *arr = json_array();
    for (int i = 0; i < CORE_POLICY_TARGETS_MAX && p->targets[i]; i++)
        json_array_append_new(arr, json_string(p->targets[i]));
    char *text = json_dumps(arr, JSON_COMPACT);
    json_decref(arr);
    return text;
}

/* Binds p's fields at ?2..?17 and the time of the write at ?18 (the id or code goes at ?1). */
static void bind_policy(sqlite3_stmt *st, const core_policy *p, char *targets, const char *now) {
    store_bind_text(st, 2, p->name_zh);
    sqlite3_bind_text(st, 3, p->name_en ? p->name_en : "", -1, SQLITE_TRANSIENT);
    store_bind_text(st, 4, p->department);
    store_bind_text(st, 5, p->type);
    sqlite3_bind_text(st, 6, targets, -1, SQLITE_TRANSIENT);
    store_bind_text(st, 7, p->benefit_kind);
    if (p->benefit_amount_fen > 0) sqlite3_bind_int64(st, 8, p->benefit_amount_fen);
    else sqlite3_bind_null(st, 8);
    store_bind_text(st, 9, p->benefit_parameter && *p->benefit_parameter ? p->benefit_parameter : NULL);
    sqlite3_bind_text(st, 10, p->benefit_text ? p->benefit_text : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 11, p->how_to_apply ? p->how_to_apply : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 12, p->documents ? p->documents : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 13, p->legal_basis ? p->legal_basis : "", -1, SQLITE_TRANSIENT);
    store_bind_text(st, 14, p->valid_from);
    store_bind_text(st, 15, p->valid_to);
    store_bind_text(st, 16, p->rule);
    sqlite3_bind_text(st, 17, p->inactive ? "inactive" : "active", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 18, now, -1, SQLITE_TRANSIENT);
}

ws_err store_policy_insert(store_conn *w, const core_policy *p, int64_t *id) {
    sqlite3_stmt *st = store_stmt(
        w, "INSERT INTO policies (code, name_zh, name_en, department_code, assistance_type, target_groups, "
           "benefit_kind, benefit_amount_fen, benefit_parameter, benefit_text, how_to_apply, documents, legal_basis, "
           "valid_from, valid_to, rule, status, created_at, updated_at) "
           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?18)");
    if (!st) return WS_ERR_DB;
    char now[21];
    store_now_iso(now);
    char *targets = targets_text(p);
    store_bind_text(st, 1, p->code);
    bind_policy(st, p, targets, now);
    ws_err e = store_step_done(w, st);
    free(targets);
    if (!e) *id = sqlite3_last_insert_rowid(store_sqlite(w));
    return e;
}

ws_err store_policy_update(store_conn *w, int64_t id, const core_policy *p) {
    sqlite3_stmt *st = store_stmt(
        w, "UPDATE policies SET name_zh = ?2, name_en = ?3, department_code = ?4, assistance_type = ?5, "
           "target_groups = ?6, benefit_kind = ?7, benefit_amount_fen = ?8, benefit_parameter = ?9, benefit_text = ?10, "
           "how_to_apply = ?11, documents = ?12, legal_basis = ?13, valid_from = ?14, valid_to = ?15, rule = ?16, "
           "status = ?17, updated_at = ?18 WHERE id = ?1 AND code = ?19");
    if (!st) return WS_ERR_DB;
    char now[21];
    store_now_iso(now);
    char *targets = targets_text(p);
    sqlite3_bind_int64(st, 1, id);
    bind_policy(st, p, targets, now);
    store_bind_text(st, 19, p->code);
    ws_err e = store_step_done(w, st);
    free(targets);
    if (!e && sqlite3_changes(store_sqlite(w)) != 1) e = WS_ERR_NOTFOUND;
    return e;
}

ws_err store_policy_set_rule(store_conn *w, const char *code, const char *rule) {
    sqlite3_stmt *st = store_stmt(w, "UPDATE policies SET rule = ?2, updated_at = ?3 WHERE code = ?1");
    if (!st) return WS_ERR_DB;
    char now[21];
    store_now_iso(now);
    sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, rule, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, now, -1, SQLITE_TRANSIENT);
    ws_err e = store_step_done(w, st);
    if (!e && sqlite3_changes(store_sqlite(w)) != 1) e = WS_ERR_NOTFOUND;
    return e;
}

/* ---- exclusions -------------------------------------------------------------------------------------- */

/* Stores the pair a–b, lower code first. */
static ws_err exclusion_insert(store_conn *w, const char *a, const char *b) {
    sqlite3_stmt *st = store_stmt(w, "INSERT OR IGNORE INTO policy_exclusions (policy_code, excluded_code) "
                                     "VALUES (min(?1, ?2), max(?1, ?2))");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_text(st, 1, a, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, b, -1, SQLITE_TRANSIENT);
    return store_step_done(w, st);
}

ws_err store_policy_exclusions_set(store_conn *w, const char *code, const char *const *codes, size_t n) {
    int64_t id;
    ws_err e = store_policy_id(w, code, &id);
    for (size_t i = 0; i < n && !e; i++) e = strcmp(codes[i], code) == 0 ? WS_ERR_INVALID : store_policy_id(w, codes[i], &id);
    if (e) return e;
    sqlite3_stmt *st = store_stmt(w, "DELETE FROM policy_exclusions WHERE policy_code = ?1 OR excluded_code = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
    e = store_step_done(w, st);
    for (size_t i = 0; i < n && !e; i++) e = exclusion_insert(w, code, codes[i]);
    return e;
}

ws_err store_exclusions_json(store_conn *c, json_t **out) {
    sqlite3_stmt *st = store_stmt(c, "SELECT policy_code, excluded_code FROM policy_exclusions "
                                     "ORDER BY policy_code, excluded_code");
    if (!st) return WS_ERR_DB;
    json_t *arr = json_array();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        json_array_append_new(arr, json_pack("[s, s]", store_col_text(st, 0), store_col_text(st, 1)));
    if (rc != SQLITE_DONE) {
        json_decref(arr);
        return store_err(c, rc);
    }
    *out = arr;
    return WS_OK;
}

ws_err store_exclusions_replace(store_conn *w, const json_t *pairs) {
    sqlite3_stmt *st = store_stmt(w, "DELETE FROM policy_exclusions");
    if (!st) return WS_ERR_DB;
    ws_err e = store_step_done(w, st);
    size_t i;
    json_t *pair;
    json_array_foreach(pairs, i, pair) {
        if (e) break;
        e = exclusion_insert(w, json_string_value(json_array_get(pair, 0)), json_string_value(json_array_get(pair, 1)));
    }
    return e;
}

ws_err store_policy_rules_json(store_conn *c, json_t **out) {
    sqlite3_stmt *st = store_stmt(c, "SELECT code, rule FROM policies ORDER BY code");
    if (!st) return WS_ERR_DB;
    json_t *rules = json_object();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *rule = json_loads(store_col_text(st, 1), JSON_DECODE_ANY, NULL);
        json_object_set_new(rules, store_col_text(st, 0), rule ? rule : json_null());
    }
    if (rc != SQLITE_DONE) {
        json_decref(rules);
        return store_err(c, rc);
    }
    json_t *exclusions;
    ws_err e = store_exclusions_json(c, &exclusions);
    if (e) {
        json_decref(rules);
        return e;
    }
    *out = json_pack("{s:s, s:i, s:o, s:o}", "format", "waystation-policy-rules", "version", 1, "rules", rules,
                     "exclusions", exclusions);
    return WS_OK;
}

/* ---- city parameters --------------------------------------------------------------------------------- */

/* The value in force on ?1 of every parameter: the row with the latest effective date not after it. */
#define PARAMS_IN_FORCE                                                                                       \
    "SELECT name, value, unit, effective_from, note FROM city_parameters p WHERE effective_from = "          \
    "(SELECT max(effective_from) FROM city_parameters q WHERE q.name = p.name AND q.effective_from <= ?1) "  \
    "ORDER BY name"

ws_err store_params_in_force(store_conn *c, const char *date, json_t **out) {
    sqlite3_stmt *st = store_stmt(c, PARAMS_IN_FORCE);
    if (!st) return WS_ERR_DB;
    sqlite3_bind_text(st, 1, date, -1, SQLITE_TRANSIENT);
    json_t *obj = json_object();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *v = core_param_fact_value(store_col_text(st, 1), store_col_text(st, 2));
        if (v) json_object_set_new(obj, store_col_text(st, 0), v);
    }
    if (rc != SQLITE_DONE) {
        json_decref(obj);
        return store_err(c, rc);
    }
    *out = obj;
    return WS_OK;
}

/* The labels of parameter name from the fact vocabulary, set on obj ("label_zh", "label_en"; the name when
** the vocabulary lacks it). */
static void set_labels(json_t *obj, const char *name) {
    char path[CORE_PARAM_NAME_MAX + 8];
    snprintf(path, sizeof path, "params.%s", name);
    const char *zh = core_fact_label(path, false, NULL);
    json_object_set_new(obj, "label_zh", json_string(zh ? zh : name));
    const char *en = core_fact_label(path, true, NULL);
    json_object_set_new(obj, "label_en", json_string(en ? en : name));
}

ws_err store_parameters_json(store_conn *c, const char *date, json_t **out) {
    sqlite3_stmt *st = store_stmt(c, PARAMS_IN_FORCE);
    if (!st) return WS_ERR_DB;
    sqlite3_bind_text(st, 1, date, -1, SQLITE_TRANSIENT);
    json_t *arr = json_array();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *item = json_pack("{s:s, s:o*, s:s, s:o*, s:s, s:s}", "name", store_col_text(st, 0), "value",
                                 core_param_fact_value(store_col_text(st, 1), ""), "unit", store_col_text(st, 2), "fact_value",
                                 core_param_fact_value(store_col_text(st, 1), store_col_text(st, 2)),
                                 "effective_from", store_col_text(st, 3), "note", store_col_text(st, 4));
        set_labels(item, store_col_text(st, 0));
        json_array_append_new(arr, item);
    }
    if (rc != SQLITE_DONE) {
        json_decref(arr);
        return store_err(c, rc);
    }
    *out = arr;
    return WS_OK;
}

ws_err store_parameter_history(store_conn *c, const char *name, json_t **out) {
    sqlite3_stmt *st = store_stmt(c, "SELECT value, unit, effective_from, note, created_at FROM city_parameters "
                                     "WHERE name = ?1 ORDER BY effective_from DESC");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
    json_t *history = json_array();
    char unit[16] = "";
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        snprintf(unit, sizeof unit, "%s", store_col_text(st, 1));
        json_array_append_new(history, json_pack("{s:o*, s:o*, s:s, s:s, s:s}", "value",
                                                 core_param_fact_value(store_col_text(st, 0), ""), "fact_value",
                                                 core_param_fact_value(store_col_text(st, 0), unit), "effective_from",
                                                 store_col_text(st, 2), "note", store_col_text(st, 3), "created_at",
                                                 store_col_text(st, 4)));
    }
    if (rc != SQLITE_DONE) {
        json_decref(history);
        return store_err(c, rc);
    }
    if (json_array_size(history) == 0) {
        json_decref(history);
        return WS_ERR_NOTFOUND;
    }
    json_t *obj = json_pack("{s:s, s:s, s:o}", "name", name, "unit", unit, "history", history);
    set_labels(obj, name);
    *out = obj;
    return WS_OK;
}

ws_err store_parameter_unit(store_conn *c, const char *name, char unit[16]) {
    sqlite3_stmt *st = store_stmt(c, "SELECT unit FROM city_parameters WHERE name = ?1 LIMIT 1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) return WS_ERR_NOTFOUND;
    if (rc != SQLITE_ROW) return store_err(c, rc);
    snprintf(unit, 16, "%s", store_col_text(st, 0));
    sqlite3_reset(st);
    return WS_OK;
}

ws_err store_parameter_insert(store_conn *w, const store_parameter *p) {
    sqlite3_stmt *st = store_stmt(w, "INSERT INTO city_parameters (name, value, unit, effective_from, note, created_at) "
                                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    if (!st) return WS_ERR_DB;
    char now[21];
    store_now_iso(now);
    sqlite3_bind_text(st, 1, p->name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, p->value, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, p->unit, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, p->effective_from, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, p->note ? p->note : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 6, now, -1, SQLITE_TRANSIENT);
    return store_step_done(w, st);
}

/* ---- seeding ----------------------------------------------------------------------------------------- */

ws_err store_seed_policies(store_conn *w) {
    ws_err e = WS_OK;
    for (size_t i = 0; i < store_seed_departments_count && !e; i++) {
        const store_seed_department *d = &store_seed_departments[i];
        sqlite3_stmt *st = store_stmt(w, "INSERT INTO departments (code, name_zh, kind) VALUES (?1, ?2, ?3)");
        if (!st) return WS_ERR_DB;
        sqlite3_bind_text(st, 1, d->code, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, d->name_zh, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, d->kind, -1, SQLITE_STATIC);
        e = store_step_done(w, st);
    }
    int64_t id;
    for (size_t i = 0; i < store_seed_catalog_count && !e; i++) e = store_policy_insert(w, &store_seed_catalog[i], &id);
    for (size_t i = 0; i < store_seed_exclusions_count && !e; i++)
        e = exclusion_insert(w, store_seed_exclusions[i].a, store_seed_exclusions[i].b);
    for (size_t i = 0; i < store_seed_parameters_count && !e; i++) {
        const store_seed_parameter *sp = &store_seed_parameters[i];
        store_parameter p = {.note = sp->note};
        snprintf(p.name, sizeof p.name, "%s", sp->name);
        snprintf(p.value, sizeof p.value, "%s", sp->value);
        snprintf(p.unit, sizeof p.unit, "%s", sp->unit);
        snprintf(p.effective_from, sizeof p.effective_from, "%s", sp->effective_from);
        e = store_parameter_insert(w, &p);
    }
    return e;
}
