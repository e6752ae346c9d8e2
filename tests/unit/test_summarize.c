/* test_summarize.c - the summariser's contracts for every method (never empty, never too
 * many, no repeats, document order, budgets), each method's defining behaviour on small
 * invented articles, PageRank against a hand-solved graph, and invariants on real data. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "precis.h"
#include "summarize.h"

#define NMETHODS 9

/* An invented wire story: sentence 2 ties the others together; 6 is off the topic. */
static const char story[] =
    "Dock strike shuts Velport harbour\n\n"
    "Dock workers in Velport walked out on Monday over pay, union leaders said.\n\n"
    "The strike left cranes idle and ships waiting outside the harbour.\n"
    "The dock strike over pay has closed the Velport harbour, stranding ships, cranes and "
    "cargo as union workers refuse to return.\n"
    "Harbour managers offered a pay rise of 3%, which the union rejected.\n\n"
    "Ships carrying grain were diverted to Ostmark, a port 80 km north.\n"
    "Meanwhile, the city's botanical garden opened a new greenhouse for tropical orchids.\n"
    "Union leaders said the dock workers would stay out until the pay offer improved.\n";

typedef struct fixture {
    precis_reader *r;
    precis_pipeline *p;
    precis_article *a;
    precis_doc *d;
} fixture;

static void analyze(fixture *f, const char *text, int no_title)
{
    const precis_read_options ro = {.format = PRECIS_INPUT_TEXT, .no_title = no_title};
    const precis_pipeline_options po = {.lang = "en"};
    memset(f, 0, sizeof *f);
    assert_int_equal(precis_reader_new(&ro, &f->r), PRECIS_OK);
    assert_int_equal(precis_pipeline_new(&po, &f->p), PRECIS_OK);
    assert_int_equal(precis_reader_add_memory(f->r, "story.txt", text, strlen(text)), PRECIS_OK);
    assert_int_equal(precis_reader_next(f->r, &f->a), PRECIS_OK);
    assert_non_null(f->a);
    assert_int_equal(precis_pipeline_analyze(f->p, f->a, &f->d), PRECIS_OK);
}

static void release(fixture *f)
{
    precis_doc_free(f->d);
    precis_article_free(f->a);
    precis_pipeline_free(f->p);
    precis_reader_free(f->r);
}

static precis_summary *run(const fixture *f, precis_summary_method m, size_t n, double ratio,
                           size_t words)
{
    const precis_summary_options o = {.method = m, .sentences = n, .ratio = ratio, .words = words};
    precis_summary *s = NULL;
    assert_int_equal(precis_summarize(f->p, f->d, NULL, &o, &s), PRECIS_OK);
    assert_non_null(s);
    return s;
}

static size_t words_of(const fixture *f, size_t i)
{
    const precis_sentence *s = precis_doc_sentence(f->d, i);
    size_t w = 0;
    for (size_t k = 0; k < s->token_count; k++) {
        const precis_token *t = precis_doc_token(f->d, s->first_token + k);
        w += t->kind == PRECIS_TOKEN_WORD || t->kind == PRECIS_TOKEN_NUMBER ||
             t->kind == PRECIS_TOKEN_ACRONYM;
    }
    return w;
}

/* The contract every summary keeps, whatever the method. */
static void check_contract(const fixture *f, const precis_summary *s, size_t max_sent)
{
    const size_t n = precis_doc_sentence_count(f->d);
    if (n > 0)
        assert_true(s->count >= 1);
    assert_true(s->count <= n);
    assert_true(s->count <= max_sent);
    for (size_t k = 0; k < s->count; k++) {
        assert_true(s->sentence[k] < n);
        if (k)
            assert_true(s->sentence[k - 1] < s->sentence[k]); /* order, and no repeats */
        assert_true(isfinite(s->score[k]));
    }
}

static void method_names(void **state)
{
    (void)state;
    for (int m = 0; m < NMETHODS; m++) {
        const char *name = precis_summary_method_name((precis_summary_method)m);
        assert_non_null(name);
        precis_summary_method back = PRECIS_SUMMARY_LEAD;
        assert_int_equal(precis_summary_method_parse(name, &back), PRECIS_OK);
        assert_int_equal(back, m);
    }
    precis_summary_method x = PRECIS_SUMMARY_LEAD;
    assert_int_equal(precis_summary_method_parse("bogus", &x), PRECIS_EINVAL);
    assert_int_equal(precis_summary_method_parse("TextRank", &x), PRECIS_EINVAL);
    assert_null(precis_summary_method_name((precis_summary_method)NMETHODS));
}

static void contract_every_method(void **state)
{
    (void)state;
    fixture f;
    analyze(&f, story, 0);
    const size_t n = precis_doc_sentence_count(f.d);
    assert_int_equal(n, 7);
    for (int m = 0; m < NMETHODS; m++) {
        for (size_t k = 1; k <= n + 2; k++) {
            precis_summary *s = run(&f, (precis_summary_method)m, k, 0, 0);
            check_contract(&f, s, k);
            /* Every sentence of the story has content words, so every method fills k. */
            assert_int_equal(s->count, k < n ? k : n);
            precis_summary_free(s);
        }
        /* No length given: three sentences. */
        precis_summary *s = run(&f, (precis_summary_method)m, 0, 0, 0);
        assert_int_equal(s->count, 3);
        precis_summary_free(s);
        /* The same input gives the same output. */
        precis_summary *a = run(&f, (precis_summary_method)m, 4, 0, 0);
        precis_summary *b = run(&f, (precis_summary_method)m, 4, 0, 0);
        assert_int_equal(a->count, b->count);
        assert_memory_equal(a->sentence, b->sentence, a->count * sizeof *a->sentence);
        precis_summary_free(a);
        precis_summary_free(b);
    }
    precis_summary_free(NULL);
    release(&f);
}

