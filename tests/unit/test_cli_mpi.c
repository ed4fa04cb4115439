/*
** test_cli_mpi.c: `waystation mpi` on spreadsheets written to a temporary folder: the Alkire–Foster
** paper's example (every figure exact, M1 and M2 worked out by hand), the same by groups with the
** decomposition check, Chinese headers with a BOM and a GB18030 data file, and the refusals with their
** exit codes and messages (a missing file, weights not adding up to 1, an indicator the data lacks, a
** cell that is no number, k outside (0, 1], an unknown --by column). Runs bin/waystation (or
** $WAYSTATION_BIN), and skips with a reason when it is not built.
*/
#include "unit.h"

#include "../../src/core/mem.h"

#include <ftw.h>
#include <stdbool.h>
#include <jansson.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct fixture {
    char dir[64];
    const char *bin;
    char err[4096]; /* standard error of the last run */
} fixture;

/* The paper's example: y, z, weights 1/4, as af_example.json gives it. */
static const char W_CSV[] = "indicator,weight\nincome,1/4\nschool,1/4\nhealth,0.25\nwater,1/4\n";
static const char Z_CSV[] = "indicator,cutoff\nincome,13\nschool,12\nhealth,3\nwater,1\n";
static const char DATA_CSV[] = "id,town,income,school,health,water\n"
                               "a,east,13.1,14,4,1\n"
                               "b,east,15.2,7,5,0\n"
                               "c,west,12.5,10,1,0\n"
                               "d,west,20,11,3,1\n";

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) { return remove(path); }

static void write_file(const fixture *f, const char *name, const char *bytes, size_t len) {
    char path[160];
    snprintf(path, sizeof path, "%s/%s", f->dir, name);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(bytes, 1, len, fp), len);
    fclose(fp);
}

static void write_text(const fixture *f, const char *name, const char *text) { write_file(f, name, text, strlen(text)); }

