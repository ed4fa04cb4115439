/*
** test_referral.c: the referral state machine of core/referral.c over every state × action × side (the
** allowed moves written out here once more, as the issue states them, so the table is checked against an
** independent statement of the rules), codes, deadlines across month and year ends in Asia/Shanghai,
** lateness and escalation, expiry, and what a provider may see.
*/
#include "unit.h"

#include "../../src/core/referral.h"

/* The allowed moves as "from action to side", one per line. */
static const char *const ALLOWED[] = {
    "draft send sent station",
    "draft withdraw withdrawn station",
    "sent accept accepted provider",
    "sent decline declined provider",
    "sent withdraw withdrawn station",
    "sent expire expired system",
    "accepted decline declined provider",
    "accepted start in_service provider",
    "accepted withdraw withdrawn station",
    "in_service deliver delivered provider",
    "in_service withdraw withdrawn station",
    "delivered confirm confirmed station",
    "confirmed close closed station",
    "declined close closed station",
    "expired close closed station",
};

static const char *const SIDES[] = {"station", "provider", "system"};

/* The expected target of (from, action, side) from ALLOWED, or NULL when the move is refused. */
static const char *expected(const char *from, const char *action, const char *side) {
    char line[96];
    for (size_t i = 0; i < sizeof ALLOWED / sizeof ALLOWED[0]; i++) {
        char f[24], a[24], t[24], s[24];
        snprintf(line, sizeof line, "%s", ALLOWED[i]);
        if (sscanf(line, "%23s %23s %23s %23s", f, a, t, s) != 4) fail_msg("bad line %s", ALLOWED[i]);
        if (strcmp(f, from) == 0 && strcmp(a, action) == 0 && strcmp(s, side) == 0) {
            static char to[24];
            snprintf(to, sizeof to, "%s", t);
            return to;
        }
    }
    return NULL;
}

/* The side that takes action in ALLOWED (every action appears there). */
static const char *side_of(const char *action) {
    for (size_t i = 0; i < sizeof ALLOWED / sizeof ALLOWED[0]; i++) {
        char f[24], a[24], t[24], s[24];
        sscanf(ALLOWED[i], "%23s %23s %23s %23s", f, a, t, s);
        if (strcmp(a, action) == 0) {
            static char side[24];
            snprintf(side, sizeof side, "%s", s);
            return side;
        }
    }
    fail_msg("action %s is in no move", action);
    return NULL;
}

static void every_state_action_and_side(void **state) {
    int allowed = 0, checked = 0;
    for (int s = 0; s < CORE_REF_STATE_COUNT; s++)
        for (int a = 0; a < CORE_REF_ACTION_COUNT; a++)
            for (int side = 0; side < CORE_REF_SIDE_COUNT; side++) {
                const char *from = core_ref_state_code((core_ref_state)s);
                const char *act = core_ref_action_code((core_ref_action)a);
                const char *want = expected(from, act, SIDES[side]);
                core_ref_state to = CORE_REF_STATE_COUNT;
                core_ref_verdict v = core_ref_check((core_ref_state)s, (core_ref_action)a, (core_ref_side)side, &to);
                checked++;
                if (want) {
                    allowed++;
                    if (v != CORE_REF_ALLOWED || strcmp(core_ref_state_code(to), want) != 0)
                        fail_msg("%s --%s--> by %s: want %s, got verdict %d", from, act, SIDES[side], want, v);
                    continue;
                }
                /* refused: another side's action is WRONG_SIDE whatever the state; the right side in a
                ** state that does not allow it is WRONG_STATE, and *to stays untouched */
                core_ref_verdict want_v =
                    strcmp(side_of(act), SIDES[side]) != 0 ? CORE_REF_WRONG_SIDE : CORE_REF_WRONG_STATE;
                if (v != want_v || to != CORE_REF_STATE_COUNT)
                    fail_msg("%s --%s--> by %s: want verdict %d, got %d", from, act, SIDES[side], want_v, v);
            }
    assert_int_equal(checked, 10 * 9 * 3);
    assert_int_equal(allowed, (int)(sizeof ALLOWED / sizeof ALLOWED[0]));
}