static void budgets(void **state)
{
    (void)state;
    fixture f;
    analyze(&f, story, 0);
    const size_t n = precis_doc_sentence_count(f.d);
    size_t total = 0, longest = 0;
    for (size_t i = 0; i < n; i++) {
        total += words_of(&f, i);
        if (words_of(&f, i) > longest)
            longest = words_of(&f, i);
    }
    for (int m = 0; m < NMETHODS; m++) {
        for (size_t budget = 1; budget <= total + 5; budget += 7) {
            precis_summary *s = run(&f, (precis_summary_method)m, 0, 0, budget);
            check_contract(&f, s, SIZE_MAX);
            size_t w = 0;
            for (size_t k = 0; k < s->count; k++)
                w += words_of(&f, s->sentence[k]);
            /* Within the budget, unless a single sentence is all there is room for. */
            if (s->count > 1)
                assert_true(w <= budget);
            precis_summary_free(s);
        }
        /* A ratio is a share of the words; a whole-text ratio may take everything. */
        precis_summary *s = run(&f, (precis_summary_method)m, 0, 0.3, 0);
        size_t w = 0;
        for (size_t k = 0; k < s->count; k++)
            w += words_of(&f, s->sentence[k]);
        if (s->count > 1)
            assert_true((double)w <= 0.3 * (double)total);
        precis_summary_free(s);
        /* The tightest limit wins: 2 sentences even with room for all the words. */
        s = run(&f, (precis_summary_method)m, 2, 1.0, total);
        assert_int_equal(s->count, 2);
        precis_summary_free(s);
    }
    /* Lead with a ratio of 1 takes the whole story. */
    precis_summary *s = run(&f, PRECIS_SUMMARY_LEAD, 0, 1.0, 0);
    assert_int_equal(s->count, n);
    precis_summary_free(s);
    (void)longest;
    release(&f);
}

/* Lead's model is its word counts alone (no term vectors): a word budget that is exactly the
 * words of the first k sentences takes those k and no more, as does the ratio that makes
 * that budget, so the counts agree with the tokens' kinds sentence by sentence. */
static void lead_budget_exact(void **state)
{
    (void)state;
    fixture f;
    analyze(&f, story, 0);
    const size_t n = precis_doc_sentence_count(f.d);
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += words_of(&f, i);
    size_t upto = 0;
    for (size_t k = 1; k < n; k++) {
        upto += words_of(&f, k - 1);
        if (!words_of(&f, k))
            continue; /* the next sentence would fit too */
        precis_summary *s = run(&f, PRECIS_SUMMARY_LEAD, 0, 0, upto);
        assert_int_equal(s->count, k);
        for (size_t j = 0; j < k; j++)
            assert_int_equal(s->sentence[j], j);
        precis_summary_free(s);
        /* floor(ratio * total) == upto for a ratio a little above upto / total. */
        const double ratio = ((double)upto + 0.5) / (double)total;
        s = run(&f, PRECIS_SUMMARY_LEAD, 0, ratio, 0);
        assert_int_equal(s->count, k);
        precis_summary_free(s);
    }
    release(&f);
}

static void bad_options(void **state)
{
    (void)state;
    fixture f;
    analyze(&f, story, 0);
    precis_summary *s = (precis_summary *)&s; /* must be reset to NULL */
    precis_summary_options o = {.ratio = 1.5};
    assert_int_equal(precis_summarize(f.p, f.d, NULL, &o, &s), PRECIS_EINVAL);
    assert_null(s);
    o = (precis_summary_options){.mmr_lambda = -0.1};
    assert_int_equal(precis_summarize(f.p, f.d, NULL, &o, &s), PRECIS_EINVAL);
    o = (precis_summary_options){.method = (precis_summary_method)NMETHODS};
    assert_int_equal(precis_summarize(f.p, f.d, NULL, &o, &s), PRECIS_EINVAL);
    o = (precis_summary_options){.lexrank_threshold = 1.0};
    assert_int_equal(precis_summarize(f.p, f.d, NULL, &o, &s), PRECIS_EINVAL);
    /* opts may be NULL: the default method, 3 sentences. */
    assert_int_equal(precis_summarize(f.p, f.d, NULL, NULL, &s), PRECIS_OK);
    assert_int_equal(s->count, 3);
    precis_summary_free(s);
    release(&f);
}

static int chosen(const precis_summary *s, size_t i)
{
    for (size_t k = 0; k < s->count; k++)
        if (s->sentence[k] == i)
            return 1;
    return 0;
}

/* What each method is for, on the story: the central sentence (index 2) is the one the
 * centrality methods pick alone, the off-topic one (index 5) is never in a short summary. */
static void method_behaviour(void **state)
{
    (void)state;
    fixture f;
    analyze(&f, story, 0);
    precis_summary *s = run(&f, PRECIS_SUMMARY_LEAD, 2, 0, 0);
    assert_int_equal(s->count, 2);
    assert_int_equal(s->sentence[0], 0);
    assert_int_equal(s->sentence[1], 1);
    precis_summary_free(s);
    static const precis_summary_method central[] = {PRECIS_SUMMARY_TEXTRANK, PRECIS_SUMMARY_LEXRANK,
                                                    PRECIS_SUMMARY_TFIDF,    PRECIS_SUMMARY_LUHN,
                                                    PRECIS_SUMMARY_LSA,      PRECIS_SUMMARY_KL};
    for (size_t i = 0; i < sizeof central / sizeof central[0]; i++) {
        s = run(&f, central[i], 1, 0, 0);
        if (s->sentence[0] != 2)
            fail_msg("%s chose %zu", precis_summary_method_name(central[i]), s->sentence[0]);
        precis_summary_free(s);
    }
    for (int m = 0; m < NMETHODS; m++) {
        /* LSA gives each concept a sentence, and the garden is a concept of its own. */
        if (m == PRECIS_SUMMARY_LSA)
            continue;
        s = run(&f, (precis_summary_method)m, 3, 0, 0);
        if (chosen(s, 5))
            fail_msg("%s chose the off-topic sentence", precis_summary_method_name(m));
        precis_summary_free(s);
    }
    /* SumBasic starts from the most frequent word's best sentence: "dock"/"strike"/"pay"
     * all occur in sentence 2, the densest in them. */
    s = run(&f, PRECIS_SUMMARY_SUMBASIC, 1, 0, 0);
    assert_true(s->sentence[0] == 0 || s->sentence[0] == 2 || s->sentence[0] == 6);
    precis_summary_free(s);
    release(&f);
}

/* Luhn by hand: zorb (5 times) and klat (4) are the significant words (cut-off 2).
 *   0 "Zorb klat ..."               one cluster, 2 significant over 2 words: 4/2 = 2
 *   1 "Zorb plim klat zorb ..."     3 significant over 4 words: 9/4 = 2.25
 *   2 no significant word:          0
 *   3 zorb, 5 other words, klat:    gap 5 > 4, two clusters of 1: 1
 *   4 zorb, 4 other words, klat:    gap 4, one cluster of 2 over 6 words: 4/6 */
