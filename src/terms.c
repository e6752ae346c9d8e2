/* terms.c - term statistics over a collection: each document's TF-IDF vector (the variants of
 * weight.h against a precis_corpus), and per term its total frequency, the form shown and a
 * bounded heap of the documents where it weighs most. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"
#include "precis.h"
#include "util.h"
#include "vocab.h"
#include "weight.h"

/* ---- one document's vector ---------------------------------------------------------------- */

struct precis_term_vector {
    precis_counts *counts; /* the document's keys, tf and surface votes (owns the strings) */
    precis_term_weight *w; /* largest weight first */
    size_t n;
};

static const precis_terms_options default_options = {0};

static int options_valid(const precis_terms_options *o)
{
    return o->max_words <= CORPUS_MAX_PHRASE && (unsigned)o->tf <= PRECIS_TF_BM25 &&
           (unsigned)o->idf <= PRECIS_IDF_PROBABILISTIC && isfinite(o->avglen) && o->avglen >= 0;
}

static weight_tf tf_kind(precis_tf_variant v)
{
    switch (v) {
    case PRECIS_TF_RAW: return WEIGHT_TF_RAW;
    case PRECIS_TF_AUGMENTED: return WEIGHT_TF_AUGMENTED;
    case PRECIS_TF_BM25: return WEIGHT_TF_BM25;
    case PRECIS_TF_LOG: break;
    }
    return WEIGHT_TF_LOG;
}

static weight_idf idf_kind(precis_idf_variant v)
{
    switch (v) {
    case PRECIS_IDF_PLAIN: return WEIGHT_IDF_PLAIN;
    case PRECIS_IDF_PROBABILISTIC: return WEIGHT_IDF_PROBABILISTIC;
    case PRECIS_IDF_SMOOTH: break;
    }
    return WEIGHT_IDF_SMOOTH;
}

/* Words of a key: stems are joined by single spaces. */
static size_t key_words(const char *k)
{
    size_t n = 1;
    for (; *k; k++)
        n += *k == ' ';
    return n;
}

/* Largest weight first, then key in byte order (strcmp compares as unsigned char). */
static int cmp_weight(const void *a, const void *b)
{
    const precis_term_weight *const x = a, *const y = b;
    if (x->weight != y->weight)
        return x->weight > y->weight ? -1 : 1;
    return strcmp(x->key, y->key);
}

size_t precis_terms_doc_length(const precis_doc *d)
{
    /* The tokens precis_counts_add_doc counts as term tokens: title, then every sentence. */
    size_t n = 0;
    const size_t nt = precis_doc_title_token_count(d);
    for (size_t i = 0; i < nt; i++)
        n += (size_t)corpus_token_is_term(precis_doc_title_token(d, i));
    const size_t ns = precis_doc_sentence_count(d);
    for (size_t s = 0; s < ns; s++) {
        const precis_sentence *const sen = precis_doc_sentence(d, s);
        for (size_t i = 0; i < sen->token_count; i++)
            n += (size_t)corpus_token_is_term(precis_doc_token(d, sen->first_token + i));
    }
    return n;
}

