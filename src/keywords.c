/* keywords.c - keywords and keyphrases of one article: runs of adjacent content words and
 * their sub-phrases, grouped by stem sequence, scored by TF-IDF with news priors (early
 * mention, title, proper names), then de-duplicated so no near-copies reach the list. */
#include "keywords.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"
#include "util.h"
#include "vocab.h"
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
 * phrase ("New York", "Black Friday"). Case-folded, sorted in byte order for bsearch. */
static const char *const news_noise[] = {
    "added", "afp", "announced", "ap", "apr", "april", "asked", "aug", "august", "billion",
    "commented", "day", "days", "dec", "december", "dozen", "dozens", "dr", "eight",
    "emphasised", "emphasized", "explained", "feb", "february", "fifth", "first", "five",
    "four", "fourth", "fri", "friday", "get", "got", "hundred", "hundreds", "jan", "january",
    "jul", "july", "jun", "june", "last", "mar", "march", "may", "million", "mon", "monday",
    "month", "months", "mr", "mrs", "ms", "new", "nine", "noted", "nov", "november", "oct",
    "october", "percent", "remarked", "reported", "reuters", "said", "sat", "saturday", "say",
    "says", "second", "sep", "sept", "september", "seven", "six", "stated", "stressed", "sun",
    "sunday", "tell", "tells", "ten", "third", "thousand", "thousands", "three", "thu",
    "thursday", "time", "today", "told", "tue", "tuesday", "two", "underlined", "wed",
    "wednesday", "week", "weeks", "year", "years", "yesterday",
};

static int cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* 1 when the token's normalised form is in news_noise. */
static int is_noise(const precis_pipeline *p, const precis_token *t)
{
    const char *norm = precis_pipeline_term(p, t->norm, NULL);
    return norm && bsearch(&norm, news_noise, sizeof news_noise / sizeof *news_noise,
                           sizeof *news_noise, cmp_cstr) != NULL;
}

typedef struct occurrence {
    uint32_t group;
    uint32_t surface; /* id in kw->surfaces */
    uint32_t votes;   /* 2 mid-sentence, 1 at a sentence start or in the title */
    size_t order;     /* running number, for "first seen" */
} occurrence;

typedef struct group {
    uint32_t stem[KEYWORDS_MAX_WORDS];
    size_t words;
    int numeric;        /* a single number */
    int noise;          /* a single word of news_noise */
    uint32_t whole;     /* the longest listed phrase that holds every occurrence of this one
                           ("BP North" inside "BP North America"); VOCAB_NONE when none */
    size_t count;       /* occurrences, title included */
    size_t title_count;
    size_t first_sent;  /* first body sentence holding it; SIZE_MAX when none */
    size_t first_off;   /* byte offset of that occurrence; SIZE_MAX when none */
    size_t first_order; /* first occurrence of any kind */
    size_t caps, mid;   /* mid-sentence body occurrences: capitalised, all */
    size_t sdf;         /* pseudo-documents (title, sentences) holding it */
    size_t last_unit;   /* last pseudo-document counted in sdf, plus one */
    double score;
} group;

typedef struct kw_state {
    const precis_pipeline *p;
    size_t max_words;
    vocab *keys;     /* stem key -> group id */
    vocab *surfaces; /* surface strings */
    group *g;
    size_t ng, gcap;
    occurrence *o;
    size_t no, ocap;
    buf key, surf;
} kw_state;

/* Tokens a keyword may be made of: content words, numbers and acronyms of 2 bytes or more. */
static int is_candidate(const kw_state *kw, const precis_token *t)
{
    if (t->stop || (t->kind != PRECIS_TOKEN_WORD && t->kind != PRECIS_TOKEN_NUMBER &&
                    t->kind != PRECIS_TOKEN_ACRONYM))
        return 0;
    size_t len = 0;
    return precis_pipeline_term(kw->p, t->norm, &len) && len >= 2;
}

/* 1 when the surface s[0..len) starts with an upper-case letter (ASCII or a 2-byte Latin,
 * Greek or Cyrillic capital) - enough to tell "Bank of England" from "bank". */
