/* date.c - parsing the calendar dates news text carries ("2022-06-07", "7 June 2022",
 * "Feb 26", "7 июня 2022", "07.06.2022") into possibly partial dates, and ISO 8601 output. */
#include "precis.h"

#include "date.h"

#include <stdio.h>
#include <string.h>

typedef struct month_name {
    const char *name; /* lower case UTF-8 */
    int month;
} month_name;

/* English full names and abbreviations, and Russian nominative and genitive forms (dates
 * are written "7 июня", the genitive). Matching is on the whole word, lower-cased. */
static const month_name month_names[] = {
    {"january", 1},   {"jan", 1},      {"february", 2},  {"feb", 2},      {"march", 3},
    {"mar", 3},       {"april", 4},    {"apr", 4},       {"may", 5},      {"june", 6},
    {"jun", 6},       {"july", 7},     {"jul", 7},       {"august", 8},   {"aug", 8},
    {"september", 9}, {"sep", 9},      {"sept", 9},      {"october", 10}, {"oct", 10},
    {"november", 11}, {"nov", 11},     {"december", 12}, {"dec", 12},     {"январь", 1},
    {"января", 1},    {"февраль", 2},  {"февраля", 2},   {"март", 3},     {"марта", 3},
    {"апрель", 4},    {"апреля", 4},   {"май", 5},       {"мая", 5},      {"июнь", 6},
    {"июня", 6},      {"июль", 7},     {"июля", 7},      {"август", 8},   {"августа", 8},
    {"сентябрь", 9},  {"сентября", 9}, {"октябрь", 10},  {"октября", 10}, {"ноябрь", 11},
    {"ноября", 11},   {"декабрь", 12}, {"декабря", 12},
};

/* Words that may stand before or inside a date without changing it. */
static const char *const filler_words[] = {
    "monday", "tuesday", "wednesday", "thursday", "friday",      "saturday",    "sunday",
    "mon",    "tue",     "tues",      "wed",      "thu",         "thur",        "thurs",
    "fri",    "sat",     "sun",       "of",       "the",         "понедельник", "вторник",
    "среда",  "четверг", "пятница",   "суббота",  "воскресенье",
};

/* Russian "year" markers after the year: "2022 г.", "2022 года". */
static const char *const year_words[] = {"г", "год", "года", "году"};

int date_is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_month_days(int year, int month)
{
    static const int days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && year != 0 && !date_is_leap(year))
        return 28;
    return days[month - 1];
}

int date_is_full(const precis_date *d)
{
    return d && d->year >= 1 && d->year <= 9999 && d->month >= 1 && d->month <= 12 && d->day >= 1 &&
           d->day <= date_month_days(d->year, d->month);
}

