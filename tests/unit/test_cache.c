/*
** test_cache.c: the store's generation and the web layer's answer cache. The generation stays put while
** nothing is committed, and moves on after a commit by this store's writer, by another store on the same
** file (as another process would), for a reader opened after the commit, and when the reader asking had
** a snapshot older than the commit open.
** The cache serves an answer only for the same key and generation, copies what it keeps and what it
** gives, keeps only 200 answers with a body, and survives many threads at once.
*/
#include "unit_db.h"

#include "../../src/core/mem.h"
#include "../../src/store/db.h"
#include "../../src/store/store_int.h"
#include "../../src/web/cache.h"

#include <ftw.h>
#include <pthread.h>
#include <unistd.h>

/* ---- the store's generation --------------------------------------------------------------------- */

typedef unit_db fixture;

static int setup(void **state) { return unit_db_setup(state); }
static int teardown(void **state) { return unit_db_teardown(state); }

/* Commits one change (a new user) through db's writer. */
static void commit_change(store_db *db, const char *username) {
    store_conn *w;
    assert_int_equal(store_write_begin(db, &w), WS_OK);
    sqlite3_stmt *st = store_stmt(w, "INSERT INTO users (username, display_name, role, division_code, password_hash, "
                                     "created_at) VALUES (?1, 'x', 'auditor', '3710', 'x', 'now')");
    assert_non_null(st);
    sqlite3_bind_text(st, 1, username, -1, SQLITE_TRANSIENT);
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    assert_int_equal(store_write_commit(w), WS_OK);
}

static uint64_t generation(store_db *db) {
    store_conn *c = store_read_acquire(db);
    uint64_t g = store_generation(c);
    store_read_release(c);
    return g;
}

static void generation_steady_without_commits(void **state) {
    fixture *f = *state;
    uint64_t g = generation(f->db);
    assert_int_equal(generation(f->db), g);
    assert_int_equal(generation(f->db), g);
    /* a rolled-back write changes nothing */
    store_conn *w;
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    store_write_rollback(w);
    assert_int_equal(generation(f->db), g);
}

static void generation_moves_after_own_commit(void **state) {
    fixture *f = *state;
    uint64_t g = generation(f->db);
    commit_change(f->db, "one");
    uint64_t g1 = generation(f->db);
    assert_true(g1 > g);
    assert_int_equal(generation(f->db), g1);
}

static void generation_moves_after_other_process_commit(void **state) {
    fixture *f = *state;
    uint64_t g = generation(f->db);
    store_db *other;
    char why[256];
    assert_int_equal(store_open(f->path, false, &other, why, sizeof why), WS_OK);
    commit_change(other, "from-elsewhere");
    store_close(other);
    assert_true(generation(f->db) > g);
}

/* Every reader of the pool sees the commit, whichever is asked first. */
static void generation_moves_on_every_reader(void **state) {
    fixture *f = *state;
    store_conn *a = store_read_acquire(f->db), *b = store_read_acquire(f->db);
    uint64_t ga = store_generation(a), gb = store_generation(b);
    uint64_t g = ga > gb ? ga : gb;
    assert_int_equal(store_generation(a), g);
    assert_int_equal(store_generation(b), g);
    commit_change(f->db, "two");
    uint64_t g1 = store_generation(b);
    assert_true(g1 > g);
    uint64_t g2 = store_generation(a); /* a sees the same commit and may move the number once more */
    assert_true(g2 >= g1);
    assert_int_equal(store_generation(b), g2);
    assert_int_equal(store_generation(a), g2);
    store_read_release(a);
    store_read_release(b);
}

/* A reader opened after a commit counts it on its first call, even if no other reader has looked since. */
static void generation_moves_for_new_reader(void **state) {
    fixture *f = *state;
    store_conn *a = store_read_acquire(f->db);
    uint64_t g = store_generation(a);
    commit_change(f->db, "four");
    store_conn *b = store_read_acquire(f->db); /* a is held, so the pool opens a new connection */
    assert_true(store_generation(b) > g);
    store_read_release(b);
    store_read_release(a);
}

/* A reader in the middle of a read (an open snapshot older than a commit) still reports the commit. */
static void generation_ends_old_snapshot(void **state) {
    fixture *f = *state;
    store_conn *c = store_read_acquire(f->db);
    uint64_t g = store_generation(c);
    sqlite3_stmt *st = store_stmt(c, "SELECT code FROM divisions ORDER BY code");
    assert_int_equal(sqlite3_step(st), SQLITE_ROW); /* the snapshot stays open: the statement is not reset */
    commit_change(f->db, "three");
    assert_true(store_generation(c) > g);
    /* and what c reads next includes the commit */
    st = store_stmt(c, "SELECT count(*) FROM users WHERE username = 'three'");
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 1);
    store_read_release(c);
}

