/* store.c - the corpus store: articles and their term counts in one SQLite file, with
 * per-day aggregates kept up to date on every add and replace, so that the counts of a period
 * are a sum over its days. Term counts are compact blobs of varints keyed by integer ids. */
#include "store.h"

#include "date.h"

#include <errno.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "corpus.h"
#include "util.h"
#include "vocab.h"

/* PRAGMA application_id: "prcs" in ASCII, so `file` and sqlite3 tell a precis store from
 * other SQLite files. user_version carries the schema version. */
#define STORE_APP_ID 0x70726373
#define STORE_SCHEMA 1
/* The day number of articles without a full date: below every real day, so a day range
 * never includes it, yet the undated articles still have an aggregate row. */
#define UNDATED INT32_MIN
#define NONE UINT32_MAX

/* Articles hold their term counts as one blob (sorted by term id, delta-coded varints:
 * term delta, tokens, form, form tokens) rather than rows: a row a term would make the
 * store several times slower to write and larger on disk. days rows hold the same per day
 * (term delta, tokens, docs, form, form tokens); form 0 means "the key itself", f + 1 the
 * string id f. strings holds the term and surface vocabulary in chunks, one per batch. */
static const char *const schema_sql =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "INSERT INTO meta VALUES('schema','1'),('created_by','precis " PRECIS_VERSION "');"
    "CREATE TABLE strings(first INTEGER PRIMARY KEY, data BLOB NOT NULL);"
    "CREATE TABLE articles(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
    " path TEXT NOT NULL, title TEXT, date TEXT, day INTEGER, lang TEXT,"
    " hash INTEGER NOT NULL, tokens INTEGER NOT NULL, counts BLOB NOT NULL);"
    "CREATE TABLE days(day INTEGER PRIMARY KEY, tokens INTEGER NOT NULL,"
    " docs INTEGER NOT NULL, terms BLOB NOT NULL);";

/* A term's counts in one article (docs 1), one day or one period, and its surface forms with
 * the tokens written in each: forms[first..first+nforms) of the side array, by string id. */
typedef struct tcount {
    uint32_t term;
    int64_t tokens, docs;
    size_t first, nforms;
} tcount;

typedef struct fcount {
    uint32_t form;
    int64_t tokens;
} fcount;

/* A decoded counts blob (or one being built). */
typedef struct counts {
    tcount *t;
    size_t nt, tcap;
    fcount *f;
    size_t nf, fcap;
} counts;

static void counts_free(counts *c)
{
    free(c->t);
    free(c->f);
    memset(c, 0, sizeof *c);
}

/* The changes of the current batch, summed in memory and written at commit: key (day, term,
 * NONE) holds a term's tokens and docs, (day, term, form) a form's votes in tokens, and
 * (day, NONE, NONE) the day's totals. */
typedef struct agg_slot {
    int32_t day;
    uint32_t term, form, used;
    int64_t tokens, docs;
} agg_slot;

typedef struct agg {
    agg_slot *slot;
    size_t mask, count; /* table size - 1 (power of two), used slots */
} agg;

struct precis_store {
    sqlite3 *db;
    char *path;
    int write, dry, in_batch;
    vocab *strings;   /* term keys and surface forms; ids as stored */
    size_t committed; /* strings[0..committed) are in the file */
    agg batch;
    sqlite3_stmt *find, *put, *day_get, *day_put, *day_del, *str_put, *str_load;
    uint64_t *occ; /* the article's term occurrences: key id << 32 | form id */
    size_t occ_cap;
    const precis_pipeline *cache_p; /* the pipeline whose term ids cache[] maps */
    uint32_t *cache;                /* pipeline term id -> string id + 1; 0 = unknown */
    size_t cache_cap;
    counts doc, old; /* the article being added; the one it replaces */
    buf key, surf, blob;
    char error[512];
};

/* ---- small helpers ------------------------------------------------------------------------ */

