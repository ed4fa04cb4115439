/*
** migrations.c: the schema, as numbered migrations applied in order at open.
**
** A released migration is never edited: change the schema by appending a new one. SQL here stays
** portable where a portable form exists (a PostgreSQL store comes later): TEXT dates in ISO form,
** INTEGER keys, partial unique indexes, CHECK constraints.
*/
#include "store_int.h"

#include "seed.h"

#include <stdio.h>
#include <string.h>

static const char *const MIGRATIONS[] = {
    /* 1: divisions, stations, users and sessions, households and members, category history, audit log */
    "CREATE TABLE divisions ("
    "  code TEXT PRIMARY KEY,"
    "  name TEXT NOT NULL,"
    "  level TEXT NOT NULL CHECK (level IN ('city','county','town','village')),"
    "  kind TEXT NOT NULL DEFAULT '',"
    "  parent_code TEXT REFERENCES divisions(code));"
    "CREATE INDEX divisions_parent ON divisions(parent_code);"
    "CREATE TABLE stations ("
    "  id INTEGER PRIMARY KEY,"
    "  town_code TEXT NOT NULL UNIQUE REFERENCES divisions(code),"
    "  name TEXT NOT NULL);"
    "CREATE TABLE users ("
    "  id INTEGER PRIMARY KEY,"
    "  username TEXT NOT NULL UNIQUE,"
    "  display_name TEXT NOT NULL,"
    "  role TEXT NOT NULL CHECK (role IN ('city_admin','county_officer','station_worker','provider_staff','auditor')),"
    "  division_code TEXT NOT NULL REFERENCES divisions(code),"
    "  provider_id INTEGER,"
    "  password_hash TEXT NOT NULL,"
    "  disabled INTEGER NOT NULL DEFAULT 0,"
    "  created_at TEXT NOT NULL);"
    "CREATE TABLE sessions ("
    "  token_hash BLOB PRIMARY KEY,"
    "  user_id INTEGER NOT NULL REFERENCES users(id),"
    "  csrf_token TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  last_seen INTEGER NOT NULL,"
    "  expires_at INTEGER NOT NULL);"
    "CREATE INDEX sessions_user ON sessions(user_id);"
    "CREATE TABLE households ("
    "  id INTEGER PRIMARY KEY,"
    "  household_no TEXT NOT NULL DEFAULT '',"
    "  town_code TEXT NOT NULL REFERENCES divisions(code),"
    "  village TEXT NOT NULL DEFAULT '',"
    "  address TEXT NOT NULL DEFAULT '',"
    "  category TEXT NOT NULL,"
    "  phone TEXT NOT NULL DEFAULT '',"
    "  registered_on TEXT NOT NULL,"
    "  synthetic INTEGER NOT NULL DEFAULT 0,"
    "  created_at TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL,"
    "  closed_at TEXT);"
    "CREATE INDEX households_town ON households(town_code, id);"
    /* a station's own household numbers identify its open households */
    "CREATE UNIQUE INDEX households_number ON households(town_code, household_no) "
    "  WHERE household_no <> '' AND closed_at IS NULL;"
    "CREATE TABLE members ("
    "  id INTEGER PRIMARY KEY,"
    "  household_id INTEGER NOT NULL REFERENCES households(id),"
    "  name TEXT NOT NULL,"
    "  id_sealed BLOB,"
    "  id_hash BLOB,"
    "  id_masked TEXT NOT NULL DEFAULT '',"
    "  sex TEXT CHECK (sex IN ('M','F')),"
    "  birth_date TEXT,"
    "  relation TEXT NOT NULL,"
    "  phone TEXT NOT NULL DEFAULT '',"
    "  disability_grade INTEGER NOT NULL DEFAULT 0 CHECK (disability_grade BETWEEN 0 AND 4),"
    "  serious_illness INTEGER NOT NULL DEFAULT 0,"
    "  active INTEGER NOT NULL DEFAULT 1,"
    "  created_at TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL);"
    /* one living person, one record: among active members an ID number appears once in the city */
    "CREATE UNIQUE INDEX members_id_hash ON members(id_hash) WHERE id_hash IS NOT NULL AND active = 1;"
    "CREATE UNIQUE INDEX members_one_head ON members(household_id) WHERE relation = 'head' AND active = 1;"
    "CREATE INDEX members_household ON members(household_id, id);"
    "CREATE TABLE category_history ("
    "  id INTEGER PRIMARY KEY,"
    "  household_id INTEGER NOT NULL REFERENCES households(id),"
    "  from_category TEXT,"
    "  to_category TEXT NOT NULL,"
    "  changed_on TEXT NOT NULL,"
    "  reason TEXT NOT NULL,"
    "  user_id INTEGER REFERENCES users(id),"
    "  recorded_at TEXT NOT NULL);"
    "CREATE INDEX category_history_household ON category_history(household_id, id);"
    "CREATE TABLE audit_log ("
    "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  at TEXT NOT NULL,"
    "  user_id INTEGER,"
    "  username TEXT NOT NULL,"
    "  action TEXT NOT NULL,"
    "  object_type TEXT NOT NULL,"
    "  object_id TEXT NOT NULL,"
    "  detail TEXT NOT NULL,"
    "  prev_hash TEXT NOT NULL,"
    "  hash TEXT NOT NULL);"
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
    "  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log"
    "  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;",
};

