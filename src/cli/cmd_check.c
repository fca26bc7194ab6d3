/*
 * cmd_check.c: `crosscheck check`: loads the documents, runs claims, clustering and the
 * conflict rules, and writes the report in the chosen format (report.h). Exit 0 also when
 * conflicts were found; 3 for input errors.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <sys/resource.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "report.h"

static const char help[] =
    "Usage: crosscheck check [--format text|json|md|html|tsv] [-o FILE] [--model FILE]\n"
    "                        [--min-severity S] [OPTIONS] PATH...\n"
    "\n"
    "Reports where the sources disagree. Check-worthy claims (score 0.5 or more) about the\n"
    "same fact are grouped by the same-fact model; typed rules then compare their\n"
    "normalized values: role (former vs sitting), time, weekday (against a date), number\n"
    "(intervals for 'about', 'at least'), set (complete lists, exclusive categories), scope\n"
    "(total vs certain), polarity (did vs did not) and attribution (one quotation, two\n"
    "speakers). Each conflict has a content fingerprint (stable across runs, reordering and\n"
    "renamed directories), a severity, a confidence, the claims with their sources, dates\n"
    "and byte spans, and a plain explanation. Exit status 0 also when conflicts are found.\n"
    "\n"
    "  --format F          text (default: a summary grouped by type), json (schema\n"
    "                      crosscheck.report/1), md, tsv (one conflict a row) or html (one\n"
    "                      self-contained page with filters and a timeline)\n"
    "  --model FILE        the same-fact model (default: same-fact.model in the models\n"
    "                      directory)\n"
    "  --min-severity S    report only conflicts of severity S or above (low, medium, high)\n"
    "  --min-checkworthy X compare only claims scoring X (0-1) or more (default 0.5)\n"
    "  --stats             print to stderr the wall time of each stage (load, segment, time,\n"
    "                      claims, pairs, scoring, clustering, conflicts, report), the counts\n"
    "                      (documents, sentences, claims, candidate and scored pairs,\n"
    "                      clusters, conflicts) and the peak memory (resident set)\n"
    "  --claims            the operands are JSON-lines files of `crosscheck claims`\n"
    "                      (shards extracted elsewhere, e.g. by GNU parallel): their\n"
    "                      document records are checked without extracting again; the\n"
    "                      report equals a direct run on the same files\n"
    "  --cache DIR         keep each document's extraction in DIR/claims.sqlite and take\n"
    "                      it from there when the document has not changed (off by\n"
    "                      default here; `gate` caches by default)\n"
    "\n" CLI_COMMON_HELP
    "\n"
    "Examples:\n"
    "  crosscheck check annotations/corpus\n"
    "  crosscheck check --format html -o report.html annotations/corpus\n"
    "  crosscheck check --format json --min-severity medium articles/\n"
    "  crosscheck check --claims shard-*.jsonl\n";

enum {
    OPT_MODEL = OPT_FIRST_COMMAND_SPECIFIC,
    OPT_MIN_SEVERITY,
    OPT_MIN_CHECKWORTHY,
    OPT_STATS,
    OPT_CLAIMS,
    OPT_CACHE
};

typedef struct {
    const char *format, *model, *min_severity;
    double min_checkworthy;
    int stats;
    int claims; /* operands are claims JSONL files, not corpus paths */
    const char *cache; /* claims cache folder, or NULL */
} check_opts;

static int check_option(int opt, const char *arg, void *data)
{
    check_opts *o = data;
    if (opt == OPT_FORMAT)
        o->format = arg;
    else if (opt == OPT_MODEL)
        o->model = arg;
    else if (opt == OPT_MIN_SEVERITY)
        o->min_severity = arg;
    else if (opt == OPT_STATS)
        o->stats = 1;
    else if (opt == OPT_CLAIMS)
        o->claims = 1;
    else if (opt == OPT_CACHE)
        o->cache = arg;
    else if (opt == OPT_MIN_CHECKWORTHY) {
        char *end;
        o->min_checkworthy = strtod(arg, &end);
        if (end == arg || *end || !(o->min_checkworthy >= 0 && o->min_checkworthy <= 1)) {
            cli_error("--min-checkworthy: '%s' is not a number from 0 to 1", arg);
            return -1;
        }
    } else
        return 0;
    return 1;
}

typedef int (*writer_fn)(FILE *f, const json_t *report);

