/*
** test_af.c: the Alkire–Foster measures (core/af). The paper's worked example reproduced exactly (its
** numbers are copied here as the project's own test vector, from af_example.json), then properties
** against a brute force written straight from the definitions: every cut-off k, M0 = H·A, contributions
** adding up to 1, subgroups recombining exactly to the total, a unit exactly on k being poor, the
** integer entry point agreeing with the general one, a million households counted exactly, and inputs
** refused with the right error and nothing written.
*/
#include "unit.h"

#include "../../src/core/af.h"

#include <inttypes.h>

enum { MAXN = 16, MAXJ = 8, MAXG = 5 };

static core_frac P(const char *text) {
    core_frac f;
    if (!core_frac_parse(text, &f)) fail_msg("cannot parse %s", text);
    return f;
}

static core_frac Q(int64_t num, int64_t den) {
    core_frac f;
    assert_int_equal(core_frac_make(num, den, &f), WS_OK);
    return f;
}

static core_frac add(core_frac a, core_frac b) {
    core_frac r;
    assert_int_equal(core_frac_add(a, b, &r), WS_OK);
    return r;
}

static core_frac mul(core_frac a, core_frac b) {
    core_frac r;
    assert_int_equal(core_frac_mul(a, b, &r), WS_OK);
    return r;
}

static core_frac quot(core_frac a, core_frac b) {
    if (b.num == 0) return CORE_FRAC_ZERO;
    core_frac r;
    assert_int_equal(core_frac_div(a, b, &r), WS_OK);
    return r;
}

#define EXPECT_FRAC(got, want, ...)                                                                          \
    do {                                                                                                     \
        core_frac g_ = (got), w_ = (want);                                                                   \
        if (!core_frac_eq(g_, w_)) {                                                                         \
            char a_[CORE_FRAC_TEXT], b_[CORE_FRAC_TEXT], what_[160];                                          \
            snprintf(what_, sizeof what_, __VA_ARGS__);                                                      \
            fail_msg("%s: got %s, expected %s", what_, core_frac_format(g_, a_), core_frac_format(w_, b_));  \
        }                                                                                                    \
    } while (0)

/* ---- the paper's example (Alkire & Foster 2011), from af_example.json ----------------------------- */

static const char *const EX_Y[4][4] = {
    {"13.1", "14", "4", "1"}, {"15.2", "7", "5", "0"}, {"12.5", "10", "1", "0"}, {"20", "11", "3", "1"}};
static const char *const EX_Z[4] = {"13", "12", "3", "1"};
static const char *const EX_SCORES[4] = {"0", "1/2", "1", "1/4"};
static const bool EX_POOR[4] = {false, true, true, false};
static const char *const EX_H_J[4] = {"1/4", "1/2", "1/4", "1/2"};
static const char *const EX_CONTRIB[4] = {"1/6", "1/3", "1/6", "1/3"};

typedef struct example {
    core_frac y[16], z[4], w[4];
} example;

static void load_example(example *ex) {
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) ex->y[i * 4 + j] = P(EX_Y[i][j]);
    for (int j = 0; j < 4; j++) {
        ex->z[j] = P(EX_Z[j]);
        ex->w[j] = P("1/4");
    }
}

static void example_exact(void **state) {
    example ex;
    load_example(&ex);
    core_af_options opt = {.per_unit = true};
    core_af_result r;
    assert_int_equal(core_af_from_achievements(4, 4, ex.y, ex.z, ex.w, P("1/2"), &opt, &r), WS_OK);
    assert_int_equal(r.total.n, 4);
    assert_int_equal(r.total.q, 2);
    assert_true(r.has_gaps);
    for (int i = 0; i < 4; i++) {
        EXPECT_FRAC(r.score[i], P(EX_SCORES[i]), "score of unit %d", i);
        assert_int_equal(r.poor[i], EX_POOR[i]);
    }
    EXPECT_FRAC(r.total.H, P("1/2"), "H");
    EXPECT_FRAC(r.total.A, P("3/4"), "A");
    EXPECT_FRAC(r.total.M0, P("3/8"), "M0");
    for (int j = 0; j < 4; j++) {
        EXPECT_FRAC(r.total.h[j], P(EX_H_J[j]), "h_%d", j);
        EXPECT_FRAC(r.total.contribution[j], P(EX_CONTRIB[j]), "contribution %d", j);
    }
    /*
    ** By hand: the poor are units 2 and 3. Unit 2's gaps: (12−7)/12 = 5/12 and (1−0)/1 = 1; unit 3's:
    ** 0.5/13 = 1/26, 2/12 = 1/6, 2/3 and 1. Σ g = 171/52, Σ g² = 21475/8112; with w = 1/4 and n = 4,
    ** M1 = 171/52/16 and M2 = 21475/8112/16.
    */
    EXPECT_FRAC(r.total.M1, P("171/832"), "M1");
    EXPECT_FRAC(r.total.M2, P("21475/129792"), "M2");
    EXPECT_FRAC(r.total.censored_sum, P("3/2"), "Σ c_i(k)");
    EXPECT_FRAC(r.total.population_share, CORE_FRAC_ONE, "population share of the whole");
    EXPECT_FRAC(r.total.share_of_M0, CORE_FRAC_ONE, "share of the whole");
    assert_null(r.groups);
    assert_null(r.total.dimension_contribution);
    core_af_result_free(&r);
    core_af_result_free(&r); /* twice is harmless */
}

