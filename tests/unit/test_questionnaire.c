/*
** test_questionnaire.c: the compiled-in default version (valid; 8 dimensions of 168 and 52 indicators
** summing to 1344; every wording, weight, area and red-flag rule exactly as ../shared/spec/indicators.csv
** says, read from the file when it is there; the derived indicators and cut-offs of the issue), the code
** tables, lookups, the exact cut-off test on and around non-integral boundaries, and each validation
** error with its field name and its Chinese and English message.
*/
#include "unit.h"

#include "../../src/core/questionnaire.h"

#include <stdbool.h>

/* ---- helpers ---------------------------------------------------------------------------------- */

/* A modifiable copy of the default version; caller frees. */
static core_questionnaire *default_copy(void) {
    core_questionnaire *q = malloc(sizeof *q);
    assert_non_null(q);
    memcpy(q, core_questionnaire_default(), sizeof *q);
    return q;
}

static void print_errors(const core_fielderrs *errs) {
    for (size_t i = 0; i < errs->count; i++)
        print_message("  %s %s: %s / %s\n", errs->items[i].field, errs->items[i].code, errs->items[i].zh,
                      errs->items[i].en);
}

/* Validates q and expects exactly one error, on field with code. */
static void expect_only_error(const core_questionnaire *q, const char *field, const char *code) {
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    bool ok = core_questionnaire_validate(q, &errs);
    if (ok || errs.count != 1 || strcmp(errs.items[0].field, field) != 0 || strcmp(errs.items[0].code, code) != 0) {
        print_errors(&errs);
        fail_msg("expected only %s %s", field, code);
    }
    assert_true(strlen(errs.items[0].zh) > 0);
    assert_true(strlen(errs.items[0].en) > 0);
    assert_string_not_equal(errs.items[0].zh, errs.items[0].en);
    core_fielderrs_free(&errs);
}

static void expect_valid(const core_questionnaire *q) {
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    bool ok = core_questionnaire_validate(q, &errs);
    if (!ok || errs.count) {
        print_errors(&errs);
        fail_msg("expected a valid questionnaire");
    }
    core_fielderrs_free(&errs);
}

/* ---- the default ------------------------------------------------------------------------------ */

static void default_validates(void **state) {
    (void)state;
    const core_questionnaire *q = core_questionnaire_default();
    expect_valid(q);
    assert_ptr_equal(core_questionnaire_default(), q);
    assert_int_equal(q->version, 1);
    assert_int_equal(q->ndims, 8);
    assert_int_equal(q->nind, 52);
    assert_int_equal(q->denominator, 1344);
    assert_int_equal(q->reassess_months, 6);
}

static void default_weights(void **state) {
    (void)state;
    const core_questionnaire *q = core_questionnaire_default();
    int sum = 0, per_dim[CORE_Q_MAX_DIMS] = {0};
    for (int i = 0; i < q->nind; i++) {
        sum += q->ind[i].weight;
        per_dim[q->ind[i].dimension] += q->ind[i].weight;
    }
    assert_int_equal(sum, 1344);
    for (int d = 0; d < q->ndims; d++) assert_int_equal(per_dim[d], 168);
    /* Indicators are grouped by dimension, in order (the scoring's fast path relies on nothing else). */
    for (int i = 1; i < q->nind; i++) assert_true(q->ind[i].dimension >= q->ind[i - 1].dimension);
}

static void default_cutoffs(void **state) {
    (void)state;
    const core_questionnaire *q = core_questionnaire_default();
    assert_int_equal(q->severe.p, 1);
    assert_int_equal(q->severe.q, 2);
    assert_int_equal(q->poor.p, 1);
    assert_int_equal(q->poor.q, 3);
    assert_int_equal(q->vulnerable.p, 1);
    assert_int_equal(q->vulnerable.q, 5);
    assert_int_equal(q->k.p, 1);
    assert_int_equal(q->k.q, 3);
    assert_int_equal(q->max_unanswered.p, 1);
    assert_int_equal(q->max_unanswered.q, 10);
}

