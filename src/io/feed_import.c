/*
** feed_import.c: reading, checking and writing a file of monitoring records in one transaction.
**
** A CSV file and a JSON file become the same thing first: per record, the text of each field (JSON
** numbers and booleans written as text), so one set of checks serves both. Problems of a CSV record are
** reported at its line and the column as the file heads it; those of a JSON record at its position from 1
** and the field's name. The records are checked inside the write transaction that then writes them (on a
** read connection for a dry run), so a person registered or a record imported in between cannot slip by.
*/
#include "feed_import.h"

#include "../core/alert.h"
#include "../core/idnum.h"
#include "../core/text.h"
#include "../store/alerts.h"
#include "../store/divisions.h"
#include "../store/feeds.h"
#include "../store/households.h"
#include "import_sheet.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum field {
    F_SOURCE, F_RECORD, F_KIND, F_ID, F_NAME, F_DATE, F_AMOUNT, F_ADDRESS, F_TOWN, F_DISCONNECTED, F_NOTE, F_COUNT
} field;

static const io_sheet_column COLUMNS[F_COUNT] = {
    [F_SOURCE] = {"source", true, {"来源部门", "来源", "数据来源"}},
    [F_RECORD] = {"record_id", true, {"记录编号", "记录号", "编号"}},
    [F_KIND] = {"kind", true, {"类型", "类别", "监测类型"}},
    [F_ID] = {"id_number", true, {"身份证号", "身份证号码", "公民身份号码"}},
    [F_NAME] = {"name", false, {"姓名"}},
    [F_DATE] = {"occurred_on", true, {"发生日期", "日期", "发生时间"}},
    [F_AMOUNT] = {"amount", false, {"金额(元)", "金额（元）", "金额"}},
    [F_ADDRESS] = {"address", false, {"地址", "住址"}},
    [F_TOWN] = {"town_code", false, {"乡镇(街道)代码", "乡镇（街道）代码", "乡镇代码", "街道代码"}},
    [F_DISCONNECTED] = {"disconnected", false, {"停供", "是否停供"}},
    [F_NOTE] = {"note", false, {"说明", "备注"}},
};

/* Whether a kind's records carry an amount. */
typedef enum amount_rule { AMOUNT_NONE, AMOUNT_OPTIONAL, AMOUNT_REQUIRED } amount_rule;

/* The kinds with their Chinese names and amounts (docs/api.md "Monitoring feeds"). The rules sum the amounts
** of medical costs and disaster damage, so those need one; an amount where the kind has none (a death) is
** a column mixed up, refused rather than stored as a figure nobody reads. */
static const struct {
    const char *code, *zh;
    amount_rule amount;
} KINDS[] = {
    {"medical_cost", "大额医疗自付", AMOUNT_REQUIRED},          {"hospital_admission", "住院", AMOUNT_OPTIONAL},
    {"disability_certificate", "新办残疾证", AMOUNT_NONE},     {"death", "家庭成员死亡", AMOUNT_NONE},
    {"job_loss", "失业登记", AMOUNT_OPTIONAL},                  {"income_drop", "收入下降", AMOUNT_OPTIONAL},
    {"utility_arrears", "水电欠费或停供", AMOUNT_OPTIONAL},     {"school_dropout", "辍学", AMOUNT_NONE},
    {"disaster_damage", "受灾", AMOUNT_REQUIRED},
};
enum { NKINDS = sizeof KINDS / sizeof KINDS[0] };

/* Longest texts, in characters. */
enum { MAX_CODE = 64, MAX_NAME = 50, MAX_ADDRESS = 200, MAX_NOTE = 500 };

/* The earliest day a record may have happened on (yyyymmdd). */
enum { EARLIEST_DAY = 20000101 };

/* The records of a file as text, whatever the format. */
typedef struct input {
    io_sheet sheet;    /* the CSV table (for JSON: only the report) */
    bool json;
    size_t n;
    const char **cell; /* n * F_COUNT, NULL when absent or empty; borrowed from the sheet or root */
    char (*num)[32];   /* JSON amounts given as numbers, written as text: one per record */
    json_t *root;      /* the parsed JSON file */
    json_t *warnings;  /* records stored already with other content (owned; the errors' shape) */
    size_t nwarnings;
    /* Town codes looked up already while checking (a file names few towns, each many times). */
    struct {
        char code[16];
        bool exists;
    } towns[32];
    size_t ntowns;
} input;

