/*
** demo_feeds.c: the demo's monitoring records: records of every kind over the demo towns, most about the
** heads of synthetic households (so that the alert rules raise alerts and visit tasks), some about ID
** numbers nobody registered (leads for their towns).
**
** They go through the real import (io/feed_import.h) as the city, so matching, leads and alerts come out as
** a department's file makes them; importing them again changes nothing, so the demo can run twice.
** Deterministic for a database: households in list order, one in RECORD_EVERY, kinds in turn, days spread
** over the two months before the demo runs. The unregistered numbers use region 371001, which the demo's
** households never have.
*/
#include "cli.h"

#include "../core/idnum.h"
#include "../io/feed_import.h"
#include "../store/households.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { RECORD_EVERY = 4, MAX_HOUSEHOLDS = 2000, LEADS_PER_KIND = 3 };

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

int cli_demo_feeds(store_db *db, size_t *raised) {
    *raised = 0;
    core_date today = core_date_shanghai(time(NULL));
    json_t *records = json_array();
    store_conn *c = store_read_acquire(db);
    ws_err e = household_records(c, records, today);
    store_read_release(c);
    if (e == WS_OK) lead_records(records, today);
    if (e == WS_OK && json_array_size(records)) {
        json_t *doc = json_pack("{so}", "records", records); /* takes records */
        records = NULL;
        char *text = json_dumps(doc, JSON_COMPACT);
        json_decref(doc);
        io_import_options opt = {.scope = "", .actor = {0, "demo"}, .today = today};
        json_t *report = NULL;
        e = text ? io_import_feeds(db, &opt, IO_FEED_JSON, text, strlen(text), &report) : WS_ERR_INTERNAL;
        *raised = (size_t)json_integer_value(json_object_get(json_object_get(report, "alerts"), "raised"));
        json_decref(report);
        free(text);
    }
    json_decref(records);
    if (e != WS_OK) {
        fprintf(stderr, "waystation: the demo's monitoring records were not imported (%s)\n", ws_err_name(e));
        return CLI_FAILED;
    }
    return CLI_OK;
}
