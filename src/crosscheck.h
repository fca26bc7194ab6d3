/*
 * crosscheck.h: the one public header of libcrosscheck.
 *
 * crosscheck reads news articles and reports where they disagree. The library runs the
 * pipeline stages (load -> segment -> time -> claims -> ...); the `crosscheck` program is a
 * thin client of this header like any other.
 *
 * Conventions
 * - Errors: functions return 0 or a negative cc_error. cc_errmsg() returns the message of the
 *   last error raised on this thread. Problems in *input* that do not stop the work (invalid
 *   UTF-8, an empty file, a date that does not exist) are reported as diagnostics through the
 *   callback in cc_options, never printed by the library.
 * - Ownership: an object made by cc_X_new() is freed by cc_X_free(). Every pointer returned by
 *   an accessor (strings, records) is borrowed from its owner and is valid until the owner is
 *   freed. Strings are UTF-8 and NUL-terminated.
 * - Offsets: a document's text is its file after decoding and normalization (NFC, CRLF -> LF,
 *   invalid bytes -> U+FFFD, BOM / NUL / zero-width characters dropped). Spans into that text
 *   are "text offsets"; cc_doc_raw_offset() maps any of them back to a byte offset in the
 *   original file. Spans are half-open [start, end).
 * - Thread safety: a cc_context is read-only after cc_context_new() and may be shared by
 *   threads; a cc_corpus and its documents belong to one thread at a time. The library
 *   itself runs loading, extraction and pair scoring on cc_options.jobs threads; the
 *   diagnostic and progress callbacks are still called on the calling thread only, in
 *   document order, so output never depends on the number of threads.
 */
#ifndef CROSSCHECK_H
#define CROSSCHECK_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define CC_EXPORT __attribute__((visibility("default")))
#else
#define CC_EXPORT
#endif

#define CROSSCHECK_VERSION "0.1.0"

/* ---- errors ------------------------------------------------------------------------------ */

typedef enum {
    CC_OK = 0,
    CC_ENOMEM = -1,    /* out of memory */
    CC_EIO = -2,       /* a file could not be read or written */
    CC_EINPUT = -3,    /* invalid input: the message names file and position */
    CC_EUSAGE = -4,    /* the caller passed something invalid */
    CC_ELIMIT = -5,    /* a configured limit was hit */
    CC_EINTERNAL = -6  /* a bug */
} cc_error;

/* The message of the last error raised on this thread ("" when none). */
CC_EXPORT const char *cc_errmsg(void);

/* ---- diagnostics ------------------------------------------------------------------------- */

typedef enum { CC_DIAG_NOTE, CC_DIAG_WARNING, CC_DIAG_ERROR } cc_diag_level;

typedef struct {
    cc_diag_level level;
    const char *code;    /* stable short identifier, e.g. "utf8-invalid", "binary-skipped" */
    const char *path;    /* the file concerned, or NULL */
    long line;           /* 1-based line in the file, 0 when not known */
    long column;         /* 1-based byte column, 0 when not known */
    long long offset;    /* byte offset in the file, -1 when not known */
    const char *message; /* one line, no trailing newline */
} cc_diag;

typedef void (*cc_diag_fn)(const cc_diag *diag, void *userdata);

/* Progress of long work: `done` of `total` units (files, documents) of `stage` ("load"). */
typedef void (*cc_progress_fn)(const char *stage, size_t done, size_t total, void *userdata);

/* Formats "path:line:col: level: message" (or path:@offset) into buf; returns buf. */
CC_EXPORT char *cc_diag_format(const cc_diag *diag, char *buf, size_t size);

/* ---- context: options, models and lexicons loaded once ----------------------------------- */

typedef struct cc_context cc_context;

typedef struct {
    const char *models_dir;  /* NULL: $CROSSCHECK_MODELS, else the compiled-in default */
    cc_diag_fn diag;         /* NULL: diagnostics are dropped */
    void *diag_data;
    int strict;              /* invalid UTF-8 and other repairable input become errors */
    size_t max_doc_bytes;    /* larger files are skipped with a warning */
    size_t max_sentence_bytes; /* longer sentences are split with a warning */
    int keep_boilerplate;    /* do not remove boilerplate (still reported as notes) */
    cc_progress_fn progress; /* NULL: no progress reports */
    void *progress_data;
    unsigned stages;         /* CC_STAGE_* whose data to load; 0: all of them */
    size_t max_claims;       /* claims per document; past it a warning and the rest skipped */
    int jobs;                /* worker threads (1..CC_MAX_JOBS); 0: the number of cores */
} cc_options;

/* Stages whose data a context loads (with what they need): a command that only tags time
 * expressions need not read the gazetteer. Calling a stage that was not loaded is CC_EUSAGE. */
enum {
    CC_STAGE_LOAD = 1 << 0,
    CC_STAGE_SEGMENT = 1 << 1,
    CC_STAGE_TIME = 1 << 2,
    CC_STAGE_CLAIMS = 1 << 3, /* needs load, segment, time */
    CC_STAGE_PAIRS = 1 << 4,  /* needs load, segment */
    CC_STAGE_CHECK = 1 << 5,  /* conflict rules; needs claims and pairs */
    CC_STAGE_ALL = (1 << 6) - 1
};

