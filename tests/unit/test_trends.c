/* test_trends.c - count tables (keys, surface forms, dispersion), the keyness table against
 * precis_keyness_compute, a planted signal in generated articles found after correction, and
 * term series (Mann-Kendall, Theil-Sen, bursts, top terms). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keyness.h"
#include "precis.h"

/* ---- helpers ----------------------------------------------------------------------------- */

static precis_pipeline *english(void)
{
    const precis_pipeline_options po = {"en", NULL, 0};
    precis_pipeline *p = NULL;
    assert_int_equal(precis_pipeline_new(&po, &p), PRECIS_OK);
    return p;
}

/* Reads text as one plain-text article (no title) and counts it into c. */
static void count_text(precis_counts *c, precis_pipeline *p, const char *text, size_t max_words)
{
    const precis_read_options ro = {PRECIS_INPUT_TEXT, 0, 1};
    precis_reader *r = NULL;
    precis_article *a = NULL;
    precis_doc *d = NULL;
    assert_int_equal(precis_reader_new(&ro, &r), PRECIS_OK);
    assert_int_equal(precis_reader_add_memory(r, "gen.txt", text, strlen(text)), PRECIS_OK);
    assert_int_equal(precis_reader_next(r, &a), PRECIS_OK);
    assert_non_null(a);
    assert_int_equal(precis_pipeline_analyze(p, a, &d), PRECIS_OK);
    assert_int_equal(precis_counts_add_doc(c, p, d, max_words), PRECIS_OK);
    precis_doc_free(d);
    precis_article_free(a);
    precis_reader_free(r);
}

static const precis_keyness_row *find_row(const precis_keyness_rows *r, const char *key)
{
    for (size_t i = 0; i < r->count; i++)
        if (strcmp(r->row[i].key, key) == 0)
            return &r->row[i];
    return NULL;
}

/* ---- count tables ------------------------------------------------------------------------ */

static void surface_is_most_frequent_form_ties_by_bytes(void **state)
{
    (void)state;
    precis_counts *c = NULL, *m = NULL;
    assert_int_equal(precis_counts_new(&c), PRECIS_OK);
    assert_int_equal(precis_counts_add_term(c, "run", 3, "runs", 2, 1), PRECIS_OK);
    assert_int_equal(precis_counts_add_term(c, "run", 3, "ran", 1, 1), PRECIS_OK);
    assert_int_equal(precis_counts_add_term(c, "run", 3, "running", 2, 1), PRECIS_OK);
    assert_int_equal(precis_counts_add_term(c, "oil", 3, NULL, 4, 2), PRECIS_OK);
    assert_int_equal(precis_counts_add_totals(c, 100, 10), PRECIS_OK);
    const char *key, *surface;
    uint64_t tok, docs;
    assert_int_equal(precis_counts_size(c), 2);
    assert_int_equal(precis_counts_term(c, 0, &key, &surface, &tok, &docs), PRECIS_OK);
    assert_string_equal(key, "run");
    assert_string_equal(surface, "running"); /* 2 votes like "runs", smaller in byte order */
    assert_int_equal(tok, 5);
    assert_int_equal(docs, 3);
    assert_int_equal(precis_counts_term(c, 1, &key, &surface, NULL, NULL), PRECIS_OK);
    assert_string_equal(surface, "oil"); /* no form given: the key itself */
    assert_int_equal(precis_counts_term(c, 2, &key, NULL, NULL, NULL), PRECIS_EINVAL);
    assert_null(key);

    /* Merging adds counts and votes: "runs" now leads. */
    assert_int_equal(precis_counts_new(&m), PRECIS_OK);
    assert_int_equal(precis_counts_add_term(m, "run", 3, "runs", 1, 1), PRECIS_OK);
    assert_int_equal(precis_counts_merge(m, c), PRECIS_OK);
    assert_int_equal(precis_counts_term(m, 0, &key, &surface, &tok, &docs), PRECIS_OK);
    assert_string_equal(surface, "runs");
    assert_int_equal(tok, 6);
    assert_int_equal(docs, 4);
    precis_counts_lookup(m, "oil", 3, &tok, &docs);
    assert_int_equal(tok, 4);
    assert_int_equal(docs, 2);
    precis_counts_lookup(m, "gas", 3, &tok, &docs);
    assert_int_equal(tok, 0);
    assert_int_equal(precis_counts_total_tokens(m), 100);
    assert_int_equal(precis_counts_total_docs(m), 10);
    precis_counts_free(m);
    precis_counts_free(c);
}

