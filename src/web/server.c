/*
** server.c: libmicrohttpd glue: accepting connections, collecting bodies, answering, logging.
**
** Each request passes through the access handler several times: the first call only sets up the
** request's state (queuing an answer then would cost keep-alive), later calls collect the body up to a
** cap, and the last call dispatches it. The request log records method, path (never the query string,
** which may hold a name or an ID number), status and time: no personal data.
*/
#include "server.h"

#include "app.h"
#include "auth.h"
#include "handlers.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum {
    BODY_LIMIT = 1024 * 1024,             /* JSON bodies */
    IMPORT_BODY_LIMIT = 64 * 1024 * 1024  /* spreadsheet uploads */
};

typedef struct pending {
    core_arena *arena;
    core_buf body;
    bool too_large;
    struct timespec started;
    web_req rq;
} pending;

static const char *lookup(struct MHD_Connection *c, enum MHD_ValueKind kind, const char *name) {
    return MHD_lookup_connection_value(c, kind, name);
}
static const char *query_lookup(void *ctx, const char *name) { return lookup(ctx, MHD_GET_ARGUMENT_KIND, name); }
static const char *header_lookup(void *ctx, const char *name) { return lookup(ctx, MHD_HEADER_KIND, name); }

static const char *client_ip(core_arena *a, struct MHD_Connection *c) {
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    char buf[INET6_ADDRSTRLEN] = "?";
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, buf, sizeof buf);
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, buf, sizeof buf);
    }
    return core_arena_strdup(a, buf);
}

static bool wants_english(const char *accept_language) {
    return accept_language && strncasecmp(accept_language, "en", 2) == 0;
}

static pending *pending_new(struct MHD_Connection *c, const char *url, const char *method) {
    pending *p = xcalloc(1, sizeof *p);
    p->arena = core_arena_new();
    clock_gettime(CLOCK_MONOTONIC, &p->started);
    bool is_import = strncmp(url, "/api/v1/imports/", 16) == 0 || strcmp(url, "/api/v1/hsds/import") == 0;
    core_buf_init(&p->body, is_import ? IMPORT_BODY_LIMIT : BODY_LIMIT);
    web_req *rq = &p->rq;
    rq->arena = p->arena;
    rq->method = core_arena_strdup(p->arena, method);
    rq->path = core_arena_strdup(p->arena, url);
    rq->query_fn = query_lookup;
    rq->header_fn = header_lookup;
    rq->lookup_ctx = c;
    rq->client_ip = client_ip(p->arena, c);
    rq->lang_en = wants_english(header_lookup(c, "Accept-Language"));
    rq->today = core_date_shanghai(time(NULL));
    return p;
}

static enum MHD_Result queue(struct MHD_Connection *c, web_req *rq, web_res *rs) {
    struct MHD_Response *r;
    if (rs->static_body)
        r = MHD_create_response_from_buffer(rs->body_len, (void *)rs->static_body, MHD_RESPMEM_PERSISTENT);
    else if (rs->body) {
        r = MHD_create_response_from_buffer(rs->body_len, rs->body, MHD_RESPMEM_MUST_FREE);
        rs->body = NULL; /* MHD frees it now */
    } else
        r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    if (!r) return MHD_NO;
    if (rs->content_type) MHD_add_response_header(r, "Content-Type", rs->content_type);
    for (int i = 0; i < rs->nheaders; i++) MHD_add_response_header(r, rs->headers[i].name, rs->headers[i].value);
    enum MHD_Result ok = MHD_queue_response(c, (unsigned)rs->status, r);
    MHD_destroy_response(r);
    return ok;
}

static void log_request(pending *p, int status) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double ms = (double)(now.tv_sec - p->started.tv_sec) * 1e3 + (double)(now.tv_nsec - p->started.tv_nsec) / 1e6;
    fprintf(stderr, "%s %s %d %.1fms\n", p->rq.method, p->rq.path, status, ms);
}

static bool quiet_log;

static enum MHD_Result on_access(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                 const char *version, const char *upload_data, size_t *upload_size, void **state) {
    web_app *app = cls;
    pending *p = *state;
    if (!p) {
        p = pending_new(c, url, method);
        p->rq.app = app;
        *state = p;
        return MHD_YES;
    }
    if (*upload_size) {
        if (!p->too_large && core_buf_append(&p->body, upload_data, *upload_size) != 0) {
            p->too_large = true;
            core_buf_free(&p->body);
        }
        *upload_size = 0;
        return MHD_YES;
    }
    web_req *rq = &p->rq;
    rq->body = p->body.data ? p->body.data : "";
    rq->body_len = p->body.len;
    web_res rs = {.status = 200};
    if (p->too_large) web_error_from(rq, &rs, WS_ERR_LIMIT);
    else web_dispatch(app, rq, &rs);
    web_security_headers(rq, &rs);
    if (!quiet_log) log_request(p, rs.status);
    enum MHD_Result ok = queue(c, rq, &rs);
    free(rs.body);
    return ok;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **state, enum MHD_RequestTerminationCode tc) {
    pending *p = *state;
    if (!p) return;
    if (p->rq.reader) store_read_release(p->rq.reader);
    core_buf_free(&p->body);
    core_arena_free(p->arena);
    free(p);
    *state = NULL;
}

/*
** Decodes %HH in a path or query value, except in one that holds %00: decoded, the NUL would cut the text
** short and /households/5002%00/members would act on household 5002. Left encoded, such a path or value
** is simply one that names nothing (404) or fails validation.
*/
static size_t unescape_without_nul(void *cls, struct MHD_Connection *c, char *s) {
    if (strstr(s, "%00")) return strlen(s);
    return MHD_http_unescape(s);
}

static volatile sig_atomic_t stop_requested;
static void on_signal(int sig) { stop_requested = sig; }

ws_err web_serve(store_db *db, const web_config *cfg, char *why, size_t whysz) {
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)cfg->port)};
    if (inet_pton(AF_INET, cfg->host, &addr.sin_addr) != 1) {
        snprintf(why, whysz, "listen address %s is not an IPv4 address", cfg->host);
        return WS_ERR_INVALID;
    }
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned threads = cfg->threads > 0 ? (unsigned)cfg->threads : (unsigned)(cores > 0 ? cores : 2);
    web_app *app = web_app_new(db, cfg->web_dir);
    quiet_log = getenv("WAYSTATION_QUIET") != NULL;
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL_LINUX_ONLY | MHD_USE_TURBO, 0, NULL, NULL, on_access, app,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr, MHD_OPTION_THREAD_POOL_SIZE, threads,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64 * 1024, MHD_OPTION_UNESCAPE_CALLBACK, unescape_without_nul,
        NULL, MHD_OPTION_END);
    if (!d) {
        snprintf(why, whysz, "cannot listen on %s:%d (is the port in use?)", cfg->host, cfg->port);
        web_app_free(app);
        return WS_ERR_IO;
    }
    struct sigaction sa = {.sa_handler = on_signal};
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    printf("Waystation is serving on http://%s:%d/ (%u threads)%s\n", cfg->host, cfg->port, threads,
           app->files ? "" : " (no built UI found: API only)");
    fflush(stdout);
    /* Housekeeping while serving: referrals nobody answered expire, at start and then every hour. A signal
    ** cuts the sleep short. */
    time_t next_sweep = 0;
    while (!stop_requested) {
        if (time(NULL) >= next_sweep) {
            web_referrals_expire_due(app);
            next_sweep = time(NULL) + 3600;
        }
        sleep(60);
    }
    MHD_stop_daemon(d);
    web_app_free(app);
    return WS_OK;
}
