/* timeseries.c - moving average, Mann-Kendall, Theil-Sen and Kleinberg bursts over a term's
 * per-period series; definitions and sources are in timeseries.h. */
#include "timeseries.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_statistics_double.h>

#include "util.h"

precis_status precis_timeseries_moving_average(const double *x, size_t n, size_t width, double *out)
{
    if (width == 0 || width % 2 == 0)
        return PRECIS_EINVAL;
    if (n == 0)
        return PRECIS_OK;
    if (x == NULL || out == NULL)
        return PRECIS_EINVAL;
    const size_t h = width / 2 < n ? width / 2 : n;
    /* A fresh sum per window rather than a running one: no drift, and the result of one
     * period does not depend on rounding left by the others. O(n width) is small here. */
    for (size_t i = 0; i < n; i++) {
        const size_t lo = i >= h ? i - h : 0;
        const size_t hi = n - 1 - i >= h ? i + h : n - 1;
        double sum = 0.0;
        for (size_t j = lo; j <= hi; j++)
            sum += x[j];
        out[i] = sum / (double)(hi - lo + 1);
    }
    return PRECIS_OK;
}

static int double_cmp(const void *x, const void *y)
{
    const double u = *(const double *)x, v = *(const double *)y;
    return (u > v) - (u < v);
}

precis_status precis_timeseries_mann_kendall(const double *x, size_t n, precis_mann_kendall *out)
{
    double *sorted = NULL;
    precis_status st = PRECIS_OK;

    if (out == NULL)
        return PRECIS_EINVAL;
    memset(out, 0, sizeof *out);
    out->p = 1.0;
    if (n > 0 && x == NULL)
        return PRECIS_EINVAL;
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i]))
            return PRECIS_EINVAL;
    if (n < 2)
        return PRECIS_OK;

    int64_t s = 0;
    for (size_t i = 0; i + 1 < n; i++)
        for (size_t j = i + 1; j < n; j++)
            s += (x[j] > x[i]) - (x[j] < x[i]);

    /* Tie groups from a sorted copy; each group of t equal values lowers Var(S) by
     * t(t-1)(2t+5)/18 and the number of untied pairs by t(t-1)/2. */
    if (n > SIZE_MAX / sizeof *sorted) {
        st = PRECIS_ENOMEM;
        goto fail;
    }
    sorted = malloc(n * sizeof *sorted);
    if (sorted == NULL) {
        st = PRECIS_ENOMEM;
        goto fail;
    }
    memcpy(sorted, x, n * sizeof *sorted);
    sort_array(sorted, n, sizeof *sorted, double_cmp);
    double ties_var = 0.0, ties_pairs = 0.0;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && sorted[j] == sorted[i])
            j++;
        const double t = (double)(j - i);
        ties_var += t * (t - 1.0) * (2.0 * t + 5.0);
        ties_pairs += t * (t - 1.0) / 2.0;
        i = j;
    }

    const double nd = (double)n;
    const double n0 = nd * (nd - 1.0) / 2.0;
    double var = (nd * (nd - 1.0) * (2.0 * nd + 5.0) - ties_var) / 18.0;
    if (var < 0.0) /* only by rounding, for an all-tied series */
        var = 0.0;
    out->s = s;
    out->var_s = var;
    if (var > 0.0 && s != 0)
        out->z = ((double)s - (s > 0 ? 1.0 : -1.0)) / sqrt(var);
    out->p = out->z != 0.0 ? 2.0 * gsl_cdf_ugaussian_Q(fabs(out->z)) : 1.0;
    if (out->p > 1.0)
        out->p = 1.0;
    out->tau = (double)s / n0;
    out->tau_b = n0 > ties_pairs ? (double)s / sqrt(n0 * (n0 - ties_pairs)) : 0.0;
    if (!isfinite(out->z) || !isfinite(out->p)) {
        st = PRECIS_EINVAL;
        goto fail;
    }

fail:
    free(sorted);
    if (st != PRECIS_OK) {
        memset(out, 0, sizeof *out);
        out->p = 1.0;
    }
    return st;
}

