/*
** benefit_import.c: reading, checking and writing a benefits spreadsheet in one transaction.
**
** The rows are checked inside the write transaction that then writes them (on a read connection for a dry
** run), so a household closed or a policy changed between the check and the write cannot slip through.
*/
#include "benefit_import.h"

#include "../core/idnum.h"
#include "../core/text.h"
#include "../store/benefits.h"
#include "../store/households.h"
#include "../store/policies.h"
#include "import_sheet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum field { F_ID, F_HOUSEHOLD_NO, F_TOWN, F_POLICY, F_FROM, F_TO, F_AMOUNT, F_COUNT } field;

static const io_sheet_column COLUMNS[F_COUNT] = {
    [F_ID] = {"id_number", false, {"身份证号", "身份证号码", "公民身份号码"}},
    [F_HOUSEHOLD_NO] = {"household_no", false, {"户编号", "户号", "家庭编号"}},
    [F_TOWN] = {"town_code", false, {"乡镇(街道)代码", "乡镇（街道）代码", "乡镇代码", "街道代码"}},
    [F_POLICY] = {"policy_code", true, {"政策代码", "政策编码"}},
    [F_FROM] = {"from", true, {"开始日期", "起始日期"}},
    [F_TO] = {"to", false, {"结束日期", "终止日期"}},
    [F_AMOUNT] = {"amount", false, {"金额(元)", "金额（元）", "金额", "月金额"}},
};

/* One checked row, ready to write. */
typedef struct row {
    store_benefit b;
    char policy[CORE_POLICY_CODE_MAX + 1];
    char key[64]; /* household, policy and start: the same twice in a file is an error */
    bool ok;      /* checked without problems, and not a repeat */
} row;

/*
** A policy code as written in a cell into out: spaces around it trimmed (spreadsheet cells often carry
** them) and letters made upper-case, as every code of the catalog is ("p-dibao " → "P-DIBAO"). False when
** the result is empty or longer than a code can be.
*/
static bool policy_code_normalise(const char *cell, char *out, size_t outsz)
{
    size_t len;
    const char *t = cell ? core_text_span(cell, &len) : NULL;
    if (!t || !len || len > CORE_POLICY_CODE_MAX || len >= outsz)
        return false;
    for (size_t i = 0; i < len; i++)
        out[i] = t[i] >= 'a' && t[i] <= 'z' ? (char)(t[i] - 'a' + 'A') : t[i];
    out[len] = '\0';
    return true;
}

/* True when the town code lies within the importer's division. */
static bool within(const io_import_options *opt, const char *town)
{
    return strncmp(town, opt->scope, strlen(opt->scope)) == 0;
}

/* The household a row names, or false after reporting why not. */
static bool row_household(io_sheet *s, store_conn *c, const io_import_options *opt, size_t r, int64_t *hid)
{
    size_t line = io_sheet_line(s, r);
    const char *id = io_sheet_cell(s, r, F_ID), *no = io_sheet_cell(s, r, F_HOUSEHOLD_NO);
    const char *town = io_sheet_cell(s, r, F_TOWN);
    char town_code[10];
    if (id) {
        core_idnum n;
        core_idnum_status st = core_idnum_parse(id, core_date_ymd(opt->today), &n);
        if (st != CORE_IDNUM_OK) {
            io_sheet_cell_error(s, line, F_ID, core_idnum_status_code(st), core_idnum_status_zh(st),
                                core_idnum_status_en(st));
            return false;
        }
        int64_t member;
        if (store_idnum_owner(c, n.number, hid, &member, town_code) != WS_OK) {
            io_sheet_cell_error(s, line, F_ID, "household_unknown", "没有在册的成员使用此身份证号",
                                "No registered member has this ID number");
            return false;
        }
        if (!within(opt, town_code)) {
            io_sheet_cell_error(s, line, F_ID, "not_in_jurisdiction", "不在您的辖区内", "Not in your jurisdiction");
            return false;
        }
        return true;
    }
    if (!no || !town) {
        io_sheet_cell_error(s, line, F_ID, "household_required", "需填写身份证号，或户编号和乡镇（街道）代码",
                            "Give the ID number, or the household number and the town code");
        return false;
    }
    if (!within(opt, town)) {
        io_sheet_cell_error(s, line, F_TOWN, "not_in_jurisdiction", "不在您的辖区内", "Not in your jurisdiction");
        return false;
    }
    if (store_household_by_number(c, town, no, hid) != WS_OK) {
        io_sheet_cell_error(s, line, F_HOUSEHOLD_NO, "household_unknown", "该乡镇（街道）没有使用此户编号的在册家庭",
                            "No open household of the town has this household number");
        return false;
    }
    return true;
}

static bool row_date(io_sheet *s, size_t r, field f, core_date *out)
{
    const char *t = io_sheet_cell(s, r, f);
    if (t && core_date_parse(t, out))
        return true;
    if (t || f == F_FROM)
        io_sheet_cell_error(s, io_sheet_line(s, r), f, "date_invalid", "日期应为 yyyy-mm-dd",
                            "The date must be yyyy-mm-dd");
    return false;
}

