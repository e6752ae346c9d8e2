/* test_timeseries.c - moving average edges, Mann-Kendall against values worked out in Python
 * (with ties), Theil-Sen on a line with outliers, and Kleinberg bursts against an exhaustive
 * search over every state sequence. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "timeseries.h"

static void assert_close(double got, double want, double rel)
{
    const double scale = fmax(fabs(want), 1e-300);
    if (!(fabs(got - want) <= rel * scale)) {
        print_error("got %.17g, want %.17g\n", got, want);
        fail();
    }
}

static void moving_average_edges(void **state)
{
    (void)state;
    const double x[5] = {1, 2, 3, 4, 10};
    double out[5];
    /* Width 3: the ends average the two values that exist. */
    const double w3[5] = {1.5, 2, 3, 17.0 / 3.0, 7};
    assert_int_equal(precis_timeseries_moving_average(x, 5, 3, out), PRECIS_OK);
    for (size_t i = 0; i < 5; i++)
        assert_close(out[i], w3[i], 1e-15);
    const double w5[5] = {2, 2.5, 4, 19.0 / 4.0, 17.0 / 3.0};
    assert_int_equal(precis_timeseries_moving_average(x, 5, 5, out), PRECIS_OK);
    for (size_t i = 0; i < 5; i++)
        assert_close(out[i], w5[i], 1e-15);
    assert_int_equal(precis_timeseries_moving_average(x, 5, 1, out), PRECIS_OK);
    assert_memory_equal(out, x, sizeof x);
    /* Wider than the series: every window holds everything. */
    assert_int_equal(precis_timeseries_moving_average(x, 5, 101, out), PRECIS_OK);
    for (size_t i = 0; i < 5; i++)
        assert_close(out[i], 4.0, 1e-15);

    out[0] = 42;
    assert_int_equal(precis_timeseries_moving_average(x, 5, 4, out), PRECIS_EINVAL);
    assert_int_equal(precis_timeseries_moving_average(x, 5, 0, out), PRECIS_EINVAL);
    assert_true(out[0] == 42);
    assert_int_equal(precis_timeseries_moving_average(NULL, 0, 3, NULL), PRECIS_OK);
}

/* Produced with python3 (math, collections.Counter; no library implementation): for x,
 *   s=sum((x[j]>x[i])-(x[j]<x[i]) for i<j)
 *   v=(n*(n-1)*(2*n+5)-sum(t*(t-1)*(2*t+5) for t in Counter(x).values()))/18
 *   z=(s-1)/sqrt(v) if s>0 else (s+1)/sqrt(v) if s<0 else 0; p=math.erfc(abs(z)/sqrt(2))
 *   tau=s/n0, tau_b=s/sqrt(n0*(n0-n1)), n0=n(n-1)/2, n1=sum t(t-1)/2 over tie groups. */
static const double mk_x0[] = {1, 2, 3, 4, 5};
static const double mk_x1[] = {1, 2, 2, 3, 3, 3, 5};
static const double mk_x2[] = {9, 7, 8, 6, 6, 4, 5, 3, 3, 1, 2, 0};
static const double mk_x3[] = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5};
static const struct {
    const double *x;
    size_t n;
    int64_t s;
    double var, z, p, tau, tau_b;
} mk_cases[] = {
    /* Strictly increasing n = 5: S = 10, Var = 5*4*15/18 = 50/3, z = 9/sqrt(50/3). */
    {mk_x0, 5, 10, 16.666666666666668, 2.2045407685048604, 0.027486336111510353, 1, 1},
    {mk_x1, 7, 17, 39.666666666666664, 2.5404293953198231, 0.011071644553191887,
     0.80952380952380953, 0.89973541084243736},
    {mk_x2, 12, -58, 210.66666666666666, -3.9271450640930468, 8.5960139701784534e-05,
     -0.87878787878787878, -0.8924133096001623},
    {mk_x3, 11, 16, 159.33333333333334, 1.188332399294654, 0.23470247795516069, 0.29090909090909089,
     0.30510802855858954},
};

