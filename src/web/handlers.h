/*
** handlers.h: the API's handlers, one file per resource (h_<resource>.c). Each is routed in dispatch.c.
*/
#ifndef WS_WEB_HANDLERS_H
#define WS_WEB_HANDLERS_H
#include "http.h"

void web_divisions_list(web_req *rq, web_res *rs);
void web_division_get(web_req *rq, web_res *rs);

void web_households_list(web_req *rq, web_res *rs);
void web_households_create(web_req *rq, web_res *rs);
void web_household_get(web_req *rq, web_res *rs);
void web_household_update(web_req *rq, web_res *rs);
void web_household_delete(web_req *rq, web_res *rs);

void web_members_list(web_req *rq, web_res *rs);
void web_members_create(web_req *rq, web_res *rs);
void web_member_get(web_req *rq, web_res *rs);
void web_member_update(web_req *rq, web_res *rs);
void web_member_delete(web_req *rq, web_res *rs);
void web_member_idnum(web_req *rq, web_res *rs);

void web_imports_households(web_req *rq, web_res *rs);
void web_imports_households_template(web_req *rq, web_res *rs);

void web_audit_list(web_req *rq, web_res *rs);
/* Records, in a transaction of its own, that the user saw personal data (object_type object_id). */
ws_err web_audit_view(web_req *rq, const char *action, const char *object_type, const char *object_id);

#endif
