/*
** fielderr.c: the list of field-level validation errors.
*/
#include "fielderr.h"

#include "mem.h"

#include <stdlib.h>
#include <string.h>

void core_fielderrs_init(core_fielderrs *l) { memset(l, 0, sizeof *l); }

void core_fielderrs_add(core_fielderrs *l, const char *field, const char *code, const char *zh, const char *en) {
    core_fielderrs_addp(l, "", field, code, zh, en);
}

void core_fielderrs_addp(core_fielderrs *l, const char *prefix, const char *field, const char *code,
                         const char *zh, const char *en) {
    if (l->count == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 4;
        l->items = xrealloc(l->items, l->cap * sizeof *l->items);
    }
    core_fielderr *e = &l->items[l->count++];
    size_t plen = strlen(prefix), flen = strlen(field);
    e->field = xmalloc(plen + flen + 1);
    memcpy(e->field, prefix, plen);
    memcpy(e->field + plen, field, flen + 1);
    e->code = code;
    e->zh = xstrdup(zh);
    e->en = xstrdup(en);
}

void core_fielderrs_clear(core_fielderrs *l) {
    for (size_t i = 0; i < l->count; i++) {
        free(l->items[i].field);
        free(l->items[i].zh);
        free(l->items[i].en);
    }
    l->count = 0;
}

void core_fielderrs_free(core_fielderrs *l) {
    core_fielderrs_clear(l);
    free(l->items);
    core_fielderrs_init(l);
}
