/*
** test_store.c: the SQLite store on a fresh database in a temporary folder: opening (files and their
** modes, reopening, a missing database, key files that are missing, foreign or readable by others, a
** schema newer than the program), households listed by scope, division, category and search, ID numbers
** never stored in the clear, the city-wide uniqueness rule and what it tells users in and out of scope,
** closing, members, category history, divisions, users (names, roles and levels, disabling) and sessions
** (expiry, idling, ended by a password reset), backups and store_in_scope.
*/
#include "unit_db.h"

#include "../../src/core/mem.h"
#include "../../src/core/synth.h"
#include "../../src/store/db.h"
#include "../../src/store/divisions.h"
#include "../../src/store/households.h"
#include "../../src/store/users.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <jansson.h>
#include <sqlite3.h>
#include <unistd.h>

static const core_date TODAY = {2025, 6, 1};
enum { T0 = 1700000000 };

/* ---- fixture: a fresh database in its own temporary folder ------------------------------------ */

typedef unit_db fixture;

static int setup(void **state) { return unit_db_setup(state); }
static int teardown(void **state) { return unit_db_teardown(state); }

/* Closes and reopens the fixture's database (without create). */
static void reopen(fixture *f) {
    store_close(f->db);
    f->db = NULL;
    char why[256];
    if (store_open(f->path, false, &f->db, why, sizeof why) != WS_OK) fail_msg("reopen: %s", why);
}

/* A raw connection to a database file, for looking underneath the store. */
static sqlite3 *raw_open(const char *path) {
    sqlite3 *s = NULL;
    if (sqlite3_open_v2(path, &s, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) fail_msg("raw open %s", path);
    sqlite3_busy_timeout(s, 5000);
    return s;
}

static void raw_exec(sqlite3 *s, const char *sql) {
    char *err = NULL;
    if (sqlite3_exec(s, sql, NULL, NULL, &err) != SQLITE_OK) fail_msg("%s: %s", sql, err);
}

static int64_t raw_int(sqlite3 *s, const char *sql) {
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s, sql, -1, &st, NULL) != SQLITE_OK) fail_msg("%s: %s", sql, sqlite3_errmsg(s));
    if (sqlite3_step(st) != SQLITE_ROW) fail_msg("%s: no row", sql);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static mode_t file_mode(const char *path) {
    struct stat st;
    if (stat(path, &st) != 0) fail_msg("stat %s: %s", path, strerror(errno));
    return st.st_mode & 07777;
}

/* ---- making households ------------------------------------------------------------------------ */

/* 17 leading digits (region, birth date, sequence) and their check character. */
static void make_id(const char *region, const char *ymd, const char *seq, char out[19]) {
    memcpy(out, region, 6);
    memcpy(out + 6, ymd, 8);
    memcpy(out + 14, seq, 3);
    out[17] = core_idnum_check_char(out);
    out[18] = '\0';
}

typedef struct mspec {
    const char *name, *id_number, *relation;
} mspec;

/* A validated household and members from text, as a form or an import row gives them. */
typedef struct draft {
    core_household h;
    core_member m[8];
    size_t n;
} draft;

static void draft_make(draft *d, const char *town, const char *category, const char *no, const mspec *ms, size_t n) {
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    core_household_in hin = {.household_no = no, .town_code = town, .village = "海港社区", .address = "海滨路 1 号",
                             .category = category, .phone = "13806301234", .registered_on = "2024-03-15"};
    if (!core_household_validate(&hin, TODAY, &d->h, &errs)) fail_msg("household: %s", errs.items[0].en);
    assert_true(n <= 8);
    for (size_t i = 0; i < n; i++) {
        core_member_in min = {.name = ms[i].name, .id_number = ms[i].id_number, .relation = ms[i].relation};
        if (!ms[i].id_number) {
            min.sex = "女";
            min.birth_date = "1990-05-05";
        }
        if (!core_member_validate(&min, "", TODAY, &d->m[i], &errs)) fail_msg("member %zu: %s", i, errs.items[0].en);
    }
    d->n = n;
    core_fielderrs_free(&errs);
}

static void draft_free(draft *d) {
    for (size_t i = 0; i < d->n; i++) core_member_clear(&d->m[i]);
    core_household_clear(&d->h);
}

/* Inserts a household in its own transaction; returns the outcome, with the id in *id on success. */
static ws_err try_insert(store_db *db, const char *town, const char *category, const char *no, const mspec *ms,
                         size_t n, int64_t *id) {
    draft d;
    draft_make(&d, town, category, no, ms, n);
    store_conn *w;
    ws_err e = store_write_begin(db, &w);
    assert_int_equal(e, WS_OK);
    e = store_write_finish(w, store_household_insert(w, &d.h, d.m, d.n, false, 0, id));
    draft_free(&d);
    return e;
}

static int64_t insert(store_db *db, const char *town, const char *category, const char *no, const mspec *ms,
                      size_t n) {
    int64_t id = 0;
    ws_err e = try_insert(db, town, category, no, ms, n, &id);
    if (e) fail_msg("insert into %s: %s", town, ws_err_name(e));
    assert_true(id > 0);
    return id;
}

static int64_t insert_one(store_db *db, const char *town, const char *name, const char *id_number) {
    mspec m = {name, id_number, "户主"};
    return insert(db, town, "dibao", "", &m, 1);
}

/* Lists households; returns total and the page in *items (caller decrefs; NULL to skip). */
static int64_t list(store_db *db, const store_household_query *q, json_t **items) {
    store_conn *c = store_read_acquire(db);
    json_t *got = NULL;
    int64_t total = -1;
    store_household_query qq = *q;
    if (!qq.limit) qq.limit = 100;
    ws_err e = store_households_list(c, &qq, &got, &total);
    store_read_release(c);
    if (e) fail_msg("list: %s", ws_err_name(e));
    assert_true(json_is_array(got));
    assert_true((int64_t)json_array_size(got) <= total);
    if (items) *items = got;
    else json_decref(got);
    return total;
}

static int64_t count_in(store_db *db, const char *scope, const char *division) {
    store_household_query q = {.scope = scope, .division = division};
    return list(db, &q, NULL);
}

static int64_t count_q(store_db *db, const char *scope, const char *text) {
    store_household_query q = {.scope = scope, .q = text};
    return list(db, &q, NULL);
}

/* The ids of the first page of a search, in order, into ids (up to n); returns the total. */
static int64_t search_ids(store_db *db, const char *scope, const char *text, int64_t *ids, size_t n) {
    store_household_query q = {.scope = scope, .q = text};
    json_t *items;
    int64_t total = list(db, &q, &items);
    for (size_t i = 0; i < n; i++) {
        json_t *it = json_array_get(items, i);
        ids[i] = it ? json_integer_value(json_object_get(it, "id")) : 0;
    }
    json_decref(items);
    return total;
}

/* ---- opening ---------------------------------------------------------------------------------- */

static void open_creates_private_files(void **state) {
    fixture *f = *state;
    char key[160];
    snprintf(key, sizeof key, "%s.key", f->path);
    assert_int_equal(file_mode(key), 0600);
    /* the database holds names, addresses and phones: it is as private as the key, and so is its WAL */
    assert_int_equal(file_mode(f->path), 0600);
    insert_one(f->db, "371002001", "王芳", NULL);
    char wal[160];
    snprintf(wal, sizeof wal, "%s-wal", f->path);
    assert_int_equal(file_mode(wal), 0600);
    struct stat st;
    assert_int_equal(stat(key, &st), 0);
    assert_int_equal(st.st_size, 8 + 2 * CORE_IDCRYPT_KEYBYTES);
    assert_string_equal(store_path(f->db), f->path);
}

