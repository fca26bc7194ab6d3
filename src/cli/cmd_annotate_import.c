/*
 * cmd_annotate_import.c: `crosscheck annotate import`: labels given in a spreadsheet (a file
 * `annotate export` wrote, with its label column filled in) appended to a pairs file. Every
 * row is validated first (label, type, dates, column count; each problem as file:line) and
 * nothing is appended when one is wrong; rows left unlabelled are skipped, and so are pairs
 * the pairs file labels already. The appends are those of `annotate pairs` (lock, one write,
 * fsync each). Not here: making candidates (annotate export).
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char help[] =
    "Usage: crosscheck annotate import --out FILE [--annotator NAME] EXPORTED.tsv\n"
    "\n"
    "Appends the labelled rows of a file `crosscheck annotate export` wrote (label column\n"
    "filled with same, conflict or different; a conflict needs its type) to the pairs file\n"
    "FILE. Empty id, annotator or labeled_at are filled in (annotator: --annotator, else\n"
    "$USER). Rows without a label, and pairs FILE labels already, are skipped. Any invalid\n"
    "row is reported as file:line and nothing is appended (exit 3).\n"
    "\n" CLI_COMMON_HELP;

static const char header[] = "id\tlabel\ttext_a\ttext_b\tsource_a\tsource_b\tdate_a\tdate_b\t"
                             "type\tannotator\tlabeled_at\n";
/* The columns of a pairs row, in the order of `header`. */
static const char *const columns[] = {"id",     "label",  "text_a", "text_b",
                                      "source_a", "source_b", "date_a", "date_b",
                                      "type",   "annotator", "labeled_at"};
enum { NCOLS = sizeof columns / sizeof columns[0], MAXCOLS = 32 };
enum { C_ID, C_LABEL, C_TEXT_A, C_TEXT_B, C_SRC_A, C_SRC_B, C_DATE_A, C_DATE_B, C_TYPE, C_WHO, C_AT };

enum { OPT_OUT = OPT_FIRST_COMMAND_SPECIFIC, OPT_ANNOTATOR };

typedef struct {
    const char *out, *annotator, *path;
    int where[NCOLS]; /* index of each column in the input */
    int ncols;
    size_t errors;
} import_state;

static int import_option(int opt, const char *arg, void *data)
{
    import_state *st = data;
    if (opt == OPT_OUT)
        st->out = arg;
    else if (opt == OPT_ANNOTATOR)
        st->annotator = arg;
    else
        return 0;
    return 1;
}

/* Splits a line at tabs in place; the number of fields (MAXCOLS + 1 when more). */
static int split(char *line, char **f)
{
    int n = 0;
    for (char *p = line;; p++) {
        if (n == MAXCOLS)
            return MAXCOLS + 1;
        f[n++] = p;
        p = strchr(p, '\t');
        if (!p)
            return n;
        *p = '\0';
    }
}

static void row_error(import_state *st, long line, const char *what, const char *value)
{
    fprintf(stderr, "%s:%ld: error: %s '%s'\n", st->path, line, what, value);
    st->errors++;
}

static int is_type(const char *s)
{
    for (int i = 0; i < CC_CONFLICT_NTYPES; i++)
        if (strcmp(s, cc_conflict_type_name(i)) == 0)
            return 1;
    return 0;
}

static void check_row(import_state *st, long line, char **v)
{
    const char *label = v[C_LABEL], *type = v[C_TYPE];
    int conflict = strcmp(label, "conflict") == 0;
    if (!conflict && strcmp(label, "same") != 0 && strcmp(label, "different") != 0)
        row_error(st, line, "label is not same, conflict or different:", label);
    else if (conflict ? !is_type(type) : strcmp(type, "-") != 0 && !is_type(type))
        row_error(st, line, conflict ? "a conflict needs a DESIGN §6 type, not" : "bad type", type);
    for (int c = C_DATE_A; c <= C_DATE_B; c++) {
        cc_date d;
        if (strcmp(v[c], "unknown") != 0 && cli_parse_date(v[c], &d) < 0)
            row_error(st, line, "no YYYY-MM-DD date nor 'unknown':", v[c]);
    }
    for (int c = C_TEXT_A; c <= C_SRC_B; c++)
        if (!*v[c])
            row_error(st, line, "empty", columns[c]);
}

static int read_header(import_state *st, char *line)
{
    char *f[MAXCOLS];
    st->ncols = split(line, f);
    for (int c = 0; c < NCOLS; c++) {
        st->where[c] = -1;
        for (int i = 0; i < st->ncols && i < MAXCOLS; i++)
            if (strcmp(f[i], columns[c]) == 0)
                st->where[c] = i;
        if (st->where[c] < 0) {
            row_error(st, 1, "the header lacks the column", columns[c]);
            return -1;
        }
    }
    return 0;
}

