/*
** policy.c: the vocabulary of the policy catalog (assistance types, target groups, benefit kinds, parameter
** units) and the checks on the form of a policy and of a city parameter's value.
*/
#include "policy.h"

#include "date.h"
#include "facts.h"
#include "jsonlogic.h"
#include "text.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const core_policy_term TYPES[] = {
    {"dibao", "最低生活保障", "Minimum living allowance"},
    {"tekun", "特困人员救助供养", "Support for people in extreme poverty"},
    {"disaster", "受灾人员救助", "Disaster relief"},
    {"medical", "医疗救助", "Medical assistance"},
    {"education", "教育救助", "Education assistance"},
    {"housing", "住房救助", "Housing assistance"},
    {"employment", "就业救助", "Employment assistance"},
    {"temporary", "临时救助", "Temporary assistance"},
    {"social", "社会力量参与", "Help from social forces"},
    {"subsidy", "专项补贴", "Special subsidies"},
};

static const core_policy_term TARGETS[] = {
    {"tekun", "特困人员", "People in extreme poverty"},
    {"dibao", "低保对象", "Dibao recipients"},
    {"dibao_edge", "低保边缘家庭", "Dibao-edge households"},
    {"rigid_expense", "刚性支出困难家庭", "Households with rigid expenses"},
    {"monitored", "防止返贫致贫监测对象", "Households monitored against poverty"},
    {"other", "其他困难群众", "Other people in difficulty"},
    {"elderly", "老年人", "Older people"},
    {"disabled", "残疾人", "Disabled people"},
    {"children", "困境儿童", "Children in difficulty"},
    {"orphans", "孤儿和事实无人抚养儿童", "Orphans and children without de facto care"},
    {"students", "在校学生", "Students"},
    {"seriously_ill", "重病患者", "Seriously ill people"},
    {"unemployed", "失业人员", "Unemployed people"},
    {"workers", "困难职工", "Workers in hardship"},
    {"women", "困难妇女", "Women in difficulty"},
    {"disaster_affected", "受灾人员", "Disaster victims"},
    {"low_income", "低收入人口", "Low-income people"},
};

static const core_policy_term BENEFIT_KINDS[] = {
    {"amount", "现金", "Money"},
    {"rate", "比例或减免", "A share or a reduction"},
    {"service", "服务", "A service"},
};

static const core_policy_term UNITS[] = {
    {"fen", "分", "fen"},
    {"multiple", "倍", "times"},
    {"years", "岁/年", "years"},
    {"months", "月", "months"},
    {"percent", "%", "percent"},
    {"count", "个", "count"},
};

#define COUNT(a) (sizeof a / sizeof a[0])

const core_policy_term *core_assistance_types(size_t *count) {
    *count = COUNT(TYPES);
    return TYPES;
}

const core_policy_term *core_target_groups(size_t *count) {
    *count = COUNT(TARGETS);
    return TARGETS;
}

const core_policy_term *core_benefit_kinds(size_t *count) {
    *count = COUNT(BENEFIT_KINDS);
    return BENEFIT_KINDS;
}

const core_policy_term *core_param_units(size_t *count) {
    *count = COUNT(UNITS);
    return UNITS;
}

const core_policy_term *core_policy_term_find(const core_policy_term *list, size_t count, const char *code) {
    for (size_t i = 0; code && i < count; i++)
        if (strcmp(list[i].code, code) == 0) return &list[i];
    return NULL;
}

bool core_policy_code_valid(const char *code) {
    size_t n = code ? strlen(code) : 0;
    if (n < 2 || n > CORE_POLICY_CODE_MAX || !isupper((unsigned char)code[0]) || code[n - 1] == '-') return false;
    for (size_t i = 1; i < n; i++)
        if (!isupper((unsigned char)code[i]) && !isdigit((unsigned char)code[i]) && code[i] != '-') return false;
    return true;
}

