/* jsonl.c - the fields of a JSON record: from a jansson tree, or by a strict fast path for the
 * common JSON Lines record. jansson lexes a byte at a time through a callback, builds a tree and
 * copies each string twice; the fast path scans eight bytes at a time and points into the line.
 * It gives up on anything it does not fully understand, and the reader then asks jansson, which
 * stays the reference parser and the source of every error message. tests/fuzz/fuzz_jsonl.c
 * checks on random lines that whatever the fast path accepts, jansson accepts alike. */
#include "jsonl.h"

#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "utf8.h"

/* Deeper nesting is left to jansson (which allows 2048 levels). */
#define FAST_MAX_DEPTH 32
/* An integer of up to 18 digits always fits json_int_t; a longer one may overflow, which
 * jansson reports as an error. */
#define FAST_MAX_INT_DIGITS 18
/* A real without an exponent and with at most this many integer digits cannot overflow a
 * double; anything else is left to jansson's strtod. */
#define FAST_MAX_REAL_DIGITS 300

static const char *const field_keys[JSONL_NFIELDS] = {
    [JSONL_TEXT] = "text",   [JSONL_ID] = "id",
    [JSONL_TITLE] = "title", [JSONL_LANG] = "lang",
    [JSONL_PLACE] = "place", [JSONL_AGENCY] = "agency",
    [JSONL_DATE] = "date",   [JSONL_DATELINE] = "dateline",
};

static const size_t field_len[JSONL_NFIELDS] = {
    [JSONL_TEXT] = 4,  [JSONL_ID] = 2,     [JSONL_TITLE] = 5, [JSONL_LANG] = 4,
    [JSONL_PLACE] = 5, [JSONL_AGENCY] = 6, [JSONL_DATE] = 4,  [JSONL_DATELINE] = 8,
};

void jsonl_from_json(const json_t *root, jsonl_record *rec)
{
    memset(rec, 0, sizeof *rec);
    if (!json_is_object(root))
        return;
    for (int k = 0; k < JSONL_NFIELDS; k++) {
        const json_t *v = json_object_get(root, field_keys[k]);
        jsonl_value *f = &rec->f[k];
        if (!v)
            continue;
        if (json_is_string(v)) {
            f->kind = JSONL_STRING;
            f->s = json_string_value(v);
            f->len = json_string_length(v);
        } else if (json_is_integer(v)) {
            f->kind = JSONL_INTEGER;
            f->integer = json_integer_value(v);
        } else {
            f->kind = JSONL_OTHER;
        }
    }
}

/* ---- the fast path ----------------------------------------------------------------------- */

typedef struct parser {
    const char *s;
    size_t n, i;
    char *out; /* where the next unescaped string goes (room for n bytes in all) */
} parser;

static int is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r'; /* JSON's four, as jansson */
}

static void skip_ws(parser *p)
{
    while (p->i < p->n && is_ws(p->s[p->i]))
        p->i++;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Offset of the first byte in s[i..n) that a string scan must stop at ('"', '\\', a control
 * character below 0x20, or a non-ASCII byte), or n. Sixteen bytes a step with SSE2 (every
 * x86-64 has it), else eight: in a word, the lowest flagged byte is a true hit, as a borrow
 * only spreads upwards from a byte that is itself below 0x20 or equal to '"' or '\\'. */
static size_t scan_plain(const char *s, size_t i, size_t n)
{
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\');
    const __m128i space = _mm_set1_epi8(0x20);
    while (i + 16 <= n) {
        const __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        /* Signed compare: bytes >= 0x80 are negative, so below 0x20 as well. */
        const __m128i hit =
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, bslash)),
                         _mm_cmplt_epi8(x, space));
        const unsigned m = (unsigned)_mm_movemask_epi8(hit);
        if (m)
            return i + (size_t)__builtin_ctz(m);
        i += 16;
    }
#endif
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
    while (i + 8 <= n) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        const uint64_t q = w ^ (ones * '"'), b = w ^ (ones * '\\');
        const uint64_t m = (((q - ones) & ~q) | ((b - ones) & ~b) | (w - ones * 0x20) | w) & high;
        if (m) /* little-endian: the lowest byte comes first */
            return i + (size_t)(__builtin_ctzll(m) >> 3);
        i += 8;
    }
