/* cmd_terms.c - `precis terms`: corpus-wide term statistics (frequency, document frequency,
 * IDF, the articles where each term weighs most) or each article's TF-IDF vector, in tables
 * meant for R and pandas; --save-idf writes the document frequencies for --idf elsewhere. */
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

void cmd_terms_usage(FILE *out)
{
    fputs("Usage: precis terms [OPTIONS] [FILE|DIR|-]...\n"
          "Term statistics over all the articles of the run: for each term (a stemmed word,\n"
          "or a phrase with --max-words) its most frequent form (case-folded), total\n"
          "frequency, document frequency (df: articles holding it; with --idf or --db, those\n"
          "of the background), IDF and the articles where its TF-IDF weight is highest.\n"
          "With --per-doc, each article's TF-IDF vector instead.\n\n"
          "Weights: tf-idf = TF x IDF over N articles, each article's vector scaled to unit\n"
          "length (cosine) unless --no-norm.\n"
          "  IDF smooth (default): ln((1 + N) / (1 + df)) + 1, as scikit-learn\n"
          "      plain: ln(N / df)     prob: max(0, ln((N - df) / df))\n"
          "  TF  log (default): 1 + ln tf     raw: tf     augmented: 0.5 + 0.5 tf / max tf\n"
          "      bm25: tf (k1 + 1) / (tf + k1 (1 - b + b len / avglen)), k1 1.2, b 0.75\n"
          "      (len in term tokens; measuring avglen reads the inputs once more)\n\n"
          "Term table:\n"
          "      --sort S          freq (total frequency, default), df, idf (rarest first)\n"
          "                        or term (byte order); ties by stem key\n"
          "      --min-freq N      only terms occurring at least N times\n"
          "      --min-df N        only terms found in at least N articles\n"
          "      --limit N         at most N terms\n"
          "      --top-docs K      articles shown a term, best TF-IDF first (default 3)\n"
          "Per article:\n"
          "      --per-doc         each article's TF-IDF vector instead of the term table\n"
          "  -k, --top N           terms per article, largest weight first (default 20; 0 all)\n"
          "Both:\n"
          "      --max-words N     count phrases of up to N words too, 1 to 3 (default 1)\n"
          "      --tf V            log (default), raw, augmented or bm25\n"
          "      --idf-variant V   smooth (default), plain or prob\n"
          "      --no-norm         raw TF-IDF weights, no cosine normalisation\n"
          "      --idf FILE        weigh against document frequencies saved by --save-idf\n"
          "      --db STORE        weigh against a corpus store ('precis index')\n"
          "      --save-idf FILE   write the document frequencies of the inputs (terms and\n"
          "                        phrases of up to 3 words) for 'precis summarize --idf';\n"
          "                        then nothing is printed unless --format is given\n"
          "  -f, --format F        text, jsonl, json, tsv, csv or md\n"
          "  -h, --help            this help\n",
          out);
    fputs(CLI_INPUT_HELP, out);
}

typedef struct ctx {
    int format;
    int many;
    int per_doc;
    int silent; /* --save-idf without --format: only the file is wanted */
    size_t top;
    precis_terms_options o;
    precis_corpus *corpus;
    precis_terms *terms;
    pthread_mutex_t lock; /* the callback runs in several threads; terms has one writer */
} ctx;

/* Columns of the text tables: characters, not bytes (UTF-8 continuation bytes are skipped). */
static size_t width(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xc0) != 0x80;
    return n;
}

static void pad(FILE *out, const char *s, size_t w)
{
    fputs(s, out);
    for (size_t n = width(s); n < w; n++)
        putc(' ', out);
}

static void field(FILE *out, int format, const char *s)
{
    if (format == FMT_CSV)
        cli_csv_field(out, s, strlen(s));
    else
        cli_tsv_field(out, s, strlen(s));
}

/* A Markdown table cell: '|' would end it, a newline the row. */
static void md_cell(FILE *out, const char *s)
{
    for (; *s; s++) {
        if (*s == '|')
            fputs("\\|", out);
        else
            putc(*s == '\n' || *s == '\r' || *s == '\t' ? ' ' : *s, out);
    }
}

/* ---- --per-doc ---------------------------------------------------------------------------- */

