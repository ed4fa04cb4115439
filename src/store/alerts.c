/*
** alerts.c: alert rules, the evaluation of monitoring records into alerts and visit tasks, the alerts'
** lists and closing, and the discovery summary (alerts.h).
*/
#include "alerts.h"

#include "../core/jsonlogic.h"
#include "../core/text.h"
#include "divisions.h"
#include "facts.h"
#include "policies.h"
#include "store_int.h"
#include "visits.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- rules ----------------------------------------------------------------------------------------- */

#define RULE_COLUMNS "id, code, name_zh, name_en, kind, rule, severity, team, status, created_at, updated_at "

static json_t *rule_json(sqlite3_stmt *st) {
    json_t *rule = json_loads(store_col_text(st, 5), JSON_DECODE_ANY, NULL); /* a rule may be a bare true */
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:s, s:s, s:s, s:s, s:s}", "id",
                     (json_int_t)sqlite3_column_int64(st, 0), "code", store_col_text(st, 1), "name_zh",
                     store_col_text(st, 2), "name_en", store_col_text(st, 3), "kind", store_col_text(st, 4), "rule",
                     rule ? rule : json_null(), "severity", store_col_text(st, 6), "team", store_col_text(st, 7),
                     "status", store_col_text(st, 8), "created_at", store_col_text(st, 9), "updated_at",
                     store_col_text(st, 10));
}

ws_err store_alert_rules_json(store_conn *c, json_t **items) {
    sqlite3_stmt *st = store_stmt(c, "SELECT " RULE_COLUMNS "FROM alert_rules ORDER BY code");
    if (!st) return WS_ERR_DB;
    json_t *arr = json_array();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) json_array_append_new(arr, rule_json(st));
    if (rc != SQLITE_DONE) {
        json_decref(arr);
        return store_err(c, rc);
    }
    *items = arr;
    return WS_OK;
}

