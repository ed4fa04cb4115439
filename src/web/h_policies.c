/*
** h_policies.c: the policy catalog: /api/v1/departments, /api/v1/policies (with the rules' export and
** import), /api/v1/parameters and /api/v1/rules/check.
**
** The catalog is public information: every logged-in role reads it; city administrators change it, each
** change audited in its own transaction. A rule is checked (core_policy_check_rule: JSON, JsonLogic, known
** facts) before anything is written. Checking a rule against a household reads that household's facts
** within the caller's jurisdiction (404 outside it) and is audited as a view of its data.
*/
#include "auth.h"
#include "handlers.h"
#include "registry_json.h"

#include "../core/facts.h"
#include "../core/jsonlogic.h"
#include "../core/policy.h"
#include "../core/text.h"
#include "../store/audit.h"
#include "../store/facts.h"
#include "../store/policies.h"

#include <stdlib.h>
#include <string.h>

/* ---- reading the catalog ------------------------------------------------------------------------------ */

void web_departments_list(web_req *rq, web_res *rs) {
    json_t *items;
    ws_err e = store_departments_json(web_reader(rq), &items);
    if (e) web_error_from(rq, rs, e);
    else web_json(rs, 200, json_pack("{s:o}", "items", items));
}

/* A list of terms as [{"code","zh","en"}]. */
static json_t *terms_json(const core_policy_term *list, size_t n) {
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, json_pack("{s:s, s:s, s:s}", "code", list[i].code, "zh", list[i].zh, "en", list[i].en));
    return arr;
}

void web_policy_terms(web_req *rq, web_res *rs) {
    size_t nt, ng, nk, nu;
    const core_policy_term *types = core_assistance_types(&nt), *groups = core_target_groups(&ng);
    const core_policy_term *kinds = core_benefit_kinds(&nk), *units = core_param_units(&nu);
    web_json(rs, 200, json_pack("{s:o, s:o, s:o, s:o}", "types", terms_json(types, nt), "target_groups",
                                terms_json(groups, ng), "benefit_kinds", terms_json(kinds, nk), "units",
                                terms_json(units, nu)));
}

/* A query parameter that must be a code of list when given: *out is the code or NULL (absent or empty);
** answers 400 with code bad when it is not one. */
static bool query_term_or_answer(web_req *rq, web_res *rs, const char *name, const core_policy_term *list, size_t n,
                                 const char *bad, const char **out) {
    const char *v = web_query(rq, name);
    *out = v && *v ? v : NULL;
    if (!*out || core_policy_term_find(list, n, *out)) return true;
    web_error(rq, rs, 400, bad, "查询条件中的代码无效", "A code in the query is not valid");
    return false;
}

void web_policies_list(web_req *rq, web_res *rs) {
    int64_t limit, offset;
    if (!web_paging_or_answer(rq, rs, &limit, &offset)) return;
    size_t nt, ng;
    const core_policy_term *types = core_assistance_types(&nt), *groups = core_target_groups(&ng);
    static const core_policy_term STATUSES[] = {{"active", "有效", "Active"}, {"inactive", "停用", "Inactive"}};
    store_policy_query q = {.limit = limit, .offset = offset};
    if (!query_term_or_answer(rq, rs, "type", types, nt, "bad_type", &q.type) ||
        !query_term_or_answer(rq, rs, "target", groups, ng, "bad_target", &q.target) ||
        !query_term_or_answer(rq, rs, "status", STATUSES, 2, "bad_status", &q.status))
        return;
    const char *dep = web_query(rq, "department");
    q.department = dep && *dep ? dep : NULL;
    if (q.department && !store_department_exists(web_reader(rq), q.department)) {
        web_error(rq, rs, 400, "bad_department", "没有这个部门", "No such department");
        return;
    }
    const char *text = web_query(rq, "q");
    char *trimmed = text ? core_text_trim(core_arena_strdup(rq->arena, text)) : NULL;
    q.q = trimmed && *trimmed ? trimmed : NULL;
    json_t *items;
    int64_t total;
    ws_err e = store_policies_list(web_reader(rq), &q, &items, &total);
    if (e) web_error_from(rq, rs, e);
    else web_json(rs, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total));
}

