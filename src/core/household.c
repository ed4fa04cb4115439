/*
** household.c: the registry's rules for households and members: code tables for categories and
** relations, validation of raw text fields into clean values with bilingual field errors, and the rules
** across the members of one household. Knows nothing of storage; core/ never includes store/ or web/.
*/
#include "household.h"

#include "mem.h"
#include "phone.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- code tables ---------------------------------------------------------------------------- */

/* An API code, its labels and other words spreadsheets use for it; aliases end at the first NULL. */
typedef struct label {
    const char *code, *zh, *en;
    const char *alias[12];
} label;

static const label categories[CORE_CAT_COUNT] = {
    [CORE_CAT_NONE] = {"", "", "", {NULL}},
    [CORE_CAT_TEKUN] = {"tekun", "特困人员", "Person in extreme poverty (tekun)",
                        {"特困", "特困供养", "特困供养人员", "特困户"}},
    [CORE_CAT_DIBAO] = {"dibao", "低保对象", "Minimum living allowance (dibao)", {"低保", "低保户", "低保家庭"}},
    [CORE_CAT_DIBAO_EDGE] = {"dibao_edge", "低保边缘家庭", "Household on the edge of dibao",
                             {"低保边缘", "低保边缘户", "边缘户"}},
    [CORE_CAT_RIGID_EXPENSE] = {"rigid_expense", "刚性支出困难家庭", "Household with rigid expenses",
                                {"刚性支出困难", "刚性支出", "支出型困难家庭"}},
    [CORE_CAT_MONITORED] = {"monitored", "防止返贫致贫监测对象", "Monitored against falling into poverty",
                            {"防返贫监测对象", "监测对象", "返贫致贫监测对象"}},
    [CORE_CAT_OTHER] = {"other", "其他困难群众", "Other people in difficulty", {"其他", "其他困难"}},
};

static const label relations[CORE_REL_COUNT] = {
    [CORE_REL_NONE] = {"", "", "", {NULL}},
    [CORE_REL_HEAD] = {"head", "户主", "Head of household", {"本人", "户主本人"}},
    [CORE_REL_SPOUSE] = {"spouse", "配偶", "Spouse", {"妻子", "丈夫", "妻", "夫", "老伴"}},
    [CORE_REL_CHILD] = {"child", "子女", "Child",
                        {"子", "女", "儿子", "女儿", "长子", "次子", "长女", "次女", "养子", "养女"}},
    [CORE_REL_PARENT] = {"parent", "父母", "Parent", {"父亲", "母亲", "父", "母"}},
    [CORE_REL_GRANDCHILD] = {"grandchild", "孙子女", "Grandchild",
                             {"孙子", "孙女", "外孙", "外孙子", "外孙女", "孙子女或外孙子女"}},
    [CORE_REL_GRANDPARENT] = {"grandparent", "祖父母", "Grandparent",
                              {"祖父", "祖母", "外祖父", "外祖母", "爷爷", "奶奶", "姥姥", "姥爷", "外祖父母"}},
    [CORE_REL_SIBLING] = {"sibling", "兄弟姐妹", "Sibling",
                          {"兄", "弟", "姐", "妹", "哥哥", "弟弟", "姐姐", "妹妹"}},
    [CORE_REL_CHILD_IN_LAW] = {"child_in_law", "儿媳/女婿", "Child-in-law", {"儿媳", "女婿", "儿媳妇", "媳妇"}},
    [CORE_REL_OTHER] = {"other", "其他", "Other", {"其他亲属", "其他关系"}},
};

/* True when s[0..len) equals word, ASCII letters compared without case. */
static bool span_is(const char *s, size_t len, const char *word) {
    return strlen(word) == len && strncasecmp(s, word, len) == 0;
}

/* True when s[0..len) is one of the words of a NULL-terminated list. */
static bool span_in(const char *s, size_t len, const char *const *words) {
    for (; *words; words++)
        if (span_is(s, len, *words)) return true;
    return false;
}

