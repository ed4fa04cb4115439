/*
** test_phone.c: mobile numbers with and without +86, landlines with area codes, separators and
** extensions, local numbers, full-width digits, and what must be refused (too short, letters, numbers
** Excel destroyed).
*/
#include "unit.h"

#include "../../src/core/phone.h"

static void classification(void **state) {
    static const struct {
        const char *text;
        core_phone_kind kind;
        const char *norm;
    } cases[] = {
        {"13812345678", CORE_PHONE_MOBILE, "13812345678"},
        {" 13812345678\xE3\x80\x80", CORE_PHONE_MOBILE, "13812345678"},
        {"+8613812345678", CORE_PHONE_MOBILE, "13812345678"},
        {"+86 138 1234 5678", CORE_PHONE_MOBILE, "13812345678"},
        {"86-13812345678", CORE_PHONE_MOBILE, "13812345678"},
        {"008613812345678", CORE_PHONE_MOBILE, "13812345678"},
        {"138-1234-5678", CORE_PHONE_MOBILE, "13812345678"},
        {"19912345678", CORE_PHONE_MOBILE, "19912345678"},
        {"0631-5212345", CORE_PHONE_LANDLINE, "0631-5212345"},
        {"0631 5212345", CORE_PHONE_LANDLINE, "0631-5212345"},
        {"0631 - 5212345", CORE_PHONE_LANDLINE, "0631-5212345"},
        {"(0631)5212345", CORE_PHONE_LANDLINE, "0631-5212345"},
        {"(0631) 5212345", CORE_PHONE_LANDLINE, "0631-5212345"},
        {"（0631）5212345", CORE_PHONE_LANDLINE, "0631-5212345"},
        {"06315212345", CORE_PHONE_LANDLINE, "0631-5212345"},
        {"0631-5212345-801", CORE_PHONE_LANDLINE, "0631-5212345-801"},
        {"0631-5212345转801", CORE_PHONE_LANDLINE, "0631-5212345-801"},
        {"0631-5212345 转 801", CORE_PHONE_LANDLINE, "0631-5212345-801"},
        {"0631-5212345 ext 801", CORE_PHONE_LANDLINE, "0631-5212345-801"},
        {"0631-5212345ext.801", CORE_PHONE_LANDLINE, "0631-5212345-801"},
        {"010-12345678", CORE_PHONE_LANDLINE, "010-12345678"},
        {"01012345678", CORE_PHONE_LANDLINE, "010-12345678"},
        {"021-62345678", CORE_PHONE_LANDLINE, "021-62345678"},
        {"5212345", CORE_PHONE_LANDLINE, "5212345"},
        {"52123456", CORE_PHONE_LANDLINE, "52123456"},
        {"5212345-801", CORE_PHONE_LANDLINE, "5212345-801"},
        /* full-width digits and signs, as Chinese input methods type them */
        {"１３８１２３４５６７８", CORE_PHONE_MOBILE, "13812345678"},
        {"１３８－１２３４－５６７８", CORE_PHONE_MOBILE, "13812345678"},
        {"１３８　１２３４　５６７８", CORE_PHONE_MOBILE, "13812345678"},
        {"＋８６ １３８１２３４５６７８", CORE_PHONE_MOBILE, "13812345678"},
        {"138１２３４5678", CORE_PHONE_MOBILE, "13812345678"},
        {"０６３１－５２１２３４５", CORE_PHONE_LANDLINE, "0631-5212345"},
        {"（０６３１）５２１２３４５", CORE_PHONE_LANDLINE, "0631-5212345"},
        {"０６３１－５２１２３４５转８０１", CORE_PHONE_LANDLINE, "0631-5212345-801"},
        {"０６３１－５２１２３４５ ｅｘｔ ８０１", CORE_PHONE_LANDLINE, "0631-5212345-801"},
        {"５２１２３４５", CORE_PHONE_LANDLINE, "5212345"},
        {"", CORE_PHONE_INVALID, NULL},
        {"123", CORE_PHONE_INVALID, NULL},
        {"1381234567", CORE_PHONE_INVALID, NULL},   /* 10 digits */
        {"138123456789", CORE_PHONE_INVALID, NULL}, /* 12 digits */
        {"12812345678", CORE_PHONE_INVALID, NULL},  /* no mobile starts with 12 */
        {"+13812345678", CORE_PHONE_INVALID, NULL},
        {"6.31E+09", CORE_PHONE_INVALID, NULL},    /* Excel's scientific notation */
        {"1.38123E+10", CORE_PHONE_INVALID, NULL},
        {"6315212345", CORE_PHONE_INVALID, NULL},  /* the leading 0 was lost */
        {"abc", CORE_PHONE_INVALID, NULL},
        {"0631-abcdefg", CORE_PHONE_INVALID, NULL},
        {"138l2345678", CORE_PHONE_INVALID, NULL}, /* a letter l for a 1 */
        {"0631-521234", CORE_PHONE_INVALID, NULL}, /* 6-digit number */
        {"0631-052123", CORE_PHONE_INVALID, NULL},
        {"0631-5212345-", CORE_PHONE_INVALID, NULL},
        {"0631-5212345转", CORE_PHONE_INVALID, NULL},
        {"0631-5212345 801", CORE_PHONE_INVALID, NULL},
        {"0631-5212345-1234567", CORE_PHONE_INVALID, NULL},
        {"13812345678-801", CORE_PHONE_INVALID, NULL},
        {"00631-5212345", CORE_PHONE_INVALID, NULL},
        {"0631-5212345/0631-5212346", CORE_PHONE_INVALID, NULL},
        {"1234567", CORE_PHONE_INVALID, NULL},     /* a local number never starts with 1 */
        {"１２３", CORE_PHONE_INVALID, NULL},
        {"１３８ｌ２３４５６７８", CORE_PHONE_INVALID, NULL},
        {"１３８１２３４５６７", CORE_PHONE_INVALID, NULL},
        {"０６３１－５２１２３４５／０６３１－５２１２３４６", CORE_PHONE_INVALID, NULL},
        {"１３８１２３４５６７８１３８１２３４５６７８１３８１２３４５６７８１３８１２３４５６７８１３８", CORE_PHONE_INVALID, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[32] = "untouched";
        core_phone_kind kind = core_phone_parse(cases[i].text, out, sizeof out);
        if (kind != cases[i].kind) fail_msg("\"%s\": kind %d, want %d", cases[i].text, kind, cases[i].kind);
        assert_string_equal(out, cases[i].norm ? cases[i].norm : "untouched");
    }
}

static void small_output(void **state) {
    char out[8] = "same";
    assert_int_equal(core_phone_parse("0631-5212345", out, sizeof out), CORE_PHONE_INVALID);
    assert_string_equal(out, "same");
    assert_int_equal(core_phone_parse(NULL, out, sizeof out), CORE_PHONE_INVALID);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(classification),
        cmocka_unit_test(small_output),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
