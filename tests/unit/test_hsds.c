/*
** test_hsds.c: Open Referral HSDS 3.0 exchange: UUIDs, the standard's cell rules and datapackage.json, and on
** fresh databases the import (all or nothing, the report's files, lines and columns, organizations becoming
** providers and services catalog items, every row kept) and the export (kept rows given back, rows the
** directory no longer has dropped, the same package out of a second database that imported the first's).
*/
#include "unit_db.h"

#include "../../src/core/mem.h"
#include "../../src/core/provider.h"
#include "../../src/core/uuid.h"
#include "../../src/io/csv_reader.h"
#include "../../src/io/hsds_export.h"
#include "../../src/io/hsds_import.h"
#include "../../src/io/hsds_tables.h"
#include "../../src/store/providers.h"
#include "../../src/store/store_int.h"

#include <jansson.h>
#include <sqlite3.h>

static int setup(void **state) { return unit_db_setup(state); }
static int teardown(void **state) { return unit_db_teardown(state); }

static const store_actor ACTOR = {0, "test"};

/* ---- helpers ---------------------------------------------------------------------------------------- */

static int64_t scalar(store_db *db, const char *sql) {
    store_conn *c = store_read_acquire(db);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(store_sqlite(c), sql, -1, &st, NULL) != SQLITE_OK) fail_msg("%s", sql);
    int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    store_read_release(c);
    return v;
}

static char *text(store_db *db, const char *sql) {
    store_conn *c = store_read_acquire(db);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(store_sqlite(c), sql, -1, &st, NULL) != SQLITE_OK) fail_msg("%s", sql);
    const unsigned char *t = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_text(st, 0) : NULL;
    char *v = xstrdup(t ? (const char *)t : "");
    sqlite3_finalize(st);
    store_read_release(c);
    return v;
}

/* A package of name, text pairs ending with NULL. */
static io_hsds_files package(const char *first, ...) {
    io_hsds_files f = {0};
    va_list ap;
    va_start(ap, first);
    for (const char *name = first; name; name = va_arg(ap, const char *)) {
        const char *body = va_arg(ap, const char *);
        io_hsds_files_add(&f, name, xstrdup(body), strlen(body));
    }
    va_end(ap);
    return f;
}

static ws_err import(store_db *db, const io_hsds_files *f, bool dry_run, json_t **report) {
    io_hsds_import_options opt = {ACTOR, dry_run};
    *report = NULL;
    return io_hsds_import(db, &opt, f, report);
}

/* The report's error with this file, row and column, or NULL. */
static json_t *error_at(json_t *report, const char *file, int row, const char *column) {
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(report, "errors"), i, e) {
        if (strcmp(json_string_value(json_object_get(e, "file")), file) == 0 &&
            json_integer_value(json_object_get(e, "row")) == row &&
            strcmp(json_string_value(json_object_get(e, "column")), column) == 0)
            return e;
    }
    return NULL;
}

static void assert_error(json_t *report, const char *file, int row, const char *column, const char *code) {
    json_t *e = error_at(report, file, row, column);
    if (!e) {
        char *dump = json_dumps(json_object_get(report, "errors"), JSON_INDENT(1));
        fail_msg("no error at %s line %d column %s in %s", file, row, column, dump);
    }
    assert_string_equal(json_string_value(json_object_get(e, "code")), code);
    assert_true(*json_string_value(json_object_get(e, "zh")));
    assert_true(*json_string_value(json_object_get(e, "en")));
}

/* The rows of one CSV file of an export, parsed; free with io_csv_free. */
static io_csv_table export_table(const io_hsds_export *x, const char *name) {
    const io_hsds_file *f = io_hsds_files_find(&x->csv, name);
    assert_non_null(f);
    io_csv_table t;
    io_csv_error why;
    assert_int_equal(io_csv_read(f->data, f->len, 1 << 26, 1 << 24, &t, &why), WS_OK);
    return t;
}