/* Dispersion counts articles: one article repeating a word 50 times counts once. */
static void dispersion_counts_articles_not_tokens(void **state)
{
    (void)state;
    precis_pipeline *p = english();
    precis_counts *c = NULL;
    assert_int_equal(precis_counts_new(&c), PRECIS_OK);
    char text[1024] = "";
    for (int i = 0; i < 50; i++)
        strcat(text, "Quorvex ");
    strcat(text, "rising.");
    count_text(c, p, text, 0);
    count_text(c, p, "Harbour cranes stood idle.", 0);
    uint64_t tok, docs;
    precis_counts_lookup(c, "quorvex", 7, &tok, &docs);
    assert_int_equal(tok, 50);
    assert_int_equal(docs, 1);
    precis_counts_lookup(c, "quorvex quorvex", 15, &tok, &docs);
    assert_int_equal(tok, 49);
    assert_int_equal(docs, 1);
    precis_counts_lookup(c, "quorvex rise", 12, &tok, &docs);
    assert_int_equal(tok, 1);
    precis_counts_lookup(c, "harbour crane", 13, &tok, &docs);
    assert_int_equal(tok, 1);
    assert_int_equal(precis_counts_total_docs(c), 2);
    assert_int_equal(precis_counts_total_tokens(c), 51 + 4);

    /* In dispersion mode the table is 1 of 2 articles, so nothing can be significant; in
     * token mode 50 of 55 tokens against a reference without the word is. */
    precis_counts *ref = NULL;
    assert_int_equal(precis_counts_new(&ref), PRECIS_OK);
    count_text(ref, p, "Harbour cranes stood idle all week.", 0);
    count_text(ref, p, "The cranes moved again on Monday.", 0);
    precis_trends_options o = {0};
    o.max_words = 1;
    precis_keyness_rows *rows = NULL;
    assert_int_equal(precis_trends_keyness(c, ref, &o, &rows), PRECIS_OK);
    const precis_keyness_row *r = find_row(rows, "quorvex");
    assert_non_null(r);
    assert_true(r->significant);
    precis_keyness_rows_free(rows);
    o.dispersion = 1;
    assert_int_equal(precis_trends_keyness(c, ref, &o, &rows), PRECIS_OK);
    assert_null(find_row(rows, "quorvex"));
    assert_int_equal(rows->count, 0);
    precis_keyness_rows_free(rows);
    o.all = 1;
    assert_int_equal(precis_trends_keyness(c, ref, &o, &rows), PRECIS_OK);
    r = find_row(rows, "quorvex");
    assert_non_null(r);
    assert_int_equal(r->docs_a, 1);
    assert_int_equal(r->count_a, 50);
    assert_false(r->significant);
    precis_keyness_rows_free(rows);
    precis_counts_free(ref);
    precis_counts_free(c);
    precis_pipeline_free(p);
}

static void term_key_is_stemmed_like_text(void **state)
{
    (void)state;
    precis_pipeline *p = english();
    char *key = NULL;
    assert_int_equal(precis_trends_term_key(p, "Oil Platforms", "en", &key), PRECIS_OK);
    assert_string_equal(key, "oil platform");
    free(key);
    assert_int_equal(precis_trends_term_key(p, "STRIKES", "en", &key), PRECIS_OK);
    assert_string_equal(key, "strike");
    free(key);
    assert_int_equal(precis_trends_term_key(p, "the", "en", &key), PRECIS_ENOTFOUND);
    assert_null(key);
    assert_int_equal(precis_trends_term_key(p, "say \"hi\"\n", NULL, &key), PRECIS_OK);
    free(key);
    precis_pipeline_free(p);
}

