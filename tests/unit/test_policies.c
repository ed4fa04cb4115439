/*
** test_policies.c: the policy catalog: its vocabulary and checks (core/policy.h), the default catalog
** (seed_policies.c: enough policies and departments, every rule valid JsonLogic over known facts, every
** parameter and exclusion real), and its store on a fresh database (store/policies.h): filters, a policy
** written and read back, exclusions, the rules export, and city parameters by effective date.
*/
#include "unit_db.h"

#include "../../src/core/facts.h"
#include "../../src/core/jsonlogic.h"
#include "../../src/core/policy.h"
#include "../../src/store/policies.h"
#include "../../src/store/seed.h"

#include <jansson.h>

static int setup(void **state) { return unit_db_setup(state); }
static int teardown(void **state) { return unit_db_teardown(state); }

/* The code of the first field error named field, or NULL. */
static const char *err_code(const core_fielderrs *errs, const char *field) {
    for (size_t i = 0; i < errs->count; i++)
        if (strcmp(errs->items[i].field, field) == 0) return errs->items[i].code;
    return NULL;
}

static void expect_err(const core_fielderrs *errs, const char *field, const char *code) {
    const char *got = err_code(errs, field);
    if (!got || strcmp(got, code) != 0) fail_msg("%s: error %s, want %s", field, got ? got : "(none)", code);
}

/* ---- core ---------------------------------------------------------------------------------------------- */

static void codes_and_terms(void **state) {
    assert_true(core_policy_code_valid("P-DIBAO"));
    assert_true(core_policy_code_valid("P-EDU-COLLEGE2"));
    assert_false(core_policy_code_valid("p-dibao"));
    assert_false(core_policy_code_valid("P-"));
    assert_false(core_policy_code_valid("P DIBAO"));
    assert_false(core_policy_code_valid("P-ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"));
    assert_true(core_param_name_valid("dibao_urban_monthly"));
    assert_false(core_param_name_valid("Dibao"));
    assert_false(core_param_name_valid("dibao-urban"));
    size_t n;
    const core_policy_term *types = core_assistance_types(&n);
    assert_int_equal(n, 10); /* the national eight, social forces, special subsidies */
    assert_string_equal(core_policy_term_find(types, n, "temporary")->zh, "临时救助");
    assert_null(core_policy_term_find(types, n, "charity"));
    const core_policy_term *groups = core_target_groups(&n);
    assert_string_equal(core_policy_term_find(groups, n, "dibao_edge")->zh, "低保边缘家庭");
}

static core_policy valid_policy(void) {
    return (core_policy){.code = "P-TEST", .name_zh = "测试政策", .department = "MZ", .type = "temporary",
                         .targets = {"elderly"}, .benefit_kind = "amount", .benefit_amount_fen = 50000,
                         .rule = "{\">=\":[{\"var\":\"household.size\"},2]}"};
}

static void policy_form(void **state) {
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    core_policy p = valid_policy();
    assert_true(core_policy_check(&p, &errs));

    p = (core_policy){.code = "bad code", .type = "charity", .targets = {"elderly", "nobody", "elderly"},
                      .benefit_kind = "rate", .benefit_amount_fen = 100, .valid_from = "2025-02-30",
                      .rule = "{\"var\":\"household.size\"}"};
    assert_false(core_policy_check(&p, &errs));
    expect_err(&errs, "code", "code_invalid");
    expect_err(&errs, "name_zh", "required");
    expect_err(&errs, "assistance_type", "unknown_type");
    expect_err(&errs, "target_groups[1]", "unknown_target");
    expect_err(&errs, "target_groups[2]", "duplicate");
    expect_err(&errs, "benefit_amount_fen", "bad_amount");
    expect_err(&errs, "valid_from", "bad_date");
    core_fielderrs_clear(&errs);

    p = valid_policy();
    p.valid_from = "2025-01-01";
    p.valid_to = "2024-12-31";
    p.benefit_parameter = "elderly_allowance_monthly"; /* with a fixed amount too */
    assert_false(core_policy_check(&p, &errs));
    expect_err(&errs, "valid_to", "bad_date");
    expect_err(&errs, "benefit_parameter", "bad_amount");
    core_fielderrs_free(&errs);
}

