/* test_terms.c - term statistics on three tiny articles whose TF, df, IDF and TF-IDF values are
 * worked out by hand below: vectors, TF/IDF variants, top documents, sorting, filters, order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "precis.h"

/* Stems and counts (title-less JSON records; "a" is a stopword):
 *   a: cat 2 (cats, cats), chase 1, dog 1, sleep 1        length 5
 *   b: dog 2 (dogs, dogs), bark 1, chase 1 (chased), cat 1 (cat)   length 5
 *   c: fish 1, swim 1                                       length 2
 * N = 3; df: cat 2, chase 2, dog 2, sleep 1, bark 1, fish 1, swim 1.
 * Smoothed IDF ln((1+N)/(1+df)) + 1: df 2 -> ln(4/3) + 1 = 1.28768207245178,
 * df 1 -> ln 2 + 1 = 1.69314718055995. */
static const char records[] = "{\"id\":\"a\",\"text\":\"Cats chase dogs. Cats sleep.\"}\n"
                              "{\"id\":\"b\",\"text\":\"Dogs bark. Dogs chased a cat.\"}\n"
                              "{\"id\":\"c\",\"text\":\"Fish swim.\"}\n";

#define IDF2 1.28768207245178
#define IDF1 1.69314718055995
#define EPS 1e-12

typedef struct fixture {
    precis_reader *r;
    precis_pipeline *p;
    precis_article *a[3];
    precis_doc *d[3];
    precis_corpus *c;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    const precis_pipeline_options po = {.lang = "en"};
    if (!f || precis_reader_new(NULL, &f->r) || precis_pipeline_new(&po, &f->p) ||
        precis_reader_add_memory(f->r, "fix.jsonl", records, sizeof records - 1) ||
        precis_corpus_new(&f->c))
        return -1;
    for (int i = 0; i < 3; i++)
        if (precis_reader_next(f->r, &f->a[i]) || !f->a[i] ||
            precis_pipeline_analyze(f->p, f->a[i], &f->d[i]) ||
            precis_corpus_add(f->c, f->p, f->d[i]))
            return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    for (int i = 0; i < 3; i++) {
        precis_doc_free(f->d[i]);
        precis_article_free(f->a[i]);
    }
    precis_corpus_free(f->c);
    precis_pipeline_free(f->p);
    precis_reader_free(f->r);
    free(f);
    return 0;
}

static const precis_term_weight *find(const precis_term_vector *v, const char *key)
{
    for (size_t i = 0; i < precis_terms_vector_count(v); i++)
        if (strcmp(precis_terms_vector_at(v, i)->key, key) == 0)
            return precis_terms_vector_at(v, i);
    return NULL;
}

static precis_term_vector *vec(const fixture *f, int doc, const precis_terms_options *o)
{
    precis_term_vector *v = NULL;
    assert_int_equal(precis_terms_vector(f->p, f->d[doc], f->c, o, &v), PRECIS_OK);
    assert_non_null(v);
    return v;
}

/* Default: log TF x smoothed IDF, cosine-normalised. Doc a's raw weights are
 * cat (1 + ln 2) IDF2 = 2.18023527042932, chase = dog = IDF2, sleep = IDF1; their length is
 * 3.30702637559629. */
