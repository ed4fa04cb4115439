/*
** hindex.c: one household's hardship and service-need index (C, C_sev, G, B, C_d, red flags, tier,
** urgency), the levels that registry facts give derived indicators, and the ranking key: its reference
** comparison, its fixed-width text form whose byte order is the ranking order, and a fast sort.
**
** Integer arithmetic only: cut-offs are tested as q*C >= p*D (core_cutoff_reached), never by division.
** The sort packs each key, field by field and with no more bits than the keys' actual ranges need, into
** one 128-bit number whose unsigned order is core_rank_key_cmp's order, and sorts those numbers with an
** MSD radix sort; core_rank_key_cmp stays the reference that the tests hold it to. Pure logic: no I/O.
*/
#include "hindex.h"

#include "mem.h"

#include <stdlib.h>
#include <string.h>

/* ---- code tables ---------------------------------------------------------------------------- */

static const char *const tier_codes[CORE_TIER_COUNT] = {
    [CORE_TIER_NONE] = "none", [CORE_TIER_VULNERABLE] = "vulnerable", [CORE_TIER_POOR] = "poor",
    [CORE_TIER_SEVERE] = "severe", [CORE_TIER_RED] = "red",
};
static const char *const tier_zh[CORE_TIER_COUNT] = {
    [CORE_TIER_NONE] = "无", [CORE_TIER_VULNERABLE] = "脆弱", [CORE_TIER_POOR] = "困难",
    [CORE_TIER_SEVERE] = "严重困难", [CORE_TIER_RED] = "红色预警",
};
static const char *const urgency_codes[CORE_URG_COUNT] = {
    [CORE_URG_IMMEDIATE] = "immediate", [CORE_URG_PRIORITY] = "priority", [CORE_URG_ROUTINE] = "routine",
};
static const char *const urgency_zh[CORE_URG_COUNT] = {
    [CORE_URG_IMMEDIATE] = "立即", [CORE_URG_PRIORITY] = "优先", [CORE_URG_ROUTINE] = "常规",
};

const char *core_tier_code(core_tier t) { return (unsigned)t < CORE_TIER_COUNT ? tier_codes[t] : ""; }
const char *core_tier_zh(core_tier t) { return (unsigned)t < CORE_TIER_COUNT ? tier_zh[t] : ""; }

/* Index of text among the codes or the Chinese labels of a table of n entries, or -1. */
static int table_find(const char *const *codes, const char *const *zh, int n, const char *text) {
    if (!text) return -1;
    for (int i = 0; i < n; i++)
        if (strcmp(text, codes[i]) == 0 || strcmp(text, zh[i]) == 0) return i;
    return -1;
}

bool core_tier_parse(const char *code, core_tier *out) {
    int i = table_find(tier_codes, tier_zh, CORE_TIER_COUNT, code);
    if (i < 0) return false;
    *out = (core_tier)i;
    return true;
}

const char *core_urgency_code(core_urgency u) { return (unsigned)u < CORE_URG_COUNT ? urgency_codes[u] : ""; }
const char *core_urgency_zh(core_urgency u) { return (unsigned)u < CORE_URG_COUNT ? urgency_zh[u] : ""; }

bool core_urgency_parse(const char *text, core_urgency *out) {
    int i = table_find(urgency_codes, urgency_zh, CORE_URG_COUNT, text);
    if (i < 0) return false;
    *out = (core_urgency)i;
    return true;
}

/* ---- one household ---------------------------------------------------------------------------- */

enum { COUNT_CAP = 99 };

static uint32_t capped(uint64_t n) { return n > COUNT_CAP ? COUNT_CAP : (uint32_t)n; }

/* Eight levels from levels[at..at+8) as one word, byte k = levels[at + k]; bytes past nind are 0. */
static inline uint64_t level_word(const int8_t *levels, int at, int nind) {
    uint64_t x = 0;
    if (at + 8 <= nind) {
        memcpy(&x, levels + at, 8);
    } else if (nind >= 8) { /* the last eight levels, of which the first at + 8 - nind were read already */
        memcpy(&x, levels + nind - 8, 8);
    } else {
        for (int k = 0; at + k < nind; k++) x |= (uint64_t)(uint8_t)levels[at + k] << (8 * k);
        return x;
    }
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    x = __builtin_bswap64(x);
#endif
    if (at + 8 > nind) x >>= 8 * (at + 8 - nind);
    return x;
}

