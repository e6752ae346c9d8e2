/* cmd_trends.c - `precis trends`: keyness between two periods of a corpus store (--from --vs),
 * and term time series by day, week or month (--by) with Mann-Kendall trends, Theil-Sen
 * slopes, moving averages and Kleinberg bursts. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

void cmd_trends_usage(FILE *out)
{
    fputs("Usage: precis trends --db STORE --from PERIOD --vs PERIOD [OPTIONS]\n"
          "       precis trends --db STORE --by day|week|month [--terms T,... | --top N]\n"
          "Keyword trends in a corpus store made by 'precis index'. With --vs: the terms\n"
          "significantly more (or less) frequent in the --from period than in the --vs period.\n"
          "With --by: each term's frequency per period (per million term tokens), its\n"
          "Mann-Kendall trend test with the Theil-Sen slope, and Kleinberg bursts.\n"
          "Periods: 2022-06-01..2022-06-07, 2022-06, 2022-W23 (ISO week), 2022, 2022-06-07.\n"
          "Articles without a full date are left out (a warning says how many).\n\n"
          "      --db STORE        the store (required)\n"
          "      --from PERIOD     the target period; with --by, where the series starts\n"
          "      --vs PERIOD       the reference period\n"
          "      --to PERIOD       with --by, where the series ends (default: the last date)\n"
          "      --by UNIT         day, week or month: a time series per term\n"
          "      --terms T,...     terms to follow (stemmed like the text: 'oil platforms')\n"
          "      --top N           else the N terms with the strongest trends (default 10):\n"
          "                        smallest Mann-Kendall p, then largest |slope|\n"
          "      --min-freq N      with --top: terms occurring N times or more (default 10)\n"
          "      --max-words N     with --top: phrases up to N words (default 1)\n"
          "      --smooth K        centred moving average over K periods (odd; default 1)\n"
          "      --burst-s S       Kleinberg's rate ratio between states (> 1; default 2)\n"
          "      --burst-gamma G   Kleinberg's cost of entering a burst (>= 0; default 1)\n"
          "  -f, --format F        text, tsv, csv, jsonl, json or md\n"
          "      --lang CODE       language of the --terms and --stopwords words (default en)\n"
          "      --stopwords FILE  words (one a line) whose terms and phrases are not tested\n"
          "  -q, --quiet           no warnings\n"
          "  -v, --verbose         more detail on stderr\n"
          "  -h, --help            this help\n\n",
          out);
    fputs(CMD_KEYNESS_HELP, out);
}

enum {
    OPT_DB = 0x300,
    OPT_FROM,
    OPT_VS,
    OPT_TO,
    OPT_BY,
    OPT_TERMS,
    OPT_TOP,
    OPT_SMOOTH,
    OPT_BURST_S,
    OPT_BURST_GAMMA
};

typedef struct args {
    const char *db, *from, *vs, *to, *terms, *lang, *stopwords;
    int by; /* precis_period_unit, or -1 for keyness between periods */
    int format;
    precis_trends_options ko;
    precis_series_options so;
    int keep_stopwords;
} args;

/* Parses a period option or reports it; 0 or -1. */
static int period_arg(const char *opt, const char *s, precis_period *p)
{
    const char *why = NULL;
    if (precis_period_parse(s, p, &why) != PRECIS_OK) {
        cli_usage_error("trends", "--%s '%s': %s", opt, s, why ? why : "bad period");
        return -1;
    }
    return 0;
}

static int parse_number(const char *s, double *out)
{
    char *end = NULL;
    *out = strtod(s, &end);
    return *s && !*end && isfinite(*out) ? 0 : -1;
}

/* ---- term keys and stopwords ------------------------------------------------------------- */

static precis_pipeline *term_pipeline(const args *a, int keep_stopwords)
{
    const precis_pipeline_options po = {a->lang, NULL, keep_stopwords};
    precis_pipeline *p = NULL;
    const precis_status st = precis_pipeline_new(&po, &p);
    if (st != PRECIS_OK) {
        cli_pipeline_failed("trends", &po, st);
        return NULL;
    }
    return p;
}