static void rule_checks(void **state) {
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    json_t *parsed = NULL;
    assert_true(core_policy_check_rule("{\"<\":[{\"var\":\"household.income_per_capita\"},"
                                       "{\"var\":\"params.dibao_urban_monthly\"}]}", "rule", &parsed, &errs));
    assert_true(json_is_object(parsed));
    json_decref(parsed);
    assert_false(core_policy_check_rule("{\"<\":[1,", "rule", NULL, &errs));
    expect_err(&errs, "rule", "rule_json");
    core_fielderrs_clear(&errs);
    assert_false(core_policy_check_rule("{\"eval\":[\"1+1\"]}", "rule", NULL, &errs));
    expect_err(&errs, "rule", "rule_invalid");
    core_fielderrs_clear(&errs);
    assert_false(core_policy_check_rule("{\"<\":[{\"var\":\"household.incom\"},1]}", "rule", NULL, &errs));
    expect_err(&errs, "rule", "rule_unknown_fact");
    assert_non_null(strstr(errs.items[0].zh, "household.incom")); /* the message names the fact */
    assert_non_null(strstr(errs.items[0].en, "household.incom"));
    core_fielderrs_clear(&errs);
    assert_false(core_policy_check_rule("", "rules.P-X", NULL, &errs));
    expect_err(&errs, "rules.P-X", "required");
    core_fielderrs_free(&errs);
}

/* Regression (break-it 5, M3): a policy's rule is one JsonLogic expression object, and compares no coded
** fact with a number nor a number fact with a text. */
static void policy_rule_checks(void **state) {
    static const char *const NOT_TEST[] = {"\"abc\"", "\"{not json\"", "1", "[1]", "true", "null"};
    static const char *const MISMATCH[] = {
        "{\"==\":[{\"var\":\"household.housing\"},1]}",
        "{\"<\":[{\"var\":\"household.category\"},5]}",
        "{\"and\":[true,{\"!=\":[3,{\"var\":[\"household.category\",\"x\"]}]}]}",
        "{\">=\":[{\"var\":\"household.income_per_capita\"},\"800\"]}",
        "{\"some\":[{\"var\":\"members\"},{\"<\":[{\"var\":\"age\"},\"18\"]}]}",
        "{\"<=\":[0,{\"var\":\"household.size\"},\"9\"]}",
    };
    static const char *const FINE[] = {
        "{\"==\":[{\"var\":\"household.category\"},\"dibao\"]}",
        "{\"some\":[{\"var\":\"members\"},{\"<\":[{\"var\":\"age\"},18]}]}",
        "{\"in\":[{\"var\":\"household.housing\"},[\"unsafe_c\",\"unsafe_d\"]]}",
        "{\"<\":[{\"var\":\"household.income_per_capita\"},{\"var\":\"params.dibao_urban_monthly\"}]}",
        "{\"var\":\"household.urban\"}",
    };
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    for (size_t i = 0; i < sizeof NOT_TEST / sizeof *NOT_TEST; i++) {
        if (core_policy_check_policy_rule(NOT_TEST[i], "rule", &errs)) fail_msg("accepted %s", NOT_TEST[i]);
        expect_err(&errs, "rule", "rule_not_test");
        core_fielderrs_clear(&errs);
    }
    for (size_t i = 0; i < sizeof MISMATCH / sizeof *MISMATCH; i++) {
        if (core_policy_check_policy_rule(MISMATCH[i], "rule", &errs)) fail_msg("accepted %s", MISMATCH[i]);
        expect_err(&errs, "rule", "rule_type_mismatch");
        core_fielderrs_clear(&errs);
    }
    for (size_t i = 0; i < sizeof FINE / sizeof *FINE; i++)
        if (!core_policy_check_policy_rule(FINE[i], "rule", &errs))
            fail_msg("refused %s: %s", FINE[i], errs.items[0].en);
    /* no operator, or two: refused (as JsonLogic already) */
    assert_false(core_policy_check_policy_rule("{}", "rule", &errs));
    assert_false(core_policy_check_policy_rule("{\"==\":[1,1],\"!=\":[1,2]}", "rule", &errs));
    core_fielderrs_clear(&errs);
    /* the other checks come first */
    assert_false(core_policy_check_policy_rule("{\"<\":[1,", "rule", &errs));
    expect_err(&errs, "rule", "rule_json");
    core_fielderrs_free(&errs);
}

