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

/* Finds the next token in text[*pos .. end). Returns 1 and fills *tok (advancing *pos past
 * it), or 0 when no token is left (then *pos == end). Never reads text[end] or beyond. */
int tokenize_next(const char *text, size_t end, size_t *pos, raw_token *tok);

#endif