static void mann_kendall_values(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof mk_cases / sizeof mk_cases[0]; i++) {
        precis_mann_kendall mk;
        assert_int_equal(precis_timeseries_mann_kendall(mk_cases[i].x, mk_cases[i].n, &mk),
                         PRECIS_OK);
        assert_int_equal(mk.s, mk_cases[i].s);
        assert_close(mk.var_s, mk_cases[i].var, 1e-12);
        assert_close(mk.z, mk_cases[i].z, 1e-12);
        assert_close(mk.p, mk_cases[i].p, 1e-9);
        assert_close(mk.tau, mk_cases[i].tau, 1e-12);
        assert_close(mk.tau_b, mk_cases[i].tau_b, 1e-12);
    }
}

static void mann_kendall_edges(void **state)
{
    (void)state;
    precis_mann_kendall mk;
    const double flat[6] = {2, 2, 2, 2, 2, 2};
    assert_int_equal(precis_timeseries_mann_kendall(flat, 6, &mk), PRECIS_OK);
    assert_true(mk.s == 0 && mk.var_s == 0.0 && mk.z == 0.0 && mk.p == 1.0);
    assert_true(mk.tau == 0.0 && mk.tau_b == 0.0);

    const double two[2] = {1, 5};
    assert_int_equal(precis_timeseries_mann_kendall(two, 2, &mk), PRECIS_OK);
    assert_true(mk.s == 1 && mk.z == 0.0 && mk.p == 1.0);
    assert_int_equal(precis_timeseries_mann_kendall(NULL, 0, &mk), PRECIS_OK);
    assert_true(mk.p == 1.0);

    const double bad[3] = {1, NAN, 3};
    assert_int_equal(precis_timeseries_mann_kendall(bad, 3, &mk), PRECIS_EINVAL);
    assert_true(mk.s == 0 && mk.p == 1.0);

    /* A long monotone series: p underflows towards 0 without a GSL error. */
    static double up[3000];
    for (size_t i = 0; i < 3000; i++)
        up[i] = (double)i;
    assert_int_equal(precis_timeseries_mann_kendall(up, 3000, &mk), PRECIS_OK);
    assert_true(mk.s == 3000 * 2999 / 2 && mk.tau == 1.0);
    assert_true(mk.z > 80.0 && mk.p >= 0.0 && mk.p < 1e-300);

    /* Reversing the series negates S and z, keeps p. */
    double rev[12];
    for (size_t i = 0; i < 12; i++)
        rev[i] = mk_x2[11 - i];
    precis_mann_kendall a, b;
    assert_int_equal(precis_timeseries_mann_kendall(mk_x2, 12, &a), PRECIS_OK);
    assert_int_equal(precis_timeseries_mann_kendall(rev, 12, &b), PRECIS_OK);
    assert_true(a.s == -b.s && a.z == -b.z && a.p == b.p);
}

static void theil_sen_ignores_outliers(void **state)
{
    (void)state;
    double x[20];
    for (size_t i = 0; i < 20; i++)
        x[i] = 3.0 + 2.0 * (double)i;
    x[4] = 500.0; /* 3 outliers of 20, well below the 29% breakdown point */
    x[11] = -300.0;
    x[19] = 1e4;
    double slope = -1, icpt = -1;
    assert_int_equal(precis_timeseries_theil_sen(NULL, x, 20, &slope, &icpt), PRECIS_OK);
    assert_true(slope == 2.0);
    assert_true(icpt == 3.0);

    /* Least squares is pulled far off by the same points: the test can tell them apart. */
    double st = 0, sx = 0, stt = 0, stx = 0;
    for (size_t i = 0; i < 20; i++) {
        st += (double)i, sx += x[i], stt += (double)i * (double)i, stx += (double)i * x[i];
    }
    const double ols = (20 * stx - st * sx) / (20 * stt - st * st);
    assert_true(fabs(ols - 2.0) > 10.0);
}

