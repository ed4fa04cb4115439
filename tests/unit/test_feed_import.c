/*
** test_feed_import.c: monitoring records: the Asia/Shanghai day of every accepted date and time form,
** idempotent re-import, a lead kept for an unknown ID number and linked when that person is registered,
** a bad file refused whole; exact JSON amounts and strict booleans, amounts by kind, the earliest day, a
** JSON error that names no value, cells beyond the header, source codes folded and lower-cased, a changed
** record re-sent reported as a warning, and the town a lead needs below the city; another division's
** record re-sent refused without its content, control and invisible characters refused, a JSON file's BOM,
** emptiness and repeated keys; a signal after the visit giving the alert a task again, and closing a
** household closing its alerts; records following their person through a corrected ID number, a member
** leaving and joining another household.
*/
#include "unit_db.h"

#include "../../src/core/idnum.h"
#include "../../src/core/synth.h"
#include "../../src/io/feed_import.h"
#include "../../src/store/feeds.h"
#include "../../src/store/alerts.h"
#include "../../src/store/households.h"
#include "../../src/store/visits.h"

#include <stdio.h>
#include <stdlib.h>
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

/* The records scope sees, of household (0: any), leads only when unmatched. */
static int64_t count_in(store_db *db, const char *scope, int64_t household, bool unmatched) {
    store_conn *c = store_read_acquire(db);
    store_feed_query q = {.scope = scope, .household_id = household, .unmatched = unmatched, .limit = 100};
    json_t *items;
    int64_t total = -1;
    assert_int_equal(store_feeds_list(c, &q, &items, &total), WS_OK);
    json_decref(items);
    store_read_release(c);
    return total;
}

static int64_t count(store_db *db, int64_t household, bool unmatched) { return count_in(db, "", household, unmatched); }

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

static ws_err import_as(store_db *db, const char *scope, io_feed_format format, const char *text, json_t **report) {
    io_import_options opt = {.scope = scope, .actor = {0, "test"}, .today = TODAY};
    return io_import_feeds(db, &opt, format, text, strlen(text), report);
}

/* The report's only error (failing the test when there are others), and its field. */
static json_t *only_error(json_t *report) {
    if (num(report, "errors_total") != 1)
        fail_msg("%lld errors: %s", (long long)num(report, "errors_total"),
                 json_dumps(json_object_get(report, "errors"), JSON_COMPACT));
    return json_array_get(json_object_get(report, "errors"), 0);
}

static const char *text(json_t *o, const char *key) { return json_string_value(json_object_get(o, key)); }

/* Imports one file that must be refused with one error of code at field. */
static void refused(store_db *db, const char *scope, io_feed_format format, const char *file, const char *field,
                    const char *code) {
    json_t *r;
    ws_err e = import_as(db, scope, format, file, &r);
    if (e != WS_ERR_INVALID) fail_msg("%s: accepted, want %s", file, code);
    json_t *err = only_error(r);
    if (strcmp(text(err, "code"), code) != 0 || strcmp(text(err, "field"), field) != 0)
        fail_msg("%s: got %s at %s, want %s at %s", file, text(err, "code"), text(err, "field"), code, field);
    json_decref(r);
}

/* The one stored record of source and record_id as the list shows it (caller decrefs). */
static json_t *stored(store_db *db, const char *source, const char *record_id) {
    store_conn *c = store_read_acquire(db);
    store_feed_query q = {.scope = "", .limit = 1000};
    json_t *items, *found = NULL;
    int64_t total;
    assert_int_equal(store_feeds_list(c, &q, &items, &total), WS_OK);
    store_read_release(c);
    size_t k;
    json_t *it;
    json_array_foreach(items, k, it) {
        if (strcmp(text(it, "source"), source) != 0 || strcmp(text(it, "record_id"), record_id) != 0) continue;
        if (found) fail_msg("%s %s stored twice", source, record_id);
        found = json_incref(it);
    }
    json_decref(items);
    if (!found) fail_msg("%s %s not stored", source, record_id);
    return found;
}

#define LEAD "110101199003070038" /* no one registered has it */

