/* lang.c - the languages precis knows (one per Snowball stemmer, "porter" left out as a second
 * English) and the detection of an article's language from its script and stopword hits. */
#include "lang.h"

#include <stdint.h>

#include "precis.h"
#include "utf8.h"

typedef struct lang_info {
    const char *code, *name;
    char script; /* 'L' Latin (stopwords decide), 'C' Cyrillic, 'X' another script */
} lang_info;

/* Sorted by ISO 639-1 code; the index into this table is the language index everywhere. The
 * English name is also libstemmer's algorithm name. */
static const lang_info langs[] = {
    {"ar", "arabic", 'X'},    {"ca", "catalan", 'L'},    {"da", "danish", 'L'},
    {"de", "german", 'L'},    {"el", "greek", 'X'},      {"en", "english", 'L'},
    {"es", "spanish", 'L'},   {"eu", "basque", 'L'},     {"fi", "finnish", 'L'},
    {"fr", "french", 'L'},    {"ga", "irish", 'L'},      {"hi", "hindi", 'X'},
    {"hu", "hungarian", 'L'}, {"hy", "armenian", 'X'},   {"id", "indonesian", 'L'},
    {"it", "italian", 'L'},   {"lt", "lithuanian", 'L'}, {"ne", "nepali", 'X'},
    {"nl", "dutch", 'L'},     {"no", "norwegian", 'L'},  {"pt", "portuguese", 'L'},
    {"ro", "romanian", 'L'},  {"ru", "russian", 'C'},    {"sr", "serbian", 'L'},
    {"sv", "swedish", 'L'},   {"ta", "tamil", 'X'},      {"tr", "turkish", 'L'},
    {"yi", "yiddish", 'X'},
};
#define NLANGS (sizeof langs / sizeof langs[0])

static const char *const codes[NLANGS + 1] = {
    "ar", "ca", "da", "de", "el", "en", "es", "eu", "fi", "fr", "ga", "hi", "hu", "hy", "id",
    "it", "lt", "ne", "nl", "no", "pt", "ro", "ru", "sr", "sv", "ta", "tr", "yi", NULL,
};

int lang_count(void)
{
    return (int)NLANGS;
}

static int ascii_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int equal_nocase(const char *a, const char *b)
{
    while (*a && *b && ascii_lower((unsigned char)*a) == ascii_lower((unsigned char)*b))
        a++, b++;
    return *a == '\0' && *b == '\0';
}

int lang_index(const char *code_or_name)
{
    if (!code_or_name)
        return -1;
    for (size_t i = 0; i < NLANGS; i++)
        if (equal_nocase(code_or_name, langs[i].code) || equal_nocase(code_or_name, langs[i].name))
            return (int)i;
    return -1;
}

const char *lang_code(int idx)
{
    return idx >= 0 && (size_t)idx < NLANGS ? langs[idx].code : NULL;
}

const char *lang_stemmer_name(int idx)
{
    return idx >= 0 && (size_t)idx < NLANGS ? langs[idx].name : NULL;
}

const char *const *precis_languages(void)
{
    return codes;
}

const char *precis_language_code(const char *name)
{
    return lang_code(lang_index(name));
}

const char *precis_language_name(const char *code)
{
    return lang_stemmer_name(lang_index(code));
}

#define LANE(b, j) ((uint64_t)(((b) >> (j)) & 1) << (8 * (j)))
#define LANES(b)                                                                                   \
    (LANE(b, 0) | LANE(b, 1) | LANE(b, 2) | LANE(b, 3) | LANE(b, 4) | LANE(b, 5) | LANE(b, 6) |    \
     LANE(b, 7))
#define LANES4(b) LANES(b), LANES((b) + 1), LANES((b) + 2), LANES((b) + 3)
#define LANES16(b) LANES4(b), LANES4((b) + 4), LANES4((b) + 8), LANES4((b) + 12)
#define LANES64(b) LANES16(b), LANES16((b) + 16), LANES16((b) + 32), LANES16((b) + 48)
const uint64_t lang_byte_lanes[256] = {LANES64(0), LANES64(64), LANES64(128), LANES64(192)};
#undef LANES64
#undef LANES16
#undef LANES4
#undef LANES
#undef LANE

