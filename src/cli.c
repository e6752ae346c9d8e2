/* cli.c - diagnostics, output quoting and the article loop shared by the precis subcommands. */
#include "cli.h"

#include <getopt.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cli_verbosity = 1;

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
    for (size_t i = 0; i < len; i++)
        putc(s[i] == '\t' || s[i] == '\n' || s[i] == '\r' ? ' ' : s[i], out);
}

void cli_text_oneline(FILE *out, const char *s, size_t len)
{
    int space = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\v' || c == '\f') {
            space = 1;
            continue;
        }
        if (space)
            putc(' ', out);
        space = 0;
        putc(c, out);
    }
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
            return cli_usage_error(cmd, "unknown language '%s' (see 'precis languages')", arg),
                   -1;
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
 * written strictly in sequence order, so --jobs never changes what is printed. */
typedef struct runner {
    const cli_input *in;
    cli_article_fn fn;
    void *ctx;
    precis_reader *reader;
    pthread_mutex_t lock;
    pthread_cond_t turn;
    size_t next_seq;    /* next sequence number to hand out */
    size_t next_print;  /* sequence number whose output goes next */
    int rc;             /* EXIT_OK, EXIT_INPUT or EXIT_FATAL */
    int done;
} runner;

static void drain_warnings(precis_reader *r)
{
    const char *w;
    while ((w = precis_reader_warning(r)) != NULL)
        cli_warn("%s", w);
}

/* Takes the next article under the lock; NULL at the end or after a fatal error. */
static precis_article *take(runner *run, size_t *seq)
{
    precis_article *a = NULL;
    pthread_mutex_lock(&run->lock);
    while (!run->done) {
        precis_status st = precis_reader_next(run->reader, &a);
        drain_warnings(run->reader);
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
        cli_error("%s", precis_reader_error(run->reader));
        if (run->rc == EXIT_OK)
            run->rc = EXIT_INPUT;
    }
    pthread_mutex_unlock(&run->lock);
    return a;
}

/* Writes a worker's output when its turn comes, then passes the turn on. */
static void emit(runner *run, size_t seq, const char *data, size_t len, int status)
{
    pthread_mutex_lock(&run->lock);
    while (run->next_print != seq)
        pthread_cond_wait(&run->turn, &run->lock);
    if (len && fwrite(data, 1, len, stdout) != len)
        status = EXIT_FATAL;
    if (status > run->rc)
        run->rc = status;
    if (status == EXIT_FATAL)
        run->done = 1;
    run->next_print++;
    pthread_cond_broadcast(&run->turn);
    pthread_mutex_unlock(&run->lock);
}

static void *worker(void *arg)
{
    runner *run = arg;
    precis_pipeline *p = NULL;
    precis_status st = precis_pipeline_new(&run->in->pipe, &p);
    if (st != PRECIS_OK) {
        pthread_mutex_lock(&run->lock);
        run->rc = EXIT_FATAL;
        run->done = 1;
        pthread_mutex_unlock(&run->lock);
        return NULL;
    }
    size_t seq;
    precis_article *a;
    while ((a = take(run, &seq)) != NULL) {
        char *data = NULL;
        size_t len = 0;
        int status = EXIT_OK;
        FILE *out = open_memstream(&data, &len);
        precis_doc *d = NULL;
        if (!out) {
            status = EXIT_FATAL;
        } else if ((st = precis_pipeline_analyze(p, a, &d)) != PRECIS_OK) {
            cli_error("%s", precis_pipeline_error(p));
            status = st == PRECIS_ENOMEM ? EXIT_FATAL : EXIT_INPUT;
        } else if (run->fn(run->ctx, p, d, seq, out) != 0) {
            status = EXIT_FATAL;
        }
        if (out && fclose(out) != 0)
            status = EXIT_FATAL;
        emit(run, seq, data, out ? len : 0, status);
        free(data);
        precis_doc_free(d);
        precis_article_free(a);
    }
    precis_pipeline_free(p);
    return NULL;
}

int cli_each_article(const cli_input *in, int argc, char **argv, cli_article_fn fn, void *ctx)
{
    runner run;
    memset(&run, 0, sizeof run);
    run.in = in;
    run.fn = fn;
    run.ctx = ctx;
    /* Check the options once here, so a bad language is one message, not one a thread. */
    precis_pipeline *probe = NULL;
    precis_status st = precis_pipeline_new(&in->pipe, &probe);
    if (st != PRECIS_OK)
        return cli_pipeline_failed("input", &in->pipe, st);
    precis_pipeline_free(probe);
    if ((st = precis_reader_new(&in->read, &run.reader)) != PRECIS_OK)
        goto fatal;
    for (int i = 0; i < argc; i++)
        if ((st = precis_reader_add(run.reader, argv[i])) != PRECIS_OK)
            goto fatal;
    if (argc == 0 && (st = precis_reader_add(run.reader, "-")) != PRECIS_OK)
        goto fatal;
    pthread_mutex_init(&run.lock, NULL);
    pthread_cond_init(&run.turn, NULL);
    int jobs = in->jobs > 0 ? in->jobs : 1;
    pthread_t tid[CLI_MAX_JOBS];
    int started = 0;
    for (int i = 1; i < jobs; i++) {
        if (pthread_create(&tid[started], NULL, worker, &run) != 0)
            break; /* fewer threads is still correct */
        started++;
    }
    worker(&run);
    for (int i = 0; i < started; i++)
        pthread_join(tid[i], NULL);
    pthread_cond_destroy(&run.turn);
    pthread_mutex_destroy(&run.lock);
    precis_reader_free(run.reader);
    return run.rc;
fatal:
    cli_error("%s", precis_strerror(st));
    precis_reader_free(run.reader);
    return EXIT_FATAL;
}
