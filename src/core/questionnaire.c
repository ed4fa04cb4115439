/*
** questionnaire.c: questionnaire versions as data: the code tables of derivation and red-flag rules,
** the checks a version passes before it is published (with field errors in Chinese and English), lookups
** by code, and the exact cut-off test q*C >= p*D. Pure logic: no storage, no I/O; the default version
** itself is in questionnaire_default.c.
*/
#include "questionnaire.h"

#include "text.h"

#include <stdio.h>
#include <string.h>

/* ---- code tables ---------------------------------------------------------------------------- */

static const char *const derive_codes[CORE_DERIVE_COUNT] = {
    [CORE_DERIVE_NONE] = "",
    [CORE_DERIVE_ELDERLY_ONLY] = "elderly_only",
    [CORE_DERIVE_ONE_PERSON] = "one_person",
    [CORE_DERIVE_SERIOUS_ILLNESS] = "serious_illness",
    [CORE_DERIVE_AGED_80] = "aged_80",
    [CORE_DERIVE_DISABILITY] = "disability",
    [CORE_DERIVE_SEVERE_DISABILITY] = "severe_disability",
    [CORE_DERIVE_MULTIPLE_DISABILITY] = "multiple_disability",
    [CORE_DERIVE_BELOW_DIBAO] = "below_dibao",
    [CORE_DERIVE_BELOW_DIBAO_EDGE] = "below_dibao_edge",
};

static const char *const red_codes[] = {
    [CORE_RED_NEVER] = "never",
    [CORE_RED_WHEN_DEPRIVED] = "deprived",
    [CORE_RED_WHEN_SEVERE] = "severe",
};
enum { RED_COUNT = (int)(sizeof red_codes / sizeof red_codes[0]) };

const char *core_derive_code(core_derive d) {
    return (int)d >= 0 && d < CORE_DERIVE_COUNT ? derive_codes[d] : "";
}

core_derive core_derive_parse(const char *code) {
    if (!code || !*code) return CORE_DERIVE_NONE;
    for (int d = 1; d < CORE_DERIVE_COUNT; d++)
        if (strcmp(code, derive_codes[d]) == 0) return (core_derive)d;
    return CORE_DERIVE_NONE;
}

const char *core_red_rule_code(core_red_rule r) {
    return (int)r >= 0 && (int)r < RED_COUNT ? red_codes[r] : red_codes[CORE_RED_NEVER];
}

bool core_red_rule_parse(const char *code, core_red_rule *out) {
    if (!code) return false;
    for (int r = 0; r < RED_COUNT; r++)
        if (strcmp(code, red_codes[r]) == 0) {
            *out = (core_red_rule)r;
            return true;
        }
    return false;
}

/* ---- lookups ---------------------------------------------------------------------------------- */

/* True when code (a char[CORE_Q_CODE_MAX + 1]) is terminated inside its array and equals s. */
static bool code_is(const char code[CORE_Q_CODE_MAX + 1], const char *s) {
    return memchr(code, '\0', CORE_Q_CODE_MAX + 1) && strcmp(code, s) == 0;
}

int core_questionnaire_find(const core_questionnaire *q, const char *indicator_code) {
    if (!q || !indicator_code) return -1;
    for (int i = 0; i < q->nind && i < CORE_Q_MAX_INDICATORS; i++)
        if (code_is(q->ind[i].code, indicator_code)) return i;
    return -1;
}

int core_questionnaire_find_dim(const core_questionnaire *q, const char *dimension_code) {
    if (!q || !dimension_code) return -1;
    for (int i = 0; i < q->ndims && i < CORE_Q_MAX_DIMS; i++)
        if (code_is(q->dims[i].code, dimension_code)) return i;
    return -1;
}

bool core_cutoff_reached(core_q_cutoff c, int64_t score, int64_t denominator) {
    /* 128-bit products: exact for every int64 input, so no cut-off is ever rounded. */
    return (__int128)c.q * score >= (__int128)c.p * denominator;
}

/* ---- validation ------------------------------------------------------------------------------- */

enum { MAX_DENOMINATOR = 1000000, MAX_REASSESS_MONTHS = 60, AREA_COUNT = 13 };

/* Who an error is about, for messages: "指标 I07" / "Indicator I07", or by position when the code is bad. */
typedef struct subject {
    char item[32]; /* "indicators[3]" */
    char zh[64], en[64];
} subject;

