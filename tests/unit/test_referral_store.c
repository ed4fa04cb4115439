/*
** test_referral_store.c: referrals in the store on a fresh database: creation from a need of the current
** assessment or directly, the refusals (an open one for the same need and provider, a provider that is
** paused or does not offer the item, a need of an older assessment), the consent gate, the whole loop with
** the provider's open_load and rating kept in step, the side and state of every transition, two provider
** users accepting at the same moment on eight threads, what a provider can and cannot see, deadlines, lateness
** filters and expiry on Shanghai dates (and the server's hourly sweep), and jurisdiction.
*/
#include "unit_db.h"

#include "../../src/core/household.h"
#include "../../src/core/provider.h"
#include "../../src/store/assessments.h"
#include "../../src/store/audit.h"
#include "../../src/store/households.h"
#include "../../src/store/providers.h"
#include "../../src/store/rankings.h"
#include "../../src/store/referrals.h"
#include "../../src/store/store_int.h"
#include "../../src/web/app.h"
#include "../../src/web/handlers.h"

#include <jansson.h>
#include <pthread.h>
#include <sqlite3.h>

static const char TOWN[] = "371002001", OTHER_TOWN[] = "371002002";

/* What every test starts with: a household of TOWN with a submitted assessment stating two needs, and four
** providers. */
typedef struct world {
    unit_db *db;
    int64_t hid;
    int64_t need_meal, need_counsel; /* L1 (a home service) immediate, S1 routine */
    int64_t meals, meals2, paused, lawyers;
} world;

/* The instant recorded for an action on day today (10:00 in Shanghai), so that timelines agree with the
** days the tests act on. A ring of buffers: the callers of a test live shorter than it goes round. */
static const char *at_on(long today) {
    static char ring[64][21];
    static unsigned next;
    char *buf = ring[next++ % 64];
    char day[11];
    core_date_format(core_date_from_ymd(today), day);
    snprintf(buf, 21, "%sT02:00:00Z", day);
    return buf;
}

static store_ref_caller station(const char *scope, long today) {
    return (store_ref_caller){.side = CORE_REF_SIDE_STATION,
                              .scope = scope,
                              .name = "驿站",
                              .user_id = 0,
                              .today = core_date_from_ymd(today),
                              .at = at_on(today)};
}

static store_ref_caller provider(int64_t pid, long today) {
    return (store_ref_caller){.side = CORE_REF_SIDE_PROVIDER,
                              .provider_id = pid,
                              .name = "机构",
                              .today = core_date_from_ymd(today),
                              .at = at_on(today)};
}

static int64_t add_provider(store_db *db, const char *name, const char *status, const char *item) {
    core_provider_in in = {
        .name = name, .kind = "charity", .division_code = "371002", .status = status, .capacity_per_week = "10"};
    core_provider p = {0};
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    assert_true(core_provider_validate(&in, &p, &errs));
    assert_true(core_provider_add_item(&p, item, NULL, "items[0]", &errs));
    assert_true(core_provider_add_area(&p, "371002", "areas[0]", &errs));
    store_conn *w;
    int64_t id = 0;
    assert_int_equal(store_write_begin(db, &w), WS_OK);
    assert_int_equal(store_write_finish(w, store_provider_insert(w, &p, &id)), WS_OK);
    core_provider_clear(&p);
    core_fielderrs_free(&errs);
    return id;
}

/* Submits an assessment of hid (every indicator answered 0) stating needs of the services given; the needs'
** ids, as stored, in order into ids. */
static void assess(store_db *db, int64_t hid, const char *const *services, size_t n, int64_t *ids) {
    store_conn *w;
    assert_int_equal(store_write_begin(db, &w), WS_OK);
    store_questionnaire *sq;
    assert_int_equal(store_questionnaire_current(w, &sq), WS_OK);
    store_assessment *a = store_assessment_new(sq, hid);
    a->assessed_on = (core_date){2026, 6, 1};
    memset(a->level, 0, (size_t)a->sq->q.nind);
    store_need needs[4] = {{.urgency = CORE_URG_IMMEDIATE, .note = "独居"}, {.urgency = CORE_URG_ROUTINE, .note = ""}};
    for (size_t i = 0; i < n; i++) {
        snprintf(needs[i].service, sizeof needs[i].service, "%s", services[i]);
        snprintf(needs[i].area, sizeof needs[i].area, "%s", i == 0 ? "04" : "08");
    }
    store_assessment_set_needs(a, needs, n);
    core_hscore s;
    assert_int_equal(store_assessment_insert(w, a), WS_OK);
    assert_int_equal(store_index_write(w, a, a->sq, "submit", &s), WS_OK);
    assert_int_equal(store_assessment_mark_submitted(w, a, s.tier, s.c), WS_OK);
    for (size_t i = 0; i < n; i++) ids[i] = a->needs[i].id; /* as stored */
    assert_int_equal(store_write_finish(w, WS_OK), WS_OK);
    store_assessment_free(a);
}