static void print_vector(const ctx *c, const precis_doc *d, const precis_term_vector *v, FILE *out)
{
    size_t n = precis_terms_vector_count(v);
    if (c->top && n > c->top)
        n = c->top;
    const char *const id = precis_article_id(precis_doc_article(d));
    switch (c->format) {
    case FMT_JSONL:
    case FMT_JSON:
        cli_json_article(out, d);
        fputs(",\"terms\":[", out);
        for (size_t i = 0; i < n; i++) {
            const precis_term_weight *w = precis_terms_vector_at(v, i);
            fputs(i ? ",{\"term\":" : "{\"term\":", out);
            cli_json_cstr(out, w->term);
            fputs(",\"key\":", out);
            cli_json_cstr(out, w->key);
            fprintf(out, ",\"tf\":%llu,\"df\":%zu,\"idf\":%.6g,\"tfidf\":%.6g}",
                    (unsigned long long)w->tf, w->df, w->idf, w->weight);
        }
        fputs(c->format == FMT_JSONL ? "]}\n" : "]}", out);
        break;
    case FMT_TSV:
    case FMT_CSV: {
        const char sep = c->format == FMT_CSV ? ',' : '\t';
        for (size_t i = 0; i < n; i++) {
            const precis_term_weight *w = precis_terms_vector_at(v, i);
            field(out, c->format, id);
            putc(sep, out);
            field(out, c->format, w->term);
            putc(sep, out);
            field(out, c->format, w->key);
            fprintf(out, "%c%llu%c%zu%c%.6g%c%.6g\n", sep, (unsigned long long)w->tf, sep, w->df,
                    sep, w->idf, sep, w->weight);
        }
        break;
    }
    case FMT_MD:
        fprintf(out, "## %s\n\n| term | tf | df | idf | tf-idf |\n|---|--:|--:|--:|--:|\n",
                cli_article_heading(d));
        for (size_t i = 0; i < n; i++) {
            const precis_term_weight *w = precis_terms_vector_at(v, i);
            fputs("| ", out);
            md_cell(out, w->term);
            fprintf(out, " | %llu | %zu | %.4f | %.4f |\n", (unsigned long long)w->tf, w->df,
                    w->idf, w->weight);
        }
        break;
    default: {
        if (c->many)
            fprintf(out, "# %s\n", cli_article_heading(d));
        size_t tw = 4;
        for (size_t i = 0; i < n; i++) {
            const size_t x = width(precis_terms_vector_at(v, i)->term);
            tw = x > tw ? x : tw;
        }
        pad(out, "term", tw);
        fputs("     tf     df     idf   tf-idf\n", out);
        for (size_t i = 0; i < n; i++) {
            const precis_term_weight *w = precis_terms_vector_at(v, i);
            pad(out, w->term, tw);
            fprintf(out, " %6llu %6zu %7.4f %8.4f\n", (unsigned long long)w->tf, w->df, w->idf,
                    w->weight);
        }
    }
    }
}

static int each(void *vctx, const precis_pipeline *p, const precis_doc *d, size_t seq, FILE *out)
{
    ctx *c = vctx;
    if (c->silent)
        return 0;
    precis_term_vector *v = NULL;
    precis_status st = precis_terms_vector(p, d, c->corpus, &c->o, &v);
    if (st != PRECIS_OK) {
        cli_error("%s: %s", precis_article_path(precis_doc_article(d)), precis_strerror(st));
        return 1;
    }
    if (c->per_doc) {
        print_vector(c, d, v, out);
    } else {
        pthread_mutex_lock(&c->lock);
        st = precis_terms_add(c->terms, v, seq, precis_article_id(precis_doc_article(d)));
        pthread_mutex_unlock(&c->lock);
        if (st != PRECIS_OK)
            cli_error("%s", precis_strerror(st));
    }
    precis_terms_vector_free(v);
    return st != PRECIS_OK || ferror(out);
}

/* ---- the term table ----------------------------------------------------------------------- */

static void print_top_text(FILE *out, const precis_term_stat *s)
{
    for (size_t j = 0; j < s->ntop; j++)
        fprintf(out, "%s%s (%.3f)", j ? ", " : "", s->top[j].id, s->top[j].weight);
}