static int starts_upper(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    if (len && u[0] >= 'A' && u[0] <= 'Z')
        return 1;
    if (len >= 2 && u[0] >= 0xC3 && u[0] <= 0xD4) {
        const unsigned cp = ((u[0] & 0x1Fu) << 6) | (u[1] & 0x3Fu);
        return (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) || (cp >= 0x391 && cp <= 0x3A9) ||
               (cp >= 0x400 && cp <= 0x42F);
    }
    return 0;
}

/* The shown form of toks[0..n): their bytes with white-space runs made one space, and a
 * possessive 's (or ’s) dropped from the end, so "Gadhafi's" is shown as "Gadhafi". */
static int make_surface(buf *out, const char *text, const precis_token *const *toks, size_t n)
{
    out->len = 0;
    const size_t start = toks[0]->start, end = toks[n - 1]->end;
    int space = 0;
    for (size_t i = start; i < end; i++) {
        const char c = text[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = 1;
            continue;
        }
        if ((space && buf_putc(out, ' ')) || buf_putc(out, c))
            return -1;
        space = 0;
    }
    if (toks[n - 1]->kind == PRECIS_TOKEN_WORD && out->len > 3) {
        const char *e = out->data + out->len;
        if ((e[-1] == 's' || e[-1] == 'S') && e[-2] == '\'')
            out->len -= 2;
        else if ((e[-1] == 's' || e[-1] == 'S') && out->len > 5 &&
                 memcmp(e - 4, "\xe2\x80\x99", 3) == 0)
            out->len -= 4;
        out->data[out->len] = '\0';
    }
    return 0;
}

/* Records one occurrence of the phrase toks[0..n). unit is the pseudo-document (0 the
 * title, 1 + i sentence i); at_start says toks[0] opens its sentence. */
static precis_status add_occurrence(kw_state *kw, const char *text, const precis_token *const *toks,
                                    size_t n, size_t unit, int in_title, int at_start)
{
    kw->key.len = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len = 0;
        const char *s = precis_pipeline_term(kw->p, toks[i]->stem, &len);
        if (!s)
            return PRECIS_EINVAL;
        if ((i && buf_putc(&kw->key, ' ')) || buf_append(&kw->key, s, len))
            return PRECIS_ENOMEM;
    }
    const uint32_t id = vocab_intern(kw->keys, kw->key.data, kw->key.len);
    if (id == VOCAB_NONE)
        return PRECIS_ENOMEM;
    if (id == kw->ng) {
        if (GROW(kw->g, kw->gcap, kw->ng + 1))
            return PRECIS_ENOMEM;
        group *const g = &kw->g[kw->ng++];
        memset(g, 0, sizeof *g);
        for (size_t i = 0; i < n; i++)
            g->stem[i] = toks[i]->stem;
        g->words = n;
        g->numeric = n == 1 && toks[0]->kind == PRECIS_TOKEN_NUMBER;
        g->noise = n == 1 && is_noise(kw->p, toks[0]);
        g->first_sent = SIZE_MAX;
        g->first_off = SIZE_MAX;
        g->first_order = kw->no;
        g->whole = VOCAB_NONE;
    }
    group *const g = &kw->g[id];
    g->count++;
    if (g->last_unit != unit + 1) {
        g->sdf++;
        g->last_unit = unit + 1;
    }
    if (in_title)
        g->title_count++;
    else {
        if (g->first_sent == SIZE_MAX) {
            g->first_sent = unit - 1;
            g->first_off = toks[0]->start;
        }
        if (!at_start) {
            g->mid++;
            int caps = 1;
            for (size_t i = 0; i < n && caps; i++)
                caps = starts_upper(text + toks[i]->start, toks[i]->end - toks[i]->start);
            g->caps += (size_t)caps;
        }
    }
    if (make_surface(&kw->surf, text, toks, n))
        return PRECIS_ENOMEM;
    const uint32_t sid = vocab_intern(kw->surfaces, kw->surf.data, kw->surf.len);
    if (sid == VOCAB_NONE || GROW(kw->o, kw->ocap, kw->no + 1))
        return PRECIS_ENOMEM;
    kw->o[kw->no] = (occurrence){id, sid, in_title || at_start ? 1u : 2u, kw->no};
    kw->no++;
    return PRECIS_OK;
}

