/*
** test_providers.c: the resource directory: a provider's rules (core/provider.h: kinds, contacts, items,
** areas, schedules, with their field errors) and its store (store/providers.h) on a fresh database: written
** and read back, lists replaced with dropped items kept inactive, coverage of a town by its own, its
** county's and the city's areas, the list's filters, the candidates of a suggestion and the plan that finds
** them through the indexes, open load and rating; and the catalog (store/catalog.h): the default 5 × 20,
** an added item and a changed one.
*/
#include "unit_db.h"

#include "../../src/core/provider.h"
#include "../../src/store/catalog.h"
#include "../../src/store/providers.h"

#include "../../src/store/store_int.h"

#include <jansson.h>
#include <sqlite3.h>

static int setup(void **state) { return unit_db_setup(state); }
static int teardown(void **state) { return unit_db_teardown(state); }

/* The code of the first field error named field, or NULL. */
static const char *err_code(const core_fielderrs *errs, const char *field) {
    for (size_t i = 0; i < errs->count; i++)
        if (strcmp(errs->items[i].field, field) == 0) return errs->items[i].code;
    return NULL;
}

static void expect_err(const core_fielderrs *errs, const char *field, const char *code) {
    const char *got = err_code(errs, field);
    if (!got || strcmp(got, code) != 0) fail_msg("%s: error %s, want %s", field, got ? got : "(none)", code);
}

/* ---- core ----------------------------------------------------------------------------------------------- */

static void kinds_and_statuses(void **state) {
    assert_int_equal(core_provider_kind_parse("mass_org"), CORE_PK_MASS_ORG);
    assert_int_equal(core_provider_kind_parse(" 群团组织 "), CORE_PK_MASS_ORG);
    assert_int_equal(core_provider_kind_parse("volunteer"), CORE_PK_VOLUNTEER);
    assert_int_equal(core_provider_kind_parse("志愿服务队"), CORE_PK_VOLUNTEER_TEAM);
    assert_int_equal(core_provider_kind_parse("Volunteer"), CORE_PK_NONE); /* codes are exact */
    assert_int_equal(core_provider_kind_parse(NULL), CORE_PK_NONE);
    assert_string_equal(core_provider_kind_code(CORE_PK_CHARITY), "charity");
    assert_string_equal(core_provider_kind_zh(CORE_PK_UNIT), "机关事业单位");
    assert_string_equal(core_provider_kind_code((core_provider_kind)42), "");
    assert_int_equal(core_provider_status_parse("暂停"), CORE_PS_PAUSED);
    assert_int_equal(core_provider_status_parse("closed"), CORE_PS_CLOSED);
    assert_int_equal(core_provider_status_parse("open"), CORE_PS_NONE);
    assert_true(core_service_code_valid("L1"));
    assert_true(core_service_code_valid("X12ab"));
    assert_false(core_service_code_valid("l1"));
    assert_false(core_service_code_valid("L-1"));
    assert_false(core_service_code_valid("ABCDEFGH"));
    assert_false(core_service_code_valid(""));
}

