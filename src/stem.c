/* stem.c - Snowball stemming through libstemmer: one stemmer per language, opened the first
 * time that language is asked for, results copied out at once. */
#include "stem.h"

#include <limits.h>
#include <stdlib.h>

#include <libstemmer.h>

#include "lang.h"

struct stemmers {
    struct sb_stemmer *by_lang[LANG_MAX];
};

stemmers *stemmers_new(void)
{
    return calloc(1, sizeof(stemmers));
}

void stemmers_free(stemmers *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < LANG_MAX; i++)
        sb_stemmer_delete(s->by_lang[i]);
    free(s);
}

precis_status stemmers_stem(stemmers *s, int lang_idx, const char *w, size_t len, buf *out)
{
    out->len = 0;
    if (out->data)
        out->data[0] = '\0';
    const char *const name = lang_stemmer_name(lang_idx);
    if (!name || lang_idx >= LANG_MAX)
        return PRECIS_EINVAL;
    if (len > INT_MAX)
        return PRECIS_EINVAL;
    if (!s->by_lang[lang_idx]) {
        /* libstemmer returns NULL both for an unknown name and when out of memory; every name
         * in the table exists in libstemmer 2.x, so NULL here means memory. */
        s->by_lang[lang_idx] = sb_stemmer_new(name, "UTF_8");
        if (!s->by_lang[lang_idx])
            return PRECIS_ENOMEM;
    }
    struct sb_stemmer *const st = s->by_lang[lang_idx];
    const sb_symbol *const r = sb_stemmer_stem(st, (const sb_symbol *)w, (int)len);
    if (!r)
        return PRECIS_ENOMEM;
    /* The result lives in the stemmer and is overwritten by the next call: copy it now. */
    if (buf_append(out, (const char *)r, (size_t)sb_stemmer_length(st)))
        return PRECIS_ENOMEM;
    return PRECIS_OK;
}
