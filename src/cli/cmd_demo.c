/*
** cmd_demo.c: `waystation demo`: synthetic providers (demo_providers.c), demo accounts for every role
** and synthetic households in every town, most of them with a submitted assessment, so that every town has a
** ranking.
**
** Households come from core/synth.c, deterministic for a seed, and are marked synthetic so the UI can
** say that they are invented. About 85% of them get an assessment under the current questionnaire
** version, also synthetic and deterministic for the seed (a PRNG of its own here): derived indicators
** from the household's members and category as the registry gives them, other answers drawn with
** chances that fit the household (care needs where there are old or disabled members, school
** indicators only where there are children), and up to three stated needs in the areas found deprived.
** Running it again adds accounts that are missing and no households twice; synthetic households of a
** database made before assessments existed (none of them assessed) get their assessments then.
*/
#include "cli.h"

#include "../core/password.h"
#include "../core/synth.h"
#include "../store/assessments.h"
#include "../store/audit.h"
#include "../store/divisions.h"
#include "../store/households.h"
#include "../store/providers.h"
#include "../store/rankings.h"
#include "../store/seed.h"
#include "../store/users.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char HELP[] =
    "Usage: waystation demo [--db PATH] [--households N] [--seed S]\n\n"
    "Adds synthetic service providers of every kind (city-wide, county-wide and town-level ones), unless the\n"
    "database has some already, then demo accounts: admin (city administrator), auditor, county-<code> for each\n"
    "county-level unit, station-<town code> for each town (e.g. station-371002001) and provider-<id> for each\n"
    "synthetic provider (its staff, who see that organisation only). Passwords are random and printed once, or\n"
    "all set from the environment variable WAYSTATION_DEMO_PASSWORD (for scripts).\n"
    "Then adds N synthetic households (default 5000) spread over every town, the same for the same seed\n"
    "(default 1), unless the database has synthetic households already; about 85% of them with a submitted\n"
    "assessment (marked synthetic too), so that every town has a ranking. Synthetic households of a database\n"
    "made before assessments existed get theirs the same way.\n"
    "Last, unless there are synthetic referrals already, refers some of the needs those assessments state to\n"
    "providers that offer the service there, with timelines in the weeks before today, so that there are\n"
    "referrals in every state: drafts, sent (some overdue), accepted, declined, in service, delivered,\n"
    "confirmed and closed with the household's rating, withdrawn and expired.\n";

/* The fixed date the demo's people are generated for, so the same seed gives the same data any day. */
static const core_date DEMO_DATE = {2026, 6, 30};

typedef struct account {
    char username[64], display[160], role[32], division[16], password[64];
    int64_t provider_id; /* provider_staff: the organisation; 0 otherwise */
} account;

