/*
** test_audit.c: the hash-chained audit log: appended entries list newest first and verify; entries
** rolled back with their transaction leave no trace; the triggers refuse UPDATE and DELETE; and, with
** the triggers dropped through a separate SQLite connection, every kind of tampering (an edited field,
** a broken link, a deleted first, middle or last entry, a forged or replaced entry, a cut tail hidden by
** a later append) makes verify fail naming the first bad entry's seq.
*/
#include "unit.h"

#include <sodium.h>

#include "../../src/core/mem.h"
#include "../../src/store/audit.h"
#include "../../src/store/db.h"

#include <ftw.h>
#include <jansson.h>
#include <sqlite3.h>

typedef struct fixture {
    char dir[64];
    char path[128];
    store_db *db;
} fixture;

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) { return remove(path); }

static fixture *fixture_new(void) {
    fixture *f = xcalloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/ws-test-audit-XXXXXX");
    if (!mkdtemp(f->dir)) fail_msg("mkdtemp failed");
    snprintf(f->path, sizeof f->path, "%s/audit.db", f->dir);
    char why[256];
    if (store_open(f->path, true, &f->db, why, sizeof why) != WS_OK) fail_msg("store_open: %s", why);
    return f;
}

static void fixture_free(fixture *f) {
    store_close(f->db);
    assert_int_equal(nftw(f->dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS), 0);
    free(f);
}

static int setup(void **state) {
    *state = fixture_new();
    return 0;
}

static int teardown(void **state) {
    fixture_free(*state);
    return 0;
}

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

/* Appends count entries, each in its own transaction, as the web layer does. */
static void append_entries(store_db *db, int count) {
    static const char *const actions[] = {"login", "household.create", "member.update", "idnum.view", "import"};
    for (int i = 0; i < count; i++) {
        store_conn *w;
        assert_int_equal(store_write_begin(db, &w), WS_OK);
        store_actor who = {i % 2 ? 7 : 0, i % 2 ? "张三" : "system"};
        char oid[16];
        snprintf(oid, sizeof oid, "%d", 100 + i);
        json_t *detail = i % 3 == 0 ? NULL : json_pack("{s:s, s:i}", "note", "备注 \"quoted\"", "n", i);
        ws_err e = store_audit_append(w, &who, actions[i % 5], "household", oid, detail);
        assert_int_equal(store_write_finish(w, e), WS_OK);
    }
}

typedef struct verdict {
    ws_err e;
    int64_t checked, bad_seq;
    char why[256];
} verdict;

static verdict verify(store_db *db) {
    verdict v = {.checked = -1, .bad_seq = -1};
    store_conn *c = store_read_acquire(db);
    v.e = store_audit_verify(c, &v.checked, &v.bad_seq, NULL, v.why, sizeof v.why);
    store_read_release(c);
    return v;
}

static void expect_intact(store_db *db, int64_t entries) {
    verdict v = verify(db);
    if (v.e != WS_OK) fail_msg("verify: %s (%s)", ws_err_name(v.e), v.why);
    assert_int_equal(v.checked, entries);
}

/* ---- appending and listing -------------------------------------------------------------------- */

static void append_and_verify(void **state) {
    fixture *f = *state;
    expect_intact(f->db, 0); /* an empty log is intact */
    append_entries(f->db, 5);
    expect_intact(f->db, 5);
    append_entries(f->db, 3);
    expect_intact(f->db, 8);
}

