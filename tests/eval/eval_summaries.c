/* eval_summaries.c - quality harness for `precis summarize`: ROUGE-1/2/L F1 of every method,
 * the lead baseline and Open Text Summarizer on the BBC News Summary set (k sentences, k from
 * the reference) and on 125 CNN/DailyMail stories (3 sentences). Usage in the usage text. */
#include <dirent.h>
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "precis.h"

#define NMETHODS 9

typedef struct tally {
    double r1, r2, rl, sp;
    size_t docs, sp_docs;
    double seconds;
} tally;

typedef struct run {
    precis_pipeline *pipe;
    precis_rouge *rouge;
    int use_ots;
    double lexrank_threshold;
    double mmr_lambda;
    int ots_ratio;  /* a fixed `ots -r` percentage instead of the search for k */
    int use_corpus; /* df from all the set's articles, as `precis summarize DIR` */
    int counting;   /* the first pass: only add docs to the corpus */
    int half;       /* 0 = every story; 1 or 2 = half A or B (see in_half) */
    int show;       /* print the sentences default and lead choose where they differ */
    precis_corpus *corpus;
    tally t[NMETHODS + 1];     /* the methods, then OTS */
    double d1, d1sq, d2, d2sq; /* per story: default minus lead, R1 and R2 F1, and squares */
} run;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A fixed split of a set into two halves for development and confirmation: half A holds the
 * stories whose id (CNN/DM) or category/file (BBC) has an even 32-bit FNV-1a hash. */
static int in_half(const run *r, const char *id)
{
    if (!r->half)
        return 1;
    uint32_t h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)id; *p; p++)
        h = (h ^ *p) * 16777619u;
    return (int)(h & 1) + 1 == r->half;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *s = malloc(cap);
    size_t got;
    while (s && (got = fread(s + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n < 2) {
            char *t = realloc(s, cap * 2);
            if (!t) {
                free(s);
                s = NULL;
                break;
            }
            s = t;
            cap *= 2;
        }
    }
    fclose(f);
    if (!s)
        return NULL;
    s[n] = '\0';
    *len = n;
    return s;
}

/* The reference file of the full set that is Latin-1 is re-encoded, as the reader does for
 * the article, so that sentence containment can be tested byte for byte. */
static char *latin1_to_utf8_if_needed(char *s, size_t *len)
{
    int ascii_high = 0, valid = 1;
    for (size_t i = 0; i < *len;) {
        const unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        ascii_high = 1;
        size_t need = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
        if (!need || i + need >= *len + 1) {
            valid = 0;
            break;
        }
        for (size_t k = 1; k <= need; k++)
            if (((unsigned char)s[i + k] & 0xC0) != 0x80)
                valid = 0;
        if (!valid)
            break;
        i += need + 1;
    }
    if (!ascii_high || valid)
        return s;
    char *out = malloc(*len * 2 + 1);
    if (!out)
        return s;
    size_t o = 0;
    for (size_t i = 0; i < *len; i++) {
        const unsigned char c = (unsigned char)s[i];
        if (c < 0x80)
            out[o++] = (char)c;
        else {
            out[o++] = (char)(0xC0 | (c >> 6));
            out[o++] = (char)(0x80 | (c & 0x3F));
        }
    }
    out[o] = '\0';
    free(s);
    *len = o;
    return out;
}

/* Undoes the PTB tokenisation of the CNN/DailyMail highlights. */
static char *untokenize(const char *s)
{
    static const char *const from[] = {
        " .",     " ,",  " 's", " n't", " '", "-LRB- ", " -RRB-", "-LRB-", "-RRB-", "-LSB- ",
        " -RSB-", "`` ", " ''", "``",   "''", " ;",     " :",     " ?",    " !"};
    static const char *const to[] = {".", ",",  "'s", "n't", "'",  "(", ")", "(", ")", "[",
                                     "]", "\"", "\"", "\"",  "\"", ";", ":", "?", "!"};
    const size_t n = strlen(s);
    char *out = malloc(n + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        size_t k = 0;
        for (; k < sizeof from / sizeof from[0]; k++) {
            const size_t fl = strlen(from[k]);
            if (!strncmp(s + i, from[k], fl)) {
                const size_t tl = strlen(to[k]);
                memcpy(out + o, to[k], tl);
                o += tl;
                i += fl;
                break;
            }
        }
        if (k == sizeof from / sizeof from[0])
            out[o++] = s[i++];
    }
    out[o] = '\0';
    return out;
}

