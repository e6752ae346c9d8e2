/* test_keyness.c - G2, p, BIC, Log Ratio and %DIFF against values computed independently in
 * Python, their symmetries and edge cases, and the Bonferroni/Holm/BH corrections. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "keyness.h"

/* Relative comparison (absolute near zero), so that tiny p-values are checked too. */
static void assert_close(double got, double want, double rel)
{
    const double scale = fmax(fabs(want), 1e-300);
    if (!(fabs(got - want) <= rel * scale)) {
        print_error("got %.17g, want %.17g\n", got, want);
        fail();
    }
}

/* Produced with python3 (math module only, no GSL) for each table (a, b, c, d):
 *   n=c+d; E=[c*(a+b)/n, d*(a+b)/n, c*(n-a-b)/n, d*(n-a-b)/n]; O=[a,b,c-a,d-b]
 *   g=2*sum(o*math.log(o/e) for o,e in zip(O,E) if o>0); p=math.erfc(math.sqrt(g/2))
 *   A=a or 0.5; B=b or 0.5; bic=g-math.log(n); lr=math.log2((A/c)/(B/d))
 *   pd=((a/c)-(B/d))/(B/d)*100
 * erfc(sqrt(x/2)) is the chi-square(1) survival function, computed without GSL. */
static const struct {
    uint64_t a, b, c, d;
    double g2, p, bic, log_ratio, pct_diff;
} tables[] = {
    {10, 2, 1000, 2000, 12.834908741763087, 0.00034021205211356639, 4.828541174112841,
     3.3219280948873622, 900},
    {120, 80, 50000, 100000, 59.422162260064638, 1.2722816143126809e-14, 47.503771686986248,
     1.5849625007211561, 199.99999999999997},
    {0, 50, 20000, 30000, 51.115925369847012, 8.7069034943589897e-13, 40.296147085436729,
     -6.0588936890535683, -100},
    {30, 0, 10000, 15000, 55.031519639046564, 1.1861234094633596e-13, 44.904888535196228,
     6.4918530963296748, 8900},
    {5, 500, 1000000, 2000000, 360.38971728762851, 2.315923810575584e-80, 345.47559444099613,
     -5.6438561897747244, -98},
    {1234, 567, 987654, 1234567, 424.55717006011207, 2.4862047181438526e-94, 409.94315235593018,
     1.4438492648027517, 172.04574520058145},
    /* Small corpora, where the "other words" row changes G2 noticeably (the 2-cell shortcut
     * gives 0.2477...), and a difference that is not significant. */
    {7, 3, 150, 90, 0.2581630702946851, 0.61138496787419216, -5.2224758530473059,
     0.48542682717024188, 40.000000000000007},
};

static void matches_independent_values(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        const precis_keyness_counts k = {tables[i].a, tables[i].b, tables[i].c, tables[i].d};
        precis_keyness r;
        assert_int_equal(precis_keyness_compute(&k, &r), PRECIS_OK);
        assert_close(r.g2, tables[i].g2, 1e-9);
        assert_close(r.p, tables[i].p, 1e-9);
        assert_close(r.bic, tables[i].bic, 1e-9);
        assert_close(r.log_ratio, tables[i].log_ratio, 1e-9);
        assert_close(r.pct_diff, tables[i].pct_diff, 1e-9);
        assert_close(r.per_million_a, (double)k.a / (double)k.c * 1e6, 1e-12);
        assert_close(r.per_million_b, (double)k.b / (double)k.d * 1e6, 1e-12);
        assert_int_equal(r.direction,
                         tables[i].log_ratio > 0 ? PRECIS_KEYNESS_UP : PRECIS_KEYNESS_DOWN);
    }
}

/* Swapping the corpora keeps G2 and p, negates the Log Ratio and flips the direction. */
static void swap_symmetry(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        const precis_keyness_counts k = {tables[i].a, tables[i].b, tables[i].c, tables[i].d};
        const precis_keyness_counts s = {tables[i].b, tables[i].a, tables[i].d, tables[i].c};
        precis_keyness x, y;
        assert_int_equal(precis_keyness_compute(&k, &x), PRECIS_OK);
        assert_int_equal(precis_keyness_compute(&s, &y), PRECIS_OK);
        assert_close(y.g2, x.g2, 1e-12);
        assert_close(y.p, x.p, 1e-9);
        assert_close(y.log_ratio, -x.log_ratio, 1e-12);
        assert_int_equal(y.direction, -x.direction);
    }
}

