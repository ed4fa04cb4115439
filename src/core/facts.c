/*
** facts.c: the household fact vocabulary (facts.h): one table of every fact a rule may name, the path
** lookup that the rule checker and the explainer call, and the checks of declared values.
*/
#include "facts.h"
#include "date.h"
#include "hindex.h"
#include "household.h"
#include "questionnaire.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const core_fact_value SEX[] = {{"M", "男", "male"}, {"F", "女", "female"}, {NULL, NULL, NULL}};

static const core_fact_value HOUSING[] = {
    {"safe", "住房安全", "safe housing"},
    {"unsafe_c", "C级危房", "unsafe, grade C"},
    {"unsafe_d", "D级危房", "unsafe, grade D"},
    {"none", "无房", "no housing"},
    {NULL, NULL, NULL}};

static const core_fact_value SCHOOL[] = {
    {"none", "未在学", "not in school"},
    {"preschool", "学前教育", "preschool"},
    {"primary", "小学", "primary school"},
    {"junior", "初中", "junior secondary"},
    {"senior", "普通高中", "senior secondary"},
    {"vocational", "中等职业教育", "secondary vocational"},
    {"college", "高等教育", "higher education"},
    {NULL, NULL, NULL}};

/* the six kinds of the national classification of disabilities (GB/T 26341), and several at once */
static const core_fact_value DISABILITY_KIND[] = {
    {"visual", "视力残疾", "visual"},
    {"hearing", "听力残疾", "hearing"},
    {"speech", "言语残疾", "speech"},
    {"physical", "肢体残疾", "physical"},
    {"intellectual", "智力残疾", "intellectual"},
    {"mental", "精神残疾", "mental"},
    {"multiple", "多重残疾", "multiple"},
    {NULL, NULL, NULL}};

/* Enumerations whose codes and labels the registry owns (household.h, hindex.h) have values NULL here
** and are labelled by registry_value_label. */
#define GROUP(p, sc, t, z, e, dz, de) {p, sc, t, z, e, "", "", dz, de, false, 0, 0, NULL}
#define FACT(p, sc, t, z, e, uz, ue, dz, de, decl) {p, sc, t, z, e, uz, ue, dz, de, decl, 0, 0, NULL}
#define INTF(p, sc, z, e, uz, ue, dz, de, lo, hi) {p, sc, CORE_FACT_INTEGER, z, e, uz, ue, dz, de, false, lo, hi, NULL}
#define ENUMF(p, sc, z, e, dz, de, decl, vals) {p, sc, CORE_FACT_ENUM, z, e, "", "", dz, de, decl, 0, 0, vals}
#define PARAM(name, z, e, uz, ue) \
    {"params." name, CORE_FACT_PARAM, CORE_FACT_NUMBER, z, e, uz, ue, "城市参数，按查询日期的现行值", \
     "a city parameter, the value in force on the date asked", false, 0, 0, NULL}