/* The index of the entry whose code, Chinese label or alias is text (trimmed), or 0. */
static int label_find(const label *table, int n, const char *text) {
    if (!text) return 0;
    size_t len;
    const char *s = core_text_span(text, &len);
    for (int i = 1; i < n && len; i++)
        if (span_is(s, len, table[i].code) || span_is(s, len, table[i].zh) || span_in(s, len, table[i].alias))
            return i;
    return 0;
}

static const label *label_at(const label *table, int n, int i) { return &table[i > 0 && i < n ? i : 0]; }

core_category core_category_parse(const char *text) {
    return (core_category)label_find(categories, CORE_CAT_COUNT, text);
}
const char *core_category_code(core_category c) { return label_at(categories, CORE_CAT_COUNT, (int)c)->code; }
const char *core_category_zh(core_category c) { return label_at(categories, CORE_CAT_COUNT, (int)c)->zh; }
const char *core_category_en(core_category c) { return label_at(categories, CORE_CAT_COUNT, (int)c)->en; }

core_relation core_relation_parse(const char *text) {
    return (core_relation)label_find(relations, CORE_REL_COUNT, text);
}
const char *core_relation_code(core_relation r) { return label_at(relations, CORE_REL_COUNT, (int)r)->code; }
const char *core_relation_zh(core_relation r) { return label_at(relations, CORE_REL_COUNT, (int)r)->zh; }
const char *core_relation_en(core_relation r) { return label_at(relations, CORE_REL_COUNT, (int)r)->en; }

/* ---- field errors ----------------------------------------------------------------------------- */

typedef core_field_label field;

static const field F_NAME = {"name", "姓名", "Name"};
static const field F_ID = {"id_number", "身份证号", "ID number"};
static const field F_RELATION = {"relation", "与户主关系", "Relation to the head"};
static const field F_SEX = {"sex", "性别", "Sex"};
static const field F_BIRTH = {"birth_date", "出生日期", "Birth date"};
static const field F_PHONE = {"phone", "联系电话", "Phone"};
static const field F_GRADE = {"disability_grade", "残疾等级", "Disability grade"};
static const field F_ILLNESS = {"serious_illness", "大病", "Serious illness"};
static const field F_HOUSEHOLD_NO = {"household_no", "户编号", "Household number"};
static const field F_TOWN = {"town_code", "乡镇(街道)代码", "Town code"};
static const field F_VILLAGE = {"village", "村(社区)", "Village or community"};
static const field F_ADDRESS = {"address", "地址", "Address"};
static const field F_CATEGORY = {"category", "类别", "Category"};
static const field F_REGISTERED = {"registered_on", "登记日期", "Registration date"};

enum { HOUSEHOLD_NO_MAX = 50, EARLIEST_BIRTH_YEAR = 1900 };

static void add(core_fielderrs *errs, const char *prefix, const field *f, const char *code, const char *zh,
                const char *en) {
    core_fielderrs_addp(errs, prefix, f->name, code, zh, en);
}

static void add_required(core_fielderrs *errs, const char *prefix, const field *f, const char *why_zh,
                         const char *why_en) {
    char zh[160], en[160];
    snprintf(zh, sizeof zh, "请填写%s%s", f->zh, why_zh);
    snprintf(en, sizeof en, "%s is required%s", f->en, why_en);
    add(errs, prefix, f, "required", zh, en);
}

static void add_unknown(core_fielderrs *errs, const char *prefix, const field *f, const char *code,
                        const char *hint_zh, const char *hint_en) {
    char zh[256], en[256];
    snprintf(zh, sizeof zh, "%s无法识别：%s", f->zh, hint_zh);
    snprintf(en, sizeof en, "%s is not recognised: %s", f->en, hint_en);
    add(errs, prefix, f, code, zh, en);
}

/* ---- single fields ---------------------------------------------------------------------------- */

/* How an optional field turned out. */
typedef enum given {
    GIVEN_NONE, /* absent, empty or a placeholder */
    GIVEN_OK,
    GIVEN_BAD /* an error has been added */
} given;

