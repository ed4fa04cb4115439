/*
** static_files.h: the built browser UI, loaded into memory at start and served with caching headers.
**
** Files under assets/ have content hashes in their names, so they are cached for a year; index.html is
** never cached, so a new build shows at the next page load. A precompressed NAME.gz beside a file is sent
** to clients that accept gzip. Other GETs outside /api whose last segment has no dot answer index.html
** (the UI's own routes).
*/
#ifndef WS_WEB_STATIC_FILES_H
#define WS_WEB_STATIC_FILES_H
#include <stdbool.h>
#include <stddef.h>

typedef struct web_static web_static;

typedef struct web_static_file {
    const char *content_type;
    const char *data;
    size_t len;
    const char *gz;   /* NULL when there is no precompressed copy */
    size_t gz_len;
    bool immutable;
} web_static_file;

/* Loads every file below dir; NULL when dir has no index.html. */
web_static *web_static_load(const char *dir);
void web_static_free(web_static *s);

/* The file for a URL path, or index.html for paths that are not files; NULL when nothing fits. */
const web_static_file *web_static_find(const web_static *s, const char *path);

#endif
