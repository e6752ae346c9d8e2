/* test_sentences.c - the sentence segmenter against the English Golden Rules (from the shared
 * data, skipped when absent), our own news-style cases in tests/data/sentences, and invariants. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sentences.h"

#define CASES_FILE "tests/data/sentences/cases.json"

/* Splits text into paragraphs on blank lines (lines of only spaces, tabs and CRs), as the
 * article module does for plain text. Returns the count; spans go to paras (room for max). */
static size_t blank_line_paragraphs(const char *t, size_t len, precis_span *paras, size_t max)
{
    size_t n = 0, i = 0;
    int open = 0;
    while (i < len) {
        size_t e = i;
        while (e < len && t[e] != '\n')
            e++;
        int blank = 1;
        for (size_t k = i; k < e; k++)
            if (t[k] != ' ' && t[k] != '\t' && t[k] != '\r')
                blank = 0;
        if (blank) {
            open = 0;
        } else if (open) {
            paras[n - 1].end = e;
        } else if (n < max) {
            paras[n].start = i, paras[n].end = e, n++, open = 1;
        }
        i = e + 1;
    }
    return n;
}

/* Checks one case; prints what differs. Returns 1 when the sentences are exactly expected. */
static int check_case(const char *text, const char *lang, json_t *expected, int one_paragraph)
{
    const size_t len = strlen(text);
    precis_span paras[64];
    size_t npara = 1;
    paras[0].start = 0, paras[0].end = len;
    if (!one_paragraph)
        npara = blank_line_paragraphs(text, len, paras, 64);
    precis_sentence *s = NULL;
    size_t n = 0, cap = 0;
    assert_int_equal(sentences_split(text, paras, npara, lang, &s, &n, &cap), PRECIS_OK);
    int ok = n == json_array_size(expected);
    for (size_t i = 0; ok && i < n; i++) {
        const char *want = json_string_value(json_array_get(expected, i));
        ok = want && strlen(want) == s[i].end - s[i].start &&
             memcmp(want, text + s[i].start, s[i].end - s[i].start) == 0;
    }
    if (!ok) {
        printf("  FAIL: %s\n", text);
        for (size_t i = 0; i < n; i++)
            printf("    got  [%.*s]\n", (int)(s[i].end - s[i].start), text + s[i].start);
        for (size_t i = 0; i < json_array_size(expected); i++)
            printf("    want [%s]\n", json_string_value(json_array_get(expected, i)));
    }
    free(s);
    return ok;
}

static void golden_rules(void **state)
{
    (void)state;
    const char *data = getenv("PRECIS_DATA");
    if (!data) {
        printf("golden rules: PRECIS_DATA not set, skipped\n");
        skip();
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/sentence-boundaries/english_golden_rules.json", data);
    json_error_t err;
    json_t *root = json_load_file(path, 0, &err);
    if (!root) {
        printf("golden rules: %s not readable (%s), skipped\n", path, err.text);
        skip();
    }
    assert_true(json_is_array(root));
    const size_t total = json_array_size(root);
    size_t pass = 0;
    for (size_t i = 0; i < total; i++) {
        json_t *c = json_array_get(root, i);
        const char *text = json_string_value(json_object_get(c, "text"));
        assert_non_null(text);
        pass += (size_t)check_case(text, "en", json_object_get(c, "sentences"), 1);
    }
    printf("golden rules: %zu/%zu\n", pass, total);
    json_decref(root);
    assert_true(total > 0);
    assert_int_equal(pass, total);
}

static void own_cases(void **state)
{
    (void)state;
    json_error_t err;
    json_t *root = json_load_file(CASES_FILE, 0, &err);
    if (!root)
        fail_msg("%s: %s (run from the repository root)", CASES_FILE, err.text);
    const size_t total = json_array_size(root);
    size_t pass = 0;
    for (size_t i = 0; i < total; i++) {
        json_t *c = json_array_get(root, i);
        const char *text = json_string_value(json_object_get(c, "text"));
        const char *lang = json_string_value(json_object_get(c, "lang"));
        assert_non_null(text);
        pass += (size_t)check_case(text, lang, json_object_get(c, "sentences"), 0);
    }
    printf("own cases: %zu/%zu\n", pass, total);
    json_decref(root);
    assert_true(total >= 20);
    assert_int_equal(pass, total);
}

/* Sentences never cross paragraphs, carry the paragraph index, and are appended. */
static void paragraphs_and_append(void **state)
{
    (void)state;
    const char text[] = "First one. Second one.\n\n   \n\nThird one";
    const precis_span paras[] = {{0, 22}, {22, 27}, {29, 38}};
    precis_sentence *s = NULL;
    size_t n = 0, cap = 0;
    assert_int_equal(sentences_split(text, paras, 3, NULL, &s, &n, &cap), PRECIS_OK);
    assert_int_equal(n, 3);
    assert_int_equal(s[0].start, 0);
    assert_int_equal(s[0].end, 10);
    assert_int_equal(s[1].start, 11);
    assert_int_equal(s[1].paragraph, 0);
    assert_int_equal(s[2].start, 29);
    assert_int_equal(s[2].end, 38);
    assert_int_equal(s[2].paragraph, 2);
    assert_int_equal(s[2].first_token, 0);
    assert_int_equal(s[2].token_count, 0);
    /* A second call appends after what is there. */
    assert_int_equal(sentences_split(text, paras, 1, "en", &s, &n, &cap), PRECIS_OK);
    assert_int_equal(n, 5);
    assert_int_equal(s[4].start, 11);
    assert_true(cap >= n);
    free(s);
}

/* A paragraph of only white space, or an empty span, gives no sentence. */
static void blank_paragraph_gives_nothing(void **state)
{
    (void)state;
    const char text[] = " \t\xC2\xA0\r\n \xE2\x80\x83";
    const precis_span paras[] = {{0, sizeof text - 1}, {3, 3}};
    precis_sentence *s = NULL;
    size_t n = 0, cap = 0;
    assert_int_equal(sentences_split(text, paras, 2, "ru", &s, &n, &cap), PRECIS_OK);
    assert_int_equal(n, 0);
    free(s);
}

/* Regression: a terminator right at a paragraph's end, and a paragraph ending inside a UTF-8
 * sequence, must not read past the span. */
static void span_end_is_respected(void **state)
{
    (void)state;
    const char text[] = "It ended. Here\xE2\x80\xA6 and on";
    const precis_span paras[] = {{0, 9}, {10, 17}};
    precis_sentence *s = NULL;
    size_t n = 0, cap = 0;
    assert_int_equal(sentences_split(text, paras, 2, "en", &s, &n, &cap), PRECIS_OK);
    assert_int_equal(n, 2);
    assert_int_equal(s[0].end, 9);
    assert_int_equal(s[1].start, 10);
    assert_int_equal(s[1].end, 17);
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(golden_rules),          cmocka_unit_test(own_cases),
        cmocka_unit_test(paragraphs_and_append), cmocka_unit_test(blank_paragraph_gives_nothing),
        cmocka_unit_test(span_end_is_respected),
    };
    return cmocka_run_group_tests_name("sentences", tests, NULL, NULL);
}
