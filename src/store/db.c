/*
** db.c: opening the database, the writer and the pool of readers, the statement cache, backups.
*/
#include "store_int.h"

#include "../core/mem.h"
#include "keys.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

typedef struct cached_stmt {
    const char *sql;
    sqlite3_stmt *st;
} cached_stmt;

struct store_conn {
    store_db *db;
    sqlite3 *sql;
    cached_stmt *cache;
    size_t ncache, capcache;
    store_conn *next_idle;
    int64_t data_version; /* SQLite's data_version when store_generation last read it here, or -1 */
};

struct store_db {
    char *path;
    core_idkeys keys;
    store_conn *writer;
    pthread_mutex_t write_lock;
    pthread_mutex_t pool_lock;
    store_conn *idle;
    store_conn **all_readers;
    size_t nreaders;
    _Atomic uint64_t generation; /* see store_generation */
};

/* Long enough for a large console import to finish its transaction while the server waits to write. */
enum { BUSY_TIMEOUT_MS = 30000 };

static int exec(sqlite3 *db, const char *sql) { return sqlite3_exec(db, sql, NULL, NULL, NULL); }

/* SQLite's memory statistics (unused here) take one global mutex on every allocation of every thread. */
static void sqlite_configure(void) { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }
static pthread_once_t sqlite_configured = PTHREAD_ONCE_INIT;

static ws_err conn_open(store_db *db, bool readonly, bool create, store_conn **out, char *why, size_t whysz) {
    int flags = SQLITE_OPEN_NOMUTEX | (readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE);
    if (create) flags |= SQLITE_OPEN_CREATE;
    sqlite3 *s = NULL;
    int rc = sqlite3_open_v2(db->path, &s, flags, NULL);
    if (rc != SQLITE_OK) {
        snprintf(why, whysz, "cannot open %s: %s", db->path, s ? sqlite3_errmsg(s) : sqlite3_errstr(rc));
        sqlite3_close(s);
        return WS_ERR_DB;
    }
    sqlite3_busy_timeout(s, BUSY_TIMEOUT_MS);
    sqlite3_extended_result_codes(s, 1);
    /* Plans must not depend on bound values: otherwise SQLite compiles a cached statement again whenever a
    ** new value is bound to a parameter that could change its plan (the household list's LIKE pattern). */
    sqlite3_db_config(s, SQLITE_DBCONFIG_ENABLE_QPSG, 1, (int *)NULL);
    /* The writer may cache 64 MiB (taken only as used): a large import then keeps its index pages in memory
    ** instead of spilling them to the WAL and reading them back, one page per member. */
    if (exec(s, "PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL;") != SQLITE_OK ||
        (!readonly && exec(s, "PRAGMA journal_mode=WAL; PRAGMA cache_size=-65536; "
                                     "PRAGMA journal_size_limit=67108864;") != SQLITE_OK)) {
        snprintf(why, whysz, "cannot configure %s: %s", db->path, sqlite3_errmsg(s));
        sqlite3_close(s);
        return WS_ERR_DB;
    }
    store_conn *c = xcalloc(1, sizeof *c);
    c->db = db;
    c->sql = s;
    c->data_version = -1; /* never read: the first store_generation counts as a change */
    *out = c;
    return WS_OK;
}

static void conn_reset_all(store_conn *c) {
    for (size_t i = 0; i < c->ncache; i++) sqlite3_reset(c->cache[i].st);
}

static void conn_close(store_conn *c) {
    if (!c) return;
    for (size_t i = 0; i < c->ncache; i++) sqlite3_finalize(c->cache[i].st);
    free(c->cache);
    sqlite3_close(c->sql);
    free(c);
}

static char *key_path_of(const char *path) {
    size_t n = strlen(path);
    char *k = xmalloc(n + 5);
    memcpy(k, path, n);
    memcpy(k + n, ".key", 5);
    return k;
}

static bool file_exists(const char *path) {
    struct stat st;
    return stat(path, &st) == 0;
}

/* Creates path as an empty file with mode 0600, so that SQLite (which would use 0644) fills a private file. */
static ws_err create_private(const char *path, char *why, size_t whysz) {
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        snprintf(why, whysz, "cannot create %s: %s", path, strerror(errno));
        return WS_ERR_IO;
    }
    close(fd);
    return WS_OK;
}

static ws_err open_keys(store_db *db, bool creating, char *why, size_t whysz) {
    char *kp = key_path_of(db->path);
    ws_err e = (creating && !file_exists(kp)) ? store_keys_create(kp, &db->keys, why, whysz)
                                              : store_keys_load(kp, &db->keys, why, whysz);
    free(kp);
    return e;
}

