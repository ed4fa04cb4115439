/*
** registry_json.c: JSON fields to the core's text inputs, and stored records back to text.
*/
#include "registry_json.h"

#include "../core/text.h"

#include <string.h>

const char *web_json_text(web_req *rq, json_t *obj, const char *key) {
    json_t *v = json_object_get(obj, key);
    if (json_is_string(v)) return core_arena_strdup(rq->arena, json_string_value(v));
    if (json_is_integer(v)) return core_arena_printf(rq->arena, "%lld", (long long)json_integer_value(v));
    if (json_is_boolean(v)) return json_is_true(v) ? "true" : "false";
    if (v && !json_is_null(v)) return "\x01"; /* an object or array where text belongs: fails validation */
    return NULL;
}

void web_json_overlay(web_req *rq, json_t *obj, const char *key, const char **field) {
    if (json_object_get(obj, key)) *field = web_json_text(rq, obj, key);
}

void web_member_in_from_json(web_req *rq, json_t *obj, core_member_in *in) {
    web_json_overlay(rq, obj, "name", &in->name);
    web_json_overlay(rq, obj, "id_number", &in->id_number);
    web_json_overlay(rq, obj, "relation", &in->relation);
    web_json_overlay(rq, obj, "sex", &in->sex);
    web_json_overlay(rq, obj, "birth_date", &in->birth_date);
    web_json_overlay(rq, obj, "phone", &in->phone);
    web_json_overlay(rq, obj, "disability_grade", &in->disability_grade);
    web_json_overlay(rq, obj, "serious_illness", &in->serious_illness);
}

static const char *date_text(web_req *rq, bool has, core_date d) {
    if (!has) return NULL;
    char *s = core_arena_alloc(rq->arena, 11);
    core_date_format(d, s);
    return s;
}

void web_member_in_from_member(web_req *rq, const core_member *m, core_member_in *in) {
    memset(in, 0, sizeof *in);
    in->name = m->name;
    in->id_number = m->has_id ? core_arena_strdup(rq->arena, m->id.number) : NULL;
    in->relation = core_relation_code(m->relation);
    in->sex = m->sex == 'M' ? "M" : m->sex == 'F' ? "F" : NULL;
    in->birth_date = date_text(rq, m->has_birth, m->birth);
    in->phone = m->phone;
    in->disability_grade = core_arena_printf(rq->arena, "%d", m->disability_grade);
    in->serious_illness = m->serious_illness ? "true" : "false";
}

void web_household_in_from_json(web_req *rq, json_t *obj, core_household_in *in) {
    web_json_overlay(rq, obj, "household_no", &in->household_no);
    web_json_overlay(rq, obj, "town_code", &in->town_code);
    web_json_overlay(rq, obj, "village", &in->village);
    web_json_overlay(rq, obj, "address", &in->address);
    web_json_overlay(rq, obj, "category", &in->category);
    web_json_overlay(rq, obj, "phone", &in->phone);
    web_json_overlay(rq, obj, "registered_on", &in->registered_on);
}

void web_household_in_from_household(web_req *rq, const core_household *h, core_household_in *in) {
    memset(in, 0, sizeof *in);
    in->household_no = h->household_no;
    in->town_code = core_arena_strdup(rq->arena, h->town_code);
    in->village = h->village;
    in->address = h->address;
    in->category = core_category_code(h->category);
    in->phone = h->phone;
    in->registered_on = date_text(rq, true, h->registered_on);
}

const char *const WEB_MEMBER_FIELDS[] = {"name", "id_number", "relation", "sex", "birth_date", "phone",
                                         "disability_grade", "serious_illness", "previous_head_relation", NULL};

bool web_json_note(web_req *rq, json_t *v, const char **out) {
    *out = NULL;
    if (!v || json_is_null(v)) return true;
    if (!json_is_string(v)) return false;
    char *s = core_text_trim(core_arena_strdup(rq->arena, json_string_value(v)));
    if (core_utf8_len(s) > CORE_NOTE_MAX || core_text_has_control(s, true) || core_text_has_invisible(s)) return false;
    *out = *s ? s : NULL;
    return true;
}

void web_json_note_error(json_t *v, const char *prefix, const char *field, const char *code, const char *zh,
                         const char *en, core_fielderrs *errs) {
    const char *s = json_string_value(v);
    if (s && core_text_has_control(s, true))
        core_fielderrs_addp(errs, prefix, field, "invalid_text", CORE_TEXT_CONTROL_ZH, CORE_TEXT_CONTROL_EN);
    else if (s && core_text_has_invisible(s))
        core_fielderrs_addp(errs, prefix, field, "invisible_text", CORE_TEXT_INVISIBLE_ZH, CORE_TEXT_INVISIBLE_EN);
    else
        core_fielderrs_addp(errs, prefix, field, code, zh, en);
}

json_t *web_json_keys(json_t *obj) {
    json_t *keys = json_array();
    const char *key;
    json_t *value;
    json_object_foreach(obj, key, value) json_array_append_new(keys, json_string(key));
    return keys;
}

void web_check_known_fields(json_t *obj, const char *const *allowed, const char *prefix, core_fielderrs *errs) {
    const char *key;
    json_t *value;
    json_object_foreach(obj, key, value) {
        const char *const *a = allowed;
        while (*a && strcmp(*a, key) != 0) a++;
        if (!*a) core_fielderrs_addp(errs, prefix, key, "unknown_field", "未知的字段", "Unknown field");
    }
}
