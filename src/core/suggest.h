/*
** suggest.h: ranking the providers that could take one stated need, by fit, with the reasons why.
**
** The store fetches the candidates: active providers that offer the need's service item (an active
** service) and whose service areas cover the household's town, each with the most specific area that
** covers it. This file orders them, pure and total (ties end on the provider id):
**   1. room first: a provider with capacity left (open referrals below its weekly capacity) before one
**      that is full; full ones are still listed, marked, for a station that knows better;
**   2. nearness in the division tree: a provider belonging to the household's own town (or a village of
**      it), then one of the same county (the county itself or another of its towns), then the rest
**      (city-level, or another county's);
**   3. rating: the satisfaction of confirmed outcomes, as a mean pulled towards 3 by two imaginary
**      ratings of 3 ((sum + 6) / (count + 2)), so that one 5 does not outrank twenty 4.8s; compared
**      exactly as fractions;
**   4. capacity left, larger first; 5. provider id, smaller first.
*/
#ifndef WS_CORE_SUGGEST_H
#define WS_CORE_SUGGEST_H
#include "frac.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* How near a provider belongs to the household, nearest first. */
typedef enum core_nearness {
    CORE_NEAR_TOWN = 0, /* the household's town, or a village of it */
    CORE_NEAR_COUNTY,   /* the household's county, or another town of it */
    CORE_NEAR_CITY,     /* the city, or another county */
    CORE_NEAR_COUNT
} core_nearness;

const char *core_nearness_code(core_nearness n); /* "town", "county", "city" */
const char *core_nearness_zh(core_nearness n);   /* 本乡镇（街道）, 本县（市、区）, 全市 */
const char *core_nearness_en(core_nearness n);

/*
** The nearness of a provider that belongs to division provider_division for a household of town_code
** (9 digits; codes are prefix-coded: a county is the town's first 6 digits).
*/
core_nearness core_nearness_of(const char *provider_division, const char *town_code);

enum { CORE_RATING_PRIOR_MEAN = 3, CORE_RATING_PRIOR_COUNT = 2 };

/* One candidate as the store found it; strings are borrowed from the caller. */
typedef struct core_suggest_candidate {
    int64_t provider_id;
    const char *division_code; /* where the provider belongs */
    const char *covered_by;    /* the provider's service area that covers the town (town, county or city) */
    int64_t capacity_per_week, open_load;
    int64_t rating_sum, rating_count; /* confirmed outcomes only */
    /* set by core_suggest_rank */
    core_nearness nearness;
    core_frac score;       /* the rating score (rating_sum + 6) / (rating_count + 2) */
    int64_t capacity_left; /* capacity_per_week - open_load, at least 0 */
    bool full;             /* no capacity left */
} core_suggest_candidate;

/* The rating score of sum over count confirmed outcomes: (sum + 6) / (count + 2). */
core_frac core_suggest_score(int64_t rating_sum, int64_t rating_count);

/*
** Fills nearness, score, capacity_left and full of each candidate for a household of town_code, then sorts
** c[0..n) into the order above (in place).
*/
void core_suggest_rank(core_suggest_candidate *c, size_t n, const char *town_code);

/* Negative, zero or positive as a ranks before, level with or after b (after core_suggest_rank filled them). */
int core_suggest_cmp(const core_suggest_candidate *a, const core_suggest_candidate *b);

#endif