/* A name with a zero-width space looks like another but is not found by its search: refused. */
char *core_text_value(const char *raw, const char *prefix, const core_field_label *f, size_t max, bool required,
                      core_fielderrs *errs) {
    size_t len;
    const char *s = core_text_span(raw ? raw : "", &len);
    if (len == 0 && required) {
        add_required(errs, prefix, f, "", "");
        return NULL;
    }
    char *v = xstrndup(s, len);
    char zh[256], en[256];
    if (!core_utf8_valid(v, len) || core_text_has_control(v, false)) {
        snprintf(zh, sizeof zh, "%s含有无效字符或控制字符", f->zh);
        snprintf(en, sizeof en, "%s contains invalid or control characters", f->en);
        add(errs, prefix, f, "invalid_text", zh, en);
    } else if (core_text_has_invisible(v)) {
        snprintf(zh, sizeof zh, "%s含有不可见的格式字符（如零宽空格），请删除后重新填写", f->zh);
        snprintf(en, sizeof en, "%s contains an invisible formatting character (such as a zero-width space); "
                                "delete it and type the text again", f->en);
        add(errs, prefix, f, "invisible_text", zh, en);
    } else if (core_utf8_len(v) > max) {
        snprintf(zh, sizeof zh, "%s不能超过%zu个字", f->zh, max);
        snprintf(en, sizeof en, "%s must be at most %zu characters", f->en, max);
        add(errs, prefix, f, "too_long", zh, en);
    } else {
        return v;
    }
    free(v);
    return NULL;
}

static core_relation relation_value(const char *raw, const char *prefix, core_fielderrs *errs) {
    core_relation r = core_relation_parse(raw);
    if (r != CORE_REL_NONE) return r;
    if (core_text_is_placeholder(raw)) add_required(errs, prefix, &F_RELATION, "", "");
    else add_unknown(errs, prefix, &F_RELATION, "relation_invalid",
                     "应为户主、配偶、子女、父母、孙子女、祖父母、兄弟姐妹、儿媳/女婿或其他",
                     "use head, spouse, child, parent, grandchild, grandparent, sibling, child_in_law or other");
    return CORE_REL_NONE;
}

static given sex_value(const char *raw, const char *prefix, char *sex, core_fielderrs *errs) {
    static const char *const male[] = {"M", "男", "男性", "male", NULL};
    static const char *const female[] = {"F", "女", "女性", "female", NULL};
    if (core_text_is_placeholder(raw)) return GIVEN_NONE;
    size_t len;
    const char *s = core_text_span(raw, &len);
    if (span_in(s, len, male)) *sex = 'M';
    else if (span_in(s, len, female)) *sex = 'F';
    else {
        add_unknown(errs, prefix, &F_SEX, "sex_invalid", "应为男/女或 M/F", "use M or F");
        return GIVEN_BAD;
    }
    return GIVEN_OK;
}

/* A date field that must not lie after today; earliest_year bounds birth dates. */
static given date_value(const char *raw, const char *prefix, const field *f, core_date today, int earliest_year,
                        core_date *out, core_fielderrs *errs) {
    if (core_text_is_placeholder(raw)) return GIVEN_NONE;
    core_date d;
    char zh[160], en[160];
    if (!core_date_parse(raw, &d)) {
        snprintf(zh, sizeof zh, "%s不是有效日期，应写成 2024-03-01", f->zh);
        snprintf(en, sizeof en, "%s is not a valid date; write it as 2024-03-01", f->en);
        add(errs, prefix, f, "date_invalid", zh, en);
    } else if (core_date_ymd(d) > core_date_ymd(today)) {
        snprintf(zh, sizeof zh, "%s不能晚于今天", f->zh);
        snprintf(en, sizeof en, "%s cannot be after today", f->en);
        add(errs, prefix, f, "date_future", zh, en);
    } else if (d.y < earliest_year) {
        snprintf(zh, sizeof zh, "%s不能早于%d年", f->zh, earliest_year);
        snprintf(en, sizeof en, "%s cannot be before %d", f->en, earliest_year);
        add(errs, prefix, f, "date_too_early", zh, en);
    } else {
        *out = d;
        return GIVEN_OK;
    }
    return GIVEN_BAD;
}

