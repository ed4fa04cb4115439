/*
** frac.c: exact rationals in int64_t, computed in __int128 and reduced by the gcd before they are stored.
** Pure; depends on nothing but err.h.
*/
#include "frac.h"

#include <inttypes.h>
#include <stdio.h>

__extension__ typedef __int128 i128;
__extension__ typedef unsigned __int128 u128;

static uint64_t gcd64(uint64_t a, uint64_t b) {
    while (b) {
        uint64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

static u128 gcd128(u128 a, u128 b) {
    if (a <= UINT64_MAX && b <= UINT64_MAX) return gcd64((uint64_t)a, (uint64_t)b);
    while (b) {
        u128 t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/*
** Stores num/den in lowest terms. Callers keep |num| and |den| below 2^127 so that negating is defined.
*/
static ws_err reduce(i128 num, i128 den, core_frac *out) {
    if (den == 0) return WS_ERR_INVALID;
    if (den < 0) {
        num = -num;
        den = -den;
    }
    bool neg = num < 0;
    u128 n = neg ? (u128)-num : (u128)num, d = (u128)den;
    u128 g = gcd128(n, d); /* d > 0, so g > 0; for num == 0, g == d and the result is 0/1 */
    n /= g;
    d /= g;
    if (n > INT64_MAX || d > INT64_MAX) return WS_ERR_LIMIT;
    out->num = neg ? -(int64_t)n : (int64_t)n;
    out->den = (int64_t)d;
    return WS_OK;
}

core_frac core_frac_int(int64_t v) { return (core_frac){v == INT64_MIN ? 0 : v, 1}; }

ws_err core_frac_make(int64_t num, int64_t den, core_frac *out) { return reduce(num, den, out); }

/* Reads a run of decimal digits into *v (at most INT64_MAX); false when the run is empty or too large. */
static bool digits(const char **p, uint64_t *v) {
    const char *s = *p;
    uint64_t acc = 0;
    while (*s >= '0' && *s <= '9') {
        unsigned d = (unsigned)(*s - '0');
        if (acc > (uint64_t)(INT64_MAX - d) / 10) return false;
        acc = acc * 10 + d;
        s++;
    }
    if (s == *p) return false;
    *p = s;
    *v = acc;
    return true;
}

bool core_frac_parse(const char *text, core_frac *out) {
    if (!text) return false;
    const char *p = text;
    bool neg = *p == '-';
    if (*p == '-' || *p == '+') p++;
    uint64_t whole = 0;
    bool has_whole = *p >= '0' && *p <= '9';
    if (has_whole && !digits(&p, &whole)) return false;
    core_frac r;
    if (*p == '/') {
        p++;
        uint64_t den;
        if (!has_whole || !digits(&p, &den) || *p || den == 0) return false;
        if (reduce(neg ? -(i128)whole : (i128)whole, den, &r) != WS_OK) return false;
    } else if (*p == '.') {
        p++;
        const char *start = p;
        while (*p >= '0' && *p <= '9') p++;
        if (*p || (!has_whole && p == start)) return false;
        const char *end = p;
        while (end > start && end[-1] == '0') end--; /* 13.10 is 13.1 */
        if (end - start > 18) return false;
        i128 num = whole, den = 1;
        for (const char *s = start; s < end; s++) {
            num = num * 10 + (*s - '0');
            den *= 10;
        }
        if (num > INT64_MAX) return false;
        if (reduce(neg ? -num : num, den, &r) != WS_OK) return false;
    } else {
        if (!has_whole || *p) return false;
        r = (core_frac){neg ? -(int64_t)whole : (int64_t)whole, 1};
    }
    *out = r;
    return true;
}

char *core_frac_format(core_frac f, char out[CORE_FRAC_TEXT]) {
    if (f.den == 1) snprintf(out, CORE_FRAC_TEXT, "%" PRId64, f.num);
    else snprintf(out, CORE_FRAC_TEXT, "%" PRId64 "/%" PRId64, f.num, f.den);
    return out;
}

double core_frac_to_double(core_frac f) { return (double)((long double)f.num / (long double)f.den); }

ws_err core_frac_add(core_frac a, core_frac b, core_frac *out) {
    /* Over the lcm of the denominators: each product is below 2^126, so the sum fits an i128. */
    int64_t g = (int64_t)gcd64((uint64_t)a.den, (uint64_t)b.den);
    i128 num = (i128)a.num * (b.den / g) + (i128)b.num * (a.den / g);
    return reduce(num, (i128)(a.den / g) * b.den, out);
}

ws_err core_frac_sub(core_frac a, core_frac b, core_frac *out) {
    b.num = -b.num; /* never INT64_MIN */
    return core_frac_add(a, b, out);
}

ws_err core_frac_mul(core_frac a, core_frac b, core_frac *out) {
    return reduce((i128)a.num * b.num, (i128)a.den * b.den, out);
}

ws_err core_frac_div(core_frac a, core_frac b, core_frac *out) {
    if (b.num == 0) return WS_ERR_INVALID;
    return reduce((i128)a.num * b.den, (i128)a.den * b.num, out);
}

int core_frac_cmp(core_frac a, core_frac b) {
    i128 l = (i128)a.num * b.den, r = (i128)b.num * a.den;
    return (l > r) - (l < r);
}

bool core_frac_eq(core_frac a, core_frac b) { return a.num == b.num && a.den == b.den; }
