/* article.c - the reader: walks files, directories and standard input, decodes plain text
 * (BOM, CRLF, Windows-1252) and streams JSON Lines, then finds front matter, the title line,
 * the dateline and the paragraphs of each article. Also the article accessors. */
/* d_type in directory entries (DT_REG, DT_DIR) saves an lstat() a file; where it is missing
 * or DT_UNKNOWN the walk asks lstat() as POSIX has it. */
#define _DEFAULT_SOURCE
#include "article.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "jsonl.h"
#include "utf8.h"
#include "util.h"

/* A first line longer than this is a paragraph, not a headline. */
#define TITLE_MAX 200
/* ... and a line ending in ? ! or an ellipsis longer than this is a question in the text. */
#define TITLE_SOFT_MAX 100
/* No hard-wrapped text has lines this long (wire copy wraps near 65-80 columns). */
#define UNWRAPPED_MIN 160
/* Where JSON Lines files are probed for NUL bytes before streaming (like grep and git). */
#define BINARY_PROBE 8192

typedef struct input {
    char *path;
    size_t root; /* offset in path of the name relative to a walked directory; 0 = basename */
    char *data;  /* owned bytes of a memory input, else NULL */
    size_t len;
    int mem;
    int regular; /* found by walking a directory as a regular file: no need to stat it again */
} input;

/* The JSON Lines file being streamed: one record a call, never the whole file in memory. */
typedef struct line_src {
    int active;
    FILE *f;
    int close_f;
    char *mem; /* owned bytes of a memory input */
    size_t memlen, mempos;
    char *path, *idbase;
    size_t line;
    char *lbuf;        /* bytes read from f: lines are found in place, not copied out */
    size_t lcap;       /* its size */
    size_t lpos, lend; /* the bytes not yet returned */
    int at_eof;
    int blocks;  /* f is a regular file, read in large blocks; else a line at a time */
    json_t *doc; /* a whole .json document holding an array of records, else NULL */
    buf scratch; /* unescaped strings of the line the fast path read */
} line_src;

struct precis_reader {
    precis_read_options opts;
    input *items;
    size_t nitems, citems, pos;
    line_src js;
    buf err;
    char **warn;
    size_t nwarn, cwarn, whead;
    char *popped;
    /* The directory of the last file a walk found, kept open: the files after it in the same
     * directory are opened relative to it (see open_found()). */
    int dir_fd; /* -1 when none */
    char *dir;
    size_t dir_len;
    shared_block *block; /* where the next article's text goes; NULL before the first */
};

/* Texts read from files and JSON Lines records are packed one after another into shared
 * blocks (util.h), as the pipeline packs docs' tokens: a caller who keeps every article of a
 * corpus (the two-pass commands: 3 MB of texts for BBC) has them in memory mapped with huge
 * pages where the system has them, not in a fresh 4 KiB page, and a page fault, every article
 * or two. The first block is small: a program that frees each article before reading the next
 * only ever reuses it. */
#define TEXT_FIRST_BLOCK ((size_t)64 << 10)
#define TEXT_BLOCK ((size_t)2 << 20)
#define TEXT_BLOCK_MAX (TEXT_BLOCK / 4) /* longer texts are malloc()'d: less room wasted */

/* Room for n bytes at an offset a multiple of align (a power of two, 16 at most) in the
 * reader's block, the block (one more reference) in *held; NULL and *held NULL when the bytes
 * are to be malloc()'d: no reader, too many bytes, or no memory for a new block. */
static char *block_room(precis_reader *r, size_t n, size_t align, shared_block **held)
{
    *held = NULL;
    size_t room;
    char *p;
    if (!r || n > TEXT_BLOCK_MAX ||
        !(p = shared_block_take(&r->block, n, align, TEXT_FIRST_BLOCK, TEXT_BLOCK, &room)))
        return NULL;
    shared_block_use(r->block, n);
    *held = r->block;
    return p;
}

/* Room for n bytes of text in the reader's block (block_room()). */
static char *text_room(precis_reader *r, size_t n, shared_block **held)
{
    return block_room(r, n, 1, held);
}

/* Gives back raw text that no article took: its block's reference, or the malloc()'d bytes. */
static void raw_free(char *raw, shared_block *held)
{
    if (held)
        shared_block_release(held);
    else
        free(raw);
}

/* ---- small helpers ---------------------------------------------------------------------- */

static int is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

/* Fixed English text for the errno values a reader meets, so messages never depend on the
 * locale. */
static const char *errno_text(int e)
{
    switch (e) {
    case ENOENT: return "No such file or directory";
    case EACCES: return "Permission denied";
    case EISDIR: return "Is a directory";
    case ENOTDIR: return "Not a directory";
    case ELOOP: return "Too many levels of symbolic links";
    case EMFILE: return "Too many open files";
    case ENFILE: return "Too many open files in system";
    case ENAMETOOLONG: return "File name too long";
    case ENOMEM: return "Out of memory";
    case EIO: return "Input/output error";
    case EFBIG: return "larger than the 4 GiB an article may have";
    default: return "cannot be read";
    }
}

static void set_error(precis_reader *r, const char *path, size_t line, const char *reason,
                      const char *detail)
{
    r->err.len = 0;
    char num[32] = "";
    if (line)
        snprintf(num, sizeof num, ":%zu", line);
    /* Best effort: when memory is short the message is simply left shorter. */
    if (buf_append(&r->err, path, strlen(path)) || buf_append(&r->err, num, strlen(num)) ||
        buf_append(&r->err, ": ", 2) || buf_append(&r->err, reason, strlen(reason)))
        return;
    if (detail)
        buf_append(&r->err, detail, strlen(detail));
}

static precis_status push_warning(precis_reader *r, const char *path, size_t line,
                                  const char *reason)
{
    buf w = {0};
    char num[48] = "";
    if (line)
        snprintf(num, sizeof num, ":%zu", line);
    if (buf_append(&w, path, strlen(path)) || buf_append(&w, num, strlen(num)) ||
        buf_append(&w, ": ", 2) || buf_append(&w, reason, strlen(reason)))
        goto fail;
    if (GROW(r->warn, r->cwarn, r->nwarn + 1))
        goto fail;
    r->warn[r->nwarn++] = buf_detach(&w);
    return PRECIS_OK;
fail:
    buf_free(&w);
    return PRECIS_ENOMEM;
}

