/* eval_keywords.c - keyword quality on 500N-KPCrowd (Marujo et al. 2012): top-k keywords of
 * each article with a body, against the crowd's keyphrases, with the data README's protocol.
 * Usage: eval_keywords [-v] [-w MAX_WORDS] KPCROWD_DIR
 *  (prints P/R/F1 at 5 and 10 averaged per document) */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "precis.h"

typedef struct item {
    precis_article *a;
    precis_doc *d;
    char *name; /* file name without .txt */
    int body;   /* the file has a body line, not just the title */
} item;

/* The whole file, NUL-terminated; caller frees. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 0;
    char *data = NULL;
    char chunk[4096];
    size_t got;
    *len = 0;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (*len + got + 1 > cap) {
            cap = (*len + got + 1) * 2;
            char *nd = realloc(data, cap);
            if (!nd) {
                free(data);
                fclose(f);
                return NULL;
            }
            data = nd;
        }
        memcpy(data + *len, chunk, got);
        *len += got;
    }
    fclose(f);
    if (data)
        data[*len] = '\0';
    return data;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The key file's phrases, one a line (CR, LF stripped); caller frees both. */
static char **read_keys(const char *path, size_t *n, char **store)
{
    *n = 0;
    *store = NULL;
    size_t len = 0;
    char *data = slurp(path, &len);
    if (!data)
        return NULL;
    size_t lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += data[i] == '\n';
    char **out = calloc(lines, sizeof *out);
    if (!out) {
        free(data);
        return NULL;
    }
    char *s = data;
    while (*s) {
        char *e = strchr(s, '\n');
        if (e)
            *e = '\0';
        const size_t l = strlen(s);
        if (l && s[l - 1] == '\r')
            s[l - 1] = '\0';
        if (*s)
            out[(*n)++] = s;
        if (!e)
            break;
        s = e + 1;
    }
    *store = data;
    return out;
}

