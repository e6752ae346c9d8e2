/* cmd_compare.c - `precis compare INPUT... --vs INPUT...`: keyness of the terms of a target
 * set of articles against a reference set (as AntConc's keyword list), and the printing of
 * keyness tables shared with `precis trends --from --vs`. */
#include <getopt.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

void cmd_compare_usage(FILE *out)
{
    fputs("Usage: precis compare [OPTIONS] INPUT... --vs INPUT...\n"
          "Finds the terms that are significantly more (or less) frequent in the target\n"
          "articles than in the reference articles given after --vs (up to the next option).\n"
          "Terms are stems of content words and phrases of up to 3 of them. Each is tested\n"
          "with log-likelihood G2; p-values are corrected for the number of terms tested.\n\n",
          out);
    fputs(CMD_KEYNESS_HELP, out);
    fputs("  -f, --format F        text (aligned table), tsv, csv, jsonl, json or md\n"
          "  -h, --help            this help\n",
          out);
    fputs(CLI_INPUT_HELP, out);
}

/* ---- keyness options and printing (shared with trends) ----------------------------------- */

int cmd_keyness_option(const char *cmd, precis_trends_options *o, int opt, const char *arg)
{
    char *end = NULL;
    switch (opt) {
    case CMD_OPT_DISPERSION: o->dispersion = 1; return 1;
    case CMD_OPT_ALL: o->all = 1; return 1;
    case CMD_OPT_CORRECTION:
        if (precis_correction_parse(arg, &o->correction) != PRECIS_OK)
            return cli_usage_error(cmd, "--correction must be bonferroni, holm, bh or none"), -1;
        return 1;
    case CMD_OPT_ALPHA:
        o->alpha = strtod(arg, &end);
        if (!*arg || *end || !(o->alpha > 0 && o->alpha <= 1))
            return cli_usage_error(cmd, "--alpha must be a number in (0, 1]"), -1;
        return 1;
    case CMD_OPT_MIN_EFFECT:
        o->min_effect = strtod(arg, &end);
        if (!*arg || *end || !(o->min_effect >= 0 && isfinite(o->min_effect)))
            return cli_usage_error(cmd, "--min-effect must be a number >= 0"), -1;
        return 1;
    case CMD_OPT_MIN_FREQ:
    case CMD_OPT_MIN_DOCS:
    case CMD_OPT_LIMIT:
    case CMD_OPT_MAX_WORDS: {
        const unsigned long long v = strtoull(arg, &end, 10);
        if (!*arg || *end || *arg == '-' || (opt == CMD_OPT_MAX_WORDS && (v < 1 || v > 3)))
            return cli_usage_error(cmd, "--%s must be %s",
                                   opt == CMD_OPT_MIN_FREQ   ? "min-freq"
                                   : opt == CMD_OPT_MIN_DOCS ? "min-docs"
                                   : opt == CMD_OPT_LIMIT    ? "limit"
                                                             : "max-words",
                                   opt == CMD_OPT_MAX_WORDS ? "1, 2 or 3" : "a whole number"),
                   -1;
        if (opt == CMD_OPT_MIN_FREQ)
            o->min_freq = v;
        else if (opt == CMD_OPT_MIN_DOCS)
            o->min_docs = v;
        else if (opt == CMD_OPT_LIMIT)
            o->limit = (size_t)v;
        else
            o->max_words = (size_t)v;
        return 1;
    }
    case CMD_OPT_SORT:
        if (strcmp(arg, "g2") == 0)
            o->sort = PRECIS_SORT_G2;
        else if (strcmp(arg, "effect") == 0)
            o->sort = PRECIS_SORT_EFFECT;
        else
            return cli_usage_error(cmd, "--sort must be g2 or effect"), -1;
        return 1;
    case CMD_OPT_DIRECTION:
        if (strcmp(arg, "both") == 0)
            o->direction = PRECIS_DIRECTION_BOTH;
        else if (strcmp(arg, "up") == 0)
            o->direction = PRECIS_DIRECTION_UP;
        else if (strcmp(arg, "down") == 0)
            o->direction = PRECIS_DIRECTION_DOWN;
        else
            return cli_usage_error(cmd, "--direction must be up, down or both"), -1;
        return 1;
    default: return 0;
    }
}

