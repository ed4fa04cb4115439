/*
** cmd_mpi.c: `waystation mpi`: the Alkire–Foster poverty measures (core/af) of a spreadsheet of units,
** with weights and cut-offs from two small spreadsheets, printed as JSON with every figure both exact
** and decimal. Reads files only: no database.
*/
#include "cli.h"

#include "../core/af.h"
#include "../core/mem.h"
#include "../core/text.h"
#include "../io/csv_reader.h"

#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char HELP[] =
    "Usage: waystation mpi --weights W.csv --cutoffs Z.csv --k K DATA.csv [--by COLUMN] [--id COLUMN]\n\n"
    "The Alkire-Foster multidimensional poverty measures of DATA.csv, exact, printed as JSON: n, q, H, A, M0,\n"
    "M1, M2, the censored headcount ratio and the contribution of each indicator, and each unit's\n"
    "deprivation score and whether it is poor. Every figure is {\"exact\": \"3/8\", \"decimal\": 0.375}.\n"
    "  DATA.csv        one row per unit; a header row naming the indicators (other columns are ignored);\n"
    "                  cells are numbers such as 12, 13.1 or 3/8\n"
    "  --weights W.csv columns indicator,weight (指标,权重), one row per indicator; the output follows its\n"
    "                  order; weights are fractions or decimals (1/4, 0.25) adding up to exactly 1; an\n"
    "                  optional column dimension (维度) also gives the contribution of each dimension\n"
    "  --cutoffs Z.csv columns indicator,cutoff (指标,临界值), one row per indicator, each cutoff above 0;\n"
    "                  a unit is deprived in an indicator when its value is below the cutoff\n"
    "  --k K           the poverty cut-off in (0, 1], such as 1/3 or 0.5: a unit is poor when the weights of\n"
    "                  its deprivations add up to at least K (exactly K is poor)\n"
    "  --by COLUMN     also every figure for each value of COLUMN, each group's share of M0, and the check\n"
    "                  that the groups' M0, weighted by their sizes, add up to M0\n"
    "  --id COLUMN     list the units' identifiers from COLUMN beside their scores\n"
    "Files may be UTF-8 (with or without BOM) or GB18030/GBK as Chinese Excel saves them, up to 64 MiB.\n"
    "Exit codes: 0 done, 2 usage error (a missing option, a K outside (0, 1], a --by or --id column that\n"
    "DATA.csv lacks), 3 the files were refused (every problem is listed with its line and column),\n"
    "1 a file cannot be read.\n";

enum { MPI_MAX_BYTES = 64 * 1024 * 1024, MPI_MAX_FIELD = 64 * 1024, MPI_MAX_LISTED = 20 };

/* Prints one problem in Chinese and English. zh and en take the same arguments in the same order. */
static void complain(const char *zh, const char *en, ...) __attribute__((format(printf, 2, 3)));
static void complain(const char *zh, const char *en, ...) {
    va_list ap, ap2;
    va_start(ap, en);
    va_copy(ap2, ap);
    fputs("waystation mpi: ", stderr);
    vfprintf(stderr, zh, ap);
    fputs(" / ", stderr);
    vfprintf(stderr, en, ap2);
    fputc('\n', stderr);
    va_end(ap2);
    va_end(ap);
}

/* Everything read from the three files. Names point into the tables, which live as long as this. */
typedef struct mpi_input {
    io_csv_table wt, zt, dt;
    size_t J;
    const char **names;      /* [J] indicators in W.csv order */
    core_frac *w, *z;        /* [J] */
    int *dim;                /* [J], or NULL without a dimension column */
    size_t ndim;
    const char **dim_names;  /* [J] (ndim used) */
    size_t n;
    core_frac *y;            /* [n·J] */
    int *group;              /* [n], or NULL without --by */
    size_t ngroups;
    const char **group_names;/* [n] (ngroups used) */
    const char **ids;        /* [n], or NULL without --id */
} mpi_input;