ws_err store_alert_rule_json(store_conn *c, int64_t id, json_t **out) {
    sqlite3_stmt *st = store_stmt(c, "SELECT " RULE_COLUMNS "FROM alert_rules WHERE id = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) return WS_ERR_NOTFOUND;
    if (rc != SQLITE_ROW) return store_err(c, rc);
    *out = rule_json(st);
    sqlite3_reset(st);
    return WS_OK;
}

static ws_err rule_insert(store_conn *w, const char *code, const char *zh, const char *en, const char *kind,
                          const char *rule, const char *sev, const char *team, const char *status, int64_t *id) {
    char now[21];
    store_now_iso(now);
    sqlite3_stmt *st = store_stmt(w, "INSERT INTO alert_rules (code, name_zh, name_en, kind, rule, severity, team, "
                                     "status, created_at, updated_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?9)");
    if (!st) return WS_ERR_DB;
    const char *v[] = {code, zh, en, kind, rule, sev, team, status, now};
    for (int i = 0; i < 9; i++) sqlite3_bind_text(st, i + 1, v[i], -1, SQLITE_TRANSIENT);
    ws_err e = store_step_done(w, st);
    if (!e && id) *id = sqlite3_last_insert_rowid(store_sqlite(w));
    return e;
}

ws_err store_seed_alert_rules(store_conn *w) {
    size_t n;
    const core_alert_rule_def *d = core_alert_default_rules(&n);
    for (size_t i = 0; i < n; i++) {
        sqlite3_stmt *st = store_stmt(w, "SELECT 1 FROM alert_rules WHERE code = ?1");
        if (!st) return WS_ERR_DB;
        sqlite3_bind_text(st, 1, d[i].code, -1, SQLITE_STATIC);
        bool have = sqlite3_step(st) == SQLITE_ROW;
        sqlite3_reset(st);
        if (have) continue;
        ws_err e = rule_insert(w, d[i].code, d[i].name_zh, d[i].name_en, d[i].kind, d[i].rule, d[i].severity,
                               d[i].team, "active", NULL);
        if (e) return e;
    }
    return WS_OK;
}

/* A rule code: "A-" then capitals, digits and '-', at most 32 characters. */
static bool code_valid(const char *s) {
    size_t n = strlen(s);
    if (n < 3 || n > 32 || strncmp(s, "A-", 2) != 0) return false;
    for (size_t i = 2; i < n; i++)
        if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-')) return false;
    return true;
}

/* The text at body[key] into *out when present (NULL when absent), or a field error. */
static void field_text(const json_t *body, const char *key, size_t max, const char **out, core_fielderrs *errs) {
    json_t *v = json_object_get(body, key);
    *out = NULL;
    if (!v) return;
    const char *s = json_string_value(v);
    char zh[64], en[64];
    snprintf(zh, sizeof zh, "应为不超过 %zu 字的文字", max);
    snprintf(en, sizeof en, "Must be text of at most %zu characters", max);
    if (!s || core_utf8_len(s) > max)
        core_fielderrs_add(errs, key, "bad_text", zh, en);
    else if (core_text_has_control(s, false))
        core_fielderrs_add(errs, key, "invalid_text", CORE_TEXT_CONTROL_ZH, CORE_TEXT_CONTROL_EN);
    else if (core_text_has_invisible(s))
        core_fielderrs_add(errs, key, "invisible_text", CORE_TEXT_INVISIBLE_ZH, CORE_TEXT_INVISIBLE_EN);
    else
        *out = s;
}

/* Checks the JsonLogic rule at body["rule"] into *text (new, free()), or a field error. */
static void field_rule(const json_t *body, char **text, core_fielderrs *errs) {
    json_t *rule = json_object_get(body, "rule");
    *text = NULL;
    if (!rule) return;
    core_jl_error err;
    if (core_jl_check(rule, core_alert_fact_known, NULL, &err) != WS_OK) {
        char zh[560], en[560];
        snprintf(zh, sizeof zh, "规则无效（%s）：%s", err.where, err.zh);
        snprintf(en, sizeof en, "The rule is invalid (%s): %s", err.where, err.en);
        core_fielderrs_add(errs, "rule", "rule_invalid", zh, en);
        return;
    }
    *text = json_dumps(rule, JSON_COMPACT | JSON_ENCODE_ANY);
}

static void field_code(const char *v, const char *field, bool (*valid)(const char *), core_fielderrs *errs) {
    if (v && !valid(v)) core_fielderrs_add(errs, field, "bad_code", "不是可用的代码", "Not one of the codes");
}

static bool sev_valid(const char *s) { return core_alert_sev_parse(s) != CORE_ALERT_SEV_NONE; }
static bool status_valid(const char *s) { return strcmp(s, "active") == 0 || strcmp(s, "inactive") == 0; }

ws_err store_alert_rule_write(store_conn *w, int64_t id, const json_t *body, int64_t *out_id, core_fielderrs *errs) {
    const char *code, *zh, *en, *kind, *sev, *team, *status;
    char *rule;
    field_text(body, "code", 32, &code, errs);
    field_text(body, "name_zh", 100, &zh, errs);
    field_text(body, "name_en", 200, &en, errs);
    field_text(body, "kind", 32, &kind, errs);
    field_text(body, "severity", 16, &sev, errs);
    field_text(body, "team", 16, &team, errs);
    field_text(body, "status", 16, &status, errs);
    field_rule(body, &rule, errs);
    field_code(sev, "severity", sev_valid, errs);
    field_code(team, "team", core_alert_team_valid, errs);
    field_code(status, "status", status_valid, errs);
    if (id == 0) {
        field_code(kind, "kind", core_alert_kind_valid, errs);
        if (code && !code_valid(code))
            core_fielderrs_add(errs, "code", "bad_code", "代码应为 A- 加大写字母、数字或 -，至多 32 个字符",
                               "The code is A- then capitals, digits or -, at most 32 characters");
        const char *need[] = {"code", "name_zh", "kind", "rule", "severity"};
        for (size_t i = 0; i < 5; i++)
            if (!json_object_get(body, need[i])) core_fielderrs_add(errs, need[i], "required", "必填", "Required");
    } else if (code || kind) {
        core_fielderrs_add(errs, code ? "code" : "kind", "immutable", "规则的代码和类型不可更改",
                           "A rule's code and kind cannot change");
    }
    size_t zh_len = 0;
    if (zh) core_text_span(zh, &zh_len); /* a name of spaces (U+3000 too) names nothing */
    if (zh && zh_len == 0) core_fielderrs_add(errs, "name_zh", "required", "必填", "Required");
    ws_err e = errs->count ? WS_ERR_INVALID : WS_OK;
    if (!e && id == 0) {
        e = rule_insert(w, code, zh, en ? en : "", kind, rule, sev, team ? team : "station",
                        status ? status : "active", out_id);
    } else if (!e) {
        char now[21];
        store_now_iso(now);
        sqlite3_stmt *st = store_stmt(w, "UPDATE alert_rules SET name_zh = coalesce(?2, name_zh), name_en = "
                                         "coalesce(?3, name_en), rule = coalesce(?4, rule), severity = coalesce(?5, "
                                         "severity), team = coalesce(?6, team), status = coalesce(?7, status), "
                                         "updated_at = ?8 WHERE id = ?1");
        if (!st) e = WS_ERR_DB;
        if (st) {
            sqlite3_bind_int64(st, 1, id);
            const char *v[] = {zh, en, rule, sev, team, status, now};
            for (int i = 0; i < 7; i++) store_bind_text(st, i + 2, v[i]);
            e = store_step_done(w, st);
            if (!e && sqlite3_changes(store_sqlite(w)) == 0) e = WS_ERR_NOTFOUND;
            *out_id = id;
        }
    }
    free(rule);
    return e;
}

/* ---- evaluation ------------------------------------------------------------------------------------ */

/* One record as evaluation reads it. */
typedef struct rec_row {
    char kind[32], on[11], source[64];
    int64_t household_id;
    bool has_amount, disconnected;
    int64_t amount_fen;
} rec_row;

/* Loads record id when it is matched to a household and not yet a signal of one of that household's alerts
** (the index on alert_signals(feed_record_id) answers that: a record that followed its person from another
** household is news to this one); WS_ERR_NOTFOUND otherwise. */
static ws_err rec_load(store_conn *w, int64_t id, rec_row *r) {
    sqlite3_stmt *st = store_stmt(w, "SELECT kind, occurred_on, source, household_id, amount_fen, "
                                     "coalesce(json_extract(detail, '$.disconnected'), 0) FROM feed_records f "
                                     "WHERE id = ?1 AND household_id IS NOT NULL AND NOT EXISTS "
                                     "(SELECT 1 FROM alert_signals s JOIN alerts a ON a.id = s.alert_id "
                                     " WHERE s.feed_record_id = f.id AND a.household_id = f.household_id)");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return rc == SQLITE_DONE ? WS_ERR_NOTFOUND : store_err(w, rc);
    }
    snprintf(r->kind, sizeof r->kind, "%s", store_col_text(st, 0));
    snprintf(r->on, sizeof r->on, "%s", store_col_text(st, 1));
    snprintf(r->source, sizeof r->source, "%s", store_col_text(st, 2));
    r->household_id = sqlite3_column_int64(st, 3);
    r->has_amount = sqlite3_column_type(st, 4) != SQLITE_NULL;
    r->amount_fen = sqlite3_column_int64(st, 4);
    r->disconnected = sqlite3_column_int(st, 5) != 0;
    sqlite3_reset(st);
    return WS_OK;
}