static int write_text_plain(FILE *f, const json_t *r) { return report_write_text(f, r, 0); }
static int write_text_color(FILE *f, const json_t *r) { return report_write_text(f, r, 1); }

static writer_fn find_writer(const char *format)
{
    static const struct {
        const char *name;
        writer_fn fn;
    } writers[] = {{"json", report_write_json}, {"md", report_write_md},
                   {"tsv", report_write_tsv},   {"html", report_write_html},
                   {"text", write_text_plain}};
    for (size_t i = 0; i < sizeof writers / sizeof *writers; i++)
        if (strcmp(writers[i].name, format) == 0)
            return writers[i].fn;
    return NULL;
}

/* The model file's checksum for the report's provenance. */
static int model_checksum(const char *path, char out[17])
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    char *data = NULL;
    size_t len = 0, cap = 0, n;
    char chunk[65536];
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (len + n > cap) {
            cap = (len + n) * 2;
            char *p = realloc(data, cap);
            if (!p) {
                free(data);
                fclose(f);
                return -1;
            }
            data = p;
        }
        memcpy(data + len, chunk, n);
        len += n;
    }
    fclose(f);
    cc_hash_hex(data ? data : "", len, out);
    free(data);
    return 0;
}

/* The check, with extractions taken from and added to the session's cache when it has one;
 * *cache_seconds: the time spent in the cache. A report of conflicts only lets the cache
 * defer the documents whose claims meet no other document's. */
static int cached_run(cc_check **out, double *cache_seconds, cli_session *s,
                      const cc_pairmodel *m, const cc_check_options *copts, int conflicts_only)
{
    size_t hits;
    if (s->cache)
        cc_cache_defer(s->cache, conflicts_only ? m : NULL);
    double t0 = cc_monotonic_seconds();
    int rc = s->cache ? cc_cache_fill(s->cache, s->corpus, &hits) : 0;
    *cache_seconds = cc_monotonic_seconds() - t0;
    if (rc == 0)
        rc = cc_check_run(out, s->corpus, m, copts);
    t0 = cc_monotonic_seconds();
    if (rc == 0 && s->cache)
        rc = cc_cache_store(s->cache, s->corpus);
    *cache_seconds += cc_monotonic_seconds() - t0;
    return rc;
}

int report_check(json_t **out, cli_session *s, const char *model, double min_checkworthy,
                 int min_severity, int conflicts_only, cc_check_stats *stats)
{
    char *model_path = NULL;
    *out = NULL;
    if (!model) {
        const char *dir = cc_context_models_dir(s->ctx);
        model_path = malloc(strlen(dir) + 32);
        if (!model_path)
            return EXIT_INTERNAL;
        sprintf(model_path, "%s/same-fact.model", dir);
    }
    const char *path = model ? model : model_path;
    cc_pairmodel *m = NULL;
    cc_check *check = NULL;
    char sum[17];
    int status = EXIT_OK;
    double cache_seconds = 0;
    cc_check_options copts = CC_CHECK_OPTIONS_INIT;
    copts.min_severity = min_severity;
    copts.min_checkworthy = min_checkworthy;
    if (cc_pairmodel_load(&m, s->ctx, path) < 0 || model_checksum(path, sum) < 0) {
        cli_error("%s", cc_errmsg());
        status = EXIT_INPUT;
    } else if (cached_run(&check, &cache_seconds, s, m, &copts, conflicts_only) < 0) {
        cli_error("%s", cc_errmsg());
        status = EXIT_INTERNAL;
    } else {
        if (stats) {
            cc_check_get_stats(check, stats);
            stats->seconds[CC_CHECK_STAGE_LOAD] += cache_seconds;
        }
        const char *base = strrchr(path, '/');
        report_inputs in = {base ? base + 1 : path, sum, conflicts_only};
        double t0 = cc_monotonic_seconds();
        *out = report_build(check, s->corpus, s->ctx, &in);
        if (stats)
            stats->seconds[CC_CHECK_STAGE_REPORT] = cc_monotonic_seconds() - t0;
        if (!*out) {
            cli_error("out of memory");
            status = EXIT_INTERNAL;
        }
    }
    cc_check_free(check);
    cc_pairmodel_free(m);
    free(model_path);
    return status;
}

