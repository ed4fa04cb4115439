/*
** import_sheet.c: the header, cells and problem report every spreadsheet import shares (import_sheet.h).
*/
#include "import_sheet.h"

#include "../core/mem.h"
#include "../core/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void io_sheet_init(io_sheet *s, const io_sheet_column *columns, int n)
{
    memset(s, 0, sizeof *s);
    s->columns = columns;
    s->ncolumns = n;
    s->errors = json_array();
    for (int f = 0; f < IO_SHEET_MAX_COLUMNS; f++)
        s->col[f] = -1;
}

void io_sheet_free(io_sheet *s)
{
    json_decref(s->errors);
    s->errors = NULL;
    io_csv_free(&s->table);
}

void io_sheet_error(io_sheet *s, size_t line, const char *column, const char *field, const char *code,
                    const char *zh, const char *en)
{
    s->nerrors++;
    if (json_array_size(s->errors) >= IO_SHEET_MAX_ERRORS)
        return;
    json_array_append_new(s->errors, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "row", (json_int_t)line, "column",
                                               column, "field", field, "code", code, "zh", zh, "en", en));
}

void io_sheet_cell_error(io_sheet *s, size_t line, int f, const char *code, const char *zh, const char *en)
{
    bool known = f >= 0 && f < s->ncolumns;
    const char *column = known && s->col[f] >= 0 ? s->table.records[0].fields[s->col[f]] : "";
    io_sheet_error(s, line, column, known ? s->columns[f].name : "", code, zh, en);
}

static int header_column(const io_sheet *s, const char *text)
{
    for (int f = 0; f < s->ncolumns; f++) {
        if (strcasecmp(text, s->columns[f].name) == 0)
            return f;
        for (int k = 0; k < 4 && s->columns[f].zh[k]; k++)
            if (strcmp(text, s->columns[f].zh[k]) == 0)
                return f;
    }
    return -1;
}

static bool read_header(io_sheet *s)
{
    if (s->table.count == 0) {
        io_sheet_cell_error(s, 1, -1, "empty_file", "文件为空", "The file is empty");
        return false;
    }
    io_csv_record *h = &s->table.records[0];
    bool ok = true;
    for (size_t i = 0; i < h->nfields; i++) {
        char *text = core_text_trim(h->fields[i]);
        if (!*text)
            continue;
        int f = header_column(s, text);
        char zh[256], en[256];
        if (f < 0) {
            snprintf(zh, sizeof zh, "无法识别的列名“%s”", text);
            snprintf(en, sizeof en, "Unknown column \"%s\"", text);
            io_sheet_error(s, h->line, text, "", "unknown_column", zh, en);
            ok = false;
        } else if (s->col[f] >= 0) {
            snprintf(zh, sizeof zh, "列“%s”重复", text);
            snprintf(en, sizeof en, "Column \"%s\" appears twice", text);
            io_sheet_error(s, h->line, text, s->columns[f].name, "duplicate_column", zh, en);
            ok = false;
        } else {
            s->col[f] = (int)i;
        }
    }
    for (int f = 0; f < s->ncolumns; f++) {
        if (!s->columns[f].required || s->col[f] >= 0)
            continue;
        char zh[256], en[256];
        snprintf(zh, sizeof zh, "缺少必需的列“%s”（%s）", s->columns[f].zh[0], s->columns[f].name);
        snprintf(en, sizeof en, "Missing required column \"%s\" (%s)", s->columns[f].name, s->columns[f].zh[0]);
        io_sheet_error(s, h->line, s->columns[f].zh[0], s->columns[f].name, "missing_column", zh, en);
        ok = false;
    }
    return ok;
}

/* Column i (from 0) as Excel names it: A..Z, AA..ZZ, AAA... */
static void column_letters(size_t i, char out[8])
{
    char rev[8];
    int n = 0;
    for (i++; i > 0 && n < 7; i = (i - 1) / 26)
        rev[n++] = (char)('A' + (i - 1) % 26);
    for (int k = 0; k < n; k++)
        out[k] = rev[n - 1 - k];
    out[n] = '\0';
}

