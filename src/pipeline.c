/* pipeline.c - the front end for one article: tokens over the body's paragraphs, normalised
 * and interned once; language detected from them; sentences split with that language's
 * rules; stopword flags and stems looked up through per-term caches so each distinct word is
 * normalised, checked and stemmed once per process. */
#include "precis.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "lang.h"
#include "sentences.h"
#include "stem.h"
#include "stopwords.h"
#include "tokenize.h"
#include "utf8.h"
#include "util.h"
#include "vocab.h"

#define MASK_UNKNOWN UINT32_MAX /* stopword mask not looked up yet */

/* Each distinct surface form (the token's bytes) is normalised and interned once: a table of
 * surface forms gives its norm id. Forms of up to 16 bytes (nearly all) are kept inline in
 * the table's slots, so a look-up touches one cache line, not the three of a string table
 * (slot, entry, bytes): with tens of thousands of forms the table outgrows the CPU caches and
 * those accesses are what the front end waits for. (The frequent forms' slots stay in the CPU
 * cache by themselves; a direct-mapped cache of them in front of the table was measured to save
 * nothing.) Longer forms go to a vocab of their own. The norm depends on the bytes alone (not
 * on the token's kind), so the key holds no kind. */
#define SURFACE_MAX 16 /* longer surface forms go to the vocab of long forms */
typedef struct surface_slot {
    uint64_t a, b; /* the bytes as surface_key() gives them */
    uint32_t norm;
    uint32_t mask;     /* the norm's stopword mask and script, handed to the token (see */
    uint8_t script;    /* intern_tokens()) so that no per-term array is looked up for them */
    uint8_t len;       /* 0 = empty */
    uint8_t stem_lang; /* 1 + the language of stem, 0 = none yet */
    uint32_t stem;     /* the norm's stem in that language, likewise handed over */
} surface_slot;

/* The first n of a word's bytes as they sit in memory: a mask per n from 0 to 8. */
/* (The shift counts are masked so that the branch not taken has none of 64, which Clang
 * rejects with -Werror even there.) */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define LOW_BYTES(n) ((n) ? ~0ULL << ((64 - 8 * (n)) & 63) : 0)
#else
#define LOW_BYTES(n) ((n) == 8 ? ~0ULL : (1ULL << ((8 * (n)) & 63)) - 1)
#endif
static const uint64_t low_bytes[9] = {LOW_BYTES(0), LOW_BYTES(1), LOW_BYTES(2),
                                      LOW_BYTES(3), LOW_BYTES(4), LOW_BYTES(5),
                                      LOW_BYTES(6), LOW_BYTES(7), LOW_BYTES(8)};
#undef LOW_BYTES

/* Up to 16 bytes s[0..n) as two words, zero-padded; with n they tell the bytes exactly, so
 * the table compares two words instead of calling memcmp. room: the bytes readable from s
 * (n or more). With 16 of them, two loads and two masks make the key without a branch on n
 * (word lengths are random: such branches are mispredicted about once a token); near the end
 * of the text the bytes are copied first. */
static inline void surface_key(const char *str, size_t n, size_t room, uint64_t *a, uint64_t *b)
{
    const unsigned char *s = (const unsigned char *)str;
    unsigned char pad[16];
    if (room < 16) {
        memset(pad, 0, sizeof pad);
        memcpy(pad, s, n);
        s = pad;
    }
    const size_t n1 = n < 8 ? n : 8;
    *a = load64(s) & low_bytes[n1];
    *b = load64(s + 8) & low_bytes[n - n1];
}

/* Multiplicative hashing of a key: its product's top bits index the table. */
static inline uint64_t surface_hash(uint64_t a, uint64_t b, size_t n)
{
    return (a ^ (b * 0x9e3779b97f4a7c15ULL) ^ n) * 0xbf58476d1ce4e5b9ULL;
}

/* Docs' token arrays are carved one after another out of shared blocks (util.h) the pipeline
 * owns, so that a caller who keeps many docs (the two-pass commands keep every doc of a corpus:
 * 15 MB of tokens for BBC) has them packed densely in memory mapped with huge pages where the
 * system has them. The first block is small: a program that frees each doc before analysing
 * the next (or analyses one article) only ever reuses it. */
#define FIRST_BLOCK ((size_t)256 << 10)
#define NEXT_BLOCK ((size_t)2 << 20)

/* Votes for language detection come from the first tokens only: a few hundred words tell
 * the language as well as a whole article does, and long articles need not pay for it. */
