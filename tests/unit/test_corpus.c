/* test_corpus.c - document frequencies by term string: stems and phrase keys counted once a
 * document, sentences as documents, TSV save/load round trip, merging and parse errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "corpus.h"
#include "precis.h"

/* Invented fixtures. No title line, so every line is body. */
static const char doc_a[] = "Harbour cranes stood idle in Velport on Monday.\n\n"
                            "Harbour workers marched to the town hall. Cranes stood idle again.\n";
static const char doc_b[] = "Velport council met the harbour workers.\n\n"
                            "Officials from Paris, London attended.\n";

typedef struct one {
    precis_reader *r;
    precis_article *a;
    precis_doc *d;
} one;

static void analyze(precis_pipeline *p, one *o, const char *text)
{
    const precis_read_options ro = {.format = PRECIS_INPUT_TEXT, .no_title = 1};
    memset(o, 0, sizeof *o);
    assert_int_equal(precis_reader_new(&ro, &o->r), PRECIS_OK);
    assert_int_equal(precis_reader_add_memory(o->r, "fixture.txt", text, strlen(text)), PRECIS_OK);
    assert_int_equal(precis_reader_next(o->r, &o->a), PRECIS_OK);
    assert_non_null(o->a);
    assert_int_equal(precis_pipeline_analyze(p, o->a, &o->d), PRECIS_OK);
}

static void release(one *o)
{
    precis_doc_free(o->d);
    precis_article_free(o->a);
    precis_reader_free(o->r);
}

static size_t df(const precis_corpus *c, const char *term)
{
    return precis_corpus_df(c, term, strlen(term));
}

static void counts_terms_once_per_doc(void **state)
{
    (void)state;
    precis_pipeline *p = NULL;
    precis_corpus *c = NULL;
    one a, b;
    const precis_pipeline_options po = {.lang = "en"};
    assert_int_equal(precis_pipeline_new(&po, &p), PRECIS_OK);
    assert_int_equal(precis_corpus_new(&c), PRECIS_OK);
    analyze(p, &a, doc_a);
    analyze(p, &b, doc_b);
    assert_int_equal(precis_corpus_add(c, p, a.d), PRECIS_OK);
    assert_int_equal(precis_corpus_add(c, p, b.d), PRECIS_OK);
    assert_int_equal(precis_corpus_doc_count(c), 2);
    /* "harbour" is in both docs, twice in the first: counted once a doc. */
    assert_int_equal(df(c, "harbour"), 2);
    assert_int_equal(df(c, "velport"), 2);
    assert_int_equal(df(c, "council"), 1);
    /* Snowball English stems: cranes -> crane, idle -> idl, workers -> worker. */
    assert_int_equal(df(c, "crane"), 1);
    assert_int_equal(df(c, "idl"), 1);
    assert_int_equal(df(c, "worker"), 2);
    /* Stopwords are not terms. */
    assert_int_equal(df(c, "the"), 0);
    assert_int_equal(df(c, "on"), 0);
    /* Phrase keys of 2 and 3 adjacent non-stopword words. */
    assert_int_equal(df(c, "harbour crane"), 1);
    assert_int_equal(df(c, "harbour crane stood"), 1);
    assert_int_equal(df(c, "crane stood idl"), 1);
    assert_int_equal(df(c, "harbour worker"), 2);
    /* No 4-word keys; never across a stopword, a sentence end or punctuation. */
    assert_int_equal(df(c, "harbour crane stood idl"), 0);
    assert_int_equal(df(c, "idl velport"), 0);
    assert_int_equal(df(c, "march town"), 0);
    assert_int_equal(df(c, "idl harbour"), 0);
    assert_int_equal(df(c, "pari"), 1);
    assert_int_equal(df(c, "london attend"), 1);
    assert_int_equal(df(c, "pari london"), 0);
    assert_int_equal(df(c, "nonexistent"), 0);
    assert_int_equal(precis_corpus_df(NULL, "harbour", 7), 0);

    /* Sentences stand in for documents: 3 + 2 more documents. */
    assert_int_equal(corpus_add_sentences(c, p, a.d), PRECIS_OK);
    assert_int_equal(precis_corpus_doc_count(c), 2 + precis_doc_sentence_count(a.d));
    assert_int_equal(precis_doc_sentence_count(a.d), 3);
    assert_int_equal(df(c, "harbour"), 2 + 2);
    assert_int_equal(df(c, "crane"), 1 + 2);
    assert_int_equal(df(c, "worker"), 2 + 1);

    release(&a);
    release(&b);
    precis_corpus_free(c);
    precis_corpus_free(NULL);
    precis_pipeline_free(p);
}

