/*
** uuid.c: random and name-based UUIDs with libsodium, and their textual form.
*/
#include "uuid.h"

#include <sodium.h>
#include <stdint.h>
#include <string.h>

/* A name-based UUID hashes the name under this key, so that our identifiers live apart from other schemes. */
static const uint8_t NAME_KEY[crypto_generichash_KEYBYTES_MIN] = "waystation-hsds";

static void format(uint8_t b[16], int version, char out[CORE_UUID_LEN + 1]) {
    static const char hex[] = "0123456789abcdef";
    b[6] = (uint8_t)((b[6] & 0x0f) | (version << 4));
    b[8] = (uint8_t)((b[8] & 0x3f) | 0x80); /* the RFC's variant, 10xx */
    size_t k = 0;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out[k++] = '-';
        out[k++] = hex[b[i] >> 4];
        out[k++] = hex[b[i] & 15];
    }
    out[k] = '\0';
}

void core_uuid_random(char out[CORE_UUID_LEN + 1]) {
    uint8_t b[16];
    randombytes_buf(b, sizeof b);
    format(b, 4, out);
}

void core_uuid_named(const char *name, char out[CORE_UUID_LEN + 1]) {
    uint8_t b[16];
    crypto_generichash(b, sizeof b, (const uint8_t *)name, strlen(name), NAME_KEY, sizeof NAME_KEY);
    format(b, 8, out);
}

bool core_uuid_valid(const char *text) {
    for (int i = 0; i < CORE_UUID_LEN; i++) {
        char c = text[i];
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            return false;
    }
    return text[CORE_UUID_LEN] == '\0';
}
