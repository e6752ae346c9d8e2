/* keywords.c - keywords and keyphrases of one article: runs of adjacent content words and
 * their sub-phrases, grouped by stem sequence, scored by TF-IDF with news priors (early
 * mention, title, proper names), then de-duplicated so no near-copies reach the list. */
#include "keywords.h"

#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"
#include "util.h"
#include "weight.h"

/* Priors and weights, measured on 500N-KPCrowd news (tests/eval/run_keywords.sh) and kept
 * only where they are sensible for news in general; #ifndef lets a harness build try other
 * values without editing this file. */
#ifndef POSITION_WEIGHT
#define POSITION_WEIGHT 0.3 /* first mention in sentence s: x (1 + w / (1 + s)) */
#endif
#ifndef TITLE_WEIGHT
#define TITLE_WEIGHT 0.0 /* in the title: x (1 + w); 0: its title occurrences already count */
#endif
#ifndef PROPER_WEIGHT
#define PROPER_WEIGHT 0.5 /* a phrase capitalised mid-sentence (a name): x (1 + w * share) */
#endif
#ifndef PROPER_WORD_WEIGHT
/* A lone capitalised word is more often a fragment of a name (a first name, a title-case
 * heading) than the topic; the full name, as a phrase, gets the credit instead. */
#define PROPER_WORD_WEIGHT -0.4
#endif
#ifndef NUMBER_WEIGHT
#define NUMBER_WEIGHT 0.1 /* a bare number says little about what a story is about */
#endif
#ifndef PHRASE_WEIGHT
#define PHRASE_WEIGHT 0.5 /* a phrase of n words: x w^(n-1); its own idf is already high */
#endif
#ifndef TF_POWER
#define TF_POWER 1.0 /* tf^p: 1 is scikit-learn's raw count */
#endif
#ifndef IDF_POWER
#define IDF_POWER 1.0 /* idf^p */
#endif
#ifndef IDF_CAP
#define IDF_CAP 0.5 /* idf is capped at IDF_CAP ln N, i.e. ln sqrt(N) */
#endif
#ifndef IDF_FLOOR
#define IDF_FLOOR 0.1 /* a term in every document still ranks by its count */
#endif
#ifndef PHRASE_MIN
#define PHRASE_MIN 3 /* a phrase must occur this often, title included (2 measured worse) */
#endif
/* A single article with no corpus: idf comes from the article's own sentences, where a phrase
 * is no rarer than a word, so the corpus-mode discount (which offsets a phrase's high corpus
 * idf) has nothing to offset, and a phrase said twice in one story is no accident of wording
 * ("Elena Varga", "digital transformation", "snow leopard cubs"). KPCrowd, scored with its
 * corpus, does not see these two. */
#ifndef PHRASE_WEIGHT_SINGLE
#define PHRASE_WEIGHT_SINGLE 1.0
#endif
#ifndef PHRASE_MIN_SINGLE
#define PHRASE_MIN_SINGLE 2
#endif
/* A phrase takes the place of a kept entry it extends when that entry occurs at most this
 * many times outside it. */
#ifndef NAME_MIN
#define NAME_MIN 2 /* ... or this often when it is a name */
#endif
#ifndef REPLACE_SLACK
#define REPLACE_SLACK 0
#endif
/* A word that also sits inside a better-ranked phrase stays when it occurs at least this
 * often outside the phrase, and for at least half of its occurrences. */
#ifndef INDEPENDENT_MIN
#define INDEPENDENT_MIN 3
#endif

/* Words that are no stopwords but never what a news story is about on their own: reporting
 * verbs, titles of address, days and months, vague amounts of time, numbers in words (like
 * bare numbers, poor keywords) and the wire agencies' bylines. Still fine inside a
 * phrase ("New York", "Black Friday"). Case-folded, sorted in byte order, NOISE_MAX_LEN bytes
 * at most. */
#define NOISE_MAX_LEN 10
static const char news_noise[][NOISE_MAX_LEN + 1] = {
    "added",     "afp",      "announced", "ap",         "apr",     "april",      "asked",
    "aug",       "august",   "billion",   "commented",  "day",     "days",       "dec",
    "december",  "dozen",    "dozens",    "dr",         "eight",   "emphasised", "emphasized",
    "explained", "feb",      "february",  "fifth",      "first",   "five",       "four",
    "fourth",    "fri",      "friday",    "get",        "got",     "hundred",    "hundreds",
    "jan",       "january",  "jul",       "july",       "jun",     "june",       "last",
    "mar",       "march",    "may",       "million",    "mon",     "monday",     "month",
    "months",    "mr",       "mrs",       "ms",         "new",     "nine",       "noted",
    "nov",       "november", "oct",       "october",    "percent", "remarked",   "reported",
    "reuters",   "said",     "sat",       "saturday",   "say",     "says",       "second",
    "sep",       "sept",     "september", "seven",      "six",     "stated",     "stressed",
    "sun",       "sunday",   "tell",      "tells",      "ten",     "third",      "thousand",
    "thousands", "three",    "thu",       "thursday",   "time",    "today",      "told",
    "tue",       "tuesday",  "two",       "underlined", "wed",     "wednesday",  "week",
    "weeks",     "year",     "years",     "yesterday",
};

/* A word of up to NOISE_MAX_LEN bytes as two numbers that sort as its bytes do: the first
 * eight bytes big-endian, then the rest, zero-padded. */
static void noise_key(const char *w, uint64_t *hi, uint32_t *lo)
{
    const unsigned char *const u = (const unsigned char *)w;
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    *hi = __builtin_bswap64(load64(u));
#else
    uint64_t h = 0;
    for (int i = 0; i < 8; i++)
        h = h << 8 | u[i];
    *hi = h;
#endif
    *lo = (uint32_t)u[8] << 16 | (uint32_t)u[9] << 8 | u[10];
}

/* 1 when s[0..len) is in news_noise: a binary search without branches on the data, as the
 * answer is nearly always no and a mispredicted step costs more than a whole search. */
static int is_noise_word(const char *s, size_t len)
{
    if (len > NOISE_MAX_LEN)
        return 0;
    char w[NOISE_MAX_LEN + 1] = {0};
    memcpy(w, s, len);
    uint64_t hi, khi;
    uint32_t lo, klo;
    noise_key(w, &hi, &lo);
    size_t base = 0, n = sizeof news_noise / sizeof *news_noise;
    while (n > 1) {
        const size_t half = n / 2;
        noise_key(news_noise[base + half], &khi, &klo);
        const int below = (khi < hi) | ((khi == hi) & (klo <= lo));
        base += half & ((size_t)0 - (size_t)below);
        n -= half;
    }
    noise_key(news_noise[base], &khi, &klo);
    return khi == hi && klo == lo;
}

/* The first two letters of every news_noise word, as a bit set by first letter: most words
 * are ruled out by them without the search (a cheap screen, made from the list itself, so
 * it never rules out a word of the list). */
static void noise_pairs(uint32_t pair[26])
{
    memset(pair, 0, 26 * sizeof *pair);
    for (size_t i = 0; i < sizeof news_noise / sizeof *news_noise; i++) {
        const unsigned char a = (unsigned char)news_noise[i][0] - 'a',
                            b = (unsigned char)news_noise[i][1] - 'a';
        assert(a < 26 && b < 26);
        pair[a] |= 1u << b;
    }
}

/* 0 when s[0..len) cannot be in news_noise by its first two letters; 1 when it may be.
 * pair is noise_pairs(). */
static int may_be_noise(const uint32_t pair[26], const char *s, size_t len)
{
    if (len < 2 || len > NOISE_MAX_LEN)
        return 0;
    const unsigned char a = (unsigned char)s[0] - 'a', b = (unsigned char)s[1] - 'a';
    return a < 26 && b < 26 && (pair[a] >> b & 1u);
}

/* What is known of a token once per article, so that phrase building never looks at strings
 * nor at the token itself: a keyword may be made of it (content word, number or acronym of 2
 * bytes or more), its normalised form is news_noise, it is written with a capital, it is a
 * number, it is a candidate that directly follows a candidate of its sentence (a phrase may
 * run on through it: corpus_tokens_adjacent()). */
enum { TOK_CANDIDATE = 1, TOK_NOISE = 2, TOK_UPPER = 4, TOK_NUMBER = 8, TOK_JOINED = 16 };

/* What is known of a normalised form, in a view's term memo (corpus_view_term_memo()), so
 * that it is looked at once for all the docs of a pipeline: it is known, it is too short
 * (or no term) to be a candidate, it is news_noise. */
