/* cmd_eval.c - `precis eval summaries|keywords`: scores precis's summaries (ROUGE-1/2/L F1,
 * rouge-score conventions) or keywords (P/R/F1 at k, stemmed exact match) against reference
 * files, one per article, and prints each article's scores and their mean. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

void cmd_eval_usage(FILE *out)
{
    fputs("Usage: precis eval summaries --refs DIR [OPTIONS] [FILE|DIR|-]...\n"
          "       precis eval keywords --gold DIR [OPTIONS] [FILE|DIR|-]...\n"
          "Scores each article's summary or keywords against a reference file and prints the\n"
          "scores and their mean. The reference of an article is looked up in DIR under its\n"
          "path relative to the input named on the command line, then under its id, then its\n"
          "file name, with the extension .txt (summaries) or .key (keywords; one phrase a line).\n"
          "Summaries: ROUGE-1, ROUGE-2 and ROUGE-L F1 (lowercase, [a-z0-9] tokens, Porter stems\n"
          "of tokens longer than 3 characters). Keywords: precision, recall and F1 at k, phrases\n"
          "lowercased, split on non-alphanumerics and Porter-stemmed, matched exactly.\n\n"
          "      --refs DIR        reference summaries (summaries)\n"
          "      --gold DIR        gold keyphrases (keywords)\n"
          "  -n, --sentences N     summary length in sentences (default 3)\n"
          "      --match-length    as many sentences as the reference holds of the article\n"
          "  -m, --method M        summary method, as in 'precis summarize'\n"
          "  -k, --top N           keywords compared (default 10)\n"
          "      --max-words N     longest key phrase, 1 to 5 (default 3)\n"
          "      --idf FILE        document frequencies saved by 'precis terms --save-idf'\n"
          "      --db STORE        document frequencies of a corpus store\n"
          "  -f, --format F        text, jsonl, json, tsv, csv or md (a row an article,\n"
          "                        then the mean as id \"mean\")\n"
          "  -h, --help            this help\n",
          out);
    fputs(CLI_INPUT_HELP, out);
}

enum { EVAL_SUMMARIES, EVAL_KEYWORDS };

/* Written by each() although cli_article_fn wants ctx read-only: cmd_eval runs one job, so
 * each() is never called from two threads (and precis_rouge is not thread-safe either). */
typedef struct ctx {
    int what;
    int format;
    int match_length;
    const char *refs;
    int argc;
    char **argv; /* the inputs, to find an article's path relative to them */
    precis_summary_options sum;
    precis_keyword_options kw;
    size_t k;
    precis_corpus *corpus;
    precis_rouge *rouge;
    double total[3][3]; /* summaries: R1/R2/RL x P/R/F; keywords: row 0 P/R/F */
    size_t scored, missing;
} ctx;

/* The whole file as a NUL-terminated string; NULL when it cannot be read. Caller frees. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *data = NULL;
    size_t cap = 0, n = 0, got;
    char chunk[8192];
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (n + got + 1 > cap) {
            cap = (n + got + 1) * 2;
            char *nd = realloc(data, cap);
            if (!nd) {
                free(data);
                fclose(f);
                return NULL;
            }
            data = nd;
        }
        memcpy(data + n, chunk, got);
        n += got;
    }
    const int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(data);
        return NULL;
    }
    if (!data && !(data = malloc(1)))
        return NULL;
    data[n] = '\0';
    *len = n;
    return data;
}

/* Tries DIR/<name without its extension><ext>; returns the file's text or NULL. */
static char *try_ref(const char *dir, const char *name, size_t name_len, const char *ext,
                     size_t *len)
{
    const char *slash = NULL;
    for (size_t i = 0; i < name_len; i++)
        if (name[i] == '/')
            slash = name + i;
    size_t stem = name_len;
    for (size_t i = name_len; i > 0 && name + i - 1 != slash; i--)
        if (name[i - 1] == '.') {
            stem = i - 1;
            break;
        }
    const size_t size = strlen(dir) + stem + strlen(ext) + 2;
    char *path = malloc(size);
    if (!path)
        return NULL;
    snprintf(path, size, "%s/%.*s%s", dir, (int)stem, name, ext);
    char *text = slurp(path, len);
    free(path);
    return text;
}

