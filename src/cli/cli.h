/*
 * cli.h: what the subcommands of the crosscheck program share: the command table entry,
 * exit codes (DESIGN §5), the diagnostic printer, common options, atomic output files.
 * The CLI is a thin client of crosscheck.h; no pipeline logic lives here.
 */
#ifndef CC_CLI_H
#define CC_CLI_H

#include <stdio.h>

#include "crosscheck.h"

enum {
    EXIT_OK = 0,
    EXIT_GATE = 1,    /* the gate found new unreviewed conflicts */
    EXIT_USAGE = 2,
    EXIT_INPUT = 3,   /* unreadable or invalid input */
    EXIT_INTERNAL = 4
};

typedef struct {
    const char *name;
    const char *summary;
    int (*run)(int argc, char **argv);
} cli_command;

/* Counts of what the diagnostic printer saw. */
typedef struct {
    size_t warnings, errors;
    int quiet;   /* drop notes and warnings */
    int verbose; /* also print notes */
} cli_diag_state;

/* Options every corpus-reading command takes. */
typedef struct {
    const char *models_dir;
    const char *output; /* -o FILE, NULL for stdout */
    int strict;
    size_t max_doc_bytes;
    size_t max_sentence_bytes;
    size_t max_claims;
    cli_diag_state diag;
    unsigned stages; /* CC_STAGE_* the command needs; 0: all */
    int jobs;        /* --jobs, 0: the number of cores */
} cli_common;

#define CLI_COMMON_INIT {NULL, NULL, 0, 0, 0, 0, {0, 0, 0, 0}, 0, 0}

/* Long options shared by corpus commands, for getopt_long tables (values >= 1000). */
enum {
    OPT_MODELS = 1000,
    OPT_STRICT,
    OPT_MAX_DOC_BYTES,
    OPT_MAX_SENTENCE_BYTES,
    OPT_MAX_CLAIMS,
    OPT_QUIET,
    OPT_VERBOSE,
    OPT_FORMAT,
    OPT_HELP,
    OPT_JOBS,
    OPT_FIRST_COMMAND_SPECIFIC
};
#define CLI_COMMON_LONGOPTS                                                           \
    {"models", 1, NULL, OPT_MODELS}, {"strict", 0, NULL, OPT_STRICT},                 \
        {"max-doc-bytes", 1, NULL, OPT_MAX_DOC_BYTES},                                \
        {"max-sentence-bytes", 1, NULL, OPT_MAX_SENTENCE_BYTES},                      \
        {"max-claims", 1, NULL, OPT_MAX_CLAIMS},                                      \
        {"quiet", 0, NULL, OPT_QUIET}, {"verbose", 0, NULL, OPT_VERBOSE},             \
        {"output", 1, NULL, 'o'}, {"help", 0, NULL, OPT_HELP},                     \
        {"jobs", 1, NULL, OPT_JOBS}

#define CLI_COMMON_HELP                                                               \
    "Common options:\n"                                                               \
    "  -o, --output FILE        write results to FILE (atomically) instead of stdout\n" \
    "      --models DIR         models and lexicons (default: $CROSSCHECK_MODELS or\n" \
    "                           the directory compiled in)\n"                         \
    "      --strict             treat repairable input problems (invalid UTF-8) as\n" \
    "                           errors: exit 3\n"                                     \
    "      --max-doc-bytes N    skip larger documents with a warning (default 64M;\n" \
    "                           suffixes K, M, G)\n"                                  \
    "      --max-sentence-bytes N  split longer sentences with a warning (default 4096)\n" \
    "      --max-claims N       claims read per document, then a warning (default 1M)\n" \
    "      --jobs N             threads for loading, extraction and pair scoring, 1..256\n" \
    "                           (default: the number of cores); output is the same\n" \
    "      --quiet              print errors only\n"                                  \
    "      --verbose            also print notes (what boilerplate removal took out)\n" \
    "      --help               this help\n"

/* Handles a common option; returns 1 when handled, 0 when not common, -1 on a bad value. */
int cli_common_option(cli_common *c, int opt, const char *arg);
void cli_diag_print(const cc_diag *d, void *userdata);
/* Makes a context from the common options; prints the error and returns NULL on failure. */
cc_context *cli_context(cli_common *c);
/* Loads every path; returns EXIT_OK or EXIT_INPUT (errors were printed). */
int cli_load(cli_common *c, cc_corpus *corpus, int npaths, char **paths);

/* Output written atomically: to FILE.tmp.PID, fsynced, renamed over FILE on commit. A FILE
 * that exists and is not a regular file (a device, a pipe) is written in place. */
typedef struct {
    FILE *f;
    char *path, *tmp;
} cli_out;
int cli_out_open(cli_out *o, const char *path); /* NULL path: stdout */
int cli_out_commit(cli_out *o);                 /* returns EXIT_OK or EXIT_INTERNAL */
void cli_out_abort(cli_out *o);

void cli_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
int cli_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
int cli_parse_size(const char *s, size_t *out);

/* A growable text buffer, always NUL-terminated once something was appended; `oom` is set
 * (and later appends ignored) when memory ran out. */
