/*
** questionnaires.h: versions of the needs-assessment questionnaire in the store, and the reference
** tables they point into (difficulty areas, service catalog).
**
** A version is kept relationally: one row for the version (its number once published, its cut-offs as
** fractions p/q), one per dimension, one per indicator. A draft may be replaced; a published version is
** never edited (the store refuses it, and triggers refuse it underneath). Version 1 is the compiled-in
** default (core_questionnaire_default), written by migration 2. Loaded versions are core_questionnaire
** values whose wording points into the loaded object's own memory.
** Functions taking w must run inside a write transaction (db.h); they do not audit.
*/
#ifndef WS_STORE_QUESTIONNAIRES_H
#define WS_STORE_QUESTIONNAIRES_H
#include "../core/mem.h"
#include "../core/questionnaire.h"
#include "db.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct store_questionnaire {
    int64_t id;
    bool published;        /* q.version is 0 while a draft */
    core_questionnaire q;  /* wording points into strings */
    core_arena *strings;
} store_questionnaire;

/* Loads version id; caller frees with store_questionnaire_free. WS_ERR_NOTFOUND when absent. */
ws_err store_questionnaire_load(store_conn *c, int64_t id, store_questionnaire **out);
/* The version new assessments use: the newest published one. */
ws_err store_questionnaire_current(store_conn *c, store_questionnaire **out);
void store_questionnaire_free(store_questionnaire *q); /* NULL allowed */

/*
** Loaded versions kept for the length of one request or command: store_qcache_get loads a version the
** first time it is asked for. The cache owns what it returns; free it all with store_qcache_free.
*/
typedef struct store_qcache {
    store_questionnaire *items[8];
    int n;
} store_qcache;
ws_err store_qcache_get(store_conn *c, store_qcache *cache, int64_t id, const store_questionnaire **out);
void store_qcache_free(store_qcache *cache);

/* Every version, oldest first, as list items {id, version, status, published_at, published_by,
** indicator_count, denominator, current}, with the total. *items is new. */
ws_err store_questionnaires_list(store_conn *c, int64_t limit, int64_t offset, json_t **items, int64_t *total);

/* A version in full as the API shows it (cut-offs as "p/q", dimensions with their weight, indicators
** with their area's name). *out is new. */
json_t *store_questionnaire_json(const store_questionnaire *sq, store_conn *c);

/* Inserts q as a new draft (its version number is ignored). */
ws_err store_questionnaire_insert(store_conn *w, const core_questionnaire *q, int64_t user_id, int64_t *id);
/* Replaces draft id's content by q. WS_ERR_CONFLICT when id is published, WS_ERR_NOTFOUND when absent. */
ws_err store_questionnaire_replace(store_conn *w, int64_t id, const core_questionnaire *q);
/*
** Publishes draft id as the next version number (by names the publisher for lists: a user's display
** name, or "system"). WS_ERR_CONFLICT when it is published already.
*/
ws_err store_questionnaire_publish(store_conn *w, int64_t id, int64_t user_id, const char *by, int *version);

#endif
