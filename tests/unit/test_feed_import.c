/*
** test_feed_import.c: monitoring records: the Asia/Shanghai day of every accepted date and time form,
** idempotent re-import, a lead kept for an unknown ID number and linked when that person is registered,
** and a bad file refused whole.
*/
#include "unit_db.h"

#include "../../src/core/synth.h"
#include "../../src/io/feed_import.h"
#include "../../src/store/feeds.h"
#include "../../src/store/households.h"

#include <string.h>

static const core_date TODAY = {2026, 6, 1};

static void local_day(void **state) {
    (void)state;
    static const struct {
        const char *text;
        long ymd; /* 0: refused */
    } cases[] = {
        {"2026-12-04", 20261204},
        {"2026/12/04", 20261204},
        {"20261204", 20261204},
        {"2026年12月4日", 20261204},
        {"2026-12-04 07:30", 20261204},
        {"2026-12-04T07:30:00", 20261204},
        {"2026-12-04T07:30:00+08:00", 20261204}, /* 07:30 local stays on its day */
        {"2026-12-04T07:30:00.250+08:00", 20261204},
        {"2026-12-03T23:30:00Z", 20261204},      /* 07:30 the next morning in Shanghai */
        {"2026-12-03T15:59:59Z", 20261203},
        {"2026-12-03T16:00:00Z", 20261204},
        {"2026-12-04T00:30:00+0900", 20261203},  /* 23:30 the evening before in Shanghai */
        {"2026-12-31T18:00:00-05:00", 20270101}, /* across a year */
        {"2024-02-28T20:00:00-04", 20240229},
        {"2026-12-04T24:00:00", 0},
        {"2026-12-04T07:60", 0},
        {"2026-02-30T07:30:00", 0},
        {"2026-12-04T07:30:00+25:00", 0},
        {"2026-12-04T07:30:00 +08:00", 0},
        {"2026-12-04T07", 0},
        {"2026-12/04 07:30", 0},
        {"", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        core_date d = {0, 0, 0};
        bool ok = io_feed_parse_day(cases[i].text, &d);
        if (ok != (cases[i].ymd != 0) || (ok && core_date_ymd(d) != cases[i].ymd))
            fail_msg("\"%s\": got %s %ld, want %ld", cases[i].text, ok ? "day" : "refused", core_date_ymd(d),
                     cases[i].ymd);
    }
}

static json_int_t num(json_t *report, const char *key) { return json_integer_value(json_object_get(report, key)); }

static ws_err import(store_db *db, const char *csv, json_t **report) {
    io_import_options opt = {.scope = "", .actor = {0, "test"}, .today = TODAY};
    return io_import_feeds(db, &opt, IO_FEED_CSV, csv, strlen(csv), report);
}

static int64_t count(store_db *db, int64_t household, bool unmatched) {
    store_conn *c = store_read_acquire(db);
    store_feed_query q = {.scope = "", .household_id = household, .unmatched = unmatched, .limit = 100};
    json_t *items;
    int64_t total = -1;
    assert_int_equal(store_feeds_list(c, &q, &items, &total), WS_OK);
    json_decref(items);
    store_read_release(c);
    return total;
}

static void lead_linked_later(void **state) {
    unit_db *f = *state;
    core_synth *s = core_synth_new(7);
    core_household h;
    core_member *ms;
    size_t n;
    core_synth_household(s, "371002001", TODAY, &h, &ms, &n);
    assert_true(ms[0].has_id);
    char csv[512];
    snprintf(csv, sizeof csv,
             "来源部门,记录编号,类型,身份证号,发生日期,金额(元),乡镇(街道)代码\n"
             "YB,1,大额医疗自付,%s,2026-05-01T07:30:00+08:00,12000.50,371002001\n"
             "MZ,1,death,%s,2026-05-02,,371002001\n",
             ms[0].id.number, ms[0].id.number);
    json_t *r;
    assert_int_equal(import(f->db, csv, &r), WS_OK);
    assert_int_equal(num(r, "imported"), 2);
    assert_int_equal(num(r, "leads"), 2);
    assert_int_equal(num(r, "matched"), 0);
    json_decref(r);
    assert_int_equal(count(f->db, 0, true), 2);

    assert_int_equal(import(f->db, csv, &r), WS_OK);
    assert_int_equal(num(r, "imported"), 0);
    assert_int_equal(num(r, "already_imported"), 2);
    json_decref(r);
    assert_int_equal(count(f->db, 0, false), 2);

    store_conn *w;
    int64_t hid;
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    assert_int_equal(store_write_finish(w, store_household_insert(w, &h, ms, n, true, 0, &hid)), WS_OK);
    assert_int_equal(count(f->db, hid, false), 2);
    assert_int_equal(count(f->db, 0, true), 0);

    for (size_t i = 0; i < n; i++) core_member_clear(&ms[i]);
    free(ms);
    core_household_clear(&h);
    core_synth_free(s);
}

static void bad_file_writes_nothing(void **state) {
    unit_db *f = *state;
    const char *csv = "source,record_id,kind,id_number,occurred_on,town_code\n"
                      "X,1,job_loss,110101199003070038,2026-05-01,371002001\n"
                      "X,2,job_loss,110101199003070038,2026-06-02,371002001\n"; /* after today */
    json_t *r;
    assert_int_equal(import(f->db, csv, &r), WS_ERR_INVALID);
    assert_int_equal(num(r, "errors_total"), 1);
    json_t *e = json_array_get(json_object_get(r, "errors"), 0);
    assert_int_equal(json_integer_value(json_object_get(e, "row")), 3);
    assert_string_equal(json_string_value(json_object_get(e, "code")), "date_future");
    json_decref(r);
    assert_int_equal(count(f->db, 0, false), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(local_day),
        cmocka_unit_test_setup_teardown(lead_linked_later, unit_db_setup, unit_db_teardown),
        cmocka_unit_test_setup_teardown(bad_file_writes_nothing, unit_db_setup, unit_db_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
