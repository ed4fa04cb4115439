/*
** test_jsonlogic.c: the JsonLogic evaluator (core/jsonlogic) against the JSON Logic conformance suites
** (../shared/data/jsonlogic: compatible.json and the per-operator folders; every case is one test), then
** the project's own uses: three-valued results and the missing facts, Kleene logic, the limits, rule
** validation against a fact vocabulary, reasons in Chinese and English, and rulesets with frames.
*/
#include "unit.h"

#include "../../src/core/jsonlogic.h"

#include <dirent.h>
#include <math.h>

/* ---- the conformance suites ---- */

typedef struct suite_case {
    json_t *c;      /* {"description", "rule", "data", "result" | "error", "decimal"?} */
    char name[200];
} suite_case;

/* Numbers compare by value (2 and 2.0 are equal; "decimal" cases within 1e-9); the rest structurally. */
static bool same_json(const json_t *a, const json_t *b, bool decimal) {
    if (json_is_number(a) && json_is_number(b)) {
        double x = json_number_value(a), y = json_number_value(b);
        return decimal ? fabs(x - y) < 1e-9 : x == y;
    }
    if (json_is_array(a) && json_is_array(b)) {
        if (json_array_size(a) != json_array_size(b)) return false;
        for (size_t i = 0; i < json_array_size(a); i++)
            if (!same_json(json_array_get(a, i), json_array_get(b, i), decimal)) return false;
        return true;
    }
    if (json_is_object(a) && json_is_object(b)) {
        if (json_object_size(a) != json_object_size(b)) return false;
        const char *k;
        json_t *v;
        json_object_foreach((json_t *)a, k, v) if (!same_json(v, json_object_get(b, k), decimal)) return false;
        return true;
    }
    return json_equal(a, b);
}

static void run_suite_case(void **state) {
    const suite_case *sc = *state;
    const json_t *c = sc->c;
    json_t *result = NULL;
    core_jl_error err;
    ws_err rc = core_jl_apply(json_object_get(c, "rule"), json_object_get(c, "data"), &result, &err);
    const json_t *want_err = json_object_get(c, "error");
    if (want_err) {
        const char *want = json_string_value(json_object_get(want_err, "type"));
        if (rc == WS_OK) {
            char *got = json_dumps(result, JSON_ENCODE_ANY);
            json_decref(result);
            fail_msg("%s: expected the error %s, got %s", sc->name, want, got);
        }
        if (strcmp(err.type, want) != 0) fail_msg("%s: expected the error %s, got %s (%s)", sc->name, want, err.type, err.en);
        return;
    }
    if (rc != WS_OK) fail_msg("%s: failed with %s: %s", sc->name, err.type, err.en);
    bool ok = same_json(result, json_object_get(c, "result"), json_is_true(json_object_get(c, "decimal")));
    if (!ok) {
        char *got = json_dumps(result, JSON_ENCODE_ANY), *want = json_dumps(json_object_get(c, "result"), JSON_ENCODE_ANY);
        fail_msg("%s: got %s, expected %s", sc->name, got, want);
    }
    json_decref(result);
}

/* Appends the cases of one suite file; the number added, or -1 when the file does not parse. */
static long load_suite(const char *path, const char *label, json_t *keep, suite_case **cases, size_t *count) {
    json_error_t jerr;
    json_t *suite = json_load_file(path, 0, &jerr);
    if (!json_is_array(suite)) {
        printf("cannot read %s: %s\n", path, jerr.text);
        json_decref(suite);
        return -1;
    }
    json_array_append_new(keep, suite);
    long added = 0;
    size_t i;
    json_t *c;
    json_array_foreach(suite, i, c) {
        if (json_is_array(c) && json_array_size(c) == 3) { /* the older form: [rule, data, expected] */
            json_t *o = json_pack("{s:O, s:O, s:O, s:s}", "rule", json_array_get(c, 0), "data", json_array_get(c, 1),
                                  "result", json_array_get(c, 2), "description", "");
            json_array_append_new(keep, o);
            c = o;
        }
        if (!json_is_object(c)) continue; /* "# comments" */
        *cases = realloc(*cases, (*count + 1) * sizeof **cases);
        suite_case *sc = &(*cases)[(*count)++];
        sc->c = c;
        const char *d = json_string_value(json_object_get(c, "description"));
        snprintf(sc->name, sizeof sc->name, "%s #%zu %s", label, i, d ? d : "");
        added++;
    }
    return added;
}