/* Appends sentence i of d to b (space-separated). */
static void append_sentence(const precis_doc *d, size_t i, char **b, size_t *len, size_t *cap)
{
    const char *text = precis_article_text(precis_doc_article(d), NULL);
    const precis_sentence *s = precis_doc_sentence(d, i);
    const size_t n = s->end - s->start;
    if (*len + n + 2 > *cap) {
        *cap = (*len + n + 2) * 2;
        *b = realloc(*b, *cap);
        if (!*b) {
            fprintf(stderr, "eval_summaries: out of memory\n");
            exit(1);
        }
    }
    if (*len)
        (*b)[(*len)++] = ' ';
    memcpy(*b + *len, text + s->start, n);
    *len += n;
    (*b)[*len] = '\0';
}

static int sentence_in(const precis_doc *d, size_t i, const char *ref)
{
    const char *text = precis_article_text(precis_doc_article(d), NULL);
    const precis_sentence *s = precis_doc_sentence(d, i);
    const size_t n = s->end - s->start;
    if (n == 0)
        return 0;
    char *tmp = malloc(n + 1);
    memcpy(tmp, text + s->start, n);
    tmp[n] = '\0';
    const int in = strstr(ref, tmp) != NULL;
    free(tmp);
    return in;
}

static precis_rouge_scores score_text(run *r, tally *t, const char *cand, const char *ref)
{
    precis_rouge_scores sc;
    if (precis_rouge_score(r->rouge, cand, strlen(cand), ref, strlen(ref), &sc) != PRECIS_OK) {
        fprintf(stderr, "eval_summaries: rouge failed\n");
        exit(1);
    }
    t->r1 += sc.rouge1.f1;
    t->r2 += sc.rouge2.f1;
    t->rl += sc.rougel.f1;
    t->docs++;
    return sc;
}

/* Analyses text (no title line) as an article; caller frees both. */
static precis_doc *analyze_memory(run *r, const char *text, size_t len, precis_article **art)
{
    const precis_read_options ro = {.format = PRECIS_INPUT_TEXT, .no_title = 1};
    precis_reader *rd = NULL;
    precis_doc *d = NULL;
    *art = NULL;
    if (precis_reader_new(&ro, &rd) != PRECIS_OK)
        return NULL;
    if (precis_reader_add_memory(rd, "mem.txt", text, len) == PRECIS_OK &&
        precis_reader_next(rd, art) == PRECIS_OK && *art)
        precis_pipeline_analyze(r->pipe, *art, &d);
    precis_reader_free(rd);
    return d;
}

/* Runs OTS on body (written to a temporary file) asking for about k sentences: OTS takes a
 * percentage, so we search the percentage whose output has k sentences by our segmenter,
 * keeping the closest (the smaller on a tie). Returns the summary (caller frees). */
static char *run_ots(run *r, const char *body, size_t len, size_t nsent, size_t k)
{
    char path[] = "/tmp/precis-eval-XXXXXX";
    const int fd = mkstemp(path);
    if (fd < 0)
        return NULL;
    FILE *f = fdopen(fd, "w");
    fwrite(body, 1, len, f);
    fputc('\n', f);
    fclose(f);
    char *best = NULL;
    size_t best_gap = SIZE_MAX, best_cnt = 0;
    int pct = nsent ? (int)((100.0 * (double)k) / (double)nsent + 0.5) : 20;
    if (pct < 1)
        pct = 1;
    if (r->ots_ratio > 0)
        pct = r->ots_ratio;
    int lo = 1, hi = 100;
    for (int tries = 0; tries < (r->ots_ratio > 0 ? 1 : 7) && lo <= hi; tries++) {
        char cmd[256];
        snprintf(cmd, sizeof cmd, "ots -r %d '%s' 2>/dev/null", pct, path);
        FILE *pp = popen(cmd, "r");
        if (!pp)
            break;
        size_t cap = 4096, n = 0, got;
        char *out = malloc(cap);
        while ((got = fread(out + n, 1, cap - n - 1, pp)) > 0) {
            n += got;
            if (cap - n < 2)
                out = realloc(out, cap *= 2);
        }
        out[n] = '\0';
        pclose(pp);
        precis_article *a = NULL;
        precis_doc *d = analyze_memory(r, out, n, &a);
        const size_t cnt = d ? precis_doc_sentence_count(d) : 0;
        precis_doc_free(d);
        precis_article_free(a);
        const size_t gap = cnt > k ? cnt - k : k - cnt;
        if (gap < best_gap || (gap == best_gap && cnt < best_cnt)) {
            free(best);
            best = out;
            best_gap = gap;
            best_cnt = cnt;
        } else
            free(out);
        if (cnt == k)
            break;
        if (cnt < k)
            lo = pct + 1;
        else
            hi = pct - 1;
        pct = (lo + hi) / 2;
    }
    unlink(path);
    return best;
}

