/*
** csv_reader.c: decoding (BOM, strict UTF-8, else GB18030 through iconv; UTF-16 recognised and refused)
** and RFC 4180 parsing with libcsv, keeping for each record the line it starts on. Owns the table's
** storage (one arena); knows nothing of households: the import code maps columns to fields.
**
** libcsv does not report positions, so the text is fed to it one line at a time (a line ends with CR, LF
** or CRLF, or after FEED_CHUNK bytes of a very long line): a record starts on the first line with content
** fed while no record is open, and a line that ends with the record still open is inside a quoted field.
** libcsv trims spaces and tabs around fields unless told otherwise; we keep them (RFC 4180), and the
** validators trim. Its field buffer grows without a cap, so its size is checked after every piece.
*/
#include "csv_reader.h"

#include "../core/mem.h"
#include "../core/text.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { FEED_CHUNK = 64 * 1024, FIELD_BLOCK = 4096, READ_CHUNK = 16 * 1024 };

/* ---- lines ------------------------------------------------------------------------------------ */

/*
** The end of the line that starts at pos: just past its CR, LF or CRLF, or at pos + max when no break
** comes sooner, or at len. *brk is the length of the break (0, 1 or 2).
*/
static size_t line_end(const char *t, size_t len, size_t pos, size_t max, size_t *brk) {
    size_t limit = len - pos > max ? pos + max : len, i = pos;
    while (i < limit && t[i] != '\n' && t[i] != '\r') i++;
    *brk = 0;
    if (i == limit) return i;
    *brk = t[i] == '\r' && i + 1 < len && t[i + 1] == '\n' ? 2 : 1;
    return i + *brk;
}

/* The 1-based line on which byte offset off of t lies. */
static size_t line_of(const char *t, size_t off) {
    size_t line = 1, brk;
    for (size_t pos = 0; pos < off; line += brk != 0) pos = line_end(t, off, pos, off, &brk);
    return line;
}

/* ---- decoding --------------------------------------------------------------------------------- */

/* Offset of the start of the first line that is not valid UTF-8, or len. */
static size_t bad_utf8_offset(const char *t, size_t len) {
    size_t pos = 0, brk;
    while (pos < len) {
        size_t end = line_end(t, len, pos, len, &brk);
        if (!core_utf8_valid(t + pos, end - pos)) return pos;
        pos = end;
    }
    return len;
}

static ws_err gb18030_to_utf8(const char *in, size_t len, char **out, size_t *outlen, io_csv_error *err) {
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1) {
        snprintf(err->en, sizeof err->en, "GB18030 conversion is not available on this system");
        snprintf(err->zh, sizeof err->zh, "本机不支持 GB18030 编码转换");
        return WS_ERR_INTERNAL;
    }
    size_t cap = len + len / 2 + 4; /* UTF-8 needs at most 3 bytes for GB18030's 2, 4 for its 4 */
    char *buf = xmalloc(cap + 1), *ip = (char *)in, *op = buf;
    size_t il = len, ol = cap;
    size_t rc = iconv(cd, &ip, &il, &op, &ol);
    iconv_close(cd);
    if (rc == (size_t)-1) {
        /*
        ** A UTF-8 file with one stray byte fails GB18030 early, at its first Chinese character; a GBK file
        ** with one stray byte fails UTF-8 early. The later of the two failures is the line to look at.
        */
        size_t gb_line = line_of(in, (size_t)(ip - in)), utf8_line = line_of(in, bad_utf8_offset(in, len));
        err->line = gb_line > utf8_line ? gb_line : utf8_line;
        free(buf);
        snprintf(err->en, sizeof err->en,
                 "line %zu: the bytes are neither UTF-8 nor GB18030 (GBK); save the file as CSV UTF-8", err->line);
        snprintf(err->zh, sizeof err->zh, "第%zu行：文件编码既不是 UTF-8 也不是 GB18030（GBK），请另存为“CSV UTF-8”",
                 err->line);
        return WS_ERR_INVALID;
    }
    *op = '\0';
    *out = buf;
    *outlen = (size_t)(op - buf);
    return WS_OK;
}

