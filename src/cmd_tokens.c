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
    size_t articles;
} ctx;

static int each(void *vctx, precis_pipeline *p, const precis_doc *d)
{
    ctx *c = vctx;
    const precis_article *a = precis_doc_article(d);
    size_t len;
    const char *text = precis_article_text(a, &len);
    const char *id = precis_article_id(a);
    size_t n = precis_doc_token_count(d);
    if (c->format == FMT_JSONL) {
        fputs("{\"id\":", stdout);
        cli_json_cstr(stdout, id);
        fputs(",\"path\":", stdout);
        cli_json_cstr(stdout, precis_article_path(a));
        fputs(",\"lang\":", stdout);
        cli_json_cstr(stdout, precis_doc_lang(d));
        fputs(",\"tokens\":[", stdout);
    } else if (c->articles == 0) {
        fputs("id\tsentence\tstart\tend\tkind\tstop\ttoken\tnorm\tstem\n", stdout);
    }
    for (size_t i = 0; i < n; i++) {
        const precis_token *t = precis_doc_token(d, i);
        size_t nlen, slen;
        const char *norm = precis_pipeline_term(p, t->norm, &nlen);
        const char *stem = precis_pipeline_term(p, t->stem, &slen);
        if (c->format == FMT_JSONL) {
            fputs(i ? ",{\"text\":" : "{\"text\":", stdout);
            cli_json_str(stdout, text + t->start, t->end - t->start);
            fputs(",\"norm\":", stdout);
            cli_json_str(stdout, norm, nlen);
            fputs(",\"stem\":", stdout);
            cli_json_str(stdout, stem, slen);
            printf(",\"kind\":\"%s\",\"stop\":%s,\"sentence\":%u,\"start\":%zu,\"end\":%zu}",
                   kind_names[t->kind], t->stop ? "true" : "false", t->sentence, t->start,
                   t->end);
        } else {
            cli_tsv_field(stdout, id, strlen(id));
            printf("\t%u\t%zu\t%zu\t%s\t%d\t", t->sentence, t->start, t->end,
                   kind_names[t->kind], t->stop);
            cli_tsv_field(stdout, text + t->start, t->end - t->start);
            putchar('\t');
            cli_tsv_field(stdout, norm, nlen);
            putchar('\t');
            cli_tsv_field(stdout, stem, slen);
            putchar('\n');
        }
    }
    if (c->format == FMT_JSONL)
        fputs("]}\n", stdout);
    c->articles++;
    return ferror(stdout) ? 1 : 0;
}

int cmd_tokens(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'}, {"help", no_argument, NULL, 'h'},
        CLI_INPUT_LONGOPTS, {NULL, 0, NULL, 0}};
    cli_input in;
    memset(&in, 0, sizeof in);
    ctx c = {FMT_TEXT, 0};
    int opt;
    while ((opt = getopt_long(argc, argv, "f:hqv", longopts, NULL)) != -1) {
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
    return cli_each_article(&in, argc - optind, argv + optind, each, &c);
}
