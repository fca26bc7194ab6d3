/*
 * cmd_gate.c: `crosscheck gate`, the CI gate of a corpus repository. It runs the same check
 * as `crosscheck check`, then sorts the conflicts at or above a severity by fingerprint into
 * new (fail: exit 1), known (in the reviewed baseline, or confirmed by a reviewer) and
 * dismissed (a reviewer said it is no conflict), and lists baseline entries no longer found
 * as resolved. --update-baseline writes the current conflicts as the new baseline instead.
 * The formats are in report_gate.c. It never edits the verdicts file.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "report.h"

#define DEFAULT_BASELINE "reports/baseline.json"
#define DEFAULT_CACHE ".crosscheck-cache"
#define DEFAULT_VERDICTS "annotations/verdicts.tsv"

static const char help[] =
    "Usage: crosscheck gate [--baseline FILE] [--verdicts FILE] [--min-severity S]\n"
    "                       [--update-baseline] [--format text|junit|sarif|github]\n"
    "                       [--model FILE] [OPTIONS] PATH...\n"
    "\n"
    "The CI gate of a corpus: runs the same check as 'crosscheck check' and fails (exit 1)\n"
    "when a conflict of severity S or above (default: medium) is new, that is neither in\n"
    "the baseline nor dismissed or confirmed in the verdicts. Conflicts are matched by\n"
    "fingerprint, which survives re-runs, reordered files, renamed directories and edits\n"
    "to other documents. Prints new, known (baseline or confirmed), dismissed and resolved\n"
    "(in the baseline, no longer found) conflicts with their evidence.\n"
    "\n"
    "  --baseline FILE     reviewed known conflicts, JSON schema crosscheck.baseline/1\n"
    "                      (default: " DEFAULT_BASELINE " when it exists)\n"
    "  --verdicts FILE     reviewer verdicts TSV: fingerprint, verdict (confirmed |\n"
    "                      dismissed), reviewer, time, note; the last line for a\n"
    "                      fingerprint wins; checked like 'annotate lint' (default:\n"
    "                      " DEFAULT_VERDICTS " when it exists)\n"
    "  --min-severity S    gate on conflicts of severity S or above: low, medium\n"
    "                      (default), high\n"
    "  --update-baseline   write every current conflict to the baseline (atomically) and\n"
    "                      exit 0; review the diff before committing it\n"
    "  --format F          text (default), junit (JUnit XML), sarif (SARIF 2.1.0) or\n"
    "                      github (workflow commands: annotations on the files)\n"
    "  --model FILE        the same-fact model (default: the models directory's)\n"
    "  --cache DIR         claims cache (SQLite, DIR/claims.sqlite): documents that did\n"
    "                      not change are not extracted again (default: " DEFAULT_CACHE "\n"
    "                      beside the baseline), and those none of whose claims meets\n"
    "                      another document's are not even restored from it (--stats\n"
    "                      counts them); a damaged cache is rebuilt with a warning\n"
    "  --no-cache          neither read nor write a claims cache\n"
    "  --stats             print to stderr the time of each stage (load, with the cache,\n"
    "                      segment, ..., report), the counts and the peak memory, as\n"
    "                      'crosscheck check --stats' does\n"
    "\n" CLI_COMMON_HELP
    "\n"
    "Exit status: 0 no new conflict, 1 new conflicts, 2 usage, 3 invalid input (a corpus\n"
    "file under --strict, a verdicts file that fails lint, a baseline that is not valid).\n"
    "\n"
    "Examples:\n"
    "  crosscheck gate annotations/corpus\n"
    "  crosscheck gate --update-baseline annotations/corpus\n"
    "  crosscheck gate --format sarif -o gate.sarif --strict corpus/\n";

enum { OPT_BASELINE = OPT_FIRST_COMMAND_SPECIFIC, OPT_VERDICTS, OPT_MIN_SEVERITY, OPT_UPDATE,
       OPT_MODEL, OPT_CACHE, OPT_NO_CACHE, OPT_STATS };

typedef struct {
    const char *baseline, *verdicts, *min_severity, *format, *model;
    int update;
    const char *cache; /* claims cache folder; NULL: next to the baseline */
    int no_cache;
    int stats; /* --stats */
} gate_opts;

