/*
** test_facts.c: the household facts of the eligibility screening: the vocabulary (paths, labels, declared
** names, value checks), the screening's groups and duplicate-assistance flags (core/screen.h), and on a
** fresh database the facts object built from the registry, declared facts, benefits on a date and the
** parameters in force, one household at a time and by a bulk scan that agree.
*/
#include "unit_db.h"

#include "../../src/core/facts.h"
#include "../../src/core/screen.h"
#include "../../src/store/benefits.h"
#include "../../src/store/facts.h"
#include "../../src/store/households.h"

#include <jansson.h>

static int setup(void **state) { return unit_db_setup(state); }
static int teardown(void **state) { return unit_db_teardown(state); }

/* ---- the vocabulary ---------------------------------------------------------------------------------- */

static void paths_name_facts(void **state)
{
    (void)state;
    assert_string_equal(core_fact_find("members.0.age")->path, "members.age");
    assert_string_equal(core_fact_find("members.age")->path, "members.age");
    assert_string_equal(core_fact_find("benefits.3")->path, "benefits");
    assert_string_equal(core_fact_find("members.1")->path, "members");
    assert_int_equal(core_fact_find("assessment.I07")->scope, CORE_FACT_ASSESSMENT);
    assert_string_equal(core_fact_find("assessment.tier")->path, "assessment.tier");
    assert_null(core_fact_find("assessment.I*"));
    assert_null(core_fact_find("assessment.X1"));
    assert_null(core_fact_find("household.incom"));
    assert_null(core_fact_find("household..size"));
    assert_null(core_fact_find("params.no_such_parameter"));
    assert_true(core_fact_known("", NULL));
    assert_true(core_fact_known("params.dibao_urban_monthly", NULL));
    assert_false(core_fact_known("members.0.name", NULL));
}

static void labels_units_and_values(void **state)
{
    (void)state;
    assert_string_equal(core_fact_label("household.income_per_capita", false, NULL), "家庭人均月收入");
    assert_string_equal(core_fact_label("members.2.age", false, NULL), "成员年龄");
    assert_string_equal(core_fact_label("params.dibao_urban_monthly", false, NULL), "城市低保标准（月）");
    assert_non_null(strstr(core_fact_label("assessment.I01", false, NULL), "I01（"));
    assert_non_null(strstr(core_fact_label("assessment.I01", true, NULL), "indicator I01"));
    assert_null(core_fact_label("household.nope", false, NULL));
    assert_string_equal(core_fact_unit("members.0.age", false), "岁");
    assert_string_equal(core_fact_unit("household.income_per_capita", true), "yuan");
    assert_string_equal(core_fact_value_label("household.housing", "unsafe_c", false), "C级危房");
    assert_string_equal(core_fact_value_label("household.category", "dibao", false), "低保对象");
    assert_string_equal(core_fact_value_label("members.1.relation", "spouse", false), "配偶");
    assert_string_equal(core_fact_value_label("assessment.tier", "red", false), "红色预警");
    assert_null(core_fact_value_label("household.category", "低保对象", false)); /* codes only */
    assert_null(core_fact_value_label("household.housing", "castle", false));
    assert_null(core_fact_value_label("members.age", "3", false));
    /* every entry is labelled in both languages */
    size_t n;
    const core_fact *all = core_facts_all(&n);
    assert_true(n > 40);
    for (size_t i = 0; i < n; i++) {
        assert_true(all[i].zh[0] && all[i].en[0]);
        assert_true(all[i].type != CORE_FACT_ENUM || all[i].values || !all[i].declared);
    }
}