precis_status precis_terms_vector(const precis_pipeline *p, const precis_doc *d,
                                  const precis_corpus *c, const precis_terms_options *o,
                                  precis_term_vector **out)
{
    precis_status st = PRECIS_EINVAL;
    precis_term_vector *v = NULL;
    double *dense = NULL;
    if (!out)
        return PRECIS_EINVAL;
    *out = NULL;
    if (!o)
        o = &default_options;
    if (!p || !d || !options_valid(o))
        goto fail;
    st = PRECIS_ENOMEM;
    v = calloc(1, sizeof *v);
    if (!v || precis_counts_new(&v->counts) != PRECIS_OK)
        goto fail;
    st = precis_counts_add_doc(v->counts, p, d, o->max_words ? o->max_words : 1);
    if (st != PRECIS_OK)
        goto fail;
    st = PRECIS_ENOMEM;
    const size_t n = precis_counts_size(v->counts);
    v->w = calloc(n ? n : 1, sizeof *v->w);
    dense = calloc(n ? n : 1, sizeof *dense);
    if (!v->w || !dense)
        goto fail;
    v->n = n;

    uint64_t max_tf = 0;
    for (size_t i = 0; i < n; i++) {
        precis_term_weight *const w = &v->w[i];
        precis_counts_term(v->counts, i, &w->key, &w->term, &w->tf, NULL);
        if (w->tf > max_tf)
            max_tf = w->tf;
    }
    const weight_tf_ctx ctx = {
        .max_tf = (double)max_tf,
        .len = (double)precis_counts_total_tokens(v->counts),
        .avglen = o->avglen,
    };
    const double ndocs = (double)precis_corpus_doc_count(c);
    for (size_t i = 0; i < n; i++) {
        precis_term_weight *const w = &v->w[i];
        w->words = key_words(w->key);
        w->df = precis_corpus_df(c, w->key, strlen(w->key));
        w->idf = weight_idf_value(idf_kind(o->idf), ndocs, (double)w->df);
        dense[i] = weight_tf_value(tf_kind(o->tf), (double)w->tf, &ctx) * w->idf;
    }
    /* Cosine normalisation over the whole vector (phrases included), before any cut to the
     * top terms, so weights compare across documents of different lengths. */
    if (!o->no_norm)
        weight_normalize(dense, n);
    for (size_t i = 0; i < n; i++)
        v->w[i].weight = dense[i];
    sort_array(v->w, n, sizeof *v->w, cmp_weight);
    free(dense);
    *out = v;
    return PRECIS_OK;
fail:
    free(dense);
    precis_terms_vector_free(v);
    return st;
}

void precis_terms_vector_free(precis_term_vector *v)
{
    if (!v)
        return;
    precis_counts_free(v->counts);
    free(v->w);
    free(v);
}

size_t precis_terms_vector_count(const precis_term_vector *v)
{
    return v ? v->n : 0;
}

const precis_term_weight *precis_terms_vector_at(const precis_term_vector *v, size_t i)
{
    return v && i < v->n ? &v->w[i] : NULL;
}

/* ---- statistics over documents ----------------------------------------------------------- */

typedef struct top_doc {
    double weight;
    size_t seq;
} top_doc;

/* A term's best documents: a min-heap (worst at 0) grown as documents come, up to k, so a
 * term seen in few documents costs few entries whatever k is. */
typedef struct heap {
    top_doc *h;
    uint32_t n, cap;
} heap;

#define NO_ID SIZE_MAX

struct precis_terms {
    size_t k;           /* documents kept a term */
    precis_counts *all; /* frequency and surface votes of every key */
    vocab *slots;       /* key -> slot of the heaps */
    heap *heaps;        /* by slot */
    size_t nheaps, heaps_cap;
    buf ids;       /* document ids, NUL-terminated one after another */
    size_t *id_at; /* by seq: offset in ids, NO_ID when not added */
    size_t id_cap, nseq;
    size_t docs;
};

precis_status precis_terms_new(const precis_terms_options *o, precis_terms **out)
{
    if (!out)
        return PRECIS_EINVAL;
    *out = NULL;
    if (o && o->top_docs > UINT32_MAX)
        return PRECIS_EINVAL;
    precis_terms *t = calloc(1, sizeof *t);
    if (!t)
        goto fail;
    t->k = o ? o->top_docs : 0;
    if (precis_counts_new(&t->all) != PRECIS_OK)
        goto fail;
    t->slots = vocab_new();
    if (!t->slots)
        goto fail;
    *out = t;
    return PRECIS_OK;
fail:
    precis_terms_free(t);
    return PRECIS_ENOMEM;
}

void precis_terms_free(precis_terms *t)
{
    if (!t)
        return;
    precis_counts_free(t->all);
    vocab_free(t->slots);
    for (size_t i = 0; i < t->nheaps; i++)
        free(t->heaps[i].h);
    free(t->heaps);
    buf_free(&t->ids);
    free(t->id_at);
    free(t);
}

/* A total order on documents, so the heaps end the same whatever order documents come in:
 * larger weight first, then the earlier document. */
static int better(const top_doc *a, const top_doc *b)
{
    return a->weight > b->weight || (a->weight == b->weight && a->seq < b->seq);
}

static void sift_down(top_doc *h, size_t n, size_t i)
{
    for (;;) {
        size_t worst = i;
        const size_t l = 2 * i + 1, r = l + 1;
        if (l < n && better(&h[worst], &h[l]))
            worst = l;
        if (r < n && better(&h[worst], &h[r]))
            worst = r;
        if (worst == i)
            return;
        const top_doc tmp = h[i];
        h[i] = h[worst];
        h[worst] = tmp;
        i = worst;
    }
}