static void provider_fields(void **state) {
    core_provider_in in = {.name = " 阳光助老服务中心 ", .kind = "社会组织", .division_code = "371002",
                           .phone = "０６３１－５２１２３４５", .email = "help@example.org",
                           .website = "https://example.org/a", .capacity_per_week = "20"};
    core_provider p = {0};
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    assert_true(core_provider_validate(&in, &p, &errs));
    assert_int_equal(errs.count, 0);
    assert_string_equal(p.name, "阳光助老服务中心");
    assert_int_equal(p.kind, CORE_PK_SOCIAL_ORG);
    assert_string_equal(p.phone, "0631-5212345");
    assert_int_equal(p.capacity_per_week, 20);
    assert_int_equal(p.status, CORE_PS_ACTIVE); /* the default */
    assert_string_equal(p.address, "");
    core_provider_clear(&p);

    static const struct {
        core_provider_in in;
        const char *field, *code;
    } bad[] = {
        {{.kind = "charity", .division_code = "3710"}, "name", "required"},
        {{.name = "甲", .kind = "club", .division_code = "3710"}, "kind", "kind_invalid"},
        {{.name = "甲", .division_code = "3710"}, "kind", "required"},
        {{.name = "甲", .kind = "charity"}, "division_code", "required"},
        {{.name = "甲", .kind = "charity", .division_code = "37100"}, "division_code", "division_invalid"},
        {{.name = "甲", .kind = "charity", .division_code = "3710", .phone = "12345"}, "phone", "phone_invalid"},
        {{.name = "甲", .kind = "charity", .division_code = "3710", .phone = "6.31521E+9"}, "phone", "phone_excel"},
        {{.name = "甲", .kind = "charity", .division_code = "3710", .email = "a@b"}, "email", "email_invalid"},
        {{.name = "甲", .kind = "charity", .division_code = "3710", .website = "example.org"}, "website",
         "website_invalid"},
        {{.name = "甲", .kind = "charity", .division_code = "3710", .capacity_per_week = "-1"}, "capacity_per_week",
         "bad_capacity"},
        {{.name = "甲", .kind = "charity", .division_code = "3710", .capacity_per_week = "100001"},
         "capacity_per_week", "bad_capacity"},
        {{.name = "甲", .kind = "charity", .division_code = "3710", .status = "gone"}, "status", "status_invalid"},
        {{.name = "甲\xE2\x80\x8B乙", .kind = "charity", .division_code = "3710"}, "name", "invisible_text"},
        {{.name = "甲", .kind = "charity", .division_code = "3710", .address = "a\nb"}, "address", "invalid_text"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        core_fielderrs_clear(&errs);
        core_provider q = {0};
        if (core_provider_validate(&bad[i].in, &q, &errs)) fail_msg("case %zu passed", i);
        expect_err(&errs, bad[i].field, bad[i].code);
        assert_null(q.name); /* untouched on failure */
    }
    core_fielderrs_free(&errs);
}

static void provider_lists(void **state) {
    core_provider p = {0};
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    assert_true(core_provider_add_item(&p, "L1", NULL, "items[0]", &errs));
    assert_true(core_provider_add_item(&p, " H3 ", "陪同就医", "items[1]", &errs));
    assert_false(core_provider_add_item(&p, "L1", NULL, "items[2]", &errs));
    expect_err(&errs, "items[2]", "duplicate");
    assert_false(core_provider_add_item(&p, "l1", NULL, "items[3]", &errs));
    expect_err(&errs, "items[3]", "unknown_service");
    assert_false(core_provider_add_item(&p, "S1", "a\x01", "items[4]", &errs));
    expect_err(&errs, "items[4].description", "invalid_text");
    assert_int_equal(p.nitems, 2);
    assert_string_equal(p.items[1].code, "H3");
    assert_string_equal(p.items[1].description, "陪同就医");
    assert_true(p.items[0].active);

    assert_true(core_provider_add_area(&p, "371002", "areas[0]", &errs));
    assert_true(core_provider_add_area(&p, "371003001", "areas[1]", &errs));
    assert_false(core_provider_add_area(&p, "371002", "areas[2]", &errs));
    expect_err(&errs, "areas[2]", "duplicate");
    assert_false(core_provider_add_area(&p, "37100", "areas[3]", &errs));
    expect_err(&errs, "areas[3]", "division_invalid");
    assert_int_equal(p.nareas, 2);

    core_provider_schedule_in ok = {"1", "8:30", "17:00", "午休 12:00-13:00"};
    assert_true(core_provider_add_schedule(&p, &ok, "schedules[0].", &errs));
    assert_string_equal(p.schedules[0].opens_at, "08:30");
    core_provider_schedule_in late = {"7", "18:00", "24:00", NULL};
    assert_true(core_provider_add_schedule(&p, &late, "schedules[1].", &errs));
    static const struct {
        core_provider_schedule_in in;
        const char *field, *code;
    } bad[] = {
        {{"0", "08:00", "09:00", NULL}, "schedules[9].weekday", "bad_weekday"},
        {{"8", "08:00", "09:00", NULL}, "schedules[9].weekday", "bad_weekday"},
        {{NULL, "08:00", "09:00", NULL}, "schedules[9].weekday", "bad_weekday"},
        {{"2", "25:00", "26:00", NULL}, "schedules[9].opens_at", "bad_time"},
        {{"2", "08:60", "09:00", NULL}, "schedules[9].opens_at", "bad_time"},
        {{"2", "08:00", "24:01", NULL}, "schedules[9].closes_at", "bad_time"},
        {{"2", "0800", "09:00", NULL}, "schedules[9].opens_at", "bad_time"},
        {{"2", "09:00", "09:00", NULL}, "schedules[9].closes_at", "closes_before_opens"},
        {{"2", "17:00", "8:00", NULL}, "schedules[9].closes_at", "closes_before_opens"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        core_fielderrs_clear(&errs);
        if (core_provider_add_schedule(&p, &bad[i].in, "schedules[9].", &errs)) fail_msg("schedule %zu passed", i);
        expect_err(&errs, bad[i].field, bad[i].code);
    }
    assert_int_equal(p.nschedules, 2);
    core_provider_clear(&p);
    assert_int_equal(p.nitems + p.nareas + p.nschedules, 0);
    core_fielderrs_free(&errs);
}

/* ---- store ---------------------------------------------------------------------------------------------- */

/* A valid provider of division, serving areas (NULL-terminated), offering items (NULL-terminated). */
static core_provider make(const char *name, const char *division, const char *const *areas,
                          const char *const *items, int capacity) {
    char cap[16];
    snprintf(cap, sizeof cap, "%d", capacity);
    core_provider_in in = {.name = name, .kind = "social_org", .division_code = division, .capacity_per_week = cap};
    core_provider p = {0};
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    assert_true(core_provider_validate(&in, &p, &errs));
    for (size_t i = 0; items[i]; i++) assert_true(core_provider_add_item(&p, items[i], NULL, "items", &errs));
    for (size_t i = 0; areas[i]; i++) assert_true(core_provider_add_area(&p, areas[i], "areas", &errs));
    core_provider_schedule_in s = {"3", "09:00", "12:00", "周三上午"};
    assert_true(core_provider_add_schedule(&p, &s, "schedules", &errs));
    core_fielderrs_free(&errs);
    return p;
}

static int64_t insert(store_db *db, const char *name, const char *division, const char *const *areas,
                      const char *const *items, int capacity) {
    core_provider p = make(name, division, areas, items, capacity);
    store_conn *w;
    int64_t id = 0;
    assert_int_equal(store_write_begin(db, &w), WS_OK);
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    assert_true(store_provider_check(w, &p, &errs));
    assert_int_equal(store_write_finish(w, store_provider_insert(w, &p, &id)), WS_OK);
    core_fielderrs_free(&errs);
    core_provider_clear(&p);
    return id;
}

#define LIST(...) ((const char *const[]){__VA_ARGS__, NULL})

static void written_and_read(void **state) {
    unit_db *f = *state;
    int64_t id = insert(f->db, "环翠助老", "371002", LIST("371002", "371003001"), LIST("L1", "H3"), 12);
    store_conn *c = store_read_acquire(f->db);
    json_t *o;
    assert_int_equal(store_provider_json(c, id, &o), WS_OK);
    assert_string_equal(json_string_value(json_object_get(o, "name")), "环翠助老");
    assert_string_equal(json_string_value(json_object_get(o, "level")), "county");
    assert_string_equal(json_string_value(json_object_get(o, "kind_zh")), "社会组织");
    assert_int_equal(json_integer_value(json_object_get(o, "capacity_left")), 12);
    assert_true(json_is_null(json_object_get(json_object_get(o, "rating"), "average")));
    json_t *items = json_object_get(o, "items"), *areas = json_object_get(o, "areas");
    assert_int_equal(json_array_size(items), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "zh")), "助餐送餐");
    assert_int_equal(json_array_size(areas), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(areas, 1), "level")), "town");
    assert_int_equal(json_array_size(json_object_get(o, "schedules")), 1);
    json_decref(o);
    assert_int_equal(store_provider_json(c, id + 100, &o), WS_ERR_NOTFOUND);

    core_provider p;
    assert_int_equal(store_provider_load(c, id, &p), WS_OK);
    assert_int_equal(p.nitems, 2);
    assert_int_equal(p.nareas, 2);
    assert_string_equal(p.schedules[0].note, "周三上午");
    assert_false(p.synthetic);
    store_provider_brief b;
    assert_int_equal(store_provider_brief_get(c, id, &b), WS_OK);
    assert_string_equal(b.level, "county");
    assert_int_equal(b.status, CORE_PS_ACTIVE);
    store_read_release(c);

    /* drop H3, add S1: H3 stays as an inactive row, S1 is new; H3 again brings its row back */
    core_provider_clear_items(&p);
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    assert_true(core_provider_add_item(&p, "L1", NULL, "items", &errs));
    assert_true(core_provider_add_item(&p, "S1", NULL, "items", &errs));
    store_conn *w;
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    assert_int_equal(store_write_finish(w, store_provider_update(w, id, &p)), WS_OK);
    c = store_read_acquire(f->db);
    assert_int_equal(store_provider_offers(c, id, "H3"), WS_ERR_NOTFOUND);
    assert_int_equal(store_provider_offers(c, id, "S1"), WS_OK);
    store_read_release(c);
    assert_true(core_provider_add_item(&p, "H3", NULL, "items", &errs));
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    assert_int_equal(store_write_finish(w, store_provider_update(w, id, &p)), WS_OK);
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    assert_int_equal(store_write_finish(w, store_provider_update(w, id + 100, &p)), WS_ERR_NOTFOUND);
    c = store_read_acquire(f->db);
    assert_int_equal(store_provider_offers(c, id, "H3"), WS_OK);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(store_sqlite(c), "SELECT count(*) FROM provider_services WHERE provider_id = ?1",
                                        -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_int64(st, 1, id);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 3); /* L1, H3 and S1: one row each, never two */
    sqlite3_finalize(st);
    store_read_release(c);
    core_fielderrs_free(&errs);
    core_provider_clear(&p);
}

