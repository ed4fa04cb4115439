/*
** test_ratelimit.c: failed-login counting: a key is allowed until max failures fall within the window,
** retry_after counts down to the moment the oldest counted failure leaves it, failures beyond the kept
** history still refuse, reset forgets a key, keys are independent, and a full table evicts the least
** recently failed key without crashing. Times are explicit seconds, never the clock.
*/
#include "unit.h"

#include "../../src/web/ratelimit.h"

#include <pthread.h>

enum { T0 = 1700000000 }; /* any plausible Unix time; the table never reads the clock */

static int setup(void **state) {
    *state = web_ratelimit_new();
    return *state ? 0 : -1;
}

static int teardown(void **state) {
    web_ratelimit_free(*state);
    return 0;
}

/* allowed(), checking that retry_after is left alone when the answer is yes. */
static bool allowed(web_ratelimit *rl, const char *key, int max, int64_t window, int64_t now, int64_t *retry) {
    *retry = -12345;
    bool ok = web_ratelimit_allowed(rl, key, max, window, now, retry);
    if (ok) assert_int_equal(*retry, -12345);
    else assert_true(*retry >= 1);
    return ok;
}

static void unknown_key_allowed(void **state) {
    int64_t r;
    assert_true(allowed(*state, "u:nobody", 1, 60, T0, &r));
    web_ratelimit_reset(*state, "u:nobody"); /* resetting an unknown key is harmless */
    assert_true(allowed(*state, "u:nobody", 1, 60, T0, &r));
}

static void allowed_until_max(void **state) {
    web_ratelimit *rl = *state;
    int64_t r;
    for (int i = 0; i < 5; i++) {
        assert_true(allowed(rl, "u:alice", 5, 900, T0 + i, &r));
        web_ratelimit_fail(rl, "u:alice", 900, T0 + i);
    }
    assert_false(allowed(rl, "u:alice", 5, 900, T0 + 5, &r));
    assert_int_equal(r, 900 - 5); /* the first failure (at T0) leaves the window at T0 + 900 */
    /* a higher limit for the same key still allows */
    assert_true(allowed(rl, "u:alice", 6, 900, T0 + 5, &r));
}

static void retry_after_counts_down(void **state) {
    web_ratelimit *rl = *state;
    static const int64_t fails[] = {T0, T0 + 10, T0 + 20};
    for (size_t i = 0; i < 3; i++) web_ratelimit_fail(rl, "a:10.0.0.1", 100, fails[i]);
    static const struct {
        int64_t now;
        bool ok;
        int64_t retry;
    } cases[] = {
        {T0 + 20, false, 80}, {T0 + 30, false, 70}, {T0 + 99, false, 1},
        {T0 + 100, true, 0}, /* the failure at T0 has left: two remain */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t r;
        bool ok = allowed(rl, "a:10.0.0.1", 3, 100, cases[i].now, &r);
        if (ok != cases[i].ok) fail_msg("at T0+%lld: allowed %d", (long long)(cases[i].now - T0), ok);
        if (!ok) assert_int_equal(r, cases[i].retry);
    }
    /* two failures left in the window at T0+100 (T0+10 and T0+20 expire at 110 and 120): one more refuses */
    web_ratelimit_fail(rl, "a:10.0.0.1", 100, T0 + 105);
    int64_t r;
    assert_false(allowed(rl, "a:10.0.0.1", 3, 100, T0 + 105, &r));
    assert_int_equal(r, 5); /* T0+10 leaves at T0+110 */
    assert_true(allowed(rl, "a:10.0.0.1", 3, 100, T0 + 110, &r));
    assert_false(allowed(rl, "a:10.0.0.1", 2, 100, T0 + 110, &r));
    assert_int_equal(r, 10); /* T0+20 leaves at T0+120 */
    assert_true(allowed(rl, "a:10.0.0.1", 2, 100, T0 + 120, &r));
    assert_false(allowed(rl, "a:10.0.0.1", 1, 100, T0 + 120, &r));
    assert_int_equal(r, 85); /* T0+105 leaves at T0+205 */
}

