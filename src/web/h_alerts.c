/*
** h_alerts.c: /api/v1/alerts, /api/v1/alert-rules and /api/v1/discovery/summary — the alerts that monitoring
** records raise, their closing with an outcome, the rules that raise them (edited by the city) and the
** discovery dashboard. Jurisdiction is the caller's division (outside it: 404); every write is audited in
** its own transaction. The rules themselves live in core/alert.h and store/alerts.h.
*/
#include "app.h"
#include "auth.h"
#include "handlers.h"
#include "registry_json.h"

#include "../store/alerts.h"
#include "../store/audit.h"
#include "../store/divisions.h"

#include <string.h>

/* Answers a list as {"items", "total"}. */
static void answer_list(web_res *rs, json_t *items, int64_t total) {
    web_json(rs, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total));
}

void web_alerts_list(web_req *rq, web_res *rs) {
    store_alert_query q = {.scope = rq->user.division_code, .today = rq->today};
    if (!web_query_division_or_answer(rq, rs, &q.division) || !web_paging_or_answer(rq, rs, &q.limit, &q.offset) ||
        !web_query_id_or_answer(rq, rs, "household", "bad_household", &q.household_id))
        return;
    q.severity = web_query(rq, "severity");
    q.state = web_query(rq, "state");
    if (q.severity && !*q.severity) q.severity = NULL;
    if (q.state && !*q.state) q.state = NULL;
    if (q.severity && core_alert_sev_parse(q.severity) == CORE_ALERT_SEV_NONE) {
        web_error(rq, rs, 400, "bad_severity", "严重程度应为高（high）、中（medium）或低（low）",
                  "severity must be high, medium or low");
        return;
    }
    if (q.state && strcmp(q.state, "open") != 0 && strcmp(q.state, "closed") != 0) {
        web_error(rq, rs, 400, "bad_state", "状态应为待处理（open）或已关闭（closed）", "state must be open or closed");
        return;
    }
    json_t *items;
    int64_t total;
    ws_err e = store_alerts_list(web_reader(rq), &q, &items, &total);
    if (e) {
        json_decref(items);
        web_error_from(rq, rs, e);
        return;
    }
    answer_list(rs, items, total);
}

void web_alert_get(web_req *rq, web_res *rs) {
    int64_t id;
    if (!web_param_id_or_answer(rq, rs, 0, &id)) return;
    json_t *out;
    ws_err e = store_alert_json(web_reader(rq), rq->user.division_code, id, rq->today, &out);
    /* The signals name people with their hospital stays, medical costs and disabilities: audited. */
    if (!e && (e = web_audit_view(rq, "view", "alert", web_id_text(rq, id)))) json_decref(out);
    web_answer(rq, rs, e, out);
}

void web_alert_close(web_req *rq, web_res *rs) {
    int64_t id;
    json_t *body;
    if (!web_param_id_or_answer(rq, rs, 0, &id) || !web_body_object_or_answer(rq, rs, &body)) return;
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    static const char *const FIELDS[] = {"outcome", "note", NULL};
    web_check_known_fields(body, FIELDS, "", &errs);
    const char *outcome = json_string_value(json_object_get(body, "outcome")), *note = NULL;
    if (!core_alert_outcome_valid(outcome))
        core_fielderrs_add(&errs, "outcome", "bad_outcome",
                           "结果应为已走访并重新评估（reassessed）、已转介（referred）、已申请政策（policy_applied）、"
                           "无需救助（no_need）或已迁出（moved_away）",
                           "outcome must be reassessed, referred, policy_applied, no_need or moved_away");
    if (!web_json_note(rq, json_object_get(body, "note"), &note))
        web_json_note_error(json_object_get(body, "note"), "", "note", "bad_text", "应为 500 字以内的文字",
                            "Must be text of at most 500 characters", &errs);
    store_conn *w;
    ws_err e = WS_OK;
    if (errs.count) {
        /* a closed or unseen alert answers 409/404 before the body's errors */
        json_t *probe;
        e = store_alert_json(web_reader(rq), rq->user.division_code, id, rq->today, &probe);
        if (!e) {
            if (strcmp(json_string_value(json_object_get(probe, "state")), "closed") == 0) e = WS_ERR_CONFLICT;
            json_decref(probe);
        }
        if (!e) e = WS_ERR_INVALID;
    } else if ((e = web_write_begin(rq, &w)) == WS_OK) {
        e = store_alert_close(w, rq->user.division_code, id, outcome, note, rq->user.id);
        store_actor who = web_actor(rq);
        if (!e)
            e = store_audit_append(w, &who, "close", "alert", web_id_text(rq, id),
                                   json_pack("{s:s, s:s}", "outcome", outcome, "note", note ? note : ""));
        e = store_write_finish(w, e);
    }
    json_t *out = NULL;
    if (!e) e = store_alert_json(web_reader(rq), rq->user.division_code, id, rq->today, &out);
    if (e == WS_ERR_CONFLICT)
        web_error(rq, rs, 409, "alert_closed", "预警已关闭", "The alert is closed already");
    else if (e)
        web_error_fields_or_from(rq, rs, e, &errs);
    else
        web_json(rs, 200, out);
    core_fielderrs_free(&errs);
    json_decref(body);
}