/* Summarises d with every method for k sentences and scores against ref; BBC also counts
 * sentence precision. */
static void evaluate_doc(run *r, const precis_doc *d, size_t k, const char *ref, int bbc)
{
    if (r->counting) {
        if (precis_corpus_add(r->corpus, r->pipe, d) != PRECIS_OK) {
            fprintf(stderr, "eval_summaries: corpus_add failed\n");
            exit(1);
        }
        return;
    }
    double f1[2] = {0, 0}, f2[2] = {0, 0};
    char *chosen[2] = {NULL, NULL};
    for (int m = 0; m < NMETHODS; m++) {
        precis_summary_options o = {.method = (precis_summary_method)m, .sentences = k};
        o.lexrank_threshold = r->lexrank_threshold;
        o.mmr_lambda = r->mmr_lambda;
        precis_summary *s = NULL;
        const double t0 = now();
        if (precis_summarize(r->pipe, d, r->corpus, &o, &s) != PRECIS_OK) {
            fprintf(stderr, "eval_summaries: summarize failed\n");
            exit(1);
        }
        r->t[m].seconds += now() - t0;
        char *cand = NULL;
        size_t len = 0, cap = 0;
        size_t in = 0;
        for (size_t i = 0; i < s->count; i++) {
            append_sentence(d, s->sentence[i], &cand, &len, &cap);
            in += (size_t)(bbc && sentence_in(d, s->sentence[i], ref));
        }
        const precis_rouge_scores sc = score_text(r, &r->t[m], cand ? cand : "", ref);
        if (m < 2) {
            f1[m] = sc.rouge1.f1;
            f2[m] = sc.rouge2.f1;
            chosen[m] = malloc(s->count * 8 + 1);
            size_t o2 = 0;
            for (size_t i = 0; chosen[m] && i < s->count; i++)
                o2 += (size_t)sprintf(chosen[m] + o2, " %zu", s->sentence[i]);
        }
        if (bbc && s->count) {
            r->t[m].sp += (double)in / (double)s->count;
            r->t[m].sp_docs++;
        }
        free(cand);
        precis_summary_free(s);
    }
    r->d1 += f1[0] - f1[1];
    r->d1sq += (f1[0] - f1[1]) * (f1[0] - f1[1]);
    r->d2 += f2[0] - f2[1];
    r->d2sq += (f2[0] - f2[1]) * (f2[0] - f2[1]);
    if (r->show && chosen[0] && chosen[1] && strcmp(chosen[0], chosen[1])) {
        printf("\n== default%s (R1 %.3f) vs lead%s (R1 %.3f)\nref: %s\n", chosen[0], f1[0],
               chosen[1], f1[1], ref);
        for (size_t i = 0; i < precis_doc_sentence_count(d) && i < 8; i++) {
            const char *text = precis_article_text(precis_doc_article(d), NULL);
            const precis_sentence *se = precis_doc_sentence(d, i);
            printf("[%zu] %.*s\n", i, (int)(se->end - se->start), text + se->start);
        }
    }
    free(chosen[0]);
    free(chosen[1]);
}

static void evaluate_ots(run *r, const precis_doc *d, size_t k, const char *ref, int bbc)
{
    const precis_article *a = precis_doc_article(d);
    const char *text = precis_article_text(a, NULL);
    const precis_span body = precis_article_body(a);
    const double t0 = now();
    char *out =
        run_ots(r, text + body.start, body.end - body.start, precis_doc_sentence_count(d), k);
    r->t[NMETHODS].seconds += now() - t0;
    if (!out)
        return;
    score_text(r, &r->t[NMETHODS], out, ref);
    if (bbc) {
        precis_article *oa = NULL;
        precis_doc *od = analyze_memory(r, out, strlen(out), &oa);
        const size_t n = od ? precis_doc_sentence_count(od) : 0;
        size_t in = 0;
        for (size_t i = 0; i < n; i++)
            in += (size_t)sentence_in(od, i, ref);
        if (n) {
            r->t[NMETHODS].sp += (double)in / (double)n;
            r->t[NMETHODS].sp_docs++;
        }
        precis_doc_free(od);
        precis_article_free(oa);
    }
    free(out);
}