/* Two pipelines (as two threads would have) intern ids differently; the table keys by string. */
static void pipelines_share_a_table(void **state)
{
    (void)state;
    precis_pipeline *p1 = NULL, *p2 = NULL;
    precis_corpus *c = NULL;
    one a, b;
    assert_int_equal(precis_pipeline_new(NULL, &p1), PRECIS_OK);
    assert_int_equal(precis_pipeline_new(NULL, &p2), PRECIS_OK);
    assert_int_equal(precis_corpus_new(&c), PRECIS_OK);
    analyze(p1, &a, doc_a);
    analyze(p2, &b, doc_b);
    assert_int_equal(precis_corpus_add(c, p1, a.d), PRECIS_OK);
    assert_int_equal(precis_corpus_add(c, p2, b.d), PRECIS_OK);
    assert_int_equal(df(c, "harbour"), 2);
    assert_int_equal(df(c, "council"), 1);
    release(&a);
    release(&b);
    precis_corpus_free(c);
    precis_pipeline_free(p1);
    precis_pipeline_free(p2);
}

/* Counting through views (in one step, or gathered and then counted) gives the tables
 * precis_corpus_add gives; a view's remembered ids stay
 * right while another pipeline adds terms; a summary through a view is the same summary. */
static void views_count_and_look_up_the_same(void **state)
{
    (void)state;
    precis_pipeline *p1 = NULL, *p2 = NULL;
    precis_corpus *c = NULL, *plain = NULL;
    precis_corpus_view *v1 = NULL, *v2 = NULL;
    one a, b, a2;
    assert_int_equal(precis_pipeline_new(NULL, &p1), PRECIS_OK);
    assert_int_equal(precis_pipeline_new(NULL, &p2), PRECIS_OK);
    assert_int_equal(precis_corpus_new(&c), PRECIS_OK);
    assert_int_equal(precis_corpus_new(&plain), PRECIS_OK);
    assert_int_equal(precis_corpus_view_new(c, p1, &v1), PRECIS_OK);
    assert_int_equal(precis_corpus_view_new(c, p2, &v2), PRECIS_OK);
    analyze(p1, &a, doc_a);
    analyze(p2, &b, doc_b);
    analyze(p1, &a2, doc_b); /* p1 again: its stems known to v1 and new ones */
    assert_int_equal(precis_corpus_view_add(v1, a.d), PRECIS_OK);
    assert_int_equal(precis_corpus_view_count(v2), PRECIS_EINVAL); /* nothing gathered */
    assert_int_equal(precis_corpus_view_gather(v2, b.d), PRECIS_OK);
    assert_int_equal(precis_corpus_view_count(v2), PRECIS_OK);
    assert_int_equal(precis_corpus_view_count(v2), PRECIS_EINVAL); /* counted once only */
    assert_int_equal(precis_corpus_view_add(v1, a2.d), PRECIS_OK);
    assert_int_equal(precis_corpus_add(plain, p1, a.d), PRECIS_OK);
    assert_int_equal(precis_corpus_add(plain, p2, b.d), PRECIS_OK);
    assert_int_equal(precis_corpus_add(plain, p1, a2.d), PRECIS_OK);
    static const char *const terms[] = {"harbour", "velport",        "crane",     "council",
                                        "worker",  "harbour worker", "town hall", "idl",
                                        "pari",    "london"};
    for (size_t i = 0; i < sizeof terms / sizeof *terms; i++)
        assert_int_equal(df(c, terms[i]), df(plain, terms[i]));
    assert_int_equal(df(c, "harbour"), 3);
    assert_int_equal(precis_corpus_doc_count(c), 3);
    precis_summary *s1 = NULL, *s2 = NULL;
    const precis_summary_options so = {.sentences = 2};
    assert_int_equal(precis_summarize(p1, a.d, c, &so, &s1), PRECIS_OK);
    assert_int_equal(precis_summarize_view(v1, a.d, &so, &s2), PRECIS_OK);
    assert_int_equal(s1->count, s2->count);
    for (size_t i = 0; i < s1->count; i++) {
        assert_int_equal(s1->sentence[i], s2->sentence[i]);
        assert_true(s1->score[i] == s2->score[i]);
    }
    precis_summary_free(s1);
    precis_summary_free(s2);
    precis_corpus_view_free(NULL);
    precis_corpus_view_free(v1);
    precis_corpus_view_free(v2);
    release(&a);
    release(&b);
    release(&a2);
    precis_corpus_free(c);
    precis_corpus_free(plain);
    precis_pipeline_free(p1);
    precis_pipeline_free(p2);
}

