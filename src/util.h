/* util.h - small internal helpers shared by the modules: growable arrays, a byte buffer and
 * a string hash. Nothing here prints or exits; allocation failure is reported to the caller. */
#ifndef PRECIS_UTIL_H
#define PRECIS_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

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

/* qsort that accepts an empty array with a NULL base (qsort itself must not be given NULL,
 * even for zero elements: C11 7.22.5). */
void sort_array(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));

/* A zeroed, 64-byte aligned array of n bytes for a hash table (no slot straddles two cache
 * lines); free it with table_free(p, n) and the same n. NULL when out of memory. See util.c for
 * why. */
void *table_alloc(size_t n);
void table_free(void *p, size_t n);

/* As GROW, for arrays that grow to megabytes (by term id, say): the new elements read as zero,
 * and from a fraction of 2 MiB on the array lives in a mapping of its own as table_alloc()'s
 * tables do, grown a whole span at a time and moved by remapping its pages, not by copying
 * them. Free with table_free(*ptr, *cap * elem). */
int grow_zeroed(void **ptr, size_t *cap, size_t need, size_t elem);

#define GROW_ZEROED(ptr, cap, need) grow_zeroed((void **)&(ptr), &(cap), (need), sizeof *(ptr))

/* A block of memory whose parts go to things freed in any order and in any thread (articles'
 * texts, docs' tokens): an owner that keeps many of them (a two-pass command keeps a whole
 * corpus) has them packed densely, the large blocks in their own huge-page mappings
 * (table_alloc()), instead of in a fresh 4 KiB page, and a page fault, every few kilobytes.
 * The owner (a reader, a pipeline) keeps a current block; each holder of a part has one
 * reference, and the owner one while the block is current, so the block goes with the last
 * of them. Only the owner hands out parts. */
typedef struct shared_block shared_block;

/* Makes *cur a block with room for n bytes at an offset that is a multiple of align (a power
 * of two, 64 at most): the current block, emptied first when it holds no part any more, or a
 * new one, of first bytes while nothing has outgrown that, else of next bytes. Returns where
 * the room starts with one reference taken for the caller, and the bytes free from there in
 * *room (n or more); nothing is handed out until shared_block_use(). NULL when n bytes do
 * not fit a block of next bytes or memory ran out (then *cur is as it was). */
void *shared_block_take(shared_block **cur, size_t n, size_t align, size_t first, size_t next,
                        size_t *room);
/* Hands out n bytes of b's room to the part just placed there (the owner only). */
void shared_block_use(shared_block *b, size_t n);
/* n more bytes right after what b handed out, at a multiple of 64, handed out at once with no
 * new reference (a part growing in place); NULL when they do not fit. */
void *shared_block_extend(shared_block *b, size_t n);
/* Drops one reference; the block is freed with the last. b may be NULL. */
void shared_block_release(shared_block *b);

/* Copies n bytes into a new NUL-terminated string; NULL when out of memory. */
char *xstrndup(const char *s, size_t n);

/* 64-bit FNV-1a. Its values are stored (the corpus store's content hashes), so it never
 * changes; in-memory tables use hash_str(). */
uint64_t hash_bytes(const void *p, size_t n);

static inline uint64_t load64(const unsigned char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

static inline uint64_t load32(const unsigned char *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

/* Whether a[0..n) == b[0..n): two overlapping loads for the short keys of the hash tables
 * (inlined; memcmp is a call), memcmp beyond 16 bytes. */
static inline int bytes_equal(const void *x, const void *y, size_t n)
{
    const unsigned char *a = x, *b = y;
    if (n > 16)
        return memcmp(a, b, n) == 0;
    if (n >= 8)
        return load64(a) == load64(b) && load64(a + n - 8) == load64(b + n - 8);
    if (n >= 4)
        return load32(a) == load32(b) && load32(a + n - 4) == load32(b + n - 4);
    if (n > 0)
        return a[0] == b[0] && a[n >> 1] == b[n >> 1] && a[n - 1] == b[n - 1];
    return 1;
}

/* The murmur3 / splitmix64 finaliser: every input bit reaches every output bit. */
static inline uint64_t hash_mix(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

/* Hash of the hash tables: eight bytes a step, and a word of up to 16 bytes (nearly every
 * token) in two overlapping loads that never read outside s[0..n), instead of FNV-1a's
 * multiply a byte. Fixed constants, no seed: output never depends on the run. */
static inline uint64_t hash_str(const void *p, size_t n)
{
    const unsigned char *s = p;
    uint64_t h = 0x9e3779b97f4a7c15ULL ^ n;
    while (n > 16) {
        h = (h ^ load64(s)) * 0xbf58476d1ce4e5b9ULL;
        h ^= h >> 31;
        s += 8;
        n -= 8;
    }
    if (n >= 8)
        return hash_mix(hash_mix(h ^ load64(s)) ^ load64(s + n - 8));
    /* Up to seven bytes fit one word whole, so one mixing round does. */
    uint64_t a = 0;
    if (n >= 4)
        a = load32(s) | (load32(s + n - 4) << 32);
    else if (n > 0)
        a = ((uint64_t)s[0] << 16) | ((uint64_t)s[n >> 1] << 8) | s[n - 1];
    return hash_mix(h ^ a);
}

#endif
