/*
** facts.c: builds household facts objects (facts.h) and keeps the declared facts.
**
** One household and a whole division are built by the same code: five statements select the same
** households (a division's code range and an id range), on one read snapshot, and each returns its rows in
** household id order: the households, their active members, their declared facts, the benefits received
** on the date and the current assessment's answers. The scan steps them side by side like a merge (each
** statement's rows for a household come while the households statement is on it), so a city of 100,000
** households costs five passes, not five queries per household. The answers, 52 rows per assessed
** household, are read only when asked for. (Reading in the town index's order instead would spare the
** sorts but costs more: the table rows are then fetched out of their file order.)
*/
#include "facts.h"
#include "divisions.h"
#include "households.h"
#include "policies.h"
#include "store_int.h"

#include <string.h>

/* The selection every statement shares: ?1, ?2 the division's code range; ?3, ?4 the household id range. */
#define SELECTED "h.town_code >= ?1 AND h.town_code < ?2 AND h.id BETWEEN ?3 AND ?4 AND h.closed_at IS NULL"

/* The category in force on the date (?5): the latest change on or before it, else what the first later
** change changed from, else the registry's (a household with no recorded changes). */
static const char SQL_HOUSEHOLDS[] =
    "SELECT h.id, coalesce((SELECT ch.to_category FROM category_history ch WHERE ch.household_id = h.id AND "
    "ch.changed_on <= ?5 ORDER BY ch.changed_on DESC, ch.id DESC LIMIT 1), (SELECT ch.from_category FROM "
    "category_history ch WHERE ch.household_id = h.id AND ch.changed_on > ?5 ORDER BY ch.changed_on, ch.id "
    "LIMIT 1), h.category), h.town_code, h.registered_on, d.kind, h.synthetic FROM households h "
    "JOIN divisions d ON d.code = h.town_code WHERE " SELECTED " ORDER BY h.id";
static const char SQL_MEMBERS[] =
    "SELECT m.household_id, m.id, m.sex, m.birth_date, m.relation, m.disability_grade, m.serious_illness "
    "FROM members m JOIN households h ON h.id = m.household_id WHERE " SELECTED " AND m.active = 1 "
    "ORDER BY m.household_id, m.id";
static const char SQL_DECLARED[] =
    "SELECT f.household_id, f.fact, f.value FROM household_facts f JOIN households h ON h.id = f.household_id "
    "WHERE " SELECTED " ORDER BY f.household_id, f.fact";
static const char SQL_BENEFITS[] =
    "SELECT b.household_id, b.policy_code FROM household_benefits b JOIN households h ON h.id = b.household_id "
    "WHERE " SELECTED " AND b.from_date <= ?5 AND (b.to_date IS NULL OR b.to_date >= ?5) "
    "ORDER BY b.household_id, b.policy_code";
static const char SQL_ANSWERS[] =
    "SELECT x.household_id, x.tier, a.indicator_code, a.level FROM household_index x "
    "JOIN households h ON h.id = x.household_id JOIN assessment_answers a ON a.assessment_id = x.assessment_id "
    "WHERE " SELECTED " ORDER BY x.household_id, a.indicator_code";

enum { CUR_MEMBERS, CUR_DECLARED, CUR_BENEFITS, CUR_ANSWERS, NCUR };

/* One statement's position: the household id of its current row, 0 when it has no more rows. */
typedef struct cursor {
    sqlite3_stmt *st;
    int64_t hid;
} cursor;

typedef struct scan {
    store_conn *c;
    cursor cur[NCUR];
    core_date date;
    char date_text[11];
    json_t *params;
    const char *without_benefit;
    bool skip_unregistered; /* pass over households registered after the date */
} scan;

static ws_err cursor_next(scan *s, cursor *k)
{
    int rc = sqlite3_step(k->st);
    if (rc == SQLITE_ROW) {
        k->hid = sqlite3_column_int64(k->st, 0);
        return WS_OK;
    }
    k->hid = 0;
    return rc == SQLITE_DONE ? WS_OK : store_err(s->c, rc);
}

static void bind_selection(sqlite3_stmt *st, const char *prefix, int64_t id_lo, int64_t id_hi)
{
    store_bind_prefix_range(st, 1, prefix);
    sqlite3_bind_int64(st, 3, id_lo);
    sqlite3_bind_int64(st, 4, id_hi);
}

