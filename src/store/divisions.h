/*
** divisions.h: the administrative tree (city → county-level unit → town/street → village) and the
** referral station of each town.
**
** Codes are prefix-coded (3710 ⊃ 371002 ⊃ 371002001), so "under a division" is a prefix match; the
** scope argument below is the caller's division code, and anything outside it is WS_ERR_NOTFOUND.
*/
#ifndef WS_STORE_DIVISIONS_H
#define WS_STORE_DIVISIONS_H
#include "db.h"

#include <jansson.h>
#include <stdbool.h>

/* True when code lies within scope (equal to it or below it). Pure string test. */
bool store_in_scope(const char *scope, const char *code);

/* Narrows scope by an optional division filter (NULL or "": none) into *prefix, the narrower of the two
** (borrowed from the arguments); false when the two do not overlap. Pure string test. */
bool store_scope_narrow(const char *scope, const char *division, const char **prefix);

/* One division within scope as {code,name,level,kind,parent_code,station,path}; *out is new. */
ws_err store_division_get(store_conn *c, const char *scope, const char *code, json_t **out);

/* The children of parent within scope (an array of divisions without path); *items is new. */
ws_err store_division_children(store_conn *c, const char *scope, const char *parent, json_t **items);

/* The level ("city", "county", "town", "village") of an existing division; WS_ERR_NOTFOUND otherwise. */
ws_err store_division_level(store_conn *c, const char *code, char level[16]);

/* Every town code under scope, in code order; *codes is new (an array of strings). */
ws_err store_division_towns(store_conn *c, const char *scope, json_t **codes);

/* The same towns as {code, name} objects; *towns is new. */
ws_err store_division_towns_named(store_conn *c, const char *scope, json_t **towns);

/*
** For a summary by town: appends every town under scope to list as {code, name} with a copy of fields (its
** zeroed counters), and sets index[code] to the same object, so counts can be added by code.
*/
ws_err store_division_towns_with(store_conn *c, const char *scope, const json_t *fields, json_t *list, json_t *index);

#endif
