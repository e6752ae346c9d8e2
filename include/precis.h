/* precis.h - the one public header of libprecis: read news articles, split them into
 * sentences and tokens, and (in later modules) summarise, extract keywords and compare trends.
 * Everything not declared here is private to the library. */
#ifndef PRECIS_H
#define PRECIS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PRECIS_VERSION "0.1.0"

/* ---- Status ------------------------------------------------------------------------------ */

typedef enum precis_status {
    PRECIS_OK = 0,
    PRECIS_ENOMEM,   /* out of memory */
    PRECIS_EIO,      /* a file could not be opened, read or written */
    PRECIS_EPARSE,   /* input is malformed (bad JSON line, bad date, bad option value) */
    PRECIS_EUTF8,    /* text is not valid UTF-8 where UTF-8 is required */
    PRECIS_EINVAL,   /* an argument is out of range or unknown (e.g. an unknown language) */
    PRECIS_EDB,      /* the SQLite store failed */
    PRECIS_EBINARY,  /* input looks binary (NUL bytes) and was skipped */
    PRECIS_ENOTFOUND /* a named thing (file, language, term) does not exist */
} precis_status;

/* Static English text for a status; never NULL. */
const char *precis_strerror(precis_status st);

/* ---- Dates ------------------------------------------------------------------------------- */

/* A calendar date, possibly partial: a zero field is unknown. A day and month without a
 * year stays partial (year == 0) rather than being guessed. */
typedef struct precis_date {
    int year;  /* e.g. 2022; 0 = unknown */
    int month; /* 1..12; 0 = unknown */
    int day;   /* 1..31; 0 = unknown */
} precis_date;

/* Formats as ISO 8601: "2022-06-07", "2022-06", "2022", or "--06-07" for a day and month
 * without a year; "" when nothing is known. buf must hold at least 11 bytes. Returns buf. */
char *precis_date_format(const precis_date *d, char *buf, size_t size);

/* Parses a date written in the ways news gives them: "2022-06-07", "2022-06-07T15:01:01",
 * "7 June 2022", "June 7, 2022", "Feb 26", "7 June", "07.06.2022", "2022/06/07", "7 июня 2022".
 * Fields not present stay 0. Returns PRECIS_EPARSE when s holds no date. */
precis_status precis_date_parse(const char *s, size_t len, precis_date *out);

/* ---- Articles and the reader ------------------------------------------------------------- */

typedef struct precis_article precis_article;
typedef struct precis_reader precis_reader;

typedef enum precis_input_format {
    PRECIS_INPUT_AUTO = 0, /* by extension: .jsonl/.json are JSON Lines, the rest plain text */
    PRECIS_INPUT_TEXT,
    PRECIS_INPUT_JSONL
} precis_input_format;

typedef struct precis_read_options {
    precis_input_format format;
    int default_year; /* year for datelines without one (--year); 0 = none */
    int no_title;     /* never take the first line as a title */
} precis_read_options;

/* A span of bytes [start, end) in an article's text. */
typedef struct precis_span {
    size_t start;
    size_t end;
} precis_span;

/* The reader walks inputs in order: files, directories (recursively, *.txt, *.jsonl, *.json,
 * sorted by byte order of the path) and "-" for standard input. opts may be NULL. */
precis_status precis_reader_new(const precis_read_options *opts, precis_reader **out);
void precis_reader_free(precis_reader *r);
/* Queues an input path ("-" = stdin). Directories are expanded when reached. */
precis_status precis_reader_add(precis_reader *r, const char *path);
/* Reads a whole text or JSON Lines document given in memory as if it were a file named
 * path (used by fuzzers and tests). The bytes are copied. */
precis_status precis_reader_add_memory(precis_reader *r, const char *path, const char *data,
                                       size_t len);

/* Returns the next article in *out (caller frees with precis_article_free()), or PRECIS_OK
 * with *out == NULL at the end. A failure concerns one input (an unreadable file, a bad JSON
 * line, a binary file): the call returns the error with *out == NULL, precis_reader_error()
 * says which file and line, and the next call goes on with the rest. */
precis_status precis_reader_next(precis_reader *r, precis_article **out);

/* Detail of the last error or warning: "file:line: reason" or "file: reason". Borrowed,
 * valid until the next call on r. "" when none. */
const char *precis_reader_error(const precis_reader *r);

/* Warnings that did not stop an article from being read (e.g. "read as Windows-1252") are
 * queued; each call pops one (borrowed, valid until the next call on r) or returns NULL. */
const char *precis_reader_warning(precis_reader *r);

void precis_article_free(precis_article *a);

/* Accessors: borrowed strings, valid until precis_article_free(); NULL when absent. */
const char *precis_article_id(const precis_article *a);   /* never NULL */
const char *precis_article_path(const precis_article *a); /* never NULL; "-" for stdin */
const char *precis_article_title(const precis_article *a);
const char *precis_article_place(const precis_article *a);  /* from the dateline */
const char *precis_article_agency(const precis_article *a); /* from the dateline */
const char *precis_article_lang(const precis_article *a);   /* as declared by the input */
precis_date precis_article_date(const precis_article *a);
/* Line number of the article in a JSON Lines file (1-based); 0 for plain text. */
size_t precis_article_line(const precis_article *a);

/* The article's whole text as UTF-8 (a plain file's bytes after BOM removal or Windows-1252
 * conversion; a JSON record's "text"). All offsets below index into it. */
const char *precis_article_text(const precis_article *a, size_t *len);
/* Where the body starts and ends in the text (after front matter, title and dateline). */
precis_span precis_article_body(const precis_article *a);
/* Paragraphs of the body: blank lines and indented lines start a new one. */
size_t precis_article_paragraph_count(const precis_article *a);
precis_span precis_article_paragraph(const precis_article *a, size_t i);

