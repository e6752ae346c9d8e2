/* tokenize.c - the tokenizer: a byte-class table classifies ASCII, only bytes >= 0x80 are
 * decoded. A token is a run of letters and digits held together by inner apostrophes and
 * hyphens (and . , : / between digits); URLs, e-mail addresses, dotted acronyms, signed and
 * currency-prefixed numbers are recognised around that core. */
#include "tokenize.h"

#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
/* Where the compiler can build a function for AVX2 alone (GCC and Clang on x86-64), the blocks
 * are classified 32 bytes a step when the CPU has it, chosen at run time. */
#if defined(__x86_64__) && defined(__GNUC__) && defined(__SSE2__)
#include <immintrin.h>
#define TOKENIZE_AVX2 1
#endif

#include <utf8proc.h>

#include "precis.h"
#include "utf8.h"

enum cls {
    K_OTHER, /* space and punctuation: skipped */
    K_LETTER,
    K_DIGIT,
    K_APOS,
    K_HYPHEN,
    K_DOT,
    K_COMMA,
    K_COLON,
    K_SLASH,
    K_CURRENCY,
    K_SIGN,
    K_UNIT, /* % and the like, which end a number */
    K_HASH,
    K_AT,
    K_UNDERSCORE,
    K_JOINER, /* soft hyphen, ZWJ, ZWNJ: invisible, inside words */
    K_SYMBOL,
    K_HIGH /* a byte >= 0x80: decode to classify */
};

#define O_ K_OTHER
#define L_ K_LETTER
#define D_ K_DIGIT
#define AP K_APOS
#define HY K_HYPHEN
#define DT K_DOT
#define CM K_COMMA
#define CL K_COLON
#define SL K_SLASH
#define CU K_CURRENCY
#define SG K_SIGN
#define UN K_UNIT
#define HS K_HASH
#define AT K_AT
#define US K_UNDERSCORE
#define HI K_HIGH
/* One look-up per byte. ASCII symbols other than $ + % # @ (such as < = > | ~ ^) are treated
 * as punctuation. */
static const unsigned char byte_cls[256] = {
    O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_,
    O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, HS, CU, UN, O_, AP, O_, O_, O_, SG, CM, HY, DT, SL,
    D_, D_, D_, D_, D_, D_, D_, D_, D_, D_, CL, O_, O_, O_, O_, O_, AT, L_, L_, L_, L_, L_, L_, L_,
    L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, O_, O_, O_, O_, US,
    O_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_,
    L_, L_, L_, O_, O_, O_, O_, O_, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI,
    HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI,
    HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI,
    HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI,
    HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI,
    HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI,
};
#undef HI
#undef O_
#undef L_
#undef D_
#undef AP
#undef HY
#undef DT
#undef CM
#undef CL
#undef SL
#undef CU
#undef SG
#undef UN
#undef HS
#undef AT
#undef US

static int cls_of_cp(int32_t cp)
{
    switch (cp) {
    case 0x2019: /* ’ right single quotation mark, the usual typeset apostrophe */
    case 0x02BC: /* ʼ modifier letter apostrophe */ return K_APOS;
    case 0x2010: /* ‐ hyphen */
    case 0x2011: /* ‑ non-breaking hyphen */ return K_HYPHEN;
    case 0x2212: /* − minus sign */ return K_SIGN;
    case 0x00AD:
    case 0x200C:
    case 0x200D: return K_JOINER;
    case 0xFFFD: /* what an invalid byte decodes to: garbage, not a symbol */ return K_OTHER;
    case 0x2030: /* ‰ */
    case 0x00B0: /* ° */ return K_UNIT;
    default: break;
    }
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_NL: /* Roman numerals, superscripts: NFKC makes them letters/digits */
    case UTF8PROC_CATEGORY_NO: return K_LETTER;
    case UTF8PROC_CATEGORY_ND: return K_DIGIT;
    case UTF8PROC_CATEGORY_SC: return K_CURRENCY;
    case UTF8PROC_CATEGORY_SM:
    case UTF8PROC_CATEGORY_SK:
    case UTF8PROC_CATEGORY_SO: return K_SYMBOL;
    default: return K_OTHER;
    }
}