static void default_rules(void **state) {
    (void)state;
    static const struct {
        const char *code;
        core_red_rule red;
    } reds[] = {
        {"I02", CORE_RED_WHEN_DEPRIVED}, {"I14", CORE_RED_WHEN_SEVERE},   {"I17", CORE_RED_WHEN_DEPRIVED},
        {"I29", CORE_RED_WHEN_DEPRIVED}, {"I35", CORE_RED_WHEN_DEPRIVED}, {"I36", CORE_RED_WHEN_SEVERE},
        {"I49", CORE_RED_WHEN_SEVERE},   {"I50", CORE_RED_WHEN_DEPRIVED}, {"I51", CORE_RED_WHEN_SEVERE},
    };
    static const struct {
        const char *code;
        core_derive derive;
    } derived[] = {
        {"I01", CORE_DERIVE_ELDERLY_ONLY},    {"I03", CORE_DERIVE_ONE_PERSON},
        {"I07", CORE_DERIVE_BELOW_DIBAO},     {"I08", CORE_DERIVE_BELOW_DIBAO_EDGE},
        {"I15", CORE_DERIVE_SERIOUS_ILLNESS}, {"I21", CORE_DERIVE_AGED_80},
        {"I22", CORE_DERIVE_DISABILITY},      {"I23", CORE_DERIVE_SEVERE_DISABILITY},
        {"I27", CORE_DERIVE_MULTIPLE_DISABILITY},
    };
    static const char *const no_severe[] = {"I08", "I18", "I22", "I26", "I41", "I44", "I46", "I47", "I52"};
    const core_questionnaire *q = core_questionnaire_default();
    int nred = 0, nderived = 0, nplain = 0;
    for (int i = 0; i < q->nind; i++) {
        const core_q_indicator *ind = &q->ind[i];
        core_red_rule red = CORE_RED_NEVER;
        core_derive derive = CORE_DERIVE_NONE;
        bool severe = true;
        for (size_t k = 0; k < sizeof reds / sizeof reds[0]; k++)
            if (strcmp(reds[k].code, ind->code) == 0) red = reds[k].red, nred++;
        for (size_t k = 0; k < sizeof derived / sizeof derived[0]; k++)
            if (strcmp(derived[k].code, ind->code) == 0) derive = derived[k].derive, nderived++;
        for (size_t k = 0; k < sizeof no_severe / sizeof no_severe[0]; k++)
            if (strcmp(no_severe[k], ind->code) == 0) severe = false, nplain++;
        assert_int_equal(ind->red, red);
        assert_int_equal(ind->derive, derive);
        assert_int_equal(ind->has_severe, severe);
        if (!severe) assert_string_equal(ind->severe_when, "");
        else assert_true(strlen(ind->severe_when) > 0);
    }
    assert_int_equal(nred, 9);
    assert_int_equal(nderived, 9);
    assert_int_equal(nplain, 9);
}

/* Splits a CSV line without quotes into at most max fields, in place. */
static int split(char *line, char **fields, int max) {
    int n = 0;
    line[strcspn(line, "\r\n")] = '\0';
    for (char *p = line; n < max;) {
        fields[n++] = p;
        char *comma = strchr(p, ',');
        if (!comma) break;
        *comma = '\0';
        p = comma + 1;
    }
    return n;
}

/* The spec folder: $WAYSTATION_SHARED_DATA/../spec, else ../shared/spec. */
static FILE *open_spec(const char *name) {
    char path[512];
    const char *data = getenv("WAYSTATION_SHARED_DATA");
    if (data) snprintf(path, sizeof path, "%s/../spec/%s", data, name);
    else snprintf(path, sizeof path, "../shared/spec/%s", name);
    FILE *f = fopen(path, "r");
    if (!f) printf("skipped: %s is absent\n", path);
    return f;
}