static void input_free(mpi_input *in) {
    io_csv_free(&in->wt);
    io_csv_free(&in->zt);
    io_csv_free(&in->dt);
    free(in->names);
    free(in->w);
    free(in->z);
    free(in->dim);
    free(in->dim_names);
    free(in->y);
    free(in->group);
    free(in->group_names);
    free(in->ids);
}

/* The record's field col, or "" when the row is shorter. */
static const char *cell(const io_csv_record *rec, int col) {
    return col >= 0 && (size_t)col < rec->nfields ? rec->fields[col] : "";
}

static int index_of(const char *const *list, size_t count, const char *name) {
    for (size_t i = 0; i < count; i++)
        if (strcmp(list[i], name) == 0) return (int)i;
    return -1;
}

/* A number as a cell or option holds it, full-width digits (１３.１) read as ASCII. */
static bool parse_number(const char *text, core_frac *out) {
    char ascii[128];
    return core_text_fold_width(text, strlen(text), ascii, sizeof ascii) && core_frac_parse(ascii, out);
}

/*
** Reads and parses one file into *t, every field trimmed. Prints why not and returns CLI_FAILED (cannot
** be read) or CLI_INVALID (too large, not text, empty); CLI_OK otherwise.
*/
static int load_csv(const char *path, io_csv_table *t) {
    char *data;
    size_t len;
    ws_err e = io_read_file(path, MPI_MAX_BYTES, &data, &len);
    if (e == WS_ERR_LIMIT) {
        complain("%s 超过 %d MiB 的上限", "%s is larger than the limit of %d MiB", path, MPI_MAX_BYTES >> 20);
        return CLI_INVALID;
    }
    if (e) {
        const char *why = strerror(errno);
        complain("无法读取 %s：%s", "cannot read %s: %s", path, why);
        return CLI_FAILED;
    }
    io_csv_error why;
    e = io_csv_read(data, len, MPI_MAX_BYTES, MPI_MAX_FIELD, t, &why);
    free(data);
    if (e) {
        fprintf(stderr, "waystation mpi: %s：%s / %s: %s\n", path, why.zh, path, why.en);
        return CLI_INVALID;
    }
    if (t->count == 0) {
        complain("%s 是空文件", "%s is empty", path);
        return CLI_INVALID;
    }
    for (size_t r = 0; r < t->count; r++)
        for (size_t f = 0; f < t->records[r].nfields; f++) core_text_trim(t->records[r].fields[f]);
    return CLI_OK;
}

/* The column of the header named by english (any case) or one of the Chinese names; -1 when absent. */
static int header_column(const io_csv_record *h, const char *english, const char *zh1, const char *zh2) {
    for (size_t i = 0; i < h->nfields; i++) {
        const char *t = h->fields[i];
        if (strcasecmp(t, english) == 0 || strcmp(t, zh1) == 0 || (zh2 && strcmp(t, zh2) == 0)) return (int)i;
    }
    return -1;
}

/* Finds a required column, or says which is missing. */
static bool need_column(const io_csv_table *t, const char *path, const char *english, const char *zh1,
                        const char *zh2, int *col) {
    *col = header_column(&t->records[0], english, zh1, zh2);
    if (*col >= 0) return true;
    complain("%s 的表头缺少“%s”列（%s）", "%s has no column \"%s\" (%s) in its header", path, english, zh1);
    return false;
}