static int setup(void **state) {
    void *dbstate;
    if (unit_db_setup(&dbstate)) return -1;
    world *wd = xcalloc(1, sizeof *wd);
    wd->db = dbstate;
    store_db *db = wd->db->db;
    core_household_in hin = {.town_code = TOWN,
                             .village = "塔山社区",
                             .address = "幸福路 8 号",
                             .category = "dibao",
                             .registered_on = "2024-03-01"};
    core_member_in min = {
        .name = "张秀英", .id_number = "371002195001011239", .relation = "head", .phone = "13812345678"};
    core_household h;
    core_member m;
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    core_date today = {2026, 6, 30};
    assert_true(core_household_validate(&hin, today, &h, &errs));
    assert_true(core_member_validate(&min, "", today, &m, &errs));
    store_conn *w;
    assert_int_equal(store_write_begin(db, &w), WS_OK);
    assert_int_equal(store_write_finish(w, store_household_insert(w, &h, &m, 1, false, 0, &wd->hid)), WS_OK);
    core_household_clear(&h);
    core_member_clear(&m);
    core_fielderrs_free(&errs);
    static const char *const SERVICES[] = {"L1", "S1"};
    int64_t ids[2];
    assess(db, wd->hid, SERVICES, 2, ids);
    wd->need_meal = ids[0];
    wd->need_counsel = ids[1];
    wd->meals = add_provider(db, "爱心助餐", "active", "L1");
    wd->meals2 = add_provider(db, "邻里食堂", "active", "L1");
    wd->paused = add_provider(db, "暂停助餐", "paused", "L1");
    wd->lawyers = add_provider(db, "法律援助中心", "active", "R3");
    *state = wd;
    return 0;
}

static int teardown(void **state) {
    world *wd = *state;
    void *dbstate = wd->db;
    free(wd);
    return unit_db_teardown(&dbstate);
}

/* ---- helpers ---------------------------------------------------------------------------------------- */

/* What the referrals keep of provider pid: its open_load and its rating. */
static store_provider_brief brief_of(world *wd, int64_t pid) {
    store_provider_brief b;
    store_conn *c = store_read_acquire(wd->db->db);
    assert_int_equal(store_provider_brief_get(c, pid, &b), WS_OK);
    store_read_release(c);
    return b;
}

static int64_t load_of(world *wd, int64_t pid) { return brief_of(wd, pid).open_load; }

/* Creates a referral in a transaction of its own; returns the ws_err, the id in *id. */
static ws_err create(world *wd, const store_ref_caller *who, const store_ref_new *in, int64_t *id, int64_t *existing,
                     core_fielderrs *errs) {
    store_conn *w;
    assert_int_equal(store_write_begin(wd->db->db, &w), WS_OK);
    return store_write_finish(w, store_referral_create(w, who, in, errs, id, existing));
}

static int64_t draft(world *wd, int64_t need, int64_t pid) {
    store_ref_caller st = station(TOWN, 20260701);
    store_ref_new in = {.need_id = need, .provider_id = pid};
    int64_t id = 0, existing = 0;
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    assert_int_equal(create(wd, &st, &in, &id, &existing, &errs), WS_OK);
    core_fielderrs_free(&errs);
    return id;
}

static ws_err consent(world *wd, const store_ref_caller *who, int64_t id, const char *given_by, const char *method,
                      core_fielderrs *errs) {
    store_consent_in in = {.given_by = given_by, .method = method};
    core_fielderrs local;
    core_fielderrs_init(&local);
    store_conn *w;
    assert_int_equal(store_write_begin(wd->db->db, &w), WS_OK);
    ws_err e = store_write_finish(w, store_referral_consent(w, who, id, &in, errs ? errs : &local));
    if (!errs && local.count) print_message("consent: %s %s\n", local.items[0].field, local.items[0].code);
    core_fielderrs_free(&local);
    return e;
}

/* Takes action a; *state (may be NULL) is the state after, or the current one on a conflict. */
static ws_err act(world *wd, const store_ref_caller *who, int64_t id, core_ref_action a, const store_ref_act_in *in,
                  core_fielderrs *errs, core_ref_state *state) {
    store_ref_act_in none = {0};
    core_fielderrs local;
    core_fielderrs_init(&local);
    core_ref_state s = CORE_REF_STATE_COUNT;
    store_conn *w;
    assert_int_equal(store_write_begin(wd->db->db, &w), WS_OK);
    ws_err e = store_write_finish(w, store_referral_act(w, who, id, a, in ? in : &none, errs ? errs : &local, &s));
    if (state) *state = s;
    core_fielderrs_free(&local);
    return e;
}

static void must(world *wd, const store_ref_caller *who, int64_t id, core_ref_action a, const store_ref_act_in *in) {
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    ws_err e = act(wd, who, id, a, in, &errs, NULL);
    if (e) fail_msg("%s: %s (%s)", core_ref_action_code(a), ws_err_name(e), errs.count ? errs.items[0].code : "");
    core_fielderrs_free(&errs);
}

/* A referral of the meal need to provider pid, consented and sent on 2026-07-01. */
static int64_t sent(world *wd, int64_t pid) {
    int64_t id = draft(wd, wd->need_meal, pid);
    store_ref_caller st = station(TOWN, 20260701);
    assert_int_equal(consent(wd, &st, id, "张秀英", "signed", NULL), WS_OK);
    must(wd, &st, id, CORE_REF_SEND, NULL);
    return id;
}

static json_t *get(world *wd, const store_ref_caller *who, int64_t id, bool *personal) {
    json_t *j = NULL;
    store_conn *c = store_read_acquire(wd->db->db);
    ws_err e = store_referral_get(c, who, id, &j, personal);
    store_read_release(c);
    if (e == WS_ERR_NOTFOUND) return NULL;
    assert_int_equal(e, WS_OK);
    return j;
}

