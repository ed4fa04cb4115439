/*
** xlsx_export.c: Excel workbooks through a temporary file (xlsx_export.h).
*/
#include "xlsx_export.h"
#include "csv_reader.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <xlsxwriter.h>

static void write_sheet(lxw_workbook *wb, const io_xlsx_sheet *s, lxw_format *bold)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, s->name);
    for (size_t c = 0; c < s->ncols; c++) {
        worksheet_write_string(ws, 0, (lxw_col_t)c, s->headers[c], bold);
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, 16, NULL);
    }
    worksheet_freeze_panes(ws, 1, 0);
    size_t r;
    const json_t *row;
    json_array_foreach(s->rows, r, row) {
        for (size_t c = 0; c < s->ncols && c < json_array_size(row); c++) {
            const json_t *v = json_array_get(row, c);
            lxw_row_t at = (lxw_row_t)(r + 1);
            if (json_is_string(v))
                worksheet_write_string(ws, at, (lxw_col_t)c, json_string_value(v), NULL);
            else if (json_is_number(v))
                worksheet_write_number(ws, at, (lxw_col_t)c, json_number_value(v), NULL);
        }
    }
}

ws_err io_xlsx_build(const io_xlsx_sheet *sheets, size_t n, size_t max_bytes, char **data, size_t *len)
{
    const char *dir = getenv("TMPDIR");
    char path[512];
    snprintf(path, sizeof path, "%s/waystation-xlsx-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0)
        return WS_ERR_IO;
    close(fd);
    lxw_workbook *wb = workbook_new(path);
    ws_err e = WS_ERR_IO;
    if (wb) {
        lxw_format *bold = workbook_add_format(wb);
        format_set_bold(bold);
        for (size_t i = 0; i < n; i++)
            write_sheet(wb, &sheets[i], bold);
        if (workbook_close(wb) == LXW_NO_ERROR)
            e = io_read_file(path, max_bytes, data, len);
    }
    unlink(path);
    return e;
}
