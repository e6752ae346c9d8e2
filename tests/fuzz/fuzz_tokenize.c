/* fuzz_tokenize.c - libFuzzer target: on any bytes, tokens are non-empty, in bounds, in order,
 * never overlap, the loop ends, and normalising each token succeeds. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tokenize.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A copy of exactly size bytes, so ASan catches any read at or past the end. */
    char *text = malloc(size ? size : 1);
    if (!text)
        return 0;
    if (size)
        memcpy(text, data, size);
    buf norm = {0};
    size_t pos = 0, prev_end = 0, count = 0;
    raw_token t;
    while (tokenize_next(text, size, &pos, &t)) {
        if (t.start < prev_end || t.end <= t.start || t.end > size || pos != t.end || t.kind > 5 ||
            ++count > size)
            abort();
        prev_end = t.end;
        if (utf8_normalize(text + t.start, t.end - t.start, &norm))
            abort();
        if (utf8_validate(norm.data, norm.len) != norm.len)
            abort();
    }
    if (pos != size)
        abort();
    buf_free(&norm);
    free(text);
    return 0;
}