void web_policy_get(web_req *rq, web_res *rs) {
    int64_t id;
    if (!web_param_id_or_answer(rq, rs, 0, &id)) return;
    json_t *out;
    ws_err e = store_policy_json(web_reader(rq), id, &out);
    if (e) web_error_from(rq, rs, e);
    else web_json(rs, 200, out);
}

/* ---- writing a policy --------------------------------------------------------------------------------- */

static const char *const POLICY_FIELDS[] = {"code", "name_zh", "name_en", "department_code", "assistance_type",
                                            "target_groups", "benefit_kind", "benefit_amount_fen",
                                            "benefit_parameter", "benefit_text", "how_to_apply", "documents",
                                            "legal_basis", "valid_from", "valid_to", "rule", "excludes", "status",
                                            NULL};

/* The string at key (NULL when absent or null); adds not_text when it is something else. */
static const char *text_at(json_t *obj, const char *key, core_fielderrs *errs) {
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v)) return NULL;
    if (!json_is_string(v)) core_fielderrs_add(errs, key, "not_text", "应为文字", "Must be text");
    return json_string_value(v);
}

/* The JSON value at key as compact text in the arena; NULL when absent or null. */
static const char *json_text_at(web_req *rq, json_t *obj, const char *key) {
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v)) return NULL;
    char *text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    char *copy = core_arena_strdup(rq->arena, text ? text : "");
    free(text);
    return copy;
}

/* Reads a code list (target_groups, excludes) of at most max entries into out (borrowed strings). */
static void codes_at(json_t *obj, const char *key, const char **out, size_t max, size_t *n, core_fielderrs *errs) {
    json_t *arr = json_object_get(obj, key), *v;
    *n = 0;
    if (!arr || json_is_null(arr)) return;
    if (!json_is_array(arr) || json_array_size(arr) > max) {
        core_fielderrs_add(errs, key, "bad_list", "应为代码的列表（数量有上限）", "Must be a list of codes (of limited length)");
        return;
    }
    size_t i;
    json_array_foreach(arr, i, v) {
        if (json_is_string(v)) {
            out[(*n)++] = json_string_value(v);
            continue;
        }
        char field[48];
        snprintf(field, sizeof field, "%s[%zu]", key, i);
        core_fielderrs_add(errs, field, "not_text", "应为代码", "Must be a code");
    }
}

