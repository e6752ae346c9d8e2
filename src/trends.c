/* trends.c - term counts of a set of articles (a period, a target or reference corpus), the
 * keyness table of one count table against another, and per-term time series over periods
 * with Mann-Kendall trends, Theil-Sen slopes and Kleinberg bursts. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"
#include "keyness.h"
#include "precis.h"
#include "timeseries.h"
#include "util.h"
#include "vocab.h"

/* ---- count tables ------------------------------------------------------------------------ */

/* Per key: counts and the surface form to show. Most keys only ever get one form, so the
 * first is kept in an arena without hashing; only a key that meets a second, different form
 * moves to the vote table (best != VOCAB_NONE). */
typedef struct key_info {
    uint64_t tokens, docs;
    uint64_t votes; /* votes for the first form, while best == VOCAB_NONE */
    size_t off;     /* the first form in the arena; SIZE_MAX when none was given */
    size_t len;
    uint32_t best; /* pair id of the leading form, or VOCAB_NONE */
} key_info;

struct precis_counts {
    vocab *keys;
    key_info *info; /* by key id */
    size_t info_cap;
    buf arena; /* first forms, each NUL-terminated */
    /* Votes of keys with several forms: "key\0surface" strings interned once, with their
     * token counts. */
    vocab *pairs;
    uint64_t *votes; /* by pair id */
    size_t pair_cap;
    uint64_t total_tokens, total_docs;
    uint32_t *scratch; /* key ids of the doc being added */
    size_t scratch_cap;
    buf pair_buf;
};

precis_status precis_counts_new(precis_counts **out)
{
    *out = NULL;
    precis_counts *c = calloc(1, sizeof *c);
    if (!c)
        goto fail;
    c->keys = vocab_new();
    c->pairs = vocab_new();
    if (!c->keys || !c->pairs)
        goto fail;
    *out = c;
    return PRECIS_OK;
fail:
    precis_counts_free(c);
    return PRECIS_ENOMEM;
}

void precis_counts_free(precis_counts *c)
{
    if (!c)
        return;
    vocab_free(c->keys);
    vocab_free(c->pairs);
    table_free(c->info, c->info_cap * sizeof *c->info);
    buf_free(&c->arena);
    table_free(c->votes, c->pair_cap * sizeof *c->votes);
    free(c->scratch);
    buf_free(&c->pair_buf);
    free(c);
}

/* Id of key in c, created with zero counts when new; VOCAB_NONE when out of memory. */
static uint32_t key_id(precis_counts *c, const char *key, size_t len)
{
    const size_t before = vocab_count(c->keys);
    const uint32_t id = vocab_intern(c->keys, key, len);
    if (id == VOCAB_NONE || (size_t)id < before)
        return id;
    if (GROW_ZEROED(c->info, c->info_cap, (size_t)id + 1))
        return VOCAB_NONE;
    c->info[id] = (key_info){0, 0, 0, SIZE_MAX, 0, VOCAB_NONE};
    return id;
}

/* The surface form of pair id (the bytes after the key and its NUL). */
static const char *pair_surface(const precis_counts *c, uint32_t pair, size_t *len)
{
    size_t n = 0;
    const char *const s = vocab_str(c->pairs, pair, &n);
    const size_t kl = strlen(s);
    if (len)
        *len = n - kl - 1;
    return s + kl + 1;
}

/* Adds n votes to the pair (key id, surface); its pair id in *pid. */
static precis_status pair_vote(precis_counts *c, uint32_t id, const char *surface, size_t slen,
                               uint64_t n, uint32_t *pid)
{
    size_t klen = 0;
    const char *const key = vocab_str(c->keys, id, &klen);
    c->pair_buf.len = 0;
    if (buf_append(&c->pair_buf, key, klen) || buf_putc(&c->pair_buf, '\0') ||
        buf_append(&c->pair_buf, surface, slen))
        return PRECIS_ENOMEM;
    const size_t before = vocab_count(c->pairs);
    *pid = vocab_intern(c->pairs, c->pair_buf.data, c->pair_buf.len);
    if (*pid == VOCAB_NONE)
        return PRECIS_ENOMEM;
    if ((size_t)*pid >= before) {
        if ((size_t)*pid >= c->pair_cap && GROW_ZEROED(c->votes, c->pair_cap, (size_t)*pid + 1))
            return PRECIS_ENOMEM;
        c->votes[*pid] = 0;
    }
    c->votes[*pid] += n;
    return PRECIS_OK;
}

/* Adds n votes for surface[0..slen) as the shown form of key id; the form with the most
 * votes wins, ties going to the smaller in byte order. Votes only grow, so only the form
 * just voted for can overtake the current best. */
