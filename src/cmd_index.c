/* cmd_index.c - `precis index --db STORE`: adds articles and their term counts to a corpus
 * store, one transaction per batch, so that an interrupted run loses only the batch it was in. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <regex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

void cmd_index_usage(FILE *out)
{
    fputs("Usage: precis index --db STORE [OPTIONS] [FILE|DIR|-]...\n"
          "Adds articles to a corpus store (an SQLite file, created when absent): id, path,\n"
          "title, date, language, a hash of the text and the counts of its terms. An article\n"
          "already stored under the same id is left alone when its text is unchanged and\n"
          "replaced when it changed.\n\n"
          "      --db STORE        the store (required)\n"
          "      --batch N         articles a transaction (default 1000); an interrupted run\n"
          "                        (Ctrl-C, a crash, a full disk) loses only its last batch\n"
          "      --replace         always replace an article stored under the same id\n"
          "      --skip            never replace an article stored under the same id\n"
          "      --date-from-path REGEX\n"
          "                        for articles without a full date of their own: an extended\n"
          "                        POSIX regular expression matched against the path whose\n"
          "                        groups 1, 2 and 3 are the year, month and day, e.g.\n"
          "                        '([0-9]{4})/([0-9]{2})/([0-9]{2})'\n"
          "      --dry-run         do all the work but write nothing (for timing)\n"
          "  -h, --help            this help\n"
          "Articles without a full date (year, month, day) are stored and counted, but left out\n"
          "of trends. At the end, unless -q: \"indexed N, replaced M, unchanged K, failed F\" on\n"
          "standard error (unchanged includes articles kept by --skip).\n"
          "Articles are read and analysed in one thread (--jobs is ignored).\n",
          out);
    fputs(CLI_INPUT_HELP, out);
}

/* Set by SIGINT/SIGTERM; the loop stops at the next article and rolls the batch back. */
static volatile sig_atomic_t interrupted;

/* A read of standard input blocked on a quiet pipe or terminal would keep the loop from ever
 * seeing the flag (the reader retries an interrupted read), so standard input is swapped for
 * /dev/null: the next read ends it. The handler is reset, so a second Ctrl-C kills at once
 * (SQLite's atomic commit still drops the open batch). */
static void on_signal(int sig)
{
    (void)sig;
    const int saved = errno;
    interrupted = 1;
    const int fd = open("/dev/null", O_RDONLY);
    if (fd >= 0) {
        dup2(fd, STDIN_FILENO);
        close(fd);
    }
    errno = saved;
}

typedef struct counts {
    size_t added, replaced, unchanged;
} counts;

/* The date in path by the groups of re; zero when it does not match or is no date. */
static precis_date path_date(const regex_t *re, const char *path)
{
    precis_date d = {0, 0, 0};
    regmatch_t m[4];
    if (regexec(re, path, 4, m, 0) != 0)
        return d;
    int v[3] = {0, 0, 0};
    for (int g = 1; g <= 3; g++) {
        if (m[g].rm_so < 0)
            return d;
        for (regoff_t i = m[g].rm_so; i < m[g].rm_eo; i++) {
            if (path[i] < '0' || path[i] > '9' || v[g - 1] > 9999)
                return d;
            v[g - 1] = v[g - 1] * 10 + (path[i] - '0');
        }
    }
    d.year = v[0];
    d.month = v[1];
    d.day = v[2];
    return d;
}

typedef struct run {
    precis_store *store;
    const char *db;
    size_t batch;
    precis_store_add_options add;
    const regex_t *re;
    counts done, pending; /* committed; in the open batch */
    size_t failed, in_batch;
    int progress; /* a line on stderr after each batch: only on a terminal */
} run;

