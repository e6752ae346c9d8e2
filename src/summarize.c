/* summarize.c - extractive summaries: sentence scoring by the classic methods (lead, Luhn,
 * TF-IDF centroid, TextRank, LexRank, LSA, SumBasic, KLSum) and a news-tuned default, then
 * selection within a sentence/word budget. Each method cites its paper beside its code. */
#include "summarize.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "corpus.h"
#include "precis.h"
#include "utf8.h"
#include "util.h"
#include "weight.h"

#define NONE UINT32_MAX

/* ---- method names ------------------------------------------------------------------------ */

static const char *const method_names[] = {"default", "lead", "luhn",     "tfidf", "textrank",
                                           "lexrank", "lsa",  "sumbasic", "kl"};
#define METHOD_COUNT (sizeof method_names / sizeof method_names[0])

const char *precis_summary_method_name(precis_summary_method m)
{
    return (size_t)m < METHOD_COUNT ? method_names[m] : NULL;
}

precis_status precis_summary_method_parse(const char *s, precis_summary_method *out)
{
    for (size_t i = 0; s && i < METHOD_COUNT; i++)
        if (!strcmp(s, method_names[i])) {
            *out = (precis_summary_method)i;
            return PRECIS_OK;
        }
    return PRECIS_EINVAL;
}

int precis_summary_method_uses_idf(precis_summary_method m)
{
    return m == PRECIS_SUMMARY_TFIDF || m == PRECIS_SUMMARY_LEXRANK || m == PRECIS_SUMMARY_LSA;
}

void precis_summary_free(precis_summary *s)
{
    if (!s)
        return;
    free(s->sentence);
    free(s->score);
    free(s);
}

/* ---- the document as sparse vectors ------------------------------------------------------ */

/* One entry of a sentence's term vector, sorted by term. */
typedef struct cell {
    uint32_t term;
    uint32_t tf;
} cell;

/* A posting: a sentence holding a term, and how often. */
typedef struct posting {
    uint32_t sent;
    uint32_t tf;
} posting;

/* What a method reads of the model besides its sentence and word counts (all that lead
 * reads): model_build() makes only the parts asked for, and the others stay NULL. */
enum {
    MODEL_TERMS = 1,     /* the sentence x term vectors (cells), content counts, ltf */
    MODEL_POSTINGS = 2,  /* postings: the graph, MMR, SumBasic and KLSum go term to sentence */
    MODEL_DTF = 4,       /* body counts by term: Luhn, TF-IDF, LSA, SumBasic, KLSum */
    MODEL_IDF = 8,       /* corpus idf and norm: TF-IDF, LexRank, LSA */
    MODEL_TOKTERM = 16,  /* each token's term: Luhn reads the text token by token */
    MODEL_SPECIFIC = 32, /* names and figures by sentence: the default's specificity */
    MODEL_SIDF = 64,     /* sentence idf and snorm: the default's MMR */
    MODEL_TITLE = 128,   /* the title's terms: the default's title cue */
};

typedef struct model {
    const precis_pipeline *p;
    const precis_doc *d;
    size_t n;       /* sentences */
    size_t nterms;  /* distinct content terms, ids by first occurrence */
    uint32_t *stem; /* term -> pipeline stem id */
    double *dtf;    /* term -> occurrences in the body; MODEL_DTF */
    double *idf;    /* term -> smoothed idf; MODEL_IDF */
    size_t *off;    /* sentence i's cells are cells[off[i] .. off[i+1]) */
    cell *cells;
    size_t *poff; /* term t's postings are post[poff[t] .. poff[t+1]); MODEL_POSTINGS */
    posting *post;
    size_t *words;        /* sentence -> word count (words, numbers, acronyms, stopwords too) */
    size_t *content;      /* sentence -> content tokens (sum of its tf) */
    size_t *specific;     /* sentence -> its words after the first that are names or figures
                           * (see specificity); MODEL_SPECIFIC */
    uint32_t *tokterm;    /* body token -> term, NONE when not a content term; MODEL_TOKTERM */
    double *norm;         /* sentence -> length of its (1 + ln tf) idf vector; MODEL_IDF */
    double *sidf;         /* term -> smoothed idf over the doc's own sentences; MODEL_SIDF */
    double *snorm;        /* sentence -> length of its (1 + ln tf) sidf vector; MODEL_SIDF */
    int *in_title;        /* term -> 1 when the title holds it; MODEL_TITLE */
    uint32_t *title_term; /* the title's content terms, title_terms of them; MODEL_TITLE */
    double *ltf;          /* tf -> 1 + ln tf, for every tf of a cell (up to max_tf) */
    size_t max_tf;
    const precis_token *tok; /* the body's tokens (precis_doc_token(d, 0) onwards) */
    size_t title_terms;
    size_t total_words;
    int with_idf;             /* idf and norm were built (MODEL_IDF) */
    void *by_token, *by_term; /* the blocks the arrays above are carved from */
    /* Lends the scratch blocks of the model and the methods (SLOT_*), kept from one doc to the
     * next; NULL: they are malloc'd a call. */
    precis_corpus_view *view;
} model;

/* The view's scratch blocks a summary takes (corpus_view_scratch()), one a kind of block
 * that may be live at once: the output pass of summarize took a fifth of its page faults
 * in blocks malloc'd and freed an article, taken afresh whenever a longer article came. The
 * three largest are keywords' three blocks too (a summary and keywords are never made at
 * once): pages one has touched serve the other. */
enum {
    SLOT_TERM = 0,  /* the model's arrays by term and cell */
    SLOT_TOKEN = 1, /* the model's arrays by token and sentence */
    SLOT_GRAPH = 2, /* graph_build()'s work arrays, then PageRank's */
    SLOT_EDGES = 3, /* the graph's edges */
    SLOT_CALL = 4,  /* summarize()'s scores and budget */
    SLOT_SCORE = 5, /* a method's own: score_default(), select_mmr(), select_kl() */
};

/* Frees p unless view lent it (a block of the view's). */
static void lent_free(const precis_corpus_view *view, void *p)
{
    if (!view)
        free(p);
}

static void model_free(model *m)
{
    lent_free(m->view, m->by_token);
    lent_free(m->view, m->by_term);
}

/* Carves arrays out of one allocation, one malloc a stage instead of one an array: a
 * first pass with base NULL only adds up the size, a second hands out the pieces. */
typedef struct carver {
    unsigned char *base;
    size_t used;
} carver;

static void *carve(carver *c, size_t count, size_t size)
{
    void *const p = c->base ? c->base + c->used : NULL;
    c->used += (count * size + 15) & ~(size_t)15; /* 16-byte aligned, as malloc's */
    return p;
}

/* Mallocs c's block after a sizing pass (c->used), or borrows view's block slot when view is
 * not NULL (free it with lent_free()), and rewinds it for the carving pass. */
static void *carver_alloc(carver *c, precis_corpus_view *view, size_t slot)
{
    const size_t size = c->used ? c->used : 1;
    c->base = view ? corpus_view_scratch(view, slot, size) : malloc(size);
    c->used = 0;
    return c->base;
}

static int is_word(const precis_token *t)
{
    return t->kind == PRECIS_TOKEN_WORD || t->kind == PRECIS_TOKEN_NUMBER ||
           t->kind == PRECIS_TOKEN_ACRONYM;
}

/* A content term: a term of the corpus (not a stopword) that is a word, number or acronym. */
static int is_content(const precis_token *t)
{
    return corpus_token_is_term(t) && is_word(t);
}

static int cmp_cell(const void *a, const void *b)
{
    const cell *const x = a, *const y = b;
    return (x->term > y->term) - (x->term < y->term);
}

/* Sorts c[0..n) by term (one cell a term): a sentence's few cells by insertion (qsort's
 * indirect calls were most of the cost of sorting twenty cells), a long one by sort_array. */
static void sort_cells(cell *c, size_t n)
{
    if (n > 48) {
        sort_array(c, n, sizeof *c, cmp_cell);
        return;
    }
    for (size_t i = 1; i < n; i++) {
        const cell x = c[i];
        size_t j = i;
        for (; j > 0 && c[j - 1].term > x.term; j--)
            c[j] = c[j - 1];
        c[j] = x;
    }
}

/* Open-addressing map from pipeline stem id to local term id, ids in order of first use.
 * It starts small and doubles to stay at most half full: sized for the worst case (every
 * token a new term) it took 12 MB for a 1 MB article, which has some 20,000 terms, in page
 * faults alone. A slot's key and id share 8 bytes, so a probe reads one cache line and a
 * new map has only those to clear; what model_build tracks of each term is kept by id. */
typedef struct idslot {
    uint32_t key; /* stem + 1; 0 = empty */
    uint32_t val; /* local term id */
} idslot;

typedef struct idmap {
    idslot *slot;
    size_t mask, used;
} idmap;

#define FRESH_CELL ((uint32_t)1 << 31)

static size_t idmap_slot(const idmap *m, uint32_t stem)
{
    size_t h = (size_t)(stem * 2654435761u) & m->mask;
    while (m->slot[h].key && m->slot[h].key != stem + 1)
        h = (h + 1) & m->mask;
    return h;
}

