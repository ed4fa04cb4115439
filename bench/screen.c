/*
** screen.c: the eligibility screening benchmark. N synthetic households (default 1,000,000) are screened
** against 100 JsonLogic rules three-valued on one core (core/jsonlogic: one ruleset, one frame per
** household), and against a lower bound: the same 100 rules written by hand as C functions over a C
** struct of the same facts, with the same Kleene logic for missing facts. Every household's 100 results
** must agree between the two; the program fails otherwise.
**
** The 100 rules are ten forms (income under the dibao standard, the dibao edge band, an elderly member, a
** disabled member of a poor household, a member at a school level, unsafe housing, medical costs with a
** serious illness, the assessment's tier or an indicator, a category not yet receiving dibao, an orphan
** under an age), each in ten variants of its thresholds or codes: the operators and fact paths of the
** default catalog's rules. Facts follow the household facts contract (core/facts.h); about a fifth of the
** declared facts are missing, so every form meets unknowns.
**
** Usage: screen [HOUSEHOLDS] [SEED]. Prints "key value" lines that bench/run.sh reads:
**   facts_s      building the households' facts as JSON (what screening gets from the database layer)
**   screen_s     loading each household into the frame and evaluating the 100 rules
**   lower_s      the 100 hand-written C functions over the struct
**   explain_ms   one household's full page: 100 rules with reasons (core_jl_eval3 with labels), mean
*/
#include "../src/core/facts.h"
#include "../src/core/jsonlogic.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { RULES = 100, FORMS = 10, MAX_MEMBERS = 6, BATCH = 1000 };
enum { F = 0, T = 1, U = 2 }; /* Kleene values of the hand-written rules */

static const char *const CATEGORIES[] = {"tekun", "dibao", "dibao_edge", "rigid_expense", "monitored", "other"};
static const char *const HOUSING[] = {"safe", "unsafe_c", "unsafe_d", "none"};
static const char *const SCHOOL[] = {"none", "preschool", "primary", "junior", "senior", "vocational", "college"};
static const char *const TIERS[] = {"red", "severe", "poor", "vulnerable", "none"};

typedef struct member {
    int age, grade;  /* disability grade 0-4 */
    bool serious;
    bool has_school, has_orphan;
    int school;      /* index in SCHOOL */
    bool orphan;
} member;

typedef struct household {
    int category;    /* index in CATEGORIES */
    bool urban;
    bool has_income, has_assets, has_housing, has_medical;
    double income, assets, medical;
    int housing;     /* index in HOUSING */
    int nmembers;
    member m[MAX_MEMBERS];
    bool assessed;
    int tier;        /* index in TIERS */
    int ind[52];
    bool dibao;      /* receives P-DIBAO */
} household;

static const double DIBAO_URBAN = 1000, EDGE_MULTIPLE = 1.5;

/* ---- synthetic households ---- */

static uint64_t rng_state;
static uint32_t rnd(uint32_t n) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state % n);
}

static void make_household(uint64_t seed, uint64_t i, household *h) {
    rng_state = (seed * 0x9E3779B97F4A7C15ull) ^ (i + 1) * 0xBF58476D1CE4E5B9ull;
    if (!rng_state) rng_state = 1;
    memset(h, 0, sizeof *h);
    h->category = (int)rnd(6);
    h->urban = rnd(2);
    h->has_income = rnd(5) != 0;
    h->income = rnd(300000) / 100.0;
    h->has_assets = rnd(5) != 0;
    h->assets = rnd(8000000) / 100.0;
    h->has_housing = rnd(5) != 0;
    h->housing = (int)rnd(4);
    h->has_medical = rnd(5) != 0;
    h->medical = rnd(5000000) / 100.0;
    h->nmembers = 1 + (int)rnd(5);
    for (int k = 0; k < h->nmembers; k++) {
        member *m = &h->m[k];
        m->age = (int)rnd(96);
        m->grade = rnd(6) == 0 ? 1 + (int)rnd(4) : 0;
        m->serious = rnd(8) == 0;
        m->has_school = rnd(5) != 0;
        m->school = m->age < 3 ? 0 : (int)rnd(7);
        m->has_orphan = rnd(5) != 0;
        m->orphan = rnd(20) == 0;
    }
    h->assessed = rnd(10) < 3;
    h->tier = (int)rnd(5);
    for (int k = 0; k < 52; k++) h->ind[k] = (int)rnd(3);
    h->dibao = rnd(4) == 0;
}