/* Finds the maximal runs of adjacent candidate tokens in toks[0..n) (one sentence) and
 * records every sub-phrase of up to max_words words. Phrases may not start with a number
 * ("11 earthquake"), but may hold one ("iPhone 4"). */
static precis_status scan_sentence(kw_state *kw, const char *text, const precis_token *const *toks,
                                   size_t n, size_t unit, int in_title)
{
    size_t i = 0;
    while (i < n) {
        if (!is_candidate(kw, toks[i])) {
            i++;
            continue;
        }
        size_t j = i + 1;
        while (j < n && is_candidate(kw, toks[j]) && corpus_tokens_adjacent(text, toks[j - 1], toks[j]))
            j++;
        for (size_t s = i; s < j; s++) {
            /* "said Tuesday" is no phrase, "New York" is: a noise word may open a phrase
             * only when capitalised, and may never close one ("analysts said"). */
            const int weak_start = is_noise(kw->p, toks[s]) &&
                                   !starts_upper(text + toks[s]->start, toks[s]->end - toks[s]->start);
            for (size_t len = 1; len <= kw->max_words && s + len <= j; len++) {
                if (len > 1 && (toks[s]->kind == PRECIS_TOKEN_NUMBER || weak_start))
                    break;
                if (len > 1 && is_noise(kw->p, toks[s + len - 1]))
                    continue;
                const precis_status st =
                    add_occurrence(kw, text, toks + s, len, unit, in_title, s == 0);
                if (st)
                    return st;
            }
        }
        i = j;
    }
    return PRECIS_OK;
}

/* The shown form of every group: the surface with most votes, ties to the first seen. */
static int cmp_occurrence(const void *a, const void *b)
{
    const occurrence *x = a, *y = b;
    if (x->group != y->group)
        return x->group < y->group ? -1 : 1;
    if (x->surface != y->surface)
        return x->surface < y->surface ? -1 : 1;
    return (x->order > y->order) - (x->order < y->order);
}

static void pick_surfaces(kw_state *kw, uint32_t *best)
{
    if (!kw->no) /* no candidate at all: kw->o was never allocated */
        return;
    sort_array(kw->o, kw->no, sizeof *kw->o, cmp_occurrence);
    size_t best_votes = 0, best_order = 0;
    for (size_t i = 0; i < kw->no;) {
        size_t j = i, votes = 0;
        while (j < kw->no && kw->o[j].group == kw->o[i].group && kw->o[j].surface == kw->o[i].surface)
            votes += kw->o[j++].votes;
        const uint32_t gid = kw->o[i].group;
        const int new_group = i == 0 || kw->o[i - 1].group != gid;
        if (new_group || votes > best_votes || (votes == best_votes && kw->o[i].order < best_order)) {
            best[gid] = kw->o[i].surface;
            best_votes = votes;
            best_order = kw->o[i].order;
        }
        i = j;
    }
}

/* Score of a group: term frequency x smoothed IDF (scikit-learn's ln((1+N)/(1+df)) + 1), a
 * phrase counted as one term with its own document frequency - summing member scores would
 * make every long phrase win - times priors for news: the lead carries the story, titles
 * name its subject, and capitalised phrases are the people, places and bodies it is about. */
