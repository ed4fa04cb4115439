/*
** demo_policies.c: the demo's declared facts and benefits, so that every synthetic household's entitlements
** page has content and the city's unclaimed lists are not empty.
**
** Facts follow the household's category: a dibao household declares an income under the standard in force,
** an edge household one between the standard and the edge line, others more; most declare housing and
** savings, children their school stage by age, working-age members whether they work. About one household in
** six declares nothing, so that some results stay "to check" with the facts to ask for. Benefits follow
** the category (a dibao household receives P-DIBAO from its registration, a tekun one P-TEKUN, ...) and some
** of the old and the severely disabled receive their allowances, the rest being the unclaimed ones.
** Deterministic for a database: each household's choices come from its id.
*/
#include "cli.h"

#include "../store/audit.h"
#include "../store/benefits.h"
#include "../store/facts.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A number in [0, 1) from a household or member id and a salt (splitmix64). */
static double draw(int64_t id, uint64_t salt)
{
    uint64_t z = (uint64_t)id * 0x9E3779B97F4A7C15u + salt;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    z ^= z >> 31;
    return (double)(z >> 11) / 9007199254740992.0;
}

/* Income as a share of the standard, by category: [lo, hi). */
static void income_band(const char *category, double *lo, double *hi)
{
    static const struct {
        const char *category;
        double lo, hi;
    } BANDS[] = {{"tekun", 0.0, 0.6}, {"dibao", 0.2, 0.95}, {"dibao_edge", 1.0, 1.45}, {"rigid_expense", 1.1, 1.9},
                 {"monitored", 1.0, 2.4}, {"other", 1.3, 3.5}};
    *lo = 1.5, *hi = 3.0;
    for (size_t i = 0; i < sizeof BANDS / sizeof BANDS[0]; i++)
        if (strcmp(BANDS[i].category, category) == 0)
            *lo = BANDS[i].lo, *hi = BANDS[i].hi;
}

/* What the demo will write: each household's facts (name → value) and benefits (policy, from, amount). */
typedef struct plan {
    json_t *facts;    /* {hid: {name: value}} */
    json_t *benefits; /* {hid: [[policy, from, amount_fen]]} */
} plan;

static const char *school_stage(int age, double d)
{
    if (age >= 3 && age <= 5)
        return "preschool";
    if (age >= 6 && age <= 11)
        return "primary";
    if (age >= 12 && age <= 14)
        return "junior";
    if (age >= 15 && age <= 17)
        return d < 0.75 ? "senior" : "vocational";
    if (age >= 18 && age <= 22)
        return d < 0.4 ? "college" : "none";
    return "none";
}

static void plan_members(json_t *facts, const json_t *members, int64_t hid)
{
    size_t i;
    json_t *m;
    json_array_foreach(members, i, m) {
        json_int_t mid = json_integer_value(json_object_get(m, "id"));
        json_t *age_v = json_object_get(m, "age");
        if (!json_is_integer(age_v) || draw(hid, 7 + i) < 0.15)
            continue;
        int age = (int)json_integer_value(age_v);
        char name[64];
        if (age >= 3 && age <= 22) {
            snprintf(name, sizeof name, "members[%lld].in_school", (long long)mid);
            json_object_set_new(facts, name, json_string(school_stage(age, draw(mid, 11))));
        }
        if (age >= 16 && age < 60) {
            snprintf(name, sizeof name, "members[%lld].employed", (long long)mid);
            json_object_set_new(facts, name, json_boolean(draw(mid, 13) < 0.45));
        }
        if (age < 18 && draw(mid, 17) < 0.03) {
            snprintf(name, sizeof name, "members[%lld].orphan", (long long)mid);
            json_object_set_new(facts, name, json_true());
        }
    }
}

static void add_benefit(json_t *list, const char *code, const char *from, int64_t fen)
{
    json_array_append_new(list, json_pack("[ss I]", code, from, (json_int_t)fen));
}

/* The benefits the registry's category brings, and some of the allowances the old and disabled receive. */
static void plan_benefits(json_t *list, const store_facts_row *row, double standard, double income)
{
    const json_t *hh = json_object_get(row->facts, "household");
    const char *from = json_string_value(json_object_get(hh, "registered_on"));
    const json_t *params = json_object_get(row->facts, "params");
    json_int_t size = json_integer_value(json_object_get(hh, "size"));
    if (strcmp(row->category, "dibao") == 0)
        add_benefit(list, "P-DIBAO", from, (int64_t)llround((standard - income) * (double)(size ? size : 1) * 100));
    else if (strcmp(row->category, "tekun") == 0)
        add_benefit(list, "P-TEKUN", from,
                    (int64_t)llround(json_number_value(json_object_get(params, "tekun_basic_monthly")) * 100));
    else if (strcmp(row->category, "dibao_edge") == 0)
        add_benefit(list, "P-DIBAO-EDGE", from, -1);
    size_t i;
    json_t *m;
    bool elderly = false, severe = false;
    json_array_foreach(json_object_get(row->facts, "members"), i, m) {
        elderly |= json_integer_value(json_object_get(m, "age")) >= 80;
        json_int_t g = json_integer_value(json_object_get(m, "disability_grade"));
        severe |= g == 1 || g == 2;
    }
    if (elderly && draw(row->household_id, 23) < 0.6)
        add_benefit(list, "P-ELDERLY", from,
                    (int64_t)llround(json_number_value(json_object_get(params, "elderly_allowance_monthly")) * 100));
    if (severe && draw(row->household_id, 29) < 0.5)
        add_benefit(list, "P-DIS-CARE", from,
                    (int64_t)llround(json_number_value(json_object_get(params, "disability_care_subsidy_monthly")) * 100));
}

