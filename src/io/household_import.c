/*
** household_import.c: reading, checking and writing a households spreadsheet in one transaction.
*/
#include "household_import.h"

#include "../core/household.h"
#include "../core/mem.h"
#include "../core/text.h"
#include "../store/divisions.h"
#include "../store/households.h"
#include "import_sheet.h"

#include <stdint.h>
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef enum field {
    F_HOUSEHOLD_NO, F_TOWN, F_VILLAGE, F_ADDRESS, F_CATEGORY, F_REGISTERED,
    F_NAME, F_ID, F_SEX, F_BIRTH, F_RELATION, F_PHONE, F_DISABILITY, F_ILLNESS,
    F_COUNT
} field;

/* Household-level fields come first; the importer checks that a household's rows agree on them. */
enum { F_FIRST_MEMBER_FIELD = F_NAME };

static const io_sheet_column COLUMNS[F_COUNT] = {
    [F_HOUSEHOLD_NO] = {"household_no", true, {"户编号", "户号", "家庭编号"}},
    [F_TOWN] = {"town_code", true, {"乡镇(街道)代码", "乡镇（街道）代码", "乡镇代码", "街道代码"}},
    [F_VILLAGE] = {"village", false, {"村(社区)", "村（社区）", "村/社区", "村居"}},
    [F_ADDRESS] = {"address", false, {"地址", "家庭住址", "住址"}},
    [F_CATEGORY] = {"category", true, {"类别", "救助类别", "对象类别"}},
    [F_REGISTERED] = {"registered_on", false, {"登记日期"}},
    [F_NAME] = {"name", true, {"姓名"}},
    [F_ID] = {"id_number", false, {"身份证号", "身份证号码", "公民身份号码"}},
    [F_SEX] = {"sex", false, {"性别"}},
    [F_BIRTH] = {"birth_date", false, {"出生日期"}},
    [F_RELATION] = {"relation", true, {"与户主关系", "关系"}},
    [F_PHONE] = {"phone", false, {"联系电话", "电话", "手机号"}},
    [F_DISABILITY] = {"disability_grade", false, {"残疾等级"}},
    [F_ILLNESS] = {"serious_illness", false, {"大病", "是否大病"}},
};

typedef struct group {
    size_t first, count;   /* a run of the sorted record order */
    core_household h;
    core_member *members;
    size_t *lines;         /* the file line of each member */
    core_protected_id *ids; /* each member's ID number as stored, computed while checking */
    bool valid;
} group;

typedef struct importer {
    const io_import_options *opt;
    io_sheet sheet;              /* the table, its columns and the report's problems */
    size_t *order;               /* data record indices sorted by household number */
    size_t nrows;
    group *groups;
    size_t ngroups, nmembers;
    json_t *towns;               /* town codes within scope, sorted */
    const core_idkeys *keys;
} importer;

/* ---- errors ---------------------------------------------------------------------------------------- */

/* A problem with field f (F_COUNT: with no field) on a line, named by f's column as the file heads it. */
static void row_error(importer *im, size_t line, field f, const char *code, const char *zh, const char *en) {
    io_sheet_cell_error(&im->sheet, line, f < F_COUNT ? (int)f : -1, code, zh, en);
}

static field field_by_name(const char *name) {
    /* The rules across a household's members (one head) are errors of "members": the relation column's. */
    if (strcmp(name, "members") == 0) return F_RELATION;
    const char *dot = strrchr(name, '.');
    if (dot) name = dot + 1;
    for (int f = 0; f < F_COUNT; f++)
        if (strcmp(COLUMNS[f].name, name) == 0) return (field)f;
    return F_COUNT;
}

/* Moves core field errors to the report; "members[i].x" errors go to member i's line. */
static void report_fielderrs(importer *im, const core_fielderrs *errs, size_t line, const size_t *member_lines,
                             size_t nmembers) {
    for (size_t i = 0; i < errs->count; i++) {
        const core_fielderr *e = &errs->items[i];
        size_t at = line;
        unsigned long k;
        if (member_lines && sscanf(e->field, "members[%lu]", &k) == 1 && k < nmembers) at = member_lines[k];
        row_error(im, at, field_by_name(e->field), e->code, e->zh, e->en);
    }
}

