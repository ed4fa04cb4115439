/*
** referral.h: the life of a referral (转介) as pure rules: its states, the actions that move it, which
** side may take each action, its deadlines and how late it is, and what a provider may see of it.
**
**   draft --send--> sent --accept--> accepted --start--> in_service --deliver--> delivered
**                     \--decline--> declined      (accepted --decline--> declined too)
**   delivered --confirm--> confirmed --close--> closed
**   draft, sent, accepted, in_service --withdraw--> withdrawn
**   declined, expired --close--> closed           (the station files them away)
**   sent --expire--> expired                      (the system, CORE_REF_EXPIRE_DAYS after respond_by)
**
** Nothing else moves: no skipping, no going back. A declined need goes to another provider by a new
** referral. The transitions are one table (referral.c), so the rules are read in one place and tested
** exhaustively. The station side (city administrator, county officer, station worker of the household's
** town) sends, withdraws, confirms and closes; the provider side (staff of the provider the referral is
** for) accepts, declines, starts and delivers; only the system expires.
**
** Pure: no I/O, no SQL. Dates are civil dates in Asia/Shanghai (date.h); the caller passes today.
*/
#ifndef WS_CORE_REFERRAL_H
#define WS_CORE_REFERRAL_H
#include "date.h"

#include <stdbool.h>

typedef enum core_ref_state {
    CORE_REF_DRAFT = 0,  /* 草稿: made by the station, not yet shared with anyone */
    CORE_REF_SENT,       /* 已发送: the provider sees it and must answer by respond_by */
    CORE_REF_ACCEPTED,   /* 已接受 */
    CORE_REF_DECLINED,   /* 已拒绝: with the provider's reason */
    CORE_REF_IN_SERVICE, /* 服务中 */
    CORE_REF_DELIVERED,  /* 已完成服务: the provider's service record is in; the household has to confirm */
    CORE_REF_CONFIRMED,  /* 已确认: the household confirmed and rated the help (recorded by the station) */
    CORE_REF_CLOSED,     /* 已结案 */
    CORE_REF_WITHDRAWN,  /* 已撤回 */
    CORE_REF_EXPIRED,    /* 已过期: sent and never answered */
    CORE_REF_STATE_COUNT
} core_ref_state;

typedef enum core_ref_action {
    CORE_REF_SEND = 0,
    CORE_REF_ACCEPT,
    CORE_REF_DECLINE,
    CORE_REF_START,
    CORE_REF_DELIVER,
    CORE_REF_CONFIRM,
    CORE_REF_CLOSE,
    CORE_REF_WITHDRAW,
    CORE_REF_EXPIRE,
    CORE_REF_ACTION_COUNT
} core_ref_action;

typedef enum core_ref_side {
    CORE_REF_SIDE_STATION = 0, /* the household's station and the county and city above it */
    CORE_REF_SIDE_PROVIDER,    /* staff of the provider the referral is for */
    CORE_REF_SIDE_SYSTEM,      /* the server itself (expiry) */
    CORE_REF_SIDE_COUNT
} core_ref_side;

/* Codes as the API writes them ("in_service", "withdraw"); Chinese labels for states. All static. */
const char *core_ref_state_code(core_ref_state s);
const char *core_ref_state_zh(core_ref_state s);
const char *core_ref_action_code(core_ref_action a);
/* Parse a code; false (out untouched) for anything else. */
bool core_ref_state_parse(const char *code, core_ref_state *out);
bool core_ref_action_parse(const char *code, core_ref_action *out);

/* Open: draft, sent, accepted, in_service or delivered. One need has at most one open referral per
** provider (the store's unique index says the same). */
bool core_ref_state_open(core_ref_state s);
/* Load: sent, accepted or in_service, the referrals counted in a provider's open_load. */
bool core_ref_state_load(core_ref_state s);

/* The side that takes action a. */
core_ref_side core_ref_action_side(core_ref_action a);

typedef enum core_ref_verdict {
    CORE_REF_ALLOWED = 0,
    CORE_REF_WRONG_SIDE, /* this side never takes this action: 403 */
    CORE_REF_WRONG_STATE /* not from the current state: 409 */
} core_ref_verdict;

/*
** Whether side may take action a on a referral in state from, and where it leads (*to, set only when
** allowed). The side is judged first: a provider asking to send is WRONG_SIDE whatever the state.
*/
core_ref_verdict core_ref_check(core_ref_state from, core_ref_action a, core_ref_side side, core_ref_state *to);

/* The actions side may take now from state s, as a bit set (1u << action). */
unsigned core_ref_allowed(core_ref_state s, core_ref_side side);

/* ---- deadlines and escalation ----------------------------------------------------------------------- */

enum {
    CORE_REF_ESCALATE_COUNTY_DAYS = 4, /* this many days late or more: the county sees it as its own */
    CORE_REF_ESCALATE_CITY_DAYS = 8,   /* and from here on the city */
    CORE_REF_EXPIRE_DAYS = 30          /* a sent referral unanswered this many days past respond_by expires */
};

typedef enum core_ref_escalation {
    CORE_REF_ESC_NONE = 0, /* not overdue */
    CORE_REF_ESC_TOWN,     /* 1 to 3 days late: the town's station follows it up */
    CORE_REF_ESC_COUNTY,   /* 4 to 7 days late */
    CORE_REF_ESC_CITY      /* 8 days late or more */
} core_ref_escalation;

const char *core_ref_escalation_code(core_ref_escalation e); /* NULL for NONE, else "town", "county", "city" */
bool core_ref_escalation_parse(const char *code, core_ref_escalation *out); /* "town", "county", "city" */

/* respond_by: the date sent plus the item's respond_days. */
core_date core_ref_respond_by(core_date sent, int respond_days);
/* complete_by: the date accepted plus the item's complete_days (at sending, the date sent plus them, until
** the provider accepts). */
core_date core_ref_complete_by(core_date from, int complete_days);

/*
** Days late on today (0 when not overdue): a sent referral is late after respond_by, an accepted or
** in-service one after complete_by; others are never late (delivered waits for the household, not the
** provider). A deadline is met on its own day.
*/
int core_ref_days_late(core_ref_state s, core_date today, core_date respond_by, core_date complete_by);
core_ref_escalation core_ref_escalation_of(int days_late);
/* True when a sent referral has gone unanswered long enough to expire (more than CORE_REF_EXPIRE_DAYS
** days past respond_by). */
bool core_ref_expires(core_ref_state s, core_date today, core_date respond_by);

/* ---- what a provider sees --------------------------------------------------------------------------- */

/*
** Home services (delivered at the household's home: meals delivered, visits, cleaning, bathing,
** laundry, home retrofit, personal care): the provider sees the address only for these. Items the
** catalog gains later are not home services until this list names them.
*/
bool core_ref_item_at_home(const char *item_code);

/* The provider sees the household's contact details (head's name, masked ID, phone, and the address of a
** home service) only while it serves the referral: sent, accepted, in_service or delivered. */
bool core_ref_provider_sees_household(core_ref_state s);

/* ---- limits on what the actions carry --------------------------------------------------------------- */

enum {
    CORE_REF_SATISFACTION_MIN = 1,
    CORE_REF_SATISFACTION_MAX = 5,
    CORE_REF_MINUTES_MAX = 14 * 24 * 60 /* one service record: at most two weeks of work */
};

/* True for 1..5. */
bool core_ref_satisfaction_valid(long v);
/* True for 1..CORE_REF_MINUTES_MAX. */
bool core_ref_minutes_valid(long v);

#endif
