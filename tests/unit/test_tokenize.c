/* test_tokenize.c - the tokenizer against a table of inputs and expected tokens with kinds,
 * plus invariants (in bounds, increasing, non-overlapping) on an invented news fixture. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "precis.h"
#include "tokenize.h"
#include "util.h"

/* Expected tokens are written "K:text" with K one of W N A U E S (precis_token_kind). */
typedef struct tcase {
    const char *in;
    const char *want[12];
} tcase;

static const tcase cases[] = {
    {"Hello, world.", {"W:Hello", "W:world"}},
    {"well-coordinated Mishustin's plan", {"W:well-coordinated", "W:Mishustin's", "W:plan"}},
    {"Mishustin\xE2\x80\x99s rock'n'roll", {"W:Mishustin\xE2\x80\x99s", "W:rock'n'roll"}},
    {"the students' union", {"W:the", "W:students", "W:union"}},
    {"'quoted' \xE2\x80\x98single\xE2\x80\x99 \"double\"", {"W:quoted", "W:single", "W:double"}},
    {"a -- dash - here", {"W:a", "W:dash", "W:here"}},
    {"non\xE2\x80\x91stop co\xC2\xADoperate", {"W:non\xE2\x80\x91stop", "W:co\xC2\xADoperate"}},
    {"$1.13bn and \xC2\xA3"
     "600m",
     {"N:$1.13bn", "W:and",
      "N:\xC2\xA3"
      "600m"}},
    {"up 76% to 10.9, or 155,221.", {"W:up", "N:76%", "W:to", "N:10.9", "W:or", "N:155,221"}},
    {"On 2022-06-07 at 10:30", {"W:On", "N:2022-06-07", "W:at", "N:10:30"}},
    {"the 1980s, 3rd and 5.93", {"W:the", "N:1980s", "N:3rd", "W:and", "N:5.93"}},
    {"fell -5 to x-5 and +3.2%", {"W:fell", "N:-5", "W:to", "W:x-5", "W:and", "N:+3.2%"}},
    {"a \xE2\x88\x92"
     "4 drop, 100\xE2\x82\xAC, \xE2\x82\xAC"
     "5",
     {"W:a",
      "N:\xE2\x88\x92"
      "4",
      "W:drop", "N:100\xE2\x82\xAC",
      "N:\xE2\x82\xAC"
      "5"}},
    {"10-12 May, 24/7, 20-year-old", {"N:10-12", "W:May", "N:24/7", "N:20-year-old"}},
    {"COVID-19 and MH17, 5G", {"W:COVID-19", "W:and", "W:MH17", "N:5G"}},
    {"the U.S. and U.S.A., e.g. N.Z.",
     {"W:the", "A:U.S.", "W:and", "A:U.S.A.", "A:e.g.", "A:N.Z."}},
    {"us U.S", {"W:us", "W:U", "W:S"}},
    {"John F. Kennedy", {"W:John", "W:F", "W:Kennedy"}},
    {"at 9 a.m. today", {"W:at", "N:9", "A:a.m.", "W:today"}},
    {"See https://www.bbc.co.uk/news/world-1234.",
     {"W:See", "U:https://www.bbc.co.uk/news/world-1234"}},
    {"(http://example.com/a_(b)) end", {"U:http://example.com/a_(b)", "W:end"}},
    {"visit www.example.com. Then", {"W:visit", "U:www.example.com", "W:Then"}},
    {"at example.com. Then", {"W:at", "U:example.com", "W:Then"}},
    {"bbc.co.uk/sport, ok", {"U:bbc.co.uk/sport", "W:ok"}},
    {"end.Then it", {"W:end", "W:Then", "W:it"}},
    {"Write to press.office@example.org. Now",
     {"W:Write", "W:to", "E:press.office@example.org", "W:Now"}},
    {"a@b", {"W:a", "W:b"}},
    {"#Brexit and @bbc_news! # @ #1", {"S:#Brexit", "W:and", "S:@bbc_news", "N:1"}},
    {"price \xE2\x86\x92 up \xC2\xA9", {"W:price", "S:\xE2\x86\x92", "W:up", "S:\xC2\xA9"}},
    {"\xD0\x9C\xD0\xB8\xD1\x88\xD1\x83\xD1\x81\xD1\x82\xD0\xB8\xD0\xBD "
     "\xC2\xAB\xD1\x81\xD0\xBA\xD0\xB0\xD0\xB7\xD0\xB0\xD0\xBB\xC2\xBB.",
     {"W:\xD0\x9C\xD0\xB8\xD1\x88\xD1\x83\xD1\x81\xD1\x82\xD0\xB8\xD0\xBD",
      "W:\xD1\x81\xD0\xBA\xD0\xB0\xD0\xB7\xD0\xB0\xD0\xBB"}},
    {"caf\xC3\xA9 Cafe\xCC\x81s", {"W:caf\xC3\xA9", "W:Cafe\xCC\x81s"}},
    {"\xE0\xA4\xA8\xE0\xA4\xAE\xE0\xA4\xB8\xE0\xA5\x8D\xE0\xA4\xA4\xE0\xA5\x87 "
     "\xE0\xA5\xA7\xE0\xA5\xA8",
     {"W:\xE0\xA4\xA8\xE0\xA4\xAE\xE0\xA4\xB8\xE0\xA5\x8D\xE0\xA4\xA4\xE0\xA5\x87",
      "N:\xE0\xA5\xA7\xE0\xA5\xA8"}},
    {"bad\xFF"
     "byte \xC3",
     {"W:bad", "W:byte"}},
    {"U.S.-led talks, 10.30am", {"A:U.S.", "W:led", "W:talks", "N:10.30am"}},
    {"F-16s and e-mail... next", {"W:F-16s", "W:and", "W:e-mail", "W:next"}},
    {"Jones' car on 07/06/2022, 25\xC2\xB0"
     "C",
     {"W:Jones", "W:car", "W:on", "N:07/06/2022", "N:25\xC2\xB0", "W:C"}},
    {"", {NULL}},
    {" \t\n.,;!?", {NULL}},
};

