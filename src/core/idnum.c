/*
** idnum.c: parsing, checking and masking resident identity numbers (GB 11643-1999).
** Pure: no allocation, no I/O. Depends on core/date and core/text only.
*/
#include "idnum.h"

#include "date.h"
#include "text.h"

#include <string.h>

/*
** The earliest birth year a number may carry. The standard itself allows 18xx; the public test vectors
** include 440524188001010014 (born 1880-01-01) as valid. Whether a person is plausibly alive is a
** question for member validation, not for the number's syntax.
*/
enum { EARLIEST_BIRTH_YEAR = 1800 };

char core_idnum_check_char(const char digits17[17]) {
    static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 17; i++) sum += (digits17[i] - '0') * weights[i];
    int check = (12 - sum % 11) % 11;
    return check == 10 ? 'X' : (char)('0' + check);
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Copies s[0..18) into number when it is 17 digits then a digit or x/X, upper-casing x. */
static bool normalise(const char *s, size_t len, char number[19]) {
    if (len != 18) return false;
    for (size_t i = 0; i < 17; i++)
        if (!is_digit(s[i])) return false;
    char last = s[17] == 'x' ? 'X' : s[17];
    if (!is_digit(last) && last != 'X') return false;
    memcpy(number, s, 17);
    number[17] = last;
    number[18] = '\0';
    return true;
}

static int digits_value(const char *s, int n) {
    int v = 0;
    for (int i = 0; i < n; i++) v = v * 10 + (s[i] - '0');
    return v;
}

core_idnum_status core_idnum_parse(const char *text, long today_ymd, core_idnum *out) {
    if (core_text_is_placeholder(text)) return CORE_IDNUM_MISSING;
    size_t len;
    const char *s = core_text_span(text, &len);
    /* 64 bytes hold 18 full-width characters (3 bytes each); anything longer is no ID number. */
    char ascii[64];
    if (!core_text_fold_width(s, len, ascii, sizeof ascii))
        return core_text_is_scientific(text) ? CORE_IDNUM_EXCEL : CORE_IDNUM_FORMAT;
    if (core_text_is_scientific(ascii)) return CORE_IDNUM_EXCEL;
    core_idnum id;
    if (!normalise(ascii, strlen(ascii), id.number)) return CORE_IDNUM_FORMAT;
    id.birth_year = digits_value(id.number + 6, 4);
    id.birth_month = digits_value(id.number + 10, 2);
    id.birth_day = digits_value(id.number + 12, 2);
    core_date birth = {id.birth_year, id.birth_month, id.birth_day};
    if (!core_date_valid(birth.y, birth.m, birth.d) || birth.y < EARLIEST_BIRTH_YEAR ||
        core_date_ymd(birth) > today_ymd)
        return CORE_IDNUM_DATE;
    if (core_idnum_check_char(id.number) != id.number[17]) return CORE_IDNUM_CHECK;
    id.sex = (id.number[16] - '0') % 2 ? 'M' : 'F';
    *out = id;
    return CORE_IDNUM_OK;
}

void core_idnum_mask(const char number[19], char out[19]) {
    memcpy(out, number, 4);
    memset(out + 4, '*', 10);
    memcpy(out + 14, number + 14, 4);
    out[18] = '\0';
}

/* Code, Chinese and English message of each status, indexed by core_idnum_status. */
static const struct {
    const char *code, *zh, *en;
} messages[] = {
    [CORE_IDNUM_OK] = {"", "", ""},
    [CORE_IDNUM_MISSING] = {"id_missing", "未填写身份证号", "No ID number was given"},
    [CORE_IDNUM_EXCEL] = {"id_excel",
                          "身份证号被 Excel 转成了科学计数法（如 3.71002E+17），后几位数字已经丢失；"
                          "请把该列设为“文本”格式后重新录入完整号码",
                          "Excel turned the ID number into scientific notation (like 3.71002E+17) and its "
                          "last digits are lost; format the column as Text and enter the full number again"},
    [CORE_IDNUM_FORMAT] = {"id_format", "身份证号格式错误：应为18位，前17位是数字，最后一位是数字或X",
                           "ID number format is wrong: it must be 18 characters, 17 digits then a digit or X"},
    [CORE_IDNUM_DATE] = {"id_date", "身份证号中的出生日期不存在或不合理（如晚于今天）",
                         "The birth date inside the ID number does not exist or cannot be right (e.g. after today)"},
    [CORE_IDNUM_CHECK] = {"id_check_digit", "身份证号校验位错误", "ID number check digit is wrong"},
};

static unsigned status_index(core_idnum_status s) {
    return (unsigned)s < sizeof messages / sizeof messages[0] ? (unsigned)s : CORE_IDNUM_FORMAT;
}

const char *core_idnum_status_code(core_idnum_status s) { return messages[status_index(s)].code; }
const char *core_idnum_status_zh(core_idnum_status s) { return messages[status_index(s)].zh; }
const char *core_idnum_status_en(core_idnum_status s) { return messages[status_index(s)].en; }