#define LANG_VOTE_TOKENS 300

struct precis_pipeline {
    int forced_lang; /* lang index, or -1 to use the article's or detect */
    int guess_lang;  /* the language the next article likely has (the last one's), or -1 */
    int keep_stopwords;
    vocab *terms;
    surface_slot *forms; /* every form of up to SURFACE_MAX bytes; open addressing */
    size_t forms_bits, nforms;
    vocab *surfaces;     /* every longer form seen */
    uint32_t *surf_norm; /* norm id per long form's id */
    size_t surf_cap;
    stopwords *stop;
    stemmers *stem;
    /* Per term id caches, grown with the vocabulary. */
    uint32_t *mask;  /* stopword language mask, MASK_UNKNOWN until looked up */
    uint8_t *script; /* LANG_SCRIPT_* of the term's first letter */
    size_t mask_cap, script_cap;
    uint32_t *stem_of[LANG_MAX]; /* stem id per norm id and language, VOCAB_NONE unknown */
    size_t stem_cap[LANG_MAX];
    buf scratch, stemmed;
    /* Key and hash (a, b, x) of each short form of the tokens being analysed, three words a
     * token: tokenize_span() computes them for its prefetch, intern_tokens() reuses them. */
    uint64_t *keys;
    size_t keys_cap;
    shared_block *block;   /* where the next doc's tokens go; NULL before the first */
    precis_sentence *sent; /* the sentences of the doc being analysed (keep_sentences()) */
    size_t sent_cap;
    char error[512];
};

struct precis_doc {
    const precis_article *article;
    int lang;
    precis_sentence *sent; /* in block after tok, or malloc()'d when sent_cap is not 0 */
    size_t nsent, sent_cap;
    precis_token *tok;
    size_t ntok, tok_cap;
    shared_block *block; /* holding tok, or NULL when tok is malloc()'d */
    precis_token *title; /* in block after the sentences, or malloc()'d when title_cap is not 0 */
    size_t ntitle, title_cap;
    int in_block; /* the doc itself is in block, after its title (keep_doc()) */
};

precis_status precis_pipeline_new(const precis_pipeline_options *opts, precis_pipeline **out)
{
    *out = NULL;
    precis_pipeline *p = calloc(1, sizeof *p);
    if (!p)
        return PRECIS_ENOMEM;
    p->forced_lang = -1;
    p->guess_lang = -1;
    precis_status st = PRECIS_ENOMEM;
    p->forms_bits = 12;
    if (!(p->forms = table_alloc(((size_t)1 << p->forms_bits) * sizeof *p->forms)) ||
        !(p->terms = vocab_new()) || !(p->surfaces = vocab_new()) || !(p->stop = stopwords_new()) ||
        !(p->stem = stemmers_new()))
        goto fail;
    if (opts) {
        p->keep_stopwords = opts->keep_stopwords;
        if (opts->lang && *opts->lang && strcmp(opts->lang, "auto") != 0) {
            p->forced_lang = lang_index(opts->lang);
            if (p->forced_lang < 0) {
                st = PRECIS_EINVAL;
                goto fail;
            }
        }
        if (opts->stopwords_file) {
            st = stopwords_add_file(p->stop, opts->stopwords_file);
            if (st != PRECIS_OK)
                goto fail;
        }
    }
    *out = p;
    return PRECIS_OK;
fail:
    precis_pipeline_free(p);
    return st;
}

void precis_pipeline_free(precis_pipeline *p)
{
    if (!p)
        return;
    vocab_free(p->terms);
    table_free(p->forms, ((size_t)1 << p->forms_bits) * sizeof *p->forms);
    vocab_free(p->surfaces);
    free(p->surf_norm);
    stopwords_free(p->stop);
    stemmers_free(p->stem);
    free(p->mask);
    free(p->script);
    for (int i = 0; i < LANG_MAX; i++)
        free(p->stem_of[i]);
    buf_free(&p->scratch);
    buf_free(&p->stemmed);
    free(p->keys);
    free(p->sent);
    shared_block_release(p->block);
    free(p);
}

const char *precis_pipeline_error(const precis_pipeline *p)
{
    return p ? p->error : "";
}

const char *precis_pipeline_term(const precis_pipeline *p, uint32_t id, size_t *len)
{
    return vocab_str(p->terms, id, len);
}

size_t precis_pipeline_term_count(const precis_pipeline *p)
{
    return vocab_count(p->terms);
}