static void json_amounts_exact_and_booleans_strict(void **state) {
    unit_db *f = *state;
    /* A real that is no whole number of fen is refused as its string is, not rounded. */
    refused(f->db, "", IO_FEED_JSON,
            "{\"records\": [{\"source\": \"s\", \"record_id\": \"1\", \"kind\": \"medical_cost\", \"id_number\": \""
            LEAD "\", \"occurred_on\": \"2026-05-01\", \"amount\": 1.005}]}", "amount", "amount_invalid");
    refused(f->db, "", IO_FEED_JSON,
            "{\"records\": [{\"source\": \"s\", \"record_id\": \"1\", \"kind\": \"medical_cost\", \"id_number\": \""
            LEAD "\", \"occurred_on\": \"2026-05-01\", \"amount\": 1.0049999999}]}", "amount", "amount_invalid");
    refused(f->db, "", IO_FEED_JSON,
            "{\"records\": [{\"source\": \"s\", \"record_id\": \"1\", \"kind\": \"medical_cost\", \"id_number\": \""
            LEAD "\", \"occurred_on\": \"2026-05-01\", \"amount\": -3.5}]}", "amount", "amount_invalid");
    /* disconnected is a boolean in JSON: "true" and 1 are refused. */
    refused(f->db, "", IO_FEED_JSON,
            "{\"records\": [{\"source\": \"s\", \"record_id\": \"1\", \"kind\": \"utility_arrears\", \"id_number\": \""
            LEAD "\", \"occurred_on\": \"2026-05-01\", \"disconnected\": \"true\"}]}", "disconnected", "type_invalid");
    refused(f->db, "", IO_FEED_JSON,
            "{\"records\": [{\"source\": \"s\", \"record_id\": \"1\", \"kind\": \"utility_arrears\", \"id_number\": \""
            LEAD "\", \"occurred_on\": \"2026-05-01\", \"disconnected\": 1}]}", "disconnected", "type_invalid");
    /* 300.1 is 30010.000000000004 fen in binary: still 300.10 yuan. */
    json_t *r;
    assert_int_equal(import_as(f->db, "", IO_FEED_JSON,
                               "{\"records\": [{\"source\": \"s\", \"record_id\": \"1\", \"kind\": \"medical_cost\", "
                               "\"id_number\": \"" LEAD "\", \"occurred_on\": \"2026-05-01\", \"amount\": 300.1},"
                               "{\"source\": \"s\", \"record_id\": \"2\", \"kind\": \"utility_arrears\", "
                               "\"id_number\": \"" LEAD "\", \"occurred_on\": \"2026-05-01\", \"amount\": 0.07, "
                               "\"disconnected\": false}]}",
                               &r),
                     WS_OK);
    json_decref(r);
    json_t *rec = stored(f->db, "s", "1");
    assert_int_equal(json_integer_value(json_object_get(rec, "amount_fen")), 30010);
    json_decref(rec);
    rec = stored(f->db, "s", "2");
    assert_int_equal(json_integer_value(json_object_get(rec, "amount_fen")), 7);
    assert_true(json_is_false(json_object_get(rec, "disconnected")));
    json_decref(rec);
}

static void amounts_by_kind_and_dates_from_2000(void **state) {
    unit_db *f = *state;
    static const char HEAD[] = "source,record_id,kind,id_number,occurred_on,amount\n";
    char csv[512];
    static const char *const NONE[] = {"disability_certificate", "death", "school_dropout"};
    for (size_t k = 0; k < sizeof NONE / sizeof *NONE; k++) {
        snprintf(csv, sizeof csv, "%sx,1,%s," LEAD ",2026-05-01,0\n", HEAD, NONE[k]);
        refused(f->db, "", IO_FEED_CSV, csv, "amount", "amount_not_applicable");
    }
    json_t *r;
    snprintf(csv, sizeof csv, "%sx,1,death," LEAD ",2026-05-01,120\n", HEAD);
    assert_int_equal(import_as(f->db, "", IO_FEED_CSV, csv, &r), WS_ERR_INVALID);
    json_t *e = only_error(r);
    assert_non_null(strstr(text(e, "zh"), "家庭成员死亡"));
    assert_non_null(strstr(text(e, "en"), "death"));
    json_decref(r);
    /* The kinds that may carry an amount take one or none. */
    snprintf(csv, sizeof csv,
             "%sx,1,hospital_admission," LEAD ",2026-05-01,4000\nx,2,hospital_admission," LEAD ",2026-05-01,\n"
             "x,3,income_drop," LEAD ",2026-05-01,800\nx,4,utility_arrears," LEAD ",2026-05-01,320.5\n"
             "x,5,job_loss," LEAD ",2000-01-01,\n",
             HEAD);
    assert_int_equal(import_as(f->db, "", IO_FEED_CSV, csv, &r), WS_OK);
    assert_int_equal(num(r, "imported"), 5);
    json_decref(r);
    snprintf(csv, sizeof csv, "%sy,1,job_loss," LEAD ",1999-12-31,\n", HEAD);
    refused(f->db, "", IO_FEED_CSV, csv, "occurred_on", "date_too_early");
    snprintf(csv, sizeof csv, "%sy,1,job_loss," LEAD ",1800-01-01T08:00:00+08:00,\n", HEAD);
    refused(f->db, "", IO_FEED_CSV, csv, "occurred_on", "date_too_early");
}

static void json_invalid_says_where_not_what(void **state) {
    unit_db *f = *state;
    json_t *r;
    assert_int_equal(import_as(f->db, "", IO_FEED_JSON, "{\"records\": [{\"id_number\" \"" LEAD "\"}]}", &r),
                     WS_ERR_INVALID);
    json_t *e = only_error(r);
    assert_string_equal(text(e, "code"), "json_invalid");
    assert_non_null(strstr(text(e, "en"), "line 1, column"));
    assert_non_null(strstr(text(e, "zh"), "第 1 行第"));
    char *dump = json_dumps(r, 0);
    assert_null(strstr(dump, LEAD));
    assert_null(strstr(dump, "expected")); /* nothing of jansson's own text */
    free(dump);
    json_decref(r);
}

