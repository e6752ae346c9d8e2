/* keyness.h - how much more (or less) often a term occurs in a target corpus A than in a
 * reference corpus B: log-likelihood G2 with its p-value, BIC, Log Ratio, %DIFF, rates per
 * million, and corrections of many p-values for multiple testing. Pure arithmetic on counts. */
#ifndef PRECIS_KEYNESS_H
#define PRECIS_KEYNESS_H

#include <stddef.h>
#include <stdint.h>

#include "precis.h"

/* The counts are generic so that the caller chooses what is counted:
 *   frequency mode:  a = occurrences of the term in A, c = tokens in A (b, d likewise for B);
 *   dispersion mode: a = documents of A containing the term, c = documents in A.
 * Nothing below depends on which; "per million" is then per million documents. */
typedef struct precis_keyness_counts {
    uint64_t a; /* count of the term in A */
    uint64_t b; /* count of the term in B */
    uint64_t c; /* total of A (tokens or documents); a <= c, c > 0 */
    uint64_t d; /* total of B; b <= d, d > 0 */
} precis_keyness_counts;

typedef enum precis_keyness_direction {
    PRECIS_KEYNESS_DOWN = -1, /* relatively rarer in A than in B */
    PRECIS_KEYNESS_EQUAL = 0, /* a/c == b/d exactly */
    PRECIS_KEYNESS_UP = 1     /* relatively more frequent in A */
} precis_keyness_direction;

typedef struct precis_keyness {
    /* Log-likelihood G2 over the full 2x2 table (term / other words x A / B), as in Rayson &
     * Garside 2000 and AntConc: 2 * sum O ln(O/E). Never negative: read the sign from
     * direction. */
    double g2;
    /* Upper tail of chi-square with 1 degree of freedom at g2 (1 when g2 == 0). */
    double p;
    /* Wilson 2013: BIC = G2 - ln(c + d) (1 df). > 0 suggests evidence for a difference;
     * > 2, > 6, > 10 positive, strong, very strong evidence. */
    double bic;
    /* Hardie 2014: log2((a/c) / (b/d)); each doubling is +1. A zero a or b is replaced by
     * 0.5 so that the value stays finite; 0 when a == b == 0. */
    double log_ratio;
    /* Gabrielatos & Marchi 2012: (a/c - b/d) / (b/d) * 100, the % by which the normalised
     * frequency in A exceeds that in B. b == 0 is replaced by 0.5 (as for the Log Ratio)
     * rather than giving +inf; 0 when a == b == 0. Ranges from -100 upwards. */
    double pct_diff;
    double per_million_a; /* a / c * 1e6 (with the true a, not the 0.5 substitute) */
    double per_million_b; /* b / d * 1e6 */
    precis_keyness_direction direction;
} precis_keyness;

/* Computes every measure for one table into *out. PRECIS_EINVAL when c or d is 0 or a > c
 * or b > d (then *out is zeroed). Every returned value is finite. */
precis_status precis_keyness_compute(const precis_keyness_counts *k, precis_keyness *out);

typedef enum precis_keyness_correction {
    PRECIS_CORRECT_NONE = 0,   /* copies the p-values */
    PRECIS_CORRECT_BONFERRONI, /* p * m, capped at 1 (family-wise error) */
    PRECIS_CORRECT_HOLM,       /* Holm 1979 step-down, family-wise error, monotone */
    PRECIS_CORRECT_BH          /* Benjamini & Hochberg 1995 step-up, false discovery rate */
} precis_keyness_correction;

/* Adjusts m p-values p[0..m) for multiple testing and writes them to adj[0..m) in the same
 * order (adj may be p itself). Adjusted values are in [0, 1]; tied p-values get equal
 * adjusted values, so the result does not depend on the order of the input. p and adj are
 * borrowed. PRECIS_EINVAL when a p-value is NaN or outside [0, 1] or the method is unknown
 * (adj then unchanged); PRECIS_ENOMEM. */
precis_status precis_keyness_adjust(const double *p, size_t m, precis_keyness_correction method,
                                    double *adj);

/* Parses "none", "bonferroni", "holm", "bh" (also "fdr") for the command line.
 * PRECIS_EINVAL when unknown. */
precis_status precis_keyness_correction_parse(const char *name, precis_keyness_correction *out);

#endif