/* ---- facts for the project's own tests ---- */

static json_t *facts(const char *text) {
    json_error_t e;
    json_t *j = json_loads(text, JSON_DECODE_ANY, &e);
    if (!j) fail_msg("bad test JSON: %s", e.text);
    return j;
}

static core_jl_truth eval3(const char *rule, const char *data, json_t **missing) {
    json_t *r = facts(rule), *d = facts(data);
    core_jl_outcome o;
    core_jl_error err;
    if (core_jl_eval3(r, d, NULL, &o, &err) != WS_OK) fail_msg("%s failed: %s", rule, err.en);
    core_jl_truth t = o.truth;
    if (missing) *missing = json_incref(o.missing);
    core_jl_outcome_free(&o);
    json_decref(r);
    json_decref(d);
    return t;
}

static void assert_missing(json_t *missing, const char *expected) {
    json_t *want = facts(expected);
    if (!json_equal(missing, want)) {
        char *got = json_dumps(missing, 0);
        fail_msg("missing %s, expected %s", got, expected);
    }
    json_decref(want);
    json_decref(missing);
}

static const char *INCOME_RULE =
    "{\"<\": [{\"var\": \"household.income_per_capita\"}, {\"var\": \"params.dibao_urban_monthly\"}]}";

static void unknown_when_a_fact_is_missing(void **state) {
    json_t *m;
    assert_int_equal(eval3(INCOME_RULE, "{\"household\": {}, \"params\": {\"dibao_urban_monthly\": 1000}}", &m),
                     CORE_JL_UNKNOWN);
    assert_missing(m, "[\"household.income_per_capita\"]");
    /* null counts as missing; both missing facts are listed once each */
    assert_int_equal(eval3("{\"and\": [" "{\"<\": [{\"var\": \"household.income_per_capita\"}, 1000]},"
                           "{\">\": [{\"var\": \"household.income_per_capita\"}, {\"var\": \"household.size\"}]}]}",
                           "{\"household\": {\"income_per_capita\": null}}", &m),
                     CORE_JL_UNKNOWN);
    assert_missing(m, "[\"household.income_per_capita\", \"household.size\"]");
    assert_int_equal(eval3(INCOME_RULE, "{\"household\": {\"income_per_capita\": 820.5}, \"params\": {\"dibao_urban_monthly\": 1000}}", &m),
                     CORE_JL_TRUE);
    assert_missing(m, "[]");
    assert_int_equal(eval3(INCOME_RULE, "{\"household\": {\"income_per_capita\": 1820}, \"params\": {\"dibao_urban_monthly\": 1000}}", NULL),
                     CORE_JL_FALSE);
    /* a default makes a missing fact known */
    assert_int_equal(eval3("{\"<\": [{\"var\": [\"household.income_per_capita\", 0]}, 1]}", "{}", NULL), CORE_JL_TRUE);
    /* a whole missing group: the path asked for is reported */
    assert_int_equal(eval3("{\"==\": [{\"var\": \"assessment.I07\"}, 2]}", "{\"household\": {}}", &m), CORE_JL_UNKNOWN);
    assert_missing(m, "[\"assessment.I07\"]");
}

