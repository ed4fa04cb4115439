/*
** household.h: the registry's domain rules for households and members, with no storage.
**
** Target categories and relations have a stable API code, a Chinese and an English label; input may
** use either the code or the Chinese label (spreadsheets use Chinese). Validation takes the raw text
** fields of one household or member, as they come from JSON or a CSV row, and yields either a clean
** value or field errors in both languages. Text fields (names, household numbers, villages, addresses)
** refuse control characters and invisible format characters (zero-width spaces, bidi controls). It does
** not know which divisions exist or which ID numbers are registered: the store checks those.
*/
#ifndef WS_CORE_HOUSEHOLD_H
#define WS_CORE_HOUSEHOLD_H
#include "date.h"
#include "fielderr.h"
#include "idnum.h"

#include <stdbool.h>
#include <stddef.h>

/* In ranking order (the index issue's tie-break): 特困 first. 0 is "none". */
typedef enum core_category {
    CORE_CAT_NONE = 0,
    CORE_CAT_TEKUN,         /* 特困人员 */
    CORE_CAT_DIBAO,         /* 低保对象 */
    CORE_CAT_DIBAO_EDGE,    /* 低保边缘家庭 */
    CORE_CAT_RIGID_EXPENSE, /* 刚性支出困难家庭 */
    CORE_CAT_MONITORED,     /* 防止返贫致贫监测对象 */
    CORE_CAT_OTHER,         /* 其他困难群众 */
    CORE_CAT_COUNT
} core_category;

typedef enum core_relation {
    CORE_REL_NONE = 0,
    CORE_REL_HEAD,        /* 户主 */
    CORE_REL_SPOUSE,      /* 配偶 */
    CORE_REL_CHILD,       /* 子女 */
    CORE_REL_PARENT,      /* 父母 */
    CORE_REL_GRANDCHILD,  /* 孙子女 */
    CORE_REL_GRANDPARENT, /* 祖父母 */
    CORE_REL_SIBLING,     /* 兄弟姐妹 */
    CORE_REL_CHILD_IN_LAW,/* 儿媳/女婿 */
    CORE_REL_OTHER,       /* 其他 */
    CORE_REL_COUNT
} core_relation;

/* Lookups by API code ("tekun") or Chinese label ("特困人员"), after trimming. NONE when unknown. */
core_category core_category_parse(const char *text);
const char *core_category_code(core_category c); /* "tekun", ...; "" for NONE */
const char *core_category_zh(core_category c);
const char *core_category_en(core_category c);

core_relation core_relation_parse(const char *text); /* also accepts 本人, 妻子, 丈夫, 儿子, 女儿 ... */
const char *core_relation_code(core_relation r);
const char *core_relation_zh(core_relation r);
const char *core_relation_en(core_relation r);

enum { CORE_NAME_MAX = 50, CORE_ADDRESS_MAX = 200, CORE_VILLAGE_MAX = 50, CORE_NOTE_MAX = 500 };

/* Raw text of one member as received; any pointer may be NULL (absent). Not owned. */
typedef struct core_member_in {
    const char *name;
    const char *id_number;
    const char *relation;
    const char *sex;              /* "M"/"F"/男/女; only used, and then required, when there is no ID number */
    const char *birth_date;       /* likewise */
    const char *phone;
    const char *disability_grade; /* "0".."4" or 一级..四级 or 无; absent means 0 */
    const char *serious_illness;  /* "true"/"false"/是/否/1/0; absent means false */
} core_member_in;

/* A validated member. Strings are owned; free with core_member_clear. */
typedef struct core_member {
    char *name;            /* trimmed, 1..CORE_NAME_MAX code points, no control or invisible format characters */
    bool has_id;
    core_idnum id;         /* valid when has_id */
    char sex;              /* 'M', 'F', or 0 when unknown */
    bool has_birth;
    core_date birth;
    core_relation relation;
    char phone[32];        /* normalised, "" when none */
    int disability_grade;  /* 0 none, 1 (most severe) .. 4 */
    bool serious_illness;
} core_member;

/*
** Validates one member. prefix names the member in field errors ("members[0]." or ""). today is the
** current date (for ID birth dates in the future). Returns true and fills *out when valid; otherwise
** appends to errs and leaves *out zeroed.
*/
bool core_member_validate(const core_member_in *in, const char *prefix, core_date today,
                          core_member *out, core_fielderrs *errs);
void core_member_clear(core_member *m);

/* Raw text of a household; members are validated separately. Not owned. */
typedef struct core_household_in {
    const char *household_no; /* the station's own number (户编号), optional */
    const char *town_code;    /* 9-digit town/street code */
    const char *village;      /* village or community name */
    const char *address;
    const char *category;
    const char *phone;
    const char *registered_on; /* date of first application or registration; absent means today */
} core_household_in;

typedef struct core_household {
    char *household_no; /* owned; "" when none */
    char town_code[10];
    char *village;      /* owned */
    char *address;      /* owned */
    core_category category;
    char phone[32];
    core_date registered_on;
} core_household;

bool core_household_validate(const core_household_in *in, core_date today, core_household *out,
                             core_fielderrs *errs);
void core_household_clear(core_household *h);

/* ---- field rules other records share (providers' names, contacts and phones) ---- */

/* A field's JSON name and how people call it, for messages. */
typedef struct core_field_label {
    const char *name, *zh, *en;
} core_field_label;

/*
** Trims raw and checks it is one line of valid UTF-8 of at most max code points, without control or
** invisible format characters. Returns an owned copy (caller frees; "" when absent and optional), or NULL
** after adding an error at prefix + f->name (required, invalid_text, invisible_text, too_long).
*/
char *core_text_value(const char *raw, const char *prefix, const core_field_label *f, size_t max, bool required,
                      core_fielderrs *errs);

/*
** A phone as households give it (phone.h), normalised into out ("" when absent or a placeholder); otherwise
** adds phone_invalid, or phone_excel when Excel mangled it, at prefix + "phone".
*/
void core_phone_value(const char *raw, const char *prefix, char out[32], core_fielderrs *errs);

/*
** The rules across members of one household: exactly one head, and no ID number twice. Adds errors
** naming the offending members ("members[2].relation", "members[3].id_number"). Returns true when the
** set is consistent.
*/
bool core_members_check(const core_member *members, size_t count, core_fielderrs *errs);

#endif