/* The reference of the article: by path relative to an input, by id, by file name. */
static char *find_ref(const ctx *c, const precis_article *a, const char *ext, size_t *len)
{
    const char *path = precis_article_path(a);
    for (int i = 0; i < c->argc; i++) {
        size_t l = strlen(c->argv[i]);
        while (l > 1 && c->argv[i][l - 1] == '/')
            l--;
        if (strncmp(path, c->argv[i], l) == 0 && path[l] == '/') {
            const char *rel = path + l + 1;
            char *t = try_ref(c->refs, rel, strlen(rel), ext, len);
            if (t)
                return t;
        }
    }
    const char *id = precis_article_id(a);
    char *t = try_ref(c->refs, id, strlen(id), ext, len);
    if (t)
        return t;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    return try_ref(c->refs, base, strlen(base), ext, len);
}

/* Number of the doc's sentences found word for word in the reference: the length the BBC
 * News Summary protocol asks for. At least 1. */
static size_t sentences_in(const precis_doc *d, const char *ref)
{
    size_t len = 0, n = 0;
    const char *text = precis_article_text(precis_doc_article(d), &len);
    char *s = NULL;
    size_t cap = 0;
    for (size_t i = 0; i < precis_doc_sentence_count(d); i++) {
        const precis_sentence *se = precis_doc_sentence(d, i);
        const size_t l = se->end - se->start;
        if (l + 1 > cap) {
            char *ns = realloc(s, l + 1);
            if (!ns)
                break;
            s = ns;
            cap = l + 1;
        }
        memcpy(s, text + se->start, l);
        s[l] = '\0';
        if (l && strstr(ref, s))
            n++;
    }
    free(s);
    return n ? n : 1;
}

/* One row of scores: an article's, or the mean (id "mean"), in the chosen format. */
static void print_row(FILE *out, const ctx *c, const char *id, const double v[3])
{
    static const char *const sum_names[3] = {"rouge1_f1", "rouge2_f1", "rougeL_f1"};
    static const char *const kw_names[3] = {"precision", "recall", "f1"};
    const char *const *names = c->what == EVAL_SUMMARIES ? sum_names : kw_names;
    switch (c->format) {
    case FMT_TSV:
    case FMT_CSV:
        if (c->format == FMT_CSV)
            cli_csv_field(out, id, strlen(id));
        else
            cli_tsv_field(out, id, strlen(id));
        for (int i = 0; i < 3; i++)
            fprintf(out, "%c%.4f", c->format == FMT_CSV ? ',' : '\t', v[i]);
        putc('\n', out);
        break;
    case FMT_JSONL:
    case FMT_JSON:
        fputs("{\"id\":", out);
        cli_json_cstr(out, id);
        for (int i = 0; i < 3; i++)
            fprintf(out, ",\"%s\":%.6g", names[i], v[i]);
        fputs(c->format == FMT_JSONL ? "}\n" : "}", out);
        break;
    case FMT_MD:
        fputs("| ", out);
        cli_tsv_field(out, id, strlen(id));
        for (int i = 0; i < 3; i++)
            fprintf(out, " | %.4f", v[i]);
        fputs(" |\n", out);
        break;
    default:
        if (c->what == EVAL_SUMMARIES)
            fprintf(out, "%s\tR1 %.4f  R2 %.4f  RL %.4f\n", id, v[0], v[1], v[2]);
        else
            fprintf(out, "%s\tP %.4f  R %.4f  F1 %.4f\n", id, v[0], v[1], v[2]);
    }
}

static int eval_summary(ctx *c, const precis_pipeline *p, const precis_doc *d, const char *ref,
                        size_t ref_len, FILE *out)
{
    precis_summary_options so = c->sum;
    if (c->match_length)
        so.sentences = sentences_in(d, ref);
    precis_summary *sum = NULL;
    precis_status st = precis_summarize(p, d, c->corpus, &so, &sum);
    if (st != PRECIS_OK) {
        cli_error("%s: %s", precis_article_path(precis_doc_article(d)), precis_strerror(st));
        return -1;
    }
    size_t len = 0;
    const char *text = precis_article_text(precis_doc_article(d), &len);
    char *cand = NULL;
    size_t cand_len = 0;
    for (size_t i = 0; i < sum->count; i++) {
        const precis_sentence *se = precis_doc_sentence(d, sum->sentence[i]);
        const size_t l = se->end - se->start;
        char *nc = realloc(cand, cand_len + l + 2);
        if (!nc) {
            st = PRECIS_ENOMEM;
            break;
        }
        cand = nc;
        memcpy(cand + cand_len, text + se->start, l);
        cand_len += l;
        cand[cand_len++] = '\n';
    }
    precis_rouge_scores r;
    if (st == PRECIS_OK)
        st = precis_rouge_score(c->rouge, cand, cand_len, ref, ref_len, &r);
    free(cand);
    precis_summary_free(sum);
    if (st != PRECIS_OK) {
        cli_error("%s", precis_strerror(st));
        return -1;
    }
    const precis_prf *v[3] = {&r.rouge1, &r.rouge2, &r.rougel};
    for (int i = 0; i < 3; i++) {
        c->total[i][0] += v[i]->precision;
        c->total[i][1] += v[i]->recall;
        c->total[i][2] += v[i]->f1;
    }
    const double row[3] = {r.rouge1.f1, r.rouge2.f1, r.rougel.f1};
    print_row(out, c, precis_article_id(precis_doc_article(d)), row);
    return 0;
}