/* The value of column in the row whose first cell (its id) is id, or NULL when there is no such row. */
static const char *value_of(const io_csv_table *t, const char *id, const char *column) {
    size_t col = 0;
    while (col < t->records[0].nfields && strcmp(t->records[0].fields[col], column) != 0) col++;
    if (col == t->records[0].nfields) return NULL;
    for (size_t r = 1; r < t->count; r++)
        if (strcmp(t->records[r].fields[0], id) == 0) return t->records[r].fields[col];
    return NULL;
}

/* ---- a package in the export's terms ------------------------------------------------------------------ */

#define ORG "6a6b7c7d-0000-4000-8000-000000000001"
#define SVC "6a6b7c7d-0000-4000-8000-000000000002"
#define AREA "6a6b7c7d-0000-4000-8000-000000000003"

/* A service linked to catalog item L1, with a service area linked to the division 371002 and one weekly
** schedule line; a program the directory has no place for; a column and a table the standard lacks. */
static io_hsds_files example(const char *org_name) {
    char l1[37], huancui[37], orgs[1024], attrs[1024];
    io_hsds_term_id(IO_HSDS_TAX_CATALOG, "L1", l1);
    io_hsds_term_id(IO_HSDS_TAX_DIVISIONS, "371002", huancui);
    snprintf(orgs, sizeof orgs,
             "id,name,description,email,year_incorporated,local_note\r\n"
             ORG ",%s,\"Meals for older people,\nat home\",meals@example.org,1998,kept as it came\r\n",
             org_name);
    snprintf(attrs, sizeof attrs,
             "id,link_id,taxonomy_term_id,link_type,link_entity,value\r\n"
             "6a6b7c7d-0000-4000-8000-000000000010," SVC ",%s,local_link,service,\r\n"
             "6a6b7c7d-0000-4000-8000-000000000011," AREA ",%s,division,service_area,\r\n",
             l1, huancui);
    return package(
        "organizations.csv", orgs,
        "services.csv", "id,organization_id,name,status,description\r\n"
                        SVC "," ORG ",Hot meals,active,Lunch delivered at noon\r\n",
        "attributes.csv", attrs,
        "service_areas.csv", "id,service_id,name,extent_type\r\n" AREA "," SVC ",Huancui district,local\r\n",
        "schedules.csv", "id,service_id,freq,byday,opens_at,closes_at,description\r\n"
                         "6a6b7c7d-0000-4000-8000-000000000020," SVC ",WEEKLY,MO,08:30:00,17:00:00,lunch only\r\n",
        "programs.csv", "id,organization_id,name,description\r\n"
                        "6a6b7c7d-0000-4000-8000-000000000030," ORG ",Elder care,Meals and visits\r\n",
        "local_ratings.csv", "stars,comment\r\n5,\"kind, punctual\"\r\n5,\"kind, punctual\"\r\n",
        "datapackage.json", "{\"not\": \"read\"}", NULL);
}

/* ---- pure rules ------------------------------------------------------------------------------------- */

static void uuids_random_named_and_checked(void **state) {
    (void)state;
    char a[37], b[37];
    core_uuid_random(a);
    core_uuid_random(b);
    assert_true(core_uuid_valid(a));
    assert_string_not_equal(a, b);
    assert_int_equal(a[14], '4');
    assert_non_null(strchr("89ab", a[19]));
    core_uuid_named("owner/role", a);
    core_uuid_named("owner/role", b);
    assert_string_equal(a, b);
    assert_int_equal(a[14], '8');
    core_uuid_named("owner/other", b);
    assert_string_not_equal(a, b);
    assert_true(core_uuid_valid("D9D5E0F5-D3CE-4F73-9A2F-4DD0ECC6C610"));
    assert_false(core_uuid_valid("d9d5e0f5d3ce4f739a2f4dd0ecc6c610"));
    assert_false(core_uuid_valid("d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c61"));
    assert_false(core_uuid_valid("d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c61g"));
    assert_false(core_uuid_valid("d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c6100"));
    assert_false(core_uuid_valid(""));
}