static const char *direction_name(int d)
{
    return d > 0 ? "up" : d < 0 ? "down" : "equal";
}

static const char *const columns[] = {
    "term", "count_a", "count_b", "per_million_a", "per_million_b", "docs_a", "docs_b",
    "g2",   "p",       "p_adj",   "log_ratio",     "pct_diff",      "bic",    "direction",
};
#define NCOLUMNS (sizeof columns / sizeof *columns)

/* Field i of row r as text; numbers in one fixed format (%.6g) for every machine format. */
static void field(const precis_keyness_row *r, size_t i, char *buf, size_t size)
{
    switch (i) {
    case 1: snprintf(buf, size, "%llu", (unsigned long long)r->count_a); break;
    case 2: snprintf(buf, size, "%llu", (unsigned long long)r->count_b); break;
    case 3: snprintf(buf, size, "%.6g", r->per_million_a); break;
    case 4: snprintf(buf, size, "%.6g", r->per_million_b); break;
    case 5: snprintf(buf, size, "%llu", (unsigned long long)r->docs_a); break;
    case 6: snprintf(buf, size, "%llu", (unsigned long long)r->docs_b); break;
    case 7: snprintf(buf, size, "%.6g", r->g2); break;
    case 8: snprintf(buf, size, "%.6g", r->p); break;
    case 9: snprintf(buf, size, "%.6g", r->p_adj); break;
    case 10: snprintf(buf, size, "%.6g", r->log_ratio); break;
    case 11: snprintf(buf, size, "%.6g", r->pct_diff); break;
    case 12: snprintf(buf, size, "%.6g", r->bic); break;
    case 13: snprintf(buf, size, "%s", direction_name(r->direction)); break;
    default: buf[0] = '\0'; break;
    }
}

/* The text table shows fewer digits: counts, rates with one decimal, G2 and Log Ratio with
 * two, adjusted p in %.2g. */
static const size_t text_cols[] = {0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 13};
#define NTEXT (sizeof text_cols / sizeof *text_cols)

static void text_field(const precis_keyness_row *r, size_t i, char *buf, size_t size)
{
    switch (i) {
    case 3: snprintf(buf, size, "%.1f", r->per_million_a); break;
    case 4: snprintf(buf, size, "%.1f", r->per_million_b); break;
    case 7: snprintf(buf, size, "%.2f", r->g2); break;
    case 9: snprintf(buf, size, "%.2g", r->p_adj); break;
    case 10: snprintf(buf, size, "%+.2f", r->log_ratio); break;
    default: field(r, i, buf, size); break;
    }
}

