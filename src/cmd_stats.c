/* cmd_stats.c - `precis stats --db STORE`: what a corpus store holds: articles, the dated
 * range, articles a day, week or month, vocabulary, tokens and languages. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

void cmd_stats_usage(FILE *out)
{
    fputs("Usage: precis stats --db STORE [OPTIONS]\n"
          "Describes a corpus store made by 'precis index'.\n\n"
          "      --db STORE        the store (required)\n"
          "      --by UNIT         articles a day, week (ISO 8601) or month (default: day)\n"
          "  -f, --format F        text, jsonl (one object on one line), json, or a table of\n"
          "                        items and values: tsv, csv or md\n"
          "  -h, --help            this help\n"
          "tokens are the occurrences of terms (words that are not stopwords), titles\n"
          "included; vocabulary is the number of distinct term keys (stems and phrases of up to\n"
          "3 words). Undated articles have no full date: they are counted but not in trends.\n",
          out);
}

static const char *const unit_names[] = {"day", "week", "month"};

static void print_json(const precis_stats *s, precis_period_unit by, int pretty)
{
    const char *const nl = pretty ? "\n" : "";
    const char *const in1 = pretty ? "  " : "";
    const char *const in2 = pretty ? "    " : "";
    const char *const sp = pretty ? " " : "";
    char first[16], last[16];
    precis_date_format(&s->first, first, sizeof first);
    precis_date_format(&s->last, last, sizeof last);
    printf("{%s%s\"articles\":%s%llu,%s%s\"dated\":%s%llu,%s%s\"undated\":%s%llu,%s", nl, in1, sp,
           (unsigned long long)s->articles, nl, in1, sp, (unsigned long long)s->dated, nl, in1, sp,
           (unsigned long long)s->undated, nl);
    printf("%s\"first\":%s", in1, sp);
    cli_json_cstr(stdout, *first ? first : NULL);
    printf(",%s%s\"last\":%s", nl, in1, sp);
    cli_json_cstr(stdout, *last ? last : NULL);
    printf(",%s%s\"tokens\":%s%llu,%s%s\"vocabulary\":%s%llu,%s", nl, in1, sp,
           (unsigned long long)s->tokens, nl, in1, sp, (unsigned long long)s->vocabulary, nl);
    printf("%s\"languages\":%s{", in1, sp);
    for (size_t i = 0; i < s->nlangs; i++) {
        printf("%s%s%s", i ? "," : "", nl, in2);
        cli_json_cstr(stdout, s->langs[i].name);
        printf(":%s%llu", sp, (unsigned long long)s->langs[i].articles);
    }
    printf("%s%s},%s%s\"by\":%s\"%s\",%s%s\"periods\":%s[", s->nlangs ? nl : "",
           s->nlangs ? in1 : "", nl, in1, sp, unit_names[by], nl, in1, sp);
    for (size_t i = 0; i < s->nperiods; i++) {
        printf("%s%s%s{\"period\":%s", i ? "," : "", nl, in2, sp);
        cli_json_cstr(stdout, s->periods[i].name);
        printf(",%s\"articles\":%s%llu,%s\"tokens\":%s%llu}", sp, sp,
               (unsigned long long)s->periods[i].articles, sp, sp,
               (unsigned long long)s->periods[i].tokens);
    }
    printf("%s%s]%s}\n", s->nperiods ? nl : "", s->nperiods ? in1 : "", nl);
}

static void print_text(const precis_stats *s, precis_period_unit by)
{
    char first[16], last[16];
    precis_date_format(&s->first, first, sizeof first);
    precis_date_format(&s->last, last, sizeof last);
    printf("articles     %llu\n", (unsigned long long)s->articles);
    printf("dated        %llu", (unsigned long long)s->dated);
    if (s->dated)
        printf(" (%s to %s)", first, last);
    printf("\nundated      %llu\n", (unsigned long long)s->undated);
    printf("tokens       %llu\n", (unsigned long long)s->tokens);
    printf("vocabulary   %llu\n", (unsigned long long)s->vocabulary);
    printf("languages   ");
    for (size_t i = 0; i < s->nlangs; i++)
        printf("%s %s %llu", i ? "," : "", s->langs[i].name[0] ? s->langs[i].name : "unknown",
               (unsigned long long)s->langs[i].articles);
    printf("%s\n", s->nlangs ? "" : " none");
    if (!s->nperiods)
        return;
    printf("\n%-12s %8s %10s\n", unit_names[by], "articles", "tokens");
    for (size_t i = 0; i < s->nperiods; i++)
        printf("%-12s %8llu %10llu\n", s->periods[i].name,
               (unsigned long long)s->periods[i].articles,
               (unsigned long long)s->periods[i].tokens);
}

/* One item of the tsv/csv/md table. */
static void row(int format, const char *item, const char *sub, const char *value)
{
    char name[64];
    snprintf(name, sizeof name, "%s%s%s", item, sub ? "." : "", sub ? sub : "");
    if (format == FMT_CSV) {
        cli_csv_field(stdout, name, strlen(name));
        putchar(',');
        cli_csv_field(stdout, value, strlen(value));
        putchar('\n');
    } else if (format == FMT_MD) {
        printf("| %s | %s |\n", name, value);
    } else {
        cli_tsv_field(stdout, name, strlen(name));
        putchar('\t');
        cli_tsv_field(stdout, value, strlen(value));
        putchar('\n');
    }
}

