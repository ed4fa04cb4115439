/*
** h_providers.c: /api/v1/providers — the resource directory: list and read providers, add them and change
** them.
**
** Who may do what (docs/api.md): the directory holds no personal data, so every role reads all of it except
** provider staff, who see only their own organisation (any other id answers 404, as one that does not
** exist). City administrators manage every provider; a county officer those whose division lies in the
** county (others answer 404 to a change), with areas inside it; provider staff change their own
** organisation's description, contacts, items, schedules, capacity and pausing, but not what routes
** referrals to it (name, kind, division, areas) nor its closing (403 field_not_allowed).
*/
#include "auth.h"
#include "handlers.h"
#include "registry_json.h"

#include "../core/text.h"
#include "../store/audit.h"
#include "../store/catalog.h"
#include "../store/divisions.h"
#include "../store/providers.h"

#include <stdio.h>
#include <string.h>

static bool is_staff(const web_req *rq) { return strcmp(rq->user.role, "provider_staff") == 0; }

/* Provider staff see their own organisation only; everyone else the whole directory. */
static bool may_see(const web_req *rq, int64_t id) { return !is_staff(rq) || rq->user.provider_id == id; }

void web_providers_list(web_req *rq, web_res *rs) {
    int64_t limit, offset;
    const char *division;
    if (!web_paging_or_answer(rq, rs, &limit, &offset) || !web_query_division_or_answer(rq, rs, &division)) return;
    const char *item = web_query(rq, "item"), *kind = web_query(rq, "kind"), *status = web_query(rq, "status");
    store_service_item it;
    if (item && *item && (!core_service_code_valid(item) || store_service_item_get(web_reader(rq), item, &it))) {
        web_error(rq, rs, 400, "bad_item", "服务清单中没有该服务项目", "The catalog has no such service item");
        return;
    }
    core_provider_kind k = kind && *kind ? core_provider_kind_parse(kind) : CORE_PK_NONE;
    if (kind && *kind && !k) {
        web_error(rq, rs, 400, "bad_kind", "未知的机构类型", "Unknown kind of provider");
        return;
    }
    core_provider_status s = status && *status ? core_provider_status_parse(status) : CORE_PS_NONE;
    if (status && *status && !s) {
        web_error(rq, rs, 400, "bad_status", "未知的机构状态", "Unknown status");
        return;
    }
    const char *q = web_query(rq, "q");
    char *qtrim = q ? core_text_trim(core_arena_strdup(rq->arena, q)) : NULL;
    store_provider_query query = {
        .division = division,
        .item = item && *item ? item : NULL,
        .kind = k ? core_provider_kind_code(k) : NULL,
        .status = s ? core_provider_status_code(s) : NULL,
        .q = qtrim && *qtrim ? qtrim : NULL,
        /* staff not linked to any organisation see none (-1 is nobody's id) */
        .only_id = is_staff(rq) ? (rq->user.provider_id ? rq->user.provider_id : -1) : 0,
        .limit = limit,
        .offset = offset,
    };
    json_t *items;
    int64_t total;
    ws_err e = store_providers_list(web_reader(rq), &query, &items, &total);
    if (e) web_error_from(rq, rs, e);
    else web_json(rs, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total));
}

void web_provider_get(web_req *rq, web_res *rs) {
    int64_t id;
    if (!web_param_id_or_answer(rq, rs, 0, &id)) return;
    json_t *out;
    ws_err e = may_see(rq, id) ? store_provider_json(web_reader(rq), id, &out) : WS_ERR_NOTFOUND;
    if (e) web_error_from(rq, rs, e);
    else web_json(rs, 200, out);
}

/* ---- reading a provider from JSON ------------------------------------------------------------------- */

static const char *const PROVIDER_FIELDS[] = {"name", "kind", "division_code", "description", "contact_name",
                                              "phone", "email", "website", "address", "capacity_per_week",
                                              "status", "items", "areas", "schedules", NULL};