static void cells_follow_the_standard(void **state) {
    (void)state;
    static const struct {
        const char *table, *field, *value, *code; /* code NULL: the value fits */
    } CASES[] = {
        {"organization", "id", "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610", NULL},
        {"organization", "id", "org-1", "not_uuid"},
        {"organization", "year_incorporated", "2011", NULL},
        {"organization", "year_incorporated", "2011.5", NULL},
        {"organization", "year_incorporated", "-1e3", NULL},
        {"organization", "year_incorporated", "1e999", "not_number"},
        {"organization", "year_incorporated", "twenty", "not_number"},
        {"organization", "year_incorporated", "1.", "not_number"},
        {"organization", "email", "a@example.org", NULL},
        {"organization", "email", "a example.org", "not_email"},
        {"organization", "email", "a@b@c", "not_email"},
        {"organization", "website", "https://example.org/x", NULL},
        {"organization", "website", "www.example.org", "not_uri"},
        {"organization", "website", "http://exa mple.org", "not_uri"},
        {"service", "status", "temporarily closed", NULL},
        {"service", "status", "closed", "not_allowed"},
        {"service", "assured_date", "2024-02-29", NULL},
        {"service", "assured_date", "2023-02-29", "not_date"},
        {"service", "assured_date", "2024/02/01", "not_date"},
        {"service", "last_modified", "2023-03-15T10:30:45.123Z", NULL},
        {"service", "last_modified", "2023-03-15T10:30:45+08:00", NULL},
        {"service", "last_modified", "2023-03-15T10:30:45", NULL},
        {"service", "last_modified", "2023-03-15 10:30", "not_datetime"},
        {"schedule", "opens_at", "08:30:00", NULL},
        {"schedule", "opens_at", "08:30", NULL},
        {"schedule", "opens_at", "24:00", "not_time"},
        {"schedule", "opens_at", "8:30", "not_time"},
        {"schedule", "byday", "TH,FR", NULL},
        {"schedule", "freq", "DAILY", "not_allowed"},
        {"location", "name", "\xff", "bad_text"},
    };
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        const io_hsds_table *t = io_hsds_table_named(CASES[i].table);
        assert_non_null(t);
        int f = io_hsds_field_index(t, CASES[i].field);
        assert_true(f >= 0);
        const char *code = NULL;
        char zh[256], en[256];
        bool ok = io_hsds_cell_ok(&t->fields[f], CASES[i].value, &code, zh, en);
        if (ok != (CASES[i].code == NULL)) fail_msg("%s.%s = %s", CASES[i].table, CASES[i].field, CASES[i].value);
        if (!ok) assert_string_equal(code, CASES[i].code);
    }
    char *s = io_hsds_squash("  two\r\n lines\tand  spaces ");
    assert_string_equal(s, "two lines and spaces");
    free(s);
}

static void datapackage_lists_the_standard_then_extensions(void **state) {
    (void)state;
    json_t *ext = json_pack("[{s:s, s:s, s:[s]}, {s:s, s:s, s:[s, s]}]", "table", "organization", "path",
                            "organizations.csv", "columns", "local_note", "table", "local_ratings", "path",
                            "local_ratings.csv", "columns", "stars", "comment");
    json_t *dp = io_hsds_datapackage(ext);
    json_t *res = json_object_get(dp, "resources");
    assert_int_equal(io_hsds_ntables, 21);
    assert_int_equal(json_array_size(res), 22);
    assert_string_equal(json_string_value(json_object_get(dp, "profile")), "tabular-data-package");
    json_t *org = json_array_get(res, 0), *fields = json_object_get(json_object_get(org, "schema"), "fields");
    assert_string_equal(json_string_value(json_object_get(org, "path")), "organizations.csv");
    assert_int_equal(json_array_size(fields), 14);
    assert_string_equal(json_string_value(json_object_get(json_array_get(fields, 13), "name")), "local_note");
    json_t *phone = json_array_get(res, 6);
    assert_string_equal(json_string_value(json_object_get(phone, "name")), "phone");
    json_t *fks = json_object_get(json_object_get(phone, "schema"), "foreignKeys");
    assert_int_equal(json_array_size(fks), 5);
    assert_string_equal(json_string_value(json_object_get(json_array_get(fks, 0), "fields")), "contact_id");
    assert_string_equal(json_string_value(json_object_get(json_array_get(fks, 4), "fields")), "service_at_location_id");
    json_t *last = json_array_get(res, 21);
    assert_string_equal(json_string_value(json_object_get(last, "name")), "local_ratings");
    assert_null(json_object_get(json_object_get(last, "schema"), "primaryKey"));
    for (size_t i = 0; i < io_hsds_ntables; i++) assert_string_equal(io_hsds_tables[i].fields[0].name, "id");
    json_decref(dp);
    json_decref(ext);
}

