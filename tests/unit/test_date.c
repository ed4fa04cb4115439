/*
** test_date.c: leap years, the date forms spreadsheets write, impossible dates, ages, day arithmetic, and
** the civil day in Asia/Shanghai around midnight (UTC+8, no daylight saving).
*/
#include "unit.h"

#include "../../src/core/date.h"

#include <time.h>

static void validity(void **state) {
    static const struct {
        int y, m, d;
        bool valid;
    } cases[] = {
        {2000, 2, 29, true},  {1900, 2, 29, false}, {2024, 2, 29, true},  {2023, 2, 29, false},
        {1991, 2, 29, false}, {2100, 2, 29, false}, {2023, 4, 31, false}, {2023, 4, 30, true},
        {2023, 12, 31, true}, {2023, 13, 1, false}, {2023, 0, 1, false},  {2023, 1, 0, false},
        {2023, 1, 32, false}, {0, 1, 1, false},     {9999, 12, 31, true}, {10000, 1, 1, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (core_date_valid(cases[i].y, cases[i].m, cases[i].d) != cases[i].valid)
            fail_msg("%04d-%02d-%02d should be %s", cases[i].y, cases[i].m, cases[i].d,
                     cases[i].valid ? "valid" : "invalid");
}

static void parsing(void **state) {
    static const struct {
        const char *text;
        long ymd; /* 0: rejected */
    } cases[] = {
        {"2024-03-01", 20240301},
        {"2024/3/1", 20240301},
        {"2024.03.01", 20240301},
        {"20240301", 20240301},
        {"2024年3月1日", 20240301},
        {"2024年03月01日", 20240301},
        {"2024年3月1", 20240301},
        {" 2024-03-01\xE3\x80\x80", 20240301},
        {"2000-02-29", 20000229},
        {"1991-02-29", 0},
        {"2024-02-30", 0},
        {"2024-13-01", 0},
        {"2024-3/1", 0},
        {"24-03-01", 0},
        {"2024-003-01", 0},
        {"2024-03-01x", 0},
        {"2024-03-01 08:00", 0},
        {"2024031", 0},
        {"202403011", 0},
        {"2024年3月", 0},
        {"", 0},
        {"abc", 0},
        {"45352", 0}, /* an Excel serial number is not a date we can trust */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        core_date d = {1, 1, 1};
        bool ok = core_date_parse(cases[i].text, &d);
        if (ok != (cases[i].ymd != 0))
            fail_msg("\"%s\": expected %s", cases[i].text, cases[i].ymd ? "a date" : "rejection");
        if (ok) assert_int_equal(core_date_ymd(d), cases[i].ymd);
        else assert_int_equal(core_date_ymd(d), 10101); /* untouched */
    }
    core_date d;
    assert_false(core_date_parse(NULL, &d));
}

static void parsing_iso_only(void **state) {
    core_date d = {1, 1, 1};
    assert_true(core_date_parse_iso("2025-03-05", &d));
    assert_int_equal(core_date_ymd(d), 20250305);
    static const char *const no[] = {"2025-3-5", " 2025-03-05", "2025-03-05 ", "2025/03/05", "20250305",
                                     "2025-02-29", "2025年3月5日", ""};
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) {
        d = (core_date){1, 1, 1};
        if (core_date_parse_iso(no[i], &d)) fail_msg("\"%s\" accepted", no[i]);
        assert_int_equal(d.y, 1); /* untouched */
    }
    assert_false(core_date_parse_iso(NULL, &d));
}

static void formatting(void **state) {
    char out[11];
    core_date_format((core_date){2024, 3, 1}, out);
    assert_string_equal(out, "2024-03-01");
    core_date_format((core_date){987, 12, 31}, out);
    assert_string_equal(out, "0987-12-31");
    assert_int_equal(core_date_ymd((core_date){2024, 1, 31}), 20240131);
    core_date d = core_date_from_ymd(20000229);
    assert_int_equal(d.y, 2000);
    assert_int_equal(d.m, 2);
    assert_int_equal(d.d, 29);
}

static time_t utc(int y, int m, int d, int hh, int mm) {
    struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = hh, .tm_min = mm};
    return timegm(&tm);
}