static int has_ext(const char *path, const char *ext)
{
    const size_t n = strlen(path), e = strlen(ext);
    if (n <= e)
        return 0;
    for (size_t i = 0; i < e; i++) {
        char c = path[n - e + i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if (c != ext[i])
            return 0;
    }
    return 1;
}

static int is_jsonl_name(const char *path)
{
    return has_ext(path, ".jsonl") || has_ext(path, ".json");
}

/* The article id from a path: relative to the walked directory (or the base name) without
 * the extension, so "articles/business/001.txt" walked from "articles" is "business/001". */
static char *id_from_path(const char *path, size_t root)
{
    const char *s = path + root;
    if (root == 0) {
        const char *slash = strrchr(path, '/');
        s = slash ? slash + 1 : path;
    }
    while (*s == '/')
        s++;
    size_t n = strlen(s);
    const char *slash = strrchr(s, '/');
    const char *base = slash ? slash + 1 : s;
    const char *dot = strrchr(base, '.');
    if (dot && dot > base)
        n = (size_t)(dot - s);
    if (n == 0)
        return xstrndup(path, strlen(path));
    return xstrndup(s, n);
}

static int month_len(int year, int month)
{
    static const int days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && year && !((year % 4 == 0 && year % 100 != 0) || year % 400 == 0))
        return 28;
    return days[month - 1];
}

/* The explicit date (JSON field, front matter) wins; the dateline only fills what it lacks,
 * and only when the two agree on what both know. */
static void merge_date(precis_date *d, const precis_date *dl)
{
    precis_date m = *d;
    if (!m.month) {
        if (m.year && dl->year && m.year != dl->year)
            return;
        m.month = dl->month;
        m.day = dl->day;
        if (!m.year)
            m.year = dl->year;
    } else if (m.month == dl->month) {
        if (m.year && dl->year && m.year != dl->year)
            return;
        if (!m.day)
            m.day = dl->day;
        if (!m.year)
            m.year = dl->year;
    } else {
        return;
    }
    if (m.month && m.day && m.day > month_len(m.year, m.month))
        return;
    *d = m;
}

/* ---- paragraphs ------------------------------------------------------------------------- */

static int line_blank(const char *s, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        if (!is_ws(s[i]))
            return 0;
    return 1;
}

static int add_para(const char *text, size_t a, size_t b, precis_span **out, size_t *n, size_t *cap)
{
    while (a < b && is_ws(text[a]))
        a++;
    while (b > a && is_ws(text[b - 1]))
        b--;
    if (a == b)
        return 0;
    if (GROW(*out, *cap, *n + 1))
        return -1;
    (*out)[*n].start = a;
    (*out)[*n].end = b;
    (*n)++;
    return 0;
}

precis_status paragraphs_split(const char *text, precis_span body, precis_span **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (body.end <= body.start)
        return PRECIS_OK;
    /* First pass: does the text mark paragraphs by indenting their first line (Reuters)?
     * Only when indented lines follow text lines, unindented continuation lines exist too
     * (else everything is indented, like a quoted block) and indents outnumber blank lines. */
    /* The first lines' ends and blankness are kept for the second pass, which then need not
     * look for them again (a news article rarely has more). */
    enum { KEPT_LINES = 256 };
    struct {
        size_t end;
        int blank;
    } kept[KEPT_LINES];
    size_t nkept = 0;
    size_t blank_breaks = 0, indented = 0, continued = 0;
    int prev_text = 0;
    for (size_t ls = body.start; ls < body.end;) {
        const char *nl = memchr(text + ls, '\n', body.end - ls);
        const size_t le = nl ? (size_t)(nl - text) : body.end;
        const int blank = line_blank(text, ls, le);
        if (nkept < KEPT_LINES) {
            kept[nkept].end = le;
            kept[nkept++].blank = blank;
        }
        if (blank) {
            if (prev_text)
                blank_breaks++;
            prev_text = 0;
        } else {
            if (prev_text) {
                if (text[ls] == ' ' || text[ls] == '\t')
                    indented++;
                else
                    continued++;
            }
            prev_text = 1;
        }
        ls = le + 1;
    }
    const int indent_marks = indented > 0 && continued > 0 && indented >= blank_breaks;

    precis_span *paras = NULL;
    size_t np = 0, cap = 0;
    size_t ps = 0, pe = 0;
    int open = 0;
    for (size_t ls = body.start, li = 0; ls < body.end; li++) {
        size_t le;
        int blank;
        if (li < nkept) {
            le = kept[li].end;
            blank = kept[li].blank;
        } else {
            const char *nl = memchr(text + ls, '\n', body.end - ls);
            le = nl ? (size_t)(nl - text) : body.end;
            blank = line_blank(text, ls, le);
        }
        if (blank) {
            if (open && add_para(text, ps, pe, &paras, &np, &cap))
                goto fail;
            open = 0;
        } else {
            if (open && indent_marks && (text[ls] == ' ' || text[ls] == '\t')) {
                if (add_para(text, ps, pe, &paras, &np, &cap))
                    goto fail;
                open = 0;
            }
            if (!open) {
                ps = ls;
                open = 1;
            }
            pe = le;
        }
        ls = le + 1;
    }
    if (open && add_para(text, ps, pe, &paras, &np, &cap))
        goto fail;
    *out = paras;
    *n = np;
    return PRECIS_OK;
fail:
    free(paras);
    return PRECIS_ENOMEM;
}

/* ---- front matter, title, dateline ------------------------------------------------------ */

/* How the line s[a..b) (trimmed) ends, past closing quotes and brackets: 0 not like a
 * sentence, 1 with a full stop, 2 with ? ! or an ellipsis (headlines may end so). */
static int sentence_end(const char *s, size_t a, size_t b)
{
    for (;;) {
        if (b <= a)
            return 0;
        const unsigned char c = (unsigned char)s[b - 1];
        if (c == '"' || c == '\'' || c == ')') {
            b--;
            continue;
        }
        if (b - a >= 3 && (unsigned char)s[b - 3] == 0xE2 && (unsigned char)s[b - 2] == 0x80 &&
            (c == 0x9D || c == 0x99)) { /* closing curly quotes */
            b -= 3;
            continue;
        }
        if (b - a >= 2 && (unsigned char)s[b - 2] == 0xC2 && c == 0xBB) { /* guillemet */
            b -= 2;
            continue;
        }
        if (c == '.')
            return b - a >= 3 && s[b - 2] == '.' && s[b - 3] == '.' ? 2 : 1;
        if (c == '!' || c == '?')
            return 2;
        if (b - a >= 3 && (unsigned char)s[b - 3] == 0xE2 && (unsigned char)s[b - 2] == 0x80 &&
            c == 0xA6) /* ellipsis */
            return 2;
        return 0;
    }
}

static size_t line_end(const char *s, size_t len, size_t i)
{
    const char *nl = memchr(s + i, '\n', len - i);
    return nl ? (size_t)(nl - s) : len;
}

static char *dup_trimmed(const char *s, size_t a, size_t b)
{
    while (a < b && is_ws(s[a]))
        a++;
    while (b > a && is_ws(s[b - 1]))
        b--;
    /* YAML-style quoting of a value. */
    if (b - a >= 2 && (s[a] == '"' || s[a] == '\'') && s[b - 1] == s[a]) {
        a++;
        b--;
    }
    return xstrndup(s + a, b - a);
}

static int set_field(char **field, const char *s, size_t a, size_t b)
{
    char *v = dup_trimmed(s, a, b);
    if (!v)
        return -1;
    if (!*v) {
        free(v);
        return 0;
    }
    free(*field);
    *field = v;
    return 0;
}