static char kind_letter(uint8_t k)
{
    return "WNAUES"[k < 6 ? k : 0];
}

static void table(void **state)
{
    (void)state;
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const char *in = cases[c].in;
        const size_t len = strlen(in);
        size_t pos = 0, k = 0;
        raw_token t;
        char got[256];
        while (tokenize_next(in, len, &pos, &t)) {
            snprintf(got, sizeof got, "%c:%.*s", kind_letter(t.kind), (int)(t.end - t.start),
                     in + t.start);
            if (k >= 12 || !cases[c].want[k])
                fail_msg("case %zu \"%s\": extra token \"%s\"", c, in, got);
            if (strcmp(got, cases[c].want[k]) != 0)
                fail_msg("case %zu \"%s\": token %zu is \"%s\", want \"%s\"", c, in, k, got,
                         cases[c].want[k]);
            assert_int_equal(pos, t.end);
            k++;
        }
        assert_int_equal(pos, len);
        if (k < 12 && cases[c].want[k])
            fail_msg("case %zu \"%s\": missing token \"%s\"", c, in, cases[c].want[k]);
    }
}

/* tokenize_next must never look at text[end]: cut a string in the middle of a token. */
static void respects_end(void **state)
{
    (void)state;
    const char *in = "U.S. $1.13bn example.com";
    raw_token t;
    size_t pos = 0;
    assert_true(tokenize_next(in, 3, &pos, &t)); /* "U.S" */
    assert_int_equal(t.start, 0);
    assert_int_equal(t.end, 1);
    pos = 5;
    assert_true(tokenize_next(in, 9, &pos, &t)); /* "$1.1" */
    assert_int_equal(t.end, 9);
    assert_int_equal(t.kind, PRECIS_TOKEN_NUMBER);
    pos = 13;
    assert_true(tokenize_next(in, 21, &pos, &t)); /* "example." */
    assert_int_equal(t.end, 20);
    assert_int_equal(t.kind, PRECIS_TOKEN_WORD);
    assert_false(tokenize_next(in, 21, &pos, &t));
    assert_int_equal(pos, 21);
}

/* Pieces of text that a random string is made of: words, numbers, every connector and
 * separator the rules look at, non-ASCII letters and punctuation, an invalid byte. */
static const char *const pieces[] = {
    "a",
    "Bc",
    "said",
    "U",
    "S",
    "www",
    "com",
    "7",
    "12",
    "0",
    " ",
    "  ",
    "\n",
    "\t",
    ".",
    ",",
    ":",
    "'",
    "-",
    "/",
    "$",
    "%",
    "@",
    "#",
    "_",
    "+",
    "(",
    ")",
    "\"",
    "!",
    "?",
    ";",
    "&",
    "\x7F",
    "=",
    "\xC3\xA9",
    "\xE2\x80\x99",
    "\xE2\x80\x94",
    "\xD0\xBC",
    "\xC2\xA3",
    "\xFF",
    "http://",
    "x@y.org",
};

