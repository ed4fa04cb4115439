/*
** visits.h: the stations' visit tasks (the work list) and the visits they record (走访).
**
** A task is created with its alert (alerts.h) for the station of the household's town and is due on a
** date set by the severity; an open task past its due date is overdue and escalates to the county
** (core_alert_days_overdue). A visit may complete a task; one whose next step is a reassessment starts a
** draft assessment of the household in the same transaction. Functions taking a scope treat households
** outside it, or closed, as absent (WS_ERR_NOTFOUND). Functions taking w must run inside a write
** transaction (db.h); they do not audit. JSON shapes follow docs/api.md ("Alerts, tasks and visits").
*/
#ifndef WS_STORE_VISITS_H
#define WS_STORE_VISITS_H
#include "../core/date.h"
#include "../core/fielderr.h"
#include "db.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct store_task_query {
    const char *scope, *division; /* the caller's division; NULL or a code of any level */
    const char *state;            /* NULL or "open" (the default), "done", "cancelled", "all" */
    int overdue;                  /* 1: only open tasks past their due date; -1: no filter */
    core_date today;
    int64_t limit, offset;
} store_task_query;

/* The work list: by severity (high first), due date, id. *items is new. */
ws_err store_tasks_list(store_conn *c, const store_task_query *q, json_t **items, int64_t *total);

/* A new visit (fields already checked for form by the caller). */
typedef struct store_visit_new {
    int64_t household_id, task_id; /* task_id 0: none */
    core_date visited_on;
    const char *visit_type, *findings, *next_step;
    int64_t next_ref_id;           /* 0: none (for reassess: start a draft assessment) */
    int64_t visitor_id;
    const char *visitor_name;
} store_visit_new;

/*
** Records a visit within scope: the household must be open and within scope (WS_ERR_NOTFOUND); the task,
** when given, must be the household's and open (WS_ERR_CONFLICT) and is marked done. With next step
** "reassess" and no next_ref_id, starts a draft assessment of the household with the published
** questionnaire (or takes its draft already started). next_ref_id for "refer" must name a referral of the
** household, for "apply_policy" a benefit of it (a field error at next_ref_id: WS_ERR_INVALID). The visit's
** day may not precede the household's registration nor, with a task, its alert's first signal (field
** errors at visited_on). *id is the visit's id.
*/
ws_err store_visit_create(store_conn *w, const char *scope, const store_visit_new *v, core_fielderrs *errs,
                          int64_t *id);

/* A draft assessment started from visits is being deleted: they no longer name it (their next step stays
** "reassess", with nothing to open). */
ws_err store_visits_forget_assessment(store_conn *w, int64_t assessment_id);

/* One visit; *out is new. WS_ERR_NOTFOUND when absent or outside scope. */
ws_err store_visit_json(store_conn *c, const char *scope, int64_t id, json_t **out);
/* The visits of an open household within scope, newest first; *items is new. */
ws_err store_household_visits_json(store_conn *c, const char *scope, int64_t household_id, json_t **items);
/* The visits of a household on or after since ("yyyy-mm-dd", compared with the visit's date), newest first. */
ws_err store_visits_since_json(store_conn *c, int64_t household_id, const char *since, json_t **items);

#endif
