/*
** h_assessments.c: /api/v1/households/{id}/assessments and /api/v1/assessments/{id} — a station's
** assessment of a household: the draft (derived indicators pre-filled from the registry), autosaved
** answers and needs, submission (scored into the household's index), and deletion of a draft.
**
** Derived indicators are computed from the household's members, with ages on the assessment date, and
** its category. They are refreshed whenever a draft is read, saved or submitted, so a draft follows the
** registry: an answer that agreed with the registry keeps agreeing, one given against it (which needs a
** reason) stays as given. Every write reads and checks inside its own transaction; views of an
** assessment (health and disability answers) are audited like the household's own view.
*/
#include "auth.h"
#include "handlers.h"
#include "registry_json.h"

#include "../store/assessments.h"
#include "../store/audit.h"
#include "../store/catalog.h"
#include "../store/households.h"
#include "../store/rankings.h"
#include "../store/seed.h"

#include <stdlib.h>
#include <string.h>

/* ---- JSON ---------------------------------------------------------------------------------------- */

/* The figures of a submitted assessment under its own version, with its reassessment date. */
static json_t *own_index_json(store_conn *c, const store_assessment *a) {
    const core_questionnaire *q = &a->sq->q;
    int8_t levels[CORE_Q_MAX_INDICATORS];
    uint32_t counts[CORE_URG_COUNT];
    core_hscore s;
    store_assessment_levels(a, q, levels);
    store_assessment_need_counts(a, counts);
    core_hindex_score(q, levels, counts, &s);
    json_t *j = store_figures_json(c, q, levels, &s, a->needs, a->nneeds);
    char on[11], due[11];
    core_date_format(a->assessed_on, on);
    core_date_format(store_reassess_due(a->assessed_on, q->reassess_months), due);
    json_object_set_new(j, "assessed_on", json_string(on));
    json_object_set_new(j, "reassess_due", json_string(due));
    return j;
}

static json_t *level_json(int level) { return level >= 0 ? json_integer(level) : json_null(); }

static json_t *text_or_null(const char *s) { return s && *s ? json_string(s) : json_null(); }

static json_t *assessment_json(store_conn *c, const store_assessment *a) {
    const core_questionnaire *q = &a->sq->q;
    json_t *answers = json_object(), *unanswered = json_array();
    for (int j = 0; j < q->nind; j++) {
        json_object_set_new(answers, q->ind[j].code,
                            json_pack("{s:o, s:o, s:o}", "level", level_json(a->level[j]), "derived",
                                      level_json(a->derived[j]), "override_reason", text_or_null(a->reason[j])));
        if (a->level[j] < 0) json_array_append_new(unanswered, json_string(q->ind[j].code));
    }
    char on[11];
    core_date_format(a->assessed_on, on);
    return json_pack("{s:I, s:I, s:I, s:i, s:s, s:s, s:s, s:s, s:b, s:s, s:s, s:o, s:o, s:o, s:o, s:o}", "id",
                     (json_int_t)a->id, "household_id", (json_int_t)a->household_id, "questionnaire_id",
                     (json_int_t)a->sq->id, "questionnaire_version", q->version, "status",
                     a->submitted ? "submitted" : "draft", "assessed_on", on, "visit_type", a->visit_type, "assessor",
                     a->assessor, "synthetic", a->synthetic, "created_at", a->created_at, "updated_at", a->updated_at,
                     "submitted_at", text_or_null(a->submitted_at), "answers", answers, "needs",
                     store_needs_json(c, a->needs, a->nneeds), "unanswered", unanswered, "index",
                     a->submitted ? own_index_json(c, a) : json_null());
}

/* ---- reading the body ---------------------------------------------------------------------------- */