static json_t *household_facts(const household *h, json_t *params) {
    json_t *hh = json_pack("{s:s, s:b, s:s, s:i}", "category", CATEGORIES[h->category], "urban", h->urban, "town",
                           "371002001", "size", h->nmembers);
    if (h->has_income) json_object_set_new(hh, "income_per_capita", json_real(h->income));
    if (h->has_assets) json_object_set_new(hh, "assets_per_capita", json_real(h->assets));
    if (h->has_housing) json_object_set_new(hh, "housing", json_string(HOUSING[h->housing]));
    if (h->has_medical) json_object_set_new(hh, "medical_out_of_pocket_12m", json_real(h->medical));
    json_t *members = json_array();
    for (int k = 0; k < h->nmembers; k++) {
        const member *m = &h->m[k];
        json_t *o = json_pack("{s:i, s:s, s:i, s:b}", "age", m->age, "relation", k ? "child" : "head",
                              "disability_grade", m->grade, "serious_illness", m->serious);
        if (m->has_school) json_object_set_new(o, "in_school", json_string(SCHOOL[m->school]));
        if (m->has_orphan) json_object_set_new(o, "orphan", json_boolean(m->orphan));
        json_array_append_new(members, o);
    }
    json_t *f = json_pack("{s:o, s:o, s:O, s:s}", "household", hh, "members", members, "params", params, "date",
                          "2026-12-04");
    json_object_set_new(f, "benefits", h->dibao ? json_pack("[s]", "P-DIBAO") : json_array());
    if (h->assessed) {
        json_t *a = json_object();
        char code[4];
        for (int k = 0; k < 52; k++) {
            snprintf(code, sizeof code, "I%02d", k + 1);
            json_object_set_new(a, code, json_integer(h->ind[k]));
        }
        json_object_set_new(a, "tier", json_string(TIERS[h->tier]));
        json_object_set_new(f, "assessment", a);
    }
    return f;
}

/* ---- the rules as JsonLogic ---- */

#define INC "{\"var\":\"household.income_per_capita\"}"
#define STD "{\"var\":\"params.dibao_urban_monthly\"}"

/* Variant v (0-9) of form f as JSON text into buf. */
static void rule_text(int f, int v, char *buf, size_t size) {
    switch (f) {
    case 0: snprintf(buf, size, "{\"and\":[{\"<\":[" INC "," STD "]},{\"==\":[{\"var\":\"household.urban\"},true]},"
                                "{\"<=\":[{\"var\":\"household.assets_per_capita\"},%d]}]}", 20000 + 4000 * v); break;
    case 1: snprintf(buf, size, "{\"and\":[{\">=\":[" INC "," STD "]},{\"<\":[" INC ",{\"*\":[" STD
                                ",{\"var\":\"params.dibao_edge_multiple\"},%g]}]}]}", 1 + v / 8.0); break;
    case 2: snprintf(buf, size, "{\"some\":[{\"var\":\"members\"},{\">=\":[{\"var\":\"age\"},%d]}]}", 60 + 3 * v); break;
    case 3: snprintf(buf, size, "{\"and\":[{\"in\":[{\"var\":\"household.category\"},[\"dibao\",\"dibao_edge\",\"%s\"]]},"
                                "{\"some\":[{\"var\":\"members\"},{\"and\":[{\">\":[{\"var\":\"disability_grade\"},0]},"
                                "{\"<=\":[{\"var\":\"disability_grade\"},%d]}]}]}]}", CATEGORIES[v % 6], 1 + v % 4); break;
    case 4: snprintf(buf, size, "{\"some\":[{\"var\":\"members\"},{\"==\":[{\"var\":\"in_school\"},\"%s\"]}]}",
                     SCHOOL[1 + v % 6]); break;
    case 5: snprintf(buf, size, "{\"and\":[{\"in\":[{\"var\":\"household.housing\"},[\"unsafe_c\",\"unsafe_d\",\"none\"]]},"
                                "{\"<\":[" INC ",{\"*\":[" STD ",%g]}]}]}", 1 + v * 0.25); break;
    case 6: snprintf(buf, size, "{\"and\":[{\"some\":[{\"var\":\"members\"},{\"var\":\"serious_illness\"}]},"
                                "{\">=\":[{\"var\":\"household.medical_out_of_pocket_12m\"},%d]}]}", 5000 * (v + 1)); break;
    case 7: snprintf(buf, size, "{\"or\":[{\"==\":[{\"var\":\"assessment.tier\"},\"%s\"]},"
                                "{\">=\":[{\"var\":\"assessment.I%02d\"},2]}]}", TIERS[v % 4], 1 + 5 * v); break;
    case 8: snprintf(buf, size, "{\"and\":[{\"!\":[{\"in\":[\"P-DIBAO\",{\"var\":\"benefits\"}]}]},"
                                "{\"==\":[{\"var\":\"household.category\"},\"%s\"]}]}", CATEGORIES[v % 6]); break;
    default: snprintf(buf, size, "{\"some\":[{\"var\":\"members\"},{\"and\":[{\"var\":\"orphan\"},"
                                 "{\"<\":[{\"var\":\"age\"},%d]}]}]}", 14 + v); break;
    }
}

