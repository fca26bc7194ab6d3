/*
 * cmd_eval_time.c: `crosscheck eval time TIMEML_DIR`: reads TimeML (.tml) files, takes the
 * DCT from the creation-time TIMEX3 of the header, tags the raw content of <TEXT> and
 * scores the result as TempEval-3 task A: strict and relaxed (any overlap) extent F1, type
 * and value accuracy over relaxed matches, value F1 = relaxed F1 x value accuracy. Only the
 * TIMEX3 inside <TEXT> are gold.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <getopt.h>
#include <jansson.h>
#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>

#include "timeml.h"

static const char help[] =
    "Usage: crosscheck eval time [--format text|json] [--errors] [--models DIR] TIMEML_DIR\n"
    "\n"
    "Tags every .tml file of TIMEML_DIR (sorted by name) against its creation time and\n"
    "scores the time expressions as TempEval-3 task A: strict and relaxed extent F1,\n"
    "value accuracy and value F1 (relaxed F1 x value accuracy), type accuracy.\n"
    "\n"
    "  --format F   text (default: percentages) or json (keys relaxed_f1, strict_f1,\n"
    "               value_f1, value_accuracy, type_accuracy, n_gold, n_system)\n"
    "  --errors     also list misses, false alarms, wrong values and extents (to standard error)\n"
    "\n"
    "Example:\n"
    "  crosscheck eval time data/tempeval3/platinum\n";

typedef struct {
    size_t n_gold, n_system, strict_gold, strict_sys, relaxed_gold, relaxed_sys;
    size_t matched, value_ok, type_ok;
} scores;

static int overlaps(size_t a0, size_t a1, size_t b0, size_t b1) { return a0 < b1 && b0 < a1; }

static void report_error(const char *file, const tml_doc *d, const char *what, size_t s,
                         size_t e, const char *detail)
{
    fprintf(stderr, "%s\t%s\t%.*s\t%s\n", file, what, (int)(e - s), d->text.data + s, detail);
}

static void score_doc(scores *sc, const tml_doc *d, const cc_timex *t, size_t n,
                      const char *file, int errors)
{
    sc->n_gold += d->ngold;
    sc->n_system += n;
    for (size_t i = 0; i < d->ngold; i++) {
        const tml_timex *g = &d->gold[i];
        const cc_timex *match = NULL;
        for (size_t j = 0; j < n; j++) {
            if (t[j].span.start == g->start && t[j].span.end == g->end)
                sc->strict_gold++;
            if (!match && overlaps(g->start, g->end, t[j].span.start, t[j].span.end))
                match = &t[j];
        }
        if (!match) {
            if (errors)
                report_error(file, d, "MISS", g->start, g->end, g->value);
            continue;
        }
        sc->relaxed_gold++;
        sc->matched++;
        int vok = strcmp(match->value, g->value) == 0;
        sc->value_ok += vok;
        sc->type_ok += strcmp(cc_timex_type_name(match->type), g->type) == 0;
        if (errors && (!vok || strcmp(cc_timex_type_name(match->type), g->type) != 0)) {
            char detail[256];
            snprintf(detail, sizeof detail, "gold %s %s / system %s %s [%.*s] %s", g->type,
                     g->value, cc_timex_type_name(match->type), match->value,
                     (int)(match->span.end - match->span.start), d->text.data + match->span.start,
                     match->rule);
            report_error(file, d, "VALUE", g->start, g->end, detail);
        }
        if (errors && (match->span.start != g->start || match->span.end != g->end)) {
            char detail[256];
            snprintf(detail, sizeof detail, "system [%.*s] %s",
                     (int)(match->span.end - match->span.start), d->text.data + match->span.start,
                     match->rule);
            report_error(file, d, "EXTENT", g->start, g->end, detail);
        }
    }
    for (size_t j = 0; j < n; j++) {
        int strict = 0, relaxed = 0;
        for (size_t i = 0; i < d->ngold; i++) {
            strict |= t[j].span.start == d->gold[i].start && t[j].span.end == d->gold[i].end;
            relaxed |= overlaps(d->gold[i].start, d->gold[i].end, t[j].span.start, t[j].span.end);
        }
        sc->strict_sys += strict;
        sc->relaxed_sys += relaxed;
        if (errors && !relaxed)
            report_error(file, d, "FALSE", t[j].span.start, t[j].span.end, t[j].rule);
    }
}

static double f1(size_t hits_sys, size_t n_sys, size_t hits_gold, size_t n_gold)
{
    double p = n_sys ? (double)hits_sys / (double)n_sys : 0;
    double r = n_gold ? (double)hits_gold / (double)n_gold : 0;
    return p + r > 0 ? 2 * p * r / (p + r) : 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The .tml files of a directory, sorted. */
