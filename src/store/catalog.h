/*
** catalog.h: the service catalog (服务清单) as the database holds it: categories, items with the difficulty
** areas they serve and their response and completion times in days. A new database is seeded with the
** default catalog (seed.h); a city administrator adds items and changes names, areas and times.
**
** Item codes are never reused or removed, since needs and referrals name them. Functions taking w must
** run inside a write transaction (db.h); they do not audit.
*/
#ifndef WS_STORE_CATALOG_H
#define WS_STORE_CATALOG_H
#include "../core/fielderr.h"
#include "../core/provider.h"
#include "db.h"

#include <jansson.h>
#include <stdbool.h>

enum { STORE_ITEM_AREAS_MAX = 13, STORE_ITEM_NAME_MAX = 100, STORE_ITEM_DAYS_MAX = 365 };

/* One item of the catalog. */
typedef struct store_service_item {
    char code[CORE_PROVIDER_ITEM_CODE_MAX + 1];
    char category[8];
    char zh[4 * STORE_ITEM_NAME_MAX + 1], en[4 * STORE_ITEM_NAME_MAX + 1];
    char areas[STORE_ITEM_AREAS_MAX][3]; /* difficulty area codes, the first the main one */
    int nareas;
    int respond_days, complete_days;
} store_service_item;

/*
** The whole catalog: {"categories": [{"code","zh","en","items": [item...]}], "areas": [{"code","zh","en"}]};
** an item is {"code","category","zh","en","areas":[{"code","zh","en"}],"respond_days","complete_days"}.
** *out is new.
*/
ws_err store_catalog_json(store_conn *c, json_t **out);

/* The categories alone, in the catalog's order, as [{"code","zh","en"}]; *out is new. */
ws_err store_service_categories_json(store_conn *c, json_t **out);

/* One item as in the catalog; *out is new. WS_ERR_NOTFOUND when there is none of that code. */
ws_err store_service_item_json(store_conn *c, const char *code, json_t **out);

/* Loads one item; WS_ERR_NOTFOUND when there is none of that code. */
ws_err store_service_item_get(store_conn *c, const char *code, store_service_item *out);

/* True when the category, or the difficulty area, exists. */
bool store_service_category_exists(store_conn *c, const char *code);
bool store_difficulty_area_exists(store_conn *c, const char *code);

/* Inserts a new item with its areas; WS_ERR_CONFLICT when the code is taken. */
ws_err store_service_item_insert(store_conn *w, const store_service_item *it);
/* Writes it over the item of its code (names, category, areas, days); WS_ERR_NOTFOUND when absent. */
ws_err store_service_item_update(store_conn *w, const store_service_item *it);

#endif