/* Regression (break-it 5, M5): a parameter value stays within its unit's sane range. */
static void parameter_ranges(void **state) {
    static const struct { const char *unit; double ok, bad; } CASES[] = {
        {"fen", 100000000, 100000001}, {"multiple", 100, 100.5}, {"years", 150, 151},
        {"percent", 100, 101}, {"count", 1000, 1001}, {"months", 1800, 1801},
    };
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    char out[32];
    for (size_t i = 0; i < sizeof CASES / sizeof *CASES; i++) {
        json_t *v = json_real(CASES[i].ok);
        if (!core_param_value_check(v, CASES[i].unit, out, sizeof out, &errs)) fail_msg("%s %g refused", CASES[i].unit, CASES[i].ok);
        json_decref(v);
        v = json_real(CASES[i].bad);
        if (core_param_value_check(v, CASES[i].unit, out, sizeof out, &errs)) fail_msg("%s %g accepted", CASES[i].unit, CASES[i].bad);
        expect_err(&errs, "value", "value_out_of_range");
        core_fielderrs_clear(&errs);
        json_decref(v);
    }
    core_fielderrs_free(&errs);
}

static void parameter_values(void **state) {
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    char out[32];
    json_t *v = json_integer(106500);
    assert_true(core_param_value_check(v, "fen", out, sizeof out, &errs));
    assert_string_equal(out, "106500");
    json_decref(v);
    v = json_real(1.5);
    assert_true(core_param_value_check(v, "multiple", out, sizeof out, &errs));
    assert_string_equal(out, "1.5");
    assert_false(core_param_value_check(v, "fen", out, sizeof out, &errs)); /* fen are whole */
    expect_err(&errs, "value", "bad_value");
    json_decref(v);
    v = json_integer(-1);
    assert_false(core_param_value_check(v, "years", out, sizeof out, &errs));
    json_decref(v);
    v = json_string("80");
    assert_false(core_param_value_check(v, "years", out, sizeof out, &errs));
    json_decref(v);
    core_fielderrs_free(&errs);

    v = core_param_fact_value("82050", "fen"); /* fen become yuan for rules */
    assert_true(json_is_real(v));
    assert_true(json_real_value(v) == 820.5);
    json_decref(v);
    v = core_param_fact_value("100000", "fen");
    assert_int_equal(json_integer_value(v), 1000);
    json_decref(v);
    v = core_param_fact_value("1.5", "multiple");
    assert_true(json_real_value(v) == 1.5);
    json_decref(v);
    assert_null(core_param_fact_value("1.5x", "multiple"));
}

/* ---- the default catalog ------------------------------------------------------------------------------- */

static bool seed_parameter(const char *name) {
    for (size_t i = 0; i < store_seed_parameters_count; i++)
        if (strcmp(store_seed_parameters[i].name, name) == 0) return true;
    return false;
}

static bool seed_policy(const char *code) {
    for (size_t i = 0; i < store_seed_catalog_count; i++)
        if (strcmp(store_seed_catalog[i].code, code) == 0) return true;
    return false;
}

