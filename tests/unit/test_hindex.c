/*
** test_hindex.c: the household index of index.md on the default questionnaire: hand-computed figures,
** tiers exactly on and beside every cut-off (also cut-offs whose share of D is not a whole number), the
** urgency and its caps (one immediate need outranks 99 priority ones; a red flag counts as one), the
** submission boundary (5 of 52 unanswered is allowed, 6 is not), the derived indicators on member sets;
** and properties over random assessments: C_d sums to C, raising any level never lowers C, C_sev, G,
** the tier or the rank. The ranking key: its text form sorts as core_rank_key_cmp (random keys and edge
** values), and core_rank_sort agrees with qsort by the reference comparison whatever the input order,
** on narrow keys and on keys too wide for its 128-bit packing.
*/
#include "unit.h"

#include "../../src/core/hindex.h"

#include <stdbool.h>

/* ---- helpers ---------------------------------------------------------------------------------- */

static uint64_t rng_state;

static uint64_t rnd(void) { /* splitmix64 */
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static uint64_t below(uint64_t n) { return rnd() % n; }

static const core_questionnaire *Q(void) { return core_questionnaire_default(); }

static int ind(const char *code) {
    int i = core_questionnaire_find(Q(), code);
    assert_true(i >= 0);
    return i;
}

static void zero_levels(int8_t *levels) { memset(levels, 0, CORE_Q_MAX_INDICATORS); }

/*
** Levels (all 0 or 1) on indicators without a red-flag rule whose weights add up to exactly target, found
** by subset sum. Returns false when no such set exists.
*/
static bool levels_for_c(const core_questionnaire *q, int target, int8_t *levels) {
    enum { MAXC = 1400 };
    static int from[CORE_Q_MAX_INDICATORS + 1][MAXC + 1]; /* 1: reachable with the first i indicators */
    if (target < 0 || target > MAXC) return false;
    memset(from, 0, sizeof from);
    from[0][0] = 1;
    for (int i = 0; i < q->nind; i++)
        for (int s = 0; s <= MAXC; s++) {
            if (!from[i][s]) continue;
            from[i + 1][s] = 1;
            int t = s + q->ind[i].weight;
            if (q->ind[i].red == CORE_RED_NEVER && t <= MAXC) from[i + 1][t] = 1;
        }
    if (!from[q->nind][target]) return false;
    zero_levels(levels);
    for (int i = q->nind, s = target; i > 0; i--) {
        if (from[i - 1][s]) continue;
        levels[i - 1] = 1;
        s -= q->ind[i - 1].weight;
    }
    return true;
}

static core_hscore score(const int8_t *levels, uint32_t imm, uint32_t pri, uint32_t rout) {
    const uint32_t needs[CORE_URG_COUNT] = {imm, pri, rout};
    core_hscore s;
    memset(&s, 0xAB, sizeof s);
    core_hindex_score(Q(), levels, needs, &s);
    return s;
}

static core_tier tier_of_c(const core_questionnaire *q, int c) {
    int8_t levels[CORE_Q_MAX_INDICATORS];
    if (!levels_for_c(q, c, levels)) fail_msg("no set of indicators adds up to %d", c);
    core_hscore s;
    core_hindex_score(q, levels, NULL, &s);
    assert_int_equal(s.c, c);
    assert_int_equal(s.red_flags, 0);
    return s.tier;
}

static core_rank_key random_key(void) {
    core_rank_key k;
    memset(&k, 0, sizeof k);
    k.tier = (core_tier)below(CORE_TIER_COUNT);
    k.urgency = (uint32_t)(below(3) * 10000 + below(4) * 100 + below(5));
    k.c = (int32_t)below(1345);
    k.c_sev = (int32_t)below((uint64_t)k.c + 1);
    k.g = k.c + k.c_sev;
    k.breadth = (int32_t)below(9);
    k.category = (core_category)below(CORE_CAT_COUNT);
    k.registered_ymd = (int32_t)(20150101 + below(12) * 10000 + below(12) * 100 + below(28));
    k.household_id = (int64_t)below(100000) + 1;
    return k;
}

/* A key with every field either random over its whole encodable range or one of that range's edges. */
static core_rank_key edge_key(void) {
    static const int64_t max[] = {CORE_TIER_RED, 999999, 9999999, 9999999, 99999999, 99, 0, 99999999, 999999999999};
    int64_t v[9];
    for (int f = 0; f < 9; f++) {
        switch (below(5)) {
        case 0: v[f] = 0; break;
        case 1: v[f] = 1 < max[f] ? 1 : max[f]; break;
        case 2: v[f] = max[f]; break;
        case 3: v[f] = max[f] > 0 ? max[f] - 1 : 0; break;
        default: v[f] = max[f] ? (int64_t)below((uint64_t)max[f] + 1) : 0; break;
        }
    }
    core_rank_key k = {(core_tier)v[0], (uint32_t)v[1], (int32_t)v[2], (int32_t)v[3], (int32_t)v[4], (int32_t)v[5],
                       (core_category)below(CORE_CAT_COUNT), (int32_t)v[7], v[8]};
    return k;
}

static int sign(int x) { return (x > 0) - (x < 0); }

static int key_cmp_void(const void *a, const void *b) { return core_rank_key_cmp(a, b); }

static bool keys_equal(const core_rank_key *a, const core_rank_key *b) {
    return a->tier == b->tier && a->urgency == b->urgency && a->c == b->c && a->c_sev == b->c_sev &&
           a->g == b->g && a->breadth == b->breadth && a->category == b->category &&
           a->registered_ymd == b->registered_ymd && a->household_id == b->household_id;
}

static void shuffle(core_rank_key *k, size_t n) {
    for (size_t i = n; i > 1; i--) {
        size_t j = below(i);
        core_rank_key t = k[i - 1];
        k[i - 1] = k[j];
        k[j] = t;
    }
}

/* ---- tables ----------------------------------------------------------------------------------- */

static void tables(void **state) {
    (void)state;
    static const char *const codes[] = {"none", "vulnerable", "poor", "severe", "red"};
    static const char *const zh[] = {"无", "脆弱", "困难", "严重困难", "红色预警"};
    for (int t = 0; t < CORE_TIER_COUNT; t++) {
        core_tier out = CORE_TIER_COUNT;
        assert_string_equal(core_tier_code((core_tier)t), codes[t]);
        assert_string_equal(core_tier_zh((core_tier)t), zh[t]);
        assert_true(core_tier_parse(codes[t], &out));
        assert_int_equal(out, t);
        out = CORE_TIER_COUNT;
        assert_true(core_tier_parse(zh[t], &out));
        assert_int_equal(out, t);
    }
    core_tier t = CORE_TIER_POOR;
    assert_false(core_tier_parse("purple", &t));
    assert_false(core_tier_parse(NULL, &t));
    assert_int_equal(t, CORE_TIER_POOR);

    static const char *const ucodes[] = {"immediate", "priority", "routine"};
    static const char *const uzh[] = {"立即", "优先", "常规"};
    for (int u = 0; u < CORE_URG_COUNT; u++) {
        core_urgency out = CORE_URG_COUNT;
        assert_string_equal(core_urgency_code((core_urgency)u), ucodes[u]);
        assert_string_equal(core_urgency_zh((core_urgency)u), uzh[u]);
        assert_true(core_urgency_parse(ucodes[u], &out));
        assert_int_equal(out, u);
        out = CORE_URG_COUNT;
        assert_true(core_urgency_parse(uzh[u], &out));
        assert_int_equal(out, u);
    }
    core_urgency u = CORE_URG_ROUTINE;
    assert_false(core_urgency_parse("soon", &u));
    assert_int_equal(u, CORE_URG_ROUTINE);
}

/* ---- one household ---------------------------------------------------------------------------- */

static void nothing_deprived(void **state) {
    (void)state;
    int8_t levels[CORE_Q_MAX_INDICATORS];
    zero_levels(levels);
    core_hscore s = score(levels, 0, 0, 0);
    assert_int_equal(s.c, 0);
    assert_int_equal(s.c_sev, 0);
    assert_int_equal(s.g, 0);
    assert_int_equal(s.breadth, 0);
    assert_int_equal(s.red_flags, 0);
    assert_int_equal(s.unanswered, 0);
    assert_int_equal(s.tier, CORE_TIER_NONE);
    assert_int_equal(s.urgency, 0);
    for (int d = 0; d < CORE_Q_MAX_DIMS; d++) assert_int_equal(s.c_dim[d], 0);
}

static void hand_computed(void **state) {
    (void)state;
    int8_t levels[CORE_Q_MAX_INDICATORS];
    zero_levels(levels);
    levels[ind("I01")] = 1; /* D1, 28 */
    levels[ind("I07")] = 2; /* D2, 21, severe */
    levels[ind("I08")] = 2; /* D2, 21, no severe level: counts as 1 */
    levels[ind("I23")] = 2; /* D4, 28, severe */
    levels[ind("I30")] = 1; /* D5, 24 */
    levels[ind("I52")] = -1;
    core_hscore s = score(levels, 0, 3, 7);
    assert_int_equal(s.c, 28 + 21 + 21 + 28 + 24);           /* 122 */
    assert_int_equal(s.c_sev, 21 + 28);                      /* 49 */
    assert_int_equal(s.g, 28 + 2 * 21 + 21 + 2 * 28 + 24);   /* 171 */
    assert_int_equal(s.breadth, 4);
    assert_int_equal(s.c_dim[0], 28);
    assert_int_equal(s.c_dim[1], 42);
    assert_int_equal(s.c_dim[2], 0);
    assert_int_equal(s.c_dim[3], 28);
    assert_int_equal(s.c_dim[4], 24);
    assert_int_equal(s.c_dim[7], 0);
    assert_int_equal(s.unanswered, 1);
    assert_int_equal(s.red_flags, 0);
    assert_int_equal(s.tier, CORE_TIER_NONE); /* 5 * 122 = 610 < 1344 */
    assert_int_equal(s.urgency, 307);

    /* A whole dimension and four of another: 168 + 96 = 264 < 268.8, none; one more 24 makes 288: vulnerable. */
    zero_levels(levels);
    for (const char *const *c = (const char *const[]){"I22", "I23", "I24", "I25", "I26", "I27", "I15", "I16",
                                                       "I18", "I19", NULL};
         *c; c++)
        levels[ind(*c)] = 1;
    s = score(levels, 0, 0, 0);
    assert_int_equal(s.c, 168 + 4 * 24);
    assert_int_equal(s.tier, CORE_TIER_NONE); /* 264 */
    levels[ind("I20")] = 1;
    s = score(levels, 0, 0, 0);
    assert_int_equal(s.c, 288);
    assert_int_equal(s.tier, CORE_TIER_VULNERABLE);
    assert_int_equal(s.breadth, 2);
}

static void red_flags(void **state) {
    (void)state;
    int8_t levels[CORE_Q_MAX_INDICATORS];
    zero_levels(levels);
    levels[ind("I14")] = 1; /* arrears, but no eviction: no flag */
    levels[ind("I49")] = 1; /* distress, no suicide risk */
    core_hscore s = score(levels, 0, 0, 0);
    assert_int_equal(s.red_flags, 0);
    assert_int_equal(s.tier, CORE_TIER_NONE);
    levels[ind("I02")] = 1; /* whenever deprived */
    s = score(levels, 0, 0, 0);
    assert_int_equal(s.red_flags, 1);
    assert_int_equal(s.tier, CORE_TIER_RED);
    assert_int_equal(s.urgency, 10000); /* a red flag is an immediate need */
    levels[ind("I14")] = 2;              /* eviction notice */
    levels[ind("I36")] = 2;              /* D grade */
    levels[ind("I51")] = 2;              /* last 30 days */
    s = score(levels, 1, 2, 3);
    assert_int_equal(s.red_flags, 4);
    assert_int_equal(s.urgency, 50203);
    levels[ind("I36")] = 1; /* C grade */
    s = score(levels, 0, 0, 0);
    assert_int_equal(s.red_flags, 3);
}

static void urgency_caps(void **state) {
    (void)state;
    int8_t levels[CORE_Q_MAX_INDICATORS];
    zero_levels(levels);
    assert_int_equal(score(levels, 99, 99, 99).urgency, 999999);
    assert_int_equal(score(levels, 1000, 150, 100).urgency, 999999);
    assert_int_equal(score(levels, UINT32_MAX, UINT32_MAX, UINT32_MAX).urgency, 999999);
    assert_int_equal(score(levels, 0, 99, 99).urgency, 9999);
    assert_int_equal(score(levels, 0, 100, 0).urgency, 9900);
    levels[ind("I50")] = 1;
    assert_int_equal(score(levels, 98, 0, 0).urgency, 990000);
    assert_int_equal(score(levels, 99, 0, 0).urgency, 990000);
    assert_int_equal(score(levels, UINT32_MAX, 0, 0).urgency, 990000);
    core_hscore s;
    core_hindex_score(Q(), levels, NULL, &s); /* no needs given */
    assert_int_equal(s.urgency, 10000);
}

static void tiers_on_the_cut_offs(void **state) {
    (void)state;
    const core_questionnaire *q = Q();
    assert_int_equal(tier_of_c(q, 0), CORE_TIER_NONE);
    assert_int_equal(tier_of_c(q, 268), CORE_TIER_NONE); /* 1344/5 = 268.8 */
    assert_int_equal(tier_of_c(q, 269), CORE_TIER_VULNERABLE);
    assert_int_equal(tier_of_c(q, 447), CORE_TIER_VULNERABLE);
    assert_int_equal(tier_of_c(q, 448), CORE_TIER_POOR); /* exactly 1344/3 */
    assert_int_equal(tier_of_c(q, 671), CORE_TIER_POOR);
    assert_int_equal(tier_of_c(q, 672), CORE_TIER_SEVERE); /* exactly 1344/2 */
    assert_int_equal(tier_of_c(q, 900), CORE_TIER_SEVERE);

    /* Other cut-offs: 2/7 of 1344 = 384 exactly; 5/9 = 746.67; 3/11 = 366.5. */
    core_questionnaire *other = malloc(sizeof *other);
    assert_non_null(other);
    memcpy(other, q, sizeof *other);
    other->vulnerable = (core_q_cutoff){3, 11};
    other->poor = (core_q_cutoff){2, 7};
    other->severe = (core_q_cutoff){5, 9};
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    assert_true(core_questionnaire_validate(other, &errs));
    core_fielderrs_free(&errs);
    assert_int_equal(tier_of_c(other, 366), CORE_TIER_NONE);
    assert_int_equal(tier_of_c(other, 367), CORE_TIER_VULNERABLE);
    assert_int_equal(tier_of_c(other, 383), CORE_TIER_VULNERABLE);
    assert_int_equal(tier_of_c(other, 384), CORE_TIER_POOR);
    assert_int_equal(tier_of_c(other, 746), CORE_TIER_POOR);
    assert_int_equal(tier_of_c(other, 747), CORE_TIER_SEVERE);
    free(other);

    /* A red flag outranks any score. */
    int8_t levels[CORE_Q_MAX_INDICATORS];
    assert_true(levels_for_c(q, 700, levels));
    levels[ind("I17")] = 1;
    assert_int_equal(score(levels, 0, 0, 0).tier, CORE_TIER_RED);
}

static void complete_enough(void **state) {
    (void)state;
    int8_t levels[CORE_Q_MAX_INDICATORS];
    zero_levels(levels);
    assert_true(core_hindex_complete_enough(Q(), levels));
    for (int i = 0; i < 5; i++) levels[i * 7] = -1;
    assert_true(core_hindex_complete_enough(Q(), levels)); /* 5 * 10 <= 52 */
    levels[50] = -1;
    assert_false(core_hindex_complete_enough(Q(), levels)); /* 6 * 10 > 52 */
    assert_int_equal(score(levels, 0, 0, 0).unanswered, 6);
    assert_int_equal(score(levels, 0, 0, 0).c, 0); /* unanswered counts as not deprived */
}

static void derive_rules(void **state) {
    (void)state;
    const core_member_facts old80 = {80, 0, false}, old79 = {79, 0, false}, old60 = {60, 0, false},
                            old90 = {90, 0, false}, young = {35, 0, false}, unknown = {-1, 0, false},
                            ill = {40, 0, true}, g1 = {30, 1, false}, g2 = {30, 2, false}, g3 = {30, 3, false},
                            g4 = {30, 4, false};
    const core_category cat = CORE_CAT_OTHER;
#define DERIVE(rule, ...)                                                                                  \
    core_hindex_derive(rule, cat, (const core_member_facts[]){__VA_ARGS__},                              \
                       (int)(sizeof((const core_member_facts[]){__VA_ARGS__}) / sizeof(core_member_facts)))

    assert_int_equal(DERIVE(CORE_DERIVE_ELDERLY_ONLY, old80), 2);
    assert_int_equal(DERIVE(CORE_DERIVE_ELDERLY_ONLY, old79), 1);
    assert_int_equal(DERIVE(CORE_DERIVE_ELDERLY_ONLY, old60, old80), 1);
    assert_int_equal(DERIVE(CORE_DERIVE_ELDERLY_ONLY, old60, young), 0);
    assert_int_equal(DERIVE(CORE_DERIVE_ELDERLY_ONLY, young), 0);
    assert_int_equal(DERIVE(CORE_DERIVE_ELDERLY_ONLY, unknown), 0);
    assert_int_equal(core_hindex_derive(CORE_DERIVE_ELDERLY_ONLY, cat, NULL, 0), 0);

    assert_int_equal(DERIVE(CORE_DERIVE_ONE_PERSON, young), 1);
    assert_int_equal(DERIVE(CORE_DERIVE_ONE_PERSON, young, young), 0);
    assert_int_equal(core_hindex_derive(CORE_DERIVE_ONE_PERSON, cat, NULL, 0), 0);

    assert_int_equal(DERIVE(CORE_DERIVE_SERIOUS_ILLNESS, young, ill), 1);
    assert_int_equal(DERIVE(CORE_DERIVE_SERIOUS_ILLNESS, young, g1), 0);

    assert_int_equal(DERIVE(CORE_DERIVE_AGED_80, young, old79), 0);
    assert_int_equal(DERIVE(CORE_DERIVE_AGED_80, young, old80), 1);
    assert_int_equal(DERIVE(CORE_DERIVE_AGED_80, old80, old90), 2);

    assert_int_equal(DERIVE(CORE_DERIVE_DISABILITY, young), 0);
    assert_int_equal(DERIVE(CORE_DERIVE_DISABILITY, young, g4), 1);
    assert_int_equal(DERIVE(CORE_DERIVE_DISABILITY, g1), 1);

    assert_int_equal(DERIVE(CORE_DERIVE_SEVERE_DISABILITY, g3, g4), 0);
    assert_int_equal(DERIVE(CORE_DERIVE_SEVERE_DISABILITY, g2), 1);
    assert_int_equal(DERIVE(CORE_DERIVE_SEVERE_DISABILITY, g2, g1), 2);

    assert_int_equal(DERIVE(CORE_DERIVE_MULTIPLE_DISABILITY, g1), 0);
    assert_int_equal(DERIVE(CORE_DERIVE_MULTIPLE_DISABILITY, g1, young), 0);
    assert_int_equal(DERIVE(CORE_DERIVE_MULTIPLE_DISABILITY, g3, g4), 1);
    assert_int_equal(DERIVE(CORE_DERIVE_MULTIPLE_DISABILITY, g1, g3), 1);
    assert_int_equal(DERIVE(CORE_DERIVE_MULTIPLE_DISABILITY, g1, g2), 2);

    assert_int_equal(DERIVE(CORE_DERIVE_NONE, old90, g1, ill), 0);
#undef DERIVE

    static const struct {
        core_category c;
        int below, edge;
    } cats[] = {
        {CORE_CAT_TEKUN, 1, 1},         {CORE_CAT_DIBAO, 1, 1},     {CORE_CAT_DIBAO_EDGE, 0, 1},
        {CORE_CAT_RIGID_EXPENSE, 0, 0}, {CORE_CAT_MONITORED, 0, 0}, {CORE_CAT_OTHER, 0, 0},
        {CORE_CAT_NONE, 0, 0},
    };
    for (size_t i = 0; i < sizeof cats / sizeof cats[0]; i++) {
        assert_int_equal(core_hindex_derive(CORE_DERIVE_BELOW_DIBAO, cats[i].c, NULL, 0), cats[i].below);
        assert_int_equal(core_hindex_derive(CORE_DERIVE_BELOW_DIBAO_EDGE, cats[i].c, &young, 1), cats[i].edge);
    }
}

/* ---- properties over random assessments -------------------------------------------------------- */

static void random_assessment(int8_t *levels, uint32_t needs[CORE_URG_COUNT]) {
    int hardship = (int)below(60); /* percent chance of each deprivation */
    for (int i = 0; i < Q()->nind; i++) {
        int r = (int)below(100);
        levels[i] = r < 3 ? -1 : r < 3 + hardship ? (below(3) == 0 ? 2 : 1) : 0;
    }
    needs[0] = below(4) == 0 ? (uint32_t)below(3) : 0;
    needs[1] = (uint32_t)below(6);
    needs[2] = (uint32_t)below(120);
}

static void contributions_sum_to_c(void **state) {
    (void)state;
    rng_state = 1;
    int8_t levels[CORE_Q_MAX_INDICATORS];
    uint32_t needs[CORE_URG_COUNT];
    for (int t = 0; t < 20000; t++) {
        random_assessment(levels, needs);
        core_hscore s;
        core_hindex_score(Q(), levels, needs, &s);
        int32_t sum = 0, breadth = 0, c = 0, csev = 0, g = 0, red = 0, unanswered = 0;
        for (int d = 0; d < CORE_Q_MAX_DIMS; d++) sum += s.c_dim[d], breadth += s.c_dim[d] > 0;
        for (int i = 0; i < Q()->nind; i++) { /* the definitions of index.md, written the slow way */
            const core_q_indicator *x = &Q()->ind[i];
            int l = levels[i] == 2 && !x->has_severe ? 1 : levels[i];
            c += l >= 1 ? x->weight : 0;
            csev += l == 2 ? x->weight : 0;
            g += l > 0 ? l * x->weight : 0;
            red += (x->red == CORE_RED_WHEN_DEPRIVED && l >= 1) || (x->red == CORE_RED_WHEN_SEVERE && l == 2);
            unanswered += l == -1;
        }
        assert_int_equal(sum, s.c);
        assert_int_equal(s.c, c);
        assert_int_equal(s.c_sev, csev);
        assert_int_equal(s.g, g);
        assert_int_equal(s.breadth, breadth);
        assert_int_equal(s.red_flags, red);
        assert_int_equal(s.unanswered, unanswered);
        uint32_t imm = needs[0] + (uint32_t)red;
        assert_int_equal(s.urgency, 10000 * (imm > 99 ? 99 : imm) + 100 * (needs[1] > 99 ? 99 : needs[1]) +
                                        (needs[2] > 99 ? 99 : needs[2]));
        core_tier tier = red                      ? CORE_TIER_RED
                         : 2 * (int64_t)c >= 1344 ? CORE_TIER_SEVERE
                         : 3 * (int64_t)c >= 1344 ? CORE_TIER_POOR
                         : 5 * (int64_t)c >= 1344 ? CORE_TIER_VULNERABLE
                                                  : CORE_TIER_NONE;
        assert_int_equal(s.tier, tier);
    }
}

static void raising_a_level_never_lowers(void **state) {
    (void)state;
    rng_state = 2;
    enum { OTHERS = 200 };
    static core_rank_key others[OTHERS];
    for (int i = 0; i < OTHERS; i++) others[i] = random_key();
    const core_date day = {2024, 3, 1};
    int8_t levels[CORE_Q_MAX_INDICATORS];
    uint32_t needs[CORE_URG_COUNT];
    for (int t = 0; t < 20000; t++) {
        random_assessment(levels, needs);
        core_hscore before, after;
        core_hindex_score(Q(), levels, needs, &before);
        int j = (int)below((uint64_t)Q()->nind);
        if (levels[j] == 2) continue;
        levels[j] = (int8_t)(levels[j] + 1 + (int)below((uint64_t)(2 - levels[j])));
        core_hindex_score(Q(), levels, needs, &after);
        assert_true(after.c >= before.c);
        assert_true(after.c_sev >= before.c_sev);
        assert_true(after.g >= before.g);
        assert_true(after.breadth >= before.breadth);
        assert_true(after.tier >= before.tier);
        assert_true(after.urgency >= before.urgency);
        core_rank_key kb, ka;
        core_rank_key_from(&before, CORE_CAT_DIBAO, day, 5000, &kb);
        core_rank_key_from(&after, CORE_CAT_DIBAO, day, 5000, &ka);
        assert_true(core_rank_key_cmp(&ka, &kb) <= 0);
        /* Its position among other households never moves down. */
        int pos_before = 0, pos_after = 0;
        for (int i = 0; i < OTHERS; i++) {
            pos_before += core_rank_key_cmp(&others[i], &kb) < 0;
            pos_after += core_rank_key_cmp(&others[i], &ka) < 0;
        }
        assert_true(pos_after <= pos_before);
    }
}

/* ---- the ranking key -------------------------------------------------------------------------- */

static void key_from_score(void **state) {
    (void)state;
    core_hscore s;
    memset(&s, 0, sizeof s);
    s.tier = CORE_TIER_POOR;
    s.urgency = 10203;
    s.c = 500;
    s.c_sev = 100;
    s.g = 600;
    s.breadth = 5;
    core_rank_key k;
    core_rank_key_from(&s, CORE_CAT_MONITORED, (core_date){2024, 1, 31}, 42, &k);
    assert_int_equal(k.tier, CORE_TIER_POOR);
    assert_int_equal(k.urgency, 10203);
    assert_int_equal(k.c, 500);
    assert_int_equal(k.c_sev, 100);
    assert_int_equal(k.g, 600);
    assert_int_equal(k.breadth, 5);
    assert_int_equal(k.category, CORE_CAT_MONITORED);
    assert_int_equal(k.registered_ymd, 20240131);
    assert_int_equal(k.household_id, 42);
    char text[CORE_RANK_KEY_LEN + 1];
    core_rank_key_encode(&k, text);
    assert_string_equal(text, "2" "989796" "9999499" "9999899" "99999399" "94" "4" "20240131" "000000000042");
}

static void one_immediate_outranks_99_priority(void **state) {
    (void)state;
    int8_t levels[CORE_Q_MAX_INDICATORS];
    assert_true(levels_for_c(Q(), 300, levels));
    core_hscore a = score(levels, 1, 0, 0);
    assert_true(levels_for_c(Q(), 440, levels));
    core_hscore b = score(levels, 0, 99, 99);
    core_hscore c = score(levels, 0, 250, 0);
    assert_int_equal(a.tier, CORE_TIER_VULNERABLE);
    assert_int_equal(b.tier, CORE_TIER_VULNERABLE);
    const core_date day = {2020, 1, 1};
    core_rank_key ka, kb, kc;
    core_rank_key_from(&a, CORE_CAT_OTHER, day, 9, &ka);
    core_rank_key_from(&b, CORE_CAT_TEKUN, day, 1, &kb);
    core_rank_key_from(&c, CORE_CAT_TEKUN, day, 1, &kc);
    assert_true(core_rank_key_cmp(&ka, &kb) < 0);
    assert_true(core_rank_key_cmp(&kb, &ka) > 0);
    assert_true(core_rank_key_cmp(&ka, &kc) < 0);
    char ta[CORE_RANK_KEY_LEN + 1], tb[CORE_RANK_KEY_LEN + 1];
    core_rank_key_encode(&ka, ta);
    core_rank_key_encode(&kb, tb);
    assert_true(strcmp(ta, tb) < 0);
}

static void cmp_order_of_fields(void **state) {
    (void)state;
    core_rank_key base = {CORE_TIER_POOR, 100, 500, 50, 550, 3, CORE_CAT_DIBAO, 20200101, 10};
    core_rank_key k = base;
    assert_int_equal(core_rank_key_cmp(&base, &k), 0);
    k.tier = CORE_TIER_RED, k.urgency = 0, k.c = 0;
    assert_true(core_rank_key_cmp(&k, &base) < 0); /* red first */
    k = base, k.urgency = 101, k.c = 0;
    assert_true(core_rank_key_cmp(&k, &base) < 0);
    k = base, k.c = 501, k.c_sev = 0, k.g = 0;
    assert_true(core_rank_key_cmp(&k, &base) < 0);
    k = base, k.c_sev = 51, k.g = 0;
    assert_true(core_rank_key_cmp(&k, &base) < 0);
    k = base, k.g = 551, k.breadth = 0;
    assert_true(core_rank_key_cmp(&k, &base) < 0);
    k = base, k.breadth = 4, k.category = CORE_CAT_OTHER;
    assert_true(core_rank_key_cmp(&k, &base) < 0);
    k = base, k.category = CORE_CAT_TEKUN, k.registered_ymd = 20250101;
    assert_true(core_rank_key_cmp(&k, &base) < 0);
    k = base, k.category = CORE_CAT_NONE, k.registered_ymd = 19000101; /* no category: last */
    assert_true(core_rank_key_cmp(&k, &base) > 0);
    k = base, k.category = CORE_CAT_OTHER;
    assert_true(core_rank_key_cmp(&k, &base) > 0);
    k = base, k.registered_ymd = 20191231, k.household_id = 99;
    assert_true(core_rank_key_cmp(&k, &base) < 0);
    k = base, k.household_id = 9;
    assert_true(core_rank_key_cmp(&k, &base) < 0);
    assert_true(core_rank_key_cmp(&base, &k) > 0);
}

static void encode_order_is_cmp_order(void **state) {
    (void)state;
    rng_state = 3;
    enum { N = 3000 };
    static core_rank_key keys[N];
    static char text[N][CORE_RANK_KEY_LEN + 1];
    for (int i = 0; i < N; i++) {
        keys[i] = i % 2 ? edge_key() : random_key();
        if (i % 7 == 0 && i > 0) { /* near neighbours: one field apart */
            keys[i] = keys[i - 1];
            keys[i].household_id ^= 1;
        }
        core_rank_key_encode(&keys[i], text[i]);
        assert_int_equal(strlen(text[i]), CORE_RANK_KEY_LEN);
        assert_int_equal(strspn(text[i], "0123456789"), CORE_RANK_KEY_LEN);
    }
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j += 1 + (int)below(7))
            assert_int_equal(sign(strcmp(text[i], text[j])), sign(core_rank_key_cmp(&keys[i], &keys[j])));
}

