/*
** h_households.c: /api/v1/households — list, create, read, update, close.
*/
#include "app.h"
#include "auth.h"
#include "handlers.h"
#include "registry_json.h"

#include "../store/audit.h"
#include "../store/divisions.h"
#include "../store/households.h"
#include "../core/text.h"

#include <stdlib.h>
#include <string.h>

/*
** What a list answer depends on besides the data: the caller's jurisdiction and the parsed query.
** Searches (q) are never kept: they may hold an ID number, which must not linger in memory.
*/
static const char *list_cache_key(web_req *rq, const store_household_query *q) {
    const char *division = q->division ? q->division : "";
    return core_arena_printf(rq->arena, "%s|%zu:%s|%s|%lld|%lld", q->scope, strlen(division), division,
                             q->category ? q->category : "", (long long)q->limit, (long long)q->offset);
}

void web_households_list(web_req *rq, web_res *rs) {
    int64_t limit, offset;
    if (!web_paging_or_answer(rq, rs, &limit, &offset)) return;
    const char *category = web_query(rq, "category");
    core_category cat = CORE_CAT_NONE;
    if (category && *category && !(cat = core_category_parse(category))) {
        web_error(rq, rs, 400, "bad_category", "未知的类别", "Unknown category");
        return;
    }
    const char *division = web_query(rq, "division");
    size_t dlen = division ? strlen(division) : 0;
    if (dlen && ((dlen != 4 && dlen != 6 && dlen != 9 && dlen != 12) || strspn(division, "0123456789") != dlen)) {
        web_error(rq, rs, 400, "bad_division", "行政区划代码应为 4、6、9 或 12 位数字（市、县、乡镇、村）",
                  "A division code has 4, 6, 9 or 12 digits (city, county, town, village)");
        return;
    }
    const char *q = web_query(rq, "q");
    char *qtrim = q ? core_text_trim(core_arena_strdup(rq->arena, q)) : NULL;
    store_household_query query = {
        .scope = rq->user.division_code,
        .division = division && *division ? division : NULL,
        .category = cat ? core_category_code(cat) : NULL,
        .q = qtrim && *qtrim ? qtrim : NULL,
        .limit = limit,
        .offset = offset,
    };
    web_cache *cache = query.q ? NULL : rq->app->lists;
    const char *key = cache ? list_cache_key(rq, &query) : NULL;
    uint64_t generation = cache ? store_generation(web_reader(rq)) : 0;
    if (cache && web_cache_get(cache, key, generation, rs)) return;
    json_t *items;
    int64_t total;
    ws_err e = store_households_list(web_reader(rq), &query, &items, &total);
    if (e) {
        web_error_from(rq, rs, e);
        return;
    }
    web_json(rs, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total));
    if (cache) web_cache_put(cache, key, generation, rs);
}

/*
** The checks that need the database run on the write transaction's connection w, so that what they saw
** is still true when the change is written: two requests cannot both pass them.
*/

/* The town must exist and lie within the user's division. */
static void check_town(web_req *rq, store_conn *w, const core_household *h, core_fielderrs *errs) {
    if (!*h->town_code) return;
    if (!store_in_scope(rq->user.division_code, h->town_code) || !store_town_exists(w, h->town_code))
        core_fielderrs_add(errs, "town_code", "town_not_in_scope", "乡镇（街道）不存在或不在您的辖区内",
                           "The town does not exist or is outside your jurisdiction");
}

/* A station's household number names one open household of its town. */
static void check_household_no(store_conn *w, const core_household *h, int64_t self_id, core_fielderrs *errs) {
    if (store_household_no_taken(w, h->town_code, h->household_no, self_id))
        core_fielderrs_add(errs, "household_no", "household_no_taken", "本乡镇（街道）已有家庭使用此户编号",
                           "Another household of the town has this household number");
}

/* Validates the members array of a new household into *out (count in *n); errors go to errs. */
static void validate_members(web_req *rq, store_conn *w, json_t *arr, core_member **out, size_t *n,
                             core_fielderrs *errs) {
    size_t count = json_is_array(arr) ? json_array_size(arr) : 0;
    if (count == 0 || count > 50) {
        core_fielderrs_add(errs, "members", "members_required", "请至少填写一名家庭成员（户主），最多 50 名",
                           "Give at least one member (the head), at most 50");
        *out = NULL;
        *n = 0;
        return;
    }
    core_member *ms = xcalloc(count, sizeof *ms);
    bool all_valid = true;
    for (size_t i = 0; i < count; i++) {
        core_member_in in = {0};
        json_t *obj = json_array_get(arr, i);
        const char *prefix = core_arena_printf(rq->arena, "members[%zu].", i);
        if (!json_is_object(obj)) {
            core_fielderrs_addp(errs, prefix, "name", "bad_member", "成员格式错误", "A member must be an object");
            all_valid = false;
            continue;
        }
        web_check_known_fields(obj, WEB_MEMBER_FIELDS, prefix, errs);
        web_member_in_from_json(rq, obj, &in);
        if (!core_member_validate(&in, prefix, rq->today, &ms[i], errs)) all_valid = false;
        else store_check_registered(w, rq->user.division_code, &ms[i], 0, prefix, errs);
    }
    if (all_valid) core_members_check(ms, count, errs);
    *out = ms;
    *n = count;
}