static const core_fact FACTS[] = {
    GROUP("household", CORE_FACT_ROOT, CORE_FACT_OBJECT, "家庭", "household", "家庭的登记与申报情况",
          "the household as registered and declared"),
    GROUP("members", CORE_FACT_ROOT, CORE_FACT_ARRAY, "家庭成员", "members", "在册的家庭成员",
          "the household's active members"),
    GROUP("assessment", CORE_FACT_ROOT, CORE_FACT_OBJECT, "困难评估", "assessment",
          "当前已提交的困难评估；未评估时缺失", "the current submitted assessment; missing when not assessed"),
    GROUP("params", CORE_FACT_ROOT, CORE_FACT_OBJECT, "城市参数", "city parameters",
          "查询日期现行的城市参数", "the city parameters in force on the date asked"),

    ENUMF("household.category", CORE_FACT_HOUSEHOLD, "救助类别", "category", "登记的救助对象类别",
          "the registered target category", false, NULL),
    FACT("household.urban", CORE_FACT_HOUSEHOLD, CORE_FACT_BOOL, "城镇家庭", "urban household", "", "",
         "所在乡镇为街道时为城镇，镇为农村", "true when the household's town is a street (街道), false for a town (镇)",
         false),
    FACT("household.town", CORE_FACT_HOUSEHOLD, CORE_FACT_TEXT, "所在乡镇（街道）", "town", "", "",
         "乡镇（街道）的统计区划代码", "the town's statistical division code", false),
    INTF("household.size", CORE_FACT_HOUSEHOLD, "家庭人口", "household size", "人", "persons",
         "在册成员人数", "the number of active members", 0, 99),
    FACT("household.registered_on", CORE_FACT_HOUSEHOLD, CORE_FACT_DATE, "登记日期", "registered on", "", "",
         "首次申请或登记的日期", "the date of first application or registration", false),
    FACT("household.income_per_capita", CORE_FACT_HOUSEHOLD, CORE_FACT_NUMBER, "家庭人均月收入",
         "income per person per month", "元", "yuan", "经核对的家庭月收入除以家庭人口（申报）",
         "the household's checked monthly income divided by its size (declared)", true),
    FACT("household.assets_per_capita", CORE_FACT_HOUSEHOLD, CORE_FACT_NUMBER, "家庭人均金融资产",
         "financial assets per person", "元", "yuan", "存款、有价证券等金融资产除以家庭人口（申报）",
         "savings, securities and other financial assets divided by the household's size (declared)", true),
    ENUMF("household.housing", CORE_FACT_HOUSEHOLD, "住房状况", "housing", "住房安全鉴定结果或无房（申报）",
          "the housing safety appraisal, or no housing (declared)", true, HOUSING),
    FACT("household.disaster_loss", CORE_FACT_HOUSEHOLD, CORE_FACT_NUMBER, "受灾损失", "disaster loss", "元",
         "yuan", "因自然灾害造成的家庭财产损失（申报）", "the household's property lost to a natural disaster (declared)",
         true),
    FACT("household.medical_out_of_pocket_12m", CORE_FACT_HOUSEHOLD, CORE_FACT_NUMBER,
         "近12个月医疗自付费用", "medical costs paid out of pocket in 12 months", "元", "yuan",
         "近12个月经基本医保、大病保险报销后个人负担的合规医疗费用（申报）",
         "eligible medical costs the household paid itself after insurance in the last 12 months (declared)", true),

    INTF("members.age", CORE_FACT_MEMBER, "成员年龄", "member's age", "岁", "years",
         "查询日期的周岁年龄，由出生日期计算", "whole years on the date asked, from the birth date", 0, 150),
    ENUMF("members.sex", CORE_FACT_MEMBER, "成员性别", "member's sex", "登记的性别", "the registered sex", false,
          SEX),
    ENUMF("members.relation", CORE_FACT_MEMBER, "与户主关系", "relation to the head", "登记的与户主关系",
          "the registered relation to the head", false, NULL),
    INTF("members.disability_grade", CORE_FACT_MEMBER, "残疾等级", "disability grade", "级", "grade",
         "残疾人证等级：0 无，1 最重，4 最轻", "the disability card's grade: 0 none, 1 most severe, 4 mildest", 0, 4),
    ENUMF("members.disability_kind", CORE_FACT_MEMBER, "残疾类别", "kind of disability",
          "残疾人证记载的残疾类别（申报）", "the kind of disability on the disability card (declared)", true,
          DISABILITY_KIND),
    FACT("members.serious_illness", CORE_FACT_MEMBER, CORE_FACT_BOOL, "患重特大疾病", "serious illness", "", "",
         "登记的重特大疾病", "a registered serious illness", false),
    ENUMF("members.in_school", CORE_FACT_MEMBER, "在学阶段", "school enrolment", "当前就读的学段（申报）",
          "the stage of education the member attends (declared)", true, SCHOOL),
    FACT("members.employed", CORE_FACT_MEMBER, CORE_FACT_BOOL, "已就业", "employed", "", "",
         "是否有稳定就业（申报）", "whether the member has steady work (declared)", true),
    FACT("members.orphan", CORE_FACT_MEMBER, CORE_FACT_BOOL, "孤儿或事实无人抚养儿童",
         "orphan or child without de facto care", "", "", "经认定的孤儿或事实无人抚养儿童（申报）",
         "an orphan or a child whose parents cannot care for it, as recognised (declared)", true),

    INTF("assessment.I*", CORE_FACT_ASSESSMENT, "评估指标", "assessment indicator", "", "",
         "当前评估中该指标的等级：0 未剥夺，1 剥夺，2 严重剥夺",
         "the indicator's level in the current assessment: 0 not deprived, 1 deprived, 2 severely deprived", 0, 2),
    ENUMF("assessment.tier", CORE_FACT_ASSESSMENT, "困难等级", "tier", "当前评估的困难等级",
          "the tier of the current assessment", false, NULL),

    FACT("benefits", CORE_FACT_ROOT, CORE_FACT_ARRAY, "已享受的救助", "benefits received", "", "",
         "查询日期正在享受的政策代码", "the codes of the policies received on the date asked", false),

    PARAM("dibao_urban_monthly", "城市低保标准（月）", "urban dibao standard (monthly)", "元", "yuan"),
    PARAM("dibao_rural_monthly", "农村低保标准（月）", "rural dibao standard (monthly)", "元", "yuan"),
    PARAM("dibao_edge_multiple", "低保边缘家庭收入倍数", "dibao-edge income multiple", "倍", "times"),
    PARAM("dibao_assets_months", "低保家庭人均金融资产上限（月低保标准的月数）",
          "dibao asset limit per person (months of the standard)", "个月", "months"),
    PARAM("rigid_expense_multiple", "刚性支出困难家庭收入倍数", "rigid-expense income multiple", "倍", "times"),
    PARAM("tekun_basic_monthly", "特困人员基本生活标准（月）", "basic living standard for tekun (monthly)", "元",
          "yuan"),
    PARAM("tekun_care_self_monthly", "特困人员全自理照料标准（月）", "tekun care standard, self-reliant (monthly)",
          "元", "yuan"),
    PARAM("tekun_care_partial_monthly", "特困人员半护理照料标准（月）",
          "tekun care standard, partial care (monthly)", "元", "yuan"),
    PARAM("tekun_care_full_monthly", "特困人员全护理照料标准（月）", "tekun care standard, full care (monthly)",
          "元", "yuan"),
    PARAM("elderly_allowance_age", "高龄津贴起始年龄", "age for the old-age allowance", "岁", "years"),
    PARAM("elderly_allowance_monthly", "高龄津贴标准（月）", "old-age allowance (monthly)", "元", "yuan"),
    PARAM("disability_living_subsidy_monthly", "困难残疾人生活补贴标准（月）",
          "living subsidy for poor disabled people (monthly)", "元", "yuan"),
    PARAM("disability_care_subsidy_monthly", "重度残疾人护理补贴标准（月）",
          "care subsidy for severely disabled people (monthly)", "元", "yuan"),
    PARAM("orphan_scattered_monthly", "分散供养孤儿基本生活保障标准（月）",
          "basic living allowance for orphans in family care (monthly)", "元", "yuan"),
    PARAM("orphan_institution_monthly", "集中供养孤儿基本生活保障标准（月）",
          "basic living allowance for orphans in institutions (monthly)", "元", "yuan"),
    PARAM("temporary_assistance_max_multiple", "临时救助最高额度（月低保标准的倍数）",
          "temporary assistance ceiling (multiple of the monthly standard)", "倍", "times"),
    PARAM("medical_out_of_pocket_threshold", "因病支出型救助自付费用标准（年）",
          "out-of-pocket medical cost threshold (yearly)", "元", "yuan"),
    PARAM("disaster_loss_threshold", "受灾人员救助损失标准", "disaster loss threshold", "元", "yuan"),
    PARAM("price_subsidy_monthly", "价格临时补贴标准（月）", "temporary price subsidy (monthly)", "元", "yuan"),
    PARAM("housing_rent_subsidy_monthly", "住房租赁补贴标准（月）", "housing rent subsidy (monthly)", "元",
          "yuan"),

    FACT("date", CORE_FACT_ROOT, CORE_FACT_DATE, "查询日期", "date asked", "", "", "筛查所依据的日期",
         "the date the screening is for", false),
};

