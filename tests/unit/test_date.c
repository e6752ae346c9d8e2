/* test_date.c - precis_date_parse and precis_date_format: the forms news uses, partial
 * dates, and calendar validation (month lengths, leap years). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "precis.h"

typedef struct date_case {
    const char *in;
    int year, month, day;
} date_case;

static void parses(const date_case *c)
{
    precis_date d = {-1, -1, -1};
    const precis_status st = precis_date_parse(c->in, strlen(c->in), &d);
    if (st != PRECIS_OK)
        fail_msg("\"%s\" did not parse", c->in);
    if (d.year != c->year || d.month != c->month || d.day != c->day)
        fail_msg("\"%s\" gave %d-%d-%d, want %d-%d-%d", c->in, d.year, d.month, d.day, c->year,
                 c->month, c->day);
}

static void test_valid_forms(void **state)
{
    (void)state;
    static const date_case cases[] = {
        {"2022-06-07", 2022, 6, 7},
        {"2022-06-07T15:01:01Z", 2022, 6, 7},
        {"1987-02-26T15:01:01", 1987, 2, 26},
        {"2022-06", 2022, 6, 0},
        {"2022", 2022, 0, 0},
        {"7 June 2022", 2022, 6, 7},
        {"June 7, 2022", 2022, 6, 7},
        {"Feb 26", 0, 2, 26},
        {"Feb. 26", 0, 2, 26},
        {"7 June", 0, 6, 7},
        {"26 February", 0, 2, 26},
        {"07.06.2022", 2022, 6, 7},
        {"2022/06/07", 2022, 6, 7},
        {"7 июня 2022", 2022, 6, 7},
        {"7 июня 2022 г.", 2022, 6, 7},
        {"31 Декабря", 0, 12, 31},
        {"Monday, 7 June 2022", 2022, 6, 7},
        {"19th of October 1987", 1987, 10, 19},
        {"Oct 19", 0, 10, 19},
        {"June 1987", 1987, 6, 0},
        {"  2000-02-29  ", 2000, 2, 29},
        {"29 Feb", 0, 2, 29},
        {"SEPT 3", 0, 9, 3},
        {"7\xc2\xa0June", 0, 6, 7},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        parses(&cases[i]);
}

static void test_invalid(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",
        "   ",
        "hello",
        "June",
        "May",
        "2022-02-30",
        "2023-02-29",
        "1900-02-29",
        "2022-13-01",
        "2022-00-10",
        "31 April",
        "32 May 2022",
        "2022-06-07X",
        "20220",
        "7 Juneau",
        "June 7, 22x",
        "07/06/2022",
        "0 June",
        "Next 7 June",
        "26abc Feb",
        "7 June 2022 2023",
        "12345",
        "г 2022",
        "2022 2022",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        precis_date d = {5, 5, 5};
        if (precis_date_parse(bad[i], strlen(bad[i]), &d) != PRECIS_EPARSE)
            fail_msg("\"%s\" parsed as %d-%d-%d", bad[i], d.year, d.month, d.day);
        assert_int_equal(d.year, 0);
        assert_int_equal(d.month, 0);
        assert_int_equal(d.day, 0);
    }
}

static void test_length_bounds(void **state)
{
    (void)state;
    /* Only len bytes count: the tail must not leak in. */
    precis_date d;
    assert_int_equal(precis_date_parse("2022-06-07junk", 10, &d), PRECIS_OK);
    assert_int_equal(d.day, 7);
    assert_int_equal(precis_date_parse("7 June 2022", 6, &d), PRECIS_OK);
    assert_int_equal(d.year, 0);
    assert_int_equal(d.month, 6);
}

static void test_format(void **state)
{
    (void)state;
    char buf[16];
    const precis_date full = {2022, 6, 7}, ym = {2022, 6, 0}, y = {2022, 0, 0}, md = {0, 6, 7},
                      none = {0, 0, 0}, old = {987, 2, 3};
    assert_string_equal(precis_date_format(&full, buf, sizeof buf), "2022-06-07");
    assert_string_equal(precis_date_format(&ym, buf, sizeof buf), "2022-06");
    assert_string_equal(precis_date_format(&y, buf, sizeof buf), "2022");
    assert_string_equal(precis_date_format(&md, buf, sizeof buf), "--06-07");
    assert_string_equal(precis_date_format(&none, buf, sizeof buf), "");
    assert_string_equal(precis_date_format(&old, buf, sizeof buf), "0987-02-03");
    /* A short buffer truncates rather than overflows. */
    char small[5];
    assert_string_equal(precis_date_format(&full, small, sizeof small), "2022");
}

static void test_round_trip(void **state)
{
    (void)state;
    /* Every day of a leap and a common year formats and parses back to itself. */
    const int years[] = {2023, 2024};
    for (size_t k = 0; k < 2; k++) {
        for (int m = 1; m <= 12; m++) {
            for (int dd = 1; dd <= 31; dd++) {
                const precis_date d = {years[k], m, dd};
                char buf[16];
                precis_date_format(&d, buf, sizeof buf);
                precis_date back;
                const precis_status st = precis_date_parse(buf, strlen(buf), &back);
                const int days[] = {
                    31, (years[k] % 4 == 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
                if (dd <= days[m - 1]) {
                    assert_int_equal(st, PRECIS_OK);
                    assert_int_equal(back.year, d.year);
                    assert_int_equal(back.month, d.month);
                    assert_int_equal(back.day, d.day);
                } else {
                    assert_int_equal(st, PRECIS_EPARSE);
                }
            }
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_forms),   cmocka_unit_test(test_invalid),
        cmocka_unit_test(test_length_bounds), cmocka_unit_test(test_format),
        cmocka_unit_test(test_round_trip),
    };
    return cmocka_run_group_tests_name("date", tests, NULL, NULL);
}
