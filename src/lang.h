/* lang.h - the languages precis knows (those of the Snowball stemmers) and detection of an
 * article's language from stopword hits and script. */
#ifndef PRECIS_LANG_H
#define PRECIS_LANG_H

#include <stddef.h>
#include <stdint.h>

#define LANG_MAX 32

/* Number of languages; indexes 0..lang_count()-1 follow precis_languages() order. */
int lang_count(void);
/* Index of an ISO code or name, or -1. */
int lang_index(const char *code_or_name);
const char *lang_code(int idx);         /* "en" */
const char *lang_stemmer_name(int idx); /* libstemmer's name: "english" */

/* Scripts of words, by their first letter. */
enum {
    LANG_SCRIPT_NONE = 0, /* no letter at all */
    LANG_SCRIPT_LATIN,
    LANG_SCRIPT_GREEK,
    LANG_SCRIPT_CYRILLIC,
    LANG_SCRIPT_ARMENIAN,
    LANG_SCRIPT_HEBREW,
    LANG_SCRIPT_ARABIC,
    LANG_SCRIPT_DEVANAGARI,
    LANG_SCRIPT_TAMIL,
    LANG_SCRIPT_OTHER,
    LANG_SCRIPT_COUNT
};

/* Evidence gathered over an article's tokens: stopword hits per language and words per
 * script (by the first letter of each word). Feed tokens, then decide. */
typedef struct lang_votes {
    uint32_t stop_hits[LANG_MAX];
    uint32_t tokens;
    uint32_t script[LANG_SCRIPT_COUNT]; /* words per LANG_SCRIPT_* */
} lang_votes;

/* The LANG_SCRIPT_* of a normalised word by its first letter; a caller may keep it per term
 * and vote with lang_votes_add_script(), which is lang_votes_add() without decoding the word
 * again. */
int lang_script(const char *norm, size_t len);

/* Byte j of lang_byte_lanes[b] is bit j of b: eight bits of a stopword mask as eight counters
 * of one byte each, so that a sum of them counts hits per language without a branch per
 * language listing the word (up to 255 masks at a time). */
extern const uint64_t lang_byte_lanes[256];

static inline void lang_votes_add_script(lang_votes *v, uint32_t stop_mask, int script)
{
    v->tokens++;
    v->script[script]++;
    while (stop_mask) { /* one step per language listing the word, not per language */
        v->stop_hits[__builtin_ctz(stop_mask)]++;
        stop_mask &= stop_mask - 1;
    }
}

void lang_votes_add(lang_votes *v, uint32_t stop_mask, const char *norm, size_t len);
/* The detected language index; English when nothing tells. */
int lang_decide(const lang_votes *v);

#endif
