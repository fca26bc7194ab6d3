/*
 * report.h: the check's report. report_build.c turns a finished check into one JSON
 * document (schema crosscheck.report/1, DESIGN section 4); every output format is written
 * from that one in-memory result (report_text.c: text, md, tsv; report_html.c: html), so the
 * formats cannot drift apart. Everything in it is already sorted.
 */
#ifndef CC_REPORT_H
#define CC_REPORT_H

#include <stdio.h>

#include <jansson.h>

#include "cli.h"
#include "crosscheck.h"

typedef struct {
    const char *model_path;
    const char *model_checksum;
    int conflicts_only; /* leave out the claims, clusters and documents lists and the
                         * corpus checksum (the gate reads only the conflicts, and the full
                         * lists were a third of its time) */
} report_inputs;

/* The report of a check over a corpus; NULL when out of memory. */
json_t *report_build(const cc_check *check, const cc_corpus *corpus, const cc_context *ctx,
                     const report_inputs *in);

/* Loads the same-fact model (NULL: the models directory's), runs the check on the session's
 * corpus and builds its report into *out. Returns an exit status (errors printed). When
 * `stats` is not NULL it receives the run's figures; the time spent in the claims cache
 * (look-up and store) is added to its load stage, building the report to its report stage. */
int report_check(json_t **out, cli_session *s, const char *model, double min_checkworthy,
                 int min_severity, int conflicts_only, cc_check_stats *stats);

/* The figures of --stats on stderr, one "stats:" line each: stage times, counts, memory. */
void report_print_stats(const cc_check_stats *st);

/* The gate's formats (report_gate.c): `gate` is {"new", "known", "dismissed": [conflicts as
 * in the report], "resolved": [baseline entries], "min_severity"}. */
int gate_write_text(FILE *f, const json_t *gate);
int gate_write_junit(FILE *f, const json_t *gate);
int gate_write_sarif(FILE *f, const json_t *gate);
int gate_write_github(FILE *f, const json_t *gate);

int report_write_json(FILE *f, const json_t *report);
int report_write_text(FILE *f, const json_t *report, int color);
int report_write_md(FILE *f, const json_t *report);
int report_write_tsv(FILE *f, const json_t *report);
int report_write_html(FILE *f, const json_t *report);

/* Field access that tolerates absence (writers never crash on a missing key). */
const char *report_str(const json_t *o, const char *key);
long long report_int(const json_t *o, const char *key);

#endif
