/* tokenize.h - splits text into tokens: words with inner apostrophes and hyphens, numbers
 * with their signs and units ($1.13bn, 76%, 10.9, 2022-06-07), URLs and e-mail addresses
 * whole, dotted acronyms (U.S.). Whitespace and punctuation are skipped. */
#ifndef PRECIS_TOKENIZE_H
#define PRECIS_TOKENIZE_H

#include <stddef.h>
#include <stdint.h>

typedef struct raw_token {
    size_t start, end; /* bytes in text */
    uint8_t kind;      /* precis_token_kind */
} raw_token;

/* Byte classes for the inline fast path below (a copy of the tokenizer's own table). */
#define TOKENIZE_SKIP 1  /* space and plain punctuation: never part of a token, never joins */
#define TOKENIZE_ALPHA 2 /* A-Z a-z */
#define TOKENIZE_DIGIT 4 /* 0-9 */
#define TOKENIZE_PUNCT 8 /* , . : which join only digits (and open URLs when no space follows) */
extern const unsigned char tokenize_byte[256];

/* The full tokenizer behind tokenize_next(). */
int tokenize_next_slow(const char *text, size_t end, size_t *pos, raw_token *tok);

/* Stores in out[0..max) the next tokens of text[*pos .. end), exactly those that repeated
 * tokenize_next() calls give, and returns how many; *pos moves past the last one. Fewer than
 * max means none is left (then *pos == end). limit: how many bytes of text may be read
 * (end or more): bytes up to it are loaded in blocks but never change a token. */
size_t tokenize_many(const char *text, size_t end, size_t limit, size_t *pos, raw_token *out,
                     size_t max);
/* tokenize_many() without the AVX2 code it takes when the CPU has AVX2 (SSE2, or a table where
 * there is no SSE2 either): the same tokens, so that tests can check both ways. */
size_t tokenize_many_portable(const char *text, size_t end, size_t limit, size_t *pos,
                              raw_token *out, size_t max);

/* Finds the next token in text[*pos .. end). Returns 1 and fills *tok (advancing *pos past
 * it), or 0 when no token is left (then *pos == end). Never reads text[end] or beyond.
 * Most tokens are ASCII words or numbers ended by a space or plain punctuation: a run of ASCII
 * letters and digits up to a TOKENIZE_SKIP byte (which no connector, unit, URL, e-mail or
 * acronym rule looks past), or up to a , . or : that such a byte (or the end) follows, is a
 * whole token, found inline; anything else takes the full path. (Before a dot, a single letter
 * may start an acronym and three letters a "www." address: they take the full path too.) */
static inline int tokenize_next(const char *text, size_t end, size_t *pos, raw_token *tok)
{
    const unsigned char *const t = (const unsigned char *)text;
    size_t i = *pos;
    while (i < end && (tokenize_byte[t[i]] & TOKENIZE_SKIP))
        i++;
    if (i < end && (tokenize_byte[t[i]] & (TOKENIZE_ALPHA | TOKENIZE_DIGIT))) {
        size_t e = i + 1;
        while (e < end && (tokenize_byte[t[e]] & (TOKENIZE_ALPHA | TOKENIZE_DIGIT)))
            e++;
        if (e >= end || (tokenize_byte[t[e]] & TOKENIZE_SKIP) ||
            ((tokenize_byte[t[e]] & TOKENIZE_PUNCT) &&
             (t[e] != '.' || (e - i != 1 && e - i != 3)) &&
             (e + 1 >= end || (tokenize_byte[t[e + 1]] & TOKENIZE_SKIP)))) {
            tok->start = i;
            tok->end = e;
            /* PRECIS_TOKEN_WORD from a letter, PRECIS_TOKEN_NUMBER from a digit */
            tok->kind = (tokenize_byte[t[i]] & TOKENIZE_DIGIT) ? 1 : 0;
            *pos = e;
            return 1;
        }
    }
    *pos = i;
    return tokenize_next_slow(text, end, pos, tok);
}

#endif