/*
** For data with NUL bytes: UTF-16 by its byte order mark, or, without one, by NUL bytes that all fall on
** odd offsets of the first 4 KiB (little endian: the high byte of ASCII characters) or all on even ones.
** IO_CSV_UNKNOWN for anything else, such as a workbook (a zip file, .xlsx, or an OLE file, .xls).
*/
static io_csv_encoding utf16_kind(const char *data, size_t len) {
    const unsigned char *d = (const unsigned char *)data;
    if (len >= 4 && (memcmp(d, "PK\x03\x04", 4) == 0 || memcmp(d, "\xD0\xCF\x11\xE0", 4) == 0))
        return IO_CSV_UNKNOWN;
    if (len >= 2 && d[0] == 0xFF && d[1] == 0xFE) return IO_CSV_UTF16LE;
    if (len >= 2 && d[0] == 0xFE && d[1] == 0xFF) return IO_CSV_UTF16BE;
    size_t zeros[2] = {0, 0}, n = len < 4096 ? len & ~(size_t)1 : 4096;
    for (size_t i = 0; i < n; i++) zeros[i & 1] += d[i] == 0;
    if (zeros[1] && !zeros[0]) return IO_CSV_UTF16LE;
    if (zeros[0] && !zeros[1]) return IO_CSV_UTF16BE;
    return IO_CSV_UNKNOWN;
}

/*
** Finds the encoding and yields the text as UTF-8: *text points into data, or into *owned (caller frees)
** when it had to be converted.
*/
static ws_err decode(const char *data, size_t len, const char **text, size_t *tlen, char **owned,
                     io_csv_encoding *enc, io_csv_error *err) {
    const char *nul = memchr(data, '\0', len);
    if (nul) {
        err->encoding = utf16_kind(data, len);
        if (err->encoding != IO_CSV_UNKNOWN) {
            snprintf(err->en, sizeof err->en, "the file is UTF-16 text (Excel's \"Unicode text\"), not CSV in "
                                              "UTF-8 or GB18030; save it as CSV UTF-8");
            snprintf(err->zh, sizeof err->zh, "文件是 UTF-16 编码的文本（Excel 的“Unicode 文本”），"
                                              "不是 UTF-8 或 GB18030 编码的 CSV；请另存为“CSV UTF-8”");
            return WS_ERR_INVALID;
        }
        err->line = line_of(data, (size_t)(nul - data));
        snprintf(err->en, sizeof err->en, "line %zu: the file has NUL bytes, so it is an Excel workbook "
                                          "(.xlsx/.xls) rather than CSV; save it as CSV", err->line);
        snprintf(err->zh, sizeof err->zh, "第%zu行：文件含有空字节，像是 Excel 工作簿（.xlsx/.xls）而不是 CSV；"
                                          "请另存为 CSV", err->line);
        return WS_ERR_INVALID;
    }
    *owned = NULL;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        size_t bad = bad_utf8_offset(data + 3, len - 3);
        if (bad < len - 3) {
            err->line = line_of(data + 3, bad);
            snprintf(err->en, sizeof err->en, "line %zu: the file starts with a UTF-8 BOM but is not valid UTF-8",
                     err->line);
            snprintf(err->zh, sizeof err->zh, "第%zu行：文件以 UTF-8 BOM 开头，但内容不是有效的 UTF-8", err->line);
            return WS_ERR_INVALID;
        }
        *enc = IO_CSV_UTF8_BOM;
        *text = data + 3;
        *tlen = len - 3;
        return WS_OK;
    }
    if (core_utf8_valid(data, len)) {
        *enc = IO_CSV_UTF8;
        *text = data;
        *tlen = len;
        return WS_OK;
    }
    ws_err rc = gb18030_to_utf8(data, len, owned, tlen, err);
    if (rc != WS_OK) return rc;
    *enc = IO_CSV_GB18030;
    *text = *owned;
    return WS_OK;
}

/* ---- parsing ---------------------------------------------------------------------------------- */

