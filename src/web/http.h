/*
** http.h: the request and response a handler sees, and the helpers every handler uses.
**
** A handler is a plain function `void web_x(web_req *rq, web_res *rs)`: it reads the request, calls core
** and store, and fills the response. It never talks to libmicrohttpd directly, so handlers can be tested
** without a socket. Memory a handler needs for the request comes from rq->arena, freed when the response
** is sent. Helpers whose name ends in _or_answer fill the response with an error themselves and return
** false, so a handler can write `if (!web_x_or_answer(...)) return;`.
*/
#ifndef WS_WEB_HTTP_H
#define WS_WEB_HTTP_H
#include "../core/date.h"
#include "../core/err.h"
#include "../core/fielderr.h"
#include "../core/mem.h"
#include "../store/db.h"
#include "../store/users.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct web_app web_app; /* server-wide state: the database, static files, rate limits */

enum { WEB_MAX_PARAMS = 4, WEB_MAX_HEADERS = 12 };

typedef const char *(*web_lookup_fn)(void *ctx, const char *name);

typedef struct web_req {
    web_app *app;
    core_arena *arena;
    const char *method;
    const char *path;            /* without the query string */
    const char *body;            /* NUL-terminated; "" when none */
    size_t body_len;
    const char *client_ip;
    const char *params[WEB_MAX_PARAMS]; /* the {id} parts of the matched route, in order */
    web_lookup_fn query_fn, header_fn;  /* how to read the query and the headers */
    void *lookup_ctx;
    bool lang_en;                /* Accept-Language asks for English */
    /* set by authentication */
    bool authed;
    bool via_cookie;
    store_user user;
    uint8_t token_hash[STORE_TOKEN_HASH];
    char csrf[STORE_CSRF_LEN + 1];
    core_date today;             /* the civil date in Asia/Shanghai when the request arrived */
    store_conn *reader;          /* lazily acquired by web_reader, released after the response */
} web_req;

typedef struct web_header {
    const char *name, *value; /* arena strings or literals */
} web_header;

typedef struct web_res {
    int status;
    const char *content_type;
    char *body;          /* malloc'd (freed by the server) or NULL */
    size_t body_len;
    const void *static_body; /* used instead of body when set: owned by someone who outlives the response */
    web_header headers[WEB_MAX_HEADERS];
    int nheaders;
} web_res;

/* ---- reading the request ---- */
const char *web_query(web_req *rq, const char *name);  /* NULL when absent */
const char *web_header_get(web_req *rq, const char *name);
store_conn *web_reader(web_req *rq);                  /* a read connection for this request */
store_db *web_db(web_req *rq);
/*
** Starts the request's write transaction (store_write_begin), first ending the snapshot of its read
** connection, if any: reads that must agree with the write are made on *w, inside the transaction.
*/
ws_err web_write_begin(web_req *rq, store_conn **w);

/* Parses path parameter i as a positive id written canonically (no sign, spaces or leading zeros);
** answers 404 when it is not one, so that one object has one address (and one name in the audit log). */
bool web_param_id_or_answer(web_req *rq, web_res *rs, int i, int64_t *id);
/* Parses the body as a JSON object (new reference in *out); answers 400 when it is not one. */
bool web_body_object_or_answer(web_req *rq, web_res *rs, json_t **out);
/* The same for a body that may be empty (an empty body is {}). */
bool web_body_optional_object_or_answer(web_req *rq, web_res *rs, json_t **out);
/* Reads limit (default 20, 1..200) and offset (>= 0); answers 400 when malformed. */
bool web_paging_or_answer(web_req *rq, web_res *rs, int64_t *limit, int64_t *offset);
/* Reads `division`, a city, county or town code (4, 6 or 9 digits), into *code (NULL when absent or
** empty); answers 400 bad_division when malformed. Whether it lies in the caller's jurisdiction is the
** store's question. */
bool web_query_division_or_answer(web_req *rq, web_res *rs, const char **code);
/* A yes/no query parameter: absent, "", "0" or "false" is false; "1" or "true" is true; anything else answers
** 400 bad_<name> (a typo must not turn a dry run into the real thing) and returns false. */
bool web_query_flag_or_answer(web_req *rq, web_res *rs, const char *name, bool *value);

/* Reads the query parameter name as an id written canonically into *id (0 when absent or empty); answers
** 400 with code (e.g. "bad_provider") when it is not one. */
bool web_query_id_or_answer(web_req *rq, web_res *rs, const char *name, const char *code, int64_t *id);

/* The decimal text of an id, in the request's arena. */
const char *web_id_text(web_req *rq, int64_t id);

/* ---- filling the response ---- */
void web_add_header(web_req *rq, web_res *rs, const char *name, const char *value); /* copies both */
void web_json(web_res *rs, int status, json_t *body); /* steals body */
void web_text(web_res *rs, int status, const char *content_type, char *body, size_t len); /* takes body (malloc) */
void web_no_content(web_res *rs);
/* An error with code and a message in both languages; the response's message follows the request's language. */
void web_error(web_req *rq, web_res *rs, int status, const char *code, const char *zh, const char *en);
/* 200 with out (taking it) when e is WS_OK, else the error e answers as (web_error_from). */
void web_answer(web_req *rq, web_res *rs, ws_err e, json_t *out);
/* 422 with field errors (or status when the caller chooses another, such as 409). */
void web_error_fields(web_req *rq, web_res *rs, int status, const char *code, const core_fielderrs *errs);
/* The usual answer for a ws_err from core or store (404, 409, 500 ...). */
void web_error_from(web_req *rq, web_res *rs, ws_err e);
/* For e WS_ERR_INVALID with errors in errs: 422 with them; otherwise web_error_from(e), so that a 404 or a 409
** found after the request's own errors were read still answers as such. */
void web_error_fields_or_from(web_req *rq, web_res *rs, ws_err e, const core_fielderrs *errs);

/* A JSON object of field errors: {"field": {"code","message","zh","en"}}; new reference. */
json_t *web_fielderrs_json(web_req *rq, const core_fielderrs *errs);

#endif
