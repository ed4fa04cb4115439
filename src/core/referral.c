/*
** referral.c: the referral state machine as one table, deadlines, lateness and escalation, and what a
** provider may see. Pure: no I/O.
*/
#include "referral.h"

#include <string.h>

static const char *const STATE_CODES[CORE_REF_STATE_COUNT] = {
    "draft", "sent", "accepted", "declined", "in_service", "delivered", "confirmed", "closed", "withdrawn", "expired"};
static const char *const STATE_ZH[CORE_REF_STATE_COUNT] = {"草稿",       "已发送", "已接受", "已拒绝", "服务中",
                                                           "已完成服务", "已确认", "已结案", "已撤回", "已过期"};
static const char *const ACTION_CODES[CORE_REF_ACTION_COUNT] = {"send",    "accept", "decline",  "start", "deliver",
                                                                "confirm", "close",  "withdraw", "expire"};

/* Who takes each action. */
static const core_ref_side SIDE[CORE_REF_ACTION_COUNT] = {
    [CORE_REF_SEND] = CORE_REF_SIDE_STATION,     [CORE_REF_ACCEPT] = CORE_REF_SIDE_PROVIDER,
    [CORE_REF_DECLINE] = CORE_REF_SIDE_PROVIDER, [CORE_REF_START] = CORE_REF_SIDE_PROVIDER,
    [CORE_REF_DELIVER] = CORE_REF_SIDE_PROVIDER, [CORE_REF_CONFIRM] = CORE_REF_SIDE_STATION,
    [CORE_REF_CLOSE] = CORE_REF_SIDE_STATION,    [CORE_REF_WITHDRAW] = CORE_REF_SIDE_STATION,
    [CORE_REF_EXPIRE] = CORE_REF_SIDE_SYSTEM,
};

/* Every allowed move: from a state, by an action, to a state. Anything not listed is refused. */
static const struct move {
    core_ref_state from;
    core_ref_action action;
    core_ref_state to;
} MOVES[] = {
    {CORE_REF_DRAFT, CORE_REF_SEND, CORE_REF_SENT},
    {CORE_REF_DRAFT, CORE_REF_WITHDRAW, CORE_REF_WITHDRAWN},
    {CORE_REF_SENT, CORE_REF_ACCEPT, CORE_REF_ACCEPTED},
    {CORE_REF_SENT, CORE_REF_DECLINE, CORE_REF_DECLINED},
    {CORE_REF_SENT, CORE_REF_WITHDRAW, CORE_REF_WITHDRAWN},
    {CORE_REF_SENT, CORE_REF_EXPIRE, CORE_REF_EXPIRED},
    /* a provider that finds it cannot serve after all says so before it starts */
    {CORE_REF_ACCEPTED, CORE_REF_DECLINE, CORE_REF_DECLINED},
    {CORE_REF_ACCEPTED, CORE_REF_START, CORE_REF_IN_SERVICE},
    {CORE_REF_ACCEPTED, CORE_REF_WITHDRAW, CORE_REF_WITHDRAWN},
    {CORE_REF_IN_SERVICE, CORE_REF_DELIVER, CORE_REF_DELIVERED},
    {CORE_REF_IN_SERVICE, CORE_REF_WITHDRAW, CORE_REF_WITHDRAWN},
    {CORE_REF_DELIVERED, CORE_REF_CONFIRM, CORE_REF_CONFIRMED},
    {CORE_REF_CONFIRMED, CORE_REF_CLOSE, CORE_REF_CLOSED},
    /* the station files away what ended without help, once it has sent the need elsewhere or let it go */
    {CORE_REF_DECLINED, CORE_REF_CLOSE, CORE_REF_CLOSED},
    {CORE_REF_EXPIRED, CORE_REF_CLOSE, CORE_REF_CLOSED},
};

const char *core_ref_state_code(core_ref_state s) { return (unsigned)s < CORE_REF_STATE_COUNT ? STATE_CODES[s] : ""; }

const char *core_ref_state_zh(core_ref_state s) { return (unsigned)s < CORE_REF_STATE_COUNT ? STATE_ZH[s] : ""; }

const char *core_ref_action_code(core_ref_action a) {
    return (unsigned)a < CORE_REF_ACTION_COUNT ? ACTION_CODES[a] : "";
}

/* The index of code in names[0..n), or -1. */
static int find_code(const char *const *names, int n, const char *code) {
    if (!code) return -1;
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], code) == 0) return i;
    return -1;
}

bool core_ref_state_parse(const char *code, core_ref_state *out) {
    int i = find_code(STATE_CODES, CORE_REF_STATE_COUNT, code);
    if (i < 0) return false;
    *out = (core_ref_state)i;
    return true;
}

