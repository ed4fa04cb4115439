/*
** app.h: server-wide state shared by the web layer's files, and the request dispatcher.
*/
#ifndef WS_WEB_APP_H
#define WS_WEB_APP_H
#include "cache.h"
#include "http.h"
#include "ratelimit.h"
#include "static_files.h"

struct web_app {
    store_db *db;
    web_static *files;      /* NULL when there is no built UI */
    web_ratelimit *login_limits;
    web_cache *lists;       /* household list answers (h_households.c) */
};

web_app *web_app_new(store_db *db, const char *web_dir);
void web_app_free(web_app *app);

/* Routes one complete request to its handler (after authentication) and fills rs. */
void web_dispatch(web_app *app, web_req *rq, web_res *rs);

/* Adds the security headers every response carries. */
void web_security_headers(web_req *rq, web_res *rs);

#endif
