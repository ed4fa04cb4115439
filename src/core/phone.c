/*
** phone.c: recognising and normalising Chinese mobile and landline numbers as households write them.
** Pure: no allocation, no I/O. Depends on core/text for trimming and reading full-width digits.
*/
#include "phone.h"

#include "text.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* A read position in the trimmed text. */
typedef struct cursor {
    const char *p, *end;
} cursor;

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static bool at_digit(const cursor *c) { return c->p < c->end && is_digit(*c->p); }

/* Consumes the literal lit when it is next. */
static bool take(cursor *c, const char *lit) {
    size_t n = strlen(lit);
    if ((size_t)(c->end - c->p) < n || memcmp(c->p, lit, n) != 0) return false;
    c->p += n;
    return true;
}

static void skip_spaces(cursor *c) {
    while (take(c, " ")) {}
}

/* Copies the run of digits at the cursor into buf (size bufsz); false when there is none or it is too long. */
static bool digit_run(cursor *c, char *buf, size_t bufsz) {
    size_t n = 0;
    while (at_digit(c)) {
        if (n + 1 >= bufsz) return false;
        buf[n++] = *c->p++;
    }
    buf[n] = '\0';
    return n > 0;
}

/* 11 digits 1[3-9]xxxxxxxxx, with an optional +86 / 86 / 0086 in front and spaces or '-' between groups. */
static bool parse_mobile(const char *s, size_t len, char mobile[12]) {
    char d[16];
    size_t n = 0, i = 0;
    bool plus = len > 0 && s[0] == '+';
    for (i = plus; i < len; i++) {
        if (is_digit(s[i])) {
            if (n == sizeof d - 1) return false;
            d[n++] = s[i];
        } else if (s[i] != ' ' && s[i] != '-') {
            return false;
        }
    }
    d[n] = '\0';
    const char *m = d;
    if (n == 13 && memcmp(d, "86", 2) == 0) m += 2;
    else if (n == 15 && !plus && memcmp(d, "0086", 4) == 0) m += 4;
    else if (plus || n != 11) return false;
    if (m[0] != '1' || m[1] < '3' || m[1] > '9') return false;
    memcpy(mobile, m, 12);
    return true;
}

/* Area codes are 0 + 2 digits for Beijing (010) and 02x, 0 + 3 digits elsewhere. */
static size_t area_len_for(const char *digits) { return digits[1] == '1' || digits[1] == '2' ? 3 : 4; }

static bool area_ok(const char *area) {
    return area[0] == '0' && area[1] != '0' && strlen(area) == area_len_for(area);
}

/*
** Subscriber numbers have 7 or 8 digits and never start with 0. A local number without an area code must
** not start with 1 either, so that a mobile number cut short is not taken for one.
*/
static bool subscriber_ok(const char *sub, bool has_area) {
    size_t n = strlen(sub);
    return (n == 7 || n == 8) && sub[0] >= (has_area ? '1' : '2');
}

/* Between area code and number: spaces, or one '-' with optional spaces around it. */
static bool take_separator(cursor *c) {
    const char *start = c->p;
    skip_spaces(c);
    take(c, "-");
    skip_spaces(c);
    return c->p != start && at_digit(c);
}

/* The area code and subscriber number: "(0631)5212345", "0631-5212345", "0631 5212345", "06315212345". */
static bool parse_number(cursor *c, char area[5], char sub[9]) {
    char run[16];
    area[0] = '\0';
    bool paren = take(c, "("); /* full-width （ ） were folded to ASCII */
    if (!digit_run(c, run, sizeof run)) return false;
    if (paren) {
        if (!take(c, ")")) return false;
        skip_spaces(c);
        take(c, "-");
        skip_spaces(c);
        if (strlen(run) > 4 || !digit_run(c, sub, 9)) return false;
        memcpy(area, run, strlen(run) + 1);
        return area_ok(area) && subscriber_ok(sub, true);
    }
    if (run[0] == '0' && strlen(run) <= 4) {
        if (!take_separator(c)) return false;
        memcpy(area, run, strlen(run) + 1);
        return area_ok(area) && digit_run(c, sub, 9) && subscriber_ok(sub, true);
    }
    if (run[0] == '0') {
        size_t alen = area_len_for(run), slen = strlen(run) - alen;
        if (slen > 8) return false;
        memcpy(area, run, alen);
        area[alen] = '\0';
        memcpy(sub, run + alen, slen + 1);
        return area_ok(area) && subscriber_ok(sub, true);
    }
    if (strlen(run) > 8) return false;
    memcpy(sub, run, strlen(run) + 1);
    return subscriber_ok(sub, false);
}

/* An optional extension at the end: "-801", "转801", "ext 801", "ext.801", "分机801". */
static bool parse_extension(cursor *c, char ext[7]) {
    static const char *const marks[] = {"-", "转", "分机", "ext.", "ext", "EXT.", "EXT", "Ext.", "Ext", "x", "X"};
    ext[0] = '\0';
    if (c->p == c->end) return true;
    skip_spaces(c);
    bool marked = false;
    for (size_t i = 0; i < sizeof marks / sizeof marks[0] && !marked; i++) marked = take(c, marks[i]);
    if (!marked) return false;
    skip_spaces(c);
    return digit_run(c, ext, 7) && c->p == c->end;
}

static core_phone_kind emit(core_phone_kind kind, const char *text, char *out, size_t outsz) {
    size_t n = strlen(text);
    if (n >= outsz) return CORE_PHONE_INVALID;
    memcpy(out, text, n + 1);
    return kind;
}

core_phone_kind core_phone_parse(const char *text, char *out, size_t outsz) {
    if (!text) return CORE_PHONE_INVALID;
    size_t len;
    const char *span = core_text_span(text, &len);
    /* Full-width digits and signs ("１３８－…") as ASCII; no number as written here needs 128 bytes. */
    char s[128];
    if (!core_text_fold_width(span, len, s, sizeof s)) return CORE_PHONE_INVALID;
    len = strlen(s);
    char mobile[12];
    if (parse_mobile(s, len, mobile)) return emit(CORE_PHONE_MOBILE, mobile, out, outsz);
    cursor c = {s, s + len};
    char area[5], sub[9], ext[7], norm[32];
    if (len == 0 || !parse_number(&c, area, sub) || !parse_extension(&c, ext)) return CORE_PHONE_INVALID;
    snprintf(norm, sizeof norm, "%s%s%s%s%s", area, area[0] ? "-" : "", sub, ext[0] ? "-" : "", ext);
    return emit(CORE_PHONE_LANDLINE, norm, out, outsz);
}
