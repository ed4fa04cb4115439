/*
** auth.c: login and logout, session lookup, CSRF and role checks.
*/
#include "auth.h"

#include "../core/password.h"
#include "app.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static const struct { const char *name; unsigned bit; } ROLES[] = {
    {"city_admin", WEB_ROLE_CITY_ADMIN},         {"county_officer", WEB_ROLE_COUNTY_OFFICER},
    {"station_worker", WEB_ROLE_STATION_WORKER}, {"provider_staff", WEB_ROLE_PROVIDER_STAFF},
    {"auditor", WEB_ROLE_AUDITOR},
};

unsigned web_role_bit(const char *role) {
    for (size_t i = 0; i < sizeof ROLES / sizeof ROLES[0]; i++)
        if (strcmp(ROLES[i].name, role) == 0) return ROLES[i].bit;
    return 0;
}

bool web_role_valid(const char *role) { return web_role_bit(role) != 0; }

store_actor web_actor(const web_req *rq) { return (store_actor){rq->user.id, rq->user.username}; }

enum { TOKEN_BYTES = 32, TOKEN_TEXT = 44 /* base64url without padding, 43 + NUL */ };

static void hash_token(const char *token, uint8_t out[STORE_TOKEN_HASH]) {
    crypto_generichash(out, STORE_TOKEN_HASH, (const unsigned char *)token, strlen(token), NULL, 0);
}

/* The token from "Authorization: Bearer T" or, failing that, from the ws_session cookie. */
static const char *request_token(web_req *rq, bool *via_cookie) {
    const char *auth = web_header_get(rq, "Authorization");
    if (auth && strncasecmp(auth, "Bearer ", 7) == 0) {
        *via_cookie = false;
        return auth + 7;
    }
    const char *cookies = web_header_get(rq, "Cookie");
    for (const char *p = cookies; p && *p;) {
        while (*p == ' ' || *p == ';') p++;
        if (strncmp(p, "ws_session=", 11) == 0) {
            const char *v = p + 11, *end = strchr(v, ';');
            *via_cookie = true;
            return core_arena_strndup(rq->arena, v, end ? (size_t)(end - v) : strlen(v));
        }
        p = strchr(p, ';');
    }
    return NULL;
}

void web_authenticate(web_req *rq) {
    if (rq->authed) return;
    bool via_cookie = false;
    const char *token = request_token(rq, &via_cookie);
    if (!token || strlen(token) != TOKEN_TEXT - 1) return;
    hash_token(token, rq->token_hash);
    int64_t now = time(NULL), last_seen = 0;
    if (store_session_lookup(web_reader(rq), rq->token_hash, now, WEB_SESSION_IDLE, &rq->user, rq->csrf,
                             &last_seen) != WS_OK)
        return;
    rq->authed = true;
    rq->via_cookie = via_cookie;
    /* Record use at most once a minute: a write per request would cost every request a durable commit. */
    if (now - last_seen >= 60) {
        store_conn *w;
        if (web_write_begin(rq, &w) == WS_OK) store_write_finish(w, store_session_touch(w, rq->token_hash, now));
    }
}

static bool is_safe_method(const char *m) { return strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0; }

bool web_authorize_or_answer(web_req *rq, web_res *rs, unsigned roles) {
    if (!rq->authed) {
        web_error(rq, rs, 401, "unauthorized", "请先登录", "Please log in");
        return false;
    }
    if (rq->via_cookie && !is_safe_method(rq->method)) {
        const char *sent = web_header_get(rq, "X-CSRF-Token");
        if (!sent || strlen(sent) != STORE_CSRF_LEN || sodium_memcmp(sent, rq->csrf, STORE_CSRF_LEN) != 0) {
            web_error(rq, rs, 403, "csrf", "请求缺少有效的 CSRF 令牌，请刷新页面后重试",
                      "The request lacks a valid CSRF token; reload the page and retry");
            return false;
        }
    }
    if (!(web_role_bit(rq->user.role) & roles)) {
        web_error(rq, rs, 403, "forbidden", "您的角色无权进行此操作", "Your role may not do this");
        return false;
    }
    return true;
}

static json_t *user_json(const store_user *u) {
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:o}", "id", (json_int_t)u->id, "username", u->username,
                     "display_name", u->display_name, "role", u->role, "division_code", u->division_code,
                     "division_name", u->division_name, "division_level", u->division_level, "provider_id",
                     u->provider_id ? json_integer(u->provider_id) : json_null());
}

