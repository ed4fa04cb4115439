/*
** hsds_import.c: reading, checking, mapping and keeping an HSDS tabular data package in one transaction.
*/
#include "hsds_import.h"

#include "../core/mem.h"
#include "../core/provider.h"
#include "../core/uuid.h"
#include "../store/hsds.h"
#include "../store/providers.h"
#include "csv_reader.h"
#include "hsds_export.h"

#include <dirent.h>
#include <stddef.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A cell may hold a service area's GeoJSON extent: fields are allowed far more than a household's. */
enum { MAX_FIELD = 8 * 1024 * 1024 };

/* ---- reading a folder --------------------------------------------------------------------------------- */

static bool is_csv(const char *name) {
    size_t n = strlen(name);
    return n > 4 && strcmp(name + n - 4, ".csv") == 0;
}

static int by_name(const void *a, const void *b) {
    return strcmp(((const io_hsds_file *)a)->name, ((const io_hsds_file *)b)->name);
}

ws_err io_hsds_read_dir(const char *dir, io_hsds_files *files, char *why, size_t whysz) {
    DIR *d = opendir(dir);
    if (!d) {
        snprintf(why, whysz, "cannot read folder %s: %s", dir, strerror(errno));
        return WS_ERR_IO;
    }
    ws_err e = WS_OK;
    size_t total = 0;
    struct dirent *entry;
    while (!e && (entry = readdir(d))) {
        if (entry->d_name[0] == '.' || !is_csv(entry->d_name)) continue;
        char *path = xmalloc(strlen(dir) + strlen(entry->d_name) + 2);
        sprintf(path, "%s/%s", dir, entry->d_name);
        char *data;
        size_t len;
        e = io_read_file(path, IO_HSDS_MAX_BYTES - total, &data, &len);
        if (e == WS_ERR_LIMIT)
            snprintf(why, whysz, "the package is larger than %d MiB", IO_HSDS_MAX_BYTES / (1024 * 1024));
        else if (e)
            snprintf(why, whysz, "cannot read %s: %s", path, strerror(errno));
        else {
            total += len;
            io_hsds_files_add(files, entry->d_name, data, len);
        }
        free(path);
    }
    closedir(d);
    if (files->count > 1) qsort(files->items, files->count, sizeof *files->items, by_name);
    return e;
}

/* ---- the package as read ------------------------------------------------------------------------------ */

typedef struct hrow {
    size_t line;
    const char *id;    /* the row's id (inside fields, or an arena string for a table without ids) */
    json_t *fields;    /* column -> text, as the file has them */
    const char *owner; /* with role: what the row is for the directory (arena strings); NULL: kept aside */
    const char *role;
} hrow;

typedef struct htable {
    const char *file;          /* borrowed from the package */
    const char *name;          /* the standard's name, or the file's name without .csv */
    const io_hsds_table *std;  /* NULL for a table the standard lacks */
    json_t *extra;             /* columns beyond the standard, in the file's order */
    hrow *rows;
    size_t nrows;
    json_t *by_id;             /* id -> row index */
    json_t *seen;              /* a table without ids: each row's text -> how many rows had it */
} htable;

/* One organization's provider, as planned before anything is written. */
typedef struct plan {
    htable *table;
    hrow *org;
    core_provider p;
    int64_t existing;  /* the provider of the same HSDS id, or 0 for a new one */
    hrow *kind_row, *division_row, *location_row, *phone_row, *contact_row;
} plan;

typedef struct importer {
    const io_hsds_import_options *opt;
    core_arena *arena;
    htable *tables;
    size_t ntables;
    json_t *errors;
    size_t nerrors;
    json_t *doc;       /* the directory (store_hsds_directory) */
    json_t *terms;     /* our term id -> {taxonomy, code} */
    json_t *children;  /* "table\x1fcolumn\x1fvalue" -> [row indices] */
    json_t *providers_by_id, *services_by_id; /* HSDS id -> the directory's provider (of the service) */
    const char *city;  /* the division of organizations whose package does not say */
    plan *plans;
    size_t nplans;
    size_t created, updated, services;
} importer;

static void add_error(importer *im, const char *file, size_t line, const char *column, const char *code,
                      const char *zh, const char *en) {
    im->nerrors++;
    if (json_array_size(im->errors) >= IO_HSDS_MAX_ERRORS) return;
    json_array_append_new(im->errors, json_pack("{s:s, s:I, s:s, s:s, s:s, s:s}", "file", file, "row",
                                                (json_int_t)line, "column", column, "code", code, "zh", zh, "en", en));
}

static const char *cell(const hrow *r, const char *column) { return io_hsds_text(r->fields, column); }

static htable *table_named(importer *im, const char *name) {
    for (size_t i = 0; i < im->ntables; i++)
        if (strcmp(im->tables[i].name, name) == 0) return &im->tables[i];
    return NULL;
}

static hrow *row_by_id(importer *im, const char *table, const char *id) {
    htable *t = table_named(im, table);
    json_t *k = t ? json_object_get(t->by_id, id) : NULL;
    return k ? &t->rows[json_integer_value(k)] : NULL;
}

/* ---- checking the files ------------------------------------------------------------------------------- */

