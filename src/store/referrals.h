/*
** referrals.h: referrals (转介) in SQL: their creation from a stated need or directly, the household's
** consent, every transition with its timeline (referral_events), the provider's service records, the
** household's confirmation and rating, and the expiry of referrals nobody answered.
**
** The rules (which state, which side, which deadline) are core/referral.h's; this file applies them
** inside the caller's write transaction and keeps the provider's open_load (referrals sent, accepted or in
** service) and its rating (rating_sum, rating_count: confirmed outcomes only) in step in that same
** transaction, so the figures never disagree with the referrals.
**
** Who sees what (store_ref_caller): the station side sees the referrals of the towns under its scope
** (an auditor reads as the station side of the city); the provider side sees only referrals for its own
** provider, and only once sent (never a draft). Anything else is WS_ERR_NOTFOUND, exactly as an id that
** does not exist. The provider sees of the household only what the service needs, while it serves it and
** the consent stands (core_ref_provider_sees_household): the head's name, masked ID and phone, the
** address for a home service, the need and its note; never the assessment's answers.
**
** Functions taking w run inside a write transaction (db.h) and do not audit; the caller does. Those taking
** errs also count the field errors already in it (the caller's reading of the request) once the referral is
** found and the action allowed, and name each field at most once.
*/
#ifndef WS_STORE_REFERRALS_H
#define WS_STORE_REFERRALS_H
#include "../core/fielderr.h"
#include "../core/hindex.h"
#include "../core/referral.h"
#include "db.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* Who acts or reads. Strings are borrowed for the call. */
typedef struct store_ref_caller {
    core_ref_side side;
    bool read_only;      /* an auditor: sees as the station side, takes no action ("allowed" is empty) */
    const char *scope;   /* station side: the caller's division code ("3710" for the city, an auditor) */
    int64_t provider_id; /* provider side: the caller's provider */
    int64_t user_id;     /* 0 for the system and the demo */
    const char *name;    /* shown in the timeline: the user's display name, or "系统" */
    core_date today;     /* in Asia/Shanghai: deadlines, lateness */
    const char *at;      /* the instant recorded ("yyyy-mm-ddThh:mm:ssZ"); NULL: now. The demo dates its
                          ** timelines with it. */
} store_ref_caller;

/* ---- creating ------------------------------------------------------------------------------------- */

typedef struct store_ref_new {
    int64_t need_id;       /* a need of the household's current assessment; 0 for a direct referral */
    int64_t household_id;  /* direct only: an open household within the caller's scope */
    const char *item_code; /* direct only: a catalog item */
    bool has_urgency;      /* urgency given: it overrides the need's */
    core_urgency urgency;  /* a direct referral's (routine when not given) */
    int64_t provider_id;
    const char *note; /* NULL or "" for none */
    bool synthetic;   /* made by the demo */
} store_ref_new;

/*
** Creates a draft referral on the station side. The household is the need's (its current assessment's:
** a need of an older or draft assessment is a field error need_id/need_not_current) or the one named.
** WS_ERR_NOTFOUND when the need or household does not exist or lies outside the caller's scope;
** WS_ERR_INVALID with field errors (provider_id: unknown_provider, provider_inactive, item_not_offered;
** item_code: unknown_service; household_id, need_id: required when neither is given);
** WS_ERR_CONFLICT when an open referral of the same household for the same item and provider exists (so
** also for the same need), its id in *existing. On success *id is the new referral's.
*/
ws_err store_referral_create(store_conn *w, const store_ref_caller *caller, const store_ref_new *in,
                             core_fielderrs *errs, int64_t *id, int64_t *existing);

/* ---- consent ------------------------------------------------------------------------------------------ */

typedef struct store_consent_in {
    const char *given_by; /* the name of an active member of the household */
    const char *method;   /* "signed", "verbal" or "phone" */
    const char *purpose;  /* NULL or "": "转介：<item name>" */
} store_consent_in;

/* True for "signed", "verbal", "phone". */
bool store_consent_method_valid(const char *method);

/*
** Records the household's consent to share with the referral's provider for this referral (station side,
** draft only) and links it to the referral; a second consent replaces the first, which is marked
** withdrawn. WS_ERR_NOTFOUND outside scope; WS_ERR_CONFLICT when the referral is no longer a draft;
** WS_ERR_INVALID with field errors (given_by: not_a_member, required; method: bad_method).
*/
ws_err store_referral_consent(store_conn *w, const store_ref_caller *caller, int64_t id, const store_consent_in *in,
                              core_fielderrs *errs);