/* ---- Languages --------------------------------------------------------------------------- */

/* The languages precis knows: ISO 639-1 codes of every Snowball stemmer ("en", "ru", ...),
 * NULL-terminated, sorted. Borrowed, static. */
const char *const *precis_languages(void);
/* Maps "en", "english", "EN" to "en"; NULL when unknown. Static string. */
const char *precis_language_code(const char *name);
/* English name of a code ("en" -> "english"); NULL when unknown. Static string. */
const char *precis_language_name(const char *code);

/* ---- Analysis: sentences and tokens ------------------------------------------------------ */

typedef struct precis_pipeline precis_pipeline;
typedef struct precis_doc precis_doc;

typedef struct precis_pipeline_options {
    const char *lang;           /* ISO code, name, or NULL/"auto" to detect per article */
    const char *stopwords_file; /* extra stopwords, one a line, added to every language; NULL */
    int keep_stopwords;         /* do not flag stopwords */
} precis_pipeline_options;

/* A pipeline holds what is shared by every article of a run: stopword lists, stemmers and
 * their caches, and the term vocabulary (each distinct string interned once). Not
 * thread-safe; one per thread. opts may be NULL. */
precis_status precis_pipeline_new(const precis_pipeline_options *opts, precis_pipeline **out);
void precis_pipeline_free(precis_pipeline *p);
/* Detail of the last error (e.g. the stopwords file that failed); borrowed. */
const char *precis_pipeline_error(const precis_pipeline *p);

/* Splits, tokenises, flags stopwords and stems one article. The doc borrows the article:
 * free the doc first. Caller frees *out with precis_doc_free(). */
precis_status precis_pipeline_analyze(precis_pipeline *p, const precis_article *a,
                                      precis_doc **out);
void precis_doc_free(precis_doc *d);

/* The language used for the article: declared, forced by options, or detected. Static. */
const char *precis_doc_lang(const precis_doc *d);

typedef struct precis_sentence {
    size_t start;                    /* byte offset in the article text, trimmed */
    size_t end;                      /* one past the last byte */
    size_t paragraph;                /* index of the paragraph it lies in */
    size_t first_token, token_count; /* its tokens in precis_doc_token() */
} precis_sentence;

typedef enum precis_token_kind {
    PRECIS_TOKEN_WORD = 0, /* letters, with inner apostrophes and hyphens */
    PRECIS_TOKEN_NUMBER,   /* 76%, $1.13bn, 10.9, 2022-06-07 */
    PRECIS_TOKEN_ACRONYM,  /* U.S., e.g. */
    PRECIS_TOKEN_URL,
    PRECIS_TOKEN_EMAIL,
    PRECIS_TOKEN_SYMBOL /* anything else that is not space or punctuation */
} precis_token_kind;

/* The largest article precis analyses, in bytes: token offsets are 32 bits, which keeps a
 * token at 24 bytes (the two-pass commands keep every article's tokens in memory). A file
 * larger than this is reported and skipped. */
#define PRECIS_ARTICLE_MAX ((size_t)UINT32_MAX)

typedef struct precis_token {
    uint32_t start, end; /* bytes of the surface form in the article text */
    uint32_t sentence;   /* index of its sentence */
    uint32_t norm;       /* term id of the normalised form (NFKC, case-folded) */
    uint32_t stem;       /* term id of the stem (== norm for non-words) */
    uint8_t kind;        /* precis_token_kind */
    uint8_t stop;        /* 1 when a stopword of the document's language */
} precis_token;

size_t precis_doc_sentence_count(const precis_doc *d);
/* Borrowed pointer into the doc, valid until precis_doc_free(). i < count. */
const precis_sentence *precis_doc_sentence(const precis_doc *d, size_t i);
size_t precis_doc_token_count(const precis_doc *d);
const precis_token *precis_doc_token(const precis_doc *d, size_t i);

/* The string of a term id (NUL-terminated, *len its length if len != NULL). Borrowed, valid
 * until precis_pipeline_free(). */
const char *precis_pipeline_term(const precis_pipeline *p, uint32_t id, size_t *len);
/* Number of distinct terms interned so far (ids are 0..count-1). */
size_t precis_pipeline_term_count(const precis_pipeline *p);

/* The title's tokens (offsets into precis_article_title(); sentence is 0); none when the
 * article has no title. Borrowed, valid until precis_doc_free(). */
size_t precis_doc_title_token_count(const precis_doc *d);
const precis_token *precis_doc_title_token(const precis_doc *d, size_t i);
/* The article the doc was made from (borrowed). */
const precis_article *precis_doc_article(const precis_doc *d);

/* ---- Corpus statistics, summaries and keywords (summarize, keywords, corpus, weight) ----- */
/* (section owned by the summaries/keywords modules) */

/* Document frequencies over a collection, keyed by term string (stems, and "stem1 stem2" /
 * "stem1 stem2 stem3" phrase keys of consecutive non-stopword words inside a sentence), so
 * docs analysed by different pipelines share one table. Not thread-safe: one writer. */
typedef struct precis_corpus precis_corpus;

precis_status precis_corpus_new(precis_corpus **out); /* caller frees with precis_corpus_free() */
void precis_corpus_free(precis_corpus *c);
/* Counts one document: each distinct term of d (its non-stopword stems, its phrase keys,
 * title included) once. p is the pipeline that analysed d (for the term strings). */
