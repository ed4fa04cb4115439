/*
** af.c: the Alkire–Foster measures. Both entry points end in one counting pass over a 0/1 deprivation
** matrix with integer weights (count_units), and one step that turns the counts into fractions
** (fill_measures); the achievements path only adds the conversion in front and the gaps (M1, M2) after.
** Pure; depends on frac and mem.
*/
#include "af.h"

#include "mem.h"

#include <stdlib.h>
#include <string.h>

/*
** The counts of one pass. Bucket b < ngroups is group b; bucket ngroups is the whole population, so
** every figure is computed by the same code for groups and total.
*/
typedef struct tally {
    size_t n, J, nbuckets;
    int64_t *units;  /* [nbuckets] */
    int64_t *poor;   /* [nbuckets] */
    int64_t *sum;    /* [nbuckets] Σ C_i(k) in points (1/D) */
    int64_t *cnt;    /* [nbuckets·J] poor and deprived in j */
    uint8_t *is_poor;/* [n] */
    int64_t *points; /* [n] C_i, or NULL when per-unit figures are not wanted */
} tally;

static void tally_free(tally *t) {
    free(t->units);
    free(t->poor);
    free(t->sum);
    free(t->cnt);
    free(t->is_poor);
    free(t->points);
    memset(t, 0, sizeof *t);
}

static const core_af_options NO_OPTIONS = {0};

/* a/b, or 0 when b == 0. The callers' counts are within the limits, so the fraction always fits. */
static core_frac ratio(int64_t a, int64_t b) {
    core_frac f = CORE_FRAC_ZERO;
    if (b != 0 && core_frac_make(a, b, &f) != WS_OK) abort(); /* |a|, b < 2^63 and a != INT64_MIN */
    return f;
}

/* Checks what both entry points share: sizes, the group and dimension maps, and k as k_num/k_den. */
static ws_err check_common(size_t n, size_t J, const core_af_options *opt, int64_t k_num, int64_t k_den) {
    if (J == 0) return WS_ERR_INVALID;
    if (n > CORE_AF_MAX_UNITS || J > CORE_AF_MAX_INDICATORS) return WS_ERR_LIMIT;
    if (k_num <= 0 || k_num > k_den) return WS_ERR_INVALID;
    if (k_den > CORE_AF_MAX_DENOM) return WS_ERR_LIMIT;
    if (opt->group) {
        if (opt->ngroups > CORE_AF_MAX_GROUP_CELLS || (opt->ngroups + 1) * J > CORE_AF_MAX_GROUP_CELLS)
            return WS_ERR_LIMIT;
        for (size_t i = 0; i < n; i++)
            if (opt->group[i] < -1 || (opt->group[i] >= 0 && (size_t)opt->group[i] >= opt->ngroups))
                return WS_ERR_INVALID;
    }
    if (opt->dimension) {
        if (opt->ndimensions == 0) return WS_ERR_INVALID;
        if (opt->ndimensions > CORE_AF_MAX_INDICATORS) return WS_ERR_LIMIT;
        for (size_t j = 0; j < J; j++)
            if (opt->dimension[j] < 0 || (size_t)opt->dimension[j] >= opt->ndimensions) return WS_ERR_INVALID;
    }
    return WS_OK;
}

/* Integer weights: each in [0, D], adding up to D, 1 ≤ D ≤ the limit. */
static ws_err check_weights(size_t J, const int64_t *w, int64_t D) {
    if (!w || D < 1) return WS_ERR_INVALID;
    if (D > CORE_AF_MAX_DENOM) return WS_ERR_LIMIT;
    int64_t total = 0;
    for (size_t j = 0; j < J; j++) {
        if (w[j] < 0 || w[j] > D) return WS_ERR_INVALID;
        total += w[j]; /* J·D ≤ 1024·10^9 */
    }
    return total == D ? WS_OK : WS_ERR_INVALID;
}

static size_t bucket_of(const core_af_options *opt, size_t i) {
    return opt->group && opt->group[i] >= 0 ? (size_t)opt->group[i] : SIZE_MAX;
}

