/*
** benefits.h: the benefits households receive (household_benefits): a policy, from a date, until a date
** or still, and the amount per month in fen. Departments deliver them by CSV (io/benefit_import.h); the
** screening reads them as the facts' "benefits" (facts.h) to tell what a household already receives.
**
** Functions taking a scope treat households outside it, or closed, as absent (WS_ERR_NOTFOUND). Functions
** taking w must run inside a write transaction (db.h); they do not audit.
*/
#ifndef WS_STORE_BENEFITS_H
#define WS_STORE_BENEFITS_H
#include "../core/date.h"
#include "db.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* One received benefit as a write gives it. Strings are borrowed. */
typedef struct store_benefit {
    int64_t household_id;
    const char *policy_code;
    core_date from;
    bool has_to;
    core_date to;        /* when has_to */
    int64_t amount_fen;  /* -1: not given */
    const char *source;  /* "import", "demo", ... */
} store_benefit;

/*
** A household's benefits, newest start first, as API items {"id", "policy_code", "policy_name_zh", "from",
** "to", "amount_fen", "source", "created_at", "current"}, current meaning received on date. *items is new.
*/
ws_err store_benefits_json(store_conn *c, const char *scope, int64_t household_id, core_date date, json_t **items);

/*
** The benefits received on date as {"policy_code", "name_zh", "from", "to", "amount_fen"} items by policy
** code (the screening's "receiving"). The household is not checked. *items is new.
*/
ws_err store_benefits_on(store_conn *c, int64_t household_id, core_date date, json_t **items);

/*
** Records b. A record of the same household, policy and start date is replaced in its end and amount
** (*replaced true); otherwise a new record is added.
*/
ws_err store_benefit_put(store_conn *w, const store_benefit *b, bool *replaced);

/* The stored periods of one policy for one household as [["from", "to" | null], ...] by start. *out is new. */
ws_err store_benefit_periods(store_conn *c, int64_t household_id, const char *policy_code, json_t **out);

/* How many benefits the demo recorded (source "demo"). */
int64_t store_benefits_demo_count(store_conn *c);

/* The open household of a town with that household number (户编号); WS_ERR_NOTFOUND when none. */
ws_err store_household_by_number(store_conn *c, const char *town_code, const char *household_no, int64_t *id);

#endif