/* Display width of UTF-8 text: one column a code point (news terms are not wide CJK). */
static size_t width_of(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

static void pad(FILE *out, size_t n)
{
    while (n--)
        putc(' ', out);
}

static void print_text(FILE *out, const precis_keyness_rows *rows)
{
    static const char *const heads[NTEXT] = {"term",      "count_a",   "count_b", "per_mil_a",
                                             "per_mil_b", "docs_a",    "docs_b",  "G2",
                                             "p_adj",     "log_ratio", "dir"};
    size_t w[NTEXT];
    char buf[64];
    for (size_t c = 0; c < NTEXT; c++)
        w[c] = strlen(heads[c]);
    for (size_t i = 0; i < rows->count; i++)
        for (size_t c = 0; c < NTEXT; c++) {
            const precis_keyness_row *r = &rows->row[i];
            const size_t fw = c == 0 ? width_of(r->term)
                                     : (text_field(r, text_cols[c], buf, sizeof buf), strlen(buf));
            if (fw > w[c])
                w[c] = fw;
        }
    /* The term left-aligned, numbers right-aligned, the direction last. */
    for (size_t c = 0; c < NTEXT; c++) {
        if (c)
            fputs("  ", out);
        if (c == 0 || c == NTEXT - 1) {
            fputs(heads[c], out);
            if (c == 0)
                pad(out, w[c] - strlen(heads[c]));
        } else {
            pad(out, w[c] - strlen(heads[c]));
            fputs(heads[c], out);
        }
    }
    putc('\n', out);
    for (size_t i = 0; i < rows->count; i++) {
        const precis_keyness_row *r = &rows->row[i];
        for (size_t c = 0; c < NTEXT; c++) {
            if (c)
                fputs("  ", out);
            if (c == 0) {
                cli_text_oneline(out, r->term, strlen(r->term));
                pad(out, w[c] - width_of(r->term));
                continue;
            }
            text_field(r, text_cols[c], buf, sizeof buf);
            if (c != NTEXT - 1)
                pad(out, w[c] - strlen(buf));
            fputs(buf, out);
        }
        putc('\n', out);
    }
}

static void print_object(FILE *out, const precis_keyness_row *r)
{
    char buf[64];
    fputs("{\"term\":", out);
    cli_json_cstr(out, r->term);
    fputs(",\"key\":", out);
    cli_json_cstr(out, r->key);
    for (size_t c = 1; c < NCOLUMNS; c++) {
        field(r, c, buf, sizeof buf);
        fprintf(out, ",\"%s\":", columns[c]);
        if (c == NCOLUMNS - 1)
            fprintf(out, "\"%s\"", buf);
        else
            fputs(buf, out);
    }
    putc('}', out);
}

static const char *correction_name(precis_correction c)
{
    switch (c) {
    case PRECIS_CORRECTION_HOLM: return "holm";
    case PRECIS_CORRECTION_BH: return "bh";
    case PRECIS_CORRECTION_NONE: return "none";
    case PRECIS_CORRECTION_BONFERRONI: break;
    }
    return "bonferroni";
}

int cmd_keyness_print(FILE *out, int format, const precis_keyness_rows *rows,
                      const precis_trends_options *o)
{
    char buf[64];
    switch (format) {
    case FMT_TEXT: print_text(out, rows); break;
    case FMT_JSONL:
        for (size_t i = 0; i < rows->count; i++) {
            print_object(out, &rows->row[i]);
            putc('\n', out);
        }
        break;
    case FMT_JSON:
        fprintf(out,
                "{\"tokens_a\":%llu,\"tokens_b\":%llu,\"docs_a\":%llu,\"docs_b\":%llu,"
                "\"dispersion\":%s,\"correction\":\"%s\",\"alpha\":%.6g,\"tested\":%zu,"
                "\"significant\":%zu,\"rows\":[",
                (unsigned long long)rows->tokens_a, (unsigned long long)rows->tokens_b,
                (unsigned long long)rows->docs_a, (unsigned long long)rows->docs_b,
                o->dispersion ? "true" : "false", correction_name(o->correction),
                o->alpha > 0 ? o->alpha : 0.05, rows->tested, rows->significant);
        for (size_t i = 0; i < rows->count; i++) {
            if (i)
                putc(',', out);
            print_object(out, &rows->row[i]);
        }
        fputs("]}\n", out);
        break;
    case FMT_TSV:
    case FMT_CSV:
    case FMT_MD: {
        const char *const sep = format == FMT_TSV ? "\t" : format == FMT_CSV ? "," : " | ";
        if (format == FMT_MD)
            fputs("| ", out);
        for (size_t c = 0; c < NCOLUMNS; c++)
            fprintf(out, "%s%s", c ? sep : "", columns[c]);
        fputs(format == FMT_MD ? " |\n" : "\n", out);
        if (format == FMT_MD) {
            for (size_t c = 0; c < NCOLUMNS; c++)
                fputs(c == 0 ? "|---" : "|---:", out);
            fputs("|\n", out);
        }
        for (size_t i = 0; i < rows->count; i++) {
            const precis_keyness_row *r = &rows->row[i];
            if (format == FMT_MD)
                fputs("| ", out);
            for (size_t c = 0; c < NCOLUMNS; c++) {
                if (c)
                    fputs(sep, out);
                if (c == 0) {
                    if (format == FMT_TSV)
                        cli_tsv_field(out, r->term, strlen(r->term));
                    else if (format == FMT_CSV)
                        cli_csv_field(out, r->term, strlen(r->term));
                    else
                        for (const char *s = r->term; *s; s++) {
                            if (*s == '|')
                                putc('\\', out);
                            putc(*s, out);
                        }
                    continue;
                }
                field(r, c, buf, sizeof buf);
                fputs(buf, out);
            }
            fputs(format == FMT_MD ? " |\n" : "\n", out);
        }
        break;
    }
    default: break;
    }
    return ferror(out) ? -1 : 0;
}

void cmd_keyness_summary(const char *cmd, const precis_keyness_rows *rows,
                         const precis_trends_options *o)
{
    if (cli_verbosity < 1)
        return;
    fprintf(stderr,
            "precis: %s: A %llu articles, %llu tokens; B %llu articles, %llu tokens; "
            "%zu terms tested, %zu significant (%s, alpha %.6g%s)\n",
            cmd, (unsigned long long)rows->docs_a, (unsigned long long)rows->tokens_a,
            (unsigned long long)rows->docs_b, (unsigned long long)rows->tokens_b, rows->tested,
            rows->significant, correction_name(o->correction), o->alpha > 0 ? o->alpha : 0.05,
            o->dispersion ? ", articles" : ", tokens");
}

/* ---- counting ---------------------------------------------------------------------------- */

/* Articles are counted in the threads that analyse them: each thread (one pipeline each)
 * gets a table of its own, found under the lock, so counting itself runs unlocked; the
 * tables are merged at the end. */
typedef struct side {
    pthread_mutex_t lock;
    const precis_pipeline *pipes[CLI_MAX_JOBS];
    precis_counts *tables[CLI_MAX_JOBS];
    int n;
    size_t max_words;
    int failed;
} side;

static precis_counts *table_for(side *s, const precis_pipeline *p)
{
    precis_counts *t = NULL;
    pthread_mutex_lock(&s->lock);
    for (int i = 0; i < s->n && !t; i++)
        if (s->pipes[i] == p)
            t = s->tables[i];
    if (!t && s->n < CLI_MAX_JOBS && precis_counts_new(&t) == PRECIS_OK) {
        s->pipes[s->n] = p;
        s->tables[s->n++] = t;
    }
    pthread_mutex_unlock(&s->lock);
    return t;
}

static int count_each(void *vctx, const precis_pipeline *p, const precis_doc *d, size_t seq,
                      FILE *out)
{
    (void)seq;
    (void)out;
    side *const s = vctx;
    precis_counts *const t = table_for(s, p);
    if (!t || precis_counts_add_doc(t, p, d, s->max_words) != PRECIS_OK) {
        pthread_mutex_lock(&s->lock);
        s->failed = 1;
        pthread_mutex_unlock(&s->lock);
        return 1;
    }
    return 0;
}

/* Reads argv[0..argc) into *out (caller frees). Returns the exit code of the reading. */
static int count_inputs(const cli_input *in, int argc, char **argv, size_t max_words,
                        precis_counts **out)
{
    side s;
    memset(&s, 0, sizeof s);
    pthread_mutex_init(&s.lock, NULL);
    s.max_words = max_words;
    *out = NULL;
    int rc = cli_each_article(in, argc, argv, count_each, &s);
    precis_counts *all = NULL;
    if (precis_counts_new(&all) != PRECIS_OK)
        s.failed = 1;
    for (int i = 0; i < s.n; i++) {
        if (all && !s.failed && precis_counts_merge(all, s.tables[i]) != PRECIS_OK)
            s.failed = 1;
        precis_counts_free(s.tables[i]);
    }
    pthread_mutex_destroy(&s.lock);
    if (s.failed) {
        precis_counts_free(all);
        cli_error("%s", precis_strerror(PRECIS_ENOMEM));
        return EXIT_FATAL;
    }
    *out = all;
    return rc;
}

/* ---- the command ------------------------------------------------------------------------- */

/* Moves the reference inputs out of argv: "--vs" and the arguments after it up to the next
 * option ("-" alone is standard input, an input), and "--vs=PATH". The rest stays in order
 * for getopt_long. Returns the number of reference inputs, or -1 for a --vs without any. */
static int split_vs(int *argc, char **argv, char **ref)
{
    int n = 0, kept = 1, saw = 0;
    for (int i = 1; i < *argc; i++) {
        if (strcmp(argv[i], "--") == 0) {
            while (i < *argc)
                argv[kept++] = argv[i++];
            break;
        }
        if (strncmp(argv[i], "--vs=", 5) == 0) {
            saw = 1;
            if (!argv[i][5])
                return -1;
            ref[n++] = argv[i] + 5;
            continue;
        }
        if (strcmp(argv[i], "--vs") == 0) {
            const int before = n;
            saw = 1;
            while (i + 1 < *argc && (argv[i + 1][0] != '-' || strcmp(argv[i + 1], "-") == 0))
                ref[n++] = argv[++i];
            if (n == before)
                return -1;
            continue;
        }
        argv[kept++] = argv[i];
    }
    *argc = kept;
    argv[kept] = NULL;
    return saw ? n : 0;
}

int cmd_compare(int argc, char **argv)
{
    static const struct option longopts[] = {CMD_KEYNESS_LONGOPTS,
                                             {"format", required_argument, NULL, 'f'},
                                             {"help", no_argument, NULL, 'h'},
                                             CLI_INPUT_LONGOPTS,
                                             {NULL, 0, NULL, 0}};
    cli_input in;
    cli_input_init(&in);
    precis_trends_options o;
    memset(&o, 0, sizeof o);
    int format = FMT_TEXT;
    char **ref = malloc((size_t)(argc + 1) * sizeof *ref);
    if (!ref) {
        cli_error("%s", precis_strerror(PRECIS_ENOMEM));
        return EXIT_FATAL;
    }
    int rc = EXIT_USAGE;
    precis_counts *a = NULL, *b = NULL;
    precis_keyness_rows *rows = NULL;
    const int nref = split_vs(&argc, argv, ref);
    if (nref < 0) {
        rc = cli_usage_error("compare", "--vs needs at least one input");
        goto done;
    }
    int opt;
    while ((opt = getopt_long(argc, argv, "f:hj:qv", longopts, NULL)) != -1) {
        int r;
        switch (opt) {
        case 'f':
            format = cli_parse_format(optarg, FMT_ALL);
            if (format < 0) {
                rc = cli_usage_error("compare",
                                     "--format must be text, tsv, csv, jsonl, json or md");
                goto done;
            }
            break;
        case 'h':
            cmd_compare_usage(stdout);
            rc = EXIT_OK;
            goto done;
        case '?': rc = cli_usage_error("compare", "bad option"); goto done;
        default:
            r = cmd_keyness_option("compare", &o, opt, optarg);
            if (r == 0)
                r = cli_input_option("compare", &in, opt, optarg);
            if (r <= 0) {
                rc = EXIT_USAGE;
                goto done;
            }
        }
    }
    if (nref == 0) {
        rc = cli_usage_error("compare", "no reference: give its inputs after --vs");
        goto done;
    }
    if (optind >= argc) {
        rc = cli_usage_error("compare", "no target inputs before --vs");
        goto done;
    }
    rc = count_inputs(&in, argc - optind, argv + optind, o.max_words, &a);
    if (rc == EXIT_FATAL)
        goto done;
    const int rc2 = count_inputs(&in, nref, ref, o.max_words, &b);
    if (rc2 > rc)
        rc = rc2;
    if (rc == EXIT_FATAL)
        goto done;
    const precis_status st = precis_trends_keyness(a, b, &o, &rows);
    if (st != PRECIS_OK) {
        if (st == PRECIS_EINVAL)
            cli_error("compare: the %s has no words to compare",
                      precis_counts_total_tokens(a) ? "reference" : "target");
        else
            cli_error("compare: %s", precis_strerror(st));
        rc = st == PRECIS_ENOMEM ? EXIT_FATAL : EXIT_INPUT;
        goto done;
    }
    cmd_keyness_summary("compare", rows, &o);
    if (cmd_keyness_print(stdout, format, rows, &o) != 0)
        rc = EXIT_FATAL;
done:
    precis_keyness_rows_free(rows);
    precis_counts_free(a);
    precis_counts_free(b);
    free(ref);
    return rc;
}
