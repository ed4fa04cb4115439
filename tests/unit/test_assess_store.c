/*
** test_assess_store.c: the store of issue 3 on a fresh database: migration 2 (the reference tables and
** questionnaire version 1 equal to the compiled-in default), published versions never edited, an
** assessment's answers and needs kept raw, derived indicators following the registry, submission
** writing the household's index and history, the registry's changes re-keying the index row in the same
** transaction, the ranking in key order and the plan that reads a town's rows only, overrides, and
** re-scoring (a dry run writes nothing, a commit keeps the old figures in history).
*/
#include "unit_db.h"

#include "../../src/core/mem.h"
#include "../../src/core/synth.h"
#include "../../src/store/assessments.h"
#include "../../src/store/households.h"
#include "../../src/store/questionnaires.h"
#include "../../src/store/rankings.h"
#include "../../src/store/seed.h"
#include "../../src/store/store_int.h"

#include <jansson.h>
#include <sqlite3.h>

static const core_date TODAY = {2026, 6, 30};

static int setup(void **state) { return unit_db_setup(state); }
static int teardown(void **state) { return unit_db_teardown(state); }

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

static char *text(store_db *db, const char *sql, int64_t arg) {
    store_conn *c = store_read_acquire(db);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(store_sqlite(c), sql, -1, &st, NULL) != SQLITE_OK) fail_msg("%s", sql);
    sqlite3_bind_int64(st, 1, arg);
    char *v = xstrdup(sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) ? (const char *)sqlite3_column_text(st, 0) : "");
    sqlite3_finalize(st);
    store_read_release(c);
    return v;
}

/* A one-person household of town with a head born on birth (no ID number), category cat. */
static int64_t one_person(store_db *db, const char *town, core_category cat, core_date birth, int grade) {
    core_household h = {.household_no = "", .village = "", .address = "", .category = cat,
                        .registered_on = {2024, 3, 15}};
    snprintf(h.town_code, sizeof h.town_code, "%s", town);
    core_member m = {.name = "测试", .sex = 'F', .has_birth = true, .birth = birth, .relation = CORE_REL_HEAD,
                     .disability_grade = grade};
    store_conn *w;
    int64_t id = 0;
    assert_int_equal(store_write_begin(db, &w), WS_OK);
    assert_int_equal(store_write_finish(w, store_household_insert(w, &h, &m, 1, false, 0, &id)), WS_OK);
    return id;
}

/* A draft for household hid under the current version with derived levels as of TODAY. */
static store_assessment *draft_for(store_conn *c, int64_t hid) {
    store_questionnaire *sq;
    assert_int_equal(store_questionnaire_current(c, &sq), WS_OK);
    store_assessment *a = store_assessment_new(sq, hid);
    a->assessed_on = TODAY;
    snprintf(a->assessor, sizeof a->assessor, "测试员");
    store_household_facts f;
    assert_int_equal(store_household_facts_load(c, "3710", hid, TODAY, &f), WS_OK);
    store_assessment_derive(a, &f);
    store_household_facts_clear(&f);
    return a;
}

/* Answers every unanswered indicator 0, sets the levels given ("I50", 1, ...; NULL-terminated), submits. */
static int64_t submit(store_db *db, int64_t hid, const char *code, ...) {
    store_conn *w;
    assert_int_equal(store_write_begin(db, &w), WS_OK);
    store_assessment *a = draft_for(w, hid);
    const core_questionnaire *q = &a->sq->q;
    for (int j = 0; j < q->nind; j++)
        if (a->level[j] < 0) a->level[j] = 0;
    va_list ap;
    va_start(ap, code);
    for (const char *c = code; c; c = va_arg(ap, const char *)) {
        int level = va_arg(ap, int);
        int j = core_questionnaire_find(q, c);
        assert_true(j >= 0);
        a->level[j] = (int8_t)level;
    }
    va_end(ap);
    core_hscore s;
    assert_int_equal(store_assessment_insert(w, a), WS_OK);
    assert_int_equal(store_index_write(w, a, a->sq, "submit", &s), WS_OK);
    assert_int_equal(store_assessment_mark_submitted(w, a, s.tier, s.c), WS_OK);
    assert_int_equal(store_write_finish(w, WS_OK), WS_OK);
    int64_t id = a->id;
    store_assessment_free(a);
    return id;
}