static void database_checks(void **state) {
    unit_db *f = *state;
    core_provider p = make("甲", "371099", LIST("371002", "999999"), LIST("L1", "Z9"), 1);
    store_conn *c = store_read_acquire(f->db);
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    assert_false(store_provider_check(c, &p, &errs));
    expect_err(&errs, "division_code", "division_not_found");
    expect_err(&errs, "areas[1]", "division_not_found");
    expect_err(&errs, "items[1]", "unknown_service");
    assert_int_equal(errs.count, 3);
    /* named as the request had them, when entries were left out before */
    core_fielderrs_clear(&errs);
    const char *const items_at[] = {"items[0]", "items[4]"}, *const areas_at[] = {NULL, "areas[7]"};
    assert_false(store_provider_check_named(c, &p, items_at, areas_at, &errs));
    expect_err(&errs, "items[4]", "unknown_service");
    expect_err(&errs, "areas[7]", "division_not_found");
    store_read_release(c);
    core_fielderrs_free(&errs);
    core_provider_clear(&p);
}

/* The providers serving town for item L1 and the area that covers the town for each, as "id:area ...". */
static void expect_covering(store_db *db, const char *town, const char *want) {
    store_conn *c = store_read_acquire(db);
    core_suggest_candidate *k;
    size_t n;
    assert_int_equal(store_suggest_candidates(c, "L1", town, &k, &n), WS_OK);
    core_suggest_rank(k, n, town);
    char got[256] = "";
    for (size_t i = 0; i < n; i++)
        snprintf(got + strlen(got), sizeof got - strlen(got), "%s%lld:%s", i ? " " : "", (long long)k[i].provider_id,
                 k[i].covered_by);
    store_candidates_free(k, n);
    store_read_release(c);
    if (strcmp(got, want) != 0) fail_msg("%s: %s, want %s", town, got, want);
}

