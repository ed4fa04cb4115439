/*
** referrals.c: referrals, consents, the timeline and service records in SQL. Every write checks the
** referral's state inside the caller's transaction and updates it only from that state, so that of two
** requests racing for one transition exactly one moves it; the provider's open_load and rating move in the
** same transaction (providers.h).
*/
#include "referrals.h"

#include "../core/mem.h"
#include "assessments.h"
#include "catalog.h"
#include "divisions.h"
#include "providers.h"
#include "seed.h"
#include "store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- one referral's facts --------------------------------------------------------------------------- */

/* What the writes and the visibility rules need of a referral. */
typedef struct ref_row {
    int64_t id, household_id, need_id, provider_id, consent_id;
    char town_code[16];
    char item_code[16];
    core_ref_state state;
    core_date respond_by, complete_by; /* zero dates until sent */
    bool consent_standing;             /* a consent is linked and not withdrawn */
    char sent_at[21];                  /* "" until sent */
} ref_row;

static core_date col_date(sqlite3_stmt *st, int col) {
    core_date d = {0, 0, 0};
    core_date_parse(store_col_text(st, col), &d);
    return d;
}

/* Adds a field error unless the field has one already (the caller's reading of the request may have named it). */
static void add_once(core_fielderrs *errs, const char *field, const char *code, const char *zh, const char *en) {
    for (size_t i = 0; i < errs->count; i++)
        if (strcmp(errs->items[i].field, field) == 0) return;
    core_fielderrs_add(errs, field, code, zh, en);
}

static ws_err load_row(store_conn *c, int64_t id, ref_row *out) {
    sqlite3_stmt *st = store_stmt(c, "SELECT r.household_id, coalesce(r.need_id, 0), r.provider_id, "
                                     "coalesce(r.consent_id, 0), r.town_code, r.item_code, r.state, r.respond_by, "
                                     "r.complete_by, c.id IS NOT NULL AND c.withdrawn_at IS NULL, "
                                     "(SELECT e.at FROM referral_events e WHERE e.referral_id = r.id "
                                     " AND e.action = 'send' ORDER BY e.id DESC LIMIT 1) "
                                     "FROM referrals r LEFT JOIN consents c ON c.id = r.consent_id WHERE r.id = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) return WS_ERR_NOTFOUND;
    if (rc != SQLITE_ROW) return store_err(c, rc);
    ref_row r = {.id = id};
    r.household_id = sqlite3_column_int64(st, 0);
    r.need_id = sqlite3_column_int64(st, 1);
    r.provider_id = sqlite3_column_int64(st, 2);
    r.consent_id = sqlite3_column_int64(st, 3);
    snprintf(r.town_code, sizeof r.town_code, "%s", store_col_text(st, 4));
    snprintf(r.item_code, sizeof r.item_code, "%s", store_col_text(st, 5));
    core_ref_state_parse(store_col_text(st, 6), &r.state);
    r.respond_by = col_date(st, 7);
    r.complete_by = col_date(st, 8);
    r.consent_standing = sqlite3_column_int(st, 9) != 0;
    snprintf(r.sent_at, sizeof r.sent_at, "%s", store_col_text(st, 10));
    sqlite3_reset(st);
    *out = r;
    return WS_OK;
}

/* The rule of referrals.h: the station side within its scope, the provider side its own once sent. */
static bool caller_sees(const store_ref_caller *who, int64_t provider_id, const char *town_code, core_ref_state s) {
    switch (who->side) {
    case CORE_REF_SIDE_STATION: return who->scope && store_in_scope(who->scope, town_code);
    case CORE_REF_SIDE_PROVIDER: return who->provider_id > 0 && provider_id == who->provider_id && s != CORE_REF_DRAFT;
    default: return true;
    }
}

/* Loads referral id when the caller sees it; WS_ERR_NOTFOUND otherwise, as for an id that does not exist. */
static ws_err load_visible(store_conn *c, const store_ref_caller *who, int64_t id, ref_row *out) {
    ref_row r;
    ws_err e = load_row(c, id, &r);
    if (e) return e;
    if (!caller_sees(who, r.provider_id, r.town_code, r.state)) return WS_ERR_NOTFOUND;
    *out = r;
    return WS_OK;
}

/* The instant to record: the caller's (the demo's) or now. */
static const char *stamp(const store_ref_caller *who, char buf[21]) {
    if (who->at) return who->at;
    store_now_iso(buf);
    return buf;
}

/* The civil date in Asia/Shanghai (UTC+8) of a stored instant "yyyy-mm-ddThh:mm:ssZ". */
static bool shanghai_date_of(const char *instant, core_date *out) {
    char day[11];
    if (strlen(instant) < 13) return false;
    memcpy(day, instant, 10);
    day[10] = '\0';
    core_date d;
    if (!core_date_parse(day, &d)) return false;
    int hour = (instant[11] - '0') * 10 + (instant[12] - '0');
    *out = hour >= 16 ? core_date_add_days(d, 1) : d;
    return true;
}

static ws_err add_event(store_conn *w, const store_ref_caller *who, int64_t rid, const char *action, const char *from,
                        const char *to, const char *reason, const char *at) {
    sqlite3_stmt *st = store_stmt(w, "INSERT INTO referral_events (referral_id, action, from_state, to_state, user_id, "
                                     "by_name, at, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, rid);
    sqlite3_bind_text(st, 2, action, -1, SQLITE_STATIC);
    store_bind_text(st, 3, from);
    sqlite3_bind_text(st, 4, to, -1, SQLITE_STATIC);
    if (who->user_id > 0)
        sqlite3_bind_int64(st, 5, who->user_id);
    else
        sqlite3_bind_null(st, 5);
    sqlite3_bind_text(st, 6, who->name ? who->name : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 7, at, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 8, reason ? reason : "", -1, SQLITE_TRANSIENT);
    return store_step_done(w, st);
}

static void bind_user(sqlite3_stmt *st, int idx, const store_ref_caller *who) {
    if (who->user_id > 0)
        sqlite3_bind_int64(st, idx, who->user_id);
    else
        sqlite3_bind_null(st, idx);
}

/* ---- creating --------------------------------------------------------------------------------------- */

/* The town of an open household within scope. */
static ws_err household_town(store_conn *c, const char *scope, int64_t hid, char town[16]) {
    sqlite3_stmt *st = store_stmt(c, "SELECT town_code FROM households WHERE id = ?1 AND closed_at IS NULL");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, hid);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) return WS_ERR_NOTFOUND;
    if (rc != SQLITE_ROW) return store_err(c, rc);
    bool inside = store_in_scope(scope, store_col_text(st, 0));
    snprintf(town, 16, "%s", store_col_text(st, 0));
    sqlite3_reset(st);
    return inside ? WS_OK : WS_ERR_NOTFOUND;
}