bool core_param_name_valid(const char *name) {
    size_t n = name ? strlen(name) : 0;
    if (n < 2 || n > CORE_PARAM_NAME_MAX || !islower((unsigned char)name[0])) return false;
    for (size_t i = 1; i < n; i++)
        if (!islower((unsigned char)name[i]) && !isdigit((unsigned char)name[i]) && name[i] != '_') return false;
    return true;
}

/* ---- policy form --------------------------------------------------------------------------------------- */

/* Checks a text field (NULL counts as ""): required, at most max code points, no control characters (but
** line breaks when multiline) and no invisible ones. */
static void text_field(const char *s, const char *field, const char *zh, const char *en, size_t max, bool required,
                       bool multiline, core_fielderrs *errs) {
    char mzh[160], men[160];
    if (!s || !*s) {
        if (!required) return;
        snprintf(mzh, sizeof mzh, "请填写%s", zh);
        snprintf(men, sizeof men, "%s is required", en);
        core_fielderrs_add(errs, field, "required", mzh, men);
    } else if (core_text_has_control(s, multiline)) {
        snprintf(mzh, sizeof mzh, "%s含有控制字符", zh);
        snprintf(men, sizeof men, "%s has control characters", en);
        core_fielderrs_add(errs, field, "invalid_text", mzh, men);
    } else if (core_text_has_invisible(s)) {
        snprintf(mzh, sizeof mzh, "%s含有不可见字符", zh);
        snprintf(men, sizeof men, "%s has invisible characters", en);
        core_fielderrs_add(errs, field, "invisible_text", mzh, men);
    } else if (core_utf8_len(s) > max) {
        snprintf(mzh, sizeof mzh, "%s不能超过 %zu 个字", zh, max);
        snprintf(men, sizeof men, "%s has more than %zu characters", en, max);
        core_fielderrs_add(errs, field, "too_long", mzh, men);
    }
}

/* A date field: absent, or a real date written "yyyy-mm-dd" exactly; sets *ymd (0 when absent or bad). */
static void date_field(const char *s, const char *field, long *ymd, core_fielderrs *errs) {
    *ymd = 0;
    if (!s) return;
    core_date d;
    if (!core_date_parse_iso(s, &d)) {
        core_fielderrs_add(errs, field, "bad_date", "日期应为 yyyy-mm-dd 格式的有效日期",
                           "A date is a real date written yyyy-mm-dd");
        return;
    }
    *ymd = core_date_ymd(d);
}

static void targets_field(const core_policy *p, core_fielderrs *errs) {
    for (int i = 0; i < CORE_POLICY_TARGETS_MAX && p->targets[i]; i++) {
        char field[32];
        snprintf(field, sizeof field, "target_groups[%d]", i);
        bool repeated = false;
        for (int j = 0; j < i && !repeated; j++) repeated = strcmp(p->targets[j], p->targets[i]) == 0;
        if (!core_policy_term_find(TARGETS, COUNT(TARGETS), p->targets[i]))
            core_fielderrs_add(errs, field, "unknown_target", "没有这个对象类别", "No such target group");
        else if (repeated)
            core_fielderrs_add(errs, field, "duplicate", "对象类别重复", "The target group is given twice");
    }
}

static void benefit_fields(const core_policy *p, core_fielderrs *errs) {
    if (!core_policy_term_find(BENEFIT_KINDS, COUNT(BENEFIT_KINDS), p->benefit_kind))
        core_fielderrs_add(errs, "benefit_kind", "unknown_benefit_kind", "待遇形式应为 amount、rate 或 service",
                           "The benefit kind is amount, rate or service");
    if (p->benefit_amount_fen < 0 ||
        (p->benefit_amount_fen > 0 && (!p->benefit_kind || strcmp(p->benefit_kind, "amount") != 0)))
        core_fielderrs_add(errs, "benefit_amount_fen", "bad_amount", "固定金额应为大于 0 的整数（分），且仅用于现金待遇",
                           "A fixed amount is a whole number of fen above 0, for a money benefit only");
    if (p->benefit_parameter && !core_param_name_valid(p->benefit_parameter))
        core_fielderrs_add(errs, "benefit_parameter", "unknown_parameter", "没有这个城市参数", "No such city parameter");
    else if (p->benefit_parameter && p->benefit_amount_fen > 0)
        core_fielderrs_add(errs, "benefit_parameter", "bad_amount", "固定金额和城市参数只能填写一个",
                           "Give either a fixed amount or a city parameter, not both");
}