/* ---- keyness table ----------------------------------------------------------------------- */

/* The table's statistics are precis_keyness_compute's for the same counts, in both modes,
 * and Bonferroni multiplies by the number of terms tested after the frequency filters. */
static void keyness_rows_equal_compute(void **state)
{
    (void)state;
    static const struct {
        const char *key;
        uint64_t ta, da, tb, db;
    } terms[] = {
        {"crash", 120, 40, 10, 8}, {"oil", 30, 20, 60, 50}, {"rate", 5, 5, 5, 5},
        {"shr", 0, 0, 90, 70},     {"tanker", 17, 3, 0, 0}, {"rare", 1, 1, 1, 1},
    };
    precis_counts *a = NULL, *b = NULL;
    assert_int_equal(precis_counts_new(&a), PRECIS_OK);
    assert_int_equal(precis_counts_new(&b), PRECIS_OK);
    for (size_t i = 0; i < sizeof terms / sizeof *terms; i++) {
        const size_t len = strlen(terms[i].key);
        if (terms[i].ta)
            assert_int_equal(precis_counts_add_term(a, terms[i].key, len, terms[i].key, terms[i].ta,
                                                    terms[i].da),
                             PRECIS_OK);
        if (terms[i].tb)
            assert_int_equal(precis_counts_add_term(b, terms[i].key, len, terms[i].key, terms[i].tb,
                                                    terms[i].db),
                             PRECIS_OK);
    }
    assert_int_equal(precis_counts_add_totals(a, 20000, 100), PRECIS_OK);
    assert_int_equal(precis_counts_add_totals(b, 50000, 300), PRECIS_OK);
    for (int disp = 0; disp < 2; disp++) {
        precis_trends_options o = {0};
        o.dispersion = disp;
        o.all = 1;
        o.min_freq = 3; /* drops "rare": m = 5 */
        precis_keyness_rows *rows = NULL;
        assert_int_equal(precis_trends_keyness(a, b, &o, &rows), PRECIS_OK);
        assert_int_equal(rows->tested, 5);
        assert_int_equal(rows->count, 5);
        assert_null(find_row(rows, "rare"));
        for (size_t i = 0; i < sizeof terms / sizeof *terms; i++) {
            const precis_keyness_row *r = find_row(rows, terms[i].key);
            if (strcmp(terms[i].key, "rare") == 0)
                continue;
            assert_non_null(r);
            const precis_keyness_counts k =
                disp ? (precis_keyness_counts){terms[i].da, terms[i].db, 100, 300}
                     : (precis_keyness_counts){terms[i].ta, terms[i].tb, 20000, 50000};
            precis_keyness want;
            assert_int_equal(precis_keyness_compute(&k, &want), PRECIS_OK);
            assert_true(r->g2 == want.g2);
            assert_true(r->p == want.p);
            assert_true(r->bic == want.bic);
            assert_true(r->log_ratio == want.log_ratio);
            assert_true(r->pct_diff == want.pct_diff);
            assert_true(r->per_million_a == want.per_million_a);
            assert_true(r->per_million_b == want.per_million_b);
            assert_int_equal(r->direction, (int)want.direction);
            assert_true(r->p_adj == fmin(1.0, want.p * 5));
            assert_int_equal(r->significant, r->p_adj < 0.05);
            assert_int_equal(r->count_a, terms[i].ta);
            assert_int_equal(r->docs_b, terms[i].db);
            assert_string_equal(r->term, terms[i].key);
        }
        /* Sorted by G2, largest first. */
        for (size_t i = 1; i < rows->count; i++)
            assert_true(rows->row[i - 1].g2 >= rows->row[i].g2);
        precis_keyness_rows_free(rows);
    }

    /* Filters after testing: direction, effect size, limit; m is unchanged by them. */
    precis_trends_options o = {0};
    o.direction = PRECIS_DIRECTION_DOWN;
    o.all = 1;
    precis_keyness_rows *rows = NULL;
    assert_int_equal(precis_trends_keyness(a, b, &o, &rows), PRECIS_OK);
    assert_int_equal(rows->tested, 6);
    for (size_t i = 0; i < rows->count; i++)
        assert_int_equal(rows->row[i].direction, -1);
    assert_non_null(find_row(rows, "shr"));
    precis_keyness_rows_free(rows);
    o.direction = PRECIS_DIRECTION_BOTH;
    o.sort = PRECIS_SORT_EFFECT;
    o.limit = 2;
    assert_int_equal(precis_trends_keyness(a, b, &o, &rows), PRECIS_OK);
    assert_int_equal(rows->count, 2);
    assert_string_equal(rows->row[0].key, "tanker"); /* |LR| log2(17/20000 / (0.5/50000)) */
    assert_string_equal(rows->row[1].key, "shr");
    precis_keyness_rows_free(rows);
    o.limit = 0;
    o.min_effect = 3;
    assert_int_equal(precis_trends_keyness(a, b, &o, &rows), PRECIS_OK);
    for (size_t i = 0; i < rows->count; i++)
        assert_true(fabs(rows->row[i].log_ratio) >= 3);
    assert_int_equal(rows->count, 3); /* crash, shr, tanker */
    precis_keyness_rows_free(rows);

    /* Excluded stems are not tested, alone or inside a phrase key. */
    assert_int_equal(precis_counts_add_term(b, "oil shr", 7, NULL, 4, 4), PRECIS_OK);
    const char *const ex[] = {"tanker", "shr"};
    memset(&o, 0, sizeof o);
    o.all = 1;
    o.exclude = ex;
    o.nexclude = 2;
    assert_int_equal(precis_trends_keyness(a, b, &o, &rows), PRECIS_OK);
    assert_int_equal(rows->tested, 4);
    assert_null(find_row(rows, "shr"));
    assert_null(find_row(rows, "oil shr"));
    assert_null(find_row(rows, "tanker"));
    assert_non_null(find_row(rows, "oil"));
    precis_keyness_rows_free(rows);

    /* An empty reference cannot be tested. */
    precis_counts *empty = NULL;
    assert_int_equal(precis_counts_new(&empty), PRECIS_OK);
    assert_int_equal(precis_trends_keyness(a, empty, NULL, &rows), PRECIS_EINVAL);
    assert_null(rows);
    precis_counts_free(empty);
    precis_counts_free(a);
    precis_counts_free(b);
}