#define CC_MAX_DOC_BYTES_DEFAULT ((size_t)64 << 20)
#define CC_MAX_SENTENCE_BYTES_DEFAULT ((size_t)4096)
#define CC_MAX_CLAIMS_DEFAULT ((size_t)1000000)
#define CC_MAX_JOBS 256
#define CC_OPTIONS_INIT \
    { NULL, NULL, NULL, 0, CC_MAX_DOC_BYTES_DEFAULT, CC_MAX_SENTENCE_BYTES_DEFAULT, 0, NULL, NULL, 0, \
      CC_MAX_CLAIMS_DEFAULT, 0 }

/* Loads and validates the data files under the models directory (rules, lexicons,
 * abbreviations). A malformed file is an error naming file:line; jobs outside 0..CC_MAX_JOBS
 * is CC_EUSAGE. */
CC_EXPORT int cc_context_new(cc_context **out, const cc_options *opts);
/* The worker threads the context's work runs on (cc_options.jobs, 0 resolved). */
CC_EXPORT int cc_context_jobs(const cc_context *ctx);
CC_EXPORT void cc_context_free(cc_context *ctx);
CC_EXPORT const char *cc_context_models_dir(const cc_context *ctx);
/* Hex checksum over every data file the context loaded (for report provenance). */
CC_EXPORT const char *cc_context_lexicon_checksum(const cc_context *ctx);

/* ---- dates ------------------------------------------------------------------------------- */

typedef struct {
    int year;  /* 0 when unknown */
    int month; /* 1-12, 0 when unknown */
    int day;   /* 1-31, 0 when unknown */
} cc_date;

typedef enum { CC_DATE_UNKNOWN = 0, CC_DATE_METADATA, CC_DATE_INFERRED } cc_date_source;

CC_EXPORT const char *cc_date_source_name(cc_date_source src);
/* 1 when y-m-d is a real calendar day (leap years included). */
CC_EXPORT int cc_date_valid(int year, int month, int day);

/* ---- documents and the load stage -------------------------------------------------------- */

typedef struct cc_doc cc_doc;
typedef struct cc_corpus cc_corpus;

typedef struct {
    size_t start, end;
} cc_span;

/* A piece of the text that boilerplate removal took out; kept so that debug output shows it. */
typedef struct {
    cc_span span;      /* text offsets of what was removed */
    const char *rule;  /* the rule's name in models/boilerplate.rules, or "metadata" */
} cc_removal;

CC_EXPORT int cc_corpus_new(cc_corpus **out, cc_context *ctx);
CC_EXPORT void cc_corpus_free(cc_corpus *corpus);

/* Adds a file, a directory (recursively: *.txt and *.md, sorted by path) or "-" (stdin).
 * Files that cannot be read are reported as diagnostics and skipped; the others are loaded.
 * Returns 0 when every file loaded, CC_EINPUT when any could not be, CC_ENOMEM. */
CC_EXPORT int cc_corpus_add_path(cc_corpus *corpus, const char *path);
/* Adds one document from memory (tests, fuzzing, stdin). `name` is used as its path. */
CC_EXPORT int cc_corpus_add_buffer(cc_corpus *corpus, const char *name, const char *data,
                                   size_t len);
/* Number of errors (unreadable files, strict-mode failures) seen so far. */
CC_EXPORT size_t cc_corpus_nerrors(const cc_corpus *corpus);

CC_EXPORT size_t cc_corpus_ndocs(const cc_corpus *corpus);
/* Document i, or NULL when i is out of range or the document was released. */
CC_EXPORT cc_doc *cc_corpus_doc(const cc_corpus *corpus, size_t i);
/* Frees document i once a streaming caller is done with it (indices do not move). Keeping
 * every token of a large corpus costs far more memory than the text itself. */
CC_EXPORT void cc_corpus_release(cc_corpus *corpus, size_t i);

CC_EXPORT const char *cc_doc_id(const cc_doc *doc);     /* stable id: relative path, no ext */
CC_EXPORT const char *cc_doc_path(const cc_doc *doc);   /* as given on the command line */
CC_EXPORT const char *cc_doc_checksum(const cc_doc *doc); /* hex hash of the file's bytes */
CC_EXPORT const char *cc_doc_text(const cc_doc *doc, size_t *len);
CC_EXPORT size_t cc_doc_raw_size(const cc_doc *doc);
/* Maps a text offset (0..len) to a byte offset in the original file. */
CC_EXPORT size_t cc_doc_raw_offset(const cc_doc *doc, size_t text_offset);
/* 1-based line and column (bytes) of a byte offset in the original file. */
CC_EXPORT void cc_doc_raw_linecol(const cc_doc *doc, size_t raw_offset, long *line, long *col);

