/*
** hsds_export.c: the directory's HSDS rows merged with the kept ones, then written as CSV files and as
** nested service and organization objects.
*/
#include "hsds_export.h"

#include "../core/mem.h"
#include "../core/provider.h"
#include "../core/uuid.h"
#include "../store/hsds.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* An export larger than this (per file) is refused rather than grown further. */
enum { FILE_LIMIT = 512 * 1024 * 1024 };

/* ---- ids ---------------------------------------------------------------------------------------------- */

static const char *const TAXONOMY_KEYS[] = {"catalog", "provider-kinds", "divisions"};
static const char *const TAXONOMY_NAMES[] = {"救助驿站服务清单 Waystation service catalog",
                                             "服务机构类型 Waystation provider kinds",
                                             "行政区划 Administrative divisions"};
static const char *const TAXONOMY_ABOUT[] = {
    "The service items a Waystation directory refers households to, under their categories; each term's name "
    "is Chinese and its description English.",
    "The kinds of provider of a Waystation directory: government departments, mass organisations, social "
    "organisations, charities, companies, units, volunteer teams and individual volunteers.",
    "Chinese administrative divisions by their statistical codes (city, county-level unit, town or street, "
    "village), each under the one containing it."};

void io_hsds_row_id(const char *owner, const char *role, char out[37]) {
    char *name = xmalloc(strlen(owner) + strlen(role) + 2);
    sprintf(name, "%s/%s", owner, role);
    core_uuid_named(name, out);
    free(name);
}

void io_hsds_taxonomy_id(io_hsds_taxonomy t, char out[37]) {
    io_hsds_row_id("waystation/taxonomy", TAXONOMY_KEYS[t], out);
}

void io_hsds_term_id(io_hsds_taxonomy t, const char *code, char out[37]) {
    char tax[37], role[64];
    io_hsds_taxonomy_id(t, tax);
    snprintf(role, sizeof role, "term/%s", code);
    io_hsds_row_id(tax, role, out);
}

char *io_hsds_default_description(const char *kind_code, const char *division_name) {
    const char *kind = core_provider_kind_zh(core_provider_kind_parse(kind_code));
    char *text = xmalloc(strlen(kind) + strlen(division_name) + 8);
    sprintf(text, "%s，%s", kind, division_name);
    return text;
}

/* ---- merging the directory's rows with the kept ones -------------------------------------------------- */

typedef struct builder {
    json_t *tables;    /* table name -> {id -> row}: the rows of the export */
    json_t *by_key;    /* "table\x1fid" -> kept record */
    json_t *by_role;   /* "owner\x1frole" -> kept record with that role */
    json_t *divisions; /* code -> division */
} builder;

static json_t *table_rows(builder *b, const char *table) {
    json_t *rows = json_object_get(b->tables, table);
    if (!rows) {
        rows = json_object();
        json_object_set_new(b->tables, table, rows);
    }
    return rows;
}

/* Whether a kept value says what the directory's value says, so that the kept text stays: the directory
** keeps free text with its white space squashed, knows only whether a service is active, and its times
** have no seconds. */
static bool same_meaning(const char *column, const char *kept, const char *ours) {
    if (strcmp(kept, ours) == 0) return true;
    if (strcmp(column, "status") == 0) return (strcmp(kept, "active") == 0) == (strcmp(ours, "active") == 0);
    if (strcmp(column, "opens_at") == 0 || strcmp(column, "closes_at") == 0)
        return strncmp(kept, ours, 5) == 0 && (kept[5] == '\0' || strcmp(kept + 5, ":00") == 0) &&
               strlen(ours) >= 5 && (ours[5] == '\0' || strcmp(ours + 5, ":00") == 0);
    char *a = io_hsds_squash(kept), *b = io_hsds_squash(ours);
    bool same = strcmp(a, b) == 0;
    free(a);
    free(b);
    return same;
}

