/*
** text.h: UTF-8 text rules shared by every field: validity, trimming and lengths in code points.
**
** Names may hold any Unicode, including characters outside the BMP (𡐤), so lengths are counted in
** code points, never bytes; but not invisible format characters (core_text_has_invisible). Numbers
** typed with a Chinese input method in full-width mode are read as ASCII (core_text_fold_width).
** Pure functions.
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
** Trims white space from both ends, in place: ASCII's, U+3000 (ideographic space), U+00A0 and the other
** Unicode spaces (U+1680, U+2000..U+200A, U+202F, U+205F), so that a text of spaces is empty. Returns s.
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

/* True when s has a control character (U+0001..U+001F, U+007F, the C1 controls U+0080..U+009F, and the
** line and paragraph separators U+2028, U+2029); with allow_newlines, CR, LF and tab are fine. */
bool core_text_has_control(const char *s, bool allow_newlines);

/*
** True when well-formed UTF-8 s holds an invisible format character (Unicode category Cf): the soft
** hyphen U+00AD, zero-width spaces and joiners U+200B..U+200F, bidirectional controls U+202A..U+202E and
** U+2066..U+206F, U+2060..U+2065 (word joiner, invisible operators, one unassigned), U+FEFF, tags
** U+E0001 and U+E0020..U+E007F, and the few others of the category; and characters that show as nothing
** or a blank without being spaces: the combining grapheme joiner U+034F, Hangul and Khitan fillers
** (U+115F, U+1160, U+3164, U+FFA0, U+16FE4), U+17B4..U+17B5, variation selectors (U+180B..U+180F,
** U+FE00..U+FE0F, U+E0100..U+E01EF) and the Braille blank U+2800. Two names that differ only by these
** look the same on screen but not to a search.
*/
bool core_text_has_invisible(const char *s);

/* What to say of a text core_text_has_control or core_text_has_invisible refuses (codes invalid_text and
** invisible_text), where the field's name is given beside the message. */
#define CORE_TEXT_CONTROL_ZH "含有控制字符"
#define CORE_TEXT_CONTROL_EN "Contains control characters"
#define CORE_TEXT_INVISIBLE_ZH "含有不可见的格式字符（如零宽空格），请删除后重新填写"
#define CORE_TEXT_INVISIBLE_EN                                                                                \
    "Contains an invisible formatting character (such as a zero-width space): delete it and type the text again"

/*
** Copies s[0..len) into out, NUL-terminated, with the full-width forms of ASCII (U+FF01..U+FF5E: the
** digits, letters and signs Chinese input methods type in full-width mode, "１３８", "Ｘ", "－") and the
** ideographic space U+3000 written as their ASCII counterparts; every other byte is copied as it is.
** The result is never longer than the input: returns false, out untouched, when outsz < len + 1.
*/
bool core_text_fold_width(const char *s, size_t len, char *out, size_t outsz);

#endif