static void list_newest_first(void **state) {
    fixture *f = *state;
    append_entries(f->db, 7);
    store_conn *c = store_read_acquire(f->db);
    json_t *items;
    int64_t total;
    assert_int_equal(store_audit_list(c, 3, 0, &items, &total), WS_OK);
    assert_int_equal(total, 7);
    assert_int_equal(json_array_size(items), 3);
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(json_integer_value(json_object_get(json_array_get(items, i), "seq")), 7 - (int64_t)i);
    json_t *newest = json_array_get(items, 0); /* the 7th entry: i = 6 */
    assert_string_equal(json_string_value(json_object_get(newest, "username")), "system");
    assert_string_equal(json_string_value(json_object_get(newest, "action")), "household.create");
    assert_string_equal(json_string_value(json_object_get(newest, "object_type")), "household");
    assert_string_equal(json_string_value(json_object_get(newest, "object_id")), "106");
    assert_true(json_is_object(json_object_get(newest, "detail")));
    assert_int_equal(json_object_size(json_object_get(newest, "detail")), 0); /* NULL detail is {} */
    const char *at = json_string_value(json_object_get(newest, "at"));
    assert_int_equal(strlen(at), 20);
    assert_int_equal(at[10], 'T');
    assert_int_equal(at[19], 'Z');
    json_t *second = json_array_get(items, 1); /* i = 5 */
    assert_string_equal(json_string_value(json_object_get(second, "username")), "张三");
    assert_string_equal(json_string_value(json_object_get(json_object_get(second, "detail"), "note")), "备注 \"quoted\"");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(second, "detail"), "n")), 5);
    json_decref(items);
    assert_int_equal(store_audit_list(c, 10, 5, &items, &total), WS_OK);
    assert_int_equal(total, 7);
    assert_int_equal(json_array_size(items), 2);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 1), "seq")), 1);
    json_decref(items);
    store_read_release(c);
}

static void rollback_leaves_no_entry(void **state) {
    fixture *f = *state;
    append_entries(f->db, 2);
    store_conn *w;
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    store_actor who = {0, "system"};
    assert_int_equal(store_audit_append(w, &who, "household.create", "household", "1", json_object()), WS_OK);
    store_write_rollback(w);
    expect_intact(f->db, 2);
    append_entries(f->db, 1);
    expect_intact(f->db, 3);
}

static void triggers_refuse_changes(void **state) {
    fixture *f = *state;
    append_entries(f->db, 3);
    sqlite3 *s = raw_open(f->path);
    static const char *const sql[] = {
        "UPDATE audit_log SET username = 'mallory' WHERE seq = 2",
        "UPDATE audit_log SET hash = prev_hash",
        "DELETE FROM audit_log WHERE seq = 3",
        "DELETE FROM audit_log",
    };
    for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++) {
        char *err = NULL;
        int rc = sqlite3_exec(s, sql[i], NULL, NULL, &err);
        if (rc == SQLITE_OK) fail_msg("%s was allowed", sql[i]);
        assert_int_equal(rc, SQLITE_CONSTRAINT);
        assert_non_null(strstr(err, "append-only"));
        sqlite3_free(err);
    }
    sqlite3_close(s);
    expect_intact(f->db, 3);
}

/* ---- tampering, with the triggers dropped ----------------------------------------------------- */

#define HEX64 "'0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'"

