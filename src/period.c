/* period.c - periods of whole days for trends: parsing "2022-06-01..2022-06-07", "2022-06",
 * "2022-W23", "2022" and "2022-06-07", and numbering days, ISO weeks and months in order. */
#include "precis.h"

#include "date.h"

#include <stdio.h>
#include <string.h>

/* Floor division, as C's / truncates towards zero. */
static int64_t floor_div(int64_t a, int64_t b)
{
    const int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* ISO 8601: weeks start on Monday; 1970-01-01 was a Thursday, so (days + 3) mod 7 is the
 * weekday with Monday = 0. */
static int64_t monday_of(int64_t days)
{
    return days - (days + 3 - floor_div(days + 3, 7) * 7);
}

/* Monday of ISO week 1 of year y: the week holding 4 January. */
static int64_t week1_monday(int y)
{
    const precis_date jan4 = {y, 1, 4};
    return monday_of(date_to_days(&jan4));
}

/* ISO weeks in year y: 53 when its week 53 would still have its Thursday in y. */
static int iso_weeks(int y)
{
    const int64_t thursday53 = week1_monday(y) + 52 * 7 + 3;
    return date_from_days(thursday53).year == y ? 53 : 52;
}

/* Reads exactly n digits at s[*i]; -1 when they are not there. */
static int read_digits(const char *s, size_t len, size_t *i, size_t n, int *v)
{
    if (*i + n > len)
        return -1;
    int x = 0;
    for (size_t k = 0; k < n; k++) {
        const char c = s[*i + k];
        if (c < '0' || c > '9')
            return -1;
        x = x * 10 + (c - '0');
    }
    *i += n;
    *v = x;
    return 0;
}

/* One side of a range: YYYY, YYYY-MM, YYYY-MM-DD or YYYY-Www. */
static precis_status parse_one(const char *s, size_t len, precis_period *out, const char **why)
{
    static const char *const forms =
        "expected YYYY-MM-DD, YYYY-MM, YYYY-Www (ISO week), YYYY or FROM..TO";
    size_t i = 0;
    int y = 0, m = 0, d = 0, w = 0;
    *why = forms;
    if (read_digits(s, len, &i, 4, &y))
        return PRECIS_EPARSE;
    if (y < 1) {
        *why = "year 0000 does not exist";
        return PRECIS_EPARSE;
    }
    if (i == len) {
        out->from = (precis_date){y, 1, 1};
        out->to = (precis_date){y, 12, 31};
        return PRECIS_OK;
    }
    if (s[i++] != '-' || i == len)
        return PRECIS_EPARSE;
    if (s[i] == 'W' || s[i] == 'w') {
        i++;
        if (read_digits(s, len, &i, 2, &w) || i != len)
            return PRECIS_EPARSE;
        if (w < 1 || w > iso_weeks(y)) {
            *why = iso_weeks(y) == 53 ? "ISO week must be 01..53"
                                      : "ISO week must be 01..52 "
                                        "(that year has 52 weeks)";
            return PRECIS_EPARSE;
        }
        const int64_t mon = week1_monday(y) + (int64_t)(w - 1) * 7;
        out->from = date_from_days(mon);
        out->to = date_from_days(mon + 6);
        return PRECIS_OK;
    }
    if (read_digits(s, len, &i, 2, &m))
        return PRECIS_EPARSE;
    if (m < 1 || m > 12) {
        *why = "month must be 01..12";
        return PRECIS_EPARSE;
    }
    if (i == len) {
        out->from = (precis_date){y, m, 1};
        out->to = (precis_date){y, m, date_month_days(y, m)};
        return PRECIS_OK;
    }
    if (s[i++] != '-' || read_digits(s, len, &i, 2, &d) || i != len)
        return PRECIS_EPARSE;
    if (d < 1 || d > date_month_days(y, m)) {
        *why = "no such day in that month";
        return PRECIS_EPARSE;
    }
    out->from = out->to = (precis_date){y, m, d};
    return PRECIS_OK;
}

precis_status precis_period_parse(const char *s, precis_period *out, const char **why)
{
    const char *dummy = NULL;
    if (!why)
        why = &dummy;
    *why = NULL;
    if (!out)
        return PRECIS_EINVAL;
    memset(out, 0, sizeof *out);
    if (!s || !*s) {
        *why = "empty period";
        return PRECIS_EPARSE;
    }
    const size_t len = strlen(s);
    const char *const dots = strstr(s, "..");
    precis_period p;
    if (!dots) {
        const precis_status st = parse_one(s, len, &p, why);
        if (st != PRECIS_OK)
            return st;
    } else {
        /* Each side may itself be a month, week or year: "2022-05..2022-06" runs from 1 May
         * to 30 June. */
        precis_period l, r;
        precis_status st = parse_one(s, (size_t)(dots - s), &l, why);
        if (st == PRECIS_OK)
            st = parse_one(dots + 2, len - (size_t)(dots - s) - 2, &r, why);
        if (st != PRECIS_OK)
            return st;
        p.from = l.from;
        p.to = r.to;
        if (date_to_days(&p.to) < date_to_days(&p.from)) {
            *why = "the period ends before it starts";
            return PRECIS_EPARSE;
        }
    }
    *out = p;
    *why = NULL;
    return PRECIS_OK;
}

int precis_period_contains(const precis_period *p, const precis_date *d)
{
    if (!p || !d || !date_is_full(d))
        return 0;
    const int64_t x = date_to_days(d);
    return x >= date_to_days(&p->from) && x <= date_to_days(&p->to);
}

precis_status precis_period_unit_parse(const char *s, precis_period_unit *out)
{
    static const char *const names[] = {"day", "week", "month"};
    for (size_t i = 0; s && i < sizeof names / sizeof *names; i++)
        if (strcmp(s, names[i]) == 0) {
            *out = (precis_period_unit)i;
            return PRECIS_OK;
        }
    return PRECIS_EINVAL;
}

precis_status precis_period_index(const precis_date *d, precis_period_unit u, int64_t *out)
{
    *out = 0;
    if (!d || !date_is_full(d))
        return PRECIS_EINVAL;
    switch (u) {
    case PRECIS_BY_DAY: *out = date_to_days(d); return PRECIS_OK;
    case PRECIS_BY_WEEK: *out = floor_div(monday_of(date_to_days(d)) + 3, 7); return PRECIS_OK;
    case PRECIS_BY_MONTH: *out = (int64_t)d->year * 12 + d->month - 1; return PRECIS_OK;
    }
    return PRECIS_EINVAL;
}

/* Days of 0001-01-01 and 9999-12-31, the range the four-digit forms can name. */
#define FIRST_DAY (-719162)
#define LAST_DAY 2932896

precis_status precis_period_of_index(int64_t idx, precis_period_unit u, precis_period *out,
                                     char *buf, size_t size)
{
    precis_period p;
    if (out)
        memset(out, 0, sizeof *out);
    if (buf && size)
        buf[0] = '\0';
    switch (u) {
    case PRECIS_BY_DAY:
        if (idx < FIRST_DAY || idx > LAST_DAY)
            return PRECIS_EINVAL;
        p.from = p.to = date_from_days(idx);
        if (buf)
            snprintf(buf, size, "%04d-%02d-%02d", p.from.year, p.from.month, p.from.day);
        break;
    case PRECIS_BY_WEEK: {
        /* Week n holds the Monday 7n - 3 (the inverse of floor((monday + 3) / 7)). */
        const int64_t mon = idx * 7 - 3;
        if (mon < FIRST_DAY || mon + 6 > LAST_DAY)
            return PRECIS_EINVAL;
        p.from = date_from_days(mon);
        p.to = date_from_days(mon + 6);
        /* The ISO year of a week is the year of its Thursday. */
        const precis_date th = date_from_days(mon + 3);
        const int64_t w = (mon - week1_monday(th.year)) / 7 + 1;
        if (buf)
            snprintf(buf, size, "%04d-W%02d", th.year, (int)w);
        break;
    }
    case PRECIS_BY_MONTH: {
        if (idx < 12 || idx > 9999 * 12 + 11)
            return PRECIS_EINVAL;
        const int y = (int)(idx / 12), m = (int)(idx % 12) + 1;
        p.from = (precis_date){y, m, 1};
        p.to = (precis_date){y, m, date_month_days(y, m)};
        if (buf)
            snprintf(buf, size, "%04d-%02d", y, m);
        break;
    }
    default: return PRECIS_EINVAL;
    }
    if (out)
        *out = p;
    return PRECIS_OK;
}
