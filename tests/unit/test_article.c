/* test_article.c - the reader and the article: front matter, titles, datelines, JSON Lines
 * with bad lines, encodings (BOM, CRLF, Windows-1252, binary), directory walks, paragraphs,
 * and, when PRECIS_DATA is set, every record of the real corpora. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "article.h"
#include "precis.h"

/* The fixtures live beside this file: tests/unit/../data/articles. */
static char fixture_dir[4096];

static const char *fixture(const char *name)
{
    static char path[4096 + 256];
    snprintf(path, sizeof path, "%s/%s", fixture_dir, name);
    return path;
}

static char tmp_dir[256];

/* Writes n bytes to a file in the temporary directory; returns its path (static). */
static const char *write_tmp(const char *name, const char *data, size_t n)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", tmp_dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
    return path;
}

static precis_article *read_one(const precis_read_options *o, const char *path)
{
    precis_reader *r = NULL;
    assert_int_equal(precis_reader_new(o, &r), PRECIS_OK);
    assert_int_equal(precis_reader_add(r, path), PRECIS_OK);
    precis_article *a = NULL;
    const precis_status st = precis_reader_next(r, &a);
    if (st != PRECIS_OK)
        fail_msg("%s: %s", path, precis_reader_error(r));
    assert_non_null(a);
    precis_article *end = (precis_article *)1;
    assert_int_equal(precis_reader_next(r, &end), PRECIS_OK);
    assert_null(end);
    precis_reader_free(r);
    return a;
}

/* Does the text at span s start with prefix? */
static void assert_span_starts(const precis_article *a, precis_span s, const char *prefix)
{
    size_t len;
    const char *t = precis_article_text(a, &len);
    assert_true(s.start <= s.end && s.end <= len);
    const size_t n = strlen(prefix);
    if (s.end - s.start < n || memcmp(t + s.start, prefix, n) != 0)
        fail_msg("span starts \"%.*s\", want \"%s\"",
                 (int)(s.end - s.start < 40 ? s.end - s.start : 40), t + s.start, prefix);
}

static void assert_span_is(const precis_article *a, precis_span s, const char *want)
{
    size_t len;
    const char *t = precis_article_text(a, &len);
    assert_true(s.start <= s.end && s.end <= len);
    if (s.end - s.start != strlen(want) || memcmp(t + s.start, want, s.end - s.start) != 0)
        fail_msg("span is \"%.*s\", want \"%s\"", (int)(s.end - s.start), t + s.start, want);
}

static void assert_date(precis_date d, const char *want)
{
    char buf[16];
    assert_string_equal(precis_date_format(&d, buf, sizeof buf), want);
}

/* Structural invariants every article must keep. */
static void check_spans(const precis_article *a)
{
    size_t len;
    const char *t = precis_article_text(a, &len);
    assert_non_null(t);
    assert_int_equal(t[len], '\0');
    const precis_span b = precis_article_body(a);
    assert_true(b.start <= b.end && b.end <= len);
    size_t prev = b.start;
    for (size_t i = 0; i < precis_article_paragraph_count(a); i++) {
        const precis_span p = precis_article_paragraph(a, i);
        assert_true(p.start >= prev && p.start < p.end && p.end <= b.end);
        prev = p.end;
    }
}

static void test_front_matter(void **state)
{
    (void)state;
    precis_article *a = read_one(NULL, fixture("frontmatter.txt"));
    assert_string_equal(precis_article_title(a), "Harbour ferry returns after storm repairs");
    assert_string_equal(precis_article_id(a), "ferry-0314");
    assert_string_equal(precis_article_lang(a), "en");
    assert_string_equal(precis_article_place(a), "PORTSMOUTH");
    assert_null(precis_article_agency(a));
    assert_date(precis_article_date(a), "2021-03-14");
    assert_span_starts(a, precis_article_body(a), "The harbour ferry resumed");
    assert_int_equal(precis_article_paragraph_count(a), 2);
    assert_span_starts(a, precis_article_paragraph(a, 1), "Operators said");
    assert_int_equal(precis_article_line(a), 0);
    check_spans(a);
    precis_article_free(a);
}

static void test_front_matter_year_fills_dateline(void **state)
{
    (void)state;
    static const char doc[] = "---\ndate: 2022\n---\nMINSK, 7 June (BelTA) - Talks went on.\n";
    precis_article *a = read_one(NULL, write_tmp("fm_year.txt", doc, sizeof doc - 1));
    assert_date(precis_article_date(a), "2022-06-07");
    assert_string_equal(precis_article_place(a), "MINSK");
    assert_span_is(a, precis_article_body(a), "Talks went on.");
    precis_article_free(a);
    /* An explicit full date wins over the dateline's day. */
    static const char doc2[] = "---\ndate: 2022-06-08\n---\nMINSK, 7 June (BelTA) - Talks.\n";
    a = read_one(NULL, write_tmp("fm_full.txt", doc2, sizeof doc2 - 1));
    assert_date(precis_article_date(a), "2022-06-08");
    precis_article_free(a);
    /* An unclosed block is plain text. */
    static const char doc3[] = "---\ntitle: Never closed\nThe text.\n";
    a = read_one(NULL, write_tmp("fm_open.txt", doc3, sizeof doc3 - 1));
    assert_null(precis_article_title(a));
    assert_span_starts(a, precis_article_body(a), "---");
    precis_article_free(a);
}