static void window_expiry(void **state) {
    web_ratelimit *rl = *state;
    int64_t r;
    for (int i = 0; i < 5; i++) web_ratelimit_fail(rl, "u:bob", 900, T0);
    assert_false(allowed(rl, "u:bob", 5, 900, T0 + 899, &r));
    assert_int_equal(r, 1);
    assert_true(allowed(rl, "u:bob", 5, 900, T0 + 900, &r));
    /* once expired, they stay expired: a single new failure does not bring them back */
    web_ratelimit_fail(rl, "u:bob", 900, T0 + 901);
    assert_true(allowed(rl, "u:bob", 2, 900, T0 + 901, &r));
    assert_false(allowed(rl, "u:bob", 1, 900, T0 + 901, &r));
    assert_int_equal(r, 900);
}

static void reset_forgets(void **state) {
    web_ratelimit *rl = *state;
    int64_t r;
    for (int i = 0; i < 5; i++) web_ratelimit_fail(rl, "u:carol", 900, T0 + i);
    assert_false(allowed(rl, "u:carol", 5, 900, T0 + 5, &r));
    web_ratelimit_reset(rl, "u:carol");
    assert_true(allowed(rl, "u:carol", 5, 900, T0 + 5, &r));
    /* counting starts again from zero */
    for (int i = 0; i < 4; i++) web_ratelimit_fail(rl, "u:carol", 900, T0 + 6);
    assert_true(allowed(rl, "u:carol", 5, 900, T0 + 6, &r));
    web_ratelimit_fail(rl, "u:carol", 900, T0 + 6);
    assert_false(allowed(rl, "u:carol", 5, 900, T0 + 6, &r));
    assert_int_equal(r, 900);
}

static void keys_independent(void **state) {
    web_ratelimit *rl = *state;
    int64_t r;
    for (int i = 0; i < 5; i++) web_ratelimit_fail(rl, "u:dave", 900, T0);
    assert_false(allowed(rl, "u:dave", 5, 900, T0, &r));
    static const char *const others[] = {"u:dav", "u:dave2", "U:dave", "a:dave", "u:Dave", ""};
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
        if (!allowed(rl, others[i], 5, 900, T0, &r)) fail_msg("\"%s\" refused after failures of u:dave", others[i]);
    web_ratelimit_reset(rl, "u:dave2"); /* resetting another key leaves u:dave alone */
    assert_false(allowed(rl, "u:dave", 5, 900, T0, &r));
}

/* More failures than the table keeps per key: still refused, and retry_after follows the newest ones. */
static void many_failures_one_key(void **state) {
    web_ratelimit *rl = *state;
    int64_t r;
    for (int i = 0; i < 100; i++) web_ratelimit_fail(rl, "a:192.0.2.7", 1000, T0 + i);
    assert_false(allowed(rl, "a:192.0.2.7", 5, 1000, T0 + 100, &r));
    /* the fifth newest failure is at T0+95; it leaves at T0+1095 */
    assert_int_equal(r, 995);
    assert_false(allowed(rl, "a:192.0.2.7", 20, 1000, T0 + 100, &r));
    assert_int_equal(r, 980);
    assert_true(allowed(rl, "a:192.0.2.7", 5, 1000, T0 + 1096, &r));
}

