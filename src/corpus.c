/* corpus.c - document frequencies keyed by term string (stems and 2-3 word phrase keys), kept
 * in a vocab of its own so docs from different pipelines share one table; TSV save and load. */
#include "corpus.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "vocab.h"

/* A stem sequence (pipeline stem ids) of the doc being added, so a repeated term is looked
 * up once per doc. */
typedef struct seq_slot {
    uint32_t stem[CORPUS_MAX_PHRASE];
    uint32_t n; /* words; 0 = empty */
} seq_slot;

/* A phrase key - 2 or 3 non-empty words joined by single spaces, "stem1 stem2[ stem3]" - is
 * kept as the ids of its words, each a key of its own: so a doc's phrases are counted, and
 * looked up through a view, from its stems' corpus ids without building or hashing a string
 * (most of the time spent counting went to that). Every other key, a stem or whatever a
 * loaded table holds, is kept by its bytes. Each string has one form, so the table is still
 * keyed by strings for every caller. */
typedef struct tuple_slot {
    uint32_t word[CORPUS_MAX_PHRASE]; /* the words' ids; VOCAB_NONE after the last */
    uint32_t id1;                     /* the phrase's id + 1; 0 = empty */
} tuple_slot;

/* Byte keys of 1 to KEY_INLINE bytes (nearly every stem) are kept in a table of their own
 * with their bytes inline, so that finding one touches one cache line instead of the vocab's
 * three (slot, entry, bytes). Only the other byte keys (longer ones, and the empty one) go to
 * the vocab. */
#define KEY_INLINE 24

typedef struct key_slot {
    uint64_t word[KEY_INLINE / 8]; /* the bytes, zero-padded */
    uint32_t len;                  /* 0 = empty */
    uint32_t id;
} key_slot;

/* Ids stay below KEY_LONE, so a view can mark a stem that can be no word of a phrase key:
 * one whose string holds a space (NFKC makes a few letters into several words) or is empty.
 * A phrase holding it is looked up by its string, which has its own form. */
#define KEY_LONE 0x80000000u

/* A pending byte key's stem and how it is kept. */
typedef struct pending_of {
    uint32_t stem;   /* pipeline stem id */
    uint8_t outline; /* its bytes are in long_keys (long, empty or holding a space) */
    uint8_t lone;    /* no word of a phrase key (stem_lone()) */
} pending_of;

/* The terms of the doc being added, gathered from its pipeline without touching the corpus
 * (so a view can gather while another thread counts), then looked up and counted. */
typedef struct gather {
    uint32_t *scratch; /* ids of the doc being added: scratch[0..count) */
    size_t scratch_cap, count;
    seq_slot *seqs; /* stem sequences of the doc being added: open addressing */
    size_t seqs_cap, seqs_mask, nseqs;
    uint32_t seqs_gen; /* a slot is taken when its n is SEQ_TAG(words, seqs_gen) */
    /* Distinct stems of the doc being added whose id is not known yet: as slots, but id
     * holds the hash of an inline key, or where another key's bytes start in long_keys. */
    key_slot *pending;
    pending_of *pending_of;
    size_t npending, pending_cap, pending_of_cap;
    buf long_keys;
    /* Phrases of the doc being added, VOCAB_NONE padded: distinct ones by their stems, or
     * every occurrence by its words' corpus ids (n | PHRASE_BY_ID) when a view knew them all. */
    seq_slot *phrases;
    size_t nphrases, phrases_cap;
    buf key; /* a phrase key being built */
} gather;

static void gather_free(gather *g)
{
    free(g->scratch);
    free(g->seqs);
    free(g->pending);
    free(g->pending_of);
    free(g->phrases);
    buf_free(&g->long_keys);
    buf_free(&g->key);
}

/* A term's document frequency, and the counting round that last counted it: together, so
 * counting a doc's term touches one cache line, not one in each of two arrays. */
typedef struct df_cell {
    size_t df;
    uint32_t seen;
} df_cell;

struct precis_corpus {
    vocab *terms;     /* byte keys that are not inline */
    uint32_t *vid_id; /* by vocab id: the key's id */
    size_t vid_cap;
    size_t count;   /* keys: ids are 0..count-1 */
    key_slot *keys; /* open addressing, at most half full; 64-byte aligned */
    size_t keys_mask, nkeys;
    tuple_slot *tuples; /* phrase keys: the same */
    size_t tuples_mask, ntuples;
    df_cell *df; /* by term id */
    size_t df_cap;
    uint32_t round; /* one per document counted (a doc, or a sentence standing in for one) */
    size_t docs;
    gather g; /* for precis_corpus_add (a view has its own) */
    char error[512];
};

/* The corpus ids of one pipeline's stems, found once and then read by index instead of by
 * hashing the stem's string. An id, once given, never changes and its key never leaves, so an
 * entry stays true whatever is counted later: nothing to invalidate. */
struct precis_corpus_view {
    precis_corpus *c;
    const precis_pipeline *p;
    uint32_t *cid; /* by pipeline stem id: corpus id + 1 (| KEY_LONE); 0 = not known yet */
    size_t cap;
    uint8_t *memo; /* corpus_view_term_memo() */
    size_t memo_cap;
    void *zeroed; /* corpus_view_zeroed() */
    size_t zeroed_cap;
    void *scratch[CORPUS_VIEW_SCRATCH]; /* corpus_view_scratch() */
    size_t scratch_cap[CORPUS_VIEW_SCRATCH];
    void *kept; /* corpus_view_kept() */
    size_t kept_size;
    gather g;     /* the doc of precis_corpus_view_gather() */
    int gathered; /* 1 when g holds a doc not counted yet */
};

precis_status precis_corpus_new(precis_corpus **out)
{
    *out = NULL;
    precis_corpus *c = calloc(1, sizeof *c);
    if (!c)
        goto fail;
    c->terms = vocab_new();
    if (!c->terms)
        goto fail;
    *out = c;
    return PRECIS_OK;
fail:
    precis_corpus_free(c);
    return PRECIS_ENOMEM;
}

void precis_corpus_free(precis_corpus *c)
{
    if (!c)
        return;
    vocab_free(c->terms);
    free(c->vid_id);
    table_free(c->keys, c->keys ? (c->keys_mask + 1) * sizeof *c->keys : 0);
    table_free(c->tuples, c->tuples ? (c->tuples_mask + 1) * sizeof *c->tuples : 0);
    table_free(c->df, c->df_cap * sizeof *c->df);
    gather_free(&c->g);
    free(c);
}

size_t precis_corpus_doc_count(const precis_corpus *c)
{
    return c ? c->docs : 0;
}

/* s[0..len) (1 <= len <= KEY_INLINE) as a slot's words. */
static void key_words(const char *s, size_t len, uint64_t *w)
{
    char b[KEY_INLINE] = {0};
    memcpy(b, s, len);
    memcpy(w, b, sizeof b);
}

static size_t key_hash(const uint64_t *w, size_t len)
{
    return (size_t)hash_mix(w[0] ^ hash_mix(w[1] ^ hash_mix(w[2] ^ len)));
}

