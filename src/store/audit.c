/*
** audit.c: appending to and verifying the hash-chained audit log.
*/
#include "audit.h"

#include "store_int.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { HASH_HEX = 65 };

static const char GENESIS[HASH_HEX] = "0000000000000000000000000000000000000000000000000000000000000000";

/*
** The chain's key, derived from the registry's hashing key in the key file: with it the hash is a MAC, so
** someone who can write the database but not read the key file cannot recompute a rewritten chain.
*/
static void chain_key(store_conn *c, unsigned char key[32]) {
    static const char CONTEXT[] = "waystation audit chain v1";
    crypto_generichash(key, 32, (const unsigned char *)CONTEXT, sizeof CONTEXT - 1, store_keys(store_conn_db(c))->hash,
                       CORE_IDCRYPT_KEYBYTES);
}

/* hash = keyed BLAKE2b-256 over the previous hash and each field, each followed by a NUL separator. */
static void entry_hash(const unsigned char key[32], const char *prev, int64_t seq, const char *at, int64_t user_id, const char *username,
                       const char *action, const char *otype, const char *oid, const char *detail,
                       char out[HASH_HEX]) {
    crypto_generichash_state h;
    char num[2][24];
    snprintf(num[0], sizeof num[0], "%" PRId64, seq);
    snprintf(num[1], sizeof num[1], "%" PRId64, user_id);
    const char *parts[] = {prev, num[0], at, num[1], username, action, otype, oid, detail};
    crypto_generichash_init(&h, key, 32, 32);
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        crypto_generichash_update(&h, (const unsigned char *)parts[i], strlen(parts[i]) + 1);
    unsigned char bin[32];
    crypto_generichash_final(&h, bin, sizeof bin);
    sodium_bin2hex(out, HASH_HEX, bin, sizeof bin);
}

ws_err store_audit_append(store_conn *w, const store_actor *who, const char *action, const char *object_type,
                          const char *object_id, json_t *detail) {
    sqlite3_stmt *st = store_stmt(w, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
    if (!st) {
        json_decref(detail);
        return WS_ERR_DB;
    }
    int64_t seq = 1;
    char prev[HASH_HEX];
    memcpy(prev, GENESIS, HASH_HEX);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        seq = sqlite3_column_int64(st, 0) + 1;
        snprintf(prev, sizeof prev, "%s", store_col_text(st, 1));
    } else if (rc != SQLITE_DONE) {
        json_decref(detail);
        return store_err(w, rc);
    }
    sqlite3_reset(st);
    /* Never reuse the number of an entry deleted from the end (AUTOINCREMENT's high-water mark), so that
    ** verify still sees the gap after new entries arrive. */
    st = store_stmt(w, "SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'");
    if (!st) {
        json_decref(detail);
        return WS_ERR_DB;
    }
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int64(st, 0) >= seq) seq = sqlite3_column_int64(st, 0) + 1;
    sqlite3_reset(st);
    char at[21];
    store_now_iso(at);
    if (!detail) detail = json_object();
    char *dtext = json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII | JSON_ENCODE_ANY);
    json_decref(detail);
    char hash[HASH_HEX];
    unsigned char key[32];
    chain_key(w, key);
    entry_hash(key, prev, seq, at, who->user_id, who->username, action, object_type, object_id, dtext, hash);
    st = store_stmt(w, "INSERT INTO audit_log (seq, at, user_id, username, action, object_type, object_id, "
                       "detail, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    if (!st) {
        free(dtext);
        return WS_ERR_DB;
    }
    sqlite3_bind_int64(st, 1, seq);
    sqlite3_bind_text(st, 2, at, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, who->user_id);
    sqlite3_bind_text(st, 4, who->username, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, action, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 6, object_type, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 7, object_id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 8, dtext, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 9, prev, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 10, hash, -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(st);
    free(dtext);
    return rc == SQLITE_DONE ? WS_OK : store_err(w, rc);
}

ws_err store_audit_list(store_conn *c, int64_t limit, int64_t offset, json_t **items, int64_t *total) {
    sqlite3_stmt *st = store_stmt(c, "SELECT count(*) FROM audit_log");
    if (!st || sqlite3_step(st) != SQLITE_ROW) return WS_ERR_DB;
    int64_t n = sqlite3_column_int64(st, 0);
    st = store_stmt(c, "SELECT seq, at, username, action, object_type, object_id, detail FROM audit_log "
                       "ORDER BY seq DESC LIMIT ?1 OFFSET ?2");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, limit);
    sqlite3_bind_int64(st, 2, offset);
    json_t *arr = json_array();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *detail = json_loads(store_col_text(st, 6), 0, NULL);
        json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o}",
                                             "seq", (json_int_t)sqlite3_column_int64(st, 0),
                                             "at", store_col_text(st, 1), "username", store_col_text(st, 2),
                                             "action", store_col_text(st, 3), "object_type", store_col_text(st, 4),
                                             "object_id", store_col_text(st, 5),
                                             "detail", detail ? detail : json_object()));
    }
    if (rc != SQLITE_DONE) {
        json_decref(arr);
        return store_err(c, rc);
    }
    *items = arr;
    *total = n;
    return WS_OK;
}

ws_err store_audit_verify(store_conn *c, int64_t *checked, int64_t *bad_seq, char *head, char *why, size_t whysz) {
    sqlite3_stmt *st = store_stmt(c, "SELECT seq, at, user_id, username, action, object_type, object_id, detail, "
                                     "prev_hash, hash FROM audit_log ORDER BY seq");
    if (!st) return WS_ERR_DB;
    unsigned char key[32];
    chain_key(c, key);
    char prev[HASH_HEX];
    memcpy(prev, GENESIS, HASH_HEX);
    int64_t expect = 1, n = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t seq = sqlite3_column_int64(st, 0);
        char hash[HASH_HEX];
        entry_hash(key, prev, seq, store_col_text(st, 1), sqlite3_column_int64(st, 2), store_col_text(st, 3),
                   store_col_text(st, 4), store_col_text(st, 5), store_col_text(st, 6), store_col_text(st, 7),
                   hash);
        const char *problem = NULL;
        if (seq != expect) problem = "an entry before it is missing";
        else if (strcmp(store_col_text(st, 8), prev) != 0) problem = "its link to the previous entry is broken";
        else if (strcmp(store_col_text(st, 9), hash) != 0) problem = "its content was changed";
        if (problem) {
            snprintf(why, whysz, "audit entry %" PRId64 ": %s", seq, problem);
            *bad_seq = seq;
            *checked = n;
            sqlite3_reset(st);
            return WS_ERR_INVALID;
        }
        memcpy(prev, hash, HASH_HEX);
        expect++;
        n++;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return store_err(c, rc);
    /* AUTOINCREMENT remembers the largest seq ever used, so entries cut off the end are noticed too. */
    st = store_stmt(c, "SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'");
    if (!st) return WS_ERR_DB;
    int64_t last = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (last != expect - 1) {
        snprintf(why, whysz, "audit entries %" PRId64 " to %" PRId64 " at the end were deleted", expect, last);
        *bad_seq = expect;
        *checked = n;
        return WS_ERR_INVALID;
    }
    *checked = n;
    if (head) memcpy(head, prev, HASH_HEX);
    return WS_OK;
}