static precis_status vote(precis_counts *c, uint32_t id, const char *surface, size_t slen,
                          uint64_t n)
{
    key_info *k = &c->info[id];
    if (k->best == VOCAB_NONE) {
        if (k->off == SIZE_MAX) {
            k->off = c->arena.len;
            k->len = slen;
            k->votes = n;
            if (buf_append(&c->arena, surface, slen) || buf_putc(&c->arena, '\0')) {
                k->off = SIZE_MAX;
                return PRECIS_ENOMEM;
            }
            return PRECIS_OK;
        }
        if (k->len == slen && memcmp(c->arena.data + k->off, surface, slen) == 0) {
            k->votes += n;
            return PRECIS_OK;
        }
        /* A second form: both go to the vote table. */
        uint32_t first;
        const precis_status st = pair_vote(c, id, c->arena.data + k->off, k->len, k->votes, &first);
        if (st != PRECIS_OK)
            return st;
        k = &c->info[id];
        k->best = first;
    }
    uint32_t pid;
    const precis_status st = pair_vote(c, id, surface, slen, n, &pid);
    if (st != PRECIS_OK)
        return st;
    const uint32_t b = k->best;
    if (b == pid)
        return PRECIS_OK;
    if (c->votes[pid] > c->votes[b]) {
        k->best = pid;
    } else if (c->votes[pid] == c->votes[b]) {
        size_t bl = 0;
        const char *const bs = pair_surface(c, b, &bl);
        const int r = memcmp(surface, bs, slen < bl ? slen : bl);
        if (r < 0 || (r == 0 && slen < bl))
            k->best = pid;
    }
    return PRECIS_OK;
}

/* Votes for the form shown for key id (0 when none was given). */
static uint64_t best_votes(const precis_counts *c, uint32_t id)
{
    const key_info *const k = &c->info[id];
    return k->best != VOCAB_NONE ? c->votes[k->best] : k->off != SIZE_MAX ? k->votes : 0;
}

/* Adds to a key; returns its id in *id (VOCAB_NONE on failure). */
static precis_status add_term(precis_counts *c, const char *key, size_t keylen, const char *surface,
                              size_t slen, uint64_t tokens, uint64_t docs, uint32_t *id)
{
    *id = key_id(c, key, keylen);
    if (*id == VOCAB_NONE)
        return PRECIS_ENOMEM;
    c->info[*id].tokens += tokens;
    c->info[*id].docs += docs;
    if (surface && tokens)
        return vote(c, *id, surface, slen, tokens);
    return PRECIS_OK;
}

precis_status precis_counts_add_term(precis_counts *c, const char *key, size_t keylen,
                                     const char *surface, uint64_t tokens, uint64_t docs)
{
    if (!c || !key || memchr(key, '\0', keylen))
        return PRECIS_EINVAL;
    uint32_t id;
    return add_term(c, key, keylen, surface, surface ? strlen(surface) : 0, tokens, docs, &id);
}

precis_status precis_counts_add_totals(precis_counts *c, uint64_t tokens, uint64_t docs)
{
    if (!c)
        return PRECIS_EINVAL;
    c->total_tokens += tokens;
    c->total_docs += docs;
    return PRECIS_OK;
}

static int push_id(precis_counts *c, size_t *n, uint32_t id)
{
    if (GROW(c->scratch, c->scratch_cap, *n + 1))
        return -1;
    c->scratch[(*n)++] = id;
    return 0;
}