static bool has_error(const core_fielderrs *errs, const char *field, const char *code) {
    for (size_t i = 0; i < errs->count; i++)
        if (strcmp(errs->items[i].field, field) == 0 && strcmp(errs->items[i].code, code) == 0) return true;
    return false;
}

/* ---- creating --------------------------------------------------------------------------------------- */

static void create_from_need_and_directly(void **state) {
    world *wd = *state;
    store_ref_caller st = station(TOWN, 20260701);
    int64_t id = draft(wd, wd->need_meal, wd->meals);
    json_t *j = get(wd, &st, id, NULL);
    assert_string_equal(json_string_value(json_object_get(j, "state")), "draft");
    assert_string_equal(json_string_value(json_object_get(j, "item_code")), "L1");
    assert_string_equal(json_string_value(json_object_get(j, "urgency")), "immediate");
    assert_int_equal(json_integer_value(json_object_get(j, "need_id")), wd->need_meal);
    assert_true(json_is_null(json_object_get(j, "respond_by")));
    json_decref(j);

    /* a second open referral of the same need to the same provider is refused, to another one allowed */
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    store_ref_new again = {.need_id = wd->need_meal, .provider_id = wd->meals};
    int64_t other = 0, existing = 0;
    assert_int_equal(create(wd, &st, &again, &other, &existing, &errs), WS_ERR_CONFLICT);
    assert_int_equal(existing, id);
    again.provider_id = wd->meals2;
    assert_int_equal(create(wd, &st, &again, &other, &existing, &errs), WS_OK);
    assert_true(other > id);

    /* directly: the same household, item and provider is the same open referral */
    store_ref_new direct = {.household_id = wd->hid, .item_code = "L1", .provider_id = wd->meals};
    assert_int_equal(create(wd, &st, &direct, &other, &existing, &errs), WS_ERR_CONFLICT);
    direct.item_code = "R3";
    direct.provider_id = wd->lawyers;
    assert_int_equal(create(wd, &st, &direct, &other, &existing, &errs), WS_OK);
    j = get(wd, &st, other, NULL);
    assert_string_equal(json_string_value(json_object_get(j, "urgency")), "routine");
    assert_true(json_is_null(json_object_get(j, "need_id")));
    json_decref(j);

    /* providers that cannot take it: paused, not offering the item, unknown; an unknown item */
    const struct {
        int64_t pid;
        const char *item, *field, *code;
    } bad[] = {{wd->paused, "L1", "provider_id", "provider_inactive"},
               {wd->lawyers, "L1", "provider_id", "item_not_offered"},
               {999, "L1", "provider_id", "unknown_provider"},
               {wd->meals, "Q9", "item_code", "unknown_service"}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        core_fielderrs_clear(&errs);
        store_ref_new in = {.household_id = wd->hid, .item_code = bad[i].item, .provider_id = bad[i].pid};
        assert_int_equal(create(wd, &st, &in, &other, &existing, &errs), WS_ERR_INVALID);
        if (!has_error(&errs, bad[i].field, bad[i].code)) fail_msg("case %zu: no %s", i, bad[i].code);
    }
    /* nothing named at all */
    core_fielderrs_clear(&errs);
    store_ref_new empty = {.provider_id = wd->meals};
    assert_int_equal(create(wd, &st, &empty, &other, &existing, &errs), WS_ERR_INVALID);
    assert_true(has_error(&errs, "household_id", "required"));
    /* the provider side and other towns create nothing; a need outside the scope is not there */
    store_ref_caller pv = provider(wd->meals, 20260701), away = station(OTHER_TOWN, 20260701);
    store_ref_new in = {.need_id = wd->need_counsel, .provider_id = wd->meals};
    assert_int_equal(create(wd, &pv, &in, &other, &existing, &errs), WS_ERR_FORBIDDEN);
    assert_int_equal(create(wd, &away, &in, &other, &existing, &errs), WS_ERR_NOTFOUND);
    store_ref_new far = {.household_id = wd->hid, .item_code = "L1", .provider_id = wd->meals2};
    assert_int_equal(create(wd, &away, &far, &other, &existing, &errs), WS_ERR_NOTFOUND);

    /* a newer assessment makes the old needs no longer current */
    static const char *const SERVICES[] = {"L1"};
    int64_t newer;
    assess(wd->db->db, wd->hid, SERVICES, 1, &newer);
    core_fielderrs_clear(&errs);
    store_ref_new old = {.need_id = wd->need_counsel, .provider_id = wd->meals};
    assert_int_equal(create(wd, &st, &old, &other, &existing, &errs), WS_ERR_INVALID);
    assert_true(has_error(&errs, "need_id", "need_not_current"));
    core_fielderrs_free(&errs);
}

/* ---- consent ---------------------------------------------------------------------------------------- */