/*
** The household withdraws its consent (station side): the consent is marked withdrawn, and a referral
** that can still be withdrawn (draft, sent, accepted, in service) is withdrawn in the same transaction with
** the reason "consent withdrawn"; from then on the provider sees nothing of the household.
** WS_ERR_NOTFOUND outside scope or when there is no standing consent.
*/
ws_err store_referral_consent_withdraw(store_conn *w, const store_ref_caller *caller, int64_t id);

/* ---- transitions ---------------------------------------------------------------------------------- */

/* What an action carries. Fields an action does not use are ignored. */
typedef struct store_ref_act_in {
    const char *reason; /* decline, withdraw: required; others: optional. NULL or "" for none */
    /* deliver: the service record */
    bool has_record;
    core_date served_on; /* not in the future, not before the referral was sent */
    long minutes;        /* core_ref_minutes_valid */
    const char *what;    /* what was done: required */
    /* confirm */
    int satisfaction;    /* 1..5; 0: not given */
    const char *comment; /* NULL or "" for none */
} store_ref_act_in;

/*
** Takes action a on referral id: checks that the caller sees it (else WS_ERR_NOTFOUND), that its side
** takes a (else WS_ERR_FORBIDDEN), that the state allows it (else WS_ERR_CONFLICT with the current state
** in *state), and what it carries (else WS_ERR_INVALID with field errors: reason/reason_required,
** served_on, minutes, what, satisfaction; send without a standing consent: consent/consent_required).
** Then writes the new state, a referral_events row (who, when, why), the service record (deliver), the
** deadlines (send: respond_by and complete_by; accept: complete_by from the day accepted), the
** satisfaction and comment (confirm), the provider's open_load and rating. *state is the new state on
** success. CORE_REF_EXPIRE is the system's: use store_referrals_expire.
*/
ws_err store_referral_act(store_conn *w, const store_ref_caller *caller, int64_t id, core_ref_action a,
                          const store_ref_act_in *in, core_fielderrs *errs, core_ref_state *state);

/*
** Expires every sent referral unanswered for more than CORE_REF_EXPIRE_DAYS past its respond_by
** (core_ref_expires), each with a timeline entry by the system and its provider's open_load brought down.
** caller is the system (side CORE_REF_SIDE_SYSTEM; its today decides). *ids is a new array of the
** referrals expired (free(); NULL when none), *n their count.
*/
ws_err store_referrals_expire(store_conn *w, const store_ref_caller *caller, int64_t **ids, size_t *n);

/* ---- reading --------------------------------------------------------------------------------------- */

/*
** One referral as the API answers it (docs/api.md, "Referrals"), with its timeline ("events", oldest
** first), service records ("records") and the actions the caller's side may take now ("allowed"). *out is
** new. *personal (may be NULL) says whether the answer holds the household's contact details, which the
** caller audits. WS_ERR_NOTFOUND when the caller does not see it.
*/
ws_err store_referral_get(store_conn *c, const store_ref_caller *caller, int64_t id, json_t **out, bool *personal);

typedef struct store_ref_filter {
    const char *division; /* NULL: anywhere the caller sees; else a division code (prefix match on the town) */
    unsigned states;      /* bit set of (1u << core_ref_state); 0: any */
    int64_t provider_id;  /* 0: any */
    int64_t household_id; /* 0: any */
    int64_t need_id;      /* 0: any */
    int overdue;          /* -1 any, 1 overdue only, 0 not overdue */
    core_ref_escalation escalation; /* CORE_REF_ESC_NONE: any; else escalated to this level or higher */
    bool most_late_first; /* order by lateness (the earliest deadline of a late state first), not newest first */
    int64_t limit, offset;
} store_ref_filter;

/*
** The referrals the caller sees that match f, newest first (by id) or most late first, as list items (the referral's fields
** without the household's contact details, timeline and records); *items is new, *total counts every
** match.
*/
ws_err store_referrals_list(store_conn *c, const store_ref_caller *caller, const store_ref_filter *f, json_t **items,
                            int64_t *total);

/*
** Counts for a dashboard over the towns under division (within the caller's scope; WS_ERR_NOTFOUND
** outside it): by state, open and overdue by town, overdue by escalation level, and the 50 most overdue
** referrals. *out is new (docs/api.md, "GET /api/v1/referrals/summary").
*/
ws_err store_referrals_summary(store_conn *c, const store_ref_caller *caller, const char *division, json_t **out);

/* How many referrals are synthetic (made by the demo). */
int64_t store_referrals_synthetic_count(store_conn *c);
/*
** The stated needs of synthetic households' current assessments made on or before `by` that no referral
** names yet, in id order (the demo refers some of them). *ids is new (free()).
*/
ws_err store_referrals_demo_needs(store_conn *c, core_date by, int64_t **ids, size_t *n);

#endif
