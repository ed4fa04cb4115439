/*
** audit.h: the append-only, hash-chained audit log.
**
** Every write and every view of full personal data appends one entry in the same transaction as the
** thing it records, so the log and the data never disagree. Each entry's hash covers its fields and the
** previous entry's hash (BLAKE2b-256 keyed with a key derived from the key file, hex); editing, inserting
** or deleting any entry breaks the chain from there on, which store_audit_verify finds, and the chain
** cannot be recomputed without the key file. Triggers refuse UPDATE and DELETE as a first line. Cutting
** entries off the end is seen through SQLite's AUTOINCREMENT high-water mark, which someone with write
** access to the file could reset too: compare the head that verify reports with one kept elsewhere.
*/
#ifndef WS_STORE_AUDIT_H
#define WS_STORE_AUDIT_H
#include "db.h"

#include <jansson.h>
#include <stdint.h>

/* Who acts: a user, or the system itself (user_id 0, username "system" or a command's name). */
typedef struct store_actor {
    int64_t user_id;
    const char *username;
} store_actor;

/* Appends an entry inside the open write transaction w. Takes ownership of detail (may be NULL). */
ws_err store_audit_append(store_conn *w, const store_actor *who, const char *action, const char *object_type,
                          const char *object_id, json_t *detail);

/* Entries newest first; *items is a new array the caller must json_decref. */
ws_err store_audit_list(store_conn *c, int64_t limit, int64_t offset, json_t **items, int64_t *total);

/*
** Recomputes the chain. Returns WS_OK with *checked entries (and, when head is not NULL, the last entry's
** hash in head, 65 bytes) when intact; WS_ERR_INVALID with the first
** bad entry's seq in *bad_seq and a description in why when an entry was edited, removed or inserted.
*/
ws_err store_audit_verify(store_conn *c, int64_t *checked, int64_t *bad_seq, char *head, char *why, size_t whysz);

#endif
