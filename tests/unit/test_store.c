/* test_store.c - the corpus store: add, unchanged, replace and skip with the per-day aggregates
 * checked against a recount; foreign and old files; a writer killed mid-batch; WAL readers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "precis.h"
#include "date.h"
#include "store.h"

/* ---- fixtures ------------------------------------------------------------------------------ */

static char dir[64];
static char dbpath[128];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/precis-test-store-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    snprintf(dbpath, sizeof dbpath, "%s/corpus.db", dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* A JSON Lines record; text and title must not need JSON escapes. */
static char *record(const char *id, const char *date, const char *title, const char *text)
{
    char *s = malloc(strlen(text) + strlen(title) + 256);
    assert_non_null(s);
    if (date)
        sprintf(
            s, "{\"id\":\"%s\",\"date\":\"%s\",\"title\":\"%s\",\"lang\":\"en\",\"text\":\"%s\"}\n",
            id, date, title, text);
    else
        sprintf(s, "{\"id\":\"%s\",\"title\":\"%s\",\"lang\":\"en\",\"text\":\"%s\"}\n", id, title,
                text);
    return s;
}

/* Reads the one article of a record and analyses it. */
static precis_doc *analyse(precis_pipeline *p, const char *rec, precis_article **art)
{
    precis_reader *r = NULL;
    assert_int_equal(precis_reader_new(NULL, &r), PRECIS_OK);
    assert_int_equal(precis_reader_add_memory(r, "mem.jsonl", rec, strlen(rec)), PRECIS_OK);
    assert_int_equal(precis_reader_next(r, art), PRECIS_OK);
    assert_non_null(*art);
    precis_doc *d = NULL;
    assert_int_equal(precis_pipeline_analyze(p, *art, &d), PRECIS_OK);
    precis_reader_free(r);
    return d;
}

static precis_store_outcome add(precis_store *s, precis_pipeline *p, const char *id,
                                const char *date, const char *title, const char *text,
                                precis_store_policy policy)
{
    char *rec = record(id, date, title, text);
    precis_article *a = NULL;
    precis_doc *d = analyse(p, rec, &a);
    precis_store_add_options o = {policy, {0, 0, 0}};
    precis_store_outcome out = PRECIS_STORE_SKIPPED;
    assert_int_equal(precis_store_add(s, p, d, &o, &out), PRECIS_OK);
    precis_doc_free(d);
    precis_article_free(a);
    free(rec);
    return out;
}

static precis_pipeline *pipeline(void)
{
    precis_pipeline_options o = {"en", NULL, 0};
    precis_pipeline *p = NULL;
    assert_int_equal(precis_pipeline_new(&o, &p), PRECIS_OK);
    return p;
}

static void assert_consistent(precis_store *s)
{
    size_t bad = 99;
    assert_int_equal(store_check(s, &bad), PRECIS_OK);
    assert_int_equal(bad, 0);
}

static const char *const text_a =
    "Dockers at the port of Marenia walked out on Monday. The port strike halted grain ships, "
    "and the port strike spread to the rail yards by evening.";
static const char *const text_b =
    "Flood warnings were raised along the river Lenn. Port officials said grain ships waited "
    "outside the harbour while the river rose.";
static const char *const text_c =
    "The central bank held rates. Traders said the port strike weighed on grain prices.";
static const char *const text_a2 =
    "Dockers at the port of Marenia returned to work on Friday after the port strike ended.";

/* Recounts the given records with precis_counts_add_doc and compares with the store. */
static void assert_counts_match(precis_store *s, const char *const *recs, size_t n,
                                const precis_date *from, const precis_date *to)
{
    precis_pipeline *p = pipeline();
    precis_counts *direct = NULL, *stored = NULL;
    assert_int_equal(precis_counts_new(&direct), PRECIS_OK);
    assert_int_equal(precis_counts_new(&stored), PRECIS_OK);
    for (size_t i = 0; i < n; i++) {
        precis_article *a = NULL;
        precis_doc *d = analyse(p, recs[i], &a);
        assert_int_equal(precis_counts_add_doc(direct, p, d, 3), PRECIS_OK);
        precis_doc_free(d);
        precis_article_free(a);
    }
    assert_int_equal(precis_store_counts(s, from, to, stored), PRECIS_OK);
    assert_int_equal(precis_counts_size(stored), precis_counts_size(direct));
    assert_int_equal(precis_counts_total_tokens(stored), precis_counts_total_tokens(direct));
    assert_int_equal(precis_counts_total_docs(stored), precis_counts_total_docs(direct));
    for (size_t i = 0; i < precis_counts_size(direct); i++) {
        const char *key = NULL, *surface = NULL, *ssurface = NULL;
        uint64_t tok = 0, docs = 0, stok = 0, sdocs = 0;
        assert_int_equal(precis_counts_term(direct, i, &key, &surface, &tok, &docs), PRECIS_OK);
        precis_counts_lookup(stored, key, strlen(key), &stok, &sdocs);
        if (stok != tok || sdocs != docs)
            fail_msg("key '%s': store %llu/%llu, recount %llu/%llu", key, (unsigned long long)stok,
                     (unsigned long long)sdocs, (unsigned long long)tok, (unsigned long long)docs);
        for (size_t j = 0; j < precis_counts_size(stored); j++) {
            const char *k2 = NULL;
            precis_counts_term(stored, j, &k2, &ssurface, NULL, NULL);
            if (strcmp(k2, key) == 0)
                break;
        }
        assert_string_equal(ssurface, surface);
    }
    precis_counts_free(direct);
    precis_counts_free(stored);
    precis_pipeline_free(p);
}

/* ---- add, unchanged, replace, skip ------------------------------------------------------ */

static void add_unchanged_replace_skip(void **state)
{
    (void)state;
    precis_pipeline *p = pipeline();
    precis_store *s = NULL;
    char *err = NULL;
    assert_int_equal(precis_store_open(dbpath, PRECIS_STORE_WRITE | PRECIS_STORE_CREATE, &s, &err),
                     PRECIS_OK);
    assert_null(err);
    assert_int_equal(precis_store_begin(s), PRECIS_OK);
    assert_int_equal(add(s, p, "a", "2024-03-01", "Port strike", text_a, PRECIS_STORE_UPDATE),
                     PRECIS_STORE_ADDED);
    assert_int_equal(add(s, p, "b", "2024-03-03", "Flood warnings", text_b, PRECIS_STORE_UPDATE),
                     PRECIS_STORE_ADDED);
    assert_int_equal(add(s, p, "c", NULL, "Rates", text_c, PRECIS_STORE_UPDATE),
                     PRECIS_STORE_ADDED);
    assert_int_equal(precis_store_commit(s), PRECIS_OK);
    assert_consistent(s);

    char *ra = record("a", "2024-03-01", "Port strike", text_a);
    char *rb = record("b", "2024-03-03", "Flood warnings", text_b);
    const char *dated[] = {ra, rb};
    assert_counts_match(s, dated, 2, NULL, NULL);
    const precis_date d1 = {2024, 3, 1}, d2 = {2024, 3, 2};
    assert_counts_match(s, dated, 1, &d1, &d2);

    /* The same text again: nothing to do; a changed one replaces; skip keeps the old. */
    assert_int_equal(precis_store_begin(s), PRECIS_OK);
    assert_int_equal(add(s, p, "a", "2024-03-01", "Port strike", text_a, PRECIS_STORE_UPDATE),
                     PRECIS_STORE_UNCHANGED);
    assert_int_equal(add(s, p, "b", "2024-03-03", "Flood warnings", text_a2, PRECIS_STORE_SKIP),
                     PRECIS_STORE_SKIPPED);
    /* a moves to another day with another text: both days must be corrected. */
    assert_int_equal(add(s, p, "a", "2024-03-05", "Strike ends", text_a2, PRECIS_STORE_UPDATE),
                     PRECIS_STORE_REPLACED);
    assert_int_equal(add(s, p, "c", "2024-03-05", "Rates", text_c, PRECIS_STORE_REPLACE),
                     PRECIS_STORE_REPLACED);
    assert_int_equal(precis_store_commit(s), PRECIS_OK);
    assert_consistent(s);
    char *ra2 = record("a", "2024-03-05", "Strike ends", text_a2);
    char *rc = record("c", "2024-03-05", "Rates", text_c);
    const char *now[] = {ra2, rb, rc};
    assert_counts_match(s, now, 3, NULL, NULL);
    const char *day5[] = {ra2, rc};
    const precis_date d5 = {2024, 3, 5};
    assert_counts_match(s, day5, 2, &d5, &d5);
    assert_counts_match(s, now, 0, &d1, &d2); /* a left 1 March: nothing there now */

    precis_stats *st = NULL;
    assert_int_equal(precis_store_stats(s, PRECIS_BY_DAY, &st), PRECIS_OK);
    assert_int_equal(st->articles, 3);
    assert_int_equal(st->dated, 3);
    assert_int_equal(st->undated, 0);
    assert_int_equal(st->nperiods, 2);
    assert_string_equal(st->periods[0].name, "2024-03-03");
    assert_int_equal(st->periods[1].articles, 2);
    assert_int_equal(st->first.day, 3);
    assert_int_equal(st->last.day, 5);
    assert_int_equal(st->nlangs, 1);
    assert_string_equal(st->langs[0].name, "en");
    precis_stats_free(st);
    free(ra);
    free(rb);
    free(ra2);
    free(rc);
    precis_store_close(s);
    precis_pipeline_free(p);
}

/* Undated articles are stored and counted, left out of periods, and a date from outside the
 * article (e.g. its path) dates it. */
static void undated_and_given_dates(void **state)
{
    (void)state;
    precis_pipeline *p = pipeline();
    precis_store *s = NULL;
    assert_int_equal(precis_store_open(dbpath, PRECIS_STORE_WRITE | PRECIS_STORE_CREATE, &s, NULL),
                     PRECIS_OK);
    assert_int_equal(precis_store_begin(s), PRECIS_OK);
    add(s, p, "u", NULL, "Rates", text_c, PRECIS_STORE_UPDATE);
    add(s, p, "m", "2024-03", "Flood warnings", text_b, PRECIS_STORE_UPDATE);
    char *rec = record("g", NULL, "Port strike", text_a);
    precis_article *a = NULL;
    precis_doc *d = analyse(p, rec, &a);
    precis_store_add_options o = {PRECIS_STORE_UPDATE, {2024, 2, 29}};
    precis_store_outcome out;
    assert_int_equal(precis_store_add(s, p, d, &o, &out), PRECIS_OK);
    precis_doc_free(d);
    precis_article_free(a);
    assert_int_equal(precis_store_commit(s), PRECIS_OK);
    precis_stats *st = NULL;
    assert_int_equal(precis_store_stats(s, PRECIS_BY_MONTH, &st), PRECIS_OK);
    assert_int_equal(st->articles, 3);
    assert_int_equal(st->dated, 1);
    assert_int_equal(st->undated, 2);
    assert_int_equal(st->nperiods, 1);
    assert_string_equal(st->periods[0].name, "2024-02");
    precis_stats_free(st);
    char *rg = record("g", "2024-02-29", "Port strike", text_a);
    const char *recs[] = {rg};
    assert_counts_match(s, recs, 1, NULL, NULL);
    assert_consistent(s);

    /* Document frequencies cover every article, dated or not. */
    precis_corpus *c = NULL;
    assert_int_equal(precis_corpus_new(&c), PRECIS_OK);
    assert_int_equal(precis_store_load_corpus(s, c), PRECIS_OK);
    assert_int_equal(precis_corpus_doc_count(c), 3);
    assert_int_equal(precis_corpus_df(c, "grain", 5), 3);
    assert_int_equal(precis_corpus_df(c, "port strike", 11), 2);
    assert_int_equal(precis_corpus_df(c, "river", 5), 1);
    precis_corpus_free(c);
    free(rg);
    free(rec);
    precis_store_close(s);
    precis_pipeline_free(p);
}

static precis_status collect_day(void *ctx, const precis_date *day, uint64_t tokens, uint64_t docs,
                                 const uint64_t *kt, const uint64_t *kd)
{
    char *out = ctx;
    char line[96];
    snprintf(line, sizeof line, "%02d:%llu/%llu:%llu/%llu:%llu ", day->day,
             (unsigned long long)docs, (unsigned long long)(tokens > 0), (unsigned long long)kt[0],
             (unsigned long long)kd[0], (unsigned long long)kt[1]);
    strcat(out, line);
    return PRECIS_OK;
}

static void series_with_gaps(void **state)
{
    (void)state;
    precis_pipeline *p = pipeline();
    precis_store *s = NULL;
    assert_int_equal(precis_store_open(dbpath, PRECIS_STORE_WRITE | PRECIS_STORE_CREATE, &s, NULL),
                     PRECIS_OK);
    assert_int_equal(precis_store_begin(s), PRECIS_OK);
    add(s, p, "a", "2024-03-01", "Port strike", text_a, PRECIS_STORE_UPDATE);
    add(s, p, "b", "2024-03-03", "Flood warnings", text_b, PRECIS_STORE_UPDATE);
    add(s, p, "c", "2024-03-03", "Rates", text_c, PRECIS_STORE_UPDATE);
    assert_int_equal(precis_store_commit(s), PRECIS_OK);
    const char *keys[] = {"port strike", "nosuchterm"};
    char out[512] = "";
    assert_int_equal(precis_store_series(s, NULL, NULL, keys, 2, collect_day, out), PRECIS_OK);
    /* "port strike": twice in a's text and once in its title; once in c. */
    assert_string_equal(out, "01:1/1:3/1:0 02:0/0:0/0:0 03:2/1:1/1:0 ");
    out[0] = '\0';
    const precis_date from = {2024, 2, 29}, to = {2024, 3, 1};
    assert_int_equal(precis_store_series(s, &from, &to, keys, 2, collect_day, out), PRECIS_OK);
    assert_string_equal(out, "29:0/0:0/0:0 01:1/1:3/1:0 ");
    const precis_date partial = {2024, 3, 0};
    assert_int_equal(precis_store_series(s, &partial, NULL, keys, 2, collect_day, out),
                     PRECIS_EINVAL);
    precis_store_close(s);
    precis_pipeline_free(p);
}

/* ---- rollback, crashes, readers ----------------------------------------------------------- */

static uint64_t article_count(precis_store *s)
{
    precis_stats *st = NULL;
    assert_int_equal(precis_store_stats(s, PRECIS_BY_DAY, &st), PRECIS_OK);
    const uint64_t n = st->articles;
    precis_stats_free(st);
    return n;
}

static void rollback_leaves_store(void **state)
{
    (void)state;
    precis_pipeline *p = pipeline();
    precis_store *s = NULL;
    assert_int_equal(precis_store_open(dbpath, PRECIS_STORE_WRITE | PRECIS_STORE_CREATE, &s, NULL),
                     PRECIS_OK);
    assert_int_equal(precis_store_begin(s), PRECIS_OK);
    add(s, p, "a", "2024-03-01", "Port strike", text_a, PRECIS_STORE_UPDATE);
    assert_int_equal(precis_store_commit(s), PRECIS_OK);
    assert_int_equal(precis_store_begin(s), PRECIS_OK);
    add(s, p, "b", "2024-03-02", "Flood warnings", text_b, PRECIS_STORE_UPDATE);
    add(s, p, "a", "2024-03-02", "Strike ends", text_a2, PRECIS_STORE_UPDATE);
    assert_int_equal(precis_store_rollback(s), PRECIS_OK);
    assert_int_equal(article_count(s), 1);
    assert_consistent(s);
    char *ra = record("a", "2024-03-01", "Port strike", text_a);
    const char *recs[] = {ra};
    assert_counts_match(s, recs, 1, NULL, NULL);
    /* The strings of the rolled-back batch are gone; new ones get consistent ids. */
    assert_int_equal(precis_store_begin(s), PRECIS_OK);
    add(s, p, "c", "2024-03-02", "Rates", text_c, PRECIS_STORE_UPDATE);
    assert_int_equal(precis_store_commit(s), PRECIS_OK);
    assert_consistent(s);
    char *rc = record("c", "2024-03-02", "Rates", text_c);
    const char *both[] = {ra, rc};
    assert_counts_match(s, both, 2, NULL, NULL);
    /* add outside a batch is refused. */
    char *rec = record("d", NULL, "x", text_b);
    precis_article *a = NULL;
    precis_doc *d = analyse(p, rec, &a);
    precis_store_outcome out;
    assert_int_equal(precis_store_add(s, p, d, NULL, &out), PRECIS_EINVAL);
    precis_doc_free(d);
    precis_article_free(a);
    free(rec);
    free(ra);
    free(rc);
    precis_store_close(s);
    precis_pipeline_free(p);
}

/* Article i of a generated feed: a few sentences drawn from a fixed vocabulary. */
static char *generated(size_t i, char *date, size_t dsize)
{
    static const char *const words[] = {
        "harbour", "dockers", "grain",   "tariff",  "ministry", "flood",   "river", "ferry",
        "wages",   "union",   "exports", "freight", "storm",    "council", "tram",  "bank"};
    char text[1024] = "";
    unsigned x = (unsigned)i * 2654435761u + 1;
    for (int sen = 0; sen < 6; sen++) {
        for (int w = 0; w < 7; w++) {
            x = x * 1103515245u + 12345u;
            strcat(text, words[(x >> 16) % 16]);
            strcat(text, w == 6 ? ". " : " ");
        }
    }
    snprintf(date, dsize, "2024-%02zu-%02zu", 1 + i / 28 % 12, 1 + i % 28);
    char id[32];
    snprintf(id, sizeof id, "gen-%zu", i);
    return record(id, date, "Feed", text);
}

/* Child: writes n generated articles in batches of `batch`, committing each; with
 * die_mid_batch, kills itself in the middle of the first batch. */
static void writer_child_from(size_t start, size_t n, size_t batch, int die_mid_batch)
{
    precis_pipeline *p = pipeline();
    precis_store *s = NULL;
    char *err = NULL;
    if (precis_store_open(dbpath, PRECIS_STORE_WRITE | PRECIS_STORE_CREATE, &s, &err)) {
        fprintf(stderr, "writer: %s\n", err ? err : "open failed");
        _exit(2);
    }
    for (size_t i = 0; i < n; i++) {
        if (i % batch == 0 && precis_store_begin(s))
            _exit(3);
        char date[16];
        char *rec = generated(start + i, date, sizeof date);
        precis_article *a = NULL;
        precis_doc *d = analyse(p, rec, &a);
        precis_store_outcome out;
        if (precis_store_add(s, p, d, NULL, &out))
            _exit(4);
        precis_doc_free(d);
        precis_article_free(a);
        free(rec);
        if (die_mid_batch && i == batch / 2)
            kill(getpid(), SIGKILL); /* a crash: no rollback, no close */
        if (i % batch == batch - 1 && precis_store_commit(s))
            _exit(5);
    }
    if (n % batch && precis_store_commit(s)) /* the last, partial batch */
        _exit(5);
    precis_store_close(s);
    precis_pipeline_free(p);
    _exit(0);
}

static void writer_child(size_t n, size_t batch, int die_mid_batch)
{
    writer_child_from(0, n, batch, die_mid_batch);
}

static void integrity_ok(void)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *q = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &q, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(q, 0), "ok");
    sqlite3_finalize(q);
    sqlite3_close(db);
}

