/* weight.c - TF and IDF variants from the IR literature (Salton & Buckley 1988 for raw, log
 * and augmented TF; Robertson et al. 1994 for BM25 and the probabilistic IDF). */
#include "weight.h"

#include <math.h>

double weight_tf_value(weight_tf kind, double tf, const weight_tf_ctx *ctx)
{
    if (!(tf > 0))
        return 0;
    switch (kind) {
    case WEIGHT_TF_RAW: return tf;
    case WEIGHT_TF_LOG: return 1 + log(tf);
    case WEIGHT_TF_AUGMENTED: {
        /* Augmented TF damps long documents: the most frequent term weighs 1. */
        const double max = ctx && ctx->max_tf > 0 ? ctx->max_tf : tf;
        return 0.5 + 0.5 * tf / max;
    }
    case WEIGHT_TF_BM25: {
        /* Saturates at k1 + 1; b scales the saturation point by relative length. */
        const double k1 = WEIGHT_BM25_K1, b = WEIGHT_BM25_B;
        const double ratio = ctx && ctx->avglen > 0 ? ctx->len / ctx->avglen : 1;
        return tf * (k1 + 1) / (tf + k1 * (1 - b + b * ratio));
    }
    }
    return tf;
}

double weight_idf_value(weight_idf kind, double n, double df)
{
    if (n < 1)
        n = 1;
    if (df < 1)
        df = 1;
    if (df > n)
        df = n;
    switch (kind) {
    case WEIGHT_IDF_PLAIN: return log(n / df);
    case WEIGHT_IDF_SMOOTH:
        /* scikit-learn's smooth_idf: as if one extra document held every term once. */
        return log((1 + n) / (1 + df)) + 1;
    case WEIGHT_IDF_PROBABILISTIC: {
        /* Robertson & Sparck Jones without relevance information; negative for terms in
         * more than half the documents, which we floor at 0 rather than let them subtract. */
        if (df >= n)
            return 0;
        const double v = log((n - df) / df);
        return v > 0 ? v : 0;
    }
    }
    return log(n / df);
}

double weight_normalize(double *v, size_t n)
{
    double ss = 0;
    for (size_t i = 0; i < n; i++)
        ss += v[i] * v[i];
    const double len = sqrt(ss);
    if (len > 0)
        for (size_t i = 0; i < n; i++)
            v[i] /= len;
    return len;
}

double weight_cosine(const double *a, const double *b, size_t n)
{
    double ab = 0, aa = 0, bb = 0;
    for (size_t i = 0; i < n; i++) {
        ab += a[i] * b[i];
        aa += a[i] * a[i];
        bb += b[i] * b[i];
    }
    if (!(aa > 0) || !(bb > 0))
        return 0;
    return ab / (sqrt(aa) * sqrt(bb));
}
