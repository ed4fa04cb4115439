/*
** csv_reader.h: reading spreadsheets saved as CSV, as Chinese stations actually save them.
**
** Bytes are decoded first: a UTF-8 BOM means UTF-8; NUL bytes mean it is no text file of ours (UTF-16,
** which is recognised and refused, or a workbook); otherwise strict UTF-8 if the bytes are valid
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
    IO_CSV_GB18030,
    IO_CSV_UTF16LE, /* recognised only to be refused with a message that says so (Excel's "Unicode text") */
    IO_CSV_UTF16BE,
    IO_CSV_UNKNOWN  /* not looked at (the file is too large), or bytes that decode as nothing above */
} io_csv_encoding;

/* The name reports give: "utf-8", "utf-8-bom", "gb18030", "utf-16le", "utf-16be" or "unknown". Static. */
const char *io_csv_encoding_name(io_csv_encoding e);

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

/* Why io_csv_read refused its input. */
typedef struct io_csv_error {
    size_t line;              /* the 1-based line the problem is on, or 0 when it concerns the whole file */
    io_csv_encoding encoding; /* what the bytes were found to be; IO_CSV_UNKNOWN when they decode as nothing */
    char en[256], zh[256];    /* one line each, naming the line when there is one */
} io_csv_error;

/*
** Decodes and parses data[0..len). Limits: max_bytes for the input, max_field for one field's bytes.
** On success fills *out (free with io_csv_free) and returns WS_OK; *err is untouched. On failure returns
** WS_ERR_INVALID (or WS_ERR_LIMIT past a limit), leaves *out untouched and fills *err: e.g. an
** unterminated quote with the line where its field starts, a UTF-16 file, or bytes that are neither
** UTF-8 nor GB18030 with the first line that is not.
*/
ws_err io_csv_read(const char *data, size_t len, size_t max_bytes, size_t max_field, io_csv_table *out,
                   io_csv_error *err);
void io_csv_free(io_csv_table *t);

/*
** Reads a whole file into memory (caller frees *data). WS_ERR_LIMIT when it has more than max_bytes
** (a regular file is refused by its size before anything is read); WS_ERR_IO with errno kept when it
** cannot be opened or read. On failure *data and *len are untouched.
*/
ws_err io_read_file(const char *path, size_t max_bytes, char **data, size_t *len);

#endif
