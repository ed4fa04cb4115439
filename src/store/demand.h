/*
** demand.h: demand against capacity in a division, by town and service category: the stated needs of
** households' current assessments that are still open, beside the weekly capacity of the providers
** serving each town. The city's and counties' dashboards chart it to show where services are missing.
**
** A need is open until a referral of it is delivered, confirmed or closed; it is waiting when, besides,
** no referral of it is in progress (draft, sent, accepted or in service). A provider counts for a town
** when it is active, offers an active service of the category, and one of its service areas covers the
** town (the town, its county or the city: as providers.h). Its capacity left is its weekly capacity less
** its open referrals, never below 0. A county- or city-wide provider counts in every town it covers, so
** towns do not add up to the division: the totals count each provider once.
*/
#ifndef WS_STORE_DEMAND_H
#define WS_STORE_DEMAND_H
#include "db.h"

#include <jansson.h>

/*
** The figures of division (NULL or "": the scope itself) as docs/api.md ("Demand and capacity") shows
** them; a division outside scope is WS_ERR_NOTFOUND. *out is new.
*/
ws_err store_demand_json(store_conn *c, const char *scope, const char *division, json_t **out);

#endif