/* Sorts n random keys from make() with core_rank_sort, in two shuffled orders, and with qsort. */
static void check_sort(size_t n, core_rank_key (*make)(void)) {
    core_rank_key *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b), *c = malloc(n * sizeof *c);
    assert_true(n == 0 || (a && b && c));
    for (size_t i = 0; i < n; i++) a[i] = make();
    for (size_t i = 0; i + 1 < n; i += 1 + below(5)) a[i + 1] = a[i]; /* identical keys too */
    memcpy(b, a, n * sizeof *a);
    shuffle(b, n);
    memcpy(c, a, n * sizeof *a);
    core_rank_sort(a, n);
    core_rank_sort(b, n);
    qsort(c, n, sizeof *c, key_cmp_void);
    for (size_t i = 0; i < n; i++) {
        if (!keys_equal(&a[i], &c[i]) || !keys_equal(&b[i], &c[i])) fail_msg("n=%zu: differs at %zu", n, i);
        if (i) assert_true(core_rank_key_cmp(&a[i - 1], &a[i]) <= 0);
    }
    free(a);
    free(b);
    free(c);
}

static core_rank_key skewed_key(void) { /* as a real population: most households in no tier, few needs */
    core_rank_key k = random_key();
    k.tier = below(10) ? CORE_TIER_NONE : k.tier;
    k.urgency = below(5) ? 0 : k.urgency;
    return k;
}