static void reopen_keeps_keys_and_schema(void **state) {
    fixture *f = *state;
    core_idkeys before = *store_keys(f->db);
    int version = store_schema_version(f->db);
    assert_true(version >= 1);
    char number[19];
    make_id("371002", "19800101", "123", number);
    int64_t hid = insert_one(f->db, "371002001", "王芳", number);
    reopen(f);
    assert_memory_equal(store_keys(f->db), &before, sizeof before);
    assert_int_equal(store_schema_version(f->db), version);
    /* the sealed number still opens with the reopened keys */
    store_conn *c = store_read_acquire(f->db);
    core_member *ms;
    int64_t *ids;
    size_t n;
    assert_int_equal(store_members_load(c, hid, &ms, &ids, &n), WS_OK);
    assert_int_equal(n, 1);
    assert_string_equal(ms[0].id.number, number);
    char out[19];
    assert_int_equal(store_member_idnum(c, hid, ids[0], out), WS_OK);
    assert_string_equal(out, number);
    store_members_free(ms, ids, n);
    store_read_release(c);
    /* migrations are recorded once each, numbered from 1 */
    sqlite3 *s = raw_open(f->path);
    assert_int_equal(raw_int(s, "SELECT count(*) FROM schema_migrations"), version);
    assert_int_equal(raw_int(s, "SELECT min(version) FROM schema_migrations"), 1);
    sqlite3_close(s);
}

static void missing_database(void **state) {
    fixture *f = *state;
    char path[160], why[256] = "";
    snprintf(path, sizeof path, "%s/absent.db", f->dir);
    store_db *db = (store_db *)(uintptr_t)0x1;
    assert_int_equal(store_open(path, false, &db, why, sizeof why), WS_ERR_NOTFOUND);
    assert_ptr_equal(db, (store_db *)(uintptr_t)0x1);
    assert_non_null(strstr(why, path));
    assert_int_equal(access(path, F_OK), -1); /* nothing was created */
    char key[170];
    snprintf(key, sizeof key, "%s.key", path);
    assert_int_equal(access(key, F_OK), -1);
}

static void key_file_problems(void **state) {
    fixture *f = *state;
    char key[160], why[256];
    snprintf(key, sizeof key, "%s.key", f->path);
    store_close(f->db);
    f->db = NULL;
    store_db *db = NULL;
    static const mode_t too_open[] = {0640, 0604, 0644, 0660, 0606, 0740};
    for (size_t i = 0; i < sizeof too_open / sizeof too_open[0]; i++) {
        assert_int_equal(chmod(key, too_open[i]), 0);
        why[0] = '\0';
        if (store_open(f->path, false, &db, why, sizeof why) != WS_ERR_CRYPTO)
            fail_msg("key file with mode %o was accepted", (unsigned)too_open[i]);
        assert_null(db);
        assert_non_null(strstr(why, "chmod 600"));
    }
    assert_int_equal(chmod(key, 0600), 0);
    assert_int_equal(store_open(f->path, false, &db, why, sizeof why), WS_OK);
    store_close(db);
    db = NULL;
    /* a key file that is not ours */
    char moved[170];
    snprintf(moved, sizeof moved, "%s.saved", key);
    assert_int_equal(rename(key, moved), 0);
    int fd = open(key, O_WRONLY | O_CREAT | O_EXCL, 0600);
    assert_true(fd >= 0);
    char junk[8 + 2 * CORE_IDCRYPT_KEYBYTES];
    memset(junk, 'J', sizeof junk);
    assert_int_equal(write(fd, junk, sizeof junk), (ssize_t)sizeof junk);
    close(fd);
    assert_int_equal(store_open(f->path, false, &db, why, sizeof why), WS_ERR_CRYPTO);
    assert_null(db);
    /* no key file at all: the database is there but its numbers cannot be read */
    assert_int_equal(unlink(key), 0);
    assert_int_equal(store_open(f->path, false, &db, why, sizeof why), WS_ERR_CRYPTO);
    assert_null(db);
    assert_int_equal(rename(moved, key), 0);
    reopen(f);
}

static void newer_schema_refused(void **state) {
    fixture *f = *state;
    store_close(f->db);
    f->db = NULL;
    sqlite3 *s = raw_open(f->path);
    raw_exec(s, "INSERT INTO schema_migrations (version, applied_at) VALUES (999, '2099-01-01T00:00:00Z')");
    sqlite3_close(s);
    store_db *db = NULL;
    char why[256] = "";
    assert_int_equal(store_open(f->path, false, &db, why, sizeof why), WS_ERR_DB);
    assert_null(db);
    assert_non_null(strstr(why, "999"));
    s = raw_open(f->path);
    raw_exec(s, "DELETE FROM schema_migrations WHERE version = 999");
    sqlite3_close(s);
    reopen(f);
}

/* Migration 7 lower-cases the sources of records stored before the import folded them, unless that would
** merge two records; migration 8 leaves their importer unknown (a resend from outside is refused, as it was). */
static void migration_lower_cases_feed_sources(void **state) {
    fixture *f = *state;
    store_close(f->db);
    f->db = NULL;
    sqlite3 *s = raw_open(f->path);
    raw_exec(s, "INSERT INTO feed_records (source, record_id, kind, occurred_on, imported_at) VALUES "
                "('YBJ', '1', 'death', '2026-01-02', '2026-01-02T00:00:00Z'),"
                "('Mzj', '2', 'death', '2026-01-02', '2026-01-02T00:00:00Z'),"
                "('MZJ', '2', 'death', '2026-01-02', '2026-01-02T00:00:00Z'),"
                "('mzj', '2', 'death', '2026-01-02', '2026-01-02T00:00:00Z')");
    raw_exec(s, "DELETE FROM schema_migrations WHERE version IN (7, 8); DROP INDEX visit_tasks_alert; "
                "DROP INDEX visit_tasks_household; ALTER TABLE feed_records DROP COLUMN town_from_household; "
                "ALTER TABLE feed_records DROP COLUMN imported_in");
    sqlite3_close(s);
    reopen(f);
    s = raw_open(f->path);
    assert_int_equal(raw_int(s, "SELECT count(*) FROM schema_migrations WHERE version = 7"), 1);
    assert_int_equal(raw_int(s, "SELECT count(*) FROM feed_records WHERE source = 'ybj' AND record_id = '1'"), 1);
    assert_int_equal(raw_int(s, "SELECT count(*) FROM feed_records WHERE source = 'YBJ'"), 0);
    /* lower-casing either of these would collide with the stored mzj/2 */
    assert_int_equal(raw_int(s, "SELECT count(*) FROM feed_records WHERE record_id = '2'"), 3);
    assert_int_equal(raw_int(s, "SELECT count(*) FROM feed_records WHERE source IN ('Mzj', 'MZJ')"), 2);
    assert_int_equal(raw_int(s, "SELECT count(*) FROM schema_migrations WHERE version = 8"), 1);
    assert_int_equal(raw_int(s, "SELECT count(*) FROM feed_records WHERE imported_in IS NULL"), 4);
    sqlite3_close(s);
}

/* ---- households: scope, division, category, search -------------------------------------------- */