static void print_stats(FILE *out, int format, const precis_term_stats *st, size_t k)
{
    switch (format) {
    case FMT_JSONL:
    case FMT_JSON:
        if (format == FMT_JSON)
            fputs("[", out);
        for (size_t i = 0; i < st->count; i++) {
            const precis_term_stat *s = &st->term[i];
            if (format == FMT_JSON && i)
                fputs(",\n", out);
            fputs("{\"term\":", out);
            cli_json_cstr(out, s->term);
            fputs(",\"key\":", out);
            cli_json_cstr(out, s->key);
            fprintf(out, ",\"words\":%zu,\"freq\":%llu,\"df\":%zu,\"idf\":%.6g,\"top_docs\":[",
                    s->words, (unsigned long long)s->freq, s->df, s->idf);
            for (size_t j = 0; j < s->ntop; j++) {
                fputs(j ? ",{\"id\":" : "{\"id\":", out);
                cli_json_cstr(out, s->top[j].id);
                fprintf(out, ",\"tfidf\":%.6g}", s->top[j].weight);
            }
            fputs(format == FMT_JSONL ? "]}\n" : "]}", out);
        }
        if (format == FMT_JSON)
            fputs("]\n", out);
        break;
    case FMT_TSV:
    case FMT_CSV: {
        /* One pair of columns a kept article, so the table stays rectangular for R. */
        const char sep = format == FMT_CSV ? ',' : '\t';
        fprintf(out, "term%ckey%cwords%cfreq%cdf%cidf", sep, sep, sep, sep, sep);
        for (size_t j = 1; j <= k; j++)
            fprintf(out, "%cdoc%zu%ctfidf%zu", sep, j, sep, j);
        putc('\n', out);
        for (size_t i = 0; i < st->count; i++) {
            const precis_term_stat *s = &st->term[i];
            field(out, format, s->term);
            putc(sep, out);
            field(out, format, s->key);
            fprintf(out, "%c%zu%c%llu%c%zu%c%.6g", sep, s->words, sep, (unsigned long long)s->freq,
                    sep, s->df, sep, s->idf);
            for (size_t j = 0; j < k; j++) {
                putc(sep, out);
                if (j < s->ntop) {
                    field(out, format, s->top[j].id);
                    fprintf(out, "%c%.6g", sep, s->top[j].weight);
                } else {
                    putc(sep, out);
                }
            }
            putc('\n', out);
        }
        break;
    }
    case FMT_MD:
        fputs(k ? "| term | freq | df | idf | top documents |\n|---|--:|--:|--:|---|\n"
                : "| term | freq | df | idf |\n|---|--:|--:|--:|\n",
              out);
        for (size_t i = 0; i < st->count; i++) {
            const precis_term_stat *s = &st->term[i];
            fputs("| ", out);
            md_cell(out, s->term);
            fprintf(out, " | %llu | %zu | %.4f |", (unsigned long long)s->freq, s->df, s->idf);
            if (k) {
                putc(' ', out);
                for (size_t j = 0; j < s->ntop; j++) {
                    fputs(j ? ", " : "", out);
                    md_cell(out, s->top[j].id);
                    fprintf(out, " (%.3f)", s->top[j].weight);
                }
                fputs(" |", out);
            }
            putc('\n', out);
        }
        break;
    default: {
        size_t tw = 4;
        for (size_t i = 0; i < st->count; i++) {
            const size_t x = width(st->term[i].term);
            tw = x > tw ? x : tw;
        }
        pad(out, "term", tw);
        fputs(k ? "     freq     df     idf  top documents (tf-idf)\n"
                : "     freq     df     idf\n",
              out);
        for (size_t i = 0; i < st->count; i++) {
            const precis_term_stat *s = &st->term[i];
            pad(out, s->term, tw);
            fprintf(out, " %8llu %6zu %7.4f", (unsigned long long)s->freq, s->df, s->idf);
            if (k) {
                fputs("  ", out);
                print_top_text(out, s);
            }
            putc('\n', out);
        }
    }
    }
}

/* ---- BM25's average length ---------------------------------------------------------------- */

/* Mean term tokens an article over the inputs, read once more before the run. Problems with
 * inputs are left for the run itself to report. Returns EXIT_OK or EXIT_FATAL. */
static int measure_avglen(const cli_input *in, int argc, char **argv, double *avglen)
{
    int rc = EXIT_FATAL;
    precis_reader *r = NULL;
    precis_pipeline *p = NULL;
    precis_status st = precis_reader_new(&in->read, &r);
    for (int i = 0; st == PRECIS_OK && i < argc; i++)
        st = precis_reader_add(r, argv[i]);
    if (st == PRECIS_OK && (st = precis_pipeline_new(&in->pipe, &p)) != PRECIS_OK) {
        precis_reader_free(r);
        return cli_pipeline_failed("terms", &in->pipe, st);
    }
    double total = 0, docs = 0;
    while (st == PRECIS_OK) {
        precis_article *a = NULL;
        st = precis_reader_next(r, &a);
        while (precis_reader_warning(r) != NULL) {
        }
        if (st != PRECIS_OK) {
            if (st != PRECIS_ENOMEM)
                st = PRECIS_OK; /* a bad input: the run reports it */
            continue;
        }
        if (!a)
            break;
        precis_doc *d = NULL;
        st = precis_pipeline_analyze(p, a, &d);
        if (st == PRECIS_OK) {
            total += (double)precis_terms_doc_length(d);
            docs++;
        } else if (st != PRECIS_ENOMEM) {
            st = PRECIS_OK;
        }
        precis_doc_free(d);
        precis_article_free(a);
    }
    if (st == PRECIS_OK) {
        *avglen = docs > 0 ? total / docs : 0;
        rc = EXIT_OK;
    } else {
        cli_error("terms: %s", precis_strerror(st));
    }
    precis_pipeline_free(p);
    precis_reader_free(r);
    return rc;
}

