/* main.c - the precis program: dispatches `precis COMMAND ...` to the subcommands from a
 * sorted table, and answers --help, --version and `help COMMAND` itself. */
#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Sorted by name. */
static const cli_command commands[] = {
    {"compare", "keyness of terms in some articles against others (--vs)", cmd_compare,
     cmd_compare_usage},
    {"eval", "score summaries (ROUGE) or keywords (P/R/F1@k) against references", cmd_eval,
     cmd_eval_usage},
    {"index", "add articles and their term counts to a corpus store", cmd_index, cmd_index_usage},
    {"keywords", "list each article's keywords and key phrases", cmd_keywords, cmd_keywords_usage},
    {"languages", "list the languages precis knows", cmd_languages, cmd_languages_usage},
    {"sentences", "split articles into sentences", cmd_sentences, cmd_sentences_usage},
    {"stats", "describe a corpus store: articles, dates, vocabulary, languages", cmd_stats,
     cmd_stats_usage},
    {"summarize", "extractive summary of each article", cmd_summarize, cmd_summarize_usage},
    {"terms", "term frequencies, document frequencies, IDF and TF-IDF over the inputs", cmd_terms,
     cmd_terms_usage},
    {"tokens", "show tokens with normalised form, stem and stopword flag", cmd_tokens,
     cmd_tokens_usage},
    {"trends", "keyword trends over time in a corpus store", cmd_trends, cmd_trends_usage},
};
#define NCOMMANDS (sizeof commands / sizeof *commands)

static const cli_command *find_command(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

static void usage(FILE *out)
{
    fputs("Usage: precis COMMAND [OPTIONS] [FILE|DIR|-]...\n"
          "Reads news articles and tells what they say.\n\nCommands:\n",
          out);
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(out, "  %-12s %s\n", commands[i].name, commands[i].summary);
    fputs(
        "\nInputs are text files, directories (*.txt, *.jsonl, *.json, recursively), JSON Lines,\n"
        "or - for standard input (the default).\n"
        "Run 'precis help COMMAND' or 'precis COMMAND --help' for a command's options.\n"
        "Exit status: 0 success, 1 some input failed (the rest was processed), 2 usage error,\n"
        "3 fatal error.\n",
        out);
}

int main(int argc, char **argv)
{
    gsl_set_error_handler_off(); /* GSL reports through return codes, never aborts */
    if (argc < 2)
        return cli_usage_error(NULL, "no command given");
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0)
        return usage(stdout), EXIT_OK;
    if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0) {
        printf("precis %s\n", PRECIS_VERSION);
        return EXIT_OK;
    }
    if (strcmp(name, "help") == 0) {
        if (argc < 3)
            return usage(stdout), EXIT_OK;
        const cli_command *c = find_command(argv[2]);
        if (!c)
            return cli_usage_error(NULL, "unknown command '%s'", argv[2]);
        c->usage(stdout);
        return EXIT_OK;
    }
    const cli_command *c = find_command(name);
    if (!c)
        return cli_usage_error(NULL, "unknown command '%s'", name);
    int rc = c->run(argc - 1, argv + 1);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_error("error writing output");
        return EXIT_FATAL;
    }
    return rc;
}