enum { MEMO_KNOWN = 1, MEMO_SHORT = 2, MEMO_NOISE = 4 };

/* One occurrence of a phrase, chained to the next of its group. Its index in the
 * occurrence list is its running number ("first seen" order). */
typedef struct occurrence {
    uint32_t next; /* next occurrence of the same group; NONE at the end */
    uint32_t tok;  /* its first token, numbered as kw_state.flag numbers them */
    uint8_t words;
    uint8_t title; /* in the title */
    uint8_t votes; /* 2 mid-sentence, 1 at a sentence start or in the title */
} occurrence;

#define NONE UINT32_MAX

#define GROUP_ALIGN 64 /* a cache line */

/* A phrase: a sequence of stems, whatever its inflections. add_occurrence() sets each field
 * of a new group by name: a field added here needs setting there. The scan looks groups up at
 * random, so a group is one cache line (its scratch block is aligned): counts in 32 bits, as an
 * article has fewer than 2^32 tokens (PRECIS_ARTICLE_MAX), and what only the ranking needs
 * kept aside (kw_state.score), or found from the occurrences when listed (the first offset). */
typedef struct group {
    _Alignas(GROUP_ALIGN) uint32_t stem[KEYWORDS_MAX_WORDS];
    uint8_t words;
    uint8_t numeric;    /* a single number */
    uint8_t noise;      /* a single word whose first occurrence is news_noise */
    uint8_t listed;     /* frequent enough to be ranked */
    uint8_t in_title;   /* occurs in the title */
    uint32_t whole;     /* the longest listed phrase that holds every occurrence of this one
                           ("BP North" inside "BP North America"); NONE when none */
    uint32_t first_occ; /* first occurrence of any kind, also the group's rank among ties */
    uint32_t last_occ;
    uint32_t count;      /* occurrences, title included */
    uint32_t first_sent; /* first body sentence holding it; NONE when none */
    uint32_t caps, mid;  /* mid-sentence body occurrences: capitalised, all */
    uint32_t sdf;        /* pseudo-documents (title, sentences) holding it */
    uint32_t last_unit;  /* last pseudo-document counted in sdf; NONE before the first */
} group;

_Static_assert(sizeof(group) == GROUP_ALIGN, "a group is one cache line");

/* Open addressing over stem sequences: a slot holds a group id + 1 (0 = empty), or STUB | a
 * stub's index, and the high half of the sequence's hash, so a probe rarely touches a group. */
typedef struct slot {
    uint32_t id1;
    uint32_t tag;
} slot;

/* A phrase said once so far has a stub instead of a group: most phrases of an article are
 * said once, and such a phrase is never listed (NAME_MIN, PHRASE_MIN and PHRASE_MIN_SINGLE
 * are 2 or more), so it never needs a group. The second occurrence makes the group and
 * counts the first one in. A word said once is listed, but against a corpus it is ranked
 * only when once_bound is reached, in few articles: its group is made then, from the stub
 * (make_once_groups()). (A harness build that lists phrases said once makes groups at
 * once.) */
#if NAME_MIN >= 2 && PHRASE_MIN >= 2 && PHRASE_MIN_SINGLE >= 2
#define LAZY_PHRASES 1
#else
#define LAZY_PHRASES 0
#endif
#define STUB 0x80000000u
/* With STUB, a stub of one word: its tag, a bijection of the stem (hash_step()), says which
 * word, so a probe for a word takes it without reading the stub. */
#define STUB_ONE 0x40000000u
/* More phrases than an article can hold in memory (a table of 16 GiB): PRECIS_ENOMEM. */
#define MAX_PHRASES (STUB_ONE - 1)

typedef struct stub {
    uint32_t occ;  /* its occurrence */
    uint32_t unit; /* and that occurrence's pseudo-document */
} stub;

/* Tokens [first, end) of the article, numbered as kw_state.flag numbers them. */
typedef struct run_span {
    uint32_t first, end;
} run_span;

typedef struct kw_state {
    const precis_pipeline *p;
    size_t max_words;
    const char *text, *title;
    /* The doc's own token arrays (each one block, as summarize.c reads them too): token i of
     * the article is title_tok[i] below ntitle, else body_tok[i - ntitle]. A copy of pointers
     * to them cost a store a token and a call to the doc for each. */
    const precis_token *title_tok, *body_tok;
    size_t ntitle;
    uint8_t *flag; /* TOK_* by token: the title's, then the body's */
    /* The stem of each candidate, same order: the phrase scan reads these 4 bytes a token,
     * not the token's cache line. */
    uint32_t *stem;
    /* The runs of joined candidates, in token order: the scan goes from one to the next, not
     * through every token's flags (a branch a token the CPU could not foresee). */
    run_span *runs;
    size_t nruns;
    slot *table;
    size_t mask;
    unsigned shift; /* 64 - log2 of the table's size: slot_of() */
    /* With a view, the table is the view's (corpus_view_zeroed()) and used lists the slots
     * filled, to be zeroed again at the end; NULL when the table is the article's own. */
    uint32_t *used;
    size_t nused;
    group *g;
    size_t ng, gcap;
    double *score; /* by group, set for the listed ones as they are scored */
    occurrence *o;
    size_t no, ocap;
    stub *stubs; /* a stub whose group has been made has occ NONE */
    size_t nstubs, stubs_cap;
    size_t nonce; /* stubs of one word, no news_noise, that have no group */
    buf key;
    /* noise_pairs(), made when first asked for (noise_screen()): with a view, nearly every
     * normalised form is in the memo already, and the few new ones of most articles read the
     * view's screen, made once (corpus_view_kept()). NULL until asked for. */
    const uint32_t *noise;
    uint32_t own_noise[26];
    uint8_t *memo; /* MEMO_* by pipeline term id; NULL without a view */
    /* PHRASE_WEIGHT (single 0) or PHRASE_WEIGHT_SINGLE (1) to the power words - 1 */
    double phrase_weight[2][KEYWORDS_MAX_WORDS];
    precis_corpus_view *view; /* lends the scratch blocks; NULL: they are own[] */
    void *own[CORPUS_VIEW_SCRATCH];
} kw_state;

/* At least size bytes of scratch block which: the view's, kept from one article to the next,
 * or without a view the article's own, freed by extract(). Aligned to a cache line; what it
 * held before is lost. */
static void *scratch(kw_state *kw, size_t which, size_t size)
{
    if (kw->view)
        return corpus_view_scratch(kw->view, which, size);
    free(kw->own[which]);
    const size_t a = CORPUS_VIEW_SCRATCH_ALIGN;
    return kw->own[which] = aligned_alloc(a, (size + a - 1) / a * a);
}

/* Lays an array of bytes bytes out after those before it in a scratch block, on a cache line
 * of its own: *at is the block's size so far; returns the array's offset. */
static size_t lay(size_t *at, size_t bytes)
{
    const size_t off = *at;
    *at += (bytes + CORPUS_VIEW_SCRATCH_ALIGN - 1) / CORPUS_VIEW_SCRATCH_ALIGN *
           CORPUS_VIEW_SCRATCH_ALIGN;
    return off;
}

/* noise_pairs(), made on first use: the view's, made once a view (its word 26 says it is
 * made), or without a view (or memory for it) the article's own. */
static const uint32_t *noise_screen(kw_state *kw)
{
    if (kw->noise)
        return kw->noise;
    uint32_t *const kept = kw->view ? corpus_view_kept(kw->view, 27 * sizeof *kept) : NULL;
    if (kept) {
        if (!kept[26]) {
            noise_pairs(kept);
            kept[26] = 1;
        }
        return kw->noise = kept;
    }
    noise_pairs(kw->own_noise);
    return kw->noise = kw->own_noise;
}

/* Token i of the article: the title's first, then the body's. */
static inline const precis_token *token_at(const kw_state *kw, size_t i)
{
    return i < kw->ntitle ? &kw->title_tok[i] : &kw->body_tok[i - kw->ntitle];
}

/* Hash of a stem sequence, extended one stem at a time as a phrase grows: one multiply a
 * stem (Fibonacci hashing), not a full finaliser, which was most of the scan's hashing time.
 * A multiply carries every bit upwards only, so the slot comes from the high bits
 * (slot_of()); the low half, for one word a bijection of its stem, is the slot's tag. Where a
 * phrase lands never shows in the output: groups are numbered in the order they are seen. */