/* Parsing state shared with libcsv's callbacks. */
typedef struct reader {
    core_arena *arena; /* field texts and field arrays of finished records */
    io_csv_record *recs;
    size_t count, cap;
    char **fields; /* the record being read; its texts are in the arena */
    size_t nfields, fcap;
    size_t max_field;
    size_t line;            /* the line being fed */
    size_t rec_line;        /* the line the open record started on; 0 when none is open */
    size_t open_line;       /* the line where the quoted field open at the last line break began */
    size_t fields_in_piece; /* fields finished while feeding the current piece */
    bool too_long;          /* a field passed max_field ... */
    size_t too_long_line;   /* ... in the record starting on this line */
} reader;

static int never_space(unsigned char c) { return 0; }

static void on_field(void *s, size_t len, void *data) {
    reader *r = data;
    r->fields_in_piece++;
    if (len > r->max_field && !r->too_long) {
        r->too_long = true;
        r->too_long_line = r->rec_line;
    }
    if (r->too_long) return;
    if (r->nfields == r->fcap) {
        r->fcap = r->fcap ? r->fcap * 2 : 16;
        r->fields = xrealloc(r->fields, r->fcap * sizeof *r->fields);
    }
    char *f = core_arena_alloc(r->arena, len + 1);
    if (len) memcpy(f, s, len);
    f[len] = '\0';
    r->fields[r->nfields++] = f;
}

/* A record whose fields hold nothing but spaces and tabs: a blank line, or a row Excel wrote as ",,,". */
static bool record_blank(char *const *fields, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (fields[i][strspn(fields[i], " \t")] != '\0') return false;
    return true;
}

static void on_record(int c, void *data) {
    reader *r = data;
    if (!r->too_long && !record_blank(r->fields, r->nfields)) {
        if (r->count == r->cap) {
            r->cap = r->cap ? r->cap * 2 : 64;
            r->recs = xrealloc(r->recs, r->cap * sizeof *r->recs);
        }
        char **fields = core_arena_alloc(r->arena, r->nfields * sizeof *fields);
        memcpy(fields, r->fields, r->nfields * sizeof *fields);
        r->recs[r->count++] = (io_csv_record){r->rec_line, r->nfields, fields};
    }
    r->nfields = 0;
    r->rec_line = 0;
}

static ws_err too_long(const reader *r, io_csv_error *err) {
    err->line = r->too_long_line;
    snprintf(err->en, sizeof err->en, "line %zu: a field is longer than %zu bytes", err->line, r->max_field);
    snprintf(err->zh, sizeof err->zh, "第%zu行：有字段超过%zu字节", err->line, r->max_field);
    return WS_ERR_LIMIT;
}

/* Feeds one piece (a line, or part of a very long one) and keeps the line bookkeeping. */
static ws_err feed(reader *r, struct csv_parser *p, const char *piece, size_t n, size_t brk, io_csv_error *err) {
    bool starts = r->rec_line == 0 && n > brk;
    if (starts) r->rec_line = r->line;
    r->fields_in_piece = 0;
    if (csv_parse(p, piece, n, on_field, on_record, r) != n) {
        err->line = r->line;
        snprintf(err->en, sizeof err->en, "line %zu: a quote inside an unquoted field, or text after a closing "
                                          "quote (put the whole field in quotes and double the quotes inside it)",
                 err->line);
        snprintf(err->zh, sizeof err->zh, "第%zu行：引号用法错误，未加引号的字段中出现了引号，或引号结束后还有其他"
                                          "字符（整个字段应放在引号内，内部的引号写两个）", err->line);
        return WS_ERR_INVALID;
    }
    if (!r->too_long && csv_get_buffer_size(p) > r->max_field + FIELD_BLOCK + 2) {
        r->too_long = true; /* a field still being read is past the limit */
        r->too_long_line = r->rec_line;
    }
    if (r->too_long) return too_long(r, err);
    if (r->rec_line && (starts || r->fields_in_piece)) r->open_line = r->line;
    if (brk) r->line++;
    return WS_OK;
}

