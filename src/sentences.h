/* sentences.h - the rule-based sentence segmenter: abbreviations per language, initials,
 * decimals, ellipses, quotes and brackets, list items and lines without final punctuation. */
#ifndef PRECIS_SENTENCES_H
#define PRECIS_SENTENCES_H

#include <stddef.h>

#include "precis.h"

/* Splits each paragraph span of text into sentences, appended to *out (a malloc'd array of
 * *n elements, capacity *cap; the caller frees *out). A sentence never crosses a paragraph;
 * start/end are trimmed of white space; paragraph is the index into paras; first_token and
 * token_count are left 0. lang is an ISO code ("en", "ru", ...) choosing the abbreviation
 * list; NULL or unknown means English rules. Returns PRECIS_OK or PRECIS_ENOMEM. */
precis_status sentences_split(const char *text, const precis_span *paras, size_t npara,
                              const char *lang, precis_sentence **out, size_t *n, size_t *cap);

#endif
