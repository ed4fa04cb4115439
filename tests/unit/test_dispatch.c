/*
** test_dispatch.c: requests dispatched in-process, without a socket: web_dispatch with a web_req whose query
** and headers come from a table in the test. Covers /healthz, the JSON shape of 404/405/400 answers, login
** (good, bad, malformed, rate-limited), Bearer and cookie authentication, CSRF on cookie-borne writes, role
** checks, logout, paging and path parameters, a household created and read, and the security headers.
*/
#include "unit.h"

#include "../../src/core/mem.h"
#include "../../src/core/password.h"
#include "../../src/store/db.h"
#include "../../src/store/users.h"
#include "../../src/web/app.h"

#include <ftw.h>
#include <jansson.h>
#include <strings.h>

static const core_date TODAY = {2025, 6, 1};
static const char PASSWORD[] = "Station-pass-2025";

/* ---- fixture: a database with users, and the app ---------------------------------------------- */

typedef struct fixture {
    char dir[64];
    char path[128];
    store_db *db;
    web_app *app;
} fixture;

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) { return remove(path); }

static const struct {
    const char *username, *role, *division;
} USERS[] = {
    {"worker", "station_worker", "371002001"},
    {"officer", "county_officer", "371002"},
    {"auditor", "auditor", "3710"},
    {"provider", "provider_staff", "371002001"},
    {"wendeng", "county_officer", "371003"},
};