static void extra_cells_refused(void **state) {
    unit_db *f = *state;
    json_t *r;
    assert_int_equal(import_as(f->db, "", IO_FEED_CSV,
                               "source,record_id,kind,id_number,occurred_on,amount\n"
                               "x,1,medical_cost," LEAD ",2026-05-01,1,200\n"
                               "x,2,medical_cost," LEAD ",2026-05-01,1200,,\n",
                               &r),
                     WS_ERR_INVALID);
    json_t *e = only_error(r);
    assert_string_equal(text(e, "code"), "extra_cells");
    assert_int_equal(json_integer_value(json_object_get(e, "row")), 2);
    json_decref(r);
    assert_int_equal(count(f->db, 0, false), 0);
}

static void sources_folded_and_lower_cased(void **state) {
    unit_db *f = *state;
    json_t *r;
    assert_int_equal(import_as(f->db, "", IO_FEED_CSV,
                               "source,record_id,kind,id_number,occurred_on,amount\n"
                               "YBJ,R1,medical_cost," LEAD ",2026-05-01,1200\n",
                               &r),
                     WS_OK);
    assert_int_equal(num(r, "imported"), 1);
    json_decref(r);
    json_t *rec = stored(f->db, "ybj", "R1");
    json_decref(rec);
    /* ybj, ｙｂｊ and ＹＢＪ are the department that sent YBJ; Ｒ１ is R1, but r1 is another record. */
    assert_int_equal(import_as(f->db, "", IO_FEED_CSV,
                               "source,record_id,kind,id_number,occurred_on,amount\n"
                               "ybj,R1,medical_cost," LEAD ",2026-05-01,1200\n"
                               "ｙｂｊ,Ｒ1,medical_cost," LEAD ",2026-05-01,1200\n",
                               &r),
                     WS_ERR_INVALID);
    json_t *e = only_error(r);
    assert_string_equal(text(e, "code"), "duplicate_row");
    json_decref(r);
    assert_int_equal(import_as(f->db, "", IO_FEED_CSV,
                               "source,record_id,kind,id_number,occurred_on,amount\n"
                               "ＹＢＪ,Ｒ１,medical_cost," LEAD ",2026-05-01,1200\n"
                               "ybj,r1,medical_cost," LEAD ",2026-05-01,1200\n",
                               &r),
                     WS_OK);
    assert_int_equal(num(r, "already_imported"), 1);
    assert_int_equal(num(r, "imported"), 1);
    assert_int_equal(num(r, "already_imported_changed"), 0);
    json_decref(r);
    rec = stored(f->db, "ybj", "r1");
    json_decref(rec);
    assert_int_equal(count(f->db, 0, false), 2);
}

static void changed_resend_warned_and_kept(void **state) {
    unit_db *f = *state;
    json_t *r;
    assert_int_equal(import_as(f->db, "", IO_FEED_CSV,
                               "source,record_id,kind,id_number,occurred_on,amount,disconnected\n"
                               "sw,1,utility_arrears," LEAD ",2026-05-01,320.5,是\n"
                               "sw,2,utility_arrears," LEAD ",2026-05-01,88,\n",
                               &r),
                     WS_OK);
    json_decref(r);
    /* Record 1 again with another day, amount, person and flag; record 2 unchanged. */
    const char *other = "110101199003070054";
    char csv[512];
    snprintf(csv, sizeof csv,
             "source,record_id,kind,id_number,occurred_on,amount,disconnected\n"
             "sw,1,utility_arrears,%s,2026-05-03,99,否\n"
             "sw,2,utility_arrears," LEAD ",2026-05-01,88.00,\n",
             other);
    for (int dry = 1; dry >= 0; dry--) {
        io_import_options opt = {.scope = "", .actor = {0, "test"}, .today = TODAY, .dry_run = dry};
        assert_int_equal(io_import_feeds(f->db, &opt, IO_FEED_CSV, csv, strlen(csv), &r), WS_OK);
        assert_true(json_is_true(json_object_get(r, "ok")));
        assert_int_equal(num(r, "imported"), 0);
        assert_int_equal(num(r, "already_imported"), 2);
        assert_int_equal(num(r, "already_imported_changed"), 1);
        json_t *warnings = json_object_get(r, "warnings");
        assert_int_equal(json_array_size(warnings), 1);
        json_t *w = json_array_get(warnings, 0);
        assert_int_equal(json_integer_value(json_object_get(w, "row")), 2);
        assert_string_equal(text(w, "column"), "record_id");
        assert_string_equal(text(w, "field"), "record_id");
        assert_string_equal(text(w, "code"), "already_imported_changed");
        assert_string_equal(text(w, "en"), "Imported before with other content; the stored record is kept: "
                                           "day (stored: 2026-05-01), amount (stored: 320.50 yuan), ID number, "
                                           "disconnected (stored: yes)");
        assert_non_null(strstr(text(w, "zh"), "发生日期（原为 2026-05-01）"));
        char *dump = json_dumps(r, 0);
        assert_null(strstr(dump, LEAD));
        assert_null(strstr(dump, other));
        free(dump);
        json_decref(r);
    }
    json_t *rec = stored(f->db, "sw", "1");
    assert_string_equal(text(rec, "occurred_on"), "2026-05-01");
    assert_int_equal(json_integer_value(json_object_get(rec, "amount_fen")), 32050);
    assert_true(json_is_true(json_object_get(rec, "disconnected")));
    json_decref(rec);
    /* A kind changed, and an amount where there was none. */
    assert_int_equal(import_as(f->db, "", IO_FEED_CSV,
                               "source,record_id,kind,id_number,occurred_on,amount,disconnected\n"
                               "sw,1,income_drop," LEAD ",2026-05-01,320.5,是\n",
                               &r),
                     WS_OK);
    json_t *w = json_array_get(json_object_get(r, "warnings"), 0);
    assert_non_null(w);
    assert_string_equal(text(w, "en"), "Imported before with other content; the stored record is kept: "
                                       "kind (stored: utility_arrears)");
    assert_non_null(strstr(text(w, "zh"), "类型（原为水电欠费或停供）"));
    json_decref(r);
    /* A refused file imports nothing, but says which of its records are stored already, as its warnings do. */
    assert_int_equal(import_as(f->db, "", IO_FEED_CSV,
                               "source,record_id,kind,id_number,occurred_on,amount,disconnected\n"
                               "sw,1,income_drop," LEAD ",2026-05-01,320.5,是\n"
                               "sw,3,utility_arrears," LEAD ",2026-05-01,-1,\n",
                               &r),
                     WS_ERR_INVALID);
    assert_int_equal(num(r, "already_imported"), 1);
    assert_int_equal(num(r, "already_imported_changed"), 1);
    assert_int_equal(num(r, "imported"), 0);
    assert_int_equal(num(r, "leads"), 0);
    json_decref(r);
}