static void luhn_by_hand(void **state)
{
    (void)state;
    fixture f;
    analyze(&f,
            "Zorb klat went home yesterday.\n"
            "Zorb plim klat zorb arrived.\n"
            "Nothing matters today.\n"
            "Zorb red blue green pink grey klat.\n"
            "Zorb cat dog cow hen klat.\n",
            1);
    assert_int_equal(precis_doc_sentence_count(f.d), 5);
    precis_summary *s = run(&f, PRECIS_SUMMARY_LUHN, 5, 0, 0);
    assert_int_equal(s->count, 5);
    const double want[5] = {2.0, 2.25, 0.0, 1.0, 4.0 / 6.0};
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(s->sentence[i], i);
        assert_float_equal(s->score[i], want[i], 1e-12);
    }
    precis_summary_free(s);
    s = run(&f, PRECIS_SUMMARY_LUHN, 1, 0, 0);
    assert_int_equal(s->sentence[0], 1);
    precis_summary_free(s);
    release(&f);
}

/* SumBasic by hand: p = alpha 2/8, beta 3/8, gamma, delta, epsilon 1/8.
 *   pick 1: top word beta; sentence 0 averages (1/4 + 3/8) / 2 = 0.3125, sentence 2
 *           (3/8 + 3/8 + 1/8) / 3 = 0.2917: take 0; alpha -> 1/16, beta -> 9/64.
 *   pick 2: top word beta again (9/64), only in sentence 2: (9/64 + 9/64 + 1/8) / 3.
 *   pick 3: gamma (1/8) leads; sentence 1: (1/16 + 1/8 + 1/8) / 3. */
static void sumbasic_by_hand(void **state)
{
    (void)state;
    fixture f;
    analyze(&f, "Alpha beta.\nAlpha gamma delta.\nBeta beta epsilon.\n", 1);
    assert_int_equal(precis_doc_sentence_count(f.d), 3);
    precis_summary *s = run(&f, PRECIS_SUMMARY_SUMBASIC, 2, 0, 0);
    assert_int_equal(s->count, 2);
    assert_int_equal(s->sentence[0], 0);
    assert_int_equal(s->sentence[1], 2);
    assert_float_equal(s->score[0], 0.3125, 1e-12);
    assert_float_equal(s->score[1], (9.0 / 64 + 9.0 / 64 + 1.0 / 8) / 3, 1e-12);
    precis_summary_free(s);
    s = run(&f, PRECIS_SUMMARY_SUMBASIC, 3, 0, 0);
    assert_int_equal(s->count, 3);
    assert_float_equal(s->score[1], (1.0 / 16 + 1.0 / 8 + 1.0 / 8) / 3, 1e-12);
    precis_summary_free(s);
    release(&f);
}

/* LSA on two sentences without a shared word: A is block diagonal, its top singular value
 * is the longer sentence's norm, 2 (ln(3/2) + 1), with that sentence as the whole singular
 * vector; the other sentence scores 0 on one dimension. */
static void lsa_by_hand(void **state)
{
    (void)state;
    static const char *const texts[2] = {"Alpha beta gamma delta.\nEpsilon zeta.\n",
                                         "Epsilon zeta.\nAlpha beta gamma delta.\n"};
    for (size_t v = 0; v < 2; v++) {
        fixture f;
        analyze(&f, texts[v], 1);
        assert_int_equal(precis_doc_sentence_count(f.d), 2);
        precis_summary *s = run(&f, PRECIS_SUMMARY_LSA, 1, 0, 0);
        assert_int_equal(s->count, 1);
        assert_int_equal(s->sentence[0], v);
        assert_float_equal(s->score[0], 2 * (log(1.5) + 1), 1e-9);
        precis_summary_free(s);
        release(&f);
    }
    /* More sentences than terms, so GSL decomposes A^T: with c = ln(4/3) + 1,
     * A = c [[1 1 0] [1 0 1]], sigma_1 = c sqrt(3), v_1 = (2, 1, 1) / sqrt(6), and the
     * scores on one dimension are c (2, 1, 1) / sqrt(2). */
    fixture f;
    analyze(&f, "Alpha beta.\nAlpha.\nBeta.\n", 1);
    assert_int_equal(precis_doc_sentence_count(f.d), 3);
    const double c = log(4.0 / 3.0) + 1;
    precis_summary *s = run(&f, PRECIS_SUMMARY_LSA, 1, 0, 0);
    assert_int_equal(s->count, 1);
    assert_int_equal(s->sentence[0], 0);
    assert_float_equal(s->score[0], c * 2 / sqrt(2), 1e-9);
    precis_summary_free(s);
    release(&f);
}

/* MMR: a verbatim repeat of the best sentence is never picked next to it. */
static void redundancy_removed(void **state)
{
    (void)state;
    static const char text[] =
        "Flood barriers in Ostmark held overnight as the river Vell rose to a record height.\n"
        "Flood barriers in Ostmark held overnight as the river Vell rose to a record height.\n"
        "Engineers inspected the barriers at dawn and found two small leaks near the bridge.\n"
        "The river is expected to fall by Thursday, forecasters at the weather office said.\n"
        "Schools in the low town stayed shut while roads near the river remained closed.\n";
    fixture f;
    analyze(&f, text, 1);
    assert_int_equal(precis_doc_sentence_count(f.d), 5);
    /* The copies are two sentences, and the lead takes both. */
    precis_summary *s = run(&f, PRECIS_SUMMARY_LEAD, 2, 0, 0);
    assert_true(chosen(s, 0) && chosen(s, 1));
    precis_summary_free(s);
    for (int k = 2; k <= 4; k++) {
        s = run(&f, PRECIS_SUMMARY_DEFAULT, (size_t)k, 0, 0);
        assert_int_equal(s->count, k);
        assert_false(chosen(s, 0) && chosen(s, 1));
        precis_summary_free(s);
    }
    /* Only when nothing else is left does a copy come in. */
    s = run(&f, PRECIS_SUMMARY_DEFAULT, 5, 0, 0);
    assert_int_equal(s->count, 5);
    precis_summary_free(s);
    release(&f);
}