/* Terminal states allow nothing; no move returns to draft or to sent (no going back). */
static void no_going_back(void **state) {
    for (int side = 0; side < CORE_REF_SIDE_COUNT; side++) {
        assert_int_equal(core_ref_allowed(CORE_REF_CLOSED, (core_ref_side)side), 0);
        assert_int_equal(core_ref_allowed(CORE_REF_WITHDRAWN, (core_ref_side)side), 0);
        for (int s = 0; s < CORE_REF_STATE_COUNT; s++)
            for (int a = 0; a < CORE_REF_ACTION_COUNT; a++) {
                core_ref_state to;
                if (core_ref_check((core_ref_state)s, (core_ref_action)a, (core_ref_side)side, &to) != CORE_REF_ALLOWED)
                    continue;
                assert_true(to != CORE_REF_DRAFT);
                assert_true(to != CORE_REF_SENT || s == CORE_REF_DRAFT);
                assert_true(to != (core_ref_state)s);
            }
    }
    assert_int_equal(core_ref_allowed(CORE_REF_SENT, CORE_REF_SIDE_PROVIDER),
                     (1u << CORE_REF_ACCEPT) | (1u << CORE_REF_DECLINE));
    assert_int_equal(core_ref_allowed(CORE_REF_SENT, CORE_REF_SIDE_STATION), 1u << CORE_REF_WITHDRAW);
    assert_int_equal(core_ref_allowed(CORE_REF_DELIVERED, CORE_REF_SIDE_PROVIDER), 0);
}

static void codes_round_trip(void **state) {
    for (int s = 0; s < CORE_REF_STATE_COUNT; s++) {
        core_ref_state back;
        assert_true(core_ref_state_parse(core_ref_state_code((core_ref_state)s), &back));
        assert_int_equal(back, s);
        assert_true(*core_ref_state_zh((core_ref_state)s));
    }
    for (int a = 0; a < CORE_REF_ACTION_COUNT; a++) {
        core_ref_action back;
        assert_true(core_ref_action_parse(core_ref_action_code((core_ref_action)a), &back));
        assert_int_equal(back, a);
    }
    core_ref_state s = CORE_REF_CLOSED;
    assert_false(core_ref_state_parse("Sent", &s));
    assert_false(core_ref_state_parse("", &s));
    assert_false(core_ref_state_parse(NULL, &s));
    assert_int_equal(s, CORE_REF_CLOSED);
    assert_string_equal(core_ref_state_code(CORE_REF_IN_SERVICE), "in_service");
    assert_string_equal(core_ref_state_zh(CORE_REF_DELIVERED), "已完成服务");
    core_ref_escalation e = CORE_REF_ESC_NONE;
    assert_true(core_ref_escalation_parse("county", &e));
    assert_int_equal(e, CORE_REF_ESC_COUNTY);
    assert_false(core_ref_escalation_parse("village", &e));
    assert_null(core_ref_escalation_code(CORE_REF_ESC_NONE));
    assert_string_equal(core_ref_escalation_code(CORE_REF_ESC_CITY), "city");
}

static void open_and_load_states(void **state) {
    const char *open = ",draft,sent,accepted,in_service,delivered,", *load = ",sent,accepted,in_service,";
    for (int s = 0; s < CORE_REF_STATE_COUNT; s++) {
        char key[32];
        snprintf(key, sizeof key, ",%s,", core_ref_state_code((core_ref_state)s));
        assert_int_equal(core_ref_state_open((core_ref_state)s), strstr(open, key) != NULL);
        assert_int_equal(core_ref_state_load((core_ref_state)s), strstr(load, key) != NULL);
        assert_int_equal(core_ref_provider_sees_household((core_ref_state)s),
                         strstr(",sent,accepted,in_service,delivered,", key) != NULL);
    }
}

static core_date d(long ymd) { return core_date_from_ymd(ymd); }

