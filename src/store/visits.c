/*
** visits.c: the work list of visit tasks and the visits recorded (visits.h).
*/
#include "visits.h"

#include "../core/alert.h"
#include "assessments.h"
#include "divisions.h"
#include "questionnaires.h"
#include "store_int.h"

#include <stdio.h>
#include <string.h>

/* ---- tasks ----------------------------------------------------------------------------------------- */

#define TASK_FILTER                                                                                                \
    "WHERE t.town_code >= ?1 AND t.town_code < ?2 AND (?3 = 'all' OR t.state = ?3) AND (?4 IS NULL OR "          \
    "(t.state = 'open' AND t.due_on < ?4)) "

static void bind_task_filter(sqlite3_stmt *st, const char *prefix, const store_task_query *q, const char *today) {
    store_bind_prefix_range(st, 1, prefix);
    sqlite3_bind_text(st, 3, q->state ? q->state : "open", -1, SQLITE_TRANSIENT);
    store_bind_text(st, 4, q->overdue == 1 ? today : NULL);
}

static json_t *task_json(sqlite3_stmt *st, core_date today) {
    core_date due = {0};
    core_date_parse(store_col_text(st, 9), &due);
    bool open = strcmp(store_col_text(st, 10), "open") == 0;
    long late = open ? core_alert_days_overdue(due, today) : 0;
    json_t *t = json_pack("{s:I, s:o, s:I, s:o, s:o, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:I, s:s?, s:s, s:o}", "id",
                          (json_int_t)sqlite3_column_int64(st, 0),
                          "alert_id", sqlite3_column_type(st, 1) == SQLITE_NULL ? json_null()
                                                                                 : json_integer(sqlite3_column_int64(st, 1)),
                          "household_id", (json_int_t)sqlite3_column_int64(st, 2), "household_no",
                          store_col_json_text(st, 3), "head_name", store_col_json_text(st, 4), "town_code",
                          store_col_text(st, 5), "town_name", store_col_text(st, 6), "cause", store_col_text(st, 7),
                          "severity", store_col_text(st, 8), "due_on", store_col_text(st, 9), "state",
                          store_col_text(st, 10), "overdue", late > 0, "days_overdue", (json_int_t)late, "escalated",
                          late > 0 ? "county" : NULL, "created_at", store_col_text(st, 11), "done_at",
                          store_col_json_text(st, 12));
    return t;
}

ws_err store_tasks_list(store_conn *c, const store_task_query *q, json_t **items, int64_t *total) {
    const char *prefix;
    *items = json_array();
    *total = 0;
    if (!store_scope_narrow(q->scope, q->division, &prefix)) return WS_OK;
    char today[11];
    core_date_format(q->today, today);
    sqlite3_stmt *st = store_stmt(c, "SELECT count(*) FROM visit_tasks t " TASK_FILTER);
    if (!st) return WS_ERR_DB;
    bind_task_filter(st, prefix, q, today);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) return store_err(c, rc);
    *total = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    st = store_stmt(c, "SELECT t.id, t.alert_id, t.household_id, h.household_no, hm.name, t.town_code, d.name, "
                       "coalesce(a.cause, ''), t.severity, t.due_on, t.state, t.created_at, t.done_at FROM visit_tasks t "
                       "JOIN households h ON h.id = t.household_id JOIN divisions d ON d.code = t.town_code "
                       STORE_JOIN_HEAD "LEFT JOIN alerts a ON a.id = t.alert_id " TASK_FILTER
                       "ORDER BY CASE t.severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, t.due_on, t.id "
                       "LIMIT ?5 OFFSET ?6");
    if (!st) return WS_ERR_DB;
    bind_task_filter(st, prefix, q, today);
    sqlite3_bind_int64(st, 5, q->limit);
    sqlite3_bind_int64(st, 6, q->offset);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) json_array_append_new(*items, task_json(st, q->today));
    return rc == SQLITE_DONE ? WS_OK : store_err(c, rc);
}

/* ---- visits ---------------------------------------------------------------------------------------- */

#define VISIT_COLUMNS                                                                                              \
    "v.id, v.task_id, v.household_id, v.visited_on, v.visit_type, v.visitor_name, v.findings, v.next_step, "       \
    "v.next_ref_id, v.created_at "

static json_t *int_or_null(sqlite3_stmt *st, int col) {
    return sqlite3_column_type(st, col) == SQLITE_NULL ? json_null() : json_integer(sqlite3_column_int64(st, col));
}

static json_t *visit_json(sqlite3_stmt *st) {
    return json_pack("{s:I, s:o, s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:s}", "id", (json_int_t)sqlite3_column_int64(st, 0),
                     "task_id", int_or_null(st, 1), "household_id", (json_int_t)sqlite3_column_int64(st, 2),
                     "visited_on", store_col_text(st, 3), "visit_type", store_col_text(st, 4), "visitor_name",
                     store_col_text(st, 5), "findings", store_col_text(st, 6), "next_step", store_col_text(st, 7),
                     "next_ref_id", int_or_null(st, 8), "created_at", store_col_text(st, 9));
}