/* Makes the per-id caches cover id; new slots are marked unknown. */
static int cover_mask(precis_pipeline *p, uint32_t id)
{
    size_t old = p->mask_cap;
    if (id < old)
        return 0;
    if (GROW(p->mask, p->mask_cap, (size_t)id + 1) ||
        GROW(p->script, p->script_cap, (size_t)id + 1))
        return -1;
    for (size_t i = old; i < p->mask_cap; i++)
        p->mask[i] = MASK_UNKNOWN;
    return 0;
}

/* The norm id of a surface form met for the first time: normalised, interned, its stopword
 * mask and script noted when the norm is new too. */
static precis_status new_surface(precis_pipeline *p, const char *surf, size_t slen, uint32_t *out)
{
    if (utf8_normalize(surf, slen, &p->scratch))
        return PRECIS_ENOMEM;
    const char *const norm = p->scratch.data ? p->scratch.data : "";
    const uint32_t id = vocab_intern(p->terms, norm, p->scratch.len);
    if (id == VOCAB_NONE || cover_mask(p, id))
        return PRECIS_ENOMEM;
    if (p->mask[id] == MASK_UNKNOWN) {
        /* Every kind is looked up: the built-in lists hold only words, but a user's list may
         * name shorthand that tokenises as a number or an acronym ("3rd", "u.s."). */
        p->mask[id] = stopwords_mask(p->stop, norm, p->scratch.len);
        p->script[id] = (uint8_t)lang_script(norm, p->scratch.len);
    }
    *out = id;
    return PRECIS_OK;
}

/* Grows the table of short forms (kept at most half full so probe runs stay short): four
 * times over up to FORMS_QUICK_BITS, then twice. Every table on the way is fresh memory to
 * clear and fault in, and a corpus of any size soon needs tens of thousands of forms: with
 * doubling, the tables from 128 KiB to 1 MiB cost a corpus of BBC's size 470 page faults
 * before the 2 MiB one (huge pages, table_alloc()) took over. */
#define FORMS_QUICK_BITS 16 /* 2 MiB of slots */
static int grow_forms(precis_pipeline *p)
{
    const size_t bits = p->forms_bits + (p->forms_bits + 2 <= FORMS_QUICK_BITS ? 2 : 1),
                 mask = ((size_t)1 << bits) - 1;
    surface_slot *const t = table_alloc((mask + 1) * sizeof *t);
    if (!t)
        return -1;
    for (size_t i = 0; i < (size_t)1 << p->forms_bits; i++) {
        const surface_slot *const f = &p->forms[i];
        if (!f->len)
            continue;
        size_t j = surface_hash(f->a, f->b, f->len) >> (64 - bits);
        while (t[j].len)
            j = (j + 1) & mask;
        t[j] = *f;
    }
    table_free(p->forms, ((size_t)1 << p->forms_bits) * sizeof *p->forms);
    p->forms = t;
    p->forms_bits = bits;
    return 0;
}

/* The slot of a form of up to SURFACE_MAX bytes with key (a, b) and hash x, added when new
 * (*out is valid until the next call). */
static precis_status short_form(precis_pipeline *p, const char *surf, size_t slen, uint64_t a,
                                uint64_t b, uint64_t x, surface_slot **out)
{
    size_t mask = ((size_t)1 << p->forms_bits) - 1;
    size_t i = x >> (64 - p->forms_bits);
    for (;; i = (i + 1) & mask) {
        surface_slot *const f = &p->forms[i];
        if (!f->len)
            break;
        if (f->a == a && f->b == b && f->len == slen) {
            *out = f;
            return PRECIS_OK;
        }
    }
    uint32_t id;
    const precis_status st = new_surface(p, surf, slen, &id);
    if (st != PRECIS_OK)
        return st;
    if ((p->nforms + 1) * 2 > mask + 1) {
        if (grow_forms(p))
            return PRECIS_ENOMEM;
        mask = ((size_t)1 << p->forms_bits) - 1;
        i = x >> (64 - p->forms_bits);
        while (p->forms[i].len)
            i = (i + 1) & mask;
    }
    p->forms[i] = (surface_slot){a, b, id, p->mask[id], p->script[id], (uint8_t)slen, 0, 0};
    p->nforms++;
    *out = &p->forms[i];
    return PRECIS_OK;
}