/* ---- grouping rows into households ------------------------------------------------------------------ */

/* The trimmed text of field f in record r; NULL when the column is absent or the cell empty. */
static const char *cell(importer *im, size_t r, field f) {
    return io_sheet_cell(&im->sheet, r, (int)f);
}

/* A data record and its household number, sorted without reaching back into the importer. */
typedef struct keyed_row {
    const char *key;
    size_t r;
} keyed_row;

static int by_household_no(const void *a, const void *b) {
    const keyed_row *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->r > y->r) - (x->r < y->r); /* keep the file's order within a household */
}

/* True when rows[0..n) are sorted already, as a spreadsheet ordered by household number is. */
static bool in_order(const keyed_row *rows, size_t n) {
    for (size_t i = 1; i < n; i++)
        if (by_household_no(&rows[i - 1], &rows[i]) > 0) return false;
    return true;
}

static void group_rows(importer *im) {
    im->nrows = im->sheet.table.count - 1;
    im->order = xmalloc((im->nrows + 1) * sizeof *im->order);
    keyed_row *rows = xmalloc((im->nrows + 1) * sizeof *rows);
    size_t n = 0;
    for (size_t r = 1; r < im->sheet.table.count; r++) {
        const char *key = cell(im, r, F_HOUSEHOLD_NO);
        if (!key) {
            row_error(im, im->sheet.table.records[r].line, F_HOUSEHOLD_NO, "required", "户编号不能为空",
                      "The household number is required");
            continue;
        }
        rows[n++] = (keyed_row){key, r};
    }
    if (!in_order(rows, n)) qsort(rows, n, sizeof *rows, by_household_no);
    im->groups = xcalloc(n + 1, sizeof *im->groups);
    for (size_t i = 0; i < n; i++) {
        im->order[i] = rows[i].r;
        if (i == 0 || strcmp(rows[i].key, rows[i - 1].key) != 0) im->groups[im->ngroups++].first = i;
        im->groups[im->ngroups - 1].count++;
    }
    free(rows);
}

/* ---- checking one household ------------------------------------------------------------------------- */

/* The household's value of field f: the first non-empty cell; later different values are errors. */
static const char *household_value(importer *im, const group *g, field f) {
    const char *value = NULL;
    for (size_t i = 0; i < g->count; i++) {
        size_t r = im->order[g->first + i];
        const char *v = cell(im, r, f);
        if (!v) continue;
        if (!value) {
            value = v;
        } else if (strcmp(v, value) != 0) {
            char zh[256], en[256];
            snprintf(zh, sizeof zh, "同一户的“%s”不一致", COLUMNS[f].zh[0]);
            snprintf(en, sizeof en, "Rows of one household disagree on %s", COLUMNS[f].name);
            row_error(im, im->sheet.table.records[r].line, f, "household_mismatch", zh, en);
        }
    }
    return value;
}

/* Binary search in the sorted town codes of the importer's division. */
static bool town_allowed(importer *im, const char *code) {
    size_t n = json_array_size(im->towns), lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(code, json_string_value(json_array_get(im->towns, mid)));
        if (c == 0) return true;
        if (c < 0) hi = mid;
        else lo = mid + 1;
    }
    return false;
}