/*
** Reads obj (every field of a policy: a request's body, or for an update the stored policy with the body
** laid over it) into p and excludes (borrowed from obj and the arena), checking the form (core_policy_check)
** and what needs the database on c: the department, the parameter, the excluded policies.
*/
static void policy_from_json(web_req *rq, store_conn *c, json_t *obj, core_policy *p, const char **excludes,
                             size_t *nexcludes, core_fielderrs *errs) {
    *p = (core_policy){0};
    p->code = text_at(obj, "code", errs);
    p->name_zh = text_at(obj, "name_zh", errs);
    p->name_en = text_at(obj, "name_en", errs);
    p->department = text_at(obj, "department_code", errs);
    p->type = text_at(obj, "assistance_type", errs);
    size_t ntargets;
    codes_at(obj, "target_groups", p->targets, CORE_POLICY_TARGETS_MAX, &ntargets, errs);
    p->benefit_kind = text_at(obj, "benefit_kind", errs);
    json_t *amount = json_object_get(obj, "benefit_amount_fen");
    if (amount && !json_is_null(amount) && !json_is_integer(amount)) p->benefit_amount_fen = -1;
    else p->benefit_amount_fen = json_integer_value(amount);
    p->benefit_parameter = text_at(obj, "benefit_parameter", errs);
    p->benefit_text = text_at(obj, "benefit_text", errs);
    p->how_to_apply = text_at(obj, "how_to_apply", errs);
    p->documents = text_at(obj, "documents", errs);
    p->legal_basis = text_at(obj, "legal_basis", errs);
    p->valid_from = text_at(obj, "valid_from", errs);
    p->valid_to = text_at(obj, "valid_to", errs);
    const char *status = text_at(obj, "status", errs);
    if (status && strcmp(status, "active") != 0 && strcmp(status, "inactive") != 0)
        core_fielderrs_add(errs, "status", "bad_status", "状态应为 active 或 inactive", "The status is active or inactive");
    p->inactive = status && strcmp(status, "inactive") == 0;
    p->rule = json_text_at(rq, obj, "rule");
    core_policy_check(p, errs);
    if (p->department && !store_department_exists(c, p->department))
        core_fielderrs_add(errs, "department_code", "unknown_department", "没有这个部门", "No such department");
    char unit[16];
    if (p->benefit_parameter && core_param_name_valid(p->benefit_parameter) &&
        store_parameter_unit(c, p->benefit_parameter, unit) != WS_OK)
        core_fielderrs_add(errs, "benefit_parameter", "unknown_parameter", "没有这个城市参数", "No such city parameter");
    codes_at(obj, "excludes", excludes, CORE_POLICY_EXCLUDES_MAX, nexcludes, errs);
    for (size_t i = 0; i < *nexcludes; i++) {
        char field[48];
        snprintf(field, sizeof field, "excludes[%zu]", i);
        int64_t other;
        bool repeated = false;
        for (size_t j = 0; j < i && !repeated; j++) repeated = strcmp(excludes[j], excludes[i]) == 0;
        if (p->code && strcmp(excludes[i], p->code) == 0)
            core_fielderrs_add(errs, field, "bad_exclusion", "政策不能与自身互斥", "A policy cannot exclude itself");
        else if (repeated)
            core_fielderrs_add(errs, field, "duplicate", "互斥政策重复", "The policy is given twice");
        else if (store_policy_id(c, excludes[i], &other) != WS_OK)
            core_fielderrs_add(errs, field, "unknown_policy", "没有这个政策", "No such policy");
    }
}

/* Writes the exclusions, audits the write and reads the policy back, inside w. */
static ws_err finish_policy_write(web_req *rq, store_conn *w, const char *action, json_t *body, int64_t id,
                                  const core_policy *p, const char **excludes, size_t nexcludes, json_t **out) {
    ws_err e = WS_OK;
    if (strcmp(action, "create") == 0 || json_object_get(body, "excludes"))
        e = store_policy_exclusions_set(w, p->code, excludes, nexcludes);
    store_actor who = web_actor(rq);
    if (!e) e = store_audit_append(w, &who, action, "policy", p->code, json_pack("{s:o}", "fields", web_json_keys(body)));
    return e ? e : store_policy_json(w, id, out);
}

/* Answers a write's outcome: 201/200 with the policy, 409 for a code in use, 422 for field errors. */
static void answer_policy_write(web_req *rq, web_res *rs, ws_err e, int status, const core_fielderrs *errs,
                                json_t *out) {
    if (errs->count == 1 && strcmp(errs->items[0].code, "code_taken") == 0)
        web_error_fields(rq, rs, 409, "code_taken", errs);
    else if (e) web_error_fields_or_from(rq, rs, e, errs);
    else {
        web_json(rs, status, out);
        return;
    }
    json_decref(out);
}

