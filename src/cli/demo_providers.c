/*
** demo_providers.c: the demo's resource directory: synthetic providers of every kind, city-wide ones, three
** in each county-level unit serving the whole county, and one in every other town serving that town, each
** offering several catalog items with a weekly schedule and a capacity. Between them every catalog item is
** offered in every town, so every stated need has suggestions, and nearness varies from town to town.
**
** Deterministic: the same divisions give the same providers, in the same order (so the same ids in a new
** database). Names follow what such bodies are called; the records are marked synthetic and say so.
*/
#include "cli.h"

#include "../core/provider.h"
#include "../store/audit.h"
#include "../store/divisions.h"
#include "../store/providers.h"

#include <stdio.h>
#include <string.h>

/* When a kind of provider is open. */
typedef enum hours { OFFICE, SHOP, WEEKEND } hours;

typedef struct template {
    core_provider_kind kind;
    const char *name; /* "%s": the division's name ("" for the city's); NULL for a person */
    const char *items[7];
    hours hours;
    int capacity;
} template;

static const template CITY[] = {
    {CORE_PK_MASS_ORG, "威海市总工会困难职工帮扶中心", {"L2", "R2", "S3"}, OFFICE, 40},
    {CORE_PK_MASS_ORG, "威海市红十字会", {"H3", "H4", "H5", "L2", "R2"}, OFFICE, 40},
    {CORE_PK_CHARITY, "威海市慈善总会", {"L2", "R2", "S2"}, OFFICE, 30},
    {CORE_PK_GOVERNMENT, "威海市公共就业和人才服务中心", {"S3", "R1"}, OFFICE, 30},
    {CORE_PK_UNIT, "威海市法律援助中心", {"R3", "R1"}, OFFICE, 25},
    {CORE_PK_MASS_ORG, "威海市残疾人联合会康复服务中心", {"H2", "H5", "C4", "H1"}, OFFICE, 20},
    {CORE_PK_SOCIAL_ORG, "威海市阳光社会工作服务中心", {"S1", "S4", "L4", "R1"}, OFFICE, 30},
    {CORE_PK_COMPANY, "威海颐家家政服务有限公司", {"L1", "L3", "C1", "C2", "C3", "H1"}, SHOP, 50},
};

static const template COUNTY[] = {
    {CORE_PK_MASS_ORG, "%s妇女联合会", {"S1", "S2", "L4", "R3"}, OFFICE, 15},
    {CORE_PK_SOCIAL_ORG, "%s助老服务中心", {"L1", "L3", "L4", "C1", "H1", "H3"}, SHOP, 20},
    {CORE_PK_VOLUNTEER_TEAM, "%s青年志愿者协会", {"L3", "L4", "S2", "S4"}, WEEKEND, 12},
};

static const template TOWN[] = {
    {CORE_PK_VOLUNTEER_TEAM, "%s邻里守望志愿服务队", {"L1", "L3", "L4", "C1"}, WEEKEND, 6},
    {CORE_PK_UNIT, "%s社区卫生服务中心", {"H2", "H3", "H4"}, OFFICE, 10},
    {CORE_PK_COMPANY, "%s爱心家政服务部", {"C1", "C2", "C3", "L1"}, SHOP, 8},
    {CORE_PK_SOCIAL_ORG, "%s社会工作服务站", {"S1", "S4", "L4", "R1"}, OFFICE, 8},
    {CORE_PK_GOVERNMENT, "%s便民服务中心", {"R1", "L3", "L2"}, OFFICE, 12},
    {CORE_PK_VOLUNTEER, NULL, {"L3", "L4", "S2"}, WEEKEND, 3}, /* a person: named in add_one */
    {CORE_PK_CHARITY, "%s慈善工作站", {"L2", "R2"}, OFFICE, 6},
};

static const char *const CONTACTS[] = {"王芳", "李军", "张桂英", "刘洋", "陈静", "杨帆", "赵敏", "孙丽",
                                       "周强", "吴霞", "郑伟", "于海燕", "丛培林", "谷秀兰"};

/* Adds the schedule lines of a kind of opening hours. */
static void add_hours(core_provider *p, hours h, core_fielderrs *errs) {
    int first = h == WEEKEND ? 6 : 1, last = h == OFFICE ? 5 : h == SHOP ? 6 : 7;
    const char *opens = h == OFFICE ? "08:30" : h == SHOP ? "08:00" : "09:00";
    const char *closes = h == OFFICE ? "17:00" : h == SHOP ? "18:00" : "11:30";
    for (int d = first; d <= last; d++) {
        char wd[2] = {(char)('0' + d), '\0'};
        core_provider_schedule_in in = {wd, opens, closes, h == WEEKEND ? "上门服务请提前预约" : ""};
        core_provider_add_schedule(p, &in, "schedules", errs);
    }
}