static ws_err parse(reader *r, const char *text, size_t len, io_csv_error *err) {
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) return WS_ERR_INTERNAL;
    csv_set_space_func(&p, never_space);
    csv_set_realloc_func(&p, xrealloc);
    csv_set_blk_size(&p, FIELD_BLOCK);
    ws_err rc = WS_OK;
    r->line = 1;
    for (size_t pos = 0, brk, end; pos < len && rc == WS_OK; pos = end) {
        end = line_end(text, len, pos, FEED_CHUNK, &brk);
        rc = feed(r, &p, text + pos, end - pos, brk, err);
    }
    if (rc == WS_OK && csv_fini(&p, on_field, on_record, r) != 0) {
        err->line = r->open_line;
        snprintf(err->en, sizeof err->en, "line %zu: a quoted field is never closed (its closing quote is missing)",
                 err->line);
        snprintf(err->zh, sizeof err->zh, "第%zu行：引号没有闭合（缺少结尾的引号）", err->line);
        rc = WS_ERR_INVALID;
    }
    if (rc == WS_OK && r->too_long) rc = too_long(r, err);
    csv_free(&p);
    return rc;
}

const char *io_csv_encoding_name(io_csv_encoding e) {
    switch (e) {
    case IO_CSV_UTF8: return "utf-8";
    case IO_CSV_UTF8_BOM: return "utf-8-bom";
    case IO_CSV_GB18030: return "gb18030";
    case IO_CSV_UTF16LE: return "utf-16le";
    case IO_CSV_UTF16BE: return "utf-16be";
    case IO_CSV_UNKNOWN: break;
    }
    return "unknown";
}

ws_err io_csv_read(const char *data, size_t len, size_t max_bytes, size_t max_field, io_csv_table *out,
                   io_csv_error *err) {
    io_csv_error e = {.line = 0, .encoding = IO_CSV_UNKNOWN};
    if (len > max_bytes) {
        snprintf(e.en, sizeof e.en, "the file has %zu bytes, more than the limit of %zu", len, max_bytes);
        snprintf(e.zh, sizeof e.zh, "文件有%zu字节，超过上限%zu字节", len, max_bytes);
        *err = e;
        return WS_ERR_LIMIT;
    }
    const char *text;
    char *owned;
    size_t tlen;
    io_csv_encoding enc;
    ws_err rc = decode(data, len, &text, &tlen, &owned, &enc, &e);
    if (rc != WS_OK) {
        *err = e;
        return rc;
    }
    e.encoding = enc; /* decoded: a problem from here on is in the text */
    reader r;
    memset(&r, 0, sizeof r);
    r.arena = core_arena_new();
    r.max_field = max_field;
    rc = parse(&r, text, tlen, &e);
    free(owned);
    free(r.fields);
    if (rc != WS_OK) {
        free(r.recs);
        core_arena_free(r.arena);
        *err = e;
        return rc;
    }
    *out = (io_csv_table){enc, r.count, r.recs, r.arena};
    return WS_OK;
}

void io_csv_free(io_csv_table *t) {
    free(t->records);
    core_arena_free(t->priv);
    memset(t, 0, sizeof *t);
}

/* ---- files ------------------------------------------------------------------------------------ */

ws_err io_read_file(const char *path, size_t max_bytes, char **data, size_t *len) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return WS_ERR_IO;
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (uintmax_t)st.st_size > (uintmax_t)max_bytes) {
        close(fd);
        return WS_ERR_LIMIT; /* no need to read 64 MiB to find out */
    }
    core_buf b;
    core_buf_init(&b, max_bytes);
    char chunk[READ_CHUNK];
    ws_err rc = WS_OK;
    for (;;) {
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) rc = WS_ERR_IO;
        else if (n > 0 && core_buf_append(&b, chunk, (size_t)n) != 0) rc = WS_ERR_LIMIT;
        if (n <= 0 || rc != WS_OK) break;
    }
    int saved = errno;
    close(fd);
    errno = saved;
    if (rc != WS_OK) {
        core_buf_free(&b);
        return rc;
    }
    *len = b.len;
    *data = b.data ? b.data : xstrdup("");
    return WS_OK;
}