/* ---- planted signal ---------------------------------------------------------------------- */

/* A fixed-seed generator (xorshift64*, Vigna 2016) so the corpus is the same everywhere. */
static uint64_t rng_state;
static uint64_t rng(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717ULL;
}
static double unif(void)
{
    return (double)(rng() >> 11) / 9007199254740992.0;
}

#define FILLER 300
#define ARTICLES 100 /* per period */
#define SENTENCES 12
#define WORDS 10        /* per sentence: 120 words an article */
#define TARGET_A 0.01   /* "quorvex" per word in period A: ~1.2 an article */
#define TARGET_B 0.0005 /* ... and in period B (20 times rarer) */
#define CONTROL 0.01    /* "plinthar": the same rate in both periods */

/* Filler words: "q" + consonant-vowel syllables, so none is an English stopword. */
static void filler_word(unsigned i, char *out)
{
    static const char cons[] = "bdfgklmnprtvz", vow[] = "aeiou";
    out[0] = 'q';
    out[1] = cons[i % 13];
    out[2] = vow[(i / 13) % 5];
    out[3] = cons[(i / 65) % 13];
    out[4] = vow[(i / 845) % 5];
    out[5] = 'x';
    out[6] = '\0';
}

static void generate(precis_counts *c, precis_pipeline *p, double target_rate)
{
    char text[4096];
    for (int art = 0; art < ARTICLES; art++) {
        size_t n = 0;
        for (int s = 0; s < SENTENCES; s++) {
            for (int w = 0; w < WORDS; w++) {
                char word[16];
                const double u = unif();
                if (u < target_rate)
                    strcpy(word, "quorvex");
                else if (u < target_rate + CONTROL)
                    strcpy(word, "plinthar");
                else
                    filler_word((unsigned)(rng() % FILLER), word);
                n += (size_t)snprintf(text + n, sizeof text - n, "%s%s", w ? " " : "", word);
            }
            n += (size_t)snprintf(text + n, sizeof text - n, ".\n");
        }
        count_text(c, p, text, 0);
    }
}