/*
** The one pass: each unit's points C_i = Σ w_j·[deprived], poor when k_den·C_i ≥ k_num·D, and the
** counts of its group and of the whole. Inputs are checked already.
*/
static void count_units(tally *t, size_t n, size_t J, const uint8_t *deprived, const int64_t *w, int64_t D,
                        int64_t k_num, int64_t k_den, const core_af_options *opt) {
    size_t ngroups = opt->group ? opt->ngroups : 0;
    t->n = n;
    t->J = J;
    t->nbuckets = ngroups + 1;
    t->units = xcalloc(t->nbuckets, sizeof *t->units);
    t->poor = xcalloc(t->nbuckets, sizeof *t->poor);
    t->sum = xcalloc(t->nbuckets, sizeof *t->sum);
    t->cnt = xcalloc(t->nbuckets * J, sizeof *t->cnt);
    t->is_poor = xcalloc(n ? n : 1, 1);
    t->points = opt->per_unit ? xcalloc(n ? n : 1, sizeof *t->points) : NULL;
    const size_t whole = ngroups;
    const int64_t bar = k_num * D; /* ≤ 10^18 */
    for (size_t i = 0; i < n; i++) {
        const uint8_t *row = deprived + i * J;
        int64_t c = 0;
        for (size_t j = 0; j < J; j++)
            if (row[j]) c += w[j];
        size_t b = bucket_of(opt, i);
        bool poor = k_den * c >= bar; /* ≤ 10^18: exact */
        if (t->points) t->points[i] = c;
        t->is_poor[i] = poor;
        t->units[whole]++;
        if (b != SIZE_MAX) t->units[b]++;
        if (!poor) continue;
        t->poor[whole]++;
        t->sum[whole] += c;
        int64_t *all = t->cnt + whole * J, *grp = b != SIZE_MAX ? t->cnt + b * J : NULL;
        if (b != SIZE_MAX) {
            t->poor[b]++;
            t->sum[b] += c;
        }
        for (size_t j = 0; j < J; j++) {
            if (!row[j]) continue;
            all[j]++;
            if (grp) grp[j]++;
        }
    }
}

/* The fractions of bucket b, in measures allocated here (freed by core_af_result_free). */
static void fill_measures(core_af_measures *m, const tally *t, size_t b, const int64_t *w, int64_t D,
                          const core_af_options *opt) {
    const size_t J = t->J, whole = t->nbuckets - 1;
    const int64_t units = t->units[b], q = t->poor[b], S = t->sum[b];
    const int64_t *cnt = t->cnt + b * J;
    memset(m, 0, sizeof *m);
    m->n = units;
    m->q = q;
    m->H = ratio(q, units);
    m->A = ratio(S, q * D);
    m->M0 = ratio(S, units * D);
    m->M1 = m->M2 = CORE_FRAC_ZERO;
    m->censored_sum = ratio(S, D);
    m->poor_deprived = xmalloc(J * sizeof *m->poor_deprived);
    memcpy(m->poor_deprived, cnt, J * sizeof *cnt);
    m->h = xmalloc(J * sizeof *m->h);
    m->contribution = xmalloc(J * sizeof *m->contribution);
    for (size_t j = 0; j < J; j++) {
        m->h[j] = ratio(cnt[j], units);
        m->contribution[j] = ratio(w[j] * cnt[j], S); /* w_j·h_j/M0 = w_j·cnt_j/(D·n) · (D·n)/S */
    }
    if (opt->dimension) {
        int64_t *part = xcalloc(opt->ndimensions, sizeof *part);
        for (size_t j = 0; j < J; j++) part[opt->dimension[j]] += w[j] * cnt[j];
        m->dimension_contribution = xmalloc(opt->ndimensions * sizeof *m->dimension_contribution);
        for (size_t d = 0; d < opt->ndimensions; d++) m->dimension_contribution[d] = ratio(part[d], S);
        free(part);
    }
    m->population_share = ratio(units, t->units[whole]);
    m->share_of_M0 = ratio(S, t->sum[whole]);
}