/* Norm id of a form longer than SURFACE_MAX bytes. */
static precis_status long_form(precis_pipeline *p, const char *surf, size_t slen, uint32_t *out)
{
    const size_t known = vocab_count(p->surfaces);
    const uint32_t sid = vocab_intern(p->surfaces, surf, slen);
    if (sid == VOCAB_NONE)
        return PRECIS_ENOMEM;
    if (sid < known) {
        *out = p->surf_norm[sid];
        return PRECIS_OK;
    }
    if (GROW(p->surf_norm, p->surf_cap, (size_t)sid + 1))
        return PRECIS_ENOMEM;
    const precis_status st = new_surface(p, surf, slen, out);
    if (st == PRECIS_OK)
        p->surf_norm[sid] = *out;
    return st;
}

/* Fills the norm ids of the tokens t[0..n) of text (start, end and kind set, and their keys in
 * p->keys by tokenize_span()), in token order (which is the order in which new terms get their
 * ids). Until finish_token() sets them, a token's sentence field holds its norm's stopword
 * mask, its stop field the norm's script, and a word's stem field its stem in language guess
 * when the form's slot knows it (else VOCAB_NONE): the table of forms hands them over with the
 * norm, so language votes, stop flags and stems need no look-up in per-term arrays (a cache
 * miss a token each, once the vocabulary is large). A slot learns its stem from those arrays
 * the first time it meets guess. */
static precis_status intern_tokens(precis_pipeline *p, const char *text, precis_token *t, size_t n,
                                   int guess)
{
    const uint64_t *const keys = p->keys;
    for (size_t i = 0; i < n; i++) {
        const char *const surf = text + t[i].start;
        const size_t slen = t[i].end - t[i].start;
        uint32_t id, mask, stem = VOCAB_NONE;
        uint8_t script;
        if (slen <= SURFACE_MAX) {
            /* The key and hash tokenize_span() computed. */
            const uint64_t a = keys[3 * i], b = keys[3 * i + 1], x = keys[3 * i + 2];
            surface_slot *f;
            const precis_status st = short_form(p, surf, slen, a, b, x, &f);
            if (st != PRECIS_OK)
                return st;
            id = f->norm;
            mask = f->mask;
            script = f->script;
            if (guess >= 0 && t[i].kind == PRECIS_TOKEN_WORD) {
                if (f->stem_lang != guess + 1 && id < p->stem_cap[guess] &&
                    p->stem_of[guess][id] != VOCAB_NONE) {
                    f->stem = p->stem_of[guess][id];
                    f->stem_lang = (uint8_t)(guess + 1);
                }
                if (f->stem_lang == guess + 1)
                    stem = f->stem;
            }
        } else {
            const precis_status st = long_form(p, surf, slen, &id);
            if (st != PRECIS_OK)
                return st;
            mask = p->mask[id];
            script = p->script[id];
        }
        t[i].norm = id;
        t[i].stem = t[i].kind == PRECIS_TOKEN_WORD ? stem : id;
        t[i].sentence = mask;
        t[i].stop = script;
    }
    return PRECIS_OK;
}

/* Stem id of a word's norm id in language lang, stemming it on first sight only. */
static precis_status stem_of(precis_pipeline *p, int lang, uint32_t norm, uint32_t *out)
{
    size_t old = p->stem_cap[lang];
    if (norm >= old) {
        if (GROW(p->stem_of[lang], p->stem_cap[lang], (size_t)norm + 1))
            return PRECIS_ENOMEM;
        for (size_t i = old; i < p->stem_cap[lang]; i++)
            p->stem_of[lang][i] = VOCAB_NONE;
    }
    uint32_t s = p->stem_of[lang][norm];
    if (s == VOCAB_NONE) {
        size_t len;
        const char *w = vocab_str(p->terms, norm, &len);
        precis_status st = stemmers_stem(p->stem, lang, w, len, &p->stemmed);
        if (st != PRECIS_OK)
            return st;
        /* A word that is its own stem ("market") is its own term: no look-up, which would be
         * a cache miss in the vocab, is needed to find its id. */
        if (p->stemmed.len == len && (len == 0 || memcmp(p->stemmed.data, w, len) == 0))
            s = norm;
        else
            s = vocab_intern(p->terms, p->stemmed.data ? p->stemmed.data : "", p->stemmed.len);
        if (s == VOCAB_NONE)
            return PRECIS_ENOMEM;
        p->stem_of[lang][norm] = s;
    }
    *out = s;
    return PRECIS_OK;
}

/* Sets a token's stop flag and stem once the language is known (bit: the language's bit in
 * the stopword masks, 0 to keep stopwords). */
