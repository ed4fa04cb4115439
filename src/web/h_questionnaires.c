/*
** h_questionnaires.c: /api/v1/questionnaires — versions of the needs-assessment questionnaire: list,
** read, a new draft (city administrators), replacing a draft, and re-scoring every household under a
** draft, as a dry run or as the commit that publishes it.
**
** A published version is never edited; a new one is a new draft, checked by core_questionnaire_validate
** with field errors named as the request names them ("indicators[3].weight", "cutoffs.poor").
*/
#include "auth.h"
#include "handlers.h"
#include "registry_json.h"

#include "../core/frac.h"
#include "../store/audit.h"
#include "../store/questionnaires.h"
#include "../store/rankings.h"

#include <stdio.h>
#include <string.h>

void web_questionnaires_list(web_req *rq, web_res *rs) {
    int64_t limit, offset, total;
    if (!web_paging_or_answer(rq, rs, &limit, &offset)) return;
    json_t *items;
    ws_err e = store_questionnaires_list(web_reader(rq), limit, offset, &items, &total);
    if (e) web_error_from(rq, rs, e);
    else web_json(rs, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total));
}

void web_questionnaire_get(web_req *rq, web_res *rs) {
    int64_t id;
    if (!web_param_id_or_answer(rq, rs, 0, &id)) return;
    store_questionnaire *sq;
    ws_err e = store_questionnaire_load(web_reader(rq), id, &sq);
    if (e) {
        web_error_from(rq, rs, e);
        return;
    }
    web_json(rs, 200, store_questionnaire_json(sq, web_reader(rq)));
    store_questionnaire_free(sq);
}

/* ---- reading a version from JSON ------------------------------------------------------------------- */

/* A string field of obj as an arena copy; NULL when absent or not a string. */
static const char *str_field(web_req *rq, json_t *obj, const char *key) {
    json_t *v = json_object_get(obj, key);
    return json_is_string(v) ? core_arena_strdup(rq->arena, json_string_value(v)) : NULL;
}

/* A code into a fixed buffer; an error at field when it is absent or too long. */
static void code_field(json_t *obj, const char *field, char out[CORE_Q_CODE_MAX + 1], core_fielderrs *errs) {
    json_t *v = json_object_get(obj, "code");
    const char *s = json_is_string(v) ? json_string_value(v) : NULL;
    out[0] = '\0';
    if (s && strlen(s) <= CORE_Q_CODE_MAX) snprintf(out, CORE_Q_CODE_MAX + 1, "%s", s);
    else core_fielderrs_add(errs, field, "code_invalid", "代码应为 1 至 8 个字母、数字、下划线或连字符",
                            "A code has 1 to 8 letters, digits, underscores or hyphens");
}

static void read_cutoff(json_t *cutoffs, const char *key, core_q_cutoff *c, core_fielderrs *errs) {
    json_t *v = json_object_get(cutoffs, key);
    if (!v) return;
    core_frac f;
    const char *s = json_is_string(v) ? json_string_value(v) : NULL;
    char field[48];
    snprintf(field, sizeof field, "cutoffs.%s", key);
    /* "1/3" as written: p and q are kept (not reduced), as the version shows them. */
    long long p = 0, q = 0;
    char rest;
    if (s && sscanf(s, "%lld/%lld%c", &p, &q, &rest) == 2 && p > 0 && q > 0 && p <= q) {
        c->p = p;
        c->q = q;
    } else if (s && core_frac_parse(s, &f) && f.num > 0 && f.num <= f.den) {
        c->p = f.num;
        c->q = f.den;
    } else {
        core_fielderrs_add(errs, field, "cutoff_invalid", "分界线应写作分数 p/q（大于 0 且不超过 1）",
                           "A cut-off is a fraction p/q greater than 0 and at most 1");
    }
}