static int cmp_u32(const void *a, const void *b)
{
    const uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* Counts the terms of toks[0..n) (one sentence, or the title), whose offsets index text: each
 * term token under its stem, each run of 2..max_words adjacent phrase words under the stems
 * joined by a space (the rules of corpus.h, so keys match precis_corpus_df()). Key ids go to
 * c->scratch from *count on; *words counts the term tokens. */
static precis_status count_tokens(precis_counts *c, const precis_pipeline *p, const char *text,
                                  const precis_token *const *toks, size_t n, size_t max_words,
                                  size_t *count, uint64_t *words, buf *key, buf *surf)
{
    for (size_t i = 0; i < n; i++) {
        const precis_token *const t = toks[i];
        if (!corpus_token_is_term(t))
            continue;
        size_t len = 0, nlen = 0;
        const char *const s = precis_pipeline_term(p, t->stem, &len);
        const char *const ns = precis_pipeline_term(p, t->norm, &nlen);
        if (!s || !ns)
            continue;
        uint32_t id;
        precis_status st = add_term(c, s, len, ns, nlen, 1, 0, &id);
        if (st != PRECIS_OK || push_id(c, count, id))
            return PRECIS_ENOMEM;
        (*words)++;
        if (!corpus_token_in_phrase(t))
            continue;
        key->len = surf->len = 0;
        if (buf_append(key, s, len) || buf_append(surf, ns, nlen))
            return PRECIS_ENOMEM;
        for (size_t k = 1; k < max_words && i + k < n; k++) {
            const precis_token *const u = toks[i + k];
            if (!corpus_token_in_phrase(u) || !corpus_tokens_adjacent(text, toks[i + k - 1], u))
                break;
            const char *const us = precis_pipeline_term(p, u->stem, &len);
            const char *const uns = precis_pipeline_term(p, u->norm, &nlen);
            if (!us || !uns)
                break;
            if (buf_putc(key, ' ') || buf_append(key, us, len) || buf_putc(surf, ' ') ||
                buf_append(surf, uns, nlen))
                return PRECIS_ENOMEM;
            st = add_term(c, key->data, key->len, surf->data, surf->len, 1, 0, &id);
            if (st != PRECIS_OK || push_id(c, count, id))
                return PRECIS_ENOMEM;
        }
    }
    return PRECIS_OK;
}

precis_status precis_counts_add_doc(precis_counts *c, const precis_pipeline *p, const precis_doc *d,
                                    size_t max_words)
{
    if (!c || !p || !d || max_words > CORPUS_MAX_PHRASE)
        return PRECIS_EINVAL;
    if (max_words == 0)
        max_words = CORPUS_MAX_PHRASE;
    precis_status st = PRECIS_ENOMEM;
    const precis_token **ptrs = NULL;
    size_t cap = 0, count = 0;
    uint64_t words = 0;
    buf key = {0}, surf = {0};
    const precis_article *const a = precis_doc_article(d);
    const char *const text = precis_article_text(a, NULL);
    const char *const title = precis_article_title(a);

    const size_t nt = precis_doc_title_token_count(d);
    if (title && nt) {
        if (GROW(ptrs, cap, nt))
            goto fail;
        for (size_t i = 0; i < nt; i++)
            ptrs[i] = precis_doc_title_token(d, i);
        st = count_tokens(c, p, title, ptrs, nt, max_words, &count, &words, &key, &surf);
        if (st != PRECIS_OK)
            goto fail;
    }
    const size_t ns = precis_doc_sentence_count(d);
    for (size_t s = 0; s < ns; s++) {
        const precis_sentence *const sen = precis_doc_sentence(d, s);
        st = PRECIS_ENOMEM;
        if (GROW(ptrs, cap, sen->token_count + 1))
            goto fail;
        for (size_t i = 0; i < sen->token_count; i++)
            ptrs[i] = precis_doc_token(d, sen->first_token + i);
        st = count_tokens(c, p, text, ptrs, sen->token_count, max_words, &count, &words, &key,
                          &surf);
        if (st != PRECIS_OK)
            goto fail;
    }
    /* Each distinct key once more in docs: the dispersion count. */
    sort_array(c->scratch, count, sizeof *c->scratch, cmp_u32);
    for (size_t i = 0; i < count; i++)
        if (i == 0 || c->scratch[i] != c->scratch[i - 1])
            c->info[c->scratch[i]].docs++;
    c->total_tokens += words;
    c->total_docs++;
    st = PRECIS_OK;
fail:
    buf_free(&key);
    buf_free(&surf);
    free(ptrs);
    return st;
}

precis_status precis_counts_merge(precis_counts *dst, const precis_counts *src)
{
    if (!dst || !src)
        return PRECIS_EINVAL;
    const size_t n = vocab_count(src->keys);
    for (size_t i = 0; i < n; i++) {
        size_t len = 0;
        const char *const k = vocab_str(src->keys, (uint32_t)i, &len);
        const key_info *const ki = &src->info[i];
        uint32_t id;
        precis_status st = add_term(dst, k, len, NULL, 0, ki->tokens, ki->docs, &id);
        if (st == PRECIS_OK && ki->best == VOCAB_NONE && ki->off != SIZE_MAX)
            st = vote(dst, id, src->arena.data + ki->off, ki->len, ki->votes);
        if (st != PRECIS_OK)
            return st;
    }
    /* Keys with several forms bring every form's votes. */
    const size_t np = vocab_count(src->pairs);
    for (size_t i = 0; i < np; i++) {
        const char *const k = vocab_str(src->pairs, (uint32_t)i, NULL);
        size_t sl = 0;
        const char *const s = pair_surface(src, (uint32_t)i, &sl);
        const uint32_t id = vocab_find(dst->keys, k, strlen(k));
        if (id == VOCAB_NONE)
            return PRECIS_ENOMEM; /* added just above: cannot be absent */
        const precis_status st = vote(dst, id, s, sl, src->votes[i]);
        if (st != PRECIS_OK)
            return st;
    }
    dst->total_tokens += src->total_tokens;
    dst->total_docs += src->total_docs;
    return PRECIS_OK;
}

size_t precis_counts_size(const precis_counts *c)
{
    return c ? vocab_count(c->keys) : 0;
}

/* The surface form of key id: the most voted one, else the key itself. */
static const char *surface_of(const precis_counts *c, uint32_t id)
{
    const key_info *const k = &c->info[id];
    if (k->best != VOCAB_NONE)
        return pair_surface(c, k->best, NULL);
    if (k->off != SIZE_MAX)
        return c->arena.data + k->off;
    return vocab_str(c->keys, id, NULL);
}

precis_status precis_counts_term(const precis_counts *c, size_t i, const char **key,
                                 const char **surface, uint64_t *tokens, uint64_t *docs)
{
    if (key)
        *key = NULL;
    if (surface)
        *surface = NULL;
    if (tokens)
        *tokens = 0;
    if (docs)
        *docs = 0;
    if (!c || i >= vocab_count(c->keys))
        return PRECIS_EINVAL;
    if (key)
        *key = vocab_str(c->keys, (uint32_t)i, NULL);
    if (surface)
        *surface = surface_of(c, (uint32_t)i);
    if (tokens)
        *tokens = c->info[i].tokens;
    if (docs)
        *docs = c->info[i].docs;
    return PRECIS_OK;
}

void precis_counts_lookup(const precis_counts *c, const char *key, size_t keylen, uint64_t *tokens,
                          uint64_t *docs)
{
    const uint32_t id = c && key ? vocab_find(c->keys, key, keylen) : VOCAB_NONE;
    if (tokens)
        *tokens = id == VOCAB_NONE ? 0 : c->info[id].tokens;
    if (docs)
        *docs = id == VOCAB_NONE ? 0 : c->info[id].docs;
}

uint64_t precis_counts_total_tokens(const precis_counts *c)
{
    return c ? c->total_tokens : 0;
}

uint64_t precis_counts_total_docs(const precis_counts *c)
{
    return c ? c->total_docs : 0;
}

/* Number of words of a key (stems are joined by single spaces). */
static size_t key_words(const char *k)
{
    size_t n = 1;
    for (; *k; k++)
        n += *k == ' ';
    return n;
}

static char *dup(const char *s)
{
    return xstrndup(s, strlen(s));
}

/* ---- keyness table ----------------------------------------------------------------------- */

precis_status precis_correction_parse(const char *s, precis_correction *out)
{
    static const struct {
        const char *name;
        precis_correction c;
    } names[] = {{"bh", PRECIS_CORRECTION_BH},
                 {"bonferroni", PRECIS_CORRECTION_BONFERRONI},
                 {"fdr", PRECIS_CORRECTION_BH},
                 {"holm", PRECIS_CORRECTION_HOLM},
                 {"none", PRECIS_CORRECTION_NONE}};
    for (size_t i = 0; s && i < sizeof names / sizeof *names; i++)
        if (strcmp(s, names[i].name) == 0) {
            *out = names[i].c;
            return PRECIS_OK;
        }
    return PRECIS_EINVAL;
}

static precis_keyness_correction internal_correction(precis_correction c)
{
    switch (c) {
    case PRECIS_CORRECTION_HOLM: return PRECIS_CORRECT_HOLM;
    case PRECIS_CORRECTION_BH: return PRECIS_CORRECT_BH;
    case PRECIS_CORRECTION_NONE: return PRECIS_CORRECT_NONE;
    case PRECIS_CORRECTION_BONFERRONI: break;
    }
    return PRECIS_CORRECT_BONFERRONI;
}

void precis_keyness_rows_free(precis_keyness_rows *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->count; i++) {
        free((void *)(uintptr_t)r->row[i].term);
        free((void *)(uintptr_t)r->row[i].key);
    }
    free(r->row);
    free(r);
}