/* ---- import ----------------------------------------------------------------------------------------- */

static void a_package_becomes_a_provider_and_is_kept(void **state) {
    unit_db *f = *state;
    io_hsds_files pkg = example("Meals on Wheels");
    json_t *report;
    assert_int_equal(import(f->db, &pkg, false, &report), WS_OK);
    assert_true(json_is_true(json_object_get(report, "ok")));
    assert_int_equal(json_integer_value(json_object_get(report, "providers_created")), 1);
    assert_int_equal(json_integer_value(json_object_get(report, "services_mapped")), 1);
    assert_int_equal(json_integer_value(json_object_get(report, "rows")), 9);
    /* the program and the two rows of the table the standard lacks */
    assert_int_equal(json_integer_value(json_object_get(report, "rows_kept_aside")), 3);
    json_decref(report);
    io_hsds_files_free(&pkg);

    char *s = text(f->db, "SELECT kind || ' ' || division_code || ' ' || status || ' ' || capacity_per_week || ' ' || "
                          "description FROM providers WHERE hsds_id = '" ORG "'");
    assert_string_equal(s, "social_org 3710 active 0 Meals for older people, at home");
    free(s);
    s = text(f->db, "SELECT item_code || ' ' || status || ' ' || description FROM provider_services "
                    "WHERE hsds_id = '" SVC "'");
    assert_string_equal(s, "L1 active Lunch delivered at noon");
    free(s);
    s = text(f->db, "SELECT group_concat(division_code) FROM provider_areas");
    assert_string_equal(s, "371002");
    free(s);
    s = text(f->db, "SELECT weekday || ' ' || opens_at || '-' || closes_at || ' ' || note FROM provider_schedules");
    assert_string_equal(s, "1 08:30-17:00 lunch only");
    free(s);
    assert_int_equal(scalar(f->db, "SELECT count(*) FROM hsds_records"), 9);
    assert_int_equal(scalar(f->db, "SELECT count(*) FROM hsds_records WHERE role IS NULL"), 3);
    assert_int_equal(scalar(f->db, "SELECT count(*) FROM audit_log WHERE action = 'import' AND object_type = 'hsds'"),
                     1);

    io_hsds_export x;
    assert_int_equal(io_hsds_export_build(f->db, &ACTOR, &x), WS_OK);
    /* every cell came back as it was, the extra column and the table the standard lacks included */
    io_csv_table orgs = export_table(&x, "organizations.csv");
    assert_string_equal(value_of(&orgs, ORG, "description"), "Meals for older people,\nat home");
    assert_string_equal(value_of(&orgs, ORG, "local_note"), "kept as it came");
    assert_string_equal(value_of(&orgs, ORG, "year_incorporated"), "1998");
    io_csv_free(&orgs);
    io_csv_table attrs = export_table(&x, "attributes.csv");
    assert_string_equal(value_of(&attrs, "6a6b7c7d-0000-4000-8000-000000000010", "link_type"), "local_link");
    io_csv_free(&attrs);
    io_csv_table areas = export_table(&x, "service_areas.csv");
    assert_string_equal(value_of(&areas, AREA, "extent_type"), "local");
    assert_int_equal(areas.count, 2);
    io_csv_free(&areas);
    io_csv_table ratings = export_table(&x, "local_ratings.csv");
    assert_int_equal(ratings.count, 3);
    assert_string_equal(ratings.records[1].fields[1], "kind, punctual");
    io_csv_free(&ratings);
    assert_non_null(strstr(io_hsds_files_find(&x.csv, "datapackage.json")->data, "\"local_ratings.csv\""));
    /* the nested service: its organization, its catalog item as a term, numbers as numbers */
    assert_int_equal(json_array_size(x.services), 1);
    json_t *svc = json_array_get(x.services, 0);
    assert_string_equal(json_string_value(json_object_get(svc, "name")), "Hot meals");
    assert_null(json_object_get(svc, "organization_id"));
    json_t *org = json_object_get(svc, "organization");
    assert_int_equal(json_integer_value(json_object_get(org, "year_incorporated")), 1998);
    assert_int_equal(json_array_size(json_object_get(org, "programs")), 1);
    json_t *attr = json_array_get(json_object_get(svc, "attributes"), 0);
    json_t *term = json_object_get(attr, "taxonomy_term");
    assert_string_equal(json_string_value(json_object_get(term, "code")), "L1");
    assert_non_null(json_object_get(json_object_get(term, "taxonomy_detail"), "name"));
    json_t *area = json_array_get(json_object_get(svc, "service_areas"), 0);
    assert_string_equal(json_string_value(json_object_get(json_object_get(json_array_get(
                            json_object_get(area, "attributes"), 0), "taxonomy_term"), "code")),
                        "371002");
    assert_int_equal(json_array_size(x.organizations), 1);
    assert_int_equal(json_array_size(json_object_get(json_array_get(x.organizations, 0), "services")), 1);
    io_hsds_export_free(&x);
}