/* An empty map of slots (a power of two) slots. */
static int idmap_init(idmap *m, size_t slots)
{
    if (!(m->slot = calloc(slots, sizeof *m->slot)))
        return -1;
    m->mask = slots - 1;
    m->used = 0;
    return 0;
}

/* Doubles m's slots, keeping its entries. 0, or -1 when out of memory (m unchanged). */
static int idmap_grow(idmap *m)
{
    const idmap old = *m;
    if (idmap_init(m, 2 * (old.mask + 1))) {
        *m = old;
        return -1;
    }
    for (size_t h = 0; h <= old.mask; h++)
        if (old.slot[h].key)
            m->slot[idmap_slot(m, old.slot[h].key - 1)] = old.slot[h];
    m->used = old.used;
    free(old.slot);
    return 0;
}

/* What the token pass keeps of a term, by term id. */
typedef struct term_seen {
    uint32_t sent; /* sentence + 1 where the term was last seen */
    uint32_t cell; /* its cell in that sentence, FRESH_CELL-tagged when in fresh[] */
    uint32_t df;   /* sentences holding it so far */
} term_seen;

/* The arrays sized by tokens and sentences: the word counts alone without MODEL_TERMS. */
static void carve_by_token(model *m, carver *c, size_t ntok, int need, cell **fresh,
                           term_seen **seen)
{
    const size_t n = m->n;
    m->words = carve(c, n + 1, sizeof *m->words);
    if (!(need & MODEL_TERMS))
        return;
    m->stem = carve(c, ntok + 1, sizeof *m->stem);
    m->tokterm = need & MODEL_TOKTERM ? carve(c, ntok + 1, sizeof *m->tokterm) : NULL;
    m->cells = carve(c, ntok + 1, sizeof *m->cells);
    m->off = carve(c, n + 1, sizeof *m->off);
    m->content = carve(c, n + 1, sizeof *m->content);
    m->specific = need & MODEL_SPECIFIC ? carve(c, n + 1, sizeof *m->specific) : NULL;
    m->norm = m->with_idf ? carve(c, n + 1, sizeof *m->norm) : NULL;
    m->snorm = need & MODEL_SIDF ? carve(c, n + 1, sizeof *m->snorm) : NULL;
    *fresh = carve(c, ntok + 1, sizeof **fresh);
    *seen = carve(c, ntok + 1, sizeof **seen);
}

/* The arrays sized by terms and cells, and model_build's own scratch. */
static void carve_by_term(model *m, carver *c, size_t ncell, size_t ntt, int need, double **sidf_of,
                          size_t **cdf, size_t **fill)
{
    const size_t nt = m->nterms;
    m->dtf = need & MODEL_DTF ? carve(c, nt + 1, sizeof *m->dtf) : NULL;
    m->idf = m->with_idf ? carve(c, nt + 1, sizeof *m->idf) : NULL;
    m->sidf = need & MODEL_SIDF ? carve(c, nt + 1, sizeof *m->sidf) : NULL;
    if (need & MODEL_POSTINGS) {
        m->poff = carve(c, nt + 2, sizeof *m->poff);
        m->post = carve(c, ncell + 1, sizeof *m->post);
        *fill = carve(c, nt + 1, sizeof **fill);
    }
    if (need & MODEL_TITLE) {
        m->in_title = carve(c, nt + 1, sizeof *m->in_title);
        m->title_term = carve(c, ntt + 1, sizeof *m->title_term);
    }
    m->ltf = carve(c, m->max_tf + 1, sizeof *m->ltf);
    *sidf_of = carve(c, m->n + 1, sizeof **sidf_of);
    *cdf = m->with_idf ? carve(c, nt + 1, sizeof **cdf) : NULL;
}

/* Lead's model: the sentences' word counts, all it reads (for the budget). */
static void count_words(model *m)
{
    for (size_t i = 0; i < m->n; i++) {
        const precis_sentence *const s = precis_doc_sentence(m->d, i);
        size_t words = 0;
        for (size_t ti = s->first_token; ti < s->first_token + s->token_count; ti++)
            words += (size_t)is_word(&m->tok[ti]);
        m->words[i] = words;
        m->total_words += words;
    }
}

/* 1 when token t of text opens with a capital (a name or an acronym). */
static int is_capitalised(const char *text, const precis_token *t)
{
    /* ASCII decides at once, as utf8_is_upper() would; other letters go through it. */
    const unsigned char c = (unsigned char)text[t->start];
    if (c < 0x80)
        return (unsigned)c - 'A' < 26;
    size_t at = t->start;
    return utf8_is_upper(utf8_decode(text, t->end, &at));
}

/* Builds the sentence x term model of d, the parts need asks for (MODEL_*). Document
 * frequencies come from corpus when it holds two or more documents; otherwise sentences
 * stand in for documents. IDF is the smoothed form ln((1+N)/(1+df)) + 1, which stays
 * positive for terms in every sentence. The idf and norm arrays are built only with_idf: the
 * methods that weigh by idf (TF-IDF, LexRank, LSA) ask for them; the others, the default
 * included, skip the corpus look-ups. */