static char *temp_path(void)
{
    char *path = strdup("/tmp/test_corpus_XXXXXX");
    assert_non_null(path);
    const int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    return path;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    static char data[4096];
    const size_t n = fread(data, 1, sizeof data - 1, f);
    data[n] = '\0';
    fclose(f);
    return data;
}

static void save_load_round_trip(void **state)
{
    (void)state;
    char *const path = temp_path();
    precis_corpus *c = NULL, *d = NULL;
    assert_int_equal(precis_corpus_new(&c), PRECIS_OK);
    write_file(path, "precis-idf 1\tN=5\nzeta\t1\nalpha beta\t2\nalpha\t5\r\n\n");
    assert_int_equal(precis_corpus_load(c, path), PRECIS_OK);
    assert_string_equal(precis_corpus_error(c), "");
    assert_int_equal(precis_corpus_doc_count(c), 5);
    assert_int_equal(df(c, "alpha"), 5);
    assert_int_equal(df(c, "alpha beta"), 2);
    assert_int_equal(df(c, "zeta"), 1);
    /* Saved sorted by term, in byte order. */
    assert_int_equal(precis_corpus_save(c, path), PRECIS_OK);
    assert_string_equal(read_file(path), "precis-idf 1\tN=5\nalpha\t5\nalpha beta\t2\nzeta\t1\n");
    /* Loading merges: counts add up. */
    assert_int_equal(precis_corpus_new(&d), PRECIS_OK);
    assert_int_equal(precis_corpus_load(d, path), PRECIS_OK);
    assert_int_equal(precis_corpus_load(d, path), PRECIS_OK);
    assert_int_equal(precis_corpus_doc_count(d), 10);
    assert_int_equal(df(d, "alpha"), 10);
    assert_int_equal(df(d, "zeta"), 2);
    precis_corpus_free(c);
    precis_corpus_free(d);
    unlink(path);
    free(path);
}

/* A doc whose words a view already knows has its phrases counted by their words' ids, each
 * occurrence looked up: a phrase said four times in a doc still counts once, and the whole
 * table is the one precis_corpus_add makes. */
