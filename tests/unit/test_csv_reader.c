/*
** test_csv_reader.c: the CSV reader against csv-spectrum (every csv equals its json), the Weihai divisions
** file as Chinese Excel saves it (GBK + CRLF, UTF-8 BOM + CRLF), and the cases import reports depend on:
** line numbers with quoted line breaks, CR-only files, blank lines, unterminated quotes, limits, bytes
** that are neither UTF-8 nor GB18030, UTF-16 and workbooks, and the line and encoding of each refusal.
*/
#include "unit.h"

#include "../../src/core/mem.h"
#include "../../src/io/csv_reader.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <unistd.h>

enum { MAX_BYTES = 64 << 20, MAX_FIELD = 64 << 10 };

static char *slurp(const char *path, size_t *len) {
    char *data;
    ws_err rc = io_read_file(path, MAX_BYTES, &data, len);
    if (rc != WS_OK) fail_msg("%s: %s", path, ws_err_name(rc));
    return data;
}

/* Parses s (NUL-terminated) with the usual limits and fails the test on an error. */
static io_csv_table parse_ok(const char *s, size_t len) {
    io_csv_table t;
    io_csv_error err;
    memset(&err, 0x5A, sizeof err);
    io_csv_error before = err;
    ws_err rc = io_csv_read(s, len, MAX_BYTES, MAX_FIELD, &t, &err);
    if (rc != WS_OK) fail_msg("unexpected error: %s", err.en);
    assert_memory_equal(&err, &before, sizeof err); /* untouched on success */
    return t;
}

/* Parses s, expecting failure rc on a line that err.line and both reasons name; returns the error. */
static io_csv_error parse_fails(const char *s, size_t len, size_t max_field, ws_err want, size_t line) {
    io_csv_table t;
    memset(&t, 0x5A, sizeof t);
    io_csv_table before = t;
    io_csv_error err;
    char want_en[32], want_zh[32];
    assert_int_equal(io_csv_read(s, len, MAX_BYTES, max_field, &t, &err), want);
    assert_memory_equal(&t, &before, sizeof t);
    assert_int_equal(err.line, line);
    snprintf(want_en, sizeof want_en, "line %zu:", line);
    snprintf(want_zh, sizeof want_zh, "第%zu行", line);
    if (!strstr(err.en, want_en) || !strstr(err.zh, want_zh))
        fail_msg("reason should name line %zu: %s / %s", line, err.en, err.zh);
    return err;
}

static void expect_fields(const io_csv_record *r, size_t line, size_t n, const char *const *fields) {
    assert_int_equal(r->line, line);
    assert_int_equal(r->nfields, n);
    for (size_t i = 0; i < n; i++) assert_string_equal(r->fields[i], fields[i]);
}

/* ---- csv-spectrum ----------------------------------------------------------------------------- */

/* The shared copy of the *_crlf files lost its CRs; put them back so the files test what they are named for. */
static char *restore_crlf(const char *data, size_t *len) {
    char *out = xmalloc(*len * 2 + 1);
    size_t n = 0;
    for (size_t i = 0; i < *len; i++) {
        if (data[i] == '\n') out[n++] = '\r';
        out[n++] = data[i];
    }
    out[n] = '\0';
    *len = n;
    return out;
}