/*
** Adds the directory's row for owner in role to table and returns its id (valid while the builder lives).
** The id is the kept row's that holds the role, else default_id, else the name-based one. owned columns take
** the directory's values (unless a kept value means the same); defaults fill only empty columns. Takes owned
** and defaults. A kept row without a role under the same id wins: the directory's row is dropped.
*/
static const char *emit(builder *b, const char *table, const char *owner, const char *role, const char *default_id,
                        json_t *owned, json_t *defaults) {
    char *rk = io_hsds_key(owner, role, NULL);
    json_t *holder = json_object_get(b->by_role, rk);
    free(rk);
    char id[CORE_UUID_LEN + 1];
    if (holder && strcmp(json_string_value(json_object_get(holder, "table")), table) == 0)
        snprintf(id, sizeof id, "%s", json_string_value(json_object_get(holder, "id")));
    else if (default_id)
        snprintf(id, sizeof id, "%s", default_id);
    else
        io_hsds_row_id(owner, role, id);
    char *key = io_hsds_key(table, id, NULL);
    json_t *kept = json_object_get(b->by_key, key);
    json_t *rows = table_rows(b, table);
    const char *result = NULL;
    if (kept && json_is_null(json_object_get(kept, "role"))) {
        result = json_string_value(json_object_get(kept, "id"));
    } else {
        json_t *fields = kept ? json_object_get(kept, "fields") : NULL;
        json_t *row = fields ? json_deep_copy(fields) : json_object();
        json_object_set_new(row, "id", json_string(id));
        const char *column;
        json_t *value;
        json_object_foreach(owned, column, value) {
            const char *had = json_string_value(json_object_get(row, column));
            if (!had || !same_meaning(column, had, json_string_value(value))) json_object_set(row, column, value);
        }
        json_object_foreach(defaults, column, value) {
            const char *had = json_string_value(json_object_get(row, column));
            if (!had || !*had) json_object_set(row, column, value);
        }
        json_object_set_new(rows, id, row);
        result = json_string_value(json_object_get(row, "id"));
    }
    free(key);
    json_decref(owned);
    json_decref(defaults);
    return result;
}

static json_t *division_of(builder *b, const char *code) { return json_object_get(b->divisions, code); }

static const char *division_name(builder *b, const char *code) {
    const char *name = json_string_value(json_object_get(division_of(b, code), "name"));
    return name ? name : code;
}

/* The attribute linking row link_id (of table entity) to a term, for owner in role. */
static void emit_attribute(builder *b, const char *owner, const char *role, const char *link_id, const char *entity,
                           const char *link_type, const char *term_id) {
    emit(b, "attribute", owner, role, NULL,
         json_pack("{s:s, s:s}", "link_id", link_id, "taxonomy_term_id", term_id),
         json_pack("{s:s, s:s}", "link_type", link_type, "link_entity", entity));
}

/* ---- the taxonomies ----------------------------------------------------------------------------------- */

static void emit_taxonomy(builder *b, io_hsds_taxonomy t, char id[37]) {
    io_hsds_taxonomy_id(t, id);
    emit(b, "taxonomy", id, "taxonomy", id,
         json_pack("{s:s, s:s}", "name", TAXONOMY_NAMES[t], "description", TAXONOMY_ABOUT[t]), json_object());
}

static void emit_term(builder *b, io_hsds_taxonomy t, const char *tax_id, const char *code, const char *name,
                      const char *description, const char *parent_code) {
    char role[64];
    snprintf(role, sizeof role, "term/%s", code);
    json_t *owned = json_pack("{s:s, s:s, s:s, s:s}", "code", code, "name", name, "description", description,
                              "taxonomy_id", tax_id);
    if (parent_code) {
        char parent[37];
        io_hsds_term_id(t, parent_code, parent);
        json_object_set_new(owned, "parent_id", json_string(parent));
    }
    emit(b, "taxonomy_term", tax_id, role, NULL, owned,
         json_pack("{s:s, s:s}", "taxonomy", TAXONOMY_NAMES[t], "language", "zh"));
}