/* ---- the answer cache --------------------------------------------------------------------------- */

static web_res answer(const char *body) {
    web_res rs = {.status = 200, .content_type = "application/json; charset=utf-8"};
    rs.body = xstrdup(body);
    rs.body_len = strlen(body);
    return rs;
}

static void cache_hit_same_key_and_generation(void **state) {
    web_cache *c = web_cache_new();
    web_res put = answer("{\"items\":[],\"total\":0}");
    web_cache_put(c, "3710|0:|", 7, &put);
    free(put.body);
    web_res got = {.status = 0};
    assert_true(web_cache_get(c, "3710|0:|", 7, &got));
    assert_int_equal(got.status, 200);
    assert_string_equal(got.content_type, "application/json; charset=utf-8");
    assert_int_equal(got.body_len, strlen("{\"items\":[],\"total\":0}"));
    assert_memory_equal(got.body, "{\"items\":[],\"total\":0}", got.body_len);
    free(got.body);
    web_cache_free(c);
}

static void cache_miss_other_key_or_generation(void **state) {
    web_cache *c = web_cache_new();
    web_res put = answer("[1]");
    web_cache_put(c, "k", 3, &put);
    free(put.body);
    web_res got = {.status = 404};
    assert_false(web_cache_get(c, "k", 4, &got));
    assert_false(web_cache_get(c, "k", 2, &got));
    assert_false(web_cache_get(c, "k2", 3, &got));
    assert_false(web_cache_get(c, "", 3, &got));
    assert_int_equal(got.status, 404); /* untouched on a miss */
    assert_null(got.body);
    /* a newer answer replaces the old one */
    put = answer("[2]");
    web_cache_put(c, "k", 4, &put);
    free(put.body);
    assert_false(web_cache_get(c, "k", 3, &got));
    assert_true(web_cache_get(c, "k", 4, &got));
    assert_memory_equal(got.body, "[2]", 3);
    free(got.body);
    web_cache_free(c);
}

static void cache_keeps_only_good_answers(void **state) {
    web_cache *c = web_cache_new();
    web_res err = answer("{\"error\":{}}");
    err.status = 422;
    web_cache_put(c, "a", 1, &err);
    free(err.body);
    web_res empty = {.status = 200};
    web_cache_put(c, "b", 1, &empty);
    size_t big = 2 * 1024 * 1024;
    web_res large = {.status = 200, .content_type = "application/json", .body = xmalloc(big), .body_len = big};
    memset(large.body, 'x', big);
    web_cache_put(c, "c", 1, &large);
    free(large.body);
    web_res got = {.status = 0};
    assert_false(web_cache_get(c, "a", 1, &got));
    assert_false(web_cache_get(c, "b", 1, &got));
    assert_false(web_cache_get(c, "c", 1, &got));
    web_cache_free(c);
    web_cache_free(NULL);
}

/* Many keys (more than the slots) and many threads: every hit is the answer put under that key. */
enum { THREADS = 4, ROUNDS = 4000, KEYS = 600 };

static void *hammer(void *arg) {
    web_cache *c = arg;
    for (int i = 0; i < ROUNDS; i++) {
        char key[32], body[64];
        /* unsigned: the thread's id is a large number and must wrap, not overflow */
        unsigned k = ((unsigned)i * 7919u + (unsigned)(uintptr_t)pthread_self()) % KEYS;
        snprintf(key, sizeof key, "key-%u", k);
        snprintf(body, sizeof body, "{\"key\":%u}", k);
        web_res got = {.status = 0};
        if (web_cache_get(c, key, 1, &got)) {
            if (got.body_len != strlen(body) || memcmp(got.body, body, got.body_len) != 0) abort();
            free(got.body);
        } else {
            web_res put = answer(body);
            web_cache_put(c, key, 1, &put);
            free(put.body);
        }
    }
    return NULL;
}

static void cache_concurrent(void **state) {
    web_cache *c = web_cache_new();
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++) assert_int_equal(pthread_create(&t[i], NULL, hammer, c), 0);
    for (int i = 0; i < THREADS; i++) pthread_join(t[i], NULL);
    web_cache_free(c);
}

int main(void) {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(generation_steady_without_commits),
        T(generation_moves_after_own_commit),
        T(generation_moves_after_other_process_commit),
        T(generation_moves_on_every_reader),
        T(generation_moves_for_new_reader),
        T(generation_ends_old_snapshot),
        cmocka_unit_test(cache_hit_same_key_and_generation),
        cmocka_unit_test(cache_miss_other_key_or_generation),
        cmocka_unit_test(cache_keeps_only_good_answers),
        cmocka_unit_test(cache_concurrent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