static int commit(run *r)
{
    precis_status st = precis_store_commit(r->store);
    if (st != PRECIS_OK) {
        cli_error("%s", precis_store_error(r->store));
        return EXIT_FATAL;
    }
    r->done.added += r->pending.added;
    r->done.replaced += r->pending.replaced;
    r->done.unchanged += r->pending.unchanged;
    memset(&r->pending, 0, sizeof r->pending);
    r->in_batch = 0;
    if (r->progress) {
        fprintf(stderr, "\rprecis: index: %zu articles committed",
                r->done.added + r->done.replaced + r->done.unchanged);
        fflush(stderr);
    }
    return EXIT_OK;
}

static int begin(run *r)
{
    if (precis_store_begin(r->store) != PRECIS_OK) {
        cli_error("%s", precis_store_error(r->store));
        return EXIT_FATAL;
    }
    return EXIT_OK;
}

/* Adds one analysed article; a store failure is fatal (the batch is rolled back). */
static int add(run *r, const precis_pipeline *p, const precis_doc *d)
{
    precis_store_outcome out;
    if (r->re)
        r->add.date = path_date(r->re, precis_article_path(precis_doc_article(d)));
    const precis_status st = precis_store_add(r->store, p, d, &r->add, &out);
    if (st != PRECIS_OK) {
        cli_error("%s", st == PRECIS_ENOMEM ? precis_strerror(st) : precis_store_error(r->store));
        return EXIT_FATAL;
    }
    if (out == PRECIS_STORE_ADDED)
        r->pending.added++;
    else if (out == PRECIS_STORE_REPLACED)
        r->pending.replaced++;
    else
        r->pending.unchanged++;
    if (++r->in_batch >= r->batch) {
        int rc = commit(r);
        if (rc == EXIT_OK)
            rc = begin(r);
        return rc;
    }
    return EXIT_OK;
}

/* Reads and indexes every input; returns the exit status. */
static int index_all(run *r, const cli_input *in, int argc, char **argv)
{
    precis_reader *reader = NULL;
    precis_pipeline *p = NULL;
    int rc = EXIT_OK;
    precis_status st = precis_pipeline_new(&in->pipe, &p);
    if (st != PRECIS_OK)
        return cli_pipeline_failed("index", &in->pipe, st);
    if ((st = precis_reader_new(&in->read, &reader)) != PRECIS_OK)
        goto fatal;
    for (int i = 0; i < argc; i++)
        if ((st = precis_reader_add(reader, argv[i])) != PRECIS_OK)
            goto fatal;
    if (argc == 0 && (st = precis_reader_add(reader, "-")) != PRECIS_OK)
        goto fatal;
    if ((rc = begin(r)) != EXIT_OK)
        goto out;
    while (!interrupted) {
        precis_article *a = NULL;
        st = precis_reader_next(reader, &a);
        const char *w;
        while ((w = precis_reader_warning(reader)) != NULL)
            cli_warn("%s", w);
        if (st == PRECIS_ENOMEM)
            goto fatal;
        if (st != PRECIS_OK) {
            if (interrupted)
                break; /* a read cut short by the signal is not the input's fault */
            cli_error("%s", precis_reader_error(reader));
            r->failed++;
            continue;
        }
        if (!a)
            break;
        precis_doc *d = NULL;
        st = precis_pipeline_analyze(p, a, &d);
        if (st == PRECIS_OK) {
            rc = add(r, p, d);
        } else if (st == PRECIS_ENOMEM) {
            rc = EXIT_FATAL;
            cli_error("%s", precis_strerror(st));
        } else {
            cli_error("%s", precis_pipeline_error(p));
            r->failed++;
        }
        precis_doc_free(d);
        precis_article_free(a);
        if (rc != EXIT_OK)
            goto out;
    }
    if (interrupted) {
        cli_error("index: interrupted; the last batch (%zu article%s) was rolled back", r->in_batch,
                  r->in_batch == 1 ? "" : "s");
        rc = EXIT_FATAL;
    } else {
        rc = commit(r);
    }
    goto out;
fatal:
    cli_error("%s", precis_strerror(st));
    rc = EXIT_FATAL;
out:
    /* Whatever was not committed goes: the store stays as it was before the batch. */
    precis_store_rollback(r->store);
    precis_reader_free(reader);
    precis_pipeline_free(p);
    return rc;
}