static precis_status model_build(model *m, const precis_pipeline *p, const precis_doc *d,
                                 const precis_corpus *corpus, precis_corpus_view *view, int need)
{
    const int with_idf = (need & MODEL_IDF) != 0;
    memset(m, 0, sizeof *m);
    m->view = view;
    m->with_idf = with_idf;
    m->p = p;
    m->d = d;
    m->n = precis_doc_sentence_count(d);
    const size_t ntok = precis_doc_token_count(d);
    const size_t n = m->n;
    /* The doc keeps its tokens in one array: index it rather than call per token. */
    m->tok = ntok ? precis_doc_token(d, 0) : NULL;
    assert(ntok == 0 || precis_doc_token(d, ntok - 1) == m->tok + ntok - 1);
    assert(ntok < FRESH_CELL && n < UINT32_MAX); /* cells and sentences fit the map's fields */
    assert(need == 0 || (need & MODEL_TERMS));   /* every other part is made from the terms */
    carver c = {0};
    cell *fresh = NULL;     /* a sentence's cells of terms new to the doc */
    term_seen *seen = NULL; /* by term; set when the term is first met */
    carve_by_token(m, &c, ntok, need, &fresh, &seen);
    if (!(m->by_token = carver_alloc(&c, view, SLOT_TOKEN)))
        return PRECIS_ENOMEM;
    carve_by_token(m, &c, ntok, need, &fresh, &seen);
    if (!(need & MODEL_TERMS)) {
        count_words(m);
        return PRECIS_OK;
    }
    const char *const text = precis_article_text(precis_doc_article(d), NULL);
    idmap map;
    /* Half the tokens at most are distinct content terms in news (BBC: 412 of 724 on
     * average); the map doubles past that. */
    size_t slots = 16;
    while (slots < ntok + 2 && slots < 4096)
        slots *= 2;
    if (idmap_init(&map, slots))
        return PRECIS_ENOMEM;
    precis_status st = PRECIS_ENOMEM;

    /* A sentence's vector is its cells sorted by term, repeats merged into counts. Terms
     * take ids in order of first use, so the terms new to the doc come after every older one
     * and in ascending order already: only the older ones need sorting. Repeats are found
     * through the map (the term's last sentence and cell) rather than by sorting. */
    size_t ncell = 0, max_tf = 0;
    /* The token pass reads only what it needs of each token (kind, stopword, stem; a
     * capital's first byte for specificity) and keeps its counts and arrays in locals. */
    const precis_token *const tok = m->tok;
    uint32_t *const tokterm = m->tokterm;
    uint32_t *const stem = m->stem;
    cell *const cells = m->cells;
    const int count_specific = m->specific != NULL;
    if (tokterm) /* NONE (all ones) until a content term is met, cleared at once */
        memset(tokterm, 0xFF, ntok * sizeof *tokterm);
    size_t nterms = 0;
    for (size_t i = 0; i < n; i++) {
        const precis_sentence *const s = precis_doc_sentence(d, i);
        const size_t first = ncell, older = nterms;
        size_t nfresh = 0, words = 0, content = 0, specific = 0;
        m->off[i] = ncell;
        const size_t t_end = s->first_token + s->token_count;
        for (size_t ti = s->first_token; ti < t_end; ti++) {
            const precis_token *const t = &tok[ti];
            if (!is_word(t))
                continue;
            if (count_specific && words > 0 &&
                (t->kind == PRECIS_TOKEN_NUMBER || is_capitalised(text, t)))
                specific++;
            words++;
            /* A word is never a symbol: of corpus_token_is_term() only the stopword is left. */
            if (t->stop)
                continue;
            content++;
            idslot *sl = &map.slot[idmap_slot(&map, t->stem)];
            if (!sl->key) {
                /* New to the doc (most terms of a news article are met once): its id is the
                 * next, so its cell goes last among the fresh ones, with its count and df 1. */
                if (2 * (map.used + 1) > map.mask + 1) {
                    if (idmap_grow(&map))
                        goto done;
                    sl = &map.slot[idmap_slot(&map, t->stem)];
                }
                map.used++;
                *sl = (idslot){t->stem + 1, (uint32_t)nterms};
                if (tokterm)
                    tokterm[ti] = (uint32_t)nterms;
                seen[nterms] = (term_seen){(uint32_t)(i + 1), (uint32_t)nfresh | FRESH_CELL, 1};
                fresh[nfresh++] = (cell){(uint32_t)nterms, 1};
                stem[nterms++] = t->stem;
                continue;
            }
            const uint32_t term = sl->val;
            term_seen *const ts = &seen[term];
            if (tokterm)
                tokterm[ti] = term;
            if (ts->sent == i + 1) {
                const uint32_t at = ts->cell;
                cell *const ce = at & FRESH_CELL ? &fresh[at & ~FRESH_CELL] : &cells[at];
                if (++ce->tf > max_tf)
                    max_tf = ce->tf;
                continue;
            }
            ts->sent = (uint32_t)(i + 1);
            ts->df++;
            if (term >= older) {
                ts->cell = (uint32_t)nfresh | FRESH_CELL;
                fresh[nfresh++] = (cell){term, 1};
            } else {
                ts->cell = (uint32_t)ncell;
                cells[ncell++] = (cell){term, 1};
            }
        }
        sort_cells(cells + first, ncell - first);
        memcpy(cells + ncell, fresh, nfresh * sizeof *fresh);
        ncell += nfresh;
        m->words[i] = words;
        m->content[i] = content;
        if (m->specific)
            m->specific[i] = specific;
        m->total_words += words;
    }
    /* Cells start at 1 and only the repeats above raise them. */
    m->max_tf = ncell && max_tf < 1 ? 1 : max_tf;
    m->nterms = nterms;
    m->off[n] = ncell;

    const size_t nt = m->nterms;
    const size_t ntt = precis_doc_title_token_count(d);
    /* IDF depends on the term only through its df, and dfs repeat (most terms are in one
     * sentence, or in a few documents): each idf is computed once per df seen, by sentence
     * df in sidf_of[] and by corpus df in a small direct-mapped cache. */
    double *sidf_of;     /* sentence df -> idf; 0 = not yet (the idf is >= 1) */
    size_t *cdf = NULL;  /* corpus document frequencies, looked up together */
    size_t *fill = NULL; /* term -> next free posting */
    carve_by_term(m, &c, ncell, ntt, need, &sidf_of, &cdf, &fill);
    if (!(m->by_term = carver_alloc(&c, view, SLOT_TERM)))
        goto done; /* the caller's model_free() frees the first block */
    carve_by_term(m, &c, ncell, ntt, need, &sidf_of, &cdf, &fill);
    if (m->dtf)
        memset(m->dtf, 0, (nt + 1) * sizeof *m->dtf);
    memset(sidf_of, 0, (n + 1) * sizeof *sidf_of);
    for (size_t k = 0; k <= m->max_tf; k++)
        m->ltf[k] = weight_tf_value(WEIGHT_TF_LOG, (double)k, NULL);

    const int use_corpus = with_idf && corpus && precis_corpus_doc_count(corpus) >= 2;
    const double big_n = use_corpus ? (double)precis_corpus_doc_count(corpus) : (double)n;
    enum { IDF_CACHE = 256 };
    size_t idf_key[IDF_CACHE];
    double idf_val[IDF_CACHE];
    if (use_corpus) {
        for (size_t k = 0; k < IDF_CACHE; k++)
            idf_key[k] = SIZE_MAX;
        if (view)
            corpus_view_stem_dfs(view, m->stem, nt, cdf);
        else
            corpus_stem_dfs(corpus, p, m->stem, nt, cdf);
    }
    /* One pass over the terms: the postings' offsets, by counting sort over the sentence dfs
     * of the token pass (sentences come out ascending within each term; they are filled
     * below, with the norms), and the idfs. The sentence idf is needed for the sidf or when
     * sentences stand in for documents. */
    size_t *const poff = m->poff;
    double *const sidf = m->sidf;
    const int by_sentence = sidf || (with_idf && !use_corpus);
    if (poff)
        poff[0] = 0;
    for (size_t t = 0; t < nt; t++) {
        const size_t df = seen[t].df;
        if (poff)
            poff[t + 1] = poff[t] + df;
        if (by_sentence && !(sidf_of[df] > 0))
            sidf_of[df] = weight_idf_value(WEIGHT_IDF_SMOOTH, (double)n, (double)df);
        if (sidf)
            sidf[t] = sidf_of[df];
        if (!with_idf)
            continue;
        if (!use_corpus) {
            m->idf[t] = sidf_of[df];
            continue;
        }
        const size_t h = cdf[t] % IDF_CACHE;
        if (idf_key[h] != cdf[t]) {
            idf_key[h] = cdf[t];
            idf_val[h] = weight_idf_value(WEIGHT_IDF_SMOOTH, big_n, (double)cdf[t]);
        }
        m->idf[t] = idf_val[h];
    }
    if (poff) {
        poff[nt + 1] = poff[nt];
        memcpy(fill, poff, (nt + 1) * sizeof *fill);
    }
    /* One pass over the cells: postings, body counts and the norms asked for. */
    posting *const post = m->post;
    double *const dtf = m->dtf, *const snorm = m->snorm;
    for (size_t i = 0; i < n; i++) {
        double ss = 0, sss = 0;
        for (size_t e = m->off[i]; e < m->off[i + 1]; e++) {
            const cell *const ce = &cells[e];
            if (post)
                post[fill[ce->term]++] = (posting){(uint32_t)i, ce->tf};
            if (dtf)
                dtf[ce->term] += ce->tf;
            const double tf = m->ltf[ce->tf];
            if (with_idf) {
                const double w = tf * m->idf[ce->term];
                ss += w * w;
            }
            if (snorm) {
                const double sw = tf * sidf[ce->term];
                sss += sw * sw;
            }
        }
        if (with_idf)
            m->norm[i] = sqrt(ss);
        if (snorm)
            snorm[i] = sqrt(sss);
    }
    if (m->in_title) {
        memset(m->in_title, 0, (nt + 1) * sizeof *m->in_title);
        for (size_t k = 0; k < ntt; k++) {
            const precis_token *const t = precis_doc_title_token(d, k);
            if (!is_content(t))
                continue;
            const size_t h = idmap_slot(&map, t->stem);
            if (map.slot[h].key && !m->in_title[map.slot[h].val]) {
                m->in_title[map.slot[h].val] = 1;
                m->title_term[m->title_terms++] = map.slot[h].val;
            }
        }
    }
    st = PRECIS_OK;
done:
    free(map.slot);
    return st;
}

/* Weight of cell c in the (1 + ln tf) idf vectors used for cosines. */
static double cell_weight(const model *m, const cell *c)
{
    assert(m->with_idf);
    return m->ltf[c->tf] * m->idf[c->term];
}

/* ---- the sparse sentence graph -------------------------------------------------------------- */

typedef enum graph_kind {
    GRAPH_OVERLAP,   /* TextRank: shared terms / (ln|Si| + ln|Sj|) */
    GRAPH_IDF_COSINE /* LexRank: idf-modified cosine */
} graph_kind;

/* Above GRAPH_BIG sentences, terms in more than 1 / GRAPH_BIG_SHARE of them are left out of
 * the graph (see graph_build). */
#define GRAPH_BIG 2000
#define GRAPH_BIG_SHARE 10

/* Room for need edges in *e (*cap of them now, the first kept of them filled): view's block
 * SLOT_EDGES, or *e grown by GROW without a view. 0, or -1 when out of memory. */
static int edges_room(precis_corpus_view *view, sum_edge **e, size_t *cap, size_t kept, size_t need)
{
    if (!view)
        return GROW(*e, *cap, need);
    const size_t want = need > 2 * *cap ? need : 2 * *cap;
    sum_edge *const g =
        corpus_view_scratch_grow(view, SLOT_EDGES, want * sizeof *g, kept * sizeof *g);
    if (!g)
        return -1;
    *e = g;
    *cap = want;
    return 0;
}

/* Builds the edges between sentences that share a term, found through the postings (an
 * inverted index), so the cost follows the pairs that exist rather than n^2. Only edges of
 * weight above min_w are kept, ordered by i, then j. *edges is m->view's block SLOT_EDGES, or
 * malloc'd without a view: the caller frees it with lent_free(). */
