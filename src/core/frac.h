/*
** frac.h: exact rational numbers for the poverty measures, where floating point would move a household
** across a cut-off (0.7 + 0.1 < 0.8).
**
** A core_frac is a value, always in lowest terms with a positive denominator, so two equal numbers have
** equal fields and can be compared with ==. Numerator and denominator are int64_t; every operation
** computes in __int128 and reduces, and when the reduced result does not fit it returns WS_ERR_LIMIT
** instead of a wrong number. The numerator is never INT64_MIN, so negating is always safe.
** Pure functions: no allocation, no I/O.
*/
#ifndef WS_CORE_FRAC_H
#define WS_CORE_FRAC_H
#include "err.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct core_frac {
    int64_t num; /* in (INT64_MIN, INT64_MAX] */
    int64_t den; /* > 0; gcd(|num|, den) == 1, so zero is 0/1 */
} core_frac;

#define CORE_FRAC_ZERO ((core_frac){0, 1})
#define CORE_FRAC_ONE ((core_frac){1, 1})

/* Longest core_frac_format text: "-9223372036854775807/9223372036854775807" and its NUL. */
enum { CORE_FRAC_TEXT = 48 };

/* The whole number v (v != INT64_MIN; INT64_MIN gives 0). */
core_frac core_frac_int(int64_t v);

/*
** num/den in lowest terms. WS_ERR_INVALID when den == 0, WS_ERR_LIMIT when the reduced value does not fit
** (only possible with INT64_MIN); *out untouched on failure.
*/
ws_err core_frac_make(int64_t num, int64_t den, core_frac *out);

/*
** Parses the whole of text (no spaces: trim first) as an exact number: an integer ("-2", "+7"), a
** decimal ("0.375", "13.1", ".5", "5."), or a fraction of two integers ("3/8", "-3/8"; the denominator is
** unsigned and not 0). Decimals are exact: "0.1" is 1/10; trailing zeros after the point do not count
** towards the limits. Refuses (false, *out untouched) anything else: "", "-", "1e3", "1/0", "1/-2",
** "1.5/2", "0x10", "1,000", and numbers that do not fit (more than 18 significant decimal places).
*/
bool core_frac_parse(const char *text, core_frac *out);

/*
** Writes f as "3/8", "-3/8", "2", "-2" or "0" into out (at least CORE_FRAC_TEXT bytes). Returns out.
*/
char *core_frac_format(core_frac f, char out[CORE_FRAC_TEXT]);

/* The nearest double (computed in long double, so at most a double rounding away from exact). */
double core_frac_to_double(core_frac f);

/*
** Arithmetic: *out = a op b, reduced. WS_ERR_LIMIT when the exact result does not fit a core_frac,
** WS_ERR_INVALID when dividing by zero; *out untouched on failure. out may alias a or b.
*/
ws_err core_frac_add(core_frac a, core_frac b, core_frac *out);
ws_err core_frac_sub(core_frac a, core_frac b, core_frac *out);
ws_err core_frac_mul(core_frac a, core_frac b, core_frac *out);
ws_err core_frac_div(core_frac a, core_frac b, core_frac *out);

/* -1, 0 or 1 as a < b, a == b, a > b; exact, never overflows. */
int core_frac_cmp(core_frac a, core_frac b);
bool core_frac_eq(core_frac a, core_frac b);
static inline bool core_frac_is_zero(core_frac f) { return f.num == 0; }

#endif