static void problems_are_reported_and_nothing_is_written(void **state) {
    unit_db *f = *state;
    io_hsds_files pkg = package(
        "organizations.csv", "id,name,description,year_incorporated\r\n"
                             "org-1,Bad id,x,2001\r\n"
                             ORG ",,missing name,twenty\r\n"
                             ORG ",Twice,x,\r\n"
                             "6a6b7c7d-0000-4000-8000-000000000009,Long row,x,,surplus\r\n",
        "services.csv", "id,organization_id,name\r\n" SVC "," ORG ",No status column\r\n",
        "schedules.csv", "id,freq\r\n6a6b7c7d-0000-4000-8000-000000000020,DAILY\r\n",
        "bad name.csv", "id\r\n", NULL);
    json_t *report;
    assert_int_equal(import(f->db, &pkg, false, &report), WS_ERR_INVALID);
    assert_false(json_is_true(json_object_get(report, "ok")));
    assert_error(report, "organizations.csv", 2, "id", "not_uuid");
    assert_error(report, "organizations.csv", 3, "name", "required");
    assert_error(report, "organizations.csv", 3, "year_incorporated", "not_number");
    assert_error(report, "organizations.csv", 4, "id", "duplicate_id");
    assert_error(report, "organizations.csv", 5, "", "too_many_cells");
    assert_error(report, "services.csv", 1, "status", "missing_column");
    assert_error(report, "schedules.csv", 2, "freq", "not_allowed");
    assert_error(report, "bad name.csv", 0, "", "bad_file_name");
    assert_int_equal(json_integer_value(json_object_get(report, "errors_total")), 8);
    json_decref(report);
    io_hsds_files_free(&pkg);
    assert_int_equal(scalar(f->db, "SELECT count(*) FROM providers"), 0);
    assert_int_equal(scalar(f->db, "SELECT count(*) FROM hsds_records"), 0);

    /* the directory's own rules, at the cell they came from */
    pkg = package("organizations.csv", "id,name,description,email\r\n" ORG ",Fine,x,someone@localhost\r\n", NULL);
    assert_int_equal(import(f->db, &pkg, false, &report), WS_ERR_INVALID);
    assert_error(report, "organizations.csv", 2, "email", "email_invalid");
    json_decref(report);
    io_hsds_files_free(&pkg);

    pkg = package("README.txt", "no tables here", NULL);
    assert_int_equal(import(f->db, &pkg, false, &report), WS_ERR_INVALID);
    assert_error(report, "", 0, "", "no_tables");
    json_decref(report);
    io_hsds_files_free(&pkg);
    assert_int_equal(scalar(f->db, "SELECT count(*) FROM providers"), 0);
}

