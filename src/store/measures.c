/*
** measures.c: population figures over the households' current index: Alkire–Foster measures, the
** fairness view and the dashboard (measures.h). The counting itself is core/af.c; this file reads the
** population of a division in ranking order and shapes the answers.
*/
#include "measures.h"

#include "../core/af.h"
#include "../core/frac.h"
#include "../core/hindex.h"
#include "../core/household.h"
#include "../core/mem.h"
#include "divisions.h"
#include "questionnaires.h"
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

/* ---- the population ------------------------------------------------------------------------------ */

/* One household of the population, in ranking order (its rank in the division is its position + 1). */
typedef struct member_row {
    int64_t id;
    char town[10];
    core_category category;
    char sex;          /* of the head: 'M', 'F' or 0 */
    core_date head_birth;
    bool has_birth;
    core_tier tier;    /* the tier it ranks in (an override's, if any) */
} member_row;

typedef struct population {
    const char *division;    /* the division's code */
    json_t *division_json;   /* {code, name, level}; owned */
    store_questionnaire *sq; /* the current version; owned */
    size_t n, cap;
    member_row *rows;        /* owned */
    uint8_t *deprived;       /* n × sq->q.nind, owned; NULL until load_deprivations */
    int64_t other_version;   /* households scored under another version, left out */
} population;

static void population_free(population *p) {
    json_decref(p->division_json);
    store_questionnaire_free(p->sq);
    free(p->rows);
    free(p->deprived);
    memset(p, 0, sizeof *p);
}

static core_tier tier_from(const char *code) {
    core_tier t = CORE_TIER_NONE;
    core_tier_parse(code, &t);
    return t;
}

/* Resolves division within scope (NULL: the scope) and loads the current version. */
static ws_err population_open(store_conn *c, const char *scope, const char *division, population *p) {
    memset(p, 0, sizeof *p);
    const char *code = division && *division ? division : scope;
    json_t *d = NULL;
    ws_err e = store_division_get(c, scope, code, &d);
    if (e) return e;
    p->division_json = json_pack("{s:O, s:O, s:O}", "code", json_object_get(d, "code"), "name",
                                 json_object_get(d, "name"), "level", json_object_get(d, "level"));
    json_decref(d);
    p->division = json_string_value(json_object_get(p->division_json, "code"));
    if ((e = store_questionnaire_current(c, &p->sq))) population_free(p);
    return e;
}

/* The households of the division with current figures, in ranking order. */
static ws_err load_rows(store_conn *c, population *p) {
    sqlite3_stmt *st = store_stmt(c, "SELECT household_id, town_code, category, head_sex, head_birth_date, rank_tier, "
                                     "questionnaire_id FROM household_index "
                                     "WHERE town_code >= ?1 AND town_code < ?2 ORDER BY rank_key");
    if (!st) return WS_ERR_DB;
    store_bind_prefix_range(st, 1, p->division);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (sqlite3_column_int64(st, 6) != p->sq->id) {
            p->other_version++;
            continue;
        }
        if (p->n == p->cap) {
            p->cap = p->cap ? 2 * p->cap : 256;
            p->rows = xrealloc(p->rows, p->cap * sizeof *p->rows);
        }
        member_row *r = &p->rows[p->n++];
        memset(r, 0, sizeof *r);
        r->id = sqlite3_column_int64(st, 0);
        snprintf(r->town, sizeof r->town, "%s", store_col_text(st, 1));
        r->category = core_category_parse(store_col_text(st, 2));
        const char *sex = store_col_text(st, 3);
        r->sex = (sex[0] == 'M' || sex[0] == 'F') ? sex[0] : 0;
        r->has_birth = core_date_parse(store_col_text(st, 4), &r->head_birth);
        r->tier = tier_from(store_col_text(st, 5));
    }
    return rc == SQLITE_DONE ? WS_OK : store_err(c, rc);
}

/*
** The deprivation matrix: levels 1 and 2 of each household's current answers, laid onto the current
** version by indicator code. Read in the same ranking order as the rows, so one merge pass matches them.
*/
static ws_err load_deprivations(store_conn *c, population *p) {
    size_t J = (size_t)p->sq->q.nind;
    p->deprived = xcalloc(p->n ? p->n * J : 1, 1);
    sqlite3_stmt *st = store_stmt(c, "SELECT hi.household_id, a.indicator_code FROM household_index hi "
                                     "JOIN assessment_answers a ON a.assessment_id = hi.assessment_id "
                                     "WHERE hi.town_code >= ?1 AND hi.town_code < ?2 AND hi.questionnaire_id = ?3 "
                                     "AND a.level >= 1 ORDER BY hi.rank_key");
    if (!st) return WS_ERR_DB;
    store_bind_prefix_range(st, 1, p->division);
    sqlite3_bind_int64(st, 3, p->sq->id);
    size_t i = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        while (i < p->n && p->rows[i].id != id) i++;
        if (i == p->n) break; /* cannot happen: both reads see one snapshot in one order */
        int j = core_questionnaire_find(&p->sq->q, store_col_text(st, 1));
        if (j >= 0) p->deprived[i * J + (size_t)j] = 1;
    }
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? WS_OK : store_err(c, rc);
}

