/* article.h - the article record shared by the reader and the pipeline, and the parsers of
 * front matter, datelines and dates that the reader uses. */
#ifndef PRECIS_ARTICLE_H
#define PRECIS_ARTICLE_H

#include <stddef.h>

#include "precis.h"

/* A block the reader packs texts into (util.h). */
typedef struct shared_block shared_block;

struct precis_article {
    char *id, *path, *title, *place, *agency, *lang; /* owned; NULL when absent but id/path */
    precis_date date;
    size_t line; /* JSON Lines line number, 0 for plain text */
    char *text;  /* owned UTF-8, NUL-terminated */
    size_t len;
    shared_block *block; /* holding text, or NULL when text is malloc()'d */
    /* Holding the article itself, its strings and paragraphs (keep_article()), or NULL when
     * each of them is malloc()'d. */
    shared_block *kept;
    precis_span body;
    precis_span *paras; /* owned */
    size_t npara;
};

/* Recognises a dateline at the start of s[0..len): "MINSK, 7 June (BelTA) - ",
 * "SALVADOR, Feb 26 - ", "WASHINGTON (AP) - ", "(CNN)", "LONDON (Reuters) -". Returns the
 * number of bytes it covers (including the separator and following space), or 0 when there
 * is none. place/agency get malloc'd strings or NULL (caller frees); date gets what the
 * dateline holds, with default_year filling a missing year when non-zero. */
size_t dateline_parse(const char *s, size_t len, int default_year, char **place, char **agency,
                      precis_date *date);

/* Splits text[body.start..body.end) into paragraphs: a blank line (only white space) ends
 * one, and so does a line that starts indented after a line that did not (Reuters layout).
 * *out is malloc'd (caller frees). PRECIS_OK or PRECIS_ENOMEM. */
precis_status paragraphs_split(const char *text, precis_span body, precis_span **out, size_t *n);

#endif
