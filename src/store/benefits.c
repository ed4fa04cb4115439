/*
** benefits.c: the benefits households receive, in SQL (benefits.h).
*/
#include "benefits.h"
#include "households.h"
#include "store_int.h"

#include <string.h>

static json_t *date_or_null(sqlite3_stmt *st, int col)
{
    return sqlite3_column_type(st, col) == SQLITE_NULL ? json_null() : json_string(store_col_text(st, col));
}

static json_t *amount_or_null(sqlite3_stmt *st, int col)
{
    return sqlite3_column_type(st, col) == SQLITE_NULL ? json_null() : json_integer(sqlite3_column_int64(st, col));
}

ws_err store_benefits_json(store_conn *c, const char *scope, int64_t household_id, core_date date, json_t **items)
{
    ws_err e = store_household_check(c, scope, household_id);
    if (e != WS_OK)
        return e;
    char day[11];
    core_date_format(date, day);
    sqlite3_stmt *st = store_stmt(c, "SELECT b.id, b.policy_code, p.name_zh, b.from_date, b.to_date, b.amount_fen, "
                                     "b.source, b.created_at, b.from_date <= ?2 AND (b.to_date IS NULL OR b.to_date >= ?2) "
                                     "FROM household_benefits b JOIN policies p ON p.code = b.policy_code "
                                     "WHERE b.household_id = ?1 ORDER BY b.from_date DESC, b.id DESC");
    sqlite3_bind_int64(st, 1, household_id);
    sqlite3_bind_text(st, 2, day, -1, SQLITE_TRANSIENT);
    json_t *out = json_array();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        json_array_append_new(out, json_pack("{sI ss ss ss so so ss ss sb}", "id", (json_int_t)sqlite3_column_int64(st, 0),
                                             "policy_code", store_col_text(st, 1), "policy_name_zh", store_col_text(st, 2),
                                             "from", store_col_text(st, 3), "to", date_or_null(st, 4), "amount_fen",
                                             amount_or_null(st, 5), "source", store_col_text(st, 6), "created_at",
                                             store_col_text(st, 7), "current", sqlite3_column_int(st, 8) != 0));
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        json_decref(out);
        return store_err(c, rc);
    }
    *items = out;
    return WS_OK;
}

ws_err store_benefits_on(store_conn *c, int64_t household_id, core_date date, json_t **items)
{
    char day[11];
    core_date_format(date, day);
    sqlite3_stmt *st = store_stmt(c, "SELECT b.policy_code, p.name_zh, b.from_date, b.to_date, b.amount_fen "
                                     "FROM household_benefits b JOIN policies p ON p.code = b.policy_code "
                                     "WHERE b.household_id = ?1 AND b.from_date <= ?2 AND (b.to_date IS NULL OR b.to_date >= ?2) "
                                     "ORDER BY b.policy_code, b.from_date");
    sqlite3_bind_int64(st, 1, household_id);
    sqlite3_bind_text(st, 2, day, -1, SQLITE_TRANSIENT);
    json_t *out = json_array();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        json_array_append_new(out, json_pack("{ss ss ss so so}", "policy_code", store_col_text(st, 0), "name_zh",
                                             store_col_text(st, 1), "from", store_col_text(st, 2), "to",
                                             date_or_null(st, 3), "amount_fen", amount_or_null(st, 4)));
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        json_decref(out);
        return store_err(c, rc);
    }
    *items = out;
    return WS_OK;
}

static void bind_optional(sqlite3_stmt *st, const store_benefit *b, int to_idx, int amount_idx)
{
    char to[11];
    if (b->has_to) {
        core_date_format(b->to, to);
        sqlite3_bind_text(st, to_idx, to, -1, SQLITE_TRANSIENT);
    } else {
        sqlite3_bind_null(st, to_idx);
    }
    if (b->amount_fen >= 0)
        sqlite3_bind_int64(st, amount_idx, b->amount_fen);
    else
        sqlite3_bind_null(st, amount_idx);
}

ws_err store_benefit_put(store_conn *w, const store_benefit *b, bool *replaced)
{
    char from[11];
    core_date_format(b->from, from);
    sqlite3_stmt *st = store_stmt(w, "UPDATE household_benefits SET to_date = ?4, amount_fen = ?5, source = ?6 "
                                     "WHERE household_id = ?1 AND policy_code = ?2 AND from_date = ?3");
    sqlite3_bind_int64(st, 1, b->household_id);
    sqlite3_bind_text(st, 2, b->policy_code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, from, -1, SQLITE_TRANSIENT);
    bind_optional(st, b, 4, 5);
    sqlite3_bind_text(st, 6, b->source, -1, SQLITE_TRANSIENT);
    ws_err e = store_step_done(w, st);
    if (e != WS_OK)
        return e;
    *replaced = sqlite3_changes(store_sqlite(w)) > 0;
    if (*replaced)
        return WS_OK;
    char now[21];
    store_now_iso(now);
    st = store_stmt(w, "INSERT INTO household_benefits (household_id, policy_code, from_date, to_date, amount_fen, "
                       "source, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    sqlite3_bind_int64(st, 1, b->household_id);
    sqlite3_bind_text(st, 2, b->policy_code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, from, -1, SQLITE_TRANSIENT);
    bind_optional(st, b, 4, 5);
    sqlite3_bind_text(st, 6, b->source, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 7, now, -1, SQLITE_TRANSIENT);
    return store_step_done(w, st);
}

ws_err store_benefit_periods(store_conn *c, int64_t household_id, const char *policy_code, json_t **out)
{
    sqlite3_stmt *st = store_stmt(c, "SELECT from_date, to_date FROM household_benefits WHERE household_id = ?1 "
                                     "AND policy_code = ?2 ORDER BY from_date");
    sqlite3_bind_int64(st, 1, household_id);
    sqlite3_bind_text(st, 2, policy_code, -1, SQLITE_TRANSIENT);
    json_t *arr = json_array();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        json_array_append_new(arr, json_pack("[s o]", store_col_text(st, 0),
                                             sqlite3_column_type(st, 1) == SQLITE_NULL ? json_null()
                                                                                       : json_string(store_col_text(st, 1))));
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        json_decref(arr);
        return store_err(c, rc);
    }
    *out = arr;
    return WS_OK;
}

ws_err store_household_by_number(store_conn *c, const char *town_code, const char *household_no, int64_t *id)
{
    sqlite3_stmt *st = store_stmt(c, "SELECT id FROM households WHERE town_code = ?1 AND household_no = ?2 "
                                     "AND household_no <> '' AND closed_at IS NULL");
    sqlite3_bind_text(st, 1, town_code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, household_no, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    ws_err e = WS_ERR_NOTFOUND;
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(st, 0);
        e = WS_OK;
    } else if (rc != SQLITE_DONE) {
        e = store_err(c, rc);
    }
    sqlite3_reset(st);
    return e;
}

int64_t store_benefits_demo_count(store_conn *c)
{
    sqlite3_stmt *st = store_stmt(c, "SELECT count(*) FROM household_benefits WHERE source = 'demo'");
    int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return n;
}