static void consent_gate(void **state) {
    world *wd = *state;
    store_ref_caller st = station(TOWN, 20260701), pv = provider(wd->meals, 20260701);
    int64_t id = draft(wd, wd->need_meal, wd->meals);
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    /* until sent the provider sees nothing of it */
    assert_null(get(wd, &pv, id, NULL));
    assert_int_equal(act(wd, &pv, id, CORE_REF_ACCEPT, NULL, NULL, NULL), WS_ERR_NOTFOUND);
    /* no consent, nothing sent */
    assert_int_equal(act(wd, &st, id, CORE_REF_SEND, NULL, &errs, NULL), WS_ERR_INVALID);
    assert_true(has_error(&errs, "consent", "consent_required"));
    json_t *j = get(wd, &st, id, NULL);
    assert_int_equal(json_array_size(json_object_get(j, "allowed")), 1); /* withdraw, not send */
    json_decref(j);
    core_fielderrs_clear(&errs);
    assert_int_equal(consent(wd, &st, id, "李四", "sms", &errs), WS_ERR_INVALID);
    assert_true(has_error(&errs, "given_by", "not_a_member"));
    assert_true(has_error(&errs, "method", "bad_method"));
    assert_int_equal(consent(wd, &pv, id, "张秀英", "signed", NULL), WS_ERR_NOTFOUND);
    assert_int_equal(consent(wd, &st, id, "张秀英", "verbal", NULL), WS_OK);
    j = get(wd, &st, id, NULL);
    json_int_t first = json_integer_value(json_object_get(json_object_get(j, "consent"), "id"));
    json_decref(j);
    /* recorded again: the second stands in the first's place */
    assert_int_equal(consent(wd, &st, id, "张秀英", "signed", NULL), WS_OK);
    j = get(wd, &st, id, NULL);
    assert_int_not_equal(json_integer_value(json_object_get(json_object_get(j, "consent"), "id")), first);
    json_decref(j);
    must(wd, &st, id, CORE_REF_SEND, NULL);
    assert_int_equal(consent(wd, &st, id, "张秀英", "signed", NULL), WS_ERR_CONFLICT);
    j = get(wd, &pv, id, NULL);
    assert_non_null(j);
    json_t *c = json_object_get(j, "consent");
    assert_string_equal(json_string_value(json_object_get(c, "method")), "signed");
    assert_string_equal(json_string_value(json_object_get(c, "purpose")), "转介：助餐送餐");
    assert_null(json_object_get(c, "given_by")); /* a member's name: the station's to know */
    json_decref(j);

    /* the household withdraws its consent: the referral is withdrawn, the provider sees no household */
    store_conn *w;
    assert_int_equal(store_write_begin(wd->db->db, &w), WS_OK);
    assert_int_equal(store_write_finish(w, store_referral_consent_withdraw(w, &st, id)), WS_OK);
    assert_int_equal(load_of(wd, wd->meals), 0);
    bool personal = true;
    j = get(wd, &pv, id, &personal);
    assert_string_equal(json_string_value(json_object_get(j, "state")), "withdrawn");
    assert_true(json_is_null(json_object_get(j, "household")));
    assert_true(json_is_null(json_object_get(j, "head_name")));
    assert_false(personal);
    json_decref(j);
    assert_int_equal(store_write_begin(wd->db->db, &w), WS_OK);
    assert_int_equal(store_write_finish(w, store_referral_consent_withdraw(w, &st, id)), WS_ERR_NOTFOUND);
    core_fielderrs_free(&errs);
}

/* ---- the loop ----------------------------------------------------------------------------------------- */

