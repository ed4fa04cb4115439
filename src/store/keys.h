/*
** keys.h: reading and creating the key file that holds the ID-number keys (internal to src/store).
*/
#ifndef WS_STORE_KEYS_H
#define WS_STORE_KEYS_H
#include "../core/err.h"
#include "../core/idcrypt.h"

#include <stddef.h>

/* Creates key_path (must not exist) with fresh keys and mode 0600. */
ws_err store_keys_create(const char *key_path, core_idkeys *out, char *why, size_t whysz);
/* Loads keys; refuses a file that others can read. */
ws_err store_keys_load(const char *key_path, core_idkeys *out, char *why, size_t whysz);
/* Copies a key file to a new file with mode 0600 (for backups). */
ws_err store_keys_copy(const char *from, const char *to, char *why, size_t whysz);

#endif
