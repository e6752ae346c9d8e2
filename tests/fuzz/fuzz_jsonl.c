/* fuzz_jsonl.c - libFuzzer differential target: the JSON Lines fast path against jansson, the
 * reference. Whatever line the fast path accepts, json_loadb() must accept too, as an object
 * with the same record fields (same kinds, same string bytes, same integers). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "jsonl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void same_value(const jsonl_value *fast, const jsonl_value *ref)
{
    if (fast->kind != ref->kind)
        abort();
    if (fast->kind == JSONL_STRING &&
        (fast->len != ref->len || memcmp(fast->s, ref->s, fast->len) != 0 ||
         memchr(fast->s, 0, fast->len)))
        abort();
    if (fast->kind == JSONL_INTEGER && fast->integer != ref->integer)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *line = (const char *)data;
    buf scratch = {0};
    jsonl_record fast;
    const int got = jsonl_parse_fast(line, size, &scratch, &fast);
    if (got < 0)
        abort(); /* out of memory on a fuzzer-sized input */
    json_error_t err;
    json_t *root = json_loadb(line, size, 0, &err);
    if (got == 1) {
        if (!root || !json_is_object(root))
            abort();
        jsonl_record ref;
        jsonl_from_json(root, &ref);
        if (fast.f[JSONL_TEXT].kind != JSONL_STRING)
            abort();
        for (int k = 0; k < JSONL_NFIELDS; k++)
            same_value(&fast.f[k], &ref.f[k]);
    }
    json_decref(root);
    buf_free(&scratch);
    return 0;
}