precis_status precis_corpus_add(precis_corpus *c, const precis_pipeline *p, const precis_doc *d);
size_t precis_corpus_doc_count(const precis_corpus *c);
/* Number of documents holding term[0..len); 0 when unknown. */
size_t precis_corpus_df(const precis_corpus *c, const char *term, size_t len);
/* Writes "precis-idf 1\tN=<docs>" then "term\tdf" lines sorted by term (byte order). */
precis_status precis_corpus_save(const precis_corpus *c, const char *path);
/* Merges a saved table into c (document counts and dfs add up). PRECIS_EIO or PRECIS_EPARSE
 * with "path:line: reason" in precis_corpus_error(); c is unchanged on failure. */
precis_status precis_corpus_load(precis_corpus *c, const char *path);
/* Detail of the last error; borrowed, valid until the next call on c; "" when none. */
const char *precis_corpus_error(const precis_corpus *c);
/* Adds df documents holding term[0..len) (e.g. counts kept elsewhere, such as a corpus
 * store); the document count is raised separately with precis_corpus_add_docs(). */
precis_status precis_corpus_add_df(precis_corpus *c, const char *term, size_t len, size_t df);
void precis_corpus_add_docs(precis_corpus *c, size_t docs);

/* The corpus as seen by one pipeline: it remembers which corpus term each of p's stems is, so
 * that counting docs of p, and looking up their stems, stop hashing strings. c and p are
 * borrowed and must outlive it. Not thread-safe: one view per thread and pipeline, used only
 * where c itself may be (while other threads add to c, under the same lock). The view stays
 * valid whatever is added to c. Caller frees with precis_corpus_view_free(). */
typedef struct precis_corpus_view precis_corpus_view;

precis_status precis_corpus_view_new(precis_corpus *c, const precis_pipeline *p,
                                     precis_corpus_view **out);
void precis_corpus_view_free(precis_corpus_view *v);
/* precis_corpus_add() of d, analysed by the view's pipeline, to the view's corpus. */
precis_status precis_corpus_view_add(precis_corpus_view *v, const precis_doc *d);
/* precis_corpus_view_add() in two steps, so that threads sharing a corpus hold its lock only
 * for the second: gather gathers d's terms in v without touching the corpus (no lock
 * needed), count then looks them up and counts d (under the lock). PRECIS_EINVAL when count
 * has no gathered doc. */
precis_status precis_corpus_view_gather(precis_corpus_view *v, const precis_doc *d);
precis_status precis_corpus_view_count(precis_corpus_view *v);

typedef enum precis_summary_method {
    PRECIS_SUMMARY_DEFAULT = 0, /* news-tuned: lead prior, TextRank, title, length, MMR */
    PRECIS_SUMMARY_LEAD,        /* the first sentences */
    PRECIS_SUMMARY_LUHN,        /* Luhn 1958: clusters of significant words */
    PRECIS_SUMMARY_TFIDF,       /* cosine with the document's TF-IDF centroid (Radev 2004) */
    PRECIS_SUMMARY_TEXTRANK,    /* Mihalcea & Tarau 2004 */
    PRECIS_SUMMARY_LEXRANK,     /* Erkan & Radev 2004 (continuous, or thresholded) */
    PRECIS_SUMMARY_LSA,         /* Gong & Liu 2001, Steinberger & Jezek 2004 */
    PRECIS_SUMMARY_SUMBASIC,    /* Nenkova & Vanderwende 2005 */
    PRECIS_SUMMARY_KL           /* Haghighi & Vanderwende 2009 (KLSum) */
} precis_summary_method;

/* "default", "lead", "luhn", ... for a method (static), NULL when out of range. */
const char *precis_summary_method_name(precis_summary_method m);
/* The method named s (as above); PRECIS_EINVAL when unknown. */
precis_status precis_summary_method_parse(const char *s, precis_summary_method *out);
/* 1 when method m weighs terms by document frequencies (tfidf, lexrank, lsa), which then come
 * from the corpus given to precis_summarize(); 0 when it reads the article alone, so that a
 * caller need not count a corpus for it. */
int precis_summary_method_uses_idf(precis_summary_method m);

/* Length: the tightest of sentences, ratio and words that are set; when none is set, 3
 * sentences. A summary always has at least one sentence when the doc has one. */
typedef struct precis_summary_options {
    precis_summary_method method;
    size_t sentences;         /* at most this many sentences; 0 = not set */
    double ratio;             /* at most this share (0..1] of the doc's words; 0 = not set */
    size_t words;             /* at most this many words, never cutting a sentence; 0 = not set */
    double mmr_lambda;        /* MMR relevance/redundancy trade-off in (0,1]; 0 = 0.85 */
    double lexrank_threshold; /* lexrank: edges above it weigh 1; 0 = continuous LexRank */
} precis_summary_options;

/* Chosen sentences in document order, with the method's score for each. */
typedef struct precis_summary {
    size_t count;
    size_t *sentence; /* indices into precis_doc_sentence() */
    double *score;
} precis_summary;

/* Summarises d (analysed by p). corpus gives document frequencies when it holds 2 or more
 * docs; otherwise (or when NULL) the doc's sentences stand in for documents. opts may be
 * NULL. Caller frees *out with precis_summary_free(). */
precis_status precis_summarize(const precis_pipeline *p, const precis_doc *d,
                               const precis_corpus *corpus, const precis_summary_options *opts,
                               precis_summary **out);
/* precis_summarize() of d (analysed by the view's pipeline) against the view's corpus, the
 * same summary found faster when the view is used for many docs. */
precis_status precis_summarize_view(precis_corpus_view *v, const precis_doc *d,
                                    const precis_summary_options *opts, precis_summary **out);