static double score_group(const kw_state *kw, const group *g, const precis_corpus *corpus,
                          size_t units)
{
    double n, df;
    const int from_corpus = corpus && precis_corpus_doc_count(corpus) >= 2;
    if (from_corpus) {
        n = (double)precis_corpus_doc_count(corpus);
        const char *key = vocab_str(kw->keys, (uint32_t)(g - kw->g), NULL);
        df = (double)precis_corpus_df(corpus, key, strlen(key));
    } else {
        n = (double)units;
        df = (double)g->sdf;
    }
    /* Inverse document frequency saturates: a term in fewer than sqrt(N) documents is as
     * specific as a term can be, and in news the common-but-topical words ("insurance",
     * "court") are what readers name as keywords, so past that point frequency decides. */
    double idf;
    if (from_corpus) {
        idf = weight_idf_value(WEIGHT_IDF_PLAIN, n, df);
        idf = fmin(idf, IDF_CAP * log(n));
    } else {
        /* Sentences as documents: a word in every sentence is central, not generic, so the
         * smoothed form keeps it above zero. */
        idf = weight_idf_value(WEIGHT_IDF_SMOOTH, n, df);
        idf = fmin(idf, 1.0 + IDF_CAP * log(1.0 + n));
    }
    idf = fmax(idf, IDF_FLOOR);
    double s = pow((double)g->count, TF_POWER) * pow(idf, IDF_POWER);
    s *= pow(PHRASE_WEIGHT, (double)(g->words - 1));
    if (g->first_sent != SIZE_MAX)
        s *= 1.0 + POSITION_WEIGHT / (1.0 + (double)g->first_sent);
    else
        s *= 1.0 + POSITION_WEIGHT; /* title only */
    if (g->title_count)
        s *= 1.0 + TITLE_WEIGHT;
    if (g->mid)
        s *= 1.0 + (g->words > 1 ? PROPER_WEIGHT : PROPER_WORD_WEIGHT) * (double)g->caps /
                       (double)g->mid;
    if (g->numeric)
        s *= NUMBER_WEIGHT;
    return s;
}

typedef struct ranked {
    double score;
    size_t order;
    const char *key;
    uint32_t id;
} ranked;