/* ---- JSON of exact figures ---------------------------------------------------------------------- */

static json_t *frac_json(core_frac f) {
    char text[CORE_FRAC_TEXT];
    return json_pack("{s:s, s:f}", "exact", core_frac_format(f, text), "decimal", core_frac_to_double(f));
}

static json_t *ratio_json(int64_t num, int64_t den) {
    core_frac f = CORE_FRAC_ZERO;
    if (den > 0) core_frac_make(num, den, &f);
    return frac_json(f);
}

/* n, q, H, A, M0 of one population (the whole or a group). */
static json_t *af_summary_json(const core_af_measures *m) {
    return json_pack("{s:I, s:I, s:o, s:o, s:o}", "n", (json_int_t)m->n, "q", (json_int_t)m->q, "H", frac_json(m->H),
                     "A", frac_json(m->A), "M0", frac_json(m->M0));
}

/* ---- groups --------------------------------------------------------------------------------------- */

static int town_index(json_t *towns, const char *code) {
    size_t i;
    json_t *t;
    json_array_foreach(towns, i, t)
        if (strcmp(json_string_value(json_object_get(t, "code")), code) == 0) return (int)i;
    return -1;
}

/* The categories in ranking order as {code, name}. */
static json_t *categories_json(void) {
    json_t *arr = json_array();
    for (int k = 1; k < CORE_CAT_COUNT; k++)
        json_array_append_new(arr, json_pack("{s:s, s:s}", "code", core_category_code((core_category)k), "name",
                                             core_category_zh((core_category)k)));
    return arr;
}

/*
** Runs the AF counting over the population with the version's weights and cut-off k, grouped by town
** (towns given) or by category (categories given), or neither.
*/
static ws_err population_af(const population *p, core_q_cutoff k, json_t *towns, bool by_category,
                            core_af_result *r) {
    const core_questionnaire *q = &p->sq->q;
    size_t J = (size_t)q->nind;
    int64_t weights[CORE_Q_MAX_INDICATORS];
    int dims[CORE_Q_MAX_INDICATORS];
    for (size_t j = 0; j < J; j++) {
        weights[j] = q->ind[j].weight;
        dims[j] = q->ind[j].dimension;
    }
    int *group = NULL;
    core_af_options opt = {.dimension = dims, .ndimensions = (size_t)q->ndims};
    if (towns || by_category) {
        group = xmalloc((p->n ? p->n : 1) * sizeof *group);
        for (size_t i = 0; i < p->n; i++)
            group[i] = towns ? town_index(towns, p->rows[i].town) : (int)p->rows[i].category - 1;
        opt.group = group;
        opt.ngroups = towns ? json_array_size(towns) : (size_t)CORE_CAT_COUNT - 1;
    }
    ws_err e = core_af_from_deprivations(p->n, J, p->deprived, weights, q->denominator, k.p, k.q, &opt, r);
    free(group);
    return e;
}

/* ---- measures ------------------------------------------------------------------------------------- */

