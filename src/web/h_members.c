/*
** h_members.c: /api/v1/households/{id}/members — the people of a household, and the audited request
** for a member's full ID number.
*/
#include "auth.h"
#include "handlers.h"
#include "registry_json.h"

#include "../store/audit.h"
#include "../store/households.h"

#include <stdlib.h>
#include <string.h>

/* The members of a household within the user's division; answers 404 when it is not there. */
static bool members_or_answer(web_req *rq, web_res *rs, int64_t hid, core_member **ms, int64_t **ids, size_t *n) {
    core_household h;
    ws_err e = store_household_load(web_reader(rq), rq->user.division_code, hid, &h);
    if (!e) {
        core_household_clear(&h);
        e = store_members_load(web_reader(rq), hid, ms, ids, n);
    }
    if (e) web_error_from(rq, rs, e);
    return !e;
}

static ptrdiff_t index_of(const int64_t *ids, size_t n, int64_t id) {
    for (size_t i = 0; i < n; i++)
        if (ids[i] == id) return (ptrdiff_t)i;
    return -1;
}

void web_members_list(web_req *rq, web_res *rs) {
    int64_t hid;
    if (!web_param_id_or_answer(rq, rs, 0, &hid)) return;
    json_t *h;
    ws_err e = store_household_json(web_reader(rq), rq->user.division_code, hid, rq->today, &h);
    if (!e) e = web_audit_view(rq, "view", "household", rq->params[0]);
    if (e) {
        web_error_from(rq, rs, e);
        return;
    }
    json_t *items = json_incref(json_object_get(h, "members"));
    json_decref(h);
    web_json(rs, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)json_array_size(items)));
}

void web_member_get(web_req *rq, web_res *rs) {
    int64_t hid, mid;
    if (!web_param_id_or_answer(rq, rs, 0, &hid) || !web_param_id_or_answer(rq, rs, 1, &mid)) return;
    core_household h;
    ws_err e = store_household_load(web_reader(rq), rq->user.division_code, hid, &h);
    if (e) {
        web_error_from(rq, rs, e);
        return;
    }
    core_household_clear(&h);
    json_t *out;
    e = store_member_json(web_reader(rq), hid, mid, rq->today, &out);
    if (!e && (e = web_audit_view(rq, "view", "member", rq->params[1]))) json_decref(out);
    if (e) web_error_from(rq, rs, e);
    else web_json(rs, 200, out);
}

/*
** The household's rules (one head, no number twice) after a change to one member, reported at that
** member's own fields: the request names one member, not the index it has in the household's list.
** A household left without a head is the fault of the member's relation.
*/
static void check_household_rules(const core_member *ms, size_t n, core_fielderrs *errs) {
    core_fielderrs all;
    core_fielderrs_init(&all);
    core_members_check(ms, n, &all);
    for (size_t k = 0; k < all.count; k++) {
        const core_fielderr *f = &all.items[k];
        const char *dot = strchr(f->field, '.');
        core_fielderrs_add(errs, dot ? dot + 1 : "relation", f->code, f->zh, f->en);
    }
    core_fielderrs_free(&all);
}

/*
** Validates the member at index i of ms (n members, the household after the change) and the household's
** rules, then writes it with store_write (insert or update) and audits action. Answers the request.
*/
static void save_member(web_req *rq, web_res *rs, int64_t hid, const core_member_in *in, core_member *ms,
                        int64_t *ids, size_t n, size_t i, const char *action) {
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    core_member m;
    if (core_member_validate(in, "", rq->today, &m, &errs)) {
        core_member_clear(&ms[i]);
        ms[i] = m;
        store_check_registered(web_reader(rq), rq->user.division_code, &ms[i], ids[i], "", &errs);
        check_household_rules(ms, n, &errs);
    }
    if (errs.count) {
        bool only_registered = true;
        for (size_t k = 0; k < errs.count; k++) only_registered &= strcmp(errs.items[k].code, "id_registered") == 0;
        web_error_fields(rq, rs, only_registered ? 409 : 422, only_registered ? "id_registered" : "invalid", &errs);
        core_fielderrs_free(&errs);
        return;
    }
    store_conn *w;
    store_actor who = web_actor(rq);
    json_t *out = NULL;
    ws_err e = store_write_begin(web_db(rq), &w);
    if (e) goto fail;
    int64_t mid = ids[i];
    e = mid ? store_member_update(w, hid, mid, &ms[i]) : store_member_insert(w, hid, &ms[i], &mid);
    if (!e) e = store_audit_append(w, &who, action, "member", core_arena_printf(rq->arena, "%lld", (long long)mid),
                                   json_pack("{s:I}", "household", (json_int_t)hid));
    if (!e) e = store_member_json(w, hid, mid, rq->today, &out);
    e = store_write_finish(w, e);
    if (e) goto fail;
    web_json(rs, ids[i] ? 200 : 201, out);
    return;
fail:
    json_decref(out);
    web_error_from(rq, rs, e);
}