void precis_summary_free(precis_summary *s);

/* Keywords: single words and phrases of up to max_words consecutive content words, grouped by
 * their stem sequence so that inflections merge, each shown in its most frequent surface form. */
typedef struct precis_keyword_options {
    size_t k;         /* at most this many keywords; 0 = 10 */
    size_t max_words; /* longest phrase, in words (1..5); 0 = 3 */
} precis_keyword_options;

typedef struct precis_keyword {
    const char *text; /* most frequent surface form, mid-sentence uses counting double so a
                         sentence-initial capital does not win (ties: the first seen) */
    const char *key;  /* stems joined by spaces, as counted by precis_corpus_df() */
    size_t words;     /* number of words in the phrase */
    size_t count;     /* occurrences in the title and the body */
    size_t first;     /* byte offset of the first occurrence in the article text;
                         SIZE_MAX when it occurs only in the title */
    double score;     /* higher is better; only comparable within one list */
} precis_keyword;

/* Keywords best first; ties broken by first occurrence, then by key (byte order). */
typedef struct precis_keywords {
    size_t count;
    precis_keyword *keyword;
} precis_keywords;

/* Extracts keywords from d (analysed by p). corpus gives document frequencies when it holds
 * 2 or more docs; otherwise (or when NULL) the doc's sentences stand in for documents. opts
 * may be NULL. The strings are owned by the result: caller frees *out with
 * precis_keywords_free(). */
precis_status precis_keywords_extract(const precis_pipeline *p, const precis_doc *d,
                                      const precis_corpus *corpus,
                                      const precis_keyword_options *opts, precis_keywords **out);
/* precis_keywords_extract() of d (analysed by the view's pipeline) against the view's corpus,
 * the same keywords found faster when the view is used for many docs. */
precis_status precis_keywords_extract_view(precis_corpus_view *v, const precis_doc *d,
                                           const precis_keyword_options *opts,
                                           precis_keywords **out);
void precis_keywords_free(precis_keywords *k);

/* Evaluation with the conventions of Google's rouge-score: lowercase, tokens are runs of
 * [a-z0-9], tokens longer than 3 characters Porter-stemmed (Snowball "porter"). */
typedef struct precis_prf {
    double precision, recall, f1;
} precis_prf;

typedef struct precis_rouge_scores {
    precis_prf rouge1, rouge2, rougel; /* unigram and bigram overlap; longest common subsequence */
} precis_rouge_scores;

/* Holds the stemmer and a token cache; not thread-safe. Caller frees with precis_rouge_free(). */
typedef struct precis_rouge precis_rouge;
precis_status precis_rouge_new(precis_rouge **out);
void precis_rouge_free(precis_rouge *r);
/* Scores a candidate summary against one reference (both UTF-8; non-ASCII bytes separate
 * tokens). With no tokens on a side its scores are 0. */
precis_status precis_rouge_score(precis_rouge *r, const char *cand, size_t cand_len,
                                 const char *ref, size_t ref_len, precis_rouge_scores *out);
/* Keyphrase precision/recall/F1 at k: every phrase lowercased, split on non-alphanumerics,
 * each token Porter-stemmed (but for words of 1-2 letters, as Porter's own code does);
 * stemmed phrases must match exactly. Duplicates after stemming are removed (predictions
 * keep their order), then the first k predictions are compared with all gold phrases.
 * Empty phrases are ignored. */
precis_status precis_rouge_keywords(precis_rouge *r, const char *const *pred, size_t npred,
                                    const char *const *gold, size_t ngold, size_t k,
                                    precis_prf *out);

/* Term statistics over a collection (terms.c): each document's TF-IDF vector, and per term
 * its total frequency, document frequency, IDF and the documents where it weighs most. Keys
 * are those of precis_corpus: non-stopword stems, and phrase keys "stem1 stem2[ stem3]". */
typedef enum precis_tf_variant {
    PRECIS_TF_LOG = 0,   /* 1 + ln tf (Salton & Buckley 1988) */
    PRECIS_TF_RAW,       /* tf */
    PRECIS_TF_AUGMENTED, /* 0.5 + 0.5 tf / max tf of the document */
    PRECIS_TF_BM25       /* tf (k1 + 1) / (tf + k1 (1 - b + b len / avglen)), k1 = 1.2, b = 0.75 */
} precis_tf_variant;

typedef enum precis_idf_variant {
    PRECIS_IDF_SMOOTH = 0,   /* ln((1 + N) / (1 + df)) + 1, as scikit-learn's smooth_idf */
    PRECIS_IDF_PLAIN,        /* ln(N / df) */
    PRECIS_IDF_PROBABILISTIC /* max(0, ln((N - df) / df)) (Robertson & Sparck Jones) */
} precis_idf_variant;

typedef struct precis_terms_options {
    size_t max_words; /* longest phrase key, 1..3; 0 = 1 (single words only) */
    precis_tf_variant tf;
    precis_idf_variant idf;
    int no_norm;     /* keep raw TF-IDF weights; by default each document's vector is
                        scaled to unit Euclidean length (cosine normalisation) */
    double avglen;   /* BM25: mean document length in term tokens over the collection
                        (see precis_terms_doc_length); 0 = len / avglen taken as 1 */
    size_t top_docs; /* precis_terms_new: best documents kept per term; 0 = none */
} precis_terms_options;

