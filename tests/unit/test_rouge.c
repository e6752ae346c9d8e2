/* test_rouge.c - ROUGE-1/2/L and keyphrase P/R/F1 against values counted by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "precis.h"
#include "rouge.h"

#define EPS 1e-9

/* cmocka's assert_float_equal rounds to float; these are compared as doubles. */
#define assert_near(a, b) assert_near_at((a), (b), __FILE__, __LINE__)
static void assert_near_at(double a, double b, const char *file, int line)
{
    if (!(a - b < EPS && b - a < EPS)) {
        print_error("%.12f != %.12f\n", a, b);
        _fail(file, line);
    }
}

static int setup(void **state)
{
    precis_rouge *r;
    if (precis_rouge_new(&r) != PRECIS_OK)
        return -1;
    *state = r;
    return 0;
}

static int teardown(void **state)
{
    precis_rouge_free(*state);
    return 0;
}

static void score(precis_rouge *r, const char *c, const char *g, precis_rouge_scores *s)
{
    assert_int_equal(precis_rouge_score(r, c, strlen(c), g, strlen(g), s), PRECIS_OK);
}

static void hand_counted(void **state)
{
    precis_rouge_scores s;
    /* cand: the cat sat on the mat (6 tokens); ref: the cat lay on the red mat (7); all <= 3
     * characters, so nothing is stemmed.
     * Unigrams in common, clipped: the 2, cat 1, on 1, mat 1 = 5. P 5/6, R 5/7,
     *   F = 2(5/6)(5/7) / (5/6 + 5/7) = (50/42) / (65/42) = 10/13.
     * Bigrams: cand {the cat, cat sat, sat on, on the, the mat} (5), ref {the cat, cat lay,
     *   lay on, on the, the red, red mat} (6); common: the cat, on the = 2. P 2/5, R 1/3,
     *   F = (4/15) / (11/15) = 4/11.
     * LCS: the cat on the mat = 5, so as ROUGE-1: P 5/6, R 5/7, F 10/13. */
    score(*state, "The cat sat on the mat.", "the CAT lay, on the red mat", &s);
    assert_near(s.rouge1.precision, 5.0 / 6);
    assert_near(s.rouge1.recall, 5.0 / 7);
    assert_near(s.rouge1.f1, 10.0 / 13);
    assert_near(s.rouge2.precision, 2.0 / 5);
    assert_near(s.rouge2.recall, 1.0 / 3);
    assert_near(s.rouge2.f1, 4.0 / 11);
    assert_near(s.rougel.precision, 5.0 / 6);
    assert_near(s.rougel.recall, 5.0 / 7);
    assert_near(s.rougel.f1, 10.0 / 13);
}

static void lcs_is_not_bag_overlap(void **state)
{
    precis_rouge_scores s;
    /* Same five tokens in another order: ROUGE-1 is 1, bigrams share none (ab bc cd de vs
     * ba ad dc ce), and the longest common subsequence has 3 tokens (a c e, say): 3/5. */
    score(*state, "a b c d e", "b a d c e", &s);
    assert_near(s.rouge1.f1, 1.0);
    assert_near(s.rouge2.f1, 0.0);
    assert_near(s.rougel.precision, 3.0 / 5);
    assert_near(s.rougel.recall, 3.0 / 5);
    assert_near(s.rougel.f1, 3.0 / 5);
}

static void stems_long_tokens_only(void **state)
{
    precis_rouge_scores s;
    /* running -> run, runners -> runner (longer than 3: stemmed); "ran" and "runs"... "ran"
     * is 3 characters and stays. cand {run, runner, ran}, ref {runner, run}: 2 in common,
     * P 2/3, R 2/2, F = (4/3) / (5/3) = 4/5. */
    score(*state, "Running runners ran", "runner; RUNNING", &s);
    assert_near(s.rouge1.precision, 2.0 / 3);
    assert_near(s.rouge1.recall, 1.0);
    assert_near(s.rouge1.f1, 4.0 / 5);
    /* "was" would become "wa" if stemmed; at 3 characters it must stay "was". */
    score(*state, "was", "wa", &s);
    assert_near(s.rouge1.f1, 0.0);
    /* Non-ASCII bytes split tokens, as rouge-score's [^a-z0-9] does: "café" -> "caf". */
    score(*state, "caf\xc3\xa9 2022", "caf 2022", &s);
    assert_near(s.rouge1.f1, 1.0);
}