ws_err store_measures_json(store_conn *c, const char *scope, const char *division, store_measures_by by,
                           const core_q_cutoff *k, json_t **out) {
    population p;
    ws_err e = population_open(c, scope, division, &p);
    if (e) return e;
    json_t *groups = NULL;
    core_af_result r;
    memset(&r, 0, sizeof r);
    core_q_cutoff cut = k ? *k : p.sq->q.k;
    if ((e = load_rows(c, &p)) || (e = load_deprivations(c, &p))) goto done;
    if (by == STORE_BY_TOWN && (e = store_division_towns_named(c, p.division, &groups))) goto done;
    if (by == STORE_BY_CATEGORY) groups = categories_json();
    if ((e = population_af(&p, cut, by == STORE_BY_TOWN ? groups : NULL, by == STORE_BY_CATEGORY, &r))) goto done;

    const core_questionnaire *q = &p.sq->q;
    json_t *j = af_summary_json(&r.total);
    json_t *h = json_object(), *ci = json_object(), *cd = json_object();
    for (int x = 0; x < q->nind; x++) {
        json_object_set_new(h, q->ind[x].code, frac_json(r.total.h[x]));
        json_object_set_new(ci, q->ind[x].code, frac_json(r.total.contribution[x]));
    }
    for (int d = 0; d < q->ndims; d++) json_object_set_new(cd, q->dims[d].code, frac_json(r.total.dimension_contribution[d]));
    json_object_set(j, "division", p.division_json);
    json_object_set_new(j, "questionnaire_version", json_integer(q->version));
    json_object_set_new(j, "k", ratio_json(cut.p, cut.q));
    json_object_set_new(j, "other_version", json_integer(p.other_version));
    json_object_set_new(j, "censored_headcount_ratios", h);
    json_object_set_new(j, "contributions", json_pack("{s:o, s:o}", "indicators", ci, "dimensions", cd));
    if (groups) {
        size_t g;
        json_t *it;
        json_array_foreach(groups, g, it) {
            json_t *summary = af_summary_json(&r.groups[g]);
            json_object_update(it, summary);
            json_decref(summary);
            json_object_set_new(it, "population_share", frac_json(r.groups[g].population_share));
            json_object_set_new(it, "share", frac_json(r.groups[g].share_of_M0));
        }
        json_object_set_new(j, "by", json_string(by == STORE_BY_TOWN ? "town" : "category"));
        json_object_set(j, "groups", groups);
        /* Σ (n_g/n)·M0_g, recomputed from the groups: it equals M0 because every household is in one */
        json_object_set_new(j, "groups_M0", frac_json(r.groups_M0));
    }
    *out = j;
done:
    json_decref(groups);
    core_af_result_free(&r);
    population_free(&p);
    return e;
}

/* ---- fairness ------------------------------------------------------------------------------------- */

static const char *const AGE_GROUPS[] = {"<40", "40-59", "60-79", "80+", "unknown"};
enum { NAGE = sizeof AGE_GROUPS / sizeof AGE_GROUPS[0] };

static int age_group(const member_row *r, core_date today) {
    if (!r->has_birth) return NAGE - 1;
    int age = core_date_age(r->head_birth, today);
    return age < 40 ? 0 : age < 60 ? 1 : age < 80 ? 2 : 3;
}

/* Tier counts and the exact mean rank of one group. */
typedef struct group_tally {
    int64_t n, rank_sum, by_tier[CORE_TIER_COUNT];
} group_tally;

static void tally_add(group_tally *t, const member_row *r, int64_t rank) {
    t->n++;
    t->rank_sum += rank;
    t->by_tier[r->tier]++;
}

static json_t *tiers_json(const int64_t by_tier[CORE_TIER_COUNT]) {
    json_t *o = json_object();
    for (int t = CORE_TIER_RED; t >= CORE_TIER_NONE; t--)
        json_object_set_new(o, core_tier_code((core_tier)t), json_integer(by_tier[t]));
    return o;
}

/* The groups' figures as items {code, name, n, by_tier, mean_rank}; names is an array of {code, name}. */
static json_t *tallies_json(json_t *names, const group_tally *t) {
    size_t g;
    json_t *it;
    json_array_foreach(names, g, it) {
        json_object_set_new(it, "n", json_integer(t[g].n));
        json_object_set_new(it, "by_tier", tiers_json(t[g].by_tier));
        json_object_set_new(it, "mean_rank", t[g].n ? ratio_json(t[g].rank_sum, t[g].n) : json_null());
    }
    return names;
}

static json_t *labelled(const char *const *codes, const char *const *names, size_t n) {
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) json_array_append_new(arr, json_pack("{s:s, s:s}", "code", codes[i], "name", names[i]));
    return arr;
}

