/*
 * cmd_annotate_review.c: `crosscheck annotate review`: a reviewer goes through the conflicts
 * of a `check --format json` report and confirms or dismisses each, with an optional note.
 * Verdicts are appended to a verdicts file (annotations/verdicts.tsv format: fingerprint,
 * verdict, reviewer, time, note) one at a time with the same guarantees as labels
 * (cli_append_row: lock, one write, fsync); conflicts the file has a verdict for are skipped,
 * so a review can stop and resume. Not here: deciding which source is right; the gate.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "cli.h"

static const char help[] =
    "Usage: crosscheck annotate review [--verdicts FILE] [--reviewer NAME] [--batch]\n"
    "                                  REPORT.json\n"
    "\n"
    "Shows each conflict of a `crosscheck check --format json` report that FILE has no\n"
    "verdict for, and appends the reviewer's verdict to FILE at once.\n"
    "\n"
    "Keys: c confirm, d dismiss (each then asks for an optional note, Enter for none),\n"
    "s skip, q quit, ? help. With --batch, one key per line of stdin, the rest of the\n"
    "line being the note (\"d the figures are for two different months\").\n"
    "\n"
    "  --verdicts FILE   default annotations/verdicts.tsv\n"
    "  --reviewer NAME   default $USER\n"
    "  --batch           keys from stdin, one a line\n"
    "\n" CLI_COMMON_HELP;

static const char header[] = "fingerprint\tverdict\treviewer\ttime\tnote\n";

enum { OPT_VERDICTS = OPT_FIRST_COMMAND_SPECIFIC, OPT_REVIEWER, OPT_BATCH };

typedef struct {
    const char *verdicts, *reviewer;
    int batch;
} review_opts;

static int review_option(int opt, const char *arg, void *data)
{
    review_opts *o = data;
    switch (opt) {
    case OPT_VERDICTS: o->verdicts = arg; return 1;
    case OPT_REVIEWER: o->reviewer = arg; return 1;
    case OPT_BATCH: o->batch = 1; return 1;
    default: return 0;
    }
}

/* 1 when the verdicts file has a line for this fingerprint (its first column). */
static int has_verdict(const char *data, const char *fp)
{
    size_t n = strlen(fp);
    for (const char *p = data; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
        if (strncmp(p, fp, n) == 0 && p[n] == '\t')
            return 1;
    return 0;
}

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    cli_buf b = {0};
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        cli_buf_append(&b, chunk, n);
    fclose(f);
    cli_buf_append(&b, "", 0);
    return b.data;
}

static const char *jstr(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "-";
}

static void show_conflict(FILE *f, const json_t *c, size_t reviewed, size_t remaining)
{
    fprintf(f, "\n-- conflict: reviewed %zu, remaining %zu --\n", reviewed, remaining);
    fprintf(f, "%s  %s, severity %s, confidence %.2f (%s)\n", jstr(c, "fingerprint"),
            jstr(c, "type"), jstr(c, "severity"),
            json_number_value(json_object_get(c, "confidence")), jstr(c, "rule"));
    fprintf(f, "%s\n", jstr(c, "explanation"));
    const json_t *claims = json_object_get(c, "claims");
    for (size_t i = 0; i < json_array_size(claims); i++) {
        const json_t *cl = json_array_get(claims, i);
        fprintf(f, "%c  %s (%s), %s: %s\n    %s\n", (char)('A' + i), jstr(cl, "doc"),
                jstr(cl, "outlet"), jstr(cl, "date"), jstr(cl, "value"), jstr(cl, "text"));
    }
    fputs("[c]onfirm [d]ismiss [s]kip [q]uit [?]help > ", f);
    fflush(f);
}

static int append_verdict(const review_opts *o, const char *fp, const char *verdict,
                          const char *note)
{
    char now[32];
    cli_iso_now(now);
    const char *cols[] = {fp, verdict, o->reviewer, now, note};
    cli_buf row = {0};
    for (size_t i = 0; i < 5; i++)
        cli_tsv_field(&row, cols[i], i == 4);
    int rc = row.oom ? -1 : cli_append_row(o->verdicts, header, row.data);
    free(row.data);
    return rc;
}