static void whole_loop_keeps_load_and_rating(void **state) {
    world *wd = *state;
    store_ref_caller st = station(TOWN, 20260701), pv = provider(wd->meals, 20260701);
    int64_t id = draft(wd, wd->need_meal, wd->meals);
    assert_int_equal(consent(wd, &st, id, "张秀英", "phone", NULL), WS_OK);
    assert_int_equal(load_of(wd, wd->meals), 0);
    must(wd, &st, id, CORE_REF_SEND, NULL);
    assert_int_equal(load_of(wd, wd->meals), 1);
    json_t *j = get(wd, &st, id, NULL);
    assert_string_equal(json_string_value(json_object_get(j, "respond_by")), "2026-07-03");  /* L1: 2 days */
    assert_string_equal(json_string_value(json_object_get(j, "complete_by")), "2026-07-08"); /* 7 days */
    json_decref(j);
    pv = provider(wd->meals, 20260702);
    must(wd, &pv, id, CORE_REF_ACCEPT, NULL);
    j = get(wd, &st, id, NULL);
    assert_string_equal(json_string_value(json_object_get(j, "complete_by")), "2026-07-09"); /* from acceptance */
    json_decref(j);
    must(wd, &pv, id, CORE_REF_START, NULL);
    assert_int_equal(load_of(wd, wd->meals), 1);
    /* delivery needs its record: a date not in the future nor before sending, minutes, what was done */
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    store_ref_act_in rec = {.has_record = true, .served_on = {2026, 6, 30}, .minutes = 0, .what = ""};
    assert_int_equal(act(wd, &pv, id, CORE_REF_DELIVER, &rec, &errs, NULL), WS_ERR_INVALID);
    assert_true(has_error(&errs, "served_on", "before_sent"));
    assert_true(has_error(&errs, "minutes", "bad_minutes"));
    assert_true(has_error(&errs, "what", "required"));
    core_fielderrs_clear(&errs);
    rec.served_on = (core_date){2026, 7, 3};
    rec.minutes = 60;
    rec.what = "送午餐";
    assert_int_equal(act(wd, &pv, id, CORE_REF_DELIVER, &rec, &errs, NULL), WS_ERR_INVALID);
    assert_true(has_error(&errs, "served_on", "date_in_future"));
    core_fielderrs_clear(&errs);
    rec.served_on = (core_date){2026, 7, 2};
    must(wd, &pv, id, CORE_REF_DELIVER, &rec);
    assert_int_equal(load_of(wd, wd->meals), 0);
    /* the rating moves only with the household's confirmation */
    assert_int_equal(brief_of(wd, wd->meals).rating_count, 0);
    store_ref_act_in bad = {.satisfaction = 6};
    assert_int_equal(act(wd, &st, id, CORE_REF_CONFIRM, &bad, &errs, NULL), WS_ERR_INVALID);
    assert_true(has_error(&errs, "satisfaction", "bad_satisfaction"));
    store_ref_act_in ok = {.satisfaction = 4, .comment = "饭菜可口"};
    must(wd, &st, id, CORE_REF_CONFIRM, &ok);
    assert_int_equal(brief_of(wd, wd->meals).rating_sum, 4);
    assert_int_equal(brief_of(wd, wd->meals).rating_count, 1);
    must(wd, &st, id, CORE_REF_CLOSE, NULL);
    j = get(wd, &st, id, NULL);
    assert_string_equal(json_string_value(json_object_get(j, "state")), "closed");
    assert_int_equal(json_integer_value(json_object_get(j, "satisfaction")), 4);
    json_t *events = json_object_get(j, "events"), *records = json_object_get(j, "records");
    static const char *const ACTIONS[] = {"create", "consent", "send",    "accept",
                                          "start",  "deliver", "confirm", "close"};
    assert_int_equal(json_array_size(events), 8);
    for (size_t i = 0; i < 8; i++)
        assert_string_equal(json_string_value(json_object_get(json_array_get(events, i), "action")), ACTIONS[i]);
    assert_int_equal(json_array_size(records), 1);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(records, 0), "minutes")), 60);
    assert_int_equal(json_array_size(json_object_get(j, "allowed")), 0);
    json_decref(j);
    /* the timeline is append-only underneath */
    store_conn *w;
    assert_int_equal(store_write_begin(wd->db->db, &w), WS_OK);
    assert_int_not_equal(sqlite3_exec(store_sqlite(w), "DELETE FROM referral_events", NULL, NULL, NULL), SQLITE_OK);
    store_write_rollback(w);
    core_fielderrs_free(&errs);
}

/* The side decides before the state; the state decides the rest; another provider sees nothing. */
static void sides_and_states(void **state) {
    world *wd = *state;
    store_ref_caller st = station(TOWN, 20260701), pv = provider(wd->meals, 20260701),
                     other = provider(wd->meals2, 20260701), away = station(OTHER_TOWN, 20260701),
                     county = station("371002", 20260701);
    int64_t id = sent(wd, wd->meals);
    core_ref_state s;
    assert_int_equal(act(wd, &st, id, CORE_REF_ACCEPT, NULL, NULL, NULL), WS_ERR_FORBIDDEN);
    assert_int_equal(act(wd, &pv, id, CORE_REF_SEND, NULL, NULL, NULL), WS_ERR_FORBIDDEN);
    assert_int_equal(act(wd, &pv, id, CORE_REF_EXPIRE, NULL, NULL, NULL), WS_ERR_FORBIDDEN);
    assert_int_equal(act(wd, &other, id, CORE_REF_ACCEPT, NULL, NULL, NULL), WS_ERR_NOTFOUND);
    assert_int_equal(act(wd, &away, id, CORE_REF_WITHDRAW, NULL, NULL, NULL), WS_ERR_NOTFOUND);
    assert_int_equal(act(wd, &pv, id, CORE_REF_START, NULL, NULL, &s), WS_ERR_CONFLICT); /* no skipping */
    assert_int_equal(s, CORE_REF_SENT);
    assert_int_equal(act(wd, &st, id, CORE_REF_CONFIRM, NULL, NULL, &s), WS_ERR_CONFLICT);
    must(wd, &pv, id, CORE_REF_ACCEPT, NULL);
    assert_int_equal(act(wd, &pv, id, CORE_REF_ACCEPT, NULL, NULL, &s), WS_ERR_CONFLICT);
    assert_int_equal(s, CORE_REF_ACCEPTED);
    /* withdraw and decline need a reason */
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    assert_int_equal(act(wd, &county, id, CORE_REF_WITHDRAW, NULL, &errs, NULL), WS_ERR_INVALID);
    assert_true(has_error(&errs, "reason", "reason_required"));
    store_ref_act_in why = {.reason = "家属已自行安排"};
    must(wd, &county, id, CORE_REF_WITHDRAW, &why);
    assert_int_equal(load_of(wd, wd->meals), 0);
    assert_int_equal(act(wd, &pv, id, CORE_REF_START, NULL, NULL, &s), WS_ERR_CONFLICT); /* no going back */
    assert_int_equal(s, CORE_REF_WITHDRAWN);

    /* declined: the need goes to another provider (and may go back to the same one, the old not open) */
    int64_t second = sent(wd, wd->meals);
    core_fielderrs_clear(&errs);
    assert_int_equal(act(wd, &pv, second, CORE_REF_DECLINE, NULL, &errs, NULL), WS_ERR_INVALID);
    store_ref_act_in full = {.reason = "本周名额已满"};
    must(wd, &pv, second, CORE_REF_DECLINE, &full);
    assert_int_equal(load_of(wd, wd->meals), 0);
    int64_t third = sent(wd, wd->meals2);
    assert_true(third > second);
    must(wd, &st, second, CORE_REF_CLOSE, NULL);
    json_t *j = get(wd, &st, second, NULL);
    json_t *events = json_object_get(j, "events");
    json_t *decline = json_array_get(events, json_array_size(events) - 2);
    assert_string_equal(json_string_value(json_object_get(decline, "reason")), "本周名额已满");
    assert_string_equal(json_string_value(json_object_get(decline, "by")), "机构");
    json_decref(j);
    core_fielderrs_free(&errs);
}