/* Groups {1, 2} and {3, 4}, and dimensions {1, 2} and {3, 4}; figures worked out by hand. */
static void example_groups(void **state) {
    example ex;
    load_example(&ex);
    int group[4] = {0, 0, 1, 1}, dimension[4] = {0, 0, 1, 1};
    core_af_options opt = {.group = group, .ngroups = 2, .dimension = dimension, .ndimensions = 2};
    core_af_result r;
    assert_int_equal(core_af_from_achievements(4, 4, ex.y, ex.z, ex.w, P("1/2"), &opt, &r), WS_OK);
    assert_null(r.score);
    static const struct {
        const char *H, *A, *M0, *M1, *M2, *share, *h[4], *contrib[4];
    } want[2] = {
        {"1/2", "1/2", "1/4", "17/96", "169/1152", "1/3", {"0", "1/2", "0", "1/2"}, {"0", "1/2", "0", "1/2"}},
        {"1/2", "1", "1/2", "73/312", "4483/24336", "2/3", {"1/2", "1/2", "1/2", "1/2"}, {"1/4", "1/4", "1/4", "1/4"}},
    };
    for (int g = 0; g < 2; g++) {
        const core_af_measures *m = &r.groups[g];
        assert_int_equal(m->n, 2);
        assert_int_equal(m->q, 1);
        EXPECT_FRAC(m->H, P(want[g].H), "group %d H", g);
        EXPECT_FRAC(m->A, P(want[g].A), "group %d A", g);
        EXPECT_FRAC(m->M0, P(want[g].M0), "group %d M0", g);
        EXPECT_FRAC(m->M1, P(want[g].M1), "group %d M1", g);
        EXPECT_FRAC(m->M2, P(want[g].M2), "group %d M2", g);
        EXPECT_FRAC(m->share_of_M0, P(want[g].share), "group %d share", g);
        EXPECT_FRAC(m->population_share, P("1/2"), "group %d population share", g);
        for (int j = 0; j < 4; j++) {
            EXPECT_FRAC(m->h[j], P(want[g].h[j]), "group %d h_%d", g, j);
            EXPECT_FRAC(m->contribution[j], P(want[g].contrib[j]), "group %d contribution %d", g, j);
        }
    }
    EXPECT_FRAC(r.groups_M0, P("3/8"), "Σ (n_g/n) M0_g");
    EXPECT_FRAC(r.total.dimension_contribution[0], P("1/2"), "dimension 0");
    EXPECT_FRAC(r.total.dimension_contribution[1], P("1/2"), "dimension 1");
    EXPECT_FRAC(r.groups[0].dimension_contribution[0], P("1/2"), "group 0 dimension 0");
    core_af_result_free(&r);
}

/* ---- a brute force straight from the definitions ------------------------------------------------- */

typedef struct ref {
    int64_t n, q;
    core_frac H, A, M0, M1, M2, h[MAXJ], contrib[MAXJ];
} ref;

/* The figures of the units whose group is want (every unit when want == -2). */
static void reference(size_t n, size_t J, const core_frac *y, const core_frac *z, const core_frac *w, core_frac k,
                      const int *group, int want, ref *r) {
    memset(r, 0, sizeof *r);
    core_frac S = CORE_FRAC_ZERO, g1 = CORE_FRAC_ZERO, g2 = CORE_FRAC_ZERO;
    int64_t cnt[MAXJ] = {0};
    for (size_t i = 0; i < n; i++) {
        if (want != -2 && (!group || group[i] != want)) continue;
        r->n++;
        core_frac c = CORE_FRAC_ZERO;
        for (size_t j = 0; j < J; j++)
            if (core_frac_cmp(y[i * J + j], z[j]) < 0) c = add(c, w[j]);
        if (core_frac_cmp(c, k) < 0) continue;
        r->q++;
        S = add(S, c);
        for (size_t j = 0; j < J; j++) {
            if (core_frac_cmp(y[i * J + j], z[j]) >= 0) continue;
            cnt[j]++;
            core_frac gap, neg = y[i * J + j];
            neg.num = -neg.num;
            gap = quot(add(z[j], neg), z[j]);
            g1 = add(g1, mul(w[j], gap));
            g2 = add(g2, mul(w[j], mul(gap, gap)));
        }
    }
    core_frac nn = core_frac_int(r->n);
    r->H = quot(core_frac_int(r->q), nn);
    r->A = quot(S, core_frac_int(r->q));
    r->M0 = quot(S, nn);
    r->M1 = quot(g1, nn);
    r->M2 = quot(g2, nn);
    for (size_t j = 0; j < J; j++) {
        r->h[j] = quot(core_frac_int(cnt[j]), nn);
        r->contrib[j] = quot(mul(w[j], r->h[j]), r->M0);
    }
}