/* Metadata: front matter, header block, manifest.tsv, or what the text gave ("title"). */
CC_EXPORT const char *cc_doc_meta(const cc_doc *doc, const char *key); /* NULL when absent */
CC_EXPORT size_t cc_doc_nmeta(const cc_doc *doc);
CC_EXPORT void cc_doc_meta_at(const cc_doc *doc, size_t i, const char **key, const char **value);
CC_EXPORT cc_date_source cc_doc_date(const cc_doc *doc, cc_date *out);
/* Why the date is what it is ("front matter line 2", "title line: date 2026-02-01"). */
CC_EXPORT const char *cc_doc_date_evidence(const cc_doc *doc);
/* The place of a dateline ("DAKAR, Senegal"), or NULL. */
CC_EXPORT const char *cc_doc_dateline(const cc_doc *doc);
CC_EXPORT size_t cc_doc_nremovals(const cc_doc *doc);
CC_EXPORT const cc_removal *cc_doc_removal(const cc_doc *doc, size_t i);

/* ---- the segment stage ------------------------------------------------------------------- */

typedef enum {
    CC_TOK_WORD,   /* letters, with inner apostrophes, hyphens, periods (U.S.) */
    CC_TOK_NUMBER, /* digits with separators: 1,000  3.5  80  2026-02-01 */
    CC_TOK_PUNCT,
    CC_TOK_SYMBOL  /* %, $, currency and other symbols */
} cc_token_kind;

enum {
    CC_TOKF_CAPITALIZED = 1 << 0, /* first letter upper case */
    CC_TOKF_ALLCAPS = 1 << 1,
    CC_TOKF_ABBREV = 1 << 2,      /* a known abbreviation ending in '.' */
    CC_TOKF_SENT_START = 1 << 3
};

typedef struct {
    cc_span span;      /* text offsets */
    const char *norm;  /* case-folded NFC form */
    const char *stem;  /* Snowball English stem of norm for words; norm otherwise */
    uint16_t kind;     /* cc_token_kind */
    uint16_t flags;    /* CC_TOKF_* */
} cc_token;

typedef enum {
    CC_SENT_BODY,
    CC_SENT_TITLE,     /* the document's title line */
    CC_SENT_HEADING,   /* a heading inside the text */
    CC_SENT_LIST_ITEM
} cc_sentence_kind;

typedef struct {
    cc_span span;        /* text offsets, trimmed of surrounding space */
    const char *text;    /* the sentence as read: inline removals dropped, space collapsed */
    size_t first_token;  /* index into cc_doc_tokens() */
    size_t ntokens;
    int kind;            /* cc_sentence_kind */
    int paragraph;       /* 0-based paragraph index */
} cc_sentence;

/* Splits the document into sentences and tokens (idempotent). */
CC_EXPORT int cc_doc_segment(cc_doc *doc, const cc_context *ctx);
CC_EXPORT size_t cc_doc_nsentences(const cc_doc *doc);
CC_EXPORT const cc_sentence *cc_doc_sentence(const cc_doc *doc, size_t i);
CC_EXPORT const cc_token *cc_doc_tokens(const cc_doc *doc, size_t *n);

/* ---- the time stage ---------------------------------------------------------------------- *
 * TIMEX3 expressions (DATE, TIME, DURATION, SET) with values that keep their granularity
 * ("2022", "2024-11", "2025-W45", "P1Y", "PAST_REF", "XXXX-WXX-5"). The rules are data under
 * models/time/. */

typedef enum { CC_TIMEX_DATE, CC_TIMEX_TIME, CC_TIMEX_DURATION, CC_TIMEX_SET } cc_timex_type;

typedef enum {
    CC_TIME_ABSOLUTE,     /* the text gives the value ("in 2022", "March 3, 2025") */
    CC_TIME_DCT,          /* resolved against the document creation time ("last month") */
    CC_TIME_EVENT,        /* resolved against a date the text gives for an event */
    CC_TIME_UNRESOLVED    /* needs a DCT or an anchor the text does not give */
} cc_time_resolution;

typedef struct {
    cc_span span;            /* text offsets */
    int type;                /* cc_timex_type */
    const char *value;       /* TIMEX3 value; with X placeholders when unresolved */
    int resolution;          /* cc_time_resolution */
    const char *rule;        /* the rule's name in models/time/rules.tsv */
    const char *anchor_text; /* the event or expression it hangs on, or NULL */
} cc_timex;

CC_EXPORT const char *cc_timex_type_name(int type);       /* "DATE", "TIME", ... */
CC_EXPORT const char *cc_time_resolution_name(int res);   /* "absolute", "dct", ... */

/* Tags text (valid UTF-8, len bytes) against dct (NULL or a zero year: unknown). *out is an
 * array of *n records sorted by span, owned by the caller: free it with cc_timex_free(). */
CC_EXPORT int cc_time_tag_text(cc_timex **out, size_t *n, const cc_context *ctx,
                               const char *text, size_t len, const cc_date *dct);
CC_EXPORT void cc_timex_free(cc_timex *timexes, size_t n);