static void put_varint(buf *b, uint64_t v, int *oom)
{
    char tmp[10];
    size_t n = 0;
    do {
        tmp[n++] = (char)((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
        v >>= 7;
    } while (v);
    if (buf_append(b, tmp, n))
        *oom = 1;
}

/* Reads a varint at *p (< end); -1 when the blob is cut short or too long. */
static int get_varint(const unsigned char **p, const unsigned char *end, uint64_t *out)
{
    uint64_t v = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
        if (*p >= end)
            return -1;
        const unsigned char c = *(*p)++;
        v |= (uint64_t)(c & 0x7f) << shift;
        if (!(c & 0x80)) {
            *out = v;
            return 0;
        }
    }
    return -1;
}

/* The unit number of day (consecutive), and its label. ISO 8601 weeks start on Monday and
 * belong to the year of their Thursday. */
int64_t store_period_of(int32_t day, precis_period_unit by, char *label, size_t size)
{
    const precis_date d = date_from_days(day);
    if (by == PRECIS_BY_MONTH) {
        if (label)
            snprintf(label, size, "%04d-%02d", d.year, d.month);
        return (int64_t)d.year * 12 + d.month - 1;
    }
    if (by == PRECIS_BY_WEEK) {
        const int64_t wd = (((int64_t)day + 3) % 7 + 7) % 7; /* 1970-01-01 was a Thursday */
        const int32_t monday = (int32_t)(day - wd);
        if (label) {
            const precis_date th = date_from_days(monday + 3);
            const precis_date jan1 = {th.year, 1, 1};
            const int32_t week = (monday + 3 - (int32_t)date_to_days(&jan1)) / 7 + 1;
            snprintf(label, size, "%04d-W%02d", th.year, (int)week);
        }
        return monday / 7 - (monday % 7 < 0);
    }
    if (label)
        snprintf(label, size, "%04d-%02d-%02d", d.year, d.month, d.day);
    return day;
}

static precis_status fail_db(precis_store *s, const char *what)
{
    snprintf(s->error, sizeof s->error, "%s: %s: %s", s->path, what,
             s->db ? sqlite3_errmsg(s->db) : "cannot open");
    return PRECIS_EDB;
}

static precis_status fail_msg(precis_store *s, precis_status st, const char *what)
{
    snprintf(s->error, sizeof s->error, "%s: %s", s->path, what);
    return st;
}

static precis_status exec(precis_store *s, const char *sql)
{
    return sqlite3_exec(s->db, sql, NULL, NULL, NULL) == SQLITE_OK ? PRECIS_OK
                                                                   : fail_db(s, "SQL failed");
}

/* How long a store waits for another connection's lock before it gives up. */
#define STORE_BUSY_MS 10000
#define WAL_RETRY_MS 5

/* Puts the store in WAL mode (nothing to do once its file is). Two writers that open a new
 * store at once both ask for the switch, which needs the file to themselves; SQLite answers
 * "database is locked" at once there, without waiting in the busy handler, since a connection
 * holding a shared lock that waits for an exclusive one could deadlock. So the switch is asked
 * again until it is made or the busy timeout has passed: the other writer's switch takes
 * milliseconds. */
static precis_status set_wal(precis_store *s)
{
    for (int waited = 0;; waited += WAL_RETRY_MS) {
        const int rc = sqlite3_exec(s->db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
        if (rc == SQLITE_OK)
            return PRECIS_OK;
        if ((rc & 0xff) != SQLITE_BUSY || waited >= STORE_BUSY_MS)
            return fail_db(s, "cannot switch to WAL");
        sqlite3_sleep(WAL_RETRY_MS);
    }
}

/* ---- the batch aggregate -------------------------------------------------------------------- */

static uint64_t agg_hash(int32_t day, uint32_t term, uint32_t form)
{
    uint64_t h = (uint64_t)(uint32_t)day * 0x9E3779B97F4A7C15ULL;
    h ^= ((uint64_t)term << 32 | form) * 0xC2B2AE3D27D4EB4FULL;
    return h ^ (h >> 29);
}

/* Makes room for more new keys without growing later, so a change is applied whole. */
static int agg_reserve(agg *a, size_t more)
{
    if ((a->count + more) * 2 <= a->mask + 1 && a->slot)
        return 0;
    size_t n = a->slot ? (a->mask + 1) : 1024;
    while ((a->count + more) * 2 > n)
        n *= 2;
    agg_slot *t = calloc(n, sizeof *t);
    if (!t)
        return -1;
    for (size_t i = 0; a->slot && i <= a->mask; i++) {
        if (!a->slot[i].used)
            continue;
        const agg_slot *const o = &a->slot[i];
        size_t j = agg_hash(o->day, o->term, o->form) & (n - 1);
        while (t[j].used)
            j = (j + 1) & (n - 1);
        t[j] = *o;
    }
    free(a->slot);
    a->slot = t;
    a->mask = n - 1;
    return 0;
}

/* Adds to a key; room must have been reserved. */
static void agg_add(agg *a, int32_t day, uint32_t term, uint32_t form, int64_t tokens, int64_t docs)
{
    size_t j = agg_hash(day, term, form) & a->mask;
    while (a->slot[j].used &&
           (a->slot[j].day != day || a->slot[j].term != term || a->slot[j].form != form))
        j = (j + 1) & a->mask;
    agg_slot *const e = &a->slot[j];
    if (!e->used) {
        e->used = 1;
        e->day = day;
        e->term = term;
        e->form = form;
        a->count++;
    }
    e->tokens += tokens;
    e->docs += docs;
}

static void agg_clear(agg *a)
{
    free(a->slot);
    memset(a, 0, sizeof *a);
}

/* ---- the string vocabulary ------------------------------------------------------------------ */

static precis_status strings_reset(precis_store *s)
{
    vocab_free(s->strings);
    s->committed = 0;
    s->strings = vocab_new();
    return s->strings ? PRECIS_OK : PRECIS_ENOMEM;
}

/* Reads the chunks written since the last sync (by this handle or another writer). Inside a
 * transaction, so it sees the same state as the queries that follow. */
static precis_status strings_sync(precis_store *s)
{
    precis_status st = PRECIS_OK;
    sqlite3_stmt *const q = s->str_load;
    sqlite3_reset(q);
    sqlite3_bind_int64(q, 1, (sqlite3_int64)s->committed);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        const unsigned char *p = sqlite3_column_blob(q, 1);
        const size_t n = (size_t)sqlite3_column_bytes(q, 1);
        if ((uint64_t)sqlite3_column_int64(q, 0) != s->committed) {
            st = fail_msg(s, PRECIS_EDB, "corrupt store: strings out of sequence");
            goto fail;
        }
        for (size_t i = 0; i < n;) {
            const unsigned char *z = memchr(p + i, '\0', n - i);
            if (!z) {
                st = fail_msg(s, PRECIS_EDB, "corrupt store: unterminated string");
                goto fail;
            }
            const size_t len = (size_t)(z - (p + i));
            const uint32_t id = vocab_intern(s->strings, (const char *)p + i, len);
            if (id == VOCAB_NONE) {
                st = PRECIS_ENOMEM;
                goto fail;
            }
            if ((size_t)id != s->committed) {
                st = fail_msg(s, PRECIS_EDB, "corrupt store: a string stored twice");
                goto fail;
            }
            s->committed++;
            i += len + 1;
        }
    }
    if (rc != SQLITE_DONE)
        st = fail_db(s, "reading strings");
fail:
    sqlite3_reset(q);
    return st;
}

/* Writes the strings interned in this batch as one chunk. */
static precis_status strings_flush(precis_store *s)
{
    const size_t n = vocab_count(s->strings);
    if (n == s->committed)
        return PRECIS_OK;
    s->blob.len = 0;
    for (size_t i = s->committed; i < n; i++) {
        size_t len = 0;
        const char *const str = vocab_str(s->strings, (uint32_t)i, &len);
        if (buf_append(&s->blob, str, len) || buf_putc(&s->blob, '\0'))
            return PRECIS_ENOMEM;
    }
    if (!s->dry) {
        sqlite3_stmt *const q = s->str_put;
        sqlite3_reset(q);
        sqlite3_bind_int64(q, 1, (sqlite3_int64)s->committed);
        sqlite3_bind_blob(q, 2, s->blob.data, (int)s->blob.len, SQLITE_STATIC);
        const int rc = sqlite3_step(q);
        sqlite3_reset(q);
        if (rc != SQLITE_DONE)
            return fail_db(s, "writing strings");
    }
    return PRECIS_OK;
}

/* ---- opening ------------------------------------------------------------------------------- */

static precis_status prepare(precis_store *s, sqlite3_stmt **q, const char *sql)
{
    if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, q, NULL) != SQLITE_OK)
        return fail_db(s, "preparing a statement");
    return PRECIS_OK;
}