bool core_policy_check(const core_policy *p, core_fielderrs *errs) {
    size_t before = errs->count;
    if (!core_policy_code_valid(p->code))
        core_fielderrs_add(errs, "code", "code_invalid", "代码应以大写字母开头，由大写字母、数字和“-”组成，不超过 32 位，如 P-DIBAO",
                           "A code starts with a capital letter and has capitals, digits and '-', at most 32, like P-DIBAO");
    text_field(p->name_zh, "name_zh", "中文名称", "The Chinese name", CORE_POLICY_NAME_MAX, true, false, errs);
    text_field(p->name_en, "name_en", "英文名称", "The English name", CORE_POLICY_NAME_MAX, false, false, errs);
    if (!core_policy_term_find(TYPES, COUNT(TYPES), p->type))
        core_fielderrs_add(errs, "assistance_type", "unknown_type", "没有这个救助类型", "No such assistance type");
    targets_field(p, errs);
    benefit_fields(p, errs);
    text_field(p->benefit_text, "benefit_text", "待遇说明", "The benefit text", CORE_POLICY_TEXT_MAX, false, true, errs);
    text_field(p->how_to_apply, "how_to_apply", "申请方式", "How to apply", CORE_POLICY_TEXT_MAX, false, true, errs);
    text_field(p->documents, "documents", "所需材料", "The documents", CORE_POLICY_TEXT_MAX, false, true, errs);
    text_field(p->legal_basis, "legal_basis", "政策依据", "The legal basis", CORE_POLICY_TEXT_MAX, false, true, errs);
    long from, to;
    date_field(p->valid_from, "valid_from", &from, errs);
    date_field(p->valid_to, "valid_to", &to, errs);
    if (from && to && to < from)
        core_fielderrs_add(errs, "valid_to", "bad_date", "有效期止不能早于有效期起", "The end of validity is before its start");
    core_policy_check_policy_rule(p->rule, "rule", errs);
    return errs->count == before;
}

/* ---- city parameters ----------------------------------------------------------------------------------- */

enum { PARAM_VALUE_MAX = 1000000000000 }; /* 10^12: ten billion yuan in fen, far above any standard */

/* A number as JSON: an integer when it is whole, otherwise a real. New reference. */
static json_t *number_json(double v) {
    if (v == floor(v) && fabs(v) < 9e15) return json_integer((json_int_t)v);
    return json_real(v);
}

json_t *core_param_fact_value(const char *text, const char *unit) {
    char *end;
    double v = text && *text ? strtod(text, &end) : 0;
    if (!text || !*text || *end || !isfinite(v)) return NULL;
    return number_json(unit && strcmp(unit, "fen") == 0 ? v / 100 : v);
}

/* The largest sane value of a unit: a city standard is never above a million yuan a month, a multiple
** above 100, an age or a span of years above 150, a share above 100 %, a count above 1000. */
static double param_unit_max(const char *unit) {
    static const struct { const char *unit; double max; } MAX[] = {
        {"fen", 100000000}, {"multiple", 100}, {"years", 150}, {"months", 1800}, {"percent", 100}, {"count", 1000},
    };
    for (size_t i = 0; unit && i < COUNT(MAX); i++)
        if (strcmp(MAX[i].unit, unit) == 0) return MAX[i].max;
    return PARAM_VALUE_MAX;
}

