/*
** text.c: UTF-8 validity, code-point lengths, trimming, placeholder detection, invisible characters and
** full-width folding for every text field.
** Pure: no allocation, no I/O; depends on nothing but the C library.
*/
#include "text.h"

#include <stdint.h>
#include <string.h>

/*
** Length of the well-formed UTF-8 sequence at s (at most len bytes), or 0 when it is malformed:
** overlong forms, UTF-16 surrogates (U+D800..U+DFFF) and values past U+10FFFF are malformed.
*/
static size_t utf8_seq(const unsigned char *s, size_t len) {
    unsigned char c = s[0];
    if (c < 0x80) return 1;
    size_t n;
    uint32_t cp, min;
    if (c >= 0xC2 && c <= 0xDF) { n = 2; cp = c & 0x1F; min = 0x80; }
    else if ((c & 0xF0) == 0xE0) { n = 3; cp = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { n = 4; cp = c & 0x07; min = 0x10000; }
    else return 0;
    if (len < n) return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return n;
}

bool core_utf8_valid(const char *s, size_t len) {
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        size_t n = utf8_seq(p + i, len - i);
        if (n == 0) return false;
        i += n;
    }
    return true;
}

size_t core_utf8_len(const char *s) {
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xC0) != 0x80) n++;
    return n;
}

/* Bytes of the white space at s (ASCII white space, U+00A0, U+1680, U+2000..U+200A, U+202F, U+205F or
** U+3000), or 0. */
static size_t space_at(const char *s, size_t avail) {
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] == ' ' || (u[0] >= '\t' && u[0] <= '\r')) return 1;
    if (avail >= 2 && u[0] == 0xC2 && u[1] == 0xA0) return 2;
    if (avail < 3) return 0;
    bool wide = (u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80) || (u[0] == 0xE1 && u[1] == 0x9A && u[2] == 0x80) ||
                (u[0] == 0xE2 && u[1] == 0x80 && (u[2] <= 0x8A || u[2] == 0xAF)) ||
                (u[0] == 0xE2 && u[1] == 0x81 && u[2] == 0x9F);
    return wide ? 3 : 0;
}

/* Bytes of the white space that ends s[0..len), or 0. */
static size_t space_before(const char *s, size_t len) {
    if (len >= 1 && space_at(s + len - 1, 1) == 1) return 1;
    if (len >= 2 && space_at(s + len - 2, 2) == 2) return 2;
    if (len >= 3 && space_at(s + len - 3, 3) == 3) return 3;
    return 0;
}

const char *core_text_span(const char *s, size_t *len) {
    size_t n = strlen(s), k;
    while (n && (k = space_at(s, n)) != 0) {
        s += k;
        n -= k;
    }
    while (n && (k = space_before(s, n)) != 0) n -= k;
    *len = n;
    return s;
}

char *core_text_trim(char *s) {
    size_t len;
    const char *start = core_text_span(s, &len);
    memmove(s, start, len);
    s[len] = '\0';
    return s;
}

bool core_text_is_placeholder(const char *s) {
    static const char *const words[] = {"无", "暂无", "待补", "空", "没有", "-", "--", "/",
                                        "－", "—", "——", "／"};
    if (!s) return true;
    size_t len;
    const char *p = core_text_span(s, &len);
    if (len == 0) return true;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strlen(words[i]) == len && memcmp(words[i], p, len) == 0) return true;
    return false;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool core_text_is_scientific(const char *s) {
    size_t len, i = 0, mantissa = 0, exponent = 0;
    s = core_text_span(s, &len);
    while (i < len && is_digit(s[i])) i++, mantissa++;
    if (i < len && s[i] == '.') {
        i++;
        while (i < len && is_digit(s[i])) i++, mantissa++;
    }
    if (mantissa == 0 || i == len || (s[i] != 'E' && s[i] != 'e')) return false;
    i++;
    if (i < len && s[i] == '+') i++;
    while (i < len && is_digit(s[i])) i++, exponent++;
    return exponent > 0 && i == len;
}