static precis_status graph_build(const model *m, graph_kind kind, double min_w, sum_edge **edges,
                                 size_t *count)
{
    precis_status st = PRECIS_ENOMEM;
    const size_t n = m->n;
    double *acc, *side;
    uint64_t *held;
    size_t *at;
    size_t cap = 0, ne = 0;
    sum_edge *e = NULL;
    *edges = NULL;
    *count = 0;
    carver blk = {0};
    for (int pass = 0; pass < 2; pass++) {
        if (pass && !carver_alloc(&blk, m->view, SLOT_GRAPH))
            return PRECIS_ENOMEM;
        acc = carve(&blk, n + 1, sizeof *acc);        /* by sentence j > i: the shared sum */
        held = carve(&blk, n / 64 + 1, sizeof *held); /* bit j: acc[j] holds a sum */
        at = carve(&blk, m->nterms + 1, sizeof *at);  /* by term: its posting for sentence i */
        /* By sentence: ln of its content count (TextRank's denominator is ln|Si| + ln|Sj|)
         * or the length of its raw-tf idf vector (LexRank). */
        side = carve(&blk, n + 1, sizeof *side);
    }
    memset(held, 0, (n / 64 + 1) * sizeof *held);
    assert(kind == GRAPH_OVERLAP || m->with_idf);
    /* Room for every pair of a short article (up to 2,048 edges) at once, rather than
     * growing from 8. */
    const size_t pairs = n < 128 ? n * (n - 1) / 2 : SIZE_MAX;
    if (n > 1 && edges_room(m->view, &e, &cap, 0, pairs < 2048 ? pairs : 2048))
        goto fail;
    /* The ln of a content count below 64 is computed once (counts repeat from sentence to
     * sentence, and log() was 7% of the graph's instructions): bit c of ln_known says ln_of[c]
     * holds it. */
    double ln_of[64];
    uint64_t ln_known = 0;
    for (size_t i = 0; i < n; i++) {
        if (kind == GRAPH_OVERLAP) {
            const size_t c = m->content[i];
            if (c >= 64) {
                side[i] = log((double)c);
            } else {
                if (!(ln_known >> c & 1)) {
                    ln_of[c] = c ? log((double)c) : 0;
                    ln_known |= (uint64_t)1 << c;
                }
                side[i] = ln_of[c];
            }
            continue;
        }
        double ss = 0;
        for (size_t c = m->off[i]; c < m->off[i + 1]; c++) {
            const double w = m->cells[c].tf * m->idf[m->cells[c].term];
            ss += w * w;
        }
        side[i] = sqrt(ss);
    }
    memcpy(at, m->poff, m->nterms * sizeof *at);
    /* On very long inputs a term in most sentences would link nearly every pair and the
     * graph would grow as n^2; such terms say little about which sentence matters. */
    const size_t max_df = n > GRAPH_BIG ? n / GRAPH_BIG_SHARE : SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        size_t last = 0; /* the highest sentence touched */
        for (size_t c = m->off[i]; c < m->off[i + 1]; c++) {
            const cell *const ci = &m->cells[c];
            /* Sentences are visited in order, so each term's postings are too: the one after
             * at[term] is the first sentence after i. */
            const size_t lo = ++at[ci->term], hi = m->poff[ci->term + 1];
            assert(m->post[lo - 1].sent == i);
            if (lo == hi || hi - m->poff[ci->term] > max_df)
                continue;
            const double idf2 = kind == GRAPH_OVERLAP ? 0 : m->idf[ci->term] * m->idf[ci->term];
            for (size_t q = lo; q < hi; q++) {
                const uint32_t j = m->post[q].sent;
                const double add =
                    kind == GRAPH_OVERLAP ? 1.0 : ci->tf * (double)m->post[q].tf * idf2;
                const uint64_t bit = (uint64_t)1 << (j & 63);
                if (held[j >> 6] & bit) {
                    acc[j] += add;
                } else {
                    held[j >> 6] |= bit;
                    acc[j] = add;
                }
            }
            if (m->post[hi - 1].sent > last)
                last = m->post[hi - 1].sent;
        }
        if (!last)
            continue;
        /* The bitmap yields the sentences in ascending order, so the edge list is canonical. */
        for (size_t wd = (i + 1) >> 6; wd <= last >> 6; wd++) {
            uint64_t bits = held[wd];
            held[wd] = 0;
            while (bits) {
                const uint32_t j = (uint32_t)(wd * 64 + (size_t)__builtin_ctzll(bits));
                bits &= bits - 1;
                double w = 0;
                if (kind == GRAPH_OVERLAP) {
                    /* Mihalcea & Tarau 2004, eq. for sentence similarity; two one-word
                     * sentences would divide by 0, so their denominator is taken as 1. */
                    const double den = side[i] + side[j];
                    w = acc[j] / (den > 0 ? den : 1);
                } else if (side[i] > 0 && side[j] > 0) {
                    w = acc[j] / (side[i] * side[j]);
                }
                if (!(w > min_w))
                    continue;
                if (ne == cap && edges_room(m->view, &e, &cap, ne, ne + 1))
                    goto fail;
                e[ne].i = (uint32_t)i;
                e[ne].j = j;
                e[ne].w = w;
                ne++;
            }
        }
    }
    *edges = e;
    *count = ne;
    e = NULL;
    st = PRECIS_OK;
fail:
    lent_free(m->view, e);
    lent_free(m->view, blk.base);
    return st;
}

/* sum_pagerank(), its work arrays in view's block SLOT_GRAPH when view is not NULL. */
static int pagerank(precis_corpus_view *view, size_t n, const sum_edge *edges, size_t m,
                    const double *self, const double *jump, double d, double tol, int iters,
                    double *score)
{
    if (n == 0)
        return 0;
    /* Each round gathers node by node over adjacency lists (CSR) instead of scattering edge
     * by edge, so a node's sum stays in a register. A node's list holds its terms in the
     * order the edge list gives them, so they are added in the same order as edge by edge
     * and the scores are the same to the bit. */
    double *out, *base, *loop, *next, *coef;
    size_t *start;
    uint32_t *from;
    carver blk = {0};
    for (int pass = 0; pass < 2; pass++) {
        if (pass && !carver_alloc(&blk, view, SLOT_GRAPH))
            return -1;
        out = carve(&blk, n, sizeof *out);
        base = carve(&blk, n, sizeof *base); /* the jump term (1 - d) jump_i */
        loop = carve(&blk, n, sizeof *loop); /* the self-loop factor d self_i / out_i */
        next = carve(&blk, n, sizeof *next);
        start = carve(&blk, n + 1, sizeof *start); /* node x's terms: [start[x], start[x+1]) */
        from = carve(&blk, 2 * m + 1, sizeof *from);
        /* By term, d * w / out of the node it comes from: the same every round, so divided
         * once (the very operations of the update, in its order). */
        coef = carve(&blk, 2 * m + 1, sizeof *coef);
    }
    memset(out, 0, n * sizeof *out);
    memset(start, 0, (n + 1) * sizeof *start);
    for (size_t e = 0; e < m; e++) {
        out[edges[e].i] += edges[e].w;
        out[edges[e].j] += edges[e].w;
        start[edges[e].i + 1]++;
        start[edges[e].j + 1]++;
    }
    if (self)
        for (size_t i = 0; i < n; i++)
            out[i] += self[i];
    for (size_t i = 0; i < n; i++)
        start[i + 1] += start[i];
    /* Edge by edge, next[j] gained from i before next[i] gained from j. start[x] serves as
     * x's fill cursor and is shifted back after. */
    for (size_t e = 0; e < m; e++) {
        const sum_edge *const g = &edges[e];
        size_t k = start[g->j]++;
        from[k] = g->i;
        coef[k] = d * g->w / out[g->i];
        k = start[g->i]++;
        from[k] = g->j;
        coef[k] = d * g->w / out[g->j];
    }
    for (size_t i = n; i > 0; i--)
        start[i] = start[i - 1];
    start[0] = 0;
    for (size_t i = 0; i < n; i++) {
        base[i] = (1 - d) * (jump ? jump[i] : 1.0 / (double)n);
        loop[i] = self && out[i] > 0 ? d * self[i] / out[i] : 0;
    }
    for (size_t i = 0; i < n; i++)
        score[i] = 1.0 / (double)n;
    double *cur = score;
    int round = 0;
    while (round < iters) {
        round++;
        /* Scores here sum to 1; Mihalcea & Tarau's average 1, so the change is measured on
         * their scale: n times ours. */
        double delta = 0;
        for (size_t i = 0; i < n; i++) {
            double v = base[i] + (self && out[i] > 0 ? loop[i] * cur[i] : 0);
            /* Four terms a step, still added one after the other in list order (the same
             * sum to the bit): the loop's own bookkeeping was half its instructions. */
            size_t k = start[i];
            const size_t end = start[i + 1];
            for (; k + 4 <= end; k += 4) {
                v += coef[k] * cur[from[k]];
                v += coef[k + 1] * cur[from[k + 1]];
                v += coef[k + 2] * cur[from[k + 2]];
                v += coef[k + 3] * cur[from[k + 3]];
            }
            for (; k < end; k++)
                v += coef[k] * cur[from[k]];
            next[i] = v;
            const double dv = fabs(v - cur[i]) * (double)n;
            if (dv > delta)
                delta = dv;
        }
        double *const t = cur;
        cur = next;
        next = t;
        if (delta < tol)
            break;
    }
    if (cur != score)
        memcpy(score, cur, n * sizeof *score);
    lent_free(view, blk.base);
    return round;
}

int sum_pagerank(size_t n, const sum_edge *edges, size_t m, const double *self, const double *jump,
                 double d, double tol, int iters, double *score)
{
    return pagerank(NULL, n, edges, m, self, jump, d, tol, iters, score);
}

/* PageRank constants of both graph papers: damping 0.85, stop at 1e-6 or 100 rounds. */
#define DAMPING 0.85
#define TOLERANCE 1e-6
#define MAX_ROUNDS 100

/* TextRank (Mihalcea & Tarau 2004): weighted PageRank over the overlap graph. */
static precis_status score_textrank(const model *m, const double *jump, double *score)
{
    sum_edge *e = NULL;
    size_t ne = 0;
    precis_status st = graph_build(m, GRAPH_OVERLAP, 0, &e, &ne);
    if (st == PRECIS_OK &&
        pagerank(m->view, m->n, e, ne, NULL, jump, DAMPING, TOLERANCE, MAX_ROUNDS, score) < 0)
        st = PRECIS_ENOMEM;
    lent_free(m->view, e);
    return st;
}