static void default_catalog(void **state) {
    assert_true(store_seed_catalog_count >= 40);
    const char *departments[64];
    size_t ndep = 0;
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    for (size_t i = 0; i < store_seed_catalog_count; i++) {
        const core_policy *p = &store_seed_catalog[i];
        if (!core_policy_check(p, &errs))
            fail_msg("%s: %s %s (%s)", p->code, errs.items[0].field, errs.items[0].code, errs.items[0].en);
        assert_true(p->legal_basis && *p->legal_basis && p->how_to_apply && *p->how_to_apply);
        assert_true(p->documents && *p->documents && p->benefit_text && *p->benefit_text);
        if (p->benefit_parameter && !seed_parameter(p->benefit_parameter))
            fail_msg("%s: benefit parameter %s has no value", p->code, p->benefit_parameter);
        for (size_t j = 0; j < i; j++)
            if (strcmp(store_seed_catalog[j].code, p->code) == 0) fail_msg("%s twice", p->code);
        bool known = false, seen = false;
        for (size_t j = 0; j < store_seed_departments_count; j++) known |= strcmp(store_seed_departments[j].code, p->department) == 0;
        if (!known) fail_msg("%s: department %s", p->code, p->department);
        for (size_t j = 0; j < ndep; j++) seen |= strcmp(departments[j], p->department) == 0;
        if (!seen) departments[ndep++] = p->department;
    }
    assert_true(ndep >= 15);
    for (size_t i = 0; i < store_seed_exclusions_count; i++)
        assert_true(seed_policy(store_seed_exclusions[i].a) && seed_policy(store_seed_exclusions[i].b));
    for (size_t i = 0; i < store_seed_parameters_count; i++) {
        char path[80];
        snprintf(path, sizeof path, "params.%s", store_seed_parameters[i].name);
        if (!core_fact_find(path)) fail_msg("parameter %s is not in the fact vocabulary", store_seed_parameters[i].name);
        assert_non_null(strstr(store_seed_parameters[i].note, "示例值"));
    }
    core_fielderrs_free(&errs);
}

/* docs/policies.md describes the seed: a row per policy with its code, name, department and legal basis, and
** a row per parameter. */
static void docs_match_seed(void **state) {
    FILE *fp = fopen("docs/policies.md", "r");
    if (!fp) fail_msg("docs/policies.md: cannot open (run from the project root)");
    static char doc[1 << 17];
    size_t n = fread(doc, 1, sizeof doc - 1, fp);
    fclose(fp);
    doc[n] = '\0';
    for (size_t i = 0; i < store_seed_catalog_count; i++) {
        const core_policy *p = &store_seed_catalog[i];
        char head[128];
        snprintf(head, sizeof head, "| `%s` | %s |", p->code, p->name_zh);
        const char *row = strstr(doc, head);
        if (!row) fail_msg("docs/policies.md has no row for %s %s", p->code, p->name_zh);
        const char *end = strchr(row, '\n');
        const char *basis = strstr(row, p->legal_basis);
        if (!basis || basis > end) fail_msg("docs/policies.md: the legal basis of %s differs", p->code);
    }
    for (size_t i = 0; i < store_seed_parameters_count; i++) {
        char cell[80];
        snprintf(cell, sizeof cell, "| `%s` |", store_seed_parameters[i].name);
        if (!strstr(doc, cell)) fail_msg("docs/policies.md has no row for parameter %s", store_seed_parameters[i].name);
    }
}

/* The truth of the seeded rule of code against facts (JSON text). */
static core_jl_truth seed_truth(const char *code, const char *facts_text, json_t **missing) {
    const core_policy *p = NULL;
    for (size_t i = 0; i < store_seed_catalog_count && !p; i++)
        if (strcmp(store_seed_catalog[i].code, code) == 0) p = &store_seed_catalog[i];
    assert_non_null(p);
    json_t *rule = json_loads(p->rule, JSON_DECODE_ANY, NULL), *facts = json_loads(facts_text, 0, NULL);
    assert_non_null(rule);
    assert_non_null(facts);
    core_jl_outcome o;
    core_jl_error err;
    if (core_jl_eval3(rule, facts, NULL, &o, &err) != WS_OK) fail_msg("%s: %s", code, err.en);
    core_jl_truth t = o.truth;
    if (missing) *missing = json_incref(o.missing);
    core_jl_outcome_free(&o);
    json_decref(rule);
    json_decref(facts);
    return t;
}

#define PARAMS "\"params\":{\"dibao_urban_monthly\":1000,\"dibao_rural_monthly\":800,\"dibao_assets_months\":24," \
               "\"dibao_edge_multiple\":1.5,\"elderly_allowance_age\":80}"