static void check_household(importer *im, group *g) {
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    size_t line = im->sheet.table.records[im->order[g->first]].line;
    core_household_in hin = {
        .household_no = cell(im, im->order[g->first], F_HOUSEHOLD_NO),
        .town_code = household_value(im, g, F_TOWN),
        .village = household_value(im, g, F_VILLAGE),
        .address = household_value(im, g, F_ADDRESS),
        .category = household_value(im, g, F_CATEGORY),
        .registered_on = household_value(im, g, F_REGISTERED),
    };
    bool ok = core_household_validate(&hin, im->opt->today, &g->h, &errs);
    if (ok && !town_allowed(im, g->h.town_code)) {
        core_fielderrs_add(&errs, "town_code", "town_not_in_scope", "乡镇（街道）代码不存在或不在您的辖区内",
                           "The town code does not exist or is outside your jurisdiction");
        ok = false;
    }
    report_fielderrs(im, &errs, line, NULL, 0);
    core_fielderrs_clear(&errs);
    g->members = xcalloc(g->count, sizeof *g->members);
    g->lines = xmalloc(g->count * sizeof *g->lines);
    for (size_t i = 0; i < g->count; i++) {
        size_t r = im->order[g->first + i];
        g->lines[i] = im->sheet.table.records[r].line;
        core_member_in in = {
            .name = cell(im, r, F_NAME), .id_number = cell(im, r, F_ID), .relation = cell(im, r, F_RELATION),
            .sex = cell(im, r, F_SEX), .birth_date = cell(im, r, F_BIRTH), .phone = cell(im, r, F_PHONE),
            .disability_grade = cell(im, r, F_DISABILITY), .serious_illness = cell(im, r, F_ILLNESS),
        };
        ok &= core_member_validate(&in, "", im->opt->today, &g->members[i], &errs);
        report_fielderrs(im, &errs, g->lines[i], NULL, 0);
        core_fielderrs_clear(&errs);
    }
    if (ok && !core_members_check(g->members, g->count, &errs)) ok = false;
    report_fielderrs(im, &errs, line, g->lines, g->count);
    core_fielderrs_free(&errs);
    /* The household's phone is its head's. */
    for (size_t i = 0; ok && i < g->count; i++)
        if (g->members[i].relation == CORE_REL_HEAD) memcpy(g->h.phone, g->members[i].phone, sizeof g->h.phone);
    /* Sealing and hashing here, on the checking thread, keeps that work off the writing one. */
    if (ok) g->ids = xmalloc(g->count * sizeof *g->ids);
    for (size_t i = 0; ok && i < g->count; i++)
        if (g->members[i].has_id) core_idcrypt_protect(im->keys, g->members[i].id.number, &g->ids[i]);
    g->valid = ok;
    im->nmembers += g->count;
}

/* ---- ID numbers used twice in the file -------------------------------------------------------------- */

typedef struct id_use {
    const char *number;
    size_t line;
} id_use;