static ws_err plan_household(const store_facts_row *row, void *ctx)
{
    plan *p = ctx;
    if (!row->synthetic)
        return WS_OK;
    const json_t *hh = json_object_get(row->facts, "household"), *params = json_object_get(row->facts, "params");
    double standard = json_number_value(json_object_get(
        params, json_is_false(json_object_get(hh, "urban")) ? "dibao_rural_monthly" : "dibao_urban_monthly"));
    int64_t hid = row->household_id;
    double lo, hi;
    income_band(row->category, &lo, &hi);
    double income = floor(standard * (lo + (hi - lo) * draw(hid, 1)));
    json_t *facts = json_object();
    if (draw(hid, 2) >= 1.0 / 6) {
        json_object_set_new(facts, "household.income_per_capita", json_integer((json_int_t)income));
        json_object_set_new(facts, "household.assets_per_capita", json_integer((json_int_t)floor(standard * 30 * draw(hid, 3))));
        double h = draw(hid, 4);
        json_object_set_new(facts, "household.housing",
                            json_string(h < 0.8 ? "safe" : h < 0.9 ? "unsafe_c" : h < 0.97 ? "unsafe_d" : "none"));
        if (draw(hid, 5) < 0.25)
            json_object_set_new(facts, "household.medical_out_of_pocket_12m",
                                json_integer((json_int_t)floor(20000 * draw(hid, 6))));
        plan_members(facts, json_object_get(row->facts, "members"), hid);
    }
    json_t *benefits = json_array();
    plan_benefits(benefits, row, standard, income);
    char key[24];
    snprintf(key, sizeof key, "%lld", (long long)hid);
    json_object_set_new(p->facts, key, facts);
    json_object_set_new(p->benefits, key, benefits);
    return WS_OK;
}

static ws_err write_plan(store_conn *w, const plan *p, core_date today, size_t *households)
{
    const char *key;
    json_t *facts;
    ws_err e = WS_OK;
    json_object_foreach(p->facts, key, facts) {
        int64_t hid = strtoll(key, NULL, 10);
        const char *name;
        json_t *v;
        json_object_foreach(facts, name, v) if (e == WS_OK) e = store_declared_fact_set(w, hid, name, v, today, 0);
        size_t i;
        json_t *b;
        json_array_foreach(json_object_get(p->benefits, key), i, b) {
            core_date from;
            if (e != WS_OK || !core_date_parse(json_string_value(json_array_get(b, 1)), &from))
                continue;
            store_benefit sb = {.household_id = hid, .policy_code = json_string_value(json_array_get(b, 0)),
                                .from = from, .amount_fen = json_integer_value(json_array_get(b, 2)), .source = "demo"};
            bool replaced;
            e = store_benefit_put(w, &sb, &replaced);
        }
        ++*households;
    }
    store_actor system = {0, "demo"};
    if (e == WS_OK)
        e = store_audit_append(w, &system, "demo", "benefits", "",
                               json_pack("{sI}", "households", (json_int_t)*households));
    return e;
}

int cli_demo_policies(store_db *db, size_t *households)
{
    *households = 0;
    store_conn *c = store_read_acquire(db);
    if (store_benefits_demo_count(c) > 0) {
        store_read_release(c);
        return CLI_OK;
    }
    core_date today = core_date_shanghai(time(NULL));
    plan p = {json_object(), json_object()};
    ws_err e = store_facts_scan(c, "3710", NULL, today, NULL, false, plan_household, &p);
    store_read_release(c);
    store_conn *w;
    if (e == WS_OK && (e = store_write_begin(db, &w)) == WS_OK)
        e = store_write_finish(w, write_plan(w, &p, today, households));
    json_decref(p.facts);
    json_decref(p.benefits);
    if (e != WS_OK) {
        fprintf(stderr, "waystation: the demo's facts and benefits were not written (%s)\n", ws_err_name(e));
        return CLI_FAILED;
    }
    return CLI_OK;
}