/* LexRank (Erkan & Radev 2004): idf-modified cosine
 *   sim(x,y) = sum_w tf_wx tf_wy idf_w^2 / (|x|_tfidf |y|_tfidf),
 * continuous LexRank (the cosine itself weighs the edge, the diagonal included) or, with a
 * threshold t, the unweighted graph of pairs whose cosine exceeds t; then damped PageRank. */
static precis_status score_lexrank(const model *m, double threshold, double *score)
{
    sum_edge *e = NULL;
    size_t ne = 0;
    double *self = calloc(m->n + 1, sizeof *self);
    precis_status st = PRECIS_ENOMEM;
    if (!self)
        goto fail;
    st = graph_build(m, GRAPH_IDF_COSINE, threshold > 0 ? threshold : 0, &e, &ne);
    if (st != PRECIS_OK)
        goto fail;
    if (threshold > 0)
        for (size_t k = 0; k < ne; k++)
            e[k].w = 1;
    for (size_t i = 0; i < m->n; i++)
        self[i] = m->off[i + 1] > m->off[i] ? 1 : 0;
    st = PRECIS_ENOMEM;
    if (pagerank(m->view, m->n, e, ne, self, NULL, DAMPING, TOLERANCE, MAX_ROUNDS, score) < 0)
        goto fail;
    st = PRECIS_OK;
fail:
    free(self);
    lent_free(m->view, e);
    return st;
}

/* ---- scoring methods without a graph ----------------------------------------------------- */

/* Lead: earlier is better (news is written as an inverted pyramid). */
static void score_lead(const model *m, double *score)
{
    for (size_t i = 0; i < m->n; i++)
        score[i] = 1.0 / (double)(i + 1);
}

/* Luhn 1958, "The automatic creation of literature abstracts": significant words are the
 * content words (stopwords are his upper cut-off) whose frequency reaches a lower cut-off,
 * here max(2, mean frequency of content words); a cluster is a run of significant words no
 * more than 4 insignificant words apart; its score is significant^2 / span, and a sentence
 * scores its best cluster. */
static void score_luhn(const model *m, double *score)
{
    double mean = 0;
    for (size_t t = 0; t < m->nterms; t++)
        mean += m->dtf[t];
    mean = m->nterms ? mean / (double)m->nterms : 0;
    const double cut = mean > 2 ? mean : 2;
    assert(m->tokterm);
    for (size_t i = 0; i < m->n; i++) {
        const precis_sentence *const s = precis_doc_sentence(m->d, i);
        double best = 0;
        size_t pos = 0, first = 0, last = 0, sig = 0;
        int open = 0;
        for (size_t k = 0; k < s->token_count; k++) {
            const size_t ti = s->first_token + k;
            const precis_token *const t = &m->tok[ti];
            if (!is_word(t))
                continue;
            const uint32_t term = m->tokterm[ti];
            const int significant =
                term != NONE && t->kind == PRECIS_TOKEN_WORD && m->dtf[term] >= cut;
            if (significant) {
                if (open && pos - last - 1 <= 4) {
                    sig++;
                } else {
                    if (open) {
                        const double v = (double)(sig * sig) / (double)(last - first + 1);
                        if (v > best)
                            best = v;
                    }
                    open = 1;
                    first = pos;
                    sig = 1;
                }
                last = pos;
            }
            pos++;
        }
        if (open) {
            const double v = (double)(sig * sig) / (double)(last - first + 1);
            if (v > best)
                best = v;
        }
        score[i] = best;
    }
}

/* Centroid score in the manner of Radev et al. 2004 (MEAD): cosine between a sentence's
 * (1 + ln tf) idf vector and the document's centroid, the tf idf vector of the whole text. */
static precis_status score_tfidf(const model *m, double *score)
{
    double *cen = malloc((m->nterms + 1) * sizeof *cen);
    if (!cen)
        return PRECIS_ENOMEM;
    double cn = 0;
    for (size_t t = 0; t < m->nterms; t++) {
        cen[t] = weight_tf_value(WEIGHT_TF_LOG, m->dtf[t], NULL) * m->idf[t];
        cn += cen[t] * cen[t];
    }
    cn = sqrt(cn);
    for (size_t i = 0; i < m->n; i++) {
        double dot = 0;
        for (size_t c = m->off[i]; c < m->off[i + 1]; c++)
            dot += cell_weight(m, &m->cells[c]) * cen[m->cells[c].term];
        score[i] = m->norm[i] > 0 && cn > 0 ? dot / (m->norm[i] * cn) : 0;
    }
    free(cen);
    return PRECIS_OK;
}

/* Caps that keep the SVD within a second on a 1 MB article: its cost grows as rows x cols^2. */
#define LSA_MAX_TERMS 250
#define LSA_MAX_SENTENCES 1500
#ifndef LSA_MIN_DIMS
#define LSA_MIN_DIMS 1
#endif

typedef struct ranked {
    double w;
    size_t i;
} ranked;

/* Heavier first; ties by index, so the order never depends on the sort. */
static int cmp_ranked(const void *a, const void *b)
{
    const ranked *const x = a, *const y = b;
    if (x->w != y->w)
        return x->w < y->w ? 1 : -1;
    return (x->i > y->i) - (x->i < y->i);
}

/* LSA (Gong & Liu 2001; length score of Steinberger & Jezek 2004): SVD of the term x
 * sentence matrix of (1 + ln tf) idf weights, A = U S V^T; sentence i scores
 * sqrt(sum_k (s_k v_ik)^2) over the top r dimensions, r = the summary length (Gong & Liu's
 * one concept a sentence) capped by the rank. GSL wants rows >= columns, so the taller of A
 * and A^T is decomposed. Big inputs keep the LSA_MAX_TERMS heaviest terms and the
 * LSA_MAX_SENTENCES heaviest sentences; the rest score 0. */
static precis_status score_lsa(const model *m, size_t want, double *score)
{
    precis_status st = PRECIS_ENOMEM;
    ranked *rk = NULL;
    uint32_t *col_of_term = NULL;
    size_t *sent_of_row = NULL;
    gsl_matrix *a = NULL, *v = NULL;
    gsl_vector *s = NULL, *work = NULL;
    for (size_t i = 0; i < m->n; i++)
        score[i] = 0;
    const size_t nt = m->nterms;
    rk = malloc((nt > m->n ? nt : m->n) * sizeof *rk + sizeof *rk);
    col_of_term = malloc((nt + 1) * sizeof *col_of_term);
    sent_of_row = malloc((m->n + 1) * sizeof *sent_of_row);
    if (!rk || !col_of_term || !sent_of_row)
        goto fail;
    for (size_t t = 0; t < nt; t++) {
        rk[t].w = weight_tf_value(WEIGHT_TF_LOG, m->dtf[t], NULL) * m->idf[t];
        rk[t].i = t;
        col_of_term[t] = NONE;
    }
    sort_array(rk, nt, sizeof *rk, cmp_ranked);
    const size_t kt = nt < LSA_MAX_TERMS ? nt : LSA_MAX_TERMS;
    for (size_t k = 0; k < kt; k++)
        col_of_term[rk[k].i] = (uint32_t)k;
    size_t ns = 0;
    for (size_t i = 0; i < m->n; i++) {
        double w = 0;
        for (size_t c = m->off[i]; c < m->off[i + 1]; c++)
            if (col_of_term[m->cells[c].term] != NONE)
                w += cell_weight(m, &m->cells[c]);
        if (w > 0) {
            rk[ns].w = w;
            rk[ns].i = i;
            ns++;
        }
    }
    if (ns == 0 || kt == 0) {
        st = PRECIS_OK;
        goto fail;
    }
    if (ns > LSA_MAX_SENTENCES) {
        sort_array(rk, ns, sizeof *rk, cmp_ranked);
        ns = LSA_MAX_SENTENCES;
    }
    for (size_t r = 0; r < ns; r++)
        sent_of_row[r] = rk[r].i;
    /* Sentences as rows when they are the longer side (A^T), else terms as rows (A). */
    const int sent_rows = ns >= kt;
    const size_t rows = sent_rows ? ns : kt, cols = sent_rows ? kt : ns;
    a = gsl_matrix_calloc(rows, cols);
    v = gsl_matrix_alloc(cols, cols);
    s = gsl_vector_alloc(cols);
    work = gsl_vector_alloc(cols);
    if (!a || !v || !s || !work)
        goto fail;
    for (size_t r = 0; r < ns; r++) {
        const size_t i = sent_of_row[r];
        for (size_t c = m->off[i]; c < m->off[i + 1]; c++) {
            const uint32_t col = col_of_term[m->cells[c].term];
            if (col == NONE)
                continue;
            const double w = cell_weight(m, &m->cells[c]);
            if (sent_rows)
                gsl_matrix_set(a, r, col, w);
            else
                gsl_matrix_set(a, col, r, w);
        }
    }
    /* GSL's error handler is the caller's business (the CLI turns it off in main). */
    const int rc = gsl_linalg_SV_decomp(a, v, s, work);
    if (rc) {
        st = rc == GSL_ENOMEM ? PRECIS_ENOMEM : PRECIS_EINVAL;
        goto fail;
    }
    size_t r_dims = want > LSA_MIN_DIMS ? want : LSA_MIN_DIMS;
    if (r_dims > cols)
        r_dims = cols;
    for (size_t r = 0; r < ns; r++) {
        double ss = 0;
        for (size_t k = 0; k < r_dims; k++) {
            /* Sentence r's coordinate on dimension k: U[r][k] for A^T, V[r][k] for A. */
            const double coord = sent_rows ? gsl_matrix_get(a, r, k) : gsl_matrix_get(v, r, k);
            const double x = gsl_vector_get(s, k) * coord;
            ss += x * x;
        }
        score[sent_of_row[r]] = sqrt(ss);
    }
    st = PRECIS_OK;
fail:
    gsl_matrix_free(a);
    gsl_matrix_free(v);
    gsl_vector_free(s);
    gsl_vector_free(work);
    free(rk);
    free(col_of_term);
    free(sent_of_row);
    return st;
}