/* The assessment date: a date, not in the future, not before the household's registration. */
static void read_assessed_on(web_req *rq, json_t *body, const store_household_facts *f, core_date *on,
                             core_fielderrs *errs) {
    json_t *v = json_object_get(body, "assessed_on");
    if (!v) return;
    if (!json_is_string(v) || !core_date_parse(json_string_value(v), on)) {
        core_fielderrs_add(errs, "assessed_on", "bad_date", "评估日期无效", "The assessment date is not valid");
        return;
    }
    if (core_date_ymd(*on) > core_date_ymd(rq->today))
        core_fielderrs_add(errs, "assessed_on", "date_in_future", "评估日期不能晚于今天",
                           "The assessment date cannot be in the future");
    else if (core_date_ymd(*on) < core_date_ymd(f->registered_on))
        core_fielderrs_add(errs, "assessed_on", "before_registration", "评估日期不能早于家庭登记日期",
                           "The assessment date cannot be before the household's registration");
}

static void read_visit_type(json_t *body, char out[STORE_VISIT_MAX], core_fielderrs *errs) {
    json_t *v = json_object_get(body, "visit_type");
    if (!v) return;
    if (!json_is_string(v) || !store_visit_type_valid(json_string_value(v))) {
        core_fielderrs_add(errs, "visit_type", "bad_visit_type", "走访方式应为在站（station）、入户（home）或电话（phone）",
                           "The visit type must be station, home or phone");
        return;
    }
    snprintf(out, STORE_VISIT_MAX, "%s", json_string_value(v));
}

/* Lays the answers sent over a's (only the indicators sent change); errors name "answers.I07.level". */
static void apply_answers(web_req *rq, json_t *answers, store_assessment *a, core_fielderrs *errs) {
    if (!answers) return;
    if (!json_is_object(answers)) {
        core_fielderrs_add(errs, "answers", "bad_answers", "answers 应为以指标代码为键的对象",
                           "answers must be an object keyed by indicator code");
        return;
    }
    const core_questionnaire *q = &a->sq->q;
    static const char *const ANSWER_FIELDS[] = {"level", "override_reason", "derived", NULL};
    const char *code;
    json_t *v;
    json_object_foreach(answers, code, v) {
        const char *prefix = core_arena_printf(rq->arena, "answers.%s", code);
        const char *dot = core_arena_printf(rq->arena, "%s.", prefix);
        int j = core_questionnaire_find(q, code);
        if (j < 0) {
            core_fielderrs_add(errs, prefix, "unknown_indicator", "问卷中没有此指标",
                               "The questionnaire has no such indicator");
            continue;
        }
        if (!json_is_object(v)) {
            core_fielderrs_add(errs, prefix, "bad_answer", "回答应为对象 {level, override_reason}",
                               "An answer must be an object {level, override_reason}");
            continue;
        }
        web_check_known_fields(v, ANSWER_FIELDS, dot, errs);
        json_t *level = json_object_get(v, "level");
        int new_level = a->level[j];
        if (level) {
            json_int_t l = json_is_integer(level) ? json_integer_value(level) : -2;
            if (json_is_null(level)) new_level = -1;
            else if (l < 0 || l > 2 || (l == 2 && !q->ind[j].has_severe)) {
                core_fielderrs_addp(errs, dot, "level",
                                    "bad_level", q->ind[j].has_severe ? "等级应为 0、1、2 或 null（未答）"
                                                                      : "此指标没有严重等级：等级应为 0、1 或 null（未答）",
                                    q->ind[j].has_severe ? "The level must be 0, 1, 2 or null (unanswered)"
                                                         : "This indicator has no severe level: 0, 1 or null (unanswered)");
                continue;
            } else new_level = (int)l;
        }
        const char *reason = a->reason[j];
        json_t *r = json_object_get(v, "override_reason");
        if (r && !web_json_note(rq, r, &reason)) {
            web_json_note_error(r, dot, "override_reason", "bad_text", "原因应为 500 字以内的文字",
                                "The reason must be text of at most 500 characters", errs);
            continue;
        }
        if (a->derived[j] >= 0 && new_level != a->derived[j] && !reason) {
            core_fielderrs_addp(errs, dot, "override_reason", "override_reason_required",
                                "此指标由登记信息自动判定；修改判定结果须填写原因",
                                "This indicator is derived from the registry; a different level needs a reason");
            continue;
        }
        a->level[j] = (int8_t)new_level;
        store_assessment_set_reason(a, j, a->derived[j] >= 0 && new_level != a->derived[j] ? reason : NULL);
    }
}