/* Splits list at commas into keys (each analysed like text); *n keys. -1 after an error. */
static int term_keys(const args *a, char ***keys, char ***shown, size_t *n)
{
    *keys = NULL;
    *shown = NULL;
    *n = 0;
    precis_pipeline *p = term_pipeline(a, 0);
    if (!p)
        return -1;
    const size_t cap = strlen(a->terms) + 1;
    char **k = calloc(cap, sizeof *k);
    char **sh = calloc(cap, sizeof *sh);
    char *copy = malloc(cap);
    int rc = -1;
    if (!k || !sh || !copy) {
        cli_error("%s", precis_strerror(PRECIS_ENOMEM));
        goto done;
    }
    memcpy(copy, a->terms, cap);
    for (char *tok = copy, *next; tok; tok = next) {
        next = strchr(tok, ',');
        if (next)
            *next++ = '\0';
        const precis_status st = precis_trends_term_key(p, tok, a->lang, &k[*n]);
        if (st == PRECIS_ENOTFOUND) {
            cli_usage_error("trends", "--terms: '%s' holds no term (empty, or only stopwords)",
                            tok);
            goto done;
        }
        if (st != PRECIS_OK) {
            cli_error("trends: %s", precis_strerror(st));
            goto done;
        }
        /* Shown as written, with the spaces around it trimmed. */
        while (*tok == ' ')
            tok++;
        size_t len = strlen(tok);
        while (len && tok[len - 1] == ' ')
            len--;
        sh[*n] = malloc(len + 1);
        if (!sh[*n]) {
            free(k[*n]);
            cli_error("%s", precis_strerror(PRECIS_ENOMEM));
            goto done;
        }
        memcpy(sh[*n], tok, len);
        sh[*n][len] = '\0';
        (*n)++;
    }
    *keys = k;
    *shown = sh;
    k = sh = NULL;
    rc = 0;
done:
    if (k)
        for (size_t i = 0; i < *n; i++) {
            free(k[i]);
            free(sh[i]);
        }
    if (rc)
        *n = 0;
    free(k);
    free(sh);
    free(copy);
    precis_pipeline_free(p);
    return rc;
}

/* The stems of the words of a stopwords file (one a line, # comments), read with stopwords
 * kept so that every listed word yields its stem. */
static int stopword_stems(const args *a, char ***out, size_t *n)
{
    *out = NULL;
    *n = 0;
    FILE *f = fopen(a->stopwords, "r");
    if (!f) {
        cli_error("trends: %s: cannot read stopwords file", a->stopwords);
        return -1;
    }
    precis_pipeline *p = term_pipeline(a, 1);
    char *line = NULL, **list = NULL;
    size_t line_cap = 0, cap = 0;
    int rc = -1;
    ssize_t got;
    if (!p)
        goto done;
    while ((got = getline(&line, &line_cap, f)) >= 0) {
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        char *key = NULL;
        const precis_status st = precis_trends_term_key(p, line, a->lang, &key);
        if (st == PRECIS_ENOTFOUND)
            continue;
        if (st != PRECIS_OK) {
            cli_error("trends: %s", precis_strerror(st));
            goto done;
        }
        /* A line of several words excludes each of them. */
        for (char *w = key, *sp; w; w = sp) {
            sp = strchr(w, ' ');
            if (sp)
                *sp++ = '\0';
            if (*n == cap) {
                cap = cap ? cap * 2 : 64;
                char **nl = realloc(list, cap * sizeof *nl);
                if (!nl) {
                    free(key);
                    cli_error("%s", precis_strerror(PRECIS_ENOMEM));
                    goto done;
                }
                list = nl;
            }
            list[*n] = malloc(strlen(w) + 1);
            if (!list[*n]) {
                free(key);
                cli_error("%s", precis_strerror(PRECIS_ENOMEM));
                goto done;
            }
            strcpy(list[(*n)++], w);
        }
        free(key);
    }
    rc = 0;
done:
    if (rc) {
        for (size_t i = 0; i < *n; i++)
            free(list[i]);
        free(list);
        list = NULL;
        *n = 0;
    }
    *out = list;
    free(line);
    precis_pipeline_free(p);
    fclose(f);
    return rc;
}