/* A writer opening a store that is not yet in WAL mode while another connection holds the
 * write lock: the switch to WAL waits for it, as a batch waits for the lock, instead of failing
 * at once with "database is locked" (which two writers creating a new store together met about
 * once in seventy tries, as the two_writers test's rare failure). */
static void writer_waits_to_switch_to_wal(void **state)
{
    (void)state;
    precis_store *s = NULL;
    assert_int_equal(precis_store_open(dbpath, PRECIS_STORE_WRITE | PRECIS_STORE_CREATE, &s, NULL),
                     PRECIS_OK);
    precis_store_close(s);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    int ready[2];
    assert_int_equal(pipe(ready), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) { /* another writer in the middle of a write transaction for 300 ms */
        sqlite3 *r = NULL;
        if (sqlite3_open(dbpath, &r) != SQLITE_OK ||
            sqlite3_exec(r, "BEGIN IMMEDIATE; SELECT count(*) FROM articles;", NULL, NULL, NULL) !=
                SQLITE_OK)
            _exit(2);
        if (write(ready[1], "r", 1) != 1)
            _exit(3);
        nanosleep(&(struct timespec){0, 300000000L}, NULL);
        sqlite3_exec(r, "COMMIT", NULL, NULL, NULL);
        sqlite3_close(r);
        _exit(0);
    }
    char c;
    assert_int_equal(read(ready[0], &c, 1), 1);
    char *err = NULL;
    const precis_status st = precis_store_open(dbpath, PRECIS_STORE_WRITE, &s, &err);
    if (st != PRECIS_OK)
        print_error("%s\n", err ? err : "open failed");
    free(err);
    assert_int_equal(st, PRECIS_OK);
    precis_store_close(s);
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    close(ready[0]);
    close(ready[1]);
    assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
    sqlite3_stmt *q = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &q, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(q, 0), "wal");
    sqlite3_finalize(q);
    sqlite3_close(db);
}