static precis_status pragma_int(precis_store *s, const char *sql, int64_t *out)
{
    sqlite3_stmt *q = NULL;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &q, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(q);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    if (rc == SQLITE_ROW)
        return PRECIS_OK;
    if ((rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT)
        return fail_msg(s, PRECIS_EDB, "not a precis store");
    return fail_db(s, "reading the header");
}

/* Reads the header fields that tell what the file is. */
/* The three values are read in one transaction: read one by one, they could straddle another
 * process's creation of the store (application id still 0, tables already there) and make a
 * new store look foreign. */
static precis_status read_header(precis_store *s, int64_t *app, int64_t *ver, int64_t *objects)
{
    const int own = sqlite3_get_autocommit(s->db);
    precis_status st = own ? exec(s, "BEGIN") : PRECIS_OK;
    if (st == PRECIS_OK)
        st = pragma_int(s, "PRAGMA application_id", app);
    if (st == PRECIS_OK)
        st = pragma_int(s, "PRAGMA user_version", ver);
    if (st == PRECIS_OK)
        st = pragma_int(s, "SELECT count(*) FROM sqlite_master", objects);
    if (own)
        sqlite3_exec(s->db, st == PRECIS_OK ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
    return st;
}

/* Checks that the file is a precis store of our schema, or makes it one when it is an empty
 * database and may_create. Two processes may create the same new store at once: the write
 * lock is taken first and the file looked at again under it, so only one creates. */
static precis_status check_schema(precis_store *s, int may_create)
{
    int64_t app = 0, ver = 0, objects = 0;
    precis_status st = read_header(s, &app, &ver, &objects);
    if (st != PRECIS_OK)
        return st;
    if (app == 0 && ver == 0 && objects == 0) {
        if (!may_create)
            return fail_msg(s, PRECIS_EDB, "not a precis store (an empty database)");
        if ((st = exec(s, "BEGIN IMMEDIATE")) != PRECIS_OK)
            return st;
        if ((st = read_header(s, &app, &ver, &objects)) == PRECIS_OK && app == 0 && ver == 0 &&
            objects == 0) {
            char sql[128];
            snprintf(sql, sizeof sql, "PRAGMA application_id=%d; PRAGMA user_version=%d;",
                     STORE_APP_ID, STORE_SCHEMA);
            if ((st = exec(s, sql)) == PRECIS_OK)
                st = exec(s, schema_sql);
            app = STORE_APP_ID;
            ver = STORE_SCHEMA;
        }
        if (st == PRECIS_OK)
            st = exec(s, "COMMIT");
        if (st != PRECIS_OK) {
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
            return st;
        }
    }
    if (app != STORE_APP_ID)
        return fail_msg(s, PRECIS_EDB, "not a precis store");
    if (ver != STORE_SCHEMA) {
        char why[96];
        snprintf(why, sizeof why, "schema version %lld, this precis needs %d", (long long)ver,
                 STORE_SCHEMA);
        return fail_msg(s, PRECIS_EDB, why);
    }
    return PRECIS_OK;
}

precis_status precis_store_open(const char *path, unsigned flags, precis_store **out,
                                char **err_out)
{
    *out = NULL;
    if (err_out)
        *err_out = NULL;
    precis_status st = PRECIS_ENOMEM;
    precis_store *s = calloc(1, sizeof *s);
    if (!s || !(s->path = xstrndup(path, strlen(path))) || !(s->strings = vocab_new()))
        goto fail;
    s->write = (flags & PRECIS_STORE_WRITE) != 0;
    s->dry = s->write && (flags & PRECIS_STORE_DRY_RUN);
    const int exists = access(path, F_OK) == 0;
    const int create = s->write && (flags & PRECIS_STORE_CREATE);
    if (!exists && !create && !s->dry) {
        snprintf(s->error, sizeof s->error, "%s: no such store", path);
        st = PRECIS_ENOTFOUND;
        goto fail;
    }
    int oflags = SQLITE_OPEN_READONLY;
    const char *file = path;
    struct stat sb;
    if (s->dry && (!exists || (stat(path, &sb) == 0 && sb.st_size == 0))) {
        file = ":memory:"; /* nothing to read: an empty store that is never saved */
        oflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    } else if (s->write && !s->dry) {
        oflags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
    }
    if (sqlite3_open_v2(file, &s->db, oflags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        st = fail_db(s, "cannot open");
        goto fail;
    }
    sqlite3_extended_result_codes(s->db, 1);
    /* A writer holds the lock only while it commits; readers and a second writer wait. */
    sqlite3_busy_timeout(s->db, STORE_BUSY_MS);
    if ((st = check_schema(s, s->write && (create || s->dry))) != PRECIS_OK)
        goto fail;
    if (s->write && !s->dry) {
        /* WAL lets readers go on while a batch is written; NORMAL syncs at checkpoints only,
         * which in WAL mode still never leaves a half-written transaction behind (a power cut
         * may lose the last batches, never mix them). Checkpoints every 64 MB of WAL rather
         * than 4 MB: a bulk run writes tens of MB, and each checkpoint waits for the disk. */
        if ((st = set_wal(s)) != PRECIS_OK ||
            (st = exec(s, "PRAGMA synchronous=NORMAL; PRAGMA wal_autocheckpoint=16384")) !=
                PRECIS_OK)
            goto fail;
    }
    if ((st = exec(s, "PRAGMA cache_size=-65536")) != PRECIS_OK)
        goto fail;
    if ((st = prepare(s, &s->find,
                      "SELECT hash, day, tokens, counts FROM articles WHERE name=?1")) ||
        (st = prepare(s, &s->day_get, "SELECT tokens, docs, terms FROM days WHERE day=?1")) ||
        (st = prepare(s, &s->str_load,
                      "SELECT first, data FROM strings WHERE first>=?1 ORDER BY first")))
        goto fail;
    if (s->write && !s->dry &&
        ((st = prepare(s, &s->put,
                       "INSERT INTO articles(name,path,title,date,day,lang,hash,tokens,counts)"
                       " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9) ON CONFLICT(name) DO UPDATE SET"
                       " path=excluded.path, title=excluded.title, date=excluded.date,"
                       " day=excluded.day, lang=excluded.lang, hash=excluded.hash,"
                       " tokens=excluded.tokens, counts=excluded.counts")) ||
         (st = prepare(s, &s->day_put, "INSERT OR REPLACE INTO days VALUES(?1,?2,?3,?4)")) ||
         (st = prepare(s, &s->day_del, "DELETE FROM days WHERE day=?1")) ||
         (st = prepare(s, &s->str_put, "INSERT INTO strings VALUES(?1,?2)"))))
        goto fail;
    *out = s;
    return PRECIS_OK;
fail:
    if (err_out)
        *err_out = xstrndup(s && s->error[0] ? s->error : precis_strerror(st),
                            strlen(s && s->error[0] ? s->error : precis_strerror(st)));
    precis_store_close(s);
    return st;
}

void precis_store_close(precis_store *s)
{
    if (!s)
        return;
    if (s->in_batch)
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_finalize(s->find);
    sqlite3_finalize(s->put);
    sqlite3_finalize(s->day_get);
    sqlite3_finalize(s->day_put);
    sqlite3_finalize(s->day_del);
    sqlite3_finalize(s->str_put);
    sqlite3_finalize(s->str_load);
    sqlite3_close(s->db);
    vocab_free(s->strings);
    agg_clear(&s->batch);
    free(s->occ);
    free(s->cache);
    counts_free(&s->doc);
    counts_free(&s->old);
    buf_free(&s->key);
    buf_free(&s->surf);
    buf_free(&s->blob);
    free(s->path);
    free(s);
}

const char *precis_store_error(const precis_store *s)
{
    return s ? s->error : "";
}

/* ---- batches ------------------------------------------------------------------------------- */

precis_status precis_store_begin(precis_store *s)
{
    s->error[0] = '\0';
    if (!s->write || s->in_batch)
        return fail_msg(s, PRECIS_EINVAL,
                        s->write ? "a batch is already open" : "the store is open read-only");
    /* IMMEDIATE takes the write lock now, so the strings read below stay the latest. */
    precis_status st = exec(s, s->dry ? "BEGIN" : "BEGIN IMMEDIATE");
    if (st != PRECIS_OK)
        return st;
    if ((st = strings_sync(s)) != PRECIS_OK) {
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        return st;
    }
    s->in_batch = 1;
    return PRECIS_OK;
}

precis_status precis_store_rollback(precis_store *s)
{
    s->error[0] = '\0';
    if (!s->in_batch)
        return PRECIS_OK;
    s->in_batch = 0;
    agg_clear(&s->batch);
    /* After SQLITE_FULL or an I/O error SQLite may have rolled back already. */
    const int rc = sqlite3_get_autocommit(s->db)
                       ? SQLITE_OK
                       : sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    /* The strings interned in the batch were never written: start the vocabulary over. */
    precis_status st = strings_reset(s);
    if (st == PRECIS_OK && rc != SQLITE_OK)
        st = fail_db(s, "rollback failed");
    return st;
}

/* A batch slot's sort key: (day, term) in hi, (form, slot index) in lo, so that unsigned
 * order is the order of days, terms and forms (NONE last). */
typedef struct slot_key {
    uint64_t hi, lo;
} slot_key;

static int key_less(const slot_key *a, const slot_key *b)
{
    return a->hi < b->hi || (a->hi == b->hi && a->lo < b->lo);
}

/* Sorts the batch's keys (a hundred thousand or more at a time): quicksort on the middle
 * element with inline comparisons, insertion sort below 16, recursion on the smaller side. */
static void sort_keys(slot_key *a, size_t n)
{
    while (n > 16) {
        const slot_key pivot = a[n / 2];
        size_t i = 0, j = n - 1;
        for (;;) {
            while (key_less(&a[i], &pivot))
                i++;
            while (key_less(&pivot, &a[j]))
                j--;
            if (i >= j)
                break;
            const slot_key t = a[i];
            a[i++] = a[j];
            a[j--] = t;
        }
        if (j + 1 < n - j - 1) {
            sort_keys(a, j + 1);
            a += j + 1;
            n -= j + 1;
        } else {
            sort_keys(a + j + 1, n - j - 1);
            n = j + 1;
        }
    }
    for (size_t i = 1; i < n; i++) {
        const slot_key v = a[i];
        size_t k = i;
        for (; k > 0 && key_less(&v, &a[k - 1]); k--)
            a[k] = a[k - 1];
        a[k] = v;
    }
}

static int push_term(counts *c, uint32_t term, int64_t tokens, int64_t docs)
{
    if (GROW(c->t, c->tcap, c->nt + 1))
        return -1;
    tcount *const e = &c->t[c->nt++];
    e->term = term;
    e->tokens = tokens;
    e->docs = docs;
    e->first = c->nf;
    e->nforms = 0;
    return 0;
}

/* Adds a form to the last term of c. */
static int push_form(counts *c, uint32_t form, int64_t tokens)
{
    if (GROW(c->f, c->fcap, c->nf + 1))
        return -1;
    c->f[c->nf].form = form;
    c->f[c->nf].tokens = tokens;
    c->nf++;
    c->t[c->nt - 1].nforms++;
    return 0;
}

/* Blobs: for each term by ascending id, varints of the id's delta from the previous one, its
 * tokens, its docs (day blobs only: an article's docs is 1), the number of forms, then each
 * form's code (0: the key itself; f + 1: string id f) and tokens. */
static int encode_counts(const counts *c, int with_docs, buf *b)
{
    int oom = 0;
    uint32_t prev = 0;
    b->len = 0;
    for (size_t i = 0; i < c->nt; i++) {
        const tcount *const e = &c->t[i];
        put_varint(b, e->term - prev, &oom);
        put_varint(b, (uint64_t)e->tokens, &oom);
        if (with_docs)
            put_varint(b, (uint64_t)e->docs, &oom);
        put_varint(b, e->nforms, &oom);
        for (size_t k = e->first; k < e->first + e->nforms; k++) {
            put_varint(b, c->f[k].form == e->term ? 0 : (uint64_t)c->f[k].form + 1, &oom);
            put_varint(b, (uint64_t)c->f[k].tokens, &oom);
        }
        prev = e->term;
    }
    /* The NUL only makes an empty blob non-NULL for sqlite3_bind_blob. */
    if (oom || buf_putc(b, '\0'))
        return -1;
    b->len--;
    return 0;
}

static precis_status decode_counts(precis_store *s, const void *blob, size_t n, int with_docs,
                                   counts *c)
{
    c->nt = c->nf = 0;
    if (!blob || !n) /* SQLite gives NULL for an empty blob: no pointer arithmetic on it */
        return PRECIS_OK;
    const unsigned char *p = blob;
    const unsigned char *const end = p + n;
    const uint64_t nstrings = vocab_count(s->strings);
    uint64_t term = 0;
    while (p < end) {
        uint64_t dt, tokens, docs = 1, nforms;
        if (get_varint(&p, end, &dt) || get_varint(&p, end, &tokens) ||
            (with_docs && get_varint(&p, end, &docs)) || get_varint(&p, end, &nforms) ||
            (term += dt) >= nstrings || nforms > n)
            goto corrupt;
        if (push_term(c, (uint32_t)term, (int64_t)tokens, (int64_t)docs))
            return PRECIS_ENOMEM;
        for (uint64_t k = 0; k < nforms; k++) {
            uint64_t code, ft;
            if (get_varint(&p, end, &code) || get_varint(&p, end, &ft) || code > nstrings)
                goto corrupt;
            if (push_form(c, code ? (uint32_t)(code - 1) : (uint32_t)term, (int64_t)ft))
                return PRECIS_ENOMEM;
        }
    }
    return PRECIS_OK;
corrupt:
    return fail_msg(s, PRECIS_EDB, "corrupt store: bad term counts");
}

/* Adds (sign 1) or takes away (-1) counts of day to the batch; room must be reserved. */
static void apply_counts(agg *a, int32_t day, const counts *c, int sign)
{
    for (size_t i = 0; i < c->nt; i++) {
        const tcount *const e = &c->t[i];
        agg_add(a, day, e->term, NONE, sign * e->tokens, sign * e->docs);
        for (size_t k = e->first; k < e->first + e->nforms; k++)
            agg_add(a, day, e->term, c->f[k].form, sign * c->f[k].tokens, 0);
    }
}

/* Applies the batch's changes of one day, slots[0..n) sorted by term then form (a term's own
 * totals, form NONE, after its forms; the day's totals, term NONE, last). */
static precis_status flush_day(precis_store *s, const agg_slot *sl, size_t n, counts *cur,
                               counts *res)
{
    const int32_t day = sl[0].day;
    int64_t tokens = 0, docs = 0;
    precis_status st = PRECIS_OK;
    sqlite3_stmt *const q = s->day_get;
    sqlite3_reset(q);
    sqlite3_bind_int64(q, 1, day);
    int rc = sqlite3_step(q);
    cur->nt = cur->nf = 0;
    if (rc == SQLITE_ROW) {
        tokens = sqlite3_column_int64(q, 0);
        docs = sqlite3_column_int64(q, 1);
        st =
            decode_counts(s, sqlite3_column_blob(q, 2), (size_t)sqlite3_column_bytes(q, 2), 1, cur);
    } else if (rc != SQLITE_DONE) {
        st = fail_db(s, "reading a day");
    }
    sqlite3_reset(q);
    if (st != PRECIS_OK)
        return st;
    res->nt = res->nf = 0;
    size_t i = 0, c = 0;
    while (i < n || c < cur->nt) {
        if (i < n && sl[i].term == NONE) {
            tokens += sl[i].tokens;
            docs += sl[i].docs;
            i++;
            continue;
        }
        const int has_cur = c < cur->nt, has_new = i < n;
        const uint32_t term = !has_new                                  ? cur->t[c].term
                              : !has_cur || sl[i].term < cur->t[c].term ? sl[i].term
                                                                        : cur->t[c].term;
        const tcount *const old = has_cur && cur->t[c].term == term ? &cur->t[c++] : NULL;
        if (push_term(res, term, old ? old->tokens : 0, old ? old->docs : 0))
            return PRECIS_ENOMEM;
        tcount *const e = &res->t[res->nt - 1];
        /* Merge the held forms with the batch's, both by ascending string id. */
        size_t k = old ? old->first : 0;
        const size_t kend = old ? old->first + old->nforms : 0;
        while (k < kend || (i < n && sl[i].term == term)) {
            if (i < n && sl[i].term == term && sl[i].form == NONE) {
                e->tokens += sl[i].tokens;
                e->docs += sl[i].docs;
                i++;
                continue;
            }
            uint32_t form;
            int64_t ft = 0;
            if (k < kend && (!(i < n && sl[i].term == term) || cur->f[k].form <= sl[i].form)) {
                form = cur->f[k].form;
                ft = cur->f[k++].tokens;
                if (i < n && sl[i].term == term && sl[i].form == form)
                    ft += sl[i++].tokens;
            } else {
                form = sl[i].form;
                ft = sl[i++].tokens;
            }
            if (ft > 0 && push_form(res, form, ft))
                return PRECIS_ENOMEM;
        }
        if (e->tokens <= 0 || e->docs <= 0) { /* gone from the day */
            res->nf = e->first;
            res->nt--;
        }
    }
    if (encode_counts(res, 1, &s->blob))
        return PRECIS_ENOMEM;
    if (s->dry)
        return PRECIS_OK;
    sqlite3_stmt *const w = docs > 0 ? s->day_put : s->day_del;
    sqlite3_reset(w);
    sqlite3_bind_int64(w, 1, day);
    if (docs > 0) {
        sqlite3_bind_int64(w, 2, tokens);
        sqlite3_bind_int64(w, 3, docs);
        sqlite3_bind_blob(w, 4, s->blob.data, (int)s->blob.len, SQLITE_STATIC);
    }
    rc = sqlite3_step(w);
    sqlite3_reset(w);
    return rc == SQLITE_DONE ? PRECIS_OK : fail_db(s, "writing a day");
}

precis_status precis_store_commit(precis_store *s)
{
    s->error[0] = '\0';
    if (!s->in_batch)
        return fail_msg(s, PRECIS_EINVAL, "no batch is open");
    precis_status st = PRECIS_ENOMEM;
    agg_slot *sl = NULL;
    slot_key *keys = NULL;
    counts cur = {0}, res = {0};
    size_t n = 0;
    if (!s->dry && sqlite3_get_autocommit(s->db)) { /* SQLite dropped it after an error */
        st = fail_msg(s, PRECIS_EDB, "the batch was rolled back after an error");
        goto fail;
    }
    if (s->batch.count) {
        sl = malloc(s->batch.count * sizeof *sl);
        keys = malloc(s->batch.count * sizeof *keys);
        if (!sl || !keys)
            goto fail;
        for (size_t i = 0; i <= s->batch.mask; i++) {
            const agg_slot *const e = &s->batch.slot[i];
            if (!e->used)
                continue;
            keys[n].hi = (uint64_t)((uint32_t)e->day ^ 0x80000000u) << 32 | e->term;
            keys[n].lo = (uint64_t)e->form << 32 | i;
            n++;
        }
        sort_keys(keys, n);
        for (size_t i = 0; i < n; i++)
            sl[i] = s->batch.slot[(uint32_t)keys[i].lo];
        free(keys);
        keys = NULL;
    }
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && sl[j].day == sl[i].day)
            j++;
        if ((st = flush_day(s, sl + i, j - i, &cur, &res)) != PRECIS_OK)
            goto fail;
        i = j;
    }
    if ((st = strings_flush(s)) != PRECIS_OK || (st = exec(s, "COMMIT")) != PRECIS_OK)
        goto fail;
    s->committed = vocab_count(s->strings);
    s->in_batch = 0;
    agg_clear(&s->batch);
    free(sl);
    counts_free(&cur);
    counts_free(&res);
    return PRECIS_OK;
fail:
    free(sl);
    free(keys);
    counts_free(&cur);
    counts_free(&res);
    {
        /* Keep the first error's text: the rollback must not overwrite it. */
        char saved[sizeof s->error];
        memcpy(saved, s->error, sizeof saved);
        precis_store_rollback(s);
        memcpy(s->error, saved, sizeof saved);
    }
    return st;
}

/* ---- adding an article ------------------------------------------------------------------- */

/* Sorts a[0..n): an article's few hundred occurrences, where qsort's indirect comparisons
 * cost more than the sorting itself. Quicksort on the middle element, insertion sort below
 * 16 elements, recursion on the smaller side only. */
static void sort_u64(uint64_t *a, size_t n)
{
    while (n > 16) {
        const uint64_t pivot = a[n / 2];
        size_t i = 0, j = n - 1;
        for (;;) {
            while (a[i] < pivot)
                i++;
            while (a[j] > pivot)
                j--;
            if (i >= j)
                break;
            const uint64_t t = a[i];
            a[i++] = a[j];
            a[j--] = t;
        }
        /* a[0..j] <= pivot <= a[j+1..n) */
        if (j + 1 < n - j - 1) {
            sort_u64(a, j + 1);
            a += j + 1;
            n -= j + 1;
        } else {
            sort_u64(a + j + 1, n - j - 1);
            n = j + 1;
        }
    }
    for (size_t i = 1; i < n; i++) {
        const uint64_t v = a[i];
        size_t k = i;
        for (; k > 0 && a[k - 1] > v; k--)
            a[k] = a[k - 1];
        a[k] = v;
    }
}

/* The string id of pipeline term pid (str[0..len)). Ids are cached by pid for the pipeline
 * last used, and a hit is checked against the string itself: another pipeline may come at
 * the same address with other ids, and a rollback renumbers strings. */
static uint32_t term_id(precis_store *s, const precis_pipeline *p, uint32_t pid, const char *str,
                        size_t len)
{
    if (p != s->cache_p) {
        if (s->cache)
            memset(s->cache, 0, s->cache_cap * sizeof *s->cache);
        s->cache_p = p;
    }
    if (pid >= s->cache_cap) {
        const size_t old = s->cache_cap;
        if (GROW(s->cache, s->cache_cap, (size_t)pid + 1))
            return vocab_intern(s->strings, str, len);
        memset(s->cache + old, 0, (s->cache_cap - old) * sizeof *s->cache);
    }
    const uint32_t c = s->cache[pid];
    if (c) {
        size_t sl = 0;
        const char *const ss = vocab_str(s->strings, c - 1, &sl);
        if (ss && sl == len && memcmp(ss, str, len) == 0)
            return c - 1;
    }
    const uint32_t id = vocab_intern(s->strings, str, len);
    if (id != VOCAB_NONE)
        s->cache[pid] = id + 1;
    return id;
}

/* Form id VOCAB_SAME: the surface is the key itself (a word whose stem is its normal form). */
#define VOCAB_SAME (VOCAB_NONE - 1)

static int push_occ(precis_store *s, size_t *n, uint32_t key, uint32_t form)
{
    if (key == VOCAB_NONE || form == VOCAB_NONE || GROW(s->occ, s->occ_cap, *n + 1))
        return -1;
    s->occ[(*n)++] = (uint64_t)key << 32 | (form == VOCAB_SAME ? key : form);
    return 0;
}

/* Collects the term occurrences of toks[first..first+n) as (key, form) ids: the keys of
 * precis_corpus (corpus.h decides which tokens are terms and which make phrases), each with
 * its normalised (case-folded) words joined by a space as the surface form, as
 * precis_counts_add_doc() has them, so a period read from the store equals one counted
 * directly. Counts the term tokens into *tokens. */
static precis_status collect(precis_store *s, const precis_pipeline *p, const precis_doc *d,
                             int title, size_t first, size_t n, const char *text, size_t *nocc,
                             uint64_t *tokens)
{
    for (size_t i = 0; i < n; i++) {
        const precis_token *const t =
            title ? precis_doc_title_token(d, first + i) : precis_doc_token(d, first + i);
        if (!corpus_token_is_term(t))
            continue;
        size_t len = 0, nlen = 0;
        const char *const stem = precis_pipeline_term(p, t->stem, &len);
        const char *const norm = precis_pipeline_term(p, t->norm, &nlen);
        if (!stem || !norm)
            continue;
        (*tokens)++;
        if (push_occ(s, nocc, term_id(s, p, t->stem, stem, len),
                     t->norm == t->stem ? VOCAB_SAME : term_id(s, p, t->norm, norm, nlen)))
            return PRECIS_ENOMEM;
        if (!corpus_token_in_phrase(t))
            continue;
        s->key.len = s->surf.len = 0;
        if (buf_append(&s->key, stem, len) || buf_append(&s->surf, norm, nlen))
            return PRECIS_ENOMEM;
        const precis_token *prev = t;
        for (size_t k = 1; k < CORPUS_MAX_PHRASE && i + k < n; k++) {
            const precis_token *const u = title ? precis_doc_title_token(d, first + i + k)
                                                : precis_doc_token(d, first + i + k);
            if (!corpus_token_in_phrase(u) || !corpus_tokens_adjacent(text, prev, u))
                break;
            const char *const us = precis_pipeline_term(p, u->stem, &len);
            const char *const uns = precis_pipeline_term(p, u->norm, &nlen);
            if (!us || !uns)
                break;
            if (buf_putc(&s->key, ' ') || buf_append(&s->key, us, len) || buf_putc(&s->surf, ' ') ||
                buf_append(&s->surf, uns, nlen))
                return PRECIS_ENOMEM;
            const uint32_t kid = vocab_intern(s->strings, s->key.data, s->key.len);
            const int same =
                s->key.len == s->surf.len && memcmp(s->key.data, s->surf.data, s->key.len) == 0;
            if (push_occ(s, nocc, kid,
                         same ? kid : vocab_intern(s->strings, s->surf.data, s->surf.len)))
                return PRECIS_ENOMEM;
            prev = u;
        }
    }
    return PRECIS_OK;
}

/* The term counts of d into s->doc; *tokens gets its term tokens. */
static precis_status count_doc(precis_store *s, const precis_pipeline *p, const precis_doc *d,
                               uint64_t *tokens)
{
    const precis_article *const a = precis_doc_article(d);
    const char *const title = precis_article_title(a);
    size_t nocc = 0;
    *tokens = 0;
    s->doc.nt = s->doc.nf = 0;
    precis_status st;
    if (title && precis_doc_title_token_count(d) &&
        (st = collect(s, p, d, 1, 0, precis_doc_title_token_count(d), title, &nocc, tokens)))
        return st;
    const char *const text = precis_article_text(a, NULL);
    const size_t ns = precis_doc_sentence_count(d);
    for (size_t i = 0; i < ns; i++) {
        const precis_sentence *const sen = precis_doc_sentence(d, i);
        if ((st = collect(s, p, d, 0, sen->first_token, sen->token_count, text, &nocc, tokens)))
            return st;
    }
    sort_u64(s->occ, nocc);
    for (size_t i = 0; i < nocc;) {
        const uint32_t key = (uint32_t)(s->occ[i] >> 32);
        if (push_term(&s->doc, key, 0, 1))
            return PRECIS_ENOMEM;
        size_t j = i;
        while (j < nocc && (uint32_t)(s->occ[j] >> 32) == key) {
            size_t k = j;
            while (k < nocc && s->occ[k] == s->occ[j])
                k++;
            if (push_form(&s->doc, (uint32_t)s->occ[j], (int64_t)(k - j)))
                return PRECIS_ENOMEM;
            j = k;
        }
        s->doc.t[s->doc.nt - 1].tokens = (int64_t)(j - i);
        i = j;
    }
    return PRECIS_OK;
}

static void bind_text(sqlite3_stmt *q, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(q, i, s, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(q, i);
}

precis_status precis_store_add(precis_store *s, const precis_pipeline *p, const precis_doc *d,
                               const precis_store_add_options *opts, precis_store_outcome *outcome)
{
    static const precis_store_add_options defaults = {PRECIS_STORE_UPDATE, {0, 0, 0}};
    *outcome = PRECIS_STORE_ADDED;
    s->error[0] = '\0';
    if (!opts)
        opts = &defaults;
    if (!s->in_batch)
        return fail_msg(s, PRECIS_EINVAL, "no batch is open");
    if (!s->dry && sqlite3_get_autocommit(s->db)) /* SQLite dropped it after an error */
        return fail_msg(s, PRECIS_EDB, "the batch was rolled back after an error");
    const precis_article *const a = precis_doc_article(d);
    const char *const id = precis_article_id(a);
    size_t len = 0;
    const char *const text = precis_article_text(a, &len);
    const uint64_t hash = hash_bytes(text, len);
    precis_date date = precis_article_date(a);
    if (!date_is_full(&date) && date_is_full(&opts->date))
        date = opts->date;
    const int32_t day = date_is_full(&date) ? (int32_t)date_to_days(&date) : UNDATED;

    /* Is the id known? Its old counts are read now, as the row is about to change. */
    precis_status st = PRECIS_OK;
    int known = 0;
    int32_t old_day = UNDATED;
    int64_t old_tokens = 0;
    sqlite3_stmt *const q = s->find;
    sqlite3_reset(q);
    sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        known = 1;
        const uint64_t old_hash = (uint64_t)sqlite3_column_int64(q, 0);
        if (opts->policy == PRECIS_STORE_SKIP ||
            (opts->policy == PRECIS_STORE_UPDATE && old_hash == hash)) {
            sqlite3_reset(q);
            *outcome =
                opts->policy == PRECIS_STORE_SKIP ? PRECIS_STORE_SKIPPED : PRECIS_STORE_UNCHANGED;
            return PRECIS_OK;
        }
        old_day = sqlite3_column_type(q, 1) == SQLITE_NULL ? UNDATED
                                                           : (int32_t)sqlite3_column_int64(q, 1);
        old_tokens = sqlite3_column_int64(q, 2);
        st = decode_counts(s, sqlite3_column_blob(q, 3), (size_t)sqlite3_column_bytes(q, 3), 0,
                           &s->old);
    } else if (rc != SQLITE_DONE) {
        st = fail_db(s, "looking up an article");
    }
    sqlite3_reset(q);
    if (st != PRECIS_OK)
        return st;

    uint64_t tokens = 0;
    if ((st = count_doc(s, p, d, &tokens)) != PRECIS_OK)
        return st;
    /* Reserve first: once the row is written, the aggregates must follow without failing. */
    const size_t more = s->doc.nt + s->doc.nf + (known ? s->old.nt + s->old.nf : 0) + 2;
    if (encode_counts(&s->doc, 0, &s->blob) || agg_reserve(&s->batch, more))
        return PRECIS_ENOMEM;
    if (!s->dry) {
        char iso[16];
        precis_date_format(&date, iso, sizeof iso);
        sqlite3_stmt *const w = s->put;
        sqlite3_reset(w);
        sqlite3_bind_text(w, 1, id, -1, SQLITE_STATIC);
        sqlite3_bind_text(w, 2, precis_article_path(a), -1, SQLITE_STATIC);
        bind_text(w, 3, precis_article_title(a));
        bind_text(w, 4, iso[0] ? iso : NULL);
        if (day == UNDATED)
            sqlite3_bind_null(w, 5);
        else
            sqlite3_bind_int64(w, 5, day);
        bind_text(w, 6, precis_doc_lang(d));
        sqlite3_bind_int64(w, 7, (sqlite3_int64)hash);
        sqlite3_bind_int64(w, 8, (sqlite3_int64)tokens);
        sqlite3_bind_blob(w, 9, s->blob.data, (int)s->blob.len, SQLITE_STATIC);
        rc = sqlite3_step(w);
        sqlite3_reset(w);
        sqlite3_clear_bindings(w);
        if (rc != SQLITE_DONE)
            return fail_db(s, "writing an article");
    }
    if (known) {
        apply_counts(&s->batch, old_day, &s->old, -1);
        agg_add(&s->batch, old_day, NONE, NONE, -old_tokens, -1);
    }
    apply_counts(&s->batch, day, &s->doc, 1);
    agg_add(&s->batch, day, NONE, NONE, (int64_t)tokens, 1);
    *outcome = known ? PRECIS_STORE_REPLACED : PRECIS_STORE_ADDED;
    return PRECIS_OK;
}

/* ---- queries ----------------------------------------------------------------------------- */

/* Queries run in a read transaction, so that the days and strings they read agree even while
 * a writer commits. A handle inside its own batch reads its own uncommitted state. */
static precis_status read_begin(precis_store *s, int *began)
{
    *began = 0;
    s->error[0] = '\0';
    if (!s->in_batch) {
        precis_status st = exec(s, "BEGIN");
        if (st != PRECIS_OK)
            return st;
        *began = 1;
        if ((st = strings_sync(s)) != PRECIS_OK) {
            sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
            *began = 0;
            return st;
        }
    }
    return PRECIS_OK;
}

static void read_end(precis_store *s, int began)
{
    if (began)
        sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
}

/* Day range of from..to; NULL ends are open. PRECIS_EINVAL for a partial date. */
static precis_status day_range(precis_store *s, const precis_date *from, const precis_date *to,
                               int64_t *lo, int64_t *hi)
{
    *lo = (int64_t)UNDATED + 1;
    *hi = INT32_MAX;
    if ((from && !date_is_full(from)) || (to && !date_is_full(to)))
        return fail_msg(s, PRECIS_EINVAL, "a period needs full dates");
    if (from)
        *lo = (int32_t)date_to_days(from);
    if (to)
        *hi = (int32_t)date_to_days(to);
    return PRECIS_OK;
}

/* A period's counts: by term id, tokens and docs, and the form shown (NONE when absent). */
typedef struct period_sum {
    int64_t *tokens, *docs;
    uint32_t *best;
    uint64_t total_tokens, total_docs;
} period_sum;

static void period_free(period_sum *ps)
{
    free(ps->tokens);
    free(ps->docs);
    free(ps->best);
    memset(ps, 0, sizeof *ps);
}

/* 1 when form a with ta tokens is shown before form b with tb: more tokens, then byte order
 * (the rule of precis_counts, so both show the same form). */
static int better_form(const precis_store *s, uint32_t a, int64_t ta, uint32_t b, int64_t tb)
{
    if (ta != tb)
        return ta > tb;
    size_t la = 0, lb = 0;
    const char *const sa = vocab_str(s->strings, a, &la);
    const char *const sb = vocab_str(s->strings, b, &lb);
    const int r = memcmp(sa, sb, la < lb ? la : lb);
    return r < 0 || (r == 0 && la < lb);
}

/* Sums the days lo..hi. Forms are summed exactly, in a table keyed by (term, form). */
static precis_status sum_days(precis_store *s, int64_t lo, int64_t hi, period_sum *ps)
{
    precis_status st = PRECIS_ENOMEM;
    sqlite3_stmt *q = NULL;
    counts day = {0};
    agg forms = {0};
    int64_t *ftok = NULL;
    const size_t n = vocab_count(s->strings);
    memset(ps, 0, sizeof *ps);
    ps->tokens = calloc(n ? n : 1, sizeof *ps->tokens);
    ps->docs = calloc(n ? n : 1, sizeof *ps->docs);
    ps->best = malloc((n ? n : 1) * sizeof *ps->best);
    ftok = calloc(n ? n : 1, sizeof *ftok);
    if (!ps->tokens || !ps->docs || !ps->best || !ftok)
        goto fail;
    for (size_t i = 0; i < n; i++)
        ps->best[i] = NONE;
    if ((st = prepare(s, &q,
                      "SELECT tokens, docs, terms FROM days WHERE day BETWEEN ?1 AND ?2"
                      " ORDER BY day")) != PRECIS_OK)
        goto fail;
    sqlite3_bind_int64(q, 1, lo);
    sqlite3_bind_int64(q, 2, hi);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        ps->total_tokens += (uint64_t)sqlite3_column_int64(q, 0);
        ps->total_docs += (uint64_t)sqlite3_column_int64(q, 1);
        if ((st = decode_counts(s, sqlite3_column_blob(q, 2), (size_t)sqlite3_column_bytes(q, 2), 1,
                                &day)) != PRECIS_OK)
            goto fail;
        st = PRECIS_ENOMEM;
        if (agg_reserve(&forms, day.nf))
            goto fail;
        for (size_t i = 0; i < day.nt; i++) {
            const tcount *const e = &day.t[i];
            ps->tokens[e->term] += e->tokens;
            ps->docs[e->term] += e->docs;
            for (size_t k = e->first; k < e->first + e->nforms; k++)
                agg_add(&forms, 0, e->term, day.f[k].form, day.f[k].tokens, 0);
        }
    }
    if (rc != SQLITE_DONE) {
        st = fail_db(s, "reading days");
        goto fail;
    }
    /* The best form of each term: a total order, so the table's order does not matter. */
    for (size_t i = 0; forms.slot && i <= forms.mask; i++) {
        const agg_slot *const f = &forms.slot[i];
        if (!f->used || f->tokens <= 0)
            continue;
        if (ps->best[f->term] == NONE ||
            better_form(s, f->form, f->tokens, ps->best[f->term], ftok[f->term])) {
            ps->best[f->term] = f->form;
            ftok[f->term] = f->tokens;
        }
    }
    st = PRECIS_OK;
fail:
    sqlite3_finalize(q);
    counts_free(&day);
    agg_clear(&forms);
    free(ftok);
    if (st != PRECIS_OK)
        period_free(ps);
    return st;
}