static uint64_t hash_step(uint64_t h, uint32_t stem)
{
    return (h ^ stem) * 0x9e3779b97f4a7c15ULL;
}

#define HASH_SEED 0x6a09e667f3bcc909ULL

/* The slot where the probe for hash h starts. */
static inline size_t slot_of(const kw_state *kw, uint64_t h)
{
    return (size_t)(h >> kw->shift);
}

/* 1 when g is the phrase stem[0..n) (compared in place: a call to memcmp for a few words
 * cost more than the comparison). */
static int group_is(const group *g, const uint32_t *stem, size_t n)
{
    if (g->words != n)
        return 0;
    for (size_t k = 0; k < n; k++)
        if (g->stem[k] != stem[k])
            return 0;
    return 1;
}

/* The group of stem[0..n) (hash h), or NONE. */
static uint32_t find_group(const kw_state *kw, const uint32_t *stem, size_t n, uint64_t h)
{
    const uint32_t tag = (uint32_t)h;
    for (size_t i = slot_of(kw, h);; i = (i + 1) & kw->mask) {
        const slot sl = kw->table[i];
        if (!sl.id1)
            return NONE;
        if (sl.tag != tag || (sl.id1 & STUB))
            continue;
        const group *const g = &kw->g[sl.id1 - 1];
        if (group_is(g, stem, n))
            return sl.id1 - 1;
    }
}
/* 1 when the surface s[0..len) starts with an upper-case letter (ASCII or a 2-byte Latin,
 * Greek or Cyrillic capital) - enough to tell "Bank of England" from "bank". */
static inline int starts_upper(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    /* ASCII first, in line: asked of every candidate, and nearly every one is ASCII. */
    if (!len || u[0] < 0xC3)
        return len && u[0] >= 'A' && u[0] <= 'Z';
    if (len >= 2 && u[0] <= 0xD4) {
        const unsigned cp = ((u[0] & 0x1Fu) << 6) | (u[1] & 0x3Fu);
        return (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) || (cp >= 0x391 && cp <= 0x3A9) ||
               (cp >= 0x400 && cp <= 0x42F);
    }
    return 0;
}

/* The shown form of toks[0..n) in out, which has room for their bytes and a NUL: their bytes
 * with white-space runs made one space, and a possessive 's (or ’s) dropped from the end, so
 * "Gadhafi's" is shown as "Gadhafi". Returns its length. */
static size_t make_surface(char *out, const char *text, const precis_token *toks, size_t n)
{
    const size_t start = toks[0].start, end = toks[n - 1].end;
    size_t w = 0;
    int space = 0;
    for (size_t i = start; i < end; i++) {
        const char c = text[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = 1;
            continue;
        }
        if (space)
            out[w++] = ' ';
        out[w++] = c;
        space = 0;
    }
    if (toks[n - 1].kind == PRECIS_TOKEN_WORD && w > 3) {
        const char *e = out + w;
        if ((e[-1] == 's' || e[-1] == 'S') && e[-2] == '\'')
            w -= 2;
        else if ((e[-1] == 's' || e[-1] == 'S') && w > 5 && memcmp(e - 4, "\xe2\x80\x99", 3) == 0)
            w -= 4;
    }
    out[w] = '\0';
    return w;
}

/* Counts in g one occurrence of it starting at token tok (n words) in pseudo-document unit;
 * flag is kw_state.flag. */
static inline void tally(const uint8_t *flag, group *g, size_t tok, size_t n, size_t unit,
                         int in_title, int at_start)
{
    g->count++;
    if (g->last_unit != unit) {
        g->sdf++;
        g->last_unit = (uint32_t)unit;
    }
    if (in_title)
        g->in_title = 1;
    else {
        if (g->first_sent == NONE)
            g->first_sent = (uint32_t)(unit - 1);
        if (!at_start) {
            g->mid++;
            int caps = 1;
            for (size_t k = 0; k < n && caps; k++)
                caps = flag[tok + k] & TOK_UPPER;
            g->caps += caps != 0;
        }
    }
}

/* A new group for the phrase stem[0..n) whose first occurrence is occ, starting at token
 * tok; nothing counted yet. Returns its id. */
static uint32_t new_group(kw_state *kw, const uint32_t *stem, size_t n, uint32_t occ, size_t tok)
{
    assert(kw->ng < kw->gcap); /* sized by every phrase that can be (mark_tokens()) */
    const uint32_t id = (uint32_t)kw->ng++;
    group *const g = &kw->g[id];
    /* Field by field (padding and the stems past words aside, as every reader stops at
     * words): zeroing the group first was a string instruction, slow to start, and a tenth of
     * the scan's time. */
    for (size_t k = 0; k < n; k++)
        g->stem[k] = stem[k];
    g->words = (uint8_t)n;
    g->whole = NONE;
    g->first_occ = g->last_occ = occ;
    g->numeric = n == 1 && (kw->flag[tok] & TOK_NUMBER);
    g->noise = n == 1 && (kw->flag[tok] & TOK_NOISE);
    g->listed = g->in_title = 0;
    g->count = 0;
    g->first_sent = g->last_unit = NONE;
    g->caps = g->mid = g->sdf = 0;
    return id;
}

/* A new group for stub st's phrase stem[0..n), its occurrence counted in; the stub is spent.
 * The caller counts it off kw->nonce. */
static uint32_t group_of_stub(kw_state *kw, uint32_t st, const uint32_t *stem, size_t n)
{
    stub *const s = &kw->stubs[st];
    const occurrence *const o = &kw->o[s->occ];
    /* The noise flag and the number are the first occurrence's. */
    const uint32_t id = new_group(kw, stem, n, s->occ, o->tok);
    tally(kw->flag, &kw->g[id], o->tok, n, s->unit, o->title, !o->title && o->votes == 1);
    s->occ = NONE;
    return id;
}

/* Makes a group of every word said once that has only a stub, news_noise aside (never
 * listed), and appends its id to ids[*nids] unless ids is NULL. Its slot still holds the
 * stub: find_group() does not find it, which no caller needs (untitled() asks for a name said
 * as often as a listed phrase, twice or more). */
static void make_once_groups(kw_state *kw, uint32_t *ids, size_t *nids)
{
    for (uint32_t st = 0; kw->nonce && st < kw->nstubs; st++) {
        const uint32_t occ = kw->stubs[st].occ;
        if (occ == NONE)
            continue;
        const occurrence *const o = &kw->o[occ];
        if (o->words != 1 || (kw->flag[o->tok] & TOK_NOISE))
            continue;
        const uint32_t id = group_of_stub(kw, st, &kw->stem[o->tok], 1);
        kw->nonce--;
        if (ids)
            ids[(*nids)++] = id;
    }
}

/* 1 when the stub's phrase is stem[0..n). */
static int stub_is(const kw_state *kw, const stub *st, const uint32_t *stem, size_t n)
{
    const occurrence *const o = &kw->o[st->occ];
    if (o->words != n)
        return 0;
    for (size_t k = 0; k < n; k++)
        if (kw->stem[o->tok + k] != stem[k])
            return 0;
    return 1;
}

/* Records every sub-phrase of up to max_words words of the runs of adjacent candidate tokens
 * (kw->runs from *run on) among tok[first..first+n) (one sentence, pseudo-document unit: 0
 * the title, 1 + i sentence i); *run is then the first run past them. A run is joined within
 * a sentence (corpus_tokens_adjacent()), and a sentence's tokens are those that name it, so
 * no run spans two. Each sub-phrase gets its occurrence, and a stub for a phrase new to the
 * article, or else its group, made from the stub at the second occurrence. Phrases may not
 * start with a number ("11 earthquake"), but may hold one ("iPhone 4"). What the loop
 * changes is in locals, written back at the end: the occurrence's bytes and the group's flags
 * may alias anything, so kw's fields were read again after every store. */