/* The table a file holds: a standard one by its file name, else one named by the file (letters, digits, '_',
** '-'). */
static bool table_for_file(importer *im, const io_hsds_file *f, htable *t) {
    t->file = f->name;
    t->std = io_hsds_table_at(f->name);
    if (t->std) {
        t->name = t->std->name;
        return true;
    }
    size_t n = strlen(f->name) - 4;
    if (n == 0 || strspn(f->name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") != n) {
        add_error(im, f->name, 0, "", "bad_file_name", "文件名应只含字母、数字、下划线和连字符",
                  "A file name may hold only letters, digits, '_' and '-'");
        return false;
    }
    t->name = core_arena_strndup(im->arena, f->name, n);
    return true;
}

/* Reads the header into columns (names, trimmed of spaces); false after reporting a problem. */
static bool read_header(importer *im, htable *t, const io_csv_record *h, json_t *columns) {
    bool ok = true;
    for (size_t i = 0; i < h->nfields; i++) {
        const char *name = h->fields[i];
        while (*name == ' ') name++;
        size_t n = strlen(name);
        while (n && name[n - 1] == ' ') n--;
        char *trimmed = core_arena_strndup(im->arena, name, n);
        char zh[256], en[256];
        bool twice = false;
        for (size_t k = 0; k < i; k++) twice |= strcmp(json_string_value(json_array_get(columns, k)), trimmed) == 0;
        if (!*trimmed) {
            add_error(im, t->file, h->line, "", "empty_column", "列名为空", "A column has no name");
            ok = false;
        } else if (twice) {
            snprintf(zh, sizeof zh, "列“%s”重复", trimmed);
            snprintf(en, sizeof en, "Column \"%s\" appears twice", trimmed);
            add_error(im, t->file, h->line, trimmed, "duplicate_column", zh, en);
            ok = false;
        }
        json_array_append_new(columns, json_string(trimmed));
        if (!t->std || io_hsds_field_index(t->std, trimmed) < 0) json_array_append_new(t->extra, json_string(trimmed));
    }
    for (size_t f = 0; t->std && f < t->std->nfields; f++) {
        const io_hsds_field *field = &t->std->fields[f];
        bool present = false;
        for (size_t k = 0; k < json_array_size(columns); k++)
            present |= strcmp(json_string_value(json_array_get(columns, k)), field->name) == 0;
        if (present || !field->required) continue;
        char zh[256], en[256];
        snprintf(zh, sizeof zh, "缺少必需的列“%s”", field->name);
        snprintf(en, sizeof en, "Missing required column \"%s\"", field->name);
        add_error(im, t->file, h->line, field->name, "missing_column", zh, en);
        ok = false;
    }
    return ok;
}

static void check_cells(importer *im, htable *t, hrow *r) {
    for (size_t f = 0; t->std && f < t->std->nfields; f++) {
        const io_hsds_field *field = &t->std->fields[f];
        const char *v = cell(r, field->name);
        const char *code;
        char zh[256], en[256];
        if (!*v) {
            if (field->required && json_object_get(r->fields, field->name))
                add_error(im, t->file, r->line, field->name, "required", "此项不能为空", "This cell is required");
        } else if (!io_hsds_cell_ok(field, v, &code, zh, en)) {
            add_error(im, t->file, r->line, field->name, code, zh, en);
        }
    }
}

/* The id of a row of a table without an id column: named by its content and how often it came before, so
** that importing the same file again keeps the same rows. */
static const char *content_id(importer *im, htable *t, json_t *fields) {
    char *text = json_dumps(fields, JSON_COMPACT);
    json_int_t before = json_integer_value(json_object_get(t->seen, text));
    json_object_set_new(t->seen, text, json_integer(before + 1));
    char *name = core_arena_printf(im->arena, "%s\x1f%lld\x1f%s", t->name, (long long)before, text);
    free(text);
    char *id = core_arena_alloc(im->arena, CORE_UUID_LEN + 1);
    core_uuid_named(name, id);
    return id;
}

static void read_rows(importer *im, htable *t, const io_csv_table *csv, json_t *columns) {
    size_t ncols = json_array_size(columns);
    t->rows = xcalloc(csv->count, sizeof *t->rows);
    bool has_id = false;
    for (size_t k = 0; k < ncols; k++) has_id |= strcmp(json_string_value(json_array_get(columns, k)), "id") == 0;
    for (size_t r = 1; r < csv->count; r++) {
        const io_csv_record *rec = &csv->records[r];
        if (rec->nfields > ncols) {
            add_error(im, t->file, rec->line, "", "too_many_cells", "这一行的单元格比表头多",
                      "The row has more cells than the header has columns");
            continue;
        }
        json_t *fields = json_object();
        for (size_t k = 0; k < ncols; k++)
            json_object_set_new(fields, json_string_value(json_array_get(columns, k)),
                                json_string(k < rec->nfields ? rec->fields[k] : ""));
        hrow *row = &t->rows[t->nrows];
        *row = (hrow){.line = rec->line, .fields = fields};
        check_cells(im, t, row);
        const char *id = json_string_value(json_object_get(fields, "id"));
        row->id = has_id ? id : content_id(im, t, fields);
        t->nrows++;
        if (!*row->id) {
            if (!t->std) add_error(im, t->file, rec->line, "id", "required", "此项不能为空", "This cell is required");
            continue;
        }
        json_t *first = json_object_get(t->by_id, row->id);
        if (first) {
            char zh[256], en[256];
            size_t line = t->rows[json_integer_value(first)].line;
            snprintf(zh, sizeof zh, "id 在文件中重复（与第 %zu 行相同）", line);
            snprintf(en, sizeof en, "The id appears twice in the file (as on line %zu)", line);
            add_error(im, t->file, rec->line, "id", "duplicate_id", zh, en);
        } else {
            json_object_set_new(t->by_id, row->id, json_integer((json_int_t)(t->nrows - 1)));
        }
    }
}

static void read_table(importer *im, const io_hsds_file *f) {
    htable t = {.extra = json_array(), .by_id = json_object(), .seen = json_object()};
    if (!table_for_file(im, f, &t)) {
        json_decref(t.extra);
        json_decref(t.by_id);
        json_decref(t.seen);
        return;
    }
    io_csv_table csv;
    io_csv_error why;
    ws_err e = io_csv_read(f->data, f->len, IO_HSDS_MAX_BYTES, MAX_FIELD, &csv, &why);
    if (e) {
        add_error(im, f->name, why.line, "", e == WS_ERR_LIMIT ? "too_large" : "bad_csv", why.zh, why.en);
    } else if (csv.count == 0) {
        add_error(im, f->name, 1, "", "empty_file", "文件为空（没有表头）", "The file is empty (no header)");
    } else {
        json_t *columns = json_array();
        if (read_header(im, &t, &csv.records[0], columns)) read_rows(im, &t, &csv, columns);
        json_decref(columns);
    }
    if (!e) io_csv_free(&csv);
    im->tables = xrealloc(im->tables, (im->ntables + 1) * sizeof *im->tables);
    im->tables[im->ntables++] = t;
}

/* The standard's tables in the standard's order, then the others by file name. */
static void read_package(importer *im, const io_hsds_files *files) {
    for (size_t i = 0; i < io_hsds_ntables; i++) {
        const io_hsds_file *f = io_hsds_files_find(files, io_hsds_tables[i].path);
        if (f) read_table(im, f);
    }
    for (size_t i = 0; i < files->count; i++)
        if (is_csv(files->items[i].name) && !io_hsds_table_at(files->items[i].name))
            read_table(im, &files->items[i]);
    if (im->ntables == 0 && !im->nerrors)
        add_error(im, "", 0, "", "no_tables", "没有找到 HSDS 表格（如 organizations.csv、services.csv）",
                  "No HSDS table found (such as organizations.csv or services.csv)");
}

/* ---- what the package says in the export's terms ------------------------------------------------------ */

/* A term of ours; a category of the catalog names no item a service could offer. */
static void add_term(importer *im, io_hsds_taxonomy t, const char *code, bool category) {
    char id[CORE_UUID_LEN + 1];
    io_hsds_term_id(t, code, id);
    json_object_set_new(im->terms, id, json_pack("{s:i, s:s, s:b}", "taxonomy", (int)t, "code", code, "category",
                                                 category));
}

/* Our taxonomies' terms that name something of this directory (catalog categories and items, kinds,
** divisions), and the directory's providers and services by HSDS id. */
static void know_directory(importer *im) {
    im->terms = json_object();
    size_t i, k;
    json_t *r, *s;
    json_array_foreach(json_object_get(im->doc, "categories"), i, r) {
        add_term(im, IO_HSDS_TAX_CATALOG, json_string_value(json_object_get(r, "code")), true);
    }
    json_array_foreach(json_object_get(im->doc, "items"), i, r) {
        add_term(im, IO_HSDS_TAX_CATALOG, json_string_value(json_object_get(r, "code")), false);
    }
    for (int kind = CORE_PK_NONE + 1; kind < CORE_PK_COUNT; kind++)
        add_term(im, IO_HSDS_TAX_KINDS, core_provider_kind_code(kind), false);
    json_array_foreach(json_object_get(im->doc, "divisions"), i, r) {
        const char *code = json_string_value(json_object_get(r, "code"));
        add_term(im, IO_HSDS_TAX_DIVISIONS, code, false);
        if (json_is_null(json_object_get(r, "parent_code")) && !im->city) im->city = code;
    }
    im->providers_by_id = json_object();
    im->services_by_id = json_object();
    json_array_foreach(json_object_get(im->doc, "providers"), i, r) {
        const char *id = json_string_value(json_object_get(r, "hsds_id"));
        if (id) json_object_set(im->providers_by_id, id, r);
        json_array_foreach(json_object_get(r, "services"), k, s) {
            id = json_string_value(json_object_get(s, "hsds_id"));
            if (id) json_object_set(im->services_by_id, id, r);
        }
    }
}

/* Indexes the rows that point at organizations, services and service areas. */
static void index_children(importer *im) {
    static const char *const LINKS[][2] = {{"service", "organization_id"}, {"service_area", "service_id"},
                                           {"schedule", "service_id"}, {"attribute", "link_id"}};
    im->children = json_object();
    for (size_t l = 0; l < sizeof LINKS / sizeof LINKS[0]; l++) {
        htable *t = table_named(im, LINKS[l][0]);
        for (size_t r = 0; t && r < t->nrows; r++) {
            const char *v = cell(&t->rows[r], LINKS[l][1]);
            if (!*v) continue;
            char *k = io_hsds_key(LINKS[l][0], LINKS[l][1], v);
            json_t *list = json_object_get(im->children, k);
            if (!list) json_object_set_new(im->children, k, list = json_array());
            json_array_append_new(list, json_integer((json_int_t)r));
            free(k);
        }
    }
}

/* The indices of the rows of table whose column holds value (borrowed), or NULL when there are none. */
static json_t *children(importer *im, const char *table, const char *column, const char *value) {
    char *k = io_hsds_key(table, column, value);
    json_t *list = json_object_get(im->children, k);
    free(k);
    return list;
}

static void give_role(importer *im, hrow *r, const char *owner, const char *role) {
    r->owner = core_arena_strdup(im->arena, owner);
    r->role = core_arena_strdup(im->arena, role);
}

/* The first attribute of row id, not yet given a role, whose term is one of ours in taxonomy t; its code. */
static const char *linked_term(importer *im, const char *id, io_hsds_taxonomy t, hrow **attribute) {
    htable *attrs = table_named(im, "attribute");
    size_t i;
    json_t *k;
    json_array_foreach(children(im, "attribute", "link_id", id), i, k) {
        hrow *a = &attrs->rows[json_integer_value(k)];
        json_t *term = json_object_get(im->terms, cell(a, "taxonomy_term_id"));
        if (a->role || !term || json_integer_value(json_object_get(term, "taxonomy")) != (json_int_t)t ||
            json_is_true(json_object_get(term, "category")))
            continue;
        *attribute = a;
        return json_string_value(json_object_get(term, "code"));
    }
    return NULL;
}

/* The row of table an export makes for owner in role, when the package has it for that organization. */
static hrow *made_row(importer *im, const char *table, const char *owner, const char *role, const char *link,
                      const char *link_value) {
    char id[CORE_UUID_LEN + 1];
    io_hsds_row_id(owner, role, id);
    hrow *r = row_by_id(im, table, id);
    return r && strcmp(cell(r, link), link_value) == 0 ? r : NULL;
}

/* The directory's provider with this HSDS id, or NULL. */
static json_t *known_provider(importer *im, const char *hsds_id) {
    return json_object_get(im->providers_by_id, hsds_id);
}

/* Whether a provider other than self has a service with this HSDS id. */
static bool service_elsewhere(importer *im, const char *hsds_id, json_t *self) {
    json_t *owner = json_object_get(im->services_by_id, hsds_id);
    return owner && owner != self;
}

/* The directory's value at key of o, or fallback when there is no o (a provider the directory lacks). */
static const char *doc_text(json_t *o, const char *key, const char *fallback) {
    return o ? io_hsds_text(o, key) : fallback;
}

static const char *division_name(importer *im, const char *code) {
    size_t i;
    json_t *d;
    json_array_foreach(json_object_get(im->doc, "divisions"), i, d) {
        if (strcmp(doc_text(d, "code", ""), code) == 0) return doc_text(d, "name", code);
    }
    return code;
}

/* ---- one organization --------------------------------------------------------------------------------- */

/* Reports a provider's field errors at the cells they came from. */
static void report_provider_errors(importer *im, plan *pl, const core_fielderrs *errs) {
    for (size_t i = 0; i < errs->count; i++) {
        const core_fielderr *e = &errs->items[i];
        const char *file = pl->table->file, *column = e->field;
        size_t line = pl->org->line;
        hrow *from = NULL;
        const char *from_table = NULL;
        static const struct {
            const char *field, *table, *column;
            size_t row; /* the offset of the plan's row */
        } FROM[] = {{"phone", "phone", "number", offsetof(plan, phone_row)},
                    {"contact_name", "contact", "name", offsetof(plan, contact_row)},
                    {"address", "location", "name", offsetof(plan, location_row)},
                    {"kind", "attribute", "taxonomy_term_id", offsetof(plan, kind_row)},
                    {"division_code", "attribute", "taxonomy_term_id", offsetof(plan, division_row)}};
        for (size_t k = 0; k < sizeof FROM / sizeof FROM[0]; k++) {
            if (strcmp(e->field, FROM[k].field) != 0) continue;
            from = *(hrow **)((char *)pl + FROM[k].row);
            from_table = FROM[k].table;
            if (from) column = FROM[k].column;
        }
        if (from) {
            file = table_named(im, from_table)->file;
            line = from->line;
        } else if (io_hsds_field_index(pl->table->std, column) < 0) {
            column = "";
        }
        add_error(im, file, line, column, e->code, e->zh, e->en);
    }
}

/* Takes the rows an export made for the organization's kind, division, address, phone and contact. */
static void map_organization_rows(importer *im, plan *pl) {
    const char *org = pl->org->id;
    hrow *a;
    if (linked_term(im, org, IO_HSDS_TAX_KINDS, &a)) {
        give_role(im, a, org, "attribute/kind");
        pl->kind_row = a;
    }
    if (linked_term(im, org, IO_HSDS_TAX_DIVISIONS, &a)) {
        give_role(im, a, org, "attribute/division");
        pl->division_row = a;
    }
    static const struct {
        const char *table, *role;
        size_t offset;
    } MADE[] = {{"location", "location", offsetof(plan, location_row)},
                {"phone", "phone", offsetof(plan, phone_row)},
                {"contact", "contact", offsetof(plan, contact_row)}};
    for (size_t i = 0; i < sizeof MADE / sizeof MADE[0]; i++) {
        hrow *r = made_row(im, MADE[i].table, org, MADE[i].role, "organization_id", org);
        if (!r) continue;
        give_role(im, r, org, MADE[i].role);
        *(hrow **)((char *)pl + MADE[i].offset) = r;
    }
}

/* The value for the provider: the package's (squashed, in the arena), else the directory's, else fallback. */
static const char *value_of(importer *im, hrow *r, const char *column, json_t *known, const char *key,
                            const char *fallback) {
    if (r) {
        char *s = io_hsds_squash(cell(r, column));
        char *v = core_arena_strdup(im->arena, s);
        free(s);
        return v;
    }
    return doc_text(known, key, fallback);
}

static const char *term_code(importer *im, hrow *attribute) {
    json_t *term = attribute ? json_object_get(im->terms, cell(attribute, "taxonomy_term_id")) : NULL;
    return term ? json_string_value(json_object_get(term, "code")) : NULL;
}

static bool validate_organization(importer *im, plan *pl, json_t *known) {
    const char *kind = term_code(im, pl->kind_row), *division = term_code(im, pl->division_row);
    if (!kind) kind = doc_text(known, "kind", "social_org");
    if (!division) division = doc_text(known, "division_code", im->city ? im->city : "");
    const char *description = value_of(im, pl->org, "description", NULL, NULL, "");
    char *fallback = io_hsds_default_description(kind, division_name(im, division));
    if (strcmp(description, fallback) == 0) description = "";
    free(fallback);
    char capacity[16];
    snprintf(capacity, sizeof capacity, "%lld",
             (long long)json_integer_value(json_object_get(known, "capacity_per_week")));
    core_provider_in in = {
        .name = value_of(im, pl->org, "name", NULL, NULL, ""),
        .kind = kind,
        .division_code = division,
        .description = description,
        .contact_name = value_of(im, pl->contact_row, "name", known, "contact_name", ""),
        .phone = value_of(im, pl->phone_row, "number", known, "phone", ""),
        .email = value_of(im, pl->org, "email", NULL, NULL, ""),
        .website = value_of(im, pl->org, "website", NULL, NULL, ""),
        .address = value_of(im, pl->location_row, "name", known, "address", ""),
        .capacity_per_week = capacity,
        .status = doc_text(known, "status", "paused"),
    };
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    bool ok = core_provider_validate(&in, &pl->p, &errs);
    report_provider_errors(im, pl, &errs);
    core_fielderrs_free(&errs);
    return ok;
}

/* The directory's lists of a provider the package updates: its items, areas and weekly schedule. */
static void keep_known_lists(plan *pl, json_t *known) {
    core_fielderrs scratch;
    core_fielderrs_init(&scratch);
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(known, "services"), i, v) {
        if (!core_provider_add_item(&pl->p, doc_text(v, "item_code", ""), doc_text(v, "description", ""), "items",
                                    &scratch))
            continue;
        core_provider_item *it = &pl->p.items[pl->p.nitems - 1];
        const char *hsds = json_string_value(json_object_get(v, "hsds_id"));
        it->hsds_id = hsds ? xstrdup(hsds) : NULL;
        it->active = strcmp(doc_text(v, "status", ""), "active") == 0;
    }
    json_array_foreach(json_object_get(known, "areas"), i, v) {
        core_provider_add_area(&pl->p, json_string_value(v), "areas", &scratch);
    }
    json_array_foreach(json_object_get(known, "schedules"), i, v) {
        char weekday[4];
        snprintf(weekday, sizeof weekday, "%lld", (long long)json_integer_value(json_object_get(v, "weekday")));
        core_provider_schedule_in in = {weekday, doc_text(v, "opens_at", ""), doc_text(v, "closes_at", ""),
                                        doc_text(v, "note", "")};
        core_provider_add_schedule(&pl->p, &in, "schedules", &scratch);
    }
    core_fielderrs_free(&scratch);
}

