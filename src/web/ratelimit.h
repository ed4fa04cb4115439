/*
** ratelimit.h: counting failed logins per account and per client address.
**
** A key (account name or address) that fails `max` times within `window` seconds is refused until the
** oldest of those failures leaves the window. State is in memory: a restart forgets it, which is
** acceptable for slowing down password guessing. Thread-safe.
*/
#ifndef WS_WEB_RATELIMIT_H
#define WS_WEB_RATELIMIT_H
#include <stdbool.h>
#include <stdint.h>

typedef struct web_ratelimit web_ratelimit;

web_ratelimit *web_ratelimit_new(void);
void web_ratelimit_free(web_ratelimit *rl);

/* True when key may try now; otherwise *retry_after is the seconds to wait. */
bool web_ratelimit_allowed(web_ratelimit *rl, const char *key, int max, int64_t window, int64_t now,
                           int64_t *retry_after);
void web_ratelimit_fail(web_ratelimit *rl, const char *key, int64_t window, int64_t now);
void web_ratelimit_reset(web_ratelimit *rl, const char *key);

#endif