static void emit_taxonomies(builder *b, json_t *doc) {
    char tax[37];
    size_t i;
    json_t *r;
    emit_taxonomy(b, IO_HSDS_TAX_CATALOG, tax);
    json_array_foreach(json_object_get(doc, "categories"), i, r) {
        emit_term(b, IO_HSDS_TAX_CATALOG, tax, json_string_value(json_object_get(r, "code")),
                  json_string_value(json_object_get(r, "zh")), json_string_value(json_object_get(r, "en")), NULL);
    }
    json_array_foreach(json_object_get(doc, "items"), i, r) {
        emit_term(b, IO_HSDS_TAX_CATALOG, tax, json_string_value(json_object_get(r, "code")),
                  json_string_value(json_object_get(r, "zh")), json_string_value(json_object_get(r, "en")),
                  json_string_value(json_object_get(r, "category")));
    }
    emit_taxonomy(b, IO_HSDS_TAX_KINDS, tax);
    for (int k = CORE_PK_NONE + 1; k < CORE_PK_COUNT; k++)
        emit_term(b, IO_HSDS_TAX_KINDS, tax, core_provider_kind_code(k), core_provider_kind_zh(k),
                  core_provider_kind_en(k), NULL);
    emit_taxonomy(b, IO_HSDS_TAX_DIVISIONS, tax);
    json_array_foreach(json_object_get(doc, "divisions"), i, r) {
        const char *level = json_string_value(json_object_get(r, "level"));
        const char *kind = json_string_value(json_object_get(r, "kind"));
        char about[160];
        snprintf(about, sizeof about, "%s%s%s", level, kind && *kind ? " · " : "", kind ? kind : "");
        emit_term(b, IO_HSDS_TAX_DIVISIONS, tax, json_string_value(json_object_get(r, "code")),
                  json_string_value(json_object_get(r, "name")), about,
                  json_string_value(json_object_get(r, "parent_code")));
    }
}

/* ---- providers ---------------------------------------------------------------------------------------- */

static const char *const BYDAY[] = {"", "MO", "TU", "WE", "TH", "FR", "SA", "SU"};

/* HSDS has no status of organizations: a paused or closed provider's services say it. */
static const char *service_status(const char *provider_status, const char *item_status) {
    if (strcmp(provider_status, "closed") == 0) return "defunct";
    if (strcmp(provider_status, "paused") == 0) return "temporarily closed";
    return strcmp(item_status, "active") == 0 ? "active" : "inactive";
}

/* The schedule rows of one service: one per line of the provider's weekly schedule. */
static void emit_schedules(builder *b, const char *service_id, json_t *schedules) {
    size_t i;
    json_t *s;
    json_array_foreach(schedules, i, s) {
        int weekday = (int)json_integer_value(json_object_get(s, "weekday"));
        if (weekday < 1 || weekday > 7) continue;
        const char *opens = io_hsds_text(s, "opens_at"), *closes = io_hsds_text(s, "closes_at");
        char role[96];
        snprintf(role, sizeof role, "schedule/%d/%s/%s", weekday, opens, closes);
        size_t same = 0; /* lines alike before this one get their own roles */
        for (size_t k = 0; k < i; k++) {
            json_t *o = json_array_get(schedules, k);
            same += json_integer_value(json_object_get(o, "weekday")) == weekday &&
                    strcmp(io_hsds_text(o, "opens_at"), opens) == 0 &&
                    strcmp(io_hsds_text(o, "closes_at"), closes) == 0;
        }
        if (same) snprintf(role + strlen(role), sizeof role - strlen(role), "/%zu", same + 1);
        char opens_s[16], closes_s[16];
        snprintf(opens_s, sizeof opens_s, "%s:00", opens);
        snprintf(closes_s, sizeof closes_s, "%s:00", closes);
        emit(b, "schedule", service_id, role, NULL,
             json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "service_id", service_id, "freq", "WEEKLY", "byday",
                       BYDAY[weekday], "opens_at", opens_s, "closes_at", closes_s, "description",
                       io_hsds_text(s, "note")),
             json_object());
    }
}