static void kleene_logic(void **state) {
    const char *d = "{\"a\": true, \"f\": false}";
    assert_int_equal(eval3("{\"and\": [{\"var\": \"f\"}, {\"var\": \"x\"}]}", d, NULL), CORE_JL_FALSE);
    assert_int_equal(eval3("{\"and\": [{\"var\": \"x\"}, {\"var\": \"f\"}]}", d, NULL), CORE_JL_FALSE);
    assert_int_equal(eval3("{\"and\": [{\"var\": \"a\"}, {\"var\": \"x\"}]}", d, NULL), CORE_JL_UNKNOWN);
    assert_int_equal(eval3("{\"or\": [{\"var\": \"x\"}, {\"var\": \"a\"}]}", d, NULL), CORE_JL_TRUE);
    assert_int_equal(eval3("{\"or\": [{\"var\": \"x\"}, {\"var\": \"f\"}]}", d, NULL), CORE_JL_UNKNOWN);
    assert_int_equal(eval3("{\"!\": [{\"var\": \"x\"}]}", d, NULL), CORE_JL_UNKNOWN);
    assert_int_equal(eval3("{\"!!\": [{\"var\": \"x\"}]}", d, NULL), CORE_JL_UNKNOWN);
    assert_int_equal(eval3("{\"!\": [{\"var\": \"f\"}]}", d, NULL), CORE_JL_TRUE);
    /* comparison and arithmetic with an unknown operand; a chain decided by a known false pair */
    assert_int_equal(eval3("{\">\": [{\"+\": [{\"var\": \"x\"}, 1]}, 0]}", d, NULL), CORE_JL_UNKNOWN);
    assert_int_equal(eval3("{\"<\": [5, 1, {\"var\": \"x\"}]}", d, NULL), CORE_JL_FALSE);
    assert_int_equal(eval3("{\"<\": [1, {\"var\": \"x\"}, 5]}", d, NULL), CORE_JL_UNKNOWN);
    /* if: an unknown condition with branches that agree is known; otherwise unknown */
    assert_int_equal(eval3("{\"if\": [{\"var\": \"x\"}, true, true]}", d, NULL), CORE_JL_TRUE);
    assert_int_equal(eval3("{\"if\": [{\"var\": \"x\"}, true, false]}", d, NULL), CORE_JL_UNKNOWN);
    assert_int_equal(eval3("{\"if\": [{\"var\": \"f\"}, {\"var\": \"x\"}, false]}", d, NULL), CORE_JL_FALSE);
    /* in with an unknown needle */
    assert_int_equal(eval3("{\"in\": [{\"var\": \"x\"}, [\"a\"]]}", d, NULL), CORE_JL_UNKNOWN);
}

static const char *MEMBERS =
    "{\"members\": [{\"age\": 40, \"in_school\": \"none\"}, {\"age\": 83}, {\"age\": 9, \"in_school\": \"primary\"}]}";

static void members_three_valued(void **state) {
    json_t *m;
    /* some: one member decides true although another is unknown */
    assert_int_equal(eval3("{\"some\": [{\"var\": \"members\"}, {\">=\": [{\"var\": \"age\"}, 80]}]}", MEMBERS, NULL),
                     CORE_JL_TRUE);
    /* some: no member true and one unknown: unknown, and the member's fact is named with its index */
    assert_int_equal(eval3("{\"some\": [{\"var\": \"members\"}, {\"==\": [{\"var\": \"in_school\"}, \"college\"]}]}",
                           MEMBERS, &m),
                     CORE_JL_UNKNOWN);
    assert_missing(m, "[\"members.1.in_school\"]");
    /* all: a known false decides; none: a known true decides */
    assert_int_equal(eval3("{\"all\": [{\"var\": \"members\"}, {\"==\": [{\"var\": \"in_school\"}, \"none\"]}]}", MEMBERS, NULL),
                     CORE_JL_FALSE);
    assert_int_equal(eval3("{\"all\": [{\"var\": \"members\"}, {\"!=\": [{\"var\": \"in_school\"}, \"college\"]}]}", MEMBERS, NULL),
                     CORE_JL_UNKNOWN);
    assert_int_equal(eval3("{\"none\": [{\"var\": \"members\"}, {\"==\": [{\"var\": \"in_school\"}, \"primary\"]}]}", MEMBERS, NULL),
                     CORE_JL_FALSE);
    /* an absent array is unknown, not an error */
    assert_int_equal(eval3("{\"some\": [{\"var\": \"members\"}, {\">=\": [{\"var\": \"age\"}, 80]}]}", "{}", &m),
                     CORE_JL_UNKNOWN);
    assert_missing(m, "[\"members\"]");
    /* counting with filter: unknown when an element's test is unknown */
    assert_int_equal(eval3("{\">=\": [{\"reduce\": [{\"filter\": [{\"var\": \"members\"}, {\"<\": [{\"var\": \"age\"}, 18]}]},"
                           "{\"+\": [{\"var\": \"accumulator\"}, 1]}, 0]}, 1]}", MEMBERS, NULL),
                     CORE_JL_TRUE);
}

