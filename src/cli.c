/* cli.c - diagnostics, output quoting and the article loop shared by the precis subcommands. */
#include "cli.h"

#include <getopt.h>
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

static void drain_warnings(precis_reader *r)
{
    const char *w;
    while ((w = precis_reader_warning(r)) != NULL)
        cli_warn("%s", w);
}

int cli_each_article(const cli_input *in, int argc, char **argv, cli_article_fn fn, void *ctx)
{
    precis_reader *r = NULL;
    precis_pipeline *p = NULL;
    int rc = EXIT_OK;
    precis_status st = precis_reader_new(&in->read, &r);
    if (st != PRECIS_OK) {
        cli_error("%s", precis_strerror(st));
        return EXIT_FATAL;
    }
    st = precis_pipeline_new(&in->pipe, &p);
    if (st != PRECIS_OK) {
        precis_reader_free(r);
        return cli_pipeline_failed("input", &in->pipe, st);
    }
    for (int i = 0; i < argc; i++)
        if ((st = precis_reader_add(r, argv[i])) != PRECIS_OK)
            goto fatal;
    if (argc == 0 && (st = precis_reader_add(r, "-")) != PRECIS_OK)
        goto fatal;

    for (;;) {
        precis_article *a = NULL;
        st = precis_reader_next(r, &a);
        drain_warnings(r);
        if (st == PRECIS_ENOMEM)
            goto fatal;
        if (st != PRECIS_OK) {
            cli_error("%s", precis_reader_error(r));
            rc = EXIT_INPUT;
            continue;
        }
        if (!a)
            break;
        precis_doc *d = NULL;
        st = precis_pipeline_analyze(p, a, &d);
        if (st != PRECIS_OK) {
            cli_error("%s", precis_pipeline_error(p));
            precis_article_free(a);
            if (st == PRECIS_ENOMEM)
                goto fatal;
            rc = EXIT_INPUT;
            continue;
        }
        int stop = fn(ctx, p, d);
        precis_doc_free(d);
        precis_article_free(a);
        if (stop) {
            rc = EXIT_FATAL;
            break;
        }
    }
    precis_pipeline_free(p);
    precis_reader_free(r);
    return rc;
fatal:
    cli_error("%s", precis_strerror(st));
    precis_pipeline_free(p);
    precis_reader_free(r);
    return EXIT_FATAL;
}