static void free_list(char **l, size_t n)
{
    for (size_t i = 0; l && i < n; i++)
        free(l[i]);
    free(l);
}

/* ---- store access ------------------------------------------------------------------------ */

static int store_failed(precis_store *s, precis_status st)
{
    cli_error("trends: %s",
              st == PRECIS_ENOMEM || !s ? precis_strerror(st) : precis_store_error(s));
    return st == PRECIS_ENOMEM ? EXIT_FATAL : EXIT_INPUT;
}

/* Warns how many articles have no full date; *stats gets the store's summary. */
static int load_stats(precis_store *s, precis_period_unit by, precis_stats **stats)
{
    const precis_status st = precis_store_stats(s, by, stats);
    if (st != PRECIS_OK)
        return store_failed(s, st);
    if ((*stats)->undated)
        cli_warn("trends: %llu undated article%s left out", (unsigned long long)(*stats)->undated,
                 (*stats)->undated == 1 ? "" : "s");
    return EXIT_OK;
}

/* ---- keyness between two periods --------------------------------------------------------- */

static int run_keyness(const args *a, precis_store *s)
{
    precis_period pa, pb;
    if (period_arg("from", a->from, &pa) || period_arg("vs", a->vs, &pb))
        return EXIT_USAGE;
    int rc = EXIT_OK;
    precis_stats *stats = NULL;
    precis_counts *ca = NULL, *cb = NULL;
    precis_keyness_rows *rows = NULL;
    char **ex = NULL;
    size_t nex = 0;
    precis_trends_options ko = a->ko;
    if (a->stopwords && stopword_stems(a, &ex, &nex)) {
        rc = EXIT_USAGE;
        goto done;
    }
    ko.exclude = (const char *const *)ex;
    ko.nexclude = nex;
    /* The summary is only needed for the warning on undated articles (and costs a scan of
     * the store): not with -q. */
    if (cli_verbosity > 0 && (rc = load_stats(s, PRECIS_BY_MONTH, &stats)) != EXIT_OK)
        goto done;
    precis_status st = precis_counts_new(&ca);
    if (st == PRECIS_OK)
        st = precis_counts_new(&cb);
    if (st == PRECIS_OK)
        st = precis_store_counts(s, &pa.from, &pa.to, ca);
    if (st == PRECIS_OK)
        st = precis_store_counts(s, &pb.from, &pb.to, cb);
    if (st != PRECIS_OK) {
        rc = store_failed(s, st);
        goto done;
    }
    for (int side = 0; side < 2; side++) {
        const precis_counts *const c = side ? cb : ca;
        if (!precis_counts_total_docs(c) || !precis_counts_total_tokens(c)) {
            cli_error("trends: no dated articles with words in %s '%s'", side ? "--vs" : "--from",
                      side ? a->vs : a->from);
            rc = EXIT_INPUT;
            goto done;
        }
    }
    st = precis_trends_keyness(ca, cb, &ko, &rows);
    if (st != PRECIS_OK) {
        rc = store_failed(NULL, st);
        goto done;
    }
    cmd_keyness_summary("trends", rows, &ko);
    if (cmd_keyness_print(stdout, a->format, rows, &ko) != 0)
        rc = EXIT_FATAL;
done:
    precis_keyness_rows_free(rows);
    precis_counts_free(ca);
    precis_counts_free(cb);
    precis_stats_free(stats);
    free_list(ex, nex);
    return rc;
}

/* ---- series ------------------------------------------------------------------------------ */

typedef struct timeline {
    precis_period_unit by;
    int64_t first; /* unit number of period 0 */
    size_t n;
    precis_counts **counts;
} timeline;

