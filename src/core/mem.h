/*
** mem.h: allocation with one out-of-memory policy, and a bump arena for per-request memory.
**
** A server that cannot allocate a few bytes cannot do anything useful, so x* functions abort on
** failure instead of returning NULL; callers never check. Everything a request allocates that need not
** outlive it comes from a core_arena freed in one call when the response is done.
*/
#ifndef WS_CORE_MEM_H
#define WS_CORE_MEM_H
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);            /* caller frees with free() */
char *xstrndup(const char *s, size_t n); /* copies at most n bytes and NUL-terminates */

typedef struct core_arena core_arena;

core_arena *core_arena_new(void);
void core_arena_free(core_arena *a); /* frees every block; NULL is allowed */
void *core_arena_alloc(core_arena *a, size_t n);     /* aligned for any type; owned by the arena */
char *core_arena_strdup(core_arena *a, const char *s);
char *core_arena_strndup(core_arena *a, const char *s, size_t n);
char *core_arena_printf(core_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A growable byte buffer with a hard cap: appends past the cap fail instead of growing. */
typedef struct core_buf {
    char *data; /* NUL-terminated after every append; owned; free with core_buf_free */
    size_t len;
    size_t cap;
    size_t limit;
} core_buf;

void core_buf_init(core_buf *b, size_t limit);
int core_buf_append(core_buf *b, const void *p, size_t n); /* 0, or -1 when the limit would be passed */
int core_buf_printf(core_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void core_buf_free(core_buf *b);

#endif
