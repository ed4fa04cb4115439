/*
** provider.h: the resource directory's rules for one service provider (服务机构), with no storage.
**
** A provider is an organisation or a volunteer that delivers catalog service items: its kind, the
** division it belongs to (city, county, town or village: its level follows), contacts, the items it offers,
** the divisions it serves (a county or the city covers every town under it), a weekly schedule and a
** capacity in referrals per week. Validation takes raw text fields (as JSON or an HSDS row gives them) and
** yields a clean core_provider or field errors in Chinese and English. It checks form only: whether the
** divisions and catalog items exist is the store's question (store/providers.h).
*/
#ifndef WS_CORE_PROVIDER_H
#define WS_CORE_PROVIDER_H
#include "fielderr.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum core_provider_kind {
    CORE_PK_NONE = 0,
    CORE_PK_GOVERNMENT,     /* 政府部门 */
    CORE_PK_MASS_ORG,       /* 群团组织: trade union, women's federation, youth league, disabled persons' federation, Red Cross */
    CORE_PK_SOCIAL_ORG,     /* 社会组织 */
    CORE_PK_CHARITY,        /* 慈善组织 */
    CORE_PK_COMPANY,        /* 企业 */
    CORE_PK_UNIT,           /* 机关事业单位 */
    CORE_PK_VOLUNTEER_TEAM, /* 志愿服务队 */
    CORE_PK_VOLUNTEER,      /* 个人志愿者 */
    CORE_PK_COUNT
} core_provider_kind;

/* By API code ("mass_org") or Chinese label ("群团组织"), after trimming; NONE when unknown. */
core_provider_kind core_provider_kind_parse(const char *text);
const char *core_provider_kind_code(core_provider_kind k); /* "" for NONE */
const char *core_provider_kind_zh(core_provider_kind k);
const char *core_provider_kind_en(core_provider_kind k);

typedef enum core_provider_status {
    CORE_PS_NONE = 0,
    CORE_PS_ACTIVE, /* 服务中: takes referrals */
    CORE_PS_PAUSED, /* 暂停: kept in the directory, suggested to nobody */
    CORE_PS_CLOSED, /* 已关闭 */
    CORE_PS_COUNT
} core_provider_status;

core_provider_status core_provider_status_parse(const char *text); /* code or Chinese label */
const char *core_provider_status_code(core_provider_status s);
const char *core_provider_status_zh(core_provider_status s);

enum {
    CORE_PROVIDER_NAME_MAX = 100,     /* code points */
    CORE_PROVIDER_TEXT_MAX = 1000,    /* description */
    CORE_PROVIDER_CONTACT_MAX = 200,  /* contact name, email, website, address */
    CORE_PROVIDER_NOTE_MAX = 100,     /* a schedule line's note */
    CORE_PROVIDER_ITEMS_MAX = 100,
    CORE_PROVIDER_AREAS_MAX = 100,
    CORE_PROVIDER_SCHEDULES_MAX = 50,
    CORE_PROVIDER_CAPACITY_MAX = 100000,
    CORE_PROVIDER_ITEM_CODE_MAX = 7,  /* "L1", or an administrator's code of up to 7 letters and digits */
};

/* One service item offered, with its own description; hsds_id is the identifier an HSDS import brought. */
typedef struct core_provider_item {
    char code[CORE_PROVIDER_ITEM_CODE_MAX + 1];
    char *description; /* owned; "" when none */
    char *hsds_id;     /* owned; NULL when none */
    bool active;
} core_provider_item;

/* One weekly opening: weekday 1 (Monday) .. 7 (Sunday), "HH:MM" to "HH:MM" (closes after it opens). */
typedef struct core_provider_schedule {
    int weekday;
    char opens_at[6], closes_at[6];
    char *note; /* owned; "" when none */
} core_provider_schedule;

/* A validated provider. Strings and arrays are owned: free with core_provider_clear. */
typedef struct core_provider {
    char *name;
    core_provider_kind kind;
    char division_code[13]; /* 4, 6, 9 or 12 digits */
    char *description, *contact_name, *email, *website, *address; /* "" when none */
    char phone[32];         /* normalised as core_phone_parse writes it; "" when none */
    int capacity_per_week;  /* referrals it can take on per week, 0..CORE_PROVIDER_CAPACITY_MAX */
    core_provider_status status;
    core_provider_item *items;
    size_t nitems;
    char (*areas)[13];      /* division codes, no two alike */
    size_t nareas;
    core_provider_schedule *schedules;
    size_t nschedules;
    bool synthetic;         /* made by the demo */
    char *hsds_id;          /* NULL when none */
} core_provider;

/* Raw text of a provider's own fields; any pointer may be NULL (absent). Not owned. */
typedef struct core_provider_in {
    const char *name, *kind, *division_code, *description, *contact_name, *phone, *email, *website, *address;
    const char *capacity_per_week, *status;
} core_provider_in;

/* Raw text of one schedule line. */
typedef struct core_provider_schedule_in {
    const char *weekday, *opens_at, *closes_at, *note;
} core_provider_schedule_in;

/*
** Validates the provider's own fields into out (lists untouched); name, kind and division_code are required,
** status defaults to active and capacity to 0. Appends errors named by the API's field names ("phone",
** "capacity_per_week"). Returns true when valid; out's fields are set only then.
*/
bool core_provider_validate(const core_provider_in *in, core_provider *out, core_fielderrs *errs);

/*
** Appends one item code to p (a well-formed code, not offered twice; errors at prefix, e.g. "items[2]").
** description may be NULL. Returns true when added.
*/
bool core_provider_add_item(core_provider *p, const char *code, const char *description, const char *prefix,
                            core_fielderrs *errs);
/* Appends one service area (a 4, 6, 9 or 12-digit code, not twice); errors at prefix ("areas[0]"). */
bool core_provider_add_area(core_provider *p, const char *code, const char *prefix, core_fielderrs *errs);
/* Appends one schedule line; errors at prefix + field ("schedules[1].closes_at"). */
bool core_provider_add_schedule(core_provider *p, const core_provider_schedule_in *in, const char *prefix,
                                core_fielderrs *errs);

/* Frees p's lists (keeps its own fields). */
void core_provider_clear_items(core_provider *p);
void core_provider_clear_areas(core_provider *p);
void core_provider_clear_schedules(core_provider *p);
void core_provider_clear(core_provider *p); /* everything; p is zeroed */

/*
** True when the catalog item code is well formed: 1..CORE_PROVIDER_ITEM_CODE_MAX ASCII letters and digits,
** starting with an upper-case letter ("L1", "H5", "X12").
*/
bool core_service_code_valid(const char *code);

#endif
