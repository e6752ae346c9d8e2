/* bench_frontend.c - speed of the whole front end (read, normalise, split, tokenise, stem,
 * count) over the inputs named on the command line, single-threaded, in MB/s of input bytes.
 * Usage: bench_frontend INPUT...   (prints: articles, bytes, seconds, MB/s, distinct stems) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "precis.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_frontend INPUT...\n");
        return 2;
    }
    double t0 = now();
    precis_reader *r = NULL;
    precis_pipeline *p = NULL;
    if (precis_reader_new(NULL, &r) != PRECIS_OK || precis_pipeline_new(NULL, &p) != PRECIS_OK)
        return 3;
    for (int i = 1; i < argc; i++)
        precis_reader_add(r, argv[i]);
    size_t articles = 0, sentences = 0, tokens = 0, failed = 0;
    uint32_t *counts = NULL; /* tokens per stem id; 32 bits keep the table cache-friendly */
    size_t cap = 0;
    for (;;) {
        precis_article *a = NULL;
        precis_status st = precis_reader_next(r, &a);
        if (st != PRECIS_OK) {
            failed++;
            continue;
        }
        if (!a)
            break;
        precis_doc *d = NULL;
        if (precis_pipeline_analyze(p, a, &d) != PRECIS_OK) {
            failed++;
            precis_article_free(a);
            continue;
        }
        /* Count stems in a table indexed by term id (ids are dense). */
        size_t need = precis_pipeline_term_count(p);
        if (need > cap) {
            size_t ncap = need * 2;
            uint32_t *nc = realloc(counts, ncap * sizeof *nc);
            if (!nc)
                return 3;
            memset(nc + cap, 0, (ncap - cap) * sizeof *nc);
            counts = nc;
            cap = ncap;
        }
        size_t n = precis_doc_token_count(d);
        for (size_t i = 0; i < n; i++)
            counts[precis_doc_token(d, i)->stem]++;
        tokens += n;
        sentences += precis_doc_sentence_count(d);
        articles++;
        precis_doc_free(d);
        precis_article_free(a);
    }
    double secs = now() - t0;
    size_t distinct = 0;
    for (size_t i = 0; i < cap; i++)
        distinct += counts[i] > 0;
    /* Input size: the bytes of the files named (directories: summed by the caller). */
    const char *env = getenv("BENCH_BYTES");
    double bytes = env ? atof(env) : 0;
    if (!env) {
        for (int i = 1; i < argc; i++) {
            struct stat sb;
            if (stat(argv[i], &sb) == 0 && S_ISREG(sb.st_mode))
                bytes += (double)sb.st_size;
        }
    }
    printf("articles=%zu failed=%zu sentences=%zu tokens=%zu distinct_stems=%zu bytes=%.0f "
           "seconds=%.3f MB/s=%.1f\n",
           articles, failed, sentences, tokens, distinct, bytes, secs, bytes / 1e6 / secs);
    free(counts);
    precis_pipeline_free(p);
    precis_reader_free(r);
    return failed ? 1 : 0;
}