static void crash_mid_batch(void **state)
{
    (void)state;
    /* First a committed batch of 20, then a child dies half-way through the next one. */
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0)
        writer_child(20, 20, 0);
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0)
        writer_child(100, 60, 1);
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    integrity_ok();
    precis_store *s = NULL;
    assert_int_equal(precis_store_open(dbpath, PRECIS_STORE_READONLY, &s, NULL), PRECIS_OK);
    assert_int_equal(article_count(s), 20);
    assert_consistent(s);
    precis_store_close(s);
}

static void kill9_during_batches(void **state)
{
    (void)state;
    enum { BATCH = 25 };
    srand((unsigned)time(NULL));
    for (int round = 0; round < 3; round++) {
        const pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0)
            writer_child(100000, BATCH, 0);
        const struct timespec wait = {0, 150000000L + (long)(rand() % 200) * 1000000L};
        nanosleep(&wait, NULL);
        assert_int_equal(kill(pid, SIGKILL), 0);
        int status = 0;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        assert_true(WIFSIGNALED(status));
        integrity_ok();
        precis_store *s = NULL;
        assert_int_equal(precis_store_open(dbpath, PRECIS_STORE_READONLY, &s, NULL), PRECIS_OK);
        const uint64_t n = article_count(s);
        /* Whole batches only, and the aggregates agree with the articles. */
        assert_int_equal(n % BATCH, 0);
        assert_consistent(s);
        precis_store_close(s);
    }
}

