/*
** test_text.c: UTF-8 validity (overlongs, surrogates, past U+10FFFF), code-point lengths with characters
** outside the BMP, trimming of ASCII, no-break and ideographic spaces, placeholders, scientific notation,
** control characters, invisible format characters and full-width forms read as ASCII.
*/
#include "unit.h"

#include "../../src/core/text.h"

static void utf8_validity(void **state) {
    static const struct {
        const char *s;
        bool valid;
    } cases[] = {
        {"", true},
        {"abc", true},
        {"张三", true},
        {"𡐤", true},               /* U+21424, 4 bytes */
        {"\xF4\x8F\xBF\xBF", true}, /* U+10FFFF, the last code point */
        {"\xEF\xBB\xBF", true},     /* U+FEFF */
        {"\xC0\xAF", false},        /* overlong '/' */
        {"\xC1\xBF", false},
        {"\xE0\x80\xAF", false},     /* overlong, 3 bytes */
        {"\xF0\x80\x80\xAF", false}, /* overlong, 4 bytes */
        {"\xED\xA0\x80", false},     /* U+D800, a surrogate */
        {"\xED\xBF\xBF", false},     /* U+DFFF */
        {"\xF4\x90\x80\x80", false}, /* U+110000 */
        {"\xF5\x80\x80\x80", false},
        {"\xE5\xBC", false},         /* cut short */
        {"a\x80", false},            /* lone continuation byte */
        {"\xFF", false},
        {"\xB4\xD4", false},         /* 丛 in GBK */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (core_utf8_valid(cases[i].s, strlen(cases[i].s)) != cases[i].valid)
            fail_msg("case %zu (%s): expected %s", i, cases[i].s, cases[i].valid ? "valid" : "invalid");
    }
    /* Lengths are explicit: a NUL inside is data, and a cut inside a sequence is invalid. */
    assert_true(core_utf8_valid("a\0b", 3));
    assert_false(core_utf8_valid("𡐤", 3));
}

static void utf8_length(void **state) {
    assert_int_equal(core_utf8_len(""), 0);
    assert_int_equal(core_utf8_len("abc"), 3);
    assert_int_equal(core_utf8_len("张三"), 2);
    assert_int_equal(core_utf8_len("𡐤"), 1);
    assert_int_equal(core_utf8_len("王𡐤"), 2);
    assert_int_equal(core_utf8_len("a𡐤b䶮"), 4);
}

static void trimming(void **state) {
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"  张三  ", "张三"},
        {"\xE3\x80\x80张三\xE3\x80\x80", "张三"},  /* U+3000 on both sides */
        {"\xC2\xA0x\xC2\xA0", "x"},                 /* U+00A0 */
        {"\t\r\n x \n", "x"},
        {"   ", ""},
        {"\xE3\x80\x80", ""},
        {"", ""},
        {"张\xE3\x80\x80三", "张\xE3\x80\x80三"},  /* inner spaces stay */
        {" 𡐤 ", "𡐤"},
        {"\u2003\u200A\u1680", ""},                /* other Unicode spaces: blank */
        {"\u2000x\u202F\u205F", "x"},
        {"\u200Bx", "\u200Bx"},                     /* a zero-width space is no space (refused elsewhere) */
        {"\u200Cx\u2010", "\u200Cx\u2010"},        /* nor U+200C, nor the hyphen U+2010 */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[64];
        snprintf(buf, sizeof buf, "%s", cases[i].in);
        assert_string_equal(core_text_trim(buf), cases[i].out);
        size_t len;
        const char *span = core_text_span(cases[i].in, &len);
        assert_int_equal(len, strlen(cases[i].out));
        assert_memory_equal(span, cases[i].out, len);
    }
}

static void placeholders(void **state) {
    static const char *const yes[] = {"", "  ", "无", "暂无", "待补", "-", "/", "空", " 无 ", "\xE3\x80\x80暂无",
                                      "--", "－", "——", "没有"};
    static const char *const no[] = {"张三", "无名", "0", "x", "- -", "无无"};
    assert_true(core_text_is_placeholder(NULL));
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        if (!core_text_is_placeholder(yes[i])) fail_msg("\"%s\" should be a placeholder", yes[i]);
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        if (core_text_is_placeholder(no[i])) fail_msg("\"%s\" should not be a placeholder", no[i]);
}

