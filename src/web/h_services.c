/*
** h_services.c: /api/v1/services — the service catalog: read it whole (anyone logged in), add an item and
** change an item's names, difficulty areas and times (city administrators). Items are never deleted or
** renumbered: needs and referrals name them by code.
*/
#include "auth.h"
#include "handlers.h"
#include "registry_json.h"

#include "../core/household.h"
#include "../store/audit.h"
#include "../store/catalog.h"

#include <stdlib.h>
#include <string.h>

void web_services_list(web_req *rq, web_res *rs) {
    json_t *out;
    ws_err e = store_catalog_json(web_reader(rq), &out);
    if (e) web_error_from(rq, rs, e);
    else web_json(rs, 200, out);
}

/* ---- validation ---------------------------------------------------------------------------------------- */

static const core_field_label F_ZH = {"zh", "中文名称", "The Chinese name"};
static const core_field_label F_EN = {"en", "英文名称", "The English name"};

/* A name laid over out when body has it (required on create). */
static void name_field(web_req *rq, json_t *body, const core_field_label *f, bool required, char *out, size_t outsz,
                       core_fielderrs *errs) {
    if (!json_object_get(body, f->name) && !required) return;
    char *v = core_text_value(web_json_text(rq, body, f->name), "", f, STORE_ITEM_NAME_MAX, true, errs);
    if (v) snprintf(out, outsz, "%s", v);
    free(v);
}

/* A number of days, 1..STORE_ITEM_DAYS_MAX, laid over *out when body has it (required on create). */
static void days_field(json_t *body, const char *key, bool required, int *out, core_fielderrs *errs) {
    json_t *v = json_object_get(body, key);
    if (!v && !required) return;
    json_int_t d = json_is_integer(v) ? json_integer_value(v) : 0;
    if (d >= 1 && d <= STORE_ITEM_DAYS_MAX) *out = (int)d;
    else core_fielderrs_add(errs, key, "bad_days", "天数应为 1 到 365 的整数", "Days are a whole number from 1 to 365");
}

/* The difficulty areas laid over it when body has them (required on create): 1..13 existing codes, no repeats. */
static void areas_field(store_conn *w, json_t *body, bool required, store_service_item *it, core_fielderrs *errs) {
    json_t *arr = json_object_get(body, "areas");
    if (!arr && !required) return;
    size_t n = json_is_array(arr) ? json_array_size(arr) : 0;
    if (n == 0 || n > STORE_ITEM_AREAS_MAX) {
        core_fielderrs_add(errs, "areas", "areas_required", "请选择 1 到 13 个困难领域，第一个为主要领域",
                           "Choose 1 to 13 difficulty areas, the main one first");
        return;
    }
    it->nareas = 0;
    for (size_t i = 0; i < n; i++) {
        const char *code = json_string_value(json_array_get(arr, i));
        char field[32];
        snprintf(field, sizeof field, "areas[%zu]", i);
        bool repeated = false;
        for (int j = 0; code && j < it->nareas && !repeated; j++) repeated = strcmp(it->areas[j], code) == 0;
        if (!code || strlen(code) != 2 || !store_difficulty_area_exists(w, code))
            core_fielderrs_add(errs, field, "unknown_area", "没有这个困难领域", "No such difficulty area");
        else if (repeated)
            core_fielderrs_add(errs, field, "duplicate", "困难领域重复选择", "The difficulty area is chosen twice");
        else
            memcpy(it->areas[it->nareas++], code, 3);
    }
}

/* The fields every write checks: names, areas, days (create: all required), and their order. */
static void validate_item(web_req *rq, store_conn *w, json_t *body, bool create, store_service_item *it,
                          core_fielderrs *errs) {
    name_field(rq, body, &F_ZH, create, it->zh, sizeof it->zh, errs);
    name_field(rq, body, &F_EN, create, it->en, sizeof it->en, errs);
    areas_field(w, body, create, it, errs);
    size_t before = errs->count;
    days_field(body, "respond_days", create, &it->respond_days, errs);
    days_field(body, "complete_days", create, &it->complete_days, errs);
    if (errs->count == before && it->complete_days < it->respond_days)
        core_fielderrs_add(errs, "complete_days", "bad_days", "完成时限不能短于响应时限",
                           "The time to complete cannot be shorter than the time to respond");
}

/* Answers field errors: 409 when the only problem is a code in use, 422 otherwise. */
static void answer_fielderrs(web_req *rq, web_res *rs, const core_fielderrs *errs) {
    bool taken = errs->count == 1 && strcmp(errs->items[0].code, "code_taken") == 0;
    web_error_fields(rq, rs, taken ? 409 : 422, taken ? "code_taken" : "invalid", errs);
}