static void expect_like_reference(const core_af_measures *m, const ref *r, size_t J, bool gaps, const char *what) {
    assert_int_equal(m->n, r->n);
    assert_int_equal(m->q, r->q);
    EXPECT_FRAC(m->H, r->H, "%s H", what);
    EXPECT_FRAC(m->A, r->A, "%s A", what);
    EXPECT_FRAC(m->M0, r->M0, "%s M0", what);
    EXPECT_FRAC(m->M0, mul(m->H, m->A), "%s M0 = H·A", what);
    if (gaps) {
        EXPECT_FRAC(m->M1, r->M1, "%s M1", what);
        EXPECT_FRAC(m->M2, r->M2, "%s M2", what);
    }
    core_frac total = CORE_FRAC_ZERO;
    for (size_t j = 0; j < J; j++) {
        EXPECT_FRAC(m->h[j], r->h[j], "%s h_%zu", what, j);
        EXPECT_FRAC(m->contribution[j], r->contrib[j], "%s contribution %zu", what, j);
        total = add(total, m->contribution[j]);
    }
    EXPECT_FRAC(total, m->M0.num ? CORE_FRAC_ONE : CORE_FRAC_ZERO, "%s Σ contributions", what);
}

/* Every k worth trying: p/q for q ≤ 12, and every score the units have (the boundaries). */
static size_t every_k(const core_frac *scores, size_t n, core_frac *ks, size_t max) {
    size_t nk = 0;
    for (int64_t q = 1; q <= 12; q++)
        for (int64_t p = 1; p <= q; p++) ks[nk++] = Q(p, q);
    for (size_t i = 0; i < n && nk < max; i++)
        if (scores[i].num > 0) ks[nk++] = scores[i];
    return nk;
}

static void example_every_k(void **state) {
    example ex;
    load_example(&ex);
    core_frac ks[128], scores[4];
    for (int i = 0; i < 4; i++) scores[i] = P(EX_SCORES[i]);
    size_t nk = every_k(scores, 4, ks, 128);
    for (size_t t = 0; t < nk; t++) {
        core_af_result r;
        assert_int_equal(core_af_from_achievements(4, 4, ex.y, ex.z, ex.w, ks[t], NULL, &r), WS_OK);
        ref want;
        reference(4, 4, ex.y, ex.z, ex.w, ks[t], NULL, -2, &want);
        char what[64], kt[CORE_FRAC_TEXT];
        snprintf(what, sizeof what, "k = %s", core_frac_format(ks[t], kt));
        expect_like_reference(&r.total, &want, 4, true, what);
        /* the scores are 0, 1/4, 1/2, 1: q is 3 up to 1/4, 2 up to 1/2, then 1 */
        int q = core_frac_cmp(ks[t], P("1/4")) <= 0 ? 3 : core_frac_cmp(ks[t], P("1/2")) <= 0 ? 2 : 1;
        assert_int_equal(r.total.q, q);
        core_af_result_free(&r);
    }
}

/* ---- random data ----------------------------------------------------------------------------------- */

/* Positive weights as fractions adding up to exactly 1. */
static void random_weights(size_t J, core_frac *w) {
    int64_t raw[MAXJ], sum = 0;
    for (size_t j = 0; j < J; j++) sum += raw[j] = rand() % 6 + 1;
    for (size_t j = 0; j < J; j++) w[j] = Q(raw[j], sum);
}