static void theil_sen_uneven_times(void **state)
{
    (void)state;
    /* Repeated times are skipped. Produced with python3 from the definition:
     *   sl=median([(x[j]-x[i])/(t[j]-t[i]) for i<j if t[i]!=t[j]])
     *   ic=median([x[i]-sl*t[i] for i in range(n)]) */
    const double t[10] = {0, 1, 1, 2.5, 4, 4, 5, 7, 8, 10};
    const double x[10] = {1.0, 2.5, 1.5, 4, 6, 5, 5.5, 9, 8.5, 13};
    double slope, icpt;
    assert_int_equal(precis_timeseries_theil_sen(t, x, 10, &slope, &icpt), PRECIS_OK);
    assert_close(slope, 1.1111111111111112, 1e-12);
    assert_close(icpt, 1.1111111111111107, 1e-12);

    const double same[3] = {2, 2, 2};
    slope = 7;
    assert_int_equal(precis_timeseries_theil_sen(same, x, 3, &slope, NULL), PRECIS_EINVAL);
    assert_true(slope == 0.0);
    assert_int_equal(precis_timeseries_theil_sen(NULL, x, 1, &slope, NULL), PRECIS_EINVAL);
    const double bad[3] = {1, INFINITY, 2};
    assert_int_equal(precis_timeseries_theil_sen(NULL, bad, 3, &slope, NULL), PRECIS_EINVAL);
}

static void bursts_planted(void **state)
{
    (void)state;
    uint64_t r[30], d[30];
    for (size_t t = 0; t < 30; t++) {
        d[t] = 100 + (t * 7) % 11; /* totals vary a little */
        r[t] = 4 + (t * 5) % 3;    /* 4..6 relevant: the background */
    }
    for (size_t t = 12; t < 18; t++)
        r[t] = 30;
    precis_burst *b = NULL;
    size_t n = 99;
    unsigned lv[30];
    assert_int_equal(precis_timeseries_bursts(r, d, 30, NULL, &b, &n, lv), PRECIS_OK);
    assert_int_equal(n, 1);
    assert_non_null(b);
    assert_int_equal(b[0].start, 12);
    assert_int_equal(b[0].end, 18);
    assert_int_equal(b[0].level, 1);
    assert_true(b[0].weight > 0.0);
    for (size_t t = 0; t < 30; t++)
        assert_int_equal(lv[t], t >= 12 && t < 18 ? 1u : 0u);
    free(b);

    /* A higher gamma makes bursts dearer: a single-period blip disappears. */
    for (size_t t = 12; t < 18; t++)
        r[t] = 4;
    r[20] = 14;
    assert_int_equal(precis_timeseries_bursts(r, d, 30, NULL, &b, &n, NULL), PRECIS_OK);
    assert_int_equal(n, 1);
    assert_true(b[0].start == 20 && b[0].end == 21);
    free(b);
    const precis_burst_options strict = {2.0, 3.0, 2};
    assert_int_equal(precis_timeseries_bursts(r, d, 30, &strict, &b, &n, NULL), PRECIS_OK);
    assert_int_equal(n, 0);
    assert_null(b);
}

static void bursts_flat_series(void **state)
{
    (void)state;
    uint64_t r[40], d[40];
    for (size_t t = 0; t < 40; t++) {
        d[t] = 200;
        r[t] = 10 + (t * 3) % 5; /* 10..14 of 200, no structure */
    }
    precis_burst *b = NULL;
    size_t n = 99;
    const precis_burst_options three = {2.0, 1.0, 3};
    assert_int_equal(precis_timeseries_bursts(r, d, 40, &three, &b, &n, NULL), PRECIS_OK);
    assert_int_equal(n, 0);
    assert_null(b);

    for (size_t t = 0; t < 40; t++)
        r[t] = 0;
    assert_int_equal(precis_timeseries_bursts(r, d, 40, NULL, &b, &n, NULL), PRECIS_OK);
    assert_int_equal(n, 0);
    assert_int_equal(precis_timeseries_bursts(r, d, 0, NULL, &b, &n, NULL), PRECIS_OK);
    assert_int_equal(n, 0);
}