bool core_param_value_check(const json_t *value, const char *unit, char *out, size_t outsz, core_fielderrs *errs) {
    bool fen = unit && strcmp(unit, "fen") == 0;
    double v = json_is_number(value) ? json_number_value(value) : -1;
    if (!isfinite(v) || v < 0 || (fen && v != floor(v))) {
        if (fen) core_fielderrs_add(errs, "value", "bad_value", "金额应为不小于 0 的整数，单位为分",
                                    "An amount is a whole number of fen, 0 or more");
        else core_fielderrs_add(errs, "value", "bad_value", "取值应为不小于 0 的数", "The value is a number, 0 or more");
        return false;
    }
    double max = param_unit_max(unit);
    if (v > max) {
        char zh[160], en[160];
        snprintf(zh, sizeof zh, "取值超出该单位的合理范围（0 至 %.15g）", max);
        snprintf(en, sizeof en, "The value is outside the sane range of its unit (0 to %.15g)", max);
        core_fielderrs_add(errs, "value", "value_out_of_range", zh, en);
        return false;
    }
    if (fen) snprintf(out, outsz, "%lld", (long long)v);
    else snprintf(out, outsz, "%.15g", v);
    return true;
}

/* ---- the rule ------------------------------------------------------------------------------------------ */

bool core_policy_check_rule(const char *text, const char *field, json_t **parsed, core_fielderrs *errs) {
    if (!text || !*text) {
        core_fielderrs_add(errs, field, "required", "请填写资格规则", "The eligibility rule is required");
        return false;
    }
    if (strlen(text) > CORE_POLICY_RULE_MAX) {
        core_fielderrs_add(errs, field, "too_long", "资格规则不能超过 16384 字节", "The rule has more than 16384 bytes");
        return false;
    }
    json_error_t jerr;
    json_t *rule = json_loads(text, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &jerr);
    if (!rule) {
        char zh[320], en[320];
        snprintf(zh, sizeof zh, "规则不是有效的 JSON（第 %d 行第 %d 列：%s）", jerr.line, jerr.column, jerr.text);
        snprintf(en, sizeof en, "The rule is not valid JSON (line %d, column %d: %s)", jerr.line, jerr.column, jerr.text);
        core_fielderrs_add(errs, field, "rule_json", zh, en);
        return false;
    }
    core_jl_error err;
    if (core_jl_check(rule, core_fact_known, NULL, &err) != WS_OK) {
        bool unknown_fact = strcmp(err.type, "Unknown Fact") == 0;
        char zh[520], en[520];
        if (err.where[0]) {
            snprintf(zh, sizeof zh, "%s（位置：%s）", err.zh, err.where);
            snprintf(en, sizeof en, "%s (at %s)", err.en, err.where);
        } else {
            snprintf(zh, sizeof zh, "%s", err.zh);
            snprintf(en, sizeof en, "%s", err.en);
        }
        core_fielderrs_add(errs, field, unknown_fact ? "rule_unknown_fact" : "rule_invalid", zh, en);
        json_decref(rule);
        return false;
    }
    if (parsed) *parsed = rule;
    else json_decref(rule);
    return true;
}

/* The path of a {"var": "path"} or {"var": ["path", default]}, or NULL. */
static const char *var_path(const json_t *v) {
    json_t *arg = json_is_object(v) && json_object_size(v) == 1 ? json_object_get(v, "var") : NULL;
    if (json_is_array(arg)) arg = json_array_get(arg, 0);
    return json_string_value(arg);
}

/* True when a (a var) is a fact whose type cannot meet b (a literal): an enumeration and a number, or a
** number and a text. Within some/all/none/filter/map over the array at scope (not ""), a var's path is
** read under it ("age" over "members" is "members.age"). *path is the fact's path (static). */
static bool type_mismatch(const json_t *a, const json_t *b, const char *scope, const char **path) {
    const char *p = var_path(a);
    char full[160];
    if (p && *scope) {
        snprintf(full, sizeof full, "%s.%s", scope, p);
        p = full;
    }
    const core_fact *f = p ? core_fact_find(p) : NULL;
    if (!f) return false;
    *path = f->path;
    if (f->type == CORE_FACT_ENUM) return json_is_number(b);
    if (f->type == CORE_FACT_NUMBER || f->type == CORE_FACT_INTEGER) return json_is_string(b);
    return false;
}