/* Best score first; ties to the earlier first occurrence, then the key's bytes. */
static int cmp_ranked(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    if (x->order != y->order)
        return x->order < y->order ? -1 : 1;
    return strcmp(x->key, y->key);
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
 * North America" are never shown. Quadratic in the listed phrases, which are few. */
static void find_wholes(kw_state *kw, const ranked *r, size_t nr)
{
    for (size_t i = 0; i < nr; i++) {
        group *const c = &kw->g[r[i].id];
        if (c->words < 2)
            continue;
        uint32_t best = VOCAB_NONE;
        for (size_t j = 0; j < nr; j++) {
            const group *const l = &kw->g[r[j].id];
            if (l->words <= c->words || l->count != c->count || !contains(l, c))
                continue;
            const group *const b = best == VOCAB_NONE ? NULL : &kw->g[best];
            if (!b || l->words > b->words || (l->words == b->words && l->first_order < b->first_order))
                best = r[j].id;
        }
        c->whole = best;
    }
}

/* Walks the ranking and keeps at most k entries with no near-copies:
 * - a phrase or word inside a better-ranked phrase is dropped unless it is clearly
 *   independent (INDEPENDENT_MIN occurrences outside it, at least half of its own);
 * - a phrase that extends a kept entry which never occurs without it takes
 *   that entry's place: "Mikhail Mishustin" replaces "Mishustin" when the name is always full;
 * - a phrase all of whose words are already kept adds nothing and is dropped. */
static size_t select_keywords(const kw_state *kw, const ranked *r, size_t nr, size_t k,
                              uint32_t *sel, double *sel_score)
{
    size_t ns = 0;
    for (size_t i = 0; i < nr && ns < k; i++) {
        /* A fragment stands for the phrase it always sits in, at its own rank. */
        uint32_t id = r[i].id;
        while (kw->g[id].whole != VOCAB_NONE)
            id = kw->g[id].whole;
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
                int hit = 0;
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
        sel_score[ns] = r[i].score;
        ns++;
    }
    return ns;
}

void precis_keywords_free(precis_keywords *k)
{
    if (!k)
        return;
    for (size_t i = 0; i < k->count; i++) {
        free((void *)(uintptr_t)k->keyword[i].text);
        free((void *)(uintptr_t)k->keyword[i].key);
    }
    free(k->keyword);
    free(k);
}

precis_status precis_keywords_extract(const precis_pipeline *p, const precis_doc *d,
                                      const precis_corpus *corpus,
                                      const precis_keyword_options *opts,
                                      precis_keywords **out)
{
    precis_status st = PRECIS_ENOMEM;
    kw_state kw;
    memset(&kw, 0, sizeof kw);
    const precis_token **toks = NULL;
    uint32_t *best = NULL, *sel = NULL;
    double *sel_score = NULL;
    ranked *r = NULL;
    precis_keywords *res = NULL;
    *out = NULL;
    if (!p || !d)
        return PRECIS_EINVAL;
    const size_t k = opts && opts->k ? opts->k : KEYWORDS_DEFAULT_K;
    kw.max_words = opts && opts->max_words ? opts->max_words : KEYWORDS_DEFAULT_WORDS;
    if (kw.max_words > KEYWORDS_MAX_WORDS)
        return PRECIS_EINVAL;
    kw.p = p;
    if (!(kw.keys = vocab_new()) || !(kw.surfaces = vocab_new()))
        goto fail;

    const precis_article *a = precis_doc_article(d);
    size_t text_len = 0;
    const char *text = precis_article_text(a, &text_len);
    const size_t ntitle = precis_doc_title_token_count(d), ntok = precis_doc_token_count(d);
    const size_t nsent = precis_doc_sentence_count(d);
    toks = malloc((ntitle > ntok ? ntitle : ntok) * sizeof *toks + 1);
    if (!toks)
        goto fail;
    if (ntitle) {
        for (size_t i = 0; i < ntitle; i++)
            toks[i] = precis_doc_title_token(d, i);
        if ((st = scan_sentence(&kw, precis_article_title(a), toks, ntitle, 0, 1)))
            goto fail;
    }
    for (size_t s = 0; s < nsent; s++) {
        const precis_sentence *const se = precis_doc_sentence(d, s);
        for (size_t i = 0; i < se->token_count; i++)
            toks[i] = precis_doc_token(d, se->first_token + i);
        if ((st = scan_sentence(&kw, text, toks, se->token_count, s + 1, 0)))
            goto fail;
    }

    st = PRECIS_ENOMEM;
    if (!(best = calloc(kw.ng + 1, sizeof *best)) || !(r = malloc((kw.ng + 1) * sizeof *r)) ||
        !(sel = malloc((k + 1) * sizeof *sel)) || !(sel_score = malloc((k + 1) * sizeof *sel_score)))
        goto fail;
    pick_surfaces(&kw, best);
    const size_t units = nsent + (ntitle ? 1 : 0);
    size_t nr = 0;
    for (size_t i = 0; i < kw.ng; i++) {
        group *const g = &kw.g[i];
        /* A phrase seen once or twice is an accident of wording, not a topic - unless it is
         * a name (capitalised mid-sentence), which a short story may give only twice. */
        const size_t min = g->mid && 2 * g->caps > g->mid ? NAME_MIN : PHRASE_MIN;
        if ((g->words > 1 && g->count < min) || g->noise)
            continue;
        g->score = score_group(&kw, g, corpus, units);
        r[nr++] = (ranked){g->score, g->first_order, vocab_str(kw.keys, (uint32_t)i, NULL),
                           (uint32_t)i};
    }
    sort_array(r, nr, sizeof *r, cmp_ranked);
    find_wholes(&kw, r, nr);
    const size_t ns = select_keywords(&kw, r, nr, k, sel, sel_score);

    if (!(res = calloc(1, sizeof *res)) || !(res->keyword = calloc(ns + 1, sizeof *res->keyword)))
        goto fail;
    for (size_t i = 0; i < ns; i++) {
        const group *const g = &kw.g[sel[i]];
        precis_keyword *const out_k = &res->keyword[i];
        size_t len = 0;
        const char *s = vocab_str(kw.surfaces, best[sel[i]], &len);
        out_k->text = xstrndup(s, len);
        s = vocab_str(kw.keys, sel[i], &len);
        out_k->key = xstrndup(s, len);
        res->count = i + 1;
        if (!out_k->text || !out_k->key)
            goto fail;
        out_k->words = g->words;
        out_k->count = g->count;
        out_k->first = g->first_off;
        out_k->score = sel_score[i];
    }
    *out = res;
    res = NULL;
    st = PRECIS_OK;
fail:
    precis_keywords_free(res);
    free(sel_score);
    free(sel);
    free(r);
    free(best);
    free(toks);
    buf_free(&kw.surf);
    buf_free(&kw.key);
    free(kw.o);
    free(kw.g);
    vocab_free(kw.surfaces);
    vocab_free(kw.keys);
    return st;
}
