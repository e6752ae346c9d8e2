/* rouge.c - ROUGE-1/2/L (Lin 2004) with the conventions of Google's rouge-score package, and
 * keyphrase precision/recall/F1 at k with stemmed exact matching (as in the KPCrowd and
 * YAKE evaluations). Used by `precis eval` and the quality harnesses. */
#include "rouge.h"

#include <libstemmer.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "util.h"
#include "vocab.h"

struct precis_rouge {
    struct sb_stemmer *porter;
    vocab *terms;      /* raw and stemmed ROUGE tokens */
    uint32_t *stem_of; /* stem id of a raw token id; VOCAB_NONE until computed */
    size_t stem_cap;
    buf word; /* the token being scanned */
    buf key;  /* scratch for phrase keys */
};

precis_status precis_rouge_new(precis_rouge **out)
{
    *out = NULL;
    precis_rouge *r = calloc(1, sizeof *r);
    if (!r)
        goto fail;
    /* Snowball's "porter" is Porter's 1980 algorithm, the one rouge-score and the keyphrase
     * benchmarks use (not the later "english" Porter2). */
    r->porter = sb_stemmer_new("porter", "UTF_8");
    r->terms = vocab_new();
    if (!r->porter || !r->terms)
        goto fail;
    *out = r;
    return PRECIS_OK;
fail:
    precis_rouge_free(r);
    return PRECIS_ENOMEM;
}

void precis_rouge_free(precis_rouge *r)
{
    if (!r)
        return;
    if (r->porter)
        sb_stemmer_delete(r->porter);
    vocab_free(r->terms);
    free(r->stem_of);
    buf_free(&r->word);
    buf_free(&r->key);
    free(r);
}

/* Appends the Porter stem of w[0..len) to out. */
static precis_status stem_append(precis_rouge *r, const char *w, size_t len, buf *out)
{
    if (len > INT32_MAX)
        return PRECIS_EINVAL;
    const sb_symbol *s = sb_stemmer_stem(r->porter, (const sb_symbol *)w, (int)len);
    if (!s)
        return PRECIS_ENOMEM;
    /* libstemmer's result is invalid after the next call: copied at once. */
    const int n = sb_stemmer_length(r->porter);
    return buf_append(out, (const char *)s, (size_t)n) ? PRECIS_ENOMEM : PRECIS_OK;
}

/* Term id of the ROUGE form of the raw token w: rouge-score stems only tokens longer than
 * 3 characters. */
static precis_status rouge_token(precis_rouge *r, const char *w, size_t len, uint32_t *id)
{
    const uint32_t raw = vocab_intern(r->terms, w, len);
    if (raw == VOCAB_NONE)
        return PRECIS_ENOMEM;
    if (raw >= r->stem_cap) {
        const size_t old = r->stem_cap;
        if (GROW(r->stem_of, r->stem_cap, (size_t)raw + 1))
            return PRECIS_ENOMEM;
        for (size_t i = old; i < r->stem_cap; i++)
            r->stem_of[i] = VOCAB_NONE;
    }
    if (r->stem_of[raw] == VOCAB_NONE) {
        uint32_t st = raw;
        if (len > 3) {
            r->key.len = 0;
            const precis_status e = stem_append(r, w, len, &r->key);
            if (e)
                return e;
            st = vocab_intern(r->terms, r->key.data, r->key.len);
            if (st == VOCAB_NONE)
                return PRECIS_ENOMEM;
            /* Interning may have grown the id space past stem_cap: only raw's slot is set. */
        }
        r->stem_of[raw] = st;
    }
    *id = r->stem_of[raw];
    return PRECIS_OK;
}

/* Tokenises text as rouge-score does (lowercase, runs of [a-z0-9]) into term ids. */
static precis_status rouge_tokens(precis_rouge *r, const char *text, size_t len, uint32_t **ids,
                                  size_t *n, size_t *cap)
{
    *n = 0;
    size_t i = 0;
    while (i < len) {
        while (i < len &&
               !((text[i] >= 'a' && text[i] <= 'z') || (text[i] >= 'A' && text[i] <= 'Z') ||
                 (text[i] >= '0' && text[i] <= '9')))
            i++;
        if (i == len)
            break;
        r->word.len = 0;
        for (; i < len; i++) {
            char c = text[i];
            if (c >= 'A' && c <= 'Z')
                c = (char)(c - 'A' + 'a');
            else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
                break;
            if (buf_putc(&r->word, c))
                return PRECIS_ENOMEM;
        }
        uint32_t id;
        const precis_status e = rouge_token(r, r->word.data, r->word.len, &id);
        if (e)
            return e;
        if (GROW(*ids, *cap, *n + 1))
            return PRECIS_ENOMEM;
        (*ids)[(*n)++] = id;
    }
    return PRECIS_OK;
}

