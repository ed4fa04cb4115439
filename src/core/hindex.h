/*
** hindex.h: one household's hardship and service-need index, and the ranking key, exactly as
** ../spec index.md defines them. Pure integer arithmetic, no storage, no floating point.
**
** Inputs are an assessment's levels (one per indicator of its questionnaire version: -1 unanswered,
** 0 not deprived, 1 deprived, 2 severely deprived) and the counts of stated needs by urgency.
** Outputs are C, C_sev, G, B, the per-dimension contributions C_d (which sum exactly to C), red flags,
** the tier and the urgency U. The ranking key orders households: tier (red first), U, C, C_sev, G, B
** (larger first), target category (特困 first), registration date (earlier first), household id
** (smaller first). The key is total, so a ranking never depends on input order.
*/
#ifndef WS_CORE_HINDEX_H
#define WS_CORE_HINDEX_H
#include "date.h"
#include "household.h"
#include "questionnaire.h"

#include <stdbool.h>
#include <stdint.h>

typedef enum core_tier {
    CORE_TIER_NONE = 0,
    CORE_TIER_VULNERABLE,
    CORE_TIER_POOR,
    CORE_TIER_SEVERE,
    CORE_TIER_RED,
    CORE_TIER_COUNT
} core_tier;

const char *core_tier_code(core_tier t); /* "red", "severe", "poor", "vulnerable", "none" */
const char *core_tier_zh(core_tier t);   /* 红色预警, 严重困难, 困难, 脆弱, 无 */
bool core_tier_parse(const char *code, core_tier *out);

typedef enum core_urgency {
    CORE_URG_IMMEDIATE = 0, /* 立即 */
    CORE_URG_PRIORITY,      /* 优先 */
    CORE_URG_ROUTINE,       /* 常规 */
    CORE_URG_COUNT
} core_urgency;

const char *core_urgency_code(core_urgency u); /* "immediate", "priority", "routine" */
const char *core_urgency_zh(core_urgency u);
bool core_urgency_parse(const char *text, core_urgency *out); /* code or Chinese label */

enum { CORE_LEVEL_UNANSWERED = -1 };

typedef struct core_hscore {
    int32_t c;        /* deprivation score, 0..D */
    int32_t c_sev;    /* severe score */
    int32_t g;        /* graded score, 0..2D */
    int32_t breadth;  /* B: dimensions with any deprivation */
    int32_t c_dim[CORE_Q_MAX_DIMS]; /* per-dimension contributions; sum == c */
    int32_t red_flags;              /* indicators whose red-flag rule holds */
    int32_t unanswered;
    core_tier tier;
    uint32_t urgency; /* U = 10000*min(99, n_immediate + red_flags) + 100*min(99, n_priority) + min(99, n_routine) */
} core_hscore;

/*
** Scores one assessment. levels has q->nind entries, each -1..2 (a level of 2 on an indicator
** without a severe level counts as 1). need_counts[u] is the number of stated needs of urgency u.
*/
void core_hindex_score(const core_questionnaire *q, const int8_t *levels,
                       const uint32_t need_counts[CORE_URG_COUNT], core_hscore *out);

/* True when the assessment may be submitted: unanswered share <= q->max_unanswered (exact). */
bool core_hindex_complete_enough(const core_questionnaire *q, const int8_t *levels);

/* Registry facts about one member that derived indicators read. */
typedef struct core_member_facts {
    int age;              /* whole years on the assessment date; -1 unknown */
    int disability_grade; /* 0 none, 1..4 */
    bool serious_illness;
} core_member_facts;

/* The level a registry fact gives an indicator with rule d (0..2). CORE_DERIVE_NONE gives 0. */
int core_hindex_derive(core_derive d, core_category category, const core_member_facts *members,
                       int nmembers);

/* What the ranking compares, in order. */
typedef struct core_rank_key {
    core_tier tier;
    uint32_t urgency;
    int32_t c, c_sev, g, breadth;
    core_category category;  /* CORE_CAT_NONE sorts last */
    int32_t registered_ymd;  /* 20240131 */
    int64_t household_id;
} core_rank_key;

void core_rank_key_from(const core_hscore *s, core_category category, core_date registered,
                        int64_t household_id, core_rank_key *out);

/* Negative when a ranks before b, positive when after, 0 only for the same household id. */
int core_rank_key_cmp(const core_rank_key *a, const core_rank_key *b);

/*
** The key as fixed-width text whose byte order (memcmp, SQL ORDER BY ... ASC, COLLATE BINARY) is the
** ranking order, so the store can index it and count the households ahead of one without sorting.
** Digits only; CORE_RANK_KEY_LEN characters plus the terminating NUL.
*/
/* Widths: tier 1, U 6, C 7, C_sev 7, G 8, B 2, category 1, date 8, id 12 (D <= 1,000,000). */
enum { CORE_RANK_KEY_LEN = 52 };
void core_rank_key_encode(const core_rank_key *k, char out[CORE_RANK_KEY_LEN + 1]);

/* Sorts keys into ranking order (a total order, so the result is unique). */
void core_rank_sort(core_rank_key *keys, size_t n);

#endif
