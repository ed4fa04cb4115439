/*
** h_eligibility.c: "policies find people" (政策找人): /api/v1/households/{id}/eligibility screens one household
** against every policy in force, and /api/v1/policies/{id}/unclaimed finds the households of a division that
** are eligible for one policy but do not receive it, with counts by town and CSV and Excel exports.
**
** Both evaluate the policies' JsonLogic rules three-valued (core/jsonlogic.h) over the facts object
** (store/facts.h): a rule that needs a fact nobody recorded is "unknown", with the facts to ask for. The
** single household's screening explains every result; the unclaimed list compiles its one rule once and
** evaluates it over a bulk scan of the division, explaining only the households it shows. A household's
** screening derives from health and disability data, so viewing it is audited; the unclaimed list shows
** masked data only.
*/
#include "auth.h"
#include "handlers.h"

#include "../core/facts.h"
#include "../core/jsonlogic.h"
#include "../core/screen.h"
#include "../io/csv_writer.h"
#include "../io/xlsx_export.h"
#include "../store/benefits.h"
#include "../store/divisions.h"
#include "../store/facts.h"
#include "../store/households.h"
#include "../store/policies.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const core_jl_labels LABELS = {core_fact_label, core_fact_unit, core_fact_value_label, NULL};

/* ---- one household ----------------------------------------------------------------------------------- */

/* The amount a policy gives on the date in fen: its fixed amount, else its money parameter's value. */
static json_t *benefit_fen(const json_t *policy, const json_t *facts)
{
    json_t *fixed = json_object_get(policy, "benefit_amount_fen");
    if (json_is_integer(fixed))
        return json_incref(fixed);
    const char *param = json_string_value(json_object_get(policy, "benefit_parameter"));
    if (!param)
        return json_null();
    char path[96];
    snprintf(path, sizeof path, "params.%s", param);
    const char *unit = core_fact_unit(path, false);
    json_t *v = json_object_get(json_object_get(facts, "params"), param);
    if (!json_is_number(v) || !unit || strcmp(unit, "元") != 0)
        return json_null();
    return json_integer((json_int_t)llround(json_number_value(v) * 100));
}

/* The screening of one policy: its result, reasons, missing facts and flags. */
static json_t *screen_item(web_req *rq, const json_t *policy, const json_t *facts, const json_t *receiving,
                           const json_t *names, core_screen_result *result)
{
    core_jl_outcome o;
    core_jl_error err;
    json_t *reasons, *missing = json_array();
    if (core_jl_eval3(json_object_get(policy, "rule"), facts, &LABELS, &o, &err) == WS_OK) {
        *result = o.truth == CORE_JL_TRUE ? CORE_SCREEN_ELIGIBLE
                  : o.truth == CORE_JL_FALSE ? CORE_SCREEN_NOT_ELIGIBLE
                                             : CORE_SCREEN_UNKNOWN;
        reasons = json_incref(o.reasons);
        size_t i;
        json_t *p;
        json_array_foreach(o.missing, i, p) json_array_append_new(missing, core_fact_missing_json(json_string_value(p), facts));
        core_jl_outcome_free(&o);
    } else {
        /* a rule that fails on these facts (a division by zero ...) decides nothing: someone must check */
        *result = CORE_SCREEN_UNKNOWN;
        reasons = json_pack("[{ss ss}]", "zh", err.zh, "en", err.en);
    }
    json_t *shown = json_deep_copy(policy);
    json_object_del(shown, "rule");
    const char *code = json_string_value(json_object_get(policy, "code"));
    return json_pack("{so so ss so so sb so}", "policy", shown, "benefit_fen", benefit_fen(policy, facts), "result",
                     core_screen_result_code(*result), "reasons", reasons ? reasons : json_array(), "missing", missing,
                     "receiving", code && core_screen_has(receiving, code), "flags",
                     core_screen_flags(policy, *result, receiving, names));
}

/* The duplicate flags of the items, each pair once. */
static void add_duplicates(json_t *top, const json_t *item)
{
    size_t i, k;
    json_t *fl, *seen;
    json_array_foreach(json_object_get(item, "flags"), i, fl) {
        if (strcmp(json_string_value(json_object_get(fl, "code")), "duplicate") != 0)
            continue;
        bool dup = false;
        json_array_foreach(top, k, seen) dup |= json_equal(json_object_get(seen, "policies"), json_object_get(fl, "policies"));
        if (!dup)
            json_array_append(top, fl);
    }
}