/* Tags a loaded document (removed boilerplate skipped), infers its date from the text when
 * the metadata gave none (date source CC_DATE_INFERRED, with evidence) and keeps the
 * expressions on the document (idempotent). */
CC_EXPORT int cc_doc_time(cc_doc *doc, const cc_context *ctx);
/* The document's expressions (borrowed from the document), sorted by span. */
CC_EXPORT const cc_timex *cc_doc_timexes(const cc_doc *doc, size_t *n);

/* ---- the pairs stage: labelled pairs and the pair model ---------------------------------- *
 * A pair model gives P(same fact) (task same-fact) or P(paraphrase) (task paraphrase) for two
 * claim texts. It is a libsvm model (MODEL) with its metadata (MODEL.meta.json: feature set,
 * scaling ranges, libsvm parameters, seed, checksums, cross-validation figures, threshold)
 * and the idf table of its training data (MODEL.idf). */

typedef enum { CC_TASK_SAME_FACT = 0, CC_TASK_PARAPHRASE = 1 } cc_pair_task;

CC_EXPORT const char *cc_pair_task_name(cc_pair_task task);
/* Parses "same-fact" / "paraphrase"; returns 0 or CC_EUSAGE. */
CC_EXPORT int cc_pair_task_parse(cc_pair_task *out, const char *name);

typedef struct {
    const char *id;     /* the pair's id (project files) or "#1 ID/#2 ID" (MRPC) */
    const char *text_a, *text_b;
    const char *label_name; /* as written: same, conflict, different, 1, 0 */
    int label;          /* 1 positive, 0 negative, for the task the set was read for */
    const char *path;   /* file the pair came from */
    long line;          /* 1-based line in it */
} cc_pair;

typedef struct cc_pairset cc_pairset;

CC_EXPORT int cc_pairset_new(cc_pairset **out);
CC_EXPORT void cc_pairset_free(cc_pairset *ps);
/* Appends the pairs of a file: the project's pairs TSV (header "id label text_a ...") or
 * MRPC's format (header "Quality #1 ID #2 ID #1 String #2 String"; BOM, CRLF and control
 * bytes handled), told apart by the header. Labels are mapped for `task`: same-fact takes
 * same and conflict as positive; paraphrase takes only same (MRPC: Quality 1). An invalid
 * line is CC_EINPUT naming file:line; nothing of that file is kept then. */
CC_EXPORT int cc_pairset_add_file(cc_pairset *ps, const char *path, cc_pair_task task);
CC_EXPORT size_t cc_pairset_n(const cc_pairset *ps);
CC_EXPORT const cc_pair *cc_pairset_at(const cc_pairset *ps, size_t i);
/* Hex checksum over labels and texts in order (the training data checksum). */
CC_EXPORT const char *cc_pairset_checksum(const cc_pairset *ps);

typedef struct cc_pairmodel cc_pairmodel;

typedef struct {
    cc_pair_task task;
    int cv_folds;      /* folds of the grid search and of the reported figures (>= 2) */
    int threads;       /* worker threads for the grid search (0: 2) */
    unsigned seed;     /* seeds fold assignment and libsvm's probability fit */
} cc_train_options;

#define CC_TRAIN_OPTIONS_INIT {CC_TASK_SAME_FACT, 5, 0, 1}

/* Trains a model: features of every pair, a grid search over C and gamma by k-fold
 * cross-validation, then one probability model with the best parameters. The same data
 * and options give a byte-identical model. */
CC_EXPORT int cc_pairmodel_train(cc_pairmodel **out, const cc_context *ctx,
                                 const cc_pairset *ps, const cc_train_options *opts);
/* Writes MODEL, MODEL.meta.json and MODEL.idf, each atomically (temp file, fsync, rename). */
CC_EXPORT int cc_pairmodel_save(const cc_pairmodel *m, const char *path);
/* Loads and validates the three files; a truncated, empty or malformed file is CC_EINPUT
 * naming the file (and line). */
CC_EXPORT int cc_pairmodel_load(cc_pairmodel **out, const cc_context *ctx, const char *path);
CC_EXPORT void cc_pairmodel_free(cc_pairmodel *m);
/* P(positive) for two claim texts. */
CC_EXPORT int cc_pairmodel_predict(const cc_pairmodel *m, const char *text_a,
                                   const char *text_b, double *prob);
/* Probabilities at or above it count as positive. */
CC_EXPORT double cc_pairmodel_threshold(const cc_pairmodel *m);
CC_EXPORT cc_pair_task cc_pairmodel_task(const cc_pairmodel *m);
/* Cross-validation figures of the chosen parameters, from training (read from the meta). */
CC_EXPORT void cc_pairmodel_cv(const cc_pairmodel *m, double *accuracy, double *f1);
/* The feature set version of the model ("pf1"). */
CC_EXPORT const char *cc_pairmodel_feature_set(const cc_pairmodel *m);

