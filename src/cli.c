/* cli.c - diagnostics, output quoting and the article loop shared by the precis subcommands. */
#include "cli.h"

#include <assert.h>
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

int cli_verbosity = 1;

static void vmessage(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

static void vmessage(const char *fmt, va_list ap)
{
    fputs("precis: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmessage(fmt, ap);
    va_end(ap);
}

void cli_warn(const char *fmt, ...)
{
    if (cli_verbosity < 1)
        return;
    va_list ap;
    va_start(ap, fmt);
    vmessage(fmt, ap);
    va_end(ap);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "precis: %s%s", cmd ? cmd : "", cmd ? ": " : "");
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'precis %s%s--help'\n", cmd ? cmd : "", cmd ? " " : "");
    return EXIT_USAGE;
}

int cli_parse_format(const char *s, unsigned allowed)
{
    static const char *const names[] = {"text", "jsonl", "json", "tsv", "csv", "md"};
    for (int i = 0; i < (int)(sizeof names / sizeof *names); i++)
        if (strcmp(s, names[i]) == 0 && (allowed & (1u << i)))
            return i;
    return -1;
}

int cli_parse_size(const char *s, size_t min, size_t max, size_t *out)
{
    char *end;
    if (*s < '0' || *s > '9')
        return -1;
    errno = 0;
    const unsigned long long v = strtoull(s, &end, 10);
    if (*end != '\0' || errno == ERANGE || v < min || v > max)
        return -1;
    *out = (size_t)v;
    return 0;
}

const char *cli_record_separator(int format, int many)
{
    if (format == FMT_JSON)
        return ",\n";
    return format == FMT_MD || (format == FMT_TEXT && many) ? "\n" : NULL;
}

void cli_records_begin(int format, const char *tsv_header, const char *csv_header)
{
    if (format == FMT_JSON)
        fputs("[", stdout);
    else if (format == FMT_TSV && tsv_header)
        fputs(tsv_header, stdout);
    else if (format == FMT_CSV && csv_header)
        fputs(csv_header, stdout);
}

void cli_records_end(int format)
{
    if (format == FMT_JSON)
        fputs("]\n", stdout);
}

void cli_json_str(FILE *out, const char *s, size_t len)
{
    putc('"', out);
    size_t run = 0; /* bytes copied as they are, written in one go */
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        fwrite(s + run, 1, i - run, out);
        run = i + 1;
        switch (c) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        case '\t': fputs("\\t", out); break;
        default: fprintf(out, "\\u%04x", c); break;
        }
    }
    fwrite(s + run, 1, len - run, out);
    putc('"', out);
}

void cli_json_cstr(FILE *out, const char *s)
{
    if (s)
        cli_json_str(out, s, strlen(s));
    else
        fputs("null", out);
}

void cli_csv_field(FILE *out, const char *s, size_t len)
{
    int quote = 0;
    for (size_t i = 0; i < len && !quote; i++)
        quote = s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
    if (!quote) {
        fwrite(s, 1, len, out);
        return;
    }
    putc('"', out);
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '"')
            putc('"', out);
        putc(s[i], out);
    }
    putc('"', out);
}