static void report(const run *r, const char *name, int bbc)
{
    printf("\n%s\n%-10s %7s %7s %7s", name, "method", "R1-F1", "R2-F1", "RL-F1");
    if (bbc)
        printf(" %7s", "SentP");
    printf(" %6s %8s\n", "docs", "seconds");
    for (int m = 0; m <= NMETHODS; m++) {
        const tally *t = &r->t[m];
        if (!t->docs)
            continue;
        const double n = (double)t->docs;
        printf("%-10s %7.4f %7.4f %7.4f", m < NMETHODS ? precis_summary_method_name(m) : "ots",
               t->r1 / n, t->r2 / n, t->rl / n);
        if (bbc)
            printf(" %7.4f", t->sp_docs ? t->sp / (double)t->sp_docs : 0);
        printf(" %6zu %8.2f\n", t->docs, t->seconds);
    }
    /* Paired per document: the standard error of the mean difference says whether the
     * default's edge over the lead is more than the sample's noise. */
    const double n = (double)r->t[0].docs;
    if (n > 1) {
        const double m1 = r->d1 / n, m2 = r->d2 / n;
        printf("default - lead, paired: R1 %+.4f (se %.4f), R2 %+.4f (se %.4f)\n", m1,
               sqrt((r->d1sq / n - m1 * m1) / (n - 1)), m2,
               sqrt((r->d2sq / n - m2 * m2) / (n - 1)));
    }
    fflush(stdout);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int eval_bbc(run *r, const char *data, size_t limit)
{
    static const char *const cats[] = {"business", "entertainment", "politics"};
    char dir[4096];
    size_t skipped = 0, seen = 0;
    memset(r->t, 0, sizeof r->t);
    r->d1 = r->d1sq = r->d2 = r->d2sq = 0;
    for (size_t c = 0; c < sizeof cats / sizeof cats[0]; c++) {
        snprintf(dir, sizeof dir, "%s/bbc-news-summary/articles/%s", data, cats[c]);
        DIR *dp = opendir(dir);
        if (!dp) {
            fprintf(stderr, "eval_summaries: %s: not found; skipping BBC\n", dir);
            return 0;
        }
        char **names = NULL;
        size_t nn = 0;
        struct dirent *de;
        while ((de = readdir(dp))) {
            if (!strstr(de->d_name, ".txt"))
                continue;
            names = realloc(names, (nn + 1) * sizeof *names);
            names[nn++] = strdup(de->d_name);
        }
        closedir(dp);
        qsort(names, nn, sizeof *names, cmp_str);
        for (size_t i = 0; i < nn; i++) {
            if (limit && seen >= limit)
                break;
            char apath[8192], spath[8192], id[512];
            snprintf(id, sizeof id, "%s/%s", cats[c], names[i]);
            if (!in_half(r, id))
                continue;
            snprintf(apath, sizeof apath, "%s/%s", dir, names[i]);
            snprintf(spath, sizeof spath, "%s/bbc-news-summary/summaries/%s/%s", data, cats[c],
                     names[i]);
            size_t rlen = 0;
            char *ref = slurp(spath, &rlen);
            if (!ref)
                continue;
            ref = latin1_to_utf8_if_needed(ref, &rlen);
            precis_reader *rd = NULL;
            precis_article *a = NULL;
            precis_doc *d = NULL;
            precis_reader_new(NULL, &rd);
            if (precis_reader_add(rd, apath) == PRECIS_OK &&
                precis_reader_next(rd, &a) == PRECIS_OK && a &&
                precis_pipeline_analyze(r->pipe, a, &d) == PRECIS_OK) {
                size_t k = 0;
                const size_t ns = precis_doc_sentence_count(d);
                for (size_t s = 0; s < ns; s++)
                    k += (size_t)sentence_in(d, s, ref);
                if (k == 0)
                    skipped++;
                else {
                    seen++;
                    evaluate_doc(r, d, k, ref, 1);
                    if (r->use_ots && !r->counting)
                        evaluate_ots(r, d, k, ref, 1);
                }
            }
            precis_doc_free(d);
            precis_article_free(a);
            precis_reader_free(rd);
            free(ref);
        }
        for (size_t i = 0; i < nn; i++)
            free(names[i]);
        free(names);
    }
    char title[256];
    snprintf(title, sizeof title,
             "BBC News Summary: k = reference sentences found in the article (%zu articles with "
             "k = 0 skipped)",
             skipped);
    if (!r->counting)
        report(r, title, 1);
    return 1;
}

static int eval_cnndm(run *r, const char *data, size_t limit)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/cnndm-dev/cnndm_dev125.jsonl", data);
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "eval_summaries: %s: not found; skipping CNN/DailyMail\n", path);
        return 0;
    }
    memset(r->t, 0, sizeof r->t);
    r->d1 = r->d1sq = r->d2 = r->d2sq = 0;
    char *line = NULL;
    size_t cap = 0, seen = 0;
    while (getline(&line, &cap, f) > 0) {
        if (limit && seen >= limit)
            break;
        json_error_t err;
        json_t *j = json_loads(line, 0, &err);
        const char *text = j ? json_string_value(json_object_get(j, "text")) : NULL;
        const char *hl = j ? json_string_value(json_object_get(j, "highlights")) : NULL;
        const char *id = j ? json_string_value(json_object_get(j, "id")) : NULL;
        if (!text || !hl || !in_half(r, id ? id : "")) {
            json_decref(j);
            continue;
        }
        char *ref = untokenize(hl);
        precis_article *a = NULL;
        precis_doc *d = analyze_memory(r, text, strlen(text), &a);
        if (d && ref) {
            seen++;
            evaluate_doc(r, d, 3, ref, 0);
            if (r->use_ots && !r->counting)
                evaluate_ots(r, d, 3, ref, 0);
        }
        precis_doc_free(d);
        precis_article_free(a);
        free(ref);
        json_decref(j);
    }
    free(line);
    fclose(f);
    if (!r->counting)
        report(r, "CNN/DailyMail dev 125: 3 sentences a story, references = highlights", 0);
    return 1;
}

