/*
** dispatch.c: the route table, authentication before handlers, the UI's static files, security headers.
*/
#include "app.h"
#include "auth.h"
#include "handlers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef void (*web_handler)(web_req *rq, web_res *rs);

typedef struct route {
    const char *method;
    const char *pattern; /* "{}" matches one path segment, passed to the handler as a parameter */
    web_handler handler;
    unsigned roles;      /* who may call it; 0: no login needed */
} route;

static void health(web_req *rq, web_res *rs) { web_json(rs, 200, json_pack("{s:s}", "status", "ok")); }

static const route ROUTES[] = {
    {"GET", "/healthz", health, 0},
    {"POST", "/api/v1/session", web_session_create, 0},
    {"GET", "/api/v1/session", web_session_get, WEB_ROLES_ANY},
    {"DELETE", "/api/v1/session", web_session_delete, WEB_ROLES_ANY},
    {"GET", "/api/v1/divisions", web_divisions_list, WEB_ROLES_ANY},
    {"GET", "/api/v1/divisions/{}", web_division_get, WEB_ROLES_ANY},
    {"GET", "/api/v1/households", web_households_list, WEB_ROLES_REGISTRY_READ},
    {"POST", "/api/v1/households", web_households_create, WEB_ROLES_REGISTRY_WRITE},
    {"GET", "/api/v1/households/{}", web_household_get, WEB_ROLES_REGISTRY_READ},
    {"PATCH", "/api/v1/households/{}", web_household_update, WEB_ROLES_REGISTRY_WRITE},
    {"DELETE", "/api/v1/households/{}", web_household_delete, WEB_ROLES_REGISTRY_WRITE},
    {"GET", "/api/v1/households/{}/members", web_members_list, WEB_ROLES_REGISTRY_READ},
    {"POST", "/api/v1/households/{}/members", web_members_create, WEB_ROLES_REGISTRY_WRITE},
    {"GET", "/api/v1/households/{}/members/{}", web_member_get, WEB_ROLES_REGISTRY_READ},
    {"PATCH", "/api/v1/households/{}/members/{}", web_member_update, WEB_ROLES_REGISTRY_WRITE},
    {"DELETE", "/api/v1/households/{}/members/{}", web_member_delete, WEB_ROLES_REGISTRY_WRITE},
    {"GET", "/api/v1/households/{}/members/{}/id-number", web_member_idnum, WEB_ROLES_REGISTRY_WRITE},
    {"POST", "/api/v1/imports/households", web_imports_households, WEB_ROLES_REGISTRY_WRITE},
    {"GET", "/api/v1/imports/households/template", web_imports_households_template, WEB_ROLES_ANY},
    {"GET", "/api/v1/hsds/services", web_hsds_services, WEB_ROLES_REGISTRY_READ},
    {"GET", "/api/v1/hsds/services/{}", web_hsds_service, WEB_ROLES_REGISTRY_READ},
    {"GET", "/api/v1/hsds/organizations", web_hsds_organizations, WEB_ROLES_REGISTRY_READ},
    {"GET", "/api/v1/hsds/organizations/{}", web_hsds_organization, WEB_ROLES_REGISTRY_READ},
    {"GET", "/api/v1/hsds/package", web_hsds_package, WEB_ROLES_REGISTRY_READ},
    {"GET", "/api/v1/hsds/package/{}", web_hsds_file, WEB_ROLES_REGISTRY_READ},
    {"POST", "/api/v1/hsds/import", web_hsds_import, WEB_ROLE_CITY_ADMIN},
    {"GET", "/api/v1/questionnaires", web_questionnaires_list, WEB_ROLES_ANY},
    {"POST", "/api/v1/questionnaires", web_questionnaires_create, WEB_ROLE_CITY_ADMIN},
    {"GET", "/api/v1/questionnaires/{}", web_questionnaire_get, WEB_ROLES_ANY},
    {"PATCH", "/api/v1/questionnaires/{}", web_questionnaire_update, WEB_ROLE_CITY_ADMIN},
    {"POST", "/api/v1/questionnaires/{}/rescore", web_questionnaire_rescore, WEB_ROLE_CITY_ADMIN},
    {"GET", "/api/v1/households/{}/assessments", web_assessments_list, WEB_ROLES_REGISTRY_READ},
    {"POST", "/api/v1/households/{}/assessments", web_assessments_create, WEB_ROLES_REGISTRY_WRITE},
    {"GET", "/api/v1/assessments/{}", web_assessment_get, WEB_ROLES_REGISTRY_READ},
    {"PATCH", "/api/v1/assessments/{}", web_assessment_update, WEB_ROLES_REGISTRY_WRITE},
    {"DELETE", "/api/v1/assessments/{}", web_assessment_delete, WEB_ROLES_REGISTRY_WRITE},
    {"POST", "/api/v1/assessments/{}/submit", web_assessment_submit, WEB_ROLES_REGISTRY_WRITE},
    {"GET", "/api/v1/households/{}/index", web_household_index, WEB_ROLES_REGISTRY_READ},
    {"POST", "/api/v1/households/{}/rank-override", web_rank_override_set, WEB_ROLES_REGISTRY_WRITE},
    {"DELETE", "/api/v1/households/{}/rank-override", web_rank_override_delete, WEB_ROLES_REGISTRY_WRITE},
    {"GET", "/api/v1/rankings", web_rankings_list, WEB_ROLES_REGISTRY_READ},
    {"GET", "/api/v1/measures", web_measures_get, WEB_ROLES_REGISTRY_READ},
    {"GET", "/api/v1/fairness", web_fairness_get, WEB_ROLES_REGISTRY_READ},
    {"GET", "/api/v1/dashboard", web_dashboard_get, WEB_ROLES_REGISTRY_READ},
    {"GET", "/api/v1/demand", web_demand_get, WEB_ROLES_REGISTRY_READ},
    {"GET", "/api/v1/services", web_services_list, WEB_ROLES_ANY},
    {"POST", "/api/v1/services", web_services_create, WEB_ROLE_CITY_ADMIN},
    {"PATCH", "/api/v1/services/{}", web_service_update, WEB_ROLE_CITY_ADMIN},
    {"GET", "/api/v1/providers", web_providers_list, WEB_ROLES_ANY},
    {"POST", "/api/v1/providers", web_providers_create, WEB_ROLE_CITY_ADMIN | WEB_ROLE_COUNTY_OFFICER},
    {"GET", "/api/v1/providers/{}", web_provider_get, WEB_ROLES_ANY},
    {"PATCH", "/api/v1/providers/{}", web_provider_update,
     WEB_ROLE_CITY_ADMIN | WEB_ROLE_COUNTY_OFFICER | WEB_ROLE_PROVIDER_STAFF},
    {"GET", "/api/v1/needs/{}/suggestions", web_need_suggestions, WEB_ROLES_REGISTRY_READ},
    /* active discovery (docs/api.md "Alerts, tasks and visits", "Discovery dashboard") */
    {"GET", "/api/v1/alerts", web_alerts_list, WEB_ROLES_REGISTRY_READ},
    {"GET", "/api/v1/alerts/{}", web_alert_get, WEB_ROLES_REGISTRY_READ},
    {"POST", "/api/v1/alerts/{}/close", web_alert_close, WEB_ROLES_REGISTRY_WRITE},
    {"GET", "/api/v1/alert-rules/facts", web_alert_rule_facts, WEB_ROLES_REGISTRY_READ},
    {"GET", "/api/v1/alert-rules", web_alert_rules_list, WEB_ROLES_REGISTRY_READ},
    {"POST", "/api/v1/alert-rules", web_alert_rules_create, WEB_ROLE_CITY_ADMIN},
    {"PATCH", "/api/v1/alert-rules/{}", web_alert_rule_update, WEB_ROLE_CITY_ADMIN},
    {"GET", "/api/v1/tasks", web_tasks_list, WEB_ROLES_REGISTRY_READ},
    {"POST", "/api/v1/visits", web_visits_create, WEB_ROLES_REGISTRY_WRITE},
    {"GET", "/api/v1/households/{}/visits", web_household_visits, WEB_ROLES_REGISTRY_READ},
    {"GET", "/api/v1/discovery/summary", web_discovery_summary, WEB_ROLES_REGISTRY_READ},
    {"GET", "/api/v1/referrals", web_referrals_list, WEB_ROLES_REGISTRY_READ | WEB_ROLE_PROVIDER_STAFF},
    {"POST", "/api/v1/referrals", web_referrals_create, WEB_ROLES_REGISTRY_WRITE},
    {"GET", "/api/v1/referrals/summary", web_referrals_summary, WEB_ROLES_REGISTRY_READ},
    {"GET", "/api/v1/referrals/{}", web_referral_get, WEB_ROLES_REGISTRY_READ | WEB_ROLE_PROVIDER_STAFF},
    {"POST", "/api/v1/referrals/{}/consent", web_referral_consent, WEB_ROLES_REGISTRY_WRITE},
    {"DELETE", "/api/v1/referrals/{}/consent", web_referral_consent_withdraw, WEB_ROLES_REGISTRY_WRITE},
    /* the station side's transitions and the provider side's (core/referral.h) */
    {"POST", "/api/v1/referrals/{}/send", web_referral_act, WEB_ROLES_REGISTRY_WRITE},
    {"POST", "/api/v1/referrals/{}/withdraw", web_referral_act, WEB_ROLES_REGISTRY_WRITE},
    {"POST", "/api/v1/referrals/{}/confirm", web_referral_act, WEB_ROLES_REGISTRY_WRITE},
    {"POST", "/api/v1/referrals/{}/close", web_referral_act, WEB_ROLES_REGISTRY_WRITE},
    {"POST", "/api/v1/referrals/{}/accept", web_referral_act, WEB_ROLE_PROVIDER_STAFF},
    {"POST", "/api/v1/referrals/{}/decline", web_referral_act, WEB_ROLE_PROVIDER_STAFF},
    {"POST", "/api/v1/referrals/{}/start", web_referral_act, WEB_ROLE_PROVIDER_STAFF},
    {"POST", "/api/v1/referrals/{}/deliver", web_referral_act, WEB_ROLE_PROVIDER_STAFF},
    /* household facts, benefits received and their import (docs/api.md "Household facts", "Benefits") */
    {"GET", "/api/v1/facts", web_facts_vocabulary, WEB_ROLES_ANY},
    {"GET", "/api/v1/households/{}/facts", web_household_facts_get, WEB_ROLES_REGISTRY_READ},
    {"PUT", "/api/v1/households/{}/facts", web_household_facts_put, WEB_ROLES_REGISTRY_WRITE},
    {"GET", "/api/v1/households/{}/benefits", web_household_benefits, WEB_ROLES_REGISTRY_READ},
    {"POST", "/api/v1/imports/benefits", web_imports_benefits, WEB_ROLES_REGISTRY_WRITE},
    {"GET", "/api/v1/imports/benefits/template", web_imports_benefits_template, WEB_ROLES_ANY},
    /* monitoring feeds (docs/api.md "Monitoring feeds") */
    {"POST", "/api/v1/imports/feeds", web_imports_feeds, WEB_ROLES_REGISTRY_WRITE},
    {"GET", "/api/v1/feeds", web_feeds_list, WEB_ROLES_REGISTRY_READ},
    {"GET", "/api/v1/households/{}/eligibility", web_household_eligibility, WEB_ROLES_REGISTRY_READ},
    {"GET", "/api/v1/policies/{}/unclaimed", web_policy_unclaimed, WEB_ROLES_REGISTRY_READ},
    /* the policy catalog (docs/api.md "Policies and parameters"); fixed paths before /policies/{} */
    {"GET", "/api/v1/departments", web_departments_list, WEB_ROLES_ANY},
    {"GET", "/api/v1/policies/terms", web_policy_terms, WEB_ROLES_ANY},
    {"GET", "/api/v1/policies/rules", web_policy_rules_export, WEB_ROLES_ANY},
    {"POST", "/api/v1/policies/rules", web_policy_rules_import, WEB_ROLE_CITY_ADMIN},
    {"GET", "/api/v1/policies", web_policies_list, WEB_ROLES_ANY},
    {"POST", "/api/v1/policies", web_policies_create, WEB_ROLE_CITY_ADMIN},
    {"GET", "/api/v1/policies/{}", web_policy_get, WEB_ROLES_ANY},
    {"PATCH", "/api/v1/policies/{}", web_policy_update, WEB_ROLE_CITY_ADMIN},
    {"POST", "/api/v1/rules/check", web_rules_check, WEB_ROLES_REGISTRY_READ},
    {"GET", "/api/v1/parameters", web_parameters_list, WEB_ROLES_ANY},
    {"POST", "/api/v1/parameters", web_parameters_create, WEB_ROLE_CITY_ADMIN},
    {"GET", "/api/v1/parameters/{}", web_parameter_get, WEB_ROLES_ANY},
    {"GET", "/api/v1/audit", web_audit_list, WEB_ROLES_AUDIT},
};