static void check_spectrum_case(const char *dir, const char *name) {
    char csv_path[1024], json_path[1024];
    size_t base = strlen(name) - 4, len;
    snprintf(csv_path, sizeof csv_path, "%s/%s", dir, name);
    snprintf(json_path, sizeof json_path, "%s/../json/%.*s.json", dir, (int)base, name);
    char *data = slurp(csv_path, &len);
    if (strstr(name, "_crlf") && !memchr(data, '\r', len)) {
        print_message("%s: the shared copy has LF line ends; testing it with CRLF restored\n", name);
        char *fixed = restore_crlf(data, &len);
        free(data);
        data = fixed;
    }
    io_csv_table t = parse_ok(data, len);
    json_error_t err;
    json_t *rows = json_load_file(json_path, 0, &err);
    if (!rows) fail_msg("%s: %s", json_path, err.text);
    assert_true(json_is_array(rows));
    if (t.count != json_array_size(rows) + 1)
        fail_msg("%s: %zu records for %zu rows", name, t.count, json_array_size(rows));
    const io_csv_record *header = &t.records[0];
    for (size_t i = 0; i < json_array_size(rows); i++) {
        json_t *row = json_array_get(rows, i);
        const io_csv_record *r = &t.records[i + 1];
        assert_int_equal(r->nfields, header->nfields);
        assert_int_equal(json_object_size(row), header->nfields);
        for (size_t j = 0; j < header->nfields; j++) {
            const char *want = json_string_value(json_object_get(row, header->fields[j]));
            if (!want || strcmp(want, r->fields[j]) != 0)
                fail_msg("%s row %zu column %s: got \"%s\", want \"%s\"", name, i + 1, header->fields[j], r->fields[j],
                         want ? want : "(no such key)");
        }
    }
    json_decref(rows);
    io_csv_free(&t);
    free(data);
}

static void csv_spectrum(void **state) {
    char dir[512];
    if (!unit_shared_path(dir, sizeof dir, "csv/csv-spectrum/csvs")) skip();
    DIR *d = opendir(dir);
    assert_non_null(d);
    size_t checked = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        size_t n = strlen(e->d_name);
        if (n < 5 || strcmp(e->d_name + n - 4, ".csv") != 0) continue;
        check_spectrum_case(dir, e->d_name);
        checked++;
    }
    closedir(d);
    print_message("csv-spectrum: %zu files match their json\n", checked);
    assert_true(checked >= 11);
}

/* ---- the divisions file as Excel saves it ----------------------------------------------------- */

static io_csv_table read_shared(const char *name, char **data) {
    char path[512];
    size_t len;
    unit_shared_path(path, sizeof path, name);
    *data = slurp(path, &len);
    return parse_ok(*data, len);
}

static void same_records(const io_csv_table *a, const io_csv_table *b) {
    assert_int_equal(a->count, b->count);
    for (size_t i = 0; i < a->count; i++) {
        assert_int_equal(a->records[i].line, b->records[i].line);
        assert_int_equal(a->records[i].nfields, b->records[i].nfields);
        for (size_t j = 0; j < a->records[i].nfields; j++)
            assert_string_equal(a->records[i].fields[j], b->records[i].fields[j]);
    }
}

static void weihai_divisions(void **state) {
    char probe[512];
    if (!unit_shared_path(probe, sizeof probe, "divisions")) skip();
    char *d1, *d2, *d3;
    io_csv_table utf8 = read_shared("divisions/weihai_divisions.csv", &d1);
    io_csv_table gbk = read_shared("csv/weihai_divisions.gbk_crlf.csv", &d2);
    io_csv_table bom = read_shared("csv/weihai_divisions.utf8bom_crlf.csv", &d3);
    assert_int_equal(utf8.encoding, IO_CSV_UTF8);
    assert_int_equal(gbk.encoding, IO_CSV_GB18030);
    assert_int_equal(bom.encoding, IO_CSV_UTF8_BOM);
    assert_int_equal(utf8.count, 82); /* the header, the city, 7 county-level units, 73 towns */
    same_records(&utf8, &gbk);
    same_records(&utf8, &bom);
    static const char *const header[] = {"code", "code12", "name", "level", "kind", "parent_code", "parent_name"};
    expect_fields(&bom.records[0], 1, 7, header);
    assert_string_equal(gbk.records[1].fields[2], "威海市");
    for (size_t i = 0; i < gbk.count; i++) assert_int_equal(gbk.records[i].line, i + 1);
    io_csv_free(&utf8);
    io_csv_free(&gbk);
    io_csv_free(&bom);
    free(d1);
    free(d2);
    free(d3);
}

/* ---- line numbers and line endings ------------------------------------------------------------ */