static void list_by_scope(void **state) {
    fixture *f = *state;
    static const char *const towns[] = {"371002001", "371002001", "371002002", "371003001", "371082001", "371082109"};
    int64_t ids[6];
    for (size_t i = 0; i < 6; i++) {
        char number[19], seq[12];
        snprintf(seq, sizeof seq, "%03zu", i + 11);
        make_id("371002", "19700101", seq, number);
        ids[i] = insert_one(f->db, towns[i], "李娜", number);
    }
    static const struct {
        const char *scope, *division;
        int64_t total;
    } cases[] = {
        {"3710", NULL, 6},           {"3710", "", 6},
        {"371002", NULL, 3},         {"371002001", NULL, 2},
        {"371002002", NULL, 1},      {"371003", NULL, 1},
        {"371082", NULL, 2},         {"371083", NULL, 0},
        {"371082109", NULL, 1},      {"3711", NULL, 0},
        {"3710", "371002", 3},       {"3710", "371002001", 2},
        {"3710", "371082", 2},       {"3710", "371071", 0},
        {"371002", "371002002", 1},  {"371002", "371003", 0}, /* a filter outside the scope finds nothing */
        {"371002", "371003001", 0},  {"371002001", "371002", 2}, /* a wider filter is narrowed to the scope */
        {"371002001", "3710", 2},    {"371002001", "371002002", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t got = count_in(f->db, cases[i].scope, cases[i].division);
        if (got != cases[i].total)
            fail_msg("scope %s division %s: %lld households, want %lld", cases[i].scope,
                     cases[i].division ? cases[i].division : "(none)", (long long)got, (long long)cases[i].total);
    }
    /* newest first, paged, with the total of all pages */
    store_household_query q = {.scope = "3710", .limit = 4, .offset = 0};
    json_t *items;
    assert_int_equal(list(f->db, &q, &items), 6);
    assert_int_equal(json_array_size(items), 4);
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(json_integer_value(json_object_get(json_array_get(items, i), "id")), ids[5 - i]);
    json_decref(items);
    q.offset = 4;
    assert_int_equal(list(f->db, &q, &items), 6);
    assert_int_equal(json_array_size(items), 2);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 1), "id")), ids[0]);
    json_decref(items);
    /* the list item's fields */
    q = (store_household_query){.scope = "371003", .limit = 10};
    assert_int_equal(list(f->db, &q, &items), 1);
    json_t *it = json_array_get(items, 0);
    assert_string_equal(json_string_value(json_object_get(it, "town_code")), "371003001");
    assert_string_equal(json_string_value(json_object_get(it, "town_name")), "龙山路街道");
    assert_string_equal(json_string_value(json_object_get(it, "county_code")), "371003");
    assert_string_equal(json_string_value(json_object_get(it, "county_name")), "文登区");
    assert_string_equal(json_string_value(json_object_get(it, "category")), "dibao");
    assert_string_equal(json_string_value(json_object_get(it, "category_zh")), "低保对象");
    assert_string_equal(json_string_value(json_object_get(it, "head_name")), "李娜");
    char number[19], masked[19];
    make_id("371002", "19700101", "014", number); /* the head of the fourth household, in 371003001 */
    core_idnum_mask(number, masked);
    assert_string_equal(json_string_value(json_object_get(it, "head_id_masked")), masked);
    assert_memory_equal(masked, "3710**********", 14);
    assert_int_equal(json_integer_value(json_object_get(it, "member_count")), 1);
    assert_true(json_is_false(json_object_get(it, "synthetic")));
    json_decref(items);
}

static void list_by_category(void **state) {
    fixture *f = *state;
    static const char *const cats[] = {"dibao", "tekun", "特困人员", "dibao_edge", "低保对象"};
    for (size_t i = 0; i < 5; i++) {
        char number[19], seq[12];
        snprintf(seq, sizeof seq, "%03zu", i + 1);
        make_id("371002", "19650707", seq, number);
        mspec m = {"赵敏", number, "head"};
        insert(f->db, "371002003", cats[i], "", &m, 1);
    }
    static const struct {
        const char *category;
        int64_t total;
    } cases[] = {{"dibao", 2}, {"tekun", 2}, {"dibao_edge", 1}, {"monitored", 0}, {NULL, 5}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        store_household_query q = {.scope = "371002", .category = cases[i].category};
        assert_int_equal(list(f->db, &q, NULL), cases[i].total);
    }
    store_household_query q = {.scope = "371003", .category = "tekun"};
    assert_int_equal(list(f->db, &q, NULL), 0);
}

static void search(void **state) {
    fixture *f = *state;
    char head_a[19], spouse_a[19], head_b[19], head_c[19], unregistered[19];
    make_id("371002", "19700101", "011", head_a);
    make_id("371002", "19720202", "022", spouse_a);
    make_id("371003", "19800303", "033", head_b);
    for (int seq = 40; seq < 1000; seq++) { /* a number ending in X, to search for it with a lower-case x */
        char digits[12];
        snprintf(digits, sizeof digits, "%03d", seq);
        make_id("371082", "19850404", digits, head_c);
        if (head_c[17] == 'X') break;
    }
    assert_int_equal(head_c[17], 'X');
    make_id("371082", "19850404", "057", unregistered);
    mspec ma[] = {{"张伟", head_a, "户主"}, {"刘洋", spouse_a, "配偶"}, {"张小明", NULL, "子女"}};
    mspec mb[] = {{"陈静", head_b, "户主"}};
    mspec mc[] = {{"张_红%", head_c, "户主"}};
    int64_t ha = insert(f->db, "371002001", "dibao", "HC-0001", ma, 3);
    int64_t hb = insert(f->db, "371003001", "tekun", "WD-0002", mb, 1);
    int64_t hc = insert(f->db, "371082001", "dibao", "", mc, 1);
    int64_t ids[3];
    static const struct {
        const char *q;
        int64_t total;
    } cases[] = {
        {"张", 2},         {"张伟", 1},       {"小明", 1}, /* any active member's name, not only the head's */
        {"刘洋", 1},       {"陈", 1},         {"王", 0},
        {"%", 1},          {"_", 1},          {"张_红%", 1}, /* LIKE wildcards are searched as text */
        {"张%", 0},        {"HC-0001", 1},    {"HC-000", 0}, /* a household number matches exactly */
        {"3710021970", 0}, /* part of an ID number finds nothing */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t got = count_q(f->db, "3710", cases[i].q);
        if (got != cases[i].total) fail_msg("q=%s: %lld, want %lld", cases[i].q, (long long)got, (long long)cases[i].total);
    }
    /* exact ID numbers, of heads and of other members, with spaces and a lower-case x */
    assert_int_equal(search_ids(f->db, "3710", head_a, ids, 1), 1);
    assert_int_equal(ids[0], ha);
    assert_int_equal(search_ids(f->db, "3710", spouse_a, ids, 1), 1);
    assert_int_equal(ids[0], ha);
    assert_int_equal(search_ids(f->db, "3710", head_b, ids, 1), 1);
    assert_int_equal(ids[0], hb);
    char spaced[32];
    snprintf(spaced, sizeof spaced, " %s ", head_c);
    spaced[18] = 'x';
    assert_int_equal(search_ids(f->db, "3710", spaced, ids, 1), 1);
    assert_int_equal(ids[0], hc);
    assert_int_equal(count_q(f->db, "3710", unregistered), 0);
    /* search stays within scope */
    assert_int_equal(count_q(f->db, "371002", head_b), 0);
    assert_int_equal(count_q(f->db, "371003", "张"), 0);
    assert_int_equal(count_q(f->db, "371082", "张"), 1);
    /* a removed member is no longer found */
    store_conn *w;
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    store_conn *c = store_read_acquire(f->db);
    core_member *ms;
    int64_t *mids;
    size_t n;
    assert_int_equal(store_members_load(c, ha, &ms, &mids, &n), WS_OK);
    store_read_release(c);
    assert_int_equal(n, 3);
    assert_string_equal(ms[1].name, "刘洋");
    assert_int_equal(store_write_finish(w, store_member_remove(w, ha, mids[1])), WS_OK);
    store_members_free(ms, mids, n);
    assert_int_equal(count_q(f->db, "3710", "刘洋"), 0);
    assert_int_equal(count_q(f->db, "3710", spouse_a), 0);
    assert_int_equal(count_q(f->db, "3710", head_a), 1);
}

/* Scans a file's bytes for needle (a missing file has none). */
static bool file_contains(const char *path, const void *needle, size_t n) {
    FILE *fp = fopen(path, "rb");
    if (!fp) return false;
    core_buf b;
    core_buf_init(&b, 256u << 20);
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0) assert_int_equal(core_buf_append(&b, chunk, got), 0);
    fclose(fp);
    bool found = b.len >= n && memmem(b.data, b.len, needle, n) != NULL;
    core_buf_free(&b);
    return found;
}

