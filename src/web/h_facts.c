/*
** h_facts.c: /api/v1/facts (the vocabulary of household facts rules may name) and
** /api/v1/households/{id}/facts (the facts a station declares: income, housing, schooling ...).
**
** Declared facts feed the eligibility screening; they are personal data, so viewing them is audited and
** writing them is audited with the names written. A write checks every name and value first and writes all
** or nothing, in one transaction that also checks the household is within the caller's jurisdiction.
*/
#include "auth.h"
#include "handlers.h"

#include "../core/facts.h"
#include "../core/hindex.h"
#include "../core/household.h"
#include "../store/facts.h"
#include "../store/households.h"

#include <string.h>

static const char *const TYPE_NAMES[] = {
    [CORE_FACT_OBJECT] = "object", [CORE_FACT_ARRAY] = "array",  [CORE_FACT_BOOL] = "boolean",
    [CORE_FACT_NUMBER] = "number", [CORE_FACT_INTEGER] = "integer", [CORE_FACT_ENUM] = "enum",
    [CORE_FACT_TEXT] = "text",     [CORE_FACT_DATE] = "date"};
static const char *const SCOPE_NAMES[] = {[CORE_FACT_ROOT] = "root", [CORE_FACT_HOUSEHOLD] = "household",
                                          [CORE_FACT_MEMBER] = "member", [CORE_FACT_ASSESSMENT] = "assessment",
                                          [CORE_FACT_PARAM] = "params"};

/* The values of an enumerated fact with their labels; null when it is not one. */
static json_t *values_json(const core_fact *f)
{
    if (f->type != CORE_FACT_ENUM)
        return json_null();
    json_t *out = json_array();
    if (f->values) {
        for (const core_fact_value *v = f->values; v->code; v++)
            json_array_append_new(out, json_pack("{ss ss ss}", "code", v->code, "zh", v->zh, "en", v->en));
        return out;
    }
    /* the registry's own enumerations (household.h, hindex.h): every code of the one the fact names */
    const char *codes[CORE_CAT_COUNT + CORE_REL_COUNT + CORE_TIER_COUNT];
    size_t n = 0;
    if (strcmp(f->path, "household.category") == 0)
        for (int c = CORE_CAT_NONE + 1; c < CORE_CAT_COUNT; c++)
            codes[n++] = core_category_code((core_category)c);
    else if (strcmp(f->path, "members.relation") == 0)
        for (int r = CORE_REL_NONE + 1; r < CORE_REL_COUNT; r++)
            codes[n++] = core_relation_code((core_relation)r);
    else
        for (int t = CORE_TIER_COUNT - 1; t >= CORE_TIER_NONE; t--)
            codes[n++] = core_tier_code((core_tier)t);
    for (size_t i = 0; i < n; i++) {
        const char *zh = core_fact_value_label(f->path, codes[i], false);
        if (zh)
            json_array_append_new(out, json_pack("{ss ss ss}", "code", codes[i], "zh", zh, "en",
                                                 core_fact_value_label(f->path, codes[i], true)));
    }
    return out;
}

static json_t *fact_json(const core_fact *f)
{
    json_t *j = json_pack("{ss ss ss sb ss ss ss ss ss ss so}", "path", f->path, "scope", SCOPE_NAMES[f->scope],
                          "type", TYPE_NAMES[f->type], "declared", f->declared, "label_zh", f->zh, "label_en", f->en,
                          "unit_zh", f->unit_zh, "unit_en", f->unit_en, "desc_zh", f->desc_zh, "desc_en", f->desc_en,
                          "values", values_json(f));
    if (f->type == CORE_FACT_INTEGER) {
        json_object_set_new(j, "min", json_integer(f->min));
        json_object_set_new(j, "max", json_integer(f->max));
    }
    return j;
}

void web_facts_vocabulary(web_req *rq, web_res *rs)
{
    size_t n;
    const core_fact *all = core_facts_all(&n);
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, fact_json(&all[i]));
    web_json(rs, 200, json_pack("{so}", "items", items));
}

