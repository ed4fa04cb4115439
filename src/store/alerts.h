/*
** alerts.h: active discovery in SQL: the alert rules (JsonLogic over a household's facts and its recent
** monitoring records), the alerts they raise with their signals, the visit tasks an alert creates for the
** station of the household's town, the closing of an alert with an outcome, and the discovery dashboard.
**
** An alert is raised only through store_alerts_evaluate_records, for monitoring records matched to an
** open household: one open alert per household and cause (the record's kind), into which later signals
** merge. A new database is seeded with the default rules (migration 6). Functions taking a scope (the
** caller's division code) treat alerts of households outside it as absent (WS_ERR_NOTFOUND). Functions
** taking w must run inside a write transaction (db.h); they do not audit: callers do, in the same
** transaction. JSON shapes follow docs/api.md ("Alerts, tasks and visits", "Discovery dashboard").
*/
#ifndef WS_STORE_ALERTS_H
#define WS_STORE_ALERTS_H
#include "../core/alert.h"
#include "../core/date.h"
#include "../core/fielderr.h"
#include "db.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- rules ----------------------------------------------------------------------------------------- */

/* Inserts the default rules (core_alert_default_rules) that are not there yet, by code. Migration 6. */
ws_err store_seed_alert_rules(store_conn *w);

/* Every rule by code as API items; *items is new. */
ws_err store_alert_rules_json(store_conn *c, json_t **items);
/* One rule as the API shows it; *out is new. WS_ERR_NOTFOUND when absent. */
ws_err store_alert_rule_json(store_conn *c, int64_t id, json_t **out);

/*
** Creates a rule from body (already free of unknown fields) or, with id > 0, changes rule id by the fields
** body has. Checks every field (errors at their API names into errs: WS_ERR_INVALID) and the rule against
** the alert facts (core_alert_fact_known). *out_id is the rule's id. WS_ERR_CONFLICT when a new rule's
** code is taken; WS_ERR_NOTFOUND when rule id is absent.
*/
ws_err store_alert_rule_write(store_conn *w, int64_t id, const json_t *body, int64_t *out_id,
                              core_fielderrs *errs);

/* ---- evaluation ------------------------------------------------------------------------------------ */

/* What an evaluation did. */
typedef struct store_alerts_outcome {
    int64_t evaluated; /* records looked at that concern an open household */
    int64_t raised;    /* alerts opened */
    int64_t merged;    /* signals merged into an alert already open */
} store_alerts_outcome;

/*
** Evaluates the active rules of each record's kind for the records record_ids[0..n) that are matched to an
** open household (others are passed over: they are leads until the person is registered), in id order,
** and opens or merges alerts with their signals and visit tasks. today is the local day the evaluation
** runs (Asia/Shanghai), from which due dates count when the record is older. A record already a signal of
** an alert is not counted again. out may be NULL. Call it inside the write transaction that stored the
** records, after they are matched.
*/
ws_err store_alerts_evaluate_records(store_conn *w, const int64_t *record_ids, size_t n, core_date today,
                                     store_alerts_outcome *out);

/* ---- alerts ---------------------------------------------------------------------------------------- */

typedef struct store_alert_query {
    const char *scope;     /* the caller's division */
    const char *division;  /* NULL or a code of any level */
    const char *severity;  /* NULL or a severity code */
    const char *state;     /* NULL, "open" or "closed" */
    int64_t household_id;  /* 0: any */
    core_date today;       /* for the task's overdue mark */
    int64_t limit, offset;
} store_alert_query;

ws_err store_alerts_list(store_conn *c, const store_alert_query *q, json_t **items, int64_t *total);
/* One alert with its records and visits; *out is new. WS_ERR_NOTFOUND when absent or outside scope. */
ws_err store_alert_json(store_conn *c, const char *scope, int64_t id, core_date today, json_t **out);

/*
** Closes open alert id within scope with outcome (a core_alert_outcome code, checked) and note, cancelling
** its open task. WS_ERR_NOTFOUND when absent or outside scope; WS_ERR_CONFLICT when already closed.
*/
ws_err store_alert_close(store_conn *w, const char *scope, int64_t id, const char *outcome, const char *note,
                         int64_t user_id);

/*
** The notes of the alerts the system closes, stored as "zh / en" (an alert's JSON gives the two halves as
** system_note, for the reader's language). Closed with their household (outcome no_need, no one closing
** them):
*/
#define STORE_ALERT_HOUSEHOLD_CLOSED_NOTE_ZH "家庭档案已注销，预警随之关闭"
#define STORE_ALERT_HOUSEHOLD_CLOSED_NOTE_EN "The household's record was closed"
#define STORE_ALERT_HOUSEHOLD_CLOSED_NOTE STORE_ALERT_HOUSEHOLD_CLOSED_NOTE_ZH " / " STORE_ALERT_HOUSEHOLD_CLOSED_NOTE_EN

/* When a household is closed: its open visit tasks are cancelled and its open alerts closed as no_need
** with STORE_ALERT_HOUSEHOLD_CLOSED_NOTE, so that no work list keeps a task nobody can do. */
ws_err store_alerts_household_closed(store_conn *w, int64_t household_id);

/* The notes of the alerts closed when their records left them: the records turned out to be someone
** else's (outcome no_need), or their person moved to another household (outcome moved_away). */
#define STORE_ALERT_WITHDRAWN_NOTE_ZH "预警所依据的记录经身份证号更正已不属于本户"
#define STORE_ALERT_WITHDRAWN_NOTE_EN \
    "The records behind this alert are no longer this household's after an ID number was corrected"
#define STORE_ALERT_WITHDRAWN_NOTE STORE_ALERT_WITHDRAWN_NOTE_ZH " / " STORE_ALERT_WITHDRAWN_NOTE_EN
#define STORE_ALERT_MOVED_NOTE_ZH "预警所涉成员已迁至其他家庭，记录随之转移"
#define STORE_ALERT_MOVED_NOTE_EN "The member this alert is about moved to another household, and the records with them"
#define STORE_ALERT_MOVED_NOTE STORE_ALERT_MOVED_NOTE_ZH " / " STORE_ALERT_MOVED_NOTE_EN

/* Records record_ids[0..n) belong to another household now (moved: their person joined it), or to none (a
** corrected ID number): they stop being signals of the open alerts of any other household (whose counts
** follow), and an open alert left without signals is closed, its open task cancelled: as moved_away with
** STORE_ALERT_MOVED_NOTE, or as no_need with STORE_ALERT_WITHDRAWN_NOTE. Closed alerts keep their signals
** as history. */
ws_err store_alerts_withdraw_records(store_conn *w, const int64_t *record_ids, size_t n, bool moved);

/* ---- dashboard ------------------------------------------------------------------------------------- */

/* The discovery summary of division (a code within scope, already checked) on today; *out is new. */
ws_err store_discovery_summary(store_conn *c, const char *division, core_date today, json_t **out);

#endif