/* A full disk (here: a page limit) fails the add or the commit; rolled back, the store is as
 * before the batch and goes on working once there is room. */
static void full_disk(void **state)
{
    (void)state;
    precis_pipeline *p = pipeline();
    precis_store *s = NULL;
    assert_int_equal(precis_store_open(dbpath, PRECIS_STORE_WRITE | PRECIS_STORE_CREATE, &s, NULL),
                     PRECIS_OK);
    assert_int_equal(precis_store_begin(s), PRECIS_OK);
    add(s, p, "a", "2024-03-01", "Port strike", text_a, PRECIS_STORE_UPDATE);
    add(s, p, "b", "2024-03-03", "Flood warnings", text_b, PRECIS_STORE_UPDATE);
    assert_int_equal(precis_store_commit(s), PRECIS_OK);
    assert_int_equal(sqlite3_exec(store_sqlite(s), "PRAGMA max_page_count=1", NULL, NULL, NULL),
                     SQLITE_OK); /* as small as the file allows: no page can be added */
    assert_int_equal(precis_store_begin(s), PRECIS_OK);
    precis_status st = PRECIS_OK;
    for (size_t i = 0; i < 300 && st == PRECIS_OK; i++) {
        char date[16];
        char *rec = generated(i, date, sizeof date);
        precis_article *a = NULL;
        precis_doc *d = analyse(p, rec, &a);
        precis_store_outcome out;
        st = precis_store_add(s, p, d, NULL, &out);
        precis_doc_free(d);
        precis_article_free(a);
        free(rec);
    }
    if (st == PRECIS_OK)
        st = precis_store_commit(s);
    assert_int_equal(st, PRECIS_EDB);
    assert_non_null(strstr(precis_store_error(s), "full"));
    assert_int_equal(precis_store_rollback(s), PRECIS_OK);
    assert_int_equal(article_count(s), 2);
    assert_consistent(s);
    assert_int_equal(
        sqlite3_exec(store_sqlite(s), "PRAGMA max_page_count=1000000", NULL, NULL, NULL),
        SQLITE_OK);
    assert_int_equal(precis_store_begin(s), PRECIS_OK);
    add(s, p, "c", "2024-03-03", "Rates", text_c, PRECIS_STORE_UPDATE);
    assert_int_equal(precis_store_commit(s), PRECIS_OK);
    char *ra = record("a", "2024-03-01", "Port strike", text_a);
    char *rb = record("b", "2024-03-03", "Flood warnings", text_b);
    char *rc = record("c", "2024-03-03", "Rates", text_c);
    const char *recs[] = {ra, rb, rc};
    assert_counts_match(s, recs, 3, NULL, NULL);
    assert_consistent(s);
    free(ra);
    free(rb);
    free(rc);
    precis_store_close(s);
    precis_pipeline_free(p);
    integrity_ok();
}

