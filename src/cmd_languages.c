/* cmd_languages.c - `precis languages`: the language codes precis accepts, with names. */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"

void cmd_languages_usage(FILE *out)
{
    fputs("Usage: precis languages\n"
          "Lists the languages precis can stem and detect (ISO 639-1 code and name); each\n"
          "has a stopword list. Use the code or the name with --lang.\n",
          out);
}

int cmd_languages(int argc, char **argv)
{
    static const struct option longopts[] = {{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    int opt;
    while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (opt == 'h') {
            cmd_languages_usage(stdout);
            return EXIT_OK;
        }
        return cli_usage_error("languages", "bad option");
    }
    if (optind < argc)
        return cli_usage_error("languages", "takes no arguments");
    for (const char *const *l = precis_languages(); *l; l++)
        printf("%s\t%s\n", *l, precis_language_name(*l));
    return EXIT_OK;
}