static void coverage(void **state) {
    unit_db *f = *state;
    assert_int_equal(insert(f->db, "town", "371002001", LIST("371002001"), LIST("L1"), 5), 1);
    assert_int_equal(insert(f->db, "county", "371002", LIST("371002"), LIST("L1"), 5), 2);
    assert_int_equal(insert(f->db, "both", "3710", LIST("3710", "371002", "371002001"), LIST("L1"), 5), 3);
    /* the town's own area, else the county's, else the city's: the most specific that covers it */
    expect_covering(f->db, "371002001", "1:371002001 2:371002 3:371002001");
    expect_covering(f->db, "371002003", "2:371002 3:371002");
    expect_covering(f->db, "371082001", "3:3710");
}

static int64_t list_total(store_db *db, store_provider_query q) {
    store_conn *c = store_read_acquire(db);
    json_t *items;
    int64_t total = -1;
    if (!q.limit) q.limit = 200;
    assert_int_equal(store_providers_list(c, &q, &items, &total), WS_OK);
    assert_int_equal((int64_t)json_array_size(items), total < q.limit ? total : q.limit);
    json_decref(items);
    store_read_release(c);
    return total;
}

static void list_filters(void **state) {
    unit_db *f = *state;
    int64_t a = insert(f->db, "环翠楼社工站", "371002001", LIST("371002001"), LIST("L1", "S1"), 5);
    insert(f->db, "环翠区助老", "371002", LIST("371002"), LIST("L1"), 5);
    insert(f->db, "市红十字会", "3710", LIST("3710"), LIST("H3"), 5);
    insert(f->db, "文登区社工站", "371003", LIST("371003"), LIST("S1"), 5);
    assert_int_equal(list_total(f->db, (store_provider_query){0}), 4);
    /* serving a town: its own, its county's and the city's */
    assert_int_equal(list_total(f->db, (store_provider_query){.division = "371002001"}), 3);
    /* serving somewhere in a county: also those of its towns */
    assert_int_equal(list_total(f->db, (store_provider_query){.division = "371002"}), 3);
    assert_int_equal(list_total(f->db, (store_provider_query){.division = "371003001"}), 2);
    assert_int_equal(list_total(f->db, (store_provider_query){.item = "S1"}), 2);
    assert_int_equal(list_total(f->db, (store_provider_query){.item = "S1", .division = "371002"}), 1);
    assert_int_equal(list_total(f->db, (store_provider_query){.q = "社工"}), 2);
    assert_int_equal(list_total(f->db, (store_provider_query){.kind = "charity"}), 0);
    assert_int_equal(list_total(f->db, (store_provider_query){.status = "active"}), 4);
    assert_int_equal(list_total(f->db, (store_provider_query){.only_id = a}), 1);
    assert_int_equal(list_total(f->db, (store_provider_query){.only_id = -1}), 0);
    assert_int_equal(list_total(f->db, (store_provider_query){.limit = 1}), 4);
    store_conn *c = store_read_acquire(f->db);
    json_t *items;
    int64_t total;
    store_provider_query q = {.limit = 2, .offset = 1};
    assert_int_equal(store_providers_list(c, &q, &items, &total), WS_OK);
    assert_int_equal(json_array_size(items), 2);
    /* by name: 市… sorts after 文… and 环… in UTF-8 byte order */
    assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "name")), "文登区社工站");
    json_decref(items);
    int64_t *ids;
    size_t n;
    assert_int_equal(store_provider_ids(c, &ids, &n), WS_OK);
    assert_int_equal(n, 4);
    assert_int_equal(ids[0], a);
    free(ids);
    store_read_release(c);
}