precis_status precis_timeseries_theil_sen(const double *t, const double *x, size_t n, double *slope,
                                          double *intercept)
{
    double *v = NULL;
    precis_status st = PRECIS_OK;

    if (slope != NULL)
        *slope = 0.0;
    if (intercept != NULL)
        *intercept = 0.0;
    if (n < 2 || x == NULL)
        return PRECIS_EINVAL;
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i]) || (t != NULL && !isfinite(t[i])))
            return PRECIS_EINVAL;

    /* n(n-1)/2 slopes, checked for overflow before allocating. */
    if (n > SIZE_MAX / (n - 1) || n * (n - 1) / 2 > SIZE_MAX / sizeof *v) {
        st = PRECIS_ENOMEM;
        goto fail;
    }
    const size_t pairs = n * (n - 1) / 2;
    v = malloc((pairs > n ? pairs : n) * sizeof *v);
    if (v == NULL) {
        st = PRECIS_ENOMEM;
        goto fail;
    }
    size_t m = 0;
    for (size_t i = 0; i + 1 < n; i++) {
        const double ti = t != NULL ? t[i] : (double)i;
        for (size_t j = i + 1; j < n; j++) {
            const double tj = t != NULL ? t[j] : (double)j;
            if (tj == ti)
                continue;
            const double q = (x[j] - x[i]) / (tj - ti);
            if (!isfinite(q)) {
                st = PRECIS_EINVAL;
                goto fail;
            }
            v[m++] = q;
        }
    }
    if (m == 0) {
        st = PRECIS_EINVAL;
        goto fail;
    }
    /* gsl_stats_median selects in place in O(m) and averages the middle two for even m. */
    const double b = gsl_stats_median(v, 1, m);
    for (size_t i = 0; i < n; i++)
        v[i] = x[i] - b * (t != NULL ? t[i] : (double)i);
    const double a = gsl_stats_median(v, 1, n);
    if (!isfinite(a) || !isfinite(b)) {
        st = PRECIS_EINVAL;
        goto fail;
    }
    if (slope != NULL)
        *slope = b;
    if (intercept != NULL)
        *intercept = a;

fail:
    free(v);
    return st;
}

/* ln C(d, r), the binomial coefficient; the same in every state of a period, so it does not
 * change which states win, but it keeps each cost a true negative log-probability. */
static double ln_choose(uint64_t d, uint64_t r)
{
    gsl_sf_result res;
    if (d <= UINT32_MAX && gsl_sf_lnchoose_e((unsigned)d, (unsigned)r, &res) == GSL_SUCCESS)
        return res.val;
    return gsl_sf_lngamma((double)d + 1.0) - gsl_sf_lngamma((double)r + 1.0) -
           gsl_sf_lngamma((double)(d - r) + 1.0);
}

/* Cost of emitting r relevant of d documents from a state with rate p (0 < p < 1): the
 * negative log of the binomial probability. */
static double emit_cost(double lnc, uint64_t r, uint64_t d, double p)
{
    double ll = lnc;
    if (r > 0)
        ll += (double)r * log(p);
    if (d > r)
        ll += (double)(d - r) * log1p(-p);
    return -ll;
}