/* The slot holding the key (w, len) of hash h, or the empty slot where it would go. */
static key_slot *key_find(const precis_corpus *c, const uint64_t *w, size_t len, size_t h)
{
    for (h &= c->keys_mask;; h = (h + 1) & c->keys_mask) {
        key_slot *const e = &c->keys[h];
        if (!e->len ||
            (e->len == len && e->word[0] == w[0] && e->word[1] == w[1] && e->word[2] == w[2]))
            return e;
    }
}

/* The next size of a table of size slots of slot bytes: four times as many below
 * GROW_QUADRUPLE bytes, twice as many from there. Each growth rehashes every slot into fresh
 * memory (page faults and all); a small table quadruples, so a corpus of some size goes
 * through half as many small tables, for at most a few megabytes more. */
#define GROW_QUADRUPLE ((size_t)2 << 20)

static size_t grown_size(size_t size, size_t slot)
{
    return size * slot < GROW_QUADRUPLE ? size * 4 : size * 2;
}

/* Makes room for n more keys: the table grows (or is made) until they fit half full. */
static int keys_room(precis_corpus *c, size_t n)
{
    if (c->keys && 2 * (c->nkeys + n) <= c->keys_mask + 1)
        return 0;
    size_t size = c->keys ? grown_size(c->keys_mask + 1, sizeof *c->keys) : 4096;
    while (2 * (c->nkeys + n) > size)
        size *= 2;
    key_slot *const t = table_alloc(size * sizeof *t);
    if (!t)
        return -1;
    for (size_t i = 0; c->keys && i <= c->keys_mask; i++) {
        const key_slot *const e = &c->keys[i];
        if (!e->len)
            continue;
        size_t h = key_hash(e->word, e->len) & (size - 1);
        while (t[h].len)
            h = (h + 1) & (size - 1);
        t[h] = *e;
    }
    table_free(c->keys, c->keys ? (c->keys_mask + 1) * sizeof *c->keys : 0);
    c->keys = t;
    c->keys_mask = size - 1;
    return 0;
}

const char *precis_corpus_error(const precis_corpus *c)
{
    return c ? c->error : "";
}

/* Grows the df table to cover id; -1 when out of memory. */
static int df_grow(precis_corpus *c, size_t id)
{
    return GROW_ZEROED(c->df, c->df_cap, id + 1);
}

/* Makes the df table cover a new id (c->count); -1 when out of memory or ids. Inline, with
 * the growth apart: asked for each new key, a phrase's mostly, and it nearly always has room. */
static inline int id_room(precis_corpus *c)
{
    if (c->count >= KEY_LONE - 1)
        return -1;
    return c->count < c->df_cap ? 0 : df_grow(c, c->count);
}

/* Interns a byte key into c, growing the df and seen tables; VOCAB_NONE when out of memory.
 * k is as pending keys are: bytes inline (with hash in id) when len <= KEY_INLINE, else bytes
 * in s[0..len). The table must have room for it (keys_room). s must be no phrase key. */
static uint32_t intern_key(precis_corpus *c, const key_slot *k, const char *s)
{
    key_slot *e = NULL;
    size_t vid = 0;
    if (k->len >= 1 && k->len <= KEY_INLINE) {
        e = key_find(c, k->word, k->len, k->id);
        if (e->len)
            return e->id;
    } else {
        const size_t before = vocab_count(c->terms);
        vid = vocab_intern(c->terms, s, k->len);
        if (vid == VOCAB_NONE)
            return VOCAB_NONE;
        if (vid < before)
            return c->vid_id[vid];
        if (GROW(c->vid_id, c->vid_cap, vid + 1))
            return VOCAB_NONE;
        c->vid_id[vid] = VOCAB_NONE; /* until its df has room */
    }
    if (id_room(c))
        return VOCAB_NONE;
    const uint32_t id = (uint32_t)c->count;
    /* Last, so a key that is known always has its df. */
    c->count++;
    if (e) {
        memcpy(e->word, k->word, sizeof e->word);
        e->len = k->len;
        e->id = id;
        c->nkeys++;
    } else {
        c->vid_id[vid] = id;
    }
    return id;
}

/* s[0..len) as a pending key: inline bytes and hash when it fits, else len alone. */
static key_slot key_of(const char *s, size_t len)
{
    key_slot k = {{0}, (uint32_t)len, 0};
    if (len >= 1 && len <= KEY_INLINE) {
        key_words(s, len, k.word);
        k.id = (uint32_t)key_hash(k.word, len);
    }
    return k;
}

/* Interns the byte key s[0..len) (no phrase key) into c; VOCAB_NONE when out of memory. */
static uint32_t intern_bytes(precis_corpus *c, const char *s, size_t len)
{
    if (len > UINT32_MAX || keys_room(c, 1))
        return VOCAB_NONE;
    const key_slot k = key_of(s, len);
    return intern_key(c, &k, s);
}

/* The id of the byte key k (as key_of() makes it, bytes s[0..k->len)); VOCAB_NONE when
 * unknown. */
static uint32_t find_bytes(const precis_corpus *c, const key_slot *k, const char *s)
{
    if (k->len >= 1 && k->len <= KEY_INLINE) {
        if (!c->keys)
            return VOCAB_NONE;
        const key_slot *const e = key_find(c, k->word, k->len, k->id);
        return e->len ? e->id : VOCAB_NONE;
    }
    const uint32_t vid = vocab_find(c->terms, s, k->len);
    return vid == VOCAB_NONE ? VOCAB_NONE : c->vid_id[vid];
}

/* The words of s[0..len) when it is a phrase key: 2 or 3 non-empty words joined by single
 * spaces, word i at s + at[i], len[i] bytes. Returns their number; 0 for any other key. */
static size_t phrase_words(const char *s, size_t len, size_t *at, size_t *wlen)
{
    size_t n = 0, from = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && s[i] != ' ')
            continue;
        if (i == from || n == CORPUS_MAX_PHRASE)
            return 0;
        at[n] = from;
        wlen[n] = i - from;
        n++;
        from = i + 1;
    }
    return n >= 2 ? n : 0;
}

static inline size_t tuple_hash(const uint32_t *w)
{
    return (size_t)hash_mix(hash_mix(w[0] | (uint64_t)w[1] << 32) ^ w[2]);
}

/* The slot of the phrase of word ids w (hash h) in t, or the empty slot where it would go. */
static tuple_slot *tuple_find(tuple_slot *t, size_t mask, const uint32_t *w, size_t h)
{
    for (h &= mask;; h = (h + 1) & mask) {
        tuple_slot *const e = &t[h];
        if (!e->id1 || (e->word[0] == w[0] && e->word[1] == w[1] && e->word[2] == w[2]))
            return e;
    }
}

/* The id of the phrase of word ids w (hash h); VOCAB_NONE when unknown. */
static uint32_t tuple_id(const precis_corpus *c, const uint32_t *w, size_t h)
{
    return c->tuples ? tuple_find(c->tuples, c->tuples_mask, w, h)->id1 - 1 : VOCAB_NONE;
}

