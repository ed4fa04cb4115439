/*
** demo_referrals.c: the demo's referrals: some of the needs the synthetic assessments state, each sent to
** one of the providers a suggestion would list first, and taken through the loop as far as a plan says, so
** that there is one in every state: drafts with and without consent, sent ones fresh and overdue,
** accepted, declined, in service (some late), delivered, confirmed and closed with the household's rating,
** withdrawn and expired.
**
** Each goes through the store's own transitions (store/referrals.h) as the town's station account and the
** provider's staff account, with its timeline dated in the days before the demo runs, so deadlines, lateness
** and ratings come out as the real loop makes them. Deterministic for a database: needs in id order, one in
** REFER_EVERY, plans in turn.
*/
#include "cli.h"

#include "../core/suggest.h"
#include "../store/assessments.h"
#include "../store/audit.h"
#include "../store/providers.h"
#include "../store/referrals.h"
#include "../store/users.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* One need in so many is referred; needs assessed more recently than OLDEST_DAYS ago are left alone, so
** every plan's timeline fits after the assessment. */
enum { REFER_EVERY = 14, OLDEST_DAYS = 60 };

/* How far a referral goes, and on which day (days before today) each step happens; -1: not reached. */
typedef struct plan {
    int create, consent, send, accept, start, deliver, confirm, close, withdraw, decline;
} plan;

static const plan PLANS[] = {
    {1, -1, -1, -1, -1, -1, -1, -1, -1, -1},  /* a draft without consent */
    {2, 2, -1, -1, -1, -1, -1, -1, -1, -1},   /* a draft ready to send */
    {1, 1, 1, -1, -1, -1, -1, -1, -1, -1},    /* sent, not yet due */
    {12, 12, 12, -1, -1, -1, -1, -1, -1, -1}, /* sent and never answered: overdue */
    {6, 6, 6, 5, -1, -1, -1, -1, -1, -1},     /* accepted */
    {8, 8, 8, -1, -1, -1, -1, -1, -1, 7},     /* declined */
    {9, 9, 9, 8, 7, -1, -1, -1, -1, -1},      /* in service */
    {30, 30, 30, 29, 27, -1, -1, -1, -1, -1}, /* in service far beyond complete_by for most items */
    {10, 10, 10, 9, 8, 6, -1, -1, -1, -1},    /* delivered, waiting for the household */
    {20, 20, 20, 19, 18, 15, 13, -1, -1, -1}, /* confirmed and rated */
    {40, 40, 40, 39, 37, 34, 32, 30, -1, -1}, /* closed */
    {5, 5, 5, -1, -1, -1, -1, -1, 4, -1},     /* withdrawn */
    {45, 45, 45, -1, -1, -1, -1, -1, -1, -1}, /* unanswered so long that the sweep expires it */
    {25, 25, 25, 24, 22, 19, 17, 16, -1, -1}, /* closed */
};
enum { NPLANS = sizeof PLANS / sizeof PLANS[0] };

static const char *const DECLINE_REASONS[] = {"本周服务名额已满", "服务区域内暂无可派人员",
                                              "该项服务需上门，近期无法安排"};
static const char *const WHAT[] = {"上门服务并登记服务情况", "按约定完成服务，家属在场",
                                   "完成服务，已告知后续注意事项"};
static const char *const COMMENTS[] = {"服务及时，态度很好", "基本满意", "工作人员很耐心", ""};

/* The acting user of a side: the town's station account or the provider's staff account, if present. */
typedef struct actor {
    store_user user;
    bool found;
} actor;

static void find_actor(store_conn *c, const char *username, actor *a) {
    a->found = store_user_by_name(c, username, &a->user, NULL, 0) == WS_OK;
}

/* A caller acting days_ago days before today, at a time of day that varies with n. */
static store_ref_caller caller_on(const actor *a, core_ref_side side, const char *scope, int64_t provider_id,
                                  core_date today, int days_ago, int n, char at[21]) {
    core_date day = core_date_add_days(today, -days_ago);
    /* 01:00–08:59 UTC is 09:00–16:59 in Shanghai: office hours, and the same civil day */
    core_date_format(day, at);
    snprintf(at + 10, 11, "T%02u:%02u:00Z", 1 + (unsigned)n % 8, (unsigned)n * 17 % 60);
    store_ref_caller c = {.side = side,
                          .scope = scope,
                          .provider_id = provider_id,
                          .today = day,
                          .at = at,
                          .user_id = a->found ? a->user.id : 0,
                          .name = a->found ? a->user.display_name : "演示"};
    return c;
}

/* The provider a station would pick for the need: among the first three suggestions, by n. */
static ws_err pick_provider(store_conn *c, const store_need_ref *need, int n, int64_t *pid) {
    core_suggest_candidate *cands = NULL;
    size_t count = 0;
    ws_err e = store_suggest_candidates(c, need->service, need->town_code, &cands, &count);
    if (e) return e;
    if (count == 0)
        e = WS_ERR_NOTFOUND;
    else {
        core_suggest_rank(cands, count, need->town_code);
        *pid = cands[(size_t)n % (count < 3 ? count : 3)].provider_id;
    }
    store_candidates_free(cands, count);
    return e;
}

/* Takes one action at day days_ago (skipped when the plan does not reach it: -1). */
static ws_err step(store_conn *w, const actor *a, core_ref_side side, const char *scope, int64_t pid, core_date today,
                   int days_ago, int n, int64_t id, core_ref_action act, const store_ref_act_in *in) {
    if (days_ago < 0) return WS_OK;
    char at[21];
    store_ref_caller who = caller_on(a, side, scope, pid, today, days_ago, n, at);
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    core_ref_state s;
    ws_err e = store_referral_act(w, &who, id, act, in, &errs, &s);
    core_fielderrs_free(&errs);
    return e;
}

