/* test_weight.c - TF, IDF and normalisation against values computed by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "weight.h"

#define EPS 1e-12

static void tf_variants(void **state)
{
    (void)state;
    assert_float_equal(weight_tf_value(WEIGHT_TF_RAW, 3, NULL), 3.0, EPS);
    /* 1 + ln 3 */
    assert_float_equal(weight_tf_value(WEIGHT_TF_LOG, 3, NULL), 2.0986122886681098, EPS);
    assert_float_equal(weight_tf_value(WEIGHT_TF_LOG, 1, NULL), 1.0, EPS);
    const weight_tf_ctx aug = {.max_tf = 4};
    /* 0.5 + 0.5 * 2 / 4 */
    assert_float_equal(weight_tf_value(WEIGHT_TF_AUGMENTED, 2, &aug), 0.75, EPS);
    assert_float_equal(weight_tf_value(WEIGHT_TF_AUGMENTED, 4, &aug), 1.0, EPS);
    /* 2 * 2.2 / (2 + 1.2 * (0.25 + 0.75 * 100 / 50)) = 4.4 / 4.1 */
    const weight_tf_ctx bm = {.len = 100, .avglen = 50};
    assert_float_equal(weight_tf_value(WEIGHT_TF_BM25, 2, &bm), 4.4 / 4.1, EPS);
    /* At average length tf = 1 weighs exactly 1. */
    const weight_tf_ctx avg = {.len = 50, .avglen = 50};
    assert_float_equal(weight_tf_value(WEIGHT_TF_BM25, 1, &avg), 1.0, EPS);
    /* BM25 saturates below k1 + 1. */
    assert_true(weight_tf_value(WEIGHT_TF_BM25, 1e9, &avg) < WEIGHT_BM25_K1 + 1);
    for (int k = WEIGHT_TF_RAW; k <= WEIGHT_TF_BM25; k++)
        assert_float_equal(weight_tf_value((weight_tf)k, 0, &bm), 0.0, EPS);
}

static void idf_variants(void **state)
{
    (void)state;
    assert_float_equal(weight_idf_value(WEIGHT_IDF_PLAIN, 10, 2), 1.6094379124341003, EPS);
    assert_float_equal(weight_idf_value(WEIGHT_IDF_PLAIN, 10, 10), 0.0, EPS);
    /* ln(11 / 3) + 1 */
    assert_float_equal(weight_idf_value(WEIGHT_IDF_SMOOTH, 10, 2), 2.2992829841302609, EPS);
    /* ln(8 / 2) */
    assert_float_equal(weight_idf_value(WEIGHT_IDF_PROBABILISTIC, 10, 2), 1.3862943611198906, EPS);
    /* ln(4 / 6) < 0 is floored. */
    assert_float_equal(weight_idf_value(WEIGHT_IDF_PROBABILISTIC, 10, 6), 0.0, EPS);
    assert_float_equal(weight_idf_value(WEIGHT_IDF_PROBABILISTIC, 10, 10), 0.0, EPS);
    /* Unseen terms count as df 1; always finite. */
    assert_float_equal(weight_idf_value(WEIGHT_IDF_PLAIN, 10, 0), log(10.0), EPS);
    assert_true(isfinite(weight_idf_value(WEIGHT_IDF_SMOOTH, 0, 0)));
    assert_true(isfinite(weight_idf_value(WEIGHT_IDF_PROBABILISTIC, 1, 5)));
}

static void normalise_and_cosine(void **state)
{
    (void)state;
    double v[2] = {3, 4};
    assert_float_equal(weight_normalize(v, 2), 5.0, EPS);
    assert_float_equal(v[0], 0.6, EPS);
    assert_float_equal(v[1], 0.8, EPS);
    double z[3] = {0, 0, 0};
    assert_float_equal(weight_normalize(z, 3), 0.0, EPS);
    assert_float_equal(z[0], 0.0, EPS);
    const double a[2] = {1, 0}, b[2] = {1, 1};
    assert_float_equal(weight_cosine(a, b, 2), 0.7071067811865476, EPS);
    assert_float_equal(weight_cosine(a, z, 2), 0.0, EPS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tf_variants),
        cmocka_unit_test(idf_variants),
        cmocka_unit_test(normalise_and_cosine),
    };
    return cmocka_run_group_tests_name("weight", tests, NULL, NULL);
}