/* ---- rules ---------------------------------------------------------------------------------------- */

void web_alert_rules_list(web_req *rq, web_res *rs) {
    json_t *items;
    ws_err e = store_alert_rules_json(web_reader(rq), &items);
    if (e)
        web_error_from(rq, rs, e);
    else
        answer_list(rs, items, (int64_t)json_array_size(items));
}

void web_alert_rule_facts(web_req *rq, web_res *rs) {
    (void)rq;
    size_t n;
    const core_alert_fact *f = core_alert_facts(&n);
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s, s:s}", "path", f[i].path, "label_zh", f[i].zh,
                                               "label_en", f[i].en, "unit_zh", f[i].unit_zh, "unit_en", f[i].unit_en));
    web_json(rs, 200, json_pack("{s:o}", "items", items));
}

/* POST (id 0) or PATCH a rule. */
static void rule_write(web_req *rq, web_res *rs, int64_t id) {
    json_t *body;
    if (!web_body_object_or_answer(rq, rs, &body)) return;
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    static const char *const FIELDS[] = {"code", "name_zh", "name_en", "kind", "rule", "severity", "team", "status", NULL};
    web_check_known_fields(body, FIELDS, "", &errs);
    store_conn *w;
    int64_t rid = 0;
    ws_err e = web_write_begin(rq, &w);
    if (!e) {
        e = errs.count ? WS_ERR_INVALID : store_alert_rule_write(w, id, body, &rid, &errs);
        store_actor who = web_actor(rq);
        if (!e) e = store_audit_append(w, &who, id ? "update" : "create", "alert_rule", web_id_text(rq, rid), json_deep_copy(body));
        e = store_write_finish(w, e);
    }
    json_t *out = NULL;
    if (!e) e = store_alert_rule_json(web_reader(rq), rid, &out);
    if (e == WS_ERR_CONFLICT)
        web_error(rq, rs, 409, "code_taken", "规则代码已被使用", "The rule code is taken");
    else if (e)
        web_error_fields_or_from(rq, rs, e, &errs);
    else
        web_json(rs, id ? 200 : 201, out);
    core_fielderrs_free(&errs);
    json_decref(body);
}

void web_alert_rules_create(web_req *rq, web_res *rs) { rule_write(rq, rs, 0); }

void web_alert_rule_update(web_req *rq, web_res *rs) {
    int64_t id;
    if (web_param_id_or_answer(rq, rs, 0, &id)) rule_write(rq, rs, id);
}

/* ---- dashboard ----------------------------------------------------------------------------------- */

void web_discovery_summary(web_req *rq, web_res *rs) {
    const char *division;
    if (!web_query_division_or_answer(rq, rs, &division)) return;
    const char *code = division ? division : rq->user.division_code;
    json_t *out;
    ws_err e = store_in_scope(rq->user.division_code, code) ? store_discovery_summary(web_reader(rq), code, rq->today, &out)
                                                             : WS_ERR_NOTFOUND;
    web_answer(rq, rs, e, out);
}