static bool has_area(const core_provider *p, const char *code) {
    for (size_t i = 0; i < p->nareas; i++)
        if (strcmp(p->areas[i], code) == 0) return true;
    return false;
}

static void map_areas(importer *im, plan *pl, const char *service) {
    htable *areas = table_named(im, "service_area");
    core_fielderrs scratch;
    core_fielderrs_init(&scratch);
    size_t i;
    json_t *k;
    json_array_foreach(children(im, "service_area", "service_id", service), i, k) {
        hrow *sa = &areas->rows[json_integer_value(k)], *a;
        const char *code = linked_term(im, sa->id, IO_HSDS_TAX_DIVISIONS, &a);
        if (!code || sa->role) continue;
        if (!has_area(&pl->p, code) && !core_provider_add_area(&pl->p, code, "areas", &scratch)) continue;
        char *role = core_arena_printf(im->arena, "area/%s", code);
        give_role(im, sa, service, role);
        give_role(im, a, service, core_arena_printf(im->arena, "%s/attribute", role));
    }
    core_fielderrs_free(&scratch);
}

static const char *const BYDAY[] = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};

/* A schedule row as simple as the directory's weekly lines: WEEKLY, one day, opening hours, nothing else. */
static int simple_weekday(const hrow *r) {
    static const char *const UNSAID[] = {"location_id", "service_at_location_id", "valid_from", "valid_to",
                                         "dtstart", "timezone", "until", "count", "wkst", "byweekno",
                                         "bymonthday", "byyearday", "schedule_link", "attending_type", "notes"};
    if (strcmp(cell(r, "freq"), "WEEKLY") != 0 || (*cell(r, "interval") && strcmp(cell(r, "interval"), "1") != 0))
        return 0;
    for (size_t i = 0; i < sizeof UNSAID / sizeof UNSAID[0]; i++)
        if (*cell(r, UNSAID[i])) return 0;
    for (int d = 0; d < 7; d++)
        if (strcmp(cell(r, "byday"), BYDAY[d]) == 0) return d + 1;
    return 0;
}