static int cls_decode(const char *t, size_t end, size_t i, size_t *next)
{
    size_t j = i;
    const int32_t cp = utf8_decode(t, end, &j);
    *next = j;
    return cls_of_cp(cp);
}

/* Class of the character at t[i] (i < end); *next is where the following one starts. Kept
 * small so the ASCII case inlines; only bytes >= 0x80 are decoded. */
static inline int cls_at(const char *t, size_t end, size_t i, size_t *next)
{
    const int k = byte_cls[(unsigned char)t[i]];
    if (k != K_HIGH) {
        *next = i + 1;
        return k;
    }
    return cls_decode(t, end, i, next);
}

static int cls_peek(const char *t, size_t end, size_t i)
{
    size_t n;
    return i < end ? cls_at(t, end, i, &n) : K_OTHER;
}

static int is_alnum_cls(int k)
{
    return k == K_LETTER || k == K_DIGIT;
}

/* Whether the character just before t[i] is a letter or digit (a '-' there is a hyphen or a
 * minus, not a sign). Reads back at most four bytes, never before t[0]. */
static int prev_is_alnum(const char *t, size_t i)
{
    if (i == 0)
        return 0;
    size_t j = i - 1;
    while (j > 0 && i - j < 4 && ((unsigned char)t[j] & 0xC0) == 0x80)
        j--;
    size_t n;
    return is_alnum_cls(cls_at(t, i, j, &n));
}

/* The letter/digit run starting at t[i] (which is alnum), with its inner connectors. */
static size_t scan_run(const char *t, size_t end, size_t i)
{
    size_t n;
    int prev = cls_at(t, end, i, &n);
    i = n;
    while (i < end) {
        /* Tight loop for the common case: ASCII letters and digits. */
        const int b = byte_cls[(unsigned char)t[i]];
        if (b == K_LETTER || b == K_DIGIT) {
            prev = b;
            i++;
            continue;
        }
        const int k = cls_at(t, end, i, &n);
        if (is_alnum_cls(k)) {
            prev = k;
            i = n;
            continue;
        }
        if (n >= end)
            break;
        size_t n2;
        const int k2 = cls_at(t, end, n, &n2);
        int join = 0;
        switch (k) {
        case K_APOS: /* Mishustin's, rock'n'roll, 1980's; not a closing quote */
            join = k2 == K_LETTER;
            break;
        case K_HYPHEN: /* well-coordinated, COVID-19, 2022-06-07 */ join = is_alnum_cls(k2); break;
        case K_DOT: /* 10.9, 155,221, 10:30, 24/7: only between digits */
        case K_COMMA:
        case K_COLON:
        case K_SLASH: join = prev == K_DIGIT && k2 == K_DIGIT; break;
        case K_JOINER: join = prev == K_LETTER && k2 == K_LETTER; break;
        default: break;
        }
        if (!join)
            break;
        prev = k2;
        i = n2;
    }
    return i;
}

/* Letters separated by single dots, at least two of them, the last dot included: U.S., e.g.
 * Returns the end, or 0 when t[i] does not start one. */
static size_t scan_acronym(const char *t, size_t end, size_t i)
{
    size_t count = 0, n;
    while (i < end && cls_at(t, end, i, &n) == K_LETTER && n < end && t[n] == '.') {
        count++;
        i = n + 1;
    }
    return count >= 2 ? i : 0;
}

static int ascii_lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int has_prefix_nocase(const char *t, size_t end, size_t i, const char *p)
{
    const size_t n = strlen(p);
    if (end - i < n)
        return 0;
    for (size_t k = 0; k < n; k++)
        if (ascii_lower((unsigned char)t[i + k]) != (unsigned char)p[k])
            return 0;
    return 1;
}

static int is_ascii_alnum(unsigned char c)
{
    return byte_cls[c] == K_LETTER || byte_cls[c] == K_DIGIT;
}