static void line_numbers(void **state) {
    static const char quoted[] = "h1,h2\n\"a\nb\",c\nd,e\n";
    io_csv_table t = parse_ok(quoted, sizeof quoted - 1);
    assert_int_equal(t.count, 3);
    expect_fields(&t.records[0], 1, 2, (const char *[]){"h1", "h2"});
    expect_fields(&t.records[1], 2, 2, (const char *[]){"a\nb", "c"});
    expect_fields(&t.records[2], 4, 2, (const char *[]){"d", "e"});
    io_csv_free(&t);

    static const char crlf[] = "h\r\n\"a\r\nb\r\n\"\r\nc\r\n";
    t = parse_ok(crlf, sizeof crlf - 1);
    assert_int_equal(t.count, 3);
    expect_fields(&t.records[1], 2, 1, (const char *[]){"a\r\nb\r\n"});
    expect_fields(&t.records[2], 5, 1, (const char *[]){"c"});
    io_csv_free(&t);

    static const char blank[] = "a,b\n\n\r\n\n1,2\n,\n \n3,4";
    t = parse_ok(blank, sizeof blank - 1);
    assert_int_equal(t.count, 3);
    expect_fields(&t.records[0], 1, 2, (const char *[]){"a", "b"});
    expect_fields(&t.records[1], 5, 2, (const char *[]){"1", "2"});
    expect_fields(&t.records[2], 8, 2, (const char *[]){"3", "4"}); /* ",", " " are blank rows */
    io_csv_free(&t);
}

static void cr_only(void **state) {
    static const char mac[] = "a,b\r1,\"x\ry\"\r\r3,4";
    io_csv_table t = parse_ok(mac, sizeof mac - 1);
    assert_int_equal(t.count, 3);
    expect_fields(&t.records[0], 1, 2, (const char *[]){"a", "b"});
    expect_fields(&t.records[1], 2, 2, (const char *[]){"1", "x\ry"});
    expect_fields(&t.records[2], 5, 2, (const char *[]){"3", "4"});
    io_csv_free(&t);
}

static void fields_kept_as_written(void **state) {
    static const char s[] = " a , b ,\"c,\"\"d\"\"\",,\"\"\n";
    io_csv_table t = parse_ok(s, sizeof s - 1);
    assert_int_equal(t.count, 1);
    expect_fields(&t.records[0], 1, 5, (const char *[]){" a ", " b ", "c,\"d\"", "", ""});
    io_csv_free(&t);
    t = parse_ok("", 0);
    assert_int_equal(t.count, 0);
    io_csv_free(&t);
}

/* ---- errors ----------------------------------------------------------------------------------- */

static void unterminated_quote(void **state) {
    static const char simple[] = "a,b\n1,\"x\n2,3\n";
    parse_fails(simple, sizeof simple - 1, MAX_FIELD, WS_ERR_INVALID, 2);
    /* The record starts on line 2; its second field opens on line 3 and never closes. */
    static const char later[] = "a,b\n\"x\ny\",\"z\nw\n";
    parse_fails(later, sizeof later - 1, MAX_FIELD, WS_ERR_INVALID, 3);
    static const char last[] = "a,b\n1,2\n3,\"4";
    parse_fails(last, sizeof last - 1, MAX_FIELD, WS_ERR_INVALID, 3);
    io_csv_error err = parse_fails(simple, sizeof simple - 1, MAX_FIELD, WS_ERR_INVALID, 2);
    assert_non_null(strstr(err.en, "quote"));
    assert_non_null(strstr(err.zh, "引号"));
    assert_int_equal(err.encoding, IO_CSV_UTF8); /* decoded fine: the encoding is known */
}

static void stray_quotes(void **state) {
    static const char inside[] = "a,b\n1,x\"y\n";
    parse_fails(inside, sizeof inside - 1, MAX_FIELD, WS_ERR_INVALID, 2);
    static const char after[] = "a\r\n\"x\"\r\n\"x\"y\r\n";
    parse_fails(after, sizeof after - 1, MAX_FIELD, WS_ERR_INVALID, 3);
}

