/*
** h_members.c: /api/v1/households/{id}/members — the people of a household, and the audited request
** for a member's full ID number.
**
** A change to a member is checked against the whole household (one head, no ID number twice) and the
** whole city (one living person, one record), and all of it happens in one write transaction: the
** household is read on the writer's connection, so a concurrent close or edit is either seen or waits.
*/
#include "auth.h"
#include "handlers.h"
#include "registry_json.h"

#include "../store/audit.h"
#include "../store/households.h"

#include <stdlib.h>
#include <string.h>

/* One open household's members, loaded inside a write transaction that the change then uses. */
typedef struct member_change {
    store_conn *w;
    int64_t hid;
    core_member *ms; /* n members; room for one more when adding */
    int64_t *ids;    /* 0 for a member being added */
    size_t n;
} member_change;

/* Starts the transaction and loads the household's members; answers 404 when the household is not open
** within the user's division. */
static bool change_begin_or_answer(web_req *rq, web_res *rs, int64_t hid, member_change *mc) {
    memset(mc, 0, sizeof *mc);
    mc->hid = hid;
    ws_err e = web_write_begin(rq, &mc->w);
    if (e) {
        web_error_from(rq, rs, e);
        return false;
    }
    e = store_household_check(mc->w, rq->user.division_code, hid);
    if (!e) e = store_members_load(mc->w, hid, &mc->ms, &mc->ids, &mc->n);
    if (e) {
        store_write_rollback(mc->w);
        web_error_from(rq, rs, e);
        return false;
    }
    return true;
}

static void change_free(member_change *mc) { store_members_free(mc->ms, mc->ids, mc->n); }

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
    if (!e && (e = web_audit_view(rq, "view", "household", web_id_text(rq, hid)))) json_decref(h);
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
    json_t *out = NULL;
    ws_err e = store_household_check(web_reader(rq), rq->user.division_code, hid);
    if (!e) e = store_member_json(web_reader(rq), hid, mid, rq->today, &out);
    if (!e && (e = web_audit_view(rq, "view", "member", web_id_text(rq, mid)))) json_decref(out);
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
** Making member i the head while another member is head: that member takes previous_head_relation (a
** relation other than head) in the same change. Returns the former head's index, or -1 when there is
** none or the request lacks a usable previous_head_relation (then an error is added).
*/
static ptrdiff_t hand_over_head(const char *previous, member_change *mc, size_t i, core_fielderrs *errs) {
    ptrdiff_t former = -1;
    for (size_t k = 0; k < mc->n; k++)
        if (k != i && mc->ms[k].relation == CORE_REL_HEAD) former = (ptrdiff_t)k;
    if (former < 0 || mc->ms[i].relation != CORE_REL_HEAD) return -1;
    core_relation r = previous ? core_relation_parse(previous) : CORE_REL_NONE;
    if (r == CORE_REL_NONE || r == CORE_REL_HEAD) {
        core_fielderrs_add(errs, "previous_head_relation", "previous_head_relation_required",
                           "更换户主时，请选择原户主与新户主的关系",
                           "To change the head, give the former head's new relation");
        return -1;
    }
    mc->ms[former].relation = r;
    return former;
}

/* Writes member i (and the former head), audits, and reads the member back for the answer. */
static ws_err write_member(web_req *rq, member_change *mc, size_t i, ptrdiff_t former, const char *action,
                           json_t **out) {
    store_actor who = web_actor(rq);
    /* The former head steps down first: the database allows one head per household at any moment. */
    ws_err e = former >= 0 ? store_member_update(mc->w, mc->hid, mc->ids[former], &mc->ms[former]) : WS_OK;
    if (!e && former >= 0)
        e = store_audit_append(mc->w, &who, "update", "member", web_id_text(rq, mc->ids[former]),
                               json_pack("{s:I, s:s}", "household", (json_int_t)mc->hid, "relation",
                                         core_relation_code(mc->ms[former].relation)));
    int64_t mid = mc->ids[i];
    if (!e) e = mid ? store_member_update(mc->w, mc->hid, mid, &mc->ms[i]) : store_member_insert(mc->w, mc->hid, &mc->ms[i], &mid);
    if (!e) e = store_audit_append(mc->w, &who, action, "member", web_id_text(rq, mid),
                                   json_pack("{s:I}", "household", (json_int_t)mc->hid));
    if (!e) e = store_member_json(mc->w, mc->hid, mid, rq->today, out);
    return e;
}