static ws_err visits_collect(store_conn *c, sqlite3_stmt *st, json_t **items) {
    json_t *arr = json_array();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) json_array_append_new(arr, visit_json(st));
    if (rc != SQLITE_DONE) {
        json_decref(arr);
        return store_err(c, rc);
    }
    *items = arr;
    return WS_OK;
}

ws_err store_visits_since_json(store_conn *c, int64_t household_id, const char *since, json_t **items) {
    sqlite3_stmt *st = store_stmt(c, "SELECT " VISIT_COLUMNS "FROM visits v WHERE v.household_id = ?1 AND "
                                     "v.visited_on >= ?2 ORDER BY v.visited_on DESC, v.id DESC");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, household_id);
    sqlite3_bind_text(st, 2, since, -1, SQLITE_TRANSIENT);
    return visits_collect(c, st, items);
}

/* The town of an open household within scope. */
static ws_err open_household(store_conn *c, const char *scope, int64_t hid) {
    sqlite3_stmt *st = store_stmt(c, "SELECT town_code FROM households WHERE id = ?1 AND closed_at IS NULL");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, hid);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) return rc == SQLITE_DONE ? WS_ERR_NOTFOUND : store_err(c, rc);
    bool inside = store_in_scope(scope, store_col_text(st, 0));
    sqlite3_reset(st);
    return inside ? WS_OK : WS_ERR_NOTFOUND;
}

ws_err store_household_visits_json(store_conn *c, const char *scope, int64_t household_id, json_t **items) {
    ws_err e = open_household(c, scope, household_id);
    return e ? e : store_visits_since_json(c, household_id, "", items);
}

ws_err store_visit_json(store_conn *c, const char *scope, int64_t id, json_t **out) {
    sqlite3_stmt *st = store_stmt(c, "SELECT " VISIT_COLUMNS ", h.town_code FROM visits v JOIN households h ON "
                                     "h.id = v.household_id WHERE v.id = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) return rc == SQLITE_DONE ? WS_ERR_NOTFOUND : store_err(c, rc);
    bool inside = store_in_scope(scope, store_col_text(st, 10));
    if (inside) *out = visit_json(st);
    sqlite3_reset(st);
    return inside ? WS_OK : WS_ERR_NOTFOUND;
}

/* Marks the household's open task done; WS_ERR_CONFLICT when it is not the household's or not open. */
static ws_err task_done(store_conn *w, int64_t task_id, int64_t hid, const char *now) {
    sqlite3_stmt *st = store_stmt(w, "UPDATE visit_tasks SET state = 'done', done_at = ?3 WHERE id = ?1 AND "
                                     "household_id = ?2 AND state = 'open'");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, task_id);
    sqlite3_bind_int64(st, 2, hid);
    sqlite3_bind_text(st, 3, now, -1, SQLITE_TRANSIENT);
    ws_err e = store_step_done(w, st);
    return !e && sqlite3_changes(store_sqlite(w)) == 0 ? WS_ERR_CONFLICT : e;
}

/* The household's draft assessment, started now (dated visited_on) when it has none. */
static ws_err start_reassessment(store_conn *w, const char *scope, const store_visit_new *v, int64_t *id) {
    if (store_assessment_draft_id(w, v->household_id, id) == WS_OK) return WS_OK;
    store_household_facts f = {0};
    store_questionnaire *sq = NULL;
    ws_err e = store_household_facts_load(w, scope, v->household_id, v->visited_on, &f);
    if (!e) e = store_questionnaire_current(w, &sq);
    store_assessment *a = NULL;
    if (!e) {
        a = store_assessment_new(sq, v->household_id);
        a->assessed_on = v->visited_on;
        snprintf(a->visit_type, sizeof a->visit_type, "%s", v->visit_type);
        a->assessor_id = v->visitor_id;
        snprintf(a->assessor, sizeof a->assessor, "%s", v->visitor_name);
        store_assessment_derive(a, &f);
        e = store_assessment_insert(w, a);
        *id = a->id;
    }
    store_assessment_free(a);
    store_household_facts_clear(&f);
    return e;
}

/* Checks that next_ref_id names the household's referral (refer) or benefit (apply_policy). */
static void check_ref(store_conn *w, const store_visit_new *v, core_fielderrs *errs) {
    const char *sql = strcmp(v->next_step, "refer") == 0 ? "SELECT 1 FROM referrals WHERE id = ?1 AND household_id = ?2"
                      : strcmp(v->next_step, "apply_policy") == 0
                          ? "SELECT 1 FROM household_benefits WHERE id = ?1 AND household_id = ?2"
                          : "SELECT 1 FROM assessments WHERE id = ?1 AND household_id = ?2 AND ?3 = 'reassess'";
    sqlite3_stmt *st = store_stmt(w, sql);
    bool ok = false;
    if (st) {
        sqlite3_bind_int64(st, 1, v->next_ref_id);
        sqlite3_bind_int64(st, 2, v->household_id);
        if (sqlite3_bind_parameter_count(st) >= 3) sqlite3_bind_text(st, 3, v->next_step, -1, SQLITE_TRANSIENT);
        ok = sqlite3_step(st) == SQLITE_ROW;
        sqlite3_reset(st);
    }
    if (!ok)
        core_fielderrs_add(errs, "next_ref_id", "bad_ref", "不是该家庭的评估、转介或救助记录",
                           "Not an assessment, referral or benefit of this household");
}

