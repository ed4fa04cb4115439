/*
** h_rankings.c: /api/v1/households/{id}/index, /api/v1/rankings (JSON or CSV for Excel), and manual rank
** overrides (/api/v1/households/{id}/rank-override), which are audited with their reasons.
*/
#include "auth.h"
#include "handlers.h"
#include "registry_json.h"

#include "../core/text.h"
#include "../io/csv_writer.h"
#include "../store/audit.h"
#include "../store/catalog.h"
#include "../store/households.h"
#include "../store/rankings.h"
#include "../store/seed.h"

#include <stdlib.h>
#include <string.h>

static void answer_not_assessed(web_req *rq, web_res *rs) {
    web_error(rq, rs, 404, "not_assessed", "该家庭尚无已提交的评估", "The household has no submitted assessment");
}

void web_household_index(web_req *rq, web_res *rs) {
    int64_t hid;
    if (!web_param_id_or_answer(rq, rs, 0, &hid)) return;
    json_t *out = NULL;
    ws_err e = store_index_json(web_reader(rq), rq->user.division_code, hid, rq->today, &out);
    if (e == WS_ERR_INVALID) {
        answer_not_assessed(rq, rs);
        return;
    }
    /* Deprived indicators are health and disability data: every view is audited. */
    if (!e && (e = web_audit_view(rq, "view", "index", web_id_text(rq, hid)))) {
        json_decref(out);
        out = NULL;
    }
    if (e) web_error_from(rq, rs, e);
    else web_json(rs, 200, out);
}

/* ---- the ranking ------------------------------------------------------------------------------------- */

/* Reads the ranking's filters into q; answers 400 for a malformed one. */
static bool ranking_query_or_answer(web_req *rq, web_res *rs, store_ranking_query *q) {
    memset(q, 0, sizeof *q);
    q->scope = rq->user.division_code;
    q->today = rq->today;
    q->overdue = -1;
    if (!web_query_division_or_answer(rq, rs, &q->division)) return false;
    const char *tier = web_query(rq, "tier");
    core_tier t;
    if (tier && *tier) {
        if (!core_tier_parse(tier, &t)) {
            web_error(rq, rs, 400, "bad_tier", "未知的等级", "Unknown tier");
            return false;
        }
        q->tier = core_tier_code(t);
    }
    const char *category = web_query(rq, "category");
    if (category && *category) {
        core_category cat = core_category_parse(category);
        if (!cat) {
            web_error(rq, rs, 400, "bad_category", "未知的类别", "Unknown category");
            return false;
        }
        q->category = core_category_code(cat);
    }
    const char *area = web_query(rq, "area");
    if (area && *area) {
        const store_seed_area *a = store_area_find(area);
        if (!a) {
            web_error(rq, rs, 400, "bad_area", "未知的困难领域", "Unknown difficulty area");
            return false;
        }
        q->area = a->code;
    }
    const char *need = web_query(rq, "need");
    if (need && *need) {
        store_service_item it; /* the catalog as the database holds it, with the items the city added */
        if (store_service_item_get(web_reader(rq), need, &it) != WS_OK) {
            web_error(rq, rs, 400, "bad_need", "服务清单中没有此服务项目", "The service catalog has no such item");
            return false;
        }
        q->need = core_arena_strdup(rq->arena, it.code);
    }
    bool overdue;
    if (!web_query_flag_or_answer(rq, rs, "overdue", &overdue)) return false;
    q->overdue = overdue;
    return true;
}

static const char *text_of(web_req *rq, json_t *v) {
    if (json_is_string(v)) return json_string_value(v);
    if (json_is_integer(v)) return core_arena_printf(rq->arena, "%lld", (long long)json_integer_value(v));
    if (json_is_true(v)) return "是";
    if (json_is_false(v)) return "否";
    return "";
}

