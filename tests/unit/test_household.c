/*
** test_household.c: the code tables (exactly docs/api.md's codes), member and household validation with
** their field names, codes and bilingual messages (invisible characters in names refused, full-width
** digits read, the phone message as the rules are), and the rules across members: one head, no ID
** number twice, placeholders never duplicates.
*/
#include "unit.h"

#include "../../src/core/household.h"

static const core_date TODAY = {2025, 6, 1};

/* The one error for field, or a failure naming what was there instead. */
static const core_fielderr *only_error(const core_fielderrs *errs, const char *field) {
    for (size_t i = 0; i < errs->count; i++)
        if (strcmp(errs->items[i].field, field) == 0) return &errs->items[i];
    for (size_t i = 0; i < errs->count; i++) print_message("  have %s: %s\n", errs->items[i].field, errs->items[i].en);
    fail_msg("no error for %s", field);
    return NULL;
}

static void expect_error(const core_fielderrs *errs, const char *field, const char *code) {
    const core_fielderr *e = only_error(errs, field);
    assert_string_equal(e->code, code);
    assert_true(strlen(e->zh) > 0);
    assert_true(strlen(e->en) > 0);
    assert_string_not_equal(e->zh, e->en);
}

/* Writes n copies of s into buf (size bytes), NUL-terminated. */
static char *repeat(char *buf, size_t size, const char *s, int n) {
    size_t len = strlen(s), at = 0;
    for (int i = 0; i < n && at + len < size; i++, at += len) memcpy(buf + at, s, len);
    buf[at] = '\0';
    return buf;
}

/* ---- tables ----------------------------------------------------------------------------------- */

static void category_table(void **state) {
    static const struct {
        core_category c;
        const char *code, *zh;
    } want[] = {
        {CORE_CAT_TEKUN, "tekun", "特困人员"},
        {CORE_CAT_DIBAO, "dibao", "低保对象"},
        {CORE_CAT_DIBAO_EDGE, "dibao_edge", "低保边缘家庭"},
        {CORE_CAT_RIGID_EXPENSE, "rigid_expense", "刚性支出困难家庭"},
        {CORE_CAT_MONITORED, "monitored", "防止返贫致贫监测对象"},
        {CORE_CAT_OTHER, "other", "其他困难群众"},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        assert_string_equal(core_category_code(want[i].c), want[i].code);
        assert_string_equal(core_category_zh(want[i].c), want[i].zh);
        assert_true(strlen(core_category_en(want[i].c)) > 0);
        assert_int_equal(core_category_parse(want[i].code), want[i].c);
        assert_int_equal(core_category_parse(want[i].zh), want[i].c);
    }
    assert_int_equal(core_category_parse(" 低保对象\xE3\x80\x80"), CORE_CAT_DIBAO);
    assert_int_equal(core_category_parse("低保"), CORE_CAT_DIBAO);
    assert_int_equal(core_category_parse("特困"), CORE_CAT_TEKUN);
    assert_int_equal(core_category_parse("DIBAO"), CORE_CAT_DIBAO);
    assert_int_equal(core_category_parse("低保2"), CORE_CAT_NONE);
    assert_int_equal(core_category_parse(""), CORE_CAT_NONE);
    assert_int_equal(core_category_parse(NULL), CORE_CAT_NONE);
    assert_string_equal(core_category_code(CORE_CAT_NONE), "");
    assert_string_equal(core_category_code(CORE_CAT_COUNT), "");
}