static void declared_names(void **state)
{
    (void)state;
    core_fact_name n;
    assert_true(core_fact_name_parse("household.income_per_capita", &n));
    assert_int_equal(n.member_id, 0);
    assert_true(core_fact_name_parse("members[12].in_school", &n));
    assert_int_equal(n.member_id, 12);
    assert_string_equal(n.fact->path, "members.in_school");
    char out[64];
    core_fact_name_format(n.fact, 12, out, sizeof out);
    assert_string_equal(out, "members[12].in_school");
    assert_false(core_fact_name_parse("household.size", &n));       /* derived */
    assert_false(core_fact_name_parse("members[12].age", &n));      /* derived */
    assert_false(core_fact_name_parse("members[0].in_school", &n));
    assert_false(core_fact_name_parse("members[012].in_school", &n));
    assert_false(core_fact_name_parse("members[12]in_school", &n));
    assert_false(core_fact_name_parse("members[99999999999999999999].employed", &n));
    assert_false(core_fact_name_parse("params.dibao_urban_monthly", &n));
}

static void value_checks(void **state)
{
    (void)state;
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    const core_fact *income = core_fact_find("household.income_per_capita");
    const core_fact *housing = core_fact_find("household.housing");
    const core_fact *employed = core_fact_find("members.employed");
    json_t *v = json_real(820.5);
    assert_true(core_fact_value_check(income, v, "x", &errs));
    json_decref(v);
    v = json_integer(-1);
    assert_false(core_fact_value_check(income, v, "x", &errs));
    json_decref(v);
    v = json_string("820");
    assert_false(core_fact_value_check(income, v, "x", &errs));
    assert_false(core_fact_value_check(housing, v, "y", &errs));
    assert_false(core_fact_value_check(employed, v, "z", &errs));
    json_decref(v);
    v = json_string("unsafe_d");
    assert_true(core_fact_value_check(housing, v, "y", &errs));
    json_decref(v);
    assert_true(core_fact_value_check(employed, json_false(), "z", &errs));
    assert_int_equal(errs.count, 4);
    assert_string_equal(errs.items[0].code, "fact_range");
    assert_string_equal(errs.items[1].code, "fact_type");
    assert_string_equal(errs.items[2].code, "fact_value");
    assert_non_null(strstr(errs.items[1].zh, "家庭人均月收入"));
    core_fielderrs_free(&errs);
}

/* ---- the screening's flags and missing facts ----------------------------------------------------------- */

static void duplicate_assistance_flags(void **state)
{
    (void)state;
    json_t *dibao = json_pack("{ss s[s]}", "code", "P-DIBAO", "excludes", "P-TEKUN");
    json_t *names = json_pack("{ss ss}", "P-DIBAO", "低保", "P-TEKUN", "特困");
    json_t *none = json_array(), *tekun = json_pack("[s]", "P-TEKUN"), *both = json_pack("[ss]", "P-TEKUN", "P-DIBAO");
    json_t *f = core_screen_flags(dibao, CORE_SCREEN_ELIGIBLE, none, names);
    assert_int_equal(json_array_size(f), 0);
    json_decref(f);
    f = core_screen_flags(dibao, CORE_SCREEN_UNKNOWN, tekun, names);
    assert_int_equal(json_array_size(f), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(f, 0), "code")), "excluded_by_benefit");
    assert_non_null(strstr(json_string_value(json_object_get(json_array_get(f, 0), "zh")), "特困"));
    json_decref(f);
    f = core_screen_flags(dibao, CORE_SCREEN_NOT_ELIGIBLE, tekun, names); /* not due: nothing to flag */
    assert_int_equal(json_array_size(f), 0);
    json_decref(f);
    f = core_screen_flags(dibao, CORE_SCREEN_NOT_ELIGIBLE, both, names); /* received both: always flagged */
    assert_int_equal(json_array_size(f), 1);
    json_t *pair = json_object_get(json_array_get(f, 0), "policies");
    assert_string_equal(json_string_value(json_array_get(pair, 0)), "P-DIBAO");
    assert_string_equal(json_string_value(json_array_get(pair, 1)), "P-TEKUN");
    json_decref(f);
    json_decref(dibao);
    json_decref(names);
    json_decref(none);
    json_decref(tekun);
    json_decref(both);
}

