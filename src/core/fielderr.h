/*
** fielderr.h: field-level validation errors, each with a stable code and a message in Chinese and English.
**
** Validators append to a core_fielderrs list instead of stopping at the first problem, so a form or an
** import row reports everything wrong with it at once. Field names are the API's JSON names, with a
** prefix for nested objects ("members[2].id_number"). Messages are static strings or owned copies.
*/
#ifndef WS_CORE_FIELDERR_H
#define WS_CORE_FIELDERR_H
#include <stddef.h>

typedef struct core_fielderr {
    char *field; /* owned */
    const char *code; /* static, e.g. "id_check_digit" */
    char *zh;    /* owned */
    char *en;    /* owned */
} core_fielderr;

typedef struct core_fielderrs {
    core_fielderr *items; /* owned */
    size_t count, cap;
} core_fielderrs;

void core_fielderrs_init(core_fielderrs *l);
/* Copies field, zh and en; code must be a static string. */
void core_fielderrs_add(core_fielderrs *l, const char *field, const char *code, const char *zh, const char *en);
/* Like core_fielderrs_add with the field written as prefix + field ("members[1]." + "name"). */
void core_fielderrs_addp(core_fielderrs *l, const char *prefix, const char *field, const char *code,
                         const char *zh, const char *en);
void core_fielderrs_clear(core_fielderrs *l); /* frees the entries, keeps the list usable */
void core_fielderrs_free(core_fielderrs *l);

#endif