static void scientific_notation(void **state) {
    static const char *const yes[] = {"3.71002E+17", "3.71002e17", "3.71002E17", "1E5", " 6.31E+09 ", "3.E+17"};
    static const char *const no[] = {"371002", "E17", "3.7", "3.71002E+", "3.71002E-17", "", "3.71002E+17x",
                                     ".E5", "0631-5212345"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        if (!core_text_is_scientific(yes[i])) fail_msg("\"%s\" is scientific notation", yes[i]);
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        if (core_text_is_scientific(no[i])) fail_msg("\"%s\" is not scientific notation", no[i]);
}

static void control_characters(void **state) {
    assert_false(core_text_has_control("张三", false));
    assert_false(core_text_has_control("", false));
    assert_true(core_text_has_control("a\nb", false));
    assert_false(core_text_has_control("a\nb", true));
    assert_false(core_text_has_control("a\r\n\tb", true));
    assert_true(core_text_has_control("a\x01", true));
    assert_true(core_text_has_control("a\x7F", true));
    assert_true(core_text_has_control("\x1B[31m", true));
    /* C1 controls and the Unicode line separators, even where line breaks are fine */
    assert_true(core_text_has_control("a\xC2\x85" "b", true));
    assert_true(core_text_has_control("\xC2\x80", false));
    assert_true(core_text_has_control("\xC2\x9F", false));
    assert_true(core_text_has_control("a\u2028c", true));
    assert_true(core_text_has_control("a\u2029c", true));
    assert_false(core_text_has_control("\u00A0\u00A9\u2027\u202A", false));
}

static void invisible_characters(void **state) {
    static const char *const yes[] = {
        "\u00AD",       "a\u200Bb",   "\u200C",  "\u200D", "\u200E",  "\u200F", "\u202A",
        "\u202E",       "\u2060",     "\u2064",  "\u2066", "\u2069",  "\uFEFF张", "张\u061C",
        "\u180E",       "\uFFF9",     "\U000E0001", "\U000E0041", "\U000E007F", "\U0001D173",
        "R-1\u3164",    "\u115F",     "\u1160",  "\uFFA0", "\u034F",  "\u17B4", "\u2800",
        "\uFE0F",       "\u180B",     "\U000E0100", "\U000E01EF", "\u2065x", "\U00016FE4",
    };
    static const char *const no[] = {
        "",          "张三",       "Ayşe Öztürk", "𡐤",      "阿卜杜·热合曼", "\u00A0",  "\u3000",
        "\u2010",   "\u2070",    "\uFEFE", "\uFF10",     "\U000E0080", "\u00AC\u00AE",
        "\u3163\u3165", "\u2801",  "\uFE10",    "\u1161",  "\U000E01F0",
    };
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        if (!core_text_has_invisible(yes[i])) fail_msg("case %zu has an invisible character", i);
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        if (core_text_has_invisible(no[i])) fail_msg("\"%s\" has no invisible character", no[i]);
    assert_false(core_text_has_invisible("\xE2\x80")); /* cut short: no read past the end */
}

static void full_width_folding(void **state) {
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"", ""},
        {"abc 123", "abc 123"},
        {"３７１００２１９５８０１０１００１Ｘ", "37100219580101001X"},
        {"ｘ", "x"},
        {"１３８－１２３４　５６７８", "138-1234 5678"}, /* U+FF0D and U+3000 inside */
        {"（０６３１）５２１２３４５转８０１", "(0631)5212345转801"},
        {"！～", "!~"},                                     /* U+FF01 and U+FF5E, the ends of the block */
        {"张三\uFF5F\uFF00", "张三\uFF5F\uFF00"},          /* just outside it: kept */
        {"\xEF\xBC", "\xEF\xBC"},                            /* cut short: copied */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[64];
        assert_true(core_text_fold_width(cases[i].in, strlen(cases[i].in), out, sizeof out));
        assert_string_equal(out, cases[i].out);
    }
    char small[4] = "abc";
    assert_false(core_text_fold_width("１２", 6, small, sizeof small)); /* needs len + 1 bytes */
    assert_string_equal(small, "abc");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(utf8_validity),     cmocka_unit_test(utf8_length),
        cmocka_unit_test(trimming),          cmocka_unit_test(placeholders),
        cmocka_unit_test(scientific_notation), cmocka_unit_test(control_characters),
        cmocka_unit_test(invisible_characters), cmocka_unit_test(full_width_folding),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