static int cmp_u64(const void *a, const void *b)
{
    const uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Precision, recall and their harmonic mean, as rouge-score's fmeasure: 0 when both are 0. */
static precis_prf prf(size_t hits, size_t npred, size_t ngold)
{
    precis_prf s = {0, 0, 0};
    s.precision = npred ? (double)hits / (double)npred : 0.0;
    s.recall = ngold ? (double)hits / (double)ngold : 0.0;
    if (s.precision + s.recall > 0)
        s.f1 = 2 * s.precision * s.recall / (s.precision + s.recall);
    return s;
}

/* The n-grams (n = 1 or 2) of ids as sorted 64-bit keys in *keys. Returns their number. */
static size_t ngram_keys(const uint32_t *ids, size_t n, int order, uint64_t *keys)
{
    if (n < (size_t)order)
        return 0;
    const size_t m = n - (size_t)order + 1;
    for (size_t i = 0; i < m; i++)
        keys[i] = order == 1 ? ids[i] : ((uint64_t)ids[i] << 32) | ids[i + 1];
    sort_array(keys, m, sizeof *keys, cmp_u64);
    return m;
}

/* ROUGE-N: clipped n-gram overlap, sum over n-grams of min(count in cand, count in ref). */
static precis_prf rouge_n(const uint32_t *c, size_t nc, const uint32_t *g, size_t ng, int order,
                          uint64_t *kc, uint64_t *kg)
{
    const size_t mc = ngram_keys(c, nc, order, kc), mg = ngram_keys(g, ng, order, kg);
    size_t i = 0, j = 0, hits = 0;
    while (i < mc && j < mg) {
        if (kc[i] < kg[j])
            i++;
        else if (kc[i] > kg[j])
            j++;
        else {
            hits++;
            i++;
            j++;
        }
    }
    return prf(hits, mc, mg);
}

/* Length of the longest common subsequence, by the O(n*m) dynamic programme, two rows. */
static size_t lcs_length(const uint32_t *c, size_t nc, const uint32_t *g, size_t ng, size_t *prev,
                         size_t *cur)
{
    memset(prev, 0, (ng + 1) * sizeof *prev);
    cur[0] = 0;
    for (size_t i = 0; i < nc; i++) {
        for (size_t j = 0; j < ng; j++) {
            if (c[i] == g[j])
                cur[j + 1] = prev[j] + 1;
            else
                cur[j + 1] = prev[j + 1] > cur[j] ? prev[j + 1] : cur[j];
        }
        size_t *t = prev;
        prev = cur;
        cur = t;
    }
    return prev[ng];
}

precis_status precis_rouge_score(precis_rouge *r, const char *cand, size_t cand_len,
                                 const char *ref, size_t ref_len, precis_rouge_scores *out)
{
    precis_status st = PRECIS_OK;
    uint32_t *c = NULL, *g = NULL;
    uint64_t *kc = NULL, *kg = NULL;
    size_t *rows = NULL;
    size_t nc = 0, ng = 0, capc = 0, capg = 0;
    memset(out, 0, sizeof *out);
    if (!r || (!cand && cand_len) || (!ref && ref_len))
        return PRECIS_EINVAL;
    if ((st = rouge_tokens(r, cand, cand_len, &c, &nc, &capc)) ||
        (st = rouge_tokens(r, ref, ref_len, &g, &ng, &capg)))
        goto fail;
    st = PRECIS_ENOMEM;
    kc = malloc((nc + 1) * sizeof *kc);
    kg = malloc((ng + 1) * sizeof *kg);
    rows = malloc(2 * (ng + 1) * sizeof *rows);
    if (!kc || !kg || !rows)
        goto fail;
    out->rouge1 = rouge_n(c, nc, g, ng, 1, kc, kg);
    out->rouge2 = rouge_n(c, nc, g, ng, 2, kc, kg);
    out->rougel = prf(lcs_length(c, nc, g, ng, rows, rows + ng + 1), nc, ng);
    st = PRECIS_OK;
fail:
    free(rows);
    free(kg);
    free(kc);
    free(g);
    free(c);
    return st;
}

static int is_alnum(utf8proc_int32_t cp)
{
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO: return 1;
    default: return 0;
    }
}

