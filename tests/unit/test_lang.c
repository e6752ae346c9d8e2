/* test_lang.c - the language table, name/code look-ups and detection from script and stopword
 * hits, on invented fixtures and (when PRECIS_DATA is set) on the real news sets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "lang.h"
#include "precis.h"

static void table(void **state)
{
    (void)state;
    const char *const *codes = precis_languages();
    size_t n = 0;
    while (codes[n])
        n++;
    assert_int_equal(n, 28);
    assert_int_equal(lang_count(), 28);
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            assert_true(strcmp(codes[i - 1], codes[i]) < 0);
        assert_string_equal(lang_code((int)i), codes[i]);
        assert_int_equal(lang_index(codes[i]), (int)i);
        assert_int_equal(lang_index(lang_stemmer_name((int)i)), (int)i);
    }
    assert_null(lang_code(-1));
    assert_null(lang_code(28));
    assert_null(lang_stemmer_name(28));
}

static void lookups(void **state)
{
    (void)state;
    assert_string_equal(precis_language_code("en"), "en");
    assert_string_equal(precis_language_code("EN"), "en");
    assert_string_equal(precis_language_code("English"), "en");
    assert_string_equal(precis_language_code("russian"), "ru");
    assert_string_equal(precis_language_code("Norwegian"), "no");
    assert_null(precis_language_code("porter"));
    assert_null(precis_language_code("klingon"));
    assert_null(precis_language_code(""));
    assert_null(precis_language_code(NULL));
    assert_string_equal(precis_language_name("de"), "german");
    assert_string_equal(precis_language_name("yi"), "yiddish");
    assert_null(precis_language_name("xx"));
    assert_string_equal(lang_stemmer_name(lang_index("el")), "greek");
    assert_int_equal(lang_index("e"), -1);
    assert_int_equal(lang_index("enx"), -1);
}

static int decide_words(const char *const *words, const uint32_t *masks, size_t n)
{
    lang_votes v;
    memset(&v, 0, sizeof v);
    for (size_t i = 0; i < n; i++)
        lang_votes_add(&v, masks ? masks[i] : 0, words[i], strlen(words[i]));
    return lang_decide(&v);
}

static void decide_by_script_and_votes(void **state)
{
    (void)state;
    const int en = lang_index("en"), de = lang_index("de"), ru = lang_index("ru");
    const int sr = lang_index("sr"), hi = lang_index("hi"), ne = lang_index("ne");
    lang_votes v;
    memset(&v, 0, sizeof v);
    assert_int_equal(lang_decide(&v), en); /* no evidence */

    const char *ru_words[] = {"\xD0\xBF\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82"}; /* привет */
    assert_int_equal(decide_words(ru_words, NULL, 1), ru);
    const char *el_words[] = {"\xCE\xB1\xCE\xB8\xCE\xAE\xCE\xBD\xCE\xB1"};
    assert_int_equal(decide_words(el_words, NULL, 1), lang_index("el"));
    const char *hy_words[] = {"\xD5\xA2\xD5\xA1\xD6\x80\xD5\xA5\xD6\x82"}; /* բարեւ */
    assert_int_equal(decide_words(hy_words, NULL, 1), lang_index("hy"));
    const char *ar_words[] = {"\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7"}; /* مرحبا */
    assert_int_equal(decide_words(ar_words, NULL, 1), lang_index("ar"));
    const char *ta_words[] = {"\xE0\xAE\xB5\xE0\xAE\xA3\xE0\xAE\x95\xE0\xAF\x8D\xE0\xAE\x95\xE0\xAE\xAE\xE0\xAF\x8D"};
    assert_int_equal(decide_words(ta_words, NULL, 1), lang_index("ta"));
    const char *yi_words[] = {"\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D"};
    assert_int_equal(decide_words(yi_words, NULL, 1), lang_index("yi"));

    /* Latin text: stopword hits decide; ties go to English. */
    const char *w3[] = {"der", "die", "und"};
    const uint32_t de3[] = {1u << de, 1u << de, 1u << de};
    assert_int_equal(decide_words(w3, de3, 3), de);
    const uint32_t tie[] = {1u << de, 1u << en, 0};
    assert_int_equal(decide_words(w3, tie, 3), en);
    const char *hello[] = {"hello"};
    assert_int_equal(decide_words(hello, NULL, 1), en);

    /* Cyrillic: Serbian only when its stopwords clearly win. */
    const char *cy[] = {"\xD1\x98\xD0\xB5", "\xD1\x81\xD1\x83", "\xD0\xBE\xD0\xB4", "\xD0\xB8"};
    const uint32_t srm[] = {1u << sr, 1u << sr, 1u << sr, (1u << sr) | (1u << ru)};
    assert_int_equal(decide_words(cy, srm, 4), sr);
    const uint32_t mixed[] = {1u << sr, 1u << ru, 1u << sr, (1u << sr) | (1u << ru)};
    assert_int_equal(decide_words(cy, mixed, 4), ru);

    /* Devanagari: Hindi unless Nepali stopwords outnumber. */
    const char *dv[] = {"\xE0\xA4\x95\xE0\xA5\x8B", "\xE0\xA4\xB0"};
    const uint32_t nem[] = {1u << ne, 1u << ne};
    assert_int_equal(decide_words(dv, nem, 2), ne);
    assert_int_equal(decide_words(dv, NULL, 2), hi);

    /* A few Latin letters (a name, a URL) do not outvote a Cyrillic article. */
    const char *mix[] = {"bbc", "\xD0\xBF\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82",
                         "\xD0\xBC\xD0\xB8\xD1\x80"};
    assert_int_equal(decide_words(mix, NULL, 3), ru);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(table),
        cmocka_unit_test(lookups),
        cmocka_unit_test(decide_by_script_and_votes),
    };
    return cmocka_run_group_tests_name("lang", tests, NULL, NULL);
}