/* Floor division, as C's / truncates towards zero. */
static int64_t floor_div(int64_t a, int64_t b)
{
    const int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* Counting whole 400-year eras (146097 days each) from 1 March keeps the leap day at the end
 * of the counted year, so the day of the year follows from the month by one linear formula:
 * (153 m + 2) / 5 for months numbered from March. */
int64_t date_to_days(const precis_date *d)
{
    const int64_t y = (int64_t)d->year - (d->month <= 2);
    const int64_t era = floor_div(y, 400);
    const int64_t yoe = y - era * 400;
    const int64_t mp = (d->month + 9) % 12; /* March = 0 */
    const int64_t doy = (153 * mp + 2) / 5 + d->day - 1;
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468; /* 719468 days from 0000-03-01 to 1970-01-01 */
}

precis_date date_from_days(int64_t z)
{
    z += 719468;
    const int64_t era = floor_div(z, 146097);
    const int64_t doe = z - era * 146097;
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int64_t mp = (5 * doy + 2) / 153;
    precis_date d;
    d.day = (int)(doy - (153 * mp + 2) / 5 + 1);
    d.month = (int)(mp < 10 ? mp + 3 : mp - 9);
    d.year = (int)(yoe + era * 400 + (d.month <= 2));
    return d;
}

static int date_valid(const precis_date *d)
{
    if (d->year < 0 || d->year > 9999)
        return 0;
    if (d->month < 0 || d->month > 12 || d->day < 0)
        return 0;
    if (d->day && !d->month)
        return 0;
    if (d->day && d->day > date_month_days(d->year, d->month))
        return 0;
    return d->year || d->month;
}

char *precis_date_format(const precis_date *d, char *buf, size_t size)
{
    if (!buf || size == 0)
        return buf;
    buf[0] = '\0';
    if (!d)
        return buf;
    if (d->year && d->month && d->day)
        snprintf(buf, size, "%04d-%02d-%02d", d->year, d->month, d->day);
    else if (d->year && d->month)
        snprintf(buf, size, "%04d-%02d", d->year, d->month);
    else if (d->year)
        snprintf(buf, size, "%04d", d->year);
    else if (d->month && d->day)
        snprintf(buf, size, "--%02d-%02d", d->month, d->day);
    else if (d->month)
        snprintf(buf, size, "--%02d", d->month);
    return buf;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Reads up to max digits at s[*i]; returns how many were read (value in *v). */
static size_t read_num(const char *s, size_t len, size_t *i, size_t max, int *v)
{
    size_t n = 0;
    *v = 0;
    while (*i < len && is_digit(s[*i]) && n < max + 1) {
        *v = *v * 10 + (s[*i] - '0');
        (*i)++;
        n++;
    }
    return n;
}

/* ISO forms: YYYY, YYYY-MM, YYYY-MM-DD with an optional time after T or a space, and the
 * same with '/' or '.' as separator. */
static int parse_iso(const char *s, size_t len, precis_date *d)
{
    size_t i = 0;
    int v;
    if (read_num(s, len, &i, 4, &v) != 4)
        return 0;
    d->year = v;
    if (i == len)
        return 1;
    const char sep = s[i];
    if (sep != '-' && sep != '/' && sep != '.')
        return 0;
    i++;
    size_t n = read_num(s, len, &i, 2, &v);
    if (n < 1 || n > 2)
        return 0;
    d->month = v;
    if (i == len)
        return 1;
    if (s[i] != sep)
        return 0;
    i++;
    n = read_num(s, len, &i, 2, &v);
    if (n < 1 || n > 2)
        return 0;
    d->day = v;
    if (i == len)
        return 1;
    if (s[i] != 'T' && s[i] != ' ' && s[i] != 't')
        return 0;
    /* A time part: only its characters are checked, its value does not matter here. */
    for (i++; i < len; i++)
        if (!is_digit(s[i]) && !strchr(":.,+-Zz", s[i]))
            return 0;
    return 1;
}

/* DD.MM.YYYY (European numeric form). */
static int parse_dmy(const char *s, size_t len, precis_date *d)
{
    size_t i = 0;
    int v;
    size_t n = read_num(s, len, &i, 2, &v);
    if (n < 1 || n > 2 || i >= len || s[i] != '.')
        return 0;
    d->day = v;
    i++;
    n = read_num(s, len, &i, 2, &v);
    if (n < 1 || n > 2 || i >= len || s[i] != '.')
        return 0;
    d->month = v;
    i++;
    if (read_num(s, len, &i, 4, &v) != 4 || i != len)
        return 0;
    d->year = v;
    return 1;
}

/* Lower-cases ASCII and Cyrillic capitals of s[0..n) into out (size outsz, NUL-terminated).
 * Returns 0 when the word does not fit. */
static int lower_word(const char *s, size_t n, char *out, size_t outsz)
{
    if (n >= outsz)
        return 0;
    for (size_t i = 0; i < n; i++) {
        const unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z') {
            out[i] = (char)(c + 32);
        } else if (c == 0xD0 && i + 1 < n) {
            const unsigned char c2 = (unsigned char)s[i + 1];
            if (c2 >= 0x90 && c2 <= 0x9F) { /* А..П -> а..п */
                out[i] = (char)0xD0;
                out[i + 1] = (char)(c2 + 0x20);
            } else if (c2 >= 0xA0 && c2 <= 0xAF) { /* Р..Я -> р..я */
                out[i] = (char)0xD1;
                out[i + 1] = (char)(c2 - 0x20);
            } else if (c2 == 0x81) { /* Ё -> ё */
                out[i] = (char)0xD1;
                out[i + 1] = (char)0x91;
            } else {
                out[i] = (char)c;
                out[i + 1] = (char)c2;
            }
            i++;
        } else {
            out[i] = (char)c;
        }
    }
    out[n] = '\0';
    return 1;
}

static int in_list(const char *w, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(w, list[i]) == 0)
            return 1;
    return 0;
}

static int month_of(const char *w)
{
    for (size_t i = 0; i < sizeof month_names / sizeof month_names[0]; i++)
        if (strcmp(w, month_names[i].name) == 0)
            return month_names[i].month;
    return 0;
}

/* Letters of month and weekday names: ASCII letters and any non-ASCII byte except those of
 * a no-break space (C2 A0), which separates like a space. */
static int is_word_byte(const char *s, size_t len, size_t i)
{
    const unsigned char c = (unsigned char)s[i];
    if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xA0)
        return 0;
    if (c == 0xA0 && i > 0 && (unsigned char)s[i - 1] == 0xC2)
        return 0;
    return c >= 0x80 || ((c | 32) >= 'a' && (c | 32) <= 'z');
}

enum { TOK_NUM, TOK_MONTH, TOK_YEARWORD };

typedef struct tok {
    int kind;
    int value;     /* number value or month */
    size_t digits; /* for numbers */
} tok;

