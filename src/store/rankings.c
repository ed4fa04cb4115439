/*
** rankings.c: the current index of each household, its history, rank overrides, the ranking itself and
** the re-scoring of every household under a new questionnaire version, in SQL.
*/
#include "rankings.h"

#include "../core/frac.h"
#include "divisions.h"
#include "households.h"
#include "seed.h"
#include "catalog.h"
#include "store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static ws_err step_done(store_conn *w, sqlite3_stmt *st) {
    int rc = sqlite3_step(st);
    return rc == SQLITE_DONE ? WS_OK : store_err(w, rc);
}

static json_t *tier_json(core_tier t) { return json_string(core_tier_code(t)); }

static core_tier tier_of(const char *code) {
    core_tier t = CORE_TIER_NONE;
    core_tier_parse(code, &t);
    return t;
}

core_date store_reassess_due(core_date on, int months) {
    static const int DAYS[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int m = on.m - 1 + months;
    core_date d = {on.y + m / 12, m % 12 + 1, on.d};
    int last = DAYS[d.m - 1] + (d.m == 2 && core_date_valid(d.y, 2, 29));
    if (d.d > last) d.d = last;
    return d;
}

/* ---- what a scoring writes ------------------------------------------------------------------------ */

/* The registry facts of a household the row copies, and its active override. */
typedef struct reg_facts {
    core_category category;
    core_date registered_on;
    char registered[11];
    char town[10], county[10];
    const char *head_sex;   /* "M", "F" or NULL */
    const char *head_birth; /* "yyyy-mm-dd" or NULL */
    char sex_buf[2], birth_buf[11];
    bool has_override;
    core_tier override_tier;
} reg_facts;

static ws_err load_reg_facts(store_conn *c, int64_t hid, reg_facts *f) {
    sqlite3_stmt *st = store_stmt(c, "SELECT h.category, h.registered_on, h.town_code, t.parent_code, hm.sex, "
                                     "hm.birth_date, ro.tier FROM households h JOIN divisions t ON t.code = h.town_code "
                                     "LEFT JOIN members hm ON hm.household_id = h.id AND hm.relation = 'head' "
                                     "AND hm.active = 1 "
                                     "LEFT JOIN rank_overrides ro ON ro.household_id = h.id AND ro.active = 1 "
                                     "WHERE h.id = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, hid);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) return WS_ERR_NOTFOUND;
    if (rc != SQLITE_ROW) return store_err(c, rc);
    memset(f, 0, sizeof *f);
    f->category = core_category_parse(store_col_text(st, 0));
    snprintf(f->registered, sizeof f->registered, "%s", store_col_text(st, 1));
    core_date_parse(f->registered, &f->registered_on);
    snprintf(f->town, sizeof f->town, "%s", store_col_text(st, 2));
    snprintf(f->county, sizeof f->county, "%s", store_col_text(st, 3));
    if (sqlite3_column_type(st, 4) != SQLITE_NULL) {
        snprintf(f->sex_buf, sizeof f->sex_buf, "%s", store_col_text(st, 4));
        f->head_sex = f->sex_buf;
    }
    if (sqlite3_column_type(st, 5) != SQLITE_NULL) {
        snprintf(f->birth_buf, sizeof f->birth_buf, "%s", store_col_text(st, 5));
        f->head_birth = f->birth_buf;
    }
    if (sqlite3_column_type(st, 6) != SQLITE_NULL) {
        f->has_override = true;
        f->override_tier = tier_of(store_col_text(st, 6));
    }
    sqlite3_reset(st);
    return WS_OK;
}

/* The key as text, with the tier the household ranks in. */
static void key_text(const core_hscore *s, core_tier rank_tier, const reg_facts *f, int64_t hid,
                     char out[CORE_RANK_KEY_LEN + 1]) {
    core_hscore ranked = *s;
    ranked.tier = rank_tier;
    core_rank_key k;
    core_rank_key_from(&ranked, f->category, f->registered_on, hid, &k);
    core_rank_key_encode(&k, out);
}

/* The codes of indicators whose red-flag rule holds, "I02,I17" (arena-free: caller's buffer). */
static void red_flags_text(const core_questionnaire *q, const int8_t *levels, char *out, size_t outsz) {
    size_t n = 0;
    out[0] = '\0';
    for (int j = 0; j < q->nind; j++) {
        const core_q_indicator *ind = &q->ind[j];
        bool severe = levels[j] >= 2 && ind->has_severe;
        bool red = (levels[j] >= 1 && ind->red == CORE_RED_WHEN_DEPRIVED) || (severe && ind->red == CORE_RED_WHEN_SEVERE);
        if (red && n + strlen(ind->code) + 2 < outsz) n += (size_t)snprintf(out + n, outsz - n, "%s%s", n ? "," : "", ind->code);
    }
}

static void c_dims_text(const core_questionnaire *q, const core_hscore *s, char *out, size_t outsz) {
    size_t n = 0;
    out[0] = '\0';
    for (int d = 0; d < q->ndims && n + 16 < outsz; d++)
        n += (size_t)snprintf(out + n, outsz - n, "%s%d", d ? "," : "", s->c_dim[d]);
}

/* The three dimensions that contribute most (C_d > 0), largest first, ties in the version's order:
** "D5:120,D1:84". */
static void top_dims_text(const core_questionnaire *q, const core_hscore *s, char *out, size_t outsz) {
    bool used[CORE_Q_MAX_DIMS] = {false};
    size_t n = 0;
    out[0] = '\0';
    for (int k = 0; k < 3; k++) {
        int best = -1;
        for (int d = 0; d < q->ndims; d++)
            if (!used[d] && s->c_dim[d] > 0 && (best < 0 || s->c_dim[d] > s->c_dim[best])) best = d;
        if (best < 0) break;
        used[best] = true;
        if (n + 24 < outsz) n += (size_t)snprintf(out + n, outsz - n, "%s%s:%d", n ? "," : "", q->dims[best].code, s->c_dim[best]);
    }
}

/* The counts of an assessment's stored needs by urgency, and the difficulty areas they name. */
static ws_err stored_needs(store_conn *c, int64_t assessment_id, uint32_t counts[CORE_URG_COUNT], bool areas[100]) {
    for (int u = 0; u < CORE_URG_COUNT; u++) counts[u] = 0;
    sqlite3_stmt *st = store_stmt(c, "SELECT urgency, area_code FROM assessment_needs WHERE assessment_id = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, assessment_id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        core_urgency u;
        if (core_urgency_parse(store_col_text(st, 0), &u)) counts[u]++;
        int area = atoi(store_col_text(st, 1));
        if (areas && area > 0 && area < 100) areas[area] = true;
    }
    return rc == SQLITE_DONE ? WS_OK : store_err(c, rc);
}

/* True when assessment (on, id) is at least as late as the household's current one (or it has none). */
static ws_err is_latest(store_conn *w, int64_t hid, const char *on, int64_t aid, bool *latest) {
    sqlite3_stmt *st = store_stmt(w, "SELECT assessed_on, assessment_id FROM household_index WHERE household_id = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, hid);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) {
        *latest = true;
        return WS_OK;
    }
    if (rc != SQLITE_ROW) return store_err(w, rc);
    int cmp = strcmp(on, store_col_text(st, 0));
    *latest = cmp > 0 || (cmp == 0 && aid >= sqlite3_column_int64(st, 1));
    sqlite3_reset(st);
    return WS_OK;
}

/*
** One scoring of assessment aid (of household hid, assessed on `on`) under version sq with levels in its
** order: into the history, and into the current row when it is the latest assessment.
*/
static ws_err write_figures(store_conn *w, int64_t hid, int64_t aid, core_date on, const store_questionnaire *sq,
                            const int8_t *levels, const char *why, core_hscore *out) {
    const core_questionnaire *q = &sq->q;
    uint32_t counts[CORE_URG_COUNT];
    bool areas[100] = {false};
    ws_err e = stored_needs(w, aid, counts, areas);
    if (e) return e;
    core_hscore s;
    core_hindex_score(q, levels, counts, &s);
    reg_facts f;
    e = load_reg_facts(w, hid, &f);
    if (e) return e;
    core_tier rank_tier = f.has_override ? f.override_tier : s.tier;
    char key[CORE_RANK_KEY_LEN + 1], red[CORE_Q_MAX_INDICATORS * (CORE_Q_CODE_MAX + 1) + 1];
    char cdims[CORE_Q_MAX_DIMS * 12 + 1], top[3 * (CORE_Q_CODE_MAX + 12) + 1], now[21], on_text[11], due_text[11];
    key_text(&s, rank_tier, &f, hid, key);
    red_flags_text(q, levels, red, sizeof red);
    c_dims_text(q, &s, cdims, sizeof cdims);
    top_dims_text(q, &s, top, sizeof top);
    store_now_iso(now);
    core_date_format(on, on_text);
    core_date_format(store_reassess_due(on, q->reassess_months), due_text);

    sqlite3_stmt *st = store_stmt(w, "INSERT INTO index_history (household_id, assessment_id, questionnaire_id, "
                                     "questionnaire_version, assessed_on, reason, tier, urgency, c, c_sev, g, breadth, "
                                     "red_flags, c_dims, rank_key, scored_at) "
                                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, hid);
    sqlite3_bind_int64(st, 2, aid);
    sqlite3_bind_int64(st, 3, sq->id);
    sqlite3_bind_int(st, 4, q->version);
    sqlite3_bind_text(st, 5, on_text, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 6, why, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 7, core_tier_code(s.tier), -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 8, s.urgency);
    sqlite3_bind_int(st, 9, s.c);
    sqlite3_bind_int(st, 10, s.c_sev);
    sqlite3_bind_int(st, 11, s.g);
    sqlite3_bind_int(st, 12, s.breadth);
    sqlite3_bind_text(st, 13, red, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 14, cdims, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 15, key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 16, now, -1, SQLITE_TRANSIENT);
    e = step_done(w, st);
    if (e) return e;
    if (out) *out = s;

    bool latest;
    e = is_latest(w, hid, on_text, aid, &latest);
    if (e || !latest) return e;
    st = store_stmt(w, "INSERT INTO household_index (household_id, assessment_id, questionnaire_id, "
                       "questionnaire_version, assessed_on, reassess_due, tier, rank_tier, urgency, n_immediate, "
                       "n_priority, n_routine, c, c_sev, g, breadth, denominator, red_flags, top_dimensions, c_dims, "
                       "category, registered_on, town_code, county_code, head_sex, head_birth_date, rank_key, scored_at) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, "
                       "?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28) "
                       "ON CONFLICT (household_id) DO UPDATE SET assessment_id = excluded.assessment_id, "
                       "questionnaire_id = excluded.questionnaire_id, questionnaire_version = excluded.questionnaire_version, "
                       "assessed_on = excluded.assessed_on, reassess_due = excluded.reassess_due, tier = excluded.tier, "
                       "rank_tier = excluded.rank_tier, urgency = excluded.urgency, n_immediate = excluded.n_immediate, "
                       "n_priority = excluded.n_priority, n_routine = excluded.n_routine, c = excluded.c, "
                       "c_sev = excluded.c_sev, g = excluded.g, breadth = excluded.breadth, "
                       "denominator = excluded.denominator, red_flags = excluded.red_flags, "
                       "top_dimensions = excluded.top_dimensions, c_dims = excluded.c_dims, category = excluded.category, "
                       "registered_on = excluded.registered_on, town_code = excluded.town_code, "
                       "county_code = excluded.county_code, head_sex = excluded.head_sex, "
                       "head_birth_date = excluded.head_birth_date, rank_key = excluded.rank_key, "
                       "scored_at = excluded.scored_at");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, hid);
    sqlite3_bind_int64(st, 2, aid);
    sqlite3_bind_int64(st, 3, sq->id);
    sqlite3_bind_int(st, 4, q->version);
    sqlite3_bind_text(st, 5, on_text, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 6, due_text, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 7, core_tier_code(s.tier), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 8, core_tier_code(rank_tier), -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 9, s.urgency);
    for (int u = 0; u < CORE_URG_COUNT; u++) sqlite3_bind_int64(st, 10 + u, counts[u]);
    sqlite3_bind_int(st, 13, s.c);
    sqlite3_bind_int(st, 14, s.c_sev);
    sqlite3_bind_int(st, 15, s.g);
    sqlite3_bind_int(st, 16, s.breadth);
    sqlite3_bind_int(st, 17, q->denominator);
    sqlite3_bind_text(st, 18, red, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 19, top, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 20, cdims, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 21, core_category_code(f.category), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 22, f.registered, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 23, f.town, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 24, f.county, -1, SQLITE_TRANSIENT);
    store_bind_text(st, 25, f.head_sex);
    store_bind_text(st, 26, f.head_birth);
    sqlite3_bind_text(st, 27, key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 28, now, -1, SQLITE_TRANSIENT);
    e = step_done(w, st);
    if (e) return e;

    /* The areas the ranking's area filter finds it by: deprived indicators' and asked-for needs'. */
    for (int j = 0; j < q->nind; j++) {
        int area = atoi(q->ind[j].area);
        if (levels[j] >= 1 && area > 0 && area < 100) areas[area] = true;
    }
    st = store_stmt(w, "DELETE FROM household_index_areas WHERE household_id = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, hid);
    e = step_done(w, st);
    for (int area = 1; area < 100 && !e; area++) {
        if (!areas[area]) continue;
        char code[3] = {(char)('0' + area / 10), (char)('0' + area % 10), '\0'};
        st = store_stmt(w, "INSERT INTO household_index_areas (household_id, area_code) VALUES (?1, ?2)");
        if (!st) return WS_ERR_DB;
        sqlite3_bind_int64(st, 1, hid);
        sqlite3_bind_text(st, 2, code, -1, SQLITE_TRANSIENT);
        e = step_done(w, st);
    }
    return e;
}

ws_err store_index_write(store_conn *w, const store_assessment *a, const store_questionnaire *sq, const char *why,
                         core_hscore *out) {
    int8_t levels[CORE_Q_MAX_INDICATORS];
    store_assessment_levels(a, &sq->q, levels);
    return write_figures(w, a->household_id, a->id, a->assessed_on, sq, levels, why, out);
}

/* Recomputes the row's copied registry facts, rank tier and key from its stored figures. */
static ws_err refresh_row(store_conn *w, int64_t hid) {
    sqlite3_stmt *st = store_stmt(w, "SELECT tier, urgency, c, c_sev, g, breadth FROM household_index "
                                     "WHERE household_id = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, hid);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) return WS_OK;
    if (rc != SQLITE_ROW) return store_err(w, rc);
    core_hscore s = {0};
    s.tier = tier_of(store_col_text(st, 0));
    s.urgency = (uint32_t)sqlite3_column_int64(st, 1);
    s.c = sqlite3_column_int(st, 2);
    s.c_sev = sqlite3_column_int(st, 3);
    s.g = sqlite3_column_int(st, 4);
    s.breadth = sqlite3_column_int(st, 5);
    sqlite3_reset(st);
    reg_facts f;
    ws_err e = load_reg_facts(w, hid, &f);
    if (e) return e;
    core_tier rank_tier = f.has_override ? f.override_tier : s.tier;
    char key[CORE_RANK_KEY_LEN + 1];
    key_text(&s, rank_tier, &f, hid, key);
    st = store_stmt(w, "UPDATE household_index SET category = ?2, registered_on = ?3, town_code = ?4, county_code = ?5, "
                       "head_sex = ?6, head_birth_date = ?7, rank_tier = ?8, rank_key = ?9 WHERE household_id = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, hid);
    sqlite3_bind_text(st, 2, core_category_code(f.category), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, f.registered, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, f.town, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, f.county, -1, SQLITE_TRANSIENT);
    store_bind_text(st, 6, f.head_sex);
    store_bind_text(st, 7, f.head_birth);
    sqlite3_bind_text(st, 8, core_tier_code(rank_tier), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 9, key, -1, SQLITE_TRANSIENT);
    return step_done(w, st);
}

ws_err store_index_registry_changed(store_conn *w, int64_t household_id) { return refresh_row(w, household_id); }

ws_err store_index_remove(store_conn *w, int64_t household_id) {
    static const char *const SQL[] = {"DELETE FROM household_index_areas WHERE household_id = ?1",
                                      "DELETE FROM household_index WHERE household_id = ?1"};
    for (size_t i = 0; i < 2; i++) {
        sqlite3_stmt *st = store_stmt(w, SQL[i]);
        if (!st) return WS_ERR_DB;
        sqlite3_bind_int64(st, 1, household_id);
        ws_err e = step_done(w, st);
        if (e) return e;
    }
    return WS_OK;
}

/* ---- figures as JSON ------------------------------------------------------------------------------ */

static json_t *fraction_json(int64_t num, int64_t den) {
    core_frac f = CORE_FRAC_ZERO;
    char text[CORE_FRAC_TEXT];
    if (den <= 0 || core_frac_make(num, den, &f) != WS_OK) f = CORE_FRAC_ZERO;
    core_frac_format(f, text);
    /* rounded half up to 4 places, exactly */
    int64_t tenthousandths = den > 0 && num >= 0 ? (int64_t)(((__int128)num * 20000 + den) / (2 * (__int128)den)) : 0;
    return json_pack("{s:s, s:f}", "exact", text, "decimal", (double)tenthousandths / 10000.0);
}

json_t *store_needs_json(store_conn *c, const store_need *needs, size_t n) {
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        const store_need *nd = &needs[i];
        /* the catalog in the database, which holds the items an administrator added */
        store_service_item item;
        const char *service_zh = store_service_item_get(c, nd->service, &item) == WS_OK ? item.zh : "";
        const store_seed_area *area = store_area_find(nd->area);
        json_array_append_new(arr, json_pack("{s:o, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id",
                                             nd->id ? json_integer(nd->id) : json_null(), "service", nd->service,
                                             "service_zh", service_zh, "area", nd->area, "area_zh",
                                             area ? area->zh : "", "urgency", core_urgency_code(nd->urgency),
                                             "urgency_zh", core_urgency_zh(nd->urgency), "note",
                                             nd->note ? nd->note : ""));
    }
    return arr;
}

json_t *store_figures_json(store_conn *c, const core_questionnaire *q, const int8_t *levels, const core_hscore *s,
                           const store_need *needs, size_t nneeds) {
    json_t *dims = json_array(), *deprived = json_array(), *red = json_array(), *unanswered = json_array();
    for (int d = 0; d < q->ndims; d++) {
        json_int_t max = 0;
        for (int j = 0; j < q->nind; j++)
            if (q->ind[j].dimension == d) max += q->ind[j].weight;
        json_array_append_new(dims, json_pack("{s:s, s:s, s:s, s:i, s:I}", "code", q->dims[d].code, "zh",
                                              q->dims[d].zh, "en", q->dims[d].en, "c", s->c_dim[d], "max", max));
    }
    for (int j = 0; j < q->nind; j++) {
        const core_q_indicator *ind = &q->ind[j];
        if (levels[j] < 0) json_array_append_new(unanswered, json_string(ind->code));
        if (levels[j] < 1) continue;
        bool severe = levels[j] >= 2 && ind->has_severe;
        bool flag = ind->red == CORE_RED_WHEN_DEPRIVED || (severe && ind->red == CORE_RED_WHEN_SEVERE);
        if (flag) json_array_append_new(red, json_string(ind->code));
        const store_seed_area *area = store_area_find(ind->area);
        json_array_append_new(deprived,
                              json_pack("{s:s, s:s, s:s, s:s, s:i, s:i, s:s, s:s, s:b}", "code", ind->code, "dimension",
                                        q->dims[ind->dimension].code, "zh", ind->zh, "en", ind->en, "level",
                                        severe ? 2 : 1, "weight", ind->weight, "area", ind->area, "area_zh",
                                        area ? area->zh : "", "red_flag", flag));
    }
    uint32_t counts[CORE_URG_COUNT] = {0};
    for (size_t i = 0; i < nneeds; i++)
        if ((unsigned)needs[i].urgency < CORE_URG_COUNT) counts[needs[i].urgency]++;
    return json_pack("{s:i, s:i, s:s, s:s, s:i, s:i, s:i, s:i, s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:{s:I, s:I, s:I}}",
                     "questionnaire_version", q->version, "denominator", q->denominator, "tier", core_tier_code(s->tier),
                     "tier_zh", core_tier_zh(s->tier), "c", s->c, "c_sev", s->c_sev, "g", s->g, "breadth", s->breadth,
                     "urgency", (json_int_t)s->urgency, "share", fraction_json(s->c, q->denominator), "dimensions",
                     dims, "deprived", deprived, "red_flags", red, "unanswered", unanswered, "needs",
                     store_needs_json(c, needs, nneeds), "needs_by_urgency", "immediate", (json_int_t)counts[0],
                     "priority", (json_int_t)counts[1], "routine", (json_int_t)counts[2]);
}

/* ---- one household's index ------------------------------------------------------------------------ */

static int64_t count_one(store_conn *c, const char *sql, const char *a, const char *b) {
    sqlite3_stmt *st = store_stmt(c, sql);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, a, -1, SQLITE_TRANSIENT);
    if (b) sqlite3_bind_text(st, 2, b, -1, SQLITE_TRANSIENT);
    int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    return n;
}

static json_t *override_json(sqlite3_stmt *st, int col) {
    if (sqlite3_column_type(st, col) == SQLITE_NULL) return json_null();
    core_tier t = tier_of(store_col_text(st, col));
    return json_pack("{s:s, s:s, s:s, s:s, s:s}", "tier", core_tier_code(t), "tier_zh", core_tier_zh(t), "reason",
                     store_col_text(st, col + 1), "by", store_col_text(st, col + 2), "at", store_col_text(st, col + 3));
}

static ws_err history_json(store_conn *c, int64_t hid, json_t **out) {
    sqlite3_stmt *st = store_stmt(c, "SELECT assessment_id, questionnaire_version, assessed_on, tier, c, scored_at, "
                                     "reason FROM index_history WHERE household_id = ?1 ORDER BY id DESC");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, hid);
    json_t *arr = json_array();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        json_array_append_new(arr, json_pack("{s:I, s:i, s:s, s:s, s:i, s:s, s:s}", "assessment_id",
                                             (json_int_t)sqlite3_column_int64(st, 0), "questionnaire_version",
                                             sqlite3_column_int(st, 1), "assessed_on", store_col_text(st, 2), "tier",
                                             store_col_text(st, 3), "c", sqlite3_column_int(st, 4), "scored_at",
                                             store_col_text(st, 5), "reason", store_col_text(st, 6)));
    if (rc != SQLITE_DONE) {
        json_decref(arr);
        return store_err(c, rc);
    }
    *out = arr;
    return WS_OK;
}

ws_err store_index_json(store_conn *c, const char *scope, int64_t household_id, core_date today, json_t **out) {
    ws_err e = store_household_check(c, scope, household_id);
    if (e) return e;
    sqlite3_stmt *st = store_stmt(c, "SELECT hi.assessment_id, hi.questionnaire_id, hi.assessed_on, hi.reassess_due, "
                                     "hi.rank_key, hi.town_code, hi.county_code, hi.rank_tier, "
                                     "ro.tier, ro.reason, ro.by_name, ro.at FROM household_index hi "
                                     "LEFT JOIN rank_overrides ro ON ro.household_id = hi.household_id AND ro.active = 1 "
                                     "WHERE hi.household_id = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, household_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) return WS_ERR_INVALID;
    if (rc != SQLITE_ROW) return store_err(c, rc);
    int64_t aid = sqlite3_column_int64(st, 0), qid = sqlite3_column_int64(st, 1);
    char on[11], due[11], key[CORE_RANK_KEY_LEN + 1], town[10], county[10], city[5];
    snprintf(on, sizeof on, "%s", store_col_text(st, 2));
    snprintf(due, sizeof due, "%s", store_col_text(st, 3));
    snprintf(key, sizeof key, "%s", store_col_text(st, 4));
    snprintf(town, sizeof town, "%s", store_col_text(st, 5));
    snprintf(county, sizeof county, "%s", store_col_text(st, 6));
    memcpy(city, town, 4);
    city[4] = '\0';
    core_tier rank_tier = tier_of(store_col_text(st, 7));
    json_t *override = override_json(st, 8);
    sqlite3_reset(st);

    store_assessment *a = NULL;
    store_questionnaire *sq = NULL;
    e = store_assessment_load(c, scope, aid, &a);
    if (!e) e = store_questionnaire_load(c, qid, &sq);
    json_t *history = NULL;
    if (!e) e = history_json(c, household_id, &history);
    if (e) {
        json_decref(override);
        store_assessment_free(a);
        store_questionnaire_free(sq);
        return e;
    }
    int8_t levels[CORE_Q_MAX_INDICATORS];
    uint32_t counts[CORE_URG_COUNT];
    core_hscore s;
    store_assessment_levels(a, &sq->q, levels);
    store_assessment_need_counts(a, counts);
    core_hindex_score(&sq->q, levels, counts, &s);
    json_t *j = store_figures_json(c, &sq->q, levels, &s, a->needs, a->nneeds);
    core_date due_date;
    bool overdue = core_date_parse(due, &due_date) && core_date_ymd(due_date) < core_date_ymd(today);
    json_t *rank = json_pack(
        "{s:I, s:I, s:I, s:I, s:I}", "town",
        (json_int_t)count_one(c, "SELECT count(*) + 1 FROM household_index WHERE town_code = ?1 AND rank_key < ?2", town, key),
        "town_total", (json_int_t)count_one(c, "SELECT count(*) FROM household_index WHERE town_code = ?1", town, NULL),
        "county",
        (json_int_t)count_one(c, "SELECT count(*) + 1 FROM household_index WHERE county_code = ?1 AND rank_key < ?2",
                              county, key),
        "county_total", (json_int_t)count_one(c, "SELECT count(*) FROM household_index WHERE county_code = ?1", county, NULL),
        "city",
        (json_int_t)count_one(c, "SELECT count(*) + 1 FROM household_index WHERE rank_key < ?2 "
                                 "AND substr(town_code, 1, 4) = ?1", city, key));
    json_object_set_new(j, "household_id", json_integer(household_id));
    json_object_set_new(j, "assessment_id", json_integer(aid));
    json_object_set_new(j, "questionnaire_id", json_integer(qid));
    json_object_set_new(j, "assessed_on", json_string(on));
    json_object_set_new(j, "reassess_due", json_string(due));
    json_object_set_new(j, "overdue", json_boolean(overdue));
    json_object_set_new(j, "rank_tier", tier_json(rank_tier));
    json_object_set_new(j, "rank", rank);
    json_object_set_new(j, "override", override);
    json_object_set_new(j, "history", history);
    store_assessment_free(a);
    store_questionnaire_free(sq);
    *out = j;
    return WS_OK;
}

/* ---- the ranking -------------------------------------------------------------------------------- */

#define RANK_COLUMNS                                                                                          \
    "SELECT hi.household_id, hm.name, hi.town_code, t.name, h.village, hi.category, hi.registered_on, hi.tier, "  \
    "hi.rank_tier, hi.urgency, hi.n_immediate, hi.n_priority, hi.n_routine, hi.c, hi.c_sev, hi.g, hi.breadth, "    \
    "hi.red_flags, hi.top_dimensions, hi.assessed_on, hi.reassess_due, hi.questionnaire_id, "                    \
    "ro.tier, ro.reason, ro.by_name, ro.at, hi.questionnaire_version, hi.denominator, hi.county_code "           \
    "FROM household_index hi JOIN households h ON h.id = hi.household_id "                                      \
    "JOIN divisions t ON t.code = hi.town_code "                                                                 \
    "LEFT JOIN members hm ON hm.household_id = hi.household_id AND hm.relation = 'head' AND hm.active = 1 "      \
    "LEFT JOIN rank_overrides ro ON ro.household_id = hi.household_id AND ro.active = 1 "

/* ?2 tier, ?3 category, ?4 area, ?5 service item, ?6 overdue (0/1), ?7 today */
#define RANK_FILTER                                                                                           \
    "AND (?2 IS NULL OR hi.rank_tier = ?2) AND (?3 IS NULL OR hi.category = ?3) "                              \
    "AND (?4 IS NULL OR EXISTS (SELECT 1 FROM household_index_areas x "                                        \
    "  WHERE x.household_id = hi.household_id AND x.area_code = ?4)) "                                         \
    "AND (?5 IS NULL OR EXISTS (SELECT 1 FROM assessment_needs n "                                             \
    "  WHERE n.assessment_id = hi.assessment_id AND n.service_code = ?5)) "                                    \
    "AND (?6 IS NULL OR (CASE WHEN hi.reassess_due < ?7 THEN 1 ELSE 0 END) = ?6) "

#define RANK_TOWN "WHERE hi.town_code = ?1 "
#define RANK_COUNTY "WHERE hi.county_code = ?1 "
#define RANK_CITY "WHERE substr(hi.town_code, 1, 4) = ?1 "
#define RANK_PAGE "ORDER BY hi.rank_key LIMIT ?8 OFFSET ?9"

static const char *const RANK_SQL[3] = {
    RANK_COLUMNS RANK_TOWN RANK_FILTER RANK_PAGE,
    RANK_COLUMNS RANK_COUNTY RANK_FILTER RANK_PAGE,
    RANK_COLUMNS RANK_CITY RANK_FILTER RANK_PAGE,
};
static const char *const RANK_COUNT_SQL[3] = {
    "SELECT count(*) FROM household_index hi " RANK_TOWN RANK_FILTER,
    "SELECT count(*) FROM household_index hi " RANK_COUNTY RANK_FILTER,
    "SELECT count(*) FROM household_index hi " RANK_CITY RANK_FILTER,
};

static void bind_rank_filter(sqlite3_stmt *st, const char *division, const store_ranking_query *q) {
    sqlite3_bind_text(st, 1, division, -1, SQLITE_TRANSIENT);
    store_bind_text(st, 2, q->tier);
    store_bind_text(st, 3, q->category);
    store_bind_text(st, 4, q->area);
    store_bind_text(st, 5, q->need);
    if (q->overdue >= 0) sqlite3_bind_int(st, 6, q->overdue ? 1 : 0);
    else sqlite3_bind_null(st, 6);
    char today[11];
    core_date_format(q->today, today);
    sqlite3_bind_text(st, 7, today, -1, SQLITE_TRANSIENT);
}

/* "I02,I17" as a JSON array of strings. */
static json_t *codes_json(const char *text) {
    json_t *arr = json_array();
    while (text && *text) {
        const char *end = strchr(text, ',');
        size_t n = end ? (size_t)(end - text) : strlen(text);
        if (n) json_array_append_new(arr, json_stringn(text, n));
        text = end ? end + 1 : NULL;
    }
    return arr;
}

/* "D5:120,D1:84" as [{"code","zh","en","c"}], names from the version. */
static json_t *top_dims_json(const char *text, const store_questionnaire *sq) {
    json_t *arr = json_array();
    while (text && *text) {
        char code[CORE_Q_CODE_MAX + 1];
        int c = 0;
        const char *colon = strchr(text, ':');
        if (!colon || (size_t)(colon - text) > CORE_Q_CODE_MAX) break;
        memcpy(code, text, (size_t)(colon - text));
        code[colon - text] = '\0';
        c = atoi(colon + 1);
        int d = sq ? core_questionnaire_find_dim(&sq->q, code) : -1;
        json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:i}", "code", code, "zh", d >= 0 ? sq->q.dims[d].zh : "",
                                             "en", d >= 0 ? sq->q.dims[d].en : "", "c", c));
        const char *end = strchr(colon, ',');
        text = end ? end + 1 : NULL;
    }
    return arr;
}