static int setup(void **state) {
    fixture *f = xcalloc(1, sizeof *f);
    f->bin = getenv("WAYSTATION_BIN");
    if (!f->bin) f->bin = "bin/waystation";
    snprintf(f->dir, sizeof f->dir, "/tmp/ws-test-mpi-XXXXXX");
    if (!mkdtemp(f->dir)) return -1;
    *state = f;
    write_text(f, "W.csv", W_CSV);
    write_text(f, "Z.csv", Z_CSV);
    write_text(f, "D.csv", DATA_CSV);
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    int rc = nftw(f->dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
    free(f);
    return rc;
}

static fixture *start(void **state) {
    fixture *f = *state;
    if (access(f->bin, X_OK) != 0) {
        printf("skipped: %s is not built (make build)\n", f->bin);
        skip();
    }
    return f;
}

/*
** Runs `waystation mpi ARGS` in the fixture's folder; returns the exit code, keeps standard error in
** f->err and sets *out to the JSON printed (NULL when none; caller frees with json_decref).
*/
static int mpi(fixture *f, json_t **out, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int mpi(fixture *f, json_t **out, const char *fmt, ...) {
    char args[1024], cmd[2048], bin[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof args, fmt, ap);
    va_end(ap);
    if (f->bin[0] == '/') snprintf(bin, sizeof bin, "%s", f->bin);
    else if (!getcwd(bin, sizeof bin - 64)) fail_msg("getcwd");
    else snprintf(bin + strlen(bin), 64, "/%s", f->bin);
    snprintf(cmd, sizeof cmd, "cd %s && %s mpi %s >out.json 2>err.txt", f->dir, bin, args);
    int status = system(cmd);
    int rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    char path[160];
    snprintf(path, sizeof path, "%s/err.txt", f->dir);
    FILE *fp = fopen(path, "r");
    size_t n = fp ? fread(f->err, 1, sizeof f->err - 1, fp) : 0;
    f->err[n] = '\0';
    if (fp) fclose(fp);
    snprintf(path, sizeof path, "%s/out.json", f->dir);
    json_error_t jerr;
    *out = json_load_file(path, 0, &jerr);
    return rc;
}

/* The exact text of figure key in object o ({"exact": ..., "decimal": ...}), checking the decimal too. */
static void expect_figure(json_t *o, const char *key, const char *exact, double decimal) {
    json_t *v = json_object_get(o, key);
    if (!v) fail_msg("no figure %s", key);
    const char *got = json_string_value(json_object_get(v, "exact"));
    if (!got || strcmp(got, exact) != 0) fail_msg("%s: %s, expected %s", key, got ? got : "(none)", exact);
    double d = json_real_value(json_object_get(v, "decimal"));
    if (d != decimal) fail_msg("%s: decimal %.17g, expected %.17g", key, d, decimal);
}

static void expect_totals(json_t *o) {
    assert_int_equal(json_integer_value(json_object_get(o, "n")), 4);
    assert_int_equal(json_integer_value(json_object_get(o, "q")), 2);
    expect_figure(o, "H", "1/2", 0.5);
    expect_figure(o, "A", "3/4", 0.75);
    expect_figure(o, "M0", "3/8", 0.375);
    /* by hand: poor units b and c; gaps 5/12, 1 and 1/26, 1/6, 2/3, 1; M1 = Σ w·g / n, M2 with g² */
    expect_figure(o, "M1", "171/832", 171.0 / 832.0);
    expect_figure(o, "M2", "21475/129792", 21475.0 / 129792.0);
    static const char *const names[] = {"income", "school", "health", "water"};
    static const char *const h[] = {"1/4", "1/2", "1/4", "1/2"}, *const c[] = {"1/6", "1/3", "1/6", "1/3"};
    static const double hd[] = {0.25, 0.5, 0.25, 0.5}, cd[] = {1.0 / 6, 1.0 / 3, 1.0 / 6, 1.0 / 3};
    json_t *ratios = json_object_get(o, "censored_headcount_ratios"), *contrib = json_object_get(o, "contributions");
    for (int j = 0; j < 4; j++) {
        expect_figure(ratios, names[j], h[j], hd[j]);
        expect_figure(contrib, names[j], c[j], cd[j]);
    }
}

static void example(void **state) {
    fixture *f = start(state);
    json_t *o;
    int rc = mpi(f, &o, "--weights W.csv --cutoffs Z.csv --k 1/2 D.csv --id id");
    if (rc != 0 || !o) fail_msg("exit %d: %s", rc, f->err);
    expect_totals(o);
    expect_figure(o, "k", "1/2", 0.5);
    json_t *names = json_object_get(o, "indicators");
    assert_int_equal(json_array_size(names), 4);
    assert_string_equal(json_string_value(json_array_get(names, 0)), "income"); /* W.csv's order */
    assert_string_equal(json_string_value(json_array_get(names, 3)), "water");
    const char *first_key = json_object_iter_key(json_object_iter(json_object_get(o, "contributions")));
    assert_string_equal(first_key, "income");
    static const char *const scores[] = {"0", "1/2", "1", "1/4"};
    static const bool poor[] = {false, true, true, false};
    json_t *s = json_object_get(o, "deprivation_scores"), *p = json_object_get(o, "poor"), *ids = json_object_get(o, "ids");
    assert_int_equal(json_array_size(s), 4);
    for (size_t i = 0; i < 4; i++) {
        assert_string_equal(json_string_value(json_object_get(json_array_get(s, i), "exact")), scores[i]);
        assert_int_equal(json_is_true(json_array_get(p, i)), poor[i]);
    }
    assert_string_equal(json_string_value(json_array_get(ids, 2)), "c");
    assert_null(json_object_get(o, "groups"));
    json_decref(o);
    /* the same k written as a decimal, and a unit exactly on k = 1/4 counted poor */
    rc = mpi(f, &o, "--weights W.csv --cutoffs Z.csv --k 0.25 D.csv");
    if (rc != 0 || !o) fail_msg("exit %d: %s", rc, f->err);
    assert_int_equal(json_integer_value(json_object_get(o, "q")), 3);
    assert_null(json_object_get(o, "ids"));
    json_decref(o);
}

static void by_group(void **state) {
    fixture *f = start(state);
    json_t *o;
    int rc = mpi(f, &o, "--weights W.csv --cutoffs Z.csv --k 1/2 D.csv --by town --id id");
    if (rc != 0 || !o) fail_msg("exit %d: %s", rc, f->err);
    expect_totals(o);
    json_t *groups = json_object_get(o, "groups"), *east = json_object_get(groups, "east"),
           *west = json_object_get(groups, "west");
    assert_int_equal(json_object_size(groups), 2);
    assert_int_equal(json_integer_value(json_object_get(east, "n")), 2);
    expect_figure(east, "M0", "1/4", 0.25);
    expect_figure(east, "A", "1/2", 0.5);
    expect_figure(east, "M1", "17/96", 17.0 / 96.0);
    expect_figure(east, "share_of_M0", "1/3", 1.0 / 3.0);
    expect_figure(east, "population_share", "1/2", 0.5);
    expect_figure(json_object_get(east, "contributions"), "school", "1/2", 0.5);
    expect_figure(west, "M0", "1/2", 0.5);
    expect_figure(west, "A", "1", 1.0);
    expect_figure(west, "M2", "4483/24336", 4483.0 / 24336.0);
    expect_figure(west, "share_of_M0", "2/3", 2.0 / 3.0);
    json_t *dec = json_object_get(o, "decomposition");
    assert_string_equal(json_string_value(json_object_get(dec, "by")), "town");
    expect_figure(dec, "sum_of_population_weighted_group_M0", "3/8", 0.375);
    assert_true(json_is_true(json_object_get(dec, "equals_M0")));
    json_decref(o);
}

/* Chinese headers, a BOM, a dimension column, and the data as Chinese Excel saves it (GB18030). */
static void chinese_spreadsheets(void **state) {
    fixture *f = start(state);
    write_text(f, "W-zh.csv", "\xEF\xBB\xBF指标,权重,维度\nincome,1/4,收入\nschool,1/4,教育\nhealth,1/4,健康\nwater,1/4,健康\n");
    write_text(f, "Z-zh.csv", "指标,临界值\nincome,13\nschool,１２\nhealth,3\nwater,1\n"); /* full-width 12 */
    /* "编号,镇,...\na,东,...": 编 B1E0 号 BAC5 镇 D5F2 东 B6AB 西 CEF7 in GB18030 */
    static const char gb[] = "\xB1\xE0\xBA\xC5,\xD5\xF2,income,school,health,water\n"
                             "a,\xB6\xAB,13.1,14,4,1\nb,\xB6\xAB,15.2,7,5,0\nc,\xCE\xF7,12.5,10,1,0\nd,\xCE\xF7,20,11,3,1\n";
    write_file(f, "D-gb.csv", gb, sizeof gb - 1);
    json_t *o;
    int rc = mpi(f, &o, "--weights W-zh.csv --cutoffs Z-zh.csv --k 1/2 D-gb.csv --by 镇 --id 编号");
    if (rc != 0 || !o) fail_msg("exit %d: %s", rc, f->err);
    expect_totals(o);
    json_t *dims = json_object_get(o, "dimension_contributions");
    expect_figure(dims, "收入", "1/6", 1.0 / 6.0);
    expect_figure(dims, "教育", "1/3", 1.0 / 3.0);
    expect_figure(dims, "健康", "1/2", 0.5);
    json_t *groups = json_object_get(o, "groups");
    expect_figure(json_object_get(groups, "东"), "share_of_M0", "1/3", 1.0 / 3.0);
    expect_figure(json_object_get(groups, "西"), "share_of_M0", "2/3", 2.0 / 3.0);
    json_decref(o);
}

static void refusals(void **state) {
    fixture *f = start(state);
    json_t *o;
    static const struct {
        const char *args;
        int rc;
        const char *en, *zh;
    } cases[] = {
        {"--weights none.csv --cutoffs Z.csv --k 1/2 D.csv", 1, "cannot read none.csv: No such file", "无法读取"},
        {"--weights W.csv --cutoffs Z.csv --k 1/2 none.csv", 1, "cannot read none.csv", "无法读取"},
        {"--weights W-sum.csv --cutoffs Z.csv --k 1/2 D.csv", 3, "add up to 13/12", "权重之和为 13/12"},
        {"--weights W-neg.csv --cutoffs Z.csv --k 1/2 D.csv", 3, "is negative", "负数"},
        {"--weights W-text.csv --cutoffs Z.csv --k 1/2 D.csv", 3, "line 3, column \"weight\": \"a quarter\"", "不是数字"},
        {"--weights W-extra.csv --cutoffs Z-extra.csv --k 1/2 D.csv", 3,
         "indicator \"rent\" of W-extra.csv is not a column in the header of D.csv", "不在 D.csv 的表头中"},
        {"--weights W.csv --cutoffs Z-short.csv --k 1/2 D.csv", 3, "indicator \"water\" has no cutoff", "没有临界值"},
        {"--weights W.csv --cutoffs Z-zero.csv --k 1/2 D.csv", 3, "the cutoff \"0\" must be above 0", "必须大于 0"},
        {"--weights W.csv --cutoffs Z.csv --k 1/2 D-bad.csv", 3, "D-bad.csv line 3, column \"school\": \"seven\" is not a number",
         "第3行“school”列"},
        {"--weights W.csv --cutoffs Z.csv --k 1/2 D-bad.csv", 3, "D-bad.csv line 4, column \"health\": the cell is empty",
         "单元格为空"},
        {"--weights W.csv --cutoffs Z.csv --k 0 D.csv", 2, "--k takes a number in (0, 1]", "之内的数"},
        {"--weights W.csv --cutoffs Z.csv --k 3/2 D.csv", 2, "not \"3/2\"", "3/2"},
        {"--weights W.csv --cutoffs Z.csv --k 1.0001 D.csv", 2, "(0, 1]", "(0, 1]"},
        {"--weights W.csv --cutoffs Z.csv --k half D.csv", 2, "not \"half\"", "half"},
        {"--weights W.csv --cutoffs Z.csv D.csv", 2, "--k is missing", "缺少 --k"},
        {"--weights W.csv --k 1/2 D.csv", 2, "--cutoffs is missing", "缺少 --cutoffs"},
        {"--weights W.csv --cutoffs Z.csv --k 1/2 D.csv --by county", 2, "no column \"county\"", "county"},
        {"--weights W.csv --cutoffs Z.csv --k 1/2 D.csv --id key", 2, "no column \"key\"", "key"},
    };
    write_text(f, "W-sum.csv", "indicator,weight\nincome,1/4\nschool,1/4\nhealth,1/4\nwater,1/3\n");
    write_text(f, "W-neg.csv", "indicator,weight\nincome,1/2\nschool,1/2\nhealth,1/4\nwater,-1/4\n");
    write_text(f, "W-text.csv", "indicator,weight\nincome,1/4\nschool,a quarter\nhealth,1/4\nwater,1/4\n");
    write_text(f, "W-extra.csv", "indicator,weight\nincome,1/4\nschool,1/4\nhealth,1/4\nrent,1/4\n");
    write_text(f, "Z-extra.csv", "indicator,cutoff\nincome,13\nschool,12\nhealth,3\nrent,1\n");
    write_text(f, "Z-short.csv", "indicator,cutoff\nincome,13\nschool,12\nhealth,3\n");
    write_text(f, "Z-zero.csv", "indicator,cutoff\nincome,13\nschool,12\nhealth,3\nwater,0\n");
    write_text(f, "D-bad.csv", "id,town,income,school,health,water\na,east,13.1,14,4,1\nb,east,15.2,seven,5,0\n"
                               "c,west,12.5,10,,0\n");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int rc = mpi(f, &o, "%s", cases[i].args);
        if (rc != cases[i].rc || !strstr(f->err, cases[i].en) || !strstr(f->err, cases[i].zh))
            fail_msg("%s: exit %d (expected %d): %s", cases[i].args, rc, cases[i].rc, f->err);
        assert_null(o); /* nothing on standard output */
    }
    int rc = mpi(f, &o, "--help");
    assert_int_equal(rc, 0);
}

int main(void) {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {T(example), T(by_group), T(chinese_spreadsheets), T(refusals)};
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