/* ---- migration 2 ------------------------------------------------------------------------------------ */

static void migration_seeds_reference_data_and_version_1(void **state) {
    unit_db *f = *state;
    assert_int_equal(scalar(f->db, "SELECT count(*) FROM schema_migrations WHERE version = 2"), 1);
    assert_int_equal(scalar(f->db, "SELECT count(*) FROM difficulty_areas"), 13);
    assert_int_equal(scalar(f->db, "SELECT count(*) FROM service_items"), 20);
    assert_int_equal(scalar(f->db, "SELECT count(*) FROM service_categories"), 5);
    assert_int_equal((int64_t)store_seed_services_count, 20);
    assert_non_null(store_service_find("R3"));
    assert_null(store_service_find("R4"));
    assert_string_equal(store_area_find("10")->zh, "老年关爱");

    store_conn *c = store_read_acquire(f->db);
    store_questionnaire *sq;
    assert_int_equal(store_questionnaire_current(c, &sq), WS_OK);
    const core_questionnaire *d = core_questionnaire_default(), *q = &sq->q;
    assert_true(sq->published);
    assert_int_equal(q->version, 1);
    assert_int_equal(q->denominator, 1344);
    assert_int_equal(q->ndims, d->ndims);
    assert_int_equal(q->nind, d->nind);
    assert_int_equal(q->poor.p * d->poor.q, d->poor.p * q->poor.q);
    assert_int_equal(q->reassess_months, d->reassess_months);
    for (int i = 0; i < d->ndims; i++) {
        assert_string_equal(q->dims[i].code, d->dims[i].code);
        assert_string_equal(q->dims[i].zh, d->dims[i].zh);
    }
    for (int j = 0; j < d->nind; j++) {
        assert_string_equal(q->ind[j].code, d->ind[j].code);
        assert_string_equal(q->ind[j].zh, d->ind[j].zh);
        assert_string_equal(q->ind[j].severe_when, d->ind[j].severe_when);
        assert_string_equal(q->ind[j].area, d->ind[j].area);
        assert_int_equal(q->ind[j].dimension, d->ind[j].dimension);
        assert_int_equal(q->ind[j].weight, d->ind[j].weight);
        assert_int_equal(q->ind[j].red, d->ind[j].red);
        assert_int_equal(q->ind[j].derive, d->ind[j].derive);
        assert_int_equal(q->ind[j].has_severe, d->ind[j].has_severe);
    }
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    assert_true(core_questionnaire_validate(q, &errs));
    core_fielderrs_free(&errs);
    store_questionnaire_free(sq);
    store_read_release(c);
}

static void published_version_is_never_edited(void **state) {
    unit_db *f = *state;
    store_conn *w;
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    assert_int_equal(store_questionnaire_replace(w, 1, core_questionnaire_default()), WS_ERR_CONFLICT);
    assert_int_equal(store_questionnaire_publish(w, 1, 0, "x", NULL), WS_ERR_CONFLICT);
    /* underneath, triggers refuse it too */
    static const char *const SQL[] = {
        "UPDATE questionnaire_indicators SET weight = 29 WHERE questionnaire_id = 1 AND code = 'I01'",
        "DELETE FROM questionnaire_dimensions WHERE questionnaire_id = 1",
        "INSERT INTO questionnaire_dimensions (questionnaire_id, position, code, name_zh, name_en) VALUES (1, 99, 'D9', 'x', 'x')",
        "UPDATE questionnaires SET reassess_months = 12 WHERE id = 1",
    };
    for (size_t i = 0; i < sizeof SQL / sizeof SQL[0]; i++)
        assert_int_not_equal(sqlite3_exec(store_sqlite(w), SQL[i], NULL, NULL, NULL), SQLITE_OK);
    /* a draft can be replaced, then published as version 2 */
    int64_t id;
    assert_int_equal(store_questionnaire_insert(w, core_questionnaire_default(), 0, &id), WS_OK);
    assert_int_equal(store_questionnaire_replace(w, id, core_questionnaire_default()), WS_OK);
    int version = 0;
    assert_int_equal(store_questionnaire_publish(w, id, 0, "测试", &version), WS_OK);
    assert_int_equal(version, 2);
    store_write_rollback(w);
}