static void scan_sentence(kw_state *kw, size_t first, size_t n, size_t unit, int in_title,
                          size_t *run)
{
    const uint8_t *const flag = kw->flag + first, *const flag0 = kw->flag;
    const uint32_t *const stems = kw->stem + first;
    slot *const table = kw->table;
    const size_t mask = kw->mask, max_words = kw->max_words;
    const unsigned shift = kw->shift;
    occurrence *const occs = kw->o;
    stub *const stubs = kw->stubs;
    uint32_t *const used = kw->used;
    size_t no = kw->no, nstubs = kw->nstubs, nused = kw->nused, nonce = kw->nonce;
    const run_span *const runs = kw->runs;
    size_t r = *run;
    for (; r < kw->nruns && runs[r].first < first + n; r++) {
        assert(runs[r].first >= first && runs[r].end <= first + n);
        const size_t i = runs[r].first - first, j = runs[r].end - first;
        for (size_t s = i; s < j; s++) {
            /* "said Tuesday" is no phrase, "New York" is: a noise word may open a phrase
             * only when capitalised, and may never close one ("analysts said"). */
            const int weak_start = (flag[s] & (TOK_NOISE | TOK_UPPER)) == TOK_NOISE;
            /* The longest phrase from s: to the run's end, max_words at most, and one word
             * when s is a number or a weak start. */
            const size_t lim = (flag[s] & TOK_NUMBER) || weak_start ? 1
                               : j - s < max_words                  ? j - s
                                                                    : max_words;
            const uint32_t *const stem = stems + s;
            const size_t tok = first + s;
            const uint8_t votes = in_title || s == 0 ? 1u : 2u;
            uint64_t h = HASH_SEED;
            for (size_t len = 1; len <= lim; len++) {
                h = hash_step(h, stem[len - 1]);
                if (len > 1 && (flag[s + len - 1] & TOK_NOISE))
                    continue;
                const uint32_t tag = (uint32_t)h;
                size_t at = (size_t)(h >> shift);
                uint32_t id = NONE, st = NONE;
                for (;; at = (at + 1) & mask) {
                    const slot sl = table[at];
                    if (!sl.id1)
                        break;
                    if (sl.tag != tag)
                        continue;
                    if (sl.id1 & STUB) {
                        /* One word: the tag is the word. */
                        if (len == 1
                                ? (sl.id1 & STUB_ONE) != 0
                                : !(sl.id1 & STUB_ONE) &&
                                      stub_is(kw, &stubs[sl.id1 & ~(STUB | STUB_ONE)], stem, len)) {
                            st = sl.id1 & ~(STUB | STUB_ONE);
                            break;
                        }
                        continue;
                    }
                    if (group_is(&kw->g[sl.id1 - 1], stem, len)) {
                        id = sl.id1 - 1;
                        break;
                    }
                }
                assert(no < kw->ocap); /* sized by every phrase that can be (mark_tokens()) */
                const uint32_t occ = (uint32_t)no++;
                occs[occ] =
                    (occurrence){NONE, (uint32_t)tok, (uint8_t)len, (uint8_t)in_title, votes};
                if (LAZY_PHRASES && id == NONE && st == NONE) {
                    assert(nstubs < kw->stubs_cap);
                    stubs[nstubs] = (stub){occ, (uint32_t)unit};
                    table[at] = (slot){STUB | (len == 1 ? STUB_ONE : 0) | (uint32_t)nstubs++, tag};
                    nonce += len == 1 && !(flag[s] & TOK_NOISE);
                    if (used)
                        used[nused++] = (uint32_t)at;
                    continue;
                }
                if (id == NONE) {
                    if (st == NONE) {
                        id = new_group(kw, stem, len, occ, tok);
                        if (used) /* else it takes the stub's slot, already listed */
                            used[nused++] = (uint32_t)at;
                    } else { /* the stub's occurrence first */
                        const uint32_t first_occ = stubs[st].occ;
                        nonce -= len == 1 && !(flag0[occs[first_occ].tok] & TOK_NOISE);
                        id = group_of_stub(kw, st, stem, len);
                        occs[first_occ].next = occ;
                    }
                    table[at] = (slot){id + 1, tag};
                } else {
                    occs[kw->g[id].last_occ].next = occ;
                }
                group *const g = &kw->g[id];
                g->last_occ = occ;
                tally(flag0, g, tok, len, unit, in_title, s == 0);
            }
        }
    }
    *run = r;
    kw->no = no;
    kw->nstubs = nstubs;
    kw->nused = nused;
    kw->nonce = nonce;
}

/* The key of g, "stem1 stem2", in kw->key. */
static precis_status group_key(kw_state *kw, const group *g)
{
    kw->key.len = 0;
    for (size_t i = 0; i < g->words; i++) {
        size_t len = 0;
        const char *const s = precis_pipeline_term(kw->p, g->stem[i], &len);
        if (!s)
            return PRECIS_EINVAL;
        if ((i && buf_putc(&kw->key, ' ')) || buf_append(&kw->key, s, len))
            return PRECIS_ENOMEM;
    }
    return PRECIS_OK;
}

/* Score of a group given its idf: term frequency x idf (a phrase counted as one term with its
 * own document frequency - summing member scores would make every long phrase win) times
 * priors for news: the lead carries the story, titles name its subject, and capitalised
 * phrases are the people, places and bodies it is about. Increasing in idf. */
static double score_with_idf(const kw_state *kw, const group *g, double idf, int single)
{
    double s = pow((double)g->count, TF_POWER) * pow(idf, IDF_POWER);
    s *= kw->phrase_weight[single != 0][g->words - 1];
    if (g->first_sent != NONE)
        s *= 1.0 + POSITION_WEIGHT / (1.0 + (double)g->first_sent);
    else
        s *= 1.0 + POSITION_WEIGHT; /* title only */
    if (g->in_title)
        s *= 1.0 + TITLE_WEIGHT;
    if (g->mid)
        s *= 1.0 +
             (g->words > 1 ? PROPER_WEIGHT : PROPER_WORD_WEIGHT) * (double)g->caps / (double)g->mid;
    if (g->numeric)
        s *= NUMBER_WEIGHT;
    return s;
}

/* How groups are weighed: against a corpus (df by key, looked up only for the groups that
 * may reach the list) or against the article's own sentences. */
typedef struct idf_source {
    const precis_corpus *corpus; /* NULL: sentences as documents */
    precis_corpus_view *view;    /* the corpus by stem ids, when given one */
    double n;                    /* documents */
    double cap;                  /* largest idf before the floor */
} idf_source;

/* Inverse document frequency as scikit-learn's, then saturated: a term in fewer than sqrt(N)
 * documents is as specific as a term can be, and in news the common-but-topical words
 * ("insurance", "court") are what readers name as keywords, so past that point frequency
 * decides. */
static precis_status group_idf(kw_state *kw, const group *g, const idf_source *src, double *out)
{
    double idf;
    if (src->corpus) {
        size_t df = 0;
        precis_status st;
        if (src->view) {
            if ((st = corpus_view_seq_df(src->view, g->stem, g->words, &df)))
                return st;
        } else {
            if ((st = group_key(kw, g)))
                return st;
            df = precis_corpus_df(src->corpus, kw->key.data, kw->key.len);
        }
        idf = weight_idf_value(WEIGHT_IDF_PLAIN, src->n, (double)df);
    } else {
        /* Sentences as documents: a word in every sentence is central, not generic, so the
         * smoothed form keeps it above zero. */
        idf = weight_idf_value(WEIGHT_IDF_SMOOTH, src->n, (double)g->sdf);
    }
    *out = fmax(fmin(idf, src->cap), IDF_FLOOR);
    return PRECIS_OK;
}

/* Best score first; ties to the earlier first occurrence (unique to a group: a group is made
 * by its first occurrence, so no two tie further). */
static int ranks_before(const kw_state *kw, uint32_t x, uint32_t y)
{
    return kw->score[x] > kw->score[y] ||
           (kw->score[x] == kw->score[y] && kw->g[x].first_occ < kw->g[y].first_occ);
}

typedef struct bounded {
    double bound; /* no less than the group's score */
    uint32_t id;
} bounded;

/* 1 when x's bound is above y's (ties to the lower id, so the order is fixed). */
static int bound_above(const bounded *x, const bounded *y)
{
    /* Without branches: which of two bounds is larger is a coin toss to the CPU. */
    return (x->bound > y->bound) | ((x->bound == y->bound) & (x->id < y->id));
}

/* Moves b[i] down to its place in the max-heap b[0..n) ordered by bound_above. b[n] must be
 * readable (its value is never used). */
static void sift_bound(bounded *b, size_t n, size_t i)
{
    const bounded v = b[i];
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n)
            break;
        c += (size_t)((c + 1 < n) & bound_above(&b[c + 1], &b[c]));
        if (!bound_above(&b[c], &v))
            break;
        b[i] = b[c];
        i = c;
    }
    b[i] = v;
}

/* The ranking, produced lazily best first: groups are scored in the order of an upper bound
 * of their score (idf at its cap), and one is handed out once no unscored group can beat it,
 * so a corpus is asked for the few groups that may reach the list (about one in seven of the
 * listed ones on BBC news), and only those are ever put in order. */