/* Sets "record" in facts: the record being evaluated. */
static void set_record_fact(const rec_row *r, json_t *facts) {
    json_t *rec = json_pack("{s:s, s:s, s:s, s:b}", "kind", r->kind, "occurred_on", r->on, "source", r->source,
                            "disconnected", r->disconnected);
    if (r->has_amount) json_object_set_new(rec, "amount", json_real((double)r->amount_fen / 100.0));
    json_object_set_new(facts, "record", rec);
}

/* Sets "recent" in facts: the counts and sums per kind of household hid's records of the 12 months up to
** day. It depends on the household and the day only, not on the record, so it is built with the facts. */
static ws_err set_recent_facts(store_conn *w, int64_t hid, core_date on, const char *day, json_t *facts) {
    json_t *recent = json_object();
    size_t nf;
    const core_alert_fact *af = core_alert_facts(&nf);
    for (size_t i = 0; i < nf; i++)
        if (af[i].kind) json_object_set_new(recent, af[i].path + strlen("recent."), json_integer(0));
    json_object_set_new(facts, "recent", recent);
    /* Counted and summed per kind here rather than with GROUP BY, which builds a temporary b-tree each time. */
    sqlite3_stmt *st = store_stmt(w, "SELECT kind, amount_fen FROM feed_records "
                                     "WHERE household_id = ?1 AND occurred_on > ?2 AND occurred_on <= ?3");
    if (!st) return WS_ERR_DB;
    char from[11];
    core_date_format(core_date_year_before(on), from);
    sqlite3_bind_int64(st, 1, hid);
    sqlite3_bind_text(st, 2, from, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, day, -1, SQLITE_TRANSIENT);
    enum { MAXK = 16 };
    char kinds[MAXK][32];
    int64_t counts[MAXK], sums[MAXK];
    size_t nk = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *k = store_col_text(st, 0);
        size_t j = 0;
        while (j < nk && strcmp(kinds[j], k) != 0) j++;
        if (j == nk) {
            if (nk == MAXK) continue; /* kinds are checked against nine codes; never more */
            snprintf(kinds[nk], sizeof kinds[nk], "%s", k);
            counts[nk] = sums[nk] = 0;
            nk++;
        }
        counts[j]++;
        sums[j] += sqlite3_column_int64(st, 1); /* NULL reads as 0, as coalesce(sum(...), 0) */
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return store_err(w, rc);
    for (size_t j = 0; j < nk; j++)
        for (size_t i = 0; i < nf; i++) {
            if (!af[i].kind || strcmp(af[i].kind, kinds[j]) != 0) continue;
            json_t *v = af[i].sum ? json_real((double)sums[j] / 100.0) : json_integer(counts[j]);
            json_object_set_new(recent, af[i].path + strlen("recent."), v);
        }
    return WS_OK;
}

/* The active rules, read and parsed once per evaluation, in code order. */
typedef struct rule_set {
    struct {
        char code[40], kind[32];
        core_alert_sev sev;
        json_t *rule; /* NULL when its text does not parse: it never holds */
    } *r;
    size_t n;
} rule_set;

static void rules_free(rule_set *rs) {
    for (size_t i = 0; i < rs->n; i++) json_decref(rs->r[i].rule);
    free(rs->r);
    rs->r = NULL;
    rs->n = 0;
}

static ws_err rules_load(store_conn *w, rule_set *rs) {
    sqlite3_stmt *st = store_stmt(w, "SELECT code, rule, severity, kind FROM alert_rules WHERE status = 'active' ORDER BY code");
    if (!st) return WS_ERR_DB;
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (rs->n == cap) {
            cap = cap ? cap * 2 : 32;
            void *grown = realloc(rs->r, cap * sizeof *rs->r);
            if (!grown) {
                sqlite3_reset(st);
                return WS_ERR_INTERNAL;
            }
            rs->r = grown;
        }
        snprintf(rs->r[rs->n].code, sizeof rs->r[rs->n].code, "%s", store_col_text(st, 0));
        rs->r[rs->n].rule = json_loads(store_col_text(st, 1), JSON_DECODE_ANY, NULL);
        rs->r[rs->n].sev = core_alert_sev_parse(store_col_text(st, 2));
        snprintf(rs->r[rs->n].kind, sizeof rs->r[rs->n].kind, "%s", store_col_text(st, 3));
        rs->n++;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? WS_OK : store_err(w, rc);
}

/* The most severe active rule of the record's kind that holds on facts (the first in code order among
** equally severe ones): its code into code, or "" when none. */
static void pick_rule(const rule_set *rs, const char *kind, const json_t *facts, char code[40], core_alert_sev *sev) {
    code[0] = '\0';
    *sev = CORE_ALERT_SEV_NONE;
    for (size_t i = 0; i < rs->n; i++) {
        if (strcmp(rs->r[i].kind, kind) != 0) continue;
        core_alert_sev s = rs->r[i].sev;
        if (s >= *sev || !rs->r[i].rule) continue;
        core_jl_outcome o = {0};
        /* A rule that fails on these facts (NaN...) raises nothing, like one that does not hold. */
        if (core_jl_eval3(rs->r[i].rule, facts, NULL, &o, NULL) == WS_OK && o.truth == CORE_JL_TRUE) {
            snprintf(code, 40, "%s", rs->r[i].code);
            *sev = s;
        }
        core_jl_outcome_free(&o);
    }
}

static ws_err add_signal(store_conn *w, int64_t alert_id, int64_t record_id) {
    sqlite3_stmt *st = store_stmt(w, "INSERT INTO alert_signals (alert_id, feed_record_id) VALUES (?1, ?2)");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, alert_id);
    sqlite3_bind_int64(st, 2, record_id);
    return store_step_done(w, st);
}