static void random_vs_brute_force(void **state) {
    srand(20110476);
    for (int trial = 0; trial < 300; trial++) {
        size_t n = (size_t)(rand() % MAXN) + 1, J = (size_t)(rand() % 6) + 1, G = (size_t)(rand() % (MAXG - 1)) + 1;
        bool partial = trial % 3 == 0; /* some units in no group */
        core_frac y[MAXN * MAXJ], z[MAXJ], w[MAXJ];
        int group[MAXN], dimension[MAXJ];
        random_weights(J, w);
        for (size_t j = 0; j < J; j++) {
            z[j] = Q(rand() % 40 + 1, rand() % 2 ? 1 : 4); /* 0.25 .. 40 */
            dimension[j] = rand() % 3;
        }
        for (size_t c = 0; c < n * J; c++) y[c] = Q(rand() % 500, 10); /* 0.0 .. 49.9 */
        for (size_t i = 0; i < n; i++) group[i] = partial && rand() % 4 == 0 ? -1 : rand() % (int)G;
        /* the scores, for the boundary k values */
        core_frac scores[MAXN], ks[128];
        for (size_t i = 0; i < n; i++) {
            scores[i] = CORE_FRAC_ZERO;
            for (size_t j = 0; j < J; j++)
                if (core_frac_cmp(y[i * J + j], z[j]) < 0) scores[i] = add(scores[i], w[j]);
        }
        size_t nk = every_k(scores, n, ks, 128);
        for (size_t t = 0; t < nk; t++) {
            core_af_options opt = {group, G, dimension, 3, true};
            core_af_result r;
            assert_int_equal(core_af_from_achievements(n, J, y, z, w, ks[t], &opt, &r), WS_OK);
            ref want;
            reference(n, J, y, z, w, ks[t], group, -2, &want);
            expect_like_reference(&r.total, &want, J, true, "total");
            for (size_t i = 0; i < n; i++) {
                EXPECT_FRAC(r.score[i], scores[i], "score %zu", i);
                assert_int_equal(r.poor[i], core_frac_cmp(scores[i], ks[t]) >= 0); /* on k is poor */
            }
            core_frac recombined = CORE_FRAC_ZERO, shares = CORE_FRAC_ZERO;
            for (size_t g = 0; g < G; g++) {
                reference(n, J, y, z, w, ks[t], group, (int)g, &want);
                char what[32];
                snprintf(what, sizeof what, "group %zu", g);
                expect_like_reference(&r.groups[g], &want, J, true, what);
                EXPECT_FRAC(r.groups[g].population_share, Q(want.n, (int64_t)n), "%s n_g/n", what);
                recombined = add(recombined, mul(Q(want.n, (int64_t)n), want.M0));
                shares = add(shares, r.groups[g].share_of_M0);
            }
            EXPECT_FRAC(r.groups_M0, recombined, "Σ (n_g/n) M0_g");
            if (!partial) {
                EXPECT_FRAC(r.groups_M0, r.total.M0, "groups recombine to M0");
                EXPECT_FRAC(shares, r.total.M0.num ? CORE_FRAC_ONE : CORE_FRAC_ZERO, "Σ group shares");
            }
            core_frac by_dim[3] = {CORE_FRAC_ZERO, CORE_FRAC_ZERO, CORE_FRAC_ZERO};
            for (size_t j = 0; j < J; j++) by_dim[dimension[j]] = add(by_dim[dimension[j]], r.total.contribution[j]);
            for (int d = 0; d < 3; d++) EXPECT_FRAC(r.total.dimension_contribution[d], by_dim[d], "dimension %d", d);
            core_af_result_free(&r);
        }
    }
}

/* A unit exactly on the cut-off is poor; a hair above it is not; in both entry points. */
static void unit_on_k_is_poor(void **state) {
    core_frac y[3] = {P("0"), P("1"), P("1")}, z[3] = {P("1"), P("1"), P("1")}, w[3];
    for (int j = 0; j < 3; j++) w[j] = P("1/3");
    core_af_options opt = {.per_unit = true};
    core_af_result r;
    assert_int_equal(core_af_from_achievements(1, 3, y, z, w, P("1/3"), &opt, &r), WS_OK);
    assert_true(r.poor[0]);
    EXPECT_FRAC(r.total.H, CORE_FRAC_ONE, "H on k");
    core_af_result_free(&r);
    assert_int_equal(core_af_from_achievements(1, 3, y, z, w, P("333333334/1000000000"), &opt, &r), WS_OK);
    assert_false(r.poor[0]); /* 0.333333334 > 1/3 */
    assert_int_equal(r.total.q, 0);
    EXPECT_FRAC(r.total.A, CORE_FRAC_ZERO, "A with nobody poor");
    core_af_result_free(&r);
    assert_int_equal(core_af_from_achievements(1, 3, y, z, w, P("0.333333333"), &opt, &r), WS_OK);
    assert_true(r.poor[0]); /* 0.333333333 < 1/3 */
    core_af_result_free(&r);

    /* the registry's D = 1344, k = 1/3 = 448 points, also written unreduced as 448/1344 */
    int64_t iw[3] = {448, 448, 448};
    uint8_t dep[2 * 3] = {1, 0, 0, 0, 0, 0};
    int64_t iw2[3] = {447, 1, 896};
    uint8_t dep2[3] = {1, 0, 0};
    assert_int_equal(core_af_from_deprivations(2, 3, dep, iw, 1344, 1, 3, &opt, &r), WS_OK);
    assert_true(r.poor[0]);
    assert_false(r.poor[1]);
    core_af_result_free(&r);
    assert_int_equal(core_af_from_deprivations(2, 3, dep, iw, 1344, 448, 1344, &opt, &r), WS_OK);
    assert_true(r.poor[0]);
    core_af_result_free(&r);
    assert_int_equal(core_af_from_deprivations(1, 3, dep2, iw2, 1344, 1, 3, &opt, &r), WS_OK);
    assert_false(r.poor[0]); /* 447 points, one short */
    EXPECT_FRAC(r.score[0], P("447/1344"), "score one point short");
    core_af_result_free(&r);
}