/* Makes room for n more phrase keys: the table grows (or is made) until they fit half full. */
static int tuples_room(precis_corpus *c, size_t n)
{
    if (c->tuples && 2 * (c->ntuples + n) <= c->tuples_mask + 1)
        return 0;
    size_t size = c->tuples ? grown_size(c->tuples_mask + 1, sizeof *c->tuples) : 4096;
    while (2 * (c->ntuples + n) > size)
        size *= 2;
    tuple_slot *const t = table_alloc(size * sizeof *t);
    if (!t)
        return -1;
    for (size_t i = 0; c->tuples && i <= c->tuples_mask; i++) {
        const tuple_slot *const e = &c->tuples[i];
        if (e->id1)
            *tuple_find(t, size - 1, e->word, tuple_hash(e->word)) = *e;
    }
    table_free(c->tuples, c->tuples ? (c->tuples_mask + 1) * sizeof *c->tuples : 0);
    c->tuples = t;
    c->tuples_mask = size - 1;
    return 0;
}

/* Interns the phrase of word ids w (hash h); VOCAB_NONE when out of memory. The table must
 * have room for it (tuples_room). */
static inline uint32_t intern_tuple(precis_corpus *c, const uint32_t *w, size_t h)
{
    tuple_slot *const e = tuple_find(c->tuples, c->tuples_mask, w, h);
    if (e->id1)
        return e->id1 - 1;
    if (id_room(c))
        return VOCAB_NONE;
    const uint32_t id = (uint32_t)c->count++;
    memcpy(e->word, w, sizeof e->word);
    e->id1 = id + 1;
    c->ntuples++;
    return id;
}

/* Interns any key s[0..len) into c, in its one form; VOCAB_NONE when out of memory. */
static uint32_t intern(precis_corpus *c, const char *s, size_t len)
{
    size_t at[CORPUS_MAX_PHRASE], wlen[CORPUS_MAX_PHRASE];
    const size_t n = phrase_words(s, len, at, wlen);
    if (!n)
        return intern_bytes(c, s, len);
    uint32_t w[CORPUS_MAX_PHRASE] = {VOCAB_NONE, VOCAB_NONE, VOCAB_NONE};
    for (size_t i = 0; i < n; i++)
        if ((w[i] = intern_bytes(c, s + at[i], wlen[i])) == VOCAB_NONE)
            return VOCAB_NONE;
    return tuples_room(c, 1) ? VOCAB_NONE : intern_tuple(c, w, tuple_hash(w));
}

/* The id of any key s[0..len); VOCAB_NONE when unknown. */
static uint32_t find_key(const precis_corpus *c, const char *s, size_t len)
{
    size_t at[CORPUS_MAX_PHRASE], wlen[CORPUS_MAX_PHRASE];
    const size_t n = phrase_words(s, len, at, wlen);
    if (!n) {
        const key_slot k = key_of(s, len);
        return find_bytes(c, &k, s);
    }
    uint32_t w[CORPUS_MAX_PHRASE] = {VOCAB_NONE, VOCAB_NONE, VOCAB_NONE};
    for (size_t i = 0; i < n; i++) {
        const key_slot k = key_of(s + at[i], wlen[i]);
        if ((w[i] = find_bytes(c, &k, s + at[i])) == VOCAB_NONE)
            return VOCAB_NONE;
    }
    return tuple_id(c, w, tuple_hash(w));
}

size_t precis_corpus_df(const precis_corpus *c, const char *term, size_t len)
{
    if (!c || !term)
        return 0;
    const uint32_t id = find_key(c, term, len);
    return id == VOCAB_NONE ? 0 : c->df[id].df;
}

void corpus_stem_dfs(const precis_corpus *c, const precis_pipeline *p, const uint32_t *stem,
                     size_t n, size_t *df)
{
    /* In runs of RUN: every slot is asked for before any is read. */
    enum { RUN = 32 };
    key_slot k[RUN];
    const char *str[RUN];
    for (size_t at = 0; at < n; at += RUN) {
        const size_t m = n - at < RUN ? n - at : RUN;
        for (size_t i = 0; i < m; i++) {
            size_t len = 0;
            str[i] = precis_pipeline_term(p, stem[at + i], &len);
            k[i] = key_of(str[i] ? str[i] : "", str[i] ? len : 0);
#ifdef __GNUC__
            if (c->keys && k[i].len >= 1 && k[i].len <= KEY_INLINE)
                __builtin_prefetch(&c->keys[k[i].id & c->keys_mask]);
#endif
        }
        for (size_t i = 0; i < m; i++) {
            if (!str[i]) {
                df[at + i] = 0;
            } else if (k[i].len >= 1 && k[i].len <= KEY_INLINE && !memchr(str[i], ' ', k[i].len)) {
                const key_slot *const e =
                    c->keys ? key_find(c, k[i].word, k[i].len, k[i].id) : NULL;
                df[at + i] = e && e->len ? c->df[e->id].df : 0;
            } else {
                df[at + i] = precis_corpus_df(c, str[i], k[i].len);
            }
        }
    }
}

/* 1 when the stem s[0..len) can be no word of a phrase key: empty, or holding a space. */
static int stem_lone(const char *s, size_t len)
{
    return !len || memchr(s, ' ', len) != NULL;
}

/* The id of the stem s[0..k->len) (k as key_of() makes it) as a view remembers it: id + 1,
 * with KEY_LONE for a lone stem; 0 when unknown. */
static uint32_t find_stem(const precis_corpus *c, const key_slot *k, const char *s)
{
    const int lone = stem_lone(s, k->len);
    const uint32_t id = lone ? find_key(c, s, k->len) : find_bytes(c, k, s);
    return id == VOCAB_NONE ? 0 : (id + 1) | (lone ? KEY_LONE : 0);
}

static int view_room(precis_corpus_view *v);
static int join_key(const precis_pipeline *p, const uint32_t *stem, size_t n, buf *key);

void corpus_view_stem_dfs(precis_corpus_view *v, const uint32_t *stem, size_t n, size_t *df)
{
    const precis_corpus *const c = v->c;
    if (view_room(v)) { /* out of memory: the slower way gives the same answer */
        corpus_stem_dfs(c, v->p, stem, n, df);
        return;
    }
    /* Known ids first (their df prefetched); the others in runs of RUN, every slot asked for
     * before any is read, as corpus_stem_dfs does. */
    enum { RUN = 32 };
    size_t miss[RUN];
    key_slot k[RUN];
    const char *str[RUN];
#ifdef __GNUC__
    for (size_t i = 0; i < n; i++)
        if (stem[i] < v->cap && v->cid[stem[i]])
            __builtin_prefetch(&c->df[(v->cid[stem[i]] & ~KEY_LONE) - 1]);
#endif
    size_t m = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n) {
            const uint32_t id = stem[i] < v->cap ? v->cid[stem[i]] & ~KEY_LONE : 0;
            if (id) {
                df[i] = c->df[id - 1].df;
                continue;
            }
            miss[m++] = i;
            if (m < RUN)
                continue;
        }
        for (size_t j = 0; j < m; j++) {
            size_t len = 0;
            str[j] = precis_pipeline_term(v->p, stem[miss[j]], &len);
            k[j] = key_of(str[j] ? str[j] : "", str[j] ? len : 0);
#ifdef __GNUC__
            if (c->keys && k[j].len >= 1 && k[j].len <= KEY_INLINE)
                __builtin_prefetch(&c->keys[k[j].id & c->keys_mask]);
#endif
        }
        for (size_t j = 0; j < m; j++) {
            const uint32_t id1 = str[j] ? find_stem(c, &k[j], str[j]) : 0;
            df[miss[j]] = id1 ? c->df[(id1 & ~KEY_LONE) - 1].df : 0;
            if (id1 && stem[miss[j]] < v->cap)
                v->cid[stem[miss[j]]] = id1;
        }
        m = 0;
    }
}