/* Keys whose field ranges together need more than 128 bits. */
static core_rank_key wide_key(void) {
    core_rank_key k = edge_key();
    k.household_id = below(3) ? (int64_t)below(1000000000000ULL) : (int64_t)below(8);
    return k;
}

/* Keys outside the encodable ranges: negative ids and dates, the extremes of every type. */
static core_rank_key wild_key(void) {
    static const int64_t ids[] = {INT64_MIN, -1, 0, 1, INT64_MAX};
    static const int32_t ints[] = {INT32_MIN, -1, 0, 1, INT32_MAX};
    core_rank_key k;
    k.tier = (core_tier)below(CORE_TIER_COUNT);
    k.urgency = below(2) ? UINT32_MAX : (uint32_t)below(3);
    k.c = ints[below(5)];
    k.c_sev = ints[below(5)];
    k.g = ints[below(5)];
    k.breadth = ints[below(5)];
    k.category = (core_category)below(CORE_CAT_COUNT);
    k.registered_ymd = ints[below(5)];
    k.household_id = ids[below(5)];
    return k;
}

static void sort_is_total_and_input_order_free(void **state) {
    (void)state;
    rng_state = 4;
    static const size_t sizes[] = {0, 1, 2, 3, 50, 95, 96, 97, 200, 1000, 5000, 100000};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        check_sort(sizes[i], random_key);
        check_sort(sizes[i], skewed_key);
        check_sort(sizes[i], edge_key);
    }
}

