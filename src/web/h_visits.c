/*
** h_visits.c: /api/v1/visits and /api/v1/households/{id}/visits — the visits stations record (走访): a
** visit may complete a visit task, and one that calls for a reassessment starts the household's draft
** assessment in the same transaction (store/visits.h). Audited.
*/
#include "app.h"
#include "auth.h"
#include "handlers.h"
#include "registry_json.h"

#include "../core/alert.h"
#include "../core/text.h"
#include "../store/assessments.h"
#include "../store/audit.h"
#include "../store/visits.h"

#include <string.h>

/* A positive id at body[key] into *id (0 when absent or null), or a field error. */
static void read_id(json_t *body, const char *key, int64_t *id, core_fielderrs *errs) {
    json_t *v = json_object_get(body, key);
    *id = 0;
    if (!v || json_is_null(v)) return;
    if (json_is_integer(v) && json_integer_value(v) > 0)
        *id = json_integer_value(v);
    else
        core_fielderrs_add(errs, key, "bad_id", "应为正整数编号", "Must be a positive whole-number id");
}

/* Reads and checks the body's fields into v. */
static void read_visit(web_req *rq, json_t *body, store_visit_new *v, core_fielderrs *errs) {
    static const char *const FIELDS[] = {"household_id", "task_id", "visited_on", "visit_type", "findings",
                                         "next_step", "next_ref_id", NULL};
    web_check_known_fields(body, FIELDS, "", errs);
    read_id(body, "household_id", &v->household_id, errs);
    if (!v->household_id && !json_object_get(body, "household_id"))
        core_fielderrs_add(errs, "household_id", "required", "必填", "Required");
    read_id(body, "task_id", &v->task_id, errs);
    read_id(body, "next_ref_id", &v->next_ref_id, errs);
    if (!core_date_parse_iso(json_string_value(json_object_get(body, "visited_on")), &v->visited_on) ||
        core_date_ymd(v->visited_on) > core_date_ymd(rq->today))
        core_fielderrs_add(errs, "visited_on", "bad_date", "走访日期应为不晚于今天的有效日期，写成 yyyy-mm-dd",
                           "The visit date must be a real date not after today, written yyyy-mm-dd");
    v->visit_type = json_string_value(json_object_get(body, "visit_type"));
    if (!v->visit_type || !store_visit_type_valid(v->visit_type))
        core_fielderrs_add(errs, "visit_type", "bad_visit_type", "走访方式应为入户（home）、电话（phone）或在站（station）",
                           "visit_type must be home, phone or station");
    v->next_step = json_string_value(json_object_get(body, "next_step"));
    if (!core_alert_next_step_valid(v->next_step))
        core_fielderrs_add(errs, "next_step", "bad_next_step",
                           "下一步应为重新评估（reassess）、转介（refer）、申请政策（apply_policy）、无（none）"
                           "或已迁出（moved_away）",
                           "next_step must be reassess, refer, apply_policy, none or moved_away");
    /* none and moved_away lead to nothing a visit could point at: an id there is a mistake of its own, which
    ** "not this household's record" would misdescribe */
    bool leads_nowhere = v->next_step && (strcmp(v->next_step, "none") == 0 || strcmp(v->next_step, "moved_away") == 0);
    if (v->next_ref_id && leads_nowhere)
        core_fielderrs_add(errs, "next_ref_id", "ref_not_expected",
                           "只有下一步为重新评估、转介或申请政策（reassess、refer、apply_policy）时才可填写关联记录",
                           "next_ref_id goes only with next_step reassess, refer or apply_policy");
    v->findings = json_string_value(json_object_get(body, "findings"));
    size_t n = v->findings ? core_utf8_len(v->findings) : 0, text = 0;
    if (v->findings) core_text_span(v->findings, &text); /* findings of spaces only say nothing */
    if (!v->findings || text == 0 || n > 2000 || core_text_has_control(v->findings, true) ||
        core_text_has_invisible(v->findings))
        web_json_note_error(json_object_get(body, "findings"), "", "findings", "bad_findings",
                            "走访发现应为 1 至 2000 字的文字", "findings must be text of 1 to 2000 characters", errs);
}

void web_visits_create(web_req *rq, web_res *rs) {
    json_t *body;
    if (!web_body_object_or_answer(rq, rs, &body)) return;
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    store_visit_new v = {.visitor_id = rq->user.id, .visitor_name = rq->user.display_name};
    read_visit(rq, body, &v, &errs);
    store_conn *w;
    int64_t id = 0;
    ws_err e = web_write_begin(rq, &w);
    if (!e) {
        e = errs.count ? WS_ERR_INVALID : store_visit_create(w, rq->user.division_code, &v, &errs, &id);
        store_actor who = web_actor(rq);
        if (!e)
            e = store_audit_append(w, &who, "create", "visit", web_id_text(rq, id),
                                   json_pack("{s:I, s:s}", "household_id", (json_int_t)v.household_id, "next_step",
                                             v.next_step));
        e = store_write_finish(w, e);
    }
    json_t *out = NULL;
    if (!e) e = store_visit_json(web_reader(rq), rq->user.division_code, id, &out);
    if (e == WS_ERR_CONFLICT)
        web_error(rq, rs, 409, "task_not_open", "走访任务不是该家庭的待走访任务", "The task is not an open task of this household");
    else if (e)
        web_error_fields_or_from(rq, rs, e, &errs);
    else
        web_json(rs, 201, out);
    core_fielderrs_free(&errs);
    json_decref(body);
}

void web_household_visits(web_req *rq, web_res *rs) {
    int64_t id;
    if (!web_param_id_or_answer(rq, rs, 0, &id)) return;
    json_t *items;
    ws_err e = store_household_visits_json(web_reader(rq), rq->user.division_code, id, &items);
    /* Findings describe the household's health and circumstances: audited like the household. */
    if (!e && (e = web_audit_view(rq, "view", "household_visits", web_id_text(rq, id)))) json_decref(items);
    if (e)
        web_error_from(rq, rs, e);
    else
        web_json(rs, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)json_array_size(items)));
}