/* A full table takes the slot of the key whose last failure is oldest; everything else is kept. */
static void eviction(void **state) {
    web_ratelimit *rl = *state;
    enum { KEYS = 5000 };
    char key[32];
    int64_t r;
    for (int i = 0; i < KEYS; i++) {
        snprintf(key, sizeof key, "a:10.%d.%d.%d", i >> 16, (i >> 8) & 255, i & 255);
        web_ratelimit_fail(rl, key, 1000000, T0 + i);
    }
    /* the newest keys are all remembered (a table of at least a few thousand slots) */
    for (int i = KEYS - 2000; i < KEYS; i++) {
        snprintf(key, sizeof key, "a:10.%d.%d.%d", i >> 16, (i >> 8) & 255, i & 255);
        if (allowed(rl, key, 1, 1000000, T0 + KEYS, &r)) fail_msg("%s was forgotten", key);
        assert_int_equal(r, 1000000 - (KEYS - i));
    }
    /* the very first keys were evicted to make room */
    snprintf(key, sizeof key, "a:10.0.0.0");
    assert_true(allowed(rl, key, 1, 1000000, T0 + KEYS, &r));
    /* a key that keeps failing is touched again and so survives a further flood */
    web_ratelimit_fail(rl, "u:persistent", 1000000, T0 + KEYS);
    for (int i = 0; i < KEYS; i++) {
        snprintf(key, sizeof key, "a:172.16.%d.%d", i >> 8, i & 255);
        web_ratelimit_fail(rl, key, 1000000, T0 + KEYS + 1 + i);
        if (i % 1000 == 999) web_ratelimit_fail(rl, "u:persistent", 1000000, T0 + KEYS + 1 + i);
    }
    assert_false(allowed(rl, "u:persistent", 6, 1000000, T0 + 2 * KEYS + 1, &r));
    assert_true(allowed(rl, "u:persistent", 7, 1000000, T0 + 2 * KEYS + 1, &r));
}

/* Keys longer than the table stores are still counted (truncated), without overflowing anything. */
static void long_keys(void **state) {
    web_ratelimit *rl = *state;
    char key[300];
    memset(key, 'k', sizeof key - 1);
    key[sizeof key - 1] = '\0';
    int64_t r;
    for (int i = 0; i < 3; i++) web_ratelimit_fail(rl, key, 60, T0);
    assert_false(allowed(rl, key, 3, 60, T0, &r));
    assert_int_equal(r, 60);
}

typedef struct worker_arg {
    web_ratelimit *rl;
    int id;
} worker_arg;

static void *worker(void *p) {
    worker_arg *a = p;
    char key[32];
    snprintf(key, sizeof key, "u:thread%d", a->id);
    for (int i = 0; i < 500; i++) {
        int64_t r;
        web_ratelimit_fail(a->rl, key, 3600, T0 + i);
        web_ratelimit_allowed(a->rl, "u:shared", 5, 3600, T0 + i, &r);
        web_ratelimit_fail(a->rl, "u:shared", 3600, T0 + i);
    }
    return NULL;
}

static void threads(void **state) {
    web_ratelimit *rl = *state;
    enum { N = 4 };
    pthread_t t[N];
    worker_arg args[N];
    for (int i = 0; i < N; i++) {
        args[i] = (worker_arg){rl, i};
        assert_int_equal(pthread_create(&t[i], NULL, worker, &args[i]), 0);
    }
    for (int i = 0; i < N; i++) pthread_join(t[i], NULL);
    int64_t r;
    for (int i = 0; i < N; i++) {
        char key[32];
        snprintf(key, sizeof key, "u:thread%d", i);
        assert_false(allowed(rl, key, 32, 3600, T0 + 500, &r));
    }
    assert_false(allowed(rl, "u:shared", 32, 3600, T0 + 500, &r));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(unknown_key_allowed, setup, teardown),
        cmocka_unit_test_setup_teardown(allowed_until_max, setup, teardown),
        cmocka_unit_test_setup_teardown(retry_after_counts_down, setup, teardown),
        cmocka_unit_test_setup_teardown(window_expiry, setup, teardown),
        cmocka_unit_test_setup_teardown(reset_forgets, setup, teardown),
        cmocka_unit_test_setup_teardown(keys_independent, setup, teardown),
        cmocka_unit_test_setup_teardown(many_failures_one_key, setup, teardown),
        cmocka_unit_test_setup_teardown(eviction, setup, teardown),
        cmocka_unit_test_setup_teardown(long_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(threads, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