void cli_tsv_field(FILE *out, const char *s, size_t len)
{
    size_t run = 0; /* bytes copied as they are, written in one go */
    for (size_t i = 0; i < len; i++) {
        if (s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
            continue;
        fwrite(s + run, 1, i - run, out);
        putc(' ', out);
        run = i + 1;
    }
    fwrite(s + run, 1, len - run, out);
}

static int is_blank(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\v' || c == '\f';
}

void cli_text_oneline(FILE *out, const char *s, size_t len)
{
    /* Through a buffer of its own: one write a few KB, not one a word (a summary's text is
     * most of what summarize writes). */
    char b[4096];
    size_t n = 0;
    int space = 0;
    for (size_t i = 0; i < len; i++) {
        const unsigned char c = (unsigned char)s[i];
        if (is_blank(c)) {
            space = 1;
            continue;
        }
        if (n + 2 > sizeof b) {
            fwrite(b, 1, n, out);
            n = 0;
        }
        if (space)
            b[n++] = ' ';
        space = 0;
        b[n++] = (char)c;
    }
    if (n)
        fwrite(b, 1, n, out);
}

void cli_json_article(FILE *out, const precis_doc *d)
{
    const precis_article *a = precis_doc_article(d);
    char date[16];
    const precis_date dt = precis_article_date(a);
    precis_date_format(&dt, date, sizeof date);
    fputs("{\"id\":", out);
    cli_json_cstr(out, precis_article_id(a));
    fputs(",\"path\":", out);
    cli_json_cstr(out, precis_article_path(a));
    fputs(",\"title\":", out);
    cli_json_cstr(out, precis_article_title(a));
    fputs(",\"date\":", out);
    cli_json_cstr(out, *date ? date : NULL);
    fputs(",\"place\":", out);
    cli_json_cstr(out, precis_article_place(a));
    fputs(",\"agency\":", out);
    cli_json_cstr(out, precis_article_agency(a));
    fputs(",\"lang\":", out);
    cli_json_cstr(out, precis_doc_lang(d));
}

const char *cli_article_heading(const precis_doc *d)
{
    const precis_article *a = precis_doc_article(d);
    const char *t = precis_article_title(a);
    return t && *t ? t : precis_article_id(a);
}

int cli_many_articles(const cli_input *in, int argc, char **argv)
{
    if (argc > 1 || in->read.format == PRECIS_INPUT_JSONL)
        return 1;
    if (argc == 0 || strcmp(argv[0], "-") == 0)
        return 0;
    struct stat sb;
    if (stat(argv[0], &sb) != 0 || S_ISDIR(sb.st_mode))
        return 1;
    const char *dot = strrchr(argv[0], '.');
    return dot && (strcmp(dot, ".jsonl") == 0 || strcmp(dot, ".json") == 0);
}

void cli_input_init(cli_input *in)
{
    memset(in, 0, sizeof *in);
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    in->jobs = n < 1 ? 1 : n > CLI_MAX_JOBS ? CLI_MAX_JOBS : (int)n;
}

int cli_input_option(const char *cmd, cli_input *in, int opt, const char *arg)
{
    switch (opt) {
    case 'I':
        if (strcmp(arg, "auto") == 0)
            in->read.format = PRECIS_INPUT_AUTO;
        else if (strcmp(arg, "text") == 0)
            in->read.format = PRECIS_INPUT_TEXT;
        else if (strcmp(arg, "jsonl") == 0)
            in->read.format = PRECIS_INPUT_JSONL;
        else
            return cli_usage_error(cmd, "--input-format must be auto, text or jsonl, not '%s'",
                                   arg),
                   -1;
        return 1;
    case 'Y': {
        char *end;
        long y = strtol(arg, &end, 10);
        if (*arg == '\0' || *end != '\0' || y < 1 || y > 9999)
            return cli_usage_error(cmd, "--year must be a year such as 2022, not '%s'", arg), -1;
        in->read.default_year = (int)y;
        return 1;
    }
    case 'L':
        if (strcmp(arg, "auto") != 0 && !precis_language_code(arg))
            return cli_usage_error(cmd, "unknown language '%s' (see 'precis languages')", arg), -1;
        in->pipe.lang = arg;
        return 1;
    case 'S': in->pipe.stopwords_file = arg; return 1;
    case 'T': in->read.no_title = 1; return 1;
    case 'K': in->pipe.keep_stopwords = 1; return 1;
    case 'j': {
        char *end;
        long n = strtol(arg, &end, 10);
        if (*arg == '\0' || *end != '\0' || n < 1 || n > CLI_MAX_JOBS)
            return cli_usage_error(cmd, "--jobs must be a number from 1 to %d", CLI_MAX_JOBS), -1;
        in->jobs = (int)n;
        return 1;
    }
    case 'q': cli_verbosity = 0; return 1;
    case 'v': cli_verbosity = 2; return 1;
    default: return 0;
    }
}

int cli_pipeline_failed(const char *cmd, const precis_pipeline_options *o, precis_status st)
{
    if (st == PRECIS_EIO && o->stopwords_file)
        cli_error("%s: %s: cannot read stopwords file", cmd, o->stopwords_file);
    else if (st == PRECIS_EINVAL)
        cli_error("%s: unknown language '%s'", cmd, o->lang ? o->lang : "");
    else
        cli_error("%s: %s", cmd, precis_strerror(st));
    return st == PRECIS_ENOMEM ? EXIT_FATAL : EXIT_USAGE;
}

/* The shared state of one run: inputs are taken in order under a lock, each article gets a
 * sequence number, workers analyse and format in parallel into memory, and output is
 * written strictly in sequence order, so --jobs never changes what is printed.
 * Commands that weigh terms across the corpus run it twice: a counting pass (document
 * frequencies; the analysed articles are kept while they fit the memory budget) and an
 * output pass over the kept articles, or over the inputs read again when they did not fit,
 * so memory grows with the vocabulary, not with the corpus. */
typedef enum run_mode { RUN_STREAM, RUN_COUNT, RUN_KEPT } run_mode;

typedef struct kept {
    precis_article *a;
    precis_doc *d;
    const precis_pipeline *p;
} kept;

typedef struct runner {
    const cli_input *in;
    cli_article_fn fn;
    cli_view_fn view_fn; /* instead of fn in the output pass, when set */
    void *ctx;
    run_mode mode;
    precis_reader *reader;
    pthread_mutex_t lock;
    pthread_cond_t turn;
    size_t next_seq;   /* next sequence number to hand out */
    size_t next_print; /* sequence number whose output goes next */
    int rc;            /* EXIT_OK, EXIT_INPUT or EXIT_FATAL */
    int done;
    int printed; /* some article's output was written */
    int reread;  /* the inputs are read a second time: their problems were reported */
    /* Counting pass, or the corpus the output pass's views see. */
    precis_corpus *corpus;
    pthread_mutex_t corpus_lock;
    int keep; /* keep analysed articles for the output pass */
    size_t kept_bytes, budget;
    kept *items; /* by sequence number; a NULL doc: failed to analyse */
    size_t nitems, capitems;
    precis_pipeline *pipes[CLI_MAX_JOBS]; /* kept alive while items point into them */
    /* The counting pass's view of each of pipes[], for the output pass: it knows the corpus
     * ids of all the stems counted, which a new view would look up again by string. The
     * first worker to need one takes it (NULL then); the others make their own. */
    precis_corpus_view *count_views[CLI_MAX_JOBS];
    int npipes;
    precis_pipeline *spare; /* check_pipeline()'s, for the first worker to start; or NULL */
} runner;

static void drain_warnings(precis_reader *r, int quiet)
{
    const char *w;
    while ((w = precis_reader_warning(r)) != NULL)
        if (!quiet)
            cli_warn("%s", w);
}

static void fail_fatal(runner *run)
{
    pthread_mutex_lock(&run->lock);
    run->rc = EXIT_FATAL;
    run->done = 1;
    pthread_cond_broadcast(&run->turn);
    pthread_mutex_unlock(&run->lock);
}

/* Takes the next article under the lock; NULL at the end or after a fatal error. */
static precis_article *take(runner *run, size_t *seq)
{
    precis_article *a = NULL;
    pthread_mutex_lock(&run->lock);
    while (!run->done) {
        precis_status st = precis_reader_next(run->reader, &a);
        /* In a second reading of the inputs, their problems were already reported. */
        const int again = run->reread;
        drain_warnings(run->reader, again);
        if (st == PRECIS_OK) {
            if (!a)
                run->done = 1;
            else
                *seq = run->next_seq++;
            break;
        }
        if (st == PRECIS_ENOMEM) {
            cli_error("%s", precis_strerror(st));
            run->rc = EXIT_FATAL;
            run->done = 1;
            break;
        }
        if (!again)
            cli_error("%s", precis_reader_error(run->reader));
        if (run->rc == EXIT_OK)
            run->rc = EXIT_INPUT;
    }
    pthread_mutex_unlock(&run->lock);
    return a;
}

/* Takes the next kept article in order; SIZE_MAX at the end. */
static size_t take_kept(runner *run)
{
    pthread_mutex_lock(&run->lock);
    size_t seq = run->done || run->next_seq >= run->nitems ? SIZE_MAX : run->next_seq++;
    pthread_mutex_unlock(&run->lock);
    return seq;
}

/* Writes a worker's output when its turn comes, then passes the turn on. */
static void emit(runner *run, size_t seq, const char *data, size_t len, int status)
{
    pthread_mutex_lock(&run->lock);
    while (run->next_print != seq && !(run->done && run->rc == EXIT_FATAL))
        pthread_cond_wait(&run->turn, &run->lock);
    if (run->next_print == seq) {
        if (len && run->printed && run->in->separator)
            fputs(run->in->separator, stdout);
        if (len && fwrite(data, 1, len, stdout) != len)
            status = EXIT_FATAL;
        run->printed |= len > 0;
        run->next_print++;
    }
    if (status > run->rc)
        run->rc = status;
    if (status == EXIT_FATAL)
        run->done = 1;
    pthread_cond_broadcast(&run->turn);
    pthread_mutex_unlock(&run->lock);
}

/* Where a worker formats the output of its articles: one memory stream, rewound for each
 * article (a stream opened and closed an article cost more than formatting most of them).
 * After a flush, POSIX has len say the bytes up to the stream's position: this article's. */
typedef struct sink {
    FILE *out; /* NULL until the first article */
    char *data;
    size_t len;
} sink;

static void sink_close(sink *s)
{
    if (s->out)
        fclose(s->out);
    free(s->data);
}

/* Formats one analysed article into s and emits it in its turn; through run->view_fn when v
 * (p's view of the corpus) is not NULL. */
static void output_one(runner *run, sink *s, precis_corpus_view *v, const precis_pipeline *p,
                       const precis_doc *d, size_t seq, int status)
{
    size_t len = 0;
    if (status == EXIT_OK) {
        if (!s->out && !(s->out = open_memstream(&s->data, &s->len))) {
            status = EXIT_FATAL;
        } else if (fseeko(s->out, 0, SEEK_SET) != 0) {
            status = EXIT_FATAL;
        } else {
            if ((v ? run->view_fn(run->ctx, v, p, d, seq, s->out)
                   : run->fn(run->ctx, p, d, seq, s->out)) != 0)
                status = EXIT_FATAL;
            if (fflush(s->out) != 0)
                status = EXIT_FATAL;
            len = s->len;
        }
    }
    emit(run, seq, s->data, len, status);
}

/* Makes items[0..need) exist, new slots empty (an article not kept or that failed). */
static int grow_items(runner *run, size_t need)
{
    if (need > run->capitems) {
        size_t cap = run->capitems ? run->capitems : 1024;
        while (cap < need)
            cap *= 2;
        kept *n = realloc(run->items, cap * sizeof *n);
        if (!n)
            return -1;
        memset(n + run->capitems, 0, (cap - run->capitems) * sizeof *n);
        run->items = n;
        run->capitems = cap;
    }
    if (need > run->nitems)
        run->nitems = need;
    return 0;
}

/* Counting pass: document frequencies, and the article kept for later while it fits. */
static int count_one(runner *run, precis_corpus_view *v, const precis_pipeline *p,
                     precis_article *a, precis_doc *d, size_t seq)
{
    /* Only the look-up and counting wait for the lock; gathering the terms does not. */
    precis_status st = precis_corpus_view_gather(v, d);
    pthread_mutex_lock(&run->corpus_lock);
    if (st == PRECIS_OK)
        st = precis_corpus_view_count(v);
    int keep = 0;
    if (st == PRECIS_OK && run->keep) {
        size_t len;
        precis_article_text(a, &len);
        if (run->kept_bytes + len > run->budget) {
            run->keep = 0; /* the output pass will read the inputs again */
        } else if (grow_items(run, seq + 1)) {
            st = PRECIS_ENOMEM;
        } else {
            run->kept_bytes += len;
            run->items[seq] = (kept){a, d, p};
            keep = 1;
        }
    }
    pthread_mutex_unlock(&run->corpus_lock);
    if (st != PRECIS_OK) {
        cli_error("%s", precis_strerror(st));
        fail_fatal(run);
    }
    return keep;
}

static void *worker(void *arg)
{
    runner *run = arg;
    if (run->mode == RUN_KEPT) {
        /* This worker's view of each counting pipeline, made when first needed. */
        precis_corpus_view *views[CLI_MAX_JOBS] = {NULL};
        sink out = {NULL, NULL, 0};
        size_t seq;
        while ((seq = take_kept(run)) != SIZE_MAX) {
            const kept *k = &run->items[seq];
            precis_corpus_view *v = NULL;
            if (run->view_fn && k->d) {
                int i = 0;
                while (i < run->npipes && run->pipes[i] != k->p)
                    i++;
                assert(i < run->npipes);
                if (!views[i]) {
                    pthread_mutex_lock(&run->lock);
                    views[i] = run->count_views[i];
                    run->count_views[i] = NULL;
                    pthread_mutex_unlock(&run->lock);
                }
                if (!views[i] &&
                    precis_corpus_view_new(run->corpus, run->pipes[i], &views[i]) != PRECIS_OK) {
                    cli_error("%s", precis_strerror(PRECIS_ENOMEM));
                    fail_fatal(run);
                    break;
                }
                v = views[i];
            }
            output_one(run, &out, v, k->p, k->d, seq, k->d ? EXIT_OK : EXIT_INPUT);
        }
        sink_close(&out);
        for (int i = 0; i < CLI_MAX_JOBS; i++)
            precis_corpus_view_free(views[i]);
        return NULL;
    }
    pthread_mutex_lock(&run->lock);
    precis_pipeline *p = run->spare;
    run->spare = NULL;
    pthread_mutex_unlock(&run->lock);
    /* p's view of the corpus: counting, or output after counting (run->view_fn) */
    precis_corpus_view *v = NULL;
    precis_status st = p ? PRECIS_OK : precis_pipeline_new(&run->in->pipe, &p);
    if (st == PRECIS_OK && run->corpus && (run->mode == RUN_COUNT || run->view_fn))
        st = precis_corpus_view_new(run->corpus, p, &v);
    if (st != PRECIS_OK) {
        precis_pipeline_free(p);
        fail_fatal(run);
        return NULL;
    }
    sink out = {NULL, NULL, 0};
    size_t seq = 0;
    precis_article *a;
    while ((a = take(run, &seq)) != NULL) {
        precis_doc *d = NULL;
        int status = EXIT_OK;
        if ((st = precis_pipeline_analyze(p, a, &d)) != PRECIS_OK) {
            cli_error("%s", precis_pipeline_error(p));
            status = st == PRECIS_ENOMEM ? EXIT_FATAL : EXIT_INPUT;
        }
        if (run->mode == RUN_STREAM) {
            output_one(run, &out, v, p, d, seq, status);
        } else if (status != EXIT_OK) {
            pthread_mutex_lock(&run->lock);
            if (status > run->rc)
                run->rc = status;
            pthread_mutex_unlock(&run->lock);
        } else if (count_one(run, v, p, a, d, seq)) {
            continue; /* kept: freed after the output pass */
        }
        precis_doc_free(d);
        precis_article_free(a);
    }
    sink_close(&out);
    if (run->mode == RUN_COUNT) {
        pthread_mutex_lock(&run->lock);
        run->count_views[run->npipes] = v;
        run->pipes[run->npipes++] = p; /* docs kept from this pipeline still need it */
        pthread_mutex_unlock(&run->lock);
    } else {
        precis_corpus_view_free(v);
        precis_pipeline_free(p);
    }
    return NULL;
}

static void run_workers(runner *run, int jobs)
{
    run->next_seq = run->next_print = 0;
    run->done = 0;
    pthread_t tid[CLI_MAX_JOBS];
    int started = 0;
    for (int i = 1; i < jobs; i++) {
        if (pthread_create(&tid[started], NULL, worker, run) != 0)
            break; /* fewer threads is still correct */
        started++;
    }
    worker(run);
    for (int i = 0; i < started; i++)
        pthread_join(tid[i], NULL);
}

/* A new reader over the inputs ("-" when there are none), replacing any old one. With a copy
 * of standard input (stdin_copy != NULL), "-" reads the copy, so the inputs can be read twice. */
static precis_status open_inputs(runner *run, int argc, char **argv, const char *stdin_copy,
                                 size_t stdin_len)
{
    precis_reader_free(run->reader);
    run->reader = NULL;
    precis_status st = precis_reader_new(&run->in->read, &run->reader);
    for (int i = 0; st == PRECIS_OK && i < (argc ? argc : 1); i++) {
        const char *path = argc ? argv[i] : "-";
        st = stdin_copy && strcmp(path, "-") == 0
                 ? precis_reader_add_memory(run->reader, "-", stdin_copy, stdin_len)
                 : precis_reader_add(run->reader, path);
    }
    return st;
}

/* Checks the options once here, so a bad language is one message, not one a thread. The
 * pipeline made for the check goes to *probe (caller frees): the first worker takes it rather
 * than build the same again (stop word tables, stemmers: a few hundred page faults). */
static int check_pipeline(const cli_input *in, precis_pipeline **probe)
{
    precis_status st = precis_pipeline_new(&in->pipe, probe);
    if (st != PRECIS_OK)
        return cli_pipeline_failed("input", &in->pipe, st);
    return EXIT_OK;
}

/* cli_each_article(), through view_fn with each worker's view of corpus when both are set. */
static int each_article(const cli_input *in, int argc, char **argv, cli_article_fn fn,
                        cli_view_fn view_fn, void *ctx, precis_corpus *corpus)
{
    precis_pipeline *probe = NULL;
    int rc = check_pipeline(in, &probe);
    if (rc != EXIT_OK)
        return rc;
    runner run;
    memset(&run, 0, sizeof run);
    run.spare = probe;
    run.in = in;
    run.fn = fn;
    run.view_fn = corpus ? view_fn : NULL;
    run.corpus = run.view_fn ? corpus : NULL;
    run.ctx = ctx;
    run.mode = RUN_STREAM;
    pthread_mutex_init(&run.lock, NULL);
    pthread_cond_init(&run.turn, NULL);
    precis_status st = open_inputs(&run, argc, argv, NULL, 0);
    if (st == PRECIS_OK)
        run_workers(&run, in->jobs > 0 ? in->jobs : 1);
    else {
        cli_error("%s", precis_strerror(st));
        run.rc = EXIT_FATAL;
    }
    precis_pipeline_free(run.spare);
    pthread_cond_destroy(&run.turn);
    pthread_mutex_destroy(&run.lock);
    precis_reader_free(run.reader);
    return run.rc;
}

int cli_each_article(const cli_input *in, int argc, char **argv, cli_article_fn fn, void *ctx)
{
    return each_article(in, argc, argv, fn, NULL, ctx, NULL);
}

/* Reads standard input whole so that it can be read twice; "-" then names the copy. */
static precis_status slurp_stdin(char **data, size_t *len)
{
    size_t cap = 65536, n = 0, got;
    char *b = malloc(cap);
    if (!b)
        return PRECIS_ENOMEM;
    while ((got = fread(b + n, 1, cap - n, stdin)) > 0) {
        n += got;
        if (n == cap) {
            char *nb = cap > SIZE_MAX / 2 ? NULL : realloc(b, cap * 2);
            if (!nb) {
                free(b);
                return PRECIS_ENOMEM;
            }
            b = nb;
            cap *= 2;
        }
    }
    if (ferror(stdin)) {
        free(b);
        return PRECIS_EIO;
    }
    *data = b;
    *len = n;
    return PRECIS_OK;
}

/* Document frequencies of a corpus store, added to c. */
static int load_store_corpus(const char *db, precis_corpus *c);

int cli_background_option(cli_corpus_options *co, int opt, const char *arg)
{
    switch (opt) {
    case CLI_OPT_IDF: co->idf_file = arg; return 1;
    case CLI_OPT_DB: co->db = arg; return 1;
    default: return 0;
    }
}

int cli_each_article_corpus(const cli_input *in, const cli_corpus_options *co, int argc,
                            char **argv, cli_article_fn fn, void *ctx, precis_corpus **corpus)
{
    *corpus = NULL;
    precis_pipeline *probe = NULL;
    int rc = check_pipeline(in, &probe);
    if (rc != EXIT_OK)
        return rc;
    precis_corpus *c = NULL;
    precis_status st = precis_corpus_new(&c);
    if (st != PRECIS_OK) {
        precis_pipeline_free(probe);
        return cli_error("%s", precis_strerror(st)), EXIT_FATAL;
    }
    if (co->idf_file) {
        if ((st = precis_corpus_load(c, co->idf_file)) != PRECIS_OK) {
            cli_error("%s", precis_corpus_error(c));
            precis_corpus_free(c);
            precis_pipeline_free(probe);
            return st == PRECIS_ENOMEM ? EXIT_FATAL : EXIT_USAGE;
        }
    }
    if (co->db && (rc = load_store_corpus(co->db, c)) != EXIT_OK) {
        precis_corpus_free(c);
        precis_pipeline_free(probe);
        return rc;
    }
    *corpus = c;
    /* A background from --idf or --db replaces the counting pass; it is only read from here
     * on, so each worker may have a view of it. */
    if (co->idf_file || co->db) {
        precis_pipeline_free(probe); /* each_article() makes its own */
        return each_article(in, argc, argv, fn, co->view_fn, ctx, c);
    }

    /* Standard input cannot be read twice: keep a copy in memory. */
    char *stdin_data = NULL;
    size_t stdin_len = 0;
    int uses_stdin = argc == 0;
    for (int i = 0; i < argc; i++)
        uses_stdin |= strcmp(argv[i], "-") == 0;
    if (uses_stdin && (st = slurp_stdin(&stdin_data, &stdin_len)) != PRECIS_OK) {
        cli_error("standard input: %s", precis_strerror(st));
        precis_pipeline_free(probe);
        return EXIT_FATAL;
    }

    runner run;
    memset(&run, 0, sizeof run);
    run.spare = probe;
    run.in = in;
    run.fn = fn;
    run.view_fn = co->view_fn;
    run.ctx = ctx;
    run.corpus = c;
    run.keep = 1;
    run.budget = co->memory_budget ? co->memory_budget : CLI_DEFAULT_BUDGET;
    pthread_mutex_init(&run.lock, NULL);
    pthread_mutex_init(&run.corpus_lock, NULL);
    pthread_cond_init(&run.turn, NULL);
    int jobs = in->jobs > 0 ? in->jobs : 1;

    for (int pass = 0; pass < 2 && run.rc != EXIT_FATAL; pass++) {
        run.mode = pass == 0 ? RUN_COUNT : run.keep ? RUN_KEPT : RUN_STREAM;
        if (run.mode != RUN_KEPT) {
            st = open_inputs(&run, argc, argv, uses_stdin ? stdin_data : NULL, stdin_len);
            if (st != PRECIS_OK) {
                cli_error("%s", precis_strerror(st));
                run.rc = EXIT_FATAL;
                break;
            }
        }
        run.reread = pass == 1;
        if (pass == 1 && run.mode == RUN_STREAM) {
            /* Articles were not all kept: free those that were, and read everything again. */
            for (size_t i = 0; i < run.nitems; i++) {
                precis_doc_free(run.items[i].d);
                precis_article_free(run.items[i].a);
            }
            run.nitems = 0;
        }
        run_workers(&run, jobs);
    }
    for (size_t i = 0; i < run.nitems; i++) {
        precis_doc_free(run.items[i].d);
        precis_article_free(run.items[i].a);
    }
    free(run.items);
    precis_pipeline_free(run.spare);
    for (int i = 0; i < run.npipes; i++) {
        precis_corpus_view_free(run.count_views[i]);
        precis_pipeline_free(run.pipes[i]);
    }
    pthread_cond_destroy(&run.turn);
    pthread_mutex_destroy(&run.corpus_lock);
    pthread_mutex_destroy(&run.lock);
    precis_reader_free(run.reader);
    free(stdin_data);
    return run.rc;
}

static int load_store_corpus(const char *db, precis_corpus *c)
{
    precis_store *s = NULL;
    char *err = NULL;
    precis_status st = precis_store_open(db, PRECIS_STORE_READONLY, &s, &err);
    if (st == PRECIS_OK)
        st = precis_store_load_corpus(s, c);
    if (st != PRECIS_OK) {
        if (st == PRECIS_ENOTFOUND)
            cli_error("%s: no such corpus store (make one with 'precis index --db %s')", db, db);
        else
            cli_error("%s", err ? err : s ? precis_store_error(s) : precis_strerror(st));
    }
    free(err);
    precis_store_close(s);
    return st == PRECIS_OK ? EXIT_OK : st == PRECIS_ENOMEM ? EXIT_FATAL : EXIT_USAGE;
}