enum { NFACTS = sizeof FACTS / sizeof FACTS[0], PATH_MAX_LEN = 128 };

const core_fact *core_facts_all(size_t *count)
{
    *count = NFACTS;
    return FACTS;
}

/* True for an assessment indicator code: I followed by one to three digits. */
static bool indicator_code(const char *s)
{
    if (s[0] != 'I' || !s[1])
        return false;
    size_t n = 0;
    for (const char *p = s + 1; *p; p++, n++)
        if (!isdigit((unsigned char)*p))
            return false;
    return n <= 3;
}

/* True when the step [s, s+n) is all digits (an array index). */
static bool numeric_step(const char *s, size_t n)
{
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return true;
}

/* Writes path without its numeric steps into out; false when too long or a step is empty. */
static bool strip_indices(const char *path, char out[PATH_MAX_LEN])
{
    size_t o = 0;
    const char *s = path;
    for (;;) {
        const char *dot = strchr(s, '.');
        size_t n = dot ? (size_t)(dot - s) : strlen(s);
        if (n == 0)
            return false;
        if (!numeric_step(s, n)) {
            if (o + n + 2 > PATH_MAX_LEN)
                return false;
            if (o)
                out[o++] = '.';
            memcpy(out + o, s, n);
            o += n;
        }
        if (!dot)
            break;
        s = dot + 1;
    }
    out[o] = 0;
    return o > 0;
}

