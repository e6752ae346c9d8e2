/* test_period.c - period parsing (days, months, ISO weeks, years, ranges, errors) and the
 * numbering of days, ISO weeks and months used for trend series. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "precis.h"

static const struct {
    const char *s;
    int fy, fm, fd, ty, tm, td;
} good[] = {
    {"2022-06-07", 2022, 6, 7, 2022, 6, 7},
    {"2022-06", 2022, 6, 1, 2022, 6, 30},
    {"2024-02", 2024, 2, 1, 2024, 2, 29}, /* leap year */
    {"2023-02", 2023, 2, 1, 2023, 2, 28},
    {"1900-02", 1900, 2, 1, 1900, 2, 28}, /* century, not leap */
    {"2000-02", 2000, 2, 1, 2000, 2, 29}, /* 400th year, leap */
    {"2022", 2022, 1, 1, 2022, 12, 31},
    {"2022-W23", 2022, 6, 6, 2022, 6, 12},
    {"2022-w01", 2022, 1, 3, 2022, 1, 9},   /* 1 Jan 2022 was a Saturday: week 52 of 2021 */
    {"2020-W53", 2020, 12, 28, 2021, 1, 3}, /* 2020 has 53 ISO weeks */
    {"2026-W01", 2025, 12, 29, 2026, 1, 4}, /* week 1 starts in the previous year */
    {"1987-W43", 1987, 10, 19, 1987, 10, 25},
    {"2022-06-01..2022-06-07", 2022, 6, 1, 2022, 6, 7},
    {"2022-05..2022-06", 2022, 5, 1, 2022, 6, 30},
    {"2021..2022-W01", 2021, 1, 1, 2022, 1, 9},
    {"2022-06-07..2022-06-07", 2022, 6, 7, 2022, 6, 7},
};

static const char *const bad[] = {
    "",           "22-06-07",    "2022-6-7",     "2022-13",
    "2022-00",    "2022-02-30",  "2023-02-29",   "2022-W00",
    "2022-W53",   "2022-W5",     "2022-06-07..", "..2022",
    "2022/06/07", "2022-06-07x", "0000",         "2022-06-08..2022-06-07",
    "june",       "2022-",       "2022-06-",     "2022-W",
    " 2022",
};

static void parses_every_form(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        precis_period p;
        const char *why = "unset";
        const precis_status st = precis_period_parse(good[i].s, &p, &why);
        if (st != PRECIS_OK) {
            print_error("%s: %s\n", good[i].s, why);
            fail();
        }
        assert_null(why);
        const int got[6] = {p.from.year, p.from.month, p.from.day, p.to.year, p.to.month, p.to.day};
        const int want[6] = {good[i].fy, good[i].fm, good[i].fd,
                             good[i].ty, good[i].tm, good[i].td};
        if (memcmp(got, want, sizeof got)) {
            print_error("%s: got %d-%d-%d..%d-%d-%d\n", good[i].s, got[0], got[1], got[2], got[3],
                        got[4], got[5]);
            fail();
        }
    }
}

static void rejects_bad_periods_with_a_reason(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        precis_period p = {{1, 1, 1}, {1, 1, 1}};
        const char *why = NULL;
        if (precis_period_parse(bad[i], &p, &why) != PRECIS_EPARSE) {
            print_error("accepted \"%s\"\n", bad[i]);
            fail();
        }
        assert_non_null(why);
        assert_int_equal(p.from.year, 0); /* out-parameter cleared */
    }
    precis_period p;
    const char *why = NULL;
    assert_int_equal(precis_period_parse("2022-06-08..2022-06-07", &p, &why), PRECIS_EPARSE);
    assert_string_equal(why, "the period ends before it starts");
    assert_int_equal(precis_period_parse("2022-02-30", &p, &why), PRECIS_EPARSE);
    assert_string_equal(why, "no such day in that month");
    assert_int_equal(precis_period_parse("2022-W53", &p, NULL), PRECIS_EPARSE);
}

static void contains_is_inclusive(void **state)
{
    (void)state;
    precis_period p;
    assert_int_equal(precis_period_parse("2022-06-01..2022-06-07", &p, NULL), PRECIS_OK);
    const precis_date in1 = {2022, 6, 1}, in2 = {2022, 6, 7}, out1 = {2022, 5, 31},
                      out2 = {2022, 6, 8}, partial = {2022, 6, 0}, undated = {0, 0, 0};
    assert_true(precis_period_contains(&p, &in1));
    assert_true(precis_period_contains(&p, &in2));
    assert_false(precis_period_contains(&p, &out1));
    assert_false(precis_period_contains(&p, &out2));
    assert_false(precis_period_contains(&p, &partial));
    assert_false(precis_period_contains(&p, &undated));
}

