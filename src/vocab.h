/* vocab.h - term interning: each distinct string is stored once in an arena and known by a
 * dense uint32_t id; tables elsewhere hold ids, not strings. Open addressing, hash_str(). */
#ifndef PRECIS_VOCAB_H
#define PRECIS_VOCAB_H

#include <stddef.h>
#include <stdint.h>

#define VOCAB_NONE UINT32_MAX

typedef struct vocab vocab;

vocab *vocab_new(void); /* NULL when out of memory; free with vocab_free() */
void vocab_free(vocab *v);
/* Id of s[0..len), adding it when new. Returns VOCAB_NONE when out of memory. */
uint32_t vocab_intern(vocab *v, const char *s, size_t len);
/* The same with h == hash_str(s, len) already computed by the caller. */
uint32_t vocab_intern_hashed(vocab *v, const char *s, size_t len, uint64_t h);
/* Id of s or VOCAB_NONE when absent; never adds. */
uint32_t vocab_find(const vocab *v, const char *s, size_t len);
/* NUL-terminated string of id (borrowed, valid until vocab_free()); *len if len != NULL. */
const char *vocab_str(const vocab *v, uint32_t id, size_t *len);
size_t vocab_count(const vocab *v);

#endif