/* Matches path against pattern, collecting "{}" segments into rq->params (arena copies). */
static bool match(web_req *rq, const char *pattern, const char *path) {
    int n = 0;
    while (*pattern && *path) {
        if (pattern[0] == '{' && pattern[1] == '}') {
            const char *end = strchr(path, '/');
            size_t len = end ? (size_t)(end - path) : strlen(path);
            if (len == 0 || n == WEB_MAX_PARAMS) return false;
            rq->params[n++] = core_arena_strndup(rq->arena, path, len);
            path += len;
            pattern += 2;
        } else if (*pattern++ != *path++) {
            return false;
        }
    }
    return *pattern == '\0' && *path == '\0';
}

static void serve_static(web_app *app, web_req *rq, web_res *rs) {
    const web_static_file *f = app->files ? web_static_find(app->files, rq->path) : NULL;
    if (!f) {
        web_error(rq, rs, 404, "not_found", "未找到", "Not found");
        return;
    }
    const char *ae = web_header_get(rq, "Accept-Encoding");
    bool gz = f->gz && ae && strstr(ae, "gzip");
    rs->status = 200;
    rs->content_type = f->content_type;
    rs->static_body = gz ? f->gz : f->data;
    rs->body_len = gz ? f->gz_len : f->len;
    if (gz) web_add_header(rq, rs, "Content-Encoding", "gzip");
    web_add_header(rq, rs, "Vary", "Accept-Encoding");
    web_add_header(rq, rs, "Cache-Control", f->immutable ? "public, max-age=31536000, immutable" : "no-cache");
}