/* Writes one provider of template t belonging to division (named name) and serving area; n numbers it. */
static ws_err add_one(store_conn *w, const template *t, const char *division, const char *name, const char *area,
                      int n, int64_t *id) {
    char pname[256], phone[32], address[256], description[256], capacity[16];
    if (t->kind == CORE_PK_VOLUNTEER)
        snprintf(pname, sizeof pname, "%s（%s志愿者）", CONTACTS[n % 14], name);
    else snprintf(pname, sizeof pname, t->name, name);
    if (t->kind == CORE_PK_VOLUNTEER) snprintf(phone, sizeof phone, "1386315%04d", (n * 7919) % 10000);
    else snprintf(phone, sizeof phone, "0631-5%06d", (n * 104729) % 1000000);
    snprintf(address, sizeof address, "%s民生路%d号", *name ? name : "威海市", 10 + n % 90);
    snprintf(description, sizeof description, "演示数据，非真实机构信息。%s。", core_provider_kind_zh(t->kind));
    snprintf(capacity, sizeof capacity, "%d", t->capacity + n % 5);
    core_provider_in in = {.name = pname, .kind = core_provider_kind_code(t->kind), .division_code = division,
                           .description = description, .contact_name = CONTACTS[(n + 3) % 14], .phone = phone,
                           .address = address, .capacity_per_week = capacity};
    core_provider p = {0};
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    core_provider_validate(&in, &p, &errs);
    for (int i = 0; i < 7 && t->items[i]; i++) core_provider_add_item(&p, t->items[i], NULL, "items", &errs);
    core_provider_add_area(&p, area, "areas", &errs);
    add_hours(&p, t->hours, &errs);
    p.synthetic = true;
    /* the templates are fixed: an error here is a bug in them */
    ws_err e = errs.count ? WS_ERR_INTERNAL : store_provider_insert(w, &p, id);
    store_actor who = {0, "demo"};
    char idtext[24];
    snprintf(idtext, sizeof idtext, "%lld", (long long)*id);
    if (!e) e = store_audit_append(w, &who, "create", "provider", idtext, json_pack("{s:b}", "synthetic", 1));
    core_fielderrs_free(&errs);
    core_provider_clear(&p);
    return e;
}

int cli_demo_providers(store_db *db, size_t *added) {
    *added = 0;
    store_conn *c = store_read_acquire(db);
    bool have = store_providers_synthetic_count(c) > 0;
    json_t *counties = NULL, *towns = NULL;
    if (!have) {
        store_division_children(c, "", "3710", &counties);
        store_division_towns_named(c, "", &towns);
    }
    store_read_release(c);
    if (have) return CLI_OK;
    store_conn *w;
    ws_err e = store_write_begin(db, &w);
    if (e) {
        json_decref(counties);
        json_decref(towns);
        return CLI_FAILED;
    }
    int n = 0;
    int64_t id;
    for (size_t i = 0; i < sizeof CITY / sizeof CITY[0] && !e; i++, n++)
        e = add_one(w, &CITY[i], "3710", "", "3710", n, &id);
    size_t i;
    json_t *d;
    json_array_foreach(counties, i, d) {
        const char *code = json_string_value(json_object_get(d, "code"));
        const char *name = json_string_value(json_object_get(d, "name"));
        for (size_t k = 0; k < sizeof COUNTY / sizeof COUNTY[0] && !e; k++, n++)
            e = add_one(w, &COUNTY[k], code, name, code, n, &id);
    }
    json_array_foreach(towns, i, d) {
        if (i % 2 || e) continue; /* every other town: the rest are served from the county and the city */
        const char *code = json_string_value(json_object_get(d, "code"));
        e = add_one(w, &TOWN[(i / 2) % (sizeof TOWN / sizeof TOWN[0])], code,
                    json_string_value(json_object_get(d, "name")), code, n++, &id);
    }
    e = store_write_finish(w, e);
    json_decref(counties);
    json_decref(towns);
    if (e) {
        fprintf(stderr, "waystation demo: writing the providers failed (%s); none added\n", ws_err_name(e));
        return CLI_FAILED;
    }
    *added = (size_t)n;
    return CLI_OK;
}
