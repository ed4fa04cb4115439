/*
** test_alert.c: due dates by severity counted in local days, escalation of overdue tasks, the alert-only
** facts (known to alert rules, unknown to policy rules), and the default rules: each checks against the
** vocabulary and decides as documented, with a medical cost just under and just over the threshold.
*/
#include "unit.h"

#include "../../src/core/alert.h"
#include "../../src/core/facts.h"
#include "../../src/core/jsonlogic.h"

#include <string.h>
#include <time.h>

static void due_dates(void **state) {
    (void)state;
    core_date today = {2026, 12, 4};
    /* 2026-12-03T23:30:00Z is 07:30 on the 4th in Asia/Shanghai: the record's day is the 4th */
    core_date on = core_date_shanghai((time_t)1796340600);
    assert_int_equal(core_date_ymd(on), 20261204);
    assert_int_equal(core_date_ymd(core_alert_due(CORE_ALERT_HIGH, on, today)), 20261207);
    assert_int_equal(core_date_ymd(core_alert_due(CORE_ALERT_MEDIUM, on, today)), 20261211);
    assert_int_equal(core_date_ymd(core_alert_due(CORE_ALERT_LOW, on, today)), 20261219);
    /* an old record starts the clock on the day it is found */
    assert_int_equal(core_date_ymd(core_alert_due(CORE_ALERT_HIGH, (core_date){2026, 1, 5}, today)), 20261207);
    /* across a month end and a leap day */
    assert_int_equal(core_date_ymd(core_alert_due(CORE_ALERT_HIGH, (core_date){2028, 2, 27}, (core_date){2028, 2, 1})),
                     20280301);
}

static void escalation(void **state) {
    (void)state;
    core_date due = {2026, 3, 5};
    assert_int_equal(core_alert_days_overdue(due, (core_date){2026, 3, 4}), 0);
    assert_int_equal(core_alert_days_overdue(due, (core_date){2026, 3, 5}), 0);
    assert_int_equal(core_alert_days_overdue(due, (core_date){2026, 3, 6}), 1);
    assert_int_equal(core_alert_days_overdue(due, (core_date){2026, 4, 5}), 31);
}

static void codes(void **state) {
    (void)state;
    assert_int_equal(core_alert_sev_parse("high"), CORE_ALERT_HIGH);
    assert_int_equal(core_alert_sev_parse("HIGH"), CORE_ALERT_SEV_NONE);
    assert_int_equal(core_alert_sev_parse(NULL), CORE_ALERT_SEV_NONE);
    assert_true(core_alert_outcome_valid("policy_applied"));
    assert_false(core_alert_outcome_valid("visited"));
    assert_true(core_alert_next_step_valid("reassess"));
    assert_false(core_alert_next_step_valid(""));
    assert_true(core_alert_kind_valid("disaster_damage"));
    assert_false(core_alert_kind_valid("flood"));
}

static void vocabulary(void **state) {
    (void)state;
    assert_true(core_alert_fact_known("recent.medical_cost_12m", NULL));
    assert_true(core_alert_fact_known("record.disconnected", NULL));
    assert_true(core_alert_fact_known("household.category", NULL));
    assert_false(core_alert_fact_known("recent.lottery_wins_12m", NULL));
    /* policy rules do not see the alert facts */
    assert_false(core_fact_known("recent.medical_cost_12m", NULL));
    assert_string_equal(core_alert_fact_label("recent.medical_cost_12m", false, NULL), "近12个月大额医疗自付");
}

/* The truth of default rule code on facts (JSON text). */
static core_jl_truth truth_of(const char *code, const char *facts_text) {
    size_t n;
    const core_alert_rule_def *d = core_alert_default_rules(&n);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(d[i].code, code) != 0) continue;
        json_t *rule = json_loads(d[i].rule, JSON_DECODE_ANY, NULL), *facts = json_loads(facts_text, 0, NULL);
        core_jl_outcome o = {0};
        assert_int_equal(core_jl_eval3(rule, facts, NULL, &o, NULL), WS_OK);
        core_jl_truth t = o.truth;
        core_jl_outcome_free(&o);
        json_decref(rule);
        json_decref(facts);
        return t;
    }
    fail_msg("no default rule %s", code);
    return CORE_JL_UNKNOWN;
}

