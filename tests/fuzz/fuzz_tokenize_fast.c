/* fuzz_tokenize_fast.c - libFuzzer differential target: tokenize_next(), with its inline path
 * for plain ASCII words, gives exactly the tokens of the full tokenizer alone
 * (tokenize_next_slow()) on any bytes. */
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
    free(text);
    return 0;
}