/* Gives open alert aid a new visit task when its last one is done: a signal that comes after the visit
** (the alert not yet closed) must reach a work list again, or nobody is asked to act on it. */
static ws_err task_again(store_conn *w, int64_t aid, core_alert_sev sev, const char *due) {
    char now[21];
    store_now_iso(now);
    sqlite3_stmt *st = store_stmt(w, "INSERT INTO visit_tasks (alert_id, household_id, town_code, severity, due_on, state, "
                                     "created_at) SELECT id, household_id, town_code, ?2, ?3, 'open', ?4 FROM alerts "
                                     "WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM visit_tasks WHERE alert_id = ?1 AND "
                                     "state = 'open')");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, aid);
    sqlite3_bind_text(st, 2, core_alert_sev_code(sev), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, due, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, now, -1, SQLITE_TRANSIENT);
    return store_step_done(w, st);
}

/* Merges a signal of severity sev, on day on, into the household's open alert for the cause; *merged false
** when there is none. */
static ws_err merge_signal(store_conn *w, const rec_row *r, int64_t record_id, const char *rule, core_alert_sev sev,
                           core_date on, core_date today, bool *merged) {
    sqlite3_stmt *st = store_stmt(w, "SELECT id, severity FROM alerts WHERE household_id = ?1 AND cause = ?2 AND state = 'open'");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, r->household_id);
    sqlite3_bind_text(st, 2, r->kind, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    *merged = rc == SQLITE_ROW;
    if (!*merged) return rc == SQLITE_DONE ? WS_OK : store_err(w, rc);
    int64_t aid = sqlite3_column_int64(st, 0);
    core_alert_sev held = core_alert_sev_parse(store_col_text(st, 1));
    bool raise = sev < held;
    sqlite3_reset(st);
    char due[11];
    core_date_format(core_alert_due(raise ? sev : held, on, today), due);
    const char *s = core_alert_sev_code(sev);
    st = store_stmt(w, "UPDATE alerts SET signals = signals + 1, last_signal_on = max(last_signal_on, ?2), "
                       "first_signal_on = min(first_signal_on, ?2), severity = CASE WHEN ?3 THEN ?4 ELSE severity END, "
                       "rule_code = CASE WHEN ?3 THEN ?5 ELSE rule_code END WHERE id = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, aid);
    sqlite3_bind_text(st, 2, r->on, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 3, raise);
    sqlite3_bind_text(st, 4, s, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, rule, -1, SQLITE_TRANSIENT);
    ws_err e = store_step_done(w, st);
    if (!e && raise) {
        st = store_stmt(w, "UPDATE visit_tasks SET severity = ?2, due_on = min(due_on, ?3) WHERE alert_id = ?1 AND state = 'open'");
        if (!st) return WS_ERR_DB;
        sqlite3_bind_int64(st, 1, aid);
        sqlite3_bind_text(st, 2, s, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, due, -1, SQLITE_TRANSIENT);
        e = store_step_done(w, st);
    }
    if (!e) e = task_again(w, aid, raise ? sev : held, due);
    return e ? e : add_signal(w, aid, record_id);
}

/* Opens an alert with its first signal and its visit task for the household's town. */
static ws_err open_alert(store_conn *w, const rec_row *r, int64_t record_id, const char *rule, core_alert_sev sev,
                         const char *due) {
    char now[21];
    store_now_iso(now);
    sqlite3_stmt *st = store_stmt(w, "INSERT INTO alerts (household_id, town_code, rule_code, cause, severity, state, "
                                     "first_signal_on, last_signal_on, synthetic, opened_at) SELECT id, town_code, ?2, "
                                     "?3, ?4, 'open', ?5, ?5, synthetic, ?6 FROM households WHERE id = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, r->household_id);
    sqlite3_bind_text(st, 2, rule, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, r->kind, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, core_alert_sev_code(sev), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, r->on, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 6, now, -1, SQLITE_TRANSIENT);
    ws_err e = store_step_done(w, st);
    if (e) return e;
    int64_t aid = sqlite3_last_insert_rowid(store_sqlite(w));
    st = store_stmt(w, "INSERT INTO visit_tasks (alert_id, household_id, town_code, severity, due_on, state, created_at) "
                       "SELECT id, household_id, town_code, severity, ?2, 'open', opened_at FROM alerts WHERE id = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, aid);
    sqlite3_bind_text(st, 2, due, -1, SQLITE_TRANSIENT);
    e = store_step_done(w, st);
    return e ? e : add_signal(w, aid, record_id);
}

/* What one evaluation call keeps between its records. Nothing the evaluation writes (alerts, tasks,
** signals) is part of a household's facts, and the records are all stored before it starts, so within one
** call the facts of a household on a day (with its recent records), and the city parameters in force on a
** day, stay what they were when first built. Building them once per household and day keeps the work
** linear when one person has thousands of records (each would otherwise rescan its 12 months). */
typedef struct eval_ctx {
    rule_set rules;
    json_t *params; /* date text -> the parameters in force on it */
    json_t *facts;  /* "household id/date" -> its facts ("record" and "recent" are replaced per record) */
} eval_ctx;

enum { FACTS_CACHE_MAX = 4096 }; /* households' facts kept per call at most; then the cache starts over */

/* The facts of household hid on the day with its recent records (borrowed from the call's cache);
** WS_ERR_NOTFOUND when it is closed. */
static ws_err facts_for(store_conn *w, eval_ctx *x, int64_t hid, const char *day, core_date on, json_t **out) {
    char key[40];
    snprintf(key, sizeof key, "%lld/%s", (long long)hid, day);
    json_t *facts = json_object_get(x->facts, key);
    if (facts) {
        *out = facts;
        return WS_OK;
    }
    json_t *params = json_object_get(x->params, day);
    if (!params) {
        ws_err e = store_params_in_force(w, day, &params);
        if (e) return e;
        json_object_set_new(x->params, day, params);
    }
    ws_err e = store_facts_build_with(w, "", hid, on, params, &facts);
    if (!e) e = set_recent_facts(w, hid, on, day, facts);
    if (e) {
        json_decref(facts);
        return e;
    }
    if (json_object_size(x->facts) >= FACTS_CACHE_MAX) json_object_clear(x->facts);
    json_object_set_new(x->facts, key, facts);
    *out = facts;
    return WS_OK;
}

/* Evaluates one record; *did is 0 (nothing), 1 (raised) or 2 (merged), -1 when not evaluated. */
static ws_err evaluate_one(store_conn *w, eval_ctx *x, int64_t id, core_date today, int *did) {
    rec_row r;
    core_date on;
    *did = -1;
    ws_err e = rec_load(w, id, &r);
    if (e) return e == WS_ERR_NOTFOUND ? WS_OK : e;
    if (!core_date_parse(r.on, &on)) return WS_OK;
    char day[11];
    core_date_format(on, day);
    json_t *facts = NULL;
    e = facts_for(w, x, r.household_id, day, on, &facts);
    if (e) return e == WS_ERR_NOTFOUND ? WS_OK : e; /* a closed household raises nothing */
    *did = 0;
    char code[40];
    core_alert_sev sev = CORE_ALERT_SEV_NONE;
    code[0] = '\0';
    set_record_fact(&r, facts);
    pick_rule(&x->rules, r.kind, facts, code, &sev);
    if (!code[0]) return WS_OK;
    bool merged = false;
    e = merge_signal(w, &r, id, code, sev, on, today, &merged);
    if (!e && !merged) {
        char due[11];
        core_date_format(core_alert_due(sev, on, today), due);
        e = open_alert(w, &r, id, code, sev, due);
    }
    *did = merged ? 2 : 1;
    return e;
}

ws_err store_alerts_evaluate_records(store_conn *w, const int64_t *record_ids, size_t n, core_date today,
                                     store_alerts_outcome *out) {
    store_alerts_outcome o = {0};
    eval_ctx x = {.params = json_object(), .facts = json_object()};
    ws_err e = WS_OK;
    if (n) e = rules_load(w, &x.rules);
    for (size_t i = 0; i < n && !e; i++) {
        int did;
        e = evaluate_one(w, &x, record_ids[i], today, &did);
        o.evaluated += did >= 0;
        o.raised += did == 1;
        o.merged += did == 2;
    }
    rules_free(&x.rules);
    json_decref(x.params);
    json_decref(x.facts);
    if (e) return e;
    if (out) *out = o;
    return WS_OK;
}

/* ---- alerts ---------------------------------------------------------------------------------------- */

/* An alert's columns with its household, town, rule and latest task. */
#define ALERT_COLUMNS                                                                                              \
    "a.id, a.household_id, h.household_no, hm.name, h.category, a.town_code, d.name, a.rule_code, "               \
    "coalesce(r.name_zh, ''), coalesce(r.name_en, ''), a.cause, a.severity, coalesce(r.team, 'station'), a.state, " \
    "a.outcome, a.outcome_note, a.signals, a.first_signal_on, a.last_signal_on, a.opened_at, a.closed_at, "        \
    "a.synthetic, t.id, t.due_on, t.state, a.closed_by IS NULL AND a.state = 'closed' "
#define ALERT_FROM                                                                                                 \
    "FROM alerts a JOIN households h ON h.id = a.household_id JOIN divisions d ON d.code = a.town_code "           \
    STORE_JOIN_HEAD                                                                                                \
    "LEFT JOIN alert_rules r ON r.code = a.rule_code "                                                             \
    "LEFT JOIN visit_tasks t ON t.id = (SELECT max(id) FROM visit_tasks WHERE alert_id = a.id) "

static json_t *task_mark(sqlite3_stmt *st, int col, core_date today) {
    if (sqlite3_column_type(st, col) == SQLITE_NULL) return json_null();
    core_date due = {0};
    core_date_parse(store_col_text(st, col + 1), &due);
    bool open = strcmp(store_col_text(st, col + 2), "open") == 0;
    long late = open ? core_alert_days_overdue(due, today) : 0;
    return json_pack("{s:I, s:s, s:s, s:b, s:I, s:s?}", "id", (json_int_t)sqlite3_column_int64(st, col), "due_on",
                     store_col_text(st, col + 1), "state", store_col_text(st, col + 2), "overdue", late > 0,
                     "days_overdue", (json_int_t)late, "escalated", late > 0 ? "county" : NULL);
}

/* The note of an alert the system closed, in each language; null for one a user closed (or none). */
static json_t *system_note(sqlite3_stmt *st, int col, const char *note) {
    static const struct {
        const char *stored, *zh, *en;
    } NOTES[] = {
        {STORE_ALERT_HOUSEHOLD_CLOSED_NOTE, STORE_ALERT_HOUSEHOLD_CLOSED_NOTE_ZH, STORE_ALERT_HOUSEHOLD_CLOSED_NOTE_EN},
        {STORE_ALERT_WITHDRAWN_NOTE, STORE_ALERT_WITHDRAWN_NOTE_ZH, STORE_ALERT_WITHDRAWN_NOTE_EN},
        {STORE_ALERT_MOVED_NOTE, STORE_ALERT_MOVED_NOTE_ZH, STORE_ALERT_MOVED_NOTE_EN},
    };
    if (!sqlite3_column_int(st, col)) return json_null();
    for (size_t i = 0; i < sizeof NOTES / sizeof *NOTES; i++)
        if (strcmp(note, NOTES[i].stored) == 0) return json_pack("{s:s, s:s}", "zh", NOTES[i].zh, "en", NOTES[i].en);
    return json_null();
}

static json_t *alert_json(sqlite3_stmt *st, core_date today) {
    json_t *a = json_pack("{s:I, s:I, s:o, s:o, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id",
                          (json_int_t)sqlite3_column_int64(st, 0), "household_id",
                          (json_int_t)sqlite3_column_int64(st, 1), "household_no", store_col_json_text(st, 2),
                          "head_name", store_col_json_text(st, 3), "category", store_col_text(st, 4), "town_code",
                          store_col_text(st, 5), "town_name", store_col_text(st, 6), "rule_code", store_col_text(st, 7),
                          "rule_name_zh", store_col_text(st, 8), "rule_name_en", store_col_text(st, 9), "cause",
                          store_col_text(st, 10), "severity", store_col_text(st, 11), "team", store_col_text(st, 12),
                          "state", store_col_text(st, 13));
    json_object_set_new(a, "outcome", store_col_json_text(st, 14));
    json_object_set_new(a, "outcome_note", json_string(store_col_text(st, 15)));
    json_object_set_new(a, "system_note", system_note(st, 25, store_col_text(st, 15)));
    json_object_set_new(a, "signals", json_integer(sqlite3_column_int64(st, 16)));
    json_object_set_new(a, "first_signal_on", json_string(store_col_text(st, 17)));
    json_object_set_new(a, "last_signal_on", json_string(store_col_text(st, 18)));
    json_object_set_new(a, "opened_at", json_string(store_col_text(st, 19)));
    json_object_set_new(a, "closed_at", store_col_json_text(st, 20));
    json_object_set_new(a, "synthetic", json_boolean(sqlite3_column_int(st, 21)));
    json_object_set_new(a, "task", task_mark(st, 22, today));
    return a;
}

#define ALERT_FILTER                                                                                               \
    "WHERE a.town_code >= ?1 AND a.town_code < ?2 AND (?3 IS NULL OR a.severity = ?3) AND (?4 IS NULL OR "       \
    "a.state = ?4) AND (?5 IS NULL OR a.household_id = ?5) "

static void bind_alert_filter(sqlite3_stmt *st, const char *prefix, const store_alert_query *q) {
    store_bind_prefix_range(st, 1, prefix);
    store_bind_text(st, 3, q->severity);
    store_bind_text(st, 4, q->state);
    if (q->household_id)
        sqlite3_bind_int64(st, 5, q->household_id);
    else
        sqlite3_bind_null(st, 5);
}

ws_err store_alerts_list(store_conn *c, const store_alert_query *q, json_t **items, int64_t *total) {
    const char *prefix;
    *items = json_array();
    *total = 0;
    if (!store_scope_narrow(q->scope, q->division, &prefix)) return WS_OK;
    sqlite3_stmt *st = store_stmt(c, "SELECT count(*) FROM alerts a " ALERT_FILTER);
    if (!st) return WS_ERR_DB;
    bind_alert_filter(st, prefix, q);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) return store_err(c, rc);
    *total = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    st = store_stmt(c, "SELECT " ALERT_COLUMNS ALERT_FROM ALERT_FILTER
                       "ORDER BY a.state = 'closed', CASE a.severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, "
                       "a.last_signal_on DESC, a.id DESC LIMIT ?6 OFFSET ?7");
    if (!st) return WS_ERR_DB;
    bind_alert_filter(st, prefix, q);
    sqlite3_bind_int64(st, 6, q->limit);
    sqlite3_bind_int64(st, 7, q->offset);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) json_array_append_new(*items, alert_json(st, q->today));
    return rc == SQLITE_DONE ? WS_OK : store_err(c, rc);
}

/* The signals of alert id that are still its household's records, oldest first (one that followed its
** person to another household, perhaps in another division, is that household's to show). */
static ws_err records_json(store_conn *c, int64_t id, json_t **out) {
    sqlite3_stmt *st = store_stmt(c, "SELECT f.id, f.source, f.record_id, f.kind, f.occurred_on, f.amount_fen, "
                                     "f.person_name, f.id_masked, f.member_id FROM alert_signals s JOIN feed_records f "
                                     "ON f.id = s.feed_record_id WHERE s.alert_id = ?1 AND f.household_id IS "
                                     "(SELECT household_id FROM alerts WHERE id = ?1) ORDER BY f.occurred_on, f.id");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    json_t *arr = json_array();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *amount = sqlite3_column_type(st, 5) == SQLITE_NULL ? json_null() : json_integer(sqlite3_column_int64(st, 5));
        json_t *member = sqlite3_column_type(st, 8) == SQLITE_NULL ? json_null() : json_integer(sqlite3_column_int64(st, 8));
        json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:s, s:s, s:o}", "id",
                                             (json_int_t)sqlite3_column_int64(st, 0), "source", store_col_text(st, 1),
                                             "record_id", store_col_text(st, 2), "kind", store_col_text(st, 3),
                                             "occurred_on", store_col_text(st, 4), "amount_fen", amount,
                                             "person_name", store_col_text(st, 6), "id_masked",
                                             store_col_text(st, 7), "member_id", member));
    }
    if (rc != SQLITE_DONE) {
        json_decref(arr);
        return store_err(c, rc);
    }
    *out = arr;
    return WS_OK;
}