/* Front matter: a first line "---", then "key: value" lines, then "---". Recognised keys
 * fill the article; unknown ones are ignored. *pos moves past it when it is complete. */
static precis_status front_matter(precis_reader *r, precis_article *a, size_t *pos)
{
    const char *t = a->text;
    const size_t len = a->len;
    size_t first = line_end(t, len, 0);
    if (first >= len || !(first == 3 || (first == 4 && t[3] == '\r')) || memcmp(t, "---", 3))
        return PRECIS_OK;
    /* Find the closing line first, so that an unclosed block stays text. */
    size_t close = 0;
    for (size_t ls = first + 1; ls < len;) {
        const size_t le = line_end(t, len, ls);
        size_t e = le;
        while (e > ls && is_ws(t[e - 1]))
            e--;
        if (e - ls == 3 && memcmp(t + ls, "---", 3) == 0) {
            close = ls;
            break;
        }
        ls = le + 1;
    }
    if (!close)
        return PRECIS_OK;
    size_t lineno = 1;
    for (size_t ls = first + 1; ls < close;) {
        const size_t le = line_end(t, len, ls);
        lineno++;
        const char *colon = memchr(t + ls, ':', le - ls);
        if (colon) {
            const size_t c = (size_t)(colon - t);
            size_t ks = ls, ke = c;
            while (ks < ke && is_ws(t[ks]))
                ks++;
            while (ke > ks && is_ws(t[ke - 1]))
                ke--;
            char key[16];
            const size_t kn = ke - ks;
            if (kn > 0 && kn < sizeof key) {
                for (size_t k = 0; k < kn; k++) {
                    const char ch = t[ks + k];
                    key[k] = (ch >= 'A' && ch <= 'Z') ? (char)(ch + 32) : ch;
                }
                key[kn] = '\0';
                int bad = 0;
                if (!strcmp(key, "title"))
                    bad = set_field(&a->title, t, c + 1, le);
                else if (!strcmp(key, "lang") || !strcmp(key, "language"))
                    bad = set_field(&a->lang, t, c + 1, le);
                else if (!strcmp(key, "id"))
                    bad = set_field(&a->id, t, c + 1, le);
                else if (!strcmp(key, "place"))
                    bad = set_field(&a->place, t, c + 1, le);
                else if (!strcmp(key, "agency"))
                    bad = set_field(&a->agency, t, c + 1, le);
                else if (!strcmp(key, "date")) {
                    char *v = dup_trimmed(t, c + 1, le);
                    if (!v)
                        return PRECIS_ENOMEM;
                    if (*v && precis_date_parse(v, strlen(v), &a->date) != PRECIS_OK &&
                        push_warning(r, a->path, lineno, "date in front matter not understood")) {
                        free(v);
                        return PRECIS_ENOMEM;
                    }
                    free(v);
                }
                if (bad)
                    return PRECIS_ENOMEM;
            }
        }
        ls = le + 1;
    }
    *pos = line_end(t, len, close);
    if (*pos < len)
        (*pos)++;
    return PRECIS_OK;
}

/* Whether line [ls, le) is a whole paragraph on one line: longer than hard-wrapped text ever
 * makes a line, starting with a capital, digit or opening quote. */
static int unwrapped_paragraph(const char *t, size_t ls, size_t le)
{
    if (ls < le && (t[ls] == ' ' || t[ls] == '\t'))
        return 0; /* indented: the Reuters layout, where line 1 is part of a paragraph */
    if (le - ls < UNWRAPPED_MIN)
        return 0;
    const unsigned char c = (unsigned char)t[ls];
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '"' || c == '\'' || c >= 0x80;
}

/* The BBC layout: a short first line that does not end like a sentence, then a blank line
 * (or a paragraph on one long line). */
static precis_status find_title(precis_article *a, size_t *pos)
{
    const char *t = a->text;
    const size_t len = a->len;
    size_t ls = *pos;
    for (;;) { /* skip blank lines */
        if (ls >= len)
            return PRECIS_OK;
        const size_t le = line_end(t, len, ls);
        if (!line_blank(t, ls, le))
            break;
        ls = le + 1;
    }
    const size_t le = line_end(t, len, ls);
    if (le + 1 >= len)
        return PRECIS_OK;
    const size_t ne = line_end(t, len, le + 1);
    /* Scraped news often puts the headline on line 1 and each paragraph on one long line
     * with no blank line between (KPCrowd): a following line longer than any hard-wrapped
     * line that starts like a sentence marks line 1 as a title too. */
    if (!line_blank(t, le + 1, ne) && !unwrapped_paragraph(t, le + 1, ne))
        return PRECIS_OK;
    size_t a0 = ls, b = le;
    while (a0 < b && is_ws(t[a0]))
        a0++;
    while (b > a0 && is_ws(t[b - 1]))
        b--;
    /* A full stop means a sentence; a question or an ellipsis is allowed in a short line,
     * as BBC headlines do ("Could rivalry overshadow election?"). */
    const int end = sentence_end(t, a0, b);
    if (b - a0 > TITLE_MAX || end == 1 || (end == 2 && b - a0 > TITLE_SOFT_MAX))
        return PRECIS_OK;
    int letters = 0;
    for (size_t i = a0; i < b && !letters; i++) {
        const unsigned char c = (unsigned char)t[i];
        letters = c >= 0x80 || ((c | 32) >= 'a' && (c | 32) <= 'z') || (c >= '0' && c <= '9');
    }
    if (!letters)
        return PRECIS_OK;
    if (!(a->title = xstrndup(t + a0, b - a0)))
        return PRECIS_ENOMEM;
    *pos = le + 1;
    return PRECIS_OK;
}

/* Dateline, body span and paragraphs, from *pos on. */
static precis_status finish_article(const precis_reader *r, precis_article *a, size_t pos)
{
    const char *t = a->text;
    while (pos < a->len && is_ws(t[pos]))
        pos++;
    char *place = NULL, *agency = NULL;
    precis_date dd;
    const size_t n =
        dateline_parse(t + pos, a->len - pos, r->opts.default_year, &place, &agency, &dd);
    if (n) {
        pos += n;
        if (!a->place) {
            a->place = place;
            place = NULL;
        }
        if (!a->agency) {
            a->agency = agency;
            agency = NULL;
        }
        merge_date(&a->date, &dd);
    }
    free(place);
    free(agency);
    size_t end = a->len;
    while (end > pos && is_ws(t[end - 1]))
        end--;
    a->body.start = pos;
    a->body.end = end;
    return paragraphs_split(t, a->body, &a->paras, &a->npara);
}

/* Moves a's struct, strings and paragraph array from malloc()'d memory into the reader's block
 * of texts, all in one piece, where there is room; returns a where it is now. The two-pass
 * commands keep every article: these small pieces took fresh heap pages, a fault every few
 * articles, where the freed ones are now taken again by the next article. */