static void default_vector(void **state)
{
    const fixture *f = *state;
    precis_term_vector *v = vec(f, 0, NULL);
    assert_int_equal(precis_terms_vector_count(v), 4);
    const precis_term_weight *w = precis_terms_vector_at(v, 0);
    assert_string_equal(w->key, "cat");
    assert_string_equal(w->term, "cats");
    assert_int_equal(w->tf, 2);
    assert_int_equal(w->df, 2);
    assert_int_equal(w->words, 1);
    assert_float_equal(w->idf, IDF2, EPS);
    assert_float_equal(w->weight, 0.659273626154918, EPS);
    /* Then sleep (rarer), then chase and dog tied, by key. */
    assert_string_equal(precis_terms_vector_at(v, 1)->key, "sleep");
    assert_float_equal(precis_terms_vector_at(v, 1)->weight, 0.511984782780771, EPS);
    assert_float_equal(precis_terms_vector_at(v, 1)->idf, IDF1, EPS);
    assert_string_equal(precis_terms_vector_at(v, 2)->key, "chase");
    assert_string_equal(precis_terms_vector_at(v, 3)->key, "dog");
    assert_float_equal(precis_terms_vector_at(v, 3)->weight, 0.389377623944593, EPS);
    assert_null(precis_terms_vector_at(v, 4));
    double ss = 0;
    for (size_t i = 0; i < 4; i++)
        ss += pow(precis_terms_vector_at(v, i)->weight, 2);
    assert_float_equal(ss, 1, EPS);
    precis_terms_vector_free(v);

    /* In b the one "chased" is shown as it was written. */
    v = vec(f, 1, NULL);
    assert_string_equal(find(v, "chase")->term, "chased");
    assert_string_equal(find(v, "cat")->term, "cat");
    precis_terms_vector_free(v);
}

static void tf_and_idf_variants(void **state)
{
    const fixture *f = *state;
    precis_terms_options o = {.no_norm = 1};
    precis_term_vector *v = vec(f, 0, &o);
    assert_float_equal(find(v, "cat")->weight, 2.18023527042932, EPS);
    precis_terms_vector_free(v);

    o.tf = PRECIS_TF_RAW; /* 2 x IDF2 */
    v = vec(f, 0, &o);
    assert_float_equal(find(v, "cat")->weight, 2.57536414490356, EPS);
    precis_terms_vector_free(v);

    o.tf = PRECIS_TF_AUGMENTED; /* max tf 2: cat 1 x IDF2, chase (0.5 + 0.25) IDF2 */
    v = vec(f, 0, &o);
    assert_float_equal(find(v, "cat")->weight, IDF2, EPS);
    assert_float_equal(find(v, "chase")->weight, 0.965761554338836, EPS);
    precis_terms_vector_free(v);

    /* BM25 with avglen (5 + 5 + 2) / 3 = 4 and len 5:
     * cat 2 x 2.2 / (2 + 1.2 (0.25 + 0.75 x 5/4)) = 1.28467153284672, x IDF2. */
    o.tf = PRECIS_TF_BM25;
    o.avglen = 4;
    v = vec(f, 0, &o);
    assert_float_equal(find(v, "cat")->weight, 1.65424850183586, EPS);
    assert_float_equal(find(v, "chase")->weight, 1.16820641624491, EPS);
    precis_terms_vector_free(v);
    /* Without avglen len / avglen is 1: cat 4.4 / (2 + 1.2) = 1.375. */
    o.avglen = 0;
    v = vec(f, 0, &o);
    assert_float_equal(find(v, "cat")->weight, 1.375 * IDF2, EPS);
    precis_terms_vector_free(v);

    o.tf = PRECIS_TF_RAW;
    o.idf = PRECIS_IDF_PLAIN; /* ln(3/2), ln 3 */
    v = vec(f, 0, &o);
    assert_float_equal(find(v, "cat")->idf, 0.405465108108164, EPS);
    assert_float_equal(find(v, "sleep")->idf, 1.09861228866811, EPS);
    precis_terms_vector_free(v);

    o.idf = PRECIS_IDF_PROBABILISTIC; /* ln((3-2)/2) < 0 floored at 0; ln((3-1)/1) */
    v = vec(f, 0, &o);
    assert_float_equal(find(v, "cat")->idf, 0, EPS);
    assert_float_equal(find(v, "cat")->weight, 0, EPS);
    assert_float_equal(find(v, "sleep")->idf, 0.693147180559945, EPS);
    precis_terms_vector_free(v);

    assert_int_equal(precis_terms_doc_length(f->d[0]), 5);
    assert_int_equal(precis_terms_doc_length(f->d[2]), 2);
}

