/*
** unit.h: what every cmocka unit test includes, and where the shared reference data lives.
**
** Tests that read ../shared/data (beside the project) call unit_shared_path(); when that folder is
** absent they skip with a printed reason instead of failing.
*/
#ifndef WS_TESTS_UNIT_H
#define WS_TESTS_UNIT_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

/*
** Writes the path of name inside the shared data folder into buf and returns buf, or returns NULL
** (after printing why) when the folder is absent. The folder is $WAYSTATION_SHARED_DATA, else
** ../shared/data relative to the project root, where `make test` runs.
*/
static inline const char *unit_shared_path(char *buf, size_t size, const char *name) {
    const char *root = getenv("WAYSTATION_SHARED_DATA");
    if (!root) root = "../shared/data";
    struct stat st;
    if (stat(root, &st) != 0 || !S_ISDIR(st.st_mode)) {
        printf("skipped: shared data folder %s is absent\n", root);
        return NULL;
    }
    snprintf(buf, size, "%s/%s", root, name);
    return buf;
}

#endif