/* True when digits-only text is a landline whose leading 0 was dropped, as Excel does to numbers. */
static bool lost_leading_zero(const char *text) {
    size_t len;
    const char *s = core_text_span(text, &len);
    char buf[32], norm[32];
    if (len == 0 || len + 2 > sizeof buf || strspn(s, "0123456789") < len) return false;
    buf[0] = '0';
    memcpy(buf + 1, s, len);
    buf[len + 1] = '\0';
    return core_phone_parse(buf, norm, sizeof norm) == CORE_PHONE_LANDLINE;
}

void core_phone_value(const char *raw, const char *prefix, char out[32], core_fielderrs *errs) {
    out[0] = '\0';
    if (core_text_is_placeholder(raw) || core_phone_parse(raw, out, 32) != CORE_PHONE_INVALID) return;
    if (core_text_is_scientific(raw) || lost_leading_zero(raw))
        add(errs, prefix, &F_PHONE, "phone_excel",
            "联系电话被 Excel 当成数字处理（变成科学计数法或去掉了开头的0），号码已不完整；"
            "请把该列设为“文本”格式后重新录入",
            "Excel treated the phone number as a number (scientific notation or a dropped leading 0) and it is "
            "incomplete; format the column as Text and enter the number again");
    else
        add_unknown(errs, prefix, &F_PHONE, "phone_invalid",
                    "应为11位手机号，或7-8位的固定电话（可带区号），如 13812345678、0631-5212345、5212345",
                    "give an 11-digit mobile number or a 7-8 digit landline, with or without its area code, "
                    "like 13812345678, 0631-5212345 or 5212345");
}

/* 0-4, 一级..四级, 1级..4级; placeholders (无, 空) mean 0. */
static int grade_value(const char *raw, const char *prefix, core_fielderrs *errs) {
    static const char *const grades[5][3] = {
        {"0", "0级", NULL}, {"1", "1级", "一级"}, {"2", "2级", "二级"}, {"3", "3级", "三级"}, {"4", "4级", "四级"}};
    if (core_text_is_placeholder(raw)) return 0;
    size_t len;
    const char *s = core_text_span(raw, &len);
    for (int g = 0; g < 5; g++)
        for (int k = 0; k < 3 && grades[g][k]; k++)
            if (span_is(s, len, grades[g][k])) return g;
    add_unknown(errs, prefix, &F_GRADE, "disability_grade_invalid", "应为0-4或一级至四级（无残疾填0或“无”）",
                "use 0-4 or 一级..四级 (0 or 无 for none)");
    return 0;
}

static bool flag_value(const char *raw, const char *prefix, const field *f, core_fielderrs *errs) {
    static const char *const yes[] = {"true", "1", "是", "有", "yes", "y", NULL};
    static const char *const no[] = {"false", "0", "否", "no", "n", NULL};
    if (core_text_is_placeholder(raw)) return false;
    size_t len;
    const char *s = core_text_span(raw, &len);
    if (span_in(s, len, yes)) return true;
    if (!span_in(s, len, no))
        add_unknown(errs, prefix, f, "flag_invalid", "应为是/否", "use true or false (是/否)");
    return false;
}

/* ---- members ---------------------------------------------------------------------------------- */