/* Random strings of those pieces, and runs of 60 to 140 letters (across the 64-byte blocks
 * tokenize_many() classifies), give the same tokens by tokenize_many() and by
 * tokenize_many_portable(), whatever the batch size, as by the full tokenizer
 * (tokenize_next_slow()); the end of the text is cut at random below what may be read. */
static void many_matches_next(void **state)
{
    (void)state;
    uint64_t r = 0x853c49e6748fea9bULL;
    char text[512];
    raw_token want[512], got[512];
    size_t tokens = 0;
    for (int round = 0; round < 4000; round++) {
        size_t len = 0;
        const size_t target = (size_t)(round % 300);
        while (len < target) {
            r = r * 6364136223846793005ULL + 1442695040888963407ULL;
            const unsigned pick = (unsigned)(r >> 33);
            if (pick % 40 == 0) {
                const size_t run = 60 + pick / 40 % 81;
                for (size_t k = 0; k < run && len < sizeof text - 1; k++)
                    text[len++] = (char)('a' + k % 26);
                continue;
            }
            const char *pc = pieces[pick / 40 % (sizeof pieces / sizeof pieces[0])];
            const size_t pl = strlen(pc);
            if (len + pl >= sizeof text)
                break;
            memcpy(text + len, pc, pl);
            len += pl;
        }
        const size_t end = len - (len ? (size_t)(r >> 20) % (len < 8 ? len + 1 : 8) : 0);
        size_t nwant = 0, pos = 0;
        while (tokenize_next_slow(text, end, &pos, &want[nwant]))
            nwant++;
        const size_t batch = round % 3 == 0 ? 1 : round % 3 == 1 ? 5 : 64;
        size_t ngot = 0, k;
        pos = 0;
        do { /* every other round without the AVX2 code, if the CPU has it */
            k = round % 2 ? tokenize_many(text, end, len, &pos, got + ngot, batch)
                          : tokenize_many_portable(text, end, len, &pos, got + ngot, batch);
            ngot += k;
        } while (k == batch);
        assert_int_equal(pos, end);
        assert_int_equal(ngot, nwant);
        for (size_t j = 0; j < nwant; j++) {
            if (got[j].start != want[j].start || got[j].end != want[j].end ||
                got[j].kind != want[j].kind)
                fail_msg("round %d token %zu: [%zu, %zu) kind %d, want [%zu, %zu) kind %d", round,
                         j, got[j].start, got[j].end, got[j].kind, want[j].start, want[j].end,
                         want[j].kind);
        }
        tokens += nwant;
    }
    assert_true(tokens > 20000);
}

static void fixture_invariants(void **state)
{
    (void)state;
    FILE *f = fopen("tests/data/text/en_article.txt", "rb");
    assert_non_null(f);
    buf b = {0};
    char tmp[4096];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
        assert_int_equal(buf_append(&b, tmp, n), 0);
    fclose(f);
    size_t pos = 0, prev_end = 0, count = 0, kinds[6] = {0};
    raw_token t;
    while (tokenize_next(b.data, b.len, &pos, &t)) {
        assert_true(t.start >= prev_end);
        assert_true(t.end > t.start);
        assert_true(t.end <= b.len);
        assert_true(t.kind <= PRECIS_TOKEN_SYMBOL);
        prev_end = t.end;
        kinds[t.kind]++;
        count++;
    }
    assert_true(count > 100);
    assert_true(kinds[PRECIS_TOKEN_WORD] > 100);
    assert_true(kinds[PRECIS_TOKEN_NUMBER] >= 5);
    assert_true(kinds[PRECIS_TOKEN_ACRONYM] >= 1);
    assert_true(kinds[PRECIS_TOKEN_URL] >= 1);
    assert_true(kinds[PRECIS_TOKEN_EMAIL] >= 1);
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(table),
        cmocka_unit_test(respects_end),
        cmocka_unit_test(many_matches_next),
        cmocka_unit_test(fixture_invariants),
    };
    return cmocka_run_group_tests_name("tokenize", tests, NULL, NULL);
}
