/*
** assessments.c: assessments, their answers and needs in SQL; the registry facts derived indicators read.
*/
#include "assessments.h"

#include "divisions.h"
#include "store_int.h"
#include "visits.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static ws_err step_done(store_conn *w, sqlite3_stmt *st) {
    int rc = sqlite3_step(st);
    return rc == SQLITE_DONE ? WS_OK : store_err(w, rc);
}

bool store_visit_type_valid(const char *v) {
    return v && (strcmp(v, "station") == 0 || strcmp(v, "home") == 0 || strcmp(v, "phone") == 0);
}

/* ---- in memory ----------------------------------------------------------------------------------- */

store_assessment *store_assessment_new(store_questionnaire *sq, int64_t household_id) {
    store_assessment *a = xcalloc(1, sizeof *a);
    a->sq = sq;
    a->household_id = household_id;
    memset(a->level, -1, sizeof a->level);
    memset(a->derived, -1, sizeof a->derived);
    snprintf(a->visit_type, sizeof a->visit_type, "station");
    return a;
}

static void needs_free(store_need *needs, size_t n) {
    for (size_t i = 0; i < n; i++) free(needs[i].note);
    free(needs);
}

void store_assessment_free(store_assessment *a) {
    if (!a) return;
    for (int j = 0; j < CORE_Q_MAX_INDICATORS; j++) free(a->reason[j]);
    needs_free(a->needs, a->nneeds);
    store_questionnaire_free(a->sq);
    free(a);
}

void store_assessment_set_needs(store_assessment *a, const store_need *needs, size_t n) {
    store_need *copy = n ? xcalloc(n, sizeof *copy) : NULL;
    for (size_t i = 0; i < n; i++) {
        copy[i] = needs[i];
        copy[i].note = xstrdup(needs[i].note ? needs[i].note : "");
    }
    needs_free(a->needs, a->nneeds);
    a->needs = copy;
    a->nneeds = n;
}

void store_assessment_set_reason(store_assessment *a, int j, const char *reason) {
    free(a->reason[j]);
    a->reason[j] = reason && *reason ? xstrdup(reason) : NULL;
}

bool store_assessment_derive(store_assessment *a, const store_household_facts *f) {
    const core_questionnaire *q = &a->sq->q;
    bool changed = false;
    for (int j = 0; j < q->nind; j++) {
        core_derive rule = q->ind[j].derive;
        int now = rule ? core_hindex_derive(rule, f->category, f->members, f->nmembers) : -1;
        if (now > 1 && !q->ind[j].has_severe) now = 1;
        if (now != a->derived[j]) {
            /* The answer followed the registry (or nobody had answered yet): it follows it still. */
            if (a->level[j] == a->derived[j] && now >= 0) {
                a->level[j] = (int8_t)now;
                store_assessment_set_reason(a, j, NULL);
            }
            a->derived[j] = (int8_t)now;
            changed = true;
        }
        if (a->derived[j] >= 0 && a->level[j] == a->derived[j] && a->reason[j]) {
            store_assessment_set_reason(a, j, NULL);
            changed = true;
        }
    }
    return changed;
}

void store_assessment_levels(const store_assessment *a, const core_questionnaire *q, int8_t *levels) {
    const core_questionnaire *given = &a->sq->q;
    for (int j = 0; j < q->nind; j++) {
        int k = given == q ? j : core_questionnaire_find(given, q->ind[j].code);
        int level = k >= 0 ? a->level[k] : -1;
        if (level > 1 && !q->ind[j].has_severe) level = 1;
        levels[j] = (int8_t)level;
    }
}

void store_assessment_need_counts(const store_assessment *a, uint32_t counts[CORE_URG_COUNT]) {
    for (int u = 0; u < CORE_URG_COUNT; u++) counts[u] = 0;
    for (size_t i = 0; i < a->nneeds; i++)
        if ((unsigned)a->needs[i].urgency < CORE_URG_COUNT) counts[a->needs[i].urgency]++;
}

/* ---- registry facts ---------------------------------------------------------------------------- */

void store_household_facts_clear(store_household_facts *f) {
    free(f->members);
    memset(f, 0, sizeof *f);
}