/* Times every method on one (large) article: the graph methods must stay sparse. */
static int speed(run *r, const char *path, double ratio)
{
    precis_reader *rd = NULL;
    precis_article *a = NULL;
    precis_doc *d = NULL;
    if (precis_reader_new(NULL, &rd) != PRECIS_OK || precis_reader_add(rd, path) != PRECIS_OK ||
        precis_reader_next(rd, &a) != PRECIS_OK || !a) {
        fprintf(stderr, "eval_summaries: cannot read %s\n", path);
        return 1;
    }
    double t0 = now();
    if (precis_pipeline_analyze(r->pipe, a, &d) != PRECIS_OK)
        return 1;
    size_t len = 0;
    precis_article_text(a, &len);
    printf("%s: %zu bytes, %zu sentences, %zu tokens; analysis %.2f s\n", path, len,
           precis_doc_sentence_count(d), precis_doc_token_count(d), now() - t0);
    for (int m = 0; m < NMETHODS; m++) {
        const precis_summary_options o = {.method = (precis_summary_method)m, .ratio = ratio};
        precis_summary *s = NULL;
        t0 = now();
        const precis_status st = precis_summarize(r->pipe, d, NULL, &o, &s);
        printf("%-10s %6.3f s  %s, %zu sentences\n", precis_summary_method_name(m), now() - t0,
               precis_strerror(st), s ? s->count : 0);
        precis_summary_free(s);
    }
    precis_doc_free(d);
    precis_article_free(a);
    precis_reader_free(rd);
    return 0;
}