static precis_article *keep_article(precis_reader *r, precis_article *a)
{
    char **const str[] = {&a->id, &a->path, &a->title, &a->place, &a->agency, &a->lang};
    enum { NSTR = sizeof str / sizeof *str };
    size_t len[NSTR];
    const size_t head = (sizeof *a + 15) & ~(size_t)15;
    size_t n = head + a->npara * sizeof *a->paras;
    for (size_t i = 0; i < NSTR; i++) {
        len[i] = *str[i] ? strlen(*str[i]) + 1 : 0;
        n += len[i];
    }
    shared_block *held;
    char *const mem = block_room(r, n, 16, &held);
    if (!mem)
        return a;
    precis_article *const to = memcpy(mem, a, sizeof *a);
    char *at = mem + head;
    if (a->npara) {
        to->paras = memcpy(at, a->paras, a->npara * sizeof *a->paras);
        at += a->npara * sizeof *a->paras;
    } else {
        to->paras = NULL;
    }
    free(a->paras);
    char **const to_str[] = {&to->id, &to->path, &to->title, &to->place, &to->agency, &to->lang};
    for (size_t i = 0; i < NSTR; i++) {
        if (!len[i])
            continue;
        *to_str[i] = memcpy(at, *str[i], len[i]);
        at += len[i];
        free(*str[i]);
    }
    to->kept = held;
    free(a);
    return to;
}

/* ---- plain text ------------------------------------------------------------------------- */

/* Takes ownership of raw (rawlen bytes, room for a NUL after them): malloc()'d, or in the
 * block held (text_room()). */
static precis_status text_article(precis_reader *r, const char *path, const char *id, char *raw,
                                  shared_block *held, size_t rawlen, precis_article **out)
{
    precis_status st = PRECIS_ENOMEM;
    precis_article *a = NULL;
    buf conv = {0};
    if (memchr(raw, 0, rawlen)) {
        set_error(r, path, 0, "binary file skipped", NULL);
        st = PRECIS_EBINARY;
        goto fail;
    }
    size_t off = 0;
    if (rawlen >= 3 && memcmp(raw, "\xEF\xBB\xBF", 3) == 0)
        off = 3;
    if (!(a = calloc(1, sizeof *a)))
        goto fail;
    if (!(a->path = xstrndup(path, strlen(path))) || !(a->id = xstrndup(id, strlen(id))))
        goto fail;
    const size_t bad = utf8_validate(raw + off, rawlen - off);
    if (bad != rawlen - off) {
        char msg[96];
        snprintf(msg, sizeof msg, "not valid UTF-8 (byte %zu), read as Windows-1252", off + bad);
        if (utf8_from_cp1252(raw + off, rawlen - off, &conv) || push_warning(r, path, 0, msg))
            goto fail;
        raw_free(raw, held);
        raw = NULL;
        held = NULL;
        a->len = conv.len;
        a->text = buf_detach(&conv);
    } else {
        if (off)
            memmove(raw, raw + off, rawlen - off);
        a->len = rawlen - off;
        raw[a->len] = '\0';
        a->text = raw;
        a->block = held;
        raw = NULL;
        held = NULL;
    }
    size_t pos = 0;
    if ((st = front_matter(r, a, &pos)) != PRECIS_OK)
        goto fail;
    st = PRECIS_ENOMEM;
    if (!r->opts.no_title && !a->title && find_title(a, &pos) != PRECIS_OK)
        goto fail;
    if ((st = finish_article(r, a, pos)) != PRECIS_OK)
        goto fail;
    *out = keep_article(r, a);
    return PRECIS_OK;
fail:
    buf_free(&conv);
    raw_free(raw, held);
    precis_article_free(a);
    return st;
}

/* Reads a whole stream; *data gets room for a trailing NUL. */
static int read_all(FILE *f, char **data, size_t *len)
{
    buf b = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (b.len + n > PRECIS_ARTICLE_MAX) {
            buf_free(&b);
            return EFBIG;
        }
        if (buf_append(&b, chunk, n)) {
            buf_free(&b);
            return ENOMEM;
        }
    }
    if (ferror(f)) {
        buf_free(&b);
        return EIO;
    }
    *len = b.len;
    *data = buf_detach(&b);
    return *data ? 0 : ENOMEM;
}

/* Opens a file a directory walk found. A corpus is a few directories of many files: each
 * file is opened relative to its directory, kept open from the file before, so the kernel
 * walks one name instead of the whole path (about a tenth of the time the BBC articles take
 * to open and read). Should the directory itself not open (search but no read permission),
 * the file is opened by its path as before. */
static int open_found(precis_reader *r, const char *path)
{
    const char *const slash = strrchr(path, '/');
    if (!slash || slash == path || !slash[1])
        return open(path, O_RDONLY);
    const size_t dlen = (size_t)(slash - path);
    if (r->dir_fd < 0 || r->dir_len != dlen || memcmp(r->dir, path, dlen) != 0) {
        if (r->dir_fd >= 0)
            close(r->dir_fd);
        free(r->dir);
        r->dir_fd = -1;
        if (!(r->dir = xstrndup(path, dlen)))
            return open(path, O_RDONLY);
        r->dir_len = dlen;
        r->dir_fd = open(r->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (r->dir_fd < 0)
            return open(path, O_RDONLY);
    }
    return openat(r->dir_fd, slash + 1, O_RDONLY);
}

/* A regular file is read with one fstat() and one read() (no stdio buffer: stdio would fstat
 * again and copy) into the reader's block of texts (text_room(); *held gets the block, NULL
 * when the text is malloc()'d); anything else is read as a stream. found: a file a walk
 * found, opened through the reader (see open_found()). */
static int read_file(precis_reader *r, int found, const char *path, char **data,
                     shared_block **held, size_t *len)
{
    *data = NULL;
    *held = NULL;
    *len = 0;
    const int fd = found ? open_found(r, path) : open(path, O_RDONLY);
    if (fd < 0)
        return errno ? errno : EIO;
    struct stat sb;
    int e = 0;
    const int regular = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode);
    if (regular && (uintmax_t)sb.st_size > PRECIS_ARTICLE_MAX) {
        close(fd);
        return EFBIG; /* told before a byte is read */
    }
    if (regular && sb.st_size >= 0) {
        const size_t size = (size_t)sb.st_size;
        char *p = text_room(r, size + 1, held);
        if (!p && !(p = malloc(size + 1))) {
            close(fd);
            return ENOMEM;
        }
        size_t got = 0;
        while (got < size) {
            const ssize_t k = read(fd, p + got, size - got);
            if (k < 0 && errno == EINTR)
                continue;
            if (k <= 0)
                break;
            got += (size_t)k;
        }
        if (got != size) {
            raw_free(p, *held);
            *held = NULL;
            e = EIO;
        } else {
            p[got] = '\0';
            *data = p;
            *len = got;
        }
        close(fd);
        return e;
    }
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        e = errno ? errno : EIO;
        close(fd);
        return e;
    }
    e = read_all(f, data, len);
    fclose(f);
    return e;
}

/* ---- JSON Lines ------------------------------------------------------------------------- */