static void missing_facts_tally(void **state)
{
    (void)state;
    json_t *tally = json_object();
    json_t *a = json_pack("[{ss sb}, {ss sb}]", "fact", "params.x", "declared", 0, "fact", "household.income_per_capita",
                          "declared", 1);
    json_t *b = json_pack("[{ss sb}]", "fact", "params.x", "declared", 0);
    core_screen_tally_missing(tally, a);
    core_screen_tally_missing(tally, b);
    core_screen_tally_missing(tally, b);
    json_t *list = core_screen_missing_list(tally);
    assert_int_equal(json_array_size(list), 2);
    /* declared first although asked by fewer policies */
    assert_string_equal(json_string_value(json_object_get(json_array_get(list, 0), "fact")), "household.income_per_capita");
    assert_int_equal(json_integer_value(json_object_get(json_array_get(list, 1), "policies")), 3);
    json_decref(list);
    json_decref(tally);
    json_decref(a);
    json_decref(b);
}

/* ---- the facts object on a database -------------------------------------------------------------------- */

static int64_t household(store_db *db, const char *town, core_category cat, core_date head_birth, int grade,
                         int64_t *child_id)
{
    core_household h = {.household_no = "", .village = "", .address = "", .category = cat, .registered_on = {2024, 3, 15}};
    snprintf(h.town_code, sizeof h.town_code, "%s", town);
    core_member m[2] = {{.name = "户主", .sex = 'F', .has_birth = true, .birth = head_birth, .relation = CORE_REL_HEAD,
                         .disability_grade = grade},
                        {.name = "孩子", .sex = 'M', .has_birth = true, .birth = {2016, 9, 1}, .relation = CORE_REL_CHILD}};
    store_conn *w;
    int64_t id = 0;
    assert_int_equal(store_write_begin(db, &w), WS_OK);
    assert_int_equal(store_write_finish(w, store_household_insert(w, &h, m, 2, false, 0, &id)), WS_OK);
    core_member *ms;
    int64_t *ids;
    size_t n;
    store_conn *c = store_read_acquire(db);
    assert_int_equal(store_members_load(c, id, &ms, &ids, &n), WS_OK);
    *child_id = ids[1];
    store_members_free(ms, ids, n);
    store_read_release(c);
    return id;
}

static void declare(store_db *db, int64_t hid, const char *name, json_t *value, ws_err expect)
{
    store_conn *w;
    assert_int_equal(store_write_begin(db, &w), WS_OK);
    assert_int_equal(store_write_finish(w, store_declared_fact_set(w, hid, name, value, (core_date){2026, 6, 1}, 0)),
                     expect);
    json_decref(value);
}

static void benefit(store_db *db, int64_t hid, const char *code, core_date from, bool has_to, core_date to)
{
    store_benefit b = {.household_id = hid, .policy_code = code, .from = from, .has_to = has_to, .to = to,
                       .amount_fen = 10000, .source = "test"};
    bool replaced;
    store_conn *w;
    assert_int_equal(store_write_begin(db, &w), WS_OK);
    assert_int_equal(store_write_finish(w, store_benefit_put(w, &b, &replaced)), WS_OK);
    assert_false(replaced);
}

typedef struct seen {
    json_t *by_id; /* household id → facts */
} seen;

static ws_err keep(const store_facts_row *row, void *ctx)
{
    seen *s = ctx;
    char key[24];
    snprintf(key, sizeof key, "%lld", (long long)row->household_id);
    json_object_set(s->by_id, key, row->facts);
    return WS_OK;
}

