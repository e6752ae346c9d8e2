/* weight.h - term weighting: TF variants (raw, log, augmented, BM25), IDF variants (plain,
 * smoothed, probabilistic) and cosine normalisation, shared by summaries and keywords. */
#ifndef PRECIS_WEIGHT_H
#define PRECIS_WEIGHT_H

#include <stddef.h>

typedef enum weight_tf {
    WEIGHT_TF_RAW = 0,   /* tf */
    WEIGHT_TF_LOG,       /* 1 + ln tf (0 when tf == 0) */
    WEIGHT_TF_AUGMENTED, /* 0.5 + 0.5 tf / max tf (0 when tf == 0) */
    WEIGHT_TF_BM25       /* tf (k1 + 1) / (tf + k1 (1 - b + b len / avglen)) */
} weight_tf;

typedef enum weight_idf {
    WEIGHT_IDF_PLAIN = 0,    /* ln(N / df) */
    WEIGHT_IDF_SMOOTH,       /* ln((1 + N) / (1 + df)) + 1, as scikit-learn's smooth_idf */
    WEIGHT_IDF_PROBABILISTIC /* max(0, ln((N - df) / df)) */
} weight_idf;

/* Robertson & Walker's usual constants for BM25 (Okapi at TREC-3). */
#define WEIGHT_BM25_K1 1.2
#define WEIGHT_BM25_B 0.75

/* Context a TF variant may need besides the count. */
typedef struct weight_tf_ctx {
    double max_tf; /* largest tf in the document (augmented) */
    double len;    /* document length in tokens (BM25) */
    double avglen; /* average document length in the collection (BM25) */
} weight_tf_ctx;

/* Weight of a term seen tf times; ctx may be NULL for raw and log. 0 for tf <= 0. */
double weight_tf_value(weight_tf kind, double tf, const weight_tf_ctx *ctx);

/* Inverse document frequency of a term in df of n documents. A df of 0 (a term the
 * collection never saw) counts as 1 and a df above n as n, so the result is always finite. */
double weight_idf_value(weight_idf kind, double n, double df);

/* Scales v[0..n) to unit Euclidean length; a zero vector stays zero. Returns the old length. */
double weight_normalize(double *v, size_t n);

/* Cosine of two dense vectors; 0 when either is zero. */
double weight_cosine(const double *a, const double *b, size_t n);

#endif
