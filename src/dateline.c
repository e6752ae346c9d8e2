/* dateline.c - recognising the wire-story dateline that opens an article body
 * ("MINSK, 7 June (BelTA) - ", "WASHINGTON (AP) — ", "(CNN)") and splitting it into place,
 * agency and date. Strict on purpose: a false dateline would eat the article's first words. */
#include "article.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Agencies that may open a story alone, in brackets, without a place, although their name
 * has a single capital; names with two or more capitals ("CNN", "AP", "BelTA") need no list. */
static const char *const lone_agencies[] = {"Bloomberg", "Interfax", "Reuters", "Xinhua"};

#define PLACE_MAX 60
#define AGENCY_MAX 40
#define DATE_MAX 40

/* Length of an upper-case letter at s[i] (ASCII A-Z or Cyrillic А-Я, Ё), or 0. */
static size_t upper_at(const char *s, size_t len, size_t i)
{
    const unsigned char c = (unsigned char)s[i];
    if (c >= 'A' && c <= 'Z')
        return 1;
    if (c == 0xD0 && i + 1 < len) {
        const unsigned char c2 = (unsigned char)s[i + 1];
        if ((c2 >= 0x90 && c2 <= 0xAF) || c2 == 0x81)
            return 2;
    }
    return 0;
}

/* Length of a letter at s[i]: ASCII or any multi-byte UTF-8 sequence start/continuation. */
static size_t letter_at(const char *s, size_t i)
{
    const unsigned char c = (unsigned char)s[i];
    if ((c | 32) >= 'a' && (c | 32) <= 'z')
        return 1;
    return c >= 0x80 ? 1 : 0;
}

/* An all-capitals place: words of capitals with inner '.', '-' or '\'' ("ST. PETERSBURG",
 * "RIO DE JANEIRO", "U.S."), one space between words. Returns its length, 0 when none. */
static size_t scan_place(const char *s, size_t len, size_t *ncaps)
{
    size_t i = 0, end = 0;
    *ncaps = 0;
    while (i < len && i < PLACE_MAX) {
        size_t n = upper_at(s, len, i);
        if (!n)
            break;
        /* one word */
        while (i < len) {
            n = upper_at(s, len, i);
            if (n) {
                i += n;
                (*ncaps)++;
            } else if ((s[i] == '.' || s[i] == '-' || s[i] == '\'') && i > 0) {
                i++;
            } else {
                break;
            }
        }
        /* A word ending in a lower-case letter or digit is not a capitals word. */
        if (i < len && (letter_at(s, i) || (s[i] >= '0' && s[i] <= '9')))
            return 0;
        end = i;
        if (i + 1 < len && s[i] == ' ' && upper_at(s, len, i + 1))
            i++;
        else
            break;
    }
    return end;
}

/* A bracketed or slashed agency name: letters, spaces, '.', '-', '&', starting with a capital.
 * s[0] is the opening mark; returns the length up to and including the closing mark. */
static size_t scan_agency(const char *s, size_t len, char close, size_t *ncaps)
{
    size_t i = 1;
    *ncaps = 0;
    if (i >= len || !upper_at(s, len, i))
        return 0;
    while (i < len && i <= AGENCY_MAX) {
        if (s[i] == close)
            return i > 1 ? i + 1 : 0;
        const size_t u = upper_at(s, len, i);
        if (u) {
            (*ncaps)++;
            i += u;
        } else if (letter_at(s, i) || s[i] == ' ' || s[i] == '.' || s[i] == '-' || s[i] == '&') {
            i++;
        } else {
            return 0;
        }
    }
    return 0;
}

static size_t skip_blanks(const char *s, size_t len, size_t i)
{
    while (i < len && (s[i] == ' ' || s[i] == '\t'))
        i++;
    return i;
}

/* A separator: '-', "--", em dash, en dash or ':' after optional blanks. Returns the index
 * after it, or 0 when there is none at i. */
static size_t scan_separator(const char *s, size_t len, size_t i)
{
    i = skip_blanks(s, len, i);
    if (i < len && s[i] == '-') {
        i++;
        if (i < len && s[i] == '-')
            i++;
        return i;
    }
    if (i < len && s[i] == ':')
        return i + 1;
    if (i + 2 < len && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
        ((unsigned char)s[i + 2] == 0x94 || (unsigned char)s[i + 2] == 0x93))
        return i + 3;
    return 0;
}