static void facts_object_from_the_store(void **state)
{
    unit_db *f = *state;
    int64_t child1, child2;
    int64_t h1 = household(f->db, "371002001", CORE_CAT_DIBAO, (core_date){1940, 7, 1}, 1, &child1); /* a street */
    int64_t h2 = household(f->db, "371002100", CORE_CAT_TEKUN, (core_date){1980, 1, 1}, 0, &child2); /* a town */
    char name[64];
    declare(f->db, h1, "household.income_per_capita", json_real(820.5), WS_OK);
    snprintf(name, sizeof name, "members[%lld].in_school", (long long)child1);
    declare(f->db, h1, name, json_string("primary"), WS_OK);
    snprintf(name, sizeof name, "members[%lld].in_school", (long long)child2); /* not h1's member */
    declare(f->db, h1, name, json_string("junior"), WS_ERR_NOTFOUND);
    benefit(f->db, h1, "P-DIBAO", (core_date){2025, 1, 1}, false, (core_date){0, 0, 0});
    benefit(f->db, h2, "P-TEKUN", (core_date){2025, 1, 1}, true, (core_date){2025, 12, 31});

    store_conn *c = store_read_acquire(f->db);
    json_t *one;
    core_date on = {2026, 6, 30};
    assert_int_equal(store_facts_build(c, "3710", h1, on, &one), WS_OK);
    json_t *hh = json_object_get(one, "household");
    assert_string_equal(json_string_value(json_object_get(hh, "category")), "dibao");
    assert_true(json_is_true(json_object_get(hh, "urban")));
    assert_int_equal(json_integer_value(json_object_get(hh, "size")), 2);
    assert_true(json_real_value(json_object_get(hh, "income_per_capita")) == 820.5);
    assert_null(json_object_get(hh, "housing"));
    json_t *m0 = json_array_get(json_object_get(one, "members"), 0), *m1 = json_array_get(json_object_get(one, "members"), 1);
    assert_int_equal(json_integer_value(json_object_get(m0, "age")), 85);
    assert_int_equal(json_integer_value(json_object_get(m0, "disability_grade")), 1);
    assert_string_equal(json_string_value(json_object_get(m1, "in_school")), "primary");
    assert_int_equal(json_integer_value(json_object_get(m1, "id")), child1);
    assert_null(json_object_get(one, "assessment"));
    assert_string_equal(json_string_value(json_array_get(json_object_get(one, "benefits"), 0)), "P-DIBAO");
    assert_true(json_is_number(json_object_get(json_object_get(one, "params"), "dibao_urban_monthly")));
    assert_string_equal(json_string_value(json_object_get(one, "date")), "2026-06-30");
    /* ages and benefits follow the date asked */
    json_t *before;
    assert_int_equal(store_facts_build(c, "3710", h1, (core_date){2024, 6, 30}, &before), WS_OK);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(before, "members"), 0), "age")), 83);
    assert_int_equal(json_array_size(json_object_get(before, "benefits")), 0);
    json_decref(before);
    /* outside the scope: absent */
    assert_int_equal(store_facts_build(c, "371003", h1, on, &before), WS_ERR_NOTFOUND);

    /* the bulk scan gives the same object, and skips those receiving a policy when asked */
    seen s = {json_object()};
    assert_int_equal(store_facts_scan(c, "3710", "371002", on, NULL, true, keep, &s), WS_OK);
    assert_int_equal(json_object_size(s.by_id), 2);
    char key[24];
    snprintf(key, sizeof key, "%lld", (long long)h1);
    assert_true(json_equal(json_object_get(s.by_id, key), one));
    snprintf(key, sizeof key, "%lld", (long long)h2);
    json_t *two = json_object_get(s.by_id, key);
    assert_true(json_is_false(json_object_get(json_object_get(two, "household"), "urban")));
    assert_int_equal(json_array_size(json_object_get(two, "benefits")), 0); /* ended 2025-12-31 */
    json_object_clear(s.by_id);
    assert_int_equal(store_facts_scan(c, "3710", NULL, (core_date){2025, 6, 1}, "P-TEKUN", false, keep, &s), WS_OK);
    assert_int_equal(json_object_size(s.by_id), 1);
    json_object_clear(s.by_id);
    assert_int_equal(store_facts_scan(c, "371002001", "371002", on, NULL, true, keep, &s), WS_OK); /* wider than the scope */
    assert_int_equal(json_object_size(s.by_id), 1);
    json_object_clear(s.by_id);
    assert_int_equal(store_facts_scan(c, "371003", "371002", on, NULL, true, keep, &s), WS_OK); /* outside it */
    assert_int_equal(json_object_size(s.by_id), 0);

    /* declared facts as the API lists them */
    json_t *declared;
    assert_int_equal(store_declared_facts_json(c, "3710", h1, &declared), WS_OK);
    assert_int_equal(json_array_size(declared), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(declared, 0), "fact")), "household.income_per_capita");
    json_decref(declared);
    json_decref(s.by_id);
    json_decref(one);
    store_read_release(c);

    /* forgetting a fact */
    declare(f->db, h1, "household.income_per_capita", NULL, WS_OK);
    c = store_read_acquire(f->db);
    assert_int_equal(store_facts_build(c, "3710", h1, on, &one), WS_OK);
    assert_null(json_object_get(json_object_get(one, "household"), "income_per_capita"));
    json_decref(one);
    store_read_release(c);
}