/* Drops what usually ends the sentence around a URL rather than the URL itself. */
static size_t trim_url(const char *t, size_t start, size_t i)
{
    while (i > start) {
        const char c = t[i - 1];
        if (strchr(".,;:!?'\"]}", c)) {
            i--;
        } else if (c == ')') {
            /* Keep a closing parenthesis only when the URL opened one: wiki/Foo_(bar). */
            size_t open = 0, close = 0;
            for (size_t k = start; k < i; k++)
                open += t[k] == '(', close += t[k] == ')';
            if (close <= open)
                break;
            i--;
        } else {
            break;
        }
    }
    return i;
}

/* A URL from t[i]: up to whitespace, angle brackets, quotes or non-ASCII punctuation. */
static size_t scan_url(const char *t, size_t end, size_t i)
{
    const size_t start = i;
    while (i < end) {
        const unsigned char c = (unsigned char)t[i];
        if (c < 0x80) {
            if (c <= ' ' || c == 0x7F || strchr("<>\"`", c))
                break;
            i++;
            continue;
        }
        size_t n;
        const int k = cls_at(t, end, i, &n);
        if (!is_alnum_cls(k))
            break;
        i = n;
    }
    return trim_url(t, start, i);
}

/* Top-level domains that make "name.tld" a web address. Two-letter English words that are also
 * country codes (in, is, it, me, no, to, us, be, at...) are left out: "said.It" is a typo. */
static const char *const tlds[] = {
    "au",  "biz", "by", "ca", "ch",  "cn",  "co", "com", "de", "edu", "eu", "fr", "gov", "info",
    "int", "io",  "jp", "kz", "mil", "net", "nz", "org", "ru", "su",  "ua", "uk", "za",
};

static int is_tld(const char *t, size_t len)
{
    if (len < 2 || len > 4)
        return 0;
    char low[5];
    for (size_t k = 0; k < len; k++)
        low[k] = (char)ascii_lower((unsigned char)t[k]);
    for (size_t k = 0; k < sizeof tlds / sizeof tlds[0]; k++)
        if (strlen(tlds[k]) == len && memcmp(tlds[k], low, len) == 0)
            return 1;
    return 0;
}

/* Dot-separated labels of letters, digits and hyphens from t[i]; at least two labels. Returns
 * the end (before any trailing dot) and the last label's start in *last, or 0. */
static size_t scan_domain(const char *t, size_t end, size_t i, size_t *last)
{
    size_t labels = 0;
    size_t e = 0;
    for (;;) {
        const size_t ls = i;
        while (i < end && (is_ascii_alnum((unsigned char)t[i]) || t[i] == '-'))
            i++;
        if (i == ls)
            break;
        labels++;
        e = i;
        *last = ls;
        if (i + 1 < end && t[i] == '.' && is_ascii_alnum((unsigned char)t[i + 1]))
            i++;
        else
            break;
    }
    return labels >= 2 ? e : 0;
}

/* name@domain.tld from t[start]; returns the end or 0. */
static size_t scan_email(const char *t, size_t end, size_t start)
{
    size_t i = start;
    while (i < end && (is_ascii_alnum((unsigned char)t[i]) || strchr("._%+-", t[i]) != NULL) &&
           t[i] != '\0')
        i++;
    if (i == start || i + 1 >= end || t[i] != '@' || t[i - 1] == '.')
        return 0;
    size_t last = 0;
    const size_t e = scan_domain(t, end, i + 1, &last);
    if (!e || e - last < 2)
        return 0;
    return e;
}

/* After a letter-initial run ending at i: is it really the start of a URL or an e-mail
 * address? Fills *tok and returns 1 if so. */