static void relation_table(void **state) {
    static const struct {
        core_relation r;
        const char *code, *zh;
    } want[] = {
        {CORE_REL_HEAD, "head", "户主"},
        {CORE_REL_SPOUSE, "spouse", "配偶"},
        {CORE_REL_CHILD, "child", "子女"},
        {CORE_REL_PARENT, "parent", "父母"},
        {CORE_REL_GRANDCHILD, "grandchild", "孙子女"},
        {CORE_REL_GRANDPARENT, "grandparent", "祖父母"},
        {CORE_REL_SIBLING, "sibling", "兄弟姐妹"},
        {CORE_REL_CHILD_IN_LAW, "child_in_law", "儿媳/女婿"},
        {CORE_REL_OTHER, "other", "其他"},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        assert_string_equal(core_relation_code(want[i].r), want[i].code);
        assert_string_equal(core_relation_zh(want[i].r), want[i].zh);
        assert_true(strlen(core_relation_en(want[i].r)) > 0);
        assert_int_equal(core_relation_parse(want[i].code), want[i].r);
        assert_int_equal(core_relation_parse(want[i].zh), want[i].r);
    }
    static const struct {
        const char *text;
        core_relation r;
    } aliases[] = {{"本人", CORE_REL_HEAD},  {"妻子", CORE_REL_SPOUSE},       {"丈夫", CORE_REL_SPOUSE},
                   {"儿子", CORE_REL_CHILD}, {"女儿", CORE_REL_CHILD},        {"母亲", CORE_REL_PARENT},
                   {"孙女", CORE_REL_GRANDCHILD}, {"奶奶", CORE_REL_GRANDPARENT}, {"儿媳", CORE_REL_CHILD_IN_LAW},
                   {"女婿", CORE_REL_CHILD_IN_LAW}, {"哥哥", CORE_REL_SIBLING}, {"邻居", CORE_REL_NONE}};
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        assert_int_equal(core_relation_parse(aliases[i].text), aliases[i].r);
}

/* ---- members ---------------------------------------------------------------------------------- */

static void member_with_id(void **state) {
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    core_member m;
    core_member_in in = {.name = "\xE3\x80\x80张三 ", .id_number = "360426199101010071", .relation = "户主",
                         .phone = "138 1234 5678", .disability_grade = "二级", .serious_illness = "是"};
    assert_true(core_member_validate(&in, "", TODAY, &m, &errs));
    assert_int_equal(errs.count, 0);
    assert_string_equal(m.name, "张三");
    assert_true(m.has_id);
    assert_string_equal(m.id.number, "360426199101010071");
    assert_int_equal(m.sex, 'M');
    assert_true(m.has_birth);
    assert_int_equal(core_date_ymd(m.birth), 19910101);
    assert_int_equal(m.relation, CORE_REL_HEAD);
    assert_string_equal(m.phone, "13812345678");
    assert_int_equal(m.disability_grade, 2);
    assert_true(m.serious_illness);
    core_member_clear(&m);

    /* Sex and birth date that agree with the number are fine; the number is the truth. */
    in.sex = "男";
    in.birth_date = "1991/1/1";
    assert_true(core_member_validate(&in, "", TODAY, &m, &errs));
    core_member_clear(&m);

    in.sex = "F";
    in.birth_date = "1991-01-02";
    assert_false(core_member_validate(&in, "members[1].", TODAY, &m, &errs));
    assert_int_equal(errs.count, 2);
    expect_error(&errs, "members[1].sex", "sex_mismatch");
    expect_error(&errs, "members[1].birth_date", "birth_date_mismatch");
    assert_null(m.name);
    assert_false(m.has_id);
    core_fielderrs_free(&errs);
}

static void member_without_id(void **state) {
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    core_member m;
    core_member_in in = {.name = "小宝", .id_number = "暂无", .relation = "孙子"};
    assert_false(core_member_validate(&in, "", TODAY, &m, &errs));
    assert_int_equal(errs.count, 2);
    expect_error(&errs, "sex", "required");
    expect_error(&errs, "birth_date", "required");
    core_fielderrs_clear(&errs);

    in.sex = "女";
    in.birth_date = "2024年1月5日";
    assert_true(core_member_validate(&in, "", TODAY, &m, &errs));
    assert_false(m.has_id);
    assert_int_equal(m.sex, 'F');
    assert_true(m.has_birth);
    assert_int_equal(core_date_ymd(m.birth), 20240105);
    assert_int_equal(m.disability_grade, 0);
    assert_false(m.serious_illness);
    assert_string_equal(m.phone, "");
    core_member_clear(&m);

    in.sex = "X";
    in.birth_date = "2025-06-02";
    assert_false(core_member_validate(&in, "", TODAY, &m, &errs));
    expect_error(&errs, "sex", "sex_invalid");
    expect_error(&errs, "birth_date", "date_future");
    core_fielderrs_clear(&errs);

    in.sex = "M";
    in.birth_date = "1899-12-31";
    assert_false(core_member_validate(&in, "", TODAY, &m, &errs));
    expect_error(&errs, "birth_date", "date_too_early");
    core_fielderrs_free(&errs);
}