static inline precis_status finish_token(precis_pipeline *p, int lang, uint32_t bit,
                                         precis_token *t, uint32_t mask, int guessed)
{
    const uint32_t norm = t->norm;
    t->stop = (mask & bit) != 0;
    if (t->kind != PRECIS_TOKEN_WORD)
        return PRECIS_OK; /* only words are stemmed */
    if (guessed && t->stem != VOCAB_NONE)
        return PRECIS_OK; /* handed over by intern_tokens() */
    if (norm < p->stem_cap[lang] && p->stem_of[lang][norm] != VOCAB_NONE) {
        t->stem = p->stem_of[lang][norm];
        return PRECIS_OK;
    }
    return stem_of(p, lang, norm, &t->stem);
}

static uint32_t stop_bit(const precis_pipeline *p, int lang)
{
    return p->keep_stopwords ? 0 : 1u << lang;
}

static precis_status finish_tokens(precis_pipeline *p, int lang, precis_token *t, size_t n,
                                   int guess)
{
    const uint32_t bit = stop_bit(p, lang);
    for (size_t i = 0; i < n; i++) {
        const uint32_t mask = t[i].sentence; /* see intern_tokens() */
        t[i].sentence = 0;
        const precis_status st = finish_token(p, lang, bit, &t[i], mask, lang == guess);
        if (st != PRECIS_OK)
            return st;
    }
    return PRECIS_OK;
}

/* Makes room for need tokens in *arr (n of them used, room for *cap): in a block (*block
 * non-NULL) the array fills the rest of it already, so it moves to malloc()'d memory. */
static int grow_tokens(precis_token **arr, const size_t *n, size_t *cap, shared_block **block,
                       size_t need)
{
    if (!*block)
        return GROW(*arr, *cap, need);
    precis_token *moved = NULL;
    size_t mcap = 0;
    if (GROW(moved, mcap, need))
        return -1;
    memcpy(moved, *arr, *n * sizeof *moved);
    shared_block_release(*block);
    *block = NULL;
    *arr = moved;
    *cap = mcap;
    return 0;
}

/* Points d's tokens at the free part of the pipeline's block when about want tokens fit there,
 * taking a new block when they do not (and the current block still holds docs). Without a
 * block (a huge article, or out of memory) d's tokens are left to malloc(). */
static void place_doc_tokens(precis_pipeline *p, precis_doc *d, size_t want)
{
    size_t room;
    precis_token *const tok =
        shared_block_take(&p->block, want * sizeof *tok, 64, FIRST_BLOCK, NEXT_BLOCK, &room);
    if (!tok)
        return;
    d->block = p->block;
    d->tok = tok;
    d->tok_cap = room / sizeof *tok;
}

/* Hands out the block memory d's tokens took (64-byte aligned, so docs do not share lines). */
static void commit_doc_tokens(precis_pipeline *p, const precis_doc *d)
{
    if (d->block && d->block == p->block)
        shared_block_use(p->block, (d->ntok * sizeof(precis_token) + 63) & ~(size_t)63);
}

/* Appends the tokens of text[span] to *arr (start, end and kind; intern_tokens() gives their
 * norms); limit: the bytes of text that may be read. Each short form's slot in the table of
 * forms is prefetched as its token is found: intern_tokens() then finds the slots in the CPU
 * cache. The tokenizer's own work hides the memory latency, whereas in intern_tokens() every
 * look-up past the cache would wait for it. */
#define TOKEN_BATCH 64
static precis_status tokenize_span(precis_pipeline *p, const char *text, size_t limit,
                                   precis_span span, precis_token **arr, size_t *n, size_t *cap,
                                   shared_block **block)
{
    size_t pos = span.start;
    raw_token rt[TOKEN_BATCH];
    for (;;) {
        const size_t got = tokenize_many(text, span.end, limit, &pos, rt, TOKEN_BATCH);
        if (!got)
            return PRECIS_OK; /* nothing to add (and *arr may still be NULL) */
        if ((*n + got > *cap && grow_tokens(arr, n, cap, block, *n + got)) ||
            (3 * (*n + got) > p->keys_cap && GROW(p->keys, p->keys_cap, 3 * (*n + got))))
            return PRECIS_ENOMEM;
        precis_token *const t = *arr + *n;
        uint64_t *const key = p->keys + 3 * *n;
        /* In locals: the stores below (size_t, uint64_t) could alias p's fields. */
        const surface_slot *const forms = p->forms;
        const unsigned shift = (unsigned)(64 - p->forms_bits);
        for (size_t k = 0; k < got; k++) { /* intern_tokens() sets the other fields */
            t[k].start = rt[k].start;
            t[k].end = rt[k].end;
            t[k].kind = rt[k].kind;
            const size_t slen = rt[k].end - rt[k].start;
            if (slen <= SURFACE_MAX) {
                uint64_t a, b;
                surface_key(text + rt[k].start, slen, limit - rt[k].start, &a, &b);
                const uint64_t x = surface_hash(a, b, slen);
                key[3 * k] = a;
                key[3 * k + 1] = b;
                key[3 * k + 2] = x;
                __builtin_prefetch(&forms[x >> shift]);
            }
        }
        *n += got;
        if (got < TOKEN_BATCH)
            return PRECIS_OK;
    }
}