static void free_members(core_member *ms, size_t n) {
    for (size_t i = 0; i < n; i++) core_member_clear(&ms[i]);
    free(ms);
}

/* Answers field errors: 409 when every problem is a clash with a record that exists, 422 otherwise. */
static void answer_fielderrs(web_req *rq, web_res *rs, const core_fielderrs *errs) {
    bool conflict = true;
    for (size_t i = 0; i < errs->count; i++)
        conflict &= strcmp(errs->items[i].code, "id_registered") == 0 ||
                    strcmp(errs->items[i].code, "household_no_taken") == 0;
    web_error_fields(rq, rs, conflict ? 409 : 422, conflict ? errs->items[0].code : "invalid", errs);
}

void web_households_create(web_req *rq, web_res *rs) {
    json_t *body;
    if (!web_body_object_or_answer(rq, rs, &body)) return;
    store_conn *w;
    ws_err e = web_write_begin(rq, &w);
    if (e) {
        json_decref(body);
        web_error_from(rq, rs, e);
        return;
    }
    core_household_in hin = {0};
    web_household_in_from_json(rq, body, &hin);
    core_household h = {0};
    core_member *ms = NULL;
    size_t n = 0;
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    static const char *const CREATE_FIELDS[] = {"household_no", "town_code", "village", "address", "category",
                                                "phone", "registered_on", "members", NULL};
    web_check_known_fields(body, CREATE_FIELDS, "", &errs);
    if (core_household_validate(&hin, rq->today, &h, &errs)) {
        check_town(rq, w, &h, &errs);
        check_household_no(w, &h, 0, &errs);
    }
    validate_members(rq, w, json_object_get(body, "members"), &ms, &n, &errs);
    int64_t id = 0;
    json_t *out = NULL;
    store_actor who = web_actor(rq);
    if (!errs.count) {
        e = store_household_insert(w, &h, ms, n, false, rq->user.id, &id);
        if (!e) e = store_audit_append(w, &who, "create", "household", web_id_text(rq, id),
                                       json_pack("{s:s, s:i}", "town_code", h.town_code, "members", (int)n));
        if (!e) e = store_household_json(w, rq->user.division_code, id, rq->today, &out);
    }
    e = store_write_finish(w, errs.count ? WS_ERR_INVALID : e);
    if (errs.count) answer_fielderrs(rq, rs, &errs);
    else if (e) web_error_from(rq, rs, e);
    else {
        web_json(rs, 201, out);
        out = NULL;
    }
    json_decref(out);
    core_fielderrs_free(&errs);
    free_members(ms, n);
    core_household_clear(&h);
    json_decref(body);
}

void web_household_get(web_req *rq, web_res *rs) {
    int64_t id;
    if (!web_param_id_or_answer(rq, rs, 0, &id)) return;
    json_t *out;
    ws_err e = store_household_json(web_reader(rq), rq->user.division_code, id, rq->today, &out);
    /* The answer holds health and disability data: every view is audited. */
    if (!e && (e = web_audit_view(rq, "view", "household", web_id_text(rq, id)))) json_decref(out);
    if (e) web_error_from(rq, rs, e);
    else web_json(rs, 200, out);
}

/* What a PATCH may change; the town and the registration date are fixed (the history starts there). */
static const char *const HOUSEHOLD_FIELDS[] = {"household_no", "village", "address", "category", "phone", NULL};
static const char *const PATCH_FIELDS[] = {"household_no", "village", "address", "category", "phone",
                                           "category_reason", "category_changed_on", "town_code", "registered_on",
                                           NULL};