static void candidates_and_plan(void **state) {
    unit_db *f = *state;
    int64_t town = insert(f->db, "town", "371002001", LIST("371002001"), LIST("L1"), 5);
    int64_t county = insert(f->db, "county", "371002", LIST("371002"), LIST("L1", "H3"), 5);
    int64_t city = insert(f->db, "city", "3710", LIST("3710", "371002"), LIST("L1"), 0);
    insert(f->db, "other town", "371002002", LIST("371002002"), LIST("L1"), 5);
    insert(f->db, "no such item", "371002001", LIST("371002001"), LIST("H3"), 5);
    int64_t paused = insert(f->db, "paused", "371002001", LIST("371002001"), LIST("L1"), 5);
    store_conn *w;
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    core_provider p;
    assert_int_equal(store_provider_load(w, paused, &p), WS_OK);
    p.status = CORE_PS_PAUSED;
    ws_err e = store_provider_update(w, paused, &p);
    if (!e) e = store_provider_load_add(w, county, 2);
    if (!e) e = store_provider_load_add(w, town, -3); /* never below 0 */
    if (!e) e = store_provider_rate(w, county, 5);
    if (!e) e = store_provider_rate(w, county, 4);
    assert_int_equal(store_provider_rate(w, county, 6), WS_ERR_INVALID);
    assert_int_equal(store_provider_load_add(w, 999, 1), WS_ERR_NOTFOUND);
    assert_int_equal(store_write_finish(w, e), WS_OK);
    core_provider_clear(&p);

    store_conn *c = store_read_acquire(f->db);
    core_suggest_candidate *k;
    size_t n;
    assert_int_equal(store_suggest_candidates(c, "L1", "371002001", &k, &n), WS_OK);
    assert_int_equal(n, 3); /* not the other town's, not the one without L1, not the paused one */
    core_suggest_rank(k, n, "371002001");
    assert_int_equal(k[0].provider_id, town);
    assert_int_equal(k[0].open_load, 0);
    assert_int_equal(k[1].provider_id, county);
    assert_int_equal(k[1].open_load, 2);
    assert_int_equal(k[1].rating_sum, 9);
    assert_int_equal(k[1].rating_count, 2);
    assert_string_equal(k[1].covered_by, "371002");
    assert_int_equal(k[2].provider_id, city); /* no capacity: full, last */
    assert_true(k[2].full);
    assert_string_equal(k[2].covered_by, "371002"); /* the most specific of its areas */
    json_t *items;
    assert_int_equal(store_suggestions_json(c, k, n, 1, 5, "L1", &items), WS_OK);
    assert_int_equal(json_array_size(items), 2);
    json_t *first = json_array_get(items, 0), *reasons = json_object_get(first, "reasons");
    assert_int_equal(json_integer_value(json_object_get(first, "rank")), 2);
    assert_string_equal(json_string_value(json_object_get(json_object_get(reasons, "nearness"), "level")), "county");
    assert_string_equal(json_string_value(json_object_get(json_object_get(reasons, "covers_area"), "name")), "环翠区");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(reasons, "capacity"), "left")), 3);
    json_t *rating = json_object_get(reasons, "rating");
    assert_true(json_real_value(json_object_get(rating, "average")) == 4.5);
    assert_string_equal(json_string_value(json_object_get(json_object_get(rating, "score"), "exact")), "15/4");
    assert_true(json_is_true(json_object_get(json_array_get(items, 1), "full")));
    assert_non_null(strstr(json_string_value(json_object_get(json_object_get(first, "summary"), "zh")), "环翠区"));
    json_decref(items);
    store_candidates_free(k, n);
    assert_int_equal(store_suggest_candidates(c, "L1", "371083001", &k, &n), WS_OK);
    assert_int_equal(n, 1); /* in 乳山 only the city-wide one */
    assert_int_equal(k[0].provider_id, city);
    assert_string_equal(k[0].covered_by, "3710");
    store_candidates_free(k, n);
    assert_int_equal(store_suggest_candidates(c, "R3", "371002001", &k, &n), WS_OK);
    assert_int_equal(n, 0); /* nobody offers R3 */
    store_candidates_free(k, n);

    char plan[2048];
    assert_int_equal(store_suggest_plan(c, plan, sizeof plan), WS_OK);
    print_message("candidates plan:\n%s", plan);
    assert_non_null(strstr(plan, "provider_areas_division (division_code=?)"));
    assert_non_null(strstr(plan, "provider_id=? AND item_code=?"));
    assert_non_null(strstr(plan, "INTEGER PRIMARY KEY"));
    assert_null(strstr(plan, "SCAN"));
    store_read_release(c);
}

