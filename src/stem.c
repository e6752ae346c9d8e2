/* stem.c - Snowball stemming through libstemmer: one stemmer per language, opened the first
 * time that language is asked for, results copied out at once. */
#include "stem.h"

#include <limits.h>
#include <stdlib.h>

#include <libstemmer.h>

#include "lang.h"

/* libstemmer builds most algorithms twice: for UTF-8 and for ISO-8859-1. Both come from the
 * same Snowball source and work on characters, so on an ASCII word (where the two encodings
 * are the same bytes) they agree whenever the result is ASCII too; the ISO-8859-1 build does
 * not decode UTF-8 at every step and stems English words in about three quarters of the
 * instructions. ASCII words (nearly every word of English news) therefore go to it first, and
 * a result with any other byte is thrown away and made again by the UTF-8 build. */
struct stemmers {
    struct sb_stemmer *by_lang[LANG_MAX];
    struct sb_stemmer *latin1[LANG_MAX]; /* NULL when libstemmer has none (or no memory) */
    unsigned char latin1_tried[LANG_MAX];
};

stemmers *stemmers_new(void)
{
    return calloc(1, sizeof(stemmers));
}

void stemmers_free(stemmers *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < LANG_MAX; i++) {
        sb_stemmer_delete(s->by_lang[i]);
        sb_stemmer_delete(s->latin1[i]);
    }
    free(s);
}

/* Whether w[0..n) is all ASCII: a word at a time, the last (partial) word in overlapping
 * loads that never read outside w, as hash_str() does. */
static int is_ascii(const unsigned char *w, size_t n)
{
    uint64_t any = 0;
    for (size_t i = 0; i + 8 <= n; i += 8)
        any |= load64(w + i);
    if (n >= 8)
        any |= load64(w + n - 8);
    else if (n >= 4)
        any |= load32(w) | load32(w + n - 4);
    else if (n > 0)
        any |= (uint64_t)(w[0] | w[n >> 1] | w[n - 1]);
    return (any & 0x8080808080808080ULL) == 0;
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
    if (is_ascii((const unsigned char *)w, len)) {
        if (!s->latin1_tried[lang_idx]) {
            s->latin1[lang_idx] = sb_stemmer_new(name, "ISO_8859_1");
            s->latin1_tried[lang_idx] = 1;
        }
        struct sb_stemmer *const l1 = s->latin1[lang_idx];
        if (l1) {
            const sb_symbol *const r = sb_stemmer_stem(l1, (const sb_symbol *)w, (int)len);
            if (!r)
                return PRECIS_ENOMEM;
            const size_t n = (size_t)sb_stemmer_length(l1);
            if (is_ascii(r, n))
                return buf_append(out, (const char *)r, n) ? PRECIS_ENOMEM : PRECIS_OK;
        }
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