/* "hh:mm" of a time written hh:mm or hh:mm:00 (other seconds say more than the directory can keep). */
static bool minutes_of(const char *time, char out[6]) {
    size_t n = strlen(time);
    if (n != 5 && !(n == 8 && strcmp(time + 5, ":00") == 0)) return false;
    memcpy(out, time, 5);
    out[5] = '\0';
    return true;
}

/* How many lines of p are alike (weekday and hours) to s. */
static size_t lines_alike(const core_provider *p, const core_provider_schedule *s) {
    size_t n = 0;
    for (size_t i = 0; i < p->nschedules; i++)
        n += p->schedules[i].weekday == s->weekday && strcmp(p->schedules[i].opens_at, s->opens_at) == 0 &&
             strcmp(p->schedules[i].closes_at, s->closes_at) == 0;
    return n;
}

/* One simple schedule row of a service: its line as the directory keeps it, and which of the service's lines
** alike it is (the export numbers them: the second is role ".../2"). */
typedef struct weekly {
    hrow *row;
    core_provider_schedule line; /* the note is owned */
    char base[64];               /* "schedule/1/08:30/17:00" */
    size_t nth;
} weekly;

static int by_base_then_nth(const void *a, const void *b) {
    const weekly *x = a, *y = b;
    int c = strcmp(x->base, y->base);
    return c ? c : (x->nth > y->nth) - (x->nth < y->nth);
}