/* MMR: a sentence that restates the lead in other words (a caption, a recap) waits until
 * nothing else is left, not only a verbatim copy. */
static void restatement_waits(void **state)
{
    (void)state;
    static const char text[] =
        "Flood barriers in Ostmark held overnight as the river Vell rose to a record height.\n"
        "The river Vell rose to a record height overnight but the Ostmark barriers held.\n"
        "Engineers inspected the barriers at dawn and found two small leaks near the bridge.\n"
        "The river is expected to fall by Thursday, forecasters at the weather office said.\n"
        "Schools in the low town stayed shut while roads near the river remained closed.\n";
    fixture f;
    analyze(&f, text, 1);
    assert_int_equal(precis_doc_sentence_count(f.d), 5);
    for (int k = 2; k <= 4; k++) {
        precis_summary *s = run(&f, PRECIS_SUMMARY_DEFAULT, (size_t)k, 0, 0);
        assert_int_equal(s->count, k);
        assert_true(chosen(s, 0));
        assert_false(chosen(s, 1));
        precis_summary_free(s);
    }
    release(&f);
}

static void tiny_inputs(void **state)
{
    (void)state;
    fixture f;
    analyze(&f, "", 1);
    for (int m = 0; m < NMETHODS; m++) {
        precis_summary *s = run(&f, (precis_summary_method)m, 3, 0, 0);
        assert_int_equal(s->count, 0);
        precis_summary_free(s);
    }
    release(&f);
    /* One sentence, and sentences of stopwords only: still never empty. */
    static const char *const texts[] = {"Only one sentence here.", "It is. And so on. Of the.",
                                        "42. 17."};
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
        analyze(&f, texts[t], 1);
        for (int m = 0; m < NMETHODS; m++) {
            precis_summary *s = run(&f, (precis_summary_method)m, 2, 0, 0);
            check_contract(&f, s, 2);
            precis_summary_free(s);
            s = run(&f, (precis_summary_method)m, 0, 0, 1);
            check_contract(&f, s, SIZE_MAX);
            assert_int_equal(s->count, 1);
            precis_summary_free(s);
        }
        release(&f);
    }
}

/* A corpus of two or more docs supplies the document frequencies. */
static void with_corpus(void **state)
{
    (void)state;
    fixture f;
    analyze(&f, story, 0);
    precis_corpus *c = NULL;
    assert_int_equal(precis_corpus_new(&c), PRECIS_OK);
    assert_int_equal(precis_corpus_add(c, f.p, f.d), PRECIS_OK);
    for (int m = 0; m < NMETHODS; m++) {
        const precis_summary_options o = {.method = (precis_summary_method)m, .sentences = 2};
        precis_summary *s = NULL;
        assert_int_equal(precis_summarize(f.p, f.d, c, &o, &s), PRECIS_OK);
        check_contract(&f, s, 2);
        precis_summary_free(s);
    }
    assert_int_equal(precis_corpus_add(c, f.p, f.d), PRECIS_OK);
    assert_int_equal(precis_corpus_add_df(c, "botan", 5, 100), PRECIS_OK);
    precis_corpus_add_docs(c, 100);
    precis_summary *s = NULL;
    const precis_summary_options o = {.method = PRECIS_SUMMARY_TFIDF, .sentences = 2};
    assert_int_equal(precis_summarize(f.p, f.d, c, &o, &s), PRECIS_OK);
    check_contract(&f, s, 2);
    precis_summary_free(s);
    precis_corpus_free(c);
    release(&f);
}

/* The CLI counts a corpus for a summary only when precis_summary_method_uses_idf() says the
 * method reads one: every other method must then give the same summary, scores and all,
 * whatever the corpus holds. A corpus that makes "botan" and "harbour" common changes what
 * an idf-weighing method sees; the test fails if a method that claims not to read it does. */
static void corpus_only_where_used(void **state)
{
    (void)state;
    fixture f;
    analyze(&f, story, 0);
    precis_corpus *c = NULL;
    assert_int_equal(precis_corpus_new(&c), PRECIS_OK);
    assert_int_equal(precis_corpus_add(c, f.p, f.d), PRECIS_OK);
    assert_int_equal(precis_corpus_add_df(c, "botan", 5, 90), PRECIS_OK);
    assert_int_equal(precis_corpus_add_df(c, "harbour", 7, 99), PRECIS_OK);
    assert_int_equal(precis_corpus_add_df(c, "dock", 4, 99), PRECIS_OK);
    precis_corpus_add_docs(c, 100);
    size_t users = 0;
    for (int m = 0; m < NMETHODS; m++) {
        const precis_summary_method method = (precis_summary_method)m;
        const precis_summary_options o = {.method = method, .sentences = 3};
        precis_summary *alone = NULL, *with = NULL;
        assert_int_equal(precis_summarize(f.p, f.d, NULL, &o, &alone), PRECIS_OK);
        assert_int_equal(precis_summarize(f.p, f.d, c, &o, &with), PRECIS_OK);
        int same = alone->count == with->count;
        for (size_t i = 0; same && i < alone->count; i++)
            same = alone->sentence[i] == with->sentence[i] && alone->score[i] == with->score[i];
        if (!precis_summary_method_uses_idf(method))
            assert_true(same);
        else
            users += !same; /* the corpus shows in the scores */
        precis_summary_free(alone);
        precis_summary_free(with);
    }
    assert_int_equal(users, 3); /* tfidf, lexrank, lsa */
    assert_false(precis_summary_method_uses_idf(PRECIS_SUMMARY_DEFAULT));
    precis_corpus_free(c);
    release(&f);
}

/* Path 0 - 1 - 2 with unit weights, d = 0.85: by symmetry s0 = s2, and
 *   s0 = 0.05 + 0.85 s1 / 2,  s1 = 0.05 + 0.85 (s0 + s2),
 * so s0 = 0.07125 / 0.2775 = 0.256757 and s1 = 0.486486 (they sum to 1). */