static void js_close(line_src *js)
{
    if (js->f && js->close_f)
        fclose(js->f);
    free(js->mem);
    free(js->path);
    free(js->idbase);
    json_decref(js->doc);
    js->doc = NULL;
    js->f = NULL;
    js->mem = js->path = js->idbase = NULL;
    js->close_f = 0;
    js->active = 0;
    js->line = 0;
    js->memlen = js->mempos = 0;
    js->lpos = js->lend = 0;
    js->at_eof = js->blocks = 0;
}

/* The first size of a stream's read buffer; it doubles for a longer line. */
#define LINE_BUF ((size_t)256 * 1024)

/* The next line of the stream in *line (*n bytes, no newline; valid until the next call); 0,
 * 1 at the end, -1 on a read error, -2 when out of memory. A regular file is read in large
 * blocks and its lines are found in the buffer (getline() reads 4 KiB a system call through
 * stdio's buffer, then copies every line out of it); a pipe or terminal is still read a line
 * at a time, so that each record is analysed as soon as it arrives. */
static int js_getline(line_src *js, const char **line, size_t *n)
{
    if (js->mem) {
        if (js->mempos >= js->memlen)
            return 1;
        const char *s = js->mem + js->mempos;
        const char *nl = memchr(s, '\n', js->memlen - js->mempos);
        const size_t len = nl ? (size_t)(nl - s) : js->memlen - js->mempos;
        *line = s;
        *n = len;
        js->mempos += len + (nl ? 1 : 0);
        return 0;
    }
    if (!js->blocks) {
        errno = 0;
        const ssize_t got = getline(&js->lbuf, &js->lcap, js->f);
        if (got < 0)
            return ferror(js->f) ? -1 : 1;
        size_t len = (size_t)got;
        if (len && js->lbuf[len - 1] == '\n')
            len--;
        *line = js->lbuf;
        *n = len;
        return 0;
    }
    size_t scanned = js->lpos; /* no newline before this */
    for (;;) {
        const char *nl =
            js->lend > scanned ? memchr(js->lbuf + scanned, '\n', js->lend - scanned) : NULL;
        if (nl || (js->at_eof && js->lend > js->lpos)) {
            /* Bytes are buffered, so lbuf is not NULL here (NULL + 0 is undefined). */
            const char *const s = js->lbuf + js->lpos;
            const size_t len = nl ? (size_t)(nl - s) : js->lend - js->lpos;
            *line = s;
            *n = len;
            js->lpos += len + (nl ? 1 : 0);
            return 0;
        }
        if (js->at_eof)
            return 1;
        /* Keep the partial line, at the start of a buffer with room after it. */
        const size_t keep = js->lend - js->lpos;
        if (js->lpos > 0 && keep)
            memmove(js->lbuf, js->lbuf + js->lpos, keep);
        scanned = keep;
        js->lpos = 0;
        js->lend = keep;
        if ((js->lend == js->lcap || js->lcap < LINE_BUF) &&
            GROW(js->lbuf, js->lcap, js->lcap < LINE_BUF ? LINE_BUF : js->lcap + 1))
            return -2;
        const size_t got = fread(js->lbuf + js->lend, 1, js->lcap - js->lend, js->f);
        js->lend += got;
        if (got == 0) {
            if (ferror(js->f))
                return -1;
            js->at_eof = 1;
        }
    }
}

/* A field's string when it is a non-empty string; 0 otherwise. */
static int field_str(const jsonl_record *rec, int k, const char **s, size_t *n)
{
    const jsonl_value *v = &rec->f[k];
    if (v->kind != JSONL_STRING || v->len == 0)
        return 0;
    *s = v->s;
    *n = v->len;
    return 1;
}

static int take_str(const jsonl_record *rec, int k, char **field)
{
    const char *s;
    size_t n;
    if (!field_str(rec, k, &s, &n))
        return 0;
    return (*field = xstrndup(s, n)) ? 0 : -1;
}

/* A record's "dateline" field ("SALVADOR, Feb 26") gives place and date even though the
 * text itself does not start with it. */
static precis_status record_dateline(const precis_reader *r, precis_article *a, const char *s,
                                     size_t n)
{
    buf b = {0};
    char *place = NULL, *agency = NULL;
    precis_date dd = {0, 0, 0};
    if (buf_append(&b, s, n) || buf_append(&b, " - ", 3))
        goto fail;
    if (dateline_parse(b.data, b.len, r->opts.default_year, &place, &agency, &dd)) {
        merge_date(&a->date, &dd);
    } else {
        /* Not in the strict form: the part before the first comma is still the place. */
        const char *comma = memchr(s, ',', n);
        if (!(place = dup_trimmed(s, 0, comma ? (size_t)(comma - s) : n)))
            goto fail;
        if (!*place) {
            free(place);
            place = NULL;
        }
    }
    if (!a->place) {
        a->place = place;
        place = NULL;
    }
    if (!a->agency) {
        a->agency = agency;
        agency = NULL;
    }
    free(place);
    free(agency);
    buf_free(&b);
    return PRECIS_OK;
fail:
    free(place);
    free(agency);
    buf_free(&b);
    return PRECIS_ENOMEM;
}

/* A bad record: "file:line: reason" in JSON Lines, "file: record N: reason" in an array. */
static void record_error(precis_reader *r, const char *reason, const char *detail)
{
    const line_src *js = &r->js;
    if (!js->doc) {
        set_error(r, js->path, js->line, reason, detail);
        return;
    }
    char where[160];
    snprintf(where, sizeof where, "record %zu: %s", js->line, reason);
    set_error(r, js->path, 0, where, detail);
}

/* Builds an article from one record's fields (borrowed). */
static precis_status record_article(precis_reader *r, const jsonl_record *rec, precis_article **out)
{
    line_src *js = &r->js;
    precis_status st = PRECIS_EPARSE;
    precis_article *a = NULL;
    const jsonl_value *text = &rec->f[JSONL_TEXT];
    if (text->kind == JSONL_ABSENT) {
        record_error(r, "missing \"text\"", NULL);
        goto fail;
    }
    if (text->kind != JSONL_STRING) {
        record_error(r, "\"text\" is not a string", NULL);
        goto fail;
    }
    st = PRECIS_ENOMEM;
    if (!(a = calloc(1, sizeof *a)))
        goto fail;
    a->line = js->doc ? 0 : js->line;
    a->len = text->len;
    /* Packed into the reader's block as a text file's (read_file()), or malloc()'d. */
    if ((a->text = text_room(r, a->len + 1, &a->block)) != NULL) {
        memcpy(a->text, text->s, a->len);
        a->text[a->len] = '\0';
    } else if (!(a->text = xstrndup(text->s, a->len))) {
        goto fail;
    }
    if (!(a->path = xstrndup(js->path, strlen(js->path))))
        goto fail;
    const jsonl_value *id = &rec->f[JSONL_ID];
    char num[48];
    if (id->kind == JSONL_STRING && id->len > 0) {
        if (!(a->id = xstrndup(id->s, id->len)))
            goto fail;
    } else if (id->kind == JSONL_INTEGER) {
        snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, id->integer);
        if (!(a->id = xstrndup(num, strlen(num))))
            goto fail;
    } else {
        snprintf(num, sizeof num, ":%zu", js->line);
        buf b = {0};
        if (buf_append(&b, js->idbase, strlen(js->idbase)) || buf_append(&b, num, strlen(num))) {
            buf_free(&b);
            goto fail;
        }
        a->id = buf_detach(&b);
    }
    if (take_str(rec, JSONL_TITLE, &a->title) || take_str(rec, JSONL_LANG, &a->lang) ||
        take_str(rec, JSONL_PLACE, &a->place) || take_str(rec, JSONL_AGENCY, &a->agency))
        goto fail;
    const char *s;
    size_t sn;
    if (field_str(rec, JSONL_DATE, &s, &sn) && precis_date_parse(s, sn, &a->date) != PRECIS_OK &&
        push_warning(r, js->path, js->doc ? 0 : js->line, "\"date\" not understood"))
        goto fail;
    if (field_str(rec, JSONL_DATELINE, &s, &sn) && record_dateline(r, a, s, sn) != PRECIS_OK)
        goto fail;
    if ((st = finish_article(r, a, 0)) != PRECIS_OK)
        goto fail;
    *out = keep_article(r, a);
    return PRECIS_OK;