/* True when one of the first n needs asks for service: each service is one need, so that a copy cannot
** count twice in the urgency U that ranks the household. */
static bool need_listed(const store_need *list, size_t n, const char *service) {
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i].service, service) == 0) return true;
    return false;
}

/* Reads the needs list (which replaces a's); errors name "needs[0].service". */
static void apply_needs(web_req *rq, json_t *needs, store_assessment *a, core_fielderrs *errs) {
    if (!needs) return;
    size_t n = json_is_array(needs) ? json_array_size(needs) : 0;
    if (!json_is_array(needs) || n > STORE_NEEDS_MAX) {
        core_fielderrs_add(errs, "needs", "bad_needs", "needs 应为数组，最多 50 项", "needs must be a list of at most 50");
        return;
    }
    static const char *const NEED_FIELDS[] = {"service", "area", "urgency", "note", NULL};
    store_need *list = n ? core_arena_alloc(rq->arena, n * sizeof *list) : NULL;
    size_t before = errs->count;
    for (size_t i = 0; i < n; i++) {
        json_t *v = json_array_get(needs, i);
        const char *prefix = core_arena_printf(rq->arena, "needs[%zu].", i);
        store_need *nd = &list[i];
        memset(nd, 0, sizeof *nd);
        if (!json_is_object(v)) {
            core_fielderrs_addp(errs, prefix, "service", "bad_need", "每项需求应为对象 {service, area, urgency, note}",
                                "Each need must be an object {service, area, urgency, note}");
            continue;
        }
        web_check_known_fields(v, NEED_FIELDS, prefix, errs);
        json_t *svc = json_object_get(v, "service");
        /* the catalog as the database holds it, with the items the city added */
        store_service_item it;
        const store_service_item *item =
            json_is_string(svc) && store_service_item_get(web_reader(rq), json_string_value(svc), &it) == WS_OK ? &it
                                                                                                                : NULL;
        if (!item) core_fielderrs_addp(errs, prefix, "service", "unknown_service", "服务清单中没有此服务项目",
                                       "The service catalog has no such item");
        else if (need_listed(list, i, item->code))
            core_fielderrs_addp(errs, prefix, "service", "duplicate_need", "此服务项目已列出，同一项目只列一次（详情可写在备注中）",
                                "This service is listed already: list each service once (details go in the note)");
        else snprintf(nd->service, sizeof nd->service, "%.7s", item->code);
        json_t *area = json_object_get(v, "area");
        if (area && !json_is_null(area)) {
            if (!json_is_string(area) || !store_area_find(json_string_value(area)))
                core_fielderrs_addp(errs, prefix, "area", "unknown_area", "困难领域应为 01 至 13 的代码",
                                    "The difficulty area must be a code from 01 to 13");
            else snprintf(nd->area, sizeof nd->area, "%s", json_string_value(area));
        } else if (item) {
            snprintf(nd->area, sizeof nd->area, "%s", item->areas[0]);
        }
        json_t *urg = json_object_get(v, "urgency");
        if (!json_is_string(urg) || !core_urgency_parse(json_string_value(urg), &nd->urgency))
            core_fielderrs_addp(errs, prefix, "urgency", "bad_urgency",
                                "紧急程度应为立即（immediate）、优先（priority）或常规（routine）",
                                "The urgency must be immediate, priority or routine");
        const char *note;
        if (!web_json_note(rq, json_object_get(v, "note"), &note))
            web_json_note_error(json_object_get(v, "note"), prefix, "note", "bad_text", "备注应为 500 字以内的文字",
                                "The note must be text of at most 500 characters", errs);
        nd->note = (char *)(note ? note : "");
    }
    if (errs->count == before) store_assessment_set_needs(a, list, n);
}