static void member_id_errors(void **state) {
    static const struct {
        const char *id, *code;
    } cases[] = {
        {"360426199101010072", "id_check_digit"},
        {"3.71002E+17", "id_excel"},
        {"36042619910101007", "id_format"},
        {"360426199113010079", "id_date"},
        {"440524188001010014", "id_date"}, /* a valid number, but born in 1880 */
    };
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        core_member m;
        core_member_in in = {.name = "李四", .id_number = cases[i].id, .relation = "head"};
        assert_false(core_member_validate(&in, "members[0].", TODAY, &m, &errs));
        assert_int_equal(errs.count, 1);
        expect_error(&errs, "members[0].id_number", cases[i].code);
        core_fielderrs_clear(&errs);
    }
    core_member m;
    /* Full-width digits, as a Chinese input method types them, are the same number. */
    core_member_in fw = {.name = "李四", .id_number = "３６０４２６１９９１０１０１００７１", .relation = "head"};
    assert_true(core_member_validate(&fw, "", TODAY, &m, &errs));
    assert_string_equal(m.id.number, "360426199101010071");
    core_member_clear(&m);
    core_member_in in = {.name = "李四", .id_number = "360426199101010072", .relation = "head"};
    core_member_validate(&in, "", TODAY, &m, &errs);
    assert_string_equal(errs.items[0].zh, "身份证号校验位错误");
    assert_string_equal(errs.items[0].en, "ID number check digit is wrong");
    core_fielderrs_free(&errs);
}

static void member_names(void **state) {
    char long_name[256], max_name[256];
    repeat(max_name, sizeof max_name, "𡐤", 50); /* 50 code points, 200 bytes */
    repeat(long_name, sizeof long_name, "𡐤", 51);
    static const struct {
        const char *name, *code; /* code NULL: accepted */
    } cases[] = {
        {"𡐤", NULL},       {"欧阳娜娜", NULL},  {"Ayşe Öztürk", NULL}, {"阿卜杜·热合曼", NULL},
        {"", "required"},   {"  ", "required"}, {"\xE3\x80\x80", "required"}, {NULL, "required"},
        {"张\n三", "invalid_text"}, {"张\x01三", "invalid_text"}, {"张\xC0\xAF", "invalid_text"},
        /* invisible format characters: a look-alike of 张三 that a search for 张三 would not find */
        {"张\u200B三", "invisible_text"}, {"张\u200D三", "invisible_text"}, {"\u202E张三", "invisible_text"},
        {"张\u2060三", "invisible_text"}, {"张三\u2066", "invisible_text"}, {"\uFEFF张三", "invisible_text"},
        {"张\u00AD三", "invisible_text"}, {"张\U000E0041三", "invisible_text"},
        {"张·三", NULL}, /* a visible middle dot is fine */
    };
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    core_member m;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        core_member_in in = {.name = cases[i].name, .id_number = "360426199101010071", .relation = "head"};
        bool ok = core_member_validate(&in, "", TODAY, &m, &errs);
        if (ok != (cases[i].code == NULL)) fail_msg("name case %zu", i);
        if (ok) core_member_clear(&m);
        else expect_error(&errs, "name", cases[i].code);
        core_fielderrs_clear(&errs);
    }
    core_member_in in = {.name = "张\u200B三", .id_number = "360426199101010071", .relation = "head"};
    assert_false(core_member_validate(&in, "", TODAY, &m, &errs));
    assert_non_null(strstr(errs.items[0].zh, "不可见"));
    assert_non_null(strstr(errs.items[0].en, "invisible"));
    core_fielderrs_clear(&errs);
    in.name = max_name;
    assert_true(core_member_validate(&in, "", TODAY, &m, &errs));
    core_member_clear(&m);
    in.name = long_name;
    assert_false(core_member_validate(&in, "", TODAY, &m, &errs));
    expect_error(&errs, "name", "too_long");
    assert_non_null(strstr(errs.items[0].zh, "50"));
    core_fielderrs_free(&errs);
}