precis_status precis_store_terms(precis_store *s, const precis_date *from, const precis_date *to,
                                 precis_store_term_fn fn, void *ctx, uint64_t *tokens,
                                 uint64_t *docs)
{
    int64_t lo, hi;
    int began;
    period_sum ps = {0};
    precis_status st = day_range(s, from, to, &lo, &hi);
    if (st != PRECIS_OK)
        return st;
    if ((st = read_begin(s, &began)) != PRECIS_OK)
        return st;
    if ((st = sum_days(s, lo, hi, &ps)) != PRECIS_OK)
        goto fail;
    const size_t n = vocab_count(s->strings);
    for (size_t i = 0; i < n && st == PRECIS_OK; i++) {
        if (ps.tokens[i] <= 0)
            continue;
        size_t len = 0;
        const char *const key = vocab_str(s->strings, (uint32_t)i, &len);
        const char *const surface =
            ps.best[i] == NONE ? key : vocab_str(s->strings, ps.best[i], NULL);
        st = fn(ctx, key, len, surface, (uint64_t)ps.tokens[i], (uint64_t)ps.docs[i]);
    }
    if (st == PRECIS_OK) {
        if (tokens)
            *tokens = ps.total_tokens;
        if (docs)
            *docs = ps.total_docs;
    }
fail:
    period_free(&ps);
    read_end(s, began);
    return st;
}