/*
** The day text of sql's first column (bound: ?1 and ?2 the ids given), or "" when there is no row or it is
** NULL, into day.
*/
static ws_err day_of(store_conn *w, const char *sql, int64_t a, int64_t b, char day[11]) {
    sqlite3_stmt *st = store_stmt(w, sql);
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, a);
    if (sqlite3_bind_parameter_count(st) >= 2) sqlite3_bind_int64(st, 2, b);
    int rc = sqlite3_step(st);
    snprintf(day, 11, "%s", rc == SQLITE_ROW ? store_col_text(st, 0) : "");
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? WS_OK : store_err(w, rc);
}

/* A visit cannot predate the household's registration, nor (completing a task) what the task is about: the
** alert's first signal, or for a task the alert was given again after its visit, the (Asia/Shanghai) day a
** new signal made it. A visit made before anything was known cannot answer it. */
static ws_err check_visit_day(store_conn *w, const store_visit_new *v, const char *on, core_fielderrs *errs) {
    char registered[11], signal[11] = "";
    ws_err e = day_of(w, "SELECT registered_on FROM households WHERE id = ?1", v->household_id, 0, registered);
    if (!e && v->task_id)
        e = day_of(w, "SELECT CASE WHEN t.id = (SELECT min(id) FROM visit_tasks WHERE alert_id = t.alert_id) "
                      "THEN a.first_signal_on ELSE max(a.first_signal_on, date(t.created_at, '+8 hours')) END "
                      "FROM visit_tasks t JOIN alerts a ON a.id = t.alert_id "
                      "WHERE t.id = ?1 AND t.household_id = ?2", v->task_id, v->household_id, signal);
    if (e) return e;
    char zh[256], en[256];
    if (strcmp(on, registered) < 0) {
        snprintf(zh, sizeof zh, "走访日期不能早于家庭的登记日期（%s）", registered);
        snprintf(en, sizeof en, "The visit cannot be before the household was registered (%s)", registered);
        core_fielderrs_add(errs, "visited_on", "before_registration", zh, en);
    } else if (strcmp(on, signal) < 0) {
        snprintf(zh, sizeof zh, "完成走访任务的走访不能早于 %s（预警的首个信号之日，或走访后的新信号生成此任务之日）",
                 signal);
        snprintf(en, sizeof en, "A visit completing the task cannot be before %s (the alert's first signal, or the "
                 "day a signal after its visit made this task)", signal);
        core_fielderrs_add(errs, "visited_on", "before_alert", zh, en);
    }
    return WS_OK;
}

ws_err store_visit_create(store_conn *w, const char *scope, const store_visit_new *v, core_fielderrs *errs,
                          int64_t *id) {
    ws_err e = open_household(w, scope, v->household_id);
    if (e) return e;
    char now[21], on[11];
    store_now_iso(now);
    core_date_format(v->visited_on, on);
    e = check_visit_day(w, v, on, errs);
    if (e) return e;
    int64_t ref = v->next_ref_id;
    if (ref) check_ref(w, v, errs);
    if (errs->count) return WS_ERR_INVALID;
    if (v->task_id) e = task_done(w, v->task_id, v->household_id, now);
    if (!e && !ref && strcmp(v->next_step, "reassess") == 0) e = start_reassessment(w, scope, v, &ref);
    if (e) return e;
    sqlite3_stmt *st = store_stmt(w, "INSERT INTO visits (task_id, household_id, visited_on, visit_type, visitor_id, "
                                     "visitor_name, findings, next_step, next_ref_id, created_at) "
                                     "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)");
    if (!st) return WS_ERR_DB;
    if (v->task_id)
        sqlite3_bind_int64(st, 1, v->task_id);
    else
        sqlite3_bind_null(st, 1);
    sqlite3_bind_int64(st, 2, v->household_id);
    sqlite3_bind_text(st, 3, on, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, v->visit_type, -1, SQLITE_TRANSIENT);
    if (v->visitor_id > 0)
        sqlite3_bind_int64(st, 5, v->visitor_id);
    else
        sqlite3_bind_null(st, 5);
    sqlite3_bind_text(st, 6, v->visitor_name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 7, v->findings, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 8, v->next_step, -1, SQLITE_TRANSIENT);
    if (ref)
        sqlite3_bind_int64(st, 9, ref);
    else
        sqlite3_bind_null(st, 9);
    sqlite3_bind_text(st, 10, now, -1, SQLITE_TRANSIENT);
    e = store_step_done(w, st);
    if (!e) *id = sqlite3_last_insert_rowid(store_sqlite(w));
    return e;
}

ws_err store_visits_forget_assessment(store_conn *w, int64_t assessment_id) {
    sqlite3_stmt *st = store_stmt(w, "UPDATE visits SET next_ref_id = NULL WHERE next_step = 'reassess' AND "
                                     "next_ref_id = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, assessment_id);
    return store_step_done(w, st);
}