/* One term of a document's vector. Strings are borrowed from the vector. */
typedef struct precis_term_weight {
    const char *term; /* the document's most frequent normalised form (ties: byte order) */
    const char *key;  /* stems joined by one space, as precis_corpus_df() counts them */
    size_t words;     /* words in the key */
    uint64_t tf;      /* occurrences in the document, title and body */
    size_t df;        /* documents of the corpus holding the key (0: never seen) */
    double idf;       /* of the chosen variant with N = precis_corpus_doc_count() */
    double weight;    /* TF variant x idf, cosine-normalised unless no_norm */
} precis_term_weight;

typedef struct precis_term_vector precis_term_vector;

/* The TF-IDF vector of d (analysed by p) against corpus c (borrowed; only read, so several
 * threads may share it; NULL weighs as a collection of one document). o may be NULL for the
 * defaults. PRECIS_EINVAL for options out of range. Caller frees *out with
 * precis_terms_vector_free(). */
precis_status precis_terms_vector(const precis_pipeline *p, const precis_doc *d,
                                  const precis_corpus *c, const precis_terms_options *o,
                                  precis_term_vector **out);
void precis_terms_vector_free(precis_term_vector *v);
size_t precis_terms_vector_count(const precis_term_vector *v);
/* Term i, largest weight first (ties: key byte order); borrowed, valid until the vector is
 * freed. NULL when i is out of range. */
const precis_term_weight *precis_terms_vector_at(const precis_term_vector *v, size_t i);
/* BM25's document length: term tokens (non-stopword, non-symbol) of title and body. */
size_t precis_terms_doc_length(const precis_doc *d);

/* Accumulates term statistics over documents, one vector at a time. Memory grows with the
 * vocabulary (counters, and up to top_docs best documents a term, fewer when it is in fewer
 * documents) and with the number of documents (their ids), never with their text. Not
 * thread-safe: one writer. */
typedef struct precis_terms precis_terms;

/* o may be NULL; only top_docs is used (the vectors carry the rest; more than UINT32_MAX is
 * PRECIS_EINVAL). Caller frees *out with precis_terms_free(). */
precis_status precis_terms_new(const precis_terms_options *o, precis_terms **out);
void precis_terms_free(precis_terms *t);
/* Adds document number seq (unique, e.g. its place in the input order; it breaks ties
 * between documents, so the result does not depend on the order of the calls) with id
 * (copied). PRECIS_EINVAL when seq was added before; after PRECIS_ENOMEM t may hold part of
 * the document. */
precis_status precis_terms_add(precis_terms *t, const precis_term_vector *v, size_t seq,
                               const char *id);

typedef enum precis_terms_sort {
    PRECIS_TERMS_BY_FREQ = 0, /* total frequency, largest first */
    PRECIS_TERMS_BY_DF,       /* document frequency, largest first */
    PRECIS_TERMS_BY_IDF,      /* IDF, largest (rarest) first */
    PRECIS_TERMS_BY_TERM      /* the form shown, byte order */
} precis_terms_sort;

typedef struct precis_terms_select {
    precis_terms_sort sort; /* ties always by key, byte order */
    uint64_t min_freq;      /* keep terms occurring at least this often */
    size_t min_df;          /* ... in at least this many documents of the corpus */
    size_t limit;           /* at most this many rows; 0 = all */
} precis_terms_select;

typedef struct precis_term_doc {
    const char *id; /* as given to precis_terms_add() */
    size_t seq;
    double weight; /* the term's TF-IDF weight in that document */
} precis_term_doc;

typedef struct precis_term_stat {
    const char *term; /* most frequent normalised form over all documents (ties: byte order) */
    const char *key;  /* stems joined by one space */
    size_t words;
    uint64_t freq; /* occurrences in all documents added */
    size_t df;     /* documents of the corpus holding the key (0: not in the corpus) */
    double idf;
    size_t ntop;          /* at most top_docs */
    precis_term_doc *top; /* largest weight first, ties: smaller seq */
} precis_term_stat;

typedef struct precis_term_stats {
    size_t count;
    precis_term_stat *term;
    size_t docs;  /* documents added */
    size_t terms; /* distinct keys seen, before min_freq, min_df and limit */
} precis_term_stats;

/* The statistics of every term added, with df and IDF (of variant idf) from corpus c (the one
 * the vectors were weighed against), filtered and sorted by sel (NULL: all, by
 * frequency). The strings are borrowed from t: valid until the next precis_terms_add() or
 * precis_terms_free(). Caller frees *out with precis_terms_stats_free(). */
precis_status precis_terms_stats(const precis_terms *t, const precis_corpus *c,
                                 precis_idf_variant idf, const precis_terms_select *sel,
                                 precis_term_stats **out);
void precis_terms_stats_free(precis_term_stats *s);

/* ---- Corpus store and trends (store, trends, keyness) ------------------------------------ */
/* (section owned by the store/trends modules) */

/* Term counts of one set of articles (a period, a target or a reference corpus), keyed by
 * term string exactly as precis_corpus_df() keys them: the stem of a non-stopword token, and
 * phrase keys of up to max_words adjacent non-stopword words of one sentence, stems joined by
 * one space. For each key: tokens (occurrences) and docs (articles holding it), and a surface
 * form to show (the most frequent normalised form; ties: byte order). Totals are the number
 * of term tokens (single-word keys only, the denominator of relative frequencies) and of
 * articles. Not thread-safe: one writer; tables of several threads are merged with
 * precis_counts_merge(). */
typedef struct precis_counts precis_counts;

precis_status precis_counts_new(precis_counts **out); /* caller frees with precis_counts_free() */
void precis_counts_free(precis_counts *c);
/* Adds tokens and docs to key[0..keylen) (created when new). surface may be NULL (the key is
 * then its own surface form); when given it counts tokens votes for the shown form. */
