/*
** test_idnum.c: resident ID numbers: every vector of ../shared/data/vectors/gb11643.json, leap days,
** birth dates in the future, sex from the 17th digit, masking, placeholders, Excel's scientific notation
** and full-width digits.
*/
#include "unit.h"

#include "../../src/core/idnum.h"

#include <jansson.h>

enum { TODAY = 20250601 };

/* 17 leading digits (region, birth date yyyymmdd, sequence) followed by their check character. */
static void make_number(const char *region, const char *ymd, const char *seq, char out[19]) {
    memcpy(out, region, 6);
    memcpy(out + 6, ymd, 8);
    memcpy(out + 14, seq, 3);
    out[17] = core_idnum_check_char(out);
    out[18] = '\0';
}

static core_idnum_status parse(const char *text, core_idnum *id) { return core_idnum_parse(text, TODAY, id); }

static void expect_each(json_t *list, core_idnum_status want, const char *what) {
    size_t i;
    json_t *v;
    assert_true(json_is_array(list));
    assert_true(json_array_size(list) > 0);
    json_array_foreach(list, i, v) {
        const char *text = json_string_value(v);
        core_idnum id;
        core_idnum_status got = parse(text, &id);
        if (got != want) fail_msg("%s vector %s: status %d, want %d", what, text, got, want);
        if (want == CORE_IDNUM_OK) assert_string_equal(id.number, text);
    }
}

static void shared_vectors(void **state) {
    char path[512];
    if (!unit_shared_path(path, sizeof path, "vectors/gb11643.json")) skip();
    json_error_t err;
    json_t *root = json_load_file(path, 0, &err);
    if (!root) fail_msg("%s: %s", path, err.text);
    expect_each(json_object_get(root, "valid"), CORE_IDNUM_OK, "valid");
    expect_each(json_object_get(root, "bad_check_digit"), CORE_IDNUM_CHECK, "bad_check_digit");
    expect_each(json_object_get(root, "bad_date"), CORE_IDNUM_DATE, "bad_date");

    const char *raw;
    json_t *v;
    json_t *norm = json_object_get(root, "valid_after_normalising");
    assert_true(json_object_size(norm) > 0);
    json_object_foreach(norm, raw, v) {
        core_idnum id;
        assert_int_equal(parse(raw, &id), CORE_IDNUM_OK);
        assert_string_equal(id.number, json_string_value(v));
    }

    size_t i;
    json_array_foreach(json_object_get(root, "bad_format"), i, v) {
        const char *text = json_string_value(v);
        core_idnum id;
        core_idnum_status got = parse(text, &id);
        if (strcmp(text, "3.71002E+17") == 0) assert_int_equal(got, CORE_IDNUM_EXCEL);
        else if (got != CORE_IDNUM_FORMAT && got != CORE_IDNUM_EXCEL)
            fail_msg("bad_format vector %s: status %d", text, got);
    }
    json_decref(root);
}

static void leap_days(void **state) {
    char n[19];
    core_idnum id;
    make_number("371002", "19910229", "123", n);
    assert_int_equal(parse(n, &id), CORE_IDNUM_DATE);
    make_number("371002", "20000229", "123", n);
    assert_int_equal(parse(n, &id), CORE_IDNUM_OK);
    assert_int_equal(id.birth_year, 2000);
    assert_int_equal(id.birth_month, 2);
    assert_int_equal(id.birth_day, 29);
    make_number("371002", "19000229", "123", n); /* 1900 was not a leap year */
    assert_int_equal(parse(n, &id), CORE_IDNUM_DATE);
    make_number("371002", "19910431", "123", n);
    assert_int_equal(parse(n, &id), CORE_IDNUM_DATE);
    make_number("371002", "19910001", "123", n);
    assert_int_equal(parse(n, &id), CORE_IDNUM_DATE);
}

static void date_range(void **state) {
    char n[19];
    core_idnum id;
    make_number("371002", "20250602", "123", n); /* tomorrow */
    assert_int_equal(parse(n, &id), CORE_IDNUM_DATE);
    make_number("371002", "20991231", "123", n);
    assert_int_equal(parse(n, &id), CORE_IDNUM_DATE);
    make_number("371002", "20250601", "123", n); /* born today */
    assert_int_equal(parse(n, &id), CORE_IDNUM_OK);
    make_number("371002", "17991231", "123", n);
    assert_int_equal(parse(n, &id), CORE_IDNUM_DATE);
}

static void sex_from_17th_digit(void **state) {
    static const struct {
        const char *seq;
        char sex;
    } cases[] = {{"123", 'M'}, {"124", 'F'}, {"001", 'M'}, {"000", 'F'}, {"999", 'M'}, {"998", 'F'}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char n[19];
        core_idnum id;
        make_number("371002", "19800101", cases[i].seq, n);
        assert_int_equal(parse(n, &id), CORE_IDNUM_OK);
        assert_int_equal(id.sex, cases[i].sex);
    }
}

static void masking(void **state) {
    char out[19];
    core_idnum_mask("11010519491231002X", out);
    assert_string_equal(out, "1101**********002X");
    /* A number of the form in the API docs: region 3710.., sequence 123 and check X. */
    char n[19];
    for (int day = 1; day <= 28; day++) {
        char ymd[9] = {'1', '9', '9', '0', '0', '1', (char)('0' + day / 10), (char)('0' + day % 10), '\0'};
        make_number("371002", ymd, "123", n);
        if (n[17] == 'X') break;
    }
    assert_int_equal(n[17], 'X');
    core_idnum_mask(n, out);
    assert_string_equal(out, "3710**********123X");
}