static void shanghai_day(void **state) {
    static const struct {
        int y, m, d, hh, mm; /* an instant in UTC */
        long day;            /* its date in Shanghai */
    } cases[] = {
        {2024, 1, 31, 23, 30, 20240201},  /* 23:30 UTC is 07:30 the next day in Shanghai */
        {2024, 2, 29, 23, 30, 20240301},  /* 07:30 local on 1 March stays on 1 March */
        {2024, 2, 28, 23, 30, 20240229},  /* leap day */
        {2023, 12, 31, 16, 0, 20240101},  /* midnight in Shanghai */
        {2023, 12, 31, 15, 59, 20231231}, /* 23:59 in Shanghai */
        {2024, 6, 15, 0, 0, 20240615},
        {1969, 12, 31, 16, 0, 19700101},  /* before the epoch */
        {1969, 12, 31, 15, 0, 19691231},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        core_date d = core_date_shanghai(utc(cases[i].y, cases[i].m, cases[i].d, cases[i].hh, cases[i].mm));
        if (core_date_ymd(d) != cases[i].day)
            fail_msg("case %zu: got %ld, want %ld", i, core_date_ymd(d), cases[i].day);
    }
}

static void ages(void **state) {
    core_date leapling = {2000, 2, 29};
    assert_int_equal(core_date_age(leapling, (core_date){2021, 2, 28}), 20);
    assert_int_equal(core_date_age(leapling, (core_date){2021, 3, 1}), 21);
    assert_int_equal(core_date_age(leapling, (core_date){2024, 2, 29}), 24);
    core_date b = {1990, 6, 15};
    assert_int_equal(core_date_age(b, (core_date){2024, 6, 14}), 33);
    assert_int_equal(core_date_age(b, (core_date){2024, 6, 15}), 34);
    assert_int_equal(core_date_age(b, b), 0);
}

/* Day counts and adding days across month and year ends, leap days, and before the epoch. */
static void day_arithmetic(void **state) {
    static const struct {
        long from, n, to;
    } cases[] = {
        {20260131, 1, 20260201},  {20260228, 1, 20260301},  {20240228, 1, 20240229},  {20240229, 1, 20240301},
        {20261231, 1, 20270101},  {20270101, -1, 20261231}, {20260301, -1, 20260228}, {20000228, 2, 20000301},
        {21000228, 1, 21000301},  {20260115, 30, 20260214}, {20261203, 60, 20270201}, {19700101, -1, 19691231},
        {20260630, 0, 20260630},  {20251130, 366, 20261201},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        core_date from = core_date_from_ymd(cases[i].from);
        core_date to = core_date_add_days(from, cases[i].n);
        if (core_date_ymd(to) != cases[i].to)
            fail_msg("case %zu: %ld %+ld days gave %ld, want %ld", i, cases[i].from, cases[i].n, core_date_ymd(to),
                     cases[i].to);
        assert_int_equal(core_date_days(to) - core_date_days(from), cases[i].n);
    }
    assert_int_equal(core_date_days((core_date){1970, 1, 1}), 0);
    assert_int_equal(core_date_days((core_date){2000, 3, 1}), 11017);
    /* a year before: the 12 months after it hold 366 days across a 29 February */
    static const long year_before[][2] = {{20250115, 20240115}, {20240229, 20230228}, {20250301, 20240301},
                                          {20240301, 20230301}, {20000101, 19990101}};
    for (size_t i = 0; i < sizeof year_before / sizeof year_before[0]; i++)
        assert_int_equal(core_date_ymd(core_date_year_before(core_date_from_ymd(year_before[i][0]))), year_before[i][1]);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(validity),     cmocka_unit_test(parsing), cmocka_unit_test(parsing_iso_only),
        cmocka_unit_test(formatting),   cmocka_unit_test(shanghai_day), cmocka_unit_test(ages),
        cmocka_unit_test(day_arithmetic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