typedef struct ranking {
    bounded *bound; /* listed groups not scored yet: a max-heap by bound */
    size_t nbound;
    uint32_t *heap; /* scored, not handed out: best on top */
    size_t nheap;
    /* Listed words said once, most of the listed groups of an article, kept out of the bound
     * heap with one bound for all (once_bound) until it may matter, which in most articles is
     * never: neither their bounds nor their place in the heap are worked out, nor, with
     * LAZY_PHRASES, their groups (kw_state.nonce of them wait as stubs). once holds those
     * that have a group. */
    uint32_t *once;
    size_t nonce;
    double once_bound;
    double top_idf; /* the idf the bounds take */
} ranking;

static void heap_push(kw_state *kw, ranking *r, uint32_t id)
{
    size_t i = r->nheap++;
    while (i) {
        const size_t up = (i - 1) / 2;
        if (!ranks_before(kw, id, r->heap[up]))
            break;
        r->heap[i] = r->heap[up];
        i = up;
    }
    r->heap[i] = id;
}

static uint32_t heap_pop(kw_state *kw, ranking *r)
{
    const uint32_t top = r->heap[0], last = r->heap[--r->nheap];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= r->nheap)
            break;
        if (c + 1 < r->nheap && ranks_before(kw, r->heap[c + 1], r->heap[c]))
            c++;
        if (!ranks_before(kw, r->heap[c], last))
            break;
        r->heap[i] = r->heap[c];
        i = c;
    }
    if (r->nheap)
        r->heap[i] = last;
    return top;
}

/* The bound of listed group g in a corpus: its score with idf at its largest. The margin
 * covers rounding in pow() when a harness sets TF_POWER or IDF_POWER. */
static double corpus_bound(const kw_state *kw, const group *g, double top_idf)
{
    return score_with_idf(kw, g, top_idf, 0) * (1.0 + 1e-9);
}

/* No less than corpus_bound() of any listed word said once: each factor of score_with_idf()
 * at its largest for a count of 1 (position: the first sentence or the title; share of
 * capitals: 0 or 1), with a margin for the order of the products. */
static double once_bound(const kw_state *kw, double top_idf)
{
    return pow(top_idf, IDF_POWER) * kw->phrase_weight[0][0] * fmax(1.0, 1.0 + POSITION_WEIGHT) *
           fmax(1.0, 1.0 + TITLE_WEIGHT) * fmax(1.0, 1.0 + PROPER_WORD_WEIGHT) *
           fmax(1.0, NUMBER_WEIGHT) * (1.0 + 1e-9) * (1.0 + 1e-9);
}

/* Moves the words said once into the bound heap, each with its own bound. */
static void ranking_add_once(kw_state *kw, ranking *r)
{
    make_once_groups(kw, r->once, &r->nonce);
    for (size_t i = 0; i < r->nonce; i++) {
        kw->g[r->once[i]].listed = 1;
        r->bound[r->nbound++] =
            (bounded){corpus_bound(kw, &kw->g[r->once[i]], r->top_idf), r->once[i]};
    }
    r->nonce = 0;
    r->bound[r->nbound] = (bounded){0.0, NONE}; /* sift_bound() reads one past the last */
    for (size_t i = r->nbound / 2; i-- > 0;)
        sift_bound(r->bound, r->nbound, i);
}

/* The next group of the ranking in *id; NONE at the end. A group is handed out once no
 * unscored one can beat it: no bound in the heap, nor once_bound while words said once wait
 * outside it (then they join the heap first). */
static precis_status ranking_next(kw_state *kw, ranking *r, const idf_source *src, uint32_t *id)
{
    for (;;) {
        const int scored = r->nheap != 0;
        const double best = scored ? kw->score[r->heap[0]] : 0.0;
        if ((r->nonce || kw->nonce) && (!scored || r->once_bound >= best) &&
            (!r->nbound || r->bound[0].bound < r->once_bound)) {
            ranking_add_once(kw, r);
            if (src->view)
                corpus_view_seq_prefetch(src->view, kw->g[r->bound[0].id].stem,
                                         kw->g[r->bound[0].id].words);
        }
        if (!r->nbound || (scored && r->bound[0].bound < best))
            break;
        const uint32_t gid = r->bound[0].id;
        r->bound[0] = r->bound[--r->nbound];
        sift_bound(r->bound, r->nbound, 0);
        /* The group scored next, if any, is known now: its df look-up overlaps this one. */
        if (src->view && r->nbound)
            corpus_view_seq_prefetch(src->view, kw->g[r->bound[0].id].stem,
                                     kw->g[r->bound[0].id].words);
        group *const g = &kw->g[gid];
        if (src->corpus) {
            double idf;
            const precis_status st = group_idf(kw, g, src, &idf);
            if (st)
                return st;
            kw->score[gid] = score_with_idf(kw, g, idf, 0);
        }
        heap_push(kw, r, gid);
    }
    *id = r->nheap ? heap_pop(kw, r) : NONE;
    return PRECIS_OK;
}

/* 1 when the stems of a appear as a contiguous run inside those of b. */
static int contains(const group *b, const group *a)
{
    if (a->words > b->words)
        return 0;
    for (size_t i = 0; i + a->words <= b->words; i++) {
        size_t j = 0;
        while (j < a->words && b->stem[i + j] == a->stem[j])
            j++;
        if (j == a->words)
            return 1;
    }
    return 0;
}

/* Links each listed phrase to the longest listed phrase that holds all its occurrences (same
 * count, contains it), ties to the one seen first, so fragments such as "BP North" of "BP
 * North America" are never shown. Each listed phrase of three words or more (longs[0..nlong))
 * offers itself to its own shorter runs of two or more words, found in the table: linear in
 * the listed phrases. */
static void find_wholes(kw_state *kw, const uint32_t *longs, size_t nlong)
{
    for (size_t li = 0; li < nlong; li++) {
        const uint32_t l = longs[li];
        const group *const whole = &kw->g[l];
        for (size_t a = 0; a + 2 < (size_t)whole->words + 1; a++) {
            uint64_t h = HASH_SEED;
            for (size_t len = 1; len < whole->words && a + len <= whole->words; len++) {
                h = hash_step(h, whole->stem[a + len - 1]);
                if (len < 2)
                    continue;
                const uint32_t id = find_group(kw, whole->stem + a, len, h);
                if (id == NONE)
                    continue;
                group *const c = &kw->g[id];
                if (!c->listed || c->count != whole->count)
                    continue;
                const group *const b = c->whole == NONE ? NULL : &kw->g[c->whole];
                if (!b || whole->words > b->words ||
                    (whole->words == b->words && whole->first_occ < b->first_occ))
                    c->whole = l;
            }
        }
    }
}

/* 1 when pipeline term id stem is a title of address ("Mr", "Mrs", "Ms", "Dr"), which adds
 * nothing to a name that is listed already: "Mr Thomas" after "Thomas". */
static int is_title_of_address(const kw_state *kw, uint32_t stem)
{
    size_t len = 0;
    const char *const s = precis_pipeline_term(kw->p, stem, &len);
    if (!s)
        return 0;
    return (len == 2 && (!memcmp(s, "mr", 2) || !memcmp(s, "ms", 2) || !memcmp(s, "dr", 2))) ||
           (len == 3 && !memcmp(s, "mrs", 3));
}

/* A name with a title of address stands as the name alone ("Mr Thomas" as "Thomas", which
 * counts every mention) when the name is a listed group of its own; else group id itself. */
static uint32_t untitled(const kw_state *kw, uint32_t id)
{
    const group *const c = &kw->g[id];
    if (c->words < 2 || !is_title_of_address(kw, c->stem[0]))
        return id;
    uint64_t h = HASH_SEED;
    for (size_t w = 1; w < c->words; w++)
        h = hash_step(h, c->stem[w]);
    const uint32_t name = find_group(kw, c->stem + 1, c->words - 1, h);
    return name != NONE && kw->g[name].listed ? name : id;
}

/* Walks the ranking and keeps at most k entries with no near-copies:
 * - a phrase or word inside a better-ranked phrase is dropped unless it is clearly
 *   independent (INDEPENDENT_MIN occurrences outside it, at least half of its own);
 * - a phrase that extends a kept entry which never occurs without it takes
 *   that entry's place: "Mikhail Mishustin" replaces "Mishustin" when the name is always full;
 * - a phrase all of whose words are already kept (titles of address count as kept) adds
 *   nothing and is dropped;
 * - a name with a title of address is listed as the name (untitled()). */
