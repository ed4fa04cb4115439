/*
** h_referrals.c: /api/v1/referrals — a stated need sent to a provider and followed until the household
** confirms the help: creation (from a need or directly), the household's consent, the transitions, the
** list with deadlines and escalation, one referral with its timeline, and a division's summary.
**
** Who the caller is decides the side (core/referral.h): provider staff act for their own provider, the
** other roles for the station of the household's town (an auditor only reads). Every write checks the
** referral inside its own transaction and is audited there; a view that shows the household's contact
** details is audited as a view of personal data. The rules themselves live in core and store.
*/
#include "app.h"
#include "auth.h"
#include "handlers.h"
#include "registry_json.h"

#include "../core/household.h"
#include "../store/audit.h"
#include "../store/referrals.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The side, scope and name of the caller. */
static store_ref_caller caller_of(const web_req *rq) {
    store_ref_caller c = {.user_id = rq->user.id, .name = rq->user.display_name, .today = rq->today};
    if (strcmp(rq->user.role, "provider_staff") == 0) {
        c.side = CORE_REF_SIDE_PROVIDER;
        c.provider_id = rq->user.provider_id;
    } else {
        c.side = CORE_REF_SIDE_STATION;
        c.scope = rq->user.division_code;
        c.read_only = strcmp(rq->user.role, "auditor") == 0;
    }
    return c;
}

/* ---- reading the body ---------------------------------------------------------------------------- */

/* A positive integer id at body[key] into *id (0 when absent); a field error when it is something else. */
static void read_id(json_t *body, const char *key, const char *code, int64_t *id, core_fielderrs *errs) {
    json_t *v = json_object_get(body, key);
    *id = 0;
    if (!v || json_is_null(v)) return;
    if (json_is_integer(v) && json_integer_value(v) > 0)
        *id = json_integer_value(v);
    else
        core_fielderrs_add(errs, key, code, "应为正整数编号", "Must be a positive whole-number id");
}

/* A free text at body[key] (web_json_note) into *out, or a field error. */
static void read_text(web_req *rq, json_t *body, const char *key, const char **out, core_fielderrs *errs) {
    if (!web_json_note(rq, json_object_get(body, key), out))
        web_json_note_error(json_object_get(body, key), "", key, "bad_text", "应为 500 字以内的文字",
                            "Must be text of at most 500 characters", errs);
}

/* A whole number at body[key] into *out (0 when absent), or a field error with code. */
static void read_long(json_t *body, const char *key, const char *code, const char *zh, const char *en, long *out,
                      core_fielderrs *errs) {
    json_t *v = json_object_get(body, key);
    *out = 0;
    if (!v || json_is_null(v)) return;
    if (json_is_integer(v) && json_integer_value(v) >= 1 && json_integer_value(v) <= 1000000)
        *out = (long)json_integer_value(v);
    else
        core_fielderrs_add(errs, key, code, zh, en);
}

/* ---- answers ------------------------------------------------------------------------------------- */

/* 409 for an action the current state does not allow, with the state. */
static void answer_bad_transition(web_req *rq, web_res *rs, core_ref_state s) {
    const char *zh = core_arena_printf(rq->arena, "转介当前状态为“%s”，不能进行此操作", core_ref_state_zh(s));
    const char *en =
        core_arena_printf(rq->arena, "The referral is %s; this action is not allowed now", core_ref_state_code(s));
    web_json(rs, 409,
             json_pack("{s:{s:s, s:s, s:s}}", "error", "code", "bad_transition", "message", rq->lang_en ? en : zh,
                       "state", core_ref_state_code(s)));
}

/*
** Ends the write: on success reads the referral back inside the transaction (so the answer is what was
** written), audits the write with detail, commits and answers status with it; otherwise rolls back.
*/
static ws_err finish_write(web_req *rq, store_conn *w, const store_ref_caller *who, int64_t id, const char *action,
                           json_t *detail, ws_err e, json_t **out) {
    if (!e) e = store_referral_get(w, who, id, out, NULL);
    store_actor actor = web_actor(rq);
    if (!e)
        e = store_audit_append(w, &actor, action, "referral", web_id_text(rq, id), detail);
    else
        json_decref(detail);
    e = store_write_finish(w, e);
    if (e) {
        json_decref(*out);
        *out = NULL;
    }
    return e;
}

/* ---- handlers ------------------------------------------------------------------------------------ */