/* Screens the household's facts against every policy in force into the answer's groups. */
static json_t *screen_household(web_req *rq, int64_t hid, const char *day, const json_t *facts, json_t *policies,
                                json_t *receiving_items)
{
    json_t *groups[3] = {json_array(), json_array(), json_array()}; /* by core_screen_result */
    json_t *names = json_object(), *tally = json_object(), *flags = json_array();
    const json_t *receiving = json_object_get(facts, "benefits");
    size_t i;
    json_t *p;
    json_array_foreach(policies, i, p) json_object_set(names, json_string_value(json_object_get(p, "code")),
                                                      json_object_get(p, "name_zh"));
    json_array_foreach(policies, i, p) {
        core_screen_result r;
        json_t *item = screen_item(rq, p, facts, receiving, names, &r);
        core_screen_tally_missing(tally, json_object_get(item, "missing"));
        add_duplicates(flags, item);
        json_array_append_new(groups[r], item);
    }
    json_t *out = json_pack("{sI ss s{sI sI sI} so so so so so so}", "household_id", (json_int_t)hid, "date", day,
                            "counts", "eligible", (json_int_t)json_array_size(groups[CORE_SCREEN_ELIGIBLE]), "unknown",
                            (json_int_t)json_array_size(groups[CORE_SCREEN_UNKNOWN]), "not_eligible",
                            (json_int_t)json_array_size(groups[CORE_SCREEN_NOT_ELIGIBLE]), "eligible",
                            groups[CORE_SCREEN_ELIGIBLE], "unknown", groups[CORE_SCREEN_UNKNOWN], "not_eligible",
                            groups[CORE_SCREEN_NOT_ELIGIBLE], "receiving", receiving_items, "missing",
                            core_screen_missing_list(tally), "flags", flags);
    json_decref(names);
    json_decref(tally);
    return out;
}

/* Answers 422 at "date" and returns false when the household was registered after day (facts built). */
static bool registered_or_answer(web_req *rq, web_res *rs, const json_t *facts, const char *day)
{
    const char *on = json_string_value(json_object_get(json_object_get(facts, "household"), "registered_on"));
    if (!on || strcmp(on, day) <= 0)
        return true;
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    char zh[160], en[160];
    snprintf(zh, sizeof zh, "该家庭于 %s 登记，不能按更早的日期筛查", on);
    snprintf(en, sizeof en, "The household was registered on %s; it cannot be screened on an earlier date", on);
    core_fielderrs_add(&errs, "date", "before_registration", zh, en);
    web_error_fields_or_from(rq, rs, WS_ERR_INVALID, &errs);
    core_fielderrs_free(&errs);
    return false;
}

/* The household's declared facts recorded after day, as [{"fact", "member_id", "label_zh", "label_en",
** "recorded_on"}]: their one stored value is used for the date asked, but it was not known then. */
static ws_err facts_recorded_after(store_conn *c, web_req *rq, int64_t hid, const char *day, json_t **out)
{
    json_t *declared;
    ws_err e = store_declared_facts_json(c, rq->user.division_code, hid, &declared);
    if (e != WS_OK)
        return e;
    json_t *later = json_array(), *d;
    size_t i;
    json_array_foreach(declared, i, d) {
        const char *on = json_string_value(json_object_get(d, "recorded_on"));
        if (on && strcmp(on, day) > 0)
            json_array_append_new(later, json_pack("{sO sO sO sO sO}", "fact", json_object_get(d, "fact"), "member_id",
                                                   json_object_get(d, "member_id"), "label_zh",
                                                   json_object_get(d, "label_zh"), "label_en",
                                                   json_object_get(d, "label_en"), "recorded_on",
                                                   json_object_get(d, "recorded_on")));
    }
    json_decref(declared);
    *out = later;
    return WS_OK;
}

void web_household_eligibility(web_req *rq, web_res *rs)
{
    int64_t hid;
    core_date date;
    if (!web_param_id_or_answer(rq, rs, 0, &hid) || !web_query_date_or_answer(rq, rs, &date))
        return;
    char day[11];
    core_date_format(date, day);
    store_conn *c = web_reader(rq);
    json_t *facts = NULL, *policies = NULL, *receiving = NULL, *out = NULL, *later = NULL;
    ws_err e = store_facts_build(c, rq->user.division_code, hid, date, &facts);
    if (e == WS_OK && !registered_or_answer(rq, rs, facts, day)) {
        json_decref(facts);
        return;
    }
    if (e == WS_OK)
        e = facts_recorded_after(c, rq, hid, day, &later);
    if (e == WS_OK)
        e = store_policies_in_force(c, day, &policies);
    if (e == WS_OK)
        e = store_benefits_on(c, hid, date, &receiving);
    if (e == WS_OK) {
        out = screen_household(rq, hid, day, facts, policies, receiving);
        json_object_set_new(out, "facts_recorded_after_date", later);
        receiving = later = NULL;
        e = web_audit_view(rq, "view", "eligibility", web_id_text(rq, hid));
    }
    json_decref(facts);
    json_decref(policies);
    json_decref(receiving);
    json_decref(later);
    if (e != WS_OK) {
        json_decref(out);
        web_error_from(rq, rs, e);
        return;
    }
    web_json(rs, 200, out);
}

