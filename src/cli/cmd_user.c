/*
** cmd_user.c: `waystation user add|passwd|disable|enable|list`: accounts, for administrators at the
** server's console. Every change is audited; a password reset and disabling end the user's sessions.
*/
#include "cli.h"

#include "../core/household.h"
#include "../core/password.h"
#include "../core/text.h"
#include "../store/audit.h"
#include "../store/divisions.h"
#include "../store/providers.h"
#include "../store/users.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char HELP[] =
    "Usage: waystation user add NAME --role ROLE --division CODE [--provider ID] [--display-name TEXT] [--password-stdin]\n"
    "                          [--db PATH]\n"
    "       waystation user passwd NAME [--password-stdin] [--db PATH]\n"
    "       waystation user disable NAME [--db PATH]\n"
    "       waystation user enable NAME [--db PATH]\n"
    "       waystation user list [--db PATH]\n\n"
    "NAME has 1 to 64 characters: lowercase letters a-z, digits, '.', '_' and '-'.\n"
    "ROLE and the division CODE it works in:\n"
    "  station_worker  a town or street (9 digits, e.g. 371002001)\n"
    "  county_officer  a county-level unit (6 digits, e.g. 371002)\n"
    "  city_admin      the city (3710)\n"
    "  auditor         the city (3710)\n"
    "  provider_staff  any division; --provider ID names the organisation (a provider's id) the account works\n"
    "                  for, and the only one it sees\n"
    "Without --password-stdin a random password is made and printed once. Passwords have at least 8 characters.\n"
    "passwd and disable end the user's sessions at once; a disabled user cannot log in until enabled again.\n"
    "Exit codes: 0 done, 2 usage error (such as a malformed NAME or an unknown ROLE), 3 refused (no such user or\n"
    "division, a division of the wrong level for the role, a NAME taken), 1 other failures.\n";

/* Reads the password from standard input (one line), or makes a random one and says so. */
static bool get_password(bool from_stdin, char *out, size_t outsz, bool *generated) {
    *generated = !from_stdin;
    if (!from_stdin) {
        char pw[17];
        core_password_random(pw);
        snprintf(out, outsz, "%s", pw);
        return true;
    }
    if (!fgets(out, (int)outsz, stdin)) return false;
    out[strcspn(out, "\r\n")] = '\0';
    if (strlen(out) < CORE_PASSWORD_MIN_LEN) {
        fprintf(stderr, "waystation user: the password needs at least %d characters\n", CORE_PASSWORD_MIN_LEN);
        return false;
    }
    return true;
}

/* What a division of a level is called, and (with_example) what its code looks like. */
static const char *level_words(const char *level, bool with_example) {
    static const struct {
        const char *level, *noun, *example;
    } words[] = {{"city", "the city", "the city (3710)"},
                 {"county", "a county-level unit", "a county-level unit (6 digits, e.g. 371002)"},
                 {"town", "a town or street", "a town or street (9 digits, e.g. 371002001)"},
                 {"village", "a village or community", "a village or community"}};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(words[i].level, level) == 0) return with_example ? words[i].example : words[i].noun;
    return level;
}

/* Checks that division exists and has the level role works at; prints why not and returns CLI_INVALID. */
static int check_division(store_db *db, const char *role, const char *division) {
    store_conn *c = store_read_acquire(db);
    char level[16];
    ws_err e = store_division_level(c, division, level);
    store_read_release(c);
    if (e == WS_ERR_NOTFOUND) {
        fprintf(stderr, "waystation user: there is no division %s\n", division);
        return CLI_INVALID;
    }
    if (e) return CLI_FAILED;
    const char *wanted = store_role_level(role);
    if (*wanted && strcmp(level, wanted) != 0) {
        fprintf(stderr, "waystation user: a %s works in %s, but %s is %s\n", role, level_words(wanted, true),
                division, level_words(level, false));
        return CLI_INVALID;
    }
    return CLI_OK;
}