/* Byte masks; GATHER moves the low bit of byte k of a word to bit 56 + k of the product. */
static const uint64_t HIGH = 0x8080808080808080ULL, LOW7 = 0x7F7F7F7F7F7F7F7FULL, ONES = 0x0101010101010101ULL,
                      GATHER = 0x0102040810204080ULL;

/* (p/q of D) reached by C, as core_cutoff_reached, inlined for the scoring loop. */
static inline bool reached(core_q_cutoff c, int64_t score, int64_t denominator) {
    return (__int128)c.q * score >= (__int128)c.p * denominator;
}

/*
** Levels outside -1..2 are read defensively: any negative level as unanswered, above 2 as 2. An
** indicator whose dimension index is out of range (an unvalidated version) counts in dimension 0, so C_d
** still sums to C and nothing is written out of bounds.
**
** Most answers are 0, so the levels are read eight at a time into a bit mask of the indicators answered
** 1 or 2 (a byte is such when neither 0 nor negative), and only those are visited: one loop of
** unpredictable length per 64 indicators instead of a mispredicted branch per word.
*/
void core_hindex_score(const core_questionnaire *q, const int8_t *levels,
                       const uint32_t need_counts[CORE_URG_COUNT], core_hscore *out) {
    int nind = q->nind < 0 ? 0 : q->nind > CORE_Q_MAX_INDICATORS ? CORE_Q_MAX_INDICATORS : q->nind;
    int ndims = q->ndims < 1 ? 1 : q->ndims > CORE_Q_MAX_DIMS ? CORE_Q_MAX_DIMS : q->ndims;
    /*
    ** C and C_sev in 64 bits, C_d in unsigned 32 bits (wrapping, not overflowing, should an unvalidated
    ** version have absurd weights; a valid one sums to at most 1,000,000). Every field of *out is
    ** assigned below: clearing the whole struct first (a `rep stos`) cost a fifth of the function.
    */
    uint32_t c_dim[CORE_Q_MAX_DIMS] = {0};
    int64_t c = 0, c_sev = 0;
    int32_t red = 0, unanswered = 0;
    for (int base = 0; base < nind; base += 64) {
        /* Bit j of `positive`: indicator base + j answered 1 or 2, gathered eight bytes at a time. */
        uint64_t positive = 0;
        for (int at = base; at < nind && at < base + 64; at += 8) {
            uint64_t x = level_word(levels, at, nind);
            uint64_t negative = x & HIGH;
            uint64_t nonzero = (((x & LOW7) + LOW7) | x) & HIGH;
            unanswered += (int32_t)(((negative >> 7) * ONES) >> 56);
            positive |= ((((nonzero & ~negative) >> 7) * GATHER) >> 56) << (at - base);
        }
        for (; positive; positive &= positive - 1) {
            int j = base + __builtin_ctzll(positive);
            const core_q_indicator *ind = &q->ind[j];
            int64_t w = ind->weight;
            int32_t severe = (levels[j] >= 2) & (ind->has_severe != 0);
            c += w;
            c_sev += w & -(int64_t)severe;
            red += (ind->red == CORE_RED_WHEN_DEPRIVED) | (severe & (ind->red == CORE_RED_WHEN_SEVERE));
            c_dim[(unsigned)ind->dimension < (unsigned)ndims ? ind->dimension : 0] += (uint32_t)w;
        }
    }

    int32_t breadth = 0;
    for (int d = 0; d < CORE_Q_MAX_DIMS; d++) {
        out->c_dim[d] = (int32_t)c_dim[d];
        breadth += out->c_dim[d] > 0;
    }
    out->c = (int32_t)c;
    out->c_sev = (int32_t)c_sev;
    out->g = (int32_t)(c + c_sev);
    out->breadth = breadth;
    out->red_flags = red;
    out->unanswered = unanswered;
    int64_t D = q->denominator;
    out->tier = red > 0                     ? CORE_TIER_RED
                : reached(q->severe, c, D)     ? CORE_TIER_SEVERE
                : reached(q->poor, c, D)       ? CORE_TIER_POOR
                : reached(q->vulnerable, c, D) ? CORE_TIER_VULNERABLE
                                               : CORE_TIER_NONE;
    uint64_t immediate = need_counts ? need_counts[CORE_URG_IMMEDIATE] : 0;
    uint32_t priority = need_counts ? need_counts[CORE_URG_PRIORITY] : 0;
    uint32_t routine = need_counts ? need_counts[CORE_URG_ROUTINE] : 0;
    out->urgency = 10000 * capped(immediate + (uint64_t)red) + 100 * capped(priority) + capped(routine);
}