static void equal_rates_are_not_key(void **state)
{
    (void)state;
    /* 3/1000 == 6/2000 exactly: no evidence at all. */
    const precis_keyness_counts k = {3, 6, 1000, 2000};
    precis_keyness r;
    assert_int_equal(precis_keyness_compute(&k, &r), PRECIS_OK);
    assert_true(r.g2 >= 0.0 && r.g2 < 1e-12);
    assert_close(r.p, 1.0, 1e-9);
    assert_int_equal(r.direction, PRECIS_KEYNESS_EQUAL);
    assert_true(fabs(r.log_ratio) < 1e-12);
    assert_true(fabs(r.pct_diff) < 1e-9);
    assert_close(r.bic, -log(3000.0), 1e-9);

    /* A term in neither corpus: everything neutral and finite. */
    const precis_keyness_counts z = {0, 0, 1000, 2000};
    assert_int_equal(precis_keyness_compute(&z, &r), PRECIS_OK);
    assert_true(r.g2 == 0.0 && r.p == 1.0 && r.log_ratio == 0.0 && r.pct_diff == 0.0);
    assert_int_equal(r.direction, PRECIS_KEYNESS_EQUAL);

    /* Every word of A is the term (the "other words" cell of A is 0). */
    const precis_keyness_counts all = {50, 10, 50, 1000};
    assert_int_equal(precis_keyness_compute(&all, &r), PRECIS_OK);
    assert_true(isfinite(r.g2) && r.g2 > 0.0 && isfinite(r.p));
}

static void more_evidence_means_larger_g2(void **state)
{
    (void)state;
    precis_keyness small, big;
    const precis_keyness_counts k1 = {20, 10, 100, 100}, k2 = {200, 100, 1000, 1000};
    assert_int_equal(precis_keyness_compute(&k1, &small), PRECIS_OK);
    assert_int_equal(precis_keyness_compute(&k2, &big), PRECIS_OK);
    /* Same proportions, ten times the data: G2 scales by exactly 10, effect sizes stay. */
    assert_close(big.g2, 10.0 * small.g2, 1e-9);
    assert_true(big.p < small.p);
    assert_close(big.log_ratio, small.log_ratio, 1e-12);
    assert_close(big.pct_diff, small.pct_diff, 1e-12);
}

static void rejects_impossible_tables(void **state)
{
    (void)state;
    precis_keyness r;
    const precis_keyness_counts bad[] = {
        {1, 1, 0, 10}, {1, 1, 10, 0}, {11, 1, 10, 10}, {1, 11, 10, 10}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        memset(&r, 0x5a, sizeof r);
        assert_int_equal(precis_keyness_compute(&bad[i], &r), PRECIS_EINVAL);
        assert_true(r.g2 == 0.0 && r.p == 0.0);
    }
    assert_int_equal(precis_keyness_compute(NULL, &r), PRECIS_EINVAL);
}

/* Counts far beyond any corpus: p underflows to 0 without a GSL error (the default GSL handler
 * would abort, and tests do not switch it off), and nothing is NaN or infinite. */
static void huge_counts_stay_finite(void **state)
{
    (void)state;
    const precis_keyness_counts k = {4000000000u, 1, 4000000000u, 4000000000u};
    precis_keyness r;
    assert_int_equal(precis_keyness_compute(&k, &r), PRECIS_OK);
    assert_true(isfinite(r.g2) && r.g2 > 1e9);
    assert_true(r.p >= 0.0 && r.p < 1e-300);
    assert_true(isfinite(r.log_ratio) && isfinite(r.pct_diff) && isfinite(r.bic));
    assert_int_equal(r.direction, PRECIS_KEYNESS_UP);
}

/* Benjamini & Hochberg 1995, section 4: 15 p-values from a clinical trial. */
static const double bh95[15] = {0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344,
                                0.0459, 0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.000};

static size_t count_below(const double *v, size_t m, double alpha)
{
    size_t n = 0;
    for (size_t i = 0; i < m; i++)
        n += v[i] <= alpha;
    return n;
}