static int gate_option(int opt, const char *arg, void *data)
{
    gate_opts *o = data;
    switch (opt) {
    case OPT_BASELINE: o->baseline = arg; break;
    case OPT_VERDICTS: o->verdicts = arg; break;
    case OPT_MIN_SEVERITY: o->min_severity = arg; break;
    case OPT_UPDATE: o->update = 1; break;
    case OPT_MODEL: o->model = arg; break;
    case OPT_FORMAT: o->format = arg; break;
    case OPT_CACHE: o->cache = arg; break;
    case OPT_NO_CACHE: o->no_cache = 1; break;
    case OPT_STATS: o->stats = 1; break;
    default: return 0;
    }
    return 1;
}

typedef int (*gate_writer)(FILE *f, const json_t *gate);

static gate_writer find_writer(const char *format)
{
    static const struct {
        const char *name;
        gate_writer fn;
    } writers[] = {{"text", gate_write_text},
                   {"junit", gate_write_junit},
                   {"sarif", gate_write_sarif},
                   {"github", gate_write_github}};
    for (size_t i = 0; i < sizeof writers / sizeof *writers; i++)
        if (strcmp(writers[i].name, format) == 0)
            return writers[i].fn;
    return NULL;
}

/* The reviewed inputs, read and validated before the (slow) check. */
typedef struct {
    cc_baseline *baseline;
    cc_verdicts *verdicts;
} gate_inputs;

/* Lints the verdicts file like `annotate lint` (errors printed as file:line), then reads it. */
static int read_verdicts(gate_inputs *in, const cc_context *ctx, const char *path)
{
    cc_lint *l = NULL;
    if (cc_lint_new(&l, ctx) < 0) {
        cli_error("%s", cc_errmsg());
        return EXIT_INTERNAL;
    }
    int rc = cc_lint_file(l, path);
    size_t errors = cc_lint_errors(l);
    cc_lint_free(l);
    if (rc < 0 || errors) {
        cli_error("%s: %zu error%s: fix the verdicts (crosscheck annotate lint %s)", path,
                  errors, errors == 1 ? "" : "s", path);
        return EXIT_INPUT;
    }
    if (cc_verdicts_load(&in->verdicts, path) < 0) {
        cli_error("%s", cc_errmsg());
        return EXIT_INPUT;
    }
    return EXIT_OK;
}

static int read_inputs(gate_inputs *in, const cc_context *ctx, const gate_opts *o)
{
    if (o->verdicts) {
        int st = read_verdicts(in, ctx, o->verdicts);
        if (st != EXIT_OK)
            return st;
    }
    if (o->baseline && !o->update && cc_baseline_load(&in->baseline, o->baseline) < 0) {
        cli_error("%s", cc_errmsg());
        return EXIT_INPUT;
    }
    return EXIT_OK;
}

/* ---- classification ------------------------------------------------------------------------ */

static json_t *entry_json(const cc_baseline_entry *e)
{
    json_t *o = json_object(), *claims = json_array();
    json_object_set_new(o, "fingerprint", json_string(e->fingerprint));
    json_object_set_new(o, "type", json_string(e->type));
    json_object_set_new(o, "severity", json_string(e->severity));
    for (int k = 0; k < 2; k++) {
        json_t *c = json_object();
        json_object_set_new(c, "doc", json_string(e->doc[k]));
        json_object_set_new(c, "path", json_string(e->path[k]));
        json_object_set_new(c, "line", json_integer(e->line[k]));
        json_object_set_new(c, "text", json_string(e->text[k]));
        json_array_append_new(claims, c);
    }
    json_object_set_new(o, "claims", claims);
    return o;
}

static int report_has(const json_t *conflicts, const char *fp)
{
    size_t i;
    json_t *c;
    json_array_foreach(conflicts, i, c) if (strcmp(report_str(c, "fingerprint"), fp) == 0) return 1;
    return 0;
}

