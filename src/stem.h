/* stem.h - Snowball stemming (libstemmer), one stemmer per language opened on first use. */
#ifndef PRECIS_STEM_H
#define PRECIS_STEM_H

#include <stddef.h>

#include "precis.h"
#include "util.h"

typedef struct stemmers stemmers;

stemmers *stemmers_new(void); /* NULL when out of memory */
void stemmers_free(stemmers *s);
/* Stems the normalised word w[0..len) with language lang_idx's stemmer into out (replaced).
 * libstemmer's own result is copied at once, as it is invalid after the next call.
 * PRECIS_ENOMEM, or PRECIS_EINVAL when libstemmer has no such language. */
precis_status stemmers_stem(stemmers *s, int lang_idx, const char *w, size_t len, buf *out);

#endif