static void pagerank_by_hand(void **state)
{
    (void)state;
    const sum_edge e[] = {{0, 1, 1.0}, {1, 2, 1.0}};
    double s[3];
    const int rounds = sum_pagerank(3, e, 2, NULL, NULL, 0.85, 1e-12, 1000, s);
    assert_true(rounds > 1 && rounds < 1000);
    assert_float_equal(s[0], 0.07125 / 0.2775, 1e-9);
    assert_float_equal(s[1], 0.05 + 1.7 * 0.07125 / 0.2775, 1e-9);
    assert_float_equal(s[2], s[0], 1e-12);
    /* Weights count: doubling one edge's weight moves rank toward its end. */
    const sum_edge w[] = {{0, 1, 2.0}, {1, 2, 1.0}};
    assert_true(sum_pagerank(3, w, 2, NULL, NULL, 0.85, 1e-12, 1000, s) > 0);
    assert_true(s[0] > s[2]);
    /* A personalised jump toward node 0 lifts it above its mirror image, node 2. */
    const double jump[3] = {0.8, 0.1, 0.1};
    assert_true(sum_pagerank(3, e, 2, NULL, jump, 0.85, 1e-12, 1000, s) > 0);
    assert_true(s[0] > s[2]);
    assert_float_equal(s[0] + s[1] + s[2], 1.0, 1e-9);
    /* An isolated node keeps only the teleport share; the round cap is honoured. */
    assert_int_equal(sum_pagerank(3, e, 1, NULL, NULL, 0.85, 0, 7, s), 7);
    assert_int_equal(sum_pagerank(0, NULL, 0, NULL, NULL, 0.85, 1e-6, 100, s), 0);
}

/* The edge-by-edge update sum_pagerank() was first written as: next[] scattered from each
 * edge in list order. Kept as the reference that its faster form must match to the bit. */
static int pagerank_scatter(size_t n, const sum_edge *edges, size_t m, const double *self,
                            const double *jump, double d, double tol, int iters, double *score)
{
    double out[64] = {0}, next[64];
    assert_true(n <= 64);
    for (size_t e = 0; e < m; e++) {
        out[edges[e].i] += edges[e].w;
        out[edges[e].j] += edges[e].w;
    }
    if (self)
        for (size_t i = 0; i < n; i++)
            out[i] += self[i];
    for (size_t i = 0; i < n; i++)
        score[i] = 1.0 / (double)n;
    int round = 0;
    while (round < iters) {
        round++;
        for (size_t i = 0; i < n; i++)
            next[i] = (1 - d) * (jump ? jump[i] : 1.0 / (double)n) +
                      (self && out[i] > 0 ? d * self[i] / out[i] * score[i] : 0);
        for (size_t e = 0; e < m; e++) {
            const sum_edge *const g = &edges[e];
            next[g->j] += d * g->w / out[g->i] * score[g->i];
            next[g->i] += d * g->w / out[g->j] * score[g->j];
        }
        double delta = 0;
        for (size_t i = 0; i < n; i++) {
            const double dv = fabs(next[i] - score[i]) * (double)n;
            if (dv > delta)
                delta = dv;
            score[i] = next[i];
        }
        if (delta < tol)
            break;
    }
    return round;
}

/* Random graphs, their edges in random order (not sorted by i, j), with and without
 * self-loops and a personalised jump: the same rounds and bit-identical scores as edge by
 * edge, since summaries print scores and break ties on them. */
static void pagerank_matches_edge_order(void **state)
{
    (void)state;
    uint64_t rng = 88172645463325252u;
    for (int trial = 0; trial < 200; trial++) {
        sum_edge e[300];
        double self[64], jump[64], got[64], want[64];
        rng = rng * 6364136223846793005u + 1442695040888963407u;
        const size_t n = 1 + (size_t)(rng >> 33) % 60;
        size_t m = 0;
        double jsum = 0;
        for (size_t i = 0; i < n; i++) {
            rng = rng * 6364136223846793005u + 1442695040888963407u;
            self[i] = (double)(rng >> 40 & 3);
            jump[i] = 1.0 + (double)(rng >> 50 & 7);
            jsum += jump[i];
        }
        for (size_t i = 0; i < n; i++)
            jump[i] /= jsum;
        for (size_t k = 0; k < 5 * n && m < 300; k++) {
            rng = rng * 6364136223846793005u + 1442695040888963407u;
            const uint32_t a = (uint32_t)((rng >> 20) % n), b = (uint32_t)((rng >> 40) % n);
            if (a == b)
                continue;
            e[m].i = a < b ? a : b;
            e[m].j = a < b ? b : a;
            e[m].w = 0.25 + (double)(rng >> 58) / 7.0;
            m++;
        }
        const double *const sl = trial % 2 ? self : NULL;
        const double *const jp = trial % 3 ? NULL : jump;
        const int r1 = sum_pagerank(n, e, m, sl, jp, 0.85, 1e-6, 100, got);
        const int r2 = pagerank_scatter(n, e, m, sl, jp, 0.85, 1e-6, 100, want);
        assert_int_equal(r1, r2);
        assert_memory_equal(got, want, n * sizeof *got);
    }
}

/* The default's relevance recomputed from its parts, with MMR's lambda 1 so that each
 * sentence is chosen with its relevance as its score: 0.5 / (1 + i) + 0.25 TextRank
 * (scaled by its maximum) + 0.15 x the share of the title's content terms, times the
 * length factor (w / 8 below 8 words, 40 / w above 40), 0.9 when it opens with a
 * quotation mark, and 1 + 0.5 x the share of its words after the first that are numbers
 * or capitalised. The sentences exercise each factor. */