/* Offers doc to a heap of at most k entries: kept when among the k best so far. Returns -1
 * when out of memory. */
static int heap_offer(heap *hp, uint32_t k, top_doc doc)
{
    if (hp->n < k) {
        if (hp->n == hp->cap) {
            const uint32_t cap = hp->cap ? (hp->cap > k / 2 ? k : hp->cap * 2) : 1;
            top_doc *const nh = realloc(hp->h, cap * sizeof *nh);
            if (!nh)
                return -1;
            hp->h = nh;
            hp->cap = cap;
        }
        top_doc *const h = hp->h;
        size_t i = hp->n++;
        h[i] = doc;
        while (i > 0 && better(&h[(i - 1) / 2], &h[i])) {
            const top_doc tmp = h[i];
            h[i] = h[(i - 1) / 2];
            h[(i - 1) / 2] = tmp;
            i = (i - 1) / 2;
        }
    } else if (k > 0 && better(&doc, &hp->h[0])) {
        hp->h[0] = doc;
        sift_down(hp->h, k, 0);
    }
    return 0;
}

/* The slot of key, created with an empty heap when new; VOCAB_NONE when out of memory. */
static uint32_t slot_of(precis_terms *t, const char *key)
{
    const uint32_t id = vocab_intern(t->slots, key, strlen(key));
    if (id == VOCAB_NONE || (size_t)id < t->nheaps)
        return id;
    if (GROW(t->heaps, t->heaps_cap, (size_t)id + 1))
        return VOCAB_NONE;
    for (; t->nheaps <= (size_t)id; t->nheaps++)
        t->heaps[t->nheaps] = (heap){NULL, 0, 0};
    return id;
}

precis_status precis_terms_add(precis_terms *t, const precis_term_vector *v, size_t seq,
                               const char *id)
{
    if (!t || !v || !id || seq == SIZE_MAX)
        return PRECIS_EINVAL;
    if (seq < t->nseq && t->id_at[seq] != NO_ID)
        return PRECIS_EINVAL; /* each document once: it would count twice */
    if (seq >= t->nseq) {
        if (GROW(t->id_at, t->id_cap, seq + 1))
            return PRECIS_ENOMEM;
        for (size_t i = t->nseq; i <= seq; i++)
            t->id_at[i] = NO_ID;
        t->nseq = seq + 1;
    }
    const size_t off = t->ids.len;
    if (buf_append(&t->ids, id, strlen(id) + 1))
        return PRECIS_ENOMEM;
    precis_status st = precis_counts_merge(t->all, v->counts);
    if (st != PRECIS_OK)
        return st;
    for (size_t i = 0; t->k && i < v->n; i++) {
        const uint32_t slot = slot_of(t, v->w[i].key);
        if (slot == VOCAB_NONE)
            return PRECIS_ENOMEM;
        if (heap_offer(&t->heaps[slot], (uint32_t)t->k, (top_doc){v->w[i].weight, seq}))
            return PRECIS_ENOMEM;
    }
    t->id_at[seq] = off;
    t->docs++;
    return PRECIS_OK;
}

/* A row while it is sorted: the stat and the slot of its heap. */
typedef struct pending {
    precis_term_stat s;
    uint32_t slot;
} pending;

static int cmp_key(const pending *x, const pending *y)
{
    return strcmp(x->s.key, y->s.key);
}

static int cmp_freq(const void *a, const void *b)
{
    const pending *const x = a, *const y = b;
    if (x->s.freq != y->s.freq)
        return x->s.freq > y->s.freq ? -1 : 1;
    return cmp_key(x, y);
}

static int cmp_df(const void *a, const void *b)
{
    const pending *const x = a, *const y = b;
    if (x->s.df != y->s.df)
        return x->s.df > y->s.df ? -1 : 1;
    return cmp_key(x, y);
}

static int cmp_idf(const void *a, const void *b)
{
    const pending *const x = a, *const y = b;
    if (x->s.idf != y->s.idf)
        return x->s.idf > y->s.idf ? -1 : 1;
    return cmp_key(x, y);
}