static json_t *rank_item(store_conn *c, sqlite3_stmt *st, int64_t rank, core_date today, store_qcache *cache) {
    core_category cat = core_category_parse(store_col_text(st, 5));
    core_tier tier = tier_of(store_col_text(st, 7)), rank_tier = tier_of(store_col_text(st, 8));
    const store_questionnaire *sq = NULL;
    if (store_qcache_get(c, cache, sqlite3_column_int64(st, 21), &sq) != WS_OK) sq = NULL;
    core_date due;
    bool overdue = core_date_parse(store_col_text(st, 20), &due) && core_date_ymd(due) < core_date_ymd(today);
    json_t *item = json_pack(
        "{s:I, s:I, s:o, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:{s:I, s:I, s:I}, s:i, s:i, s:i, s:i}",
        "rank", (json_int_t)rank, "household_id", (json_int_t)sqlite3_column_int64(st, 0), "head_name",
        store_col_json_text(st, 1), "town_code", store_col_text(st, 2), "town_name", store_col_text(st, 3),
        "county_code", store_col_text(st, 28), "village", store_col_text(st, 4), "category", core_category_code(cat),
        "category_zh", core_category_zh(cat), "registered_on", store_col_text(st, 6), "tier", core_tier_code(tier),
        "tier_zh", core_tier_zh(tier), "rank_tier", core_tier_code(rank_tier), "urgency",
        (json_int_t)sqlite3_column_int64(st, 9), "needs_by_urgency", "immediate", (json_int_t)sqlite3_column_int64(st, 10),
        "priority", (json_int_t)sqlite3_column_int64(st, 11), "routine", (json_int_t)sqlite3_column_int64(st, 12), "c",
        sqlite3_column_int(st, 13), "c_sev", sqlite3_column_int(st, 14), "g", sqlite3_column_int(st, 15), "breadth",
        sqlite3_column_int(st, 16));
    json_object_set_new(item, "denominator", json_integer(sqlite3_column_int64(st, 27)));
    json_object_set_new(item, "questionnaire_version", json_integer(sqlite3_column_int64(st, 26)));
    json_object_set_new(item, "red_flags", codes_json(store_col_text(st, 17)));
    json_object_set_new(item, "top_dimensions", top_dims_json(store_col_text(st, 18), sq));
    json_object_set_new(item, "assessed_on", json_string(store_col_text(st, 19)));
    json_object_set_new(item, "reassess_due", json_string(store_col_text(st, 20)));
    json_object_set_new(item, "overdue", json_boolean(overdue));
    json_object_set_new(item, "override", override_json(st, 22));
    return item;
}

