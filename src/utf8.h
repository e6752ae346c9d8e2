/* utf8.h - UTF-8 decoding and validation, Windows-1252 conversion, character classes and the
 * normalisation used for matching (NFKC + case folding through utf8proc). */
#ifndef PRECIS_UTF8_H
#define PRECIS_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* Decodes one code point at s[*i] (i < len), advancing *i. Invalid or truncated sequences
 * yield U+FFFD and advance one byte, so scanning always makes progress. */
int32_t utf8_decode(const char *s, size_t len, size_t *i);
/* Encodes cp into out (4 bytes room); returns the byte count. */
size_t utf8_encode(int32_t cp, char *out);
/* Byte offset of the first invalid sequence, or len when s is valid UTF-8. */
size_t utf8_validate(const char *s, size_t len);
/* Converts Windows-1252 bytes to UTF-8 into out. 0, or -1 when out of memory. */
int utf8_from_cp1252(const char *s, size_t len, buf *out);

/* Character classes (Unicode general categories via utf8proc). */
int utf8_is_letter(int32_t cp); /* L* and M* (combining marks stay inside words) */
int utf8_is_digit(int32_t cp);  /* Nd */
int utf8_is_space(int32_t cp);  /* Zs, Zl, Zp, tab, CR, LF, VT, FF, U+0085 */
int utf8_is_upper(int32_t cp);  /* Lu, Lt */
int utf8_is_lower(int32_t cp);  /* Ll */

/* Normalises s[0..len) for matching: NFKC, case folding, curly apostrophes (U+2019, U+02BC)
 * to ', Unicode hyphens (U+2010, U+2011) to -, and soft hyphens dropped. ASCII takes a fast
 * path that only lowercases. Replaces out's contents. 0, or -1 when out of memory. */
int utf8_normalize(const char *s, size_t len, buf *out);

#endif