static void emit_service(builder *b, json_t *p, const char *org, const char *location, json_t *s,
                         const char *item_name) {
    const char *id = io_hsds_text(s, "hsds_id");
    emit(b, "service", id, "service", id,
         json_pack("{s:s, s:s, s:s}", "organization_id", org, "status",
                   service_status(io_hsds_text(p, "status"), io_hsds_text(s, "status")), "description",
                   io_hsds_text(s, "description")),
         json_pack("{s:s}", "name", item_name));
    char term[37];
    io_hsds_term_id(IO_HSDS_TAX_CATALOG, io_hsds_text(s, "item_code"), term);
    emit_attribute(b, id, "attribute/item", id, "service", "catalog_item", term);
    if (location)
        emit(b, "service_at_location", id, "location", NULL,
             json_pack("{s:s, s:s}", "service_id", id, "location_id", location), json_object());
    size_t i;
    json_t *area;
    json_array_foreach(json_object_get(p, "areas"), i, area) {
        const char *code = json_string_value(area);
        char role[64];
        snprintf(role, sizeof role, "area/%s", code);
        const char *sa = emit(b, "service_area", id, role, NULL, json_pack("{s:s}", "service_id", id),
                              json_pack("{s:s}", "name", division_name(b, code)));
        io_hsds_term_id(IO_HSDS_TAX_DIVISIONS, code, term);
        snprintf(role, sizeof role, "area/%s/attribute", code);
        emit_attribute(b, id, role, sa, "service_area", "division", term);
    }
    emit_schedules(b, id, json_object_get(p, "schedules"));
}

static void emit_provider(builder *b, json_t *p, json_t *item_names) {
    const char *org = io_hsds_text(p, "hsds_id");
    if (!*org) return; /* store_hsds_assign_ids gave every provider one before the read */
    const char *division = io_hsds_text(p, "division_code");
    char *fallback = io_hsds_default_description(io_hsds_text(p, "kind"), division_name(b, division));
    const char *description = *io_hsds_text(p, "description") ? io_hsds_text(p, "description") : fallback;
    emit(b, "organization", org, "organization", org,
         json_pack("{s:s, s:s, s:s, s:s}", "name", io_hsds_text(p, "name"), "description", description, "email",
                   io_hsds_text(p, "email"), "website", io_hsds_text(p, "website")),
         json_object());
    free(fallback);
    char term[37];
    io_hsds_term_id(IO_HSDS_TAX_KINDS, io_hsds_text(p, "kind"), term);
    emit_attribute(b, org, "attribute/kind", org, "organization", "kind", term);
    if (division_of(b, division)) {
        io_hsds_term_id(IO_HSDS_TAX_DIVISIONS, division, term);
        emit_attribute(b, org, "attribute/division", org, "organization", "division", term);
    }
    const char *location = NULL;
    if (*io_hsds_text(p, "address"))
        location = emit(b, "location", org, "location", NULL,
                        json_pack("{s:s, s:s}", "organization_id", org, "name", io_hsds_text(p, "address")),
                        json_pack("{s:s}", "location_type", "physical"));
    if (*io_hsds_text(p, "phone"))
        emit(b, "phone", org, "phone", NULL,
             json_pack("{s:s, s:s}", "organization_id", org, "number", io_hsds_text(p, "phone")), json_object());
    if (*io_hsds_text(p, "contact_name"))
        emit(b, "contact", org, "contact", NULL,
             json_pack("{s:s, s:s}", "organization_id", org, "name", io_hsds_text(p, "contact_name")), json_object());
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(p, "services"), i, s) {
        if (!*io_hsds_text(s, "hsds_id")) continue;
        const char *item = io_hsds_text(s, "item_code");
        const char *name = json_string_value(json_object_get(item_names, item));
        emit_service(b, p, org, location, s, name ? name : item);
    }
}

/* The kept rows no directory row took over: those without a role as they came; those with one are gone. */
static void add_kept(builder *b, json_t *records) {
    size_t i;
    json_t *r;
    json_array_foreach(records, i, r) {
        if (!json_is_null(json_object_get(r, "role"))) continue;
        json_t *row = json_deep_copy(json_object_get(r, "fields"));
        json_object_set_new(table_rows(b, json_string_value(json_object_get(r, "table"))),
                            json_string_value(json_object_get(r, "id")), row);
    }
}