static void role_of(const weekly *w, char out[96]) {
    if (w->nth > 1) snprintf(out, 96, "%s/%zu", w->base, w->nth);
    else snprintf(out, 96, "%s", w->base);
}

/* Numbers the lines alike of a service: first those whose id is the one the export gives that number, then
** the others with the numbers left, in the file's order. */
static void number_lines(weekly *lines, size_t n, const char *service) {
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < n; i++) {
            if (lines[i].nth) continue;
            size_t alike = 0;
            for (size_t k = 0; k < n; k++) alike += strcmp(lines[k].base, lines[i].base) == 0;
            for (size_t nth = 1; nth <= alike && !lines[i].nth; nth++) {
                bool taken = false;
                for (size_t k = 0; k < n; k++)
                    taken |= strcmp(lines[k].base, lines[i].base) == 0 && lines[k].nth == nth;
                if (taken) continue;
                weekly probe = lines[i];
                probe.nth = nth;
                char role[96], id[CORE_UUID_LEN + 1];
                role_of(&probe, role);
                io_hsds_row_id(service, role, id);
                if (pass == 1 || strcmp(id, lines[i].row->id) == 0) lines[i].nth = nth;
            }
        }
}

/* The service's simple weekly rows become the provider's lines (as many alike as the service has). */
static void map_schedules(importer *im, plan *pl, const char *service) {
    htable *schedules = table_named(im, "schedule");
    json_t *rows = children(im, "schedule", "service_id", service);
    weekly *lines = xcalloc(json_array_size(rows) + 1, sizeof *lines);
    size_t n = 0;
    core_provider probe = {0};
    core_fielderrs scratch;
    core_fielderrs_init(&scratch);
    size_t i;
    json_t *k;
    json_array_foreach(rows, i, k) {
        hrow *r = &schedules->rows[json_integer_value(k)];
        int weekday = simple_weekday(r);
        char wd[2] = {(char)('0' + weekday), '\0'}, opens[6], closes[6];
        char *note = io_hsds_squash(cell(r, "description"));
        core_provider_schedule_in in = {wd, opens, closes, note};
        bool read = weekday && minutes_of(cell(r, "opens_at"), opens) && minutes_of(cell(r, "closes_at"), closes) &&
                    core_provider_add_schedule(&probe, &in, "schedules", &scratch);
        free(note);
        if (!read) continue;
        core_provider_schedule *line = &probe.schedules[--probe.nschedules]; /* taken over by lines[n] */
        lines[n] = (weekly){.row = r, .line = *line};
        snprintf(lines[n].base, sizeof lines[n].base, "schedule/%d/%s/%s", weekday, line->opens_at, line->closes_at);
        n++;
    }
    number_lines(lines, n, service);
    qsort(lines, n, sizeof *lines, by_base_then_nth);
    for (size_t l = 0; l < n; l++) {
        weekly *w = &lines[l];
        char wd[2] = {(char)('0' + w->line.weekday), '\0'};
        core_provider_schedule_in in = {wd, w->line.opens_at, w->line.closes_at, w->line.note};
        if (lines_alike(&pl->p, &w->line) < w->nth && !core_provider_add_schedule(&pl->p, &in, "schedules", &scratch))
            continue;
        char role[96];
        role_of(w, role);
        give_role(im, w->row, service, role);
    }
    for (size_t l = 0; l < n; l++) free(lines[l].line.note);
    free(lines);
    core_provider_clear(&probe);
    core_fielderrs_free(&scratch);
}

