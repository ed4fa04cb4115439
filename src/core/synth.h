/*
** synth.h: deterministic synthetic households for demonstrations, screenshots and load tests.
**
** A generator made from a 64-bit seed yields the same households, byte for byte, on every machine: it
** has its own PRNG (xoshiro256** seeded through splitmix64), never calls rand() or the clock, and takes
** "today" from the caller. Households look like a Weihai station's caseload: 1-6 members around one head
** with ages that fit their relations, common surnames (and now and then a rare character outside the
** BMP such as 𡐤), valid ID numbers whose region is the town's county and that are unique within one
** generator, mobiles and 0631 landlines, villages or communities, categories weighted towards 低保.
** Every household and member passes core_household_validate, core_member_validate and
** core_members_check. The people are invented: records made here must be marked synthetic.
*/
#ifndef WS_CORE_SYNTH_H
#define WS_CORE_SYNTH_H
#include "household.h"

#include <stddef.h>
#include <stdint.h>

typedef struct core_synth core_synth;

/* A generator for seed; caller frees with core_synth_free. */
core_synth *core_synth_new(uint64_t seed);
void core_synth_free(core_synth *s); /* NULL is allowed */

/*
** Makes the next household of town_code (9 digits; its first 6 are the county code used in ID numbers)
** as of today (a date after 2000). Fills *h (caller frees with core_household_clear) and sets *members to
** a new array of *count members, the head first (caller calls core_member_clear on each, then
** free(*members)).
*/
void core_synth_household(core_synth *s, const char *town_code, core_date today, core_household *h,
                          core_member **members, size_t *count);

#endif
