/*
** err.c: names of the error codes, used in JSON error bodies and logs.
*/
#include "err.h"

const char *ws_err_name(ws_err e) {
    switch (e) {
    case WS_OK: return "ok";
    case WS_ERR_INVALID: return "invalid";
    case WS_ERR_NOTFOUND: return "not_found";
    case WS_ERR_CONFLICT: return "conflict";
    case WS_ERR_AUTH: return "unauthorized";
    case WS_ERR_FORBIDDEN: return "forbidden";
    case WS_ERR_LIMIT: return "too_many";
    case WS_ERR_IO: return "io_error";
    case WS_ERR_DB: return "db_error";
    case WS_ERR_CRYPTO: return "crypto_error";
    case WS_ERR_INTERNAL: return "internal";
    }
    return "internal";
}
