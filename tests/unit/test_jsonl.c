/* test_jsonl.c - the JSON Lines fast path reads the usual records as jansson does, unescapes
 * exactly, and leaves everything unusual or invalid to jansson. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonl.h"

/* Runs the fast path on s; returns its verdict and, when it accepted, checks every field
 * against jansson's reading of the same line. */
static int fast(const char *s, jsonl_record *rec, buf *scratch)
{
    const int got = jsonl_parse_fast(s, strlen(s), scratch, rec);
    if (got == 1) {
        json_error_t err;
        json_t *root = json_loadb(s, strlen(s), 0, &err);
        assert_non_null(root);
        jsonl_record ref;
        jsonl_from_json(root, &ref);
        for (int k = 0; k < JSONL_NFIELDS; k++) {
            assert_int_equal(rec->f[k].kind, ref.f[k].kind);
            if (ref.f[k].kind == JSONL_STRING) {
                assert_int_equal(rec->f[k].len, ref.f[k].len);
                assert_memory_equal(rec->f[k].s, ref.f[k].s, ref.f[k].len);
            }
            if (ref.f[k].kind == JSONL_INTEGER)
                assert_true(rec->f[k].integer == ref.f[k].integer);
        }
        json_decref(root);
    }
    return got;
}

static void usual_record(void **state)
{
    (void)state;
    buf scratch = {0};
    jsonl_record r;
    assert_int_equal(
        fast("{\"id\": \"reuters-1\", \"date\": \"1987-02-26T15:01:01\", "
             "\"title\": \"BAHIA COCOA REVIEW\", \"dateline\": \"SALVADOR, Feb 26\", "
             "\"text\": \"Showers continued\\nin the week.\", \"topics\": [\"cocoa\"], "
             "\"places\": []}",
             &r, &scratch),
        1);
    assert_int_equal(r.f[JSONL_TEXT].len, 30);
    assert_memory_equal(r.f[JSONL_TEXT].s, "Showers continued\nin the week.", 30);
    assert_int_equal(r.f[JSONL_LANG].kind, JSONL_ABSENT);
    assert_int_equal(
        fast("{\"text\":\"x\",\"id\":-42,\"lang\":null,\"n\":[1.5,true,false,{}]}\r", &r, &scratch),
        1);
    assert_true(r.f[JSONL_ID].integer == -42);
    assert_int_equal(r.f[JSONL_LANG].kind, JSONL_OTHER);
    buf_free(&scratch);
}

static void escapes(void **state)
{
    (void)state;
    buf scratch = {0};
    jsonl_record r;
    assert_int_equal(fast("{\"text\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\u20AC\\ud83d\\ude00\","
                          "\"te\\u0078t\":\"last wins \\u00e9\"}",
                          &r, &scratch),
                     1);
    assert_int_equal(r.f[JSONL_TEXT].len, 12);
    assert_memory_equal(r.f[JSONL_TEXT].s, "last wins \xc3\xa9", 12);
    assert_int_equal(fast("{\"text\":\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"}", &r, &scratch),
                     1);
    buf_free(&scratch);
}

/* What jansson rejects, or what the fast path leaves to it, is never accepted here. */
static void left_to_jansson(void **state)
{
    (void)state;
    buf scratch = {0};
    jsonl_record r;
    static const char *const lines[] = {
        "",
        "[1]",
        "{}",
        "{\"id\":1}",                      /* no text: jansson's path gives the message */
        "{\"text\":1}",                    /* text not a string */
        "{\"text\":\"a\"} x",              /* trailing garbage */
        "{\"text\":\"a\",}",               /* trailing comma */
        "{\"text\":\"a\\u0000b\"}",        /* NUL */
        "{\"text\":\"\\ud83d\"}",          /* lone high surrogate */
        "{\"text\":\"\\ude00\"}",          /* lone low surrogate */
        "{\"text\":\"\\ud83d\\u0041\"}",   /* high surrogate without its low half */
        "{\"text\":\"\\x\"}",              /* bad escape */
        "{\"text\":\"\\u12g4\"}",          /* bad hex */
        "{\"text\":\"a\tb\"}",             /* control character */
        "{\"text\":\"\xc0\xaf\"}",         /* overlong */
        "{\"text\":\"\xed\xa0\x80\"}",     /* UTF-8 surrogate */
        "{\"text\":\"\xf4\x90\x80\x80\"}", /* past U+10FFFF */
        "{\"text\":\"\xe2\x82\"}",         /* truncated */
        "{\"text\":\"a\",\"n\":01}",       /* leading zero */
        "{\"text\":\"a\",\"n\":1.}",       /* no fraction digits */
        "{\"text\":\"a\",\"n\":1e5}",      /* exponent: jansson judges overflow */
        "{\"text\":\"a\",\"n\":12345678901234567890}", /* may overflow */
        "{\"text\":\"a\",\"n\":tru}",
        "{\"text\":\"a\",\"n\":truex}",
        "{\"text\":\"a\"",
        "{\"text\" \"a\"}",
    };
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        if (fast(lines[i], &r, &scratch) != 0) {
            fprintf(stderr, "accepted: %s\n", lines[i]);
            fail();
        }
    }
    buf_free(&scratch);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(usual_record),
        cmocka_unit_test(escapes),
        cmocka_unit_test(left_to_jansson),
    };
    return cmocka_run_group_tests_name("jsonl", tests, NULL, NULL);
}