static int special_word(const char *t, size_t end, size_t start, size_t i, raw_token *tok)
{
    if (i >= end)
        return 0;
    const char c = t[i];
    if (c == '@' || c == '.' || c == '_' || c == '+' || c == '-') {
        const size_t e = scan_email(t, end, start);
        if (e) {
            tok->end = e;
            tok->kind = PRECIS_TOKEN_EMAIL;
            return 1;
        }
    }
    if (c == ':' && (i - start == 4 || i - start == 5) &&
        (has_prefix_nocase(t, end, start, "http://") ||
         has_prefix_nocase(t, end, start, "https://"))) {
        const size_t e = scan_url(t, end, start);
        if (e > i + 3) {
            tok->end = e;
            tok->kind = PRECIS_TOKEN_URL;
            return 1;
        }
    }
    if (c == '.') {
        if (i - start == 3 && has_prefix_nocase(t, end, start, "www.")) {
            const size_t e = scan_url(t, end, start);
            if (e > i + 1) {
                tok->end = e;
                tok->kind = PRECIS_TOKEN_URL;
                return 1;
            }
        }
        size_t last = 0;
        const size_t e = scan_domain(t, end, start, &last);
        if (e && e > i && is_tld(t + last, e - last) &&
            (e >= end || !is_alnum_cls(cls_peek(t, end, e)))) {
            /* A path after the domain belongs to it: bbc.co.uk/news */
            tok->end = (e < end && t[e] == '/') ? scan_url(t, end, start) : e;
            tok->kind = PRECIS_TOKEN_URL;
            return 1;
        }
    }
    return 0;
}

/* The run of a number starting at t[i] (a digit), with units such as % after it. */
static size_t scan_number(const char *t, size_t end, size_t i)
{
    i = scan_run(t, end, i);
    size_t n;
    if (i < end) {
        const int k = cls_at(t, end, i, &n);
        if (k == K_UNIT || k == K_CURRENCY)
            i = n;
    }
    return i;
}

/* TOKENIZE_SKIP for the bytes the tokenizer skips (K_OTHER: space and plain punctuation),
 * TOKENIZE_ALPHA for ASCII letters, TOKENIZE_DIGIT for ASCII digits, TOKENIZE_PUNCT for
 * , . : (see tokenize.h). */
#define S_ TOKENIZE_SKIP
#define A_ TOKENIZE_ALPHA
#define N_ TOKENIZE_DIGIT
#define P_ TOKENIZE_PUNCT
const unsigned char tokenize_byte[256] = {
    S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_,
    S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, 0,  0,  0,  S_, 0,  S_, S_, S_, 0,
    P_, 0,  P_, 0,  N_, N_, N_, N_, N_, N_, N_, N_, N_, N_, P_, S_, S_, S_, S_, S_, 0,  A_,
    A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_,
    A_, A_, A_, S_, S_, S_, S_, 0,  S_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_,
    A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, S_, S_, S_, S_, S_,
};
#undef S_
#undef A_
#undef N_
#undef P_

