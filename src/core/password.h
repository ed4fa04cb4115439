/*
** password.h: password hashing with Argon2id (libsodium's crypto_pwhash_str).
**
** Cost: 2 passes over 19 MiB (the OWASP minimum for Argon2id), so that logging in stays quick on a
** two-core server while an offline attack on a stolen hash stays expensive.
*/
#ifndef WS_CORE_PASSWORD_H
#define WS_CORE_PASSWORD_H
#include "err.h"

#include <stdbool.h>

enum { CORE_PASSWORD_HASH_MAX = 128, CORE_PASSWORD_MIN_LEN = 8 };

/* Writes the encoded hash (with salt and parameters) into out; WS_ERR_INTERNAL if memory is short. */
ws_err core_password_hash(const char *password, char out[CORE_PASSWORD_HASH_MAX]);

/* True when password matches the encoded hash. Takes the same time whatever the outcome. */
bool core_password_verify(const char *password, const char *encoded);

/* A random password of 16 letters and digits (no look-alikes such as 0/O, 1/l) for demo accounts. */
void core_password_random(char out[17]);

#endif