/*
** Field errors at provider_id unless provider pid exists, is active, offers item and serves town (when
** known): a provider outside the household's town must not receive its name, phone and address.
*/
static ws_err check_provider(store_conn *c, int64_t pid, const char *item, const char *town, core_fielderrs *errs) {
    store_provider_brief b;
    ws_err e = pid > 0 ? store_provider_brief_get(c, pid, &b) : WS_ERR_NOTFOUND;
    if (e == WS_ERR_NOTFOUND) {
        add_once(errs, "provider_id", "unknown_provider", "没有此服务机构", "There is no such provider");
        return WS_OK;
    }
    if (e) return e;
    if (b.status != CORE_PS_ACTIVE) {
        add_once(errs, "provider_id", "provider_inactive", "该服务机构已暂停或关闭，不接受转介",
                 "The provider is paused or closed and takes no referrals");
        return WS_OK;
    }
    if (town && *town) {
        e = store_provider_serves(c, pid, town);
        if (e == WS_ERR_NOTFOUND)
            add_once(errs, "provider_id", "not_serving_town", "该服务机构的服务范围不含此户所在的镇（街道）",
                     "The provider does not serve the household's town");
        else if (e)
            return e;
    }
    if (!item) return WS_OK;
    e = store_provider_offers(c, pid, item);
    if (e == WS_ERR_NOTFOUND)
        add_once(errs, "provider_id", "item_not_offered", "该服务机构不提供此服务项目",
                 "The provider does not offer this service item");
    return e == WS_ERR_NOTFOUND ? WS_OK : e;
}

/* A field error at provider_id when provider pid has been closed: its staff accept nothing more. */
static ws_err check_provider_open(store_conn *c, int64_t pid, core_fielderrs *errs) {
    store_provider_brief b;
    ws_err e = store_provider_brief_get(c, pid, &b);
    if (e) return e;
    if (b.status == CORE_PS_CLOSED)
        add_once(errs, "provider_id", "provider_closed", "该服务机构已关闭，不能再接收转介",
                 "The provider is closed and takes on no referral");
    return WS_OK;
}

/* The open referral of hid for item and provider, or WS_ERR_NOTFOUND. */
static ws_err open_referral(store_conn *c, int64_t hid, const char *item, int64_t pid, int64_t *id) {
    sqlite3_stmt *st = store_stmt(c, "SELECT id FROM referrals WHERE household_id = ?1 AND item_code = ?2 "
                                     "AND provider_id = ?3 AND state IN ('draft','sent','accepted','in_service',"
                                     "'delivered') ORDER BY id LIMIT 1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, hid);
    sqlite3_bind_text(st, 2, item, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, pid);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) return WS_ERR_NOTFOUND;
    if (rc != SQLITE_ROW) return store_err(c, rc);
    *id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return WS_OK;
}

ws_err store_referral_create(store_conn *w, const store_ref_caller *who, const store_ref_new *in, core_fielderrs *errs,
                             int64_t *id, int64_t *existing) {
    if (who->side != CORE_REF_SIDE_STATION || who->read_only) return WS_ERR_FORBIDDEN;
    int64_t hid = 0;
    char town[16] = "", item[16] = "";
    core_urgency urgency = in->has_urgency ? in->urgency : CORE_URG_ROUTINE;
    ws_err e;
    if (in->need_id) {
        store_need_ref n;
        if ((e = store_need_get(w, who->scope, in->need_id, &n))) return e;
        if (!n.current)
            add_once(errs, "need_id", "need_not_current", "此需求不属于该家庭当前的评估，请依据最新评估转介",
                     "The need is not of the household's current assessment; refer from the latest one");
        hid = n.household_id;
        snprintf(town, sizeof town, "%s", n.town_code);
        snprintf(item, sizeof item, "%s", n.service);
        if (!in->has_urgency) urgency = n.urgency;
    } else if (in->household_id) {
        if ((e = household_town(w, who->scope, in->household_id, town))) return e;
        hid = in->household_id;
        store_service_item it;
        if (!in->item_code)
            add_once(errs, "item_code", "required", "请选择服务项目", "Choose a service item");
        else if ((e = store_service_item_get(w, in->item_code, &it)) == WS_ERR_NOTFOUND)
            add_once(errs, "item_code", "unknown_service", "服务清单中没有此服务项目",
                     "The service catalog has no such item");
        else if (e)
            return e;
        else
            snprintf(item, sizeof item, "%s", it.code);
    } else {
        add_once(errs, "household_id", "required", "请指定需求（need_id）或家庭（household_id）",
                 "Name a need (need_id) or a household (household_id)");
    }
    if ((e = check_provider(w, in->provider_id, *item ? item : NULL, town, errs))) return e;
    if (errs->count) return WS_ERR_INVALID;
    e = open_referral(w, hid, item, in->provider_id, existing);
    if (e != WS_ERR_NOTFOUND) return e ? e : WS_ERR_CONFLICT;
    char buf[21];
    const char *at = stamp(who, buf);
    sqlite3_stmt *st = store_stmt(w, "INSERT INTO referrals (household_id, town_code, need_id, item_code, provider_id, "
                                     "state, urgency, note, synthetic, created_by, created_at, updated_at) "
                                     "VALUES (?1, ?2, ?3, ?4, ?5, 'draft', ?6, ?7, ?8, ?9, ?10, ?10)");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, hid);
    sqlite3_bind_text(st, 2, town, -1, SQLITE_TRANSIENT);
    if (in->need_id)
        sqlite3_bind_int64(st, 3, in->need_id);
    else
        sqlite3_bind_null(st, 3);
    sqlite3_bind_text(st, 4, item, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 5, in->provider_id);
    sqlite3_bind_text(st, 6, core_urgency_code(urgency), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, in->note ? in->note : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 8, in->synthetic);
    bind_user(st, 9, who);
    sqlite3_bind_text(st, 10, at, -1, SQLITE_TRANSIENT);
    if ((e = store_step_done(w, st))) return e;
    int64_t rid = sqlite3_last_insert_rowid(store_sqlite(w));
    if ((e = add_event(w, who, rid, "create", NULL, "draft", "", at))) return e;
    *id = rid;
    return WS_OK;
}

/* ---- transitions ------------------------------------------------------------------------------------ */