bool core_ref_action_parse(const char *code, core_ref_action *out) {
    int i = find_code(ACTION_CODES, CORE_REF_ACTION_COUNT, code);
    if (i < 0) return false;
    *out = (core_ref_action)i;
    return true;
}

bool core_ref_state_open(core_ref_state s) {
    return s == CORE_REF_DRAFT || core_ref_state_load(s) || s == CORE_REF_DELIVERED;
}

bool core_ref_state_load(core_ref_state s) {
    return s == CORE_REF_SENT || s == CORE_REF_ACCEPTED || s == CORE_REF_IN_SERVICE;
}

core_ref_side core_ref_action_side(core_ref_action a) {
    return (unsigned)a < CORE_REF_ACTION_COUNT ? SIDE[a] : CORE_REF_SIDE_SYSTEM;
}

core_ref_verdict core_ref_check(core_ref_state from, core_ref_action a, core_ref_side side, core_ref_state *to) {
    if ((unsigned)a >= CORE_REF_ACTION_COUNT || SIDE[a] != side) return CORE_REF_WRONG_SIDE;
    for (size_t i = 0; i < sizeof MOVES / sizeof MOVES[0]; i++)
        if (MOVES[i].from == from && MOVES[i].action == a) {
            *to = MOVES[i].to;
            return CORE_REF_ALLOWED;
        }
    return CORE_REF_WRONG_STATE;
}

unsigned core_ref_allowed(core_ref_state s, core_ref_side side) {
    unsigned bits = 0;
    core_ref_state to;
    for (int a = 0; a < CORE_REF_ACTION_COUNT; a++)
        if (core_ref_check(s, (core_ref_action)a, side, &to) == CORE_REF_ALLOWED) bits |= 1u << a;
    return bits;
}

/* ---- deadlines and escalation ----------------------------------------------------------------------- */

static const char *const ESCALATION_CODES[] = {NULL, "town", "county", "city"};

const char *core_ref_escalation_code(core_ref_escalation e) {
    return (unsigned)e <= CORE_REF_ESC_CITY ? ESCALATION_CODES[e] : NULL;
}

bool core_ref_escalation_parse(const char *code, core_ref_escalation *out) {
    int i = find_code(ESCALATION_CODES + 1, CORE_REF_ESC_CITY, code);
    if (i < 0) return false;
    *out = (core_ref_escalation)(i + 1);
    return true;
}

core_date core_ref_respond_by(core_date sent, int respond_days) { return core_date_add_days(sent, respond_days); }

core_date core_ref_complete_by(core_date from, int complete_days) { return core_date_add_days(from, complete_days); }

int core_ref_days_late(core_ref_state s, core_date today, core_date respond_by, core_date complete_by) {
    long late;
    if (s == CORE_REF_SENT)
        late = core_date_days(today) - core_date_days(respond_by);
    else if (s == CORE_REF_ACCEPTED || s == CORE_REF_IN_SERVICE)
        late = core_date_days(today) - core_date_days(complete_by);
    else
        return 0;
    return late > 0 ? (int)late : 0;
}

core_ref_escalation core_ref_escalation_of(int days_late) {
    if (days_late <= 0) return CORE_REF_ESC_NONE;
    if (days_late < CORE_REF_ESCALATE_COUNTY_DAYS) return CORE_REF_ESC_TOWN;
    if (days_late < CORE_REF_ESCALATE_CITY_DAYS) return CORE_REF_ESC_COUNTY;
    return CORE_REF_ESC_CITY;
}

bool core_ref_expires(core_ref_state s, core_date today, core_date respond_by) {
    return s == CORE_REF_SENT && core_date_days(today) - core_date_days(respond_by) > CORE_REF_EXPIRE_DAYS;
}

/* ---- what a provider sees --------------------------------------------------------------------------- */

bool core_ref_item_at_home(const char *item_code) {
    static const char *const HOME[] = {"L1", "L4", "C1", "C2", "C3", "C4", "H1"};
    return find_code(HOME, (int)(sizeof HOME / sizeof HOME[0]), item_code) >= 0;
}

bool core_ref_provider_sees_household(core_ref_state s) { return core_ref_state_load(s) || s == CORE_REF_DELIVERED; }

bool core_ref_satisfaction_valid(long v) { return v >= CORE_REF_SATISFACTION_MIN && v <= CORE_REF_SATISFACTION_MAX; }

bool core_ref_minutes_valid(long v) { return v >= 1 && v <= CORE_REF_MINUTES_MAX; }