/* "I02 I17" */
static const char *joined(web_req *rq, json_t *arr, const char *key) {
    const char *out = "";
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) {
        const char *t = key ? json_string_value(json_object_get(v, key)) : json_string_value(v);
        if (key) t = core_arena_printf(rq->arena, "%s %s(%lld)", t ? t : "",
                                       json_string_value(json_object_get(v, "zh")),
                                       (long long)json_integer_value(json_object_get(v, "c")));
        out = i ? core_arena_printf(rq->arena, "%s; %s", out, t ? t : "") : (t ? t : "");
    }
    return out;
}

enum { CSV_LIMIT = 256u << 20 };

static void answer_csv(web_req *rq, web_res *rs, json_t *items, const char *division) {
    static const char *const HEADERS[] = {
        "排名", "家庭编号", "户主", "乡镇(街道)", "村(社区)", "类别", "登记日期", "等级", "人工调整等级", "调整原因",
        "紧急度U", "立即", "优先", "常规", "困难得分C", "严重得分C_sev", "加权得分G", "困难维度数B", "分母D",
        "红色预警指标", "主要困难维度", "评估日期", "复评到期", "已逾期"};
    size_t nh = sizeof HEADERS / sizeof HEADERS[0];
    core_buf b;
    core_buf_init(&b, CSV_LIMIT);
    int full = core_buf_append(&b, "\xEF\xBB\xBF", 3);
    for (size_t i = 0; i < nh; i++) full |= io_csv_field(&b, HEADERS[i], i + 1 == nh);
    size_t k;
    json_t *it;
    json_array_foreach(items, k, it) {
        json_t *ov = json_object_get(it, "override");
        json_t *needs = json_object_get(it, "needs_by_urgency");
        const char *cells[] = {
            text_of(rq, json_object_get(it, "rank")), text_of(rq, json_object_get(it, "household_id")),
            text_of(rq, json_object_get(it, "head_name")), text_of(rq, json_object_get(it, "town_name")),
            text_of(rq, json_object_get(it, "village")), text_of(rq, json_object_get(it, "category_zh")),
            text_of(rq, json_object_get(it, "registered_on")), text_of(rq, json_object_get(it, "tier_zh")),
            json_is_object(ov) ? text_of(rq, json_object_get(ov, "tier_zh")) : "",
            json_is_object(ov) ? text_of(rq, json_object_get(ov, "reason")) : "",
            text_of(rq, json_object_get(it, "urgency")), text_of(rq, json_object_get(needs, "immediate")),
            text_of(rq, json_object_get(needs, "priority")), text_of(rq, json_object_get(needs, "routine")),
            text_of(rq, json_object_get(it, "c")), text_of(rq, json_object_get(it, "c_sev")),
            text_of(rq, json_object_get(it, "g")), text_of(rq, json_object_get(it, "breadth")),
            text_of(rq, json_object_get(it, "denominator")), joined(rq, json_object_get(it, "red_flags"), NULL),
            joined(rq, json_object_get(it, "top_dimensions"), "code"), text_of(rq, json_object_get(it, "assessed_on")),
            text_of(rq, json_object_get(it, "reassess_due")), text_of(rq, json_object_get(it, "overdue"))};
        for (size_t i = 0; i < nh; i++) full |= io_csv_field(&b, cells[i], i + 1 == nh);
    }
    if (full) {
        core_buf_free(&b);
        web_error(rq, rs, 413, "too_large", "导出内容过大，请缩小范围", "The export is too large; narrow the filters");
        return;
    }
    web_text(rs, 200, "text/csv; charset=utf-8", b.data, b.len);
    web_add_header(rq, rs, "Content-Disposition",
                   core_arena_printf(rq->arena, "attachment; filename=\"ranking-%s-%04d%02d%02d.csv\"", division,
                                     rq->today.y, rq->today.m, rq->today.d));
}

