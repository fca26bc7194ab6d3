/*
 * cmd_annotate.c: `crosscheck annotate WHAT ...`: the annotators' and reviewers' commands.
 * `lint` validates labelled pairs and reviewer verdicts (used by people before they commit
 * and by the gate); `agreement` compares two annotators' labels (Cohen's kappa). `pairs` (cmd_annotate_pairs.c) is the labelling loop
 * of DESIGN §7. `review` (cmd_annotate_review.c) records reviewers'
 * verdicts on a report's conflicts.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "cli.h"

static const char help[] =
    "Usage: crosscheck annotate lint [--quiet] FILE_OR_DIR...\n"
    "       crosscheck annotate agreement [--format text|json] FILE_A FILE_B\n"
    "       crosscheck annotate pairs --out FILE [--annotator NAME] [--batch] PATH...\n"
    "       crosscheck annotate review [--verdicts FILE] [--reviewer NAME] [--batch] REPORT\n"
    "       crosscheck annotate export [-o FILE] [--skip LABELS.tsv] PATH...\n"
    "       crosscheck annotate import --out FILE [--annotator NAME] EXPORTED.tsv\n"
    "\n"
    "Validates annotation files, telling labelled pairs from reviewer verdicts by their\n"
    "header, with one file:line message per problem:\n"
    "  pairs (annotations/pairs/*.tsv): columns label, text_a, text_b, source_a, source_b,\n"
    "    annotator, labeled_at (and optionally id, date_a, date_b, type); every line has\n"
    "    the header's column count; labels same | conflict | different; types of DESIGN\n"
    "    §6 or '-' (a conflict needs one); dates YYYY-MM-DD or unknown; ids unique across\n"
    "    the files; one annotator labelling the same pair differently twice is an error.\n"
    "  verdicts (annotations/verdicts.tsv): fingerprint, verdict (confirmed | dismissed),\n"
    "    reviewer, time (and note).\n"
    "  A row labelled 'retract' withdraws the earlier row with its id (an annotator's undo).\n"
    "  Any file: valid UTF-8, no NUL byte, a final newline (a file that ends in half a\n"
    "  line was cut off while being written).\n"
    "A directory stands for the .tsv files in it (sorted). Exit 0 when there is no error\n"
    "(warnings allowed), 3 when there is one.\n"
    "\n"
    "\n"
    "agreement: two annotators' pair files; the pairs both labelled (matched by their two\n"
    "texts, in either order, case and spacing ignored), Cohen's kappa over same / conflict /\n"
    "different, the confusion matrix (rows: FILE_A, columns: FILE_B) and every pair they\n"
    "disagree on with both labels and file:line.\n"
    "\n"
    "Examples:\n"
    "  crosscheck annotate lint annotations/pairs annotations/verdicts.tsv\n"
    "  crosscheck annotate agreement --format json alice.tsv bob.tsv\n";

static int strcmp_ptr(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A directory's .tsv files, sorted; *n of them. */
static char **tsv_files(const char *dir, size_t *n)
{
    *n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    char **out = NULL;
    size_t cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '.' || len < 5 || strcmp(e->d_name + len - 4, ".tsv") != 0)
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            char **p = realloc(out, cap * sizeof *p);
            if (!p)
                break;
            out = p;
        }
        size_t size = strlen(dir) + len + 2;
        if (!(out[*n] = malloc(size)))
            break;
        snprintf(out[*n], size, "%s/%s", dir, e->d_name);
        (*n)++;
    }
    closedir(d);
    if (out)
        qsort(out, *n, sizeof *out, strcmp_ptr);
    return out;
}

static int lint(int argc, char **argv)
{
    cli_common common = CLI_COMMON_INIT;
    int rc = cli_parse_options(argc, argv, "annotate lint", help, NULL, &common, NULL, NULL);
    if (rc >= 0)
        return rc;
    if (optind >= argc)
        return cli_usage_error("annotate lint", "no FILE given");
    common.stages = CC_STAGE_LOAD; /* only the context's diagnostics are needed */
    cc_context *ctx = cli_context(&common);
    if (!ctx)
        return EXIT_INPUT;
    cc_lint *l = NULL;
    if (cc_lint_new(&l, ctx) < 0) {
        cc_context_free(ctx);
        return EXIT_INTERNAL;
    }
    int status = EXIT_OK;
    for (int i = optind; i < argc && status == EXIT_OK; i++) {
        struct stat st;
        if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            size_t n;
            char **files = tsv_files(argv[i], &n);
            if (n == 0)
                cli_error("%s: no .tsv files in this directory", argv[i]);
            for (size_t k = 0; k < n; k++) {
                if (cc_lint_file(l, files[k]) == CC_ENOMEM)
                    status = EXIT_INTERNAL;
                free(files[k]);
            }
            free(files);
        } else if (cc_lint_file(l, argv[i]) == CC_ENOMEM)
            status = EXIT_INTERNAL;
    }
    if (status == EXIT_OK && cc_lint_errors(l))
        status = EXIT_INPUT;
    if (!common.diag.quiet)
        fprintf(stderr, "crosscheck annotate lint: %zu entries, %zu errors, %zu warnings\n",
                cc_lint_lines(l), cc_lint_errors(l), cc_lint_warnings(l));
    cc_lint_free(l);
    cc_context_free(ctx);
    return status;
}

static int format_option(int opt, const char *arg, void *data)
{
    if (opt != OPT_FORMAT)
        return 0;
    *(const char **)data = arg;
    return 1;
}