/* The corpus id of the view's stem as v->cid keeps it (id + 1, | KEY_LONE), learnt by its
 * string when v does not know it yet; 0 when the corpus has no such key. */
static uint32_t view_stem_id1(precis_corpus_view *v, uint32_t stem)
{
    if (stem >= v->cap)
        return 0;
    if (!v->cid[stem]) {
        size_t len = 0;
        const char *const s = precis_pipeline_term(v->p, stem, &len);
        if (!s)
            return 0;
        const key_slot k = key_of(s, len);
        v->cid[stem] = find_stem(v->c, &k, s);
    }
    return v->cid[stem];
}

precis_status corpus_view_seq_df(precis_corpus_view *v, const uint32_t *stem, size_t n, size_t *df)
{
    const precis_corpus *const c = v->c;
    *df = 0;
    if (n >= 1 && n <= CORPUS_MAX_PHRASE && !view_room(v)) {
        uint32_t w[CORPUS_MAX_PHRASE] = {VOCAB_NONE, VOCAB_NONE, VOCAB_NONE};
        int lone = 0;
        for (size_t i = 0; i < n && !lone; i++) {
            const uint32_t id1 = view_stem_id1(v, stem[i]);
            if (!id1)
                return PRECIS_OK; /* a word that is no key: no key holds it */
            lone = (id1 & KEY_LONE) != 0;
            w[i] = (id1 & ~KEY_LONE) - 1;
        }
        if (n == 1 || !lone) {
            const uint32_t id = n == 1 ? w[0] : tuple_id(c, w, tuple_hash(w));
            *df = id == VOCAB_NONE ? 0 : c->df[id].df;
            return PRECIS_OK;
        }
    }
    /* By its string: a lone stem (stem_lone()), a longer phrase, or out of memory above. */
    if (join_key(v->p, stem, n, &v->g.key))
        return PRECIS_ENOMEM;
    *df = precis_corpus_df(c, v->g.key.data ? v->g.key.data : "", v->g.key.len);
    return PRECIS_OK;
}

void corpus_view_seq_prefetch(const precis_corpus_view *v, const uint32_t *stem, size_t n)
{
#ifdef __GNUC__
    const precis_corpus *const c = v->c;
    if (n < 1 || n > CORPUS_MAX_PHRASE)
        return;
    uint32_t w[CORPUS_MAX_PHRASE] = {VOCAB_NONE, VOCAB_NONE, VOCAB_NONE};
    for (size_t i = 0; i < n; i++) {
        const uint32_t id1 = stem[i] < v->cap ? v->cid[stem[i]] : 0;
        if (!id1 || (id1 & KEY_LONE))
            return;
        w[i] = id1 - 1;
    }
    if (n == 1)
        __builtin_prefetch(&c->df[w[0]]);
    else if (c->tuples)
        __builtin_prefetch(&c->tuples[tuple_hash(w) & c->tuples_mask]);
#else
    (void)v;
    (void)stem;
    (void)n;
#endif
}

uint8_t *corpus_view_term_memo(precis_corpus_view *v)
{
    const size_t n = precis_pipeline_term_count(v->p);
    if (n >= v->memo_cap) {
        const size_t old = v->memo_cap;
        if (GROW(v->memo, v->memo_cap, n + 1))
            return NULL;
        memset(v->memo + old, 0, v->memo_cap - old);
    }
    return v->memo;
}

void *corpus_view_zeroed(precis_corpus_view *v, size_t size)
{
    if (size > v->zeroed_cap) {
        /* Doubling, so a run of ever larger docs reallocates a few times, not once each. */
        size_t cap = v->zeroed_cap ? v->zeroed_cap : 4096;
        while (cap < size)
            cap *= 2;
        void *const z = calloc(1, cap);
        if (!z)
            return NULL;
        free(v->zeroed);
        v->zeroed = z;
        v->zeroed_cap = cap;
    }
    return v->zeroed;
}

void *corpus_view_kept(precis_corpus_view *v, size_t size)
{
    if (!v->kept) {
        if (!(v->kept = calloc(1, size)))
            return NULL;
        v->kept_size = size;
    }
    assert(size == v->kept_size);
    return v->kept;
}

void *corpus_view_scratch(precis_corpus_view *v, size_t which, size_t size)
{
    return corpus_view_scratch_grow(v, which, size, 0);
}

void *corpus_view_scratch_grow(precis_corpus_view *v, size_t which, size_t size, size_t keep)
{
    assert(which < CORPUS_VIEW_SCRATCH);
    if (size > v->scratch_cap[which]) {
        /* Doubling, as corpus_view_zeroed(); no realloc, as it would lose the alignment and
         * move bytes most callers do not need. */
        size_t cap = v->scratch_cap[which] ? v->scratch_cap[which] : 4096;
        while (cap < size)
            cap *= 2;
        if (!keep) { /* freed first, so that malloc may grow it where it is */
            free(v->scratch[which]);
            v->scratch[which] = NULL;
            v->scratch_cap[which] = 0;
        }
        void *const z = aligned_alloc(CORPUS_VIEW_SCRATCH_ALIGN, cap);
        if (!z)
            return NULL;
        assert(keep <= v->scratch_cap[which]);
        if (keep)
            memcpy(z, v->scratch[which], keep);
        free(v->scratch[which]);
        v->scratch[which] = z;
        v->scratch_cap[which] = cap;
    }
    return v->scratch[which];
}

const precis_corpus *corpus_view_corpus(const precis_corpus_view *v)
{
    return v->c;
}

const precis_pipeline *corpus_view_pipeline(const precis_corpus_view *v)
{
    return v->p;
}

/* For tables counted elsewhere (the corpus store keeps per-day document frequencies). */
precis_status precis_corpus_add_df(precis_corpus *c, const char *term, size_t len, size_t df)
{
    const uint32_t id = intern(c, term, len);
    if (id == VOCAB_NONE)
        return PRECIS_ENOMEM;
    c->df[id].df += df;
    return PRECIS_OK;
}

void precis_corpus_add_docs(precis_corpus *c, size_t docs)
{
    c->docs += docs;
}

static int push_id(gather *g, size_t *n, uint32_t id)
{
    if (*n >= g->scratch_cap && GROW(g->scratch, g->scratch_cap, *n + 1))
        return -1;
    g->scratch[(*n)++] = id;
    return 0;
}

/* A slot of the stem-sequence table holds its words and the doc (generation) it belongs to,
 * so the table is emptied for the next doc by a new generation instead of being cleared. */
#define SEQ_TAG(words, gen) ((uint32_t)(words) | (gen) << 2)
#define SEQ_MAX_GEN (UINT32_MAX >> 2)

