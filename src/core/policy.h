/*
** policy.h: an assistance policy (救助政策) of the catalog as the domain sees it, with no storage: the
** vocabulary of assistance types, target groups, benefit kinds and parameter units, and the checks every
** write of a policy or a city parameter makes on its form.
**
** A policy's eligibility rule is JsonLogic text over the household facts (facts.h); core_policy_check_rule
** refuses a rule that does not parse as JsonLogic or names a fact the vocabulary lacks. Whether the
** department or the excluded policies exist is the store's question (store/policies.h).
*/
#ifndef WS_CORE_POLICY_H
#define WS_CORE_POLICY_H
#include "fielderr.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
    CORE_POLICY_CODE_MAX = 32,      /* "P-DIBAO": a capital letter, then capitals, digits and '-' */
    CORE_POLICY_NAME_MAX = 100,     /* code points */
    CORE_POLICY_TEXT_MAX = 2000,    /* benefit text, how to apply, documents, legal basis */
    CORE_POLICY_TARGETS_MAX = 12,
    CORE_POLICY_EXCLUDES_MAX = 20,
    CORE_POLICY_RULE_MAX = 16384,   /* bytes of rule text */
    CORE_PARAM_NAME_MAX = 48,       /* "dibao_urban_monthly": lower-case letters, digits and '_' */
};

/* A code with its labels: an assistance type, a target group, a benefit kind, a unit. */
typedef struct core_policy_term {
    const char *code, *zh, *en;
} core_policy_term;

/* The assistance types: the national eight (dibao, tekun, disaster, medical, education, housing,
** employment, temporary), then social (社会力量参与) and subsidy (专项补贴). Static, in that order. */
const core_policy_term *core_assistance_types(size_t *count);
/* The target groups: the six registry categories (tekun, dibao, dibao_edge, rigid_expense, monitored,
** other), then elderly, disabled, children, orphans, students, seriously_ill, unemployed, workers, women,
** disaster_affected, low_income. Static. */
const core_policy_term *core_target_groups(size_t *count);
/* The benefit kinds: amount (an amount of money), rate (a share or a reduction), service. Static. */
const core_policy_term *core_benefit_kinds(size_t *count);
/* The units of a city parameter: fen (money, shown to rules in yuan), multiple, years, months, percent,
** count. Static. */
const core_policy_term *core_param_units(size_t *count);

/* The term of that code in the list, or NULL; list and count as the functions above give them. */
const core_policy_term *core_policy_term_find(const core_policy_term *list, size_t count, const char *code);

/*
** One policy as a write gives it. Every pointer is borrowed (the caller's strings live at least as long as
** the struct is used); optional texts are "" or NULL.
*/
typedef struct core_policy {
    const char *code;
    const char *name_zh, *name_en;
    const char *department;               /* a department's code */
    const char *type;                     /* an assistance type code */
    const char *targets[CORE_POLICY_TARGETS_MAX]; /* target group codes; unused entries NULL */
    const char *benefit_kind;             /* "amount", "rate" or "service" */
    int64_t benefit_amount_fen;           /* a fixed amount (> 0), or 0 when none */
    const char *benefit_parameter;        /* NULL, or the city parameter that gives the amount */
    const char *benefit_text;             /* the benefit in words */
    const char *how_to_apply, *documents, *legal_basis;
    const char *valid_from, *valid_to;    /* "yyyy-mm-dd", or NULL: no limit on that side */
    const char *rule;                     /* JsonLogic text */
    bool inactive;                        /* set inactive: kept, screened for nobody */
} core_policy;

/* True for a well-formed policy code ("P-DIBAO", "P-EDU-COLLEGE"). */
bool core_policy_code_valid(const char *code);
/* True for a well-formed parameter name ("dibao_urban_monthly"). */
bool core_param_name_valid(const char *name);

/*
** Checks p's form: code, names (name_zh required, both at most CORE_POLICY_NAME_MAX code points), type,
** target groups (known, no repeats), benefit (an amount > 0 only with kind amount, a parameter name
** well-formed, not both an amount and a parameter), texts at most CORE_POLICY_TEXT_MAX code points, the
** dates valid and in order, and the rule (core_policy_check_policy_rule). Adds field errors named as the API names
** the fields ("code", "target_groups[1]", "rule"); returns true when there are none.
*/
bool core_policy_check(const core_policy *p, core_fielderrs *errs);

/*
** Checks a rule's text: JSON of at most CORE_POLICY_RULE_MAX bytes that is JsonLogic (jsonlogic.h) and names
** only facts of the vocabulary (facts.h). On failure adds one error at field (code "rule_json",
** "rule_invalid" or "rule_unknown_fact", the message saying where, in Chinese and English) and returns
** false. When it passes and parsed is not NULL, *parsed is the parsed rule (new reference).
*/
bool core_policy_check_rule(const char *text, const char *field, json_t **parsed, core_fielderrs *errs);

/*
** Checks a policy's rule: core_policy_check_rule, and then that it is one JsonLogic expression object (not
** a text, number, boolean or list: "rule_not_test"), and that it compares no enumerated fact with a number
** and no number fact with a text ("rule_type_mismatch"; only a var compared directly with a literal is
** seen). Adds one error at field and returns false on failure.
*/
bool core_policy_check_policy_rule(const char *text, const char *field, core_fielderrs *errs);

/*
** The value a parameter shows to rules (the facts' "params"), from its stored text and unit: fen become
** yuan (100000 → 1000, 82050 → 820.5), other units their number. NULL when text is not a number.
** New reference.
*/
json_t *core_param_fact_value(const char *text, const char *unit);

/*
** Checks a parameter value given in its unit and writes its stored text into out: fen a whole number
** >= 0 ("100000"), other units a number >= 0 written shortest ("1.5", "80"), each at most its unit's sane
** maximum (fen 100,000,000; multiple 100; years 150; months 1800; percent 100; count 1000). On failure adds
** an error at "value" ("bad_value", or "value_out_of_range") and returns false.
*/
bool core_param_value_check(const json_t *value, const char *unit, char *out, size_t outsz, core_fielderrs *errs);

#endif
