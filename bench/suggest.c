/*
** suggest.c: how long one suggestion of providers for a stated need takes in a large directory.
**
** Usage: suggest DB PROVIDERS REFERRALS CALLS SEED
** DB is a database with assessed households (bench/run.sh makes it with `waystation demo`). Adds synthetic
** providers until it holds PROVIDERS (70% belonging to a town and serving it, 25% to a county, 5% city-wide,
** each offering 2 to 6 catalog items, a capacity of 5 to 50 a week), then REFERRALS open referrals spread
** over them (store_bench_open_referrals, which also sets every provider's open_load), all deterministic for
** SEED. Then times CALLS suggestions for needs drawn at random from every stated need, each done as the API
** does it (web_need_suggestions): the need within the city's scope, the candidates, their ranking, the
** first 20 as JSON, the JSON as text. Prints the query plan of the candidates, one line per stage, and a last
** line "result ..." (milliseconds) that bench/run.sh reads.
*/
#include "../src/core/mem.h"
#include "../src/core/provider.h"
#include "../src/core/suggest.h"
#include "../src/store/assessments.h"
#include "../src/store/bench_fill.h"
#include "../src/store/divisions.h"
#include "../src/store/providers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { LIMIT = 20 };

/* POSIX's nrand48 (its generator is specified exactly): the same draws for a seed on every machine. */
static unsigned short rng_state[3];

static size_t below(size_t n) { return (size_t)nrand48(rng_state) % n; }

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static void die(const char *what, ws_err e) {
    fprintf(stderr, "suggest: %s failed (%s)\n", what, ws_err_name(e));
    exit(1);
}

/* One synthetic provider belonging to division and serving it, with items drawn from the catalog. */
static ws_err add_provider(store_conn *w, const char *division, int n) {
    static const char *const ITEMS[] = {"L1", "L2", "L3", "L4", "C1", "C2", "C3", "C4", "H1", "H2",
                                        "H3", "H4", "H5", "S1", "S2", "S3", "S4", "R1", "R2", "R3"};
    char name[64], capacity[8], wd[2] = "1";
    snprintf(name, sizeof name, "基准测试机构%d", n);
    snprintf(capacity, sizeof capacity, "%zu", 5 + below(46));
    core_provider_in in = {.name = name, .kind = core_provider_kind_code((core_provider_kind)(1 + below(8))),
                           .division_code = division, .capacity_per_week = capacity};
    core_provider p = {0};
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    core_provider_validate(&in, &p, &errs);
    size_t items = 2 + below(5);
    for (size_t i = 0; p.nitems < items && i < 100; i++) {
        const char *code = ITEMS[below(sizeof ITEMS / sizeof ITEMS[0])];
        bool have = false;
        for (size_t k = 0; k < p.nitems && !have; k++) have = strcmp(p.items[k].code, code) == 0;
        if (!have) core_provider_add_item(&p, code, NULL, "items", &errs);
    }
    core_provider_add_area(&p, division, "areas", &errs);
    for (int d = 1; d <= 5; d++) {
        wd[0] = (char)('0' + d);
        core_provider_schedule_in s = {wd, "08:30", "17:00", NULL};
        core_provider_add_schedule(&p, &s, "schedules", &errs);
    }
    p.synthetic = true;
    int64_t id;
    ws_err e = errs.count ? WS_ERR_INTERNAL : store_provider_insert(w, &p, &id);
    core_fielderrs_free(&errs);
    core_provider_clear(&p);
    return e;
}

static void fill(store_db *db, long providers, long referrals) {
    store_conn *c = store_read_acquire(db);
    int64_t *ids = NULL;
    size_t have = 0;
    json_t *towns = NULL, *counties = NULL;
    ws_err e = store_provider_ids(c, &ids, &have);
    if (!e) e = store_division_towns(c, "", &towns);
    if (!e) e = store_division_children(c, "", "3710", &counties);
    store_read_release(c);
    free(ids);
    if (e) die("reading the divisions", e);
    store_conn *w;
    double t = now_ms();
    if ((e = store_write_begin(db, &w))) die("starting a write", e);
    for (long i = (long)have; i < providers && !e; i++) {
        size_t r = below(100);
        const char *division = r < 70 ? json_string_value(json_array_get(towns, below(json_array_size(towns))))
                               : r < 95 ? json_string_value(json_object_get(
                                              json_array_get(counties, below(json_array_size(counties))), "code"))
                                        : "3710";
        e = add_provider(w, division, (int)i);
    }
    if (!e) e = store_bench_open_referrals(w, (size_t)referrals, (uint64_t)nrand48(rng_state));
    if ((e = store_write_finish(w, e))) die("filling the database", e);
    printf("filled: %ld providers, %ld open referrals added in %.1f s\n", providers, referrals, (now_ms() - t) / 1e3);
    json_decref(towns);
    json_decref(counties);
}