static void a_dry_run_writes_nothing(void **state) {
    unit_db *f = *state;
    io_hsds_files pkg = example("Meals on Wheels");
    json_t *report;
    assert_int_equal(import(f->db, &pkg, true, &report), WS_OK);
    assert_true(json_is_true(json_object_get(report, "dry_run")));
    assert_int_equal(json_integer_value(json_object_get(report, "providers_created")), 0);
    assert_int_equal(json_integer_value(json_object_get(report, "services_mapped")), 1);
    json_decref(report);
    io_hsds_files_free(&pkg);
    assert_int_equal(scalar(f->db, "SELECT count(*) FROM providers"), 0);
    assert_int_equal(scalar(f->db, "SELECT count(*) FROM hsds_records"), 0);
    assert_int_equal(scalar(f->db, "SELECT count(*) FROM hsds_columns"), 0);
}

static void importing_again_updates(void **state) {
    unit_db *f = *state;
    io_hsds_files pkg = example("Meals on Wheels");
    json_t *report;
    assert_int_equal(import(f->db, &pkg, false, &report), WS_OK);
    json_decref(report);
    io_hsds_files_free(&pkg);
    pkg = example("Meals on Wheels Weihai");
    assert_int_equal(import(f->db, &pkg, false, &report), WS_OK);
    assert_int_equal(json_integer_value(json_object_get(report, "providers_created")), 0);
    assert_int_equal(json_integer_value(json_object_get(report, "providers_updated")), 1);
    json_decref(report);
    io_hsds_files_free(&pkg);
    assert_int_equal(scalar(f->db, "SELECT count(*) FROM providers"), 1);
    assert_int_equal(scalar(f->db, "SELECT count(*) FROM provider_services"), 1);
    assert_int_equal(scalar(f->db, "SELECT count(*) FROM provider_schedules"), 1);
    char *name = text(f->db, "SELECT name FROM providers");
    assert_string_equal(name, "Meals on Wheels Weihai");
    free(name);
    assert_int_equal(scalar(f->db, "SELECT count(*) FROM hsds_records"), 9);
}

/* A kept row the directory took in follows the directory: an area no longer served is no longer exported. */
static void kept_rows_follow_the_directory(void **state) {
    unit_db *f = *state;
    io_hsds_files pkg = example("Meals on Wheels");
    json_t *report;
    assert_int_equal(import(f->db, &pkg, false, &report), WS_OK);
    json_decref(report);
    io_hsds_files_free(&pkg);
    int64_t id = scalar(f->db, "SELECT id FROM providers");
    store_conn *w;
    core_provider p = {0};
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    assert_int_equal(store_provider_load(w, id, &p), WS_OK);
    core_provider_clear_areas(&p);
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    assert_true(core_provider_add_area(&p, "371082", "areas[0]", &errs));
    free(p.description);
    p.description = xstrdup("Meals for older people");
    assert_int_equal(store_provider_update(w, id, &p), WS_OK);
    assert_int_equal(store_write_commit(w), WS_OK);
    core_provider_clear(&p);
    core_fielderrs_free(&errs);

    io_hsds_export x;
    assert_int_equal(io_hsds_export_build(f->db, &ACTOR, &x), WS_OK);
    io_csv_table areas = export_table(&x, "service_areas.csv");
    assert_null(value_of(&areas, AREA, "id"));
    assert_int_equal(areas.count, 2); /* the new area, named by the division */
    assert_string_equal(areas.records[1].fields[2], "荣成市");
    io_csv_free(&areas);
    io_csv_table attrs = export_table(&x, "attributes.csv");
    assert_null(value_of(&attrs, "6a6b7c7d-0000-4000-8000-000000000011", "id"));
    io_csv_free(&attrs);
    io_csv_table orgs = export_table(&x, "organizations.csv");
    assert_string_equal(value_of(&orgs, ORG, "description"), "Meals for older people");
    assert_string_equal(value_of(&orgs, ORG, "local_note"), "kept as it came");
    io_csv_free(&orgs);
    io_hsds_export_free(&x);
}