bool core_text_has_control(const char *s, bool allow_newlines) {
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) return true; /* C1: U+0080..U+009F */
        if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)) return true; /* U+2028, U+2029 */
        if (*p != 0x7F && *p >= 0x20) continue;
        if (allow_newlines && (*p == '\n' || *p == '\r' || *p == '\t')) continue;
        return true;
    }
    return false;
}

/* The code point of the UTF-8 sequence at *p (a lead byte), advancing *p past it; stops at a byte that
** does not continue the sequence, so malformed input never reads past the terminating NUL. */
static uint32_t next_code_point(const unsigned char **p) {
    const unsigned char *s = *p;
    size_t n = s[0] < 0xE0 ? 2 : s[0] < 0xF0 ? 3 : 4;
    uint32_t cp = s[0] & (0x7Fu >> n);
    size_t i = 1;
    for (; i < n && (s[i] & 0xC0) == 0x80; i++) cp = (cp << 6) | (s[i] & 0x3F);
    *p = s + i;
    return cp;
}

bool core_text_has_invisible(const char *s) {
    /* The format characters (Cf) of Unicode 15.1 and the other default-ignorable or blank-looking ones
    ** (combining grapheme joiner, Hangul fillers, Khmer inherent vowels, Mongolian and other variation
    ** selectors, the Braille blank), as closed ranges in code point order. */
    static const uint32_t cf[][2] = {
        {0x00AD, 0x00AD},   {0x034F, 0x034F},   {0x0600, 0x0605},   {0x061C, 0x061C},   {0x06DD, 0x06DD},
        {0x070F, 0x070F},   {0x0890, 0x0891},   {0x08E2, 0x08E2},   {0x115F, 0x1160},   {0x17B4, 0x17B5},
        {0x180B, 0x180F},   {0x200B, 0x200F},   {0x202A, 0x202E},   {0x2060, 0x206F},
        {0x2800, 0x2800},   {0x3164, 0x3164},   {0xFE00, 0xFE0F},   {0xFEFF, 0xFEFF},   {0xFFA0, 0xFFA0},
        {0xFFF9, 0xFFFB},   {0x110BD, 0x110BD}, {0x110CD, 0x110CD}, {0x13430, 0x1343F}, {0x16FE4, 0x16FE4},
        {0x1BCA0, 0x1BCA3}, {0x1D173, 0x1D17A}, {0xE0001, 0xE0001}, {0xE0020, 0xE007F}, {0xE0100, 0xE01EF},
    };
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        if (*p < 0xC2) { /* ASCII, and stray bytes that validity checks refuse */
            p++;
            continue;
        }
        uint32_t cp = next_code_point(&p);
        for (size_t i = 0; i < sizeof cf / sizeof cf[0] && cp >= cf[i][0]; i++)
            if (cp <= cf[i][1]) return true;
    }
    return false;
}

bool core_text_fold_width(const char *s, size_t len, char *out, size_t outsz) {
    if (outsz < len + 1) return false;
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        /* U+FF01..U+FF3F are EF BC 81..BF, U+FF40..U+FF5E are EF BD 80..9E; U+3000 is E3 80 80. */
        if (i + 2 < len && p[i] == 0xEF && p[i + 1] == 0xBC && p[i + 2] >= 0x81 && p[i + 2] <= 0xBF) {
            out[n++] = (char)(p[i + 2] - 0x60);
            i += 3;
        } else if (i + 2 < len && p[i] == 0xEF && p[i + 1] == 0xBD && p[i + 2] >= 0x80 && p[i + 2] <= 0x9E) {
            out[n++] = (char)(p[i + 2] - 0x20);
            i += 3;
        } else if (i + 2 < len && p[i] == 0xE3 && p[i + 1] == 0x80 && p[i + 2] == 0x80) {
            out[n++] = ' ';
            i += 3;
        } else {
            out[n++] = s[i++];
        }
    }
    out[n] = '\0';
    return true;
}