void web_policies_create(web_req *rq, web_res *rs) {
    json_t *body, *out = NULL;
    if (!web_body_object_or_answer(rq, rs, &body)) return;
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    store_conn *w;
    ws_err e = web_write_begin(rq, &w);
    if (!e) {
        core_policy p;
        const char *excludes[CORE_POLICY_EXCLUDES_MAX];
        size_t nexcludes = 0;
        int64_t id;
        web_check_known_fields(body, POLICY_FIELDS, "", &errs);
        policy_from_json(rq, w, body, &p, excludes, &nexcludes, &errs);
        if (!errs.count && store_policy_id(w, p.code, &id) == WS_OK)
            core_fielderrs_add(&errs, "code", "code_taken", "该代码已被其他政策使用", "Another policy has this code");
        if (errs.count) e = WS_ERR_INVALID;
        if (!e) e = store_policy_insert(w, &p, &id);
        if (!e) e = finish_policy_write(rq, w, "create", body, id, &p, excludes, nexcludes, &out);
        e = store_write_finish(w, e);
    }
    answer_policy_write(rq, rs, e, 201, &errs, out);
    core_fielderrs_free(&errs);
    json_decref(body);
}

void web_policy_update(web_req *rq, web_res *rs) {
    int64_t id;
    json_t *body, *out = NULL, *merged = NULL;
    if (!web_param_id_or_answer(rq, rs, 0, &id) || !web_body_object_or_answer(rq, rs, &body)) return;
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    store_conn *w;
    ws_err e = web_write_begin(rq, &w);
    if (!e) {
        e = store_policy_json(w, id, &merged);
        if (!e) {
            const char *code = json_string_value(json_object_get(merged, "code"));
            const char *asked = json_string_value(json_object_get(body, "code"));
            web_check_known_fields(body, POLICY_FIELDS, "", &errs);
            if (json_object_get(body, "code") && (!asked || strcmp(asked, code) != 0))
                core_fielderrs_add(&errs, "code", "code_fixed", "政策代码不能修改", "A policy's code cannot change");
            json_object_update(merged, body);
            json_object_set_new(merged, "code", json_string(code));
            core_policy p;
            const char *excludes[CORE_POLICY_EXCLUDES_MAX];
            size_t nexcludes = 0;
            policy_from_json(rq, w, merged, &p, excludes, &nexcludes, &errs);
            if (errs.count) e = WS_ERR_INVALID;
            if (!e) e = store_policy_update(w, id, &p);
            if (!e) e = finish_policy_write(rq, w, "update", body, id, &p, excludes, nexcludes, &out);
        }
        e = store_write_finish(w, e);
    }
    answer_policy_write(rq, rs, e, 200, &errs, out);
    json_decref(merged);
    core_fielderrs_free(&errs);
    json_decref(body);
}

/* ---- rules export and import -------------------------------------------------------------------------- */

void web_policy_rules_export(web_req *rq, web_res *rs) {
    json_t *out;
    ws_err e = store_policy_rules_json(web_reader(rq), &out);
    if (e) {
        web_error_from(rq, rs, e);
        return;
    }
    web_json(rs, 200, out);
    web_add_header(rq, rs, "Content-Disposition", "attachment; filename=\"policy-rules.json\"");
}

/* The field errors of errs from index from on as a report's [{"field","code","zh","en"}]. */
static json_t *report_errors(const core_fielderrs *errs, size_t from) {
    json_t *arr = json_array();
    for (size_t i = from; i < errs->count; i++)
        json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s}", "field", errs->items[i].field, "code",
                                             errs->items[i].code, "zh", errs->items[i].zh, "en", errs->items[i].en));
    return arr;
}