/* ---- two provider users accepting at the same moment ------------------------------------------------- */

typedef struct racer {
    world *wd;
    int64_t id;
    pthread_barrier_t *go;
    ws_err result;
} racer;

static void *race_accept(void *arg) {
    racer *r = arg;
    store_ref_caller pv = provider(r->wd->meals, 20260701);
    store_ref_act_in none = {0};
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    core_ref_state s;
    pthread_barrier_wait(r->go);
    store_conn *w;
    ws_err e = store_write_begin(r->wd->db->db, &w);
    if (!e) e = store_write_finish(w, store_referral_act(w, &pv, r->id, CORE_REF_ACCEPT, &none, &errs, &s));
    r->result = e;
    core_fielderrs_free(&errs);
    return NULL;
}

static void concurrent_accept(void **state) {
    world *wd = *state;
    enum { N = 8, ROUNDS = 20 };
    for (int round = 0; round < ROUNDS; round++) {
        int64_t id = sent(wd, wd->meals);
        pthread_barrier_t go;
        pthread_barrier_init(&go, NULL, N);
        racer r[N];
        pthread_t t[N];
        for (int i = 0; i < N; i++) {
            r[i] = (racer){.wd = wd, .id = id, .go = &go};
            pthread_create(&t[i], NULL, race_accept, &r[i]);
        }
        int ok = 0, conflict = 0;
        for (int i = 0; i < N; i++) {
            pthread_join(t[i], NULL);
            ok += r[i].result == WS_OK;
            conflict += r[i].result == WS_ERR_CONFLICT;
        }
        pthread_barrier_destroy(&go);
        assert_int_equal(ok, 1);
        assert_int_equal(conflict, N - 1);
        store_ref_caller st = station(TOWN, 20260701);
        json_t *j = get(wd, &st, id, NULL), *ev;
        size_t k, accepts = 0;
        json_array_foreach(json_object_get(j, "events"), k, ev)
            accepts += strcmp(json_string_value(json_object_get(ev, "action")), "accept") == 0;
        json_decref(j);
        assert_int_equal(accepts, 1);
        /* withdrawn so that the next round's referral is the only open one */
        store_ref_act_in why = {.reason = "测试"};
        must(wd, &st, id, CORE_REF_WITHDRAW, &why);
    }
    assert_int_equal(load_of(wd, wd->meals), 0);
}

/* ---- what a provider sees ----------------------------------------------------------------------------- */

static void what_a_provider_sees(void **state) {
    world *wd = *state;
    store_ref_caller st = station(TOWN, 20260701), pv = provider(wd->meals, 20260701);
    int64_t id = sent(wd, wd->meals);
    bool personal = false;
    json_t *j = get(wd, &pv, id, &personal);
    assert_true(personal);
    json_t *h = json_object_get(j, "household");
    assert_string_equal(json_string_value(json_object_get(h, "head_name")), "张秀英");
    assert_string_equal(json_string_value(json_object_get(h, "head_id_masked")), "3710**********1239");
    assert_string_equal(json_string_value(json_object_get(h, "phone")), "13812345678");
    assert_string_equal(json_string_value(json_object_get(h, "address")), "塔山社区 幸福路 8 号"); /* L1: at home */
    json_t *need = json_object_get(j, "need");
    assert_string_equal(json_string_value(json_object_get(need, "note")), "独居");
    char *text = json_dumps(j, 0);
    assert_null(strstr(text, "371002195001011239")); /* never the full ID number */
    assert_null(strstr(text, "answers"));
    assert_null(strstr(text, "dibao")); /* nor the household's category */
    free(text);
    json_decref(j);
    json_t *items;
    int64_t total;
    store_conn *c = store_read_acquire(wd->db->db);
    store_ref_filter f = {.overdue = -1, .limit = 20};
    assert_int_equal(store_referrals_list(c, &pv, &f, &items, &total), WS_OK);
    assert_int_equal(total, 1); /* sent ones only: the drafts of other tests are not there */
    json_decref(items);
    store_read_release(c);

    /* a service that is not at home: no address */
    store_ref_new in = {.household_id = wd->hid, .item_code = "R3", .provider_id = wd->lawyers};
    int64_t rid = 0, existing = 0;
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    assert_int_equal(create(wd, &st, &in, &rid, &existing, &errs), WS_OK);
    assert_int_equal(consent(wd, &st, rid, "张秀英", "signed", NULL), WS_OK);
    must(wd, &st, rid, CORE_REF_SEND, NULL);
    store_ref_caller law = provider(wd->lawyers, 20260701);
    j = get(wd, &law, rid, NULL);
    assert_true(json_is_null(json_object_get(json_object_get(j, "household"), "address")));
    assert_true(json_is_null(json_object_get(j, "need")));
    json_decref(j);
    /* once the loop has ended the provider keeps the outcome but not the household */
    store_ref_act_in done = {.reason = "不再需要"};
    must(wd, &st, rid, CORE_REF_WITHDRAW, &done);
    j = get(wd, &law, rid, &personal);
    assert_false(personal);
    assert_true(json_is_null(json_object_get(j, "household")));
    json_decref(j);
    /* the station always sees its own household */
    j = get(wd, &st, rid, &personal);
    assert_true(personal);
    assert_string_equal(json_string_value(json_object_get(json_object_get(j, "consent"), "given_by")), "张秀英");
    json_decref(j);
    core_fielderrs_free(&errs);
}

