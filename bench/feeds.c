/*
** feeds.c: ingesting monitoring records and evaluating the default alert rules, in one process.
**
** Usage: feeds N HOUSEHOLDS SEED DIR. Makes a database in DIR with HOUSEHOLDS synthetic households, then
** imports N generated records through the real import (io_import_feeds: checks, idempotence, matching by
** ID number, sealing, alerts over the matched records) in files of CHUNK records, as departments send
** them (a file is at most 64 MiB). Every MATCH_EVERY-th record is about a registered head (so the rules
** run), the others about unregistered numbers (leads). Then the same rows go into a plain table of a new
** database with one prepared statement in one transaction: the floor for storing them at all.
** Last, one person not yet registered with LINK_RECORDS records (deaths on one day and medical costs over a
** year, the worst case for the rules' 12-month window) is registered: the time to link and evaluate them all
** in the registering transaction, which holds the writer meanwhile. Prints "key value" lines: ingest_s,
** plain_s, matched, alerts_raised, alerts_merged, link_records, link_s.
*/
#include "../src/core/idnum.h"
#include "../src/core/synth.h"
#include "../src/io/feed_import.h"
#include "../src/store/households.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { CHUNK = 100000, MATCH_EVERY = 10, LINK_RECORDS = 40000 };

static const char *const KINDS[] = {"medical_cost", "hospital_admission", "disability_certificate",
                                    "death", "job_loss", "income_drop", "utility_arrears",
                                    "school_dropout", "disaster_damage"};
static const char *const TOWNS[] = {"371002001", "371002002", "371003001", "371082007", "371083104"};