static void sort_wide_keys(void **state) {
    (void)state;
    rng_state = 5;
    check_sort(1000, wide_key);
    check_sort(50000, wide_key);
    check_sort(1000, wild_key);
    check_sort(20000, wild_key);
}

/* Many keys identical in everything but the id, and all identical. */
static core_rank_key same_key(void) {
    core_rank_key k = {CORE_TIER_POOR, 7, 500, 0, 500, 2, CORE_CAT_OTHER, 20240101, 1};
    k.household_id = (int64_t)below(4);
    return k;
}

/* Categories that are mostly none, or not categories at all (an enum out of range sorts by its rank). */
static core_rank_key odd_category_key(void) {
    static const uint32_t cats[] = {CORE_CAT_NONE, CORE_CAT_NONE, CORE_CAT_NONE, CORE_CAT_TEKUN, CORE_CAT_OTHER,
                                    7, 9, 1000, UINT32_MAX};
    core_rank_key k = skewed_key();
    k.category = (core_category)cats[below(sizeof cats / sizeof cats[0])];
    return k;
}

static core_rank_key no_category_key(void) {
    core_rank_key k = skewed_key();
    k.category = CORE_CAT_NONE;
    return k;
}

static core_rank_key one_category_key(void) {
    core_rank_key k = skewed_key();
    k.category = below(1000) ? CORE_CAT_DIBAO : CORE_CAT_NONE;
    return k;
}

static void sort_ties(void **state) {
    (void)state;
    rng_state = 6;
    check_sort(10000, same_key);
}

static void sort_categories(void **state) {
    (void)state;
    rng_state = 7;
    check_sort(20000, odd_category_key);
    check_sort(20000, no_category_key);
    check_sort(20000, one_category_key);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tables),
        cmocka_unit_test(nothing_deprived),
        cmocka_unit_test(hand_computed),
        cmocka_unit_test(red_flags),
        cmocka_unit_test(urgency_caps),
        cmocka_unit_test(tiers_on_the_cut_offs),
        cmocka_unit_test(complete_enough),
        cmocka_unit_test(derive_rules),
        cmocka_unit_test(contributions_sum_to_c),
        cmocka_unit_test(raising_a_level_never_lowers),
        cmocka_unit_test(key_from_score),
        cmocka_unit_test(one_immediate_outranks_99_priority),
        cmocka_unit_test(cmp_order_of_fields),
        cmocka_unit_test(encode_order_is_cmp_order),
        cmocka_unit_test(sort_is_total_and_input_order_free),
        cmocka_unit_test(sort_wide_keys),
        cmocka_unit_test(sort_ties),
        cmocka_unit_test(sort_categories),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
