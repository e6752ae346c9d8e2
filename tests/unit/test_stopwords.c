/* test_stopwords.c - every stopwords/<code>.txt is well formed (UTF-8, NFC, case-folded,
 * sorted, unique), one exists per language, the compiled-in table matches the files, and the
 * word -> language mask look-up works, also for a user's extra file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "lang.h"
#include "precis.h"
#include "stopwords.h"
#include "utf8.h"
#include "util.h"

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    buf b = {0};
    char tmp[4096];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
        assert_int_equal(buf_append(&b, tmp, n), 0);
    fclose(f);
    *len = b.len;
    return buf_detach(&b);
}

/* Checks one list and returns its words joined by '\n' as gen_stopwords.sh embeds them. */
static char *check_file(const char *path)
{
    size_t len = 0;
    char *text = slurp(path, &len);
    assert_non_null(text);
    if (utf8_validate(text, len) != len)
        fail_msg("%s: invalid UTF-8 at byte %zu", path, utf8_validate(text, len));
    buf words = {0}, norm = {0};
    char prev[256] = "";
    int header = 1;
    size_t lineno = 0, count = 0;
    for (char *line = text, *next; *line; line = next) {
        lineno++;
        char *const nl = strchr(line, '\n');
        if (!nl)
            fail_msg("%s:%zu: no final newline", path, lineno);
        *nl = '\0';
        next = nl + 1;
        if (line[0] == '#') {
            if (!header)
                fail_msg("%s:%zu: comment after the first word", path, lineno);
            continue;
        }
        header = 0;
        const size_t n = strlen(line);
        if (n == 0 || n >= sizeof prev)
            fail_msg("%s:%zu: blank or overlong line", path, lineno);
        if (strpbrk(line, " \t\r\"\\#"))
            fail_msg("%s:%zu: space, quote, backslash or '#' in \"%s\"", path, lineno, line);
        utf8proc_uint8_t *nfc = NULL;
        const utf8proc_ssize_t m = utf8proc_map((const utf8proc_uint8_t *)line, (utf8proc_ssize_t)n,
                                                &nfc, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
        assert_true(m >= 0);
        if ((size_t)m != n || memcmp(nfc, line, n) != 0)
            fail_msg("%s:%zu: \"%s\" is not NFC", path, lineno, line);
        free(nfc);
        /* What matters for matching: the word is a fixed point of the token normalisation. */
        assert_int_equal(utf8_normalize(line, n, &norm), 0);
        if (strcmp(norm.data, line) != 0)
            fail_msg("%s:%zu: \"%s\" is not case-folded (\"%s\")", path, lineno, line, norm.data);
        if (count > 0 && strcmp(prev, line) >= 0)
            fail_msg("%s:%zu: \"%s\" out of order or repeated after \"%s\"", path, lineno, line,
                     prev);
        memcpy(prev, line, n + 1);
        assert_int_equal(buf_append(&words, line, n), 0);
        assert_int_equal(buf_putc(&words, '\n'), 0);
        count++;
    }
    if (count < 40)
        fail_msg("%s: only %zu words", path, count);
    free(text);
    buf_free(&norm);
    return buf_detach(&words);
}

static void files_well_formed(void **state)
{
    (void)state;
    DIR *d = opendir("stopwords");
    if (!d)
        fail_msg("run from the repository root: no stopwords/ folder");
    size_t nfiles = 0;
    const struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        const size_t n = strlen(e->d_name);
        if (n < 5 || strcmp(e->d_name + n - 4, ".txt") != 0)
            continue;
        char code[16] = "", path[300];
        assert_true(n - 4 < sizeof code);
        memcpy(code, e->d_name, n - 4);
        if (lang_index(code) < 0 || strcmp(lang_code(lang_index(code)), code) != 0)
            fail_msg("stopwords/%s: not a language code", e->d_name);
        snprintf(path, sizeof path, "stopwords/%s", e->d_name);
        char *words = check_file(path);
        /* The compiled-in table carries exactly the file's words. */
        size_t k = 0;
        while (k < stopwords_data_count && strcmp(stopwords_data[k].code, code) != 0)
            k++;
        if (k == stopwords_data_count)
            fail_msg("%s: missing from the compiled-in table (rebuild?)", path);
        assert_string_equal(stopwords_data[k].words, words);
        free(words);
        nfiles++;
    }
    closedir(d);
    assert_int_equal(nfiles, (size_t)lang_count());
    assert_int_equal(stopwords_data_count, (size_t)lang_count());
    /* One list per language of precis_languages(). */
    for (const char *const *c = precis_languages(); *c; c++) {
        char path[64];
        snprintf(path, sizeof path, "stopwords/%s.txt", *c);
        FILE *f = fopen(path, "rb");
        if (!f)
            fail_msg("no %s", path);
        fclose(f);
    }
}

static uint32_t mask_of(const stopwords *sw, const char *w)
{
    return stopwords_mask(sw, w, strlen(w));
}

static uint32_t bit(const char *code)
{
    return 1u << lang_index(code);
}

static void masks(void **state)
{
    (void)state;
    stopwords *sw = stopwords_new();
    assert_non_null(sw);
    assert_true(mask_of(sw, "the") & bit("en"));
    assert_false(mask_of(sw, "the") & bit("de"));
    assert_true(mask_of(sw, "don't") & bit("en"));
    assert_true(mask_of(sw, "und") & bit("de"));
    assert_true(mask_of(sw, "de") & bit("fr"));
    assert_true(mask_of(sw, "de") & bit("es"));
    assert_true(mask_of(sw, "de") & bit("nl"));
    assert_true(mask_of(sw, "\xD0\xB8") & bit("ru")); /* и */
    assert_true(mask_of(sw, "\xD0\xB8") & bit("sr"));
    assert_true(mask_of(sw, "\xD1\x87\xD1\x82\xD0\xBE") & bit("ru")); /* что */
    assert_int_equal(mask_of(sw, "election"), 0);
    assert_int_equal(mask_of(sw, "th"), 0);
    assert_int_equal(mask_of(sw, "thee"), 0);
    assert_int_equal(mask_of(sw, ""), 0);
    assert_int_equal(mask_of(sw, "The"), 0); /* callers pass normalised words */
    stopwords_free(sw);
    stopwords_free(NULL);
}

static void user_file(void **state)
{
    (void)state;
    stopwords *sw = stopwords_new();
    assert_non_null(sw);
    assert_int_equal(mask_of(sw, "reuters"), 0);
    assert_int_equal(stopwords_add_file(sw, "tests/data/text/extra_stopwords.txt"), PRECIS_OK);
    const uint32_t all = UINT32_MAX;
    assert_int_equal(mask_of(sw, "reuters"), all);
    assert_int_equal(mask_of(sw, "said"), all);
    assert_int_equal(mask_of(sw, "news's"), all);
    assert_int_equal(mask_of(sw, "Reuters"), 0);
    assert_int_equal(mask_of(sw, "#"), 0);
    assert_true(mask_of(sw, "the") & bit("en"));
    assert_int_equal(stopwords_add_file(sw, "tests/data/text/no-such-file.txt"), PRECIS_EIO);
    stopwords_free(sw);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(files_well_formed),
        cmocka_unit_test(masks),
        cmocka_unit_test(user_file),
    };
    return cmocka_run_group_tests_name("stopwords", tests, NULL, NULL);
}