/* Two writers at once: each batch waits for the write lock, and a writer takes up the
 * strings the other added before it goes on, so ids never clash. */
static void two_writers(void **state)
{
    (void)state;
    pid_t pid[2];
    for (int w = 0; w < 2; w++) {
        pid[w] = fork();
        assert_true(pid[w] >= 0);
        if (pid[w] == 0)
            writer_child_from((size_t)w * 1000, 120, 7, 0);
    }
    for (int w = 0; w < 2; w++) {
        int status = 0;
        assert_int_equal(waitpid(pid[w], &status, 0), pid[w]);
        if (!(WIFEXITED(status) && WEXITSTATUS(status) == 0))
            print_error("writer %d: exit %d, signal %d\n", w,
                        WIFEXITED(status) ? WEXITSTATUS(status) : -1,
                        WIFSIGNALED(status) ? WTERMSIG(status) : 0);
        assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    integrity_ok();
    precis_store *s = NULL;
    assert_int_equal(precis_store_open(dbpath, PRECIS_STORE_READONLY, &s, NULL), PRECIS_OK);
    assert_int_equal(article_count(s), 240);
    assert_consistent(s);
    /* Every article's counts read back as written: recount the generated feed. */
    char **recs = malloc(240 * sizeof *recs);
    assert_non_null(recs);
    for (size_t i = 0; i < 240; i++) {
        char date[16];
        recs[i] = generated(i < 120 ? i : 1000 + i - 120, date, sizeof date);
    }
    assert_counts_match(s, (const char *const *)recs, 240, NULL, NULL);
    for (size_t i = 0; i < 240; i++)
        free(recs[i]);
    free(recs);
    precis_store_close(s);
}

static void readers_while_writing(void **state)
{
    (void)state;
    precis_pipeline *p = pipeline();
    precis_store *w = NULL, *r = NULL;
    assert_int_equal(precis_store_open(dbpath, PRECIS_STORE_WRITE | PRECIS_STORE_CREATE, &w, NULL),
                     PRECIS_OK);
    assert_int_equal(precis_store_begin(w), PRECIS_OK);
    add(w, p, "a", "2024-03-01", "Port strike", text_a, PRECIS_STORE_UPDATE);
    assert_int_equal(precis_store_commit(w), PRECIS_OK);
    assert_int_equal(precis_store_open(dbpath, PRECIS_STORE_READONLY, &r, NULL), PRECIS_OK);
    assert_int_equal(article_count(r), 1);
    /* The writer's open batch neither blocks the reader nor shows through. */
    assert_int_equal(precis_store_begin(w), PRECIS_OK);
    add(w, p, "b", "2024-03-02", "Flood warnings", text_b, PRECIS_STORE_UPDATE);
    const clock_t t0 = clock();
    assert_int_equal(article_count(r), 1);
    assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 1.0);
    assert_int_equal(precis_store_commit(w), PRECIS_OK);
    /* Once committed, the reader sees it, strings included. */
    assert_int_equal(article_count(r), 2);
    char *ra = record("a", "2024-03-01", "Port strike", text_a);
    char *rb = record("b", "2024-03-02", "Flood warnings", text_b);
    const char *recs[] = {ra, rb};
    assert_counts_match(r, recs, 2, NULL, NULL);
    /* A read-only handle cannot write. */
    assert_int_equal(precis_store_begin(r), PRECIS_EINVAL);
    free(ra);
    free(rb);
    precis_store_close(r);
    precis_store_close(w);
    precis_pipeline_free(p);
}

