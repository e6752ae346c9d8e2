/* util.h - small internal helpers shared by the modules: growable arrays, a byte buffer and
 * a string hash. Nothing here prints or exits; allocation failure is reported to the caller. */
#ifndef PRECIS_UTIL_H
#define PRECIS_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* Makes room for at least need elements of size elem in *ptr (capacity *cap, grown
 * geometrically). Returns 0, or -1 on overflow or out of memory (then *ptr is unchanged). */
int grow_array(void **ptr, size_t *cap, size_t need, size_t elem);

#define GROW(ptr, cap, need) grow_array((void **)&(ptr), &(cap), (need), sizeof *(ptr))

/* A growable byte string, always NUL-terminated once anything was appended. */
typedef struct buf {
    char *data;
    size_t len, cap;
} buf;

int buf_append(buf *b, const char *s, size_t n); /* 0 or -1 (out of memory) */
int buf_putc(buf *b, char c);
void buf_free(buf *b);
/* Detaches the string (caller frees); the buf is left empty. Never NULL on success. */
char *buf_detach(buf *b);

/* Copies n bytes into a new NUL-terminated string; NULL when out of memory. */
char *xstrndup(const char *s, size_t n);

/* 64-bit FNV-1a, used by every hash table here so that output never depends on pointers. */
uint64_t hash_bytes(const void *p, size_t n);

#endif