static precis_status select_keywords(kw_state *kw, ranking *rk, const idf_source *src, size_t k,
                                     uint32_t *sel, double *sel_score, size_t *count)
{
    size_t ns = 0;
    while (ns < k) {
        uint32_t id;
        const precis_status st = ranking_next(kw, rk, src, &id);
        if (st)
            return st;
        if (id == NONE)
            break;
        const double score = kw->score[id];
        /* A fragment stands for the phrase it always sits in, at its own rank. */
        while (kw->g[id].whole != NONE)
            id = kw->g[id].whole;
        id = untitled(kw, id);
        const group *const c = &kw->g[id];
        int drop = 0;
        for (size_t j = 0; j < ns && !drop; j++)
            drop = sel[j] == id;
        for (size_t j = 0; j < ns && !drop; j++) {
            const group *const s = &kw->g[sel[j]];
            if (s->words > c->words && contains(s, c)) {
                const size_t outside = c->count > s->count ? c->count - s->count : 0;
                drop = !(outside >= INDEPENDENT_MIN && 2 * outside >= c->count);
            }
        }
        if (drop)
            continue;
        if (c->words > 1) {
            size_t replaced = SIZE_MAX;
            for (size_t j = 0; j < ns; j++) {
                const group *const s = &kw->g[sel[j]];
                if (s->words < c->words && contains(c, s) && s->count <= c->count + REPLACE_SLACK) {
                    if (replaced == SIZE_MAX) {
                        replaced = j;
                        sel[j] = id;
                    } else {
                        memmove(sel + j, sel + j + 1, (ns - j - 1) * sizeof *sel);
                        memmove(sel_score + j, sel_score + j + 1, (ns - j - 1) * sizeof *sel_score);
                        ns--;
                        j--;
                    }
                }
            }
            if (replaced != SIZE_MAX)
                continue;
            size_t covered = 0;
            for (size_t w = 0; w < c->words; w++) {
                int hit = is_title_of_address(kw, c->stem[w]);
                for (size_t j = 0; j < ns && !hit; j++) {
                    const group *const s = &kw->g[sel[j]];
                    for (size_t t = 0; t < s->words && !hit; t++)
                        hit = s->stem[t] == c->stem[w];
                }
                covered += (size_t)hit;
            }
            if (covered == c->words)
                continue;
        }
        sel[ns] = id;
        sel_score[ns] = score;
        ns++;
    }
    *count = ns;
    return PRECIS_OK;
}

/* One surface string of the group being shown, and its votes. */
typedef struct surface_votes {
    size_t at, len; /* its bytes in surface_state.bytes */
    size_t votes;
    uint32_t first; /* its first occurrence in the group */
    uint32_t hash;
} surface_votes;

/* The distinct surfaces of one group, found through a small table sized by the group's
 * occurrences: a vocab made for each article cost more than the rest of the choice. The
 * arrays are one scratch block, laid out for the largest of the groups shown
 * (surface_room()), so nothing grows. */
typedef struct surface_state {
    char *surf;       /* the surface being made: the longest span of tokens and a NUL */
    char *bytes;      /* the distinct surfaces, one after the other: the spans of a group */
    surface_votes *v; /* one a distinct surface: as many as a group's occurrences */
    uint32_t *slot;   /* open addressing: index in v + 1; 0 = empty */
    size_t slot_size; /* slots laid out: surface_slots() of the largest count */
} surface_state;

/* The slots for a group of count occurrences: at most one surface an occurrence, so the table
 * stays at most half full. */
static size_t surface_slots(size_t count)
{
    size_t size = 16;
    while (size < 2 * count + 2)
        size *= 2;
    return size;
}

/* The bytes of occurrence o's tokens, first to last (what make_surface() reads). */
static size_t occurrence_span(const kw_state *kw, const occurrence *o)
{
    const precis_token *const t = token_at(kw, o->tok);
    return t[o->words - 1].end - t[0].start;
}

/* Writes to out the shown form of group id and a NUL: the surface with most votes, ties to
 * the first seen; returns its length. out has room for the group's longest span and a NUL.
 * Only the groups that reach the list get here, so surfaces are made for their occurrences
 * alone. */
static size_t pick_surface(const kw_state *kw, surface_state *ss, uint32_t id, char *out)
{
    const size_t size = surface_slots(kw->g[id].count);
    assert(size <= ss->slot_size);
    memset(ss->slot, 0, size * sizeof *ss->slot);
    const size_t mask = size - 1;
    size_t nv = 0, nbytes = 0;
    size_t best = SIZE_MAX;
    for (uint32_t o = kw->g[id].first_occ; o != NONE; o = kw->o[o].next) {
        const occurrence *const oc = &kw->o[o];
        const size_t len = make_surface(ss->surf, oc->title ? kw->title : kw->text,
                                        token_at(kw, oc->tok), oc->words);
        const uint64_t h = hash_str(ss->surf, len);
        size_t i = (size_t)h & mask;
        for (; ss->slot[i]; i = (i + 1) & mask) {
            const surface_votes *const e = &ss->v[ss->slot[i] - 1];
            if (e->hash == (uint32_t)(h >> 32) && e->len == len &&
                bytes_equal(ss->bytes + e->at, ss->surf, len))
                break;
        }
        if (!ss->slot[i]) {
            memcpy(ss->bytes + nbytes, ss->surf, len);
            ss->v[nv] = (surface_votes){nbytes, len, 0, o, (uint32_t)(h >> 32)};
            nbytes += len;
            ss->slot[i] = (uint32_t)++nv;
        }
        const size_t sid = ss->slot[i] - 1;
        surface_votes *const v = &ss->v[sid];
        v->votes += oc->votes;
        if (best == SIZE_MAX || v->votes > ss->v[best].votes ||
            (v->votes == ss->v[best].votes && v->first < ss->v[best].first))
            best = sid;
    }
    memcpy(out, ss->bytes + ss->v[best].at, ss->v[best].len);
    out[ss->v[best].len] = '\0';
    return ss->v[best].len;
}

/* The byte offset of g's first body occurrence; SIZE_MAX when it occurs in the title only.
 * Asked of the listed groups alone, so no group carries it through the scan. */
static size_t first_offset(const kw_state *kw, const group *g)
{
    if (g->first_sent == NONE)
        return SIZE_MAX;
    uint32_t o = g->first_occ;
    while (kw->o[o].title)
        o = kw->o[o].next;
    return token_at(kw, kw->o[o].tok)->start;
}

void precis_keywords_free(precis_keywords *k)
{
    if (!k)
        return;
    free(k->keyword); /* and the strings, in the same block */
    free(k);
}

/* Fills kw->flag and kw->stem for the n tokens toks[0..n) of text (at kw->flag + at); norm is
 * scratch for as many pointers; *phrases grows by the phrases that can end at the candidates (an
 * upper bound for the scan's table and lists). PRECIS_EINVAL when a candidate's stem
 * is not a term of the pipeline (a doc from another pipeline). A normalised form kw->memo knows is
 * not looked at again. Else two loops: the first finds every normalised form and asks for its bytes
 * ahead, so the second, which reads them, seldom waits on memory. */
typedef struct norm_form {
    const char *s;
    size_t len;
} norm_form;

/* The TOK_NUMBER and TOK_JOINED bits of candidate t, which follows a token flagged prev
 * (0 for none). */
static inline uint8_t run_flags(uint8_t prev, const char *text, const precis_token *t)
{
    uint8_t f = t->kind == PRECIS_TOKEN_NUMBER ? TOK_NUMBER : 0;
    if ((prev & TOK_CANDIDATE) && corpus_tokens_adjacent(text, t - 1, t))
        f |= TOK_JOINED;
    return f;
}