static int setup(void **state) {
    fixture *f = xcalloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/ws-test-dispatch-XXXXXX");
    if (!mkdtemp(f->dir)) return -1;
    snprintf(f->path, sizeof f->path, "%s/web.db", f->dir);
    char why[256], hash[CORE_PASSWORD_HASH_MAX];
    if (store_open(f->path, true, &f->db, why, sizeof why) != WS_OK) {
        print_error("store_open: %s\n", why);
        return -1;
    }
    if (core_password_hash(PASSWORD, hash) != WS_OK) return -1;
    store_conn *w;
    if (store_write_begin(f->db, &w) != WS_OK) return -1;
    ws_err e = WS_OK;
    for (size_t i = 0; i < sizeof USERS / sizeof USERS[0] && !e; i++) {
        int64_t id;
        e = store_user_create(w, USERS[i].username, USERS[i].username, USERS[i].role, USERS[i].division, hash, &id);
    }
    if (store_write_finish(w, e) != WS_OK) return -1;
    f->app = web_app_new(f->db, NULL);
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    web_app_free(f->app);
    store_close(f->db);
    int rc = nftw(f->dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
    free(f);
    return rc;
}

/* ---- one request ------------------------------------------------------------------------------ */

typedef struct kv {
    const char *name, *value;
} kv;

/* What the lookup functions read: NULL-terminated tables of headers and query parameters. */
typedef struct tables {
    const kv *headers, *query;
} tables;

static const char *find(const kv *t, const char *name, bool nocase) {
    for (; t && t->name; t++)
        if (nocase ? strcasecmp(t->name, name) == 0 : strcmp(t->name, name) == 0) return t->value;
    return NULL;
}

static const char *query_lookup(void *ctx, const char *name) { return find(((tables *)ctx)->query, name, false); }
static const char *header_lookup(void *ctx, const char *name) { return find(((tables *)ctx)->headers, name, true); }

/* The response, copied out of the request's arena before it is freed. */
typedef struct result {
    int status;
    const char *content_type;
    json_t *json; /* the body parsed, or NULL */
    char *body;
    int nheaders;
    char *names[WEB_MAX_HEADERS], *values[WEB_MAX_HEADERS];
} result;

static const char *header(const result *r, const char *name) {
    for (int i = 0; i < r->nheaders; i++)
        if (strcasecmp(r->names[i], name) == 0) return r->values[i];
    return NULL;
}

static int header_count(const result *r, const char *name) {
    int n = 0;
    for (int i = 0; i < r->nheaders; i++) n += strcasecmp(r->names[i], name) == 0;
    return n;
}

static void result_free(result *r) {
    json_decref(r->json);
    free(r->body);
    for (int i = 0; i < r->nheaders; i++) {
        free(r->names[i]);
        free(r->values[i]);
    }
    memset(r, 0, sizeof *r);
}

typedef struct request {
    const char *method, *path, *body;
    const kv *headers, *query;
    bool lang_en;
    const char *client_ip;
} request;

/* Dispatches q as the server does (security headers included) and frees everything the request held. */
static result call(fixture *f, request q) {
    tables t = {q.headers, q.query};
    core_arena *arena = core_arena_new();
    web_req rq = {
        .app = f->app,
        .arena = arena,
        .method = q.method,
        .path = q.path,
        .body = q.body ? q.body : "",
        .body_len = q.body ? strlen(q.body) : 0,
        .client_ip = q.client_ip ? q.client_ip : "192.0.2.1",
        .query_fn = query_lookup,
        .header_fn = header_lookup,
        .lookup_ctx = &t,
        .lang_en = q.lang_en,
        .today = TODAY,
    };
    web_res rs = {.status = 200};
    web_dispatch(f->app, &rq, &rs);
    web_security_headers(&rq, &rs);
    result r = {.status = rs.status, .content_type = rs.content_type, .nheaders = rs.nheaders};
    if (rs.body) {
        r.body = xstrndup(rs.body, rs.body_len);
        r.json = json_loadb(rs.body, rs.body_len, 0, NULL);
    }
    for (int i = 0; i < rs.nheaders; i++) {
        r.names[i] = xstrdup(rs.headers[i].name);
        r.values[i] = xstrdup(rs.headers[i].value);
    }
    free(rs.body);
    if (rq.reader) store_read_release(rq.reader);
    core_arena_free(arena);
    return r;
}

static result get(fixture *f, const char *path, const kv *headers) {
    return call(f, (request){.method = "GET", .path = path, .headers = headers});
}

/* Checks an error answer: status, {"error": {"code", "message"}} and nothing else at the top. */
static void expect_error(const result *r, int status, const char *code) {
    if (r->status != status) fail_msg("status %d, want %d: %s", r->status, status, r->body ? r->body : "");
    assert_non_null(r->json);
    assert_int_equal(json_object_size(r->json), 1);
    json_t *err = json_object_get(r->json, "error");
    assert_true(json_is_object(err));
    assert_string_equal(json_string_value(json_object_get(err, "code")), code);
    const char *msg = json_string_value(json_object_get(err, "message"));
    assert_non_null(msg);
    assert_true(strlen(msg) > 0);
    assert_non_null(strstr(r->content_type, "application/json"));
}

typedef struct session {
    char token[48];
    char csrf[STORE_CSRF_LEN + 1];
    char bearer[64];
    char cookie[112];
} session;

static result login_as(fixture *f, const char *username, const char *password, const char *ip) {
    json_t *body = json_pack("{s:s, s:s}", "username", username, "password", password);
    char *text = json_dumps(body, 0);
    json_decref(body);
    result r = call(f, (request){.method = "POST", .path = "/api/v1/session", .body = text, .client_ip = ip});
    free(text);
    return r;
}

static session login(fixture *f, const char *username) {
    result r = login_as(f, username, PASSWORD, NULL);
    if (r.status != 200) fail_msg("login as %s: %d %s", username, r.status, r.body);
    session s;
    snprintf(s.token, sizeof s.token, "%s", json_string_value(json_object_get(r.json, "token")));
    snprintf(s.csrf, sizeof s.csrf, "%s", json_string_value(json_object_get(r.json, "csrf_token")));
    snprintf(s.bearer, sizeof s.bearer, "Bearer %s", s.token);
    snprintf(s.cookie, sizeof s.cookie, "theme=dark; ws_session=%s; other=1", s.token);
    result_free(&r);
    return s;
}

/* ---- routing ---------------------------------------------------------------------------------- */

static void healthz(void **state) {
    fixture *f = *state;
    result r = get(f, "/healthz", NULL);
    assert_int_equal(r.status, 200);
    assert_string_equal(json_string_value(json_object_get(r.json, "status")), "ok");
    assert_non_null(strstr(r.content_type, "application/json"));
    result_free(&r);
    r = call(f, (request){.method = "HEAD", .path = "/healthz"});
    assert_int_equal(r.status, 200);
    result_free(&r);
}

static void not_found(void **state) {
    fixture *f = *state;
    static const struct {
        const char *method, *path;
    } cases[] = {
        {"GET", "/api/v1/nothing"},        {"GET", "/api/"},
        {"GET", "/api/v1/households/"},    {"GET", "/api/v1/households/1/members/2/extra"},
        {"POST", "/api/v1/nothing"},       {"POST", "/some/page"}, /* not GET outside /api: not the UI either */
        {"GET", "/some/page"},             /* the UI's routes, but no UI is built here */
        {"GET", "/healthz/"},              {"GET", "/API/v1/households"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        result r = call(f, (request){.method = cases[i].method, .path = cases[i].path});
        if (r.status != 404) fail_msg("%s %s: %d", cases[i].method, cases[i].path, r.status);
        expect_error(&r, 404, "not_found");
        assert_string_equal(json_string_value(json_object_get(json_object_get(r.json, "error"), "message")), "未找到");
        result_free(&r);
    }
    result r = call(f, (request){.method = "GET", .path = "/api/v1/nothing", .lang_en = true});
    expect_error(&r, 404, "not_found");
    assert_string_equal(json_string_value(json_object_get(json_object_get(r.json, "error"), "message")), "Not found");
    result_free(&r);
}

static void method_not_allowed(void **state) {
    fixture *f = *state;
    static const struct {
        const char *method, *path;
    } cases[] = {
        {"POST", "/healthz"},          {"DELETE", "/healthz"},       {"PUT", "/api/v1/households"},
        {"DELETE", "/api/v1/households"}, {"PUT", "/api/v1/session"}, {"POST", "/api/v1/households/5"},
        {"POST", "/api/v1/audit"},     {"HEAD", "/api/v1/imports/households"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        result r = call(f, (request){.method = cases[i].method, .path = cases[i].path});
        if (r.status != 405) fail_msg("%s %s: %d", cases[i].method, cases[i].path, r.status);
        expect_error(&r, 405, "method_not_allowed");
        result_free(&r);
    }
}

static void security_headers(void **state) {
    fixture *f = *state;
    static const char *const paths[] = {"/healthz", "/api/v1/nothing", "/api/v1/households"};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        result r = get(f, paths[i], NULL);
        const char *csp = header(&r, "Content-Security-Policy");
        assert_non_null(csp);
        assert_non_null(strstr(csp, "default-src 'self'"));
        assert_non_null(strstr(csp, "frame-ancestors 'none'"));
        assert_non_null(strstr(csp, "object-src 'none'"));
        assert_null(strstr(csp, "unsafe-eval"));
        assert_string_equal(header(&r, "X-Content-Type-Options"), "nosniff");
        assert_string_equal(header(&r, "Referrer-Policy"), "no-referrer");
        assert_string_equal(header(&r, "X-Frame-Options"), "DENY");
        assert_string_equal(header(&r, "Cache-Control"), "no-store"); /* API answers are never cached */
        assert_int_equal(header_count(&r, "Cache-Control"), 1);
        result_free(&r);
    }
}

/* ---- login ------------------------------------------------------------------------------------ */

static void login_bad_requests(void **state) {
    fixture *f = *state;
    static const struct {
        const char *body, *code;
    } cases[] = {
        {"", "bad_json"},
        {"not json", "bad_json"},
        {"{\"username\": \"worker\", ", "bad_json"},
        {"[\"worker\", \"pw\"]", "bad_json"},
        {"\"worker\"", "bad_json"},
        {"{\"username\": \"a\", \"username\": \"b\", \"password\": \"x\"}", "bad_json"}, /* duplicate keys */
        {"{}", "bad_request"},
        {"{\"username\": \"worker\"}", "bad_request"},
        {"{\"password\": \"x\"}", "bad_request"},
        {"{\"username\": \"\", \"password\": \"x\"}", "bad_request"},
        {"{\"username\": 5, \"password\": \"x\"}", "bad_request"},
        {"{\"username\": \"worker\", \"password\": null}", "bad_request"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        result r = call(f, (request){.method = "POST", .path = "/api/v1/session", .body = cases[i].body});
        if (r.status != 400) fail_msg("body %s: %d", cases[i].body, r.status);
        expect_error(&r, 400, cases[i].code);
        assert_null(header(&r, "Set-Cookie"));
        result_free(&r);
    }
}

static void login_and_bearer(void **state) {
    fixture *f = *state;
    result r = login_as(f, "worker", PASSWORD, NULL);
    assert_int_equal(r.status, 200);
    const char *token = json_string_value(json_object_get(r.json, "token"));
    const char *csrf = json_string_value(json_object_get(r.json, "csrf_token"));
    assert_int_equal(strlen(token), 43);
    assert_int_equal(strlen(csrf), STORE_CSRF_LEN);
    assert_int_equal(strspn(csrf, "0123456789abcdef"), STORE_CSRF_LEN);
    json_t *user = json_object_get(r.json, "user");
    assert_string_equal(json_string_value(json_object_get(user, "username")), "worker");
    assert_string_equal(json_string_value(json_object_get(user, "role")), "station_worker");
    assert_string_equal(json_string_value(json_object_get(user, "division_code")), "371002001");
    assert_string_equal(json_string_value(json_object_get(user, "division_level")), "town");
    assert_null(strstr(r.body, "argon2")); /* no password hash in the answer */
    const char *cookie = header(&r, "Set-Cookie");
    assert_non_null(cookie);
    assert_true(strncmp(cookie, "ws_session=", 11) == 0);
    assert_non_null(strstr(cookie, token));
    assert_non_null(strstr(cookie, "HttpOnly"));
    assert_non_null(strstr(cookie, "SameSite=Strict"));
    assert_non_null(strstr(cookie, "Path=/"));
    char bearer[80];
    snprintf(bearer, sizeof bearer, "Bearer %s", token);
    result_free(&r);

    kv auth[] = {{"Authorization", bearer}, {NULL, NULL}};
    r = get(f, "/api/v1/households", auth);
    assert_int_equal(r.status, 200);
    assert_true(json_is_array(json_object_get(r.json, "items")));
    assert_int_equal(json_integer_value(json_object_get(r.json, "total")), 0);
    result_free(&r);
    r = get(f, "/api/v1/session", auth);
    assert_int_equal(r.status, 200);
    assert_string_equal(json_string_value(json_object_get(json_object_get(r.json, "user"), "username")), "worker");
    result_free(&r);
    /* the scheme name is case-insensitive */
    bearer[0] = 'b';
    r = get(f, "/api/v1/households", auth);
    assert_int_equal(r.status, 200);
    result_free(&r);
}

static void bad_credentials(void **state) {
    fixture *f = *state;
    static const struct {
        const char *user, *password;
    } cases[] = {{"worker", "wrong password"}, {"worker", ""}, {"nobody", PASSWORD}, {"Worker", PASSWORD}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        result r = login_as(f, cases[i].user, cases[i].password, NULL);
        expect_error(&r, 401, "bad_credentials");
        assert_null(header(&r, "Set-Cookie"));
        result_free(&r);
    }
}

static void login_rate_limited(void **state) {
    fixture *f = *state;
    for (int i = 0; i < 5; i++) {
        result r = login_as(f, "officer", "guess", "198.51.100.9");
        expect_error(&r, 401, "bad_credentials");
        result_free(&r);
    }
    /* now even the right password is refused for a while, with Retry-After */
    result r = login_as(f, "officer", PASSWORD, "198.51.100.9");
    expect_error(&r, 429, "too_many");
    const char *retry = header(&r, "Retry-After");
    assert_non_null(retry);
    long wait = strtol(retry, NULL, 10);
    assert_true(wait >= 1 && wait <= 15 * 60);
    assert_null(header(&r, "Set-Cookie"));
    result_free(&r);
    /* another account from the same address is not affected by this account's failures */
    r = login_as(f, "worker", PASSWORD, "198.51.100.9");
    assert_int_equal(r.status, 200);
    result_free(&r);
}

/* ---- authentication and authorisation --------------------------------------------------------- */

static void unauthenticated(void **state) {
    fixture *f = *state;
    static const char *const paths[] = {"/api/v1/households", "/api/v1/session", "/api/v1/divisions",
                                        "/api/v1/audit", "/api/v1/households/1"};
    static const kv bad_auth[][2] = {
        {{NULL, NULL}},
        {{"Authorization", "Bearer "}},
        {{"Authorization", "Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}}, /* well-formed, unknown */
        {{"Authorization", "Basic d29ya2VyOnB3"}},
        {{"Cookie", "ws_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}},
        {{"Cookie", "other=1"}},
    };
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        for (size_t j = 0; j < sizeof bad_auth / sizeof bad_auth[0]; j++) {
            kv headers[2] = {bad_auth[j][0], {NULL, NULL}};
            result r = get(f, paths[i], headers);
            if (r.status != 401) fail_msg("GET %s with auth case %zu: %d", paths[i], j, r.status);
            expect_error(&r, 401, "unauthorized");
            result_free(&r);
        }
    }
}

static void cookie_csrf(void **state) {
    fixture *f = *state;
    session s = login(f, "worker");
    /* safe methods need no CSRF token */
    kv cookie_only[] = {{"Cookie", s.cookie}, {NULL, NULL}};
    result r = get(f, "/api/v1/households", cookie_only);
    assert_int_equal(r.status, 200);
    result_free(&r);
    /* writes that rely on the cookie need the session's token */
    char wrong[STORE_CSRF_LEN + 1];
    memcpy(wrong, s.csrf, sizeof wrong);
    wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
    char shorter[STORE_CSRF_LEN];
    memcpy(shorter, s.csrf, STORE_CSRF_LEN - 1);
    shorter[STORE_CSRF_LEN - 1] = '\0';
    const kv bad[][3] = {
        {{"Cookie", s.cookie}, {NULL, NULL}},
        {{"Cookie", s.cookie}, {"X-CSRF-Token", ""}},
        {{"Cookie", s.cookie}, {"X-CSRF-Token", wrong}},
        {{"Cookie", s.cookie}, {"X-CSRF-Token", shorter}},
        {{"Cookie", s.cookie}, {"X-CSRF-Token", s.token}},
    };
    static const struct {
        const char *method, *path;
    } writes[] = {{"POST", "/api/v1/households"}, {"DELETE", "/api/v1/session"}, {"PATCH", "/api/v1/households/1"}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        for (size_t k = 0; k < sizeof writes / sizeof writes[0]; k++) {
            result w = call(f, (request){.method = writes[k].method, .path = writes[k].path, .body = "{}", .headers = bad[i]});
            if (w.status != 403) fail_msg("%s %s, CSRF case %zu: %d", writes[k].method, writes[k].path, i, w.status);
            expect_error(&w, 403, "csrf");
            result_free(&w);
        }
    }
    /* the session survived all that */
    r = get(f, "/api/v1/session", cookie_only);
    assert_int_equal(r.status, 200);
    result_free(&r);
    /* with the token the request reaches the handler (which then judges the body) */
    kv good[] = {{"Cookie", s.cookie}, {"X-CSRF-Token", s.csrf}, {NULL, NULL}};
    r = call(f, (request){.method = "POST", .path = "/api/v1/households", .body = "nope", .headers = good});
    expect_error(&r, 400, "bad_json");
    result_free(&r);
    /* a Bearer request is not something a browser sends by itself: no CSRF token needed */
    kv bearer[] = {{"Authorization", s.bearer}, {NULL, NULL}};
    r = call(f, (request){.method = "POST", .path = "/api/v1/households", .body = "nope", .headers = bearer});
    expect_error(&r, 400, "bad_json");
    result_free(&r);
}

static void roles(void **state) {
    fixture *f = *state;
    session prov = login(f, "provider"), aud = login(f, "auditor"), work = login(f, "worker");
    kv p[] = {{"Authorization", prov.bearer}, {NULL, NULL}};
    kv a[] = {{"Authorization", aud.bearer}, {NULL, NULL}};
    kv w[] = {{"Authorization", work.bearer}, {NULL, NULL}};
    static const struct {
        int who; /* 0 provider, 1 auditor, 2 worker */
        const char *method, *path;
        int status;
    } cases[] = {
        {0, "GET", "/api/v1/households", 403},  {0, "GET", "/api/v1/audit", 403},
        {0, "GET", "/api/v1/divisions", 200},   {0, "GET", "/api/v1/session", 200},
        {1, "GET", "/api/v1/households", 200},  {1, "POST", "/api/v1/households", 403},
        {1, "GET", "/api/v1/audit", 200},       {1, "DELETE", "/api/v1/households/1", 403},
        {2, "GET", "/api/v1/audit", 403},       {2, "GET", "/api/v1/households", 200},
        {2, "GET", "/api/v1/households/1/members/1/id-number", 404},
        {1, "GET", "/api/v1/households/1/members/1/id-number", 403},
    };
    const kv *heads[] = {p, a, w};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        result r = call(f, (request){.method = cases[i].method, .path = cases[i].path, .body = "{}",
                                     .headers = heads[cases[i].who]});
        if (r.status != cases[i].status)
            fail_msg("%s %s as %d: %d, want %d", cases[i].method, cases[i].path, cases[i].who, r.status, cases[i].status);
        if (r.status == 403) expect_error(&r, 403, "forbidden");
        result_free(&r);
    }
}

static void logout(void **state) {
    fixture *f = *state;
    session s = login(f, "officer");
    kv auth[] = {{"Authorization", s.bearer}, {NULL, NULL}};
    result r = call(f, (request){.method = "DELETE", .path = "/api/v1/session", .headers = auth});
    assert_int_equal(r.status, 204);
    assert_null(r.body);
    const char *cookie = header(&r, "Set-Cookie");
    assert_non_null(cookie);
    assert_non_null(strstr(cookie, "Max-Age=0"));
    result_free(&r);
    r = get(f, "/api/v1/households", auth);
    expect_error(&r, 401, "unauthorized");
    result_free(&r);
}

/* ---- handlers behind the router: query parameters, path parameters, a household ---------------- */

static void paging_and_params(void **state) {
    fixture *f = *state;
    session s = login(f, "officer");
    kv auth[] = {{"Authorization", s.bearer}, {NULL, NULL}};
    static const struct {
        kv query[3];
        int status;
        const char *code;
    } cases[] = {
        {{{"limit", "0"}}, 400, "bad_paging"},     {{{"limit", "201"}}, 400, "bad_paging"},
        {{{"limit", "ten"}}, 400, "bad_paging"},   {{{"offset", "-1"}}, 400, "bad_paging"},
        {{{"limit", "5x"}}, 400, "bad_paging"},    {{{"category", "rich"}}, 400, "bad_category"},
        {{{"limit", "200"}, {"offset", "0"}}, 200, NULL},
        {{{"category", "低保对象"}}, 200, NULL},   {{{"q", "  "}}, 200, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        result r = call(f, (request){.method = "GET", .path = "/api/v1/households", .headers = auth,
                                     .query = cases[i].query});
        if (r.status != cases[i].status) fail_msg("query case %zu: %d %s", i, r.status, r.body);
        if (cases[i].code) expect_error(&r, cases[i].status, cases[i].code);
        result_free(&r);
    }
    static const char *const missing[] = {"/api/v1/households/abc", "/api/v1/households/0", "/api/v1/households/-3",
                                          "/api/v1/households/99999", "/api/v1/households/1x",
                                          "/api/v1/households/99999999999999999999999"};
    for (size_t i = 0; i < sizeof missing / sizeof missing[0]; i++) {
        result r = get(f, missing[i], auth);
        if (r.status != 404) fail_msg("GET %s: %d", missing[i], r.status);
        expect_error(&r, 404, "not_found");
        result_free(&r);
    }
}

static void household_create_and_read(void **state) {
    fixture *f = *state;
    session s = login(f, "worker");
    kv auth[] = {{"Authorization", s.bearer}, {NULL, NULL}};
    const char *body = "{\"town_code\": \"371002001\", \"category\": \"dibao\", \"village\": \"海港社区\","
                       " \"members\": [{\"name\": \"王芳\", \"id_number\": \"11010519491231002X\", \"relation\": \"户主\"}]}";
    result r = call(f, (request){.method = "POST", .path = "/api/v1/households", .body = body, .headers = auth});
    if (r.status != 201) fail_msg("create: %d %s", r.status, r.body);
    int64_t id = json_integer_value(json_object_get(r.json, "id"));
    assert_true(id > 0);
    assert_null(strstr(r.body, "11010519491231002X")); /* the answer shows the masked number only */
    assert_non_null(strstr(r.body, "1101**********002X"));
    result_free(&r);
    /* the same number again: 409 naming the field */
    r = call(f, (request){.method = "POST", .path = "/api/v1/households", .body = body, .headers = auth});
    expect_error(&r, 409, "id_registered");
    assert_non_null(json_object_get(json_object_get(json_object_get(r.json, "error"), "fields"), "members[0].id_number"));
    result_free(&r);
    /* a town outside the worker's jurisdiction */
    const char *outside = "{\"town_code\": \"371003001\", \"category\": \"dibao\","
                          " \"members\": [{\"name\": \"李四\", \"sex\": \"男\", \"birth_date\": \"1970-01-01\","
                          " \"relation\": \"户主\"}]}";
    r = call(f, (request){.method = "POST", .path = "/api/v1/households", .body = outside, .headers = auth});
    expect_error(&r, 422, "invalid");
    assert_non_null(json_object_get(json_object_get(json_object_get(r.json, "error"), "fields"), "town_code"));
    result_free(&r);
    /* read it back, and find it by its full number */
    char path[64];
    snprintf(path, sizeof path, "/api/v1/households/%lld", (long long)id);
    r = get(f, path, auth);
    assert_int_equal(r.status, 200);
    assert_int_equal(json_array_size(json_object_get(r.json, "members")), 1);
    result_free(&r);
    kv q[] = {{"q", "11010519491231002x"}, {NULL, NULL}};
    r = call(f, (request){.method = "GET", .path = "/api/v1/households", .headers = auth, .query = q});
    assert_int_equal(r.status, 200);
    assert_int_equal(json_integer_value(json_object_get(r.json, "total")), 1);
    result_free(&r);
    /* the county's officer sees it; another county's does not, not even that it exists */
    session in_county = login(f, "officer"), elsewhere = login(f, "wendeng");
    kv officer[] = {{"Authorization", in_county.bearer}, {NULL, NULL}};
    r = get(f, path, officer);
    assert_int_equal(r.status, 200);
    result_free(&r);
    kv stranger[] = {{"Authorization", elsewhere.bearer}, {NULL, NULL}};
    r = get(f, path, stranger);
    expect_error(&r, 404, "not_found");
    result_free(&r);
    r = call(f, (request){.method = "GET", .path = "/api/v1/households", .headers = stranger, .query = q});
    assert_int_equal(r.status, 200);
    assert_int_equal(json_integer_value(json_object_get(r.json, "total")), 0);
    result_free(&r);
    /* and a household of theirs with the same number is refused as "registered elsewhere" */
    const char *again = "{\"town_code\": \"371003001\", \"category\": \"dibao\","
                        " \"members\": [{\"name\": \"王芳\", \"id_number\": \"11010519491231002X\", \"relation\": \"户主\"}]}";
    r = call(f, (request){.method = "POST", .path = "/api/v1/households", .body = again, .headers = stranger});
    expect_error(&r, 409, "id_registered");
    assert_non_null(strstr(r.body, "elsewhere"));
    assert_null(strstr(r.body, "环翠楼"));
    result_free(&r);
}

int main(void) {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(healthz),         T(not_found),   T(method_not_allowed), T(security_headers),
        T(login_bad_requests), T(login_and_bearer), T(bad_credentials), T(login_rate_limited),
        T(unauthenticated), T(cookie_csrf), T(roles),              T(logout),
        T(paging_and_params), T(household_create_and_read),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