/* W.csv: indicator names, weights adding up to exactly 1, and optional dimensions. */
static int read_weights(mpi_input *in, const char *path) {
    const io_csv_table *t = &in->wt;
    int ci, cw;
    if (!need_column(t, path, "indicator", "指标", NULL, &ci) || !need_column(t, path, "weight", "权重", NULL, &cw))
        return CLI_INVALID;
    int cd = header_column(&t->records[0], "dimension", "维度", NULL);
    size_t rows = t->count - 1;
    in->names = xcalloc(rows + 1, sizeof *in->names);
    in->w = xcalloc(rows + 1, sizeof *in->w);
    in->dim = cd >= 0 ? xcalloc(rows + 1, sizeof *in->dim) : NULL;
    in->dim_names = cd >= 0 ? xcalloc(rows + 1, sizeof *in->dim_names) : NULL;
    core_frac total = CORE_FRAC_ZERO;
    bool ok = true;
    for (size_t r = 1; r < t->count; r++) {
        const io_csv_record *rec = &t->records[r];
        const char *name = cell(rec, ci), *text = cell(rec, cw);
        core_frac w = CORE_FRAC_ZERO;
        bool good = false;
        if (!*name) {
            complain("%s 第%zu行：指标名为空", "%s line %zu: the indicator has no name", path, rec->line);
            ok = false;
        } else if (index_of(in->names, in->J, name) >= 0) {
            complain("%s 第%zu行：指标“%s”重复", "%s line %zu: indicator \"%s\" appears twice", path, rec->line, name);
            ok = false;
        } else if (!parse_number(text, &w)) {
            complain("%s 第%zu行“weight”列：“%s”不是数字（如 1/4 或 0.25）",
                     "%s line %zu, column \"weight\": \"%s\" is not a number (such as 1/4 or 0.25)", path, rec->line,
                     text);
            ok = false;
        } else if (w.num < 0) {
            complain("%s 第%zu行：权重“%s”为负数", "%s line %zu: the weight \"%s\" is negative", path, rec->line, text);
            ok = false;
        } else if (ok && core_frac_add(total, w, &total) != WS_OK) {
            complain("%s 第%zu行：权重的精确分数过大", "%s line %zu: the weights' exact fractions grow too large", path,
                     rec->line);
            ok = false;
        } else {
            good = true;
        }
        if (!good) continue;
        if (cd >= 0) {
            const char *d = cell(rec, cd);
            int k = index_of(in->dim_names, in->ndim, d);
            if (k < 0) {
                k = (int)in->ndim;
                in->dim_names[in->ndim++] = d;
            }
            in->dim[in->J] = k;
        }
        in->w[in->J] = w;
        in->names[in->J++] = name;
    }
    if (!ok) return CLI_INVALID;
    if (in->J == 0) {
        complain("%s 中没有指标", "%s lists no indicators", path);
        return CLI_INVALID;
    }
    if (!core_frac_eq(total, CORE_FRAC_ONE)) {
        char text[CORE_FRAC_TEXT];
        core_frac_format(total, text);
        complain("%s 中的权重之和为 %s（约 %.6g），应恰好为 1", "the weights in %s add up to %s (about %.6g), not exactly 1",
                 path, text, core_frac_to_double(total));
        return CLI_INVALID;
    }
    return CLI_OK;
}