precis_status precis_counts_add_term(precis_counts *c, const char *key, size_t keylen,
                                     const char *surface, uint64_t tokens, uint64_t docs);
/* Adds to the totals: term tokens and articles. */
precis_status precis_counts_add_totals(precis_counts *c, uint64_t tokens, uint64_t docs);
/* Counts one analysed article (title and body): every term occurrence, each distinct key
 * once more in docs, its term tokens in the token total and 1 in the doc total. max_words
 * (1..3; 0 = 3) bounds phrase keys. p is the pipeline that analysed d. */
precis_status precis_counts_add_doc(precis_counts *c, const precis_pipeline *p, const precis_doc *d,
                                    size_t max_words);
/* Adds every key and the totals of src into dst. */
precis_status precis_counts_merge(precis_counts *dst, const precis_counts *src);

/* Number of keys; keys are indexed 0..n-1 in first-added order. */
size_t precis_counts_size(const precis_counts *c);
/* Key i: its key and surface form (borrowed, valid until the next change to c), tokens and
 * docs; any out-pointer may be NULL. PRECIS_EINVAL when i is out of range. */
precis_status precis_counts_term(const precis_counts *c, size_t i, const char **key,
                                 const char **surface, uint64_t *tokens, uint64_t *docs);
/* Tokens and docs of key[0..keylen); both 0 when absent. Out-pointers may be NULL. */
void precis_counts_lookup(const precis_counts *c, const char *key, size_t keylen, uint64_t *tokens,
                          uint64_t *docs);
uint64_t precis_counts_total_tokens(const precis_counts *c);
uint64_t precis_counts_total_docs(const precis_counts *c);

/* Periods: inclusive ranges of whole days. Written "2022-06-01..2022-06-07", "2022-06" (a
 * month), "2022-W23" (an ISO 8601 week, Monday to Sunday), "2022" (a year) or "2022-06-07"
 * (one day). */
typedef struct precis_period {
    precis_date from, to; /* complete dates, from <= to */
} precis_period;

/* Parses s into *out. PRECIS_EPARSE with a reason in *why (static text; why may be NULL)
 * when s is not one of the forms above, names a day that does not exist, or ends before it
 * starts. */
precis_status precis_period_parse(const char *s, precis_period *out, const char **why);
/* 1 when d (complete: year, month and day) lies inside p; 0 otherwise or when partial. */
int precis_period_contains(const precis_period *p, const precis_date *d);

/* Units of time series. */
typedef enum precis_period_unit {
    PRECIS_BY_DAY = 0,
    PRECIS_BY_WEEK, /* ISO 8601 weeks */
    PRECIS_BY_MONTH
} precis_period_unit;

/* Parses "day", "week" or "month"; PRECIS_EINVAL otherwise. */
precis_status precis_period_unit_parse(const char *s, precis_period_unit *out);
/* Number of the unit holding the complete date d, consecutive in time (day n + 1 follows day
 * n, ISO week n + 1 follows week n, month n + 1 follows month n). PRECIS_EINVAL when d is
 * partial or invalid. */
precis_status precis_period_index(const precis_date *d, precis_period_unit u, int64_t *out);
/* The period of unit number idx and its label ("2022-06-07", "2022-W23", "2022-06") in buf
 * (at least 16 bytes). Either out-pointer may be NULL. PRECIS_EINVAL when out of range. */
precis_status precis_period_of_index(int64_t idx, precis_period_unit u, precis_period *out,
                                     char *buf, size_t size);

/* Keyness of every term of a target corpus A against a reference corpus B (as in AntConc's
 * keyword list): log-likelihood G2 (Rayson & Garside 2000), its p-value adjusted for the
 * number of terms tested, Log Ratio (Hardie 2014), %DIFF (Gabrielatos & Marchi 2012) and BIC
 * (Wilson 2013). */
typedef enum precis_correction {
    PRECIS_CORRECTION_BONFERRONI = 0, /* p * m: family-wise error (the default) */
    PRECIS_CORRECTION_HOLM,           /* Holm 1979 step-down: family-wise error */
    PRECIS_CORRECTION_BH,             /* Benjamini & Hochberg 1995: false discovery rate */
    PRECIS_CORRECTION_NONE
} precis_correction;

/* Parses "bonferroni", "holm", "bh" (also "fdr") or "none"; PRECIS_EINVAL otherwise. */
precis_status precis_correction_parse(const char *s, precis_correction *out);

typedef enum precis_trends_sort {
    PRECIS_SORT_G2 = 0, /* largest G2 first */
    PRECIS_SORT_EFFECT  /* largest |Log Ratio| first, then G2 */
} precis_trends_sort;

typedef enum precis_trends_direction {
    PRECIS_DIRECTION_BOTH = 0,
    PRECIS_DIRECTION_UP,  /* relatively more frequent in A */
    PRECIS_DIRECTION_DOWN /* relatively rarer in A */
} precis_trends_direction;

typedef struct precis_trends_options {
    /* 0: a term's count is its occurrences against the corpus's term tokens; 1: the number
     * of articles holding it against the number of articles (Lijffijt et al. 2014: words
     * cluster in articles, so token counts overstate the evidence). */
    int dispersion;
    precis_correction correction;
    double alpha;      /* significance level after correction; 0 = 0.05 */
    uint64_t min_freq; /* test only terms with count_a + count_b >= min_freq */
    uint64_t min_docs; /* ... and docs_a + docs_b >= min_docs */
    double min_effect; /* show only terms with |Log Ratio| >= min_effect (after testing) */
    size_t max_words;  /* longest phrase key tested, 1..3; 0 = 3 */
    precis_trends_sort sort;
    precis_trends_direction direction; /* which rows to show (after testing) */
    size_t limit;                      /* at most this many rows; 0 = all */
    int all;                           /* show rows that are not significant too */
    /* Stems not to test: a key holding any of them as one of its words is skipped (and not
     * counted in m), e.g. the stems of a user's stopword list over counts already stored. */
    const char *const *exclude;
    size_t nexclude;
} precis_trends_options;