bool core_hindex_complete_enough(const core_questionnaire *q, const int8_t *levels) {
    int nind = q->nind < 0 ? 0 : q->nind > CORE_Q_MAX_INDICATORS ? CORE_Q_MAX_INDICATORS : q->nind;
    int64_t unanswered = 0;
    for (int j = 0; j < nind; j++) unanswered += levels[j] < 0;
    /* unanswered / nind <= p / q, as unanswered * q <= p * nind */
    return (__int128)unanswered * q->max_unanswered.q <= (__int128)q->max_unanswered.p * nind;
}

/* ---- derived indicators ----------------------------------------------------------------------- */

int core_hindex_derive(core_derive d, core_category category, const core_member_facts *members,
                       int nmembers) {
    if (!members || nmembers < 0) nmembers = 0;
    int aged60 = 0, aged80 = 0, aged90 = 0, ill = 0, disabled = 0, severe = 0, grade1 = 0;
    for (int i = 0; i < nmembers; i++) {
        const core_member_facts *m = &members[i];
        aged60 += m->age >= 60;
        aged80 += m->age >= 80;
        aged90 += m->age >= 90;
        ill += m->serious_illness;
        disabled += m->disability_grade >= 1 && m->disability_grade <= 4;
        severe += m->disability_grade >= 1 && m->disability_grade <= 2;
        grade1 += m->disability_grade == 1;
    }
    switch (d) {
    case CORE_DERIVE_ELDERLY_ONLY:
        if (nmembers == 1 && aged80 == 1) return 2;
        return nmembers > 0 && aged60 == nmembers;
    case CORE_DERIVE_ONE_PERSON: return nmembers == 1;
    case CORE_DERIVE_SERIOUS_ILLNESS: return ill > 0;
    case CORE_DERIVE_AGED_80: return aged90 > 0 ? 2 : aged80 > 0;
    case CORE_DERIVE_DISABILITY: return disabled > 0;
    case CORE_DERIVE_SEVERE_DISABILITY: return grade1 > 0 ? 2 : severe > 0;
    case CORE_DERIVE_MULTIPLE_DISABILITY: return severe >= 2 ? 2 : disabled >= 2;
    case CORE_DERIVE_BELOW_DIBAO: return category == CORE_CAT_TEKUN || category == CORE_CAT_DIBAO;
    case CORE_DERIVE_BELOW_DIBAO_EDGE:
        return category == CORE_CAT_TEKUN || category == CORE_CAT_DIBAO || category == CORE_CAT_DIBAO_EDGE;
    case CORE_DERIVE_NONE:
    case CORE_DERIVE_COUNT: break;
    }
    return 0;
}

/* ---- the ranking key -------------------------------------------------------------------------- */

void core_rank_key_from(const core_hscore *s, core_category category, core_date registered,
                        int64_t household_id, core_rank_key *out) {
    out->tier = s->tier;
    out->urgency = s->urgency;
    out->c = s->c;
    out->c_sev = s->c_sev;
    out->g = s->g;
    out->breadth = s->breadth;
    out->category = category;
    out->registered_ymd = (int32_t)core_date_ymd(registered);
    out->household_id = household_id;
}

/* The category's place in the ranking: 特困 0, ..., 其他 5, NONE (and nonsense) after them all. */
static uint32_t category_rank(core_category c) { return (uint32_t)c - 1u; }

#define LARGER_FIRST(x, y) \
    if ((x) != (y)) return (x) > (y) ? -1 : 1
#define SMALLER_FIRST(x, y) \
    if ((x) != (y)) return (x) < (y) ? -1 : 1