static const struct tamper {
    const char *name;
    const char *sql;
    int64_t bad_seq;
    const char *why; /* part of the description */
} TAMPERS[] = {
    {"edit username", "UPDATE audit_log SET username = 'mallory' WHERE seq = 3", 3, "changed"},
    {"edit action", "UPDATE audit_log SET action = 'login' WHERE seq = 2", 2, "changed"},
    {"edit object id", "UPDATE audit_log SET object_id = '999' WHERE seq = 5", 5, "changed"},
    {"edit detail", "UPDATE audit_log SET detail = '{\"n\":1}' WHERE seq = 5", 5, "changed"},
    {"edit time", "UPDATE audit_log SET at = '2000-01-01T00:00:00Z' WHERE seq = 1", 1, "changed"},
    {"edit user id", "UPDATE audit_log SET user_id = 8 WHERE seq = 2", 2, "changed"},
    {"edit hash", "UPDATE audit_log SET hash = " HEX64 " WHERE seq = 3", 3, "changed"},
    {"edit last hash", "UPDATE audit_log SET hash = " HEX64 " WHERE seq = 6", 6, "changed"},
    {"edit link", "UPDATE audit_log SET prev_hash = " HEX64 " WHERE seq = 4", 4, "link"},
    {"delete middle", "DELETE FROM audit_log WHERE seq = 3", 4, "missing"},
    {"delete two in the middle", "DELETE FROM audit_log WHERE seq IN (2, 3)", 4, "missing"},
    {"delete first", "DELETE FROM audit_log WHERE seq = 1", 2, "missing"},
    {"delete last", "DELETE FROM audit_log WHERE seq = 6", 6, "end were deleted"},
    {"delete last two", "DELETE FROM audit_log WHERE seq >= 5", 5, "end were deleted"},
    {"delete all", "DELETE FROM audit_log", 1, "end were deleted"},
    /* a forged entry at the end, linked to the real last one */
    {"forge at end",
     "INSERT INTO audit_log (seq, at, user_id, username, action, object_type, object_id, detail, prev_hash, hash) "
     "SELECT 7, at, user_id, username, 'idnum.view', object_type, object_id, detail, hash, " HEX64
     " FROM audit_log WHERE seq = 6",
     7, "changed"},
    /* one after a gap */
    {"forge after gap",
     "INSERT INTO audit_log (seq, at, user_id, username, action, object_type, object_id, detail, prev_hash, hash) "
     "SELECT 9, at, user_id, username, action, object_type, object_id, detail, hash, hash FROM audit_log WHERE seq = 6",
     9, "missing"},
    /* a copy of entry 2 put in place of entry 4: its hash is right for entry 2, not here */
    {"replace middle",
     "DELETE FROM audit_log WHERE seq = 4;"
     "INSERT INTO audit_log (seq, at, user_id, username, action, object_type, object_id, detail, prev_hash, hash) "
     "SELECT 4, at, user_id, username, action, object_type, object_id, detail, "
     "(SELECT hash FROM audit_log WHERE seq = 3), hash FROM audit_log WHERE seq = 2",
     4, "changed"},
    /* two entries swapped: the numbers stay in order, the links do not */
    {"swap",
     "CREATE TEMP TABLE t AS SELECT * FROM audit_log WHERE seq IN (2, 3);"
     "DELETE FROM audit_log WHERE seq IN (2, 3);"
     "INSERT INTO audit_log SELECT 5 - seq, at, user_id, username, action, object_type, object_id, detail, prev_hash, "
     "hash FROM t;",
     2, ""},
};

static void tampering_detected(void **state) {
    for (size_t i = 0; i < sizeof TAMPERS / sizeof TAMPERS[0]; i++) {
        const struct tamper *t = &TAMPERS[i];
        fixture *f = fixture_new();
        append_entries(f->db, 6);
        expect_intact(f->db, 6);
        sqlite3 *s = raw_open(f->path);
        raw_exec(s, "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;");
        expect_intact(f->db, 6); /* dropping the triggers alone changes nothing */
        raw_exec(s, t->sql);
        sqlite3_close(s);
        verdict v = verify(f->db);
        if (v.e != WS_ERR_INVALID) fail_msg("%s: verify said %s", t->name, ws_err_name(v.e));
        if (v.bad_seq != t->bad_seq) fail_msg("%s: bad seq %lld, want %lld (%s)", t->name, (long long)v.bad_seq,
                                              (long long)t->bad_seq, v.why);
        char seq[32];
        snprintf(seq, sizeof seq, "%lld", (long long)t->bad_seq);
        if (!strstr(v.why, seq) || !strstr(v.why, t->why)) fail_msg("%s: description \"%s\"", t->name, v.why);
        assert_true(v.checked >= 0 && v.checked < t->bad_seq);
        fixture_free(f);
    }
}