/* Which list a current conflict goes to. */
static const char *classify(const json_t *c, const gate_inputs *in)
{
    const char *fp = report_str(c, "fingerprint");
    int v = cc_verdicts_get(in->verdicts, fp);
    if (v == CC_VERDICT_DISMISSED)
        return "dismissed";
    return v == CC_VERDICT_CONFIRMED || cc_baseline_find(in->baseline, fp) ? "known" : "new";
}

static json_t *gate_result(const json_t *report, const gate_inputs *in, int min_severity)
{
    json_t *g = json_object();
    const char *lists[] = {"new", "known", "dismissed", "resolved"};
    for (size_t k = 0; k < sizeof lists / sizeof *lists; k++)
        json_object_set_new(g, lists[k], json_array());
    json_object_set_new(g, "min_severity", json_string(cc_severity_name(min_severity)));
    const json_t *conflicts = json_object_get(report, "conflicts");
    size_t i;
    json_t *c;
    json_array_foreach(conflicts, i, c) {
        int sev;
        if (cc_severity_parse(&sev, report_str(c, "severity")) == 0 && sev >= min_severity)
            json_array_append(json_object_get(g, classify(c, in)), c);
    }
    for (i = 0; i < cc_baseline_n(in->baseline); i++) {
        const cc_baseline_entry *e = cc_baseline_at(in->baseline, i);
        if (!report_has(conflicts, e->fingerprint))
            json_array_append_new(json_object_get(g, "resolved"), entry_json(e));
    }
    return g;
}

/* ---- the baseline file --------------------------------------------------------------------- */

static json_t *baseline_conflict(const json_t *c)
{
    json_t *o = json_object(), *claims = json_array();
    const char *keys[] = {"fingerprint", "type", "severity", "rule", "explanation"};
    for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
        json_object_set_new(o, keys[k], json_string(report_str(c, keys[k])));
    size_t i;
    json_t *side;
    json_array_foreach(json_object_get(c, "claims"), i, side) {
        json_t *s = json_object();
        json_object_set_new(s, "doc", json_string(report_str(side, "doc")));
        json_object_set_new(s, "path", json_string(report_str(side, "path")));
        json_object_set_new(s, "line", json_integer(report_int(side, "line")));
        json_object_set_new(s, "text", json_string(report_str(side, "text")));
        json_object_set_new(s, "value", json_string(report_str(side, "value")));
        json_array_append_new(claims, s);
    }
    json_object_set_new(o, "claims", claims);
    return o;
}

/* Writes every current conflict to `path` through a temporary file, fsync and rename. */
static int write_baseline(const json_t *report, const char *path)
{
    json_t *b = json_object(), *list = json_array();
    json_object_set_new(b, "schema", json_string("crosscheck.baseline/1"));
    json_object_set_new(b, "tool", json_string("crosscheck " CROSSCHECK_VERSION));
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(report, "conflicts"), i, c)
        json_array_append_new(list, baseline_conflict(c));
    json_object_set_new(b, "conflicts", list);
    cli_out out;
    int st = EXIT_INTERNAL;
    if (cli_out_open(&out, path) == 0) {
        if (json_dumpf(b, out.f, JSON_INDENT(2) | JSON_PRESERVE_ORDER) == 0 &&
            fputc('\n', out.f) != EOF)
            st = cli_out_commit(&out);
        else
            cli_out_abort(&out);
    }
    if (st == EXIT_OK)
        fprintf(stderr, "crosscheck gate: wrote %zu conflicts to %s\n", json_array_size(list),
                path);
    json_decref(b);
    return st;
}

/* ---- the command ---------------------------------------------------------------------------- */