/* Whether town is a town's code, asking the database once per code and file. */
static bool town_exists(input *in, store_conn *c, const char *town) {
    for (size_t k = 0; k < in->ntowns; k++)
        if (strcmp(in->towns[k].code, town) == 0) return in->towns[k].exists;
    bool exists = store_town_exists(c, town);
    if (in->ntowns < sizeof in->towns / sizeof *in->towns && strlen(town) < sizeof in->towns[0].code) {
        snprintf(in->towns[in->ntowns].code, sizeof in->towns[0].code, "%s", town);
        in->towns[in->ntowns++].exists = exists;
    }
    return exists;
}

/* One checked record, ready to write. */
typedef struct row {
    bool skip;       /* stored already */
    int kind;        /* index into KINDS */
    core_idnum id;
    core_date day;
    int64_t amount_fen;
    int disconnected; /* -1: not said */
    int64_t household_id, member_id;
} row;

static const char *cell(const input *in, size_t i, field f) { return in->cell[i * F_COUNT + f]; }

/* A problem of record i in field f (negative: the record as a whole). */
static void bad(input *in, size_t i, int f, const char *code, const char *zh, const char *en) {
    if (in->json) {
        const char *name = f >= 0 ? COLUMNS[f].name : "";
        io_sheet_error(&in->sheet, i + 1, name, name, code, zh, en);
    } else {
        io_sheet_cell_error(&in->sheet, io_sheet_line(&in->sheet, i + 1), f, code, zh, en);
    }
}

/* A note on record i at field f that does not refuse the file, in the shape of bad()'s entries. */
static void warn(input *in, size_t i, field f, const char *code, const char *zh, const char *en) {
    in->nwarnings++;
    if (json_array_size(in->warnings) >= IO_SHEET_MAX_ERRORS) return;
    const char *column = COLUMNS[f].name;
    size_t line = i + 1;
    if (!in->json) {
        column = in->sheet.col[f] >= 0 ? in->sheet.table.records[0].fields[in->sheet.col[f]] : "";
        line = io_sheet_line(&in->sheet, i + 1);
    }
    json_array_append_new(in->warnings, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "row", (json_int_t)line, "column",
                                                  column, "field", COLUMNS[f].name, "code", code, "zh", zh, "en", en));
}

static void bad_amount(input *in, size_t i) {
    bad(in, i, F_AMOUNT, "amount_invalid", IO_SHEET_YUAN_ZH, IO_SHEET_YUAN_EN);
}

/* ---- reading ------------------------------------------------------------------------------------------ */

static ws_err read_csv(input *in, const char *data, size_t len) {
    ws_err e = io_sheet_read(&in->sheet, data, len);
    if (e) return e;
    in->n = in->sheet.table.count - 1;
    in->cell = calloc(in->n * F_COUNT + 1, sizeof *in->cell);
    if (!in->cell) return WS_ERR_INTERNAL;
    for (size_t i = 0; i < in->n; i++)
        for (int f = 0; f < F_COUNT; f++) in->cell[i * F_COUNT + f] = io_sheet_cell(&in->sheet, i + 1, f);
    return WS_OK;
}

/*
** A JSON real of yuan as text with two decimals into buf; false when it is not a whole number of fen,
** negative or far too large. Printing it with "%.2f" would round 1.005 silently where the string "1.005"
** is refused; but 300.1 is 30010.000000000004 fen in binary, so the product may miss a whole number by the
** rounding of the multiplication, a few units in the last place, and no more.
*/
static bool json_yuan(json_t *v, char buf[32]) {
    double fen = json_real_value(v) * 100, whole = nearbyint(fen);
    if (!isfinite(fen) || fen < 0 || fen >= 1e15 || fabs(fen - whole) > fmax(1e-6, fabs(fen) * 8 * DBL_EPSILON))
        return false;
    long long n = (long long)whole;
    snprintf(buf, 32, "%lld.%02lld", n / 100, n % 100);
    return true;
}

/* The text of JSON value v for field f of record i into the input; false (with the problem recorded) when
** it is of the wrong type. */
static bool json_field(input *in, size_t i, field f, json_t *v) {
    const char **out = &in->cell[i * F_COUNT + f];
    if (json_is_null(v)) return true;
    if (f == F_DISCONNECTED) {
        /* A boolean, as documented: the string "false" would read as yes in too many hands. */
        if (!json_is_boolean(v)) {
            bad(in, i, f, "type_invalid", "应为 true、false 或 null", "Must be true, false or null");
            return false;
        }
        *out = json_is_true(v) ? "true" : "false";
        return true;
    }
    if (json_is_string(v)) {
        /* Trimmed as a CSV cell is; the text lives in the root, which outlives the checks. */
        char *t = core_text_trim((char *)json_string_value(v));
        *out = *t ? t : NULL;
        return true;
    }
    char *buf = in->num[i];
    if (f == F_AMOUNT && json_is_integer(v)) {
        snprintf(buf, 32, "%lld", (long long)json_integer_value(v));
    } else if (f == F_AMOUNT && json_is_real(v)) {
        if (!json_yuan(v, buf)) {
            bad_amount(in, i);
            return false;
        }
    } else {
        bad(in, i, f, "type_invalid", "字段类型不正确", "The field has the wrong type");
        return false;
    }
    *out = buf;
    return true;
}