enum { NMIGRATIONS = sizeof MIGRATIONS / sizeof MIGRATIONS[0] };

ws_err store_migrate(store_conn *w, char *why, size_t whysz) {
    sqlite3 *s = store_sqlite(w);
    if (sqlite3_exec(s, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)",
                     NULL, NULL, NULL) != SQLITE_OK)
        goto fail;
    sqlite3_stmt *st = store_stmt(w, "SELECT coalesce(max(version), 0) FROM schema_migrations");
    if (!st || sqlite3_step(st) != SQLITE_ROW) goto fail;
    int have = sqlite3_column_int(st, 0);
    sqlite3_reset(st);
    if (have > NMIGRATIONS) {
        snprintf(why, whysz, "the database has schema version %d, newer than this program's %d", have,
                 NMIGRATIONS);
        return WS_ERR_DB;
    }
    for (int v = have + 1; v <= NMIGRATIONS; v++) {
        if (sqlite3_exec(s, MIGRATIONS[v - 1], NULL, NULL, NULL) != SQLITE_OK) goto fail;
        char now[21];
        store_now_iso(now);
        st = store_stmt(w, "INSERT INTO schema_migrations (version, applied_at) VALUES (?1, ?2)");
        sqlite3_bind_int(st, 1, v);
        sqlite3_bind_text(st, 2, now, -1, SQLITE_TRANSIENT);
        if (!st || sqlite3_step(st) != SQLITE_DONE) goto fail;
        if (v == 1 && store_seed(w) != WS_OK) goto fail;
    }
    return WS_OK;
fail:
    snprintf(why, whysz, "schema migration failed: %s", sqlite3_errmsg(s));
    return WS_ERR_DB;
}

ws_err store_seed(store_conn *w) {
    for (size_t i = 0; i < store_seed_weihai_count; i++) {
        const store_seed_division *d = &store_seed_weihai[i];
        sqlite3_stmt *st = store_stmt(
            w, "INSERT INTO divisions (code, name, level, kind, parent_code) VALUES (?1, ?2, ?3, ?4, ?5)");
        if (!st) return WS_ERR_DB;
        sqlite3_bind_text(st, 1, d->code, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, d->name, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, d->level, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, d->kind, -1, SQLITE_STATIC);
        store_bind_text(st, 5, d->parent_code[0] ? d->parent_code : NULL);
        if (sqlite3_step(st) != SQLITE_DONE) return WS_ERR_DB;
        if (strcmp(d->level, "town") != 0) continue;
        char name[256];
        snprintf(name, sizeof name, "%s社会救助服务转介驿站", d->name);
        st = store_stmt(w, "INSERT INTO stations (town_code, name) VALUES (?1, ?2)");
        if (!st) return WS_ERR_DB;
        sqlite3_bind_text(st, 1, d->code, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) != SQLITE_DONE) return WS_ERR_DB;
    }
    return WS_OK;
}