/* The outcome of a write: a message for refusals, and the exit code. */
static int write_outcome(ws_err e, const char *name) {
    if (e == WS_ERR_CONFLICT) fprintf(stderr, "waystation user: '%s' exists already\n", name);
    else if (e == WS_ERR_NOTFOUND) fprintf(stderr, "waystation user: there is no user '%s'\n", name);
    else if (e == WS_ERR_INVALID) fprintf(stderr, "waystation user: the role and the division do not fit\n");
    else if (e) fprintf(stderr, "waystation user: the database failed; nothing was changed\n");
    if (!e) return CLI_OK;
    return e == WS_ERR_CONFLICT || e == WS_ERR_NOTFOUND || e == WS_ERR_INVALID ? CLI_INVALID : CLI_FAILED;
}

/* Gets the new password (stdin or random, into pw[256]), hashes it, and starts the write transaction. */
static int begin_with_password(store_db *db, bool from_stdin, char *pw, char hash[CORE_PASSWORD_HASH_MAX],
                               bool *generated, store_conn **w) {
    if (!get_password(from_stdin, pw, 256, generated)) return CLI_USAGE;
    if (core_password_hash(pw, hash) != WS_OK) return CLI_FAILED;
    return store_write_begin(db, w) == WS_OK ? CLI_OK : CLI_FAILED;
}

/* Checks that provider id exists; prints why not and returns CLI_INVALID. */
static int check_provider(store_db *db, int64_t id) {
    store_conn *c = store_read_acquire(db);
    store_provider_brief b;
    ws_err e = store_provider_brief_get(c, id, &b);
    store_read_release(c);
    if (e == WS_ERR_NOTFOUND) fprintf(stderr, "waystation user: there is no provider %lld\n", (long long)id);
    return e == WS_ERR_NOTFOUND ? CLI_INVALID : e ? CLI_FAILED : CLI_OK;
}

static int add(store_db *db, const char *name, const char *role, const char *division, int64_t provider_id,
               const char *display, bool from_stdin) {
    /* Others see the display name (in category histories, for one): the rules of names apply. */
    if (display && (!*display || core_utf8_len(display) > CORE_NAME_MAX || !core_utf8_valid(display, strlen(display)) ||
                    core_text_has_control(display, false) || core_text_has_invisible(display))) {
        fprintf(stderr, "waystation user: --display-name needs 1 to %d visible characters\n", CORE_NAME_MAX);
        return CLI_USAGE;
    }
    int code = check_division(db, role, division);
    if (code == CLI_OK && provider_id) code = check_provider(db, provider_id);
    if (code != CLI_OK) return code;
    char pw[256], hash[CORE_PASSWORD_HASH_MAX];
    bool generated;
    store_conn *w;
    if ((code = begin_with_password(db, from_stdin, pw, hash, &generated, &w)) != CLI_OK) return code;
    int64_t id = 0;
    store_actor who = {0, "cli"};
    ws_err e = store_user_create(w, name, display ? display : name, role, division, hash, &id);
    if (!e && provider_id) e = store_user_set_provider(w, name, provider_id);
    if (!e) e = store_audit_append(w, &who, "create", "user", name, json_pack("{s:s, s:s, s:I}", "role", role,
                                                                               "division", division, "provider_id",
                                                                               (json_int_t)provider_id));
    code = write_outcome(store_write_finish(w, e), name);
    if (code == CLI_OK)
        printf("Created %s (%s in %s)%s%s\n", name, role, division, generated ? "; password: " : "",
               generated ? pw : "");
    return code;
}

static int passwd(store_db *db, const char *name, bool from_stdin) {
    char pw[256], hash[CORE_PASSWORD_HASH_MAX];
    bool generated;
    store_conn *w;
    int code = begin_with_password(db, from_stdin, pw, hash, &generated, &w);
    if (code != CLI_OK) return code;
    int64_t ended = 0;
    store_actor who = {0, "cli"};
    ws_err e = store_user_set_password(w, name, hash);
    if (!e) e = store_sessions_delete_user(w, name, &ended);
    if (!e) e = store_audit_append(w, &who, "set_password", "user", name,
                                   json_pack("{s:I}", "sessions_ended", (json_int_t)ended));
    code = write_outcome(store_write_finish(w, e), name);
    if (code == CLI_OK)
        printf("Password set for %s; %lld session%s ended%s%s\n", name, (long long)ended, ended == 1 ? "" : "s",
               generated ? "; password: " : "", generated ? pw : "");
    return code;
}

