/*
** seed.h: default data a new database starts with: the divisions of the model city (seed_weihai.c),
** the difficulty areas and service catalog (seed_catalog.c), and the policy catalog (seed_policies.c).
** The questionnaire's version 1 comes from core_questionnaire_default() (migrations.c writes it into the
** store).
**
** Lookups of areas and service items read these tables, which are what the database was seeded with;
** the reference tables in the database exist for its own integrity (foreign keys).
*/
#ifndef WS_STORE_SEED_H
#define WS_STORE_SEED_H
#include "../core/policy.h"

#include <stddef.h>

typedef struct store_seed_division {
    const char *code, *name, *level, *kind, *parent_code; /* parent_code "" for the city */
} store_seed_division;

extern const store_seed_division store_seed_weihai[];
extern const size_t store_seed_weihai_count;

/* A difficulty area (困难领域), "01".."13". */
typedef struct store_seed_area {
    const char *code, *zh, *en;
} store_seed_area;

extern const store_seed_area store_seed_areas[];
extern const size_t store_seed_areas_count;

/* A category of the service catalog ("L" 生活保障, ...). */
typedef struct store_seed_service_category {
    const char *code, *zh, *en;
} store_seed_service_category;

extern const store_seed_service_category store_seed_service_categories[];
extern const size_t store_seed_service_categories_count;

enum { STORE_SERVICE_MAX_AREAS = 5 };

/* A service item ("L1" 助餐送餐) with the difficulty areas it serves, the first being its main one. */
typedef struct store_seed_service {
    const char *code, *category, *zh, *en;
    const char *areas[STORE_SERVICE_MAX_AREAS];
    int nareas;
    int respond_days, complete_days;
} store_seed_service;

extern const store_seed_service store_seed_services[];
extern const size_t store_seed_services_count;

/* The policy catalog (seed_policies.c): departments, policies, exclusions and city parameters. */
typedef struct store_seed_department {
    const char *code, *name_zh, *kind; /* kind: "government" or "mass_organisation" */
} store_seed_department;

extern const store_seed_department store_seed_departments[];
extern const size_t store_seed_departments_count;
extern const core_policy store_seed_catalog[];
extern const size_t store_seed_catalog_count;

typedef struct store_seed_exclusion {
    const char *a, *b; /* two policy codes, either order */
} store_seed_exclusion;

extern const store_seed_exclusion store_seed_exclusions[];
extern const size_t store_seed_exclusions_count;

typedef struct store_seed_parameter {
    const char *name, *value, *unit, *effective_from, *note; /* value as stored: whole fen for money */
} store_seed_parameter;

extern const store_seed_parameter store_seed_parameters[];
extern const size_t store_seed_parameters_count;

/* The seeded area or service item of that code, or NULL. */
const store_seed_area *store_area_find(const char *code);
const store_seed_service *store_service_find(const char *code);

#endif