/* Field errors for what action a must carry (store_referral_act). */
static void check_act_input(const store_ref_caller *who, const ref_row *r, core_ref_action a,
                            const store_ref_act_in *in, core_fielderrs *errs) {
    bool has_reason = in->reason && *in->reason;
    if ((a == CORE_REF_DECLINE || a == CORE_REF_WITHDRAW) && !has_reason)
        add_once(errs, "reason", "reason_required", "请填写原因", "A reason is required");
    if (a == CORE_REF_SEND && !r->consent_standing)
        add_once(errs, "consent", "consent_required", "发送前须先记录家庭同意向该机构提供信息",
                 "Record the household's consent to share with this provider before sending");
    if (a == CORE_REF_CONFIRM && !core_ref_satisfaction_valid(in->satisfaction))
        add_once(errs, "satisfaction", "bad_satisfaction", "满意度应为 1 至 5 的整数",
                 "The satisfaction must be a whole number from 1 to 5");
    if (a != CORE_REF_DELIVER) return;
    core_date sent;
    if (!in->has_record) {
        add_once(errs, "served_on", "required", "请填写服务日期", "The service date is required");
    } else if (core_date_days(in->served_on) > core_date_days(who->today)) {
        add_once(errs, "served_on", "date_in_future", "服务日期不能晚于今天",
                 "The service date cannot be in the future");
    } else if (shanghai_date_of(r->sent_at, &sent) && core_date_days(in->served_on) < core_date_days(sent)) {
        add_once(errs, "served_on", "before_sent", "服务日期不能早于转介发送日期",
                 "The service date cannot be before the referral was sent");
    }
    if (!core_ref_minutes_valid(in->minutes))
        add_once(errs, "minutes", "bad_minutes", "服务时长应为 1 至 20160 分钟",
                 "The time spent must be 1 to 20160 minutes");
    if (!in->what || !*in->what) add_once(errs, "what", "required", "请填写服务内容", "Say what was done");
}

static ws_err insert_record(store_conn *w, const store_ref_caller *who, int64_t rid, const store_ref_act_in *in,
                            const char *at) {
    sqlite3_stmt *st = store_stmt(w, "INSERT INTO service_records (referral_id, served_on, minutes, what, recorded_by, "
                                     "recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    if (!st) return WS_ERR_DB;
    char on[11];
    core_date_format(in->served_on, on);
    sqlite3_bind_int64(st, 1, rid);
    sqlite3_bind_text(st, 2, on, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, in->minutes);
    sqlite3_bind_text(st, 4, in->what, -1, SQLITE_TRANSIENT);
    bind_user(st, 5, who);
    sqlite3_bind_text(st, 6, at, -1, SQLITE_TRANSIENT);
    return store_step_done(w, st);
}

/* The deadlines a send or an accept sets (others set none: *set false). */
static ws_err deadlines_of(store_conn *w, const store_ref_caller *who, const ref_row *r, core_ref_action a,
                           char respond_by[11], char complete_by[11], bool *set) {
    *set = a == CORE_REF_SEND || a == CORE_REF_ACCEPT;
    if (!*set) return WS_OK;
    store_service_item it;
    ws_err e = store_service_item_get(w, r->item_code, &it);
    if (e) return e;
    core_date_format(a == CORE_REF_SEND ? core_ref_respond_by(who->today, it.respond_days) : r->respond_by, respond_by);
    core_date_format(core_ref_complete_by(who->today, it.complete_days), complete_by);
    return WS_OK;
}

/*
** Moves r from its state to `to` by action a (already checked): the row (only from the state read, so a
** concurrent move makes this one WS_ERR_CONFLICT), deadlines, outcome, service record, the provider's load
** and rating, and the timeline.
*/
static ws_err apply(store_conn *w, const store_ref_caller *who, const ref_row *r, core_ref_action a, core_ref_state to,
                    const store_ref_act_in *in) {
    char buf[21], respond_by[11], complete_by[11];
    const char *at = stamp(who, buf);
    bool deadlines;
    ws_err e = deadlines_of(w, who, r, a, respond_by, complete_by, &deadlines);
    if (e) return e;
    bool confirm = a == CORE_REF_CONFIRM;
    sqlite3_stmt *st = store_stmt(w, "UPDATE referrals SET state = ?2, updated_at = ?3, "
                                     "respond_by = coalesce(?4, respond_by), complete_by = coalesce(?5, complete_by), "
                                     "satisfaction = coalesce(?6, satisfaction), comment = coalesce(?7, comment) "
                                     "WHERE id = ?1 AND state = ?8");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, r->id);
    sqlite3_bind_text(st, 2, core_ref_state_code(to), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, at, -1, SQLITE_TRANSIENT);
    store_bind_text(st, 4, deadlines ? respond_by : NULL);
    store_bind_text(st, 5, deadlines ? complete_by : NULL);
    if (confirm)
        sqlite3_bind_int(st, 6, in->satisfaction);
    else
        sqlite3_bind_null(st, 6);
    store_bind_text(st, 7, confirm ? (in->comment ? in->comment : "") : NULL);
    sqlite3_bind_text(st, 8, core_ref_state_code(r->state), -1, SQLITE_STATIC);
    if ((e = store_step_done(w, st))) return e;
    if (sqlite3_changes(store_sqlite(w)) != 1) return WS_ERR_CONFLICT;
    bool was = core_ref_state_load(r->state), is = core_ref_state_load(to);
    if (was != is && (e = store_provider_load_add(w, r->provider_id, is ? 1 : -1))) return e;
    if (confirm && (e = store_provider_rate(w, r->provider_id, in->satisfaction))) return e;
    if (a == CORE_REF_DELIVER && (e = insert_record(w, who, r->id, in, at))) return e;
    return add_event(w, who, r->id, core_ref_action_code(a), core_ref_state_code(r->state), core_ref_state_code(to),
                     in ? in->reason : NULL, at);
}

ws_err store_referral_act(store_conn *w, const store_ref_caller *who, int64_t id, core_ref_action a,
                          const store_ref_act_in *in, core_fielderrs *errs, core_ref_state *state) {
    ref_row r;
    ws_err e = load_visible(w, who, id, &r);
    if (e) return e;
    core_ref_state to;
    if (who->read_only || a == CORE_REF_EXPIRE) return WS_ERR_FORBIDDEN;
    switch (core_ref_check(r.state, a, who->side, &to)) {
    case CORE_REF_WRONG_SIDE: return WS_ERR_FORBIDDEN;
    case CORE_REF_WRONG_STATE: *state = r.state; return WS_ERR_CONFLICT;
    case CORE_REF_ALLOWED: break;
    }
    check_act_input(who, &r, a, in, errs);
    /* A provider paused or closed since the draft was made, no longer offering the item or no longer serving
    ** the town, is not sent to; a closed provider takes on no referral. */
    if (a == CORE_REF_SEND && (e = check_provider(w, r.provider_id, r.item_code, r.town_code, errs))) return e;
    if (a == CORE_REF_ACCEPT && (e = check_provider_open(w, r.provider_id, errs))) return e;
    if (errs->count) return WS_ERR_INVALID;
    if ((e = apply(w, who, &r, a, to, in))) {
        if (e == WS_ERR_CONFLICT) *state = r.state;
        return e;
    }
    *state = to;
    return WS_OK;
}