#endif
    while (i < n) {
        const unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80)
            return i;
        i++;
    }
    return n;
}

/* Value of the four hex digits at s[i..i+4), or -1. */
static int32_t hex4(const char *s, size_t n, size_t i)
{
    if (i > n || n - i < 4)
        return -1;
    int32_t v = 0;
    for (size_t k = i; k < i + 4; k++) {
        const char c = s[k];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v += c - '0';
        else if (c >= 'a' && c <= 'f')
            v += c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            v += c - 'A' + 10;
        else
            return -1;
    }
    return v;
}

/* The string opening at s[i] ('"'). Without escapes it is borrowed from the line; with them it
 * is unescaped into p->out. 0 for whatever jansson would reject (control characters, invalid
 * UTF-8, bad escapes, lone surrogates) and for \u0000, which precis does not allow either. */
static int parse_string(parser *p, const char **str, size_t *len)
{
    const char *const s = p->s;
    const size_t n = p->n;
    size_t i = p->i + 1;
    const size_t start = i;
    char *o = NULL; /* write position once an escape was met */
    size_t run = i; /* first byte not yet copied to o */
    for (;;) {
        i = scan_plain(s, i, n);
        if (i >= n)
            return 0;
        const unsigned char c = (unsigned char)s[i];
        if (c == '"')
            break;
        if (c >= 0x80) {
            /* Strict UTF-8 as jansson checks it: no overlong forms, surrogates or values past
             * U+10FFFF; utf8_decode yields U+FFFD and one byte for any of those. */
            const size_t at = i;
            if (utf8_decode(s, n, &i) == 0xFFFD && i == at + 1)
                return 0;
            continue;
        }
        if (c < 0x20)
            return 0;
        if (!o)
            o = p->out;
        memcpy(o, s + run, i - run);
        o += i - run;
        if (i + 1 >= n)
            return 0;
        const char e = s[i + 1];
        i += 2;
        switch (e) {
        case '"':
        case '\\':
        case '/': *o++ = e; break;
        case 'b': *o++ = '\b'; break;
        case 'f': *o++ = '\f'; break;
        case 'n': *o++ = '\n'; break;
        case 'r': *o++ = '\r'; break;
        case 't': *o++ = '\t'; break;
        case 'u': {
            int32_t cp = hex4(s, n, i);
            if (cp < 0)
                return 0;
            i += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                /* A high surrogate must be followed by a low one (UTF-16 pair). */
                if (i + 2 > n || s[i] != '\\' || s[i + 1] != 'u')
                    return 0;
                const int32_t lo = hex4(s, n, i + 2);
                if (lo < 0xDC00 || lo > 0xDFFF)
                    return 0;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                i += 6;
            } else if ((cp >= 0xDC00 && cp <= 0xDFFF) || cp == 0) {
                return 0;
            }
            o += utf8_encode(cp, o);
            break;
        }
        default: return 0;
        }
        run = i;
    }
    if (o) {
        memcpy(o, s + run, i - run);
        o += i - run;
        *str = p->out;
        *len = (size_t)(o - p->out);
        p->out = o;
    } else {
        *str = s + start;
        *len = i - start;
    }
    p->i = i + 1;
    return 1;
}

/* A number at s[i], by JSON's grammar as jansson lexes it. Exponents and very long numbers go
 * to jansson, which decides on overflow. */
