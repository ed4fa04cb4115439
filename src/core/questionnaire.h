/*
** questionnaire.h: a version of the needs-assessment questionnaire, as data, with no storage.
**
** A questionnaire has dimensions and indicators. Each indicator carries an integer weight over the
** version's common denominator D (the default: 8 dimensions, 52 indicators, D = 1344, each dimension
** worth 168), a difficulty area (two-digit code of difficulty_areas), a red-flag rule, and optionally
** a registry fact that decides its level by default (a member aged 80 or more, a severe disability...).
** The tier cut-offs and the poverty cut-off k are fractions p/q of D, compared as q*C >= p*D, never
** with division (see index.md: a household exactly on a cut-off is in the higher tier).
**
** The default version is compiled in (questionnaire_default.c); later versions come from the store.
** Published versions are never edited: the store enforces that, this module only validates.
*/
#ifndef WS_CORE_QUESTIONNAIRE_H
#define WS_CORE_QUESTIONNAIRE_H
#include "fielderr.h"

#include <stdbool.h>
#include <stdint.h>

enum {
    CORE_Q_MAX_DIMS = 16,
    CORE_Q_MAX_INDICATORS = 128,
    CORE_Q_CODE_MAX = 8,   /* "D1", "I52" */
    CORE_Q_TEXT_MAX = 200, /* code points of a wording */
};

/* When an answer raises a red flag (index.md: a red flag puts the household in the red tier). */
typedef enum core_red_rule {
    CORE_RED_NEVER = 0,
    CORE_RED_WHEN_DEPRIVED, /* "whenever deprived": level >= 1 */
    CORE_RED_WHEN_SEVERE,   /* the severe condition ("D grade", "suicide risk", ...): level 2 */
} core_red_rule;

/*
** Registry facts that decide an indicator's level by default. The worker may override the derived
** level only with a reason. Each rule gives 0, 1 or 2 from the household's members and category.
*/
typedef enum core_derive {
    CORE_DERIVE_NONE = 0,
    CORE_DERIVE_ELDERLY_ONLY,       /* I01: all members >= 60 -> 1; one member, aged >= 80 -> 2 */
    CORE_DERIVE_ONE_PERSON,         /* I03: a one-person household -> 1 */
    CORE_DERIVE_SERIOUS_ILLNESS,    /* I15: a member with a serious illness -> 1 */
    CORE_DERIVE_AGED_80,            /* I21: a member >= 80 -> 1, >= 90 -> 2 */
    CORE_DERIVE_DISABILITY,         /* I22: a member with a disability grade 1..4 -> 1 */
    CORE_DERIVE_SEVERE_DISABILITY,  /* I23: grade 1..2 -> 1, grade 1 -> 2 */
    CORE_DERIVE_MULTIPLE_DISABILITY,/* I27: >= 2 disabled members -> 1, >= 2 of grade 1..2 -> 2 */
    CORE_DERIVE_BELOW_DIBAO,        /* I07: category 特困人员 or 低保对象 -> 1 */
    CORE_DERIVE_BELOW_DIBAO_EDGE,   /* I08: category 特困, 低保 or 低保边缘 -> 1 */
    CORE_DERIVE_COUNT
} core_derive;

const char *core_derive_code(core_derive d); /* "aged_80", ...; "" for NONE */
core_derive core_derive_parse(const char *code); /* NONE when unknown */
const char *core_red_rule_code(core_red_rule r); /* "never", "deprived", "severe" */
bool core_red_rule_parse(const char *code, core_red_rule *out);

typedef struct core_q_dimension {
    char code[CORE_Q_CODE_MAX + 1];
    const char *zh, *en; /* not owned: point into the version's storage (static, or a store arena) */
} core_q_dimension;

typedef struct core_q_indicator {
    char code[CORE_Q_CODE_MAX + 1];
    int dimension;           /* index into dimensions */
    const char *zh, *en;     /* wording; not owned, as above */
    const char *deprived_when, *severe_when; /* answer options as shown to the worker; severe_when is
                                               "" when the indicator has no severe level ("n/a") */
    bool has_severe;
    int weight;              /* > 0, over denominator */
    char area[3];            /* difficulty area "01".."13" */
    core_red_rule red;
    core_derive derive;
} core_q_indicator;

typedef struct core_q_cutoff {
    int64_t p, q; /* the fraction p/q of D; 0 < p <= q */
} core_q_cutoff;

typedef struct core_questionnaire {
    int version;                 /* 1, 2, ...; 0 for a draft not yet numbered */
    int denominator;             /* D, = the sum of the weights */
    int ndims, nind;
    core_q_dimension dims[CORE_Q_MAX_DIMS];
    core_q_indicator ind[CORE_Q_MAX_INDICATORS];
    core_q_cutoff severe, poor, vulnerable; /* tier cut-offs: default 1/2, 1/3, 1/5 */
    core_q_cutoff k;                        /* poverty cut-off for population measures: default 1/3 */
    core_q_cutoff max_unanswered;           /* share of indicators that may stay unanswered: 1/10 */
    int reassess_months;                    /* a reassessment falls due after this: default 6 */
} core_questionnaire;

/* The compiled-in default (the spec's 52 indicators), version 1. Static; never freed. */
const core_questionnaire *core_questionnaire_default(void);

/*
** Checks a version before it is published: codes unique and well-formed, every indicator in a
** dimension, weights positive and summing to denominator (at most
** 1,000,000), areas known ("01".."13"), cut-offs
** ordered (vulnerable < poor < severe <= 1), k and max_unanswered in (0,1], reassess_months 1..60.
** Errors name fields as "indicators[3].weight". Returns true when valid.
*/
bool core_questionnaire_validate(const core_questionnaire *q, core_fielderrs *errs);

/* Index of the indicator or dimension with this code, or -1. */
int core_questionnaire_find(const core_questionnaire *q, const char *indicator_code);
int core_questionnaire_find_dim(const core_questionnaire *q, const char *dimension_code);

/* True when q*C >= p*D: "C reaches the cut-off", exact. */
bool core_cutoff_reached(core_q_cutoff c, int64_t score, int64_t denominator);

#endif
