/* fuzz_pipeline.c - libFuzzer target: arbitrary bytes read as a text article (and its first
 * half as a second one), analysed, counted into a corpus twice (directly and through a view),
 * then summarised by every method and mined for keywords both ways. Tokens and sentences must
 * lie inside the text in order, every summary must keep its contract, and the view must give
 * exactly what the plain calls give. One pipeline serves every input, as in a long run: its
 * tables of forms, terms and stems grow and its language guess carries over. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "precis.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NMETHODS 9

static void check_doc(const precis_doc *d)
{
    size_t len;
    precis_article_text(precis_doc_article(d), &len);
    const size_t ns = precis_doc_sentence_count(d), nt = precis_doc_token_count(d);
    size_t prev_end = 0, next_token = 0;
    for (size_t s = 0; s < ns; s++) {
        const precis_sentence *sen = precis_doc_sentence(d, s);
        if (sen->start >= sen->end || sen->end > len || sen->start < prev_end ||
            sen->first_token + sen->token_count > nt)
            abort();
        if (sen->token_count && sen->first_token != next_token)
            abort();
        next_token += sen->token_count;
        prev_end = sen->end;
        for (size_t i = 0; i < sen->token_count; i++) {
            const precis_token *t = precis_doc_token(d, sen->first_token + i);
            if (t->sentence != s || t->start >= t->end || t->start < sen->start ||
                t->end > sen->end)
                abort();
        }
    }
    if (next_token != nt)
        abort();
}

static void check_summary(const precis_doc *d, const precis_summary *s, size_t most)
{
    const size_t ns = precis_doc_sentence_count(d);
    if (s->count > ns || s->count > most || (ns && !s->count))
        abort();
    for (size_t i = 0; i < s->count; i++)
        if (s->sentence[i] >= ns || (i && s->sentence[i] <= s->sentence[i - 1]))
            abort();
}

static void same_summary(const precis_summary *a, const precis_summary *b)
{
    if (a->count != b->count)
        abort();
    for (size_t i = 0; i < a->count; i++)
        if (a->sentence[i] != b->sentence[i] || memcmp(&a->score[i], &b->score[i], sizeof(double)))
            abort();
}

static void same_keywords(const precis_keywords *a, const precis_keywords *b, size_t k)
{
    if (a->count != b->count || a->count > k)
        abort();
    for (size_t i = 0; i < a->count; i++)
        if (strcmp(a->keyword[i].text, b->keyword[i].text) || !a->keyword[i].text[0] ||
            strcmp(a->keyword[i].key, b->keyword[i].key) ||
            a->keyword[i].count != b->keyword[i].count ||
            memcmp(&a->keyword[i].score, &b->keyword[i].score, sizeof(double)))
            abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const precis_read_options ro = {PRECIS_INPUT_TEXT, 2024, 0};
    static precis_pipeline *p;
    precis_reader *r = NULL;
    precis_corpus *c1 = NULL, *c2 = NULL;
    precis_corpus_view *v = NULL;
    precis_article *a[2] = {NULL, NULL};
    precis_doc *d[2] = {NULL, NULL};
    size_t n = 0;
    if ((!p && precis_pipeline_new(NULL, &p) != PRECIS_OK) ||
        precis_reader_new(&ro, &r) != PRECIS_OK || precis_corpus_new(&c1) != PRECIS_OK ||
        precis_corpus_new(&c2) != PRECIS_OK || precis_corpus_view_new(c2, p, &v) != PRECIS_OK)
        abort();
    if (precis_reader_add_memory(r, "fuzz/a.txt", (const char *)data, size) != PRECIS_OK ||
        precis_reader_add_memory(r, "fuzz/b.txt", (const char *)data, size / 2) != PRECIS_OK)
        abort();
    while (n < 2) {
        const precis_status st = precis_reader_next(r, &a[n]);
        while (precis_reader_warning(r))
            ;
        if (st != PRECIS_OK)
            continue; /* reported (binary input, say): the next input follows */
        if (!a[n])
            break;
        if (precis_pipeline_analyze(p, a[n], &d[n]) != PRECIS_OK)
            abort();
        check_doc(d[n]);
        if (precis_corpus_add(c1, p, d[n]) != PRECIS_OK ||
            precis_corpus_view_add(v, d[n]) != PRECIS_OK)
            abort();
        n++;
    }
    for (size_t i = 0; i < n; i++) {
        for (int m = 0; m < NMETHODS; m++) {
            const precis_summary_options o[2] = {
                {.method = (precis_summary_method)m, .sentences = 3},
                {.method = (precis_summary_method)m, .ratio = 0.5}};
            for (int j = 0; j < 2; j++) {
                precis_summary *s1 = NULL, *s2 = NULL;
                if (precis_summarize(p, d[i], c1, &o[j], &s1) != PRECIS_OK ||
                    precis_summarize_view(v, d[i], &o[j], &s2) != PRECIS_OK)
                    abort();
                check_summary(d[i], s1, j ? SIZE_MAX : 3);
                same_summary(s1, s2);
                precis_summary_free(s1);
                precis_summary_free(s2);
            }
        }
        const precis_keyword_options ko = {.k = 10};
        precis_keywords *k1 = NULL, *k2 = NULL;
        if (precis_keywords_extract(p, d[i], c1, &ko, &k1) != PRECIS_OK ||
            precis_keywords_extract_view(v, d[i], &ko, &k2) != PRECIS_OK)
            abort();
        same_keywords(k1, k2, 10);
        precis_keywords_free(k1);
        precis_keywords_free(k2);
    }
    for (size_t i = 0; i < n; i++) {
        precis_doc_free(d[i]);
        precis_article_free(a[i]);
    }
    precis_corpus_view_free(v);
    precis_corpus_free(c1);
    precis_corpus_free(c2);
    precis_reader_free(r);
    return 0;
}
