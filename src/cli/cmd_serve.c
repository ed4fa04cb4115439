/*
** cmd_serve.c: `waystation serve`: the HTTP server.
*/
#include "cli.h"

#include "../web/server.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char HELP[] =
    "Usage: waystation serve [--db PATH] [--listen HOST:PORT] [--web DIR] [--threads N]\n\n"
    "Serves the JSON API under /api/v1 and the browser UI.\n"
    "  --db PATH          the database (default " CLI_DEFAULT_DB ")\n"
    "  --listen HOST:PORT where to listen (default 127.0.0.1:$PORT, PORT defaulting to 8080)\n"
    "  --web DIR          the built UI (default web/dist when it exists)\n"
    "  --threads N        worker threads (default: one per core)\n"
    "Stops cleanly on Ctrl-C or SIGTERM.\n";

/* Splits "host:port" or ":port" or "port"; false when the port is not 1..65535. */
static bool parse_listen(const char *text, char *host, size_t hostsz, int *port) {
    const char *colon = strrchr(text, ':');
    const char *p = colon ? colon + 1 : text;
    char *end;
    long v = strtol(p, &end, 10);
    if (!*p || *end || v < 1 || v > 65535) return false;
    *port = (int)v;
    if (colon && colon != text) snprintf(host, hostsz, "%.*s", (int)(colon - text), text);
    else snprintf(host, hostsz, "127.0.0.1");
    return true;
}

int cli_serve(int argc, char **argv) {
    cli_opt opts[] = {{"--db", true, NULL}, {"--listen", true, NULL}, {"--web", true, NULL}, {"--threads", true, NULL}};
    char *pos[1];
    int npos;
    int rc = cli_start(argc, argv, HELP, opts, 4, pos, &npos, 0);
    if (rc != CLI_CONTINUE) return rc;
    const char *db_path = cli_db_path(opts, 4);
    const char *listen = cli_opt_value(opts, 4, "--listen");
    const char *web = cli_opt_value(opts, 4, "--web");
    const char *threads = cli_opt_value(opts, 4, "--threads");
    char fallback[32];
    if (!listen) {
        const char *port = getenv("PORT");
        snprintf(fallback, sizeof fallback, "127.0.0.1:%s", port && *port ? port : "8080");
        listen = fallback;
    }
    web_config cfg = {0};
    long long nthreads = 0;
    if (threads && !cli_parse_number("--threads", threads, 1, 256, &nthreads)) return CLI_USAGE;
    cfg.threads = (int)nthreads;
    char host[64];
    if (!parse_listen(listen, host, sizeof host, &cfg.port)) {
        fprintf(stderr, "waystation serve: --listen takes HOST:PORT, got '%s'\n", listen);
        return CLI_USAGE;
    }
    cfg.host = host;
    struct stat st;
    cfg.web_dir = web ? web : (stat("web/dist/index.html", &st) == 0 ? "web/dist" : NULL);
    int code = CLI_OK;
    store_db *db = cli_open_db(db_path, false, &code);
    if (!db) return code;
    char why[256];
    ws_err e = web_serve(db, &cfg, why, sizeof why);
    store_close(db);
    if (e) {
        fprintf(stderr, "waystation serve: %s\n", why);
        return e == WS_ERR_INVALID ? CLI_USAGE : CLI_FAILED;
    }
    return CLI_OK;
}