/* Regression (break-it 5, S2): on a past date the category is the one in force then (category_history),
** and a scan passes over households not yet registered on the date (a single build still answers, with
** registered_on for the caller to compare). */
static void category_and_registration_on_a_date(void **state)
{
    unit_db *f = *state;
    int64_t child;
    int64_t h = household(f->db, "371002001", CORE_CAT_OTHER, (core_date){1950, 1, 1}, 0, &child); /* registered 2024-03-15 */
    core_household changed = {.household_no = "", .village = "", .address = "", .category = CORE_CAT_TEKUN,
                              .registered_on = {2024, 3, 15}, .town_code = "371002001"};
    store_conn *w;
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    assert_int_equal(store_write_finish(w, store_household_update(w, h, &changed, "测试", (core_date){2025, 6, 1}, 0)), WS_OK);

    store_conn *c = store_read_acquire(f->db);
    static const struct { core_date on; const char *category; } CASES[] = {
        {{2024, 3, 15}, "other"}, {{2025, 5, 31}, "other"}, {{2025, 6, 1}, "tekun"}, {{2026, 1, 1}, "tekun"},
    };
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        json_t *one;
        assert_int_equal(store_facts_build(c, "3710", h, CASES[i].on, &one), WS_OK);
        assert_string_equal(json_string_value(json_object_get(json_object_get(one, "household"), "category")),
                            CASES[i].category);
        json_decref(one);
        seen s = {json_object()};
        assert_int_equal(store_facts_scan(c, "3710", NULL, CASES[i].on, NULL, false, keep, &s), WS_OK);
        char key[24];
        snprintf(key, sizeof key, "%lld", (long long)h);
        assert_string_equal(json_string_value(json_object_get(
                                json_object_get(json_object_get(s.by_id, key), "household"), "category")),
                            CASES[i].category);
        json_decref(s.by_id);
    }
    /* the day before the registration: built on request, passed over by a scan */
    json_t *one;
    assert_int_equal(store_facts_build(c, "3710", h, (core_date){2024, 3, 14}, &one), WS_OK);
    assert_string_equal(json_string_value(json_object_get(json_object_get(one, "household"), "registered_on")), "2024-03-15");
    json_decref(one);
    seen s = {json_object()};
    assert_int_equal(store_facts_scan(c, "3710", NULL, (core_date){2024, 3, 14}, NULL, false, keep, &s), WS_OK);
    assert_int_equal(json_object_size(s.by_id), 0);
    json_decref(s.by_id);
    store_read_release(c);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(paths_name_facts),
        cmocka_unit_test(labels_units_and_values),
        cmocka_unit_test(declared_names),
        cmocka_unit_test(value_checks),
        cmocka_unit_test(duplicate_assistance_flags),
        cmocka_unit_test(missing_facts_tally),
        T(category_and_registration_on_a_date),
        T(facts_object_from_the_store),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