/* Checks row r into *out; false when it has a problem (reported). */
static bool check_row(io_sheet *s, store_conn *c, const io_import_options *opt, size_t r, row *out)
{
    size_t line = io_sheet_line(s, r);
    size_t before = s->nerrors;
    int64_t hid = 0;
    row_household(s, c, opt, r, &hid);
    char policy[CORE_POLICY_CODE_MAX + 1];
    int64_t pid;
    if (!policy_code_normalise(io_sheet_cell(s, r, F_POLICY), policy, sizeof policy) ||
        store_policy_id(c, policy, &pid) != WS_OK)
        io_sheet_cell_error(s, line, F_POLICY, "policy_unknown", "政策目录中没有这个政策代码",
                            "The catalog has no policy of this code");
    else
        snprintf(out->policy, sizeof out->policy, "%s", policy);
    bool from_ok = row_date(s, r, F_FROM, &out->b.from);
    out->b.has_to = row_date(s, r, F_TO, &out->b.to);
    if (from_ok && out->b.has_to && core_date_days(out->b.to) < core_date_days(out->b.from))
        io_sheet_cell_error(s, line, F_TO, "period_invalid", "结束日期早于开始日期", "The period ends before it starts");
    const char *amount = io_sheet_cell(s, r, F_AMOUNT);
    out->b.amount_fen = -1;
    if (amount && !io_sheet_yuan(amount, &out->b.amount_fen))
        io_sheet_cell_error(s, line, F_AMOUNT, "amount_invalid", IO_SHEET_YUAN_ZH, IO_SHEET_YUAN_EN);
    if (s->nerrors != before)
        return false;
    out->b.household_id = hid;
    out->b.policy_code = out->policy;
    out->b.source = "import";
    char from[11];
    core_date_format(out->b.from, from);
    snprintf(out->key, sizeof out->key, "%lld|%s|%s", (long long)hid, out->policy, from);
    return true;
}

/* True when the periods [af, at] and [bf, bt] share a day; a missing end (has false) is open. */
static bool periods_overlap(core_date af, bool ahas, core_date at, core_date bf, bool bhas, core_date bt)
{
    return (!bhas || core_date_days(af) <= core_date_days(bt)) && (!ahas || core_date_days(bf) <= core_date_days(at));
}

/* Reports row x (data record r) when its period overlaps an earlier row of the group (the rows of the
** same household and policy: indexes into rows) or a stored period of the same policy that the file does
** not replace (a stored record is replaced by a row of the same start). 避免重复救助. */
static void check_overlap(io_sheet *s, store_conn *c, const row *rows, const json_t *group, size_t r)
{
    const row *x = &rows[r - 1];
    size_t line = io_sheet_line(s, r), i;
    json_t *v;
    json_array_foreach(group, i, v) {
        const row *y = &rows[json_integer_value(v)];
        if (y == x)
            break;
        if (periods_overlap(x->b.from, x->b.has_to, x->b.to, y->b.from, y->b.has_to, y->b.to)) {
            size_t other = io_sheet_line(s, (size_t)json_integer_value(v) + 1);
            char zh[200], en[200];
            snprintf(zh, sizeof zh, "与第 %zu 行同一政策的待遇期间重叠，避免重复救助", other);
            snprintf(en, sizeof en, "The period overlaps that of the same policy on line %zu (no double assistance)",
                     other);
            io_sheet_cell_error(s, line, F_FROM, "period_overlap", zh, en);
            return;
        }
    }
    json_t *stored = NULL;
    if (store_benefit_periods(c, x->b.household_id, x->policy, &stored) != WS_OK)
        return;
    json_t *p;
    json_array_foreach(stored, i, p) {
        const char *from = json_string_value(json_array_get(p, 0)), *to = json_string_value(json_array_get(p, 1));
        core_date f, t = {0};
        if (!core_date_parse(from, &f) || (to && !core_date_parse(to, &t)))
            continue;
        bool replaced = false;
        size_t k;
        json_array_foreach(group, k, v) replaced |= core_date_days(rows[json_integer_value(v)].b.from) == core_date_days(f);
        if (replaced || !periods_overlap(x->b.from, x->b.has_to, x->b.to, f, to != NULL, t))
            continue;
        char zh[200], en[200];
        snprintf(zh, sizeof zh, "与已有的待遇期间重叠（%s 至 %s），避免重复救助", from, to ? to : "今");
        snprintf(en, sizeof en, "The period overlaps a recorded one of the same policy (%s to %s): no double assistance",
                 from, to ? to : "now");
        io_sheet_cell_error(s, line, F_FROM, "period_overlap", zh, en);
        break;
    }
    json_decref(stored);
}

