/*
** providers.h: the resource directory in SQL: providers with the catalog items they offer
** (provider_services), the divisions they serve (provider_areas) and their weekly schedules; the brief
** facts referrals check; the candidates for a suggestion.
**
** Writes take a core_provider validated by core/provider.h; store_provider_check adds what needs the
** database (divisions and catalog items that exist). A provider's service areas cover every town under
** them (a county's code covers its towns, the city's every town). open_load counts the provider's open
** referrals (sent, accepted, in service) and is kept by the referral transitions through
** store_provider_load_add in their own transaction; rating_sum and rating_count hold the satisfaction of
** confirmed outcomes only (store_provider_rate). Functions taking w must run inside a write transaction
** (db.h); they do not audit: callers do, in the same transaction. JSON shapes follow docs/api.md
** ("Services and providers").
*/
#ifndef WS_STORE_PROVIDERS_H
#define WS_STORE_PROVIDERS_H
#include "../core/fielderr.h"
#include "../core/provider.h"
#include "../core/suggest.h"
#include "db.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* ---- writing --------------------------------------------------------------------------------------- */

/*
** Adds field errors for what p names that the database lacks: division_code ("division_not_found"),
** areas[i] ("division_not_found"), items[i] ("unknown_service"). Returns true when there are none.
*/
bool store_provider_check(store_conn *c, const core_provider *p, core_fielderrs *errs);
/* The same with the fields of p's entries named as the caller received them: items_at[i] and areas_at[i]
** (NULL, or a NULL entry: "items[i]", "areas[i]"), for a request whose lists had entries left out. */
bool store_provider_check_named(store_conn *c, const core_provider *p, const char *const *items_at,
                                const char *const *areas_at, core_fielderrs *errs);

/* Inserts p with its items, areas and schedules; *id is the new provider's id. WS_ERR_CONFLICT when an
** hsds_id is taken. */
ws_err store_provider_insert(store_conn *w, const core_provider *p, int64_t *id);

/*
** Writes p over provider id: its own fields, and its items, areas and schedules replaced by p's. An item the
** provider offered before keeps its row (and hsds_id) when p still has it; one p drops is set inactive, not
** deleted, since referrals name it. open_load, rating and synthetic are not changed. WS_ERR_NOTFOUND when
** there is no such provider.
*/
ws_err store_provider_update(store_conn *w, int64_t id, const core_provider *p);

/* open_load += delta (a referral opened: +1, one closed, declined, withdrawn or expired: -1), never below 0. */
ws_err store_provider_load_add(store_conn *w, int64_t id, int delta);

/* Counts one confirmed outcome's satisfaction (1..5) in the provider's rating. */
ws_err store_provider_rate(store_conn *w, int64_t id, int satisfaction);

/* ---- reading --------------------------------------------------------------------------------------- */

/* Loads provider id with its active items, areas and schedules (core_provider_clear frees *out). */
ws_err store_provider_load(store_conn *c, int64_t id, core_provider *out);

/* One provider as the API shows it (docs/api.md); *out is new. WS_ERR_NOTFOUND when absent. */
ws_err store_provider_json(store_conn *c, int64_t id, json_t **out);

typedef struct store_provider_query {
    const char *division; /* NULL, or providers serving there: an area at, above or below the code */
    const char *item;     /* NULL, or providers offering the item (an active service) */
    const char *kind;     /* NULL or a kind code */
    const char *status;   /* NULL or a status code */
    const char *q;        /* NULL or part of the name */
    int64_t only_id;      /* 0, or only this provider (provider staff see their own) */
    int64_t limit, offset;
} store_provider_query;

/* A page of providers as list items (the same shape as one provider), by name then id; *items is new. */
ws_err store_providers_list(store_conn *c, const store_provider_query *q, json_t **items, int64_t *total);

/* Every provider's id, in id order (for an export); *ids is new (free()). */
ws_err store_provider_ids(store_conn *c, int64_t **ids, size_t *n);

/* How many providers are synthetic (made by the demo). */
int64_t store_providers_synthetic_count(store_conn *c);

/* What a referral needs to know of its provider. */
typedef struct store_provider_brief {
    int64_t id;
    char name[4 * CORE_PROVIDER_NAME_MAX + 1];
    char kind[16];
    char division_code[13];
    char level[16]; /* the level of division_code */
    core_provider_status status;
    int64_t capacity_per_week, open_load, rating_sum, rating_count;
    bool synthetic;
} store_provider_brief;

ws_err store_provider_brief_get(store_conn *c, int64_t id, store_provider_brief *out);

/* WS_OK when provider id offers item_code (an active service row), WS_ERR_NOTFOUND otherwise. */
ws_err store_provider_offers(store_conn *c, int64_t id, const char *item_code);

/* WS_OK when one of provider id's service areas covers town_code (the town, its county or the city),
** WS_ERR_NOTFOUND otherwise. */
ws_err store_provider_serves(store_conn *c, int64_t id, const char *town_code);

/* ---- suggestions ----------------------------------------------------------------------------------- */

/*
** The candidates for a need of item_code in town_code (9 digits): active providers with an active service of
** the item and a service area covering the town (the town itself, its county or the city; a village's area
** does not cover its whole town), each with the most specific of those areas in covered_by, read through the
** indexes provider_areas_division and the (provider_id, item_code) key of provider_services. *out is new
** (free with store_candidates_free); rank them with core_suggest_rank.
*/
ws_err store_suggest_candidates(store_conn *c, const char *item_code, const char *town_code,
                                core_suggest_candidate **out, size_t *n);
void store_candidates_free(core_suggest_candidate *c, size_t n);

/* The query plan SQLite chooses for store_suggest_candidates, as the lines of EXPLAIN QUERY PLAN (detail
** column), for tests that check it reads through the indexes. */
ws_err store_suggest_plan(store_conn *c, char *out, size_t outsz);

/* A suggestion list's items from ranked candidates (limit of them from offset), with each provider's facts
** and the reasons why; *items is new. */
ws_err store_suggestions_json(store_conn *c, const core_suggest_candidate *cands, size_t n, size_t offset,
                              size_t limit, const char *item_code, json_t **items);

#endif