/* Phrase keys as precis_corpus forms them: "cat chase" (a only), "dog chase" (b; "chased a
 * cat" is broken by the stopword). */
static void phrases(void **state)
{
    const fixture *f = *state;
    const precis_terms_options o = {.max_words = 2, .no_norm = 1};
    precis_term_vector *v = vec(f, 0, &o);
    assert_int_equal(precis_terms_vector_count(v), 7); /* + cat chase, chase dog, cat sleep */
    const precis_term_weight *w = find(v, "cat chase");
    assert_non_null(w);
    assert_string_equal(w->term, "cats chase");
    assert_int_equal(w->words, 2);
    assert_int_equal(w->df, 1);
    assert_float_equal(w->weight, IDF1, EPS);
    precis_terms_vector_free(v);
    v = vec(f, 1, &o);
    assert_non_null(find(v, "dog chase"));
    assert_null(find(v, "chase cat"));
    precis_terms_vector_free(v);
}

/* A term the corpus never saw weighs as if df were 1; no corpus is a collection of one. */
static void unknown_terms_and_no_corpus(void **state)
{
    const fixture *f = *state;
    precis_corpus *bg = NULL;
    assert_int_equal(precis_corpus_new(&bg), PRECIS_OK);
    precis_corpus_add_docs(bg, 3);
    assert_int_equal(precis_corpus_add_df(bg, "cat", 3, 2), PRECIS_OK);
    const precis_terms_options o = {.no_norm = 1};
    precis_term_vector *v = NULL;
    assert_int_equal(precis_terms_vector(f->p, f->d[2], bg, &o, &v), PRECIS_OK);
    assert_int_equal(find(v, "fish")->df, 0);
    assert_float_equal(find(v, "fish")->idf, IDF1, EPS);
    precis_terms_vector_free(v);
    precis_corpus_free(bg);

    assert_int_equal(precis_terms_vector(f->p, f->d[2], NULL, &o, &v), PRECIS_OK);
    assert_float_equal(find(v, "fish")->idf, 1, EPS); /* ln(2/2) + 1 */
    precis_terms_vector_free(v);
}

static precis_terms *accumulate(const fixture *f, const precis_terms_options *o, const int order[3])
{
    precis_terms *t = NULL;
    assert_int_equal(precis_terms_new(o, &t), PRECIS_OK);
    for (int i = 0; i < 3; i++) {
        const int doc = order[i];
        precis_term_vector *v = vec(f, doc, o);
        assert_int_equal(precis_terms_add(t, v, (size_t)doc, precis_article_id(f->a[doc])),
                         PRECIS_OK);
        precis_terms_vector_free(v);
    }
    return t;
}

static const int in_order[3] = {0, 1, 2};

static void stats_by_frequency(void **state)
{
    const fixture *f = *state;
    const precis_terms_options o = {.top_docs = 3};
    precis_terms *t = accumulate(f, &o, in_order);
    precis_term_stats *s = NULL;
    assert_int_equal(precis_terms_stats(t, f->c, PRECIS_IDF_SMOOTH, NULL, &s), PRECIS_OK);
    assert_int_equal(s->docs, 3);
    assert_int_equal(s->terms, 7);
    assert_int_equal(s->count, 7);
    /* cat 3 and dog 3 (ties by key), chase 2, then the four of frequency 1 by key. */
    static const char *const keys[] = {"cat", "dog", "chase", "bark", "fish", "sleep", "swim"};
    static const uint64_t freq[] = {3, 3, 2, 1, 1, 1, 1};
    for (size_t i = 0; i < 7; i++) {
        assert_string_equal(s->term[i].key, keys[i]);
        assert_int_equal(s->term[i].freq, freq[i]);
    }
    /* "cats" twice in a, "cat" once in b: the most frequent form wins. "chase" and "chased"
     * once each: the tie goes to byte order. */
    const precis_term_stat *cat = &s->term[0];
    assert_string_equal(cat->term, "cats");
    assert_string_equal(s->term[2].term, "chase");
    assert_int_equal(cat->df, 2);
    assert_float_equal(cat->idf, IDF2, EPS);
    /* cat weighs 0.659 in a and 0.389 in b (b's vector has the same length as a's). */
    assert_int_equal(cat->ntop, 2);
    assert_string_equal(cat->top[0].id, "a");
    assert_int_equal(cat->top[0].seq, 0);
    assert_float_equal(cat->top[0].weight, 0.659273626154918, EPS);
    assert_string_equal(cat->top[1].id, "b");
    assert_float_equal(cat->top[1].weight, 0.389377623944593, EPS);
    const precis_term_stat *fish = &s->term[4];
    assert_int_equal(fish->ntop, 1);
    assert_string_equal(fish->top[0].id, "c");
    assert_float_equal(fish->top[0].weight, 0.707106781186548, EPS);
    precis_terms_stats_free(s);
    precis_terms_free(t);
}