static void json_record(input *in, size_t i, json_t *rec) {
    if (!json_is_object(rec)) {
        bad(in, i, -1, "record_invalid", "每条记录应为一个对象", "Each record must be an object");
        return;
    }
    const char *key;
    json_t *v;
    json_object_foreach(rec, key, v) {
        int f = 0;
        while (f < F_COUNT && strcmp(COLUMNS[f].name, key) != 0) f++;
        if (f == F_COUNT) io_sheet_error(&in->sheet, i + 1, key, key, "field_unknown", "未知的字段", "Unknown field");
        else json_field(in, i, f, v);
    }
}

static ws_err read_json(input *in, const char *data, size_t len) {
    in->json = true;
    in->sheet.encoding = IO_CSV_UTF8;
    if (len > IO_SHEET_MAX_BYTES) {
        io_sheet_error(&in->sheet, 0, "", "", "file_too_large", "文件超过 64 MiB", "The file is larger than 64 MiB");
        return WS_ERR_LIMIT;
    }
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) { /* a BOM, as Windows editors write UTF-8 */
        data += 3;
        len -= 3;
    }
    size_t blank = 0;
    while (blank < len && strchr(" \t\r\n", data[blank])) blank++;
    if (blank == len) {
        io_sheet_error(&in->sheet, 0, "", "", "empty_file", "文件为空", "The file is empty");
        return WS_ERR_INVALID;
    }
    json_error_t jerr;
    /* Any value: "abc" or null is JSON of the wrong shape, not invalid JSON. */
    in->root = json_loadb(data, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &jerr);
    json_t *records = json_is_object(in->root) ? json_object_get(in->root, "records") : in->root;
    if (!json_is_array(records) || (json_is_object(in->root) && json_object_size(in->root) != 1)) {
        /* Where and what, never jansson's text: it quotes the token near the error, which may be an ID number. */
        char zh[200], en[200];
        const char *why_zh = "", *why_en = "";
        if (!in->root && json_error_code(&jerr) == json_error_duplicate_key) {
            why_zh = "：同一对象中字段名重复";
            why_en = ": a field name appears twice in one object";
        } else if (!in->root && json_error_code(&jerr) == json_error_numeric_overflow) {
            why_zh = "：数字超出范围";
            why_en = ": a number is out of range";
        }
        if (!in->root && jerr.line > 0) {
            snprintf(zh, sizeof zh, "文件不是有效的 JSON（第 %d 行第 %d 列%s）", jerr.line, jerr.column, why_zh);
            snprintf(en, sizeof en, "The file is not valid JSON (line %d, column %d%s)", jerr.line, jerr.column, why_en);
        } else if (!in->root) {
            snprintf(zh, sizeof zh, "文件不是有效的 JSON");
            snprintf(en, sizeof en, "The file is not valid JSON");
        } else {
            snprintf(zh, sizeof zh, "文件不是 {\"records\": [...]} 形式的 JSON");
            snprintf(en, sizeof en, "The file is not JSON of the form {\"records\": [...]}");
        }
        io_sheet_error(&in->sheet, 0, "", "", "json_invalid", zh, en);
        return WS_ERR_INVALID;
    }
    in->n = json_array_size(records);
    in->cell = calloc(in->n * F_COUNT + 1, sizeof *in->cell);
    in->num = calloc(in->n + 1, sizeof *in->num);
    if (!in->cell || !in->num) return WS_ERR_INTERNAL;
    for (size_t i = 0; i < in->n; i++) json_record(in, i, json_array_get(records, i));
    return WS_OK;
}

static void input_free(input *in) {
    free(in->cell);
    free(in->num);
    json_decref(in->root);
    json_decref(in->warnings);
    io_sheet_free(&in->sheet);
}

/* ---- dates -------------------------------------------------------------------------------------------- */

/* Reads n digits at *p into *v, advancing *p; false when they are not all there. */
static bool digits(const char **p, int n, int *v) {
    int x = 0;
    for (int k = 0; k < n; k++) {
        char ch = (*p)[k];
        if (ch < '0' || ch > '9') return false;
        x = x * 10 + (ch - '0');
    }
    *p += n;
    *v = x;
    return true;
}