static void seed_rules_decide(void **state) {
    /* an urban household below the urban standard, with few assets: dibao, not the edge */
    const char *poor = "{\"household\":{\"urban\":true,\"income_per_capita\":820.5,\"assets_per_capita\":3000}," PARAMS "}";
    assert_int_equal(seed_truth("P-DIBAO", poor, NULL), CORE_JL_TRUE);
    assert_int_equal(seed_truth("P-DIBAO-EDGE", poor, NULL), CORE_JL_FALSE);
    /* the same income in a rural town is above the rural standard, within 1.5 times it */
    const char *rural = "{\"household\":{\"urban\":false,\"income_per_capita\":820.5,\"assets_per_capita\":3000}," PARAMS "}";
    assert_int_equal(seed_truth("P-DIBAO", rural, NULL), CORE_JL_FALSE);
    assert_int_equal(seed_truth("P-DIBAO-EDGE", rural, NULL), CORE_JL_TRUE);
    /* no declared income: unknown, and the income is the fact to ask for */
    json_t *missing;
    const char *unknown = "{\"household\":{\"urban\":true,\"assets_per_capita\":0}," PARAMS "}";
    assert_int_equal(seed_truth("P-DIBAO", unknown, &missing), CORE_JL_UNKNOWN);
    assert_int_equal(json_array_size(missing), 1);
    assert_string_equal(json_string_value(json_array_get(missing, 0)), "household.income_per_capita");
    json_decref(missing);
    /* the old-age allowance reads the age from the parameter */
    const char *old = "{\"members\":[{\"age\":45},{\"age\":83}]," PARAMS "}";
    assert_int_equal(seed_truth("P-ELDERLY", old, NULL), CORE_JL_TRUE);
    const char *young = "{\"members\":[{\"age\":45},{\"age\":79}]," PARAMS "}";
    assert_int_equal(seed_truth("P-ELDERLY", young, NULL), CORE_JL_FALSE);
    /* a severely disabled member is enough for the care subsidy; a mild one is not */
    assert_int_equal(seed_truth("P-DIS-CARE", "{\"members\":[{\"disability_grade\":2}]}", NULL), CORE_JL_TRUE);
    assert_int_equal(seed_truth("P-DIS-CARE", "{\"members\":[{\"disability_grade\":4}]}", NULL), CORE_JL_FALSE);
    /* a rural dibao household in a C-grade unsafe house */
    assert_int_equal(seed_truth("P-HOUSING-RURAL",
                                "{\"household\":{\"urban\":false,\"housing\":\"unsafe_c\",\"category\":\"dibao\"}}", NULL),
                     CORE_JL_TRUE);
    assert_int_equal(seed_truth("P-HOUSING-RURAL",
                                "{\"household\":{\"urban\":false,\"housing\":\"safe\",\"category\":\"dibao\"}}", NULL),
                     CORE_JL_FALSE);
}

/* ---- the store ----------------------------------------------------------------------------------------- */

static void seeded_store(void **state) {
    unit_db *f = *state;
    store_conn *c = store_read_acquire(f->db);
    json_t *deps, *items;
    int64_t total;
    assert_int_equal(store_departments_json(c, &deps), WS_OK);
    assert_int_equal(json_array_size(deps), store_seed_departments_count);
    json_decref(deps);
    assert_true(store_department_exists(c, "YB"));
    assert_false(store_department_exists(c, "XX"));

    store_policy_query q = {.limit = 200};
    assert_int_equal(store_policies_list(c, &q, &items, &total), WS_OK);
    assert_int_equal(total, (int64_t)store_seed_catalog_count);
    json_decref(items);
    q = (store_policy_query){.department = "YB", .limit = 200};
    assert_int_equal(store_policies_list(c, &q, &items, &total), WS_OK);
    assert_int_equal(total, 3);
    json_decref(items);
    q = (store_policy_query){.target = "orphans", .type = "subsidy", .limit = 200};
    assert_int_equal(store_policies_list(c, &q, &items, &total), WS_OK);
    assert_int_equal(total, 2); /* P-ORPHAN and P-FGW-PRICE */
    json_decref(items);
    q = (store_policy_query){.q = "医疗救助", .limit = 1};
    assert_int_equal(store_policies_list(c, &q, &items, &total), WS_OK);
    assert_true(total >= 2);
    assert_int_equal(json_array_size(items), 1);
    json_decref(items);

    int64_t id;
    json_t *p;
    assert_int_equal(store_policy_id(c, "P-DIBAO", &id), WS_OK);
    assert_int_equal(store_policy_json(c, id, &p), WS_OK);
    assert_string_equal(json_string_value(json_object_get(p, "department_name")), "市民政局");
    assert_string_equal(json_string_value(json_object_get(p, "assistance_type_zh")), "最低生活保障");
    assert_true(json_is_object(json_object_get(p, "rule")));
    json_t *ex = json_object_get(p, "excludes");
    assert_int_equal(json_array_size(ex), 2);
    assert_string_equal(json_string_value(json_array_get(ex, 0)), "P-DIBAO-EDGE");
    assert_string_equal(json_string_value(json_array_get(ex, 1)), "P-TEKUN");
    json_decref(p);
    assert_int_equal(store_policy_json(c, 999999, &p), WS_ERR_NOTFOUND);
    assert_int_equal(store_policy_id(c, "P-NONE", &id), WS_ERR_NOTFOUND);

    /* the tax relief for starting a business is valid 2023–2027 only */
    json_t *in_force;
    assert_int_equal(store_policies_in_force(c, "2026-06-01", &in_force), WS_OK);
    size_t during = json_array_size(in_force);
    json_decref(in_force);
    assert_int_equal(store_policies_in_force(c, "2028-01-01", &in_force), WS_OK);
    assert_int_equal(json_array_size(in_force), during - 1);
    json_decref(in_force);
    store_read_release(c);
}

