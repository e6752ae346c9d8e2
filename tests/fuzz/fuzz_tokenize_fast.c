/* fuzz_tokenize_fast.c - libFuzzer differential target: tokenize_next(), with its inline path
 * for plain ASCII words, gives exactly the tokens of the full tokenizer alone
 * (tokenize_next_slow()) on any bytes, and so do tokenize_many() with its 64-byte blocks and
 * tokenize_many_portable(). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tokenize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A copy of exactly size bytes, so ASan catches any read at or past the end. */
    char *text = malloc(size ? size : 1);
    if (!text)
        return 0;
    if (size)
        memcpy(text, data, size);
    size_t fast_pos = 0, slow_pos = 0;
    raw_token f, s;
    for (;;) {
        const int got_fast = tokenize_next(text, size, &fast_pos, &f);
        const int got_slow = tokenize_next_slow(text, size, &slow_pos, &s);
        if (got_fast != got_slow || fast_pos != slow_pos)
            abort();
        if (!got_fast)
            break;
        if (f.start != s.start || f.end != s.end || f.kind != s.kind)
            abort();
    }
    /* tokenize_many() and tokenize_many_portable() in batches of 7, against the full
     * tokenizer again. */
    for (int portable = 0; portable < 2; portable++) {
        size_t many_pos = 0, got, k = 0;
        raw_token batch[7];
        slow_pos = 0;
        do {
            got = portable ? tokenize_many_portable(text, size, size, &many_pos, batch, 7)
                           : tokenize_many(text, size, size, &many_pos, batch, 7);
            for (k = 0; k < got; k++) {
                if (!tokenize_next_slow(text, size, &slow_pos, &s) || batch[k].start != s.start ||
                    batch[k].end != s.end || batch[k].kind != s.kind)
                    abort();
            }
        } while (got == 7);
        if (many_pos != size || tokenize_next_slow(text, size, &slow_pos, &s))
            abort();
    }
    free(text);
    return 0;
}
