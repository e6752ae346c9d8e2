/* test_pipeline.c - the front end end to end through the public API: an article read from
 * memory comes out as sentences and tokens with offsets, stems, stop flags and language. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "precis.h"

typedef struct fixture {
    precis_reader *r;
    precis_pipeline *p;
    precis_article *a;
    precis_doc *d;
} fixture;

static void analyze(fixture *f, const char *name, const char *text,
                    const precis_pipeline_options *po)
{
    memset(f, 0, sizeof *f);
    assert_int_equal(precis_reader_new(NULL, &f->r), PRECIS_OK);
    assert_int_equal(precis_pipeline_new(po, &f->p), PRECIS_OK);
    assert_int_equal(precis_reader_add_memory(f->r, name, text, strlen(text)), PRECIS_OK);
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

/* The slice of the text a sentence covers, compared with what it should be. */
static void assert_sentence(const fixture *f, size_t i, const char *want)
{
    size_t len;
    const char *text = precis_article_text(f->a, &len);
    const precis_sentence *s = precis_doc_sentence(f->d, i);
    assert_true(s->start < s->end && s->end <= len);
    assert_int_equal(s->end - s->start, strlen(want));
    assert_memory_equal(text + s->start, want, strlen(want));
}

static const precis_token *find_token(const fixture *f, const char *surface)
{
    size_t len;
    const char *text = precis_article_text(f->a, &len);
    for (size_t i = 0; i < precis_doc_token_count(f->d); i++) {
        const precis_token *t = precis_doc_token(f->d, i);
        if (t->end - t->start == strlen(surface) &&
            memcmp(text + t->start, surface, strlen(surface)) == 0)
            return t;
    }
    return NULL;
}

static const char *term(const fixture *f, uint32_t id)
{
    return precis_pipeline_term(f->p, id, NULL);
}

static void test_english_article(void **state)
{
    (void)state;
    fixture f;
    analyze(&f, "port.txt",
            "Port workers end strike\n\n"
            "Dock workers in Valdora ended their strike on Monday. The union said wages "
            "would rise by 7%.\n\n"
            "\"We are going back to work,\" Mr. Renner said. Ships were waiting.\n",
            NULL);
    assert_string_equal(precis_article_title(f.a), "Port workers end strike");
    assert_string_equal(precis_doc_lang(f.d), "en");
    assert_int_equal(precis_doc_sentence_count(f.d), 4);
    assert_sentence(&f, 0, "Dock workers in Valdora ended their strike on Monday.");
    assert_sentence(&f, 1, "The union said wages would rise by 7%.");
    assert_sentence(&f, 2, "\"We are going back to work,\" Mr. Renner said.");
    assert_sentence(&f, 3, "Ships were waiting.");
    assert_int_equal(precis_doc_sentence(f.d, 2)->paragraph, 1);

    /* Stems merge inflections; stopwords are flagged; numbers stay whole. */
    const precis_token *workers = find_token(&f, "workers");
    const precis_token *ended = find_token(&f, "ended");
    assert_non_null(workers);
    assert_non_null(ended);
    assert_string_equal(term(&f, workers->norm), "workers");
    assert_string_equal(term(&f, workers->stem), "worker");
    assert_string_equal(term(&f, ended->stem), "end");
    /* The title's "end" and the body's "ended" share a stem id. */
    assert_int_equal(precis_doc_title_token(f.d, 2)->stem, ended->stem);
    assert_true(find_token(&f, "their")->stop);
    assert_false(workers->stop);
    const precis_token *pct = find_token(&f, "7%");
    assert_non_null(pct);
    assert_int_equal(pct->kind, PRECIS_TOKEN_NUMBER);
    assert_int_equal(pct->sentence, 1);
    /* Title tokens are analysed too. */
    assert_int_equal(precis_doc_title_token_count(f.d), 4);
    assert_int_equal(precis_doc_title_token(f.d, 1)->stem, workers->stem);
    release(&f);
}