static void test_bbc_title(void **state)
{
    (void)state;
    precis_article *a = read_one(NULL, fixture("bbc_style.txt"));
    assert_string_equal(precis_article_title(a), "Grain prices 'ease after harvest'");
    assert_string_equal(precis_article_id(a), "bbc_style");
    assert_span_starts(a, precis_article_body(a), "Wheat prices fell");
    assert_int_equal(precis_article_paragraph_count(a), 3);
    assert_span_is(a, precis_article_paragraph(a, 2),
                   "Analysts expect prices to settle by the spring.");
    check_spans(a);
    precis_article_free(a);

    const precis_read_options o = {PRECIS_INPUT_AUTO, 0, 1};
    a = read_one(&o, fixture("bbc_style.txt"));
    assert_null(precis_article_title(a));
    assert_span_starts(a, precis_article_body(a), "Grain prices");
    assert_int_equal(precis_article_paragraph_count(a), 4);
    precis_article_free(a);
}

static void test_question_title(void **state)
{
    (void)state;
    static const char q[] = "Will the ferry run again?\n\nNobody knows yet.\n";
    precis_article *a = read_one(NULL, write_tmp("q.txt", q, sizeof q - 1));
    assert_string_equal(precis_article_title(a), "Will the ferry run again?");
    precis_article_free(a);
    /* A line that needs no blank line after it is not a title. */
    static const char nb[] = "Ferry news\nThe ferry ran.\n";
    a = read_one(NULL, write_tmp("nb.txt", nb, sizeof nb - 1));
    assert_null(precis_article_title(a));
    precis_article_free(a);
}

/* Headline on line 1, then each paragraph on one long line, no blank line (scraped news). */
static void test_unwrapped_title(void **state)
{
    (void)state;
    static const char doc[] =
        "Ferry fares to rise on island routes\r\n"
        "Fares on the ferries between Port Caddow and the Lenn islands will rise by 6% from "
        "April, the operator said on Tuesday, blaming fuel costs and the cost of the new "
        "harbour dues agreed with the port authority last year.\r\n"
        "Season tickets for island residents will not change.\r\n";
    precis_article *a = read_one(NULL, write_tmp("unwrapped.txt", doc, sizeof doc - 1));
    assert_string_equal(precis_article_title(a), "Ferry fares to rise on island routes");
    size_t len;
    const char *text = precis_article_text(a, &len);
    assert_memory_equal(text + precis_article_body(a).start, "Fares on the ferries", 20);
    precis_article_free(a);
    /* Hard-wrapped copy: line 1 is the start of a paragraph, not a title. */
    static const char wrapped[] = "Dock workers in Valdora ended their strike on\n"
                                  "Monday after the union accepted a pay offer.\n";
    a = read_one(NULL, write_tmp("wrapped.txt", wrapped, sizeof wrapped - 1));
    assert_null(precis_article_title(a));
    precis_article_free(a);
}

static void test_no_title(void **state)
{
    (void)state;
    precis_article *a = read_one(NULL, fixture("no_title.txt"));
    assert_null(precis_article_title(a));
    assert_span_starts(a, precis_article_body(a), "The city council approved");
    assert_int_equal(precis_article_paragraph_count(a), 2);
    precis_article_free(a);
    static const char quoted[] = "\"We will win,\" the mayor said.\"\n\nMore text.\n";
    a = read_one(NULL, write_tmp("quoted.txt", quoted, sizeof quoted - 1));
    assert_null(precis_article_title(a));
    precis_article_free(a);
}

static void test_belta_dateline(void **state)
{
    (void)state;
    precis_article *a = read_one(NULL, fixture("belta_style.txt"));
    assert_null(precis_article_title(a));
    assert_string_equal(precis_article_place(a), "MINSK");
    assert_string_equal(precis_article_agency(a), "BelTA");
    assert_date(precis_article_date(a), "--05-12");
    assert_span_starts(a, precis_article_body(a), "The national library will open");
    assert_int_equal(precis_article_paragraph_count(a), 3);
    assert_int_equal(precis_article_paragraph(a, 0).start, precis_article_body(a).start);
    check_spans(a);
    precis_article_free(a);

    const precis_read_options o = {PRECIS_INPUT_AUTO, 2023, 0};
    a = read_one(&o, fixture("belta_style.txt"));
    assert_date(precis_article_date(a), "2023-05-12");
    precis_article_free(a);
}

static void test_cnn_prefix(void **state)
{
    (void)state;
    precis_article *a = read_one(NULL, fixture("cnn_style.txt"));
    assert_null(precis_article_place(a));
    assert_string_equal(precis_article_agency(a), "CNN");
    assert_span_starts(a, precis_article_body(a), "A small museum");
    assert_int_equal(precis_article_paragraph_count(a), 2);
    precis_article_free(a);
}