precis_status precis_timeseries_bursts(const uint64_t *r, const uint64_t *d, size_t n,
                                       const precis_burst_options *opts, precis_burst **out,
                                       size_t *count, unsigned *levels)
{
    static const precis_burst_options defaults = PRECIS_BURST_DEFAULTS;
    double *p = NULL, *cost = NULL, *prev = NULL, *cur = NULL;
    unsigned char *back = NULL;
    unsigned *q = NULL;
    size_t *open = NULL;
    precis_burst *bursts = NULL;
    size_t nb = 0, cap = 0;
    precis_status st = PRECIS_OK;

    if (out == NULL || count == NULL)
        return PRECIS_EINVAL;
    *out = NULL;
    *count = 0;
    const precis_burst_options *o = opts != NULL ? opts : &defaults;
    if (!(o->s > 1.0) || !isfinite(o->s) || !(o->gamma >= 0.0) || !isfinite(o->gamma) ||
        o->states < 2 || o->states > 64)
        return PRECIS_EINVAL;
    if (n == 0)
        return PRECIS_OK;
    if (r == NULL || d == NULL)
        return PRECIS_EINVAL;

    double sum_r = 0.0, sum_d = 0.0;
    for (size_t t = 0; t < n; t++) {
        if (r[t] > d[t])
            return PRECIS_EINVAL;
        sum_r += (double)r[t];
        sum_d += (double)d[t];
    }
    const size_t k = o->states;

    if (n > SIZE_MAX / k) {
        st = PRECIS_ENOMEM;
        goto fail;
    }
    q = calloc(n, sizeof *q);
    if (q == NULL) {
        st = PRECIS_ENOMEM;
        goto fail;
    }
    if (sum_r == 0.0) /* nothing relevant: the base state throughout, no bursts */
        goto done;

    p = malloc(k * sizeof *p);
    cost = malloc(k * sizeof *cost);
    prev = malloc(k * sizeof *prev);
    cur = malloc(k * sizeof *cur);
    back = malloc(n * k); /* state < 64 fits a byte */
    open = malloc(k * sizeof *open);
    if (p == NULL || cost == NULL || prev == NULL || cur == NULL || back == NULL || open == NULL) {
        st = PRECIS_ENOMEM;
        goto fail;
    }
    const double p0 = sum_r / sum_d;
    for (size_t i = 0; i < k; i++) {
        const double v = p0 * pow(o->s, (double)i);
        p[i] = v < PRECIS_BURST_P_MAX ? v : PRECIS_BURST_P_MAX;
    }
    const double up = o->gamma * log((double)n); /* per level */

    /* Viterbi over costs (negative log-likelihoods). Start: state 0 free, state i costs
     * i levels of going up. */
    for (size_t t = 0; t < n; t++) {
        const double lnc = ln_choose(d[t], r[t]);
        for (size_t j = 0; j < k; j++) {
            /* Strict < lets ties go to the lower state, which keeps the choice fixed. */
            double best = INFINITY;
            size_t arg = 0;
            const size_t from = t == 0 ? 1 : k; /* before period 0 only state 0 */
            for (size_t i = 0; i < from; i++) {
                const double c = (t == 0 ? 0.0 : prev[i]) + (j > i ? (double)(j - i) * up : 0.0);
                if (c < best) {
                    best = c;
                    arg = i;
                }
            }
            cur[j] = best + emit_cost(lnc, r[t], d[t], p[j]);
            back[t * k + j] = (unsigned char)arg;
        }
        double *tmp = prev;
        prev = cur;
        cur = tmp;
    }
    size_t last = 0;
    for (size_t j = 1; j < k; j++)
        if (prev[j] < prev[last])
            last = j;
    for (size_t t = n; t-- > 0;) {
        q[t] = (unsigned)last;
        last = back[t * k + last];
    }

    /* Runs with state >= j, opened in order of (start, level) as t and j increase. */
    for (size_t t = 0; t < n; t++) {
        if (q[t] == 0)
            continue;
        const double lnc = ln_choose(d[t], r[t]);
        for (size_t j = 0; j <= q[t]; j++)
            cost[j] = emit_cost(lnc, r[t], d[t], p[j]);
        for (size_t j = 1; j <= q[t]; j++) {
            if (t == 0 || q[t - 1] < j) {
                if (GROW(bursts, cap, nb + 1) != 0) {
                    st = PRECIS_ENOMEM;
                    goto fail;
                }
                bursts[nb] = (precis_burst){t, t, (unsigned)j, 0.0};
                open[j] = nb++;
            }
            precis_burst *b = &bursts[open[j]];
            b->end = t + 1;
            b->weight += cost[j - 1] - cost[j];
        }
    }

done:
    if (levels != NULL)
        memcpy(levels, q, n * sizeof *q);
    *out = bursts;
    *count = nb;
    bursts = NULL;

fail:
    free(bursts);
    free(open);
    free(q);
    free(back);
    free(cur);
    free(prev);
    free(cost);
    free(p);
    return st;
}