static void known_phrases_counted_once_per_doc(void **state)
{
    (void)state;
    static const char doc_c[] = "Harbour workers met harbour workers.\n\n"
                                "The harbour workers union and harbour workers union spoke.\n";
    precis_pipeline *p = NULL;
    precis_corpus *c = NULL, *plain = NULL;
    precis_corpus_view *v = NULL;
    one x[3];
    assert_int_equal(precis_pipeline_new(NULL, &p), PRECIS_OK);
    assert_int_equal(precis_corpus_new(&c), PRECIS_OK);
    assert_int_equal(precis_corpus_new(&plain), PRECIS_OK);
    assert_int_equal(precis_corpus_view_new(c, p, &v), PRECIS_OK);
    analyze(p, &x[0], doc_c);
    analyze(p, &x[1], doc_c); /* now every word known to v */
    analyze(p, &x[2], doc_a); /* some known, some new */
    for (int i = 0; i < 3; i++) {
        assert_int_equal(precis_corpus_view_add(v, x[i].d), PRECIS_OK);
        assert_int_equal(precis_corpus_add(plain, p, x[i].d), PRECIS_OK);
    }
    assert_int_equal(df(c, "harbour worker"), 3);
    assert_int_equal(df(c, "harbour worker union"), 2);
    assert_int_equal(df(c, "worker union"), 2);
    char *const p1 = temp_path(), *const p2 = temp_path();
    assert_int_equal(precis_corpus_save(c, p1), PRECIS_OK);
    assert_int_equal(precis_corpus_save(plain, p2), PRECIS_OK);
    char *const saved = strdup(read_file(p1));
    assert_non_null(saved);
    assert_string_equal(saved, read_file(p2));
    free(saved);
    unlink(p1);
    unlink(p2);
    free(p1);
    free(p2);
    precis_corpus_view_free(v);
    for (int i = 0; i < 3; i++)
        release(&x[i]);
    precis_corpus_free(c);
    precis_corpus_free(plain);
    precis_pipeline_free(p);
}

/* A first doc of hundreds of new words, each said twice, has more unknown stems and phrases
 * than a view's gather table starts with: it grows mid-doc, and the table is still the one
 * precis_corpus_add makes. */
static void view_doc_of_many_new_words(void **state)
{
    (void)state;
    enum { WORDS = 400, PER_SENTENCE = 8 };
    char text[2 * WORDS * 8 + 64];
    size_t len = 0;
    for (int rep = 0; rep < 2; rep++)
        for (int i = 0; i < WORDS; i++) {
            /* Invented words "zab", "zac", ...: letters only, no stopword among them. */
            len += (size_t)snprintf(text + len, sizeof text - len, "z%c%c%s", 'a' + i / 26 % 26,
                                    'a' + i % 26, (i + 1) % PER_SENTENCE ? " " : ". ");
        }
    precis_pipeline *p = NULL;
    precis_corpus *c = NULL, *plain = NULL;
    precis_corpus_view *v = NULL;
    one x;
    assert_int_equal(precis_pipeline_new(NULL, &p), PRECIS_OK);
    assert_int_equal(precis_corpus_new(&c), PRECIS_OK);
    assert_int_equal(precis_corpus_new(&plain), PRECIS_OK);
    assert_int_equal(precis_corpus_view_new(c, p, &v), PRECIS_OK);
    analyze(p, &x, text);
    assert_int_equal(precis_corpus_view_add(v, x.d), PRECIS_OK);
    assert_int_equal(precis_corpus_add(plain, p, x.d), PRECIS_OK);
    assert_int_equal(df(c, "zaa"), 1);
    assert_int_equal(df(c, "zpi zpj"), 1);
    assert_int_equal(df(c, "zaa zab zac"), 1);
    char *const p1 = temp_path(), *const p2 = temp_path();
    assert_int_equal(precis_corpus_save(c, p1), PRECIS_OK);
    assert_int_equal(precis_corpus_save(plain, p2), PRECIS_OK);
    char *const saved = strdup(read_file(p1));
    assert_non_null(saved);
    assert_string_equal(saved, read_file(p2));
    free(saved);
    unlink(p1);
    unlink(p2);
    free(p1);
    free(p2);
    precis_corpus_view_free(v);
    release(&x);
    precis_corpus_free(c);
    precis_corpus_free(plain);
    precis_pipeline_free(p);
}