static void free_measures(core_af_measures *m) {
    free(m->poor_deprived);
    free(m->h);
    free(m->contribution);
    free(m->dimension_contribution);
    memset(m, 0, sizeof *m);
}

void core_af_result_free(core_af_result *r) {
    if (!r) return;
    free_measures(&r->total);
    for (size_t g = 0; r->groups && g < r->ngroups; g++) free_measures(&r->groups[g]);
    free(r->groups);
    free(r->score);
    free(r->poor);
    memset(r, 0, sizeof *r);
}

/* Turns the counts into a result: the whole, each group, the decomposition check and per-unit figures. */
static ws_err build_result(const tally *t, const int64_t *w, int64_t D, const core_af_options *opt,
                           core_af_result *r) {
    memset(r, 0, sizeof *r);
    r->nunits = t->n;
    r->nindicators = t->J;
    r->ngroups = t->nbuckets - 1;
    r->ndimensions = opt->dimension ? opt->ndimensions : 0;
    fill_measures(&r->total, t, r->ngroups, w, D, opt);
    r->groups_M0 = CORE_FRAC_ZERO;
    if (r->ngroups) {
        r->groups = xcalloc(r->ngroups, sizeof *r->groups);
        for (size_t g = 0; g < r->ngroups; g++) {
            fill_measures(&r->groups[g], t, g, w, D, opt);
            /* From the group's own M0, not from the counts, so that the check means something. */
            core_frac part;
            ws_err e = core_frac_mul(r->groups[g].population_share, r->groups[g].M0, &part);
            if (!e) e = core_frac_add(r->groups_M0, part, &r->groups_M0);
            if (e) {
                core_af_result_free(r);
                return e;
            }
        }
    }
    if (t->points) {
        r->score = xmalloc((t->n ? t->n : 1) * sizeof *r->score);
        r->poor = xmalloc((t->n ? t->n : 1) * sizeof *r->poor);
        for (size_t i = 0; i < t->n; i++) {
            r->score[i] = ratio(t->points[i], D);
            r->poor[i] = t->is_poor[i];
        }
    }
    return WS_OK;
}

ws_err core_af_from_deprivations(size_t n, size_t J, const uint8_t *deprived, const int64_t *weights, int64_t denom,
                                 int64_t k_num, int64_t k_den, const core_af_options *opt, core_af_result *out) {
    if (!opt) opt = &NO_OPTIONS;
    ws_err e = check_common(n, J, opt, k_num, k_den);
    if (!e) e = check_weights(J, weights, denom);
    if (!e && n > 0 && !deprived) e = WS_ERR_INVALID;
    if (e) return e;
    tally t;
    count_units(&t, n, J, deprived, weights, denom, k_num, k_den, opt);
    core_af_result r;
    e = build_result(&t, weights, denom, opt, &r);
    tally_free(&t);
    if (!e) *out = r;
    return e;
}

/* Fraction weights adding up to 1, put over their least common denominator *D as integers. */
static ws_err integer_weights(size_t J, const core_frac *w, int64_t *iw, int64_t *D) {
    int64_t l = 1;
    for (size_t j = 0; j < J; j++) {
        if (w[j].num < 0) return WS_ERR_INVALID;
        int64_t a = l, b = w[j].den;
        while (b) {
            int64_t t = a % b;
            a = b;
            b = t;
        }
        if (l / a > CORE_AF_MAX_DENOM / w[j].den) return WS_ERR_LIMIT;
        l = l / a * w[j].den;
    }
    int64_t total = 0;
    for (size_t j = 0; j < J; j++) {
        if (w[j].num > l) return WS_ERR_INVALID; /* above 1, and the product below could overflow */
        iw[j] = w[j].num * (l / w[j].den);
        total += iw[j];
        if (total > l) return WS_ERR_INVALID;
    }
    if (total != l) return WS_ERR_INVALID;
    *D = l;
    return WS_OK;
}