static int eval_keywords(ctx *c, const precis_pipeline *p, const precis_doc *d, char *ref,
                         FILE *out)
{
    /* One gold phrase a line; CR and blank lines dropped. */
    size_t lines = 1;
    for (const char *s = ref; *s; s++)
        lines += *s == '\n';
    const char **gold = calloc(lines, sizeof *gold);
    const char **pred = NULL;
    precis_keywords *kw = NULL;
    int rc = -1;
    if (!gold)
        goto fail;
    size_t ngold = 0;
    for (char *s = ref; s && *s;) {
        char *e = strchr(s, '\n');
        if (e)
            *e = '\0';
        const size_t l = strlen(s);
        if (l && s[l - 1] == '\r')
            s[l - 1] = '\0';
        if (*s)
            gold[ngold++] = s;
        s = e ? e + 1 : NULL;
    }
    precis_status st = precis_keywords_extract(p, d, c->corpus, &c->kw, &kw);
    if (st == PRECIS_OK && !(pred = calloc(kw->count + 1, sizeof *pred)))
        st = PRECIS_ENOMEM;
    precis_prf r;
    if (st == PRECIS_OK) {
        for (size_t i = 0; i < kw->count; i++)
            pred[i] = kw->keyword[i].text;
        st = precis_rouge_keywords(c->rouge, pred, kw->count, gold, ngold, c->k, &r);
    }
    if (st != PRECIS_OK) {
        cli_error("%s: %s", precis_article_path(precis_doc_article(d)), precis_strerror(st));
        goto fail;
    }
    c->total[0][0] += r.precision;
    c->total[0][1] += r.recall;
    c->total[0][2] += r.f1;
    const double row[3] = {r.precision, r.recall, r.f1};
    print_row(out, c, precis_article_id(precis_doc_article(d)), row);
    rc = 0;
fail:
    precis_keywords_free(kw);
    free(pred);
    free(gold);
    return rc;
}

static int each(void *vctx, const precis_pipeline *p, const precis_doc *d, size_t seq, FILE *out)
{
    (void)seq;
    ctx *c = vctx;
    const precis_article *a = precis_doc_article(d);
    size_t len = 0;
    char *ref = find_ref(c, a, c->what == EVAL_SUMMARIES ? ".txt" : ".key", &len);
    if (!ref) {
        cli_warn("%s: no reference in %s", precis_article_path(a), c->refs);
        c->missing++;
        return 0;
    }
    const int r = c->what == EVAL_SUMMARIES ? eval_summary(c, p, d, ref, len, out)
                                            : eval_keywords(c, p, d, ref, out);
    free(ref);
    if (r)
        return 1;
    c->scored++;
    return ferror(out) ? 1 : 0;
}

static void print_mean(const ctx *c)
{
    const double n = (double)c->scored;
    if (c->what == EVAL_SUMMARIES) {
        if (c->format == FMT_TEXT) {
            printf("mean of %zu\tR1 %.4f  R2 %.4f  RL %.4f (F1)\n", c->scored, c->total[0][2] / n,
                   c->total[1][2] / n, c->total[2][2] / n);
            return;
        }
        const double v[3] = {c->total[0][2] / n, c->total[1][2] / n, c->total[2][2] / n};
        if (c->format == FMT_JSON)
            fputs(",\n", stdout); /* after the articles' records */
        print_row(stdout, c, "mean", v);
    } else {
        if (c->format == FMT_TEXT) {
            printf("mean of %zu\tP@%zu %.4f  R@%zu %.4f  F1@%zu %.4f\n", c->scored, c->k,
                   c->total[0][0] / n, c->k, c->total[0][1] / n, c->k, c->total[0][2] / n);
            return;
        }
        const double v[3] = {c->total[0][0] / n, c->total[0][1] / n, c->total[0][2] / n};
        if (c->format == FMT_JSON)
            fputs(",\n", stdout);
        print_row(stdout, c, "mean", v);
    }
}

