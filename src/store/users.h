/*
** users.h: user accounts and login sessions.
**
** A session is stored only as the BLAKE2b hash of its token, so a copy of the database does not let
** anyone log in. Password hashes are computed by core/password.c; this file only keeps them.
*/
#ifndef WS_STORE_USERS_H
#define WS_STORE_USERS_H
#include "db.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

enum { STORE_USERNAME_MAX = 64 };

typedef struct store_user {
    int64_t id;
    char username[STORE_USERNAME_MAX + 1];
    char display_name[128];
    char role[32];
    char division_code[16];
    char division_name[128];
    char division_level[16];
    int64_t provider_id; /* provider_staff: the organisation they work for; 0 otherwise (or not linked yet) */
} store_user;

enum { STORE_TOKEN_HASH = 32, STORE_CSRF_LEN = 64 };

/* True when username has 1..STORE_USERNAME_MAX characters, each a-z, 0-9, '.', '_' or '-', the first a
** letter or digit. */
bool store_username_valid(const char *username);

/*
** The level of division a role works at: "town" for station_worker, "county" for county_officer, "city"
** for city_admin and auditor, "" for provider_staff (any division); NULL for a role that does not exist.
** Static.
*/
const char *store_role_level(const char *role);

/*
** Creates a user inside the write transaction w. WS_ERR_INVALID when the username breaks
** store_username_valid or the division's level is not the role's (store_role_level), WS_ERR_NOTFOUND when
** the division does not exist, WS_ERR_CONFLICT when the username is taken.
*/
ws_err store_user_create(store_conn *w, const char *username, const char *display_name, const char *role,
                         const char *division_code, const char *password_hash, int64_t *id);
/* Links a provider_staff account to the provider it works for (providers.h). WS_ERR_NOTFOUND when there is
** no such user, WS_ERR_INVALID when the user is not provider_staff, WS_ERR_CONFLICT when the provider does
** not exist. */
ws_err store_user_set_provider(store_conn *w, const char *username, int64_t provider_id);
/* Sets a user's password hash (disabled users too); WS_ERR_NOTFOUND when there is no such user. The
** user's sessions live on: end them with store_sessions_delete_user when the password was reset. */
ws_err store_user_set_password(store_conn *w, const char *username, const char *password_hash);
/*
** Disables a user (who can then neither log in nor use a session) or enables one again. Disabling also
** ends the user's sessions, so that enabling does not bring them back. WS_ERR_NOTFOUND when there is no
** such user.
*/
ws_err store_user_set_disabled(store_conn *w, const char *username, bool disabled);

/* True when an account of that name exists, enabled or disabled. */
bool store_user_exists(store_conn *c, const char *username);

/* Loads an enabled user; copies the password hash into hash (size hashsz) when hash is not NULL. */
ws_err store_user_by_name(store_conn *c, const char *username, store_user *u, char *hash, size_t hashsz);

/* Every user, as JSON objects {id, username, display_name, role, division_code, division_name, disabled};
** *items is new. */
ws_err store_users_list(store_conn *c, json_t **items);

ws_err store_session_create(store_conn *w, const uint8_t token_hash[STORE_TOKEN_HASH], int64_t user_id,
                            const char *csrf, int64_t now, int64_t expires_at);

/*
** Finds a live session: not past expires_at and used within idle_seconds. Fills the user, the CSRF token
** (STORE_CSRF_LEN + 1 bytes) and when it was last used. WS_ERR_AUTH when there is none.
*/
ws_err store_session_lookup(store_conn *c, const uint8_t token_hash[STORE_TOKEN_HASH], int64_t now,
                            int64_t idle_seconds, store_user *u, char *csrf, int64_t *last_seen);
ws_err store_session_touch(store_conn *w, const uint8_t token_hash[STORE_TOKEN_HASH], int64_t now);
ws_err store_session_delete(store_conn *w, const uint8_t token_hash[STORE_TOKEN_HASH]);
/* Ends every session of a user (after a password reset); *ended (may be NULL) says how many there were.
** A username nobody has ends nothing. */
ws_err store_sessions_delete_user(store_conn *w, const char *username, int64_t *ended);
/* Removes sessions that have expired (housekeeping at start and from time to time). */
ws_err store_sessions_purge(store_conn *w, int64_t now, int64_t idle_seconds);

#endif