static void indices_are_consecutive_and_labelled(void **state)
{
    (void)state;
    char label[16];
    int64_t a, b;
    /* Days: 1970-01-01 is day 0; 28 Feb and 1 Mar of a leap year are two apart. */
    const precis_date epoch = {1970, 1, 1}, feb28 = {2024, 2, 28}, mar1 = {2024, 3, 1};
    assert_int_equal(precis_period_index(&epoch, PRECIS_BY_DAY, &a), PRECIS_OK);
    assert_int_equal(a, 0);
    assert_int_equal(precis_period_index(&feb28, PRECIS_BY_DAY, &a), PRECIS_OK);
    assert_int_equal(precis_period_index(&mar1, PRECIS_BY_DAY, &b), PRECIS_OK);
    assert_int_equal(b - a, 2);
    assert_int_equal(precis_period_of_index(b, PRECIS_BY_DAY, NULL, label, sizeof label),
                     PRECIS_OK);
    assert_string_equal(label, "2024-03-01");
    /* Weeks: Sunday 3 Jan 2021 is in 2020-W53, Monday 4 Jan starts 2021-W01. */
    const precis_date sun = {2021, 1, 3}, mon = {2021, 1, 4};
    assert_int_equal(precis_period_index(&sun, PRECIS_BY_WEEK, &a), PRECIS_OK);
    assert_int_equal(precis_period_index(&mon, PRECIS_BY_WEEK, &b), PRECIS_OK);
    assert_int_equal(b - a, 1);
    precis_period p;
    assert_int_equal(precis_period_of_index(a, PRECIS_BY_WEEK, &p, label, sizeof label), PRECIS_OK);
    assert_string_equal(label, "2020-W53");
    assert_int_equal(p.from.day, 28);
    assert_int_equal(p.to.day, 3);
    assert_int_equal(precis_period_of_index(b, PRECIS_BY_WEEK, NULL, label, sizeof label),
                     PRECIS_OK);
    assert_string_equal(label, "2021-W01");
    /* Every day of 1987-2030 maps to the week whose label parses back to a range holding it. */
    const precis_date first = {1987, 1, 1};
    int64_t d0;
    assert_int_equal(precis_period_index(&first, PRECIS_BY_DAY, &d0), PRECIS_OK);
    for (int64_t d = d0; d < d0 + 44 * 366; d++) {
        precis_period day, week;
        int64_t w;
        assert_int_equal(precis_period_of_index(d, PRECIS_BY_DAY, &day, NULL, 0), PRECIS_OK);
        assert_int_equal(precis_period_index(&day.from, PRECIS_BY_WEEK, &w), PRECIS_OK);
        assert_int_equal(precis_period_of_index(w, PRECIS_BY_WEEK, NULL, label, sizeof label),
                         PRECIS_OK);
        assert_int_equal(precis_period_parse(label, &week, NULL), PRECIS_OK);
        if (!precis_period_contains(&week, &day.from)) {
            print_error("day %lld not in %s\n", (long long)d, label);
            fail();
        }
        int64_t back;
        assert_int_equal(precis_period_index(&day.from, PRECIS_BY_DAY, &back), PRECIS_OK);
        assert_int_equal(back, d);
    }
    /* Months: December is followed by January. */
    const precis_date dec = {1987, 12, 31}, jan = {1988, 1, 1};
    assert_int_equal(precis_period_index(&dec, PRECIS_BY_MONTH, &a), PRECIS_OK);
    assert_int_equal(precis_period_index(&jan, PRECIS_BY_MONTH, &b), PRECIS_OK);
    assert_int_equal(b - a, 1);
    assert_int_equal(precis_period_of_index(b, PRECIS_BY_MONTH, &p, label, sizeof label),
                     PRECIS_OK);
    assert_string_equal(label, "1988-01");
    assert_int_equal(p.to.day, 31);
    /* Partial dates have no index. */
    const precis_date partial = {0, 6, 7};
    assert_int_equal(precis_period_index(&partial, PRECIS_BY_DAY, &a), PRECIS_EINVAL);
}

static void parses_units(void **state)
{
    (void)state;
    precis_period_unit u;
    assert_int_equal(precis_period_unit_parse("week", &u), PRECIS_OK);
    assert_int_equal(u, PRECIS_BY_WEEK);
    assert_int_equal(precis_period_unit_parse("month", &u), PRECIS_OK);
    assert_int_equal(u, PRECIS_BY_MONTH);
    assert_int_equal(precis_period_unit_parse("year", &u), PRECIS_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_every_form),
        cmocka_unit_test(rejects_bad_periods_with_a_reason),
        cmocka_unit_test(contains_is_inclusive),
        cmocka_unit_test(indices_are_consecutive_and_labelled),
        cmocka_unit_test(parses_units),
    };
    return cmocka_run_group_tests_name("period", tests, NULL, NULL);
}