/* Empties the stem-sequence table for a doc of n tokens (it grows when half full). */
static int seqs_reset(gather *g, size_t n)
{
    size_t size = 64;
    while (size < 2 * n)
        size *= 2;
    if (size > g->seqs_cap) {
        seq_slot *const t = calloc(size, sizeof *t);
        if (!t)
            return -1;
        free(g->seqs);
        g->seqs = t;
        g->seqs_cap = size;
    }
    if (++g->seqs_gen > SEQ_MAX_GEN) { /* wrapped: forget every generation */
        memset(g->seqs, 0, g->seqs_cap * sizeof *g->seqs);
        g->seqs_gen = 1;
    }
    g->seqs_mask = size - 1;
    g->nseqs = 0;
    g->count = 0;
    g->npending = 0;
    g->nphrases = 0;
    g->long_keys.len = 0;
    return 0;
}

_Static_assert(CORPUS_MAX_PHRASE == 3, "seq_hash, tuple_hash and tuple_find take 3 words");

/* Hash of a sequence of 1 to CORPUS_MAX_PHRASE stems: two stems to a mixing round. */
static inline size_t seq_hash(const uint32_t *stem, size_t n)
{
    const uint64_t h = hash_mix((stem[0] | (n > 1 ? (uint64_t)stem[1] << 32 : 0)) ^ n);
    return (size_t)(n > 2 ? hash_mix(h ^ stem[2]) : h);
}

/* Doubles the table when it is half full. */
static int seqs_grow(gather *g)
{
    const size_t size = (g->seqs_mask + 1) * 2;
    seq_slot *const t = calloc(size, sizeof *t);
    if (!t)
        return -1;
    for (size_t i = 0; i <= g->seqs_mask; i++) {
        const seq_slot *const e = &g->seqs[i];
        if (e->n >> 2 != g->seqs_gen)
            continue;
        size_t h = seq_hash(e->stem, e->n & 3) & (size - 1);
        while (t[h].n)
            h = (h + 1) & (size - 1);
        t[h] = *e;
    }
    free(g->seqs);
    g->seqs = t;
    g->seqs_cap = size;
    g->seqs_mask = size - 1;
    return 0;
}

/* The slot of stem[0..n) in the doc's table; *fresh is 1 when it was just added (the
 * caller then sets its id before the next call), 0 when it was met before. NULL when out of
 * memory. */
static seq_slot *seq_find(gather *g, const uint32_t *stem, size_t n, int *fresh)
{
    if (2 * (g->nseqs + 1) > g->seqs_mask + 1 && seqs_grow(g))
        return NULL;
    const uint32_t tag = SEQ_TAG(n, g->seqs_gen);
    size_t h = seq_hash(stem, n) & g->seqs_mask;
    for (;; h = (h + 1) & g->seqs_mask) {
        seq_slot *const e = &g->seqs[h];
        if (e->n >> 2 != g->seqs_gen) {
            for (size_t i = 0; i < CORPUS_MAX_PHRASE; i++)
                e->stem[i] = i < n ? stem[i] : 0; /* no id of an earlier doc's stem */
            e->n = tag;
            g->nseqs++;
            *fresh = 1;
            return e;
        }
        if (e->n == tag && e->stem[0] == stem[0] && (n < 2 || e->stem[1] == stem[1]) &&
            (n < 3 || e->stem[2] == stem[2])) {
            *fresh = 0;
            return e;
        }
    }
}

/* The key of stem[0..n) in key: the stems' strings joined by one space. */
static int join_key(const precis_pipeline *p, const uint32_t *stem, size_t n, buf *key)
{
    key->len = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len = 0;
        const char *const s = precis_pipeline_term(p, stem[i], &len);
        if (GROW(key->data, key->cap, key->len + len + 2))
            return -1;
        if (i)
            key->data[key->len++] = ' ';
        if (len)
            memcpy(key->data + key->len, s, len);
        key->len += len;
    }
    if (key->data)
        key->data[key->len] = '\0';
    return 0;
}

/* Queues s[0..len), the string of the stem, as a key of the doc being added. */
static int add_pending(gather *g, const char *s, size_t len, uint32_t stem)
{
    if (len > UINT32_MAX || GROW(g->pending, g->pending_cap, g->npending + 1) ||
        GROW(g->pending_of, g->pending_of_cap, g->npending + 1))
        return -1;
    const int lone = stem_lone(s, len);
    const int outline = len < 1 || len > KEY_INLINE || lone;
    g->pending_of[g->npending] = (pending_of){stem, (uint8_t)outline, (uint8_t)lone};
    key_slot *const k = &g->pending[g->npending];
    *k = key_of(s, len);
    if (outline) {
        k->id = (uint32_t)g->long_keys.len; /* where its bytes are */
        if (buf_append(&g->long_keys, s, len))
            return -1;
    }
    g->npending++;
    return 0;
}

/* A phrase queued by its words' corpus ids (a phrase seq_slot's n | PHRASE_BY_ID). */
#define PHRASE_BY_ID 0x80000000u

/* Queues the phrase a b c of the doc being added: pipeline stems, or with n | PHRASE_BY_ID
 * its words' corpus ids; c is VOCAB_NONE for a phrase of two words. The words come as
 * values, stored one by one: copied from an array filled word by word just before, they were
 * read back 8 bytes at a time, which waits for the 4-byte stores (a hot spot under perf). */
static inline int add_phrase(gather *g, uint32_t a, uint32_t b, uint32_t c, uint32_t n)
{
    if (g->nphrases >= g->phrases_cap && GROW(g->phrases, g->phrases_cap, g->nphrases + 1))
        return -1;
    seq_slot *const q = &g->phrases[g->nphrases++];
    q->stem[0] = a;
    q->stem[1] = b;
    q->stem[2] = c;
    q->n = n;
    return 0;
}

/* Queues the terms of toks[0..n): stems as keys, and phrases of up to CORPUS_MAX_PHRASE
 * adjacent phrase words as stem sequences. A stem sequence already met in the doc (g->seqs)
 * is skipped: count_doc counts each term once anyway. A stem whose id cid knows goes
 * straight to g->scratch (*count ids), repeats and all; a phrase all of whose words cid
 * knows (none lone) is queued by their ids, repeats and all, with no stem sequence to find:
 * its look-up in the corpus is as cheap as one in the doc's table would be, and the ids
 * are needed there anyway. A phrase is queued the same way at each occurrence in a doc (cid
 * does not change while it is gathered), so first occurrences keep their order.
 *
 * One pass, each token read once: the phrases ending at a word are queued when it is met,
 * the longer first. That is the order by first word, in which a second loop over phrase
 * starts, each looking ahead, queued them before (asking whether two tokens were adjacent
 * twice over). The two words before it are kept in locals. Tried and slower: asking for the
 * stem's corpus id a few tokens ahead (prefetch), and masks of the terms and phrase words
 * of 64 tokens made without a branch, then visited bit by bit (the masks cost more than the
 * mispredicted branches on stopwords they saved). */