/* Sex and birth date given beside a valid ID number must agree with it; the number wins. */
static void identity_from_id(const char *prefix, given sex_given, char sex,
                             given birth_given, core_date birth, core_member *m, core_fielderrs *errs) {
    m->has_id = true;
    m->sex = m->id.sex;
    m->has_birth = true;
    m->birth = (core_date){m->id.birth_year, m->id.birth_month, m->id.birth_day};
    if (sex_given == GIVEN_OK && sex != m->sex)
        add(errs, prefix, &F_SEX, "sex_mismatch", "性别与身份证号不符", "Sex does not match the ID number");
    if (birth_given == GIVEN_OK && core_date_ymd(birth) != core_date_ymd(m->birth))
        add(errs, prefix, &F_BIRTH, "birth_date_mismatch", "出生日期与身份证号不符",
            "Birth date does not match the ID number");
    if (m->birth.y < EARLIEST_BIRTH_YEAR)
        add(errs, prefix, &F_ID, "id_date", "身份证号中的出生日期早于1900年", "The ID number gives a birth before 1900");
}

static void identity_value(const core_member_in *in, const char *prefix, core_date today, core_member *m,
                           core_fielderrs *errs) {
    char sex = 0;
    core_date birth = {0, 0, 0};
    given sex_given = sex_value(in->sex, prefix, &sex, errs);
    given birth_given = date_value(in->birth_date, prefix, &F_BIRTH, today, EARLIEST_BIRTH_YEAR, &birth, errs);
    core_idnum_status st = core_idnum_parse(in->id_number, core_date_ymd(today), &m->id);
    if (st == CORE_IDNUM_OK) {
        identity_from_id(prefix, sex_given, sex, birth_given, birth, m, errs);
        return;
    }
    if (st != CORE_IDNUM_MISSING) {
        add(errs, prefix, &F_ID, core_idnum_status_code(st), core_idnum_status_zh(st), core_idnum_status_en(st));
    } else {
        if (sex_given == GIVEN_NONE) add_required(errs, prefix, &F_SEX, "（没有身份证号时必填）", " when there is no ID number");
        if (birth_given == GIVEN_NONE)
            add_required(errs, prefix, &F_BIRTH, "（没有身份证号时必填）", " when there is no ID number");
    }
    m->sex = sex_given == GIVEN_OK ? sex : 0;
    m->has_birth = birth_given == GIVEN_OK;
    if (m->has_birth) m->birth = birth;
}

bool core_member_validate(const core_member_in *in, const char *prefix, core_date today, core_member *out,
                          core_fielderrs *errs) {
    memset(out, 0, sizeof *out);
    size_t before = errs->count;
    core_member m;
    memset(&m, 0, sizeof m);
    m.name = core_text_value(in->name, prefix, &F_NAME, CORE_NAME_MAX, true, errs);
    m.relation = relation_value(in->relation, prefix, errs);
    identity_value(in, prefix, today, &m, errs);
    core_phone_value(in->phone, prefix, m.phone, errs);
    m.disability_grade = grade_value(in->disability_grade, prefix, errs);
    m.serious_illness = flag_value(in->serious_illness, prefix, &F_ILLNESS, errs);
    if (errs->count != before) {
        core_member_clear(&m);
        return false;
    }
    *out = m;
    return true;
}

void core_member_clear(core_member *m) {
    free(m->name);
    memset(m, 0, sizeof *m);
}

/* ---- households ------------------------------------------------------------------------------- */

static void town_value(const char *raw, char out[10], core_fielderrs *errs) {
    size_t len;
    const char *s = core_text_span(raw ? raw : "", &len);
    if (len == 0) {
        add_required(errs, "", &F_TOWN, "", "");
    } else if (len != 9 || strspn(s, "0123456789") < 9) {
        add(errs, "", &F_TOWN, "town_code_invalid", "乡镇(街道)代码应为9位数字，如 371002001",
            "Town code must be 9 digits, like 371002001");
    } else {
        memcpy(out, s, 9);
        out[9] = '\0';
    }
}

static core_category category_value(const char *raw, core_fielderrs *errs) {
    core_category c = core_category_parse(raw);
    if (c != CORE_CAT_NONE) return c;
    if (core_text_is_placeholder(raw)) add_required(errs, "", &F_CATEGORY, "", "");
    else add_unknown(errs, "", &F_CATEGORY, "category_invalid",
                     "应为特困人员、低保对象、低保边缘家庭、刚性支出困难家庭、防止返贫致贫监测对象或其他困难群众",
                     "use tekun, dibao, dibao_edge, rigid_expense, monitored or other");
    return CORE_CAT_NONE;
}

