/* cmd_trends.c - `precis trends`: keyness between two periods of a corpus store, and term time
 * series by day, week or month with trends and bursts. */
#include <stdio.h>

#include "cli.h"

void cmd_trends_usage(FILE *out)
{
    fputs("Usage: precis trends --db STORE --from PERIOD --vs PERIOD [OPTIONS]\n"
          "       precis trends --db STORE --by day|week|month [--terms T,... | --top N]\n",
          out);
}

int cmd_trends(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    cli_error("trends: not built yet");
    return EXIT_FATAL;
}
