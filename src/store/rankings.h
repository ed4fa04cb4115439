/*
** rankings.h: each household's current index (困难状况及服务需求指数) and the ranking built on it.
**
** household_index holds one row per open household with a submitted assessment: the figures of its
** current assessment (the latest by assessment date, then by id) scored under a questionnaire version,
** the registry facts the ranking key and the fairness view need (category, registration date, town and
** county, the head's sex and birth date), and rank_key, core_rank_key_encode of the key (with the tier of
** an active manual override, if any). The registry's writes (households.c) keep those facts in step in
** their own transaction, so a town's ranking is one index range (town_code, rank_key) read in order.
** index_history keeps every scoring ever made. Rank overrides are kept too, one active per household.
**
** JSON shapes follow docs/api.md ("Index and rankings"). Functions taking w must run inside a write
** transaction (db.h); they do not audit.
*/
#ifndef WS_STORE_RANKINGS_H
#define WS_STORE_RANKINGS_H
#include "../core/date.h"
#include "../core/hindex.h"
#include "assessments.h"
#include "db.h"
#include "questionnaires.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/*
** Scores a's answers (laid onto version sq by indicator code) with its stored needs, records the scoring
** in index_history (why: "submit" or "rescore") and, when a is the household's latest submitted
** assessment, makes it the household's current figures. The score goes to *out when out is not NULL.
*/
ws_err store_index_write(store_conn *w, const store_assessment *a, const store_questionnaire *sq, const char *why,
                         core_hscore *out);

/*
** Brings a household's row in line with the registry after its category, head or members changed (the
** key holds the category; the fairness view the head's sex and age). Nothing to do without a row.
*/
ws_err store_index_registry_changed(store_conn *w, int64_t household_id);
/* Removes a closed household's current row (its history stays). */
ws_err store_index_remove(store_conn *w, int64_t household_id);

/*
** The figures of one scoring as the API shows them: tier, C, C_sev, G, B, U, share of D, dimensions,
** deprived indicators, red flags, unanswered indicators, needs. levels are in q's order. New reference.
*/
json_t *store_figures_json(store_conn *c, const core_questionnaire *q, const int8_t *levels, const core_hscore *s,
                           const store_need *needs, size_t nneeds);
/* The needs of an assessment as JSON items, named from the catalog c holds; new reference. */
json_t *store_needs_json(store_conn *c, const store_need *needs, size_t n);

/*
** A household's current index within scope, as GET /households/{id}/index answers it (figures, ranks in
** its town, county and city, override, history). WS_ERR_NOTFOUND when the household is not open within
** scope; WS_ERR_INVALID when it has no submitted assessment (not assessed).
*/
ws_err store_index_json(store_conn *c, const char *scope, int64_t household_id, core_date today, json_t **out);

typedef struct store_ranking_query {
    const char *scope;     /* required */
    const char *division;  /* NULL, or a code of 4, 6 or 9 digits */
    const char *tier;      /* NULL or a tier code: the tier a household ranks in */
    const char *category;  /* NULL or a category code */
    const char *area;      /* NULL or a difficulty area deprived or asked for */
    const char *need;      /* NULL or a service item asked for */
    int overdue;           /* -1 either, 1 only overdue, 0 only not overdue */
    core_date today;
    int64_t limit, offset; /* limit 0: every row */
} store_ranking_query;

/* A page of the ranking as JSON items (rank = offset + position), and the total matching. *items is new.
** WS_ERR_NOTFOUND when the division does not exist or lies outside the scope (a wider one included). */
ws_err store_rankings_list(store_conn *c, const store_ranking_query *q, json_t **items, int64_t *total);

/*
** The query plan SQLite chooses for a ranking of division (4, 6 or 9 digits), as the lines of EXPLAIN QUERY
** PLAN joined by newlines, into out (size outsz): tests check that a town's ranking reads only that town's
** rows, in order, from the index (town_code, rank_key).
*/
ws_err store_rankings_plan(store_conn *c, const char *division, char *out, size_t outsz);

/*
** Sets a household's manual override (the tier it ranks in) with its reason, ending any earlier one.
** WS_ERR_NOTFOUND when the household has no current index.
*/
ws_err store_override_set(store_conn *w, int64_t household_id, core_tier tier, const char *reason, int64_t user_id,
                          const char *by);
/* Ends a household's active override, if any (*ended says whether there was one; may be NULL). */
ws_err store_override_clear(store_conn *w, int64_t household_id, int64_t user_id, bool *ended);

/*
** Scores every household's current assessment under version sq and reports what would change:
** {"households","tier_changes","by_tier":{"poor→severe":N},"largest_moves":[...]} (city ranks). With
** commit (c is then a write transaction) it also publishes sq (WS_ERR_CONFLICT when published already),
** makes the new figures current and keeps the previous ones in history; the report then has "version".
*/
ws_err store_rescore(store_conn *c, const store_questionnaire *sq, bool commit, int64_t user_id, const char *by,
                     json_t **report);

/* The date a reassessment falls due: months after on (the day clamped to the month's end). */
core_date store_reassess_due(core_date on, int months);

#endif