static void reassessment_dates_clamp_to_the_month(void **state) {
    (void)state;
    core_date d = store_reassess_due((core_date){2026, 8, 31}, 6);
    assert_int_equal(core_date_ymd(d), 20270228);
    d = store_reassess_due((core_date){2027, 8, 31}, 6);
    assert_int_equal(core_date_ymd(d), 20280229);
    d = store_reassess_due((core_date){2026, 12, 3}, 6);
    assert_int_equal(core_date_ymd(d), 20270603);
}

/* ---- assessments ---------------------------------------------------------------------------------- */

static void derived_levels_follow_the_registry(void **state) {
    unit_db *f = *state;
    /* 86 years old, alone, grade 1 disability, 特困 */
    int64_t hid = one_person(f->db, "371002001", CORE_CAT_TEKUN, (core_date){1940, 1, 1}, 1);
    store_conn *c = store_read_acquire(f->db);
    store_assessment *a = draft_for(c, hid);
    const core_questionnaire *q = &a->sq->q;
    struct { const char *code; int level; } want[] = {{"I01", 2}, {"I03", 1}, {"I07", 1}, {"I08", 1}, {"I15", 0},
                                                       {"I21", 1}, {"I22", 1}, {"I23", 2}, {"I27", 0}, {"I02", -1}};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        int j = core_questionnaire_find(q, want[i].code);
        assert_int_equal(a->level[j], want[i].level);
        assert_int_equal(a->derived[j], want[i].level);
    }
    /* against the registry, with a reason: kept when the registry changes; a following answer follows */
    int i03 = core_questionnaire_find(q, "I03"), i07 = core_questionnaire_find(q, "I07");
    a->level[i03] = 0;
    store_assessment_set_reason(a, i03, "与子女同住");
    store_household_facts facts = {.category = CORE_CAT_OTHER};
    core_member_facts two[2] = {{86, 1, false}, {50, 0, false}};
    facts.members = two;
    facts.nmembers = 2;
    assert_true(store_assessment_derive(a, &facts));
    assert_int_equal(a->derived[i03], 0);
    assert_int_equal(a->level[i03], 0);
    assert_null(a->reason[i03]); /* now equal to the registry: no reason kept */
    assert_int_equal(a->level[i07], 0);
    assert_int_equal(a->derived[i07], 0);
    assert_false(store_assessment_derive(a, &facts));
    store_assessment_free(a);
    store_read_release(c);
}

static void answers_and_needs_round_trip(void **state) {
    unit_db *f = *state;
    int64_t hid = one_person(f->db, "371002001", CORE_CAT_DIBAO, (core_date){1980, 5, 5}, 0);
    store_conn *w;
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    store_assessment *a = draft_for(w, hid);
    int j = core_questionnaire_find(&a->sq->q, "I07");
    a->level[j] = 0;
    store_assessment_set_reason(a, j, "收入已超过低保标准");
    store_need needs[2] = {{.service = "L1", .area = "04", .urgency = CORE_URG_IMMEDIATE, .note = "每日午餐"},
                           {.service = "R3", .area = "13", .urgency = CORE_URG_ROUTINE, .note = ""}};
    store_assessment_set_needs(a, needs, 2);
    snprintf(a->visit_type, sizeof a->visit_type, "home");
    assert_int_equal(store_assessment_insert(w, a), WS_OK);
    int64_t draft;
    assert_int_equal(store_assessment_draft_id(w, hid, &draft), WS_OK);
    assert_int_equal(draft, a->id);
    /* one draft per household */
    store_assessment *b = draft_for(w, hid);
    assert_int_equal(store_assessment_insert(w, b), WS_ERR_CONFLICT);
    store_assessment_free(b);
    assert_int_equal(store_write_finish(w, WS_OK), WS_OK);

    store_conn *c = store_read_acquire(f->db);
    store_assessment *r;
    assert_int_equal(store_assessment_load(c, "371002001", a->id, &r), WS_OK);
    assert_int_equal(r->level[j], 0);
    assert_int_equal(r->derived[j], 1);
    assert_string_equal(r->reason[j], "收入已超过低保标准");
    assert_int_equal(r->nneeds, 2);
    assert_string_equal(r->needs[0].service, "L1");
    assert_int_equal(r->needs[0].urgency, CORE_URG_IMMEDIATE);
    assert_string_equal(r->needs[0].note, "每日午餐");
    assert_string_equal(r->visit_type, "home");
    assert_false(r->submitted);
    store_assessment_free(r);
    /* outside the scope: absent */
    assert_int_equal(store_assessment_load(c, "371002002", a->id, &r), WS_ERR_NOTFOUND);
    store_read_release(c);
    store_assessment_free(a);
}