ws_err store_rankings_list(store_conn *c, const store_ranking_query *q, json_t **items, int64_t *total) {
    const char *division = q->division && *q->division ? q->division : q->scope;
    char level[16];
    /* A division outside the caller's (a wider one too), or none such, is absent, as for the measures. */
    if (!store_in_scope(q->scope, division) || store_division_level(c, division, level) != WS_OK)
        return WS_ERR_NOTFOUND;
    size_t len = strlen(division);
    int which = len == 9 ? 0 : len == 6 ? 1 : len == 4 ? 2 : -1;
    if (which < 0) return WS_ERR_INVALID;
    sqlite3_stmt *st = store_stmt(c, RANK_COUNT_SQL[which]);
    if (!st) return WS_ERR_DB;
    bind_rank_filter(st, division, q);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) return store_err(c, rc);
    int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    st = store_stmt(c, RANK_SQL[which]);
    if (!st) return WS_ERR_DB;
    bind_rank_filter(st, division, q);
    sqlite3_bind_int64(st, 8, q->limit > 0 ? q->limit : -1);
    sqlite3_bind_int64(st, 9, q->offset);
    json_t *arr = json_array();
    store_qcache cache = {0};
    int64_t rank = q->offset;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) json_array_append_new(arr, rank_item(c, st, ++rank, q->today, &cache));
    store_qcache_free(&cache);
    if (rc != SQLITE_DONE) {
        json_decref(arr);
        return store_err(c, rc);
    }
    *items = arr;
    *total = n;
    return WS_OK;
}

