/* stopwords.h - stopword lists of every language, compiled in from stopwords/<lang>.txt.
 * One table maps a normalised word to a bit mask of the languages that list it, so one look-up
 * serves both stopword flags and language detection. */
#ifndef PRECIS_STOPWORDS_H
#define PRECIS_STOPWORDS_H

#include <stddef.h>
#include <stdint.h>

#include "precis.h"

typedef struct stopwords stopwords;

/* Loads the built-in lists of every language in lang_index() order. NULL when out of memory. */
stopwords *stopwords_new(void);
void stopwords_free(stopwords *sw);
/* Adds the words of a file (UTF-8, one a line, '#' comments) for every language; each is
 * normalised with utf8_normalize(). PRECIS_EIO when unreadable. */
precis_status stopwords_add_file(stopwords *sw, const char *path);
/* Bit i set when language i (lang_index order) lists the normalised word s[0..len). */
uint32_t stopwords_mask(const stopwords *sw, const char *s, size_t len);

/* The embedded lists, generated at build time from stopwords/<code>.txt (comments dropped):
 * one entry a file, words separated by '\n'. */
typedef struct stopwords_entry {
    const char *code;
    const char *words;
} stopwords_entry;
extern const stopwords_entry stopwords_data[];
extern const size_t stopwords_data_count;

#endif