ws_err store_alert_json(store_conn *c, const char *scope, int64_t id, core_date today, json_t **out) {
    sqlite3_stmt *st = store_stmt(c, "SELECT " ALERT_COLUMNS ALERT_FROM "WHERE a.id = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) return rc == SQLITE_DONE ? WS_ERR_NOTFOUND : store_err(c, rc);
    if (!store_in_scope(scope, store_col_text(st, 5))) {
        sqlite3_reset(st);
        return WS_ERR_NOTFOUND;
    }
    json_t *a = alert_json(st, today), *recs = NULL, *visits = NULL;
    sqlite3_reset(st);
    ws_err e = records_json(c, id, &recs);
    /* The visits that can answer the alert: those from its first signal on (as a visit completing its task
    ** must be). */
    if (!e)
        e = store_visits_since_json(c, json_integer_value(json_object_get(a, "household_id")),
                                    json_string_value(json_object_get(a, "first_signal_on")), &visits);
    if (e) {
        json_decref(a);
        json_decref(recs);
        return e;
    }
    json_object_set_new(a, "records", recs);
    json_object_set_new(a, "visits", visits);
    *out = a;
    return WS_OK;
}

ws_err store_alert_close(store_conn *w, const char *scope, int64_t id, const char *outcome, const char *note,
                         int64_t user_id) {
    sqlite3_stmt *st = store_stmt(w, "SELECT town_code, state FROM alerts WHERE id = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) return rc == SQLITE_DONE ? WS_ERR_NOTFOUND : store_err(w, rc);
    bool inside = store_in_scope(scope, store_col_text(st, 0));
    bool open = strcmp(store_col_text(st, 1), "open") == 0;
    sqlite3_reset(st);
    if (!inside) return WS_ERR_NOTFOUND;
    if (!open) return WS_ERR_CONFLICT;
    if (!core_alert_outcome_valid(outcome)) return WS_ERR_INVALID;
    char now[21];
    store_now_iso(now);
    st = store_stmt(w, "UPDATE alerts SET state = 'closed', outcome = ?2, outcome_note = ?3, closed_at = ?4, "
                       "closed_by = ?5 WHERE id = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, outcome, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, note ? note : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, now, -1, SQLITE_TRANSIENT);
    if (user_id > 0)
        sqlite3_bind_int64(st, 5, user_id);
    else
        sqlite3_bind_null(st, 5);
    ws_err e = store_step_done(w, st);
    if (e) return e;
    /* A cancelled task was never done: done_at stays empty (the alert's closed_at says when). */
    st = store_stmt(w, "UPDATE visit_tasks SET state = 'cancelled' WHERE alert_id = ?1 AND state = 'open'");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    return store_step_done(w, st);
}

ws_err store_alerts_household_closed(store_conn *w, int64_t household_id) {
    char now[21];
    store_now_iso(now);
    sqlite3_stmt *st = store_stmt(w, "UPDATE visit_tasks SET state = 'cancelled' WHERE household_id = ?1 AND state = 'open'");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, household_id);
    ws_err e = store_step_done(w, st);
    if (e) return e;
    st = store_stmt(w, "UPDATE alerts SET state = 'closed', outcome = 'no_need', outcome_note = ?2, closed_at = ?3 "
                       "WHERE household_id = ?1 AND state = 'open'");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, household_id);
    sqlite3_bind_text(st, 2, STORE_ALERT_HOUSEHOLD_CLOSED_NOTE, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, now, -1, SQLITE_TRANSIENT);
    return store_step_done(w, st);
}

/* After signals left alert aid: its count from those that remain (its signal days stay, so that the
** visits made for it stay shown with it); closed without any, as moved_away or no_need. */
static ws_err recount_signals(store_conn *w, int64_t aid, bool moved, const char *now) {
    sqlite3_stmt *st = store_stmt(w, "UPDATE alerts SET signals = (SELECT count(*) FROM alert_signals WHERE alert_id = ?1) "
                                     "WHERE id = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, aid);
    ws_err e = store_step_done(w, st);
    if (e) return e;
    st = store_stmt(w, "UPDATE alerts SET state = 'closed', outcome = ?4, outcome_note = ?2, closed_at = ?3 "
                       "WHERE id = ?1 AND signals = 0");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, aid);
    sqlite3_bind_text(st, 2, moved ? STORE_ALERT_MOVED_NOTE : STORE_ALERT_WITHDRAWN_NOTE, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, now, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, moved ? "moved_away" : "no_need", -1, SQLITE_STATIC);
    e = store_step_done(w, st);
    if (e) return e;
    st = store_stmt(w, "UPDATE visit_tasks SET state = 'cancelled' WHERE alert_id = ?1 AND state = 'open' AND "
                       "(SELECT state FROM alerts WHERE id = ?1) = 'closed'");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, aid);
    return store_step_done(w, st);
}

