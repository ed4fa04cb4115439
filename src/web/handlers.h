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
/* Answers an import's outcome: 200 with the report when e is WS_OK; 422 (413 when too large) with the report
** and an import_invalid error saying zh or en; the error of e when there is no report. Takes report. */
void web_import_answer(web_req *rq, web_res *rs, ws_err e, json_t *report, const char *zh, const char *en);

void web_hsds_services(web_req *rq, web_res *rs);
void web_hsds_service(web_req *rq, web_res *rs);
void web_hsds_organizations(web_req *rq, web_res *rs);
void web_hsds_organization(web_req *rq, web_res *rs);
void web_hsds_package(web_req *rq, web_res *rs);
void web_hsds_file(web_req *rq, web_res *rs);
void web_hsds_import(web_req *rq, web_res *rs);

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
void web_demand_get(web_req *rq, web_res *rs);

void web_services_list(web_req *rq, web_res *rs);
void web_services_create(web_req *rq, web_res *rs);
void web_service_update(web_req *rq, web_res *rs);
void web_providers_list(web_req *rq, web_res *rs);
void web_providers_create(web_req *rq, web_res *rs);
void web_provider_get(web_req *rq, web_res *rs);
void web_provider_update(web_req *rq, web_res *rs);
void web_need_suggestions(web_req *rq, web_res *rs);

void web_referrals_list(web_req *rq, web_res *rs);
void web_referrals_create(web_req *rq, web_res *rs);
void web_referrals_summary(web_req *rq, web_res *rs);
void web_referral_get(web_req *rq, web_res *rs);
void web_referral_consent(web_req *rq, web_res *rs);
void web_referral_consent_withdraw(web_req *rq, web_res *rs);
/* POST /api/v1/referrals/{id}/<action>: the action is the path's last segment. */
void web_referral_act(web_req *rq, web_res *rs);
/* Housekeeping: expires the sent referrals unanswered too long (store_referrals_expire) as the system, each
** audited, in one transaction; logs a failure to stderr. The server calls it at start and every hour. */
void web_referrals_expire_due(web_app *app);

void web_facts_vocabulary(web_req *rq, web_res *rs);
void web_household_facts_get(web_req *rq, web_res *rs);
void web_household_facts_put(web_req *rq, web_res *rs);
void web_household_benefits(web_req *rq, web_res *rs);
void web_imports_benefits(web_req *rq, web_res *rs);
void web_imports_benefits_template(web_req *rq, web_res *rs);

/* monitoring feeds: h_feeds.c */
void web_imports_feeds(web_req *rq, web_res *rs);
void web_feeds_list(web_req *rq, web_res *rs);
void web_household_eligibility(web_req *rq, web_res *rs);
void web_policy_unclaimed(web_req *rq, web_res *rs);
/* Reads the query parameter `date` (default rq->today) into *d; answers 400 bad_date when malformed. */
bool web_query_date_or_answer(web_req *rq, web_res *rs, core_date *d);

void web_departments_list(web_req *rq, web_res *rs);
void web_policy_terms(web_req *rq, web_res *rs);
void web_policies_list(web_req *rq, web_res *rs);
void web_policies_create(web_req *rq, web_res *rs);
void web_policy_get(web_req *rq, web_res *rs);
void web_policy_update(web_req *rq, web_res *rs);
void web_policy_rules_export(web_req *rq, web_res *rs);
void web_policy_rules_import(web_req *rq, web_res *rs);
void web_rules_check(web_req *rq, web_res *rs);
void web_parameters_list(web_req *rq, web_res *rs);
void web_parameters_create(web_req *rq, web_res *rs);
void web_parameter_get(web_req *rq, web_res *rs);

/* active discovery: h_alerts.c, h_tasks.c, h_visits.c */
void web_alerts_list(web_req *rq, web_res *rs);
void web_alert_get(web_req *rq, web_res *rs);
void web_alert_close(web_req *rq, web_res *rs);
void web_alert_rules_list(web_req *rq, web_res *rs);
void web_alert_rule_facts(web_req *rq, web_res *rs);
void web_alert_rules_create(web_req *rq, web_res *rs);
void web_alert_rule_update(web_req *rq, web_res *rs);
void web_discovery_summary(web_req *rq, web_res *rs);
void web_tasks_list(web_req *rq, web_res *rs);
void web_visits_create(web_req *rq, web_res *rs);
void web_household_visits(web_req *rq, web_res *rs);

void web_audit_list(web_req *rq, web_res *rs);
/* Records, in a transaction of its own, that the user saw personal data (object_type object_id). */
ws_err web_audit_view(web_req *rq, const char *action, const char *object_type, const char *object_id);

#endif
