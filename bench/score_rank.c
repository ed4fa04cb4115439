/*
** score_rank.c: scores and ranks COUNT households x 52 indicators of the default questionnaire in one
** process, and times it against a lower bound; bench/score_rank_numpy.py does the same computation on
** the same answers with NumPy.
**
** Usage: score_rank COUNT SEED REPS OUT_DIR
** Generates deterministic synthetic answers into memory (levels -1..2 with a household-specific share
** of deprivations, counts of stated needs, a target category, a registration date, an id), writes them
** to OUT_DIR/score_rank.bin for the NumPy side (not timed), then REPS times each, alternating:
**   full   for every household core_hindex_score and core_rank_key_from, then core_rank_sort of the keys;
**   lower  one pass reading every answer byte into a trivial key (C = a 10-bit XOR fold of the bytes, the
**          household id, nothing else), then core_rank_sort of those keys.
** Prints one line per run and a last line "result ..." of medians (seconds) that bench/run.sh reads,
** and writes the ranked household ids to OUT_DIR/score_rank.ranked (int64, little-endian) and their
** checksum sum((position + 1) * id) mod 2^64, which the NumPy side must reproduce.
*/
#include "../src/core/hindex.h"
#include "../src/core/mem.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { MAX_REPS = 99 };

typedef struct data {
    size_t n;
    int nind;
    int8_t *levels;   /* n * nind */
    uint32_t *needs;  /* n * CORE_URG_COUNT */
    uint8_t *category;
    core_date *registered;
    int32_t *ymd;     /* the same dates as yyyymmdd, for the file */
    int64_t *id;
} data;

static uint64_t rng_state;