/* Every demo account, from the divisions in the database. *n accounts in a new array. */
static account *plan_accounts(store_db *db, size_t *n) {
    store_conn *c = store_read_acquire(db);
    json_t *counties = NULL, *towns = NULL;
    store_division_children(c, "", "3710", &counties);
    store_division_towns(c, "", &towns);
    int64_t *providers = NULL;
    size_t nproviders = 0;
    store_provider_ids(c, &providers, &nproviders);
    size_t total = 2 + json_array_size(counties) + json_array_size(towns) + nproviders, k = 0;
    account *a = calloc(total, sizeof *a);
    if (!a) abort();
    snprintf(a[k].username, 64, "admin");
    snprintf(a[k].display, 160, "演示·威海市民政局管理员");
    snprintf(a[k].role, 32, "city_admin");
    snprintf(a[k++].division, 16, "3710");
    snprintf(a[k].username, 64, "auditor");
    snprintf(a[k].display, 160, "演示·审计员");
    snprintf(a[k].role, 32, "auditor");
    snprintf(a[k++].division, 16, "3710");
    size_t i;
    json_t *d;
    json_array_foreach(counties, i, d) {
        const char *code = json_string_value(json_object_get(d, "code"));
        snprintf(a[k].username, 64, "county-%s", code);
        snprintf(a[k].display, 160, "演示·%s民政工作人员", json_string_value(json_object_get(d, "name")));
        snprintf(a[k].role, 32, "county_officer");
        snprintf(a[k++].division, 16, "%s", code);
    }
    json_t *t;
    json_array_foreach(towns, i, t) {
        json_t *town;
        const char *code = json_string_value(t);
        snprintf(a[k].username, 64, "station-%s", code);
        if (store_division_get(c, "", code, &town) == WS_OK) {
            snprintf(a[k].display, 160, "演示·%s驿站", json_string_value(json_object_get(town, "name")));
            json_decref(town);
        }
        snprintf(a[k].role, 32, "station_worker");
        snprintf(a[k++].division, 16, "%s", code);
    }
    /* one staff account for each synthetic provider: provider-<id>, seeing that organisation only */
    for (i = 0; i < nproviders; i++) {
        store_provider_brief b;
        if (store_provider_brief_get(c, providers[i], &b) != WS_OK || !b.synthetic) continue;
        snprintf(a[k].username, 64, "provider-%lld", (long long)b.id);
        snprintf(a[k].display, 160, "演示·%.140s", b.name);
        snprintf(a[k].role, 32, "provider_staff");
        snprintf(a[k].division, 16, "%s", b.division_code);
        a[k++].provider_id = b.id;
    }
    free(providers);
    json_decref(counties);
    json_decref(towns);
    store_read_release(c);
    *n = k;
    return a;
}

/* Creates the accounts that do not exist yet; their passwords are kept in the plan for printing. */
static int create_accounts(store_db *db, account *a, size_t n, size_t *created) {
    const char *shared = getenv("WAYSTATION_DEMO_PASSWORD");
    if (shared && strlen(shared) < CORE_PASSWORD_MIN_LEN) {
        fprintf(stderr, "waystation demo: WAYSTATION_DEMO_PASSWORD needs at least %d characters\n",
                CORE_PASSWORD_MIN_LEN);
        return CLI_USAGE;
    }
    store_conn *w;
    if (store_write_begin(db, &w) != WS_OK) return CLI_FAILED;
    ws_err e = WS_OK;
    store_actor who = {0, "demo"};
    *created = 0;
    for (size_t i = 0; i < n && !e; i++) {
        if (store_user_exists(w, a[i].username)) continue; /* disabled ones too: they stay as they are */
        if (shared) snprintf(a[i].password, sizeof a[i].password, "%s", shared);
        else core_password_random(a[i].password);
        char hash[CORE_PASSWORD_HASH_MAX];
        int64_t id;
        e = core_password_hash(a[i].password, hash);
        if (!e) e = store_user_create(w, a[i].username, a[i].display, a[i].role, a[i].division, hash, &id);
        if (!e && a[i].provider_id) e = store_user_set_provider(w, a[i].username, a[i].provider_id);
        if (!e) e = store_audit_append(w, &who, "create", "user", a[i].username, NULL);
        if (!e) (*created)++;
    }
    return store_write_finish(w, e) == WS_OK ? CLI_OK : CLI_FAILED;
}

/* Any synthetic household at all, wherever it lies among real ones. */
static bool has_synthetic(store_db *db) {
    store_conn *c = store_read_acquire(db);
    bool found = store_households_synthetic_count(c) > 0;
    store_read_release(c);
    return found;
}


/* ---- synthetic assessments ------------------------------------------------------------------------ */

/* Demo assessments are dated in the months before this day (or before today, if that comes first). */
static const core_date DEMO_ASSESS_END = {2026, 11, 30};
enum { DEMO_ASSESS_DAYS = 270, DEMO_ASSESSED_PERCENT = 85 };

/* A PRNG of the demo's own (splitmix64), so the assessments are the same for a seed on every machine. */
typedef struct demo_rng {
    uint64_t state;
} demo_rng;

