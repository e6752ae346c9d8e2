/* util.c - growable arrays, byte buffers, hash-table memory and the string hash used across
 * the library. */
/* mmap()'s MAP_ANONYMOUS, madvise()'s MADV_HUGEPAGE and mremap() are not in POSIX 2008. */
#define _GNU_SOURCE
#include "util.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__linux__)
#include <sys/mman.h>
#endif

int grow_array(void **ptr, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t ncap = *cap ? *cap : 8;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2)
            return -1;
        ncap *= 2;
    }
    if (ncap > SIZE_MAX / elem)
        return -1;
    void *p = realloc(*ptr, ncap * elem);
    if (!p)
        return -1;
    *ptr = p;
    *cap = ncap;
    return 0;
}

int buf_append(buf *b, const char *s, size_t n)
{
    if (n > SIZE_MAX - b->len - 1)
        return -1;
    if (GROW(b->data, b->cap, b->len + n + 1))
        return -1;
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int buf_putc(buf *b, char c)
{
    return buf_append(b, &c, 1);
}

void buf_free(buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

char *buf_detach(buf *b)
{
    char *s = b->data;
    if (!s)
        s = calloc(1, 1);
    b->data = NULL;
    b->len = b->cap = 0;
    return s;
}

/* Hash tables of a few megabytes (the surface forms, the terms) are probed at random: with
 * 4 KiB pages nearly every probe also misses the TLB, and a page walk under virtualisation
 * costs as much as the cache miss itself; filling such a table also takes a page fault every
 * 4 KiB (some 2.8 us each on a virtual machine). Tables from TABLE_MAPPED bytes on are therefore
 * mapped on their own, in whole spans of TABLE_HUGE bytes aligned to TABLE_HUGE, and advised
 * to use transparent huge pages (Linux; a hint the kernel may ignore). From a quarter of a span
 * on (128 small pages, each a fault) one huge page, one fault and cleared by the kernel, costs
 * less. Fresh anonymous pages read as zero, so nothing is cleared by hand. */
#define TABLE_HUGE ((size_t)2 << 20)
#define TABLE_MAPPED (TABLE_HUGE / 4)

/* A small table: zeroed, 64-byte aligned so that no slot straddles two cache lines. */
static void *small_table(size_t n)
{
    n = n ? (n + 63) & ~(size_t)63 : 64; /* aligned_alloc wants a multiple of the alignment */
    void *const t = aligned_alloc(64, n);
    return t ? memset(t, 0, n) : NULL;
}

#if defined(__linux__) && defined(MAP_ANONYMOUS) && defined(MADV_HUGEPAGE)
static size_t table_span(size_t n)
{
    return (n + TABLE_HUGE - 1) & ~(TABLE_HUGE - 1);
}

void *table_alloc(size_t n)
{
    if (n < TABLE_MAPPED)
        return small_table(n);
    if (n > SIZE_MAX - 2 * TABLE_HUGE)
        return NULL;
    const size_t span = table_span(n), over = span + TABLE_HUGE;
    char *const m = mmap(NULL, over, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        return NULL;
    /* Keep the 2 MiB-aligned part, give back the rest. */
    const size_t skip = (TABLE_HUGE - (uintptr_t)m % TABLE_HUGE) % TABLE_HUGE;
    if (skip)
        munmap(m, skip);
    if (over - skip > span)
        munmap(m + skip + span, over - skip - span);
    madvise(m + skip, span, MADV_HUGEPAGE);
    return m + skip;
}

void table_free(void *p, size_t n)
{
    if (!p)
        return;
    if (n < TABLE_MAPPED)
        free(p);
    else
        munmap(p, table_span(n));
}

/* Moves a mapped array of n bytes to the start of the mapped array to, page tables and all,
 * instead of copying its bytes into fresh pages; its old place is left unmapped, and freeing
 * it is then a no-op. 1 when moved; 0 when small (malloc()'d) or mremap() is not there. */
static int move_pages(void *from, size_t n, void *to)
{
#if defined(MREMAP_FIXED)
    if (from && n >= TABLE_MAPPED) {
        const size_t span = table_span(n);
        return mremap(from, span, span, MREMAP_MAYMOVE | MREMAP_FIXED, to) != MAP_FAILED;
    }
#else
    (void)from, (void)n, (void)to;
#endif
    return 0;
}
#else
void *table_alloc(size_t n)
{
    return small_table(n);
}

void table_free(void *p, size_t n)
{
    (void)n;
    free(p);
}

static size_t table_span(size_t n)
{
    return n;
}

static int move_pages(void *from, size_t n, void *to)
{
    (void)from, (void)n, (void)to;
    return 0;
}
#endif

/* A zeroed array's next capacity for need elements: doubling, as grow_array(), to the end of its
 * span once it is mapped. 0 on overflow. */
static size_t zeroed_cap(size_t cap, size_t need, size_t elem)
{
    size_t ncap = cap ? cap : 8;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2)
            return 0;
        ncap *= 2;
    }
    if (ncap > (SIZE_MAX - 2 * TABLE_HUGE) / elem)
        return 0;
    return ncap * elem < TABLE_MAPPED ? ncap : table_span(ncap * elem) / elem;
}

int grow_zeroed(void **ptr, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    const size_t ncap = zeroed_cap(*cap, need, elem);
    if (!ncap)
        return -1;
    const size_t old = *cap * elem, size = ncap * elem;
    void *p;
    if (size < TABLE_MAPPED) {
        if (!(p = realloc(*ptr, size)))
            return -1;
        memset((char *)p + old, 0, size - old);
    } else {
        if (!(p = table_alloc(size)))
            return -1;
        if (!move_pages(*ptr, old, p)) {
            if (old)
                memcpy(p, *ptr, old);
            table_free(*ptr, old);
        }
    }
    *ptr = p;
    *cap = ncap;
    return 0;
}

void sort_array(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    if (n > 1)
        qsort(base, n, size, cmp);
}

char *xstrndup(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (!d)
        return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

uint64_t hash_bytes(const void *p, size_t n)
{
    const unsigned char *s = p;
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* ---- shared blocks ------------------------------------------------------------------------ */

struct shared_block {
    atomic_size_t refs; /* parts held, plus one while the block is its owner's current one */
    size_t size;        /* bytes of the whole block, this header included */
    size_t used;        /* bytes after the header handed out; only the owner reads it */
    int mapped;         /* from table_alloc(); else from aligned_alloc() */
};
#define SHARED_HEADER ((size_t)64) /* keeps the parts 64-byte aligned */
_Static_assert(sizeof(shared_block) <= SHARED_HEADER, "shared_block header");

void *shared_block_take(shared_block **cur, size_t n, size_t align, size_t first, size_t next,
                        size_t *room)
{
    shared_block *b = *cur;
    if (b && atomic_load(&b->refs) == 1)
        b->used = 0; /* no part left in it: reuse it from the start */
    if (b)
        b->used = (b->used + align - 1) & ~(align - 1);
    if (!b || n > b->size - SHARED_HEADER - b->used) {
        if (n > next - SHARED_HEADER)
            return NULL;
        /* The small first block only while nothing has outgrown it. A small block is a
         * heap one: it is reused, and a mapping of its own would waste most of a huge page. */
        const size_t size = !b && n <= first - SHARED_HEADER ? first : next;
        const int mapped = size >= TABLE_MAPPED;
        b = mapped ? table_alloc(size) : aligned_alloc(64, size);
        if (!b)
            return NULL;
        atomic_init(&b->refs, 1);
        b->size = size;
        b->used = 0;
        b->mapped = mapped;
        shared_block_release(*cur);
        *cur = b;
    }
    atomic_fetch_add(&b->refs, 1);
    *room = b->size - SHARED_HEADER - b->used;
    return (char *)b + SHARED_HEADER + b->used;
}

void shared_block_use(shared_block *b, size_t n)
{
    b->used += n;
}

void *shared_block_extend(shared_block *b, size_t n)
{
    const size_t at = (b->used + 63) & ~(size_t)63;
    if (at > b->size - SHARED_HEADER || n > b->size - SHARED_HEADER - at)
        return NULL;
    b->used = at + n;
    return (char *)b + SHARED_HEADER + at;
}

void shared_block_release(shared_block *b)
{
    if (b && atomic_fetch_sub(&b->refs, 1) == 1) {
        if (b->mapped)
            table_free(b, b->size);
        else
            free(b);
    }
}