int tokenize_next_slow(const char *text, size_t end, size_t *pos, raw_token *tok)
{
    size_t i = *pos;
    while (i < end) {
        const unsigned char c = (unsigned char)text[i];
        if (byte_cls[c] == K_OTHER) {
            i++;
            continue;
        }
        size_t n;
        const int k = cls_at(text, end, i, &n);
        const size_t start = i;
        tok->start = start;
        switch (k) {
        case K_LETTER: {
            const size_t e = scan_run(text, end, i);
            tok->end = e;
            tok->kind = PRECIS_TOKEN_WORD;
            if (e < end && text[e] == '.' && e == n) {
                const size_t a = scan_acronym(text, end, start);
                if (a) {
                    tok->end = a;
                    tok->kind = PRECIS_TOKEN_ACRONYM;
                    break;
                }
            }
            special_word(text, end, start, e, tok);
            break;
        }
        case K_DIGIT: {
            tok->end = scan_number(text, end, i);
            tok->kind = PRECIS_TOKEN_NUMBER;
            const size_t e = tok->end;
            if (e < end && (text[e] == '@' || text[e] == '.' || text[e] == '_')) {
                const size_t m = scan_email(text, end, start);
                if (m) {
                    tok->end = m;
                    tok->kind = PRECIS_TOKEN_EMAIL;
                }
            }
            break;
        }
        case K_CURRENCY:
        case K_SIGN:
        case K_HYPHEN: {
            /* $5, £600m, -5, +3.2%, -$4bn: a sign only where it cannot be a hyphen. */
            size_t d = n;
            if (k != K_CURRENCY && cls_peek(text, end, d) == K_CURRENCY) {
                size_t m;
                cls_at(text, end, d, &m);
                d = m;
            }
            if ((k == K_HYPHEN && c != '-') || cls_peek(text, end, d) != K_DIGIT ||
                (k != K_CURRENCY && prev_is_alnum(text, start))) {
                i = n;
                continue;
            }
            tok->end = scan_number(text, end, d);
            tok->kind = PRECIS_TOKEN_NUMBER;
            break;
        }
        case K_HASH:
        case K_AT: {
            /* #hashtags and @mentions are kept whole, as symbols. */
            const int k2 = cls_peek(text, end, n);
            if (!(k2 == K_LETTER || (k == K_AT && k2 == K_DIGIT)) || prev_is_alnum(text, start)) {
                i = n;
                continue;
            }
            size_t e = n;
            while (e < end) {
                size_t m;
                const int kk = cls_at(text, end, e, &m);
                if (!is_alnum_cls(kk) && kk != K_UNDERSCORE)
                    break;
                e = m;
            }
            tok->end = e;
            tok->kind = PRECIS_TOKEN_SYMBOL;
            break;
        }
        case K_SYMBOL:
            tok->end = n;
            tok->kind = PRECIS_TOKEN_SYMBOL;
            break;
        default: i = n; continue;
        }
        *pos = tok->end;
        return 1;
    }
    *pos = end;
    return 0;
}

/* ---- many tokens at a time -------------------------------------------------------------- */

/* tokenize_many() classifies 64 bytes at once into two bit masks, one bit a byte: ns for the
 * bytes that may start a token (neither TOKENIZE_SKIP nor TOKENIZE_PUNCT: the full tokenizer
 * passes over a , . or : where a token could start, as over a space) and al for ASCII letters
 * and digits. The next token's start and the end of its letter/digit run are then found by
 * counting trailing zeros, not by a loop a byte whose exit (at every word's end) the CPU
 * mispredicts. */
typedef struct block64 {
    uint64_t ns, al;
} block64;

#if defined(__SSE2__)
/* v in [lo, hi] for each byte: shifted so that lo becomes -128, one signed comparison. */
static inline __m128i in_range(__m128i v, int lo, int hi)
{
    return _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8((char)(0x80 - lo))),
                          _mm_set1_epi8((char)(-128 + hi - lo + 1)));
}

static block64 classify64(const unsigned char *s)
{
    block64 b = {0, 0};
    for (int k = 0; k < 4; k++) {
        const __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + 16 * k));
        const __m128i y = _mm_or_si128(x, _mm_set1_epi8(0x20)); /* A-Z to a-z */
        const __m128i al = _mm_or_si128(in_range(y, 'a', 'z'), in_range(x, '0', '9'));
        /* The ASCII bytes that may start a token: # $ % ' + - / 0-9 @ A-Z _ a-z (the bytes of
         * tokenize_byte[] without TOKENIZE_SKIP or TOKENIZE_PUNCT); bytes >= 0x80 come from
         * their top bit. */
        const __m128i punct = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(',')),
                                                        _mm_cmpeq_epi8(x, _mm_set1_epi8('.'))),
                                           _mm_cmpeq_epi8(x, _mm_set1_epi8(':')));
        const __m128i ns = _mm_andnot_si128(
            punct,
            _mm_or_si128(
                _mm_or_si128(
                    _mm_or_si128(in_range(x, 0x23, 0x25), _mm_cmpeq_epi8(x, _mm_set1_epi8(0x27))),
                    _mm_or_si128(in_range(x, 0x2B, 0x3A), in_range(x, 0x40, 0x5A))),
                _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(0x5F)), in_range(x, 0x61, 0x7A))));
        b.al |= (uint64_t)(unsigned)_mm_movemask_epi8(al) << (16 * k);
        b.ns |= (uint64_t)(unsigned)(_mm_movemask_epi8(ns) | _mm_movemask_epi8(x)) << (16 * k);
    }
    return b;
}
#else
static block64 classify64(const unsigned char *s)
{
    block64 b = {0, 0};
    for (unsigned k = 0; k < 64; k++) {
        const unsigned c = tokenize_byte[s[k]];
        b.ns |= (uint64_t) !(c & (TOKENIZE_SKIP | TOKENIZE_PUNCT)) << k;
        b.al |= (uint64_t)((c & (TOKENIZE_ALPHA | TOKENIZE_DIGIT)) != 0) << k;
    }
    return b;
}
#endif