static bool any_db_file_contains(const char *path, const char *text) {
    char side[192];
    if (file_contains(path, text, strlen(text))) return true;
    snprintf(side, sizeof side, "%s-wal", path);
    if (file_contains(side, text, strlen(text))) return true;
    snprintf(side, sizeof side, "%s-journal", path);
    return file_contains(side, text, strlen(text));
}

static void id_numbers_never_in_clear(void **state) {
    fixture *f = *state;
    char numbers[12][19];
    char name[12][16];
    for (int i = 0; i < 12; i++) {
        char seq[12];
        snprintf(seq, sizeof seq, "%03d", 100 + i);
        make_id(i % 2 ? "371003" : "371082", i % 3 ? "19591231" : "20000229", seq, numbers[i]);
        snprintf(name[i], sizeof name[i], "Name%02d", i);
    }
    for (int i = 0; i < 12; i += 3) {
        mspec m[] = {{name[i], numbers[i], "户主"}, {name[i + 1], numbers[i + 1], "子女"}, {name[i + 2], numbers[i + 2], "父母"}};
        insert(f->db, i < 6 ? "371003101" : "371082102", "monitored", "", m, 3);
    }
    /* while the server runs (data in the WAL) and after a checkpoint (data in the main file) */
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < 12; i++) {
            if (any_db_file_contains(f->path, numbers[i])) fail_msg("pass %d: %s is stored in the clear", pass, numbers[i]);
            /* nor its 17 leading digits, nor its birth date run with the sequence */
            char digits[18];
            memcpy(digits, numbers[i], 17);
            digits[17] = '\0';
            assert_false(any_db_file_contains(f->path, digits));
            assert_false(any_db_file_contains(f->path, numbers[i] + 6));
            /* the scan does see the rows: the member's name is there */
            if (!any_db_file_contains(f->path, name[i])) fail_msg("pass %d: the scan did not find %s", pass, name[i]);
        }
        reopen(f); /* closing the last connection checkpoints the WAL into the database file */
    }
    /* and nothing on the side: the key file does not hold numbers either */
    char key[160];
    snprintf(key, sizeof key, "%s.key", f->path);
    for (int i = 0; i < 12; i++) assert_false(file_contains(key, numbers[i], 18));
}

/* Many synthetic households: counts per county add up to the city's; synthetic is recorded. */
static void synthetic_households_by_scope(void **state) {
    fixture *f = *state;
    static const char *const towns[] = {"371002001", "371002101", "371003106", "371072010", "371082007", "371083104"};
    static const char *const counties[] = {"371002", "371003", "371071", "371072", "371073", "371082", "371083"};
    core_synth *s = core_synth_new(20250601);
    store_conn *w;
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    ws_err e = WS_OK;
    enum { N = 60 };
    for (int i = 0; i < N && !e; i++) {
        core_household h;
        core_member *ms;
        size_t n;
        core_synth_household(s, towns[i % 6], TODAY, &h, &ms, &n);
        int64_t id;
        e = store_household_insert(w, &h, ms, n, true, 0, &id);
        for (size_t j = 0; j < n; j++) core_member_clear(&ms[j]);
        free(ms);
        core_household_clear(&h);
    }
    assert_int_equal(store_write_finish(w, e), WS_OK);
    core_synth_free(s);
    int64_t sum = 0;
    for (size_t i = 0; i < sizeof counties / sizeof counties[0]; i++) sum += count_in(f->db, counties[i], NULL);
    assert_int_equal(sum, N);
    assert_int_equal(count_in(f->db, "3710", NULL), N);
    assert_int_equal(count_in(f->db, "371002", NULL), 20);
    assert_int_equal(count_in(f->db, "371002101", NULL), 10);
    assert_int_equal(count_in(f->db, "371071", NULL), 0);
    store_household_query q = {.scope = "3710", .limit = 1};
    json_t *items;
    list(f->db, &q, &items);
    assert_true(json_is_true(json_object_get(json_array_get(items, 0), "synthetic")));
    json_decref(items);
}

/* ---- uniqueness, closing, members, category history ------------------------------------------- */

static void check_registered(void **state) {
    fixture *f = *state;
    char held[19], other[19];
    make_id("371002", "19600606", "061", held);
    make_id("371002", "19600606", "073", other);
    int64_t hid = insert_one(f->db, "371002001", "孙丽", held);
    char hid_text[24];
    snprintf(hid_text, sizeof hid_text, "%lld", (long long)hid);
    store_conn *c = store_read_acquire(f->db);
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    core_member m = {.name = "某人", .has_id = true, .relation = CORE_REL_HEAD};
    memcpy(m.id.number, held, 19);
    /* within scope the message names the household and its town */
    static const char *const in_scope[] = {"3710", "371002", "371002001"};
    for (size_t i = 0; i < 3; i++) {
        assert_false(store_check_registered(c, in_scope[i], &m, 0, "members[2].", &errs));
        assert_int_equal(errs.count, 1);
        assert_string_equal(errs.items[0].field, "members[2].id_number");
        assert_string_equal(errs.items[0].code, "id_registered");
        assert_non_null(strstr(errs.items[0].zh, "环翠楼街道"));
        assert_non_null(strstr(errs.items[0].zh, hid_text));
        assert_non_null(strstr(errs.items[0].en, hid_text));
        core_fielderrs_clear(&errs);
    }
    /* outside it only "elsewhere": neither the household nor the town */
    static const char *const out_of_scope[] = {"371003", "371002002", "371082001"};
    for (size_t i = 0; i < 3; i++) {
        assert_false(store_check_registered(c, out_of_scope[i], &m, 0, "", &errs));
        assert_int_equal(errs.count, 1);
        assert_string_equal(errs.items[0].field, "id_number");
        assert_string_equal(errs.items[0].code, "id_registered");
        assert_non_null(strstr(errs.items[0].en, "elsewhere"));
        assert_null(strstr(errs.items[0].zh, "环翠楼"));
        assert_null(strstr(errs.items[0].zh, hid_text));
        assert_null(strstr(errs.items[0].en, hid_text));
        assert_null(strstr(errs.items[0].en, "371002001"));
        core_fielderrs_clear(&errs);
    }
    /* the holder itself, an unregistered number and no number at all pass */
    core_member *ms;
    int64_t *mids;
    size_t n;
    assert_int_equal(store_members_load(c, hid, &ms, &mids, &n), WS_OK);
    assert_true(store_check_registered(c, "371002", &m, mids[0], "", &errs));
    store_members_free(ms, mids, n);
    memcpy(m.id.number, other, 19);
    assert_true(store_check_registered(c, "371002", &m, 0, "", &errs));
    m.has_id = false;
    memcpy(m.id.number, held, 19);
    assert_true(store_check_registered(c, "371002", &m, 0, "", &errs));
    assert_int_equal(errs.count, 0);
    int64_t oh, om;
    char town[10];
    assert_int_equal(store_idnum_owner(c, held, &oh, &om, town), WS_OK);
    assert_int_equal(oh, hid);
    assert_string_equal(town, "371002001");
    assert_int_equal(store_idnum_owner(c, other, &oh, &om, town), WS_ERR_NOTFOUND);
    store_read_release(c);
    core_fielderrs_free(&errs);
}