static const core_fact *find_exact(const char *path)
{
    for (size_t i = 0; i < NFACTS; i++)
        if (strcmp(FACTS[i].path, path) == 0)
            return &FACTS[i];
    return NULL;
}

const core_fact *core_fact_find(const char *path)
{
    char p[PATH_MAX_LEN];
    if (!path || !strip_indices(path, p))
        return NULL;
    if (strncmp(p, "assessment.", 11) == 0 && indicator_code(p + 11))
        return find_exact("assessment.I*");
    if (strcmp(p, "assessment.I*") == 0)
        return NULL; /* the pattern itself names no fact */
    return find_exact(p);
}

bool core_fact_known(const char *path, void *ctx)
{
    (void)ctx;
    return path && (!path[0] || core_fact_find(path) != NULL);
}

/* The indicator code a path names ("assessment.I07" → "I07"), or NULL. */
static const char *indicator_of(const char *path)
{
    const char *s = strstr(path, "assessment.");
    return s ? s + 11 : NULL;
}

const char *core_fact_label(const char *path, bool en, void *ctx)
{
    (void)ctx;
    const core_fact *f = core_fact_find(path);
    if (!f)
        return NULL;
    if (f->scope != CORE_FACT_ASSESSMENT || f->type != CORE_FACT_INTEGER)
        return en ? f->en : f->zh;
    static _Thread_local char buf[256];
    const char *code = indicator_of(path);
    const core_questionnaire *q = core_questionnaire_default();
    int j = core_questionnaire_find(q, code);
    if (j < 0)
        snprintf(buf, sizeof buf, en ? "indicator %s" : "评估指标 %s", code);
    else if (en)
        snprintf(buf, sizeof buf, "indicator %s (%s)", code, q->ind[j].en);
    else
        snprintf(buf, sizeof buf, "评估指标 %s（%s）", code, q->ind[j].zh);
    return buf;
}

const char *core_fact_unit(const char *path, bool en)
{
    const core_fact *f = core_fact_find(path);
    return f ? (en ? f->unit_en : f->unit_zh) : NULL;
}

/* Labels of the enumerations the registry owns. */
static const char *registry_value_label(const core_fact *f, const char *code, bool en)
{
    if (strcmp(f->path, "household.category") == 0) {
        core_category c = core_category_parse(code);
        if (c == CORE_CAT_NONE || strcmp(core_category_code(c), code) != 0)
            return NULL;
        return en ? core_category_en(c) : core_category_zh(c);
    }
    if (strcmp(f->path, "members.relation") == 0) {
        core_relation r = core_relation_parse(code);
        if (r == CORE_REL_NONE || strcmp(core_relation_code(r), code) != 0)
            return NULL;
        return en ? core_relation_en(r) : core_relation_zh(r);
    }
    if (strcmp(f->path, "assessment.tier") == 0) {
        core_tier t;
        if (!core_tier_parse(code, &t))
            return NULL;
        return en ? core_tier_code(t) : core_tier_zh(t);
    }
    return NULL;
}

static const core_fact_value *enum_value(const core_fact *f, const char *code)
{
    for (const core_fact_value *v = f->values; v && v->code; v++)
        if (strcmp(v->code, code) == 0)
            return v;
    return NULL;
}

const char *core_fact_value_label(const char *path, const char *code, bool en)
{
    const core_fact *f = core_fact_find(path);
    if (!f || f->type != CORE_FACT_ENUM || !code)
        return NULL;
    if (!f->values)
        return registry_value_label(f, code, en);
    const core_fact_value *v = enum_value(f, code);
    return v ? (en ? v->en : v->zh) : NULL;
}

bool core_fact_name_parse(const char *name, core_fact_name *out)
{
    char path[PATH_MAX_LEN];
    int64_t member_id = 0;
    if (!name)
        return false;
    if (strncmp(name, "household.", 10) == 0) {
        if (strlen(name) >= sizeof path)
            return false;
        snprintf(path, sizeof path, "%s", name);
    } else if (strncmp(name, "members[", 8) == 0) {
        const char *p = name + 8;
        if (!isdigit((unsigned char)*p) || *p == '0')
            return false;
        for (; isdigit((unsigned char)*p); p++) {
            if (member_id > (INT64_MAX - 9) / 10)
                return false;
            member_id = member_id * 10 + (*p - '0');
        }
        if (p[0] != ']' || p[1] != '.' || strlen(p + 2) + 9 > sizeof path)
            return false;
        snprintf(path, sizeof path, "members.%s", p + 2);
    } else {
        return false;
    }
    const core_fact *f = find_exact(path);
    if (!f || !f->declared)
        return false;
    out->fact = f;
    out->member_id = member_id;
    return true;
}