/* Reads a new referral from body (field errors for what is malformed; the store checks the rest). */
static void read_new_referral(web_req *rq, json_t *body, store_ref_new *in, core_fielderrs *errs) {
    static const char *const FIELDS[] = {"need_id", "household_id", "item_code", "provider_id",
                                         "urgency", "note",         NULL};
    web_check_known_fields(body, FIELDS, "", errs);
    read_id(body, "need_id", "bad_id", &in->need_id, errs);
    read_id(body, "household_id", "bad_id", &in->household_id, errs);
    read_id(body, "provider_id", "unknown_provider", &in->provider_id, errs);
    if (!json_object_get(body, "provider_id"))
        core_fielderrs_add(errs, "provider_id", "required", "请选择服务机构", "Choose a provider");
    json_t *item = json_object_get(body, "item_code");
    if (item && !json_is_string(item))
        core_fielderrs_add(errs, "item_code", "unknown_service", "服务清单中没有此服务项目",
                           "The service catalog has no such item");
    in->item_code = json_string_value(item);
    if (in->need_id && (json_object_get(body, "household_id") || item)) {
        const char *key = item ? "item_code" : "household_id";
        core_fielderrs_add(errs, key, "not_with_need", "依据需求转介时，家庭和服务项目取自该需求",
                           "A referral from a need takes the household and the item from the need");
    }
    json_t *urg = json_object_get(body, "urgency");
    if (urg && !json_is_null(urg)) {
        in->has_urgency = json_is_string(urg) && core_urgency_parse(json_string_value(urg), &in->urgency);
        if (!in->has_urgency)
            core_fielderrs_add(errs, "urgency", "bad_urgency",
                               "紧急程度应为立即（immediate）、优先（priority）或常规（routine）",
                               "The urgency must be immediate, priority or routine");
    }
    read_text(rq, body, "note", &in->note, errs);
}

void web_referrals_create(web_req *rq, web_res *rs) {
    json_t *body;
    if (!web_body_object_or_answer(rq, rs, &body)) return;
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    store_ref_new in = {.urgency = CORE_URG_ROUTINE};
    read_new_referral(rq, body, &in, &errs);
    store_ref_caller who = caller_of(rq);
    int64_t id = 0, existing = 0;
    json_t *out = NULL;
    store_conn *w;
    ws_err e = web_write_begin(rq, &w);
    if (!e) {
        e = store_referral_create(w, &who, &in, &errs, &id, &existing);
        json_t *detail = json_pack("{s:o, s:I, s:o}", "need", in.need_id ? json_integer(in.need_id) : json_null(),
                                   "provider", (json_int_t)in.provider_id, "household",
                                   in.household_id ? json_integer(in.household_id) : json_null());
        e = finish_write(rq, w, &who, id, "create", detail, e, &out);
    }
    if (e == WS_ERR_CONFLICT && existing) {
        const char *msg = rq->lang_en ? "An open referral of this household for this item and provider exists"
                                      : "该家庭已有同一服务项目转介给该机构且尚未结束";
        web_json(rs, 409,
                 json_pack("{s:{s:s, s:s, s:I}}", "error", "code", "referral_open", "message", msg, "referral_id",
                           (json_int_t)existing));
    } else if (e) {
        web_error_fields_or_from(rq, rs, e, &errs);
    } else {
        web_json(rs, 201, out);
    }
    core_fielderrs_free(&errs);
    json_decref(body);
}

void web_referral_get(web_req *rq, web_res *rs) {
    int64_t id;
    if (!web_param_id_or_answer(rq, rs, 0, &id)) return;
    store_ref_caller who = caller_of(rq);
    json_t *out = NULL;
    bool personal = false;
    ws_err e = store_referral_get(web_reader(rq), &who, id, &out, &personal);
    /* The household's name, masked ID, phone and perhaps address: a view of personal data. */
    if (!e && personal && (e = web_audit_view(rq, "view", "referral", web_id_text(rq, id)))) {
        json_decref(out);
        out = NULL;
    }
    web_answer(rq, rs, e, out);
}

/* Reads state=, a state or several separated by commas, into a bit set; answers 400 when malformed. */
static bool query_states_or_answer(web_req *rq, web_res *rs, unsigned *bits) {
    const char *v = web_query(rq, "state");
    *bits = 0;
    if (!v || !*v) return true;
    char *list = core_arena_strdup(rq->arena, v), *save = NULL;
    for (char *tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        core_ref_state s;
        if (!core_ref_state_parse(tok, &s)) {
            web_error(rq, rs, 400, "bad_state", "状态参数无效", "The state filter is not valid");
            return false;
        }
        *bits |= 1u << s;
    }
    if (*bits) return true;
    web_error(rq, rs, 400, "bad_state", "状态参数无效", "The state filter is not valid");
    return false;
}