/* The row as appended: empty id, annotator, labeled_at filled in. */
static void pairs_row(cli_buf *b, const import_state *st, char **v, long line)
{
    char id[32], now[32], hex[17], seed[600];
    cli_iso_now(now);
    int n = snprintf(seed, sizeof seed, "%s\t%s\t%ld\t%s\t%.256s", st->path, now, line, st->annotator,
                     v[C_TEXT_A]);
    cc_hash_hex(seed, (size_t)n < sizeof seed ? (size_t)n : sizeof seed - 1, hex);
    snprintf(id, sizeof id, "i%.12s", hex);
    for (int c = 0; c < NCOLS; c++) {
        const char *s = v[c];
        if (!*s)
            s = c == C_ID ? id : c == C_WHO ? st->annotator : c == C_AT ? now : s;
        cli_tsv_field(b, s, c + 1 == NCOLS);
    }
}

/* Validates every row, collecting the labelled ones not yet in st->out into `rows`. */
static int collect(import_state *st, char *data, cli_buf *rows, size_t *nrows, size_t *skipped)
{
    char (*keys)[17];
    size_t nkeys;
    if (cli_labelled_keys(&keys, &nkeys, st->out) < 0)
        return -1;
    long line = 0;
    for (char *p = data, *nl; p && *p; p = nl ? nl + 1 : NULL) {
        nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        size_t len = strlen(p);
        if (len && p[len - 1] == '\r') /* CRLF from a spreadsheet */
            p[len - 1] = '\0';
        line++;
        char *f[MAXCOLS + 1], *v[NCOLS];
        if (line == 1) {
            if (read_header(st, p) < 0)
                break;
            continue;
        }
        if (!*p)
            continue;
        if (split(p, f) != st->ncols) {
            row_error(st, line, "not the header's column count; the line starts", p);
            continue;
        }
        for (int c = 0; c < NCOLS; c++)
            v[c] = f[st->where[c]];
        if (!*v[C_LABEL])
            continue;
        check_row(st, line, v);
        char k[17];
        cli_pair_key(v[C_TEXT_A], v[C_TEXT_B], k);
        if (nkeys && bsearch(k, keys, nkeys, sizeof *keys, cli_key_cmp)) {
            (*skipped)++;
            continue;
        }
        pairs_row(rows, st, v, line);
        (*nrows)++;
    }
    free(keys);
    return 0;
}

static int import(import_state *st)
{
    FILE *f = fopen(st->path, "rb");
    if (!f) {
        cli_error("%s: cannot read", st->path);
        return EXIT_INPUT;
    }
    cli_buf data = {0};
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        cli_buf_append(&data, chunk, n);
    fclose(f);
    cli_buf_append(&data, "", 0);
    cli_buf rows = {0};
    size_t nrows = 0, skipped = 0;
    int status = EXIT_OK;
    if (data.oom || cli_repair_file(st->out) < 0 || collect(st, data.data, &rows, &nrows, &skipped) < 0)
        status = EXIT_INPUT;
    else if (st->errors) {
        cli_error("%s: %zu invalid rows: nothing imported", st->path, st->errors);
        status = EXIT_INPUT;
    }
    /* one append per row: each is a whole line even if another writer works on the file */
    for (char *p = rows.data; status == EXIT_OK && p && *p;) {
        char *nl = strchr(p, '\n'), save = nl[1];
        nl[1] = '\0';
        if (cli_append_row(st->out, header, p) < 0)
            status = EXIT_INTERNAL;
        nl[1] = save;
        p = nl + 1;
    }
    if (status == EXIT_OK)
        fprintf(stderr, "crosscheck annotate import: %zu labels appended to %s, %zu already there\n",
                nrows, st->out, skipped);
    free(rows.data);
    free(data.data);
    return status;
}

int cmd_annotate_import(int argc, char **argv)
{
    static const struct option extra[] = {{"out", 1, NULL, OPT_OUT},
                                          {"annotator", 1, NULL, OPT_ANNOTATOR},
                                          {NULL, 0, NULL, 0}};
    cli_common common = CLI_COMMON_INIT;
    import_state st = {NULL, getenv("USER"), NULL, {0}, 0, 0};
    int rc = cli_parse_options(argc, argv, "annotate import", help, extra, &common,
                               import_option, &st);
    if (rc >= 0)
        return rc;
    if (!st.out)
        return cli_usage_error("annotate import", "--out FILE is needed");
    if (argc - optind != 1)
        return cli_usage_error("annotate import", "give one EXPORTED.tsv");
    if (!st.annotator || !*st.annotator || strpbrk(st.annotator, "\t\n"))
        st.annotator = "anonymous";
    st.path = argv[optind];
    return import(&st);
}
