/*
** facts.h: the household facts object a policy rule sees (its shape and vocabulary are core/facts.h),
** built from the registry, the current assessment, the facts stations declare, the benefits received on
** the date and the city parameters in force on it; and the declared facts themselves.
**
** Derived facts come from the registry as it is now (town, members and their disability and illness),
** with ages on the date asked and the category in force on that date (category_history). The assessment
** is the household's current one (household_index); the "assessment" object is absent when there is none.
** Declared facts (household_facts) keep only their latest value, with the day it was recorded: that value
** is used for any date (callers tell people when it was recorded after the date asked). A fact that is neither derived nor declared
** is left out of the object, so that a rule needing it is unknown rather than false. Every function taking
** a scope treats households outside it, or closed, as absent (WS_ERR_NOTFOUND). Functions taking w must run
** inside a write transaction (db.h); they do not audit.
*/
#ifndef WS_STORE_FACTS_H
#define WS_STORE_FACTS_H
#include "../core/date.h"
#include "../core/facts.h"
#include "db.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* One household's facts object on date, even a date before the household was registered (the caller
** compares household.registered_on with it). *out is new. */
ws_err store_facts_build(store_conn *c, const char *scope, int64_t household_id, core_date date, json_t **out);

/* As store_facts_build, with the city parameters in force on date given (store_params_in_force's object,
** borrowed: the facts hold a reference to it), for callers that build many households' facts on few dates. */
ws_err store_facts_build_with(store_conn *c, const char *scope, int64_t household_id, core_date date,
                              json_t *params, json_t **out);

/* What a scan hands over for each household; everything is borrowed for the duration of the call. */
typedef struct store_facts_row {
    int64_t household_id;
    const char *town_code;
    const char *category; /* the category code in force on the date */
    bool synthetic;       /* made by the demo */
    json_t *facts;        /* the household's facts object (the callback may read it, not keep it) */
} store_facts_row;

/* A scan's callback: WS_OK to go on; anything else stops the scan and is returned by it. */
typedef ws_err (*store_facts_fn)(const store_facts_row *row, void *ctx);

/*
** Builds the facts of every open household within scope and division (a code of any level, or NULL: the
** narrower of the two; nothing when they do not overlap) on date, in household id order, and calls fn
** with each. The data is read in bulk (one pass over households, members, declared facts,
** benefits and assessment answers each, merged), not one query per household. Households registered after
** the date are passed over (nothing to screen yet). With without_benefit set (a
** policy code), households that receive that policy on the date are passed over. Without with_assessment
** the "assessment" object is left out of every household's facts (the answers, 52 rows per assessed
** household, are most of the reading): for rules that name no assessment fact.
*/
ws_err store_facts_scan(store_conn *c, const char *scope, const char *division, core_date date,
                        const char *without_benefit, bool with_assessment, store_facts_fn fn, void *ctx);

/*
** The declared facts of a household within scope as a JSON array, in name order:
** [{"fact": "members[12].in_school", "path": "members.in_school", "member_id": 12 | null, "value": <JSON>,
**   "label_zh", "label_en", "unit_zh", "unit_en", "recorded_on": "yyyy-mm-dd",
**   "recorded_by": {"id", "name"} | null}]. Facts of members no longer active are left out. *out is new.
*/
ws_err store_declared_facts_json(store_conn *c, const char *scope, int64_t household_id, json_t **out);

/*
** Records one declared fact of household_id (name as core_fact_name_parse parses it; the value already
** checked with core_fact_value_check), replacing the previous value; value NULL forgets the fact. Writes
** recorded_on and recorded_by (0: none). WS_ERR_NOTFOUND when a member fact names a member that is not an
** active member of the household.
*/
ws_err store_declared_fact_set(store_conn *w, int64_t household_id, const char *name, const json_t *value,
                               core_date recorded_on, int64_t user_id);

#endif