/* Each bad file fails with the line it fails on and leaves the corpus as it was. */
static void load_errors(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        precis_status st;
        const char *where; /* ":<line>: " expected in the detail */
    } cases[] = {
        {"", PRECIS_EPARSE, ":0: "},
        {"term\t1\n", PRECIS_EPARSE, ":1: "},
        {"precis-idf 2\tN=3\n", PRECIS_EPARSE, ":1: "},
        {"precis-idf 1\tN=x\n", PRECIS_EPARSE, ":1: "},
        {"precis-idf 1\tN=3\nok\t1\nno tab here\n", PRECIS_EPARSE, ":3: "},
        {"precis-idf 1\tN=3\nok\t1\nbad\t1x\n", PRECIS_EPARSE, ":3: "},
        {"precis-idf 1\tN=3\nok\t0\n", PRECIS_EPARSE, ":2: "},
        {"precis-idf 1\tN=3\nok\t4\n", PRECIS_EPARSE, ":2: "},
        {"precis-idf 1\tN=3\nok\t1\nok\t2\n", PRECIS_EPARSE, ":3: "},
        {"precis-idf 1\tN=3\n\t1\n", PRECIS_EPARSE, ":2: "},
    };
    char *const path = temp_path();
    precis_corpus *c = NULL;
    assert_int_equal(precis_corpus_new(&c), PRECIS_OK);
    write_file(path, "precis-idf 1\tN=2\nkept\t2\n");
    assert_int_equal(precis_corpus_load(c, path), PRECIS_OK);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        write_file(path, cases[i].text);
        assert_int_equal(precis_corpus_load(c, path), cases[i].st);
        const char *const err = precis_corpus_error(c);
        assert_non_null(strstr(err, path));
        if (!strstr(err, cases[i].where))
            fail_msg("case %zu: \"%s\" lacks \"%s\"", i, err, cases[i].where);
        assert_int_equal(precis_corpus_doc_count(c), 2);
        assert_int_equal(df(c, "kept"), 2);
        assert_int_equal(df(c, "ok"), 0);
    }
    unlink(path);
    assert_int_equal(precis_corpus_load(c, path), PRECIS_EIO);
    assert_non_null(strstr(precis_corpus_error(c), path));
    assert_int_equal(precis_corpus_save(c, "/nonexistent-dir/x.tsv"), PRECIS_EIO);
    precis_corpus_free(c);
    free(path);
}

/* A phrase key is kept by its words' ids, any other key by its bytes: keys of every shape
 * read from a file load, look up and save as strings. */
static void keys_of_every_shape(void **state)
{
    (void)state;
    char *const path = temp_path();
    precis_corpus *c = NULL;
    assert_int_equal(precis_corpus_new(&c), PRECIS_OK);
    write_file(path, "precis-idf 1\tN=9\n"
                     "a  b\t2\n a\t3\nb \t4\na b c d\t5\nx y\t6\n"
                     "averyveryverylongwordofthirtybytes z\t7\nz\t8\np q r\t9\n");
    assert_int_equal(precis_corpus_load(c, path), PRECIS_OK);
    static const struct {
        const char *key;
        size_t df;
    } want[] = {{"a  b", 2},    {" a", 3},    {"b ", 4},
                {"a b c d", 5}, {"x y", 6},   {"averyveryverylongwordofthirtybytes z", 7},
                {"z", 8},       {"p q r", 9}, {"x", 0},
                {"y", 0},       {"a b", 0},   {"p q", 0},
                {"q r", 0},     {"r p q", 0}, {"a", 0},
                {"", 0}};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        if (df(c, want[i].key) != want[i].df)
            fail_msg("\"%s\": df %zu, not %zu", want[i].key, df(c, want[i].key), want[i].df);
    assert_int_equal(precis_corpus_save(c, path), PRECIS_OK);
    assert_string_equal(read_file(path), "precis-idf 1\tN=9\n a\t3\na  b\t2\na b c d\t5\n"
                                         "averyveryverylongwordofthirtybytes z\t7\nb \t4\n"
                                         "p q r\t9\nx y\t6\nz\t8\n");
    precis_corpus_free(c);
    unlink(path);
    free(path);
}

/* NFKC makes U+FDFB one stem of two words ("جل جلاله") and U+FDFA one of four: such stems,
 * alone or inside a phrase, count as the same strings through a view as without one. */