static void test_reuters_jsonl(void **state)
{
    (void)state;
    const char *path = fixture("reuters_style.jsonl");
    char want[4608];
    precis_reader *r = NULL;
    assert_int_equal(precis_reader_new(NULL, &r), PRECIS_OK);
    assert_int_equal(precis_reader_add(r, path), PRECIS_OK);
    precis_article *a = NULL;

    assert_int_equal(precis_reader_next(r, &a), PRECIS_OK);
    assert_non_null(a);
    assert_string_equal(precis_article_id(a), "wire-1");
    assert_string_equal(precis_article_title(a), "COPPER OUTPUT RISES");
    assert_string_equal(precis_article_place(a), "LIMA");
    assert_date(precis_article_date(a), "1987-03-02");
    assert_int_equal(precis_article_line(a), 1);
    assert_int_equal(precis_article_paragraph_count(a), 3);
    assert_span_is(a, precis_article_paragraph(a, 0),
                   "Copper output in the southern mines rose\nsharply in February, the mining "
                   "ministry said in a monthly\nreport.");
    assert_span_starts(a, precis_article_paragraph(a, 1), "Production reached");
    assert_span_is(a, precis_article_paragraph(a, 2),
                   "Officials said new smelting capacity came\non line late in January.");
    check_spans(a);
    precis_article_free(a);

    assert_int_equal(precis_reader_next(r, &a), PRECIS_OK);
    assert_string_equal(precis_article_id(a), "42");
    assert_string_equal(precis_article_place(a), "NEW ORLEANS");
    assert_date(precis_article_date(a), "--03-03");
    assert_int_equal(precis_article_line(a), 3);
    precis_article_free(a);

    static const struct {
        size_t line;
        const char *reason;
    } bad[] = {{4, "\"text\" is not a string"},
               {5, "invalid JSON"},
               {6, "not a JSON object"},
               {7, "missing \"text\""}};
    for (size_t i = 0; i < 4; i++) {
        a = (precis_article *)1;
        assert_int_equal(precis_reader_next(r, &a), PRECIS_EPARSE);
        assert_null(a);
        snprintf(want, sizeof want, "%s:%zu: %s", path, bad[i].line, bad[i].reason);
        if (strncmp(precis_reader_error(r), want, strlen(want)) != 0)
            fail_msg("error \"%s\", want \"%s\"", precis_reader_error(r), want);
    }

    assert_int_equal(precis_reader_next(r, &a), PRECIS_OK);
    assert_string_equal(precis_article_id(a), "wire-7");
    assert_string_equal(precis_article_lang(a), "en");
    assert_int_equal(precis_article_line(a), 8);
    assert_string_equal(precis_reader_error(r), "");
    precis_article_free(a);

    assert_int_equal(precis_reader_next(r, &a), PRECIS_OK);
    assert_string_equal(precis_article_id(a), "reuters_style:9");
    precis_article_free(a);

    assert_int_equal(precis_reader_next(r, &a), PRECIS_OK);
    assert_null(a);
    precis_reader_free(r);
}

static void test_cp1252(void **state)
{
    (void)state;
    static const char bytes[] = "Prices \xA3"
                                "5 and \x93quoted\x94 caf\xE9.\n";
    const char *path = write_tmp("cp1252.txt", bytes, sizeof bytes - 1);
    char want[600];
    snprintf(want, sizeof want, "%s: not valid UTF-8 (byte 7), read as Windows-1252", path);
    precis_reader *r = NULL;
    assert_int_equal(precis_reader_new(NULL, &r), PRECIS_OK);
    assert_int_equal(precis_reader_add(r, path), PRECIS_OK);
    precis_article *a = NULL;
    assert_int_equal(precis_reader_next(r, &a), PRECIS_OK);
    assert_non_null(a);
    const char *w = precis_reader_warning(r);
    assert_non_null(w);
    assert_string_equal(w, want);
    assert_null(precis_reader_warning(r));
    size_t len;
    const char *t = precis_article_text(a, &len);
    assert_string_equal(t, "Prices \xC2\xA3"
                           "5 and \xE2\x80\x9Cquoted\xE2\x80\x9D caf\xC3\xA9.\n");
    assert_int_equal(len, strlen(t));
    precis_article_free(a);
    precis_reader_free(r);
}

static void test_bom_and_crlf(void **state)
{
    (void)state;
    static const char bom[] = "\xEF\xBB\xBFHeadline here\n\nBody text.\n";
    precis_reader *r = NULL;
    assert_int_equal(precis_reader_new(NULL, &r), PRECIS_OK);
    assert_int_equal(precis_reader_add(r, write_tmp("bom.txt", bom, sizeof bom - 1)), PRECIS_OK);
    precis_article *a = NULL;
    assert_int_equal(precis_reader_next(r, &a), PRECIS_OK);
    assert_null(precis_reader_warning(r));
    size_t len;
    assert_string_equal(precis_article_text(a, &len), "Headline here\n\nBody text.\n");
    assert_string_equal(precis_article_title(a), "Headline here");
    assert_span_is(a, precis_article_body(a), "Body text.");
    precis_article_free(a);
    precis_reader_free(r);

    static const char crlf[] = "Title line\r\n\r\nFirst line one\r\nline two.\r\n \r\nSecond.\r\n";
    a = read_one(NULL, write_tmp("crlf.txt", crlf, sizeof crlf - 1));
    assert_string_equal(precis_article_title(a), "Title line");
    assert_int_equal(precis_article_paragraph_count(a), 2);
    assert_span_is(a, precis_article_paragraph(a, 0), "First line one\r\nline two.");
    assert_span_is(a, precis_article_paragraph(a, 1), "Second.");
    precis_article_free(a);
}