static void default_matches_spec_csv(void **state) {
    (void)state;
    FILE *f = open_spec("indicators.csv");
    if (!f) return;
    const core_questionnaire *q = core_questionnaire_default();
    char line[2048], *col[16];
    assert_non_null(fgets(line, sizeof line, f)); /* header */
    assert_int_equal(split(line, col, 16), 11);
    assert_string_equal(col[3], "indicator");
    assert_string_equal(col[10], "red_flag_when");
    int row = 0;
    while (fgets(line, sizeof line, f)) {
        assert_int_equal(split(line, col, 16), 11);
        assert_true(row < q->nind);
        const core_q_indicator *ind = &q->ind[row];
        const core_q_dimension *dim = &q->dims[ind->dimension];
        assert_string_equal(dim->code, col[0]);
        assert_string_equal(dim->zh, col[1]);
        assert_string_equal(dim->en, col[2]);
        assert_string_equal(ind->code, col[3]);
        assert_string_equal(ind->zh, col[4]);
        assert_string_equal(ind->en, col[5]);
        assert_string_equal(ind->deprived_when, col[6]);
        if (strcmp(col[7], "n/a") == 0) {
            assert_false(ind->has_severe);
            assert_string_equal(ind->severe_when, "");
        } else {
            assert_true(ind->has_severe);
            assert_string_equal(ind->severe_when, col[7]);
        }
        assert_string_equal(ind->area, col[8]);
        assert_int_equal(ind->weight, strtol(col[9], NULL, 10));
        core_red_rule red = !*col[10]                                  ? CORE_RED_NEVER
                            : strcmp(col[10], "whenever deprived") == 0 ? CORE_RED_WHEN_DEPRIVED
                                                                        : CORE_RED_WHEN_SEVERE;
        assert_int_equal(ind->red, red);
        row++;
    }
    fclose(f);
    assert_int_equal(row, q->nind);

    /* Areas are the codes of difficulty_areas.csv. */
    f = open_spec("difficulty_areas.csv");
    if (!f) return;
    bool known[100] = {false};
    assert_non_null(fgets(line, sizeof line, f));
    while (fgets(line, sizeof line, f)) {
        assert_int_equal(split(line, col, 16), 3);
        known[strtol(col[0], NULL, 10)] = true;
    }
    fclose(f);
    for (int i = 0; i < q->nind; i++) assert_true(known[strtol(q->ind[i].area, NULL, 10)]);
}

/* ---- code tables and lookups ------------------------------------------------------------------- */

static void code_tables(void **state) {
    (void)state;
    static const char *const derive_codes[] = {"",           "elderly_only",      "one_person",
                                               "serious_illness", "aged_80",       "disability",
                                               "severe_disability", "multiple_disability", "below_dibao",
                                               "below_dibao_edge"};
    assert_int_equal(sizeof derive_codes / sizeof derive_codes[0], CORE_DERIVE_COUNT);
    for (int d = 0; d < CORE_DERIVE_COUNT; d++) {
        assert_string_equal(core_derive_code((core_derive)d), derive_codes[d]);
        assert_int_equal(core_derive_parse(derive_codes[d]), d);
    }
    assert_int_equal(core_derive_parse("aged_81"), CORE_DERIVE_NONE);
    assert_int_equal(core_derive_parse(NULL), CORE_DERIVE_NONE);
    assert_string_equal(core_derive_code(CORE_DERIVE_COUNT), "");

    static const char *const red_codes[] = {"never", "deprived", "severe"};
    for (int r = 0; r < 3; r++) {
        core_red_rule out = (core_red_rule)-1;
        assert_string_equal(core_red_rule_code((core_red_rule)r), red_codes[r]);
        assert_true(core_red_rule_parse(red_codes[r], &out));
        assert_int_equal(out, r);
    }
    core_red_rule out = CORE_RED_WHEN_SEVERE;
    assert_false(core_red_rule_parse("always", &out));
    assert_false(core_red_rule_parse(NULL, &out));
    assert_int_equal(out, CORE_RED_WHEN_SEVERE);
}

static void find(void **state) {
    (void)state;
    const core_questionnaire *q = core_questionnaire_default();
    assert_int_equal(core_questionnaire_find(q, "I01"), 0);
    assert_int_equal(core_questionnaire_find(q, "I27"), 26);
    assert_int_equal(core_questionnaire_find(q, "I52"), 51);
    assert_int_equal(core_questionnaire_find(q, "I53"), -1);
    assert_int_equal(core_questionnaire_find(q, "i01"), -1);
    assert_int_equal(core_questionnaire_find(q, ""), -1);
    assert_int_equal(core_questionnaire_find(q, NULL), -1);
    assert_int_equal(core_questionnaire_find(q, "D1"), -1);
    assert_int_equal(core_questionnaire_find_dim(q, "D1"), 0);
    assert_int_equal(core_questionnaire_find_dim(q, "D8"), 7);
    assert_int_equal(core_questionnaire_find_dim(q, "D9"), -1);
    assert_int_equal(core_questionnaire_find_dim(q, "I01"), -1);
}

