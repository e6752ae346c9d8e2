/* test_stem.c - Snowball stemming for several languages, every language opens, results are
 * copied out (not aliased to libstemmer's buffer), bad indexes are refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include <libstemmer.h>

#include "lang.h"
#include "stem.h"

static void check(stemmers *s, const char *code, const char *w, const char *want)
{
    buf out = {0};
    assert_int_equal(stemmers_stem(s, lang_index(code), w, strlen(w), &out), PRECIS_OK);
    assert_non_null(out.data);
    assert_string_equal(out.data, want);
    assert_int_equal(out.len, strlen(want));
    buf_free(&out);
}

static void stems(void **state)
{
    (void)state;
    stemmers *s = stemmers_new();
    assert_non_null(s);
    check(s, "en", "running", "run");
    check(s, "en", "elections", "elect");
    check(s, "en", "economies", "economi");
    check(s, "en", "", "");
    check(s, "de", "häuser", "haus");
    check(s, "fr", "nationales", "national");
    check(s, "es", "corriendo", "corr");
    /* новостями -> новост (Russian Snowball) */
    check(s, "ru", "\xD0\xBD\xD0\xBE\xD0\xB2\xD0\xBE\xD1\x81\xD1\x82\xD1\x8F\xD0\xBC\xD0\xB8",
          "\xD0\xBD\xD0\xBE\xD0\xB2\xD0\xBE\xD1\x81\xD1\x82");
    stemmers_free(s);
    stemmers_free(NULL);
}

static void every_language_and_copy(void **state)
{
    (void)state;
    stemmers *s = stemmers_new();
    assert_non_null(s);
    buf a = {0}, b = {0};
    for (int i = 0; i < lang_count(); i++)
        assert_int_equal(stemmers_stem(s, i, "tests", 5, &a), PRECIS_OK);
    /* The first result must survive the next call on the same stemmer. */
    assert_int_equal(stemmers_stem(s, lang_index("en"), "connections", 11, &a), PRECIS_OK);
    assert_int_equal(stemmers_stem(s, lang_index("en"), "walked", 6, &b), PRECIS_OK);
    assert_string_equal(a.data, "connect");
    assert_string_equal(b.data, "walk");
    assert_int_equal(stemmers_stem(s, -1, "x", 1, &a), PRECIS_EINVAL);
    assert_int_equal(stemmers_stem(s, lang_count(), "x", 1, &a), PRECIS_EINVAL);
    buf_free(&a);
    buf_free(&b);
    stemmers_free(s);
}

/* ASCII words go to libstemmer's ISO-8859-1 build (stem.c): in every language each must stem
 * exactly as the UTF-8 build stems it, and no other word may be taken for ASCII. */
static void ascii_words_as_utf8_stems_them(void **state)
{
    (void)state;
    static const char *const words[] = {
        "running", "generously", "skies", "dying", "news", "o'neill", "don't", "well-known", "3rd",
        "agreed", "happily", "conditional", "feed", "hopping", "sized", "tanned", "falling",
        "hissing", "a", "is", "yyy", "youth", "sayings", "nationales", "corriendo", "haeuser",
        "aufeinander", "kaufen", "gelijkheid", "lopende", "informazioni", "rapidamente",
        "nacionais", "correndo", "kirjoittaa", "talossa", "sygdommen", "husene", "fiskerna",
        "alltid", "haberler", "berita", "eolas", "etxeetan", "cases", "entreprises", "inflationary",
        "arbeiten",
        /* Not ASCII, the first such byte at each place the test reads: the UTF-8 build's. */
        "\xC3\xA9t", "abc\xC3\xA9", "abcdefgh\xC3\xA9", "caf\xC3\xA9s", "gr\xC3\xBC\xC3\x9F"};
    stemmers *s = stemmers_new();
    assert_non_null(s);
    buf out = {0};
    for (int i = 0; i < lang_count(); i++) {
        struct sb_stemmer *u = sb_stemmer_new(lang_stemmer_name(i), "UTF_8");
        assert_non_null(u);
        for (size_t k = 0; k < sizeof words / sizeof words[0]; k++) {
            const size_t len = strlen(words[k]);
            assert_int_equal(stemmers_stem(s, i, words[k], len, &out), PRECIS_OK);
            const sb_symbol *r = sb_stemmer_stem(u, (const sb_symbol *)words[k], (int)len);
            assert_non_null(r);
            assert_int_equal(out.len, (size_t)sb_stemmer_length(u));
            assert_memory_equal(out.data, r, out.len);
        }
        sb_stemmer_delete(u);
    }
    buf_free(&out);
    stemmers_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(stems),
        cmocka_unit_test(every_language_and_copy),
        cmocka_unit_test(ascii_words_as_utf8_stems_them),
    };
    return cmocka_run_group_tests_name("stem", tests, NULL, NULL);
}