static bool code_well_formed(const char code[CORE_Q_CODE_MAX + 1]) {
    const char *end = memchr(code, '\0', CORE_Q_CODE_MAX + 1);
    if (!end || end == code) return false;
    if (!((code[0] >= 'A' && code[0] <= 'Z') || (code[0] >= 'a' && code[0] <= 'z'))) return false;
    for (const char *p = code + 1; p < end; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' ||
              *p == '-'))
            return false;
    return true;
}

static void subject_init(subject *s, const char *list, const char *zh, const char *en, int i,
                         const char code[CORE_Q_CODE_MAX + 1]) {
    snprintf(s->item, sizeof s->item, "%s[%d]", list, i);
    if (code_well_formed(code)) {
        snprintf(s->zh, sizeof s->zh, "%s %s", zh, code);
        snprintf(s->en, sizeof s->en, "%s %s", en, code);
    } else {
        snprintf(s->zh, sizeof s->zh, "第%d个%s", i + 1, zh);
        snprintf(s->en, sizeof s->en, "%s %d", en, i + 1);
    }
}

/* An error on field of the subject ("indicators[3].weight"), or on the whole subject when field is NULL. */
static void add(core_fielderrs *errs, const subject *s, const char *field, const char *code, const char *zh,
                const char *en) {
    char mzh[320], men[320], name[64];
    snprintf(mzh, sizeof mzh, "%s：%s", s->zh, zh);
    snprintf(men, sizeof men, "%s: %s", s->en, en);
    if (field) snprintf(name, sizeof name, "%s.%s", s->item, field);
    else snprintf(name, sizeof name, "%s", s->item);
    core_fielderrs_add(errs, name, code, mzh, men);
}

/* A wording: present, one line of valid UTF-8, no invisible characters, at most CORE_Q_TEXT_MAX code points. */
static void check_text(core_fielderrs *errs, const subject *s, const char *field, const char *label_zh,
                       const char *label_en, const char *text) {
    char zh[160], en[160];
    size_t len = 0;
    if (text) core_text_span(text, &len);
    if (len == 0) {
        snprintf(zh, sizeof zh, "请填写%s", label_zh);
        snprintf(en, sizeof en, "%s is required", label_en);
        add(errs, s, field, "required", zh, en);
    } else if (!core_utf8_valid(text, strlen(text)) || core_text_has_control(text, false)) {
        snprintf(zh, sizeof zh, "%s含有无效字符或控制字符", label_zh);
        snprintf(en, sizeof en, "%s contains invalid or control characters", label_en);
        add(errs, s, field, "invalid_text", zh, en);
    } else if (core_text_has_invisible(text)) {
        snprintf(zh, sizeof zh, "%s含有不可见的格式字符（如零宽空格）", label_zh);
        snprintf(en, sizeof en, "%s contains an invisible formatting character (such as a zero-width space)",
                 label_en);
        add(errs, s, field, "invisible_text", zh, en);
    } else if (core_utf8_len(text) > CORE_Q_TEXT_MAX) {
        snprintf(zh, sizeof zh, "%s不能超过%d个字", label_zh, CORE_Q_TEXT_MAX);
        snprintf(en, sizeof en, "%s must be at most %d characters", label_en, CORE_Q_TEXT_MAX);
        add(errs, s, field, "too_long", zh, en);
    }
}

static void check_code(core_fielderrs *errs, const subject *s, const char code[CORE_Q_CODE_MAX + 1]) {
    if (code_well_formed(code)) return;
    char zh[160], en[200];
    snprintf(zh, sizeof zh, "代码应为1至%d个字母、数字、下划线或连字符，以字母开头，如 D1、I52", CORE_Q_CODE_MAX);
    snprintf(en, sizeof en, "the code must be 1 to %d letters, digits, underscores or hyphens, starting with a "
                            "letter, like D1 or I52", CORE_Q_CODE_MAX);
    add(errs, s, "code", "code_invalid", zh, en);
}

/* A well-formed code that an earlier entry of the same list already has. */
static void check_code_unique(core_fielderrs *errs, const subject *s, const char code[CORE_Q_CODE_MAX + 1],
                              int earlier) {
    if (earlier < 0) return;
    char zh[160], en[160];
    snprintf(zh, sizeof zh, "代码 %s 与第%d项重复", code, earlier + 1);
    snprintf(en, sizeof en, "the code %s is already used by entry %d", code, earlier + 1);
    add(errs, s, "code", "code_duplicate", zh, en);
}

static bool area_known(const char area[3]) {
    if (area[0] < '0' || area[0] > '9' || area[1] < '0' || area[1] > '9' || area[2] != '\0') return false;
    int a = (area[0] - '0') * 10 + (area[1] - '0');
    return a >= 1 && a <= AREA_COUNT;
}