/* Each file of a and b byte for byte, and the JSON alike. */
static void assert_same_export(const io_hsds_export *a, const io_hsds_export *b) {
    assert_int_equal(a->csv.count, b->csv.count);
    for (size_t i = 0; i < a->csv.count; i++) {
        const io_hsds_file *other = io_hsds_files_find(&b->csv, a->csv.items[i].name);
        assert_non_null(other);
        if (other->len != a->csv.items[i].len || memcmp(other->data, a->csv.items[i].data, other->len) != 0)
            fail_msg("%s differs", other->name);
    }
    assert_true(json_equal(a->services, b->services));
    assert_true(json_equal(a->organizations, b->organizations));
}

/* A directory made in the store, exported, imported into a second database and exported again: the same. */
static void a_directory_travels_between_databases(void **state) {
    unit_db *f = *state;
    core_provider p = {0};
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    core_provider_in in = {.name = "环翠区助老服务中心", .kind = "charity", .division_code = "371002",
                           .contact_name = "王芳", .phone = "13806310001", .website = "https://example.org",
                           .address = "环翠区塔山路 1 号", .capacity_per_week = "12"};
    assert_true(core_provider_validate(&in, &p, &errs));
    assert_true(core_provider_add_item(&p, "L1", "午餐送餐", "items[0]", &errs));
    assert_true(core_provider_add_item(&p, "C1", NULL, "items[1]", &errs));
    p.items[1].active = false;
    assert_true(core_provider_add_area(&p, "371002", "areas[0]", &errs));
    assert_true(core_provider_add_area(&p, "371082001", "areas[1]", &errs));
    core_provider_schedule_in mon = {"1", "08:30", "11:30", "上午"}, mon2 = {"1", "08:30", "11:30", "重复的一行"};
    assert_true(core_provider_add_schedule(&p, &mon, "schedules[0]", &errs));
    assert_true(core_provider_add_schedule(&p, &mon2, "schedules[1]", &errs));
    core_provider q = {0};
    core_provider_in bare = {.name = "个人志愿者甲", .kind = "volunteer", .division_code = "371002001", .status = "paused"};
    assert_true(core_provider_validate(&bare, &q, &errs));
    store_conn *w;
    int64_t id;
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    assert_int_equal(store_provider_insert(w, &p, &id), WS_OK);
    assert_int_equal(store_provider_insert(w, &q, &id), WS_OK);
    assert_int_equal(store_write_commit(w), WS_OK);
    core_provider_clear(&p);
    core_provider_clear(&q);
    core_fielderrs_free(&errs);

    io_hsds_export first;
    assert_int_equal(io_hsds_export_build(f->db, &ACTOR, &first), WS_OK);
    assert_int_equal(scalar(f->db, "SELECT count(*) FROM providers WHERE hsds_id IS NULL"), 0);
    assert_int_equal(json_array_size(first.organizations), 2);
    assert_int_equal(json_array_size(first.services), 2);
    io_hsds_export again;
    assert_int_equal(io_hsds_export_build(f->db, &ACTOR, &again), WS_OK);
    assert_same_export(&first, &again); /* ids are kept */
    io_hsds_export_free(&again);

    void *other = NULL;
    assert_int_equal(unit_db_setup(&other), 0);
    unit_db *g = other;
    json_t *report;
    assert_int_equal(import(g->db, &first.csv, false, &report), WS_OK);
    assert_int_equal(json_integer_value(json_object_get(report, "providers_created")), 2);
    assert_int_equal(json_integer_value(json_object_get(report, "rows_kept_aside")), 0);
    json_decref(report);
    io_hsds_export second;
    assert_int_equal(io_hsds_export_build(g->db, &ACTOR, &second), WS_OK);
    assert_same_export(&first, &second);
    io_hsds_export_free(&second);
    static const char *const FACTS =
        "SELECT group_concat(f, '|') FROM (SELECT name || kind || division_code || description || contact_name || "
        "phone || website || address || status AS f FROM providers ORDER BY hsds_id)";
    char *a = text(f->db, FACTS), *b = text(g->db, FACTS);
    assert_string_equal(a, b);
    free(a);
    free(b);
    static const char *const LISTS =
        "SELECT (SELECT group_concat(x) FROM (SELECT item_code || status || description AS x FROM provider_services "
        "ORDER BY x)) || (SELECT group_concat(x) FROM (SELECT division_code AS x FROM provider_areas ORDER BY x)) || "
        "(SELECT group_concat(x) FROM (SELECT weekday || opens_at || closes_at || note AS x FROM provider_schedules "
        "ORDER BY x))";
    a = text(f->db, LISTS);
    b = text(g->db, LISTS);
    assert_string_equal(a, b);
    free(a);
    free(b);
    io_hsds_export_free(&first);
    unit_db_teardown(&other);
}