/* ---- selection ---------------------------------------------------------------------------- */

/* The budget: at most max_sent sentences and max_words words; the first pick always fits. */
typedef struct budget {
    size_t max_sent, max_words;
    size_t count, words;
    double *score;        /* by sentence: its score when it was chosen */
    unsigned char *taken; /* by sentence */
} budget;

static int budget_fits(const budget *b, const model *m, size_t i)
{
    if (b->count >= b->max_sent)
        return 0;
    return b->count == 0 || b->words + m->words[i] <= b->max_words;
}

static void budget_take(budget *b, const model *m, size_t i, double score)
{
    b->score[i] = score;
    b->count++;
    b->words += m->words[i];
    b->taken[i] = 1;
}

/* x rounded to 36 significant bits: scores that are equal in exact arithmetic but not in
 * floating point (sums taken in another order) then tie, and the earlier sentence wins. */
static double settle(double x)
{
    int e = 0;
    const double f = frexp(x, &e);
    return ldexp(round(ldexp(f, 36)), e - 36);
}

/* Static scores: best first (ties to the earlier sentence), each taken when it fits in what
 * is left of the budget - as the greedy methods do, which only consider sentences that fit. */
static precis_status select_ranked(const model *m, const double *score, budget *b)
{
    ranked *rk = malloc((m->n + 1) * sizeof *rk);
    if (!rk)
        return PRECIS_ENOMEM;
    for (size_t i = 0; i < m->n; i++) {
        rk[i].w = isfinite(score[i]) ? settle(score[i]) : 0;
        rk[i].i = i;
    }
    /* Lead's scores come in this order already (and any method's may): a pass that finds
     * them in order spares qsort's n log n indirect comparisons. No two entries compare
     * equal (the index breaks ties), so the order is the one qsort would give. */
    size_t in_order = 1;
    while (in_order < m->n && cmp_ranked(&rk[in_order - 1], &rk[in_order]) < 0)
        in_order++;
    if (in_order < m->n)
        sort_array(rk, m->n, sizeof *rk, cmp_ranked);
    for (size_t k = 0; k < m->n && b->count < b->max_sent; k++)
        if (budget_fits(b, m, rk[k].i))
            budget_take(b, m, rk[k].i, score[rk[k].i]);
    free(rk);
    return PRECIS_OK;
}

/* SumBasic (Nenkova & Vanderwende 2005): p(w) = count / total content words; a sentence
 * weighs the average p of its words; pick the best sentence among those holding the most
 * probable word, then square the probabilities of the words it used, and repeat. */
static precis_status select_sumbasic(const model *m, budget *b)
{
    double *p = malloc((m->nterms + 1) * sizeof *p);
    if (!p)
        return PRECIS_ENOMEM;
    double total = 0;
    for (size_t t = 0; t < m->nterms; t++)
        total += m->dtf[t];
    for (size_t t = 0; t < m->nterms; t++)
        p[t] = total > 0 ? m->dtf[t] / total : 0;
    for (;;) {
        /* The most probable word that an unchosen sentence still holds. */
        size_t best_s = SIZE_MAX;
        double best_w = -1, best_p = -1;
        for (size_t t = 0; t < m->nterms; t++) {
            if (p[t] <= best_p)
                continue;
            for (size_t q = m->poff[t]; q < m->poff[t + 1]; q++)
                if (!b->taken[m->post[q].sent]) {
                    best_p = p[t];
                    break;
                }
        }
        if (best_p < 0)
            break;
        for (size_t t = 0; t < m->nterms; t++) {
            if (p[t] != best_p)
                continue;
            for (size_t q = m->poff[t]; q < m->poff[t + 1]; q++) {
                const size_t i = m->post[q].sent;
                if (b->taken[i])
                    continue;
                double sum = 0;
                for (size_t c = m->off[i]; c < m->off[i + 1]; c++)
                    sum += m->cells[c].tf * p[m->cells[c].term];
                const double w = m->content[i] ? sum / (double)m->content[i] : 0;
                if (w > best_w || (w == best_w && i < best_s)) {
                    best_w = w;
                    best_s = i;
                }
            }
            break; /* the first (earliest-seen) term of top probability decides */
        }
        if (best_s == SIZE_MAX || !budget_fits(b, m, best_s))
            break;
        budget_take(b, m, best_s, best_w);
        for (size_t c = m->off[best_s]; c < m->off[best_s + 1]; c++)
            p[m->cells[c].term] *= p[m->cells[c].term];
    }
    free(p);
    return PRECIS_OK;
}

/* Laplace (add-one) smoothing of the summary distribution in KLSum: with a small delta an
 * unseen word costs so much that coverage of one-off words beats the main topic. */
#ifndef KL_DELTA
#define KL_DELTA 1.0
#endif

/* KLSum (Haghighi & Vanderwende 2009): greedily add the sentence that makes
 * KL(P_doc || P_sum) smallest, P_sum(w) = (c(w) + delta) / (L + delta V). Only the words of
 * the candidate change, so its effect is computed from its own cells:
 *   KL = const - sum_w P_doc(w) ln(c(w) + delta) + ln(L + delta V). */
static precis_status select_kl(const model *m, budget *b)
{
    /* Every log here is of a whole count plus a constant: ln(c + tf + delta) and
     * ln(c + delta) with c + tf at most the term's count in the doc, ln(len + |S| + delta V)
     * and ln(len + delta V) with len + |S| at most the doc's content tokens. So the logs are
     * looked up by count: lnc[k] = ln(k + delta), computed for every k up to the largest
     * term count, and lnl[k] = ln(k + delta V), computed on first use (NaN until then). The
     * arguments are the very sums the formula takes, so the values are the same. */
    double total = 0;
    size_t max_dtf = 0, total_content = 0;
    for (size_t t = 0; t < m->nterms; t++) {
        total += m->dtf[t];
        if ((size_t)m->dtf[t] > max_dtf)
            max_dtf = (size_t)m->dtf[t];
    }
    for (size_t i = 0; i < m->n; i++)
        total_content += m->content[i];
    size_t *c;    /* term -> its count in the summary so far */
    double *gain; /* sum_w P_doc(w) ln((c + tf + d) / (c + d)) */
    unsigned char *stale;
    double *lnc, *lnl;
    carver blk = {0};
    for (int pass = 0; pass < 2; pass++) {
        if (pass && !carver_alloc(&blk, m->view, SLOT_SCORE))
            return PRECIS_ENOMEM;
        c = carve(&blk, m->nterms + 1, sizeof *c);
        gain = carve(&blk, m->n + 1, sizeof *gain);
        stale = carve(&blk, m->n + 1, sizeof *stale);
        lnc = carve(&blk, max_dtf + 1, sizeof *lnc);
        lnl = carve(&blk, total_content + 1, sizeof *lnl);
    }
    memset(c, 0, (m->nterms + 1) * sizeof *c);
    memset(gain, 0, (m->n + 1) * sizeof *gain);
    for (size_t k = 0; k <= max_dtf; k++)
        lnc[k] = log((double)k + KL_DELTA);
    for (size_t k = 0; k <= total_content; k++)
        lnl[k] = NAN;
    const double vd = KL_DELTA * (double)m->nterms;
    size_t len = 0;
    for (size_t i = 0; i < m->n; i++)
        stale[i] = 1;
    for (;;) {
        size_t best = SIZE_MAX;
        double best_d = INFINITY;
        if (isnan(lnl[len]))
            lnl[len] = log((double)len + vd);
        const double base = lnl[len];
        for (size_t i = 0; i < m->n; i++) {
            if (b->taken[i] || m->off[i + 1] == m->off[i] || !budget_fits(b, m, i))
                continue;
            /* Only sentences sharing a word with the last pick need their gain again. */
            if (stale[i]) {
                double g = 0;
                for (size_t k = m->off[i]; k < m->off[i + 1]; k++) {
                    const cell *const e = &m->cells[k];
                    g += m->dtf[e->term] / total * (lnc[c[e->term] + e->tf] - lnc[c[e->term]]);
                }
                gain[i] = g;
                stale[i] = 0;
            }
            const size_t with = len + m->content[i];
            if (isnan(lnl[with]))
                lnl[with] = log((double)with + vd);
            const double dv = lnl[with] - base - gain[i];
            if (dv < best_d) {
                best_d = dv;
                best = i;
            }
        }
        if (best == SIZE_MAX)
            break;
        budget_take(b, m, best, -best_d);
        for (size_t k = m->off[best]; k < m->off[best + 1]; k++) {
            const uint32_t t = m->cells[k].term;
            c[t] += m->cells[k].tf;
            for (size_t q = m->poff[t]; q < m->poff[t + 1]; q++)
                stale[m->post[q].sent] = 1;
        }
        len += m->content[best];
    }
    lent_free(m->view, blk.base);
    return PRECIS_OK;
}