static void limits(void **state) {
    io_csv_table t;
    io_csv_error err;
    assert_int_equal(io_csv_read("a,b\n", 4, 3, MAX_FIELD, &t, &err), WS_ERR_LIMIT);
    assert_int_equal(err.line, 0); /* the whole file */
    assert_int_equal(err.encoding, IO_CSV_UNKNOWN);
    assert_non_null(strstr(err.en, "limit"));
    assert_int_equal(io_csv_read("a,b\n", 4, 4, MAX_FIELD, &t, &err), WS_OK);
    io_csv_free(&t);
    assert_int_equal(io_csv_read("a,bbbbb\n", 8, 100, 5, &t, &err), WS_OK);
    io_csv_free(&t);
    parse_fails("h\nx\na,bbbbbb\n", 13, 5, WS_ERR_LIMIT, 3);
    static const char multi[] = "h\n\"a\nbbbbbb\"\n";
    parse_fails(multi, sizeof multi - 1, 5, WS_ERR_LIMIT, 2); /* the line where the record starts */
    /* A runaway quoted field is stopped long before the end of the data. */
    size_t big = 300 * 1000;
    char *s = xmalloc(big + 1);
    memset(s, 'x', big);
    memcpy(s, "h\n\"", 3);
    for (size_t i = 1000; i < big; i += 1000) s[i] = '\n';
    s[big] = '\0';
    parse_fails(s, big, 10000, WS_ERR_LIMIT, 2);
    free(s);
}