static int parse_number(parser *p, jsonl_value *v)
{
    const char *const s = p->s;
    const size_t n = p->n;
    size_t i = p->i;
    const int neg = s[i] == '-';
    if (neg)
        i++;
    if (i >= n || !is_digit(s[i]))
        return 0;
    const size_t ds = i;
    if (s[i] == '0') {
        i++;
        if (i < n && is_digit(s[i]))
            return 0;
    } else {
        while (i < n && is_digit(s[i]))
            i++;
    }
    const size_t digits = i - ds;
    int real = 0;
    if (i < n && s[i] == '.') {
        i++;
        if (i >= n || !is_digit(s[i]))
            return 0;
        while (i < n && is_digit(s[i]))
            i++;
        real = 1;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E'))
        return 0;
    if (real) {
        if (digits > FAST_MAX_REAL_DIGITS)
            return 0;
        v->kind = JSONL_OTHER;
    } else {
        if (digits > FAST_MAX_INT_DIGITS)
            return 0;
        json_int_t x = 0;
        for (size_t k = ds; k < ds + digits; k++)
            x = x * 10 + (s[k] - '0');
        v->kind = JSONL_INTEGER;
        v->integer = neg ? -x : x;
    }
    p->i = i;
    return 1;
}

static int parse_literal(parser *p, const char *word, size_t len)
{
    if (p->n - p->i < len || memcmp(p->s + p->i, word, len) != 0)
        return 0;
    p->i += len;
    return 1;
}

static int parse_value(parser *p, int depth, jsonl_value *v);

/* An object or array opening at s[i]; its members are checked, not kept. */
static int parse_container(parser *p, int depth)
{
    const char close = p->s[p->i] == '{' ? '}' : ']';
    if (depth > FAST_MAX_DEPTH)
        return 0;
    p->i++;
    skip_ws(p);
    if (p->i < p->n && p->s[p->i] == close) {
        p->i++;
        return 1;
    }
    for (;;) {
        jsonl_value v;
        if (close == '}') {
            const char *key;
            size_t klen;
            if (p->i >= p->n || p->s[p->i] != '"' || !parse_string(p, &key, &klen))
                return 0;
            skip_ws(p);
            if (p->i >= p->n || p->s[p->i] != ':')
                return 0;
            p->i++;
            skip_ws(p);
        }
        if (!parse_value(p, depth + 1, &v))
            return 0;
        skip_ws(p);
        if (p->i >= p->n)
            return 0;
        if (p->s[p->i] == close) {
            p->i++;
            return 1;
        }
        if (p->s[p->i] != ',')
            return 0;
        p->i++;
        skip_ws(p);
    }
}

static int parse_value(parser *p, int depth, jsonl_value *v)
{
    if (p->i >= p->n)
        return 0;
    v->kind = JSONL_OTHER;
    switch (p->s[p->i]) {
    case '"': v->kind = JSONL_STRING; return parse_string(p, &v->s, &v->len);
    case '{':
    case '[': return parse_container(p, depth);
    case 't': return parse_literal(p, "true", 4);
    case 'f': return parse_literal(p, "false", 5);
    case 'n': return parse_literal(p, "null", 4);
    default: return parse_number(p, v);
    }
}

static int field_of(const char *key, size_t len)
{
    for (int k = 0; k < JSONL_NFIELDS; k++)
        if (field_len[k] == len && key[0] == field_keys[k][0] &&
            memcmp(field_keys[k], key, len) == 0)
            return k;
    return -1;
}

int jsonl_parse_fast(const char *line, size_t n, buf *scratch, jsonl_record *rec)
{
    memset(rec, 0, sizeof *rec);
    /* Unescaping never lengthens a string, so n bytes hold every string of the line. */
    if (scratch->cap < n + 1 && GROW(scratch->data, scratch->cap, n + 1))
        return -1;
    parser p = {line, n, 0, scratch->data};
    skip_ws(&p);
    if (p.i >= n || line[p.i] != '{')
        return 0;
    p.i++;
    for (;;) {
        skip_ws(&p);
        const char *key;
        size_t klen;
        if (p.i >= n || line[p.i] != '"' || !parse_string(&p, &key, &klen))
            return 0;
        skip_ws(&p);
        if (p.i >= n || line[p.i] != ':')
            return 0;
        p.i++;
        skip_ws(&p);
        jsonl_value v;
        if (!parse_value(&p, 2, &v))
            return 0;
        const int k = field_of(key, klen);
        if (k >= 0)
            rec->f[k] = v; /* a later duplicate replaces, as in jansson */
        skip_ws(&p);
        if (p.i >= n)
            return 0;
        if (line[p.i] == '}')
            break;
        if (line[p.i] != ',')
            return 0;
        p.i++;
    }
    p.i++;
    skip_ws(&p);
    if (p.i != n || rec->f[JSONL_TEXT].kind != JSONL_STRING)
        return 0;
    return 1;
}
