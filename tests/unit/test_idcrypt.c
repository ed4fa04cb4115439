/*
** test_idcrypt.c: sealing and keyed hashing of ID numbers: round trips, a random nonce per seal, every
** single-bit change of a sealed number refused, the wrong key refused, wrong lengths refused with the
** output untouched, and hashes that are fixed per key and differ across keys and numbers.
*/
#include "unit.h"

#include "../../src/core/idcrypt.h"

static const char *const NUMBERS[] = {"11010519491231002X", "360426199101010071", "44011320141005001X",
                                      "371002199001011239", "000000000000000000"};
enum { NNUMBERS = sizeof NUMBERS / sizeof NUMBERS[0] };

static int setup(void **state) {
    static core_idkeys keys[2];
    if (core_idcrypt_init() != 0) return -1;
    core_idcrypt_keygen(&keys[0]);
    core_idcrypt_keygen(&keys[1]);
    *state = keys;
    return 0;
}

static void round_trip(void **state) {
    const core_idkeys *k = *state;
    for (size_t i = 0; i < NNUMBERS; i++) {
        uint8_t sealed[CORE_IDCRYPT_SEALBYTES];
        char out[19];
        memset(out, 'z', sizeof out);
        core_idcrypt_seal(k, NUMBERS[i], sealed);
        assert_int_equal(core_idcrypt_open(k, sealed, sizeof sealed, out), WS_OK);
        assert_string_equal(out, NUMBERS[i]);
        /* the sealed bytes never hold the number in the clear */
        assert_null(memmem(sealed, sizeof sealed, NUMBERS[i], 18));
    }
}

static void keygen_makes_distinct_keys(void **state) {
    const core_idkeys *k = *state;
    assert_memory_not_equal(k[0].seal, k[1].seal, CORE_IDCRYPT_KEYBYTES);
    assert_memory_not_equal(k[0].hash, k[1].hash, CORE_IDCRYPT_KEYBYTES);
    assert_memory_not_equal(k[0].seal, k[0].hash, CORE_IDCRYPT_KEYBYTES);
}

static void random_nonce(void **state) {
    const core_idkeys *k = *state;
    uint8_t a[CORE_IDCRYPT_SEALBYTES], b[CORE_IDCRYPT_SEALBYTES];
    core_idcrypt_seal(k, NUMBERS[0], a);
    core_idcrypt_seal(k, NUMBERS[0], b);
    assert_memory_not_equal(a, b, 24);                     /* the nonces */
    assert_memory_not_equal(a + 24, b + 24, sizeof a - 24); /* and so the ciphertexts */
    char out[19];
    assert_int_equal(core_idcrypt_open(k, a, sizeof a, out), WS_OK);
    assert_string_equal(out, NUMBERS[0]);
    assert_int_equal(core_idcrypt_open(k, b, sizeof b, out), WS_OK);
    assert_string_equal(out, NUMBERS[0]);
}

/* Flipping any one bit anywhere (nonce, MAC or ciphertext) makes the seal fail to open. */
static void tampering_refused(void **state) {
    const core_idkeys *k = *state;
    uint8_t sealed[CORE_IDCRYPT_SEALBYTES];
    core_idcrypt_seal(k, NUMBERS[1], sealed);
    for (size_t i = 0; i < sizeof sealed; i++) {
        for (int bit = 0; bit < 8; bit++) {
            uint8_t t[CORE_IDCRYPT_SEALBYTES];
            memcpy(t, sealed, sizeof t);
            t[i] ^= (uint8_t)(1u << bit);
            char out[19];
            memset(out, 'z', sizeof out);
            if (core_idcrypt_open(k, t, sizeof t, out) != WS_ERR_CRYPTO) fail_msg("byte %zu bit %d flipped opened", i, bit);
            for (size_t j = 0; j < sizeof out; j++) assert_int_equal(out[j], 'z'); /* output untouched */
        }
    }
}

