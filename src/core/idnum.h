/*
** idnum.h: resident identity numbers (GB 11643-1999, 公民身份号码).
**
** 18 characters: a 6-digit region code, an 8-digit birth date, a 3-digit sequence whose parity gives
** the sex, and a check digit (ISO 7064 MOD 11-2, 10 written X). Lowercase x is accepted and normalised,
** and so are full-width digits and Ｘ/ｘ as Chinese input methods type them: the number is always ASCII.
** Pure functions: no I/O, no allocation.
*/
#ifndef WS_CORE_IDNUM_H
#define WS_CORE_IDNUM_H
#include <stdbool.h>

typedef enum core_idnum_status {
    CORE_IDNUM_OK = 0,
    CORE_IDNUM_MISSING,   /* empty or a placeholder such as 无 / 暂无 / - : the person has no number yet */
    CORE_IDNUM_EXCEL,     /* scientific notation like 3.71002E+17: Excel destroyed the digits */
    CORE_IDNUM_FORMAT,    /* not 17 digits followed by a digit or X */
    CORE_IDNUM_DATE,      /* the birth date does not exist, or lies in the future / before 1800 */
    CORE_IDNUM_CHECK      /* the check digit does not match */
} core_idnum_status;

typedef struct core_idnum {
    char number[19];  /* normalised: 17 digits + digit or uppercase X, NUL-terminated */
    int birth_year, birth_month, birth_day;
    char sex;         /* 'M' or 'F' from the parity of the 17th digit */
} core_idnum;

/*
** Parses text (surrounding ASCII and full-width spaces ignored). today_ymd is the current date as
** yyyymmdd, used to reject birth dates in the future. On CORE_IDNUM_OK fills *out; otherwise *out is untouched.
*/
core_idnum_status core_idnum_parse(const char *text, long today_ymd, core_idnum *out);

/* The check character ('0'..'9' or 'X') for 17 leading digits. */
char core_idnum_check_char(const char digits17[17]);

/* Writes the masked form, first 4 and last 4 kept: "3710**********123X". out has room for 19 bytes. */
void core_idnum_mask(const char number[19], char out[19]);

/* A field error's code, Chinese and English message for a status other than OK and MISSING. */
const char *core_idnum_status_code(core_idnum_status s);
const char *core_idnum_status_zh(core_idnum_status s);
const char *core_idnum_status_en(core_idnum_status s);

#endif
