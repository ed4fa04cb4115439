/*
** text.h: UTF-8 text rules shared by every field: validity, trimming and lengths in code points.
**
** Names may hold any Unicode, including characters outside the BMP (𡐤), so lengths are counted in
** code points, never bytes. Pure functions.
*/
#ifndef WS_CORE_TEXT_H
#define WS_CORE_TEXT_H
#include <stdbool.h>
#include <stddef.h>

/* True when s[0..len) is well-formed UTF-8 (no overlongs, no surrogates, nothing past U+10FFFF). */
bool core_utf8_valid(const char *s, size_t len);

/* Number of code points in well-formed UTF-8 s. */
size_t core_utf8_len(const char *s);

/*
** Trims ASCII white space, U+3000 (ideographic space) and U+00A0 from both ends, in place. Returns s.
*/
char *core_text_trim(char *s);

/*
** The trimmed span of s without changing it (same rules as core_text_trim): returns a pointer into s
** and sets *len. For const input such as ID numbers and phone numbers.
*/
const char *core_text_span(const char *s, size_t *len);

/*
** True when s, trimmed, is empty or a placeholder that stations write for "none": 无, 暂无, 待补, 空, 没有,
** -, --, /, and their full-width forms. NULL counts as empty.
*/
bool core_text_is_placeholder(const char *s);

/* True when s, trimmed, is a number in scientific notation (3.71002E+17): what Excel shows for long numbers. */
bool core_text_is_scientific(const char *s);

/* True when s has a control character (U+0001..U+001F, U+007F); with allow_newlines, CR, LF and tab are fine. */
bool core_text_has_control(const char *s, bool allow_newlines);

#endif