static int by_number_then_line(const void *a, const void *b) {
    const id_use *x = a, *y = b;
    int c = strcmp(x->number, y->number);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

static size_t number_hash(const char *number) {
    uint64_t h = 14695981039346656037u; /* FNV-1a */
    for (const char *p = number; *p; p++) h = (h ^ (unsigned char)*p) * 1099511628211u;
    return (size_t)h;
}

/* True when some number in uses[0..n) appears twice: one pass through a hash set. */
static bool any_duplicate(const id_use *uses, size_t n) {
    size_t cap = 16;
    while (cap < 2 * n) cap *= 2;
    const char **slots = xcalloc(cap, sizeof *slots);
    bool found = false;
    for (size_t i = 0; i < n && !found; i++) {
        size_t k = number_hash(uses[i].number) & (cap - 1);
        while (slots[k] && !(found = strcmp(slots[k], uses[i].number) == 0)) k = (k + 1) & (cap - 1);
        slots[k] = uses[i].number;
    }
    free(slots);
    return found;
}

/* Reports every use of a number after its first, in the order of the numbers; sorts uses. */
static void report_duplicates(importer *im, id_use *uses, size_t n) {
    qsort(uses, n, sizeof *uses, by_number_then_line);
    for (size_t i = 1; i < n; i++) {
        if (strcmp(uses[i].number, uses[i - 1].number) != 0) continue;
        char zh[128], en[128];
        snprintf(zh, sizeof zh, "身份证号在文件中重复（与第 %zu 行相同）", uses[i - 1].line);
        snprintf(en, sizeof en, "The ID number appears twice in the file (as on line %zu)", uses[i - 1].line);
        row_error(im, uses[i].line, F_ID, "id_duplicate_in_file", zh, en);
    }
}

/* Files seldom hold a number twice, so the uses are sorted only after the hash set has found one. */
static void check_file_duplicates(importer *im) {
    id_use *uses = xmalloc((im->nmembers + 1) * sizeof *uses);
    size_t n = 0;
    for (size_t gi = 0; gi < im->ngroups; gi++) {
        group *g = &im->groups[gi];
        for (size_t i = 0; i < g->count; i++)
            if (g->members[i].has_id) uses[n++] = (id_use){g->members[i].id.number, g->lines[i]};
    }
    if (any_duplicate(uses, n)) report_duplicates(im, uses, n);
    free(uses);
}

/* ---- ID numbers already registered in the city ------------------------------------------------------ */

static void check_registered(importer *im, store_conn *c) {
    core_fielderrs errs;
    core_fielderrs_init(&errs);
    for (size_t gi = 0; gi < im->ngroups; gi++) {
        group *g = &im->groups[gi];
        for (size_t i = 0; i < g->count; i++) {
            if (!store_check_registered(c, im->opt->scope, &g->members[i], 0, "", &errs)) {
                report_fielderrs(im, &errs, g->lines[i], NULL, 0);
                core_fielderrs_clear(&errs);
            }
        }
    }
    core_fielderrs_free(&errs);
}

/* A household number names one open household of its town: a file cannot bring a second. */
static void check_numbers_taken(importer *im, store_conn *c) {
    for (size_t gi = 0; gi < im->ngroups; gi++) {
        group *g = &im->groups[gi];
        if (!g->h.household_no || !store_household_no_taken(c, g->h.town_code, g->h.household_no, 0)) continue;
        row_error(im, im->sheet.table.records[im->order[g->first]].line, F_HOUSEHOLD_NO, "household_no_taken",
                  "本乡镇（街道）已有家庭使用此户编号", "Another household of the town has this household number");
    }
}

/* ---- writing ---------------------------------------------------------------------------------------- */

/*
** Checking and writing overlap: a second thread checks households in order while this one writes each
** as soon as it is checked, in one transaction. All or nothing still holds: the first bad household
** stops the writing and the transaction is undone. The unique index on ID numbers is the judge of
** duplicates: when it refuses a row (in the file twice, or registered before), the transaction is undone
** and only then are the rows looked up one by one to say which; checking first would cost a lookup per
** member on every import.
*/
typedef struct checker {
    importer *im;
    pthread_mutex_t lock;
    pthread_cond_t advanced;
    size_t checked;   /* households checked so far (under lock) */
    size_t errors;    /* im->sheet.nerrors when the last of them was checked (under lock) */
} checker;

static void *check_all(void *arg) {
    checker *ck = arg;
    importer *im = ck->im;
    for (size_t gi = 0; gi < im->ngroups; gi++) {
        check_household(im, &im->groups[gi]);
        pthread_mutex_lock(&ck->lock);
        ck->checked = gi + 1;
        ck->errors = im->sheet.nerrors;
        pthread_cond_signal(&ck->advanced);
        pthread_mutex_unlock(&ck->lock);
    }
    return NULL;
}

/* Waits until household gi is checked; false when any household so far was bad. */
static bool wait_checked(checker *ck, size_t gi) {
    pthread_mutex_lock(&ck->lock);
    while (ck->checked <= gi) pthread_cond_wait(&ck->advanced, &ck->lock);
    bool clean = ck->errors == 0;
    pthread_mutex_unlock(&ck->lock);
    return clean;
}

static ws_err insert_checked(importer *im, checker *ck, store_conn *w) {
    ws_err e = WS_OK;
    for (size_t gi = 0; gi < im->ngroups && !e; gi++) {
        if (!wait_checked(ck, gi)) return WS_ERR_INVALID;
        group *g = &im->groups[gi];
        int64_t id;
        e = store_household_insert_protected(w, &g->h, g->members, g->ids, g->count, false, im->opt->actor.user_id,
                                             &id);
        if (im->opt->progress && (gi % 1000 == 999 || gi + 1 == im->ngroups))
            im->opt->progress(im->opt->progress_ctx, gi + 1, im->ngroups);
    }
    return e;
}

static ws_err check_and_write(importer *im, store_db *db, size_t *imported) {
    checker ck = {.im = im};
    pthread_mutex_init(&ck.lock, NULL);
    pthread_cond_init(&ck.advanced, NULL);
    pthread_t thread;
    bool threaded = pthread_create(&thread, NULL, check_all, &ck) == 0;
    if (!threaded) check_all(&ck);
    store_conn *w;
    ws_err e = store_write_begin(db, &w);
    if (!e) {
        e = insert_checked(im, &ck, w);
        if (!e)
            e = store_audit_append(w, &im->opt->actor, "import", "households", "",
                                   json_pack("{s:I, s:I, s:s}", "households", (json_int_t)im->ngroups, "members",
                                             (json_int_t)im->nmembers, "encoding", io_csv_encoding_name(im->sheet.encoding)));
        if (e) store_write_rollback(w);
        else e = store_write_commit(w);
    }
    if (threaded) pthread_join(thread, NULL);
    pthread_mutex_destroy(&ck.lock);
    pthread_cond_destroy(&ck.advanced);
    if (!e) *imported = im->ngroups;
    return e == WS_ERR_CONFLICT || im->sheet.nerrors ? WS_ERR_INVALID : e;
}

/* Completes the report of a file that cannot be imported: ID numbers twice in it or registered already,
** household numbers in use. */
static void find_remaining_problems(importer *im, store_db *db) {
    check_file_duplicates(im);
    store_conn *c = store_read_acquire(db);
    check_registered(im, c);
    check_numbers_taken(im, c);
    store_read_release(c);
}

static json_t *make_report(importer *im, bool ok, size_t imported) {
    return json_pack("{s:b, s:b, s:s, s:I, s:I, s:I, s:I, s:O, s:I}", "ok", ok, "dry_run", im->opt->dry_run,
                     "encoding", io_csv_encoding_name(im->sheet.encoding), "rows", (json_int_t)im->nrows, "households",
                     (json_int_t)im->ngroups, "members", (json_int_t)im->nmembers, "imported",
                     (json_int_t)imported, "errors", im->sheet.errors, "errors_total", (json_int_t)im->sheet.nerrors);
}

static void importer_free(importer *im) {
    for (size_t gi = 0; gi < im->ngroups; gi++) {
        group *g = &im->groups[gi];
        core_household_clear(&g->h);
        for (size_t i = 0; g->members && i < g->count; i++) core_member_clear(&g->members[i]);
        free(g->members);
        free(g->lines);
        free(g->ids);
    }
    free(im->groups);
    free(im->order);
    json_decref(im->towns);
    io_sheet_free(&im->sheet);
}

ws_err io_import_households(store_db *db, const io_import_options *opt, const char *data, size_t len,
                            json_t **report) {
    importer im = {.opt = opt, .keys = store_keys(db)};
    io_sheet_init(&im.sheet, COLUMNS, F_COUNT);
    size_t imported = 0;
    ws_err e = io_sheet_read(&im.sheet, data, len);
    if (e) goto done;
    store_conn *c = store_read_acquire(db);
    e = store_division_towns(c, opt->scope, &im.towns);
    store_read_release(c);
    if (e) goto done;
    group_rows(&im);
    if (im.nrows == 0) row_error(&im, 2, F_COUNT, "no_rows", "文件中没有数据行", "The file has no data rows");
    if (opt->dry_run || im.sheet.nerrors) {
        for (size_t gi = 0; gi < im.ngroups; gi++) check_household(&im, &im.groups[gi]);
        find_remaining_problems(&im, db);
        e = im.sheet.nerrors ? WS_ERR_INVALID : WS_OK;
    } else {
        e = check_and_write(&im, db, &imported);
        if (e == WS_ERR_INVALID) {
            /* Every household was checked; the file's duplicates and registered numbers are still to say. */
            find_remaining_problems(&im, db);
        }
    }
done:
    if (e == WS_ERR_DB) {
        importer_free(&im);
        return e;
    }
    io_sheet_sort_errors(&im.sheet);
    *report = make_report(&im, e == WS_OK, imported);
    importer_free(&im);
    return e;
}

static const char TEMPLATE[] =
    "\xEF\xBB\xBF"
    "户编号,乡镇(街道)代码,村(社区),地址,类别,姓名,身份证号,性别,出生日期,与户主关系,联系电话,残疾等级,大病,登记日期\r\n"
    "HC-0001,371002001,塔山社区,环翠楼街道塔山路 12 号,低保对象,张建国,371002195801010015,,,户主,13806310001,无,否,2024-03-01\r\n"
    "HC-0001,371002001,塔山社区,环翠楼街道塔山路 12 号,低保对象,李秀兰,,女,1960-05-12,配偶,,二级,是,2024-03-01\r\n";

const char *io_import_households_template(size_t *len) {
    *len = sizeof TEMPLATE - 1;
    return TEMPLATE;
}