void core_fact_name_format(const core_fact *f, int64_t member_id, char *out, size_t outsz)
{
    if (f->scope == CORE_FACT_MEMBER)
        snprintf(out, outsz, "members[%lld].%s", (long long)member_id, f->path + 8);
    else
        snprintf(out, outsz, "%s", f->path);
}

/* Amounts people declare stay below a billion yuan: anything larger is a typing slip. */
#define AMOUNT_MAX 1e9

static void value_error(core_fielderrs *errs, const char *field, const char *code, const core_fact *f,
                        const char *zh_what, const char *en_what)
{
    char zh[256], en[256];
    snprintf(zh, sizeof zh, "“%s”%s", f->zh, zh_what);
    snprintf(en, sizeof en, "%s %s", f->en, en_what);
    core_fielderrs_add(errs, field, code, zh, en);
}

bool core_fact_value_check(const core_fact *f, const json_t *value, const char *field, core_fielderrs *errs)
{
    switch (f->type) {
    case CORE_FACT_BOOL:
        if (json_is_boolean(value))
            return true;
        value_error(errs, field, "fact_type", f, "应为是或否（true/false）", "must be true or false");
        return false;
    case CORE_FACT_NUMBER: {
        if (!json_is_number(value)) {
            value_error(errs, field, "fact_type", f, "应为数字", "must be a number");
            return false;
        }
        double v = json_number_value(value);
        if (isfinite(v) && v >= 0 && v < AMOUNT_MAX)
            return true;
        value_error(errs, field, "fact_range", f, "应为不小于 0 且小于 10 亿的数",
                    "must be at least 0 and below a billion");
        return false;
    }
    case CORE_FACT_INTEGER:
        if (!json_is_integer(value)) {
            value_error(errs, field, "fact_type", f, "应为整数", "must be a whole number");
            return false;
        }
        if (json_integer_value(value) >= f->min && json_integer_value(value) <= f->max)
            return true;
        value_error(errs, field, "fact_range", f, "超出允许范围", "is out of range");
        return false;
    case CORE_FACT_ENUM:
        if (json_is_string(value) && (f->values ? enum_value(f, json_string_value(value)) != NULL
                                                : registry_value_label(f, json_string_value(value), false) != NULL))
            return true;
        value_error(errs, field, "fact_value", f, "不是可选的值", "is not one of the allowed values");
        return false;
    case CORE_FACT_DATE: {
        core_date d;
        if (json_is_string(value) && core_date_parse(json_string_value(value), &d))
            return true;
        value_error(errs, field, "fact_type", f, "应为日期（yyyy-mm-dd）", "must be a date (yyyy-mm-dd)");
        return false;
    }
    case CORE_FACT_TEXT:
        if (json_is_string(value) && strlen(json_string_value(value)) <= 200)
            return true;
        value_error(errs, field, "fact_type", f, "应为不超过 200 字节的文字", "must be text of at most 200 bytes");
        return false;
    default:
        value_error(errs, field, "fact_type", f, "不能直接填写", "cannot be written directly");
        return false;
    }
}

json_t *core_fact_missing_json(const char *path, const json_t *facts)
{
    const core_fact *f = core_fact_find(path);
    const char *zh = core_fact_label(path, false, NULL), *en = core_fact_label(path, true, NULL);
    json_t *j = json_pack("{ss ss ss ss sb so so}", "fact", path, "path", f ? f->path : path, "label_zh", zh ? zh : path,
                          "label_en", en ? en : path, "declared", f && f->declared, "name", json_null(), "member_id",
                          json_null());
    if (!f || !f->declared)
        return j;
    if (f->scope == CORE_FACT_HOUSEHOLD) {
        json_object_set_new(j, "name", json_string(f->path));
    } else if (f->scope == CORE_FACT_MEMBER) {
        char *end;
        long i = strtol(path + 8, &end, 10);
        json_t *m = json_array_get(json_object_get(facts, "members"), (size_t)i);
        json_int_t mid = json_integer_value(json_object_get(m, "id"));
        if (end != path + 8 && *end == '.' && mid > 0) {
            char name[96];
            core_fact_name_format(f, mid, name, sizeof name);
            json_object_set_new(j, "name", json_string(name));
            json_object_set_new(j, "member_id", json_integer(mid));
        }
    }
    return j;
}