void report_print_stats(const cc_check_stats *st)
{
    double total = 0;
    for (int i = 0; i < CC_CHECK_NSTAGES; i++) {
        fprintf(stderr, "stats: time %-10s %9.3f s\n", cc_check_stage_name(i), st->seconds[i]);
        total += st->seconds[i];
    }
    fprintf(stderr, "stats: time %-10s %9.3f s\n", "total", total);
    const struct {
        const char *name;
        size_t n;
    } counts[] = {{"documents", st->documents},
                  {"sentences", st->sentences},
                  {"claims", st->claims},
                  {"checked_claims", st->checked_claims},
                  {"candidate_pairs", st->candidate_pairs},
                  {"scored_pairs", st->scored_pairs},
                  {"clusters", st->clusters},
                  {"conflicts", st->conflicts},
                  {"unrestored_documents", st->unrestored}};
    for (size_t i = 0; i < sizeof counts / sizeof *counts; i++)
        fprintf(stderr, "stats: count %s %zu\n", counts[i].name, counts[i].n);
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) == 0) /* ru_maxrss is in kilobytes on Linux */
        fprintf(stderr, "stats: peak_memory %.1f MB\n", (double)ru.ru_maxrss / 1024.0);
}

/* Runs the check in an open session and writes the report; with --stats, prints the figures
 * (`load_seconds`: how long opening the session took). */
static int run_check(cli_session *s, const check_opts *o, int min_severity, writer_fn write,
                     double load_seconds)
{
    json_t *report = NULL;
    cc_check_stats st;
    memset(&st, 0, sizeof st);
    int status = report_check(&report, s, o->model, o->min_checkworthy, min_severity, 0, &st);
    double t0 = cc_monotonic_seconds();
    if (status == EXIT_OK && write(s->out.f, report) < 0) {
        cli_error("writing the report failed");
        status = EXIT_INTERNAL;
    }
    json_decref(report);
    if (o->stats && status == EXIT_OK) {
        /* the report stage: building the report (timed above) and writing it */
        st.seconds[CC_CHECK_STAGE_LOAD] += load_seconds;
        st.seconds[CC_CHECK_STAGE_REPORT] += cc_monotonic_seconds() - t0;
        report_print_stats(&st);
    }
    return status;
}

int cmd_check(int argc, char **argv)
{
    static const struct option extra[] = {{"format", 1, NULL, OPT_FORMAT},
                                          {"model", 1, NULL, OPT_MODEL},
                                          {"min-severity", 1, NULL, OPT_MIN_SEVERITY},
                                          {"min-checkworthy", 1, NULL, OPT_MIN_CHECKWORTHY},
                                          {"stats", 0, NULL, OPT_STATS},
                                          {"claims", 0, NULL, OPT_CLAIMS},
                                          {"cache", 1, NULL, OPT_CACHE},
                                          {NULL, 0, NULL, 0}};
    cli_common common = CLI_COMMON_INIT;
    check_opts opts = {"text", NULL, "low", CC_CHECKWORTHY_THRESHOLD, 0, 0, NULL};
    int rc = cli_parse_options(argc, argv, "check", help, extra, &common, check_option, &opts);
    if (rc >= 0)
        return rc;
    writer_fn write = find_writer(opts.format);
    int min_severity;
    if (!write)
        return cli_usage_error("check", "--format must be text, json, md, html or tsv, not '%s'",
                               opts.format);
    if (cc_severity_parse(&min_severity, opts.min_severity) < 0)
        return cli_usage_error("check", "--min-severity: %s", cc_errmsg());
    if (optind >= argc)
        return cli_usage_error("check", "no PATH given (use '-' for standard input)");
    cli_session s;
    double t0 = cc_monotonic_seconds();
    int fatal = opts.claims ? cli_session_open_records(&s, &common, argc - optind, argv + optind)
                            : cli_session_open(&s, &common, argc - optind, argv + optind);
    if (fatal)
        return fatal;
    if (opts.cache)
        cli_session_cache(&s, opts.cache);
    if (write == write_text_plain && cli_color_enabled(s.out.f))
        write = write_text_color;
    int st = run_check(&s, &opts, min_severity, write, cc_monotonic_seconds() - t0);
    if (st != EXIT_OK)
        s.status = st == EXIT_INPUT && s.status == EXIT_OK ? EXIT_INPUT : st;
    return cli_session_close(&s);
}
