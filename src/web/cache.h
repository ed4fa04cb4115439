/*
** cache.h: answers to repeated read requests, kept while the data has not changed.
**
** The household list is the page stations open most, and computing it (two queries, a page of rows with
** their joins, then JSON) costs far more than sending it. An answer is kept under a key that names
** everything it depends on besides the data (the caller's jurisdiction and every query parameter) and
** under the store's generation when it was computed (store_generation, taken before reading); it is
** served only while the generation is unchanged, so no answer outlives a change to the data, whoever
** made it. A fixed number of slots, each holding the latest answer whose key hashes to it, bounds the
** memory. Thread-safe.
*/
#ifndef WS_WEB_CACHE_H
#define WS_WEB_CACHE_H
#include "http.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct web_cache web_cache;

web_cache *web_cache_new(void);
void web_cache_free(web_cache *c); /* NULL is allowed */

/* Fills rs with the answer kept under key for generation; false (rs untouched) when there is none. */
bool web_cache_get(web_cache *c, const char *key, uint64_t generation, web_res *rs);

/* Keeps a copy of rs (a 200 answer with a body; others are ignored) under key for generation. */
void web_cache_put(web_cache *c, const char *key, uint64_t generation, const web_res *rs);

#endif