static void limits(void **state) {
    char rule[2048] = "";
    for (int i = 0; i < 80; i++) strcat(rule, "{\"!\": [");
    strcat(rule, "true");
    for (int i = 0; i < 80; i++) strcat(rule, "]}");
    json_t *r = facts(rule), *res = NULL;
    core_jl_error err;
    assert_int_equal(core_jl_apply(r, NULL, &res, &err), WS_ERR_LIMIT);
    assert_string_equal(err.type, "Limit");
    assert_null(res);
    json_decref(r);
    /* work: a map over a big array */
    json_t *big = json_array();
    for (int i = 0; i < 400000; i++) json_array_append_new(big, json_integer(i));
    json_t *data = json_pack("{s:o}", "a", big);
    r = facts("{\"map\": [{\"var\": \"a\"}, {\"+\": [{\"var\": \"\"}, 1]}]}");
    assert_int_equal(core_jl_apply(r, data, &res, &err), WS_ERR_LIMIT);
    assert_non_null(strstr(err.zh, "计算量"));
    json_decref(r);
    json_decref(data);
    /* memory: a reduce over 40 elements that merges its accumulator with itself would make 2^40 */
    char range[512] = "[0";
    for (int i = 1; i < 40; i++) snprintf(range + strlen(range), sizeof range - strlen(range), ",%d", i);
    char bomb[1024];
    snprintf(bomb, sizeof bomb, "{\"reduce\": [%s], {\"merge\": [{\"var\": \"accumulator\"}, {\"var\": \"accumulator\"}]}, [1]]}",
             range);
    r = facts(bomb);
    assert_int_equal(core_jl_apply(r, NULL, &res, &err), WS_ERR_LIMIT);
    assert_string_equal(err.type, "Limit");
    json_decref(r);
}

/* A small vocabulary for the checker: the household's income, the members' age, params. */
static bool known(const char *path, void *ctx) {
    static const char *const KNOWN[] = {"", "household.income_per_capita", "members", "members.age",
                                        "params.dibao_urban_monthly", "benefits"};
    (void)ctx;
    for (size_t i = 0; i < sizeof KNOWN / sizeof KNOWN[0]; i++)
        if (strcmp(path, KNOWN[i]) == 0) return true;
    return strcmp(path, "members.0.age") == 0;
}

static void expect_refused(const char *rule, const char *type, const char *needle) {
    json_t *r = facts(rule);
    core_jl_error err;
    if (core_jl_check(r, known, NULL, &err) != WS_ERR_INVALID) fail_msg("accepted %s", rule);
    if (strcmp(err.type, type) != 0) fail_msg("%s: %s instead of %s", rule, err.type, type);
    if (needle && !strstr(err.zh, needle) && !strstr(err.en, needle)) fail_msg("%s: message %s lacks %s", rule, err.zh, needle);
    assert_true(err.zh[0] && err.en[0]);
    json_decref(r);
}

static void validation(void **state) {
    const char *good[] = {
        INCOME_RULE,
        "{\"some\": [{\"var\": \"members\"}, {\">=\": [{\"var\": \"age\"}, 80]}]}",
        "{\">=\": [{\"var\": \"members.0.age\"}, 80]}",
        "{\"in\": [\"P-DIBAO\", {\"var\": \"benefits\"}]}",
        "{\"reduce\": [{\"var\": \"members\"}, {\"+\": [{\"var\": \"accumulator\"}, {\"var\": \"current.age\"}]}, 0]}",
        "true",
        "{\"missing\": [\"household.income_per_capita\"]}",
        "{\"missing_some\": [1, [\"household.income_per_capita\", \"benefits\"]]}",
        "{\"some\": [{\"var\": \"members\"}, {\"missing\": \"age\"}]}",
        "{\"missing\": [[\"household.income_per_capita\", \"benefits\"]]}",
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        json_t *r = facts(good[i]);
        core_jl_error err;
        if (core_jl_check(r, known, NULL, &err) != WS_OK) fail_msg("refused %s: %s", good[i], err.en);
        json_decref(r);
    }
    expect_refused("{\"<\": [{\"var\": \"household.incme\"}, 1]}", "Unknown Fact", "household.incme");
    expect_refused("{\"some\": [{\"var\": \"members\"}, {\">=\": [{\"var\": \"agee\"}, 80]}]}", "Unknown Fact", "members.agee");
    expect_refused("{\"eval\": [\"x\"]}", "Unknown Operator", "eval");
    /* facts named by missing and missing_some are checked like a var's */
    expect_refused("{\"missing\": [\"household.incme\"]}", "Unknown Fact", "household.incme");
    expect_refused("{\"missing\": \"record.x\"}", "Unknown Fact", "record.x");
    expect_refused("{\"missing\": [[\"benefits\", \"record.x\"]]}", "Unknown Fact", "record.x");
    expect_refused("{\"missing_some\": [1, [\"benefits\", \"household.incme\"]]}", "Unknown Fact", "household.incme");
    expect_refused("{\"some\": [{\"var\": \"members\"}, {\"missing\": \"agee\"}]}", "Unknown Fact", "members.agee");
    /* names computed by an expression cannot be checked: refused, as a computed var path is */
    expect_refused("{\"missing\": {\"if\": [true, \"household.nope\", \"\"]}}", "Not JsonLogic", "missing");
    expect_refused("{\"missing\": [{\"var\": \"household.income_per_capita\"}]}", "Not JsonLogic", "missing");
    expect_refused("{\"missing_some\": [1, {\"merge\": [\"record.nope\"]}]}", "Not JsonLogic", "missing");
    expect_refused("{\"missing\": [\"benefits\", [\"household.size\"]]}", "Not JsonLogic", "missing");
    expect_refused("{\"in\": [1]}", "Invalid Arguments", "in");
    expect_refused("{\"and\": true}", "Invalid Arguments", "and");
    expect_refused("{\"var\": {\"cat\": [\"house\", \"hold\"]}}", "Not JsonLogic", NULL);
    expect_refused("{\"<\": [1, 2], \">\": [1, 2]}", "Not JsonLogic", NULL);
    expect_refused("{\"map\": [null, {\"var\": \"\"}]}", "Invalid Arguments", "map");
}

