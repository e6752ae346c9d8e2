/* vocab.c - term interning. Strings live in an arena of fixed blocks (so borrowed pointers
 * never move); an open-addressing table with linear probing maps them to dense ids. */
#include "vocab.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

#define BLOCK_SIZE ((size_t)64 * 1024)

typedef struct block {
    struct block *next;
    size_t used, cap;
    char data[]; /* flexible array member, not a VLA */
} block;

/* An entry keeps a string's first bytes (head()) beside its pointer, so that comparing a
 * word of up to eight bytes never touches the arena: once the tables outgrow the CPU caches,
 * each memory access a probe saves is what interning costs. */
typedef struct entry {
    uint64_t head;
    const char *str;
    uint32_t len;
} entry;

/* A slot keeps the hash's high half next to the id so a probe rarely touches the entries; its
 * low bits are also the slot's index, so growing the table never reads a string again. */
typedef struct slot {
    uint32_t id1; /* id + 1; 0 marks an empty slot */
    uint32_t tag;
} slot;

/* The first min(n, 8) bytes of s as one word that never reads outside s[0..n); with n it tells
 * those bytes exactly. */
static uint64_t head(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    if (n >= 8)
        return load64(s);
    if (n >= 4)
        return load32(s) | (load32(s + n - 4) << 32);
    return n ? ((uint64_t)s[0] << 16) | ((uint64_t)s[n >> 1] << 8) | s[n - 1] : 0;
}

static int same(const entry *e, const char *s, size_t len, uint64_t h8)
{
    return e->len == len && e->head == h8 && (len <= 8 || bytes_equal(e->str + 8, s + 8, len - 8));
}

struct vocab {
    block *blocks;
    entry *entries;
    size_t count, cap;
    slot *table;
    size_t mask; /* table size - 1, a power of two */
};

vocab *vocab_new(void)
{
    vocab *v = calloc(1, sizeof *v);
    if (!v)
        return NULL;
    v->table = table_alloc(256 * sizeof *v->table);
    if (!v->table) {
        free(v);
        return NULL;
    }
    v->mask = 255;
    return v;
}

void vocab_free(vocab *v)
{
    if (!v)
        return;
    block *b = v->blocks;
    while (b) {
        block *const next = b->next;
        free(b);
        b = next;
    }
    table_free(v->entries, v->cap * sizeof *v->entries);
    table_free(v->table, (v->mask + 1) * sizeof *v->table);
    free(v);
}

static char *arena_copy(vocab *v, const char *s, size_t len)
{
    block *b = v->blocks;
    if (!b || b->cap - b->used < len + 1) {
        const size_t cap = len + 1 > BLOCK_SIZE ? len + 1 : BLOCK_SIZE;
        b = malloc(sizeof *b + cap);
        if (!b)
            return NULL;
        b->used = 0;
        b->cap = cap;
        /* A block made for one huge string goes behind the current one so the rest of the
         * current block's room is not wasted. */
        if (v->blocks && cap > BLOCK_SIZE) {
            b->next = v->blocks->next;
            v->blocks->next = b;
        } else {
            b->next = v->blocks;
            v->blocks = b;
        }
    }
    char *const d = b->data + b->used;
    memcpy(d, s, len);
    d[len] = '\0';
    b->used += len + 1;
    return d;
}

static int rehash(vocab *v)
{
    const size_t size = (v->mask + 1) * 2;
    slot *const t = table_alloc(size * sizeof *t);
    if (!t)
        return -1;
    const size_t mask = size - 1;
    for (size_t i = 0; i <= v->mask; i++) {
        const slot sl = v->table[i];
        if (!sl.id1)
            continue;
        size_t h = sl.tag & mask;
        while (t[h].id1)
            h = (h + 1) & mask;
        t[h] = sl;
    }
    table_free(v->table, (v->mask + 1) * sizeof *v->table);
    v->table = t;
    v->mask = mask;
    return 0;
}

/* Finds s's slot: the one holding it, or the empty one where it would go. */
static size_t probe(const vocab *v, const char *s, size_t len, uint64_t h)
{
    const uint32_t tag = (uint32_t)(h >> 32);
    const uint64_t h8 = head(s, len);
    size_t i = (size_t)tag & v->mask;
    for (;;) {
        const slot sl = v->table[i];
        if (!sl.id1)
            return i;
        if (sl.tag == tag && same(&v->entries[sl.id1 - 1], s, len, h8))
            return i;
        i = (i + 1) & v->mask;
    }
}

uint32_t vocab_intern(vocab *v, const char *s, size_t len)
{
    return vocab_intern_hashed(v, s, len, hash_str(s, len));
}

uint32_t vocab_intern_hashed(vocab *v, const char *s, size_t len, uint64_t h)
{
    if (len > UINT32_MAX)
        return VOCAB_NONE;
    size_t i = probe(v, s, len, h);
    if (v->table[i].id1)
        return v->table[i].id1 - 1;
    /* Ids stop one short of VOCAB_NONE so it stays a distinct marker. */
    if (v->count >= UINT32_MAX - 1)
        return VOCAB_NONE;
    /* Keep the load factor at most one half so probe runs stay short. */
    if ((v->count + 1) * 2 > v->mask + 1) {
        if (rehash(v))
            return VOCAB_NONE;
        i = probe(v, s, len, h);
    }
    if (GROW_ZEROED(v->entries, v->cap, v->count + 1))
        return VOCAB_NONE;
    const char *const d = arena_copy(v, s, len);
    if (!d)
        return VOCAB_NONE;
    const uint32_t id = (uint32_t)v->count++;
    v->entries[id].head = head(s, len);
    v->entries[id].str = d;
    v->entries[id].len = (uint32_t)len;
    v->table[i].id1 = id + 1;
    v->table[i].tag = (uint32_t)(h >> 32);
    return id;
}

uint32_t vocab_find(const vocab *v, const char *s, size_t len)
{
    if (len > UINT32_MAX)
        return VOCAB_NONE;
    const size_t i = probe(v, s, len, hash_str(s, len));
    return v->table[i].id1 ? v->table[i].id1 - 1 : VOCAB_NONE;
}

const char *vocab_str(const vocab *v, uint32_t id, size_t *len)
{
    if (id >= v->count) {
        if (len)
            *len = 0;
        return NULL;
    }
    if (len)
        *len = v->entries[id].len;
    return v->entries[id].str;
}

size_t vocab_count(const vocab *v)
{
    return v->count;
}