static precis_status add_to_counts(void *ctx, const char *key, size_t keylen, const char *surface,
                                   uint64_t tokens, uint64_t docs)
{
    return precis_counts_add_term(ctx, key, keylen, surface, tokens, docs);
}

precis_status precis_store_counts(precis_store *s, const precis_date *from, const precis_date *to,
                                  precis_counts *out)
{
    uint64_t tokens = 0, docs = 0;
    precis_status st = precis_store_terms(s, from, to, add_to_counts, out, &tokens, &docs);
    if (st == PRECIS_OK)
        st = precis_counts_add_totals(out, tokens, docs);
    return st;
}

/* First and last dated day; *any = 0 when the store holds no dated article. */
static precis_status dated_range(precis_store *s, int64_t *lo, int64_t *hi, int *any)
{
    sqlite3_stmt *q = NULL;
    precis_status st = prepare(s, &q, "SELECT min(day), max(day) FROM days WHERE day>?1");
    if (st != PRECIS_OK)
        return st;
    sqlite3_bind_int64(q, 1, UNDATED);
    *any = 0;
    if (sqlite3_step(q) == SQLITE_ROW) {
        if (sqlite3_column_type(q, 0) != SQLITE_NULL) {
            *any = 1;
            *lo = sqlite3_column_int64(q, 0);
            *hi = sqlite3_column_int64(q, 1);
        }
    } else {
        st = fail_db(s, "reading days");
    }
    sqlite3_finalize(q);
    return st;
}