/* A zone at p ("Z", "+08:00", "+0800", "+08", "-05:00") into minutes east of UTC; false for anything else. */
static bool zone(const char *p, int *minutes) {
    if (*p == 'Z' || *p == 'z') {
        *minutes = 0;
        return p[1] == '\0';
    }
    if (*p != '+' && *p != '-') return false;
    int sign = *p++ == '-' ? -1 : 1, h, m = 0;
    if (!digits(&p, 2, &h)) return false;
    if (*p == ':') p++;
    if (*p && !digits(&p, 2, &m)) return false;
    if (*p || h > 14 || m > 59) return false;
    *minutes = sign * (h * 60 + m);
    return true;
}

bool io_feed_parse_day(const char *text, core_date *out) {
    if (core_date_parse(text, out)) return true;
    /* yyyy-mm-dd (or / or .), then a space or T, then hh:mm[:ss[.fraction]], then an optional zone. */
    const char *p = text;
    int y, mo, d, h, mi, s = 0;
    if (!digits(&p, 4, &y) || (*p != '-' && *p != '/' && *p != '.')) return false;
    char sep = *p++;
    if (!digits(&p, 2, &mo) || *p++ != sep || !digits(&p, 2, &d) || !core_date_valid(y, mo, d)) return false;
    if (*p != ' ' && *p != 'T' && *p != 't') return false;
    p++;
    if (!digits(&p, 2, &h) || *p++ != ':' || !digits(&p, 2, &mi)) return false;
    if (*p == ':' && (p++, !digits(&p, 2, &s))) return false;
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++) continue;
    if (h > 23 || mi > 59 || s > 60) return false;
    core_date day = {y, mo, d};
    if (*p == '\0') { /* local time: its day is the Asia/Shanghai day */
        *out = day;
        return true;
    }
    int east;
    if (!zone(p, &east)) return false;
    /* Minutes since the day began in the record's zone, moved to UTC+8; the day shifts when it leaves 0..1439. */
    long minutes = h * 60 + mi - east + 8 * 60;
    long shift = minutes >= 0 ? minutes / 1440 : -((-minutes + 1439) / 1440);
    *out = core_date_add_days(day, shift);
    return true;
}

/* ---- checking ----------------------------------------------------------------------------------------- */

static int kind_parse(const char *text) {
    for (int k = 0; k < NKINDS; k++)
        if (strcmp(text, KINDS[k].code) == 0 || strcmp(text, KINDS[k].zh) == 0) return k;
    return -1;
}

static int bool_parse(const char *text) {
    static const char *const YES[] = {"是", "true", "1", "yes", "y", "停供"}, *const NO[] = {"否", "false", "0", "no", "n"};
    for (size_t k = 0; k < sizeof YES / sizeof *YES; k++)
        if (strcmp(text, YES[k]) == 0) return 1;
    for (size_t k = 0; k < sizeof NO / sizeof *NO; k++)
        if (strcmp(text, NO[k]) == 0) return 0;
    return -1;
}

/* Text fields: required ones present, no control or invisible characters (a zero-width space would make
** a record id new to the idempotence check and to the reader), none too long. */
static void check_texts(input *in, size_t i) {
    static const struct {
        field f;
        size_t max;
    } LIMITS[] = {{F_SOURCE, MAX_CODE}, {F_RECORD, MAX_CODE}, {F_NAME, MAX_NAME}, {F_ADDRESS, MAX_ADDRESS},
                  {F_NOTE, MAX_NOTE}};
    for (int f = 0; f < F_COUNT; f++)
        if (COLUMNS[f].required && !cell(in, i, f))
            bad(in, i, f, "field_required", "必填项不能为空", "This field is required");
        else if (cell(in, i, f) && core_text_has_control(cell(in, i, f), f == F_NOTE))
            bad(in, i, f, "invalid_text", CORE_TEXT_CONTROL_ZH, CORE_TEXT_CONTROL_EN);
        else if (cell(in, i, f) && core_text_has_invisible(cell(in, i, f)))
            bad(in, i, f, "invisible_text", CORE_TEXT_INVISIBLE_ZH, CORE_TEXT_INVISIBLE_EN);
    for (size_t k = 0; k < sizeof LIMITS / sizeof *LIMITS; k++) {
        const char *t = cell(in, i, LIMITS[k].f);
        if (t && core_utf8_len(t) > LIMITS[k].max) {
            char zh[64], en[64];
            snprintf(zh, sizeof zh, "最多 %zu 个字", LIMITS[k].max);
            snprintf(en, sizeof en, "At most %zu characters", LIMITS[k].max);
            bad(in, i, LIMITS[k].f, "too_long", zh, en);
        }
    }
}