static void test_binary_and_empty(void **state)
{
    (void)state;
    static const char bin[] = "abc\0def\n";
    char bpath[512], want[600];
    snprintf(bpath, sizeof bpath, "%s", write_tmp("bin.txt", bin, sizeof bin - 1));
    const char *epath = write_tmp("empty.txt", "", 0);
    precis_reader *r = NULL;
    assert_int_equal(precis_reader_new(NULL, &r), PRECIS_OK);
    assert_int_equal(precis_reader_add(r, bpath), PRECIS_OK);
    assert_int_equal(precis_reader_add(r, epath), PRECIS_OK);
    precis_article *a = (precis_article *)1;
    assert_int_equal(precis_reader_next(r, &a), PRECIS_EBINARY);
    assert_null(a);
    snprintf(want, sizeof want, "%s: binary file skipped", bpath);
    assert_string_equal(precis_reader_error(r), want);
    assert_int_equal(precis_reader_next(r, &a), PRECIS_OK);
    assert_non_null(a);
    size_t len = 9;
    assert_string_equal(precis_article_text(a, &len), "");
    assert_int_equal(len, 0);
    assert_int_equal(precis_article_body(a).start, precis_article_body(a).end);
    assert_int_equal(precis_article_paragraph_count(a), 0);
    assert_null(precis_article_title(a));
    assert_string_equal(precis_article_id(a), "empty");
    precis_article_free(a);
    assert_int_equal(precis_reader_next(r, &a), PRECIS_OK);
    assert_null(a);
    precis_reader_free(r);

    /* A JSON Lines file with a NUL byte in its first 8 KB is binary too. */
    static const char jbin[] = "{\"text\": \"a\"}\n\0\0\0\n";
    a = (precis_article *)1;
    assert_int_equal(precis_reader_new(NULL, &r), PRECIS_OK);
    assert_int_equal(precis_reader_add(r, write_tmp("bin.jsonl", jbin, sizeof jbin - 1)),
                     PRECIS_OK);
    assert_int_equal(precis_reader_next(r, &a), PRECIS_EBINARY);
    assert_int_equal(precis_reader_next(r, &a), PRECIS_OK);
    assert_null(a);
    precis_reader_free(r);
}

static void test_directory_walk(void **state)
{
    (void)state;
    static const char *const ids[] = {"alpha", "alpha/one", "two-a", "two-b", "beta", "zeta"};
    static const char *const files[] = {"tree/alpha.txt",       "tree/alpha/one.txt",
                                        "tree/alpha/two.jsonl", "tree/alpha/two.jsonl",
                                        "tree/beta.json",       "tree/zeta.txt"};
    precis_reader *r = NULL;
    assert_int_equal(precis_reader_new(NULL, &r), PRECIS_OK);
    assert_int_equal(precis_reader_add(r, fixture("tree")), PRECIS_OK);
    /* A file queued after the directory comes after all of its files. */
    assert_int_equal(precis_reader_add(r, fixture("no_title.txt")), PRECIS_OK);
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        precis_article *a = NULL;
        assert_int_equal(precis_reader_next(r, &a), PRECIS_OK);
        assert_non_null(a);
        assert_string_equal(precis_article_id(a), ids[i]);
        assert_string_equal(precis_article_path(a), fixture(files[i]));
        check_spans(a);
        precis_article_free(a);
    }
    precis_article *a = NULL;
    assert_int_equal(precis_reader_next(r, &a), PRECIS_OK);
    assert_string_equal(precis_article_id(a), "no_title");
    precis_article_free(a);
    assert_int_equal(precis_reader_next(r, &a), PRECIS_OK);
    assert_null(a);
    precis_reader_free(r);
}

/* Files a walk found are opened relative to their directory (article.c, open_found()): one
 * that is gone by the time it is read is reported by its full path as before, and the files
 * after it still read. */
