/*
** http.c: helpers for reading requests and writing JSON answers and errors.
*/
#include "app.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *web_query(web_req *rq, const char *name) { return rq->query_fn(rq->lookup_ctx, name); }
const char *web_header_get(web_req *rq, const char *name) { return rq->header_fn(rq->lookup_ctx, name); }
store_db *web_db(web_req *rq) { return rq->app->db; }

ws_err web_write_begin(web_req *rq, store_conn **w) {
    if (rq->reader) store_read_end(rq->reader);
    return store_write_begin(rq->app->db, w);
}

const char *web_id_text(web_req *rq, int64_t id) { return core_arena_printf(rq->arena, "%lld", (long long)id); }

store_conn *web_reader(web_req *rq) {
    if (!rq->reader) rq->reader = store_read_acquire(rq->app->db);
    return rq->reader;
}

/* Parses a whole decimal number in [min, max]; false for anything else. */
static bool parse_int(const char *s, int64_t min, int64_t max, int64_t *out) {
    if (!s || !*s) return false;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || v < min || v > max) return false;
    *out = v;
    return true;
}

/* A positive id written canonically: no sign, spaces or leading zeros. */
static bool parse_id(const char *p, int64_t *id) {
    return p[0] >= '1' && p[0] <= '9' && strspn(p, "0123456789") == strlen(p) && parse_int(p, 1, INT64_MAX, id);
}

bool web_param_id_or_answer(web_req *rq, web_res *rs, int i, int64_t *id) {
    if (parse_id(rq->params[i], id)) return true;
    web_error(rq, rs, 404, "not_found", "未找到", "Not found");
    return false;
}

bool web_query_id_or_answer(web_req *rq, web_res *rs, const char *name, const char *code, int64_t *id) {
    const char *v = web_query(rq, name);
    *id = 0;
    if (!v || !*v || parse_id(v, id)) return true;
    web_error(rq, rs, 400, code, "查询参数中的编号无效", "An id in the query is not valid");
    return false;
}

bool web_body_object_or_answer(web_req *rq, web_res *rs, json_t **out) {
    json_error_t err;
    json_t *j = json_loadb(rq->body, rq->body_len, JSON_REJECT_DUPLICATES, &err);
    if (!j || !json_is_object(j)) {
        json_decref(j);
        web_error(rq, rs, 400, "bad_json", "请求内容不是有效的 JSON 对象", "The body is not a JSON object");
        return false;
    }
    *out = j;
    return true;
}

bool web_body_optional_object_or_answer(web_req *rq, web_res *rs, json_t **out) {
    if (rq->body_len == 0) {
        *out = json_object();
        return true;
    }
    return web_body_object_or_answer(rq, rs, out);
}

bool web_paging_or_answer(web_req *rq, web_res *rs, int64_t *limit, int64_t *offset) {
    const char *l = web_query(rq, "limit"), *o = web_query(rq, "offset");
    *limit = 20;
    *offset = 0;
    if ((l && !parse_int(l, 1, 200, limit)) || (o && !parse_int(o, 0, INT64_MAX / 2, offset))) {
        web_error(rq, rs, 400, "bad_paging", "limit 应为 1 到 200，offset 应为非负整数",
                  "limit must be 1 to 200 and offset a whole number from 0");
        return false;
    }
    return true;
}

bool web_query_division_or_answer(web_req *rq, web_res *rs, const char **code) {
    const char *d = web_query(rq, "division");
    size_t len = d ? strlen(d) : 0;
    *code = len ? d : NULL;
    if (len && ((len != 4 && len != 6 && len != 9) || strspn(d, "0123456789") != len)) {
        web_error(rq, rs, 400, "bad_division", "行政区划代码应为 4、6 或 9 位数字（市、县、乡镇）",
                  "A division code has 4, 6 or 9 digits (city, county, town)");
        return false;
    }
    return true;
}

bool web_query_flag_or_answer(web_req *rq, web_res *rs, const char *name, bool *value) {
    const char *v = web_query(rq, name);
    *value = v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
    if (!v || !*v || *value || strcmp(v, "0") == 0 || strcmp(v, "false") == 0) return true;
    char code[64], zh[160], en[160];
    snprintf(code, sizeof code, "bad_%s", name);
    snprintf(zh, sizeof zh, "%s 应为 1 或 0", name);
    snprintf(en, sizeof en, "%s must be 1 or 0", name);
    web_error(rq, rs, 400, code, zh, en);
    return false;
}

