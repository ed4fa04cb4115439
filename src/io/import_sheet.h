/*
** import_sheet.h: what every spreadsheet import shares: the file read as a CSV table (csv_reader.h), its
** header row matched against the import's columns (English API names or Chinese headers, in any order),
** the cells of each row, and the report's list of problems, each with the file's line, the column as the
** file heads it, the API field, a code and messages in Chinese and English.
**
** The report is ordered by line, keeping the order in which one line's problems were found. At most
** IO_SHEET_MAX_ERRORS problems are listed; nerrors counts them all.
*/
#ifndef WS_IO_IMPORT_SHEET_H
#define WS_IO_IMPORT_SHEET_H
#include "../core/err.h"
#include "csv_reader.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { IO_SHEET_MAX_COLUMNS = 24, IO_SHEET_MAX_ERRORS = 10000, IO_SHEET_MAX_BYTES = 64 * 1024 * 1024 };

/* One column an import knows: its API name (also an English header), whether it is required, and its
** Chinese headers, the first being the template's. */
typedef struct io_sheet_column {
    const char *name;
    bool required;
    const char *zh[4];
} io_sheet_column;

typedef struct io_sheet {
    const io_sheet_column *columns; /* borrowed, static in practice */
    int ncolumns;
    io_csv_table table;
    io_csv_encoding encoding; /* the file's, also when it could not be read as a table */
    int col[IO_SHEET_MAX_COLUMNS]; /* each column's index in the file, -1 when absent */
    json_t *errors;                /* the report's problems (owned) */
    size_t nerrors;
} io_sheet;

/* Starts a sheet for columns[0..n) (n <= IO_SHEET_MAX_COLUMNS). */
void io_sheet_init(io_sheet *s, const io_sheet_column *columns, int n);
void io_sheet_free(io_sheet *s);

/*
** Reads data[0..len) as a CSV table (at most IO_SHEET_MAX_BYTES, fields of 64 KiB), then its header row,
** and trims every data cell. On a problem of the file (it is no CSV, too large, empty, a header unknown or
** twice, a required column missing) records it and returns WS_ERR_INVALID (WS_ERR_LIMIT when too large).
** A data row with a non-empty cell beyond the header's last named column is recorded (extra_cells, no
** column) but still returns WS_OK, so that the import goes on to report its other problems.
*/
ws_err io_sheet_read(io_sheet *s, const char *data, size_t len);

/* One problem: column as the file heads it ("" when none), field an API name. Copies the texts. */
void io_sheet_error(io_sheet *s, size_t line, const char *column, const char *field, const char *code,
                    const char *zh, const char *en);
/* A problem with column f (negative or past the columns: with no column) on a line. */
void io_sheet_cell_error(io_sheet *s, size_t line, int f, const char *code, const char *zh, const char *en);

/* The trimmed text of column f in record r (1 = the first data row); NULL when absent or empty. */
const char *io_sheet_cell(const io_sheet *s, size_t r, int f);
/* The file line record r starts on. */
size_t io_sheet_line(const io_sheet *s, size_t r);

/* Parses an amount in yuan with at most two decimals ("820", "820.5", "1,065.00") into fen; commas only
** between groups of three digits before the point ("1,234,567.50", not "300,00"). False for anything
** else, a negative amount or more than a billion yuan. */
bool io_sheet_yuan(const char *text, int64_t *fen);

/* What an amount io_sheet_yuan refuses should have been, for the imports' error reports. */
#define IO_SHEET_YUAN_ZH "金额应为 0 至 999,999,999.99 元，最多两位小数"
#define IO_SHEET_YUAN_EN "The amount must be from 0 to 999,999,999.99 yuan, with at most two decimals"

/* Orders the problems by line (stable); nothing to do when they are in order already. */
void io_sheet_sort_errors(io_sheet *s);

#endif