static void member_optional_fields(void **state) {
    static const struct {
        const char *grade;
        int want; /* -1: rejected */
    } grades[] = {{"0", 0}, {"1", 1}, {"4", 4},  {"一级", 1}, {"二级", 2}, {"三级", 3}, {"四级", 4},
                  {"1级", 1}, {"4级", 4}, {"无", 0}, {"空", 0},  {"", 0},     {NULL, 0},   {"5", -1},
                  {"五级", -1}, {"重度", -1}};
    static const struct {
        const char *flag;
        int want;
    } flags[] = {{"是", 1}, {"否", 0}, {"true", 1}, {"false", 0}, {"1", 1}, {"0", 0},
                 {"无", 0}, {NULL, 0}, {"有", 1},   {"maybe", -1}};
    static const struct {
        const char *phone, *code, *norm;
    } phones[] = {{"0631-5212345", NULL, "0631-5212345"}, {"无", NULL, ""}, {"12345", "phone_invalid", NULL},
                  {"6.31E+09", "phone_excel", NULL},     {"6315212345", "phone_excel", NULL},
                  {"5212345", NULL, "5212345"},          {"１３８－１２３４－５６７８", NULL, "13812345678"}};
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    core_member m;
    core_member_in in = {.name = "王五", .id_number = "360426199101010071", .relation = "head"};
    for (size_t i = 0; i < sizeof grades / sizeof grades[0]; i++) {
        in.disability_grade = grades[i].grade;
        bool ok = core_member_validate(&in, "", TODAY, &m, &errs);
        if (ok != (grades[i].want >= 0)) fail_msg("grade \"%s\"", grades[i].grade);
        if (ok) assert_int_equal(m.disability_grade, grades[i].want);
        else expect_error(&errs, "disability_grade", "disability_grade_invalid");
        core_member_clear(&m);
        core_fielderrs_clear(&errs);
    }
    in.disability_grade = NULL;
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) {
        in.serious_illness = flags[i].flag;
        bool ok = core_member_validate(&in, "", TODAY, &m, &errs);
        if (ok != (flags[i].want >= 0)) fail_msg("illness \"%s\"", flags[i].flag);
        if (ok) assert_int_equal(m.serious_illness, flags[i].want);
        else expect_error(&errs, "serious_illness", "flag_invalid");
        core_member_clear(&m);
        core_fielderrs_clear(&errs);
    }
    in.serious_illness = NULL;
    for (size_t i = 0; i < sizeof phones / sizeof phones[0]; i++) {
        in.phone = phones[i].phone;
        bool ok = core_member_validate(&in, "", TODAY, &m, &errs);
        if (ok != (phones[i].code == NULL)) fail_msg("phone \"%s\"", phones[i].phone);
        if (ok) assert_string_equal(m.phone, phones[i].norm);
        else expect_error(&errs, "phone", phones[i].code);
        core_member_clear(&m);
        core_fielderrs_clear(&errs);
    }
    /* The message gives the rules as they are: a local number without area code is fine. */
    in.phone = "12345";
    assert_false(core_member_validate(&in, "", TODAY, &m, &errs));
    assert_non_null(strstr(errs.items[0].zh, "可带区号"));
    assert_non_null(strstr(errs.items[0].zh, "5212345、"));
    assert_non_null(strstr(errs.items[0].en, "with or without its area code"));
    assert_null(strstr(errs.items[0].en, "landline with area code"));
    core_fielderrs_clear(&errs);
    in.phone = NULL;
    in.relation = "邻居";
    assert_false(core_member_validate(&in, "", TODAY, &m, &errs));
    expect_error(&errs, "relation", "relation_invalid");
    core_fielderrs_clear(&errs);
    in.relation = NULL;
    assert_false(core_member_validate(&in, "", TODAY, &m, &errs));
    expect_error(&errs, "relation", "required");
    core_fielderrs_free(&errs);
}