#if defined(TOKENIZE_AVX2)
#define IN_RANGE256(v, lo, hi)                                                                     \
    _mm256_cmpgt_epi8(_mm256_set1_epi8((char)(-128 + (hi) - (lo) + 1)),                            \
                      _mm256_add_epi8((v), _mm256_set1_epi8((char)(0x80 - (lo)))))
/* classify64() with 32 bytes a step. */
__attribute__((target("avx2"))) static block64 classify64_avx2(const unsigned char *s)
{
    block64 b = {0, 0};
    for (int k = 0; k < 2; k++) {
        const __m256i x = _mm256_loadu_si256((const __m256i *)(const void *)(s + 32 * k));
        const __m256i y = _mm256_or_si256(x, _mm256_set1_epi8(0x20));
        const __m256i al = _mm256_or_si256(IN_RANGE256(y, 'a', 'z'), IN_RANGE256(x, '0', '9'));
        const __m256i punct =
            _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(x, _mm256_set1_epi8(',')),
                                            _mm256_cmpeq_epi8(x, _mm256_set1_epi8('.'))),
                            _mm256_cmpeq_epi8(x, _mm256_set1_epi8(':')));
        const __m256i ns = _mm256_andnot_si256(
            punct, _mm256_or_si256(
                       _mm256_or_si256(
                           _mm256_or_si256(IN_RANGE256(x, 0x23, 0x25),
                                           _mm256_cmpeq_epi8(x, _mm256_set1_epi8(0x27))),
                           _mm256_or_si256(IN_RANGE256(x, 0x2B, 0x3A), IN_RANGE256(x, 0x40, 0x5A))),
                       _mm256_or_si256(_mm256_cmpeq_epi8(x, _mm256_set1_epi8(0x5F)),
                                       IN_RANGE256(x, 0x61, 0x7A))));
        b.al |= (uint64_t)(uint32_t)_mm256_movemask_epi8(al) << (32 * k);
        b.ns |= (uint64_t)((uint32_t)_mm256_movemask_epi8(ns) | (uint32_t)_mm256_movemask_epi8(x))
                << (32 * k);
    }
    return b;
}
#undef IN_RANGE256
#endif

/* The masks of text[base .. base + 64) with the bytes from end on marked skipped, not alnum.
 * Near the end of what may be read, the bytes are copied first. avx2: the CPU has AVX2. */
static block64 load_block(const unsigned char *t, size_t base, size_t end, size_t limit, int avx2)
{
    unsigned char pad[64];
    const unsigned char *s = t + base;
    const size_t left = end - base;
    if (limit - base < 64) {
        memset(pad, 0, sizeof pad);
        memcpy(pad, s, left);
        s = pad;
    }
#if defined(TOKENIZE_AVX2)
    block64 b = avx2 ? classify64_avx2(s) : classify64(s);
#else
    (void)avx2;
    block64 b = classify64(s);
#endif
    if (left < 64) {
        const uint64_t valid = ((uint64_t)1 << left) - 1;
        b.ns &= valid;
        b.al &= valid;
    }
    return b;
}

