/* test_utf8.c - decoding, validation, cp1252 conversion, character classes and the matching
 * normalisation (case folding incl. Cyrillic, NFKC, apostrophes, hyphens, soft hyphens). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "utf8.h"

static void decode_valid_and_invalid(void **state)
{
    (void)state;
    const char s[] = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80";
    size_t i = 0;
    assert_int_equal(utf8_decode(s, sizeof s - 1, &i), 'a');
    assert_int_equal(utf8_decode(s, sizeof s - 1, &i), 0xE9);
    assert_int_equal(utf8_decode(s, sizeof s - 1, &i), 0x20AC);
    assert_int_equal(utf8_decode(s, sizeof s - 1, &i), 0x1F600);
    assert_int_equal(i, sizeof s - 1);

    /* Overlong, surrogate, truncated, lone continuation: U+FFFD and one byte of progress. */
    const char *bad[] = {"\xC0\xAF", "\xED\xA0\x80", "\xE2\x82", "\x80", "\xF5\x80\x80\x80"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        i = 0;
        assert_int_equal(utf8_decode(bad[k], strlen(bad[k]), &i), 0xFFFD);
        assert_int_equal(i, 1);
    }
}

static void encode_roundtrip(void **state)
{
    (void)state;
    const int32_t cps[] = {0x41, 0x7FF, 0x800, 0xFFFF, 0x10000, 0x10FFFF, 0x416};
    for (size_t k = 0; k < sizeof cps / sizeof cps[0]; k++) {
        char out[4];
        const size_t n = utf8_encode(cps[k], out);
        size_t i = 0;
        assert_int_equal(utf8_decode(out, n, &i), cps[k]);
        assert_int_equal(i, n);
    }
}

/* ASCII runs are skipped eight bytes a step, also after a multi-byte character: a bad byte
 * at any offset behind such a run is still found exactly where it is. */
static void validate_bad_byte_behind_ascii_run(void **state)
{
    (void)state;
    char s[64];
    for (size_t bad = 3; bad < sizeof s; bad++) {
        memset(s, 'a', sizeof s);
        memcpy(s, "\xC2\xA3", 2); /* a pound sign first */
        s[bad] = (char)0xA3;      /* a lone continuation byte */
        assert_int_equal(utf8_validate(s, sizeof s), bad);
        assert_int_equal(utf8_validate(s, bad), bad);
    }
    memset(s, 'a', sizeof s);
    memcpy(s + 40, "\xE2\x80\x94", 3); /* an em dash well inside */
    assert_int_equal(utf8_validate(s, sizeof s), sizeof s);
    assert_int_equal(utf8_validate(s, 42), 40); /* cut inside the dash */
}

static void validate_offsets(void **state)
{
    (void)state;
    assert_int_equal(utf8_validate("abc", 3), 3);
    assert_int_equal(utf8_validate("ab\xA3z", 4), 2);
    assert_int_equal(utf8_validate("\xEF\xBF\xBD", 3), 3); /* a real U+FFFD is fine */
    assert_int_equal(utf8_validate("\xD0\x9C\xD0", 3), 2);
}

static void cp1252(void **state)
{
    (void)state;
    buf b = {0};
    assert_int_equal(utf8_from_cp1252("\xA3"
                                      "5 \x93hi\x94 \x80",
                                      10, &b),
                     0);
    assert_string_equal(b.data, "\xC2\xA3"
                                "5 \xE2\x80\x9Chi\xE2\x80\x9D \xE2\x82\xAC");
    assert_int_equal(utf8_validate(b.data, b.len), b.len);
    buf_free(&b);
}

static void classes(void **state)
{
    (void)state;
    assert_true(utf8_is_letter('a'));
    assert_true(utf8_is_letter(0x416)); /* Ж */
    assert_true(utf8_is_letter(0x301)); /* combining acute */
    assert_false(utf8_is_letter('1'));
    assert_false(utf8_is_letter(0x2019));
    assert_true(utf8_is_digit('7'));
    assert_true(utf8_is_digit(0x663)); /* Arabic-Indic three */
    assert_false(utf8_is_digit('x'));
    assert_true(utf8_is_space(' '));
    assert_true(utf8_is_space(0xA0));
    assert_true(utf8_is_space(0x2029));
    assert_true(utf8_is_space(0x85));
    assert_false(utf8_is_space('_'));
    assert_true(utf8_is_upper('Q'));
    assert_true(utf8_is_upper(0x41C)); /* М */
    assert_false(utf8_is_upper(0x43C));
    assert_true(utf8_is_lower(0x43C));
    assert_false(utf8_is_lower('Q'));
}

static void check_norm(const char *in, const char *want)
{
    buf b = {0};
    assert_int_equal(utf8_normalize(in, strlen(in), &b), 0);
    assert_non_null(b.data);
    assert_string_equal(b.data, want);
    assert_int_equal(b.len, strlen(want));
    buf_free(&b);
}

static void normalize(void **state)
{
    (void)state;
    check_norm("Hello", "hello");
    check_norm("U.S.", "u.s.");
    check_norm("\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0",
               "\xD0\xBC\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0"); /* Москва */
    check_norm("\xD0\x81\xD0\x96", "\xD1\x91\xD0\xB6");             /* ЁЖ -> ёж */
    check_norm("\xD0\x86", "\xD1\x96");                             /* І -> і */
    check_norm("Stra\xC3\x9F"
               "e",
               "strasse");                      /* ß folds to ss */
    check_norm("Cafe\xCC\x81", "caf\xC3\xA9");  /* NFC composes */
    check_norm("\xEF\xAC\x81nance", "finance"); /* ﬁ ligature, NFKC */
    check_norm("Mishustin\xE2\x80\x99s", "mishustin's");
    check_norm("\xCA\xBC"
               "a",
               "'a");
    check_norm("well\xE2\x80\x90known", "well-known");
    check_norm("non\xE2\x80\x91stop", "non-stop");
    check_norm("co\xC2\xADoperate", "cooperate"); /* soft hyphen */
    check_norm("\xCE\x91\xCE\xB8\xCE\xAE\xCE\xBD\xCE\xB1",
               "\xCE\xB1\xCE\xB8\xCE\xAE\xCE\xBD\xCE\xB1"); /* Αθήνα */
    check_norm("", "");
}

static void normalize_invalid_bytes(void **state)
{
    (void)state;
    buf b = {0};
    assert_int_equal(utf8_normalize("caf\xE9", 4, &b), 0);
    assert_int_equal(utf8_validate(b.data, b.len), b.len);
    assert_string_equal(b.data, "caf\xEF\xBF\xBD");
    /* The buffer is reused: contents are replaced, not appended. */
    assert_int_equal(utf8_normalize("AB", 2, &b), 0);
    assert_string_equal(b.data, "ab");
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(decode_valid_and_invalid),
        cmocka_unit_test(encode_roundtrip),
        cmocka_unit_test(validate_offsets),
        cmocka_unit_test(validate_bad_byte_behind_ascii_run),
        cmocka_unit_test(cp1252),
        cmocka_unit_test(classes),
        cmocka_unit_test(normalize),
        cmocka_unit_test(normalize_invalid_bytes),
    };
    return cmocka_run_group_tests_name("utf8", tests, NULL, NULL);
}