/* Every row of the export: table name -> {id -> row of texts}. New reference. */
static json_t *merged_rows(json_t *doc) {
    builder b = {json_object(), json_object(), json_object(), json_object()};
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(doc, "records"), i, r) {
        const char *table = json_string_value(json_object_get(r, "table"));
        char *k = io_hsds_key(table, io_hsds_text(r, "id"), NULL);
        json_object_set(b.by_key, k, r);
        free(k);
        if (json_is_null(json_object_get(r, "role"))) continue;
        k = io_hsds_key(io_hsds_text(r, "owner"), io_hsds_text(r, "role"), NULL);
        json_object_set(b.by_role, k, r);
        free(k);
    }
    json_array_foreach(json_object_get(doc, "divisions"), i, r) {
        json_object_set(b.divisions, json_string_value(json_object_get(r, "code")), r);
    }
    json_t *item_names = json_object();
    json_array_foreach(json_object_get(doc, "items"), i, r) {
        json_object_set(item_names, json_string_value(json_object_get(r, "code")), json_object_get(r, "zh"));
    }
    emit_taxonomies(&b, doc);
    json_array_foreach(json_object_get(doc, "providers"), i, r) { emit_provider(&b, r, item_names); }
    add_kept(&b, json_object_get(doc, "records"));
    json_decref(item_names);
    json_decref(b.by_key);
    json_decref(b.by_role);
    json_decref(b.divisions);
    return b.tables;
}

/* ---- CSV ---------------------------------------------------------------------------------------------- */