ws_err store_household_facts_load(store_conn *c, const char *scope, int64_t household_id, core_date at,
                                  store_household_facts *out) {
    sqlite3_stmt *st = store_stmt(c, "SELECT category, registered_on, town_code FROM households "
                                     "WHERE id = ?1 AND closed_at IS NULL");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, household_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) return WS_ERR_NOTFOUND;
    if (rc != SQLITE_ROW) return store_err(c, rc);
    store_household_facts f = {0};
    f.category = core_category_parse(store_col_text(st, 0));
    core_date_parse(store_col_text(st, 1), &f.registered_on);
    snprintf(f.town_code, sizeof f.town_code, "%s", store_col_text(st, 2));
    sqlite3_reset(st);
    if (!store_in_scope(scope, f.town_code)) return WS_ERR_NOTFOUND;
    st = store_stmt(c, "SELECT birth_date, disability_grade, serious_illness FROM members "
                       "WHERE household_id = ?1 AND active = 1 ORDER BY id");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, household_id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        f.members = xrealloc(f.members, (size_t)(f.nmembers + 1) * sizeof *f.members);
        core_member_facts *m = &f.members[f.nmembers++];
        core_date birth;
        m->age = core_date_parse(store_col_text(st, 0), &birth) ? core_date_age(birth, at) : -1;
        m->disability_grade = sqlite3_column_int(st, 1);
        m->serious_illness = sqlite3_column_int(st, 2) != 0;
    }
    if (rc != SQLITE_DONE) {
        store_household_facts_clear(&f);
        return store_err(c, rc);
    }
    *out = f;
    return WS_OK;
}

/* ---- reading ------------------------------------------------------------------------------------ */

static ws_err load_answers(store_conn *c, store_assessment *a) {
    sqlite3_stmt *st = store_stmt(c, "SELECT indicator_code, level, derived_level, override_reason "
                                     "FROM assessment_answers WHERE assessment_id = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, a->id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int j = core_questionnaire_find(&a->sq->q, store_col_text(st, 0));
        if (j < 0) continue; /* not of this version: cannot happen through the store */
        a->level[j] = (int8_t)(sqlite3_column_type(st, 1) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 1));
        a->derived[j] = (int8_t)(sqlite3_column_type(st, 2) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 2));
        if (sqlite3_column_type(st, 3) != SQLITE_NULL) store_assessment_set_reason(a, j, store_col_text(st, 3));
    }
    return rc == SQLITE_DONE ? WS_OK : store_err(c, rc);
}

static ws_err load_needs(store_conn *c, store_assessment *a) {
    sqlite3_stmt *st = store_stmt(c, "SELECT service_code, area_code, urgency, note, id FROM assessment_needs "
                                     "WHERE assessment_id = ?1 ORDER BY position");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, a->id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        a->needs = xrealloc(a->needs, (a->nneeds + 1) * sizeof *a->needs);
        store_need *n = &a->needs[a->nneeds++];
        memset(n, 0, sizeof *n);
        snprintf(n->service, sizeof n->service, "%s", store_col_text(st, 0));
        snprintf(n->area, sizeof n->area, "%s", store_col_text(st, 1));
        if (!core_urgency_parse(store_col_text(st, 2), &n->urgency)) n->urgency = CORE_URG_ROUTINE;
        n->note = xstrdup(store_col_text(st, 3));
        n->id = sqlite3_column_int64(st, 4);
    }
    return rc == SQLITE_DONE ? WS_OK : store_err(c, rc);
}