static int compare_codes(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Checks the document's exclusions (when present) against the policies in current's rules: pairs of two
** different codes of existing policies. Adds errors at "exclusions[i]". */
static void check_exclusions(json_t *pairs, json_t *current_rules, core_fielderrs *errs) {
    if (!json_is_array(pairs)) {
        core_fielderrs_add(errs, "exclusions", "bad_exclusion", "互斥关系应为政策代码对的列表",
                           "Exclusions are a list of pairs of policy codes");
        return;
    }
    size_t i;
    json_t *pair;
    json_array_foreach(pairs, i, pair) {
        char field[48];
        snprintf(field, sizeof field, "exclusions[%zu]", i);
        const char *a = json_string_value(json_array_get(pair, 0)), *b = json_string_value(json_array_get(pair, 1));
        if (!json_is_array(pair) || json_array_size(pair) != 2 || !a || !b || strcmp(a, b) == 0)
            core_fielderrs_add(errs, field, "bad_exclusion", "每个互斥关系应为两个不同的政策代码",
                               "Each exclusion is two different policy codes");
        else if (!json_object_get(current_rules, a) || !json_object_get(current_rules, b))
            core_fielderrs_add(errs, field, "unknown_policy", "互斥关系中有不存在的政策", "An exclusion names no such policy");
    }
}

/*
** Checks every rule of the document against the current ones and builds the report's items; *changed lists
** the codes whose rule differs (borrowed from doc), *nunchanged counts the others without errors. Errors of
** one policy go to its item; *errors counts them all.
*/
static json_t *check_rules(web_req *rq, json_t *rules, json_t *current_rules, const char **changed, size_t *nchanged,
                           size_t *nunchanged, size_t *errors) {
    size_t n = json_object_size(rules), k = 0;
    const char **codes = core_arena_alloc(rq->arena, (n ? n : 1) * sizeof *codes);
    const char *key;
    json_t *v;
    json_object_foreach(rules, key, v) codes[k++] = key;
    qsort(codes, n, sizeof *codes, compare_codes);
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        core_fielderrs errs;
        core_fielderrs_init(&errs);
        char field[CORE_POLICY_CODE_MAX + 64];
        snprintf(field, sizeof field, "rules.%s", codes[i]);
        json_t *rule = json_object_get(rules, codes[i]), *current = json_object_get(current_rules, codes[i]);
        if (!current) core_fielderrs_add(&errs, field, "unknown_policy", "没有这个政策", "No such policy");
        else core_policy_check_policy_rule(json_text_at(rq, rules, codes[i]), field, &errs);
        const char *status = errs.count ? "error" : json_equal(rule, current) ? "unchanged" : "changed";
        json_t *item = json_pack("{s:s, s:s}", "code", codes[i], "status", status);
        if (errs.count) json_object_set_new(item, "errors", report_errors(&errs, 0));
        if (strcmp(status, "changed") == 0) changed[(*nchanged)++] = codes[i];
        if (strcmp(status, "unchanged") == 0) (*nunchanged)++;
        *errors += errs.count;
        json_array_append_new(items, item);
        core_fielderrs_free(&errs);
    }
    return items;
}

void web_policy_rules_import(web_req *rq, web_res *rs) {
    bool dry_run;
    json_t *doc, *current = NULL;
    if (!web_query_flag_or_answer(rq, rs, "dry_run", &dry_run) || !web_body_object_or_answer(rq, rs, &doc)) return;
    json_t *rules = json_object_get(doc, "rules"), *pairs = json_object_get(doc, "exclusions");
    const char *format = json_string_value(json_object_get(doc, "format"));
    if (!format || strcmp(format, "waystation-policy-rules") != 0 || json_integer_value(json_object_get(doc, "version")) != 1 ||
        !json_is_object(rules)) {
        web_error(rq, rs, 422, "bad_format", "不是本系统导出的政策规则文件（format、version、rules）",
                  "Not a policy rules document as exported (format, version, rules)");
        json_decref(doc);
        return;
    }
    store_conn *w = NULL;
    ws_err e = web_write_begin(rq, &w);
    json_t *report = NULL;
    if (!e) e = store_policy_rules_json(w, &current);
    if (!e) {
        json_t *current_rules = json_object_get(current, "rules");
        const char **changed = core_arena_alloc(rq->arena, (json_object_size(rules) + 1) * sizeof *changed);
        size_t nchanged = 0, nunchanged = 0, nerrors = 0;
        json_t *items = check_rules(rq, rules, current_rules, changed, &nchanged, &nunchanged, &nerrors);
        core_fielderrs doc_errs;
        core_fielderrs_init(&doc_errs);
        if (pairs) check_exclusions(pairs, current_rules, &doc_errs);
        nerrors += doc_errs.count;
        size_t nrules = json_object_size(rules);
        report = json_pack("{s:b, s:b, s:I, s:I, s:I, s:I, s:o, s:o}", "ok", nerrors == 0, "dry_run", dry_run, "rules",
                           (json_int_t)nrules, "changed", (json_int_t)nchanged, "unchanged",
                           (json_int_t)nunchanged, "errors_total",
                           (json_int_t)nerrors, "items", items, "errors", report_errors(&doc_errs, 0));
        core_fielderrs_free(&doc_errs);
        if (nerrors) e = WS_ERR_INVALID;
        for (size_t i = 0; i < nchanged && !e && !dry_run; i++)
            e = store_policy_set_rule(w, changed[i], json_text_at(rq, rules, changed[i]));
        if (!e && !dry_run && pairs) e = store_exclusions_replace(w, pairs);
        if (!e && !dry_run) {
            json_t *list = json_array();
            for (size_t i = 0; i < nchanged; i++) json_array_append_new(list, json_string(changed[i]));
            store_actor who = web_actor(rq);
            e = store_audit_append(w, &who, "import", "policy_rules", "",
                                   json_pack("{s:o, s:b}", "changed", list, "exclusions", pairs != NULL));
        }
    }
    if (w && dry_run) store_write_rollback(w); /* a dry run writes nothing, whatever it found */
    else if (w) e = store_write_finish(w, e);
    json_decref(current);
    web_import_answer(rq, rs, e, report, "规则文件有误，未导入任何规则；请按报告修改后重新导入",
                      "The rules have problems and nothing was imported; correct them as the report says and retry");
    json_decref(doc);
}

