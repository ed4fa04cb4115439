/*
** test_password.c: Argon2id password hashes: the encoded form names argon2id with the promised cost and a
** random salt, the right password verifies and wrong, truncated, extended or empty ones do not, a damaged
** hash verifies nothing, and random passwords have 16 characters from the alphabet without look-alikes.
*/
#include "unit.h"

#include "../../src/core/idcrypt.h"
#include "../../src/core/password.h"

static int setup(void **state) { return core_idcrypt_init(); /* initialises libsodium */ }

static void hash_and_verify(void **state) {
    static const char *const passwords[] = {"correct horse battery staple", "12345678", "口令：驿站2025",
                                            "with\ttab and \"quotes\""};
    for (size_t i = 0; i < sizeof passwords / sizeof passwords[0]; i++) {
        char h[CORE_PASSWORD_HASH_MAX];
        assert_int_equal(core_password_hash(passwords[i], h), WS_OK);
        assert_true(strlen(h) < CORE_PASSWORD_HASH_MAX);
        assert_true(strncmp(h, "$argon2id$", 10) == 0);
        assert_non_null(strstr(h, "m=19456,t=2,")); /* 19 MiB, 2 passes */
        assert_null(strstr(h, passwords[i]));         /* the password is not in its hash */
        assert_true(core_password_verify(passwords[i], h));
    }
}

static void wrong_passwords(void **state) {
    char h[CORE_PASSWORD_HASH_MAX];
    assert_int_equal(core_password_hash("s3cret-Pass", h), WS_OK);
    static const char *const wrong[] = {"s3cret-pass", "s3cret-Pas", "s3cret-Pass ", " s3cret-Pass", "", "S3CRET-PASS",
                                        "s3cret-Pass\n"};
    for (size_t i = 0; i < sizeof wrong / sizeof wrong[0]; i++)
        if (core_password_verify(wrong[i], h)) fail_msg("\"%s\" verified against the hash of s3cret-Pass", wrong[i]);
    assert_true(core_password_verify("s3cret-Pass", h));
}

static void salted(void **state) {
    char a[CORE_PASSWORD_HASH_MAX], b[CORE_PASSWORD_HASH_MAX];
    assert_int_equal(core_password_hash("same password", a), WS_OK);
    assert_int_equal(core_password_hash("same password", b), WS_OK);
    assert_string_not_equal(a, b);
    assert_true(core_password_verify("same password", a));
    assert_true(core_password_verify("same password", b));
}

static void damaged_hash(void **state) {
    char h[CORE_PASSWORD_HASH_MAX];
    assert_int_equal(core_password_hash("another one", h), WS_OK);
    size_t n = strlen(h);
    /* change the last character of the hash part (base64 without padding) */
    char changed[CORE_PASSWORD_HASH_MAX];
    memcpy(changed, h, n + 1);
    changed[n - 2] = changed[n - 2] == 'A' ? 'B' : 'A';
    assert_false(core_password_verify("another one", changed));
    static const char *const garbage[] = {"", "$argon2id$", "plain text", "$2y$10$abcdefghijklmnopqrstuv"};
    for (size_t i = 0; i < sizeof garbage / sizeof garbage[0]; i++) assert_false(core_password_verify("", garbage[i]));
    assert_false(core_password_verify("another one", "another one"));
}

static void random_passwords(void **state) {
    static const char look_alikes[] = "0O1lI";
    char seen[5][17];
    for (int round = 0; round < 200; round++) {
        char pw[17];
        memset(pw, '#', sizeof pw);
        core_password_random(pw);
        assert_int_equal(strlen(pw), 16);
        for (int i = 0; i < 16; i++) {
            char c = pw[i];
            bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alnum || strchr(look_alikes, c)) fail_msg("password %s has character '%c'", pw, c);
        }
        if (round < 5) memcpy(seen[round], pw, sizeof pw);
    }
    for (int i = 0; i < 5; i++)
        for (int j = i + 1; j < 5; j++) assert_string_not_equal(seen[i], seen[j]);
    char pw[17];
    core_password_random(pw);
    assert_true(strlen(pw) >= CORE_PASSWORD_MIN_LEN);
}

/* Over many passwords every character of the alphabet appears: nothing is left out by an off-by-one. */
static void random_alphabet_covered(void **state) {
    static const char alphabet[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    bool hit[256] = {false};
    for (int round = 0; round < 500; round++) {
        char pw[17];
        core_password_random(pw);
        for (int i = 0; i < 16; i++) hit[(unsigned char)pw[i]] = true;
    }
    for (const char *c = alphabet; *c; c++)
        if (!hit[(unsigned char)*c]) fail_msg("'%c' never appeared in 8000 random characters", *c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hash_and_verify), cmocka_unit_test(wrong_passwords),  cmocka_unit_test(salted),
        cmocka_unit_test(damaged_hash),    cmocka_unit_test(random_passwords), cmocka_unit_test(random_alphabet_covered),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