static void submission_writes_index_and_history(void **state) {
    unit_db *f = *state;
    int64_t hid = one_person(f->db, "371002001", CORE_CAT_OTHER, (core_date){1980, 5, 5}, 0);
    int64_t aid = submit(f->db, hid, "I50", 1, "I28", 2, NULL);
    assert_int_equal(scalar(f->db, "SELECT count(*) FROM household_index"), 1);
    char *tier = text(f->db, "SELECT tier FROM household_index WHERE household_id = ?1", hid);
    assert_string_equal(tier, "red");
    free(tier);
    char *red = text(f->db, "SELECT red_flags FROM household_index WHERE household_id = ?1", hid);
    assert_string_equal(red, "I50");
    free(red);
    /* the key is the core's encoding of the figures and the registry facts */
    store_conn *c = store_read_acquire(f->db);
    store_questionnaire *sq;
    assert_int_equal(store_questionnaire_current(c, &sq), WS_OK);
    int8_t levels[CORE_Q_MAX_INDICATORS];
    memset(levels, 0, sizeof levels);
    levels[core_questionnaire_find(&sq->q, "I03")] = 1;
    levels[core_questionnaire_find(&sq->q, "I50")] = 1;
    levels[core_questionnaire_find(&sq->q, "I28")] = 2;
    uint32_t counts[CORE_URG_COUNT] = {0};
    core_hscore s;
    core_hindex_score(&sq->q, levels, counts, &s);
    assert_int_equal(s.c, 28 + 28 + 24);
    core_rank_key k;
    core_rank_key_from(&s, CORE_CAT_OTHER, (core_date){2024, 3, 15}, hid, &k);
    char want[CORE_RANK_KEY_LEN + 1];
    core_rank_key_encode(&k, want);
    char *key = text(f->db, "SELECT rank_key FROM household_index WHERE household_id = ?1", hid);
    assert_string_equal(key, want);
    free(key);
    store_questionnaire_free(sq);
    store_read_release(c);
    assert_int_equal(scalar(f->db, "SELECT count(*) FROM index_history"), 1);
    /* a submitted assessment is a record: triggers refuse changes underneath */
    store_conn *w;
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    char sql[160];
    snprintf(sql, sizeof sql, "UPDATE assessment_answers SET level = 0 WHERE assessment_id = %lld", (long long)aid);
    assert_int_not_equal(sqlite3_exec(store_sqlite(w), sql, NULL, NULL, NULL), SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(store_sqlite(w), "DELETE FROM index_history", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(store_assessment_delete(w, aid), WS_ERR_CONFLICT);
    store_write_rollback(w);
}

static void an_older_assessment_does_not_replace_the_current_one(void **state) {
    unit_db *f = *state;
    int64_t hid = one_person(f->db, "371002001", CORE_CAT_OTHER, (core_date){1980, 5, 5}, 0);
    int64_t first = submit(f->db, hid, NULL);
    /* a paper assessment of last year, entered late */
    store_conn *w;
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    store_assessment *a = draft_for(w, hid);
    a->assessed_on = (core_date){2025, 6, 1};
    for (int j = 0; j < a->sq->q.nind; j++)
        if (a->level[j] < 0) a->level[j] = 1;
    core_hscore s;
    assert_int_equal(store_assessment_insert(w, a), WS_OK);
    assert_int_equal(store_index_write(w, a, a->sq, "submit", &s), WS_OK);
    assert_int_equal(store_write_finish(w, WS_OK), WS_OK);
    store_assessment_free(a);
    assert_int_equal(scalar(f->db, "SELECT count(*) FROM index_history"), 2);
    char *current = text(f->db, "SELECT assessment_id FROM household_index WHERE household_id = ?1", hid);
    assert_int_equal(atoll(current), first);
    free(current);
}

static void registry_changes_rekey_the_row(void **state) {
    unit_db *f = *state;
    int64_t hid = one_person(f->db, "371002001", CORE_CAT_OTHER, (core_date){1980, 5, 5}, 0);
    submit(f->db, hid, NULL);
    char *before = text(f->db, "SELECT rank_key FROM household_index WHERE household_id = ?1", hid);
    store_conn *w;
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    core_household h;
    assert_int_equal(store_household_load(w, "3710", hid, &h), WS_OK);
    h.category = CORE_CAT_TEKUN;
    assert_int_equal(store_household_update(w, hid, &h, "复核", TODAY, 0), WS_OK);
    core_household_clear(&h);
    assert_int_equal(store_write_finish(w, WS_OK), WS_OK);
    char *after = text(f->db, "SELECT rank_key FROM household_index WHERE household_id = ?1", hid);
    char *cat = text(f->db, "SELECT category FROM household_index WHERE household_id = ?1", hid);
    assert_string_equal(cat, "tekun");
    assert_string_not_equal(before, after);
    assert_true(strcmp(after, before) < 0); /* 特困 ranks before 其他 with equal figures */
    free(before);
    free(after);
    free(cat);
    /* closing removes the row, keeps the history */
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    assert_int_equal(store_write_finish(w, store_household_close(w, "3710", hid)), WS_OK);
    assert_int_equal(scalar(f->db, "SELECT count(*) FROM household_index"), 0);
    assert_int_equal(scalar(f->db, "SELECT count(*) FROM index_history"), 1);
}

/* ---- the ranking ------------------------------------------------------------------------------------ */

static void ranking_is_in_key_order_and_reads_one_town(void **state) {
    unit_db *f = *state;
    int64_t calm = one_person(f->db, "371002001", CORE_CAT_OTHER, (core_date){1980, 5, 5}, 0);
    int64_t red = one_person(f->db, "371002001", CORE_CAT_OTHER, (core_date){1980, 5, 5}, 0);
    int64_t poor = one_person(f->db, "371002001", CORE_CAT_OTHER, (core_date){1980, 5, 5}, 0);
    int64_t elsewhere = one_person(f->db, "371002002", CORE_CAT_OTHER, (core_date){1980, 5, 5}, 0);
    submit(f->db, calm, NULL);
    submit(f->db, red, "I50", 1, NULL);
    submit(f->db, poor, "I04", 1, "I05", 1, "I06", 1, "I09", 1, "I10", 1, "I11", 1, "I12", 1, "I13", 1, "I14", 1,
           "I16", 1, "I17", 0, "I18", 1, "I19", 1, "I20", 1, "I24", 1, "I25", 1, "I26", 1, "I31", 1, "I32", 1, NULL);
    submit(f->db, elsewhere, "I50", 1, NULL);
    store_conn *c = store_read_acquire(f->db);
    store_ranking_query q = {.scope = "371002001", .overdue = -1, .today = TODAY, .limit = 20};
    json_t *items;
    int64_t total;
    assert_int_equal(store_rankings_list(c, &q, &items, &total), WS_OK);
    assert_int_equal(total, 3);
    int64_t order[] = {red, poor, calm};
    for (size_t i = 0; i < 3; i++) {
        json_t *it = json_array_get(items, i);
        assert_int_equal(json_integer_value(json_object_get(it, "household_id")), order[i]);
        assert_int_equal(json_integer_value(json_object_get(it, "rank")), (json_int_t)i + 1);
    }
    assert_string_equal(json_string_value(json_object_get(json_array_get(items, 1), "tier")), "poor");
    json_decref(items);
    /* a station asking for its county, or another town, is refused as absent */
    q.division = "371002";
    assert_int_equal(store_rankings_list(c, &q, &items, &total), WS_ERR_NOTFOUND);
    q.division = "371002002";
    assert_int_equal(store_rankings_list(c, &q, &items, &total), WS_ERR_NOTFOUND);
    q.division = "371002";
    q.scope = "371002";
    assert_int_equal(store_rankings_list(c, &q, &items, &total), WS_OK);
    assert_int_equal(total, 4);
    json_decref(items);

    /* the town's ranking is one range of (town_code, rank_key), read in order: no sort, no other town */
    char plan[2048];
    assert_int_equal(store_rankings_plan(c, "371002001", plan, sizeof plan), WS_OK);
    print_message("town plan:\n%s", plan);
    assert_non_null(strstr(plan, "household_index_town (town_code=?)"));
    assert_null(strstr(plan, "TEMP B-TREE"));
    assert_null(strstr(plan, "SCAN hi"));
    assert_int_equal(store_rankings_plan(c, "371002", plan, sizeof plan), WS_OK);
    assert_non_null(strstr(plan, "household_index_county (county_code=?)"));
    assert_null(strstr(plan, "TEMP B-TREE"));
    assert_int_equal(store_rankings_plan(c, "3710", plan, sizeof plan), WS_OK);
    assert_null(strstr(plan, "TEMP B-TREE"));
    store_read_release(c);
}

static void overrides_move_the_key_and_are_kept(void **state) {
    unit_db *f = *state;
    int64_t hid = one_person(f->db, "371002001", CORE_CAT_OTHER, (core_date){1980, 5, 5}, 0);
    submit(f->db, hid, NULL);
    char *before = text(f->db, "SELECT rank_key FROM household_index WHERE household_id = ?1", hid);
    store_conn *w;
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    assert_int_equal(store_override_set(w, hid, CORE_TIER_RED, "病重住院", 0, "测试员"), WS_OK);
    assert_int_equal(store_override_set(w, hid, CORE_TIER_SEVERE, "复核", 0, "测试员"), WS_OK);
    assert_int_equal(store_write_finish(w, WS_OK), WS_OK);
    char *rank_tier = text(f->db, "SELECT rank_tier FROM household_index WHERE household_id = ?1", hid);
    assert_string_equal(rank_tier, "severe");
    char *during = text(f->db, "SELECT rank_key FROM household_index WHERE household_id = ?1", hid);
    assert_true(strcmp(during, before) < 0);
    assert_int_equal(scalar(f->db, "SELECT count(*) FROM rank_overrides"), 2);
    assert_int_equal(scalar(f->db, "SELECT count(*) FROM rank_overrides WHERE active = 1"), 1);
    bool ended = false;
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    assert_int_equal(store_write_finish(w, store_override_clear(w, hid, 0, &ended)), WS_OK);
    assert_true(ended);
    char *after = text(f->db, "SELECT rank_key FROM household_index WHERE household_id = ?1", hid);
    assert_string_equal(after, before);
    free(before);
    free(during);
    free(after);
    free(rank_tier);
    /* a household with no index has nothing to override */
    int64_t other = one_person(f->db, "371002001", CORE_CAT_OTHER, (core_date){1980, 5, 5}, 0);
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    assert_int_equal(store_override_set(w, other, CORE_TIER_RED, "x", 0, "x"), WS_ERR_NOTFOUND);
    store_write_rollback(w);
}

static void rescore_dry_run_then_commit(void **state) {
    unit_db *f = *state;
    int64_t a = one_person(f->db, "371002001", CORE_CAT_OTHER, (core_date){1980, 5, 5}, 0);
    int64_t b = one_person(f->db, "371002001", CORE_CAT_OTHER, (core_date){1980, 5, 5}, 0);
    submit(f->db, a, "I28", 2, NULL);
    submit(f->db, b, "I30", 1, "I31", 1, NULL); /* b ranks first under version 1 */
    /* version 2: I28 severe raises a red flag */
    core_questionnaire *v2 = xmalloc(sizeof *v2);
    *v2 = *core_questionnaire_default();
    v2->ind[core_questionnaire_find(v2, "I28")].red = CORE_RED_WHEN_SEVERE;
    store_conn *w;
    int64_t qid;
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    assert_int_equal(store_write_finish(w, store_questionnaire_insert(w, v2, 0, &qid)), WS_OK);
    free(v2);

    store_conn *c = store_read_acquire(f->db);
    store_questionnaire *sq;
    assert_int_equal(store_questionnaire_load(c, qid, &sq), WS_OK);
    json_t *report;
    assert_int_equal(store_rescore(c, sq, false, 0, NULL, &report), WS_OK);
    assert_int_equal(json_integer_value(json_object_get(report, "households")), 2);
    assert_int_equal(json_integer_value(json_object_get(report, "tier_changes")), 1);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(report, "by_tier"), "none→red")), 1);
    json_t *moves = json_object_get(report, "largest_moves");
    assert_int_equal(json_array_size(moves), 2);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(moves, 0), "household_id")), a);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(moves, 0), "rank_after")), 1);
    assert_null(json_object_get(report, "version"));
    json_decref(report);
    store_questionnaire_free(sq);
    store_read_release(c);
    assert_int_equal(scalar(f->db, "SELECT count(*) FROM index_history"), 2);
    assert_int_equal(scalar(f->db, "SELECT max(questionnaire_version) FROM household_index"), 1);

    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    assert_int_equal(store_questionnaire_load(w, qid, &sq), WS_OK);
    assert_int_equal(store_rescore(w, sq, true, 0, "测试", &report), WS_OK);
    assert_int_equal(store_write_finish(w, WS_OK), WS_OK);
    assert_int_equal(json_integer_value(json_object_get(report, "version")), 2);
    json_decref(report);
    store_questionnaire_free(sq);
    assert_int_equal(scalar(f->db, "SELECT count(*) FROM index_history"), 4);
    assert_int_equal(scalar(f->db, "SELECT count(*) FROM index_history WHERE reason = 'rescore' AND questionnaire_version = 2"), 2);
    assert_int_equal(scalar(f->db, "SELECT count(*) FROM household_index WHERE questionnaire_version = 2"), 2);
    char *tier = text(f->db, "SELECT tier FROM household_index WHERE household_id = ?1", a);
    assert_string_equal(tier, "red");
    free(tier);
    /* publishing twice */
    assert_int_equal(store_write_begin(f->db, &w), WS_OK);
    assert_int_equal(store_questionnaire_load(w, qid, &sq), WS_OK);
    assert_int_equal(store_rescore(w, sq, true, 0, "测试", &report), WS_ERR_CONFLICT);
    store_write_rollback(w);
    store_questionnaire_free(sq);
    /* new assessments use the new version */
    c = store_read_acquire(f->db);
    assert_int_equal(store_questionnaire_current(c, &sq), WS_OK);
    assert_int_equal(sq->id, qid);
    store_questionnaire_free(sq);
    store_read_release(c);
}

int main(void) {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(migration_seeds_reference_data_and_version_1),
        T(published_version_is_never_edited),
        cmocka_unit_test(reassessment_dates_clamp_to_the_month),
        T(derived_levels_follow_the_registry),
        T(answers_and_needs_round_trip),
        T(submission_writes_index_and_history),
        T(an_older_assessment_does_not_replace_the_current_one),
        T(registry_changes_rekey_the_row),
        T(ranking_is_in_key_order_and_reads_one_town),
        T(overrides_move_the_key_and_are_kept),
        T(rescore_dry_run_then_commit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