/* The item of p with this code, or NULL. */
static core_provider_item *item_of(core_provider *p, const char *code) {
    for (size_t i = 0; i < p->nitems; i++)
        if (strcmp(p->items[i].code, code) == 0) return &p->items[i];
    return NULL;
}

/* Makes service s one of the provider's items when an attribute names its catalog item; false otherwise. */
static bool map_service(importer *im, plan *pl, json_t *known, hrow *s) {
    hrow *attribute;
    const char *code = linked_term(im, s->id, IO_HSDS_TAX_CATALOG, &attribute);
    if (!code || service_elsewhere(im, s->id, known)) return false;
    char *description = io_hsds_squash(cell(s, "description"));
    core_provider_item *it = item_of(&pl->p, code);
    core_fielderrs scratch;
    core_fielderrs_init(&scratch);
    bool mapped = false;
    if (it && it->hsds_id && strcmp(it->hsds_id, s->id) == 0) { /* imported again */
        core_provider probe = {0};
        mapped = core_provider_add_item(&probe, code, description, "items", &scratch);
        if (mapped) {
            free(it->description);
            it->description = probe.items[0].description;
            probe.items[0].description = NULL;
        }
        core_provider_clear(&probe);
    } else if (!it && core_provider_add_item(&pl->p, code, description, "items", &scratch)) {
        it = &pl->p.items[pl->p.nitems - 1];
        it->hsds_id = xstrdup(s->id);
        mapped = true;
    }
    free(description);
    core_fielderrs_free(&scratch);
    if (!mapped) return false;
    it->active = strcmp(cell(s, "status"), "active") == 0;
    give_role(im, s, s->id, "service");
    give_role(im, attribute, s->id, "attribute/item");
    if (pl->location_row) {
        hrow *sal = made_row(im, "service_at_location", s->id, "location", "location_id", pl->location_row->id);
        if (sal && strcmp(cell(sal, "service_id"), s->id) == 0) give_role(im, sal, s->id, "location");
    }
    map_areas(im, pl, s->id);
    map_schedules(im, pl, s->id);
    return true;
}

