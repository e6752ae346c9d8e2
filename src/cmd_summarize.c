/* cmd_summarize.c - `precis summarize`: an extractive summary of each article (sentences in
 * their original order, with index and score), optionally with its keywords, judged against
 * the document frequencies of the whole run, a saved IDF table or a corpus store. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

void cmd_summarize_usage(FILE *out)
{
    fputs("Usage: precis summarize [OPTIONS] [FILE|DIR|-]...\n"
          "Prints an extractive summary of each article: its most informative sentences, in\n"
          "their original order. Term weights come from all the articles of the run (or from\n"
          "--idf / --db); a single article is weighed by its own sentences.\n\n"
          "  -n, --sentences N     at most N sentences (default 3 when no length is given)\n"
          "      --ratio R         at most this share (0..1] of the article's words\n"
          "      --words W         at most W words, never cutting a sentence\n"
          "  -m, --method M        default, lead, luhn, tfidf, textrank, lexrank, lsa,\n"
          "                        sumbasic or kl (see the README for each)\n"
          "  -k, --keywords K      add the article's K best keywords\n"
          "      --max-words N     longest keyword phrase, in words (default 3)\n"
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
    precis_summary_options sum;
    precis_keyword_options kw;
    int keywords;
    precis_corpus *corpus;
} ctx;

static void print_keywords_json(FILE *out, const precis_keywords *k)
{
    fputs(",\"keywords\":[", out);
    for (size_t i = 0; k && i < k->count; i++) {
        fputs(i ? ",{\"term\":" : "{\"term\":", out);
        cli_json_cstr(out, k->keyword[i].text);
        fprintf(out, ",\"score\":%.6g,\"count\":%zu}", k->keyword[i].score, k->keyword[i].count);
    }
    putc(']', out);
}

/* Keywords as one field: "a; b; c". */
static void keywords_joined(FILE *out, const precis_keywords *k, int csv)
{
    size_t len = 0;
    for (size_t i = 0; k && i < k->count; i++)
        len += strlen(k->keyword[i].text) + 2;
    char *s = malloc(len + 1);
    if (!s)
        return;
    s[0] = '\0';
    for (size_t i = 0; k && i < k->count; i++) {
        if (i)
            strcat(s, "; ");
        strcat(s, k->keyword[i].text);
    }
    if (csv)
        cli_csv_field(out, s, strlen(s));
    else
        cli_tsv_field(out, s, strlen(s));
    free(s);
}

/* The summary (and keywords) of d, with document frequencies through v when not NULL. */
static int summarize_one(const ctx *c, precis_corpus_view *v, const precis_pipeline *p,
                         const precis_doc *d, FILE *out)
{
    precis_summary *sum = NULL;
    precis_keywords *kw = NULL;
    precis_status st = v ? precis_summarize_view(v, d, &c->sum, &sum)
                         : precis_summarize(p, d, c->corpus, &c->sum, &sum);
    if (st == PRECIS_OK && c->keywords)
        st = v ? precis_keywords_extract_view(v, d, &c->kw, &kw)
               : precis_keywords_extract(p, d, c->corpus, &c->kw, &kw);
    if (st != PRECIS_OK) {
        cli_error("%s: %s", precis_article_path(precis_doc_article(d)), precis_strerror(st));
        precis_summary_free(sum);
        return 1;
    }
    const precis_article *a = precis_doc_article(d);
    size_t len;
    const char *text = precis_article_text(a, &len);
    const char *id = precis_article_id(a);
    switch (c->format) {
    case FMT_JSONL:
    case FMT_JSON:
        cli_json_article(out, d);
        fprintf(out, ",\"method\":\"%s\",\"sentences_total\":%zu,\"summary\":[",
                precis_summary_method_name(c->sum.method), precis_doc_sentence_count(d));
        for (size_t i = 0; i < sum->count; i++) {
            const precis_sentence *s = precis_doc_sentence(d, sum->sentence[i]);
            fprintf(out, "%s{\"index\":%zu,\"text\":", i ? "," : "", sum->sentence[i]);
            cli_json_str(out, text + s->start, s->end - s->start);
            fprintf(out, ",\"score\":%.6g}", sum->score[i]);
        }
        putc(']', out);
        if (c->keywords)
            print_keywords_json(out, kw);
        fputs(c->format == FMT_JSONL ? "}\n" : "}", out);
        break;
    case FMT_TSV:
    case FMT_CSV:
        for (size_t i = 0; i < sum->count; i++) {
            const precis_sentence *s = precis_doc_sentence(d, sum->sentence[i]);
            const char sep = c->format == FMT_CSV ? ',' : '\t';
            if (c->format == FMT_CSV)
                cli_csv_field(out, id, strlen(id));
            else
                cli_tsv_field(out, id, strlen(id));
            fprintf(out, "%c%zu%c%.6g%c", sep, sum->sentence[i], sep, sum->score[i], sep);
            if (c->format == FMT_CSV) {
                cli_csv_field(out, text + s->start, s->end - s->start);
            } else {
                cli_text_oneline(out, text + s->start, s->end - s->start);
            }
            if (c->keywords) {
                putc(sep, out);
                keywords_joined(out, kw, c->format == FMT_CSV);
            }
            putc('\n', out);
        }
        break;
    case FMT_MD:
        fprintf(out, "## %s\n\n", cli_article_heading(d));
        for (size_t i = 0; i < sum->count; i++) {
            const precis_sentence *s = precis_doc_sentence(d, sum->sentence[i]);
            fputs("- ", out);
            cli_text_oneline(out, text + s->start, s->end - s->start);
            putc('\n', out);
        }
        if (c->keywords && kw->count) {
            fputs("\n*Keywords:* ", out);
            for (size_t i = 0; i < kw->count; i++)
                fprintf(out, "%s%s", i ? ", " : "", kw->keyword[i].text);
            putc('\n', out);
        }
        break;
    default:
        if (c->many)
            fprintf(out, "# %s\n", cli_article_heading(d));
        for (size_t i = 0; i < sum->count; i++) {
            const precis_sentence *s = precis_doc_sentence(d, sum->sentence[i]);
            cli_text_oneline(out, text + s->start, s->end - s->start);
            putc('\n', out);
        }
        if (c->keywords) {
            fputs("Keywords: ", out);
            for (size_t i = 0; i < kw->count; i++)
                fprintf(out, "%s%s", i ? ", " : "", kw->keyword[i].text);
            putc('\n', out);
        }
    }
    precis_summary_free(sum);
    precis_keywords_free(kw);
    return ferror(out) ? 1 : 0;
}

