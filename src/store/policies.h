/*
** policies.h: the policy catalog in SQL: departments, policies with their eligibility rules, exclusions
** between policies (避免重复救助) and city parameters by effective date.
**
** A new database is seeded with the default catalog (seed_policies.c, by migration 5): the
** departments, at least 40 policies and the city parameters with example values. Policy codes are never
** reused or removed (benefits received name them); a policy is set inactive instead. Parameters are never
** edited: a new value is a new row with its own effective date, and the value in force on a date is the
** row with the latest effective_from not after it. Functions taking w must run inside a write transaction
** (db.h); they do not audit: callers do, in the same transaction. JSON shapes follow docs/api.md
** ("Policies and parameters"). The catalog is public information: nothing here takes a jurisdiction.
*/
#ifndef WS_STORE_POLICIES_H
#define WS_STORE_POLICIES_H
#include "../core/policy.h"
#include "db.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* ---- departments ------------------------------------------------------------------------------------- */

/* Every department by code as [{"code","name_zh","kind","policies": N active policies}]; *out is new. */
ws_err store_departments_json(store_conn *c, json_t **out);
bool store_department_exists(store_conn *c, const char *code);

/* ---- policies ---------------------------------------------------------------------------------------- */

typedef struct store_policy_query {
    const char *department; /* NULL or a department code */
    const char *type;       /* NULL or an assistance type code */
    const char *target;     /* NULL or a target group code */
    const char *q;          /* NULL or part of the name, code or legal basis */
    const char *status;     /* NULL (all), "active" or "inactive" */
    int64_t limit, offset;
} store_policy_query;

/*
** A page of policies by code, each as one policy (store_policy_json's shape); *items is new.
*/
ws_err store_policies_list(store_conn *c, const store_policy_query *q, json_t **items, int64_t *total);

/*
** One policy as the API shows it; *out is new. WS_ERR_NOTFOUND when absent. "rule" is the parsed JsonLogic,
** "excludes" the codes of the policies it excludes (either side of a stored pair), by code.
*/
ws_err store_policy_json(store_conn *c, int64_t id, json_t **out);
/* The id of the policy of that code; WS_ERR_NOTFOUND when there is none. */
ws_err store_policy_id(store_conn *c, const char *code, int64_t *id);

/*
** Every active policy valid on date ("yyyy-mm-dd": valid_from not after it, valid_to not before it), by
** code, in store_policy_json's shape: what a screening evaluates. *out is new.
*/
ws_err store_policies_in_force(store_conn *c, const char *date, json_t **out);

/* Inserts p (already checked: core_policy_check, department and excluded codes exist); *id is the new
** policy's id. WS_ERR_CONFLICT when the code is taken. Exclusions are written apart. */
ws_err store_policy_insert(store_conn *w, const core_policy *p, int64_t *id);
/* Writes p over policy id (its code stays: p->code must be the policy's); WS_ERR_NOTFOUND when absent. */
ws_err store_policy_update(store_conn *w, int64_t id, const core_policy *p);
/* Replaces a policy's rule (text already checked) by code; WS_ERR_NOTFOUND when there is no such code. */
ws_err store_policy_set_rule(store_conn *w, const char *code, const char *rule);

/* ---- exclusions -------------------------------------------------------------------------------------- */

/* Replaces the exclusions naming code by code–codes[i] for i < n (each an existing policy, not code
** itself). WS_ERR_NOTFOUND when one of them does not exist. */
ws_err store_policy_exclusions_set(store_conn *w, const char *code, const char *const *codes, size_t n);
/* Every exclusion as [["P-A","P-B"], ...] (lower code first), in order; *out is new. */
ws_err store_exclusions_json(store_conn *c, json_t **out);
/* Replaces every exclusion by the pairs of pairs ([[a,b],...], already checked: two different existing
** codes each). */
ws_err store_exclusions_replace(store_conn *w, const json_t *pairs);

/*
** The rules for an export: {"format": "waystation-policy-rules", "version": 1, "rules": {code: rule, ...},
** "exclusions": [[a,b], ...]}; *out is new. Every policy, active or not.
*/
ws_err store_policy_rules_json(store_conn *c, json_t **out);

/* ---- city parameters --------------------------------------------------------------------------------- */

/* One value of a city parameter. */
typedef struct store_parameter {
    char name[CORE_PARAM_NAME_MAX + 1];
    char value[32];          /* stored text: whole fen for money, a decimal otherwise */
    char unit[16];           /* a unit code (core_param_units) */
    char effective_from[11]; /* "yyyy-mm-dd" */
    const char *note;        /* borrowed; "" when none */
} store_parameter;

/*
** The values in force on date as {"name": value, ...}, in the facts' units (fen as yuan:
** core_param_fact_value): the facts' "params". Parameters with no value yet on the date are absent.
** *out is new.
*/
ws_err store_params_in_force(store_conn *c, const char *date, json_t **out);
/* The same as list items by name: [{"name","value","unit","effective_from","note","fact_value"}]; *out is new. */
ws_err store_parameters_json(store_conn *c, const char *date, json_t **out);
/*
** Every value of one parameter, newest effective date first:
** {"name","unit","history": [{"value","effective_from","note","created_at","fact_value"}]}; *out is new.
** WS_ERR_NOTFOUND when the parameter has no value at all.
*/
ws_err store_parameter_history(store_conn *c, const char *name, json_t **out);
/* The unit of a parameter into unit (size 16); WS_ERR_NOTFOUND when the parameter has no value. */
ws_err store_parameter_unit(store_conn *c, const char *name, char unit[16]);
/* Adds a value; WS_ERR_CONFLICT when the parameter has a value with that effective date already. */
ws_err store_parameter_insert(store_conn *w, const store_parameter *p);

#endif