static void planted_signal_is_found_control_is_not(void **state)
{
    (void)state;
    precis_pipeline *p = english();
    precis_counts *a = NULL, *b = NULL;
    assert_int_equal(precis_counts_new(&a), PRECIS_OK);
    assert_int_equal(precis_counts_new(&b), PRECIS_OK);
    rng_state = 0x9E3779B97F4A7C15ULL;
    generate(a, p, TARGET_A);
    generate(b, p, TARGET_B);
    assert_int_equal(precis_counts_total_docs(a), ARTICLES);
    assert_int_equal(precis_counts_total_tokens(a), ARTICLES * SENTENCES * WORDS);
    char *target = NULL, *control = NULL;
    assert_int_equal(precis_trends_term_key(p, "quorvex", "en", &target), PRECIS_OK);
    assert_int_equal(precis_trends_term_key(p, "plinthar", "en", &control), PRECIS_OK);
    for (int disp = 0; disp < 2; disp++) {
        precis_trends_options o = {0}; /* Bonferroni at 0.05, phrases up to 3 words */
        o.dispersion = disp;
        precis_keyness_rows *rows = NULL;
        assert_int_equal(precis_trends_keyness(a, b, &o, &rows), PRECIS_OK);
        assert_true(rows->tested > 1000); /* words and the many filler phrases */
        const precis_keyness_row *t = find_row(rows, target);
        assert_non_null(t);
        print_message("%s: quorvex %llu/%llu tokens, %llu/%llu articles, G2 %.2f, p_adj %.3g, "
                      "m %zu\n",
                      disp ? "articles" : "tokens", (unsigned long long)t->count_a,
                      (unsigned long long)t->count_b, (unsigned long long)t->docs_a,
                      (unsigned long long)t->docs_b, t->g2, t->p_adj, rows->tested);
        assert_true(t->p_adj < 0.05);
        assert_int_equal(t->direction, 1);
        assert_null(find_row(rows, control));
        /* Nothing else survives: the only planted difference is the only finding. */
        assert_int_equal(rows->count, 1);
        assert_int_equal(rows->significant, 1);
        precis_keyness_rows_free(rows);

        o.all = 1;
        assert_int_equal(precis_trends_keyness(a, b, &o, &rows), PRECIS_OK);
        const precis_keyness_row *ct = find_row(rows, control);
        assert_non_null(ct);
        print_message("%s: plinthar %llu/%llu tokens, %llu/%llu articles, p %.3g, p_adj %.3g\n",
                      disp ? "articles" : "tokens", (unsigned long long)ct->count_a,
                      (unsigned long long)ct->count_b, (unsigned long long)ct->docs_a,
                      (unsigned long long)ct->docs_b, ct->p, ct->p_adj);
        assert_true(ct->p_adj >= 0.05);
        precis_keyness_rows_free(rows);
    }
    free(target);
    free(control);
    precis_counts_free(a);
    precis_counts_free(b);
    precis_pipeline_free(p);
}

/* ---- series ------------------------------------------------------------------------------ */

#define PERIODS 12