static bool login_allowed_or_answer(web_req *rq, web_res *rs, const char *account_key, const char *address_key,
                                    int64_t now) {
    int64_t wait = 0;
    web_ratelimit *rl = rq->app->login_limits;
    if (web_ratelimit_allowed(rl, account_key, WEB_LOGIN_MAX_PER_ACCOUNT, WEB_LOGIN_WINDOW, now, &wait) &&
        web_ratelimit_allowed(rl, address_key, WEB_LOGIN_MAX_PER_ADDRESS, WEB_LOGIN_WINDOW, now, &wait))
        return true;
    web_add_header(rq, rs, "Retry-After", core_arena_printf(rq->arena, "%lld", (long long)wait));
    web_error(rq, rs, 429, "too_many", "登录失败次数过多，请稍后再试", "Too many failed logins; try again later");
    return false;
}

/* A valid Argon2id hash of a random password, so that unknown accounts take as long as known ones. */
static char dummy_hash[CORE_PASSWORD_HASH_MAX];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy_hash(void) {
    char pw[17];
    core_password_random(pw);
    core_password_hash(pw, dummy_hash);
}

/* Checks the password against the account; takes an Argon2id verification's time either way. */
static bool credentials_ok(web_req *rq, const char *username, const char *password, store_user *u) {
    char hash[CORE_PASSWORD_HASH_MAX];
    if (store_user_by_name(web_reader(rq), username, u, hash, sizeof hash) != WS_OK) {
        pthread_once(&dummy_once, make_dummy_hash);
        core_password_verify(password, dummy_hash);
        return false;
    }
    return core_password_verify(password, hash);
}

static void set_session_cookie(web_req *rq, web_res *rs, const char *token, int max_age) {
    web_add_header(rq, rs, "Set-Cookie",
                   core_arena_printf(rq->arena, "ws_session=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d",
                                     token, max_age));
}

void web_session_create(web_req *rq, web_res *rs) {
    json_t *body;
    if (!web_body_object_or_answer(rq, rs, &body)) return;
    const char *username = json_string_value(json_object_get(body, "username"));
    const char *password = json_string_value(json_object_get(body, "password"));
    if (!username || !password || !*username || strlen(username) > 64 || strlen(password) > 256) {
        json_decref(body);
        web_error(rq, rs, 400, "bad_request", "请输入用户名和密码", "Enter a username and a password");
        return;
    }
    int64_t now = time(NULL);
    const char *account_key = core_arena_printf(rq->arena, "u:%s", username);
    const char *address_key = core_arena_printf(rq->arena, "a:%s", rq->client_ip);
    store_user u;
    if (!login_allowed_or_answer(rq, rs, account_key, address_key, now)) goto done;
    if (!credentials_ok(rq, username, password, &u)) {
        web_ratelimit_fail(rq->app->login_limits, account_key, WEB_LOGIN_WINDOW, now);
        web_ratelimit_fail(rq->app->login_limits, address_key, WEB_LOGIN_WINDOW, now);
        web_error(rq, rs, 401, "bad_credentials", "用户名或密码错误", "Wrong username or password");
        goto done;
    }
    web_ratelimit_reset(rq->app->login_limits, account_key);
    uint8_t raw[TOKEN_BYTES], csrf_raw[STORE_CSRF_LEN / 2];
    char token[TOKEN_TEXT], csrf[STORE_CSRF_LEN + 1];
    randombytes_buf(raw, sizeof raw);
    randombytes_buf(csrf_raw, sizeof csrf_raw);
    sodium_bin2base64(token, sizeof token, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_bin2hex(csrf, sizeof csrf, csrf_raw, sizeof csrf_raw);
    uint8_t th[STORE_TOKEN_HASH];
    hash_token(token, th);
    store_conn *w;
    ws_err e = web_write_begin(rq, &w);
    if (!e) {
        e = store_session_create(w, th, u.id, csrf, now, now + WEB_SESSION_MAX);
        if (!e) {
            store_actor who = {u.id, u.username};
            e = store_audit_append(w, &who, "login", "user", u.username, NULL);
        }
        e = store_write_finish(w, e);
    }
    if (e) {
        web_error_from(rq, rs, e);
        goto done;
    }
    set_session_cookie(rq, rs, token, WEB_SESSION_MAX);
    web_json(rs, 200, json_pack("{s:s, s:s, s:o}", "token", token, "csrf_token", csrf, "user", user_json(&u)));
done:
    json_decref(body);
}

void web_session_get(web_req *rq, web_res *rs) {
    web_json(rs, 200, json_pack("{s:o, s:s}", "user", user_json(&rq->user), "csrf_token", rq->csrf));
}

void web_session_delete(web_req *rq, web_res *rs) {
    store_conn *w;
    ws_err e = web_write_begin(rq, &w);
    if (!e) {
        e = store_session_delete(w, rq->token_hash);
        e = store_write_finish(w, e);
    }
    if (e) {
        web_error_from(rq, rs, e);
        return;
    }
    set_session_cookie(rq, rs, "", 0);
    web_no_content(rs);
}
