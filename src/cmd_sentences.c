/* cmd_sentences.c - `precis sentences`: the sentences precis sees in each article, as text
 * (one a line), JSON Lines (one object an article, with byte offsets) or TSV. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

void cmd_sentences_usage(FILE *out)
{
    fputs("Usage: precis sentences [OPTIONS] [FILE|DIR|-]...\n"
          "Splits each article into sentences.\n\n"
          "  -f, --format F        text (one sentence a line, articles separated by a blank\n"
          "                        line), jsonl (one object an article) or tsv\n"
          "  -h, --help            this help\n",
          out);
    fputs(CLI_INPUT_HELP, out);
}

typedef struct ctx {
    int format;
} ctx;

static int each(void *vctx, const precis_pipeline *p, const precis_doc *d, size_t seq, FILE *out)
{
    (void)seq;
    (void)p;
    const ctx *c = vctx;
    const precis_article *a = precis_doc_article(d);
    size_t len;
    const char *text = precis_article_text(a, &len);
    size_t n = precis_doc_sentence_count(d);
    if (c->format == FMT_JSONL) {
        cli_json_article(out, d);
        fputs(",\"sentences\":[", out);
        for (size_t i = 0; i < n; i++) {
            const precis_sentence *s = precis_doc_sentence(d, i);
            fputs(i ? ",{\"text\":" : "{\"text\":", out);
            cli_json_str(out, text + s->start, s->end - s->start);
            fprintf(out, ",\"start\":%zu,\"end\":%zu,\"paragraph\":%zu}", s->start, s->end,
                    s->paragraph);
        }
        fputs("]}\n", out);
    } else if (c->format == FMT_TSV) {
        const char *id = precis_article_id(a);
        for (size_t i = 0; i < n; i++) {
            const precis_sentence *s = precis_doc_sentence(d, i);
            cli_tsv_field(out, id, strlen(id));
            fprintf(out, "\t%zu\t%zu\t%zu\t%zu\t", i, s->start, s->end, s->paragraph);
            cli_text_oneline(out, text + s->start, s->end - s->start);
            putc('\n', out);
        }
    } else {
        for (size_t i = 0; i < n; i++) {
            const precis_sentence *s = precis_doc_sentence(d, i);
            cli_text_oneline(out, text + s->start, s->end - s->start);
            putc('\n', out);
        }
    }
    return ferror(out) ? 1 : 0;
}

int cmd_sentences(int argc, char **argv)
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
            c.format = cli_parse_format(optarg, 1u << FMT_TEXT | 1u << FMT_JSONL | 1u << FMT_TSV);
            if (c.format < 0)
                return cli_usage_error("sentences", "--format must be text, jsonl or tsv");
            break;
        case 'h': cmd_sentences_usage(stdout); return EXIT_OK;
        case '?': return cli_usage_error("sentences", "bad option");
        default: {
            int r = cli_input_option("sentences", &in, opt, optarg);
            if (r < 0)
                return EXIT_USAGE;
        }
        }
    }
    if (c.format == FMT_TEXT)
        in.separator = "\n";
    if (c.format == FMT_TSV)
        fputs("id\tindex\tstart\tend\tparagraph\ttext\n", stdout);
    return cli_each_article(&in, argc - optind, argv + optind, each, &c);
}
