/*
** af.h: the Alkire–Foster (AF) multidimensional poverty measures, exact (H, A, M0, M1, M2, censored
** headcount ratios, contributions of indicators and dimensions, and their decomposition by subgroup).
**
** Method (../shared/spec/index.md, "Population measures"). n units, J indicators with weights w_j that
** add up to exactly 1, poverty cut-off k in (0, 1]:
**   deprivation score  c_i = Σ_j w_j·[i deprived in j]
**   poor               c_i ≥ k (a unit exactly on k is poor); q = number poor
**   censored score     c_i(k) = c_i when poor, else 0
**   H = q/n   A = Σ c_i(k)/q (0 when q = 0)   M0 = H·A = Σ c_i(k)/n
**   h_j = (number poor and deprived in j)/n                          censored headcount ratio
**   contribution of j = w_j·h_j/M0 (all 0 when M0 = 0); of a dimension, the sum over its indicators
**   with achievements y_ij and cut-offs z_j: deprived when y_ij < z_j, gap g_ij = (z_j − y_ij)/z_j,
**   M1 = Σ_{i poor} Σ_j w_j·g_ij / n and M2 the same with g_ij²
**   per group g: the same figures over its n_g units; M0 = Σ_g (n_g/n)·M0_g when every unit is in a
**   group, and group g's share of the total is (n_g/n)·M0_g/M0.
** Every figure is an exact core_frac; nothing is rounded. Groups or subsets with no units (n_g = 0)
** get 0 for every ratio, and n = 0 is allowed (all figures 0).
**
** Two entry points share one implementation:
**   core_af_from_deprivations  integer weights over a common denominator D and a 0/1 deprivation
**                              matrix: the registry's path (the questionnaire's D = 1344), for up to
**                              CORE_AF_MAX_UNITS households in one pass of int64 counts, reduced to
**                              fractions at the end. No gaps, so no M1 or M2.
**   core_af_from_achievements  raw achievements y and cut-offs z as fractions: derives the deprivation
**                              matrix and the weights over their common denominator, runs the same
**                              counting, and adds M1 and M2 from the gaps.
**
** Pure: no I/O, no global state, reentrant. The inputs are read during the call and never kept. The
** result owns every array in it (allocated with the aborting x* allocators of mem.h); the caller frees
** them with core_af_result_free. On failure nothing is allocated and *out is untouched.
**
** Errors: WS_ERR_INVALID when the input breaks the method (weights that do not add up to 1 or D, a
** negative weight, k outside (0, 1], a cut-off z_j ≤ 0, a group or dimension index out of range, a NULL
** array that is needed); WS_ERR_LIMIT when a size passes a limit below or an exact figure does not fit
** a core_frac (possible only for M1/M2 or weights from achievements, whose denominators grow with the
** data's decimals; never for core_af_from_deprivations within the limits).
*/
#ifndef WS_CORE_AF_H
#define WS_CORE_AF_H
#include "err.h"
#include "frac.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
** Limits. With n ≤ 10^8 and D ≤ 10^9 every count and sum (n·D ≤ 10^17, k_den·c_i·D ≤ 10^18) fits an
** int64_t, so the integer path is exact without checks in its loop. Group cells bound the memory of
** per-group figures: (ngroups + 1)·J ≤ CORE_AF_MAX_GROUP_CELLS.
*/
enum {
    CORE_AF_MAX_UNITS = 100000000,
    CORE_AF_MAX_INDICATORS = 1024,
    CORE_AF_MAX_DENOM = 1000000000,     /* D, and the denominator of k */
    CORE_AF_MAX_GROUP_CELLS = 1 << 20
};

