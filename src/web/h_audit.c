/*
** h_audit.c: /api/v1/audit for auditors, and the audit entry for views of personal data.
*/
#include "auth.h"
#include "handlers.h"

#include "../store/audit.h"

#include <string.h>

ws_err web_audit_view(web_req *rq, const char *action, const char *object_type, const char *object_id) {
    if (strcmp(rq->method, "HEAD") == 0) return WS_OK; /* no body is sent: nothing was seen */
    store_conn *w;
    store_actor who = web_actor(rq);
    ws_err e = web_write_begin(rq, &w);
    if (e) return e;
    return store_write_finish(w, store_audit_append(w, &who, action, object_type, object_id, NULL));
}

void web_audit_list(web_req *rq, web_res *rs) {
    int64_t limit, offset, total;
    if (!web_paging_or_answer(rq, rs, &limit, &offset)) return;
    json_t *items;
    ws_err e = store_audit_list(web_reader(rq), limit, offset, &items, &total);
    if (e) web_error_from(rq, rs, e);
    else web_json(rs, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total));
}