/* The white space after the dateline belongs to it, so that the body starts on a word. */
static size_t skip_space(const char *s, size_t len, size_t i)
{
    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
        i++;
    return i;
}

static int is_lone_agency(const char *s, size_t n)
{
    for (size_t k = 0; k < sizeof lone_agencies / sizeof lone_agencies[0]; k++)
        if (strlen(lone_agencies[k]) == n && memcmp(lone_agencies[k], s, n) == 0)
            return 1;
    return 0;
}

/* Where the date after "PLACE, " ends: before a bracket, slash, colon or dash. */
static size_t date_end(const char *s, size_t len, size_t i)
{
    const size_t lim = i + DATE_MAX < len ? i + DATE_MAX : len;
    for (size_t k = i; k < lim; k++) {
        const unsigned char c = (unsigned char)s[k];
        if (c == '(' || c == '/' || c == ':' || c == '\n' || c == '\r')
            return k;
        if (c == '-' && k > i && s[k - 1] == ' ')
            return k;
        if (c == 0xE2 && k + 2 < len && (unsigned char)s[k + 1] == 0x80 &&
            ((unsigned char)s[k + 2] == 0x94 || (unsigned char)s[k + 2] == 0x93))
            return k;
    }
    return 0;
}

size_t dateline_parse(const char *s, size_t len, int default_year, char **place, char **agency,
                      precis_date *date)
{
    *place = NULL;
    *agency = NULL;
    date->year = date->month = date->day = 0;
    if (!s || len == 0)
        return 0;

    size_t place_len = 0, agency_start = 0, agency_len = 0, i = 0, ncaps = 0;
    precis_date d = {0, 0, 0};

    if (s[0] == '(') {
        /* "(CNN)" alone: the name must look like an agency, and text may follow directly. */
        const size_t n = scan_agency(s, len, ')', &ncaps);
        if (!n || (ncaps < 2 && !is_lone_agency(s + 1, n - 2)))
            return 0;
        agency_start = 1;
        agency_len = n - 2;
        i = n;
        const size_t sep = scan_separator(s, len, i);
        if (sep)
            i = sep;
    } else {
        place_len = scan_place(s, len, &ncaps);
        if (!place_len || ncaps < 2)
            return 0;
        i = place_len;
        int have_date = 0;
        if (i + 1 < len && s[i] == ',' && s[i + 1] == ' ') {
            const size_t ds = i + 2;
            const size_t de = date_end(s, len, ds);
            if (!de || precis_date_parse(s + ds, de - ds, &d) != PRECIS_OK)
                return 0;
            have_date = 1;
            i = de;
        }
        const size_t j = skip_blanks(s, len, i);
        if (j < len && (s[j] == '(' || s[j] == '/') && j > 0 && s[j - 1] == ' ') {
            const size_t n = scan_agency(s + j, len - j, s[j] == '(' ? ')' : '/', &ncaps);
            if (!n)
                return 0;
            agency_start = j + 1;
            agency_len = n - 2;
            i = j + n;
        } else if (!have_date) {
            return 0; /* a capitals word alone before a dash may be a headline */
        }
        const size_t sep = scan_separator(s, len, i);
        if (!sep)
            return 0;
        i = sep;
    }
    i = skip_space(s, len, i);

    if (place_len && !(*place = xstrndup(s, place_len)))
        goto fail;
    if (agency_len) {
        /* Trim blanks inside the brackets: "( AP )" is rare but harmless. */
        while (agency_len && s[agency_start] == ' ') {
            agency_start++;
            agency_len--;
        }
        while (agency_len && s[agency_start + agency_len - 1] == ' ')
            agency_len--;
        if (agency_len && !(*agency = xstrndup(s + agency_start, agency_len)))
            goto fail;
    }
    if (d.year == 0 && (d.month || d.day) && default_year > 0 && default_year <= 9999) {
        /* 29 February only when the default year has one. */
        const int leap =
            (default_year % 4 == 0 && default_year % 100 != 0) || default_year % 400 == 0;
        if (!(d.month == 2 && d.day == 29 && !leap))
            d.year = default_year;
    }
    *date = d;
    return i;
fail:
    /* Out of memory: report no dateline rather than a half-filled one. */
    free(*place);
    *place = NULL;
    free(*agency);
    *agency = NULL;
    return 0;
}