static precis_status collect(gather *g, const precis_pipeline *p, const uint32_t *cid,
                             const char *text, const precis_token *toks, size_t n)
{
    /* A stem id the pipeline does not know has no string: such a token is no term. */
    const size_t nterms = precis_pipeline_term_count(p);
    /* The run of adjacent phrase words ending at the token before: its length (capped at
     * CORPUS_MAX_PHRASE - 1, all a phrase can reach back), and the last two words' stems
     * and corpus ids (id + 1 | KEY_LONE, or 0), the nearest in [1]. */
    size_t run = 0;
    uint32_t stem[2] = {0, 0}, id1[2] = {0, 0};
    for (size_t i = 0; i < n; i++) {
        const precis_token *const t = &toks[i];
        if (!corpus_token_is_term(t) || t->stem >= nterms) {
            run = 0;
            continue;
        }
        const uint32_t s = t->stem;
        const uint32_t id = cid ? cid[s] : 0;
        if (id) {
            if (push_id(g, &g->count, (id & ~KEY_LONE) - 1))
                return PRECIS_ENOMEM;
        } else {
            int fresh;
            if (!seq_find(g, &s, 1, &fresh))
                return PRECIS_ENOMEM;
            if (fresh) {
                size_t len = 0;
                const char *const str = precis_pipeline_term(p, s, &len);
                if (add_pending(g, str, len, s))
                    return PRECIS_ENOMEM;
            }
        }
        if (!corpus_token_in_phrase(t)) {
            run = 0;
            continue;
        }
        /* toks[i - 1] is a phrase word whenever run > 0. */
        if (run && !corpus_tokens_adjacent(text, &toks[i - 1], t))
            run = 0;
        const int known = id && !(id & KEY_LONE);
        for (size_t k = run; k >= 1; k--) { /* the phrase of the last k words and this one */
            const int by_id = known && id1[1] && !(id1[1] & KEY_LONE) &&
                              (k < 2 || (id1[0] && !(id1[0] & KEY_LONE)));
            if (by_id) {
                if (add_phrase(g, k < 2 ? id1[1] - 1 : id1[0] - 1, k < 2 ? id - 1 : id1[1] - 1,
                               k < 2 ? VOCAB_NONE : id - 1, (uint32_t)(k + 1) | PHRASE_BY_ID))
                    return PRECIS_ENOMEM;
                continue;
            }
            const uint32_t seq[CORPUS_MAX_PHRASE] = {k < 2 ? stem[1] : stem[0], k < 2 ? s : stem[1],
                                                     k < 2 ? VOCAB_NONE : s};
            int fresh;
            if (!seq_find(g, seq, k + 1, &fresh))
                return PRECIS_ENOMEM;
            if (fresh && add_phrase(g, seq[0], seq[1], seq[2], (uint32_t)(k + 1)))
                return PRECIS_ENOMEM;
        }
        if (run < CORPUS_MAX_PHRASE - 1)
            run++;
        stem[0] = stem[1];
        id1[0] = id1[1];
        stem[1] = s;
        id1[1] = id;
    }
    return PRECIS_OK;
}

/* The stem's corpus id as a view remembers it (id + 1, | KEY_LONE), from v, or without a
 * view from the doc's own table, where intern_pending() left it; 0 when unknown. */
static uint32_t stem_id1(gather *g, const precis_corpus_view *v, uint32_t stem)
{
    if (v)
        return stem < v->cap ? v->cid[stem] : 0;
    int fresh;
    const seq_slot *const e = seq_find(g, &stem, 1, &fresh);
    return e && !fresh ? e->stem[1] : 0;
}

/* How many phrases ahead intern_pending() asks for a slot of the phrase table: asking for
 * every phrase of a doc in one loop stalled that loop once the misses in flight filled up,
 * and left nothing to do meanwhile; asking a few ahead overlaps each miss with the work on
 * the phrases before it. */
#define PREFETCH_AHEAD 8

/* Interns the pending stems and the phrases of the doc and appends their ids to g->scratch
 * from g->count on; v (when not NULL) learns the stems' ids. The slots are asked for before
 * they are read (the stems' all at once, the phrases' PREFETCH_AHEAD ahead), so the cache
 * misses overlap instead of following one another. A phrase's words are stems of the same
 * doc, so their ids are known once the stems are in. */
static precis_status intern_pending(precis_corpus *c, gather *g, precis_corpus_view *v,
                                    const precis_pipeline *p)
{
    /* Room up front for an id a key: the loops below append without asking. */
    const size_t ids = g->count + g->npending + g->nphrases;
    if (keys_room(c, g->npending) ||
        (ids > g->scratch_cap && GROW(g->scratch, g->scratch_cap, ids)))
        return PRECIS_ENOMEM;
#ifdef __GNUC__
    for (size_t i = 0; i < g->npending; i++)
        if (!g->pending_of[i].outline)
            __builtin_prefetch(&c->keys[g->pending[i].id & c->keys_mask]);
#endif
    const char *const longs = g->long_keys.data ? g->long_keys.data : "";
    for (size_t i = 0; i < g->npending; i++) {
        const key_slot *const k = &g->pending[i];
        const pending_of *const o = &g->pending_of[i];
        const uint32_t id = o->outline ? intern(c, longs + k->id, k->len) : intern_key(c, k, NULL);
        if (id == VOCAB_NONE)
            return PRECIS_ENOMEM;
        g->scratch[g->count++] = id;
        const uint32_t id1 = (id + 1) | (o->lone ? KEY_LONE : 0);
        if (v) {
            if (o->stem < v->cap)
                v->cid[o->stem] = id1;
        } else {
            int fresh;
            seq_slot *const e = seq_find(g, &o->stem, 1, &fresh);
            if (!e)
                return PRECIS_ENOMEM;
            e->stem[1] = id1; /* unused by a one-stem sequence */
        }
    }
    /* Phrases: word ids and hashes in place of their stems, then the slots asked for. */
    if (tuples_room(c, g->nphrases))
        return PRECIS_ENOMEM;
    size_t m = 0;
    for (size_t i = 0; i < g->nphrases; i++) {
        const seq_slot *const q = &g->phrases[i];
        uint32_t w[CORPUS_MAX_PHRASE] = {VOCAB_NONE, VOCAB_NONE, VOCAB_NONE};
        int by_id = 1;
        if (q->n & PHRASE_BY_ID)
            memcpy(w, q->stem, sizeof w);
        else
            for (size_t j = 0; j < q->n && by_id; j++) {
                const uint32_t id1 = stem_id1(g, v, q->stem[j]);
                by_id = id1 && !(id1 & KEY_LONE);
                w[j] = id1 - 1;
            }
        if (!by_id) { /* a lone stem: by its string, which intern() puts in its form */
            uint32_t id = VOCAB_NONE;
            if (join_key(p, q->stem, q->n, &g->key) == 0)
                id = intern(c, g->key.data, g->key.len);
            if (id == VOCAB_NONE)
                return PRECIS_ENOMEM;
            g->scratch[g->count++] = id;
            continue;
        }
        seq_slot *const t = &g->phrases[m++]; /* word ids, and the hash in place of n */
        memcpy(t->stem, w, sizeof w);
        t->n = (uint32_t)tuple_hash(w);
#ifdef __GNUC__
        if (m <= PREFETCH_AHEAD)
            __builtin_prefetch(&c->tuples[t->n & c->tuples_mask]);
#endif
    }
    for (size_t i = 0; i < m; i++) {
#ifdef __GNUC__
        if (i + PREFETCH_AHEAD < m)
            __builtin_prefetch(&c->tuples[g->phrases[i + PREFETCH_AHEAD].n & c->tuples_mask]);
#endif
        const uint32_t id = intern_tuple(c, g->phrases[i].stem, g->phrases[i].n);
        if (id == VOCAB_NONE)
            return PRECIS_ENOMEM;
        g->scratch[g->count++] = id;
    }
    return PRECIS_OK;
}