ws_err store_referrals_expire(store_conn *w, const store_ref_caller *who, int64_t **ids, size_t *n) {
    char cutoff[11];
    core_date_format(core_date_add_days(who->today, -CORE_REF_EXPIRE_DAYS), cutoff);
    sqlite3_stmt *st = store_stmt(w, "SELECT id FROM referrals WHERE state = 'sent' AND respond_by < ?1 ORDER BY id");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_text(st, 1, cutoff, -1, SQLITE_TRANSIENT);
    int64_t *due = NULL;
    size_t count = 0, done = 0;
    ws_err e = store_collect_ids(w, st, &due, &count);
    for (size_t i = 0; !e && i < count; i++) {
        ref_row r;
        core_ref_state to;
        if ((e = load_row(w, due[i], &r))) break;
        if (!core_ref_expires(r.state, who->today, r.respond_by) ||
            core_ref_check(r.state, CORE_REF_EXPIRE, CORE_REF_SIDE_SYSTEM, &to) != CORE_REF_ALLOWED)
            continue;
        char reason[96];
        snprintf(reason, sizeof reason, "超过答复期限 %ld 天未答复",
                 core_date_days(who->today) - core_date_days(r.respond_by));
        store_ref_act_in in = {.reason = reason};
        if (!(e = apply(w, who, &r, CORE_REF_EXPIRE, to, &in))) due[done++] = r.id;
    }
    if (e || done == 0) {
        free(due);
        due = NULL;
        done = 0;
    }
    if (!e) {
        *ids = due;
        *n = done;
    }
    return e;
}

/* ---- consent ---------------------------------------------------------------------------------------- */

bool store_consent_method_valid(const char *method) {
    return method && (strcmp(method, "signed") == 0 || strcmp(method, "verbal") == 0 || strcmp(method, "phone") == 0);
}

static const char *consent_method_zh(const char *method) {
    if (strcmp(method, "signed") == 0) return "签字同意";
    return strcmp(method, "verbal") == 0 ? "口头同意" : "电话同意";
}

enum { CONSENT_MIN_AGE = 18 };

/*
** Whether name is an active member of household hid (*member) and, if so, whether one such member is an
** adult on today (*adult): a child cannot consent to sharing the household's data. A member without a
** known birth date counts as an adult, since the station has seen who consented.
*/
static ws_err consenting_member(store_conn *c, int64_t hid, const char *name, core_date today, bool *member,
                                bool *adult) {
    sqlite3_stmt *st = store_stmt(c, "SELECT birth_date FROM members WHERE household_id = ?1 AND active = 1 AND name = ?2");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, hid);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
    *member = *adult = false;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        core_date birth;
        *member = true;
        if (!core_date_parse(store_col_text(st, 0), &birth) || core_date_age(birth, today) >= CONSENT_MIN_AGE)
            *adult = true;
    }
    return rc == SQLITE_DONE ? WS_OK : store_err(c, rc);
}

static ws_err withdraw_consent_row(store_conn *w, int64_t consent_id, const char *at) {
    sqlite3_stmt *st = store_stmt(w, "UPDATE consents SET withdrawn_at = ?2 WHERE id = ?1 AND withdrawn_at IS NULL");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, consent_id);
    sqlite3_bind_text(st, 2, at, -1, SQLITE_TRANSIENT);
    return store_step_done(w, st);
}