/* A letter's script by Unicode block. */
static int script_of(int32_t cp)
{
    if (cp < 0x250 || (cp >= 0x1E00 && cp <= 0x1EFF))
        return LANG_SCRIPT_LATIN;
    if (cp >= 0x370 && cp <= 0x3FF)
        return LANG_SCRIPT_GREEK;
    if (cp >= 0x400 && cp <= 0x52F)
        return LANG_SCRIPT_CYRILLIC;
    if (cp >= 0x530 && cp <= 0x58F)
        return LANG_SCRIPT_ARMENIAN;
    if (cp >= 0x590 && cp <= 0x5FF)
        return LANG_SCRIPT_HEBREW;
    if ((cp >= 0x600 && cp <= 0x6FF) || (cp >= 0x750 && cp <= 0x77F) ||
        (cp >= 0x8A0 && cp <= 0x8FF) || (cp >= 0xFB50 && cp <= 0xFDFF) ||
        (cp >= 0xFE70 && cp <= 0xFEFF))
        return LANG_SCRIPT_ARABIC;
    if (cp >= 0x900 && cp <= 0x97F)
        return LANG_SCRIPT_DEVANAGARI;
    if (cp >= 0xB80 && cp <= 0xBFF)
        return LANG_SCRIPT_TAMIL;
    if (cp >= 0x1F00 && cp <= 0x1FFF)
        return LANG_SCRIPT_GREEK;
    return LANG_SCRIPT_OTHER;
}

int lang_script(const char *norm, size_t len)
{
    /* A word is written in one script: its first letter tells which, so a word costs one
     * decode, not one per letter. */
    for (size_t i = 0; i < len;) {
        const unsigned char c = (unsigned char)norm[i];
        if (c < 0x80) {
            if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
                return LANG_SCRIPT_LATIN;
            i++;
            continue;
        }
        const int32_t cp = utf8_decode(norm, len, &i);
        /* Combining marks count with their base letter's script, so only letters proper. */
        if (utf8_is_letter(cp))
            return script_of(cp);
    }
    return LANG_SCRIPT_NONE;
}

void lang_votes_add(lang_votes *v, uint32_t stop_mask, const char *norm, size_t len)
{
    lang_votes_add_script(v, stop_mask, lang_script(norm, len));
}

/* The language with most stopword hits among those of script s; on ties `first` wins, then the
 * lower index. -1 when none has a hit. */
static int best_by_stopwords(const lang_votes *v, char s, int first)
{
    int best = -1;
    uint32_t most = 0;
    if (first >= 0 && v->stop_hits[first] > 0) {
        best = first;
        most = v->stop_hits[first];
    }
    for (size_t i = 0; i < NLANGS; i++) {
        if (langs[i].script != s)
            continue;
        if (v->stop_hits[i] > most) {
            most = v->stop_hits[i];
            best = (int)i;
        }
    }
    return best;
}

#define LANG_MIN_STOP_PERCENT 15

int lang_decide(const lang_votes *v)
{
    const int en = lang_index("en");
    /* The script with most letters decides first: most of these languages are the only one
     * here written in their script. */
    const uint32_t counts[] = {v->script[LANG_SCRIPT_LATIN],    v->script[LANG_SCRIPT_CYRILLIC],
                               v->script[LANG_SCRIPT_GREEK],    v->script[LANG_SCRIPT_ARABIC],
                               v->script[LANG_SCRIPT_ARMENIAN], v->script[LANG_SCRIPT_DEVANAGARI],
                               v->script[LANG_SCRIPT_TAMIL],    v->script[LANG_SCRIPT_HEBREW]};
    const char *const script_lang[] = {NULL, "ru", "el", "ar", "hy", "hi", "ta", "yi"};
    size_t top = 0;
    for (size_t i = 1; i < sizeof counts / sizeof counts[0]; i++)
        if (counts[i] > counts[top])
            top = i;
    if (counts[top] == 0)
        return en;
    if (top == 1) {
        /* Serbian is also written in Cyrillic: it takes over only when its stopwords clearly
         * outnumber Russian ones (half as many again, and at least three). */
        const int ru = lang_index("ru"), sr = lang_index("sr");
        if (v->stop_hits[sr] >= 3 && v->stop_hits[sr] * 2 > v->stop_hits[ru] * 3)
            return sr;
        return ru;
    }
    if (top == 5) {
        const int hi = lang_index("hi"), ne = lang_index("ne");
        return v->stop_hits[ne] > v->stop_hits[hi] ? ne : hi;
    }
    if (top > 0)
        return lang_index(script_lang[top]);
    /* Another Latin-script language needs real evidence over English: at least three
     * stopword hits and two more than English has. One stray hit ("net" is a Lithuanian
     * particle) must not turn an English earnings brief ("Shr 1.40 vs 1.10 Net 16.4 mln")
     * into Lithuanian; a real article has dozens of hits. Function words make a third or
     * more of running text in every language here, so a language whose stopwords are under
     * LANG_MIN_STOP_PERCENT of the tokens is not the text's language (tables of figures
     * repeat one "Net" many times). */
    const int best = best_by_stopwords(v, 'L', en);
    if (best < 0 || best == en || v->stop_hits[best] < 3 ||
        v->stop_hits[best] < v->stop_hits[en] + 2 ||
        (uint64_t)v->stop_hits[best] * 100 < (uint64_t)v->tokens * LANG_MIN_STOP_PERCENT)
        return en;
    return best;
}