static void default_by_hand(void **state)
{
    (void)state;
    static const char text[] =
        "Velport dock strike ends\n\n"
        "Dock workers in Velport ended their strike on Friday after 12 days, union leaders "
        "said.\n"
        "\"We won a fair deal for every dock worker,\" said Anna Berg of the Velport union.\n"
        "Ships waited.\n"
        "The harbour reopened and the cranes moved again as cargo came ashore, and the dock "
        "workers who had stood at the gates through the cold nights went back to the quays "
        "where ships from Ostmark, Lune and Harwick had waited for them since the strike "
        "began twelve days before.\n"
        "Managers offered 4% more pay from March.\n";
    fixture f;
    analyze(&f, text, 0);
    const size_t n = precis_doc_sentence_count(f.d);
    assert_int_equal(n, 5);
    const char *const body = precis_article_text(precis_doc_article(f.d), NULL);
    precis_summary *tr = run(&f, PRECIS_SUMMARY_TEXTRANK, n, 0, 0);
    assert_int_equal(tr->count, n);
    double top = 0;
    for (size_t i = 0; i < n; i++)
        top = tr->score[i] > top ? tr->score[i] : top;
    /* The title's distinct content stems. */
    uint32_t title[16];
    size_t nt = 0;
    for (size_t k = 0; k < precis_doc_title_token_count(f.d); k++) {
        const precis_token *t = precis_doc_title_token(f.d, k);
        if (t->stop || t->kind > PRECIS_TOKEN_ACRONYM)
            continue;
        size_t j = 0;
        while (j < nt && title[j] != t->stem)
            j++;
        if (j == nt)
            title[nt++] = t->stem;
    }
    assert_int_equal(nt, 4);
    const precis_summary_options o = {
        .method = PRECIS_SUMMARY_DEFAULT, .sentences = n, .mmr_lambda = 1};
    precis_summary *s = NULL;
    assert_int_equal(precis_summarize(f.p, f.d, NULL, &o, &s), PRECIS_OK);
    assert_int_equal(s->count, n);
    for (size_t i = 0; i < n; i++) {
        const precis_sentence *se = precis_doc_sentence(f.d, i);
        size_t hits = 0, words = 0, specific = 0;
        int seen[16] = {0};
        for (size_t k = 0; k < se->token_count; k++) {
            const precis_token *t = precis_doc_token(f.d, se->first_token + k);
            if (t->kind > PRECIS_TOKEN_ACRONYM)
                continue;
            if (words++ > 0 && (t->kind == PRECIS_TOKEN_NUMBER ||
                                (body[t->start] >= 'A' && body[t->start] <= 'Z')))
                specific++;
            for (size_t j = 0; j < nt; j++)
                if (!t->stop && title[j] == t->stem && !seen[j]) {
                    seen[j] = 1;
                    hits++;
                }
        }
        double r = 0.5 / (1.0 + (double)i) + 0.25 * (tr->score[i] / top) +
                   0.15 * ((double)hits / (double)nt);
        if (words < 8)
            r *= (double)words / 8.0;
        if (words > 40)
            r *= 40.0 / (double)words;
        if (body[se->start] == '"')
            r *= 0.9;
        r *= 1 + 0.5 * (words > 1 ? (double)specific / (double)(words - 1) : 0);
        assert_int_equal(s->sentence[i], i);
        assert_float_equal(s->score[i], r, r * 1e-12);
    }
    precis_summary_free(s);
    precis_summary_free(tr);
    release(&f);
}

/* ---- independent dense re-computation of TextRank and LexRank ---------------------------- */

#define MAXS 16
#define MAXT 64

typedef struct dense {
    size_t n, nt;
    uint32_t term[MAXT];   /* pipeline stem ids */
    double tf[MAXS][MAXT]; /* counts */
    double len[MAXS];      /* content tokens */
} dense;

static void dense_build(const fixture *f, dense *x)
{
    memset(x, 0, sizeof *x);
    x->n = precis_doc_sentence_count(f->d);
    assert_true(x->n <= MAXS);
    for (size_t i = 0; i < x->n; i++) {
        const precis_sentence *s = precis_doc_sentence(f->d, i);
        for (size_t k = 0; k < s->token_count; k++) {
            const precis_token *t = precis_doc_token(f->d, s->first_token + k);
            if (t->stop || !(t->kind == PRECIS_TOKEN_WORD || t->kind == PRECIS_TOKEN_NUMBER ||
                             t->kind == PRECIS_TOKEN_ACRONYM))
                continue;
            size_t j = 0;
            while (j < x->nt && x->term[j] != t->stem)
                j++;
            if (j == x->nt) {
                assert_true(x->nt < MAXT);
                x->term[x->nt++] = t->stem;
            }
            x->tf[i][j] += 1;
            x->len[i] += 1;
        }
    }
}

/* Plain power iteration of s = (1-d)/n + d W^T s over a dense row-normalised matrix. */
static void dense_pagerank(size_t n, double w[MAXS][MAXS], double *s)
{
    double out[MAXS] = {0}, next[MAXS];
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++)
            out[i] += w[i][j];
        s[i] = 1.0 / (double)n;
    }
    for (int it = 0; it < 500; it++) {
        for (size_t j = 0; j < n; j++) {
            next[j] = 0.15 / (double)n;
            for (size_t i = 0; i < n; i++)
                if (out[i] > 0)
                    next[j] += 0.85 * w[i][j] / out[i] * s[i];
        }
        memcpy(s, next, n * sizeof *s);
    }
}

/* The k best of s (ties, up to rounding, to the earlier), as a bit set. */
static unsigned top_k(const double *s, size_t n, size_t k)
{
    unsigned set = 0;
    for (size_t r = 0; r < k; r++) {
        size_t best = SIZE_MAX;
        for (size_t i = 0; i < n; i++)
            if (!(set >> i & 1u) && (best == SIZE_MAX || s[i] > s[best] * (1 + 1e-9)))
                best = i;
        set |= 1u << best;
    }
    return set;
}

static unsigned summary_set(const precis_summary *s)
{
    unsigned set = 0;
    for (size_t k = 0; k < s->count; k++)
        set |= 1u << s->sentence[k];
    return set;
}