int core_rank_key_cmp(const core_rank_key *a, const core_rank_key *b) {
    LARGER_FIRST((uint32_t)a->tier, (uint32_t)b->tier);
    LARGER_FIRST(a->urgency, b->urgency);
    LARGER_FIRST(a->c, b->c);
    LARGER_FIRST(a->c_sev, b->c_sev);
    LARGER_FIRST(a->g, b->g);
    LARGER_FIRST(a->breadth, b->breadth);
    SMALLER_FIRST(category_rank(a->category), category_rank(b->category));
    SMALLER_FIRST(a->registered_ymd, b->registered_ymd);
    SMALLER_FIRST(a->household_id, b->household_id);
    return 0;
}

/* v clamped to 0..max. */
static uint64_t clamp_u(int64_t v, uint64_t max) { return v < 0 ? 0 : (uint64_t)v > max ? max : (uint64_t)v; }

/* width decimal digits of v (v < 10^width) at out. */
static void put_digits(char *out, uint64_t v, int width) {
    for (int i = width - 1; i >= 0; i--) {
        out[i] = (char)('0' + v % 10);
        v /= 10;
    }
}

/*
** Larger-first fields are written as max - value. Values outside a field's width are clamped: they do
** not occur for a valid version (D <= 1,000,000, so C <= 9,999,999 and G <= 99,999,999; B <= 16; U <=
** 999,999 by construction; dates are yyyymmdd; household ids stay below 10^12).
*/
void core_rank_key_encode(const core_rank_key *k, char out[CORE_RANK_KEY_LEN + 1]) {
    char *p = out;
    uint32_t tier = (uint32_t)k->tier;
    put_digits(p, CORE_TIER_RED - (tier > CORE_TIER_RED ? CORE_TIER_RED : tier), 1), p += 1;
    put_digits(p, 999999 - clamp_u(k->urgency, 999999), 6), p += 6;
    put_digits(p, 9999999 - clamp_u(k->c, 9999999), 7), p += 7;
    put_digits(p, 9999999 - clamp_u(k->c_sev, 9999999), 7), p += 7;
    put_digits(p, 99999999 - clamp_u(k->g, 99999999), 8), p += 8;
    put_digits(p, 99 - clamp_u(k->breadth, 99), 2), p += 2;
    put_digits(p, clamp_u(category_rank(k->category), 9), 1), p += 1;
    put_digits(p, clamp_u(k->registered_ymd, 99999999), 8), p += 8;
    put_digits(p, clamp_u(k->household_id, 999999999999), 12), p += 12;
    *p = '\0';
}

/* ---- sorting ---------------------------------------------------------------------------------- */

typedef unsigned __int128 u128;

/*
** Packed numbers live in byte arrays, 16 bytes each, read and written with memcpy only: in the usual
** case they are made inside the keys' own memory (a key is 40 bytes, a number and its scratch copy 32),
** so sorting a million keys touches no fresh page.
*/
enum { PACKED = 16 };
/* Where the high and the low 64 bits of a stored number are. */
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
enum { HI = 0, LO = 8 };
#else
enum { HI = 8, LO = 0 };
#endif
static inline u128 ld(const unsigned char *p) {
    u128 x;
    memcpy(&x, p, sizeof x);
    return x;
}
static inline void st(unsigned char *p, u128 x) { memcpy(p, &x, sizeof x); }

/* The key's fields in ranking order; the first six rank larger values first. */
enum { F_TIER, F_URGENCY, F_C, F_CSEV, F_G, F_BREADTH, F_CATEGORY, F_DATE, F_ID, NFIELDS };

/*
** How one field goes into the packed number. Its value u counts from the field's first-ranked value
** over the keys being sorted (max - v for larger-first fields, v - min for the others), so it needs only
** `bits` bits; u >> drop, masked by `keep` (0 when the field is past the 128 bits), is shifted left by
** `pos`. Unpacking (only when nothing was dropped) reads `bits` bits at `pos` back.
*/
typedef struct field_pack {
    uint64_t base; /* max or min, as an unsigned number */
    uint64_t keep, mask;
    int bits, drop, pos;
    int64_t none; /* the category field only: the value that stands for CORE_CAT_NONE */
} field_pack;