/* ---- deadlines, lateness, expiry ------------------------------------------------------------------------ */

static int64_t count_listed(world *wd, const store_ref_caller *who, store_ref_filter f) {
    json_t *items;
    int64_t total;
    f.limit = 200;
    store_conn *c = store_read_acquire(wd->db->db);
    assert_int_equal(store_referrals_list(c, who, &f, &items, &total), WS_OK);
    store_read_release(c);
    assert_int_equal((int64_t)json_array_size(items), total);
    json_decref(items);
    return total;
}

static void lateness_escalation_and_expiry(void **state) {
    world *wd = *state;
    /* sent on 2026-07-01 (respond by 07-03), another accepted on 07-01 (complete by 07-08) */
    int64_t unanswered = sent(wd, wd->meals);
    int64_t slow = sent(wd, wd->meals2);
    store_ref_caller pv2 = provider(wd->meals2, 20260701);
    must(wd, &pv2, slow, CORE_REF_ACCEPT, NULL);
    static const struct {
        long today;
        int overdue, town, county, city;
    } days[] = {
        {20260703, 0, 0, 0, 0}, /* the deadline's own day */
        {20260704, 1, 1, 0, 0}, /* one day late */
        {20260707, 1, 0, 1, 0}, /* four days late: the county's */
        {20260709, 2, 1, 1, 0}, /* six days late (county), and the accepted one a day past complete_by */
        {20260711, 2, 1, 0, 1}, /* eight (city) and three (town) */
    };
    for (size_t i = 0; i < sizeof days / sizeof days[0]; i++) {
        store_ref_caller city = station("3710", days[i].today);
        int64_t late = count_listed(wd, &city, (store_ref_filter){.overdue = 1});
        int64_t county = count_listed(wd, &city, (store_ref_filter){.overdue = -1, .escalation = CORE_REF_ESC_COUNTY});
        int64_t top = count_listed(wd, &city, (store_ref_filter){.overdue = -1, .escalation = CORE_REF_ESC_CITY});
        if (late != days[i].overdue || county != days[i].county + days[i].city || top != days[i].city)
            fail_msg("%ld: overdue %lld county+ %lld city %lld", days[i].today, (long long)late, (long long)county,
                     (long long)top);
        json_t *sum;
        store_conn *c = store_read_acquire(wd->db->db);
        assert_int_equal(store_referrals_summary(c, &city, "371002", &sum), WS_OK);
        store_read_release(c);
        json_t *esc = json_object_get(sum, "by_escalation");
        assert_int_equal(json_integer_value(json_object_get(sum, "overdue")), days[i].overdue);
        assert_int_equal(json_integer_value(json_object_get(esc, "town")), days[i].town);
        assert_int_equal(json_integer_value(json_object_get(esc, "city")), days[i].city);
        assert_int_equal((int64_t)json_array_size(json_object_get(sum, "overdue_items")), days[i].overdue);
        json_decref(sum);
    }
    /* on 07-09 the unanswered one is 6 days late, the slow one 1: most late first */
    store_ref_caller city = station("3710", 20260709);
    json_t *items;
    int64_t total;
    store_conn *c = store_read_acquire(wd->db->db);
    store_ref_filter f = {.overdue = 1, .most_late_first = true, .limit = 10};
    assert_int_equal(store_referrals_list(c, &city, &f, &items, &total), WS_OK);
    store_read_release(c);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 0), "id")), unanswered);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 0), "days_late")), 6);
    assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "escalation")), "county");
    json_decref(items);

    /* expiry: 30 days past respond_by (07-03) is 08-02, still sent; 08-03 it expires */
    store_ref_caller sys = {.side = CORE_REF_SIDE_SYSTEM, .name = "系统", .today = {2026, 8, 2}};
    int64_t *ids = NULL;
    size_t n = 99;
    store_conn *w;
    assert_int_equal(store_write_begin(wd->db->db, &w), WS_OK);
    assert_int_equal(store_write_finish(w, store_referrals_expire(w, &sys, &ids, &n)), WS_OK);
    assert_int_equal(n, 0);
    assert_null(ids);
    sys.today = (core_date){2026, 8, 3};
    assert_int_equal(store_write_begin(wd->db->db, &w), WS_OK);
    assert_int_equal(store_write_finish(w, store_referrals_expire(w, &sys, &ids, &n)), WS_OK);
    assert_int_equal(n, 1);
    assert_int_equal(ids[0], unanswered);
    free(ids);
    assert_int_equal(load_of(wd, wd->meals), 0);
    assert_int_equal(load_of(wd, wd->meals2), 1); /* accepted: late, escalated, never expired */
    store_ref_caller st = station(TOWN, 20260803);
    json_t *j = get(wd, &st, unanswered, NULL);
    assert_string_equal(json_string_value(json_object_get(j, "state")), "expired");
    json_t *events = json_object_get(j, "events");
    json_t *last = json_array_get(events, json_array_size(events) - 1);
    assert_string_equal(json_string_value(json_object_get(last, "by")), "系统");
    assert_string_equal(json_string_value(json_object_get(last, "reason")), "超过答复期限 31 天未答复");
    json_decref(j);
}

