/*
** ratelimit.c: a small table of failure times per key, with the oldest entry evicted when full.
*/
#include "ratelimit.h"

#include "../core/mem.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { SLOTS = 4096, MAX_FAILS = 32, KEY_MAX = 96 };

typedef struct slot {
    char key[KEY_MAX];
    int n;                     /* failures kept, newest last */
    int64_t at[MAX_FAILS];
    int64_t touched;
} slot;

struct web_ratelimit {
    pthread_mutex_t lock;
    slot *slots;
};

web_ratelimit *web_ratelimit_new(void) {
    web_ratelimit *rl = xcalloc(1, sizeof *rl);
    pthread_mutex_init(&rl->lock, NULL);
    rl->slots = xcalloc(SLOTS, sizeof *rl->slots);
    return rl;
}

void web_ratelimit_free(web_ratelimit *rl) {
    if (!rl) return;
    pthread_mutex_destroy(&rl->lock);
    free(rl->slots);
    free(rl);
}

/* The slot for key, or NULL; with create, a free or the least recently touched slot is taken. */
static slot *find(web_ratelimit *rl, const char *key, bool create) {
    slot *oldest = &rl->slots[0];
    for (int i = 0; i < SLOTS; i++) {
        slot *s = &rl->slots[i];
        if (s->key[0] && strncmp(s->key, key, KEY_MAX - 1) == 0) return s;
        if (s->touched < oldest->touched) oldest = s;
    }
    if (!create) return NULL;
    memset(oldest, 0, sizeof *oldest);
    snprintf(oldest->key, sizeof oldest->key, "%s", key);
    return oldest;
}

static void expire(slot *s, int64_t window, int64_t now) {
    int keep = 0;
    for (int i = 0; i < s->n; i++)
        if (s->at[i] > now - window) s->at[keep++] = s->at[i];
    s->n = keep;
}

bool web_ratelimit_allowed(web_ratelimit *rl, const char *key, int max, int64_t window, int64_t now,
                           int64_t *retry_after) {
    pthread_mutex_lock(&rl->lock);
    slot *s = find(rl, key, false);
    bool ok = true;
    if (s) {
        expire(s, window, now);
        if (s->n >= max) {
            ok = false;
            *retry_after = s->at[s->n - max] + window - now;
            if (*retry_after < 1) *retry_after = 1;
        }
    }
    pthread_mutex_unlock(&rl->lock);
    return ok;
}

void web_ratelimit_fail(web_ratelimit *rl, const char *key, int64_t window, int64_t now) {
    pthread_mutex_lock(&rl->lock);
    slot *s = find(rl, key, true);
    expire(s, window, now);
    if (s->n == MAX_FAILS) {
        memmove(s->at, s->at + 1, (MAX_FAILS - 1) * sizeof s->at[0]);
        s->n--;
    }
    s->at[s->n++] = now;
    s->touched = now;
    pthread_mutex_unlock(&rl->lock);
}

void web_ratelimit_reset(web_ratelimit *rl, const char *key) {
    pthread_mutex_lock(&rl->lock);
    slot *s = find(rl, key, false);
    if (s) memset(s, 0, sizeof *s);
    pthread_mutex_unlock(&rl->lock);
}