/* ---- households ------------------------------------------------------------------------------- */

static void household_valid(void **state) {
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    core_household h;
    core_household_in in = {.household_no = " HC-001 ", .town_code = "371002001", .village = "塔山社区",
                            .address = "新威路12号", .category = "低保对象", .phone = "(0631)5212345"};
    assert_true(core_household_validate(&in, TODAY, &h, &errs));
    assert_string_equal(h.household_no, "HC-001");
    assert_string_equal(h.town_code, "371002001");
    assert_string_equal(h.village, "塔山社区");
    assert_string_equal(h.address, "新威路12号");
    assert_int_equal(h.category, CORE_CAT_DIBAO);
    assert_string_equal(h.phone, "0631-5212345");
    assert_int_equal(core_date_ymd(h.registered_on), core_date_ymd(TODAY)); /* absent: today */
    core_household_clear(&h);

    core_household_in minimal = {.town_code = "371082103", .category = "tekun", .registered_on = "2021-03-01"};
    assert_true(core_household_validate(&minimal, TODAY, &h, &errs));
    assert_string_equal(h.household_no, "");
    assert_string_equal(h.village, "");
    assert_string_equal(h.address, "");
    assert_int_equal(core_date_ymd(h.registered_on), 20210301);
    core_household_clear(&h);
    core_fielderrs_free(&errs);
}

static void household_errors(void **state) {
    char village[256], address[1024];
    repeat(village, sizeof village, "村", 51);
    repeat(address, sizeof address, "路", 201);
    static const struct {
        const char *town, *category, *registered, *field, *code;
    } cases[] = {
        {"37100200", "dibao", NULL, "town_code", "town_code_invalid"},
        {"37100200a", "dibao", NULL, "town_code", "town_code_invalid"},
        {"3710020010", "dibao", NULL, "town_code", "town_code_invalid"},
        {NULL, "dibao", NULL, "town_code", "required"},
        {"371002001", NULL, NULL, "category", "required"},
        {"371002001", "贫困户", NULL, "category", "category_invalid"},
        {"371002001", "dibao", "2025-06-02", "registered_on", "date_future"},
        {"371002001", "dibao", "2024-02-30", "registered_on", "date_invalid"},
    };
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    core_household h;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        core_household_in in = {.town_code = cases[i].town, .category = cases[i].category,
                                .registered_on = cases[i].registered};
        assert_false(core_household_validate(&in, TODAY, &h, &errs));
        assert_int_equal(errs.count, 1);
        expect_error(&errs, cases[i].field, cases[i].code);
        assert_null(h.village);
        core_fielderrs_clear(&errs);
    }
    /* Everything wrong at once is reported at once. */
    core_household_in hidden = {.household_no = "HC-1\u200B", .town_code = "371002001", .category = "dibao"};
    assert_false(core_household_validate(&hidden, TODAY, &h, &errs));
    expect_error(&errs, "household_no", "invisible_text");
    core_fielderrs_clear(&errs);
    core_household_in bad = {.household_no = "HC\x01", .town_code = "x", .village = village, .address = address,
                             .category = "?", .phone = "abc", .registered_on = "tomorrow"};
    assert_false(core_household_validate(&bad, TODAY, &h, &errs));
    assert_int_equal(errs.count, 7);
    expect_error(&errs, "household_no", "invalid_text");
    expect_error(&errs, "village", "too_long");
    expect_error(&errs, "address", "too_long");
    expect_error(&errs, "phone", "phone_invalid");
    expect_error(&errs, "registered_on", "date_invalid");
    core_fielderrs_free(&errs);
}

