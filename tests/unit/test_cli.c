/*
** test_cli.c: the `waystation` command as an administrator runs it, on a fresh database in a temporary
** folder: `user add` refusing malformed names and divisions of the wrong level (exit 2 and 3), `user
** passwd` and `user disable` ending sessions, `user enable`, each audited; `user add --provider` linking
** a provider's staff account to it; `import` of a file too large
** or unreadable (the reason, not a stale errno); `import feeds` of a FILE.JSON read as JSON; `demo` run again on a database whose newest household
** is real. Runs bin/waystation (or $WAYSTATION_BIN), and skips with a reason when it is not built.
*/
#include "unit.h"

#include "../../src/core/household.h"
#include "../../src/core/mem.h"
#include "../../src/store/audit.h"
#include "../../src/store/db.h"
#include "../../src/store/households.h"
#include "../../src/store/providers.h"
#include "../../src/store/users.h"

#include <ftw.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char PASSWORD[] = "cli-test-password-1";

typedef struct fixture {
    char dir[64];
    char path[128];
    const char *bin;
} fixture;

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) { return remove(path); }

/* Runs the command line (a shell command, output and errors both captured into out); its exit code. */
static int sh(char *out, size_t outsz, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int sh(char *out, size_t outsz, const char *fmt, ...) {
    char cmd[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    char full[2100];
    snprintf(full, sizeof full, "%s 2>&1", cmd);
    FILE *p = popen(full, "r");
    if (!p) fail_msg("popen %s", cmd);
    size_t n = fread(out, 1, outsz - 1, p);
    out[n] = '\0';
    int status = pclose(p);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int setup(void **state) {
    fixture *f = xcalloc(1, sizeof *f);
    f->bin = getenv("WAYSTATION_BIN");
    if (!f->bin) f->bin = "bin/waystation";
    snprintf(f->dir, sizeof f->dir, "/tmp/ws-test-cli-XXXXXX");
    if (!mkdtemp(f->dir)) return -1;
    snprintf(f->path, sizeof f->path, "%s/w.db", f->dir);
    *state = f;
    if (access(f->bin, X_OK) != 0) return 0; /* each test skips */
    char out[4096];
    if (sh(out, sizeof out, "%s init --db %s", f->bin, f->path) != 0) {
        print_error("init: %s\n", out);
        return -1;
    }
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    int rc = nftw(f->dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
    free(f);
    return rc;
}

static fixture *start(void **state) {
    fixture *f = *state;
    if (access(f->bin, X_OK) != 0) {
        printf("skipped: %s is not built (make build)\n", f->bin);
        skip();
    }
    return f;
}

static store_db *open_db(const fixture *f) {
    store_db *db = NULL;
    char why[256];
    if (store_open(f->path, false, &db, why, sizeof why) != WS_OK) fail_msg("open: %s", why);
    return db;
}

/* `waystation user ARGS` with the test password on standard input; the exit code, output in out. */
static int user(const fixture *f, char *out, size_t outsz, const char *args) {
    return sh(out, outsz, "echo %s | %s user %s --db %s --password-stdin", PASSWORD, f->bin, args, f->path);
}

/* Two sessions for one user, to be ended. */
static void make_sessions(store_db *db, const char *username, uint8_t first_byte, uint8_t th[2][STORE_TOKEN_HASH]) {
    store_conn *c = store_read_acquire(db);
    store_user u;
    assert_int_equal(store_user_by_name(c, username, &u, NULL, 0), WS_OK);
    store_read_release(c);
    char csrf[STORE_CSRF_LEN + 1];
    memset(csrf, 'c', STORE_CSRF_LEN);
    csrf[STORE_CSRF_LEN] = '\0';
    store_conn *w;
    assert_int_equal(store_write_begin(db, &w), WS_OK);
    for (int i = 0; i < 2; i++) {
        memset(th[i], first_byte + i, STORE_TOKEN_HASH);
        assert_int_equal(store_session_create(w, th[i], u.id, csrf, time(NULL), time(NULL) + 3600), WS_OK);
    }
    assert_int_equal(store_write_commit(w), WS_OK);
}

static bool session_live(store_db *db, const uint8_t th[STORE_TOKEN_HASH]) {
    store_conn *c = store_read_acquire(db);
    store_user u;
    char csrf[STORE_CSRF_LEN + 1];
    int64_t last;
    bool live = store_session_lookup(c, th, time(NULL), 3600, &u, csrf, &last) == WS_OK;
    store_read_release(c);
    return live;
}

/* The newest audit entry's action and object. */
static void expect_audited(store_db *db, const char *action, const char *object_id) {
    store_conn *c = store_read_acquire(db);
    json_t *items;
    int64_t total;
    assert_int_equal(store_audit_list(c, 1, 0, &items, &total), WS_OK);
    store_read_release(c);
    json_t *e = json_array_get(items, 0);
    assert_string_equal(json_string_value(json_object_get(e, "action")), action);
    assert_string_equal(json_string_value(json_object_get(e, "object_type")), "user");
    assert_string_equal(json_string_value(json_object_get(e, "object_id")), object_id);
    json_decref(items);
}

/* ---- user add --------------------------------------------------------------------------------- */

static void user_add_checks_name_and_division(void **state) {
    fixture *f = start(state);
    char out[4096], args[256];
    static const char *const bad_names[] = {"Wang", "wang!", "'wang li'", "'王'", "''"};
    for (size_t i = 0; i < sizeof bad_names / sizeof bad_names[0]; i++) {
        snprintf(args, sizeof args, "add %s --role auditor --division 3710", bad_names[i]);
        int rc = user(f, out, sizeof out, args);
        if (rc != 2 || !strstr(out, "not a valid user name")) fail_msg("%s: exit %d, %s", args, rc, out);
    }
    char long_name[70];
    memset(long_name, 'a', 65);
    long_name[65] = '\0';
    snprintf(args, sizeof args, "add %s --role auditor --division 3710", long_name);
    assert_int_equal(user(f, out, sizeof out, args), 2);
    long_name[64] = '\0';
    snprintf(args, sizeof args, "add %s --role provider_staff --division 371002", long_name);
    if (user(f, out, sizeof out, args) != 0) fail_msg("64 characters: %s", out);
    assert_int_equal(user(f, out, sizeof out, "add wang --role boss --division 3710"), 2);
    assert_non_null(strstr(out, "unknown role"));

    static const struct {
        const char *role, *division;
    } wrong_level[] = {
        {"station_worker", "371002"}, {"station_worker", "3710"}, {"county_officer", "371002001"},
        {"county_officer", "3710"},   {"city_admin", "371002"},   {"auditor", "371002001"},
    };
    for (size_t i = 0; i < sizeof wrong_level / sizeof wrong_level[0]; i++) {
        snprintf(args, sizeof args, "add wang --role %s --division %s", wrong_level[i].role, wrong_level[i].division);
        int rc = user(f, out, sizeof out, args);
        if (rc != 3 || !strstr(out, "works in")) fail_msg("%s: exit %d, %s", args, rc, out);
    }
    assert_int_equal(user(f, out, sizeof out, "add wang --role auditor --division 9999"), 3);
    assert_non_null(strstr(out, "no division 9999"));

    static const struct {
        const char *name, *role, *division;
    } fine[] = {
        {"wang.li_1", "station_worker", "371002001"}, {"county-a", "county_officer", "371082"},
        {"city-a", "city_admin", "3710"},            {"audit-a", "auditor", "3710"},
        {"prov-a", "provider_staff", "371002001"},   {"prov-b", "provider_staff", "3710"},
    };
    for (size_t i = 0; i < sizeof fine / sizeof fine[0]; i++) {
        snprintf(args, sizeof args, "add %s --role %s --division %s", fine[i].name, fine[i].role, fine[i].division);
        int rc = user(f, out, sizeof out, args);
        if (rc != 0) fail_msg("%s: exit %d, %s", args, rc, out);
    }
    assert_int_equal(user(f, out, sizeof out, "add wang.li_1 --role auditor --division 3710"), 3);
    assert_non_null(strstr(out, "exists already"));
    store_db *db = open_db(f);
    expect_audited(db, "create", "prov-b");
    store_close(db);
}

static void user_add_links_provider(void **state) {
    fixture *f = start(state);
    store_db *db = open_db(f);
    core_provider_in in = {.name = "环翠助老", .kind = "social_org", .division_code = "371002"};
    core_provider p = {0};
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    assert_true(core_provider_validate(&in, &p, &errs));
    store_conn *w;
    int64_t pid = 0;
    assert_int_equal(store_write_begin(db, &w), WS_OK);
    assert_int_equal(store_write_finish(w, store_provider_insert(w, &p, &pid)), WS_OK);
    core_provider_clear(&p);
    core_fielderrs_free(&errs);
    store_close(db);
    char out[4096], args[256];
    snprintf(args, sizeof args, "add staff-a --role provider_staff --division 371002 --provider %lld", (long long)pid);
    if (user(f, out, sizeof out, args) != 0) fail_msg("%s: %s", args, out);
    assert_int_equal(user(f, out, sizeof out, "add staff-b --role provider_staff --division 371002 --provider 999"), 3);
    assert_non_null(strstr(out, "no provider 999"));
    assert_int_equal(user(f, out, sizeof out, "add staff-c --role auditor --division 3710 --provider 1"), 2);
    assert_int_equal(user(f, out, sizeof out, "add staff-d --role provider_staff --division 3710 --provider 0"), 2);
    db = open_db(f);
    store_conn *c = store_read_acquire(db);
    store_user u;
    assert_int_equal(store_user_by_name(c, "staff-a", &u, NULL, 0), WS_OK);
    assert_int_equal(u.provider_id, pid);
    assert_int_equal(store_user_by_name(c, "staff-b", &u, NULL, 0), WS_ERR_NOTFOUND); /* nothing written */
    store_read_release(c);
    expect_audited(db, "create", "staff-a");
    store_close(db);
}

/* ---- passwd, disable, enable ------------------------------------------------------------------ */

static void passwd_ends_sessions(void **state) {
    fixture *f = start(state);
    char out[4096];
    assert_int_equal(user(f, out, sizeof out, "add zhao --role station_worker --division 371002001"), 0);
    assert_int_equal(user(f, out, sizeof out, "add qian --role station_worker --division 371002001"), 0);
    store_db *db = open_db(f);
    uint8_t zhao[2][STORE_TOKEN_HASH], qian[2][STORE_TOKEN_HASH];
    make_sessions(db, "zhao", 0x20, zhao);
    make_sessions(db, "qian", 0x30, qian);
    assert_true(session_live(db, zhao[0]));
    if (user(f, out, sizeof out, "passwd zhao") != 0) fail_msg("passwd: %s", out);
    assert_false(session_live(db, zhao[0]));
    assert_false(session_live(db, zhao[1]));
    assert_true(session_live(db, qian[0])); /* nobody else's */
    assert_non_null(strstr(out, "2 sessions ended"));
    expect_audited(db, "set_password", "zhao");
    assert_int_equal(user(f, out, sizeof out, "passwd nobody"), 3);
    store_close(db);
}

static void disable_and_enable(void **state) {
    fixture *f = start(state);
    char out[4096];
    assert_int_equal(user(f, out, sizeof out, "add sun --role county_officer --division 371002"), 0);
    store_db *db = open_db(f);
    uint8_t sun[2][STORE_TOKEN_HASH];
    make_sessions(db, "sun", 0x40, sun);
    if (user(f, out, sizeof out, "disable sun") != 0) fail_msg("disable: %s", out);
    assert_false(session_live(db, sun[0]));
    assert_false(session_live(db, sun[1]));
    store_conn *c = store_read_acquire(db);
    store_user u;
    assert_int_equal(store_user_by_name(c, "sun", &u, NULL, 0), WS_ERR_NOTFOUND); /* cannot log in */
    store_read_release(c);
    expect_audited(db, "disable", "sun");
    assert_int_equal(sh(out, sizeof out, "%s user list --db %s", f->bin, f->path), 0);
    assert_non_null(strstr(out, "(disabled)"));
    if (user(f, out, sizeof out, "enable sun") != 0) fail_msg("enable: %s", out);
    c = store_read_acquire(db);
    assert_int_equal(store_user_by_name(c, "sun", &u, NULL, 0), WS_OK);
    store_read_release(c);
    assert_false(session_live(db, sun[0])); /* enabling brings no session back */
    expect_audited(db, "enable", "sun");
    assert_int_equal(sh(out, sizeof out, "%s user disable ghost --db %s", f->bin, f->path), 3);
    assert_int_equal(sh(out, sizeof out, "%s user enable --db %s", f->bin, f->path), 2);
    store_close(db);
}

/* ---- import ----------------------------------------------------------------------------------- */

static void import_file_problems(void **state) {
    fixture *f = start(state);
    char out[4096], big[160];
    snprintf(big, sizeof big, "%s/big.csv", f->dir);
    FILE *fp = fopen(big, "w");
    assert_non_null(fp);
    fclose(fp);
    assert_int_equal(truncate(big, 64 * 1024 * 1024 + 1), 0); /* sparse: no 64 MiB written */
    assert_int_equal(sh(out, sizeof out, "%s import households %s --db %s", f->bin, big, f->path), 3);
    assert_non_null(strstr(out, "larger than the limit of 64 MiB"));
    assert_null(strstr(out, "No such file"));
    assert_int_equal(sh(out, sizeof out, "%s import households %s/none.csv --db %s", f->bin, f->dir, f->path), 1);
    assert_non_null(strstr(out, "No such file or directory"));
    assert_int_equal(sh(out, sizeof out, "%s import households %s --db %s", f->bin, f->dir, f->path), 1);
    assert_non_null(strstr(out, "Is a directory"));
}

/* A feed file saved on Windows as RECORDS.JSON is JSON all the same, not a CSV without its header. */
static void import_feeds_json_any_case(void **state) {
    fixture *f = start(state);
    char out[4096], path[160];
    snprintf(path, sizeof path, "%s/records.JSON", f->dir);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("{\"records\": []}\n", fp);
    fclose(fp);
    assert_int_equal(sh(out, sizeof out, "%s import feeds %s --dry-run --json --db %s", f->bin, path, f->path), 3);
    assert_non_null(strstr(out, "\"format\": \"json\""));
    assert_non_null(strstr(out, "no_rows")); /* an empty list of records, read as such */
}

/* ---- demo ------------------------------------------------------------------------------------- */

/* A real household, registered after the demo's: the newest in the list. */
static void add_real_household(store_db *db) {
    char number[19] = "11010519491231002";
    number[17] = core_idnum_check_char(number);
    number[18] = '\0';
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    core_date today = {2026, 6, 30};
    core_household h;
    core_member m;
    core_household_in hin = {.town_code = "371002001", .category = "dibao"};
    core_member_in min = {.name = "真实户主", .id_number = number, .relation = "户主"};
    assert_true(core_household_validate(&hin, today, &h, &errs));
    assert_true(core_member_validate(&min, "", today, &m, &errs));
    store_conn *w;
    int64_t id;
    assert_int_equal(store_write_begin(db, &w), WS_OK);
    assert_int_equal(store_write_finish(w, store_household_insert(w, &h, &m, 1, false, 0, &id)), WS_OK);
    core_household_clear(&h);
    core_member_clear(&m);
    core_fielderrs_free(&errs);
}

static void demo_again_after_real_household(void **state) {
    fixture *f = start(state);
    char out[16384];
    const char *env = "WAYSTATION_DEMO_PASSWORD=demo-password-1";
    if (sh(out, sizeof out, "%s %s demo --households 3 --db %s", env, f->bin, f->path) != 0) fail_msg("demo: %s", out);
    store_db *db = open_db(f);
    add_real_household(db);
    store_close(db);
    /* A disabled demo account stays as it is: it is no new account to create. */
    assert_int_equal(sh(out, sizeof out, "%s user disable auditor --db %s", f->bin, f->path), 0);
    int rc = sh(out, sizeof out, "%s %s demo --households 3 --db %s", env, f->bin, f->path);
    if (rc != 0) fail_msg("demo again: exit %d, %s", rc, out);
    assert_non_null(strstr(out, "synthetic households already"));
    assert_non_null(strstr(out, "Demo accounts exist already"));
}

int main(void) {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(user_add_checks_name_and_division),
        T(user_add_links_provider),
        T(passwd_ends_sessions),
        T(disable_and_enable),
        T(import_file_problems),
        T(import_feeds_json_any_case),
        T(demo_again_after_real_household),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
