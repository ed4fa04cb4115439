/*
** households.h: households and their members in the registry.
**
** ID numbers never reach SQL in the clear: members keep the sealed number, its keyed hash (for
** duplicate checks and exact search) and its masked form (for lists). Households are never deleted,
** only closed, which frees their members' ID numbers for registration elsewhere. Every function that
** takes a scope (the caller's division code) treats households outside it as absent (WS_ERR_NOTFOUND).
** Functions taking w must run inside a write transaction (db.h); they do not audit: callers do, in the
** same transaction. Writes that change what a household's index row copies (its category, its members
** and head) bring that row in line in the same transaction, and closing removes it (rankings.h).
*/
#ifndef WS_STORE_HOUSEHOLDS_H
#define WS_STORE_HOUSEHOLDS_H
#include "../core/household.h"
#include "db.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct store_household_query {
    const char *scope;    /* required */
    const char *division; /* NULL or a code of any level */
    const char *category; /* NULL or a category code */
    const char *q;        /* NULL, part of a name, a household number, or an exact ID number */
    int64_t limit, offset;
} store_household_query;

/* A page of households as JSON list items, newest first, and the total matching. *items is new. */
ws_err store_households_list(store_conn *c, const store_household_query *q, json_t **items, int64_t *total);

/* One open household in full: list fields, members and category history. today gives ages. */
ws_err store_household_json(store_conn *c, const char *scope, int64_t id, core_date today, json_t **out);

/* Loads an open household within scope for an update (strings owned by *out: core_household_clear). */
ws_err store_household_load(store_conn *c, const char *scope, int64_t id, core_household *out);

/*
** Who holds an ID number among active members: the household, the member and its town.
** WS_ERR_NOTFOUND when nobody does.
*/
ws_err store_idnum_owner(store_conn *c, const char number[19], int64_t *household_id, int64_t *member_id,
                         char town_code[10]);

/* One open household as a list item (store_households_list's shape), whatever the scope: for callers that
** found it within theirs already. *out is new; WS_ERR_NOTFOUND when closed or absent. */
ws_err store_household_item(store_conn *c, int64_t id, json_t **out);

/* WS_OK when household id is open and within scope, WS_ERR_NOTFOUND otherwise. */
ws_err store_household_check(store_conn *c, const char *scope, int64_t id);

/* True when another open household (not except_id) of the town uses the household number. */
bool store_household_no_taken(store_conn *c, const char *town_code, const char *household_no, int64_t except_id);

/* How many households are synthetic (made by the demo). */
int64_t store_households_synthetic_count(store_conn *c);

/* True when the division code names an existing town. */
bool store_town_exists(store_conn *c, const char *code);

/* Inserts a household, its members (in order) and its first category record. */
ws_err store_household_insert(store_conn *w, const core_household *h, const core_member *members, size_t count,
                              bool synthetic, int64_t user_id, int64_t *id);
/* The same with each member's ID number already protected (ids[i] for members[i] that have one). */
ws_err store_household_insert_protected(store_conn *w, const core_household *h, const core_member *members,
                                        const core_protected_id *ids, size_t count, bool synthetic,
                                        int64_t user_id, int64_t *id);

/*
** Writes h over household id. When the category differs from the stored one, records the change with
** reason and changed_on. The town is not changed.
*/
ws_err store_household_update(store_conn *w, int64_t id, const core_household *h, const char *reason,
                              core_date changed_on, int64_t user_id);

/* Closes an open household within scope and frees its members' ID numbers; its open visit tasks are
** cancelled and its open alerts closed (store_alerts_household_closed). */
ws_err store_household_close(store_conn *w, const char *scope, int64_t id);

/* The active members of a household, in order, with their ids; free with store_members_free. */
ws_err store_members_load(store_conn *c, int64_t household_id, core_member **members, int64_t **ids, size_t *count);
void store_members_free(core_member *members, int64_t *ids, size_t count);

ws_err store_member_insert(store_conn *w, int64_t household_id, const core_member *m, int64_t *id);
ws_err store_member_update(store_conn *w, int64_t household_id, int64_t member_id, const core_member *m);
ws_err store_member_remove(store_conn *w, int64_t household_id, int64_t member_id);

/* One active member of household_id as JSON (as in the household's members list). */
ws_err store_member_json(store_conn *c, int64_t household_id, int64_t member_id, core_date today, json_t **out);

/* The full ID number of a member (decrypted); WS_ERR_NOTFOUND when absent or the member has none. */
ws_err store_member_idnum(store_conn *c, int64_t household_id, int64_t member_id, char out[19]);



/*
** The city-wide uniqueness rule for one member: when another active member (not self_id; 0 for a new
** member) holds m's ID number, adds a field error at prefix + "id_number" and returns false. The message
** names the household and its town only when it lies within scope; otherwise it says "registered
** elsewhere", so that nobody learns of households outside their jurisdiction.
*/
bool store_check_registered(store_conn *c, const char *scope, const core_member *m, int64_t self_id,
                            const char *prefix, core_fielderrs *errs);

#endif