/* The optimum checked against an exhaustive search over all 2^8 and 3^9 state sequences in
 * python3 (math.lgamma for ln C; p_i = min(p0 s^i, 0.999999); up-moves cost
 * (j-i) gamma ln n; start in state 0), so the Viterbi recursion is not trusted blindly. */
static void bursts_match_exhaustive_search(void **state)
{
    (void)state;
    const uint64_t r2[8] = {2, 1, 3, 9, 8, 2, 1, 2}, d2[8] = {20, 18, 22, 21, 19, 20, 20, 21};
    precis_burst *b = NULL;
    size_t n = 0;
    unsigned lv[9];
    assert_int_equal(precis_timeseries_bursts(r2, d2, 8, NULL, &b, &n, lv), PRECIS_OK);
    const unsigned want2[8] = {0, 0, 0, 1, 1, 0, 0, 0};
    for (size_t t = 0; t < 8; t++)
        assert_int_equal(lv[t], want2[t]);
    assert_int_equal(n, 1);
    assert_true(b[0].start == 3 && b[0].end == 5 && b[0].level == 1);
    assert_close(b[0].weight, 6.3465601740417732, 1e-9);
    free(b);

    /* Three states with s = 2, gamma = 0.5: a level-2 burst nested in a level-1 one. */
    const uint64_t r3[9] = {1, 2, 1, 8, 24, 26, 9, 1, 2};
    const uint64_t d3[9] = {40, 42, 38, 41, 40, 39, 40, 41, 40};
    const precis_burst_options o3 = {2.0, 0.5, 3};
    assert_int_equal(precis_timeseries_bursts(r3, d3, 9, &o3, &b, &n, lv), PRECIS_OK);
    const unsigned want3[9] = {0, 0, 0, 0, 1, 2, 0, 0, 0};
    for (size_t t = 0; t < 9; t++)
        assert_int_equal(lv[t], want3[t]);
    assert_int_equal(n, 2);
    assert_true(b[0].start == 4 && b[0].end == 6 && b[0].level == 1);
    assert_close(b[0].weight, 26.009847576541567, 1e-9);
    assert_true(b[1].start == 5 && b[1].end == 6 && b[1].level == 2);
    assert_close(b[1].weight, 2.5920630489793313, 1e-9);
    free(b);
}

static void bursts_reject_bad_input(void **state)
{
    (void)state;
    const uint64_t r[3] = {1, 5, 1}, d[3] = {10, 4, 10};
    static precis_burst dummy;
    precis_burst *b = &dummy; /* must be reset to NULL */
    size_t n = 99;
    assert_int_equal(precis_timeseries_bursts(r, d, 3, NULL, &b, &n, NULL), PRECIS_EINVAL);
    assert_null(b);
    assert_int_equal(n, 0);
    const uint64_t d_ok[3] = {10, 10, 10};
    const precis_burst_options bad[] = {
        {1.0, 1.0, 2}, {2.0, -1.0, 2}, {2.0, 1.0, 1}, {2.0, 1.0, 65}, {NAN, 1.0, 2}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(precis_timeseries_bursts(r, d_ok, 3, &bad[i], &b, &n, NULL),
                         PRECIS_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(moving_average_edges),    cmocka_unit_test(mann_kendall_values),
        cmocka_unit_test(mann_kendall_edges),      cmocka_unit_test(theil_sen_ignores_outliers),
        cmocka_unit_test(theil_sen_uneven_times),  cmocka_unit_test(bursts_planted),
        cmocka_unit_test(bursts_flat_series),      cmocka_unit_test(bursts_match_exhaustive_search),
        cmocka_unit_test(bursts_reject_bad_input),
    };
    return cmocka_run_group_tests_name("timeseries", tests, NULL, NULL);
}