/*
** The fields of key k as numbers in the same order as core_rank_key_cmp's. The category is its rank,
** except that CORE_CAT_NONE, whose rank is UINT32_MAX, is given `none`: one more than the largest rank
** of the keys being sorted, so that it still sorts last but does not widen the field to 32 bits.
*/
#define KEY_FIELDS(k, none)                                                                             \
    {(int64_t)(uint32_t)(k)->tier, (int64_t)(k)->urgency, (k)->c, (k)->c_sev, (k)->g, (k)->breadth,       \
     (k)->category == CORE_CAT_NONE ? (none) : (int64_t)category_rank((k)->category), (k)->registered_ymd,  \
     (k)->household_id}

static int bits_for(uint64_t v) { return v ? 64 - __builtin_clzll(v) : 0; }

/*
** Finds each field's range over the keys and lays the fields out from bit 127 down, keeping at most
** `avail` bits in all. Returns the number of bits the whole key needs (more than avail: some dropped).
*/
static int plan_fields(const core_rank_key *keys, size_t n, int avail, field_pack fp[NFIELDS]) {
    int64_t lo[NFIELDS], hi[NFIELDS];
    for (int f = 0; f < NFIELDS; f++) lo[f] = INT64_MAX, hi[f] = INT64_MIN;
    bool any_none = false;
    for (size_t i = 0; i < n; i++) {
        /* NONE counts in neither end of the category's range: INT64_MAX for the minimum, -1 for the maximum */
        const int64_t v[NFIELDS] = KEY_FIELDS(&keys[i], INT64_MAX);
        int64_t cat_max = keys[i].category == CORE_CAT_NONE ? -1 : v[F_CATEGORY];
        any_none |= keys[i].category == CORE_CAT_NONE;
#define RANGE(f, x) lo[f] = v[f] < lo[f] ? v[f] : lo[f], hi[f] = (x) > hi[f] ? (x) : hi[f]
        RANGE(0, v[0]), RANGE(1, v[1]), RANGE(2, v[2]), RANGE(3, v[3]), RANGE(4, v[4]), RANGE(5, v[5]),
            RANGE(6, cat_max), RANGE(7, v[7]), RANGE(8, v[8]);
#undef RANGE
    }
    if (hi[F_CATEGORY] < 0) { /* every key without a category */
        fp[F_CATEGORY].none = lo[F_CATEGORY] = hi[F_CATEGORY] = 0;
    } else {
        fp[F_CATEGORY].none = hi[F_CATEGORY] + 1;
        if (any_none) hi[F_CATEGORY] += 1;
    }
    int total = 0, room = avail, top = 128;
    for (int f = 0; f < NFIELDS; f++) {
        field_pack *p = &fp[f];
        p->base = (uint64_t)(f <= F_BREADTH ? hi[f] : lo[f]);
        p->bits = bits_for((uint64_t)hi[f] - (uint64_t)lo[f]);
        p->mask = p->bits == 64 ? ~0ULL : (1ULL << p->bits) - 1;
        int kept = p->bits < room ? p->bits : room;
        p->drop = kept > 0 ? p->bits - kept : 0; /* at most 63 */
        p->keep = kept > 0 ? ~0ULL : 0;
        p->pos = kept > 0 ? top - kept : 0;
        top -= kept;
        room -= kept;
        total += p->bits;
    }
    return total;
}

/*
** Field f's value placed in the two halves of the number. Which half a field lands in is the same for
** every key of one sort, so these branches are predicted; they avoid 128-bit shifts by variable amounts.
*/
static inline void put(const field_pack *p, uint64_t u, uint64_t *hi, uint64_t *lo) {
    u = (u >> p->drop) & p->keep;
    if (p->pos >= 64) {
        *hi |= u << (p->pos - 64);
    } else {
        *lo |= u << p->pos;
        *hi |= (u >> 1) >> (63 - p->pos); /* u >> (64 - pos), also for pos = 0 */
    }
}