/* ---- the same rules by hand: the lower bound ---- */

static int k_and(int a, int b) { return a == F || b == F ? F : a == U || b == U ? U : T; }
static int k_or(int a, int b) { return a == T || b == T ? T : a == U || b == U ? U : F; }
static int k_bool(bool known, bool v) { return known ? (v ? T : F) : U; }

static int by_hand(const household *h, int f, int v) {
    switch (f) {
    case 0: return k_and(k_and(k_bool(h->has_income, h->income < DIBAO_URBAN), h->urban ? T : F),
                         k_bool(h->has_assets, h->assets <= 20000 + 4000 * v));
    case 1: return k_and(k_bool(h->has_income, h->income >= DIBAO_URBAN),
                         k_bool(h->has_income, h->income < DIBAO_URBAN * EDGE_MULTIPLE * (1 + v / 8.0)));
    case 2: {
        int r = F;
        for (int k = 0; k < h->nmembers && r != T; k++) r = k_or(r, h->m[k].age >= 60 + 3 * v ? T : F);
        return r;
    }
    case 3: {
        int c = h->category;
        int in = c == 1 || c == 2 || c == v % 6 ? T : F, some = F;
        for (int k = 0; k < h->nmembers && some != T; k++)
            some = h->m[k].grade > 0 && h->m[k].grade <= 1 + v % 4 ? T : F;
        return k_and(in, some);
    }
    case 4: {
        int r = F;
        for (int k = 0; k < h->nmembers && r != T; k++)
            r = k_or(r, k_bool(h->m[k].has_school, h->m[k].school == 1 + v % 6));
        return r;
    }
    case 5: return k_and(k_bool(h->has_housing, h->housing != 0),
                         k_bool(h->has_income, h->income < DIBAO_URBAN * (1 + v * 0.25)));
    case 6: {
        int some = F;
        for (int k = 0; k < h->nmembers && some != T; k++) some = h->m[k].serious ? T : F;
        return k_and(some, k_bool(h->has_medical, h->medical >= 5000 * (v + 1)));
    }
    case 7: return k_or(k_bool(h->assessed, h->tier == v % 4), k_bool(h->assessed, h->ind[5 * v] >= 2));
    case 8: return k_and(h->dibao ? F : T, h->category == v % 6 ? T : F);
    default: {
        int r = F;
        for (int k = 0; k < h->nmembers && r != T; k++)
            r = k_or(r, k_and(k_bool(h->m[k].has_orphan, h->m[k].orphan), h->m[k].age < 14 + v ? T : F));
        return r;
    }
    }
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 1000000;
    uint64_t seed = argc > 2 ? strtoull(argv[2], NULL, 10) : 1;
    if (n <= 0) {
        fputs("usage: screen [HOUSEHOLDS] [SEED]\n", stderr);
        return 2;
    }
    core_jl_ruleset *rs = core_jl_ruleset_new();
    json_t *rules[RULES];
    for (int r = 0; r < RULES; r++) {
        char text[1024];
        rule_text(r / 10, r % 10, text, sizeof text);
        json_error_t jerr;
        rules[r] = json_loads(text, 0, &jerr);
        core_jl_error err;
        size_t idx;
        if (!rules[r] || core_jl_check(rules[r], core_fact_known, NULL, &err) != WS_OK ||
            core_jl_ruleset_add(rs, rules[r], &idx, &err) != WS_OK) {
            fprintf(stderr, "screen: rule %d refused: %s\n", r, rules[r] ? err.en : jerr.text);
            return 1;
        }
    }
    json_t *params = json_pack("{s:f, s:f, s:f}", "dibao_urban_monthly", DIBAO_URBAN, "dibao_rural_monthly", 800.0,
                               "dibao_edge_multiple", EDGE_MULTIPLE);
    core_jl_frame *frame = core_jl_frame_new(rs);
    household *hs = malloc(BATCH * sizeof *hs);
    json_t **facts = malloc(BATCH * sizeof *facts);
    unsigned char *engine = malloc((size_t)BATCH * RULES);
    long counts[3] = {0}, mismatches = 0, failures = 0;
    double facts_s = 0, screen_s = 0, lower_s = 0;
    volatile int sink = 0;
    for (long start = 0; start < n; start += BATCH) {
        long m = n - start < BATCH ? n - start : BATCH;
        for (long i = 0; i < m; i++) make_household(seed, (uint64_t)(start + i), &hs[i]);
        double t0 = now();
        for (long i = 0; i < m; i++) facts[i] = household_facts(&hs[i], params);
        double t1 = now();
        for (long i = 0; i < m; i++) {
            core_jl_frame_load(frame, facts[i]);
            for (int r = 0; r < RULES; r++) {
                bool failed;
                engine[i * RULES + r] = (unsigned char)core_jl_ruleset_eval3(rs, (size_t)r, frame, NULL, &failed, NULL);
                failures += failed;
            }
        }
        double t2 = now();
        int acc = 0;
        for (long i = 0; i < m; i++)
            for (int r = 0; r < RULES; r++) acc += by_hand(&hs[i], r / 10, r % 10) << (r & 7);
        double t3 = now();
        sink += acc;
        for (long i = 0; i < m; i++) {
            for (int r = 0; r < RULES; r++) {
                int want = by_hand(&hs[i], r / 10, r % 10);
                counts[engine[i * RULES + r]]++;
                if (want != engine[i * RULES + r] && mismatches++ < 5)
                    fprintf(stderr, "screen: household %ld rule %d: engine %d, by hand %d\n", start + i, r,
                            engine[i * RULES + r], want);
            }
            json_decref(facts[i]);
        }
        facts_s += t1 - t0;
        screen_s += t2 - t1;
        lower_s += t3 - t2;
    }
    /* one household's page: all 100 rules with reasons, over the first 1000 households */
    core_jl_labels labels = {core_fact_label, core_fact_unit, core_fact_value_label, NULL};
    long pages = n < 1000 ? n : 1000;
    double e0 = now();
    for (long i = 0; i < pages; i++) {
        make_household(seed, (uint64_t)i, &hs[0]);
        json_t *f = household_facts(&hs[0], params);
        for (int r = 0; r < RULES; r++) {
            core_jl_outcome o;
            if (core_jl_eval3(rules[r], f, &labels, &o, NULL) == WS_OK) core_jl_outcome_free(&o);
        }
        json_decref(f);
    }
    double explain_ms = (now() - e0) / (double)pages * 1e3;
    printf("households %ld\nrules %d\n", n, RULES);
    printf("facts_s %.3f\nscreen_s %.3f\nlower_s %.3f\n", facts_s, screen_s, lower_s);
    printf("per_household_us %.2f\nexplain_ms %.3f\n", screen_s / (double)n * 1e6, explain_ms);
    printf("ratio %.1f\n", screen_s / lower_s);
    printf("true %ld\nfalse %ld\nunknown %ld\nfailures %ld\nmismatches %ld\n", counts[T], counts[F], counts[U],
           failures, mismatches);
    for (int r = 0; r < RULES; r++) json_decref(rules[r]);
    json_decref(params);
    core_jl_frame_free(frame);
    core_jl_ruleset_free(rs);
    free(hs);
    free(facts);
    free(engine);
    return mismatches || failures ? 1 : 0;
}