static void series_trend_slope_bursts_and_top(void **state)
{
    (void)state;
    precis_counts *per[PERIODS] = {0};
    for (size_t i = 0; i < PERIODS; i++) {
        assert_int_equal(precis_counts_new(&per[i]), PRECIS_OK);
        if (i == 3)
            continue; /* a period without articles: left out of the statistics */
        /* "rise" grows by 10 per 10000 tokens a period: 1000 per million per period. */
        assert_int_equal(precis_counts_add_term(per[i], "rise", 4, "rising", 10 * (i + 1), 5),
                         PRECIS_OK);
        assert_int_equal(precis_counts_add_term(per[i], "flat", 4, NULL, 50, 10), PRECIS_OK);
        const uint64_t bd = (i == 6 || i == 7) ? 60 : 2;
        assert_int_equal(precis_counts_add_term(per[i], "burst", 5, NULL, bd, bd), PRECIS_OK);
        assert_int_equal(precis_counts_add_totals(per[i], 10000, 100), PRECIS_OK);
    }
    const char *const keys[] = {"flat", "rise", "burst", "absent"};
    precis_series_options o = {0};
    o.smooth = 3;
    o.burst_gamma = -1;
    precis_series *s = NULL;
    assert_int_equal(
        precis_trends_series((const precis_counts *const *)per, PERIODS, keys, 4, &o, &s),
        PRECIS_OK);
    assert_int_equal(s->periods, PERIODS);
    assert_int_equal(s->count, 4);
    const precis_term_series *flat = &s->term[0], *rise = &s->term[1], *burst = &s->term[2];
    assert_string_equal(rise->term, "rising");
    assert_true(rise->mk_s == 55); /* 11 increasing values: all 55 pairs rise */
    assert_true(rise->mk_p < 0.001);
    assert_true(fabs(rise->slope - 1000.0) < 1e-9);
    assert_true(fabs(rise->per_million[11] - 12000.0) < 1e-9);
    assert_true(rise->per_million[3] == 0.0 && s->tokens[3] == 0);
    /* Centred moving average of width 3, cut at the edges. */
    assert_true(fabs(rise->smoothed[1] - 2000.0) < 1e-9);
    assert_true(fabs(rise->smoothed[0] - 1500.0) < 1e-9);
    /* The empty period 3 is skipped, not averaged in as 0. */
    assert_true(fabs(rise->smoothed[2] - 2500.0) < 1e-9);
    assert_true(fabs(rise->smoothed[3] - 4000.0) < 1e-9);
    assert_true(flat->mk_s == 0 && flat->mk_p == 1.0 && flat->slope == 0.0);
    assert_int_equal(flat->burst_count, 0);
    assert_int_equal(burst->burst_count, 1);
    assert_int_equal(burst->burst[0].start, 6);
    assert_int_equal(burst->burst[0].end, 8);
    assert_int_equal(rise->burst_count, 0); /* docs stay at 5 of 100 */
    assert_int_equal(s->term[3].count[0], 0);
    assert_string_equal(s->term[3].term, "absent");
    precis_series_free(s);

    /* Top terms: the strongest trend first. */
    o.top = 2;
    o.min_freq = 1;
    assert_int_equal(
        precis_trends_series((const precis_counts *const *)per, PERIODS, NULL, 0, &o, &s),
        PRECIS_OK);
    assert_int_equal(s->count, 2);
    assert_string_equal(s->term[0].key, "rise");
    precis_series_free(s);

    o.smooth = 2;
    assert_int_equal(
        precis_trends_series((const precis_counts *const *)per, PERIODS, NULL, 0, &o, &s),
        PRECIS_EINVAL);
    assert_null(s);
    for (size_t i = 0; i < PERIODS; i++)
        precis_counts_free(per[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(surface_is_most_frequent_form_ties_by_bytes),
        cmocka_unit_test(dispersion_counts_articles_not_tokens),
        cmocka_unit_test(term_key_is_stemmed_like_text),
        cmocka_unit_test(keyness_rows_equal_compute),
        cmocka_unit_test(planted_signal_is_found_control_is_not),
        cmocka_unit_test(series_trend_slope_bursts_and_top),
    };
    return cmocka_run_group_tests_name("trends", tests, NULL, NULL);
}