ws_err store_rankings_plan(store_conn *c, const char *division, char *out, size_t outsz) {
    size_t len = strlen(division);
    int which = len == 9 ? 0 : len == 6 ? 1 : len == 4 ? 2 : -1;
    if (which < 0 || outsz == 0) return WS_ERR_INVALID;
    char sql[4096];
    snprintf(sql, sizeof sql, "EXPLAIN QUERY PLAN %s", RANK_SQL[which]);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(store_sqlite(c), sql, -1, &st, NULL) != SQLITE_OK) return WS_ERR_DB;
    store_ranking_query q = {.scope = division, .overdue = -1, .limit = 20};
    bind_rank_filter(st, division, &q);
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

/* ---- overrides ------------------------------------------------------------------------------------ */

static ws_err end_override(store_conn *w, int64_t hid, int64_t user_id, bool *ended) {
    sqlite3_stmt *st = store_stmt(w, "UPDATE rank_overrides SET active = 0, ended_at = ?2, ended_by = ?3 "
                                     "WHERE household_id = ?1 AND active = 1");
    if (!st) return WS_ERR_DB;
    char now[21];
    store_now_iso(now);
    sqlite3_bind_int64(st, 1, hid);
    sqlite3_bind_text(st, 2, now, -1, SQLITE_TRANSIENT);
    if (user_id > 0) sqlite3_bind_int64(st, 3, user_id);
    else sqlite3_bind_null(st, 3);
    ws_err e = step_done(w, st);
    if (!e && ended) *ended = sqlite3_changes(store_sqlite(w)) > 0;
    return e;
}