static void read_dimensions(web_req *rq, json_t *arr, core_questionnaire *q, core_fielderrs *errs) {
    static const char *const FIELDS[] = {"code", "zh", "en", "weight", NULL};
    size_t n = json_array_size(arr);
    q->ndims = (int)n;
    for (size_t i = 0; i < n && i < CORE_Q_MAX_DIMS; i++) {
        json_t *d = json_array_get(arr, i);
        const char *prefix = core_arena_printf(rq->arena, "dimensions[%zu].", i);
        if (!json_is_object(d)) {
            core_fielderrs_addp(errs, prefix, "code", "bad_dimension", "维度应为对象", "A dimension must be an object");
            continue;
        }
        web_check_known_fields(d, FIELDS, prefix, errs);
        code_field(d, core_arena_printf(rq->arena, "%scode", prefix), q->dims[i].code, errs);
        q->dims[i].zh = str_field(rq, d, "zh");
        q->dims[i].en = str_field(rq, d, "en");
    }
}

static void read_indicators(web_req *rq, json_t *arr, core_questionnaire *q, core_fielderrs *errs) {
    static const char *const FIELDS[] = {"code", "dimension", "zh", "en", "deprived_when", "severe_when", "has_severe",
                                         "weight", "area", "area_zh", "red_flag", "derived_from", NULL};
    size_t n = json_array_size(arr);
    q->nind = (int)n;
    for (size_t i = 0; i < n && i < CORE_Q_MAX_INDICATORS; i++) {
        json_t *v = json_array_get(arr, i);
        core_q_indicator *ind = &q->ind[i];
        const char *prefix = core_arena_printf(rq->arena, "indicators[%zu].", i);
        if (!json_is_object(v)) {
            core_fielderrs_addp(errs, prefix, "code", "bad_indicator", "指标应为对象", "An indicator must be an object");
            continue;
        }
        web_check_known_fields(v, FIELDS, prefix, errs);
        code_field(v, core_arena_printf(rq->arena, "%scode", prefix), ind->code, errs);
        const char *dim = str_field(rq, v, "dimension");
        ind->dimension = dim ? core_questionnaire_find_dim(q, dim) : -1;
        ind->zh = str_field(rq, v, "zh");
        ind->en = str_field(rq, v, "en");
        ind->deprived_when = str_field(rq, v, "deprived_when");
        ind->severe_when = str_field(rq, v, "severe_when");
        if (!ind->severe_when) ind->severe_when = "";
        json_t *hs = json_object_get(v, "has_severe");
        if (hs && !json_is_boolean(hs))
            core_fielderrs_addp(errs, prefix, "has_severe", "bad_boolean", "应为 true 或 false", "Must be true or false");
        ind->has_severe = hs ? json_is_true(hs) : *ind->severe_when != '\0';
        json_t *wt = json_object_get(v, "weight");
        ind->weight = json_is_integer(wt) && json_integer_value(wt) > 0 && json_integer_value(wt) <= 1000000
                          ? (int)json_integer_value(wt)
                          : 0;
        const char *area = str_field(rq, v, "area");
        snprintf(ind->area, sizeof ind->area, "%s", area && strlen(area) == 2 ? area : "");
        const char *red = str_field(rq, v, "red_flag");
        ind->red = CORE_RED_NEVER;
        if (red && !core_red_rule_parse(red, &ind->red))
            core_fielderrs_addp(errs, prefix, "red_flag", "red_invalid", "红色预警规则应为 never、deprived 或 severe",
                                "The red-flag rule must be never, deprived or severe");
        json_t *dv = json_object_get(v, "derived_from");
        ind->derive = CORE_DERIVE_NONE;
        if (dv && !json_is_null(dv)) {
            ind->derive = json_is_string(dv) ? core_derive_parse(json_string_value(dv)) : CORE_DERIVE_NONE;
            if (!ind->derive)
                core_fielderrs_addp(errs, prefix, "derived_from", "derive_invalid", "自动判定规则无法识别",
                                    "The derivation rule is not recognised");
        }
    }
}