/* The standard's example package imports and every cell of it comes back. */
static void the_standard_example_round_trips(void **state) {
    unit_db *f = *state;
    char dir[512];
    if (!unit_shared_path(dir, sizeof dir, "hsds3/examples/csv")) return;
    io_hsds_files in = {0};
    char why[256];
    assert_int_equal(io_hsds_read_dir(dir, &in, why, sizeof why), WS_OK);
    assert_int_equal(in.count, 21);
    json_t *report;
    assert_int_equal(import(f->db, &in, false, &report), WS_OK);
    assert_int_equal(json_integer_value(json_object_get(report, "providers_created")), 1);
    json_decref(report);
    io_hsds_export x;
    assert_int_equal(io_hsds_export_build(f->db, &ACTOR, &x), WS_OK);
    for (size_t i = 0; i < in.count; i++) {
        io_csv_table a;
        io_csv_error err;
        assert_int_equal(io_csv_read(in.items[i].data, in.items[i].len, 1 << 26, 1 << 24, &a, &err), WS_OK);
        io_csv_table b = export_table(&x, in.items[i].name);
        for (size_t r = 1; r < a.count; r++)
            for (size_t c = 0; c < a.records[0].nfields; c++) {
                const char *got = value_of(&b, a.records[r].fields[0], a.records[0].fields[c]);
                if (!got || strcmp(got, a.records[r].fields[c]) != 0)
                    fail_msg("%s %s %s", in.items[i].name, a.records[r].fields[0], a.records[0].fields[c]);
            }
        io_csv_free(&a);
        io_csv_free(&b);
    }
    io_hsds_export_free(&x);
    io_hsds_files_free(&in);
}

int main(void) {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(uuids_random_named_and_checked),
        cmocka_unit_test(cells_follow_the_standard),
        cmocka_unit_test(datapackage_lists_the_standard_then_extensions),
        T(a_package_becomes_a_provider_and_is_kept),
        T(problems_are_reported_and_nothing_is_written),
        T(a_dry_run_writes_nothing),
        T(importing_again_updates),
        T(kept_rows_follow_the_directory),
        T(a_directory_travels_between_databases),
        T(the_standard_example_round_trips),
    };
    if (core_idcrypt_init() != 0) return 1;
    return cmocka_run_group_tests(tests, NULL, NULL);
}