/* Z.csv: one cut-off above 0 for every indicator of W.csv, and none for others. */
static int read_cutoffs(mpi_input *in, const char *path, const char *wpath) {
    const io_csv_table *t = &in->zt;
    int ci, cz;
    if (!need_column(t, path, "indicator", "指标", NULL, &ci) ||
        !need_column(t, path, "cutoff", "临界值", "剥夺临界值", &cz))
        return CLI_INVALID;
    in->z = xcalloc(in->J, sizeof *in->z);
    bool *seen = xcalloc(in->J, sizeof *seen), ok = true;
    for (size_t r = 1; r < t->count; r++) {
        const io_csv_record *rec = &t->records[r];
        const char *name = cell(rec, ci), *text = cell(rec, cz);
        int j = index_of(in->names, in->J, name);
        core_frac z;
        if (j < 0) {
            complain("%s 第%zu行：指标“%s”在 %s 中没有权重", "%s line %zu: indicator \"%s\" has no weight in %s", path,
                     rec->line, name, wpath);
            ok = false;
        } else if (seen[j]) {
            complain("%s 第%zu行：指标“%s”重复", "%s line %zu: indicator \"%s\" appears twice", path, rec->line, name);
            ok = false;
        } else if (!parse_number(text, &z)) {
            complain("%s 第%zu行“cutoff”列：“%s”不是数字", "%s line %zu, column \"cutoff\": \"%s\" is not a number", path,
                     rec->line, text);
            ok = false;
        } else if (z.num <= 0) {
            complain("%s 第%zu行：临界值“%s”必须大于 0", "%s line %zu: the cutoff \"%s\" must be above 0", path, rec->line,
                     text);
            ok = false;
        } else {
            seen[j] = true;
            in->z[j] = z;
        }
    }
    for (size_t j = 0; j < in->J && ok; j++) {
        if (seen[j]) continue;
        complain("指标“%s”在 %s 中没有临界值", "indicator \"%s\" has no cutoff in %s", in->names[j], path);
        ok = false;
    }
    free(seen);
    return ok ? CLI_OK : CLI_INVALID;
}

/* DATA.csv: a number for every unit and indicator; groups and ids from the --by and --id columns. */
static int read_data(mpi_input *in, const char *path, const char *wpath, const char *by, const char *id) {
    const io_csv_table *t = &in->dt;
    const io_csv_record *h = &t->records[0];
    int *col = xcalloc(in->J, sizeof *col), cby = -1, cid = -1;
    bool ok = true;
    for (size_t j = 0; j < in->J; j++) {
        col[j] = -1;
        for (size_t f = 0; f < h->nfields; f++) {
            if (strcmp(h->fields[f], in->names[j]) != 0) continue;
            if (col[j] >= 0) {
                complain("“%s”列在 %s 的表头中出现了两次", "column \"%s\" appears twice in the header of %s", in->names[j],
                         path);
                ok = false;
            }
            col[j] = (int)f;
        }
        if (col[j] < 0) {
            complain("指标“%s”（见 %s）不在 %s 的表头中", "indicator \"%s\" of %s is not a column in the header of %s",
                     in->names[j], wpath, path);
            ok = false;
        }
    }
    if (!ok) {
        free(col);
        return CLI_INVALID;
    }
    for (size_t f = 0; f < h->nfields; f++) {
        if (by && strcmp(h->fields[f], by) == 0 && cby < 0) cby = (int)f;
        if (id && strcmp(h->fields[f], id) == 0 && cid < 0) cid = (int)f;
    }
    if ((by && cby < 0) || (id && cid < 0)) {
        const char *which = by && cby < 0 ? "--by" : "--id", *name = by && cby < 0 ? by : id;
        complain("%s 的列“%s”不在 %s 的表头中", "%s: there is no column \"%s\" in the header of %s", which, name, path);
        free(col);
        return CLI_USAGE;
    }
    in->n = t->count - 1;
    if (in->n > CORE_AF_MAX_UNITS) {
        complain("%s 的行数超过上限 %d", "%s has more rows than the limit of %d", path, CORE_AF_MAX_UNITS);
        free(col);
        return CLI_INVALID;
    }
    in->y = xcalloc(in->n * in->J + 1, sizeof *in->y);
    if (by) {
        in->group = xcalloc(in->n + 1, sizeof *in->group);
        in->group_names = xcalloc(in->n + 1, sizeof *in->group_names);
    }
    if (id) in->ids = xcalloc(in->n + 1, sizeof *in->ids);
    size_t problems = 0;
    for (size_t i = 0; i < in->n; i++) {
        const io_csv_record *rec = &t->records[i + 1];
        for (size_t j = 0; j < in->J; j++) {
            const char *text = cell(rec, col[j]);
            if (parse_number(text, &in->y[i * in->J + j])) continue;
            if (++problems > MPI_MAX_LISTED) continue;
            if (!*text)
                complain("%s 第%zu行“%s”列：单元格为空", "%s line %zu, column \"%s\": the cell is empty", path, rec->line,
                         in->names[j]);
            else
                complain("%s 第%zu行“%s”列：“%s”不是数字", "%s line %zu, column \"%s\": \"%s\" is not a number", path,
                         rec->line, in->names[j], text);
        }
        if (by) {
            const char *g = cell(rec, cby);
            int k = index_of(in->group_names, in->ngroups, g);
            if (!*g && ++problems <= MPI_MAX_LISTED)
                complain("%s 第%zu行“%s”列：分组为空", "%s line %zu, column \"%s\": the group is empty", path, rec->line, by);
            if (k < 0) {
                k = (int)in->ngroups;
                in->group_names[in->ngroups++] = g;
            }
            in->group[i] = k;
        }
        if (id) in->ids[i] = cell(rec, cid);
    }
    free(col);
    if (problems > MPI_MAX_LISTED)
        complain("共 %zu 处问题", "%zu problems in all", problems);
    return problems ? CLI_INVALID : CLI_OK;
}