static void lead_below_city_needs_town(void **state) {
    unit_db *f = *state;
    refused(f->db, "371002001", IO_FEED_CSV,
            "source,record_id,kind,id_number,occurred_on\nx,1,death," LEAD ",2026-05-01\n", "town_code",
            "town_required_for_lead");
    refused(f->db, "371002", IO_FEED_JSON,
            "[{\"source\": \"x\", \"record_id\": \"1\", \"kind\": \"death\", \"id_number\": \"" LEAD
            "\", \"occurred_on\": \"2026-05-01\"}]",
            "town_code", "town_required_for_lead");
    /* Another town is still outside the station's jurisdiction; the city needs no town. */
    refused(f->db, "371002001", IO_FEED_CSV,
            "source,record_id,kind,id_number,occurred_on,town_code\nx,1,death," LEAD ",2026-05-01,371002002\n",
            "town_code", "not_in_jurisdiction");
    json_t *r;
    assert_int_equal(import_as(f->db, "3710", IO_FEED_CSV,
                               "source,record_id,kind,id_number,occurred_on\nx,1,death," LEAD ",2026-05-01\n", &r),
                     WS_OK);
    json_decref(r);
}

static void resend_from_outside_jurisdiction(void **state) {
    unit_db *f = *state;
    json_t *r;
    assert_int_equal(import_as(f->db, "", IO_FEED_CSV,
                               "source,record_id,kind,id_number,occurred_on,amount,town_code\n"
                               "yb,1,medical_cost," LEAD ",2026-05-01,52000,371002001\n"
                               "yb,2,medical_cost," LEAD ",2026-05-01,300,\n",
                               &r),
                     WS_OK);
    json_decref(r);
    /* Another town's record, sent again with other content by a station: refused, nothing of it told. */
    const char *again = "source,record_id,kind,id_number,occurred_on,amount,town_code\n"
                        "yb,1,medical_cost," LEAD ",2026-05-02,1,371002002\n";
    for (int dry = 1; dry >= 0; dry--) {
        io_import_options opt = {.scope = "371002002", .actor = {0, "test"}, .today = TODAY, .dry_run = dry};
        assert_int_equal(io_import_feeds(f->db, &opt, IO_FEED_CSV, again, strlen(again), &r), WS_ERR_INVALID);
        json_t *e = only_error(r);
        assert_string_equal(text(e, "code"), "not_in_jurisdiction");
        assert_string_equal(text(e, "field"), "record_id");
        char *dump = json_dumps(r, 0);
        assert_null(strstr(dump, "52000"));
        assert_null(strstr(dump, "2026-05-01"));
        free(dump);
        json_decref(r);
    }
    /* Sent again the same by a station that did not send it: refused too, or it would confirm a guess. */
    refused(f->db, "371002002", IO_FEED_CSV,
            "source,record_id,kind,id_number,occurred_on,amount,town_code\n"
            "yb,1,medical_cost," LEAD ",2026-05-01,52000,371002002\n",
            "record_id", "not_in_jurisdiction");
    /* A record without a town is the city's; the town whose it is hears what changed. */
    refused(f->db, "371002", IO_FEED_CSV,
            "source,record_id,kind,id_number,occurred_on,amount,town_code\n"
            "yb,2,medical_cost," LEAD ",2026-05-01,300,371002001\n",
            "record_id", "not_in_jurisdiction");
    assert_int_equal(import_as(f->db, "371002001", IO_FEED_CSV, again, &r), WS_OK);
    assert_int_equal(num(r, "already_imported_changed"), 1);
    json_decref(r);
}