precis_status rouge_phrase_key(precis_rouge *r, const char *s, size_t len, buf *out)
{
    out->len = 0;
    if (buf_append(out, "", 0))
        return PRECIS_ENOMEM;
    size_t i = 0;
    while (i < len) {
        r->word.len = 0;
        size_t chars = 0;
        /* Collect one run of letters and digits, lowercased. */
        while (i < len) {
            utf8proc_int32_t cp;
            const utf8proc_ssize_t n =
                utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
            if (n <= 0) {
                i++;
                break;
            }
            i += (size_t)n;
            if (!is_alnum(cp))
                break;
            utf8proc_uint8_t enc[4];
            const utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_tolower(cp), enc);
            if (buf_append(&r->word, (const char *)enc, (size_t)m))
                return PRECIS_ENOMEM;
            chars++;
        }
        if (!r->word.len)
            continue;
        if (out->len && buf_putc(out, ' '))
            return PRECIS_ENOMEM;
        /* Porter's own implementation (and NLTK's) leaves words of one or two letters alone;
         * Snowball's would turn "us" into "u" and "s" into nothing. */
        if (chars <= 2) {
            if (buf_append(out, r->word.data, r->word.len))
                return PRECIS_ENOMEM;
            continue;
        }
        const precis_status e = stem_append(r, r->word.data, r->word.len, out);
        if (e)
            return e;
    }
    return PRECIS_OK;
}

/* Keys of the non-empty phrases, duplicates dropped (first kept), at most limit of them. */
static precis_status phrase_keys(precis_rouge *r, const char *const *ph, size_t n, size_t limit,
                                 char ***keys, size_t *nkeys)
{
    *keys = NULL;
    *nkeys = 0;
    if (!n)
        return PRECIS_OK;
    char **k = calloc(n, sizeof *k);
    if (!k)
        return PRECIS_ENOMEM;
    size_t m = 0;
    for (size_t i = 0; i < n && m < limit; i++) {
        if (!ph[i])
            continue;
        const precis_status e = rouge_phrase_key(r, ph[i], strlen(ph[i]), &r->key);
        if (e) {
            for (size_t j = 0; j < m; j++)
                free(k[j]);
            free(k);
            return e;
        }
        if (!r->key.len)
            continue;
        size_t j = 0;
        while (j < m && strcmp(k[j], r->key.data) != 0)
            j++;
        if (j < m)
            continue;
        if (!(k[m] = xstrndup(r->key.data, r->key.len))) {
            for (j = 0; j < m; j++)
                free(k[j]);
            free(k);
            return PRECIS_ENOMEM;
        }
        m++;
    }
    *keys = k;
    *nkeys = m;
    return PRECIS_OK;
}

precis_status precis_rouge_keywords(precis_rouge *r, const char *const *pred, size_t npred,
                                    const char *const *gold, size_t ngold, size_t k,
                                    precis_prf *out)
{
    char **p = NULL, **g = NULL;
    size_t np = 0, ng = 0;
    precis_status st;
    memset(out, 0, sizeof *out);
    if (!r || (!pred && npred) || (!gold && ngold))
        return PRECIS_EINVAL;
    if ((st = phrase_keys(r, pred, npred, k, &p, &np)) ||
        (st = phrase_keys(r, gold, ngold, SIZE_MAX, &g, &ng)))
        goto fail;
    size_t hits = 0;
    for (size_t i = 0; i < np; i++)
        for (size_t j = 0; j < ng; j++)
            if (strcmp(p[i], g[j]) == 0) {
                hits++;
                break;
            }
    *out = prf(hits, np, ng);
fail:
    for (size_t i = 0; i < ng; i++)
        free(g[i]);
    free(g);
    for (size_t i = 0; i < np; i++)
        free(p[i]);
    free(p);
    return st;
}
