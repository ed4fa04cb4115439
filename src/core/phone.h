/*
** phone.h: Chinese telephone numbers as households give them.
**
** Accepted: mobile numbers (11 digits starting with 1[3-9], optionally +86 / 86 in front), and
** landlines with an area code (0 + 2-3 digits) and a 7-8 digit subscriber number, separated by '-',
** space or nothing, optionally followed by an extension ("-123", "转123", "ext 123"). Landlines without
** an area code (7-8 digits) are accepted too, as stations write local numbers that way. Full-width digits
** and signs, as Chinese input methods type them, are read as ASCII. Pure functions.
*/
#ifndef WS_CORE_PHONE_H
#define WS_CORE_PHONE_H
#include <stddef.h>

typedef enum core_phone_kind {
    CORE_PHONE_INVALID = 0,
    CORE_PHONE_MOBILE,
    CORE_PHONE_LANDLINE
} core_phone_kind;

/*
** Classifies text and writes a normalised form into out (size outsz, 32 bytes is always enough):
** mobile "13812345678", landline "0631-5212345" or "0631-5212345-123", local "5212345".
** Returns CORE_PHONE_INVALID (out untouched) for anything else, including numbers Excel turned into
** scientific notation or that lost a leading zero.
*/
core_phone_kind core_phone_parse(const char *text, char *out, size_t outsz);

#endif