/* The members of household hid as facts, each with its id (which names its declared facts). */
static ws_err add_members(scan *s, int64_t hid, json_t *members)
{
    cursor *k = &s->cur[CUR_MEMBERS];
    ws_err e = WS_OK;
    while (e == WS_OK && k->hid == hid) {
        sqlite3_stmt *st = k->st;
        json_t *m = json_pack("{sI}", "id", (json_int_t)sqlite3_column_int64(st, 1));
        if (sqlite3_column_type(st, 2) != SQLITE_NULL)
            json_object_set_new(m, "sex", json_string(store_col_text(st, 2)));
        core_date birth;
        if (core_date_parse(store_col_text(st, 3), &birth) && core_date_days(birth) <= core_date_days(s->date))
            json_object_set_new(m, "age", json_integer(core_date_age(birth, s->date)));
        json_object_set_new(m, "relation", json_string(store_col_text(st, 4)));
        json_object_set_new(m, "disability_grade", json_integer(sqlite3_column_int(st, 5)));
        json_object_set_new(m, "serious_illness", json_boolean(sqlite3_column_int(st, 6) != 0));
        json_array_append_new(members, m);
        e = cursor_next(s, k);
    }
    return e;
}

/* The member object of the member with that id, or NULL when it is not an active member. */
static json_t *member_by_id(json_t *members, int64_t member_id)
{
    size_t i;
    json_t *m;
    json_array_foreach(members, i, m) if (json_integer_value(json_object_get(m, "id")) == member_id) return m;
    return NULL;
}

/* Lays household hid's declared facts onto the household and member objects. A stored value that no
** longer parses or checks (the vocabulary changed) is left out, as if never declared. */
static ws_err add_declared(scan *s, int64_t hid, json_t *household, json_t *members)
{
    cursor *k = &s->cur[CUR_DECLARED];
    ws_err e = WS_OK;
    while (e == WS_OK && k->hid == hid) {
        core_fact_name n;
        json_t *value = json_loads(store_col_text(k->st, 2), JSON_DECODE_ANY, NULL);
        core_fielderrs errs;
        core_fielderrs_init(&errs);
        if (value && core_fact_name_parse(store_col_text(k->st, 1), &n) &&
            core_fact_value_check(n.fact, value, "", &errs)) {
            const char *key = strchr(n.fact->path, '.') + 1;
            json_t *target = n.member_id ? member_by_id(members, n.member_id) : household;
            if (target)
                json_object_set(target, key, value);
        }
        core_fielderrs_free(&errs);
        json_decref(value);
        e = cursor_next(s, k);
    }
    return e;
}

/* The codes of the policies household hid receives on the date; *skip when one is without_benefit. */
static ws_err add_benefits(scan *s, int64_t hid, json_t *benefits, bool *skip)
{
    cursor *k = &s->cur[CUR_BENEFITS];
    ws_err e = WS_OK;
    *skip = false;
    while (e == WS_OK && k->hid == hid) {
        const char *code = store_col_text(k->st, 1);
        size_t n = json_array_size(benefits);
        if (!n || strcmp(json_string_value(json_array_get(benefits, n - 1)), code) != 0)
            json_array_append_new(benefits, json_string(code));
        if (s->without_benefit && strcmp(code, s->without_benefit) == 0)
            *skip = true;
        e = cursor_next(s, k);
    }
    return e;
}

/* The current assessment's levels and tier, or NULL in *out when the household has none. */
static ws_err add_assessment(scan *s, int64_t hid, json_t **out)
{
    cursor *k = &s->cur[CUR_ANSWERS];
    ws_err e = WS_OK;
    json_t *a = NULL;
    while (e == WS_OK && k->hid == hid) {
        if (!a)
            a = json_pack("{ss}", "tier", store_col_text(k->st, 1));
        if (sqlite3_column_type(k->st, 3) != SQLITE_NULL)
            json_object_set_new(a, store_col_text(k->st, 2), json_integer(sqlite3_column_int(k->st, 3)));
        e = cursor_next(s, k);
    }
    *out = a;
    return e;
}