static precis_status mark_tokens(kw_state *kw, const precis_token *toks, size_t n, size_t at,
                                 const char *text, norm_form *norm, size_t *phrases)
{
    /* In locals: the flags are bytes, which may alias anything, so kw's fields and *phrases
     * would be read and written again after every flag stored. */
    uint8_t *const flag = kw->flag + at;
    uint32_t *const stem = kw->stem + at;
    uint8_t *const memo = kw->memo;
    const size_t max_words = kw->max_words;
    size_t ph = 0;
    run_span *const runs = kw->runs;
    size_t nr = kw->nruns;
    size_t run = 0;   /* candidates in the run of joined ones so far */
    uint8_t prev = 0; /* the flags of token i - 1 */
    const size_t nterms = precis_pipeline_term_count(kw->p);
    size_t unmarked = 0; /* candidates the second loop marks */
    for (size_t i = 0; i < n; i++, prev = flag[i - 1]) {
        const precis_token *const t = &toks[i];
        flag[i] = 0;
        if (t->stop || (t->kind != PRECIS_TOKEN_WORD && t->kind != PRECIS_TOKEN_NUMBER &&
                        t->kind != PRECIS_TOKEN_ACRONYM))
            continue;
        uint8_t f; /* a candidate's flags: from the memo, or the noise and capital bits later */
        if (memo && t->norm < nterms) {
            uint8_t m = memo[t->norm];
            if (!m) {
                size_t len = 0;
                const char *const s = precis_pipeline_term(kw->p, t->norm, &len);
                m = MEMO_KNOWN;
                if (!s || len < 2)
                    m |= MEMO_SHORT;
                else if (may_be_noise(noise_screen(kw), s, len) && is_noise_word(s, len))
                    m |= MEMO_NOISE;
                memo[t->norm] = m;
            }
            if (m & MEMO_SHORT)
                continue;
            if (t->stem >= nterms)
                return PRECIS_EINVAL;
            norm[i].s = NULL; /* marked here */
            f = TOK_CANDIDATE | (m & MEMO_NOISE ? TOK_NOISE : 0) |
                (starts_upper(text + t->start, t->end - t->start) ? TOK_UPPER : 0) |
                run_flags(prev, text, t);
        } else {
            size_t len = 0;
            const char *const s = precis_pipeline_term(kw->p, t->norm, &len);
            if (!s || len < 2)
                continue;
            if (t->stem >= nterms)
                return PRECIS_EINVAL;
            norm[i] = (norm_form){s, len};
#ifdef __GNUC__
            __builtin_prefetch(s);
#endif
            f = TOK_CANDIDATE | run_flags(prev, text, t);
            unmarked++;
        }
        flag[i] = f;
        stem[i] = t->stem;
        run = f & TOK_JOINED ? run + 1 : 1;
        ph += run < max_words ? run : max_words;
        if (run == 1)
            runs[nr++].first = (uint32_t)(at + i);
        runs[nr - 1].end = (uint32_t)(at + i + 1);
    }
    *phrases += ph;
    kw->nruns = nr;
    for (size_t i = 0; unmarked && i < n; i++) {
        if (!flag[i] || !norm[i].s)
            continue;
        const precis_token *const t = &toks[i];
        if (may_be_noise(noise_screen(kw), norm[i].s, norm[i].len) &&
            is_noise_word(norm[i].s, norm[i].len))
            flag[i] |= TOK_NOISE;
        if (starts_upper(text + t->start, t->end - t->start))
            flag[i] |= TOK_UPPER;
    }
    return PRECIS_OK;
}

/* precis_keywords_extract(), with df through view when it is not NULL (then corpus is its
 * corpus and p its pipeline). */