/*
** Checks every row on c into rows (one per data record); the same household, policy and start twice is
** an error of the later row; so is a period that overlaps another of the same household and policy, in
** the file or recorded.
*/
static void check_rows(io_sheet *s, store_conn *c, const io_import_options *opt, row *rows)
{
    json_t *seen = json_object(), *groups = json_object();
    for (size_t r = 1; r < s->table.count; r++) {
        row *x = &rows[r - 1];
        if (!check_row(s, c, opt, r, x))
            continue;
        json_t *first = json_object_get(seen, x->key);
        if (first) {
            char zh[128], en[128];
            snprintf(zh, sizeof zh, "同一家庭、政策和开始日期在文件中重复（与第 %lld 行相同）",
                     (long long)json_integer_value(first));
            snprintf(en, sizeof en, "The same household, policy and start appear twice (as on line %lld)",
                     (long long)json_integer_value(first));
            io_sheet_cell_error(s, io_sheet_line(s, r), F_POLICY, "duplicate_row", zh, en);
            continue;
        }
        json_object_set_new(seen, x->key, json_integer((json_int_t)io_sheet_line(s, r)));
        x->ok = true;
        char gkey[64];
        snprintf(gkey, sizeof gkey, "%lld|%s", (long long)x->b.household_id, x->policy);
        json_t *group = json_object_get(groups, gkey);
        if (!group)
            json_object_set_new(groups, gkey, group = json_array());
        json_array_append_new(group, json_integer((json_int_t)(r - 1)));
    }
    for (size_t r = 1; r < s->table.count; r++) {
        const row *x = &rows[r - 1];
        if (!x->ok)
            continue;
        char gkey[64];
        snprintf(gkey, sizeof gkey, "%lld|%s", (long long)x->b.household_id, x->policy);
        check_overlap(s, c, rows, json_object_get(groups, gkey), r);
    }
    json_decref(seen);
    json_decref(groups);
}

static ws_err write_rows(store_conn *w, const io_import_options *opt, const row *rows, size_t n, size_t *replaced)
{
    ws_err e = WS_OK;
    for (size_t i = 0; i < n && e == WS_OK; i++) {
        bool rep;
        e = store_benefit_put(w, &rows[i].b, &rep);
        *replaced += rep;
    }
    if (e == WS_OK)
        e = store_audit_append(w, &opt->actor, "import", "benefits", "",
                               json_pack("{sI sI}", "benefits", (json_int_t)n, "replaced", (json_int_t)*replaced));
    return e;
}

/* Checks (and unless a dry run, writes) the rows of a sheet whose header was read. */
static ws_err check_and_write(io_sheet *s, store_db *db, const io_import_options *opt, size_t *replaced)
{
    size_t n = s->table.count - 1;
    if (n == 0) {
        io_sheet_cell_error(s, 2, -1, "no_rows", "文件中没有数据行", "The file has no data rows");
        return WS_ERR_INVALID;
    }
    row *rows = calloc(n, sizeof *rows);
    if (!rows)
        return WS_ERR_INTERNAL;
    ws_err e;
    if (opt->dry_run) {
        store_conn *c = store_read_acquire(db);
        check_rows(s, c, opt, rows);
        store_read_release(c);
        e = s->nerrors ? WS_ERR_INVALID : WS_OK;
    } else {
        store_conn *w;
        e = store_write_begin(db, &w);
        if (e == WS_OK) {
            check_rows(s, w, opt, rows);
            e = s->nerrors ? WS_ERR_INVALID : write_rows(w, opt, rows, n, replaced);
            e = store_write_finish(w, e);
        }
    }
    free(rows);
    return e;
}

ws_err io_import_benefits(store_db *db, const io_import_options *opt, const char *data, size_t len, json_t **report)
{
    io_sheet s;
    io_sheet_init(&s, COLUMNS, F_COUNT);
    size_t replaced = 0;
    ws_err e = io_sheet_read(&s, data, len);
    if (e == WS_OK)
        e = check_and_write(&s, db, opt, &replaced);
    if (e == WS_ERR_DB || e == WS_ERR_INTERNAL) {
        io_sheet_free(&s);
        return e;
    }
    io_sheet_sort_errors(&s);
    size_t rows = s.table.count ? s.table.count - 1 : 0;
    *report = json_pack("{sb sb ss sI sI sI sO sI}", "ok", e == WS_OK, "dry_run", opt->dry_run, "encoding",
                        io_csv_encoding_name(s.encoding), "rows", (json_int_t)rows, "benefits",
                        (json_int_t)(e == WS_OK ? rows : 0), "replaced", (json_int_t)replaced, "errors", s.errors,
                        "errors_total", (json_int_t)s.nerrors);
    io_sheet_free(&s);
    return e;
}

static const char TEMPLATE[] = "\xEF\xBB\xBF"
                               "身份证号,户编号,乡镇(街道)代码,政策代码,开始日期,结束日期,金额(元)\r\n"
                               "371002195801010015,,,P-DIBAO,2026-01-01,,820.50\r\n"
                               ",HC-0001,371002001,P-ELDERLY,2026-01-01,2026-12-31,100\r\n";

const char *io_import_benefits_template(size_t *len)
{
    *len = sizeof TEMPLATE - 1;
    return TEMPLATE;
}
