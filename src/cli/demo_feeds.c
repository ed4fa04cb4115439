/*
** demo_feeds.c: the demo's monitoring records: records of every kind over the demo towns, most about the
** heads of synthetic households (so that the alert rules raise alerts and visit tasks), some about ID
** numbers nobody registered (leads for their towns).
**
** They go through the real import (io/feed_import.h) as the city, so matching, leads and alerts come out as
** a department's file makes them; importing them again changes nothing, so the demo can run twice.
** Deterministic for a database: households in list order, one in RECORD_EVERY, kinds in turn, days spread
** over the two months before the demo runs. The unregistered numbers use region 371001, which the demo's
** households never have. Records are imported as if the feeds had come over the last BACKLOG_DAYS days (the older
** ones in a backlog on the first of them), so due dates count from then and some open tasks are overdue.
**
** Then, when the import raised alerts (not on a second run), the town's station account works a share of
** them through the store's own functions (store/visits.h, store/alerts.h), as the API does and with its
** audit: VISIT_PERCENT of the alerts get a visit 0-6 days after the alert's signal day (never after today),
** with findings and a next step that fit the cause, and most of those are closed with the matching
** outcome (a reassessment visit starts a draft assessment, as it does in the app); the rest stay open.
*/
#include "cli.h"

#include "../core/idnum.h"
#include "../io/feed_import.h"
#include "../store/alerts.h"
#include "../store/audit.h"
#include "../store/households.h"
#include "../store/users.h"
#include "../store/visits.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { RECORD_EVERY = 4, MAX_HOUSEHOLDS = 2000, LEADS_PER_KIND = 3, BACKLOG_DAYS = 8, VISIT_PERCENT = 40 };

/* The kinds in turn, with the sending department and an amount in yuan (0: none). */
static const struct {
    const char *kind, *source;
    int amount;
} KINDS[] = {
    {"medical_cost", "YBJ", 36000},           {"hospital_admission", "YBJ", 0},
    {"disability_certificate", "CLW", 0},     {"death", "MZJ", 0},
    {"job_loss", "RSJ", 0},                   {"income_drop", "DBJC", 1200},
    {"utility_arrears", "SWGS", 860},         {"school_dropout", "JYJ", 0},
    {"disaster_damage", "YJJ", 52000},
};
enum { NKINDS = sizeof KINDS / sizeof KINDS[0] };

/* One record of kind k about number, in town, n days before today. */
static json_t *record(int k, const char *record_id, const char *number, const char *name, const char *town,
                      core_date today, int n) {
    char day[11];
    core_date_format(core_date_add_days(today, -n), day);
    json_t *r = json_pack("{ss ss ss ss ss ss ss}", "source", KINDS[k].source, "record_id", record_id, "kind",
                          KINDS[k].kind, "id_number", number, "name", name, "occurred_on", day, "town_code", town);
    if (KINDS[k].amount) json_object_set_new(r, "amount", json_integer(KINDS[k].amount + n * 10));
    if (strcmp(KINDS[k].kind, "utility_arrears") == 0) json_object_set_new(r, "disconnected", json_boolean(n % 2));
    return r;
}

/* Records about the heads of one household in RECORD_EVERY of the synthetic ones. */
static ws_err household_records(store_conn *c, json_t *records, core_date today) {
    store_household_query q = {.scope = "3710", .limit = MAX_HOUSEHOLDS};
    json_t *items;
    int64_t total;
    ws_err e = store_households_list(c, &q, &items, &total);
    if (e) return e;
    size_t i;
    json_t *h;
    int k = 0;
    json_array_foreach(items, i, h) {
        if (i % RECORD_EVERY) continue;
        int64_t hid = json_integer_value(json_object_get(h, "id"));
        core_member *ms;
        int64_t *ids;
        size_t n;
        if (store_members_load(c, hid, &ms, &ids, &n) != WS_OK) continue;
        if (n && ms[0].has_id) {
            char rid[40];
            snprintf(rid, sizeof rid, "DEMO-%lld", (long long)hid);
            json_array_append_new(records, record(k % NKINDS, rid, ms[0].id.number, ms[0].name,
                                                  json_string_value(json_object_get(h, "town_code")), today,
                                                  (int)(hid % 60)));
            k++;
        }
        store_members_free(ms, ids, n);
    }
    json_decref(items);
    return WS_OK;
}

/* Records about people nobody registered, in the towns of the first households: leads. */
static void lead_records(json_t *records, core_date today) {
    size_t n = json_array_size(records);
    for (int k = 0; k < NKINDS && n; k++)
        for (int j = 0; j < LEADS_PER_KIND; j++) {
            int seq = k * LEADS_PER_KIND + j;
            char number[19], rid[32], name[32];
            snprintf(number, sizeof number, "371001%04d%02d%02d%03d", 1950 + seq, 1 + seq % 12, 1 + seq % 28, 100 + seq);
            number[17] = core_idnum_check_char(number);
            number[18] = '\0';
            snprintf(rid, sizeof rid, "DEMO-LEAD-%d", seq);
            snprintf(name, sizeof name, "线索%d号", seq + 1);
            const char *town = json_string_value(json_object_get(json_array_get(records, (size_t)seq % n), "town_code"));
            json_array_append_new(records, record(k, rid, number, name, town, today, 3 + seq));
        }
}

