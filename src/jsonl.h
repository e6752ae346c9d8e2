/* jsonl.h - the fields precis takes from a JSON record, read either from a jansson tree or by a
 * strict fast path straight from one JSON Lines line. jansson stays the reference parser: the
 * fast path accepts only lines it fully understands, with the values jansson would give. */
#ifndef PRECIS_JSONL_H
#define PRECIS_JSONL_H

#include <stddef.h>

#include <jansson.h>

#include "util.h"

typedef enum jsonl_kind {
    JSONL_ABSENT = 0, /* no such key */
    JSONL_STRING,
    JSONL_INTEGER,
    JSONL_OTHER /* a real, true, false, null, array or object */
} jsonl_kind;

typedef struct jsonl_value {
    jsonl_kind kind;
    const char *s; /* JSONL_STRING: len bytes, no NUL among them; borrowed */
    size_t len;
    json_int_t integer; /* JSONL_INTEGER */
} jsonl_value;

/* The keys a record may give (the last of duplicate keys wins, as in jansson). */
enum {
    JSONL_TEXT,
    JSONL_ID,
    JSONL_TITLE,
    JSONL_LANG,
    JSONL_PLACE,
    JSONL_AGENCY,
    JSONL_DATE,
    JSONL_DATELINE,
    JSONL_NFIELDS
};

typedef struct jsonl_record {
    jsonl_value f[JSONL_NFIELDS];
} jsonl_record;

/* The fields of a jansson value (any type; an object's strings are borrowed from it). */
void jsonl_from_json(const json_t *root, jsonl_record *rec);

/* Reads line[0..n) when it is a JSON object whose "text" is a string and every part of it is
 * of the plain kinds the fast path knows; then returns 1 with rec filled, its strings borrowed
 * from line or from scratch (valid until scratch or line change). Returns 0 when jansson must
 * decide (anything unusual, and every invalid line, so errors keep jansson's messages), -1
 * when out of memory. Whatever it accepts, json_loadb() accepts with the same fields. */
int jsonl_parse_fast(const char *line, size_t n, buf *scratch, jsonl_record *rec);

#endif
