/* fuzz_sentences.c - libFuzzer target for the sentence segmenter: arbitrary bytes, split into
 * paragraphs on blank lines, must give in-bounds, ordered, non-empty, trimmed sentences. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sentences.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int is_space_byte(char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A copy without a terminating NUL, so reading past the end is caught by ASan. */
    char *text = malloc(size ? size : 1);
    precis_span *paras = malloc((size / 2 + 2) * sizeof *paras);
    if (!text || !paras)
        abort();
    if (size)
        memcpy(text, data, size);
    /* The first byte picks the language; paragraphs are split on "\n\n". */
    static const char *const langs[] = {"en", "ru", "de", "fr", "es", "fi", NULL, "xx"};
    const char *lang = size ? langs[data[0] % 8] : NULL;
    size_t npara = 0, start = 0;
    for (size_t i = 0; i + 1 < size; i++) {
        if (text[i] == '\n' && text[i + 1] == '\n') {
            paras[npara].start = start, paras[npara].end = i, npara++;
            start = i + 2;
            i++;
        }
    }
    paras[npara].start = start < size ? start : size, paras[npara].end = size, npara++;

    precis_sentence *s = NULL;
    size_t n = 0, cap = 0;
    if (sentences_split(text, paras, npara, lang, &s, &n, &cap) != PRECIS_OK)
        abort();
    size_t prev_end = 0;
    for (size_t k = 0; k < n; k++) {
        const precis_sentence *x = &s[k];
        if (x->paragraph >= npara || x->start >= x->end || x->start < prev_end)
            abort();
        if (x->start < paras[x->paragraph].start || x->end > paras[x->paragraph].end)
            abort();
        if (k > 0 && x->paragraph < s[k - 1].paragraph)
            abort();
        if (is_space_byte(text[x->start]) || is_space_byte(text[x->end - 1]))
            abort(); /* trimmed */
        if (x->first_token || x->token_count)
            abort();
        prev_end = x->end;
    }
    free(s);
    free(paras);
    free(text);
    return 0;
}
