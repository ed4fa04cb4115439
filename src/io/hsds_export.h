/*
** hsds_export.h: the resource directory as Open Referral HSDS 3.0: service and organization objects (JSON,
** shaped like the standard's service_full.json and organization_full.json) and the tabular data package
** (one CSV file per table and its datapackage.json).
**
** What the directory holds becomes HSDS rows: a provider is an organization (with a location named by its
** address, a phone and a contact), each catalog item it offers a service, its service areas and weekly
** schedule rows of each service; the service catalog, the kinds of provider and the divisions are three
** taxonomies whose terms attributes link to organizations (kind, division), services (catalog item) and
** service areas (division). Rows an HSDS import kept (store/hsds.h) are merged in by id: a kept row the
** directory took in gets the directory's current values and keeps its other columns; a kept row the
** directory has no place for is written as it came. Organizations and services keep the HSDS ids they were
** given; rows made from them get name-based ids (core/uuid.h), so that every export names a row alike.
*/
#ifndef WS_IO_HSDS_EXPORT_H
#define WS_IO_HSDS_EXPORT_H
#include "../store/audit.h"
#include "../store/db.h"
#include "hsds_tables.h"

#include <jansson.h>

typedef struct io_hsds_export {
    json_t *services;      /* array of service objects, by id (services.json) */
    json_t *organizations; /* array of organization objects with their services, by id (organizations.json) */
    io_hsds_files csv;     /* datapackage.json and one CSV file per table, rows by id */
} io_hsds_export;

/*
** Builds the export. First gives providers and services without an HSDS id a random one (when there are any:
** a write, audited as actor), then reads the directory in one snapshot. On failure *out is untouched.
*/
ws_err io_hsds_export_build(store_db *db, const store_actor *actor, io_hsds_export *out);
void io_hsds_export_free(io_hsds_export *x);

/*
** Writes dir/services.json, dir/organizations.json and dir/csv/ (created when missing; files there are
** overwritten). On failure writes why (WS_ERR_IO).
*/
ws_err io_hsds_export_write(const io_hsds_export *x, const char *dir, char *why, size_t whysz);

/* The name-based ids of the export's taxonomies and terms, which an import recognises. */
typedef enum io_hsds_taxonomy { IO_HSDS_TAX_CATALOG, IO_HSDS_TAX_KINDS, IO_HSDS_TAX_DIVISIONS } io_hsds_taxonomy;
void io_hsds_taxonomy_id(io_hsds_taxonomy t, char out[37]);
void io_hsds_term_id(io_hsds_taxonomy t, const char *code, char out[37]);
/* The id a row made for owner in role gets when no kept row holds the role: the UUID named owner/role. */
void io_hsds_row_id(const char *owner, const char *role, char out[37]);

/*
** The description an organization gets when its provider has none (HSDS requires one): the kind and the
** division, "社会组织，环翠区". An import that finds it gives the provider no description. Caller frees.
*/
char *io_hsds_default_description(const char *kind_code, const char *division_name);

#endif