static void empty_sides_score_zero(void **state)
{
    precis_rouge_scores s;
    score(*state, "", "the cat", &s);
    assert_near(s.rouge1.f1, 0.0);
    assert_near(s.rougel.recall, 0.0);
    score(*state, "...", "", &s);
    assert_near(s.rouge2.precision, 0.0);
    /* One token each: no bigrams at all, so ROUGE-2 is 0 while ROUGE-1 is 1. */
    score(*state, "Bank", "bank!", &s);
    assert_near(s.rouge1.f1, 1.0);
    assert_near(s.rouge2.f1, 0.0);
    assert_int_equal(precis_rouge_score(*state, NULL, 3, "a", 1, &s), PRECIS_EINVAL);
}

static void phrase_keys(void **state)
{
    buf b = {0};
    const struct {
        const char *in, *key;
    } cases[] = {
        {"Digital Transformations", "digit transform"},
        {"  Gadhafi's   ouster ", "gadhafi s ouster"}, /* "s" is not stemmed to "" */
        {"US troops", "us troop"},
        {"3-Day Phestival", "3 dai phestiv"},
        {"U.S.", "u s"},
        {"\xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0", /* Москва, lowercased only */
         "\xd0\xbc\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0"},
        {"bad\xff"
         "byte",
         "bad byte"},
        {"--", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(rouge_phrase_key(*state, cases[i].in, strlen(cases[i].in), &b), PRECIS_OK);
        assert_string_equal(b.data, cases[i].key);
    }
    buf_free(&b);
}

static void keyword_prf_at_k(void **state)
{
    const char *pred[] = {"Digital transformations", "digital transformation", "Mishustin",
                          "economy", "growth"};
    const char *gold[] = {"digital transformation", "economies", "Prime Minister", "", "ECONOMY"};
    precis_prf s;
    /* Predictions after stemming and de-duplication: digit transform, mishustin, economi,
     * growth; the first 3 are compared. Gold: digit transform, economi, prime minist (the
     * empty line and the repeated economi dropped) = 3. Hits 2: P 2/3, R 2/3, F 2/3. */
    assert_int_equal(precis_rouge_keywords(*state, pred, 5, gold, 5, 3, &s), PRECIS_OK);
    assert_near(s.precision, 2.0 / 3);
    assert_near(s.recall, 2.0 / 3);
    assert_near(s.f1, 2.0 / 3);
    /* k = 1: P 1/1, R 1/3, F = (2/3) / (4/3) = 1/2. */
    assert_int_equal(precis_rouge_keywords(*state, pred, 5, gold, 5, 1, &s), PRECIS_OK);
    assert_near(s.precision, 1.0);
    assert_near(s.recall, 1.0 / 3);
    assert_near(s.f1, 0.5);
    /* k larger than the list: all 4 distinct predictions count, hits 2: P 1/2, R 2/3,
     * F = (2/3) / (7/6) = 4/7. */
    assert_int_equal(precis_rouge_keywords(*state, pred, 5, gold, 5, 10, &s), PRECIS_OK);
    assert_near(s.precision, 0.5);
    assert_near(s.f1, 4.0 / 7);
    /* Nothing predicted: all zero, no division by zero. */
    assert_int_equal(precis_rouge_keywords(*state, NULL, 0, gold, 5, 10, &s), PRECIS_OK);
    assert_near(s.f1, 0.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hand_counted),
        cmocka_unit_test(lcs_is_not_bag_overlap),
        cmocka_unit_test(stems_long_tokens_only),
        cmocka_unit_test(empty_sides_score_zero),
        cmocka_unit_test(phrase_keys),
        cmocka_unit_test(keyword_prf_at_k),
    };
    return cmocka_run_group_tests_name("rouge", tests, setup, teardown);
}