/* The kind, ID number, day, amount and flag of record i into *r. */
static void check_values(input *in, size_t i, const io_import_options *opt, row *r) {
    const char *kind = cell(in, i, F_KIND), *id = cell(in, i, F_ID), *day = cell(in, i, F_DATE);
    const char *amount = cell(in, i, F_AMOUNT), *cut = cell(in, i, F_DISCONNECTED);
    r->kind = kind ? kind_parse(kind) : -1;
    if (kind && r->kind < 0)
        bad(in, i, F_KIND, "kind_unknown", "未知的监测类型", "Unknown kind of record");
    if (id) {
        core_idnum_status st = core_idnum_parse(id, core_date_ymd(opt->today), &r->id);
        if (st != CORE_IDNUM_OK)
            bad(in, i, F_ID, core_idnum_status_code(st), core_idnum_status_zh(st), core_idnum_status_en(st));
    }
    if (day && !io_feed_parse_day(day, &r->day))
        bad(in, i, F_DATE, "date_invalid", "日期应为 yyyy-mm-dd，或带时间（如 2026-12-04T07:30:00+08:00）",
            "The date must be yyyy-mm-dd, or with a time such as 2026-12-04T07:30:00+08:00");
    else if (day && core_date_days(r->day) > core_date_days(opt->today))
        bad(in, i, F_DATE, "date_future", "日期不能晚于今天", "The date cannot be after today");
    else if (day && core_date_ymd(r->day) < EARLIEST_DAY) /* a year typed wrong, or a placeholder such as 1900 */
        bad(in, i, F_DATE, "date_too_early", "日期不能早于 2000-01-01", "The date cannot be before 2000-01-01");
    r->amount_fen = -1;
    if (amount && !io_sheet_yuan(amount, &r->amount_fen)) {
        bad_amount(in, i);
    } else if (amount && r->kind >= 0 && KINDS[r->kind].amount == AMOUNT_NONE) {
        char zh[128], en[128];
        snprintf(zh, sizeof zh, "“%s”记录没有金额，金额应留空", KINDS[r->kind].zh);
        snprintf(en, sizeof en, "A record of kind %s has no amount: leave it empty", KINDS[r->kind].code);
        bad(in, i, F_AMOUNT, "amount_not_applicable", zh, en);
    } else if (!amount && r->kind >= 0 && KINDS[r->kind].amount == AMOUNT_REQUIRED) {
        bad(in, i, F_AMOUNT, "amount_required", "此类记录须填写金额", "This kind of record needs an amount");
    }
    r->disconnected = cut ? bool_parse(cut) : -1;
    if (cut && r->disconnected < 0)
        bad(in, i, F_DISCONNECTED, "bool_invalid", "应填“是”或“否”", "Must be yes or no (是/否, true/false, 1/0)");
}

/* Whether record i is stored already, whom it is about, and whether that lies in the importer's division. */
static void check_place(input *in, size_t i, store_conn *c, const io_import_options *opt, row *r) {
    const char *town = cell(in, i, F_TOWN);
    if (town && !town_exists(in, c, town)) {
        bad(in, i, F_TOWN, "town_unknown", "没有这个乡镇（街道）代码", "No town has this code");
        return;
    }
    char home[10];
    if (store_idnum_owner(c, r->id.number, &r->household_id, &r->member_id, home) == WS_OK) {
        if (!store_in_scope(opt->scope, home))
            bad(in, i, F_ID, "not_in_jurisdiction", "不在您的辖区内", "Not in your jurisdiction");
        return;
    }
    r->household_id = r->member_id = 0;
    /* A lead is shown to the town of its address; one without a town only to the city, so below the city
    ** the town is what is missing. */
    if (!town && strlen(opt->scope) > 4)
        bad(in, i, F_TOWN, "town_required_for_lead", "未登记人员的记录须填写乡镇（街道）代码",
            "A record about a person not yet registered needs the town code");
    else if (town && !store_in_scope(opt->scope, town))
        bad(in, i, F_TOWN, "not_in_jurisdiction", "不在您的辖区内", "Not in your jurisdiction");
}

/*
** The source and record id of record i as they are compared and stored: full-width forms typed with a
** Chinese input method folded to ASCII, and the source's letters lower-cased, so that YBJ, ybj and ｙｂｊ
** are one department and the same bill is not counted twice. A record id keeps its case: a department's
** ids may tell a from A. In place: folding never lengthens a text.
*/
static void normalise_codes(input *in, size_t i) {
    for (field f = F_SOURCE; f <= F_RECORD; f++) {
        char *t = (char *)cell(in, i, f), folded[MAX_CODE * 4 + 1];
        if (!t || !core_text_fold_width(t, strlen(t), folded, sizeof folded)) continue; /* too long: refused */
        if (f == F_SOURCE)
            for (char *p = folded; *p; p++)
                if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
        strcpy(t, folded);
    }
}

