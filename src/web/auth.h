/*
** auth.h: who is asking, and may they: session tokens, CSRF, roles.
**
** A request is authenticated by `Authorization: Bearer TOKEN` or the `ws_session` cookie. The token is
** 256 random bits; only its BLAKE2b hash is stored. Requests that rely on the cookie must also send the
** session's CSRF token in X-CSRF-Token for anything but GET and HEAD, since a browser attaches cookies
** to requests other sites make it send.
*/
#ifndef WS_WEB_AUTH_H
#define WS_WEB_AUTH_H
#include "http.h"

#include "../store/audit.h"

enum web_role_bits {
    WEB_ROLE_CITY_ADMIN = 1u << 0,
    WEB_ROLE_COUNTY_OFFICER = 1u << 1,
    WEB_ROLE_STATION_WORKER = 1u << 2,
    WEB_ROLE_PROVIDER_STAFF = 1u << 3,
    WEB_ROLE_AUDITOR = 1u << 4,
    WEB_ROLES_ANY = 0x1f,
    /* who may read and change the household registry within their division */
    WEB_ROLES_REGISTRY_WRITE = WEB_ROLE_CITY_ADMIN | WEB_ROLE_COUNTY_OFFICER | WEB_ROLE_STATION_WORKER,
    WEB_ROLES_REGISTRY_READ = WEB_ROLES_REGISTRY_WRITE | WEB_ROLE_AUDITOR,
    WEB_ROLES_AUDIT = WEB_ROLE_CITY_ADMIN | WEB_ROLE_AUDITOR,
};

/* The bit of a role name; 0 for an unknown one. */
unsigned web_role_bit(const char *role);
/* True for a role name that exists. */
bool web_role_valid(const char *role);

enum {
    WEB_SESSION_IDLE = 2 * 3600,     /* seconds without use before a session ends */
    WEB_SESSION_MAX = 12 * 3600,     /* seconds after login before it ends anyway */
    WEB_LOGIN_MAX_PER_ACCOUNT = 5,
    WEB_LOGIN_MAX_PER_ADDRESS = 20,
    WEB_LOGIN_WINDOW = 15 * 60,
};

/* Looks the request's token up and fills rq->authed, rq->user and the rest; refreshes last use. */
void web_authenticate(web_req *rq);

/*
** For a route that needs one of roles: answers 401 when not logged in, 403 when the cookie-borne
** request lacks its CSRF token or the role is not among roles. True when the request may proceed.
*/
bool web_authorize_or_answer(web_req *rq, web_res *rs, unsigned roles);

/* The acting user for audit entries. */
store_actor web_actor(const web_req *rq);

/* Handlers of /api/v1/session. */
void web_session_create(web_req *rq, web_res *rs);
void web_session_get(web_req *rq, web_res *rs);
void web_session_delete(web_req *rq, web_res *rs);

#endif
