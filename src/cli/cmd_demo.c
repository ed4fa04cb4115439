/*
** cmd_demo.c: `waystation demo`: demo accounts for every role and synthetic households in every town.
**
** Households come from core/synth.c, deterministic for a seed, and are marked synthetic so the UI can
** say that they are invented. Running it again adds accounts that are missing and no households twice.
*/
#include "cli.h"

#include "../core/password.h"
#include "../core/synth.h"
#include "../store/audit.h"
#include "../store/divisions.h"
#include "../store/households.h"
#include "../store/users.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char HELP[] =
    "Usage: waystation demo [--db PATH] [--households N] [--seed S]\n\n"
    "Adds demo accounts: admin (city administrator), auditor, county-<code> for each county-level unit and\n"
    "station-<town code> for each town (e.g. station-371002001). Passwords are random and printed once, or\n"
    "all set from the environment variable WAYSTATION_DEMO_PASSWORD (for scripts).\n"
    "Then adds N synthetic households (default 5000) spread over every town, the same for the same seed\n"
    "(default 1), unless the database has synthetic households already.\n";

/* The fixed date the demo's people are generated for, so the same seed gives the same data any day. */
static const core_date DEMO_DATE = {2026, 6, 30};

typedef struct account {
    char username[64], display[160], role[32], division[16], password[64];
} account;

/* Every demo account, from the divisions in the database. *n accounts in a new array. */
static account *plan_accounts(store_db *db, size_t *n) {
    store_conn *c = store_read_acquire(db);
    json_t *counties = NULL, *towns = NULL;
    store_division_children(c, "", "3710", &counties);
    store_division_towns(c, "", &towns);
    size_t total = 2 + json_array_size(counties) + json_array_size(towns), k = 0;
    account *a = calloc(total, sizeof *a);
    if (!a) abort();
    snprintf(a[k].username, 64, "admin");
    snprintf(a[k].display, 160, "演示·威海市民政局管理员");
    snprintf(a[k].role, 32, "city_admin");
    snprintf(a[k++].division, 16, "3710");
    snprintf(a[k].username, 64, "auditor");
    snprintf(a[k].display, 160, "演示·审计员");
    snprintf(a[k].role, 32, "auditor");
    snprintf(a[k++].division, 16, "3710");
    size_t i;
    json_t *d;
    json_array_foreach(counties, i, d) {
        const char *code = json_string_value(json_object_get(d, "code"));
        snprintf(a[k].username, 64, "county-%s", code);
        snprintf(a[k].display, 160, "演示·%s民政工作人员", json_string_value(json_object_get(d, "name")));
        snprintf(a[k].role, 32, "county_officer");
        snprintf(a[k++].division, 16, "%s", code);
    }
    json_t *t;
    json_array_foreach(towns, i, t) {
        json_t *town;
        const char *code = json_string_value(t);
        snprintf(a[k].username, 64, "station-%s", code);
        if (store_division_get(c, "", code, &town) == WS_OK) {
            snprintf(a[k].display, 160, "演示·%s驿站", json_string_value(json_object_get(town, "name")));
            json_decref(town);
        }
        snprintf(a[k].role, 32, "station_worker");
        snprintf(a[k++].division, 16, "%s", code);
    }
    json_decref(counties);
    json_decref(towns);
    store_read_release(c);
    *n = k;
    return a;
}

/* Creates the accounts that do not exist yet; their passwords are kept in the plan for printing. */
static int create_accounts(store_db *db, account *a, size_t n, size_t *created) {
    const char *shared = getenv("WAYSTATION_DEMO_PASSWORD");
    if (shared && strlen(shared) < CORE_PASSWORD_MIN_LEN) {
        fprintf(stderr, "waystation demo: WAYSTATION_DEMO_PASSWORD needs at least %d characters\n",
                CORE_PASSWORD_MIN_LEN);
        return CLI_USAGE;
    }
    store_conn *w;
    if (store_write_begin(db, &w) != WS_OK) return CLI_FAILED;
    ws_err e = WS_OK;
    store_actor who = {0, "demo"};
    *created = 0;
    for (size_t i = 0; i < n && !e; i++) {
        if (store_user_exists(w, a[i].username)) continue; /* disabled ones too: they stay as they are */
        if (shared) snprintf(a[i].password, sizeof a[i].password, "%s", shared);
        else core_password_random(a[i].password);
        char hash[CORE_PASSWORD_HASH_MAX];
        int64_t id;
        e = core_password_hash(a[i].password, hash);
        if (!e) e = store_user_create(w, a[i].username, a[i].display, a[i].role, a[i].division, hash, &id);
        if (!e) e = store_audit_append(w, &who, "create", "user", a[i].username, NULL);
        if (!e) (*created)++;
    }
    return store_write_finish(w, e) == WS_OK ? CLI_OK : CLI_FAILED;
}