/* Builds the facts of the household at the households statement's current row and hands them to fn. */
static ws_err one_household(scan *s, sqlite3_stmt *hs, store_facts_fn fn, void *ctx)
{
    int64_t hid = sqlite3_column_int64(hs, 0);
    json_t *benefits = json_array(), *members = json_array();
    json_t *household = NULL, *assessment = NULL, *facts = NULL;
    bool skip;
    ws_err e = add_benefits(s, hid, benefits, &skip);
    if (e == WS_OK)
        e = add_members(s, hid, members);
    household = json_pack("{ss ss ss}", "category", store_col_text(hs, 1), "town", store_col_text(hs, 2),
                          "registered_on", store_col_text(hs, 3));
    const char *kind = store_col_text(hs, 4);
    if (strcmp(kind, "街道") == 0 || strcmp(kind, "镇") == 0 || strcmp(kind, "乡") == 0)
        json_object_set_new(household, "urban", json_boolean(strcmp(kind, "街道") == 0));
    json_object_set_new(household, "size", json_integer((json_int_t)json_array_size(members)));
    if (e == WS_OK)
        e = add_declared(s, hid, household, members);
    if (e == WS_OK)
        e = add_assessment(s, hid, &assessment);
    if (s->skip_unregistered && strcmp(store_col_text(hs, 3), s->date_text) > 0)
        skip = true; /* not registered yet on the date: nothing to screen */
    if (e == WS_OK && !skip) {
        facts = json_pack("{so so so sO ss}", "household", household, "members", members, "benefits", benefits,
                          "params", s->params, "date", s->date_text);
        household = members = benefits = NULL;
        if (assessment) {
            json_object_set_new(facts, "assessment", assessment);
            assessment = NULL;
        }
        store_facts_row row = {hid, store_col_text(hs, 2), store_col_text(hs, 1), sqlite3_column_int(hs, 5) != 0, facts};
        e = fn(&row, ctx);
    }
    json_decref(facts);
    json_decref(household);
    json_decref(members);
    json_decref(benefits);
    json_decref(assessment);
    return e;
}

/* The scan behind both entry points: the households under prefix with ids in [id_lo, id_hi]. */
static ws_err scan_run(store_conn *c, const char *prefix, int64_t id_lo, int64_t id_hi, core_date date,
                       json_t *params, const char *without_benefit, bool answers, bool skip_unregistered,
                       store_facts_fn fn, void *ctx)
{
    scan s = {.c = c, .date = date, .without_benefit = without_benefit, .skip_unregistered = skip_unregistered};
    core_date_format(date, s.date_text);
    ws_err e = WS_OK;
    if (params)
        s.params = json_incref(params); /* the caller's, in force on the date */
    else
        e = store_params_in_force(c, s.date_text, &s.params);
    if (e != WS_OK)
        return e;
    static const char *const SQL[NCUR] = {SQL_MEMBERS, SQL_DECLARED, SQL_BENEFITS, SQL_ANSWERS};
    sqlite3_stmt *hs = store_stmt(c, SQL_HOUSEHOLDS);
    bind_selection(hs, prefix, id_lo, id_hi);
    sqlite3_bind_text(hs, 5, s.date_text, -1, SQLITE_TRANSIENT);
    for (int i = 0; i < NCUR; i++) {
        if (i == CUR_ANSWERS && !answers)
            continue; /* no statement: no household has an assessment */
        s.cur[i].st = store_stmt(c, SQL[i]);
        bind_selection(s.cur[i].st, prefix, id_lo, id_hi);
        if (i == CUR_BENEFITS)
            sqlite3_bind_text(s.cur[i].st, 5, s.date_text, -1, SQLITE_TRANSIENT);
        if (e == WS_OK)
            e = cursor_next(&s, &s.cur[i]);
    }
    int rc = SQLITE_ROW;
    while (e == WS_OK && (rc = sqlite3_step(hs)) == SQLITE_ROW)
        e = one_household(&s, hs, fn, ctx);
    if (e == WS_OK && rc != SQLITE_DONE)
        e = store_err(c, rc);
    sqlite3_reset(hs);
    for (int i = 0; i < NCUR; i++)
        if (s.cur[i].st)
            sqlite3_reset(s.cur[i].st);
    json_decref(s.params);
    return e;
}

ws_err store_facts_scan(store_conn *c, const char *scope, const char *division, core_date date,
                        const char *without_benefit, bool with_assessment, store_facts_fn fn, void *ctx)
{
    /* the narrower of scope and division; none when they do not overlap */
    const char *prefix;
    if (!store_scope_narrow(scope, division, &prefix))
        return WS_OK;
    return scan_run(c, prefix, 1, INT64_MAX, date, NULL, without_benefit, with_assessment, true, fn, ctx);
}

static ws_err keep_facts(const store_facts_row *row, void *ctx)
{
    *(json_t **)ctx = json_incref(row->facts);
    return WS_OK;
}