/*
** Validates member i of the change from in (and body's previous_head_relation), checks the household's
** and the city's rules, writes, and answers. Ends the transaction.
*/
static void save_member(web_req *rq, web_res *rs, json_t *body, const core_member_in *in, member_change *mc,
                        size_t i, const char *action) {
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    core_member m;
    ptrdiff_t former = -1;
    web_check_known_fields(body, WEB_MEMBER_FIELDS, "", &errs);
    if (core_member_validate(in, "", rq->today, &m, &errs)) {
        core_member_clear(&mc->ms[i]);
        mc->ms[i] = m;
        store_check_registered(mc->w, rq->user.division_code, &mc->ms[i], mc->ids[i], "", &errs);
        former = hand_over_head(web_json_text(rq, body, "previous_head_relation"), mc, i, &errs);
        if (!errs.count) check_household_rules(mc->ms, mc->n, &errs);
    }
    json_t *out = NULL;
    ws_err e = errs.count ? WS_ERR_INVALID : write_member(rq, mc, i, former, action, &out);
    e = store_write_finish(mc->w, e);
    if (errs.count) {
        bool registered = errs.count == 1 && strcmp(errs.items[0].code, "id_registered") == 0;
        web_error_fields(rq, rs, registered ? 409 : 422, registered ? "id_registered" : "invalid", &errs);
    } else if (e) {
        web_error_from(rq, rs, e);
    } else {
        web_json(rs, mc->ids[i] ? 200 : 201, out);
        out = NULL;
    }
    json_decref(out);
    core_fielderrs_free(&errs);
}

void web_members_create(web_req *rq, web_res *rs) {
    int64_t hid;
    json_t *body;
    member_change mc;
    if (!web_param_id_or_answer(rq, rs, 0, &hid) || !web_body_object_or_answer(rq, rs, &body)) return;
    if (change_begin_or_answer(rq, rs, hid, &mc)) {
        mc.ms = xrealloc(mc.ms, (mc.n + 1) * sizeof *mc.ms);
        mc.ids = xrealloc(mc.ids, (mc.n + 1) * sizeof *mc.ids);
        memset(&mc.ms[mc.n], 0, sizeof mc.ms[mc.n]);
        mc.ids[mc.n++] = 0;
        core_member_in in = {0};
        web_member_in_from_json(rq, body, &in);
        save_member(rq, rs, body, &in, &mc, mc.n - 1, "create");
        change_free(&mc);
    }
    json_decref(body);
}

void web_member_update(web_req *rq, web_res *rs) {
    int64_t hid, mid;
    json_t *body;
    member_change mc;
    if (!web_param_id_or_answer(rq, rs, 0, &hid) || !web_param_id_or_answer(rq, rs, 1, &mid) ||
        !web_body_object_or_answer(rq, rs, &body))
        return;
    if (change_begin_or_answer(rq, rs, hid, &mc)) {
        ptrdiff_t i = index_of(mc.ids, mc.n, mid);
        if (i < 0) {
            store_write_rollback(mc.w);
            web_error_from(rq, rs, WS_ERR_NOTFOUND);
        } else {
            core_member_in in;
            web_member_in_from_member(rq, &mc.ms[i], &in);
            /* A new ID number brings its own sex and birth date: the stored ones must not contradict it. */
            if (json_object_get(body, "id_number")) in.sex = in.birth_date = NULL;
            web_member_in_from_json(rq, body, &in);
            save_member(rq, rs, body, &in, &mc, (size_t)i, "update");
        }
        change_free(&mc);
    }
    json_decref(body);
}

void web_member_delete(web_req *rq, web_res *rs) {
    int64_t hid, mid;
    member_change mc;
    if (!web_param_id_or_answer(rq, rs, 0, &hid) || !web_param_id_or_answer(rq, rs, 1, &mid)) return;
    if (!change_begin_or_answer(rq, rs, hid, &mc)) return;
    ptrdiff_t i = index_of(mc.ids, mc.n, mid);
    ws_err e = i < 0 ? WS_ERR_NOTFOUND : mc.ms[i].relation == CORE_REL_HEAD ? WS_ERR_INVALID : WS_OK;
    if (!e) e = store_member_remove(mc.w, hid, mid);
    store_actor who = web_actor(rq);
    if (!e) e = store_audit_append(mc.w, &who, "remove", "member", web_id_text(rq, mid),
                                   json_pack("{s:I}", "household", (json_int_t)hid));
    e = store_write_finish(mc.w, e);
    change_free(&mc);
    if (e == WS_ERR_INVALID) {
        core_fielderrs errs;
        core_fielderrs_init(&errs);
        core_fielderrs_add(&errs, "relation", "head_required", "不能删除户主；请先将其他成员设为户主",
                           "The head cannot be removed; make another member the head first");
        web_error_fields(rq, rs, 422, "invalid", &errs);
        core_fielderrs_free(&errs);
    } else if (e) {
        web_error_from(rq, rs, e);
    } else {
        web_no_content(rs);
    }
}

void web_member_idnum(web_req *rq, web_res *rs) {
    int64_t hid, mid;
    if (!web_param_id_or_answer(rq, rs, 0, &hid) || !web_param_id_or_answer(rq, rs, 1, &mid)) return;
    char number[19];
    ws_err e = store_household_check(web_reader(rq), rq->user.division_code, hid);
    if (!e) e = store_member_idnum(web_reader(rq), hid, mid, number);
    if (!e) e = web_audit_view(rq, "view_id_number", "member", web_id_text(rq, mid));
    if (e) {
        web_error_from(rq, rs, e);
        return;
    }
    web_json(rs, 200, json_pack("{s:s}", "id_number", number));
}