/* What differs between a record and the stored one, as a list in each language. */
typedef struct diff {
    char zh[512], en[512];
    size_t nzh, nen;
} diff;

static void diff_add(diff *d, const char *zh, const char *en) {
    if (d->nzh < sizeof d->zh)
        d->nzh += (size_t)snprintf(d->zh + d->nzh, sizeof d->zh - d->nzh, "%s%s", d->nzh ? "、" : "", zh);
    if (d->nen < sizeof d->en)
        d->nen += (size_t)snprintf(d->en + d->nen, sizeof d->en - d->nen, "%s%s", d->nen ? ", " : "", en);
}

/* The key content of record r that differs from the stored record st, with the stored values (never the
** ID number: only that it differs), into *d. */
static void changes(store_conn *c, const row *r, const store_feed_stored *st, diff *d) {
    char zh[128], en[128];
    if (strcmp(KINDS[r->kind].code, st->kind) != 0) {
        int k = kind_parse(st->kind);
        snprintf(zh, sizeof zh, "类型（原为%s）", k >= 0 ? KINDS[k].zh : st->kind);
        snprintf(en, sizeof en, "kind (stored: %s)", st->kind);
        diff_add(d, zh, en);
    }
    if (core_date_ymd(r->day) != core_date_ymd(st->occurred_on)) {
        char day[11];
        core_date_format(st->occurred_on, day);
        snprintf(zh, sizeof zh, "发生日期（原为 %s）", day);
        snprintf(en, sizeof en, "day (stored: %s)", day);
        diff_add(d, zh, en);
    }
    if (r->amount_fen != st->amount_fen) {
        if (st->amount_fen < 0) {
            snprintf(zh, sizeof zh, "金额（原为空）");
            snprintf(en, sizeof en, "amount (stored: none)");
        } else {
            long long yuan = st->amount_fen / 100, fen = st->amount_fen % 100;
            snprintf(zh, sizeof zh, "金额（原为 %lld.%02lld 元）", yuan, fen);
            snprintf(en, sizeof en, "amount (stored: %lld.%02lld yuan)", yuan, fen);
        }
        diff_add(d, zh, en);
    }
    /* Compared by the keyed hash: the stored number is sealed, and the hash is what the registry matches. */
    uint8_t hash[CORE_IDCRYPT_HASHBYTES];
    core_idcrypt_hash(store_keys(store_conn_db(c)), r->id.number, hash);
    if (!st->has_id_hash || memcmp(hash, st->id_hash, sizeof hash) != 0) diff_add(d, "身份证号", "ID number");
    if (r->disconnected != st->disconnected) {
        static const char *const ZH[] = {"未填", "否", "是"}, *const EN[] = {"not said", "no", "yes"};
        snprintf(zh, sizeof zh, "停供（原为%s）", ZH[st->disconnected + 1]);
        snprintf(en, sizeof en, "disconnected (stored: %s)", EN[st->disconnected + 1]);
        diff_add(d, zh, en);
    }
}

/* Checks record i into *r; seen maps source and record id to the first record that had them. */
static void check_record(input *in, size_t i, store_conn *c, const io_import_options *opt, json_t *seen, row *r) {
    size_t before = in->sheet.nerrors;
    normalise_codes(in, i);
    check_texts(in, i);
    check_values(in, i, opt, r);
    if (in->sheet.nerrors != before) return;
    char key[2 * MAX_CODE * 4 + 2];
    snprintf(key, sizeof key, "%s\x1f%s", cell(in, i, F_SOURCE), cell(in, i, F_RECORD));
    json_t *first = json_object_get(seen, key);
    if (first) {
        char zh[128], en[128];
        snprintf(zh, sizeof zh, "同一来源部门和记录编号在文件中重复（与第 %lld 条相同）", (long long)json_integer_value(first));
        snprintf(en, sizeof en, "The same source and record id appear twice (as in record %lld)",
                 (long long)json_integer_value(first));
        bad(in, i, F_RECORD, "duplicate_row", zh, en);
        return;
    }
    json_object_set_new(seen, key, json_integer(in->json ? (json_int_t)i + 1 : (json_int_t)io_sheet_line(&in->sheet, i + 1)));
    store_feed_stored st;
    if (store_feed_find(c, cell(in, i, F_SOURCE), cell(in, i, F_RECORD), &r->skip, &st) != WS_OK) r->skip = false;
    if (!r->skip) {
        check_place(in, i, c, opt, r);
        return;
    }
    diff d = {0};
    changes(c, r, &st, &d);
    /* Another division's record: the importer learns that the id is taken, nothing of what it holds. One
    ** it sent itself (its person moved away since) is already imported when sent again the same: that says
    ** nothing it did not know, while for anyone else it would confirm a guess. A record with no town is the
    ** city's, as a lead without a town is. */
    if (*st.town ? !store_in_scope(opt->scope, st.town) : strlen(opt->scope) > 4) {
        if (!d.nzh && st.has_importer && store_in_scope(opt->scope, st.imported_in)) return;
        r->skip = false; /* not this importer's to count */
        bad(in, i, F_RECORD, "not_in_jurisdiction", "此来源部门和记录编号已用于您辖区外的记录",
            "This source and record id belong to a record outside your jurisdiction");
        return;
    }
    /* The stored record stays (importing is idempotent), but a department that corrected a record should
    ** hear that the correction was not taken. */
    if (d.nzh) {
        char zh[640], en[640];
        snprintf(zh, sizeof zh, "此记录已导入过，内容不同，仍保留原记录：%s", d.zh);
        snprintf(en, sizeof en, "Imported before with other content; the stored record is kept: %s", d.en);
        warn(in, i, F_RECORD, "already_imported_changed", zh, en);
    }
}