static const char *label(const char *path, bool en, void *ctx) {
    (void)ctx;
    if (strcmp(path, "household.income_per_capita") == 0) return en ? "income per person per month" : "家庭人均月收入";
    if (strcmp(path, "params.dibao_urban_monthly") == 0) return en ? "urban dibao standard (monthly)" : "城市低保标准（月）";
    if (strcmp(path, "household.category") == 0) return en ? "category" : "类别";
    if (strncmp(path, "members", 7) == 0 && strstr(path, "age")) return en ? "member's age" : "成员年龄";
    if (strcmp(path, "members") == 0) return en ? "members" : "家庭成员";
    return NULL;
}

static const char *unit(const char *path, bool en) {
    if (strstr(path, "age")) return en ? "years" : "岁";
    if (strstr(path, "income") || strstr(path, "monthly")) return en ? "yuan" : "元";
    return NULL;
}

static const char *value_label(const char *path, const char *code, bool en) {
    if (strcmp(path, "household.category") != 0) return NULL;
    if (strcmp(code, "dibao") == 0) return en ? "dibao household" : "低保对象";
    if (strcmp(code, "tekun") == 0) return en ? "tekun person" : "特困人员";
    return NULL;
}

static const core_jl_labels LABELS = {label, unit, value_label, NULL};

/* The reasons of rule on data joined with " | " (zh or en). */
static char *reasons(const char *rule, const char *data, bool en, core_jl_truth *truth) {
    json_t *r = facts(rule), *d = facts(data);
    core_jl_outcome o;
    core_jl_error err;
    if (core_jl_eval3(r, d, &LABELS, &o, &err) != WS_OK) fail_msg("%s failed: %s", rule, err.en);
    static char buf[4096];
    size_t len = 0, i;
    json_t *x;
    buf[0] = '\0';
    json_array_foreach(o.reasons, i, x)
        len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", i ? " | " : "", json_string_value(json_object_get(x, en ? "en" : "zh")));
    *truth = o.truth;
    core_jl_outcome_free(&o);
    json_decref(r);
    json_decref(d);
    return buf;
}

static void expect_reason(const char *rule, const char *data, bool en, core_jl_truth truth, const char *expected) {
    core_jl_truth t;
    const char *got = reasons(rule, data, en, &t);
    if (t != truth) fail_msg("%s gave %s", rule, core_jl_truth_name(t));
    if (strcmp(got, expected) != 0) fail_msg("reasons \"%s\", expected \"%s\"", got, expected);
}