static double param_at(store_conn *c, const char *date, const char *name) {
    json_t *params;
    assert_int_equal(store_params_in_force(c, date, &params), WS_OK);
    json_t *v = json_object_get(params, name);
    double d = v ? json_number_value(v) : -1;
    json_decref(params);
    return d;
}

static void parameters_by_date(void **state) {
    unit_db *f = *state;
    store_conn *c = store_read_acquire(f->db);
    assert_true(param_at(c, "2023-06-30", "dibao_urban_monthly") == -1); /* before the first value */
    assert_true(param_at(c, "2023-07-01", "dibao_urban_monthly") == 950);
    assert_true(param_at(c, "2024-06-30", "dibao_urban_monthly") == 950);
    assert_true(param_at(c, "2024-07-01", "dibao_urban_monthly") == 1000);
    assert_true(param_at(c, "2026-12-04", "dibao_urban_monthly") == 1065);
    assert_true(param_at(c, "2026-12-04", "dibao_rural_monthly") == 852);
    assert_true(param_at(c, "2026-12-04", "dibao_edge_multiple") == 1.5);
    json_t *items, *hist;
    assert_int_equal(store_parameters_json(c, "2026-12-04", &items), WS_OK);
    json_t *first = json_array_get(items, 0);
    assert_non_null(json_object_get(first, "label_zh"));
    json_decref(items);
    assert_int_equal(store_parameter_history(c, "dibao_urban_monthly", &hist), WS_OK);
    json_t *h = json_object_get(hist, "history");
    assert_int_equal(json_array_size(h), 3);
    assert_string_equal(json_string_value(json_object_get(json_array_get(h, 0), "effective_from")), "2025-07-01");
    assert_string_equal(json_string_value(json_object_get(hist, "label_zh")), "城市低保标准（月）");
    json_decref(hist);
    assert_int_equal(store_parameter_history(c, "no_such", &hist), WS_ERR_NOTFOUND);
    store_read_release(c);

    /* a new standard from a later date takes over from that date only; a date taken is a conflict */
    store_conn *w;
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    store_parameter p = {.name = "dibao_urban_monthly", .value = "110000", .unit = "fen",
                         .effective_from = "2026-07-01", .note = ""};
    assert_int_equal(store_parameter_insert(w, &p), WS_OK);
    assert_int_equal(store_parameter_insert(w, &p), WS_ERR_CONFLICT);
    assert_int_equal(store_write_commit(w), WS_OK);
    c = store_read_acquire(f->db);
    assert_true(param_at(c, "2026-06-30", "dibao_urban_monthly") == 1065);
    assert_true(param_at(c, "2026-07-01", "dibao_urban_monthly") == 1100);
    char unit[16];
    assert_int_equal(store_parameter_unit(c, "dibao_edge_multiple", unit), WS_OK);
    assert_string_equal(unit, "multiple");
    store_read_release(c);
}