/* ---- the default: news-tuned ------------------------------------------------------------- */

/* Scales v[0..n) into [0, 1] by its maximum (all zeros stay zero). */
static void scale_max(double *v, size_t n)
{
    double mx = 0;
    for (size_t i = 0; i < n; i++)
        if (v[i] > mx)
            mx = v[i];
    if (mx > 0)
        for (size_t i = 0; i < n; i++)
            v[i] /= mx;
}

/* Maximal Marginal Relevance (Carbonell & Goldstein 1998): pick
 *   argmax lambda rel(i) - (1 - lambda) max_{j chosen} cos(i, j).
 * A sentence whose cosine with a chosen one reaches MMR_RESTATES says the same thing again
 * (news restates its lead in captions, standfirsts and recaps: at 0.5 half the weight of
 * its terms is a repeat) and waits until nothing else is left. Measured in
 * tests/eval/summaries.md: 0.95 -> 0.5 raised CNN/DM R1 on both halves (+0.15 and +0.06
 * points), BBC R2 -0.0007. */
#ifndef MMR_RESTATES
#define MMR_RESTATES 0.5
#endif
static precis_status select_mmr(const model *m, const double *rel, double lambda, budget *b)
{
    /* red[i] is the largest cosine of i with a chosen sentence, updated as picks come in
     * through the postings, so only sentences sharing a term with the pick are touched.
     * The cosine weighs terms by their idf over the doc's own sentences whatever the corpus:
     * redundancy is saying the same specific thing twice, and the words the whole article
     * uses are its topic, not a repeat. */
    double *red, *dot;
    uint32_t *touched;
    carver blk = {0};
    for (int pass = 0; pass < 2; pass++) {
        if (pass && !carver_alloc(&blk, m->view, SLOT_SCORE))
            return PRECIS_ENOMEM;
        red = carve(&blk, m->n + 1, sizeof *red);
        dot = carve(&blk, m->n + 1, sizeof *dot);
        touched = carve(&blk, m->n + 1, sizeof *touched);
    }
    memset(red, 0, (m->n + 1) * sizeof *red);
    memset(dot, 0, (m->n + 1) * sizeof *dot);
    for (;;) {
        size_t best = SIZE_MAX;
        double best_v = -INFINITY;
        /* Restatements (cosine >= MMR_RESTATES: repeated captions, reprinted
         * paragraphs, a lead said twice) are left out while anything else remains. */
        for (int pass = 0; pass < 2 && best == SIZE_MAX; pass++)
            for (size_t i = 0; i < m->n; i++) {
                if (b->taken[i] || !budget_fits(b, m, i) || (pass == 0 && red[i] >= MMR_RESTATES))
                    continue;
                const double v = lambda * rel[i] - (1 - lambda) * red[i];
                if (v > best_v) {
                    best_v = v;
                    best = i;
                }
            }
        if (best == SIZE_MAX)
            break;
        budget_take(b, m, best, best_v);
        if (!(m->snorm[best] > 0))
            continue;
        size_t nt = 0;
        for (size_t k = m->off[best]; k < m->off[best + 1]; k++) {
            const cell *const cb = &m->cells[k];
            const double idf = m->sidf[cb->term];
            const double wb = m->ltf[cb->tf] * idf;
            for (size_t q = m->poff[cb->term]; q < m->poff[cb->term + 1]; q++) {
                const uint32_t i = m->post[q].sent;
                if (dot[i] == 0)
                    touched[nt++] = i;
                dot[i] += wb * m->ltf[m->post[q].tf] * idf;
            }
        }
        for (size_t a = 0; a < nt; a++) {
            const uint32_t i = touched[a];
            const double c = m->snorm[i] > 0 ? dot[i] / (m->snorm[i] * m->snorm[best]) : 0;
            if (c > red[i])
                red[i] = c;
            dot[i] = 0;
        }
    }
    lent_free(m->view, blk.base);
    return PRECIS_OK;
}

/* Weights of the default method (see score_default). They can be set at build time
 * (-DDEFAULT_W_CENT=...) to repeat the experiments in tests/eval/summaries.md. */
#ifndef DEFAULT_W_POS
#define DEFAULT_W_POS 0.5
#endif
#ifndef DEFAULT_W_CENT
#define DEFAULT_W_CENT 0.25
#endif
#ifndef DEFAULT_W_TITLE
#define DEFAULT_W_TITLE 0.15
#endif
#ifndef DEFAULT_LAMBDA
#define DEFAULT_LAMBDA 0.7
#endif
#ifndef DEFAULT_SHORT
#define DEFAULT_SHORT 8.0
#endif
#ifndef DEFAULT_LONG
#define DEFAULT_LONG 40.0
#endif
#ifndef DEFAULT_QUOTE
#define DEFAULT_QUOTE 0.9
#endif
#ifndef DEFAULT_SPECIFIC
#define DEFAULT_SPECIFIC 0.5
#endif
/* 1: position and centrality share DEFAULT_W_POS + DEFAULT_W_CENT in the proportion
 * (1 - s) : s, s the summary's share of the sentences, instead of the fixed weights. Off:
 * BBC R2 +0.026 but CNN/DM R1 -0.002 (tests/eval/summaries.md, "Position against
 * centrality by the summary's share"). */
#ifndef DEFAULT_MIX_SHARE
#define DEFAULT_MIX_SHARE 0
#endif

/* 1 when sentence i opens with a quotation mark: straight or curly, single or double,
 * guillemets, the German low marks. */
static int opens_with_quote(const model *m, size_t i)
{
    const char *const text = precis_article_text(precis_doc_article(m->d), NULL);
    const precis_sentence *const s = precis_doc_sentence(m->d, i);
    if (s->start >= s->end)
        return 0;
    static const int32_t marks[] = {'"',    '\'',   0x2018, 0x201A, 0x201C,
                                    0x201E, 0x00AB, 0x00BB, 0x2039, 0x203A};
    /* Every mark starts with one of these bytes (U+00AB/BB: 0xC2, the rest: 0xE2), so most
     * sentences are decided without decoding. */
    const unsigned char c0 = (unsigned char)text[s->start];
    if (c0 != '"' && c0 != '\'' && c0 != 0xC2 && c0 != 0xE2)
        return 0;
    size_t at = s->start;
    const int32_t cp = utf8_decode(text, s->end, &at);
    for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++)
        if (cp == marks[k])
            return 1;
    return 0;
}

/* Share of sentence i's words after the first that are names or figures: capitalised words
 * (proper nouns, acronyms) and numbers. Scripts without case count only the numbers. The
 * counts come from model_build's token pass (MODEL_SPECIFIC). */
static double specificity(const model *m, size_t i)
{
    assert(m->specific);
    const size_t words = m->words[i];
    return words > 1 ? (double)m->specific[i] / (double)(words - 1) : 0;
}

/* The default method, an Edmundson (1969)-style linear mix of evidence, each part scaled to
 * [0, 1]:
 *   position    1 / (1 + i): news is an inverted pyramid, the lead carries the essence;
 *   centrality  TextRank (Mihalcea & Tarau 2004) - what the whole text comes back to;
 *   title       share of the title's content terms in the sentence (Edmundson's title cue);
 * times a length factor: fragments (bylines, captions, "Scroll down for video") below
 * DEFAULT_SHORT words fade out, and sentences above DEFAULT_LONG words, which pack detail
 * rather than gist, weigh DEFAULT_LONG / words; times two priors on what a summary of news
 * states: a sentence opening with a quotation weighs DEFAULT_QUOTE (a summary reports what
 * happened; quotes are reaction and colour, in the BBC references at .28 against .45 for
 * other sentences), and one dense in names and figures weighs up to 1 + DEFAULT_SPECIFIC
 * (a summary keeps who, where, how many: the specific facts, not the framing). MMR then
 * removes redundancy. Each step and its figures: tests/eval/summaries.md. */