static int review_loop(const review_opts *o, const json_t **todo, size_t n)
{
    FILE *f = stdout;
    size_t i = 0, reviewed = 0;
    int rc = 0;
    while (rc == 0 && i < n) {
        show_conflict(f, todo[i], reviewed, n - i);
        char note[1024];
        int key = cli_next_key(o->batch, note, sizeof note);
        fprintf(f, "%c\n", isprint(key) ? key : '?');
        const char *verdict = key == 'c' ? "confirmed" : key == 'd' ? "dismissed" : NULL;
        if (verdict) {
            if (!o->batch) {
                fputs("note (Enter for none): ", f);
                fflush(f);
                cli_tty_line(note, sizeof note);
            }
            if ((rc = append_verdict(o, jstr(todo[i], "fingerprint"), verdict, note)) == 0)
                reviewed++, i++;
        } else if (key == 's')
            i++;
        else if (key == 'q')
            break;
        else
            fputs("\n  c  confirm: the sources do disagree\n  d  dismiss: no real conflict\n"
                  "  s  skip\n  q  quit (verdicts given are saved already)\n", f);
    }
    fprintf(f, "\nreviewed %zu, remaining %zu, in %s\n", reviewed, n - i, o->verdicts);
    return rc;
}

static int review(const review_opts *o, const char *report)
{
    json_error_t err;
    json_t *r = json_load_file(report, 0, &err);
    if (!r || strcmp(jstr(r, "schema"), "crosscheck.report/1") != 0) {
        cli_error("%s:%d: %s", report, r ? 1 : err.line,
                  r ? "not a crosscheck.report/1 report (check --format json)" : err.text);
        json_decref(r);
        return EXIT_INPUT;
    }
    if (cli_repair_file(o->verdicts) < 0) {
        json_decref(r);
        return EXIT_INPUT;
    }
    char *done = read_all(o->verdicts);
    const json_t *conflicts = json_object_get(r, "conflicts");
    size_t n = 0, m = json_array_size(conflicts);
    const json_t **todo = calloc(m ? m : 1, sizeof *todo);
    for (size_t i = 0; todo && i < m; i++) {
        const json_t *c = json_array_get(conflicts, i);
        if (!done || !has_verdict(done, jstr(c, "fingerprint")))
            todo[n++] = c;
    }
    int status = EXIT_OK;
    if (!todo)
        status = EXIT_INTERNAL;
    else if (!o->batch && cli_tty_raw(STDIN_FILENO) < 0) {
        cli_error("stdin is not a terminal: use --batch to read keys from stdin");
        status = EXIT_USAGE;
    } else if (review_loop(o, todo, n) < 0)
        status = EXIT_INTERNAL;
    cli_tty_restore();
    free(todo);
    free(done);
    json_decref(r);
    return status;
}

int cmd_annotate_review(int argc, char **argv)
{
    static const struct option extra[] = {{"verdicts", 1, NULL, OPT_VERDICTS},
                                          {"reviewer", 1, NULL, OPT_REVIEWER},
                                          {"batch", 0, NULL, OPT_BATCH},
                                          {NULL, 0, NULL, 0}};
    cli_common common = CLI_COMMON_INIT;
    review_opts o = {"annotations/verdicts.tsv", getenv("USER"), 0};
    int rc = cli_parse_options(argc, argv, "annotate review", help, extra, &common,
                               review_option, &o);
    if (rc >= 0)
        return rc;
    if (argc - optind != 1)
        return cli_usage_error("annotate review", "give one REPORT.json");
    if (!o.reviewer || !*o.reviewer || strpbrk(o.reviewer, "\t\n"))
        o.reviewer = "anonymous";
    return review(&o, argv[optind]);
}
