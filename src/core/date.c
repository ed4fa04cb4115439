/*
** date.c: calendar dates (proleptic Gregorian): validity, parsing the forms spreadsheets write,
** formatting, ages, day counts, and the civil date in Asia/Shanghai. Pure arithmetic: no time zone database, no I/O.
*/
#include "date.h"

#include "text.h"

#include <string.h>

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(int y, int m) {
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : days[m - 1];
}

bool core_date_valid(int y, int m, int d) {
    return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

/* Reads min..max ASCII digits at *p (not past end) into *v and advances *p. */
static bool read_num(const char **p, const char *end, int min, int max, int *v) {
    int n = 0, value = 0;
    while (*p + n < end && n < max && (*p)[n] >= '0' && (*p)[n] <= '9') {
        value = value * 10 + ((*p)[n] - '0');
        n++;
    }
    if (n < min || (*p + n < end && (*p)[n] >= '0' && (*p)[n] <= '9')) return false;
    *p += n;
    *v = value;
    return true;
}

/* Consumes the literal lit at *p when it is there. */
static bool read_lit(const char **p, const char *end, const char *lit) {
    size_t n = strlen(lit);
    if ((size_t)(end - *p) < n || memcmp(*p, lit, n) != 0) return false;
    *p += n;
    return true;
}

/* "yyyy-m-d" with one separator used twice, or "yyyy年m月d日" (日 optional); p is after the year. */
static bool read_month_day(const char **p, const char *end, int *m, int *d) {
    static const char seps[] = "-/.";
    if (*p < end && strchr(seps, **p)) {
        char sep[2] = {**p, '\0'};
        (*p)++;
        return read_num(p, end, 1, 2, m) && read_lit(p, end, sep) && read_num(p, end, 1, 2, d);
    }
    if (!read_lit(p, end, "年") || !read_num(p, end, 1, 2, m) || !read_lit(p, end, "月") ||
        !read_num(p, end, 1, 2, d))
        return false;
    read_lit(p, end, "日");
    return true;
}

bool core_date_parse(const char *text, core_date *out) {
    if (!text) return false;
    size_t len;
    const char *p = core_text_span(text, &len);
    const char *end = p + len;
    int y, m, d;
    if (len == 8 && read_num(&p, end, 8, 8, &y)) {
        d = y % 100;
        m = y / 100 % 100;
        y /= 10000;
    } else if (!read_num(&p, end, 4, 4, &y) || !read_month_day(&p, end, &m, &d) || p != end) {
        return false;
    }
    if (!core_date_valid(y, m, d)) return false;
    *out = (core_date){y, m, d};
    return true;
}

/* Writes v as exactly n decimal digits, zero-padded (v < 10^n). */
static void put_digits(char *out, unsigned v, int n) {
    for (int i = n - 1; i >= 0; i--, v /= 10) out[i] = (char)('0' + v % 10);
}

/* By hand rather than snprintf: an import formats a few dates per member, and snprintf was 4% of it. */
void core_date_format(core_date d, char out[11]) {
    put_digits(out, (unsigned)d.y % 10000u, 4);
    out[4] = '-';
    put_digits(out + 5, (unsigned)d.m % 100u, 2);
    out[7] = '-';
    put_digits(out + 8, (unsigned)d.d % 100u, 2);
    out[10] = '\0';
}

long core_date_ymd(core_date d) { return (long)d.y * 10000 + d.m * 100 + d.d; }

core_date core_date_from_ymd(long ymd) {
    return (core_date){(int)(ymd / 10000), (int)(ymd / 100 % 100), (int)(ymd % 100)};
}

/* The civil date of a count of days since 1970-01-01 (H. Hinnant's algorithm). */
static core_date civil_from_days(long long z) {
    z += 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    long long doe = z - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long long mp = (5 * doy + 2) / 153;
    int d = (int)(doy - (153 * mp + 2) / 5 + 1);
    int m = (int)(mp < 10 ? mp + 3 : mp - 9);
    int y = (int)(yoe + era * 400 + (m <= 2));
    return (core_date){y, m, d};
}

/* The inverse of civil_from_days. */
static long long days_from_civil(core_date d) {
    long long y = d.m <= 2 ? d.y - 1 : d.y;
    long long era = (y >= 0 ? y : y - 399) / 400;
    long long yoe = y - era * 400;
    long long doy = (153 * (d.m > 2 ? d.m - 3 : d.m + 9) + 2) / 5 + d.d - 1;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

long core_date_days(core_date d) { return (long)days_from_civil(d); }

bool core_date_parse_iso(const char *text, core_date *out) {
    core_date d;
    char canonical[11];
    if (!text || !core_date_parse(text, &d)) return false;
    core_date_format(d, canonical);
    if (strcmp(canonical, text) != 0) return false;
    *out = d;
    return true;
}

core_date core_date_add_days(core_date d, long n) { return civil_from_days(days_from_civil(d) + n); }

core_date core_date_year_before(core_date d) {
    core_date y = {d.y - 1, d.m, d.d};
    if (!core_date_valid(y.y, y.m, y.d)) y.d = 28;
    return y;
}

core_date core_date_shanghai(time_t t) {
    long long secs = (long long)t + 8 * 3600;
    long long days = secs / 86400;
    if (secs % 86400 < 0) days--;
    return civil_from_days(days);
}

int core_date_age(core_date birth, core_date at) {
    int age = at.y - birth.y;
    if (at.m < birth.m || (at.m == birth.m && at.d < birth.d)) age--;
    return age;
}