static void encodings(void **state) {
    static const char gb[] = "\x95\x36\x8e\x32\xb4\xd4,x\r\n"; /* 𡐤丛 in GB18030: a 4-byte and a 2-byte sequence */
    io_csv_table t = parse_ok(gb, sizeof gb - 1);
    assert_int_equal(t.encoding, IO_CSV_GB18030);
    expect_fields(&t.records[0], 1, 2, (const char *[]){"𡐤丛", "x"});
    io_csv_free(&t);
    t = parse_ok("\xEF\xBB\xBF", 3);
    assert_int_equal(t.encoding, IO_CSV_UTF8_BOM);
    assert_int_equal(t.count, 0);
    io_csv_free(&t);
    /* UTF-8 with a stray byte on line 3, and GBK with one on line 3: both reasons point at line 3. */
    static const char utf8_stray[] = "a,b\n\xE5\xBC\xA0,1\n\x80,2\n";
    parse_fails(utf8_stray, sizeof utf8_stray - 1, MAX_FIELD, WS_ERR_INVALID, 3);
    static const char gbk_stray[] = "a,b\n\xD5\xC5,1\n\xFF,2\n";
    parse_fails(gbk_stray, sizeof gbk_stray - 1, MAX_FIELD, WS_ERR_INVALID, 3);
    static const char bad_bom[] = "\xEF\xBB\xBF" "a\r\nb\r\n\xB4\xD4\r\n";
    parse_fails(bad_bom, sizeof bad_bom - 1, MAX_FIELD, WS_ERR_INVALID, 3);
    static const char xlsx[] = "PK\x03\x04\x14\x00\x06\x00";
    io_csv_error err = parse_fails(xlsx, sizeof xlsx - 1, MAX_FIELD, WS_ERR_INVALID, 1);
    assert_int_equal(err.encoding, IO_CSV_UNKNOWN);
    assert_non_null(strstr(err.en, "workbook"));
    static const char xls[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00";
    err = parse_fails(xls, sizeof xls - 1, MAX_FIELD, WS_ERR_INVALID, 1);
    assert_int_equal(err.encoding, IO_CSV_UNKNOWN);
    /* Undecodable bytes: the encoding is unknown, not the UTF-8 of an empty report. */
    err = parse_fails(gbk_stray, sizeof gbk_stray - 1, MAX_FIELD, WS_ERR_INVALID, 3);
    assert_int_equal(err.encoding, IO_CSV_UNKNOWN);
    err = parse_fails(bad_bom, sizeof bad_bom - 1, MAX_FIELD, WS_ERR_INVALID, 3);
    assert_int_equal(err.encoding, IO_CSV_UNKNOWN);
    /* Problems after decoding keep the encoding found. */
    static const char gb_quote[] = "\xBB\xA7,b\r\n1,\"x\r\n";
    err = parse_fails(gb_quote, sizeof gb_quote - 1, MAX_FIELD, WS_ERR_INVALID, 2);
    assert_int_equal(err.encoding, IO_CSV_GB18030);
    assert_string_equal(io_csv_encoding_name(IO_CSV_GB18030), "gb18030");
    assert_string_equal(io_csv_encoding_name(IO_CSV_UTF8_BOM), "utf-8-bom");
    assert_string_equal(io_csv_encoding_name(IO_CSV_UNKNOWN), "unknown");
}

/* UTF-16 (Excel's "Unicode text") is recognised, with or without its byte order mark, and refused as a whole. */
static void utf16(void **state) {
    static const struct {
        const char *bytes;
        size_t len;
        io_csv_encoding want;
        const char *name;
    } cases[] = {
        {"\xFF\xFE" "a\0,\0b\0\r\0\n\0", 12, IO_CSV_UTF16LE, "utf-16le"},
        {"\xFE\xFF" "\0a\0,\0b\0\n", 10, IO_CSV_UTF16BE, "utf-16be"},
        {"\x37\x62,\0a\0\n\0", 8, IO_CSV_UTF16LE, "utf-16le"},  /* 户,a without a BOM */
        {"\0a\0,\0b", 6, IO_CSV_UTF16BE, "utf-16be"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        io_csv_table t;
        io_csv_error err;
        assert_int_equal(io_csv_read(cases[i].bytes, cases[i].len, MAX_BYTES, MAX_FIELD, &t, &err), WS_ERR_INVALID);
        assert_int_equal(err.encoding, cases[i].want);
        assert_string_equal(io_csv_encoding_name(err.encoding), cases[i].name);
        assert_int_equal(err.line, 0);
        assert_non_null(strstr(err.en, "UTF-16"));
        assert_non_null(strstr(err.zh, "UTF-16"));
    }
}

static void reading_files(void **state) {
    char *data = NULL;
    size_t len = 0;
    errno = 0;
    assert_int_equal(io_read_file("/nonexistent/waystation.csv", 100, &data, &len), WS_ERR_IO);
    assert_int_equal(errno, ENOENT);
    assert_null(data);
    /* A folder opens but cannot be read: the reason is its own errno, not a stale one. */
    errno = 0;
    assert_int_equal(io_read_file("/", 100, &data, &len), WS_ERR_IO);
    assert_int_equal(errno, EISDIR);
    /* A regular file past the limit is refused by its size, before it is read. */
    char big[] = "/tmp/ws-test-csv-XXXXXX";
    int fd = mkstemp(big);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, 1000), 0);
    close(fd);
    errno = ENOENT; /* what the last failure left behind */
    assert_int_equal(io_read_file(big, 999, &data, &len), WS_ERR_LIMIT);
    assert_null(data);
    assert_int_equal(io_read_file(big, 1000, &data, &len), WS_OK);
    assert_int_equal(len, 1000);
    free(data);
    data = NULL;
    unlink(big);
    char path[512];
    if (!unit_shared_path(path, sizeof path, "divisions/weihai_divisions.csv")) skip();
    assert_int_equal(io_read_file(path, 100, &data, &len), WS_ERR_LIMIT);
    assert_null(data);
    assert_int_equal(io_read_file(path, MAX_BYTES, &data, &len), WS_OK);
    assert_true(len > 1000);
    assert_int_equal(data[len], '\0');
    free(data);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(csv_spectrum),       cmocka_unit_test(weihai_divisions),
        cmocka_unit_test(line_numbers),       cmocka_unit_test(cr_only),
        cmocka_unit_test(fields_kept_as_written), cmocka_unit_test(unterminated_quote),
        cmocka_unit_test(stray_quotes),       cmocka_unit_test(limits),
        cmocka_unit_test(encodings),          cmocka_unit_test(utf16),
        cmocka_unit_test(reading_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