fail:
    precis_article_free(a);
    return st;
}

/* Builds an article from one record of a jansson tree (borrowed root). */
static precis_status json_record(precis_reader *r, const json_t *root, precis_article **out)
{
    if (!json_is_object(root)) {
        record_error(r, "not a JSON object", NULL);
        return PRECIS_EPARSE;
    }
    jsonl_record rec;
    jsonl_from_json(root, &rec);
    return record_article(r, &rec, out);
}

/* One line of JSON Lines. The usual record is read by the fast path (jsonl.c); whatever it
 * does not fully understand, and every invalid line, goes to jansson ("Use jansson for
 * JSON"): jansson stays the reference parser and gives the error messages. A line with a NUL
 * byte is refused before jansson sees it; the fast path never accepts one (a NUL is neither
 * white space nor allowed in a string), so only lines it turns down are searched for one. */
static precis_status json_line(precis_reader *r, const char *line, size_t n, precis_article **out)
{
    jsonl_record rec;
    const int fast = jsonl_parse_fast(line, n, &r->js.scratch, &rec);
    if (fast < 0)
        return PRECIS_ENOMEM;
    if (fast)
        return record_article(r, &rec, out);
    if (memchr(line, 0, n)) {
        set_error(r, r->js.path, r->js.line, "NUL byte in line", NULL);
        return PRECIS_EPARSE;
    }
    json_error_t jerr;
    json_t *root = json_loadb(line, n, 0, &jerr);
    if (!root) {
        record_error(r, "invalid JSON: ", jerr.text);
        return PRECIS_EPARSE;
    }
    const precis_status st = json_record(r, root, out);
    json_decref(root);
    return st;
}

/* Produces the next record of the active stream: PRECIS_OK with *out set, PRECIS_OK with
 * *out NULL at its end (the stream is closed), or an error for one line. */
static precis_status js_next(precis_reader *r, precis_article **out)
{
    line_src *js = &r->js;
    if (js->doc) {
        if (js->line >= json_array_size(js->doc)) {
            js_close(js);
            return PRECIS_OK;
        }
        const json_t *rec = json_array_get(js->doc, js->line);
        js->line++;
        return json_record(r, rec, out);
    }
    for (;;) {
        const char *line;
        size_t n;
        const int g = js_getline(js, &line, &n);
        if (g) {
            precis_status st = PRECIS_OK;
            if (g == -2) {
                st = PRECIS_ENOMEM;
            } else if (g < 0) {
                set_error(r, js->path, 0, "Input/output error", NULL);
                st = PRECIS_EIO;
            }
            js_close(js);
            return st;
        }
        js->line++;
        if (js->line == 1 && n >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
            line += 3;
            n -= 3;
        }
        if (line_blank(line, 0, n))
            continue;
        return json_line(r, line, n, out);
    }
}

/* Starts streaming a JSON Lines input; f or mem (owned) is the source. */
static precis_status js_open(precis_reader *r, const char *path, const char *id, FILE *f,
                             int close_f, char *mem, size_t memlen, size_t first_line)
{
    line_src *js = &r->js;
    js->f = f;
    js->close_f = close_f;
    js->mem = mem;
    js->memlen = memlen;
    js->mempos = 0;
    js->line = first_line;
    js->active = 1;
    js->path = xstrndup(path, strlen(path));
    js->idbase = xstrndup(id, strlen(id));
    if (!js->path || !js->idbase) {
        js_close(js);
        return PRECIS_ENOMEM;
    }
    return PRECIS_OK;
}

/* A record cannot be an array, so a .json file that opens with '[' is one JSON document
 * holding an array of records (pretty-printed), read whole rather than line by line; a
 * .jsonl file is always read line by line, so one bad line never costs the rest.
 * *bom gets the length of a UTF-8 byte order mark before it. */
static int starts_array(const char *p, size_t n, size_t *bom)
{
    *bom = n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    for (size_t i = *bom; i < n; i++)
        if (!is_ws(p[i]))
            return p[i] == '[';
    return 0;
}

/* Starts reading a whole-document array of records; takes ownership of doc. */
static precis_status doc_open(precis_reader *r, const char *path, const char *id, json_t *doc)
{
    const precis_status st = js_open(r, path, id, NULL, 0, NULL, 0, 0);
    if (st != PRECIS_OK) {
        json_decref(doc);
        return st;
    }
    r->js.doc = doc;
    return PRECIS_OK;
}

static precis_status doc_error(precis_reader *r, const char *path, const json_error_t *e)
{
    set_error(r, path, e->line > 0 ? (size_t)e->line : 0, "invalid JSON: ", e->text);
    return PRECIS_EPARSE;
}

/* ---- directories ------------------------------------------------------------------------ */

static int cmp_input(const void *a, const void *b)
{
    return strcmp(((const input *)a)->path, ((const input *)b)->path);
}

static int add_found(input **list, size_t *n, size_t *cap, const char *path, size_t root,
                     int regular)
{
    if (GROW(*list, *cap, *n + 1))
        return -1;
    char *p = xstrndup(path, strlen(path));
    if (!p)
        return -1;
    (*list)[*n] = (input){p, root, NULL, 0, 0, regular};
    (*n)++;
    return 0;
}

/* Collects the wanted files under dir. Hidden entries and symbolic links to directories
 * (which could loop) are skipped; a subdirectory that cannot be opened is listed itself, so
 * that reading it reports the error in its place. Returns 0, ENOMEM, or opendir's errno. */