/* ---- foreign and old files ---------------------------------------------------------------- */

static void write_file(const char *path, const char *data)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(data, f);
    fclose(f);
}

static void sql(const char *path, const char *stmt)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, stmt, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

static void expect_error(const char *path, unsigned flags, precis_status want, const char *msg)
{
    precis_store *s = NULL;
    char *err = NULL;
    assert_int_equal(precis_store_open(path, flags, &s, &err), want);
    assert_null(s);
    assert_non_null(err);
    char full[256];
    snprintf(full, sizeof full, "%s: %s", path, msg);
    assert_string_equal(err, full);
    free(err);
}

static void foreign_and_old_files(void **state)
{
    (void)state;
    char path[192];
    const unsigned rw = PRECIS_STORE_WRITE | PRECIS_STORE_CREATE;
    snprintf(path, sizeof path, "%s/text.db", dir);
    write_file(path, "Dockers at the port of Marenia walked out on Monday.\n");
    expect_error(path, rw, PRECIS_EDB, "not a precis store");
    expect_error(path, PRECIS_STORE_READONLY, PRECIS_EDB, "not a precis store");

    snprintf(path, sizeof path, "%s/other.db", dir);
    sql(path, "CREATE TABLE t(x)");
    expect_error(path, rw, PRECIS_EDB, "not a precis store");

    snprintf(path, sizeof path, "%s/empty.db", dir);
    write_file(path, "");
    expect_error(path, PRECIS_STORE_READONLY, PRECIS_EDB, "not a precis store (an empty database)");

    snprintf(path, sizeof path, "%s/missing.db", dir);
    expect_error(path, PRECIS_STORE_READONLY, PRECIS_ENOTFOUND, "no such store");
    expect_error(path, PRECIS_STORE_WRITE, PRECIS_ENOTFOUND, "no such store");

    /* A store of another schema version. */
    precis_store *s = NULL;
    assert_int_equal(precis_store_open(dbpath, rw, &s, NULL), PRECIS_OK);
    precis_store_close(s);
    sql(dbpath, "PRAGMA user_version=7");
    expect_error(dbpath, PRECIS_STORE_READONLY, PRECIS_EDB,
                 "schema version 7, this precis needs 1");
    expect_error(dbpath, rw, PRECIS_EDB, "schema version 7, this precis needs 1");
    sql(dbpath, "PRAGMA application_id=1; PRAGMA user_version=1");
    expect_error(dbpath, rw, PRECIS_EDB, "not a precis store");
}