/* ---- one policy's unclaimed entitlements ------------------------------------------------------------- */

/* What the scan gathers: the eligible households in id order (their reasons where shown) and the counts. */
typedef struct unclaimed {
    web_req *rq;
    const json_t *rule;
    core_jl_ruleset *rules;
    core_jl_frame *frame;
    json_t *by_town;      /* town code → count */
    json_t *shown;        /* the items to show, with reasons */
    int64_t total, screened, unknown;
    int64_t first, last;  /* the window of eligible households shown: [first, last) */
} unclaimed;

static ws_err unclaimed_row(const store_facts_row *row, void *ctx)
{
    unclaimed *u = ctx;
    u->screened++;
    core_jl_frame_load(u->frame, row->facts);
    core_jl_truth t = core_jl_ruleset_eval3(u->rules, 0, u->frame, NULL, NULL, NULL);
    if (t == CORE_JL_UNKNOWN)
        u->unknown++;
    if (t != CORE_JL_TRUE)
        return WS_OK;
    json_t *n = json_object_get(u->by_town, row->town_code);
    if (n)
        json_integer_set(n, json_integer_value(n) + 1);
    if (u->total >= u->first && u->total < u->last) {
        core_jl_outcome o;
        core_jl_error err;
        json_t *reasons = core_jl_eval3(u->rule, row->facts, &LABELS, &o, &err) == WS_OK ? json_incref(o.reasons) : NULL;
        if (reasons)
            core_jl_outcome_free(&o);
        json_array_append_new(u->shown, json_pack("{sI so}", "household_id", (json_int_t)row->household_id, "reasons",
                                                  reasons ? reasons : json_array()));
    }
    u->total++;
    return WS_OK;
}

/* The shown items completed with the household's list fields (head, masked ID, town, village, category). */
static ws_err complete_items(store_conn *c, json_t *shown)
{
    size_t i;
    json_t *it;
    json_array_foreach(shown, i, it) {
        json_t *h;
        ws_err e = store_household_item(c, json_integer_value(json_object_get(it, "household_id")), &h);
        if (e != WS_OK)
            return e;
        static const char *const KEYS[] = {"head_name", "town_code", "town_name", "village", "category", "category_zh"};
        for (size_t k = 0; k < sizeof KEYS / sizeof KEYS[0]; k++)
            json_object_set(it, KEYS[k], json_object_get(h, KEYS[k]));
        json_object_set(it, "id_masked", json_object_get(h, "head_id_masked"));
        json_decref(h);
    }
    return WS_OK;
}

/* "理由一；理由二" */
static const char *reasons_text(web_req *rq, const json_t *reasons)
{
    const char *out = "";
    size_t i;
    json_t *r;
    json_array_foreach(reasons, i, r) {
        const char *zh = json_string_value(json_object_get(r, "zh"));
        out = i ? core_arena_printf(rq->arena, "%s；%s", out, zh ? zh : "") : (zh ? zh : "");
    }
    return out;
}

static const char *const LIST_HEADERS[] = {"家庭编号", "户主", "身份证号(脱敏)", "乡镇(街道)", "村(社区)", "类别",
                                           "符合条件的理由"};
enum { NLIST = sizeof LIST_HEADERS / sizeof LIST_HEADERS[0], EXPORT_LIMIT = 256u << 20 };

static const char *text_or_empty(const json_t *v)
{
    const char *t = json_string_value(v);
    return t ? t : "";
}

/* One list row's cells: the household id (a number), then texts. */
static json_t *list_row(web_req *rq, const json_t *it)
{
    return json_pack("[I ss ss ss]", json_integer_value(json_object_get(it, "household_id")),
                     text_or_empty(json_object_get(it, "head_name")), text_or_empty(json_object_get(it, "id_masked")),
                     text_or_empty(json_object_get(it, "town_name")), text_or_empty(json_object_get(it, "village")),
                     text_or_empty(json_object_get(it, "category_zh")), reasons_text(rq, json_object_get(it, "reasons")));
}