/* A tested term before its strings are copied out. */
typedef struct tested {
    const precis_counts *src; /* the table whose surface form is shown */
    uint32_t id;              /* key id in src */
    precis_keyness_row row;
} tested;

static int cmp_key(const tested *x, const tested *y)
{
    return strcmp(vocab_str(x->src->keys, x->id, NULL), vocab_str(y->src->keys, y->id, NULL));
}

static int cmp_g2(const void *a, const void *b)
{
    const tested *const x = a, *const y = b;
    if (x->row.g2 != y->row.g2)
        return x->row.g2 > y->row.g2 ? -1 : 1;
    return cmp_key(x, y);
}

static int cmp_effect(const void *a, const void *b)
{
    const tested *const x = a, *const y = b;
    const double ex = fabs(x->row.log_ratio), ey = fabs(y->row.log_ratio);
    if (ex != ey)
        return ex > ey ? -1 : 1;
    return cmp_g2(a, b);
}

/* Byte-order comparison of word[0..len) with the string s. */
static int cmp_word(const char *word, size_t len, const char *s)
{
    const size_t sl = strlen(s);
    const int r = memcmp(word, s, len < sl ? len : sl);
    return r ? r : (len > sl) - (len < sl);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* 1 when a word of key is one of the n excluded stems ex[] (sorted, byte order). */
static int excluded(const char *const *ex, size_t n, const char *key)
{
    while (n && *key) {
        const char *const sp = strchr(key, ' ');
        const size_t len = sp ? (size_t)(sp - key) : strlen(key);
        size_t lo = 0, hi = n;
        while (lo < hi) {
            const size_t mid = lo + (hi - lo) / 2;
            const int r = cmp_word(key, len, ex[mid]);
            if (r == 0)
                return 1;
            if (r < 0)
                hi = mid;
            else
                lo = mid + 1;
        }
        key += len + (sp != NULL);
    }
    return 0;
}

/* Tests one key whose counts are in t->row: fills in its statistics. */
static precis_status test_key(const precis_counts *a, const precis_counts *b, int dispersion,
                              tested *t)
{
    precis_keyness_row *const r = &t->row;
    const precis_keyness_counts k =
        dispersion
            ? (precis_keyness_counts){r->docs_a, r->docs_b, a->total_docs, b->total_docs}
            : (precis_keyness_counts){r->count_a, r->count_b, a->total_tokens, b->total_tokens};
    precis_keyness kn;
    const precis_status st = precis_keyness_compute(&k, &kn);
    if (st != PRECIS_OK)
        return st;
    r->g2 = kn.g2;
    r->p = kn.p;
    r->bic = kn.bic;
    r->log_ratio = kn.log_ratio;
    r->pct_diff = kn.pct_diff;
    r->per_million_a = kn.per_million_a;
    r->per_million_b = kn.per_million_b;
    r->direction = (int)kn.direction;
    return PRECIS_OK;
}

precis_status precis_trends_keyness(const precis_counts *a, const precis_counts *b,
                                    const precis_trends_options *o, precis_keyness_rows **out)
{
    static const precis_trends_options defaults = {0};
    precis_status st = PRECIS_EINVAL;
    tested *t = NULL;
    double *p = NULL;
    const char **ex = NULL;
    precis_keyness_rows *res = NULL;
    size_t n = 0, cap = 0;
    if (out)
        *out = NULL;
    if (!o)
        o = &defaults;
    if (!a || !b || !out)
        goto fail;
    const double alpha = o->alpha == 0.0 ? 0.05 : o->alpha;
    const size_t max_words = o->max_words ? o->max_words : CORPUS_MAX_PHRASE;
    if (!(alpha > 0.0 && alpha <= 1.0) || max_words > CORPUS_MAX_PHRASE || o->min_effect < 0 ||
        !isfinite(o->min_effect))
        goto fail;
    if (o->dispersion ? (!a->total_docs || !b->total_docs) : (!a->total_tokens || !b->total_tokens))
        goto fail;

    /* Every key of A, then the keys of B that A lacks. */
    st = PRECIS_ENOMEM;
    size_t nex = 0;
    if (o->nexclude) {
        ex = malloc(o->nexclude * sizeof *ex);
        if (!ex)
            goto fail;
        for (size_t i = 0; i < o->nexclude; i++)
            if (o->exclude[i])
                ex[nex++] = o->exclude[i];
        sort_array(ex, nex, sizeof *ex, cmp_str);
    }
    for (int side = 0; side < 2; side++) {
        const precis_counts *const c = side ? b : a;
        const size_t nk = vocab_count(c->keys);
        for (size_t i = 0; i < nk; i++) {
            size_t len = 0;
            const char *const key = vocab_str(c->keys, (uint32_t)i, &len);
            /* Each key is looked up once in the other table; its own id is i. */
            const uint32_t ida = side ? vocab_find(a->keys, key, len) : (uint32_t)i;
            if (side && ida != VOCAB_NONE)
                continue; /* tested with A's keys */
            const uint32_t idb = side ? (uint32_t)i : vocab_find(b->keys, key, len);
            if (key_words(key) > max_words || excluded(ex, nex, key))
                continue;
            if (GROW(t, cap, n + 1))
                goto fail;
            tested *const x = &t[n];
            memset(x, 0, sizeof *x);
            precis_keyness_row *const r = &x->row;
            if (ida != VOCAB_NONE) {
                r->count_a = a->info[ida].tokens;
                r->docs_a = a->info[ida].docs;
            }
            if (idb != VOCAB_NONE) {
                r->count_b = b->info[idb].tokens;
                r->docs_b = b->info[idb].docs;
            }
            if (r->count_a + r->count_b == 0 && r->docs_a + r->docs_b == 0)
                continue;
            if (r->count_a + r->count_b < o->min_freq || r->docs_a + r->docs_b < o->min_docs)
                continue;
            st = test_key(a, b, o->dispersion, x);
            if (st != PRECIS_OK)
                goto fail;
            st = PRECIS_ENOMEM;
            /* Show the form that is more frequent across the two tables (ties: A's). */
            x->src = a;
            x->id = ida;
            if (ida == VOCAB_NONE ||
                (idb != VOCAB_NONE && best_votes(b, idb) > best_votes(a, ida))) {
                x->src = b;
                x->id = idb;
            }
            n++;
        }
    }

    /* Correct for the m = n terms tested (after the frequency filters). */
    p = malloc((n ? n : 1) * sizeof *p);
    res = calloc(1, sizeof *res);
    if (!p || !res)
        goto fail;
    for (size_t i = 0; i < n; i++)
        p[i] = t[i].row.p;
    st = precis_keyness_adjust(p, n, internal_correction(o->correction), p);
    if (st != PRECIS_OK)
        goto fail;
    res->tested = n;
    res->tokens_a = a->total_tokens;
    res->tokens_b = b->total_tokens;
    res->docs_a = a->total_docs;
    res->docs_b = b->total_docs;
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        precis_keyness_row *const r = &t[i].row;
        r->p_adj = p[i];
        r->significant = r->p_adj < alpha;
        res->significant += (size_t)r->significant;
        if (!r->significant && !o->all)
            continue;
        if (fabs(r->log_ratio) < o->min_effect)
            continue;
        if ((o->direction == PRECIS_DIRECTION_UP && r->direction <= 0) ||
            (o->direction == PRECIS_DIRECTION_DOWN && r->direction >= 0))
            continue;
        t[kept++] = t[i];
    }
    sort_array(t, kept, sizeof *t, o->sort == PRECIS_SORT_EFFECT ? cmp_effect : cmp_g2);
    if (o->limit && kept > o->limit)
        kept = o->limit;

    st = PRECIS_ENOMEM;
    res->row = calloc(kept ? kept : 1, sizeof *res->row);
    if (!res->row)
        goto fail;
    for (size_t i = 0; i < kept; i++) {
        precis_keyness_row r = t[i].row;
        r.key = dup(vocab_str(t[i].src->keys, t[i].id, NULL));
        r.term = dup(surface_of(t[i].src, t[i].id));
        res->row[res->count++] = r;
        if (!r.key || !r.term)
            goto fail;
    }
    free(ex);
    free(p);
    free(t);
    *out = res;
    return PRECIS_OK;
fail:
    precis_keyness_rows_free(res);
    free(ex);
    free(p);
    free(t);
    return st;
}