static void reasons_in_plain_words(void **state) {
    const char *poor = "{\"household\": {\"income_per_capita\": 820, \"category\": \"dibao\"}, \"params\": {\"dibao_urban_monthly\": 1000},"
                       "\"members\": [{\"age\": 40}, {\"age\": 83}]}";
    expect_reason(INCOME_RULE, poor, false, CORE_JL_TRUE, "家庭人均月收入 820 元，低于城市低保标准（月）1000 元");
    expect_reason(INCOME_RULE, poor, true, CORE_JL_TRUE,
                  "income per person per month 820 yuan, below urban dibao standard (monthly) 1000 yuan");
    expect_reason("{\"==\": [{\"var\": \"household.category\"}, \"dibao\"]}", poor, false, CORE_JL_TRUE, "类别为低保对象");
    expect_reason("{\"==\": [{\"var\": \"household.category\"}, \"tekun\"]}", poor, false, CORE_JL_FALSE,
                  "类别为低保对象，不是特困人员");
    expect_reason("{\"some\": [{\"var\": \"members\"}, {\">=\": [{\"var\": \"age\"}, 80]}]}", poor, false, CORE_JL_TRUE,
                  "家庭成员中第 2 项符合：成员年龄 83 岁，不低于80 岁");
    /* the oldest member's age, as the old-age allowance's rule takes it */
    expect_reason("{\">=\": [{\"reduce\": [{\"var\": \"members\"}, {\"max\": [{\"var\": \"current.age\"}, "
                  "{\"var\": \"accumulator\"}]}, 0]}, 80]}",
                  poor, false, CORE_JL_TRUE, "成员年龄的最大值 83，不低于80");
    /* a value that depends on a fact is named by its branches, with their unit */
    expect_reason("{\"<\": [{\"var\": \"household.income_per_capita\"}, {\"if\": [true, {\"var\": \"params.dibao_urban_monthly\"}, 500]}]}",
                  poor, false, CORE_JL_TRUE, "家庭人均月收入 820 元，低于城市低保标准（月）或500 1000 元");
    /* a failing and names only the failing conjunct; a holding and names each */
    const char *both = "{\"and\": [{\"==\": [{\"var\": \"household.category\"}, \"dibao\"]}, {\">\": [{\"var\": \"household.income_per_capita\"}, 900]}]}";
    expect_reason(both, poor, false, CORE_JL_FALSE, "家庭人均月收入 820 元，不高于900 元");
    const char *both_ok = "{\"and\": [{\"==\": [{\"var\": \"household.category\"}, \"dibao\"]}, {\">\": [{\"var\": \"household.income_per_capita\"}, 500]}]}";
    expect_reason(both_ok, poor, false, CORE_JL_TRUE, "类别为低保对象 | 家庭人均月收入 820 元，高于500 元");
    /* an or that holds names the true disjunct */
    const char *either = "{\"or\": [{\"==\": [{\"var\": \"household.category\"}, \"tekun\"]}, {\"<\": [{\"var\": \"household.income_per_capita\"}, 900]}]}";
    expect_reason(either, poor, false, CORE_JL_TRUE, "家庭人均月收入 820 元，低于900 元");
    /* unknown: what is missing */
    expect_reason(INCOME_RULE, "{\"params\": {\"dibao_urban_monthly\": 1000}}", false, CORE_JL_UNKNOWN,
                  "尚缺事实，无法判断：家庭人均月收入");
    expect_reason(INCOME_RULE, "{\"params\": {\"dibao_urban_monthly\": 1000}}", true, CORE_JL_UNKNOWN,
                  "Cannot tell without: income per person per month");
}