static void stems_holding_spaces(void **state)
{
    (void)state;
    static const char doc_c[] = "Harbour \xef\xb7\xba cranes stood. Harbour \xef\xb7\xbb"
                                " cranes stood again. \xef\xb7\xbb harbour.\n";
    static const char doc_d[] = "Harbour \xef\xb7\xbb cranes. Cranes \xef\xb7\xba harbour.\n\n"
                                "The \xef\xb7\xbb \xef\xb7\xbb \xef\xb7\xba harbour.\n";
    precis_pipeline *p = NULL;
    precis_corpus *c = NULL, *plain = NULL;
    precis_corpus_view *v = NULL;
    one a, b;
    assert_int_equal(precis_pipeline_new(NULL, &p), PRECIS_OK);
    assert_int_equal(precis_corpus_new(&c), PRECIS_OK);
    assert_int_equal(precis_corpus_new(&plain), PRECIS_OK);
    assert_int_equal(precis_corpus_view_new(c, p, &v), PRECIS_OK);
    analyze(p, &a, doc_c);
    analyze(p, &b, doc_d);
    assert_int_equal(precis_corpus_view_add(v, a.d), PRECIS_OK);
    assert_int_equal(precis_corpus_view_add(v, b.d), PRECIS_OK);
    assert_int_equal(precis_corpus_add(plain, p, a.d), PRECIS_OK);
    assert_int_equal(precis_corpus_add(plain, p, b.d), PRECIS_OK);
    static const struct {
        const char *key;
        size_t df;
    } want[] = {{"جل جلاله", 2},
                {"صلى الله عليه وسلم", 2},
                {"harbour جل جلاله", 2},
                {"harbour جل جلاله crane", 2},
                {"جل جلاله crane stood", 1},
                {"جل جلاله جل جلاله", 1},
                {"crane صلى الله عليه وسلم harbour", 1},
                {"جل", 0},
                {"harbour crane", 0}};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        if (df(c, want[i].key) != want[i].df)
            fail_msg("\"%s\": df %zu, not %zu", want[i].key, df(c, want[i].key), want[i].df);
        assert_int_equal(df(plain, want[i].key), want[i].df);
    }
    char *const path = temp_path();
    assert_int_equal(precis_corpus_save(plain, path), PRECIS_OK);
    char saved[4096];
    snprintf(saved, sizeof saved, "%s", read_file(path));
    assert_int_equal(precis_corpus_save(c, path), PRECIS_OK);
    assert_string_equal(read_file(path), saved);
    assert_non_null(strstr(saved, "\nجل جلاله crane stood\t1\n"));
    unlink(path);
    free(path);
    /* Keywords through the view weigh such phrases as by string. */
    const one *docs[] = {&a, &b};
    for (size_t i = 0; i < 2; i++) {
        precis_keywords *k1 = NULL, *k2 = NULL;
        const precis_keyword_options o = {.k = 20, .max_words = 4};
        assert_int_equal(precis_keywords_extract(p, docs[i]->d, plain, &o, &k1), PRECIS_OK);
        assert_int_equal(precis_keywords_extract_view(v, docs[i]->d, &o, &k2), PRECIS_OK);
        assert_int_equal(k1->count, k2->count);
        assert_true(k1->count > 0);
        for (size_t j = 0; j < k1->count; j++) {
            assert_string_equal(k1->keyword[j].key, k2->keyword[j].key);
            assert_true(k1->keyword[j].score == k2->keyword[j].score);
        }
        precis_keywords_free(k1);
        precis_keywords_free(k2);
    }
    precis_corpus_view_free(v);
    release(&a);
    release(&b);
    precis_corpus_free(c);
    precis_corpus_free(plain);
    precis_pipeline_free(p);
}

/* corpus_view_zeroed() hands out zeroed bytes, the same block while it is large enough and
 * a zeroed larger one when asked for more. */
static void view_zeroed_scratch(void **state)
{
    (void)state;
    precis_pipeline *p = NULL;
    precis_corpus *c = NULL;
    precis_corpus_view *v = NULL;
    assert_int_equal(precis_pipeline_new(NULL, &p), PRECIS_OK);
    assert_int_equal(precis_corpus_new(&c), PRECIS_OK);
    assert_int_equal(precis_corpus_view_new(c, p, &v), PRECIS_OK);
    unsigned char *z = corpus_view_zeroed(v, 100);
    assert_non_null(z);
    for (size_t i = 0; i < 100; i++)
        assert_int_equal(z[i], 0);
    assert_ptr_equal(corpus_view_zeroed(v, 50), z);
    unsigned char *const big = corpus_view_zeroed(v, 100000);
    assert_non_null(big);
    for (size_t i = 0; i < 100000; i++)
        assert_int_equal(big[i], 0);
    precis_corpus_view_free(v);
    precis_corpus_free(c);
    precis_pipeline_free(p);
}