static precis_status score_default(const model *m, size_t want, double *rel)
{
    double *cent;
    size_t *hits; /* by sentence: the title terms it holds */
    carver blk = {0};
    for (int pass = 0; pass < 2; pass++) {
        if (pass && !carver_alloc(&blk, m->view, SLOT_SCORE))
            return PRECIS_ENOMEM;
        cent = carve(&blk, m->n + 1, sizeof *cent);
        hits = carve(&blk, m->n + 1, sizeof *hits);
    }
    memset(cent, 0, (m->n + 1) * sizeof *cent);
    memset(hits, 0, (m->n + 1) * sizeof *hits);
    const precis_status st = score_textrank(m, NULL, cent);
    if (st != PRECIS_OK) {
        lent_free(m->view, blk.base);
        return st;
    }
    scale_max(cent, m->n);
    /* Counted through the postings of the title's few terms, not by every sentence's cells. */
    for (size_t k = 0; k < m->title_terms; k++) {
        const uint32_t t = m->title_term[k];
        for (size_t q = m->poff[t]; q < m->poff[t + 1]; q++)
            hits[m->post[q].sent]++;
    }
    const int has_title = m->title_terms > 0;
    double w_pos = DEFAULT_W_POS, w_cent = DEFAULT_W_CENT;
    if (DEFAULT_MIX_SHARE) {
        const double share = m->n ? (double)(want < m->n ? want : m->n) / (double)m->n : 1;
        w_pos = (DEFAULT_W_POS + DEFAULT_W_CENT) * (1 - share);
        w_cent = (DEFAULT_W_POS + DEFAULT_W_CENT) * share;
    }
    for (size_t i = 0; i < m->n; i++) {
        double title = 0;
        if (has_title)
            title = (double)hits[i] / (double)m->title_terms;
        const double pos = 1.0 / (1.0 + (double)i);
        double r = w_pos * pos + w_cent * cent[i] + DEFAULT_W_TITLE * title;
        const double w = (double)m->words[i];
        if (w < DEFAULT_SHORT)
            r *= w / DEFAULT_SHORT;
        if (w > DEFAULT_LONG)
            r *= DEFAULT_LONG / w;
        if (opens_with_quote(m, i))
            r *= DEFAULT_QUOTE;
        r *= 1 + DEFAULT_SPECIFIC * specificity(m, i);
        rel[i] = r;
    }
    lent_free(m->view, blk.base);
    return PRECIS_OK;
}

/* MMR's lambda when none is given: DEFAULT_LAMBDA for a summary that is a small share of the
 * document, rising linearly to 1 (no redundancy penalty) as the summary takes all of it -
 * a long summary must repeat what the document repeats. */
static double default_lambda(size_t want, size_t n)
{
    const double share = n ? (double)(want < n ? want : n) / (double)n : 1;
    return DEFAULT_LAMBDA + (1 - DEFAULT_LAMBDA) * share;
}

/* ---- entry point ------------------------------------------------------------------------- */

/* What each method reads of the model, by precis_summary_method (see its score_ and
 * select_ functions): lead reads only the word counts, and no method pays for parts it
 * never reads. */
static const int method_needs[METHOD_COUNT] = {
    [PRECIS_SUMMARY_DEFAULT] =
        MODEL_TERMS | MODEL_POSTINGS | MODEL_SPECIFIC | MODEL_SIDF | MODEL_TITLE,
    [PRECIS_SUMMARY_LEAD] = 0,
    [PRECIS_SUMMARY_LUHN] = MODEL_TERMS | MODEL_DTF | MODEL_TOKTERM,
    [PRECIS_SUMMARY_TFIDF] = MODEL_TERMS | MODEL_DTF | MODEL_IDF,
    [PRECIS_SUMMARY_TEXTRANK] = MODEL_TERMS | MODEL_POSTINGS,
    [PRECIS_SUMMARY_LEXRANK] = MODEL_TERMS | MODEL_POSTINGS | MODEL_IDF,
    [PRECIS_SUMMARY_LSA] = MODEL_TERMS | MODEL_DTF | MODEL_IDF,
    [PRECIS_SUMMARY_SUMBASIC] = MODEL_TERMS | MODEL_POSTINGS | MODEL_DTF,
    [PRECIS_SUMMARY_KL] = MODEL_TERMS | MODEL_POSTINGS | MODEL_DTF,
};

/* precis_summarize(), its document frequencies through view when it is not NULL (then p and
 * corpus are the view's). */
static precis_status summarize(const precis_pipeline *p, const precis_doc *d,
                               const precis_corpus *corpus, precis_corpus_view *view,
                               const precis_summary_options *opts, precis_summary **out)
{
    precis_status st = PRECIS_EINVAL;
    precis_summary *res = NULL;
    void *scratch = NULL; /* score, b.score and b.taken */
    double *score = NULL;
    budget b = {0};
    model m;
    memset(&m, 0, sizeof m);
    *out = NULL;
    const precis_summary_options defaults = {0};
    if (!opts)
        opts = &defaults;
    if ((size_t)opts->method >= METHOD_COUNT || !(opts->ratio >= 0 && opts->ratio <= 1) ||
        !(opts->mmr_lambda >= 0 && opts->mmr_lambda <= 1) ||
        !(opts->lexrank_threshold >= 0 && opts->lexrank_threshold < 1))
        return PRECIS_EINVAL;

    st = model_build(&m, p, d, corpus, view, method_needs[opts->method]);
    if (st != PRECIS_OK)
        goto fail;
    const size_t n = m.n;
    st = PRECIS_ENOMEM;
    res = calloc(1, sizeof *res);
    carver blk = {0};
    for (int pass = 0; pass < 2; pass++) {
        if (pass && !(scratch = carver_alloc(&blk, view, SLOT_CALL)))
            goto fail;
        score = carve(&blk, n + 1, sizeof *score);
        b.score = carve(&blk, n + 1, sizeof *b.score);
        b.taken = carve(&blk, n + 1, sizeof *b.taken);
    }
    if (!res)
        goto fail;
    memset(score, 0, (n + 1) * sizeof *score);
    memset(b.score, 0, (n + 1) * sizeof *b.score);
    memset(b.taken, 0, (n + 1) * sizeof *b.taken);

    b.max_sent = opts->sentences ? opts->sentences : SIZE_MAX;
    b.max_words = SIZE_MAX;
    if (opts->words)
        b.max_words = opts->words;
    if (opts->ratio > 0) {
        const size_t r = (size_t)floor(opts->ratio * (double)m.total_words);
        if (r < b.max_words)
            b.max_words = r;
    }
    if (!opts->sentences && !opts->words && !(opts->ratio > 0))
        b.max_sent = 3;
    /* A rough summary length in sentences, for LSA's number of dimensions. */
    size_t want = b.max_sent;
    if (want == SIZE_MAX || want > n) {
        const double avg = n ? (double)m.total_words / (double)n : 1;
        want =
            b.max_words == SIZE_MAX ? n : (size_t)ceil((double)b.max_words / (avg > 0 ? avg : 1));
    }

    st = PRECIS_OK;
    switch (opts->method) {
    case PRECIS_SUMMARY_LEAD:
        score_lead(&m, score);
        st = select_ranked(&m, score, &b);
        break;
    case PRECIS_SUMMARY_LUHN:
        score_luhn(&m, score);
        st = select_ranked(&m, score, &b);
        break;
    case PRECIS_SUMMARY_TFIDF:
        st = score_tfidf(&m, score);
        if (st == PRECIS_OK)
            st = select_ranked(&m, score, &b);
        break;
    case PRECIS_SUMMARY_TEXTRANK:
        st = score_textrank(&m, NULL, score);
        if (st == PRECIS_OK)
            st = select_ranked(&m, score, &b);
        break;
    case PRECIS_SUMMARY_LEXRANK:
        st = score_lexrank(&m, opts->lexrank_threshold, score);
        if (st == PRECIS_OK)
            st = select_ranked(&m, score, &b);
        break;
    case PRECIS_SUMMARY_LSA:
        st = score_lsa(&m, want, score);
        if (st == PRECIS_OK)
            st = select_ranked(&m, score, &b);
        break;
    case PRECIS_SUMMARY_SUMBASIC: st = select_sumbasic(&m, &b); break;
    case PRECIS_SUMMARY_KL: st = select_kl(&m, &b); break;
    case PRECIS_SUMMARY_DEFAULT:
        st = score_default(&m, want, score);
        if (st == PRECIS_OK)
            st = select_mmr(&m, score,
                            opts->mmr_lambda > 0 ? opts->mmr_lambda : default_lambda(want, n), &b);
        break;
    }
    if (st != PRECIS_OK)
        goto fail;
    /* Greedy methods stop when nothing scores; a summary is never empty, so fill with the
     * lead in that case. */
    for (size_t i = 0; i < n && b.count == 0; i++)
        budget_take(&b, &m, i, 0);

    st = PRECIS_ENOMEM;
    res->count = b.count;
    res->sentence = malloc((b.count + 1) * sizeof *res->sentence);
    res->score = malloc((b.count + 1) * sizeof *res->score);
    if (!res->sentence || !res->score)
        goto fail;
    for (size_t i = 0, k = 0; i < n; i++)
        if (b.taken[i]) {
            res->sentence[k] = i;
            res->score[k++] = b.score[i];
        }
    *out = res;
    res = NULL;
    st = PRECIS_OK;
fail:
    precis_summary_free(res);
    lent_free(view, scratch);
    model_free(&m);
    return st;
}

precis_status precis_summarize(const precis_pipeline *p, const precis_doc *d,
                               const precis_corpus *corpus, const precis_summary_options *opts,
                               precis_summary **out)
{
    return summarize(p, d, corpus, NULL, opts, out);
}

precis_status precis_summarize_view(precis_corpus_view *v, const precis_doc *d,
                                    const precis_summary_options *opts, precis_summary **out)
{
    *out = NULL;
    if (!v)
        return PRECIS_EINVAL;
    return summarize(corpus_view_pipeline(v), d, corpus_view_corpus(v), v, opts, out);
}