/* Audits the write and reads the item back, inside w. */
static ws_err finish_write(web_req *rq, store_conn *w, const char *action, json_t *body, const char *code,
                           json_t **out) {
    store_actor who = web_actor(rq);
    ws_err e = store_audit_append(w, &who, action, "service_item", code,
                                  json_pack("{s:o}", "fields", web_json_keys(body)));
    return e ? e : store_service_item_json(w, code, out);
}

void web_services_create(web_req *rq, web_res *rs) {
    static const char *const FIELDS[] = {"code", "category", "zh", "en", "areas", "respond_days", "complete_days",
                                         NULL};
    json_t *body, *out = NULL;
    if (!web_body_object_or_answer(rq, rs, &body)) return;
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    store_service_item it = {0}, existing;
    store_conn *w;
    ws_err e = web_write_begin(rq, &w);
    if (e) goto done;
    web_check_known_fields(body, FIELDS, "", &errs);
    const char *code = json_string_value(json_object_get(body, "code"));
    if (!code || !core_service_code_valid(code))
        core_fielderrs_add(&errs, "code", "code_invalid", "代码应为 1 到 7 个字母或数字，以大写字母开头，如 L5",
                           "A code has 1 to 7 letters or digits and starts with a capital letter, like L5");
    else snprintf(it.code, sizeof it.code, "%s", code);
    const char *category = json_string_value(json_object_get(body, "category"));
    if (!category || strlen(category) >= sizeof it.category || !store_service_category_exists(w, category))
        core_fielderrs_add(&errs, "category", "unknown_category", "没有这个服务类别", "No such service category");
    else snprintf(it.category, sizeof it.category, "%s", category);
    validate_item(rq, w, body, true, &it, &errs);
    if (!errs.count && store_service_item_get(w, it.code, &existing) == WS_OK)
        core_fielderrs_add(&errs, "code", "code_taken", "该代码已被其他服务项目使用",
                           "Another service item has this code");
    if (errs.count) e = WS_ERR_INVALID;
    if (!e) e = store_service_item_insert(w, &it);
    if (!e) e = finish_write(rq, w, "create", body, it.code, &out);
    e = store_write_finish(w, e);
done:
    if (errs.count) answer_fielderrs(rq, rs, &errs);
    else if (e) web_error_from(rq, rs, e);
    else {
        web_json(rs, 201, out);
        out = NULL;
    }
    json_decref(out);
    core_fielderrs_free(&errs);
    json_decref(body);
}

void web_service_update(web_req *rq, web_res *rs) {
    static const char *const FIELDS[] = {"zh", "en", "areas", "respond_days", "complete_days", "code", "category",
                                         NULL};
    const char *code = rq->params[0];
    if (!core_service_code_valid(code)) {
        web_error(rq, rs, 404, "not_found", "未找到", "Not found");
        return;
    }
    json_t *body, *out = NULL;
    if (!web_body_object_or_answer(rq, rs, &body)) return;
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    store_service_item it;
    store_conn *w;
    ws_err e = web_write_begin(rq, &w);
    if (e) goto done;
    e = store_service_item_get(w, code, &it);
    if (!e) {
        web_check_known_fields(body, FIELDS, "", &errs);
        const char *c = json_string_value(json_object_get(body, "code"));
        if (json_object_get(body, "code") && (!c || strcmp(c, it.code) != 0))
            core_fielderrs_add(&errs, "code", "code_fixed", "服务项目代码不能修改", "A service item's code cannot change");
        const char *cat = json_string_value(json_object_get(body, "category"));
        if (json_object_get(body, "category") && (!cat || strcmp(cat, it.category) != 0))
            core_fielderrs_add(&errs, "category", "category_fixed", "服务项目所属类别不能修改",
                               "A service item's category cannot change");
        validate_item(rq, w, body, false, &it, &errs);
        if (errs.count) e = WS_ERR_INVALID;
    }
    if (!e) e = store_service_item_update(w, &it);
    if (!e) e = finish_write(rq, w, "update", body, it.code, &out);
    e = store_write_finish(w, e);
done:
    if (errs.count) answer_fielderrs(rq, rs, &errs);
    else if (e) web_error_from(rq, rs, e);
    else {
        web_json(rs, 200, out);
        out = NULL;
    }
    json_decref(out);
    core_fielderrs_free(&errs);
    json_decref(body);
}