static void print_agreement_text(FILE *f, const cc_agreement *ag, const char *fa, const char *fb)
{
    fprintf(f, "pairs labelled by both: %zu\n", ag->n);
    if (ag->n == 0)
        return;
    fprintf(f, "observed agreement %.3f, chance %.3f, Cohen's kappa %.3f\n\n", ag->observed,
            ag->expected, ag->kappa);
    fprintf(f, "%-12s", "A \\ B");
    for (int j = 0; j < CC_AGREE_NLABELS; j++)
        fprintf(f, "%11s", cc_agreement_label(j));
    fputc('\n', f);
    for (int i = 0; i < CC_AGREE_NLABELS; i++) {
        fprintf(f, "%-12s", cc_agreement_label(i));
        for (int j = 0; j < CC_AGREE_NLABELS; j++)
            fprintf(f, "%11zu", ag->matrix[i][j]);
        fputc('\n', f);
    }
    if (ag->ndisagreements)
        fprintf(f, "\ndisagreements (A: %s, B: %s):\n", fa, fb);
    for (size_t i = 0; i < ag->ndisagreements; i++) {
        const cc_agreement_pair *d = &ag->disagreements[i];
        fprintf(f, "  %s:%ld %s / %s:%ld %s\n    %s\n    %s\n", d->a->path, d->a->line,
                d->a->label_name, d->b->path, d->b->line, d->b->label_name, d->a->text_a,
                d->a->text_b);
    }
}

static json_t *agreement_json(const cc_agreement *ag)
{
    json_t *o = json_object();
    json_object_set_new(o, "n", json_integer((json_int_t)ag->n));
    json_object_set_new(o, "kappa", json_real(ag->kappa));
    json_object_set_new(o, "observed", json_real(ag->observed));
    json_object_set_new(o, "expected", json_real(ag->expected));
    json_t *labels = json_array(), *matrix = json_array(), *dis = json_array();
    for (int i = 0; i < CC_AGREE_NLABELS; i++) {
        json_array_append_new(labels, json_string(cc_agreement_label(i)));
        json_t *row = json_array();
        for (int j = 0; j < CC_AGREE_NLABELS; j++)
            json_array_append_new(row, json_integer((json_int_t)ag->matrix[i][j]));
        json_array_append_new(matrix, row);
    }
    for (size_t i = 0; i < ag->ndisagreements; i++) {
        const cc_agreement_pair *d = &ag->disagreements[i];
        json_t *e = json_object();
        json_object_set_new(e, "text_a", json_string(d->a->text_a));
        json_object_set_new(e, "text_b", json_string(d->a->text_b));
        json_object_set_new(e, "label_a", json_string(d->a->label_name));
        json_object_set_new(e, "label_b", json_string(d->b->label_name));
        json_object_set_new(e, "line_a", json_integer(d->a->line));
        json_object_set_new(e, "line_b", json_integer(d->b->line));
        json_array_append_new(dis, e);
    }
    json_object_set_new(o, "labels", labels);
    json_object_set_new(o, "matrix", matrix);
    json_object_set_new(o, "disagreements", dis);
    return o;
}

static int agreement(int argc, char **argv)
{
    static const struct option extra[] = {{"format", 1, NULL, OPT_FORMAT}, {NULL, 0, NULL, 0}};
    cli_common common = CLI_COMMON_INIT;
    const char *format = "text";
    int rc = cli_parse_options(argc, argv, "annotate agreement", help, extra, &common,
                               format_option, &format);
    if (rc >= 0)
        return rc;
    int json = strcmp(format, "json") == 0;
    if (!json && strcmp(format, "text") != 0)
        return cli_usage_error("annotate agreement", "--format must be text or json");
    if (argc - optind != 2)
        return cli_usage_error("annotate agreement", "give exactly two pair files");
    cc_pairset *a = NULL, *b = NULL;
    cc_agreement ag;
    memset(&ag, 0, sizeof ag);
    int status = EXIT_OK;
    if (cc_pairset_new(&a) < 0 || cc_pairset_new(&b) < 0) {
        status = EXIT_INTERNAL;
    } else if (cc_pairset_add_file(a, argv[optind], CC_TASK_SAME_FACT) < 0 ||
               cc_pairset_add_file(b, argv[optind + 1], CC_TASK_SAME_FACT) < 0) {
        cli_error("%s", cc_errmsg());
        status = EXIT_INPUT;
    } else if (cc_agreement_compute(&ag, a, b) < 0) {
        cli_error("%s", cc_errmsg());
        status = EXIT_INTERNAL;
    }
    cli_out out;
    if (status == EXIT_OK && cli_out_open(&out, common.output) == 0) {
        if (json) {
            json_t *o = agreement_json(&ag);
            cli_json_line(out.f, o);
            json_decref(o);
        } else
            print_agreement_text(out.f, &ag, argv[optind], argv[optind + 1]);
        status = cli_out_commit(&out);
    }
    cc_agreement_free(&ag);
    cc_pairset_free(a);
    cc_pairset_free(b);
    return status;
}

int cmd_annotate(int argc, char **argv)
{
    if (argc < 2) {
        fputs(help, stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(help, stdout);
        return EXIT_OK;
    }
    if (strcmp(argv[1], "lint") == 0)
        return lint(argc - 1, argv + 1);
    if (strcmp(argv[1], "agreement") == 0)
        return agreement(argc - 1, argv + 1);
    if (strcmp(argv[1], "import") == 0)
        return cmd_annotate_import(argc - 1, argv + 1);
    if (strcmp(argv[1], "pairs") == 0 || strcmp(argv[1], "export") == 0)
        return cmd_annotate_pairs(argc - 1, argv + 1);
    if (strcmp(argv[1], "review") == 0)
        return cmd_annotate_review(argc - 1, argv + 1);
    return cli_usage_error("annotate",
                           "'%s' is not available (available: lint, agreement, pairs, review, "
                           "export, import)",
                           argv[1]);
}