/* A view's summaries and keywords share its scratch blocks (summarize.c, SLOT_*): made in turn,
 * every method's summary and the keywords of each doc are those made without a view. */
static void view_summaries_and_keywords_in_turn(void **state)
{
    (void)state;
    precis_pipeline *p = NULL;
    precis_corpus *c = NULL;
    precis_corpus_view *v = NULL;
    one a, a2;
    assert_int_equal(precis_pipeline_new(NULL, &p), PRECIS_OK);
    assert_int_equal(precis_corpus_new(&c), PRECIS_OK);
    assert_int_equal(precis_corpus_view_new(c, p, &v), PRECIS_OK);
    analyze(p, &a, doc_a);
    analyze(p, &a2, doc_b);
    assert_int_equal(precis_corpus_view_add(v, a.d), PRECIS_OK);
    assert_int_equal(precis_corpus_view_add(v, a2.d), PRECIS_OK);
    for (int m = 0; precis_summary_method_name((precis_summary_method)m); m++)
        for (int k = 0; k < 2; k++) {
            const precis_doc *const d = k ? a2.d : a.d;
            const precis_summary_options so = {.method = (precis_summary_method)m, .sentences = 2};
            precis_summary *s1 = NULL, *s2 = NULL;
            assert_int_equal(precis_summarize(p, d, c, &so, &s1), PRECIS_OK);
            assert_int_equal(precis_summarize_view(v, d, &so, &s2), PRECIS_OK);
            assert_int_equal(s1->count, s2->count);
            for (size_t i = 0; i < s1->count; i++) {
                assert_int_equal(s1->sentence[i], s2->sentence[i]);
                assert_true(s1->score[i] == s2->score[i]);
            }
            precis_summary_free(s1);
            precis_summary_free(s2);
            precis_keywords *k1 = NULL, *k2 = NULL;
            assert_int_equal(precis_keywords_extract(p, d, c, NULL, &k1), PRECIS_OK);
            assert_int_equal(precis_keywords_extract_view(v, d, NULL, &k2), PRECIS_OK);
            assert_int_equal(k1->count, k2->count);
            for (size_t i = 0; i < k1->count; i++)
                assert_string_equal(k1->keyword[i].text, k2->keyword[i].text);
            precis_keywords_free(k1);
            precis_keywords_free(k2);
        }
    precis_corpus_view_free(v);
    release(&a);
    release(&a2);
    precis_corpus_free(c);
    precis_pipeline_free(p);
}

/* corpus_view_scratch() hands out cache-aligned blocks, each kept apart from the others and
 * the same while it is large enough, so a caller's arrays survive from one doc to the next. */
static void view_scratch_blocks(void **state)
{
    (void)state;
    precis_pipeline *p = NULL;
    precis_corpus *c = NULL;
    precis_corpus_view *v = NULL;
    assert_int_equal(precis_pipeline_new(NULL, &p), PRECIS_OK);
    assert_int_equal(precis_corpus_new(&c), PRECIS_OK);
    assert_int_equal(precis_corpus_view_new(c, p, &v), PRECIS_OK);
    unsigned char *blk[CORPUS_VIEW_SCRATCH];
    for (size_t b = 0; b < CORPUS_VIEW_SCRATCH; b++) {
        blk[b] = corpus_view_scratch(v, b, 1000);
        assert_non_null(blk[b]);
        assert_int_equal((uintptr_t)blk[b] % CORPUS_VIEW_SCRATCH_ALIGN, 0);
        memset(blk[b], (int)b + 1, 1000);
    }
    for (size_t b = 0; b < CORPUS_VIEW_SCRATCH; b++) {
        assert_ptr_equal(corpus_view_scratch(v, b, 10), blk[b]);
        for (size_t i = 0; i < 1000; i++)
            assert_int_equal(blk[b][i], b + 1);
    }
    unsigned char *const big = corpus_view_scratch(v, 1, 100000);
    assert_non_null(big);
    assert_int_equal((uintptr_t)big % CORPUS_VIEW_SCRATCH_ALIGN, 0);
    memset(big, 0xAB, 100000); /* all of it is the caller's */
    assert_ptr_equal(corpus_view_scratch(v, 0, 1000), blk[0]);
    precis_corpus_view_free(v);
    precis_corpus_free(c);
    precis_pipeline_free(p);
}

