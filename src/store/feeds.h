/*
** feeds.h: monitoring records from departments' feeds (监测数据) in SQL: storing them idempotently by
** source and record id, matching each to the registered member whose ID number it names (by the keyed
** hash, as members are found), linking records kept as leads once their person is registered, and the
** list of records a caller may see.
**
** A record's ID number is stored as members' are (core/idcrypt.h): sealed, hashed and masked, never in
** the clear. A record whose person is not registered keeps household_id and member_id NULL: it is a lead
** for the town of its address. Functions taking w must run inside a write transaction (db.h); they do not
** audit. JSON shapes follow docs/api.md ("Monitoring feeds").
*/
#ifndef WS_STORE_FEEDS_H
#define WS_STORE_FEEDS_H
#include "../core/date.h"
#include "../core/idcrypt.h"
#include "db.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* One record to store; every pointer is borrowed for the call. */
typedef struct store_feed_record {
    const char *source, *record_id, *kind; /* kind: a core_alert_kind_valid code */
    const core_protected_id *id;           /* the person's number in its stored forms */
    const char *person_name, *address;     /* "" when none */
    const char *town_code;                 /* a town of the city, or NULL */
    const char *detail;                    /* a JSON object as text */
    core_date occurred_on;                 /* the local (Asia/Shanghai) day */
    int64_t amount_fen;                    /* -1: none */
    int64_t household_id, member_id;       /* the registered person it is about; 0 for a lead */
    const char *imported_in;               /* the importer's division ("" the whole city) */
} store_feed_record;

/* What a stored record says, beyond its source and record id: what a department re-sending it must match. */
typedef struct store_feed_stored {
    char kind[32];
    core_date occurred_on;
    int64_t amount_fen; /* -1: none */
    int disconnected;   /* -1: not said, 0, 1 */
    bool has_id_hash;
    uint8_t id_hash[CORE_IDCRYPT_HASHBYTES]; /* the keyed hash of its ID number (core_idcrypt_hash) */
    char town[16]; /* whose it is: its household's town, else the town of its address, else "" */
    bool has_importer;
    char imported_in[16]; /* the division of whoever imported it, when known ("" the whole city) */
} store_feed_stored;

/* Whether a record of source and record_id is stored already (*exists), and if so its content into *out
** (untouched otherwise). */
ws_err store_feed_find(store_conn *c, const char *source, const char *record_id, bool *exists,
                       store_feed_stored *out);

/* Stores r; *id is its id. WS_ERR_CONFLICT when source and record_id are stored already. */
ws_err store_feed_insert(store_conn *w, const store_feed_record *r, int64_t *id);
/* Stores r[0..n) in that order (ids as store_feed_insert would give them one by one); ids[k] is r[k]'s id. */
ws_err store_feed_insert_many(store_conn *w, const store_feed_record *r, size_t n, int64_t *ids);

/*
** Links the records about the active members of household_id (with their ID number, and no household yet
** or one the person has left) to the household and member, then evaluates the alert rules for them on
** today (store_alerts_evaluate_records), so that a person registered after a department reported them is
** followed up. Called by the registry whenever a household's members are written.
*/
ws_err store_feeds_link_household(store_conn *w, int64_t household_id, core_date today);

/* Unlinks household_id's records matched through a number their member no longer has (it was corrected):
** they are about someone else, so they become leads again, and the open alerts they raised are withdrawn
** (store_alerts_withdraw_records). Called by the registry when a member's ID number may have changed. */
ws_err store_feeds_unlink_corrected(store_conn *w, int64_t household_id);

typedef struct store_feed_query {
    const char *scope;    /* the caller's division */
    const char *division; /* NULL or a code of any level */
    const char *kind;     /* NULL or a kind code */
    int64_t household_id; /* 0: any */
    bool unmatched;       /* leads only */
    int64_t limit, offset;
} store_feed_query;

/*
** The records q selects that the caller may see: those of households within the division, and the leads
** whose town lies in it (a lead without a town: the city only). Newest day first; *items is new.
*/
ws_err store_feeds_list(store_conn *c, const store_feed_query *q, json_t **items, int64_t *total);

#endif