void web_rankings_list(web_req *rq, web_res *rs) {
    store_ranking_query q;
    if (!ranking_query_or_answer(rq, rs, &q)) return;
    const char *format = web_query(rq, "format");
    bool csv = format && strcmp(format, "csv") == 0;
    if (format && *format && !csv && strcmp(format, "json") != 0) {
        web_error(rq, rs, 400, "bad_format", "format 应为 csv 或 json", "format must be csv or json");
        return;
    }
    int64_t limit, offset;
    if (!web_paging_or_answer(rq, rs, &limit, &offset)) return;
    /* The export holds every matching row unless a page is asked for. */
    q.limit = csv && !web_query(rq, "limit") ? 0 : limit;
    q.offset = offset;
    json_t *items;
    int64_t total;
    ws_err e = store_rankings_list(web_reader(rq), &q, &items, &total);
    if (e) {
        web_error_from(rq, rs, e);
        return;
    }
    if (csv) {
        answer_csv(rq, rs, items, q.division ? q.division : q.scope);
        json_decref(items);
        return;
    }
    web_json(rs, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total));
}

/* ---- overrides ------------------------------------------------------------------------------------ */

void web_rank_override_set(web_req *rq, web_res *rs) {
    int64_t hid;
    json_t *body;
    if (!web_param_id_or_answer(rq, rs, 0, &hid) || !web_body_object_or_answer(rq, rs, &body)) return;
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    static const char *const FIELDS[] = {"tier", "reason", NULL};
    web_check_known_fields(body, FIELDS, "", &errs);
    core_tier tier = CORE_TIER_NONE;
    json_t *t = json_object_get(body, "tier");
    if (!json_is_string(t) || !core_tier_parse(json_string_value(t), &tier))
        core_fielderrs_add(&errs, "tier", "bad_tier", "等级应为 red、severe、poor、vulnerable 或 none",
                           "The tier must be red, severe, poor, vulnerable or none");
    json_t *r = json_object_get(body, "reason");
    char *reason = json_is_string(r) ? core_text_trim(core_arena_strdup(rq->arena, json_string_value(r))) : NULL;
    if (!reason || !*reason || core_utf8_len(reason) > CORE_NOTE_MAX || core_text_has_control(reason, true) ||
        core_text_has_invisible(reason))
        core_fielderrs_add(&errs, "reason", "reason_required", "人工调整排名须填写原因（500 字以内）",
                           "A manual override needs a reason (at most 500 characters)");
    json_t *out = NULL;
    ws_err e = WS_OK;
    if (errs.count) {
        web_error_fields(rq, rs, 422, "invalid", &errs);
        goto done;
    }
    store_conn *w;
    e = web_write_begin(rq, &w);
    if (e) goto fail;
    e = store_household_check(w, rq->user.division_code, hid);
    bool assessed = true;
    if (!e) {
        e = store_override_set(w, hid, tier, reason, rq->user.id, rq->user.display_name);
        if (e == WS_ERR_NOTFOUND) assessed = false;
    }
    store_actor who = web_actor(rq);
    if (!e) e = store_audit_append(w, &who, "rank_override", "household", web_id_text(rq, hid),
                                   json_pack("{s:s, s:s}", "tier", core_tier_code(tier), "reason", reason));
    if (!e) e = store_index_json(w, rq->user.division_code, hid, rq->today, &out);
    e = store_write_finish(w, e);
    if (!assessed) {
        answer_not_assessed(rq, rs);
        goto done;
    }
    if (e) goto fail;
    web_json(rs, 200, out);
    out = NULL;
    goto done;
fail:
    web_error_from(rq, rs, e);
done:
    json_decref(out);
    core_fielderrs_free(&errs);
    json_decref(body);
}

void web_rank_override_delete(web_req *rq, web_res *rs) {
    int64_t hid;
    if (!web_param_id_or_answer(rq, rs, 0, &hid)) return;
    store_conn *w;
    ws_err e = web_write_begin(rq, &w);
    if (e) {
        web_error_from(rq, rs, e);
        return;
    }
    bool ended = false;
    e = store_household_check(w, rq->user.division_code, hid);
    if (!e) e = store_override_clear(w, hid, rq->user.id, &ended);
    store_actor who = web_actor(rq);
    if (!e && ended) e = store_audit_append(w, &who, "rank_override_end", "household", web_id_text(rq, hid), NULL);
    e = store_write_finish(w, e);
    if (e) web_error_from(rq, rs, e);
    else web_no_content(rs);
}