/* Adds one day of precis_store_series() to its period's table: the day's totals and the
 * followed keys, each shown as the user wrote it. */
typedef struct day_ctx {
    timeline *t;
    char **keys;
    const char *const *shown;
    size_t nkeys;
} day_ctx;

static precis_status add_day(void *vctx, const precis_date *day, uint64_t tokens, uint64_t docs,
                             const uint64_t *key_tokens, const uint64_t *key_docs)
{
    const day_ctx *const c = vctx;
    int64_t idx;
    precis_status st = precis_period_index(day, c->t->by, &idx);
    if (st != PRECIS_OK)
        return st;
    if (idx < c->t->first || idx - c->t->first >= (int64_t)c->t->n)
        return PRECIS_OK;
    precis_counts *const pc = c->t->counts[idx - c->t->first];
    st = precis_counts_add_totals(pc, tokens, docs);
    for (size_t k = 0; st == PRECIS_OK && k < c->nkeys; k++)
        if (key_tokens[k] || key_docs[k])
            st = precis_counts_add_term(pc, c->keys[k], strlen(c->keys[k]), c->shown[k],
                                        key_tokens[k], key_docs[k]);
    return st;
}

static void label_of(const timeline *t, size_t i, char *buf, size_t size)
{
    precis_period_of_index(t->first + (int64_t)i, t->by, NULL, buf, size);
}