static void test_walked_file_gone(void **state)
{
    (void)state;
    char dir[512], path[600];
    snprintf(dir, sizeof dir, "%s/walk", tmp_dir);
    assert_int_equal(mkdir(dir, 0700), 0);
    static const char *const names[] = {"walk/a.txt", "walk/b.txt", "walk/c.txt"};
    for (size_t i = 0; i < 3; i++)
        write_tmp(names[i], "Title\n\nBody text here.\n", 23);
    precis_reader *r = NULL;
    assert_int_equal(precis_reader_new(NULL, &r), PRECIS_OK);
    assert_int_equal(precis_reader_add(r, dir), PRECIS_OK);
    precis_article *a = NULL;
    assert_int_equal(precis_reader_next(r, &a), PRECIS_OK);
    assert_string_equal(precis_article_id(a), "a");
    precis_article_free(a);
    snprintf(path, sizeof path, "%s/b.txt", dir);
    assert_int_equal(unlink(path), 0);
    assert_int_equal(precis_reader_next(r, &a), PRECIS_EIO);
    char want[700];
    snprintf(want, sizeof want, "%s: No such file or directory", path);
    assert_string_equal(precis_reader_error(r), want);
    assert_int_equal(precis_reader_next(r, &a), PRECIS_OK);
    assert_non_null(a);
    assert_string_equal(precis_article_id(a), "c");
    assert_string_equal(precis_article_title(a), "Title");
    precis_article_free(a);
    assert_int_equal(precis_reader_next(r, &a), PRECIS_OK);
    assert_null(a);
    precis_reader_free(r);
    snprintf(path, sizeof path, "%s/a.txt", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/c.txt", dir);
    unlink(path);
    rmdir(dir);
}

/* Texts read from files are packed into blocks the reader owns (article.c, text_room()), and so
 * are the articles themselves with their strings and paragraphs (keep_article()): kept
 * articles keep them whole after the reader is freed and across blocks, whatever the order
 * they are freed in, and a text too long for a block (malloc()'d) as well. Under ASan this
 * also checks that no block goes while an article still holds text in it. */
static void test_texts_outlive_reader(void **state)
{
    (void)state;
    enum { FILES = 100, LEN = 40000, LONG = 700000 }; /* 4 MB in all: several blocks */
    char dir[512], name[64], path[600];
    snprintf(dir, sizeof dir, "%s/texts", tmp_dir);
    assert_int_equal(mkdir(dir, 0700), 0);
    char *const body = malloc(LONG);
    assert_non_null(body);
    for (size_t i = 0; i < FILES; i++) {
        const size_t len = i == FILES / 2 ? LONG : LEN + i;
        const int n = snprintf(body, 32, "Title %03zu\n\n", i);
        for (size_t j = (size_t)n; j < len; j++)
            body[j] = j % 61 ? (char)('a' + (i + j) % 26) : '\n';
        snprintf(name, sizeof name, "texts/%03zu.txt", i);
        write_tmp(name, body, len);
    }
    precis_reader *r = NULL;
    assert_int_equal(precis_reader_new(NULL, &r), PRECIS_OK);
    assert_int_equal(precis_reader_add(r, dir), PRECIS_OK);
    precis_article *kept[FILES];
    for (size_t i = 0; i < FILES; i++) {
        kept[i] = NULL;
        assert_int_equal(precis_reader_next(r, &kept[i]), PRECIS_OK);
        assert_non_null(kept[i]);
        if (i % 3 == 1) { /* some go at once: their room may be handed out again */
            precis_article_free(kept[i]);
            kept[i] = NULL;
        }
    }
    precis_reader_free(r);
    for (size_t k = 0; k < FILES; k++) {
        const size_t i = k * 37 % FILES; /* freed out of order */
        if (!kept[i])
            continue;
        const size_t len = i == FILES / 2 ? LONG : LEN + i;
        const int n = snprintf(body, 32, "Title %03zu\n\n", i);
        for (size_t j = (size_t)n; j < len; j++)
            body[j] = j % 61 ? (char)('a' + (i + j) % 26) : '\n';
        size_t got = 0;
        const char *const t = precis_article_text(kept[i], &got);
        assert_int_equal(got, len);
        assert_memory_equal(t, body, len);
        assert_int_equal(t[len], '\0');
        char want[64];
        snprintf(want, sizeof want, "Title %03zu", i);
        assert_string_equal(precis_article_title(kept[i]), want);
        snprintf(want, sizeof want, "/texts/%03zu.txt", i);
        const char *const p = precis_article_path(kept[i]);
        assert_true(strlen(p) > strlen(want));
        assert_string_equal(p + strlen(p) - strlen(want), want);
        assert_non_null(precis_article_id(kept[i]));
        assert_true(precis_article_paragraph_count(kept[i]) > 0);
        const precis_span last =
            precis_article_paragraph(kept[i], precis_article_paragraph_count(kept[i]) - 1);
        assert_true(last.start < last.end && last.end <= len);
        precis_article_free(kept[i]);
    }
    free(body);
    for (size_t i = 0; i < FILES; i++) {
        snprintf(path, sizeof path, "%s/%03zu.txt", dir, i);
        unlink(path);
    }
    rmdir(dir);
}

/* Texts of JSON Lines records go into the same blocks (article.c, text_room()), and so do the
 * records' articles with their strings (keep_article()). */
static void test_jsonl_texts_outlive_reader(void **state)
{
    (void)state;
    enum { RECORDS = 60, LEN = 40000 }; /* 2.4 MB: more than one block */
    char *const data = malloc(RECORDS * (LEN + 160));
    assert_non_null(data);
    size_t len = 0;
    for (size_t k = 0; k < RECORDS; k++) {
        len += (size_t)sprintf(
            data + len, "{\"id\": \"r%zu\", \"title\": \"T%zu\", \"lang\": \"en\", \"text\": \"", k,
            k);
        for (size_t i = 0; i < LEN + k; i++)
            data[len++] = i % 7 == 6 ? ' ' : (char)('a' + (i + k) % 26);
        len += (size_t)sprintf(data + len, "\"}\n");
    }
    precis_reader *r = NULL;
    assert_int_equal(precis_reader_new(NULL, &r), PRECIS_OK);
    assert_int_equal(precis_reader_add_memory(r, "records.jsonl", data, len), PRECIS_OK);
    precis_article *kept[RECORDS];
    for (size_t k = 0; k < RECORDS; k++) {
        kept[k] = NULL;
        assert_int_equal(precis_reader_next(r, &kept[k]), PRECIS_OK);
        assert_non_null(kept[k]);
    }
    precis_reader_free(r);
    for (size_t k = RECORDS; k-- > 0;) {
        size_t n = 0;
        const char *const t = precis_article_text(kept[k], &n);
        assert_int_equal(n, LEN + k);
        for (size_t i = 0; i < n; i++)
            if (t[i] != (i % 7 == 6 ? ' ' : (char)('a' + (i + k) % 26)))
                fail_msg("record %zu, byte %zu", k, i);
        assert_int_equal(t[n], '\0');
        char want[32];
        snprintf(want, sizeof want, "r%zu", k);
        assert_string_equal(precis_article_id(kept[k]), want);
        snprintf(want, sizeof want, "T%zu", k);
        assert_string_equal(precis_article_title(kept[k]), want);
        assert_string_equal(precis_article_lang(kept[k]), "en");
        precis_article_free(kept[k]);
    }
    free(data);
}

static void test_missing_file(void **state)
{
    (void)state;
    precis_reader *r = NULL;
    assert_int_equal(precis_reader_new(NULL, &r), PRECIS_OK);
    assert_int_equal(precis_reader_add(r, "no/such/dir/file.txt"), PRECIS_OK);
    assert_int_equal(precis_reader_add(r, fixture("cnn_style.txt")), PRECIS_OK);
    precis_article *a = (precis_article *)1;
    assert_int_equal(precis_reader_next(r, &a), PRECIS_EIO);
    assert_null(a);
    assert_string_equal(precis_reader_error(r), "no/such/dir/file.txt: No such file or directory");
    assert_int_equal(precis_reader_next(r, &a), PRECIS_OK);
    assert_string_equal(precis_article_agency(a), "CNN");
    precis_article_free(a);
    assert_int_equal(precis_reader_next(r, &a), PRECIS_OK);
    assert_null(a);
    precis_reader_free(r);
}

static void test_memory_inputs(void **state)
{
    (void)state;
    static const char jl[] = "{\"text\": \"One.\"}\n\n  \n{\"text\": \"Two.\", \"id\": \"b\"}";
    static const char tx[] = "Just text.";
    precis_reader *r = NULL;
    assert_int_equal(precis_reader_new(NULL, &r), PRECIS_OK);
    assert_int_equal(precis_reader_add_memory(r, "mem/x.jsonl", jl, sizeof jl - 1), PRECIS_OK);
    assert_int_equal(precis_reader_add_memory(r, "y.txt", tx, sizeof tx - 1), PRECIS_OK);
    precis_article *a = NULL;
    assert_int_equal(precis_reader_next(r, &a), PRECIS_OK);
    assert_string_equal(precis_article_id(a), "x:1");
    assert_span_is(a, precis_article_body(a), "One.");
    precis_article_free(a);
    assert_int_equal(precis_reader_next(r, &a), PRECIS_OK);
    assert_string_equal(precis_article_id(a), "b");
    assert_int_equal(precis_article_line(a), 4);
    precis_article_free(a);
    assert_int_equal(precis_reader_next(r, &a), PRECIS_OK);
    assert_string_equal(precis_article_id(a), "y");
    assert_string_equal(precis_article_path(a), "y.txt");
    assert_span_is(a, precis_article_body(a), "Just text.");
    precis_article_free(a);
    assert_int_equal(precis_reader_next(r, &a), PRECIS_OK);
    assert_null(a);
    precis_reader_free(r);

    /* A pretty-printed .json array is one document of records, not lines. */
    static const char arr[] = "\xEF\xBB\xBF[\n  {\"text\": \"First.\"},\n  {\"id\": 5},\n"
                              "  {\"text\": \"Third.\", \"id\": \"c\"}\n]\n";
    assert_int_equal(precis_reader_new(NULL, &r), PRECIS_OK);
    assert_int_equal(precis_reader_add_memory(r, "arr.json", arr, sizeof arr - 1), PRECIS_OK);
    assert_int_equal(precis_reader_next(r, &a), PRECIS_OK);
    assert_string_equal(precis_article_id(a), "arr:1");
    assert_int_equal(precis_article_line(a), 0);
    precis_article_free(a);
    assert_int_equal(precis_reader_next(r, &a), PRECIS_EPARSE);
    assert_string_equal(precis_reader_error(r), "arr.json: record 2: missing \"text\"");
    assert_int_equal(precis_reader_next(r, &a), PRECIS_OK);
    assert_string_equal(precis_article_id(a), "c");
    precis_article_free(a);
    assert_int_equal(precis_reader_next(r, &a), PRECIS_OK);
    assert_null(a);
    precis_reader_free(r);
    /* ... and a broken one is reported once, with its line. */
    static const char broken[] = "[\n{\"text\": \"x\"},\n{oops}\n]\n";
    assert_int_equal(precis_reader_new(NULL, &r), PRECIS_OK);
    assert_int_equal(precis_reader_add_memory(r, "b.json", broken, sizeof broken - 1), PRECIS_OK);
    assert_int_equal(precis_reader_next(r, &a), PRECIS_EPARSE);
    assert_true(strncmp(precis_reader_error(r), "b.json:3: invalid JSON", 22) == 0);
    assert_int_equal(precis_reader_next(r, &a), PRECIS_OK);
    assert_null(a);
    precis_reader_free(r);

    /* The format option overrides the extension. */
    const precis_read_options o = {PRECIS_INPUT_JSONL, 0, 0};
    assert_int_equal(precis_reader_new(&o, &r), PRECIS_OK);
    assert_int_equal(precis_reader_add_memory(r, "z.txt", jl, sizeof jl - 1), PRECIS_OK);
    assert_int_equal(precis_reader_next(r, &a), PRECIS_OK);
    assert_string_equal(precis_article_id(a), "z:1");
    precis_article_free(a);
    precis_reader_free(r);
}

static void test_paragraphs_split(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        size_t n;
        const char *first, *last;
    } cases[] = {
        {"One a.\nOne b.\n\nTwo.\n\n\nThree.", 3, "One a.\nOne b.", "Three."},
        /* Reuters: indented first lines, unindented continuations. */
        {"Lead line\ngoes on.\n    Second para\nwraps here.\n    Third.", 3, "Lead line\ngoes on.",
         "Third."},
        /* Everything indented is one block, not a paragraph a line. */
        {"  quoted one\n  quoted two\n  quoted three", 1,
         "quoted one\n  quoted two\n  quoted three", "quoted one\n  quoted two\n  quoted three"},
        /* Blank-line layout with a stray indent keeps blank lines as the only breaks. */
        {"A one.\n\nB one.\n continued.\n\nC one.\n\nD.", 4, "A one.", "D."},
        {" \t\r\n\r\n", 0, NULL, NULL},
        {"", 0, NULL, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *t = cases[i].text;
        const precis_span body = {0, strlen(t)};
        precis_span *p = NULL;
        size_t n = 99;
        assert_int_equal(paragraphs_split(t, body, &p, &n), PRECIS_OK);
        if (n != cases[i].n)
            fail_msg("case %zu: %zu paragraphs, want %zu", i, n, cases[i].n);
        if (n) {
            assert_int_equal(p[0].end - p[0].start, strlen(cases[i].first));
            assert_memory_equal(t + p[0].start, cases[i].first, strlen(cases[i].first));
            assert_int_equal(p[n - 1].end - p[n - 1].start, strlen(cases[i].last));
            assert_memory_equal(t + p[n - 1].start, cases[i].last, strlen(cases[i].last));
        }
        free(p);
    }
    /* More lines than the first pass keeps for the second (256): Reuters layout throughout,
     * then blank-line layout, so both sorts of break lie past the kept lines. */
    char long_text[600 * 16];
    size_t len = 0;
    for (int line = 0; line < 600; line++) {
        const char *l = line < 450 ? (line % 3 == 0 ? "    Para starts\n" : "and goes on.\n")
                                   : (line % 3 == 0 ? "\n" : "Blank layout.\n");
        memcpy(long_text + len, l, strlen(l));
        len += strlen(l);
    }
    const precis_span body = {0, len - 1};
    precis_span *p = NULL;
    size_t n = 0;
    assert_int_equal(paragraphs_split(long_text, body, &p, &n), PRECIS_OK);
    assert_int_equal(n, 150 + 50);
    assert_int_equal(p[0].start, 4);
    assert_int_equal(p[149].end - p[149].start, strlen("Para starts\nand goes on.\nand goes on."));
    assert_int_equal(p[150].end - p[150].start, strlen("Blank layout.\nBlank layout."));
    free(p);
}

static void test_stdin_jsonl_sniff(void **state)
{
    (void)state;
    static const char jl[] = "\n{\"text\": \"From standard input.\"}\n";
    const char *path = write_tmp("stdin.jsonl", jl, sizeof jl - 1);
    assert_non_null(freopen(path, "rb", stdin));
    precis_reader *r = NULL;
    assert_int_equal(precis_reader_new(NULL, &r), PRECIS_OK);
    assert_int_equal(precis_reader_add(r, "-"), PRECIS_OK);
    precis_article *a = NULL;
    assert_int_equal(precis_reader_next(r, &a), PRECIS_OK);
    assert_non_null(a);
    assert_string_equal(precis_article_path(a), "-");
    assert_string_equal(precis_article_id(a), "-:2");
    assert_int_equal(precis_article_line(a), 2);
    precis_article_free(a);
    assert_int_equal(precis_reader_next(r, &a), PRECIS_OK);
    assert_null(a);
    precis_reader_free(r);
}

/* Real data: every Reuters record reads, and every BBC article gets a title. */
/* A JSON Lines file is read in blocks (256 KiB at first): records that straddle a block's end,
 * one longer than a block, blank lines and a last line without a newline all come out whole,
 * with their line numbers. */
static void test_jsonl_blocks(void **state)
{
    (void)state;
    const size_t sizes[] = {10, 300000, 5, 140000, 130000, 7};
    char *const data = malloc(600000 + 64 * (sizeof sizes / sizeof sizes[0]));
    assert_non_null(data);
    size_t len = 0;
    memcpy(data, "\xEF\xBB\xBF", 3);
    len += 3;
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        len += (size_t)sprintf(data + len, "{\"id\": \"r%zu\", \"text\": \"", k);
        for (size_t i = 0; i < sizes[k]; i++)
            data[len++] = i % 6 == 5 ? ' ' : (char)('a' + k);
        data[len++] = '"';
        data[len++] = '}';
        if (k + 1 < sizeof sizes / sizeof sizes[0])
            data[len++] = '\n';
        if (k == 2)
            data[len++] = '\n';
    }
    precis_reader *r = NULL;
    assert_int_equal(precis_reader_new(NULL, &r), PRECIS_OK);
    assert_int_equal(precis_reader_add(r, write_tmp("blocks.jsonl", data, len)), PRECIS_OK);
    char head[16];
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        precis_article *a = NULL;
        assert_int_equal(precis_reader_next(r, &a), PRECIS_OK);
        assert_non_null(a);
        snprintf(head, sizeof head, "r%zu", k);
        assert_string_equal(precis_article_id(a), head);
        assert_int_equal(precis_article_line(a), k + 1 + (k > 2));
        size_t n;
        const char *text = precis_article_text(a, &n);
        assert_int_equal(n, sizes[k]);
        assert_int_equal(text[0], 'a' + (int)k);
        assert_int_equal(text[n - 1], sizes[k] % 6 == 0 ? ' ' : 'a' + (int)k);
        precis_article_free(a);
    }
    precis_article *a = NULL;
    assert_int_equal(precis_reader_next(r, &a), PRECIS_OK);
    assert_null(a);
    precis_reader_free(r);
    free(data);
}

