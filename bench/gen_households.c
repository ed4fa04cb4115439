/*
** gen_households.c: writes a households CSV for the import benchmark, the same bytes for the same seed.
**
** Usage: gen_households TOWNS_FILE COUNT SEED > households.csv
** TOWNS_FILE lists town codes one a line (`sqlite3 DB "select code from divisions where level='town'"`);
** household i goes to town i mod the number of towns. Rows are what a station's spreadsheet holds: the
** import's Chinese headers, Chinese labels for category, relation and disability grade, 是/否 for serious
** illness, and sex and birth date only for members without an ID number. Households come from
** core_synth, so every row passes the importer's checks.
*/
#include "../src/core/synth.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_TOWNS = 1000, TOWN_LEN = 9 };

/* The people are generated for this date, as `waystation demo` does, so output does not depend on the day. */
static const core_date GEN_DATE = {2026, 6, 30};

static const char HEADER[] = "户编号,乡镇(街道)代码,村(社区),地址,类别,姓名,身份证号,性别,出生日期,与户主关系,"
                             "联系电话,残疾等级,大病,登记日期\n";

static const char *const GRADES[] = {"无", "一级", "二级", "三级", "四级"};

/* Reads up to MAX_TOWNS 9-digit codes; returns how many, 0 on any malformed line. */
static size_t read_towns(const char *path, char towns[][TOWN_LEN + 1]) {
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        return 0;
    }
    char line[64];
    size_t n = 0;
    while (n < MAX_TOWNS && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (!*line) continue;
        if (strlen(line) != TOWN_LEN || strspn(line, "0123456789") != TOWN_LEN) {
            fprintf(stderr, "%s: not a town code: %s\n", path, line);
            n = 0;
            break;
        }
        memcpy(towns[n++], line, TOWN_LEN + 1);
    }
    fclose(f);
    return n;
}

static void write_member(FILE *out, const core_household *h, const core_member *m) {
    char registered[11], birth[11] = "";
    core_date_format(h->registered_on, registered);
    if (!m->has_id) core_date_format(m->birth, birth);
    fprintf(out, "%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n", h->household_no, h->town_code, h->village,
            h->address, core_category_zh(h->category), m->name, m->has_id ? m->id.number : "",
            m->has_id ? "" : m->sex == 'M' ? "男" : "女", birth, core_relation_zh(m->relation), m->phone,
            GRADES[m->disability_grade], m->serious_illness ? "是" : "否", registered);
}

static bool parse_count(const char *text, unsigned long long max, unsigned long long *out) {
    char *end;
    *out = strtoull(text, &end, 10);
    return *text && !*end && *out <= max;
}

int main(int argc, char **argv) {
    static char towns[MAX_TOWNS][TOWN_LEN + 1];
    unsigned long long count, seed;
    if (argc != 4 || !parse_count(argv[2], 10000000, &count) || !parse_count(argv[3], ~0ULL, &seed)) {
        fputs("Usage: gen_households TOWNS_FILE COUNT SEED > households.csv\n", stderr);
        return 2;
    }
    size_t ntowns = read_towns(argv[1], towns);
    if (ntowns == 0) {
        fprintf(stderr, "gen_households: no town codes in %s\n", argv[1]);
        return 1;
    }
    core_synth *s = core_synth_new(seed);
    fputs(HEADER, stdout);
    for (unsigned long long i = 0; i < count; i++) {
        core_household h;
        core_member *ms;
        size_t n;
        core_synth_household(s, towns[i % ntowns], GEN_DATE, &h, &ms, &n);
        for (size_t k = 0; k < n; k++) {
            write_member(stdout, &h, &ms[k]);
            core_member_clear(&ms[k]);
        }
        free(ms);
        core_household_clear(&h);
    }
    core_synth_free(s);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        perror("gen_households");
        return 1;
    }
    return 0;
}
