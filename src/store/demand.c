/*
** demand.c: open needs against providers' capacity by town and service category (demand.h).
*/
#include "demand.h"

#include "catalog.h"
#include "divisions.h"
#include "store_int.h"

#include <string.h>

/* {category code: {fields set to 0}} for every category: each town starts from zeros. */
static json_t *zero_by_category(json_t *categories, const char *const *fields, size_t nfields) {
    json_t *by = json_object();
    size_t i;
    json_t *cat;
    json_array_foreach(categories, i, cat) {
        json_t *z = json_object();
        for (size_t f = 0; f < nfields; f++) json_object_set_new(z, fields[f], json_integer(0));
        json_object_set_new(by, json_string_value(json_object_get(cat, "code")), z);
    }
    return by;
}

/*
** Steps st, whose rows are (group, category, figure…), adding column 2 + f into fields[f] of
** groups[group][key][category]; a group or category not in the map is skipped.
*/
static ws_err add_rows(store_conn *c, sqlite3_stmt *st, json_t *groups, const char *key, const char *const *fields,
                       size_t nfields) {
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *group = json_object_get(groups, store_col_text(st, 0));
        json_t *cell = json_object_get(json_object_get(group, key), store_col_text(st, 1));
        if (!cell) continue;
        for (size_t f = 0; f < nfields; f++)
            json_object_set_new(cell, fields[f], json_integer(sqlite3_column_int64(st, 2 + (int)f)));
    }
    return rc == SQLITE_DONE ? WS_OK : store_err(c, rc);
}

static const char *const NEED_FIELDS[] = {"open", "waiting"};
static const char *const CAPACITY_FIELDS[] = {"providers", "per_week", "left"};
enum { N_NEED = 2, N_CAPACITY = 3 };

/* Open and waiting needs per town and category, the towns' group key being the town code, or "" for all. */
static ws_err count_needs(store_conn *c, const char *division, bool per_town, json_t *groups) {
    sqlite3_stmt *st = store_stmt(
        c, "SELECT CASE WHEN ?3 THEN hi.town_code ELSE '' END, si.category_code, count(*), "
           "  sum(CASE WHEN EXISTS (SELECT 1 FROM referrals r WHERE r.need_id = n.id "
           "    AND r.state IN ('draft','sent','accepted','in_service')) THEN 0 ELSE 1 END) "
           "FROM household_index hi "
           "JOIN assessment_needs n ON n.assessment_id = hi.assessment_id "
           "JOIN service_items si ON si.code = n.service_code "
           "WHERE hi.town_code >= ?1 AND hi.town_code < ?2 "
           "  AND NOT EXISTS (SELECT 1 FROM referrals r WHERE r.need_id = n.id "
           "    AND r.state IN ('delivered','confirmed','closed')) "
           "GROUP BY 1, 2");
    if (!st) return WS_ERR_DB;
    store_bind_prefix_range(st, 1, division);
    sqlite3_bind_int(st, 3, per_town);
    return add_rows(c, st, groups, "needs", NEED_FIELDS, N_NEED);
}

/*
** Providers, capacity and capacity left per town and category, each provider counted once per group
** (per town, or once in the whole division when !per_town).
*/
static ws_err count_capacity(store_conn *c, const char *division, bool per_town, json_t *groups) {
    sqlite3_stmt *st = store_stmt(
        c, "SELECT grp, category, count(*), sum(cap), sum(cap_left) FROM ("
           "  SELECT DISTINCT CASE WHEN ?3 THEN t.code ELSE '' END AS grp, si.category_code AS category, p.id, "
           "    p.capacity_per_week AS cap, "
           "    CASE WHEN p.capacity_per_week > p.open_load THEN p.capacity_per_week - p.open_load ELSE 0 END AS cap_left "
           "  FROM divisions t "
           "  JOIN divisions county ON county.code = t.parent_code "
           "  JOIN provider_areas a ON a.division_code IN (t.code, county.code, county.parent_code) "
           "  JOIN providers p ON p.id = a.provider_id AND p.status = 'active' "
           "  JOIN provider_services ps ON ps.provider_id = p.id AND ps.status = 'active' "
           "  JOIN service_items si ON si.code = ps.item_code "
           "  WHERE t.level = 'town' AND t.code >= ?1 AND t.code < ?2) "
           "GROUP BY grp, category");
    if (!st) return WS_ERR_DB;
    store_bind_prefix_range(st, 1, division);
    sqlite3_bind_int(st, 3, per_town);
    return add_rows(c, st, groups, "capacity", CAPACITY_FIELDS, N_CAPACITY);
}

/* Gives group its zeroed "needs" and "capacity" maps. */
static void zero_group(json_t *group, json_t *categories) {
    json_object_set_new(group, "needs", zero_by_category(categories, NEED_FIELDS, N_NEED));
    json_object_set_new(group, "capacity", zero_by_category(categories, CAPACITY_FIELDS, N_CAPACITY));
}

ws_err store_demand_json(store_conn *c, const char *scope, const char *division, json_t **out) {
    const char *code = division && *division ? division : scope;
    json_t *d = NULL, *categories = NULL, *towns = NULL;
    ws_err e = store_division_get(c, scope, code, &d);
    if (!e) e = store_service_categories_json(c, &categories);
    if (!e) e = store_division_towns_named(c, code, &towns);
    if (e) goto done;
    /* the same objects reached two ways: in order through towns, by code through groups */
    json_t *groups = json_object(), *totals = json_object();
    size_t i;
    json_t *town;
    json_array_foreach(towns, i, town) {
        zero_group(town, categories);
        json_object_set(groups, json_string_value(json_object_get(town, "code")), town);
    }
    zero_group(totals, categories);
    json_t *all = json_pack("{s:O}", "", totals);
    if (!(e = count_needs(c, code, true, groups)) && !(e = count_capacity(c, code, true, groups)) &&
        !(e = count_needs(c, code, false, all)) && !(e = count_capacity(c, code, false, all)))
        *out = json_pack("{s:{s:O, s:O, s:O}, s:O, s:O, s:O}", "division", "code", json_object_get(d, "code"),
                         "name", json_object_get(d, "name"), "level", json_object_get(d, "level"), "categories",
                         categories, "towns", towns, "totals", totals);
    json_decref(groups);
    json_decref(totals);
    json_decref(all);
done:
    json_decref(d);
    json_decref(categories);
    json_decref(towns);
    return e;
}
