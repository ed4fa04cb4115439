/*
** date.h: calendar dates as the registry stores them (ISO yyyy-mm-dd, proleptic Gregorian).
**
** Dates are days, not instants: "today" is the civil date in Asia/Shanghai (UTC+8, no DST), which
** the caller passes in, so these functions stay pure.
*/
#ifndef WS_CORE_DATE_H
#define WS_CORE_DATE_H
#include <stdbool.h>
#include <time.h>

typedef struct core_date {
    int y, m, d;
} core_date;

bool core_date_valid(int y, int m, int d); /* knows leap years: 1991-02-29 is invalid, 2000-02-29 valid */

/*
** Parses "yyyy-mm-dd"; also "yyyy/mm/dd", "yyyy.mm.dd", "yyyymmdd" and "yyyy年m月d日" as spreadsheets
** write them. Returns false (out untouched) for anything else or an impossible date.
*/
bool core_date_parse(const char *text, core_date *out);
/* Parses a date written exactly "yyyy-mm-dd", as the API takes them; false (out untouched) otherwise. */
bool core_date_parse_iso(const char *text, core_date *out);

void core_date_format(core_date d, char out[11]); /* "yyyy-mm-dd" */
long core_date_ymd(core_date d);                  /* 20240131 */
core_date core_date_from_ymd(long ymd);

/* The civil date in Asia/Shanghai at the instant t. */
core_date core_date_shanghai(time_t t);

/* Whole years of age on date at, for someone born on birth. */
int core_date_age(core_date birth, core_date at);

/* Days since 1970-01-01 (negative before it): the difference of two dates is the difference of these. */
long core_date_days(core_date d);
/* The date n days after d (before it when n < 0). */
core_date core_date_add_days(core_date d, long n);
/* The same day a year before d, 28 February for 29 February: the days after it up to d are "the 12 months
** up to d" (365 days, or 366 when they hold a 29 February). */
core_date core_date_year_before(core_date d);

#endif