static void invisible_and_control_text_refused(void **state) {
    unit_db *f = *state;
    refused(f->db, "", IO_FEED_CSV,
            "source,record_id,kind,id_number,occurred_on\nybj\xE2\x80\x8B,1,death," LEAD ",2026-05-01\n", "source",
            "invisible_text");
    refused(f->db, "", IO_FEED_CSV,
            "source,record_id,kind,id_number,occurred_on\nybj,R1\xC2\xAD,death," LEAD ",2026-05-01\n", "record_id",
            "invisible_text");
    refused(f->db, "", IO_FEED_JSON,
            "[{\"source\": \"ybj\", \"record_id\": \"1\", \"kind\": \"death\", \"id_number\": \"" LEAD
            "\", \"occurred_on\": \"2026-05-01\", \"name\": \"\\u0007王\"}]",
            "name", "invalid_text");
    /* a note may have line breaks */
    json_t *r;
    assert_int_equal(import_as(f->db, "", IO_FEED_JSON,
                               "[{\"source\": \"ybj\", \"record_id\": \"1\", \"kind\": \"death\", \"id_number\": \"" LEAD
                               "\", \"occurred_on\": \"2026-05-01\", \"note\": \"一\\n二\"}]",
                               &r),
                     WS_OK);
    json_decref(r);
    assert_int_equal(count(f->db, 0, false), 1);
}

static void json_bom_empty_and_repeated_keys(void **state) {
    unit_db *f = *state;
    json_t *r;
    assert_int_equal(import_as(f->db, "", IO_FEED_JSON,
                               "\xEF\xBB\xBF[{\"source\": \"ybj\", \"record_id\": \"1\", \"kind\": \"death\", "
                               "\"id_number\": \"" LEAD "\", \"occurred_on\": \"2026-05-01\"}]",
                               &r),
                     WS_OK);
    json_decref(r);
    refused(f->db, "", IO_FEED_JSON, " \n", "", "empty_file");
    assert_int_equal(import_as(f->db, "", IO_FEED_JSON, "\"abc\"", &r), WS_ERR_INVALID);
    assert_non_null(strstr(text(only_error(r), "en"), "not JSON of the form"));
    json_decref(r);
    assert_int_equal(import_as(f->db, "", IO_FEED_JSON,
                               "[{\"source\": \"ybj\", \"source\": \"x\", \"record_id\": \"2\", \"kind\": \"death\", "
                               "\"id_number\": \"" LEAD "\", \"occurred_on\": \"2026-05-01\"}]",
                               &r),
                     WS_ERR_INVALID);
    json_t *e = only_error(r);
    assert_string_equal(text(e, "code"), "json_invalid");
    assert_non_null(strstr(text(e, "en"), "a field name appears twice"));
    json_decref(r);
}

/* The open tasks within the city. */
static int64_t open_tasks(store_db *db) {
    store_conn *c = store_read_acquire(db);
    store_task_query q = {.scope = "", .state = "open", .overdue = -1, .today = TODAY, .limit = 100};
    json_t *items;
    int64_t total = -1;
    assert_int_equal(store_tasks_list(c, &q, &items, &total), WS_OK);
    json_decref(items);
    store_read_release(c);
    return total;
}