ws_err store_assessment_load(store_conn *c, const char *scope, int64_t id, store_assessment **out) {
    sqlite3_stmt *st = store_stmt(c, "SELECT a.household_id, a.questionnaire_id, a.status, a.assessed_on, a.visit_type, "
                                     "coalesce(a.assessor_id, 0), a.assessor_name, a.synthetic, a.created_at, "
                                     "a.updated_at, a.submitted_at, h.town_code FROM assessments a "
                                     "JOIN households h ON h.id = a.household_id "
                                     "WHERE a.id = ?1 AND h.closed_at IS NULL");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) return WS_ERR_NOTFOUND;
    if (rc != SQLITE_ROW) return store_err(c, rc);
    if (!store_in_scope(scope, store_col_text(st, 11))) {
        sqlite3_reset(st);
        return WS_ERR_NOTFOUND;
    }
    int64_t hid = sqlite3_column_int64(st, 0), qid = sqlite3_column_int64(st, 1);
    store_assessment tmp = {0};
    tmp.submitted = strcmp(store_col_text(st, 2), "submitted") == 0;
    core_date_parse(store_col_text(st, 3), &tmp.assessed_on);
    snprintf(tmp.visit_type, sizeof tmp.visit_type, "%s", store_col_text(st, 4));
    tmp.assessor_id = sqlite3_column_int64(st, 5);
    snprintf(tmp.assessor, sizeof tmp.assessor, "%s", store_col_text(st, 6));
    tmp.synthetic = sqlite3_column_int(st, 7) != 0;
    snprintf(tmp.created_at, sizeof tmp.created_at, "%s", store_col_text(st, 8));
    snprintf(tmp.updated_at, sizeof tmp.updated_at, "%s", store_col_text(st, 9));
    snprintf(tmp.submitted_at, sizeof tmp.submitted_at, "%s", store_col_text(st, 10));
    sqlite3_reset(st);
    store_questionnaire *sq;
    ws_err e = store_questionnaire_load(c, qid, &sq);
    if (e) return e;
    store_assessment *a = store_assessment_new(sq, hid);
    a->id = id;
    a->submitted = tmp.submitted;
    a->assessed_on = tmp.assessed_on;
    memcpy(a->visit_type, tmp.visit_type, sizeof a->visit_type);
    a->assessor_id = tmp.assessor_id;
    memcpy(a->assessor, tmp.assessor, sizeof a->assessor);
    a->synthetic = tmp.synthetic;
    memcpy(a->created_at, tmp.created_at, sizeof a->created_at);
    memcpy(a->updated_at, tmp.updated_at, sizeof a->updated_at);
    memcpy(a->submitted_at, tmp.submitted_at, sizeof a->submitted_at);
    e = load_answers(c, a);
    if (!e) e = load_needs(c, a);
    if (e) {
        store_assessment_free(a);
        return e;
    }
    *out = a;
    return WS_OK;
}

ws_err store_assessment_draft_id(store_conn *c, int64_t household_id, int64_t *id) {
    sqlite3_stmt *st = store_stmt(c, "SELECT id FROM assessments WHERE household_id = ?1 AND status = 'draft'");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, household_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) return WS_ERR_NOTFOUND;
    if (rc != SQLITE_ROW) return store_err(c, rc);
    *id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return WS_OK;
}

ws_err store_assessments_list(store_conn *c, int64_t household_id, json_t **items) {
    sqlite3_stmt *st = store_stmt(c, "SELECT a.id, q.version, a.status, a.assessed_on, a.visit_type, a.assessor_name, "
                                     "a.submitted_at, a.updated_at, a.tier, a.c, "
                                     "a.id = (SELECT hi.assessment_id FROM household_index hi WHERE hi.household_id = ?1), "
                                     "a.synthetic FROM assessments a JOIN questionnaires q ON q.id = a.questionnaire_id "
                                     "WHERE a.household_id = ?1 ORDER BY a.assessed_on DESC, a.id DESC");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, household_id);
    json_t *arr = json_array();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *version = sqlite3_column_type(st, 1) == SQLITE_NULL ? json_null()
                                                                      : json_integer(sqlite3_column_int64(st, 1));
        json_t *c_value = sqlite3_column_type(st, 9) == SQLITE_NULL ? json_null()
                                                                      : json_integer(sqlite3_column_int64(st, 9));
        json_array_append_new(
            arr, json_pack("{s:I, s:o, s:s, s:s, s:s, s:s, s:o, s:s, s:o, s:o, s:b, s:b}", "id",
                           (json_int_t)sqlite3_column_int64(st, 0), "questionnaire_version", version, "status",
                           store_col_text(st, 2), "assessed_on", store_col_text(st, 3), "visit_type",
                           store_col_text(st, 4), "assessor", store_col_text(st, 5), "submitted_at",
                           store_col_json_text(st, 6), "updated_at", store_col_text(st, 7), "tier",
                           store_col_json_text(st, 8), "c", c_value, "current", sqlite3_column_int(st, 10),
                           "synthetic", sqlite3_column_int(st, 11)));
    }
    if (rc != SQLITE_DONE) {
        json_decref(arr);
        return store_err(c, rc);
    }
    *items = arr;
    return WS_OK;
}