/*
** Σ_j w_j·(Σ g_ij) / n_b and the same with g², per bucket, for the poor units of the tally. The gap sums
** are kept per bucket and indicator, so each figure is one fraction per indicator and group.
*/
static ws_err add_gaps(const tally *t, const uint8_t *deprived, const core_frac *y, const core_frac *z,
                       const core_frac *w, const core_af_options *opt, core_af_result *r) {
    const size_t J = t->J, nb = t->nbuckets, whole = nb - 1;
    core_frac *g1 = xmalloc(nb * J * sizeof *g1), *g2 = xmalloc(nb * J * sizeof *g2);
    for (size_t c = 0; c < nb * J; c++) g1[c] = g2[c] = CORE_FRAC_ZERO;
    ws_err e = WS_OK;
    for (size_t i = 0; i < t->n && !e; i++) {
        if (!t->is_poor[i]) continue;
        size_t b = bucket_of(opt, i);
        for (size_t j = 0; j < J && !e; j++) {
            if (!deprived[i * J + j]) continue;
            core_frac gap, sq;
            e = core_frac_sub(z[j], y[i * J + j], &gap);
            if (!e) e = core_frac_div(gap, z[j], &gap);
            if (!e) e = core_frac_mul(gap, gap, &sq);
            if (!e) e = core_frac_add(g1[whole * J + j], gap, &g1[whole * J + j]);
            if (!e) e = core_frac_add(g2[whole * J + j], sq, &g2[whole * J + j]);
            if (!e && b != SIZE_MAX) e = core_frac_add(g1[b * J + j], gap, &g1[b * J + j]);
            if (!e && b != SIZE_MAX) e = core_frac_add(g2[b * J + j], sq, &g2[b * J + j]);
        }
    }
    for (size_t b = 0; b < nb && !e; b++) {
        core_af_measures *m = b == whole ? &r->total : &r->groups[b];
        core_frac m1 = CORE_FRAC_ZERO, m2 = CORE_FRAC_ZERO, part;
        for (size_t j = 0; j < J && !e; j++) {
            e = core_frac_mul(w[j], g1[b * J + j], &part);
            if (!e) e = core_frac_add(m1, part, &m1);
            if (!e) e = core_frac_mul(w[j], g2[b * J + j], &part);
            if (!e) e = core_frac_add(m2, part, &m2);
        }
        if (!e && m->n > 0) {
            core_frac units = core_frac_int(m->n);
            e = core_frac_div(m1, units, &m->M1);
            if (!e) e = core_frac_div(m2, units, &m->M2);
        }
    }
    free(g1);
    free(g2);
    return e;
}

ws_err core_af_from_achievements(size_t n, size_t J, const core_frac *y, const core_frac *z, const core_frac *weights,
                                 core_frac k, const core_af_options *opt, core_af_result *out) {
    if (!opt) opt = &NO_OPTIONS;
    if (!z || !weights || (n > 0 && !y)) return WS_ERR_INVALID;
    ws_err e = check_common(n, J, opt, k.num, k.den);
    if (e) return e;
    for (size_t j = 0; j < J; j++)
        if (z[j].num <= 0) return WS_ERR_INVALID;
    int64_t *iw = xmalloc(J * sizeof *iw), D = 0;
    uint8_t *deprived = NULL;
    tally t = {0};
    core_af_result r = {0};
    e = integer_weights(J, weights, iw, &D);
    if (e) goto fail;
    deprived = xmalloc(n > 0 ? n * J : 1);
    for (size_t c = 0; c < n * J; c++) deprived[c] = core_frac_cmp(y[c], z[c % J]) < 0;
    count_units(&t, n, J, deprived, iw, D, k.num, k.den, opt);
    e = build_result(&t, iw, D, opt, &r);
    if (e) goto fail;
    r.has_gaps = true;
    e = add_gaps(&t, deprived, y, z, weights, opt, &r);
    if (e) {
        core_af_result_free(&r);
        goto fail;
    }
    *out = r;
fail:
    tally_free(&t);
    free(deprived);
    free(iw);
    return e;
}