static void unique_id_and_close(void **state) {
    fixture *f = *state;
    char number[19], second[19];
    make_id("371003", "19881111", "081", number);
    make_id("371003", "19881111", "092", second);
    int64_t first = insert_one(f->db, "371003001", "周杰", number);
    /* the same number again, in another household anywhere in the city: refused, nothing written */
    int64_t id = -1;
    assert_int_equal(try_insert(f->db, "371082001", "dibao", "", (mspec[]){{"周杰", number, "户主"}}, 1, &id),
                     WS_ERR_CONFLICT);
    assert_int_equal(id, -1);
    assert_int_equal(count_in(f->db, "3710", NULL), 1);
    /* or twice in one household */
    assert_int_equal(try_insert(f->db, "371003001", "dibao", "",
                                (mspec[]){{"甲", second, "户主"}, {"乙", second, "子女"}}, 2, &id),
                     WS_ERR_CONFLICT);
    /* or a second head */
    assert_int_equal(try_insert(f->db, "371003001", "dibao", "",
                                (mspec[]){{"甲", second, "户主"}, {"乙", NULL, "户主"}}, 2, &id),
                     WS_ERR_CONFLICT);
    assert_int_equal(count_in(f->db, "3710", NULL), 1);
    /* closing: out of scope is not found, in scope works once */
    store_conn *w;
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    assert_int_equal(store_household_close(w, "371002", first), WS_ERR_NOTFOUND);
    assert_int_equal(store_household_close(w, "371003", first + 1000), WS_ERR_NOTFOUND);
    assert_int_equal(store_write_finish(w, store_household_close(w, "371003", first)), WS_OK);
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    assert_int_equal(store_household_close(w, "371003", first), WS_ERR_NOTFOUND);
    store_write_rollback(w);
    /* a closed household is gone from lists, searches and reads */
    assert_int_equal(count_in(f->db, "3710", NULL), 0);
    assert_int_equal(count_q(f->db, "3710", number), 0);
    store_conn *c = store_read_acquire(f->db);
    json_t *j = NULL;
    assert_int_equal(store_household_json(c, "3710", first, TODAY, &j), WS_ERR_NOTFOUND);
    assert_null(j);
    int64_t oh, om;
    char town[10];
    assert_int_equal(store_idnum_owner(c, number, &oh, &om, town), WS_ERR_NOTFOUND);
    store_read_release(c);
    /* and its number may be registered again */
    int64_t again = insert_one(f->db, "371082001", "周杰", number);
    assert_true(again > first);
    assert_int_equal(count_q(f->db, "3710", number), 1);
}

static void members_crud(void **state) {
    fixture *f = *state;
    char a[19], b[19], cnum[19];
    make_id("371072", "19750505", "101", a);
    make_id("371072", "20100505", "112", b);
    make_id("371072", "20120808", "124", cnum);
    int64_t hid = insert(f->db, "371072008", "rigid_expense", "", (mspec[]){{"黄磊", a, "户主"}}, 1);
    int64_t other = insert_one(f->db, "371072009", "吴昊", cnum);
    draft d;
    draft_make(&d, "371072008", "dibao", "", (mspec[]){{"黄小磊", b, "子女"}, {"黄小花", NULL, "子女"}, {"X", cnum, "子女"}}, 3);
    store_conn *w;
    int64_t m1, m2;
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    assert_int_equal(store_member_insert(w, hid, &d.m[0], &m1), WS_OK);
    assert_int_equal(store_member_insert(w, hid, &d.m[1], &m2), WS_OK);
    assert_int_equal(store_member_insert(w, hid, &d.m[2], NULL), WS_ERR_CONFLICT); /* held by the other household */
    assert_int_equal(store_write_commit(w), WS_OK);
    store_conn *c = store_read_acquire(f->db);
    json_t *j;
    assert_int_equal(store_household_json(c, "371072", hid, TODAY, &j), WS_OK);
    json_t *members = json_object_get(j, "members");
    assert_int_equal(json_array_size(members), 3);
    assert_int_equal(json_integer_value(json_object_get(j, "member_count")), 3);
    json_t *first = json_array_get(members, 0);
    assert_true(json_is_true(json_object_get(first, "is_head")));
    assert_string_equal(json_string_value(json_object_get(first, "name")), "黄磊");
    assert_int_equal(json_integer_value(json_object_get(first, "age")), 50);
    assert_string_equal(json_string_value(json_object_get(first, "sex")), "M");
    json_t *child = json_array_get(members, 1);
    assert_string_equal(json_string_value(json_object_get(child, "relation")), "child");
    assert_int_equal(json_integer_value(json_object_get(child, "age")), 15);
    assert_true(json_is_true(json_object_get(child, "has_id")));
    char masked[19];
    core_idnum_mask(b, masked);
    assert_string_equal(json_string_value(json_object_get(child, "id_masked")), masked);
    json_t *noid = json_array_get(members, 2);
    assert_true(json_is_false(json_object_get(noid, "has_id")));
    assert_string_equal(json_string_value(json_object_get(noid, "id_masked")), "");
    assert_string_equal(json_string_value(json_object_get(noid, "birth_date")), "1990-05-05");
    /* no JSON answer carries a full number */
    char *dump = json_dumps(j, 0);
    assert_null(strstr(dump, a));
    assert_null(strstr(dump, b));
    free(dump);
    json_decref(j);
    assert_int_equal(store_household_json(c, "371073", hid, TODAY, &j), WS_ERR_NOTFOUND);
    char out[19];
    assert_int_equal(store_member_idnum(c, hid, m1, out), WS_OK);
    assert_string_equal(out, b);
    assert_int_equal(store_member_idnum(c, hid, m2, out), WS_ERR_NOTFOUND); /* has none */
    assert_int_equal(store_member_idnum(c, other, m1, out), WS_ERR_NOTFOUND); /* wrong household */
    assert_int_equal(store_member_json(c, other, m1, TODAY, &j), WS_ERR_NOTFOUND);
    assert_int_equal(store_member_json(c, hid, m1, TODAY, &j), WS_OK);
    assert_string_equal(json_string_value(json_object_get(j, "name")), "黄小磊");
    json_decref(j);
    store_read_release(c);
    /* update: the child gets the other household's number (refused), then a new name (kept) */
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    assert_int_equal(store_member_update(w, hid, m1, &d.m[2]), WS_ERR_CONFLICT);
    store_write_rollback(w);
    free(d.m[0].name);
    d.m[0].name = xstrdup("黄大磊");
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    assert_int_equal(store_member_update(w, hid, m1, &d.m[0]), WS_OK);
    assert_int_equal(store_member_update(w, other, m1, &d.m[0]), WS_ERR_NOTFOUND);
    assert_int_equal(store_member_remove(w, other, m2), WS_ERR_NOTFOUND);
    assert_int_equal(store_member_remove(w, hid, m2), WS_OK);
    assert_int_equal(store_member_remove(w, hid, m2), WS_ERR_NOTFOUND); /* already removed */
    assert_int_equal(store_write_commit(w), WS_OK);
    draft_free(&d);
    c = store_read_acquire(f->db);
    core_member *ms;
    int64_t *ids;
    size_t n;
    assert_int_equal(store_members_load(c, hid, &ms, &ids, &n), WS_OK);
    assert_int_equal(n, 2);
    assert_int_equal(ms[0].relation, CORE_REL_HEAD);
    assert_string_equal(ms[0].id.number, a);
    assert_int_equal(ms[0].id.birth_year, 1975);
    assert_int_equal(ms[0].sex, 'M');
    assert_int_equal(ids[1], m1);
    assert_string_equal(ms[1].name, "黄大磊");
    assert_string_equal(ms[1].id.number, b);
    store_members_free(ms, ids, n);
    store_read_release(c);
}

