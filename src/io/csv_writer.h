/*
** csv_writer.h: writing CSV files that Chinese Excel opens safely (exports of rankings and lists).
**
** A field is quoted when it holds a comma, a quote or a line break; a field starting with = + - @ gets a
** leading apostrophe, so that Excel shows it as text instead of running it as a formula (CSV injection).
** Records end with CRLF. The file's UTF-8 BOM is the caller's first write.
*/
#ifndef WS_IO_CSV_WRITER_H
#define WS_IO_CSV_WRITER_H
#include "../core/mem.h"

#include <stdbool.h>

/* Appends one field (and "," or, when last, CRLF) to b; nonzero when b's cap was reached. */
int io_csv_field(core_buf *b, const char *s, bool last);

#endif
