/*
** idcrypt.c: sealing and keyed hashing of ID numbers with libsodium.
*/
#include "idcrypt.h"

#include "idnum.h"

#include <sodium.h>
#include <string.h>

_Static_assert(CORE_IDCRYPT_SEALBYTES == crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + 18,
               "sealed size");

int core_idcrypt_init(void) { return sodium_init() < 0 ? -1 : 0; }

void core_idcrypt_keygen(core_idkeys *k) {
    crypto_secretbox_keygen(k->seal);
    crypto_generichash_keygen(k->hash);
}

/*
** Random nonces come from a per-thread pool refilled a page at a time: asking the kernel for 24 bytes per
** ID number made the getrandom system call most of an import's system time.
*/
static _Thread_local struct {
    uint8_t bytes[4096 - 4096 % crypto_secretbox_NONCEBYTES];
    size_t used;
} nonce_pool = {.used = sizeof nonce_pool.bytes};

static void next_nonce(uint8_t out[crypto_secretbox_NONCEBYTES]) {
    if (nonce_pool.used == sizeof nonce_pool.bytes) {
        randombytes_buf(nonce_pool.bytes, sizeof nonce_pool.bytes);
        nonce_pool.used = 0;
    }
    memcpy(out, nonce_pool.bytes + nonce_pool.used, crypto_secretbox_NONCEBYTES);
    sodium_memzero(nonce_pool.bytes + nonce_pool.used, crypto_secretbox_NONCEBYTES); /* each nonce once */
    nonce_pool.used += crypto_secretbox_NONCEBYTES;
}

void core_idcrypt_seal(const core_idkeys *k, const char number[18], uint8_t out[CORE_IDCRYPT_SEALBYTES]) {
    next_nonce(out);
    crypto_secretbox_easy(out + crypto_secretbox_NONCEBYTES, (const uint8_t *)number, 18, out, k->seal);
}

ws_err core_idcrypt_open(const core_idkeys *k, const uint8_t *sealed, size_t len, char out[19]) {
    if (len != CORE_IDCRYPT_SEALBYTES) return WS_ERR_CRYPTO;
    uint8_t plain[18];
    if (crypto_secretbox_open_easy(plain, sealed + crypto_secretbox_NONCEBYTES,
                                   len - crypto_secretbox_NONCEBYTES, sealed, k->seal) != 0)
        return WS_ERR_CRYPTO;
    memcpy(out, plain, 18);
    out[18] = '\0';
    sodium_memzero(plain, sizeof plain);
    return WS_OK;
}

void core_idcrypt_hash(const core_idkeys *k, const char number[18], uint8_t out[CORE_IDCRYPT_HASHBYTES]) {
    crypto_generichash(out, CORE_IDCRYPT_HASHBYTES, (const uint8_t *)number, 18, k->hash, sizeof k->hash);
}

void core_idcrypt_protect(const core_idkeys *k, const char number[19], core_protected_id *out) {
    core_idcrypt_seal(k, number, out->sealed);
    core_idcrypt_hash(k, number, out->hash);
    core_idnum_mask(number, out->masked);
}