ws_err store_need_get(store_conn *c, const char *scope, int64_t id, store_need_ref *out) {
    sqlite3_stmt *st = store_stmt(c, "SELECT n.assessment_id, a.household_id, h.town_code, n.service_code, n.area_code, "
                                     "n.urgency, EXISTS (SELECT 1 FROM household_index hi "
                                     "WHERE hi.household_id = a.household_id AND hi.assessment_id = a.id) "
                                     "FROM assessment_needs n JOIN assessments a ON a.id = n.assessment_id "
                                     "JOIN households h ON h.id = a.household_id "
                                     "WHERE n.id = ?1 AND a.status = 'submitted' AND h.closed_at IS NULL");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) return WS_ERR_NOTFOUND;
    if (rc != SQLITE_ROW) return store_err(c, rc);
    if (!store_in_scope(scope, store_col_text(st, 2))) {
        sqlite3_reset(st);
        return WS_ERR_NOTFOUND;
    }
    store_need_ref n = {.id = id};
    n.assessment_id = sqlite3_column_int64(st, 0);
    n.household_id = sqlite3_column_int64(st, 1);
    snprintf(n.town_code, sizeof n.town_code, "%s", store_col_text(st, 2));
    snprintf(n.service, sizeof n.service, "%s", store_col_text(st, 3));
    snprintf(n.area, sizeof n.area, "%s", store_col_text(st, 4));
    if (!core_urgency_parse(store_col_text(st, 5), &n.urgency)) n.urgency = CORE_URG_ROUTINE;
    n.current = sqlite3_column_int(st, 6) != 0;
    sqlite3_reset(st);
    *out = n;
    return WS_OK;
}

int64_t store_assessments_synthetic_count(store_conn *c) {
    sqlite3_stmt *st = store_stmt(c, "SELECT count(*) FROM assessments WHERE synthetic = 1");
    int64_t n = st && sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    if (st) sqlite3_reset(st);
    return n;
}

ws_err store_synthetic_unassessed(store_conn *c, int64_t **ids, size_t *n) {
    sqlite3_stmt *st = store_stmt(c, "SELECT h.id FROM households h WHERE h.synthetic = 1 AND h.closed_at IS NULL "
                                     "AND NOT EXISTS (SELECT 1 FROM assessments a WHERE a.household_id = h.id) "
                                     "ORDER BY h.id");
    if (!st) return WS_ERR_DB;
    return store_collect_ids(c, st, ids, n);
}

/* ---- writing ------------------------------------------------------------------------------------ */

static ws_err write_answers(store_conn *w, const store_assessment *a) {
    const core_questionnaire *q = &a->sq->q;
    for (int j = 0; j < q->nind; j++) {
        sqlite3_stmt *st = store_stmt(w, "INSERT INTO assessment_answers (assessment_id, indicator_code, level, "
                                         "derived_level, override_reason) VALUES (?1, ?2, ?3, ?4, ?5)");
        if (!st) return WS_ERR_DB;
        sqlite3_bind_int64(st, 1, a->id);
        sqlite3_bind_text(st, 2, q->ind[j].code, -1, SQLITE_TRANSIENT);
        if (a->level[j] >= 0) sqlite3_bind_int(st, 3, a->level[j]);
        else sqlite3_bind_null(st, 3);
        if (a->derived[j] >= 0) sqlite3_bind_int(st, 4, a->derived[j]);
        else sqlite3_bind_null(st, 4);
        store_bind_text(st, 5, a->reason[j]);
        ws_err e = step_done(w, st);
        if (e) return e;
    }
    return WS_OK;
}

