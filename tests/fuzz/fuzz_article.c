/* fuzz_article.c - libFuzzer target: arbitrary bytes read as a plain-text file, as a JSON
 * Lines file and as a .json array; every article must keep its body and paragraph spans
 * inside its text, ordered. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "precis.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const precis_article *a)
{
    size_t len;
    const char *t = precis_article_text(a, &len);
    if (!t || t[len] != '\0' || !precis_article_id(a) || !precis_article_path(a))
        abort();
    const precis_span b = precis_article_body(a);
    if (b.start > b.end || b.end > len)
        abort();
    size_t prev = b.start;
    for (size_t i = 0; i < precis_article_paragraph_count(a); i++) {
        const precis_span p = precis_article_paragraph(a, i);
        if (p.start < prev || p.start >= p.end || p.end > b.end)
            abort();
        prev = p.end;
    }
    const char *title = precis_article_title(a);
    if (title && strlen(title) == 0)
        abort();
    char buf[16];
    const precis_date d = precis_article_date(a);
    precis_date_format(&d, buf, sizeof buf);
}

static void read_as(const char *name, const uint8_t *data, size_t size, int year)
{
    const precis_read_options o = {PRECIS_INPUT_AUTO, year, 0};
    precis_reader *r = NULL;
    if (precis_reader_new(&o, &r) != PRECIS_OK)
        return;
    if (precis_reader_add_memory(r, name, (const char *)data, size) != PRECIS_OK) {
        precis_reader_free(r);
        return;
    }
    /* Each call either makes progress or ends; a bound catches a reader that loops. */
    for (size_t guard = 0; guard <= size + 2; guard++) {
        precis_article *a = NULL;
        const precis_status st = precis_reader_next(r, &a);
        while (precis_reader_warning(r))
            ;
        if (st == PRECIS_OK && !a)
            break;
        if (st != PRECIS_OK) {
            if (a || !*precis_reader_error(r))
                abort();
            continue;
        }
        check(a);
        precis_article_free(a);
    }
    precis_reader_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    read_as("fuzz/input.txt", data, size, 0);
    read_as("fuzz/input.jsonl", data, size, 2022);
    /* A .json name opening with '[' takes the whole-document path. */
    if (size && data[0] == '[')
        read_as("fuzz/input.json", data, size, 0);
    return 0;
}
