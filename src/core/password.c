/*
** password.c: Argon2id hashing and verification, and random passwords.
*/
#include "password.h"

#include <sodium.h>
#include <string.h>

enum { OPSLIMIT = 2, MEMLIMIT = 19 * 1024 * 1024 };

_Static_assert(CORE_PASSWORD_HASH_MAX >= crypto_pwhash_STRBYTES, "hash buffer");

ws_err core_password_hash(const char *password, char out[CORE_PASSWORD_HASH_MAX]) {
    if (crypto_pwhash_str_alg(out, password, strlen(password), OPSLIMIT, MEMLIMIT,
                              crypto_pwhash_ALG_ARGON2ID13) != 0)
        return WS_ERR_INTERNAL;
    return WS_OK;
}

bool core_password_verify(const char *password, const char *encoded) {
    return crypto_pwhash_str_verify(encoded, password, strlen(password)) == 0;
}

void core_password_random(char out[17]) {
    static const char ALPHABET[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    for (int i = 0; i < 16; i++) out[i] = ALPHABET[randombytes_uniform(sizeof ALPHABET - 1)];
    out[16] = '\0';
}