/* ---- visits and closings -------------------------------------------------------------------------- */

/* What a station finds and does, by plan: visit type, next step, outcome to close with (NULL: left open). */
typedef struct visit_plan {
    const char *type, *next_step, *outcome, *findings_tail, *note;
} visit_plan;

static const visit_plan PLANS[] = {
    {"home", "reassess", "reassessed", "家庭收支变化较大，现有评估已不能反映实际困难，需重新评估。",
     "已入户走访并重新评估。"},
    {"home", "none", "no_need", "家庭已有稳定收入来源，亲属能够照料，暂无救助需求。", "经走访核实，暂无救助需求。"},
    {"phone", "refer", "referred", "家庭有照护和就医方面的需要，已联系相关服务机构。", "已转介服务机构跟进。"},
    {"home", "apply_policy", "policy_applied", "家庭符合临时救助条件，已协助提交申请材料。", "已协助申请临时救助。"},
    {"station", "reassess", "reassessed", "户主到驿站说明情况，家庭负担明显加重，需重新评估。",
     "已重新评估，持续关注。"},
    {"phone", "moved_away", "moved_away", "经电话联系及邻居确认，该户已举家迁往外地居住。", "该户已迁出本地。"},
    {"home", "refer", NULL, "家中老人需要长期照护，已联系服务机构，待机构回复后再定。", NULL},
    {"home", "none", "no_need", "情况已缓解，家属表示可以自行解决，告知有困难随时联系驿站。",
     "情况已缓解，无需救助。"},
};
enum { NPLANS = sizeof PLANS / sizeof PLANS[0] };

/* What the visitor found first, by cause. */
static const char *cause_finding(const char *cause) {
    static const struct {
        const char *cause, *zh;
    } F[] = {
        {"medical_cost", "核实大额医疗自付费用属实，户主仍需定期复查。"},
        {"hospital_admission", "家庭成员近期住院，出院后需人照料。"},
        {"disability_certificate", "家庭成员新办残疾证，日常生活需要协助。"},
        {"death", "家庭成员去世，家中劳动力减少。"},
        {"job_loss", "户主失业，正在寻找工作，收入中断。"},
        {"income_drop", "家庭月收入明显下降，生活开支吃紧。"},
        {"utility_arrears", "家中水电费欠缴，已与供水供电单位沟通。"},
        {"school_dropout", "孩子已辍学在家，家长希望能复学。"},
        {"disaster_damage", "房屋及财产受灾受损，部分生活用品需要补充。"},
    };
    for (size_t i = 0; i < sizeof F / sizeof F[0]; i++)
        if (strcmp(F[i].cause, cause) == 0) return F[i].zh;
    return "已入户了解家庭近况。";
}

/* A small deterministic hash of an alert's id: which alerts are worked, and how. */
static uint32_t mix(int64_t id) {
    uint32_t x = (uint32_t)id * 2654435761u;
    x ^= x >> 15;
    x *= 2246822519u;
    x ^= x >> 13;
    return x;
}

/* One alert worked by its town's station account: a visit, and the closing its plan says. */
static ws_err work_alert(store_conn *w, const json_t *a, const store_user *u, core_date today, bool *closed) {
    *closed = false;
    int64_t id = json_integer_value(json_object_get(a, "id"));
    uint32_t h = mix(id);
    const visit_plan *p = &PLANS[(h >> 8) % NPLANS];
    core_date signal = today;
    core_date_parse(json_string_value(json_object_get(a, "first_signal_on")), &signal);
    core_date on = core_date_add_days(signal, (long)((h >> 16) % 7));
    if (core_date_days(on) > core_date_days(today)) on = today;
    char findings[600];
    snprintf(findings, sizeof findings, "%s%s", cause_finding(json_string_value(json_object_get(a, "cause"))),
             p->findings_tail);
    store_visit_new v = {.household_id = json_integer_value(json_object_get(a, "household_id")),
                         .task_id = json_integer_value(json_object_get(json_object_get(a, "task"), "id")),
                         .visited_on = on,
                         .visit_type = p->type,
                         .findings = findings,
                         .next_step = p->next_step,
                         .visitor_id = u->id,
                         .visitor_name = u->display_name};
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    int64_t vid = 0;
    store_actor who = {u->id, u->username};
    ws_err e = store_visit_create(w, u->division_code, &v, &errs, &vid);
    core_fielderrs_free(&errs);
    if (!e) {
        char text[24];
        snprintf(text, sizeof text, "%lld", (long long)vid);
        e = store_audit_append(w, &who, "create", "visit", text,
                               json_pack("{s:I, s:s}", "household_id", (json_int_t)v.household_id, "next_step",
                                         v.next_step));
    }
    if (!e && p->outcome) {
        e = store_alert_close(w, u->division_code, id, p->outcome, p->note, u->id);
        char text[24];
        snprintf(text, sizeof text, "%lld", (long long)id);
        if (!e)
            e = store_audit_append(w, &who, "close", "alert", text,
                                   json_pack("{s:s, s:s}", "outcome", p->outcome, "note", p->note));
        *closed = !e;
    }
    return e;
}

