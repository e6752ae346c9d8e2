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
const char *lang_code(int idx);          /* "en" */
const char *lang_stemmer_name(int idx);  /* libstemmer's name: "english" */

/* Evidence gathered over an article's tokens: stopword hits per language and words per
 * script (by the first letter of each word). Feed tokens, then decide. */
typedef struct lang_votes {
    uint32_t stop_hits[LANG_MAX];
    uint32_t tokens;
    uint32_t latin, cyrillic, greek, arabic, armenian, devanagari, tamil, hebrew, other;
} lang_votes;

void lang_votes_add(lang_votes *v, uint32_t stop_mask, const char *norm, size_t len);
/* The script of a normalised word by its first letter, or LANG_SCRIPT_NONE when it has no
 * letter; a caller may keep it per term and vote with lang_votes_add_script(), which is
 * lang_votes_add() without decoding the word again. */
enum {
    LANG_SCRIPT_NONE = 0,
    LANG_SCRIPT_LATIN,
    LANG_SCRIPT_GREEK,
    LANG_SCRIPT_CYRILLIC,
    LANG_SCRIPT_ARMENIAN,
    LANG_SCRIPT_HEBREW,
    LANG_SCRIPT_ARABIC,
    LANG_SCRIPT_DEVANAGARI,
    LANG_SCRIPT_TAMIL,
    LANG_SCRIPT_OTHER
};
int lang_script(const char *norm, size_t len);
void lang_votes_add_script(lang_votes *v, uint32_t stop_mask, int script);
/* The detected language index; English when nothing tells. */
int lang_decide(const lang_votes *v);

#endif
