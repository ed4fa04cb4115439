/*
** static_files.c: loading the built UI into memory and looking files up by URL path.
*/
#include "static_files.h"

#include "../core/mem.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct entry {
    char *path; /* URL path, e.g. "/assets/index-3f2a.js" */
    web_static_file file;
} entry;

struct web_static {
    entry *entries;
    size_t count;
    const web_static_file *index;
};

enum { MAX_FILE = 32 * 1024 * 1024 };

static const char *content_type_of(const char *name) {
    static const struct { const char *ext, *type; } TYPES[] = {
        {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
        {".json", "application/json"}, {".svg", "image/svg+xml"}, {".png", "image/png"},
        {".ico", "image/x-icon"}, {".woff2", "font/woff2"}, {".woff", "font/woff"}, {".ttf", "font/ttf"},
        {".txt", "text/plain; charset=utf-8"}, {".map", "application/json"},
    };
    const char *dot = strrchr(name, '.');
    for (size_t i = 0; dot && i < sizeof TYPES / sizeof TYPES[0]; i++)
        if (strcmp(dot, TYPES[i].ext) == 0) return TYPES[i].type;
    return "application/octet-stream";
}

static char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    struct stat st;
    char *data = NULL;
    if (fstat(fileno(f), &st) == 0 && st.st_size <= MAX_FILE) {
        data = xmalloc((size_t)st.st_size + 1);
        *len = fread(data, 1, (size_t)st.st_size, f);
        data[*len] = '\0';
    }
    fclose(f);
    return data;
}

static bool ends_with(const char *s, const char *suffix) {
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static entry *find_entry(const web_static *s, const char *path) {
    for (size_t i = 0; i < s->count; i++)
        if (strcmp(s->entries[i].path, path) == 0) return &s->entries[i];
    return NULL;
}

static void load_dir(web_static *s, const char *dir, const char *url) {
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.') continue;
        size_t dn = strlen(dir) + strlen(de->d_name) + 2, un = strlen(url) + strlen(de->d_name) + 2;
        char *fs = xmalloc(dn), *u = xmalloc(un);
        snprintf(fs, dn, "%s/%s", dir, de->d_name);
        snprintf(u, un, "%s/%s", url, de->d_name);
        struct stat st;
        if (stat(fs, &st) == 0 && S_ISDIR(st.st_mode)) {
            load_dir(s, fs, u);
            free(u);
        } else if (!ends_with(de->d_name, ".gz")) {
            size_t len = 0;
            char *data = slurp(fs, &len);
            if (data) {
                s->entries = xrealloc(s->entries, (s->count + 1) * sizeof *s->entries);
                s->entries[s->count++] = (entry){u, {content_type_of(u), data, len, NULL, 0,
                                                     strncmp(u, "/assets/", 8) == 0}};
            } else {
                free(u);
            }
        } else {
            free(u);
        }
        free(fs);
    }
    closedir(d);
}

/* Attaches NAME.gz files to their originals. */
static void load_gz(web_static *s, const char *dir) {
    for (size_t i = 0; i < s->count; i++) {
        size_t n = strlen(dir) + strlen(s->entries[i].path) + 4;
        char *fs = xmalloc(n);
        snprintf(fs, n, "%s%s.gz", dir, s->entries[i].path);
        size_t len = 0;
        char *gz = slurp(fs, &len);
        if (gz) {
            s->entries[i].file.gz = gz;
            s->entries[i].file.gz_len = len;
        }
        free(fs);
    }
}

web_static *web_static_load(const char *dir) {
    web_static *s = xcalloc(1, sizeof *s);
    load_dir(s, dir, "");
    load_gz(s, dir);
    entry *index = find_entry(s, "/index.html");
    if (!index) {
        web_static_free(s);
        return NULL;
    }
    s->index = &index->file;
    return s;
}

void web_static_free(web_static *s) {
    if (!s) return;
    for (size_t i = 0; i < s->count; i++) {
        free(s->entries[i].path);
        free((char *)s->entries[i].file.data);
        free((char *)s->entries[i].file.gz);
    }
    free(s->entries);
    free(s);
}

const web_static_file *web_static_find(const web_static *s, const char *path) {
    entry *e = find_entry(s, path);
    if (e) return &e->file;
    /* A missing file (an old bundle, /favicon.ico) is a 404, not the page; only the UI's own routes, which
    ** have no dot in their last segment, get index.html. */
    const char *last = strrchr(path, '/');
    if (strncmp(path, "/assets/", 8) == 0 || strchr(last ? last : path, '.')) return NULL;
    return s->index;
}