void web_add_header(web_req *rq, web_res *rs, const char *name, const char *value) {
    if (rs->nheaders == WEB_MAX_HEADERS) return;
    rs->headers[rs->nheaders++] = (web_header){core_arena_strdup(rq->arena, name), core_arena_strdup(rq->arena, value)};
}

void web_json(web_res *rs, int status, json_t *body) {
    free(rs->body);
    rs->status = status;
    rs->content_type = "application/json; charset=utf-8";
    rs->body = json_dumps(body, JSON_COMPACT | JSON_REAL_PRECISION(15));
    rs->body_len = rs->body ? strlen(rs->body) : 0;
    json_decref(body);
}

void web_text(web_res *rs, int status, const char *content_type, char *body, size_t len) {
    free(rs->body);
    rs->status = status;
    rs->content_type = content_type;
    rs->body = body;
    rs->body_len = len;
}

void web_no_content(web_res *rs) {
    free(rs->body);
    rs->body = NULL;
    rs->body_len = 0;
    rs->status = 204;
    rs->content_type = NULL;
}

static json_t *error_body(web_req *rq, const char *code, const char *zh, const char *en) {
    return json_pack("{s:{s:s, s:s}}", "error", "code", code, "message", rq->lang_en ? en : zh);
}

void web_answer(web_req *rq, web_res *rs, ws_err e, json_t *out) {
    if (e) web_error_from(rq, rs, e);
    else web_json(rs, 200, out);
}

void web_error(web_req *rq, web_res *rs, int status, const char *code, const char *zh, const char *en) {
    web_json(rs, status, error_body(rq, code, zh, en));
}

json_t *web_fielderrs_json(web_req *rq, const core_fielderrs *errs) {
    json_t *fields = json_object();
    for (size_t i = 0; i < errs->count; i++) {
        const core_fielderr *f = &errs->items[i];
        if (json_object_get(fields, f->field)) continue; /* the first problem of a field is the one to fix */
        json_object_set_new(fields, f->field, json_pack("{s:s, s:s, s:s, s:s}", "code", f->code, "message",
                                                        rq->lang_en ? f->en : f->zh, "zh", f->zh, "en", f->en));
    }
    return fields;
}

void web_error_fields(web_req *rq, web_res *rs, int status, const char *code, const core_fielderrs *errs) {
    json_t *body = error_body(rq, code, "输入有误，请按提示修改", "Some fields need correcting");
    if (errs->count == 1) /* one problem: say it in the headline too */
        json_object_set_new(json_object_get(body, "error"), "message",
                            json_string(rq->lang_en ? errs->items[0].en : errs->items[0].zh));
    json_object_set_new(json_object_get(body, "error"), "fields", web_fielderrs_json(rq, errs));
    web_json(rs, status, body);
}

void web_error_fields_or_from(web_req *rq, web_res *rs, ws_err e, const core_fielderrs *errs) {
    if (e == WS_ERR_INVALID && errs && errs->count) web_error_fields(rq, rs, 422, "invalid", errs);
    else web_error_from(rq, rs, e);
}

void web_error_from(web_req *rq, web_res *rs, ws_err e) {
    switch (e) {
    case WS_OK: return;
    case WS_ERR_NOTFOUND: web_error(rq, rs, 404, "not_found", "未找到", "Not found"); return;
    case WS_ERR_CONFLICT:
        web_error(rq, rs, 409, "conflict", "数据已被他人修改或与现有记录冲突，请刷新后重试",
                  "The data changed meanwhile or conflicts with an existing record; reload and retry");
        return;
    case WS_ERR_AUTH: web_error(rq, rs, 401, "unauthorized", "请先登录", "Please log in"); return;
    case WS_ERR_FORBIDDEN: web_error(rq, rs, 403, "forbidden", "无权进行此操作", "Your role may not do this"); return;
    case WS_ERR_LIMIT: web_error(rq, rs, 413, "too_large", "请求内容过大", "The request is too large"); return;
    case WS_ERR_INVALID: web_error(rq, rs, 422, "invalid", "输入有误", "Invalid input"); return;
    default: web_error(rq, rs, 500, "internal", "服务器内部错误", "Internal server error"); return;
    }
}