/* ---- checking a rule ---------------------------------------------------------------------------------- */

static const core_jl_labels FACT_LABELS = {core_fact_label, core_fact_unit, core_fact_value_label, NULL};

/* The missing fact paths as core_fact_missing_json gives them. New reference. */
static json_t *missing_json(const json_t *paths, const json_t *facts) {
    json_t *arr = json_array(), *v;
    size_t i;
    json_array_foreach(paths, i, v) json_array_append_new(arr, core_fact_missing_json(json_string_value(v), facts));
    return arr;
}

/* The facts a check runs on: the body's "facts", or a household's within the caller's jurisdiction on the
** body's "date" (default today), audited. Adds field errors, or returns the store's error. */
static ws_err check_facts(web_req *rq, json_t *body, core_fielderrs *errs, json_t **facts, int64_t *household_id) {
    json_t *given = json_object_get(body, "facts"), *hid = json_object_get(body, "household_id");
    json_t *date = json_object_get(body, "date");
    core_date on = rq->today;
    *household_id = 0;
    if (given && hid) {
        core_fielderrs_add(errs, "facts", "facts_or_household", "请只提供 facts 或 household_id 之一",
                           "Give either facts or household_id, not both");
        return WS_ERR_INVALID;
    }
    if (!hid) {
        if (given && !json_is_object(given)) {
            core_fielderrs_add(errs, "facts", "bad_facts", "facts 应为 JSON 对象", "facts must be a JSON object");
            return WS_ERR_INVALID;
        }
        *facts = given ? json_incref(given) : json_object();
        return WS_OK;
    }
    if (!json_is_integer(hid) || json_integer_value(hid) <= 0)
        core_fielderrs_add(errs, "household_id", "bad_household", "household_id 应为家庭编号", "household_id is a household's id");
    if (date && (!json_is_string(date) || !core_date_parse(json_string_value(date), &on)))
        core_fielderrs_add(errs, "date", "bad_date", "日期应为 yyyy-mm-dd", "date must be yyyy-mm-dd");
    if (errs->count) return WS_ERR_INVALID;
    *household_id = json_integer_value(hid);
    ws_err e = store_facts_build(web_reader(rq), rq->user.division_code, *household_id, on, facts);
    const char *registered = e ? NULL : json_string_value(json_object_get(json_object_get(*facts, "household"), "registered_on"));
    char day[11];
    core_date_format(on, day);
    if (registered && strcmp(registered, day) > 0) {
        char zh[160], en[160];
        snprintf(zh, sizeof zh, "该家庭于 %s 登记，不能按更早的日期筛查", registered);
        snprintf(en, sizeof en, "The household was registered on %s; it cannot be screened on an earlier date", registered);
        core_fielderrs_add(errs, "date", "before_registration", zh, en);
        e = WS_ERR_INVALID;
    }
    if (!e) e = web_audit_view(rq, "view", "household_facts", web_id_text(rq, *household_id));
    if (e && *facts) {
        json_decref(*facts);
        *facts = NULL;
    }
    return e;
}