/* VISIT_PERCENT of the open synthetic alerts with an open task, each by its town's station account. */
static ws_err work_alerts(store_db *db, core_date today, size_t *visited, size_t *closed) {
    *visited = *closed = 0;
    store_alert_query q = {.scope = "", .state = "open", .today = today, .limit = 1000000};
    json_t *items = NULL;
    int64_t total;
    store_conn *c = store_read_acquire(db);
    ws_err e = store_alerts_list(c, &q, &items, &total);
    store_read_release(c);
    if (e) return e;
    store_conn *w;
    if ((e = store_write_begin(db, &w)) != WS_OK) {
        json_decref(items);
        return e;
    }
    size_t i;
    json_t *a;
    store_user u = {0};
    json_array_foreach(items, i, a) {
        json_t *task = json_object_get(a, "task");
        if (!json_is_true(json_object_get(a, "synthetic")) || !json_is_object(task) ||
            strcmp(json_string_value(json_object_get(task, "state")), "open") != 0)
            continue;
        if (mix(json_integer_value(json_object_get(a, "id"))) % 100 >= VISIT_PERCENT) continue;
        char name[64];
        snprintf(name, sizeof name, "station-%s", json_string_value(json_object_get(a, "town_code")));
        if (strcmp(u.username, name) != 0 && store_user_by_name(w, name, &u, NULL, 0) != WS_OK) {
            u.username[0] = '\0';
            continue; /* no station account for that town: left for the work list */
        }
        bool done;
        if ((e = work_alert(w, a, &u, today, &done)) != WS_OK) break;
        (*visited)++;
        *closed += done;
    }
    e = store_write_finish(w, e);
    json_decref(items);
    return e;
}

int cli_demo_feeds(store_db *db, size_t *raised) {
    *raised = 0;
    core_date today = core_date_shanghai(time(NULL));
    json_t *records = json_array();
    store_conn *c = store_read_acquire(db);
    ws_err e = household_records(c, records, today);
    store_read_release(c);
    if (e == WS_OK) lead_records(records, today);
    /* day by day as the feeds would have come: the older records in one backlog BACKLOG_DAYS ago, then each
    ** day's on its day */
    for (long ago = BACKLOG_DAYS; e == WS_OK && ago >= 0; ago--) {
        core_date day = core_date_add_days(today, -ago);
        json_t *batch = json_array();
        size_t i;
        json_t *r;
        json_array_foreach(records, i, r) {
            core_date on = today;
            core_date_parse(json_string_value(json_object_get(r, "occurred_on")), &on);
            long back = core_date_days(today) - core_date_days(on);
            if (back == ago || (ago == BACKLOG_DAYS && back > ago)) json_array_append(batch, r);
        }
        if (json_array_size(batch) == 0) {
            json_decref(batch);
            continue;
        }
        json_t *doc = json_pack("{so}", "records", batch); /* takes batch */
        char *text = json_dumps(doc, JSON_COMPACT);
        json_decref(doc);
        io_import_options opt = {.scope = "", .actor = {0, "demo"}, .today = day};
        json_t *report = NULL;
        e = text ? io_import_feeds(db, &opt, IO_FEED_JSON, text, strlen(text), &report) : WS_ERR_INTERNAL;
        *raised += (size_t)json_integer_value(json_object_get(json_object_get(report, "alerts"), "raised"));
        json_decref(report);
        free(text);
    }
    json_decref(records);
    if (e != WS_OK) {
        fprintf(stderr, "waystation: the demo's monitoring records were not imported (%s)\n", ws_err_name(e));
        return CLI_FAILED;
    }
    if (*raised == 0) return CLI_OK; /* a second run: the alerts were worked the first time */
    size_t visited, closed;
    e = work_alerts(db, today, &visited, &closed);
    if (e != WS_OK) {
        fprintf(stderr, "waystation: the demo's visits were not recorded (%s)\n", ws_err_name(e));
        return CLI_FAILED;
    }
    printf("Recorded %zu synthetic visits by the stations and closed %zu alerts with their outcome.\n", visited, closed);
    return CLI_OK;
}