/* ---- answers ------------------------------------------------------------------------------------- */

static void answer_conflict(web_req *rq, web_res *rs, const char *code, const char *zh, const char *en) {
    web_error(rq, rs, 409, code, zh, en);
}

static void answer_submitted(web_req *rq, web_res *rs) {
    answer_conflict(rq, rs, "submitted", "评估已提交，不能再修改", "The assessment has been submitted and cannot change");
}

/* Answers e, or field errors when there are any. */
static void answer_failure(web_req *rq, web_res *rs, ws_err e, const core_fielderrs *errs) {
    if (errs && errs->count) web_error_fields(rq, rs, 422, "invalid", errs);
    else if (e == WS_ERR_CONFLICT) answer_submitted(rq, rs);
    else web_error_from(rq, rs, e);
}

/* Loads a's household's registry facts (ages on a's date) and refreshes its derived indicators. */
static ws_err refresh_derived(web_req *rq, store_conn *c, store_assessment *a, bool *changed) {
    store_household_facts f;
    ws_err e = store_household_facts_load(c, rq->user.division_code, a->household_id, a->assessed_on, &f);
    if (e) return e;
    bool ch = store_assessment_derive(a, &f);
    if (changed) *changed = ch;
    store_household_facts_clear(&f);
    return WS_OK;
}

/* ---- handlers ------------------------------------------------------------------------------------ */

void web_assessments_list(web_req *rq, web_res *rs) {
    int64_t hid;
    if (!web_param_id_or_answer(rq, rs, 0, &hid)) return;
    json_t *items;
    ws_err e = store_household_check(web_reader(rq), rq->user.division_code, hid);
    if (!e) e = store_assessments_list(web_reader(rq), hid, &items);
    if (e) web_error_from(rq, rs, e);
    else web_json(rs, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)json_array_size(items)));
}

void web_assessments_create(web_req *rq, web_res *rs) {
    int64_t hid;
    json_t *body;
    if (!web_param_id_or_answer(rq, rs, 0, &hid) || !web_body_optional_object_or_answer(rq, rs, &body)) return;
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    store_household_facts f = {0};
    store_assessment *a = NULL;
    store_questionnaire *sq = NULL;
    json_t *out = NULL;
    int64_t draft = 0;
    store_conn *w;
    ws_err e = web_write_begin(rq, &w);
    if (e) goto answer;
    e = store_household_facts_load(w, rq->user.division_code, hid, rq->today, &f);
    if (!e && store_assessment_draft_id(w, hid, &draft) == WS_OK) e = WS_ERR_CONFLICT;
    core_date on = rq->today;
    char visit[STORE_VISIT_MAX] = "station";
    if (!e) {
        static const char *const FIELDS[] = {"assessed_on", "visit_type", NULL};
        web_check_known_fields(body, FIELDS, "", &errs);
        read_assessed_on(rq, body, &f, &on, &errs);
        read_visit_type(body, visit, &errs);
        if (errs.count) e = WS_ERR_INVALID;
    }
    if (!e) e = store_questionnaire_current(w, &sq);
    if (!e) {
        a = store_assessment_new(sq, hid);
        sq = NULL;
        a->assessed_on = on;
        memcpy(a->visit_type, visit, sizeof visit);
        a->assessor_id = rq->user.id;
        snprintf(a->assessor, sizeof a->assessor, "%s", rq->user.display_name);
        e = refresh_derived(rq, w, a, NULL);
    }
    if (!e) e = store_assessment_insert(w, a);
    store_actor who = web_actor(rq);
    if (!e) e = store_audit_append(w, &who, "create", "assessment", web_id_text(rq, a->id),
                                   json_pack("{s:I, s:i}", "household", (json_int_t)hid, "version", a->sq->q.version));
    if (!e) out = assessment_json(w, a);
    e = store_write_finish(w, e);
answer:
    if (draft && e == WS_ERR_CONFLICT) {
        json_t *err = json_pack("{s:{s:s, s:s, s:I}}", "error", "code", "draft_exists", "message",
                                rq->lang_en ? "The household has a draft assessment already" : "该家庭已有一份未提交的评估",
                                "draft_id", (json_int_t)draft);
        web_json(rs, 409, err);
    } else if (e) {
        answer_failure(rq, rs, e, &errs);
    } else {
        web_json(rs, 201, out);
        out = NULL;
    }
    json_decref(out);
    store_assessment_free(a);
    store_questionnaire_free(sq);
    store_household_facts_clear(&f);
    core_fielderrs_free(&errs);
    json_decref(body);
}