static int walk(const char *dir, size_t root, input **list, size_t *n, size_t *cap)
{
    DIR *d = opendir(dir);
    if (!d)
        return errno ? errno : EIO;
    buf path = {0};
    int e = 0;
    const size_t dlen = strlen(dir);
    const struct dirent *ent;
    while ((ent = readdir(d)) != NULL) {
        const char *name = ent->d_name;
        if (name[0] == '.')
            continue;
        path.len = 0;
        if (buf_append(&path, dir, dlen) ||
            (dlen && dir[dlen - 1] != '/' && buf_putc(&path, '/')) ||
            buf_append(&path, name, strlen(name))) {
            e = ENOMEM;
            break;
        }
        int is_dir, is_reg;
#if defined(DT_REG) && defined(DT_DIR)
        if (ent->d_type == DT_REG || ent->d_type == DT_DIR) {
            is_dir = ent->d_type == DT_DIR;
            is_reg = ent->d_type == DT_REG;
        } else
#endif
        {
            struct stat sb;
            if (lstat(path.data, &sb) != 0)
                continue;
            if (S_ISLNK(sb.st_mode)) {
                if (stat(path.data, &sb) != 0 || !S_ISREG(sb.st_mode))
                    continue;
            }
            is_dir = S_ISDIR(sb.st_mode);
            is_reg = S_ISREG(sb.st_mode);
        }
        if (is_dir) {
            const int w = walk(path.data, root, list, n, cap);
            if (w == ENOMEM || (w && add_found(list, n, cap, path.data, root, 0))) {
                e = ENOMEM;
                break;
            }
        } else if (is_reg &&
                   (has_ext(name, ".txt") || has_ext(name, ".jsonl") || has_ext(name, ".json"))) {
            if (add_found(list, n, cap, path.data, root, 1)) {
                e = ENOMEM;
                break;
            }
        }
    }
    closedir(d);
    buf_free(&path);
    return e;
}

/* Replaces the directory input just taken (at pos - 1) by the files under it, sorted. */
static precis_status expand_dir(precis_reader *r, const input *it)
{
    input *found = NULL;
    size_t nf = 0, cf = 0;
    const size_t plen = strlen(it->path);
    const size_t root = it->root ? it->root : plen + (plen && it->path[plen - 1] == '/' ? 0 : 1);
    const int e = walk(it->path, root, &found, &nf, &cf);
    if (e) {
        for (size_t i = 0; i < nf; i++)
            free(found[i].path);
        free(found);
        if (e == ENOMEM)
            return PRECIS_ENOMEM;
        set_error(r, it->path, 0, errno_text(e), NULL);
        return PRECIS_EIO;
    }
    if (nf == 0) {
        free(found);
        return PRECIS_OK;
    }
    sort_array(found, nf, sizeof *found, cmp_input);
    if (GROW(r->items, r->citems, r->nitems + nf)) {
        for (size_t i = 0; i < nf; i++)
            free(found[i].path);
        free(found);
        return PRECIS_ENOMEM;
    }
    memmove(r->items + r->pos + nf, r->items + r->pos, (r->nitems - r->pos) * sizeof *r->items);
    memcpy(r->items + r->pos, found, nf * sizeof *found);
    r->nitems += nf;
    free(found);
    return PRECIS_OK;
}

/* ---- the reader ------------------------------------------------------------------------- */

precis_status precis_reader_new(const precis_read_options *opts, precis_reader **out)
{
    if (!out)
        return PRECIS_EINVAL;
    *out = NULL;
    precis_reader *r = calloc(1, sizeof *r);
    if (!r)
        return PRECIS_ENOMEM;
    if (opts)
        r->opts = *opts;
    r->dir_fd = -1;
    *out = r;
    return PRECIS_OK;
}

void precis_reader_free(precis_reader *r)
{
    if (!r)
        return;
    js_close(&r->js);
    free(r->js.lbuf);
    buf_free(&r->js.scratch);
    for (size_t i = 0; i < r->nitems; i++) {
        free(r->items[i].path);
        free(r->items[i].data);
    }
    free(r->items);
    buf_free(&r->err);
    for (size_t i = r->whead; i < r->nwarn; i++)
        free(r->warn[i]);
    free(r->warn);
    free(r->popped);
    if (r->dir_fd >= 0)
        close(r->dir_fd);
    free(r->dir);
    shared_block_release(r->block);
    free(r);
}

static precis_status add_item(precis_reader *r, const char *path, const char *data, size_t len,
                              int mem)
{
    if (!r || !path || (mem && !data && len))
        return PRECIS_EINVAL;
    if (GROW(r->items, r->citems, r->nitems + 1))
        return PRECIS_ENOMEM;
    input it = {NULL, 0, NULL, len, mem, 0};
    if (!(it.path = xstrndup(path, strlen(path))))
        return PRECIS_ENOMEM;
    if (mem && !(it.data = malloc(len + 1))) {
        free(it.path);
        return PRECIS_ENOMEM;
    }
    if (mem) {
        if (len)
            memcpy(it.data, data, len);
        it.data[len] = '\0';
    }
    r->items[r->nitems++] = it;
    return PRECIS_OK;
}

precis_status precis_reader_add(precis_reader *r, const char *path)
{
    return add_item(r, path, NULL, 0, 0);
}

precis_status precis_reader_add_memory(precis_reader *r, const char *path, const char *data,
                                       size_t len)
{
    return add_item(r, path, data, len, 1);
}

static int wants_jsonl(const precis_reader *r, const char *path)
{
    if (r->opts.format == PRECIS_INPUT_JSONL)
        return 1;
    if (r->opts.format == PRECIS_INPUT_TEXT)
        return 0;
    return is_jsonl_name(path);
}

/* A copy of standard input given as memory named "-" (the CLI keeps one to read it twice) is
 * sniffed as standard input itself is: JSON Lines in auto mode when it starts with '{'. */
static int stdin_copy_is_jsonl(const precis_reader *r, const char *path, const char *data,
                               size_t len)
{
    if (r->opts.format != PRECIS_INPUT_AUTO || strcmp(path, "-") != 0)
        return 0;
    size_t i = 0;
    while (i < len && is_ws(data[i]))
        i++;
    return i < len && data[i] == '{';
}

/* Standard input: JSON Lines when asked for, or in auto mode when the first non-blank byte
 * is '{' (a news article hardly starts with a brace); plain text otherwise. */
static precis_status open_stdin(precis_reader *r, precis_article **out)
{
    buf head = {0};
    int c;
    size_t lines = 0;
    while ((c = getc(stdin)) != EOF && is_ws((char)c)) {
        if (c == '\n')
            lines++;
        if (buf_putc(&head, (char)c)) {
            buf_free(&head);
            return PRECIS_ENOMEM;
        }
    }
    const int jsonl =
        r->opts.format == PRECIS_INPUT_JSONL || (r->opts.format == PRECIS_INPUT_AUTO && c == '{');
    if (jsonl) {
        buf_free(&head);
        if (c != EOF)
            ungetc(c, stdin);
        return js_open(r, "-", "-", stdin, 0, NULL, 0, lines);
    }
    if (c != EOF && buf_putc(&head, (char)c)) {
        buf_free(&head);
        return PRECIS_ENOMEM;
    }
    char *rest = NULL;
    size_t restlen = 0;
    const int e = read_all(stdin, &rest, &restlen);
    if (e || buf_append(&head, rest, restlen)) {
        free(rest);
        buf_free(&head);
        if (e == ENOMEM || !e)
            return PRECIS_ENOMEM;
        set_error(r, "-", 0, errno_text(e), NULL);
        return PRECIS_EIO;
    }
    free(rest);
    const size_t len = head.len;
    char *data = buf_detach(&head);
    if (!data)
        return PRECIS_ENOMEM;
    return text_article(r, "-", "-", data, NULL, len, out);
}