/* Every override of the division's households, newest first, active or ended. */
static ws_err overrides_json(store_conn *c, const char *division, json_t **out) {
    sqlite3_stmt *st = store_stmt(c, "SELECT ro.household_id, hm.name, t.name, ro.tier, hi.tier, ro.reason, ro.by_name, "
                                     "ro.at, ro.active, ro.ended_at FROM rank_overrides ro "
                                     "JOIN households h ON h.id = ro.household_id "
                                     "JOIN divisions t ON t.code = h.town_code "
                                     "LEFT JOIN household_index hi ON hi.household_id = ro.household_id "
                                     "LEFT JOIN members hm ON hm.household_id = ro.household_id "
                                     "  AND hm.relation = 'head' AND hm.active = 1 "
                                     "WHERE h.town_code >= ?1 AND h.town_code < ?2 AND h.closed_at IS NULL "
                                     "ORDER BY ro.id DESC LIMIT 500");
    if (!st) return WS_ERR_DB;
    store_bind_prefix_range(st, 1, division);
    json_t *arr = json_array();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        core_tier to = tier_from(store_col_text(st, 3)), from = tier_from(store_col_text(st, 4));
        json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:o}",
                                             "household_id", (json_int_t)sqlite3_column_int64(st, 0), "head_name",
                                             store_col_text(st, 1), "town_name", store_col_text(st, 2), "tier",
                                             core_tier_code(to), "tier_zh", core_tier_zh(to), "computed_tier",
                                             core_tier_code(from), "computed_tier_zh", core_tier_zh(from), "reason",
                                             store_col_text(st, 5), "by", store_col_text(st, 6), "at",
                                             store_col_text(st, 7), "active", sqlite3_column_int(st, 8) != 0,
                                             "ended_at", store_col_json_text(st, 9)));
    }
    if (rc != SQLITE_DONE) {
        json_decref(arr);
        return store_err(c, rc);
    }
    *out = arr;
    return WS_OK;
}

ws_err store_fairness_json(store_conn *c, const char *scope, const char *division, core_date today, json_t **out) {
    population p;
    ws_err e = population_open(c, scope, division, &p);
    if (e) return e;
    json_t *towns = NULL, *overrides = NULL;
    group_tally *by_town = NULL;
    group_tally all = {0}, by_cat[CORE_CAT_COUNT] = {{0}}, by_sex[3] = {{0}}, by_age[NAGE] = {{0}};
    if ((e = load_rows(c, &p)) || (e = store_division_towns_named(c, p.division, &towns)) || (e = overrides_json(c, p.division, &overrides)))
        goto done;
    by_town = xcalloc(json_array_size(towns) + 1, sizeof *by_town);
    for (size_t i = 0; i < p.n; i++) {
        const member_row *r = &p.rows[i];
        int64_t rank = (int64_t)i + 1;
        int t = town_index(towns, r->town);
        tally_add(&all, r, rank);
        if (t >= 0) tally_add(&by_town[t], r, rank);
        tally_add(&by_cat[r->category ? r->category - 1 : CORE_CAT_COUNT - 1], r, rank);
        tally_add(&by_sex[r->sex == 'M' ? 0 : r->sex == 'F' ? 1 : 2], r, rank);
        tally_add(&by_age[age_group(r, today)], r, rank);
    }
    static const char *const SEX_CODES[] = {"M", "F", "unknown"}, *const SEX_NAMES[] = {"男", "女", "未知"};
    static const char *const AGE_NAMES[] = {"40岁以下", "40-59岁", "60-79岁", "80岁及以上", "未知"};
    json_t *groups = json_pack("{s:o, s:o, s:o, s:o}", "town", tallies_json(json_incref(towns), by_town), "category",
                               tallies_json(categories_json(), by_cat), "sex", tallies_json(labelled(SEX_CODES, SEX_NAMES, 3), by_sex),
                               "age_group", tallies_json(labelled(AGE_GROUPS, AGE_NAMES, NAGE), by_age));
    *out = json_pack("{s:O, s:i, s:I, s:I, s:o, s:o, s:o, s:O}", "division", p.division_json, "questionnaire_version",
                     p.sq->q.version, "n", (json_int_t)all.n, "other_version", (json_int_t)p.other_version,
                     "by_tier", tiers_json(all.by_tier), "mean_rank", all.n ? ratio_json(all.rank_sum, all.n) : json_null(),
                     "groups", groups, "overrides", overrides);
done:
    free(by_town);
    json_decref(towns);
    json_decref(overrides);
    population_free(&p);
    return e;
}

/* ---- dashboard ------------------------------------------------------------------------------------ */

/* Open households per town of the division, in the towns' order. */
static ws_err households_per_town(store_conn *c, const char *division, json_t *towns, int64_t *counts) {
    sqlite3_stmt *st = store_stmt(c, "SELECT town_code, count(*) FROM households WHERE closed_at IS NULL "
                                     "AND town_code >= ?1 AND town_code < ?2 GROUP BY town_code");
    if (!st) return WS_ERR_DB;
    store_bind_prefix_range(st, 1, division);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int t = town_index(towns, store_col_text(st, 0));
        if (t >= 0) counts[t] = sqlite3_column_int64(st, 1);
    }
    return rc == SQLITE_DONE ? WS_OK : store_err(c, rc);
}

enum { OVERDUE_SHOWN = 50 };