/* ---- time series ------------------------------------------------------------------------- */

static void term_series_free(precis_term_series *t)
{
    free((void *)(uintptr_t)t->term);
    free((void *)(uintptr_t)t->key);
    free(t->count);
    free(t->docs);
    free(t->per_million);
    free(t->smoothed);
    free(t->burst);
}

void precis_series_free(precis_series *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->count; i++)
        term_series_free(&s->term[i]);
    free(s->term);
    free(s->tokens);
    free(s->docs);
    free(s);
}

/* Working space for the statistics of one key over the n periods. */
typedef struct work {
    size_t n;
    uint64_t *count, *docs;
    double *x, *t; /* relative frequencies and times of the periods that hold articles */
} work;

/* Fills w->count, w->docs for key and returns the Mann-Kendall test and Theil-Sen slope over
 * the periods holding articles; *m gets their number. */
static precis_status key_stats(const precis_counts *const *periods, const uint64_t *tokens,
                               const char *key, work *w, precis_mann_kendall *mk, double *slope)
{
    const size_t len = strlen(key);
    size_t m = 0;
    for (size_t i = 0; i < w->n; i++) {
        precis_counts_lookup(periods[i], key, len, &w->count[i], &w->docs[i]);
        if (!tokens[i])
            continue;
        w->x[m] = (double)w->count[i] / (double)tokens[i] * 1e6;
        w->t[m] = (double)i;
        m++;
    }
    precis_status st = precis_timeseries_mann_kendall(w->x, m, mk);
    if (st != PRECIS_OK)
        return st;
    *slope = 0.0;
    if (m >= 2) {
        st = precis_timeseries_theil_sen(w->t, w->x, m, slope, NULL);
        if (st != PRECIS_OK)
            return st;
    }
    return PRECIS_OK;
}

