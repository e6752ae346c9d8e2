/* null_check.c - false positives of keyness under the null: the March 1987 Reuters articles
 * split at random into two halves (by article), keyness of one half against the other with
 * Bonferroni at 0.05, counting the seeds where no term is "significant"; article counts
 * (--dispersion) against token counts, as in Lijffijt et al. 2014.
 * Usage: null_check [-s SEEDS] [-w MAX_WORDS] [-m YYYY-MM] REUTERS_JSONL */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "precis.h"

/* One article's terms: (key id, occurrences) pairs into the harness's key list. */
typedef struct doc_terms {
    size_t first, count; /* entries[first .. first+count) */
    uint64_t tokens;     /* its term tokens */
} doc_terms;

typedef struct entry {
    uint32_t key;
    uint32_t tokens;
} entry;

typedef struct corpus {
    char **keys; /* harness key id -> string */
    size_t nkeys, keys_cap;
    precis_counts *index; /* key string -> id + 1, kept in its tokens field */
    entry *entries;
    size_t nentries, entries_cap;
    doc_terms *docs;
    size_t ndocs, docs_cap;
} corpus;

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap * 2 : 1024;
    while (n < need)
        n *= 2;
    void *q = realloc(*p, n * elem);
    if (!q)
        return -1;
    *p = q;
    *cap = n;
    return 0;
}

/* Id of key in the harness list, added when new; UINT32_MAX when out of memory. */
static uint32_t key_id(corpus *c, const char *key)
{
    uint64_t id1 = 0;
    precis_counts_lookup(c->index, key, strlen(key), &id1, NULL);
    if (id1)
        return (uint32_t)(id1 - 1);
    if (grow((void **)&c->keys, &c->keys_cap, c->nkeys + 1, sizeof *c->keys))
        return UINT32_MAX;
    c->keys[c->nkeys] = malloc(strlen(key) + 1);
    if (!c->keys[c->nkeys])
        return UINT32_MAX;
    strcpy(c->keys[c->nkeys], key);
    if (precis_counts_add_term(c->index, key, strlen(key), NULL, c->nkeys + 1, 0) != PRECIS_OK)
        return UINT32_MAX;
    return (uint32_t)c->nkeys++;
}

/* Analyses one article into the corpus's entries. */
static int add_article(corpus *c, precis_pipeline *p, const precis_doc *d, size_t max_words)
{
    precis_counts *one = NULL;
    if (precis_counts_new(&one) != PRECIS_OK ||
        precis_counts_add_doc(one, p, d, max_words) != PRECIS_OK)
        goto fail;
    if (grow((void **)&c->docs, &c->docs_cap, c->ndocs + 1, sizeof *c->docs))
        goto fail;
    doc_terms *const dt = &c->docs[c->ndocs++];
    dt->first = c->nentries;
    dt->count = precis_counts_size(one);
    dt->tokens = precis_counts_total_tokens(one);
    if (grow((void **)&c->entries, &c->entries_cap, c->nentries + dt->count, sizeof *c->entries))
        goto fail;
    for (size_t i = 0; i < dt->count; i++) {
        const char *key;
        uint64_t tok;
        precis_counts_term(one, i, &key, NULL, &tok, NULL);
        const uint32_t id = key_id(c, key);
        if (id == UINT32_MAX)
            goto fail;
        c->entries[c->nentries++] = (entry){id, (uint32_t)tok};
    }
    precis_counts_free(one);
    return 0;
fail:
    precis_counts_free(one);
    return -1;
}

/* xorshift64* (Vigna 2016), so the splits are the same on every machine. */
static uint64_t rng(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ULL;
}

/* Counts of the articles order[from .. to). */
static precis_counts *half(const corpus *c, const size_t *order, size_t from, size_t to)
{
    precis_counts *h = NULL;
    if (precis_counts_new(&h) != PRECIS_OK)
        return NULL;
    for (size_t i = from; i < to; i++) {
        const doc_terms *const dt = &c->docs[order[i]];
        for (size_t k = 0; k < dt->count; k++) {
            const entry *const e = &c->entries[dt->first + k];
            const char *const key = c->keys[e->key];
            if (precis_counts_add_term(h, key, strlen(key), NULL, e->tokens, 1) != PRECIS_OK)
                goto fail;
        }
        if (precis_counts_add_totals(h, dt->tokens, 1) != PRECIS_OK)
            goto fail;
    }
    return h;
fail:
    precis_counts_free(h);
    return NULL;
}