static void plan_organization(importer *im, htable *orgs, hrow *org) {
    im->plans = xrealloc(im->plans, (im->nplans + 1) * sizeof *im->plans);
    plan *pl = &im->plans[im->nplans++];
    *pl = (plan){.table = orgs, .org = org};
    json_t *known = known_provider(im, org->id);
    pl->existing = (int64_t)json_integer_value(json_object_get(known, "id"));
    give_role(im, org, org->id, "organization");
    map_organization_rows(im, pl);
    if (!validate_organization(im, pl, known)) return;
    pl->p.hsds_id = xstrdup(org->id);
    keep_known_lists(pl, known);
    htable *services = table_named(im, "service");
    size_t i;
    json_t *k;
    json_array_foreach(children(im, "service", "organization_id", org->id), i, k) {
        im->services += map_service(im, pl, known, &services->rows[json_integer_value(k)]);
    }
    if (!known) pl->p.status = pl->p.nareas ? CORE_PS_ACTIVE : CORE_PS_PAUSED;
}

/* The export's taxonomies and their terms that name this directory's items, kinds and divisions: the
** directory writes them afresh, under the same ids. */
static void map_taxonomies(importer *im) {
    htable *taxonomies = table_named(im, "taxonomy"), *terms = table_named(im, "taxonomy_term");
    for (io_hsds_taxonomy t = IO_HSDS_TAX_CATALOG; t <= IO_HSDS_TAX_DIVISIONS; t++) {
        char id[CORE_UUID_LEN + 1];
        io_hsds_taxonomy_id(t, id);
        hrow *r = row_by_id(im, "taxonomy", id);
        if (taxonomies && r) give_role(im, r, id, "taxonomy");
    }
    for (size_t i = 0; terms && i < terms->nrows; i++) {
        hrow *r = &terms->rows[i];
        json_t *term = json_object_get(im->terms, r->id);
        if (!term || strcmp(cell(r, "code"), json_string_value(json_object_get(term, "code"))) != 0) continue;
        char tax[CORE_UUID_LEN + 1];
        io_hsds_taxonomy_id((io_hsds_taxonomy)json_integer_value(json_object_get(term, "taxonomy")), tax);
        give_role(im, r, tax, core_arena_printf(im->arena, "term/%s", cell(r, "code")));
    }
}

static void plan_all(importer *im, store_conn *c) {
    know_directory(im);
    index_children(im);
    map_taxonomies(im);
    htable *orgs = table_named(im, "organization");
    for (size_t r = 0; orgs && r < orgs->nrows; r++) plan_organization(im, orgs, &orgs->rows[r]);
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    for (size_t i = 0; i < im->nplans && !im->nerrors; i++) {
        if (!store_provider_check(c, &im->plans[i].p, &errs)) report_provider_errors(im, &im->plans[i], &errs);
        core_fielderrs_clear(&errs);
    }
    core_fielderrs_free(&errs);
}