static void signal_after_visit_and_household_closed(void **state) {
    unit_db *f = *state;
    core_synth *s = core_synth_new(11);
    core_household h;
    core_member *ms;
    size_t n;
    core_synth_household(s, "371002001", (core_date){2026, 1, 1}, &h, &ms, &n);
    h.registered_on = (core_date){2026, 1, 1};
    store_conn *w;
    int64_t hid;
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    assert_int_equal(store_write_finish(w, store_household_insert(w, &h, ms, n, true, 0, &hid)), WS_OK);
    char csv[512];
    snprintf(csv, sizeof csv, "source,record_id,kind,id_number,occurred_on\ncl,1,disability_certificate,%s,2026-05-20\n",
             ms[0].id.number);
    json_t *r;
    assert_int_equal(import(f->db, csv, &r), WS_OK);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(r, "alerts"), "raised")), 1);
    json_decref(r);
    assert_int_equal(open_tasks(f->db), 1);

    store_conn *c = store_read_acquire(f->db);
    store_task_query q = {.scope = "", .state = "open", .overdue = -1, .today = TODAY, .limit = 10};
    json_t *items;
    int64_t total;
    assert_int_equal(store_tasks_list(c, &q, &items, &total), WS_OK);
    json_t *task = json_array_get(items, 0);
    int64_t task_id = json_integer_value(json_object_get(task, "id"));
    int64_t alert_id = json_integer_value(json_object_get(task, "alert_id"));
    json_decref(items);
    store_read_release(c);
    store_visit_new v = {.household_id = hid, .task_id = task_id, .visited_on = {2026, 5, 28}, .visit_type = "home",
                         .findings = "已走访", .next_step = "none", .visitor_name = "test"};
    core_fielderrs errs = {0};
    int64_t vid;
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    assert_int_equal(store_write_finish(w, store_visit_create(w, "", &v, &errs, &vid)), WS_OK);
    core_fielderrs_free(&errs);
    assert_int_equal(open_tasks(f->db), 0);

    /* A new signal for the open alert: on a work list again, one task however many signals come. */
    snprintf(csv, sizeof csv,
             "source,record_id,kind,id_number,occurred_on\ncl,2,disability_certificate,%s,2026-05-30\n"
             "cl,3,disability_certificate,%s,2026-05-31\n",
             ms[0].id.number, ms[0].id.number);
    assert_int_equal(import(f->db, csv, &r), WS_OK);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(r, "alerts"), "merged")), 2);
    json_decref(r);
    assert_int_equal(open_tasks(f->db), 1);
    /* That task is about news from the day it was made (the clock's day, after TODAY): an earlier visit
    ** cannot answer it. */
    c = store_read_acquire(f->db);
    assert_int_equal(store_tasks_list(c, &q, &items, &total), WS_OK);
    v.task_id = json_integer_value(json_object_get(json_array_get(items, 0), "id"));
    json_decref(items);
    store_read_release(c);
    assert_true(v.task_id != task_id);
    v.visited_on = (core_date){2026, 5, 31};
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    assert_int_equal(store_write_finish(w, store_visit_create(w, "", &v, &errs, &vid)), WS_ERR_INVALID);
    assert_int_equal(errs.count, 1);
    assert_string_equal(errs.items[0].code, "before_alert");
    core_fielderrs_free(&errs);
    assert_int_equal(open_tasks(f->db), 1);

    /* Closing the household takes its task off the work list and closes its alert. */
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    assert_int_equal(store_write_finish(w, store_household_close(w, "", hid)), WS_OK);
    assert_int_equal(open_tasks(f->db), 0);
    c = store_read_acquire(f->db);
    json_t *a;
    assert_int_equal(store_alert_json(c, "", alert_id, TODAY, &a), WS_OK);
    store_read_release(c);
    assert_string_equal(text(a, "state"), "closed");
    assert_string_equal(text(a, "outcome"), "no_need");
    assert_string_equal(text(a, "outcome_note"), STORE_ALERT_HOUSEHOLD_CLOSED_NOTE);
    assert_string_equal(text(json_object_get(a, "system_note"), "zh"), STORE_ALERT_HOUSEHOLD_CLOSED_NOTE_ZH);
    assert_string_equal(text(json_object_get(a, "system_note"), "en"), STORE_ALERT_HOUSEHOLD_CLOSED_NOTE_EN);
    assert_string_equal(text(a, "head_name"), ms[0].name); /* the head it had */
    json_decref(a);

    for (size_t i = 0; i < n; i++) core_member_clear(&ms[i]);
    free(ms);
    core_household_clear(&h);
    core_synth_free(s);
}

/* The id of household hid's head (its first active member). */
static int64_t head_id(store_db *db, int64_t hid) {
    store_conn *c = store_read_acquire(db);
    core_member *ms;
    int64_t *ids, id;
    size_t n;
    assert_int_equal(store_members_load(c, hid, &ms, &ids, &n), WS_OK);
    assert_true(n >= 1);
    id = ids[0];
    store_members_free(ms, ids, n);
    store_read_release(c);
    return id;
}

static int64_t insert_synth(store_db *db, unsigned seed, const char *town, const char *number, core_member *head_out) {
    core_synth *s = core_synth_new(seed);
    core_household h;
    core_member *ms;
    size_t n;
    core_synth_household(s, town, (core_date){2026, 1, 1}, &h, &ms, &n);
    h.registered_on = (core_date){2026, 1, 1};
    free(h.household_no); /* the generator's numbers repeat across seeds */
    char no[16];
    snprintf(no, sizeof no, "T-%u", seed);
    h.household_no = strdup(no);
    for (size_t k = 1; k < n; k++) core_member_clear(&ms[k]);
    ms[0].has_id = core_idnum_parse(number, core_date_ymd(TODAY), &ms[0].id) == CORE_IDNUM_OK;
    assert_true(ms[0].has_id);
    store_conn *w;
    int64_t hid;
    assert_int_equal(store_write_begin(db, &w), WS_OK);
    assert_int_equal(store_write_finish(w, store_household_insert(w, &h, ms, 1, true, 0, &hid)), WS_OK);
    *head_out = ms[0];
    free(ms);
    core_household_clear(&h);
    core_synth_free(s);
    return hid;
}

/* The open alerts of household hid. */
static int64_t open_alerts(store_db *db, int64_t hid) {
    store_conn *c = store_read_acquire(db);
    store_alert_query q = {.scope = "", .state = "open", .household_id = hid, .today = TODAY, .limit = 10};
    json_t *items;
    int64_t total = -1;
    assert_int_equal(store_alerts_list(c, &q, &items, &total), WS_OK);
    json_decref(items);
    store_read_release(c);
    return total;
}

/* The city's households newly found in TODAY's month (alerts open on the clock's day, after it). */
static json_int_t newly_found(store_db *db) {
    store_conn *c = store_read_acquire(db);
    json_t *sum;
    assert_int_equal(store_discovery_summary(c, "3710", TODAY, &sum), WS_OK);
    store_read_release(c);
    json_int_t n = json_integer_value(json_object_get(sum, "newly_found_this_month"));
    json_decref(sum);
    return n;
}