static void placeholders_and_spaces(void **state) {
    static const char *const missing[] = {"", "无", "暂无", "待补", "-", "/", "空", "  无  ", "\xE3\x80\x80"};
    core_idnum id;
    assert_int_equal(core_idnum_parse(NULL, TODAY, &id), CORE_IDNUM_MISSING);
    for (size_t i = 0; i < sizeof missing / sizeof missing[0]; i++)
        assert_int_equal(parse(missing[i], &id), CORE_IDNUM_MISSING);
    assert_int_equal(parse("  360426199101010071\xE3\x80\x80", &id), CORE_IDNUM_OK);
    assert_string_equal(id.number, "360426199101010071");
    assert_int_equal(parse(" 44011320141005001x ", &id), CORE_IDNUM_OK);
    assert_string_equal(id.number, "44011320141005001X");
}

static void excel_and_format(void **state) {
    static const char *const excel[] = {"3.71002E+17", "3.71002e17", "3.71002E17", " 3.71002E+17 ", "4.40113E+17"};
    static const char *const format[] = {
        "360426910101007",      /* the old 15-digit form */
        "36042619910101007Y",   "3604261991010100 1",  "３６０４２６１９９１０１０１００７",
        "36042619910101007XX", "X60426199101010071", "371002-19910101-0071", "３６０４２６１９９１０１０１００７Ｙ",
        "３６０４２６１９９１０１０１００７１１", "３６０４２６１９９１０１０１００　１",
    };
    core_idnum id;
    for (size_t i = 0; i < sizeof excel / sizeof excel[0]; i++)
        assert_int_equal(parse(excel[i], &id), CORE_IDNUM_EXCEL);
    for (size_t i = 0; i < sizeof format / sizeof format[0]; i++)
        if (parse(format[i], &id) != CORE_IDNUM_FORMAT) fail_msg("\"%s\" should be a format error", format[i]);
}

/* Full-width digits and Ｘ/ｘ, as a Chinese input method in full-width mode types them, are the same number. */
static void full_width(void **state) {
    static const struct {
        const char *text, *number;
    } ok[] = {
        {"３６０４２６１９９１０１０１００７１", "360426199101010071"},
        {"\xE3\x80\x80３６０４２６１９９１０１０１００７１ ", "360426199101010071"},
        {"３６０４２６1991０１０１００７1", "360426199101010071"},
        {"４４０１１３２０１４１００５００１Ｘ", "44011320141005001X"},
        {"４４０１１３２０１４１００５００１ｘ", "44011320141005001X"},
        {"44011320141005001ｘ", "44011320141005001X"},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        core_idnum id;
        core_idnum_status got = parse(ok[i].text, &id);
        if (got != CORE_IDNUM_OK) fail_msg("\"%s\": status %d", ok[i].text, got);
        assert_string_equal(id.number, ok[i].number);
    }
    core_idnum id;
    assert_int_equal(parse("４４０１１３２０１４１００５００１９", &id), CORE_IDNUM_CHECK);
    assert_int_equal(parse("３６０４２６１９９１１３０１００７９", &id), CORE_IDNUM_DATE);
    assert_int_equal(parse("３.７１００２Ｅ＋１７", &id), CORE_IDNUM_EXCEL);
    assert_int_equal(parse("－", &id), CORE_IDNUM_MISSING);
    /* Longer than any ID number, in any width. */
    assert_int_equal(parse("３６０４２６１９９１０１０１００７１３６０４２６１９９１０１０１００７１", &id), CORE_IDNUM_FORMAT);
}

static void failure_leaves_output(void **state) {
    core_idnum id;
    memset(&id, 0x5A, sizeof id);
    core_idnum before = id;
    assert_int_equal(parse("36042619910102009X", &id), CORE_IDNUM_CHECK);
    assert_memory_equal(&id, &before, sizeof id);
}

static void messages(void **state) {
    assert_string_equal(core_idnum_status_code(CORE_IDNUM_CHECK), "id_check_digit");
    assert_string_equal(core_idnum_status_zh(CORE_IDNUM_CHECK), "身份证号校验位错误");
    assert_string_equal(core_idnum_status_en(CORE_IDNUM_CHECK), "ID number check digit is wrong");
    assert_non_null(strstr(core_idnum_status_en(CORE_IDNUM_EXCEL), "scientific notation"));
    assert_non_null(strstr(core_idnum_status_en(CORE_IDNUM_EXCEL), "Text"));
    assert_non_null(strstr(core_idnum_status_zh(CORE_IDNUM_EXCEL), "科学计数法"));
    assert_non_null(strstr(core_idnum_status_zh(CORE_IDNUM_EXCEL), "文本"));
    core_idnum_status all[] = {CORE_IDNUM_EXCEL, CORE_IDNUM_FORMAT, CORE_IDNUM_DATE, CORE_IDNUM_CHECK};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        assert_true(strlen(core_idnum_status_code(all[i])) > 0);
        assert_true(strlen(core_idnum_status_zh(all[i])) > 0);
        assert_true(strlen(core_idnum_status_en(all[i])) > 0);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shared_vectors),     cmocka_unit_test(leap_days),
        cmocka_unit_test(date_range),         cmocka_unit_test(sex_from_17th_digit),
        cmocka_unit_test(masking),            cmocka_unit_test(placeholders_and_spaces),
        cmocka_unit_test(excel_and_format),   cmocka_unit_test(full_width),
        cmocka_unit_test(failure_leaves_output),
        cmocka_unit_test(messages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
