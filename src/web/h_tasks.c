/*
** h_tasks.c: /api/v1/tasks — a station's work list of visit tasks, by severity then due date; an overdue
** task escalates to the county, which sees it with its escalation mark (store/visits.h).
*/
#include "handlers.h"

#include "../store/visits.h"

#include <string.h>

void web_tasks_list(web_req *rq, web_res *rs) {
    store_task_query q = {.scope = rq->user.division_code, .today = rq->today, .overdue = -1};
    bool overdue = false;
    if (!web_query_division_or_answer(rq, rs, &q.division) || !web_paging_or_answer(rq, rs, &q.limit, &q.offset) ||
        !web_query_flag_or_answer(rq, rs, "overdue", &overdue))
        return;
    if (overdue) q.overdue = 1;
    q.state = web_query(rq, "state");
    if (q.state && !*q.state) q.state = NULL;
    static const char *const STATES[] = {"open", "done", "cancelled", "all"};
    bool known = !q.state;
    for (size_t i = 0; q.state && i < 4; i++) known |= strcmp(q.state, STATES[i]) == 0;
    if (!known) {
        web_error(rq, rs, 400, "bad_state", "状态应为待走访（open）、已走访（done）、已取消（cancelled）或全部任务（all）",
                  "state must be open, done, cancelled or all");
        return;
    }
    json_t *items;
    int64_t total;
    ws_err e = store_tasks_list(web_reader(rq), &q, &items, &total);
    if (e) {
        json_decref(items);
        web_error_from(rq, rs, e);
        return;
    }
    web_json(rs, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total));
}