static void category_history(void **state) {
    fixture *f = *state;
    char number[19];
    make_id("371083", "19550505", "131", number);
    store_conn *w;
    int64_t uid;
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    assert_int_equal(store_write_finish(w, store_user_create(w, "worker1", "工作人员一", "station_worker", "371083001",
                                                             "$argon2id$fake", &uid)),
                     WS_OK);
    int64_t hid = insert(f->db, "371083001", "dibao", "RS-7", (mspec[]){{"郑爽", number, "户主"}}, 1);
    store_conn *c = store_read_acquire(f->db);
    core_household h;
    assert_int_equal(store_household_load(c, "371082", hid, &h), WS_ERR_NOTFOUND);
    assert_int_equal(store_household_load(c, "371083", hid, &h), WS_OK);
    store_read_release(c);
    assert_string_equal(h.household_no, "RS-7");
    assert_int_equal(h.category, CORE_CAT_DIBAO);
    assert_string_equal(h.town_code, "371083001");
    assert_int_equal(h.registered_on.y, 2024);
    /* 1: another field only: no history entry; 2: the category: one entry; 3: back again: another */
    free(h.address);
    h.address = xstrdup("新地址 9 号");
    const core_date on2 = {2025, 1, 10}, on3 = {2025, 5, 20};
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    assert_int_equal(store_write_finish(w, store_household_update(w, hid, &h, "地址变更", on2, uid)), WS_OK);
    h.category = CORE_CAT_TEKUN;
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    assert_int_equal(store_write_finish(w, store_household_update(w, hid, &h, "丧失劳动能力", on2, uid)), WS_OK);
    h.category = CORE_CAT_DIBAO;
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    assert_int_equal(store_write_finish(w, store_household_update(w, hid, &h, "复核", on3, 0)), WS_OK);
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    assert_int_equal(store_household_update(w, hid + 99, &h, "x", on3, 0), WS_ERR_NOTFOUND);
    store_write_rollback(w);
    core_household_clear(&h);
    c = store_read_acquire(f->db);
    json_t *j;
    assert_int_equal(store_household_json(c, "3710", hid, TODAY, &j), WS_OK);
    store_read_release(c);
    assert_string_equal(json_string_value(json_object_get(j, "address")), "新地址 9 号");
    assert_string_equal(json_string_value(json_object_get(j, "category")), "dibao");
    json_t *hist = json_object_get(j, "category_history");
    assert_int_equal(json_array_size(hist), 3);
    static const struct {
        const char *from, *to, *on, *reason, *by;
    } want[] = {
        {NULL, "dibao", "2024-03-15", "首次登记", ""},
        {"dibao", "tekun", "2025-01-10", "丧失劳动能力", "工作人员一"},
        {"tekun", "dibao", "2025-05-20", "复核", ""},
    };
    for (size_t i = 0; i < 3; i++) {
        json_t *e = json_array_get(hist, i);
        if (want[i].from) assert_string_equal(json_string_value(json_object_get(e, "from")), want[i].from);
        else assert_true(json_is_null(json_object_get(e, "from")));
        assert_string_equal(json_string_value(json_object_get(e, "to")), want[i].to);
        assert_string_equal(json_string_value(json_object_get(e, "changed_on")), want[i].on);
        assert_string_equal(json_string_value(json_object_get(e, "reason")), want[i].reason);
        assert_string_equal(json_string_value(json_object_get(e, "by")), want[i].by);
    }
    json_decref(j);
}

/* ---- divisions -------------------------------------------------------------------------------- */

static void divisions(void **state) {
    fixture *f = *state;
    store_conn *c = store_read_acquire(f->db);
    json_t *d;
    assert_int_equal(store_division_get(c, "3710", "371002001", &d), WS_OK);
    assert_string_equal(json_string_value(json_object_get(d, "name")), "环翠楼街道");
    assert_string_equal(json_string_value(json_object_get(d, "level")), "town");
    assert_string_equal(json_string_value(json_object_get(d, "parent_code")), "371002");
    assert_string_equal(json_string_value(json_object_get(d, "station")), "环翠楼街道社会救助服务转介驿站");
    json_t *path = json_object_get(d, "path");
    assert_int_equal(json_array_size(path), 3);
    assert_string_equal(json_string_value(json_object_get(json_array_get(path, 0), "code")), "3710");
    assert_string_equal(json_string_value(json_object_get(json_array_get(path, 1), "code")), "371002");
    assert_string_equal(json_string_value(json_object_get(json_array_get(path, 2), "code")), "371002001");
    json_decref(d);
    assert_int_equal(store_division_get(c, "371003", "371002001", &d), WS_ERR_NOTFOUND);
    assert_int_equal(store_division_get(c, "3710", "371002999", &d), WS_ERR_NOTFOUND);
    assert_int_equal(store_division_get(c, "3710", "3710", &d), WS_OK);
    assert_true(json_is_null(json_object_get(d, "parent_code")));
    assert_true(json_is_null(json_object_get(d, "station")));
    json_decref(d);
    json_t *items;
    assert_int_equal(store_division_children(c, "3710", "3710", &items), WS_OK);
    assert_int_equal(json_array_size(items), 7);
    json_decref(items);
    assert_int_equal(store_division_children(c, "3710", "371002", &items), WS_OK);
    assert_int_equal(json_array_size(items), 9);
    json_decref(items);
    assert_int_equal(store_division_children(c, "371002", "3710", &items), WS_OK); /* only the scope's branch */
    assert_int_equal(json_array_size(items), 1);
    json_decref(items);
    assert_int_equal(store_division_children(c, "371002", "371003", &items), WS_ERR_NOTFOUND);
    char level[16];
    assert_int_equal(store_division_level(c, "371082", level), WS_OK);
    assert_string_equal(level, "county");
    assert_int_equal(store_division_level(c, "999999", level), WS_ERR_NOTFOUND);
    json_t *towns;
    assert_int_equal(store_division_towns(c, "371002", &towns), WS_OK);
    assert_int_equal(json_array_size(towns), 9);
    assert_string_equal(json_string_value(json_array_get(towns, 0)), "371002001");
    json_decref(towns);
    assert_int_equal(store_division_towns(c, "371002001", &towns), WS_OK);
    assert_int_equal(json_array_size(towns), 1);
    json_decref(towns);
    assert_true(store_town_exists(c, "371002001"));
    assert_false(store_town_exists(c, "371002"));
    assert_false(store_town_exists(c, "371002998"));
    store_read_release(c);
}