/* ---- the claims stage -------------------------------------------------------------------- *
 * A claim is one checkable proposition, usually a clause of a sentence or title: "Mali and
 * Burkina Faso barred US citizens, a move that answers the US travel ban" gives two claims.
 * Each claim carries slots that the conflict engine compares (DESIGN section 6). Every
 * record and string below is borrowed from the document (valid until it is freed); spans
 * are text offsets (map them with cc_doc_raw_offset()). The lexicons are data under
 * models/claims/ and the country list of Debian's iso-codes package. */

typedef enum {
    CC_ENT_PERSON,
    CC_ENT_COUNTRY,      /* also its government ("Washington"), demonyms ("American") */
    CC_ENT_ORGANIZATION,
    CC_ENT_PLACE         /* cities, regions, airports */
} cc_entity_type;

/* One mention of an entity. Aliases share an id: "U.S.", "America", "Washington" (the
 * government) are all "country:US"; a later "Checker" is "person:nick-checker". */
typedef struct {
    cc_span span;
    const char *id;   /* "country:US", "org:ECOWAS", "person:nick-checker", "place:bamako" */
    const char *text; /* the surface form */
    int type;         /* cc_entity_type */
} cc_entity;

typedef enum { CC_ROLE_CURRENT, CC_ROLE_FORMER, CC_ROLE_ACTING, CC_ROLE_ELECT } cc_role_status;

/* A title held by a person: "former US President Donald Trump" -> (person:donald-trump,
 * "president", former). A bare title is current; retired and ex- are former. */
typedef struct {
    const char *person;   /* entity id of the holder */
    const char *title;    /* the title as the lexicon spells it, lower case */
    int status;           /* cc_role_status */
    cc_span span;         /* the title phrase with its modifiers */
    cc_span modifier;     /* the status word ("former", "retired"); empty when none */
} cc_role;

typedef enum {
    CC_APPROX_EXACT,
    CC_APPROX_ABOUT,
    CC_APPROX_AT_LEAST,
    CC_APPROX_AT_MOST,
    CC_APPROX_MORE_THAN,
    CC_APPROX_NEARLY
} cc_approx;

/* A count or measure ("more than 200 tankers", "80% of its exports", "seven nations").
 * Years, ages, dates and numbers inside names ("Group of 20") are not quantities. */
typedef struct {
    cc_span span;     /* the number with its approximation words */
    double value;
    const char *unit; /* the counted noun, singular ("tanker"), "percent", or "" */
    int approx;       /* cc_approx */
} cc_quantity;

/* A coordinated enumeration ("Mali, Burkina Faso, and Niger"). `exclusive` is 1 when the
 * text marks it complete ("both", "only", "the three", "seven nations: ..."), 0 when it
 * marks examples ("including", "such as") or says nothing. */
typedef struct {
    cc_span span;
    const char *const *members; /* entity ids, or the items' text in lower case */
    size_t nmembers;
    int exclusive;
    const char *cue;            /* the marking phrase, or NULL when unmarked */
} cc_list;

typedef enum { CC_POLARITY_AFFIRMED, CC_POLARITY_NEGATED } cc_polarity;
typedef enum { CC_MODALITY_ASSERTED, CC_MODALITY_HEDGED } cc_modality;
typedef enum { CC_ATTR_NARRATOR, CC_ATTR_REPORTED, CC_ATTR_QUOTED } cc_attribution;

/* Claims scoring below this are left out of conflict checks by default (still output). */
#define CC_CHECKWORTHY_THRESHOLD 0.5

typedef struct {
    cc_span span;          /* text offsets of the clause */
    const char *text;      /* the clause as read (space collapsed) */
    size_t sentence;       /* index of its sentence (cc_doc_sentence) */
    int kind;              /* the sentence's cc_sentence_kind */
    double checkworthy;    /* [0,1]: low for opinions, questions, calls to comment, links */
    const char *predicate; /* the main verb or event noun, lemmatized; "" when none */
    int polarity;          /* cc_polarity */
    const char *negation;  /* the negation cue ("not", "no longer"), NULL when affirmed */
    cc_span negation_scope;/* from the cue to the end of the clause; empty when affirmed */
    int modality;          /* cc_modality */
    const char *hedge;     /* the hedge cue ("may", "reportedly"), NULL when asserted */
    int attribution;       /* cc_attribution */
    const char *speaker;   /* entity id or source phrase ("a transport union"); NULL for
                            * the narrator */
    const char *speech_cue;/* "said", "according to", ...; NULL for the narrator */
    const cc_entity *entities;
    size_t nentities;
    const cc_role *roles;
    size_t nroles;
    const cc_timex *times; /* the time stage's expressions inside the clause */
    size_t ntimes;
    const cc_quantity *quantities;
    size_t nquantities;
    const cc_list *lists;
    size_t nlists;
} cc_claim;

/* Extracts the document's claims, running segment and time first when not yet done
 * (idempotent). */
CC_EXPORT int cc_doc_claims(cc_doc *doc, const cc_context *ctx);
CC_EXPORT size_t cc_doc_nclaims(const cc_doc *doc);
/* cc_doc_claims() on the documents [from, to) of a corpus (released ones skipped), on the
 * context's jobs threads; diagnostics come in document order as with one thread. */