/* Votes of tokens t[0..n) whose mask and script wait in their sentence and stop fields (see
 * intern_tokens()). Stopword hits are summed in byte lanes (lang_byte_lanes[]), 255 tokens at
 * a time: a loop over each mask's bits would take a mispredicted branch nearly every token. */
_Static_assert(LANG_MAX == 32 && LANG_SCRIPT_COUNT <= 16, "vote_tokens() lanes");
static void vote_tokens(lang_votes *v, const precis_token *t, size_t n)
{
    /* Byte lane j of script_lanes[s][0] (scripts 0..7) or [1] (8..15) counts script s. */
    static const uint64_t script_lanes[16][2] = {
        {1, 0},          {1ULL << 8, 0},  {1ULL << 16, 0}, {1ULL << 24, 0},
        {1ULL << 32, 0}, {1ULL << 40, 0}, {1ULL << 48, 0}, {1ULL << 56, 0},
        {0, 1},          {0, 1ULL << 8},  {0, 1ULL << 16}, {0, 1ULL << 24},
        {0, 1ULL << 32}, {0, 1ULL << 40}, {0, 1ULL << 48}, {0, 1ULL << 56},
    };
    for (size_t i = 0; i < n;) {
        const size_t stop = n - i > 255 ? i + 255 : n;
        uint64_t l0 = 0, l1 = 0, l2 = 0, l3 = 0, s0 = 0, s1 = 0;
        v->tokens += (uint32_t)(stop - i);
        for (; i < stop; i++) {
            const uint32_t m = t[i].sentence;
            l0 += lang_byte_lanes[m & 0xFF];
            l1 += lang_byte_lanes[(m >> 8) & 0xFF];
            l2 += lang_byte_lanes[(m >> 16) & 0xFF];
            l3 += lang_byte_lanes[m >> 24];
            s0 += script_lanes[t[i].stop & 15][0];
            s1 += script_lanes[t[i].stop & 15][1];
        }
        const uint64_t lanes[LANG_MAX / 8] = {l0, l1, l2, l3}, scripts[2] = {s0, s1};
        for (int k = 0; k < LANG_MAX / 8; k++)
            for (int j = 0; j < 8; j++)
                v->stop_hits[8 * k + j] += (uint32_t)(lanes[k] >> (8 * j)) & 0xFF;
        for (int j = 0; j < LANG_SCRIPT_COUNT; j++)
            v->script[j] += (uint32_t)(scripts[j >> 3] >> (8 * (j & 7))) & 0xFF;
    }
}

/* The language for this article: forced by options, declared by the input, or detected. */
static int choose_lang(const precis_pipeline *p, const precis_article *a, const precis_doc *d)
{
    if (p->forced_lang >= 0)
        return p->forced_lang;
    const char *declared = precis_article_lang(a);
    if (declared) {
        int i = lang_index(declared);
        if (i >= 0)
            return i;
    }
    lang_votes v;
    memset(&v, 0, sizeof v);
    const size_t nvote = d->ntok < LANG_VOTE_TOKENS ? d->ntok : LANG_VOTE_TOKENS;
    vote_tokens(&v, d->tok, nvote);
    if (d->ntok == 0) /* a title alone still says something */
        vote_tokens(&v, d->title, d->ntitle);
    return lang_decide(&v);
}

/* Gives each token the sentence that contains its start, and its stop flag and stem, in one
 * pass; tokens outside every sentence (none in practice: sentences cover all non-space text of
 * a paragraph) are dropped. */
