/* cmd_keywords.c - `precis keywords`: each article's best keywords, single words and phrases,
 * shown in their most frequent surface form with score and count. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

void cmd_keywords_usage(FILE *out)
{
    fputs("Usage: precis keywords [OPTIONS] [FILE|DIR|-]...\n"
          "Lists each article's keywords: words and phrases of up to three words, inflections\n"
          "merged, best first, each in its most frequent form with its score and count.\n"
          "Term weights come from all the articles of the run (or from --idf / --db).\n\n"
          "  -k, --top N           keywords per article (default 10)\n"
          "      --max-words N     longest phrase, in words, 1 to 5 (default 3)\n"
          "      --idf FILE        document frequencies saved by 'precis terms --save-idf'\n"
          "      --db STORE        document frequencies of a corpus store ('precis index')\n"
          "  -f, --format F        text, jsonl, json, tsv, csv or md\n"
          "  -h, --help            this help\n",
          out);
    fputs(CLI_INPUT_HELP, out);
}

typedef struct ctx {
    int format;
    int many;
    precis_keyword_options kw;
    precis_corpus *corpus;
} ctx;

/* The keywords of d, with document frequencies through v when not NULL. */
static int keywords_one(const ctx *c, precis_corpus_view *v, const precis_pipeline *p,
                        const precis_doc *d, FILE *out)
{
    precis_keywords *kw = NULL;
    precis_status st = v ? precis_keywords_extract_view(v, d, &c->kw, &kw)
                         : precis_keywords_extract(p, d, c->corpus, &c->kw, &kw);
    if (st != PRECIS_OK) {
        cli_error("%s: %s", precis_article_path(precis_doc_article(d)), precis_strerror(st));
        return 1;
    }
    const char *id = precis_article_id(precis_doc_article(d));
    switch (c->format) {
    case FMT_JSONL:
    case FMT_JSON:
        cli_json_article(out, d);
        fputs(",\"keywords\":[", out);
        for (size_t i = 0; i < kw->count; i++) {
            const precis_keyword *k = &kw->keyword[i];
            fputs(i ? ",{\"term\":" : "{\"term\":", out);
            cli_json_cstr(out, k->text);
            fputs(",\"key\":", out);
            cli_json_cstr(out, k->key);
            fprintf(out, ",\"score\":%.6g,\"count\":%zu,\"words\":%zu}", k->score, k->count,
                    k->words);
        }
        fputs(c->format == FMT_JSONL ? "]}\n" : "]}", out);
        break;
    case FMT_TSV:
    case FMT_CSV: {
        const int csv = c->format == FMT_CSV;
        const char sep = csv ? ',' : '\t';
        for (size_t i = 0; i < kw->count; i++) {
            const precis_keyword *k = &kw->keyword[i];
            if (csv)
                cli_csv_field(out, id, strlen(id));
            else
                cli_tsv_field(out, id, strlen(id));
            fprintf(out, "%c%zu%c", sep, i + 1, sep);
            if (csv)
                cli_csv_field(out, k->text, strlen(k->text));
            else
                cli_tsv_field(out, k->text, strlen(k->text));
            fprintf(out, "%c%.6g%c%zu%c%zu\n", sep, k->score, sep, k->count, sep, k->words);
        }
        break;
    }
    case FMT_MD:
        fprintf(out, "## %s\n\n", cli_article_heading(d));
        for (size_t i = 0; i < kw->count; i++)
            fprintf(out, "%zu. %s (%zu)\n", i + 1, kw->keyword[i].text, kw->keyword[i].count);
        break;
    default:
        if (c->many)
            fprintf(out, "# %s\n", cli_article_heading(d));
        for (size_t i = 0; i < kw->count; i++)
            fprintf(out, "%s\t%.4f\t%zu\n", kw->keyword[i].text, kw->keyword[i].score,
                    kw->keyword[i].count);
    }
    precis_keywords_free(kw);
    return ferror(out) ? 1 : 0;
}

static int each(void *vctx, const precis_pipeline *p, const precis_doc *d, size_t seq, FILE *out)
{
    (void)seq;
    return keywords_one(vctx, NULL, p, d, out);
}

static int each_view(void *vctx, precis_corpus_view *v, const precis_pipeline *p,
                     const precis_doc *d, size_t seq, FILE *out)
{
    (void)seq;
    return keywords_one(vctx, v, p, d, out);
}

int cmd_keywords(int argc, char **argv)
{
    enum { OPT_MAXW = 256 };
    static const struct option longopts[] = {{"format", required_argument, NULL, 'f'},
                                             {"help", no_argument, NULL, 'h'},
                                             {"max-words", required_argument, NULL, OPT_MAXW},
                                             {"top", required_argument, NULL, 'k'},
                                             CLI_BACKGROUND_LONGOPTS,
                                             CLI_INPUT_LONGOPTS,
                                             {NULL, 0, NULL, 0}};
    const char *cmd = "keywords";
    cli_input in;
    cli_input_init(&in);
    cli_corpus_options co = {0};
    co.view_fn = each_view;
    ctx c;
    memset(&c, 0, sizeof c);
    c.format = FMT_TEXT;
    int opt;
    while ((opt = getopt_long(argc, argv, "f:hj:k:qv", longopts, NULL)) != -1) {
        switch (opt) {
        case 'f':
            if ((c.format = cli_parse_format(optarg, FMT_ALL)) < 0)
                return cli_usage_error(cmd, "--format must be text, jsonl, json, tsv, csv or md");
            break;
        case 'h': cmd_keywords_usage(stdout); return EXIT_OK;
        case 'k':
            if (cli_parse_size(optarg, 1, 100000, &c.kw.k))
                return cli_usage_error(cmd, "-k needs a positive number, not '%s'", optarg);
            break;
        case OPT_MAXW:
            if (cli_parse_size(optarg, 1, 5, &c.kw.max_words))
                return cli_usage_error(cmd, "--max-words must be 1 to 5, not '%s'", optarg);
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
    c.many = cli_many_articles(&in, argc, argv);
    in.separator = cli_record_separator(c.format, c.many);
    cli_records_begin(c.format, "id\trank\tterm\tscore\tcount\twords\n",
                      "id,rank,term,score,count,words\n");
    int rc = cli_each_article_corpus(&in, &co, argc, argv, each, &c, &c.corpus);
    cli_records_end(c.format);
    precis_corpus_free(c.corpus);
    return rc;
}