/* One need through plan p as far as it goes. */
static ws_err refer(store_conn *w, const store_need_ref *need, int64_t pid, const plan *p, core_date today, int n) {
    char username[64], at[21];
    actor station, staff;
    snprintf(username, sizeof username, "station-%s", need->town_code);
    find_actor(w, username, &station);
    snprintf(username, sizeof username, "provider-%lld", (long long)pid);
    find_actor(w, username, &staff);
    const char *scope = need->town_code;
    store_ref_caller who = caller_on(&station, CORE_REF_SIDE_STATION, scope, 0, today, p->create, n, at);
    store_ref_new in = {.need_id = need->id, .provider_id = pid, .synthetic = true};
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    int64_t id = 0, existing = 0;
    ws_err e = store_referral_create(w, &who, &in, &errs, &id, &existing);
    if (e == WS_ERR_CONFLICT) e = WS_ERR_NOTFOUND; /* referred to that provider already: left alone */
    if (!e && p->consent >= 0) {
        char name[128] = "";
        json_t *h = NULL;
        store_ref_caller on = caller_on(&station, CORE_REF_SIDE_STATION, scope, 0, today, p->consent, n, at);
        /* the head gives the consent: the referral's household view names them */
        e = store_referral_get(w, &on, id, &h, NULL);
        if (!e) snprintf(name, sizeof name, "%s", json_string_value(json_object_get(h, "head_name")));
        json_decref(h);
        store_consent_in c = {.given_by = name, .method = n % 3 == 0 ? "verbal" : "signed"};
        if (!e) e = store_referral_consent(w, &on, id, &c, &errs);
    }
    core_fielderrs_free(&errs);
    const store_ref_act_in none = {0};
    store_ref_act_in decline = {.reason = DECLINE_REASONS[n % 3]}, withdraw = {.reason = "家属已自行安排"};
    store_ref_act_in deliver = {.has_record = true,
                                .served_on = core_date_add_days(today, -p->deliver),
                                .minutes = 30 + 15 * (n % 8),
                                .what = WHAT[n % 3]};
    store_ref_act_in confirm = {.satisfaction = 3 + n % 3, .comment = COMMENTS[n % 4]};
    const actor *st = &station, *pv = &staff;
    core_ref_side S = CORE_REF_SIDE_STATION, P = CORE_REF_SIDE_PROVIDER;
    if (!e) e = step(w, st, S, scope, 0, today, p->send, n, id, CORE_REF_SEND, &none);
    if (!e) e = step(w, pv, P, NULL, pid, today, p->accept, n, id, CORE_REF_ACCEPT, &none);
    if (!e) e = step(w, pv, P, NULL, pid, today, p->decline, n, id, CORE_REF_DECLINE, &decline);
    if (!e) e = step(w, pv, P, NULL, pid, today, p->start, n, id, CORE_REF_START, &none);
    if (!e) e = step(w, pv, P, NULL, pid, today, p->deliver, n, id, CORE_REF_DELIVER, &deliver);
    if (!e) e = step(w, st, S, scope, 0, today, p->confirm, n, id, CORE_REF_CONFIRM, &confirm);
    if (!e) e = step(w, st, S, scope, 0, today, p->close, n, id, CORE_REF_CLOSE, &none);
    if (!e) e = step(w, st, S, scope, 0, today, p->withdraw, n, id, CORE_REF_WITHDRAW, &withdraw);
    return e;
}

int cli_demo_referrals(store_db *db, size_t *added) {
    *added = 0;
    store_conn *w;
    if (store_write_begin(db, &w) != WS_OK) return CLI_FAILED;
    if (store_referrals_synthetic_count(w) > 0) {
        store_write_rollback(w);
        return CLI_OK;
    }
    core_date today = core_date_shanghai(time(NULL));
    int64_t *needs = NULL;
    size_t nneeds = 0, made = 0;
    ws_err e = store_referrals_demo_needs(w, core_date_add_days(today, -OLDEST_DAYS), &needs, &nneeds);
    for (size_t i = 0; !e && i < nneeds; i += REFER_EVERY) {
        store_need_ref need;
        int64_t pid;
        int n = (int)(i / REFER_EVERY);
        e = store_need_get(w, "", needs[i], &need);
        if (!e) e = pick_provider(w, &need, n, &pid);
        if (!e) e = refer(w, &need, pid, &PLANS[made % NPLANS], today, n);
        if (!e)
            made++;
        else if (e == WS_ERR_NOTFOUND)
            e = WS_OK; /* nobody offers it there, or it is referred already */
    }
    /* the sweep the server runs: the long-unanswered ones expire */
    int64_t *expired = NULL;
    size_t nexpired = 0;
    store_ref_caller sys = {.side = CORE_REF_SIDE_SYSTEM, .name = "系统", .today = today};
    if (!e) e = store_referrals_expire(w, &sys, &expired, &nexpired);
    store_actor who = {0, "demo"};
    if (!e)
        e = store_audit_append(w, &who, "import", "referrals", "demo",
                               json_pack("{s:I, s:I}", "referrals", (json_int_t)made, "expired", (json_int_t)nexpired));
    e = store_write_finish(w, e);
    free(needs);
    free(expired);
    if (e) {
        fprintf(stderr, "waystation demo: writing the referrals failed (%s); none added\n", ws_err_name(e));
        return CLI_FAILED;
    }
    *added = made;
    return CLI_OK;
}