static void check_records(input *in, store_conn *c, const io_import_options *opt, row *rows) {
    json_t *seen = json_object();
    for (size_t i = 0; i < in->n; i++) check_record(in, i, c, opt, seen, &rows[i]);
    json_decref(seen);
}

/* ---- writing ------------------------------------------------------------------------------------------ */

/* What an import did, for the report. */
typedef struct tally {
    size_t imported, already, matched, leads;
    store_alerts_outcome alerts;
} tally;

/* The tally of checked rows; a refused file imports nothing, but its records stored already are still
** counted, as its warnings are. */
static void count(const row *rows, size_t n, bool refused, tally *t) {
    for (size_t i = 0; i < n; i++) {
        if (rows[i].skip) t->already++;
        else if (refused) continue;
        else if (rows[i].household_id > 0) t->matched++;
        else t->leads++;
    }
    t->imported = refused ? 0 : n - t->already;
}

/* The record's extra facts as a JSON object text (caller frees). */
static char *detail_text(const input *in, size_t i, const row *r) {
    const char *note = cell(in, i, F_NOTE);
    /* Without a note the text is one of three, written here rather than through a JSON object. */
    if (!note)
        return strdup(r->disconnected < 0 ? "{}" : r->disconnected ? "{\"disconnected\":true}" : "{\"disconnected\":false}");
    json_t *d = json_object();
    if (r->disconnected >= 0) json_object_set_new(d, "disconnected", json_boolean(r->disconnected));
    json_object_set_new(d, "note", json_string(note));
    char *text = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(d);
    return text;
}

enum { WRITE_BATCH = 256 };

/* Stores the new records among rows[from..to) (at most WRITE_BATCH), in file order, adding the ids of the
** matched ones to matched[*nm...]. */
static ws_err write_batch(store_conn *w, const input *in, const char *scope, const row *rows, size_t from, size_t to,
                          int64_t *matched, size_t *nm) {
    core_protected_id pid[WRITE_BATCH];
    char *detail[WRITE_BATCH];
    store_feed_record rec[WRITE_BATCH];
    size_t which[WRITE_BATCH], n = 0;
    const core_idkeys *keys = store_keys(store_conn_db(w));
    for (size_t i = from; i < to; i++) {
        const row *r = &rows[i];
        if (r->skip) continue;
        core_idcrypt_protect(keys, r->id.number, &pid[n]);
        detail[n] = detail_text(in, i, r);
        const char *name = cell(in, i, F_NAME), *address = cell(in, i, F_ADDRESS);
        rec[n] = (store_feed_record){
            .source = cell(in, i, F_SOURCE),
            .record_id = cell(in, i, F_RECORD),
            .kind = KINDS[r->kind].code,
            .id = &pid[n],
            .person_name = name ? name : "",
            .address = address ? address : "",
            .town_code = cell(in, i, F_TOWN),
            .detail = detail[n] ? detail[n] : "{}",
            .occurred_on = r->day,
            .amount_fen = r->amount_fen,
            .household_id = r->household_id,
            .member_id = r->member_id,
            .imported_in = scope,
        };
        which[n++] = i;
    }
    int64_t ids[WRITE_BATCH];
    ws_err e = store_feed_insert_many(w, rec, n, ids);
    for (size_t k = 0; k < n; k++) {
        if (!e && rows[which[k]].household_id > 0) matched[(*nm)++] = ids[k];
        free(detail[k]);
    }
    return e;
}