typedef struct precis_keyness_row {
    const char *term;          /* surface form shown (owned by the rows) */
    const char *key;           /* stems joined by spaces (owned by the rows) */
    uint64_t count_a, count_b; /* occurrences */
    uint64_t docs_a, docs_b;   /* articles holding the term */
    double per_million_a;      /* per million tokens (per million articles with dispersion) */
    double per_million_b;
    double g2, p, p_adj, log_ratio, pct_diff, bic;
    int direction;   /* +1 more frequent in A, -1 rarer, 0 equal */
    int significant; /* p_adj < alpha */
} precis_keyness_row;

typedef struct precis_keyness_rows {
    size_t count;
    precis_keyness_row *row;
    size_t tested;               /* m: terms tested, after min_freq and min_docs */
    size_t significant;          /* of which p_adj < alpha (before min_effect/direction) */
    uint64_t tokens_a, tokens_b; /* totals of the two corpora */
    uint64_t docs_a, docs_b;
} precis_keyness_rows;

/* Tests every term of a or b (both borrowed) and returns the rows to show in sort order (ties
 * by key, byte order). o may be NULL for the defaults. PRECIS_EINVAL when a corpus is empty
 * (no tokens, or no articles with dispersion) or an option is out of range; PRECIS_ENOMEM.
 * Caller frees *out with precis_keyness_rows_free(). */
precis_status precis_trends_keyness(const precis_counts *a, const precis_counts *b,
                                    const precis_trends_options *o, precis_keyness_rows **out);
void precis_keyness_rows_free(precis_keyness_rows *r);

/* Time series of terms over consecutive periods (one count table each). */
typedef struct precis_series_options {
    size_t smooth;      /* centred moving average width, odd; 0 or 1 = none */
    double burst_s;     /* Kleinberg's rate ratio s > 1; 0 = 2 */
    double burst_gamma; /* Kleinberg's gamma >= 0 (0 is a real value: no cost of going up);
                           a negative value means the default, 1 */
    size_t top;         /* with no terms given: the top terms by trend strength; 0 = 10 */
    uint64_t min_freq;  /* with no terms given: consider terms with at least this many
                           occurrences over all periods; 0 = 10 */
    size_t max_words;   /* with no terms given: longest phrase key, 1..3; 0 = 1 */
} precis_series_options;

typedef struct precis_series_burst {
    size_t start, end; /* periods [start, end) */
    unsigned level;
    double weight;
} precis_series_burst;

typedef struct precis_term_series {
    const char *term, *key; /* owned by the result */
    uint64_t *count;        /* occurrences per period */
    uint64_t *docs;         /* articles holding the term per period */
    double *per_million;    /* count per million tokens of the period (0 when it has none) */
    double *smoothed;       /* moving average of per_million */
    /* Mann-Kendall test (Mann 1945, Kendall 1975) on per_million over the periods that hold
     * articles, with the Theil-Sen slope (Sen 1968) in per million per period. */
    int64_t mk_s;
    double mk_z, mk_p, mk_tau, slope;
    size_t burst_count;
    precis_series_burst *burst; /* Kleinberg 2002 bursts of docs among the period's articles */
} precis_term_series;

typedef struct precis_series {
    size_t periods;          /* n */
    uint64_t *tokens, *docs; /* totals per period */
    size_t count;            /* terms */
    precis_term_series *term;
} precis_series;

/* Builds series for the keys keys[0..nkeys) (in that order; a key absent everywhere gets
 * zeros) or, when keys is NULL, for the o->top keys with the strongest trends (smallest
 * Mann-Kendall p, then largest |slope|, then key byte order). periods[0..n) are borrowed.
 * Periods without articles are left out of the statistics. Caller frees *out with
 * precis_series_free(). */
precis_status precis_trends_series(const precis_counts *const *periods, size_t n,
                                   const char *const *keys, size_t nkeys,
                                   const precis_series_options *o, precis_series **out);
void precis_series_free(precis_series *s);

/* The key under which text is counted: its non-stopword words stemmed by the pipeline and
 * joined by one space (as precis_counts_add_doc forms keys). lang (a code or name) is the
 * language to read text in, as a few words are too short to detect one; NULL leaves it to
 * the pipeline. *out is a NUL-terminated string the caller frees with free().
 * PRECIS_ENOTFOUND when text holds no term. */
precis_status precis_trends_term_key(precis_pipeline *p, const char *text, const char *lang,
                                     char **out);

/* ---- the corpus store (store.c) ---- */

/* The corpus store: articles and their term counts in one SQLite file (WAL journal, so
 * readers may query while one writer adds), with per-day aggregates so that a period's
 * counts are a sum over its days. Terms are the keys of precis_corpus (non-stopword stems
 * and "stem1 stem2[ stem3]" phrase keys), each with the surface forms it was written in (its
 * normalised, case-folded words) and their tokens, so the form shown is the most frequent one,
 * as precis_counts_add_doc() counts them. One handle per thread. */
typedef struct precis_store precis_store;