/* Every token lies inside its sentence and the ranges tile the token array. */
static void test_token_ranges(void **state)
{
    (void)state;
    fixture f;
    analyze(&f, "ranges.txt",
            "GENEVA, March 3 (Reuters) - Talks resumed at 9 a.m. on Tuesday. Delegates from "
            "the U.S. and the E.U. attended.\n\nNo deal was reached... Officials said more "
            "talks were planned.\n",
            NULL);
    size_t next = 0;
    for (size_t i = 0; i < precis_doc_sentence_count(f.d); i++) {
        const precis_sentence *s = precis_doc_sentence(f.d, i);
        assert_int_equal(s->first_token, next);
        for (size_t k = s->first_token; k < s->first_token + s->token_count; k++) {
            const precis_token *t = precis_doc_token(f.d, k);
            assert_int_equal(t->sentence, i);
            assert_true(t->start >= s->start && t->end <= s->end && t->start < t->end);
        }
        next = s->first_token + s->token_count;
    }
    assert_int_equal(next, precis_doc_token_count(f.d));
    /* The dateline is not part of the first sentence. */
    assert_string_equal(precis_article_place(f.a), "GENEVA");
    assert_sentence(&f, 0, "Talks resumed at 9 a.m. on Tuesday.");
    /* U.S. stays an acronym apart from the word "us". */
    const precis_token *us = find_token(&f, "U.S.");
    assert_non_null(us);
    assert_int_equal(us->kind, PRECIS_TOKEN_ACRONYM);
    assert_string_not_equal(term(&f, us->norm), "us");
    release(&f);
}

static void test_russian_detected_and_stemmed(void **state)
{
    (void)state;
    fixture f;
    analyze(&f, "ru.txt",
            "Мэрия Москвы объявила о новых маршрутах трамваев. Новые трамваи выйдут на "
            "линию в апреле, сообщил В. И. Петров.\n",
            NULL);
    assert_string_equal(precis_doc_lang(f.d), "ru");
    assert_int_equal(precis_doc_sentence_count(f.d), 2);
    const precis_token *a = find_token(&f, "трамваев");
    const precis_token *b = find_token(&f, "трамваи");
    assert_non_null(a);
    assert_non_null(b);
    assert_int_equal(a->stem, b->stem);
    assert_string_equal(term(&f, find_token(&f, "Москвы")->norm), "москвы");
    assert_true(find_token(&f, "на")->stop);
    release(&f);
}

static void test_forced_language_and_keep_stopwords(void **state)
{
    (void)state;
    precis_pipeline_options po = {.lang = "de", .keep_stopwords = 1};
    fixture f;
    analyze(&f, "x.txt", "The cats are here.\n", &po);
    assert_string_equal(precis_doc_lang(f.d), "de");
    assert_false(find_token(&f, "The")->stop);
    release(&f);

    precis_pipeline *p = NULL;
    precis_pipeline_options bad = {.lang = "klingon"};
    assert_int_equal(precis_pipeline_new(&bad, &p), PRECIS_EINVAL);
    assert_null(p);
}

/* A user's stopword list may name shorthand that is not a word: "3rd" is a number, "U.S." an
 * acronym; both must be flagged (the Reuters earnings shorthand needs it). */
static void test_user_stopwords_of_every_kind(void **state)
{
    (void)state;
    char path[] = "/tmp/precis-stopwords-XXXXXX";
    const int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char list[] = "# shorthand\n3rd\nu.s.\nqtr\n";
    assert_int_equal(write(fd, list, sizeof list - 1), (ssize_t)(sizeof list - 1));
    close(fd);
    precis_pipeline_options po = {.stopwords_file = path};
    fixture f;
    analyze(&f, "brief.txt", "Profit in the 3rd qtr rose 5% in the U.S. market.\n", &po);
    assert_true(find_token(&f, "3rd")->stop);
    assert_int_equal(find_token(&f, "3rd")->kind, PRECIS_TOKEN_NUMBER);
    assert_true(find_token(&f, "U.S.")->stop);
    assert_true(find_token(&f, "qtr")->stop);
    assert_false(find_token(&f, "5%")->stop);
    assert_false(find_token(&f, "market")->stop);
    release(&f);
    unlink(path);
}