CC_EXPORT int cc_corpus_claims(cc_corpus *corpus, size_t from, size_t to);
/* Claim i (NULL when out of range), in text order. */
CC_EXPORT const cc_claim *cc_doc_claim(const cc_doc *doc, size_t i);

CC_EXPORT const char *cc_entity_type_name(int type);       /* "person", "country", ... */
CC_EXPORT const char *cc_role_status_name(int status);     /* "current", "former", ... */
CC_EXPORT const char *cc_approx_name(int approx);          /* "exact", "about", ... */
CC_EXPORT const char *cc_polarity_name(int polarity);      /* "affirmed", "negated" */
CC_EXPORT const char *cc_modality_name(int modality);      /* "asserted", "hedged" */
CC_EXPORT const char *cc_attribution_name(int attribution);/* "narrator", "reported", ... */

/* ---- annotations: files people write by hand ------------------------------------------- *
 * Labelled pairs (the .tsv files of annotations/pairs/) and reviewer verdicts (annotations/verdicts.tsv),
 * told apart by their header. A lint keeps state across the files given to it, so that an id
 * used in two files, or a pair one annotator labelled differently in two places, is found.
 * Every problem is a diagnostic (error or warning) naming file:line. */

typedef struct cc_lint cc_lint;

CC_EXPORT int cc_lint_new(cc_lint **out, const cc_context *ctx);
/* Checks one file; 0, or negative when it could not be read (also an error diagnostic). */
CC_EXPORT int cc_lint_file(cc_lint *lint, const char *path);
CC_EXPORT size_t cc_lint_errors(const cc_lint *lint);
CC_EXPORT size_t cc_lint_warnings(const cc_lint *lint);
CC_EXPORT size_t cc_lint_lines(const cc_lint *lint); /* entry lines read */
CC_EXPORT void cc_lint_free(cc_lint *lint);

/* Agreement of two annotators: the pairs both labelled, matched by content (the two texts in
 * either order, case and spacing ignored), over the labels same / conflict / different.
 * Read each file with cc_pairset_add_file(). The records point into the two sets. */
enum { CC_AGREE_NLABELS = 3 };
typedef struct {
    const cc_pair *a, *b; /* the same pair as each annotator labelled it */
} cc_agreement_pair;
typedef struct {
    size_t n;                                       /* pairs labelled by both */
    size_t matrix[CC_AGREE_NLABELS][CC_AGREE_NLABELS]; /* [label of A][label of B] */
    double observed, expected, kappa;               /* Cohen's kappa */
    cc_agreement_pair *disagreements;               /* in B's order; freed by _free */
    size_t ndisagreements;
} cc_agreement;

CC_EXPORT const char *cc_agreement_label(int i); /* "same", "conflict", "different" */
CC_EXPORT int cc_agreement_compute(cc_agreement *out, const cc_pairset *a, const cc_pairset *b);
CC_EXPORT void cc_agreement_free(cc_agreement *ag);

/* Retractions: an annotator's undo appends a row with the label `retract` and the id (and
 * texts) of the row it withdraws, never rewriting the file. Readers (cc_pairset_add_file,
 * cc_lint_file) drop the retracted row; the id stays used. */
#define CC_LABEL_RETRACT "retract"

/* ---- the check: clusters of claims about one fact, and typed conflicts -------------------- *
 * cc_check_run() scores candidate pairs of check-worthy claims (blocking over entity ids,
 * predicates and rare stems; never all pairs) with a same-fact model, groups them by average
 * linkage, and runs the conflict rules of DESIGN section 6 inside each cluster (and a
 * person's role status inside each document). Rule parameters and word lists are data under
 * models/conflicts/. Results are sorted: output does not depend on run or load order. */

typedef enum {
    CC_CONFLICT_ROLE,
    CC_CONFLICT_TIME,
    CC_CONFLICT_WEEKDAY,
    CC_CONFLICT_NUMBER,
    CC_CONFLICT_SET,
    CC_CONFLICT_SCOPE,
    CC_CONFLICT_POLARITY,
    CC_CONFLICT_ATTRIBUTION,
    CC_CONFLICT_NTYPES
} cc_conflict_type;

typedef enum { CC_SEVERITY_LOW, CC_SEVERITY_MEDIUM, CC_SEVERITY_HIGH } cc_severity;

/* One claim in a conflict, with the normalized value the rule compared. */
typedef struct {
    size_t doc;        /* index in the corpus */
    size_t claim;      /* index in the document (cc_doc_claim) */
    const char *value; /* normalized value ("status former", "2024 (P1Y before 2025-11-10)") */
} cc_conflict_side;

typedef struct {
    char fingerprint[17]; /* from type, values, the claims' normalized text and documents */
    int type;             /* cc_conflict_type */
    int severity;         /* cc_severity */
    double confidence;    /* (0,1] */
    const char *rule;     /* the rule that fired, as models/conflicts/severity.tsv names it */
    const char *explanation; /* one plain sentence a person can check */
    size_t cluster;       /* cluster index, or (size_t)-1 for a document-level finding */
    cc_conflict_side sides[2];
} cc_conflict;