void web_dispatch(web_app *app, web_req *rq, web_res *rs) {
    bool path_known = false;
    for (size_t i = 0; i < sizeof ROUTES / sizeof ROUTES[0]; i++) {
        const route *r = &ROUTES[i];
        if (!match(rq, r->pattern, rq->path)) continue;
        path_known = true;
        if (strcmp(r->method, rq->method) != 0 && !(strcmp(r->method, "GET") == 0 && strcmp(rq->method, "HEAD") == 0))
            continue;
        if (r->roles) {
            web_authenticate(rq);
            if (!web_authorize_or_answer(rq, rs, r->roles)) return;
        }
        r->handler(rq, rs);
        return;
    }
    if (path_known) {
        web_error(rq, rs, 405, "method_not_allowed", "不支持此请求方法", "Method not allowed");
        return;
    }
    if (strncmp(rq->path, "/api/", 5) == 0 || (strcmp(rq->method, "GET") != 0 && strcmp(rq->method, "HEAD") != 0)) {
        web_error(rq, rs, 404, "not_found", "未找到", "Not found");
        return;
    }
    serve_static(app, rq, rs);
}

void web_security_headers(web_req *rq, web_res *rs) {
    web_add_header(rq, rs, "Content-Security-Policy",
                   "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                   "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; "
                   "form-action 'self'; frame-ancestors 'none'");
    web_add_header(rq, rs, "X-Content-Type-Options", "nosniff");
    web_add_header(rq, rs, "Referrer-Policy", "no-referrer");
    web_add_header(rq, rs, "X-Frame-Options", "DENY");
    if (!rs->static_body) web_add_header(rq, rs, "Cache-Control", "no-store");
}

web_app *web_app_new(store_db *db, const char *web_dir) {
    web_app *app = xcalloc(1, sizeof *app);
    app->db = db;
    app->files = web_dir ? web_static_load(web_dir) : NULL;
    app->login_limits = web_ratelimit_new();
    app->lists = web_cache_new();
    return app;
}

void web_app_free(web_app *app) {
    if (!app) return;
    web_static_free(app->files);
    web_ratelimit_free(app->login_limits);
    web_cache_free(app->lists);
    free(app);
}