/* Reads overdue= (1 or 0; -1 when absent), escalation= and sort=; answers 400 when malformed. */
static bool query_lateness_or_answer(web_req *rq, web_res *rs, store_ref_filter *f) {
    const char *o = web_query(rq, "overdue"), *esc = web_query(rq, "escalation"), *sort = web_query(rq, "sort");
    bool overdue;
    if (!web_query_flag_or_answer(rq, rs, "overdue", &overdue)) return false;
    f->overdue = o && *o ? overdue : -1;
    if (esc && *esc && !core_ref_escalation_parse(esc, &f->escalation)) {
        web_error(rq, rs, 400, "bad_escalation", "escalation 应为 town、county 或 city",
                  "escalation must be town, county or city");
        return false;
    }
    if (sort && *sort && strcmp(sort, "late") != 0 && strcmp(sort, "new") != 0) {
        web_error(rq, rs, 400, "bad_sort", "sort 应为 late 或 new", "sort must be late or new");
        return false;
    }
    f->most_late_first = sort && strcmp(sort, "late") == 0;
    return true;
}

void web_referrals_list(web_req *rq, web_res *rs) {
    store_ref_filter f = {0};
    if (!web_query_division_or_answer(rq, rs, &f.division) || !query_states_or_answer(rq, rs, &f.states) ||
        !web_query_id_or_answer(rq, rs, "provider", "bad_provider", &f.provider_id) ||
        !web_query_id_or_answer(rq, rs, "household", "bad_household", &f.household_id) ||
        !web_query_id_or_answer(rq, rs, "need", "bad_need", &f.need_id) || !query_lateness_or_answer(rq, rs, &f) ||
        !web_paging_or_answer(rq, rs, &f.limit, &f.offset))
        return;
    store_ref_caller who = caller_of(rq);
    json_t *items;
    int64_t total;
    ws_err e = store_referrals_list(web_reader(rq), &who, &f, &items, &total);
    if (e)
        web_error_from(rq, rs, e);
    else
        web_json(rs, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total));
}

void web_referrals_summary(web_req *rq, web_res *rs) {
    const char *division;
    if (!web_query_division_or_answer(rq, rs, &division)) return;
    store_ref_caller who = caller_of(rq);
    json_t *out;
    ws_err e = store_referrals_summary(web_reader(rq), &who, division, &out);
    web_answer(rq, rs, e, out);
}

void web_referral_consent(web_req *rq, web_res *rs) {
    int64_t id;
    json_t *body;
    if (!web_param_id_or_answer(rq, rs, 0, &id) || !web_body_object_or_answer(rq, rs, &body)) return;
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    static const char *const FIELDS[] = {"given_by", "method", "purpose", NULL};
    web_check_known_fields(body, FIELDS, "", &errs);
    static const core_field_label GIVEN_BY = {"given_by", "同意人", "The person who consented"};
    static const core_field_label PURPOSE = {"purpose", "用途", "The purpose"};
    char *given_by = core_text_value(web_json_text(rq, body, "given_by"), "", &GIVEN_BY, CORE_NAME_MAX, true, &errs);
    char *purpose = core_text_value(web_json_text(rq, body, "purpose"), "", &PURPOSE, CORE_ADDRESS_MAX, false, &errs);
    store_consent_in in = {
        .given_by = given_by, .method = json_string_value(json_object_get(body, "method")), .purpose = purpose};
    store_ref_caller who = caller_of(rq);
    json_t *out = NULL;
    store_conn *w;
    ws_err e = web_write_begin(rq, &w);
    if (!e) {
        e = store_referral_consent(w, &who, id, &in, &errs);
        e = finish_write(rq, w, &who, id, "consent", json_pack("{s:s}", "method", in.method ? in.method : ""), e, &out);
    }
    if (e == WS_ERR_CONFLICT)
        web_error(rq, rs, 409, "not_draft", "转介已发送，不能再更改同意记录",
                  "The referral has been sent; its consent can no longer change");
    else if (e)
        web_error_fields_or_from(rq, rs, e, &errs);
    else
        web_json(rs, 200, out);
    free(given_by);
    free(purpose);
    core_fielderrs_free(&errs);
    json_decref(body);
}

