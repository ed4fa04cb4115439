/*
** db.h: the database handle: one SQLite file, opened in WAL mode with durable commits.
**
** Contract:
** - One writer connection per process, serialised by a mutex; every write transaction is
**   BEGIN IMMEDIATE, so writers queue at the start instead of failing half-way (busy timeout 30 s, which
**   also covers other processes such as a command-line import while the server runs).
** - Read-only connections come from a pool (one per worker thread in practice) and see the last
**   committed state at the start of each request.
** - synchronous=FULL (a commit survives power loss), foreign_keys=ON.
** - Schema migrations are numbered and applied at open, each in its own transaction.
** - The ID-number keys are read from the key file beside the database (PATH.key, mode 0600).
** Thread safety: every function here may be called from any thread; a store_conn is used by one thread
** at a time.
*/
#ifndef WS_STORE_DB_H
#define WS_STORE_DB_H
#include "../core/err.h"
#include "../core/idcrypt.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct store_db store_db;
typedef struct store_conn store_conn;

/*
** Opens the database at path. With create, a missing database and key file are created (both with
** mode 0600, which SQLite's WAL files inherit); without it, a missing database is WS_ERR_NOTFOUND.
** Applies pending migrations.
** On failure writes a reason into why (size whysz) and leaves *out untouched.
*/
ws_err store_open(const char *path, bool create, store_db **out, char *why, size_t whysz);
void store_close(store_db *db); /* NULL allowed; connections must have been released */

const core_idkeys *store_keys(const store_db *db);
const char *store_path(const store_db *db);
int store_schema_version(store_db *db);

/* A read connection from the pool; give it back with store_read_release (which ends its snapshot). */
store_conn *store_read_acquire(store_db *db);
void store_read_release(store_conn *c);
/*
** Ends c's snapshot without giving c back. A request that read and is about to write calls it first: a
** snapshot held open across a commit keeps the WAL from being checkpointed and reset, so it would grow
** with every write.
*/
void store_read_end(store_conn *c);

/*
** A number that stays the same while the data does: after any commit, by this process or another, the
** next call on any read connection returns a larger one. Ends c's snapshot (resets its statements), so
** that whatever c reads next is at least as new as the number: a result read on c after the call may be
** kept under the number and reused while calls return it.
*/
uint64_t store_generation(store_conn *c);

/*
** Starts a write transaction (BEGIN IMMEDIATE) on the writer connection, holding the writer lock until
** store_write_commit or store_write_rollback. WS_ERR_DB when the database stays busy.
*/
ws_err store_write_begin(store_db *db, store_conn **w);
ws_err store_write_commit(store_conn *w); /* on failure the transaction is rolled back */
void store_write_rollback(store_conn *w);
/* Commits when e is WS_OK, otherwise rolls back; returns the outcome (e, or the commit's failure). */
ws_err store_write_finish(store_conn *w, ws_err e);

store_db *store_conn_db(store_conn *c);

/* A consistent copy of the live database into dest (which must not exist) and its key file beside it,
** both with mode 0600. */
ws_err store_backup(store_db *db, const char *dest, char *why, size_t whysz);

#endif