static void bh_paper_example(void **state)
{
    (void)state;
    double adj[15];
    /* The paper: BH at q = 0.05 rejects 4 hypotheses, Bonferroni-type procedures 3. */
    assert_int_equal(precis_keyness_adjust(bh95, 15, PRECIS_CORRECT_BH, adj), PRECIS_OK);
    assert_int_equal(count_below(adj, 15, 0.05), 4);
    /* Produced with python3 from the definition, adj_i = min over rank_j >= rank_i of
     * min(1, m p_j / rank_j), written out in O(m^2) rather than as the running minimum in C. */
    static const double want_bh[15] = {0.0015,
                                       0.0030000000000000001,
                                       0.0094999999999999998,
                                       0.035624999999999997,
                                       0.060299999999999999,
                                       0.063857142857142862,
                                       0.063857142857142862,
                                       0.064500000000000002,
                                       0.076499999999999999,
                                       0.48600000000000004,
                                       0.58118181818181824,
                                       0.71487500000000004,
                                       0.75323076923076937,
                                       0.81321428571428567,
                                       1};
    for (size_t i = 0; i < 15; i++)
        assert_close(adj[i], want_bh[i], 1e-12);

    assert_int_equal(precis_keyness_adjust(bh95, 15, PRECIS_CORRECT_HOLM, adj), PRECIS_OK);
    assert_int_equal(count_below(adj, 15, 0.05), 3);
    /* Likewise adj_i = max over rank_j <= rank_i of min(1, (m - rank_j + 1) p_j), ranks by
     * (p, index). */
    static const double want_holm[15] = {0.0015,
                                         0.0055999999999999999,
                                         0.0247,
                                         0.11399999999999999,
                                         0.22109999999999999,
                                         0.27799999999999997,
                                         0.27799999999999997,
                                         0.27799999999999997,
                                         0.32130000000000003,
                                         1,
                                         1,
                                         1,
                                         1,
                                         1,
                                         1};
    for (size_t i = 0; i < 15; i++)
        assert_close(adj[i], want_holm[i], 1e-12);

    assert_int_equal(precis_keyness_adjust(bh95, 15, PRECIS_CORRECT_BONFERRONI, adj), PRECIS_OK);
    assert_int_equal(count_below(adj, 15, 0.05), 3);
    for (size_t i = 0; i < 15; i++)
        assert_close(adj[i], fmin(1.0, bh95[i] * 15), 1e-12);
}

/* Unsorted input with ties: results stay in input order and ties get equal values. */
static void ties_and_order(void **state)
{
    (void)state;
    const double p[6] = {0.04, 0.01, 0.04, 0.03, 0.5, 0.01};
    /* The same python3 definitions applied to this list. */
    const double want_bh[6] = {0.048, 0.03, 0.048, 0.048, 0.5, 0.03};
    const double want_holm[6] = {0.12, 0.06, 0.12, 0.12, 0.5, 0.06};
    double adj[6];
    assert_int_equal(precis_keyness_adjust(p, 6, PRECIS_CORRECT_BH, adj), PRECIS_OK);
    for (size_t i = 0; i < 6; i++)
        assert_close(adj[i], want_bh[i], 1e-12);
    assert_int_equal(precis_keyness_adjust(p, 6, PRECIS_CORRECT_HOLM, adj), PRECIS_OK);
    for (size_t i = 0; i < 6; i++)
        assert_close(adj[i], want_holm[i], 1e-12);

    /* Reversed input gives the reversed output. */
    double rev[6], radj[6];
    for (size_t i = 0; i < 6; i++)
        rev[i] = p[5 - i];
    assert_int_equal(precis_keyness_adjust(rev, 6, PRECIS_CORRECT_HOLM, radj), PRECIS_OK);
    for (size_t i = 0; i < 6; i++)
        assert_true(radj[i] == adj[5 - i]);

    /* In place. */
    double inplace[6];
    memcpy(inplace, p, sizeof p);
    assert_int_equal(precis_keyness_adjust(inplace, 6, PRECIS_CORRECT_BH, inplace), PRECIS_OK);
    for (size_t i = 0; i < 6; i++)
        assert_close(inplace[i], want_bh[i], 1e-12);
}