/* A NUL byte past the first 8 KB (so the file is not taken for binary) fails its own line
 * only, with its line number; the next line is read. */
static void test_jsonl_nul_line(void **state)
{
    (void)state;
    char data[12000];
    size_t len = (size_t)sprintf(data, "{\"id\": \"a\", \"text\": \"");
    while (len < 9000)
        data[len++] = 'x';
    len += (size_t)sprintf(data + len, "\"}\n{\"id\": \"b\", \"text\": \"nul ");
    data[len++] = '\0';
    len += (size_t)sprintf(data + len, "\"}\n{\"id\": \"c\", \"text\": \"ok\"}\n");
    precis_reader *r = NULL;
    assert_int_equal(precis_reader_new(NULL, &r), PRECIS_OK);
    assert_int_equal(precis_reader_add(r, write_tmp("nul.jsonl", data, len)), PRECIS_OK);
    precis_article *a = NULL;
    assert_int_equal(precis_reader_next(r, &a), PRECIS_OK);
    assert_string_equal(precis_article_id(a), "a");
    precis_article_free(a);
    assert_int_equal(precis_reader_next(r, &a), PRECIS_EPARSE);
    assert_null(a);
    const char *err = precis_reader_error(r);
    assert_non_null(strstr(err, "nul.jsonl:2: NUL byte in line"));
    assert_int_equal(precis_reader_next(r, &a), PRECIS_OK);
    assert_string_equal(precis_article_id(a), "c");
    precis_article_free(a);
    assert_int_equal(precis_reader_next(r, &a), PRECIS_OK);
    assert_null(a);
    precis_reader_free(r);
}

