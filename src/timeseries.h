/* timeseries.h - statistics on a term's series of per-period values: a centred moving average,
 * the Mann-Kendall trend test with Kendall's tau, the Theil-Sen slope, and Kleinberg's burst
 * detection for documents per period. Pure arithmetic; nothing here knows about dates. */
#ifndef PRECIS_TIMESERIES_H
#define PRECIS_TIMESERIES_H

#include <stddef.h>
#include <stdint.h>

#include "precis.h"

/* Centred moving average of odd width: out[i] is the mean of x[i-h .. i+h] with h = width/2.
 * At the edges the window is cut to the values that exist and their mean is taken (so the
 * first value averages x[0 .. h], with no padding or reflection); width 1 copies x. width
 * larger than the series is allowed. x and out are borrowed, n values each, and must not
 * overlap. PRECIS_EINVAL when width is even or 0 (out untouched). */
precis_status precis_timeseries_moving_average(const double *x, size_t n, size_t width,
                                               double *out);

/* Mann-Kendall test for a monotonic trend in x[0..n) (taken in time order, equally spaced or
 * not: only the order matters). */
typedef struct precis_mann_kendall {
    int64_t s;    /* S = sum over i < j of sign(x[j] - x[i]); > 0 rising */
    double var_s; /* Var(S) = [n(n-1)(2n+5) - sum t(t-1)(2t+5)] / 18 over groups of t ties */
    double z;     /* (S - 1)/sqrt(Var) when S > 0, (S + 1)/sqrt(Var) when S < 0, else 0:
                   * the continuity correction, as S moves in steps of 2 */
    double p;     /* two-sided p-value from the standard normal: 2 Q(|z|); 1 when z == 0 */
    double tau;   /* Kendall's tau-a against time: S / (n(n-1)/2), in [-1, 1] */
    double tau_b; /* tau-b, corrected for ties in x: S / sqrt(n0 (n0 - n1)), n0 = n(n-1)/2,
                   * n1 = sum t(t-1)/2; 0 when every value is equal */
} precis_mann_kendall;

/* Runs the test in O(n^2) (fine for a few thousand periods). A series of fewer than 3 values
 * or a constant one shows no trend: z = 0, p = 1 (and var_s = 0 when constant). x is borrowed.
 * PRECIS_EINVAL when a value is NaN or infinite (*out zeroed); PRECIS_ENOMEM. */
precis_status precis_timeseries_mann_kendall(const double *x, size_t n, precis_mann_kendall *out);

/* Theil-Sen estimator: the slope is the median of (x[j] - x[i]) / (t[j] - t[i]) over all
 * pairs i < j with t[i] != t[j] (the mean of the two middle ones for an even count); the
 * intercept is the median of x[i] - slope * t[i]. Robust to up to ~29% outliers. t may be
 * NULL for t[i] = i (slope per period). O(n^2) memory and time: n up to a few thousand.
 * Either out-parameter may be NULL. PRECIS_EINVAL when fewer than two distinct times or a
 * value is not finite; PRECIS_ENOMEM. Outputs are set to 0 first. */
precis_status precis_timeseries_theil_sen(const double *t, const double *x, size_t n, double *slope,
                                          double *intercept);

/* Kleinberg 2002 ("Bursty and hierarchical structure in streams", section 4, batched
 * arrivals): in period t, r[t] of d[t] documents are relevant (contain the term). State i of
 * the automaton emits relevant documents with probability p_i = p_0 s^i, p_0 = sum r / sum d,
 * capped at PRECIS_BURST_P_MAX; the cost of state i in period t is
 *   -ln[ C(d_t, r_t) p_i^r_t (1 - p_i)^(d_t - r_t) ],
 * moving up from state i to j > i costs (j - i) gamma ln n, moving down is free, and the
 * sequence starts in state 0. The cheapest state sequence (Viterbi; ties go to the lower
 * state) gives the bursts. */
typedef struct precis_burst_options {
    double s;        /* rate ratio between levels, > 1; default 2 */
    double gamma;    /* cost of going up one level, >= 0, in units of ln n; default 1 */
    unsigned states; /* number of states incl. the base state 0, 2..64; default 2 */
} precis_burst_options;

#define PRECIS_BURST_DEFAULTS                                                                      \
    {                                                                                              \
        2.0, 1.0, 2                                                                                \
    }
/* Emission probabilities are kept below 1 so that a period with an irrelevant document never
 * costs infinity; states whose p_0 s^i would pass 1 all emit with this. */
#define PRECIS_BURST_P_MAX 0.999999

/* A burst of level j is a maximal run of periods [start, end) whose state is >= j, so bursts
 * nest: a level-2 burst lies inside a level-1 one. weight is how much cheaper level j is than
 * level j - 1 over the run, sum (cost(j-1, t) - cost(j, t)) (for two states Kleinberg's
 * weight cost(0, t) - cost(1, t)); larger means stronger evidence. */
typedef struct precis_burst {
    size_t start;   /* first period of the burst */
    size_t end;     /* one past the last period */
    unsigned level; /* >= 1 */
    double weight;  /* > 0 for any burst the optimum chose */
} precis_burst;

/* Finds the bursts of r[0..n), d[0..n) (borrowed). *out (caller frees with free()) gets
 * *count bursts sorted by start, then by level; *out is NULL when there are none. If
 * levels is not NULL it receives the state of each of the n periods. opts NULL means the
 * defaults. A series with no relevant documents has no bursts. PRECIS_EINVAL when some
 * r[t] > d[t] or an option is out of range; PRECIS_ENOMEM. */
precis_status precis_timeseries_bursts(const uint64_t *r, const uint64_t *d, size_t n,
                                       const precis_burst_options *opts, precis_burst **out,
                                       size_t *count, unsigned *levels);

#endif