static void check_dimensions(const core_questionnaire *q, core_fielderrs *errs) {
    for (int i = 0; i < q->ndims; i++) {
        const core_q_dimension *d = &q->dims[i];
        subject s;
        subject_init(&s, "dimensions", "维度", "Dimension", i, d->code);
        check_code(errs, &s, d->code);
        if (code_well_formed(d->code)) {
            int earlier = -1;
            for (int j = 0; j < i && earlier < 0; j++)
                if (code_is(q->dims[j].code, d->code)) earlier = j;
            check_code_unique(errs, &s, d->code, earlier);
        }
        check_text(errs, &s, "zh", "中文名称", "The Chinese name", d->zh);
        check_text(errs, &s, "en", "英文名称", "The English name", d->en);
        bool used = false;
        for (int j = 0; j < q->nind && !used; j++) used = q->ind[j].dimension == i;
        if (!used) add(errs, &s, NULL, "dimension_empty", "该维度下没有任何指标", "the dimension has no indicator");
    }
}

static void check_indicator(const core_questionnaire *q, int i, core_fielderrs *errs) {
    const core_q_indicator *ind = &q->ind[i];
    char zh[160], en[160];
    subject s;
    subject_init(&s, "indicators", "指标", "Indicator", i, ind->code);
    check_code(errs, &s, ind->code);
    if (code_well_formed(ind->code)) {
        int earlier = -1;
        for (int j = 0; j < i && earlier < 0; j++)
            if (code_is(q->ind[j].code, ind->code)) earlier = j;
        check_code_unique(errs, &s, ind->code, earlier);
    }
    if (ind->dimension < 0 || ind->dimension >= q->ndims)
        add(errs, &s, "dimension", "dimension_invalid", "所属维度不存在", "its dimension does not exist");
    check_text(errs, &s, "zh", "中文表述", "The Chinese wording", ind->zh);
    check_text(errs, &s, "en", "英文表述", "The English wording", ind->en);
    check_text(errs, &s, "deprived_when", "困难情形", "The deprived condition", ind->deprived_when);
    if (ind->has_severe)
        check_text(errs, &s, "severe_when", "严重情形", "The severe condition", ind->severe_when);
    else if (ind->severe_when && *ind->severe_when)
        add(errs, &s, "severe_when", "severe_when_unexpected", "没有严重等级的指标不应填写严重情形",
            "an indicator without a severe level has no severe condition");
    if (ind->weight < 1 || ind->weight > MAX_DENOMINATOR) {
        snprintf(zh, sizeof zh, "权重应为1至%d之间的整数", MAX_DENOMINATOR);
        snprintf(en, sizeof en, "the weight must be a whole number from 1 to %d", MAX_DENOMINATOR);
        add(errs, &s, "weight", "weight_invalid", zh, en);
    }
    if (!area_known(ind->area)) {
        snprintf(zh, sizeof zh, "困难领域应为01至%02d的两位代码", AREA_COUNT);
        snprintf(en, sizeof en, "the difficulty area must be a two-digit code from 01 to %02d", AREA_COUNT);
        add(errs, &s, "area", "area_invalid", zh, en);
    }
    if ((int)ind->red < 0 || (int)ind->red >= RED_COUNT)
        add(errs, &s, "red", "red_invalid", "红色预警规则无法识别", "the red-flag rule is not recognised");
    else if (ind->red == CORE_RED_WHEN_SEVERE && !ind->has_severe)
        add(errs, &s, "red", "red_without_severe", "没有严重等级的指标不能在严重时触发红色预警",
            "an indicator without a severe level cannot raise a red flag when severe");
    if ((int)ind->derive < 0 || ind->derive >= CORE_DERIVE_COUNT)
        add(errs, &s, "derive", "derive_invalid", "自动判定规则无法识别", "the derivation rule is not recognised");
}

/* A fraction p/q with 0 < p <= q (in (0,1]). */
static bool fraction_ok(core_q_cutoff c) { return c.p > 0 && c.q > 0 && c.p <= c.q; }

/* a < b as fractions (both with positive denominators). */
static bool fraction_less(core_q_cutoff a, core_q_cutoff b) { return (__int128)a.p * b.q < (__int128)b.p * a.q; }