/* The integer entry point and the general one agree on every figure they share. */
static void integer_agrees_with_general(void **state) {
    srand(1344);
    for (int trial = 0; trial < 400; trial++) {
        size_t n = (size_t)(rand() % MAXN), J = (size_t)(rand() % MAXJ) + 1, G = (size_t)(rand() % MAXG) + 1;
        int64_t D = trial % 2 ? 1344 : rand() % 60 + 1, iw[MAXJ], left = D;
        for (size_t j = 0; j + 1 < J; j++) {
            iw[j] = left ? rand() % (left + 1) : 0;
            left -= iw[j];
        }
        iw[J - 1] = left;
        int64_t kq = rand() % 20 + 1, kp = rand() % kq + 1;
        uint8_t dep[MAXN * MAXJ];
        core_frac y[MAXN * MAXJ], z[MAXJ], w[MAXJ];
        int group[MAXN], dimension[MAXJ];
        for (size_t c = 0; c < n * J; c++) {
            dep[c] = rand() % 3 == 0 ? 0 : (uint8_t)(rand() % 2 + 1); /* levels 1 and 2 both deprived */
            y[c] = dep[c] ? P("0") : P("1");
        }
        for (size_t j = 0; j < J; j++) {
            z[j] = CORE_FRAC_ONE;
            w[j] = Q(iw[j], D);
            dimension[j] = rand() % 2;
        }
        for (size_t i = 0; i < n; i++) group[i] = rand() % ((int)G + 1) - 1;
        core_af_options opt = {group, G, dimension, 2, true};
        core_af_result a, b;
        assert_int_equal(core_af_from_achievements(n, J, y, z, w, Q(kp, kq), &opt, &a), WS_OK);
        assert_int_equal(core_af_from_deprivations(n, J, dep, iw, D, kp, kq, &opt, &b), WS_OK);
        assert_false(b.has_gaps);
        EXPECT_FRAC(b.total.M1, CORE_FRAC_ZERO, "no M1 without gaps");
        for (size_t g = 0; g <= G; g++) {
            const core_af_measures *ma = g == G ? &a.total : &a.groups[g], *mb = g == G ? &b.total : &b.groups[g];
            assert_int_equal(ma->n, mb->n);
            assert_int_equal(ma->q, mb->q);
            EXPECT_FRAC(ma->H, mb->H, "H");
            EXPECT_FRAC(ma->A, mb->A, "A");
            EXPECT_FRAC(ma->M0, mb->M0, "M0");
            EXPECT_FRAC(ma->censored_sum, mb->censored_sum, "Σ c_i(k)");
            EXPECT_FRAC(ma->share_of_M0, mb->share_of_M0, "share");
            EXPECT_FRAC(ma->population_share, mb->population_share, "population share");
            for (size_t j = 0; j < J; j++) {
                assert_int_equal(ma->poor_deprived[j], mb->poor_deprived[j]);
                EXPECT_FRAC(ma->h[j], mb->h[j], "h_%zu", j);
                EXPECT_FRAC(ma->contribution[j], mb->contribution[j], "contribution %zu", j);
            }
            for (size_t d = 0; d < 2; d++)
                EXPECT_FRAC(ma->dimension_contribution[d], mb->dimension_contribution[d], "dimension %zu", d);
        }
        EXPECT_FRAC(a.groups_M0, b.groups_M0, "Σ (n_g/n) M0_g");
        for (size_t i = 0; i < n; i++) {
            EXPECT_FRAC(a.score[i], b.score[i], "score %zu", i);
            assert_int_equal(a.poor[i], b.poor[i]);
        }
        core_af_result_free(&a);
        core_af_result_free(&b);
    }
}