/* A station's own file sent again after its person moved to another town is already imported; other
** content under the same record id is still refused. */
static void own_record_sent_again_after_its_person_moved(void **state) {
    unit_db *f = *state;
    const char *file = "source,record_id,kind,id_number,occurred_on,amount,town_code\n"
                       "yb,9,medical_cost," LEAD ",2026-05-01,52000,371002001\n";
    json_t *r;
    assert_int_equal(import_as(f->db, "371002001", IO_FEED_CSV, file, &r), WS_OK);
    assert_int_equal(num(r, "leads"), 1);
    json_decref(r);
    core_member head;
    int64_t hid = insert_synth(f->db, 31, "371002002", LEAD, &head);
    json_t *rec = stored(f->db, "yb", "9");
    assert_int_equal(json_integer_value(json_object_get(rec, "household_id")), hid);
    json_decref(rec);
    for (int dry = 1; dry >= 0; dry--) {
        io_import_options opt = {.scope = "371002001", .actor = {0, "test"}, .today = TODAY, .dry_run = dry};
        assert_int_equal(io_import_feeds(f->db, &opt, IO_FEED_CSV, file, strlen(file), &r), WS_OK);
        assert_int_equal(num(r, "already_imported"), 1);
        assert_int_equal(num(r, "imported"), 0);
        assert_int_equal(num(r, "already_imported_changed"), 0);
        json_decref(r);
    }
    refused(f->db, "371002001", IO_FEED_CSV,
            "source,record_id,kind,id_number,occurred_on,amount,town_code\n"
            "yb,9,medical_cost," LEAD ",2026-05-01,52001,371002001\n",
            "record_id", "not_in_jurisdiction");
    core_member_clear(&head);
}

static void records_follow_the_person(void **state) {
    unit_db *f = *state;
    const char *x = "110101199003070054", *y = LEAD;
    /* X's number typed for household A's head by mistake; a department reports X. */
    core_member a_head, b_head;
    int64_t a = insert_synth(f->db, 21, "371002001", x, &a_head);
    json_t *r;
    assert_int_equal(import(f->db,
                            "source,record_id,kind,id_number,occurred_on,town_code\n"
                            "cl,1,disability_certificate,110101199003070054,2026-05-20,371002001\n",
                            &r),
                     WS_OK);
    assert_int_equal(num(r, "matched"), 1);
    json_decref(r);
    assert_int_equal(open_tasks(f->db), 1);
    /* Corrected to Y: the record is about someone else, a lead again, and its alert withdrawn. */
    core_member fixed = a_head;
    assert_int_equal(core_idnum_parse(y, core_date_ymd(TODAY), &fixed.id), CORE_IDNUM_OK);
    store_conn *w;
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    assert_int_equal(store_write_finish(w, store_member_update(w, a, head_id(f->db, a), &fixed)), WS_OK);
    assert_int_equal(count(f->db, a, false), 0);
    assert_int_equal(count(f->db, 0, true), 1);
    assert_int_equal(open_tasks(f->db), 0);
    store_conn *c = store_read_acquire(f->db);
    store_alert_query q = {.scope = "", .state = "closed", .limit = 10};
    json_t *items;
    int64_t total;
    assert_int_equal(store_alerts_list(c, &q, &items, &total), WS_OK);
    assert_int_equal(total, 1);
    int64_t withdrawn = json_integer_value(json_object_get(json_array_get(items, 0), "id"));
    json_decref(items);
    json_t *alert;
    assert_int_equal(store_alert_json(c, "", withdrawn, TODAY, &alert), WS_OK);
    store_read_release(c);
    assert_string_equal(text(alert, "outcome_note"), STORE_ALERT_WITHDRAWN_NOTE);
    assert_string_equal(text(json_object_get(alert, "system_note"), "en"), STORE_ALERT_WITHDRAWN_NOTE_EN);
    json_decref(alert);
    assert_int_equal(newly_found(f->db), 0); /* the withdrawn alert found no one */
    /* X registered: the record is theirs and raises an alert there. */
    int64_t b = insert_synth(f->db, 22, "371002001", x, &b_head);
    assert_int_equal(count(f->db, b, false), 1);
    assert_int_equal(open_tasks(f->db), 1);
    assert_int_equal(newly_found(f->db), 1);
    /* X leaves B: the record stays with B as its history until X is a member elsewhere, then follows X. */
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    assert_int_equal(store_write_finish(w, store_member_remove(w, b, head_id(f->db, b))), WS_OK);
    assert_int_equal(count(f->db, b, false), 1);
    assert_int_equal(count(f->db, 0, true), 0);
    b_head.relation = CORE_REL_OTHER;
    int64_t mid;
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    assert_int_equal(store_write_finish(w, store_member_insert(w, a, &b_head, &mid)), WS_OK);
    assert_int_equal(count(f->db, a, false), 1);
    assert_int_equal(count(f->db, b, false), 0);
    /* B's alert, raised by that record, is withdrawn; A is told afresh. */
    assert_int_equal(open_alerts(f->db, b), 0);
    assert_int_equal(open_alerts(f->db, a), 1);
    assert_int_equal(open_tasks(f->db), 1);
    /* A closed (its alert with it), X registered in C: C is told, though A's closed alert keeps the record
    ** as its history. */
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    assert_int_equal(store_write_finish(w, store_household_close(w, "", a)), WS_OK);
    assert_int_equal(open_tasks(f->db), 0);
    core_member c_head;
    int64_t hc = insert_synth(f->db, 23, "371002001", x, &c_head);
    assert_int_equal(count(f->db, hc, false), 1);
    assert_int_equal(open_alerts(f->db, hc), 1);
    assert_int_equal(open_tasks(f->db), 1);
    core_member_clear(&a_head);
    core_member_clear(&b_head);
    core_member_clear(&c_head);
}