/* Deadlines are civil dates: adding days crosses month ends, February of a leap year and the year end. */
static void deadlines_across_month_ends(void **state) {
    static const struct {
        long sent;
        int days;
        long due;
    } cases[] = {
        {20260130, 2, 20260201}, {20260227, 2, 20260301}, {20280228, 2, 20280301},  {20280227, 2, 20280229},
        {20261230, 3, 20270102}, {20261231, 7, 20270107}, {20260430, 14, 20260514}, {20261101, 60, 20261231},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(core_date_ymd(core_ref_respond_by(d(cases[i].sent), cases[i].days)), cases[i].due);
        assert_int_equal(core_date_ymd(core_ref_complete_by(d(cases[i].sent), cases[i].days)), cases[i].due);
    }
    /* the day of sending is the civil day in Shanghai: 2026-01-31 17:00 UTC is 2026-02-01 there */
    core_date sent = core_date_shanghai((time_t)1769878800); /* 2026-01-31T17:00:00Z */
    assert_int_equal(core_date_ymd(sent), 20260201);
    assert_int_equal(core_date_ymd(core_ref_respond_by(sent, 2)), 20260203);
}

/* Late after the deadline's own day; which deadline counts depends on the state; escalation by days late. */
static void lateness_and_escalation(void **state) {
    core_date respond = d(20260227), complete = d(20260305);
    assert_int_equal(core_ref_days_late(CORE_REF_SENT, d(20260227), respond, complete), 0);
    assert_int_equal(core_ref_days_late(CORE_REF_SENT, d(20260228), respond, complete), 1);
    assert_int_equal(core_ref_days_late(CORE_REF_SENT, d(20260303), respond, complete), 4);
    assert_int_equal(core_ref_days_late(CORE_REF_ACCEPTED, d(20260303), respond, complete), 0);
    assert_int_equal(core_ref_days_late(CORE_REF_IN_SERVICE, d(20260306), respond, complete), 1);
    assert_int_equal(core_ref_days_late(CORE_REF_IN_SERVICE, d(20260313), respond, complete), 8);
    for (int s = 0; s < CORE_REF_STATE_COUNT; s++)
        if (s != CORE_REF_SENT && s != CORE_REF_ACCEPTED && s != CORE_REF_IN_SERVICE)
            assert_int_equal(core_ref_days_late((core_ref_state)s, d(20270101), respond, complete), 0);
    static const struct {
        int late;
        core_ref_escalation level;
    } levels[] = {{0, CORE_REF_ESC_NONE},   {1, CORE_REF_ESC_TOWN}, {3, CORE_REF_ESC_TOWN},  {4, CORE_REF_ESC_COUNTY},
                  {7, CORE_REF_ESC_COUNTY}, {8, CORE_REF_ESC_CITY}, {400, CORE_REF_ESC_CITY}};
    for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++)
        assert_int_equal(core_ref_escalation_of(levels[i].late), levels[i].level);
    /* expiry: only a sent referral, and only more than 30 days past respond_by (2026-02-27 + 30 = 03-29) */
    assert_false(core_ref_expires(CORE_REF_SENT, d(20260329), respond));
    assert_true(core_ref_expires(CORE_REF_SENT, d(20260330), respond));
    assert_false(core_ref_expires(CORE_REF_ACCEPTED, d(20270101), respond));
}

static void home_services_and_limits(void **state) {
    static const char *const HOME[] = {"L1", "L4", "C1", "C2", "C3", "C4", "H1"};
    static const char *const AWAY[] = {"L2", "L3", "H2", "H3", "H4", "H5", "S1", "S2",
                                       "S3", "S4", "R1", "R2", "R3", "X9", ""};
    for (size_t i = 0; i < sizeof HOME / sizeof HOME[0]; i++) assert_true(core_ref_item_at_home(HOME[i]));
    for (size_t i = 0; i < sizeof AWAY / sizeof AWAY[0]; i++) assert_false(core_ref_item_at_home(AWAY[i]));
    assert_false(core_ref_item_at_home(NULL));
    assert_false(core_ref_satisfaction_valid(0));
    assert_true(core_ref_satisfaction_valid(1));
    assert_true(core_ref_satisfaction_valid(5));
    assert_false(core_ref_satisfaction_valid(6));
    assert_false(core_ref_minutes_valid(0));
    assert_true(core_ref_minutes_valid(20160));
    assert_false(core_ref_minutes_valid(20161));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_state_action_and_side),
        cmocka_unit_test(no_going_back),
        cmocka_unit_test(codes_round_trip),
        cmocka_unit_test(open_and_load_states),
        cmocka_unit_test(deadlines_across_month_ends),
        cmocka_unit_test(lateness_and_escalation),
        cmocka_unit_test(home_services_and_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