/* Looks through rule for a comparison of a typed fact with a literal of the wrong type; the first one's
** fact path and operator into *path and *op. scope: the array a some/all/none/filter/map walks ("" at
** the top); within a scope, paths that name no fact under it are not checked. */
static bool find_mismatch(const json_t *rule, const char *scope, const char **path, const char **op) {
    static const char *const COMPARISONS[] = {"==", "===", "!=", "!==", "<", "<=", ">", ">="};
    static const char *const ITERATORS[] = {"some", "all", "none", "filter", "map"};
    size_t i;
    const char *key;
    json_t *v;
    if (json_is_array(rule)) {
        json_array_foreach((json_t *)rule, i, v) if (find_mismatch(v, scope, path, op)) return true;
        return false;
    }
    if (!json_is_object(rule)) return false;
    json_object_foreach((json_t *)rule, key, v) {
        bool comparison = false, iterator = false;
        for (size_t k = 0; k < COUNT(COMPARISONS); k++) comparison |= strcmp(key, COMPARISONS[k]) == 0;
        for (size_t k = 0; k < COUNT(ITERATORS); k++) iterator |= strcmp(key, ITERATORS[k]) == 0;
        for (size_t k = 0; comparison && json_is_array(v) && k + 1 < json_array_size(v); k++) {
            json_t *a = json_array_get(v, k), *b = json_array_get(v, k + 1);
            if (type_mismatch(a, b, scope, path) || type_mismatch(b, a, scope, path)) {
                *op = key;
                return true;
            }
        }
        const char *over = iterator && json_is_array(v) ? var_path(json_array_get(v, 0)) : NULL;
        if (over && !*scope && core_fact_find(over)) {
            /* the array's own argument is read in the outer scope, the test within it */
            if (find_mismatch(json_array_get(v, 0), scope, path, op)) return true;
            for (size_t k = 1; k < json_array_size(v); k++)
                if (find_mismatch(json_array_get(v, k), over, path, op)) return true;
            continue;
        }
        if (iterator && *scope) continue; /* nested scopes: not followed */
        if (find_mismatch(v, iterator ? "\x01" : scope, path, op)) return true;
    }
    return false;
}

bool core_policy_check_policy_rule(const char *text, const char *field, core_fielderrs *errs) {
    json_t *rule;
    if (!core_policy_check_rule(text, field, &rule, errs)) return false;
    const char *path = NULL, *op = NULL;
    bool ok = false;
    if (!json_is_object(rule) || json_object_size(rule) != 1) {
        core_fielderrs_add(errs, field, "rule_not_test",
                           "资格规则应为一个 JsonLogic 表达式对象（如 {\"<\": [{\"var\": \"household.size\"}, 3]}），"
                           "不能是文字、数字、真假值或列表",
                           "The rule must be one JsonLogic expression object (like {\"<\": [{\"var\": \"household.size\"}, 3]}), "
                           "not a text, number, boolean or list");
    } else if (find_mismatch(rule, "", &path, &op)) {
        const core_fact *f = core_fact_find(path);
        bool is_enum = f->type == CORE_FACT_ENUM;
        char zh[400], en[400];
        snprintf(zh, sizeof zh, "“%s”（%s）是%s，不能用“%s”与%s比较", f->zh, path, is_enum ? "代码类事实" : "数值类事实",
                 op, is_enum ? "数字" : "文字");
        snprintf(en, sizeof en, "\"%s\" (%s) is %s fact and cannot be compared with %s by \"%s\"", f->en, path,
                 is_enum ? "a coded" : "a number", is_enum ? "a number" : "a text", op);
        core_fielderrs_add(errs, field, "rule_type_mismatch", zh, en);
    } else ok = true;
    json_decref(rule);
    return ok;
}