static void sorts_and_filters(void **state)
{
    const fixture *f = *state;
    precis_terms *t = accumulate(f, NULL, in_order);
    precis_term_stats *s = NULL;
    precis_terms_select sel = {.sort = PRECIS_TERMS_BY_DF};
    assert_int_equal(precis_terms_stats(t, f->c, PRECIS_IDF_SMOOTH, &sel, &s), PRECIS_OK);
    assert_string_equal(s->term[0].key, "cat");
    assert_string_equal(s->term[1].key, "chase");
    assert_string_equal(s->term[2].key, "dog");
    assert_string_equal(s->term[3].key, "bark");
    assert_int_equal(s->term[0].ntop, 0); /* top_docs 0: none kept */
    precis_terms_stats_free(s);

    sel.sort = PRECIS_TERMS_BY_IDF;
    assert_int_equal(precis_terms_stats(t, f->c, PRECIS_IDF_PLAIN, &sel, &s), PRECIS_OK);
    assert_string_equal(s->term[0].key, "bark");
    assert_float_equal(s->term[0].idf, 1.09861228866811, EPS);
    assert_string_equal(s->term[6].key, "dog");
    precis_terms_stats_free(s);

    /* By the form shown: bark, cats, chase, dogs, fish, sleep, swim. */
    sel.sort = PRECIS_TERMS_BY_TERM;
    assert_int_equal(precis_terms_stats(t, f->c, PRECIS_IDF_SMOOTH, &sel, &s), PRECIS_OK);
    assert_string_equal(s->term[1].term, "cats");
    assert_string_equal(s->term[3].term, "dogs");
    precis_terms_stats_free(s);

    sel = (precis_terms_select){.min_freq = 2};
    assert_int_equal(precis_terms_stats(t, f->c, PRECIS_IDF_SMOOTH, &sel, &s), PRECIS_OK);
    assert_int_equal(s->count, 3);
    assert_int_equal(s->terms, 7);
    precis_terms_stats_free(s);

    sel = (precis_terms_select){.min_df = 2, .limit = 2};
    assert_int_equal(precis_terms_stats(t, f->c, PRECIS_IDF_SMOOTH, &sel, &s), PRECIS_OK);
    assert_int_equal(s->count, 2);
    assert_string_equal(s->term[0].key, "cat");
    assert_string_equal(s->term[1].key, "dog");
    precis_terms_stats_free(s);

    sel = (precis_terms_select){.min_df = 3};
    assert_int_equal(precis_terms_stats(t, f->c, PRECIS_IDF_SMOOTH, &sel, &s), PRECIS_OK);
    assert_int_equal(s->count, 0);
    precis_terms_stats_free(s);
    precis_terms_free(t);
}

/* Without normalisation "chase" weighs exactly IDF2 in a and in b: the earlier document comes
 * first, and one kept document is a; the order of the calls changes nothing. */
