/*
** h_suggestions.c: GET /api/v1/needs/{id}/suggestions — the providers that could take one stated need of a
** household in the caller's jurisdiction, best fit first, each with the reasons why (core/suggest.h).
*/
#include "handlers.h"

#include "../store/assessments.h"
#include "../store/catalog.h"
#include "../store/divisions.h"
#include "../store/providers.h"

#include <string.h>

/* The need as the answer names it: its household, town and service item. */
static json_t *need_json(store_conn *c, const store_need_ref *n) {
    json_t *town = NULL;
    store_service_item it = {0};
    store_division_get(c, "", n->town_code, &town);
    store_service_item_get(c, n->service, &it);
    json_t *o = json_pack("{s:I, s:I, s:I, s:s, s:O?, s:s, s:s, s:s, s:s, s:b}", "id", (json_int_t)n->id,
                          "assessment_id", (json_int_t)n->assessment_id, "household_id", (json_int_t)n->household_id,
                          "town_code", n->town_code, "town_name", json_object_get(town, "name"), "service",
                          n->service, "service_zh", it.zh, "area", n->area, "urgency", core_urgency_code(n->urgency),
                          "current", n->current);
    json_decref(town);
    return o;
}

void web_need_suggestions(web_req *rq, web_res *rs) {
    int64_t id, limit, offset;
    if (!web_param_id_or_answer(rq, rs, 0, &id) || !web_paging_or_answer(rq, rs, &limit, &offset)) return;
    store_conn *c = web_reader(rq);
    store_need_ref need;
    ws_err e = store_need_get(c, rq->user.division_code, id, &need);
    if (e) {
        web_error_from(rq, rs, e);
        return;
    }
    core_suggest_candidate *cands = NULL;
    size_t n = 0;
    json_t *items = NULL;
    e = store_suggest_candidates(c, need.service, need.town_code, &cands, &n);
    if (!e) {
        core_suggest_rank(cands, n, need.town_code);
        e = store_suggestions_json(c, cands, n, (size_t)offset, (size_t)limit, need.service, &items);
    }
    store_candidates_free(cands, n);
    if (e) web_error_from(rq, rs, e);
    else web_json(rs, 200, json_pack("{s:o, s:I, s:o}", "need", need_json(c, &need), "total", (json_int_t)n, "items",
                                     items));
}
