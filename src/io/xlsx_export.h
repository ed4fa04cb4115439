/*
** xlsx_export.h: Excel workbooks (.xlsx) for list exports, written with libxlsxwriter.
**
** A workbook is a few sheets, each a header row (bold, frozen) and rows of cells. Cells are written as
** text or numbers, never as formulas, so a name such as "=1+1" stays text. libxlsxwriter writes files
** only, so the workbook is written to a temporary file (in TMPDIR, else /tmp), read back and removed.
*/
#ifndef WS_IO_XLSX_EXPORT_H
#define WS_IO_XLSX_EXPORT_H
#include "../core/err.h"

#include <jansson.h>
#include <stddef.h>

typedef struct io_xlsx_sheet {
    const char *name;            /* at most 31 characters, none of []:*?/\ */
    const char *const *headers;  /* ncols texts */
    size_t ncols;
    const json_t *rows;          /* an array of arrays: strings become text cells, numbers number cells,
                                    anything else an empty cell */
} io_xlsx_sheet;

/*
** Writes sheets[0..n) as one workbook into *data (new, free()) and *len. At most max_bytes (WS_ERR_LIMIT
** past it); WS_ERR_IO when the temporary file or the library fails.
*/
ws_err io_xlsx_build(const io_xlsx_sheet *sheets, size_t n, size_t max_bytes, char **data, size_t *len);

#endif