/* A candidate for --top: its key (borrowed from a period table) and trend strength. */
typedef struct candidate {
    const char *key;
    double p, slope;
} candidate;

static int cmp_candidate(const void *a, const void *b)
{
    const candidate *const x = a, *const y = b;
    if (x->p != y->p)
        return x->p < y->p ? -1 : 1;
    const double sx = fabs(x->slope), sy = fabs(y->slope);
    if (sx != sy)
        return sx > sy ? -1 : 1;
    return strcmp(x->key, y->key);
}

/* Picks the o->top keys with the strongest trends into *keys (borrowed strings). */
static precis_status top_keys(const precis_counts *const *periods, const uint64_t *tokens, work *w,
                              const precis_series_options *o, const char ***keys, size_t *nkeys)
{
    precis_status st = PRECIS_ENOMEM;
    const uint64_t min_freq = o->min_freq ? o->min_freq : 10;
    const size_t max_words = o->max_words ? o->max_words : 1;
    const size_t top = o->top ? o->top : 10;
    vocab *seen = vocab_new();
    candidate *cand = NULL;
    size_t ncand = 0, cap = 0;
    uint64_t *total = NULL;
    size_t total_cap = 0;
    if (!seen)
        goto fail;
    /* Totals over all periods, in a vocab of their own so each key is looked at once. */
    for (size_t i = 0; i < w->n; i++) {
        const size_t nk = vocab_count(periods[i]->keys);
        for (size_t k = 0; k < nk; k++) {
            size_t len = 0;
            const char *const key = vocab_str(periods[i]->keys, (uint32_t)k, &len);
            if (key_words(key) > max_words)
                continue;
            const size_t before = vocab_count(seen);
            const uint32_t id = vocab_intern(seen, key, len);
            if (id == VOCAB_NONE || GROW(total, total_cap, (size_t)id + 1))
                goto fail;
            if ((size_t)id >= before)
                total[id] = 0;
            total[id] += periods[i]->info[k].tokens;
        }
    }
    const size_t nseen = vocab_count(seen);
    for (size_t id = 0; id < nseen; id++) {
        if (total[id] < min_freq)
            continue;
        if (GROW(cand, cap, ncand + 1))
            goto fail;
        candidate *const c = &cand[ncand];
        c->key = vocab_str(seen, (uint32_t)id, NULL);
        precis_mann_kendall mk;
        st = key_stats(periods, tokens, c->key, w, &mk, &c->slope);
        if (st != PRECIS_OK)
            goto fail;
        st = PRECIS_ENOMEM;
        c->p = mk.p;
        ncand++;
    }
    sort_array(cand, ncand, sizeof *cand, cmp_candidate);
    *nkeys = ncand < top ? ncand : top;
    *keys = malloc((*nkeys ? *nkeys : 1) * sizeof **keys);
    if (!*keys)
        goto fail;
    for (size_t i = 0; i < *nkeys; i++) {
        /* Point into the first period table that has the key, which outlives seen. */
        const size_t len = strlen(cand[i].key);
        (*keys)[i] = NULL;
        for (size_t k = 0; k < w->n && !(*keys)[i]; k++) {
            const uint32_t id = vocab_find(periods[k]->keys, cand[i].key, len);
            if (id != VOCAB_NONE)
                (*keys)[i] = vocab_str(periods[k]->keys, id, NULL);
        }
    }
    st = PRECIS_OK;
fail:
    vocab_free(seen);
    free(cand);
    free(total);
    return st;
}