int main(int argc, char **argv)
{
    int verbose = 0, argi = 1;
    size_t max_words = 3;
    for (; argi < argc && argv[argi][0] == '-'; argi++) {
        if (strcmp(argv[argi], "-v") == 0)
            verbose = 1;
        else if (strcmp(argv[argi], "-w") == 0 && argi + 1 < argc)
            max_words = (size_t)atoi(argv[++argi]);
        else
            break;
    }
    if (argi >= argc) {
        fprintf(stderr, "usage: eval_keywords [-v] [-w MAX_WORDS] KPCROWD_DIR\n");
        return 2;
    }
    const char *dir = argv[argi];
    char path[4096];
    snprintf(path, sizeof path, "%s/docs", dir);
    precis_reader *r = NULL;
    precis_pipeline *p = NULL;
    precis_corpus *c = NULL;
    precis_rouge *rg = NULL;
    const precis_pipeline_options popts = {.lang = "en"};
    if (precis_reader_new(NULL, &r) || precis_pipeline_new(&popts, &p) || precis_corpus_new(&c) ||
        precis_rouge_new(&rg)) {
        fprintf(stderr, "eval_keywords: out of memory\n");
        return 3;
    }
    DIR *dh = opendir(path);
    if (!dh) {
        fprintf(stderr, "eval_keywords: %s: cannot read (get 500N-KPCrowd, see data README)\n",
                path);
        return 3;
    }
    char **names = NULL;
    size_t nnames = 0, ncap = 0;
    for (struct dirent *e; (e = readdir(dh));) {
        const size_t l = strlen(e->d_name);
        if (l < 5 || strcmp(e->d_name + l - 4, ".txt") != 0)
            continue;
        if (nnames == ncap) {
            ncap = ncap ? 2 * ncap : 512;
            char **nn = realloc(names, ncap * sizeof *nn);
            if (!nn)
                return 3;
            names = nn;
        }
        if (!(names[nnames++] = strndup(e->d_name, l - 4)))
            return 3;
    }
    closedir(dh);
    qsort(names, nnames, sizeof *names, cmp_str);
    item *items = calloc(nnames + 1, sizeof *items);
    size_t n = 0;
    if (!items)
        return 3;
    /* KPCrowd docs are line 1 the title, line 2 the body, with no blank line between: the
     * title is marked for the reader by a blank line, as plain-text articles have it. */
    for (size_t i = 0; i < nnames; i++) {
        snprintf(path, sizeof path, "%s/docs/%s.txt", dir, names[i]);
        size_t len = 0;
        char *data = slurp(path, &len);
        if (!data) {
            fprintf(stderr, "eval_keywords: %s: cannot read\n", path);
            continue;
        }
        char *nl = memchr(data, '\n', len);
        const size_t tlen = nl ? (size_t)(nl - data) + 1 : len;
        int body = 0;
        for (size_t j = tlen; j < len && !body; j++)
            body = data[j] != ' ' && data[j] != '\r' && data[j] != '\n' && data[j] != '\t';
        char *mem = malloc(len + 3);
        if (!mem)
            return 3;
        memcpy(mem, data, tlen);
        memcpy(mem + tlen, "\n", 1);
        memcpy(mem + tlen + 1, data + tlen, len - tlen);
        const precis_status st0 = precis_reader_add_memory(r, path, mem, len + 1);
        free(mem);
        free(data);
        precis_article *a = NULL;
        if (st0 != PRECIS_OK || precis_reader_next(r, &a) != PRECIS_OK || !a) {
            fprintf(stderr, "eval_keywords: %s: %s\n", path, precis_reader_error(r));
            continue;
        }
        precis_doc *d = NULL;
        if (precis_pipeline_analyze(p, a, &d) != PRECIS_OK || precis_corpus_add(c, p, d)) {
            fprintf(stderr, "eval_keywords: %s: analysis failed\n", path);
            precis_doc_free(d);
            precis_article_free(a);
            continue;
        }
        items[n++] = (item){a, d, names[i], body};
    }
    static const size_t ks[] = {5, 10};
    double sum[2][3] = {{0}};
    size_t docs = 0;
    for (size_t i = 0; i < n; i++) {
        if (!items[i].body)
            continue;
        const char *const base = items[i].name;
        snprintf(path, sizeof path, "%s/keys/%s.key", dir, base);
        size_t ngold = 0;
        char *store = NULL;
        char **gold = read_keys(path, &ngold, &store);
        if (!gold) {
            fprintf(stderr, "eval_keywords: %s: no keys\n", path);
            continue;
        }
        const precis_keyword_options ko = {.k = 10, .max_words = max_words};
        precis_keywords *kw = NULL;
        if (precis_keywords_extract(p, items[i].d, c, &ko, &kw) != PRECIS_OK) {
            fprintf(stderr, "eval_keywords: %s: keywords failed\n", base);
            free(gold);
            free(store);
            continue;
        }
        const char *pred[10];
        for (size_t j = 0; j < kw->count; j++)
            pred[j] = kw->keyword[j].text;
        for (size_t q = 0; q < 2; q++) {
            precis_prf s;
            precis_rouge_keywords(rg, pred, kw->count, (const char *const *)gold, ngold, ks[q], &s);
            sum[q][0] += s.precision;
            sum[q][1] += s.recall;
            sum[q][2] += s.f1;
            if (verbose && q == 1) {
                printf("%s\tF1@10 %.3f\t", base, s.f1);
                /* A hit is marked with '*'. */
                for (size_t j = 0; j < kw->count; j++) {
                    precis_prf one;
                    precis_rouge_keywords(rg, pred + j, 1, (const char *const *)gold, ngold, 1,
                                          &one);
                    printf("%s%s%s", j ? " | " : "", one.precision > 0 ? "*" : "", pred[j]);
                }
                printf("\n");
            }
        }
        docs++;
        precis_keywords_free(kw);
        free(gold);
        free(store);
    }
    if (!docs) {
        fprintf(stderr, "eval_keywords: no documents with a body under %s\n", dir);
        return 1;
    }
    printf("kpcrowd docs %zu (of %zu read)\n", docs, n);
    for (size_t q = 0; q < 2; q++)
        printf("@%-2zu P %.4f  R %.4f  F1 %.4f\n", ks[q], sum[q][0] / (double)docs,
               sum[q][1] / (double)docs, sum[q][2] / (double)docs);
    for (size_t i = 0; i < n; i++) {
        precis_doc_free(items[i].d);
        precis_article_free(items[i].a);
    }
    free(items);
    for (size_t i = 0; i < nnames; i++)
        free(names[i]);
    free(names);
    precis_rouge_free(rg);
    precis_corpus_free(c);
    precis_pipeline_free(p);
    precis_reader_free(r);
    return 0;
}
