/*
** alert.h: the pure rules of active discovery (主动发现): severities and the due dates they set, the
** escalation of overdue visit tasks, the codes of outcomes, teams, visit types and next steps, the facts an
** alert rule may name beyond the household facts (core/facts.h), and the default alert rules.
**
** An alert rule is JsonLogic over the household's facts object extended with two groups that exist only
** for alert rules (policy rules are checked against core_fact_known, which does not know them):
**   "record": {"kind", "amount" (yuan), "occurred_on", "source", "disconnected"}  the record evaluated;
**   "recent": {"medical_cost_12m", "hospital_admissions_12m", ...}  the household's records over the
**             12 months up to the record's date, this one included (sums in yuan, else counts).
** Dates are local days in Asia/Shanghai. Pure: no I/O, no storage.
*/
#ifndef WS_CORE_ALERT_H
#define WS_CORE_ALERT_H
#include "date.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Severities, most severe first; CORE_ALERT_SEV_NONE for an unknown code. */
typedef enum core_alert_sev { CORE_ALERT_HIGH = 0, CORE_ALERT_MEDIUM = 1, CORE_ALERT_LOW = 2, CORE_ALERT_SEV_NONE = 3 } core_alert_sev;

core_alert_sev core_alert_sev_parse(const char *code); /* "high" → CORE_ALERT_HIGH; else SEV_NONE */
const char *core_alert_sev_code(core_alert_sev s);     /* "high", "medium", "low" */

/* Days a visit task has: 3 (high), 7 (medium), 15 (low). */
int core_alert_due_days(core_alert_sev s);

/*
** The due date of a task raised by a record of local day signal_on on local day today: the due days
** counted from the later of the two (an old record starts the clock on the day it is found).
*/
core_date core_alert_due(core_alert_sev s, core_date signal_on, core_date today);

/* Days an open task due on due_on is late on today (0 when not late). A late task escalates to the county. */
long core_alert_days_overdue(core_date due_on, core_date today);

/* Membership of the fixed code lists of docs/api.md ("Alerts, tasks and visits"). */
bool core_alert_outcome_valid(const char *code);   /* reassessed referred policy_applied no_need moved_away */
bool core_alert_team_valid(const char *code);      /* station county city */
bool core_alert_next_step_valid(const char *code); /* reassess refer apply_policy none moved_away */
bool core_alert_kind_valid(const char *code);      /* the feed kinds: medical_cost ... disaster_damage */

/* The feed kinds in a fixed order, and their count. */
const char *const *core_alert_kinds(size_t *count);

/* One fact an alert rule may name beyond the household facts. */
typedef struct core_alert_fact {
    const char *path;           /* "record.amount", "recent.medical_cost_12m" */
    const char *zh, *en;        /* labels */
    const char *unit_zh, *unit_en;
    const char *kind;           /* recent.*: the feed kind it counts or sums; NULL for record.* */
    bool sum;                   /* recent.*: sums amounts (yuan) rather than counting records */
} core_alert_fact;

const core_alert_fact *core_alert_facts(size_t *count);

/* The known-fact test for alert rules (core_jl_check): the household facts, "record", "recent" and their
** facts. ctx is unused. */
bool core_alert_fact_known(const char *path, void *ctx);

/* The label of a path for reasons: an alert fact's, else core_fact_label's. */
const char *core_alert_fact_label(const char *path, bool en, void *ctx);

/* One default rule. */
typedef struct core_alert_rule_def {
    const char *code, *name_zh, *name_en, *kind, *rule, *severity, *team;
} core_alert_rule_def;

const core_alert_rule_def *core_alert_default_rules(size_t *count);

#endif
