/*
** users.c: user accounts and login sessions in SQL.
*/
#include "users.h"

#include "store_int.h"

#include <stdio.h>
#include <string.h>

#define USER_COLUMNS                                                                                          \
    "u.id, u.username, u.display_name, u.role, u.division_code, d.name, d.level, coalesce(u.provider_id, 0)"

static void read_user(sqlite3_stmt *st, store_user *u) {
    memset(u, 0, sizeof *u);
    u->id = sqlite3_column_int64(st, 0);
    snprintf(u->username, sizeof u->username, "%s", store_col_text(st, 1));
    snprintf(u->display_name, sizeof u->display_name, "%s", store_col_text(st, 2));
    snprintf(u->role, sizeof u->role, "%s", store_col_text(st, 3));
    snprintf(u->division_code, sizeof u->division_code, "%s", store_col_text(st, 4));
    snprintf(u->division_name, sizeof u->division_name, "%s", store_col_text(st, 5));
    snprintf(u->division_level, sizeof u->division_level, "%s", store_col_text(st, 6));
    u->provider_id = sqlite3_column_int64(st, 7);
}

bool store_username_valid(const char *username) {
    size_t n = strlen(username);
    /* starting with a letter or digit, so a name never reads as an option (-x) or a path (..) */
    return n >= 1 && n <= STORE_USERNAME_MAX && strchr("abcdefghijklmnopqrstuvwxyz0123456789", username[0]) &&
           strspn(username, "abcdefghijklmnopqrstuvwxyz0123456789._-") == n;
}

const char *store_role_level(const char *role) {
    static const struct {
        const char *role, *level;
    } roles[] = {{"city_admin", "city"},   {"county_officer", "county"}, {"station_worker", "town"},
                 {"provider_staff", ""},   {"auditor", "city"}};
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
        if (strcmp(roles[i].role, role) == 0) return roles[i].level;
    return NULL;
}

