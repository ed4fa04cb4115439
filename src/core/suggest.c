/*
** suggest.c: the order of suggested providers (suggest.h). Pure: integer arithmetic on what the store
** fetched, no I/O.
*/
#include "suggest.h"

#include <stdlib.h>
#include <string.h>

static const struct {
    const char *code, *zh, *en;
} NEARNESS[CORE_NEAR_COUNT] = {
    [CORE_NEAR_TOWN] = {"town", "本乡镇（街道）", "Same town"},
    [CORE_NEAR_COUNTY] = {"county", "本县（市、区）", "Same county"},
    [CORE_NEAR_CITY] = {"city", "全市", "City-wide"},
};

static core_nearness clamp(core_nearness n) { return (unsigned)n < CORE_NEAR_COUNT ? n : CORE_NEAR_CITY; }
const char *core_nearness_code(core_nearness n) { return NEARNESS[clamp(n)].code; }
const char *core_nearness_zh(core_nearness n) { return NEARNESS[clamp(n)].zh; }
const char *core_nearness_en(core_nearness n) { return NEARNESS[clamp(n)].en; }

core_nearness core_nearness_of(const char *provider_division, const char *town_code) {
    size_t n = strlen(provider_division);
    /* a town's county is its first 6 digits, the town its first 9 */
    if (n >= 9 && strncmp(provider_division, town_code, 9) == 0) return CORE_NEAR_TOWN;
    if (n >= 6 && strncmp(provider_division, town_code, 6) == 0) return CORE_NEAR_COUNTY;
    return CORE_NEAR_CITY;
}

core_frac core_suggest_score(int64_t rating_sum, int64_t rating_count) {
    core_frac f = CORE_FRAC_ZERO;
    /* counts and sums of 1..5 stay far below where the fraction could overflow */
    core_frac_make(rating_sum + CORE_RATING_PRIOR_MEAN * CORE_RATING_PRIOR_COUNT,
                   rating_count + CORE_RATING_PRIOR_COUNT, &f);
    return f;
}

int core_suggest_cmp(const core_suggest_candidate *a, const core_suggest_candidate *b) {
    if (a->full != b->full) return a->full ? 1 : -1;
    if (a->nearness != b->nearness) return a->nearness < b->nearness ? -1 : 1;
    int r = core_frac_cmp(b->score, a->score); /* higher first */
    if (r) return r;
    if (a->capacity_left != b->capacity_left) return a->capacity_left > b->capacity_left ? -1 : 1;
    return (a->provider_id > b->provider_id) - (a->provider_id < b->provider_id);
}

static int cmp_void(const void *a, const void *b) { return core_suggest_cmp(a, b); }

void core_suggest_rank(core_suggest_candidate *c, size_t n, const char *town_code) {
    for (size_t i = 0; i < n; i++) {
        c[i].nearness = core_nearness_of(c[i].division_code, town_code);
        c[i].score = core_suggest_score(c[i].rating_sum, c[i].rating_count);
        int64_t left = c[i].capacity_per_week - c[i].open_load;
        c[i].capacity_left = left > 0 ? left : 0;
        c[i].full = left <= 0;
    }
    if (n > 1) qsort(c, n, sizeof *c, cmp_void);
}