static precis_status place_tokens(precis_pipeline *p, precis_doc *d, int guess)
{
    const uint32_t bit = stop_bit(p, d->lang);
    size_t k = 0, s = 0;
    /* Sentence s's span and its tokens so far (first, count), kept in locals and written
     * back when the next sentence starts: the stores below would make the compiler load them
     * again for every token. */
    size_t s_start = d->nsent ? d->sent[0].start : 0, s_end = d->nsent ? d->sent[0].end : 0;
    size_t s_first = 0, s_count = 0;
    for (size_t i = 0; i < d->ntok; i++) {
        const precis_token *t = &d->tok[i];
        const size_t ts = t->start;
        if (ts >= s_end) {
            if (s_count) {
                d->sent[s].first_token = s_first;
                d->sent[s].token_count = s_count;
                s_count = 0;
            }
            while (s < d->nsent && d->sent[s].end <= ts)
                s++;
            if (s == d->nsent)
                break;
            s_start = d->sent[s].start;
            s_end = d->sent[s].end;
        }
        if (ts < s_start)
            continue;
        if (k != i)
            d->tok[k] = *t;
        const uint32_t mask = d->tok[k].sentence; /* see intern_tokens() */
        d->tok[k].sentence = (uint32_t)s;
        const precis_status st = finish_token(p, d->lang, bit, &d->tok[k], mask, d->lang == guess);
        if (st != PRECIS_OK)
            return st;
        if (s_count++ == 0)
            s_first = k;
        k++;
    }
    if (s_count) {
        d->sent[s].first_token = s_first;
        d->sent[s].token_count = s_count;
    }
    d->ntok = k;
    /* Sentences without tokens point at where their tokens would be. */
    size_t next = d->ntok;
    for (size_t j = d->nsent; j-- > 0;) {
        if (d->sent[j].token_count == 0)
            d->sent[j].first_token = next;
        else
            next = d->sent[j].first_token;
    }
    return PRECIS_OK;
}

/* Gives back the unused end of a doc's malloc()'d token array (grown by doubling, so a third
 * of it is unused on average). A caller that keeps many docs, as the two-pass
 * commands do, then has them packed into fewer pages: the freed ends hold the next article's
 * allocations instead of leaving part of a page untouched between two docs, and each fresh page
 * costs a page fault. Shrinking in place moves nothing; a failed realloc keeps the array. */
static void shrink_doc(precis_doc *d)
{
    if (!d->block && d->ntok < d->tok_cap) {
        precis_token *const t = realloc(d->tok, (d->ntok ? d->ntok : 1) * sizeof *t);
        if (t) {
            d->tok = t;
            d->tok_cap = d->ntok ? d->ntok : 1;
        }
    }
}

/* bytes of room in the block after what d put there so far (64-byte aligned), or NULL when
 * d's tokens are not in the pipeline's current block or it has no room left. */
static void *doc_room(precis_pipeline *p, const precis_doc *d, size_t bytes)
{
    return d->block && d->block == p->block ? shared_block_extend(d->block, bytes) : NULL;
}

/* Moves d's sentences out of the pipeline's array, where they were split and given their
 * tokens, to the block after d's tokens, or to an array of their own when they do not fit
 * there: one copy of the exact size instead of an array grown by doubling for each doc (the
 * two-pass commands keep every doc: fresh pages and page faults). */
static precis_status keep_sentences(precis_pipeline *p, precis_doc *d)
{
    const size_t bytes = d->nsent * sizeof *d->sent;
    d->sent = NULL;
    if (!bytes)
        return PRECIS_OK;
    precis_sentence *to = doc_room(p, d, bytes);
    if (!to) {
        if (!(to = malloc(bytes)))
            return PRECIS_ENOMEM;
        d->sent_cap = d->nsent;
    }
    d->sent = memcpy(to, p->sent, bytes);
    return PRECIS_OK;
}

/* Moves d's title tokens, then d itself, from malloc()'d memory to the block after its
 * sentences, as keep_sentences() does, where there is room; returns d where it is now. The
 * freed arrays are taken again by the next doc, where kept ones took fresh pages. */
static precis_doc *keep_doc(precis_pipeline *p, precis_doc *d)
{
    if (d->title_cap) {
        precis_token *const to = d->ntitle ? doc_room(p, d, d->ntitle * sizeof *d->title) : NULL;
        if (to || !d->ntitle) {
            if (to)
                memcpy(to, d->title, d->ntitle * sizeof *d->title);
            free(d->title);
            d->title = to;
            d->title_cap = 0;
        }
    }
    precis_doc *const to = doc_room(p, d, sizeof *d);
    if (!to)
        return d;
    *to = *d;
    to->in_block = 1;
    free(d);
    return to;
}