static void row_n(int format, const char *item, const char *sub, unsigned long long v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%llu", v);
    row(format, item, sub, buf);
}

static void print_table(const precis_stats *s, precis_period_unit by, int format)
{
    char first[16], last[16];
    precis_date_format(&s->first, first, sizeof first);
    precis_date_format(&s->last, last, sizeof last);
    if (format == FMT_CSV)
        puts("item,value");
    else if (format == FMT_MD)
        puts("| item | value |\n|---|---:|");
    else
        puts("item\tvalue");
    row_n(format, "articles", NULL, s->articles);
    row_n(format, "dated", NULL, s->dated);
    row_n(format, "undated", NULL, s->undated);
    row(format, "first", NULL, first);
    row(format, "last", NULL, last);
    row_n(format, "tokens", NULL, s->tokens);
    row_n(format, "vocabulary", NULL, s->vocabulary);
    for (size_t i = 0; i < s->nlangs; i++)
        row_n(format, "lang", s->langs[i].name[0] ? s->langs[i].name : "unknown",
              s->langs[i].articles);
    for (size_t i = 0; i < s->nperiods; i++)
        row_n(format, unit_names[by], s->periods[i].name, s->periods[i].articles);
}

int cmd_stats(int argc, char **argv)
{
    enum { OPT_DB = 256, OPT_BY };
    static const struct option longopts[] = {{"by", required_argument, NULL, OPT_BY},
                                             {"db", required_argument, NULL, OPT_DB},
                                             {"format", required_argument, NULL, 'f'},
                                             {"help", no_argument, NULL, 'h'},
                                             {"quiet", no_argument, NULL, 'q'},
                                             {"verbose", no_argument, NULL, 'v'},
                                             {NULL, 0, NULL, 0}};
    const char *db = NULL;
    int format = FMT_TEXT, opt;
    precis_period_unit by = PRECIS_BY_DAY;
    while ((opt = getopt_long(argc, argv, "f:hqv", longopts, NULL)) != -1) {
        switch (opt) {
        case OPT_DB: db = optarg; break;
        case OPT_BY: {
            int found = 0;
            for (int i = 0; i < 3; i++)
                if (strcmp(optarg, unit_names[i]) == 0) {
                    by = (precis_period_unit)i;
                    found = 1;
                }
            if (!found)
                return cli_usage_error("stats", "--by must be day, week or month");
            break;
        }
        case 'f':
            if ((format = cli_parse_format(optarg, FMT_ALL)) < 0)
                return cli_usage_error("stats",
                                       "--format must be text, jsonl, json, tsv, csv or md");
            break;
        case 'h': cmd_stats_usage(stdout); return EXIT_OK;
        case 'q': cli_verbosity = 0; break;
        case 'v': cli_verbosity = 2; break;
        default: return cli_usage_error("stats", "bad option");
        }
    }
    if (!db)
        return cli_usage_error("stats", "--db STORE is required");
    if (optind < argc)
        return cli_usage_error("stats", "unexpected argument '%s'", argv[optind]);
    precis_store *store = NULL;
    precis_stats *s = NULL;
    char *err = NULL;
    precis_status st = precis_store_open(db, PRECIS_STORE_READONLY, &store, &err);
    if (st != PRECIS_OK) {
        cli_error("%s", err ? err : precis_strerror(st));
        free(err);
        return EXIT_FATAL;
    }
    if ((st = precis_store_stats(store, by, &s)) != PRECIS_OK) {
        cli_error("%s", st == PRECIS_ENOMEM ? precis_strerror(st) : precis_store_error(store));
        precis_store_close(store);
        return EXIT_FATAL;
    }
    if (format == FMT_TEXT)
        print_text(s, by);
    else if (format == FMT_JSON || format == FMT_JSONL)
        print_json(s, by, format == FMT_JSON);
    else
        print_table(s, by, format);
    precis_stats_free(s);
    precis_store_close(store);
    return EXIT_OK;
}
