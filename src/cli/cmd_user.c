/*
** cmd_user.c: `waystation user add|passwd|list`: accounts, for administrators at the server's console.
*/
#include "cli.h"

#include "../core/password.h"
#include "../store/audit.h"
#include "../store/users.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char HELP[] =
    "Usage: waystation user add NAME --role ROLE --division CODE [--display-name TEXT] [--password-stdin] [--db PATH]\n"
    "       waystation user passwd NAME [--password-stdin] [--db PATH]\n"
    "       waystation user list [--db PATH]\n\n"
    "ROLE is city_admin, county_officer, station_worker, provider_staff or auditor; CODE is the division the\n"
    "user works in (3710 for the city, 371002 for a county-level unit, 371002001 for a town).\n"
    "Without --password-stdin a random password is made and printed once. Passwords have at least 8 characters.\n";

static const char *const ROLES[] = {"city_admin", "county_officer", "station_worker", "provider_staff", "auditor"};

static bool role_known(const char *r) {
    for (size_t i = 0; i < sizeof ROLES / sizeof ROLES[0]; i++)
        if (strcmp(ROLES[i], r) == 0) return true;
    return false;
}

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

static int add_or_passwd(store_db *db, bool add, const char *name, const char *role, const char *division,
                         const char *display, bool from_stdin) {
    char pw[256], hash[CORE_PASSWORD_HASH_MAX];
    bool generated;
    if (!get_password(from_stdin, pw, sizeof pw, &generated)) return CLI_USAGE;
    if (core_password_hash(pw, hash) != WS_OK) return CLI_FAILED;
    store_conn *w;
    if (store_write_begin(db, &w) != WS_OK) return CLI_FAILED;
    int64_t id = 0;
    ws_err e = add ? store_user_create(w, name, display ? display : name, role, division, hash, &id)
                   : store_user_set_password(w, name, hash);
    store_actor who = {0, "cli"};
    if (!e) e = store_audit_append(w, &who, add ? "create" : "set_password", "user", name, NULL);
    e = store_write_finish(w, e);
    if (e == WS_ERR_CONFLICT) fprintf(stderr, "waystation user: '%s' exists already\n", name);
    else if (e == WS_ERR_NOTFOUND) fprintf(stderr, "waystation user: no such %s\n", add ? "division" : "user");
    if (e) return e == WS_ERR_CONFLICT || e == WS_ERR_NOTFOUND ? CLI_INVALID : CLI_FAILED;
    printf("%s %s%s%s\n", add ? "Created" : "Password set for", name, generated ? "; password: " : "",
           generated ? pw : "");
    return CLI_OK;
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
        printf("%-22s %-15s %-10s %s\n", json_string_value(json_object_get(u, "username")),
               json_string_value(json_object_get(u, "role")), json_string_value(json_object_get(u, "division_code")),
               json_string_value(json_object_get(u, "division_name")));
    }
    json_decref(items);
    return CLI_OK;
}

int cli_user(int argc, char **argv) {
    cli_opt opts[] = {{"--db", true, NULL},       {"--role", true, NULL},           {"--division", true, NULL},
                      {"--display-name", true, NULL}, {"--password-stdin", false, NULL}};
    enum { N = 5 };
    char *pos[2];
    int npos;
    int rc = cli_start(argc, argv, HELP, opts, N, pos, &npos, 2);
    if (rc != CLI_CONTINUE) return rc;
    const char *action = npos > 0 ? pos[0] : "";
    const char *role = cli_opt_value(opts, N, "--role"), *division = cli_opt_value(opts, N, "--division");
    bool add = strcmp(action, "add") == 0, passwd = strcmp(action, "passwd") == 0, is_list = strcmp(action, "list") == 0;
    if (!(add || passwd || is_list) || ((add || passwd) && npos != 2) || (is_list && npos != 1) ||
        (add && (!role || !division))) {
        fputs(HELP, stderr);
        return CLI_USAGE;
    }
    if (add && !role_known(role)) {
        fprintf(stderr, "waystation user: unknown role '%s'\n", role);
        return CLI_USAGE;
    }
    const char *path = cli_db_path(opts, N);
    int code = CLI_OK;
    store_db *db = cli_open_db(path, false, &code);
    if (!db) return code;
    code = is_list ? list(db)
                   : add_or_passwd(db, add, pos[1], role, division, cli_opt_value(opts, N, "--display-name"),
                                   cli_opt_value(opts, N, "--password-stdin") != NULL);
    store_close(db);
    return code;
}