/* Runs the gate in an open session (`load_seconds`: how long opening it took, for --stats). */
static int run_gate(cli_session *s, const gate_opts *o, int min_severity, gate_writer write,
                    double load_seconds)
{
    gate_inputs in = {NULL, NULL};
    json_t *report = NULL, *g = NULL;
    cc_check_stats stats;
    memset(&stats, 0, sizeof stats);
    int st = read_inputs(&in, s->ctx, o);
    if (st == EXIT_OK)
        st = report_check(&report, s, o->model, CC_CHECKWORTHY_THRESHOLD, CC_SEVERITY_LOW, 1,
                          &stats);
    double t0 = cc_monotonic_seconds();
    if (st == EXIT_OK && o->update)
        st = write_baseline(report, o->baseline ? o->baseline : DEFAULT_BASELINE);
    else if (st == EXIT_OK) {
        g = gate_result(report, &in, min_severity);
        if (write(s->out.f, g) < 0) {
            cli_error("writing the gate report failed");
            st = EXIT_INTERNAL;
        } else if (json_array_size(json_object_get(g, "new")))
            st = EXIT_GATE;
    }
    if (o->stats && (st == EXIT_OK || st == EXIT_GATE)) {
        /* the report stage: the check's report, the gate's verdicts and writing them */
        stats.seconds[CC_CHECK_STAGE_LOAD] += load_seconds;
        stats.seconds[CC_CHECK_STAGE_REPORT] += cc_monotonic_seconds() - t0;
        report_print_stats(&stats);
    }
    json_decref(g);
    json_decref(report);
    cc_baseline_free(in.baseline);
    cc_verdicts_free(in.verdicts);
    return st;
}

static const char *existing(const char *path) { return access(path, F_OK) == 0 ? path : NULL; }

/* The claims cache: --cache DIR, else .crosscheck-cache beside the baseline (or here). */
static void open_cache(cli_session *s, const gate_opts *o)
{
    if (o->no_cache)
        return;
    if (o->cache) {
        cli_session_cache(s, o->cache);
        return;
    }
    const char *b = o->baseline ? o->baseline : DEFAULT_BASELINE;
    const char *slash = strrchr(b, '/');
    char dir[4096];
    snprintf(dir, sizeof dir, "%.*s%s", slash ? (int)(slash - b + 1) : 0, b, DEFAULT_CACHE);
    cli_session_cache(s, dir);
}

int cmd_gate(int argc, char **argv)
{
    static const struct option extra[] = {{"baseline", 1, NULL, OPT_BASELINE},
                                          {"verdicts", 1, NULL, OPT_VERDICTS},
                                          {"min-severity", 1, NULL, OPT_MIN_SEVERITY},
                                          {"update-baseline", 0, NULL, OPT_UPDATE},
                                          {"model", 1, NULL, OPT_MODEL},
                                          {"format", 1, NULL, OPT_FORMAT},
                                          {"cache", 1, NULL, OPT_CACHE},
                                          {"no-cache", 0, NULL, OPT_NO_CACHE},
                                          {"stats", 0, NULL, OPT_STATS},
                                          {NULL, 0, NULL, 0}};
    cli_common common = CLI_COMMON_INIT;
    gate_opts opts = {NULL, NULL, "medium", "text", NULL, 0, NULL, 0, 0};
    int rc = cli_parse_options(argc, argv, "gate", help, extra, &common, gate_option, &opts);
    if (rc >= 0)
        return rc;
    gate_writer write = find_writer(opts.format);
    int min_severity;
    if (!write)
        return cli_usage_error("gate", "--format must be text, junit, sarif or github, not '%s'",
                               opts.format);
    if (cc_severity_parse(&min_severity, opts.min_severity) < 0)
        return cli_usage_error("gate", "--min-severity: %s", cc_errmsg());
    if (optind >= argc)
        return cli_usage_error("gate", "no PATH given");
    if (!opts.baseline)
        opts.baseline = existing(DEFAULT_BASELINE);
    if (!opts.verdicts)
        opts.verdicts = existing(DEFAULT_VERDICTS);
    cli_session s;
    double t0 = cc_monotonic_seconds();
    int fatal = cli_session_open(&s, &common, argc - optind, argv + optind);
    if (fatal)
        return fatal;
    /* A corpus the gate could not read whole (or not cleanly under --strict) is no pass. */
    if (s.status == EXIT_OK)
        open_cache(&s, &opts);
    if (s.status == EXIT_OK)
        s.status = run_gate(&s, &opts, min_severity, write, cc_monotonic_seconds() - t0);
    return cli_session_close(&s);
}