static int each(void *vctx, const precis_pipeline *p, const precis_doc *d, size_t seq, FILE *out)
{
    (void)seq;
    return summarize_one(vctx, NULL, p, d, out);
}

static int each_view(void *vctx, precis_corpus_view *v, const precis_pipeline *p,
                     const precis_doc *d, size_t seq, FILE *out)
{
    (void)seq;
    return summarize_one(vctx, v, p, d, out);
}

int cmd_summarize(int argc, char **argv)
{
    enum { OPT_RATIO = 256, OPT_WORDS, OPT_MAXW };
    static const struct option longopts[] = {{"format", required_argument, NULL, 'f'},
                                             {"help", no_argument, NULL, 'h'},
                                             {"keywords", required_argument, NULL, 'k'},
                                             {"max-words", required_argument, NULL, OPT_MAXW},
                                             {"method", required_argument, NULL, 'm'},
                                             {"ratio", required_argument, NULL, OPT_RATIO},
                                             {"sentences", required_argument, NULL, 'n'},
                                             {"words", required_argument, NULL, OPT_WORDS},
                                             CLI_BACKGROUND_LONGOPTS,
                                             CLI_INPUT_LONGOPTS,
                                             {NULL, 0, NULL, 0}};
    const char *cmd = "summarize";
    cli_input in;
    cli_input_init(&in);
    cli_corpus_options co = {0};
    co.view_fn = each_view;
    ctx c;
    memset(&c, 0, sizeof c);
    c.format = FMT_TEXT;
    int opt;
    while ((opt = getopt_long(argc, argv, "f:hj:k:m:n:qv", longopts, NULL)) != -1) {
        switch (opt) {
        case 'f':
            if ((c.format = cli_parse_format(optarg, FMT_ALL)) < 0)
                return cli_usage_error(cmd, "--format must be text, jsonl, json, tsv, csv or md");
            break;
        case 'h': cmd_summarize_usage(stdout); return EXIT_OK;
        case 'k':
            if (cli_parse_size(optarg, 1, 100000, &c.kw.k))
                return cli_usage_error(cmd, "--keywords needs a positive number, not '%s'", optarg);
            c.keywords = 1;
            break;
        case 'm':
            if (precis_summary_method_parse(optarg, &c.sum.method) != PRECIS_OK)
                return cli_usage_error(cmd, "unknown method '%s'", optarg);
            break;
        case 'n':
            if (cli_parse_size(optarg, 1, 1000000000, &c.sum.sentences))
                return cli_usage_error(cmd, "-n needs a positive number, not '%s'", optarg);
            break;
        case OPT_RATIO: {
            char *end;
            c.sum.ratio = strtod(optarg, &end);
            if (*optarg == '\0' || *end != '\0' || !(c.sum.ratio > 0 && c.sum.ratio <= 1))
                return cli_usage_error(cmd, "--ratio must be a number in (0, 1], not '%s'", optarg);
            break;
        }
        case OPT_WORDS:
            if (cli_parse_size(optarg, 1, 1000000000, &c.sum.words))
                return cli_usage_error(cmd, "--words needs a positive number, not '%s'", optarg);
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
    cli_records_begin(
        c.format, c.keywords ? "id\tindex\tscore\ttext\tkeywords\n" : "id\tindex\tscore\ttext\n",
        c.keywords ? "id,index,score,text,keywords\n" : "id,index,score,text\n");
    /* Document frequencies are counted (a first pass over the inputs, the articles kept in
     * memory) only when the method or the keywords weigh by them, or a background is named. */
    const int corpus =
        c.keywords || precis_summary_method_uses_idf(c.sum.method) || co.idf_file || co.db;
    int rc = corpus ? cli_each_article_corpus(&in, &co, argc, argv, each, &c, &c.corpus)
                    : cli_each_article(&in, argc, argv, each, &c);
    cli_records_end(c.format);
    precis_corpus_free(c.corpus);
    return rc;
}