/* A city's worth: 1,000,000 households, the questionnaire's 52 indicators over D = 1344, 70 towns. */
static void million_households(void **state) {
    enum { N = 1000000, J = 52, D = 1344, TOWNS = 70, DIMS = 8 };
    int64_t w[J];
    int dimension[J];
    for (int j = 0, d = 0; d < DIMS; d++) { /* four dimensions of 6 indicators (28 each), four of 7 (24 each) */
        int count = d < 4 ? 6 : 7;
        for (int c = 0; c < count; c++, j++) {
            w[j] = D / DIMS / count;
            dimension[j] = d;
        }
    }
    uint8_t *dep = malloc((size_t)N * J);
    int *town = malloc(N * sizeof *town);
    assert_non_null(dep);
    assert_non_null(town);
    uint64_t x = 88172645463325252u;
    int64_t q = 0, S = 0, cnt[J] = {0}, town_S[TOWNS] = {0};
    for (size_t i = 0; i < N; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        town[i] = (int)(x % TOWNS);
        int rate = (int)(x >> 40) % 60 + 5; /* households differ in how deprived they are */
        int64_t c = 0;
        for (int j = 0; j < J; j++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            dep[i * J + j] = (x % 100) < (uint64_t)rate;
            if (dep[i * J + j]) c += w[j];
        }
        if (3 * c < D) continue; /* k = 1/3 */
        q++;
        S += c;
        town_S[town[i]] += c;
        for (int j = 0; j < J; j++) cnt[j] += dep[i * J + j];
    }
    core_af_options opt = {.group = town, .ngroups = TOWNS, .dimension = dimension, .ndimensions = DIMS};
    core_af_result r;
    assert_int_equal(core_af_from_deprivations(N, J, dep, w, D, 1, 3, &opt, &r), WS_OK);
    assert_true(q > 0 && q < N);
    assert_int_equal(r.total.n, N);
    assert_int_equal(r.total.q, q);
    EXPECT_FRAC(r.total.H, Q(q, N), "H");
    EXPECT_FRAC(r.total.M0, Q(S, (int64_t)N * D), "M0");
    EXPECT_FRAC(r.total.A, Q(S, q * D), "A");
    EXPECT_FRAC(r.total.M0, mul(r.total.H, r.total.A), "M0 = H·A");
    EXPECT_FRAC(r.groups_M0, r.total.M0, "70 towns recombine to M0");
    core_frac sum = CORE_FRAC_ZERO, dims = CORE_FRAC_ZERO, shares = CORE_FRAC_ZERO;
    for (int j = 0; j < J; j++) {
        assert_int_equal(r.total.poor_deprived[j], cnt[j]);
        EXPECT_FRAC(r.total.h[j], Q(cnt[j], N), "h_%d", j);
        sum = add(sum, r.total.contribution[j]);
    }
    for (int d = 0; d < DIMS; d++) dims = add(dims, r.total.dimension_contribution[d]);
    for (int t = 0; t < TOWNS; t++) {
        EXPECT_FRAC(r.groups[t].share_of_M0, Q(town_S[t], S), "town %d share", t);
        shares = add(shares, r.groups[t].share_of_M0);
    }
    EXPECT_FRAC(sum, CORE_FRAC_ONE, "Σ contributions");
    EXPECT_FRAC(dims, CORE_FRAC_ONE, "Σ dimension contributions");
    EXPECT_FRAC(shares, CORE_FRAC_ONE, "Σ town shares");
    assert_null(r.score);
    assert_null(r.poor);
    core_af_result_free(&r);
    free(dep);
    free(town);
}

/* n = 0, and groups without units: every ratio 0, nothing divided by zero. */
static void empty_populations(void **state) {
    example ex;
    load_example(&ex);
    int64_t w[2] = {1, 1};
    int group[4] = {0, 0, 2, 2};
    core_af_options opt = {.group = group, .ngroups = 3, .per_unit = true};
    core_af_result r;
    assert_int_equal(core_af_from_deprivations(0, 2, NULL, w, 2, 1, 2, &opt, &r), WS_OK);
    assert_int_equal(r.total.n, 0);
    EXPECT_FRAC(r.total.H, CORE_FRAC_ZERO, "H of nobody");
    EXPECT_FRAC(r.total.M0, CORE_FRAC_ZERO, "M0 of nobody");
    EXPECT_FRAC(r.total.contribution[0], CORE_FRAC_ZERO, "contribution of nobody");
    EXPECT_FRAC(r.total.population_share, CORE_FRAC_ZERO, "population share of nobody");
    core_af_result_free(&r);
    assert_int_equal(core_af_from_achievements(4, 4, ex.y, ex.z, ex.w, P("1/2"), &opt, &r), WS_OK);
    assert_int_equal(r.groups[1].n, 0);
    EXPECT_FRAC(r.groups[1].M0, CORE_FRAC_ZERO, "empty group M0");
    EXPECT_FRAC(r.groups[1].M1, CORE_FRAC_ZERO, "empty group M1");
    EXPECT_FRAC(r.groups[1].share_of_M0, CORE_FRAC_ZERO, "empty group share");
    EXPECT_FRAC(r.groups_M0, r.total.M0, "recombined with an empty group");
    core_af_result_free(&r);
    /* nobody poor: M0 = 0, contributions all 0, shares 0 */
    core_frac high[4] = {P("99"), P("99"), P("99"), P("99")};
    assert_int_equal(core_af_from_achievements(1, 4, high, ex.z, ex.w, P("1/4"), NULL, &r), WS_OK);
    EXPECT_FRAC(r.total.M0, CORE_FRAC_ZERO, "M0 with nobody poor");
    EXPECT_FRAC(r.total.contribution[0], CORE_FRAC_ZERO, "contribution when M0 = 0");
    EXPECT_FRAC(r.total.share_of_M0, CORE_FRAC_ZERO, "share when M0 = 0");
    core_af_result_free(&r);
}