static void ties_and_call_order(void **state)
{
    const fixture *f = *state;
    static const int reversed[3] = {2, 1, 0};
    const precis_terms_options o1 = {.no_norm = 1, .top_docs = 1};
    const precis_terms_options o3 = {.no_norm = 1, .top_docs = 3};
    for (int k = 0; k < 2; k++) {
        const precis_terms_options *const o = k ? &o3 : &o1;
        precis_terms *t1 = accumulate(f, o, in_order), *t2 = accumulate(f, o, reversed);
        precis_term_stats *s1 = NULL, *s2 = NULL;
        assert_int_equal(precis_terms_stats(t1, f->c, PRECIS_IDF_SMOOTH, NULL, &s1), PRECIS_OK);
        assert_int_equal(precis_terms_stats(t2, f->c, PRECIS_IDF_SMOOTH, NULL, &s2), PRECIS_OK);
        assert_int_equal(s1->count, s2->count);
        for (size_t i = 0; i < s1->count; i++) {
            assert_string_equal(s1->term[i].key, s2->term[i].key);
            assert_string_equal(s1->term[i].term, s2->term[i].term);
            assert_int_equal(s1->term[i].ntop, s2->term[i].ntop);
            for (size_t j = 0; j < s1->term[i].ntop; j++) {
                assert_string_equal(s1->term[i].top[j].id, s2->term[i].top[j].id);
                assert_true(s1->term[i].top[j].weight == s2->term[i].top[j].weight);
            }
        }
        const precis_term_stat *chase = &s1->term[2];
        assert_string_equal(chase->key, "chase");
        assert_int_equal(chase->ntop, k ? 2 : 1);
        assert_string_equal(chase->top[0].id, "a");
        assert_float_equal(chase->top[0].weight, IDF2, EPS);
        if (k)
            assert_string_equal(chase->top[1].id, "b");
        /* dog weighs more in b (tf 2): with one kept, b replaces a whatever the order. */
        assert_string_equal(s1->term[1].key, "dog");
        assert_string_equal(s1->term[1].top[0].id, "b");
        precis_terms_stats_free(s1);
        precis_terms_stats_free(s2);
        precis_terms_free(t1);
        precis_terms_free(t2);
    }
}

/* A heap of a few documents out of many keeps exactly the best ones. */
static void heap_keeps_best(void **state)
{
    const fixture *f = *state;
    const precis_terms_options o = {.no_norm = 1, .top_docs = 2};
    precis_terms *t = NULL;
    assert_int_equal(precis_terms_new(&o, &t), PRECIS_OK);
    precis_term_vector *v[3];
    for (int i = 0; i < 3; i++)
        v[i] = vec(f, i, &o);
    /* 30 documents: a's, b's and c's vectors again and again, under ids "d<seq>". cat weighs
     * 2.18 in the copies of a (seq 0, 3, 6, ...): the best two are seq 0 and 3. */
    static const size_t seqs[] = {29, 4, 17, 0, 22, 9,  3,  11, 26, 6,  15, 1,  20, 8,  28,
                                  13, 2, 24, 5, 18, 10, 27, 7,  21, 14, 25, 12, 19, 16, 23};
    for (size_t i = 0; i < 30; i++) {
        char id[16];
        snprintf(id, sizeof id, "d%zu", seqs[i]);
        assert_int_equal(precis_terms_add(t, v[seqs[i] % 3], seqs[i], id), PRECIS_OK);
    }
    precis_term_stats *s = NULL;
    assert_int_equal(precis_terms_stats(t, f->c, PRECIS_IDF_SMOOTH, NULL, &s), PRECIS_OK);
    assert_int_equal(s->docs, 30);
    assert_string_equal(s->term[0].key, "cat");
    assert_int_equal(s->term[0].freq, 30);
    assert_int_equal(s->term[0].ntop, 2);
    assert_string_equal(s->term[0].top[0].id, "d0");
    assert_string_equal(s->term[0].top[1].id, "d3");
    precis_terms_stats_free(s);
    precis_terms_free(t);

    /* A large k keeps every document holding the term, best first: the ten copies of a
     * (seq 0, 3, ..., 27), then the ten of b (seq 1, 4, ..., 28), each group by seq. */
    const precis_terms_options big = {.no_norm = 1, .top_docs = 1000};
    assert_int_equal(precis_terms_new(&big, &t), PRECIS_OK);
    for (size_t i = 0; i < 30; i++) {
        char id[16];
        snprintf(id, sizeof id, "d%zu", seqs[i]);
        assert_int_equal(precis_terms_add(t, v[seqs[i] % 3], seqs[i], id), PRECIS_OK);
    }
    assert_int_equal(precis_terms_stats(t, f->c, PRECIS_IDF_SMOOTH, NULL, &s), PRECIS_OK);
    const precis_term_stat *cat = &s->term[0];
    assert_string_equal(cat->key, "cat");
    assert_int_equal(cat->ntop, 20);
    for (size_t j = 0; j < 20; j++)
        assert_int_equal(cat->top[j].seq, j < 10 ? 3 * j : 3 * (j - 10) + 1);
    assert_float_equal(cat->top[0].weight, 2.18023527042932, EPS);
    assert_float_equal(cat->top[19].weight, IDF2, EPS);
    precis_terms_stats_free(s);
    precis_terms_free(t);
    for (int i = 0; i < 3; i++)
        precis_terms_vector_free(v[i]);
}