static void graphs_match_dense(void **state)
{
    (void)state;
    fixture f;
    analyze(&f, story, 0);
    dense x;
    dense_build(&f, &x);
    double w[MAXS][MAXS], sc[MAXS];
    /* TextRank: distinct shared terms / (ln|Si| + ln|Sj|), no self-loops. */
    for (size_t i = 0; i < x.n; i++)
        for (size_t j = 0; j < x.n; j++) {
            double shared = 0;
            for (size_t t = 0; t < x.nt; t++)
                shared += x.tf[i][t] > 0 && x.tf[j][t] > 0;
            const double den = log(x.len[i]) + log(x.len[j]);
            w[i][j] = i == j ? 0 : shared / (den > 0 ? den : 1);
        }
    dense_pagerank(x.n, w, sc);
    for (size_t k = 1; k <= 4; k++) {
        precis_summary *s = run(&f, PRECIS_SUMMARY_TEXTRANK, k, 0, 0);
        assert_int_equal(summary_set(s), top_k(sc, x.n, k));
        precis_summary_free(s);
    }
    /* LexRank: idf-modified cosine with idf = ln((1+N)/(1+df)) + 1 over the sentences,
     * the diagonal included. */
    double idf[MAXT];
    for (size_t t = 0; t < x.nt; t++) {
        double df = 0;
        for (size_t i = 0; i < x.n; i++)
            df += x.tf[i][t] > 0;
        idf[t] = log((1.0 + (double)x.n) / (1.0 + df)) + 1;
    }
    for (size_t i = 0; i < x.n; i++)
        for (size_t j = 0; j < x.n; j++) {
            double dot = 0, ni = 0, nj = 0;
            for (size_t t = 0; t < x.nt; t++) {
                dot += x.tf[i][t] * x.tf[j][t] * idf[t] * idf[t];
                ni += x.tf[i][t] * idf[t] * x.tf[i][t] * idf[t];
                nj += x.tf[j][t] * idf[t] * x.tf[j][t] * idf[t];
            }
            w[i][j] = ni > 0 && nj > 0 ? dot / sqrt(ni * nj) : 0;
        }
    dense_pagerank(x.n, w, sc);
    for (size_t k = 1; k <= 4; k++) {
        precis_summary *s = run(&f, PRECIS_SUMMARY_LEXRANK, k, 0, 0);
        assert_int_equal(summary_set(s), top_k(sc, x.n, k));
        precis_summary_free(s);
    }
    release(&f);
}

/* TF-IDF centroid: cosine of (1 + ln tf) idf sentence vectors with the (1 + ln tf) idf
 * vector of the whole body, idf over the sentences, recomputed densely. */
static void tfidf_matches_dense(void **state)
{
    (void)state;
    fixture f;
    analyze(&f, story, 0);
    dense x;
    dense_build(&f, &x);
    double idf[MAXT], cen[MAXT], sc[MAXS];
    for (size_t t = 0; t < x.nt; t++) {
        double df = 0, tf = 0;
        for (size_t i = 0; i < x.n; i++) {
            df += x.tf[i][t] > 0;
            tf += x.tf[i][t];
        }
        idf[t] = log((1.0 + (double)x.n) / (1.0 + df)) + 1;
        cen[t] = (1 + log(tf)) * idf[t];
    }
    for (size_t i = 0; i < x.n; i++) {
        double dot = 0, a = 0, b = 0;
        for (size_t t = 0; t < x.nt; t++) {
            const double w = x.tf[i][t] > 0 ? (1 + log(x.tf[i][t])) * idf[t] : 0;
            dot += w * cen[t];
            a += w * w;
            b += cen[t] * cen[t];
        }
        sc[i] = a > 0 ? dot / sqrt(a * b) : 0;
    }
    for (size_t k = 1; k <= 4; k++) {
        precis_summary *s = run(&f, PRECIS_SUMMARY_TFIDF, k, 0, 0);
        assert_int_equal(summary_set(s), top_k(sc, x.n, k));
        for (size_t q = 0; q < s->count; q++)
            assert_float_equal(s->score[q], sc[s->sentence[q]], 1e-9);
        precis_summary_free(s);
    }
    release(&f);
}

/* KLSum against a brute-force greedy: each step recomputes the whole
 * KL(P_doc || P_sum), P_sum(w) = (c(w) + 1) / (L + V), for every candidate. */
static void kl_matches_brute_force(void **state)
{
    (void)state;
    fixture f;
    analyze(&f, story, 0);
    dense x;
    dense_build(&f, &x);
    double dtf[MAXT] = {0}, total = 0;
    for (size_t i = 0; i < x.n; i++)
        for (size_t t = 0; t < x.nt; t++) {
            dtf[t] += x.tf[i][t];
            total += x.tf[i][t];
        }
    unsigned set = 0;
    double c[MAXT] = {0}, len = 0;
    for (size_t k = 1; k <= 4; k++) {
        size_t best = SIZE_MAX;
        double best_kl = INFINITY;
        for (size_t i = 0; i < x.n; i++) {
            if (set >> i & 1u || x.len[i] == 0)
                continue;
            double kl = 0;
            for (size_t t = 0; t < x.nt; t++) {
                const double pd = dtf[t] / total;
                const double ps = (c[t] + x.tf[i][t] + 1) / (len + x.len[i] + (double)x.nt);
                kl += pd * log(pd / ps);
            }
            if (kl < best_kl - 1e-12) {
                best_kl = kl;
                best = i;
            }
        }
        set |= 1u << best;
        for (size_t t = 0; t < x.nt; t++)
            c[t] += x.tf[best][t];
        len += x.len[best];
        precis_summary *s = run(&f, PRECIS_SUMMARY_KL, k, 0, 0);
        assert_int_equal(summary_set(s), set);
        precis_summary_free(s);
    }
    release(&f);
}

/* A long generated article (deterministic pseudo-random words) takes the big-input paths:
 * terms left out of the graphs, LSA's caps. The contract holds for every method. */
static void long_generated_article(void **state)
{
    (void)state;
    static const char *const words[] = {
        "harbour", "strike",  "union",  "crane",  "cargo",    "council", "river",  "flood",
        "barrier", "grain",   "ship",   "pay",    "offer",    "mayor",   "bridge", "school",
        "tonnes",  "railway", "tariff", "export", "minister", "budget",  "court",  "appeal",
        "storm",   "orchid",  "museum", "vote",   "ballot",   "reform",  "tunnel", "ferry"};
    const size_t nw = sizeof words / sizeof words[0];
    size_t cap = 400000, len = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    len += (size_t)sprintf(text, "Generated\n\n");
    uint32_t seed = 12345;
    for (size_t sent = 0; sent < 2600; sent++) {
        const size_t n = 6 + sent % 9;
        for (size_t k = 0; k < n; k++) {
            seed = seed * 1103515245u + 12345u;
            const char *w = words[(seed >> 16) % nw];
            const size_t at = len + (k ? 1 : 0);
            len += (size_t)sprintf(text + len, "%s%s", k ? " " : "", w);
            if (k == 0)
                text[at] = (char)(text[at] - 'a' + 'A'); /* sentences start with a capital */
        }
        len += (size_t)sprintf(text + len, ".%s", sent % 5 == 4 ? "\n\n" : " ");
        assert_true(len + 200 < cap);
    }
    fixture f;
    analyze(&f, text, 0);
    assert_true(precis_doc_sentence_count(f.d) > 2000);
    for (int m = 0; m < NMETHODS; m++) {
        precis_summary *s = run(&f, (precis_summary_method)m, 5, 0, 0);
        check_contract(&f, s, 5);
        assert_int_equal(s->count, 5);
        precis_summary_free(s);
        s = run(&f, (precis_summary_method)m, 0, 0.05, 0);
        check_contract(&f, s, SIZE_MAX);
        assert_true(s->count > 5);
        precis_summary_free(s);
    }
    release(&f);
    free(text);
}