/* Adjusted p-values are never below the raw ones, never above 1, and keep the raw order. */
static void adjusted_properties(void **state)
{
    (void)state;
    double p[200], adj[200];
    uint64_t x = 88172645463325252u; /* xorshift64: a fixed pseudo-random sequence */
    for (size_t i = 0; i < 200; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        p[i] = (double)(x % 100000) / 100000.0;
        p[i] = p[i] * p[i] * p[i]; /* many small values, as in a keyword list */
    }
    const precis_keyness_correction methods[] = {PRECIS_CORRECT_BONFERRONI, PRECIS_CORRECT_HOLM,
                                                 PRECIS_CORRECT_BH};
    for (size_t k = 0; k < 3; k++) {
        assert_int_equal(precis_keyness_adjust(p, 200, methods[k], adj), PRECIS_OK);
        for (size_t i = 0; i < 200; i++) {
            assert_true(adj[i] >= p[i] && adj[i] <= 1.0);
            for (size_t j = 0; j < 200; j++)
                if (p[i] < p[j])
                    assert_true(adj[i] <= adj[j]);
        }
    }
    /* BH is never more conservative than Holm, Holm never more than Bonferroni. */
    double bh[200], holm[200], bonf[200];
    precis_keyness_adjust(p, 200, PRECIS_CORRECT_BH, bh);
    precis_keyness_adjust(p, 200, PRECIS_CORRECT_HOLM, holm);
    precis_keyness_adjust(p, 200, PRECIS_CORRECT_BONFERRONI, bonf);
    for (size_t i = 0; i < 200; i++)
        assert_true(bh[i] <= holm[i] && holm[i] <= bonf[i]);
}

static void adjust_rejects_bad_input(void **state)
{
    (void)state;
    const double bad[3] = {0.1, NAN, 0.2};
    const double neg[2] = {0.1, -0.01};
    double adj[3] = {7, 7, 7};
    assert_int_equal(precis_keyness_adjust(bad, 3, PRECIS_CORRECT_BH, adj), PRECIS_EINVAL);
    assert_true(adj[0] == 7 && adj[1] == 7 && adj[2] == 7);
    assert_int_equal(precis_keyness_adjust(neg, 2, PRECIS_CORRECT_HOLM, adj), PRECIS_EINVAL);
    assert_int_equal(precis_keyness_adjust(bh95, 15, (precis_keyness_correction)42, adj),
                     PRECIS_EINVAL);
    assert_int_equal(precis_keyness_adjust(NULL, 0, PRECIS_CORRECT_BH, NULL), PRECIS_OK);
}

static void parse_names(void **state)
{
    (void)state;
    precis_keyness_correction c = PRECIS_CORRECT_NONE;
    assert_int_equal(precis_keyness_correction_parse("holm", &c), PRECIS_OK);
    assert_int_equal(c, PRECIS_CORRECT_HOLM);
    assert_int_equal(precis_keyness_correction_parse("fdr", &c), PRECIS_OK);
    assert_int_equal(c, PRECIS_CORRECT_BH);
    assert_int_equal(precis_keyness_correction_parse("bonferroni", &c), PRECIS_OK);
    assert_int_equal(c, PRECIS_CORRECT_BONFERRONI);
    assert_int_equal(precis_keyness_correction_parse("none", &c), PRECIS_OK);
    assert_int_equal(c, PRECIS_CORRECT_NONE);
    assert_int_equal(precis_keyness_correction_parse("Holm!", &c), PRECIS_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(matches_independent_values),
        cmocka_unit_test(swap_symmetry),
        cmocka_unit_test(equal_rates_are_not_key),
        cmocka_unit_test(more_evidence_means_larger_g2),
        cmocka_unit_test(rejects_impossible_tables),
        cmocka_unit_test(huge_counts_stay_finite),
        cmocka_unit_test(bh_paper_example),
        cmocka_unit_test(ties_and_order),
        cmocka_unit_test(adjusted_properties),
        cmocka_unit_test(adjust_rejects_bad_input),
        cmocka_unit_test(parse_names),
    };
    return cmocka_run_group_tests_name("keyness", tests, NULL, NULL);
}
