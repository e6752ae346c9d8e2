/* rouge.h - internals of the evaluation module shared with its tests: the normalised form of
 * a keyphrase used for matching. */
#ifndef PRECIS_ROUGE_H
#define PRECIS_ROUGE_H

#include <stddef.h>

#include "precis.h"
#include "util.h"

/* Replaces out with the match key of s[0..len): lowercased, split on characters that are
 * neither letters nor digits (Unicode categories L* and N*), every token of 3 or more
 * letters Porter-stemmed,
 * tokens joined by one space. Invalid UTF-8 bytes separate tokens. "" when s has no token. */
precis_status rouge_phrase_key(precis_rouge *r, const char *s, size_t len, buf *out);

#endif