/* One suggestion as the API makes it; the number of candidates in *ncand. */
static void suggest_once(store_conn *c, int64_t need_id, size_t *ncand) {
    store_need_ref need;
    ws_err e = store_need_get(c, "3710", need_id, &need);
    if (e) die("store_need_get", e);
    core_suggest_candidate *cands = NULL;
    size_t n = 0;
    json_t *items = NULL;
    e = store_suggest_candidates(c, need.service, need.town_code, &cands, &n);
    if (!e) {
        core_suggest_rank(cands, n, need.town_code);
        e = store_suggestions_json(c, cands, n, 0, LIMIT, need.service, &items);
    }
    store_candidates_free(cands, n);
    if (e) die("a suggestion", e);
    char *text = json_dumps(items, JSON_COMPACT);
    free(text);
    json_decref(items);
    *ncand = n;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    if (argc != 6) {
        fprintf(stderr, "usage: suggest DB PROVIDERS REFERRALS CALLS SEED\n");
        return 2;
    }
    long providers = atol(argv[2]), referrals = atol(argv[3]), calls = atol(argv[4]);
    unsigned long long seed = strtoull(argv[5], NULL, 10);
    rng_state[0] = (unsigned short)seed;
    rng_state[1] = (unsigned short)(seed >> 16);
    rng_state[2] = (unsigned short)(seed >> 32);
    if (providers < 1 || referrals < 0 || calls < 1) {
        fprintf(stderr, "suggest: PROVIDERS and CALLS must be positive\n");
        return 2;
    }
    store_db *db;
    char why[512];
    if (store_open(argv[1], false, &db, why, sizeof why) != WS_OK) {
        fprintf(stderr, "suggest: %s\n", why);
        return 1;
    }
    fill(db, providers, referrals);
    store_conn *c = store_read_acquire(db);
    char plan[2048];
    if (store_suggest_plan(c, plan, sizeof plan) == WS_OK) printf("candidates plan:\n%s", plan);
    int64_t *needs = NULL;
    size_t nneeds = 0;
    ws_err e = store_bench_need_ids(c, &needs, &nneeds);
    if (e || nneeds == 0) die("finding stated needs", e ? e : WS_ERR_NOTFOUND);
    size_t ncand = 0, total_cand = 0;
    for (long i = 0; i < 100 && i < calls; i++) suggest_once(c, needs[below(nneeds)], &ncand); /* warm-up */
    double *ms = xcalloc((size_t)calls, sizeof *ms), sum = 0;
    for (long i = 0; i < calls; i++) {
        int64_t id = needs[below(nneeds)];
        double t = now_ms();
        suggest_once(c, id, &ncand);
        ms[i] = now_ms() - t;
        sum += ms[i];
        total_cand += ncand;
    }
    store_read_release(c);
    qsort(ms, (size_t)calls, sizeof *ms, cmp_double);
    double mean = sum / (double)calls, p50 = ms[calls / 2], p99 = ms[(size_t)((double)calls * 0.99)],
           max = ms[calls - 1];
    printf("%ld suggestions over %zu stated needs: mean %.3f ms, p50 %.3f ms, p99 %.3f ms, max %.3f ms, "
           "%.1f candidates each on average\n",
           calls, nneeds, mean, p50, p99, max, (double)total_cand / (double)calls);
    printf("result mean_ms=%.3f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f candidates=%.1f needs=%zu\n", mean, p50, p99, max,
           (double)total_cand / (double)calls, nneeds);
    free(ms);
    free(needs);
    store_close(db);
    return 0;
}