/* How many households of the division are overdue for reassessment, and the longest overdue first. */
static ws_err overdue_json(store_conn *c, const char *division, core_date today, int64_t *count, json_t **items) {
    char day[11];
    core_date_format(today, day);
    sqlite3_stmt *st = store_stmt(c, "SELECT count(*) FROM household_index "
                                     "WHERE town_code >= ?1 AND town_code < ?2 AND reassess_due < ?3");
    if (!st) return WS_ERR_DB;
    store_bind_prefix_range(st, 1, division);
    sqlite3_bind_text(st, 3, day, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) return store_err(c, rc);
    *count = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    st = store_stmt(c, "SELECT hi.household_id, hm.name, t.name, hi.rank_tier, hi.assessed_on, hi.reassess_due "
                       "FROM household_index hi JOIN divisions t ON t.code = hi.town_code "
                       "LEFT JOIN members hm ON hm.household_id = hi.household_id AND hm.relation = 'head' "
                       "  AND hm.active = 1 "
                       "WHERE hi.town_code >= ?1 AND hi.town_code < ?2 AND hi.reassess_due < ?3 "
                       "ORDER BY hi.reassess_due, hi.rank_key LIMIT ?4");
    if (!st) return WS_ERR_DB;
    store_bind_prefix_range(st, 1, division);
    sqlite3_bind_text(st, 3, day, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 4, OVERDUE_SHOWN);
    json_t *arr = json_array();
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        core_tier t = tier_from(store_col_text(st, 3));
        json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s}", "household_id",
                                             (json_int_t)sqlite3_column_int64(st, 0), "head_name", store_col_text(st, 1),
                                             "town_name", store_col_text(st, 2), "tier", core_tier_code(t), "tier_zh",
                                             core_tier_zh(t), "assessed_on", store_col_text(st, 4), "reassess_due",
                                             store_col_text(st, 5)));
    }
    if (rc != SQLITE_DONE) {
        json_decref(arr);
        return store_err(c, rc);
    }
    *items = arr;
    return WS_OK;
}

ws_err store_dashboard_json(store_conn *c, const char *scope, const char *division, core_date today, json_t **out) {
    population p;
    ws_err e = population_open(c, scope, division, &p);
    if (e) return e;
    json_t *towns = NULL, *overdue_items = NULL;
    int64_t *households = NULL, overdue = 0;
    group_tally all = {0}, *by_town = NULL;
    core_af_result r;
    memset(&r, 0, sizeof r);
    if ((e = load_rows(c, &p)) || (e = load_deprivations(c, &p)) || (e = store_division_towns_named(c, p.division, &towns))) goto done;
    size_t nt = json_array_size(towns);
    households = xcalloc(nt + 1, sizeof *households);
    by_town = xcalloc(nt + 1, sizeof *by_town);
    if ((e = households_per_town(c, p.division, towns, households)) ||
        (e = overdue_json(c, p.division, today, &overdue, &overdue_items)) ||
        (e = population_af(&p, p.sq->q.k, towns, false, &r)))
        goto done;
    for (size_t i = 0; i < p.n; i++) {
        int t = town_index(towns, p.rows[i].town);
        tally_add(&all, &p.rows[i], (int64_t)i + 1);
        if (t >= 0) tally_add(&by_town[t], &p.rows[i], (int64_t)i + 1);
    }
    int64_t total_households = 0;
    size_t g;
    json_t *it;
    json_array_foreach(towns, g, it) {
        total_households += households[g];
        json_object_set_new(it, "households", json_integer(households[g]));
        json_object_set_new(it, "assessed", json_integer(by_town[g].n));
        json_object_set_new(it, "by_tier", tiers_json(by_town[g].by_tier));
        json_object_set_new(it, "M0", frac_json(r.groups[g].M0));
        json_object_set_new(it, "H", frac_json(r.groups[g].H));
    }
    *out = json_pack("{s:O, s:i, s:I, s:I, s:o, s:o, s:o, s:O, s:I, s:O}", "division", p.division_json,
                     "questionnaire_version", p.sq->q.version, "households", (json_int_t)total_households, "assessed",
                     (json_int_t)all.n, "by_tier", tiers_json(all.by_tier), "M0", frac_json(r.total.M0), "k",
                     ratio_json(p.sq->q.k.p, p.sq->q.k.q), "towns", towns, "overdue", (json_int_t)overdue,
                     "overdue_items", overdue_items);
done:
    free(households);
    free(by_town);
    json_decref(towns);
    json_decref(overdue_items);
    core_af_result_free(&r);
    population_free(&p);
    return e;
}