/* ---- writing ------------------------------------------------------------------------------------------ */

static ws_err write_all(importer *im, store_conn *w) {
    ws_err e = WS_OK;
    for (size_t i = 0; i < im->nplans && !e; i++) {
        plan *pl = &im->plans[i];
        int64_t id = pl->existing;
        e = id ? store_provider_update(w, id, &pl->p) : store_provider_insert(w, &pl->p, &id);
        if (e == WS_ERR_CONFLICT)
            add_error(im, pl->table->file, pl->org->line, "id", "id_taken", "此 id 已被目录中的其他记录使用",
                      "Another record of the directory has this id");
        if (!e) pl->existing ? im->updated++ : im->created++;
    }
    for (size_t t = 0; t < im->ntables && !e; t++) {
        htable *table = &im->tables[t];
        if (json_array_size(table->extra)) e = store_hsds_columns_add(w, table->name, table->file, table->extra);
        for (size_t r = 0; r < table->nrows && !e; r++) {
            hrow *row = &table->rows[r];
            e = store_hsds_record_put(w, table->name, row->id, row->fields, row->owner, row->role);
        }
    }
    if (!e)
        e = store_audit_append(w, &im->opt->actor, "import", "hsds", "",
                               json_pack("{s:I, s:I, s:I}", "providers_created", (json_int_t)im->created,
                                         "providers_updated", (json_int_t)im->updated, "services_mapped",
                                         (json_int_t)im->services));
    return e;
}

static json_t *make_report(importer *im, bool ok) {
    json_t *files = json_array();
    size_t rows = 0, aside = 0;
    for (size_t t = 0; t < im->ntables; t++) {
        htable *table = &im->tables[t];
        json_array_append_new(files, json_pack("{s:s, s:s, s:I}", "file", table->file, "table", table->name, "rows",
                                               (json_int_t)table->nrows));
        rows += table->nrows;
        for (size_t r = 0; r < table->nrows; r++) aside += table->rows[r].role == NULL;
    }
    bool dry = im->opt->dry_run;
    return json_pack("{s:b, s:b, s:o, s:I, s:I, s:I, s:I, s:I, s:O, s:I}", "ok", ok, "dry_run", dry, "files", files,
                     "rows", (json_int_t)rows, "providers_created",
                     (json_int_t)(dry ? (size_t)0 : im->created), "providers_updated",
                     (json_int_t)(dry ? (size_t)0 : im->updated), "services_mapped", (json_int_t)im->services,
                     "rows_kept_aside", (json_int_t)aside, "errors", im->errors, "errors_total",
                     (json_int_t)im->nerrors);
}

static void importer_free(importer *im) {
    for (size_t t = 0; t < im->ntables; t++) {
        htable *table = &im->tables[t];
        for (size_t r = 0; r < table->nrows; r++) json_decref(table->rows[r].fields);
        free(table->rows);
        json_decref(table->extra);
        json_decref(table->by_id);
        json_decref(table->seen);
    }
    free(im->tables);
    for (size_t i = 0; i < im->nplans; i++) core_provider_clear(&im->plans[i].p);
    free(im->plans);
    json_decref(im->errors);
    json_decref(im->doc);
    json_decref(im->terms);
    json_decref(im->children);
    json_decref(im->providers_by_id);
    json_decref(im->services_by_id);
    core_arena_free(im->arena);
}

static size_t package_bytes(const io_hsds_files *files) {
    size_t n = 0;
    for (size_t i = 0; i < files->count; i++) n += files->items[i].len;
    return n;
}

ws_err io_hsds_import(store_db *db, const io_hsds_import_options *opt, const io_hsds_files *files,
                      json_t **report) {
    importer im = {.opt = opt, .arena = core_arena_new(), .errors = json_array()};
    ws_err e = WS_OK;
    if (package_bytes(files) > IO_HSDS_MAX_BYTES) {
        char zh[128], en[128];
        snprintf(zh, sizeof zh, "数据包超过 %d MiB", IO_HSDS_MAX_BYTES / (1024 * 1024));
        snprintf(en, sizeof en, "The package is larger than %d MiB", IO_HSDS_MAX_BYTES / (1024 * 1024));
        add_error(&im, "", 0, "", "too_large", zh, en);
        e = WS_ERR_LIMIT;
        goto done;
    }
    read_package(&im, files);
    if (im.nerrors) {
        e = WS_ERR_INVALID;
        goto done;
    }
    store_conn *c = store_read_acquire(db);
    e = store_hsds_directory(c, &im.doc);
    if (!e && opt->dry_run) plan_all(&im, c);
    store_read_release(c);
    if (e || opt->dry_run) goto done;
    store_conn *w;
    e = store_write_begin(db, &w);
    if (e) goto done;
    plan_all(&im, w);
    if (!im.nerrors) e = write_all(&im, w);
    e = store_write_finish(w, e ? e : im.nerrors ? WS_ERR_INVALID : WS_OK);
done:
    if (!e && im.nerrors) e = WS_ERR_INVALID;
    if (e == WS_ERR_CONFLICT && im.nerrors) e = WS_ERR_INVALID;
    if (e == WS_ERR_DB || e == WS_ERR_CONFLICT) {
        importer_free(&im);
        return e;
    }
    *report = make_report(&im, e == WS_OK);
    importer_free(&im);
    return e;
}