/* ---- across members --------------------------------------------------------------------------- */

/* Validates members given as (name, id, relation) triples into out; no ID means an infant girl. */
static void make_members(const char *const (*rows)[3], size_t n, core_member *out) {
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    for (size_t i = 0; i < n; i++) {
        core_member_in in = {.name = rows[i][0], .id_number = rows[i][1], .relation = rows[i][2], .sex = "F",
                             .birth_date = "2024-05-01"};
        if (rows[i][1][0] && strcmp(rows[i][1], "无") != 0) in.sex = in.birth_date = NULL;
        if (!core_member_validate(&in, "", TODAY, &out[i], &errs)) fail_msg("member %zu: %s", i, errs.items[0].en);
    }
    core_fielderrs_free(&errs);
}

static void clear_members(core_member *m, size_t n) {
    for (size_t i = 0; i < n; i++) core_member_clear(&m[i]);
}

static void one_head(void **state) {
    static const char *const rows[][3] = {{"张三", "360426199101010071", "户主"},
                                          {"李梅", "11010519491231002X", "配偶"},
                                          {"张强", "44011320141005001X", "户主"}};
    core_member m[3];
    make_members(rows, 3, m);
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    assert_true(core_members_check(m, 2, &errs));
    assert_int_equal(errs.count, 0);
    assert_false(core_members_check(m, 3, &errs));
    assert_int_equal(errs.count, 1);
    expect_error(&errs, "members[2].relation", "head_duplicate");
    core_fielderrs_clear(&errs);
    assert_false(core_members_check(m + 1, 1, &errs));
    expect_error(&errs, "members", "head_missing");
    core_fielderrs_clear(&errs);
    assert_false(core_members_check(m, 0, &errs));
    expect_error(&errs, "members", "head_missing");
    core_fielderrs_free(&errs);
    clear_members(m, 3);
}

static void duplicate_ids(void **state) {
    static const char *const rows[][3] = {{"张三", "360426199101010071", "户主"},
                                          {"李梅", "11010519491231002X", "配偶"},
                                          {"张三丰", "360426199101010071", "子女"},
                                          {"张小", "11010519491231002x", "子女"},
                                          {"张四", "360426199101010071", "子女"}};
    core_member m[5];
    make_members(rows, 5, m);
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    assert_false(core_members_check(m, 5, &errs));
    assert_int_equal(errs.count, 3);
    expect_error(&errs, "members[2].id_number", "id_duplicate");
    expect_error(&errs, "members[3].id_number", "id_duplicate"); /* x and X are the same number */
    expect_error(&errs, "members[4].id_number", "id_duplicate");
    assert_non_null(strstr(only_error(&errs, "members[4].id_number")->zh, "第1位"));
    assert_non_null(strstr(only_error(&errs, "members[3].id_number")->en, "member 2"));
    core_fielderrs_free(&errs);
    clear_members(m, 5);
}

static void placeholders_not_duplicates(void **state) {
    static const char *const rows[][3] = {{"张三", "360426199101010071", "户主"},
                                          {"张一", "无", "孙子女"},
                                          {"张二", "", "孙子女"},
                                          {"张三三", "无", "孙子女"}};
    core_member m[4];
    make_members(rows, 4, m);
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    assert_true(core_members_check(m, 4, &errs));
    assert_int_equal(errs.count, 0);
    core_fielderrs_free(&errs);
    clear_members(m, 4);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(category_table),   cmocka_unit_test(relation_table),
        cmocka_unit_test(member_with_id),   cmocka_unit_test(member_without_id),
        cmocka_unit_test(member_id_errors), cmocka_unit_test(member_names),
        cmocka_unit_test(member_optional_fields), cmocka_unit_test(household_valid),
        cmocka_unit_test(household_errors), cmocka_unit_test(one_head),
        cmocka_unit_test(duplicate_ids),    cmocka_unit_test(placeholders_not_duplicates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