ws_err store_open(const char *path, bool create, store_db **out, char *why, size_t whysz) {
    pthread_once(&sqlite_configured, sqlite_configure);
    if (core_idcrypt_init() != 0) {
        snprintf(why, whysz, "libsodium failed to initialise");
        return WS_ERR_CRYPTO;
    }
    bool exists = file_exists(path);
    if (!exists && !create) {
        snprintf(why, whysz, "no database at %s (create it with: waystation init --db %s)", path, path);
        return WS_ERR_NOTFOUND;
    }
    store_db *db = xcalloc(1, sizeof *db);
    db->path = xstrdup(path);
    pthread_mutex_init(&db->write_lock, NULL);
    pthread_mutex_init(&db->pool_lock, NULL);
    ws_err e = open_keys(db, !exists, why, whysz);
    if (!e && !exists) e = create_private(path, why, whysz);
    if (e) goto fail;
    e = conn_open(db, false, create, &db->writer, why, whysz);
    if (e) goto fail;
    store_conn *w;
    e = store_write_begin(db, &w);
    if (e) {
        snprintf(why, whysz, "database %s is busy", path);
        goto fail;
    }
    e = store_migrate(w, why, whysz);
    if (e) {
        store_write_rollback(w);
        goto fail;
    }
    e = store_write_commit(w);
    if (e) {
        snprintf(why, whysz, "cannot commit the schema of %s", path);
        goto fail;
    }
    *out = db;
    return WS_OK;
fail:
    store_close(db);
    return e;
}

void store_close(store_db *db) {
    if (!db) return;
    for (size_t i = 0; i < db->nreaders; i++) conn_close(db->all_readers[i]);
    free(db->all_readers);
    conn_close(db->writer);
    pthread_mutex_destroy(&db->write_lock);
    pthread_mutex_destroy(&db->pool_lock);
    sodium_memzero(&db->keys, sizeof db->keys);
    free(db->path);
    free(db);
}

const core_idkeys *store_keys(const store_db *db) { return &db->keys; }
const char *store_path(const store_db *db) { return db->path; }
store_db *store_conn_db(store_conn *c) { return c->db; }
sqlite3 *store_sqlite(store_conn *c) { return c->sql; }

int store_schema_version(store_db *db) {
    store_conn *c = store_read_acquire(db);
    sqlite3_stmt *st = store_stmt(c, "SELECT coalesce(max(version), 0) FROM schema_migrations");
    int v = st && sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    store_read_release(c);
    return v;
}

store_conn *store_read_acquire(store_db *db) {
    pthread_mutex_lock(&db->pool_lock);
    store_conn *c = db->idle;
    if (c) db->idle = c->next_idle;
    pthread_mutex_unlock(&db->pool_lock);
    if (c) return c;
    char why[512];
    if (conn_open(db, true, false, &c, why, sizeof why) != WS_OK) {
        fprintf(stderr, "waystation: %s\n", why);
        abort(); /* the writer opened the same file a moment ago: this is not a user error */
    }
    pthread_mutex_lock(&db->pool_lock);
    db->all_readers = xrealloc(db->all_readers, (db->nreaders + 1) * sizeof *db->all_readers);
    db->all_readers[db->nreaders++] = c;
    pthread_mutex_unlock(&db->pool_lock);
    return c;
}

void store_read_end(store_conn *c) { conn_reset_all(c); }

void store_read_release(store_conn *c) {
    conn_reset_all(c);
    store_db *db = c->db;
    pthread_mutex_lock(&db->pool_lock);
    c->next_idle = db->idle;
    db->idle = c;
    pthread_mutex_unlock(&db->pool_lock);
}

/*
** SQLite's data_version changes on a connection when another connection (of any process) has committed
** since it last looked. Whichever reader first sees a commit moves the shared generation on, before
** its caller reads anything; a reader that saw the commit earlier moved it on then.
*/
uint64_t store_generation(store_conn *c) {
    conn_reset_all(c); /* a new snapshot, so that data_version counts every commit made until now */
    sqlite3_stmt *st = store_stmt(c, "PRAGMA data_version");
    int64_t v = st && sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    if (st) sqlite3_reset(st);
    if (v < 0 || v != c->data_version) { /* unknown counts as changed */
        c->data_version = v;
        atomic_fetch_add(&c->db->generation, 1);
    }
    return atomic_load(&c->db->generation);
}

ws_err store_write_begin(store_db *db, store_conn **w) {
    pthread_mutex_lock(&db->write_lock);
    int rc = exec(db->writer->sql, "BEGIN IMMEDIATE");
    if (rc != SQLITE_OK) {
        pthread_mutex_unlock(&db->write_lock);
        fprintf(stderr, "waystation: cannot start a write: %s\n", sqlite3_errstr(rc));
        return WS_ERR_DB;
    }
    *w = db->writer;
    return WS_OK;
}

ws_err store_write_commit(store_conn *w) {
    conn_reset_all(w);
    int rc = exec(w->sql, "COMMIT");
    if (rc != SQLITE_OK) {
        fprintf(stderr, "waystation: commit failed: %s\n", sqlite3_errmsg(w->sql));
        exec(w->sql, "ROLLBACK");
    }
    pthread_mutex_unlock(&w->db->write_lock);
    return rc == SQLITE_OK ? WS_OK : WS_ERR_DB;
}