static void test_real_data(void **state)
{
    (void)state;
    const char *data = getenv("PRECIS_DATA");
    char path[4096];
    if (!data || !*data) {
        printf("PRECIS_DATA not set: skipping the real-data check\n");
        skip();
    }
    snprintf(path, sizeof path, "%s/reuters21578/reuters21578.jsonl", data);
    if (access(path, R_OK) != 0) {
        printf("%s missing: skipping the real-data check\n", path);
        skip();
    }
    precis_reader *r = NULL;
    assert_int_equal(precis_reader_new(NULL, &r), PRECIS_OK);
    assert_int_equal(precis_reader_add(r, path), PRECIS_OK);
    size_t n = 0, dated = 0;
    for (;;) {
        precis_article *a = NULL;
        const precis_status st = precis_reader_next(r, &a);
        if (st != PRECIS_OK)
            fail_msg("%s", precis_reader_error(r));
        if (!a)
            break;
        n++;
        dated += precis_article_date(a).year == 1987;
        check_spans(a);
        precis_article_free(a);
    }
    precis_reader_free(r);
    assert_int_equal(n, 21578);
    assert_int_equal(dated, n);

    snprintf(path, sizeof path, "%s/bbc-news-summary/articles", data);
    assert_int_equal(precis_reader_new(NULL, &r), PRECIS_OK);
    assert_int_equal(precis_reader_add(r, path), PRECIS_OK);
    n = 0;
    for (;;) {
        precis_article *a = NULL;
        const precis_status st = precis_reader_next(r, &a);
        if (st != PRECIS_OK)
            fail_msg("%s", precis_reader_error(r));
        if (!a)
            break;
        n++;
        if (!precis_article_title(a))
            fail_msg("%s: no title", precis_article_path(a));
        check_spans(a);
        precis_article_free(a);
    }
    precis_reader_free(r);
    assert_true(n > 1000);
}