/* Refusals: the right code, and *out left as it was. */
static void refuses_bad_input(void **state) {
    example ex;
    load_example(&ex);
    core_af_result r;
    memset(&r, 0x5a, sizeof r);
    core_af_result before = r;
#define REFUSE(code, call)                                                                                   \
    do {                                                                                                     \
        assert_int_equal((call), (code));                                                                    \
        assert_memory_equal(&r, &before, sizeof r);                                                          \
    } while (0)
    core_frac w[4] = {P("1/4"), P("1/4"), P("1/4"), P("1/5")};
    REFUSE(WS_ERR_INVALID, core_af_from_achievements(4, 4, ex.y, ex.z, w, P("1/2"), NULL, &r)); /* Σ w = 19/20 */
    core_frac w2[4] = {P("1/2"), P("1/2"), P("1/2"), P("-1/2")};
    REFUSE(WS_ERR_INVALID, core_af_from_achievements(4, 4, ex.y, ex.z, w2, P("1/2"), NULL, &r)); /* negative */
    core_frac w3[4] = {P("9223372036854775807/2"), P("0"), P("0"), P("0")};
    REFUSE(WS_ERR_INVALID, core_af_from_achievements(4, 4, ex.y, ex.z, w3, P("1/2"), NULL, &r));
    REFUSE(WS_ERR_INVALID, core_af_from_achievements(4, 4, ex.y, ex.z, ex.w, P("0"), NULL, &r));
    REFUSE(WS_ERR_INVALID, core_af_from_achievements(4, 4, ex.y, ex.z, ex.w, P("-1/2"), NULL, &r));
    REFUSE(WS_ERR_INVALID, core_af_from_achievements(4, 4, ex.y, ex.z, ex.w, P("1.01"), NULL, &r));
    REFUSE(WS_ERR_LIMIT, core_af_from_achievements(4, 4, ex.y, ex.z, ex.w, P("1/3000000000"), NULL, &r));
    core_frac z0[4] = {P("13"), P("0"), P("3"), P("1")};
    REFUSE(WS_ERR_INVALID, core_af_from_achievements(4, 4, ex.y, z0, ex.w, P("1/2"), NULL, &r));
    REFUSE(WS_ERR_INVALID, core_af_from_achievements(4, 0, ex.y, ex.z, ex.w, P("1/2"), NULL, &r));
    REFUSE(WS_ERR_INVALID, core_af_from_achievements(4, 4, NULL, ex.z, ex.w, P("1/2"), NULL, &r));
    int group[4] = {0, 1, 2, 0};
    core_af_options opt = {.group = group, .ngroups = 2};
    REFUSE(WS_ERR_INVALID, core_af_from_achievements(4, 4, ex.y, ex.z, ex.w, P("1/2"), &opt, &r));
    group[2] = -2;
    REFUSE(WS_ERR_INVALID, core_af_from_achievements(4, 4, ex.y, ex.z, ex.w, P("1/2"), &opt, &r));
    opt.ngroups = CORE_AF_MAX_GROUP_CELLS;
    group[2] = 0;
    REFUSE(WS_ERR_LIMIT, core_af_from_achievements(4, 4, ex.y, ex.z, ex.w, P("1/2"), &opt, &r));
    int dim[4] = {0, 1, 1, 2};
    core_af_options dopt = {.dimension = dim, .ndimensions = 2};
    REFUSE(WS_ERR_INVALID, core_af_from_achievements(4, 4, ex.y, ex.z, ex.w, P("1/2"), &dopt, &r));
    dopt.ndimensions = 0;
    REFUSE(WS_ERR_INVALID, core_af_from_achievements(4, 4, ex.y, ex.z, ex.w, P("1/2"), &dopt, &r));
    /* weights over a least common denominator: 200006 is fine, about 10^12 is past the limit */
    core_frac wl[3] = {Q(1, 2), Q(1, 100003), CORE_FRAC_ONE};
    assert_int_equal(core_frac_sub(wl[2], wl[0], &wl[2]), WS_OK);
    assert_int_equal(core_frac_sub(wl[2], wl[1], &wl[2]), WS_OK); /* 1/2 − 1/100003 */
    core_frac wbig[4] = {Q(1, 1000003), Q(1, 1000033), Q(1, 1), Q(0, 1)};
    assert_int_equal(core_frac_sub(wbig[2], wbig[0], &wbig[2]), WS_OK);
    assert_int_equal(core_frac_sub(wbig[2], wbig[1], &wbig[2]), WS_OK); /* adds up to 1 */
    REFUSE(WS_ERR_LIMIT, core_af_from_achievements(4, 4, ex.y, ex.z, wbig, P("1/2"), NULL, &r));
    core_frac y3[12], z3[3] = {P("1"), P("1"), P("1")};
    for (int c = 0; c < 12; c++) y3[c] = P("0");
    assert_int_equal(core_af_from_achievements(4, 3, y3, z3, wl, P("1/2"), NULL, &r), WS_OK);
    EXPECT_FRAC(r.total.M0, CORE_FRAC_ONE, "everyone deprived in everything");
    core_af_result_free(&r);
    memset(&r, 0x5a, sizeof r);

    /* gaps whose exact sum does not fit: three large primes as denominators */
    core_frac yp[3] = {Q(1, 1000000007), Q(1, 1000000009), Q(1, 1000000021)}, one[1] = {CORE_FRAC_ONE};
    REFUSE(WS_ERR_LIMIT, core_af_from_achievements(3, 1, yp, one, one, CORE_FRAC_ONE, NULL, &r));

    int64_t iw[4] = {336, 336, 336, 336};
    uint8_t dep[16] = {0};
    REFUSE(WS_ERR_INVALID, core_af_from_deprivations(4, 4, dep, iw, 1343, 1, 3, NULL, &r)); /* Σ w ≠ D */
    iw[3] = -336;
    REFUSE(WS_ERR_INVALID, core_af_from_deprivations(4, 4, dep, iw, 672, 1, 3, NULL, &r));
    iw[3] = 336;
    REFUSE(WS_ERR_INVALID, core_af_from_deprivations(4, 4, dep, iw, 1344, 0, 3, NULL, &r));
    REFUSE(WS_ERR_INVALID, core_af_from_deprivations(4, 4, dep, iw, 1344, 4, 3, NULL, &r));
    REFUSE(WS_ERR_INVALID, core_af_from_deprivations(4, 4, dep, iw, 1344, -1, 3, NULL, &r));
    REFUSE(WS_ERR_INVALID, core_af_from_deprivations(4, 4, NULL, iw, 1344, 1, 3, NULL, &r));
    REFUSE(WS_ERR_INVALID, core_af_from_deprivations(4, 4, dep, NULL, 1344, 1, 3, NULL, &r));
    REFUSE(WS_ERR_INVALID, core_af_from_deprivations(4, 4, dep, iw, 0, 1, 3, NULL, &r));
    REFUSE(WS_ERR_LIMIT, core_af_from_deprivations(4, 4, dep, iw, 1344, 1, 2000000000, NULL, &r));
    int64_t huge[1] = {2000000000};
    REFUSE(WS_ERR_LIMIT, core_af_from_deprivations(4, 1, dep, huge, 2000000000, 1, 3, NULL, &r));
    REFUSE(WS_ERR_LIMIT, core_af_from_deprivations((size_t)CORE_AF_MAX_UNITS + 1, 4, dep, iw, 1344, 1, 3, NULL, &r));
    REFUSE(WS_ERR_LIMIT, core_af_from_deprivations(4, CORE_AF_MAX_INDICATORS + 1, dep, iw, 1344, 1, 3, NULL, &r));
    REFUSE(WS_ERR_LIMIT, core_af_from_deprivations(4, 4, dep, iw, 1344, 1, 3, &opt, &r)); /* too many groups */
    dopt.ndimensions = 2;
    REFUSE(WS_ERR_INVALID, core_af_from_deprivations(4, 4, dep, iw, 1344, 1, 3, &dopt, &r));
#undef REFUSE
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(example_exact),
        cmocka_unit_test(example_groups),
        cmocka_unit_test(example_every_k),
        cmocka_unit_test(random_vs_brute_force),
        cmocka_unit_test(unit_on_k_is_poor),
        cmocka_unit_test(integer_agrees_with_general),
        cmocka_unit_test(million_households),
        cmocka_unit_test(empty_populations),
        cmocka_unit_test(refuses_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