/* The validator's field names as the request writes them: ".red" is "red_flag", "poor" is "cutoffs.poor". */
static const char *api_field(web_req *rq, const char *field) {
    static const char *const CUTOFFS[] = {"severe", "poor", "vulnerable", "k", "max_unanswered", NULL};
    for (const char *const *c = CUTOFFS; *c; c++)
        if (strcmp(field, *c) == 0) return core_arena_printf(rq->arena, "cutoffs.%s", field);
    size_t n = strlen(field);
    if (n > 4 && strcmp(field + n - 4, ".red") == 0)
        return core_arena_printf(rq->arena, "%.*s.red_flag", (int)(n - 4), field);
    if (n > 7 && strcmp(field + n - 7, ".derive") == 0)
        return core_arena_printf(rq->arena, "%.*s.derived_from", (int)(n - 7), field);
    return field;
}

/*
** A version from the request body, with the cut-offs and reassessment period of base where the body
** leaves them out, and the denominator the sum of the weights unless given. Errors go to errs.
*/
static void questionnaire_from_json(web_req *rq, json_t *body, const core_questionnaire *base, core_questionnaire *q,
                                    core_fielderrs *errs) {
    static const char *const FIELDS[] = {"denominator", "cutoffs", "reassess_months", "dimensions", "indicators", NULL};
    static const char *const CUTOFF_FIELDS[] = {"severe", "poor", "vulnerable", "k", "max_unanswered", NULL};
    memset(q, 0, sizeof *q);
    q->severe = base->severe;
    q->poor = base->poor;
    q->vulnerable = base->vulnerable;
    q->k = base->k;
    q->max_unanswered = base->max_unanswered;
    q->reassess_months = base->reassess_months;
    web_check_known_fields(body, FIELDS, "", errs);
    json_t *dims = json_object_get(body, "dimensions"), *inds = json_object_get(body, "indicators");
    if (!json_is_array(dims))
        core_fielderrs_add(errs, "dimensions", "count_invalid", "请给出维度列表", "Give the list of dimensions");
    else if (json_array_size(dims) > CORE_Q_MAX_DIMS)
        core_fielderrs_add(errs, "dimensions", "count_invalid", "维度最多 16 个", "There can be at most 16 dimensions");
    else read_dimensions(rq, dims, q, errs);
    if (!json_is_array(inds))
        core_fielderrs_add(errs, "indicators", "count_invalid", "请给出指标列表", "Give the list of indicators");
    else if (json_array_size(inds) > CORE_Q_MAX_INDICATORS)
        core_fielderrs_add(errs, "indicators", "count_invalid", "指标最多 128 个", "There can be at most 128 indicators");
    else read_indicators(rq, inds, q, errs);
    json_t *cutoffs = json_object_get(body, "cutoffs");
    if (cutoffs && !json_is_object(cutoffs))
        core_fielderrs_add(errs, "cutoffs", "bad_cutoffs", "cutoffs 应为对象", "cutoffs must be an object");
    else if (cutoffs) {
        web_check_known_fields(cutoffs, CUTOFF_FIELDS, "cutoffs.", errs);
        read_cutoff(cutoffs, "severe", &q->severe, errs);
        read_cutoff(cutoffs, "poor", &q->poor, errs);
        read_cutoff(cutoffs, "vulnerable", &q->vulnerable, errs);
        read_cutoff(cutoffs, "k", &q->k, errs);
        read_cutoff(cutoffs, "max_unanswered", &q->max_unanswered, errs);
    }
    json_t *months = json_object_get(body, "reassess_months");
    if (months) q->reassess_months = json_is_integer(months) ? (int)json_integer_value(months) : 0;
    json_t *den = json_object_get(body, "denominator");
    if (den) {
        q->denominator = json_is_integer(den) && json_integer_value(den) > 0 && json_integer_value(den) <= 1000000
                             ? (int)json_integer_value(den)
                             : 0;
    } else {
        int64_t sum = 0;
        for (int j = 0; j < q->nind && j < CORE_Q_MAX_INDICATORS; j++) sum += q->ind[j].weight;
        q->denominator = sum > 0 && sum <= 1000000 ? (int)sum : 0;
    }
    if (errs->count) return; /* the shape is wrong: what validation would add is noise */
    core_fielderrs found;
    core_fielderrs_init(&found);
    core_questionnaire_validate(q, &found);
    for (size_t i = 0; i < found.count; i++)
        core_fielderrs_add(errs, api_field(rq, found.items[i].field), found.items[i].code, found.items[i].zh,
                           found.items[i].en);
    core_fielderrs_free(&found);
}