static void dry_run_writes_nothing(void **state)
{
    (void)state;
    precis_pipeline *p = pipeline();
    precis_store *s = NULL;
    const unsigned dry = PRECIS_STORE_WRITE | PRECIS_STORE_CREATE | PRECIS_STORE_DRY_RUN;
    assert_int_equal(precis_store_open(dbpath, dry, &s, NULL), PRECIS_OK);
    assert_int_equal(precis_store_begin(s), PRECIS_OK);
    assert_int_equal(add(s, p, "a", "2024-03-01", "Port strike", text_a, PRECIS_STORE_UPDATE),
                     PRECIS_STORE_ADDED);
    assert_int_equal(precis_store_commit(s), PRECIS_OK);
    precis_store_close(s);
    assert_int_not_equal(access(dbpath, F_OK), 0);
    /* On an existing store: known ids are recognised, nothing changes. */
    assert_int_equal(precis_store_open(dbpath, PRECIS_STORE_WRITE | PRECIS_STORE_CREATE, &s, NULL),
                     PRECIS_OK);
    assert_int_equal(precis_store_begin(s), PRECIS_OK);
    add(s, p, "a", "2024-03-01", "Port strike", text_a, PRECIS_STORE_UPDATE);
    assert_int_equal(precis_store_commit(s), PRECIS_OK);
    precis_store_close(s);
    assert_int_equal(precis_store_open(dbpath, dry, &s, NULL), PRECIS_OK);
    assert_int_equal(precis_store_begin(s), PRECIS_OK);
    assert_int_equal(add(s, p, "a", "2024-03-01", "Port strike", text_a, PRECIS_STORE_UPDATE),
                     PRECIS_STORE_UNCHANGED);
    assert_int_equal(add(s, p, "b", "2024-03-01", "Flood", text_b, PRECIS_STORE_UPDATE),
                     PRECIS_STORE_ADDED);
    assert_int_equal(precis_store_commit(s), PRECIS_OK);
    precis_store_close(s);
    assert_int_equal(precis_store_open(dbpath, PRECIS_STORE_READONLY, &s, NULL), PRECIS_OK);
    assert_int_equal(article_count(s), 1);
    precis_store_close(s);
    precis_pipeline_free(p);
}