/* Textual forms: "7 June 2022", "June 7, 2022", "Feb 26", "7th of June", "June 2022",
 * "Monday, 7 June", "7 июня 2022 г.". Every word must be a month, a weekday, a filler or a
 * Russian year marker; anything else means this is not (only) a date. */
static int parse_text(const char *s, size_t len, precis_date *d)
{
    tok toks[8];
    size_t nt = 0;
    size_t i = 0;
    while (i < len) {
        const unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == ',' || c == '.') {
            i++;
            continue;
        }
        if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xA0) { /* NBSP */
            i += 2;
            continue;
        }
        if (nt == sizeof toks / sizeof toks[0])
            return 0;
        if (is_digit((char)c)) {
            int v;
            const size_t n = read_num(s, len, &i, 4, &v);
            if (n > 4)
                return 0;
            /* Ordinal suffixes: 1st, 2nd, 3rd, 26th. */
            if (n <= 2 && i + 2 <= len) {
                char suf[3];
                lower_word(s + i, 2, suf, sizeof suf);
                if (!strcmp(suf, "st") || !strcmp(suf, "nd") || !strcmp(suf, "rd") ||
                    !strcmp(suf, "th"))
                    i += 2;
            }
            if (i < len && is_word_byte(s, len, i))
                return 0; /* "26abc" */
            toks[nt].kind = TOK_NUM;
            toks[nt].value = v;
            toks[nt].digits = n;
            nt++;
            continue;
        }
        if (!is_word_byte(s, len, i))
            return 0;
        const size_t start = i;
        while (i < len && is_word_byte(s, len, i))
            i++;
        char word[32];
        if (!lower_word(s + start, i - start, word, sizeof word))
            return 0;
        const int m = month_of(word);
        if (m) {
            toks[nt].kind = TOK_MONTH;
            toks[nt].value = m;
            toks[nt].digits = 0;
            nt++;
        } else if (in_list(word, year_words, sizeof year_words / sizeof year_words[0])) {
            toks[nt].kind = TOK_YEARWORD;
            toks[nt].value = 0;
            toks[nt].digits = 0;
            nt++;
        } else if (!in_list(word, filler_words, sizeof filler_words / sizeof filler_words[0])) {
            return 0;
        }
    }
    /* A year marker is allowed only right after a four-digit year, at the end. */
    if (nt >= 2 && toks[nt - 1].kind == TOK_YEARWORD) {
        if (toks[nt - 2].kind != TOK_NUM || toks[nt - 2].digits != 4)
            return 0;
        nt--;
    }
    for (size_t k = 0; k < nt; k++)
        if (toks[k].kind == TOK_YEARWORD)
            return 0;
    const int day_ok0 = nt >= 1 && toks[0].kind == TOK_NUM && toks[0].digits <= 2;
    if (nt >= 2 && day_ok0 && toks[1].kind == TOK_MONTH) {
        /* D Month [YYYY] */
        d->day = toks[0].value;
        d->month = toks[1].value;
        if (nt == 2)
            return 1;
        if (nt == 3 && toks[2].kind == TOK_NUM && toks[2].digits == 4) {
            d->year = toks[2].value;
            return 1;
        }
        return 0;
    }
    if (nt >= 2 && toks[0].kind == TOK_MONTH && toks[1].kind == TOK_NUM) {
        d->month = toks[0].value;
        if (toks[1].digits == 4 && nt == 2) { /* Month YYYY */
            d->year = toks[1].value;
            return 1;
        }
        if (toks[1].digits > 2)
            return 0;
        d->day = toks[1].value; /* Month D [YYYY] */
        if (nt == 2)
            return 1;
        if (nt == 3 && toks[2].kind == TOK_NUM && toks[2].digits == 4) {
            d->year = toks[2].value;
            return 1;
        }
        return 0;
    }
    return 0;
}

static int is_space_byte(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

precis_status precis_date_parse(const char *s, size_t len, precis_date *out)
{
    if (!out)
        return PRECIS_EINVAL;
    out->year = out->month = out->day = 0;
    if (!s)
        return PRECIS_EPARSE;
    while (len && is_space_byte(s[0])) {
        s++;
        len--;
    }
    while (len && is_space_byte(s[len - 1]))
        len--;
    if (len == 0 || len > 200)
        return PRECIS_EPARSE;
    precis_date d = {0, 0, 0};
    int ok = 0;
    if (is_digit(s[0])) {
        ok = parse_iso(s, len, &d);
        if (!ok) {
            d.year = d.month = d.day = 0;
            ok = parse_dmy(s, len, &d);
        }
    }
    if (!ok) {
        d.year = d.month = d.day = 0;
        ok = parse_text(s, len, &d);
    }
    if (!ok || !date_valid(&d))
        return PRECIS_EPARSE;
    if (d.year == 0 && d.month && !d.day) /* a month name alone is not a date */
        return PRECIS_EPARSE;
    *out = d;
    return PRECIS_OK;
}
