/*
** seed.h: default data a new database starts with (divisions of the model city).
*/
#ifndef WS_STORE_SEED_H
#define WS_STORE_SEED_H
#include <stddef.h>

typedef struct store_seed_division {
    const char *code, *name, *level, *kind, *parent_code; /* parent_code "" for the city */
} store_seed_division;

extern const store_seed_division store_seed_weihai[];
extern const size_t store_seed_weihai_count;

#endif
