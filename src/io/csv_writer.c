/*
** csv_writer.c: CSV fields safe for Excel (csv_writer.h).
*/
#include "csv_writer.h"

#include <string.h>

int io_csv_field(core_buf *b, const char *s, bool last) {
    int rc = 0;
    bool quote = strpbrk(s, ",\"\r\n") != NULL;
    if (quote) rc |= core_buf_append(b, "\"", 1);
    if (*s == '=' || *s == '+' || *s == '-' || *s == '@') rc |= core_buf_append(b, "'", 1);
    for (const char *p = s; *p; p++) {
        if (*p == '"') rc |= core_buf_append(b, "\"", 1);
        rc |= core_buf_append(b, p, 1);
    }
    if (quote) rc |= core_buf_append(b, "\"", 1);
    return rc | core_buf_append(b, last ? "\r\n" : ",", last ? 2 : 1);
}