static void bad_arguments(void **state)
{
    const fixture *f = *state;
    precis_term_vector *v = (precis_term_vector *)1;
    precis_terms_options o = {.max_words = 4};
    assert_int_equal(precis_terms_vector(f->p, f->d[0], f->c, &o, &v), PRECIS_EINVAL);
    assert_null(v);
    o = (precis_terms_options){.avglen = -1};
    assert_int_equal(precis_terms_vector(f->p, f->d[0], f->c, &o, &v), PRECIS_EINVAL);
    o = (precis_terms_options){.tf = (precis_tf_variant)9};
    assert_int_equal(precis_terms_vector(f->p, f->d[0], f->c, &o, &v), PRECIS_EINVAL);
    assert_int_equal(precis_terms_vector(NULL, f->d[0], f->c, NULL, &v), PRECIS_EINVAL);

    precis_terms *t = (precis_terms *)1;
    if (SIZE_MAX > UINT32_MAX) {
        o = (precis_terms_options){.top_docs = (size_t)UINT32_MAX + 1};
        assert_int_equal(precis_terms_new(&o, &t), PRECIS_EINVAL);
        assert_null(t);
    }
    assert_int_equal(precis_terms_new(NULL, &t), PRECIS_OK);
    v = vec(f, 0, NULL);
    assert_int_equal(precis_terms_add(t, v, 0, "a"), PRECIS_OK);
    assert_int_equal(precis_terms_add(t, v, 0, "a"), PRECIS_EINVAL); /* counted once only */
    precis_term_stats *s = (precis_term_stats *)1;
    const precis_terms_select sel = {.sort = (precis_terms_sort)7};
    assert_int_equal(precis_terms_stats(t, f->c, PRECIS_IDF_SMOOTH, &sel, &s), PRECIS_EINVAL);
    assert_null(s);
    assert_int_equal(precis_terms_stats(t, f->c, PRECIS_IDF_SMOOTH, NULL, &s), PRECIS_OK);
    assert_int_equal(s->docs, 1);
    assert_int_equal(s->term[0].freq, 2);
    precis_terms_stats_free(s);
    precis_terms_vector_free(v);
    precis_terms_free(t);
    precis_terms_free(NULL);
    precis_terms_vector_free(NULL);
    precis_terms_stats_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(default_vector),
        cmocka_unit_test(tf_and_idf_variants),
        cmocka_unit_test(phrases),
        cmocka_unit_test(unknown_terms_and_no_corpus),
        cmocka_unit_test(stats_by_frequency),
        cmocka_unit_test(sorts_and_filters),
        cmocka_unit_test(ties_and_call_order),
        cmocka_unit_test(heap_keeps_best),
        cmocka_unit_test(bad_arguments),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
