/*
** csv_reader.h: reading spreadsheets saved as CSV, as Chinese stations actually save them.
**
** Bytes are decoded first: a UTF-8 BOM means UTF-8; otherwise strict UTF-8 if the bytes are valid
** UTF-8; otherwise GB18030 (a superset of GBK, what "CSV (逗号分隔)" from Chinese Excel writes),
** converted with iconv. Then RFC 4180 parsing with libcsv: quoted fields with commas, doubled quotes and
** line breaks; records end with CR, LF or CRLF. Blank lines are skipped, and so are rows whose fields are
** all empty or spaces (Excel writes ",,," for rows that only had formatting); spaces inside fields are
** kept. Every record remembers the line number it starts on, so import reports can point at the row a
** person sees in Excel.
*/
#ifndef WS_IO_CSV_READER_H
#define WS_IO_CSV_READER_H
#include "../core/err.h"

#include <stddef.h>

typedef enum io_csv_encoding {
    IO_CSV_UTF8 = 0,
    IO_CSV_UTF8_BOM,
    IO_CSV_GB18030
} io_csv_encoding;

typedef struct io_csv_record {
    size_t line;     /* 1-based line number where the record starts in the file */
    size_t nfields;
    char **fields;   /* UTF-8, NUL-terminated */
} io_csv_record;

typedef struct io_csv_table {
    io_csv_encoding encoding;
    size_t count;    /* records, the header row included */
    io_csv_record *records;
    void *priv;      /* owned storage */
} io_csv_table;

/*
** Decodes and parses data[0..len). Limits: max_bytes for the input, max_field for one field's bytes.
** On success fills *out (free with io_csv_free) and returns WS_OK. On failure returns WS_ERR_INVALID
** (or WS_ERR_LIMIT past a limit) and writes a one-line reason in English and Chinese into why_en / why_zh
** (each at least 256 bytes), e.g. an unterminated quote with its line number, or bytes that are neither
** UTF-8 nor GB18030.
*/
ws_err io_csv_read(const char *data, size_t len, size_t max_bytes, size_t max_field, io_csv_table *out,
                   char *why_en, char *why_zh);
void io_csv_free(io_csv_table *t);

/* Reads a whole file into memory (caller frees *data); WS_ERR_IO with errno kept when it cannot. */
ws_err io_read_file(const char *path, size_t max_bytes, char **data, size_t *len);

#endif