/* ---- options ------------------------------------------------------------------------------ */

static int pick(const char *s, const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return -1;
}

int cmd_terms(int argc, char **argv)
{
    enum {
        OPT_IDF_VARIANT = 256,
        OPT_LIMIT,
        OPT_MAX_WORDS,
        OPT_MIN_DF,
        OPT_MIN_FREQ,
        OPT_NO_NORM,
        OPT_PER_DOC,
        OPT_SAVE_IDF,
        OPT_SORT,
        OPT_TF,
        OPT_TOP_DOCS
    };
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {"idf-variant", required_argument, NULL, OPT_IDF_VARIANT},
        {"limit", required_argument, NULL, OPT_LIMIT},
        {"max-words", required_argument, NULL, OPT_MAX_WORDS},
        {"min-df", required_argument, NULL, OPT_MIN_DF},
        {"min-freq", required_argument, NULL, OPT_MIN_FREQ},
        {"no-norm", no_argument, NULL, OPT_NO_NORM},
        {"per-doc", no_argument, NULL, OPT_PER_DOC},
        {"save-idf", required_argument, NULL, OPT_SAVE_IDF},
        {"sort", required_argument, NULL, OPT_SORT},
        {"tf", required_argument, NULL, OPT_TF},
        {"top", required_argument, NULL, 'k'},
        {"top-docs", required_argument, NULL, OPT_TOP_DOCS},
        CLI_BACKGROUND_LONGOPTS,
        CLI_INPUT_LONGOPTS,
        {NULL, 0, NULL, 0}};
    /* In the order of the library's enums. */
    static const char *const tf_names[] = {"log", "raw", "augmented", "bm25"};
    static const char *const idf_names[] = {"smooth", "plain", "prob"};
    static const char *const sort_names[] = {"freq", "df", "idf", "term"};
    const char *cmd = "terms";
    cli_input in;
    cli_input_init(&in);
    cli_corpus_options co = {0};
    ctx c;
    memset(&c, 0, sizeof c);
    c.format = FMT_TEXT;
    c.top = 20;
    c.o.top_docs = 3;
    precis_terms_select sel = {0};
    const char *save_idf = NULL;
    int format_given = 0;
    const char *table_only = NULL, *per_doc_only = NULL; /* an option given, for the check */
    int opt;
    while ((opt = getopt_long(argc, argv, "f:hj:k:qv", longopts, NULL)) != -1) {
        int v;
        switch (opt) {
        case 'f':
            if ((c.format = cli_parse_format(optarg, FMT_ALL)) < 0)
                return cli_usage_error(cmd, "--format must be text, jsonl, json, tsv, csv or md");
            format_given = 1;
            break;
        case 'h': cmd_terms_usage(stdout); return EXIT_OK;
        case 'k':
            if (cli_parse_size(optarg, 0, SIZE_MAX, &c.top))
                return cli_usage_error(cmd, "--top needs a number (0 = all), not '%s'", optarg);
            per_doc_only = "--top";
            break;
        case OPT_IDF_VARIANT:
            if ((v = pick(optarg, idf_names, 3)) < 0)
                return cli_usage_error(cmd, "--idf-variant must be smooth, plain or prob, not '%s'",
                                       optarg);
            c.o.idf = (precis_idf_variant)v;
            break;
        case OPT_LIMIT:
            if (cli_parse_size(optarg, 0, SIZE_MAX, &sel.limit))
                return cli_usage_error(cmd, "--limit needs a number (0 = all), not '%s'", optarg);
            table_only = "--limit";
            break;
        case OPT_MAX_WORDS:
            if (cli_parse_size(optarg, 1, 3, &c.o.max_words))
                return cli_usage_error(cmd, "--max-words must be 1, 2 or 3, not '%s'", optarg);
            break;
        case OPT_MIN_DF:
            if (cli_parse_size(optarg, 0, SIZE_MAX, &sel.min_df))
                return cli_usage_error(cmd, "--min-df needs a number, not '%s'", optarg);
            table_only = "--min-df";
            break;
        case OPT_MIN_FREQ: {
            size_t n;
            if (cli_parse_size(optarg, 0, SIZE_MAX, &n))
                return cli_usage_error(cmd, "--min-freq needs a number, not '%s'", optarg);
            sel.min_freq = n;
            table_only = "--min-freq";
            break;
        }
        case OPT_NO_NORM: c.o.no_norm = 1; break;
        case OPT_PER_DOC: c.per_doc = 1; break;
        case OPT_SAVE_IDF: save_idf = optarg; break;
        case OPT_SORT:
            if ((v = pick(optarg, sort_names, 4)) < 0)
                return cli_usage_error(cmd, "--sort must be freq, df, idf or term, not '%s'",
                                       optarg);
            sel.sort = (precis_terms_sort)v;
            table_only = "--sort";
            break;
        case OPT_TF:
            if ((v = pick(optarg, tf_names, 4)) < 0)
                return cli_usage_error(cmd, "--tf must be log, raw, augmented or bm25, not '%s'",
                                       optarg);
            c.o.tf = (precis_tf_variant)v;
            break;
        case OPT_TOP_DOCS:
            if (cli_parse_size(optarg, 0, 1000, &c.o.top_docs))
                return cli_usage_error(cmd, "--top-docs must be 0 to 1000, not '%s'", optarg);
            table_only = "--top-docs";
            break;
        case '?': return cli_usage_error(cmd, "bad option");
        default:
            if (cli_background_option(&co, opt, optarg))
                break;
            if (cli_input_option(cmd, &in, opt, optarg) < 0)
                return EXIT_USAGE;
        }
    }
    argc -= optind;
    argv += optind;
    if (c.per_doc && table_only)
        return cli_usage_error(cmd, "%s is for the term table, not --per-doc", table_only);
    if (!c.per_doc && per_doc_only)
        return cli_usage_error(cmd, "%s needs --per-doc", per_doc_only);
    if (save_idf && (co.idf_file || co.db))
        return cli_usage_error(cmd, "--save-idf saves the inputs' own document frequencies; "
                                    "it cannot be used with --idf or --db");
    int uses_stdin = argc == 0;
    for (int i = 0; i < argc; i++)
        uses_stdin |= strcmp(argv[i], "-") == 0;
    c.silent = save_idf && !format_given;
    if (c.o.tf == PRECIS_TF_BM25 && !c.silent) {
        if (uses_stdin)
            return cli_usage_error(cmd, "--tf bm25 reads the inputs twice; standard input "
                                        "cannot be read twice");
        const int rc = measure_avglen(&in, argc, argv, &c.o.avglen);
        if (rc != EXIT_OK)
            return rc;
    }

    if (!c.per_doc && precis_terms_new(&c.o, &c.terms) != PRECIS_OK) {
        cli_error("%s: %s", cmd, precis_strerror(PRECIS_ENOMEM));
        return EXIT_FATAL;
    }
    pthread_mutex_init(&c.lock, NULL);
    c.many = cli_many_articles(&in, argc, argv);
    if (c.per_doc && !c.silent) {
        in.separator = cli_record_separator(c.format, c.many);
        cli_records_begin(c.format, "id\tterm\tkey\ttf\tdf\tidf\ttfidf\n",
                          "id,term,key,tf,df,idf,tfidf\n");
    }
    int rc = cli_each_article_corpus(&in, &co, argc, argv, each, &c, &c.corpus);
    if (c.per_doc && !c.silent)
        cli_records_end(c.format);
    if (rc != EXIT_FATAL && !c.per_doc && !c.silent) {
        precis_term_stats *st = NULL;
        if (precis_terms_stats(c.terms, c.corpus, c.o.idf, &sel, &st) != PRECIS_OK) {
            cli_error("%s: %s", cmd, precis_strerror(PRECIS_ENOMEM));
            rc = EXIT_FATAL;
        } else {
            print_stats(stdout, c.format, st, c.o.top_docs);
            if (cli_verbosity > 1)
                cli_warn("terms: %zu articles, %zu terms, %zu shown; idf %s over %zu documents",
                         st->docs, st->terms, st->count, idf_names[c.o.idf],
                         precis_corpus_doc_count(c.corpus));
        }
        precis_terms_stats_free(st);
    }
    if (rc != EXIT_FATAL && save_idf) {
        const precis_status st = precis_corpus_save(c.corpus, save_idf);
        if (st != PRECIS_OK) {
            cli_error("terms: %s: cannot write the document frequencies (%s)", save_idf,
                      precis_strerror(st));
            rc = EXIT_FATAL;
        }
    }
    pthread_mutex_destroy(&c.lock);
    precis_terms_free(c.terms);
    precis_corpus_free(c.corpus);
    return rc;
}