/* ---- cut-offs --------------------------------------------------------------------------------- */

static void cutoff_exact(void **state) {
    (void)state;
    const core_q_cutoff half = {1, 2}, third = {1, 3}, fifth = {1, 5}, whole = {1, 1};
    /* On the cut-off is reaching it. */
    assert_true(core_cutoff_reached(half, 672, 1344));
    assert_false(core_cutoff_reached(half, 671, 1344));
    assert_true(core_cutoff_reached(third, 448, 1344));
    assert_false(core_cutoff_reached(third, 447, 1344));
    /* 1344/5 = 268.8: 268 is below, 269 reaches. */
    assert_false(core_cutoff_reached(fifth, 268, 1344));
    assert_true(core_cutoff_reached(fifth, 269, 1344));
    /* 0.7 + 0.1 < 0.8 in floating point; not here. */
    assert_true(core_cutoff_reached((core_q_cutoff){8, 10}, 8, 10));
    assert_true(core_cutoff_reached((core_q_cutoff){4, 5}, 7 + 1, 10));
    assert_true(core_cutoff_reached(whole, 1344, 1344));
    assert_false(core_cutoff_reached(whole, 1343, 1344));
    /* 1/3 of 1000 = 333.33 */
    assert_false(core_cutoff_reached(third, 333, 1000));
    assert_true(core_cutoff_reached(third, 334, 1000));
    /* No overflow with the largest numbers. */
    const core_q_cutoff big = {INT64_MAX - 1, INT64_MAX};
    assert_true(core_cutoff_reached(big, INT64_MAX, INT64_MAX));
    assert_true(core_cutoff_reached(big, INT64_MAX - 1, INT64_MAX)); /* exactly on it */
    assert_false(core_cutoff_reached(big, INT64_MAX - 2, INT64_MAX));
    assert_true(core_cutoff_reached(big, INT64_MAX - 1, INT64_MAX - 1));
}

/* ---- validation errors ------------------------------------------------------------------------ */

static void error_indicator_fields(void **state) {
    (void)state;
    core_questionnaire *q = default_copy();

    q->ind[3].weight = 0;
    q->denominator -= 28;
    expect_only_error(q, "indicators[3].weight", "weight_invalid");
    q->ind[3].weight = -5;
    expect_only_error(q, "indicators[3].weight", "weight_invalid");
    q->ind[3].weight = 28;
    expect_only_error(q, "denominator", "weight_sum");
    q->denominator = 0;
    expect_only_error(q, "denominator", "denominator_invalid");
    q->denominator = 1000001;
    expect_only_error(q, "denominator", "denominator_invalid");
    q->denominator = 1344;
    expect_valid(q);

    memcpy(q->ind[5].code, "I02", 4);
    expect_only_error(q, "indicators[5].code", "code_duplicate");
    memcpy(q->ind[5].code, "6X", 3);
    expect_only_error(q, "indicators[5].code", "code_invalid");
    memset(q->ind[5].code, 'A', sizeof q->ind[5].code); /* not terminated */
    expect_only_error(q, "indicators[5].code", "code_invalid");
    memcpy(q->ind[5].code, "", 1);
    expect_only_error(q, "indicators[5].code", "code_invalid");
    memcpy(q->ind[5].code, "I06", 4);
    expect_valid(q);

    q->ind[7].dimension = 8;
    expect_only_error(q, "indicators[7].dimension", "dimension_invalid");
    q->ind[7].dimension = -1;
    expect_only_error(q, "indicators[7].dimension", "dimension_invalid");
    q->ind[7].dimension = 1;

    memcpy(q->ind[9].area, "14", 3);
    expect_only_error(q, "indicators[9].area", "area_invalid");
    memcpy(q->ind[9].area, "00", 3);
    expect_only_error(q, "indicators[9].area", "area_invalid");
    memcpy(q->ind[9].area, "1", 2);
    expect_only_error(q, "indicators[9].area", "area_invalid");
    memcpy(q->ind[9].area, "13", 3);
    expect_valid(q);

    int i08 = core_questionnaire_find(q, "I08");
    q->ind[i08].red = CORE_RED_WHEN_SEVERE;
    expect_only_error(q, "indicators[7].red", "red_without_severe");
    q->ind[i08].red = (core_red_rule)7;
    expect_only_error(q, "indicators[7].red", "red_invalid");
    q->ind[i08].red = CORE_RED_WHEN_DEPRIVED;
    expect_valid(q);
    q->ind[i08].red = CORE_RED_NEVER;
    q->ind[i08].derive = CORE_DERIVE_COUNT;
    expect_only_error(q, "indicators[7].derive", "derive_invalid");
    q->ind[i08].derive = CORE_DERIVE_BELOW_DIBAO_EDGE;

    q->ind[i08].severe_when = "< 1x dibao";
    expect_only_error(q, "indicators[7].severe_when", "severe_when_unexpected");
    q->ind[i08].severe_when = NULL;
    expect_valid(q);
    q->ind[0].severe_when = "";
    expect_only_error(q, "indicators[0].severe_when", "required");
    q->ind[0].severe_when = "any member >=80 living alone";
    expect_valid(q);
    free(q);
}