precis_status precis_store_series(precis_store *s, const precis_date *from, const precis_date *to,
                                  const char *const *keys, size_t nkeys, precis_store_day_fn fn,
                                  void *ctx)
{
    int64_t lo, hi, first = 0, last = -1;
    int began, any;
    sqlite3_stmt *q = NULL;
    uint32_t *ids = NULL;
    uint64_t *kt = NULL, *kd = NULL;
    counts day = {0};
    precis_status st = day_range(s, from, to, &lo, &hi);
    if (st != PRECIS_OK)
        return st;
    if ((st = read_begin(s, &began)) != PRECIS_OK)
        return st;
    st = PRECIS_ENOMEM;
    const size_t nk = nkeys ? nkeys : 1;
    ids = malloc(nk * sizeof *ids);
    kt = calloc(nk, sizeof *kt);
    kd = calloc(nk, sizeof *kd);
    if (!ids || !kt || !kd)
        goto fail;
    for (size_t i = 0; i < nkeys; i++)
        ids[i] = vocab_find(s->strings, keys[i], strlen(keys[i]));
    if ((st = dated_range(s, &first, &last, &any)) != PRECIS_OK)
        goto fail;
    if (!from)
        lo = any ? first : 0;
    if (!to)
        hi = any ? last : -1;
    if ((st = prepare(s, &q,
                      "SELECT day, tokens, docs, terms FROM days WHERE day BETWEEN ?1 AND"
                      " ?2 ORDER BY day")) != PRECIS_OK)
        goto fail;
    sqlite3_bind_int64(q, 1, lo);
    sqlite3_bind_int64(q, 2, hi);
    int rc = sqlite3_step(q);
    for (int64_t d = lo; d <= hi; d++) {
        uint64_t tokens = 0, docs = 0;
        memset(kt, 0, nk * sizeof *kt);
        memset(kd, 0, nk * sizeof *kd);
        if (rc == SQLITE_ROW && sqlite3_column_int64(q, 0) == d) {
            tokens = (uint64_t)sqlite3_column_int64(q, 1);
            docs = (uint64_t)sqlite3_column_int64(q, 2);
            if ((st = decode_counts(s, sqlite3_column_blob(q, 3),
                                    (size_t)sqlite3_column_bytes(q, 3), 1, &day)) != PRECIS_OK)
                goto fail;
            for (size_t i = 0; i < day.nt; i++)
                for (size_t k = 0; k < nkeys; k++)
                    if (ids[k] == day.t[i].term) {
                        kt[k] = (uint64_t)day.t[i].tokens;
                        kd[k] = (uint64_t)day.t[i].docs;
                    }
            rc = sqlite3_step(q);
        }
        const precis_date date = date_from_days((int32_t)d);
        if ((st = fn(ctx, &date, tokens, docs, kt, kd)) != PRECIS_OK)
            goto fail;
    }
    st = rc == SQLITE_DONE || rc == SQLITE_ROW ? PRECIS_OK : fail_db(s, "reading days");
fail:
    sqlite3_finalize(q);
    counts_free(&day);
    free(ids);
    free(kt);
    free(kd);
    read_end(s, began);
    return st;
}

