/* keyness.c - keyness statistics for one term in two corpora (G2, BIC, Log Ratio, %DIFF) and
 * multiple-testing corrections; formulas and their sources are given in keyness.h. */
#include "keyness.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

/* Hardie 2014 suggests replacing a zero frequency by 0.5 for the Log Ratio so that a term
 * absent from one corpus gets a large but finite value; %DIFF uses the same substitute. */
#define ZERO_SUBSTITUTE 0.5

/* One cell of G2: O ln(O/E), with 0 ln 0 taken as 0 (the limit). */
static double g2_cell(double o, double e)
{
    if (o <= 0.0 || e <= 0.0)
        return 0.0;
    return o * log(o / e);
}

precis_status precis_keyness_compute(const precis_keyness_counts *k, precis_keyness *out)
{
    if (out == NULL)
        return PRECIS_EINVAL;
    memset(out, 0, sizeof *out);
    if (k == NULL || k->c == 0 || k->d == 0 || k->a > k->c || k->b > k->d)
        return PRECIS_EINVAL;

    const double a = (double)k->a, b = (double)k->b, c = (double)k->c, d = (double)k->d;
    const double n = c + d;
    const double term = a + b, other = (c - a) + (d - b);

    /* Expected counts under "same relative frequency in both corpora" for the term row and
     * for the "all other words" row; including the second row is what distinguishes the
     * full 4-cell G2 of Rayson & Garside 2000 from the 2-cell shortcut. */
    const double e1 = c * term / n, e2 = d * term / n;
    const double e3 = c * other / n, e4 = d * other / n;
    double g2 = 2.0 * (g2_cell(a, e1) + g2_cell(b, e2) + g2_cell(c - a, e3) + g2_cell(d - b, e4));
    /* Rounding can leave a hair below zero when the frequencies are (nearly) equal. */
    if (!(g2 > 0.0))
        g2 = 0.0;
    if (!isfinite(g2))
        goto fail;
    out->g2 = g2;
    out->p = g2 > 0.0 ? gsl_cdf_chisq_Q(g2, 1.0) : 1.0;
    if (!isfinite(out->p))
        goto fail;
    out->bic = g2 - log(n);

    /* Exact comparison of a/c with b/d: the products are exact in long double (64-bit
     * mantissa on x86) while counts stay below 2^32, and close enough beyond. */
    const long double lhs = (long double)k->a * (long double)k->d;
    const long double rhs = (long double)k->b * (long double)k->c;
    out->direction = lhs > rhs   ? PRECIS_KEYNESS_UP
                     : lhs < rhs ? PRECIS_KEYNESS_DOWN
                                 : PRECIS_KEYNESS_EQUAL;

    out->per_million_a = a / c * 1e6;
    out->per_million_b = b / d * 1e6;

    if (k->a == 0 && k->b == 0) {
        out->log_ratio = 0.0;
        out->pct_diff = 0.0;
    } else {
        const double fa = (k->a ? a : ZERO_SUBSTITUTE) / c;
        const double fb = (k->b ? b : ZERO_SUBSTITUTE) / d;
        out->log_ratio = log2(fa / fb);
        /* %DIFF keeps the true a: a term missing from A is simply 100% less frequent. */
        out->pct_diff = (a / c - fb) / fb * 100.0;
    }
    if (!isfinite(out->bic) || !isfinite(out->log_ratio) || !isfinite(out->pct_diff))
        goto fail;
    return PRECIS_OK;

fail:
    /* Only reachable with absurd counts (beyond 2^1000); report rather than emit NaN. */
    memset(out, 0, sizeof *out);
    return PRECIS_EINVAL;
}

typedef struct ranked {
    double p;
    size_t index;
} ranked;

/* Ascending p, ties by original position, so the sort is total and the result deterministic
 * whatever qsort's algorithm. */
static int ranked_cmp(const void *x, const void *y)
{
    const ranked *u = x, *v = y;
    if (u->p < v->p)
        return -1;
    if (u->p > v->p)
        return 1;
    return (u->index > v->index) - (u->index < v->index);
}

precis_status precis_keyness_adjust(const double *p, size_t m, precis_keyness_correction method,
                                    double *adj)
{
    ranked *r = NULL;
    precis_status st = PRECIS_OK;

    if (method != PRECIS_CORRECT_NONE && method != PRECIS_CORRECT_BONFERRONI &&
        method != PRECIS_CORRECT_HOLM && method != PRECIS_CORRECT_BH)
        return PRECIS_EINVAL;
    if (m == 0)
        return PRECIS_OK;
    if (p == NULL || adj == NULL)
        return PRECIS_EINVAL;
    for (size_t i = 0; i < m; i++)
        if (!(p[i] >= 0.0 && p[i] <= 1.0)) /* also catches NaN */
            return PRECIS_EINVAL;

    const double md = (double)m;
    if (method == PRECIS_CORRECT_NONE || method == PRECIS_CORRECT_BONFERRONI) {
        for (size_t i = 0; i < m; i++)
            adj[i] = method == PRECIS_CORRECT_NONE ? p[i] : fmin(1.0, p[i] * md);
        return PRECIS_OK;
    }

    if (m > SIZE_MAX / sizeof *r) {
        st = PRECIS_ENOMEM;
        goto fail;
    }
    r = malloc(m * sizeof *r);
    if (r == NULL) {
        st = PRECIS_ENOMEM;
        goto fail;
    }
    /* Copied before anything is written, which is what lets adj alias p. */
    for (size_t i = 0; i < m; i++) {
        r[i].p = p[i];
        r[i].index = i;
    }
    sort_array(r, m, sizeof *r, ranked_cmp);

    if (method == PRECIS_CORRECT_HOLM) {
        /* Rank j (1-based) is multiplied by m - j + 1; the running maximum keeps adjusted
         * values in the order of the raw ones (Holm's procedure stops at the first failure,
         * so no later hypothesis can look more significant than an earlier one). */
        double run = 0.0;
        for (size_t j = 0; j < m; j++) {
            const double v = fmin(1.0, (md - (double)j) * r[j].p);
            run = fmax(run, v);
            r[j].p = run;
        }
    } else {
        /* Benjamini-Hochberg: rank j gets p * m / j, then the running minimum from the
         * largest p downwards (the step-up rule rejects everything below the largest j
         * with p_(j) <= j q / m). */
        double run = 1.0;
        for (size_t j = m; j-- > 0;) {
            const double v = fmin(1.0, r[j].p * md / (double)(j + 1));
            run = fmin(run, v);
            r[j].p = run;
        }
    }
    for (size_t j = 0; j < m; j++)
        adj[r[j].index] = r[j].p;

fail:
    free(r);
    return st;
}

precis_status precis_keyness_correction_parse(const char *name, precis_keyness_correction *out)
{
    static const struct {
        const char *name;
        precis_keyness_correction method;
    } names[] = {
        {"bh", PRECIS_CORRECT_BH},     {"bonferroni", PRECIS_CORRECT_BONFERRONI},
        {"fdr", PRECIS_CORRECT_BH},    {"holm", PRECIS_CORRECT_HOLM},
        {"none", PRECIS_CORRECT_NONE},
    };
    if (name == NULL || out == NULL)
        return PRECIS_EINVAL;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(name, names[i].name) == 0) {
            *out = names[i].method;
            return PRECIS_OK;
        }
    }
    return PRECIS_EINVAL;
}