/* Display width of UTF-8 text: one column a code point. */
static size_t width_of(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

/* Writes s padded with spaces to width columns, on the right (left != 0) or the left. */
static void put_padded(const char *s, size_t width, int left)
{
    const size_t w = width_of(s);
    if (!left)
        for (size_t i = w; i < width; i++)
            putchar(' ');
    fputs(s, stdout);
    if (left)
        for (size_t i = w; i < width; i++)
            putchar(' ');
}

static void print_series_text(const timeline *t, const precis_series *s, int md)
{
    char buf[64], from[16], to[16];
    /* The summary: one line a term. */
    if (md)
        fputs("| term | total | S | Z | p | tau | slope | bursts |\n"
              "|---|---:|---:|---:|---:|---:|---:|---|\n",
              stdout);
    else
        printf("%-24s %8s %6s %7s %9s %6s %12s  %s\n", "term", "total", "S", "Z", "p", "tau",
               "slope/period", "bursts");
    for (size_t i = 0; i < s->count; i++) {
        const precis_term_series *ts = &s->term[i];
        uint64_t total = 0;
        for (size_t k = 0; k < s->periods; k++)
            total += ts->count[k];
        if (md)
            printf("| %s | %llu | %lld | %.2f | %.2g | %.2f | %+.2f | ", ts->term,
                   (unsigned long long)total, (long long)ts->mk_s, ts->mk_z, ts->mk_p, ts->mk_tau,
                   ts->slope);
        else {
            put_padded(ts->term, 24, 1);
            printf(" %8llu %6lld %7.2f %9.2g %6.2f %+12.2f  ", (unsigned long long)total,
                   (long long)ts->mk_s, ts->mk_z, ts->mk_p, ts->mk_tau, ts->slope);
        }
        if (!ts->burst_count)
            fputs("-", stdout);
        for (size_t b = 0; b < ts->burst_count; b++) {
            label_of(t, ts->burst[b].start, from, sizeof from);
            label_of(t, ts->burst[b].end - 1, to, sizeof to);
            if (ts->burst[b].end - ts->burst[b].start == 1)
                printf("%s%s(%u)", b ? " " : "", from, ts->burst[b].level);
            else
                printf("%s%s..%s(%u)", b ? " " : "", from, to, ts->burst[b].level);
        }
        puts(md ? " |" : "");
    }
    /* The series: a row a period holding articles, a column a term. */
    putchar('\n');
    if (md) {
        fputs("| period | articles | tokens", stdout);
        for (size_t i = 0; i < s->count; i++)
            printf(" | %s", s->term[i].term);
        fputs(" |\n|---|---:|---:", stdout);
        for (size_t i = 0; i < s->count; i++)
            fputs("|---:", stdout);
        fputs("|\n", stdout);
    } else {
        printf("%-10s %8s %8s", "period", "articles", "tokens");
        for (size_t i = 0; i < s->count; i++) {
            fputs("  ", stdout);
            put_padded(s->term[i].term, 10, 0);
        }
        putchar('\n');
    }
    for (size_t k = 0; k < s->periods; k++) {
        if (!s->docs[k])
            continue;
        label_of(t, k, buf, sizeof buf);
        if (md)
            printf("| %s | %llu | %llu", buf, (unsigned long long)s->docs[k],
                   (unsigned long long)s->tokens[k]);
        else
            printf("%-10s %8llu %8llu", buf, (unsigned long long)s->docs[k],
                   (unsigned long long)s->tokens[k]);
        for (size_t i = 0; i < s->count; i++) {
            const size_t w = width_of(s->term[i].term);
            if (md)
                printf(" | %.1f", s->term[i].smoothed[k]);
            else
                printf("  %*.1f", (int)(w > 10 ? w : 10), s->term[i].smoothed[k]);
        }
        puts(md ? " |" : "");
    }
}

static void print_term_json(const timeline *t, const precis_series *s, const precis_term_series *ts)
{
    char buf[32];
    fputs("{\"term\":", stdout);
    cli_json_cstr(stdout, ts->term);
    fputs(",\"key\":", stdout);
    cli_json_cstr(stdout, ts->key);
    printf(",\"mk_s\":%lld,\"mk_z\":%.6g,\"mk_p\":%.6g,\"tau\":%.6g,\"slope\":%.6g,\"bursts\":[",
           (long long)ts->mk_s, ts->mk_z, ts->mk_p, ts->mk_tau, ts->slope);
    for (size_t b = 0; b < ts->burst_count; b++) {
        label_of(t, ts->burst[b].start, buf, sizeof buf);
        printf("%s{\"from\":\"%s\"", b ? "," : "", buf);
        label_of(t, ts->burst[b].end - 1, buf, sizeof buf);
        printf(",\"to\":\"%s\",\"level\":%u,\"weight\":%.6g}", buf, ts->burst[b].level,
               ts->burst[b].weight);
    }
    fputs("],\"series\":[", stdout);
    int first = 1;
    for (size_t k = 0; k < s->periods; k++) {
        if (!s->docs[k])
            continue;
        label_of(t, k, buf, sizeof buf);
        printf("%s{\"period\":\"%s\",\"count\":%llu,\"docs\":%llu,\"per_million\":%.6g,"
               "\"smoothed\":%.6g}",
               first ? "" : ",", buf, (unsigned long long)ts->count[k],
               (unsigned long long)ts->docs[k], ts->per_million[k], ts->smoothed[k]);
        first = 0;
    }
    fputs("]}", stdout);
}

/* The burst level of period k for a term (0 outside bursts). */
static unsigned level_at(const precis_term_series *ts, size_t k)
{
    unsigned l = 0;
    for (size_t b = 0; b < ts->burst_count; b++)
        if (k >= ts->burst[b].start && k < ts->burst[b].end && ts->burst[b].level > l)
            l = ts->burst[b].level;
    return l;
}

static void print_series(const timeline *t, const precis_series *s, int format)
{
    static const char *const units[] = {"day", "week", "month"};
    char buf[32];
    switch (format) {
    case FMT_TEXT: print_series_text(t, s, 0); break;
    case FMT_MD: print_series_text(t, s, 1); break;
    case FMT_JSONL:
        for (size_t i = 0; i < s->count; i++) {
            print_term_json(t, s, &s->term[i]);
            putchar('\n');
        }
        break;
    case FMT_JSON: {
        printf("{\"by\":\"%s\",\"periods\":[", units[t->by]);
        int first = 1;
        for (size_t k = 0; k < s->periods; k++) {
            if (!s->docs[k])
                continue;
            label_of(t, k, buf, sizeof buf);
            printf("%s{\"period\":\"%s\",\"articles\":%llu,\"tokens\":%llu}", first ? "" : ",", buf,
                   (unsigned long long)s->docs[k], (unsigned long long)s->tokens[k]);
            first = 0;
        }
        fputs("],\"terms\":[", stdout);
        for (size_t i = 0; i < s->count; i++) {
            if (i)
                putchar(',');
            print_term_json(t, s, &s->term[i]);
        }
        fputs("]}\n", stdout);
        break;
    }
    default: {
        /* tsv and csv: one row a term and period, the term's statistics repeated. */
        const char sep = format == FMT_CSV ? ',' : '\t';
        printf("term%ckey%cperiod%carticles%ctokens%ccount%cdocs%cper_million%csmoothed%cburst"
               "%cmk_s%cmk_z%cmk_p%ctau%cslope\n",
               sep, sep, sep, sep, sep, sep, sep, sep, sep, sep, sep, sep, sep, sep);
        for (size_t i = 0; i < s->count; i++) {
            const precis_term_series *ts = &s->term[i];
            for (size_t k = 0; k < s->periods; k++) {
                if (!s->docs[k])
                    continue;
                label_of(t, k, buf, sizeof buf);
                if (format == FMT_CSV) {
                    cli_csv_field(stdout, ts->term, strlen(ts->term));
                    putchar(',');
                    cli_csv_field(stdout, ts->key, strlen(ts->key));
                } else {
                    cli_tsv_field(stdout, ts->term, strlen(ts->term));
                    putchar('\t');
                    cli_tsv_field(stdout, ts->key, strlen(ts->key));
                }
                printf(
                    "%c%s%c%llu%c%llu%c%llu%c%llu%c%.6g%c%.6g%c%u%c%lld%c%.6g%c%.6g%c%.6g%c%.6g\n",
                    sep, buf, sep, (unsigned long long)s->docs[k], sep,
                    (unsigned long long)s->tokens[k], sep, (unsigned long long)ts->count[k], sep,
                    (unsigned long long)ts->docs[k], sep, ts->per_million[k], sep, ts->smoothed[k],
                    sep, level_at(ts, k), sep, (long long)ts->mk_s, sep, ts->mk_z, sep, ts->mk_p,
                    sep, ts->mk_tau, sep, ts->slope);
            }
        }
        break;
    }
    }
}

static int run_series(const args *a, precis_store *s)
{
    int rc = EXIT_OK;
    precis_stats *stats = NULL;
    timeline t = {(precis_period_unit)a->by, 0, 0, NULL};
    char **keys = NULL, **shown = NULL;
    size_t nkeys = 0;
    precis_series *series = NULL;
    precis_period range;
    if (a->from && period_arg("from", a->from, &range))
        return EXIT_USAGE;
    precis_date first = range.from, last;
    if (a->to && period_arg("to", a->to, &range))
        return EXIT_USAGE;
    last = range.to;
    if (a->terms && term_keys(a, &keys, &shown, &nkeys))
        return EXIT_USAGE;
    if ((rc = load_stats(s, t.by, &stats)) != EXIT_OK)
        goto done;
    if (!stats->dated) {
        cli_error("trends: the store holds no dated articles");
        rc = EXIT_INPUT;
        goto done;
    }
    if (!a->from)
        first = stats->first;
    if (!a->to)
        last = stats->last;
    int64_t i0, i1;
    if (precis_period_index(&first, t.by, &i0) != PRECIS_OK ||
        precis_period_index(&last, t.by, &i1) != PRECIS_OK || i1 < i0) {
        cli_error("trends: no periods between --from and --to");
        rc = EXIT_USAGE;
        goto done;
    }
    t.first = i0;
    t.n = (size_t)(i1 - i0 + 1);
    t.counts = calloc(t.n, sizeof *t.counts);
    if (!t.counts) {
        rc = store_failed(NULL, PRECIS_ENOMEM);
        goto done;
    }
    size_t next_busy = 0; /* stats->periods: the periods holding articles, in time order */
    for (size_t i = 0; i < t.n; i++) {
        precis_period p;
        char label[16];
        precis_period_of_index(i0 + (int64_t)i, t.by, &p, label, sizeof label);
        while (next_busy < stats->nperiods && strcmp(stats->periods[next_busy].name, label) < 0)
            next_busy++;
        /* A store query costs time whether or not the period holds articles: skip the
         * empty ones (many, by day). */
        const int busy =
            next_busy < stats->nperiods && strcmp(stats->periods[next_busy].name, label) == 0;
        /* The first and last periods are cut to the range asked for. */
        if (i == 0)
            p.from = first;
        if (i == t.n - 1)
            p.to = last;
        precis_status st = precis_counts_new(&t.counts[i]);
        /* Followed terms need only their own counts, a day at a time; --top needs every
         * term of every period. */
        if (st == PRECIS_OK && !keys && busy)
            st = precis_store_counts(s, &p.from, &p.to, t.counts[i]);
        if (st != PRECIS_OK) {
            rc = store_failed(s, st);
            goto done;
        }
    }
    if (keys) {
        day_ctx dc = {&t, keys, (const char *const *)shown, nkeys};
        const precis_status st =
            precis_store_series(s, &first, &last, (const char *const *)keys, nkeys, add_day, &dc);
        if (st != PRECIS_OK) {
            rc = store_failed(s, st);
            goto done;
        }
    }
    const precis_status st =
        precis_trends_series((const precis_counts *const *)t.counts, t.n, (const char *const *)keys,
                             nkeys, &a->so, &series);
    if (st != PRECIS_OK) {
        rc = store_failed(NULL, st);
        goto done;
    }
    print_series(&t, series, a->format);
done:
    precis_series_free(series);
    for (size_t i = 0; t.counts && i < t.n; i++)
        precis_counts_free(t.counts[i]);
    free(t.counts);
    free_list(keys, nkeys);
    free_list(shown, nkeys);
    precis_stats_free(stats);
    return rc;
}

/* ---- the command ------------------------------------------------------------------------- */

int cmd_trends(int argc, char **argv)
{
    static const struct option longopts[] = {
        CMD_KEYNESS_LONGOPTS,
        {"burst-gamma", required_argument, NULL, OPT_BURST_GAMMA},
        {"burst-s", required_argument, NULL, OPT_BURST_S},
        {"by", required_argument, NULL, OPT_BY},
        {"db", required_argument, NULL, OPT_DB},
        {"format", required_argument, NULL, 'f'},
        {"from", required_argument, NULL, OPT_FROM},
        {"help", no_argument, NULL, 'h'},
        {"keep-stopwords", no_argument, NULL, 'K'},
        {"lang", required_argument, NULL, 'L'},
        {"quiet", no_argument, NULL, 'q'},
        {"smooth", required_argument, NULL, OPT_SMOOTH},
        {"stopwords", required_argument, NULL, 'S'},
        {"terms", required_argument, NULL, OPT_TERMS},
        {"to", required_argument, NULL, OPT_TO},
        {"top", required_argument, NULL, OPT_TOP},
        {"verbose", no_argument, NULL, 'v'},
        {"vs", required_argument, NULL, OPT_VS},
        {NULL, 0, NULL, 0}};
    args a;
    memset(&a, 0, sizeof a);
    a.by = -1;
    a.format = FMT_TEXT;
    a.so.burst_gamma = -1;
    int top_given = 0, opt;
    double v;
    while ((opt = getopt_long(argc, argv, "f:hqv", longopts, NULL)) != -1) {
        switch (opt) {
        case OPT_DB: a.db = optarg; break;
        case OPT_FROM: a.from = optarg; break;
        case OPT_VS: a.vs = optarg; break;
        case OPT_TO: a.to = optarg; break;
        case OPT_TERMS: a.terms = optarg; break;
        case OPT_BY: {
            precis_period_unit u;
            if (precis_period_unit_parse(optarg, &u) != PRECIS_OK)
                return cli_usage_error("trends", "--by must be day, week or month");
            a.by = (int)u;
            break;
        }
        case OPT_TOP:
            if (parse_number(optarg, &v) || v < 1 || v > 1e6 || v != floor(v))
                return cli_usage_error("trends", "--top must be a whole number from 1");
            a.so.top = (size_t)v;
            top_given = 1;
            break;
        case OPT_SMOOTH:
            if (parse_number(optarg, &v) || v < 1 || v > 1e6 || v != floor(v) || fmod(v, 2) != 1)
                return cli_usage_error("trends", "--smooth must be an odd number (1, 3, 5, ...)");
            a.so.smooth = (size_t)v;
            break;
        case OPT_BURST_S:
            if (parse_number(optarg, &v) || !(v > 1))
                return cli_usage_error("trends", "--burst-s must be a number above 1");
            a.so.burst_s = v;
            break;
        case OPT_BURST_GAMMA:
            if (parse_number(optarg, &v) || !(v >= 0))
                return cli_usage_error("trends", "--burst-gamma must be a number >= 0");
            a.so.burst_gamma = v;
            break;
        case 'f':
            if ((a.format = cli_parse_format(optarg, FMT_ALL)) < 0)
                return cli_usage_error("trends",
                                       "--format must be text, tsv, csv, jsonl, json or md");
            break;
        case 'L':
            if (!precis_language_code(optarg))
                return cli_usage_error("trends", "unknown language '%s' (see 'precis languages')",
                                       optarg);
            a.lang = optarg;
            break;
        case 'S': a.stopwords = optarg; break;
        case 'K': a.keep_stopwords = 1; break;
        case 'q': cli_verbosity = 0; break;
        case 'v': cli_verbosity = 2; break;
        case 'h': cmd_trends_usage(stdout); return EXIT_OK;
        case '?': return cli_usage_error("trends", "bad option");
        default:
            if (cmd_keyness_option("trends", &a.ko, opt, optarg) <= 0)
                return EXIT_USAGE;
        }
    }
    if (optind < argc)
        return cli_usage_error("trends", "unexpected argument '%s' (inputs go to 'precis index')",
                               argv[optind]);
    if (!a.db)
        return cli_usage_error("trends", "--db STORE is required");
    if (!a.lang)
        a.lang = "en";
    if (a.by < 0) {
        if (!a.from || !a.vs)
            return cli_usage_error("trends", "give --from PERIOD --vs PERIOD, or --by UNIT");
        if (a.terms || top_given || a.to)
            return cli_usage_error("trends", "--terms, --top and --to go with --by");
    } else {
        if (a.vs)
            return cli_usage_error("trends", "--vs compares two periods; it does not go with --by");
        if (a.terms && top_given)
            return cli_usage_error("trends", "give --terms or --top, not both");
        a.so.min_freq = a.ko.min_freq;
        a.so.max_words = a.ko.max_words;
    }
    /* Check the periods before touching the store, so a typo is a usage error. */
    precis_period check;
    if ((a.from && period_arg("from", a.from, &check)) ||
        (a.vs && period_arg("vs", a.vs, &check)) || (a.to && period_arg("to", a.to, &check)))
        return EXIT_USAGE;
    precis_store *store = NULL;
    char *err = NULL;
    const precis_status st = precis_store_open(a.db, PRECIS_STORE_READONLY, &store, &err);
    if (st != PRECIS_OK) {
        cli_error("trends: %s", err ? err : precis_strerror(st));
        free(err);
        return EXIT_FATAL;
    }
    const int rc = a.by < 0 ? run_keyness(&a, store) : run_series(&a, store);
    precis_store_close(store);
    return rc;
}
