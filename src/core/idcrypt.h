/*
** idcrypt.h: protection of ID numbers at rest.
**
** An ID number is stored twice, neither time in the clear: sealed with libsodium's secretbox (XSalsa20-
** Poly1305, random nonce) so that an authorised user can see it, and as a keyed BLAKE2b hash so that the
** registry can find and refuse duplicates without decrypting anything. Both keys live in a key file
** beside the database (store/keys.c), never in it. Pure computation: no I/O.
*/
#ifndef WS_CORE_IDCRYPT_H
#define WS_CORE_IDCRYPT_H
#include "err.h"

#include <stddef.h>
#include <stdint.h>

enum {
    CORE_IDCRYPT_KEYBYTES = 32,
    CORE_IDCRYPT_HASHBYTES = 32,
    /* nonce (24) + MAC (16) + the 18 characters */
    CORE_IDCRYPT_SEALBYTES = 24 + 16 + 18
};

typedef struct core_idkeys {
    uint8_t seal[CORE_IDCRYPT_KEYBYTES];
    uint8_t hash[CORE_IDCRYPT_KEYBYTES];
} core_idkeys;

/* Must be called once before any other function here (it initialises libsodium); 0 on success. */
int core_idcrypt_init(void);

void core_idcrypt_keygen(core_idkeys *k);

/* Seals an 18-character normalised number into out. */
void core_idcrypt_seal(const core_idkeys *k, const char number[18], uint8_t out[CORE_IDCRYPT_SEALBYTES]);

/* Opens a sealed number into out (19 bytes with the NUL); WS_ERR_CRYPTO when it does not authenticate. */
ws_err core_idcrypt_open(const core_idkeys *k, const uint8_t *sealed, size_t len, char out[19]);

/* The keyed lookup hash of an 18-character normalised number. */
void core_idcrypt_hash(const core_idkeys *k, const char number[18], uint8_t out[CORE_IDCRYPT_HASHBYTES]);

/* An ID number as the registry stores it: sealed, its lookup hash, and the masked text for lists. */
typedef struct core_protected_id {
    uint8_t sealed[CORE_IDCRYPT_SEALBYTES];
    uint8_t hash[CORE_IDCRYPT_HASHBYTES];
    char masked[19];
} core_protected_id;

/* All three forms of a normalised number at once (pure work that an import can spread over threads). */
void core_idcrypt_protect(const core_idkeys *k, const char number[19], core_protected_id *out);

#endif