void web_assessment_get(web_req *rq, web_res *rs) {
    int64_t id;
    if (!web_param_id_or_answer(rq, rs, 0, &id)) return;
    store_assessment *a = NULL;
    ws_err e = store_assessment_load(web_reader(rq), rq->user.division_code, id, &a);
    /* A draft shows what the registry says now; the stored answers follow at the next save. */
    if (!e && !a->submitted) e = refresh_derived(rq, web_reader(rq), a, NULL);
    json_t *out = e ? NULL : assessment_json(web_reader(rq), a);
    /* The answers hold health and disability data: every view is audited. */
    if (!e && (e = web_audit_view(rq, "view", "assessment", web_id_text(rq, id)))) {
        json_decref(out);
        out = NULL;
    }
    store_assessment_free(a);
    if (e) web_error_from(rq, rs, e);
    else web_json(rs, 200, out);
}

void web_assessment_update(web_req *rq, web_res *rs) {
    int64_t id;
    json_t *body;
    if (!web_param_id_or_answer(rq, rs, 0, &id) || !web_body_object_or_answer(rq, rs, &body)) return;
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    store_assessment *a = NULL;
    store_household_facts f = {0};
    json_t *out = NULL;
    store_conn *w;
    ws_err e = web_write_begin(rq, &w);
    if (e) goto answer;
    e = store_assessment_load(w, rq->user.division_code, id, &a);
    if (!e && a->submitted) e = WS_ERR_CONFLICT;
    if (!e) e = store_household_facts_load(w, rq->user.division_code, a->household_id, rq->today, &f);
    if (!e) {
        static const char *const FIELDS[] = {"assessed_on", "visit_type", "answers", "needs", NULL};
        web_check_known_fields(body, FIELDS, "", &errs);
        read_assessed_on(rq, body, &f, &a->assessed_on, &errs);
        read_visit_type(body, a->visit_type, &errs);
        /* The registry's levels as of the (new) date first, then the answers given over them. */
        if (!errs.count) e = refresh_derived(rq, w, a, NULL);
        if (!e) {
            apply_answers(rq, json_object_get(body, "answers"), a, &errs);
            apply_needs(rq, json_object_get(body, "needs"), a, &errs);
        }
        if (!e && errs.count) e = WS_ERR_INVALID;
    }
    if (!e) e = store_assessment_save(w, a);
    if (!e) {
        json_t *fields = json_array();
        const char *key;
        json_t *v;
        json_object_foreach(body, key, v) json_array_append_new(fields, json_string(key));
        json_t *answered = json_array();
        json_object_foreach(json_object_get(body, "answers"), key, v) json_array_append_new(answered, json_string(key));
        store_actor who = web_actor(rq);
        e = store_audit_append(w, &who, "update", "assessment", web_id_text(rq, id),
                               json_pack("{s:I, s:o, s:o}", "household", (json_int_t)a->household_id, "fields", fields,
                                         "answers", answered));
    }
    if (!e) out = assessment_json(w, a);
    e = store_write_finish(w, e);
answer:
    if (e) answer_failure(rq, rs, e, &errs);
    else {
        web_json(rs, 200, out);
        out = NULL;
    }
    json_decref(out);
    store_assessment_free(a);
    store_household_facts_clear(&f);
    core_fielderrs_free(&errs);
    json_decref(body);
}