static void check_fraction(core_fielderrs *errs, const char *field, const char *label_zh, const char *label_en,
                           core_q_cutoff c) {
    if (fraction_ok(c)) return;
    char zh[160], en[200];
    snprintf(zh, sizeof zh, "%s应为大于0且不超过1的分数 p/q", label_zh);
    snprintf(en, sizeof en, "%s must be a fraction p/q greater than 0 and at most 1", label_en);
    core_fielderrs_add(errs, field, "cutoff_invalid", zh, en);
}

static void check_cutoffs(const core_questionnaire *q, core_fielderrs *errs) {
    check_fraction(errs, "severe", "严重困难分界线", "The severe cut-off", q->severe);
    check_fraction(errs, "poor", "困难分界线", "The poor cut-off", q->poor);
    check_fraction(errs, "vulnerable", "脆弱分界线", "The vulnerable cut-off", q->vulnerable);
    check_fraction(errs, "k", "贫困分界线 k", "The poverty cut-off k", q->k);
    check_fraction(errs, "max_unanswered", "允许未答比例", "The share that may stay unanswered", q->max_unanswered);
    if (fraction_ok(q->poor) && fraction_ok(q->severe) && !fraction_less(q->poor, q->severe))
        core_fielderrs_add(errs, "poor", "cutoff_order", "困难分界线应低于严重困难分界线",
                           "The poor cut-off must be below the severe cut-off");
    if (fraction_ok(q->vulnerable) && fraction_ok(q->poor) && !fraction_less(q->vulnerable, q->poor))
        core_fielderrs_add(errs, "vulnerable", "cutoff_order", "脆弱分界线应低于困难分界线",
                           "The vulnerable cut-off must be below the poor cut-off");
}

bool core_questionnaire_validate(const core_questionnaire *q, core_fielderrs *errs) {
    size_t before = errs->count;
    char zh[160], en[160];
    if (q->version < 0)
        core_fielderrs_add(errs, "version", "version_invalid", "版本号不能为负数", "The version cannot be negative");
    bool dims_ok = q->ndims >= 1 && q->ndims <= CORE_Q_MAX_DIMS;
    bool inds_ok = q->nind >= 1 && q->nind <= CORE_Q_MAX_INDICATORS;
    if (!dims_ok) {
        snprintf(zh, sizeof zh, "维度应有1至%d个", CORE_Q_MAX_DIMS);
        snprintf(en, sizeof en, "There must be 1 to %d dimensions", CORE_Q_MAX_DIMS);
        core_fielderrs_add(errs, "dimensions", "count_invalid", zh, en);
    }
    if (!inds_ok) {
        snprintf(zh, sizeof zh, "指标应有1至%d个", CORE_Q_MAX_INDICATORS);
        snprintf(en, sizeof en, "There must be 1 to %d indicators", CORE_Q_MAX_INDICATORS);
        core_fielderrs_add(errs, "indicators", "count_invalid", zh, en);
    }
    if (dims_ok && inds_ok) {
        check_dimensions(q, errs);
        int64_t sum = 0;
        bool weights_ok = true;
        for (int i = 0; i < q->nind; i++) {
            check_indicator(q, i, errs);
            weights_ok = weights_ok && q->ind[i].weight >= 1 && q->ind[i].weight <= MAX_DENOMINATOR;
            sum += q->ind[i].weight;
        }
        if (q->denominator < 1 || q->denominator > MAX_DENOMINATOR) {
            snprintf(zh, sizeof zh, "分母 D 应为1至%d之间的整数", MAX_DENOMINATOR);
            snprintf(en, sizeof en, "The denominator D must be a whole number from 1 to %d", MAX_DENOMINATOR);
            core_fielderrs_add(errs, "denominator", "denominator_invalid", zh, en);
        } else if (weights_ok && sum != q->denominator) {
            snprintf(zh, sizeof zh, "各指标权重之和为%lld，应等于分母 D = %d", (long long)sum, q->denominator);
            snprintf(en, sizeof en, "The weights add up to %lld; they must add up to the denominator D = %d",
                     (long long)sum, q->denominator);
            core_fielderrs_add(errs, "denominator", "weight_sum", zh, en);
        }
    }
    check_cutoffs(q, errs);
    if (q->reassess_months < 1 || q->reassess_months > MAX_REASSESS_MONTHS) {
        snprintf(zh, sizeof zh, "复评周期应为1至%d个月", MAX_REASSESS_MONTHS);
        snprintf(en, sizeof en, "The reassessment period must be 1 to %d months", MAX_REASSESS_MONTHS);
        core_fielderrs_add(errs, "reassess_months", "reassess_invalid", zh, en);
    }
    return errs->count == before;
}
