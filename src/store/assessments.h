/*
** assessments.h: a station's assessment of one household on one questionnaire version: the answers
** (a level per indicator, the level the registry derives, and the reason when the two differ) and the
** stated needs (a service item, a difficulty area, an urgency, a note).
**
** Answers are stored raw, by indicator code, with the version they were given under; every figure is
** derived from them (rankings.h). A household has at most one draft; a submitted assessment is never
** changed again (the store refuses it, and triggers refuse it underneath). Functions taking a scope (the
** caller's division code) treat assessments of households outside it, or closed, as absent
** (WS_ERR_NOTFOUND). Functions taking w must run inside a write transaction (db.h); they do not audit.
*/
#ifndef WS_STORE_ASSESSMENTS_H
#define WS_STORE_ASSESSMENTS_H
#include "../core/hindex.h"
#include "../core/household.h"
#include "db.h"
#include "questionnaires.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

enum { STORE_NEEDS_MAX = 50, STORE_VISIT_MAX = 8 };

typedef struct store_need {
    char service[8]; /* a service item's code ("L1") */
    char area[3];    /* a difficulty area ("04") */
    core_urgency urgency;
    char *note;      /* owned; "" when none */
    int64_t id;      /* assessment_needs.id once stored (a draft's change at every save), 0 before */
} store_need;

typedef struct store_assessment {
    int64_t id;      /* 0 until inserted */
    int64_t household_id;
    store_questionnaire *sq; /* owned: the version the answers were given under */
    bool submitted;
    core_date assessed_on;
    char visit_type[STORE_VISIT_MAX]; /* "station", "home", "phone" */
    int64_t assessor_id;              /* 0: none (the demo) */
    char assessor[128];               /* the assessor's display name */
    bool synthetic;
    char created_at[21], updated_at[21], submitted_at[21]; /* "" when not (yet) */
    /* in the order of sq's indicators */
    int8_t level[CORE_Q_MAX_INDICATORS];   /* -1 unanswered, 0..2 */
    int8_t derived[CORE_Q_MAX_INDICATORS]; /* the registry's level, -1 when the indicator is not derived */
    char *reason[CORE_Q_MAX_INDICATORS];   /* the override's reason (owned) or NULL */
    store_need *needs;                     /* owned */
    size_t nneeds;
} store_assessment;

/* True for "station", "home" or "phone". */
bool store_visit_type_valid(const char *v);

/* A new assessment in memory: every indicator unanswered and not derived. Takes ownership of sq. */
store_assessment *store_assessment_new(store_questionnaire *sq, int64_t household_id);
void store_assessment_free(store_assessment *a); /* NULL allowed */
/* Replaces a's needs by a copy of needs[0..n). */
void store_assessment_set_needs(store_assessment *a, const store_need *needs, size_t n);
/* Sets indicator j's override reason (copied; NULL or "" clears it). */
void store_assessment_set_reason(store_assessment *a, int j, const char *reason);

/* The registry facts an assessment derives indicators from, as of a date. */
typedef struct store_household_facts {
    core_category category;
    core_date registered_on;
    char town_code[10];
    core_member_facts *members; /* owned; ages on the date asked for */
    int nmembers;
} store_household_facts;

/* Loads an open household's facts within scope, members' ages on at. Free with store_household_facts_clear. */
ws_err store_household_facts_load(store_conn *c, const char *scope, int64_t household_id, core_date at,
                                  store_household_facts *out);
void store_household_facts_clear(store_household_facts *f);

/*
** Derives the registry's level of every derived indicator from f. An answer that followed the registry
** (its level was the level derived before, or the indicator was not derived yet) takes the new level;
** an answer given against it (with a reason) stays. An answer equal to its derived level needs no reason
** and keeps none. Returns true when anything changed.
*/
bool store_assessment_derive(store_assessment *a, const store_household_facts *f);

/* Loads assessment id (with its version) when its household is open and within scope. */
ws_err store_assessment_load(store_conn *c, const char *scope, int64_t id, store_assessment **out);
/* The id of the household's draft, or WS_ERR_NOTFOUND. */
ws_err store_assessment_draft_id(store_conn *c, int64_t household_id, int64_t *id);

/* Inserts a (a draft, or submitted with submitted_at set); sets a->id, created_at and updated_at. */
ws_err store_assessment_insert(store_conn *w, store_assessment *a);
/* Writes a draft's fields, answers and needs over the stored ones; sets updated_at. WS_ERR_CONFLICT
** when it has been submitted. */
ws_err store_assessment_save(store_conn *w, store_assessment *a);
/* Marks a draft submitted with its own scoring (tier and C); sets submitted_at. */
ws_err store_assessment_mark_submitted(store_conn *w, store_assessment *a, core_tier tier, int32_t c);
/* Deletes a draft with its answers and needs (visits that started it no longer name it); WS_ERR_CONFLICT
** when submitted. */
ws_err store_assessment_delete(store_conn *w, int64_t id);

/* The household's assessments, newest first, as API list items; *items is new. */
ws_err store_assessments_list(store_conn *c, int64_t household_id, json_t **items);

/* A stated need of a submitted assessment, with the household it is for. */
typedef struct store_need_ref {
    int64_t id;            /* assessment_needs.id */
    int64_t assessment_id, household_id;
    char town_code[10];    /* the household's town */
    char service[8];       /* the catalog item */
    char area[3];
    core_urgency urgency;
    bool current;          /* of the household's current assessment (household_index) */
} store_need_ref;

/*
** Loads need id when its assessment is submitted and its household open and within scope; WS_ERR_NOTFOUND
** otherwise (a draft's needs are not stated yet and may still change).
*/
ws_err store_need_get(store_conn *c, const char *scope, int64_t id, store_need_ref *out);

/* How many assessments are synthetic (made by the demo). */
int64_t store_assessments_synthetic_count(store_conn *c);
/* The open synthetic households (made by the demo) with no assessment at all, in id order; *ids is new
** (free()). */
ws_err store_synthetic_unassessed(store_conn *c, int64_t **ids, size_t *n);

/* The levels of a's answers laid onto version q (by indicator code; -1 where a has no answer), and the
** counts of its needs by urgency. */
void store_assessment_levels(const store_assessment *a, const core_questionnaire *q, int8_t *levels);
void store_assessment_need_counts(const store_assessment *a, uint32_t counts[CORE_URG_COUNT]);

#endif
