/*
** unit_db.h: a fresh database in a temporary folder of its own, for the tests of src/store and what
** stands on it. Used as cmocka setup and teardown: *state is a unit_db.
*/
#ifndef WS_TESTS_UNIT_DB_H
#define WS_TESTS_UNIT_DB_H
#include "unit.h"

#include "../../src/core/mem.h"
#include "../../src/store/db.h"

#include <ftw.h>

typedef struct unit_db {
    char dir[64];
    char path[128];
    store_db *db;
} unit_db;

static inline int unit_db_remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static inline int unit_db_setup(void **state) {
    unit_db *f = xcalloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/ws-test-db-XXXXXX");
    if (!mkdtemp(f->dir)) return -1;
    snprintf(f->path, sizeof f->path, "%s/registry.db", f->dir);
    char why[256];
    if (store_open(f->path, true, &f->db, why, sizeof why) != WS_OK) {
        print_error("store_open: %s\n", why);
        return -1;
    }
    *state = f;
    return 0;
}

static inline int unit_db_teardown(void **state) {
    unit_db *f = *state;
    store_close(f->db);
    int rc = nftw(f->dir, unit_db_remove_entry, 8, FTW_DEPTH | FTW_PHYS);
    free(f);
    return rc;
}

#endif