void web_members_create(web_req *rq, web_res *rs) {
    int64_t hid;
    json_t *body;
    if (!web_param_id_or_answer(rq, rs, 0, &hid) || !web_body_object_or_answer(rq, rs, &body)) return;
    core_member *ms;
    int64_t *ids;
    size_t n;
    if (members_or_answer(rq, rs, hid, &ms, &ids, &n)) {
        ms = xrealloc(ms, (n + 1) * sizeof *ms);
        ids = xrealloc(ids, (n + 1) * sizeof *ids);
        memset(&ms[n], 0, sizeof ms[n]);
        ids[n] = 0;
        core_member_in in = {0};
        web_member_in_from_json(rq, body, &in);
        save_member(rq, rs, hid, &in, ms, ids, n + 1, n, "create");
        store_members_free(ms, ids, n + 1);
    }
    json_decref(body);
}

void web_member_update(web_req *rq, web_res *rs) {
    int64_t hid, mid;
    json_t *body;
    if (!web_param_id_or_answer(rq, rs, 0, &hid) || !web_param_id_or_answer(rq, rs, 1, &mid) ||
        !web_body_object_or_answer(rq, rs, &body))
        return;
    core_member *ms;
    int64_t *ids;
    size_t n;
    if (members_or_answer(rq, rs, hid, &ms, &ids, &n)) {
        ptrdiff_t i = index_of(ids, n, mid);
        if (i < 0) {
            web_error_from(rq, rs, WS_ERR_NOTFOUND);
        } else {
            core_member_in in;
            web_member_in_from_member(rq, &ms[i], &in);
            /* A new ID number brings its own sex and birth date: the stored ones must not contradict it. */
            if (json_object_get(body, "id_number")) in.sex = in.birth_date = NULL;
            web_member_in_from_json(rq, body, &in);
            save_member(rq, rs, hid, &in, ms, ids, n, (size_t)i, "update");
        }
        store_members_free(ms, ids, n);
    }
    json_decref(body);
}

void web_member_delete(web_req *rq, web_res *rs) {
    int64_t hid, mid;
    if (!web_param_id_or_answer(rq, rs, 0, &hid) || !web_param_id_or_answer(rq, rs, 1, &mid)) return;
    core_member *ms;
    int64_t *ids;
    size_t n;
    if (!members_or_answer(rq, rs, hid, &ms, &ids, &n)) return;
    ptrdiff_t i = index_of(ids, n, mid);
    bool is_head = i >= 0 && ms[i].relation == CORE_REL_HEAD;
    store_members_free(ms, ids, n);
    if (i < 0) {
        web_error_from(rq, rs, WS_ERR_NOTFOUND);
        return;
    }
    if (is_head) {
        core_fielderrs errs;
        core_fielderrs_init(&errs);
        core_fielderrs_add(&errs, "relation", "head_required", "不能删除户主；请先将其他成员设为户主",
                           "The head cannot be removed; make another member the head first");
        web_error_fields(rq, rs, 422, "invalid", &errs);
        core_fielderrs_free(&errs);
        return;
    }
    store_conn *w;
    store_actor who = web_actor(rq);
    ws_err e = store_write_begin(web_db(rq), &w);
    if (!e) {
        e = store_member_remove(w, hid, mid);
        if (!e) e = store_audit_append(w, &who, "remove", "member", rq->params[1],
                                       json_pack("{s:I}", "household", (json_int_t)hid));
        e = store_write_finish(w, e);
    }
    if (e) web_error_from(rq, rs, e);
    else web_no_content(rs);
}

void web_member_idnum(web_req *rq, web_res *rs) {
    int64_t hid, mid;
    if (!web_param_id_or_answer(rq, rs, 0, &hid) || !web_param_id_or_answer(rq, rs, 1, &mid)) return;
    core_household h;
    ws_err e = store_household_load(web_reader(rq), rq->user.division_code, hid, &h);
    if (!e) core_household_clear(&h);
    char number[19];
    if (!e) e = store_member_idnum(web_reader(rq), hid, mid, number);
    if (!e) e = web_audit_view(rq, "view_id_number", "member", rq->params[1]);
    if (e) {
        web_error_from(rq, rs, e);
        return;
    }
    web_json(rs, 200, json_pack("{s:s}", "id_number", number));
}