/* Any synthetic household at all, wherever it lies among real ones. */
static bool has_synthetic(store_db *db) {
    store_conn *c = store_read_acquire(db);
    bool found = store_households_synthetic_count(c) > 0;
    store_read_release(c);
    return found;
}

static int add_households(store_db *db, long long count, unsigned long long seed) {
    store_conn *c = store_read_acquire(db);
    json_t *towns = NULL;
    store_division_towns(c, "", &towns);
    store_read_release(c);
    size_t ntowns = json_array_size(towns);
    if (ntowns == 0) {
        json_decref(towns);
        return CLI_FAILED;
    }
    core_synth *s = core_synth_new(seed);
    store_conn *w;
    if (store_write_begin(db, &w) != WS_OK) {
        core_synth_free(s);
        json_decref(towns);
        return CLI_FAILED;
    }
    ws_err e = WS_OK;
    for (long long i = 0; i < count && !e; i++) {
        core_household h;
        core_member *ms;
        size_t n;
        core_synth_household(s, json_string_value(json_array_get(towns, (size_t)i % ntowns)), DEMO_DATE, &h, &ms, &n);
        int64_t id;
        e = store_household_insert(w, &h, ms, n, true, 0, &id);
        for (size_t k = 0; k < n; k++) core_member_clear(&ms[k]);
        free(ms);
        core_household_clear(&h);
    }
    store_actor who = {0, "demo"};
    if (!e) e = store_audit_append(w, &who, "import", "households", "demo",
                                   json_pack("{s:I, s:I}", "households", (json_int_t)count, "seed", (json_int_t)seed));
    e = store_write_finish(w, e);
    core_synth_free(s);
    json_decref(towns);
    if (e == WS_ERR_CONFLICT) {
        /* There are no synthetic households, so real ones hold some of the numbers this seed makes. */
        fprintf(stderr, "waystation demo: no households added: some ID numbers that seed %llu makes are registered "
                        "to households already; try another --seed\n", seed);
        return CLI_INVALID;
    }
    if (e) {
        fprintf(stderr, "waystation demo: writing the households failed (%s); no households added\n", ws_err_name(e));
        return CLI_FAILED;
    }
    printf("Added %lld synthetic households over %zu towns (seed %llu).\n", count, ntowns, seed);
    return CLI_OK;
}

static void print_accounts(const account *a, size_t n, size_t created) {
    if (created == 0) {
        printf("Demo accounts exist already (reset a password with: waystation user passwd NAME).\n");
        return;
    }
    bool shared = getenv("WAYSTATION_DEMO_PASSWORD") != NULL;
    printf("Demo accounts (演示账号)%s:\n", shared ? ", password from WAYSTATION_DEMO_PASSWORD" :
                                                   "; passwords are shown only now:");
    for (size_t i = 0; i < n; i++) {
        if (!a[i].password[0]) continue;
        if (shared) printf("  %-20s %-15s %s\n", a[i].username, a[i].role, a[i].display);
        else printf("  %-20s %-18s %-15s %s\n", a[i].username, a[i].password, a[i].role, a[i].display);
    }
}

int cli_demo(int argc, char **argv) {
    cli_opt opts[] = {{"--db", true, NULL}, {"--households", true, NULL}, {"--seed", true, NULL}};
    char *pos[1];
    int npos;
    int rc = cli_start(argc, argv, HELP, opts, 3, pos, &npos, 0);
    if (rc != CLI_CONTINUE) return rc;
    long long count = 5000, seed = 1;
    const char *c = cli_opt_value(opts, 3, "--households"), *s = cli_opt_value(opts, 3, "--seed");
    if ((c && !cli_parse_number("--households", c, 0, 10000000, &count)) ||
        (s && !cli_parse_number("--seed", s, 0, (long long)(~0ULL >> 1), &seed)))
        return CLI_USAGE;
    const char *path = cli_db_path(opts, 3);
    int code = CLI_OK;
    store_db *db = cli_open_db(path, false, &code);
    if (!db) return code;
    size_t n, created = 0;
    account *accounts = plan_accounts(db, &n);
    code = create_accounts(db, accounts, n, &created);
    if (code == CLI_OK) {
        /* The accounts are committed: their passwords are shown whatever becomes of the households. */
        if (has_synthetic(db)) printf("The database has synthetic households already; none added.\n");
        else code = add_households(db, count, (unsigned long long)seed);
        print_accounts(accounts, n, created);
    }
    free(accounts);
    store_close(db);
    return code;
}