/* Writes a's needs; each takes the id it is stored under. */
static ws_err write_needs(store_conn *w, store_assessment *a) {
    for (size_t i = 0; i < a->nneeds; i++) {
        store_need *n = &a->needs[i];
        sqlite3_stmt *st = store_stmt(w, "INSERT INTO assessment_needs (assessment_id, position, service_code, "
                                         "area_code, urgency, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        if (!st) return WS_ERR_DB;
        sqlite3_bind_int64(st, 1, a->id);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
        sqlite3_bind_text(st, 3, n->service, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 4, n->area, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 5, core_urgency_code(n->urgency), -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 6, n->note ? n->note : "", -1, SQLITE_TRANSIENT);
        ws_err e = step_done(w, st);
        if (e) return e;
        n->id = sqlite3_last_insert_rowid(store_sqlite(w));
    }
    return WS_OK;
}

static ws_err delete_children(store_conn *w, int64_t id) {
    static const char *const SQL[] = {"DELETE FROM assessment_answers WHERE assessment_id = ?1",
                                      "DELETE FROM assessment_needs WHERE assessment_id = ?1"};
    for (size_t i = 0; i < 2; i++) {
        sqlite3_stmt *st = store_stmt(w, SQL[i]);
        if (!st) return WS_ERR_DB;
        sqlite3_bind_int64(st, 1, id);
        ws_err e = step_done(w, st);
        if (e) return e;
    }
    return WS_OK;
}

ws_err store_assessment_insert(store_conn *w, store_assessment *a) {
    sqlite3_stmt *st = store_stmt(w, "INSERT INTO assessments (household_id, questionnaire_id, status, assessed_on, "
                                     "visit_type, assessor_id, assessor_name, synthetic, created_at, updated_at, "
                                     "submitted_at) VALUES (?1, ?2, 'draft', ?3, ?4, ?5, ?6, ?7, ?8, ?8, NULL)");
    if (!st) return WS_ERR_DB;
    char now[21], on[11];
    store_now_iso(now);
    core_date_format(a->assessed_on, on);
    sqlite3_bind_int64(st, 1, a->household_id);
    sqlite3_bind_int64(st, 2, a->sq->id);
    sqlite3_bind_text(st, 3, on, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, a->visit_type, -1, SQLITE_TRANSIENT);
    if (a->assessor_id > 0) sqlite3_bind_int64(st, 5, a->assessor_id);
    else sqlite3_bind_null(st, 5);
    sqlite3_bind_text(st, 6, a->assessor, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 7, a->synthetic);
    sqlite3_bind_text(st, 8, now, -1, SQLITE_TRANSIENT);
    ws_err e = step_done(w, st);
    if (e) return e;
    a->id = sqlite3_last_insert_rowid(store_sqlite(w));
    memcpy(a->created_at, now, sizeof now);
    memcpy(a->updated_at, now, sizeof now);
    e = write_answers(w, a);
    if (!e) e = write_needs(w, a);
    return e;
}

/* WS_OK when id is a draft, WS_ERR_CONFLICT when submitted, WS_ERR_NOTFOUND when absent. */
static ws_err draft_check(store_conn *w, int64_t id) {
    sqlite3_stmt *st = store_stmt(w, "SELECT status FROM assessments WHERE id = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) return WS_ERR_NOTFOUND;
    if (rc != SQLITE_ROW) return store_err(w, rc);
    bool draft = strcmp(store_col_text(st, 0), "draft") == 0;
    sqlite3_reset(st);
    return draft ? WS_OK : WS_ERR_CONFLICT;
}

ws_err store_assessment_save(store_conn *w, store_assessment *a) {
    ws_err e = draft_check(w, a->id);
    if (e) return e;
    sqlite3_stmt *st = store_stmt(w, "UPDATE assessments SET assessed_on = ?2, visit_type = ?3, updated_at = ?4 "
                                     "WHERE id = ?1");
    if (!st) return WS_ERR_DB;
    char now[21], on[11];
    store_now_iso(now);
    core_date_format(a->assessed_on, on);
    sqlite3_bind_int64(st, 1, a->id);
    sqlite3_bind_text(st, 2, on, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, a->visit_type, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, now, -1, SQLITE_TRANSIENT);
    e = step_done(w, st);
    if (!e) e = delete_children(w, a->id);
    if (!e) e = write_answers(w, a);
    if (!e) e = write_needs(w, a);
    if (!e) memcpy(a->updated_at, now, sizeof now);
    return e;
}

ws_err store_assessment_mark_submitted(store_conn *w, store_assessment *a, core_tier tier, int32_t c) {
    ws_err e = draft_check(w, a->id);
    if (e) return e;
    sqlite3_stmt *st = store_stmt(w, "UPDATE assessments SET status = 'submitted', tier = ?2, c = ?3, "
                                     "submitted_at = ?4, updated_at = ?4 WHERE id = ?1");
    if (!st) return WS_ERR_DB;
    char now[21];
    store_now_iso(now);
    sqlite3_bind_int64(st, 1, a->id);
    sqlite3_bind_text(st, 2, core_tier_code(tier), -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, c);
    sqlite3_bind_text(st, 4, now, -1, SQLITE_TRANSIENT);
    e = step_done(w, st);
    if (!e) {
        a->submitted = true;
        memcpy(a->submitted_at, now, sizeof now);
        memcpy(a->updated_at, now, sizeof now);
    }
    return e;
}

ws_err store_assessment_delete(store_conn *w, int64_t id) {
    ws_err e = draft_check(w, id);
    if (!e) e = delete_children(w, id);
    if (!e) e = store_visits_forget_assessment(w, id);
    if (e) return e;
    sqlite3_stmt *st = store_stmt(w, "DELETE FROM assessments WHERE id = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    return step_done(w, st);
}
