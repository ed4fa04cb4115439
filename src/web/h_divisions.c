/*
** h_divisions.c: /api/v1/divisions — the division tree as far as the user's jurisdiction reaches.
*/
#include "handlers.h"

#include "../store/divisions.h"

void web_divisions_list(web_req *rq, web_res *rs) {
    const char *parent = web_query(rq, "parent");
    json_t *items;
    ws_err e;
    if (parent && *parent) {
        e = store_division_children(web_reader(rq), rq->user.division_code, parent, &items);
    } else {
        json_t *own;
        e = store_division_get(web_reader(rq), rq->user.division_code, rq->user.division_code, &own);
        items = e ? NULL : json_pack("[o]", own);
    }
    if (e) web_error_from(rq, rs, e);
    else web_json(rs, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)json_array_size(items)));
}

void web_division_get(web_req *rq, web_res *rs) {
    json_t *d;
    ws_err e = store_division_get(web_reader(rq), rq->user.division_code, rq->params[0], &d);
    if (e) web_error_from(rq, rs, e);
    else web_json(rs, 200, d);
}