/* corpus_view_scratch_grow() keeps what it is told to of a block it moves (a graph's edges
 * grow as they are found), and only that: the block stays aligned. */
static void view_scratch_grow_keeps(void **state)
{
    (void)state;
    precis_pipeline *p = NULL;
    precis_corpus *c = NULL;
    precis_corpus_view *v = NULL;
    assert_int_equal(precis_pipeline_new(NULL, &p), PRECIS_OK);
    assert_int_equal(precis_corpus_new(&c), PRECIS_OK);
    assert_int_equal(precis_corpus_view_new(c, p, &v), PRECIS_OK);
    unsigned char *const small = corpus_view_scratch_grow(v, 2, 3000, 0);
    assert_non_null(small);
    for (size_t i = 0; i < 3000; i++)
        small[i] = (unsigned char)(i * 7);
    assert_ptr_equal(corpus_view_scratch_grow(v, 2, 3000, 3000), small);
    unsigned char *const big = corpus_view_scratch_grow(v, 2, 50000, 3000);
    assert_non_null(big);
    assert_int_equal((uintptr_t)big % CORPUS_VIEW_SCRATCH_ALIGN, 0);
    for (size_t i = 0; i < 3000; i++)
        assert_int_equal(big[i], (unsigned char)(i * 7));
    memset(big, 0, 50000);
    precis_corpus_view_free(v);
    precis_corpus_free(c);
    precis_pipeline_free(p);
}

/* corpus_view_kept() is zero at first, then what its caller left in it, for every doc. */
static void view_kept_block(void **state)
{
    (void)state;
    precis_pipeline *p = NULL;
    precis_corpus *c = NULL;
    precis_corpus_view *v = NULL;
    assert_int_equal(precis_pipeline_new(NULL, &p), PRECIS_OK);
    assert_int_equal(precis_corpus_new(&c), PRECIS_OK);
    assert_int_equal(precis_corpus_view_new(c, p, &v), PRECIS_OK);
    uint32_t *const k = corpus_view_kept(v, 27 * sizeof *k);
    assert_non_null(k);
    for (size_t i = 0; i < 27; i++) {
        assert_int_equal(k[i], 0);
        k[i] = (uint32_t)i + 1;
    }
    (void)corpus_view_scratch(v, 0, 5000);
    assert_ptr_equal(corpus_view_kept(v, 27 * sizeof *k), k);
    for (size_t i = 0; i < 27; i++)
        assert_int_equal(k[i], i + 1);
    precis_corpus_view_free(v);
    precis_corpus_free(c);
    precis_pipeline_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(counts_terms_once_per_doc),
        cmocka_unit_test(pipelines_share_a_table),
        cmocka_unit_test(views_count_and_look_up_the_same),
        cmocka_unit_test(save_load_round_trip),
        cmocka_unit_test(known_phrases_counted_once_per_doc),
        cmocka_unit_test(load_errors),
        cmocka_unit_test(keys_of_every_shape),
        cmocka_unit_test(stems_holding_spaces),
        cmocka_unit_test(view_zeroed_scratch),
        cmocka_unit_test(view_summaries_and_keywords_in_turn),
        cmocka_unit_test(view_scratch_blocks),
        cmocka_unit_test(view_scratch_grow_keeps),
        cmocka_unit_test(view_kept_block),
        cmocka_unit_test(view_doc_of_many_new_words),
    };
    return cmocka_run_group_tests_name("corpus", tests, NULL, NULL);
}
