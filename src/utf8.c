/* utf8.c - UTF-8 decoding, validation and Windows-1252 conversion, character classes, and the
 * normalisation every matching step relies on (NFKC + case folding via utf8proc). */
#include "utf8.h"

#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <utf8proc.h>

int32_t utf8_decode(const char *s, size_t len, size_t *i)
{
    const unsigned char *p = (const unsigned char *)s + *i;
    const size_t left = len - *i;
    const unsigned c = p[0];
    if (c < 0x80) {
        *i += 1;
        return (int32_t)c;
    }
    size_t n;
    int32_t cp, min;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2, cp = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3, cp = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4, cp = c & 0x07, min = 0x10000;
    } else {
        goto bad;
    }
    if (left < n)
        goto bad;
    for (size_t k = 1; k < n; k++) {
        if ((p[k] & 0xC0) != 0x80)
            goto bad;
        cp = (cp << 6) | (p[k] & 0x3F);
    }
    /* Overlong forms, UTF-16 surrogates and values past U+10FFFF are not UTF-8. */
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        goto bad;
    *i += n;
    return cp;
bad:
    *i += 1;
    return 0xFFFD;
}

size_t utf8_encode(int32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = 0xFFFD;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* The end of the run of ASCII bytes from i on in s[0..len): sixteen bytes a step with SSE2
 * (every x86-64 has it; the byte mask is the high bits), else eight. */
static size_t skip_ascii(const char *s, size_t i, size_t len)
{
#if defined(__SSE2__)
    while (i + 16 <= len) {
        const __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        const unsigned m = (unsigned)_mm_movemask_epi8(x);
        if (m)
            return i + (size_t)__builtin_ctz(m);
        i += 16;
    }
#endif
    while (i + 8 <= len) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (w & 0x8080808080808080ULL)
            break;
        i += 8;
    }
    while (i < len && (unsigned char)s[i] < 0x80)
        i++;
    return i;
}

size_t utf8_validate(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        if ((unsigned char)s[i] < 0x80) {
            /* Runs of ASCII many bytes a step: news in Latin script is mostly ASCII between
             * its few quotes, dashes and accented letters, so the text after the first of
             * those would otherwise go a byte a step. */
            i = skip_ascii(s, i + 1, len);
            continue;
        }
        const size_t at = i;
        /* A real U+FFFD (EF BF BD) is valid; the decoder's error value advances one byte. */
        if (utf8_decode(s, len, &i) == 0xFFFD && i == at + 1)
            return at;
    }
    return len;
}

/* Windows-1252 bytes 0x80..0x9F; the five holes become U+FFFD. */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
};

int utf8_from_cp1252(const char *s, size_t len, buf *out)
{
    for (size_t i = 0; i < len; i++) {
        const unsigned char c = (unsigned char)s[i];
        char tmp[4];
        size_t n;
        if (c < 0x80) {
            tmp[0] = (char)c;
            n = 1;
        } else if (c < 0xA0) {
            n = utf8_encode(cp1252_high[c - 0x80], tmp);
        } else {
            n = utf8_encode(c, tmp);
        }
        if (buf_append(out, tmp, n))
            return -1;
    }
    return 0;
}

int utf8_is_letter(int32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    const utf8proc_category_t c = utf8proc_category(cp);
    return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_ME;
}

int utf8_is_digit(int32_t cp)
{
    if (cp < 0x80)
        return cp >= '0' && cp <= '9';
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_ND;
}

int utf8_is_space(int32_t cp)
{
    if (cp < 0x80)
        return cp == ' ' || (cp >= '\t' && cp <= '\r');
    if (cp == 0x85)
        return 1;
    const utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_ZS || c == UTF8PROC_CATEGORY_ZL || c == UTF8PROC_CATEGORY_ZP;
}

