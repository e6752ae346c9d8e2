/* bbc_coverage.c - how well the sentence segmenter agrees with the BBC News Summary references:
 * the share of reference-summary bytes covered by whole segmented article sentences.
 * Usage: bbc_coverage [-v] BBC_DIR   (BBC_DIR holds articles/<cat>/NNN.txt, summaries/...) */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sentences.h"

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *data = NULL;
    size_t cap = 0, got;
    *len = 0;
    char chunk[8192];
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

/* Paragraphs on blank lines after the title line, as in the data README. */
static size_t paragraphs(const char *t, size_t len, precis_span **out)
{
    size_t n = 0, cap = 0, i = 0;
    *out = NULL;
    while (i < len && t[i] != '\n')
        i++; /* the title */
    int open = 0;
    while (i < len) {
        size_t e = i;
        while (e < len && t[e] != '\n')
            e++;
        int blank = 1;
        for (size_t k = i; k < e; k++)
            if (t[k] != ' ' && t[k] != '\t' && t[k] != '\r')
                blank = 0;
        if (blank) {
            open = 0;
        } else if (open) {
            (*out)[n - 1].end = e;
        } else {
            if (n == cap) {
                cap = cap ? cap * 2 : 16;
                precis_span *np = realloc(*out, cap * sizeof *np);
                if (!np)
                    exit(1);
                *out = np;
            }
            (*out)[n].start = i, (*out)[n].end = e, n++, open = 1;
        }
        i = e + 1;
    }
    return n;
}

int main(int argc, char **argv)
{
    int verbose = argc > 1 && strcmp(argv[1], "-v") == 0;
    if (argc != 2 + verbose) {
        fprintf(stderr, "usage: bbc_coverage [-v] BBC_DIR\n");
        return 2;
    }
    const char *root = argv[1 + verbose];
    static const char *const cats[] = {"business", "entertainment", "politics", "sport", "tech"};
    size_t covered = 0, total = 0, docs = 0, perfect = 0;
    for (size_t c = 0; c < sizeof cats / sizeof cats[0]; c++) {
        char dir[4096];
        snprintf(dir, sizeof dir, "%s/articles/%s", root, cats[c]);
        DIR *d = opendir(dir);
        if (!d)
            continue;
        char **names = NULL;
        size_t nn = 0, ncap = 0;
        struct dirent *de;
        while ((de = readdir(d)) != NULL) {
            if (!strstr(de->d_name, ".txt"))
                continue;
            if (nn == ncap) {
                ncap = ncap ? ncap * 2 : 512;
                char **np = realloc(names, ncap * sizeof *np);
                if (!np)
                    return 1;
                names = np;
            }
            names[nn++] = strdup(de->d_name);
        }
        closedir(d);
        qsort(names, nn, sizeof *names, cmp_str);
        for (size_t f = 0; f < nn; f++) {
            char ap[4096], sp[4096];
            snprintf(ap, sizeof ap, "%s/articles/%s/%s", root, cats[c], names[f]);
            snprintf(sp, sizeof sp, "%s/summaries/%s/%s", root, cats[c], names[f]);
            size_t alen, slen;
            char *art = slurp(ap, &alen), *sum = slurp(sp, &slen);
            if (!art || !sum) {
                free(art);
                free(sum);
                continue;
            }
            precis_span *paras;
            const size_t np = paragraphs(art, alen, &paras);
            precis_sentence *s = NULL;
            size_t n = 0, cap = 0;
            if (sentences_split(art, paras, np, "en", &s, &n, &cap) != PRECIS_OK)
                return 1;
            char *mark = calloc(slen + 1, 1);
            if (!mark)
                return 1;
            for (size_t k = 0; k < n; k++) {
                const size_t l = s[k].end - s[k].start;
                char *needle = strndup(art + s[k].start, l);
                if (!needle)
                    return 1;
                for (const char *p = strstr(sum, needle); p; p = strstr(p + 1, needle))
                    memset(mark + (p - sum), 1, l);
                free(needle);
            }
            /* White space between reference sentences cannot lie in a trimmed sentence. */
            size_t cov = 0, ink = 0;
            for (size_t b = 0; b < slen; b++) {
                const int blank =
                    sum[b] == ' ' || sum[b] == '\t' || sum[b] == '\n' || sum[b] == '\r';
                ink += !blank;
                cov += mark[b] && !blank;
            }
            if (verbose && cov < ink) {
                printf("%s/%s: %zu/%zu\n", cats[c], names[f], cov, ink);
                for (size_t b = 0; b < slen;) {
                    if (mark[b] || sum[b] == ' ') {
                        b++;
                        continue;
                    }
                    size_t e = b;
                    while (e < slen && !mark[e])
                        e++;
                    printf("   missed [%.*s]\n", (int)(e - b), sum + b);
                    b = e;
                }
            }
            covered += cov, total += ink, docs++, perfect += cov == ink;
            free(mark);
            free(s);
            free(paras);
            free(art);
            free(sum);
            free(names[f]);
        }
        free(names);
    }
    if (total == 0) {
        fprintf(stderr, "bbc_coverage: no articles under %s (get the BBC News Summary set)\n",
                root);
        return 0;
    }
    printf("bbc coverage: %.2f%% of summary bytes (white space aside) in whole sentences; %zu/%zu "
           "summaries whole\n",
           100.0 * (double)covered / (double)total, perfect, docs);
    return 0;
}