static void write_policy_and_rules(void **state) {
    unit_db *f = *state;
    store_conn *w;
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    core_policy p = valid_policy();
    int64_t id, other;
    assert_int_equal(store_policy_insert(w, &p, &id), WS_OK);
    assert_int_equal(store_policy_insert(w, &p, &other), WS_ERR_CONFLICT);
    const char *ex[] = {"P-TEMP", "P-DISASTER"};
    assert_int_equal(store_policy_exclusions_set(w, "P-TEST", ex, 2), WS_OK);
    const char *bad[] = {"P-NONE"};
    assert_int_equal(store_policy_exclusions_set(w, "P-TEST", bad, 1), WS_ERR_NOTFOUND);
    p.name_zh = "测试政策（修订）";
    p.inactive = true;
    assert_int_equal(store_policy_update(w, id, &p), WS_OK);
    p.code = "P-OTHER"; /* the code never changes */
    assert_int_equal(store_policy_update(w, id, &p), WS_ERR_NOTFOUND);
    assert_int_equal(store_policy_set_rule(w, "P-TEST", "{\"==\":[{\"var\":\"household.size\"},1]}"), WS_OK);
    assert_int_equal(store_policy_set_rule(w, "P-NONE", "true"), WS_ERR_NOTFOUND);
    assert_int_equal(store_write_commit(w), WS_OK);

    store_conn *c = store_read_acquire(f->db);
    json_t *j, *rules;
    assert_int_equal(store_policy_json(c, id, &j), WS_OK);
    assert_string_equal(json_string_value(json_object_get(j, "name_zh")), "测试政策（修订）");
    assert_string_equal(json_string_value(json_object_get(j, "status")), "inactive");
    assert_int_equal(json_integer_value(json_object_get(j, "benefit_amount_fen")), 50000);
    assert_int_equal(json_array_size(json_object_get(j, "excludes")), 2);
    json_decref(j);
    assert_int_equal(store_policy_rules_json(c, &rules), WS_OK);
    assert_string_equal(json_string_value(json_object_get(rules, "format")), "waystation-policy-rules");
    json_t *r = json_object_get(json_object_get(rules, "rules"), "P-TEST");
    assert_true(json_is_array(json_object_get(r, "==")));
    size_t nexcl = json_array_size(json_object_get(rules, "exclusions"));
    assert_int_equal(nexcl, store_seed_exclusions_count + 2);
    /* inactive policies are not screened */
    json_t *in_force;
    assert_int_equal(store_policies_in_force(c, "2026-06-01", &in_force), WS_OK);
    size_t i;
    json_array_foreach(in_force, i, j) assert_string_not_equal(json_string_value(json_object_get(j, "code")), "P-TEST");
    json_decref(in_force);
    store_read_release(c);

    /* replacing every exclusion */
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    json_t *pairs = json_pack("[[s,s]]", "P-TEKUN", "P-DIBAO");
    assert_int_equal(store_exclusions_replace(w, pairs), WS_OK);
    assert_int_equal(store_write_commit(w), WS_OK);
    json_decref(pairs);
    c = store_read_acquire(f->db);
    json_t *all;
    assert_int_equal(store_exclusions_json(c, &all), WS_OK);
    assert_int_equal(json_array_size(all), 1);
    assert_string_equal(json_string_value(json_array_get(json_array_get(all, 0), 0)), "P-DIBAO"); /* lower first */
    json_decref(all);
    json_decref(rules);
    store_read_release(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(codes_and_terms),
        cmocka_unit_test(policy_form),
        cmocka_unit_test(rule_checks),
        cmocka_unit_test(parameter_values),
        cmocka_unit_test(policy_rule_checks),
        cmocka_unit_test(parameter_ranges),
        cmocka_unit_test(default_catalog),
        cmocka_unit_test(docs_match_seed),
        cmocka_unit_test(seed_rules_decide),
        cmocka_unit_test_setup_teardown(seeded_store, setup, teardown),
        cmocka_unit_test_setup_teardown(parameters_by_date, setup, teardown),
        cmocka_unit_test_setup_teardown(write_policy_and_rules, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