static void provider_in_from_json(web_req *rq, json_t *body, core_provider_in *in) {
    web_json_overlay(rq, body, "name", &in->name);
    web_json_overlay(rq, body, "kind", &in->kind);
    web_json_overlay(rq, body, "division_code", &in->division_code);
    web_json_overlay(rq, body, "description", &in->description);
    web_json_overlay(rq, body, "contact_name", &in->contact_name);
    web_json_overlay(rq, body, "phone", &in->phone);
    web_json_overlay(rq, body, "email", &in->email);
    web_json_overlay(rq, body, "website", &in->website);
    web_json_overlay(rq, body, "address", &in->address);
    web_json_overlay(rq, body, "capacity_per_week", &in->capacity_per_week);
    web_json_overlay(rq, body, "status", &in->status);
}

/* A stored provider's own fields as raw text (arena strings), the starting point of a PATCH. */
static void provider_in_from_provider(web_req *rq, const core_provider *p, core_provider_in *in) {
    *in = (core_provider_in){
        .name = p->name,
        .kind = core_provider_kind_code(p->kind),
        .division_code = p->division_code,
        .description = p->description,
        .contact_name = p->contact_name,
        .phone = p->phone,
        .email = p->email,
        .website = p->website,
        .address = p->address,
        .capacity_per_week = core_arena_printf(rq->arena, "%d", p->capacity_per_week),
        .status = core_provider_status_code(p->status),
    };
}

/* The array at key, or NULL after an error when it is not one or too long. */
static json_t *list_field(json_t *body, const char *key, size_t max, core_fielderrs *errs) {
    json_t *arr = json_object_get(body, key);
    if (json_is_array(arr) && json_array_size(arr) <= max) return arr;
    char zh[96], en[96];
    snprintf(zh, sizeof zh, "应为列表，最多 %zu 项", max);
    snprintf(en, sizeof en, "Must be a list of at most %zu entries", max);
    core_fielderrs_add(errs, key, "bad_list", zh, en);
    return NULL;
}

/*
** The request's names of the entries of p's lists, for the database's checks: an entry left out (a repeat,
** say) shifts the others, so items_at[k] is the field of p->items[k] ("items[3]"). NULL: the lists were not
** sent (a PATCH keeps the stored ones).
*/
typedef struct list_names {
    const char **items_at, **areas_at;
} list_names;

/* items: catalog codes, or {"code","description"}. */
static void items_from_json(web_req *rq, json_t *body, core_provider *p, list_names *names, core_fielderrs *errs) {
    static const char *const ITEM_FIELDS[] = {"code", "description", NULL};
    json_t *arr = list_field(body, "items", CORE_PROVIDER_ITEMS_MAX, errs), *v;
    names->items_at = core_arena_alloc(rq->arena, CORE_PROVIDER_ITEMS_MAX * sizeof *names->items_at);
    size_t i;
    json_array_foreach(arr, i, v) {
        const char *prefix = core_arena_printf(rq->arena, "items[%zu]", i);
        bool added;
        if (json_is_object(v)) {
            web_check_known_fields(v, ITEM_FIELDS, core_arena_printf(rq->arena, "%s.", prefix), errs);
            added = core_provider_add_item(p, web_json_text(rq, v, "code"), web_json_text(rq, v, "description"),
                                           prefix, errs);
        } else {
            added = core_provider_add_item(p, json_string_value(v), NULL, prefix, errs);
        }
        if (added) names->items_at[p->nitems - 1] = prefix;
    }
}

static void areas_from_json(web_req *rq, json_t *body, core_provider *p, list_names *names, core_fielderrs *errs) {
    json_t *arr = list_field(body, "areas", CORE_PROVIDER_AREAS_MAX, errs), *v;
    names->areas_at = core_arena_alloc(rq->arena, CORE_PROVIDER_AREAS_MAX * sizeof *names->areas_at);
    size_t i;
    json_array_foreach(arr, i, v) {
        const char *prefix = core_arena_printf(rq->arena, "areas[%zu]", i);
        if (core_provider_add_area(p, json_string_value(v), prefix, errs)) names->areas_at[p->nareas - 1] = prefix;
    }
}