ws_err store_referral_consent(store_conn *w, const store_ref_caller *who, int64_t id, const store_consent_in *in,
                              core_fielderrs *errs) {
    ref_row r;
    ws_err e = load_visible(w, who, id, &r);
    if (e) return e;
    if (who->side != CORE_REF_SIDE_STATION || who->read_only) return WS_ERR_FORBIDDEN;
    if (r.state != CORE_REF_DRAFT) return WS_ERR_CONFLICT;
    bool member = false, adult = false;
    if (!in->given_by || !*in->given_by)
        add_once(errs, "given_by", "required", "请填写表示同意的家庭成员姓名",
                 "Name the member of the household who consented");
    else if ((e = consenting_member(w, r.household_id, in->given_by, who->today, &member, &adult)))
        return e;
    else if (!member)
        add_once(errs, "given_by", "not_a_member", "表示同意的人应为该家庭的成员",
                 "The person who consented must be a member of the household");
    else if (!adult)
        add_once(errs, "given_by", "minor", "表示同意的应为年满 18 周岁的家庭成员",
                 "The person who consented must be a member aged 18 or over");
    if (!store_consent_method_valid(in->method))
        add_once(errs, "method", "bad_method", "同意方式应为签字（signed）、口头（verbal）或电话（phone）",
                 "The method must be signed, verbal or phone");
    if (errs->count) return WS_ERR_INVALID;
    store_service_item it;
    if ((e = store_service_item_get(w, r.item_code, &it))) return e;
    char purpose[4 * STORE_ITEM_NAME_MAX + 16];
    snprintf(purpose, sizeof purpose, "转介：%s", it.zh);
    char buf[21];
    const char *at = stamp(who, buf);
    if (r.consent_id && (e = withdraw_consent_row(w, r.consent_id, at))) return e;
    sqlite3_stmt *st = store_stmt(w, "INSERT INTO consents (household_id, provider_id, purpose, given_by, method, "
                                     "recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, r.household_id);
    sqlite3_bind_int64(st, 2, r.provider_id);
    sqlite3_bind_text(st, 3, in->purpose && *in->purpose ? in->purpose : purpose, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, in->given_by, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, in->method, -1, SQLITE_TRANSIENT);
    bind_user(st, 6, who);
    sqlite3_bind_text(st, 7, at, -1, SQLITE_TRANSIENT);
    if ((e = store_step_done(w, st))) return e;
    int64_t cid = sqlite3_last_insert_rowid(store_sqlite(w));
    st = store_stmt(w, "UPDATE referrals SET consent_id = ?2, updated_at = ?3 WHERE id = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, cid);
    sqlite3_bind_text(st, 3, at, -1, SQLITE_TRANSIENT);
    if ((e = store_step_done(w, st))) return e;
    /* the timeline says how, not who: the provider reads it too, and a member's name is the station's */
    return add_event(w, who, id, "consent", "draft", "draft", consent_method_zh(in->method), at);
}

ws_err store_referral_consent_withdraw(store_conn *w, const store_ref_caller *who, int64_t id) {
    ref_row r;
    ws_err e = load_visible(w, who, id, &r);
    if (e) return e;
    if (who->side != CORE_REF_SIDE_STATION || who->read_only) return WS_ERR_FORBIDDEN;
    if (!r.consent_standing) return WS_ERR_NOTFOUND;
    char buf[21];
    const char *at = stamp(who, buf);
    static const char REASON[] = "撤回同意";
    const char *s = core_ref_state_code(r.state);
    if ((e = withdraw_consent_row(w, r.consent_id, at)) ||
        (e = add_event(w, who, id, "consent_withdrawn", s, s, REASON, at)))
        return e;
    core_ref_state to;
    if (core_ref_check(r.state, CORE_REF_WITHDRAW, CORE_REF_SIDE_STATION, &to) != CORE_REF_ALLOWED) return WS_OK;
    store_ref_act_in in = {.reason = REASON};
    return apply(w, who, &r, CORE_REF_WITHDRAW, to, &in);
}

/* ---- reading ---------------------------------------------------------------------------------------- */

#define REF_COLUMNS                                                                                                    \
    "r.id, r.state, r.household_id, r.town_code, t.name, r.need_id, r.item_code, si.name_zh, si.name_en, "             \
    "si.category_code, r.provider_id, p.name, p.kind, r.urgency, r.note, r.consent_id, c.given_by, c.method, "         \
    "c.purpose, coalesce(cu.display_name, ''), c.recorded_at, c.withdrawn_at, "                                        \
    "(SELECT e.at FROM referral_events e WHERE e.referral_id = r.id AND e.action = 'send' "                            \
    " ORDER BY e.id DESC LIMIT 1), r.respond_by, r.complete_by, r.satisfaction, r.comment, "                           \
    "(SELECT e.by_name FROM referral_events e WHERE e.referral_id = r.id ORDER BY e.id LIMIT 1), "                     \
    "r.created_at, r.updated_at, r.synthetic, hm.name"

#define REF_FROM                                                                                                       \
    " FROM referrals r JOIN divisions t ON t.code = r.town_code JOIN service_items si ON si.code = r.item_code "       \
    "JOIN providers p ON p.id = r.provider_id LEFT JOIN consents c ON c.id = r.consent_id "                            \
    "LEFT JOIN users cu ON cu.id = c.recorded_by "                                                                     \
    "LEFT JOIN members hm ON hm.household_id = r.household_id AND hm.relation = 'head' AND hm.active = 1 "

enum {
    COL_ID,
    COL_STATE,
    COL_HID,
    COL_TOWN,
    COL_TOWN_NAME,
    COL_NEED,
    COL_ITEM,
    COL_ITEM_ZH,
    COL_ITEM_EN,
    COL_CATEGORY,
    COL_PID,
    COL_PNAME,
    COL_PKIND,
    COL_URGENCY,
    COL_NOTE,
    COL_CONSENT,
    COL_GIVEN_BY,
    COL_METHOD,
    COL_PURPOSE,
    COL_RECORDED_BY,
    COL_RECORDED_AT,
    COL_WITHDRAWN_AT,
    COL_SENT_AT,
    COL_RESPOND_BY,
    COL_COMPLETE_BY,
    COL_SATISFACTION,
    COL_COMMENT,
    COL_CREATED_BY,
    COL_CREATED_AT,
    COL_UPDATED_AT,
    COL_SYNTHETIC,
    COL_HEAD
};

static json_t *col_int_or_null(sqlite3_stmt *st, int col) {
    return sqlite3_column_type(st, col) == SQLITE_NULL ? json_null() : json_integer(sqlite3_column_int64(st, col));
}

/* Whether the caller may see the household's contact details on this row (the rule of referrals.h). */
static bool row_shows_household(const store_ref_caller *who, sqlite3_stmt *st, core_ref_state s) {
    if (who->side != CORE_REF_SIDE_PROVIDER) return true;
    bool consent =
        sqlite3_column_type(st, COL_CONSENT) != SQLITE_NULL && sqlite3_column_type(st, COL_WITHDRAWN_AT) == SQLITE_NULL;
    return consent && core_ref_provider_sees_household(s);
}

static json_t *consent_json(const store_ref_caller *who, sqlite3_stmt *st) {
    if (sqlite3_column_type(st, COL_CONSENT) == SQLITE_NULL) return json_null();
    json_t *j =
        json_pack("{s:I, s:s, s:s, s:s, s:o}", "id", (json_int_t)sqlite3_column_int64(st, COL_CONSENT), "method",
                  store_col_text(st, COL_METHOD), "purpose", store_col_text(st, COL_PURPOSE), "recorded_at",
                  store_col_text(st, COL_RECORDED_AT), "withdrawn_at", store_col_json_text(st, COL_WITHDRAWN_AT));
    if (who->side == CORE_REF_SIDE_STATION) {
        json_object_set_new(j, "given_by", json_string(store_col_text(st, COL_GIVEN_BY)));
        json_object_set_new(j, "recorded_by", json_string(store_col_text(st, COL_RECORDED_BY)));
    }
    return j;
}

static json_t *allowed_json(const store_ref_caller *who, core_ref_state s, bool consent_standing) {
    json_t *arr = json_array();
    if (who->read_only) return arr;
    unsigned bits = core_ref_allowed(s, who->side);
    if (!consent_standing) bits &= ~(1u << CORE_REF_SEND);
    for (int a = 0; a < CORE_REF_ACTION_COUNT; a++)
        if (bits & (1u << a)) json_array_append_new(arr, json_string(core_ref_action_code((core_ref_action)a)));
    return arr;
}

/* One row of REF_COLUMNS as the API's referral (without the detail's parts); *shows says whether the
** caller sees the household on it. */
static json_t *referral_json(const store_ref_caller *who, sqlite3_stmt *st, bool *shows) {
    core_ref_state s = CORE_REF_DRAFT;
    core_ref_state_parse(store_col_text(st, COL_STATE), &s);
    core_urgency u = CORE_URG_ROUTINE;
    core_urgency_parse(store_col_text(st, COL_URGENCY), &u);
    bool sent = sqlite3_column_type(st, COL_RESPOND_BY) != SQLITE_NULL;
    int late =
        sent ? core_ref_days_late(s, who->today, col_date(st, COL_RESPOND_BY), col_date(st, COL_COMPLETE_BY)) : 0;
    const char *esc = core_ref_escalation_code(core_ref_escalation_of(late));
    bool household = row_shows_household(who, st, s);
    bool consent_standing =
        sqlite3_column_type(st, COL_CONSENT) != SQLITE_NULL && sqlite3_column_type(st, COL_WITHDRAWN_AT) == SQLITE_NULL;
    const char *item = store_col_text(st, COL_ITEM);
    json_t *j = json_pack("{s:I, s:s, s:s, s:I, s:s, s:s, s:o, s:o, s:s, s:s, s:s, s:s, s:b}", "id",
                          (json_int_t)sqlite3_column_int64(st, COL_ID), "state", core_ref_state_code(s), "state_zh",
                          core_ref_state_zh(s), "household_id", (json_int_t)sqlite3_column_int64(st, COL_HID),
                          "town_code", store_col_text(st, COL_TOWN), "town_name", store_col_text(st, COL_TOWN_NAME),
                          "head_name", household ? store_col_json_text(st, COL_HEAD) : json_null(), "need_id",
                          col_int_or_null(st, COL_NEED), "item_code", item, "item_zh", store_col_text(st, COL_ITEM_ZH),
                          "item_en", store_col_text(st, COL_ITEM_EN), "category_code", store_col_text(st, COL_CATEGORY),
                          "at_home", core_ref_item_at_home(item));
    json_t *more = json_pack(
        "{s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:b, s:i, s:o, s:o, s:s, s:s, s:s, s:s, s:b, s:o}",
        "provider_id", (json_int_t)sqlite3_column_int64(st, COL_PID), "provider_name", store_col_text(st, COL_PNAME),
        "provider_kind", store_col_text(st, COL_PKIND), "urgency", core_urgency_code(u), "urgency_zh",
        core_urgency_zh(u), "note", store_col_text(st, COL_NOTE), "consent", consent_json(who, st), "sent_at",
        store_col_json_text(st, COL_SENT_AT), "respond_by", store_col_json_text(st, COL_RESPOND_BY), "complete_by",
        store_col_json_text(st, COL_COMPLETE_BY), "overdue", late > 0, "days_late", late, "escalation",
        esc ? json_string(esc) : json_null(), "satisfaction", col_int_or_null(st, COL_SATISFACTION), "comment",
        store_col_text(st, COL_COMMENT), "created_by", store_col_text(st, COL_CREATED_BY), "created_at",
        store_col_text(st, COL_CREATED_AT), "updated_at", store_col_text(st, COL_UPDATED_AT), "synthetic",
        sqlite3_column_int(st, COL_SYNTHETIC), "allowed", allowed_json(who, s, consent_standing));
    json_object_update(j, more);
    json_decref(more);
    if (shows) *shows = household;
    return j;
}

/* The household as the caller may see it: the head's name, masked ID and phone, and the address. */
static ws_err household_json(store_conn *c, int64_t hid, bool address, json_t **out) {
    sqlite3_stmt *st = store_stmt(c, "SELECT hm.name, hm.id_masked, coalesce(nullif(h.phone, ''), hm.phone, ''), "
                                     "trim(h.village || ' ' || h.address) FROM households h "
                                     "LEFT JOIN members hm ON hm.household_id = h.id AND hm.relation = 'head' "
                                     "AND hm.active = 1 WHERE h.id = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, hid);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) return rc == SQLITE_DONE ? WS_ERR_NOTFOUND : store_err(c, rc);
    *out = json_pack("{s:o, s:o, s:s, s:o}", "head_name", store_col_json_text(st, 0), "head_id_masked",
                     store_col_json_text(st, 1), "phone", store_col_text(st, 2), "address",
                     address ? json_string(store_col_text(st, 3)) : json_null());
    sqlite3_reset(st);
    return WS_OK;
}

static ws_err need_json(store_conn *c, int64_t need_id, json_t **out) {
    sqlite3_stmt *st =
        store_stmt(c, "SELECT n.assessment_id, n.service_code, si.name_zh, n.area_code, n.urgency, n.note "
                      "FROM assessment_needs n JOIN service_items si ON si.code = n.service_code "
                      "WHERE n.id = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, need_id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) return rc == SQLITE_DONE ? WS_ERR_NOTFOUND : store_err(c, rc);
    const store_seed_area *area = store_area_find(store_col_text(st, 3));
    core_urgency u = CORE_URG_ROUTINE;
    core_urgency_parse(store_col_text(st, 4), &u);
    *out = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)need_id, "assessment_id",
                     (json_int_t)sqlite3_column_int64(st, 0), "service", store_col_text(st, 1), "service_zh",
                     store_col_text(st, 2), "area", store_col_text(st, 3), "area_zh", area ? area->zh : "", "urgency",
                     core_urgency_code(u), "urgency_zh", core_urgency_zh(u), "note", store_col_text(st, 5));
    sqlite3_reset(st);
    return WS_OK;
}

static ws_err events_json(store_conn *c, int64_t id, json_t **out) {
    sqlite3_stmt *st = store_stmt(c, "SELECT action, from_state, to_state, by_name, at, reason FROM referral_events "
                                     "WHERE referral_id = ?1 ORDER BY id");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    json_t *arr = json_array();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        core_ref_state to = CORE_REF_DRAFT;
        core_ref_state_parse(store_col_text(st, 2), &to);
        json_array_append_new(arr, json_pack("{s:s, s:o, s:s, s:s, s:s, s:s, s:s}", "action", store_col_text(st, 0),
                                             "from", store_col_json_text(st, 1), "to", core_ref_state_code(to), "to_zh",
                                             core_ref_state_zh(to), "by", store_col_text(st, 3), "at",
                                             store_col_text(st, 4), "reason", store_col_text(st, 5)));
    }
    if (rc != SQLITE_DONE) {
        json_decref(arr);
        return store_err(c, rc);
    }
    *out = arr;
    return WS_OK;
}

static ws_err records_json(store_conn *c, int64_t id, json_t **out) {
    sqlite3_stmt *st = store_stmt(c, "SELECT s.id, s.served_on, s.minutes, s.what, coalesce(u.display_name, ''), "
                                     "s.recorded_at FROM service_records s LEFT JOIN users u ON u.id = s.recorded_by "
                                     "WHERE s.referral_id = ?1 ORDER BY s.id");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    json_t *arr = json_array();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        json_array_append_new(arr,
                              json_pack("{s:I, s:s, s:I, s:s, s:s, s:s}", "id", (json_int_t)sqlite3_column_int64(st, 0),
                                        "served_on", store_col_text(st, 1), "minutes",
                                        (json_int_t)sqlite3_column_int64(st, 2), "what", store_col_text(st, 3),
                                        "recorded_by", store_col_text(st, 4), "recorded_at", store_col_text(st, 5)));
    if (rc != SQLITE_DONE) {
        json_decref(arr);
        return store_err(c, rc);
    }
    *out = arr;
    return WS_OK;
}

ws_err store_referral_get(store_conn *c, const store_ref_caller *who, int64_t id, json_t **out, bool *personal) {
    ref_row r;
    ws_err e = load_visible(c, who, id, &r);
    if (e) return e;
    sqlite3_stmt *st = store_stmt(c, "SELECT " REF_COLUMNS REF_FROM "WHERE r.id = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) return rc == SQLITE_DONE ? WS_ERR_NOTFOUND : store_err(c, rc);
    bool shows;
    json_t *j = referral_json(who, st, &shows);
    sqlite3_reset(st);
    json_t *household = NULL, *need = NULL, *events = NULL, *records = NULL;
    bool address = who->side != CORE_REF_SIDE_PROVIDER || core_ref_item_at_home(r.item_code);
    if (shows) e = household_json(c, r.household_id, address, &household);
    if (!e && r.need_id) e = need_json(c, r.need_id, &need);
    if (!e) e = events_json(c, id, &events);
    if (!e) e = records_json(c, id, &records);
    if (e) {
        json_decref(j);
        json_decref(household);
        json_decref(need);
        json_decref(events);
        return e;
    }
    json_object_set_new(j, "household", household ? household : json_null());
    json_object_set_new(j, "need", need ? need : json_null());
    json_object_set_new(j, "events", events);
    json_object_set_new(j, "records", records);
    *out = j;
    if (personal) *personal = shows;
    return WS_OK;
}

/*
** The deadline a referral is late against: respond_by while sent, complete_by while accepted or in service,
** none in any other state. The expression of the index referrals_due (migrations.c), so that late referrals
** are read from it, however many are open.
*/
#define REF_DUE                                                                                                        \
    "(CASE r.state WHEN 'sent' THEN r.respond_by WHEN 'accepted' THEN r.complete_by "                                  \
    "WHEN 'in_service' THEN r.complete_by END)"

/*
** The list's filters, in three forms that each read one index range: a range of towns (referrals_town), one
** provider's referrals (referrals_provider; the towns, marked +, only filter), or the late ones (referrals_due).
** ?1 ?2: range of town codes; ?3 provider (NULL any); ?4 household; ?5 need; ?6 ",state,state," (NULL any);
** ?7 late: the deadline before this date (NULL any); ?8 not late on this date (NULL any); ?9 1 hides drafts
** (the provider side). Every form names every parameter, so that one binding serves all three.
*/
#define REF_FILTER_REST                                                                                                \
    "AND (?4 IS NULL OR r.household_id = ?4) AND (?5 IS NULL OR r.need_id = ?5) "                                      \
    "AND (?6 IS NULL OR instr(?6, ',' || r.state || ',') > 0) "                                                        \
    "AND (?8 IS NULL OR " REF_DUE " IS NULL OR " REF_DUE " >= ?8) AND (?9 = 0 OR r.state <> 'draft') "
#define REF_BY_TOWN "WHERE r.town_code >= ?1 AND r.town_code < ?2 AND ?3 IS NULL AND ?7 IS NULL " REF_FILTER_REST
#define REF_BY_PROVIDER                                                                                                \
    "WHERE r.provider_id = ?3 AND +r.town_code >= ?1 AND +r.town_code < ?2 AND ?7 IS NULL " REF_FILTER_REST
#define REF_LATE                                                                                                       \
    "WHERE r.state IN ('sent','accepted','in_service') AND " REF_DUE " < ?7 AND +r.town_code >= ?1 "                  \
    "AND +r.town_code < ?2 AND (?3 IS NULL OR r.provider_id = ?3) " REF_FILTER_REST

/* ?12: 1 for the most days late first (the earliest deadline first, those without one last), else newest first. */
#define REF_ORDER "ORDER BY CASE WHEN ?12 = 1 THEN " REF_DUE " IS NULL END, CASE WHEN ?12 = 1 THEN " REF_DUE " END, r.id DESC "

#define REF_PAGE(filter)                                                                                               \
    "SELECT " REF_COLUMNS REF_FROM "WHERE r.id IN (SELECT r.id FROM referrals r " filter REF_ORDER                     \
    "LIMIT ?10 OFFSET ?11) " REF_ORDER

enum { BY_TOWN, BY_PROVIDER, LATE };
static const char *const COUNT_SQL[] = {"SELECT count(*) FROM referrals r " REF_BY_TOWN,
                                        "SELECT count(*) FROM referrals r " REF_BY_PROVIDER,
                                        "SELECT count(*) FROM referrals r " REF_LATE};
static const char *const PAGE_SQL[] = {REF_PAGE(REF_BY_TOWN), REF_PAGE(REF_BY_PROVIDER), REF_PAGE(REF_LATE)};

/* The first day on which a referral whose deadline is before it is at least min_days late. */
static void late_threshold(core_date today, int min_days, char out[11]) {
    core_date_format(core_date_add_days(today, -(long)(min_days - 1)), out);
}

static int escalation_days(core_ref_escalation e) {
    switch (e) {
    case CORE_REF_ESC_COUNTY: return CORE_REF_ESCALATE_COUNTY_DAYS;
    case CORE_REF_ESC_CITY: return CORE_REF_ESCALATE_CITY_DAYS;
    default: return 1;
    }
}

/* Which form of the filters f needs (REF_BY_TOWN, REF_BY_PROVIDER, REF_LATE). */
static int filter_form(const store_ref_caller *who, const store_ref_filter *f) {
    if (f->overdue == 1 || f->escalation != CORE_REF_ESC_NONE) return LATE;
    return who->side == CORE_REF_SIDE_PROVIDER || f->provider_id ? BY_PROVIDER : BY_TOWN;
}

static void bind_filter(sqlite3_stmt *st, const store_ref_caller *who, const char *prefix, const store_ref_filter *f) {
    store_bind_prefix_range(st, 1, prefix);
    int64_t provider = who->side == CORE_REF_SIDE_PROVIDER ? who->provider_id : f->provider_id;
    if (provider)
        sqlite3_bind_int64(st, 3, provider);
    else
        sqlite3_bind_null(st, 3);
    if (f->household_id)
        sqlite3_bind_int64(st, 4, f->household_id);
    else
        sqlite3_bind_null(st, 4);
    if (f->need_id)
        sqlite3_bind_int64(st, 5, f->need_id);
    else
        sqlite3_bind_null(st, 5);
    if (f->states) {
        char list[256] = ",";
        for (int s = 0; s < CORE_REF_STATE_COUNT; s++)
            if (f->states & (1u << s)) {
                strncat(list, core_ref_state_code((core_ref_state)s), sizeof list - strlen(list) - 1);
                strncat(list, ",", sizeof list - strlen(list) - 1);
            }
        sqlite3_bind_text(st, 6, list, -1, SQLITE_TRANSIENT);
    } else {
        sqlite3_bind_null(st, 6);
    }
    char late[11], today[11];
    bool want_late = f->overdue == 1 || f->escalation != CORE_REF_ESC_NONE;
    late_threshold(who->today, escalation_days(f->escalation), late);
    core_date_format(who->today, today);
    store_bind_text(st, 7, want_late ? late : NULL);
    store_bind_text(st, 8, f->overdue == 0 ? today : NULL);
    sqlite3_bind_int(st, 9, who->side == CORE_REF_SIDE_PROVIDER);
}

ws_err store_referrals_list(store_conn *c, const store_ref_caller *who, const store_ref_filter *f, json_t **items,
                            int64_t *total) {
    const char *scope = who->side == CORE_REF_SIDE_STATION ? who->scope : "";
    const char *prefix;
    bool nothing = (who->side == CORE_REF_SIDE_PROVIDER && who->provider_id <= 0) ||
                   !store_scope_narrow(scope, f->division, &prefix) || (f->overdue == 0 && f->escalation);
    if (nothing) {
        *items = json_array();
        *total = 0;
        return WS_OK;
    }
    int form = filter_form(who, f);
    sqlite3_stmt *st = store_stmt(c, COUNT_SQL[form]);
    if (!st) return WS_ERR_DB;
    bind_filter(st, who, prefix, f);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) return store_err(c, rc);
    int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    /* The page's ids first, then the columns of those rows only. */
    st = store_stmt(c, PAGE_SQL[form]);
    if (!st) return WS_ERR_DB;
    bind_filter(st, who, prefix, f);
    sqlite3_bind_int64(st, 10, f->limit);
    sqlite3_bind_int64(st, 11, f->offset);
    sqlite3_bind_int(st, 12, f->most_late_first);
    json_t *arr = json_array();
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) json_array_append_new(arr, referral_json(who, st, NULL));
    if (rc != SQLITE_DONE) {
        json_decref(arr);
        return store_err(c, rc);
    }
    *items = arr;
    *total = n;
    return WS_OK;
}

