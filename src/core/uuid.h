/*
** uuid.h: the identifiers Open Referral HSDS gives every row (RFC 9562 UUIDs, written as 36 characters of
** lower-case hex and dashes).
**
** Two kinds are made here: random ones (version 4) for organizations and services, which the directory then
** keeps; and name-based ones (version 8, the 16 first bytes of BLAKE2b over a name) for rows an export makes
** from them, such as the attribute that links a service to its catalog item, named by their owner's
** identifier and their role ("<service id>/attribute/item"). The same name gives the same identifier in
** every installation, so that exporting again, or importing one installation's export into another, keeps
** every identifier. Needs core_idcrypt_init (libsodium) first; no I/O.
*/
#ifndef WS_CORE_UUID_H
#define WS_CORE_UUID_H
#include <stdbool.h>

enum { CORE_UUID_LEN = 36 };

/* A random version 4 UUID. */
void core_uuid_random(char out[CORE_UUID_LEN + 1]);

/* The version 8 UUID of a name (any NUL-terminated text): always the same for the same name. */
void core_uuid_named(const char *name, char out[CORE_UUID_LEN + 1]);

/* True when text is a UUID in the 8-4-4-4-12 hex form (either case), the form JSON Schema's "uuid" accepts. */
bool core_uuid_valid(const char *text);

#endif