void web_rules_check(web_req *rq, web_res *rs) {
    static const char *const FIELDS[] = {"rule", "facts", "household_id", "date", NULL};
    json_t *body, *facts = NULL, *rule = NULL;
    if (!web_body_object_or_answer(rq, rs, &body)) return;
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    web_check_known_fields(body, FIELDS, "", &errs);
    ws_err e = WS_OK;
    int64_t household_id;
    if (!core_policy_check_rule(json_text_at(rq, body, "rule"), "rule", &rule, &errs) || errs.count) e = WS_ERR_INVALID;
    if (!e) e = check_facts(rq, body, &errs, &facts, &household_id);
    core_jl_outcome o = {0};
    core_jl_error jerr;
    if (!e && core_jl_eval3(rule, facts, &FACT_LABELS, &o, &jerr) != WS_OK) {
        char zh[400], en[400];
        snprintf(zh, sizeof zh, "规则在这些事实上无法求值：%s", jerr.zh);
        snprintf(en, sizeof en, "The rule cannot be evaluated on these facts: %s", jerr.en);
        core_fielderrs_add(&errs, "rule", "rule_failed", zh, en);
        e = WS_ERR_INVALID;
    }
    if (e) web_error_fields_or_from(rq, rs, e, &errs);
    else {
        static const char *const RESULT[] = {"not_eligible", "eligible", "unknown"};
        web_json(rs, 200, json_pack("{s:s, s:O, s:o, s:O, s:O}", "result", RESULT[o.truth], "value", o.value,
                                    "missing", missing_json(o.missing, facts), "reasons", o.reasons, "facts", facts));
    }
    core_jl_outcome_free(&o);
    json_decref(facts);
    json_decref(rule);
    core_fielderrs_free(&errs);
    json_decref(body);
}

/* ---- city parameters ---------------------------------------------------------------------------------- */

void web_parameters_list(web_req *rq, web_res *rs) {
    core_date on;
    if (!web_query_date_or_answer(rq, rs, &on)) return;
    char day[11];
    core_date_format(on, day);
    json_t *items = NULL, *params = NULL;
    ws_err e = store_parameters_json(web_reader(rq), day, &items);
    if (!e) e = store_params_in_force(web_reader(rq), day, &params);
    if (e) {
        json_decref(items);
        web_error_from(rq, rs, e);
        return;
    }
    web_json(rs, 200, json_pack("{s:s, s:o, s:o}", "date", day, "items", items, "params", params));
}

void web_parameter_get(web_req *rq, web_res *rs) {
    const char *name = rq->params[0];
    json_t *out;
    ws_err e = core_param_name_valid(name) ? store_parameter_history(web_reader(rq), name, &out) : WS_ERR_NOTFOUND;
    if (e) web_error_from(rq, rs, e);
    else web_json(rs, 200, out);
}