typedef struct {
    char *data;
    size_t len, cap;
    int oom;
} cli_buf;
void cli_buf_append(cli_buf *b, const char *s, size_t n);
/* Makes room for `extra` more bytes and the terminating NUL. */
void cli_buf_reserve(cli_buf *b, size_t extra);
/* Writes `json` compactly, keys in insertion order, and a newline, with one fwrite: jansson's
 * own json_dumpf writes every piece through stdio, which dominated profiles. */
struct json_t;
int cli_json_line(FILE *f, const struct json_t *json);
int cli_color_enabled(FILE *f);
/* A claim with its slots as the claims command prints it (cmd_claims.c); spans are byte
 * offsets into the original file. */
struct json_t *cli_claim_json(const cc_doc *doc, const cc_claim *c, const char *id);
struct json_t *cli_span_json(const cc_doc *doc, cc_span sp);

/* Parses the options of a command: the common ones plus `extra` (terminated by a zero entry),
 * which go to `fn` (returns 1 handled, 0 unknown, -1 bad value: message printed). Prints
 * `help` for --help. Returns -1 to go on (optind is the first operand), else an exit status. */
struct option;
typedef int (*cli_opt_fn)(int opt, const char *arg, void *data);
int cli_parse_options(int argc, char **argv, const char *cmd, const char *help,
                      const struct option *extra, cli_common *c, cli_opt_fn fn, void *data);

/* A corpus command's run: context, corpus and output, opened and closed together. */
typedef struct {
    cli_common *common;
    cc_context *ctx;
    cc_corpus *corpus;
    cli_out out;
    int status; /* the exit status so far */
    cc_cache *cache; /* NULL: no claims cache (cli_session_cache) */
} cli_session;

/* Makes the context, loads the paths and opens the output. Returns 0 when the session is
 * open (s->status is EXIT_INPUT when some input failed: the rest is still worked on), else
 * the exit status to return, with nothing left to close. */
int cli_session_open(cli_session *s, cli_common *c, int npaths, char **paths);
/* The same with the document records of JSON-lines files (`crosscheck claims` output)
 * instead of corpus paths: a record that does not restore is EXIT_INPUT. */
int cli_session_open_records(cli_session *s, cli_common *c, int nfiles, char **files);
int cli_load_records(cli_common *c, cc_corpus *corpus, int nfiles, char **files);
/* Opens the claims cache in `dir` for the session's check; a cache that cannot be opened
 * is warned about and the run goes on without it. */
void cli_session_cache(cli_session *s, const char *dir);
/* Commits the output, or discards it after any error (an -o file keeps its previous
 * content), and frees everything; returns the final exit status. */
int cli_session_close(cli_session *s);

/* Parses YYYY-MM-DD (a real calendar day); 0 or -1. */
int cli_parse_date(const char *s, cc_date *out);

/* Appends one row (ending in a newline) to an annotation file: O_APPEND, flock, one write,
 * fsync; a half last line is truncated away with a warning first, and `header` (ending in a
 * newline) is written when the file is new or empty. 0, or -1 with the error printed. */
int cli_append_row(const char *path, const char *header, const char *row);
/* Appends s as a TSV field (tabs and newlines become spaces), then a tab, or a newline
 * when `last`. */
void cli_tsv_field(cli_buf *b, const char *s, int last);
/* The current time as YYYY-MM-DDTHH:MM:SSZ (UTC), for labeled_at and verdict times. */
void cli_iso_now(char out[32]);
/* A pair's content key: its two texts in either order, case and runs of space ignored. */
void cli_pair_key(const char *a, const char *b, char out[17]);
int cli_key_cmp(const void *a, const void *b); /* strcmp over keys, for qsort / bsearch */
/* The sorted keys of the pairs a pairs file labels (retractions honoured); a missing or
 * empty file (or NULL) has none. 0, or -1 with the error printed. */
int cli_labelled_keys(char (**keys)[17], size_t *n, const char *path);
/* Repairs a half last line (as above) without appending; a missing file is fine. */
int cli_repair_file(const char *path);
/* Keys of the annotation loops (annot_tty.c): raw mode on a terminal (restored at exit,
 * SIGINT, SIGTERM), or one key per line of stdin in batch mode, the rest of the line in
 * `rest` (may be NULL). 'q' at end of input. cli_tty_line reads a line (a note) in cooked
 * mode from the raw terminal. */
int cli_tty_raw(int fd);
void cli_tty_restore(void);
int cli_next_key(int batch, char *rest, size_t size);
int cli_tty_line(char *buf, size_t size);
/* `annotate review` (argv[0] = "review"). */
int cmd_annotate_review(int argc, char **argv);
/* `annotate pairs` and `annotate export` (argv[0] = "pairs" / "export"), `annotate import`
 * (argv[0] = "import"), called by the annotate dispatcher. */
int cmd_annotate_pairs(int argc, char **argv);
int cmd_annotate_import(int argc, char **argv);

int cmd_annotate(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_claims(int argc, char **argv);
int cmd_docs(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_eval_time(int argc, char **argv);
int cmd_gate(int argc, char **argv);
int cmd_time(int argc, char **argv);
int cmd_train(int argc, char **argv);
/* `eval pairs` (argv[0] = "pairs"), called by the eval dispatcher. */
int cmd_eval_pairs(int argc, char **argv);

#endif