enum {
    PRECIS_STORE_READONLY = 0, /* open an existing store for queries */
    PRECIS_STORE_WRITE = 1,    /* open for adding articles */
    PRECIS_STORE_CREATE = 2,   /* with WRITE: create the file and schema when absent */
    PRECIS_STORE_DRY_RUN = 4   /* with WRITE: do all the work of adding but write nothing
                                  (a missing file is replaced by an empty in-memory store) */
};

/* Opens path. A file that is not a precis store, or a store of another schema version, gives
 * PRECIS_EDB; then, when err_out != NULL, *err_out gets "path: not a precis store" or "path:
 * schema version N, this precis needs M" (caller frees with free(); NULL when out of memory).
 * A missing file without CREATE gives PRECIS_ENOTFOUND ("path: no such store"). Caller frees
 * *out with precis_store_close(). */
precis_status precis_store_open(const char *path, unsigned flags, precis_store **out,
                                char **err_out);
/* Rolls back a batch that was not committed, then closes. Accepts NULL. */
void precis_store_close(precis_store *s);
/* Detail of the last error ("path: reason"); borrowed, valid until the next call on s. */
const char *precis_store_error(const precis_store *s);

/* Batches: every add between begin and commit becomes visible at once, or (rollback, a
 * crash, kill -9, a full disk) not at all. After a failed add, roll the batch back. The
 * per-day counts are written at commit: queries inside a batch see them as they were. */
precis_status precis_store_begin(precis_store *s);
precis_status precis_store_commit(precis_store *s);
precis_status precis_store_rollback(precis_store *s);

typedef enum precis_store_policy {
    PRECIS_STORE_UPDATE = 0, /* add new ids; replace a known id when its text changed */
    PRECIS_STORE_REPLACE,    /* always replace a known id */
    PRECIS_STORE_SKIP        /* never touch a known id */
} precis_store_policy;

typedef enum precis_store_outcome {
    PRECIS_STORE_ADDED = 0,
    PRECIS_STORE_REPLACED,
    PRECIS_STORE_UNCHANGED, /* same id, same text hash */
    PRECIS_STORE_SKIPPED    /* known id left alone by PRECIS_STORE_SKIP */
} precis_store_outcome;

typedef struct precis_store_add_options {
    precis_store_policy policy;
    precis_date date; /* used when the article has no full date of its own and this is one;
                         e.g. from the file's path */
} precis_store_add_options;

/* Adds doc d (analysed by p) inside a batch: id, path, title, date, language, FNV-1a 64 hash
 * of the text, and its term counts (title and body). Only a full date (year, month, day)
 * puts the article into the per-day aggregates; others are stored and counted as undated.
 * opts may be NULL. */
precis_status precis_store_add(precis_store *s, const precis_pipeline *p, const precis_doc *d,
                               const precis_store_add_options *opts, precis_store_outcome *outcome);

/* Term counts of the dated articles of the days from..to (inclusive full dates; NULL = open
 * end): fn is called once per term with tokens > 0, in term-id order (fixed for a given
 * store). tokens counts occurrences; docs the articles holding the term. *tokens and *docs
 * (when not NULL) get the period's totals: term tokens (words that are terms, title and body)
 * and articles. A non-OK status from fn stops the walk and is returned. */
typedef precis_status (*precis_store_term_fn)(void *ctx, const char *key, size_t keylen,
                                              const char *surface, uint64_t tokens, uint64_t docs);
precis_status precis_store_terms(precis_store *s, const precis_date *from, const precis_date *to,
                                 precis_store_term_fn fn, void *ctx, uint64_t *tokens,
                                 uint64_t *docs);

/* A time series: fn is called for every day from..to in order (NULL = the first/last dated
 * day in the store), empty days included, with the day's totals and, for each of the nkeys
 * term keys, its tokens and docs that day (arrays of nkeys, borrowed for the call). */
typedef precis_status (*precis_store_day_fn)(void *ctx, const precis_date *day, uint64_t tokens,
                                             uint64_t docs, const uint64_t *key_tokens,
                                             const uint64_t *key_docs);
precis_status precis_store_series(precis_store *s, const precis_date *from, const precis_date *to,
                                  const char *const *keys, size_t nkeys, precis_store_day_fn fn,
                                  void *ctx);

/* Adds the document frequencies of every stored article (dated or not) to c, so that one new
 * article is weighed against the whole store. */
precis_status precis_store_load_corpus(precis_store *s, precis_corpus *c);

/* Adds the counts of the dated articles of from..to (inclusive full dates; NULL = open end)
 * to out: every term (with its surface form's tokens as votes) and the totals. */
precis_status precis_store_counts(precis_store *s, const precis_date *from, const precis_date *to,
                                  precis_counts *out);

typedef struct precis_stats_count {
    char name[16];     /* a period label or a language code ("" = unknown language) */
    uint64_t articles; /* articles */
    uint64_t tokens;   /* term tokens (periods only) */
} precis_stats_count;

typedef struct precis_stats {
    uint64_t articles, dated, undated; /* dated: with a full date */
    uint64_t tokens;                   /* term tokens of every article */
    uint64_t vocabulary;               /* distinct term keys with tokens > 0 */
    precis_date first, last;           /* dated range; zero when none is dated */
    size_t nlangs;                     /* languages, most articles first, then by code */
    precis_stats_count *langs;
    size_t nperiods; /* periods holding articles, in time order */
    precis_stats_count *periods;
} precis_stats;

/* Caller frees *out with precis_stats_free(). */
/* by: the unit of the per-period article counts; labels as precis_period_of_index() gives. */
precis_status precis_store_stats(precis_store *s, precis_period_unit by, precis_stats **out);
void precis_stats_free(precis_stats *st);

#ifdef __cplusplus
}
#endif
#endif /* PRECIS_H */