/* The leads scope sees. */
static int64_t leads_in(store_db *db, const char *scope) { return count_in(db, scope, 0, true); }

/* A record that named no town, unlinked by corrections in two towns: a lead of the later one each time. */
static void corrected_lead_goes_to_the_last_town(void **state) {
    unit_db *f = *state;
    const char *x = "110101199003070054";
    core_member a_head, d_head, fixed;
    int64_t a = insert_synth(f->db, 31, "371002001", x, &a_head);
    json_t *r;
    assert_int_equal(
        import(f->db, "source,record_id,kind,id_number,occurred_on\ncl,9,job_loss,110101199003070054,2026-05-20\n", &r),
        WS_OK);
    json_decref(r);
    fixed = a_head;
    assert_int_equal(core_idnum_parse(LEAD, core_date_ymd(TODAY), &fixed.id), CORE_IDNUM_OK);
    store_conn *w;
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    assert_int_equal(store_write_finish(w, store_member_update(w, a, head_id(f->db, a), &fixed)), WS_OK);
    assert_int_equal(leads_in(f->db, "371002001"), 1);
    int64_t d = insert_synth(f->db, 32, "371002002", x, &d_head);
    assert_int_equal(count(f->db, d, false), 1);
    fixed = d_head;
    assert_int_equal(core_idnum_parse("110101199003070070", core_date_ymd(TODAY), &fixed.id), CORE_IDNUM_OK);
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    assert_int_equal(store_write_finish(w, store_member_update(w, d, head_id(f->db, d), &fixed)), WS_OK);
    assert_int_equal(leads_in(f->db, "371002002"), 1);
    assert_int_equal(leads_in(f->db, "371002001"), 0);
    /* a record that named its town keeps it */
    assert_int_equal(import(f->db, "source,record_id,kind,id_number,occurred_on,town_code\n"
                                   "cl,10,job_loss,110101199003070070,2026-05-21,371002001\n", &r),
                     WS_OK);
    json_decref(r);
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    fixed.id = d_head.id;
    assert_int_equal(store_write_finish(w, store_member_update(w, d, head_id(f->db, d), &fixed)), WS_OK);
    assert_int_equal(leads_in(f->db, "371002001"), 1);
    core_member_clear(&a_head);
    core_member_clear(&d_head);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(local_day),
        cmocka_unit_test_setup_teardown(lead_linked_later, unit_db_setup, unit_db_teardown),
        cmocka_unit_test_setup_teardown(bad_file_writes_nothing, unit_db_setup, unit_db_teardown),
        cmocka_unit_test_setup_teardown(json_amounts_exact_and_booleans_strict, unit_db_setup, unit_db_teardown),
        cmocka_unit_test_setup_teardown(amounts_by_kind_and_dates_from_2000, unit_db_setup, unit_db_teardown),
        cmocka_unit_test_setup_teardown(json_invalid_says_where_not_what, unit_db_setup, unit_db_teardown),
        cmocka_unit_test_setup_teardown(extra_cells_refused, unit_db_setup, unit_db_teardown),
        cmocka_unit_test_setup_teardown(sources_folded_and_lower_cased, unit_db_setup, unit_db_teardown),
        cmocka_unit_test_setup_teardown(changed_resend_warned_and_kept, unit_db_setup, unit_db_teardown),
        cmocka_unit_test_setup_teardown(lead_below_city_needs_town, unit_db_setup, unit_db_teardown),
        cmocka_unit_test_setup_teardown(resend_from_outside_jurisdiction, unit_db_setup, unit_db_teardown),
        cmocka_unit_test_setup_teardown(own_record_sent_again_after_its_person_moved, unit_db_setup, unit_db_teardown),
        cmocka_unit_test_setup_teardown(invisible_and_control_text_refused, unit_db_setup, unit_db_teardown),
        cmocka_unit_test_setup_teardown(json_bom_empty_and_repeated_keys, unit_db_setup, unit_db_teardown),
        cmocka_unit_test_setup_teardown(signal_after_visit_and_household_closed, unit_db_setup, unit_db_teardown),
        cmocka_unit_test_setup_teardown(records_follow_the_person, unit_db_setup, unit_db_teardown),
        cmocka_unit_test_setup_teardown(corrected_lead_goes_to_the_last_town, unit_db_setup, unit_db_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