ws_err store_facts_build(store_conn *c, const char *scope, int64_t household_id, core_date date, json_t **out)
{
    return store_facts_build_with(c, scope, household_id, date, NULL, out);
}

ws_err store_facts_build_with(store_conn *c, const char *scope, int64_t household_id, core_date date,
                              json_t *params, json_t **out)
{
    json_t *facts = NULL;
    ws_err e = scan_run(c, scope, household_id, household_id, date, params, NULL, true, false, keep_facts, &facts);
    if (e == WS_OK && !facts)
        e = WS_ERR_NOTFOUND;
    if (e != WS_OK) {
        json_decref(facts);
        return e;
    }
    *out = facts;
    return WS_OK;
}

/* ---- declared facts ---- */

static bool member_active(store_conn *c, int64_t household_id, int64_t member_id)
{
    sqlite3_stmt *st = store_stmt(c, "SELECT 1 FROM members WHERE id = ?1 AND household_id = ?2 AND active = 1");
    sqlite3_bind_int64(st, 1, member_id);
    sqlite3_bind_int64(st, 2, household_id);
    bool ok = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_reset(st);
    return ok;
}

static json_t *declared_item(sqlite3_stmt *st, const core_fact_name *n)
{
    json_t *value = json_loads(store_col_text(st, 1), JSON_DECODE_ANY, NULL);
    json_t *by = sqlite3_column_type(st, 3) == SQLITE_NULL
                     ? json_null()
                     : json_pack("{sI ss}", "id", (json_int_t)sqlite3_column_int64(st, 3), "name", store_col_text(st, 4));
    return json_pack("{ss ss so so ss ss ss ss ss so}", "fact", store_col_text(st, 0), "path", n->fact->path,
                     "member_id", n->member_id ? json_integer(n->member_id) : json_null(), "value",
                     value ? value : json_null(), "label_zh", n->fact->zh, "label_en", n->fact->en, "unit_zh",
                     n->fact->unit_zh, "unit_en", n->fact->unit_en, "recorded_on", store_col_text(st, 2),
                     "recorded_by", by);
}

ws_err store_declared_facts_json(store_conn *c, const char *scope, int64_t household_id, json_t **out)
{
    ws_err e = store_household_check(c, scope, household_id);
    if (e != WS_OK)
        return e;
    sqlite3_stmt *st = store_stmt(c, "SELECT f.fact, f.value, f.recorded_on, f.recorded_by, u.display_name "
                                     "FROM household_facts f LEFT JOIN users u ON u.id = f.recorded_by "
                                     "WHERE f.household_id = ?1 ORDER BY f.fact");
    sqlite3_bind_int64(st, 1, household_id);
    json_t *items = json_array();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        core_fact_name n;
        if (!core_fact_name_parse(store_col_text(st, 0), &n))
            continue;
        if (n.member_id && !member_active(c, household_id, n.member_id))
            continue;
        json_array_append_new(items, declared_item(st, &n));
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        json_decref(items);
        return store_err(c, rc);
    }
    *out = items;
    return WS_OK;
}

ws_err store_declared_fact_set(store_conn *w, int64_t household_id, const char *name, const json_t *value,
                               core_date recorded_on, int64_t user_id)
{
    core_fact_name n;
    if (!core_fact_name_parse(name, &n))
        return WS_ERR_INVALID;
    if (n.member_id && !member_active(w, household_id, n.member_id))
        return WS_ERR_NOTFOUND;
    if (!value) {
        sqlite3_stmt *st = store_stmt(w, "DELETE FROM household_facts WHERE household_id = ?1 AND fact = ?2");
        sqlite3_bind_int64(st, 1, household_id);
        sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
        return store_step_done(w, st);
    }
    char *text = json_dumps(value, JSON_ENCODE_ANY | JSON_COMPACT | JSON_REAL_PRECISION(15));
    char day[11];
    core_date_format(recorded_on, day);
    sqlite3_stmt *st = store_stmt(w, "INSERT INTO household_facts (household_id, fact, value, recorded_on, recorded_by) "
                                     "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (household_id, fact) DO UPDATE SET "
                                     "value = excluded.value, recorded_on = excluded.recorded_on, "
                                     "recorded_by = excluded.recorded_by");
    sqlite3_bind_int64(st, 1, household_id);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, text, -1, free);
    sqlite3_bind_text(st, 4, day, -1, SQLITE_TRANSIENT);
    if (user_id)
        sqlite3_bind_int64(st, 5, user_id);
    else
        sqlite3_bind_null(st, 5);
    return store_step_done(w, st);
}