/* ---- calendar ------------------------------------------------------------------------------ */

static void calendar(void **state)
{
    (void)state;
    const precis_date epoch = {1970, 1, 1}, leap = {2024, 2, 29}, old = {1600, 3, 1};
    assert_int_equal((int32_t)date_to_days(&epoch), 0);
    assert_int_equal((int32_t)date_to_days(&leap), 19782);
    const precis_date back = date_from_days((int32_t)date_to_days(&old));
    assert_int_equal(back.year, 1600);
    assert_int_equal(back.month, 3);
    assert_int_equal(back.day, 1);
    for (int32_t d = -719162; d <= 2932896; d += 997) { /* 0001-01-01 to 9999-12-31 */
        const precis_date x = date_from_days(d);
        assert_true(date_is_full(&x));
        assert_int_equal((int32_t)date_to_days(&x), d);
    }
    const precis_date bad = {2023, 2, 29}, partial = {2023, 2, 0};
    assert_false(date_is_full(&bad));
    assert_false(date_is_full(&partial));
    char label[16];
    /* ISO weeks: 30 Dec 2024 is in week 1 of 2025; 3 Jan 2021 in week 53 of 2020. */
    const precis_date w1 = {2024, 12, 30}, w53 = {2021, 1, 3}, mon = {2021, 1, 4};
    store_period_of((int32_t)date_to_days(&w1), PRECIS_BY_WEEK, label, sizeof label);
    assert_string_equal(label, "2025-W01");
    const int64_t a =
        store_period_of((int32_t)date_to_days(&w53), PRECIS_BY_WEEK, label, sizeof label);
    assert_string_equal(label, "2020-W53");
    const int64_t b =
        store_period_of((int32_t)date_to_days(&mon), PRECIS_BY_WEEK, label, sizeof label);
    assert_string_equal(label, "2021-W01");
    assert_int_equal(b, a + 1);
    store_period_of((int32_t)date_to_days(&leap), PRECIS_BY_MONTH, label, sizeof label);
    assert_string_equal(label, "2024-02");
    const precis_date before = {1969, 12, 29}, after = {1970, 1, 4};
    assert_int_equal(store_period_of((int32_t)date_to_days(&before), PRECIS_BY_WEEK, NULL, 0),
                     store_period_of((int32_t)date_to_days(&after), PRECIS_BY_WEEK, NULL, 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(add_unchanged_replace_skip, setup, teardown),
        cmocka_unit_test_setup_teardown(undated_and_given_dates, setup, teardown),
        cmocka_unit_test_setup_teardown(series_with_gaps, setup, teardown),
        cmocka_unit_test_setup_teardown(rollback_leaves_store, setup, teardown),
        cmocka_unit_test_setup_teardown(crash_mid_batch, setup, teardown),
        cmocka_unit_test_setup_teardown(kill9_during_batches, setup, teardown),
        cmocka_unit_test_setup_teardown(full_disk, setup, teardown),
        cmocka_unit_test_setup_teardown(two_writers, setup, teardown),
        cmocka_unit_test_setup_teardown(writer_waits_to_switch_to_wal, setup, teardown),
        cmocka_unit_test_setup_teardown(readers_while_writing, setup, teardown),
        cmocka_unit_test_setup_teardown(foreign_and_old_files, setup, teardown),
        cmocka_unit_test_setup_teardown(dry_run_writes_nothing, setup, teardown),
        cmocka_unit_test(calendar),
    };
    return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