static size_t many(const char *text, size_t end, size_t limit, size_t *pos, raw_token *out,
                   size_t max, int avx2)
{
    const unsigned char *const t = (const unsigned char *)text;
    size_t p = *pos, n = 0;
    if (p >= end) {
        *pos = end;
        return 0;
    }
    size_t base = p;
    block64 b = load_block(t, base, end, limit, avx2);
    while (n < max) {
        if (p - base >= 64) { /* also when p < base (after a token that ended early) */
            if (p >= end)
                break;
            base = p;
            b = load_block(t, base, end, limit, avx2);
        }
        const uint64_t rest = b.ns >> (p - base);
        if (!rest) { /* only skipped bytes up to the block's end */
            if (end - base <= 64) {
                p = end;
                break;
            }
            base += 64;
            p = base;
            b = load_block(t, base, end, limit, avx2);
            continue;
        }
        const size_t o = p - base + (size_t)__builtin_ctzll(rest); /* the next token's start */
        const size_t i = base + o;
        if ((b.al >> o) & 1) {
            const uint64_t stop = ~b.al >> o; /* bit 0 is i itself, a letter or digit */
            size_t e;
            if (stop) {
                e = i + (size_t)__builtin_ctzll(stop);
            } else if (end - base <= 64) {
                e = end;
            } else { /* the run goes on into the next block */
                base += 64;
                b = load_block(t, base, end, limit, avx2);
                if (b.al == ~(uint64_t)0) { /* 65 letters and digits or more */
                    size_t q = i;
                    if (!tokenize_next(text, end, &q, &out[n]))
                        break;
                    n++;
                    p = q;
                    continue;
                }
                e = base + (size_t)__builtin_ctzll(~b.al);
            }
            /* The connectors the full tokenizer joins between ASCII letters and digits
             * (scan_run()): an apostrophe before a letter, a hyphen before a letter or digit,
             * . , : / between digits ("year's", "mid-1987", "5.93", "155,221"). Most runs end
             * at a skipped byte, which joins nothing. */
            while (e + 1 < end && !(tokenize_byte[t[e]] & TOKENIZE_SKIP)) {
                const unsigned char c = t[e], next = tokenize_byte[t[e + 1]];
                if (!((c == '\'' && (next & TOKENIZE_ALPHA)) ||
                      (c == '-' && (next & (TOKENIZE_ALPHA | TOKENIZE_DIGIT))) ||
                      ((c == '.' || c == ',' || c == ':' || c == '/') && (next & TOKENIZE_DIGIT) &&
                       (tokenize_byte[t[e - 1]] & TOKENIZE_DIGIT))))
                    break;
                e += 2;
                while (e < end && (tokenize_byte[t[e]] & (TOKENIZE_ALPHA | TOKENIZE_DIGIT)))
                    e++;
            }
            /* The token ends there when a skipped byte follows, or a , . : that a skipped byte
             * (or the end) follows: no unit, URL, e-mail or acronym rule then applies, save a
             * "www." that may open an address. */
            if (e >= end || (tokenize_byte[t[e]] & TOKENIZE_SKIP) ||
                ((tokenize_byte[t[e]] & TOKENIZE_PUNCT) &&
                 (e + 1 >= end || (tokenize_byte[t[e + 1]] & TOKENIZE_SKIP)) &&
                 !(t[e] == '.' && e - i == 3 && (t[i] | 0x20) == 'w' && (t[i + 1] | 0x20) == 'w' &&
                   (t[i + 2] | 0x20) == 'w'))) {
                out[n].start = i;
                out[n].end = e;
                out[n].kind = (uint8_t)((unsigned)(t[i] - '0') < 10); /* NUMBER or WORD */
                n++;
                p = e;
                continue;
            }
        }
        p = i;
        if (!tokenize_next_slow(text, end, &p, &out[n]))
            break;
        n++;
    }
    if (n < max)
        p = end;
    *pos = p;
    return n;
}

size_t tokenize_many(const char *text, size_t end, size_t limit, size_t *pos, raw_token *out,
                     size_t max)
{
#if defined(TOKENIZE_AVX2)
    return many(text, end, limit, pos, out, max, __builtin_cpu_supports("avx2"));
#else
    return many(text, end, limit, pos, out, max, 0);
#endif
}

size_t tokenize_many_portable(const char *text, size_t end, size_t limit, size_t *pos,
                              raw_token *out, size_t max)
{
    return many(text, end, limit, pos, out, max, 0);
}