/* Counts the distinct ids in g->scratch[0..n) as one more document: an id counts when the
 * round it was last counted in is not this one (no sort needed). */
static void count_doc(precis_corpus *c, const gather *g)
{
    const size_t n = g->count;
    if (++c->round == 0) { /* wrapped after 2^32 rounds: forget them all */
        for (size_t i = 0; i < c->df_cap; i++)
            c->df[i].seen = 0;
        c->round = 1;
    }
#ifdef __GNUC__
    for (size_t i = 0; i < n; i++) {
        __builtin_prefetch(&c->df[g->scratch[i]], 1);
    }
#endif
    /* Without a branch: whether an id repeats within a doc is a coin toss to the CPU. */
    const uint32_t round = c->round;
    for (size_t i = 0; i < n; i++) {
        const uint32_t id = g->scratch[i];
        df_cell *const e = &c->df[id];
        const uint32_t last = e->seen;
        e->seen = round;
        e->df += last != round;
    }
    c->docs++;
}

/* Makes v->cid cover every stem id its pipeline knows now, new entries unknown. */
static int view_room(precis_corpus_view *v)
{
    const size_t n = precis_pipeline_term_count(v->p);
    if (n <= v->cap)
        return 0;
    const size_t old = v->cap;
    if (GROW(v->cid, v->cap, n))
        return -1;
    memset(v->cid + old, 0, (v->cap - old) * sizeof *v->cid);
    return 0;
}

/* The body's tokens of d (its title's when title != 0), or NULL when it has none. The doc
 * keeps them in one array: index it rather than call per token. */
static const precis_token *doc_tokens(const precis_doc *d, int title)
{
    const size_t n = title ? precis_doc_title_token_count(d) : precis_doc_token_count(d);
    if (!n)
        return NULL;
    const precis_token *const t = title ? precis_doc_title_token(d, 0) : precis_doc_token(d, 0);
    assert(t + n - 1 == (title ? precis_doc_title_token(d, n - 1) : precis_doc_token(d, n - 1)));
    return t;
}

/* Stem sequences a view's doc is expected to hold at most, unless it asks for more. */
#define VIEW_SEQS 128

/* Gathers the terms of d (analysed by p) in g, stems whose corpus id cid knows as ids. */
static precis_status gather_doc(gather *g, const precis_pipeline *p, const uint32_t *cid,
                                const precis_doc *d)
{
    precis_status st = PRECIS_ENOMEM;
    const precis_article *const a = precis_doc_article(d);
    const char *const text = precis_article_text(a, NULL);
    const char *const title = precis_article_title(a);

    const size_t nt = precis_doc_title_token_count(d);
    /* Through a view only the stems it does not know yet, and their phrases, go to the
     * stem-sequence table: a few dozen a doc once the corpus has some size. A table sized
     * for every token spread them over kilobytes that were out of cache by the next doc; a
     * small one stays in cache, and grows for the doc that needs more. */
    if (seqs_reset(g, cid ? VIEW_SEQS : nt + precis_doc_token_count(d)))
        return PRECIS_ENOMEM;
    if (title && nt && (st = collect(g, p, cid, title, doc_tokens(d, 1), nt)) != PRECIS_OK)
        return st;
    const precis_token *const toks = doc_tokens(d, 0);
    const size_t ns = precis_doc_sentence_count(d);
    for (size_t s = 0; s < ns; s++) {
        const precis_sentence *const sen = precis_doc_sentence(d, s);
        if (sen->token_count && /* else toks may be NULL: no arithmetic on it */
            (st = collect(g, p, cid, text, toks + sen->first_token, sen->token_count)) != PRECIS_OK)
            return st;
    }
    return PRECIS_OK;
}

/* Looks up (interning) the terms gathered from a doc of p, v (when not NULL) learning the new
 * stems' ids, and counts them as one document. */
static precis_status count_gathered(precis_corpus *c, gather *g, precis_corpus_view *v,
                                    const precis_pipeline *p)
{
    c->error[0] = '\0';
    const precis_status st = intern_pending(c, g, v, p);
    if (st != PRECIS_OK)
        return st;
    count_doc(c, g);
    return PRECIS_OK;
}

precis_status precis_corpus_add(precis_corpus *c, const precis_pipeline *p, const precis_doc *d)
{
    const precis_status st = gather_doc(&c->g, p, NULL, d);
    return st != PRECIS_OK ? st : count_gathered(c, &c->g, NULL, p);
}

precis_status precis_corpus_view_new(precis_corpus *c, const precis_pipeline *p,
                                     precis_corpus_view **out)
{
    *out = NULL;
    if (!c || !p)
        return PRECIS_EINVAL;
    precis_corpus_view *const v = calloc(1, sizeof *v);
    if (!v)
        return PRECIS_ENOMEM;
    v->c = c;
    v->p = p;
    *out = v;
    return PRECIS_OK;
}

void precis_corpus_view_free(precis_corpus_view *v)
{
    if (!v)
        return;
    free(v->cid);
    free(v->memo);
    free(v->zeroed);
    free(v->kept);
    for (size_t i = 0; i < CORPUS_VIEW_SCRATCH; i++)
        free(v->scratch[i]);
    gather_free(&v->g);
    free(v);
}

precis_status precis_corpus_view_gather(precis_corpus_view *v, const precis_doc *d)
{
    v->gathered = 0;
    if (view_room(v))
        return PRECIS_ENOMEM;
    const precis_status st = gather_doc(&v->g, v->p, v->cid, d);
    v->gathered = st == PRECIS_OK;
    return st;
}

precis_status precis_corpus_view_count(precis_corpus_view *v)
{
    if (!v->gathered)
        return PRECIS_EINVAL;
    v->gathered = 0;
    return count_gathered(v->c, &v->g, v, v->p);
}

precis_status precis_corpus_view_add(precis_corpus_view *v, const precis_doc *d)
{
    const precis_status st = precis_corpus_view_gather(v, d);
    return st != PRECIS_OK ? st : precis_corpus_view_count(v);
}

precis_status corpus_add_sentences(precis_corpus *c, const precis_pipeline *p, const precis_doc *d)
{
    gather *const g = &c->g;
    const char *const text = precis_article_text(precis_doc_article(d), NULL);
    const precis_token *const toks = doc_tokens(d, 0);
    const size_t ns = precis_doc_sentence_count(d);
    for (size_t s = 0; s < ns; s++) {
        const precis_sentence *const sen = precis_doc_sentence(d, s);
        if (seqs_reset(g, sen->token_count))
            return PRECIS_ENOMEM;
        precis_status st =
            sen->token_count ? collect(g, p, NULL, text, toks + sen->first_token, sen->token_count)
                             : PRECIS_OK;
        if (st == PRECIS_OK)
            st = count_gathered(c, g, NULL, p);
        if (st != PRECIS_OK)
            return st;
    }
    return PRECIS_OK;
}

/* ---- save and load ------------------------------------------------------------------------ */

typedef struct term_row {
    const char *s;
    size_t len, df;
} term_row;

static int cmp_row(const void *a, const void *b)
{
    const term_row *const x = a, *const y = b;
    const int r = memcmp(x->s, y->s, x->len < y->len ? x->len : y->len);
    return r ? r : (x->len > y->len) - (x->len < y->len);
}