static inline u128 pack(const field_pack fp[NFIELDS], const core_rank_key *k) {
    const int64_t v[NFIELDS] = KEY_FIELDS(k, fp[F_CATEGORY].none);
    uint64_t hi = 0, lo = 0;
    for (int f = 0; f <= F_BREADTH; f++) put(&fp[f], fp[f].base - (uint64_t)v[f], &hi, &lo);
    for (int f = F_CATEGORY; f < NFIELDS; f++) put(&fp[f], (uint64_t)v[f] - fp[f].base, &hi, &lo);
    return (u128)hi << 64 | lo;
}

/* The `bits` bits at `pos` of the number. */
static inline uint64_t take(const field_pack *p, uint64_t hi, uint64_t lo) {
    if (p->pos >= 64) return (hi >> (p->pos - 64)) & p->mask;
    return ((lo >> p->pos) | ((hi << 1) << (63 - p->pos))) & p->mask;
}

/* The key back from a number into which every field went whole. */
static inline void unpack(const field_pack fp[NFIELDS], u128 x, core_rank_key *k) {
    uint64_t hi = (uint64_t)(x >> 64), lo = (uint64_t)x;
#define TAKE(f) take(&fp[f], hi, lo)
    k->tier = (core_tier)(uint32_t)(fp[F_TIER].base - TAKE(F_TIER));
    k->urgency = (uint32_t)(fp[F_URGENCY].base - TAKE(F_URGENCY));
    k->c = (int32_t)(fp[F_C].base - TAKE(F_C));
    k->c_sev = (int32_t)(fp[F_CSEV].base - TAKE(F_CSEV));
    k->g = (int32_t)(fp[F_G].base - TAKE(F_G));
    k->breadth = (int32_t)(fp[F_BREADTH].base - TAKE(F_BREADTH));
    int64_t category = (int64_t)(fp[F_CATEGORY].base + TAKE(F_CATEGORY));
    k->category = category == fp[F_CATEGORY].none ? CORE_CAT_NONE : (core_category)((uint32_t)category + 1u);
    k->registered_ymd = (int32_t)(fp[F_DATE].base + TAKE(F_DATE));
    k->household_id = (int64_t)(fp[F_ID].base + TAKE(F_ID));
#undef TAKE
}

enum { RADIX_BITS = 8, RADIX = 1 << RADIX_BITS, SMALL_RUN = 48 };

static inline unsigned digit(u128 x, int shift) { return (unsigned)(x >> shift) & (RADIX - 1); }

static void insertion_sort(unsigned char *a, size_t n) {
    for (size_t i = 1; i < n; i++) {
        u128 x = ld(a + i * PACKED);
        size_t j = i;
        for (; j > 0 && ld(a + (j - 1) * PACKED) > x; j--) st(a + j * PACKED, ld(a + (j - 1) * PACKED));
        st(a + j * PACKED, x);
    }
}

/* Counts digits at `shift` of n numbers at x, into count (zeroed first). */
static void count_digits(const unsigned char *x, size_t n, int shift, size_t count[RADIX]) {
    memset(count, 0, RADIX * sizeof *count);
    if (shift >= 64) {
        for (size_t i = 0; i < n; i++) {
            uint64_t h;
            memcpy(&h, x + i * PACKED + HI, 8);
            count[(h >> (shift - 64)) & (RADIX - 1)]++;
        }
    } else {
        for (size_t i = 0; i < n; i++) {
            uint64_t l;
            memcpy(&l, x + i * PACKED + LO, 8);
            count[(l >> shift) & (RADIX - 1)]++;
        }
    }
}