ws_err store_override_set(store_conn *w, int64_t household_id, core_tier tier, const char *reason, int64_t user_id,
                          const char *by) {
    sqlite3_stmt *st = store_stmt(w, "SELECT 1 FROM household_index WHERE household_id = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, household_id);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_DONE) return WS_ERR_NOTFOUND;
    if (rc != SQLITE_ROW) return store_err(w, rc);
    ws_err e = end_override(w, household_id, user_id, NULL);
    if (e) return e;
    st = store_stmt(w, "INSERT INTO rank_overrides (household_id, tier, reason, user_id, by_name, at, active) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1)");
    if (!st) return WS_ERR_DB;
    char now[21];
    store_now_iso(now);
    sqlite3_bind_int64(st, 1, household_id);
    sqlite3_bind_text(st, 2, core_tier_code(tier), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, reason, -1, SQLITE_TRANSIENT);
    if (user_id > 0) sqlite3_bind_int64(st, 4, user_id);
    else sqlite3_bind_null(st, 4);
    sqlite3_bind_text(st, 5, by ? by : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 6, now, -1, SQLITE_TRANSIENT);
    e = step_done(w, st);
    if (!e) e = refresh_row(w, household_id);
    return e;
}

ws_err store_override_clear(store_conn *w, int64_t household_id, int64_t user_id, bool *ended) {
    ws_err e = end_override(w, household_id, user_id, ended);
    if (!e) e = refresh_row(w, household_id);
    return e;
}

/* ---- re-scoring under another version ------------------------------------------------------------ */

typedef struct rescored {
    int64_t hid, aid;
    core_date on;
    core_tier before, after;
    int64_t rank_before, rank_after;
    char *head, *town;
    core_rank_key key; /* the new key */
} rescored;

static int by_household(const void *a, const void *b) {
    int64_t x = ((const rescored *)a)->hid, y = ((const rescored *)b)->hid;
    return (x > y) - (x < y);
}

static int64_t abs_move(const rescored *r) {
    int64_t d = r->rank_after - r->rank_before;
    return d < 0 ? -d : d;
}

static int by_move(const void *a, const void *b) {
    const rescored *x = a, *y = b;
    int64_t mx = abs_move(x), my = abs_move(y);
    if (mx != my) return mx > my ? -1 : 1;
    return (x->hid > y->hid) - (x->hid < y->hid);
}

/* The levels of assessment aid's stored answers laid onto q by indicator code. */
static ws_err stored_levels(store_conn *c, int64_t aid, const core_questionnaire *q, int8_t *levels) {
    memset(levels, -1, (size_t)q->nind);
    sqlite3_stmt *st = store_stmt(c, "SELECT indicator_code, level FROM assessment_answers WHERE assessment_id = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, aid);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int j = core_questionnaire_find(q, store_col_text(st, 0));
        if (j < 0 || sqlite3_column_type(st, 1) == SQLITE_NULL) continue;
        int level = sqlite3_column_int(st, 1);
        levels[j] = (int8_t)(level > 1 && !q->ind[j].has_severe ? 1 : level);
    }
    return rc == SQLITE_DONE ? WS_OK : store_err(c, rc);
}

static void rescored_free(rescored *rows, size_t n) {
    for (size_t i = 0; i < n; i++) {
        free(rows[i].head);
        free(rows[i].town);
    }
    free(rows);
}

ws_err store_rescore(store_conn *c, const store_questionnaire *sq, bool commit, int64_t user_id, const char *by,
                     json_t **report) {
    if (commit && sq->published) return WS_ERR_CONFLICT;
    sqlite3_stmt *st = store_stmt(c, "SELECT hi.household_id, hi.assessment_id, hi.assessed_on, hi.tier, hm.name, t.name, "
                                     "h.category, h.registered_on, ro.tier FROM household_index hi "
                                     "JOIN households h ON h.id = hi.household_id JOIN divisions t ON t.code = hi.town_code "
                                     "LEFT JOIN members hm ON hm.household_id = hi.household_id AND hm.relation = 'head' "
                                     "AND hm.active = 1 "
                                     "LEFT JOIN rank_overrides ro ON ro.household_id = hi.household_id AND ro.active = 1 "
                                     "ORDER BY hi.rank_key");
    if (!st) return WS_ERR_DB;
    rescored *rows = NULL;
    size_t n = 0, cap = 0;
    int rc;
    /* Collected first: the statement is not stepped while others run on the same connection. */
    typedef struct pending {
        core_category category;
        core_date registered;
        bool has_override;
        core_tier override_tier;
    } pending;
    pending *extra = NULL;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            rows = xrealloc(rows, cap * sizeof *rows);
            extra = xrealloc(extra, cap * sizeof *extra);
        }
        rescored *r = &rows[n];
        pending *p = &extra[n];
        memset(r, 0, sizeof *r);
        r->hid = sqlite3_column_int64(st, 0);
        r->aid = sqlite3_column_int64(st, 1);
        core_date_parse(store_col_text(st, 2), &r->on);
        r->before = tier_of(store_col_text(st, 3));
        r->head = xstrdup(store_col_text(st, 4));
        r->town = xstrdup(store_col_text(st, 5));
        r->rank_before = (int64_t)n + 1;
        p->category = core_category_parse(store_col_text(st, 6));
        core_date_parse(store_col_text(st, 7), &p->registered);
        p->has_override = sqlite3_column_type(st, 8) != SQLITE_NULL;
        p->override_tier = p->has_override ? tier_of(store_col_text(st, 8)) : CORE_TIER_NONE;
        n++;
    }
    sqlite3_reset(st);
    ws_err e = rc == SQLITE_DONE ? WS_OK : store_err(c, rc);
    const core_questionnaire *q = &sq->q;
    int8_t levels[CORE_Q_MAX_INDICATORS];
    core_rank_key *keys = n ? xcalloc(n, sizeof *keys) : NULL;
    for (size_t i = 0; i < n && !e; i++) {
        uint32_t counts[CORE_URG_COUNT];
        e = stored_levels(c, rows[i].aid, q, levels);
        if (!e) e = stored_needs(c, rows[i].aid, counts, NULL);
        if (e) break;
        core_hscore s;
        core_hindex_score(q, levels, counts, &s);
        rows[i].after = s.tier;
        if (extra[i].has_override) s.tier = extra[i].override_tier;
        core_rank_key_from(&s, extra[i].category, extra[i].registered, rows[i].hid, &rows[i].key);
        keys[i] = rows[i].key;
    }
    free(extra);
    if (e) goto done;
    core_rank_sort(keys, n);
    qsort(rows, n, sizeof *rows, by_household);
    for (size_t k = 0; k < n; k++) {
        rescored probe = {.hid = keys[k].household_id};
        rescored *r = bsearch(&probe, rows, n, sizeof *rows, by_household);
        if (r) r->rank_after = (int64_t)k + 1;
    }
    json_t *by_tier = json_object();
    int64_t changes = 0;
    for (size_t i = 0; i < n; i++) {
        if (rows[i].before == rows[i].after) continue;
        changes++;
        char name[64];
        snprintf(name, sizeof name, "%s→%s", core_tier_code(rows[i].before), core_tier_code(rows[i].after));
        json_int_t was = json_integer_value(json_object_get(by_tier, name));
        json_object_set_new(by_tier, name, json_integer(was + 1));
    }
    /* Committing writes in household order; the report's moves are then sorted by size. */
    int version = 0;
    store_questionnaire *published = NULL;
    if (commit) {
        e = store_questionnaire_publish(c, sq->id, user_id, by, &version);
        if (!e) e = store_questionnaire_load(c, sq->id, &published);
        for (size_t i = 0; i < n && !e; i++) {
            e = stored_levels(c, rows[i].aid, &published->q, levels);
            if (!e) e = write_figures(c, rows[i].hid, rows[i].aid, rows[i].on, published, levels, "rescore", NULL);
        }
        store_questionnaire_free(published);
    }
    if (e) {
        json_decref(by_tier);
        goto done;
    }
    qsort(rows, n, sizeof *rows, by_move);
    json_t *moves = json_array();
    for (size_t i = 0; i < n && i < 10 && abs_move(&rows[i]) > 0; i++)
        json_array_append_new(moves, json_pack("{s:I, s:s, s:s, s:I, s:I, s:s, s:s}", "household_id",
                                               (json_int_t)rows[i].hid, "town_name", rows[i].town, "head_name",
                                               rows[i].head, "rank_before", (json_int_t)rows[i].rank_before,
                                               "rank_after", (json_int_t)rows[i].rank_after, "tier_before",
                                               core_tier_code(rows[i].before), "tier_after",
                                               core_tier_code(rows[i].after)));
    *report = json_pack("{s:I, s:I, s:o, s:o}", "households", (json_int_t)n, "tier_changes", (json_int_t)changes,
                        "by_tier", by_tier, "largest_moves", moves);
    if (commit) json_object_set_new(*report, "version", json_integer(version));
done:
    free(keys);
    rescored_free(rows, n);
    return e;
}