int main(int argc, char **argv)
{
    int seeds = 20, opt;
    size_t max_words = 3;
    const char *month = "1987-03";
    while ((opt = getopt(argc, argv, "s:w:m:")) != -1) {
        if (opt == 's')
            seeds = atoi(optarg);
        else if (opt == 'w')
            max_words = (size_t)atoi(optarg);
        else if (opt == 'm')
            month = optarg;
        else
            return 2;
    }
    if (optind + 1 != argc || seeds < 1 || max_words < 1 || max_words > 3) {
        fprintf(stderr, "usage: null_check [-s SEEDS] [-w MAX_WORDS] [-m YYYY-MM] REUTERS_JSONL\n");
        return 2;
    }
    precis_period want;
    if (precis_period_parse(month, &want, NULL) != PRECIS_OK) {
        fprintf(stderr, "null_check: bad month %s\n", month);
        return 2;
    }
    const precis_read_options ro = {PRECIS_INPUT_JSONL, 0, 0};
    const precis_pipeline_options po = {"en", NULL, 0};
    precis_reader *r = NULL;
    precis_pipeline *p = NULL;
    corpus c;
    memset(&c, 0, sizeof c);
    if (precis_reader_new(&ro, &r) != PRECIS_OK ||
        precis_reader_add(r, argv[optind]) != PRECIS_OK ||
        precis_pipeline_new(&po, &p) != PRECIS_OK || precis_counts_new(&c.index) != PRECIS_OK) {
        fprintf(stderr, "null_check: cannot open %s\n", argv[optind]);
        return 1;
    }
    for (;;) {
        precis_article *a = NULL;
        const precis_status st = precis_reader_next(r, &a);
        if (st != PRECIS_OK) {
            fprintf(stderr, "null_check: %s\n", precis_reader_error(r));
            continue;
        }
        if (!a)
            break;
        const precis_date dt = precis_article_date(a);
        precis_doc *d = NULL;
        if (precis_period_contains(&want, &dt)) {
            if (precis_pipeline_analyze(p, a, &d) != PRECIS_OK ||
                add_article(&c, p, d, max_words)) {
                fprintf(stderr, "null_check: out of memory\n");
                return 1;
            }
        }
        precis_doc_free(d);
        precis_article_free(a);
    }
    printf("articles of %s: %zu; distinct terms (up to %zu words): %zu\n", month, c.ndocs,
           max_words, c.nkeys);
    printf("%-6s %10s %10s  %-24s %10s  %s\n", "seed", "m", "sig(docs)", "top term (docs)",
           "sig(tokens)", "top term (tokens)");
    size_t *order = malloc((c.ndocs ? c.ndocs : 1) * sizeof *order);
    int clean[2] = {0, 0};
    for (int seed = 1; seed <= seeds; seed++) {
        uint64_t s = 0x9E3779B97F4A7C15ULL * (uint64_t)seed;
        for (size_t i = 0; i < c.ndocs; i++)
            order[i] = i;
        /* Fisher-Yates shuffle, then the first half against the second. */
        for (size_t i = c.ndocs; i > 1; i--) {
            const size_t j = (size_t)(rng(&s) % i);
            const size_t t = order[i - 1];
            order[i - 1] = order[j];
            order[j] = t;
        }
        precis_counts *a = half(&c, order, 0, c.ndocs / 2);
        precis_counts *b = half(&c, order, c.ndocs / 2, c.ndocs);
        if (!a || !b) {
            fprintf(stderr, "null_check: out of memory\n");
            return 1;
        }
        printf("%-6d", seed);
        for (int disp = 1; disp >= 0; disp--) {
            precis_trends_options o;
            memset(&o, 0, sizeof o); /* Bonferroni at 0.05 */
            o.dispersion = disp;
            o.max_words = max_words;
            precis_keyness_rows *rows = NULL;
            if (precis_trends_keyness(a, b, &o, &rows) != PRECIS_OK) {
                fprintf(stderr, "null_check: keyness failed\n");
                return 1;
            }
            if (disp)
                printf(" %10zu", rows->tested);
            printf(" %10zu  %-24s", rows->count, rows->count ? rows->row[0].key : "-");
            clean[disp] += rows->count == 0;
            precis_keyness_rows_free(rows);
        }
        putchar('\n');
        precis_counts_free(a);
        precis_counts_free(b);
    }
    printf("seeds with no significant term (Bonferroni, alpha 0.05): articles (--dispersion) "
           "%d/%d, tokens %d/%d\n",
           clean[1], seeds, clean[0], seeds);
    free(order);
    for (size_t i = 0; i < c.nkeys; i++)
        free(c.keys[i]);
    free(c.keys);
    free(c.entries);
    free(c.docs);
    precis_counts_free(c.index);
    precis_pipeline_free(p);
    precis_reader_free(r);
    return 0;
}