static void schedules_from_json(web_req *rq, json_t *body, core_provider *p, core_fielderrs *errs) {
    static const char *const SCHEDULE_FIELDS[] = {"weekday", "opens_at", "closes_at", "note", NULL};
    json_t *arr = list_field(body, "schedules", CORE_PROVIDER_SCHEDULES_MAX, errs), *v;
    size_t i;
    json_array_foreach(arr, i, v) {
        const char *prefix = core_arena_printf(rq->arena, "schedules[%zu].", i);
        if (!json_is_object(v)) v = NULL; /* every field then reads as absent, and is reported */
        else web_check_known_fields(v, SCHEDULE_FIELDS, prefix, errs);
        core_provider_schedule_in in = {web_json_text(rq, v, "weekday"), web_json_text(rq, v, "opens_at"),
                                        web_json_text(rq, v, "closes_at"), web_json_text(rq, v, "note")};
        core_provider_add_schedule(p, &in, prefix, errs);
    }
}

/* Validates body laid over in into p; the lists body names replace p's (their fields' names in *names). */
static void validate_provider(web_req *rq, json_t *body, core_provider_in *in, core_provider *p, list_names *names,
                              core_fielderrs *errs) {
    web_check_known_fields(body, PROVIDER_FIELDS, "", errs);
    provider_in_from_json(rq, body, in);
    core_provider_validate(in, p, errs);
    if (json_object_get(body, "items")) {
        core_provider_clear_items(p);
        items_from_json(rq, body, p, names, errs);
    }
    if (json_object_get(body, "areas")) {
        core_provider_clear_areas(p);
        areas_from_json(rq, body, p, names, errs);
    }
    if (json_object_get(body, "schedules")) {
        core_provider_clear_schedules(p);
        schedules_from_json(rq, body, p, errs);
    }
}

/* A county officer's providers belong to the county and serve inside it; the city's administrator's, anywhere. */
static void check_scope(const web_req *rq, const core_provider *p, const list_names *names, core_fielderrs *errs) {
    const char *scope = rq->user.division_code;
    if (*p->division_code && !store_in_scope(scope, p->division_code))
        core_fielderrs_add(errs, "division_code", "division_not_in_scope", "所属行政区划不在您的辖区内",
                           "The division is outside your jurisdiction");
    for (size_t i = 0; i < p->nareas; i++)
        if (!store_in_scope(scope, p->areas[i])) {
            char field[32];
            snprintf(field, sizeof field, "areas[%zu]", i);
            core_fielderrs_add(errs, names->areas_at ? names->areas_at[i] : field, "division_not_in_scope",
                               "服务区域不在您的辖区内", "The service area is outside your jurisdiction");
        }
}

static bool same_areas(const core_provider *a, const core_provider *b) {
    if (a->nareas != b->nareas) return false;
    for (size_t i = 0; i < a->nareas; i++) {
        bool found = false;
        for (size_t j = 0; j < b->nareas && !found; j++) found = strcmp(a->areas[i], b->areas[j]) == 0;
        if (!found) return false;
    }
    return true;
}

/* What provider staff may not change of their own organisation; errors go to denied. */
static void check_staff_changes(const core_provider *old, const core_provider *p, core_fielderrs *denied) {
    static const char ZH[] = "服务机构人员不能修改此项，请联系民政部门", EN[] = "Provider staff cannot change this; "
                                                                               "ask the civil-affairs office";
    if (strcmp(old->name, p->name) != 0) core_fielderrs_add(denied, "name", "field_not_allowed", ZH, EN);
    if (old->kind != p->kind) core_fielderrs_add(denied, "kind", "field_not_allowed", ZH, EN);
    if (strcmp(old->division_code, p->division_code) != 0)
        core_fielderrs_add(denied, "division_code", "field_not_allowed", ZH, EN);
    if (!same_areas(old, p)) core_fielderrs_add(denied, "areas", "field_not_allowed", ZH, EN);
    if (old->status != p->status && (old->status == CORE_PS_CLOSED || p->status == CORE_PS_CLOSED))
        core_fielderrs_add(denied, "status", "field_not_allowed", ZH, EN);
}