ws_err store_user_create(store_conn *w, const char *username, const char *display_name, const char *role,
                         const char *division_code, const char *password_hash, int64_t *id) {
    const char *wanted = store_role_level(role);
    if (!store_username_valid(username) || !wanted) return WS_ERR_INVALID;
    sqlite3_stmt *st = store_stmt(w, "SELECT level FROM divisions WHERE code = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_text(st, 1, division_code, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) return WS_ERR_NOTFOUND;
    if (rc != SQLITE_ROW) return store_err(w, rc);
    if (*wanted && strcmp(store_col_text(st, 0), wanted) != 0) return WS_ERR_INVALID;
    char now[21];
    store_now_iso(now);
    st = store_stmt(w, "INSERT INTO users (username, display_name, role, division_code, password_hash, created_at) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_text(st, 1, username, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, display_name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, role, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, division_code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, password_hash, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 6, now, -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(st);
    if (rc != SQLITE_DONE) return store_err(w, rc);
    *id = sqlite3_last_insert_rowid(store_sqlite(w));
    return WS_OK;
}

ws_err store_user_set_provider(store_conn *w, const char *username, int64_t provider_id) {
    sqlite3_stmt *st = store_stmt(w, "SELECT role FROM users WHERE username = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_text(st, 1, username, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) return WS_ERR_NOTFOUND;
    if (rc != SQLITE_ROW) return store_err(w, rc);
    bool staff = strcmp(store_col_text(st, 0), "provider_staff") == 0;
    sqlite3_reset(st);
    if (!staff) return WS_ERR_INVALID;
    /* users.provider_id has no foreign key (providers came later): the provider is checked here */
    st = store_stmt(w, "UPDATE users SET provider_id = ?2 WHERE username = ?1 "
                       "AND EXISTS (SELECT 1 FROM providers WHERE id = ?2)");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_text(st, 1, username, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, provider_id);
    rc = sqlite3_step(st);
    if (rc != SQLITE_DONE) return store_err(w, rc);
    return sqlite3_changes(store_sqlite(w)) == 1 ? WS_OK : WS_ERR_CONFLICT;
}

ws_err store_user_set_password(store_conn *w, const char *username, const char *password_hash) {
    sqlite3_stmt *st = store_stmt(w, "UPDATE users SET password_hash = ?2 WHERE username = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_text(st, 1, username, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, password_hash, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE) return store_err(w, rc);
    return sqlite3_changes(store_sqlite(w)) == 1 ? WS_OK : WS_ERR_NOTFOUND;
}

ws_err store_user_set_disabled(store_conn *w, const char *username, bool disabled) {
    sqlite3_stmt *st = store_stmt(w, "UPDATE users SET disabled = ?2 WHERE username = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_text(st, 1, username, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, disabled);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE) return store_err(w, rc);
    if (sqlite3_changes(store_sqlite(w)) != 1) return WS_ERR_NOTFOUND;
    return disabled ? store_sessions_delete_user(w, username, NULL) : WS_OK;
}

bool store_user_exists(store_conn *c, const char *username) {
    sqlite3_stmt *st = store_stmt(c, "SELECT 1 FROM users WHERE username = ?1");
    if (!st) return false;
    sqlite3_bind_text(st, 1, username, -1, SQLITE_TRANSIENT);
    bool found = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_reset(st);
    return found;
}

ws_err store_user_by_name(store_conn *c, const char *username, store_user *u, char *hash, size_t hashsz) {
    sqlite3_stmt *st = store_stmt(c, "SELECT " USER_COLUMNS ", u.password_hash FROM users u "
                                     "JOIN divisions d ON d.code = u.division_code "
                                     "WHERE u.username = ?1 AND u.disabled = 0");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_text(st, 1, username, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) return WS_ERR_NOTFOUND;
    if (rc != SQLITE_ROW) return store_err(c, rc);
    read_user(st, u);
    if (hash) snprintf(hash, hashsz, "%s", store_col_text(st, 8));
    return WS_OK;
}

ws_err store_users_list(store_conn *c, json_t **items) {
    sqlite3_stmt *st = store_stmt(c, "SELECT " USER_COLUMNS ", u.disabled FROM users u "
                                     "JOIN divisions d ON d.code = u.division_code ORDER BY u.division_code, u.username");
    if (!st) return WS_ERR_DB;
    json_t *arr = json_array();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        store_user u;
        read_user(st, &u);
        json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:b}", "id", (json_int_t)u.id, "username",
                                             u.username, "display_name", u.display_name, "role", u.role,
                                             "division_code", u.division_code, "division_name", u.division_name,
                                             "disabled", sqlite3_column_int(st, 8) != 0));
    }
    if (rc != SQLITE_DONE) {
        json_decref(arr);
        return store_err(c, rc);
    }
    *items = arr;
    return WS_OK;
}

ws_err store_session_create(store_conn *w, const uint8_t token_hash[STORE_TOKEN_HASH], int64_t user_id,
                            const char *csrf, int64_t now, int64_t expires_at) {
    sqlite3_stmt *st = store_stmt(w, "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen, "
                                     "expires_at) VALUES (?1, ?2, ?3, ?4, ?4, ?5)");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_blob(st, 1, token_hash, STORE_TOKEN_HASH, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, user_id);
    sqlite3_bind_text(st, 3, csrf, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 4, now);
    sqlite3_bind_int64(st, 5, expires_at);
    int rc = sqlite3_step(st);
    return rc == SQLITE_DONE ? WS_OK : store_err(w, rc);
}

ws_err store_session_lookup(store_conn *c, const uint8_t token_hash[STORE_TOKEN_HASH], int64_t now,
                            int64_t idle_seconds, store_user *u, char *csrf, int64_t *last_seen) {
    sqlite3_stmt *st = store_stmt(c, "SELECT " USER_COLUMNS ", s.csrf_token, s.last_seen FROM sessions s "
                                     "JOIN users u ON u.id = s.user_id JOIN divisions d ON d.code = u.division_code "
                                     "WHERE s.token_hash = ?1 AND s.expires_at > ?2 AND s.last_seen > ?3 "
                                     "AND u.disabled = 0");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_blob(st, 1, token_hash, STORE_TOKEN_HASH, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, now);
    sqlite3_bind_int64(st, 3, now - idle_seconds);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) return WS_ERR_AUTH;
    if (rc != SQLITE_ROW) return store_err(c, rc);
    read_user(st, u);
    snprintf(csrf, STORE_CSRF_LEN + 1, "%s", store_col_text(st, 8));
    *last_seen = sqlite3_column_int64(st, 9);
    sqlite3_reset(st);
    return WS_OK;
}

ws_err store_session_touch(store_conn *w, const uint8_t token_hash[STORE_TOKEN_HASH], int64_t now) {
    sqlite3_stmt *st = store_stmt(w, "UPDATE sessions SET last_seen = ?2 WHERE token_hash = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_blob(st, 1, token_hash, STORE_TOKEN_HASH, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, now);
    int rc = sqlite3_step(st);
    return rc == SQLITE_DONE ? WS_OK : store_err(w, rc);
}

ws_err store_session_delete(store_conn *w, const uint8_t token_hash[STORE_TOKEN_HASH]) {
    sqlite3_stmt *st = store_stmt(w, "DELETE FROM sessions WHERE token_hash = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_blob(st, 1, token_hash, STORE_TOKEN_HASH, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    return rc == SQLITE_DONE ? WS_OK : store_err(w, rc);
}

ws_err store_sessions_delete_user(store_conn *w, const char *username, int64_t *ended) {
    sqlite3_stmt *st = store_stmt(w, "DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE username = ?1)");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_text(st, 1, username, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE) return store_err(w, rc);
    if (ended) *ended = sqlite3_changes64(store_sqlite(w));
    return WS_OK;
}

ws_err store_sessions_purge(store_conn *w, int64_t now, int64_t idle_seconds) {
    sqlite3_stmt *st = store_stmt(w, "DELETE FROM sessions WHERE expires_at <= ?1 OR last_seen <= ?2");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, now);
    sqlite3_bind_int64(st, 2, now - idle_seconds);
    int rc = sqlite3_step(st);
    return rc == SQLITE_DONE ? WS_OK : store_err(w, rc);
}