/* The same word in two articles gets the same ids: the caches live in the pipeline. */
static void test_ids_stable_across_articles(void **state)
{
    (void)state;
    precis_reader *r = NULL;
    precis_pipeline *p = NULL;
    assert_int_equal(precis_reader_new(NULL, &r), PRECIS_OK);
    assert_int_equal(precis_pipeline_new(NULL, &p), PRECIS_OK);
    const char *jsonl = "{\"id\":\"a\",\"text\":\"Floods hit the river towns.\"}\n"
                        "{\"id\":\"b\",\"text\":\"The river flooded again.\"}\n";
    assert_int_equal(precis_reader_add_memory(r, "w.jsonl", jsonl, strlen(jsonl)), PRECIS_OK);
    uint32_t river[2], flood[2];
    for (int k = 0; k < 2; k++) {
        precis_article *a = NULL;
        precis_doc *d = NULL;
        assert_int_equal(precis_reader_next(r, &a), PRECIS_OK);
        assert_non_null(a);
        assert_int_equal(precis_pipeline_analyze(p, a, &d), PRECIS_OK);
        const precis_token *t0 = precis_doc_token(d, 0);
        river[k] = precis_doc_token(d, k == 0 ? 3 : 1)->stem;
        flood[k] = k == 0 ? t0->stem : precis_doc_token(d, 2)->stem;
        precis_doc_free(d);
        precis_article_free(a);
    }
    assert_int_equal(river[0], river[1]);
    assert_int_equal(flood[0], flood[1]);
    assert_string_equal(precis_pipeline_term(p, flood[0], NULL), "flood");
    precis_pipeline_free(p);
    precis_reader_free(r);
}

/* Sum over a doc's tokens, sentences and title tokens of their fields, to see that they are
 * still what they were. */
static uint64_t token_sum(const precis_doc *d)
{
    uint64_t h = precis_doc_token_count(d);
    for (size_t i = 0; i < precis_doc_token_count(d); i++) {
        const precis_token *t = precis_doc_token(d, i);
        h = h * 1000003 + t->start * 31 + t->end * 17 + t->norm * 7 + t->stem + t->sentence;
    }
    for (size_t i = 0; i < precis_doc_sentence_count(d); i++) {
        const precis_sentence *s = precis_doc_sentence(d, i);
        h = h * 1000003 + s->start * 31 + s->end * 17 + s->paragraph * 7 + s->first_token * 3 +
            s->token_count;
    }
    h = h * 1000003 + precis_doc_title_token_count(d);
    for (size_t i = 0; i < precis_doc_title_token_count(d); i++) {
        const precis_token *t = precis_doc_title_token(d, i);
        h = h * 1000003 + t->start * 31 + t->end * 17 + t->norm * 7 + t->stem;
    }
    return h;
}

/* Docs' tokens, sentences, title tokens and the docs themselves share blocks the pipeline hands
 * out (pipeline.c, place_doc_tokens(), keep_sentences(), keep_doc()): docs kept while more are
 * analysed, freed in any order, even after the pipeline, keep all of these; so do articles too
 * dense for the room they were given and articles too big for any block. */
static void test_kept_docs_keep_their_tokens(void **state)
{
    (void)state;
    enum { NDOC = 48 };
    precis_reader *r = NULL;
    precis_pipeline *p = NULL;
    assert_int_equal(precis_reader_new(NULL, &r), PRECIS_OK);
    assert_int_equal(precis_pipeline_new(NULL, &p), PRECIS_OK);
    const size_t big = 480000;
    char *text = malloc(big + 1);
    assert_non_null(text);
    for (int k = 0; k < NDOC; k++) {
        char name[32];
        snprintf(name, sizeof name, "d%02d.txt", k);
        size_t len = 0, want;
        if (k == 20)
            want = 180000; /* one-letter words: far more tokens than its bytes suggest */
        else if (k == 30)
            want = big; /* more tokens than a block holds */
        else
            want = 2000 + (size_t)k * 997 % 30000;
        len += (size_t)snprintf(text, big, "Title %d\n\n", k);
        for (size_t w = 0; len + 16 < want; w++) {
            if (k == 20)
                len += (size_t)snprintf(text + len, big + 1 - len, "%c ", 'a' + (int)(w % 26));
            else
                len += (size_t)snprintf(text + len, big + 1 - len, "%s%zu%s", "word", w % 500,
                                        w % 12 == 11 ? ". " : " ");
        }
        assert_int_equal(precis_reader_add_memory(r, name, text, len), PRECIS_OK);
    }
    free(text);
    precis_article *a[NDOC];
    precis_doc *d[NDOC];
    uint64_t sum[NDOC];
    for (int k = 0; k < NDOC; k++) {
        assert_int_equal(precis_reader_next(r, &a[k]), PRECIS_OK);
        assert_non_null(a[k]);
        assert_int_equal(precis_pipeline_analyze(p, a[k], &d[k]), PRECIS_OK);
        assert_true(precis_doc_token_count(d[k]) > 0);
        assert_true(precis_doc_sentence_count(d[k]) > 0);
        assert_int_equal(precis_doc_title_token_count(d[k]), 2); /* "Title k" */
        sum[k] = token_sum(d[k]);
        if (k % 3 == 1) { /* some freed at once: their room is not reused while others live */
            precis_doc_free(d[k]);
            precis_article_free(a[k]);
            d[k] = NULL;
            a[k] = NULL;
        }
    }
    assert_true(precis_doc_token_count(d[20]) > 80000);
    assert_true(precis_doc_token_count(d[30]) > 50000);
    precis_pipeline_free(p); /* before the docs */
    for (int k = NDOC; k-- > 0;) {
        if (d[k])
            assert_true(token_sum(d[k]) == sum[k]);
        precis_doc_free(d[k]);
        precis_article_free(a[k]);
    }
    precis_reader_free(r);
}