precis_status precis_store_load_corpus(precis_store *s, precis_corpus *c)
{
    int began;
    period_sum ps = {0};
    precis_status st = read_begin(s, &began);
    if (st != PRECIS_OK)
        return st;
    /* Every day row, the undated one included, sums to the document frequencies. */
    if ((st = sum_days(s, (int64_t)UNDATED, INT32_MAX, &ps)) != PRECIS_OK)
        goto fail;
    const size_t n = vocab_count(s->strings);
    for (size_t i = 0; i < n && st == PRECIS_OK; i++) {
        if (ps.docs[i] <= 0)
            continue;
        size_t len = 0;
        const char *const key = vocab_str(s->strings, (uint32_t)i, &len);
        st = precis_corpus_add_df(c, key, len, (size_t)ps.docs[i]);
    }
    if (st == PRECIS_OK)
        precis_corpus_add_docs(c, (size_t)ps.total_docs);
fail:
    period_free(&ps);
    read_end(s, began);
    return st;
}

void precis_stats_free(precis_stats *st)
{
    if (!st)
        return;
    free(st->langs);
    free(st->periods);
    free(st);
}

static precis_status stats_langs(precis_store *s, precis_stats *r)
{
    sqlite3_stmt *q = NULL;
    precis_status st = prepare(s, &q,
                               "SELECT coalesce(lang,''), count(*) FROM articles GROUP BY 1"
                               " ORDER BY 2 DESC, 1");
    size_t cap = 0;
    int rc;
    while (st == PRECIS_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (GROW(r->langs, cap, r->nlangs + 1)) {
            st = PRECIS_ENOMEM;
            break;
        }
        precis_stats_count *const e = &r->langs[r->nlangs++];
        memset(e, 0, sizeof *e);
        snprintf(e->name, sizeof e->name, "%s", (const char *)sqlite3_column_text(q, 0));
        e->articles = (uint64_t)sqlite3_column_int64(q, 1);
    }
    if (st == PRECIS_OK && rc != SQLITE_DONE)
        st = fail_db(s, "reading articles");
    sqlite3_finalize(q);
    return st;
}

