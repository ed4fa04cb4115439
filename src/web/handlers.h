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

void web_questionnaires_list(web_req *rq, web_res *rs);
void web_questionnaire_get(web_req *rq, web_res *rs);
void web_questionnaires_create(web_req *rq, web_res *rs);
void web_questionnaire_update(web_req *rq, web_res *rs);
void web_questionnaire_rescore(web_req *rq, web_res *rs);

void web_assessments_list(web_req *rq, web_res *rs);
void web_assessments_create(web_req *rq, web_res *rs);
void web_assessment_get(web_req *rq, web_res *rs);
void web_assessment_update(web_req *rq, web_res *rs);
void web_assessment_submit(web_req *rq, web_res *rs);
void web_assessment_delete(web_req *rq, web_res *rs);

void web_household_index(web_req *rq, web_res *rs);
void web_rankings_list(web_req *rq, web_res *rs);
void web_rank_override_set(web_req *rq, web_res *rs);
void web_rank_override_delete(web_req *rq, web_res *rs);
void web_measures_get(web_req *rq, web_res *rs);
void web_fairness_get(web_req *rq, web_res *rs);
void web_dashboard_get(web_req *rq, web_res *rs);

void web_audit_list(web_req *rq, web_res *rs);
/* Records, in a transaction of its own, that the user saw personal data (object_type object_id). */
ws_err web_audit_view(web_req *rq, const char *action, const char *object_type, const char *object_id);

#endif
