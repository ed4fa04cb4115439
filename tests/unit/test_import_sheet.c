/*
** test_import_sheet.c: what every spreadsheet import shares (src/io/import_sheet.c): amounts in yuan with
** commas only as thousands separators, and a row's cells beyond the header refused, not dropped.
*/
#include "unit.h"

#include "../../src/io/import_sheet.h"

#include <string.h>

static void yuan_commas_only_between_thousands(void **state) {
    (void)state;
    static const struct {
        const char *text;
        int64_t fen; /* -1: refused */
    } cases[] = {
        {"820", 82000},
        {"820.5", 82050},
        {"1,065.00", 106500},
        {"30,000", 3000000},
        {"1,234,567.50", 123456750},
        {"999,999,999.99", 99999999999},
        {"0.01", 1},
        {"300,00", -1}, /* not 30,000 yuan */
        {"1,2,3", -1},  /* not 123 */
        {"1,0000", -1},
        {"1234,567", -1},
        {",100", -1},
        {"100,", -1},
        {"1,,000", -1},
        {"1,000,", -1},
        {"1,000.5,0", -1},
        {"1.005", -1},
        {"820.", -1},
        {".5", -1},
        {"-5", -1},
        {"1,000,000,000", -1}, /* a billion yuan */
        {"", -1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t fen = -1;
        bool ok = io_sheet_yuan(cases[i].text, &fen);
        if (ok != (cases[i].fen >= 0) || (ok && fen != cases[i].fen))
            fail_msg("\"%s\": got %s %lld, want %lld", cases[i].text, ok ? "fen" : "refused", (long long)fen,
                     (long long)cases[i].fen);
    }
}

static const io_sheet_column COLUMNS[] = {
    {"name", true, {"姓名"}},
    {"amount", false, {"金额"}},
};

/* Reads csv into s; the caller frees s. */
static ws_err read_sheet(io_sheet *s, const char *csv) {
    io_sheet_init(s, COLUMNS, 2);
    return io_sheet_read(s, csv, strlen(csv));
}

static void extra_cells_refused_trailing_empty_ones_not(void **state) {
    (void)state;
    io_sheet s;
    /* Excel pads rows with commas; the header's own trailing empty cells do not widen it. */
    assert_int_equal(read_sheet(&s, "姓名,金额,,\n张三,100,,\n李四,200,\n王五,300, \n"), WS_OK);
    assert_int_equal(s.nerrors, 0);
    assert_string_equal(io_sheet_cell(&s, 3, 1), "300");
    io_sheet_free(&s);

    /* A stray comma in "1,200" shifts the row: the 00 beyond the header is an error, not dropped. */
    assert_int_equal(read_sheet(&s, "姓名,金额,,\n张三,100\n李四,1,200\n王五,3,,x\n"), WS_OK);
    assert_int_equal(s.nerrors, 2);
    json_t *e = json_array_get(s.errors, 0);
    assert_int_equal(json_integer_value(json_object_get(e, "row")), 3);
    assert_string_equal(json_string_value(json_object_get(e, "code")), "extra_cells");
    assert_string_equal(json_string_value(json_object_get(e, "column")), "");
    assert_non_null(strstr(json_string_value(json_object_get(e, "zh")), "第 3 行"));
    assert_non_null(strstr(json_string_value(json_object_get(e, "en")), "Line 3"));
    assert_non_null(strstr(json_string_value(json_object_get(e, "en")), "column C"));
    e = json_array_get(s.errors, 1);
    assert_int_equal(json_integer_value(json_object_get(e, "row")), 4);
    assert_non_null(strstr(json_string_value(json_object_get(e, "en")), "column D"));
    io_sheet_free(&s);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(yuan_commas_only_between_thousands),
        cmocka_unit_test(extra_cells_refused_trailing_empty_ones_not),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
