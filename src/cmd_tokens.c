/* cmd_tokens.c - `precis tokens`: every token with its surface form, normalised form, stem,
 * stopword flag and sentence index, as a TSV table (text) or JSON Lines. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

void cmd_tokens_usage(FILE *out)
{
    fputs("Usage: precis tokens [OPTIONS] [FILE|DIR|-]...\n"
          "Shows each token of each article: sentence, byte offsets, kind, stopword flag,\n"
          "surface form, normalised form and stem.\n\n"
          "  -f, --format F        text (a tab-separated table with a header) or jsonl\n"
          "                        (one object an article)\n"
          "  -h, --help            this help\n",
          out);
    fputs(CLI_INPUT_HELP, out);
}

static const char *const kind_names[] = {"word", "number", "acronym", "url", "email", "symbol"};

typedef struct ctx {
    int format;
} ctx;

static int each(void *vctx, const precis_pipeline *p, const precis_doc *d, size_t seq, FILE *out)
{
    (void)seq;
    const ctx *c = vctx;
    const precis_article *a = precis_doc_article(d);
    size_t len;
    const char *text = precis_article_text(a, &len);
    const char *id = precis_article_id(a);
    size_t n = precis_doc_token_count(d);
    if (c->format == FMT_JSONL) {
        cli_json_article(out, d);
        fputs(",\"tokens\":[", out);
    }
    for (size_t i = 0; i < n; i++) {
        const precis_token *t = precis_doc_token(d, i);
        size_t nlen, slen;
        const char *norm = precis_pipeline_term(p, t->norm, &nlen);
        const char *stem = precis_pipeline_term(p, t->stem, &slen);
        if (c->format == FMT_JSONL) {
            fputs(i ? ",{\"text\":" : "{\"text\":", out);
            cli_json_str(out, text + t->start, t->end - t->start);
            fputs(",\"norm\":", out);
            cli_json_str(out, norm, nlen);
            fputs(",\"stem\":", out);
            cli_json_str(out, stem, slen);
            fprintf(out, ",\"kind\":\"%s\",\"stop\":%s,\"sentence\":%u,\"start\":%u,\"end\":%u}",
                    kind_names[t->kind], t->stop ? "true" : "false", t->sentence, t->start, t->end);
        } else {
            cli_tsv_field(out, id, strlen(id));
            fprintf(out, "\t%u\t%u\t%u\t%s\t%d\t", t->sentence, t->start, t->end,
                    kind_names[t->kind], t->stop);
            cli_tsv_field(out, text + t->start, t->end - t->start);
            putc('\t', out);
            cli_tsv_field(out, norm, nlen);
            putc('\t', out);
            cli_tsv_field(out, stem, slen);
            putc('\n', out);
        }
    }
    if (c->format == FMT_JSONL)
        fputs("]}\n", out);
    return ferror(out) ? 1 : 0;
}

int cmd_tokens(int argc, char **argv)
{
    static const struct option longopts[] = {{"format", required_argument, NULL, 'f'},
                                             {"help", no_argument, NULL, 'h'},
                                             CLI_INPUT_LONGOPTS,
                                             {NULL, 0, NULL, 0}};
    cli_input in;
    cli_input_init(&in);
    ctx c = {FMT_TEXT};
    int opt;
    while ((opt = getopt_long(argc, argv, "f:hj:qv", longopts, NULL)) != -1) {
        switch (opt) {
        case 'f':
            c.format = cli_parse_format(optarg, 1u << FMT_TEXT | 1u << FMT_JSONL);
            if (c.format < 0)
                return cli_usage_error("tokens", "--format must be text or jsonl");
            break;
        case 'h': cmd_tokens_usage(stdout); return EXIT_OK;
        case '?': return cli_usage_error("tokens", "bad option");
        default:
            if (cli_input_option("tokens", &in, opt, optarg) < 0)
                return EXIT_USAGE;
        }
    }
    if (c.format == FMT_TEXT)
        fputs("id\tsentence\tstart\tend\tkind\tstop\ttoken\tnorm\tstem\n", stdout);
    return cli_each_article(&in, argc - optind, argv + optind, each, &c);
}