int cmd_eval(int argc, char **argv)
{
    enum { OPT_REFS = 256, OPT_GOLD, OPT_MATCH, OPT_MAXW };
    static const struct option longopts[] = {{"format", required_argument, NULL, 'f'},
                                             {"gold", required_argument, NULL, OPT_GOLD},
                                             {"help", no_argument, NULL, 'h'},
                                             {"match-length", no_argument, NULL, OPT_MATCH},
                                             {"max-words", required_argument, NULL, OPT_MAXW},
                                             {"method", required_argument, NULL, 'm'},
                                             {"refs", required_argument, NULL, OPT_REFS},
                                             {"sentences", required_argument, NULL, 'n'},
                                             {"top", required_argument, NULL, 'k'},
                                             CLI_BACKGROUND_LONGOPTS,
                                             CLI_INPUT_LONGOPTS,
                                             {NULL, 0, NULL, 0}};
    const char *cmd = "eval";
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        cmd_eval_usage(stdout);
        return EXIT_OK;
    }
    if (argc < 2)
        return cli_usage_error(cmd, "say what to evaluate: summaries or keywords");
    ctx c;
    memset(&c, 0, sizeof c);
    if (strcmp(argv[1], "summaries") == 0)
        c.what = EVAL_SUMMARIES;
    else if (strcmp(argv[1], "keywords") == 0)
        c.what = EVAL_KEYWORDS;
    else
        return cli_usage_error(cmd, "unknown evaluation '%s' (summaries or keywords)", argv[1]);
    argc--;
    argv++;
    c.format = FMT_TEXT;
    c.k = 10;
    cli_input in;
    cli_input_init(&in);
    cli_corpus_options co = {0};
    int opt;
    while ((opt = getopt_long(argc, argv, "f:hj:k:m:n:qv", longopts, NULL)) != -1) {
        switch (opt) {
        case 'f':
            if ((c.format = cli_parse_format(optarg, FMT_ALL)) < 0)
                return cli_usage_error(cmd, "--format must be text, jsonl, json, tsv, csv or md");
            break;
        case 'h': cmd_eval_usage(stdout); return EXIT_OK;
        case 'k':
            if (cli_parse_size(optarg, 1, 100000, &c.k))
                return cli_usage_error(cmd, "-k needs a positive number, not '%s'", optarg);
            break;
        case 'm':
            if (precis_summary_method_parse(optarg, &c.sum.method) != PRECIS_OK)
                return cli_usage_error(cmd, "unknown method '%s'", optarg);
            break;
        case 'n':
            if (cli_parse_size(optarg, 1, 100000, &c.sum.sentences))
                return cli_usage_error(cmd, "-n needs a positive number, not '%s'", optarg);
            break;
        case OPT_REFS:
        case OPT_GOLD: c.refs = optarg; break;
        case OPT_MATCH: c.match_length = 1; break;
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
    if (!c.refs)
        return cli_usage_error(cmd, c.what == EVAL_SUMMARIES ? "--refs DIR is required"
                                                             : "--gold DIR is required");
    if (c.what == EVAL_SUMMARIES && !c.sum.sentences && !c.match_length)
        c.sum.sentences = 3;
    /* Keywords beyond k are never compared; ask for exactly k. */
    c.kw.k = c.k;
    in.jobs = 1; /* each() accumulates into c and shares one precis_rouge */
    c.argc = argc - optind;
    c.argv = argv + optind;
    if (precis_rouge_new(&c.rouge) != PRECIS_OK) {
        cli_error("%s", precis_strerror(PRECIS_ENOMEM));
        return EXIT_FATAL;
    }
    const int sum = c.what == EVAL_SUMMARIES;
    in.separator = cli_record_separator(c.format, 0);
    if (c.format == FMT_MD)
        in.separator = NULL; /* one table */
    cli_records_begin(c.format,
                      sum ? "id\trouge1_f1\trouge2_f1\trougeL_f1\n" : "id\tprecision\trecall\tf1\n",
                      sum ? "id,rouge1_f1,rouge2_f1,rougeL_f1\n" : "id,precision,recall,f1\n");
    if (c.format == FMT_MD)
        fputs(sum ? "| id | rouge1_f1 | rouge2_f1 | rougeL_f1 |\n|---|---|---|---|\n"
                  : "| id | precision | recall | f1 |\n|---|---|---|---|\n",
              stdout);
    int rc = cli_each_article_corpus(&in, &co, c.argc, c.argv, each, &c, &c.corpus);
    if (c.scored)
        print_mean(&c);
    else
        cli_error("no article had a reference in %s", c.refs);
    cli_records_end(c.format);
    if (rc == EXIT_OK && (c.missing || !c.scored))
        rc = EXIT_INPUT;
    precis_corpus_free(c.corpus);
    precis_rouge_free(c.rouge);
    return rc;
}