static uint64_t rnd(void) { /* splitmix64 */
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static uint32_t below(uint32_t n) { return (uint32_t)((rnd() >> 32) * n >> 32); }

/*
** A population shaped like a registry's: most households with a few deprivations, some with many, and
** the answers that raise a red flag twenty times rarer than the others. Severe answers are drawn for
** indicators without a severe level too (they count as 1).
*/
static void generate(data *d, size_t n, uint64_t seed) {
    const core_questionnaire *q = core_questionnaire_default();
    static const uint32_t cat_cumul[] = {5, 40, 60, 70, 85, 99, 100}; /* %: 特困 .. 其他, then none */
    rng_state = seed;
    d->n = n;
    d->nind = q->nind;
    d->levels = xmalloc(n * (size_t)q->nind);
    d->needs = xmalloc(n * CORE_URG_COUNT * sizeof *d->needs);
    d->category = xmalloc(n);
    d->registered = xmalloc(n * sizeof *d->registered);
    d->ymd = xmalloc(n * sizeof *d->ymd);
    d->id = xmalloc(n * sizeof *d->id);
    for (size_t i = 0; i < n; i++) {
        uint32_t kind = below(100);
        uint32_t hardship = kind < 60 ? 2 + below(7) : kind < 90 ? 10 + below(16) : 30 + below(31); /* % */
        int8_t *lv = d->levels + i * (size_t)q->nind;
        for (int j = 0; j < q->nind; j++) {
            uint32_t r = below(1000), p = q->ind[j].red == CORE_RED_NEVER ? hardship * 10 : hardship / 2;
            lv[j] = r < 10 ? -1 : r < 10 + p ? (below(3) == 0 ? 2 : 1) : 0;
        }
        uint32_t *nd = d->needs + i * CORE_URG_COUNT;
        nd[CORE_URG_IMMEDIATE] = below(100) < 3 ? 1 + below(2) : 0;
        nd[CORE_URG_PRIORITY] = below(100) < 30 ? 1 + below(4) : 0;
        nd[CORE_URG_ROUTINE] = below(9);
        uint32_t c = below(100), k = 0;
        while (c >= cat_cumul[k]) k++;
        d->category[i] = (uint8_t)(k < 6 ? k + 1 : CORE_CAT_NONE);
        d->registered[i] = (core_date){2015 + (int)below(12), 1 + (int)below(12), 1 + (int)below(28)};
        d->ymd[i] = (int32_t)core_date_ymd(d->registered[i]);
        d->id[i] = (int64_t)i + 1;
    }
}

static void data_free(data *d) {
    free(d->levels);
    free(d->needs);
    free(d->category);
    free(d->registered);
    free(d->ymd);
    free(d->id);
}

static bool write_all(FILE *f, const void *p, size_t size, size_t count) { return fwrite(p, size, count, f) == count; }

/*
** The answers and the questionnaire's tables for score_rank_numpy.py: "WSSR0001", int64 n, int32 nind,
** ndims, D, 0, int64 (p, q) of the severe, poor and vulnerable cut-offs, int32 weight[nind], dim[nind],
** has_severe[nind], red[nind]; then int8 levels[n*nind], uint32 needs[n*3], uint8 category[n], int32
** yyyymmdd[n], int64 id[n]. Little-endian, no padding.
*/
static bool write_data(const char *path, const data *d) {
    const core_questionnaire *q = core_questionnaire_default();
    FILE *f = fopen(path, "wb");
    if (!f) {
        perror(path);
        return false;
    }
    int64_t n = (int64_t)d->n;
    int32_t head[4] = {q->nind, q->ndims, q->denominator, 0};
    int64_t cut[6] = {q->severe.p, q->severe.q, q->poor.p, q->poor.q, q->vulnerable.p, q->vulnerable.q};
    int32_t table[4][CORE_Q_MAX_INDICATORS];
    for (int j = 0; j < q->nind; j++) {
        table[0][j] = q->ind[j].weight;
        table[1][j] = q->ind[j].dimension;
        table[2][j] = q->ind[j].has_severe;
        table[3][j] = (int32_t)q->ind[j].red;
    }
    bool ok = write_all(f, "WSSR0001", 1, 8) && write_all(f, &n, sizeof n, 1) && write_all(f, head, 4, 4) &&
              write_all(f, cut, 8, 6);
    for (int t = 0; t < 4 && ok; t++) ok = write_all(f, table[t], 4, (size_t)q->nind);
    ok = ok && write_all(f, d->levels, 1, d->n * (size_t)d->nind) &&
         write_all(f, d->needs, sizeof *d->needs, d->n * CORE_URG_COUNT) && write_all(f, d->category, 1, d->n) &&
         write_all(f, d->ymd, sizeof *d->ymd, d->n) && write_all(f, d->id, sizeof *d->id, d->n);
    if (fclose(f) != 0) ok = false;
    if (!ok) fprintf(stderr, "score_rank: cannot write %s: %s\n", path, strerror(errno));
    return ok;
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The timed computation: scores, keys, sort. Returns the seconds of scoring (with key building) in *score_s. */
static double run_full(const data *d, core_rank_key *keys, double *score_s) {
    const core_questionnaire *q = core_questionnaire_default();
    double t0 = now();
    for (size_t i = 0; i < d->n; i++) {
        core_hscore s;
        core_hindex_score(q, d->levels + i * (size_t)d->nind, d->needs + i * CORE_URG_COUNT, &s);
        core_rank_key_from(&s, (core_category)d->category[i], d->registered[i], d->id[i], &keys[i]);
    }
    double t1 = now();
    core_rank_sort(keys, d->n);
    double t2 = now();
    *score_s = t1 - t0;
    return t2 - t0;
}

/*
** The lower bound: every answer byte read once, eight at a time, folded by XOR into a trivial 10-bit
** "score", which with the household id makes the key; then the same sort.
*/
static double run_lower(const data *d, core_rank_key *keys) {
    double t0 = now();
    size_t bytes = (size_t)d->nind, words = bytes / 8;
    for (size_t i = 0; i < d->n; i++) {
        const int8_t *lv = d->levels + i * bytes;
        uint64_t x = 0, w;
        for (size_t k = 0; k < words; k++) {
            memcpy(&w, lv + 8 * k, 8);
            x ^= w;
        }
        for (size_t k = words * 8; k < bytes; k++) x ^= (uint64_t)(uint8_t)lv[k] << (8 * (k % 8));
        x ^= x >> 32;
        x ^= x >> 16;
        keys[i] = (core_rank_key){.c = (int32_t)((x ^ (x >> 8)) & 0x3FF), .household_id = d->id[i]};
    }
    core_rank_sort(keys, d->n);
    return now() - t0;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n) {
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static bool parse_count(const char *text, unsigned long long min, unsigned long long max, unsigned long long *out) {
    char *end;
    errno = 0;
    *out = strtoull(text, &end, 10);
    return *text && !*end && errno == 0 && *out >= min && *out <= max;
}

int main(int argc, char **argv) {
    unsigned long long count, seed, reps;
    if (argc != 5 || !parse_count(argv[1], 2, 100000000, &count) || !parse_count(argv[2], 0, ~0ULL, &seed) ||
        !parse_count(argv[3], 1, MAX_REPS, &reps)) {
        fputs("Usage: score_rank COUNT SEED REPS OUT_DIR\n", stderr);
        return 2;
    }
    char bin_path[4096], ranked_path[4096];
    snprintf(bin_path, sizeof bin_path, "%s/score_rank.bin", argv[4]);
    snprintf(ranked_path, sizeof ranked_path, "%s/score_rank.ranked", argv[4]);

    data d;
    generate(&d, (size_t)count, seed);
    if (!write_data(bin_path, &d)) return 1;
    core_rank_key *keys = xmalloc(d.n * sizeof *keys);

    /* One untimed round of each, so that every page of the arrays is mapped before timing. */
    double score_s, full[MAX_REPS], lower[MAX_REPS], scoring[MAX_REPS];
    run_full(&d, keys, &score_s);
    run_lower(&d, keys);
    for (int r = 0; r < (int)reps; r++) {
        full[r] = run_full(&d, keys, &scoring[r]);
        lower[r] = run_lower(&d, keys);
        printf("run %d: full %.4f s (scoring and keys %.4f s, sort %.4f s), lower bound %.4f s\n", r + 1, full[r],
               scoring[r], full[r] - scoring[r], lower[r]);
    }
    double sort_s[MAX_REPS];
    for (int r = 0; r < (int)reps; r++) sort_s[r] = full[r] - scoring[r];

    /* The ranking of the last full run, for the NumPy side to reproduce. */
    run_full(&d, keys, &score_s);
    int64_t *ranked = xmalloc(d.n * sizeof *ranked);
    uint64_t checksum = 0;
    size_t tiers[CORE_TIER_COUNT] = {0};
    for (size_t i = 0; i < d.n; i++) {
        ranked[i] = keys[i].household_id;
        checksum += (uint64_t)(i + 1) * (uint64_t)keys[i].household_id;
        tiers[keys[i].tier]++;
    }
    FILE *f = fopen(ranked_path, "wb");
    bool ok = f && fwrite(ranked, sizeof *ranked, d.n, f) == d.n;
    if (f && fclose(f) != 0) ok = false;
    if (!ok) {
        fprintf(stderr, "score_rank: cannot write %s\n", ranked_path);
        return 1;
    }
    printf("tiers: red %zu, severe %zu, poor %zu, vulnerable %zu, none %zu\n", tiers[CORE_TIER_RED],
           tiers[CORE_TIER_SEVERE], tiers[CORE_TIER_POOR], tiers[CORE_TIER_VULNERABLE], tiers[CORE_TIER_NONE]);
    printf("first: id %lld tier %s U %u C %d; last: id %lld\n", (long long)keys[0].household_id,
           core_tier_code(keys[0].tier), keys[0].urgency, keys[0].c, (long long)keys[d.n - 1].household_id);
    double m_full = median(full, (int)reps), m_lower = median(lower, (int)reps);
    double m_score = median(scoring, (int)reps), m_sort = median(sort_s, (int)reps);
    printf("result households=%zu indicators=%d reps=%llu full_s=%.4f scoring_s=%.4f sort_s=%.4f lower_s=%.4f "
           "checksum=%llu\n",
           d.n, d.nind, reps, m_full, m_score, m_sort, m_lower, (unsigned long long)checksum);
    free(ranked);
    free(keys);
    data_free(&d);
    return 0;
}