/*
** The checks of a category change: a reason, and a date that lies between the registration and today.
** Returns the trimmed reason (arena) for the history.
*/
static const char *check_category_change(web_req *rq, json_t *body, const core_household *h, core_date *changed_on,
                                         core_fielderrs *errs) {
    const char *reason = web_json_text(rq, body, "category_reason");
    char *r = reason ? core_text_trim(core_arena_strdup(rq->arena, reason)) : NULL;
    if (!r || !*r || core_utf8_len(r) > CORE_NOTE_MAX)
        core_fielderrs_add(errs, "category_reason", "reason_required", "变更类别须填写原因（500 字以内）",
                           "A change of category needs a reason (at most 500 characters)");
    const char *on = web_json_text(rq, body, "category_changed_on");
    *changed_on = rq->today;
    if (on && !core_date_parse(on, changed_on))
        core_fielderrs_add(errs, "category_changed_on", "bad_date", "变更日期无效", "The date is not valid");
    else if (core_date_ymd(*changed_on) > core_date_ymd(rq->today) ||
             core_date_ymd(*changed_on) < core_date_ymd(h->registered_on))
        core_fielderrs_add(errs, "category_changed_on", "date_out_of_range", "变更日期应在登记日期与今天之间",
                           "The date must lie between the registration and today");
    return r;
}

/* Validates the update of old by body into *h; errors go to errs. Returns the category change's reason. */
static const char *validate_update(web_req *rq, store_conn *w, json_t *body, int64_t id, const core_household *old,
                                   core_household *h, core_date *changed_on, core_fielderrs *errs) {
    core_household_in hin;
    web_household_in_from_household(rq, old, &hin);
    web_check_known_fields(body, PATCH_FIELDS, "", errs);
    const char *town = web_json_text(rq, body, "town_code");
    if (town && strcmp(town, old->town_code) != 0)
        core_fielderrs_add(errs, "town_code", "town_fixed", "不能修改家庭所在乡镇（街道）",
                           "The household's town cannot be changed");
    const char *registered = hin.registered_on;
    web_household_in_from_json(rq, body, &hin);
    if (strcmp(hin.registered_on ? hin.registered_on : "", registered) != 0)
        core_fielderrs_add(errs, "registered_on", "registered_on_fixed", "不能修改登记日期（类别记录从此开始）",
                           "The registration date cannot be changed (the category history starts there)");
    hin.town_code = old->town_code;
    hin.registered_on = registered;
    if (!core_household_validate(&hin, rq->today, h, errs)) return NULL;
    check_household_no(w, h, id, errs);
    return h->category != old->category ? check_category_change(rq, body, h, changed_on, errs) : NULL;
}

void web_household_update(web_req *rq, web_res *rs) {
    int64_t id;
    json_t *body;
    if (!web_param_id_or_answer(rq, rs, 0, &id) || !web_body_object_or_answer(rq, rs, &body)) return;
    core_household old = {0}, h = {0};
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    json_t *out = NULL;
    store_conn *w;
    ws_err e = web_write_begin(rq, &w);
    if (e) goto fail;
    /* Read, checked and written in one transaction: a concurrent change is either seen or waits. */
    e = store_household_load(w, rq->user.division_code, id, &old);
    core_date changed_on = rq->today;
    const char *reason = e ? NULL : validate_update(rq, w, body, id, &old, &h, &changed_on, &errs);
    if (!e && errs.count) e = WS_ERR_INVALID;
    if (!e) e = store_household_update(w, id, &h, reason, changed_on, rq->user.id);
    if (!e) {
        json_t *changed = json_array();
        for (const char *const *f = HOUSEHOLD_FIELDS; *f; f++)
            if (json_object_get(body, *f)) json_array_append_new(changed, json_string(*f));
        json_t *detail = json_pack("{s:o}", "fields", changed);
        if (h.category != old.category) {
            json_object_set_new(detail, "category_from", json_string(core_category_code(old.category)));
            json_object_set_new(detail, "category_to", json_string(core_category_code(h.category)));
        }
        store_actor who = web_actor(rq);
        e = store_audit_append(w, &who, "update", "household", web_id_text(rq, id), detail);
    }
    if (!e) e = store_household_json(w, rq->user.division_code, id, rq->today, &out);
    e = store_write_finish(w, e);
    if (errs.count) {
        answer_fielderrs(rq, rs, &errs);
        goto done;
    }
    if (e) goto fail;
    web_json(rs, 200, out);
    out = NULL;
    goto done;
fail:
    web_error_from(rq, rs, e);
done:
    json_decref(out);
    core_fielderrs_free(&errs);
    core_household_clear(&old);
    core_household_clear(&h);
    json_decref(body);
}

void web_household_delete(web_req *rq, web_res *rs) {
    int64_t id;
    if (!web_param_id_or_answer(rq, rs, 0, &id)) return;
    store_conn *w;
    store_actor who = web_actor(rq);
    ws_err e = web_write_begin(rq, &w);
    if (!e) {
        e = store_household_close(w, rq->user.division_code, id);
        if (!e) e = store_audit_append(w, &who, "close", "household", web_id_text(rq, id), NULL);
        e = store_write_finish(w, e);
    }
    if (e) web_error_from(rq, rs, e);
    else web_no_content(rs);
}