static int cmp_term(const void *a, const void *b)
{
    const pending *const x = a, *const y = b;
    const int r = strcmp(x->s.term, y->s.term);
    return r ? r : cmp_key(x, y);
}

static int cmp_top(const void *a, const void *b)
{
    const top_doc *const x = a, *const y = b;
    return better(x, y) ? -1 : better(y, x) ? 1 : 0;
}

precis_status precis_terms_stats(const precis_terms *t, const precis_corpus *c,
                                 precis_idf_variant idf, const precis_terms_select *sel,
                                 precis_term_stats **out)
{
    static const precis_terms_select all = {0};
    precis_status st = PRECIS_EINVAL;
    pending *rows = NULL;
    size_t n = 0, m = 0; /* keys, and rows kept */
    precis_term_stats *s = NULL;
    if (!out)
        return PRECIS_EINVAL;
    *out = NULL;
    if (!sel)
        sel = &all;
    if (!t || (unsigned)idf > PRECIS_IDF_PROBABILISTIC ||
        (unsigned)sel->sort > PRECIS_TERMS_BY_TERM)
        goto fail;
    st = PRECIS_ENOMEM;
    n = precis_counts_size(t->all);
    /* Megabytes for a corpus: on huge pages (table_alloc()), not a page fault every 4 KiB. */
    rows = table_alloc((n ? n : 1) * sizeof *rows);
    s = calloc(1, sizeof *s);
    if (!rows || !s)
        goto fail;
    const double ndocs = (double)precis_corpus_doc_count(c);
    for (size_t i = 0; i < n; i++) {
        precis_term_stat *const r = &rows[m].s;
        precis_counts_term(t->all, i, &r->key, &r->term, &r->freq, NULL);
        r->df = precis_corpus_df(c, r->key, strlen(r->key));
        if (r->freq < sel->min_freq || r->df < sel->min_df)
            continue;
        r->words = key_words(r->key);
        r->idf = weight_idf_value(idf_kind(idf), ndocs, (double)r->df);
        rows[m].slot = vocab_find(t->slots, r->key, strlen(r->key));
        m++;
    }
    int (*const cmp[])(const void *, const void *) = {cmp_freq, cmp_df, cmp_idf, cmp_term};
    sort_array(rows, m, sizeof *rows, cmp[sel->sort]);
    if (sel->limit && m > sel->limit)
        m = sel->limit;
    s->docs = t->docs;
    s->terms = n;
    /* As rows; precis_terms_stats_free() frees it by its count, which is m once it is full. */
    s->term = table_alloc((m ? m : 1) * sizeof *s->term);
    if (!s->term)
        goto fail;
    for (size_t i = 0; i < m; i++) {
        precis_term_stat *const r = &s->term[s->count];
        *r = rows[i].s;
        const uint32_t slot = rows[i].slot;
        const size_t k = slot == VOCAB_NONE ? 0 : t->heaps[slot].n;
        if (k) {
            top_doc *const h = malloc(k * sizeof *h);
            r->top = calloc(k, sizeof *r->top);
            if (!h || !r->top) {
                free(h);
                free(r->top);
                goto fail;
            }
            memcpy(h, t->heaps[slot].h, k * sizeof *h);
            sort_array(h, k, sizeof *h, cmp_top);
            for (size_t j = 0; j < k; j++)
                r->top[j] =
                    (precis_term_doc){t->ids.data + t->id_at[h[j].seq], h[j].seq, h[j].weight};
            r->ntop = k;
            free(h);
        }
        s->count++;
    }
    table_free(rows, (n ? n : 1) * sizeof *rows);
    *out = s;
    return PRECIS_OK;
fail:
    table_free(rows, (n ? n : 1) * sizeof *rows);
    if (s && s->term) { /* not full: freed here by the size it was made with */
        for (size_t i = 0; i < s->count; i++)
            free(s->term[i].top);
        table_free(s->term, (m ? m : 1) * sizeof *s->term);
        s->term = NULL;
        s->count = 0;
    }
    precis_terms_stats_free(s);
    return st;
}

void precis_terms_stats_free(precis_term_stats *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->count; i++)
        free(s->term[i].top);
    if (s->term)
        table_free(s->term, (s->count ? s->count : 1) * sizeof *s->term);
    free(s);
}
