/*
** err.h: the one error type of Waystation.
**
** Every fallible function in every layer returns a ws_err; 0 (WS_OK) means success, and a function
** that fails leaves its outputs untouched. The web layer maps each code to one HTTP status and the
** command-line tool maps each to one exit code, so these names are the program's error vocabulary.
*/
#ifndef WS_CORE_ERR_H
#define WS_CORE_ERR_H

typedef enum ws_err {
    WS_OK = 0,
    WS_ERR_INVALID,   /* the input breaks a rule; details are in a core_fielderrs list */
    WS_ERR_NOTFOUND,  /* no such object, or not in the caller's jurisdiction */
    WS_ERR_CONFLICT,  /* a uniqueness rule or a concurrent change */
    WS_ERR_AUTH,      /* not logged in, bad credentials, expired session */
    WS_ERR_FORBIDDEN, /* logged in but the role may not do this */
    WS_ERR_LIMIT,     /* too many attempts, too large a body */
    WS_ERR_IO,        /* a file or socket failed */
    WS_ERR_DB,        /* the database failed */
    WS_ERR_CRYPTO,    /* a key is missing or a ciphertext does not open */
    WS_ERR_INTERNAL   /* a bug: an invariant did not hold */
} ws_err;

/* A stable lower-case name for an error code ("invalid", "not_found", ...); never NULL. */
const char *ws_err_name(ws_err e);

#endif
