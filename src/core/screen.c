/*
** screen.c: groups, missing facts and duplicate-assistance flags of a household's screening (screen.h).
*/
#include "screen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *core_screen_result_code(core_screen_result r)
{
    switch (r) {
    case CORE_SCREEN_ELIGIBLE:
        return "eligible";
    case CORE_SCREEN_UNKNOWN:
        return "unknown";
    default:
        return "not_eligible";
    }
}

bool core_screen_has(const json_t *strings, const char *s)
{
    size_t i;
    json_t *v;
    json_array_foreach(strings, i, v) if (json_is_string(v) && strcmp(json_string_value(v), s) == 0) return true;
    return false;
}

static const char *name_of(const json_t *names, const char *code)
{
    const char *n = json_string_value(json_object_get(names, code));
    return n ? n : code;
}

static json_t *flag(const char *code, json_t *policies, const char *zh, const char *en)
{
    return json_pack("{ss so ss ss}", "code", code, "policies", policies, "zh", zh, "en", en);
}

json_t *core_screen_flags(const json_t *policy, core_screen_result r, const json_t *receiving, const json_t *names)
{
    json_t *out = json_array();
    const char *code = json_string_value(json_object_get(policy, "code"));
    if (!code)
        return out;
    bool receives = core_screen_has(receiving, code);
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(policy, "excludes"), i, x) {
        const char *other = json_string_value(x);
        if (!other || !core_screen_has(receiving, other))
            continue;
        char zh[512], en[512];
        if (receives) {
            snprintf(zh, sizeof zh, "同时享受“%s”和“%s”，两者不能在同一期间享受（避免重复救助），请核查",
                     name_of(names, code), name_of(names, other));
            snprintf(en, sizeof en, "Receives both %s and %s, which exclude each other in one period: check",
                     code, other);
            bool lower = strcmp(code, other) < 0;
            json_array_append_new(out, flag("duplicate", json_pack("[ss]", lower ? code : other, lower ? other : code),
                                            zh, en));
        } else if (r != CORE_SCREEN_NOT_ELIGIBLE) {
            snprintf(zh, sizeof zh, "已享受“%s”，与本政策不能在同一期间享受（避免重复救助）", name_of(names, other));
            snprintf(en, sizeof en, "Already receives %s, which excludes this policy in the same period", other);
            json_array_append_new(out, flag("excluded_by_benefit", json_pack("[s]", other), zh, en));
        }
    }
    return out;
}

void core_screen_tally_missing(json_t *tally, const json_t *missing)
{
    size_t i;
    json_t *m;
    json_array_foreach(missing, i, m) {
        const char *fact = json_string_value(json_object_get(m, "fact"));
        if (!fact)
            continue;
        json_t *t = json_object_get(tally, fact);
        if (!t) {
            t = json_deep_copy(m);
            json_object_set_new(t, "policies", json_integer(0));
            json_object_set_new(tally, fact, t);
        }
        json_object_set_new(t, "policies", json_integer(json_integer_value(json_object_get(t, "policies")) + 1));
    }
}

static int by_importance(const void *a, const void *b)
{
    const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
    int dx = json_is_true(json_object_get(x, "declared")), dy = json_is_true(json_object_get(y, "declared"));
    if (dx != dy)
        return dy - dx;
    json_int_t px = json_integer_value(json_object_get(x, "policies")), py = json_integer_value(json_object_get(y, "policies"));
    if (px != py)
        return px > py ? -1 : 1;
    return strcmp(json_string_value(json_object_get(x, "fact")), json_string_value(json_object_get(y, "fact")));
}

json_t *core_screen_missing_list(const json_t *tally)
{
    size_t n = json_object_size(tally), k = 0;
    json_t **items = calloc(n + 1, sizeof *items);
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)tally, key, v) items[k++] = v;
    qsort(items, n, sizeof *items, by_importance);
    json_t *out = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append(out, items[i]);
    free(items);
    return out;
}