bool core_household_validate(const core_household_in *in, core_date today, core_household *out,
                             core_fielderrs *errs) {
    memset(out, 0, sizeof *out);
    size_t before = errs->count;
    core_household h;
    memset(&h, 0, sizeof h);
    h.household_no = core_text_value(in->household_no, "", &F_HOUSEHOLD_NO, HOUSEHOLD_NO_MAX, false, errs);
    town_value(in->town_code, h.town_code, errs);
    h.village = core_text_value(in->village, "", &F_VILLAGE, CORE_VILLAGE_MAX, false, errs);
    h.address = core_text_value(in->address, "", &F_ADDRESS, CORE_ADDRESS_MAX, false, errs);
    h.category = category_value(in->category, errs);
    core_phone_value(in->phone, "", h.phone, errs);
    h.registered_on = today;
    date_value(in->registered_on, "", &F_REGISTERED, today, EARLIEST_BIRTH_YEAR, &h.registered_on, errs);
    if (errs->count != before) {
        core_household_clear(&h);
        return false;
    }
    *out = h;
    return true;
}

void core_household_clear(core_household *h) {
    free(h->household_no);
    free(h->village);
    free(h->address);
    memset(h, 0, sizeof *h);
}

/* ---- across members --------------------------------------------------------------------------- */

/* An ID number and the member it belongs to, sorted to find repeats in n log n. */
typedef struct id_ref {
    const char *number;
    size_t member;
} id_ref;

static int id_ref_cmp(const void *a, const void *b) {
    const id_ref *x = a, *y = b;
    int c = strcmp(x->number, y->number);
    if (c) return c;
    return (x->member > y->member) - (x->member < y->member);
}

static void member_prefix(size_t i, char out[32]) { snprintf(out, 32, "members[%zu].", i); }

static void check_heads(const core_member *members, size_t count, core_fielderrs *errs) {
    size_t heads = 0;
    char prefix[32];
    for (size_t i = 0; i < count; i++) {
        if (members[i].relation != CORE_REL_HEAD || heads++ == 0) continue;
        member_prefix(i, prefix);
        add(errs, prefix, &F_RELATION, "head_duplicate", "一户只能有一位户主", "A household has only one head");
    }
    if (heads == 0)
        core_fielderrs_add(errs, "members", "head_missing", "必须有一位成员是户主",
                           "One member must be the head of the household");
}

/* Members without an ID number (placeholders) are never duplicates of each other. */
static void check_duplicate_ids(const core_member *members, size_t count, core_fielderrs *errs) {
    id_ref *refs = xmalloc(count * sizeof *refs);
    size_t *first = xcalloc(count, sizeof *first); /* 1 + index of the earlier member with the number, or 0 */
    size_t n = 0;
    for (size_t i = 0; i < count; i++)
        if (members[i].has_id) refs[n++] = (id_ref){members[i].id.number, i};
    qsort(refs, n, sizeof *refs, id_ref_cmp);
    for (size_t k = 1, run = 0; k < n; k++) {
        if (strcmp(refs[k].number, refs[run].number) != 0) run = k;
        else first[refs[k].member] = refs[run].member + 1;
    }
    char prefix[32], zh[96], en[96];
    for (size_t i = 0; i < count; i++) {
        if (!first[i]) continue;
        member_prefix(i, prefix);
        snprintf(zh, sizeof zh, "与第%zu位成员的身份证号相同", first[i]);
        snprintf(en, sizeof en, "Same ID number as member %zu", first[i]);
        add(errs, prefix, &F_ID, "id_duplicate", zh, en);
    }
    free(first);
    free(refs);
}

bool core_members_check(const core_member *members, size_t count, core_fielderrs *errs) {
    size_t before = errs->count;
    check_heads(members, count, errs);
    check_duplicate_ids(members, count, errs);
    return errs->count == before;
}