/* {"town": 0, "county": 0, "city": 0} */
static json_t *escalation_counts(void) { return json_pack("{s:i, s:i, s:i}", "town", 0, "county", 0, "city", 0); }

static void count_in(json_t *obj, const char *key, json_int_t n) {
    json_object_set_new(obj, key, json_integer(json_integer_value(json_object_get(obj, key)) + n));
}

/* Every town under code as a summary item, in code order, into *list; *index maps each code to its item. */
static ws_err summary_towns(store_conn *c, const char *code, json_t *list, json_t *index) {
    json_t *zero = json_pack("{s:i, s:i, s:o}", "open", 0, "overdue", 0, "by_escalation", escalation_counts());
    ws_err e = store_division_towns_with(c, code, zero, list, index);
    json_decref(zero);
    return e;
}

/* Counts the referrals of the towns under code by town and state (from the index referrals_town alone). */
static ws_err summary_states(store_conn *c, const char *code, json_t *sum, json_t *index) {
    sqlite3_stmt *st = store_stmt(c, "SELECT town_code, state, count(*) FROM referrals WHERE town_code >= ?1 "
                                     "AND town_code < ?2 GROUP BY town_code, state");
    if (!st) return WS_ERR_DB;
    store_bind_prefix_range(st, 1, code);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        core_ref_state s = CORE_REF_DRAFT;
        core_ref_state_parse(store_col_text(st, 1), &s);
        json_int_t n = sqlite3_column_int64(st, 2);
        json_t *town = json_object_get(index, store_col_text(st, 0));
        count_in(json_object_get(sum, "by_state"), core_ref_state_code(s), n);
        if (!core_ref_state_open(s)) continue;
        count_in(sum, "open", n);
        if (town) count_in(town, "open", n);
    }
    return rc == SQLITE_DONE ? WS_OK : store_err(c, rc);
}