static precis_status stats_totals(precis_store *s, precis_stats *r)
{
    sqlite3_stmt *q = NULL;
    precis_status st = prepare(s, &q,
                               "SELECT count(*), count(day), coalesce(sum(tokens),0)"
                               " FROM articles");
    if (st != PRECIS_OK)
        return st;
    if (sqlite3_step(q) == SQLITE_ROW) {
        r->articles = (uint64_t)sqlite3_column_int64(q, 0);
        r->dated = (uint64_t)sqlite3_column_int64(q, 1);
        r->undated = r->articles - r->dated;
        r->tokens = (uint64_t)sqlite3_column_int64(q, 2);
    } else {
        st = fail_db(s, "reading articles");
    }
    sqlite3_finalize(q);
    return st;
}

/* Periods and the vocabulary: one pass over the day rows. */
static precis_status stats_days(precis_store *s, precis_period_unit by, precis_stats *r)
{
    sqlite3_stmt *q = NULL;
    counts day = {0};
    size_t cap = 0;
    const size_t n = vocab_count(s->strings);
    unsigned char *seen = calloc(n ? n : 1, 1);
    precis_status st =
        seen ? prepare(s, &q, "SELECT day, tokens, docs, terms FROM days ORDER BY day")
             : PRECIS_ENOMEM;
    int64_t period = 0;
    int rc = SQLITE_DONE;
    while (st == PRECIS_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        const int64_t d = sqlite3_column_int64(q, 0);
        if ((st = decode_counts(s, sqlite3_column_blob(q, 3), (size_t)sqlite3_column_bytes(q, 3), 1,
                                &day)) != PRECIS_OK)
            break;
        for (size_t i = 0; i < day.nt; i++)
            if (!seen[day.t[i].term]) {
                seen[day.t[i].term] = 1;
                r->vocabulary++;
            }
        if (d == UNDATED)
            continue;
        const precis_date date = date_from_days((int32_t)d);
        if (!r->first.year)
            r->first = date;
        r->last = date;
        char label[sizeof r->periods->name];
        const int64_t pi = store_period_of((int32_t)d, by, label, sizeof label);
        if (!r->nperiods || pi != period) {
            if (GROW(r->periods, cap, r->nperiods + 1)) {
                st = PRECIS_ENOMEM;
                break;
            }
            memset(&r->periods[r->nperiods], 0, sizeof *r->periods);
            memcpy(r->periods[r->nperiods].name, label, sizeof label);
            r->nperiods++;
            period = pi;
        }
        r->periods[r->nperiods - 1].tokens += (uint64_t)sqlite3_column_int64(q, 1);
        r->periods[r->nperiods - 1].articles += (uint64_t)sqlite3_column_int64(q, 2);
    }
    if (st == PRECIS_OK && rc != SQLITE_DONE)
        st = fail_db(s, "reading days");
    sqlite3_finalize(q);
    counts_free(&day);
    free(seen);
    return st;
}

precis_status precis_store_stats(precis_store *s, precis_period_unit by, precis_stats **out)
{
    *out = NULL;
    int began;
    precis_status st = read_begin(s, &began);
    if (st != PRECIS_OK)
        return st;
    precis_stats *r = calloc(1, sizeof *r);
    if (!r) {
        st = PRECIS_ENOMEM;
        goto fail;
    }
    if ((st = stats_totals(s, r)) != PRECIS_OK || (st = stats_langs(s, r)) != PRECIS_OK ||
        (st = stats_days(s, by, r)) != PRECIS_OK)
        goto fail;
    *out = r;
    r = NULL;
fail:
    precis_stats_free(r);
    read_end(s, began);
    return st;
}

/* ---- checks for tests ------------------------------------------------------------------------ */

struct sqlite3 *store_sqlite(precis_store *s)
{
    return s->db;
}

precis_status store_check(precis_store *s, size_t *mismatches)
{
    *mismatches = 0;
    int began;
    agg a = {0};
    sqlite3_stmt *q = NULL;
    counts c = {0};
    precis_status st = read_begin(s, &began);
    if (st != PRECIS_OK)
        return st;
    /* Every article's counts added, every day row taken away: what is left must be zero. */
    static const char *const sql[2] = {"SELECT coalesce(day,?1), tokens, 1, counts FROM articles",
                                       "SELECT day, tokens, docs, terms FROM days"};
    for (int pass = 0; pass < 2; pass++) {
        if ((st = prepare(s, &q, sql[pass])) != PRECIS_OK)
            goto fail;
        if (pass == 0)
            sqlite3_bind_int64(q, 1, UNDATED);
        int rc;
        while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
            const int32_t day = (int32_t)sqlite3_column_int64(q, 0);
            if ((st = decode_counts(s, sqlite3_column_blob(q, 3),
                                    (size_t)sqlite3_column_bytes(q, 3), pass, &c)) != PRECIS_OK)
                goto fail;
            st = PRECIS_ENOMEM;
            if (agg_reserve(&a, c.nt + c.nf + 1))
                goto fail;
            const int sign = pass ? -1 : 1;
            apply_counts(&a, day, &c, sign);
            agg_add(&a, day, NONE, NONE, sign * sqlite3_column_int64(q, 1),
                    sign * sqlite3_column_int64(q, 2));
        }
        sqlite3_finalize(q);
        q = NULL;
        if (rc != SQLITE_DONE) {
            st = fail_db(s, "reading the store");
            goto fail;
        }
    }
    for (size_t i = 0; a.slot && i <= a.mask; i++)
        if (a.slot[i].used && (a.slot[i].tokens || a.slot[i].docs))
            ++*mismatches;
    st = PRECIS_OK;
fail:
    sqlite3_finalize(q);
    counts_free(&c);
    agg_clear(&a);
    read_end(s, began);
    return st;
}