/* Writes the new records, then runs the alert rules over the matched ones. */
static ws_err write_records(store_conn *w, const input *in, const io_import_options *opt, const row *rows, tally *t) {
    int64_t *matched = malloc((in->n + 1) * sizeof *matched);
    if (!matched) return WS_ERR_INTERNAL;
    size_t nm = 0;
    ws_err e = WS_OK;
    for (size_t i = 0; i < in->n && !e; i += WRITE_BATCH)
        e = write_batch(w, in, opt->scope, rows, i, i + WRITE_BATCH < in->n ? i + WRITE_BATCH : in->n, matched, &nm);
    if (!e) e = store_alerts_evaluate_records(w, matched, nm, opt->today, &t->alerts);
    free(matched);
    if (!e)
        e = store_audit_append(w, &opt->actor, "import", "feeds", "",
                               json_pack("{sI sI sI sI sI sI}", "imported", (json_int_t)t->imported, "already_imported",
                                         (json_int_t)t->already, "already_imported_changed", (json_int_t)in->nwarnings,
                                         "matched", (json_int_t)t->matched, "leads", (json_int_t)t->leads,
                                         "alerts_raised", (json_int_t)t->alerts.raised));
    return e;
}

/* Checks (and unless a dry run, writes) the records read. */
static ws_err check_and_write(input *in, store_db *db, const io_import_options *opt, tally *t) {
    if (in->n == 0) {
        if (in->json) io_sheet_error(&in->sheet, 0, "", "", "no_rows", "文件中没有记录", "The file has no records");
        else io_sheet_cell_error(&in->sheet, 2, -1, "no_rows", "文件中没有数据行", "The file has no data rows");
        return WS_ERR_INVALID;
    }
    row *rows = calloc(in->n, sizeof *rows);
    if (!rows) return WS_ERR_INTERNAL;
    ws_err e;
    if (opt->dry_run) {
        store_conn *c = store_read_acquire(db);
        check_records(in, c, opt, rows);
        store_read_release(c);
        e = in->sheet.nerrors ? WS_ERR_INVALID : WS_OK;
        count(rows, in->n, e != WS_OK, t);
    } else {
        store_conn *w;
        e = store_write_begin(db, &w);
        if (e == WS_OK) {
            check_records(in, w, opt, rows);
            e = in->sheet.nerrors ? WS_ERR_INVALID : WS_OK;
            count(rows, in->n, e != WS_OK, t);
            if (!e) e = write_records(w, in, opt, rows, t);
            e = store_write_finish(w, e);
        }
    }
    free(rows);
    return e;
}

ws_err io_import_feeds(store_db *db, const io_import_options *opt, io_feed_format format, const char *data,
                       size_t len, json_t **report) {
    input in = {.warnings = json_array()};
    io_sheet_init(&in.sheet, COLUMNS, F_COUNT);
    tally t = {0};
    ws_err e = format == IO_FEED_JSON ? read_json(&in, data, len) : read_csv(&in, data, len);
    /* Problems found while reading JSON records (unknown fields, wrong types) refuse the file before the
    ** checks, which would only add that the field is missing. A CSV row's extra cells are one more error
    ** beside those the checks find. */
    if (e == WS_OK && in.json && in.sheet.nerrors) e = WS_ERR_INVALID;
    if (e == WS_OK) e = check_and_write(&in, db, opt, &t);
    if (e == WS_ERR_DB || e == WS_ERR_INTERNAL) {
        input_free(&in);
        return e;
    }
    io_sheet_sort_errors(&in.sheet);
    bool ok = e == WS_OK;
    json_t *r = json_pack("{sb sb ss ss sI sI sI sI sI sI sO sI sO}", "ok", ok, "dry_run", opt->dry_run, "format",
                          in.json ? "json" : "csv", "encoding", io_csv_encoding_name(in.sheet.encoding), "rows",
                          (json_int_t)in.n, "imported", (json_int_t)t.imported, "already_imported",
                          (json_int_t)t.already, "already_imported_changed", (json_int_t)in.nwarnings, "matched",
                          (json_int_t)t.matched, "leads", (json_int_t)t.leads, "errors", in.sheet.errors,
                          "errors_total", (json_int_t)in.sheet.nerrors, "warnings", in.warnings);
    if (ok && !opt->dry_run)
        json_object_set_new(r, "alerts", json_pack("{sI sI sI}", "evaluated", (json_int_t)t.alerts.evaluated, "raised",
                                                   (json_int_t)t.alerts.raised, "merged", (json_int_t)t.alerts.merged));
    *report = r;
    input_free(&in);
    return e;
}
