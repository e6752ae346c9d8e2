/* stopwords.c - one hash table from normalised word to the mask of languages listing it, filled
 * from the compiled-in lists and optionally a user's file (which counts for every language). */
#include "stopwords.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"
#include "utf8.h"
#include "util.h"

typedef struct sw_slot {
    const char *s; /* NULL marks an empty slot; not NUL-terminated */
    uint32_t len;
    uint32_t mask;
} sw_slot;

struct stopwords {
    sw_slot *table;
    size_t mask; /* table size - 1, a power of two */
    size_t count;
    char **owned; /* words read from files; built-in words point into stopwords_data */
    size_t nowned, capowned;
};

static size_t probe(const sw_slot *t, size_t mask, const char *s, size_t len)
{
    size_t i = (size_t)hash_str(s, len) & mask;
    while (t[i].s && !(t[i].len == len && bytes_equal(t[i].s, s, len)))
        i = (i + 1) & mask;
    return i;
}

static int grow_table(stopwords *sw)
{
    const size_t size = sw->table ? (sw->mask + 1) * 2 : 4096;
    sw_slot *const t = calloc(size, sizeof *t);
    if (!t)
        return -1;
    if (sw->table) {
        for (size_t i = 0; i <= sw->mask; i++)
            if (sw->table[i].s)
                t[probe(t, size - 1, sw->table[i].s, sw->table[i].len)] = sw->table[i];
    }
    free(sw->table);
    sw->table = t;
    sw->mask = size - 1;
    return 0;
}

/* Adds mask to word s[0..len), which must outlive the table. */
static int add_word(stopwords *sw, const char *s, size_t len, uint32_t mask)
{
    if (len == 0 || len > UINT32_MAX)
        return 0;
    if ((sw->count + 1) * 2 > sw->mask + 1 && grow_table(sw))
        return -1;
    const size_t i = probe(sw->table, sw->mask, s, len);
    if (!sw->table[i].s) {
        sw->table[i].s = s;
        sw->table[i].len = (uint32_t)len;
        sw->count++;
    }
    sw->table[i].mask |= mask;
    return 0;
}

stopwords *stopwords_new(void)
{
    stopwords *sw = calloc(1, sizeof *sw);
    if (!sw || grow_table(sw))
        goto fail;
    for (size_t k = 0; k < stopwords_data_count; k++) {
        const int idx = lang_index(stopwords_data[k].code);
        if (idx < 0 || idx >= LANG_MAX)
            continue;
        const uint32_t bit = 1u << idx;
        const char *p = stopwords_data[k].words;
        while (*p) {
            const char *const nl = strchr(p, '\n');
            const size_t n = nl ? (size_t)(nl - p) : strlen(p);
            if (add_word(sw, p, n, bit))
                goto fail;
            p += n + (nl != NULL);
        }
    }
    return sw;
fail:
    stopwords_free(sw);
    return NULL;
}

void stopwords_free(stopwords *sw)
{
    if (!sw)
        return;
    for (size_t i = 0; i < sw->nowned; i++)
        free(sw->owned[i]);
    free(sw->owned);
    free(sw->table);
    free(sw);
}

/* Normalises one line of a user's list and adds it for every language. */
static precis_status add_line(stopwords *sw, const char *line, size_t len, buf *norm)
{
    while (len && (line[len - 1] == '\n' || line[len - 1] == '\r' || line[len - 1] == ' ' ||
                   line[len - 1] == '\t'))
        len--;
    while (len && (line[0] == ' ' || line[0] == '\t'))
        line++, len--;
    if (len == 0 || line[0] == '#')
        return PRECIS_OK;
    if (utf8_normalize(line, len, norm))
        return PRECIS_ENOMEM;
    if (norm->len == 0)
        return PRECIS_OK;
    if (stopwords_mask(sw, norm->data, norm->len) == UINT32_MAX)
        return PRECIS_OK;
    char *const w = xstrndup(norm->data, norm->len);
    if (!w || GROW(sw->owned, sw->capowned, sw->nowned + 1)) {
        free(w);
        return PRECIS_ENOMEM;
    }
    sw->owned[sw->nowned++] = w;
    /* Every bit, so the word counts whatever language an article turns out to be. */
    if (add_word(sw, w, norm->len, UINT32_MAX))
        return PRECIS_ENOMEM;
    return PRECIS_OK;
}

precis_status stopwords_add_file(stopwords *sw, const char *path)
{
    precis_status st = PRECIS_OK;
    char *line = NULL;
    size_t cap = 0;
    buf norm = {0};
    FILE *f = fopen(path, "rb");
    if (!f)
        return PRECIS_EIO;
    ssize_t n;
    int first = 1;
    while ((n = getline(&line, &cap, f)) >= 0) {
        const char *p = line;
        size_t len = (size_t)n;
        /* A byte-order mark some editors write before the first word. */
        if (first && len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
            p += 3, len -= 3;
        first = 0;
        st = add_line(sw, p, len, &norm);
        if (st != PRECIS_OK)
            goto fail;
    }
    if (ferror(f))
        st = PRECIS_EIO;
fail:
    fclose(f);
    free(line);
    buf_free(&norm);
    return st;
}

uint32_t stopwords_mask(const stopwords *sw, const char *s, size_t len)
{
    if (len == 0)
        return 0;
    const sw_slot *const sl = &sw->table[probe(sw->table, sw->mask, s, len)];
    return sl->s ? sl->mask : 0;
}