precis_status precis_pipeline_analyze(precis_pipeline *p, const precis_article *a, precis_doc **out)
{
    *out = NULL;
    precis_doc *d = calloc(1, sizeof *d);
    if (!d)
        return PRECIS_ENOMEM;
    d->article = a;
    size_t len;
    const char *text = precis_article_text(a, &len);
    precis_status st = PRECIS_OK;
    const char *const title = precis_article_title(a);
    const size_t title_len = title ? strlen(title) : 0;
    if (len > PRECIS_ARTICLE_MAX || title_len > PRECIS_ARTICLE_MAX) {
        /* Token offsets are 32 bits (precis.h); the reader turns larger files down. */
        snprintf(p->error, sizeof p->error, "%s: larger than the 4 GiB an article may have",
                 precis_article_path(a));
        free(d);
        return PRECIS_EINVAL;
    }

    size_t npara = precis_article_paragraph_count(a);
    /* Room for the tokens at once: news averages six bytes or more a token. */
    if (npara) {
        const precis_span body = precis_article_body(a);
        const size_t want = (body.end - body.start) / 6 + 16;
        place_doc_tokens(p, d, want);
        if (!d->block && GROW(d->tok, d->tok_cap, want)) {
            st = PRECIS_ENOMEM;
            goto fail;
        }
    }
    for (size_t i = 0; i < npara; i++) {
        st = tokenize_span(p, text, len, precis_article_paragraph(a, i), &d->tok, &d->ntok,
                           &d->tok_cap, &d->block);
        if (st != PRECIS_OK)
            goto fail;
    }
    /* Stems are handed over for the language the last article had (see intern_tokens()). */
    const int guess = p->forced_lang >= 0 ? p->forced_lang : p->guess_lang;
    if ((st = intern_tokens(p, text, d->tok, d->ntok, guess)) != PRECIS_OK)
        goto fail;
    if (title) {
        precis_span all = {0, title_len};
        shared_block *none = NULL;
        if ((st = tokenize_span(p, title, all.end, all, &d->title, &d->ntitle, &d->title_cap,
                                &none)) != PRECIS_OK ||
            (st = intern_tokens(p, title, d->title, d->ntitle, guess)) != PRECIS_OK)
            goto fail;
    }
    d->lang = choose_lang(p, a, d);

    /* The article's own paragraph array (article.h), not a copy. Split into the pipeline's
     * array (d does not own it: sent_cap stays 0) until keep_sentences(). */
    st = sentences_split(text, a->paras, a->npara, lang_code(d->lang), &p->sent, &d->nsent,
                         &p->sent_cap);
    d->sent = p->sent;
    if (st != PRECIS_OK)
        goto fail;
    if ((st = place_tokens(p, d, guess)) != PRECIS_OK ||
        (st = finish_tokens(p, d->lang, d->title, d->ntitle, guess)) != PRECIS_OK)
        goto fail;
    p->guess_lang = d->lang;
    commit_doc_tokens(p, d);
    if ((st = keep_sentences(p, d)) != PRECIS_OK)
        goto fail;
    shrink_doc(d);
    *out = keep_doc(p, d);
    return PRECIS_OK;
fail:
    snprintf(p->error, sizeof p->error, "%s: %s", precis_article_path(a), precis_strerror(st));
    precis_doc_free(d);
    return st;
}

void precis_doc_free(precis_doc *d)
{
    if (!d)
        return;
    /* The block goes last: it may hold d itself. */
    shared_block *const b = d->block;
    if (d->sent_cap)
        free(d->sent);
    if (!b)
        free(d->tok);
    if (d->title_cap)
        free(d->title);
    if (!d->in_block)
        free(d);
    shared_block_release(b);
}

const char *precis_doc_lang(const precis_doc *d)
{
    return lang_code(d->lang);
}

const precis_article *precis_doc_article(const precis_doc *d)
{
    return d->article;
}

size_t precis_doc_sentence_count(const precis_doc *d)
{
    return d->nsent;
}

const precis_sentence *precis_doc_sentence(const precis_doc *d, size_t i)
{
    return &d->sent[i];
}

size_t precis_doc_token_count(const precis_doc *d)
{
    return d->ntok;
}

const precis_token *precis_doc_token(const precis_doc *d, size_t i)
{
    return &d->tok[i];
}

size_t precis_doc_title_token_count(const precis_doc *d)
{
    return d->ntitle;
}

const precis_token *precis_doc_title_token(const precis_doc *d, size_t i)
{
    return &d->title[i];
}
