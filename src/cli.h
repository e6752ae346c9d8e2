/* cli.h - what the subcommands of the precis program share: exit codes, diagnostics, output
 * formats, JSON/CSV quoting, and the loop that reads every input article. Program-side only:
 * the library never sees any of it. */
#ifndef PRECIS_CLI_H
#define PRECIS_CLI_H

#include <stdio.h>

#include "precis.h"

/* Exit status of the precis program (documented in the README). */
enum {
    EXIT_OK = 0,    /* everything was read and processed */
    EXIT_INPUT = 1, /* some input failed (reported), the others were processed */
    EXIT_USAGE = 2, /* bad command line */
    EXIT_FATAL = 3  /* out of memory, unwritable output, a store that cannot be opened */
};

typedef struct cli_command {
    const char *name;
    const char *summary;
    int (*run)(int argc, char **argv);
    void (*usage)(FILE *out);
} cli_command;

/* -q silences warnings, -v adds detail. Set by the commands' option parsing. */
extern int cli_verbosity;

/* "precis: " + message + newline on stderr. cli_warn is silenced by -q. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* One line naming the problem and "Try 'precis CMD --help'"; returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

typedef enum cli_format { FMT_TEXT, FMT_JSONL, FMT_JSON, FMT_TSV, FMT_CSV, FMT_MD } cli_format;
/* Parses a --format value among those allowed (a bit mask of 1u << cli_format). -1 if not. */
int cli_parse_format(const char *s, unsigned allowed);
#define FMT_ALL 0x3fu

/* Parses a whole decimal number in [min, max] into *out; 0, or -1 when s is not one. */
int cli_parse_size(const char *s, size_t min, size_t max, size_t *out);

/* What goes between two articles' outputs: ",\n" in a JSON array, a blank line in Markdown
 * and in text with several articles, nothing otherwise. */
const char *cli_record_separator(int format, int many);
/* Writes what opens a run's output ("[" for JSON, the header row for TSV/CSV; tsv_header and
 * csv_header end with a newline) and what closes it ("]\n" for JSON). */
void cli_records_begin(int format, const char *tsv_header, const char *csv_header);
void cli_records_end(int format);

/* Writes s[0..len) as a JSON string with quotes (UTF-8 kept, control characters escaped). */
void cli_json_str(FILE *out, const char *s, size_t len);
/* Same for a NUL-terminated string, or null when s is NULL. */
void cli_json_cstr(FILE *out, const char *s);
/* Writes a field for CSV (RFC 4180 quoting when needed) or TSV (tabs/newlines as spaces). */
void cli_csv_field(FILE *out, const char *s, size_t len);
void cli_tsv_field(FILE *out, const char *s, size_t len);
/* Writes s[0..len) with every run of white space (newlines included) as one space. */
void cli_text_oneline(FILE *out, const char *s, size_t len);

/* Options every reading command takes. */
typedef struct cli_input {
    precis_read_options read;
    precis_pipeline_options pipe;
    int jobs; /* worker threads; 0 or 1 = one */
    /* Written between the outputs of two articles (e.g. ",\n" in a JSON array, a blank line
     * between texts); NULL for none. */
    const char *separator;
} cli_input;

#define CLI_MAX_JOBS 256

/* Writes {"id":...,"path":...,"title":...,"date":...,"place":...,"agency":...,"lang":...
 * without the closing brace, for the JSON records of every command. */
void cli_json_article(FILE *out, const precis_doc *d);
/* An article's heading for text and Markdown output: its title, or its id. */
const char *cli_article_heading(const precis_doc *d);
/* Whether text output should name each article: not when the inputs are exactly one plain
 * file or standard input as text (then there is one article and a heading is noise). */
int cli_many_articles(const cli_input *in, int argc, char **argv);

/* Handles one shared option (returns 1 when it was one; 0 when not; EXIT_USAGE-style error
 * handled by returning -1 after printing). Shared long options: --input-format, --year,
 * --lang, --stopwords, --no-title, --keep-stopwords, --jobs, -q, -v. */