static int by_text(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

/* The ids of rows, sorted; *n of them in a new array of borrowed strings. */
static const char **sorted_ids(json_t *rows, size_t *n) {
    *n = json_object_size(rows);
    const char **ids = xmalloc((*n + 1) * sizeof *ids);
    size_t k = 0;
    const char *id;
    json_t *row;
    json_object_foreach(rows, id, row) { ids[k++] = id; }
    qsort(ids, k, sizeof *ids, by_text);
    return ids;
}

/* A cell as RFC 4180 writes it: quoted, with quotes doubled, when it holds a comma, a quote or a line break. */
static int csv_cell(core_buf *out, const char *text) {
    if (!strpbrk(text, ",\"\r\n")) return core_buf_append(out, text, strlen(text));
    int rc = core_buf_append(out, "\"", 1);
    for (const char *p = text; *p && rc == 0;) {
        size_t run = strcspn(p, "\"");
        rc = core_buf_append(out, p, run);
        p += run;
        if (*p == '"') {
            rc |= core_buf_append(out, "\"\"", 2);
            p++;
        }
    }
    return rc | core_buf_append(out, "\"", 1);
}

/* One CSV file: columns (an array of names) as the header, then each row by id. */
static ws_err csv_file(io_hsds_files *files, const char *path, json_t *columns, json_t *rows) {
    core_buf out;
    core_buf_init(&out, FILE_LIMIT);
    int rc = 0;
    size_t i;
    json_t *col;
    json_array_foreach(columns, i, col) {
        rc |= (i ? core_buf_append(&out, ",", 1) : 0) | csv_cell(&out, json_string_value(col));
    }
    rc |= core_buf_append(&out, "\r\n", 2);
    size_t n;
    const char **ids = sorted_ids(rows, &n);
    for (size_t r = 0; r < n && rc == 0; r++) {
        json_t *row = json_object_get(rows, ids[r]);
        json_array_foreach(columns, i, col) {
            const char *v = json_string_value(json_object_get(row, json_string_value(col)));
            rc |= (i ? core_buf_append(&out, ",", 1) : 0) | csv_cell(&out, v ? v : "");
        }
        rc |= core_buf_append(&out, "\r\n", 2);
    }
    free(ids);
    if (rc) {
        core_buf_free(&out);
        return WS_ERR_LIMIT;
    }
    io_hsds_files_add(files, path, out.data, out.len);
    return WS_OK;
}

static json_t *extension_columns(json_t *extensions, const char *table) {
    size_t i;
    json_t *e;
    json_array_foreach(extensions, i, e) {
        if (strcmp(io_hsds_text(e, "table"), table) == 0) return json_object_get(e, "columns");
    }
    return NULL;
}

static ws_err csv_package(json_t *tables, json_t *extensions, io_hsds_files *files) {
    json_t *package = io_hsds_datapackage(extensions);
    char *text = json_dumps(package, JSON_INDENT(4));
    json_decref(package);
    io_hsds_files_add(files, "datapackage.json", text, strlen(text));
    ws_err e = WS_OK;
    for (size_t t = 0; t < io_hsds_ntables && !e; t++) {
        const io_hsds_table *table = &io_hsds_tables[t];
        json_t *columns = json_array();
        for (size_t k = 0; k < table->nfields; k++) json_array_append_new(columns, json_string(table->fields[k].name));
        json_t *extra = extension_columns(extensions, table->name);
        if (extra) json_array_extend(columns, extra);
        json_t *rows = json_object_get(tables, table->name);
        json_t *none = json_object();
        e = csv_file(files, table->path, columns, rows ? rows : none);
        json_decref(none);
        json_decref(columns);
    }
    size_t i;
    json_t *x;
    json_array_foreach(extensions, i, x) {
        if (e || io_hsds_table_named(io_hsds_text(x, "table"))) continue;
        json_t *rows = json_object_get(tables, io_hsds_text(x, "table"));
        json_t *none = json_object();
        e = csv_file(files, io_hsds_text(x, "path"), json_object_get(x, "columns"), rows ? rows : none);
        json_decref(none);
    }
    return e;
}

/* ---- nested JSON -------------------------------------------------------------------------------------- */

/* A collection under an object: rows of table whose column holds the object's id; or, with one, the single
** row of table whose id the object's column holds. */
typedef struct child {
    const char *key, *table, *column;
    bool one;
} child;

#define ATTRIBUTES {"attributes", "attribute", "link_id", false}
#define METADATA {"metadata", "metadata", "resource_id", false}

static const child SERVICE_CHILDREN[] = {
    {"phones", "phone", "service_id", false}, {"schedules", "schedule", "service_id", false},
    {"service_areas", "service_area", "service_id", false},
    {"service_at_locations", "service_at_location", "service_id", false},
    {"languages", "language", "service_id", false}, {"organization", "organization", "organization_id", true},
    {"funding", "funding", "service_id", false}, {"cost_options", "cost_option", "service_id", false},
    {"program", "program", "program_id", true}, {"required_documents", "required_document", "service_id", false},
    {"contacts", "contact", "service_id", false}, ATTRIBUTES, METADATA, {NULL, NULL, NULL, false}};
static const child ORGANIZATION_CHILDREN[] = {
    {"funding", "funding", "organization_id", false}, {"contacts", "contact", "organization_id", false},
    {"phones", "phone", "organization_id", false}, {"locations", "location", "organization_id", false},
    {"programs", "program", "organization_id", false},
    {"organization_identifiers", "organization_identifier", "organization_id", false}, ATTRIBUTES, METADATA,
    {NULL, NULL, NULL, false}};
static const child LOCATION_CHILDREN[] = {
    {"languages", "language", "location_id", false}, {"addresses", "address", "location_id", false},
    {"contacts", "contact", "location_id", false}, {"accessibility", "accessibility", "location_id", false},
    {"phones", "phone", "location_id", false}, {"schedules", "schedule", "location_id", false}, ATTRIBUTES,
    METADATA, {NULL, NULL, NULL, false}};
static const child SERVICE_AT_LOCATION_CHILDREN[] = {
    {"contacts", "contact", "service_at_location_id", false}, {"phones", "phone", "service_at_location_id", false},
    {"schedules", "schedule", "service_at_location_id", false}, {"location", "location", "location_id", true},
    ATTRIBUTES, METADATA, {NULL, NULL, NULL, false}};
static const child CONTACT_CHILDREN[] = {{"phones", "phone", "contact_id", false}, ATTRIBUTES, METADATA,
                                         {NULL, NULL, NULL, false}};
static const child PHONE_CHILDREN[] = {{"languages", "language", "phone_id", false}, ATTRIBUTES, METADATA,
                                       {NULL, NULL, NULL, false}};
static const child ATTRIBUTE_CHILDREN[] = {{"taxonomy_term", "taxonomy_term", "taxonomy_term_id", true}, METADATA,
                                           {NULL, NULL, NULL, false}};
static const child TERM_CHILDREN[] = {{"taxonomy_detail", "taxonomy", "taxonomy_id", true}, METADATA,
                                      {NULL, NULL, NULL, false}};
static const child METADATA_ONLY[] = {METADATA, {NULL, NULL, NULL, false}};
static const child NO_CHILDREN[] = {{NULL, NULL, NULL, false}};
static const child DEFAULT_CHILDREN[] = {ATTRIBUTES, METADATA, {NULL, NULL, NULL, false}};

static const struct {
    const char *table;
    const child *children;
} CHILDREN[] = {
    {"service", SERVICE_CHILDREN},   {"organization", ORGANIZATION_CHILDREN},
    {"location", LOCATION_CHILDREN}, {"service_at_location", SERVICE_AT_LOCATION_CHILDREN},
    {"contact", CONTACT_CHILDREN},   {"phone", PHONE_CHILDREN},
    {"attribute", ATTRIBUTE_CHILDREN}, {"taxonomy_term", TERM_CHILDREN},
    {"taxonomy", METADATA_ONLY},     {"metadata", NO_CHILDREN},
};

static const child *children_of(const char *table) {
    for (size_t i = 0; i < sizeof CHILDREN / sizeof CHILDREN[0]; i++)
        if (strcmp(CHILDREN[i].table, table) == 0) return CHILDREN[i].children;
    return DEFAULT_CHILDREN;
}

typedef struct nester {
    json_t *tables;
    json_t *index; /* "table\x1fcolumn\x1fvalue" -> [rows], for every UUID column */
} nester;

static void index_rows(nester *n) {
    n->index = json_object();
    for (size_t t = 0; t < io_hsds_ntables; t++) {
        const io_hsds_table *table = &io_hsds_tables[t];
        json_t *rows = json_object_get(n->tables, table->name);
        size_t count;
        const char **ids = sorted_ids(rows, &count);
        for (size_t r = 0; r < count; r++) {
            json_t *row = json_object_get(rows, ids[r]);
            for (size_t f = 0; f < table->nfields; f++) {
                const char *v = json_string_value(json_object_get(row, table->fields[f].name));
                if (table->fields[f].format != IO_HSDS_UUID || !v || !*v) continue;
                char *k = io_hsds_key(table->name, table->fields[f].name, v);
                json_t *list = json_object_get(n->index, k);
                if (!list) json_object_set_new(n->index, k, list = json_array());
                json_array_append(list, row);
                free(k);
            }
        }
        free(ids);
    }
}

static json_t *rows_where(nester *n, const char *table, const char *column, const char *value) {
    char *k = io_hsds_key(table, column, value);
    json_t *list = json_object_get(n->index, k);
    free(k);
    return list;
}

/* Columns that nesting says instead: the foreign keys, the attribute's link and the metadata's resource. */
static bool nested_away(const char *table, const io_hsds_field *f) {
    return f->references || (strcmp(table, "attribute") == 0 && strcmp(f->name, "link_id") == 0) ||
           (strcmp(table, "metadata") == 0 && strcmp(f->name, "resource_id") == 0);
}

static json_t *number_json(const char *text) {
    char *end;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    if (*end == '\0' && errno == 0) return json_integer(v);
    return json_real(strtod(text, NULL));
}

/* The object of one row of table, with its collections; services under an organization, when asked. */
static json_t *entity(nester *n, const char *table, json_t *row, bool with_services, const char *skip);

static json_t *collection(nester *n, const child *c, json_t *row) {
    const char *id = io_hsds_text(row, "id");
    if (c->one) {
        const char *target = io_hsds_text(row, c->column);
        json_t *found = *target ? rows_where(n, c->table, "id", target) : NULL;
        return json_array_size(found) ? entity(n, c->table, json_array_get(found, 0), false, NULL) : NULL;
    }
    json_t *list = json_array();
    size_t i;
    json_t *r;
    json_array_foreach(rows_where(n, c->table, c->column, id), i, r) {
        json_array_append_new(list, entity(n, c->table, r, false, NULL));
    }
    return list;
}

static json_t *entity(nester *n, const char *table, json_t *row, bool with_services, const char *skip) {
    const io_hsds_table *t = io_hsds_table_named(table);
    json_t *o = json_object();
    for (size_t f = 0; f < t->nfields; f++) {
        const char *v = io_hsds_text(row, t->fields[f].name);
        if (!*v || nested_away(table, &t->fields[f])) continue;
        json_object_set_new(o, t->fields[f].name,
                            t->fields[f].type == IO_HSDS_NUMBER ? number_json(v) : json_string(v));
    }
    for (const child *c = children_of(table); c->key; c++) {
        if (skip && strcmp(c->key, skip) == 0) continue;
        json_t *v = collection(n, c, row);
        if (v) json_object_set_new(o, c->key, v);
    }
    if (with_services) {
        json_t *list = json_array();
        size_t i;
        json_t *r;
        json_array_foreach(rows_where(n, "service", "organization_id", io_hsds_text(row, "id")), i, r) {
            json_array_append_new(list, entity(n, "service", r, false, "organization"));
        }
        json_object_set_new(o, "services", list);
    }
    return o;
}

static json_t *entities(nester *n, const char *table, bool with_services) {
    json_t *rows = json_object_get(n->tables, table);
    size_t count;
    const char **ids = sorted_ids(rows, &count);
    json_t *list = json_array();
    for (size_t i = 0; i < count; i++)
        json_array_append_new(list, entity(n, table, json_object_get(rows, ids[i]), with_services, NULL));
    free(ids);
    return list;
}

/* ---- the export --------------------------------------------------------------------------------------- */

static ws_err assign_ids(store_db *db, const store_actor *actor) {
    store_conn *w;
    ws_err e = store_write_begin(db, &w);
    if (e) return e;
    int64_t assigned = 0;
    e = store_hsds_assign_ids(w, &assigned);
    if (!e && assigned)
        e = store_audit_append(w, actor, "assign_hsds_ids", "providers", "",
                               json_pack("{s:I}", "assigned", (json_int_t)assigned));
    return store_write_finish(w, e);
}

ws_err io_hsds_export_build(store_db *db, const store_actor *actor, io_hsds_export *out) {
    store_conn *c = store_read_acquire(db);
    bool missing = store_hsds_ids_missing(c);
    store_read_end(c);
    ws_err e = missing ? assign_ids(db, actor) : WS_OK;
    json_t *doc = NULL;
    if (!e) e = store_hsds_directory(c, &doc);
    store_read_release(c);
    if (e) return e;
    io_hsds_export x = {0};
    nester n = {merged_rows(doc), NULL};
    e = csv_package(n.tables, json_object_get(doc, "extensions"), &x.csv);
    if (!e) {
        index_rows(&n);
        x.services = entities(&n, "service", false);
        x.organizations = entities(&n, "organization", true);
    }
    json_decref(n.index);
    json_decref(n.tables);
    json_decref(doc);
    if (e) {
        io_hsds_export_free(&x);
        return e;
    }
    *out = x;
    return WS_OK;
}

void io_hsds_export_free(io_hsds_export *x) {
    json_decref(x->services);
    json_decref(x->organizations);
    io_hsds_files_free(&x->csv);
    x->services = x->organizations = NULL;
}

static ws_err make_dir(const char *path, char *why, size_t whysz) {
    if (mkdir(path, 0755) == 0 || errno == EEXIST) return WS_OK;
    snprintf(why, whysz, "cannot create folder %s: %s", path, strerror(errno));
    return WS_ERR_IO;
}

static ws_err write_file(const char *dir, const char *name, const char *data, size_t len, char *why, size_t whysz) {
    char *path = xmalloc(strlen(dir) + strlen(name) + 2);
    sprintf(path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    bool ok = f && fwrite(data, 1, len, f) == len;
    if (f && fclose(f) != 0) ok = false;
    if (!ok) snprintf(why, whysz, "cannot write %s: %s", path, strerror(errno));
    free(path);
    return ok ? WS_OK : WS_ERR_IO;
}

static ws_err write_json(const char *dir, const char *name, json_t *value, char *why, size_t whysz) {
    char *text = json_dumps(value, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
    ws_err e = write_file(dir, name, text, strlen(text), why, whysz);
    free(text);
    return e;
}

ws_err io_hsds_export_write(const io_hsds_export *x, const char *dir, char *why, size_t whysz) {
    char *csv = xmalloc(strlen(dir) + 5);
    sprintf(csv, "%s/csv", dir);
    ws_err e = make_dir(dir, why, whysz);
    if (!e) e = make_dir(csv, why, whysz);
    if (!e) e = write_json(dir, "services.json", x->services, why, whysz);
    if (!e) e = write_json(dir, "organizations.json", x->organizations, why, whysz);
    for (size_t i = 0; i < x->csv.count && !e; i++)
        e = write_file(csv, x->csv.items[i].name, x->csv.items[i].data, x->csv.items[i].len, why, whysz);
    free(csv);
    return e;
}