typedef struct {
    double min_checkworthy; /* claims below are left out (CC_CHECKWORTHY_THRESHOLD) */
    int min_severity;       /* findings below are dropped (cc_severity) */
} cc_check_options;

#define CC_CHECK_OPTIONS_INIT {CC_CHECKWORTHY_THRESHOLD, CC_SEVERITY_LOW}

typedef struct cc_check cc_check;

/* Runs the claims stage on every document of the corpus (when not yet done), then clusters
 * and conflicts. `model` is a same-fact pair model. */
CC_EXPORT int cc_check_run(cc_check **out, cc_corpus *corpus, const cc_pairmodel *model,
                           const cc_check_options *opts);
CC_EXPORT void cc_check_free(cc_check *check);
/* Claims taken into the check, in corpus order: document and claim index, cluster. */
CC_EXPORT size_t cc_check_nclaims(const cc_check *check);
CC_EXPORT void cc_check_claim(const cc_check *check, size_t i, size_t *doc, size_t *claim,
                              size_t *cluster);
/* Clusters of two or more claims, numbered in corpus order of their first claim. Claims in
 * no such cluster have cluster (size_t)-1. */
CC_EXPORT size_t cc_check_nclusters(const cc_check *check);
/* Candidate pairs scored (for speed figures). */
CC_EXPORT size_t cc_check_npairs(const cc_check *check);
/* Conflicts, sorted by severity (high first), type, then fingerprint. */
CC_EXPORT size_t cc_check_nconflicts(const cc_check *check);
CC_EXPORT const cc_conflict *cc_check_conflict(const cc_check *check, size_t i);

/* Figures of one run (`crosscheck check --stats`): wall time per stage on the monotonic clock
 * and counts. The library times the stages it runs; loading and the report happen outside
 * cc_check_run, so their slots are for the caller to fill (they stay 0 here). */
typedef enum {
    CC_CHECK_STAGE_LOAD,
    CC_CHECK_STAGE_SEGMENT,
    CC_CHECK_STAGE_TIME,
    CC_CHECK_STAGE_CLAIMS,
    CC_CHECK_STAGE_PAIRS,      /* blocking: candidate pairs */
    CC_CHECK_STAGE_SCORING,    /* pair sides and the same-fact model over the candidates */
    CC_CHECK_STAGE_CLUSTERING, /* average linkage (with the pairs it scores on demand) */
    CC_CHECK_STAGE_CONFLICTS,  /* the rules, fingerprints, sorting */
    CC_CHECK_STAGE_REPORT,
    CC_CHECK_NSTAGES
} cc_check_stage;

typedef struct {
    double seconds[CC_CHECK_NSTAGES];
    size_t documents, sentences, claims; /* claims: all claims of the documents */
    size_t checked_claims;  /* those taken into the check (check-worthy enough) */
    size_t candidate_pairs; /* pairs blocking proposed */
    size_t scored_pairs;    /* pairs the model scored: candidates and those clustering added */
    size_t clusters, conflicts;
    size_t unrestored; /* documents a claims cache deferred (cc_cache_defer) and the check
                        * never needed: no claim of theirs met another document's */
} cc_check_stats;

CC_EXPORT void cc_check_get_stats(const cc_check *check, cc_check_stats *out);
CC_EXPORT const char *cc_check_stage_name(int stage); /* "load", "segment", ... */
/* Seconds on the monotonic clock, for the caller's stages. */
CC_EXPORT double cc_monotonic_seconds(void);

/* Candidate pairs of a check, for the annotation loop (annotate pairs): the pairs the
 * blocking proposed and the model scored, in (doc, claim) order. Defined with the annotation
 * commands (annot_cand.c) so that the check's own section stays as it is. */
typedef struct {
    size_t doc_a, claim_a, doc_b, claim_b; /* corpus and document indexes (cc_doc_claim) */
    double prob;                           /* P(same fact) */
} cc_candidate;
CC_EXPORT int cc_check_candidate(const cc_check *check, size_t i, cc_candidate *out);

CC_EXPORT const char *cc_conflict_type_name(int type); /* "role", "time", ... */
CC_EXPORT const char *cc_severity_name(int severity);  /* "low", "medium", "high" */
/* Parses a severity name; 0 or CC_EUSAGE. */
CC_EXPORT int cc_severity_parse(int *out, const char *name);

/* ---- the gate: a reviewed baseline and reviewer verdicts ---------------------------------- *
 * `crosscheck gate` compares a check's conflicts with a baseline (the conflicts people have
 * accepted as known, a JSON file of schema "crosscheck.baseline/1") and with reviewer
 * verdicts (annotations/verdicts.tsv). Both are matched by fingerprint only. */

typedef struct {
    char fingerprint[17];
    const char *type, *severity; /* as cc_conflict_type_name / cc_severity_name spell them */
    const char *doc[2];          /* the two claims' document ids */
    const char *text[2];         /* the two claims' texts */
    const char *path[2];         /* the files when the baseline was written ("" if absent) */
    long line[2];                /* 1-based lines in them (0 if absent) */
} cc_baseline_entry;