ws_err store_alerts_withdraw_records(store_conn *w, const int64_t *record_ids, size_t n, bool moved) {
    char now[21];
    store_now_iso(now);
    ws_err e = WS_OK;
    for (size_t i = 0; i < n && !e; i++) {
        /* correlated on the signal's alert (a primary-key probe), not a list of every open alert per record */
        sqlite3_stmt *st = store_stmt(w, "DELETE FROM alert_signals WHERE feed_record_id = ?1 AND EXISTS "
                                         "(SELECT 1 FROM alerts a WHERE a.id = alert_signals.alert_id AND a.state = 'open' "
                                         " AND a.household_id IS NOT (SELECT household_id FROM feed_records WHERE id = ?1)) "
                                         "RETURNING alert_id");
        if (!st) return WS_ERR_DB;
        sqlite3_bind_int64(st, 1, record_ids[i]);
        int64_t *aids = NULL;
        size_t na = 0;
        e = store_collect_ids(w, st, &aids, &na);
        for (size_t k = 0; k < na && !e; k++) e = recount_signals(w, aids[k], moved, now);
        free(aids);
    }
    return e;
}

/* ---- dashboard ------------------------------------------------------------------------------------- */

static json_t *sev_counts(void) { return json_pack("{s:i, s:i, s:i}", "high", 0, "medium", 0, "low", 0); }