int cmd_index(int argc, char **argv)
{
    enum { OPT_DB = 256, OPT_BATCH, OPT_REPLACE, OPT_SKIP, OPT_DATE_PATH, OPT_DRY };
    static const struct option longopts[] = {
        {"batch", required_argument, NULL, OPT_BATCH},
        {"date-from-path", required_argument, NULL, OPT_DATE_PATH},
        {"db", required_argument, NULL, OPT_DB},
        {"dry-run", no_argument, NULL, OPT_DRY},
        {"help", no_argument, NULL, 'h'},
        {"replace", no_argument, NULL, OPT_REPLACE},
        {"skip", no_argument, NULL, OPT_SKIP},
        CLI_INPUT_LONGOPTS,
        {NULL, 0, NULL, 0}};
    cli_input in;
    cli_input_init(&in);
    run r;
    memset(&r, 0, sizeof r);
    r.batch = 1000;
    const char *regex = NULL;
    int dry = 0, replace = 0, skip = 0, opt;
    while ((opt = getopt_long(argc, argv, "hj:qv", longopts, NULL)) != -1) {
        switch (opt) {
        case OPT_DB: r.db = optarg; break;
        case OPT_BATCH: {
            char *end;
            errno = 0;
            const unsigned long long n = strtoull(optarg, &end, 10);
            if (*optarg < '0' || *optarg > '9' || *end || errno || n < 1 || n > SIZE_MAX)
                return cli_usage_error("index", "--batch must be a positive number");
            r.batch = (size_t)n;
            break;
        }
        case OPT_REPLACE: replace = 1; break;
        case OPT_SKIP: skip = 1; break;
        case OPT_DATE_PATH: regex = optarg; break;
        case OPT_DRY: dry = 1; break;
        case 'h': cmd_index_usage(stdout); return EXIT_OK;
        case '?': return cli_usage_error("index", "bad option");
        default:
            if (cli_input_option("index", &in, opt, optarg) < 0)
                return EXIT_USAGE;
        }
    }
    if (!r.db)
        return cli_usage_error("index", "--db STORE is required");
    if (replace && skip)
        return cli_usage_error("index", "--replace and --skip exclude each other");
    r.add.policy = replace ? PRECIS_STORE_REPLACE : skip ? PRECIS_STORE_SKIP : PRECIS_STORE_UPDATE;
    regex_t re;
    if (regex) {
        const int e = regcomp(&re, regex, REG_EXTENDED);
        if (e != 0) {
            char why[256];
            regerror(e, &re, why, sizeof why);
            return cli_usage_error("index", "--date-from-path: %s", why);
        }
        if (re.re_nsub < 3) {
            regfree(&re);
            return cli_usage_error("index", "--date-from-path needs 3 groups: year, month and day");
        }
        r.re = &re;
    }
    char *err = NULL;
    const unsigned flags =
        PRECIS_STORE_WRITE | PRECIS_STORE_CREATE | (dry ? PRECIS_STORE_DRY_RUN : 0);
    precis_status st = precis_store_open(r.db, flags, &r.store, &err);
    if (st != PRECIS_OK) {
        cli_error("%s", err ? err : precis_strerror(st));
        free(err);
        if (r.re)
            regfree(&re);
        return EXIT_FATAL;
    }
    struct sigaction sa, old_int, old_term;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESETHAND;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    r.progress = cli_verbosity > 0 && isatty(STDERR_FILENO);
    int rc = index_all(&r, &in, argc - optind, argv + optind);
    if (r.progress)
        fputc('\n', stderr);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    precis_store_close(r.store);
    if (r.re)
        regfree(&re);
    if (rc == EXIT_OK && r.failed)
        rc = EXIT_INPUT;
    if (cli_verbosity > 0)
        fprintf(stderr, "precis: index: %sindexed %zu, replaced %zu, unchanged %zu, failed %zu\n",
                dry ? "(dry run) " : "", r.done.added, r.done.replaced, r.done.unchanged, r.failed);
    return rc;
}