/* The surface form of key over all periods: the one of the period where the key is most
 * frequent (ties: the first such period); the key itself when absent everywhere. */
static const char *series_surface(const precis_counts *const *periods, size_t n, const char *key)
{
    const size_t len = strlen(key);
    const precis_counts *best = NULL;
    uint32_t best_id = VOCAB_NONE;
    for (size_t i = 0; i < n; i++) {
        const uint32_t id = vocab_find(periods[i]->keys, key, len);
        if (id == VOCAB_NONE)
            continue;
        if (!best || periods[i]->info[id].tokens > best->info[best_id].tokens) {
            best = periods[i];
            best_id = id;
        }
    }
    return best ? surface_of(best, best_id) : key;
}

/* Fills one term's series, statistics and bursts. */
static precis_status fill_term(const precis_counts *const *periods, const precis_series *s,
                               const char *key, work *w, const precis_series_options *o,
                               precis_term_series *ts)
{
    const size_t n = s->periods;
    ts->key = dup(key);
    ts->term = dup(series_surface(periods, n, key));
    ts->count = calloc(n ? n : 1, sizeof *ts->count);
    ts->docs = calloc(n ? n : 1, sizeof *ts->docs);
    ts->per_million = calloc(n ? n : 1, sizeof *ts->per_million);
    ts->smoothed = calloc(n ? n : 1, sizeof *ts->smoothed);
    if (!ts->key || !ts->term || !ts->count || !ts->docs || !ts->per_million || !ts->smoothed)
        return PRECIS_ENOMEM;
    precis_mann_kendall mk;
    precis_status st = key_stats(periods, s->tokens, key, w, &mk, &ts->slope);
    if (st != PRECIS_OK)
        return st;
    ts->mk_s = mk.s;
    ts->mk_z = mk.z;
    ts->mk_p = mk.p;
    ts->mk_tau = mk.tau;
    for (size_t i = 0; i < n; i++) {
        ts->count[i] = w->count[i];
        ts->docs[i] = w->docs[i];
        ts->per_million[i] = s->tokens[i] ? (double)w->count[i] / (double)s->tokens[i] * 1e6 : 0.0;
    }
    /* Centred moving average as in precis_timeseries_moving_average (window cut at the
     * edges), except that periods without articles are skipped inside the window: their
     * relative frequency is unknown, not 0. */
    const size_t h = o->smooth > 1 ? o->smooth / 2 : 0;
    for (size_t i = 0; i < n; i++) {
        double sum = 0.0;
        size_t k = 0;
        for (size_t j = i >= h ? i - h : 0; j <= i + h && j < n; j++)
            if (s->tokens[j]) {
                sum += ts->per_million[j];
                k++;
            }
        ts->smoothed[i] = k ? sum / (double)k : 0.0;
    }
    precis_burst_options bo = PRECIS_BURST_DEFAULTS;
    if (o->burst_s > 0)
        bo.s = o->burst_s;
    if (o->burst_gamma >= 0)
        bo.gamma = o->burst_gamma;
    precis_burst *b = NULL;
    size_t nb = 0;
    /* The article counts can disagree with a store's totals only if the store is broken;
     * Kleinberg's model needs r <= d, so clamp rather than fail the whole query. */
    for (size_t i = 0; i < n; i++)
        if (w->docs[i] > s->docs[i])
            w->docs[i] = s->docs[i];
    st = n ? precis_timeseries_bursts(w->docs, s->docs, n, &bo, &b, &nb, NULL) : PRECIS_OK;
    if (st != PRECIS_OK)
        return st;
    if (nb) {
        ts->burst = calloc(nb, sizeof *ts->burst);
        if (!ts->burst) {
            free(b);
            return PRECIS_ENOMEM;
        }
        for (size_t i = 0; i < nb; i++)
            ts->burst[i] = (precis_series_burst){b[i].start, b[i].end, b[i].level, b[i].weight};
        ts->burst_count = nb;
    }
    free(b);
    return PRECIS_OK;
}