static precis_status extract(const precis_pipeline *p, const precis_doc *d,
                             const precis_corpus *corpus, precis_corpus_view *view,
                             const precis_keyword_options *opts, precis_keywords **out)
{
    precis_status st = PRECIS_ENOMEM;
    kw_state kw;
    memset(&kw, 0, sizeof kw);
    ranking rk;
    memset(&rk, 0, sizeof rk);
    uint32_t *sel = NULL;
    double *sel_score = NULL;
    uint32_t *longs = NULL;  /* listed groups of three words or more: find_wholes() */
    norm_form *parts = NULL; /* the strings of the listed keys' stems */
    size_t nlong = 0;
    norm_form *norm = NULL;
    precis_keywords *res = NULL;
    *out = NULL;
    if (!p || !d)
        return PRECIS_EINVAL;
    const size_t k = opts && opts->k ? opts->k : KEYWORDS_DEFAULT_K;
    kw.max_words = opts && opts->max_words ? opts->max_words : KEYWORDS_DEFAULT_WORDS;
    if (kw.max_words > KEYWORDS_MAX_WORDS)
        return PRECIS_EINVAL;
    kw.p = p;

    const precis_article *a = precis_doc_article(d);
    kw.text = precis_article_text(a, NULL);
    kw.title = precis_article_title(a);
    const size_t ntitle = precis_doc_title_token_count(d), ntok = precis_doc_token_count(d);
    const size_t nsent = precis_doc_sentence_count(d);
    kw.ntitle = ntitle;
    kw.title_tok = ntitle ? precis_doc_title_token(d, 0) : NULL;
    kw.body_tok = ntok ? precis_doc_token(d, 0) : NULL;
    assert(ntitle == 0 || precis_doc_title_token(d, ntitle - 1) == kw.title_tok + ntitle - 1);
    assert(ntok == 0 || precis_doc_token(d, ntok - 1) == kw.body_tok + ntok - 1);
    kw.view = view;
    /* Three scratch blocks, as what each holds is sized by what the step before found: by
     * token, by phrase (after mark_tokens()), by group (after the scan). */
    size_t at = 0;
    const size_t ntotal = ntitle + ntok + 1;
    const size_t norm_at = lay(&at, ((ntitle > ntok ? ntitle : ntok) + 1) * sizeof *norm),
                 stem_at = lay(&at, ntotal * sizeof *kw.stem), flag_at = lay(&at, ntotal),
                 runs_at = lay(&at, ntotal * sizeof *kw.runs);
    char *block = scratch(&kw, 0, at);
    if (!block)
        goto fail;
    norm = (norm_form *)(block + norm_at);
    kw.stem = (uint32_t *)(block + stem_at);
    kw.flag = (uint8_t *)(block + flag_at);
    kw.runs = (run_span *)(block + runs_at);
    size_t phrases = 0;
    for (size_t w = 0; w < KEYWORDS_MAX_WORDS; w++) {
        kw.phrase_weight[0][w] = pow(PHRASE_WEIGHT, (double)w);
        kw.phrase_weight[1][w] = pow(PHRASE_WEIGHT_SINGLE, (double)w);
    }
    if (view && !(kw.memo = corpus_view_term_memo(view)))
        goto fail;
    if ((st = mark_tokens(&kw, kw.title_tok, ntitle, 0, kw.title, norm, &phrases)) ||
        (st = mark_tokens(&kw, kw.body_tok, ntok, ntitle, kw.text, norm, &phrases)))
        goto fail;
    /* A phrase ends at a candidate, within its run of joined ones, and has at most max_words
     * words: phrases counts every one that can be (far fewer than candidates x max_words, as
     * most runs are short), so the table, sized once, stays at most half full, and its probes
     * spread over fewer cache lines. */
    st = PRECIS_ENOMEM;
    size_t size = 16;
    while (size < 2 * phrases + 2)
        size *= 2;
    /* No more occurrences than phrases, nor groups, stubs or filled slots than occurrences:
     * sized by phrases, the lists never grow, and below MAX_PHRASES every id fits beside the
     * slot's STUB and STUB_ONE bits, so the scan checks none. */
    if (phrases >= MAX_PHRASES)
        goto fail;
    const size_t nph = phrases + 1;
    at = 0;
    const size_t g_at = lay(&at, nph * sizeof *kw.g), o_at = lay(&at, nph * sizeof *kw.o),
                 stubs_at = lay(&at, nph * sizeof *kw.stubs),
                 used_at = lay(&at, view ? nph * sizeof *kw.used : 0);
    if (!(block = scratch(&kw, 1, at)))
        goto fail;
    kw.g = (group *)(block + g_at);
    kw.o = (occurrence *)(block + o_at);
    kw.stubs = (stub *)(block + stubs_at);
    kw.gcap = kw.ocap = kw.stubs_cap = nph;
    if (view) {
        /* The view's table, clean slots only, is warm in the cache from the last article and
         * needs no calloc (a memset of up to tens of kilobytes an article, or fresh pages). */
        kw.used = (uint32_t *)(block + used_at);
        if (!(kw.table = corpus_view_zeroed(view, size * sizeof *kw.table)))
            goto fail;
    } else if (!(kw.table = calloc(size, sizeof *kw.table))) {
        goto fail;
    }
    kw.mask = size - 1;
    kw.shift = 64;
    for (size_t z = size; z > 1; z /= 2)
        kw.shift--;
    size_t run = 0;
    if (ntitle)
        scan_sentence(&kw, 0, ntitle, 0, 1, &run);
    for (size_t s = 0; s < nsent; s++) {
        const precis_sentence *const se = precis_doc_sentence(d, s);
        scan_sentence(&kw, ntitle + se->first_token, se->token_count, s + 1, 0, &run);
    }

    st = PRECIS_ENOMEM;
    /* Groups are made for the words said once too: at once without a corpus, else when the
     * ranking reaches them. */
    const size_t ngr = kw.ng + kw.nonce + 1;
    at = 0;
    const size_t score_at = lay(&at, ngr * sizeof *kw.score),
                 bound_at = lay(&at, ngr * sizeof *rk.bound),
                 heap_at = lay(&at, ngr * sizeof *rk.heap),
                 once_at = lay(&at, ngr * sizeof *rk.once),
                 longs_at = lay(&at, ngr * sizeof *longs),
                 sel_score_at = lay(&at, (k + 1) * sizeof *sel_score),
                 sel_off = lay(&at, (k + 1) * sizeof *sel),
                 parts_at = lay(&at, k * KEYWORDS_MAX_WORDS * sizeof *parts);
    if (!(block = scratch(&kw, 2, at)))
        goto fail;
    kw.score = (double *)(block + score_at);
    rk.bound = (bounded *)(block + bound_at);
    rk.heap = (uint32_t *)(block + heap_at);
    rk.once = (uint32_t *)(block + once_at);
    longs = (uint32_t *)(block + longs_at);
    sel_score = (double *)(block + sel_score_at);
    sel = (uint32_t *)(block + sel_off);
    parts = (norm_form *)(block + parts_at);
    idf_source src = {NULL, NULL, 0, 0};
    if (corpus && precis_corpus_doc_count(corpus) >= 2) {
        src.corpus = corpus;
        src.view = view;
        src.n = (double)precis_corpus_doc_count(corpus);
        src.cap = IDF_CAP * log(src.n);
    } else {
        src.n = (double)(nsent + (ntitle ? 1 : 0));
        src.cap = 1.0 + IDF_CAP * log(1.0 + src.n);
    }
    /* The bound takes idf at its largest (corpus_bound()). Without a corpus the exact score
     * costs no more. */
    const double top_idf = fmax(src.cap, IDF_FLOOR);
    rk.top_idf = top_idf;
    rk.once_bound = once_bound(&kw, top_idf);
    if (!src.corpus)
        make_once_groups(&kw, NULL, NULL);
    for (size_t i = 0; i < kw.ng; i++) {
        group *const g = &kw.g[i];
        /* A phrase seen once or twice is an accident of wording, not a topic - unless it is
         * a name (capitalised mid-sentence), which a short story may give only twice. */
        const size_t min = g->mid && 2 * g->caps > g->mid ? NAME_MIN
                           : src.corpus                   ? PHRASE_MIN
                                                          : PHRASE_MIN_SINGLE;
        if ((g->words > 1 && g->count < min) || g->noise)
            continue;
        g->listed = 1;
        if (g->words >= 3)
            longs[nlong++] = (uint32_t)i;
        double bound;
        if (src.corpus && g->words == 1 && g->count == 1) {
            rk.once[rk.nonce++] = (uint32_t)i;
            continue;
        } else if (src.corpus) {
            bound = corpus_bound(&kw, g, top_idf);
        } else {
            double idf;
            if ((st = group_idf(&kw, g, &src, &idf)))
                goto fail;
            bound = kw.score[i] = score_with_idf(&kw, g, idf, 1);
        }
        rk.bound[rk.nbound++] = (bounded){bound, (uint32_t)i};
    }
    rk.bound[rk.nbound] = (bounded){0.0, NONE}; /* sift_bound() reads one past the last */
    for (size_t i = rk.nbound / 2; i-- > 0;)
        sift_bound(rk.bound, rk.nbound, i);
    if (src.view && rk.nbound)
        corpus_view_seq_prefetch(src.view, kw.g[rk.bound[0].id].stem, kw.g[rk.bound[0].id].words);
    find_wholes(&kw, longs, nlong);
    size_t ns = 0;
    if ((st = select_keywords(&kw, &rk, &src, k, sel, sel_score, &ns)))
        goto fail;

    st = PRECIS_ENOMEM;
    /* The list and its strings are one block, sized before anything is written: the keys
     * ("stem1 stem2", as group_key() makes them) exactly, each surface by its group's longest
     * span of tokens. The keys' stems' strings are cold, so one loop finds them all and asks
     * for their bytes ahead, with nothing between the look-ups, and the copy seldom waits.
     * The surfaces' arrays take scratch block 0, whose token arrays are read no more. */
    size_t nparts = 0, str_bytes = 0, span_all = 0, spans_all = 0, count_all = 0;
    for (size_t i = 0; i < ns; i++) {
        const group *const g = &kw.g[sel[i]];
        for (size_t w = 0; w < g->words; w++) {
            norm_form *const part = &parts[nparts++];
            if (!(part->s = precis_pipeline_term(p, g->stem[w], &part->len))) {
                st = PRECIS_EINVAL;
                goto fail;
            }
#ifdef __GNUC__
            __builtin_prefetch(part->s);
#endif
            str_bytes += part->len + 1; /* and a space or the NUL */
        }
        size_t span = 0, spans = 0;
        for (uint32_t o = g->first_occ; o != NONE; o = kw.o[o].next) {
            const size_t b = occurrence_span(&kw, &kw.o[o]);
            span = b > span ? b : span;
            spans += b;
        }
        str_bytes += span + 1;
        span_all = span > span_all ? span : span_all;
        spans_all = spans > spans_all ? spans : spans_all;
        count_all = g->count > count_all ? g->count : count_all;
    }
    surface_state ss;
    ss.slot_size = surface_slots(count_all);
    at = 0;
    const size_t surf_at = lay(&at, span_all + 1), bytes_at = lay(&at, spans_all + 1),
                 v_at = lay(&at, (count_all + 1) * sizeof *ss.v),
                 slot_at = lay(&at, ss.slot_size * sizeof *ss.slot);
    kw.flag = NULL;
    kw.stem = NULL;
    kw.runs = NULL;
    if (!(block = scratch(&kw, 0, at)))
        goto fail;
    ss.surf = block + surf_at;
    ss.bytes = block + bytes_at;
    ss.v = (surface_votes *)(block + v_at);
    ss.slot = (uint32_t *)(block + slot_at);
    const size_t head = (ns + 1) * sizeof *res->keyword;
    if (!(res = calloc(1, sizeof *res)) || !(res->keyword = calloc(1, head + str_bytes)))
        goto fail;
    char *const chars = (char *)res->keyword + head;
    size_t len = 0;
    nparts = 0;
    for (size_t i = 0; i < ns; i++) {
        const group *const g = &kw.g[sel[i]];
        char *const key = chars + len;
        for (size_t w = 0; w < g->words; w++) {
            const norm_form *const part = &parts[nparts++];
            if (w)
                chars[len++] = ' ';
            memcpy(chars + len, part->s, part->len);
            len += part->len;
        }
        chars[len++] = '\0';
        char *const text = chars + len;
        len += pick_surface(&kw, &ss, sel[i], text) + 1;
        assert(len <= str_bytes);
        res->keyword[i] =
            (precis_keyword){text, key, g->words, g->count, first_offset(&kw, g), sel_score[i]};
    }
    res->count = ns;
    *out = res;
    res = NULL;
    st = PRECIS_OK;
fail:
    precis_keywords_free(res);
    buf_free(&kw.key);
    if (kw.used) {
        for (size_t i = 0; kw.table && i < kw.nused; i++)
            kw.table[kw.used[i]] = (slot){0, 0};
    } else {
        free(kw.table);
    }
    for (size_t i = 0; i < CORPUS_VIEW_SCRATCH; i++)
        free(kw.own[i]);
    return st;
}

precis_status precis_keywords_extract(const precis_pipeline *p, const precis_doc *d,
                                      const precis_corpus *corpus,
                                      const precis_keyword_options *opts, precis_keywords **out)
{
    return extract(p, d, corpus, NULL, opts, out);
}

precis_status precis_keywords_extract_view(precis_corpus_view *v, const precis_doc *d,
                                           const precis_keyword_options *opts,
                                           precis_keywords **out)
{
    *out = NULL;
    if (!v)
        return PRECIS_EINVAL;
    return extract(corpus_view_pipeline(v), d, corpus_view_corpus(v), v, opts, out);
}