/* Sets the defaults: jobs = the number of online cores. */
void cli_input_init(cli_input *in);
int cli_input_option(const char *cmd, cli_input *in, int opt, const char *arg);
/* The long options matching cli_input_option(); append to a command's table. */
#define CLI_INPUT_LONGOPTS                                                                         \
    {"input-format", required_argument, NULL, 'I'}, {"year", required_argument, NULL, 'Y'},        \
        {"lang", required_argument, NULL, 'L'}, {"stopwords", required_argument, NULL, 'S'},       \
        {"no-title", no_argument, NULL, 'T'}, {"keep-stopwords", no_argument, NULL, 'K'},          \
        {"quiet", no_argument, NULL, 'q'}, {"verbose", no_argument, NULL, 'v'},                    \
    {                                                                                              \
        "jobs", required_argument, NULL, 'j'                                                       \
    }
#define CLI_INPUT_HELP                                                                             \
    "Input options:\n"                                                                             \
    "      --input-format F  auto (by extension), text or jsonl\n"                                 \
    "      --year YYYY       year for datelines that give only day and month\n"                    \
    "      --lang CODE       language (en, ru, de, ...); default auto: declared or detected\n"     \
    "      --stopwords FILE  extra stopwords, one a line\n"                                        \
    "      --keep-stopwords  do not flag stopwords\n"                                              \
    "      --no-title        never take the first line as a title\n"                               \
    "  -j, --jobs N          articles analysed in parallel (default: the number of cores);\n"      \
    "                        output keeps the input order\n"                                       \
    "  -q, --quiet           no warnings\n"                                                        \
    "  -v, --verbose         more detail on stderr\n"

/* Called for each article with its analysed doc, its sequence number among the articles read
 * (0, 1, ...) and the stream to write its output to. May run in several threads at once (one
 * pipeline each): ctx must be read-only. Returns 0, or non-zero to stop (fatal). */
typedef int (*cli_article_fn)(void *ctx, const precis_pipeline *p, const precis_doc *d, size_t seq,
                              FILE *out);

/* Reads every input (argv[0..argc), "-" when argc == 0) and calls fn for each article, with
 * in->jobs threads; output appears in input order whatever the number of threads. Bad inputs
 * are reported and skipped. Returns EXIT_OK, EXIT_INPUT or EXIT_FATAL. */
int cli_each_article(const cli_input *in, int argc, char **argv, cli_article_fn fn, void *ctx);

/* Where commands that weigh terms across the corpus (summarize, keywords, terms) get document
 * frequencies: --idf FILE (saved by precis terms --save-idf), --db STORE, or else a counting
 * pass over the inputs themselves. */
/* Like cli_article_fn, with v: the counted corpus as seen by p (precis_corpus_view_new()),
 * for this call's thread alone. */
typedef int (*cli_view_fn)(void *ctx, precis_corpus_view *v, const precis_pipeline *p,
                           const precis_doc *d, size_t seq, FILE *out);

typedef struct cli_corpus_options {
    const char *idf_file;
    const char *db;
    size_t memory_budget; /* article text kept between the two passes; 0 = the default */
    /* When set, called instead of fn in the output pass (after a counting pass, or over the
     * background of --idf or --db): a worker's view of each pipeline remembers the corpus ids
     * of its stems from one doc to the next. */
    cli_view_fn view_fn;
} cli_corpus_options;

#ifndef CLI_DEFAULT_BUDGET /* a harness build may set another, to take the re-reading path */
#define CLI_DEFAULT_BUDGET ((size_t)512 << 20)
#endif

/* --idf FILE and --db STORE, the background of document frequencies that summarize, keywords,
 * terms and eval accept: their long options (append to a command's table) and their handling,
 * 1 when opt was one of them (stored in co), 0 when not. */
enum { CLI_OPT_IDF = 0x280, CLI_OPT_DB };
#define CLI_BACKGROUND_LONGOPTS                                                                    \
    {"idf", required_argument, NULL, CLI_OPT_IDF},                                                 \
    {                                                                                              \
        "db", required_argument, NULL, CLI_OPT_DB                                                  \
    }
int cli_background_option(cli_corpus_options *co, int opt, const char *arg);

/* Like cli_each_article(), with the corpus made first: from co's background, or by a first
 * pass over all inputs (articles kept in memory within the budget, else read again). *corpus
 * is set before fn is first called (the caller's ctx can point at it) and stays valid until
 * the caller frees it with precis_corpus_free(), also on error. */