/* Counts the late referrals of the towns under code by town and escalation (from the index referrals_due). */
static ws_err summary_late(store_conn *c, const store_ref_caller *who, const char *code, json_t *sum,
                           json_t *index) {
    sqlite3_stmt *st = store_stmt(c, "SELECT r.town_code, " REF_DUE " FROM referrals r "
                                     "WHERE r.state IN ('sent','accepted','in_service') AND " REF_DUE " < ?3 "
                                     "AND +r.town_code >= ?1 AND +r.town_code < ?2");
    if (!st) return WS_ERR_DB;
    store_bind_prefix_range(st, 1, code);
    char today[11];
    core_date_format(who->today, today);
    sqlite3_bind_text(st, 3, today, -1, SQLITE_TRANSIENT);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long late = core_date_days(who->today) - core_date_days(col_date(st, 1));
        const char *esc = core_ref_escalation_code(core_ref_escalation_of((int)late));
        json_t *town = json_object_get(index, store_col_text(st, 0));
        count_in(sum, "overdue", 1);
        count_in(json_object_get(sum, "by_escalation"), esc, 1);
        if (!town) continue;
        count_in(town, "overdue", 1);
        count_in(json_object_get(town, "by_escalation"), esc, 1);
    }
    return rc == SQLITE_DONE ? WS_OK : store_err(c, rc);
}