/* What both entry points optionally do besides the totals. All-zero ({0}) means none of it. */
typedef struct core_af_options {
    const int *group;       /* [n]: unit i's group in [0, ngroups), or -1 for none; NULL: no groups. Not kept. */
    size_t ngroups;         /* groups to report, including any with no units; ignored when group is NULL */
    const int *dimension;   /* [J]: indicator j's dimension in [0, ndimensions); NULL: no dimension figures */
    size_t ndimensions;     /* ≥ 1 when dimension is set; dimensions without indicators get 0 */
    bool per_unit;          /* fill core_af_result.score and .poor (n entries each) */
} core_af_options;

/* The figures of one population: the whole, or one group. */
typedef struct core_af_measures {
    int64_t n;                         /* units */
    int64_t q;                         /* poor units */
    core_frac H, A, M0;
    core_frac M1, M2;                  /* 0 unless core_af_result.has_gaps */
    core_frac censored_sum;            /* Σ c_i(k), the numerator of M0 */
    int64_t *poor_deprived;            /* [J]: units poor and deprived in j, the numerator of h_j */
    core_frac *h;                      /* [J]: censored headcount ratios h_j */
    core_frac *contribution;           /* [J]: w_j·h_j/M0 within this population; they add up to 1 when M0 > 0 */
    core_frac *dimension_contribution; /* [ndimensions], or NULL without a dimension map */
    core_frac population_share;        /* n_g/n (1 for the whole when n > 0) */
    core_frac share_of_M0;             /* (n_g/n)·M0_g/M0: this group's part of the total M0 (0 when M0 = 0) */
} core_af_measures;

typedef struct core_af_result {
    size_t nunits, nindicators, ngroups, ndimensions;
    bool has_gaps;              /* M1 and M2 were computed (core_af_from_achievements) */
    core_af_measures total;
    core_af_measures *groups;   /* [ngroups], or NULL without groups */
    core_frac groups_M0;        /* Σ_g (n_g/n)·M0_g computed from the groups' own figures: equals
                                   total.M0 when every unit is in a group (the decomposition check);
                                   0 without groups */
    core_frac *score;           /* [n]: c_i, or NULL without options.per_unit */
    bool *poor;                 /* [n]: c_i ≥ k, or NULL without options.per_unit */
} core_af_result;

/*
** The registry's path. deprived is n×J, row-major (unit i's indicators at deprived[i·J .. i·J+J)),
** nonzero meaning deprived (the questionnaire's levels 1 and 2 both count). weights[j] ≥ 0 are integers
** over denom = D, with Σ weights = D, 1 ≤ D ≤ CORE_AF_MAX_DENOM. The cut-off is k = k_num/k_den of the
** whole (k_num/k_den · D points), 0 < k_num ≤ k_den ≤ CORE_AF_MAX_DENOM: a unit is poor when
** k_den·C_i ≥ k_num·D, tested in integers. opt may be NULL. J ≥ 1; n may be 0 (deprived may then be
** NULL). Fills *out (free with core_af_result_free); has_gaps is false.
*/
ws_err core_af_from_deprivations(size_t n, size_t J, const uint8_t *deprived, const int64_t *weights, int64_t denom,
                                 int64_t k_num, int64_t k_den, const core_af_options *opt, core_af_result *out);

/*
** The general path. y is n×J achievements, row-major; z[J] cut-offs (each > 0); weights[J] ≥ 0 adding up
** to exactly 1; 0 < k ≤ 1. Unit i is deprived in j when y_ij < z_j. The weights are put over their least
** common denominator (WS_ERR_LIMIT past CORE_AF_MAX_DENOM, e.g. 1/3, 1/7, 1/11 ... with a huge lcm) and
** counted as core_af_from_deprivations does; then M1 and M2 are added (has_gaps true). Negative
** achievements are allowed and give gaps above 1. opt may be NULL. Fills *out (free with
** core_af_result_free).
*/
ws_err core_af_from_achievements(size_t n, size_t J, const core_frac *y, const core_frac *z, const core_frac *weights,
                                 core_frac k, const core_af_options *opt, core_af_result *out);

/* Frees every array of r and zeroes it; r may be NULL or already freed. */
void core_af_result_free(core_af_result *r);

#endif
