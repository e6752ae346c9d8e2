/* corpus.h - private side of the document-frequency table: which tokens count as terms, how
 * phrase keys are built, and counting a doc's sentences as documents of their own. */
#ifndef PRECIS_CORPUS_H
#define PRECIS_CORPUS_H

#include <stddef.h>

#include "precis.h"

/* Longest phrase key, in words ("stem1 stem2 stem3"). */
#define CORPUS_MAX_PHRASE 3

/* Inline: asked of every token by the counting, keyword and summary passes. */

/* 1 when t is a term of its own (its stem is counted): not a stopword, not a symbol. */
static inline int corpus_token_is_term(const precis_token *t)
{
    return !t->stop && t->kind != PRECIS_TOKEN_SYMBOL;
}

/* 1 when t may be part of a phrase key: a non-stopword word. */
static inline int corpus_token_in_phrase(const precis_token *t)
{
    return !t->stop && t->kind == PRECIS_TOKEN_WORD;
}

/* 1 when b directly follows a in text (the bytes between them are white space only), so
 * "Paris, London" never makes a phrase; both must be phrase words of one sentence. */
static inline int corpus_tokens_adjacent(const char *text, const precis_token *a,
                                         const precis_token *b)
{
    if (a->sentence != b->sentence || b->start < a->end)
        return 0;
    for (size_t i = a->end; i < b->start; i++)
        if (text[i] != ' ' && text[i] != '\t' && text[i] != '\n' && text[i] != '\r')
            return 0;
    return 1;
}

/* The document frequencies of the pipeline stems stem[0..n) in df[0..n): precis_corpus_df()
 * of each stem's string (0 for an id p does not know), with the look-ups overlapped. */
void corpus_stem_dfs(const precis_corpus *c, const precis_pipeline *p, const uint32_t *stem,
                     size_t n, size_t *df);

/* corpus_stem_dfs() through v (its corpus and pipeline): a stem whose corpus id v knows is
 * read by index; the others are looked up by string, and v remembers those found. */
void corpus_view_stem_dfs(precis_corpus_view *v, const uint32_t *stem, size_t n, size_t *df);
/* The document frequency of the key of the view's stems stem[0..n) ("stem1 stem2 ...") in
 * *df, as precis_corpus_df() gives it: by the corpus ids v knows or learns, by string only for
 * a phrase longer than CORPUS_MAX_PHRASE or with a stem that is empty or holds a space. */
precis_status corpus_view_seq_df(precis_corpus_view *v, const uint32_t *stem, size_t n, size_t *df);
/* Asks for the memory corpus_view_seq_df(v, stem, n) will read when v knows the corpus ids
 * of the stems: a hint, so a caller can overlap a look-up it will make next with its work on
 * the current one. */
void corpus_view_seq_prefetch(const precis_corpus_view *v, const uint32_t *stem, size_t n);
/* A byte for each term of the view's pipeline (ids below precis_pipeline_term_count()), 0
 * until the caller sets it: what a caller found out about a term once, kept from one doc of
 * the pipeline to the next. Borrowed, valid until the next call on v; NULL when out of
 * memory. */
uint8_t *corpus_view_term_memo(precis_corpus_view *v);
/* size zeroed bytes that v keeps from one doc to the next, for a caller's scratch table: the
 * caller must leave every byte it set zero again before its next call, so no doc pays to
 * clear (or the kernel to map) the whole of it. Borrowed, valid until the next
 * corpus_view_zeroed() or precis_corpus_view_free(); NULL when out of memory. */
void *corpus_view_zeroed(precis_corpus_view *v, size_t size);
/* Scratch blocks a view keeps for its caller from one doc to the next, so a caller's
 * per-doc arrays cost no malloc, free or fresh pages a doc. Keywords use blocks 0 to 2, a
 * summary all six: neither holds a block past its call. */
#define CORPUS_VIEW_SCRATCH 6
#define CORPUS_VIEW_SCRATCH_ALIGN 64 /* a cache line */
/* At least size bytes of scratch block which (< CORPUS_VIEW_SCRATCH), aligned to
 * CORPUS_VIEW_SCRATCH_ALIGN, contents undefined. Borrowed, valid until the next
 * corpus_view_scratch() of the same block or precis_corpus_view_free(); NULL when out of
 * memory. */
void *corpus_view_scratch(precis_corpus_view *v, size_t which, size_t size);
/* size bytes that v keeps for its caller as long as v lives, zero at first and then as the
 * caller left them: for what a caller works out once for every doc of a view. size must be
 * the same at every call. Borrowed, valid until precis_corpus_view_free(); NULL when out of
 * memory. */
void *corpus_view_kept(precis_corpus_view *v, size_t size);
/* corpus_view_scratch() keeping the block's first keep bytes (keep at most what the block had
 * room for before), for an array that grows as it is filled. */
void *corpus_view_scratch_grow(precis_corpus_view *v, size_t which, size_t size, size_t keep);
/* The view's corpus and pipeline (borrowed). */
const precis_corpus *corpus_view_corpus(const precis_corpus_view *v);
const precis_pipeline *corpus_view_pipeline(const precis_corpus_view *v);

/* Counts every sentence of d as a document: the "sentences stand in for documents" rule used
 * when a single article is all there is. */
precis_status corpus_add_sentences(precis_corpus *c, const precis_pipeline *p, const precis_doc *d);

#endif