/* The audit entry of a write: the fields sent. */
static ws_err audit_write(web_req *rq, store_conn *w, const char *action, int64_t id, json_t *body) {
    store_actor who = web_actor(rq);
    return store_audit_append(w, &who, action, "provider", web_id_text(rq, id),
                              json_pack("{s:o}", "fields", web_json_keys(body)));
}

/* Answers what a write ended with: 403 for changes the role may not make, 422 for other field errors. */
static void answer_write(web_req *rq, web_res *rs, ws_err e, const core_fielderrs *denied,
                         const core_fielderrs *errs, int status, json_t **out) {
    if (denied->count) web_error_fields(rq, rs, 403, "field_not_allowed", denied);
    else if (errs->count) web_error_fields(rq, rs, 422, "invalid", errs);
    else if (e) web_error_from(rq, rs, e);
    else {
        web_json(rs, status, *out);
        *out = NULL;
    }
}

void web_providers_create(web_req *rq, web_res *rs) {
    json_t *body, *out = NULL;
    if (!web_body_object_or_answer(rq, rs, &body)) return;
    core_fielderrs errs, denied;
    core_fielderrs_init(&errs);
    core_fielderrs_init(&denied);
    core_provider p = {0};
    core_provider_in in = {0};
    int64_t id = 0;
    store_conn *w;
    ws_err e = web_write_begin(rq, &w);
    if (!e) {
        /* every problem at once: the form's, then what the database and the jurisdiction say */
        list_names names = {0};
        validate_provider(rq, body, &in, &p, &names, &errs);
        check_scope(rq, &p, &names, &errs);
        store_provider_check_named(w, &p, names.items_at, names.areas_at, &errs);
        if (errs.count) e = WS_ERR_INVALID;
        if (!e) e = store_provider_insert(w, &p, &id);
        if (!e) e = audit_write(rq, w, "create", id, body);
        if (!e) e = store_provider_json(w, id, &out);
        e = store_write_finish(w, e);
    }
    answer_write(rq, rs, e, &denied, &errs, 201, &out);
    json_decref(out);
    core_fielderrs_free(&errs);
    core_fielderrs_free(&denied);
    core_provider_clear(&p);
    json_decref(body);
}

void web_provider_update(web_req *rq, web_res *rs) {
    int64_t id;
    json_t *body, *out = NULL;
    if (!web_param_id_or_answer(rq, rs, 0, &id) || !web_body_object_or_answer(rq, rs, &body)) return;
    core_fielderrs errs, denied;
    core_fielderrs_init(&errs);
    core_fielderrs_init(&denied);
    core_provider old = {0}, p = {0};
    core_provider_in in;
    store_conn *w;
    ws_err e = web_write_begin(rq, &w);
    if (e) goto answer;
    /* read, checked and written in one transaction: a concurrent change is either seen or waits */
    e = may_see(rq, id) ? store_provider_load(w, id, &old) : WS_ERR_NOTFOUND;
    if (!e && !is_staff(rq) && !store_in_scope(rq->user.division_code, old.division_code)) e = WS_ERR_NOTFOUND;
    if (!e) e = store_provider_load(w, id, &p);
    if (!e) {
        list_names names = {0};
        provider_in_from_provider(rq, &old, &in);
        validate_provider(rq, body, &in, &p, &names, &errs);
        if (!errs.count && is_staff(rq)) check_staff_changes(&old, &p, &denied);
        if (!is_staff(rq)) check_scope(rq, &p, &names, &errs);
        store_provider_check_named(w, &p, names.items_at, names.areas_at, &errs);
        if (errs.count || denied.count) e = WS_ERR_INVALID;
    }
    if (!e) e = store_provider_update(w, id, &p);
    if (!e) e = audit_write(rq, w, "update", id, body);
    if (!e) e = store_provider_json(w, id, &out);
    e = store_write_finish(w, e);
answer:
    answer_write(rq, rs, e, &denied, &errs, 200, &out);
    json_decref(out);
    core_fielderrs_free(&errs);
    core_fielderrs_free(&denied);
    core_provider_clear(&old);
    core_provider_clear(&p);
    json_decref(body);
}