void web_assessment_submit(web_req *rq, web_res *rs) {
    int64_t id;
    if (!web_param_id_or_answer(rq, rs, 0, &id)) return;
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    store_assessment *a = NULL;
    json_t *out = NULL, *unanswered = NULL;
    store_conn *w;
    ws_err e = web_write_begin(rq, &w);
    if (e) goto answer;
    e = store_assessment_load(w, rq->user.division_code, id, &a);
    if (!e && a->submitted) e = WS_ERR_CONFLICT;
    if (!e) e = refresh_derived(rq, w, a, NULL);
    if (!e) {
        const core_questionnaire *q = &a->sq->q;
        if (core_date_ymd(a->assessed_on) > core_date_ymd(rq->today))
            core_fielderrs_add(&errs, "assessed_on", "date_in_future", "评估日期不能晚于今天",
                               "The assessment date cannot be in the future");
        for (int j = 0; j < q->nind; j++)
            if (a->derived[j] >= 0 && a->level[j] != a->derived[j] && !a->reason[j])
                core_fielderrs_add(&errs, core_arena_printf(rq->arena, "answers.%s.override_reason", q->ind[j].code),
                                   "override_reason_required", "此指标由登记信息自动判定；修改判定结果须填写原因",
                                   "This indicator is derived from the registry; a different level needs a reason");
        if (errs.count) e = WS_ERR_INVALID;
        else if (!core_hindex_complete_enough(q, a->level)) {
            unanswered = json_array();
            for (int j = 0; j < q->nind; j++)
                if (a->level[j] < 0) json_array_append_new(unanswered, json_string(q->ind[j].code));
            e = WS_ERR_INVALID;
        }
    }
    /* The refreshed answers are kept, then scored: into the history and the household's current index. */
    core_hscore s;
    if (!e) e = store_assessment_save(w, a);
    if (!e) e = store_index_write(w, a, a->sq, "submit", &s);
    if (!e) e = store_assessment_mark_submitted(w, a, s.tier, s.c);
    store_actor who = web_actor(rq);
    if (!e) e = store_audit_append(w, &who, "submit", "assessment", web_id_text(rq, id),
                                   json_pack("{s:I, s:s, s:i, s:I}", "household", (json_int_t)a->household_id, "tier",
                                             core_tier_code(s.tier), "c", s.c, "urgency", (json_int_t)s.urgency));
    if (!e) out = assessment_json(w, a);
    e = store_write_finish(w, e);
answer:
    if (unanswered) {
        const char *zh = "未答指标过多，不能提交；请补充后再提交";
        const char *en = "Too many indicators are unanswered to submit; answer more and retry";
        web_json(rs, 422, json_pack("{s:{s:s, s:s, s:O}}", "error", "code", "incomplete", "message",
                                    rq->lang_en ? en : zh, "unanswered", unanswered));
    } else if (e) {
        answer_failure(rq, rs, e, &errs);
    } else {
        web_json(rs, 200, out);
        out = NULL;
    }
    json_decref(unanswered);
    json_decref(out);
    store_assessment_free(a);
    core_fielderrs_free(&errs);
}

void web_assessment_delete(web_req *rq, web_res *rs) {
    int64_t id;
    if (!web_param_id_or_answer(rq, rs, 0, &id)) return;
    store_assessment *a = NULL;
    store_conn *w;
    ws_err e = web_write_begin(rq, &w);
    if (e) {
        web_error_from(rq, rs, e);
        return;
    }
    e = store_assessment_load(w, rq->user.division_code, id, &a);
    if (!e && a->submitted) e = WS_ERR_CONFLICT;
    if (!e) e = store_assessment_delete(w, id);
    store_actor who = web_actor(rq);
    if (!e) e = store_audit_append(w, &who, "delete", "assessment", web_id_text(rq, id),
                                   json_pack("{s:I}", "household", (json_int_t)a->household_id));
    e = store_write_finish(w, e);
    store_assessment_free(a);
    if (e) answer_failure(rq, rs, e, NULL);
    else web_no_content(rs);
}
