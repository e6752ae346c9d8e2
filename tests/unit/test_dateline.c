/* test_dateline.c - dateline_parse: wire datelines that must be found and split into place,
 * agency and date, and ordinary openings that must not be mistaken for one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "article.h"

typedef struct dl_case {
    const char *in;
    int default_year;
    const char *rest; /* the text the body starts with */
    const char *place, *agency;
    int year, month, day;
} dl_case;

static int same(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

static void check(const dl_case *c)
{
    char *place = NULL, *agency = NULL;
    precis_date d;
    const size_t n = dateline_parse(c->in, strlen(c->in), c->default_year, &place, &agency, &d);
    if (n == 0)
        fail_msg("no dateline found in \"%s\"", c->in);
    if (strcmp(c->in + n, c->rest) != 0)
        fail_msg("\"%s\": body starts \"%s\"", c->in, c->in + n);
    if (!same(place, c->place) || !same(agency, c->agency))
        fail_msg("\"%s\": place %s agency %s", c->in, place ? place : "(null)",
                 agency ? agency : "(null)");
    if (d.year != c->year || d.month != c->month || d.day != c->day)
        fail_msg("\"%s\": date %d-%d-%d", c->in, d.year, d.month, d.day);
    free(place);
    free(agency);
}

static void test_datelines(void **state)
{
    (void)state;
    static const dl_case cases[] = {
        {"MINSK, 7 June (BelTA) - Officials met.", 0, "Officials met.", "MINSK", "BelTA", 0, 6, 7},
        {"MINSK, 7 June (BelTA) - Officials met.", 2022, "Officials met.", "MINSK", "BelTA", 2022,
         6, 7},
        {"SALVADOR, Feb 26 - Showers fell.", 0, "Showers fell.", "SALVADOR", NULL, 0, 2, 26},
        {"WASHINGTON (AP) - The bill passed.", 0, "The bill passed.", "WASHINGTON", "AP", 0, 0, 0},
        {"WASHINGTON (AP) \xe2\x80\x94 The bill passed.", 0, "The bill passed.", "WASHINGTON", "AP",
         0, 0, 0},
        {"WASHINGTON (AP) \xe2\x80\x93 The bill passed.", 0, "The bill passed.", "WASHINGTON", "AP",
         0, 0, 0},
        {"(CNN)They may not be aliens.", 0, "They may not be aliens.", NULL, "CNN", 0, 0, 0},
        {"(Reuters) - Shares rose.", 0, "Shares rose.", NULL, "Reuters", 0, 0, 0},
        {"LONDON (Reuters) -Shares fell.", 0, "Shares fell.", "LONDON", "Reuters", 0, 0, 0},
        {"MOSCOW, June 7 /TASS/ - Talks ended.", 1999, "Talks ended.", "MOSCOW", "TASS", 1999, 6,
         7},
        {"NEW YORK, Oct 19 - Stocks crashed.", 0, "Stocks crashed.", "NEW YORK", NULL, 0, 10, 19},
        {"ST. PETERSBURG, 3 March 2021 (Interfax) -- Snow.", 0, "Snow.", "ST. PETERSBURG",
         "Interfax", 2021, 3, 3},
        {"RIO DE JANEIRO, Feb 29 - Carnival.", 2023, "Carnival.", "RIO DE JANEIRO", NULL, 0, 2, 29},
        {"МОСКВА, 7 июня (ТАСС) - Текст.", 0, "Текст.", "МОСКВА", "ТАСС", 0, 6, 7},
        {"PARIS, 14 July: Crowds gathered.", 0, "Crowds gathered.", "PARIS", NULL, 0, 7, 14},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check(&cases[i]);
}

static void test_not_datelines(void **state)
{
    (void)state;
    static const char *const no[] = {
        "The US (which has a veto) - not for the first time - objected.",
        "US (which has a veto) - objected.",
        "A man (aged 40) - a farmer - was hurt.",
        "BREAKING - markets fall.",
        "NATO - the alliance - met.",
        "(Updated) The minister resigned.",
        "(see below) for details.",
        "WASHINGTON, the capital, is hot - very hot.",
        "Minsk, 7 June (BelTA) - Lower-case place.",
        "MINSK 7 June - no comma.",
        "LONDON, Tuesday night - not a date.",
        "NEW York (AP) - mixed case.",
        "I (the author) - wrote this.",
        "",
        "(",
        "MINSK, 7 June (BelTA",
        "GDP (Gross Domestic Product) grew.",
    };
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) {
        char *place = (char *)1, *agency = (char *)1;
        precis_date d = {1, 1, 1};
        const size_t n = dateline_parse(no[i], strlen(no[i]), 2022, &place, &agency, &d);
        if (n != 0)
            fail_msg("\"%s\" taken as a dateline of %zu bytes", no[i], n);
        assert_null(place);
        assert_null(agency);
        assert_int_equal(d.year + d.month + d.day, 0);
    }
}

static void test_length_respected(void **state)
{
    (void)state;
    /* The parser must not look past len even when the string goes on. */
    const char *s = "SALVADOR, Feb 26 - Showers.";
    char *place, *agency;
    precis_date d;
    assert_int_equal(dateline_parse(s, 12, 0, &place, &agency, &d), 0);
    assert_null(place);
    const size_t n = dateline_parse(s, 18, 0, &place, &agency, &d);
    assert_int_equal(n, 18);
    assert_string_equal(place, "SALVADOR");
    free(place);
    free(agency);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_datelines),
        cmocka_unit_test(test_not_datelines),
        cmocka_unit_test(test_length_respected),
    };
    return cmocka_run_group_tests_name("dateline", tests, NULL, NULL);
}