static double now_s(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* An unregistered number for record i (region 371001, never issued to the synthetic households). */
static void lead_number(size_t i, char out[19]) {
    snprintf(out, 19, "371001%04d%02d%02d%03d", 1940 + (int)(i % 60), 1 + (int)(i / 60 % 12), 1 + (int)(i / 720 % 28),
             (int)(i / 20160 % 1000));
    out[17] = core_idnum_check_char(out);
    out[18] = '\0';
}

/* Record i as a CSV line into buf; heads[] the registered numbers. */
static int line(char *buf, size_t size, size_t i, char (*heads)[19], size_t nheads, core_date today) {
    char number[19];
    if (i % MATCH_EVERY == 0) memcpy(number, heads[i / MATCH_EVERY % nheads], 19);
    else lead_number(i, number);
    const char *kind = KINDS[i % 9];
    char day[11];
    core_date_format(core_date_add_days(today, -(long)(i % 300)), day);
    bool amount = i % 9 == 0 || i % 9 == 8 || i % 9 == 5;
    return snprintf(buf, size, "BENCH,%zu,%s,%s,%s,%s%s,%s\n", i, kind, number, day, amount ? "1234." : "",
                    amount ? "50" : "", TOWNS[i % 5]);
}

/* Imports LINK_RECORDS records about one unregistered number, then registers a household with that
** person as its head; returns the seconds the registration took, or -1 on failure. */
static double link_one_person(store_db *db, const io_import_options *opt, core_date today) {
    /* Born 1939: before every generated lead (1940 on), in a region no synthetic household has. */
    char number[19] = "371001193901010010";
    number[17] = core_idnum_check_char(number);
    size_t cap = (size_t)LINK_RECORDS * 96 + 128;
    char *file = malloc(cap);
    size_t len = (size_t)snprintf(file, cap, "source,record_id,kind,id_number,occurred_on,amount,town_code\n");
    for (size_t i = 0; i < LINK_RECORDS; i++) {
        char day[11];
        bool death = i % 2 == 0;
        core_date_format(core_date_add_days(today, death ? -1 : -(long)(i % 360)), day);
        len += (size_t)snprintf(file + len, cap - len, "LINK,%zu,%s,%s,%s,%s,%s\n", i, death ? "death" : "medical_cost",
                                number, day, death ? "" : "25.00", TOWNS[0]);
    }
    json_t *report = NULL;
    ws_err e = io_import_feeds(db, opt, IO_FEED_CSV, file, len, &report);
    if (e) {
        char *text = json_dumps(report, JSON_COMPACT);
        fprintf(stderr, "feeds: the records of one person were refused (%s): %.600s\n", ws_err_name(e), text ? text : "");
        free(text);
    }
    json_decref(report);
    free(file);
    if (e) return -1;
    core_synth *s = core_synth_new(7);
    core_household h;
    core_member *ms;
    size_t m;
    core_synth_household(s, TOWNS[0], today, &h, &ms, &m);
    for (size_t k = 1; k < m; k++) core_member_clear(&ms[k]);
    m = 1; /* the head alone: the others' generated numbers could be registered already */
    free(h.household_no);
    h.household_no = strdup("BENCH-LINK"); /* the generator's numbers repeat across seeds */
    ms[0].has_id = core_idnum_parse(number, core_date_ymd(today), &ms[0].id) == CORE_IDNUM_OK;
    store_conn *w;
    int64_t id;
    double t0 = now_s();
    e = store_write_begin(db, &w);
    if (!e) e = store_write_finish(w, store_household_insert(w, &h, ms, m, true, 0, &id));
    double took = now_s() - t0;
    if (e) fprintf(stderr, "feeds: the person with many records was not registered (%s)\n", ws_err_name(e));
    for (size_t k = 0; k < m; k++) core_member_clear(&ms[k]);
    free(ms);
    core_household_clear(&h);
    core_synth_free(s);
    return e ? -1 : took;
}

int main(int argc, char **argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: feeds N HOUSEHOLDS SEED DIR\n");
        return 2;
    }
    size_t n = strtoul(argv[1], NULL, 10), nh = strtoul(argv[2], NULL, 10);
    uint64_t seed = strtoull(argv[3], NULL, 10);
    char path[512], why[256];
    snprintf(path, sizeof path, "%s/feeds.db", argv[4]);
    store_db *db;
    if (store_open(path, true, &db, why, sizeof why) != WS_OK) {
        fprintf(stderr, "feeds: %s\n", why);
        return 1;
    }
    core_date today = core_date_shanghai(time(NULL));
    char(*heads)[19] = calloc(nh, 19);
    core_synth *s = core_synth_new(seed);
    store_conn *w;
    ws_err e = store_write_begin(db, &w);
    size_t have = 0;
    for (size_t i = 0; i < nh && !e; i++) {
        core_household h;
        core_member *ms;
        size_t m;
        core_synth_household(s, TOWNS[i % 5], today, &h, &ms, &m);
        int64_t id;
        e = store_household_insert(w, &h, ms, m, true, 0, &id);
        if (!e && m && ms[0].has_id) memcpy(heads[have++], ms[0].id.number, 19);
        for (size_t k = 0; k < m; k++) core_member_clear(&ms[k]);
        free(ms);
        core_household_clear(&h);
    }
    e = store_write_finish(w, e);
    core_synth_free(s);
    if (e || !have) {
        fprintf(stderr, "feeds: the households were not made (%s)\n", ws_err_name(e));
        return 1;
    }
    /* The files, generated before the clock starts. */
    size_t nchunks = (n + CHUNK - 1) / CHUNK;
    char **files = calloc(nchunks, sizeof *files);
    size_t *lens = calloc(nchunks, sizeof *lens);
    for (size_t c = 0; c < nchunks; c++) {
        size_t cap = (size_t)CHUNK * 128 + 256;
        files[c] = malloc(cap);
        size_t len = (size_t)snprintf(files[c], cap, "source,record_id,kind,id_number,occurred_on,amount,town_code\n");
        for (size_t i = c * CHUNK; i < n && i < (c + 1) * CHUNK; i++)
            len += (size_t)line(files[c] + len, cap - len, i, heads, have, today);
        lens[c] = len;
    }
    io_import_options opt = {.scope = "", .actor = {0, "bench"}, .today = today};
    long long matched = 0, raised = 0, merged = 0;
    double t0 = now_s();
    for (size_t c = 0; c < nchunks; c++) {
        json_t *report = NULL;
        e = io_import_feeds(db, &opt, IO_FEED_CSV, files[c], lens[c], &report);
        if (e) {
            char *text = json_dumps(report, JSON_COMPACT);
            fprintf(stderr, "feeds: file %zu refused (%s): %.600s\n", c, ws_err_name(e), text ? text : "");
            return 1;
        }
        matched += json_integer_value(json_object_get(report, "matched"));
        json_t *alerts = json_object_get(report, "alerts");
        raised += json_integer_value(json_object_get(alerts, "raised"));
        merged += json_integer_value(json_object_get(alerts, "merged"));
        json_decref(report);
    }
    double ingest = now_s() - t0;
    double link = link_one_person(db, &opt, today);
    store_close(db);
    if (link < 0) return 1;

    /* The floor: the same rows, parsed from the same files, into a plain table with one prepared statement. */
    snprintf(path, sizeof path, "%s/plain.db", argv[4]);
    sqlite3 *p;
    sqlite3_open(path, &p);
    sqlite3_exec(p, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE r (source TEXT, record_id TEXT, "
                    "kind TEXT, id_number TEXT, occurred_on TEXT, amount TEXT, town_code TEXT)", NULL, NULL, NULL);
    sqlite3_stmt *st;
    sqlite3_prepare_v2(p, "INSERT INTO r VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", -1, &st, NULL);
    t0 = now_s();
    sqlite3_exec(p, "BEGIN", NULL, NULL, NULL);
    for (size_t c = 0; c < nchunks; c++) {
        char *q = strchr(files[c], '\n') + 1;
        while (*q) {
            for (int f = 1; f <= 7; f++) {
                char *end = q + strcspn(q, f < 7 ? "," : "\n");
                sqlite3_bind_text(st, f, q, (int)(end - q), SQLITE_STATIC);
                q = end + 1;
            }
            sqlite3_step(st);
            sqlite3_reset(st);
        }
    }
    sqlite3_exec(p, "COMMIT", NULL, NULL, NULL);
    double plain = now_s() - t0;
    sqlite3_finalize(st);
    sqlite3_close(p);
    printf("records %zu\nhouseholds %zu\ningest_s %.2f\nplain_s %.2f\nmatched %lld\nalerts_raised %lld\n"
           "alerts_merged %lld\nlink_records %d\nlink_s %.2f\n",
           n, have, ingest, plain, matched, raised, merged, LINK_RECORDS, link);
    for (size_t c = 0; c < nchunks; c++) free(files[c]);
    free(files);
    free(lens);
    free(heads);
    return 0;
}