ws_err io_sheet_read(io_sheet *s, const char *data, size_t len)
{
    io_csv_error why;
    ws_err e = io_csv_read(data, len, IO_SHEET_MAX_BYTES, 64 * 1024, &s->table, &why);
    if (e) {
        /* A problem of the whole file, or of the line it names (an unterminated quote: where its field starts). */
        memset(&s->table, 0, sizeof s->table);
        s->encoding = why.encoding;
        io_sheet_cell_error(s, why.line, -1, e == WS_ERR_LIMIT ? "too_large" : "bad_csv", why.zh, why.en);
        return e == WS_ERR_LIMIT ? WS_ERR_LIMIT : WS_ERR_INVALID;
    }
    s->encoding = s->table.encoding;
    if (!read_header(s))
        return WS_ERR_INVALID;
    /* The header's last named column: a value beyond it would be dropped unseen (a stray comma shifts a
    ** row's cells), so it is an error; empty cells there are fine (Excel's trailing commas). */
    const io_csv_record *h = &s->table.records[0];
    size_t width = h->nfields;
    while (width > 0 && !*h->fields[width - 1])
        width--;
    for (size_t r = 1; r < s->table.count; r++) {
        io_csv_record *rec = &s->table.records[r];
        for (size_t i = 0; i < rec->nfields; i++)
            core_text_trim(rec->fields[i]);
        for (size_t i = width; i < rec->nfields; i++) {
            if (!*rec->fields[i])
                continue;
            char name[8], zh[256], en[256];
            column_letters(i, name);
            snprintf(zh, sizeof zh, "第 %zu 行在表头的 %zu 列之外还有内容（%s 列），可能多了一个逗号", rec->line,
                     width, name);
            snprintf(en, sizeof en, "Line %zu has a value beyond the header's %zu columns (in column %s): a stray comma?",
                     rec->line, width, name);
            io_sheet_error(s, rec->line, "", "", "extra_cells", zh, en);
            break;
        }
    }
    return WS_OK;
}

const char *io_sheet_cell(const io_sheet *s, size_t r, int f)
{
    const io_csv_record *rec = &s->table.records[r];
    int c = s->col[f];
    if (c < 0 || (size_t)c >= rec->nfields)
        return NULL;
    const char *t = rec->fields[c];
    return *t ? t : NULL;
}

size_t io_sheet_line(const io_sheet *s, size_t r)
{
    return s->table.records[r].line;
}

/* A report entry and where it was found, to order the report by line. */
typedef struct found_error {
    json_int_t row;
    size_t index;
    json_t *entry;
} found_error;

static int by_row_then_found(const void *a, const void *b)
{
    const found_error *x = a, *y = b;
    if (x->row != y->row)
        return x->row < y->row ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

void io_sheet_sort_errors(io_sheet *s)
{
    size_t n = json_array_size(s->errors);
    if (n < 2)
        return;
    found_error *found = xmalloc(n * sizeof *found);
    bool sorted = true;
    for (size_t i = 0; i < n; i++) {
        json_t *entry = json_array_get(s->errors, i);
        found[i] = (found_error){json_integer_value(json_object_get(entry, "row")), i, entry};
        if (i > 0 && found[i].row < found[i - 1].row)
            sorted = false;
    }
    if (!sorted) {
        qsort(found, n, sizeof *found, by_row_then_found);
        json_t *ordered = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append(ordered, found[i].entry);
        json_decref(s->errors);
        s->errors = ordered;
    }
    free(found);
}

bool io_sheet_yuan(const char *text, int64_t *fen)
{
    /* Commas only as thousands separators: "300,00" or "1,2,3" are slips, not 30,000 or 123 yuan. */
    int64_t whole = 0, frac = 0;
    int digits = 0, group = 0, decimals = 0;
    bool commas = false;
    const char *p = text;
    for (; *p && *p != '.'; p++) {
        if (*p == ',') {
            if (group == 0 || group > 3 || (commas && group != 3))
                return false;
            commas = true;
            group = 0;
            continue;
        }
        if (*p < '0' || *p > '9' || digits > 10)
            return false;
        whole = whole * 10 + (*p - '0');
        digits++;
        group++;
    }
    if (!digits || (commas && group != 3))
        return false;
    if (*p == '.') {
        for (p++; *p; p++) {
            if (*p < '0' || *p > '9' || decimals >= 2)
                return false;
            frac = frac * 10 + (*p - '0');
            decimals++;
        }
        if (!decimals)
            return false;
    }
    if (whole >= 1000000000)
        return false;
    *fen = whole * 100 + (decimals == 1 ? frac * 10 : frac);
    return true;
}