/* Entries cut off the end stay noticed when the program appends again afterwards. */
static void cut_tail_then_append(void **state) {
    fixture *f = *state;
    append_entries(f->db, 6);
    sqlite3 *s = raw_open(f->path);
    raw_exec(s, "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq >= 5;");
    sqlite3_close(s);
    verdict v = verify(f->db);
    assert_int_equal(v.e, WS_ERR_INVALID);
    assert_int_equal(v.bad_seq, 5);
    /* ordinary work after the tampering: the new entries must not take the deleted entries' numbers */
    for (int i = 0; i < 3; i++) {
        append_entries(f->db, 1);
        v = verify(f->db);
        if (v.e != WS_ERR_INVALID) fail_msg("the deleted entries 5 and 6 went unnoticed after %d new entries", i + 1);
        if (v.bad_seq != 7 || !strstr(v.why, "missing"))
            fail_msg("after %d new entries: bad seq %lld (%s), want 7 with entries before it missing", i + 1,
                     (long long)v.bad_seq, v.why);
        assert_int_equal(v.checked, 4);
    }
}

/*
** Someone who can write the database but cannot read the key file rewrites an entry and recomputes every
** hash after it the way the chain is built, but without the key: verify must still notice.
*/
static void rehash_without_key(sqlite3 *s) {
    sqlite3_stmt *rows, *upd;
    assert_int_equal(sqlite3_prepare_v2(s, "SELECT seq, at, user_id, username, action, object_type, object_id, detail "
                                           "FROM audit_log ORDER BY seq", -1, &rows, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(s, "UPDATE audit_log SET prev_hash = ?1, hash = ?2 WHERE seq = ?3", -1, &upd,
                                        NULL), SQLITE_OK);
    char prev[65] = "0000000000000000000000000000000000000000000000000000000000000000";
    while (sqlite3_step(rows) == SQLITE_ROW) {
        char seq[24], uid[24];
        snprintf(seq, sizeof seq, "%lld", (long long)sqlite3_column_int64(rows, 0));
        snprintf(uid, sizeof uid, "%lld", (long long)sqlite3_column_int64(rows, 2));
        const char *parts[] = {prev, seq, (const char *)sqlite3_column_text(rows, 1), uid,
                               (const char *)sqlite3_column_text(rows, 3), (const char *)sqlite3_column_text(rows, 4),
                               (const char *)sqlite3_column_text(rows, 5), (const char *)sqlite3_column_text(rows, 6),
                               (const char *)sqlite3_column_text(rows, 7)};
        crypto_generichash_state h;
        crypto_generichash_init(&h, NULL, 0, 32);
        for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
            crypto_generichash_update(&h, (const unsigned char *)parts[i], strlen(parts[i]) + 1);
        unsigned char bin[32];
        char hash[65];
        crypto_generichash_final(&h, bin, sizeof bin);
        sodium_bin2hex(hash, sizeof hash, bin, sizeof bin);
        sqlite3_bind_text(upd, 1, prev, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(upd, 2, hash, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(upd, 3, sqlite3_column_int64(rows, 0));
        assert_int_equal(sqlite3_step(upd), SQLITE_DONE);
        sqlite3_reset(upd);
        memcpy(prev, hash, sizeof prev);
    }
    sqlite3_finalize(rows);
    sqlite3_finalize(upd);
}

static void rewritten_chain_needs_the_key(void **state) {
    fixture *f = *state;
    append_entries(f->db, 5);
    sqlite3 *s = raw_open(f->path);
    raw_exec(s, "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET username = '李四' WHERE seq = 2;");
    rehash_without_key(s);
    sqlite3_close(s);
    verdict v = verify(f->db);
    assert_int_equal(v.e, WS_ERR_INVALID);
    assert_int_equal(v.bad_seq, 1); /* the very first hash already differs: it was made with the key */
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(append_and_verify, setup, teardown),
        cmocka_unit_test_setup_teardown(list_newest_first, setup, teardown),
        cmocka_unit_test_setup_teardown(rollback_leaves_no_entry, setup, teardown),
        cmocka_unit_test_setup_teardown(triggers_refuse_changes, setup, teardown),
        cmocka_unit_test(tampering_detected),
        cmocka_unit_test_setup_teardown(cut_tail_then_append, setup, teardown),
        cmocka_unit_test_setup_teardown(rewritten_chain_needs_the_key, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
