/* keywords.h - tuning constants of the keyword scorer, shared with its tests and the quality
 * harness so both can say which prior they exercise. */
#ifndef PRECIS_KEYWORDS_H
#define PRECIS_KEYWORDS_H

#include "precis.h"

/* Longest phrase the extractor will build, in words. */
#define KEYWORDS_MAX_WORDS 5
#define KEYWORDS_DEFAULT_K 10
#define KEYWORDS_DEFAULT_WORDS 3

#endif