/* A word that is its own stem gets its norm's id as its stem without a look-up (pipeline.c,
 * stem_of()); the same id other forms of it stem to. */
static void test_word_its_own_stem(void **state)
{
    (void)state;
    fixture f;
    analyze(&f, "own.txt", "Market day\n\nThe markets opened. The market closed early.\n", NULL);
    const precis_token *market = find_token(&f, "market");
    const precis_token *markets = find_token(&f, "markets");
    assert_non_null(market);
    assert_non_null(markets);
    assert_int_equal(market->stem, market->norm);
    assert_int_equal(markets->stem, market->norm);
    assert_string_equal(precis_pipeline_term(f.p, market->stem, NULL), "market");
    release(&f);
}

static void test_empty_article(void **state)
{
    (void)state;
    fixture f;
    analyze(&f, "empty.txt", "", NULL);
    assert_int_equal(precis_doc_sentence_count(f.d), 0);
    assert_int_equal(precis_doc_token_count(f.d), 0);
    release(&f);
}

/* Language detection as the pipeline does it (first tokens only) on real news: every Russian
 * text must come out "ru" and every BBC business article "en". */
static size_t count_lang(const char *dir, const char *want, size_t *total)
{
    precis_reader *r = NULL;
    precis_pipeline *p = NULL;
    assert_int_equal(precis_reader_new(NULL, &r), PRECIS_OK);
    assert_int_equal(precis_pipeline_new(NULL, &p), PRECIS_OK);
    assert_int_equal(precis_reader_add(r, dir), PRECIS_OK);
    size_t hits = 0;
    *total = 0;
    for (;;) {
        precis_article *a = NULL;
        precis_doc *d = NULL;
        if (precis_reader_next(r, &a) != PRECIS_OK)
            continue;
        if (!a)
            break;
        assert_int_equal(precis_pipeline_analyze(p, a, &d), PRECIS_OK);
        hits += strcmp(precis_doc_lang(d), want) == 0;
        (*total)++;
        precis_doc_free(d);
        precis_article_free(a);
    }
    precis_pipeline_free(p);
    precis_reader_free(r);
    return hits;
}

static void test_detect_real_news(void **state)
{
    (void)state;
    const char *data = getenv("PRECIS_DATA");
    char path[4096];
    if (!data) {
        print_message("PRECIS_DATA not set: real-news detection skipped\n");
        skip();
    }
    snprintf(path, sizeof path, "%s/russian-news", data);
    size_t total, hits = count_lang(path, "ru", &total);
    snprintf(path, sizeof path, "%s/bbc-news-summary/articles/business", data);
    size_t total_en, hits_en = count_lang(path, "en", &total_en);
    if (total == 0 || total_en == 0) {
        print_message("%s: data sets not found: skipped\n", data);
        skip();
    }
    print_message("detected ru %zu/%zu, en %zu/%zu\n", hits, total, hits_en, total_en);
    assert_int_equal(hits, total);
    assert_int_equal(hits_en, total_en);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_english_article),
        cmocka_unit_test(test_token_ranges),
        cmocka_unit_test(test_russian_detected_and_stemmed),
        cmocka_unit_test(test_forced_language_and_keep_stopwords),
        cmocka_unit_test(test_ids_stable_across_articles),
        cmocka_unit_test(test_kept_docs_keep_their_tokens),
        cmocka_unit_test(test_word_its_own_stem),
        cmocka_unit_test(test_empty_article),
        cmocka_unit_test(test_user_stopwords_of_every_kind),
        cmocka_unit_test(test_detect_real_news),
    };
    return cmocka_run_group_tests_name("pipeline", tests, NULL, NULL);
}