int cli_each_article_corpus(const cli_input *in, const cli_corpus_options *co, int argc,
                            char **argv, cli_article_fn fn, void *ctx, precis_corpus **corpus);

/* A setup failure of the pipeline, reported; returns the exit code. */
int cli_pipeline_failed(const char *cmd, const precis_pipeline_options *o, precis_status st);

/* Keyness options and tables shared by `compare` and `trends --from --vs` (cmd_compare.c). */
enum {
    CMD_OPT_ALL = 0x200,
    CMD_OPT_ALPHA,
    CMD_OPT_CORRECTION,
    CMD_OPT_DIRECTION,
    CMD_OPT_DISPERSION,
    CMD_OPT_LIMIT,
    CMD_OPT_MAX_WORDS,
    CMD_OPT_MIN_DOCS,
    CMD_OPT_MIN_EFFECT,
    CMD_OPT_MIN_FREQ,
    CMD_OPT_SORT
};
#define CMD_KEYNESS_LONGOPTS                                                                       \
    {"all", no_argument, NULL, CMD_OPT_ALL}, {"alpha", required_argument, NULL, CMD_OPT_ALPHA},    \
        {"correction", required_argument, NULL, CMD_OPT_CORRECTION},                               \
        {"direction", required_argument, NULL, CMD_OPT_DIRECTION},                                 \
        {"dispersion", no_argument, NULL, CMD_OPT_DISPERSION},                                     \
        {"limit", required_argument, NULL, CMD_OPT_LIMIT},                                         \
        {"max-words", required_argument, NULL, CMD_OPT_MAX_WORDS},                                 \
        {"min-docs", required_argument, NULL, CMD_OPT_MIN_DOCS},                                   \
        {"min-effect", required_argument, NULL, CMD_OPT_MIN_EFFECT},                               \
        {"min-freq", required_argument, NULL, CMD_OPT_MIN_FREQ},                                   \
    {                                                                                              \
        "sort", required_argument, NULL, CMD_OPT_SORT                                              \
    }
#define CMD_KEYNESS_HELP                                                                           \
    "Keyness options:\n"                                                                           \
    "      --dispersion      count articles holding a term instead of its occurrences\n"           \
    "                        (safer: words cluster in articles; rates are then per million\n"      \
    "                        articles)\n"                                                          \
    "      --correction C    bonferroni (default), holm, bh (false discovery rate) or none\n"      \
    "      --alpha A         significance level after correction (default 0.05)\n"                 \
    "      --min-freq N      test only terms occurring N times or more in A and B together\n"      \
    "      --min-docs N      test only terms found in N articles or more in A and B together\n"    \
    "      --min-effect X    show only terms with |log ratio| >= X (a doubling is 1)\n"            \
    "      --max-words N     longest phrase tested, 1 to 3 words (default 3)\n"                    \
    "      --sort S          g2 (default) or effect (|log ratio|)\n"                               \
    "      --direction D     up (more frequent in A), down or both (default)\n"                    \
    "      --limit N         at most N rows\n"                                                     \
    "      --all             show every tested term, not only the significant ones\n"
/* Handles one keyness option (1), not one (0), or a usage error already reported (-1). */
int cmd_keyness_option(const char *cmd, precis_trends_options *o, int opt, const char *arg);
/* Prints rows in a cli_format; -1 on a write error. */
int cmd_keyness_print(FILE *out, int format, const precis_keyness_rows *rows,
                      const precis_trends_options *o);
/* One line on stderr (unless -q): sizes of A and B, terms tested and significant. */
void cmd_keyness_summary(const char *cmd, const precis_keyness_rows *rows,
                         const precis_trends_options *o);

/* The subcommands, one src/cmd_<name>.c each, listed in main.c's sorted table. */
#define CLI_DECLARE(name)                                                                          \
    int cmd_##name(int argc, char **argv);                                                         \
    void cmd_##name##_usage(FILE *out)
CLI_DECLARE(keywords);
CLI_DECLARE(compare);
CLI_DECLARE(eval);
CLI_DECLARE(languages);
CLI_DECLARE(sentences);
CLI_DECLARE(summarize);
CLI_DECLARE(tokens);
CLI_DECLARE(index);
CLI_DECLARE(stats);
CLI_DECLARE(trends);
CLI_DECLARE(terms);

#endif