static void catalog(void **state) {
    unit_db *f = *state;
    store_conn *c = store_read_acquire(f->db);
    json_t *cat;
    assert_int_equal(store_catalog_json(c, &cat), WS_OK);
    json_t *cats = json_object_get(cat, "categories");
    assert_int_equal(json_array_size(cats), 5);
    assert_string_equal(json_string_value(json_object_get(json_array_get(cats, 0), "code")), "L");
    size_t items = 0, i;
    json_t *v;
    json_array_foreach(cats, i, v) items += json_array_size(json_object_get(v, "items"));
    assert_int_equal(items, 20);
    assert_int_equal(json_array_size(json_object_get(cat, "areas")), 13);
    json_decref(cat);
    store_service_item it;
    assert_int_equal(store_service_item_get(c, "R1", &it), WS_OK);
    assert_int_equal(it.nareas, 5);
    assert_string_equal(it.areas[0], "01");
    assert_int_equal(it.respond_days, 2);
    assert_int_equal(store_service_item_get(c, "R9", &it), WS_ERR_NOTFOUND);
    assert_true(store_service_category_exists(c, "H"));
    assert_false(store_service_category_exists(c, "Q"));
    assert_true(store_difficulty_area_exists(c, "13"));
    assert_false(store_difficulty_area_exists(c, "14"));
    store_read_release(c);

    store_service_item added = {.code = "L5", .category = "L", .zh = "应急送水", .en = "Water delivery",
                                .areas = {"12", "01"}, .nareas = 2, .respond_days = 1, .complete_days = 3};
    store_conn *w;
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    assert_int_equal(store_write_finish(w, store_service_item_insert(w, &added)), WS_OK);
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    assert_int_equal(store_write_finish(w, store_service_item_insert(w, &added)), WS_ERR_CONFLICT);
    added.respond_days = 4;
    added.complete_days = 9;
    added.nareas = 1;
    memcpy(added.areas[0], "05", 3);
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    assert_int_equal(store_write_finish(w, store_service_item_update(w, &added)), WS_OK);
    c = store_read_acquire(f->db);
    json_t *o;
    assert_int_equal(store_service_item_json(c, "L5", &o), WS_OK);
    assert_int_equal(json_integer_value(json_object_get(o, "respond_days")), 4);
    assert_int_equal(json_array_size(json_object_get(o, "areas")), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(o, "areas"), 0), "zh")),
                        "住房保障");
    json_decref(o);
    assert_int_equal(store_catalog_json(c, &cat), WS_OK);
    /* added last in its category */
    json_t *l = json_object_get(json_array_get(json_object_get(cat, "categories"), 0), "items");
    assert_string_equal(json_string_value(json_object_get(json_array_get(l, json_array_size(l) - 1), "code")), "L5");
    json_decref(cat);
    store_read_release(c);
    memcpy(added.code, "L6", 3);
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    assert_int_equal(store_write_finish(w, store_service_item_update(w, &added)), WS_ERR_NOTFOUND);
}

int main(void) {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(kinds_and_statuses),
        cmocka_unit_test(provider_fields),
        cmocka_unit_test(provider_lists),
        T(written_and_read),
        T(database_checks),
        T(coverage),
        T(list_filters),
        T(candidates_and_plan),
        T(catalog),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
