/*
** server.h: the HTTP server (libmicrohttpd) that serves the API and the browser UI.
*/
#ifndef WS_WEB_SERVER_H
#define WS_WEB_SERVER_H
#include "../core/err.h"
#include "../store/db.h"

#include <stddef.h>

typedef struct web_config {
    const char *host;    /* numeric IPv4 address to bind, e.g. "127.0.0.1" or "0.0.0.0" */
    int port;
    const char *web_dir; /* the built UI (web/dist); NULL or missing serves the API only */
    int threads;         /* worker threads; 0 means one per core */
} web_config;

/*
** Serves until SIGINT or SIGTERM, then finishes the requests under way and returns WS_OK. Returns an
** error with a reason in why when it cannot start (the port is taken, the address is malformed).
*/
ws_err web_serve(store_db *db, const web_config *cfg, char *why, size_t whysz);

#endif