void web_referral_consent_withdraw(web_req *rq, web_res *rs) {
    int64_t id;
    if (!web_param_id_or_answer(rq, rs, 0, &id)) return;
    store_ref_caller who = caller_of(rq);
    json_t *out = NULL;
    store_conn *w;
    ws_err e = web_write_begin(rq, &w);
    if (!e) {
        e = store_referral_consent_withdraw(w, &who, id);
        e = finish_write(rq, w, &who, id, "consent_withdraw", NULL, e, &out);
    }
    web_answer(rq, rs, e, out);
}

/* Reads what action a carries from body (field errors for what is malformed). */
static void read_action_body(web_req *rq, json_t *body, core_ref_action a, store_ref_act_in *in, core_fielderrs *errs) {
    static const char *const PLAIN[] = {"reason", NULL};
    static const char *const DELIVER[] = {"reason", "served_on", "minutes", "what", NULL};
    static const char *const CONFIRM[] = {"reason", "satisfaction", "comment", NULL};
    web_check_known_fields(body, a == CORE_REF_DELIVER ? DELIVER : a == CORE_REF_CONFIRM ? CONFIRM : PLAIN, "", errs);
    read_text(rq, body, "reason", &in->reason, errs);
    if (a == CORE_REF_DELIVER) {
        json_t *on = json_object_get(body, "served_on");
        if (on && !json_is_null(on)) {
            in->has_record = json_is_string(on) && core_date_parse(json_string_value(on), &in->served_on);
            if (!in->has_record)
                core_fielderrs_add(errs, "served_on", "bad_date", "服务日期无效", "The service date is not valid");
        }
        read_long(body, "minutes", "bad_minutes", "服务时长应为 1 至 20160 分钟",
                  "The time spent must be 1 to 20160 minutes", &in->minutes, errs);
        read_text(rq, body, "what", &in->what, errs);
    }
    if (a == CORE_REF_CONFIRM) {
        long sat;
        read_long(body, "satisfaction", "bad_satisfaction", "满意度应为 1 至 5 的整数",
                  "The satisfaction must be a whole number from 1 to 5", &sat, errs);
        in->satisfaction = (int)(sat <= CORE_REF_SATISFACTION_MAX ? sat : 0);
        read_text(rq, body, "comment", &in->comment, errs);
    }
}

void web_referral_act(web_req *rq, web_res *rs) {
    int64_t id;
    json_t *body;
    core_ref_action a;
    const char *slash = strrchr(rq->path, '/');
    if (!slash || !core_ref_action_parse(slash + 1, &a) || a == CORE_REF_EXPIRE) {
        web_error(rq, rs, 404, "not_found", "未找到", "Not found");
        return;
    }
    if (!web_param_id_or_answer(rq, rs, 0, &id) || !web_body_optional_object_or_answer(rq, rs, &body)) return;
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    store_ref_act_in in = {0};
    read_action_body(rq, body, a, &in, &errs);
    store_ref_caller who = caller_of(rq);
    core_ref_state from = CORE_REF_DRAFT, to = CORE_REF_DRAFT;
    json_t *out = NULL;
    store_conn *w;
    ws_err e = web_write_begin(rq, &w);
    if (!e) {
        e = store_referral_act(w, &who, id, a, &in, &errs, &to);
        if (e == WS_ERR_CONFLICT) from = to;
        json_t *detail = json_pack("{s:s}", "to", core_ref_state_code(to));
        if (in.reason) json_object_set_new(detail, "reason", json_string(in.reason));
        e = finish_write(rq, w, &who, id, core_ref_action_code(a), detail, e, &out);
    }
    if (e == WS_ERR_CONFLICT)
        answer_bad_transition(rq, rs, from);
    else if (e)
        web_error_fields_or_from(rq, rs, e, &errs);
    else
        web_json(rs, 200, out);
    core_fielderrs_free(&errs);
    json_decref(body);
}

void web_referrals_expire_due(web_app *app) {
    store_ref_caller system = {.side = CORE_REF_SIDE_SYSTEM, .name = "系统", .today = core_date_shanghai(time(NULL))};
    store_actor actor = {.user_id = 0, .username = "system"};
    int64_t *ids = NULL;
    size_t n = 0;
    store_conn *w;
    ws_err e = store_write_begin(app->db, &w);
    if (e) goto done;
    e = store_referrals_expire(w, &system, &ids, &n);
    for (size_t i = 0; !e && i < n; i++) {
        char id[24];
        snprintf(id, sizeof id, "%lld", (long long)ids[i]);
        e = store_audit_append(w, &actor, "expire", "referral", id, NULL);
    }
    e = store_write_finish(w, e);
done:
    if (e) fprintf(stderr, "referrals: the expiry sweep failed (%s)\n", ws_err_name(e));
    free(ids);
}