/* The answer of GET and PUT, read on c: the declared facts and the whole facts object of today. */
static ws_err facts_answer(web_req *rq, store_conn *c, int64_t hid, json_t **out)
{
    json_t *facts, *object;
    ws_err e = store_declared_facts_json(c, rq->user.division_code, hid, &facts);
    if (e != WS_OK)
        return e;
    e = store_facts_build(c, rq->user.division_code, hid, rq->today, &object);
    if (e != WS_OK) {
        json_decref(facts);
        return e;
    }
    *out = json_pack("{sI so so}", "household_id", (json_int_t)hid, "facts", facts, "facts_object", object);
    return WS_OK;
}

void web_household_facts_get(web_req *rq, web_res *rs)
{
    int64_t hid;
    if (!web_param_id_or_answer(rq, rs, 0, &hid))
        return;
    json_t *out = NULL;
    ws_err e = facts_answer(rq, web_reader(rq), hid, &out);
    if (e == WS_OK && (e = web_audit_view(rq, "view", "facts", web_id_text(rq, hid))) != WS_OK) {
        json_decref(out);
        out = NULL;
    }
    if (e != WS_OK)
        web_error_from(rq, rs, e);
    else
        web_json(rs, 200, out);
}

/* Checks every name and value of the body's "facts" object; adds errors at "facts.<name>". */
static bool check_body(web_req *rq, const json_t *body, core_fielderrs *errs)
{
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)body, key, v) if (strcmp(key, "facts") != 0)
        core_fielderrs_add(errs, key, "unknown_field", "未知字段", "Unknown field");
    const json_t *facts = json_object_get(body, "facts");
    if (!json_is_object(facts)) {
        core_fielderrs_add(errs, "facts", "required", "facts 应为对象：事实名 → 值", "facts must be an object: name → value");
        return false;
    }
    json_object_foreach((json_t *)facts, key, v) {
        const char *field = core_arena_printf(rq->arena, "facts.%s", key);
        core_fact_name n;
        if (!core_fact_name_parse(key, &n))
            core_fielderrs_add(errs, field, "unknown_fact", "不是可填写的事实", "Not a fact that can be declared");
        else if (!json_is_null(v))
            core_fact_value_check(n.fact, v, field, errs);
    }
    return errs->count == 0;
}

/* Writes the body's facts on w; a member that is not the household's active member is an error. */
static ws_err write_facts(web_req *rq, store_conn *w, int64_t hid, const json_t *facts, core_fielderrs *errs)
{
    const char *key;
    json_t *v;
    json_t *names = json_array();
    ws_err e = WS_OK;
    json_object_foreach((json_t *)facts, key, v) {
        e = store_declared_fact_set(w, hid, key, json_is_null(v) ? NULL : v, rq->today, rq->user.id);
        if (e == WS_ERR_NOTFOUND) {
            core_fielderrs_add(errs, core_arena_printf(rq->arena, "facts.%s", key), "unknown_member",
                               "该家庭没有这名在册成员", "The household has no such active member");
            e = WS_ERR_INVALID;
        }
        if (e != WS_OK)
            break;
        json_array_append_new(names, json_string(key));
    }
    store_actor who = web_actor(rq);
    if (e == WS_OK)
        e = store_audit_append(w, &who, "update", "facts", web_id_text(rq, hid), json_pack("{so}", "facts", names));
    else
        json_decref(names);
    return e;
}

void web_household_facts_put(web_req *rq, web_res *rs)
{
    int64_t hid;
    json_t *body;
    if (!web_param_id_or_answer(rq, rs, 0, &hid) || !web_body_object_or_answer(rq, rs, &body))
        return;
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    store_conn *w;
    ws_err e = WS_ERR_INVALID;
    if (check_body(rq, body, &errs) && (e = web_write_begin(rq, &w)) == WS_OK) {
        e = store_household_check(w, rq->user.division_code, hid);
        if (e == WS_OK)
            e = write_facts(rq, w, hid, json_object_get(body, "facts"), &errs);
        e = store_write_finish(w, e);
    }
    json_t *out = NULL;
    if (e == WS_OK)
        e = facts_answer(rq, web_reader(rq), hid, &out);
    if (e == WS_OK)
        web_json(rs, 200, out);
    else
        web_error_fields_or_from(rq, rs, e, &errs);
    core_fielderrs_free(&errs);
    json_decref(body);
}