static void add_to(json_t *obj, const char *key, json_int_t n) {
    json_object_set_new(obj, key, json_integer(json_integer_value(json_object_get(obj, key)) + n));
}

/*
** Runs sql (bound: ?1/?2 the division's prefix range, ?3 arg) whose rows are (town, n) or, with by_sev,
** (town, severity, n), adding n to key of the summary and of the town's item (and to by_severity).
*/
static ws_err tally(store_conn *c, const char *sql, const char *code, const char *arg, const char *key, bool by_sev,
                    json_t *sum, json_t *index) {
    sqlite3_stmt *st = store_stmt(c, sql);
    if (!st) return WS_ERR_DB;
    store_bind_prefix_range(st, 1, code);
    store_bind_text(st, 3, arg);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        json_int_t n = sqlite3_column_int64(st, by_sev ? 2 : 1);
        json_t *town = json_object_get(index, store_col_text(st, 0));
        add_to(sum, key, n);
        if (town) add_to(town, key, n);
        if (!by_sev) continue;
        const char *sev = store_col_text(st, 1);
        add_to(json_object_get(sum, "by_severity"), sev, n);
        if (town) add_to(json_object_get(town, "by_severity"), sev, n);
    }
    return rc == SQLITE_DONE ? WS_OK : store_err(c, rc);
}