int main(int argc, char **argv)
{
    const char *speed_file = NULL;
    double speed_ratio = 0;
    const char *data = NULL, *which = "all";
    run r;
    memset(&r, 0, sizeof r);
    r.use_ots = 1;
    size_t limit = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--no-ots"))
            r.use_ots = 0;
        else if (!strncmp(argv[i], "--ots-ratio=", 12))
            r.ots_ratio = atoi(argv[i] + 12);
        else if (!strcmp(argv[i], "--corpus"))
            r.use_corpus = 1;
        else if (!strcmp(argv[i], "--bbc"))
            which = "bbc";
        else if (!strcmp(argv[i], "--cnndm"))
            which = "cnndm";
        else if (!strcmp(argv[i], "--half=a") || !strcmp(argv[i], "--half=A"))
            r.half = 1;
        else if (!strcmp(argv[i], "--half=b") || !strcmp(argv[i], "--half=B"))
            r.half = 2;
        else if (!strcmp(argv[i], "--show"))
            r.show = 1;
        else if (!strncmp(argv[i], "--limit=", 8))
            limit = (size_t)strtoul(argv[i] + 8, NULL, 10);
        else if (!strncmp(argv[i], "--lexrank-threshold=", 20))
            r.lexrank_threshold = strtod(argv[i] + 20, NULL);
        else if (!strncmp(argv[i], "--speed=", 8))
            speed_file = argv[i] + 8;
        else if (!strncmp(argv[i], "--ratio=", 8))
            speed_ratio = strtod(argv[i] + 8, NULL);
        else if (!strncmp(argv[i], "--mmr-lambda=", 13))
            r.mmr_lambda = strtod(argv[i] + 13, NULL);
        else if (!strcmp(argv[i], "--help")) {
            printf("usage: eval_summaries [--bbc|--cnndm] [--corpus] [--no-ots] [--ots-ratio=PCT]\n"
                   "                      [--limit=N] [--lexrank-threshold=T] [--mmr-lambda=L]\n"
                   "                      [--half=a|b] [--show] [DATA]\n"
                   "       eval_summaries --speed=FILE [--ratio=R]\n"
                   "DATA defaults to ../shared/data; OTS is run when `ots` is on PATH, asked for\n"
                   "k sentences by searching its percentage, or once at --ots-ratio=PCT.\n"
                   "--corpus: document frequencies from all the set's articles (as\n"
                   "`precis summarize DIR`), not from each article's sentences.\n"
                   "--half: only half A or B of each set (even or odd FNV-1a hash of the story's\n"
                   "id, or category/file for BBC): develop on one half, confirm on the other.\n"
                   "--show: print the stories where default and lead choose differently.\n"
                   "--speed: times every method on one article, for 3 sentences or the share R\n"
                   "of its words.\n");
            return 0;
        } else
            data = argv[i];
    }
    if (speed_file) {
        if (precis_pipeline_new(NULL, &r.pipe) != PRECIS_OK)
            return 1;
        const int rc = speed(&r, speed_file, speed_ratio);
        precis_pipeline_free(r.pipe);
        return rc;
    }
    if (!data)
        data = "../shared/data";
    struct stat sb;
    if (stat(data, &sb) || !S_ISDIR(sb.st_mode)) {
        printf("eval_summaries: no data at %s - skipped. The BBC News Summary and CNN/DailyMail "
               "sets are described in ../shared/data/README.md; pass their folder as DATA.\n",
               data);
        return 0;
    }
    if (r.use_ots && system("command -v ots >/dev/null 2>&1") != 0) {
        fprintf(stderr, "eval_summaries: ots not found; OTS baseline skipped\n");
        r.use_ots = 0;
    }
    if (precis_pipeline_new(NULL, &r.pipe) != PRECIS_OK ||
        precis_rouge_new(&r.rouge) != PRECIS_OK) {
        fprintf(stderr, "eval_summaries: cannot set up the pipeline\n");
        return 1;
    }
    /* With --corpus each set is read twice: once to count document frequencies over all its
     * articles, once to summarise with them. */
    for (int set = 0; set < 2; set++) {
        if (!strcmp(which, set ? "bbc" : "cnndm"))
            continue;
        for (int pass = r.use_corpus ? 0 : 1; pass < 2; pass++) {
            r.counting = pass == 0;
            if (pass == 0 && precis_corpus_new(&r.corpus) != PRECIS_OK)
                return 1;
            if (set == 0)
                eval_bbc(&r, data, limit);
            else
                eval_cnndm(&r, data, limit);
        }
        if (r.use_corpus)
            printf("(document frequencies from the %zu articles of the set)\n",
                   precis_corpus_doc_count(r.corpus));
        precis_corpus_free(r.corpus);
        r.corpus = NULL;
    }
    precis_rouge_free(r.rouge);
    precis_pipeline_free(r.pipe);
    return 0;
}