static void rulesets_and_frames(void **state) {
    core_jl_ruleset *rs = core_jl_ruleset_new();
    const char *rules[] = {INCOME_RULE, "{\"some\": [{\"var\": \"members\"}, {\">=\": [{\"var\": \"age\"}, 80]}]}",
                           "{\"!\": [{\"in\": [\"P-DIBAO\", {\"var\": \"benefits\"}]}]}"};
    for (size_t i = 0; i < 3; i++) {
        json_t *r = facts(rules[i]);
        size_t idx;
        core_jl_error err;
        assert_int_equal(core_jl_ruleset_add(rs, r, &idx, &err), WS_OK);
        assert_int_equal(idx, i);
        json_decref(r);
    }
    json_t *bad = facts("{\"nope\": 1}");
    size_t idx;
    core_jl_error err;
    assert_int_equal(core_jl_ruleset_add(rs, bad, &idx, &err), WS_ERR_INVALID);
    json_decref(bad);
    assert_int_equal(core_jl_ruleset_count(rs), 3);
    core_jl_frame *f = core_jl_frame_new(rs);
    json_t *h1 = facts("{\"household\": {\"income_per_capita\": 500}, \"params\": {\"dibao_urban_monthly\": 1000},"
                       "\"members\": [{\"age\": 85}], \"benefits\": [\"P-DIBAO\"]}");
    json_t *h2 = facts("{\"params\": {\"dibao_urban_monthly\": 1000}, \"members\": [{\"age\": 30}], \"benefits\": []}");
    core_jl_frame_load(f, h1);
    assert_int_equal(core_jl_ruleset_eval3(rs, 0, f, NULL, NULL, NULL), CORE_JL_TRUE);
    assert_int_equal(core_jl_ruleset_eval3(rs, 1, f, NULL, NULL, NULL), CORE_JL_TRUE);
    assert_int_equal(core_jl_ruleset_eval3(rs, 2, f, NULL, NULL, NULL), CORE_JL_FALSE);
    core_jl_frame_load(f, h2); /* the slots of the first household must not leak into the second */
    json_t *missing = json_array();
    bool failed = true;
    assert_int_equal(core_jl_ruleset_eval3(rs, 0, f, missing, &failed, &err), CORE_JL_UNKNOWN);
    assert_false(failed);
    assert_missing(missing, "[\"household.income_per_capita\"]");
    assert_int_equal(core_jl_ruleset_eval3(rs, 1, f, NULL, NULL, NULL), CORE_JL_FALSE);
    assert_int_equal(core_jl_ruleset_eval3(rs, 2, f, NULL, NULL, NULL), CORE_JL_TRUE);
    /* a rule that fails on the data says so */
    json_t *nan = facts("{\">\": [{\"var\": \"members\"}, 1]}");
    assert_int_equal(core_jl_ruleset_add(rs, nan, &idx, &err), WS_OK);
    json_decref(nan);
    core_jl_frame_load(f, h2);
    assert_int_equal(core_jl_ruleset_eval3(rs, idx, f, NULL, &failed, &err), CORE_JL_UNKNOWN);
    assert_true(failed);
    assert_string_equal(err.type, "NaN");
    core_jl_frame_free(f);
    core_jl_ruleset_free(rs);
    json_decref(h1);
    json_decref(h2);
}

int main(void) {
    static const char *const SUITES[] = {
        "compatible.json", "arithmetic/divide.json", "arithmetic/minus.json", "arithmetic/modulo.json",
        "arithmetic/multiply.json", "arithmetic/plus.json", "array/all.json", "array/filter.json", "array/map.json",
        "array/merge.json", "array/none.json", "array/reduce.json", "array/some.json",
        "comparison/greaterThan.json", "comparison/greaterThanEquals.json", "comparison/lessThan.json",
        "comparison/lessThanEquals.json", "comparison/softEquals.json", "comparison/softNotEquals.json",
        "comparison/strictEquals.json", "comparison/strictNotEquals.json", "control/and.json",
        "control/doublebang.json", "control/if.json", "control/not.json", "control/or.json", "string/cat.json",
        "string/in.json", "string/substr.json",
    };
    static const struct CMUnitTest own[] = {
        cmocka_unit_test(unknown_when_a_fact_is_missing),
        cmocka_unit_test(kleene_logic),
        cmocka_unit_test(members_three_valued),
        cmocka_unit_test(limits),
        cmocka_unit_test(validation),
        cmocka_unit_test(reasons_in_plain_words),
        cmocka_unit_test(rulesets_and_frames),
    };
    json_t *keep = json_array();
    suite_case *cases = NULL;
    size_t ncases = 0;
    char path[512];
    int failed = 0;
    if (unit_shared_path(path, sizeof path, "jsonlogic")) {
        for (size_t i = 0; i < sizeof SUITES / sizeof SUITES[0]; i++) {
            unit_shared_path(path, sizeof path, "jsonlogic");
            strcat(path, "/");
            strcat(path, SUITES[i]);
            if (load_suite(path, SUITES[i], keep, &cases, &ncases) < 0) failed++;
        }
    }
    struct CMUnitTest *tests = calloc(ncases + 1, sizeof *tests);
    for (size_t i = 0; i < ncases; i++)
        tests[i] = (struct CMUnitTest){.name = cases[i].name, .test_func = run_suite_case, .initial_state = &cases[i]};
    if (ncases) failed += _cmocka_run_group_tests("jsonlogic conformance", tests, ncases, NULL, NULL);
    failed += cmocka_run_group_tests(own, NULL, NULL);
    free(tests);
    free(cases);
    json_decref(keep);
    return failed;
}