static void answer_csv(web_req *rq, web_res *rs, const json_t *items, const char *filename)
{
    core_buf b;
    core_buf_init(&b, EXPORT_LIMIT);
    int full = core_buf_append(&b, "\xEF\xBB\xBF", 3);
    for (size_t i = 0; i < NLIST; i++)
        full |= io_csv_field(&b, LIST_HEADERS[i], i + 1 == NLIST);
    size_t k;
    json_t *it;
    json_array_foreach(items, k, it) {
        json_t *row = list_row(rq, it);
        const char *id = core_arena_printf(rq->arena, "%lld", (long long)json_integer_value(json_array_get(row, 0)));
        full |= io_csv_field(&b, id, false);
        for (size_t i = 1; i < json_array_size(row); i++)
            full |= io_csv_field(&b, json_string_value(json_array_get(row, i)), i + 1 == json_array_size(row));
        json_decref(row);
    }
    if (full) {
        core_buf_free(&b);
        web_error(rq, rs, 413, "too_large", "导出内容过大，请缩小范围", "The export is too large; narrow the division");
        return;
    }
    web_text(rs, 200, "text/csv; charset=utf-8", b.data, b.len);
    web_add_header(rq, rs, "Content-Disposition", core_arena_printf(rq->arena, "attachment; filename=\"%s.csv\"", filename));
}