static void error_texts(void **state) {
    (void)state;
    core_questionnaire *q = default_copy();
    char long_text[CORE_Q_TEXT_MAX * 3 + 4];
    for (int i = 0; i < CORE_Q_TEXT_MAX; i++) memcpy(long_text + 3 * i, "困", 3);
    long_text[3 * CORE_Q_TEXT_MAX] = '\0';

    q->ind[2].zh = long_text; /* exactly the maximum */
    expect_valid(q);
    memcpy(long_text + 3 * CORE_Q_TEXT_MAX, "a", 2);
    expect_only_error(q, "indicators[2].zh", "too_long");
    q->ind[2].zh = "  ";
    expect_only_error(q, "indicators[2].zh", "required");
    q->ind[2].zh = NULL;
    expect_only_error(q, "indicators[2].zh", "required");
    q->ind[2].zh = "单亲\n单人户";
    expect_only_error(q, "indicators[2].zh", "invalid_text");
    q->ind[2].zh = "单亲\xff";
    expect_only_error(q, "indicators[2].zh", "invalid_text");
    q->ind[2].zh = "单亲\xe2\x80\x8b单人户"; /* zero-width space */
    expect_only_error(q, "indicators[2].zh", "invisible_text");
    q->ind[2].zh = "单亲或单人户";
    q->ind[2].en = "";
    expect_only_error(q, "indicators[2].en", "required");
    q->ind[2].en = "x";
    q->ind[2].deprived_when = "";
    expect_only_error(q, "indicators[2].deprived_when", "required");
    q->ind[2].deprived_when = "true";
    q->dims[1].zh = "";
    expect_only_error(q, "dimensions[1].zh", "required");
    q->dims[1].zh = "经济状况";
    q->dims[1].en = NULL;
    expect_only_error(q, "dimensions[1].en", "required");
    q->dims[1].en = "Economic status";
    expect_valid(q);
    free(q);
}

static void error_messages_name_the_item(void **state) {
    (void)state;
    core_questionnaire *q = default_copy();
    q->ind[3].weight = 0;
    q->denominator -= 28;
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    assert_false(core_questionnaire_validate(q, &errs));
    assert_int_equal(errs.count, 1);
    assert_non_null(strstr(errs.items[0].zh, "指标 I04"));
    assert_non_null(strstr(errs.items[0].zh, "权重"));
    assert_non_null(strstr(errs.items[0].en, "Indicator I04"));
    core_fielderrs_free(&errs);
    free(q);
}