/*
** MSD radix sort of the n numbers at x by the digit at bit `shift` and those below it, down to bit `low`.
** y is scratch of the same size; the sorted numbers end in x when to_x, else in y. A digit that every
** number shares costs one counting pass and no move. Numbers equal in every bit from `low` up are left in
** any order (below `low` there is nothing, or an index that the caller does not sort by). Digits never
** straddle the two 64-bit halves (8 divides 64), so each pass reads only the half that holds its digit.
*/
static void radix_sort(unsigned char *x, unsigned char *y, size_t n, int shift, int low, bool to_x) {
    size_t count[RADIX], at[RADIX];
    for (;;) {
        if (shift + RADIX_BITS <= low) {
            if (!to_x) memcpy(y, x, n * PACKED);
            return;
        }
        if (n <= SMALL_RUN) {
            insertion_sort(x, n);
            if (!to_x) memcpy(y, x, n * PACKED);
            return;
        }
        count_digits(x, n, shift, count);
        if (count[digit(ld(x), shift)] != n) break;
        shift -= RADIX_BITS;
    }
    size_t sum = 0;
    for (int d = 0; d < RADIX; d++) {
        at[d] = sum;
        sum += count[d];
    }
    if (shift >= 64) {
        for (size_t i = 0; i < n; i++) {
            uint64_t h;
            memcpy(&h, x + i * PACKED + HI, 8);
            memcpy(y + at[(h >> (shift - 64)) & (RADIX - 1)]++ * PACKED, x + i * PACKED, PACKED);
        }
    } else {
        for (size_t i = 0; i < n; i++) {
            uint64_t l;
            memcpy(&l, x + i * PACKED + LO, 8);
            memcpy(y + at[(l >> shift) & (RADIX - 1)]++ * PACKED, x + i * PACKED, PACKED);
        }
    }
    for (int d = 0; d < RADIX; d++) /* at[d] is now the end of bucket d */
        if (count[d]) {
            size_t start = at[d] - count[d];
            radix_sort(y + start * PACKED, x + start * PACKED, count[d], shift - RADIX_BITS, low, !to_x);
        }
}

static int key_cmp_void(const void *a, const void *b) { return core_rank_key_cmp(a, b); }

_Static_assert(sizeof(core_rank_key) >= 2 * PACKED, "a key holds a packed number and its scratch copy");

/*
** Keys too wide for 128 bits (huge ranges of ids or dates and a large D at once): sorts by the first
** 128 - ib bits with the key's index in the last ib, gathers, then puts each run of equal prefixes in
** order with the reference comparison.
*/
static void sort_wide(core_rank_key *keys, size_t n) {
    field_pack fp[NFIELDS];
    int ib = bits_for((uint64_t)(n - 1));
    plan_fields(keys, n, 128 - ib, fp);
    unsigned char *a = xmalloc(n * PACKED), *b = xmalloc(n * PACKED);
    for (size_t i = 0; i < n; i++) st(a + i * PACKED, pack(fp, &keys[i]) | (u128)i);
    radix_sort(a, b, n, 128 - RADIX_BITS, ib, true);
    free(b);
    core_rank_key *sorted = xmalloc(n * sizeof *sorted);
    u128 mask = ~(u128)0 << ib;
    for (size_t i = 0; i < n; i++) sorted[i] = keys[(size_t)(ld(a + i * PACKED) & ~mask)];
    for (size_t i = 0, j; i < n; i = j) {
        u128 prefix = ld(a + i * PACKED) & mask;
        for (j = i + 1; j < n && (ld(a + j * PACKED) & mask) == prefix; j++) continue;
        if (j - i > 1) qsort(sorted + i, j - i, sizeof *sorted, key_cmp_void);
    }
    memcpy(keys, sorted, n * sizeof *keys);
    free(sorted);
    free(a);
}

void core_rank_sort(core_rank_key *keys, size_t n) {
    if (n < 2 * SMALL_RUN) {
        qsort(keys, n, sizeof *keys, key_cmp_void);
        return;
    }
    field_pack fp[NFIELDS];
    int total = plan_fields(keys, n, 128, fp);
    if (total > 128) {
        sort_wide(keys, n);
        return;
    }
    /*
    ** Every field fits, so a number is its key. Number i is written over the first bytes of the keys'
    ** memory (at 16i, never past key i's end, so no unread key is overwritten), the scratch copy follows
    ** at 16n, and the keys are unpacked from the last to the first (key i at 40i covers only numbers
    ** already read, and number 0 is read before key 0 is written).
    */
    unsigned char *mem = (unsigned char *)keys;
    for (size_t i = 0; i < n; i++) st(mem + i * PACKED, pack(fp, &keys[i]));
    radix_sort(mem, mem + n * PACKED, n, 128 - RADIX_BITS, 128 - total, true);
    for (size_t i = n; i-- > 0;) {
        u128 x = ld(mem + i * PACKED);
        core_rank_key k;
        unpack(fp, x, &k);
        memcpy(&keys[i], &k, sizeof k);
    }
}