static int cmp_u32(const void *a, const void *b)
{
    const uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* An article of ~4,800 distinct terms, more than the summariser's term map holds before it
 * doubles (twice): 399 sentences of 12 words found nowhere else, and a hub sentence holding
 * the first word of 60 of them. TextRank must still see every term as itself, so the hub,
 * linked to 60 sentences when each other one links to it alone, ranks first. */
static void many_terms_grow_the_map(void **state)
{
    (void)state;
    static const char alpha[] = "bcdfghjklmnpqrtvwxz"; /* no vowels, s or y: stems unchanged */
    size_t cap = 200000, len = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    len += (size_t)sprintf(text, "Generated\n\n");
    for (size_t k = 0; k < 400; k++) {
        for (size_t t = 0; t < (k == 200 ? 60 : 12); t++) {
            const size_t x = k == 200 ? (t < 59 ? t + 1 : 399) * 12 : k * 12 + t;
            len += (size_t)sprintf(text + len, "%s%czq%c%c%c", t ? " " : "", t ? 'z' : 'Z',
                                   alpha[x / 361], alpha[x / 19 % 19], alpha[x % 19]);
        }
        len += (size_t)sprintf(text + len, ".%s", k % 5 == 4 ? "\n\n" : " ");
        assert_true(len + 200 < cap);
    }
    fixture f;
    analyze(&f, text, 0);
    const size_t n = precis_doc_sentence_count(f.d), ntok = precis_doc_token_count(f.d);
    uint32_t *stems = malloc(ntok * sizeof *stems);
    assert_non_null(stems);
    size_t hub = 0, distinct = 0;
    for (size_t i = 0; i < n; i++)
        if (precis_doc_sentence(f.d, i)->token_count > precis_doc_sentence(f.d, hub)->token_count)
            hub = i;
    for (size_t i = 0; i < ntok; i++)
        stems[i] = precis_doc_token(f.d, i)->stem;
    qsort(stems, ntok, sizeof *stems, cmp_u32);
    for (size_t i = 0; i < ntok; i++)
        distinct += i == 0 || stems[i] != stems[i - 1];
    assert_int_equal(n, 400);
    assert_int_equal(precis_doc_sentence(f.d, hub)->token_count, 60);
    assert_true(distinct > 4096);
    /* A star of 60 leaves among 400 nodes: with a = (1 - d) / 400, the hub scores
     * a + 60 d s_leaf and a leaf a + d s_hub / 60, so s_hub = a (1 + 60 d) / (1 - d^2);
     * a term split in two would cut a link and lower it by a sixtieth or more. */
    precis_summary *s = run(&f, PRECIS_SUMMARY_TEXTRANK, 1, 0, 0);
    assert_int_equal(s->count, 1);
    assert_int_equal(s->sentence[0], hub);
    const double a = 0.15 / 400, want = a * (1 + 60 * 0.85) / (1 - 0.85 * 0.85);
    assert_float_equal(s->score[0], want, want * 1e-5);
    precis_summary_free(s);
    release(&f);
    free(stems);
    free(text);
}

/* Every method keeps the contract on real articles (skipped without the data). */
static void real_articles(void **state)
{
    (void)state;
    const char *data = getenv("PRECIS_DATA");
    if (!data) {
        print_message("PRECIS_DATA not set: real-article check skipped\n");
        skip();
    }
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/bbc-news-summary/articles/politics", data);
    precis_reader *r = NULL;
    precis_pipeline *p = NULL;
    assert_int_equal(precis_reader_new(NULL, &r), PRECIS_OK);
    assert_int_equal(precis_pipeline_new(NULL, &p), PRECIS_OK);
    DIR *dp = opendir(dir);
    if (!dp) {
        print_message("%s absent: real-article check skipped\n", dir);
        precis_reader_free(r);
        precis_pipeline_free(p);
        skip();
    }
    closedir(dp);
    assert_int_equal(precis_reader_add(r, dir), PRECIS_OK);
    size_t docs = 0;
    precis_article *a = NULL;
    while (docs < 60 && precis_reader_next(r, &a) == PRECIS_OK && a) {
        precis_doc *d = NULL;
        assert_int_equal(precis_pipeline_analyze(p, a, &d), PRECIS_OK);
        const fixture f = {.r = r, .p = p, .a = a, .d = d};
        for (int m = 0; m < NMETHODS; m++) {
            precis_summary *s = run(&f, (precis_summary_method)m, 5, 0, 0);
            check_contract(&f, s, 5);
            precis_summary_free(s);
        }
        precis_doc_free(d);
        precis_article_free(a);
        docs++;
    }
    assert_true(docs > 0);
    precis_reader_free(r);
    precis_pipeline_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(method_names),
        cmocka_unit_test(contract_every_method),
        cmocka_unit_test(budgets),
        cmocka_unit_test(lead_budget_exact),
        cmocka_unit_test(bad_options),
        cmocka_unit_test(method_behaviour),
        cmocka_unit_test(luhn_by_hand),
        cmocka_unit_test(sumbasic_by_hand),
        cmocka_unit_test(lsa_by_hand),
        cmocka_unit_test(redundancy_removed),
        cmocka_unit_test(restatement_waits),
        cmocka_unit_test(default_by_hand),
        cmocka_unit_test(tiny_inputs),
        cmocka_unit_test(with_corpus),
        cmocka_unit_test(corpus_only_where_used),
        cmocka_unit_test(pagerank_by_hand),
        cmocka_unit_test(pagerank_matches_edge_order),
        cmocka_unit_test(graphs_match_dense),
        cmocka_unit_test(tfidf_matches_dense),
        cmocka_unit_test(kl_matches_brute_force),
        cmocka_unit_test(long_generated_article),
        cmocka_unit_test(many_terms_grow_the_map),
        cmocka_unit_test(real_articles),
    };
    return cmocka_run_group_tests_name("summarize", tests, NULL, NULL);
}