static void wrong_key_refused(void **state) {
    const core_idkeys *k = *state;
    uint8_t sealed[CORE_IDCRYPT_SEALBYTES];
    char out[19];
    core_idcrypt_seal(&k[0], NUMBERS[2], sealed);
    assert_int_equal(core_idcrypt_open(&k[1], sealed, sizeof sealed, out), WS_ERR_CRYPTO);
    /* the hash key is not the sealing key */
    core_idkeys swapped;
    memcpy(swapped.seal, k[0].hash, sizeof swapped.seal);
    memcpy(swapped.hash, k[0].seal, sizeof swapped.hash);
    assert_int_equal(core_idcrypt_open(&swapped, sealed, sizeof sealed, out), WS_ERR_CRYPTO);
    assert_int_equal(core_idcrypt_open(&k[0], sealed, sizeof sealed, out), WS_OK);
    assert_string_equal(out, NUMBERS[2]);
}

static void wrong_length_refused(void **state) {
    const core_idkeys *k = *state;
    uint8_t buf[CORE_IDCRYPT_SEALBYTES + 8];
    core_idcrypt_seal(k, NUMBERS[3], buf);
    memset(buf + CORE_IDCRYPT_SEALBYTES, 0, 8);
    static const size_t lengths[] = {0, 1, 24, 24 + 16, CORE_IDCRYPT_SEALBYTES - 1, CORE_IDCRYPT_SEALBYTES + 1,
                                     CORE_IDCRYPT_SEALBYTES + 8};
    for (size_t i = 0; i < sizeof lengths / sizeof lengths[0]; i++) {
        char out[19];
        memset(out, 'z', sizeof out);
        if (core_idcrypt_open(k, buf, lengths[i], out) != WS_ERR_CRYPTO) fail_msg("length %zu opened", lengths[i]);
        for (size_t j = 0; j < sizeof out; j++) assert_int_equal(out[j], 'z');
    }
    char out[19];
    assert_int_equal(core_idcrypt_open(k, buf, CORE_IDCRYPT_SEALBYTES, out), WS_OK);
    assert_string_equal(out, NUMBERS[3]);
}

static void hash_keyed_and_deterministic(void **state) {
    const core_idkeys *k = *state;
    uint8_t h[NNUMBERS][2][CORE_IDCRYPT_HASHBYTES];
    for (size_t i = 0; i < NNUMBERS; i++) {
        uint8_t again[CORE_IDCRYPT_HASHBYTES];
        core_idcrypt_hash(&k[0], NUMBERS[i], h[i][0]);
        core_idcrypt_hash(&k[0], NUMBERS[i], again);
        assert_memory_equal(h[i][0], again, CORE_IDCRYPT_HASHBYTES); /* same key, same number: same hash */
        core_idcrypt_hash(&k[1], NUMBERS[i], h[i][1]);
        assert_memory_not_equal(h[i][0], h[i][1], CORE_IDCRYPT_HASHBYTES); /* another key: another hash */
    }
    for (size_t i = 0; i < NNUMBERS; i++)
        for (size_t j = i + 1; j < NNUMBERS; j++) assert_memory_not_equal(h[i][0], h[j][0], CORE_IDCRYPT_HASHBYTES);
    /* only the 18 characters count: whatever follows them does not change the hash */
    char padded[24];
    memcpy(padded, NUMBERS[0], 18);
    memcpy(padded + 18, "extra", 6);
    uint8_t p[CORE_IDCRYPT_HASHBYTES];
    core_idcrypt_hash(&k[0], padded, p);
    assert_memory_equal(p, h[0][0], CORE_IDCRYPT_HASHBYTES);
    /* the check character matters: a one-character change gives another hash */
    char other[19];
    memcpy(other, NUMBERS[0], 19);
    other[17] = '9';
    core_idcrypt_hash(&k[0], other, p);
    assert_memory_not_equal(p, h[0][0], CORE_IDCRYPT_HASHBYTES);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(round_trip),          cmocka_unit_test(keygen_makes_distinct_keys),
        cmocka_unit_test(random_nonce),        cmocka_unit_test(tampering_refused),
        cmocka_unit_test(wrong_key_refused),   cmocka_unit_test(wrong_length_refused),
        cmocka_unit_test(hash_keyed_and_deterministic),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