static char **list_tml(const char *dir, size_t *n)
{
    DIR *dp = opendir(dir);
    *n = 0;
    if (!dp)
        return NULL;
    char **names = NULL;
    size_t cap = 0;
    struct dirent *e;
    while ((e = readdir(dp))) {
        size_t l = strlen(e->d_name);
        if (l < 5 || strcmp(e->d_name + l - 4, ".tml") != 0)
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            char **p = realloc(names, cap * sizeof *p);
            if (!p)
                break;
            names = p;
        }
        names[(*n)++] = strdup(e->d_name);
    }
    closedir(dp);
    if (names)
        qsort(names, *n, sizeof *names, by_name);
    return names;
}

static void print_scores(FILE *f, const scores *sc, int json)
{
    double relaxed = f1(sc->relaxed_sys, sc->n_system, sc->relaxed_gold, sc->n_gold);
    double strict = f1(sc->strict_sys, sc->n_system, sc->strict_gold, sc->n_gold);
    double vacc = sc->matched ? (double)sc->value_ok / (double)sc->matched : 0;
    double tacc = sc->matched ? (double)sc->type_ok / (double)sc->matched : 0;
    if (!json) {
        fprintf(f, "gold %zu, system %zu, relaxed matches %zu\n", sc->n_gold, sc->n_system,
                sc->matched);
        fprintf(f, "strict F1      %6.2f\nrelaxed F1     %6.2f\nvalue accuracy %6.2f\n"
                   "value F1       %6.2f\ntype accuracy  %6.2f\n",
                100 * strict, 100 * relaxed, 100 * vacc, 100 * relaxed * vacc, 100 * tacc);
        return;
    }
    json_t *o = json_object();
    json_object_set_new(o, "relaxed_f1", json_real(100 * relaxed));
    json_object_set_new(o, "strict_f1", json_real(100 * strict));
    json_object_set_new(o, "value_f1", json_real(100 * relaxed * vacc));
    json_object_set_new(o, "value_accuracy", json_real(100 * vacc));
    json_object_set_new(o, "type_accuracy", json_real(100 * tacc));
    json_object_set_new(o, "n_gold", json_integer((json_int_t)sc->n_gold));
    json_object_set_new(o, "n_system", json_integer((json_int_t)sc->n_system));
    json_dumpf(o, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
    fputc('\n', f);
    json_decref(o);
}

static int eval_file(scores *sc, cc_context *ctx, const char *dir, const char *name, int errors)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    tml_doc d;
    int status = EXIT_OK;
    if (tml_read_file(&d, path) < 0)
        status = EXIT_INPUT;
    cc_timex *t = NULL;
    size_t n = 0;
    if (status == EXIT_OK &&
        cc_time_tag_text(&t, &n, ctx, d.text.data, d.text.len, d.dct.year ? &d.dct : NULL) < 0) {
        cli_error("%s: %s", path, cc_errmsg());
        status = EXIT_INPUT;
    }
    if (status == EXIT_OK)
        score_doc(sc, &d, t, n, name, errors);
    cc_timex_free(t, n);
    tml_doc_free(&d);
    return status;
}

int cmd_eval_time(int argc, char **argv)
{
    enum { OPT_ERRORS = OPT_FIRST_COMMAND_SPECIFIC };
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
                                             {"format", 1, NULL, OPT_FORMAT},
                                             {"errors", 0, NULL, OPT_ERRORS},
                                             {NULL, 0, NULL, 0}};
    cli_common common = CLI_COMMON_INIT;
    const char *format = "text";
    int errors = 0, opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
        int r = cli_common_option(&common, opt, optarg);
        if (r < 0)
            return EXIT_USAGE;
        if (r > 0)
            continue;
        if (opt == OPT_FORMAT)
            format = optarg;
        else if (opt == OPT_ERRORS)
            errors = 1;
        else if (opt == OPT_HELP) {
            fputs(help, stdout);
            return EXIT_OK;
        } else
            return cli_usage_error("eval time", "unknown option");
    }
    int json = strcmp(format, "json") == 0;
    if (!json && strcmp(format, "text") != 0)
        return cli_usage_error("eval time", "--format must be text or json, not '%s'", format);
    if (optind + 1 != argc)
        return cli_usage_error("eval time", "give one TIMEML_DIR");
    const char *dir = argv[optind];
    size_t nfiles;
    char **files = list_tml(dir, &nfiles);
    if (!files) {
        cli_error("%s: no .tml files (or not a readable directory)", dir);
        return EXIT_INPUT;
    }
    common.stages = CC_STAGE_TIME; /* no corpus: the gazetteer and the rest need not load */
    cc_context *ctx = cli_context(&common);
    int status = ctx ? EXIT_OK : EXIT_INPUT;
    scores sc = {0};
    for (size_t i = 0; i < nfiles && ctx; i++) {
        int st = eval_file(&sc, ctx, dir, files[i], errors);
        if (st != EXIT_OK)
            status = st;
    }
    if (ctx && status == EXIT_OK) {
        cli_out out;
        if (cli_out_open(&out, common.output) < 0)
            status = EXIT_INTERNAL;
        else {
            print_scores(out.f, &sc, json);
            status = cli_out_commit(&out);
        }
    }
    for (size_t i = 0; i < nfiles; i++)
        free(files[i]);
    free(files);
    cc_context_free(ctx);
    xmlCleanupParser();
    return status;
}