/* Reads and checks a new parameter value from body into p (its unit from the parameter's earlier values). */
static void parameter_from_json(web_req *rq, store_conn *w, json_t *body, store_parameter *p, core_fielderrs *errs) {
    static const char *const FIELDS[] = {"name", "value", "unit", "effective_from", "note", NULL};
    web_check_known_fields(body, FIELDS, "", errs);
    const char *name = json_string_value(json_object_get(body, "name"));
    char path[CORE_PARAM_NAME_MAX + 8];
    snprintf(path, sizeof path, "params.%s", name ? name : "");
    const core_fact *f = core_param_name_valid(name) ? core_fact_find(path) : NULL;
    if (!f || f->scope != CORE_FACT_PARAM)
        core_fielderrs_add(errs, "name", "unknown_parameter", "事实词表中没有这个城市参数",
                           "The fact vocabulary has no such city parameter");
    else snprintf(p->name, sizeof p->name, "%s", name);
    json_t *unit_v = json_object_get(body, "unit");
    const char *unit = json_string_value(unit_v);
    size_t nunits;
    const core_policy_term *units = core_param_units(&nunits);
    char stored[16];
    bool has_values = f && store_parameter_unit(w, name, stored) == WS_OK;
    if (unit_v && !core_policy_term_find(units, nunits, unit))
        core_fielderrs_add(errs, "unit", "unknown_unit", "没有这个单位", "No such unit");
    else if (has_values && unit && strcmp(unit, stored) != 0)
        core_fielderrs_add(errs, "unit", "unit_mismatch", "单位应与该参数已有取值的单位一致", "The unit must be the parameter's unit");
    else if (!has_values && !unit && f)
        core_fielderrs_add(errs, "unit", "required", "参数首次取值时请填写单位", "The unit is required for a parameter's first value");
    else snprintf(p->unit, sizeof p->unit, "%s", has_values ? stored : unit ? unit : "");
    if (p->unit[0]) core_param_value_check(json_object_get(body, "value"), p->unit, p->value, sizeof p->value, errs);
    core_date from;
    const char *text = json_string_value(json_object_get(body, "effective_from"));
    if (!text || !core_date_parse(text, &from))
        core_fielderrs_add(errs, "effective_from", "bad_date", "生效日期应为 yyyy-mm-dd 格式的有效日期",
                           "The effective date is a real date written yyyy-mm-dd");
    else if (core_date_days(from) < core_date_days(rq->today))
        core_fielderrs_add(errs, "effective_from", "date_in_past",
                           "生效日期不能早于今天：历史取值不能改写，新的取值只能从今天或以后生效",
                           "The effective date cannot be before today: history is never rewritten, a new value "
                           "takes effect today or later");
    else core_date_format(from, p->effective_from);
    if (!web_json_note(rq, json_object_get(body, "note"), &p->note))
        web_json_note_error(json_object_get(body, "note"), "", "note", "invalid_text", "备注应为不超过 500 字的文字",
                            "The note is text of at most 500 characters", errs);
}

void web_parameters_create(web_req *rq, web_res *rs) {
    json_t *body, *out = NULL;
    if (!web_body_object_or_answer(rq, rs, &body)) return;
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    store_conn *w;
    store_parameter p = {0};
    ws_err e = web_write_begin(rq, &w);
    if (!e) {
        parameter_from_json(rq, w, body, &p, &errs);
        if (errs.count) e = WS_ERR_INVALID;
        if (!e && (e = store_parameter_insert(w, &p)) == WS_ERR_CONFLICT)
            core_fielderrs_add(&errs, "effective_from", "date_taken", "该参数在这一生效日期已有取值，历史取值不能修改",
                               "The parameter has a value from this date already; values are never edited");
        store_actor who = web_actor(rq);
        if (!e) e = store_audit_append(w, &who, "create", "city_parameter", p.name,
                                       json_pack("{s:s, s:s, s:s}", "value", p.value, "unit", p.unit, "effective_from",
                                                 p.effective_from));
        if (!e) e = store_parameter_history(w, p.name, &out);
        e = store_write_finish(w, e);
    }
    if (e == WS_ERR_CONFLICT && errs.count) web_error_fields(rq, rs, 409, "date_taken", &errs);
    else if (e) web_error_fields_or_from(rq, rs, e, &errs);
    else {
        web_json(rs, 201, out);
        out = NULL;
    }
    json_decref(out);
    core_fielderrs_free(&errs);
    json_decref(body);
}