static int setup(void **state)
{
    (void)state;
    snprintf(fixture_dir, sizeof fixture_dir, "%s", __FILE__);
    char *slash = strrchr(fixture_dir, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(fixture_dir, sizeof fixture_dir, ".");
    strncat(fixture_dir, "/../data/articles", sizeof fixture_dir - strlen(fixture_dir) - 1);
    snprintf(tmp_dir, sizeof tmp_dir, "/tmp/precis_test_article_XXXXXX");
    return mkdtemp(tmp_dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    static const char *const names[] = {"fm_year.txt", "fm_full.txt",  "fm_open.txt", "q.txt",
                                        "nb.txt",      "quoted.txt",   "cp1252.txt",  "bom.txt",
                                        "crlf.txt",    "bin.txt",      "empty.txt",   "bin.jsonl",
                                        "stdin.jsonl", "blocks.jsonl", "nul.jsonl"};
    char path[512];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", tmp_dir, names[i]);
        unlink(path);
    }
    rmdir(tmp_dir);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_front_matter),
        cmocka_unit_test(test_front_matter_year_fills_dateline),
        cmocka_unit_test(test_bbc_title),
        cmocka_unit_test(test_question_title),
        cmocka_unit_test(test_no_title),
        cmocka_unit_test(test_unwrapped_title),
        cmocka_unit_test(test_belta_dateline),
        cmocka_unit_test(test_cnn_prefix),
        cmocka_unit_test(test_reuters_jsonl),
        cmocka_unit_test(test_cp1252),
        cmocka_unit_test(test_bom_and_crlf),
        cmocka_unit_test(test_binary_and_empty),
        cmocka_unit_test(test_directory_walk),
        cmocka_unit_test(test_walked_file_gone),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_memory_inputs),
        cmocka_unit_test(test_paragraphs_split),
        cmocka_unit_test(test_stdin_jsonl_sniff),
        cmocka_unit_test(test_texts_outlive_reader),
        cmocka_unit_test(test_jsonl_texts_outlive_reader),
        cmocka_unit_test(test_jsonl_blocks),
        cmocka_unit_test(test_jsonl_nul_line),
        cmocka_unit_test(test_real_data),
    };
    return cmocka_run_group_tests_name("article", tests, setup, teardown);
}