static void answer_xlsx(web_req *rq, web_res *rs, const json_t *items, const json_t *towns, const char *filename)
{
    json_t *rows = json_array(), *town_rows = json_array();
    size_t k;
    json_t *it;
    json_array_foreach(items, k, it) {
        json_array_append_new(rows, list_row(rq, it));
    }
    json_array_foreach(towns, k, it) json_array_append_new(town_rows, json_pack("[O O O]", json_object_get(it, "code"),
                                                                                  json_object_get(it, "name"),
                                                                                  json_object_get(it, "count")));
    static const char *const TOWN_HEADERS[] = {"乡镇(街道)代码", "乡镇(街道)", "未享受户数"};
    io_xlsx_sheet sheets[] = {{"未享受名单", LIST_HEADERS, NLIST, rows}, {"按乡镇统计", TOWN_HEADERS, 3, town_rows}};
    char *data;
    size_t len;
    ws_err e = io_xlsx_build(sheets, 2, EXPORT_LIMIT, &data, &len);
    json_decref(rows);
    json_decref(town_rows);
    if (e == WS_ERR_LIMIT) {
        web_error(rq, rs, 413, "too_large", "导出内容过大，请缩小范围", "The export is too large; narrow the division");
        return;
    }
    if (e != WS_OK) {
        web_error_from(rq, rs, e);
        return;
    }
    web_text(rs, 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", data, len);
    web_add_header(rq, rs, "Content-Disposition", core_arena_printf(rq->arena, "attachment; filename=\"%s.xlsx\"", filename));
}

/* The towns of the division with their counts, zeros included, in code order. */
static json_t *towns_counted(json_t *towns, const json_t *by_town)
{
    size_t i;
    json_t *t;
    json_array_foreach(towns, i, t) {
        json_t *n = json_object_get(by_town, json_string_value(json_object_get(t, "code")));
        json_object_set_new(t, "count", json_integer(json_integer_value(n)));
    }
    return towns;
}

/* Reads format: "" (JSON), "csv" or "xlsx"; answers 400 bad_format otherwise. */
static bool format_or_answer(web_req *rq, web_res *rs, const char **format)
{
    const char *f = web_query(rq, "format");
    *format = f && *f ? f : "";
    if (!**format || strcmp(*format, "json") == 0 || strcmp(*format, "csv") == 0 || strcmp(*format, "xlsx") == 0)
        return true;
    web_error(rq, rs, 400, "bad_format", "format 应为 csv、xlsx 或 json", "format must be csv, xlsx or json");
    return false;
}

/* True when the rule reads the assessment: some string in it (a var's path) starts with "assessment". */
static bool names_assessment(const json_t *rule)
{
    if (json_is_string(rule))
        return strncmp(json_string_value(rule), "assessment", 10) == 0;
    size_t i;
    const char *key;
    json_t *v;
    if (json_is_array(rule))
        json_array_foreach((json_t *)rule, i, v) if (names_assessment(v)) return true;
    if (json_is_object(rule))
        json_object_foreach((json_t *)rule, key, v) if (names_assessment(v)) return true;
    return false;
}

/* Scans the division for u; the policy's rule compiled once. */
static ws_err scan_unclaimed(web_req *rq, store_conn *c, const char *division, core_date date, const char *code,
                             unclaimed *u)
{
    core_jl_error err;
    size_t index;
    u->rules = core_jl_ruleset_new();
    ws_err e = core_jl_ruleset_add(u->rules, u->rule, &index, &err);
    if (e == WS_OK) {
        u->frame = core_jl_frame_new(u->rules);
        e = store_facts_scan(c, rq->user.division_code, division, date, code, names_assessment(u->rule), unclaimed_row, u);
        core_jl_frame_free(u->frame);
    }
    core_jl_ruleset_free(u->rules);
    return e;
}

/* Why the policy is not in force on day, as the household screening leaves it out: "inactive",
** "not_yet_valid" or "expired"; NULL when it is in force. */
static const char *not_in_force(const json_t *policy, const char *day)
{
    const char *status = json_string_value(json_object_get(policy, "status"));
    const char *from = json_string_value(json_object_get(policy, "valid_from"));
    const char *to = json_string_value(json_object_get(policy, "valid_to"));
    if (status && strcmp(status, "active") != 0)
        return "inactive";
    if (from && strcmp(day, from) < 0)
        return "not_yet_valid";
    if (to && strcmp(day, to) > 0)
        return "expired";
    return NULL;
}

void web_policy_unclaimed(web_req *rq, web_res *rs)
{
    int64_t pid, limit, offset;
    const char *division, *format;
    core_date date;
    if (!web_param_id_or_answer(rq, rs, 0, &pid) || !web_query_division_or_answer(rq, rs, &division) ||
        !web_query_date_or_answer(rq, rs, &date) || !web_paging_or_answer(rq, rs, &limit, &offset) ||
        !format_or_answer(rq, rs, &format))
        return;
    bool export = *format && strcmp(format, "json") != 0;
    store_conn *c = web_reader(rq);
    json_t *policy = NULL, *div = NULL, *towns = NULL;
    if (!division)
        division = rq->user.division_code;
    ws_err e = store_policy_json(c, pid, &policy);
    if (e == WS_OK)
        e = store_division_get(c, rq->user.division_code, division, &div);
    if (e == WS_OK)
        e = store_division_towns_named(c, division, &towns);
    unclaimed u = {.rq = rq, .rule = json_object_get(policy, "rule"), .by_town = json_object(), .shown = json_array(),
                   .first = export ? 0 : offset, .last = export ? INT64_MAX : offset + limit};
    size_t i;
    json_t *t;
    json_array_foreach(towns, i, t) json_object_set_new(u.by_town, json_string_value(json_object_get(t, "code")),
                                                        json_integer(0));
    const char *code = json_string_value(json_object_get(policy, "code"));
    char day[11];
    core_date_format(date, day);
    const char *why_not = e == WS_OK ? not_in_force(policy, day) : NULL; /* nobody is eligible: no scan */
    if (e == WS_OK && !why_not)
        e = scan_unclaimed(rq, c, division, date, code, &u);
    if (e == WS_OK)
        e = complete_items(c, u.shown);
    if (e != WS_OK) {
        web_error_from(rq, rs, e);
    } else if (strcmp(format, "csv") == 0 || strcmp(format, "xlsx") == 0) {
        const char *name = core_arena_printf(rq->arena, "unclaimed-%s-%s-%s", code, division, day);
        if (strcmp(format, "csv") == 0)
            answer_csv(rq, rs, u.shown, name);
        else
            answer_xlsx(rq, rs, u.shown, towns_counted(towns, u.by_town), name);
    } else {
        json_object_del(div, "path");
        web_json(rs, 200,
                 json_pack("{s{sO sO sO sO sO sO sO} ss sb so sO sI sI sI sO sO}", "policy", "id",
                           json_object_get(policy, "id"), "code", json_object_get(policy, "code"), "name_zh",
                           json_object_get(policy, "name_zh"), "name_en", json_object_get(policy, "name_en"),
                           "status", json_object_get(policy, "status"), "valid_from",
                           json_object_get(policy, "valid_from"), "valid_to", json_object_get(policy, "valid_to"),
                           "date", day, "in_force", why_not == NULL, "not_in_force",
                           why_not ? json_string(why_not) : json_null(), "division", div, "total",
                           (json_int_t)u.total, "screened", (json_int_t)u.screened, "unknown", (json_int_t)u.unknown,
                           "by_town", towns_counted(towns, u.by_town), "items", u.shown));
    }
    json_decref(u.by_town);
    json_decref(u.shown);
    json_decref(policy);
    json_decref(div);
    json_decref(towns);
}