static void default_rules(void **state) {
    (void)state;
    size_t n;
    const core_alert_rule_def *d = core_alert_default_rules(&n);
    size_t nk;
    core_alert_kinds(&nk);
    for (size_t i = 0; i < n; i++) {
        json_t *rule = json_loads(d[i].rule, JSON_DECODE_ANY, NULL);
        core_jl_error err;
        assert_non_null(rule);
        if (core_jl_check(rule, core_alert_fact_known, NULL, &err) != WS_OK) fail_msg("%s: %s", d[i].code, err.en);
        assert_true(core_alert_kind_valid(d[i].kind));
        assert_int_not_equal(core_alert_sev_parse(d[i].severity), CORE_ALERT_SEV_NONE);
        json_decref(rule);
    }
    /* every kind has a rule */
    const char *const *kinds = core_alert_kinds(&nk);
    for (size_t k = 0; k < nk; k++) {
        bool found = false;
        for (size_t i = 0; i < n; i++) found |= strcmp(d[i].kind, kinds[k]) == 0;
        if (!found) fail_msg("no default rule for %s", kinds[k]);
    }
    const char *under = "{\"household\":{\"category\":\"dibao_edge\"},\"params\":{\"medical_out_of_pocket_threshold\":5000},"
                        "\"recent\":{\"medical_cost_12m\":4999.99}}";
    const char *over = "{\"household\":{\"category\":\"dibao_edge\"},\"params\":{\"medical_out_of_pocket_threshold\":5000},"
                       "\"recent\":{\"medical_cost_12m\":5000}}";
    const char *over_dibao = "{\"household\":{\"category\":\"dibao\"},\"params\":{\"medical_out_of_pocket_threshold\":5000},"
                             "\"recent\":{\"medical_cost_12m\":8000}}";
    assert_int_equal(truth_of("A-MEDICAL-EDGE", under), CORE_JL_FALSE);
    assert_int_equal(truth_of("A-MEDICAL-EDGE", over), CORE_JL_TRUE);
    assert_int_equal(truth_of("A-MEDICAL", over), CORE_JL_FALSE);
    assert_int_equal(truth_of("A-MEDICAL", over_dibao), CORE_JL_TRUE);
    assert_int_equal(truth_of("A-DEATH-SMALL", "{\"household\":{\"size\":2}}"), CORE_JL_TRUE);
    assert_int_equal(truth_of("A-DEATH", "{\"household\":{\"size\":2}}"), CORE_JL_FALSE);
    assert_int_equal(truth_of("A-ADMISSION-TIER", "{\"assessment\":{\"tier\":\"severe\"}}"), CORE_JL_TRUE);
    /* no assessment: unknown, which raises nothing */
    assert_int_equal(truth_of("A-ADMISSION-TIER", "{\"household\":{}}"), CORE_JL_UNKNOWN);
    assert_int_equal(truth_of("A-UTILITY-CUT", "{\"record\":{\"disconnected\":true}}"), CORE_JL_TRUE);
    assert_int_equal(truth_of("A-UTILITY-ARREARS", "{\"record\":{\"disconnected\":true}}"), CORE_JL_FALSE);
    assert_int_equal(truth_of("A-DISASTER", "{\"params\":{\"disaster_loss_threshold\":2000},"
                                            "\"recent\":{\"disaster_damage_12m\":1999}}"),
                     CORE_JL_FALSE);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(due_dates), cmocka_unit_test(escalation),    cmocka_unit_test(codes),
        cmocka_unit_test(vocabulary), cmocka_unit_test(default_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