static ws_err summary_towns(store_conn *c, const char *code, json_t *list, json_t *index) {
    json_t *zero = json_pack("{s:i, s:o, s:i, s:i, s:i}", "open", 0, "by_severity", sev_counts(), "overdue_tasks", 0,
                             "leads", 0, "newly_found_this_month", 0);
    ws_err e = store_division_towns_with(c, code, zero, list, index);
    json_decref(zero);
    return e;
}

/* Days from each alert's first signal (the day the household's situation changed, not the day the record
** reached the system) to the first visit of the household on or after it that could answer it: recorded
** while the alert was open (a visit recorded before the alert existed, or after it was closed, did not). */
static ws_err days_to_visit(store_conn *c, const char *code, json_t *sum) {
    sqlite3_stmt *st = store_stmt(c, "SELECT CAST(julianday(min(v.visited_on)) - julianday(a.first_signal_on) "
                                     "AS INTEGER) AS d FROM alerts a JOIN visits v ON v.household_id = a.household_id "
                                     "AND v.visited_on >= a.first_signal_on AND v.created_at >= a.opened_at "
                                     "AND (a.closed_at IS NULL OR v.created_at <= a.closed_at) "
                                     "WHERE a.town_code >= ?1 AND a.town_code < ?2 GROUP BY a.id ORDER BY d");
    if (!st) return WS_ERR_DB;
    store_bind_prefix_range(st, 1, code);
    size_t n = 0, cap = 0;
    long *days = NULL, total = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            long *grown = realloc(days, cap * sizeof *days);
            if (!grown) {
                free(days);
                sqlite3_reset(st);
                return WS_ERR_INTERNAL;
            }
            days = grown;
        }
        days[n] = sqlite3_column_int64(st, 0);
        total += days[n++];
    }
    json_t *d = json_pack("{s:I}", "visited", (json_int_t)n);
    json_object_set_new(d, "mean", n ? json_real((double)total / (double)n) : json_null());
    json_object_set_new(d, "median", n ? json_real(n % 2 ? (double)days[n / 2] : (days[n / 2 - 1] + days[n / 2]) / 2.0)
                                       : json_null());
    json_object_set_new(sum, "days_to_visit", d);
    free(days);
    return rc == SQLITE_DONE ? WS_OK : store_err(c, rc);
}

ws_err store_discovery_summary(store_conn *c, const char *division, core_date today, json_t **out) {
    json_t *div = NULL;
    ws_err e = store_division_get(c, "", division, &div);
    if (e) return e;
    char month[11], todays[11];
    core_date_format((core_date){today.y, today.m, 1}, month);
    core_date_format(today, todays);
    json_t *sum = json_pack("{s:{s:O, s:O, s:O}, s:s%, s:i, s:o, s:i, s:i, s:i, s:o}", "division", "code",
                            json_object_get(div, "code"), "name", json_object_get(div, "name"), "level",
                            json_object_get(div, "level"), "month", month, (size_t)7, "open", 0, "by_severity",
                            sev_counts(), "overdue_tasks", 0, "newly_found_this_month", 0, "leads", 0, "towns",
                            json_array());
    json_decref(div);
    json_t *index = json_object();
    e = summary_towns(c, division, json_object_get(sum, "towns"), index);
    if (!e)
        e = tally(c, "SELECT town_code, severity, count(*) FROM alerts WHERE state = 'open' AND town_code >= ?1 AND "
                     "town_code < ?2 AND ?3 IS NULL GROUP BY town_code, severity",
                  division, NULL, "open", true, sum, index);
    if (!e)
        e = tally(c, "SELECT town_code, count(*) FROM visit_tasks WHERE state = 'open' AND town_code >= ?1 AND "
                     "town_code < ?2 AND due_on < ?3 GROUP BY town_code",
                  division, todays, "overdue_tasks", false, sum, index);
    if (!e)
        /* the city also counts the leads that named no town, which only it sees (as the list of leads does) */
        e = tally(c, "SELECT town_code, count(*) FROM feed_records WHERE household_id IS NULL AND (town_code >= ?1 "
                     "AND town_code < ?2 OR town_code IS NULL AND ?3 IS NOT NULL) GROUP BY town_code",
                  division, strlen(division) <= 4 ? division : NULL, "leads", false, sum, index);
    if (!e)
        /* a withdrawn alert (closed as no_need with no signal left: its records were someone else's) found
        ** no one; one whose person moved away did */
        e = tally(c, "SELECT town_code, count(*) FROM (SELECT household_id, min(town_code) AS town_code, "
                     "min(date(opened_at, '+8 hours')) AS first FROM alerts WHERE town_code >= ?1 AND town_code < ?2 "
                     "AND NOT (signals = 0 AND outcome = 'no_need') GROUP BY household_id) WHERE first >= ?3 "
                     "GROUP BY town_code",
                  division, month, "newly_found_this_month", false, sum, index);
    if (!e) e = days_to_visit(c, division, sum);
    json_decref(index);
    if (e) {
        json_decref(sum);
        return e;
    }
    *out = sum;
    return WS_OK;
}