static precis_status open_item(precis_reader *r, input *it, precis_article **out)
{
    char *id = NULL;
    size_t bom = 0;
    precis_status st = PRECIS_ENOMEM;
    if (!it->mem && strcmp(it->path, "-") == 0)
        return open_stdin(r, out);
    if (!(id = id_from_path(it->path, it->root)))
        return PRECIS_ENOMEM;
    if (it->mem) {
        char *data = it->data;
        it->data = NULL;
        if (wants_jsonl(r, it->path) || stdin_copy_is_jsonl(r, it->path, data, it->len)) {
            if (memchr(data, 0, it->len < BINARY_PROBE ? it->len : BINARY_PROBE)) {
                free(data);
                set_error(r, it->path, 0, "binary file skipped", NULL);
                st = PRECIS_EBINARY;
            } else if (has_ext(it->path, ".json") && starts_array(data, it->len, &bom)) {
                json_error_t jerr;
                json_t *doc = json_loadb(data + bom, it->len - bom, 0, &jerr);
                free(data);
                st = doc ? doc_open(r, it->path, id, doc) : doc_error(r, it->path, &jerr);
            } else {
                st = js_open(r, it->path, id, NULL, 0, data, it->len, 0); /* owns data */
            }
        } else {
            st = text_article(r, it->path, id, data, NULL, it->len, out);
        }
        goto done;
    }
    int is_dir = 0, is_reg = 1;
    if (!it->regular) {
        struct stat sb;
        if (stat(it->path, &sb) != 0) {
            set_error(r, it->path, 0, errno_text(errno), NULL);
            st = PRECIS_EIO;
            goto done;
        }
        is_dir = S_ISDIR(sb.st_mode);
        is_reg = S_ISREG(sb.st_mode);
    }
    if (is_dir) {
        st = expand_dir(r, it);
        goto done;
    }
    if (wants_jsonl(r, it->path)) {
        FILE *f = fopen(it->path, "rb");
        if (!f) {
            set_error(r, it->path, 0, errno_text(errno), NULL);
            st = PRECIS_EIO;
            goto done;
        }
        if (is_reg) {
            char probe[BINARY_PROBE];
            const size_t got = fread(probe, 1, sizeof probe, f);
            if (memchr(probe, 0, got)) {
                fclose(f);
                set_error(r, it->path, 0, "binary file skipped", NULL);
                st = PRECIS_EBINARY;
                goto done;
            }
            if (has_ext(it->path, ".json") && starts_array(probe, got, &bom)) {
                json_error_t jerr;
                memset(&jerr, 0, sizeof jerr);
                json_t *doc = NULL;
                if (fseek(f, (long)bom, SEEK_SET) == 0)
                    doc = json_loadf(f, 0, &jerr);
                else
                    snprintf(jerr.text, sizeof jerr.text, "cannot seek");
                fclose(f);
                st = doc ? doc_open(r, it->path, id, doc) : doc_error(r, it->path, &jerr);
                goto done;
            }
            rewind(f);
        }
        st = js_open(r, it->path, id, f, 1, NULL, 0, 0);
        r->js.blocks = is_reg;
        goto done;
    }
    char *data;
    size_t len;
    shared_block *held;
    const int e = read_file(r, it->regular, it->path, &data, &held, &len);
    if (e == ENOMEM)
        goto done;
    if (e) {
        set_error(r, it->path, 0, errno_text(e), NULL);
        st = PRECIS_EIO;
        goto done;
    }
    st = text_article(r, it->path, id, data, held, len, out);
done:
    free(id);
    return st;
}

precis_status precis_reader_next(precis_reader *r, precis_article **out)
{
    if (!out)
        return PRECIS_EINVAL;
    *out = NULL;
    if (!r)
        return PRECIS_EINVAL;
    r->err.len = 0;
    if (r->err.data)
        r->err.data[0] = '\0';
    free(r->popped);
    r->popped = NULL;
    for (;;) {
        if (r->js.active) {
            const precis_status st = js_next(r, out);
            if (st != PRECIS_OK || *out)
                return st;
            continue;
        }
        if (r->pos >= r->nitems)
            return PRECIS_OK;
        input *it = &r->items[r->pos++];
        const precis_status st = open_item(r, it, out);
        if (st != PRECIS_OK || *out)
            return st;
    }
}

const char *precis_reader_error(const precis_reader *r)
{
    return r && r->err.data ? r->err.data : "";
}

const char *precis_reader_warning(precis_reader *r)
{
    if (!r)
        return NULL;
    free(r->popped);
    r->popped = NULL;
    if (r->whead >= r->nwarn) {
        r->whead = r->nwarn = 0;
        return NULL;
    }
    r->popped = r->warn[r->whead++];
    if (r->whead == r->nwarn)
        r->whead = r->nwarn = 0;
    return r->popped;
}

/* ---- articles --------------------------------------------------------------------------- */

void precis_article_free(precis_article *a)
{
    if (!a)
        return;
    if (a->block)
        shared_block_release(a->block);
    else
        free(a->text);
    if (a->kept) {
        shared_block_release(a->kept); /* last: it holds a */
        return;
    }
    free(a->id);
    free(a->path);
    free(a->title);
    free(a->place);
    free(a->agency);
    free(a->lang);
    free(a->paras);
    free(a);
}

const char *precis_article_id(const precis_article *a)
{
    return a->id;
}

const char *precis_article_path(const precis_article *a)
{
    return a->path;
}

const char *precis_article_title(const precis_article *a)
{
    return a->title;
}

const char *precis_article_place(const precis_article *a)
{
    return a->place;
}

const char *precis_article_agency(const precis_article *a)
{
    return a->agency;
}

const char *precis_article_lang(const precis_article *a)
{
    return a->lang;
}

precis_date precis_article_date(const precis_article *a)
{
    return a->date;
}

size_t precis_article_line(const precis_article *a)
{
    return a->line;
}

const char *precis_article_text(const precis_article *a, size_t *len)
{
    if (len)
        *len = a->len;
    return a->text;
}

precis_span precis_article_body(const precis_article *a)
{
    return a->body;
}

size_t precis_article_paragraph_count(const precis_article *a)
{
    return a->npara;
}

precis_span precis_article_paragraph(const precis_article *a, size_t i)
{
    if (i >= a->npara) {
        const precis_span none = {a->body.end, a->body.end};
        return none;
    }
    return a->paras[i];
}