/* ---- output ------------------------------------------------------------------------------------------ */

/* {"exact": "3/8", "decimal": 0.375} */
static json_t *number(core_frac f) {
    char text[CORE_FRAC_TEXT];
    return json_pack("{s:s, s:f}", "exact", core_frac_format(f, text), "decimal", core_frac_to_double(f));
}

/* An object of one figure per name, in the order of names. */
static json_t *by_name(const char *const *names, const core_frac *values, size_t count) {
    json_t *o = json_object();
    for (size_t i = 0; i < count; i++) json_object_set_new(o, names[i], number(values[i]));
    return o;
}

/* The figures of a population into o. */
static void put_measures(json_t *o, const core_af_measures *m, const mpi_input *in) {
    json_object_set_new(o, "n", json_integer(m->n));
    json_object_set_new(o, "q", json_integer(m->q));
    json_object_set_new(o, "H", number(m->H));
    json_object_set_new(o, "A", number(m->A));
    json_object_set_new(o, "M0", number(m->M0));
    json_object_set_new(o, "M1", number(m->M1));
    json_object_set_new(o, "M2", number(m->M2));
    json_object_set_new(o, "censored_headcount_ratios", by_name(in->names, m->h, in->J));
    json_object_set_new(o, "contributions", by_name(in->names, m->contribution, in->J));
    if (m->dimension_contribution)
        json_object_set_new(o, "dimension_contributions", by_name(in->dim_names, m->dimension_contribution, in->ndim));
}

static json_t *report(const mpi_input *in, const core_af_result *r, core_frac k, const char *by) {
    json_t *o = json_object(), *names = json_array();
    for (size_t j = 0; j < in->J; j++) json_array_append_new(names, json_string(in->names[j]));
    json_object_set_new(o, "indicators", names);
    json_object_set_new(o, "weights", by_name(in->names, in->w, in->J));
    json_object_set_new(o, "cutoffs", by_name(in->names, in->z, in->J));
    json_object_set_new(o, "k", number(k));
    put_measures(o, &r->total, in);
    json_t *scores = json_array(), *poor = json_array(), *ids = in->ids ? json_array() : NULL;
    for (size_t i = 0; i < in->n; i++) {
        json_array_append_new(scores, number(r->score[i]));
        json_array_append_new(poor, json_boolean(r->poor[i]));
        if (ids) json_array_append_new(ids, json_string(in->ids[i]));
    }
    if (ids) json_object_set_new(o, "ids", ids);
    json_object_set_new(o, "deprivation_scores", scores);
    json_object_set_new(o, "poor", poor);
    if (!by) return o;
    json_t *groups = json_object();
    for (size_t g = 0; g < r->ngroups; g++) {
        json_t *one = json_object();
        put_measures(one, &r->groups[g], in);
        json_object_set_new(one, "population_share", number(r->groups[g].population_share));
        json_object_set_new(one, "share_of_M0", number(r->groups[g].share_of_M0));
        json_object_set_new(groups, in->group_names[g], one);
    }
    json_object_set_new(o, "groups", groups);
    json_object_set_new(o, "decomposition",
                        json_pack("{s:s, s:o, s:b}", "by", by, "sum_of_population_weighted_group_M0",
                                  number(r->groups_M0), "equals_M0", core_frac_eq(r->groups_M0, r->total.M0)));
    return o;
}