precis_status precis_trends_series(const precis_counts *const *periods, size_t n,
                                   const char *const *keys, size_t nkeys,
                                   const precis_series_options *o, precis_series **out)
{
    static const precis_series_options defaults = {0, 0, -1, 0, 0, 0};
    precis_status st = PRECIS_EINVAL;
    precis_series *s = NULL;
    const char **picked = NULL;
    work w = {0};
    if (out)
        *out = NULL;
    if (!o)
        o = &defaults;
    if (!out || (n && !periods) || (nkeys && !keys))
        goto fail;
    if ((o->smooth > 1 && o->smooth % 2 == 0) || (o->burst_s != 0 && !(o->burst_s > 1)) ||
        !isfinite(o->burst_s) || !isfinite(o->burst_gamma) || o->max_words > CORPUS_MAX_PHRASE)
        goto fail;
    for (size_t i = 0; i < n; i++)
        if (!periods[i])
            goto fail;
    st = PRECIS_ENOMEM;
    s = calloc(1, sizeof *s);
    if (!s)
        goto fail;
    s->periods = n;
    s->tokens = calloc(n ? n : 1, sizeof *s->tokens);
    s->docs = calloc(n ? n : 1, sizeof *s->docs);
    w.n = n;
    w.count = calloc(n ? n : 1, sizeof *w.count);
    w.docs = calloc(n ? n : 1, sizeof *w.docs);
    w.x = calloc(n ? n : 1, sizeof *w.x);
    w.t = calloc(n ? n : 1, sizeof *w.t);
    if (!s->tokens || !s->docs || !w.count || !w.docs || !w.x || !w.t)
        goto fail;
    for (size_t i = 0; i < n; i++) {
        s->tokens[i] = periods[i]->total_tokens;
        s->docs[i] = periods[i]->total_docs;
    }
    if (!keys) {
        st = top_keys(periods, s->tokens, &w, o, &picked, &nkeys);
        if (st != PRECIS_OK)
            goto fail;
        keys = picked;
    }
    st = PRECIS_ENOMEM;
    s->term = calloc(nkeys ? nkeys : 1, sizeof *s->term);
    if (!s->term)
        goto fail;
    for (size_t i = 0; i < nkeys; i++) {
        s->count++;
        st = keys[i] ? fill_term(periods, s, keys[i], &w, o, &s->term[i]) : PRECIS_EINVAL;
        if (st != PRECIS_OK)
            goto fail;
    }
    st = PRECIS_OK;
    *out = s;
    s = NULL;
fail:
    precis_series_free(s);
    free(picked);
    free(w.count);
    free(w.docs);
    free(w.x);
    free(w.t);
    return st;
}

/* ---- keys of user terms ------------------------------------------------------------------ */

/* Appends s as a JSON string body (quotes and backslashes escaped, controls as \u00XX). */
static int json_escape(buf *b, const char *s)
{
    for (; *s; s++) {
        const unsigned char ch = (unsigned char)*s;
        char tmp[8];
        if (ch == '"' || ch == '\\') {
            if (buf_putc(b, '\\') || buf_putc(b, (char)ch))
                return -1;
        } else if (ch < 0x20) {
            snprintf(tmp, sizeof tmp, "\\u%04x", ch);
            if (buf_append(b, tmp, 6))
                return -1;
        } else if (buf_putc(b, (char)ch)) {
            return -1;
        }
    }
    return 0;
}

precis_status precis_trends_term_key(precis_pipeline *p, const char *text, const char *lang,
                                     char **out)
{
    precis_status st = PRECIS_EINVAL;
    precis_reader *r = NULL;
    precis_article *a = NULL;
    precis_doc *d = NULL;
    buf json = {0}, key = {0};
    if (out)
        *out = NULL;
    if (!p || !text || !out)
        goto fail;
    /* The term goes through the reader and the pipeline as a one-line JSON record, so it is
     * normalised, split and stemmed exactly as article text is; the record names the
     * language because a word or two is too little to detect one from. */
    st = PRECIS_ENOMEM;
    if (buf_append(&json, "{\"text\":\"", 9) || json_escape(&json, text))
        goto fail;
    if (lang && (buf_append(&json, "\",\"lang\":\"", 10) || json_escape(&json, lang)))
        goto fail;
    if (buf_append(&json, "\"}\n", 3))
        goto fail;
    const precis_read_options ro = {PRECIS_INPUT_JSONL, 0, 1};
    st = precis_reader_new(&ro, &r);
    if (st != PRECIS_OK)
        goto fail;
    st = precis_reader_add_memory(r, "term.jsonl", json.data, json.len);
    if (st != PRECIS_OK)
        goto fail;
    st = precis_reader_next(r, &a);
    if (st != PRECIS_OK)
        goto fail;
    st = PRECIS_ENOTFOUND;
    if (!a)
        goto fail;
    st = precis_pipeline_analyze(p, a, &d);
    if (st != PRECIS_OK)
        goto fail;
    st = PRECIS_ENOMEM;
    const size_t nt = precis_doc_token_count(d);
    for (size_t i = 0; i < nt; i++) {
        const precis_token *const t = precis_doc_token(d, i);
        if (!corpus_token_is_term(t))
            continue;
        size_t len = 0;
        const char *const s = precis_pipeline_term(p, t->stem, &len);
        if (!s)
            continue;
        if ((key.len && buf_putc(&key, ' ')) || buf_append(&key, s, len))
            goto fail;
    }
    st = PRECIS_ENOTFOUND;
    if (!key.len)
        goto fail;
    *out = buf_detach(&key);
    st = PRECIS_OK;
fail:
    buf_free(&key);
    buf_free(&json);
    precis_doc_free(d);
    precis_article_free(a);
    precis_reader_free(r);
    return st;
}