static int set_disabled(store_db *db, const char *name, bool disabled) {
    store_conn *w;
    if (store_write_begin(db, &w) != WS_OK) return CLI_FAILED;
    store_actor who = {0, "cli"};
    ws_err e = store_user_set_disabled(w, name, disabled);
    if (!e) e = store_audit_append(w, &who, disabled ? "disable" : "enable", "user", name, NULL);
    int code = write_outcome(store_write_finish(w, e), name);
    if (code == CLI_OK && disabled) printf("Disabled %s: it cannot log in, and its sessions have ended.\n", name);
    else if (code == CLI_OK) printf("Enabled %s: it can log in again.\n", name);
    return code;
}

static int list(store_db *db) {
    store_conn *c = store_read_acquire(db);
    json_t *items;
    ws_err e = store_users_list(c, &items);
    store_read_release(c);
    if (e) return CLI_FAILED;
    size_t i;
    json_t *u;
    json_array_foreach(items, i, u) {
        printf("%-22s %-15s %-10s %s%s\n", json_string_value(json_object_get(u, "username")),
               json_string_value(json_object_get(u, "role")), json_string_value(json_object_get(u, "division_code")),
               json_string_value(json_object_get(u, "division_name")),
               json_is_true(json_object_get(u, "disabled")) ? "  (disabled)" : "");
    }
    json_decref(items);
    return CLI_OK;
}

int cli_user(int argc, char **argv) {
    cli_opt opts[] = {{"--db", true, NULL},           {"--role", true, NULL},
                      {"--division", true, NULL},     {"--display-name", true, NULL},
                      {"--password-stdin", false, NULL}, {"--provider", true, NULL}};
    enum { N = 6 };
    char *pos[2];
    int npos;
    int rc = cli_start(argc, argv, HELP, opts, N, pos, &npos, 2);
    if (rc != CLI_CONTINUE) return rc;
    static const char *const actions[] = {"add", "passwd", "disable", "enable", "list"};
    enum { ADD, PASSWD, DISABLE, ENABLE, LIST, NONE };
    int action = 0;
    while (action < NONE && (npos == 0 || strcmp(pos[0], actions[action]) != 0)) action++;
    const char *role = cli_opt_value(opts, N, "--role"), *division = cli_opt_value(opts, N, "--division");
    if (action == NONE || npos != (action == LIST ? 1 : 2) || (action == ADD && (!role || !division))) {
        fputs(HELP, stderr);
        return CLI_USAGE;
    }
    const char *name = action == LIST ? NULL : pos[1];
    if (action == ADD && !store_username_valid(name)) {
        fprintf(stderr, "waystation user: '%s' is not a valid user name: use 1 to %d characters, each a lowercase "
                        "letter a-z, a digit, '.', '_' or '-'\n", name, STORE_USERNAME_MAX);
        return CLI_USAGE;
    }
    if (action == ADD && !store_role_level(role)) {
        fprintf(stderr, "waystation user: unknown role '%s' (city_admin, county_officer, station_worker, "
                        "provider_staff or auditor)\n", role);
        return CLI_USAGE;
    }
    const char *provider = cli_opt_value(opts, N, "--provider");
    long long provider_id = 0;
    if (provider && (action != ADD || strcmp(role, "provider_staff") != 0)) {
        fprintf(stderr, "waystation user: --provider is for adding a provider_staff account\n");
        return CLI_USAGE;
    }
    if (provider && !cli_parse_number("--provider", provider, 1, INT64_MAX, &provider_id)) return CLI_USAGE;
    const char *path = cli_db_path(opts, N);
    int code = CLI_OK;
    store_db *db = cli_open_db(path, false, &code);
    if (!db) return code;
    bool from_stdin = cli_opt_value(opts, N, "--password-stdin") != NULL;
    switch (action) {
    case ADD:
        code = add(db, name, role, division, provider_id, cli_opt_value(opts, N, "--display-name"), from_stdin);
        break;
    case PASSWD: code = passwd(db, name, from_stdin); break;
    case DISABLE: code = set_disabled(db, name, true); break;
    case ENABLE: code = set_disabled(db, name, false); break;
    default: code = list(db); break;
    }
    store_close(db);
    return code;
}
