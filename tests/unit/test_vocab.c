/* test_vocab.c - interning gives dense stable ids, strings survive growth, lookups never add. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "vocab.h"

static void basics(void **state)
{
    (void)state;
    vocab *v = vocab_new();
    assert_non_null(v);
    assert_int_equal(vocab_count(v), 0);
    assert_int_equal(vocab_find(v, "bank", 4), VOCAB_NONE);
    assert_int_equal(vocab_intern(v, "bank", 4), 0);
    assert_int_equal(vocab_intern(v, "banks", 5), 1);
    assert_int_equal(vocab_intern(v, "bank", 4), 0);
    assert_int_equal(vocab_intern(v, "", 0), 2);
    assert_int_equal(vocab_intern(v, "ban", 3), 3);
    assert_int_equal(vocab_find(v, "banks", 5), 1);
    assert_int_equal(vocab_find(v, "bankss", 6), VOCAB_NONE);
    assert_int_equal(vocab_count(v), 4);
    size_t len = 99;
    assert_string_equal(vocab_str(v, 1, &len), "banks");
    assert_int_equal(len, 5);
    assert_string_equal(vocab_str(v, 2, NULL), "");
    assert_null(vocab_str(v, 4, &len));
    /* Embedded NULs are part of the key. */
    assert_int_equal(vocab_intern(v, "a\0b", 3), 4);
    assert_int_equal(vocab_intern(v, "a\0c", 3), 5);
    vocab_free(v);
    vocab_free(NULL);
}

static void many_terms(void **state)
{
    (void)state;
    vocab *v = vocab_new();
    assert_non_null(v);
    enum { N = 200000 };
    const char *first = NULL;
    char s[32];
    for (unsigned i = 0; i < N; i++) {
        const int n = snprintf(s, sizeof s, "term%u", i * 7919u);
        assert_int_equal(vocab_intern(v, s, (size_t)n), i);
        if (i == 0)
            first = vocab_str(v, 0, NULL);
    }
    assert_int_equal(vocab_count(v), N);
    /* Pointers handed out earlier stay valid while the table and arena grow. */
    assert_ptr_equal(vocab_str(v, 0, NULL), first);
    assert_string_equal(first, "term0");
    for (unsigned i = 0; i < N; i += 997) {
        const int n = snprintf(s, sizeof s, "term%u", i * 7919u);
        assert_int_equal(vocab_find(v, s, (size_t)n), i);
        assert_string_equal(vocab_str(v, i, NULL), s);
    }
    vocab_free(v);
}

/* grow_zeroed() keeps what the array held and zeroes what it adds, in small (malloc()'d) steps
 * and in mapped spans alike, while it moves pages from one mapping to the next. */
static void grow_zeroed_keeps_and_zeroes(void **state)
{
    (void)state;
    uint32_t *a = NULL;
    size_t cap = 0, filled = 0;
    enum { N = 3000000 }; /* 12 MB: several mapped spans */
    for (size_t n = 1; n <= N; n = n * 3 / 2 + 1) {
        assert_int_equal(GROW_ZEROED(a, cap, n), 0);
        assert_true(cap >= n);
        for (size_t i = 0; i < filled; i += 1 + i / 64)
            assert_int_equal(a[i], (uint32_t)(i * 2654435761u));
        for (size_t i = filled; i < cap; i++)
            assert_int_equal(a[i], 0);
        for (size_t i = filled; i < n; i++)
            a[i] = (uint32_t)(i * 2654435761u);
        filled = n;
    }
    table_free(a, cap * sizeof *a);
}

static void huge_string(void **state)
{
    (void)state;
    vocab *v = vocab_new();
    assert_non_null(v);
    const size_t n = 200000;
    char *big = malloc(n);
    assert_non_null(big);
    memset(big, 'x', n);
    assert_int_equal(vocab_intern(v, "small", 5), 0);
    assert_int_equal(vocab_intern(v, big, n), 1);
    assert_int_equal(vocab_intern(v, "after", 5), 2);
    size_t len = 0;
    assert_memory_equal(vocab_str(v, 1, &len), big, n);
    assert_int_equal(len, n);
    assert_string_equal(vocab_str(v, 0, NULL), "small");
    assert_string_equal(vocab_str(v, 2, NULL), "after");
    free(big);
    vocab_free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(basics),
        cmocka_unit_test(many_terms),
        cmocka_unit_test(grow_zeroed_keeps_and_zeroes),
        cmocka_unit_test(huge_string),
    };
    return cmocka_run_group_tests_name("vocab", tests, NULL, NULL);
}