static void in_scope(void **state) {
    static const struct {
        const char *scope, *code;
        bool in;
    } cases[] = {
        {"3710", "3710", true},           {"3710", "371002", true},        {"3710", "371002001", true},
        {"371002", "371002", true},       {"371002", "371002001", true},   {"371002", "371002001001", true},
        {"371002001", "371002001", true}, {"", "371002", true},            {"371002", "371003001", false},
        {"371002001", "371002", false},   {"371002001", "3710", false},    {"3710", "3711", false},
        {"3710", "371", false},           {"371002", "", false},           {"371002", "3710029", true},
        {"371002001", "371002002", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (store_in_scope(cases[i].scope, cases[i].code) != cases[i].in)
            fail_msg("store_in_scope(\"%s\", \"%s\") should be %d", cases[i].scope, cases[i].code, cases[i].in);
}

/* ---- users and sessions ----------------------------------------------------------------------- */

static int64_t create_user(store_db *db, const char *name, const char *role, const char *division, ws_err want) {
    store_conn *w;
    int64_t id = -1;
    assert_int_equal(store_write_begin(db, &w), WS_OK);
    ws_err e = store_user_create(w, name, "显示名", role, division, "$argon2id$v=19$hash", &id);
    assert_int_equal(store_write_finish(w, e), want);
    return id;
}

static void users(void **state) {
    fixture *f = *state;
    int64_t id = create_user(f->db, "alice", "county_officer", "371002", WS_OK);
    assert_true(id > 0);
    assert_int_equal(create_user(f->db, "alice", "auditor", "3710", WS_ERR_CONFLICT), -1);
    assert_int_equal(create_user(f->db, "bob", "auditor", "371099", WS_ERR_NOTFOUND), -1);
    store_conn *c = store_read_acquire(f->db);
    store_user u;
    char hash[128];
    assert_int_equal(store_user_by_name(c, "alice", &u, hash, sizeof hash), WS_OK);
    assert_int_equal(u.id, id);
    assert_string_equal(u.role, "county_officer");
    assert_string_equal(u.division_code, "371002");
    assert_string_equal(u.division_name, "环翠区");
    assert_string_equal(u.division_level, "county");
    assert_string_equal(hash, "$argon2id$v=19$hash");
    assert_int_equal(store_user_by_name(c, "Alice", &u, NULL, 0), WS_ERR_NOTFOUND);
    assert_int_equal(store_user_by_name(c, "bob", &u, NULL, 0), WS_ERR_NOTFOUND);
    json_t *items;
    assert_int_equal(store_users_list(c, &items), WS_OK);
    assert_int_equal(json_array_size(items), 1);
    char *dump = json_dumps(items, 0);
    assert_null(strstr(dump, "argon2id")); /* password hashes are not listed */
    free(dump);
    json_t *only = json_array_get(items, 0);
    assert_null(json_object_get(only, "password_hash"));
    assert_string_equal(json_string_value(json_object_get(only, "username")), "alice");
    json_decref(items);
    store_read_release(c);
    store_conn *w;
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    assert_int_equal(store_user_set_password(w, "alice", "$argon2id$new"), WS_OK);
    assert_int_equal(store_user_set_password(w, "nobody", "$argon2id$new"), WS_ERR_NOTFOUND);
    assert_int_equal(store_write_commit(w), WS_OK);
    c = store_read_acquire(f->db);
    assert_int_equal(store_user_by_name(c, "alice", &u, hash, sizeof hash), WS_OK);
    assert_string_equal(hash, "$argon2id$new");
    store_read_release(c);
}

static ws_err lookup(store_db *db, const uint8_t *th, int64_t now, int64_t idle, store_user *u, char *csrf,
                     int64_t *last) {
    store_conn *c = store_read_acquire(db);
    ws_err e = store_session_lookup(c, th, now, idle, u, csrf, last);
    store_read_release(c);
    return e;
}

static void sessions(void **state) {
    fixture *f = *state;
    int64_t uid = create_user(f->db, "carol", "station_worker", "371002001", WS_OK);
    uint8_t th[STORE_TOKEN_HASH], other[STORE_TOKEN_HASH];
    memset(th, 0xA5, sizeof th);
    memset(other, 0xA5, sizeof other);
    other[31] ^= 1;
    char csrf_in[STORE_CSRF_LEN + 1];
    memset(csrf_in, 'c', STORE_CSRF_LEN);
    csrf_in[STORE_CSRF_LEN] = '\0';
    enum { IDLE = 7200, MAX = 43200 };
    store_conn *w;
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    assert_int_equal(store_write_finish(w, store_session_create(w, th, uid, csrf_in, T0, T0 + MAX)), WS_OK);
    store_user u;
    char csrf[STORE_CSRF_LEN + 1];
    int64_t last = 0;
    assert_int_equal(lookup(f->db, th, T0 + 10, IDLE, &u, csrf, &last), WS_OK);
    assert_int_equal(u.id, uid);
    assert_string_equal(u.username, "carol");
    assert_string_equal(u.division_code, "371002001");
    assert_string_equal(u.division_level, "town");
    assert_string_equal(csrf, csrf_in);
    assert_int_equal(last, T0);
    assert_int_equal(lookup(f->db, other, T0 + 10, IDLE, &u, csrf, &last), WS_ERR_AUTH);
    /* idle: live just before IDLE seconds without use, gone at it */
    assert_int_equal(lookup(f->db, th, T0 + IDLE - 1, IDLE, &u, csrf, &last), WS_OK);
    assert_int_equal(lookup(f->db, th, T0 + IDLE, IDLE, &u, csrf, &last), WS_ERR_AUTH);
    /* touching keeps it alive, up to its expiry however recent the use */
    int64_t t = T0;
    while (t + IDLE - 1 < T0 + MAX) {
        t += IDLE - 1;
        assert_int_equal(lookup(f->db, th, t, IDLE, &u, csrf, &last), WS_OK);
        assert_int_equal(store_write_begin(f->db, &w), WS_OK);
        assert_int_equal(store_write_finish(w, store_session_touch(w, th, t)), WS_OK);
    }
    assert_int_equal(lookup(f->db, th, T0 + MAX - 1, IDLE, &u, csrf, &last), WS_OK);
    assert_int_equal(last, t);
    assert_int_equal(lookup(f->db, th, T0 + MAX, IDLE, &u, csrf, &last), WS_ERR_AUTH);
    /* a second session, then purge: only live sessions remain; delete ends one at once */
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    assert_int_equal(store_session_create(w, other, uid, csrf_in, T0 + MAX - 100, T0 + 2 * MAX), WS_OK);
    assert_int_equal(store_session_create(w, other, uid, csrf_in, T0, T0 + MAX), WS_ERR_CONFLICT); /* same hash */
    assert_int_equal(store_write_finish(w, store_sessions_purge(w, T0 + MAX, IDLE)), WS_OK);
    sqlite3 *s = raw_open(f->path);
    assert_int_equal(raw_int(s, "SELECT count(*) FROM sessions"), 1);
    assert_int_equal(lookup(f->db, other, T0 + MAX, IDLE, &u, csrf, &last), WS_OK);
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    assert_int_equal(store_write_finish(w, store_session_delete(w, other)), WS_OK);
    assert_int_equal(lookup(f->db, other, T0 + MAX, IDLE, &u, csrf, &last), WS_ERR_AUTH);
    assert_int_equal(raw_int(s, "SELECT count(*) FROM sessions"), 0);
    /* a disabled user's session does not count, nor can the user be found */
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    assert_int_equal(store_write_finish(w, store_session_create(w, th, uid, csrf_in, T0, T0 + MAX)), WS_OK);
    assert_int_equal(lookup(f->db, th, T0 + 1, IDLE, &u, csrf, &last), WS_OK);
    raw_exec(s, "UPDATE users SET disabled = 1 WHERE username = 'carol'");
    assert_int_equal(lookup(f->db, th, T0 + 1, IDLE, &u, csrf, &last), WS_ERR_AUTH);
    store_conn *c = store_read_acquire(f->db);
    assert_int_equal(store_user_by_name(c, "carol", &u, NULL, 0), WS_ERR_NOTFOUND);
    store_read_release(c);
    /* only the token's hash is stored */
    assert_int_equal(raw_int(s, "SELECT length(token_hash) FROM sessions"), STORE_TOKEN_HASH);
    sqlite3_close(s);
}

/* User names: 1..64 of a-z, 0-9, '.', '_', '-'; and the level of division each role works at. */
static void user_rules(void **state) {
    fixture *f = *state;
    static const char *const good[] = {"a", "wang", "county-371002", "station-371002001", "li.na_2", "x-y.z_9"};
    static const char *const bad[] = {"", "Wang", "wang li", "王", "wang@x", "wang/../x", "wang\n", "-\t"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        if (!store_username_valid(good[i])) fail_msg("\"%s\" is a valid user name", good[i]);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (store_username_valid(bad[i])) fail_msg("\"%s\" is no valid user name", bad[i]);
    char name[80];
    memset(name, 'a', sizeof name);
    name[STORE_USERNAME_MAX] = '\0';
    assert_true(store_username_valid(name));
    assert_true(create_user(f->db, name, "provider_staff", "371002", WS_OK) > 0);
    store_conn *c = store_read_acquire(f->db);
    store_user u;
    assert_int_equal(store_user_by_name(c, name, &u, NULL, 0), WS_OK);
    assert_string_equal(u.username, name); /* all 64 characters kept */
    store_read_release(c);
    name[STORE_USERNAME_MAX] = 'a';
    name[STORE_USERNAME_MAX + 1] = '\0';
    assert_false(store_username_valid(name));
    assert_int_equal(create_user(f->db, name, "provider_staff", "371002", WS_ERR_INVALID), -1);
    assert_int_equal(create_user(f->db, "Upper", "provider_staff", "371002", WS_ERR_INVALID), -1);

    assert_string_equal(store_role_level("station_worker"), "town");
    assert_string_equal(store_role_level("county_officer"), "county");
    assert_string_equal(store_role_level("city_admin"), "city");
    assert_string_equal(store_role_level("auditor"), "city");
    assert_string_equal(store_role_level("provider_staff"), "");
    assert_null(store_role_level("boss"));
    static const struct {
        const char *role, *division;
        ws_err want;
    } cases[] = {
        {"station_worker", "371002001", WS_OK},     {"station_worker", "371002", WS_ERR_INVALID},
        {"station_worker", "3710", WS_ERR_INVALID}, {"county_officer", "371082", WS_OK},
        {"county_officer", "371082005", WS_ERR_INVALID}, {"county_officer", "3710", WS_ERR_INVALID},
        {"city_admin", "3710", WS_OK},              {"city_admin", "371002", WS_ERR_INVALID},
        {"auditor", "3710", WS_OK},                 {"auditor", "371002001", WS_ERR_INVALID},
        {"provider_staff", "3710", WS_OK},          {"provider_staff", "371002001", WS_OK},
        {"station_worker", "371002999", WS_ERR_NOTFOUND}, {"boss", "3710", WS_ERR_INVALID},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char user[32];
        snprintf(user, sizeof user, "role-case-%zu", i);
        store_conn *w;
        int64_t id;
        assert_int_equal(store_write_begin(f->db, &w), WS_OK);
        ws_err e = store_user_create(w, user, "显示名", cases[i].role, cases[i].division, "$argon2id$h", &id);
        store_write_finish(w, e);
        if (e != cases[i].want)
            fail_msg("%s at %s: %s, want %s", cases[i].role, cases[i].division, ws_err_name(e), ws_err_name(cases[i].want));
    }
}

/* A password reset ends the user's sessions (and nobody else's); disabling ends them for good. */
static void sessions_end_with_the_user(void **state) {
    fixture *f = *state;
    int64_t dan = create_user(f->db, "dan", "station_worker", "371002001", WS_OK);
    int64_t eve = create_user(f->db, "eve", "station_worker", "371002001", WS_OK);
    enum { IDLE = 7200, MAX = 43200 };
    uint8_t th[3][STORE_TOKEN_HASH];
    char csrf_in[STORE_CSRF_LEN + 1];
    memset(csrf_in, 'c', STORE_CSRF_LEN);
    csrf_in[STORE_CSRF_LEN] = '\0';
    store_conn *w;
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    for (int i = 0; i < 3; i++) {
        memset(th[i], 0x10 + i, STORE_TOKEN_HASH);
        assert_int_equal(store_session_create(w, th[i], i < 2 ? dan : eve, csrf_in, T0, T0 + MAX), WS_OK);
    }
    assert_int_equal(store_write_commit(w), WS_OK);
    store_user u;
    char csrf[STORE_CSRF_LEN + 1];
    int64_t last, ended = -1;
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    assert_int_equal(store_user_set_password(w, "dan", "$argon2id$new"), WS_OK);
    assert_int_equal(store_sessions_delete_user(w, "dan", &ended), WS_OK);
    assert_int_equal(store_write_commit(w), WS_OK);
    assert_int_equal(ended, 2);
    assert_int_equal(lookup(f->db, th[0], T0 + 1, IDLE, &u, csrf, &last), WS_ERR_AUTH);
    assert_int_equal(lookup(f->db, th[1], T0 + 1, IDLE, &u, csrf, &last), WS_ERR_AUTH);
    assert_int_equal(lookup(f->db, th[2], T0 + 1, IDLE, &u, csrf, &last), WS_OK);
    assert_int_equal(u.id, eve);
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    assert_int_equal(store_sessions_delete_user(w, "nobody", &ended), WS_OK);
    assert_int_equal(ended, 0);
    assert_int_equal(store_sessions_delete_user(w, "dan", NULL), WS_OK);
    store_write_rollback(w);

    /* Disabling: no login, no session, and enabling again does not bring the session back. */
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    assert_int_equal(store_user_set_disabled(w, "eve", true), WS_OK);
    assert_int_equal(store_user_set_disabled(w, "nobody", true), WS_ERR_NOTFOUND);
    assert_int_equal(store_write_commit(w), WS_OK);
    assert_int_equal(lookup(f->db, th[2], T0 + 1, IDLE, &u, csrf, &last), WS_ERR_AUTH);
    store_conn *c = store_read_acquire(f->db);
    assert_int_equal(store_user_by_name(c, "eve", &u, NULL, 0), WS_ERR_NOTFOUND);
    assert_true(store_user_exists(c, "eve"));
    assert_false(store_user_exists(c, "nobody"));
    json_t *items;
    assert_int_equal(store_users_list(c, &items), WS_OK);
    size_t i;
    json_t *item;
    json_array_foreach(items, i, item) {
        const char *name = json_string_value(json_object_get(item, "username"));
        assert_int_equal(json_is_true(json_object_get(item, "disabled")), strcmp(name, "eve") == 0);
    }
    json_decref(items);
    store_read_release(c);
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    assert_int_equal(store_write_finish(w, store_user_set_disabled(w, "eve", false)), WS_OK);
    assert_int_equal(lookup(f->db, th[2], T0 + 1, IDLE, &u, csrf, &last), WS_ERR_AUTH);
    c = store_read_acquire(f->db);
    assert_int_equal(store_user_by_name(c, "eve", &u, NULL, 0), WS_OK);
    store_read_release(c);
    sqlite3 *s = raw_open(f->path);
    assert_int_equal(raw_int(s, "SELECT count(*) FROM sessions"), 0);
    sqlite3_close(s);
}

/* ---- backup ----------------------------------------------------------------------------------- */

static void backup(void **state) {
    fixture *f = *state;
    char number[19];
    make_id("371082", "19920202", "141", number);
    int64_t hid = insert_one(f->db, "371082005", "冯巩", number);
    char dest[160], dest_key[170], why[256];
    snprintf(dest, sizeof dest, "%s/copy.db", f->dir);
    snprintf(dest_key, sizeof dest_key, "%s.key", dest);
    assert_int_equal(store_backup(f->db, dest, why, sizeof why), WS_OK);
    assert_int_equal(file_mode(dest_key), 0600);
    assert_int_equal(file_mode(dest), 0600);
    /* a second backup to the same name is refused and leaves the first alone */
    why[0] = '\0';
    assert_int_equal(store_backup(f->db, dest, why, sizeof why), WS_ERR_CONFLICT);
    assert_non_null(strstr(why, dest));
    /* the copy opens with its own key file and has the data, ID numbers included */
    store_db *copy = NULL;
    assert_int_equal(store_open(dest, false, &copy, why, sizeof why), WS_OK);
    assert_memory_equal(store_keys(copy), store_keys(f->db), sizeof(core_idkeys));
    assert_int_equal(store_schema_version(copy), store_schema_version(f->db));
    assert_int_equal(count_in(copy, "3710", NULL), 1);
    assert_int_equal(count_q(copy, "3710", number), 1);
    store_conn *c = store_read_acquire(copy);
    core_member *ms;
    int64_t *ids;
    size_t n;
    assert_int_equal(store_members_load(c, hid, &ms, &ids, &n), WS_OK);
    assert_int_equal(n, 1);
    assert_string_equal(ms[0].id.number, number);
    store_members_free(ms, ids, n);
    store_read_release(c);
    store_close(copy);
    /* later writes to the live database do not reach the copy */
    insert_one(f->db, "371082005", "冯小巩", NULL);
    assert_int_equal(store_open(dest, false, &copy, why, sizeof why), WS_OK);
    assert_int_equal(count_in(copy, "3710", NULL), 1);
    store_close(copy);
    assert_int_equal(count_in(f->db, "3710", NULL), 2);
}

int main(void) {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(open_creates_private_files),
        T(reopen_keeps_keys_and_schema),
        T(missing_database),
        T(key_file_problems),
        T(newer_schema_refused),
        T(migration_lower_cases_feed_sources),
        T(list_by_scope),
        T(list_by_category),
        T(search),
        T(id_numbers_never_in_clear),
        T(synthetic_households_by_scope),
        T(check_registered),
        T(unique_id_and_close),
        T(members_crud),
        T(category_history),
        T(divisions),
        cmocka_unit_test(in_scope),
        T(users),
        T(sessions),
        T(user_rules),
        T(sessions_end_with_the_user),
        T(backup),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