static void error_dimensions(void **state) {
    (void)state;
    core_questionnaire *q = default_copy();
    memcpy(q->dims[3].code, "D1", 3);
    expect_only_error(q, "dimensions[3].code", "code_duplicate");
    memcpy(q->dims[3].code, "D4", 3);
    q->ndims = 9;
    memcpy(q->dims[8].code, "D9", 3);
    q->dims[8].zh = "其他";
    q->dims[8].en = "Other";
    expect_only_error(q, "dimensions[8]", "dimension_empty");
    q->ind[51].dimension = 8;
    expect_valid(q);
    q->ndims = 0;
    expect_only_error(q, "dimensions", "count_invalid");
    q->ndims = CORE_Q_MAX_DIMS + 1;
    expect_only_error(q, "dimensions", "count_invalid");
    q->ndims = 8;
    q->ind[51].dimension = 7;
    q->nind = 0;
    expect_only_error(q, "indicators", "count_invalid");
    q->nind = CORE_Q_MAX_INDICATORS + 1;
    expect_only_error(q, "indicators", "count_invalid");
    q->nind = 52;
    expect_valid(q);
    free(q);
}

static void error_cutoffs(void **state) {
    (void)state;
    core_questionnaire *q = default_copy();
    q->poor = (core_q_cutoff){1, 2};
    expect_only_error(q, "poor", "cutoff_order");
    q->poor = (core_q_cutoff){2, 3};
    expect_only_error(q, "poor", "cutoff_order");
    q->poor = (core_q_cutoff){1, 5};
    expect_only_error(q, "vulnerable", "cutoff_order");
    q->poor = (core_q_cutoff){1, 3};
    q->severe = (core_q_cutoff){1, 1}; /* severe <= 1 */
    expect_valid(q);
    q->severe = (core_q_cutoff){3, 2};
    expect_only_error(q, "severe", "cutoff_invalid");
    q->severe = (core_q_cutoff){1, 0};
    expect_only_error(q, "severe", "cutoff_invalid");
    q->severe = (core_q_cutoff){1, 2};
    q->vulnerable = (core_q_cutoff){0, 5};
    expect_only_error(q, "vulnerable", "cutoff_invalid");
    q->vulnerable = (core_q_cutoff){-1, -5};
    expect_only_error(q, "vulnerable", "cutoff_invalid");
    q->vulnerable = (core_q_cutoff){1, 5};
    q->k = (core_q_cutoff){0, 3};
    expect_only_error(q, "k", "cutoff_invalid");
    q->k = (core_q_cutoff){3, 3};
    expect_valid(q);
    q->k = (core_q_cutoff){1, 3};
    q->max_unanswered = (core_q_cutoff){1, 0};
    expect_only_error(q, "max_unanswered", "cutoff_invalid");
    q->max_unanswered = (core_q_cutoff){1, 1};
    expect_valid(q);
    q->max_unanswered = (core_q_cutoff){1, 10};
    q->reassess_months = 0;
    expect_only_error(q, "reassess_months", "reassess_invalid");
    q->reassess_months = 61;
    expect_only_error(q, "reassess_months", "reassess_invalid");
    q->reassess_months = 60;
    expect_valid(q);
    q->version = -1;
    expect_only_error(q, "version", "version_invalid");
    free(q);
}

static void errors_all_reported(void **state) {
    (void)state;
    core_questionnaire *q = default_copy();
    q->ind[0].weight = 0;
    q->ind[1].area[0] = 'x';
    q->ind[2].zh = "";
    q->reassess_months = 0;
    q->k.p = 0;
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    assert_false(core_questionnaire_validate(q, &errs));
    /* Four fields and the sum, which is left alone while a weight is itself wrong. */
    assert_int_equal(errs.count, 5);
    core_fielderrs_free(&errs);
    free(q);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(default_validates),
        cmocka_unit_test(default_weights),
        cmocka_unit_test(default_cutoffs),
        cmocka_unit_test(default_rules),
        cmocka_unit_test(default_matches_spec_csv),
        cmocka_unit_test(code_tables),
        cmocka_unit_test(find),
        cmocka_unit_test(cutoff_exact),
        cmocka_unit_test(error_indicator_fields),
        cmocka_unit_test(error_texts),
        cmocka_unit_test(error_messages_name_the_item),
        cmocka_unit_test(error_dimensions),
        cmocka_unit_test(error_cutoffs),
        cmocka_unit_test(errors_all_reported),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