precis_status precis_corpus_save(const precis_corpus *c, const char *path)
{
    precis_status st = PRECIS_ENOMEM;
    FILE *f = NULL;
    char *phrases = NULL;
    /* by id: the byte key's row (a phrase key is written from its words' rows) */
    term_row *rows = malloc((c->count ? c->count : 1) * sizeof *rows);
    term_row *out = malloc((c->count ? c->count : 1) * sizeof *out);
    if (!rows || !out)
        goto fail;
    for (size_t i = 0; c->keys && i <= c->keys_mask; i++) {
        const key_slot *const e = &c->keys[i];
        if (e->len)
            rows[e->id] = (term_row){(const char *)e->word, e->len, c->df[e->id].df};
    }
    const size_t nv = vocab_count(c->terms);
    for (size_t i = 0; i < nv; i++) {
        const uint32_t id = c->vid_id[i];
        if (id == VOCAB_NONE)
            continue;
        rows[id].s = vocab_str(c->terms, (uint32_t)i, &rows[id].len);
        rows[id].df = c->df[id].df;
    }
    size_t m = 0, bytes = 0;
    for (size_t i = 0; c->keys && i <= c->keys_mask; i++)
        if (c->keys[i].len && c->df[c->keys[i].id].df)
            out[m++] = rows[c->keys[i].id];
    for (size_t i = 0; i < nv; i++)
        if (c->vid_id[i] != VOCAB_NONE && c->df[c->vid_id[i]].df)
            out[m++] = rows[c->vid_id[i]];
    for (size_t i = 0; c->tuples && i <= c->tuples_mask; i++) {
        const tuple_slot *const e = &c->tuples[i];
        if (!e->id1 || !c->df[e->id1 - 1].df)
            continue;
        for (size_t w = 0; w < CORPUS_MAX_PHRASE && e->word[w] != VOCAB_NONE; w++)
            bytes += rows[e->word[w]].len + 1;
    }
    if (!(phrases = malloc(bytes + 1)))
        goto fail;
    char *at = phrases;
    for (size_t i = 0; c->tuples && i <= c->tuples_mask; i++) {
        const tuple_slot *const e = &c->tuples[i];
        if (!e->id1 || !c->df[e->id1 - 1].df)
            continue;
        out[m] = (term_row){at, 0, c->df[e->id1 - 1].df};
        for (size_t w = 0; w < CORPUS_MAX_PHRASE && e->word[w] != VOCAB_NONE; w++) {
            if (w)
                *at++ = ' ';
            memcpy(at, rows[e->word[w]].s, rows[e->word[w]].len);
            at += rows[e->word[w]].len;
        }
        out[m].len = (size_t)(at - out[m].s);
        m++;
    }
    free(rows);
    rows = out;
    out = NULL;
    sort_array(rows, m, sizeof *rows, cmp_row);
    st = PRECIS_EIO;
    f = fopen(path, "w");
    if (!f)
        goto fail;
    fprintf(f, "precis-idf 1\tN=%zu\n", c->docs);
    for (size_t i = 0; i < m; i++) {
        fwrite(rows[i].s, 1, rows[i].len, f);
        fprintf(f, "\t%zu\n", rows[i].df);
    }
    if (ferror(f))
        goto fail;
    const int rc = fclose(f);
    f = NULL;
    if (rc)
        goto fail;
    free(phrases);
    free(rows);
    return PRECIS_OK;
fail:
    if (f)
        fclose(f);
    free(phrases);
    free(out);
    free(rows);
    return st;
}

/* Parses a decimal count; -1 when s[0..len) is not one. */
static int parse_count(const char *s, size_t len, size_t *out)
{
    if (!len)
        return -1;
    size_t v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        const size_t d = (size_t)(s[i] - '0');
        if (v > (SIZE_MAX - d) / 10)
            return -1;
        v = v * 10 + d;
    }
    *out = v;
    return 0;
}

#define HEADER "precis-idf 1\tN="

precis_status precis_corpus_load(precis_corpus *c, const char *path)
{
    precis_status st = PRECIS_EIO;
    const char *why = NULL;
    size_t lineno = 0, docs = 0, df_cap = 0;
    size_t *df = NULL;
    char *line = NULL;
    size_t line_cap = 0;
    vocab *tmp = NULL;
    c->error[0] = '\0';
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(c->error, sizeof c->error, "%s: %s", path, strerror(errno));
        goto fail;
    }
    st = PRECIS_ENOMEM;
    tmp = vocab_new();
    if (!tmp)
        goto fail;
    ssize_t got;
    while ((got = getline(&line, &line_cap, f)) >= 0) {
        size_t len = (size_t)got;
        lineno++;
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            len--;
        st = PRECIS_EPARSE;
        if (memchr(line, '\0', len)) {
            why = "NUL byte in line";
            goto fail;
        }
        if (lineno == 1) {
            const size_t hl = sizeof HEADER - 1;
            if (len < hl || memcmp(line, HEADER, hl)) {
                why = "not a precis-idf 1 file (expected \"precis-idf 1<TAB>N=<docs>\")";
                goto fail;
            }
            if (parse_count(line + hl, len - hl, &docs)) {
                why = "bad document count in header";
                goto fail;
            }
            continue;
        }
        if (!len)
            continue; /* a blank line, e.g. at the end, carries nothing */
        const char *const tab = memchr(line, '\t', len);
        if (!tab || tab == line) {
            why = "expected \"term<TAB>df\"";
            goto fail;
        }
        const size_t tlen = (size_t)(tab - line);
        size_t v = 0;
        if (parse_count(tab + 1, len - tlen - 1, &v) || v == 0) {
            why = "document frequency is not a positive integer";
            goto fail;
        }
        if (v > docs) {
            why = "document frequency exceeds the document count N";
            goto fail;
        }
        st = PRECIS_ENOMEM;
        const size_t before = vocab_count(tmp);
        const uint32_t id = vocab_intern(tmp, line, tlen);
        if (id == VOCAB_NONE || GROW(df, df_cap, (size_t)id + 1))
            goto fail;
        if ((size_t)id < before) {
            st = PRECIS_EPARSE;
            why = "term listed twice";
            goto fail;
        }
        df[id] = v;
    }
    st = PRECIS_EIO;
    if (ferror(f)) {
        snprintf(c->error, sizeof c->error, "%s: %s", path, strerror(errno));
        goto fail;
    }
    st = PRECIS_EPARSE;
    if (lineno == 0) {
        why = "empty file";
        goto fail;
    }
    st = PRECIS_ENOMEM;
    const size_t n = vocab_count(tmp);
    for (size_t i = 0; i < n; i++) {
        size_t tl = 0;
        const char *const ts = vocab_str(tmp, (uint32_t)i, &tl);
        const uint32_t id = intern(c, ts, tl);
        if (id == VOCAB_NONE)
            goto fail;
        c->df[id].df += df[i];
    }
    c->docs += docs;
    st = PRECIS_OK;
fail:
    if (why)
        snprintf(c->error, sizeof c->error, "%s:%zu: %s", path, lineno, why);
    free(line);
    free(df);
    vocab_free(tmp);
    if (f)
        fclose(f);
    return st;
}