ws_err store_referrals_summary(store_conn *c, const store_ref_caller *who, const char *division, json_t **out) {
    if (who->side != CORE_REF_SIDE_STATION) return WS_ERR_FORBIDDEN;
    const char *code = division && *division ? division : who->scope;
    json_t *div = NULL;
    ws_err e = store_division_get(c, who->scope, code, &div);
    if (e) return e;
    json_t *sum =
        json_pack("{s:{s:O, s:O, s:O}, s:o, s:i, s:i, s:o, s:o}", "division", "code", json_object_get(div, "code"),
                  "name", json_object_get(div, "name"), "level", json_object_get(div, "level"), "by_state",
                  json_object(), "open", 0, "overdue", 0, "by_escalation", escalation_counts(), "towns", json_array());
    json_decref(div);
    for (int s = 0; s < CORE_REF_STATE_COUNT; s++)
        json_object_set_new(json_object_get(sum, "by_state"), core_ref_state_code((core_ref_state)s), json_integer(0));
    json_t *index = json_object(), *items = NULL;
    e = summary_towns(c, code, json_object_get(sum, "towns"), index);
    if (!e) e = summary_states(c, code, sum, index);
    if (!e) e = summary_late(c, who, code, sum, index);
    int64_t n;
    store_ref_filter f = {.division = code, .overdue = 1, .most_late_first = true, .limit = 50};
    if (!e) e = store_referrals_list(c, who, &f, &items, &n);
    json_decref(index);
    if (e) {
        json_decref(sum);
        return e;
    }
    json_object_set_new(sum, "overdue_items", items);
    *out = sum;
    return WS_OK;
}

int64_t store_referrals_synthetic_count(store_conn *c) {
    sqlite3_stmt *st = store_stmt(c, "SELECT count(*) FROM referrals WHERE synthetic = 1");
    int64_t n = st && sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    if (st) sqlite3_reset(st);
    return n;
}

ws_err store_referrals_demo_needs(store_conn *c, core_date by, int64_t **ids, size_t *n) {
    sqlite3_stmt *st = store_stmt(c, "SELECT n.id FROM household_index hi JOIN households h ON h.id = hi.household_id "
                                     "JOIN assessment_needs n ON n.assessment_id = hi.assessment_id "
                                     "WHERE h.synthetic = 1 AND h.closed_at IS NULL AND hi.assessed_on <= ?1 "
                                     "AND NOT EXISTS (SELECT 1 FROM referrals r WHERE r.need_id = n.id) ORDER BY n.id");
    if (!st) return WS_ERR_DB;
    char day[11];
    core_date_format(by, day);
    sqlite3_bind_text(st, 1, day, -1, SQLITE_TRANSIENT);
    return store_collect_ids(c, st, ids, n);
}