typedef struct cc_baseline cc_baseline;

/* Reads and validates a baseline; a file that is not JSON or not of the schema is CC_EINPUT
 * naming the file (and line for JSON syntax). Entries keep the file's order. */
CC_EXPORT int cc_baseline_load(cc_baseline **out, const char *path);
CC_EXPORT void cc_baseline_free(cc_baseline *b);
CC_EXPORT size_t cc_baseline_n(const cc_baseline *b);
CC_EXPORT const cc_baseline_entry *cc_baseline_at(const cc_baseline *b, size_t i);
/* The entry of a fingerprint, or NULL (also for a NULL baseline). */
CC_EXPORT const cc_baseline_entry *cc_baseline_find(const cc_baseline *b, const char *fp);

typedef enum { CC_VERDICT_NONE = 0, CC_VERDICT_CONFIRMED, CC_VERDICT_DISMISSED } cc_verdict;

typedef struct cc_verdicts cc_verdicts;

/* Reads a verdicts file (header with at least fingerprint and verdict columns). Run
 * cc_lint_file() first for line-by-line errors: this reader only refuses what it cannot
 * use (CC_EINPUT naming file:line). */
CC_EXPORT int cc_verdicts_load(cc_verdicts **out, const char *path);
CC_EXPORT void cc_verdicts_free(cc_verdicts *v);
CC_EXPORT size_t cc_verdicts_n(const cc_verdicts *v); /* verdict lines read */
/* The verdict on a fingerprint: the last line whose fingerprint equals it or is a prefix of
 * it (8 or more hex digits, as people shorten them) wins; CC_VERDICT_NONE when none. */
CC_EXPORT int cc_verdicts_get(const cc_verdicts *v, const char *fingerprint);

/* ---- document records and the claims cache ------------------------------------------------ *
 * A document record is one document's extraction (text, offset map, metadata, date, time
 * expressions, claims with every slot) as one line of JSON (schema "crosscheck.doc/1"), so
 * that claims extracted on other machines or in earlier runs feed a check without being
 * extracted again. A record names the rules hash of the context that made it: a context
 * with other rules or models refuses it. */

/* Hex hash over what decides extraction results: the data files, the extraction options
 * (max_sentence_bytes, max_claims, keep_boilerplate) and the version, into out[17]. */
CC_EXPORT void cc_context_rules_hash(const cc_context *ctx, char out[17]);
/* Extracts the document's claims when not yet done and writes its record (no newline) into
 * *out (caller frees with free()). */
CC_EXPORT int cc_doc_record(char **out, size_t *len, cc_doc *doc, const cc_context *ctx);
/* Appends a document restored from one record; CC_EINPUT naming file:line when invalid. */
CC_EXPORT int cc_corpus_add_record(cc_corpus *corpus, const char *json, size_t len,
                                   const char *file, long line);
/* Appends the documents of a JSON-lines file as `crosscheck claims` writes it: record lines
 * restore documents, claim lines are skipped. CC_EINPUT naming file:line when invalid. */
CC_EXPORT int cc_corpus_add_records(cc_corpus *corpus, const char *path);

/* The claims cache: records in an SQLite database in a folder (created when missing), keyed
 * by a document's bytes, metadata, date and the rules hash. A damaged database is warned
 * about (diagnostic "cache-rebuilt") and rebuilt: results never depend on the cache. */
typedef struct cc_cache cc_cache;
CC_EXPORT int cc_cache_open(cc_cache **out, const cc_context *ctx, const char *dir);
CC_EXPORT void cc_cache_free(cc_cache *cache);
/* Gives every loaded, not yet extracted document of the corpus its cached extraction when
 * there is one; *hits counts them. Call before cc_check_run(). */
CC_EXPORT int cc_cache_fill(cc_cache *cache, cc_corpus *corpus, size_t *hits);
/* For checks that report conflicts only (`gate`): lets the next fills defer the documents
 * whose check summary for `model` is cached (their claims' check-worthiness and blocking
 * keys, date, counts): cc_check_run() restores only those whose claims meet another
 * document's, or may conflict among themselves; the others keep no claims (cc_doc_claim()
 * gives NULL), so a report listing every claim must not use it. The cache must stay open
 * until the checks are done. NULL turns it off. */
CC_EXPORT void cc_cache_defer(cc_cache *cache, const cc_pairmodel *model);
/* Stores the records of the extracted documents the last fill did not restore (and, with
 * deferral, their summaries), in one transaction. Call after cc_check_run(). */
CC_EXPORT int cc_cache_store(cc_cache *cache, cc_corpus *corpus);

/* ---- utilities shared with the CLI ------------------------------------------------------- */

/* A 64-bit content checksum of a buffer (not cryptographic), as 16 hex digits into out[17]. */
CC_EXPORT void cc_hash_hex(const void *data, size_t len, char out[17]);

#ifdef __cplusplus
}
#endif
#endif
