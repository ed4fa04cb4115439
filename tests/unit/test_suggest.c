/*
** test_suggest.c: the order of suggested providers (core/suggest.h): nearness in the division tree, room
** before full, the rating score pulled towards 3, capacity left and the id as the last tie-break; each rule
** in a table of its own, and the whole order independent of the order candidates come in.
*/
#include "unit.h"

#include "../../src/core/suggest.h"

static const char TOWN[] = "371002001"; /* 环翠楼街道, county 371002 */

static void nearness(void **state) {
    static const struct {
        const char *division;
        core_nearness want;
    } cases[] = {
        {"371002001", CORE_NEAR_TOWN},     {"371002001001", CORE_NEAR_TOWN}, /* a village of the town */
        {"371002", CORE_NEAR_COUNTY},      {"371002002", CORE_NEAR_COUNTY},  /* another town of the county */
        {"3710", CORE_NEAR_CITY},          {"371003", CORE_NEAR_CITY},       /* another county */
        {"371003001", CORE_NEAR_CITY},     {"371002002001", CORE_NEAR_COUNTY},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (core_nearness_of(cases[i].division, TOWN) != cases[i].want)
            fail_msg("%s: nearness %d, want %d", cases[i].division, core_nearness_of(cases[i].division, TOWN),
                     cases[i].want);
    assert_string_equal(core_nearness_code(CORE_NEAR_TOWN), "town");
    assert_string_equal(core_nearness_code(CORE_NEAR_COUNTY), "county");
    assert_string_equal(core_nearness_code(CORE_NEAR_CITY), "city");
    assert_string_equal(core_nearness_zh(CORE_NEAR_COUNTY), "本县（市、区）");
    assert_string_equal(core_nearness_en((core_nearness)99), "City-wide"); /* out of range reads as the widest */
}

static void score(void **state) {
    static const struct {
        int64_t sum, count;
        const char *exact;
    } cases[] = {{0, 0, "3"}, {5, 1, "11/3"}, {1, 1, "7/3"}, {48, 10, "9/2"}, {96, 20, "51/11"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[CORE_FRAC_TEXT];
        assert_string_equal(core_frac_format(core_suggest_score(cases[i].sum, cases[i].count), text),
                            cases[i].exact);
    }
}

/* A candidate: id, division, capacity, open load, rating sum and count. */
static core_suggest_candidate cand(int64_t id, const char *division, int64_t capacity, int64_t load, int64_t sum,
                                   int64_t count) {
    return (core_suggest_candidate){.provider_id = id, .division_code = division, .covered_by = division,
                                    .capacity_per_week = capacity, .open_load = load, .rating_sum = sum,
                                    .rating_count = count};
}

/* Ranks c[0..n) and checks the ids come out as want. */
static void expect_order(core_suggest_candidate *c, size_t n, const int64_t *want, const char *what) {
    core_suggest_rank(c, n, TOWN);
    for (size_t i = 0; i < n; i++)
        if (c[i].provider_id != want[i]) fail_msg("%s: position %zu holds %lld, want %lld", what, i,
                                                  (long long)c[i].provider_id, (long long)want[i]);
}

static void order_rules(void **state) {
    struct {
        const char *what;
        core_suggest_candidate c[4];
        size_t n;
        int64_t want[4];
    } cases[] = {
        {"nearer first, whatever the rating",
         {cand(1, "3710", 10, 0, 50, 10), cand(2, "371002", 10, 0, 40, 10), cand(3, TOWN, 10, 0, 0, 0)}, 3, {3, 2, 1}},
        {"a full provider after every one with room, even a nearer one",
         {cand(1, TOWN, 5, 5, 25, 5), cand(2, "3710", 5, 4, 5, 5), cand(3, "371002", 0, 0, 0, 0)}, 3, {2, 1, 3}},
        {"over capacity counts as full",
         {cand(1, TOWN, 5, 9, 0, 0), cand(2, "3710", 1, 0, 0, 0)}, 2, {2, 1}},
        {"same nearness: the higher score first",
         {cand(1, "371002", 10, 0, 20, 5), cand(2, "371002002", 10, 0, 45, 10)}, 2, {2, 1}},
        {"a single 5 (11/3) does not outrank twenty 4.8s (51/11)",
         {cand(1, TOWN, 10, 0, 5, 1), cand(2, TOWN, 10, 0, 96, 20)}, 2, {2, 1}},
        {"no rating (3) before a poor one (7/3), after a good one",
         {cand(1, TOWN, 10, 0, 1, 1), cand(2, TOWN, 10, 0, 0, 0), cand(3, TOWN, 10, 0, 4, 1)}, 3, {3, 2, 1}},
        {"same score: more capacity left first",
         {cand(1, TOWN, 10, 8, 0, 0), cand(2, TOWN, 10, 2, 0, 0), cand(3, TOWN, 30, 27, 0, 0)}, 3, {2, 3, 1}},
        {"everything equal: the smaller id",
         {cand(9, "3710", 4, 1, 8, 2), cand(4, "3710", 4, 1, 8, 2), cand(7, "3710", 4, 1, 8, 2)}, 3, {4, 7, 9}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) expect_order(cases[i].c, cases[i].n, cases[i].want,
                                                                             cases[i].what);
}

static void filled_fields(void **state) {
    core_suggest_candidate c[] = {cand(1, "371002", 10, 3, 9, 2), cand(2, "3710", 2, 5, 0, 0)};
    core_suggest_rank(c, 2, TOWN);
    assert_int_equal(c[0].provider_id, 1);
    assert_int_equal(c[0].nearness, CORE_NEAR_COUNTY);
    assert_int_equal(c[0].capacity_left, 7);
    assert_false(c[0].full);
    assert_true(core_frac_eq(c[0].score, (core_frac){15, 4}));
    assert_int_equal(c[1].capacity_left, 0); /* never negative */
    assert_true(c[1].full);
    assert_int_equal(c[1].nearness, CORE_NEAR_CITY);
    core_suggest_rank(NULL, 0, TOWN); /* nothing to rank */
}

/* The order is total: every rotation of the input ranks the same. */
static void independent_of_input_order(void **state) {
    const core_suggest_candidate base[] = {
        cand(5, TOWN, 3, 3, 10, 2),      cand(2, "371002", 9, 1, 0, 0), cand(8, "3710", 40, 10, 90, 20),
        cand(1, "371002003", 9, 1, 0, 0), cand(3, TOWN, 6, 1, 12, 3),   cand(6, "3710", 0, 0, 0, 0),
    };
    enum { N = sizeof base / sizeof base[0] };
    const int64_t want[N] = {3, 1, 2, 8, 5, 6};
    for (size_t r = 0; r < N; r++) {
        core_suggest_candidate c[N];
        for (size_t i = 0; i < N; i++) c[i] = base[(i + r) % N];
        expect_order(c, N, want, "rotation");
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(nearness),      cmocka_unit_test(score),
        cmocka_unit_test(order_rules),   cmocka_unit_test(filled_fields),
        cmocka_unit_test(independent_of_input_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