/* Reads, validates and writes a draft: a new one (id 0) or over draft id. */
static void save_draft(web_req *rq, web_res *rs, int64_t id) {
    json_t *body;
    if (!web_body_object_or_answer(rq, rs, &body)) return;
    core_questionnaire *q = core_arena_alloc(rq->arena, sizeof *q);
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    store_questionnaire *base = NULL, *saved = NULL;
    json_t *out = NULL;
    store_conn *w;
    ws_err e = web_write_begin(rq, &w);
    if (e) goto answer;
    e = id ? store_questionnaire_load(w, id, &base) : store_questionnaire_current(w, &base);
    if (!e && id && base->published) e = WS_ERR_CONFLICT;
    if (!e) {
        questionnaire_from_json(rq, body, &base->q, q, &errs);
        if (errs.count) e = WS_ERR_INVALID;
    }
    if (!e) e = id ? store_questionnaire_replace(w, id, q) : store_questionnaire_insert(w, q, rq->user.id, &id);
    store_actor who = web_actor(rq);
    if (!e) e = store_audit_append(w, &who, base && base->id == id ? "update" : "create", "questionnaire",
                                   web_id_text(rq, id), json_pack("{s:i, s:i}", "indicators", q->nind, "denominator",
                                                                  q->denominator));
    if (!e) e = store_questionnaire_load(w, id, &saved);
    if (!e) out = store_questionnaire_json(saved, w);
    e = store_write_finish(w, e);
answer:
    if (errs.count) web_error_fields(rq, rs, 422, "invalid", &errs);
    else if (e == WS_ERR_CONFLICT)
        web_error(rq, rs, 409, "already_published", "已发布的问卷版本不能修改；请新建草稿",
                  "A published version is never edited; make a new draft");
    else if (e) web_error_from(rq, rs, e);
    else {
        web_json(rs, strcmp(rq->method, "POST") == 0 ? 201 : 200, out);
        out = NULL;
    }
    json_decref(out);
    store_questionnaire_free(base);
    store_questionnaire_free(saved);
    core_fielderrs_free(&errs);
    json_decref(body);
}

void web_questionnaires_create(web_req *rq, web_res *rs) { save_draft(rq, rs, 0); }

void web_questionnaire_update(web_req *rq, web_res *rs) {
    int64_t id;
    if (!web_param_id_or_answer(rq, rs, 0, &id)) return;
    save_draft(rq, rs, id);
}

void web_questionnaire_rescore(web_req *rq, web_res *rs) {
    int64_t id;
    if (!web_param_id_or_answer(rq, rs, 0, &id)) return;
    bool dry_run;
    if (!web_query_flag_or_answer(rq, rs, "dry_run", &dry_run)) return;
    store_questionnaire *sq = NULL;
    json_t *report = NULL;
    ws_err e;
    if (dry_run) {
        e = store_questionnaire_load(web_reader(rq), id, &sq);
        if (!e) e = store_rescore(web_reader(rq), sq, false, 0, NULL, &report);
    } else {
        store_conn *w;
        e = web_write_begin(rq, &w);
        if (e) goto answer;
        e = store_questionnaire_load(w, id, &sq);
        if (!e) e = store_rescore(w, sq, true, rq->user.id, rq->user.display_name, &report);
        store_actor who = web_actor(rq);
        if (!e) e = store_audit_append(w, &who, "publish", "questionnaire", web_id_text(rq, id),
                                       json_pack("{s:O, s:O, s:O}", "version", json_object_get(report, "version"),
                                                 "households", json_object_get(report, "households"), "tier_changes",
                                                 json_object_get(report, "tier_changes")));
        e = store_write_finish(w, e);
    }
answer:
    store_questionnaire_free(sq);
    if (e == WS_ERR_CONFLICT)
        web_error(rq, rs, 409, "already_published", "此问卷版本已发布", "This version has been published already");
    else if (e) web_error_from(rq, rs, e);
    else {
        web_json(rs, 200, report);
        report = NULL;
    }
    json_decref(report);
}