int utf8_is_upper(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    const utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

int utf8_is_lower(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 'a' && cp <= 'z';
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

/* Lowercases ASCII and the basic Russian/Cyrillic block directly: these letters are already
 * NFC and fold one-to-one, so the common Latin and Cyrillic cases skip utf8proc's allocation.
 * Returns 0 when done, 1 when some code point needs the general path, -1 when out of memory. */
static int normalize_fast(const unsigned char *s, size_t len, buf *out)
{
    if (len + 1 > out->cap && GROW(out->data, out->cap, len + 1))
        return -1;
    unsigned char *o = (unsigned char *)out->data;
    size_t i = 0;
    while (i < len) {
        const unsigned c = s[i];
        if (c < 0x80) {
            o[i] = (unsigned char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            i++;
        } else if ((c == 0xD0 || c == 0xD1) && i + 1 < len && (s[i + 1] & 0xC0) == 0x80) {
            /* U+0400..U+047F; only the Russian range U+0400..U+045F is handled here. */
            const unsigned cp = ((c & 0x1F) << 6) | (s[i + 1] & 0x3F);
            unsigned lo;
            if (cp >= 0x410 && cp <= 0x42F)
                lo = cp + 0x20;
            else if (cp >= 0x400 && cp <= 0x40F)
                lo = cp + 0x50;
            else if (cp >= 0x430 && cp <= 0x45F)
                lo = cp;
            else
                return 1;
            o[i] = (unsigned char)(0xC0 | (lo >> 6));
            o[i + 1] = (unsigned char)(0x80 | (lo & 0x3F));
            i += 2;
        } else {
            return 1;
        }
    }
    o[len] = '\0';
    out->len = len;
    return 0;
}

/* Replaces in place the few characters NFKC keeps but matching should not distinguish:
 * apostrophes U+2019, U+02BC -> ' and hyphens U+2010 (U+2011 is NFKC'd to it) -> '-'. */
static size_t fold_punct(char *s, size_t len)
{
    size_t w = 0;
    for (size_t r = 0; r < len;) {
        const unsigned char c = (unsigned char)s[r];
        if (c == 0xE2 && r + 2 < len && (unsigned char)s[r + 1] == 0x80) {
            const unsigned char d = (unsigned char)s[r + 2];
            if (d == 0x99) {
                s[w++] = '\'';
                r += 3;
                continue;
            }
            if (d == 0x90 || d == 0x91) {
                s[w++] = '-';
                r += 3;
                continue;
            }
        } else if (c == 0xCA && r + 1 < len && (unsigned char)s[r + 1] == 0xBC) {
            s[w++] = '\'';
            r += 2;
            continue;
        }
        s[w++] = s[r++];
    }
    s[w] = '\0';
    return w;
}

int utf8_normalize(const char *s, size_t len, buf *out)
{
    buf clean = {0};
    utf8proc_uint8_t *mapped = NULL;
    out->len = 0;
    const int fast = normalize_fast((const unsigned char *)s, len, out);
    if (fast <= 0)
        return fast;

    /* utf8proc rejects invalid UTF-8 as a whole; replace bad bytes with U+FFFD first so one
     * stray byte does not lose the word. */
    const char *src = s;
    size_t srclen = len;
    if (utf8_validate(s, len) != len) {
        for (size_t i = 0; i < len;) {
            char tmp[4];
            const size_t n = utf8_encode(utf8_decode(s, len, &i), tmp);
            if (buf_append(&clean, tmp, n))
                goto fail;
        }
        src = clean.data;
        srclen = clean.len;
    }
    const utf8proc_ssize_t n = utf8proc_map(
        (const utf8proc_uint8_t *)src, (utf8proc_ssize_t)srclen, &mapped,
        UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE);
    if (n < 0)
        goto fail;
    out->len = 0;
    if (buf_append(out, (const char *)mapped, (size_t)n))
        goto fail;
    out->len = fold_punct(out->data, out->len);
    free(mapped);
    buf_free(&clean);
    return 0;
fail:
    free(mapped);
    buf_free(&clean);
    if (out->data)
        out->data[0] = '\0';
    out->len = 0;
    return -1;
}