void store_write_rollback(store_conn *w) {
    conn_reset_all(w);
    exec(w->sql, "ROLLBACK");
    pthread_mutex_unlock(&w->db->write_lock);
}

ws_err store_write_finish(store_conn *w, ws_err e) {
    if (e) {
        store_write_rollback(w);
        return e;
    }
    return store_write_commit(w);
}

sqlite3_stmt *store_stmt(store_conn *c, const char *sql) {
    for (size_t i = 0; i < c->ncache; i++) {
        if (c->cache[i].sql == sql) {
            sqlite3_reset(c->cache[i].st);
            sqlite3_clear_bindings(c->cache[i].st);
            return c->cache[i].st;
        }
    }
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v3(c->sql, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "waystation: SQL does not prepare: %s\n  %s\n", sqlite3_errmsg(c->sql), sql);
        return NULL;
    }
    if (c->ncache == c->capcache) {
        c->capcache = c->capcache ? c->capcache * 2 : 16;
        c->cache = xrealloc(c->cache, c->capcache * sizeof *c->cache);
    }
    c->cache[c->ncache++] = (cached_stmt){sql, st};
    return st;
}

ws_err store_err(store_conn *c, int rc) {
    switch (rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_ROW:
    case SQLITE_DONE: return WS_OK;
    case SQLITE_CONSTRAINT: return WS_ERR_CONFLICT;
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return WS_ERR_CONFLICT;
    default:
        fprintf(stderr, "waystation: database error %d: %s\n", rc, sqlite3_errmsg(c->sql));
        return WS_ERR_DB;
    }
}

ws_err store_step_done(store_conn *c, sqlite3_stmt *st) {
    int rc = sqlite3_step(st);
    return rc == SQLITE_DONE ? WS_OK : store_err(c, rc);
}

ws_err store_collect_ids(store_conn *c, sqlite3_stmt *st, int64_t **ids, size_t *n) {
    int64_t *list = NULL;
    size_t count = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (count == cap) {
            cap = cap ? cap * 2 : 64;
            list = xrealloc(list, cap * sizeof *list);
        }
        list[count++] = sqlite3_column_int64(st, 0);
    }
    if (rc != SQLITE_DONE) {
        free(list);
        return store_err(c, rc);
    }
    *ids = list;
    *n = count;
    return WS_OK;
}

const char *store_col_text(sqlite3_stmt *st, int col) {
    const unsigned char *t = sqlite3_column_text(st, col);
    return t ? (const char *)t : "";
}

json_t *store_col_json_text(sqlite3_stmt *st, int col) {
    const unsigned char *t = sqlite3_column_text(st, col);
    return t ? json_string((const char *)t) : json_null();
}

int store_bind_text(sqlite3_stmt *st, int idx, const char *s) {
    return s ? sqlite3_bind_text(st, idx, s, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, idx);
}

void store_now_iso(char out[21]) {
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void store_bind_prefix_range(sqlite3_stmt *st, int idx, const char *prefix) {
    size_t n = strlen(prefix);
    char upper[64];
    if (n == 0) { /* the empty prefix: everything */
        sqlite3_bind_text(st, idx, "", -1, SQLITE_STATIC);
        sqlite3_bind_text(st, idx + 1, "\x7f", -1, SQLITE_STATIC);
        return;
    }
    if (n >= sizeof upper) { /* longer than any code: nothing (never everything) */
        sqlite3_bind_text(st, idx, "\x7f", -1, SQLITE_STATIC);
        sqlite3_bind_text(st, idx + 1, "", -1, SQLITE_STATIC);
        return;
    }
    memcpy(upper, prefix, n + 1);
    upper[n - 1]++;
    sqlite3_bind_text(st, idx, prefix, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, idx + 1, upper, -1, SQLITE_TRANSIENT);
}

ws_err store_backup(store_db *db, const char *dest, char *why, size_t whysz) {
    if (file_exists(dest)) {
        snprintf(why, whysz, "%s already exists; choose a new name", dest);
        return WS_ERR_CONFLICT;
    }
    ws_err e = create_private(dest, why, whysz); /* VACUUM INTO fills an empty file and keeps its mode */
    if (e) return e;
    char *dest_key = key_path_of(dest);
    char *src_key = key_path_of(db->path);
    store_conn *c = store_read_acquire(db);
    /* VACUUM INTO reads one snapshot, so the copy is consistent while the server keeps writing. */
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(c->sql, "VACUUM INTO ?1", -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(st, 1, dest, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
    }
    if (rc != SQLITE_DONE) {
        snprintf(why, whysz, "backup to %s failed: %s", dest, sqlite3_errmsg(c->sql));
        e = WS_ERR_IO;
    }
    sqlite3_finalize(st);
    store_read_release(c);
    if (!e) e = store_keys_copy(src_key, dest_key, why, whysz);
    if (e) unlink(dest);
    free(dest_key);
    free(src_key);
    return e;
}
