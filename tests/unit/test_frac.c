/*
** test_frac.c: exact rationals (core/frac): parsing integers, decimals and fractions and refusing
** everything else, lowest terms, formatting, arithmetic against a slow reference, overflow answered
** with WS_ERR_LIMIT instead of a wrong number, exact comparison, conversion to double.
*/
#include "unit.h"

#include "../../src/core/frac.h"

#include <inttypes.h>
#include <math.h>

static core_frac F(int64_t num, int64_t den) {
    core_frac f;
    assert_int_equal(core_frac_make(num, den, &f), WS_OK);
    return f;
}

static void expect_text(core_frac f, const char *text) {
    char buf[CORE_FRAC_TEXT];
    assert_string_equal(core_frac_format(f, buf), text);
}

static void parse_accepts(void **state) {
    static const struct {
        const char *text, *exact;
    } cases[] = {
        {"3/8", "3/8"},      {"6/16", "3/8"},        {"-3/8", "-3/8"},   {"+3/8", "3/8"},
        {"0.375", "3/8"},    {"13.1", "131/10"},     {"13.10", "131/10"}, {"-2", "-2"},
        {"0", "0"},          {"-0", "0"},            {"-0.0", "0"},      {"000012", "12"},
        {".5", "1/2"},       {"5.", "5"},            {"-.25", "-1/4"},   {"1/4", "1/4"},
        {"4/4", "1"},        {"0/7", "0"},           {"12.50", "25/2"},  {"0.000000000000000001", "1/1000000000000000000"},
        {"1.5000000000000000000000000", "3/2"},      {"9223372036854775807", "9223372036854775807"},
        {"-9223372036854775807", "-9223372036854775807"},
        {"9223372036854775807/9223372036854775806", "9223372036854775807/9223372036854775806"},
        {"1344/4032", "1/3"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        core_frac f = {99, 99};
        if (!core_frac_parse(cases[i].text, &f)) fail_msg("refused %s", cases[i].text);
        char buf[CORE_FRAC_TEXT];
        if (strcmp(core_frac_format(f, buf), cases[i].exact) != 0)
            fail_msg("%s gave %s, not %s", cases[i].text, buf, cases[i].exact);
        assert_true(f.den > 0);
    }
}

static void parse_refuses(void **state) {
    static const char *const bad[] = {
        "",     "-",    "+",     ".",     "-.",   "1e3",  "1E3",   "abc",   "1/0",   "1/-2",  "-1/-2", "1.5/2",
        "1/2.5", "0x10", "1,000", " 1",   "1 ",   "1/",   "/2",    "1//2",  "1..2",  "1.2.3", "--1",   "+-1",
        "１",   "1/2/3", "NaN",  "inf",  "9223372036854775808", "-9223372036854775808",
        "99999999999999999999", "0.1234567890123456789", "1/99999999999999999999",
        "92233720368547758.08", /* 9223372036854775808/100: the numerator does not fit */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        core_frac f = {7, 11};
        if (core_frac_parse(bad[i], &f)) fail_msg("accepted '%s'", bad[i]);
        assert_int_equal(f.num, 7); /* untouched */
        assert_int_equal(f.den, 11);
    }
    assert_false(core_frac_parse(NULL, &(core_frac){0, 1}));
}

static void make_and_format(void **state) {
    expect_text(F(6, -8), "-3/4");
    expect_text(F(-6, -8), "3/4");
    expect_text(F(0, -5), "0");
    expect_text(F(10, 5), "2");
    expect_text(F(-10, 5), "-2");
    expect_text(F(INT64_MAX, INT64_MAX), "1");
    expect_text(F(INT64_MAX, -1), "-9223372036854775807");
    core_frac f = {1, 2};
    assert_int_equal(core_frac_make(1, 0, &f), WS_ERR_INVALID);
    assert_int_equal(core_frac_make(INT64_MIN, 1, &f), WS_ERR_LIMIT);
    assert_int_equal(core_frac_make(1, INT64_MIN, &f), WS_ERR_LIMIT);
    assert_true(f.num == 1 && f.den == 2);
    expect_text(F(INT64_MIN + 1, INT64_MAX), "-1");
    assert_true(core_frac_eq(F(INT64_MIN, 2), F(-(INT64_MAX / 2) - 1, 1))); /* reduces below the limit */
    char buf[CORE_FRAC_TEXT];
    core_frac widest = {-INT64_MAX, INT64_MAX - 1};
    assert_int_equal(strlen(core_frac_format(widest, buf)), 40);
    assert_true(core_frac_eq(core_frac_int(INT64_MIN), CORE_FRAC_ZERO));
}

static void arithmetic(void **state) {
    core_frac r;
    assert_int_equal(core_frac_add(F(1, 4), F(1, 4), &r), WS_OK);
    expect_text(r, "1/2");
    assert_int_equal(core_frac_add(F(1, 6), F(1, 3), &r), WS_OK);
    expect_text(r, "1/2");
    assert_int_equal(core_frac_sub(F(1, 6), F(1, 3), &r), WS_OK);
    expect_text(r, "-1/6");
    assert_int_equal(core_frac_mul(F(3, 4), F(2, 3), &r), WS_OK);
    expect_text(r, "1/2");
    assert_int_equal(core_frac_div(F(3, 8), F(3, 4), &r), WS_OK);
    expect_text(r, "1/2");
    assert_int_equal(core_frac_div(F(3, 8), F(-3, 4), &r), WS_OK);
    expect_text(r, "-1/2");
    /* 0.7 + 0.1 is exactly 0.8, which doubles get wrong */
    core_frac a, b, c;
    assert_true(core_frac_parse("0.7", &a) && core_frac_parse("0.1", &b) && core_frac_parse("0.8", &c));
    assert_int_equal(core_frac_add(a, b, &r), WS_OK);
    assert_true(core_frac_eq(r, c));
    assert_int_equal(core_frac_cmp(r, c), 0);
    /* aliasing */
    r = F(1, 3);
    assert_int_equal(core_frac_add(r, r, &r), WS_OK);
    expect_text(r, "2/3");
    /* division by zero */
    r = F(5, 7);
    assert_int_equal(core_frac_div(F(1, 2), CORE_FRAC_ZERO, &r), WS_ERR_INVALID);
    expect_text(r, "5/7");
    /* huge values that reduce back into range are fine */
    assert_int_equal(core_frac_mul(F(INT64_MAX, 3), F(3, INT64_MAX), &r), WS_OK);
    expect_text(r, "1");
    assert_int_equal(core_frac_add(F(INT64_MAX - 1, INT64_MAX), F(1, INT64_MAX), &r), WS_OK);
    expect_text(r, "1");
    assert_int_equal(core_frac_sub(F(-INT64_MAX, 1), F(-INT64_MAX, 1), &r), WS_OK);
    expect_text(r, "0");
}

static void overflow_is_an_error(void **state) {
    core_frac r = F(5, 7);
    assert_int_equal(core_frac_add(F(INT64_MAX, 1), F(1, 1), &r), WS_ERR_LIMIT);
    assert_int_equal(core_frac_sub(F(-INT64_MAX, 1), F(1, 1), &r), WS_ERR_LIMIT); /* INT64_MIN is not allowed */
    assert_int_equal(core_frac_mul(F(INT64_MAX, 1), F(2, 1), &r), WS_ERR_LIMIT);
    assert_int_equal(core_frac_mul(F(1, 3037000500), F(1, 3037000500), &r), WS_ERR_LIMIT); /* den > 2^63 */
    assert_int_equal(core_frac_div(F(1, INT64_MAX), F(2, 1), &r), WS_ERR_LIMIT);
    assert_int_equal(core_frac_add(F(1, INT64_MAX), F(1, INT64_MAX - 1), &r), WS_ERR_LIMIT);
    expect_text(r, "5/7");
    assert_int_equal(core_frac_mul(F(1, 3037000499), F(1, 3037000499), &r), WS_OK); /* just below */
    assert_int_equal(r.den, (int64_t)3037000499 * 3037000499);
}

static void compare_exactly(void **state) {
    assert_int_equal(core_frac_cmp(F(1, 3), F(1, 3)), 0);
    assert_int_equal(core_frac_cmp(F(1, 3), F(1, 2)), -1);
    assert_int_equal(core_frac_cmp(F(-1, 3), F(-1, 2)), 1);
    /* differ in the 37th digit: doubles see them equal */
    core_frac a = F(INT64_MAX - 1, INT64_MAX), b = F(INT64_MAX - 2, INT64_MAX - 1);
    assert_int_equal(core_frac_cmp(a, b), 1);
    assert_int_equal(core_frac_cmp(b, a), -1);
    assert_true(core_frac_to_double(a) == core_frac_to_double(b));
    assert_true(core_frac_is_zero(CORE_FRAC_ZERO));
    assert_false(core_frac_is_zero(CORE_FRAC_ONE));
}

static void to_double(void **state) {
    assert_true(core_frac_to_double(F(3, 8)) == 0.375);
    assert_true(core_frac_to_double(F(-1, 4)) == -0.25);
    assert_true(core_frac_to_double(F(1, 3)) == 1.0 / 3.0);
    assert_true(core_frac_to_double(F(1, 6)) == 1.0 / 6.0);
    assert_true(core_frac_to_double(F(131, 10)) == 13.1);
    assert_true(core_frac_to_double(F(INT64_MAX, 1)) == 9223372036854775807.0);
    assert_true(fabs(core_frac_to_double(F(171, 832)) - 171.0 / 832.0) == 0);
}

/* Random operations against long double on small numbers, and against the definitions. */
static void random_against_reference(void **state) {
    srand(12345);
    for (int t = 0; t < 20000; t++) {
        core_frac a = F(rand() % 2001 - 1000, rand() % 999 + 1), b = F(rand() % 2001 - 1000, rand() % 999 + 1);
        core_frac s, d, m, q;
        assert_int_equal(core_frac_add(a, b, &s), WS_OK);
        assert_int_equal(core_frac_sub(s, b, &d), WS_OK);
        assert_true(core_frac_eq(d, a)); /* (a + b) − b == a */
        assert_int_equal(core_frac_mul(a, b, &m), WS_OK);
        assert_true(m.num == 0 || m.den > 0);
        /* cross-multiplied definitions, exact in int64 for these sizes */
        assert_true(s.num * a.den * b.den == (a.num * b.den + b.num * a.den) * s.den);
        assert_true(m.num * a.den * b.den == a.num * b.num * m.den);
        if (b.num) {
            assert_int_equal(core_frac_div(m, b, &q), WS_OK);
            assert_true(core_frac_eq(q, a)); /* (a·b)/b == a */
        }
        int c = core_frac_cmp(a, b);
        int64_t l = a.num * b.den, r = b.num * a.den;
        assert_int_equal(c, (l > r) - (l < r));
        char buf[CORE_FRAC_TEXT];
        core_frac back;
        assert_true(core_frac_parse(core_frac_format(s, buf), &back));
        assert_true(core_frac_eq(back, s));
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parse_accepts),   cmocka_unit_test(parse_refuses),       cmocka_unit_test(make_and_format),
        cmocka_unit_test(arithmetic),      cmocka_unit_test(overflow_is_an_error), cmocka_unit_test(compare_exactly),
        cmocka_unit_test(to_double),       cmocka_unit_test(random_against_reference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
