/*
** measures.h: figures over a population of households, read from their current index (rankings.h):
** the Alkire–Foster measures of a division and its decomposition by town or by category, the fairness
** view (tiers and ranks by town, category, sex and age group of the head; manual overrides), and the
** dashboard (households by tier and town, M0 by town, overdue reassessments).
**
** The population is the open households of a division with a current assessment scored under the
** current questionnaire version; a household still scored under another version is left out and
** counted in "other_version". Every function takes the caller's scope: a division outside it is
** WS_ERR_NOTFOUND, as if it did not exist. JSON shapes follow docs/api.md ("Measures and dashboard");
** numbers that are ratios come as {"exact":"3/8","decimal":0.375}.
*/
#ifndef WS_STORE_MEASURES_H
#define WS_STORE_MEASURES_H
#include "../core/date.h"
#include "../core/questionnaire.h"
#include "db.h"

#include <jansson.h>
#include <stdbool.h>

typedef enum store_measures_by {
    STORE_BY_NONE = 0,
    STORE_BY_TOWN,
    STORE_BY_CATEGORY,
} store_measures_by;

/*
** The AF measures of division (NULL: the scope itself) with poverty cut-off k (NULL: the version's),
** decomposed by `by`. *out is new.
*/
ws_err store_measures_json(store_conn *c, const char *scope, const char *division, store_measures_by by,
                           const core_q_cutoff *k, json_t **out);

/* Tier counts and mean rank by town, category, sex and age group of the head, and the overrides. */
ws_err store_fairness_json(store_conn *c, const char *scope, const char *division, core_date today, json_t **out);

/* Households, assessed households and tiers, by town with each town's M0, and the overdue reassessments. */
ws_err store_dashboard_json(store_conn *c, const char *scope, const char *division, core_date today, json_t **out);

#endif