/* The server's sweep (h_referrals.c): on the real today, as the system, each expiry audited. */
static void the_servers_sweep(void **state) {
    world *wd = *state;
    core_date today = core_date_shanghai(time(NULL));
    long long ago = core_date_ymd(core_date_add_days(today, -40)), recent = core_date_ymd(core_date_add_days(today, -3));
    int64_t old = draft(wd, wd->need_meal, wd->meals), fresh = draft(wd, wd->need_meal, wd->meals2);
    store_ref_caller then = station(TOWN, (long)ago), lately = station(TOWN, (long)recent);
    assert_int_equal(consent(wd, &then, old, "张秀英", "signed", NULL), WS_OK);
    must(wd, &then, old, CORE_REF_SEND, NULL);
    assert_int_equal(consent(wd, &lately, fresh, "张秀英", "signed", NULL), WS_OK);
    must(wd, &lately, fresh, CORE_REF_SEND, NULL);
    web_app *app = web_app_new(wd->db->db, NULL);
    web_referrals_expire_due(app);
    web_referrals_expire_due(app); /* a second sweep finds nothing more */
    web_app_free(app);
    json_t *j = get(wd, &lately, old, NULL);
    assert_string_equal(json_string_value(json_object_get(j, "state")), "expired");
    json_decref(j);
    j = get(wd, &lately, fresh, NULL);
    assert_string_equal(json_string_value(json_object_get(j, "state")), "sent");
    json_decref(j);
    /* one audit entry, the system's, for the one referral expired */
    json_t *items, *entry;
    int64_t total;
    size_t k, expiries = 0;
    store_conn *c = store_read_acquire(wd->db->db);
    assert_int_equal(store_audit_list(c, 200, 0, &items, &total), WS_OK);
    store_read_release(c);
    json_array_foreach(items, k, entry) {
        if (strcmp(json_string_value(json_object_get(entry, "action")), "expire") != 0) continue;
        expiries++;
        assert_string_equal(json_string_value(json_object_get(entry, "username")), "system");
        assert_int_equal(strtoll(json_string_value(json_object_get(entry, "object_id")), NULL, 10), old);
    }
    json_decref(items);
    assert_int_equal(expiries, 1);
    assert_int_equal(load_of(wd, wd->meals), 0);
    assert_int_equal(load_of(wd, wd->meals2), 1);
}

/* ---- jurisdiction ------------------------------------------------------------------------------------- */

static void jurisdiction(void **state) {
    world *wd = *state;
    int64_t id = sent(wd, wd->meals);
    store_ref_caller away = station(OTHER_TOWN, 20260701), county = station("371002", 20260701),
                     other_county = station("371003", 20260701), pv = provider(wd->meals2, 20260701),
                     unlinked = provider(0, 20260701);
    assert_null(get(wd, &away, id, NULL));
    assert_null(get(wd, &other_county, id, NULL));
    assert_null(get(wd, &pv, id, NULL));
    assert_null(get(wd, &unlinked, id, NULL));
    json_t *j = get(wd, &county, id, NULL);
    assert_non_null(j);
    json_decref(j);
    assert_int_equal(count_listed(wd, &away, (store_ref_filter){.overdue = -1}), 0);
    assert_int_equal(count_listed(wd, &unlinked, (store_ref_filter){.overdue = -1}), 0);
    assert_int_equal(count_listed(wd, &county, (store_ref_filter){.overdue = -1}), 1);
    /* a division filter outside the caller's scope lists nothing, one inside narrows */
    assert_int_equal(count_listed(wd, &away, (store_ref_filter){.division = TOWN, .overdue = -1}), 0);
    assert_int_equal(count_listed(wd, &county, (store_ref_filter){.division = OTHER_TOWN, .overdue = -1}), 0);
    json_t *sum;
    store_conn *c = store_read_acquire(wd->db->db);
    assert_int_equal(store_referrals_summary(c, &away, "371002", &sum), WS_ERR_NOTFOUND);
    assert_int_equal(store_referrals_summary(c, &pv, NULL, &sum), WS_ERR_FORBIDDEN);
    store_read_release(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(create_from_need_and_directly, setup, teardown),
        cmocka_unit_test_setup_teardown(consent_gate, setup, teardown),
        cmocka_unit_test_setup_teardown(whole_loop_keeps_load_and_rating, setup, teardown),
        cmocka_unit_test_setup_teardown(sides_and_states, setup, teardown),
        cmocka_unit_test_setup_teardown(concurrent_accept, setup, teardown),
        cmocka_unit_test_setup_teardown(what_a_provider_sees, setup, teardown),
        cmocka_unit_test_setup_teardown(lateness_escalation_and_expiry, setup, teardown),
        cmocka_unit_test_setup_teardown(the_servers_sweep, setup, teardown),
        cmocka_unit_test_setup_teardown(jurisdiction, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
