/*
** synth.c: deterministic synthetic households (see synth.h). Owns its PRNG state and the set of ID
** numbers it has issued. A household is planned first as drafts (relation, sex, age, surname) so that
** ages fit relations, then each draft becomes a core_member with a birth date, an ID number and a phone.
** No clock, no rand(), no locale: the same seed gives the same bytes everywhere.
*/
#include "synth.h"

#include "idnum.h"
#include "mem.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

enum { MAX_MEMBERS = 6, OLDEST = 98, SEQS_PER_SEX = 500 };

struct core_synth {
    uint64_t state[4];  /* xoshiro256** */
    uint64_t households; /* made so far, for household numbers */
    uint64_t *ids;       /* open-addressing set of issued numbers (17 digits as an integer, + 1); 0 is free */
    size_t ids_cap, ids_used;
};

/* ---- random numbers --------------------------------------------------------------------------- */

static uint64_t splitmix64(uint64_t *x) {
    uint64_t z = (*x += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static uint64_t next64(core_synth *s) {
    uint64_t *t = s->state;
    uint64_t result = rotl(t[1] * 5, 7) * 9, u = t[1] << 17;
    t[2] ^= t[0];
    t[3] ^= t[1];
    t[1] ^= t[2];
    t[0] ^= t[3];
    t[2] ^= u;
    t[3] = rotl(t[3], 45);
    return result;
}

/* Uniform in [0, n), n > 0, without modulo bias (Lemire's method). */
static uint32_t below(core_synth *s, uint32_t n) {
    uint64_t m = (next64(s) >> 32) * n;
    if ((uint32_t)m < n) {
        uint32_t threshold = (uint32_t)(0u - n) % n;
        while ((uint32_t)m < threshold) m = (next64(s) >> 32) * n;
    }
    return (uint32_t)(m >> 32);
}

static int between(core_synth *s, int lo, int hi) { return lo + (int)below(s, (uint32_t)(hi - lo + 1)); }

static bool chance(core_synth *s, uint32_t percent) { return below(s, 100) < percent; }

/* An index into weights[0..n) drawn in proportion to the weights (not all zero). */
static size_t weighted(core_synth *s, const unsigned *weights, size_t n) {
    uint32_t total = 0;
    for (size_t i = 0; i < n; i++) total += weights[i];
    uint32_t r = below(s, total);
    size_t i = 0;
    while (r >= weights[i]) r -= weights[i++];
    return i;
}

static const char *pick(core_synth *s, const char *const *words, size_t n) { return words[below(s, (uint32_t)n)]; }

/* ---- word lists ------------------------------------------------------------------------------- */

/* Surnames common in Weihai come first and are drawn more often. */
enum { LOCAL_SURNAMES = 12 };
static const char *const surnames[] = {
    "王", "于", "张", "刘", "孙", "丛", "李", "毕", "曲", "林", "宋", "鞠", "谷", "董", "姜", "杨", "陈", "赵",
    "徐", "郭", "高", "马", "周", "吴", "黄", "胡", "朱", "何", "罗", "梁", "谢", "韩", "唐", "冯", "邓", "曹",
    "彭", "肖", "田", "袁", "潘", "蒋", "蔡", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢",
    "崔", "钟", "谭", "陆", "范", "汪", "石", "贾", "夏", "付", "方", "白", "邹", "孟", "秦", "邱", "侯", "邵",
    "段", "史", "毛", "万", "顾", "武", "康", "贺", "严", "尹", "钱", "施", "牛", "洪", "龚", "欧阳", "慕容"};
static const char *const male_chars[] = {
    "伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "刚", "平", "辉", "鹏", "华", "飞", "鑫",
    "波", "宁", "健", "亮", "俊", "峰", "建", "国", "志", "文", "海", "东", "林", "成", "龙", "兴", "福",
    "德", "庆", "春", "生", "山", "祥", "永", "学", "宝", "金", "振", "浩", "宇", "博", "子", "轩"};
static const char *const female_chars[] = {
    "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "燕", "玲", "桂", "英", "兰", "梅", "秀", "红", "琳",
    "慧", "婷", "雪", "颖", "琴", "萍", "凤", "洁", "云", "莉", "倩", "月", "珍", "玉", "华", "春", "淑",
    "欣", "怡", "涵", "雨", "萱", "佳"};
/* Characters outside the BMP or in extension A, as some real names have; 𡐤 is U+21424. */
static const char *const rare_chars[] = {"𡐤", "䶮"};
static const char *const roads[] = {"新威路", "统一路", "青岛路", "海滨路", "文化路", "世昌大道", "古寨路",
                                    "昆明路", "花园路", "和平路", "光明路", "新华路", "东城路", "齐鲁大道",
                                    "渔港路", "宝泉路", "沈阳路", "塔山路", "高山路", "戚谷疃路"};
static const char *const communities[] = {"塔山", "竹岛", "海港", "福山", "望岛", "古寨", "翠竹", "新港", "东山",
                                          "西苑", "华夏", "金线顶", "里口", "环山", "凤林", "菊花顶", "长峰", "皂埠"};
static const char *const village_ends[] = {"庄", "疃", "夼", "泊", "屯", "岭", "寨", "沟"};
static const char *const village_heads[] = {"东", "西", "南", "北", "前", "后", "大", "小", "上", "下", "河", "山"};

/* ---- dates ------------------------------------------------------------------------------------ */

static int month_days(int y, int m) {
    int d = 31;
    while (!core_date_valid(y, m, d)) d--;
    return d;
}

/* The same day some years earlier; 29 February becomes 28 February. */
static core_date years_before(core_date d, int years) {
    d.y -= years;
    if (d.d > month_days(d.y, d.m)) d.d = month_days(d.y, d.m);
    return d;
}

/* A date in (after, until], after < until. */
static core_date date_in(core_synth *s, core_date after, core_date until) {
    for (;;) {
        core_date d;
        d.y = between(s, after.y, until.y);
        d.m = between(s, 1, 12);
        d.d = between(s, 1, month_days(d.y, d.m));
        if (core_date_ymd(d) > core_date_ymd(after) && core_date_ymd(d) <= core_date_ymd(until)) return d;
    }
}

/* A birth date that makes someone exactly age years old today. */
static core_date birth_for_age(core_synth *s, core_date today, int age) {
    return date_in(s, years_before(today, age + 1), years_before(today, age));
}

/* ---- planning a family ------------------------------------------------------------------------ */

/* A member before details: who they are to the head, and how old. */
typedef struct draft {
    core_relation rel;
    char sex;
    int age;
    const char *surname;
} draft;

typedef struct family {
    core_category category;
    draft m[MAX_MEMBERS];
    size_t n;
    const char *surname; /* the children's surname */
} family;

static const char *random_surname(core_synth *s) {
    return chance(s, 50) ? pick(s, surnames, LOCAL_SURNAMES) : pick(s, surnames, COUNT(surnames));
}

static char other_sex(char sex) { return sex == 'M' ? 'F' : 'M'; }

static int clamp(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }

static size_t count_rel(const family *f, core_relation r) {
    size_t n = 0;
    for (size_t i = 0; i < f->n; i++) n += f->m[i].rel == r;
    return n;
}

static const draft *find_rel(const family *f, core_relation r) {
    for (size_t i = 0; i < f->n; i++)
        if (f->m[i].rel == r) return &f->m[i];
    return NULL;
}

/* The eldest child aged 20 or more, or NULL. */
static const draft *adult_child(const family *f) {
    const draft *best = NULL;
    for (size_t i = 0; i < f->n; i++)
        if (f->m[i].rel == CORE_REL_CHILD && f->m[i].age >= 20 && (!best || f->m[i].age > best->age)) best = &f->m[i];
    return best;
}

/* The age of the younger of head and spouse: children must be at least 20 years younger. */
static int parents_age(const family *f) {
    const draft *spouse = find_rel(f, CORE_REL_SPOUSE);
    return spouse && spouse->age < f->m[0].age ? spouse->age : f->m[0].age;
}

static draft *add_draft(family *f, core_relation rel, char sex, int age, const char *surname) {
    draft *d = &f->m[f->n++];
    *d = (draft){rel, sex, clamp(age, 0, OLDEST), surname};
    return d;
}

static void plan_head(core_synth *s, family *f) {
    static const unsigned category_weights[CORE_CAT_COUNT] = {0, 8, 34, 24, 14, 12, 8};
    static const unsigned age_band_weights[] = {20, 30, 30, 20};
    static const int age_bands[][2] = {{25, 44}, {45, 59}, {60, 74}, {75, 92}};
    f->category = (core_category)weighted(s, category_weights, CORE_CAT_COUNT);
    int age;
    if (f->category == CORE_CAT_TEKUN) {
        age = chance(s, 75) ? between(s, 60, 95) : between(s, 25, 59);
    } else {
        size_t band = weighted(s, age_band_weights, COUNT(age_band_weights));
        age = between(s, age_bands[band][0], age_bands[band][1]);
    }
    add_draft(f, CORE_REL_HEAD, chance(s, 55) ? 'M' : 'F', age, random_surname(s));
    f->surname = f->m[0].surname;
}

static void plan_spouse(core_synth *s, family *f) {
    const draft *head = &f->m[0];
    draft *sp = add_draft(f, CORE_REL_SPOUSE, other_sex(head->sex), clamp(head->age + between(s, -6, 6), 20, OLDEST),
                          random_surname(s));
    if (head->sex == 'F') f->surname = sp->surname;
}

/* The relations that can still join: weights indexed by core_relation. */
static void relative_weights(const family *f, unsigned w[CORE_REL_COUNT]) {
    int head = f->m[0].age;
    memset(w, 0, CORE_REL_COUNT * sizeof *w);
    w[CORE_REL_SIBLING] = 4;
    w[CORE_REL_OTHER] = 2;
    if (f->category == CORE_CAT_TEKUN) return; /* 特困: no one obliged to support them lives with them */
    if (parents_age(f) >= 20 && count_rel(f, CORE_REL_CHILD) < 4) w[CORE_REL_CHILD] = 50;
    if (head <= 68 && count_rel(f, CORE_REL_PARENT) < 2) w[CORE_REL_PARENT] = 14;
    if (head >= 42 && count_rel(f, CORE_REL_GRANDCHILD) < 3) w[CORE_REL_GRANDCHILD] = 14;
    if (head <= 32 && count_rel(f, CORE_REL_GRANDPARENT) < 2) w[CORE_REL_GRANDPARENT] = 5;
    if (adult_child(f) && count_rel(f, CORE_REL_CHILD_IN_LAW) == 0) w[CORE_REL_CHILD_IN_LAW] = 8;
}

/* Parents and grandparents come as a man and a woman; the first one's sex is random. */
static char elder_sex(core_synth *s, const family *f, core_relation rel) {
    const draft *first = find_rel(f, rel);
    return first ? other_sex(first->sex) : chance(s, 50) ? 'M' : 'F';
}

static void plan_relative(core_synth *s, family *f) {
    unsigned w[CORE_REL_COUNT];
    relative_weights(f, w);
    core_relation rel = (core_relation)weighted(s, w, CORE_REL_COUNT);
    const draft *head = &f->m[0];
    int base = parents_age(f), grown;
    char sex = chance(s, 50) ? 'M' : 'F';
    const draft *child;
    switch (rel) {
    case CORE_REL_CHILD:
        add_draft(f, rel, sex, base - between(s, 20, base < 38 ? base : 38), f->surname);
        break;
    case CORE_REL_PARENT:
    case CORE_REL_GRANDPARENT:
        sex = elder_sex(s, f, rel);
        add_draft(f, rel, sex, head->age + (rel == CORE_REL_PARENT ? between(s, 20, 34) : between(s, 45, 60)),
                  sex == 'M' ? head->surname : random_surname(s));
        break;
    case CORE_REL_GRANDCHILD:
        child = adult_child(f);
        grown = child ? child->age : clamp(head->age - between(s, 22, 32), 20, head->age);
        add_draft(f, rel, sex, grown - between(s, 20, grown < 35 ? grown : 35), f->surname);
        break;
    case CORE_REL_CHILD_IN_LAW:
        child = adult_child(f);
        add_draft(f, rel, other_sex(child->sex), clamp(child->age + between(s, -4, 4), 20, OLDEST),
                  random_surname(s));
        break;
    case CORE_REL_SIBLING:
        add_draft(f, rel, sex, head->age + between(s, -12, 12), head->surname);
        break;
    default:
        add_draft(f, CORE_REL_OTHER, sex, between(s, 5, 85), random_surname(s));
        break;
    }
}

static void plan_family(core_synth *s, family *f) {
    static const unsigned size_weights[MAX_MEMBERS] = {14, 28, 26, 18, 9, 5};
    memset(f, 0, sizeof *f);
    plan_head(s, f);
    size_t target = f->category == CORE_CAT_TEKUN ? (chance(s, 85) ? 1 : 2)
                                                   : 1 + weighted(s, size_weights, MAX_MEMBERS);
    if (target >= 2 && f->category != CORE_CAT_TEKUN && f->m[0].age >= 22 && chance(s, 80)) plan_spouse(s, f);
    while (f->n < target) plan_relative(s, f);
}

/* ---- details ---------------------------------------------------------------------------------- */

static void make_name(core_synth *s, const char *surname, char sex, char out[32]) {
    const char *const *pool = sex == 'M' ? male_chars : female_chars;
    size_t n = sex == 'M' ? COUNT(male_chars) : COUNT(female_chars);
    const char *first = pick(s, pool, n), *second = chance(s, 70) ? pick(s, pool, n) : "";
    if (below(s, 150) == 0) {
        const char *rare = pick(s, rare_chars, COUNT(rare_chars));
        if (second[0]) second = rare;
        else first = rare;
    }
    snprintf(out, 32, "%s%s%s", surname, first, second);
}

static uint64_t id_key(const char digits17[17]) {
    uint64_t k = 0;
    for (int i = 0; i < 17; i++) k = k * 10 + (uint64_t)(digits17[i] - '0');
    return k + 1;
}

static size_t id_slot(uint64_t key, size_t cap) {
    uint64_t x = key;
    return (size_t)splitmix64(&x) & (cap - 1);
}

static void ids_grow(core_synth *s) {
    size_t cap = s->ids_cap ? s->ids_cap * 2 : 1024;
    uint64_t *ids = xcalloc(cap, sizeof *ids);
    for (size_t i = 0; i < s->ids_cap; i++) {
        if (!s->ids[i]) continue;
        size_t j = id_slot(s->ids[i], cap);
        while (ids[j]) j = (j + 1) & (cap - 1);
        ids[j] = s->ids[i];
    }
    free(s->ids);
    s->ids = ids;
    s->ids_cap = cap;
}

/* Adds key to the set of issued numbers; false when it was there already. */
static bool ids_insert(core_synth *s, uint64_t key) {
    if ((s->ids_used + 1) * 2 > s->ids_cap) ids_grow(s);
    size_t i = id_slot(key, s->ids_cap);
    for (; s->ids[i]; i = (i + 1) & (s->ids_cap - 1))
        if (s->ids[i] == key) return false;
    s->ids[i] = key;
    s->ids_used++;
    return true;
}

/* A number for sex and birth in the town's county that this generator has not issued; false when all 500 are taken. */
static bool issue_id(core_synth *s, const char *town, char sex, core_date birth, core_idnum *id) {
    uint32_t start = below(s, SEQS_PER_SEX);
    for (uint32_t k = 0; k < SEQS_PER_SEX; k++) {
        unsigned seq = (start + k) % SEQS_PER_SEX * 2 + (sex == 'M');
        snprintf(id->number, sizeof id->number, "%.6s%04d%02d%02d%03u", town, birth.y, birth.m, birth.d, seq);
        if (!ids_insert(s, id_key(id->number))) continue;
        id->number[17] = core_idnum_check_char(id->number);
        id->number[18] = '\0';
        id->birth_year = birth.y;
        id->birth_month = birth.m;
        id->birth_day = birth.d;
        id->sex = sex;
        return true;
    }
    return false;
}

static void make_mobile(core_synth *s, char out[32]) {
    static const char *const prefixes[] = {"13", "15", "18", "17", "19"};
    snprintf(out, 32, "%s%d%08u", pick(s, prefixes, COUNT(prefixes)), between(s, 0, 9), below(s, 100000000));
}

static void make_landline(core_synth *s, char out[32]) {
    snprintf(out, 32, "0631-%d%06u", between(s, 5, 8), below(s, 1000000));
}

static int make_grade(core_synth *s, const family *f, const draft *d) {
    static const unsigned grade_weights[4] = {15, 25, 30, 30};
    if (f->category == CORE_CAT_TEKUN && d->rel == CORE_REL_HEAD && d->age < 60) return between(s, 1, 2);
    if (!chance(s, f->category == CORE_CAT_TEKUN ? 25 : 7)) return 0;
    return 1 + (int)weighted(s, grade_weights, 4);
}

/* Infants often have no ID number yet; everyone else has one. */
static void make_member(core_synth *s, const family *f, const draft *d, const char *town, core_date today,
                        core_member *m) {
    char name[32];
    make_name(s, d->surname, d->sex, name);
    m->name = xstrdup(name);
    m->relation = d->rel;
    m->sex = d->sex;
    m->has_birth = true;
    m->birth = birth_for_age(s, today, d->age);
    m->has_id = !(d->age <= 2 && chance(s, 50));
    while (m->has_id && !issue_id(s, town, d->sex, m->birth, &m->id)) m->birth = birth_for_age(s, today, d->age);
    if (d->rel == CORE_REL_HEAD ? chance(s, 85) : d->age >= 16 && chance(s, 35)) {
        if (d->rel == CORE_REL_HEAD && chance(s, 25)) make_landline(s, m->phone);
        else make_mobile(s, m->phone);
    }
    m->disability_grade = make_grade(s, f, d);
    m->serious_illness = chance(s, d->age >= 50 ? 12 : 5);
}

/* Towns whose code has 0 as its 7th digit are streets (街道), with communities; the rest have villages. */
static void make_place(core_synth *s, const char *town, char village[64], char address[160]) {
    if (town[6] == '0') {
        snprintf(village, 64, "%s社区", pick(s, communities, COUNT(communities)));
        int n = snprintf(address, 160, "%s%d号", pick(s, roads, COUNT(roads)), between(s, 1, 300));
        if (chance(s, 60))
            snprintf(address + n, (size_t)(160 - n), "%d号楼%d单元%d0%d室", between(s, 1, 30), between(s, 1, 6),
                     between(s, 1, 18), between(s, 1, 4));
        return;
    }
    if (chance(s, 60))
        snprintf(village, 64, "%s家%s村", pick(s, surnames, LOCAL_SURNAMES), pick(s, village_ends, COUNT(village_ends)));
    else
        snprintf(village, 64, "%s%s村", pick(s, village_heads, COUNT(village_heads)),
                 pick(s, village_ends, COUNT(village_ends)));
    snprintf(address, 160, "%s%d号", village, between(s, 1, 400));
}

static void make_household(core_synth *s, const family *f, const core_member *head, const char *town,
                           core_date today, core_household *h) {
    char no[32], village[64], address[160];
    snprintf(no, sizeof no, "DEMO-%06llu", (unsigned long long)++s->households);
    make_place(s, town, village, address);
    memset(h, 0, sizeof *h);
    h->household_no = xstrdup(no);
    snprintf(h->town_code, sizeof h->town_code, "%.9s", town);
    h->village = xstrdup(village);
    h->address = xstrdup(address);
    h->category = f->category;
    if (head->phone[0]) memcpy(h->phone, head->phone, sizeof h->phone);
    else if (chance(s, 40)) make_landline(s, h->phone);
    h->registered_on = date_in(s, years_before(today, 5), today);
}

/* ---- public ----------------------------------------------------------------------------------- */

core_synth *core_synth_new(uint64_t seed) {
    core_synth *s = xcalloc(1, sizeof *s);
    for (int i = 0; i < 4; i++) s->state[i] = splitmix64(&seed);
    return s;
}

void core_synth_free(core_synth *s) {
    if (!s) return;
    free(s->ids);
    free(s);
}

void core_synth_household(core_synth *s, const char *town_code, core_date today, core_household *h,
                          core_member **members, size_t *count) {
    assert(strlen(town_code) == 9 && today.y > 2000);
    family f;
    plan_family(s, &f);
    core_member *ms = xcalloc(f.n, sizeof *ms);
    for (size_t i = 0; i < f.n; i++) make_member(s, &f, &f.m[i], town_code, today, &ms[i]);
    make_household(s, &f, &ms[0], town_code, today, h);
    *members = ms;
    *count = f.n;
}
