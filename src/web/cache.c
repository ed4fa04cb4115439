/*
** cache.c: the answer cache (see cache.h): a fixed array of slots under one mutex. Copies are made
** outside the lock where they can be; a hit copies the body while holding it (a few microseconds).
*/
#include "cache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

enum {
    SLOTS = 256,               /* answers kept at most */
    MAX_BODY = 512 * 1024      /* larger answers are not kept: 256 slots stay under 128 MiB */
};

typedef struct slot {
    char *key;                 /* NULL when the slot is empty */
    uint64_t generation;
    const char *content_type;  /* static, as set by web_json */
    char *body;
    size_t len;
} slot;

struct web_cache {
    pthread_mutex_t lock;
    slot slots[SLOTS];
};

static size_t slot_of(const char *key) {
    uint64_t h = 14695981039346656037u; /* FNV-1a */
    for (const char *p = key; *p; p++) h = (h ^ (unsigned char)*p) * 1099511628211u;
    return (size_t)(h % SLOTS);
}

static void slot_clear(slot *s) {
    free(s->key);
    free(s->body);
    memset(s, 0, sizeof *s);
}

web_cache *web_cache_new(void) {
    web_cache *c = xcalloc(1, sizeof *c);
    pthread_mutex_init(&c->lock, NULL);
    return c;
}

void web_cache_free(web_cache *c) {
    if (!c) return;
    for (size_t i = 0; i < SLOTS; i++) slot_clear(&c->slots[i]);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

bool web_cache_get(web_cache *c, const char *key, uint64_t generation, web_res *rs) {
    slot *s = &c->slots[slot_of(key)];
    char *body = NULL;
    size_t len = 0;
    const char *content_type = NULL;
    pthread_mutex_lock(&c->lock);
    if (s->key && s->generation == generation && strcmp(s->key, key) == 0) {
        body = xmalloc(s->len + 1);
        memcpy(body, s->body, s->len + 1);
        len = s->len;
        content_type = s->content_type;
    }
    pthread_mutex_unlock(&c->lock);
    if (!body) return false;
    free(rs->body);
    rs->status = 200;
    rs->content_type = content_type;
    rs->body = body;
    rs->body_len = len;
    return true;
}

void web_cache_put(web_cache *c, const char *key, uint64_t generation, const web_res *rs) {
    if (rs->status != 200 || !rs->body || rs->body_len > MAX_BODY) return;
    slot fresh = {xstrdup(key), generation, rs->content_type, xmalloc(rs->body_len + 1), rs->body_len};
    memcpy(fresh.body, rs->body, rs->body_len);
    fresh.body[rs->body_len] = '\0';
    slot *s = &c->slots[slot_of(key)];
    pthread_mutex_lock(&c->lock);
    slot old = *s;
    *s = fresh;
    pthread_mutex_unlock(&c->lock);
    slot_clear(&old);
}