int cli_mpi(int argc, char **argv) {
    cli_opt opts[] = {{"--weights", true, NULL}, {"--cutoffs", true, NULL}, {"--k", true, NULL},
                      {"--by", true, NULL},      {"--id", true, NULL}};
    enum { NOPTS = sizeof opts / sizeof opts[0] };
    char *pos[1];
    int npos;
    int rc = cli_start(argc, argv, HELP, opts, NOPTS, pos, &npos, 1);
    if (rc != CLI_CONTINUE) return rc;
    const char *wpath = cli_opt_value(opts, NOPTS, "--weights"), *zpath = cli_opt_value(opts, NOPTS, "--cutoffs"),
               *ktext = cli_opt_value(opts, NOPTS, "--k"), *by = cli_opt_value(opts, NOPTS, "--by"),
               *id = cli_opt_value(opts, NOPTS, "--id");
    if (!wpath || !zpath || !ktext || npos != 1) {
        const char *missing = !wpath ? "--weights" : !zpath ? "--cutoffs" : !ktext ? "--k" : "DATA.csv";
        complain("缺少 %s（见 --help）", "%s is missing (see --help)", missing);
        return CLI_USAGE;
    }
    core_frac k;
    char ktrim[128];
    snprintf(ktrim, sizeof ktrim, "%s", ktext);
    if (!parse_number(core_text_trim(ktrim), &k) || k.num <= 0 || k.num > k.den) {
        complain("--k 必须是 (0, 1] 之内的数，如 1/3 或 0.5，而不是“%s”",
                 "--k takes a number in (0, 1] such as 1/3 or 0.5, not \"%s\"", ktext);
        return CLI_USAGE;
    }
    mpi_input in;
    memset(&in, 0, sizeof in);
    core_af_result r;
    memset(&r, 0, sizeof r);
    if ((rc = load_csv(wpath, &in.wt)) || (rc = load_csv(zpath, &in.zt)) || (rc = load_csv(pos[0], &in.dt))) goto done;
    if ((rc = read_weights(&in, wpath)) || (rc = read_cutoffs(&in, zpath, wpath)) ||
        (rc = read_data(&in, pos[0], wpath, by, id)))
        goto done;
    core_af_options opt = {.group = in.group, .ngroups = in.ngroups, .dimension = in.dim, .ndimensions = in.ndim,
                           .per_unit = true};
    ws_err e = core_af_from_achievements(in.n, in.J, in.y, in.z, in.w, k, &opt, &r);
    if (e == WS_ERR_LIMIT) {
        complain("精确分数的分母过大（小数位太多，或权重、--k 的分母太大）",
                 "the exact fractions grow too large (too many decimal places, or weights or --k with too large "
                 "denominators)");
        rc = CLI_INVALID;
        goto done;
    }
    if (e) {
        complain("无法计算（%s）", "cannot compute the measures (%s)", ws_err_name(e));
        rc = CLI_FAILED;
        goto done;
    }
    json_t *out = report(&in, &r, k, by);
    char *text = json_dumps(out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(out);
    if (!text) {
        complain("无法输出 JSON", "cannot write the JSON");
        rc = CLI_FAILED;
        goto done;
    }
    puts(text);
    free(text);
    rc = CLI_OK;
done:
    core_af_result_free(&r);
    input_free(&in);
    return rc;
}