static uint64_t rng_next(demo_rng *r) {
    uint64_t z = (r->state += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

static int rng_below(demo_rng *r, int n) { return (int)(rng_next(r) % (uint64_t)n); }
static bool rng_chance(demo_rng *r, int per_thousand) { return rng_below(r, 1000) < per_thousand; }

/* What the answers are drawn from: the household's make-up on the assessment date. */
typedef struct demo_profile {
    int per_thousand; /* the chance of an indicator without a rule of its own being deprived */
    bool children, school_age, old, very_old, disabled, working_age;
} demo_profile;

static int category_chance(core_category c) {
    switch (c) {
    case CORE_CAT_TEKUN: return 300;
    case CORE_CAT_DIBAO: return 240;
    case CORE_CAT_DIBAO_EDGE: return 180;
    case CORE_CAT_RIGID_EXPENSE: return 160;
    case CORE_CAT_MONITORED: return 150;
    default: return 110;
    }
}

static bool code_in(const char *code, const char *const *codes) {
    for (; *codes; codes++)
        if (strcmp(code, *codes) == 0) return true;
    return false;
}

/* The chance (per thousand) that an indicator without a registry rule is deprived for profile p. */
static int indicator_chance(const core_q_indicator *ind, const demo_profile *p) {
    static const char *const SCHOOL[] = {"I41", "I42", NULL}, *const WORK[] = {"I43", "I44", "I45", "I46", NULL},
                              *const CARE[] = {"I06", "I28", "I29", "I30", "I31", "I32", "I33", "I34", "I39", NULL};
    int chance = p->per_thousand;
    if (strcmp(ind->code, "I02") == 0 && !p->children) return 0;
    if (strcmp(ind->code, "I24") == 0 && !p->disabled) return 0;
    if (code_in(ind->code, SCHOOL) && !p->school_age) return 0;
    if (code_in(ind->code, WORK) && !p->working_age) return 0;
    if (code_in(ind->code, CARE)) chance = p->old || p->disabled ? chance * 2 : chance / 3;
    /* Red flags are rare: the worst situations a station meets, not the usual ones. */
    if (ind->red != CORE_RED_NEVER) chance /= 12;
    return chance;
}

/* A date for a demo assessment: in the months before DEMO_ASSESS_END (or today), after the registration. */
static core_date demo_date(demo_rng *r, core_date registered_on, core_date today) {
    core_date end = core_date_ymd(today) < core_date_ymd(DEMO_ASSESS_END) ? today : DEMO_ASSESS_END;
    long last = core_date_days(end), first = last - DEMO_ASSESS_DAYS, reg = core_date_days(registered_on);
    if (first < reg) first = reg;
    return core_date_add_days(end, first <= last ? first + rng_below(r, (int)(last - first + 1)) - last : 0);
}

/*
** Fills a with a plausible submitted assessment's answers and needs and its visit type, for a household
** whose registry facts on a->assessed_on are f.
*/
static void demo_answers(demo_rng *r, store_assessment *a, const store_household_facts *f) {
    static const char *const VISITS[] = {"home", "home", "station", "phone"};
    snprintf(a->visit_type, sizeof a->visit_type, "%s", VISITS[rng_below(r, 4)]);
    /* Households differ within a category: some are far worse off than its usual. */
    static const int SPREAD[] = {40, 70, 100, 100, 140, 200, 280};
    demo_profile p = {.per_thousand = category_chance(f->category) * SPREAD[rng_below(r, 7)] / 100};
    for (int i = 0; i < f->nmembers; i++) {
        const core_member_facts *m = &f->members[i];
        p.children |= m->age >= 0 && m->age < 18;
        p.school_age |= m->age >= 6 && m->age < 22;
        p.old |= m->age >= 70;
        p.very_old |= m->age >= 80;
        p.disabled |= m->disability_grade > 0;
        p.working_age |= m->age >= 18 && m->age < 60 && m->disability_grade == 0;
    }
    store_assessment_derive(a, f);

    const core_questionnaire *q = &a->sq->q;
    bool deprived_area[100] = {false};
    for (int j = 0; j < q->nind; j++) {
        const core_q_indicator *ind = &q->ind[j];
        if (a->derived[j] < 0) {
            bool deprived = rng_chance(r, indicator_chance(ind, &p));
            a->level[j] = (int8_t)(deprived ? (ind->has_severe && rng_chance(r, 220) ? 2 : 1) : 0);
        }
        if (a->level[j] >= 1) deprived_area[atoi(ind->area) % 100] = true;
    }
    /* Now and then a question stays unanswered (never more than submitting allows). */
    for (int k = rng_below(r, 4); k > 0; k--) {
        int j = rng_below(r, q->nind);
        if (a->derived[j] < 0 && core_hindex_complete_enough(q, a->level)) {
            a->level[j] = -1;
            if (!core_hindex_complete_enough(q, a->level)) a->level[j] = 0;
        }
    }
    /* Up to three needs, from services that serve an area found deprived. */
    store_need needs[3];
    size_t nneeds = 0;
    int wanted = rng_below(r, 4);
    for (int tries = 0; tries < 40 && (int)nneeds < wanted; tries++) {
        const store_seed_service *svc = &store_seed_services[rng_below(r, (int)store_seed_services_count)];
        int served = -1;
        for (int k = 0; k < svc->nareas && served < 0; k++)
            if (deprived_area[atoi(svc->areas[k]) % 100]) served = k;
        bool taken = false;
        for (size_t k = 0; k < nneeds; k++) taken |= strcmp(needs[k].service, svc->code) == 0;
        if (served < 0 || taken) continue;
        store_need *nd = &needs[nneeds++];
        memset(nd, 0, sizeof *nd);
        snprintf(nd->service, sizeof nd->service, "%s", svc->code);
        snprintf(nd->area, sizeof nd->area, "%s", svc->areas[served]);
        int u = rng_below(r, 100);
        nd->urgency = u < 8 ? CORE_URG_IMMEDIATE : u < 40 ? CORE_URG_PRIORITY : CORE_URG_ROUTINE;
        nd->note = "";
    }
    store_assessment_set_needs(a, needs, nneeds);
}

/* Writes a's submitted synthetic assessment with its index (sq stays the caller's). */
static ws_err demo_write(store_conn *w, store_questionnaire *sq, store_assessment *a) {
    core_hscore s;
    ws_err e = store_assessment_insert(w, a);
    if (!e) e = store_index_write(w, a, sq, "submit", &s);
    if (!e) e = store_assessment_mark_submitted(w, a, s.tier, s.c);
    a->sq = NULL; /* the version is shared by every demo assessment */
    store_assessment_free(a);
    return e;
}

static store_assessment *demo_new(store_questionnaire *sq, int64_t hid) {
    store_assessment *a = store_assessment_new(sq, hid);
    a->synthetic = true;
    snprintf(a->assessor, sizeof a->assessor, "演示·驿站工作人员");
    return a;
}

/* A new household's assessment, from the members just generated. */
static ws_err demo_assess(store_conn *w, demo_rng *r, store_questionnaire *sq, int64_t hid, const core_household *h,
                          const core_member *ms, size_t n, core_date today) {
    store_assessment *a = demo_new(sq, hid);
    a->assessed_on = demo_date(r, h->registered_on, today);
    core_member_facts facts[64];
    store_household_facts f = {.category = h->category, .registered_on = h->registered_on, .members = facts};
    for (size_t i = 0; i < n && i < 64; i++, f.nmembers++)
        facts[i] = (core_member_facts){ms[i].has_birth ? core_date_age(ms[i].birth, a->assessed_on) : -1,
                                       ms[i].disability_grade, ms[i].serious_illness};
    demo_answers(r, a, &f);
    return demo_write(w, sq, a);
}

/* An assessment of a synthetic household of an older database, from the registry as stored. */
static ws_err demo_assess_stored(store_conn *w, demo_rng *r, store_questionnaire *sq, int64_t hid, core_date today) {
    store_household_facts f;
    ws_err e = store_household_facts_load(w, "", hid, today, &f);
    if (e) return e == WS_ERR_NOTFOUND ? WS_OK : e; /* closed meanwhile: nothing to assess */
    store_assessment *a = demo_new(sq, hid);
    a->assessed_on = demo_date(r, f.registered_on, today);
    store_household_facts_clear(&f);
    e = store_household_facts_load(w, "", hid, a->assessed_on, &f);
    if (e) {
        a->sq = NULL;
        store_assessment_free(a);
        return e;
    }
    demo_answers(r, a, &f);
    store_household_facts_clear(&f);
    return demo_write(w, sq, a);
}

/*
** A database made before assessments existed has synthetic households and no synthetic assessment: they
** get one each as new demo households would (about 85%), so that its towns have rankings too.
*/
static int assess_existing(store_db *db, unsigned long long seed) {
    store_conn *w;
    if (store_write_begin(db, &w) != WS_OK) return CLI_FAILED;
    int64_t *ids = NULL;
    size_t n = 0;
    store_questionnaire *sq = NULL;
    ws_err e = store_assessments_synthetic_count(w) > 0 ? WS_OK : store_synthetic_unassessed(w, &ids, &n);
    if (!e && n == 0) {
        store_write_rollback(w);
        printf("The database has synthetic households already; none added.\n");
        return CLI_OK;
    }
    if (!e) e = store_questionnaire_current(w, &sq);
    demo_rng rng = {seed ^ 0x5741595354415449u};
    core_date today = core_date_shanghai(time(NULL));
    long long assessed = 0;
    for (size_t i = 0; i < n && !e; i++) {
        if (!rng_chance(&rng, DEMO_ASSESSED_PERCENT * 10)) continue;
        e = demo_assess_stored(w, &rng, sq, ids[i], today);
        assessed++;
    }
    store_actor who = {0, "demo"};
    if (!e) e = store_audit_append(w, &who, "import", "assessments", "demo",
                                   json_pack("{s:I, s:I}", "assessed", (json_int_t)assessed, "seed", (json_int_t)seed));
    e = store_write_finish(w, e);
    store_questionnaire_free(sq);
    free(ids);
    if (e) {
        fprintf(stderr, "waystation demo: assessing the synthetic households failed (%s)\n", ws_err_name(e));
        return CLI_FAILED;
    }
    printf("The database has synthetic households already; %lld of them assessed now (seed %llu).\n", assessed, seed);
    return CLI_OK;
}

static int add_households(store_db *db, long long count, unsigned long long seed) {
    store_conn *c = store_read_acquire(db);
    json_t *towns = NULL;
    store_division_towns(c, "", &towns);
    store_read_release(c);
    size_t ntowns = json_array_size(towns);
    if (ntowns == 0) {
        json_decref(towns);
        return CLI_FAILED;
    }
    core_synth *s = core_synth_new(seed);
    store_conn *w;
    if (store_write_begin(db, &w) != WS_OK) {
        core_synth_free(s);
        json_decref(towns);
        return CLI_FAILED;
    }
    store_questionnaire *sq = NULL;
    ws_err e = store_questionnaire_current(w, &sq);
    demo_rng rng = {seed ^ 0x5741595354415449u}; /* "WAYSTATI" */
    core_date today = core_date_shanghai(time(NULL));
    long long assessed = 0;
    for (long long i = 0; i < count && !e; i++) {
        core_household h;
        core_member *ms;
        size_t n;
        core_synth_household(s, json_string_value(json_array_get(towns, (size_t)i % ntowns)), DEMO_DATE, &h, &ms, &n);
        int64_t id;
        e = store_household_insert(w, &h, ms, n, true, 0, &id);
        if (!e && rng_chance(&rng, DEMO_ASSESSED_PERCENT * 10)) {
            e = demo_assess(w, &rng, sq, id, &h, ms, n, today);
            assessed++;
        }
        for (size_t k = 0; k < n; k++) core_member_clear(&ms[k]);
        free(ms);
        core_household_clear(&h);
    }
    store_actor who = {0, "demo"};
    if (!e) e = store_audit_append(w, &who, "import", "households", "demo",
                                   json_pack("{s:I, s:I, s:I}", "households", (json_int_t)count, "assessed",
                                             (json_int_t)assessed, "seed", (json_int_t)seed));
    e = store_write_finish(w, e);
    store_questionnaire_free(sq);
    core_synth_free(s);
    json_decref(towns);
    if (e == WS_ERR_CONFLICT) {
        /* There are no synthetic households, so real ones hold some of the numbers this seed makes. */
        fprintf(stderr, "waystation demo: no households added: some ID numbers that seed %llu makes are registered "
                        "to households already; try another --seed\n", seed);
        return CLI_INVALID;
    }
    if (e) {
        fprintf(stderr, "waystation demo: writing the households failed (%s); no households added\n", ws_err_name(e));
        return CLI_FAILED;
    }
    printf("Added %lld synthetic households over %zu towns, %lld of them assessed (seed %llu).\n", count, ntowns,
           assessed, seed);
    return CLI_OK;
}

static void print_accounts(const account *a, size_t n, size_t created) {
    if (created == 0) {
        printf("Demo accounts exist already (reset a password with: waystation user passwd NAME).\n");
        return;
    }
    bool shared = getenv("WAYSTATION_DEMO_PASSWORD") != NULL;
    printf("Demo accounts (演示账号)%s:\n", shared ? ", password from WAYSTATION_DEMO_PASSWORD" :
                                                   "; passwords are shown only now:");
    for (size_t i = 0; i < n; i++) {
        if (!a[i].password[0]) continue;
        if (shared) printf("  %-20s %-15s %s\n", a[i].username, a[i].role, a[i].display);
        else printf("  %-20s %-18s %-15s %s\n", a[i].username, a[i].password, a[i].role, a[i].display);
    }
}

int cli_demo(int argc, char **argv) {
    cli_opt opts[] = {{"--db", true, NULL}, {"--households", true, NULL}, {"--seed", true, NULL}};
    char *pos[1];
    int npos;
    int rc = cli_start(argc, argv, HELP, opts, 3, pos, &npos, 0);
    if (rc != CLI_CONTINUE) return rc;
    long long count = 5000, seed = 1;
    const char *c = cli_opt_value(opts, 3, "--households"), *s = cli_opt_value(opts, 3, "--seed");
    if ((c && !cli_parse_number("--households", c, 0, 10000000, &count)) ||
        (s && !cli_parse_number("--seed", s, 0, (long long)(~0ULL >> 1), &seed)))
        return CLI_USAGE;
    const char *path = cli_db_path(opts, 3);
    int code = CLI_OK;
    store_db *db = cli_open_db(path, false, &code);
    if (!db) return code;
    size_t n, created = 0, providers = 0;
    /* providers first: their staff accounts are among the demo's */
    code = cli_demo_providers(db, &providers);
    if (code == CLI_OK && providers) printf("Added %zu synthetic providers with a staff account each.\n", providers);
    account *accounts = plan_accounts(db, &n);
    if (code == CLI_OK) code = create_accounts(db, accounts, n, &created);
    if (code == CLI_OK) {
        /* The accounts are committed: their passwords are shown whatever becomes of the households. */
        if (has_synthetic(db)) code = assess_existing(db, (unsigned long long)seed);
        else code = add_households(db, count, (unsigned long long)seed);
        size_t referrals = 0;
        if (code == CLI_OK) code = cli_demo_referrals(db, &referrals);
        if (code == CLI_OK && referrals) printf("Added %zu synthetic referrals in every state.\n", referrals);
        size_t screened = 0;
        if (code == CLI_OK) code = cli_demo_policies(db, &screened);
        if (code == CLI_OK && screened) printf("Added declared facts and benefits received for %zu households.\n", screened);
        size_t raised = 0;
        if (code == CLI_OK) code = cli_demo_feeds(db, &raised);
        if (code == CLI_OK && raised) printf("Imported monitoring records that raised %zu alerts.\n", raised);
        print_accounts(accounts, n, created);
    }
    free(accounts);
    store_close(db);
    return code;
}
